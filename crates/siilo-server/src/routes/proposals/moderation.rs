//! The public moderation history of a proposal and its comments: what was done, when and in
//! which category, never by whom. Reasons are for the item's author and moderators.

use std::collections::HashMap;

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use siilo_domain::UserId;
use siilo_domain::moderation::{self as rules, AppealStatus, LogAction, ReportReason};
use siilo_domain::proposals::{Sight, Visibility};
use siilo_store::{moderation, moderation_log};
use utoipa::ToSchema;
use uuid::Uuid;

use super::visible_proposal;
use crate::auth::SignedInOrVisitor;
use crate::error::{ApiError, Problem};
use crate::routes::moderation::actions::LogTargetRef;
use crate::routes::paths::ProposalPath;
use crate::state::AppState;

/// The most recent entries a history shows.
pub const HISTORY_MAX: u64 = 200;

/// How an appeal against an action went.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryAppeal {
    pub status: AppealStatus,
    pub decided_at: Option<DateTime<Utc>>,
    /// The deciding moderator's reason: for the item's author and moderators only.
    pub decision_reason: Option<String>,
}

/// One thing that happened to the proposal or one of its comments.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryItem {
    /// The log entry: what an appeal names as `action_id`.
    pub id: Uuid,
    pub action: LogAction,
    pub target: LogTargetRef,
    pub category: Option<ReportReason>,
    /// The note shown on the tombstone.
    pub public_note: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The moderator's reason: for the item's author and moderators only, `null` to others.
    pub reason: Option<String>,
    /// The appeal against this action, if there is one.
    pub appeal: Option<HistoryAppeal>,
    /// The viewer may appeal this action now (they wrote the item, the action took it away
    /// and still stands, and nobody appealed it yet).
    pub viewer_can_appeal: bool,
}

/// What happened to a proposal and its comments, oldest first, without the moderators'
/// names.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"id": "0193a4f8-1a2b-7c3d-8e4f-5a6b7c8d9e10", "action": "hide", "target": {"kind": "comment", "id": "0193a4f6-2b3c-7d4e-8f5a-6b7c8d9e0f06"}, "category": "offensive", "public_note": "Asiaton kielenkäyttö", "created_at": "2026-11-23T10:00:00Z", "reason": null, "appeal": null, "viewer_can_appeal": false}]}))]
pub struct ModerationHistory {
    /// Oldest first; at most the 200 most recent entries.
    #[schema(max_items = 200)]
    pub items: Vec<HistoryItem>,
}

/// A proposal's moderation history
///
/// What moderation did to the proposal and its comments (hides, automatic hides,
/// restorations, approvals, rejections, dismissals of reports, appeal decisions), oldest
/// first, at most the 200 most recent entries, without the moderators' names. The reasons
/// (of the action and of an appeal's decision) show to the item's author and moderators
/// only. Anyone who may see the proposal, even only as a tombstone, may read it.
#[utoipa::path(
    tag = "moderation",
    security((), ("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 200, description = "The history, oldest first", body = ModerationHistory),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal, or the viewer may not see it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/proposals/{id}/moderation")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = viewer.id().map(tracing::field::display)))]
pub async fn proposal_moderation(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<ProposalPath>,
) -> Result<web::Json<ModerationHistory>, ApiError> {
    let (_, p) = visible_proposal(&state, path.id, &viewer, Sight::Tombstone).await?;
    let entries = moderation_log::history(&state.db, p.id, HISTORY_MAX).await?;

    let comment_ids: Vec<Uuid> =
        entries.iter().filter(|e| e.target_id != p.id).map(|e| e.target_id).collect();
    let comments = moderation::comment_states(&state.db, &comment_ids).await?;
    let state_of = |target: Uuid| -> Option<(UserId, Visibility)> {
        if target == p.id { Some((p.author_id, p.visibility)) } else { comments.get(&target).copied() }
    };
    let action_ids: Vec<Uuid> = entries.iter().map(|e| e.id).collect();
    let appeals = moderation::appeals_of(&state.db, &action_ids).await?;
    // The latest entry about each item: only it can still stand.
    let latest: HashMap<Uuid, Uuid> = entries.iter().map(|e| (e.target_id, e.id)).collect();
    let audience = viewer.audience();

    let items = entries
        .into_iter()
        .map(|e| {
            let item = state_of(e.target_id);
            let told = item.is_some_and(|(author, _)| rules::sees_moderation_reason(audience, author));
            let appeal = appeals.get(&e.id);
            let viewer_can_appeal = match (viewer.id(), item) {
                (Some(me), Some((author, visibility))) if appeal.is_none() => {
                    let in_force =
                        rules::in_force(e.action, latest.get(&e.target_id) == Some(&e.id), visibility);
                    rules::check_can_appeal(e.action, in_force, author, me).is_ok()
                }
                _ => false,
            };
            HistoryItem {
                id: e.id,
                action: e.action,
                target: LogTargetRef { kind: e.target, id: e.target_id },
                category: e.category,
                public_note: e.public_note,
                created_at: e.created_at,
                reason: if told { e.reason } else { None },
                appeal: appeal.map(|a| HistoryAppeal {
                    status: AppealStatus::from(a.outcome),
                    decided_at: a.decided_at,
                    decision_reason: if told { a.decision_reason.clone() } else { None },
                }),
                viewer_can_appeal,
            }
        })
        .collect();
    Ok(web::Json(ModerationHistory { items }))
}
