//! Moderation: reports by participants, the threshold that hides reported content at once,
//! moderators' actions (always with a reason), appeals decided by another moderator, and the
//! append-only log of it all.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::notifications::NotificationKind;
use crate::proposals::{Audience, Visibility};
use crate::{DomainError, UserId};

/// Longest reason, report note, public note or appeal text, in characters.
pub const TEXT_MAX_CHARS: u64 = 1000;

/// Why something was reported; also the category a tombstone shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum ReportReason {
    Spam,
    Offensive,
    PersonalData,
    OffTopic,
    Other,
}

/// What can be reported and moderated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum ContentKind {
    Proposal,
    Comment,
}

/// What a log entry is about: content, or an account (blocks, roles, erasure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum LogTarget {
    Proposal,
    Comment,
    User,
    Call,
}

impl From<ContentKind> for LogTarget {
    fn from(k: ContentKind) -> Self {
        match k {
            ContentKind::Proposal => LogTarget::Proposal,
            ContentKind::Comment => LogTarget::Comment,
        }
    }
}

/// Where a report stands: open until a moderator decides on its item; `upheld` when the
/// item was hidden or rejected, `dismissed` when the moderator found nothing wrong (the same
/// reports can then never hide the item again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum ReportStatus {
    Open,
    Upheld,
    Dismissed,
}

/// What a moderator can do to an item (`POST /moderation/actions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum ModeratorAction {
    /// Hide visible content: a tombstone shows in its place. On content that reports hid
    /// automatically, it confirms the hide with the moderator's reason.
    Hide,
    /// Bring hidden content back, thumbs and comments intact; its open reports are dismissed.
    Restore,
    /// Let a pending proposal show.
    Approve,
    /// Keep a pending proposal from the call.
    Reject,
    /// Clear an item's open reports: they can never hide it again.
    DismissReports,
}

/// Every kind of entry in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum LogAction {
    Hide,
    /// Reports from distinct users reached the call's threshold (no actor).
    AutoHide,
    Restore,
    Approve,
    Reject,
    DismissReports,
    /// An appeal was decided and the action stands.
    AppealUpheld,
    /// An appeal was decided and the action was reversed.
    AppealOverturned,
    Block,
    Unblock,
    RolesChanged,
    AccountErased,
    /// A duplicate proposal was merged into another (target: the merged proposal; `data`
    /// names the one it went into).
    Merge,
    /// An evaluator was assigned to a call (target: the user).
    EvaluatorAssigned,
    /// An evaluator was removed from a call (target: the user).
    EvaluatorRemoved,
    /// A call's results were published (target: the call).
    ResultsPublished,
    /// An admin placed a user in another organisation (target: the user; `data` has the
    /// organisation ids before and after, `null` for none).
    OrganisationChanged,
    /// A call was created, by an admin or an organisation's call manager (target: the call).
    CallCreated,
    /// A call's texts, window, settings or host organisation changed (target: the call;
    /// `data.fields` names the fields changed).
    CallUpdated,
    /// A call was published (target: the call).
    CallPublished,
    /// A call was archived (target: the call).
    CallArchived,
    /// A theme of a call was added, changed or deleted (target: the call; `data` has the
    /// `change` and the `theme_id`).
    ThemesChanged,
    /// A call's evaluation criteria were replaced (target: the call; `data.count`).
    CriteriaChanged,
    /// A user was made a call manager (target: the user; `data` has the scope, `call_id` or
    /// `organisation_id`).
    CallManagerGranted,
    /// A user's call-manager grant was taken away (target: the user; scope as above).
    CallManagerRevoked,
    /// A news item was posted on a call (target: the call; `data` has the `news_id` and its
    /// Finnish `title`).
    NewsPosted,
    /// A call's news item was edited (target: the call; `data` as for `news_posted`).
    NewsUpdated,
    /// A call's news item was deleted (target: the call; `data` as for `news_posted`).
    NewsDeleted,
}

impl From<ModeratorAction> for LogAction {
    fn from(a: ModeratorAction) -> Self {
        match a {
            ModeratorAction::Hide => LogAction::Hide,
            ModeratorAction::Restore => LogAction::Restore,
            ModeratorAction::Approve => LogAction::Approve,
            ModeratorAction::Reject => LogAction::Reject,
            ModeratorAction::DismissReports => LogAction::DismissReports,
        }
    }
}

impl LogAction {
    /// Actions whose author may appeal: those that took content away.
    pub fn is_appealable(self) -> bool {
        matches!(self, LogAction::Hide | LogAction::AutoHide | LogAction::Reject)
    }
}

/// How an appeal was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum AppealOutcome {
    /// The action stands.
    Upheld,
    /// The action is reversed: hidden content is restored, a rejected proposal approved.
    Overturned,
}

/// What the rules need to know about a reportable, moderatable item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFacts {
    pub kind: ContentKind,
    pub author_id: UserId,
    pub visibility: Visibility,
    /// A comment deleted by its author (a tombstone already).
    pub deleted: bool,
}

/// May this user report this item? Not their own, not one already hidden or deleted, and
/// (checked by the store's unique key) once per item.
pub fn check_can_report(item: &ItemFacts, reporter: UserId) -> Result<(), DomainError> {
    if item.author_id == reporter {
        return Err(DomainError::OwnContent);
    }
    if item.deleted {
        return Err(DomainError::CommentDeleted);
    }
    if item.visibility != Visibility::Visible {
        return Err(DomainError::ContentNotVisible);
    }
    Ok(())
}

/// Do this many open reports from distinct users hide visible content now?
pub fn reaches_threshold(open_reports: u64, threshold: u32) -> bool {
    threshold > 0 && open_reports >= u64::from(threshold)
}

/// The visibility an action leaves, or why it does not apply to an item in this state.
/// `dismiss_reports` finds the reports unfounded: content they hid (hidden content with open
/// reports was hidden by them, since hidden content cannot be reported) shows again; it needs
/// open reports, which the caller checks with the item's count.
pub fn visibility_after(action: ModeratorAction, item: &ItemFacts) -> Result<Visibility, DomainError> {
    use ModeratorAction as A;
    use Visibility as V;
    if item.deleted && action != A::DismissReports {
        return Err(DomainError::CommentDeleted);
    }
    match (action, item.visibility) {
        (A::Hide, V::Visible) => Ok(V::Hidden),
        // Confirms a hide by reports (see `check_action`): it stays hidden, now with a reason.
        (A::Hide, V::Hidden) => Ok(V::Hidden),
        (A::Restore, V::Hidden) => Ok(V::Visible),
        (A::Approve | A::Reject, _) if item.kind != ContentKind::Proposal => {
            Err(DomainError::ActionNotApplicable)
        }
        (A::Approve, V::Pending | V::Rejected) => Ok(V::Visible),
        (A::Reject, V::Pending) => Ok(V::Rejected),
        (A::DismissReports, V::Hidden) => Ok(V::Visible),
        (A::DismissReports, v) => Ok(v),
        _ => Err(DomainError::ActionNotApplicable),
    }
}

/// The one answer to "may a moderator take this action on this item now?", with the
/// visibility it leaves. Dismissing needs open reports; hiding hidden content needs them too,
/// for it then confirms what the reports hid automatically (the reports are upheld, the item
/// leaves the queue and its author hears the moderator's reason and may appeal); content a
/// moderator hid has no open reports (hidden content cannot be reported) and is not hidden
/// twice.
pub fn check_action(
    action: ModeratorAction,
    item: &ItemFacts,
    open_reports: u64,
) -> Result<Visibility, DomainError> {
    let to = visibility_after(action, item)?;
    match action {
        ModeratorAction::DismissReports if open_reports == 0 => Err(DomainError::NoOpenReports),
        ModeratorAction::Hide if item.visibility == Visibility::Hidden && open_reports == 0 => {
            Err(DomainError::ActionNotApplicable)
        }
        _ => Ok(to),
    }
}

/// Who hears of an action: the item's author, unless they took it themselves.
pub fn notifies_author(action: LogAction, actor: Option<UserId>, author: UserId) -> bool {
    actor != Some(author)
        && matches!(
            action,
            LogAction::Hide
                | LogAction::AutoHide
                | LogAction::Restore
                | LogAction::Approve
                | LogAction::Reject
                | LogAction::AppealUpheld
                | LogAction::AppealOverturned
        )
}

/// How an appeal stands, as clients see it: open until decided, then its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum AppealStatus {
    Open,
    Upheld,
    Overturned,
}

impl From<Option<AppealOutcome>> for AppealStatus {
    fn from(outcome: Option<AppealOutcome>) -> Self {
        match outcome {
            None => AppealStatus::Open,
            Some(AppealOutcome::Upheld) => AppealStatus::Upheld,
            Some(AppealOutcome::Overturned) => AppealStatus::Overturned,
        }
    }
}

/// What the author of an item hears of an action on it, if anything: [`notifies_author`]'s
/// actions, and a dismissal of reports that shows their hidden content again
/// (`shows_again`), which is a restoration in the author's eyes.
pub fn author_notification(
    action: LogAction,
    shows_again: bool,
    actor: Option<UserId>,
    author: UserId,
) -> Option<NotificationKind> {
    use NotificationKind as N;
    let dismissal_restores = action == LogAction::DismissReports && shows_again && actor != Some(author);
    if !notifies_author(action, actor, author) && !dismissal_restores {
        return None;
    }
    match action {
        LogAction::Hide | LogAction::AutoHide => Some(N::ContentHidden),
        LogAction::Restore | LogAction::DismissReports => Some(N::ContentRestored),
        LogAction::Approve => Some(N::ProposalApproved),
        LogAction::Reject => Some(N::ProposalRejected),
        LogAction::AppealUpheld | LogAction::AppealOverturned => Some(N::AppealDecided),
        _ => None,
    }
}

/// The visibility an appealable action left its item in.
pub fn visibility_left_by(action: LogAction) -> Option<Visibility> {
    match action {
        LogAction::Hide | LogAction::AutoHide => Some(Visibility::Hidden),
        LogAction::Reject => Some(Visibility::Rejected),
        _ => None,
    }
}

/// Does an action still stand? It is the latest entry about its item, and the item is still
/// as the action left it (hidden, rejected). Only appealable actions can stand in this sense.
pub fn in_force(action: LogAction, is_latest_on_item: bool, visibility_now: Visibility) -> bool {
    is_latest_on_item && visibility_left_by(action) == Some(visibility_now)
}

/// The moderator's reason for an action, and an appeal's decision reason, are told to the
/// item's author and to moderators; everyone else sees the category and the public note.
pub fn sees_moderation_reason(audience: Audience, author: UserId) -> bool {
    audience.moderates || audience.id == Some(author)
}

/// May this user appeal this action? Its item's author, once (the store's unique key), an
/// action that took content away and still stands.
pub fn check_can_appeal(
    action: LogAction,
    still_in_force: bool,
    author: UserId,
    appellant: UserId,
) -> Result<(), DomainError> {
    if author != appellant {
        return Err(DomainError::NotAuthor);
    }
    if !action.is_appealable() || !still_in_force {
        return Err(DomainError::NotAppealable);
    }
    Ok(())
}

/// An appeal is decided by another moderator than the one who acted (an automatic hide has
/// no actor: any moderator decides it), and only once.
pub fn check_can_decide_appeal(
    acted_by: Option<UserId>,
    decider: UserId,
    decided: bool,
) -> Result<(), DomainError> {
    if acted_by == Some(decider) {
        return Err(DomainError::OwnModerationAction);
    }
    if decided {
        return Err(DomainError::AppealDecided);
    }
    Ok(())
}

/// The category a hide or rejection shows: the moderator's, or else the most frequent open
/// report reason (ties to the first in [`ReportReason`] order), or `other`.
pub fn category(given: Option<ReportReason>, counts: &[(ReportReason, u64)]) -> ReportReason {
    given.unwrap_or_else(|| {
        counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .max_by(|(ra, na), (rb, nb)| na.cmp(nb).then(rb.cmp(ra)))
            .map_or(ReportReason::Other, |(r, _)| *r)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(visibility: Visibility) -> ItemFacts {
        ItemFacts { kind: ContentKind::Proposal, author_id: UserId::new(), visibility, deleted: false }
    }

    #[test]
    fn names_are_the_wire_names() {
        crate::assert_stored_names_match_serde::<ReportReason>();
        crate::assert_stored_names_match_serde::<ContentKind>();
        crate::assert_stored_names_match_serde::<LogTarget>();
        crate::assert_stored_names_match_serde::<ReportStatus>();
        crate::assert_stored_names_match_serde::<ModeratorAction>();
        crate::assert_stored_names_match_serde::<LogAction>();
        crate::assert_stored_names_match_serde::<AppealOutcome>();
        crate::assert_stored_names_match_serde::<AppealStatus>();
        assert_eq!(ReportReason::PersonalData.into_str(), "personal_data");
        assert_eq!(LogAction::AutoHide.into_str(), "auto_hide");
    }

    #[test]
    fn nobody_reports_their_own_or_hidden_content() {
        let i = item(Visibility::Visible);
        assert_eq!(check_can_report(&i, UserId::new()), Ok(()));
        assert_eq!(check_can_report(&i, i.author_id), Err(DomainError::OwnContent));
        for v in [Visibility::Hidden, Visibility::Pending, Visibility::Rejected] {
            assert_eq!(check_can_report(&item(v), UserId::new()), Err(DomainError::ContentNotVisible));
        }
        let deleted = ItemFacts { deleted: true, kind: ContentKind::Comment, ..i };
        assert_eq!(check_can_report(&deleted, UserId::new()), Err(DomainError::CommentDeleted));
    }

    #[test]
    fn the_threshold_counts_distinct_open_reports() {
        assert!(!reaches_threshold(2, 3));
        assert!(reaches_threshold(3, 3));
        assert!(reaches_threshold(4, 3));
        assert!(!reaches_threshold(100, 0), "0 turns auto-hiding off");
    }

    #[test]
    fn actions_apply_to_the_states_they_change() {
        use ModeratorAction as A;
        use Visibility as V;
        assert_eq!(visibility_after(A::Hide, &item(V::Visible)), Ok(V::Hidden));
        assert_eq!(check_action(A::Hide, &item(V::Hidden), 0), Err(DomainError::ActionNotApplicable));
        assert_eq!(check_action(A::Hide, &item(V::Hidden), 3), Ok(V::Hidden), "confirms a hide by reports");
        assert_eq!(check_action(A::Hide, &item(V::Visible), 0), Ok(V::Hidden));
        assert_eq!(check_action(A::DismissReports, &item(V::Visible), 0), Err(DomainError::NoOpenReports));
        assert_eq!(check_action(A::DismissReports, &item(V::Hidden), 2), Ok(V::Visible));
        assert_eq!(visibility_after(A::Restore, &item(V::Hidden)), Ok(V::Visible));
        assert_eq!(visibility_after(A::Restore, &item(V::Visible)), Err(DomainError::ActionNotApplicable));
        assert_eq!(visibility_after(A::Approve, &item(V::Pending)), Ok(V::Visible));
        assert_eq!(visibility_after(A::Approve, &item(V::Rejected)), Ok(V::Visible));
        assert_eq!(visibility_after(A::Reject, &item(V::Pending)), Ok(V::Rejected));
        assert_eq!(visibility_after(A::Reject, &item(V::Visible)), Err(DomainError::ActionNotApplicable));
        assert_eq!(visibility_after(A::DismissReports, &item(V::Hidden)), Ok(V::Visible), "reports hid it");
        assert_eq!(visibility_after(A::DismissReports, &item(V::Visible)), Ok(V::Visible));
        let comment = ItemFacts { kind: ContentKind::Comment, ..item(V::Pending) };
        assert_eq!(visibility_after(A::Approve, &comment), Err(DomainError::ActionNotApplicable));
        let deleted = ItemFacts { kind: ContentKind::Comment, deleted: true, ..item(V::Visible) };
        assert_eq!(visibility_after(A::Hide, &deleted), Err(DomainError::CommentDeleted));
    }

    #[test]
    fn appeals_are_the_authors_once_and_decided_by_another() {
        let (author, other, moderator) = (UserId::new(), UserId::new(), UserId::new());
        assert_eq!(check_can_appeal(LogAction::Hide, true, author, author), Ok(()));
        assert_eq!(check_can_appeal(LogAction::AutoHide, true, author, author), Ok(()));
        assert_eq!(check_can_appeal(LogAction::Hide, true, author, other), Err(DomainError::NotAuthor));
        assert_eq!(check_can_appeal(LogAction::Hide, false, author, author), Err(DomainError::NotAppealable));
        assert_eq!(
            check_can_appeal(LogAction::Restore, true, author, author),
            Err(DomainError::NotAppealable)
        );
        assert_eq!(
            check_can_decide_appeal(Some(moderator), moderator, false),
            Err(DomainError::OwnModerationAction)
        );
        assert_eq!(check_can_decide_appeal(Some(moderator), other, false), Ok(()));
        assert_eq!(check_can_decide_appeal(None, other, false), Ok(()));
        assert_eq!(check_can_decide_appeal(Some(moderator), other, true), Err(DomainError::AppealDecided));
    }

    #[test]
    fn authors_hear_of_what_was_done_to_their_content() {
        let author = UserId::new();
        assert!(notifies_author(LogAction::AutoHide, None, author));
        assert!(notifies_author(LogAction::Restore, Some(UserId::new()), author));
        assert!(!notifies_author(LogAction::Hide, Some(author), author), "a moderator hiding their own");
        assert!(!notifies_author(LogAction::DismissReports, Some(UserId::new()), author));
    }

    #[test]
    fn the_category_falls_back_to_the_commonest_reason() {
        use ReportReason::*;
        assert_eq!(category(Some(Spam), &[(Offensive, 3)]), Spam);
        assert_eq!(category(None, &[(Offensive, 1), (Spam, 2)]), Spam);
        assert_eq!(category(None, &[(Offensive, 2), (Spam, 2)]), Spam, "ties go to the first reason");
        assert_eq!(category(None, &[]), Other);
    }

    #[test]
    fn each_action_tells_the_author_its_own_kind() {
        use NotificationKind as N;
        let (author, m) = (UserId::new(), Some(UserId::new()));
        assert_eq!(author_notification(LogAction::AutoHide, false, None, author), Some(N::ContentHidden));
        assert_eq!(author_notification(LogAction::Restore, true, m, author), Some(N::ContentRestored));
        assert_eq!(author_notification(LogAction::DismissReports, true, m, author), Some(N::ContentRestored));
        assert_eq!(author_notification(LogAction::DismissReports, false, m, author), None);
        assert_eq!(author_notification(LogAction::DismissReports, true, Some(author), author), None);
        assert_eq!(author_notification(LogAction::Reject, false, m, author), Some(N::ProposalRejected));
        assert_eq!(author_notification(LogAction::AppealOverturned, true, m, author), Some(N::AppealDecided));
        assert_eq!(author_notification(LogAction::Hide, false, Some(author), author), None);
        assert_eq!(author_notification(LogAction::Block, false, m, author), None);
    }

    #[test]
    fn an_action_stands_while_it_is_the_latest_and_its_state_holds() {
        assert!(in_force(LogAction::Hide, true, Visibility::Hidden));
        assert!(in_force(LogAction::AutoHide, true, Visibility::Hidden));
        assert!(in_force(LogAction::Reject, true, Visibility::Rejected));
        assert!(!in_force(LogAction::Hide, false, Visibility::Hidden), "a later action on the item");
        assert!(!in_force(LogAction::Hide, true, Visibility::Visible));
        assert!(!in_force(LogAction::Restore, true, Visibility::Visible));
    }

    #[test]
    fn reasons_are_for_the_author_and_moderators() {
        let author = UserId::new();
        let mine = Audience { id: Some(author), moderates: false, admin: false };
        let moderator = Audience { id: Some(UserId::new()), moderates: true, admin: false };
        let other = Audience { id: Some(UserId::new()), moderates: false, admin: false };
        assert!(sees_moderation_reason(mine, author) && sees_moderation_reason(moderator, author));
        assert!(!sees_moderation_reason(other, author));
        assert!(!sees_moderation_reason(Audience::VISITOR, author));
        assert_eq!(AppealStatus::from(None), AppealStatus::Open);
        assert_eq!(AppealStatus::from(Some(AppealOutcome::Overturned)), AppealStatus::Overturned);
    }
}
