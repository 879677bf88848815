//! Publishing a call's results: every decision at once, in one transaction.

use std::collections::HashMap;

use actix_web::{post, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use siilo_domain::UserId;
use siilo_domain::evaluation as rules;
use siilo_domain::moderation::{LogAction, LogTarget};
use siilo_domain::roles::Role;
use siilo_store::moderation_log::{self, NewLogEntry};
use siilo_store::{begin_write, decisions, merging, notifications};
use utoipa::ToSchema;
use uuid::Uuid;

use super::decision_notices;
use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::routes::paths::CallPath;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedResults {
    pub published_at: DateTime<Utc>,
    /// Decisions made public (copied onto their proposals).
    pub decisions: u64,
    /// Notifications sent to authors and credited co-authors.
    pub notified: u64,
}

/// Publish a call's results
///
/// Admins, once, while the call is in `review`. In one transaction: the call's
/// `results_published_at` is set (its phase becomes `results`), each decision's stage is
/// copied onto its proposal (not onto proposals withdrawn or merged since), each decided
/// proposal's author and credited co-authors are notified `decision_published` with their
/// outcome, and `results_published` is logged. Of two parallel requests one succeeds and the
/// other gets `results_published`.
#[utoipa::path(
    tag = "decisions",
    security(("bearer" = [])),
    params(CallPath),
    responses(
        (status = 200, description = "Published", body = PublishedResults),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_in_review`, `results_published`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calls/{id}/results")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn publish_results(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
) -> Result<web::Json<PublishedResults>, ApiError> {
    viewer.require(Role::Admin)?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    decisions::lock_call(&txn, path.id).await?.ok_or(ApiError::NotFound)?;
    let call = siilo_store::calls::get(&txn, path.id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_publish_results(call.state.phase_at(now))?;
    if !decisions::mark_published(&txn, call.id, now).await? {
        return Err(siilo_domain::DomainError::ResultsPublished.into());
    }
    let applied = decisions::apply_all(&txn, call.id).await?;
    let ids: Vec<Uuid> = applied.iter().map(|a| a.proposal_id).collect();
    let mut credited: HashMap<Uuid, Vec<UserId>> = HashMap::new();
    for (proposal, user) in merging::credited_users(&txn, &ids).await? {
        credited.entry(proposal).or_default().push(user);
    }
    // The accepted co-authors hear of it as the author does.
    let teams = siilo_store::coauthors::teams(&txn, &ids).await?;
    let notices: Vec<_> = applied
        .iter()
        .flat_map(|a| {
            let co = credited.get(&a.proposal_id).cloned().unwrap_or_default();
            let team = teams.get(&a.proposal_id).into_iter().flatten().map(|m| m.user_id);
            decision_notices(
                call.id,
                a.proposal_id,
                a.stage,
                std::iter::once(a.author_id).chain(team).chain(co),
            )
        })
        .collect();
    notifications::create_many(&txn, &notices, now).await?;
    // Followers hear of each decision too, by stage (one statement per stage), except the
    // team and those told above.
    let mut by_stage: HashMap<&'static str, (serde_json::Value, Vec<Uuid>)> = HashMap::new();
    for a in &applied {
        let stage = a.stage.into_str();
        by_stage
            .entry(stage)
            .or_insert_with(|| (serde_json::json!({ "stage": stage }), Vec::new()))
            .1
            .push(a.proposal_id);
    }
    for (data, proposals) in by_stage.into_values() {
        let notice = notifications::FollowerNotice {
            kind: siilo_domain::notifications::NotificationKind::FollowedDecision,
            actor_id: None,
            comment_id: None,
            data,
            except: &[],
            except_team: true,
        };
        notifications::notify_followers(&txn, &proposals, &notice, now).await?;
    }
    let (decided, notified) = (applied.len() as u64, notices.len() as u64);
    let mut entry =
        NewLogEntry::new(LogAction::ResultsPublished, Some(viewer.id()), LogTarget::Call, call.id);
    entry.call_id = Some(call.id);
    entry.data = serde_json::json!({ "decisions": decided, "notified": notified });
    moderation_log::append(&txn, entry, now).await?;
    txn.commit().await?;
    // Its notifications may have queued emails to send at once.
    state.mail.wake();
    tracing::info!(call = %call.id, decisions = decided, notified, "results published");
    Ok(web::Json(PublishedResults { published_at: now, decisions: decided, notified }))
}
