//! A call's themes: admins and the call's managers add, rename, reorder and delete them,
//! each change logged as `themes_changed`.

use actix_web::{HttpResponse, delete, patch, post, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use siilo_domain::moderation::LogAction;
use siilo_store::begin_write;
use siilo_store::calls as store;
use siilo_store::moderation_log;
use utoipa::ToSchema;
use validator::Validate;

use super::manage::call_entry;
use super::texts::{FinnishRequiredText, THEME_MAX, ThemeNameTexts, texts};
use super::view::Theme;
use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::paths::{CallPath, ThemePath};
use crate::state::AppState;

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeInput {
    #[schema(value_type = ThemeNameTexts)]
    pub name: FinnishRequiredText,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateThemeRequest {
    #[schema(value_type = Option<ThemeNameTexts>)]
    pub name: Option<FinnishRequiredText>,
    /// Lists sort themes by position: 0–1000.
    #[validate(range(min = 0, max = 1000))]
    #[schema(minimum = 0, maximum = 1000)]
    pub position: Option<i32>,
}

/// Add a theme
///
/// Admins and the call's managers. The theme goes after the call's others. Logged as
/// `themes_changed`.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(CallPath),
    request_body = ThemeInput,
    responses(
        (status = 201, description = "The theme, added after the call's others", body = Theme),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
    )
)]
#[post("/calls/{id}/themes")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn create_theme(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
    body: Body<ThemeInput>,
) -> Result<HttpResponse, ApiError> {
    let id = path.id;
    viewer.may_manage_call(&state, id).await?;
    let mut errors = Vec::new();
    let name = texts("name", &body.name, THEME_MAX, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = begin_write(&state.db).await?;
    store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    let position = store::next_theme_position(&txn, id).await?;
    let theme = store::add_theme(&txn, id, name, position).await?;
    let data = json!({ "change": "added", "theme_id": theme.id });
    moderation_log::append(&txn, call_entry(LogAction::ThemesChanged, &viewer, id, data), Utc::now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(Theme::from(theme)))
}

/// Update a theme
///
/// Admins and the call's managers. Logged as `themes_changed`.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(ThemePath),
    request_body = UpdateThemeRequest,
    responses(
        (status = 200, description = "The theme as changed", body = Theme),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
    )
)]
#[patch("/calls/{id}/themes/{theme_id}")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, theme_id = %path.theme_id, user_id = %viewer.id()))]
pub async fn update_theme(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ThemePath>,
    body: Body<UpdateThemeRequest>,
) -> Result<web::Json<Theme>, ApiError> {
    let ThemePath { id: call_id, theme_id } = path.into_inner();
    viewer.may_manage_call(&state, call_id).await?;
    let Body(req) = body;
    let mut errors = Vec::new();
    let name = req.name.as_ref().map(|n| texts("name", n, THEME_MAX, &mut errors));
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = begin_write(&state.db).await?;
    store::get_theme(&txn, call_id, theme_id).await?.ok_or(ApiError::NotFound)?;
    store::update_theme(&txn, theme_id, name, req.position).await?;
    let theme = store::get_theme(&txn, call_id, theme_id).await?.ok_or(ApiError::NotFound)?;
    let data = json!({ "change": "updated", "theme_id": theme_id });
    moderation_log::append(&txn, call_entry(LogAction::ThemesChanged, &viewer, call_id, data), Utc::now())
        .await?;
    txn.commit().await?;
    Ok(web::Json(theme.into()))
}

/// Delete a theme
///
/// Admins and the call's managers. Its proposals stay, without a theme. Logged as
/// `themes_changed`.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(ThemePath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[delete("/calls/{id}/themes/{theme_id}")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, theme_id = %path.theme_id, user_id = %viewer.id()))]
pub async fn delete_theme(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ThemePath>,
) -> Result<HttpResponse, ApiError> {
    let ThemePath { id: call_id, theme_id } = path.into_inner();
    viewer.may_manage_call(&state, call_id).await?;
    let txn = begin_write(&state.db).await?;
    store::get_theme(&txn, call_id, theme_id).await?.ok_or(ApiError::NotFound)?;
    store::delete_theme(&txn, theme_id).await?;
    let data = json!({ "change": "deleted", "theme_id": theme_id });
    moderation_log::append(&txn, call_entry(LogAction::ThemesChanged, &viewer, call_id, data), Utc::now())
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
