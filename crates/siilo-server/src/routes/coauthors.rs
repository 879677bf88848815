//! Team proposals: the author invites co-authors (*kanssakirjoittajat*) by email; the invited
//! user accepts or declines on their list of invitations; the author removes invitations and
//! co-authors, and a co-author leaves. The rules are `siilo_domain::team`.
//!
//! An invitation to an address without a confirmed account sends nothing (no email to
//! addresses the platform does not know): it waits, and is bound to the account and notified
//! in the transaction that confirms that address (`siilo_store::coauthors::bind_address`).

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::accounts::normalize_email;
use siilo_domain::notifications::NotificationKind;
use siilo_domain::proposals::Sight;
use siilo_domain::team::{self as rules, CoauthorStatus, TeamRole};
use siilo_domain::{DomainError, UserId};
use siilo_store::begin_write;
use siilo_store::coauthors::{self as store, CoauthorRecord, InvitationRecord};
use siilo_store::notifications::{self, NewNotification};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::calls::FinnishRequiredText;
use crate::routes::dto::{OrganisationRef, UserRef, email_address};
use crate::routes::paths::ProposalPath;
use crate::routes::proposals::visible_proposal;
use crate::state::AppState;
use crate::state::organisations::Organisations;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(invite_coauthor)
        .service(list_coauthors)
        .service(remove_coauthor)
        .service(list_invitations)
        .service(accept_invitation)
        .service(decline_invitation);
}

/// `/proposals/{id}/coauthors/{coauthor_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CoauthorPath {
    /// Proposal id
    pub id: Uuid,
    /// The invitation's id
    pub coauthor_id: Uuid,
}

/// `/me/invitations/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct InvitationPath {
    /// The invitation's id
    pub id: Uuid,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteCoauthorRequest {
    /// The colleague's address; compared lower-cased.
    #[validate(length(max = 254), custom(function = "email_address"))]
    #[schema(example = "matti.virtanen@okm.fi", max_length = 254, format = "email")]
    pub email: String,
}

/// The account an invitation is bound to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoauthorUser {
    pub id: Uuid,
    #[schema(example = "Matti Virtanen")]
    pub display_name: String,
    pub organisation: Option<OrganisationRef>,
}

/// An invitation to co-author a proposal, and its answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4fa-0000-7000-8000-000000000001", "proposal_id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "email": "matti.virtanen@okm.fi", "status": "invited", "user": null, "invited_by": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "invited_at": "2026-12-01T10:00:00Z", "answered_at": null}))]
pub struct Coauthor {
    pub id: Uuid,
    pub proposal_id: Uuid,
    /// The address invited, lower-cased.
    #[schema(example = "matti.virtanen@okm.fi")]
    pub email: String,
    pub status: CoauthorStatus,
    /// The account of the address, once it has one with the address confirmed; until then
    /// the invitation waits and nobody is notified.
    pub user: Option<CoauthorUser>,
    pub invited_by: Option<Uuid>,
    pub invited_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// The proposal an invitation is to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvitedProposal {
    pub id: Uuid,
    pub number: i32,
    #[schema(example = "Yhteinen avustusrekisteri ministeriöille")]
    pub title: String,
}

/// The call of the proposal an invitation is to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvitedCall {
    pub id: Uuid,
    #[schema(example = "siilonmurtajat-2026")]
    pub slug: String,
    pub title: FinnishRequiredText,
}

/// A pending invitation of the signed-in user.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Invitation {
    pub id: Uuid,
    pub proposal: InvitedProposal,
    pub call: InvitedCall,
    /// Who invited (the proposal's author).
    pub inviter: Option<UserRef>,
    pub invited_at: DateTime<Utc>,
}

fn view(c: CoauthorRecord, orgs: &Organisations) -> Coauthor {
    Coauthor {
        id: c.id,
        proposal_id: c.proposal_id,
        email: c.email,
        status: c.status,
        user: c.user.map(|u| CoauthorUser {
            id: u.user_id.0,
            display_name: u.display_name,
            organisation: u.organisation_id.and_then(|o| orgs.get(o)).map(OrganisationRef::from),
        }),
        invited_by: c.invited_by.map(|u| u.0),
        invited_at: c.created_at,
        answered_at: c.responded_at,
    }
}

fn invitation(i: InvitationRecord) -> Invitation {
    Invitation {
        id: i.id,
        proposal: InvitedProposal { id: i.proposal_id, number: i.proposal_number, title: i.proposal_title },
        call: InvitedCall { id: i.call_id, slug: i.call_slug, title: i.call_title.into() },
        inviter: i.inviter.map(|(id, display_name)| UserRef { id: id.0, display_name }),
        invited_at: i.created_at,
    }
}

/// Invite a co-author
///
/// By the proposal's author, while it is neither withdrawn nor merged. At most 10
/// co-authors and open invitations at once. When an account has confirmed the address, the
/// invitation is bound to it and its user is notified (`coauthor_invited`); otherwise it
/// waits, and nothing is sent (no email to addresses without an account): it is bound and
/// notified when an account confirms that address. An address that declined may be invited
/// again.
#[utoipa::path(
    tag = "proposals",
    security(("bearer" = [])),
    params(ProposalPath),
    request_body = InviteCoauthorRequest,
    responses(
        (status = 201, description = "Invited", body = Coauthor),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`email_unverified`, `terms_not_accepted`, `not_author`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`proposal_withdrawn`, `coauthor_already_invited`, `coauthor_limit_reached`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `coauthor_not_allowed` (the author's own address)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/proposals/{id}/coauthors")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn invite_coauthor(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
    body: Body<InviteCoauthorRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.may_take_part(&state).await?;
    let maybe = SignedInOrVisitor::from(viewer.clone());
    visible_proposal(&state, path.id, &maybe, Sight::Tombstone).await?;
    let Body(req) = body;
    let email = normalize_email(&req.email);
    let invitee = siilo_store::users::live_by_email(&state.db, &email)
        .await?
        .filter(|u| u.email_verified_at.is_some())
        .map(|u| u.id);

    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    // Parallel invitations to one proposal count one after another.
    store::lock_proposal(&txn, path.id).await?;
    let (call, facts) = siilo_store::proposals::facts(&txn, path.id).await?.ok_or(ApiError::NotFound)?;
    let coauthors = store::accepted_ids(&txn, path.id).await?;
    rules::check_can_invite(&facts, TeamRole::of(&facts, &coauthors, viewer.id()))?;
    let existing = store::status_of(&txn, path.id, &email).await?;
    let open = store::count_open(&txn, path.id).await?;
    rules::check_invitee(&viewer.user.email, &email, existing, open)?;
    let id = store::invite(&txn, path.id, &email, invitee, viewer.id(), now).await?;
    if let Some(user) = invitee {
        let note = store::invited_notification(user, id, path.id, Some(call.id), Some(viewer.id()));
        notifications::create_many(&txn, &[note], now).await?;
    }
    let row = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    state.mail.wake();
    tracing::info!(proposal = %path.id, coauthor = %id, bound = invitee.is_some(), "co-author invited");
    let orgs = state.organisations.get(&state.db).await?;
    Ok(HttpResponse::Created().json(view(row, &orgs)))
}

/// List a proposal's co-authors and invitations
///
/// For its team (the author and accepted co-authors) and admins: every invitation with its
/// address, status and, once bound, its user.
#[utoipa::path(
    tag = "proposals",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 200, description = "Oldest first", body = Vec<Coauthor>),
        (status = 401, response = Problem),
        (status = 403, description = "`not_author`: not in the proposal's team", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[get("/proposals/{id}/coauthors")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn list_coauthors(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<web::Json<Vec<Coauthor>>, ApiError> {
    let maybe = SignedInOrVisitor::from(viewer.clone());
    let (_, p) = visible_proposal(&state, path.id, &maybe, Sight::Tombstone).await?;
    let role = TeamRole::of(&p.facts(), &p.coauthor_ids(), viewer.id());
    if !role.in_team() && !viewer.is_admin() {
        return Err(DomainError::NotAuthor.into());
    }
    let rows = store::list(&state.db, p.id).await?;
    let orgs = state.organisations.get(&state.db).await?;
    Ok(web::Json(rows.into_iter().map(|r| view(r, &orgs)).collect()))
}

/// Remove a co-author or an invitation
///
/// The author removes any invitation or co-author (a removed co-author or invitee is
/// notified, `coauthor_removed`); a co-author removes their own row, leaving the proposal.
#[utoipa::path(
    tag = "proposals",
    security(("bearer" = [])),
    params(CoauthorPath),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = Problem),
        (status = 403, description = "`not_author`: neither the author nor the invited user", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[delete("/proposals/{id}/coauthors/{coauthor_id}")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, coauthor_id = %path.coauthor_id, user_id = %viewer.id()))]
pub async fn remove_coauthor(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CoauthorPath>,
) -> Result<HttpResponse, ApiError> {
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let row = store::get(&txn, path.coauthor_id).await?.filter(|r| r.proposal_id == path.id);
    let Some(row) = row else { return Err(ApiError::NotFound) };
    let (call, facts) = siilo_store::proposals::facts(&txn, path.id).await?.ok_or(ApiError::NotFound)?;
    let coauthors = store::accepted_ids(&txn, path.id).await?;
    let role = TeamRole::of(&facts, &coauthors, viewer.id());
    let row_user = row.user.as_ref().map(|u| u.user_id);
    rules::check_can_remove(role, viewer.id(), row_user)?;
    store::remove(&txn, row.id, path.id).await?;
    if let Some(user) = row_user
        && user != viewer.id()
        && row.status.is_open()
    {
        let note = NewNotification {
            user_id: user,
            kind: NotificationKind::CoauthorRemoved,
            actor_id: Some(viewer.id()),
            call_id: Some(call.id),
            proposal_id: Some(path.id),
            comment_id: None,
            data: serde_json::json!({}),
        };
        notifications::create_many(&txn, &[note], now).await?;
    }
    txn.commit().await?;
    state.mail.wake();
    tracing::info!(proposal = %path.id, coauthor = %row.id, "co-author removed");
    Ok(HttpResponse::NoContent().finish())
}

/// My invitations to co-author
///
/// The signed-in user's pending invitations, newest first.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Pending invitations, newest first", body = Vec<Invitation>),
        (status = 401, response = Problem),
    )
)]
#[get("/me/invitations")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn list_invitations(
    state: web::Data<AppState>,
    viewer: SignedIn,
) -> Result<web::Json<Vec<Invitation>>, ApiError> {
    let rows = store::pending_for(&state.db, viewer.id()).await?;
    Ok(web::Json(rows.into_iter().map(invitation).collect()))
}

/// Answers one of the viewer's invitations: the row, once the answer is stored.
async fn answer(state: &AppState, viewer: &SignedIn, id: Uuid, accept: bool) -> Result<Coauthor, ApiError> {
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let row = store::get(&txn, id).await?;
    let Some(row) = row.filter(|r| r.user.as_ref().map(|u| u.user_id) == Some(viewer.id())) else {
        return Err(ApiError::NotFound);
    };
    rules::check_can_answer(row.status)?;
    let (call, facts) =
        siilo_store::proposals::facts(&txn, row.proposal_id).await?.ok_or(ApiError::NotFound)?;
    if accept {
        rules::check_can_join(&facts)?;
    }
    if !store::answer(&txn, id, row.proposal_id, accept, now).await? {
        return Err(DomainError::InvitationAnswered.into());
    }
    if accept {
        siilo_store::follows::follow_proposal(&txn, row.proposal_id, viewer.id(), now).await?;
    }
    let to: UserId = facts.author_id;
    if to != viewer.id() {
        let note = NewNotification {
            user_id: to,
            kind: NotificationKind::CoauthorAnswered,
            actor_id: Some(viewer.id()),
            call_id: Some(call.id),
            proposal_id: Some(row.proposal_id),
            comment_id: None,
            data: serde_json::json!({ "invitation_id": id, "accepted": accept }),
        };
        notifications::create_many(&txn, &[note], now).await?;
    }
    let row = store::get(&txn, id).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    state.mail.wake();
    tracing::info!(coauthor = %id, accept, "invitation answered");
    let orgs = state.organisations.get(&state.db).await?;
    Ok(view(row, &orgs))
}

/// Accept an invitation to co-author
///
/// The user joins the proposal's team: they may edit it, are shown on it with their
/// organisation, follow it and hear of it as its author does. The author is notified
/// (`coauthor_answered`).
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    params(InvitationPath),
    responses(
        (status = 200, description = "Accepted", body = Coauthor),
        (status = 401, response = Problem),
        (status = 403, description = "`email_unverified`, `terms_not_accepted`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation of the signed-in user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invitation_answered`, `proposal_withdrawn`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/invitations/{id}/accept")]
#[tracing::instrument(skip_all, fields(coauthor_id = %path.id, user_id = %viewer.id()))]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<InvitationPath>,
) -> Result<web::Json<Coauthor>, ApiError> {
    viewer.may_take_part(&state).await?;
    Ok(web::Json(answer(&state, &viewer, path.id, true).await?))
}

/// Decline an invitation to co-author
///
/// The author is notified (`coauthor_answered`); they may invite the address again.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    params(InvitationPath),
    responses(
        (status = 200, description = "Declined", body = Coauthor),
        (status = 401, response = Problem),
        (status = 404, description = "No such invitation of the signed-in user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invitation_answered`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/invitations/{id}/decline")]
#[tracing::instrument(skip_all, fields(coauthor_id = %path.id, user_id = %viewer.id()))]
pub async fn decline_invitation(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<InvitationPath>,
) -> Result<web::Json<Coauthor>, ApiError> {
    Ok(web::Json(answer(&state, &viewer, path.id, false).await?))
}
