//! The signed-in user's own account.

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::Utc;
use serde::Deserialize;
use siilo_domain::accounts::{self, Language};
use siilo_domain::login_throttle::Bucket;
use siilo_domain::organisations as domain_organisations;
use siilo_domain::{DomainError, OrganisationId};
use siilo_store::users::{ProfileChange, UserRecord};
use siilo_store::{ConnectionTrait, begin_write, organisations, sessions, users};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::SignedIn;
use crate::auth::judge_password;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::dto::{Me, OrganisationRef, not_blank, present};
use crate::state::AppState;

pub mod email;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_me)
        .service(update_me)
        .service(change_password)
        .service(organisation_choices)
        .service(email::send_verification_email)
        .service(email::change_email);
}

/// The `Me` view of a user, with their organisation and unread notifications.
pub async fn me_of(db: &impl ConnectionTrait, user: &UserRecord) -> Result<Me, ApiError> {
    let organisation = match user.organisation_id {
        Some(id) => organisations::get(db, id).await?,
        None => None,
    };
    let unread = siilo_store::notifications::unread_count(db, user.id).await?;
    let mut me = Me::new(user, organisation.as_ref(), unread);
    me.pending_email = siilo_store::email_links::pending_email(db, user.id, Utc::now()).await?;
    me.must_accept = crate::legal::must_accept(db, user).await?;
    let managed = siilo_store::call_managers::managed_by(db, user.id.0).await?;
    me.manages = crate::routes::dto::Manages {
        call_ids: managed.call_ids,
        organisation_ids: managed.organisation_ids,
    };
    Ok(me)
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    /// 1–100 characters, not only spaces.
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[schema(example = "Maija Meikäläinen", min_length = 1, max_length = 100, pattern = r"\S")]
    pub display_name: Option<String>,
    /// One of `GET /me/organisation-choices` (`organisation_not_allowed` otherwise); `null`
    /// only when there are none.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub organisation_id: Option<Option<Uuid>>,
    pub language: Option<Language>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 128))]
    #[schema(example = "pitkä ja hyvä salasana", min_length = 1, max_length = 128)]
    pub current_password: String,
    /// 12–128 characters, not the email address, not the current password, and not too
    /// easy to guess (`password_too_weak`: zxcvbn score below 3 of 4).
    #[validate(length(min = 12, max = 128))]
    #[schema(example = "vielä pidempi ja parempi salasana", min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// Who am I
///
/// The signed-in user's account, roles and organisation.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in account", body = Me),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn get_me(state: web::Data<AppState>, viewer: SignedIn) -> Result<web::Json<Me>, ApiError> {
    Ok(web::Json(me_of(&state.db, &viewer.user).await?))
}

/// Update my profile
///
/// Changes the display name, organisation or preferred language; fields left out stay. The
/// organisation is one of those of the confirmed address's domain
/// (`GET /me/organisation-choices`); only an admin places a user elsewhere.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = UpdateMeRequest,
    responses(
        (status = 200, description = "The account as changed", body = Me),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `unknown_organisation`, `organisation_not_allowed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn update_me(
    state: web::Data<AppState>,
    viewer: SignedIn,
    body: Body<UpdateMeRequest>,
) -> Result<web::Json<Me>, ApiError> {
    let Body(req) = body;
    let organisation_id = req.organisation_id.map(|o| o.map(OrganisationId));
    if let Some(chosen) = organisation_id {
        if let Some(id) = chosen {
            domain_organisations::check_known(organisations::exists(&state.db, id).await?)?;
        }
        let allowed = crate::accounts::organisation_choices(&state, &viewer.user).await?;
        domain_organisations::check_organisation_choice(chosen, &allowed)?;
    }
    let change = ProfileChange {
        display_name: req.display_name.as_deref().map(accounts::normalize_display_name),
        organisation_id,
        language: req.language,
    };
    users::update_profile(&state.db, viewer.id(), change, Utc::now()).await?;
    let user = users::get(&state.db, viewer.id()).await?.ok_or(ApiError::NotFound)?;
    Ok(web::Json(me_of(&state.db, &user).await?))
}

/// Organisations I may belong to
///
/// The organisations of the confirmed address's domain, the most specific first (an address
/// of `vero.vm.fi` may belong to the organisation of `vero.vm.fi` or of `vm.fi`): the choices
/// `PATCH /me` takes. Empty while the address is unconfirmed, and for a domain that no
/// organisation has.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The organisations the user may pick, most specific first", body = Vec<OrganisationRef>),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/organisation-choices")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn organisation_choices(
    state: web::Data<AppState>,
    viewer: SignedIn,
) -> Result<web::Json<Vec<OrganisationRef>>, ApiError> {
    let allowed = crate::accounts::organisation_choices(&state, &viewer.user).await?;
    let all = state.organisations.get(&state.db).await?;
    Ok(web::Json(allowed.into_iter().filter_map(|id| all.get(id)).map(OrganisationRef::from).collect()))
}

/// Change my password
///
/// Needs the current password. Every other session of the account ends; this one stays.
/// A wrong `current_password` counts as a failed login for the account's email: after too
/// many, this answers `login_locked` (429) like the login does.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; other sessions ended"),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `wrong_current_password`, `password_unchanged`, `password_equals_email`, `password_too_weak`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`login_locked`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/password")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn change_password(
    state: web::Data<AppState>,
    viewer: SignedIn,
    body: Body<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let Body(req) = body;
    let stored = users::password_hash(&state.db, viewer.id()).await?;
    // A stolen access token must not become a way to guess the password without limit.
    let bucket = Bucket::Email(viewer.user.email.clone());
    if !judge_password(&state, &bucket, stored, req.current_password.clone()).await? {
        return Err(DomainError::WrongCurrentPassword.into());
    }
    accounts::check_password_changed(&req.current_password, &req.new_password)?;
    accounts::check_password_not_email(&viewer.user.email, &req.new_password)?;
    accounts::check_password_strength(
        &req.new_password,
        &[&viewer.user.email, &viewer.user.display_name],
        "new_password",
    )?;
    let hash = state.passwords.hash(req.new_password).await?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    users::set_password_hash(&txn, viewer.id(), &hash, now).await?;
    let ended = sessions::revoke_all_of_user(&txn, viewer.id(), Some(viewer.session), now).await?;
    txn.commit().await?;
    tracing::info!(user = %viewer.id(), ended, "password changed");
    Ok(HttpResponse::NoContent().finish())
}
