//! The ranking of a call's proposals and its review progress, computed in the database.
//!
//! A ranking page is read in *segments*, each a range scan of an index
//! `(call_id, key DESC, number)` stopped by its `LIMIT`: for `score` and `spread`, first the
//! proposals with a value, then those without (by number). For an evaluator, whose view is
//! blind, the proposals whose scores are not revealed to them (no submitted review of theirs,
//! no conflict) form a last segment by number, so that the order leaks nothing. A page costs
//! at most one statement per segment, whatever its size.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, Value};
use uuid::Uuid;

use super::{ELIGIBLE, count, stmt};

/// What the ranking sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankingSort {
    Score,
    Thumbs,
    Comments,
    Spread,
    Number,
}

/// Where a ranking page starts: after this proposal of this segment.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    pub segment: u8,
    pub key: Option<f64>,
    pub number: i32,
}

/// One row of the ranking as its page query reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedRow {
    pub id: Uuid,
    pub number: i32,
    pub review_count: u64,
    pub review_score: Option<f64>,
    pub review_spread: Option<i32>,
    /// Distinct administrative branches involved or interested.
    pub reach: u32,
    pub position: Position,
}

struct Segment {
    /// The sort key's SQL, and whether it is an integer column; `None`: by number only.
    key: Option<(&'static str, bool)>,
    filter: String,
}

/// The proposals whose scores are revealed to the evaluator `$2`: they submitted a review
/// of it, or declared a conflict on it.
const REVEALED: &str = "p.id IN (SELECT r.proposal_id FROM reviews r WHERE r.call_id = $1 AND r.evaluator_id = $2 \
     AND r.status = 'submitted' UNION SELECT c.proposal_id FROM evaluator_conflicts c WHERE c.call_id = $1 AND c.user_id = $2)";

fn segments(sort: RankingSort, blind_for: Option<Uuid>) -> Vec<Segment> {
    let plain = |key: Option<(&'static str, bool)>| vec![Segment { key, filter: "1 = 1".into() }];
    let (col, int) = match sort {
        RankingSort::Number => return plain(None),
        RankingSort::Thumbs => return plain(Some(("p.thumb_count", true))),
        RankingSort::Comments => return plain(Some(("p.comment_count", true))),
        RankingSort::Score => ("p.review_score", false),
        RankingSort::Spread => ("p.review_spread", true),
    };
    let revealed = if blind_for.is_some() { format!(" AND {REVEALED}") } else { String::new() };
    let mut out = vec![
        Segment { key: Some((col, int)), filter: format!("{col} IS NOT NULL{revealed}") },
        Segment { key: None, filter: format!("{col} IS NULL{revealed}") },
    ];
    if blind_for.is_some() {
        out.push(Segment { key: None, filter: format!("NOT ({REVEALED})") });
    }
    out
}

/// Up to `rows` proposals of the call's ranking after `after`, in order.
#[tracing::instrument(skip_all, fields(call_id = %call_id, ?sort), err)]
pub async fn page(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    sort: RankingSort,
    blind_for: Option<Uuid>,
    after: Option<Position>,
    rows: u64,
) -> Result<Vec<RankedRow>, DbErr> {
    let mut out: Vec<RankedRow> = Vec::new();
    let first = after.map_or(0, |a| a.segment);
    for (i, seg) in segments(sort, blind_for).into_iter().enumerate() {
        let i = u8::try_from(i).unwrap_or(u8::MAX);
        if i < first {
            continue;
        }
        let wanted = rows.saturating_sub(out.len() as u64);
        if wanted == 0 {
            break;
        }
        let mut values: Vec<Value> = vec![call_id.into(), blind_for.unwrap_or(Uuid::nil()).into()];
        let mut sql = format!(
            "SELECT p.id, p.number, p.review_count, p.review_score, p.review_spread, p.reach{key} FROM proposals p \
             WHERE p.call_id = $1 AND {ELIGIBLE} AND {filter}",
            key = seg.key.map(|(k, _)| format!(", {k} AS sort_key")).unwrap_or_default(),
            filter = seg.filter,
        );
        if let Some(at) = after.filter(|a| a.segment == i) {
            let key_value =
                |k: f64, int: bool| -> Value { if int { Value::from(k as i64) } else { Value::from(k) } };
            match (seg.key, at.key) {
                (Some((k, int)), Some(v)) => {
                    sql.push_str(&format!(" AND {k} <= $3 AND ({k} < $3 OR p.number > $4)"));
                    values.push(key_value(v, int));
                    values.push(at.number.into());
                }
                _ => {
                    sql.push_str(" AND p.number > $3");
                    values.push(at.number.into());
                }
            }
        }
        match seg.key {
            Some((k, _)) => sql.push_str(&format!(" ORDER BY {k} DESC, p.number ASC")),
            None => sql.push_str(" ORDER BY p.number ASC"),
        }
        sql.push_str(&format!(" LIMIT {wanted}"));
        for r in db.query_all_raw(stmt(db, &sql, values)).await? {
            let number: i32 = r.try_get("", "number")?;
            let key = match seg.key {
                Some((_, true)) => Some(r.try_get::<i32>("", "sort_key")? as f64),
                Some((_, false)) => Some(r.try_get::<f64>("", "sort_key")?),
                None => None,
            };
            out.push(RankedRow {
                id: r.try_get("", "id")?,
                number,
                review_count: u64::try_from(r.try_get::<i32>("", "review_count")?).unwrap_or(0),
                review_score: r.try_get("", "review_score")?,
                review_spread: r.try_get("", "review_spread")?,
                reach: u32::try_from(r.try_get::<i32>("", "reach")?).unwrap_or(0),
                position: Position { segment: i, key, number },
            });
        }
    }
    Ok(out)
}

/// A criterion's submitted scores on one proposal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriterionStats {
    pub criterion_id: Uuid,
    pub mean: f64,
    pub min: i32,
    pub max: i32,
}

/// The evaluator's own stand on a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MyStand {
    Draft,
    Submitted,
    Conflict,
}

/// A decision as the ranking shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionBrief {
    pub stage: String,
    pub answer_fi: Option<String>,
    pub answer_sv: Option<String>,
    pub answer_en: Option<String>,
}

/// What a ranking page shows beside its rows, for the page's proposals only.
#[derive(Debug, Default)]
pub struct PageDetails {
    pub criteria: HashMap<Uuid, Vec<CriterionStats>>,
    /// `[shortlist, maybe, reject]`.
    pub recommendations: HashMap<Uuid, [u64; 3]>,
    pub conflicts: HashMap<Uuid, u64>,
    pub mine: HashMap<Uuid, MyStand>,
    pub decisions: HashMap<Uuid, DecisionBrief>,
}

fn in_list(ids: &[Uuid], first: usize) -> String {
    (0..ids.len()).map(|i| format!("${}", first + i)).collect::<Vec<_>>().join(", ")
}

/// The page's per-criterion statistics, recommendations, conflicts, the viewer's own stand
/// and decisions: five statements whatever the page's size.
#[tracing::instrument(skip_all, fields(count = ids.len()), err)]
pub async fn details(db: &impl ConnectionTrait, ids: &[Uuid], viewer: Uuid) -> Result<PageDetails, DbErr> {
    let mut d = PageDetails::default();
    if ids.is_empty() {
        return Ok(d);
    }
    let id_values = || ids.iter().map(|i| Value::from(*i)).collect::<Vec<_>>();
    let list1 = in_list(ids, 1);
    let sql = format!(
        "SELECT r.proposal_id, s.criterion_id, CAST(AVG(s.score) AS DOUBLE PRECISION) AS mean, \
         CAST(MIN(s.score) AS BIGINT) AS lo, CAST(MAX(s.score) AS BIGINT) AS hi \
         FROM reviews r JOIN review_scores s ON s.review_id = r.id \
         WHERE r.status = 'submitted' AND r.proposal_id IN ({list1}) GROUP BY r.proposal_id, s.criterion_id"
    );
    for r in db.query_all_raw(stmt(db, &sql, id_values())).await? {
        let lo: i64 = r.try_get("", "lo")?;
        let hi: i64 = r.try_get("", "hi")?;
        d.criteria.entry(r.try_get("", "proposal_id")?).or_default().push(CriterionStats {
            criterion_id: r.try_get("", "criterion_id")?,
            mean: r.try_get("", "mean")?,
            min: i32::try_from(lo).unwrap_or(0),
            max: i32::try_from(hi).unwrap_or(0),
        });
    }
    let sql = format!(
        "SELECT proposal_id, recommendation, CAST(COUNT(*) AS BIGINT) AS n FROM reviews \
         WHERE status = 'submitted' AND proposal_id IN ({list1}) GROUP BY proposal_id, recommendation"
    );
    for r in db.query_all_raw(stmt(db, &sql, id_values())).await? {
        let rec: Option<String> = r.try_get("", "recommendation")?;
        let slot = match rec.as_deref() {
            Some("shortlist") => 0,
            Some("maybe") => 1,
            Some("reject") => 2,
            _ => continue,
        };
        let e = d.recommendations.entry(r.try_get("", "proposal_id")?).or_default();
        if let Some(c) = e.get_mut(slot) {
            *c = count(&r, "n")?;
        }
    }
    let sql = format!(
        "SELECT proposal_id, CAST(COUNT(*) AS BIGINT) AS n FROM evaluator_conflicts \
         WHERE proposal_id IN ({list1}) GROUP BY proposal_id"
    );
    for r in db.query_all_raw(stmt(db, &sql, id_values())).await? {
        d.conflicts.insert(r.try_get("", "proposal_id")?, count(&r, "n")?);
    }
    let list2 = in_list(ids, 2);
    let sql = format!(
        "SELECT proposal_id, status AS stand FROM reviews WHERE evaluator_id = $1 AND proposal_id IN ({list2}) \
         UNION ALL SELECT proposal_id, 'conflict' AS stand FROM evaluator_conflicts \
         WHERE user_id = $1 AND proposal_id IN ({list2})"
    );
    let mut values = vec![Value::from(viewer)];
    values.extend(id_values());
    for r in db.query_all_raw(stmt(db, &sql, values)).await? {
        let stand: String = r.try_get("", "stand")?;
        let stand = match stand.as_str() {
            "submitted" => MyStand::Submitted,
            "conflict" => MyStand::Conflict,
            _ => MyStand::Draft,
        };
        let id: Uuid = r.try_get("", "proposal_id")?;
        // A conflict outweighs a draft (declaring one removes it anyway).
        let e = d.mine.entry(id).or_insert(stand);
        if stand == MyStand::Conflict && *e == MyStand::Draft {
            *e = stand;
        }
    }
    let sql = format!(
        "SELECT proposal_id, stage, answer_fi, answer_sv, answer_en FROM decisions WHERE proposal_id IN ({list1})"
    );
    for r in db.query_all_raw(stmt(db, &sql, id_values())).await? {
        d.decisions.insert(
            r.try_get("", "proposal_id")?,
            DecisionBrief {
                stage: r.try_get("", "stage")?,
                answer_fi: r.try_get("", "answer_fi")?,
                answer_sv: r.try_get("", "answer_sv")?,
                answer_en: r.try_get("", "answer_en")?,
            },
        );
    }
    Ok(d)
}

/// The call's review progress over its eligible proposals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub proposals: u64,
    /// Every evaluator has submitted a review or declared a conflict.
    pub fully_reviewed: u64,
    pub without_reviews: u64,
}

/// One statement over the call's proposals; `evaluators` is how many the call has.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn progress(db: &impl ConnectionTrait, call_id: Uuid, evaluators: u64) -> Result<Progress, DbErr> {
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS proposals, \
         CAST(COALESCE(SUM(CASE WHEN p.review_count = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS without_reviews, \
         CAST(COALESCE(SUM(CASE WHEN $2 > 0 AND p.review_count + COALESCE(cf.n, 0) >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS fully \
         FROM proposals p LEFT JOIN (SELECT proposal_id, COUNT(*) AS n FROM evaluator_conflicts WHERE call_id = $1 \
         GROUP BY proposal_id) cf ON cf.proposal_id = p.id WHERE p.call_id = $1 AND {ELIGIBLE}"
    );
    let ev = i64::try_from(evaluators).unwrap_or(i64::MAX);
    let row = db.query_one_raw(stmt(db, &sql, vec![call_id.into(), ev.into()])).await?;
    let Some(r) = row else { return Ok(Progress::default()) };
    Ok(Progress {
        proposals: count(&r, "proposals")?,
        fully_reviewed: count(&r, "fully")?,
        without_reviews: count(&r, "without_reviews")?,
    })
}
