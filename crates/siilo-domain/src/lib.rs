//! Siilo's rules, kept pure: no actix, no sea-orm, no I/O, and no clock. Every rule that
//! depends on time takes `now` as an argument, so that tests can put it at any instant.
//!
//! A refusal is a [`DomainError`]; the server gives each variant its HTTP meaning once.

pub mod accounts;
pub mod call_news;
pub mod calls;
pub mod comments;
pub mod email_links;
pub mod email_notifications;
pub mod error;
pub mod evaluation;
pub mod exports;
pub mod identity;
pub mod ids;
pub mod interest;
pub mod legal;
pub mod login_throttle;
pub mod merging;
pub mod moderation;
pub mod notifications;
pub mod ordering;
pub mod organisations;
pub mod outbox;
pub mod personal_data;
pub mod pilots;
pub mod proposals;
pub mod roles;
pub mod search;
pub mod sessions;
pub mod sso;
pub mod team;
pub mod text;
pub mod thumbs;

pub use error::DomainError;

/// Every variant's stored and displayed name (strum) is its JSON name (serde), and parses
/// back: the database and the API speak the same words.
#[cfg(test)]
pub(crate) fn assert_stored_names_match_serde<T>()
where
    T: strum::IntoEnumIterator + Into<&'static str> + std::str::FromStr + std::fmt::Display,
    T: serde::Serialize + Copy + PartialEq + std::fmt::Debug,
{
    for v in T::iter() {
        let name: &'static str = v.into();
        assert_eq!(serde_json::to_value(v).ok(), Some(serde_json::Value::from(name)), "{v:?}");
        assert_eq!(v.to_string(), name);
        assert!(name.parse::<T>().is_ok_and(|back| back == v), "{name} parses back");
    }
}
pub use ids::{OrganisationId, SessionId, UserId};
