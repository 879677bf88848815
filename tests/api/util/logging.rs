//! `TEST_LOG=1` prints the server's logs to the test output; `RUST_LOG` filters them
//! (default `info`). Without `TEST_LOG` the server logs nothing here.

use std::sync::Once;

static INIT: Once = Once::new();

/// Installs the subscriber once per test process, when `TEST_LOG` is set to anything but
/// `0` or empty.
pub fn init() {
    INIT.call_once(|| {
        if !std::env::var("TEST_LOG").is_ok_and(|v| !v.is_empty() && v != "0") {
            return;
        }
        let filter = tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
        // The test writer goes through libtest's capture: shown for failing tests, or with
        // `--nocapture`.
        let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
    });
}
