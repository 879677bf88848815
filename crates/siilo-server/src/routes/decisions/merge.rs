//! Merging a duplicate into another proposal of the same call.

use actix_web::{post, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use siilo_domain::merging::{self as rules, REASON_MAX_CHARS};
use siilo_domain::moderation::{LogAction, LogTarget};
use siilo_domain::notifications::NotificationKind;
use siilo_domain::{DomainError, UserId};
use siilo_store::moderation_log::{self, NewLogEntry};
use siilo_store::notifications::{self, NewNotification};
use siilo_store::{begin_write, merging};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::dto::not_blank;
use crate::routes::moderation::actions::require_moderator;
use crate::routes::paths::ProposalPath;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The proposal to merge into (the target), of the same call.
    pub into: Uuid,
    /// Why, 1–1000 characters, trimmed: kept in the audit log.
    #[validate(length(min = 1, max = REASON_MAX_CHARS), custom(function = "not_blank"))]
    #[schema(example = "Sama ehdotus kuin #12.", min_length = 1, max_length = 1000, pattern = r"\S")]
    pub reason: String,
}

/// One side of a merge, as it stands after it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MergedSide {
    pub id: Uuid,
    pub number: i32,
    pub title: String,
    pub thumbs: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MergeResult {
    pub source: MergedSide,
    pub target: MergedSide,
    /// Thumbs moved from the source to the target (a user who thumbed both counted once).
    pub moved_thumbs: u64,
}

/// Merge a duplicate into another proposal
///
/// Moderators and admins. Both proposals in the same call, distinct, neither withdrawn nor
/// merged, in a call that is neither a draft nor archived. In one transaction, both rows
/// locked in id order: the source becomes `merged` with a link to the target; its thumbs move
/// to the target one per user (a user who thumbed both counts once, the target's author's
/// thumb is dropped) and both counts and trending scores are recomputed exactly; the source's
/// author is credited on the target; both authors (not the actor) are notified
/// `proposal_merged`; `merge` is logged. Its comments stay readable on the source. Of two
/// opposite merges of the same pair at once, one succeeds and the other gets `not_mergeable`.
#[utoipa::path(
    tag = "decisions",
    security(("bearer" = [])),
    params(ProposalPath),
    request_body = MergeRequest,
    responses(
        (status = 200, description = "Merged", body = MergeResult),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_mergeable`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/proposals/{id}/merge")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn merge_proposal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
    body: Body<MergeRequest>,
) -> Result<web::Json<MergeResult>, ApiError> {
    require_moderator(&viewer)?;
    let Body(req) = body;
    let reason = req.reason.trim().to_owned();
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let (source, target) = merging::lock_pair(&txn, path.id, req.into).await?;
    let source = source.ok_or(ApiError::NotFound)?;
    let target = target.ok_or(DomainError::NotMergeable)?;
    let call = siilo_store::calls::get(&txn, source.call_id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_merge(call.state.phase_at(now), &source, &target)?;
    if !merging::mark_merged(&txn, source.id, target.id, now).await? {
        return Err(DomainError::NotMergeable.into());
    }
    let moved = merging::move_thumbs(&txn, source.id, target.id, target.author_id).await?;
    let source_thumbs = merging::recount(&txn, source.id, call.created_at).await?;
    let target_thumbs = merging::recount(&txn, target.id, call.created_at).await?;
    let credited = rules::credited(source.author_id, target.author_id);
    merging::credit(&txn, target.id, target.author_id, credited, source.id, now).await?;

    let s = siilo_store::proposals::get(&txn, source.id).await?.ok_or(ApiError::NotFound)?;
    let t = siilo_store::proposals::get(&txn, target.id).await?.ok_or(ApiError::NotFound)?;
    let data = serde_json::json!({
        "source_id": s.id,
        "target_id": t.id,
        "source_number": s.number,
        "target_number": t.number,
    });
    // Each team (author and accepted co-authors) hears of it on its own proposal; someone in
    // both teams hears of it once, on the target.
    let target_team = siilo_domain::team::team_recipients(t.author_id, &t.coauthor_ids(), Some(viewer.id()));
    let source_team: Vec<UserId> =
        siilo_domain::team::team_recipients(s.author_id, &s.coauthor_ids(), Some(viewer.id()))
            .into_iter()
            .filter(|u| !target_team.contains(u))
            .collect();
    let notices: Vec<NewNotification> = target_team
        .iter()
        .chain(&source_team)
        .copied()
        .map(|user_id: UserId| NewNotification {
            user_id,
            kind: NotificationKind::ProposalMerged,
            actor_id: None,
            call_id: Some(call.id),
            // Each team hears of it on its own proposal.
            proposal_id: Some(if target_team.contains(&user_id) { t.id } else { s.id }),
            comment_id: None,
            data: data.clone(),
        })
        .collect();
    notifications::create_many(&txn, &notices, now).await?;
    let mut entry = NewLogEntry::new(LogAction::Merge, Some(viewer.id()), LogTarget::Proposal, s.id);
    entry.call_id = Some(call.id);
    entry.proposal_id = Some(s.id);
    entry.reason = Some(reason);
    entry.data = serde_json::json!({ "into": t.id, "moved_thumbs": moved });
    moderation_log::append(&txn, entry, now).await?;
    txn.commit().await?;
    // Its notifications may have queued emails to send at once.
    state.mail.wake();
    tracing::info!(source = %s.id, target = %t.id, moved, "proposals merged");
    Ok(web::Json(MergeResult {
        source: MergedSide { id: s.id, number: s.number, title: s.title, thumbs: source_thumbs },
        target: MergedSide { id: t.id, number: t.number, title: t.title, thumbs: target_thumbs },
        moved_thumbs: moved,
    }))
}
