//! sea-orm entities, one per table. They stay inside this crate: callers get the read
//! models of the query modules.

pub mod login_throttle;
pub mod organisation;
pub mod organisation_domain;
pub mod refresh_token;
pub mod session;
pub mod user;
pub mod user_role;
