//! Co-authors of proposals: invitations by email, their answers, and the accepted team.
//!
//! - An invitation names a lower-cased address; `user_id` is bound at once when an account
//!   has confirmed that address, or later by [`bind_address`], which every confirmation of an
//!   address calls in its transaction (registration, a changed address, SSO, admin-made
//!   accounts: `crate::users`). Binding notifies the invitee (`coauthor_invited`).
//! - The limit of co-authors and open invitations is checked after [`lock_proposal`] in the
//!   inviting transaction: parallel invitations to one proposal queue behind each other
//!   (`FOR UPDATE` on PostgreSQL; SQLite's immediate transactions write one at a time).
//! - An answer is a conditional `UPDATE … WHERE status = 'invited'`: of parallel answers one
//!   wins, the others see [`siilo_domain::DomainError::InvitationAnswered`].
//! - Whatever changes who has accepted refreshes the proposal's reach in its transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use siilo_domain::notifications::NotificationKind;
use siilo_domain::team::CoauthorStatus;
use siilo_domain::{OrganisationId, UserId};
use uuid::Uuid;

use crate::decode;
use crate::entities::{call, proposal, proposal_coauthor, user};
use crate::notifications::NewNotification;

/// An accepted co-author as a proposal's views show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    pub user_id: UserId,
    pub display_name: String,
    pub organisation_id: Option<OrganisationId>,
}

/// One invitation or co-author of a proposal, as its team sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoauthorRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub email: String,
    pub status: CoauthorStatus,
    /// The account the address belongs to, once bound: id, name, organisation.
    pub user: Option<TeamMember>,
    pub invited_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
}

/// A pending invitation as its invitee's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub proposal_number: i32,
    pub proposal_title: String,
    pub call_id: Uuid,
    pub call_slug: String,
    pub call_title: crate::calls::Localized,
    /// Who invited: id and display name.
    pub inviter: Option<(UserId, String)>,
    pub created_at: DateTime<Utc>,
}

fn record(m: proposal_coauthor::Model, users: &HashMap<Uuid, TeamMember>) -> Result<CoauthorRecord, DbErr> {
    Ok(CoauthorRecord {
        status: decode("proposal_coauthors", "status", m.id, &m.status)?,
        user: m.user_id.and_then(|u| users.get(&u).cloned()),
        id: m.id,
        proposal_id: m.proposal_id,
        email: m.email,
        invited_by: m.invited_by.map(Into::into),
        created_at: m.created_at,
        responded_at: m.responded_at,
    })
}

async fn members(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<HashMap<Uuid, TeamMember>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::DisplayName, user::Column::OrganisationId])
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String, Option<Uuid>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, display_name, org)| {
            (id, TeamMember { user_id: id.into(), display_name, organisation_id: org.map(Into::into) })
        })
        .collect())
}

/// Takes the proposal's row lock, so that parallel invitations to it count one after another.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn lock_proposal(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<(), DbErr> {
    // sea-query leaves the lock clause out for SQLite.
    proposal::Entity::find_by_id(proposal_id)
        .select_only()
        .column(proposal::Column::Id)
        .lock_exclusive()
        .into_tuple::<Uuid>()
        .one(db)
        .await
        .map(|_| ())
}

/// Every invitation and co-author of the proposal, oldest first.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn list(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<Vec<CoauthorRecord>, DbErr> {
    let rows = proposal_coauthor::Entity::find()
        .filter(proposal_coauthor::Column::ProposalId.eq(proposal_id))
        .order_by_asc(proposal_coauthor::Column::CreatedAt)
        .order_by_asc(proposal_coauthor::Column::Id)
        .all(db)
        .await?;
    let users = members(db, rows.iter().filter_map(|r| r.user_id).collect()).await?;
    rows.into_iter().map(|m| record(m, &users)).collect()
}

/// One row by id.
#[tracing::instrument(skip_all, fields(coauthor_id = %id), err)]
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<CoauthorRecord>, DbErr> {
    let Some(m) = proposal_coauthor::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let users = members(db, m.user_id.into_iter().collect()).await?;
    record(m, &users).map(Some)
}

/// The status of the proposal's row for this (normalised) address, if there is one.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn status_of(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    email: &str,
) -> Result<Option<CoauthorStatus>, DbErr> {
    let Some(m) = proposal_coauthor::Entity::find()
        .filter(proposal_coauthor::Column::ProposalId.eq(proposal_id))
        .filter(proposal_coauthor::Column::Email.eq(email))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    decode("proposal_coauthors", "status", m.id, &m.status).map(Some)
}

/// How many co-authors and open invitations the proposal has.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn count_open(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<u64, DbErr> {
    proposal_coauthor::Entity::find()
        .filter(proposal_coauthor::Column::ProposalId.eq(proposal_id))
        .filter(
            proposal_coauthor::Column::Status
                .is_in([CoauthorStatus::Invited.into_str(), CoauthorStatus::Accepted.into_str()]),
        )
        .count(db)
        .await
}

/// Invites `email` (normalised; checked by the caller): a new row, or a declined one back to
/// `invited`. `user` is the confirmed account of the address, if any; the caller notifies it.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn invite(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    email: &str,
    user: Option<UserId>,
    invited_by: UserId,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let existing = proposal_coauthor::Entity::find()
        .filter(proposal_coauthor::Column::ProposalId.eq(proposal_id))
        .filter(proposal_coauthor::Column::Email.eq(email))
        .one(db)
        .await?;
    if let Some(m) = existing {
        proposal_coauthor::ActiveModel {
            id: Set(m.id),
            user_id: Set(user.map(|u| u.0)),
            status: Set(CoauthorStatus::Invited.into_str().to_owned()),
            invited_by: Set(Some(invited_by.0)),
            created_at: Set(now),
            responded_at: Set(None),
            ..Default::default()
        }
        .update(db)
        .await?;
        return Ok(m.id);
    }
    let id = Uuid::now_v7();
    proposal_coauthor::ActiveModel {
        id: Set(id),
        proposal_id: Set(proposal_id),
        user_id: Set(user.map(|u| u.0)),
        email: Set(email.to_owned()),
        status: Set(CoauthorStatus::Invited.into_str().to_owned()),
        invited_by: Set(Some(invited_by.0)),
        created_at: Set(now),
        responded_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Answers an open invitation; `false` when it was no longer open (answered meanwhile).
/// Refreshes the proposal's reach.
#[tracing::instrument(skip_all, fields(coauthor_id = %id), err)]
pub async fn answer(
    db: &impl ConnectionTrait,
    id: Uuid,
    proposal_id: Uuid,
    accept: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let status = if accept { CoauthorStatus::Accepted } else { CoauthorStatus::Declined };
    let res = proposal_coauthor::Entity::update_many()
        .col_expr(proposal_coauthor::Column::Status, Expr::value(status.into_str()))
        .col_expr(proposal_coauthor::Column::RespondedAt, Expr::value(now))
        .filter(proposal_coauthor::Column::Id.eq(id))
        .filter(proposal_coauthor::Column::Status.eq(CoauthorStatus::Invited.into_str()))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Ok(false);
    }
    crate::reach::refresh(db, proposal_id).await?;
    Ok(true)
}

/// Removes an invitation or a co-author; `false` when there was none. Refreshes the reach.
#[tracing::instrument(skip_all, fields(coauthor_id = %id), err)]
pub async fn remove(db: &impl ConnectionTrait, id: Uuid, proposal_id: Uuid) -> Result<bool, DbErr> {
    let res = proposal_coauthor::Entity::delete_by_id(id).exec(db).await?;
    if res.rows_affected == 0 {
        return Ok(false);
    }
    crate::reach::refresh(db, proposal_id).await?;
    Ok(true)
}

/// The accepted co-authors of the proposal.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn accepted_ids(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<Vec<UserId>, DbErr> {
    Ok(proposal_coauthor::Entity::find()
        .select_only()
        .column(proposal_coauthor::Column::UserId)
        .filter(proposal_coauthor::Column::ProposalId.eq(proposal_id))
        .filter(proposal_coauthor::Column::Status.eq(CoauthorStatus::Accepted.into_str()))
        .filter(proposal_coauthor::Column::UserId.is_not_null())
        .order_by_asc(proposal_coauthor::Column::CreatedAt)
        .into_tuple::<Option<Uuid>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .map(UserId::from)
        .collect())
}

/// The accepted co-authors of each proposal, oldest acceptance first. One statement.
#[tracing::instrument(skip_all, fields(count = proposal_ids.len()), err)]
pub async fn teams(
    db: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<TeamMember>>, DbErr> {
    use sea_orm::{JoinType, RelationDef};
    if proposal_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let to_user: RelationDef = proposal_coauthor::Entity::belongs_to(user::Entity)
        .from(proposal_coauthor::Column::UserId)
        .to(user::Column::Id)
        .into();
    let rows: Vec<(Uuid, Uuid, String, Option<Uuid>)> = proposal_coauthor::Entity::find()
        .select_only()
        .column(proposal_coauthor::Column::ProposalId)
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .column(user::Column::OrganisationId)
        .join(JoinType::InnerJoin, to_user)
        .filter(proposal_coauthor::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .filter(proposal_coauthor::Column::Status.eq(CoauthorStatus::Accepted.into_str()))
        .order_by_asc(proposal_coauthor::Column::RespondedAt)
        .order_by_asc(proposal_coauthor::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<Uuid, Vec<TeamMember>> = HashMap::new();
    for (proposal_id, id, display_name, org) in rows {
        out.entry(proposal_id).or_default().push(TeamMember {
            user_id: id.into(),
            display_name,
            organisation_id: org.map(Into::into),
        });
    }
    Ok(out)
}

/// The user's pending invitations (bound to them), newest first.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn pending_for(db: &impl ConnectionTrait, user: UserId) -> Result<Vec<InvitationRecord>, DbErr> {
    let rows = proposal_coauthor::Entity::find()
        .filter(proposal_coauthor::Column::UserId.eq(user.0))
        .filter(proposal_coauthor::Column::Status.eq(CoauthorStatus::Invited.into_str()))
        .order_by_desc(proposal_coauthor::Column::CreatedAt)
        .order_by_desc(proposal_coauthor::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let proposals: HashMap<Uuid, proposal::Model> = proposal::Entity::find()
        .filter(proposal::Column::Id.is_in(rows.iter().map(|r| r.proposal_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let calls: HashMap<Uuid, call::Model> = call::Entity::find()
        .filter(call::Column::Id.is_in(proposals.values().map(|p| p.call_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let inviters = members(db, rows.iter().filter_map(|r| r.invited_by).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let p = proposals.get(&r.proposal_id)?;
            let c = calls.get(&p.call_id)?;
            Some(InvitationRecord {
                id: r.id,
                proposal_id: p.id,
                proposal_number: p.number,
                proposal_title: p.title.clone(),
                call_id: c.id,
                call_slug: c.slug.clone(),
                call_title: crate::calls::Localized {
                    fi: c.title_fi.clone(),
                    sv: c.title_sv.clone(),
                    en: c.title_en.clone(),
                },
                inviter: r
                    .invited_by
                    .and_then(|i| inviters.get(&i))
                    .map(|m| (m.user_id, m.display_name.clone())),
                created_at: r.created_at,
            })
        })
        .collect())
}

/// An account has just confirmed `email` (normalised): binds the open invitations to that
/// address that wait for an account, and notifies the user of each (`coauthor_invited`), in
/// the caller's transaction. Returns how many were bound.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn bind_address(
    db: &impl ConnectionTrait,
    user: UserId,
    email: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let waiting = proposal_coauthor::Entity::find()
        .filter(proposal_coauthor::Column::Email.eq(email))
        .filter(proposal_coauthor::Column::Status.eq(CoauthorStatus::Invited.into_str()))
        .filter(proposal_coauthor::Column::UserId.is_null())
        .all(db)
        .await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let ids: Vec<Uuid> = waiting.iter().map(|w| w.id).collect();
    proposal_coauthor::Entity::update_many()
        .col_expr(proposal_coauthor::Column::UserId, Expr::value(user.0))
        .filter(proposal_coauthor::Column::Id.is_in(ids))
        .filter(proposal_coauthor::Column::UserId.is_null())
        .exec(db)
        .await?;
    let calls: HashMap<Uuid, Uuid> = proposal::Entity::find()
        .select_only()
        .columns([proposal::Column::Id, proposal::Column::CallId])
        .filter(proposal::Column::Id.is_in(waiting.iter().map(|w| w.proposal_id)))
        .into_tuple::<(Uuid, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    // The author never invites themselves, but an author may have taken the address since.
    let notes: Vec<NewNotification> = waiting
        .iter()
        .filter(|w| w.invited_by != Some(user.0))
        .map(|w| {
            invited_notification(
                user,
                w.id,
                w.proposal_id,
                calls.get(&w.proposal_id).copied(),
                w.invited_by.map(Into::into),
            )
        })
        .collect();
    crate::notifications::create_many(db, &notes, now).await?;
    Ok(waiting.len())
}

/// The notification of an invitation to its invitee.
pub fn invited_notification(
    invitee: UserId,
    invitation_id: Uuid,
    proposal_id: Uuid,
    call_id: Option<Uuid>,
    inviter: Option<UserId>,
) -> NewNotification {
    NewNotification {
        user_id: invitee,
        kind: NotificationKind::CoauthorInvited,
        actor_id: inviter,
        call_id,
        proposal_id: Some(proposal_id),
        comment_id: None,
        data: serde_json::json!({ "invitation_id": invitation_id }),
    }
}

/// A user's co-authorships and invitations (bound to them or to their address), for their
/// data export: proposal id, status, invited and answered.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn of_user(
    db: &impl ConnectionTrait,
    user: UserId,
    email: &str,
) -> Result<Vec<CoauthorRecord>, DbErr> {
    use sea_orm::Condition;
    let rows = proposal_coauthor::Entity::find()
        .filter(
            Condition::any()
                .add(proposal_coauthor::Column::UserId.eq(user.0))
                .add(proposal_coauthor::Column::Email.eq(email)),
        )
        .order_by_asc(proposal_coauthor::Column::CreatedAt)
        .all(db)
        .await?;
    rows.into_iter().map(|m| record(m, &HashMap::new())).collect()
}

/// Erasure: the user's co-author rows (bound to them or to their address) go, and the reach
/// of the proposals they had joined is refreshed.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn erase_user(db: &impl ConnectionTrait, user: UserId, email: &str) -> Result<(), DbErr> {
    use sea_orm::Condition;
    let of_them = Condition::any()
        .add(proposal_coauthor::Column::UserId.eq(user.0))
        .add(proposal_coauthor::Column::Email.eq(email));
    let proposals: Vec<Uuid> = proposal_coauthor::Entity::find()
        .select_only()
        .column(proposal_coauthor::Column::ProposalId)
        .filter(of_them.clone())
        .filter(proposal_coauthor::Column::Status.eq(CoauthorStatus::Accepted.into_str()))
        .into_tuple()
        .all(db)
        .await?;
    proposal_coauthor::Entity::delete_many().filter(of_them).exec(db).await?;
    for p in proposals {
        crate::reach::refresh(db, p).await?;
    }
    Ok(())
}
