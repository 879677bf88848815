//! Authentication machinery: password hashing and its lock-out, access and refresh tokens, and the
//! extractors that turn a request's bearer token into a live [`SignedIn`] user.

pub mod oidc;
pub mod password;
pub mod throttle;
pub mod tokens;
pub mod viewer;

pub use password::Passwords;
pub use throttle::judge_password;
pub use tokens::Tokens;
pub use viewer::{SignedIn, SignedInOrVisitor};
