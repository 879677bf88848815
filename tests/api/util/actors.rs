//! Actors: each sends its own requests, with its own bearer token or none.
//!
//! [`Client`] has the verbs; [`Anon`] and [`User`] dereference to it, so `alice.get(path)`
//! and `app.anon().post(path, &body)` read as what happens.

use std::ops::Deref;

use reqwest::Method;
use serde::Serialize;
use uuid::Uuid;

use super::response::Response;
use super::views::TokenPair;

/// Sends requests to the app under test, with a bearer token or without.
#[derive(Debug, Clone)]
pub struct Client {
    address: String,
    http: reqwest::Client,
    token: Option<String>,
}

impl Client {
    pub(super) fn new(address: String, http: reqwest::Client, token: Option<String>) -> Client {
        Client { address, http, token }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A request to finish with headers or a body of one's own, then `.send()`.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut inner = self.http.request(method.clone(), self.url(path));
        if let Some(token) = &self.token {
            inner = inner.bearer_auth(token);
        }
        RequestBuilder { what: format!("{method} {path}"), inner }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.request(Method::DELETE, path).send().await
    }

    pub async fn post(&self, path: &str, body: &impl Serialize) -> Response {
        self.request(Method::POST, path).json(body).send().await
    }

    pub async fn put(&self, path: &str, body: &impl Serialize) -> Response {
        self.request(Method::PUT, path).json(body).send().await
    }

    pub async fn patch(&self, path: &str, body: &impl Serialize) -> Response {
        self.request(Method::PATCH, path).json(body).send().await
    }

    /// `POST` without a body.
    pub async fn post_empty(&self, path: &str) -> Response {
        self.request(Method::POST, path).send().await
    }

    /// `PUT` without a body.
    pub async fn put_empty(&self, path: &str) -> Response {
        self.request(Method::PUT, path).send().await
    }
}

/// A request being built by a [`Client`].
pub struct RequestBuilder {
    what: String,
    inner: reqwest::RequestBuilder,
}

impl RequestBuilder {
    pub fn json(self, body: &impl Serialize) -> RequestBuilder {
        RequestBuilder { inner: self.inner.json(body), ..self }
    }

    /// A raw body, sent as it is (set `content-type` with [`RequestBuilder::header`]).
    pub fn body(self, body: impl Into<reqwest::Body>) -> RequestBuilder {
        RequestBuilder { inner: self.inner.body(body), ..self }
    }

    pub fn header(self, name: &str, value: &str) -> RequestBuilder {
        RequestBuilder { inner: self.inner.header(name, value), ..self }
    }

    pub async fn send(self) -> Response {
        let res = self.inner.send().await.expect("the request is sent");
        Response::read(self.what, res).await
    }
}

/// Someone who has not signed in.
#[derive(Debug, Clone)]
pub struct Anon {
    client: Client,
}

impl Anon {
    pub(super) fn new(client: Client) -> Anon {
        Anon { client }
    }
}

impl Deref for Anon {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

/// A signed-in user: their token pair and account, and a client that sends the access token.
/// (The old `Session`: the fields are what the sign-in answered and do not change.)
#[derive(Debug, Clone)]
pub struct User {
    pub access_token: String,
    pub refresh_token: String,
    pub user_id: Uuid,
    pub email: String,
    client: Client,
}

impl User {
    pub(super) fn new(client: Client, tokens: &TokenPair) -> User {
        User {
            access_token: tokens.access_token.clone(),
            refresh_token: tokens.refresh_token.clone(),
            user_id: tokens.user.id,
            email: tokens.user.email.clone(),
            client,
        }
    }
}

impl Deref for User {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}
