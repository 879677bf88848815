//! Structured logs with `tracing`: `RUST_LOG` filters (default `info`), and
//! `SIILO_LOG_FORMAT=json` switches to one JSON object a line for log shippers.

use tracing_actix_web::{DefaultRootSpanBuilder, TracingLogger};
use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let json = std::env::var("SIILO_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

/// The request logger: a span per request (its id, method, route and status) around what the
/// request logs. It adds no event of its own for an error answer: [`crate::error::ApiError`]
/// logs a refusal (4xx) at `debug` and a failure (5xx) at `error` with its cause. (With its
/// default `emit_event_on_error` feature, which Siilo turns off, tracing-actix-web logged every
/// 4xx as a WARN carrying the error's Debug form: a typo in a form is not a server warning.)
pub fn request_logger() -> TracingLogger<DefaultRootSpanBuilder> {
    TracingLogger::default()
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use actix_web::{App, HttpResponse, test, web};
    use tracing_subscriber::fmt::MakeWriter;

    use super::*;
    use crate::error::ApiError;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    impl Captured {
        fn take(&self) -> String {
            String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
        }
    }

    #[actix_web::test]
    async fn a_refused_request_is_no_warning_and_a_failed_one_is_an_error_with_its_cause() {
        let logs = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(logs.clone())
            .with_ansi(false)
            .with_env_filter(EnvFilter::new("info"))
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = test::init_service(
            App::new()
                .wrap(request_logger())
                .route(
                    "/refused",
                    web::get().to(|| async {
                        Err::<HttpResponse, _>(ApiError::field(
                            "title",
                            crate::error::ErrorCode::Length,
                            "at most 200 characters",
                        ))
                    }),
                )
                .route(
                    "/failed",
                    web::get().to(|| async { Err::<HttpResponse, _>(ApiError::internal("disk on fire")) }),
                ),
        )
        .await;

        let refused = test::call_service(&app, test::TestRequest::get().uri("/refused").to_request()).await;
        assert_eq!(refused.status(), 422);
        let logged = logs.take();
        assert!(
            !logged.contains("WARN") && !logged.contains("ERROR"),
            "a 422 logged at info or above: {logged}"
        );

        let failed = test::call_service(&app, test::TestRequest::get().uri("/failed").to_request()).await;
        assert_eq!(failed.status(), 500);
        let logged = logs.take();
        assert!(
            logged.contains("ERROR") && logged.contains("disk on fire"),
            "a 500 logged with its cause: {logged}"
        );
        assert!(!logged.contains("WARN"), "{logged}");
    }
}
