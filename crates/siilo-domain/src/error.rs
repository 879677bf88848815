//! The refusals of the rules, one variant per stable error code.

use std::time::Duration;

use crate::roles::Role;

/// Why a rule said no. The server maps each variant to a status and a snake_case `code`
/// with an exhaustive match, so a new variant does not compile until it has an HTTP meaning.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("an account with this email address already exists")]
    EmailTaken,
    #[error("registration is open only to addresses of the configured email domains")]
    EmailDomainNotAllowed,
    #[error("the password must not be the email address")]
    PasswordEqualsEmail,
    #[error("the password is too easy to guess; use a longer passphrase of several unrelated words")]
    PasswordTooWeak { field: &'static str },
    #[error("the new password must differ from the current one")]
    PasswordUnchanged,
    #[error("the email address or the password is wrong")]
    InvalidCredentials,
    #[error("the current password is wrong")]
    WrongCurrentPassword,
    #[error("this account is blocked")]
    AccountBlocked,
    #[error("too many failed logins for this account; try again later")]
    LoginLocked { retry_after: Duration },
    #[error("this action needs the {0} role")]
    RoleRequired(Role),
    #[error(
        "an admin cannot block themselves, remove their own admin role, or erase their own account as an admin (DELETE /me does, with the password)"
    )]
    SelfLockout,
    #[error("a blocked_reason is given only together with \"blocked\": true")]
    BlockReasonWithoutBlock,
    #[error("the session has ended; sign in again")]
    SessionEnded,
    #[error("this refresh token was already used; the session has been ended for safety")]
    RefreshTokenReused,
    #[error("the refresh token has expired; sign in again")]
    RefreshTokenExpired,
    #[error("no organisation has this id")]
    UnknownOrganisation,
    #[error("an organisation with this code already exists")]
    OrganisationCodeTaken,
    #[error("this email domain already belongs to another organisation")]
    EmailDomainTaken,
    #[error("the call's times must run opens_at < submissions_close_at <= voting_closes_at")]
    WindowOrder { field: &'static str },
    #[error("a call with this slug already exists")]
    SlugTaken,
    #[error("the call is archived")]
    CallArchived,
    #[error("the call does not take submissions or edits now")]
    CallNotOpen,
    #[error("the call does not take thumbs now")]
    CallNotAcceptingThumbs,
    #[error("the call does not take comments now")]
    CallNotAcceptingComments,
    #[error("you cannot thumb your own proposal")]
    OwnProposal,
    #[error("the proposal has been withdrawn")]
    ProposalWithdrawn,
    #[error("the proposal is hidden")]
    ProposalHidden,
    #[error("you have reached this call's limit")]
    LimitReached,
    #[error("only its author may do this")]
    NotAuthor,
    #[error("the theme is not one of this call's themes")]
    ThemeNotInCall,
    #[error("the comment has been deleted")]
    CommentDeleted,
    #[error("the comment replied to is not on this proposal")]
    ParentNotOnProposal,
    #[error("sign in to do this")]
    SignInRequired,
    #[error("you have already reported this")]
    AlreadyReported,
    #[error("you cannot report your own content")]
    OwnContent,
    #[error("this content is not shown (hidden, pending or rejected), so it cannot be reported")]
    ContentNotVisible,
    #[error("this action does not apply to the item in its present state")]
    ActionNotApplicable,
    #[error("the item has no open reports to dismiss")]
    NoOpenReports,
    #[error("this action cannot be appealed (it does not take content away, or no longer stands)")]
    NotAppealable,
    #[error("this action has already been appealed")]
    AlreadyAppealed,
    #[error("an appeal is decided by another moderator than the one who acted")]
    OwnModerationAction,
    #[error("this appeal has already been decided")]
    AppealDecided,
    #[error("the password is wrong")]
    WrongPassword,
    #[error("the last admin cannot be deleted; make someone else admin first")]
    LastAdmin,
    #[error("you are not an evaluator of this call")]
    NotAssigned,
    #[error("you have declared a conflict of interest on this proposal")]
    ConflictOfInterest,
    #[error("the call does not take reviews now")]
    CallNotInReview,
    #[error("the criteria cannot change once a review has been submitted")]
    CriteriaLocked,
    #[error("the call has no evaluation criteria yet")]
    NoCriteria,
    #[error("a review is submitted with a score on every criterion and a recommendation")]
    ReviewIncomplete,
    #[error("this review has been submitted and can no longer change")]
    ReviewSubmitted,
    #[error("the call's results have already been published")]
    ResultsPublished,
    #[error("this proposal cannot be decided (withdrawn, merged, or not shown)")]
    ProposalNotDecidable,
    #[error("these proposals cannot be merged")]
    NotMergeable,
    #[error("a pilot is made from selected proposals whose results are published")]
    ProposalNotSelected,
    #[error("only the pilot's team may do this")]
    NotPilotTeam,
    #[error("the user does not hold the evaluator role")]
    UserNotEvaluator,
    #[error("the proposal has been merged into another")]
    ProposalMerged,
    #[error(
        "confirm your email address first: open the link we sent (POST /me/verification-email sends it again)"
    )]
    EmailUnverified,
    #[error("this link does not work: it is unknown or was already used")]
    LinkInvalid,
    #[error("this link has expired; ask for a new one")]
    LinkExpired,
    #[error("the email address is already confirmed")]
    EmailAlreadyVerified,
    #[error("an email was sent a moment ago; wait before asking for another")]
    EmailRecentlySent { retry_after: Duration },
    #[error("this email domain signs in with single sign-on, not a password")]
    PasswordLoginDisabled,
    #[error("this organisation is not one of those of your verified email address's domain")]
    OrganisationNotAllowed,
    #[error("accept the current terms of use and privacy notice first")]
    TermsNotAccepted,
    #[error("single sign-on is not configured")]
    SsoNotConfigured,
    #[error("the sign-in attempt is unknown, used or expired; start again")]
    SsoStateInvalid,
    #[error("the identity provider's answer did not verify")]
    SsoTokenInvalid,
    #[error("the identity provider has not verified this email address")]
    SsoEmailUnverified,
    #[error("an unconfirmed account holds this email address; confirm it by its link or ask an admin")]
    SsoEmailTaken,
    #[error("the identity provider cannot be reached")]
    SsoProviderUnavailable,
    #[error(
        "an agency belongs to a ministry's branch: the parent must be a top-level organisation other than itself, and an organisation with agencies of its own cannot get a parent"
    )]
    OrganisationParentInvalid,
    #[error("this address is already invited to co-author the proposal, or already co-authors it")]
    CoauthorAlreadyInvited,
    #[error("the proposal's author cannot be invited as its co-author")]
    CoauthorNotAllowed,
    #[error("the proposal has as many co-authors and open invitations as it may have")]
    CoauthorLimitReached,
    #[error("this invitation has already been answered")]
    InvitationAnswered,
    #[error("only an admin or a manager of this call may do this")]
    NotCallManager,
    #[error("speaking on behalf of an organisation needs an organisation on your account")]
    OrganisationRequired,
}

impl DomainError {
    /// The request field a refusal is about, when it is about one: clients show the message
    /// next to that field.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::EmailTaken | Self::EmailDomainNotAllowed => Some("email"),
            Self::PasswordEqualsEmail => Some("password"),
            Self::PasswordUnchanged => Some("new_password"),
            Self::WrongCurrentPassword => Some("current_password"),
            Self::UnknownOrganisation => Some("organisation_id"),
            Self::OrganisationCodeTaken => Some("code"),
            Self::EmailDomainTaken => Some("email_domains"),
            Self::WindowOrder { field } | Self::PasswordTooWeak { field } => Some(field),
            Self::SlugTaken => Some("slug"),
            Self::ThemeNotInCall => Some("theme_id"),
            Self::BlockReasonWithoutBlock => Some("blocked_reason"),
            Self::ParentNotOnProposal => Some("parent_id"),
            Self::WrongPassword => Some("password"),
            Self::ReviewIncomplete => Some("scores"),
            Self::OrganisationNotAllowed => Some("organisation_id"),
            Self::OrganisationParentInvalid => Some("parent_id"),
            Self::CoauthorAlreadyInvited => Some("email"),
            Self::CoauthorNotAllowed => Some("email"),
            Self::OrganisationRequired => Some("on_behalf"),
            Self::InvalidCredentials
            | Self::AccountBlocked
            | Self::LoginLocked { .. }
            | Self::RoleRequired(_)
            | Self::SelfLockout
            | Self::SessionEnded
            | Self::RefreshTokenReused
            | Self::RefreshTokenExpired
            | Self::CallArchived
            | Self::CallNotOpen
            | Self::CallNotAcceptingThumbs
            | Self::CallNotAcceptingComments
            | Self::SignInRequired
            | Self::OwnProposal
            | Self::ProposalWithdrawn
            | Self::ProposalHidden
            | Self::LimitReached
            | Self::NotAuthor
            | Self::CommentDeleted
            | Self::AlreadyReported
            | Self::OwnContent
            | Self::ContentNotVisible
            | Self::ActionNotApplicable
            | Self::NoOpenReports
            | Self::NotAppealable
            | Self::AlreadyAppealed
            | Self::OwnModerationAction
            | Self::AppealDecided
            | Self::LastAdmin
            | Self::NotAssigned
            | Self::ConflictOfInterest
            | Self::CallNotInReview
            | Self::CriteriaLocked
            | Self::NoCriteria
            | Self::ReviewSubmitted
            | Self::ResultsPublished
            | Self::ProposalNotDecidable
            | Self::NotMergeable
            | Self::ProposalNotSelected
            | Self::NotPilotTeam
            | Self::UserNotEvaluator
            | Self::ProposalMerged
            | Self::EmailUnverified
            | Self::LinkInvalid
            | Self::LinkExpired
            | Self::EmailAlreadyVerified
            | Self::EmailRecentlySent { .. }
            | Self::PasswordLoginDisabled
            | Self::TermsNotAccepted
            | Self::SsoNotConfigured
            | Self::SsoStateInvalid
            | Self::SsoTokenInvalid
            | Self::SsoEmailUnverified
            | Self::SsoEmailTaken
            | Self::SsoProviderUnavailable
            | Self::CoauthorLimitReached
            | Self::InvitationAnswered
            | Self::NotCallManager => None,
        }
    }
}
