//! Where messages go: an SMTP server (`SIILO_SMTP_URL`, through lettre's async transport,
//! so a send never blocks the runtime's threads), or, when none is configured, the log
//! (the recipient's domain, the template and the subject; never the body, which may hold a
//! link's token), so that `make run` needs no mail server.

use std::time::Duration;

use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::Config;

/// The longest one SMTP exchange (connecting, then each command) may take.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Log,
}

#[derive(Debug, thiserror::Error)]
#[error("SIILO_SMTP_URL: {0}")]
pub struct TransportError(String);

/// What the log says of an email that a [`Transport::Log`] "sends".
pub struct LogLine<'a> {
    pub outbox_id: uuid::Uuid,
    pub recipient: &'a str,
    pub template: &'a str,
    pub subject: &'a str,
}

impl Transport {
    pub fn from_config(config: &Config) -> Result<Transport, TransportError> {
        let Some(url) = &config.smtp_url else { return Ok(Transport::Log) };
        // The error never repeats the URL: it may hold a password.
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
            .map_err(|e| TransportError(format!("not an SMTP URL (smtp://host:port, smtps://…): {e}")))?;
        Ok(Transport::Smtp(builder.timeout(Some(SMTP_TIMEOUT)).build()))
    }

    pub fn is_log(&self) -> bool {
        matches!(self, Transport::Log)
    }

    /// Sends `message`; `Err` says why the server did not take it (to be tried again).
    pub async fn send(&self, message: Message, log: LogLine<'_>) -> Result<(), String> {
        match self {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Log => {
                let domain = log.recipient.rsplit_once('@').map_or("", |(_, d)| d);
                tracing::info!(
                    outbox_id = %log.outbox_id,
                    recipient_domain = domain,
                    template = log.template,
                    subject = log.subject,
                    "no SMTP server (SIILO_SMTP_URL): this email is only logged, and counts as sent"
                );
                Ok(())
            }
        }
    }
}
