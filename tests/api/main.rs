//! Black-box HTTP tests: every test runs on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod helpers;

mod auth;
mod errors;
mod health;
mod openapi;
mod organisations;
mod tokens;
mod users;
