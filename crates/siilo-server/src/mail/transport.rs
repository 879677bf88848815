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

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use lettre::message::Mailbox;
    use siilo_domain::accounts::Language;

    use super::*;
    use crate::mail::RenderedEmail;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn without_a_server_the_log_names_the_domain_template_and_subject_but_never_the_body() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let from: Mailbox = "siilo@example.fi".parse().unwrap();
        let email = RenderedEmail {
            subject: "Vaihda Siilo-salasanasi".into(),
            text: "https://siilo.test/reset-password#token=SECRET-TOKEN".into(),
            html: "<a href=\"https://siilo.test/reset-password#token=SECRET-TOKEN\">x</a>".into(),
            list_unsubscribe: None,
        };
        let id = uuid::Uuid::now_v7();
        let message = crate::mail::message::build(
            id,
            &from,
            "maija.meikalainen@vm.fi",
            Language::Fi,
            &email,
            std::time::SystemTime::now(),
        )
        .unwrap();
        let line = LogLine {
            outbox_id: id,
            recipient: "maija.meikalainen@vm.fi",
            template: "password_reset",
            subject: &email.subject,
        };

        Transport::Log.send(message, line).await.unwrap();

        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(
            log.contains("recipient_domain=\"vm.fi\"") || log.contains("recipient_domain=vm.fi"),
            "{log}"
        );
        assert!(log.contains("password_reset") && log.contains("Vaihda Siilo-salasanasi"), "{log}");
        assert!(log.contains(&id.to_string()), "{log}");
        assert!(!log.contains("SECRET-TOKEN") && !log.contains("maija.meikalainen"), "{log}");
    }

    // The SMTP transport's connection pool runs on the runtime.
    #[tokio::test]
    async fn a_configured_server_is_smtp_and_none_is_the_log() {
        let mut config = crate::config::Config::from_vars(&Default::default()).unwrap();
        assert!(Transport::from_config(&config).unwrap().is_log());
        config.smtp_url = Some("smtp://127.0.0.1:2525".to_owned().into());
        assert!(!Transport::from_config(&config).unwrap().is_log());
        // TLS (rustls with its own crypto provider): STARTTLS and TLS from the start.
        for url in ["smtp://mail.example.fi?tls=required", "smtps://user:pass%40word@mail.example.fi"] {
            config.smtp_url = Some(url.to_owned().into());
            assert!(!Transport::from_config(&config).unwrap().is_log(), "{url}");
        }
        config.smtp_url = Some("not a url with a s3cret".to_owned().into());
        let error = Transport::from_config(&config).err().unwrap().to_string();
        assert!(error.starts_with("SIILO_SMTP_URL: ") && !error.contains("s3cret"), "{error}");
    }
}
