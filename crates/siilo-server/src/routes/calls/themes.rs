//! A call's themes: admins add, rename, reorder and delete them.

use actix_web::{HttpResponse, delete, patch, post, web};
use serde::{Deserialize, Serialize};
use siilo_domain::roles::Role;
use siilo_store::begin_write;
use siilo_store::calls as store;
use utoipa::ToSchema;
use validator::Validate;

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
/// Admins only. The theme goes after the call's others.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(CallPath),
    request_body = ThemeInput,
    responses(
        (status = 201, description = "The theme, added after the call's others", body = Theme),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
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
    viewer.require(Role::Admin)?;
    let id = path.id;
    let mut errors = Vec::new();
    let name = texts("name", &body.name, THEME_MAX, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = begin_write(&state.db).await?;
    store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    let position = store::next_theme_position(&txn, id).await?;
    let theme = store::add_theme(&txn, id, name, position).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(Theme::from(theme)))
}

/// Update a theme
///
/// Admins only.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(ThemePath),
    request_body = UpdateThemeRequest,
    responses(
        (status = 200, description = "The theme as changed", body = Theme),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
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
    viewer.require(Role::Admin)?;
    let ThemePath { id: call_id, theme_id } = path.into_inner();
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
    txn.commit().await?;
    Ok(web::Json(theme.into()))
}

/// Delete a theme
///
/// Admins only. Its proposals stay, without a theme.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(ThemePath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
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
    viewer.require(Role::Admin)?;
    let ThemePath { id: call_id, theme_id } = path.into_inner();
    let txn = begin_write(&state.db).await?;
    store::get_theme(&txn, call_id, theme_id).await?.ok_or(ApiError::NotFound)?;
    store::delete_theme(&txn, theme_id).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
