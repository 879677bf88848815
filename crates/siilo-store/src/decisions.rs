//! Decisions and publishing results. A decision is its own row until the call's results are
//! published; publishing marks the call once (a conditional `UPDATE … WHERE
//! results_published_at IS NULL … RETURNING`, so two parallel publishes cannot both pass)
//! and copies every decision's stage onto its proposal in the same transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, RelationDef, Set,
};
use siilo_domain::UserId;
use siilo_domain::evaluation::{DecisionStage, decision_rank};
use siilo_domain::proposals::{Stage, Visibility};
use uuid::Uuid;

use crate::decode;
use crate::entities::{call, decision, proposal};

/// A decision's public answer, in each language the admin wrote it in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub fi: Option<String>,
    pub sv: Option<String>,
    pub en: Option<String>,
}

/// A decision as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub proposal_id: Uuid,
    pub call_id: Uuid,
    pub stage: DecisionStage,
    pub answer: Answer,
    pub decided_at: DateTime<Utc>,
}

/// A decision to store (replacing the proposal's earlier one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDecision {
    pub proposal_id: Uuid,
    pub call_id: Uuid,
    pub stage: DecisionStage,
    pub answer: Answer,
    pub decided_by: UserId,
}

fn record(m: decision::Model) -> Result<DecisionRecord, DbErr> {
    Ok(DecisionRecord {
        stage: decode("decisions", "stage", m.proposal_id, &m.stage)?,
        proposal_id: m.proposal_id,
        call_id: m.call_id,
        answer: Answer { fi: m.answer_fi, sv: m.answer_sv, en: m.answer_en },
        decided_at: m.decided_at,
    })
}

/// Locks the call's row until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's write
/// transaction already holds the database), so that a decision and the publishing of the
/// results happen one after the other, never interleaved. The results' time as it stands
/// under the lock; `None` for no such call.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn lock_call(
    db: &impl ConnectionTrait,
    call_id: Uuid,
) -> Result<Option<Option<DateTime<Utc>>>, DbErr> {
    call::Entity::find_by_id(call_id)
        .select_only()
        .column(call::Column::ResultsPublishedAt)
        .lock_exclusive()
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(db)
        .await
}

/// Is the user an assigned evaluator of the call (a `call_evaluators` row)?
#[tracing::instrument(skip_all, fields(call_id = %call_id, user_id = %user), err)]
pub async fn is_evaluator(db: &impl ConnectionTrait, call_id: Uuid, user: UserId) -> Result<bool, DbErr> {
    let table = Alias::new("call_evaluators");
    let query = Query::select()
        .expr(Expr::col((table.clone(), Alias::new("user_id"))))
        .from(table.clone())
        .and_where(Expr::col((table.clone(), Alias::new("call_id"))).eq(call_id))
        .and_where(Expr::col((table, Alias::new("user_id"))).eq(user.0))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&query).await?.is_some())
}

/// Stores the decision on a proposal, replacing an earlier one (one row per proposal).
#[tracing::instrument(skip_all, fields(proposal_id = %new.proposal_id), err)]
pub async fn upsert(
    db: &impl ConnectionTrait,
    new: NewDecision,
    now: DateTime<Utc>,
) -> Result<DecisionRecord, DbErr> {
    use decision::Column as C;
    let row = decision::ActiveModel {
        proposal_id: Set(new.proposal_id),
        call_id: Set(new.call_id),
        stage: Set(new.stage.into_str().to_owned()),
        answer_fi: Set(new.answer.fi),
        answer_sv: Set(new.answer.sv),
        answer_en: Set(new.answer.en),
        decided_by: Set(Some(new.decided_by.0)),
        decided_at: Set(now),
    };
    decision::Entity::insert(row)
        .on_conflict(
            OnConflict::column(C::ProposalId)
                .update_columns([C::Stage, C::AnswerFi, C::AnswerSv, C::AnswerEn, C::DecidedBy, C::DecidedAt])
                .to_owned(),
        )
        .exec(db)
        .await?;
    get(db, new.proposal_id).await?.ok_or_else(|| DbErr::RecordNotFound("decision just stored".into()))
}

/// The decision on a proposal, if one was made.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn get(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<Option<DecisionRecord>, DbErr> {
    decision::Entity::find_by_id(proposal_id).one(db).await?.map(record).transpose()
}

/// Removes the decision on a proposal; `false` when there was none.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn delete(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<bool, DbErr> {
    let res = decision::Entity::delete_by_id(proposal_id).exec(db).await?;
    Ok(res.rows_affected > 0)
}

/// Marks the call's results published at `now`, only if they were not yet and the call is
/// not archived: `false` when another request did it first.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn mark_published(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let update = Query::update()
        .table(call::Entity)
        .value(call::Column::ResultsPublishedAt, now)
        .value(call::Column::UpdatedAt, now)
        .and_where(call::Column::Id.eq(call_id))
        .and_where(call::Column::ResultsPublishedAt.is_null())
        .and_where(call::Column::ArchivedAt.is_null())
        .returning_col(call::Column::Id)
        .to_owned();
    Ok(db.query_one(&update).await?.is_some())
}

/// A decision copied onto its proposal when the results were published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub proposal_id: Uuid,
    pub author_id: UserId,
    pub stage: DecisionStage,
}

fn to_proposal() -> RelationDef {
    decision::Entity::belongs_to(proposal::Entity)
        .from(decision::Column::ProposalId)
        .to(proposal::Column::Id)
        .into()
}

/// Copies each decision of the call onto its proposal (one `UPDATE` per stage), skipping
/// proposals withdrawn or merged since the decision. What was applied, by proposal number.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn apply_all(db: &impl ConnectionTrait, call_id: Uuid) -> Result<Vec<Applied>, DbErr> {
    let ended = [Stage::Withdrawn.into_str(), Stage::Merged.into_str()];
    let rows: Vec<(Uuid, Uuid, String)> = decision::Entity::find()
        .select_only()
        .column(decision::Column::ProposalId)
        .column(proposal::Column::AuthorId)
        .column(decision::Column::Stage)
        .join(JoinType::InnerJoin, to_proposal())
        .filter(decision::Column::CallId.eq(call_id))
        .filter(proposal::Column::Stage.is_not_in(ended))
        .order_by_asc(proposal::Column::Number)
        .into_tuple()
        .all(db)
        .await?;
    let applied = rows
        .into_iter()
        .map(|(proposal_id, author, stage)| {
            Ok(Applied {
                proposal_id,
                author_id: UserId(author),
                stage: decode("decisions", "stage", proposal_id, &stage)?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    for stage in [DecisionStage::Selected, DecisionStage::Shortlisted, DecisionStage::NotSelected] {
        let ids: Vec<Uuid> = applied.iter().filter(|a| a.stage == stage).map(|a| a.proposal_id).collect();
        if ids.is_empty() {
            continue;
        }
        set_stage_of(db, &ids, stage).await?;
    }
    Ok(applied)
}

/// Sets the stage of proposals (not withdrawn or merged) to a decided stage.
#[tracing::instrument(skip_all, fields(count = ids.len()), err)]
pub async fn set_stage_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    stage: DecisionStage,
) -> Result<(), DbErr> {
    let ended = [Stage::Withdrawn.into_str(), Stage::Merged.into_str()];
    let update = Query::update()
        .table(proposal::Entity)
        .value(proposal::Column::Stage, Stage::from(stage).into_str())
        .and_where(proposal::Column::Id.is_in(ids.iter().copied()))
        .and_where(proposal::Column::Stage.is_not_in(ended))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// The place of a decision in the list: its stage's rank, then its proposal's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    pub rank: i32,
    pub number: i32,
}

/// What `GET /calls/{id}/decisions` filters on.
#[derive(Debug, Clone, Copy)]
pub struct DecisionFilter {
    pub call_id: Uuid,
    pub stage: Option<DecisionStage>,
}

fn rank_expr() -> Expr {
    let stage = || Expr::col((decision::Entity, decision::Column::Stage));
    Expr::case(stage().eq(DecisionStage::Selected.into_str()), decision_rank(DecisionStage::Selected))
        .case(stage().eq(DecisionStage::Shortlisted.into_str()), decision_rank(DecisionStage::Shortlisted))
        .finally(decision_rank(DecisionStage::NotSelected))
        .into()
}

fn filtered(f: &DecisionFilter) -> sea_orm::Select<decision::Entity> {
    let mut q = decision::Entity::find()
        .join(JoinType::InnerJoin, to_proposal())
        .filter(decision::Column::CallId.eq(f.call_id))
        .filter(proposal::Column::Visibility.eq(Visibility::Visible.into_str()));
    if let Some(stage) = f.stage {
        q = q.filter(decision::Column::Stage.eq(stage.into_str()));
    }
    q
}

/// One page of the call's decisions on visible proposals: selected, shortlisted, not selected,
/// then by number, after `after`. One statement whatever the page size.
#[tracing::instrument(skip_all, fields(call_id = %f.call_id), err)]
pub async fn page(
    db: &impl ConnectionTrait,
    f: &DecisionFilter,
    after: Option<Position>,
    limit: u64,
) -> Result<Vec<(DecisionRecord, Position)>, DbErr> {
    let number = || Expr::col((proposal::Entity, proposal::Column::Number));
    let mut q = filtered(f);
    if let Some(p) = after {
        q = q.filter(rank_expr().gt(p.rank).or(rank_expr().eq(p.rank).and(number().gt(p.number))));
    }
    let rows: Vec<DecisionRow> = q
        .select_only()
        .columns([
            decision::Column::ProposalId,
            decision::Column::CallId,
            decision::Column::Stage,
            decision::Column::AnswerFi,
            decision::Column::AnswerSv,
            decision::Column::AnswerEn,
            decision::Column::DecidedAt,
        ])
        .column_as(proposal::Column::Number, "number")
        .order_by(rank_expr(), Order::Asc)
        .order_by(proposal::Column::Number, Order::Asc)
        .limit(limit)
        .into_model::<DecisionRow>()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|r| {
            let number = r.number;
            let d = record(decision::Model {
                proposal_id: r.proposal_id,
                call_id: r.call_id,
                stage: r.stage,
                answer_fi: r.answer_fi,
                answer_sv: r.answer_sv,
                answer_en: r.answer_en,
                decided_by: None,
                decided_at: r.decided_at,
            })?;
            let rank = decision_rank(d.stage);
            Ok((d, Position { rank, number }))
        })
        .collect()
}

#[derive(Debug, sea_orm::FromQueryResult)]
struct DecisionRow {
    proposal_id: Uuid,
    call_id: Uuid,
    stage: String,
    answer_fi: Option<String>,
    answer_sv: Option<String>,
    answer_en: Option<String>,
    decided_at: DateTime<Utc>,
    number: i32,
}

/// How many decisions the list holds in all.
#[tracing::instrument(skip_all, fields(call_id = %f.call_id), err)]
pub async fn total(db: &impl ConnectionTrait, f: &DecisionFilter) -> Result<u64, DbErr> {
    filtered(f).count(db).await
}

/// What a proposal's view shows of its decision and merge credits, read in one statement:
/// the decision when `everyone_sees` it (published results, an admin) or the viewer is an
/// evaluator of the proposal's call, and the authors credited on it, earliest first.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn view_extras(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    viewer: Option<UserId>,
    everyone_sees: bool,
) -> Result<(Option<(DecisionStage, Answer)>, Vec<crate::merging::Credited>), DbErr> {
    use sea_orm::sea_query::{Condition, Order as SqOrder};

    use crate::entities::{proposal_credit, user};
    let evaluators = Alias::new("call_evaluators");
    let sees: Expr = match (everyone_sees, viewer) {
        (true, _) => Expr::cust("1 = 1"),
        (false, Some(me)) => Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(evaluators.clone())
                .and_where(
                    Expr::col((evaluators.clone(), Alias::new("call_id")))
                        .equals((proposal::Entity, proposal::Column::CallId)),
                )
                .and_where(Expr::col((evaluators, Alias::new("user_id"))).eq(me.0))
                .to_owned(),
        ),
        (false, None) => Expr::cust("1 = 0"),
    };
    let query = Query::select()
        .expr_as(Expr::col((decision::Entity, decision::Column::Stage)), Alias::new("d_stage"))
        .expr_as(Expr::col((decision::Entity, decision::Column::AnswerFi)), Alias::new("d_fi"))
        .expr_as(Expr::col((decision::Entity, decision::Column::AnswerSv)), Alias::new("d_sv"))
        .expr_as(Expr::col((decision::Entity, decision::Column::AnswerEn)), Alias::new("d_en"))
        .expr_as(Expr::col((proposal_credit::Entity, proposal_credit::Column::UserId)), Alias::new("c_user"))
        .expr_as(Expr::col((user::Entity, user::Column::DisplayName)), Alias::new("c_name"))
        .expr_as(Expr::col((user::Entity, user::Column::ErasedAt)), Alias::new("c_erased"))
        .from(proposal::Entity)
        .join(
            JoinType::LeftJoin,
            decision::Entity,
            Condition::all()
                .add(
                    Expr::col((decision::Entity, decision::Column::ProposalId))
                        .equals((proposal::Entity, proposal::Column::Id)),
                )
                .add(sees),
        )
        .join(
            JoinType::LeftJoin,
            proposal_credit::Entity,
            Expr::col((proposal_credit::Entity, proposal_credit::Column::ProposalId))
                .equals((proposal::Entity, proposal::Column::Id)),
        )
        .join(
            JoinType::LeftJoin,
            user::Entity,
            Expr::col((user::Entity, user::Column::Id))
                .equals((proposal_credit::Entity, proposal_credit::Column::UserId)),
        )
        .and_where(Expr::col((proposal::Entity, proposal::Column::Id)).eq(proposal_id))
        .order_by((proposal_credit::Entity, proposal_credit::Column::CreatedAt), SqOrder::Asc)
        .order_by((proposal_credit::Entity, proposal_credit::Column::UserId), SqOrder::Asc)
        .to_owned();
    let rows = db.query_all(&query).await?;
    let mut decision_seen = None;
    let mut credits = Vec::new();
    for row in rows {
        let stage: Option<String> = row.try_get("", "d_stage")?;
        if let (None, Some(stage)) = (&decision_seen, stage) {
            let answer = Answer {
                fi: row.try_get("", "d_fi")?,
                sv: row.try_get("", "d_sv")?,
                en: row.try_get("", "d_en")?,
            };
            decision_seen = Some((decode("decisions", "stage", proposal_id, &stage)?, answer));
        }
        let user: Option<Uuid> = row.try_get("", "c_user")?;
        if let Some(user) = user {
            let erased: Option<DateTime<Utc>> = row.try_get("", "c_erased")?;
            let name: Option<String> = row.try_get("", "c_name")?;
            credits.push(crate::merging::Credited {
                user_id: UserId(user),
                display_name: if erased.is_some() { String::new() } else { name.unwrap_or_default() },
                erased: erased.is_some(),
            });
        }
    }
    Ok((decision_seen, credits))
}
