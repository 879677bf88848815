//! Siilo's rules, kept pure: no actix, no sea-orm, no I/O, and no clock. Every rule that
//! depends on time takes `now` as an argument, so that tests can put it at any instant.
//!
//! A refusal is a [`DomainError`]; the server gives each variant its HTTP meaning once.

pub mod accounts;
pub mod calls;
pub mod comments;
pub mod error;
pub mod ids;
pub mod login_throttle;
pub mod notifications;
pub mod ordering;
pub mod organisations;
pub mod proposals;
pub mod roles;
pub mod search;
pub mod sessions;
pub mod text;
pub mod thumbs;

pub use error::DomainError;
pub use ids::{OrganisationId, SessionId, UserId};
