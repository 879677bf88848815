//! Moderators' actions on proposals and comments: hide, restore, approve, reject, dismiss
//! reports. Each runs in one write transaction: the item changes (only if it is still as the
//! moderator saw it), its open reports are closed, the act is logged and the author told.

use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::moderation::{
    self as rules, ContentKind, LogAction, LogTarget, ModeratorAction, ReportReason, ReportStatus,
};
use siilo_domain::proposals::Visibility;
use siilo_domain::roles::Role;
use siilo_domain::{DomainError, UserId};
use siilo_store::moderation::{self, Change, ModeratedItem};
use siilo_store::moderation_log::{self, LogEntry, NewLogEntry};
use siilo_store::notifications::{self, ModerationNotice, NewNotification};
use siilo_store::{ConnectionTrait, begin_write};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::dto::{UserRef, not_blank, optional_text};
use crate::state::AppState;

/// Moderation routes are for moderators and admins.
pub(crate) fn require_moderator(viewer: &SignedIn) -> Result<(), DomainError> {
    if viewer.moderates() { Ok(()) } else { Err(DomainError::RoleRequired(Role::Moderator)) }
}

/// A proposal or comment.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentRef {
    pub kind: ContentKind,
    pub id: Uuid,
}

/// What a log entry is about: a proposal, a comment or a user account.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct LogTargetRef {
    pub kind: LogTarget,
    pub id: Uuid,
}

/// An entry of the moderation log: who did what to which item, when and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f8-1a2b-7c3d-8e4f-5a6b7c8d9e10", "action": "hide", "actor": {"id": "0193a4f0-6a7b-7c8d-9e0f-1a2b3c4d5e11", "display_name": "Mona Moderaattori"}, "target": {"kind": "comment", "id": "0193a4f6-2b3c-7d4e-8f5a-6b7c8d9e0f06"}, "call_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "proposal_id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "category": "offensive", "reason": "Kommentti loukkaa toista osallistujaa.", "public_note": "Asiaton kielenkäyttö", "data": {"visibility_before": "visible", "visibility_after": "hidden", "reports_resolved": 3}, "created_at": "2026-11-23T10:00:00Z"}))]
pub struct ModerationLogEntry {
    pub id: Uuid,
    pub action: LogAction,
    /// Who acted; `null` for what the service did by itself (`auto_hide`).
    pub actor: Option<UserRef>,
    pub target: LogTargetRef,
    pub call_id: Option<Uuid>,
    /// The proposal, or the comment's proposal.
    pub proposal_id: Option<Uuid>,
    /// The tombstone's category (hide, auto-hide, reject).
    pub category: Option<ReportReason>,
    /// The actor's reason, as told to the item's author.
    pub reason: Option<String>,
    /// The note shown on the tombstone.
    pub public_note: Option<String>,
    /// What the action records beyond the columns (e.g. `visibility_before`,
    /// `visibility_after`, `reports_resolved`; roles `before`/`after`).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

impl From<LogEntry> for ModerationLogEntry {
    fn from(e: LogEntry) -> Self {
        ModerationLogEntry {
            id: e.id,
            action: e.action,
            actor: e.actor.map(|(id, display_name)| UserRef { id: id.0, display_name }),
            target: LogTargetRef { kind: e.target, id: e.target_id },
            call_id: e.call_id,
            proposal_id: e.proposal_id,
            category: e.category,
            reason: e.reason,
            public_note: e.public_note,
            data: e.data,
            created_at: e.created_at,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModerationActionRequest {
    pub target: ContentRef,
    pub action: ModeratorAction,
    /// Why, 1–1000 characters, trimmed: told to the item's author (and kept in the log).
    #[validate(length(min = 1, max = rules::TEXT_MAX_CHARS), custom(function = "not_blank"))]
    #[schema(
        example = "Kommentti loukkaa toista osallistujaa.",
        min_length = 1,
        max_length = 1000,
        pattern = r"\S"
    )]
    pub reason: String,
    /// Shown to everyone on the tombstone of hidden or rejected content; at most 1000
    /// characters, trimmed, blank means none.
    #[validate(length(max = rules::TEXT_MAX_CHARS))]
    #[schema(example = "Asiaton kielenkäyttö", max_length = 1000)]
    pub public_note: Option<String>,
    /// The tombstone's category for `hide` and `reject`; by default the commonest reason
    /// of the open reports, or `other`.
    pub category: Option<ReportReason>,
}

/// An item as loaded for an action: 404 when there is none.
async fn load(db: &impl ConnectionTrait, target: ContentRef) -> Result<ModeratedItem, ApiError> {
    moderation::item(db, target.kind, target.id).await?.ok_or(ApiError::NotFound)
}

/// Notifies the item's author of a logged action when the rules say they hear of it.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn notify_author(
    db: &impl ConnectionTrait,
    item: &ModeratedItem,
    notice: ModerationNotice,
    shows_again: bool,
    actor: Option<UserId>,
    recipient: UserId,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(kind) = rules::author_notification(notice.action, shows_again, actor, recipient) else {
        return Ok(());
    };
    let n = NewNotification {
        user_id: recipient,
        kind,
        // The moderator is not named to the author: the notice says what and why, not who.
        actor_id: None,
        call_id: Some(item.call_id),
        proposal_id: Some(item.proposal_id),
        comment_id: (item.kind == ContentKind::Comment).then_some(item.id),
        data: notice.to_data(),
    };
    notifications::create_many(db, &[n], now).await?;
    Ok(())
}

/// Take a moderation action
///
/// Moderators and admins. `hide` turns visible content into a tombstone (category as given,
/// else the commonest reason of its open reports, else `other`; its open reports are
/// upheld); `restore` shows hidden content again (open reports dismissed); `approve` shows a
/// pending or rejected proposal; `reject` keeps a pending proposal from the call;
/// `dismiss_reports` dismisses an item's open reports, and shows content they hid again.
/// Every action takes the item out of the queue and is logged; the author is told (with the
/// reason) of all but a dismissal that changes nothing for them. Thumbs and comments are
/// never touched. Of two moderators acting on the same item at once, one succeeds and the
/// other gets `action_not_applicable`.
#[utoipa::path(
    tag = "moderation",
    security(("bearer" = [])),
    request_body = ModerationActionRequest,
    responses(
        (status = 201, description = "Done; the log entry of the action", body = ModerationLogEntry),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal or comment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`action_not_applicable` (not in a state the action changes, or another moderator acted first), `no_open_reports`, `comment_deleted`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/moderation/actions")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn create_action(
    state: web::Data<AppState>,
    viewer: SignedIn,
    body: Body<ModerationActionRequest>,
) -> Result<HttpResponse, ApiError> {
    require_moderator(&viewer)?;
    let Body(req) = body;
    let reason = req.reason.trim().to_owned();
    let note = optional_text(req.public_note.as_deref());
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let item = load(&txn, req.target).await?;
    let to = rules::check_action(req.action, &item.facts(), item.open_reports)?;
    let from = item.visibility;
    let tombstone = matches!(to, Visibility::Hidden | Visibility::Rejected);
    let (category, public_note) = match req.action {
        ModeratorAction::Hide | ModeratorAction::Reject => {
            (Some(req.category.unwrap_or(ReportReason::Other)), note.clone())
        }
        // Dismissing reports on content that stays withheld keeps its tombstone as it was.
        ModeratorAction::DismissReports if tombstone => (item.category, item.note.clone()),
        _ => (None, None),
    };
    let change = Change {
        from,
        to,
        category,
        note: public_note,
        // Dismissing, and confirming a hide by reports, need the reports still open.
        needs_open_reports: req.action == ModeratorAction::DismissReports || from == to,
        needs_undeleted: req.action != ModeratorAction::DismissReports,
    };
    if !moderation::apply(&txn, item.kind, item.id, &change).await? {
        // Another act came first: say what stands in the way now.
        let now_item = load(&txn, req.target).await?;
        rules::check_action(req.action, &now_item.facts(), now_item.open_reports)?;
        return Err(DomainError::ActionNotApplicable.into());
    }
    // The row is locked now: the open reports cannot change under us.
    let category = match req.action {
        ModeratorAction::Hide | ModeratorAction::Reject => {
            let counts = moderation::open_reason_counts(&txn, item.id).await?;
            let category = rules::category(req.category, &counts);
            moderation::set_category(&txn, item.kind, item.id, category).await?;
            Some(category)
        }
        _ => None,
    };
    let status = match req.action {
        ModeratorAction::Hide | ModeratorAction::Reject => ReportStatus::Upheld,
        _ => ReportStatus::Dismissed,
    };
    let resolved = moderation::resolve_reports(&txn, item.id, status, now).await?;

    let action = LogAction::from(req.action);
    let mut entry = NewLogEntry::new(action, Some(viewer.id()), LogTarget::from(item.kind), item.id);
    entry.call_id = Some(item.call_id);
    entry.proposal_id = Some(item.proposal_id);
    entry.category = category;
    entry.reason = Some(reason.clone());
    entry.public_note = note;
    entry.data = serde_json::json!({
        "visibility_before": from.into_str(),
        "visibility_after": to.into_str(),
        "reports_resolved": resolved,
    });
    let id = moderation_log::append(&txn, entry, now).await?;
    let shows_again = from != Visibility::Visible && to == Visibility::Visible;
    let notice = ModerationNotice { action_id: id, action, category, reason: Some(reason), outcome: None };
    notify_author(&txn, &item, notice.clone(), shows_again, Some(viewer.id()), item.author_id, now).await?;
    if item.kind == ContentKind::Proposal {
        // A proposal's accepted co-authors hear of it as its author does.
        for co in siilo_store::coauthors::accepted_ids(&txn, item.id).await? {
            notify_author(&txn, &item, notice.clone(), shows_again, Some(viewer.id()), co, now).await?;
        }
    }
    let logged = moderation_log::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    // Its notifications may have queued emails to send at once.
    state.mail.wake();
    tracing::info!(action = %action, target = %item.id, moderator = %viewer.id(), "moderation action");
    Ok(HttpResponse::Created().json(ModerationLogEntry::from(logged)))
}
