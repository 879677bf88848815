//! Who evaluates a call, what they have done there, and their conflicts of interest.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, TryInsertResult};
use uuid::Uuid;

use super::{ELIGIBLE, count, stmt};
use crate::entities::{call_evaluator, evaluator_conflict};

/// An evaluator of a call and their work on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluatorRecord {
    pub user_id: Uuid,
    pub display_name: String,
    pub organisation_id: Option<Uuid>,
    pub assigned_at: DateTime<Utc>,
    pub submitted: u64,
    pub drafts: u64,
    pub conflicts: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRecord {
    pub reason: Option<String>,
    pub declared_at: DateTime<Utc>,
}

/// What an evaluator has done in one of their calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workload {
    pub call_id: Uuid,
    pub submitted: u64,
    pub drafts: u64,
    pub conflicts: u64,
}

#[tracing::instrument(skip_all, fields(call_id = %call_id, user_id = %user_id), err)]
pub async fn is_assigned(db: &impl ConnectionTrait, call_id: Uuid, user_id: Uuid) -> Result<bool, DbErr> {
    Ok(call_evaluator::Entity::find_by_id((call_id, user_id)).one(db).await?.is_some())
}

/// Assigns; `false` when already assigned.
#[tracing::instrument(skip_all, fields(call_id = %call_id, user_id = %user_id), err)]
pub async fn assign(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    user_id: Uuid,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = call_evaluator::ActiveModel {
        call_id: Set(call_id),
        user_id: Set(user_id),
        assigned_by: Set(Some(by)),
        assigned_at: Set(now),
    };
    let res = call_evaluator::Entity::insert(row).on_conflict_do_nothing().exec(db).await?;
    Ok(matches!(res, TryInsertResult::Inserted(_)))
}

/// Unassigns; `false` when not assigned. Their reviews stay.
#[tracing::instrument(skip_all, fields(call_id = %call_id, user_id = %user_id), err)]
pub async fn unassign(db: &impl ConnectionTrait, call_id: Uuid, user_id: Uuid) -> Result<bool, DbErr> {
    let res = call_evaluator::Entity::delete_many()
        .filter(call_evaluator::Column::CallId.eq(call_id))
        .filter(call_evaluator::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// The call's evaluators (or one of them) with their counts, by name. One statement.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn list(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    only: Option<Uuid>,
) -> Result<Vec<EvaluatorRecord>, DbErr> {
    let mut sql = String::from(
        "SELECT e.user_id, e.assigned_at, u.display_name, u.organisation_id, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM reviews r WHERE r.call_id = e.call_id AND r.evaluator_id = e.user_id AND r.status = 'submitted') AS submitted, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM reviews r WHERE r.call_id = e.call_id AND r.evaluator_id = e.user_id AND r.status = 'draft') AS drafts, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM evaluator_conflicts c WHERE c.call_id = e.call_id AND c.user_id = e.user_id) AS conflicts \
         FROM call_evaluators e JOIN users u ON u.id = e.user_id WHERE e.call_id = $1",
    );
    let mut values = vec![call_id.into()];
    if let Some(user) = only {
        sql.push_str(" AND e.user_id = $2");
        values.push(user.into());
    }
    sql.push_str(" ORDER BY u.display_name, e.user_id");
    let rows = db.query_all_raw(stmt(db, &sql, values)).await?;
    rows.iter()
        .map(|r| {
            Ok(EvaluatorRecord {
                user_id: r.try_get("", "user_id")?,
                display_name: r.try_get("", "display_name")?,
                organisation_id: r.try_get("", "organisation_id")?,
                assigned_at: r.try_get("", "assigned_at")?,
                submitted: count(r, "submitted")?,
                drafts: count(r, "drafts")?,
                conflicts: count(r, "conflicts")?,
            })
        })
        .collect()
}

/// How many evaluators the call has.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn count_of(db: &impl ConnectionTrait, call_id: Uuid) -> Result<u64, DbErr> {
    let row = db
        .query_one_raw(stmt(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM call_evaluators WHERE call_id = $1",
            vec![call_id.into()],
        ))
        .await?;
    row.map_or(Ok(0), |r| count(&r, "n"))
}

/// The calls the user evaluates, with their work in each. One statement.
#[tracing::instrument(skip_all, fields(user_id = %user_id), err)]
pub async fn workloads(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<Workload>, DbErr> {
    let sql = "SELECT e.call_id, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM reviews r WHERE r.call_id = e.call_id AND r.evaluator_id = e.user_id AND r.status = 'submitted') AS submitted, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM reviews r WHERE r.call_id = e.call_id AND r.evaluator_id = e.user_id AND r.status = 'draft') AS drafts, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM evaluator_conflicts c WHERE c.call_id = e.call_id AND c.user_id = e.user_id) AS conflicts \
         FROM call_evaluators e WHERE e.user_id = $1 ORDER BY e.assigned_at DESC, e.call_id";
    let rows = db.query_all_raw(stmt(db, sql, vec![user_id.into()])).await?;
    rows.iter()
        .map(|r| {
            Ok(Workload {
                call_id: r.try_get("", "call_id")?,
                submitted: count(r, "submitted")?,
                drafts: count(r, "drafts")?,
                conflicts: count(r, "conflicts")?,
            })
        })
        .collect()
}

/// How many proposals of the call its evaluators work on (visible, not withdrawn or merged).
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn eligible_proposals(db: &impl ConnectionTrait, call_id: Uuid) -> Result<u64, DbErr> {
    let sql =
        format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM proposals p WHERE p.call_id = $1 AND {ELIGIBLE}");
    let row = db.query_one_raw(stmt(db, &sql, vec![call_id.into()])).await?;
    row.map_or(Ok(0), |r| count(&r, "n"))
}

#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user_id), err)]
pub async fn conflict(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user_id: Uuid,
) -> Result<Option<ConflictRecord>, DbErr> {
    Ok(evaluator_conflict::Entity::find_by_id((proposal_id, user_id))
        .one(db)
        .await?
        .map(|c| ConflictRecord { reason: c.reason, declared_at: c.declared_at }))
}

/// Declares (or restates) a conflict of interest.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user_id), err)]
pub async fn declare_conflict(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    proposal_id: Uuid,
    user_id: Uuid,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    evaluator_conflict::Entity::delete_many()
        .filter(evaluator_conflict::Column::ProposalId.eq(proposal_id))
        .filter(evaluator_conflict::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let row = evaluator_conflict::ActiveModel {
        proposal_id: Set(proposal_id),
        user_id: Set(user_id),
        call_id: Set(call_id),
        reason: Set(reason),
        declared_at: Set(now),
    };
    evaluator_conflict::Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}

/// Withdraws a conflict of interest; `false` when there was none.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user_id), err)]
pub async fn withdraw_conflict(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user_id: Uuid,
) -> Result<bool, DbErr> {
    let res = evaluator_conflict::Entity::delete_many()
        .filter(evaluator_conflict::Column::ProposalId.eq(proposal_id))
        .filter(evaluator_conflict::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}
