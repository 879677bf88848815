//! Follows of proposals and calls: who hears of their news. Authors, accepted co-authors and
//! commenters follow a proposal automatically; anyone may stop following at any time.
//! (Pilots keep their own follows and counter: `crate::pilots`.)

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TryInsertResult,
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

/// How many follow the proposal, and whether `viewer` is one of them, in one statement.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn proposal_followers(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    viewer: Option<UserId>,
) -> Result<(u64, bool), DbErr> {
    let sql = r#"SELECT CAST(COUNT(*) AS BIGINT) AS followers,
                        CAST(COALESCE(SUM(CASE WHEN user_id = $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS mine
                 FROM proposal_follows WHERE proposal_id = $1"#;
    let values = vec![proposal_id.into(), viewer.map(|v| v.0).into()];
    let row = db
        .query_one_raw(crate::evaluation::stmt(db, sql, values))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("a count answers one row".to_owned()))?;
    Ok((crate::evaluation::count(&row, "followers")?, crate::evaluation::count(&row, "mine")? > 0))
}

/// Does `user` follow the call?
#[tracing::instrument(skip_all, fields(call_id = %call_id, user_id = %user), err)]
pub async fn follows_call(db: &impl ConnectionTrait, call_id: Uuid, user: UserId) -> Result<bool, DbErr> {
    Ok(call_follow::Entity::find()
        .filter(call_follow::Column::CallId.eq(call_id))
        .filter(call_follow::Column::UserId.eq(user.0))
        .count(db)
        .await?
        > 0)
}

/// What a user follows, newest follow first: proposals and calls, each as (id, since), at
/// most `limit` of each, and how many of each there are.
#[derive(Debug, Clone, Default)]
pub struct Followed {
    pub proposals: Vec<(Uuid, DateTime<Utc>)>,
    pub proposal_total: u64,
    pub calls: Vec<(Uuid, DateTime<Utc>)>,
    pub call_total: u64,
}

/// See [`Followed`].
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn followed_by(db: &impl ConnectionTrait, user: UserId, limit: u64) -> Result<Followed, DbErr> {
    let proposals = proposal_follow::Entity::find().filter(proposal_follow::Column::UserId.eq(user.0));
    let calls = call_follow::Entity::find().filter(call_follow::Column::UserId.eq(user.0));
    Ok(Followed {
        proposal_total: proposals.clone().count(db).await?,
        call_total: calls.clone().count(db).await?,
        proposals: proposals
            .order_by_desc(proposal_follow::Column::CreatedAt)
            .order_by_desc(proposal_follow::Column::ProposalId)
            .limit(limit)
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.proposal_id, f.created_at))
            .collect(),
        calls: calls
            .order_by_desc(call_follow::Column::CreatedAt)
            .order_by_desc(call_follow::Column::CallId)
            .limit(limit)
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.call_id, f.created_at))
            .collect(),
    })
}

/// Ends every follow of the user (account erasure).
#[tracing::instrument(skip_all, fields(user_id = %user), err)]
pub async fn remove_all_of_user(db: &impl ConnectionTrait, user: UserId) -> Result<(), DbErr> {
    proposal_follow::Entity::delete_many()
        .filter(proposal_follow::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    call_follow::Entity::delete_many().filter(call_follow::Column::UserId.eq(user.0)).exec(db).await?;
    Ok(())
}
