//! Siilo's persistence, the only crate that speaks SQL. Each query takes a connection or a
//! transaction (`&impl ConnectionTrait`) and returns a read model, never an entity.
//!
//! Errors: queries return [`DbErr`] for what the database refused unexpectedly, and
//! [`StoreError::Rule`] where a constraint carries a domain meaning (a taken email).
//!
//! Stored states fail closed: a column that holds a value no variant of its enum names (a
//! visibility that is neither `pending`, `visible` nor `hidden`) is a [`Corrupt`] error,
//! carried as `DbErr::Type` so that the request answers 500 with the table, column, value
//! and row in the log, never read as a default that might show a hidden proposal.
//!
//! Tracing: every public query runs in a span named after it (`#[tracing::instrument]`,
//! `skip_all`) whose fields are ids only (`call_id`, `proposal_id`, `user_id`, …), never
//! emails, names, texts, hashes or tokens; `err` logs a `DbErr` inside that span, so a 500
//! says which step failed. Functions that return `StoreError` leave `err` out: their usual
//! error is a refusal (a taken email), not a failure.

mod entities;

pub mod bench_seed;
pub mod call_managers;
pub mod call_news;
pub mod calls;
pub mod changes;
pub mod coauthors;
pub mod comments;
pub mod database;
pub mod decisions;
pub mod digests;
pub mod email_links;
pub mod email_preferences;
pub mod evaluation;
pub mod exports;
pub mod follows;
pub mod interests;
pub mod legal;
pub mod login_throttles;
pub mod merging;
pub mod moderation;
pub mod moderation_log;
pub mod moderation_queue;
pub mod notifications;
pub mod oidc;
pub mod organisations;
pub mod outbox;
pub mod personal_data;
pub mod pilots;
pub mod proposals;
pub mod reach;
pub mod reports;
pub mod search;
pub mod sessions;
pub mod sitemap;
pub mod stats;
pub mod thumbs;
pub mod users;

pub use database::{Db, begin_write, connect, migrate};
pub use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};

use siilo_domain::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A constraint that stands for a rule said no.
    #[error(transparent)]
    Rule(DomainError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A stored value that no variant of its type names. Its text names the place, so the log of
/// the 500 it causes says which row to repair.
#[derive(Debug, thiserror::Error)]
#[error("corrupt stored value: {table}.{column} = {value:?} in row {row}")]
pub struct Corrupt {
    pub table: &'static str,
    pub column: &'static str,
    /// The value as stored, cut to 40 characters: a log line, not a dump.
    pub value: String,
    pub row: String,
}

impl From<Corrupt> for DbErr {
    fn from(c: Corrupt) -> DbErr {
        DbErr::Type(c.to_string())
    }
}

/// Reads a stored enum value (`proposals.visibility` of `row`), or fails with [`Corrupt`].
pub(crate) fn decode<T: std::str::FromStr>(
    table: &'static str,
    column: &'static str,
    row: impl std::fmt::Display,
    value: &str,
) -> Result<T, DbErr> {
    value.parse().map_err(|_| {
        let c = Corrupt { table, column, value: value.chars().take(40).collect(), row: row.to_string() };
        tracing::error!(table, column, value = %c.value, row = %c.row, "corrupt stored value");
        DbErr::from(c)
    })
}

/// Turns a unique-constraint violation into the given domain refusal.
pub(crate) fn unique_as(err: DbErr, rule: DomainError) -> StoreError {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::Rule(rule),
        _ => StoreError::Db(err),
    }
}

/// A `LIKE` pattern that matches `needle` anywhere, with its wildcards escaped.
pub(crate) fn contains_pattern(needle: &str) -> String {
    let escaped = needle.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use siilo_domain::proposals::Visibility;

    use super::*;

    #[test]
    fn a_known_value_decodes() {
        assert_eq!(
            decode::<Visibility>("proposals", "visibility", 7, "hidden").ok(),
            Some(Visibility::Hidden)
        );
    }

    #[test]
    fn an_unknown_value_is_an_error_that_names_its_place() {
        let err = decode::<Visibility>("proposals", "visibility", "p-1", "Visible").err();
        let Some(DbErr::Type(message)) = err else { panic!("a type error, got {err:?}") };
        assert_eq!(message, r#"corrupt stored value: proposals.visibility = "Visible" in row p-1"#);
    }
}
