//! The path parameters of the API, each documented once: a handler lists the struct in
//! `#[utoipa::path(params(..))]` and extracts it with `web::Path<ThatStruct>`. A segment
//! that does not parse (an id that is not a UUID) is a 404 (`extract::path_error`).

use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// `/calls/{id}` where a slug serves as well as the id.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CallIdOrSlug {
    /// Call id or slug (a longer text names no call: 404)
    #[param(max_length = 80)]
    pub id: String,
}

/// `/calls/{id}` of the admin's routes, by id only.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CallPath {
    /// Call id
    pub id: Uuid,
}

/// `/calls/{id}/themes/{theme_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ThemePath {
    /// Call id
    pub id: Uuid,
    /// Theme id
    pub theme_id: Uuid,
}

/// `/calls/{id}/managers/{user_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CallManagerPath {
    /// Call id
    pub id: Uuid,
    /// The manager's user id
    pub user_id: Uuid,
}

/// `/organisations/{id}/managers/{user_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct OrganisationManagerPath {
    /// Organisation id
    pub id: Uuid,
    /// The manager's user id
    pub user_id: Uuid,
}

/// `/proposals/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ProposalPath {
    /// Proposal id
    pub id: Uuid,
}

/// `/comments/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CommentPath {
    /// Comment id
    pub id: Uuid,
}

/// `/notifications/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct NotificationPath {
    /// Notification id
    pub id: Uuid,
}

/// `/organisations/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct OrganisationPath {
    /// Organisation id
    pub id: Uuid,
}

/// `/users/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UserPath {
    /// User id
    pub id: Uuid,
}

/// `/moderation/actions/{id}`: an entry of the moderation log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ActionPath {
    /// The log entry of the action
    pub id: Uuid,
}

/// `/moderation/appeals/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AppealPath {
    /// Appeal id
    pub id: Uuid,
}

/// `/calls/{id}/evaluators/{user_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct EvaluatorPath {
    /// Call id
    pub id: Uuid,
    /// The evaluator's user id
    pub user_id: Uuid,
}

/// `/legal/{kind}`: a legal page (another name is a 404).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LegalPath {
    /// Which page
    pub kind: siilo_domain::identity::LegalKind,
}

/// `/legal/{kind}/versions/{version}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LegalVersionPath {
    /// Which page
    pub kind: siilo_domain::identity::LegalKind,
    /// Version number, from 1
    #[param(minimum = 1, maximum = 1_000_000)]
    pub version: i32,
}
