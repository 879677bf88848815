//! One-click unsubscribe links: every notification email and digest carries a token that
//! turns off (`delivery = off`) one kind of notification email, or all of them, for its
//! recipient, with no sign-in.
//!
//! A token is `<user id, 32 hex digits>.<kind, or all>.<tag>`, where the tag is base64url
//! HMAC-SHA256 over the two parts under a key derived from the JWT secret: it cannot be made
//! or changed without the secret, and it needs no expiry, since it can only ever turn email
//! off (which the profile turns back on). Every character is URL-safe.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use siilo_domain::UserId;
use siilo_domain::notifications::NotificationKind;
use uuid::Uuid;

/// Separates the unsubscribe key from other uses of the JWT secret.
const KEY_LABEL: &[u8] = b"siilo unsubscribe v1";

/// The longest token there is, well rounded up: 32 + 1 + the longest kind + 1 + 43.
pub const MAX_TOKEN_CHARS: usize = 128;

/// The web-client page that opens an unsubscribe link (`#token=`).
pub const UNSUBSCRIBE_PATH: &str = "/unsubscribe";

/// The API address that a mail client posts the one-click unsubscribe to (RFC 8058).
pub const UNSUBSCRIBE_API_PATH: &str = "/api/v1/email/unsubscribe";

/// What a token turns off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsubscribe {
    pub user: UserId,
    /// One kind, or `None` for every kind.
    pub kind: Option<NotificationKind>,
}

/// Signs and checks unsubscribe tokens.
#[derive(Clone)]
pub struct UnsubscribeKey(Hmac<Sha256>);

impl std::fmt::Debug for UnsubscribeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UnsubscribeKey(..)")
    }
}

impl UnsubscribeKey {
    /// HMAC-SHA256(secret, label): a tag of this key never doubles as another signature.
    pub fn derive(secret: &[u8]) -> Result<UnsubscribeKey, hmac::digest::InvalidLength> {
        crate::routes::pagination::derive_key(secret, KEY_LABEL).map(UnsubscribeKey)
    }

    fn mac(&self, body: &str) -> Hmac<Sha256> {
        let mut mac = self.0.clone();
        mac.update(body.as_bytes());
        mac
    }

    /// The token that turns off `what`.
    pub fn token(&self, what: Unsubscribe) -> String {
        let scope = what.kind.map_or("all", |k| k.into_str());
        let body = format!("{}.{scope}", what.user.0.simple());
        let tag = self.mac(&body).finalize().into_bytes();
        format!("{body}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    /// What a token this key made turns off; `None` for anything else (forged, changed, cut).
    pub fn verify(&self, token: &str) -> Option<Unsubscribe> {
        if token.len() > MAX_TOKEN_CHARS {
            return None;
        }
        let (body, tag) = token.rsplit_once('.')?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(body).verify_slice(&tag).ok()?;
        let (user, scope) = body.split_once('.')?;
        let user = Uuid::try_parse(user).ok()?;
        let kind = match scope {
            "all" => None,
            kind => Some(kind.parse().ok()?),
        };
        Some(Unsubscribe { user: user.into(), kind })
    }

    /// The web page that asks before it unsubscribes: `{public_url}/unsubscribe#token=…`.
    pub fn page(&self, public_url: &str, what: Unsubscribe) -> String {
        format!("{public_url}{UNSUBSCRIBE_PATH}#token={}", self.token(what))
    }

    /// The address of the `List-Unsubscribe` header, which a mail client posts to at once.
    pub fn one_click(&self, public_url: &str, what: Unsubscribe) -> String {
        format!("{public_url}{UNSUBSCRIBE_API_PATH}?token={}", self.token(what))
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    fn key() -> UnsubscribeKey {
        UnsubscribeKey::derive(b"a test secret of at least 32 bytes!!").unwrap()
    }

    #[test]
    fn a_token_says_whom_and_what_it_turns_off() {
        let user = UserId::new();
        for kind in NotificationKind::iter().map(Some).chain([None]) {
            let what = Unsubscribe { user, kind };
            let token = key().token(what);
            assert!(token.len() <= MAX_TOKEN_CHARS, "{token}");
            assert!(token.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)), "{token}");
            assert_eq!(key().verify(&token), Some(what));
        }
    }

    #[test]
    fn a_changed_or_foreign_token_is_refused() {
        let user = UserId::new();
        let token = key().token(Unsubscribe { user, kind: Some(NotificationKind::PilotUpdate) });
        // Another kind, or every kind, under the same tag.
        let widened = token.replacen("pilot_update", "all", 1);
        assert_eq!(key().verify(&widened), None);
        let other = UserId::new();
        let moved = token.replacen(&user.0.simple().to_string(), &other.0.simple().to_string(), 1);
        assert_eq!(key().verify(&moved), None);
        // Another server's key.
        let foreign = UnsubscribeKey::derive(b"another secret of at least 32 bytes!").unwrap();
        assert_eq!(foreign.verify(&token), None);
        for junk in ["", ".", "..", "all", &token[..token.len() - 1], &format!("{token}x"), &"a".repeat(500)]
        {
            assert_eq!(key().verify(junk), None, "{junk}");
        }
    }
}
