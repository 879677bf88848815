//! Appeals: the author of hidden or rejected content asks once that the action be reversed,
//! and a moderator other than the one who acted decides.

use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::DomainError;
use siilo_domain::moderation::{
    self as rules, AppealOutcome, AppealStatus, ContentKind, LogAction, LogTarget, ReportStatus,
};
use siilo_domain::proposals::Visibility;
use siilo_store::moderation::{self, AppealRecord, Change, NewAppeal};
use siilo_store::moderation_log::{self, NewLogEntry};
use siilo_store::notifications::ModerationNotice;
use siilo_store::{ConnectionTrait, begin_write};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::actions::{notify_author, require_moderator};
use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::dto::not_blank;
use crate::routes::paths::{ActionPath, AppealPath};
use crate::state::AppState;

/// An appeal against a moderation action.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f9-1a2b-7c3d-8e4f-5a6b7c8d9e12", "action_id": "0193a4f8-1a2b-7c3d-8e4f-5a6b7c8d9e10", "text": "Kommenttini oli asiallinen, se vain lainasi toista.", "status": "open", "created_at": "2026-11-23T12:00:00Z", "decided_at": null, "decision_reason": null}))]
pub struct Appeal {
    pub id: Uuid,
    /// The log entry of the action appealed.
    pub action_id: Uuid,
    pub text: String,
    pub status: AppealStatus,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The deciding moderator's reason, told to the appellant.
    pub decision_reason: Option<String>,
}

impl From<AppealRecord> for Appeal {
    fn from(a: AppealRecord) -> Self {
        Appeal {
            id: a.id,
            action_id: a.action_id,
            text: a.text,
            status: AppealStatus::from(a.outcome),
            created_at: a.created_at,
            decided_at: a.decided_at,
            decision_reason: a.decision_reason,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAppealRequest {
    /// Why the action was wrong, 1–1000 characters, trimmed.
    #[validate(length(min = 1, max = rules::TEXT_MAX_CHARS), custom(function = "not_blank"))]
    #[schema(
        example = "Kommenttini oli asiallinen, se vain lainasi toista.",
        min_length = 1,
        max_length = 1000,
        pattern = r"\S"
    )]
    pub text: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealDecisionRequest {
    pub outcome: AppealOutcome,
    /// Why, 1–1000 characters, trimmed: told to the appellant.
    #[validate(length(min = 1, max = rules::TEXT_MAX_CHARS), custom(function = "not_blank"))]
    #[schema(
        example = "Lainaus oli asiayhteydessään asiallinen.",
        min_length = 1,
        max_length = 1000,
        pattern = r"\S"
    )]
    pub reason: String,
}

fn content_kind(target: LogTarget) -> Option<ContentKind> {
    match target {
        LogTarget::Proposal => Some(ContentKind::Proposal),
        LogTarget::Comment => Some(ContentKind::Comment),
        LogTarget::User | LogTarget::Call => None,
    }
}

/// Is the action the latest on its item, and the item still as it left it?
async fn still_in_force(
    db: &impl ConnectionTrait,
    action_id: Uuid,
    action: LogAction,
    target_id: Uuid,
    visibility: Visibility,
) -> Result<bool, ApiError> {
    let latest = moderation_log::latest_on(db, target_id).await? == Some(action_id);
    Ok(rules::in_force(action, latest, visibility))
}

/// Appeal a moderation action
///
/// The author of hidden or rejected content asks, once per action, that the action
/// (`hide`, `auto_hide` or `reject`) be reversed, while it still stands. Another moderator
/// than the one who acted decides.
#[utoipa::path(
    tag = "moderation",
    security(("bearer" = [])),
    params(ActionPath),
    request_body = CreateAppealRequest,
    responses(
        (status = 201, description = "Appealed; the appeal waits in the moderation queue", body = Appeal),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`email_unverified`, `terms_not_accepted`, `not_author`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such action, or its item is gone", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_appealable` (not a hide, auto-hide or rejection, or it no longer stands), `already_appealed`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/moderation/actions/{id}/appeal")]
#[tracing::instrument(skip_all, fields(action_id = %path.id, user_id = %viewer.id()))]
pub async fn create_appeal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ActionPath>,
    body: Body<CreateAppealRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.may_take_part(&state).await?;
    let Body(req) = body;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let entry = moderation_log::get(&txn, path.id).await?.ok_or(ApiError::NotFound)?;
    // An account's block or erasure is no content of the viewer's: nothing to appeal here.
    let kind = content_kind(entry.target).ok_or(ApiError::NotFound)?;
    let item = moderation::item(&txn, kind, entry.target_id).await?.ok_or(ApiError::NotFound)?;
    let in_force = still_in_force(&txn, entry.id, entry.action, item.id, item.visibility).await?;
    // Its author hears first that they appealed already (an overturned action stands no more).
    if item.author_id == viewer.id() && !moderation::appeals_of(&txn, &[entry.id]).await?.is_empty() {
        return Err(DomainError::AlreadyAppealed.into());
    }
    rules::check_can_appeal(entry.action, in_force, item.author_id, viewer.id())?;
    let appeal = moderation::create_appeal(
        &txn,
        NewAppeal {
            action_id: entry.id,
            target: kind,
            target_id: item.id,
            call_id: Some(item.call_id),
            proposal_id: Some(item.proposal_id),
            appellant_id: viewer.id(),
            text: req.text.trim().to_owned(),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(appeal = %appeal.id, action = %entry.id, "appeal filed");
    Ok(HttpResponse::Created().json(Appeal::from(appeal)))
}

/// Decide an appeal
///
/// Moderators and admins, but not the one who took the action (`own_moderation_action`);
/// an automatic hide any moderator decides. `upheld`: the action stands. `overturned`: it is
/// reversed (hidden content shows again with its open reports dismissed; a rejected
/// proposal shows in the call). Logged as `appeal_upheld` or `appeal_overturned`; the
/// appellant is told the outcome and the reason.
#[utoipa::path(
    tag = "moderation",
    security(("bearer" = [])),
    params(AppealPath),
    request_body = AppealDecisionRequest,
    responses(
        (status = 200, description = "Decided", body = Appeal),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`, `own_moderation_action`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such appeal", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`appeal_decided`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/moderation/appeals/{id}/decision")]
#[tracing::instrument(skip_all, fields(appeal_id = %path.id, user_id = %viewer.id()))]
pub async fn decide_appeal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<AppealPath>,
    body: Body<AppealDecisionRequest>,
) -> Result<web::Json<Appeal>, ApiError> {
    require_moderator(&viewer)?;
    let Body(req) = body;
    let reason = req.reason.trim().to_owned();
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let appeal = moderation::appeal(&txn, path.id).await?.ok_or(ApiError::NotFound)?;
    let entry = moderation_log::get(&txn, appeal.action_id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_decide_appeal(
        entry.actor.as_ref().map(|(id, _)| *id),
        viewer.id(),
        appeal.decided_at.is_some(),
    )?;
    if !moderation::decide_appeal(&txn, appeal.id, viewer.id(), req.outcome, &reason, now).await? {
        return Err(DomainError::AppealDecided.into());
    }
    let item = moderation::item(&txn, appeal.target, appeal.target_id).await?.ok_or(ApiError::NotFound)?;
    let mut reversed = false;
    let mut resolved = 0;
    if req.outcome == AppealOutcome::Overturned
        && let Some(left) = rules::visibility_left_by(entry.action)
    {
        let change = Change {
            from: left,
            to: Visibility::Visible,
            category: None,
            note: None,
            needs_open_reports: false,
            needs_undeleted: false,
        };
        // Nothing to reverse when the item changed since (restored by a moderator meanwhile).
        reversed = moderation::apply(&txn, item.kind, item.id, &change).await?;
        if reversed {
            resolved = moderation::resolve_reports(&txn, item.id, ReportStatus::Dismissed, now).await?;
        }
    }
    let action = match req.outcome {
        AppealOutcome::Upheld => LogAction::AppealUpheld,
        AppealOutcome::Overturned => LogAction::AppealOverturned,
    };
    let mut log = NewLogEntry::new(action, Some(viewer.id()), LogTarget::from(item.kind), item.id);
    log.call_id = Some(item.call_id);
    log.proposal_id = Some(item.proposal_id);
    log.category = entry.category;
    log.reason = Some(reason.clone());
    log.data = serde_json::json!({
        "appeal_id": appeal.id,
        "action_id": entry.id,
        "reversed": reversed,
        "reports_resolved": resolved,
    });
    let id = moderation_log::append(&txn, log, now).await?;
    let notice = ModerationNotice {
        action_id: id,
        action,
        category: entry.category,
        reason: Some(reason),
        outcome: Some(req.outcome),
    };
    notify_author(&txn, &item, notice, reversed, Some(viewer.id()), appeal.appellant_id, now).await?;
    let decided = moderation::appeal(&txn, appeal.id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    // Its notifications may have queued emails to send at once.
    state.mail.wake();
    tracing::info!(appeal = %appeal.id, outcome = %req.outcome, moderator = %viewer.id(), "appeal decided");
    Ok(web::Json(Appeal::from(decided)))
}
