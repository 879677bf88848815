//! An SMTP server for the tests that read the emails the app sends: `tools/smtp_sink.py`
//! (aiosmtpd, in the project's `.venv`: `make venv`), one process per sink, each message a
//! JSON file in the sink's own folder.
//!
//! ```ignore
//! let sink = MailSink::start().await;
//! let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
//! // … something that queues an email to maija@vm.fi …
//! let mail = sink.wait_for(|m| m.is_to("maija@vm.fi")).await;
//! let token = mail.token("/verify-email");
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Where the emails' links point (`SIILO_PUBLIC_URL` of [`super::TestApp::spawn_with_mail`]).
pub const PUBLIC_URL: &str = "https://siilo.test";

/// How long [`MailSink::wait_for`] waits before it fails the test.
pub const MAIL_TIMEOUT: Duration = Duration::from_secs(15);

/// One received message, as the sink wrote it.
#[derive(Debug, Clone, Deserialize)]
pub struct Mail {
    /// The envelope's sender.
    pub mail_from: String,
    /// The envelope's recipients.
    pub rcpt_tos: Vec<String>,
    pub subject: String,
    /// Lower-case names; decoded values.
    pub headers: HashMap<String, String>,
    pub text: Option<String>,
    pub html: Option<String>,
}

impl Mail {
    /// Whether `address` is among the envelope's recipients.
    pub fn is_to(&self, address: &str) -> bool {
        self.rcpt_tos.iter().any(|r| r.eq_ignore_ascii_case(address))
    }

    /// A header's value (`name` in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    pub fn text(&self) -> &str {
        self.text.as_deref().expect("the email has a plain-text part")
    }

    pub fn html(&self) -> &str {
        self.html.as_deref().expect("the email has an HTML part")
    }

    /// Every URL in the plain-text part, in order.
    pub fn links(&self) -> Vec<String> {
        let Some(text) = &self.text else { return Vec::new() };
        text.split(|c: char| c.is_whitespace() || c == '<' || c == '>')
            .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
            .map(|w| w.trim_end_matches(['.', ',', ')']).to_owned())
            .collect()
    }

    /// The first URL in the plain-text part that contains `path` (such as
    /// `"/verify-email"`); fails the test when there is none.
    pub fn link(&self, path: &str) -> String {
        self.links().into_iter().find(|l| l.contains(path)).unwrap_or_else(|| {
            panic!("no link with {path:?} in the email {:?}:\n{}", self.subject, self.text())
        })
    }

    /// The token of the link to `path` (`…#token=<token>`), percent-decoded.
    pub fn token(&self, path: &str) -> String {
        let link = self.link(path);
        let (_, token) = link.split_once("#token=").unwrap_or_else(|| panic!("no #token= in {link}"));
        percent_decode(token)
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("a UTF-8 token")
}

/// A running `tools/smtp_sink.py`; stopped when dropped.
pub struct MailSink {
    port: u16,
    child: Child,
    dir: tempfile::TempDir,
}

/// The workspace's root (this crate is `tests/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_owned()
}

impl MailSink {
    /// Starts a sink on a free port.
    pub async fn start() -> MailSink {
        Self::start_on(0).await
    }

    /// Starts a sink on `port` (0: a free one), such as a port an app was configured with
    /// before any server listened there.
    pub async fn start_on(port: u16) -> MailSink {
        let root = root();
        let python = root.join(".venv/bin/python");
        assert!(
            python.exists(),
            "{} is missing: run `make venv` (the SMTP sink needs aiosmtpd)",
            python.display()
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(&python)
            .arg(root.join("tools/smtp_sink.py"))
            .args(["--dir".as_ref(), dir.path().as_os_str()])
            .args(["--port", &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("starting tools/smtp_sink.py");
        let stdout = child.stdout.take().expect("the sink's stdout");
        let mut lines = BufReader::new(stdout).lines();
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("the SMTP sink starts within 30 s")
            .expect("reading the sink's stdout")
            .expect("the sink says where it listens");
        let port = line
            .strip_prefix("listening ")
            .and_then(|a| a.rsplit_once(':'))
            .and_then(|(_, p)| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line from the sink: {line:?}"));
        MailSink { port, child, dir }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `smtp://127.0.0.1:<port>` (no TLS), for `SIILO_SMTP_URL`.
    pub fn smtp_url(&self) -> String {
        smtp_url(self.port)
    }

    /// Every message received so far, in the order received.
    pub fn messages(&self) -> Vec<Mail> {
        read_dir(self.dir.path())
    }

    /// The first message that `matches`, waiting for it up to [`MAIL_TIMEOUT`]; fails the
    /// test if none comes.
    pub async fn wait_for(&self, matches: impl Fn(&Mail) -> bool) -> Mail {
        self.wait_until(MAIL_TIMEOUT, |all| all.iter().find(|m| matches(m)).cloned()).await.unwrap_or_else(
            || panic!("no matching email within {MAIL_TIMEOUT:?}; received: {:#?}", self.messages()),
        )
    }

    /// Waits up to `timeout` for at least `n` messages and returns all received by then.
    pub async fn wait_for_count(&self, n: usize, timeout: Duration) -> Vec<Mail> {
        self.wait_until(timeout, |all| (all.len() >= n).then(|| all.to_vec())).await.unwrap_or_else(|| {
            panic!("{n} emails expected within {timeout:?}; received {}", self.messages().len())
        })
    }

    /// Asserts that no message that `matches` arrives within `quiet`.
    pub async fn assert_none(&self, quiet: Duration, matches: impl Fn(&Mail) -> bool) {
        let found = self.wait_until(quiet, |all| all.iter().find(|m| matches(m)).cloned()).await;
        assert!(found.is_none(), "an unexpected email arrived: {found:#?}");
    }

    async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut done: impl FnMut(&[Mail]) -> Option<T>,
    ) -> Option<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(found) = done(&self.messages()) {
                return Some(found);
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops the sink: later sends fail (connection refused) until a sink listens again.
    pub async fn stop(mut self) -> u16 {
        let _ = self.child.kill().await;
        self.port
    }
}

/// `smtp://127.0.0.1:<port>` (no TLS).
pub fn smtp_url(port: u16) -> String {
    format!("smtp://127.0.0.1:{port}")
}

/// A port where nothing listens now (bound, then released at once).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

fn read_dir(dir: &Path) -> Vec<Mail> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the sink's folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("a message file");
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect()
}
