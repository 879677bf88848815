//! A call's evaluation criteria: public, so that proposers know how they will be judged;
//! admins replace the list until the first review is submitted.

use actix_web::{get, put, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use siilo_domain::evaluation as rules;
use siilo_store::begin_write;
use siilo_store::evaluation::criteria::{self as store, CriterionInput, CriterionRecord};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::calls::texts::texts;
use crate::routes::calls::{FinnishRequiredText, find_visible};
use crate::routes::paths::{CallIdOrSlug, CallPath};
use crate::state::AppState;

const NAME_MAX: usize = 120;
const DESCRIPTION_MAX: usize = 1000;

/// An evaluation criterion of a call.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9e01", "name": {"fi": "Poikkihallinnollisuus", "sv": "Förvaltningsövergripande", "en": "Cross-administrative reach"}, "description": {"fi": "Kuinka monen hallinnonalan työtä kokeilu koskee.", "sv": null, "en": null}, "weight": 2.0, "position": 0}))]
pub struct Criterion {
    pub id: Uuid,
    pub name: FinnishRequiredText,
    pub description: FinnishRequiredText,
    /// Its weight in the weighted score: > 0, at most 100.
    pub weight: f64,
    pub position: i32,
}

impl From<CriterionRecord> for Criterion {
    fn from(c: CriterionRecord) -> Self {
        Criterion {
            id: c.id,
            name: c.name.into(),
            description: c.description.into(),
            weight: c.weight,
            position: c.position,
        }
    }
}

/// A call's criteria, by position.
#[derive(Debug, Serialize, ToSchema)]
pub struct CriteriaList {
    pub items: Vec<Criterion>,
    /// A review has been submitted: the criteria can no longer change.
    pub locked: bool,
}

/// A criterion's name as requests give it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionNameTexts {
    /// 1–120 characters, not only spaces.
    #[schema(example = "Poikkihallinnollisuus", min_length = 1, max_length = 120, pattern = r"\S")]
    pub fi: String,
    /// At most 120 characters; an empty one is dropped.
    #[schema(example = "Förvaltningsövergripande", max_length = 120)]
    pub sv: Option<String>,
    /// At most 120 characters; an empty one is dropped.
    #[schema(example = "Cross-administrative reach", max_length = 120)]
    pub en: Option<String>,
}

/// A criterion's description as requests give it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionDescriptionTexts {
    /// 1–1000 characters, not only spaces.
    #[schema(
        example = "Kuinka monen hallinnonalan työtä kokeilu koskee.",
        min_length = 1,
        max_length = 1000,
        pattern = r"\S"
    )]
    pub fi: String,
    /// At most 1000 characters; an empty one is dropped.
    #[schema(max_length = 1000)]
    pub sv: Option<String>,
    /// At most 1000 characters; an empty one is dropped.
    #[schema(max_length = 1000)]
    pub en: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionInputBody {
    /// An existing criterion of the call keeps its id (and the draft scores on it); leave
    /// it out for a new one.
    pub id: Option<Uuid>,
    #[schema(value_type = CriterionNameTexts)]
    pub name: FinnishRequiredText,
    #[schema(value_type = CriterionDescriptionTexts)]
    pub description: FinnishRequiredText,
    /// Greater than 0, at most 100.
    #[validate(range(exclusive_min = 0.0, max = 100.0))]
    #[schema(exclusive_minimum = 0, maximum = 100, example = 2.0)]
    pub weight: f64,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceCriteriaRequest {
    /// The whole list, in order: at most 10.
    #[validate(length(max = 10), nested)]
    #[schema(max_items = 10)]
    pub criteria: Vec<CriterionInputBody>,
}

async fn respond(db: &impl siilo_store::ConnectionTrait, call_id: Uuid) -> Result<CriteriaList, ApiError> {
    let items = store::list(db, call_id).await?.into_iter().map(Criterion::from).collect();
    let locked = store::any_submitted(db, call_id).await?;
    Ok(CriteriaList { items, locked })
}

/// List a call's criteria
///
/// Anyone who may see the call: the criteria are public, so that proposers know how they
/// will be judged.
#[utoipa::path(
    tag = "evaluation",
    security((), ("bearer" = [])),
    params(CallIdOrSlug),
    responses(
        (status = 200, description = "The criteria by position", body = CriteriaList),
        (status = 401, response = Problem),
        (status = 404, response = Problem),
    )
)]
#[get("/calls/{id}/criteria")]
#[tracing::instrument(skip_all, fields(call = %path.id))]
pub async fn get_criteria(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<CallIdOrSlug>,
) -> Result<web::Json<CriteriaList>, ApiError> {
    let call = find_visible(&state, &path.id, &viewer).await?;
    Ok(web::Json(respond(&state.db, call.id).await?))
}

/// Replace a call's criteria
///
/// Admins and the call's managers (logged as `criteria_changed`). The list given replaces the call's: an item with the `id` of one of the
/// call's criteria keeps it (and evaluators' draft scores on it), others are created, and
/// criteria left out are deleted. Refused once a review has been submitted.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(CallPath),
    request_body = ReplaceCriteriaRequest,
    responses(
        (status = 200, description = "The criteria as replaced", body = CriteriaList),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`criteria_locked`, `call_archived`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/calls/{id}/criteria")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn replace_criteria(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
    body: Body<ReplaceCriteriaRequest>,
) -> Result<web::Json<CriteriaList>, ApiError> {
    viewer.may_manage_call(&state, path.id).await?;
    let Body(req) = body;
    let mut errors = Vec::new();
    let items: Vec<CriterionInput> = req
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| CriterionInput {
            id: c.id,
            name: texts(&format!("criteria[{i}].name"), &c.name, NAME_MAX, &mut errors),
            description: texts(
                &format!("criteria[{i}].description"),
                &c.description,
                DESCRIPTION_MAX,
                &mut errors,
            ),
            weight: c.weight,
        })
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let id = path.id;
    let txn = begin_write(&state.db).await?;
    let call = siilo_store::calls::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    // Under the call's lock, so that no review is submitted while the list changes.
    store::lock_call(&txn, id, true).await?;
    rules::check_criteria_editable(call.state.phase_at(Utc::now()), store::any_submitted(&txn, id).await?)?;
    let count = items.len();
    store::replace(&txn, id, items).await?;
    let entry = crate::routes::calls::manage::call_entry(
        siilo_domain::moderation::LogAction::CriteriaChanged,
        &viewer,
        id,
        serde_json::json!({ "count": count }),
    );
    siilo_store::moderation_log::append(&txn, entry, Utc::now()).await?;
    let out = respond(&txn, id).await?;
    txn.commit().await?;
    Ok(web::Json(out))
}
