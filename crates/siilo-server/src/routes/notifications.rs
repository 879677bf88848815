//! The signed-in user's in-app notifications: listed unread first, then newest first, and
//! marked read one by one or all at once.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::moderation::{AppealOutcome, LogAction, ReportReason};
use siilo_domain::notifications::NotificationKind;
use siilo_domain::proposals::{Audience, Sight, content_sight};
use siilo_store::notifications::{self, NotificationRecord, Position};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::routes::calls::FinnishRequiredText;
use crate::routes::pagination;
use crate::routes::paths::NotificationPath;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    // `read-all` before `{id}/read`, though the two cannot match the same path.
    cfg.service(list_notifications).service(mark_all_notifications_read).service(mark_notification_read);
}

/// Who caused a notification.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationActor {
    pub id: Uuid,
    #[schema(example = "Maija Meikäläinen")]
    pub display_name: String,
}

/// What a moderation notification tells: the action (its log entry, the `action_id` an
/// appeal names), its category, the moderator's reason and, for a decided appeal, the outcome.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationModeration {
    pub action_id: Uuid,
    pub action: LogAction,
    pub category: Option<ReportReason>,
    pub reason: Option<String>,
    pub outcome: Option<AppealOutcome>,
}

/// What a notification names beyond its columns. For `pilot_created` and `pilot_lessons`:
/// `pilot_id` and `pilot_title` (the title when it was sent); for `pilot_update` also
/// `update_id`; for `decision_published` the `stage` decided; for `proposal_merged` the
/// merged proposal (`source_id`, `source_number`) and the one it went into (`target_id`,
/// `target_number`); for `followed_decision` the `stage`; for `coauthor_invited` the
/// `invitation_id`, for `coauthor_answered` also whether it was `accepted`; for `call_news`
/// the call (`call_slug`, `call_title` when it was sent; its id is the notification's
/// `call_id`) and the news item (`news_id`, `news_title`); for `interest_declared` the
/// declarer's `organisation_id` and `on_behalf`. Fields that do not apply to a kind are
/// left out.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct NotificationData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pilot_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Yhteinen avustusrekisteri")]
    pub pilot_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<siilo_domain::proposals::Stage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_number: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_number: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "siilonmurtajat-2026")]
    pub call_slug: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_title: Option<FinnishRequiredText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub news_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub news_title: Option<FinnishRequiredText>,
    /// For `interest_declared`: the declarer's organisation when they declared (left out
    /// when they had none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Uuid>,
    /// For `interest_declared`: they spoke on behalf of their organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf: Option<bool>,
}

/// Something that happened that concerns the user.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f7-4d5e-7f6a-8b7c-8d9e0f1a2b08", "kind": "comment_on_proposal", "actor": {"id": "0193a4f0-6a7b-7c8d-9e0f-1a2b3c4d5e09", "display_name": "Matti Virtanen"}, "call_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "proposal_id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "proposal_number": 12, "proposal_title": "Yhteinen avustusrekisteri ministeriöille", "comment_id": "0193a4f6-2b3c-7d4e-8f5a-6b7c8d9e0f06", "moderation": null, "data": null, "created_at": "2026-11-22T08:30:00Z", "read": false}))]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    /// Who caused it, when someone did.
    pub actor: Option<NotificationActor>,
    pub call_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    /// The proposal's number in its call.
    pub proposal_number: Option<i32>,
    /// `null` also when the user may no longer read the proposal (it has been hidden).
    pub proposal_title: Option<String>,
    pub comment_id: Option<Uuid>,
    /// For `content_hidden`, `content_restored`, `proposal_approved`, `proposal_rejected`
    /// and `appeal_decided`: what was done and why; `null` for the other kinds.
    pub moderation: Option<NotificationModeration>,
    /// For the pilot kinds, `decision_published`, `followed_decision`, `proposal_merged`, the
    /// co-author kinds, `call_news` and `interest_declared`: what it names (see
    /// `NotificationData`); `null` for the other kinds.
    pub data: Option<NotificationData>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// One page of the user's notifications.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    /// Unread first, then newest first.
    pub items: Vec<Notification>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// The user's notifications in all.
    pub total: u64,
    /// How many of them are unread.
    pub unread: u64,
}

/// What marking all as read did.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedRead {
    /// How many notifications were unread and are now read.
    pub marked: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationListParams {
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

/// The cursor's content: whether the last item was read, and its id.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor(bool, Uuid);

fn view(n: NotificationRecord, audience: Audience) -> Notification {
    let proposal = n.proposal.as_ref();
    Notification {
        id: n.id,
        kind: n.kind,
        actor: n.actor.map(|(id, display_name)| NotificationActor { id: id.0, display_name }),
        call_id: n.call_id,
        proposal_id: n.proposal_id,
        proposal_number: proposal.map(|p| p.number),
        proposal_title: proposal
            .filter(|p| content_sight(&p.facts, audience) == Sight::Full)
            .map(|p| p.title.clone()),
        comment_id: n.comment_id,
        moderation: n.moderation.map(|m| NotificationModeration {
            action_id: m.action_id,
            action: m.action,
            category: m.category,
            reason: m.reason,
            outcome: m.outcome,
        }),
        data: match (n.pilot, n.outcome, n.coauthor, n.call_news) {
            _ if n.interest.is_some() => n.interest.map(|i| NotificationData {
                organisation_id: i.organisation_id,
                on_behalf: Some(i.on_behalf),
                ..NotificationData::default()
            }),
            (Some(p), _, _, _) => Some(NotificationData {
                pilot_id: Some(p.pilot_id),
                pilot_title: Some(p.pilot_title),
                update_id: p.update_id,
                ..NotificationData::default()
            }),
            (None, Some(o), _, _) => Some(NotificationData {
                stage: o.stage,
                source_id: o.source_id,
                source_number: o.source_number,
                target_id: o.target_id,
                target_number: o.target_number,
                ..NotificationData::default()
            }),
            (None, None, Some(c), _) => Some(NotificationData {
                invitation_id: c.invitation_id,
                accepted: c.accepted,
                ..NotificationData::default()
            }),
            (None, None, None, Some(c)) => Some(NotificationData {
                call_slug: Some(c.call_slug),
                call_title: Some(c.call_title.into()),
                news_id: Some(c.news_id),
                news_title: Some(c.news_title.into()),
                ..NotificationData::default()
            }),
            (None, None, None, None) => None,
        },
        created_at: n.created_at,
        read: n.read_at.is_some(),
    }
}

/// List my notifications
///
/// The signed-in user's notifications: unread ones first, then newest first.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(NotificationListParams),
    responses(
        (status = 200, description = "One page of the viewer's notifications, unread first, newest first", body = NotificationPage),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (bad `limit` or `cursor`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn list_notifications(
    state: web::Data<AppState>,
    viewer: SignedIn,
    params: crate::extract::Query<NotificationListParams>,
) -> Result<web::Json<NotificationPage>, ApiError> {
    let params = params.into_inner();
    let limit = pagination::limit(params.limit)?;
    let list = format!("notifications:{}", viewer.id().0);
    let after: Option<Cursor> = pagination::decode(&state.cursors, &list, params.cursor.as_deref())?;
    let after = after.map(|Cursor(read, id)| Position { read, id });

    let page = notifications::list(&state.db, viewer.id(), after, limit + 1).await?;
    let mut items = page.items;
    let next_cursor =
        pagination::cut(&mut items, limit, &state.cursors, &list, |n| Cursor(n.read_at.is_some(), n.id));

    let audience = viewer.audience();
    Ok(web::Json(NotificationPage {
        items: items.into_iter().map(|n| view(n, audience)).collect(),
        next_cursor,
        total: page.total,
        unread: page.unread,
    }))
}

/// Mark a notification read
///
/// Marking one that is already read changes nothing.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(NotificationPath),
    responses(
        (status = 204, description = "Read"),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The user has no notification with this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/{id}/read")]
#[tracing::instrument(skip_all, fields(notification_id = %path.id, user_id = %viewer.id()))]
pub async fn mark_notification_read(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<NotificationPath>,
) -> Result<HttpResponse, ApiError> {
    if !notifications::mark_read(&state.db, viewer.id(), path.id, Utc::now()).await? {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Mark all my notifications read
///
/// Answers how many were unread.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every notification is read; how many changed", body = MarkedRead),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/read-all")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn mark_all_notifications_read(
    state: web::Data<AppState>,
    viewer: SignedIn,
) -> Result<web::Json<MarkedRead>, ApiError> {
    let marked = notifications::mark_all_read(&state.db, viewer.id(), Utc::now()).await?;
    Ok(web::Json(MarkedRead { marked }))
}
