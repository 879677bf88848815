//! Cursor pagination: `limit` (1–100, default 20) and an opaque `cursor` from the previous
//! page's `next_cursor`. Cursors are base64url JSON that clients must not take apart.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Serialize, de::DeserializeOwned};
use utoipa::ToSchema;

use crate::error::ApiError;

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
        Some(_) => Err(ApiError::field("limit", "range", format!("must be between 1 and {MAX_LIMIT}"))),
    }
}

/// Cuts a page fetched with `limit + 1` rows down to `limit`, and returns the cursor of its
/// last item when the extra row showed that more follow.
pub fn cut<T, P: Serialize>(items: &mut Vec<T>, limit: u64, position: impl Fn(&T) -> P) -> Option<String> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let more = items.len() > limit;
    items.truncate(limit);
    if more { items.last().map(|last| encode(&position(last))) } else { None }
}

pub fn encode<T: Serialize>(position: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(position).unwrap_or_default())
}

pub fn decode<T: DeserializeOwned>(cursor: Option<&str>) -> Result<Option<T>, ApiError> {
    let Some(cursor) = cursor else { return Ok(None) };
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .map(Some)
        .ok_or_else(|| ApiError::field("cursor", "invalid_cursor", "is not a cursor this list gave out"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let id = uuid::Uuid::now_v7();
        assert_eq!(decode::<uuid::Uuid>(Some(&encode(&id))).unwrap(), Some(id));
        assert!(decode::<uuid::Uuid>(Some("not a cursor")).is_err());
        assert_eq!(decode::<uuid::Uuid>(None).unwrap(), None);
    }

    #[test]
    fn a_page_with_an_extra_row_has_a_cursor_to_its_last_item() {
        let mut more = vec![1, 2, 3];
        assert_eq!(cut(&mut more, 2, |n| *n), Some(encode(&2)));
        assert_eq!(more, vec![1, 2]);
        let mut last = vec![1, 2];
        assert_eq!(cut(&mut last, 2, |n| *n), None);
        assert_eq!(last, vec![1, 2]);
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(limit(None).unwrap(), 20);
        assert_eq!(limit(Some(100)).unwrap(), 100);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(101)).is_err());
    }
}
