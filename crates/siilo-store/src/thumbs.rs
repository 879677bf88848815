//! Thumbs: one per user per proposal, with the proposal's counter and trending score kept in
//! the same transaction, so the count is exact under any concurrency. The counter moves by
//! `thumb_count + 1` in the database, never by a value read before.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QuerySelect,
    RelationTrait, Set, TryInsertResult,
};
use siilo_domain::UserId;
use siilo_domain::ordering::thumb_weight;
use uuid::Uuid;

use crate::entities::{proposal, thumb};

/// Adds a thumb given at `now` in a call created at `epoch`: one
/// `INSERT … ON CONFLICT DO NOTHING`, and when it inserted, one `UPDATE … RETURNING` of the
/// counter and the trending score. The new count, or `None` when the thumb was there already
/// (so PUT stays idempotent).
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn add(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user: UserId,
    now: DateTime<Utc>,
    epoch: DateTime<Utc>,
) -> Result<Option<u64>, DbErr> {
    let row =
        thumb::ActiveModel { proposal_id: Set(proposal_id), user_id: Set(user.0), created_at: Set(now) };
    let res = thumb::Entity::insert(row).on_conflict_do_nothing().exec(db).await?;
    if !matches!(res, TryInsertResult::Inserted(_)) {
        return Ok(None);
    }
    let score = Expr::col(proposal::Column::TrendingScore).add(thumb_weight(now, epoch));
    bump(db, proposal_id, 1, score).await.map(Some)
}

/// Takes a thumb back: one `DELETE … RETURNING` its time, and when there was one, one
/// `UPDATE … RETURNING` of the counter and the score less that thumb's weight from the
/// call's `epoch` (never below zero, and exactly zero with the last thumb gone, as
/// `siilo_domain::ordering::score_without`). The new count, or `None` when there was none.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user), err)]
pub async fn remove(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user: UserId,
    epoch: DateTime<Utc>,
) -> Result<Option<u64>, DbErr> {
    let delete = Query::delete()
        .from_table(thumb::Entity)
        .and_where(thumb::Column::ProposalId.eq(proposal_id))
        .and_where(thumb::Column::UserId.eq(user.0))
        .returning_col(thumb::Column::CreatedAt)
        .to_owned();
    let Some(row) = db.query_one(&delete).await? else { return Ok(None) };
    let given: DateTime<Utc> = row.try_get("", "created_at")?;
    let w = thumb_weight(given, epoch);
    let score = Expr::case(
        Expr::col(proposal::Column::ThumbCount).lte(1).or(Expr::col(proposal::Column::TrendingScore).lte(w)),
        0.0_f64,
    )
    .finally(Expr::col(proposal::Column::TrendingScore).sub(w));
    bump(db, proposal_id, -1, score.into()).await.map(Some)
}

async fn bump(db: &impl ConnectionTrait, proposal_id: Uuid, by: i32, score: Expr) -> Result<u64, DbErr> {
    let update = Query::update()
        .table(proposal::Entity)
        .value(proposal::Column::ThumbCount, Expr::col(proposal::Column::ThumbCount).add(by))
        .value(proposal::Column::TrendingScore, score)
        .and_where(proposal::Column::Id.eq(proposal_id))
        .returning_col(proposal::Column::ThumbCount)
        .to_owned();
    let row = db.query_one(&update).await?;
    let n: i32 = match row {
        Some(r) => r.try_get("", "thumb_count")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
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

/// Which of these proposals the user has thumbed, and how many thumbs they have given in the
/// call, in one statement: the count is one row, joined to the viewer's thumbs among `ids`.
#[tracing::instrument(skip_all, fields(user_id = %user, call_id = %call_id, count = proposal_ids.len()), err)]
pub async fn thumbed_and_given(
    db: &impl ConnectionTrait,
    user: UserId,
    call_id: Uuid,
    proposal_ids: &[Uuid],
) -> Result<(HashSet<Uuid>, u64), DbErr> {
    let among = if proposal_ids.is_empty() {
        "FALSE".to_owned()
    } else {
        let marks: Vec<String> = (3..proposal_ids.len() + 3).map(|i| format!("${i}")).collect();
        format!("t.proposal_id IN ({})", marks.join(", "))
    };
    let sql = format!(
        r#"SELECT given.n AS given, t.proposal_id AS proposal_id
           FROM (SELECT CAST(COUNT(*) AS BIGINT) AS n
                 FROM thumbs g JOIN proposals p ON p.id = g.proposal_id
                 WHERE g.user_id = $1 AND p.call_id = $2) given
           LEFT JOIN thumbs t ON t.user_id = $1 AND {among}"#
    );
    let mut values: Vec<sea_orm::Value> = vec![user.0.into(), call_id.into()];
    values.extend(proposal_ids.iter().map(|id| sea_orm::Value::from(*id)));
    let rows = db.query_all_raw(crate::evaluation::stmt(db, &sql, values)).await?;
    let mut thumbed = HashSet::new();
    let mut given = 0;
    for row in rows {
        given = crate::evaluation::count(&row, "given")?;
        if let Some(id) = row.try_get::<Option<Uuid>>("", "proposal_id")? {
            thumbed.insert(id);
        }
    }
    Ok((thumbed, given))
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
