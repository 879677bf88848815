//! argon2id with OWASP parameters (19 MiB, t=2, p=1), run on the blocking pool and never on
//! the async workers. At most one hash per core runs at a time, so a burst of logins queues
//! instead of spawning threads that each take 19 MiB.
//!
//! The 19 MiB of working memory are kept between hashes (one buffer per core) instead of
//! being allocated for each: allocated afresh, they were kept by the allocator's per-thread
//! arenas of the blocking pool, and a login flood left the server at close to 1 GB.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;

#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Working memory for as many hashes as there are permits.
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
    cores: usize,
}

/// A hash of a password nobody knows, verified against when an email has no account, so
/// that an unknown email costs as much time as a wrong password.
static DUMMY_HASH: OnceLock<String> = OnceLock::new();

impl Default for Passwords {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Passwords { permits: Arc::new(Semaphore::new(cores)), memory: Arc::default(), cores }
    }
}

/// Working memory for one hash with `params`: a kept buffer when one is large enough.
struct Lease {
    pool: Arc<Mutex<Vec<Vec<Block>>>>,
    keep: usize,
    blocks: Vec<Block>,
}

impl Lease {
    fn take(pool: &Arc<Mutex<Vec<Vec<Block>>>>, keep: usize, params: &Params) -> Lease {
        let needed = params.block_count();
        let kept = {
            let mut free = pool.lock().unwrap_or_else(PoisonError::into_inner);
            free.iter().position(|b| b.len() >= needed).map(|i| free.swap_remove(i))
        };
        let blocks = kept.unwrap_or_else(|| vec![Block::new(); needed]);
        Lease { pool: Arc::clone(pool), keep, blocks }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        // Only buffers of today's parameters are kept: an old hash with more memory is rare.
        if self.blocks.len() == Params::DEFAULT.block_count() {
            let mut free = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
            if free.len() < self.keep {
                free.push(std::mem::take(&mut self.blocks));
            }
        }
    }
}

fn hash_with(memory: &mut [Block], password: &str) -> Result<String, ApiError> {
    let salt = argon2::password_hash::generate_salt();
    let params = Params::DEFAULT;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, memory)
        .map_err(ApiError::internal)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(ApiError::internal)?,
        salt: Some(Salt::new(&salt).map_err(ApiError::internal)?),
        hash: Some(Output::new(&out).map_err(ApiError::internal)?),
    };
    Ok(phc.to_string())
}

/// What a stored PHC string asks for, or `None` when it is not an argon2 hash we can check.
struct Stored {
    argon: Argon2<'static>,
    params: Params,
    salt: Salt,
    expected: Output,
}

fn parse(stored: &str) -> Option<Stored> {
    let phc = PasswordHash::new(stored).ok()?;
    let algorithm = Algorithm::try_from(phc.algorithm.as_str()).ok()?;
    let version = phc.version.map_or(Ok(Version::default()), Version::try_from).ok()?;
    let params = Params::try_from(&phc).ok()?;
    let argon = Argon2::new(algorithm, version, params.clone());
    Some(Stored { argon, params, salt: phc.salt?, expected: phc.hash? })
}

fn verify_with(memory: &mut [Block], password: &str, stored: &Stored) -> bool {
    let mut out = vec![0u8; stored.expected.len()];
    stored.argon.hash_password_into_with_memory(password.as_bytes(), &stored.salt, &mut out, memory).is_ok()
        // Output's equality is constant-time.
        && Output::new(&out).is_ok_and(|computed| computed == stored.expected)
}

fn dummy_hash() -> &'static str {
    DUMMY_HASH.get_or_init(|| {
        let mut memory = vec![Block::new(); Params::DEFAULT.block_count()];
        hash_with(&mut memory, "siilo: no account has this password").unwrap_or_default()
    })
}

impl Passwords {
    /// Runs `f` on the blocking pool with working memory for `params`, once a permit is free.
    async fn run<T: Send + 'static>(
        &self,
        params: &Params,
        f: impl FnOnce(&mut [Block]) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        let mut lease = Lease::take(&self.memory, self.cores, params);
        tokio::task::spawn_blocking(move || f(&mut lease.blocks)).await.map_err(ApiError::internal)
    }

    /// A PHC string for a new password.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(&Params::DEFAULT, move |memory| hash_with(memory, &password)).await?
    }

    /// Whether `password` matches `stored`; with no stored hash it still spends the time
    /// of a verification and answers `false`. A stored value that is not an argon2 hash we
    /// can check never matches. An empty one (an erased account's) is no hash at all: it
    /// costs the same time and never matches, as does [`siilo_domain::accounts::NO_PASSWORD`]
    /// (an account made by single sign-on).
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        let stored = stored.filter(|s| !s.is_empty() && s != siilo_domain::accounts::NO_PASSWORD);
        let known = stored.is_some();
        let Some(stored) = parse(stored.as_deref().unwrap_or_else(|| dummy_hash())) else {
            tracing::error!("a stored password hash is not an argon2 hash this server can check");
            return Ok(false);
        };
        let params = stored.params.clone();
        let ok = self.run(&params, move |memory| verify_with(memory, &password, &stored)).await?;
        Ok(ok && known)
    }

    /// Computes the dummy hash ahead of the first login with an unknown email.
    pub async fn warm_up(&self) -> Result<(), ApiError> {
        self.run(&Params::DEFAULT, |_| {
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

    #[tokio::test]
    async fn an_empty_stored_hash_never_verifies() {
        let p = Passwords::default();
        assert!(!p.verify(String::new(), Some(String::new())).await.unwrap());
        assert!(!p.verify("siilo: no account has this password".into(), Some(String::new())).await.unwrap());
    }

    #[tokio::test]
    async fn hashes_made_by_the_library_and_with_other_parameters_verify() {
        use argon2::password_hash::PasswordHasher;
        let p = Passwords::default();
        let library = Argon2::default().hash_password(b"kokeilu 2026").unwrap().to_string();
        assert!(p.verify("kokeilu 2026".into(), Some(library.clone())).await.unwrap());
        assert!(!p.verify("kokeilu 2027".into(), Some(library)).await.unwrap());
        let light = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(4096, 1, 1, None).unwrap());
        let light = light.hash_password(b"kevyt").unwrap().to_string();
        assert!(p.verify("kevyt".into(), Some(light)).await.unwrap());
        assert!(!p.verify("kevyt".into(), Some("$2b$12$not.an.argon2.hash".into())).await.unwrap());
    }

    #[tokio::test]
    async fn working_memory_is_kept_once_per_core_and_reused() {
        let p = Passwords::default();
        let hash = p.hash("muisti".into()).await.unwrap();
        let runs = (0..3 * p.cores).map(|_| p.verify("muisti".into(), Some(hash.clone())));
        assert!(futures_util::future::join_all(runs).await.into_iter().all(|r| r.unwrap()));
        let kept = p.memory.lock().unwrap();
        assert!(!kept.is_empty() && kept.len() <= p.cores, "{} buffers kept", kept.len());
        assert!(kept.iter().all(|b| b.len() == Params::DEFAULT.block_count()));
    }
}
