//! Account administration: listing users, granting roles, blocking.

use actix_web::{HttpResponse, delete, get, patch, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::accounts::Language;
use siilo_domain::moderation::{LogAction, LogTarget};
use siilo_domain::roles::{self, Role, Roles};
use siilo_domain::{OrganisationId, UserId, organisations};
use siilo_store::moderation_log::{self, NewLogEntry};
use siilo_store::users::{ProfileChange, UserFilter, UserRecord};
use siilo_store::{begin_write, sessions, users};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorCode, Problem};
use crate::extract::Body;
use crate::routes::pagination::{self, Page};
use crate::routes::paths::UserPath;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_users).service(update_user).service(delete_user);
}

/// A user as admins see them.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "email": "maija.meikalainen@vm.fi", "display_name": "Maija Meikäläinen", "organisation_id": "0193a4e0-0000-7000-8000-000000000004", "language": "fi", "roles": ["participant", "moderator"], "blocked": false, "blocked_at": null, "created_at": "2026-11-02T10:00:00Z", "erased_at": null, "email_verified": true}))]
pub struct UserAdmin {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub organisation_id: Option<Uuid>,
    pub language: Language,
    /// Always includes `participant`.
    pub roles: Vec<Role>,
    pub blocked: bool,
    pub blocked_at: Option<DateTime<Utc>>,
    /// Why the admin blocked the account, when they said; `null` when not blocked.
    #[schema(example = "Toistuvaa asiatonta kielenkäyttöä kommenteissa")]
    pub blocked_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When the account's personal data was erased (`DELETE /me`, `DELETE /users/{id}`):
    /// it then has a placeholder email, an empty name and no roles, and cannot sign in.
    /// Erased accounts stay in the list so that the ids in the moderation log still name
    /// an account; `erased=false` leaves them out.
    pub erased_at: Option<DateTime<Utc>>,
    /// Whether the account's address is confirmed (until it is, the account does not take
    /// part).
    pub email_verified: bool,
}

impl From<UserRecord> for UserAdmin {
    fn from(u: UserRecord) -> Self {
        UserAdmin {
            id: u.id.0,
            roles: u.roles.to_vec(),
            email: u.email,
            display_name: u.display_name,
            organisation_id: u.organisation_id.map(|o| o.0),
            language: u.language,
            blocked: u.blocked_at.is_some(),
            blocked_at: u.blocked_at,
            blocked_reason: u.blocked_reason,
            created_at: u.created_at,
            erased_at: u.erased_at,
            email_verified: u.email_verified_at.is_some(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    /// Part of the email or display name, any case; at most 254 characters (the longest email).
    #[param(max_length = 254)]
    pub q: Option<String>,
    /// Only users with this role.
    pub role: Option<Role>,
    /// Only blocked (`true`) or unblocked (`false`) users.
    pub blocked: Option<bool>,
    /// Only erased (`true`) or live (`false`) accounts.
    pub erased: Option<bool>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// The complete set of roles; `participant` is implied. At most one of each of the four.
    #[validate(length(max = 4))]
    #[schema(max_items = 4)]
    pub roles: Option<Vec<Role>>,
    /// Blocking ends the user's sessions at once.
    pub blocked: Option<bool>,
    /// Why, at most 500 characters; only together with `"blocked": true`
    /// (`blocked_reason_requires_block` otherwise). Blocking again replaces the reason;
    /// unblocking forgets it.
    #[validate(length(max = roles::BLOCK_REASON_MAX_CHARS))]
    #[schema(max_length = 500, example = "Toistuvaa asiatonta kielenkäyttöä kommenteissa")]
    pub blocked_reason: Option<String>,
    /// Places the user in any known organisation (`unknown_organisation` otherwise), whatever
    /// their address's domain; `null` takes them out of theirs.
    #[serde(default, deserialize_with = "crate::routes::dto::present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub organisation_id: Option<Option<Uuid>>,
}

/// List users
///
/// Admins only. In creation order, filtered by text, role and blocked state.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(UserListParams),
    responses(
        (status = 200, description = "One page of users in creation order", body = Page<UserAdmin>),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (bad `limit`, `cursor` or `q`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn list_users(
    state: web::Data<AppState>,
    viewer: SignedIn,
    params: crate::extract::Query<UserListParams>,
) -> Result<web::Json<Page<UserAdmin>>, ApiError> {
    viewer.require(Role::Admin)?;
    let params = params.into_inner();
    if params.q.as_ref().is_some_and(|q| q.chars().count() > 254) {
        return Err(ApiError::field("q", ErrorCode::Length, "must be at most 254 characters long"));
    }
    let limit = pagination::limit(params.limit)?;
    let after: Option<Uuid> = pagination::decode(&state.cursors, "users", params.cursor.as_deref())?;
    let filter = UserFilter {
        q: params.q,
        role: params.role,
        blocked: params.blocked,
        erased: params.erased,
        after: after.map(UserId),
        limit: limit + 1,
    };
    let (mut items, total) = users::list(&state.db, &filter).await?;
    let next_cursor = pagination::cut(&mut items, limit, &state.cursors, "users", |u| u.id.0);
    Ok(web::Json(Page {
        items: items.into_iter().map(UserAdmin::from).collect(),
        next_cursor,
        total: Some(total),
    }))
}

/// Update a user
///
/// Admins only. Sets roles, the blocked state, with an optional reason for a block, and the
/// organisation (404 for an erased account). An admin cannot block themselves or
/// drop their own admin role (`self_lockout`). A change of roles (`roles_changed`, with the
/// roles before and after), a block (`block`, with its reason), an unblock (`unblock`) and a
/// change of organisation (`organisation_changed`, with the ids before and after) are
/// recorded in the moderation log.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(UserPath),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "The user as changed", body = UserAdmin),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`self_lockout`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `blocked_reason_requires_block`, `unknown_organisation`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/users/{id}")]
#[tracing::instrument(skip_all, fields(target_user_id = %path.id, user_id = %viewer.id()))]
pub async fn update_user(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<UserPath>,
    body: Body<UpdateUserRequest>,
) -> Result<web::Json<UserAdmin>, ApiError> {
    viewer.require(Role::Admin)?;
    let target = UserId(path.id);
    let Body(req) = body;
    let new_roles = req.roles.map(Roles::new);
    roles::check_account_change(viewer.id(), target, new_roles.as_ref(), req.blocked)?;
    let reason = roles::block_reason(req.blocked, req.blocked_reason.as_deref())?;
    let organisation = req.organisation_id.map(|o| o.map(OrganisationId));
    if let Some(Some(id)) = organisation {
        organisations::check_known(siilo_store::organisations::exists(&state.db, id).await?)?;
    }

    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    // An erased account is gone as a person: there is nothing left to grant or block.
    let before =
        users::get(&txn, target).await?.filter(|u| u.erased_at.is_none()).ok_or(ApiError::NotFound)?;
    let log = |action: LogAction| NewLogEntry::new(action, Some(viewer.id()), LogTarget::User, target.0);
    if let Some(roles) = &new_roles {
        users::replace_roles(&txn, target, roles).await?;
        if *roles != before.roles {
            let mut entry = log(LogAction::RolesChanged);
            entry.data = serde_json::json!({ "before": before.roles.to_vec(), "after": roles.to_vec() });
            moderation_log::append(&txn, entry, now).await?;
        }
    }
    if let Some(blocked) = req.blocked {
        users::set_blocked(&txn, target, blocked, reason.as_deref(), now).await?;
        if blocked {
            sessions::revoke_all_of_user(&txn, target, None, now).await?;
        }
        // Blocking again (with a new reason) is logged again; unblocking an unblocked
        // account changes nothing and is not.
        if blocked || before.blocked_at.is_some() {
            let mut entry = log(if blocked { LogAction::Block } else { LogAction::Unblock });
            entry.reason = if blocked { reason.clone() } else { None };
            moderation_log::append(&txn, entry, now).await?;
        }
    }
    if let Some(organisation) = organisation
        && organisation != before.organisation_id
    {
        let change = ProfileChange { organisation_id: Some(organisation), ..ProfileChange::default() };
        users::update_profile(&txn, target, change, now).await?;
        let mut entry = log(LogAction::OrganisationChanged);
        entry.data = serde_json::json!({
            "before": before.organisation_id.map(|o| o.0),
            "after": organisation.map(|o| o.0),
        });
        moderation_log::append(&txn, entry, now).await?;
    }
    let user = users::get(&txn, target).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    tracing::info!(admin = %viewer.id(), user = %target, roles = ?user.roles, blocked = ?req.blocked, "user updated");
    Ok(web::Json(UserAdmin::from(user)))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteUserRequest {
    /// Why, 1–1000 characters, not only spaces; kept in the moderation log.
    #[validate(length(min = 1, max = siilo_domain::moderation::TEXT_MAX_CHARS), custom(function = "crate::routes::dto::not_blank"))]
    #[schema(
        example = "Käyttäjä pyysi tilinsä poistamista sähköpostitse",
        min_length = 1,
        max_length = 1000,
        pattern = r"\S"
    )]
    pub reason: String,
}

/// Erase a user
///
/// Admins only. Erases the account's personal data as `DELETE /me` does (the account's
/// sessions end at once; its proposals and comments stay, by a deleted user), and logs
/// `account_erased` with the admin as actor and the `reason`. An admin erases their own account
/// with `DELETE /me`, which asks for the password (`self_lockout` here), and nobody erases the
/// only admin (`last_admin`). An account erased already is a 404.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(UserPath),
    request_body = DeleteUserRequest,
    responses(
        (status = 204, description = "Erased"),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`last_admin`, `self_lockout`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/users/{id}")]
#[tracing::instrument(skip_all, fields(target_user_id = %path.id, user_id = %viewer.id()))]
pub async fn delete_user(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<UserPath>,
    body: Body<DeleteUserRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.require(Role::Admin)?;
    let target = UserId(path.id);
    siilo_domain::personal_data::check_admin_erasure(viewer.id(), target)?;
    let Body(req) = body;
    let reason = req.reason.trim().to_owned();
    crate::routes::personal_data::erase_account(&state, target, viewer.id(), Some(reason)).await?;
    tracing::info!(admin = %viewer.id(), user = %target, "account erased by an admin");
    Ok(HttpResponse::NoContent().finish())
}
