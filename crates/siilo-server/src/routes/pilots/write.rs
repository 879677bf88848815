//! Creating pilots (admins) and editing them (admins; the team its own description).

use std::collections::HashSet;

use actix_web::{HttpResponse, patch, post, web};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use siilo_domain::accounts::Language;
use siilo_domain::notifications::NotificationKind;
use siilo_domain::pilots::{self as rules, PilotChange, PilotStatus};
use siilo_domain::roles::Role;
use siilo_domain::{OrganisationId, UserId};
use siilo_store::begin_write;
use siilo_store::notifications::{NewNotification, PilotNotice};
use siilo_store::pilots::{self as store, NewPilot, PilotChanges};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::view::Pilot;
use super::{PilotPath, role};
use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, ErrorCode, Problem};
use crate::extract::Body;
use crate::markdown::to_safe_html;
use crate::routes::dto::{email_address, not_blank, optional_text};
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePilotRequest {
    /// The proposals it is made from: each `selected` in its call's published results.
    #[validate(length(min = 1, max = 10))]
    #[schema(min_items = 1, max_items = 10)]
    pub proposal_ids: Vec<Uuid>,
    #[validate(length(min = 1, max = 200), custom(function = "not_blank"))]
    #[schema(example = "Yhteinen avustusrekisteri", min_length = 1, max_length = 200, pattern = r"\S")]
    pub title: String,
    /// What it tries to achieve; Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "not_blank"))]
    #[schema(
        example = "Kolme ministeriötä kokeilee **yhteistä** avustusrekisteriä.",
        min_length = 1,
        max_length = 10000,
        pattern = r"\S"
    )]
    pub goal: String,
    /// The language its texts are written in.
    pub language: Language,
    pub owner_organisation_id: Uuid,
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub partner_organisation_ids: Vec<Uuid>,
    #[validate(length(min = 1, max = 200), custom(function = "not_blank"))]
    #[schema(example = "Maija Meikäläinen", min_length = 1, max_length = 200, pattern = r"\S")]
    pub contact_name: String,
    #[validate(length(max = 254), custom(function = "email_address"))]
    #[schema(example = "maija.meikalainen@vm.fi", format = Email, max_length = 254)]
    pub contact_email: Option<String>,
    pub starts_on: NaiveDate,
    /// On or after `starts_on`.
    pub ends_on: Option<NaiveDate>,
    pub status: PilotStatus,
    /// The team: they post updates, write the lessons, and edit the description.
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub team_user_ids: Vec<Uuid>,
}

/// Fields left out stay. The team may change `title`, `goal`, `status`, `starts_on`,
/// `ends_on`, `contact_name` and `contact_email`; the rest only an admin.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePilotRequest {
    /// Replaces the list; each `selected` in its call's published results.
    #[validate(length(min = 1, max = 10))]
    #[schema(min_items = 1, max_items = 10)]
    pub proposal_ids: Option<Vec<Uuid>>,
    #[validate(length(min = 1, max = 200), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub title: Option<String>,
    /// Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub goal: Option<String>,
    pub language: Option<Language>,
    pub owner_organisation_id: Option<Uuid>,
    /// Replaces the list.
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub partner_organisation_ids: Option<Vec<Uuid>>,
    #[validate(length(min = 1, max = 200), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub contact_name: Option<String>,
    /// `null` removes it.
    #[serde(default, deserialize_with = "crate::routes::dto::present")]
    #[validate(length(max = 254), custom(function = "email_address"))]
    #[schema(value_type = Option<String>, nullable, format = Email, max_length = 254)]
    pub contact_email: Option<Option<String>>,
    pub starts_on: Option<NaiveDate>,
    /// On or after `starts_on`; `null` leaves the end open.
    #[serde(default, deserialize_with = "crate::routes::dto::present")]
    #[schema(value_type = Option<NaiveDate>, nullable)]
    pub ends_on: Option<Option<NaiveDate>>,
    pub status: Option<PilotStatus>,
    /// Replaces the team.
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub team_user_ids: Option<Vec<Uuid>>,
}

fn dates(starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> Result<(), ApiError> {
    rules::check_dates(starts_on, ends_on)
        .map_err(|_| ApiError::field("ends_on", ErrorCode::Range, "must not be before starts_on"))
}

/// Checks that the organisations exist (422 `unknown_organisation` on the first that does
/// not).
async fn check_organisations(state: &AppState, field: &str, ids: &[Uuid]) -> Result<(), ApiError> {
    let orgs = state.organisations.get(&state.db).await?;
    match ids.iter().position(|o| orgs.get(OrganisationId(*o)).is_none()) {
        None => Ok(()),
        Some(i) => {
            let at = if field.ends_with("_ids") { format!("{field}[{i}]") } else { field.to_owned() };
            Err(ApiError::field(&at, ErrorCode::UnknownOrganisation, "no organisation has this id"))
        }
    }
}

/// Checks that every team member is an account (404 otherwise).
async fn check_users(state: &AppState, ids: &[Uuid]) -> Result<(), ApiError> {
    let found: HashSet<Uuid> = store::existing_users(&state.db, ids).await?.into_iter().collect();
    if ids.iter().all(|u| found.contains(u)) { Ok(()) } else { Err(ApiError::NotFound) }
}

/// The sources' facts when every one may be a pilot's source: 404 for an unknown one, 409
/// `proposal_not_selected` for one not selected in published results.
async fn check_sources(state: &AppState, ids: &[Uuid]) -> Result<Vec<store::SourceFacts>, ApiError> {
    let wanted: HashSet<Uuid> = ids.iter().copied().collect();
    let facts = store::source_facts(&state.db, ids).await?;
    if facts.iter().map(|f| f.id).collect::<HashSet<_>>() != wanted {
        return Err(ApiError::NotFound);
    }
    for f in &facts {
        rules::check_source(f.stage, f.visibility, f.results_published)?;
    }
    Ok(facts)
}

/// Create a pilot
///
/// Admins. From one or more proposals, each `selected` in its call's published results. The
/// source proposals' authors (and those credited on them through merges) are notified
/// (`pilot_created`, `data: {pilot_id, pilot_title}`) and follow the pilot from the start.
/// An unknown proposal or team member is 404.
#[utoipa::path(
    tag = "pilots",
    security(("bearer" = [])),
    request_body = CreatePilotRequest,
    responses(
        (status = 201, description = "Created", body = Pilot),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A proposal or a team member does not exist", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`proposal_not_selected`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed` (also an unknown organisation, or `ends_on` before `starts_on`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/pilots")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn create_pilot(
    state: web::Data<AppState>,
    viewer: SignedIn,
    body: Body<CreatePilotRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.require(Role::Admin)?;
    let Body(req) = body;
    let sources = check_sources(&state, &req.proposal_ids).await?;
    dates(req.starts_on, req.ends_on)?;
    check_organisations(&state, "owner_organisation_id", &[req.owner_organisation_id]).await?;
    check_organisations(&state, "partner_organisation_ids", &req.partner_organisation_ids).await?;
    check_users(&state, &req.team_user_ids).await?;
    let credits = store::merge_credits(&state.db, &req.proposal_ids).await?;
    // The source proposals' accepted co-authors hear of it as their authors do.
    let teams = siilo_store::coauthors::teams(&state.db, &req.proposal_ids).await?;
    let credited = rules::credited_once(
        sources
            .iter()
            .map(|s| s.author_id)
            .chain(teams.values().flatten().map(|m| m.user_id))
            .chain(credits.into_iter().map(UserId::from)),
    );

    let title = req.title.trim().to_owned();
    let new = NewPilot {
        call_id: sources.first().map(|s| s.call_id),
        title: title.clone(),
        goal_html: to_safe_html(&req.goal),
        goal: req.goal,
        language: req.language,
        owner_organisation_id: req.owner_organisation_id,
        partner_organisation_ids: req.partner_organisation_ids,
        contact_name: req.contact_name.trim().to_owned(),
        contact_email: optional_text(req.contact_email.as_deref()).map(|e| e.to_lowercase()),
        starts_on: req.starts_on,
        ends_on: req.ends_on,
        status: req.status,
        proposal_ids: req.proposal_ids,
        team_user_ids: req.team_user_ids,
        created_by: viewer.id(),
    };
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let id = store::create(&txn, new, now).await?;
    for person in &credited {
        store::follow(&txn, id, *person, now).await?;
    }
    let notice = PilotNotice { pilot_id: id, pilot_title: title, update_id: None };
    let notes: Vec<NewNotification> = credited
        .iter()
        .filter(|u| **u != viewer.id())
        .map(|u| NewNotification {
            user_id: *u,
            kind: NotificationKind::PilotCreated,
            actor_id: Some(viewer.id()),
            call_id: None,
            proposal_id: None,
            comment_id: None,
            data: notice.to_data(),
        })
        .collect();
    siilo_store::notifications::create_many(&txn, &notes, now).await?;
    txn.commit().await?;
    // Its notifications may have queued emails to send at once.
    state.mail.wake();
    tracing::info!(pilot_id = %id, "pilot created");
    let pilot = super::read::load(&state, id, &SignedInOrVisitor::from(viewer)).await?;
    Ok(HttpResponse::Created().json(pilot))
}

/// Edit a pilot
///
/// Admins change anything; the pilot's team its title, goal, status, dates and contact
/// (anything else, or anyone else: 403 `not_pilot_team`). Fields left out stay.
#[utoipa::path(
    tag = "pilots",
    security(("bearer" = [])),
    params(PilotPath),
    request_body = UpdatePilotRequest,
    responses(
        (status = 200, description = "The pilot as changed", body = Pilot),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_pilot_team`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pilot, or a named proposal or team member does not exist", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`proposal_not_selected`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed` (also an unknown organisation, or `ends_on` before `starts_on`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/pilots/{id}")]
#[tracing::instrument(skip_all, fields(pilot_id = %path.id, user_id = %viewer.id()))]
pub async fn update_pilot(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<PilotPath>,
    body: Body<UpdatePilotRequest>,
) -> Result<web::Json<Pilot>, ApiError> {
    let id = path.id;
    let current = store::get(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let Body(req) = body;
    let change = PilotChange {
        title: req.title.is_some(),
        goal: req.goal.is_some(),
        status: req.status.is_some(),
        starts_on: req.starts_on.is_some(),
        ends_on: req.ends_on.is_some(),
        contact: req.contact_name.is_some() || req.contact_email.is_some(),
        proposals: req.proposal_ids.is_some(),
        language: req.language.is_some(),
        owner_organisation: req.owner_organisation_id.is_some(),
        partner_organisations: req.partner_organisation_ids.is_some(),
        team: req.team_user_ids.is_some(),
    };
    rules::check_can_change(role(&state, id, Some(&viewer)).await?, &change)?;
    dates(
        req.starts_on.unwrap_or(current.summary.starts_on),
        req.ends_on.unwrap_or(current.summary.ends_on),
    )?;
    if let Some(owner) = req.owner_organisation_id {
        check_organisations(&state, "owner_organisation_id", &[owner]).await?;
    }
    if let Some(partners) = &req.partner_organisation_ids {
        check_organisations(&state, "partner_organisation_ids", partners).await?;
    }
    if let Some(team) = &req.team_user_ids {
        check_users(&state, team).await?;
    }
    let call_id = match &req.proposal_ids {
        Some(ids) => Some(check_sources(&state, ids).await?.first().map(|s| s.call_id)),
        None => None,
    };
    let changes = PilotChanges {
        title: req.title.map(|t| t.trim().to_owned()),
        goal: req.goal.map(|g| {
            let html = to_safe_html(&g);
            (g, html)
        }),
        status: req.status,
        starts_on: req.starts_on,
        ends_on: req.ends_on,
        contact_name: req.contact_name.map(|n| n.trim().to_owned()),
        contact_email: req.contact_email.map(|e| optional_text(e.as_deref()).map(|e| e.to_lowercase())),
        language: req.language,
        owner_organisation_id: req.owner_organisation_id,
        call_id,
        proposal_ids: req.proposal_ids,
        partner_organisation_ids: req.partner_organisation_ids,
        team_user_ids: req.team_user_ids,
    };
    let txn = begin_write(&state.db).await?;
    if !store::update(&txn, id, changes, Utc::now()).await? {
        return Err(ApiError::NotFound);
    }
    txn.commit().await?;
    let viewer = SignedInOrVisitor::from(viewer);
    super::read::load(&state, id, &viewer).await.map(web::Json)
}
