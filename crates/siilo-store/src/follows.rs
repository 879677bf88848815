//! Follows of proposals and calls: who hears of their news. Authors, accepted co-authors and
//! commenters follow a proposal automatically; anyone may stop following at any time.
//! (Pilots keep their own follows and counter: `crate::pilots`.)

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TryInsertResult,
};
use siilo_domain::UserId;
use uuid::Uuid;

use crate::entities::{call_follow, proposal_follow};

/// Follows the proposal; `true` when the user did not follow it yet. Idempotent.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn follow_proposal(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = proposal_follow::ActiveModel {
        proposal_id: Set(proposal_id),
        user_id: Set(user.0),
        created_at: Set(now),
    };
    let res =
        proposal_follow::Entity::insert(row).on_conflict_do_nothing().exec_without_returning(db).await?;
    Ok(matches!(res, TryInsertResult::Inserted(n) if n > 0))
}

/// Stops following the proposal; `true` when there was a follow.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn unfollow_proposal(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user: UserId,
) -> Result<bool, DbErr> {
    let res = proposal_follow::Entity::delete_many()
        .filter(proposal_follow::Column::ProposalId.eq(proposal_id))
        .filter(proposal_follow::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Follows the call; `true` when the user did not follow it yet. Idempotent.
#[tracing::instrument(skip_all, fields(call_id = %call_id, user_id = %user), err)]
pub async fn follow_call(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = call_follow::ActiveModel { call_id: Set(call_id), user_id: Set(user.0), created_at: Set(now) };
    let res = call_follow::Entity::insert(row).on_conflict_do_nothing().exec_without_returning(db).await?;
    Ok(matches!(res, TryInsertResult::Inserted(n) if n > 0))
}

/// Stops following the call; `true` when there was a follow.
#[tracing::instrument(skip_all, fields(call_id = %call_id, user_id = %user), err)]
pub async fn unfollow_call(db: &impl ConnectionTrait, call_id: Uuid, user: UserId) -> Result<bool, DbErr> {
    let res = call_follow::Entity::delete_many()
        .filter(call_follow::Column::CallId.eq(call_id))
        .filter(call_follow::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}
