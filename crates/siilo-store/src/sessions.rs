//! Sessions (token families) and their rotating refresh tokens, stored only as hashes.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use siilo_domain::sessions::RefreshFacts;
use siilo_domain::{SessionId, UserId};
use uuid::Uuid;

use crate::entities::{refresh_token, session, user, user_role};

/// What a request's access token stands for, looked up on every request.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub user: crate::users::UserRecord,
    pub revoked: bool,
}

/// A presented refresh token, found by its hash.
#[derive(Debug, Clone)]
pub struct PresentedRefresh {
    pub token_id: Uuid,
    pub session_id: SessionId,
    pub user_id: UserId,
    pub facts: RefreshFacts,
}

/// Starts a session for `user` with its first refresh token.
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn start(
    db: &impl ConnectionTrait,
    user: UserId,
    token_hash: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<SessionId, DbErr> {
    let id = Uuid::now_v7();
    session::ActiveModel {
        id: Set(id),
        user_id: Set(user.0),
        created_at: Set(now),
        last_used_at: Set(now),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    add_refresh_token(db, id.into(), token_hash, expires_at, now).await?;
    Ok(id.into())
}

#[tracing::instrument(skip_all, fields(session_id = %session), err)]
pub async fn add_refresh_token(
    db: &impl ConnectionTrait,
    session: SessionId,
    token_hash: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        session_id: Set(session.0),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// The session of an access token and its user, if both still exist and belong together.
///
/// One statement for every authenticated request: the session joined with its user and the
/// user's roles (a row per role), never cached, so that a logout, a password change or a
/// block on any instance is honoured by the very next request.
#[tracing::instrument(skip_all, fields(session_id = %id, user_id = %user), err)]
pub async fn live(
    db: &impl ConnectionTrait,
    id: SessionId,
    user: UserId,
) -> Result<Option<LiveSession>, DbErr> {
    let rows = session::Entity::find_by_id(id.0)
        .filter(session::Column::UserId.eq(user.0))
        .find_also_related(user::Entity)
        .and_also_related(user_role::Entity)
        .all(db)
        .await?;
    let mut revoked = false;
    let mut found = None;
    let mut roles = Vec::new();
    for (s, u, role) in rows {
        revoked = s.revoked_at.is_some();
        if found.is_none() {
            found = u;
        }
        roles.extend(role);
    }
    // Erasing an account deletes its sessions; an erased user is refused even so.
    let Some(u) = found.filter(|u| u.erased_at.is_none()) else { return Ok(None) };
    Ok(Some(LiveSession { user: crate::users::record(u, roles)?, revoked }))
}

/// The token with this hash, its session and what the rotation rule needs to judge it.
#[tracing::instrument(skip_all, err)]
pub async fn find_refresh(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<PresentedRefresh>, DbErr> {
    let Some((token, Some(s))) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token_hash))
        .find_also_related(session::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let blocked = user::Entity::find_by_id(s.user_id).one(db).await?.is_none_or(|u| u.blocked_at.is_some());
    Ok(Some(PresentedRefresh {
        token_id: token.id,
        session_id: s.id.into(),
        user_id: s.user_id.into(),
        facts: RefreshFacts {
            used_at: token.used_at,
            expires_at: token.expires_at,
            session_revoked_at: s.revoked_at,
            user_blocked: blocked,
        },
    }))
}

/// Uses up a refresh token. `false` when another request used it first: the caller
/// treats that as a replay.
#[tracing::instrument(skip_all, fields(token_id = %token_id), err)]
pub async fn use_refresh_token(
    db: &impl ConnectionTrait,
    token_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token_id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

#[tracing::instrument(skip_all, fields(session_id = %id), err)]
pub async fn touch(db: &impl ConnectionTrait, id: SessionId, now: DateTime<Utc>) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::LastUsedAt, Expr::value(now))
        .filter(session::Column::Id.eq(id.0))
        .exec(db)
        .await
        .map(|_| ())
}

/// Ends a session: its refresh tokens and access tokens stop working at once.
#[tracing::instrument(skip_all, fields(session_id = %id), err)]
pub async fn revoke(db: &impl ConnectionTrait, id: SessionId, now: DateTime<Utc>) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::Id.eq(id.0))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

/// Ends every session of a user but `keep` (the one changing the password, say).
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn revoke_all_of_user(
    db: &impl ConnectionTrait,
    user: UserId,
    keep: Option<SessionId>,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut q = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::UserId.eq(user.0))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        q = q.filter(session::Column::Id.ne(keep.0));
    }
    Ok(q.exec(db).await?.rows_affected)
}
