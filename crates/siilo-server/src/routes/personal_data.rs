//! Personal data (GDPR): the signed-in user's export of everything Siilo holds about them,
//! and the erasure of an account, by its owner (`DELETE /me`) or by an admin
//! (`DELETE /users/{id}`, in `routes/users.rs`). What erasure clears and keeps is written at
//! `siilo_store::personal_data::erase`.

use actix_web::http::header::{
    CacheControl, CacheDirective, ContentDisposition, DispositionParam, DispositionType,
};
use actix_web::{HttpResponse, delete, get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::accounts::Language;
use siilo_domain::login_throttle::Bucket;
use siilo_domain::moderation::{AppealStatus, ContentKind, LogAction, LogTarget, ReportReason, ReportStatus};
use siilo_domain::notifications::NotificationKind;
use siilo_domain::proposals::{Stage, Visibility};
use siilo_domain::roles::Role;
use siilo_domain::{DomainError, UserId, personal_data as rules};
use siilo_store::moderation_log::{self, NewLogEntry};
use siilo_store::personal_data::{self as store, PersonalData};
use siilo_store::{TransactionTrait, begin_write, users};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{SignedIn, judge_password};
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::email_settings::EmailSetting;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(export_me).service(delete_me);
}

/// Everything Siilo holds about the signed-in user, and nothing of anyone else: comments
/// others wrote on the user's proposals, reports others made on the user's content and the
/// names of those whose acts caused the user's notifications are theirs, not the user's.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"exported_at": "2026-12-01T10:00:00Z", "profile": {"id": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "email": "maija.meikalainen@vm.fi", "display_name": "Maija Meikäläinen", "organisation_id": "0193a4e0-0000-7000-8000-000000000004", "language": "fi", "roles": ["participant"], "created_at": "2026-11-02T10:00:00Z", "blocked_at": null, "blocked_reason": null}, "proposals": [{"id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "call_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "number": 12, "title": "Yhteinen avustusrekisteri ministeriöille", "summary": "Kootaan ministeriöiden avustukset yhteen rekisteriin.", "challenge": "Avustustiedot ovat hajallaan.", "idea": "Kokeillaan yhteistä rekisteriä.", "language": "fi", "stage": "submitted", "visibility": "visible", "created_at": "2026-11-20T09:15:00Z", "updated_at": "2026-11-20T09:15:00Z", "revisions": [{"revision": 1, "title": "Yhteinen avustusrekisteri ministeriöille", "summary": "Kootaan ministeriöiden avustukset yhteen rekisteriin.", "challenge": "Avustustiedot ovat hajallaan.", "idea": "Kokeillaan yhteistä rekisteriä.", "created_at": "2026-11-20T09:15:00Z"}]}], "comments": [{"id": "0193a4f6-2b3c-7d4e-8f5a-6b7c8d9e0f06", "proposal_id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e09", "parent_id": null, "body": "Hyvä ajatus!", "language": "fi", "created_at": "2026-11-22T08:30:00Z", "edited_at": null, "deleted_at": null, "visibility": "visible"}], "thumbs": [{"proposal_id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e09", "created_at": "2026-11-22T08:31:00Z"}], "interests": [], "followed_proposals": [{"id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "created_at": "2026-11-20T09:15:00Z"}], "followed_calls": [], "reports": [], "appeals": [], "notifications": [{"id": "0193a4f7-0000-7000-8000-000000000001", "kind": "comment_on_proposal", "created_at": "2026-11-22T09:00:00Z", "read_at": null}], "sessions": [{"id": "0193a4f8-0000-7000-8000-000000000001", "created_at": "2026-12-01T09:55:00Z", "last_used_at": "2026-12-01T09:55:00Z", "revoked_at": null, "expires_at": "2026-12-31T09:55:00Z"}], "email_settings": [{"kind": "comment_on_proposal", "delivery": "immediately"}], "sso_identities": [], "coauthorships": []}))]
pub struct PersonalDataExport {
    pub exported_at: DateTime<Utc>,
    pub profile: ExportedProfile,
    /// The proposals the user wrote, in every state (pending, hidden, rejected, withdrawn
    /// included), oldest first.
    pub proposals: Vec<ExportedProposal>,
    /// The user's comments and replies, deleted and hidden ones included, oldest first.
    pub comments: Vec<ExportedComment>,
    /// The proposals the user thumbed, oldest first.
    pub thumbs: Vec<ExportedThumb>,
    /// The user's "we'd join this" declarations, oldest first.
    pub interests: Vec<ExportedInterest>,
    /// The proposals the user follows, latest first.
    pub followed_proposals: Vec<ExportedFollow>,
    /// The calls the user follows, latest first.
    pub followed_calls: Vec<ExportedFollow>,
    /// The reports the user made, oldest first.
    pub reports: Vec<ExportedReport>,
    /// The user's appeals of moderation actions, oldest first.
    pub appeals: Vec<ExportedAppeal>,
    /// The user's notifications, oldest first.
    pub notifications: Vec<ExportedNotification>,
    /// The user's sign-in sessions, ended ones included, oldest first.
    pub sessions: Vec<ExportedSession>,
    /// How the user chose to hear of each kind of notification by email; the kinds not
    /// listed go in the daily digest.
    pub email_settings: Vec<EmailSetting>,
    /// The identities at the organisation's single sign-on provider that sign in to the
    /// account, oldest first.
    pub sso_identities: Vec<ExportedSsoIdentity>,
    /// The user's co-authorships and invitations to co-author, oldest first.
    pub coauthorships: Vec<ExportedCoauthorship>,
}

/// The account as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedProfile {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub organisation_id: Option<Uuid>,
    pub language: Language,
    /// Always includes `participant`.
    pub roles: Vec<Role>,
    pub created_at: DateTime<Utc>,
    pub blocked_at: Option<DateTime<Utc>>,
    pub blocked_reason: Option<String>,
    /// The versions of the terms of use and of the privacy notice the user accepted.
    pub terms_version: Option<i32>,
    pub privacy_version: Option<i32>,
}

/// A proposal the user wrote, with every revision of its text.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedProposal {
    pub id: Uuid,
    pub call_id: Uuid,
    pub number: i32,
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub language: Language,
    pub stage: Stage,
    pub visibility: Visibility,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Oldest first; revision 1 is the text as submitted.
    pub revisions: Vec<ExportedRevision>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedRevision {
    pub revision: i32,
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub created_at: DateTime<Utc>,
}

/// A comment or reply the user wrote.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedComment {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub body: String,
    pub language: Language,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub visibility: Visibility,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedThumb {
    pub proposal_id: Uuid,
    pub created_at: DateTime<Utc>,
}

/// A declaration of interest in a proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedInterest {
    pub proposal_id: Uuid,
    /// The user's organisation when they declared.
    pub organisation_id: Option<Uuid>,
    pub on_behalf: bool,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A follow of a proposal or a call (by its id).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedFollow {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
}

/// What a report is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedTarget {
    pub kind: ContentKind,
    pub id: Uuid,
}

/// A report the user made.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedReport {
    pub id: Uuid,
    pub target: ExportedTarget,
    pub reason: ReportReason,
    pub note: Option<String>,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
}

/// An appeal the user made.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedAppeal {
    pub id: Uuid,
    /// The moderation log entry appealed.
    pub action_id: Uuid,
    pub text: String,
    pub status: AppealStatus,
    pub created_at: DateTime<Utc>,
}

/// A notification the user received (who caused it is not the user's data).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedNotification {
    pub id: Uuid,
    pub kind: NotificationKind,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A sign-in session (its tokens are stored only as hashes and are not exported).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedSession {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    /// When it was ended (logout, password change, block); `null` while it lasts.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When its current refresh token runs out; `null` when it has none.
    pub expires_at: Option<DateTime<Utc>>,
}

/// An invitation to co-author a proposal, and its answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedCoauthorship {
    pub id: Uuid,
    pub proposal_id: Uuid,
    /// The address invited.
    #[schema(example = "maija.meikalainen@vm.fi")]
    pub email: String,
    pub status: siilo_domain::team::CoauthorStatus,
    /// Who invited.
    pub invited_by: Option<Uuid>,
    pub invited_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// An identity at a single sign-on provider, linked to the account.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedSsoIdentity {
    /// The provider (its issuer URL).
    #[schema(example = "https://login.example.fi")]
    pub issuer: String,
    /// The provider's identifier of the person.
    #[schema(example = "248289761001")]
    pub subject: String,
    /// When it was linked.
    pub created_at: DateTime<Utc>,
}

impl PersonalDataExport {
    fn new(d: PersonalData, now: DateTime<Utc>) -> Self {
        let p = d.profile;
        PersonalDataExport {
            exported_at: now,
            profile: ExportedProfile {
                id: p.id.0,
                email: p.email,
                display_name: p.display_name,
                organisation_id: p.organisation_id.map(|o| o.0),
                language: p.language,
                roles: p.roles.to_vec(),
                created_at: p.created_at,
                blocked_at: p.blocked_at,
                blocked_reason: p.blocked_reason,
                terms_version: p.terms_version,
                privacy_version: p.privacy_version,
            },
            proposals: d
                .proposals
                .into_iter()
                .map(|p| ExportedProposal {
                    id: p.id,
                    call_id: p.call_id,
                    number: p.number,
                    title: p.title,
                    summary: p.summary,
                    challenge: p.challenge,
                    idea: p.idea,
                    language: p.language,
                    stage: p.stage,
                    visibility: p.visibility,
                    created_at: p.created_at,
                    updated_at: p.updated_at,
                    revisions: p
                        .revisions
                        .into_iter()
                        .map(|r| ExportedRevision {
                            revision: r.revision,
                            title: r.title,
                            summary: r.summary,
                            challenge: r.challenge,
                            idea: r.idea,
                            created_at: r.created_at,
                        })
                        .collect(),
                })
                .collect(),
            comments: d
                .comments
                .into_iter()
                .map(|c| ExportedComment {
                    id: c.id,
                    proposal_id: c.proposal_id,
                    parent_id: c.parent_id,
                    body: c.body,
                    language: c.language,
                    created_at: c.created_at,
                    edited_at: c.edited_at,
                    deleted_at: c.deleted_at,
                    visibility: c.visibility,
                })
                .collect(),
            thumbs: d
                .thumbs
                .into_iter()
                .map(|t| ExportedThumb { proposal_id: t.proposal_id, created_at: t.created_at })
                .collect(),
            interests: d
                .interests
                .into_iter()
                .map(|(proposal_id, i)| ExportedInterest {
                    proposal_id,
                    organisation_id: i.organisation_id.map(|o| o.0),
                    on_behalf: i.on_behalf,
                    note: i.note,
                    created_at: i.created_at,
                    updated_at: i.updated_at,
                })
                .collect(),
            followed_proposals: d
                .follows
                .proposals
                .iter()
                .map(|(id, at)| ExportedFollow { id: *id, created_at: *at })
                .collect(),
            followed_calls: d
                .follows
                .calls
                .iter()
                .map(|(id, at)| ExportedFollow { id: *id, created_at: *at })
                .collect(),
            reports: d
                .reports
                .into_iter()
                .map(|r| ExportedReport {
                    id: r.id,
                    target: ExportedTarget { kind: r.target_kind, id: r.target_id },
                    reason: r.reason,
                    note: r.note,
                    status: r.status,
                    created_at: r.created_at,
                })
                .collect(),
            appeals: d
                .appeals
                .into_iter()
                .map(|a| ExportedAppeal {
                    id: a.id,
                    action_id: a.action_id,
                    text: a.text,
                    status: a.outcome.into(),
                    created_at: a.created_at,
                })
                .collect(),
            notifications: d
                .notifications
                .into_iter()
                .map(|n| ExportedNotification {
                    id: n.id,
                    kind: n.kind,
                    created_at: n.created_at,
                    read_at: n.read_at,
                })
                .collect(),
            sessions: d
                .sessions
                .into_iter()
                .map(|s| ExportedSession {
                    id: s.id,
                    created_at: s.created_at,
                    last_used_at: s.last_used_at,
                    revoked_at: s.revoked_at,
                    expires_at: s.expires_at,
                })
                .collect(),
            email_settings: d
                .email_settings
                .into_iter()
                .map(|(kind, delivery)| EmailSetting { kind, delivery })
                .collect(),
            sso_identities: d
                .sso_identities
                .into_iter()
                .map(|i| ExportedSsoIdentity {
                    issuer: i.issuer,
                    subject: i.subject,
                    created_at: i.created_at,
                })
                .collect(),
            coauthorships: d
                .coauthorships
                .into_iter()
                .map(|c| ExportedCoauthorship {
                    id: c.id,
                    proposal_id: c.proposal_id,
                    email: c.email,
                    status: c.status,
                    invited_by: c.invited_by.map(|u| u.0),
                    invited_at: c.created_at,
                    answered_at: c.responded_at,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteMeRequest {
    /// The account's password, to confirm.
    #[validate(length(min = 1, max = 128))]
    #[schema(example = "pitkä ja hyvä salasana", min_length = 1, max_length = 128)]
    pub password: String,
}

/// Export my data
///
/// Everything Siilo holds about the signed-in user, as one JSON document to save
/// (`Content-Disposition: attachment; filename="siilo-<YYYY-MM-DD>.json"`, not cached): the
/// profile, the proposals they wrote with every revision, their comments, thumbs, reports,
/// appeals, notifications, sessions and single sign-on identities. Nothing of anyone else:
/// comments by others on their proposals, or reports by others on their content, are not in it.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The user's data, as an attachment", body = PersonalDataExport,
            headers(
                ("Content-Disposition" = String, description = "`attachment; filename=\"siilo-<YYYY-MM-DD>.json\"`"),
                ("Access-Control-Allow-Origin" = String, description = "The request's `Origin`, when it is one of `SIILO_CORS_ORIGINS`; absent otherwise"),
            )),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/export")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn export_me(state: web::Data<AppState>, viewer: SignedIn) -> Result<HttpResponse, ApiError> {
    let now = Utc::now();
    // One transaction: a consistent picture across the statements.
    let txn = state.db.begin().await?;
    let data = store::export(&txn, viewer.id()).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    let body = PersonalDataExport::new(data, now);
    let filename = format!("siilo-{}.json", now.format("%Y-%m-%d"));
    Ok(HttpResponse::Ok()
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(body))
}

/// Delete my account
///
/// Erases the signed-in user's account after checking the `password`: the email, name,
/// password, organisation, roles, sessions (every token stops working at once),
/// notifications, report notes and appeal texts are gone, and the address can register
/// again. Proposals and comments stay, shown as by a deleted user (`author.erased: true`,
/// empty name); thumbs stay counted. The only admin cannot leave (`last_admin`). Logged as
/// `account_erased`. A wrong password counts as a failed login for the account's email:
/// after too many, this answers `login_locked` (429).
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = DeleteMeRequest,
    responses(
        (status = 204, description = "Erased; the session has ended"),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`wrong_password`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`last_admin`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`login_locked`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn delete_me(
    state: web::Data<AppState>,
    viewer: SignedIn,
    body: Body<DeleteMeRequest>,
) -> Result<HttpResponse, ApiError> {
    let Body(req) = body;
    let stored = users::password_hash(&state.db, viewer.id()).await?;
    // A stolen access token must not become a way to guess the password without limit.
    let bucket = Bucket::Email(viewer.user.email.clone());
    if !judge_password(&state, &bucket, stored, req.password).await? {
        return Err(DomainError::WrongPassword.into());
    }
    erase_account(&state, viewer.id(), viewer.id(), None).await?;
    tracing::info!(user = %viewer.id(), "account erased by its owner");
    Ok(HttpResponse::NoContent().finish())
}

/// Erases `target`'s account in one write transaction and logs it (`account_erased`, by
/// `actor`, with the admin's `reason`). 404 for no such account or one erased already; 409
/// `last_admin` for the only admin.
pub(crate) async fn erase_account(
    state: &AppState,
    target: UserId,
    actor: UserId,
    reason: Option<String>,
) -> Result<(), ApiError> {
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    users::lock(&txn, target).await?;
    let user = users::get(&txn, target).await?.filter(|u| u.erased_at.is_none()).ok_or(ApiError::NotFound)?;
    let is_admin = user.roles.has(Role::Admin);
    let other_admins = if is_admin {
        let others = store::live_admins_locked(&txn).await?.into_iter().filter(|a| *a != target).count();
        u64::try_from(others).unwrap_or(u64::MAX)
    } else {
        0
    };
    rules::check_can_erase(is_admin, other_admins)?;
    if !store::erase(&txn, target, now).await? {
        return Err(ApiError::NotFound);
    }
    let entry = NewLogEntry {
        reason,
        ..NewLogEntry::new(LogAction::AccountErased, Some(actor), LogTarget::User, target.0)
    };
    moderation_log::append(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(())
}
