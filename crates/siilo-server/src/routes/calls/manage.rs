//! Running calls: creating, changing, publishing and archiving them. Admins run every call,
//! call managers theirs (`SignedIn::may_manage_call`); each act is in the audit log.

use actix_web::{HttpResponse, patch, post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use siilo_domain::OrganisationId;
use siilo_domain::calls::{self, DEFAULT_REPORT_THRESHOLD, ModerationMode, Window};
use siilo_domain::moderation::{LogAction, LogTarget};
use siilo_store::begin_write;
use siilo_store::calls::{self as store, CallChange, CallSettings, Localized, NewCall};
use siilo_store::moderation_log::{self, NewLogEntry};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::texts::{
    DESCRIPTION_MAX, DescriptionTexts, FinnishRequiredText, THEME_MAX, TITLE_MAX, TitleTexts, texts,
};
use super::themes::ThemeInput;
use super::view::{Call, one};
use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, ErrorCode, FieldError, Problem};
use crate::extract::Body;
use crate::markdown::to_safe_html_localized;
use crate::routes::dto::present;
use crate::routes::paths::CallPath;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCallRequest {
    /// 3–80 lower-case letters, digits and single dashes.
    #[schema(
        example = "siilonmurtajat-2026",
        min_length = 3,
        max_length = 80,
        pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"
    )]
    pub slug: String,
    #[schema(value_type = TitleTexts)]
    pub title: FinnishRequiredText,
    /// Plain text or Markdown.
    #[schema(value_type = DescriptionTexts)]
    pub description: FinnishRequiredText,
    pub opens_at: DateTime<Utc>,
    pub submissions_close_at: DateTime<Utc>,
    pub voting_closes_at: DateTime<Utc>,
    /// `post` (default) or `pre`.
    pub moderation_mode: Option<ModerationMode>,
    /// Distinct reporters that hide content until a moderator decides: 1–100, default 3.
    #[validate(range(min = 1, max = 100))]
    #[schema(minimum = 1, maximum = 100, example = 3)]
    pub report_threshold: Option<u32>,
    /// Proposals one person may submit to the call: 1–1000; no limit when left out.
    #[validate(range(min = 1, max = 1000))]
    #[schema(minimum = 1, maximum = 1000, example = 3)]
    pub max_proposals_per_user: Option<u32>,
    /// Thumbs one person may give in the call: 1–10000; no limit when left out.
    #[validate(range(min = 1, max = 10000))]
    #[schema(minimum = 1, maximum = 10000, example = 10)]
    pub max_thumbs_per_user: Option<u32>,
    /// Evaluators may already review while the call takes thumbs (`voting`); default false.
    pub reviews_in_voting: Option<bool>,
    /// At most 30.
    #[serde(default)]
    #[validate(length(max = 30))]
    #[schema(max_items = 30)]
    pub themes: Vec<ThemeInput>,
    /// The organisation that hosts (runs) the call. Admins give any organisation, or none; a
    /// manager of an organisation's calls must give one of those organisations.
    pub host_organisation_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCallRequest {
    /// 3–80 lower-case letters, digits and single dashes.
    #[schema(
        example = "siilonmurtajat-2026",
        min_length = 3,
        max_length = 80,
        pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"
    )]
    pub slug: Option<String>,
    #[schema(value_type = Option<TitleTexts>)]
    pub title: Option<FinnishRequiredText>,
    /// Plain text or Markdown.
    #[schema(value_type = Option<DescriptionTexts>)]
    pub description: Option<FinnishRequiredText>,
    pub opens_at: Option<DateTime<Utc>>,
    pub submissions_close_at: Option<DateTime<Utc>>,
    pub voting_closes_at: Option<DateTime<Utc>>,
    pub moderation_mode: Option<ModerationMode>,
    /// 1–100.
    #[validate(range(min = 1, max = 100))]
    #[schema(minimum = 1, maximum = 100)]
    pub report_threshold: Option<u32>,
    /// 1–1000; `null` removes the limit.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<u32>, nullable, minimum = 1, maximum = 1000)]
    pub max_proposals_per_user: Option<Option<u32>>,
    /// 1–10000; `null` removes the limit.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<u32>, nullable, minimum = 1, maximum = 10000)]
    pub max_thumbs_per_user: Option<Option<u32>>,
    /// Evaluators may already review while the call takes thumbs (`voting`).
    pub reviews_in_voting: Option<bool>,
    /// The host organisation; `null` for none (admins only). A call manager may only give
    /// an organisation whose calls they manage.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub host_organisation_id: Option<Option<Uuid>>,
}

/// The organisations whose calls the viewer manages; none for an admin, who needs none.
async fn managed_organisations(state: &AppState, viewer: &SignedIn) -> Result<Vec<Uuid>, ApiError> {
    if viewer.is_admin() {
        return Ok(Vec::new());
    }
    Ok(siilo_store::call_managers::managed_by(&state.db, viewer.id().0).await?.organisation_ids)
}

/// A host organisation must exist.
async fn check_host_exists(state: &AppState, host: Option<Uuid>) -> Result<(), ApiError> {
    let Some(id) = host else { return Ok(()) };
    if state.organisations.get(&state.db).await?.get(OrganisationId(id)).is_some() {
        return Ok(());
    }
    Err(ApiError::Validation(vec![FieldError::new(
        "host_organisation_id",
        ErrorCode::UnknownOrganisation,
        "is no organisation",
    )]))
}

/// An entry of the audit log about a call, by the viewer.
pub(crate) fn call_entry(
    action: LogAction,
    viewer: &SignedIn,
    call_id: Uuid,
    data: serde_json::Value,
) -> NewLogEntry {
    let mut entry = NewLogEntry::new(action, Some(viewer.id()), LogTarget::Call, call_id);
    entry.call_id = Some(call_id);
    entry.data = data;
    entry
}

fn checked_slug(raw: &str, errors: &mut Vec<FieldError>) -> String {
    let slug = raw.trim().to_owned();
    if !calls::is_valid_slug(&slug) {
        errors.push(FieldError::new(
            "slug",
            ErrorCode::InvalidSlug,
            "must be 3–80 lower-case letters, digits and single dashes",
        ));
    }
    slug
}

fn limits_in_range(max_proposals: Option<u32>, max_thumbs: Option<u32>) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if max_proposals.is_some_and(|n| !(1..=1000).contains(&n)) {
        errors.push(
            FieldError::new("max_proposals_per_user", ErrorCode::Range, "must be between 1 and 1000")
                .limits(Some(1), Some(1000)),
        );
    }
    if max_thumbs.is_some_and(|n| !(1..=10000).contains(&n)) {
        errors.push(
            FieldError::new("max_thumbs_per_user", ErrorCode::Range, "must be between 1 and 10000")
                .limits(Some(1), Some(10000)),
        );
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Create a call
///
/// Admins, and the managers of an organisation's calls (for a call their organisation hosts:
/// `host_organisation_id` is then required). The call starts as a draft; publish it to show
/// it. Logged as `call_created`.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    request_body = CreateCallRequest,
    responses(
        (status = 201, description = "Created as a draft", body = Call),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`: neither an admin nor a manager of the host organisation's calls", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slug_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed` (also for an unknown host organisation, or none given by a call manager), `window_order`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calls")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn create_call(
    state: web::Data<AppState>,
    viewer: SignedIn,
    body: Body<CreateCallRequest>,
) -> Result<HttpResponse, ApiError> {
    let managed = managed_organisations(&state, &viewer).await?;
    calls::check_may_create(viewer.is_admin(), !managed.is_empty())?;
    let Body(req) = body;
    if !viewer.is_admin() && req.host_organisation_id.is_none() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "host_organisation_id",
            ErrorCode::Required,
            "the organisation whose call this is",
        )]));
    }
    calls::check_host_organisation(viewer.is_admin(), None, req.host_organisation_id, &managed)?;
    check_host_exists(&state, req.host_organisation_id).await?;
    let mut errors = Vec::new();
    let slug = checked_slug(&req.slug, &mut errors);
    let title = texts("title", &req.title, TITLE_MAX, &mut errors);
    let description = texts("description", &req.description, DESCRIPTION_MAX, &mut errors);
    let description_html = to_safe_html_localized(&description);
    let themes: Vec<Localized> = req
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| texts(&format!("themes[{i}].name"), &t.name, THEME_MAX, &mut errors))
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let window = Window::new(req.opens_at, req.submissions_close_at, req.voting_closes_at)?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let call = store::create(
        &txn,
        NewCall {
            slug,
            title,
            description,
            description_html,
            window,
            settings: CallSettings {
                moderation_mode: req.moderation_mode.unwrap_or_default(),
                report_threshold: req.report_threshold.unwrap_or(DEFAULT_REPORT_THRESHOLD),
                max_proposals_per_user: req.max_proposals_per_user,
                max_thumbs_per_user: req.max_thumbs_per_user,
                reviews_in_voting: req.reviews_in_voting.unwrap_or(false),
            },
            themes,
            host_organisation_id: req.host_organisation_id,
        },
        now,
    )
    .await?;
    let data = json!({ "slug": call.slug, "host_organisation_id": call.host_organisation_id });
    moderation_log::append(&txn, call_entry(LogAction::CallCreated, &viewer, call.id, data), now).await?;
    txn.commit().await?;
    let viewer = SignedInOrVisitor::from(viewer);
    Ok(HttpResponse::Created().json(one(&state, call, &viewer).await?))
}

/// Update a call
///
/// Admins and the call's managers. Fields left out stay; a new window must still run
/// `opens_at < submissions_close_at <= voting_closes_at`. A manager may move the call only to
/// another organisation whose calls they manage, never to none. Logged as `call_updated`,
/// with the fields given.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(CallPath),
    request_body = UpdateCallRequest,
    responses(
        (status = 200, description = "The call as changed", body = Call),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`slug_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed` (also for an unknown host organisation), `window_order`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/calls/{id}")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn update_call(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
    body: Body<UpdateCallRequest>,
) -> Result<web::Json<Call>, ApiError> {
    let id = path.id;
    viewer.may_manage_call(&state, id).await?;
    let Body(req) = body;
    let txn = begin_write(&state.db).await?;
    let current = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    if let Some(host) = req.host_organisation_id {
        let managed = managed_organisations(&state, &viewer).await?;
        calls::check_host_organisation(viewer.is_admin(), current.host_organisation_id, host, &managed)?;
        check_host_exists(&state, host).await?;
    }
    let mut errors = Vec::new();
    let slug = req.slug.as_deref().map(|s| checked_slug(s, &mut errors));
    let title = req.title.as_ref().map(|t| texts("title", t, TITLE_MAX, &mut errors));
    let description =
        req.description.as_ref().map(|t| texts("description", t, DESCRIPTION_MAX, &mut errors)).map(|d| {
            let html = to_safe_html_localized(&d);
            (d, html)
        });
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let w = current.state.window;
    let window =
        if req.opens_at.is_some() || req.submissions_close_at.is_some() || req.voting_closes_at.is_some() {
            Some(Window::new(
                req.opens_at.unwrap_or(w.opens_at),
                req.submissions_close_at.unwrap_or(w.submissions_close_at),
                req.voting_closes_at.unwrap_or(w.voting_closes_at),
            )?)
        } else {
            None
        };
    let s = &current.settings;
    let settings = CallSettings {
        moderation_mode: req.moderation_mode.unwrap_or(s.moderation_mode),
        report_threshold: req.report_threshold.unwrap_or(s.report_threshold),
        max_proposals_per_user: req.max_proposals_per_user.unwrap_or(s.max_proposals_per_user),
        max_thumbs_per_user: req.max_thumbs_per_user.unwrap_or(s.max_thumbs_per_user),
        reviews_in_voting: req.reviews_in_voting.unwrap_or(s.reviews_in_voting),
    };
    limits_in_range(settings.max_proposals_per_user, settings.max_thumbs_per_user)?;
    let fields = req.fields_given();
    let change = CallChange {
        slug,
        title,
        description,
        window,
        settings: Some(settings),
        host_organisation_id: req.host_organisation_id,
    };
    let now = Utc::now();
    let call = store::update(&txn, id, change, now).await?.ok_or(ApiError::NotFound)?;
    let data = json!({ "fields": fields, "host_organisation_id": call.host_organisation_id });
    moderation_log::append(&txn, call_entry(LogAction::CallUpdated, &viewer, id, data), now).await?;
    txn.commit().await?;
    Ok(web::Json(one(&state, call, &SignedInOrVisitor::from(viewer)).await?))
}

/// Publish a call
///
/// Admins and the call's managers. Makes a draft visible; from then on its phase follows its
/// window. Publishing a published call changes nothing. Logged as `call_published`.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(CallPath),
    responses(
        (status = 200, description = "The call, published", body = Call),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_archived`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calls/{id}/publish")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn publish_call(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
) -> Result<web::Json<Call>, ApiError> {
    let id = path.id;
    viewer.may_manage_call(&state, id).await?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let call = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    calls::check_can_publish(&call.state)?;
    if call.published_at.is_none() {
        store::set_published(&txn, id, now).await?;
        moderation_log::append(&txn, call_entry(LogAction::CallPublished, &viewer, id, json!({})), now)
            .await?;
    }
    let call = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(web::Json(one(&state, call, &SignedInOrVisitor::from(viewer)).await?))
}

/// Archive a call
///
/// Admins and the call's managers. The call and its proposals stay readable; nothing more
/// can be added. Archiving an archived call changes nothing. Logged as `call_archived`.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(CallPath),
    responses(
        (status = 200, description = "The call, archived", body = Call),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[post("/calls/{id}/archive")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn archive_call(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
) -> Result<web::Json<Call>, ApiError> {
    let id = path.id;
    viewer.may_manage_call(&state, id).await?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let call = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    if call.archived_at.is_none() {
        store::set_archived(&txn, id, now).await?;
        moderation_log::append(&txn, call_entry(LogAction::CallArchived, &viewer, id, json!({})), now)
            .await?;
    }
    let call = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(web::Json(one(&state, call, &SignedInOrVisitor::from(viewer)).await?))
}

impl UpdateCallRequest {
    /// The names of the fields the request gives, for the audit log.
    fn fields_given(&self) -> Vec<&'static str> {
        let given = [
            ("slug", self.slug.is_some()),
            ("title", self.title.is_some()),
            ("description", self.description.is_some()),
            ("opens_at", self.opens_at.is_some()),
            ("submissions_close_at", self.submissions_close_at.is_some()),
            ("voting_closes_at", self.voting_closes_at.is_some()),
            ("moderation_mode", self.moderation_mode.is_some()),
            ("report_threshold", self.report_threshold.is_some()),
            ("max_proposals_per_user", self.max_proposals_per_user.is_some()),
            ("max_thumbs_per_user", self.max_thumbs_per_user.is_some()),
            ("reviews_in_voting", self.reviews_in_voting.is_some()),
            ("host_organisation_id", self.host_organisation_id.is_some()),
        ];
        given.into_iter().filter(|(_, g)| *g).map(|(name, _)| name).collect()
    }
}
