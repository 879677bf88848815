//! The old harness, kept as thin adapters over [`crate::util`] for the test files that are not
//! converted yet: `spawn!`, `TestApp`'s request helpers that answer a `reqwest::Response`,
//! `problem()` and `body()`. New tests use `crate::util` (actors and typed views) instead.

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

pub use crate::util::views::Problem;
pub use crate::util::{Db, PASSWORD, TestApp, User as Session, hours_from_now};
use crate::util::{call_body, proposal_body};

/// Spawns the app for a test case (`let app = spawn!(db);`); prefer `TestApp::spawn(db)`.
#[macro_export]
macro_rules! spawn {
    ($db:expr) => {
        $crate::util::TestApp::spawn($db).await
    };
    ($db:expr, $configure:expr) => {
        $crate::util::TestApp::spawn_with($db, $configure).await
    };
}

/// Reads a response as problem+json, checking the content type on the way.
pub async fn problem(res: Response) -> Problem {
    let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(ct, "application/problem+json", "status {}", res.status());
    let status = res.status().as_u16();
    let p: Problem = res.json().await.expect("a problem body");
    assert_eq!(p.status, status);
    assert_eq!(p.type_, "about:blank");
    assert!(!p.title.is_empty() && !p.detail.is_empty(), "a problem has a title and a detail: {p:?}");
    p
}

pub async fn body(res: Response) -> Value {
    res.json().await.expect("a JSON body")
}

impl TestApp {
    /// A request with an optional bearer token and JSON body.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.expect("the request is sent")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path, None, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.request(Method::POST, path, None, Some(body)).await
    }

    pub async fn register_raw(&self, body: Value) -> Response {
        self.post("/api/v1/auth/register", body).await
    }

    pub async fn login_raw(&self, email: &str, password: &str) -> Response {
        self.post("/api/v1/auth/login", json!({ "email": email, "password": password })).await
    }

    pub async fn get_as(&self, session: &Session, path: &str) -> Response {
        self.request(Method::GET, path, Some(&session.access_token), None).await
    }

    pub async fn send_as(&self, session: &Session, method: Method, path: &str, body: Value) -> Response {
        self.request(method, path, Some(&session.access_token), Some(body)).await
    }

    pub async fn me(&self, session: &Session) -> Response {
        self.get_as(session, "/api/v1/me").await
    }
}

/// A call as the old tests use it.
#[derive(Debug, Clone)]
pub struct CallFixture {
    pub id: String,
    pub slug: String,
    pub theme_ids: Vec<String>,
}

impl TestApp {
    /// Creates a call as `admin` with `overrides` merged into a valid body, and publishes it
    /// unless `overrides` says `"publish": false`. Its window is open now by default.
    pub async fn call_with(&self, admin: &Session, overrides: Value) -> CallFixture {
        let mut overrides = overrides;
        let publish = match &mut overrides {
            Value::Object(o) => o.remove("publish").map(|v| v.as_bool().unwrap_or(true)).unwrap_or(true),
            _ => true,
        };
        let res = self.send_as(admin, Method::POST, "/api/v1/calls", call_body(overrides)).await;
        assert_eq!(res.status(), StatusCode::CREATED, "creating a call");
        let call = self::body(res).await;
        let id = call["id"].as_str().unwrap().to_owned();
        if publish {
            let res =
                self.send_as(admin, Method::POST, &format!("/api/v1/calls/{id}/publish"), json!({})).await;
            assert_eq!(res.status(), StatusCode::OK, "publishing a call");
        }
        CallFixture {
            id,
            slug: call["slug"].as_str().unwrap().to_owned(),
            theme_ids: call["themes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_str().unwrap().to_owned())
                .collect(),
        }
    }

    /// A published call that is open now.
    pub async fn open_call(&self, admin: &Session) -> CallFixture {
        self.call_with(admin, json!({})).await
    }

    /// Moves a call's window, for example from open to voting: `set_window(admin, call, -48, -1, 24)`.
    pub async fn set_window(
        &self,
        admin: &Session,
        call: &CallFixture,
        opens: i64,
        closes: i64,
        voting_closes: i64,
    ) {
        let res = self
            .send_as(
                admin,
                Method::PATCH,
                &format!("/api/v1/calls/{}", call.id),
                json!({
                    "opens_at": hours_from_now(opens),
                    "submissions_close_at": hours_from_now(closes),
                    "voting_closes_at": hours_from_now(voting_closes),
                }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "moving the window");
    }

    /// Submits a proposal with `overrides` merged into a valid body; returns the response.
    pub async fn submit_raw(&self, author: &Session, call: &CallFixture, overrides: Value) -> Response {
        self.send_as(
            author,
            Method::POST,
            &format!("/api/v1/calls/{}/proposals", call.id),
            proposal_body(overrides),
        )
        .await
    }

    /// Submits a valid proposal and returns it.
    pub async fn submit(&self, author: &Session, call: &CallFixture) -> Value {
        let res = self.submit_raw(author, call, json!({})).await;
        assert_eq!(res.status(), StatusCode::CREATED, "submitting a proposal");
        body(res).await
    }
}
