//! The OpenID Connect provider of the single sign-on tests: `tools/oidc-test-provider` (the
//! `oidc-provider` library on Node.js), one process per test, stopped when dropped.
//!
//! ```ignore
//! let provider = OidcProvider::start().await;
//! let app = TestApp::spawn_with(db, |c| provider.configure(c)).await;
//! let url = app.anon().post("/api/v1/auth/sso/start", &json!({})).await.good::<Value>()["authorization_url"];
//! let back = provider.sign_in(url, "maija@vm.fi").await;   // drives its login form
//! app.anon().post("/api/v1/auth/sso/callback", &json!({"code": back.code(), "state": back.state()}))
//! ```

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::{StatusCode, Url};
use siilo_server::Config;
use siilo_server::config::OidcConfig;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};

pub const CLIENT_ID: &str = "siilo-test";
pub const CLIENT_SECRET: &str = "siilo-test-secret-0123456789";
/// The web client's address in these tests: the provider sends the browser back to
/// `{PUBLIC_URL}/sso/callback`, which the tests read from its redirect and never open.
pub const PUBLIC_URL: &str = "http://siilo.test";

fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/oidc-test-provider")
}

pub struct OidcProvider {
    /// `http://127.0.0.1:<port>`.
    pub issuer: String,
    http: reqwest::Client,
    stderr: Arc<Mutex<String>>,
    _child: Child,
}

/// Where the provider sent the browser back: the query of the redirect to
/// `{PUBLIC_URL}/sso/callback`.
#[derive(Debug, Clone)]
pub struct Redirect(pub HashMap<String, String>);

impl Redirect {
    pub fn code(&self) -> &str {
        self.0.get("code").unwrap_or_else(|| panic!("no code in the redirect: {:?}", self.0))
    }

    pub fn state(&self) -> &str {
        self.0.get("state").unwrap_or_else(|| panic!("no state in the redirect: {:?}", self.0))
    }
}

impl OidcProvider {
    /// Starts the provider on a free port, with Siilo's test client.
    pub async fn start() -> OidcProvider {
        let dir = provider_dir();
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "the OIDC test provider is not installed: run `make tools/oidc-test-provider/node_modules/.package-lock.json` \
             (npm ci in tools/oidc-test-provider)"
        );
        let mut child = Command::new("node")
            .current_dir(&dir)
            .arg("server.mjs")
            .args(["--port", "0", "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET])
            .args(["--redirect-uri", &format!("{PUBLIC_URL}/sso/callback")])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs tools/oidc-test-provider/server.mjs");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().expect("stderr");
        let kept = Arc::clone(&stderr);
        tokio::spawn(async move {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                kept.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await;
        let issuer = match first {
            Ok(Ok(Some(line))) if line.starts_with("listening ") => line["listening ".len()..].to_owned(),
            other => panic!("the OIDC test provider did not start ({other:?}): {}", stderr.lock().unwrap()),
        };
        // Its later output is not needed; keep the pipe drained.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        OidcProvider { issuer, http, stderr, _child: child }
    }

    /// Points the app's single sign-on at this provider, with [`PUBLIC_URL`].
    pub fn configure(&self, config: &mut Config) {
        config.public_url = PUBLIC_URL.to_owned();
        config.oidc = Some(OidcConfig {
            issuer: self.issuer.clone(),
            client_id: CLIENT_ID.to_owned(),
            client_secret: CLIENT_SECRET.to_owned().into(),
            display_name: "Testitunnistus".to_owned(),
        });
    }

    /// A new signing key; the old one leaves the key set.
    pub async fn rotate_keys(&self) {
        self.control("/test/rotate-keys").await;
    }

    /// ID tokens issued from now on expire `seconds` after they are issued (0: at once).
    pub async fn set_id_token_ttl(&self, seconds: i64) {
        self.control(&format!("/test/id-token-ttl?seconds={seconds}")).await;
    }

    async fn control(&self, path: &str) {
        let res =
            self.http.post(format!("{}{path}", self.issuer)).send().await.expect("the provider answers");
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
    }

    /// Opens `authorization_url` in a new browser (a fresh cookie jar), signs in on the
    /// provider's form as `login` (any password), and returns where the provider sent the
    /// browser back.
    pub async fn sign_in(&self, authorization_url: &str, login: &str) -> Redirect {
        let browser = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let action = regex::Regex::new(r#"<form[^>]*action="([^"]+)""#).unwrap();
        let mut url = Url::parse(authorization_url).expect("an absolute authorization URL");
        let mut form_sent = false;
        for _ in 0..10 {
            if url.as_str().starts_with(&format!("{PUBLIC_URL}/")) {
                return Redirect(url.query_pairs().into_owned().collect());
            }
            let res = browser.get(url.clone()).send().await.expect("the provider answers");
            let status = res.status();
            if status.is_redirection() {
                url = next(&url, &res);
                continue;
            }
            let body = res.text().await.unwrap_or_default();
            let target = match action.captures(&body) {
                Some(c) if status == StatusCode::OK && !form_sent => c[1].replace("&amp;", "&"),
                _ => {
                    panic!("the provider answered {status} at {url}: {body}\n{}", self.stderr.lock().unwrap())
                }
            };
            let target = url.join(&target).expect("the form's action");
            let res = browser
                .post(target.clone())
                .form(&[("prompt", "login"), ("login", login), ("password", "any password")])
                .send()
                .await
                .expect("the provider answers");
            assert!(res.status().is_redirection(), "signing in at {target}: {}", res.status());
            form_sent = true;
            url = next(&target, &res);
        }
        panic!("no redirect back to {PUBLIC_URL} after ten steps (last {url})");
    }
}

fn next(from: &Url, res: &reqwest::Response) -> Url {
    let location = res
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_else(|| panic!("a redirect without a location from {from}"));
    from.join(location).expect("a location that resolves")
}

/// `url` with its query parameter `name` set to `value` (to tamper with a request).
pub fn with_query_param(url: &str, name: &str, value: &str) -> String {
    let mut url = Url::parse(url).expect("a URL");
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .map(|(k, v)| if k == name { (k, value.to_owned()) } else { (k, v) })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.into()
}
