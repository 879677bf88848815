//! Single sign-on: the sign-in attempts under way (`oidc_flows`) and the provider identities
//! linked to accounts (`oidc_identities`).
//!
//! An attempt is kept by the hash of its `state` and is taken once: the `DELETE … RETURNING`
//! that reads it also removes it, so of two callbacks with the same state (a replay, or a
//! double submit) exactly one gets it, on both databases.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use siilo_domain::UserId;
use siilo_domain::sso::Account;

use crate::entities::{oidc_flow, oidc_identity, user};

/// A sign-in attempt: what the callback needs to finish it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// A new sign-in attempt, kept by the hash of its state (never the state itself).
#[derive(Debug, Clone)]
pub struct NewFlow<'a> {
    pub state_hash: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub return_to: Option<&'a str>,
    pub expires_at: DateTime<Utc>,
}

#[tracing::instrument(skip_all, err)]
pub async fn create_flow(
    db: &impl ConnectionTrait,
    flow: NewFlow<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    oidc_flow::Entity::insert(oidc_flow::ActiveModel {
        state_hash: Set(flow.state_hash.to_owned()),
        nonce: Set(flow.nonce.to_owned()),
        pkce_verifier: Set(flow.pkce_verifier.to_owned()),
        return_to: Set(flow.return_to.map(str::to_owned)),
        created_at: Set(now),
        expires_at: Set(flow.expires_at),
    })
    .exec_without_returning(db)
    .await
    .map(|_| ())
}

/// Takes the attempt with this state hash: it is removed in the same statement that reads it,
/// so it is given out once. `None` when it is unknown, already taken, or expired at `now`
/// (an expired one is removed all the same).
#[tracing::instrument(skip_all, err)]
pub async fn take_flow(
    db: &impl ConnectionTrait,
    state_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Flow>, DbErr> {
    let taken = oidc_flow::Entity::delete_many()
        .filter(oidc_flow::Column::StateHash.eq(state_hash))
        .exec_with_returning(db)
        .await?;
    Ok(taken.into_iter().find(|m| m.expires_at > now).map(|m| Flow {
        nonce: m.nonce,
        pkce_verifier: m.pkce_verifier,
        return_to: m.return_to,
        expires_at: m.expires_at,
    }))
}

/// Removes the attempts that expired before `now` (abandoned sign-ins); how many.
#[tracing::instrument(skip_all, err)]
pub async fn purge_expired_flows(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(oidc_flow::Entity::delete_many()
        .filter(oidc_flow::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}

fn account(m: &user::Model) -> Account {
    Account {
        id: m.id.into(),
        email_verified: m.email_verified_at.is_some(),
        blocked: m.blocked_at.is_some(),
    }
}

/// The live account the provider identity (`issuer`, `subject`) is linked to, if any. An
/// identity linked to an erased account links nothing.
#[tracing::instrument(skip_all, err)]
pub async fn linked_account(
    db: &impl ConnectionTrait,
    issuer: &str,
    subject: &str,
) -> Result<Option<Account>, DbErr> {
    let Some(identity) =
        oidc_identity::Entity::find_by_id((issuer.to_owned(), subject.to_owned())).one(db).await?
    else {
        return Ok(None);
    };
    let found =
        user::Entity::find_by_id(identity.user_id).filter(user::Column::ErasedAt.is_null()).one(db).await?;
    Ok(found.as_ref().map(account))
}

/// The live account that holds this (normalised) address, if any.
#[tracing::instrument(skip_all, err)]
pub async fn account_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<Account>, DbErr> {
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::ErasedAt.is_null())
        .one(db)
        .await?;
    Ok(found.as_ref().map(account))
}

/// Links the provider identity to `user`; an identity linked before (to an account since
/// erased) is moved to it.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn link(
    db: &impl ConnectionTrait,
    issuer: &str,
    subject: &str,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    oidc_identity::Entity::insert(oidc_identity::ActiveModel {
        issuer: Set(issuer.to_owned()),
        subject: Set(subject.to_owned()),
        user_id: Set(user.0),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([oidc_identity::Column::Issuer, oidc_identity::Column::Subject])
            .update_columns([oidc_identity::Column::UserId, oidc_identity::Column::CreatedAt])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await
    .map(|_| ())
}

/// How many provider identities are linked to `user` (for tests and the erasure check).
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn identities_of(db: &impl ConnectionTrait, user: UserId) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    oidc_identity::Entity::find().filter(oidc_identity::Column::UserId.eq(user.0)).count(db).await
}
