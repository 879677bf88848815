//! Thumbs: one per user per proposal, with the proposal's counter kept in the same
//! transaction, so the count is exact under any concurrency.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QuerySelect,
    RelationTrait, Set, TryInsertResult,
};
use siilo_domain::UserId;
use uuid::Uuid;

use crate::entities::{proposal, thumb};

/// Adds a thumb; `false` when it was there already, so PUT stays idempotent.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn add(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row =
        thumb::ActiveModel { proposal_id: Set(proposal_id), user_id: Set(user.0), created_at: Set(now) };
    let res = thumb::Entity::insert(row).on_conflict_do_nothing().exec(db).await?;
    let inserted = matches!(res, TryInsertResult::Inserted(_));
    if inserted {
        bump(db, proposal_id, 1).await?;
    }
    Ok(inserted)
}

/// Removes a thumb; `false` when there was none.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn remove(db: &impl ConnectionTrait, proposal_id: Uuid, user: UserId) -> Result<bool, DbErr> {
    let res = thumb::Entity::delete_many()
        .filter(thumb::Column::ProposalId.eq(proposal_id))
        .filter(thumb::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    let removed = res.rows_affected > 0;
    if removed {
        bump(db, proposal_id, -1).await?;
    }
    Ok(removed)
}

async fn bump(db: &impl ConnectionTrait, proposal_id: Uuid, by: i32) -> Result<(), DbErr> {
    proposal::Entity::update_many()
        .col_expr(proposal::Column::ThumbCount, Expr::col(proposal::Column::ThumbCount).add(by))
        .filter(proposal::Column::Id.eq(proposal_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// The proposal's current count.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn count(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<u64, DbErr> {
    let n: Option<i32> = proposal::Entity::find_by_id(proposal_id)
        .select_only()
        .column(proposal::Column::ThumbCount)
        .into_tuple()
        .one(db)
        .await?;
    Ok(n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
}

#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn exists(db: &impl ConnectionTrait, proposal_id: Uuid, user: UserId) -> Result<bool, DbErr> {
    Ok(thumb::Entity::find_by_id((proposal_id, user.0)).one(db).await?.is_some())
}

/// How many thumbs the user has given in the call, for the per-user limit.
#[tracing::instrument(skip_all, fields(call_id = %call_id, user_id = %user), err)]
pub async fn count_by_user_in_call(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    user: UserId,
) -> Result<u64, DbErr> {
    thumb::Entity::find()
        .join(JoinType::InnerJoin, thumb::Relation::Proposal.def())
        .filter(thumb::Column::UserId.eq(user.0))
        .filter(proposal::Column::CallId.eq(call_id))
        .count(db)
        .await
}

/// Which of these proposals the user has thumbed.
#[tracing::instrument(skip_all, fields(user_id = %user, count = proposal_ids.len()), err)]
pub async fn thumbed_by(
    db: &impl ConnectionTrait,
    user: UserId,
    proposal_ids: &[Uuid],
) -> Result<HashSet<Uuid>, DbErr> {
    if proposal_ids.is_empty() {
        return Ok(HashSet::new());
    }
    let ids: Vec<Uuid> = thumb::Entity::find()
        .select_only()
        .column(thumb::Column::ProposalId)
        .filter(thumb::Column::UserId.eq(user.0))
        .filter(thumb::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}

/// Thumbs given in a call since `since`, for the trending order.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn recent_in_call(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    since: DateTime<Utc>,
) -> Result<Vec<(Uuid, DateTime<Utc>)>, DbErr> {
    thumb::Entity::find()
        .select_only()
        .column(thumb::Column::ProposalId)
        .column(thumb::Column::CreatedAt)
        .join(JoinType::InnerJoin, thumb::Relation::Proposal.def())
        .filter(proposal::Column::CallId.eq(call_id))
        .filter(thumb::Column::CreatedAt.gte(since))
        .into_tuple()
        .all(db)
        .await
}
