//! Email: the worker that sends what the outbox holds (`siilo_store::outbox`), through SMTP
//! or, when no server is configured, into the log.
//!
//! - [`render`]: an outbox row's template and payload become a [`RenderedEmail`] (subject,
//!   text, HTML) in the recipient's language, at send time; [`account`] renders the account
//!   emails, [`notifications`] the notification emails and digests, both in the shared
//!   [`layout`];
//! - [`message`]: the MIME message (multipart text + HTML, `Message-ID` from the outbox id);
//! - [`transport`]: SMTP (lettre, async) or the log;
//! - [`worker`]: claims due rows, sends them, marks them sent or schedules a retry, and runs
//!   the daily [`digest`] pass;
//! - [`unsubscribe`]: the signed one-click unsubscribe links of notification emails.

pub mod account;
pub mod digest;
pub mod layout;
pub mod message;
pub mod notifications;
pub mod transport;
pub mod unsubscribe;
pub mod worker;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use siilo_domain::UserId;
use siilo_domain::accounts::Language;
use siilo_domain::identity::MailTemplate;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::state::AppState;

pub use worker::MailWorker;

/// Wakes this instance's mail worker: call [`Mailer::wake`] after committing a transaction
/// that queued an email, so that it goes at once rather than at the next poll.
#[derive(Clone, Default)]
pub struct Mailer {
    notify: Arc<Notify>,
}

impl Mailer {
    pub fn wake(&self) {
        self.notify.notify_one();
    }

    /// Resolves at the next [`Mailer::wake`] (or at once, if one came since the last wait).
    pub async fn woken(&self) {
        self.notify.notified().await;
    }
}

/// An email ready to be put into a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    /// One line.
    pub subject: String,
    pub text: String,
    /// A whole HTML document; every text from users in it is escaped.
    pub html: String,
    /// The one-click unsubscribe address (`List-Unsubscribe` and `List-Unsubscribe-Post`
    /// headers), for notification emails.
    pub list_unsubscribe: Option<String>,
}

/// Why an outbox row did not become an email.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The row cannot become an email (its template is unknown, its payload lacks what the
    /// template needs): the worker gives it up at once, never retrying it.
    #[error("{0}")]
    Invalid(String),
    /// There is nothing to say any more (what the email was about is gone, a digest has
    /// nothing in it): the worker marks it done without sending it.
    #[error("{0}")]
    Obsolete(String),
    /// Rendering needed the database, which failed: the worker tries again later.
    #[error("database: {0}")]
    Db(#[from] siilo_store::DbErr),
}

/// What a template may know besides its payload.
pub struct RenderContext<'a> {
    /// The worker's state: its `db` is the worker's own handle on the pool, and its config
    /// holds `public_url`.
    pub state: &'a AppState,
    /// The outbox row being sent.
    pub outbox_id: Uuid,
    /// The account the email is for, if any.
    pub user_id: Option<UserId>,
    pub recipient: &'a str,
    pub language: Language,
    pub now: DateTime<Utc>,
}

impl RenderContext<'_> {
    /// Where users reach the web client (no trailing slash): links start with it.
    pub fn public_url(&self) -> &str {
        &self.state.config.public_url
    }
}

/// Renders an outbox row's `template` with its `payload` in the context's language.
pub async fn render(
    ctx: &RenderContext<'_>,
    template: MailTemplate,
    payload: &serde_json::Value,
) -> Result<RenderedEmail, RenderError> {
    let email = match template {
        MailTemplate::VerifyEmail
        | MailTemplate::ChangeEmail
        | MailTemplate::EmailChanged
        | MailTemplate::PasswordReset => account::render(ctx.public_url(), ctx.language, template, payload)?,
        MailTemplate::Notification => notifications::render_notification(ctx, payload).await?,
        MailTemplate::Digest => notifications::render_digest(ctx, payload).await?,
    };
    Ok(email.render())
}
