//! Cursor pagination: `limit` (1–100, default 20) and an opaque `cursor` from the previous
//! page's `next_cursor`.
//!
//! A cursor is client input, so it is tamper-evident: base64url JSON of the position, a dot,
//! and an HMAC-SHA256 tag over the list it belongs to (`proposals:<call id>`, …) and that
//! JSON, under a key derived from the JWT secret. A cursor that was edited, forged, or given
//! out by another list is refused as `invalid_cursor` before any of it is used.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Serialize, de::DeserializeOwned};
use sha2::Sha256;
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorCode, FieldError};

/// The longest cursor the server gives out is far below this; longer ones are not parsed.
pub const MAX_CURSOR_CHARS: usize = 512;

/// Separates the cursor key from other uses of the JWT secret.
const KEY_LABEL: &[u8] = b"siilo list cursor v1";

/// Signs and checks cursors.
/// A key of its own for one use of the server's secret: HMAC-SHA256(secret, label), so that a
/// tag made with it never doubles as a token signature or another use's tag.
pub(crate) fn derive_key(secret: &[u8], label: &[u8]) -> Result<Hmac<Sha256>, hmac::digest::InvalidLength> {
    let mut kdf = Hmac::<Sha256>::new_from_slice(secret)?;
    kdf.update(label);
    Hmac::<Sha256>::new_from_slice(&kdf.finalize().into_bytes())
}

#[derive(Clone)]
pub struct CursorKey(Hmac<Sha256>);

impl std::fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorKey(..)")
    }
}

impl CursorKey {
    /// The key of this server's cursors: HMAC-SHA256(secret, label), so that a cursor tag
    /// never doubles as a token signature.
    pub fn derive(secret: &[u8]) -> Result<CursorKey, hmac::digest::InvalidLength> {
        derive_key(secret, KEY_LABEL).map(CursorKey)
    }

    fn mac(&self, list: &str, payload: &[u8]) -> Hmac<Sha256> {
        let mut mac = self.0.clone();
        mac.update(list.as_bytes());
        mac.update(&[0]);
        mac.update(payload);
        mac
    }
}

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// How many items match the filters in all.
    pub total: Option<u64>,
}

pub fn limit(raw: Option<u64>) -> Result<u64, ApiError> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::Validation(vec![
            FieldError::new("limit", ErrorCode::Range, format!("must be between 1 and {MAX_LIMIT}"))
                .limits(Some(1), i64::try_from(MAX_LIMIT).ok()),
        ])),
    }
}

/// Cuts a page fetched with `limit + 1` rows down to `limit`, and returns the cursor of its
/// last item when the extra row showed that more follow.
pub fn cut<T, P: Serialize>(
    items: &mut Vec<T>,
    limit: u64,
    key: &CursorKey,
    list: &str,
    position: impl Fn(&T) -> P,
) -> Option<String> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let more = items.len() > limit;
    items.truncate(limit);
    if more { items.last().map(|last| encode(key, list, &position(last))) } else { None }
}

/// The cursor of `position` in `list`.
pub fn encode<T: Serialize>(key: &CursorKey, list: &str, position: &T) -> String {
    let payload = serde_json::to_vec(position).unwrap_or_default();
    let tag = key.mac(list, &payload).finalize().into_bytes();
    format!("{}.{}", URL_SAFE_NO_PAD.encode(&payload), URL_SAFE_NO_PAD.encode(tag))
}

/// The position a cursor of `list` holds; `invalid_cursor` for anything this server did not
/// give out for this list.
pub fn decode<T: DeserializeOwned>(
    key: &CursorKey,
    list: &str,
    cursor: Option<&str>,
) -> Result<Option<T>, ApiError> {
    let Some(cursor) = cursor else { return Ok(None) };
    verified(key, list, cursor)
        .and_then(|payload| serde_json::from_slice(&payload).ok())
        .map(Some)
        .ok_or_else(invalid)
}

fn verified(key: &CursorKey, list: &str, cursor: &str) -> Option<Vec<u8>> {
    if cursor.len() > MAX_CURSOR_CHARS {
        return None;
    }
    let (payload, tag) = cursor.split_once('.')?;
    let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
    key.mac(list, &payload).verify_slice(&tag).ok()?;
    Some(payload)
}

/// The refusal of a cursor, whatever is wrong with it.
pub fn invalid() -> ApiError {
    ApiError::field("cursor", ErrorCode::InvalidCursor, "is not a cursor this list gave out")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CursorKey {
        CursorKey::derive(b"a test secret of at least 32 bytes!!").unwrap()
    }

    #[test]
    fn cursors_round_trip() {
        let id = uuid::Uuid::now_v7();
        assert_eq!(
            decode::<uuid::Uuid>(&key(), "users", Some(&encode(&key(), "users", &id))).unwrap(),
            Some(id)
        );
        assert!(decode::<uuid::Uuid>(&key(), "users", Some("not a cursor")).is_err());
        assert_eq!(decode::<uuid::Uuid>(&key(), "users", None).unwrap(), None);
    }

    #[test]
    fn a_cursor_only_works_unchanged_for_its_own_list_and_key() {
        let cursor = encode(&key(), "comments:1", &7_u64);
        assert!(decode::<u64>(&key(), "comments:2", Some(&cursor)).is_err());
        let other = CursorKey::derive(b"another secret of at least 32 bytes").unwrap();
        assert!(decode::<u64>(&other, "comments:1", Some(&cursor)).is_err());
        let (_, tag) = cursor.split_once('.').unwrap();
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(b"8"));
        assert!(decode::<u64>(&key(), "comments:1", Some(&forged)).is_err());
        let unsigned = URL_SAFE_NO_PAD.encode(b"7");
        assert!(decode::<u64>(&key(), "comments:1", Some(&unsigned)).is_err());
        assert!(decode::<u64>(&key(), "comments:1", Some(&"A".repeat(MAX_CURSOR_CHARS + 1))).is_err());
    }

    #[test]
    fn a_page_with_an_extra_row_has_a_cursor_to_its_last_item() {
        let mut more = vec![1, 2, 3];
        assert_eq!(cut(&mut more, 2, &key(), "l", |n| *n), Some(encode(&key(), "l", &2)));
        assert_eq!(more, vec![1, 2]);
        let mut last = vec![1, 2];
        assert_eq!(cut(&mut last, 2, &key(), "l", |n| *n), None);
        assert_eq!(last, vec![1, 2]);
    }

    #[test]
    fn the_contract_states_the_cursor_length_the_server_takes() {
        let doc = serde_json::to_value(crate::openapi::document()).unwrap();
        let mut cursors = 0;
        for item in doc["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                for param in op["parameters"].as_array().into_iter().flatten() {
                    if param["name"] == "cursor" {
                        cursors += 1;
                        assert_eq!(param["schema"]["maxLength"], MAX_CURSOR_CHARS, "{param}");
                    }
                }
            }
        }
        assert_eq!(cursors, 11, "every paginated list takes a cursor");
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(limit(None).unwrap(), 20);
        assert_eq!(limit(Some(100)).unwrap(), 100);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(101)).is_err());
    }
}
