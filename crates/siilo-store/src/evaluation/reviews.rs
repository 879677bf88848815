//! Reviews: an evaluator's draft, its submission (final), and the aggregates kept on the
//! proposal in the transaction that submits.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, Set};
use siilo_domain::evaluation::{self as rules, Recommendation, ReviewStatus};
use uuid::Uuid;

use super::stmt;
use crate::decode;
use crate::entities::{review, review_score};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRecord {
    pub id: Uuid,
    pub call_id: Uuid,
    pub proposal_id: Uuid,
    pub evaluator_id: Uuid,
    pub evaluator_name: String,
    pub status: ReviewStatus,
    pub recommendation: Option<Recommendation>,
    pub note: Option<String>,
    /// `(criterion, score)`.
    pub scores: Vec<(Uuid, i32)>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// A draft as the evaluator writes it.
#[derive(Debug, Clone)]
pub struct Draft {
    pub scores: Vec<(Uuid, i32)>,
    pub recommendation: Option<Recommendation>,
    pub note: Option<String>,
}

/// Loads reviews with their evaluators' names and scores, in two statements.
async fn load(
    db: &impl ConnectionTrait,
    filter: &str,
    values: Vec<sea_orm::Value>,
) -> Result<Vec<ReviewRecord>, DbErr> {
    let sql = format!(
        "SELECT r.id, r.call_id, r.proposal_id, r.evaluator_id, r.status, r.recommendation, r.note, \
         r.created_at, r.updated_at, r.submitted_at, u.display_name \
         FROM reviews r JOIN users u ON u.id = r.evaluator_id WHERE {filter} ORDER BY r.submitted_at, r.id"
    );
    let rows = db.query_all_raw(stmt(db, &sql, values)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: Uuid = r.try_get("", "id")?;
        let status: String = r.try_get("", "status")?;
        let recommendation: Option<String> = r.try_get("", "recommendation")?;
        out.push(ReviewRecord {
            id,
            call_id: r.try_get("", "call_id")?,
            proposal_id: r.try_get("", "proposal_id")?,
            evaluator_id: r.try_get("", "evaluator_id")?,
            evaluator_name: r.try_get::<Option<String>>("", "display_name")?.unwrap_or_default(),
            status: decode("reviews", "status", id, &status)?,
            recommendation: recommendation
                .as_deref()
                .map(|v| decode("reviews", "recommendation", id, v))
                .transpose()?,
            note: r.try_get("", "note")?,
            scores: Vec::new(),
            created_at: r.try_get("", "created_at")?,
            updated_at: r.try_get("", "updated_at")?,
            submitted_at: r.try_get("", "submitted_at")?,
        });
    }
    if out.is_empty() {
        return Ok(out);
    }
    let ids: Vec<Uuid> = out.iter().map(|r| r.id).collect();
    let mut scores: HashMap<Uuid, Vec<(Uuid, i32)>> = HashMap::new();
    for s in review_score::Entity::find().filter(review_score::Column::ReviewId.is_in(ids)).all(db).await? {
        scores.entry(s.review_id).or_default().push((s.criterion_id, s.score));
    }
    for r in &mut out {
        let mut s = scores.remove(&r.id).unwrap_or_default();
        s.sort();
        r.scores = s;
    }
    Ok(out)
}

/// The evaluator's own review of the proposal.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user_id), err)]
pub async fn mine(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user_id: Uuid,
) -> Result<Option<ReviewRecord>, DbErr> {
    Ok(load(db, "r.proposal_id = $1 AND r.evaluator_id = $2", vec![proposal_id.into(), user_id.into()])
        .await?
        .into_iter()
        .next())
}

/// The proposal's submitted reviews, in the order they were submitted.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn submitted(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<Vec<ReviewRecord>, DbErr> {
    load(db, "r.proposal_id = $1 AND r.status = 'submitted'", vec![proposal_id.into()]).await
}

/// Locks the proposal's row until the transaction ends (PostgreSQL; SQLite's write
/// transaction already holds the database), so that submissions of its reviews recompute
/// its aggregates one after another.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn lock_proposal(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.query_one_raw(stmt(
            db,
            "SELECT id FROM proposals WHERE id = $1 FOR UPDATE",
            vec![proposal_id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Writes the evaluator's draft (creating it), replacing its scores, recommendation and note.
/// `None` when their review is already submitted: a submitted review never changes.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user_id), err)]
pub async fn save_draft(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    proposal_id: Uuid,
    user_id: Uuid,
    draft: Draft,
    now: DateTime<Utc>,
) -> Result<Option<ReviewRecord>, DbErr> {
    let row = review::ActiveModel {
        id: Set(Uuid::now_v7()),
        call_id: Set(call_id),
        proposal_id: Set(proposal_id),
        evaluator_id: Set(user_id),
        status: Set(ReviewStatus::Draft.into_str().to_owned()),
        recommendation: Set(None),
        note: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
    };
    review::Entity::insert(row)
        .on_conflict_do_nothing_on([review::Column::ProposalId, review::Column::EvaluatorId])
        .exec(db)
        .await?;
    // Conditional on still being a draft, so that it never overwrites a submission.
    let updated = db
        .query_one_raw(stmt(
            db,
            "UPDATE reviews SET recommendation = $1, note = $2, updated_at = $3 \
             WHERE proposal_id = $4 AND evaluator_id = $5 AND status = 'draft' RETURNING id",
            vec![
                draft.recommendation.map(|r| r.into_str().to_owned()).into(),
                draft.note.into(),
                now.into(),
                proposal_id.into(),
                user_id.into(),
            ],
        ))
        .await?;
    let Some(updated) = updated else { return Ok(None) };
    let review_id: Uuid = updated.try_get("", "id")?;
    review_score::Entity::delete_many().filter(review_score::Column::ReviewId.eq(review_id)).exec(db).await?;
    let rows: Vec<review_score::ActiveModel> = draft
        .scores
        .iter()
        .map(|(c, s)| review_score::ActiveModel {
            review_id: Set(review_id),
            criterion_id: Set(*c),
            score: Set(*s),
        })
        .collect();
    if !rows.is_empty() {
        review_score::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    mine(db, proposal_id, user_id).await
}

/// Submits the draft; `false` when it is no longer a draft (a parallel submission won).
#[tracing::instrument(skip_all, fields(review_id = %review_id), err)]
pub async fn submit(db: &impl ConnectionTrait, review_id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let res = db
        .execute_raw(stmt(
            db,
            "UPDATE reviews SET status = 'submitted', submitted_at = $1, updated_at = $1 \
             WHERE id = $2 AND status = 'draft'",
            vec![now.into(), review_id.into()],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}

/// Deletes the evaluator's draft of the proposal (a conflict was declared); `true` when
/// their review is submitted and therefore stays.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id, user_id = %user_id), err)]
pub async fn delete_draft(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    user_id: Uuid,
) -> Result<bool, DbErr> {
    db.execute_raw(stmt(
        db,
        "DELETE FROM reviews WHERE proposal_id = $1 AND evaluator_id = $2 AND status = 'draft'",
        vec![proposal_id.into(), user_id.into()],
    ))
    .await?;
    Ok(mine(db, proposal_id, user_id).await?.is_some())
}

/// The proposal's review aggregates as they stand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aggregates {
    pub count: u64,
    pub score: Option<f64>,
    pub spread: Option<i32>,
}

/// Recomputes the proposal's `review_count`, `review_score` and `review_spread` from its
/// submitted reviews and the criteria's weights (`siilo_domain::evaluation`'s formulas), and
/// stores them. Call it under [`lock_proposal`].
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn recompute(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    weights: &HashMap<Uuid, f64>,
) -> Result<Aggregates, DbErr> {
    let reviews = submitted(db, proposal_id).await?;
    let per_review: Vec<f64> = reviews
        .iter()
        .filter_map(|r| {
            let weighted: Vec<(f64, i32)> =
                r.scores.iter().filter_map(|(c, s)| weights.get(c).map(|w| (*w, *s))).collect();
            rules::weighted_score(&weighted)
        })
        .collect();
    let all: Vec<(Uuid, i32)> = reviews.iter().flat_map(|r| r.scores.iter().copied()).collect();
    let agg = Aggregates {
        count: reviews.len() as u64,
        score: rules::proposal_score(&per_review),
        spread: rules::spread(&all),
    };
    db.execute_raw(stmt(
        db,
        "UPDATE proposals SET review_count = $1, review_score = $2, review_spread = $3 WHERE id = $4",
        vec![
            i32::try_from(agg.count).unwrap_or(i32::MAX).into(),
            agg.score.into(),
            agg.spread.into(),
            proposal_id.into(),
        ],
    ))
    .await?;
    Ok(agg)
}
