//! A call's news (*Ajankohtaista*): read by anyone who may see the call, newest first;
//! posted, edited and deleted by its managers (admins and the call's call managers), each act
//! in the audit log. Posting on a published call tells its followers, except the poster.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use siilo_domain::call_news::{self as rules, BODY_MAX, TITLE_MAX};
use siilo_domain::calls;
use siilo_domain::moderation::{LogAction, LogTarget};
use siilo_domain::notifications::NotificationKind;
use siilo_store::begin_write;
use siilo_store::call_news::{self as store, NewsRecord, NewsTexts};
use siilo_store::calls::{CallRecord, Localized};
use siilo_store::moderation_log::{self, NewLogEntry};
use siilo_store::notifications::{CallNewsNotice, NewNotification};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::texts::{FinnishRequiredText, texts};
use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::markdown::to_safe_html_localized;
use crate::routes::pagination;
use crate::routes::paths::{CallIdOrSlug, CallPath};
use crate::state::AppState;

/// `/calls/{id}/news/{news_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CallNewsPath {
    /// Call id
    pub id: Uuid,
    /// News item id
    pub news_id: Uuid,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallNewsListParams {
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

/// A news item's title as requests give it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsTitleTexts {
    /// 1–200 characters, not only spaces.
    #[schema(example = "Ehdotusaikaa jatketaan viikolla", min_length = 1, max_length = 200, pattern = r"\S")]
    pub fi: String,
    /// At most 200 characters; an empty one is dropped.
    #[schema(example = "Tiden för förslag förlängs med en vecka", max_length = 200)]
    pub sv: Option<String>,
    /// At most 200 characters; an empty one is dropped.
    #[schema(example = "The submission period is extended by a week", max_length = 200)]
    pub en: Option<String>,
}

/// A news item's body as requests give it: Markdown.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsBodyTexts {
    /// 1–10000 characters, not only spaces.
    #[schema(
        example = "Ehdotuksia voi jättää **21.12.2026** asti.",
        min_length = 1,
        max_length = 10000,
        pattern = r"\S"
    )]
    pub fi: String,
    /// At most 10000 characters; an empty one is dropped.
    #[schema(example = "Förslag kan lämnas till och med **21.12.2026**.", max_length = 10000)]
    pub sv: Option<String>,
    /// At most 10000 characters; an empty one is dropped.
    #[schema(example = "Proposals can be submitted until **21 December 2026**.", max_length = 10000)]
    pub en: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCallNewsRequest {
    #[schema(value_type = NewsTitleTexts)]
    pub title: FinnishRequiredText,
    /// Markdown, rendered to safe HTML.
    #[schema(value_type = NewsBodyTexts)]
    pub body: FinnishRequiredText,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCallNewsRequest {
    /// Replaces the title in every language; left out, it stays.
    #[schema(value_type = Option<NewsTitleTexts>)]
    pub title: Option<FinnishRequiredText>,
    /// Replaces the body in every language (Markdown); left out, it stays.
    #[schema(value_type = Option<NewsBodyTexts>)]
    pub body: Option<FinnishRequiredText>,
}

/// Who wrote a news item.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsAuthor {
    pub id: Uuid,
    #[schema(example = "Maija Meikäläinen")]
    pub display_name: String,
}

/// A dated news item of a call.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f8-1a2b-7c3d-8e4f-5a6b7c8d9e10", "call_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "title": {"fi": "Ehdotusaikaa jatketaan viikolla", "sv": "Tiden för förslag förlängs med en vecka", "en": "The submission period is extended by a week"}, "body": {"fi": "Ehdotuksia voi jättää **21.12.2026** asti.", "sv": null, "en": null}, "body_html": {"fi": "<p>Ehdotuksia voi jättää <strong>21.12.2026</strong> asti.</p>", "sv": null, "en": null}, "author": {"id": "0193a4f0-6a7b-7c8d-9e0f-1a2b3c4d5e09", "display_name": "Maija Meikäläinen"}, "published_at": "2026-12-01T09:00:00Z", "updated_at": "2026-12-01T09:00:00Z"}))]
pub struct CallNews {
    pub id: Uuid,
    pub call_id: Uuid,
    pub title: FinnishRequiredText,
    /// Markdown, as written.
    pub body: FinnishRequiredText,
    /// `body` rendered from Markdown to sanitised HTML, per language (a language without a
    /// body has none).
    pub body_html: FinnishRequiredText,
    /// `null` when the author's account has been erased.
    pub author: Option<NewsAuthor>,
    pub published_at: DateTime<Utc>,
    /// The last edit; `published_at` when never edited.
    pub updated_at: DateTime<Utc>,
}

/// One page of a call's news, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallNewsPage {
    pub items: Vec<CallNews>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// How many news items the call has.
    pub total: u64,
}

fn view(r: NewsRecord) -> CallNews {
    CallNews {
        id: r.id,
        call_id: r.call_id,
        title: r.texts.title.into(),
        body: r.texts.body.into(),
        body_html: r.texts.body_html.into(),
        author: r.author.map(|(id, display_name)| NewsAuthor { id: id.0, display_name }),
        published_at: r.published_at,
        updated_at: r.updated_at,
    }
}

/// The call for a write by `viewer`: 404 when there is none or the viewer may not see it,
/// 403 `not_call_manager` when they see it but do not run it; then the participation guard
/// and `call_archived`.
async fn managed_call(state: &AppState, viewer: &SignedIn, call_id: Uuid) -> Result<CallRecord, ApiError> {
    let call = siilo_store::calls::get(&state.db, call_id).await?.ok_or(ApiError::NotFound)?;
    let phase = call.state.phase_at(Utc::now());
    if let Err(refused) = viewer.may_manage_call(state, call_id).await {
        // A draft stays unseen by those who do not run it.
        return Err(if calls::is_visible(phase, viewer.is_admin()) { refused } else { ApiError::NotFound });
    }
    viewer.may_take_part(state).await?;
    rules::check_call_takes_news(phase)?;
    Ok(call)
}

fn log_entry(action: LogAction, viewer: &SignedIn, call_id: Uuid, news_id: Uuid, title: &str) -> NewLogEntry {
    let mut entry = NewLogEntry::new(action, Some(viewer.id()), LogTarget::Call, call_id);
    entry.call_id = Some(call_id);
    entry.data = json!({ "news_id": news_id, "title": title });
    entry
}

/// List a call's news
///
/// Anyone who may see the call (a draft's news are its managers' only); newest first.
#[utoipa::path(
    tag = "calls",
    security((), ("bearer" = [])),
    params(CallIdOrSlug, CallNewsListParams),
    responses(
        (status = 200, description = "One page of the call's news, newest first", body = CallNewsPage),
        (status = 401, response = Problem),
        (status = 404, response = Problem),
        (status = 422, description = "`validation_failed` (bad `limit`), `invalid_cursor`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calls/{id}/news")]
#[tracing::instrument(skip_all, fields(call = %path.id, user_id = viewer.id().map(tracing::field::display)))]
pub async fn list_call_news(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<CallIdOrSlug>,
    params: crate::extract::Query<CallNewsListParams>,
) -> Result<web::Json<CallNewsPage>, ApiError> {
    let params = params.into_inner();
    let limit = pagination::limit(params.limit)?;
    let call = super::find_visible(&state, &path.id, &viewer).await?;
    let list = format!("call_news:{}", call.id);
    let after: Option<(DateTime<Utc>, Uuid)> =
        pagination::decode(&state.cursors, &list, params.cursor.as_deref())?;
    let (mut rows, total) = store::page(&state.db, call.id, after, limit + 1).await?;
    let next_cursor = pagination::cut(&mut rows, limit, &state.cursors, &list, |n| (n.published_at, n.id));
    Ok(web::Json(CallNewsPage { items: rows.into_iter().map(view).collect(), next_cursor, total }))
}

/// Post news on a call
///
/// Admins and the call's managers (others: 403 `not_call_manager`). Published at once. Any
/// call but an archived one (`call_archived`) takes news. On a published call, its followers
/// except the poster are notified (`call_news`, `data: {call_slug, call_title, news_id,
/// news_title}`). Logged as `news_posted`.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(CallPath),
    request_body = CreateCallNewsRequest,
    responses(
        (status = 201, description = "Posted", body = CallNews),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`, `email_unverified`, `terms_not_accepted`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calls/{id}/news")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn create_call_news(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
    body: Body<CreateCallNewsRequest>,
) -> Result<HttpResponse, ApiError> {
    let Body(req) = body;
    let mut errors = Vec::new();
    let title = texts("title", &req.title, TITLE_MAX, &mut errors);
    let body = texts("body", &req.body, BODY_MAX, &mut errors);
    let call = managed_call(&state, &viewer, path.id).await?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = Utc::now();
    let body_html = to_safe_html_localized(&body);
    let txn = begin_write(&state.db).await?;
    // Checked again inside the write: the call may have been archived meanwhile.
    let current = siilo_store::calls::get(&txn, call.id).await?.ok_or(ApiError::NotFound)?;
    let phase = current.state.phase_at(now);
    rules::check_call_takes_news(phase)?;
    let texts = NewsTexts { title: title.clone(), body, body_html };
    let news_id = store::create(&txn, call.id, viewer.id(), texts, now).await?;
    moderation_log::append(&txn, log_entry(LogAction::NewsPosted, &viewer, call.id, news_id, &title.fi), now)
        .await?;
    if rules::notifies_followers(phase) {
        let followers = store::followers_except(&txn, call.id, viewer.id()).await?;
        let notice = CallNewsNotice {
            call_slug: current.slug.clone(),
            call_title: current.title.clone(),
            news_id,
            news_title: title,
        };
        let data = notice.to_data();
        let notes: Vec<NewNotification> = followers
            .into_iter()
            .map(|user_id| NewNotification {
                user_id,
                kind: NotificationKind::CallNews,
                actor_id: Some(viewer.id()),
                call_id: Some(call.id),
                proposal_id: None,
                comment_id: None,
                data: data.clone(),
            })
            .collect();
        siilo_store::notifications::create_all(&txn, &notes, now).await?;
    }
    let news = store::get(&txn, call.id, news_id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    // Its notifications may have queued emails to send at once.
    state.mail.wake();
    Ok(HttpResponse::Created().json(view(news)))
}

/// Edit a call's news item
///
/// Admins and the call's managers (others: 403 `not_call_manager`); not on an archived call
/// (`call_archived`). The texts given replace the old ones; nobody is notified. Logged as
/// `news_updated`.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(CallNewsPath),
    request_body = UpdateCallNewsRequest,
    responses(
        (status = 200, description = "The news item as changed", body = CallNews),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`, `email_unverified`, `terms_not_accepted`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call, or it has no such news item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`call_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/calls/{id}/news/{news_id}")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, news_id = %path.news_id, user_id = %viewer.id()))]
pub async fn update_call_news(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallNewsPath>,
    body: Body<UpdateCallNewsRequest>,
) -> Result<web::Json<CallNews>, ApiError> {
    let Body(req) = body;
    let CallNewsPath { id: call_id, news_id } = path.into_inner();
    let mut errors = Vec::new();
    let title: Option<Localized> = req.title.as_ref().map(|t| texts("title", t, TITLE_MAX, &mut errors));
    let body = req.body.as_ref().map(|b| texts("body", b, BODY_MAX, &mut errors));
    managed_call(&state, &viewer, call_id).await?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let body = body.map(|b| {
        let html = to_safe_html_localized(&b);
        (b, html)
    });
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let current = siilo_store::calls::get(&txn, call_id).await?.ok_or(ApiError::NotFound)?;
    rules::check_call_takes_news(current.state.phase_at(now))?;
    if !store::update(&txn, call_id, news_id, title, body, now).await? {
        return Err(ApiError::NotFound);
    }
    let news = store::get(&txn, call_id, news_id).await?.ok_or(ApiError::NotFound)?;
    let entry = log_entry(LogAction::NewsUpdated, &viewer, call_id, news_id, &news.texts.title.fi);
    moderation_log::append(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(web::Json(view(news)))
}

/// Delete a call's news item
///
/// Admins and the call's managers (others: 403 `not_call_manager`); not on an archived call
/// (`call_archived`). Nobody is notified. Logged as `news_deleted`.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(CallNewsPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`, `email_unverified`, `terms_not_accepted`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call, or it has no such news item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`call_archived`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/calls/{id}/news/{news_id}")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, news_id = %path.news_id, user_id = %viewer.id()))]
pub async fn delete_call_news(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallNewsPath>,
) -> Result<HttpResponse, ApiError> {
    let CallNewsPath { id: call_id, news_id } = path.into_inner();
    managed_call(&state, &viewer, call_id).await?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let current = siilo_store::calls::get(&txn, call_id).await?.ok_or(ApiError::NotFound)?;
    rules::check_call_takes_news(current.state.phase_at(now))?;
    let news = store::get(&txn, call_id, news_id).await?.ok_or(ApiError::NotFound)?;
    store::delete(&txn, call_id, news_id).await?;
    let entry = log_entry(LogAction::NewsDeleted, &viewer, call_id, news_id, &news.texts.title.fi);
    moderation_log::append(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
