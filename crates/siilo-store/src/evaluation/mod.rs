//! Evaluation: a call's criteria and evaluators, conflicts of interest, blind reviews and
//! the review aggregates kept on each proposal, the ranking and the review progress.
//!
//! - [`criteria`]: the criteria of a call, replaced as a list;
//! - [`evaluators`]: assignments, conflicts of interest, and per-evaluator counts;
//! - [`reviews`]: drafts, submissions and the proposal's aggregates;
//! - [`ranking`]: the ranking's pages and the review progress, computed in the database.

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

pub mod bench;
pub mod criteria;
pub mod evaluators;
pub mod ranking;
pub mod reviews;

/// The SQL of the proposals a call's evaluators work on: visible, not withdrawn or merged.
pub(crate) const ELIGIBLE: &str = "p.visibility = 'visible' AND p.stage NOT IN ('withdrawn', 'merged')";

/// A raw statement written with `$n` placeholders, as the connection's engine takes them.
pub(crate) fn stmt(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres { sql.to_owned() } else { sql.replace('$', "?") };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Reads a count column (always `CAST(… AS BIGINT)` in the SQL).
pub(crate) fn count(row: &sea_orm::QueryResult, col: &str) -> Result<u64, sea_orm::DbErr> {
    let n: Option<i64> = row.try_get("", col)?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}
