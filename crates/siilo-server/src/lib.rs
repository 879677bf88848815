//! Siilo's HTTP API (actix-web) and the `siilo` binary's commands.
//!
//! A request goes **extract → authorise via the domain → persist in one transaction → map**:
//! extractors ([`extract::Body`], [`auth::SignedIn`]) parse and authenticate, the rules in
//! `siilo_domain` decide, `siilo_store` remembers, and [`error::ApiError`] translates.
// The OpenAPI examples of the larger views nest deeper than `json!`'s default allows.
#![recursion_limit = "256"]

pub mod accounts;
pub mod auth;
pub mod bench_seed;
pub mod cli;
pub mod config;
pub mod content;
pub mod demo;
pub mod error;
pub mod extract;
pub mod fallback;
pub mod health;
pub mod legal;
pub mod mail;
pub mod markdown;
pub mod openapi;
pub mod page_head;
pub mod rate_limit;
pub mod routes;
pub mod shutdown;
pub mod site;
pub mod spa;
pub mod startup;
pub mod state;
pub mod telemetry;

pub use config::Config;
pub use shutdown::ShutdownHandle;
pub use startup::Application;
