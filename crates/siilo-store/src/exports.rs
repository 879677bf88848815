//! A call's proposals for export, read in keyset pages by number so that an export of any
//! size holds one page in memory at a time. A page costs four statements whatever its
//! size: the proposals (with author, theme, decision and the exporter's own review state),
//! their organisations, their recommendation counts and their criterion means.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement, Value};
use siilo_domain::evaluation::DecisionStage;
use siilo_domain::proposals::Stage;
use uuid::Uuid;

use crate::decode;

/// Runs `sql` written with `$n` placeholders on either database (`?n` on SQLite).
pub(crate) async fn query_all(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<QueryResult>, DbErr> {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres { sql.to_owned() } else { sql.replace('$', "?") };
    db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await
}

/// Is `user` assigned as an evaluator to `call`?
#[tracing::instrument(skip_all, fields(call_id = %call, user_id = %user), err)]
pub async fn is_assigned(db: &impl ConnectionTrait, call: Uuid, user: Uuid) -> Result<bool, DbErr> {
    let rows = query_all(
        db,
        "SELECT 1 AS one FROM call_evaluators WHERE call_id = $1 AND user_id = $2",
        vec![call.into(), user.into()],
    )
    .await?;
    Ok(!rows.is_empty())
}

/// A criterion of the call, as the export's columns name it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportCriterion {
    pub id: Uuid,
    pub name_fi: String,
    pub name_sv: Option<String>,
    pub name_en: Option<String>,
    pub weight: f64,
    pub position: i32,
}

/// The call's criteria in their order.
#[tracing::instrument(skip_all, fields(call_id = %call), err)]
pub async fn criteria(db: &impl ConnectionTrait, call: Uuid) -> Result<Vec<ExportCriterion>, DbErr> {
    let rows = query_all(
        db,
        "SELECT id, name_fi, name_sv, name_en, weight, position FROM criteria WHERE call_id = $1 \
         ORDER BY position, id",
        vec![call.into()],
    )
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ExportCriterion {
                id: r.try_get("", "id")?,
                name_fi: r.try_get("", "name_fi")?,
                name_sv: r.try_get("", "name_sv")?,
                name_en: r.try_get("", "name_en")?,
                weight: r.try_get("", "weight")?,
                position: r.try_get("", "position")?,
            })
        })
        .collect()
}

/// A decision on a proposal, published or not (the export is for admins and evaluators).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportDecision {
    pub stage: DecisionStage,
    pub answer_fi: Option<String>,
    pub answer_sv: Option<String>,
    pub answer_en: Option<String>,
}

/// Submitted reviews' recommendations on a proposal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecommendationCounts {
    pub shortlist: u64,
    pub maybe: u64,
    pub reject: u64,
}

/// One proposal's row of the export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub id: Uuid,
    pub number: i32,
    pub title: String,
    pub summary: String,
    /// Empty for an erased account.
    pub author_name: String,
    pub author_organisation: Option<String>,
    /// Codes of the organisations it names, sorted.
    pub organisations: Vec<String>,
    /// Distinct administrative branches involved or interested.
    pub reach: u64,
    /// The theme's Finnish name (the one language every theme has).
    pub theme: Option<String>,
    pub stage: Stage,
    pub thumbs: u64,
    pub comments: u64,
    /// Submitted reviews.
    pub reviews: u64,
    pub score: Option<f64>,
    pub spread: Option<i32>,
    pub recommendations: RecommendationCounts,
    /// Mean submitted score per criterion that has one.
    pub criterion_means: HashMap<Uuid, f64>,
    pub decision: Option<ExportDecision>,
    /// The exporter has submitted their own review of it.
    pub own_review_submitted: bool,
    /// The exporter has declared a conflict of interest on it.
    pub conflict_declared: bool,
    pub created_at: DateTime<Utc>,
}

fn count(r: &QueryResult, col: &str) -> Result<u64, DbErr> {
    let n: i64 = r.try_get("", col)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The call's visible proposals (any stage) numbered after `after`, at most `limit`, by
/// number. `exporter` is the evaluator whose own review state is read (`None` for an admin).
#[tracing::instrument(skip_all, fields(call_id = %call, after, limit), err)]
pub async fn page(
    db: &impl ConnectionTrait,
    call: Uuid,
    exporter: Option<Uuid>,
    after: i32,
    limit: u32,
) -> Result<Vec<ExportRow>, DbErr> {
    let me = exporter.unwrap_or(Uuid::nil());
    let rows = query_all(
        db,
        "SELECT p.id, p.number, p.title, p.summary, p.stage, p.created_at, \
           CAST(p.thumb_count AS BIGINT) AS thumbs, CAST(p.comment_count AS BIGINT) AS comments, \
           CAST(p.review_count AS BIGINT) AS reviews, CAST(p.reach AS BIGINT) AS reach, p.review_score, p.review_spread, \
           u.display_name AS author_name, u.erased_at AS author_erased_at, ao.code AS author_org, \
           t.name_fi AS theme_name, \
           d.stage AS decision_stage, d.answer_fi, d.answer_sv, d.answer_en, \
           CAST(CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS own_submitted, \
           CAST(CASE WHEN ec.user_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS conflicted \
         FROM proposals p \
         LEFT JOIN users u ON u.id = p.author_id \
         LEFT JOIN organisations ao ON ao.id = u.organisation_id \
         LEFT JOIN themes t ON t.id = p.theme_id \
         LEFT JOIN decisions d ON d.proposal_id = p.id \
         LEFT JOIN reviews r ON r.proposal_id = p.id AND r.evaluator_id = $3 AND r.status = 'submitted' \
         LEFT JOIN evaluator_conflicts ec ON ec.proposal_id = p.id AND ec.user_id = $3 \
         WHERE p.call_id = $1 AND p.visibility = 'visible' AND p.number > $2 \
         ORDER BY p.number LIMIT $4",
        vec![call.into(), after.into(), me.into(), i64::from(limit).into()],
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: Uuid = r.try_get("", "id")?;
        let stage: String = r.try_get("", "stage")?;
        let decision_stage: Option<String> = r.try_get("", "decision_stage")?;
        let decision = match decision_stage {
            Some(s) => Some(ExportDecision {
                stage: decode("decisions", "stage", id, &s)?,
                answer_fi: r.try_get("", "answer_fi")?,
                answer_sv: r.try_get("", "answer_sv")?,
                answer_en: r.try_get("", "answer_en")?,
            }),
            None => None,
        };
        let erased: Option<DateTime<Utc>> = r.try_get("", "author_erased_at")?;
        let name: Option<String> = r.try_get("", "author_name")?;
        out.push(ExportRow {
            id,
            number: r.try_get("", "number")?,
            title: r.try_get("", "title")?,
            summary: r.try_get("", "summary")?,
            author_name: if erased.is_some() { String::new() } else { name.unwrap_or_default() },
            author_organisation: r.try_get("", "author_org")?,
            organisations: Vec::new(),
            reach: count(r, "reach")?,
            theme: r.try_get("", "theme_name")?,
            stage: decode("proposals", "stage", id, &stage)?,
            thumbs: count(r, "thumbs")?,
            comments: count(r, "comments")?,
            reviews: count(r, "reviews")?,
            score: r.try_get("", "review_score")?,
            spread: r.try_get("", "review_spread")?,
            recommendations: RecommendationCounts::default(),
            criterion_means: HashMap::new(),
            decision,
            own_review_submitted: count(r, "own_submitted")? > 0,
            conflict_declared: count(r, "conflicted")? > 0,
            created_at: r.try_get("", "created_at")?,
        });
    }
    let (Some(first), Some(last)) = (out.first().map(|r| r.number), out.last().map(|r| r.number)) else {
        return Ok(out);
    };
    // The page's proposals are those numbered in [first, last]: the other statements select
    // by that range, so their parameters do not grow with the page.
    let range = || -> Vec<Value> { vec![call.into(), first.into(), last.into()] };
    let index: HashMap<Uuid, usize> = out.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let in_page = "p.call_id = $1 AND p.visibility = 'visible' AND p.number >= $2 AND p.number <= $3";

    let orgs = query_all(
        db,
        &format!(
            "SELECT po.proposal_id, o.code FROM proposal_organisations po \
             JOIN proposals p ON p.id = po.proposal_id JOIN organisations o ON o.id = po.organisation_id \
             WHERE {in_page} ORDER BY o.code"
        ),
        range(),
    )
    .await?;
    for r in &orgs {
        let pid: Uuid = r.try_get("", "proposal_id")?;
        if let Some(row) = index.get(&pid).and_then(|i| out.get_mut(*i)) {
            row.organisations.push(r.try_get("", "code")?);
        }
    }

    let recs = query_all(
        db,
        &format!(
            "SELECT r.proposal_id, \
               CAST(SUM(CASE WHEN r.recommendation = 'shortlist' THEN 1 ELSE 0 END) AS BIGINT) AS shortlist, \
               CAST(SUM(CASE WHEN r.recommendation = 'maybe' THEN 1 ELSE 0 END) AS BIGINT) AS maybe, \
               CAST(SUM(CASE WHEN r.recommendation = 'reject' THEN 1 ELSE 0 END) AS BIGINT) AS reject \
             FROM reviews r JOIN proposals p ON p.id = r.proposal_id \
             WHERE r.status = 'submitted' AND {in_page} GROUP BY r.proposal_id"
        ),
        range(),
    )
    .await?;
    for r in &recs {
        let pid: Uuid = r.try_get("", "proposal_id")?;
        if let Some(row) = index.get(&pid).and_then(|i| out.get_mut(*i)) {
            row.recommendations = RecommendationCounts {
                shortlist: count(r, "shortlist")?,
                maybe: count(r, "maybe")?,
                reject: count(r, "reject")?,
            };
        }
    }

    let means = query_all(
        db,
        &format!(
            "SELECT r.proposal_id, s.criterion_id, AVG(CAST(s.score AS DOUBLE PRECISION)) AS mean \
             FROM review_scores s JOIN reviews r ON r.id = s.review_id JOIN proposals p ON p.id = r.proposal_id \
             WHERE r.status = 'submitted' AND {in_page} GROUP BY r.proposal_id, s.criterion_id"
        ),
        range(),
    )
    .await?;
    for r in &means {
        let pid: Uuid = r.try_get("", "proposal_id")?;
        if let Some(row) = index.get(&pid).and_then(|i| out.get_mut(*i)) {
            row.criterion_means.insert(r.try_get("", "criterion_id")?, r.try_get("", "mean")?);
        }
    }
    Ok(out)
}
