//! Merging a duplicate into another proposal, in one transaction: both rows locked in id
//! order, the source's thumbs moved to the target one per user, both counters and trending
//! scores recomputed from the thumbs themselves, and the source's author credited.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationDef,
};
use siilo_domain::UserId;
use siilo_domain::merging::MergeFacts;
use siilo_domain::ordering::thumb_weight;
use siilo_domain::proposals::Stage;
use uuid::Uuid;

use crate::decode;
use crate::entities::{proposal, proposal_credit, thumb, user};

/// Locks both proposals' rows, the smaller id first (PostgreSQL `FOR UPDATE`; SQLite's
/// write transaction already holds the database), so that two merges of the same pair in
/// opposite directions wait for each other instead of deadlocking; then reads their facts
/// under the locks. `None` for an id that names no proposal.
#[tracing::instrument(skip_all, fields(source = %source, target = %target), err)]
pub async fn lock_pair(
    db: &impl ConnectionTrait,
    source: Uuid,
    target: Uuid,
) -> Result<(Option<MergeFacts>, Option<MergeFacts>), DbErr> {
    let (first, second) = if source <= target { (source, target) } else { (target, source) };
    let a = lock_one(db, first).await?;
    let b = if second == first { a } else { lock_one(db, second).await? };
    Ok(if first == source { (a, b) } else { (b, a) })
}

async fn lock_one(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<MergeFacts>, DbErr> {
    let row: Option<(Uuid, Uuid, Uuid, String)> = proposal::Entity::find_by_id(id)
        .select_only()
        .columns([
            proposal::Column::Id,
            proposal::Column::CallId,
            proposal::Column::AuthorId,
            proposal::Column::Stage,
        ])
        .lock_exclusive()
        .into_tuple()
        .one(db)
        .await?;
    row.map(|(id, call_id, author, stage)| {
        Ok(MergeFacts {
            id,
            call_id,
            author_id: UserId(author),
            stage: decode("proposals", "stage", id, &stage)?,
        })
    })
    .transpose()
}

/// Marks the source merged into the target, only if it is still neither withdrawn nor
/// merged: `false` otherwise. Its counters go to zero: its thumbs move.
#[tracing::instrument(skip_all, fields(source = %source, target = %target), err)]
pub async fn mark_merged(
    db: &impl ConnectionTrait,
    source: Uuid,
    target: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let ended = [Stage::Withdrawn.into_str(), Stage::Merged.into_str()];
    let update = Query::update()
        .table(proposal::Entity)
        .value(proposal::Column::Stage, Stage::Merged.into_str())
        .value(proposal::Column::MergedIntoId, target)
        .value(proposal::Column::UpdatedAt, now)
        .and_where(proposal::Column::Id.eq(source))
        .and_where(proposal::Column::Stage.is_not_in(ended))
        .and_where(proposal::Column::MergedIntoId.is_null())
        .returning_col(proposal::Column::Id)
        .to_owned();
    Ok(db.query_one(&update).await?.is_some())
}

/// Moves the source's thumbs to the target: one `INSERT … SELECT … ON CONFLICT DO NOTHING`
/// (a user who thumbed both keeps their thumb on the target, counted once; the target's
/// author's thumb is not moved), then one `DELETE` of the source's. How many moved.
#[tracing::instrument(skip_all, fields(source = %source, target = %target), err)]
pub async fn move_thumbs(
    db: &impl ConnectionTrait,
    source: Uuid,
    target: Uuid,
    target_author: UserId,
) -> Result<u64, DbErr> {
    let select = Query::select()
        .expr(Expr::val(target))
        .column(thumb::Column::UserId)
        .column(thumb::Column::CreatedAt)
        .from(thumb::Entity)
        .and_where(thumb::Column::ProposalId.eq(source))
        .and_where(thumb::Column::UserId.ne(target_author.0))
        .to_owned();
    let insert = Query::insert()
        .into_table(thumb::Entity)
        .columns([thumb::Column::ProposalId, thumb::Column::UserId, thumb::Column::CreatedAt])
        .select_from(select)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .on_conflict(
            OnConflict::columns([thumb::Column::ProposalId, thumb::Column::UserId]).do_nothing().to_owned(),
        )
        .to_owned();
    let moved = db.execute(&insert).await?.rows_affected();
    let delete =
        Query::delete().from_table(thumb::Entity).and_where(thumb::Column::ProposalId.eq(source)).to_owned();
    db.execute(&delete).await?;
    Ok(moved)
}

/// Sets the proposal's counter and trending score from its thumbs as they are (in a call
/// created at `epoch`): exact, whatever moved. The new count.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn recount(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    epoch: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let given: Vec<DateTime<Utc>> = thumb::Entity::find()
        .select_only()
        .column(thumb::Column::CreatedAt)
        .filter(thumb::Column::ProposalId.eq(proposal_id))
        .order_by_asc(thumb::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await?;
    let score: f64 = given.iter().map(|t| thumb_weight(*t, epoch)).sum();
    let count = i32::try_from(given.len()).unwrap_or(i32::MAX);
    let update = Query::update()
        .table(proposal::Entity)
        .value(proposal::Column::ThumbCount, count)
        .value(proposal::Column::TrendingScore, score)
        .and_where(proposal::Column::Id.eq(proposal_id))
        .to_owned();
    db.execute(&update).await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// Credits `user` on `target` by way of the merged `via`, and carries over the credits the
/// source had from earlier merges; nobody is credited on their own proposal, nobody twice.
#[tracing::instrument(skip_all, fields(target = %target, via = %via), err)]
pub async fn credit(
    db: &impl ConnectionTrait,
    target: Uuid,
    target_author: UserId,
    user: Option<UserId>,
    via: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use proposal_credit::Column as C;
    let conflict = || OnConflict::columns([C::ProposalId, C::UserId]).do_nothing().to_owned();
    if let Some(user) = user {
        let insert = Query::insert()
            .into_table(proposal_credit::Entity)
            .columns([C::ProposalId, C::UserId, C::ViaProposalId, C::CreatedAt])
            .values_panic([target.into(), user.0.into(), via.into(), now.into()])
            .on_conflict(conflict())
            .to_owned();
        db.execute(&insert).await?;
    }
    let carried = Query::select()
        .expr(Expr::val(target))
        .column(C::UserId)
        .column(C::ViaProposalId)
        .expr(Expr::val(now))
        .from(proposal_credit::Entity)
        .and_where(C::ProposalId.eq(via))
        .and_where(C::UserId.ne(target_author.0))
        .to_owned();
    let insert = Query::insert()
        .into_table(proposal_credit::Entity)
        .columns([C::ProposalId, C::UserId, C::ViaProposalId, C::CreatedAt])
        .select_from(carried)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .on_conflict(conflict())
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// A credited author: id, display name (empty when erased), erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credited {
    pub user_id: UserId,
    pub display_name: String,
    pub erased: bool,
}

/// The authors credited on a proposal through merges, earliest first.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn credits_of(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<Vec<Credited>, DbErr> {
    let to_user: RelationDef = proposal_credit::Entity::belongs_to(user::Entity)
        .from(proposal_credit::Column::UserId)
        .to(user::Column::Id)
        .into();
    let rows: Vec<(Uuid, String, Option<DateTime<Utc>>)> = proposal_credit::Entity::find()
        .select_only()
        .column(proposal_credit::Column::UserId)
        .column(user::Column::DisplayName)
        .column(user::Column::ErasedAt)
        .join(JoinType::InnerJoin, to_user)
        .filter(proposal_credit::Column::ProposalId.eq(proposal_id))
        .order_by_asc(proposal_credit::Column::CreatedAt)
        .order_by_asc(proposal_credit::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, erased)| Credited {
            user_id: UserId(id),
            display_name: if erased.is_some() { String::new() } else { name },
            erased: erased.is_some(),
        })
        .collect())
}

/// The users credited on each of these proposals (for notifying co-authors).
#[tracing::instrument(skip_all, fields(count = proposal_ids.len()), err)]
pub async fn credited_users(
    db: &impl ConnectionTrait,
    proposal_ids: &[Uuid],
) -> Result<Vec<(Uuid, UserId)>, DbErr> {
    if proposal_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Uuid, Uuid)> = proposal_credit::Entity::find()
        .select_only()
        .column(proposal_credit::Column::ProposalId)
        .column(proposal_credit::Column::UserId)
        .filter(proposal_credit::Column::ProposalId.is_in(proposal_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(p, u)| (p, UserId(u))).collect())
}

/// The proposal a merged one was merged into.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn merged_into(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<Option<Uuid>, DbErr> {
    let row: Option<Option<Uuid>> = proposal::Entity::find_by_id(proposal_id)
        .select_only()
        .column(proposal::Column::MergedIntoId)
        .into_tuple()
        .one(db)
        .await?;
    Ok(row.flatten())
}
