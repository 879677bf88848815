//! The vocabulary of error codes: every `code` a problem body or one of its field errors can
//! carry, and every `*_refusal` of a view, is one [`ErrorCode`]. Each variant says what it
//! means (its doc comment, which also fills the table in `docs/api.md`) and with which HTTP
//! status it comes ([`ErrorCode::status`]). On the wire a code is its snake_case name; a code
//! is never renamed or reused for another meaning.

use actix_web::http::StatusCode;
use serde::Serialize;
use strum::{EnumMessage, IntoEnumIterator};
use utoipa::ToSchema;

/// A stable, machine-readable condition in snake_case: the `code` of a problem, of a field
/// error, or of a refusal (`viewer.submit_refusal`). Clients switch on it, never on texts.
/// `docs/api.md` tells what each code means.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    ToSchema,
    strum::AsRefStr,
    strum::Display,
    strum::EnumIter,
    strum::EnumMessage,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[schema(example = "validation_failed")]
pub enum ErrorCode {
    // Signing in and staying signed in.
    /// Sign in to do this: the request has no `Authorization: Bearer` access token.
    Unauthenticated,
    /// The access token is not one the service signed, or has been tampered with.
    InvalidToken,
    /// The access token has expired; refresh it with the refresh token.
    TokenExpired,
    /// The session has ended (signed out, blocked, or its password changed); sign in again.
    SessionEnded,
    /// The refresh token is not valid; sign in again.
    InvalidRefreshToken,
    /// This refresh token was already used; the session has been ended for safety.
    RefreshTokenReused,
    /// The refresh token has expired; sign in again.
    RefreshTokenExpired,
    /// The email address or the password is wrong.
    InvalidCredentials,
    /// Too many failed logins for this account; `Retry-After` says when to try again.
    LoginLocked,
    /// This account is blocked.
    AccountBlocked,
    /// This action needs a role the signed-in user does not have.
    RoleRequired,

    // Accounts.
    /// An account with this email address already exists.
    EmailTaken,
    /// Registration is open only to addresses of the configured email domains.
    EmailDomainNotAllowed,
    /// The password must not be the email address.
    PasswordEqualsEmail,
    /// The password is too easy to guess; use a longer passphrase of several unrelated words.
    PasswordTooWeak,
    /// The new password must differ from the current one.
    PasswordUnchanged,
    /// The current password is wrong.
    WrongCurrentPassword,
    /// An admin cannot block themselves, remove their own admin role, or erase their own account
    /// through `DELETE /users/{id}` (`DELETE /me` does, with the password).
    SelfLockout,
    /// A `blocked_reason` is given only together with `"blocked": true`.
    BlockedReasonRequiresBlock,

    // Organisations.
    /// No organisation has this id.
    UnknownOrganisation,
    /// An organisation with this code already exists.
    OrganisationCodeTaken,
    /// This email domain already belongs to another organisation.
    EmailDomainTaken,

    // Calls.
    /// The call's times must run `opens_at` < `submissions_close_at` <= `voting_closes_at`.
    WindowOrder,
    /// A call with this slug already exists.
    SlugTaken,
    /// The call is archived.
    CallArchived,
    /// The call does not take submissions or edits now.
    CallNotOpen,
    /// The call does not take thumbs now.
    CallNotAcceptingThumbs,
    /// The call does not take comments now.
    CallNotAcceptingComments,

    // Proposals, thumbs and comments.
    /// You cannot thumb your own proposal.
    OwnProposal,
    /// The proposal has been withdrawn.
    ProposalWithdrawn,
    /// The proposal is hidden.
    ProposalHidden,
    /// You have reached this call's limit of proposals or thumbs.
    LimitReached,
    /// Only its author may do this.
    NotAuthor,
    /// The theme is not one of this call's themes.
    ThemeNotInCall,
    /// The comment has been deleted.
    CommentDeleted,
    /// The comment replied to is not on this proposal.
    ParentNotOnProposal,

    // Moderation and personal data.
    /// You have already reported this proposal or comment; a report counts once per person.
    AlreadyReported,
    /// You cannot report your own content.
    OwnContent,
    /// The content is not shown (hidden, pending or rejected), so it cannot be reported.
    ContentNotVisible,
    /// The moderation action does not apply to the item in its present state (for example,
    /// restoring content that is not hidden, or approving a comment).
    ActionNotApplicable,
    /// The item has no open reports to dismiss.
    NoOpenReports,
    /// This moderation action cannot be appealed: it did not take content away, or it no
    /// longer stands.
    NotAppealable,
    /// This moderation action has already been appealed; an action is appealed once.
    AlreadyAppealed,
    /// An appeal is decided by another moderator than the one who took the action.
    OwnModerationAction,
    /// This appeal has already been decided.
    AppealDecided,
    /// The password given to confirm the action (deleting one's account) is wrong.
    WrongPassword,
    /// The last admin cannot be deleted or erased; make someone else admin first.
    LastAdmin,

    // Evaluation, decisions and pilots.
    /// You are not assigned to evaluate this call; an admin assigns evaluators per call.
    NotAssigned,
    /// You have declared a conflict of interest on this proposal, so you cannot review it.
    ConflictOfInterest,
    /// The call does not take reviews or decisions now (reviews run in `review`, and in `voting` when the call allows it; results are published from `review`).
    CallNotInReview,
    /// The call's evaluation criteria cannot change once the first review has been submitted.
    CriteriaLocked,
    /// The call has no evaluation criteria yet, so its proposals cannot be scored.
    NoCriteria,
    /// A review is submitted with a score (1–5) on every criterion of the call and a recommendation.
    ReviewIncomplete,
    /// This review has been submitted and can no longer change: its author has seen the other evaluators' scores.
    ReviewSubmitted,
    /// The call's results have already been published.
    ResultsPublished,
    /// This proposal cannot get a decision: it is withdrawn, merged, or not shown (pending, hidden or rejected).
    ProposalNotDecidable,
    /// These proposals cannot be merged: a proposal is merged into another proposal of the same call that is itself neither merged nor withdrawn.
    NotMergeable,
    /// A pilot is made from proposals selected in published results.
    ProposalNotSelected,
    /// Only the pilot's team (or an admin) may do this.
    NotPilotTeam,
    /// The user does not hold the evaluator role; grant it first.
    UserNotEvaluator,
    /// The proposal has been merged into another: thumb and comment on that one (`merged_into`).
    ProposalMerged,
    /// Confirm your email address first: open the link sent to it (`POST /me/verification-email` sends a new one). Until then an account reads and signs in but does not submit, thumb, comment or report.
    EmailUnverified,
    /// The email link is unknown or was already used (each works once).
    LinkInvalid,
    /// The email link has expired; ask for a new one.
    LinkExpired,
    /// The email address is already confirmed.
    EmailAlreadyVerified,
    /// An email of this kind was sent a moment ago; `Retry-After` says when another may be asked for.
    EmailRecentlySent,
    /// This email domain signs in with single sign-on (`/auth/sso/start`), not with a password.
    PasswordLoginDisabled,
    /// The organisation is not one of those of the account's verified email domain (an admin may set any).
    OrganisationNotAllowed,
    /// Accept the current terms of use and privacy notice first (`POST /me/legal-acceptance`).
    TermsNotAccepted,
    /// Single sign-on is not configured on this server.
    SsoNotConfigured,
    /// The single sign-on attempt is unknown, used or expired (its `state`); start again.
    SsoStateInvalid,
    /// The identity provider's answer did not verify (code exchange, signature, issuer, audience, nonce or expiry).
    SsoTokenInvalid,
    /// The identity provider has not verified the account's email address, so it cannot sign in to Siilo.
    SsoEmailUnverified,
    /// An unconfirmed Siilo account holds this email address: confirm it by its link (or ask an admin) before signing in with single sign-on.
    SsoEmailTaken,
    /// The identity provider cannot be reached or answered with an error; try again later.
    SsoProviderUnavailable,
    /// The parent organisation cannot be set: it must be a top-level organisation (a ministry) other than this one, and an organisation that has agencies of its own cannot become an agency.
    OrganisationParentInvalid,
    /// This email address is already invited to co-author the proposal, or already co-authors it.
    CoauthorAlreadyInvited,
    /// The proposal's author cannot be invited to co-author it.
    CoauthorNotAllowed,
    /// The proposal has as many co-authors and open invitations as it may have (the limit is in the operation's description); remove one first.
    CoauthorLimitReached,
    /// This co-author invitation has already been answered.
    InvitationAnswered,
    /// Only an admin or a manager of this call (or of the organisation that hosts it) may do this.
    NotCallManager,
    /// Speaking on behalf of an organisation needs an organisation on your account: confirm your email address or pick your organisation in your profile.
    OrganisationRequired,

    // The request itself.
    /// There is nothing here, or nothing the viewer may see.
    NotFound,
    /// The path exists, but not with this method; `Allow` lists the methods it has.
    MethodNotAllowed,
    /// The body is not one well-formed JSON document.
    MalformedJson,
    /// The request body could not be read.
    UnreadableBody,
    /// The body must be sent as `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the service takes.
    PayloadTooLarge,
    /// The request has invalid fields: `errors` names each with its own code.
    ValidationFailed,
    /// Too many requests; `Retry-After` says how many seconds to wait.
    RateLimited,

    // Field errors: only in `errors` of a `validation_failed`.
    /// The field is missing, empty or blank.
    Required,
    /// The text is too short or too long; `min` and `max` give the limits in characters.
    Length,
    /// The number is out of range; `min` and `max` give the limits.
    Range,
    /// The value is not an email address.
    Email,
    /// The value has the wrong JSON type (an array where an object belongs, text for a number).
    InvalidType,
    /// The request has no such field: requests are strict.
    UnknownField,
    /// A text, query parameter or path segment holds a control character; tab and line breaks
    /// are allowed only in multi-line texts.
    ControlCharacter,
    /// A query parameter does not parse.
    InvalidQuery,
    /// The `cursor` is not one this list gave out.
    InvalidCursor,
    /// `sort=relevance` orders by how well proposals match the search: it needs `q`.
    SearchRequired,
    /// The slug must be 3–80 lower-case letters, digits and single dashes.
    InvalidSlug,
    /// An organisation code must be 2–12 capital letters, digits or dashes, starting with a
    /// letter.
    InvalidCode,
    /// An abbreviation must be 1–20 letters, digits, dashes or dots, starting with a letter.
    InvalidShortName,
    /// The value is not a domain name such as `vm.fi`.
    InvalidDomain,
    /// A review names a criterion that is not one of its call's, or names one twice.
    UnknownCriterion,

    // The service.
    /// Something went wrong on the service's side; it has been logged.
    Internal,
    /// The database does not answer (gone, restarting or too busy); `Retry-After` says when to
    /// try again.
    DatabaseUnavailable,
}

/// Where a code appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// As the `code` of a problem with this status (and, for a refusal about one field, also
    /// in its `errors`).
    Problem(StatusCode),
    /// Only as the `code` of a field error, in the `errors` of a 422 `validation_failed`.
    Field,
}

impl ErrorCode {
    /// Where the code appears, and with which status.
    pub fn scope(self) -> Scope {
        use ErrorCode as C;
        use Scope::{Field, Problem};
        match self {
            C::Unauthenticated
            | C::InvalidToken
            | C::TokenExpired
            | C::SessionEnded
            | C::InvalidRefreshToken
            | C::RefreshTokenReused
            | C::RefreshTokenExpired
            | C::InvalidCredentials
            | C::SsoTokenInvalid => Problem(StatusCode::UNAUTHORIZED),
            C::AccountBlocked
            | C::RoleRequired
            | C::OwnProposal
            | C::NotAuthor
            | C::OwnContent
            | C::OwnModerationAction
            | C::WrongPassword
            | C::NotAssigned
            | C::ConflictOfInterest
            | C::NotPilotTeam
            | C::EmailUnverified
            | C::PasswordLoginDisabled
            | C::TermsNotAccepted
            | C::SsoEmailUnverified
            | C::NotCallManager => Problem(StatusCode::FORBIDDEN),
            C::NotFound | C::SsoNotConfigured => Problem(StatusCode::NOT_FOUND),
            C::MethodNotAllowed => Problem(StatusCode::METHOD_NOT_ALLOWED),
            C::EmailTaken
            | C::SelfLockout
            | C::OrganisationCodeTaken
            | C::EmailDomainTaken
            | C::SlugTaken
            | C::CallArchived
            | C::CallNotOpen
            | C::CallNotAcceptingThumbs
            | C::CallNotAcceptingComments
            | C::ProposalWithdrawn
            | C::ProposalHidden
            | C::LimitReached
            | C::CommentDeleted
            | C::AlreadyReported
            | C::ContentNotVisible
            | C::ActionNotApplicable
            | C::NoOpenReports
            | C::NotAppealable
            | C::AlreadyAppealed
            | C::AppealDecided
            | C::LastAdmin
            | C::CallNotInReview
            | C::CriteriaLocked
            | C::NoCriteria
            | C::ReviewSubmitted
            | C::ResultsPublished
            | C::ProposalNotDecidable
            | C::NotMergeable
            | C::ProposalNotSelected
            | C::UserNotEvaluator
            | C::ProposalMerged
            | C::EmailAlreadyVerified
            | C::SsoEmailTaken
            | C::CoauthorAlreadyInvited
            | C::CoauthorLimitReached
            | C::InvitationAnswered => Problem(StatusCode::CONFLICT),
            C::EmailDomainNotAllowed
            | C::PasswordEqualsEmail
            | C::PasswordTooWeak
            | C::PasswordUnchanged
            | C::WrongCurrentPassword
            | C::BlockedReasonRequiresBlock
            | C::UnknownOrganisation
            | C::WindowOrder
            | C::ThemeNotInCall
            | C::ParentNotOnProposal
            | C::ValidationFailed
            | C::ReviewIncomplete
            | C::OrganisationNotAllowed
            | C::OrganisationParentInvalid
            | C::CoauthorNotAllowed
            | C::OrganisationRequired => Problem(StatusCode::UNPROCESSABLE_ENTITY),
            C::MalformedJson | C::UnreadableBody | C::LinkInvalid | C::SsoStateInvalid => {
                Problem(StatusCode::BAD_REQUEST)
            }
            C::LinkExpired => Problem(StatusCode::GONE),
            C::SsoProviderUnavailable => Problem(StatusCode::BAD_GATEWAY),
            C::UnsupportedMediaType => Problem(StatusCode::UNSUPPORTED_MEDIA_TYPE),
            C::PayloadTooLarge => Problem(StatusCode::PAYLOAD_TOO_LARGE),
            C::LoginLocked | C::RateLimited | C::EmailRecentlySent => Problem(StatusCode::TOO_MANY_REQUESTS),
            C::Internal => Problem(StatusCode::INTERNAL_SERVER_ERROR),
            C::DatabaseUnavailable => Problem(StatusCode::SERVICE_UNAVAILABLE),
            C::Required
            | C::Length
            | C::Range
            | C::Email
            | C::InvalidType
            | C::UnknownField
            | C::ControlCharacter
            | C::InvalidQuery
            | C::InvalidCursor
            | C::SearchRequired
            | C::InvalidSlug
            | C::InvalidCode
            | C::InvalidShortName
            | C::InvalidDomain
            | C::UnknownCriterion => Field,
        }
    }

    /// The status of a response that carries this code: its problem's own, or 422 for a
    /// code that only names a field's problem.
    pub fn status(self) -> StatusCode {
        match self.scope() {
            Scope::Problem(status) => status,
            Scope::Field => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// What the code means, in English: its doc comment on one line.
    pub fn meaning(self) -> String {
        self.get_documentation().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Where the generated tables begin and end in `docs/api.md`.
const GUIDE_BEGIN: &str =
    "<!-- error-codes:begin (generated by `make api-docs` from the server's ErrorCode) -->";
const GUIDE_END: &str = "<!-- error-codes:end -->";

/// The tables of codes for `docs/api.md`: the problem codes with their status, then the codes
/// that only name a field's problem; each sorted by code.
pub fn guide_tables() -> String {
    let mut codes: Vec<ErrorCode> = ErrorCode::iter().collect();
    codes.sort_by_key(|c| c.as_ref().to_owned());
    let meaning = |c: &ErrorCode| c.meaning().replace('|', "\\|");
    let mut out = String::from("| `code` | status | meaning |\n| --- | --- | --- |\n");
    for c in &codes {
        if let Scope::Problem(status) = c.scope() {
            out.push_str(&format!("| `{c}` | {} | {} |\n", status.as_u16(), meaning(c)));
        }
    }
    out.push_str(
        "\nA field in `errors` has its own `code`: the code of a refusal about that field (such as\n\
         `email_taken` on `email`), or one of these, which only name a field's problem in the\n\
         `errors` of a 422 `validation_failed`:\n\n| `code` | meaning |\n| --- | --- |\n",
    );
    for c in codes.iter().filter(|c| c.scope() == Scope::Field) {
        out.push_str(&format!("| `{c}` | {} |\n", meaning(c)));
    }
    out
}

/// `guide` with its tables of codes replaced by [`guide_tables`].
pub fn with_guide_tables(guide: &str) -> Result<String, String> {
    let (Some(start), Some(end)) = (guide.find(GUIDE_BEGIN), guide.find(GUIDE_END)) else {
        return Err(format!("the guide lacks the markers {GUIDE_BEGIN} … {GUIDE_END}"));
    };
    if end < start {
        return Err("the guide's end marker comes before its begin marker".into());
    }
    let before = guide.get(..start + GUIDE_BEGIN.len()).unwrap_or_default();
    let after = guide.get(end..).unwrap_or_default();
    Ok(format!("{before}\n{}{after}", guide_tables()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes as clients have always received them: renaming one breaks every client
    /// that switches on it, so the list only grows.
    const WIRE: [&str; 107] = [
        "unauthenticated",
        "invalid_token",
        "token_expired",
        "session_ended",
        "invalid_refresh_token",
        "refresh_token_reused",
        "refresh_token_expired",
        "invalid_credentials",
        "login_locked",
        "account_blocked",
        "role_required",
        "email_taken",
        "email_domain_not_allowed",
        "password_equals_email",
        "password_too_weak",
        "password_unchanged",
        "wrong_current_password",
        "self_lockout",
        "blocked_reason_requires_block",
        "unknown_organisation",
        "organisation_code_taken",
        "email_domain_taken",
        "window_order",
        "slug_taken",
        "call_archived",
        "call_not_open",
        "call_not_accepting_thumbs",
        "call_not_accepting_comments",
        "own_proposal",
        "proposal_withdrawn",
        "proposal_hidden",
        "limit_reached",
        "not_author",
        "theme_not_in_call",
        "comment_deleted",
        "parent_not_on_proposal",
        "already_reported",
        "own_content",
        "content_not_visible",
        "action_not_applicable",
        "no_open_reports",
        "not_appealable",
        "already_appealed",
        "own_moderation_action",
        "appeal_decided",
        "wrong_password",
        "last_admin",
        "not_assigned",
        "conflict_of_interest",
        "call_not_in_review",
        "criteria_locked",
        "no_criteria",
        "review_incomplete",
        "review_submitted",
        "results_published",
        "proposal_not_decidable",
        "not_mergeable",
        "proposal_not_selected",
        "not_pilot_team",
        "user_not_evaluator",
        "proposal_merged",
        "email_unverified",
        "link_invalid",
        "link_expired",
        "email_already_verified",
        "email_recently_sent",
        "password_login_disabled",
        "organisation_not_allowed",
        "terms_not_accepted",
        "sso_not_configured",
        "sso_state_invalid",
        "sso_token_invalid",
        "sso_email_unverified",
        "sso_email_taken",
        "sso_provider_unavailable",
        "organisation_parent_invalid",
        "coauthor_already_invited",
        "coauthor_not_allowed",
        "coauthor_limit_reached",
        "invitation_answered",
        "not_call_manager",
        "organisation_required",
        "not_found",
        "method_not_allowed",
        "malformed_json",
        "unreadable_body",
        "unsupported_media_type",
        "payload_too_large",
        "validation_failed",
        "rate_limited",
        "required",
        "length",
        "range",
        "email",
        "invalid_type",
        "unknown_field",
        "control_character",
        "invalid_query",
        "invalid_cursor",
        "search_required",
        "invalid_slug",
        "invalid_code",
        "invalid_short_name",
        "invalid_domain",
        "unknown_criterion",
        "internal",
        "database_unavailable",
    ];

    #[test]
    fn each_code_goes_on_the_wire_as_its_snake_case_name_and_parses_back() {
        let codes: Vec<ErrorCode> = ErrorCode::iter().collect();
        let names: Vec<&str> = codes.iter().map(|c| c.as_ref()).collect();
        assert_eq!(names, WIRE);
        for code in codes {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::Value::String(code.as_ref().to_owned()));
            assert_eq!(code.to_string(), code.as_ref());
            assert_eq!(code.as_ref().parse::<ErrorCode>().unwrap(), code);
        }
    }

    #[test]
    fn each_code_says_what_it_means() {
        for code in ErrorCode::iter() {
            let meaning = code.meaning();
            assert!(meaning.ends_with('.') && meaning.len() > 15, "{code}: {meaning:?}");
        }
    }

    #[test]
    fn the_contract_names_every_code_in_its_error_code_enum() {
        let doc = serde_json::to_value(crate::openapi::document()).unwrap();
        let listed: Vec<&str> = doc["components"]["schemas"]["ErrorCode"]["enum"]
            .as_array()
            .expect("the contract has an ErrorCode enum")
            .iter()
            .filter_map(serde_json::Value::as_str)
            .collect();
        assert_eq!(listed, WIRE);
        for (schema, field) in [("Problem", "code"), ("FieldError", "code")] {
            assert_eq!(
                doc["components"]["schemas"][schema]["properties"][field]["$ref"],
                "#/components/schemas/ErrorCode",
                "{schema}.{field}"
            );
        }
    }

    #[test]
    fn the_guide_has_the_current_tables_with_every_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/api.md");
        let guide = std::fs::read_to_string(path).unwrap();
        assert!(
            with_guide_tables(&guide).unwrap() == guide,
            "docs/api.md has stale tables of error codes: run `make api-docs`"
        );
        let tables = guide_tables();
        for code in ErrorCode::iter() {
            let row = match code.scope() {
                Scope::Problem(status) => format!("| `{code}` | {} | ", status.as_u16()),
                Scope::Field => format!("| `{code}` | "),
            };
            assert_eq!(tables.matches(&row).count(), 1, "{row}");
        }
    }

    #[test]
    fn a_field_code_comes_in_a_422() {
        assert_eq!(ErrorCode::Length.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(ErrorCode::NotAuthor.status(), StatusCode::FORBIDDEN);
    }
}
