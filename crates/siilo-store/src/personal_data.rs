//! Personal data (GDPR): everything stored about one user, read for the export, and the
//! erasure of an account.
//!
//! The export reads only rows that are the user's own: their account, the proposals they
//! wrote (with the revisions of those proposals), their comments, thumbs, reports, appeals,
//! notifications, sessions and single sign-on identities. What others wrote about or on their content (comments on
//! their proposals, reports on their content, the names behind their notifications) is not
//! theirs and is left out. One statement per kind, ordered by time: a user's data is small.
//!
//! Erasure keeps the `users` row, so that proposals, comments and thumbs keep an author and
//! stay counted, but nothing on it or around it names the person any more (see
//! [`erase`]). The audit log is append-only and is not touched: its entry about the erasure
//! names the account by id only.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use siilo_domain::UserId;
use siilo_domain::accounts::Language;
use siilo_domain::identity::EmailDelivery;
use siilo_domain::moderation::{AppealOutcome, ContentKind, ReportReason, ReportStatus};
use siilo_domain::notifications::NotificationKind;
use siilo_domain::proposals::{Stage, Visibility};
use siilo_domain::roles::Role;
use uuid::Uuid;

use crate::decode;
use crate::entities::{
    appeal, comment, email_preference, email_token, login_throttle, notification, oidc_identity,
    outbox_email, proposal, proposal_interest, proposal_revision, refresh_token, report, session, thumb,
    user, user_role,
};
use crate::users::{self, UserRecord};

/// Everything stored about one user, as [`export`] reads it.
#[derive(Debug, Clone)]
pub struct PersonalData {
    pub profile: UserRecord,
    pub proposals: Vec<OwnProposal>,
    pub comments: Vec<OwnComment>,
    pub thumbs: Vec<OwnThumb>,
    pub reports: Vec<OwnReport>,
    pub appeals: Vec<OwnAppeal>,
    pub notifications: Vec<OwnNotification>,
    pub sessions: Vec<OwnSession>,
    /// How the user chose to hear of each kind of notification by email, in the kinds' order
    /// (kinds without a choice go in the daily digest).
    pub email_settings: Vec<(NotificationKind, EmailDelivery)>,
    /// The single sign-on identities linked to the account, oldest first.
    pub sso_identities: Vec<OwnSsoIdentity>,
    /// The user's co-authorships and invitations to co-author (bound to them or to their
    /// address), oldest first.
    pub coauthorships: Vec<crate::coauthors::CoauthorRecord>,
    /// "We'd join this" declarations: (proposal id, declaration).
    pub interests: Vec<(Uuid, crate::interests::InterestRecord)>,
    /// The proposals and calls followed (id, since).
    pub follows: crate::follows::Followed,
}

#[derive(Debug, Clone)]
pub struct OwnProposal {
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
    /// Oldest first.
    pub revisions: Vec<OwnRevision>,
}

#[derive(Debug, Clone)]
pub struct OwnRevision {
    pub revision: i32,
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct OwnComment {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub body: String,
    pub language: Language,
    pub visibility: Visibility,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct OwnThumb {
    pub proposal_id: Uuid,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct OwnReport {
    pub id: Uuid,
    pub target_kind: ContentKind,
    pub target_id: Uuid,
    pub reason: ReportReason,
    pub note: Option<String>,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct OwnAppeal {
    pub id: Uuid,
    pub action_id: Uuid,
    pub text: String,
    /// `None` while undecided.
    pub outcome: Option<AppealOutcome>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct OwnNotification {
    pub id: Uuid,
    pub kind: NotificationKind,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct OwnSession {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// When its current refresh token runs out; `None` when it has none left unused.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A provider identity that signs in to the account (single sign-on).
#[derive(Debug, Clone)]
pub struct OwnSsoIdentity {
    pub issuer: String,
    pub subject: String,
    pub created_at: DateTime<Utc>,
}

/// The ids of the proposals `user` wrote, as a subquery.
fn own_proposal_ids(user: UserId) -> SelectStatement {
    Query::select()
        .column(proposal::Column::Id)
        .from(proposal::Entity)
        .and_where(Expr::col(proposal::Column::AuthorId).eq(user.0))
        .to_owned()
}

/// The ids of `user`'s sessions, as a subquery.
fn own_session_ids(user: UserId) -> SelectStatement {
    Query::select()
        .column(session::Column::Id)
        .from(session::Entity)
        .and_where(Expr::col(session::Column::UserId).eq(user.0))
        .to_owned()
}

/// Everything stored about `user`, or `None` when there is no such account. Run it in one
/// transaction for a consistent picture.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn export(db: &impl ConnectionTrait, user: UserId) -> Result<Option<PersonalData>, DbErr> {
    let Some(profile) = users::get(db, user).await? else { return Ok(None) };

    let mut revisions = proposal_revision::Entity::find()
        .filter(proposal_revision::Column::ProposalId.in_subquery(own_proposal_ids(user)))
        .order_by_asc(proposal_revision::Column::ProposalId)
        .order_by_asc(proposal_revision::Column::Revision)
        .all(db)
        .await?;
    let proposals = proposal::Entity::find()
        .filter(proposal::Column::AuthorId.eq(user.0))
        .order_by_asc(proposal::Column::CreatedAt)
        .order_by_asc(proposal::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            let (mine, rest): (Vec<_>, Vec<_>) = revisions.drain(..).partition(|r| r.proposal_id == p.id);
            revisions = rest;
            Ok(OwnProposal {
                language: decode("proposals", "language", p.id, &p.language)?,
                stage: decode("proposals", "stage", p.id, &p.stage)?,
                visibility: decode("proposals", "visibility", p.id, &p.visibility)?,
                id: p.id,
                call_id: p.call_id,
                number: p.number,
                title: p.title,
                summary: p.summary,
                challenge: p.challenge,
                idea: p.idea,
                created_at: p.created_at,
                updated_at: p.updated_at,
                revisions: mine
                    .into_iter()
                    .map(|r| OwnRevision {
                        revision: r.revision,
                        title: r.title,
                        summary: r.summary,
                        challenge: r.challenge,
                        idea: r.idea,
                        created_at: r.created_at,
                    })
                    .collect(),
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;

    let comments = comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(user.0))
        .order_by_asc(comment::Column::CreatedAt)
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            Ok(OwnComment {
                language: decode("comments", "language", c.id, &c.language)?,
                visibility: decode("comments", "visibility", c.id, &c.visibility)?,
                id: c.id,
                proposal_id: c.proposal_id,
                parent_id: c.parent_id,
                body: c.body,
                created_at: c.created_at,
                edited_at: c.edited_at,
                deleted_at: c.deleted_at,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;

    let thumbs = thumb::Entity::find()
        .filter(thumb::Column::UserId.eq(user.0))
        .order_by_asc(thumb::Column::CreatedAt)
        .order_by_asc(thumb::Column::ProposalId)
        .all(db)
        .await?
        .into_iter()
        .map(|t| OwnThumb { proposal_id: t.proposal_id, created_at: t.created_at })
        .collect();

    let reports = report::Entity::find()
        .filter(report::Column::ReporterId.eq(user.0))
        .order_by_asc(report::Column::CreatedAt)
        .order_by_asc(report::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            Ok(OwnReport {
                target_kind: decode("reports", "target_kind", r.id, &r.target_kind)?,
                reason: decode("reports", "reason", r.id, &r.reason)?,
                status: decode("reports", "status", r.id, &r.status)?,
                id: r.id,
                target_id: r.target_id,
                note: r.note,
                created_at: r.created_at,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;

    let appeals = appeal::Entity::find()
        .filter(appeal::Column::AppellantId.eq(user.0))
        .order_by_asc(appeal::Column::CreatedAt)
        .order_by_asc(appeal::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| {
            let outcome = a.outcome.as_deref().map(|o| decode("appeals", "outcome", a.id, o)).transpose()?;
            Ok(OwnAppeal {
                id: a.id,
                action_id: a.action_id,
                text: a.text,
                outcome,
                created_at: a.created_at,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;

    // A kind this version does not know is left out, as the notification list does.
    let notifications = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user.0))
        .order_by_asc(notification::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|n| match n.kind.parse::<NotificationKind>() {
            Ok(kind) => Some(OwnNotification { id: n.id, kind, created_at: n.created_at, read_at: n.read_at }),
            Err(_) => {
                tracing::warn!(notification_id = %n.id, kind = %n.kind, "notification of an unknown kind left out");
                None
            }
        })
        .collect();

    // The unused token of a session is its current one (rotation uses up the one before).
    let current_tokens: Vec<(Uuid, DateTime<Utc>)> = refresh_token::Entity::find()
        .select_only()
        .columns([refresh_token::Column::SessionId, refresh_token::Column::ExpiresAt])
        .filter(refresh_token::Column::SessionId.in_subquery(own_session_ids(user)))
        .filter(refresh_token::Column::UsedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let sessions = session::Entity::find()
        .filter(session::Column::UserId.eq(user.0))
        .order_by_asc(session::Column::CreatedAt)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| OwnSession {
            expires_at: current_tokens.iter().filter(|(id, _)| *id == s.id).map(|(_, at)| *at).max(),
            id: s.id,
            created_at: s.created_at,
            last_used_at: s.last_used_at,
            revoked_at: s.revoked_at,
        })
        .collect();

    let chosen = crate::email_preferences::chosen(db, user).await?;
    let email_settings = siilo_domain::email_notifications::settings(&chosen)
        .into_iter()
        .filter(|(k, _)| chosen.contains_key(k))
        .collect();

    let sso_identities = oidc_identity::Entity::find()
        .filter(oidc_identity::Column::UserId.eq(user.0))
        .order_by_asc(oidc_identity::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|i| OwnSsoIdentity { issuer: i.issuer, subject: i.subject, created_at: i.created_at })
        .collect();

    let coauthorships = crate::coauthors::of_user(db, user, &profile.email).await?;
    let interests = crate::interests::all_of_user(db, user).await?;
    let follows = crate::follows::followed_by(db, user, u64::MAX >> 1).await?;
    Ok(Some(PersonalData {
        coauthorships,
        interests,
        follows,
        profile,
        proposals,
        comments,
        thumbs,
        reports,
        appeals,
        notifications,
        sessions,
        email_settings,
        sso_identities,
    }))
}

/// The admins who can still act (not blocked, not erased), their role rows locked until the
/// transaction ends (PostgreSQL `FOR UPDATE`; the write transaction holds SQLite), so that
/// two admins erasing each other at once cannot both pass the last-admin check: the second
/// waits, and then no longer sees the first. Only the role rows are locked, never the users
/// rows, so that two such erasures never wait on each other in a circle.
#[tracing::instrument(skip_all, err)]
pub async fn live_admins_locked(db: &impl ConnectionTrait) -> Result<Vec<UserId>, DbErr> {
    let ids: Vec<Uuid> = user_role::Entity::find()
        .select_only()
        .column(user_role::Column::UserId)
        .filter(user_role::Column::Role.eq(Role::Admin.into_str()))
        .lock_exclusive()
        .into_tuple()
        .all(db)
        .await?;
    let live: Vec<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::ErasedAt.is_null())
        .filter(user::Column::BlockedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(live.into_iter().map(UserId).collect())
}

/// Erases the personal data of `user`'s account, in the caller's write transaction (which
/// also checks who may erase it and appends the log entry). `false` when there is no such
/// account or it is erased already.
///
/// - the `users` row: email → `siilo_domain::personal_data::erased_email`, display name,
///   password hash, search text → empty, organisation and block reason → `NULL`,
///   `erased_at` set. An empty hash never verifies, and the placeholder address never
///   reaches it (`users::credentials_by_email` skips erased accounts);
/// - deleted: roles, sessions with their refresh tokens (access tokens stop at once),
///   notifications, email settings, the single sign-on identities linked to it, the login
///   throttle of the old address, the account's email links, and its emails in the outbox (sent
///   or not: their recipients are its addresses);
/// - blanked: the notes of the user's reports and the texts of their appeals (the reports
///   and appeals stay: they count towards thresholds and belong to the moderation record);
/// - deleted too: the user's co-authorships and invitations to co-author, their "we'd join
///   this" declarations and their follows of proposals and calls (the reach of the proposals
///   concerned, and of their own, is counted again);
/// - kept: proposals, revisions, comments and thumbs, now by a deleted user.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn erase(db: &impl ConnectionTrait, user: UserId, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let Some(old) = user::Entity::find_by_id(user.0).one(db).await? else { return Ok(false) };
    if old.erased_at.is_some() {
        return Ok(false);
    }
    user::Entity::update_many()
        .col_expr(user::Column::Email, Expr::value(siilo_domain::personal_data::erased_email(user.0)))
        .col_expr(user::Column::DisplayName, Expr::value(""))
        .col_expr(user::Column::PasswordHash, Expr::value(""))
        .col_expr(user::Column::SearchText, Expr::value(""))
        .col_expr(user::Column::OrganisationId, Expr::value(Option::<Uuid>::None))
        .col_expr(user::Column::BlockedReason, Expr::value(Option::<String>::None))
        .col_expr(user::Column::ErasedAt, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user.0))
        .exec(db)
        .await?;
    user_role::Entity::delete_many().filter(user_role::Column::UserId.eq(user.0)).exec(db).await?;
    refresh_token::Entity::delete_many()
        .filter(refresh_token::Column::SessionId.in_subquery(own_session_ids(user)))
        .exec(db)
        .await?;
    session::Entity::delete_many().filter(session::Column::UserId.eq(user.0)).exec(db).await?;
    notification::Entity::delete_many().filter(notification::Column::UserId.eq(user.0)).exec(db).await?;
    email_token::Entity::delete_many().filter(email_token::Column::UserId.eq(user.0)).exec(db).await?;
    outbox_email::Entity::delete_many().filter(outbox_email::Column::UserId.eq(user.0)).exec(db).await?;
    email_preference::Entity::delete_many()
        .filter(email_preference::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    oidc_identity::Entity::delete_many().filter(oidc_identity::Column::UserId.eq(user.0)).exec(db).await?;
    // Emails are stored normalised, and the throttle is keyed by the normalised address.
    login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::Email.eq(&old.email))
        .exec(db)
        .await?;
    // Co-authorships and invitations go; the proposals' reach no longer counts the user's
    // organisation (now none).
    crate::coauthors::erase_user(db, user, &old.email).await?;
    crate::reach::refresh_for_user(db, user.0).await?;
    report::Entity::update_many()
        .col_expr(report::Column::Note, Expr::value(Option::<String>::None))
        .filter(report::Column::ReporterId.eq(user.0))
        .exec(db)
        .await?;
    appeal::Entity::update_many()
        .col_expr(appeal::Column::Text, Expr::value(""))
        .filter(appeal::Column::AppellantId.eq(user.0))
        .exec(db)
        .await?;
    // Interests and follows go; the reach of the proposals they touched, and of the user's
    // own (their organisation is gone), is counted again.
    let interested = crate::interests::proposals_of_user(db, user).await?;
    proposal_interest::Entity::delete_many()
        .filter(proposal_interest::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    for p in interested {
        crate::reach::refresh(db, p).await?;
    }
    crate::reach::refresh_for_user(db, user.0).await?;
    crate::follows::remove_all_of_user(db, user).await?;
    Ok(true)
}
