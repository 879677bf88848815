//! Reports (*ilmoitukset asiattomasta sisällöstä*): a signed-in user flags a proposal or a
//! comment once. The report is counted on the item under its row lock, in the transaction
//! that stores it; when the distinct reporters reach the call's threshold the item is hidden
//! at once, logged as `auto_hide` and its author told, exactly once whatever the concurrency.

use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use siilo_domain::moderation::{
    self as rules, ContentKind, LogAction, LogTarget, ReportReason, ReportStatus, TEXT_MAX_CHARS,
};
use siilo_domain::notifications::NotificationKind;
use siilo_domain::proposals::{Sight, proposal_sight};
use siilo_store::moderation_log::{self, NewLogEntry};
use siilo_store::notifications::{self, ModerationNotice, NewNotification};
use siilo_store::reports::{self, NewReport, ReportRecord};
use siilo_store::{DatabaseTransaction, begin_write, comments};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::paths::{CommentPath, ProposalPath};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(report_proposal).service(report_comment);
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReportRequest {
    pub reason: ReportReason,
    /// What the moderators should know, at most 1000 characters; surrounding whitespace is
    /// trimmed, and a blank note is none. Only moderators read it.
    #[validate(length(max = TEXT_MAX_CHARS))]
    #[schema(max_length = 1000, example = "Sisältää yksityishenkilön puhelinnumeron.")]
    pub note: Option<String>,
}

/// What a report is about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportTarget {
    pub kind: ContentKind,
    pub id: Uuid,
}

/// A report, as its reporter sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f8-5e6f-7a8b-9c0d-1e2f3a4b5c11", "target": {"kind": "comment", "id": "0193a4f6-2b3c-7d4e-8f5a-6b7c8d9e0f06"}, "reason": "personal_data", "note": "Sisältää yksityishenkilön puhelinnumeron.", "status": "open", "created_at": "2026-11-22T10:15:00Z"}))]
pub struct Report {
    pub id: Uuid,
    pub target: ReportTarget,
    pub reason: ReportReason,
    pub note: Option<String>,
    /// `open` until a moderator decides on the item.
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
}

impl From<ReportRecord> for Report {
    fn from(r: ReportRecord) -> Self {
        Report {
            id: r.id,
            target: ReportTarget { kind: r.target, id: r.target_id },
            reason: r.reason,
            note: r.note,
            status: r.status,
            created_at: r.created_at,
        }
    }
}

/// Where a reported item sits: its call and proposal, and its call's threshold.
struct Place {
    call_id: Uuid,
    proposal_id: Uuid,
    threshold: u32,
}

/// Report a proposal
///
/// Once per user and proposal, never one's own, only a visible one. When the distinct
/// reporters reach the call's `report_threshold`, the proposal is hidden at once (pending a
/// moderator), and its author is notified (`content_hidden`).
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ProposalPath),
    request_body = CreateReportRequest,
    responses(
        (status = 201, description = "Reported", body = Report),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`email_unverified`, `terms_not_accepted`, `own_content`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal, or the viewer may not read it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_reported`, `content_not_visible`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/proposals/{id}/reports")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn report_proposal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
    body: Body<CreateReportRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.may_take_part(&state).await?;
    let id = path.id;
    let now = Utc::now();
    let (call, facts) = siilo_store::proposals::facts(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    // A hidden proposal shows to others as a tombstone: reporting it is refused below as
    // `content_not_visible`; one they cannot see at all is not there for them.
    if proposal_sight(call.state.phase_at(now), &facts, viewer.audience()) == Sight::Nothing {
        return Err(ApiError::NotFound);
    }
    let place = Place { call_id: call.id, proposal_id: id, threshold: call.settings.report_threshold };
    let report = file(&state, &viewer, ContentKind::Proposal, id, place, body.0, now).await?;
    Ok(HttpResponse::Created().json(Report::from(report)))
}

/// Report a comment
///
/// Once per user and comment, never one's own, on a proposal the viewer may read, not a
/// deleted or hidden comment. When the distinct reporters reach the call's
/// `report_threshold`, the comment is hidden at once (pending a moderator), and its author is
/// notified (`content_hidden`).
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(CommentPath),
    request_body = CreateReportRequest,
    responses(
        (status = 201, description = "Reported", body = Report),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`email_unverified`, `terms_not_accepted`, `own_content`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such comment, or the viewer may not read its proposal", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_reported`, `content_not_visible`, `comment_deleted`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/comments/{id}/reports")]
#[tracing::instrument(skip_all, fields(comment_id = %path.id, user_id = %viewer.id()))]
pub async fn report_comment(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CommentPath>,
    body: Body<CreateReportRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.may_take_part(&state).await?;
    let id = path.id;
    let now = Utc::now();
    let comment = comments::get(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let (call, facts) =
        siilo_store::proposals::facts(&state.db, comment.proposal_id).await?.ok_or(ApiError::NotFound)?;
    // Comments are read with their proposal, in full.
    if proposal_sight(call.state.phase_at(now), &facts, viewer.audience()) < Sight::Full {
        return Err(ApiError::NotFound);
    }
    let place = Place {
        call_id: call.id,
        proposal_id: comment.proposal_id,
        threshold: call.settings.report_threshold,
    };
    let report = file(&state, &viewer, ContentKind::Comment, id, place, body.0, now).await?;
    Ok(HttpResponse::Created().json(Report::from(report)))
}

/// Files the report in one transaction: count it under the item's lock, judge the item as
/// it stands then, store it, and hide the item if this report reached the threshold.
async fn file(
    state: &AppState,
    viewer: &SignedIn,
    kind: ContentKind,
    id: Uuid,
    place: Place,
    req: CreateReportRequest,
    now: DateTime<Utc>,
) -> Result<ReportRecord, ApiError> {
    let note = req.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
    let txn = begin_write(&state.db).await?;
    let counted = reports::lock_and_count(&txn, kind, id, now).await?.ok_or(ApiError::NotFound)?;
    // Judged under the lock, so that no report lands on content a parallel one just hid.
    rules::check_can_report(&counted.facts, viewer.id())?;
    let report = reports::insert(
        &txn,
        NewReport {
            target: kind,
            target_id: id,
            call_id: place.call_id,
            proposal_id: place.proposal_id,
            reporter_id: viewer.id(),
            reason: req.reason,
            note,
        },
        now,
    )
    .await?;
    let hidden = rules::reaches_threshold(counted.open_reports, place.threshold);
    if hidden {
        auto_hide(&txn, kind, id, &counted, &place, now).await?;
    }
    txn.commit().await?;
    if hidden {
        // The author's notification may have queued an email to send at once.
        state.mail.wake();
    }
    tracing::info!(target = %id, kind = %kind, user = %viewer.id(), open = counted.open_reports, "reported");
    Ok(report)
}

/// Hides the item the reports reached the threshold of, logs it (no actor) and tells its
/// author. The hide is conditional on the item being visible, so it happens once.
async fn auto_hide(
    txn: &DatabaseTransaction,
    kind: ContentKind,
    id: Uuid,
    counted: &reports::Counted,
    place: &Place,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let counts = reports::open_reason_counts(txn, id).await?;
    let category = rules::category(None, &counts);
    if !reports::hide(txn, kind, id, category).await? {
        return Ok(());
    }
    let action = LogAction::AutoHide;
    let mut entry = NewLogEntry::new(action, None, LogTarget::from(kind), id);
    entry.call_id = Some(place.call_id);
    entry.proposal_id = Some(place.proposal_id);
    entry.category = Some(category);
    entry.data = json!({ "open_reports": counted.open_reports, "threshold": place.threshold });
    let action_id = moderation_log::append(txn, entry, now).await?;
    let author = counted.facts.author_id;
    // A proposal's accepted co-authors hear of it as its author does.
    let mut recipients = vec![author];
    if kind == ContentKind::Proposal {
        recipients.extend(siilo_store::coauthors::accepted_ids(txn, id).await?);
    }
    let notes: Vec<NewNotification> = recipients
        .into_iter()
        .filter(|u| rules::notifies_author(action, None, *u))
        .map(|user_id| NewNotification {
            user_id,
            kind: NotificationKind::ContentHidden,
            actor_id: None,
            call_id: Some(place.call_id),
            proposal_id: Some(place.proposal_id),
            comment_id: (kind == ContentKind::Comment).then_some(id),
            data: ModerationNotice {
                action_id,
                action,
                category: Some(category),
                reason: None,
                outcome: None,
            }
            .to_data(),
        })
        .collect();
    notifications::create_many(txn, &notes, now).await?;
    tracing::info!(target = %id, kind = %kind, %category, "hidden by reports");
    Ok(())
}
