//! "We'd join this" (*Lähtisimme mukaan*): a signed-in user declares that they, and
//! optionally their organisation, would take part in a proposal's experiment. `PUT` declares
//! or updates (the proposal's team hears of the first declaration only), `DELETE` withdraws;
//! both are idempotent and count the proposal's reach again in their transaction. Anyone who
//! may read a proposal sees who would join, grouped by organisation.

use std::collections::HashMap;

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::interest::{NOTE_MAX_CHARS, check_can_declare_interest, check_on_behalf, normalise_note};
use siilo_domain::notifications::NotificationKind;
use siilo_domain::proposals::Sight;
use siilo_domain::{OrganisationId, UserId, calls};
use siilo_store::calls::CallRecord;
use siilo_store::interests::{self as store, Declaration, InterestRecord};
use siilo_store::notifications::{InterestNotice, NewNotification};
use siilo_store::proposals::ProposalRecord;
use siilo_store::{begin_write, follows, notifications, reach};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, ErrorCode, Problem};
use crate::extract::Body;
use crate::routes::dto::OrganisationRef;
use crate::routes::paths::ProposalPath;
use crate::routes::proposals::view::Proposal;
use crate::routes::proposals::visible_proposal;
use crate::state::AppState;
use crate::state::organisations::Organisations;

/// The most declarations `GET /proposals/{id}/interests` lists (the oldest ones); its
/// totals always count them all.
pub const LIST_MAX: u64 = 200;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(declare_interest).service(withdraw_interest).service(list_interests);
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestRequest {
    /// Speak for one's organisation too (needs an organisation on the account:
    /// `organisation_required` otherwise).
    pub on_behalf: bool,
    /// What one could bring, in one short paragraph: no line breaks (`control_character`);
    /// runs of spaces become one and the ends are trimmed; empty is no note.
    #[validate(length(max = 300))]
    #[schema(example = "Meillä on valmiina rekisteriaineisto ja palvelupiste.", max_length = 300)]
    pub note: Option<String>,
}

/// The viewer's own declaration.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ViewerInterest {
    pub on_behalf: bool,
    pub note: Option<String>,
    /// The viewer's organisation when they declared it.
    pub organisation: Option<OrganisationRef>,
    pub declared_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How many would join a proposal, as its view shows it.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema)]
pub struct InterestSummary {
    /// People who declared interest.
    pub people: u64,
    /// Distinct organisations among them.
    pub organisations: u64,
}

/// Someone who would join.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InterestedPerson {
    pub id: Uuid,
    #[schema(example = "Maija Meikäläinen")]
    pub display_name: String,
    /// They spoke on behalf of their organisation.
    pub on_behalf: bool,
    pub note: Option<String>,
    pub declared_at: DateTime<Utc>,
}

/// The people of one organisation who would join.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InterestGroup {
    /// `null` for people without an organisation (one group, listed last).
    pub organisation: Option<OrganisationRef>,
    /// The organisation's administrative branch (its ministry; a ministry is its own).
    pub branch: Option<OrganisationRef>,
    /// Someone in the group spoke on the organisation's behalf.
    pub on_behalf: bool,
    pub people: Vec<InterestedPerson>,
}

/// Totals over every declaration.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema)]
pub struct InterestTotals {
    pub people: u64,
    pub organisations: u64,
    /// Distinct administrative branches of those organisations.
    pub branches: u64,
}

/// Who would join a proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterestList {
    /// By organisation, the organisation with the earliest declaration first; within a group
    /// oldest first. At most 200 people are listed (the earliest); `totals` counts all.
    pub groups: Vec<InterestGroup>,
    pub totals: InterestTotals,
    /// More declared than are listed.
    pub truncated: bool,
}

fn org(orgs: &Organisations, id: Option<OrganisationId>) -> Option<OrganisationRef> {
    id.and_then(|o| orgs.get(o)).map(OrganisationRef::from)
}

fn viewer_interest(orgs: &Organisations, r: InterestRecord) -> ViewerInterest {
    ViewerInterest {
        on_behalf: r.on_behalf,
        note: r.note,
        organisation: org(orgs, r.organisation_id),
        declared_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// Fills in a proposal's view what this module and follows know: the interest summary, the
/// viewer's declaration and whether they may make one, whether they follow it and how many
/// do.
pub async fn fill(
    state: &AppState,
    viewer: &SignedInOrVisitor,
    call: &CallRecord,
    p: &ProposalRecord,
    view: &mut Proposal,
) -> Result<(), ApiError> {
    let totals = store::totals(&state.db, &[p.id]).await?.remove(&p.id).unwrap_or_default();
    view.interest = InterestSummary { people: totals.people, organisations: totals.organisations };
    (view.follower_count, view.viewer_follows) =
        follows::proposal_followers(&state.db, p.id, viewer.id()).await?;
    let phase = call.state.phase_at(Utc::now());
    let check = match viewer.id() {
        None => calls::check_visitor(check_can_declare_interest(phase, &p.facts(), UserId::new(), false)),
        Some(me) => {
            let orgs = state.organisations.get(&state.db).await?;
            view.viewer_interest =
                store::of_user(&state.db, p.id, me).await?.map(|r| viewer_interest(&orgs, r));
            check_can_declare_interest(phase, &p.facts(), me, p.coauthor_ids().contains(&me))
        }
    };
    view.viewer_can_declare_interest = check.is_ok();
    view.interest_refusal = check.err().map(|e| ApiError::Rule(e).code());
    Ok(())
}

/// Declare interest in a proposal ("we'd join this")
///
/// As oneself and, with `on_behalf`, for one's organisation, with an optional note of up to
/// 300 characters. Not on one's own proposal nor one co-authored (`own_proposal`); only on a
/// visible proposal that is neither withdrawn nor merged, in a call not archived. The
/// account's organisation now is stored with it. The first declaration notifies the
/// proposal's author and accepted co-authors (`interest_declared`); an update changes the
/// declaration without notifying again. The proposal's reach is counted again.
#[utoipa::path(
    tag = "interests",
    security(("bearer" = [])),
    params(ProposalPath),
    request_body = InterestRequest,
    responses(
        (status = 200, description = "The viewer's declaration, made or updated", body = ViewerInterest),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`email_unverified`, `terms_not_accepted`, `own_proposal`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal, or the viewer may not read it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`call_archived`, `proposal_withdrawn`, `proposal_merged`, `proposal_hidden`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed` (note too long), `organisation_required`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/proposals/{id}/interest")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn declare_interest(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
    body: Body<InterestRequest>,
) -> Result<web::Json<ViewerInterest>, ApiError> {
    viewer.may_take_part(&state).await?;
    let Body(req) = body;
    let note = normalise_note(req.note.as_deref());
    if note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS) {
        return Err(ApiError::field("note", ErrorCode::Length, "must be at most 300 characters long"));
    }
    let maybe = SignedInOrVisitor::from(viewer.clone());
    let (call, _) = visible_proposal(&state, path.id, &maybe, Sight::Full).await?;
    let organisation = viewer.user.organisation_id;

    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let (call_now, facts) = siilo_store::proposals::facts(&txn, path.id).await?.ok_or(ApiError::NotFound)?;
    let team = store::is_coauthor(&txn, path.id, viewer.id()).await?;
    check_can_declare_interest(call_now.state.phase_at(now), &facts, viewer.id(), team)?;
    check_on_behalf(req.on_behalf, organisation)?;
    let declaration = Declaration { organisation_id: organisation, on_behalf: req.on_behalf, note };
    let new = store::declare(&txn, path.id, viewer.id(), &declaration, now).await?;
    reach::refresh(&txn, path.id).await?;
    if new {
        let data = InterestNotice { organisation_id: organisation.map(|o| o.0), on_behalf: req.on_behalf };
        let notes: Vec<NewNotification> = store::team(&txn, path.id)
            .await?
            .into_iter()
            .filter(|u| *u != viewer.id())
            .map(|user_id| NewNotification {
                user_id,
                kind: NotificationKind::InterestDeclared,
                actor_id: Some(viewer.id()),
                call_id: Some(call.id),
                proposal_id: Some(path.id),
                comment_id: None,
                data: data.to_data(),
            })
            .collect();
        notifications::create_many(&txn, &notes, now).await?;
    }
    let mine = store::of_user(&txn, path.id, viewer.id()).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    if new {
        state.mail.wake();
        tracing::info!(proposal = %path.id, user = %viewer.id(), "interest declared");
    }
    let orgs = state.organisations.get(&state.db).await?;
    Ok(web::Json(viewer_interest(&orgs, mine)))
}

/// Withdraw one's interest in a proposal
///
/// Withdrawing one not declared changes nothing. The proposal's reach is counted again.
#[utoipa::path(
    tag = "interests",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 204, description = "No declaration of the viewer's remains"),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal, or the viewer may not read it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/proposals/{id}/interest")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn withdraw_interest(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<HttpResponse, ApiError> {
    let maybe = SignedInOrVisitor::from(viewer.clone());
    visible_proposal(&state, path.id, &maybe, Sight::Tombstone).await?;
    let txn = begin_write(&state.db).await?;
    if store::withdraw(&txn, path.id, viewer.id()).await? {
        reach::refresh(&txn, path.id).await?;
    }
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// List who would join a proposal
///
/// Grouped by organisation, each group with the organisation's administrative branch; the
/// earliest 200 declarations are listed, and the totals (people, organisations, branches)
/// count every one. Public for a proposal the viewer may read in full.
#[utoipa::path(
    tag = "interests",
    security((), ("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 200, description = "Who would join, grouped by organisation, with totals", body = InterestList),
        (status = 401, response = Problem),
        (status = 404, description = "No such proposal, or the viewer may not read it in full", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/proposals/{id}/interests")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = viewer.id().map(tracing::field::display)))]
pub async fn list_interests(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<ProposalPath>,
) -> Result<web::Json<InterestList>, ApiError> {
    visible_proposal(&state, path.id, &viewer, Sight::Full).await?;
    let totals = store::totals(&state.db, &[path.id]).await?.remove(&path.id).unwrap_or_default();
    let rows = store::list(&state.db, path.id, LIST_MAX).await?;
    let orgs = state.organisations.get(&state.db).await?;
    Ok(web::Json(InterestList {
        truncated: totals.people > rows.len() as u64,
        groups: group(&orgs, rows),
        totals: InterestTotals {
            people: totals.people,
            organisations: totals.organisations,
            branches: totals.branches,
        },
    }))
}

/// Groups declarations (oldest first) by organisation, in the order of each group's first
/// declaration; those without an organisation last.
fn group(orgs: &Organisations, rows: Vec<InterestRecord>) -> Vec<InterestGroup> {
    let mut order: Vec<Option<OrganisationId>> = Vec::new();
    let mut by: HashMap<Option<OrganisationId>, InterestGroup> = HashMap::new();
    for r in rows {
        let key = r.organisation_id;
        let g = by.entry(key).or_insert_with(|| {
            order.push(key);
            InterestGroup {
                organisation: org(orgs, key),
                branch: org(orgs, r.branch_id),
                on_behalf: false,
                people: Vec::new(),
            }
        });
        g.on_behalf |= r.on_behalf;
        g.people.push(InterestedPerson {
            id: r.user_id.0,
            display_name: r.display_name,
            on_behalf: r.on_behalf,
            note: r.note,
            declared_at: r.created_at,
        });
    }
    order.sort_by_key(|k| k.is_none());
    order.into_iter().filter_map(|k| by.remove(&k)).collect()
}
