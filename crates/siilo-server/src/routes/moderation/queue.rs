//! The moderation queue: what waits for a moderator's decision. Undecided appeals first, then
//! reported and pending items by when they entered the queue, each with its open reports
//! (reporters named: only moderators see this list) and their reasons counted.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::DomainError;
use siilo_domain::moderation::{ContentKind, LogAction, ReportReason};
use siilo_domain::proposals::Visibility;
use siilo_domain::roles::Role;
use siilo_store::moderation_queue::{self as store, Position, QueueFilter, QueueRecord, Section};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::routes::dto::UserRef;
use crate::routes::pagination;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(moderation_queue);
}

/// Longest excerpt of a queued item's text, in characters.
pub const EXCERPT_MAX_CHARS: usize = 280;

/// Why an entry is in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueItemKind {
    /// The author appealed an action on the item.
    Appeal,
    /// Reported: open reports wait for a decision (the item may already be hidden by them).
    Reported,
    /// A proposal in a pre-moderated call waiting for approval.
    Pending,
}

/// The proposal or comment an entry is about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueTarget {
    pub kind: ContentKind,
    pub id: Uuid,
    /// The proposal, or the comment's proposal.
    pub proposal_id: Uuid,
    pub call_id: Uuid,
    pub proposal_number: i32,
    /// The proposal's title.
    pub title: String,
    /// The comment's body or the proposal's summary, at most 280 characters.
    #[schema(max_length = 280)]
    pub excerpt: String,
    pub author: UserRef,
    pub visibility: Visibility,
    /// A comment its author deleted.
    pub deleted: bool,
}

/// How many open reports give a reason.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReasonCount {
    pub reason: ReportReason,
    pub count: u64,
}

/// An open report, with its reporter: only moderators see who reported.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueReport {
    pub id: Uuid,
    pub reason: ReportReason,
    pub note: Option<String>,
    pub reporter: UserRef,
    pub created_at: DateTime<Utc>,
}

/// An undecided appeal and the action it appeals.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueAppeal {
    pub id: Uuid,
    /// The log entry of the action appealed.
    pub action_id: Uuid,
    pub action: LogAction,
    /// The action's reason, as its author was told.
    pub reason: Option<String>,
    /// Who took the action; `null` for an automatic hide. Another moderator decides.
    pub acted_by: Option<UserRef>,
    /// The appellant's text.
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// One entry of the queue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueItem {
    pub kind: QueueItemKind,
    pub target: QueueTarget,
    /// Distinct users whose reports on the item are open.
    pub open_reports: u64,
    /// The open reports grouped by reason, most first.
    pub reasons: Vec<ReasonCount>,
    /// The open reports, oldest first, at most 20.
    pub reports: Vec<QueueReport>,
    /// When it entered the queue: the appeal's time, the first open report's, or a pending
    /// proposal's submission.
    pub queued_at: DateTime<Utc>,
    /// Set for `kind: "appeal"`.
    pub appeal: Option<QueueAppeal>,
}

/// One page of the moderation queue.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"kind": "reported", "target": {"kind": "comment", "id": "0193a4f6-2b3c-7d4e-8f5a-6b7c8d9e0f06", "proposal_id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "call_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "proposal_number": 12, "title": "Yhteinen avustusrekisteri ministeriöille", "excerpt": "Soita minulle numeroon 040 123 4567.", "author": {"id": "0193a4f0-6a7b-7c8d-9e0f-1a2b3c4d5e09", "display_name": "Matti Virtanen"}, "visibility": "hidden", "deleted": false}, "open_reports": 3, "reasons": [{"reason": "personal_data", "count": 2}, {"reason": "spam", "count": 1}], "reports": [{"id": "0193a4f8-5e6f-7a8b-9c0d-1e2f3a4b5c11", "reason": "personal_data", "note": "Sisältää puhelinnumeron.", "reporter": {"id": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "display_name": "Maija Meikäläinen"}, "created_at": "2026-11-22T10:15:00Z"}], "queued_at": "2026-11-22T10:15:00Z", "appeal": null}], "next_cursor": null, "total": 1}))]
pub struct ModerationQueuePage {
    /// Appeals first (oldest first), then reported and pending items by `queued_at`.
    pub items: Vec<QueueItem>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// Entries matching the filters in all.
    pub total: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// Only entries about this call's proposals and comments.
    pub call_id: Option<Uuid>,
    /// Only entries about proposals, or about comments.
    pub kind: Option<ContentKind>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

/// The cursor's content: section (0 appeals, 1 items), time and id of the last entry.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor(u8, DateTime<Utc>, Uuid);

impl From<Position> for Cursor {
    fn from(p: Position) -> Self {
        Cursor(u8::from(p.section == Section::Items), p.at, p.id)
    }
}

impl From<Cursor> for Position {
    fn from(Cursor(section, at, id): Cursor) -> Self {
        let section = if section == 0 { Section::Appeals } else { Section::Items };
        Position { section, at, id }
    }
}

/// A text cut to [`EXCERPT_MAX_CHARS`] characters, an ellipsis marking the cut.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= EXCERPT_MAX_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(EXCERPT_MAX_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

fn user_ref((id, display_name): (siilo_domain::UserId, String)) -> UserRef {
    UserRef { id: id.0, display_name }
}

fn view(r: QueueRecord) -> QueueItem {
    let t = r.target;
    let kind = match (&r.appeal, t.visibility) {
        (Some(_), _) => QueueItemKind::Appeal,
        (None, Visibility::Pending) => QueueItemKind::Pending,
        (None, _) => QueueItemKind::Reported,
    };
    QueueItem {
        kind,
        open_reports: t.open_reports,
        target: QueueTarget {
            kind: t.kind,
            id: t.id,
            proposal_id: t.proposal_id,
            call_id: t.call_id,
            proposal_number: t.proposal_number,
            title: t.proposal_title,
            excerpt: excerpt(&t.text),
            author: user_ref(t.author),
            visibility: t.visibility,
            deleted: t.deleted,
        },
        reasons: r.reasons.into_iter().map(|(reason, count)| ReasonCount { reason, count }).collect(),
        reports: r
            .reports
            .into_iter()
            .map(|q| QueueReport {
                id: q.id,
                reason: q.reason,
                note: q.note,
                reporter: user_ref(q.reporter),
                created_at: q.created_at,
            })
            .collect(),
        queued_at: r.position.at,
        appeal: r.appeal.map(|a| QueueAppeal {
            id: a.id,
            action_id: a.action_id,
            action: a.action,
            reason: a.reason,
            acted_by: a.acted_by.map(user_ref),
            text: a.text,
            created_at: a.created_at,
        }),
    }
}

/// The moderation queue
///
/// Moderators and admins. Undecided appeals first, oldest first; then reported items (by
/// their first open report) and pending proposals (by submission), oldest first. Each entry
/// has the item's open reports, counted by reason and listed (at most 20, oldest first, with
/// their reporters). Filtered by call and by kind of item.
#[utoipa::path(
    tag = "moderation",
    security(("bearer" = [])),
    params(QueueParams),
    responses(
        (status = 200, description = "One page of the queue: appeals first, then items oldest first", body = ModerationQueuePage),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (bad `limit`, `cursor`, `call_id` or `kind`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/moderation/queue")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn moderation_queue(
    state: web::Data<AppState>,
    viewer: SignedIn,
    params: crate::extract::Query<QueueParams>,
) -> Result<web::Json<ModerationQueuePage>, ApiError> {
    if !viewer.moderates() {
        return Err(DomainError::RoleRequired(Role::Moderator).into());
    }
    let params = params.into_inner();
    let limit = pagination::limit(params.limit)?;
    let filter = QueueFilter { call_id: params.call_id, kind: params.kind };
    let call = params.call_id.map(|c| c.to_string()).unwrap_or_default();
    let kind = params.kind.map(<&'static str>::from).unwrap_or_default();
    let list = format!("moderation-queue:{call}:{kind}");
    let after: Option<Cursor> = pagination::decode(&state.cursors, &list, params.cursor.as_deref())?;

    let page = store::page(&state.db, &filter, after.map(Position::from), limit + 1).await?;
    let mut items = page.items;
    let next_cursor = pagination::cut(&mut items, limit, &state.cursors, &list, |r| Cursor::from(r.position));
    Ok(web::Json(ModerationQueuePage {
        items: items.into_iter().map(view).collect(),
        next_cursor,
        total: page.total,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_cut_to_280_characters_with_an_ellipsis() {
        assert_eq!(excerpt("  Lyhyt.  "), "Lyhyt.");
        let long = "ä".repeat(400);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_MAX_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt(&"a".repeat(280)), "a".repeat(280));
    }

    #[test]
    fn a_cursor_keeps_its_section() {
        let p = Position { section: Section::Items, at: Utc::now(), id: Uuid::now_v7() };
        assert_eq!(Position::from(Cursor::from(p)), p);
        let a = Position { section: Section::Appeals, ..p };
        assert_eq!(Position::from(Cursor::from(a)), a);
    }
}
