//! Authentication machinery: password hashing, access and refresh tokens, and the
//! extractors that turn a request's bearer token into a live [`Viewer`].

pub mod password;
pub mod tokens;
pub mod viewer;

pub use password::Passwords;
pub use tokens::Tokens;
pub use viewer::{MaybeViewer, Viewer};
