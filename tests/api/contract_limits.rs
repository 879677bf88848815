//! The contract's limits are the server's: every `minLength`/`maxLength`, `minimum`/`maximum`
//! and `maxItems` of a request body or query parameter in the OpenAPI document is sent at the
//! limit (accepted, or refused for another reason) and one past it (a 422 naming the field).
//! The fields come from the document, so a new limit is tested as soon as it is declared.

use std::collections::BTreeSet;

use regex::Regex;
use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::views::{Call, Organisation, ProposalPage};
use crate::util::{Client, Db, PASSWORD, Response, TestApp, User, both_dbs, hours_from_now};

fn document() -> Value {
    serde_json::to_value(siilo_server::openapi::document()).expect("the document is JSON")
}

/// Follows `$ref`s, the non-null branch of a nullable `oneOf`, and merges `allOf`.
fn resolve(doc: &Value, schema: &Value) -> Value {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = doc.pointer(r.trim_start_matches('#')).expect("a $ref that resolves");
        return resolve(doc, target);
    }
    if let Some(branches) = schema.get("oneOf").and_then(Value::as_array) {
        let real: Vec<&Value> = branches.iter().filter(|b| b.get("type") != Some(&json!("null"))).collect();
        if let [one] = real.as_slice() {
            return resolve(doc, one);
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = json!({ "type": "object", "properties": {} });
        for part in parts {
            let part = resolve(doc, part);
            for (k, v) in part["properties"].as_object().into_iter().flatten() {
                merged["properties"][k] = v.clone();
            }
        }
        return merged;
    }
    schema.clone()
}

fn has_type(schema: &Value, wanted: &str) -> bool {
    match &schema["type"] {
        Value::String(t) => t == wanted,
        Value::Array(ts) => ts.iter().any(|t| t == wanted),
        _ => false,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index,
}

#[derive(Debug, Clone)]
enum Limit {
    Text { min: Option<u64>, max: Option<u64>, pattern: Option<String>, email: bool },
    Int { min: Option<i64>, max: Option<i64> },
    Items { max: u64, item: Value },
}

#[derive(Debug, Clone)]
struct Field {
    path: Vec<Seg>,
    limit: Limit,
}

impl Field {
    /// The field as the server names it in `errors` (`title.fi`, `themes[0].name.fi`).
    fn name(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) if out.is_empty() => out.push_str(k),
                Seg::Key(k) => out.push_str(&format!(".{k}")),
                Seg::Index => out.push_str("[0]"),
            }
        }
        out
    }
}

/// Every limited field under `schema`.
fn limited_fields(doc: &Value, schema: &Value, path: Vec<Seg>, out: &mut Vec<Field>) {
    let schema = resolve(doc, schema);
    if has_type(&schema, "object") || schema.get("properties").is_some() {
        for (key, property) in schema["properties"].as_object().into_iter().flatten() {
            let mut p = path.clone();
            p.push(Seg::Key(key.clone()));
            limited_fields(doc, property, p, out);
        }
    } else if has_type(&schema, "array") {
        if let Some(max) = schema["maxItems"].as_u64() {
            out.push(Field {
                path: path.clone(),
                limit: Limit::Items { max, item: schema["items"].clone() },
            });
        }
        let mut p = path;
        p.push(Seg::Index);
        limited_fields(doc, &schema["items"], p, out);
    } else if has_type(&schema, "string") && schema["format"] != "uuid" {
        // A UUID's length is its format's: `maxLength` only bounds what is read at all.
        let (min, max) = (schema["minLength"].as_u64(), schema["maxLength"].as_u64());
        if min.is_some() || max.is_some() {
            let pattern = schema["pattern"].as_str().map(str::to_owned);
            let email = schema["format"] == "email";
            out.push(Field { path, limit: Limit::Text { min, max, pattern, email } });
        }
    } else if has_type(&schema, "integer") {
        let (min, max) = (schema["minimum"].as_i64(), schema["maximum"].as_i64());
        if min.is_some() || max.is_some() {
            out.push(Field { path, limit: Limit::Int { min, max } });
        }
    }
}

/// A domain name of exactly `n` (≥ 3) characters.
fn domain(n: usize) -> String {
    if n < 5 {
        return format!("a.{}", "b".repeat(n.saturating_sub(2)));
    }
    let mut s = "fi".to_owned();
    while n - s.len() > 64 {
        s = format!("{}.{s}", "a".repeat(63));
    }
    match n - s.len() {
        0 => s,
        1 => format!("{}fii", s.strip_suffix("fi").unwrap_or(&s)),
        rest => format!("{}.{s}", "a".repeat(rest - 1)),
    }
}

/// An email address of exactly `n` (≥ 10) characters.
fn email(n: usize) -> String {
    let local = (n - 9).min(64);
    format!("{}@{}", "e".repeat(local), domain(n - local - 1))
}

/// The kinds of text tried, so that a patterned field gets a value its pattern accepts.
const KINDS: [fn(usize) -> String; 4] = [
    |n| "ä".repeat(n),
    |n| "a".repeat(n),
    |n| "A".repeat(n),
    |n| if n >= 3 { domain(n) } else { "a".repeat(n) },
];

fn text_maker(pattern: Option<&str>, email_format: bool, fits: usize) -> fn(usize) -> String {
    if email_format {
        return email;
    }
    let Some(pattern) = pattern else { return KINDS[0] };
    // The contract ends its patterns the way ECMA-262 and Python both read as "end of text"
    // (`(?![\s\S])`); the regex crate has no look-ahead but says the same with `\z`.
    let pattern = pattern.replace(r"(?![\s\S])", r"\z");
    let re = Regex::new(&pattern).expect("the contract's pattern is a regex");
    *KINDS.iter().find(|k| re.is_match(&k(fits))).expect("some kind of text fits the pattern")
}

fn set(body: &mut Value, path: &[Seg], value: Value) {
    match path {
        [] => *body = value,
        [Seg::Key(k), rest @ ..] => {
            if !body.is_object() {
                *body = json!({});
            }
            set(&mut body[k.as_str()], rest, value);
        }
        [Seg::Index, rest @ ..] => {
            if body.as_array().is_none_or(Vec::is_empty) {
                *body = json!([{}]);
            }
            set(&mut body[0], rest, value);
        }
    }
}

/// The values to send: (value, whether the server must refuse it naming the field).
fn probes(doc: &Value, field: &Field, baseline: &Value) -> Vec<(Value, bool)> {
    match &field.limit {
        Limit::Text { min, max, pattern, email: is_email } => {
            let fits = max.or(*min).unwrap_or(1) as usize;
            let make = text_maker(pattern.as_deref(), *is_email, fits);
            let mut out = Vec::new();
            if let Some(min) = min.map(|m| m as usize) {
                out.push((json!(make(min)), false));
                if min > 0 && !(*is_email && min - 1 < 10) {
                    out.push((json!(make(min - 1)), true));
                }
            }
            if let Some(max) = max.map(|m| m as usize) {
                out.push((json!(make(max)), false));
                out.push((json!(make(max + 1)), true));
            }
            out
        }
        Limit::Int { min, max } => {
            let mut out = Vec::new();
            if let Some(min) = min {
                out.extend([(json!(min), false), (json!(min - 1), true)]);
            }
            if let Some(max) = max {
                out.extend([(json!(max), false), (json!(max + 1), true)]);
            }
            out
        }
        Limit::Items { max, item } => {
            let existing = field.path.iter().try_fold(baseline, |v, seg| match seg {
                Seg::Key(k) => v.get(k.as_str()),
                Seg::Index => v.get(0),
            });
            let item_schema = resolve(doc, item);
            let sample = |i: u64| match existing.and_then(|a| a.get(0)) {
                Some(first) => first.clone(),
                None if item_schema["format"] == "uuid" => json!(Uuid::now_v7()),
                None if item_schema["enum"].is_array() => {
                    let values = item_schema["enum"].as_array().map_or(&[][..], Vec::as_slice);
                    values
                        .get(usize::try_from(i).unwrap_or(0) % values.len().max(1))
                        .cloned()
                        .unwrap_or_default()
                }
                None => json!(format!("d{i}.fi")),
            };
            let list = |n: u64| Value::Array((0..n).map(sample).collect());
            vec![(list(*max), false), (list(max + 1), true)]
        }
    }
}

struct Fixture {
    admin: User,
    alice: User,
    call: Call,
    proposal: String,
    comment: String,
    organisation: String,
}

impl Fixture {
    async fn new(app: &TestApp) -> Fixture {
        let admin = app.admin().await;
        let alice = app.participant("alice").await;
        let call = admin.open_call().await;
        let proposal = alice.submit(&call).await.id;
        let comment = alice.comment(&proposal, "Hyvä!").await.id;
        let res = admin
            .post(
                "/api/v1/organisations",
                &json!({ "code": "TST", "name": { "fi": "Testivirasto", "sv": "Testverket", "en": "Test Agency" } }),
            )
            .await;
        let organisation = res.created::<Organisation>().id.to_string();
        Fixture { admin, alice, call, proposal, comment, organisation }
    }

    fn path(&self, template: &str) -> String {
        let id = if template.starts_with("/api/v1/calls/") {
            &self.call.id
        } else if template.starts_with("/api/v1/proposals/") {
            &self.proposal
        } else if template.starts_with("/api/v1/comments/") {
            &self.comment
        } else if template.starts_with("/api/v1/organisations/") {
            &self.organisation
        } else {
            &self.alice.user_id.to_string()
        };
        let theme = self.call.theme_ids().first().cloned().unwrap_or_default();
        // A news item that does not exist: 404 once the body is valid.
        let news = Uuid::now_v7().to_string();
        template
            .replace("{theme_id}", &theme)
            .replace("{news_id}", &news)
            .replace("{id}", id)
            .replace("{kind}", "accessibility")
    }

    /// Authors act on their own proposals, comments and account; the admin on the rest
    /// (reports too: nobody reports their own).
    fn actor(&self, template: &str) -> Option<&User> {
        if template.starts_with("/api/v1/auth/") {
            None
        } else if template.ends_with("/reports") {
            Some(&self.admin)
        } else if ["/api/v1/proposals/", "/api/v1/comments/", "/api/v1/me", "/api/v1/notifications"]
            .iter()
            .any(|p| template.starts_with(p))
        {
            Some(&self.alice)
        } else {
            Some(&self.admin)
        }
    }
}

/// A body the server accepts for each operation, to change one field of at a time.
fn baseline(op: &str) -> Value {
    let unique = Uuid::now_v7().simple().to_string();
    match op {
        "POST /api/v1/auth/register" => {
            json!({ "email": format!("u{}@vm.fi", &unique[20..]), "password": PASSWORD, "display_name": "Testi" })
        }
        "POST /api/v1/auth/login" => json!({ "email": "nobody@vm.fi", "password": "wrong password" }),
        "POST /api/v1/auth/refresh" | "POST /api/v1/auth/logout" => json!({ "refresh_token": "not-a-token" }),
        "POST /api/v1/auth/verify-email" => json!({ "token": "not-a-token" }),
        "POST /api/v1/auth/password-reset" => json!({ "email": "nobody@vm.fi" }),
        "POST /api/v1/auth/password-reset/confirm" => {
            json!({ "token": "not-a-token", "new_password": "an even longer passphrase" })
        }
        // A wrong password: no link goes.
        "POST /api/v1/me/email" => json!({ "email": "uusi@vm.fi", "current_password": "wrong password" }),
        // Single sign-on is not configured here: 404 once the body is valid.
        "POST /api/v1/auth/sso/callback" => json!({ "code": "a-code", "state": "a-state" }),
        // A wrong password: the account stays.
        "DELETE /api/v1/me" => json!({ "password": "wrong password" }),
        // Erases alice, whose routes sort before it; later probes of her account answer 404.
        "DELETE /api/v1/users/{id}" => json!({ "reason": "Testi" }),
        "POST /api/v1/me/password" => {
            json!({ "current_password": "wrong password", "new_password": "an even longer passphrase" })
        }
        "POST /api/v1/organisations" => json!({
            "code": format!("T{}", &unique[26..32]).to_uppercase(),
            "name": { "fi": "Virasto", "sv": "Verket", "en": "Agency" },
            "short_name": { "fi": "VI", "sv": "VE", "en": "AG" },
        }),
        "POST /api/v1/calls" => json!({
            "slug": format!("haku-{}", &unique[20..]),
            "title": { "fi": "Haku" },
            "description": { "fi": "Kuvaus" },
            "opens_at": hours_from_now(-1),
            "submissions_close_at": hours_from_now(24),
            "voting_closes_at": hours_from_now(48),
            "themes": [ { "name": { "fi": "Teema" } } ],
        }),
        "POST /api/v1/calls/{id}/themes" => json!({ "name": { "fi": "Teema" } }),
        "PUT /api/v1/proposals/{id}/interest" => json!({ "on_behalf": false, "note": "Meillä on data." }),
        "POST /api/v1/calls/{id}/news" | "PATCH /api/v1/calls/{id}/news/{news_id}" => {
            json!({ "title": { "fi": "Otsikko" }, "body": { "fi": "Teksti" } })
        }
        "POST /api/v1/calls/{id}/proposals" => json!({
            "title": "Yhteinen rekisteri",
            "summary": "Tiivistelmä",
            "challenge": "Ongelma",
            "idea": "Idea",
        }),
        "POST /api/v1/proposals/{id}/comments" | "PATCH /api/v1/comments/{id}" => {
            json!({ "body": "Kommentti" })
        }
        // Texts are replaced whole: a change of one language sends the others too.
        "PATCH /api/v1/organisations/{id}" => json!({
            "name": { "fi": "Virasto", "sv": "Verket", "en": "Agency" },
            "short_name": { "fi": "VI", "sv": "VE", "en": "AG" },
        }),
        "PATCH /api/v1/calls/{id}" => json!({ "title": { "fi": "Haku" }, "description": { "fi": "Kuvaus" } }),
        "PATCH /api/v1/calls/{id}/themes/{theme_id}" => json!({ "name": { "fi": "Teema" } }),
        "PATCH /api/v1/me" | "PATCH /api/v1/users/{id}" | "PATCH /api/v1/proposals/{id}" => json!({}),
        "PUT /api/v1/me/email-settings" => {
            json!({ "settings": [{ "kind": "pilot_update", "delivery": "off" }] })
        }
        // Alice reports her own content (403 `own_content` once the body is valid).
        "POST /api/v1/proposals/{id}/reports" | "POST /api/v1/comments/{id}/reports" => {
            json!({ "reason": "spam" })
        }
        // An item that does not exist: 404 once the body is valid.
        "POST /api/v1/moderation/actions" => json!({
            "target": { "kind": "proposal", "id": Uuid::now_v7() },
            "action": "hide",
            "reason": "Asiaton",
        }),
        "POST /api/v1/moderation/actions/{id}/appeal" => json!({ "text": "Valitus" }),
        "POST /api/v1/moderation/appeals/{id}/decision" => {
            json!({ "outcome": "upheld", "reason": "Perustelu" })
        }
        // Alice is no admin: 403 `role_required` once the body is valid.
        "PUT /api/v1/proposals/{id}/decision" => {
            json!({ "stage": "selected", "answer": { "fi": "Vastaus" } })
        }
        // Alice is no moderator: 403 `role_required` once the body is valid.
        "POST /api/v1/proposals/{id}/merge" => json!({ "into": Uuid::now_v7(), "reason": "Sama" }),
        // Finds nothing in the fixture's call, and changes nothing.
        "POST /api/v1/calls/{id}/similar-proposals" => json!({ "title": "Kirjasto" }),
        // A proposal that does not exist: 404 once the body is valid.
        "POST /api/v1/pilots" => json!({
            "proposal_ids": [Uuid::now_v7()],
            "title": "Kokeilu",
            "goal": "Tavoite",
            "language": "fi",
            "owner_organisation_id": Uuid::now_v7(),
            "contact_name": "Yhteyshenkilö",
            "starts_on": "2027-02-01",
            "status": "planned",
        }),
        // A pilot that does not exist: 404 once the body is valid.
        "PATCH /api/v1/pilots/{id}" => json!({}),
        "POST /api/v1/pilots/{id}/updates" => {
            json!({ "happened_on": "2027-02-01", "title": "Päivitys", "body": "Teksti" })
        }
        "PUT /api/v1/pilots/{id}/lessons" => {
            json!({ "worked": "Toimi", "not_worked": "Ei toiminut", "recommendations": "Suositus" })
        }
        "PUT /api/v1/calls/{id}/criteria" => json!({
            "criteria": [{ "name": { "fi": "Kriteeri" }, "description": { "fi": "Kuvaus" }, "weight": 1 }],
        }),
        "PUT /api/v1/proposals/{id}/conflict" => json!({ "reason": "Oma virasto" }),
        "PUT /api/v1/proposals/{id}/reviews/mine" => {
            json!({
                "scores": [{ "criterion_id": Uuid::now_v7(), "score": 3 }],
                "recommendation": "maybe",
                "note": "Muistiinpano",
            })
        }
        // The accessibility statement: a new version asks nobody to accept it.
        "PUT /api/v1/legal/{kind}" => json!({
            "title": { "fi": "Otsikko", "sv": "Rubrik", "en": "Title" },
            "body": { "fi": "Teksti", "sv": "Text", "en": "Text" },
        }),
        "POST /api/v1/me/legal-acceptance" => json!({ "terms_version": 1, "privacy_version": 1 }),
        "POST /api/v1/proposals/{id}/coauthors" => json!({ "email": format!("k{}@vm.fi", &unique[20..]) }),
        other => panic!("no baseline body for {other}: add one to contract_limits::baseline"),
    }
}

async fn send(
    app: &TestApp,
    fx: &Fixture,
    method: &str,
    template: &str,
    query: &str,
    body: Option<Value>,
) -> Response {
    let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let path = format!("{}{query}", fx.path(template));
    let anon = app.anon();
    let client: &Client = match fx.actor(template) {
        Some(user) => user,
        None => &anon,
    };
    let mut req = client.request(method, &path);
    if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await
}

/// Checks one probe's answer; returns a problem description when it breaks the contract.
fn judge(
    res: &Response,
    field: &str,
    refuse: bool,
    what: &str,
    codes: &mut BTreeSet<String>,
) -> Option<String> {
    let status = res.status();
    if status != StatusCode::UNPROCESSABLE_ENTITY {
        return refuse.then(|| format!("{what}: expected 422 naming `{field}`, got {status}"));
    }
    let p = res.problem();
    let named: Vec<String> = p.errors.iter().filter(|e| e.field == field).map(|e| e.code.clone()).collect();
    if refuse {
        if named.is_empty() {
            return Some(format!("{what}: 422 does not name `{field}`: {:?}", p.fields()));
        }
        codes.extend(named);
        None
    } else {
        let broken: Vec<&String> = named.iter().filter(|c| codes.contains(*c)).collect();
        (!broken.is_empty()).then(|| format!("{what}: a value at the limit is refused: {broken:?}"))
    }
}

#[apply(both_dbs)]
async fn every_limit_in_the_contract_is_the_limit_the_server_enforces(db: Db) {
    let app = TestApp::spawn(db).await;
    let fx = Fixture::new(&app).await;
    let doc = document();

    let mut problems = Vec::new();
    let mut checked = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let name = format!("{} {template}", method.to_uppercase());
            // Request bodies.
            if let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") {
                let mut fields = Vec::new();
                limited_fields(&doc, schema, Vec::new(), &mut fields);
                for field in fields {
                    // Probes past the limit go first, so the codes they give are known.
                    let mut probes = probes(&doc, &field, &baseline(&name));
                    probes.sort_by_key(|(_, refuse)| !refuse);
                    let mut codes = BTreeSet::new();
                    for (value, refuse) in probes {
                        let mut body = baseline(&name);
                        set(&mut body, &field.path, value.clone());
                        let what = format!("{name} {} = {}", field.name(), short(&value));
                        let res = send(&app, &fx, method, template, "", Some(body)).await;
                        problems.extend(judge(&res, &field.name(), refuse, &what, &mut codes));
                        checked += 1;
                    }
                }
            }
            // Query parameters.
            for param in op["parameters"].as_array().into_iter().flatten().filter(|p| p["in"] == "query") {
                let schema = resolve(&doc, &param["schema"]);
                let (Some(min), Some(max)) = (schema["minimum"].as_i64(), schema["maximum"].as_i64()) else {
                    continue;
                };
                let pname = param["name"].as_str().unwrap();
                let mut codes = BTreeSet::new();
                for (value, refuse) in [(min - 1, true), (max + 1, true), (min, false), (max, false)] {
                    let what = format!("{name} ?{pname}={value}");
                    let res = send(&app, &fx, method, template, &format!("?{pname}={value}"), None).await;
                    problems.extend(judge(&res, pname, refuse, &what, &mut codes));
                    checked += 1;
                }
            }
        }
    }

    assert!(checked >= 100, "only {checked} probes: the contract has lost its limits");
    assert!(
        problems.is_empty(),
        "{} of {checked} probes disagree with the contract:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…({} chars)", s.chars().take(20).collect::<String>(), s.chars().count())
    } else {
        s
    }
}

#[apply(both_dbs)]
async fn a_query_value_that_does_not_parse_is_refused_naming_its_parameter(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let visitor = app.anon();

    for (query, field) in [("seed=4294967296", "seed"), ("limit=-1", "limit"), ("sort=sideways", "sort")] {
        let res = visitor.get(&format!("/api/v1/calls/{}/proposals?{query}", call.id)).await;

        let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(
            p.errors.iter().any(|e| e.field == field && e.code == "invalid_query"),
            "{query}: {:?}",
            p.fields()
        );
    }
    let res = visitor.get(&format!("/api/v1/calls/{}/proposals?seed=4294967295", call.id)).await;
    assert_eq!(res.ok::<ProposalPage>().seed, Some(4_294_967_295));
}

#[test]
fn every_text_field_of_a_request_has_a_length_limit() {
    let doc = document();
    let mut missing = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") else { continue };
            texts_without_limit(&doc, schema, &format!("{} {template}", method.to_uppercase()), &mut missing);
        }
    }
    assert!(missing.is_empty(), "text fields without maxLength:\n{}", missing.join("\n"));
}

fn texts_without_limit(doc: &Value, schema: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    if let Some(props) = schema["properties"].as_object() {
        for (k, v) in props {
            texts_without_limit(doc, v, &format!("{at} {k}"), out);
        }
    } else if has_type(&schema, "array") {
        texts_without_limit(doc, &schema["items"], &format!("{at}[]"), out);
    } else if has_type(&schema, "string")
        && schema.get("enum").is_none()
        && schema.get("format").is_none_or(|f| f == "email")
        && schema.get("maxLength").is_none()
    {
        out.push(at.to_owned());
    }
}
