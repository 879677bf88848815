//! Black-box HTTP tests: every test runs on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod helpers;
mod util;

mod auth;
mod calls;
mod comments;
mod connections;
mod contract_limits;
mod errors;
mod health;
mod hostile;
mod notifications;
mod openapi;
mod organisations;
mod proposal_lists;
mod proposals;
mod spa;
mod static_assets;
mod thumbs;
mod tokens;
mod users;
