//! Faults, against the real `siilo` binary run as processes (`siilo migrate`, `siilo user
//! create`, `siilo serve`), configured from the environment as an operator would:
//!
//! - `crash`: `kill -9` under a thumb load, restart: every thumb answered 200 is there and
//!   every counter equals its rows (SQLite and PostgreSQL);
//! - `shutdown`: SIGTERM under load: every accepted request is answered, new connections are
//!   refused, exit 0 within the grace period (SQLite and PostgreSQL);
//! - `database_gone`: a private PostgreSQL cluster stopped under the server and started again:
//!   503 `database_unavailable` promptly, `/health` says so, recovery by itself;
//! - `two_instances`: two servers on one PostgreSQL database, used at once.
//!
//! The PostgreSQL cases run when `SIILO_TEST_POSTGRES_URL` is set (as everywhere in the
//! tests); without it they print "skipped" and pass.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod crash;
mod database_gone;
mod shutdown;
mod two_instances;
mod util;
