//! Siilo's persistence, the only crate that speaks SQL. Each query takes a connection or a
//! transaction (`&impl ConnectionTrait`) and returns a read model, never an entity.
//!
//! Errors: queries return [`DbErr`] for what the database refused unexpectedly, and
//! [`StoreError::Rule`] where a constraint carries a domain meaning (a taken email).

mod entities;

pub mod bench_seed;
pub mod calls;
pub mod comments;
pub mod database;
pub mod login_throttles;
pub mod notifications;
pub mod organisations;
pub mod proposals;
pub mod sessions;
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
