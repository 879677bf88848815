//! Access tokens: short-lived HS256 JWTs naming the user (`sub`) and the session (`sid`),
//! with the algorithm pinned. Refresh tokens: 256 random bits, handed out once and stored
//! only as a SHA-256 hash.

use std::path::Path;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use rand::RngExt;
use secrecy::{ExposeSecret, SecretSlice, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use siilo_domain::login_throttle::KNOWN_CLIENT_TTL;
use siilo_domain::{SessionId, UserId};
use uuid::Uuid;

use crate::error::{ApiError, AuthFailure};

const ISSUER: &str = "siilo";
/// Known-client tokens carry their own issuer and audience, so that neither kind of token
/// passes for the other.
const KNOWN_CLIENT_ISSUER: &str = "siilo-known-client";

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub jti: Uuid,
    pub iss: String,
}

/// A known-client token: this client signed in to the account `sub` with its password.
#[derive(Debug, Serialize, Deserialize)]
pub struct KnownClientClaims {
    pub sub: Uuid,
    /// Names the client's own lock-out bucket.
    pub jti: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

#[derive(Clone)]
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    known_client_validation: Validation,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
}

/// A new refresh token and the hash to store for it.
pub struct NewRefreshToken {
    pub token: String,
    pub hash: String,
}

impl Tokens {
    pub fn new(secret: &[u8], access_ttl: Duration, refresh_ttl: Duration) -> Tokens {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss"]);
        let mut known_client_validation = Validation::new(Algorithm::HS256);
        known_client_validation.leeway = 5;
        known_client_validation.set_issuer(&[KNOWN_CLIENT_ISSUER]);
        known_client_validation.set_audience(&[KNOWN_CLIENT_ISSUER]);
        known_client_validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        Tokens {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            known_client_validation,
            access_ttl,
            refresh_ttl,
        }
    }

    /// Signs an access token for a user's session.
    pub fn issue_access(
        &self,
        user: UserId,
        session: SessionId,
        now: DateTime<Utc>,
    ) -> Result<String, ApiError> {
        let ttl = i64::try_from(self.access_ttl.as_secs()).unwrap_or(i64::MAX);
        let claims = Claims {
            sub: user.0,
            sid: session.0,
            iat: now.timestamp(),
            exp: now.timestamp().saturating_add(ttl),
            jti: Uuid::now_v7(),
            iss: ISSUER.into(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    /// The claims of a token we signed that has not expired.
    pub fn verify_access(&self, token: &str) -> Result<Claims, AuthFailure> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map(|d| d.claims).map_err(
            |e| match e.kind() {
                ErrorKind::ExpiredSignature => AuthFailure::TokenExpired,
                _ => AuthFailure::InvalidToken,
            },
        )
    }

    /// Signs a known-client token for a client that has just proved the password of `user`
    /// (or holds a live session of it).
    pub fn issue_known_client(&self, user: UserId, now: DateTime<Utc>) -> Result<String, ApiError> {
        let ttl = i64::try_from(KNOWN_CLIENT_TTL.as_secs()).unwrap_or(i64::MAX);
        let claims = KnownClientClaims {
            sub: user.0,
            jti: Uuid::now_v7(),
            iat: now.timestamp(),
            exp: now.timestamp().saturating_add(ttl),
            iss: KNOWN_CLIENT_ISSUER.into(),
            aud: KNOWN_CLIENT_ISSUER.into(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    /// The claims of a known-client token we signed that has not expired; anything else
    /// is no token at all (the client is treated as unknown, never refused for it).
    pub fn verify_known_client(&self, token: &str) -> Option<KnownClientClaims> {
        jsonwebtoken::decode::<KnownClientClaims>(token, &self.decoding, &self.known_client_validation)
            .ok()
            .map(|d| d.claims)
    }

    pub fn new_refresh() -> NewRefreshToken {
        let bytes: [u8; 32] = rand::rng().random();
        let token = URL_SAFE_NO_PAD.encode(bytes);
        let hash = Self::hash_refresh(&token);
        NewRefreshToken { token, hash }
    }

    pub fn hash_refresh(token: &str) -> String {
        let digest = Sha256::digest(token.as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A new single-use email link token (confirm an address, reset a password): made and
    /// stored like a refresh token, 256 random bits of which only the SHA-256 hash is kept.
    pub fn new_link() -> NewRefreshToken {
        Self::new_refresh()
    }

    /// The stored hash of an email link token.
    pub fn hash_link(token: &str) -> String {
        Self::hash_refresh(token)
    }
}

/// The configured secret, or the one kept in `data_dir/jwt_secret`, generated on first use
/// and readable by its owner only. Held as a secret: zeroed when dropped, never printed.
pub fn load_or_create_secret(
    configured: Option<&SecretString>,
    data_dir: &Path,
) -> std::io::Result<SecretSlice<u8>> {
    if let Some(secret) = configured {
        return Ok(secret.expose_secret().as_bytes().to_vec().into());
    }
    let path = data_dir.join("jwt_secret");
    match std::fs::read_to_string(&path).map(SecretString::from) {
        Ok(s) if s.expose_secret().trim().len() >= 32 => {
            return Ok(s.expose_secret().trim().as_bytes().to_vec().into());
        }
        Ok(_) => {
            return Err(std::io::Error::other(format!("{} is shorter than 32 characters", path.display())));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    std::fs::create_dir_all(data_dir)?;
    let bytes: [u8; 48] = rand::rng().random();
    let secret = SecretString::from(URL_SAFE_NO_PAD.encode(bytes));
    write_owner_only(&path, secret.expose_secret())?;
    tracing::info!(path = %path.display(), "generated a new JWT secret");
    Ok(secret.expose_secret().as_bytes().to_vec().into())
}

#[cfg(unix)]
fn write_owner_only(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_owner_only(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> Tokens {
        Tokens::new(b"0123456789abcdef0123456789abcdef", Duration::from_secs(60), Duration::from_secs(3600))
    }

    #[test]
    fn an_issued_token_verifies() {
        let t = tokens();
        let (user, session) = (UserId::new(), SessionId::new());
        let jwt = t.issue_access(user, session, Utc::now()).unwrap();
        let claims = t.verify_access(&jwt).unwrap();
        assert_eq!((claims.sub, claims.sid), (user.0, session.0));
    }

    #[test]
    fn an_old_token_has_expired() {
        let t = tokens();
        let jwt = t
            .issue_access(UserId::new(), SessionId::new(), Utc::now() - chrono::TimeDelta::hours(1))
            .unwrap();
        assert_eq!(t.verify_access(&jwt).unwrap_err(), AuthFailure::TokenExpired);
    }

    #[test]
    fn another_secret_does_not_verify() {
        let other = Tokens::new(
            b"another secret of at least 32 bytes!",
            Duration::from_secs(60),
            Duration::from_secs(60),
        );
        let jwt = other.issue_access(UserId::new(), SessionId::new(), Utc::now()).unwrap();
        assert_eq!(tokens().verify_access(&jwt).unwrap_err(), AuthFailure::InvalidToken);
    }

    #[test]
    fn known_client_and_access_tokens_do_not_pass_for_each_other() {
        let t = tokens();
        let user = UserId::new();
        let known = t.issue_known_client(user, Utc::now()).unwrap();
        assert_eq!(t.verify_known_client(&known).map(|c| c.sub), Some(user.0));
        assert_eq!(t.verify_access(&known).unwrap_err(), AuthFailure::InvalidToken);
        let access = t.issue_access(user, SessionId::new(), Utc::now()).unwrap();
        assert!(t.verify_known_client(&access).is_none());
        let old = t.issue_known_client(user, Utc::now() - chrono::TimeDelta::days(181)).unwrap();
        assert!(t.verify_known_client(&old).is_none());
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let a = Tokens::new_refresh();
        let b = Tokens::new_refresh();
        assert_ne!(a.token, b.token);
        assert_eq!(a.hash, Tokens::hash_refresh(&a.token));
        assert_eq!(a.hash.len(), 64);
        assert_eq!(a.token.len(), 43);
    }

    #[test]
    fn a_generated_secret_is_kept_owner_only_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create_secret(None, dir.path()).unwrap();
        let second = load_or_create_secret(None, dir.path()).unwrap();
        assert_eq!(first.expose_secret(), second.expose_secret());
        assert!(first.expose_secret().len() >= 32);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("jwt_secret")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let configured = SecretString::from("configured-secret-configured-secret");
        assert_eq!(
            load_or_create_secret(Some(&configured), dir.path()).unwrap().expose_secret(),
            b"configured-secret-configured-secret"
        );
    }
}
