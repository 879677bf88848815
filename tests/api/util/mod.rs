//! The black-box test harness, in the shape of crates.io's `tests/util`:
//!
//! - [`TestApp::spawn`] starts the real application on a random port with a fresh database
//!   (a temporary SQLite file, or a PostgreSQL database cloned from a migrated template);
//! - actors send their own requests: [`TestApp::anon`], [`TestApp::participant`],
//!   [`TestApp::moderator`], [`TestApp::admin`] each have `get`/`post`/`put`/`patch`/`delete`;
//! - a [`Response`] is read at once and deserialised into the mirror structs of [`views`]
//!   (`.good::<T>()`, `.json::<T>()`, `.problem()`);
//! - `#[apply(both_dbs)]` runs a test on SQLite and on PostgreSQL; the PostgreSQL case is
//!   reported as ignored when `SIILO_TEST_POSTGRES_URL` is unset.
//!
//! A harness offers more than any one test file uses (and the mirrors list fields no test
//! reads yet): unused items are allowed here.
#![allow(dead_code, unused_imports)]

mod actors;
mod app;
mod fixtures;
mod logging;
pub mod mail;
pub mod oidc;
mod response;
pub mod views;

pub use actors::{Anon, Client, RequestBuilder, User};
pub use app::{Db, JWT_SECRET, PASSWORD, TestApp};
pub use fixtures::{call_body, hours_from_now, proposal_body};
pub use mail::{Mail, MailSink};
pub use response::Response;

/// Runs a test once on SQLite and once on PostgreSQL:
///
/// ```ignore
/// #[apply(both_dbs)]
/// async fn a_test(db: Db) {
///     let app = TestApp::spawn(db).await;
/// }
/// ```
///
/// Without `SIILO_TEST_POSTGRES_URL` at build time (see `tests/build.rs`) the PostgreSQL case is
/// marked `#[ignore]`, so `cargo test` lists it as ignored rather than passed.
#[rstest_reuse::template]
#[rstest::rstest]
#[case::sqlite(Db::Sqlite)]
// rstest gives the attributes before a `#[case]` to that case alone.
#[cfg_attr(not(siilo_postgres), ignore = "SIILO_TEST_POSTGRES_URL is not set")]
#[case::postgres(Db::Postgres)]
#[tokio::test]
pub fn both_dbs(#[case] db: Db) {}
