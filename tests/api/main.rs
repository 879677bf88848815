//! Black-box HTTP tests: every test runs on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod util;

mod accounts;
mod appeals;
mod auth;
mod calls;
mod comments;
mod connections;
mod contract_limits;
mod decisions;
mod email_notifications;
mod error_codes;
mod errors;
mod evaluation;
mod exports;
mod follows;
mod health;
mod hostile;
mod interest;
mod legal;
mod mail_delivery;
mod merging;
mod moderation_actions;
mod moderation_log;
mod moderation_queue;
mod notifications;
mod openapi;
mod organisations;
mod personal_data;
mod pilots;
mod proposal_lists;
mod proposals;
mod reports;
mod request_costs;
mod search;
mod spa;
mod sso;
mod static_assets;
mod stats;
mod stored_states;
mod thumbs;
mod tokens;
mod users;
