//! Bulk inserts of evaluation data for `siilo seed-bench`: criteria, evaluators (granted the
//! role and assigned), submitted reviews with their scores, and the proposals' aggregates as
//! the submissions would have left them.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};
use siilo_domain::evaluation::{self as rules, Recommendation};
use uuid::Uuid;

use super::stmt;
use crate::calls::Localized;
use crate::entities::{call_evaluator, criterion, review, review_score, user_role};

/// Rows per multi-row `INSERT`, well under both engines' bound on parameters.
const ROWS_PER_INSERT: usize = 500;

/// A submitted review: `scores` as `(criterion, score)`.
pub struct BenchReview {
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub evaluator_id: Uuid,
    pub recommendation: Recommendation,
    pub scores: Vec<(Uuid, i32)>,
    pub at: DateTime<Utc>,
}

/// Inserts the criteria `(id, name, weight)`, grants and assigns the evaluators, inserts the
/// reviews, and sets each reviewed proposal's aggregates with the domain's formulas.
pub async fn insert(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    criteria: &[(Uuid, &str, f64)],
    evaluators: &[Uuid],
    reviews: &[BenchReview],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows: Vec<criterion::ActiveModel> = criteria
        .iter()
        .enumerate()
        .map(|(i, (id, name, weight))| {
            let name = Localized { fi: (*name).to_owned(), sv: None, en: None };
            criterion::ActiveModel {
                id: Set(*id),
                call_id: Set(call_id),
                name_fi: Set(name.fi.clone()),
                name_sv: Set(None),
                name_en: Set(None),
                description_fi: Set(format!("{} (suorituskykymittaus)", name.fi)),
                description_sv: Set(None),
                description_en: Set(None),
                weight: Set(*weight),
                position: Set(i32::try_from(i).unwrap_or(0)),
            }
        })
        .collect();
    criterion::Entity::insert_many(rows).exec_without_returning(db).await?;
    for e in evaluators {
        let role = user_role::ActiveModel { user_id: Set(*e), role: Set("evaluator".into()) };
        user_role::Entity::insert(role).on_conflict_do_nothing().exec(db).await?;
        let assigned = call_evaluator::ActiveModel {
            call_id: Set(call_id),
            user_id: Set(*e),
            assigned_by: Set(None),
            assigned_at: Set(now),
        };
        call_evaluator::Entity::insert(assigned).exec_without_returning(db).await?;
    }
    for chunk in reviews.chunks(ROWS_PER_INSERT) {
        let rows: Vec<review::ActiveModel> = chunk
            .iter()
            .map(|r| review::ActiveModel {
                id: Set(r.id),
                call_id: Set(call_id),
                proposal_id: Set(r.proposal_id),
                evaluator_id: Set(r.evaluator_id),
                status: Set("submitted".into()),
                recommendation: Set(Some(r.recommendation.into_str().to_owned())),
                note: Set(None),
                created_at: Set(r.at),
                updated_at: Set(r.at),
                submitted_at: Set(Some(r.at)),
            })
            .collect();
        review::Entity::insert_many(rows).exec_without_returning(db).await?;
        let scores: Vec<review_score::ActiveModel> = chunk
            .iter()
            .flat_map(|r| {
                r.scores.iter().map(|(c, s)| review_score::ActiveModel {
                    review_id: Set(r.id),
                    criterion_id: Set(*c),
                    score: Set(*s),
                })
            })
            .collect();
        review_score::Entity::insert_many(scores).exec_without_returning(db).await?;
    }
    let weights: std::collections::HashMap<Uuid, f64> = criteria.iter().map(|(id, _, w)| (*id, *w)).collect();
    let mut by_proposal: std::collections::BTreeMap<Uuid, Vec<&BenchReview>> =
        std::collections::BTreeMap::new();
    for r in reviews {
        by_proposal.entry(r.proposal_id).or_default().push(r);
    }
    for (proposal_id, rs) in by_proposal {
        let per_review: Vec<f64> = rs
            .iter()
            .filter_map(|r| {
                let w: Vec<(f64, i32)> =
                    r.scores.iter().filter_map(|(c, s)| weights.get(c).map(|w| (*w, *s))).collect();
                rules::weighted_score(&w)
            })
            .collect();
        let all: Vec<(Uuid, i32)> = rs.iter().flat_map(|r| r.scores.iter().copied()).collect();
        db.execute_raw(stmt(
            db,
            "UPDATE proposals SET review_count = $1, review_score = $2, review_spread = $3 WHERE id = $4",
            vec![
                i32::try_from(rs.len()).unwrap_or(i32::MAX).into(),
                rules::proposal_score(&per_review).into(),
                rules::spread(&all).into(),
                proposal_id.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}
