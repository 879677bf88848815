//! Per-resource helpers: what a test does on the way to what it tests. Each is sent by the
//! actor it is called on and asserts success where it returns a view; the `_with` forms
//! return the [`Response`] as it is.

use serde_json::{Value, json};
use uuid::Uuid;

use super::actors::Client;
use super::response::Response;
use super::views::{Call, Comment, Organisation, Page, Proposal, ProposalPage, ThumbState};

/// A time `h` hours from now (negative: ago), as RFC 3339, for call windows.
pub fn hours_from_now(h: i64) -> String {
    (chrono::Utc::now() + chrono::TimeDelta::hours(h)).to_rfc3339()
}

/// A valid `POST /calls/{id}/proposals` body with `overrides` merged in.
pub fn proposal_body(overrides: Value) -> Value {
    let mut body = json!({
        "title": "Yhteinen avustusrekisteri",
        "summary": "Kootaan ministeriöiden avustukset yhteen rekisteriin.",
        "challenge": "Avustustiedot ovat **hajallaan**.",
        "idea": "Kokeillaan yhteistä rekisteriä kolmen ministeriön kesken.",
    });
    merge(&mut body, overrides);
    body
}

/// A valid `POST /calls` body (a fresh slug, open from an hour ago) with `overrides` merged in.
pub fn call_body(overrides: Value) -> Value {
    let slug = format!("haku-{}", &Uuid::now_v7().simple().to_string()[20..]);
    let mut body = json!({
        "slug": slug,
        "title": { "fi": "Siilonmurtajat", "sv": "Silobrytarna", "en": "Silo breakers" },
        "description": { "fi": "Kokeiluja yli hallinnonrajojen." },
        "opens_at": hours_from_now(-1),
        "submissions_close_at": hours_from_now(24),
        "voting_closes_at": hours_from_now(48),
        "themes": [ { "name": { "fi": "Digitaaliset palvelut" } }, { "name": { "fi": "Yhteiset hankinnat" } } ],
    });
    merge(&mut body, overrides);
    body
}

fn merge(body: &mut Value, overrides: Value) {
    if let (Value::Object(body), Value::Object(overrides)) = (body, overrides) {
        body.extend(overrides);
    }
}

impl Client {
    /// Creates a call with `overrides` merged into [`call_body`] and publishes it, unless
    /// `overrides` says `"publish": false`. An admin's (or a call manager's) act.
    pub async fn call_with(&self, overrides: Value) -> Call {
        let mut overrides = overrides;
        let publish = match &mut overrides {
            Value::Object(o) => o.remove("publish").and_then(|v| v.as_bool()).unwrap_or(true),
            _ => true,
        };
        let res = self.post("/api/v1/calls", &call_body(overrides)).await;
        let call: Call = res.created();
        if !publish {
            return call;
        }
        self.post(&format!("/api/v1/calls/{}/publish", call.id), &json!({})).await.ok()
    }

    /// A published call that is open now.
    pub async fn open_call(&self) -> Call {
        self.call_with(json!({})).await
    }

    /// Moves a call's window, in hours from now: from open to voting is
    /// `set_window(&call, -48, -1, 24)`.
    pub async fn set_window(&self, call: &Call, opens: i64, closes: i64, voting_closes: i64) -> Call {
        let change = json!({
            "opens_at": hours_from_now(opens),
            "submissions_close_at": hours_from_now(closes),
            "voting_closes_at": hours_from_now(voting_closes),
        });
        self.patch(&format!("/api/v1/calls/{}", call.id), &change).await.ok()
    }

    /// Submits [`proposal_body`]`(overrides)` to `call`, answering as it does.
    pub async fn submit_with(&self, call: &Call, overrides: Value) -> Response {
        self.post(&format!("/api/v1/calls/{}/proposals", call.id), &proposal_body(overrides)).await
    }

    /// Submits a valid proposal to `call`; it must be created.
    pub async fn submit(&self, call: &Call) -> Proposal {
        self.submit_with(call, json!({})).await.created()
    }

    /// `GET /proposals/{id}`, which must succeed.
    pub async fn proposal(&self, id: &str) -> Proposal {
        self.get(&format!("/api/v1/proposals/{id}")).await.ok()
    }

    /// `POST /proposals/{id}/withdraw`, answering as it does.
    pub async fn withdraw(&self, id: &str) -> Response {
        self.post(&format!("/api/v1/proposals/{id}/withdraw"), &json!({})).await
    }

    /// `PUT /proposals/{id}/thumb`, answering as it does.
    pub async fn thumb(&self, proposal: &str) -> Response {
        self.put_empty(&format!("/api/v1/proposals/{proposal}/thumb")).await
    }

    /// `DELETE /proposals/{id}/thumb`, answering as it does.
    pub async fn unthumb(&self, proposal: &str) -> Response {
        self.delete(&format!("/api/v1/proposals/{proposal}/thumb")).await
    }

    /// Thumbs `proposal`, which must succeed (200).
    pub async fn thumbed(&self, proposal: &str) -> ThumbState {
        self.thumb(proposal).await.ok()
    }

    /// Comments on `proposal` (or replies to `parent`), answering as it does.
    pub async fn comment_with(&self, proposal: &str, body: &str, parent: Option<&str>) -> Response {
        let mut req = json!({ "body": body });
        if let Some(parent) = parent {
            req["parent_id"] = json!(parent);
        }
        self.post(&format!("/api/v1/proposals/{proposal}/comments"), &req).await
    }

    /// Comments on `proposal`; it must be created.
    pub async fn comment(&self, proposal: &str, body: &str) -> Comment {
        self.comment_with(proposal, body, None).await.created()
    }

    /// Replies to `parent` on `proposal`; it must be created.
    pub async fn reply(&self, proposal: &str, parent: &str, body: &str) -> Comment {
        self.comment_with(proposal, body, Some(parent)).await.created()
    }

    /// The id of the organisation with this code (`VM`, `OKM`, ...), from `GET /organisations`.
    pub async fn organisation_id(&self, code: &str) -> Uuid {
        let all: Page<Organisation> = self.get("/api/v1/organisations").await.ok();
        all.items.into_iter().find(|o| o.code == code).unwrap_or_else(|| panic!("organisation {code}")).id
    }

    /// `GET /calls/{id}/proposals?{query}`, which must succeed.
    pub async fn proposals(&self, call: &Call, query: &str) -> ProposalPage {
        self.get(&format!("/api/v1/calls/{}/proposals?{query}", call.id)).await.ok()
    }
}
