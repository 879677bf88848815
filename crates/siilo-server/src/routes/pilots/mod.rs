//! Pilots (*kokeilut*): experiments made from selected proposals, public in a showcase, with
//! their team's dated progress updates and lessons learned, and followers who hear of both.
//!
//! - [`view`]: the response shapes;
//! - [`read`]: the showcase and one pilot;
//! - [`write`]: admins create pilots; admins and the team edit them;
//! - [`updates`]: progress updates and the lessons learned;
//! - [`follows`]: following a pilot.

use siilo_domain::pilots::PilotRole;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

pub mod follows;
pub mod read;
pub mod updates;
pub mod view;
pub mod write;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(read::list_pilots)
        .service(write::create_pilot)
        .service(read::get_pilot)
        .service(write::update_pilot)
        .service(updates::list_pilot_updates)
        .service(updates::create_pilot_update)
        .service(updates::delete_pilot_update)
        .service(updates::put_pilot_lessons)
        .service(follows::follow_pilot)
        .service(follows::unfollow_pilot);
}

/// `/pilots/{id}`.
#[derive(Debug, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PilotPath {
    /// Pilot id
    pub id: Uuid,
}

/// `/pilots/{id}/updates/{update_id}`.
#[derive(Debug, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PilotUpdatePath {
    /// Pilot id
    pub id: Uuid,
    /// Update id
    pub update_id: Uuid,
}

/// Who the viewer is to the pilot.
async fn role(state: &AppState, pilot: Uuid, viewer: Option<&SignedIn>) -> Result<PilotRole, ApiError> {
    let Some(viewer) = viewer else { return Ok(PilotRole::Other) };
    let on_team = siilo_store::pilots::is_team(&state.db, pilot, viewer.id()).await?;
    Ok(PilotRole::of(viewer.is_admin(), on_team))
}
