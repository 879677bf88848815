//! The notification emails: one notification as it happens (`notification`
//! `{"notification_id"}`) and the day's notifications in one email (`digest`
//! `{"from": rfc3339 | null, "until": rfc3339}`), each with the one-click unsubscribe links
//! ([`super::layout::Unsubscribe`]).
//!
//! Not rendered yet on this branch: the notification-email work fills these in. Until then
//! such a row is given up (fail closed) rather than sent empty.

use super::layout::Email;
use super::{RenderContext, RenderError};

/// One notification, sent as it happens.
pub async fn render_notification(
    _ctx: &RenderContext<'_>,
    _payload: &serde_json::Value,
) -> Result<Email, RenderError> {
    Err(RenderError::Invalid("notification emails are not rendered yet".into()))
}

/// The notifications of a day in one email.
pub async fn render_digest(
    _ctx: &RenderContext<'_>,
    _payload: &serde_json::Value,
) -> Result<Email, RenderError> {
    Err(RenderError::Invalid("digest emails are not rendered yet".into()))
}
