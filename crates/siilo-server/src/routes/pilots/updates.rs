//! A pilot's dated progress updates and its lessons learned, written by its team (or an
//! admin) and read by everyone; followers hear of each update and of the lessons' first
//! publication.

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use siilo_domain::UserId;
use siilo_domain::notifications::NotificationKind;
use siilo_domain::pilots as rules;
use siilo_store::begin_write;
use siilo_store::notifications::{NewNotification, PilotNotice};
use siilo_store::pilots::{self as store, Lessons, NewUpdate};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::view::{self, Pilot, PilotUpdate, PilotUpdatePage};
use super::{PilotPath, PilotUpdatePath, role};
use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::markdown::to_safe_html;
use crate::routes::dto::not_blank;
use crate::routes::pagination;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PilotUpdateListParams {
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePilotUpdateRequest {
    /// The day it tells of.
    pub happened_on: NaiveDate,
    #[validate(length(min = 1, max = 200), custom(function = "not_blank"))]
    #[schema(example = "Ensimmäiset käyttäjät mukana", min_length = 1, max_length = 200, pattern = r"\S")]
    pub title: String,
    /// Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "not_blank"))]
    #[schema(
        example = "Rekisterissä on nyt **kolmen** ministeriön avustukset.",
        min_length = 1,
        max_length = 10000,
        pattern = r"\S"
    )]
    pub body: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PilotLessonsRequest {
    /// What worked; Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "not_blank"))]
    #[schema(
        example = "Yhteinen tietomalli sovittiin nopeasti.",
        min_length = 1,
        max_length = 10000,
        pattern = r"\S"
    )]
    pub worked: String,
    /// What did not; Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "not_blank"))]
    #[schema(
        example = "Hankintasäännöt hidastivat alkua.",
        min_length = 1,
        max_length = 10000,
        pattern = r"\S"
    )]
    pub not_worked: String,
    /// Recommendations for others; Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "not_blank"))]
    #[schema(
        example = "Sopikaa tietomallista ennen teknisiä valintoja.",
        min_length = 1,
        max_length = 10000,
        pattern = r"\S"
    )]
    pub recommendations: String,
}

/// The notifications telling the pilot's followers (except `actor`) of `kind`.
fn to_followers(
    followers: &[UserId],
    actor: UserId,
    kind: NotificationKind,
    notice: &PilotNotice,
) -> Vec<NewNotification> {
    rules::follower_recipients(followers, actor)
        .into_iter()
        .map(|user_id| NewNotification {
            user_id,
            kind,
            actor_id: Some(actor),
            call_id: None,
            proposal_id: None,
            comment_id: None,
            data: notice.to_data(),
        })
        .collect()
}

/// List a pilot's updates
///
/// Public; newest `happened_on` first (ties: the later written first).
#[utoipa::path(
    tag = "pilots",
    security((), ("bearer" = [])),
    params(PilotPath, PilotUpdateListParams),
    responses(
        (status = 200, description = "One page of the pilot's updates, newest first", body = PilotUpdatePage),
        (status = 401, response = Problem),
        (status = 404, response = Problem),
        (status = 422, description = "`validation_failed` (bad `limit` or `cursor`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/pilots/{id}/updates")]
#[tracing::instrument(skip_all, fields(pilot_id = %path.id))]
pub async fn list_pilot_updates(
    state: web::Data<AppState>,
    _viewer: SignedInOrVisitor,
    path: web::Path<PilotPath>,
    params: crate::extract::Query<PilotUpdateListParams>,
) -> Result<web::Json<PilotUpdatePage>, ApiError> {
    let params = params.into_inner();
    let limit = pagination::limit(params.limit)?;
    let list = format!("pilot_updates:{}", path.id);
    let after: Option<(NaiveDate, Uuid)> =
        pagination::decode(&state.cursors, &list, params.cursor.as_deref())?;
    store::title(&state.db, path.id).await?.ok_or(ApiError::NotFound)?;
    let (mut rows, total) = store::updates_page(&state.db, path.id, after, limit + 1).await?;
    let next_cursor = pagination::cut(&mut rows, limit, &state.cursors, &list, |u| (u.happened_on, u.id));
    Ok(web::Json(PilotUpdatePage { items: rows.into_iter().map(view::update).collect(), next_cursor, total }))
}

/// Post a progress update
///
/// The pilot's team or an admin (others: 403 `not_pilot_team`). Its followers, except the
/// author, are notified (`pilot_update`, `data: {pilot_id, pilot_title, update_id}`).
#[utoipa::path(
    tag = "pilots",
    security(("bearer" = [])),
    params(PilotPath),
    request_body = CreatePilotUpdateRequest,
    responses(
        (status = 201, description = "Posted", body = PilotUpdate),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_pilot_team`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/pilots/{id}/updates")]
#[tracing::instrument(skip_all, fields(pilot_id = %path.id, user_id = %viewer.id()))]
pub async fn create_pilot_update(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<PilotPath>,
    body: Body<CreatePilotUpdateRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.id;
    let Body(req) = body;
    let pilot_title = store::title(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_post(role(&state, id, Some(&viewer)).await?)?;
    let now = Utc::now();
    let html = to_safe_html(&req.body);
    let txn = begin_write(&state.db).await?;
    let new = NewUpdate {
        pilot_id: id,
        author: viewer.id(),
        happened_on: req.happened_on,
        title: req.title.trim().to_owned(),
        body: req.body,
        body_html: html,
    };
    let update_id = store::add_update(&txn, new, now).await?;
    let followers = store::followers(&txn, id).await?;
    let notice = PilotNotice { pilot_id: id, pilot_title, update_id: Some(update_id) };
    let notes = to_followers(&followers, viewer.id(), NotificationKind::PilotUpdate, &notice);
    siilo_store::notifications::create_many(&txn, &notes, now).await?;
    txn.commit().await?;
    // Its notifications may have queued emails to send at once.
    state.mail.wake();
    let update = store::get_update(&state.db, update_id).await?.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(view::update(update)))
}

/// Delete a progress update
///
/// The pilot's team or an admin (others: 403 `not_pilot_team`).
#[utoipa::path(
    tag = "pilots",
    security(("bearer" = [])),
    params(PilotUpdatePath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Problem),
        (status = 403, description = "`not_pilot_team`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pilot, or it has no such update", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/pilots/{id}/updates/{update_id}")]
#[tracing::instrument(skip_all, fields(pilot_id = %path.id, update_id = %path.update_id, user_id = %viewer.id()))]
pub async fn delete_pilot_update(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<PilotUpdatePath>,
) -> Result<HttpResponse, ApiError> {
    store::title(&state.db, path.id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_post(role(&state, path.id, Some(&viewer)).await?)?;
    if !store::delete_update(&state.db, path.id, path.update_id).await? {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Write the lessons learned
///
/// The pilot's team or an admin (others: 403 `not_pilot_team`): what worked, what did not,
/// and recommendations for others, in Markdown. Their first publication notifies the
/// followers, except the writer (`pilot_lessons`, `data: {pilot_id, pilot_title}`), exactly
/// once however many write at the same time; later edits notify nobody.
#[utoipa::path(
    tag = "pilots",
    security(("bearer" = [])),
    params(PilotPath),
    request_body = PilotLessonsRequest,
    responses(
        (status = 200, description = "The pilot with its lessons", body = Pilot),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_pilot_team`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/pilots/{id}/lessons")]
#[tracing::instrument(skip_all, fields(pilot_id = %path.id, user_id = %viewer.id()))]
pub async fn put_pilot_lessons(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<PilotPath>,
    body: Body<PilotLessonsRequest>,
) -> Result<web::Json<Pilot>, ApiError> {
    let id = path.id;
    let Body(req) = body;
    let pilot_title = store::title(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_post(role(&state, id, Some(&viewer)).await?)?;
    let lessons = Lessons {
        worked_html: to_safe_html(&req.worked),
        worked: req.worked,
        not_worked_html: to_safe_html(&req.not_worked),
        not_worked: req.not_worked,
        recommendations_html: to_safe_html(&req.recommendations),
        recommendations: req.recommendations,
    };
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let first = store::set_lessons(&txn, id, lessons, now).await?.ok_or(ApiError::NotFound)?;
    if first {
        let followers = store::followers(&txn, id).await?;
        let notice = PilotNotice { pilot_id: id, pilot_title, update_id: None };
        let notes = to_followers(&followers, viewer.id(), NotificationKind::PilotLessons, &notice);
        siilo_store::notifications::create_many(&txn, &notes, now).await?;
    }
    txn.commit().await?;
    // Its notifications may have queued emails to send at once.
    state.mail.wake();
    super::read::load(&state, id, &SignedInOrVisitor::from(viewer)).await.map(web::Json)
}
