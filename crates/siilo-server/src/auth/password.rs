//! argon2id with OWASP parameters (19 MiB, t=2, p=1), run on the blocking pool and never on
//! the async workers. At most one hash per core runs at a time, so a burst of logins queues
//! instead of spawning threads that each take 19 MiB.

use std::sync::{Arc, OnceLock};

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use tokio::sync::Semaphore;

use crate::error::ApiError;

#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
}

/// A hash of a password nobody knows, verified against when an email has no account, so
/// that an unknown email costs as much time as a wrong password.
static DUMMY_HASH: OnceLock<String> = OnceLock::new();

impl Default for Passwords {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Passwords { permits: Arc::new(Semaphore::new(cores)) }
    }
}

fn hash_blocking(password: &str) -> Result<String, ApiError> {
    Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(ApiError::internal)
}

fn dummy_hash() -> &'static str {
    DUMMY_HASH.get_or_init(|| hash_blocking("siilo: no account has this password").unwrap_or_default())
}

impl Passwords {
    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(f).await.map_err(ApiError::internal)
    }

    /// A PHC string for a new password.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(move || hash_blocking(&password)).await?
    }

    /// Whether `password` matches `stored`; with no stored hash it still spends the time
    /// of a verification and answers `false`.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        self.run(move || {
            let hash = stored.as_deref().unwrap_or_else(|| dummy_hash());
            let ok = Argon2::default().verify_password(password.as_bytes(), hash).is_ok();
            ok && stored.is_some()
        })
        .await
    }

    /// Computes the dummy hash ahead of the first login with an unknown email.
    pub async fn warm_up(&self) -> Result<(), ApiError> {
        self.run(|| {
            dummy_hash();
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let p = Passwords::default();
        let hash = p.hash("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(p.verify("correct horse battery".into(), Some(hash.clone())).await.unwrap());
        assert!(!p.verify("wrong horse battery".into(), Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn no_stored_hash_never_verifies() {
        let p = Passwords::default();
        assert!(!p.verify("siilo: no account has this password".into(), None).await.unwrap());
    }
}
