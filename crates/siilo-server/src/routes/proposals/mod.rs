//! Proposals (*ehdotukset*): submitting, reading, listing in fair order, editing with
//! revisions, and withdrawing.
//!
//! - [`view`]: the response shapes, and what the viewer may do with a proposal;
//! - [`read`]: a call's list of proposals, and one proposal;
//! - [`write`]: submitting, editing and withdrawing;
//! - [`revisions`]: the earlier versions of a proposal's text;
//! - [`moderation`]: what moderation did to a proposal and its comments.

use chrono::Utc;
use siilo_domain::proposals::{Sight, proposal_sight};
use siilo_store::calls::CallRecord;
use siilo_store::proposals::{self as store, ProposalRecord};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::SignedInOrVisitor;
use crate::error::ApiError;
use crate::state::AppState;

pub mod moderation;
pub mod read;
pub mod revisions;
pub mod view;
pub mod write;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(read::list_proposals)
        .service(write::create_proposal)
        .service(read::get_proposal)
        .service(write::update_proposal)
        .service(write::withdraw_proposal)
        .service(revisions::list_revisions)
        .service(moderation::proposal_moderation);
}

/// Loads a proposal and its call when the viewer sees at least `needed` of it
/// (`siilo_domain::proposals::proposal_sight`); 404 otherwise.
pub(crate) async fn visible_proposal(
    state: &AppState,
    id: Uuid,
    viewer: &SignedInOrVisitor,
    needed: Sight,
) -> Result<(CallRecord, ProposalRecord), ApiError> {
    let p = store::get(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let call = siilo_store::calls::get(&state.db, p.call_id).await?.ok_or(ApiError::NotFound)?;
    let phase = call.state.phase_at(Utc::now());
    if proposal_sight(phase, &p.facts(), viewer.audience()) < needed {
        return Err(ApiError::NotFound);
    }
    Ok((call, p))
}
