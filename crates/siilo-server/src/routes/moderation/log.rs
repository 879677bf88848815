//! The audit log, read by moderators and admins. No route changes or removes an entry.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::UserId;
use siilo_domain::moderation::LogAction;
use siilo_store::moderation_log::{self, LogFilter};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::actions::{ModerationLogEntry, require_moderator};
use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::routes::pagination;
use crate::state::AppState;

/// One page of the moderation log.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModerationLogPage {
    /// Newest first.
    pub items: Vec<ModerationLogEntry>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ModerationLogParams {
    /// Only entries about this proposal, comment or user.
    pub target_id: Option<Uuid>,
    /// Only entries by this moderator or admin.
    pub actor_id: Option<Uuid>,
    /// Only entries about content of this call.
    pub call_id: Option<Uuid>,
    /// Only entries of this action.
    pub action: Option<LogAction>,
    /// From this time on (inclusive), RFC 3339, at most 40 characters.
    #[serde(default, deserialize_with = "bounded_time")]
    #[param(value_type = Option<String>, format = DateTime, max_length = 40)]
    pub from: Option<DateTime<Utc>>,
    /// Before this time (exclusive), RFC 3339, at most 40 characters.
    #[serde(default, deserialize_with = "bounded_time")]
    #[param(value_type = Option<String>, format = DateTime, max_length = 40)]
    pub to: Option<DateTime<Utc>>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

/// Longest time a filter takes: RFC 3339 with nanoseconds and an offset is 35 characters.
const TIME_MAX_CHARS: usize = 40;

/// An RFC 3339 time of at most [`TIME_MAX_CHARS`] characters (RFC 3339 allows any number of
/// fraction digits, so the bound the contract states is checked here).
fn bounded_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    use serde::de::Error;
    let Some(s) = Option::<String>::deserialize(d)? else { return Ok(None) };
    if s.chars().count() > TIME_MAX_CHARS {
        return Err(D::Error::custom(format!("at most {TIME_MAX_CHARS} characters")));
    }
    DateTime::parse_from_rfc3339(&s).map(|t| Some(t.with_timezone(&Utc))).map_err(D::Error::custom)
}

/// Read the moderation log
///
/// Moderators and admins. Every act of moderation and administration (hides, automatic
/// hides, restorations, approvals, rejections, dismissals, appeal decisions, blocks, role
/// changes, erasures) with its actor, reason and time, newest first. The log is
/// append-only: no route changes or removes an entry, and the database refuses to.
#[utoipa::path(
    tag = "moderation",
    security(("bearer" = [])),
    params(ModerationLogParams),
    responses(
        (status = 200, description = "One page of the log, newest first", body = ModerationLogPage),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (bad `limit`, `cursor` or filter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/moderation/log")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn list_log(
    state: web::Data<AppState>,
    viewer: SignedIn,
    params: crate::extract::Query<ModerationLogParams>,
) -> Result<web::Json<ModerationLogPage>, ApiError> {
    require_moderator(&viewer)?;
    let params = params.into_inner();
    let limit = pagination::limit(params.limit)?;
    // The cursor is bound to the filters: a page of one filter continues no other.
    let list = format!(
        "moderation-log:{:?}:{:?}:{:?}:{:?}:{:?}:{:?}",
        params.target_id,
        params.actor_id,
        params.call_id,
        params.action,
        params.from.map(|t| t.timestamp_micros()),
        params.to.map(|t| t.timestamp_micros()),
    );
    let after: Option<(DateTime<Utc>, Uuid)> =
        pagination::decode(&state.cursors, &list, params.cursor.as_deref())?;
    let filter = LogFilter {
        target_id: params.target_id,
        actor_id: params.actor_id.map(UserId),
        call_id: params.call_id,
        action: params.action,
        from: params.from,
        to: params.to,
        after,
    };
    let mut items = moderation_log::list(&state.db, &filter, limit + 1).await?;
    let next_cursor = pagination::cut(&mut items, limit, &state.cursors, &list, |e| (e.created_at, e.id));
    Ok(web::Json(ModerationLogPage { items: items.into_iter().map(Into::into).collect(), next_cursor }))
}
