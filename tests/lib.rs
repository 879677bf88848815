//! Black-box tests live in `api/`. This library holds what other test suites share with them:
//! [`postgres::TestDatabase`], a throw-away PostgreSQL database (used by `api/` and by
//! `crates/siilo-server/tests/cli.rs`).

pub mod postgres;
