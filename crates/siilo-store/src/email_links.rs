//! Single-use email links (`email_tokens`): the SHA-256 hash of each mailed token, the
//! address it went to, and when it expires and was used. The rules of when one works are
//! `siilo_domain::email_links`; here a link is created (replacing the older ones of its
//! purpose) and used up exactly once, however many requests present it at the same moment.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
};
use siilo_domain::email_links::{self, LinkFacts};
use siilo_domain::identity::LinkPurpose;
use siilo_domain::{OrganisationId, UserId};
use uuid::Uuid;

use crate::decode;
use crate::entities::email_token;

/// A link to store: the token itself is mailed and never kept, only its hash.
#[derive(Debug, Clone)]
pub struct NewLink<'a> {
    pub user_id: UserId,
    pub purpose: LinkPurpose,
    /// SHA-256 of the token, in hex.
    pub token_hash: &'a str,
    /// The address the link goes to (for `change_email`, the new one).
    pub email: &'a str,
    /// The organisation chosen at registration, applied when the address is confirmed.
    pub organisation_id: Option<OrganisationId>,
}

/// A stored link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecord {
    pub id: Uuid,
    pub user_id: UserId,
    pub purpose: LinkPurpose,
    pub email: String,
    pub organisation_id: Option<OrganisationId>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl LinkRecord {
    /// What `siilo_domain::email_links::check_link` judges.
    pub fn facts(&self) -> LinkFacts {
        LinkFacts { purpose: self.purpose, expires_at: self.expires_at, used_at: self.used_at }
    }
}

fn record(m: email_token::Model) -> Result<LinkRecord, DbErr> {
    Ok(LinkRecord {
        id: m.id,
        user_id: m.user_id.into(),
        purpose: decode("email_tokens", "purpose", m.id, &m.purpose)?,
        email: m.email,
        organisation_id: m.organisation_id.map(Into::into),
        expires_at: m.expires_at,
        used_at: m.used_at,
        created_at: m.created_at,
    })
}

/// Stores a new link, expiring in its purpose's lifetime, and makes the user's older unused
/// links of the same purpose stop working (they expire now). Call it in the transaction that
/// queues the email carrying the token.
#[tracing::instrument(skip_all, fields(user_id = %new.user_id, purpose = %new.purpose), err)]
pub async fn create(db: &impl ConnectionTrait, new: NewLink<'_>, now: DateTime<Utc>) -> Result<Uuid, DbErr> {
    expire_unused(db, new.user_id, new.purpose, now).await?;
    let id = Uuid::now_v7();
    email_token::ActiveModel {
        id: Set(id),
        user_id: Set(new.user_id.0),
        purpose: Set(new.purpose.into_str().to_owned()),
        token_hash: Set(new.token_hash.to_owned()),
        email: Set(new.email.to_owned()),
        organisation_id: Set(new.organisation_id.map(|o| o.0)),
        expires_at: Set(email_links::expires_at(new.purpose, now)),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Makes a user's unused links of `purpose` stop working: they count as expired from `now`.
#[tracing::instrument(skip_all, fields(user_id = %user, purpose = %purpose), err)]
pub async fn expire_unused(
    db: &impl ConnectionTrait,
    user: UserId,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = email_token::Entity::update_many()
        .col_expr(email_token::Column::ExpiresAt, Expr::value(now))
        .filter(email_token::Column::UserId.eq(user.0))
        .filter(email_token::Column::Purpose.eq(purpose.into_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// The link with this token hash, whatever its state.
#[tracing::instrument(skip_all, err)]
pub async fn find(db: &impl ConnectionTrait, token_hash: &str) -> Result<Option<LinkRecord>, DbErr> {
    email_token::Entity::find()
        .filter(email_token::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
        .map(record)
        .transpose()
}

/// Uses a link up, in one statement that only an unused, unexpired link passes: `false` when
/// another request used it first (or it expired meanwhile). Of any number of parallel
/// requests with one link, exactly one gets `true`.
#[tracing::instrument(skip_all, fields(link_id = %id), err)]
pub async fn use_once(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let res = email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(now))
        .filter(email_token::Column::Id.eq(id))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The user's latest link of `purpose`, used or not.
#[tracing::instrument(skip_all, fields(user_id = %user, purpose = %purpose), err)]
pub async fn latest(
    db: &impl ConnectionTrait,
    user: UserId,
    purpose: LinkPurpose,
) -> Result<Option<LinkRecord>, DbErr> {
    email_token::Entity::find()
        .filter(email_token::Column::UserId.eq(user.0))
        .filter(email_token::Column::Purpose.eq(purpose.into_str()))
        .order_by_desc(email_token::Column::CreatedAt)
        .order_by_desc(email_token::Column::Id)
        .one(db)
        .await?
        .map(record)
        .transpose()
}

/// The new address a user is changing to: that of their latest `change_email` link, while it
/// is unused and unexpired.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn pending_email(
    db: &impl ConnectionTrait,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    Ok(email_token::Entity::find()
        .filter(email_token::Column::UserId.eq(user.0))
        .filter(email_token::Column::Purpose.eq(LinkPurpose::ChangeEmail.into_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::ExpiresAt.gt(now))
        .order_by_desc(email_token::Column::CreatedAt)
        .one(db)
        .await?
        .map(|m| m.email))
}
