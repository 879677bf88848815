//! A proposal's revisions: every version of its text, for whoever may read it in full.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use siilo_domain::proposals::Sight;
use siilo_store::proposals as store;
use utoipa::ToSchema;
use uuid::Uuid;

use super::visible_proposal;
use crate::auth::SignedInOrVisitor;
use crate::error::{ApiError, Problem};
use crate::routes::paths::ProposalPath;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Revision {
    /// 1 is the proposal as submitted.
    pub revision: i32,
    pub editor_id: Uuid,
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub theme_id: Option<Uuid>,
    pub organisation_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionList {
    /// Oldest first.
    pub items: Vec<Revision>,
}

/// List a proposal's revisions
///
/// Every version of the text, oldest first, for whoever may read the proposal in full.
#[utoipa::path(
    tag = "proposals",
    security((), ("bearer" = [])),
    params(ProposalPath),
    responses((status = 200, description = "The proposal's earlier versions", body = RevisionList), (status = 401, response = Problem), (status = 404, response = Problem))
)]
#[get("/proposals/{id}/revisions")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = viewer.id().map(tracing::field::display)))]
pub async fn list_revisions(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<ProposalPath>,
) -> Result<web::Json<RevisionList>, ApiError> {
    let (_, p) = visible_proposal(&state, path.id, &viewer, Sight::Full).await?;
    let items = store::revisions(&state.db, p.id)
        .await?
        .into_iter()
        .map(|r| Revision {
            revision: r.revision,
            editor_id: r.editor_id.0,
            title: r.title,
            summary: r.summary,
            challenge: r.challenge,
            idea: r.idea,
            theme_id: r.theme_id,
            organisation_ids: r.organisation_ids,
            created_at: r.created_at,
        })
        .collect();
    Ok(web::Json(RevisionList { items }))
}
