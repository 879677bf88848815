//! Verified addresses, email change, password reset and the organisation by domain, read
//! from the emails that reach a real SMTP server (`tools/smtp_sink.py`):
//! `POST /auth/verify-email`, `POST /me/verification-email`, `POST /me/email`,
//! `POST /auth/password-reset` (+ `/confirm`), `GET /me/organisation-choices`, the
//! organisation rules of `PATCH /me` and `PATCH /users/{id}`, and the domains that sign in by
//! single sign-on only.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use serde_json::{Value, json};
use siilo_domain::roles::Roles;
use siilo_store::users::NewUser;
use uuid::Uuid;

use crate::util::mail::PUBLIC_URL;
use crate::util::views::{Me, OrganisationRef, TokenPair, UserAdmin};
use crate::util::{Db, MailSink, PASSWORD, Response, TestApp, User, both_dbs};

const NEW_PASSWORD: &str = "a brand new and longer passphrase";
/// How long a test waits for an email that must not come.
const QUIET: Duration = Duration::from_secs(2);

/// Registers with `body`, accepting the seeded terms of use and privacy notice (version 1)
/// unless the body says otherwise.
async fn register_raw(app: &TestApp, body: Value) -> Response {
    let mut body = body;
    if let Some(fields) = body.as_object_mut() {
        fields.entry("accepted_terms_version").or_insert(json!(1));
        fields.entry("accepted_privacy_version").or_insert(json!(1));
    }
    app.anon().post("/api/v1/auth/register", &body).await
}

/// Registers `email` (display name `name`, language `language`), unconfirmed; signed in.
async fn register(app: &TestApp, email: &str, name: &str, language: &str) -> User {
    let res = register_raw(
        app,
        json!({ "email": email, "password": PASSWORD, "display_name": name, "language": language }),
    )
    .await;
    app.user_from(&res.created::<TokenPair>())
}

async fn verify(app: &TestApp, token: &str) -> Response {
    app.anon().post("/api/v1/auth/verify-email", &json!({ "token": token })).await
}

async fn me(user: &User) -> Me {
    user.get("/api/v1/me").await.ok()
}

async fn ask_reset(app: &TestApp, email: &str) -> Response {
    app.anon().post("/api/v1/auth/password-reset", &json!({ "email": email })).await
}

async fn confirm_reset(app: &TestApp, token: &str, new_password: &str) -> Response {
    app.anon()
        .post("/api/v1/auth/password-reset/confirm", &json!({ "token": token, "new_password": new_password }))
        .await
}

async fn change_email(user: &User, email: &str, current_password: &str) -> Response {
    user.post("/api/v1/me/email", &json!({ "email": email, "current_password": current_password })).await
}

/// The token of the first email to `to` with a link to `path` other than those of `seen`.
async fn token_to(sink: &MailSink, to: &str, path: &str, seen: &[&str]) -> String {
    let fresh = |l: &String| l.contains(path) && !seen.iter().any(|t| l.ends_with(&format!("#token={t}")));
    let mail = sink.wait_for(|m| m.is_to(to) && m.links().iter().any(fresh)).await;
    let link = mail.links().into_iter().find(fresh).expect("the link");
    link.split_once("#token=").map(|(_, t)| t.to_owned()).expect("a token")
}

/// Moves every email link of `user` `seconds` into the past (sent and expiring that much
/// earlier), as if the time had passed.
async fn age_links(app: &TestApp, user: Uuid, seconds: i64) {
    let shift = TimeDelta::seconds(seconds);
    let links: Vec<(Uuid, chrono::DateTime<Utc>, chrono::DateTime<Utc>)> = {
        let backend = app.db.get_database_backend();
        let select = Query::select()
            .columns([Alias::new("id"), Alias::new("created_at"), Alias::new("expires_at")])
            .from(Alias::new("email_tokens"))
            .and_where(Expr::col(Alias::new("user_id")).eq(user))
            .to_owned();
        let rows = app.db.query_all_raw(backend.build(&select)).await.expect("read the links");
        rows.iter()
            .map(|r| {
                (
                    r.try_get("", "id").expect("id"),
                    r.try_get("", "created_at").expect("created_at"),
                    r.try_get("", "expires_at").expect("expires_at"),
                )
            })
            .collect()
    };
    for (id, created_at, expires_at) in links {
        let update = Query::update()
            .table(Alias::new("email_tokens"))
            .value(Alias::new("created_at"), created_at - shift)
            .value(Alias::new("expires_at"), expires_at - shift)
            .and_where(Expr::col(Alias::new("id")).eq(id))
            .to_owned();
        app.db.execute(&update).await.expect("age the link");
    }
}

/// How many rows of `table` have `column = value`.
async fn count(app: &TestApp, table: &str, column: &str, value: impl Into<sea_orm::Value>) -> i64 {
    let select = Query::select()
        .expr_as(Expr::col(Alias::new(column)).count(), Alias::new("n"))
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new(column)).eq(value.into()))
        .to_owned();
    let backend = app.db.get_database_backend();
    let row = app.db.query_one_raw(backend.build(&select)).await.expect("count").expect("a row");
    row.try_get("", "n").expect("n")
}

#[apply(both_dbs)]
async fn a_new_account_confirms_its_address_by_the_emailed_link_and_then_takes_part(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let proposal = alice.submit(&call).await.id;
    let comment = alice.comment(&proposal, "Hyvä idea").await.id;

    let maija = register(&app, "Maija@VM.fi", "Maija Meikäläinen", "sv").await;

    let mail = sink.wait_for(|m| m.is_to("maija@vm.fi")).await;
    assert_eq!(mail.rcpt_tos, ["maija@vm.fi"]);
    assert_eq!(mail.subject, "Bekräfta din e-postadress i Siilo", "in the account's language");
    assert_eq!(mail.header("content-language"), Some("sv"));
    assert!(mail.text().contains("Maija Meikäläinen"), "{}", mail.text());
    let link = mail.link("/verify-email");
    assert!(link.starts_with(&format!("{PUBLIC_URL}/verify-email#token=")), "{link}");
    let token = mail.token("/verify-email");
    assert_eq!(count(&app, "email_tokens", "token_hash", token.clone()).await, 0, "only its hash is kept");

    let before = me(&maija).await;
    assert!(!before.email_verified);
    assert_eq!(before.organisation, None, "no organisation before the address is confirmed");
    let refusals = [
        maija.submit_with(&call, json!({})).await,
        maija.thumb(&proposal).await,
        maija.comment_with(&proposal, "Kommentti", None).await,
        maija.post(&format!("/api/v1/proposals/{proposal}/reports"), &json!({ "reason": "spam" })).await,
        maija.post(&format!("/api/v1/comments/{comment}/reports"), &json!({ "reason": "spam" })).await,
    ];
    for res in refusals {
        res.refused(StatusCode::FORBIDDEN, "email_unverified");
    }
    // Reading needs no confirmed address.
    assert_eq!(maija.get(&format!("/api/v1/proposals/{proposal}")).await.status(), StatusCode::OK);

    assert_eq!(verify(&app, &token).await.status(), StatusCode::NO_CONTENT);

    let after = me(&maija).await;
    assert!(after.email_verified);
    assert_eq!(after.organisation.map(|o| o.code).as_deref(), Some("VM"), "inferred from vm.fi");
    maija.submit(&call).await;
    assert_eq!(maija.thumb(&proposal).await.status(), StatusCode::OK);
    assert_eq!(maija.comment_with(&proposal, "Kommentti", None).await.status(), StatusCode::CREATED);
}

#[apply(both_dbs)]
async fn a_link_works_once_and_only_until_it_expires(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let maija = register(&app, "maija@vm.fi", "Maija", "fi").await;
    let pekka = register(&app, "pekka@vm.fi", "Pekka", "fi").await;
    let maijas = token_to(&sink, "maija@vm.fi", "/verify-email", &[]).await;
    let pekkas = token_to(&sink, "pekka@vm.fi", "/verify-email", &[]).await;

    assert_eq!(verify(&app, &maijas).await.status(), StatusCode::NO_CONTENT);
    verify(&app, &maijas).await.refused(StatusCode::BAD_REQUEST, "link_invalid");
    verify(&app, "no-such-token").await.refused(StatusCode::BAD_REQUEST, "link_invalid");

    age_links(&app, pekka.user_id, 49 * 3600).await;
    verify(&app, &pekkas).await.refused(StatusCode::GONE, "link_expired");
    assert!(!me(&pekka).await.email_verified);
    assert!(me(&maija).await.email_verified);
}

#[apply(both_dbs)]
async fn a_link_sent_four_times_at_once_works_exactly_once(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    register(&app, "maija@vm.fi", "Maija", "fi").await;
    let token = token_to(&sink, "maija@vm.fi", "/verify-email", &[]).await;

    let answers = join_all((0..4).map(|_| verify(&app, &token))).await;

    let mut statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [204, 400, 400, 400]);
    for res in answers.iter().filter(|r| r.status() == StatusCode::BAD_REQUEST) {
        assert_eq!(res.problem().code, "link_invalid");
    }
}

#[apply(both_dbs)]
async fn the_link_is_sent_again_at_most_once_a_minute_and_replaces_the_old_one(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let maija = register(&app, "maija@vm.fi", "Maija", "fi").await;
    let first = token_to(&sink, "maija@vm.fi", "/verify-email", &[]).await;

    let soon = maija.post_empty("/api/v1/me/verification-email").await;

    soon.refused(StatusCode::TOO_MANY_REQUESTS, "email_recently_sent");
    let wait: u64 = soon.header("retry-after").and_then(|v| v.parse().ok()).expect("Retry-After");
    assert!((1..=60).contains(&wait), "{wait}");

    age_links(&app, maija.user_id, 61).await;
    assert_eq!(maija.post_empty("/api/v1/me/verification-email").await.status(), StatusCode::ACCEPTED);
    let second = token_to(&sink, "maija@vm.fi", "/verify-email", &[&first]).await;
    assert_ne!(first, second);

    verify(&app, &first).await.refused(StatusCode::GONE, "link_expired");
    assert_eq!(verify(&app, &second).await.status(), StatusCode::NO_CONTENT);
    maija
        .post_empty("/api/v1/me/verification-email")
        .await
        .refused(StatusCode::CONFLICT, "email_already_verified");
}

#[apply(both_dbs)]
async fn a_reset_is_asked_for_alike_for_every_address_and_only_an_account_gets_mail(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    app.participant("maija").await;

    let known = ask_reset(&app, " Maija@vm.fi").await;
    let unknown = ask_reset(&app, "nobody@vm.fi").await;
    let again = ask_reset(&app, "maija@vm.fi").await;

    for res in [&known, &unknown, &again] {
        assert_eq!(res.status(), StatusCode::ACCEPTED);
        assert_eq!(res.bytes(), known.bytes(), "the same body");
    }
    let mail = sink.wait_for(|m| m.is_to("maija@vm.fi") && m.subject == "Vaihda Siilo-salasanasi").await;
    assert!(mail.link("/reset-password").starts_with(&format!("{PUBLIC_URL}/reset-password#token=")));
    sink.assert_none(QUIET, |m| m.is_to("nobody@vm.fi")).await;
    assert_eq!(count(&app, "outbox", "recipient", "nobody@vm.fi").await, 0);
    // The second request within the minute sent nothing.
    assert_eq!(count(&app, "email_tokens", "purpose", "password_reset").await, 1);
    assert_eq!(count(&app, "outbox", "template", "password_reset").await, 1);
}

#[apply(both_dbs)]
async fn a_reset_sets_the_password_ends_every_session_and_confirms_the_address(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let maija = register(&app, "maija@vm.fi", "Maija", "en").await;
    let elsewhere = app.login("maija@vm.fi", PASSWORD).await;

    assert_eq!(ask_reset(&app, "maija@vm.fi").await.status(), StatusCode::ACCEPTED);
    let token = token_to(&sink, "maija@vm.fi", "/reset-password", &[]).await;

    confirm_reset(&app, &token, "aaaaaaaaaaaa")
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "password_too_weak");
    assert_eq!(confirm_reset(&app, &token, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);

    for user in [&maija, &elsewhere] {
        user.get("/api/v1/me").await.refused(StatusCode::UNAUTHORIZED, "session_ended");
        let res =
            app.anon().post("/api/v1/auth/refresh", &json!({ "refresh_token": user.refresh_token })).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "the old refresh token is refused");
    }
    let res =
        app.anon().post("/api/v1/auth/login", &json!({ "email": "maija@vm.fi", "password": PASSWORD })).await;
    res.refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let again = app.login("maija@vm.fi", NEW_PASSWORD).await;
    let confirmed = me(&again).await;
    assert!(confirmed.email_verified, "the link reached the address");
    assert_eq!(confirmed.organisation.map(|o| o.code).as_deref(), Some("VM"));
    confirm_reset(&app, &token, "yet another fine passphrase")
        .await
        .refused(StatusCode::BAD_REQUEST, "link_invalid");
}

#[apply(both_dbs)]
async fn a_reset_link_expires_within_the_hour_and_a_verification_link_does_not_reset(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let maija = register(&app, "maija@vm.fi", "Maija", "fi").await;
    let verification = token_to(&sink, "maija@vm.fi", "/verify-email", &[]).await;
    ask_reset(&app, "maija@vm.fi").await;
    let reset = token_to(&sink, "maija@vm.fi", "/reset-password", &[]).await;

    confirm_reset(&app, &verification, NEW_PASSWORD).await.refused(StatusCode::BAD_REQUEST, "link_invalid");
    verify(&app, &reset).await.refused(StatusCode::BAD_REQUEST, "link_invalid");
    age_links(&app, maija.user_id, 3601).await;
    confirm_reset(&app, &reset, NEW_PASSWORD).await.refused(StatusCode::GONE, "link_expired");
    app.login("maija@vm.fi", PASSWORD).await;
}

#[apply(both_dbs)]
async fn a_blocked_account_gets_no_reset_link(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let admin = app.admin().await;
    let maija = app.participant("maija").await;
    let res = admin.patch(&format!("/api/v1/users/{}", maija.user_id), &json!({ "blocked": true })).await;
    assert_eq!(res.status(), StatusCode::OK);

    assert_eq!(ask_reset(&app, "maija@vm.fi").await.status(), StatusCode::ACCEPTED);

    sink.assert_none(QUIET, |m| {
        m.is_to("maija@vm.fi") && m.links().iter().any(|l| l.contains("/reset-password"))
    })
    .await;
    assert_eq!(count(&app, "email_tokens", "purpose", "password_reset").await, 0);
}

#[apply(both_dbs)]
async fn an_email_change_takes_effect_when_the_new_address_confirms_it(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let maija = app.participant("maija").await;
    app.participant("pekka").await;

    change_email(&maija, "maija@stm.fi", "wrong password")
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "wrong_current_password");
    change_email(&maija, " Pekka@VM.fi", PASSWORD).await.refused(StatusCode::CONFLICT, "email_taken");
    let res = change_email(&maija, " Maija@STM.fi ", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);

    let mail = sink.wait_for(|m| m.is_to("maija@stm.fi")).await;
    assert!(mail.text().contains("maija@stm.fi"), "{}", mail.text());
    let token = mail.token("/verify-email");
    let pending = me(&maija).await;
    assert_eq!(pending.email, "maija@vm.fi", "unchanged until confirmed");
    assert_eq!(pending.pending_email.as_deref(), Some("maija@stm.fi"));
    assert_eq!(pending.organisation.as_ref().map(|o| o.code.as_str()), Some("VM"));

    assert_eq!(verify(&app, &token).await.status(), StatusCode::NO_CONTENT);

    let changed = me(&maija).await;
    assert_eq!(changed.email, "maija@stm.fi");
    assert_eq!(changed.pending_email, None);
    assert!(changed.email_verified);
    assert_eq!(changed.organisation.map(|o| o.code).as_deref(), Some("STM"), "follows the new domain");
    let notice = sink.wait_for(|m| m.is_to("maija@vm.fi") && m.links().is_empty()).await;
    assert!(notice.text().contains("maija@stm.fi"), "{}", notice.text());
    app.login("maija@stm.fi", PASSWORD).await;
    let old =
        app.anon().post("/api/v1/auth/login", &json!({ "email": "maija@vm.fi", "password": PASSWORD })).await;
    old.refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    verify(&app, &token).await.refused(StatusCode::BAD_REQUEST, "link_invalid");
}

#[apply(both_dbs)]
async fn an_address_taken_before_the_change_is_confirmed_is_a_conflict(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let maija = app.participant("maija").await;
    assert_eq!(change_email(&maija, "maija@stm.fi", PASSWORD).await.status(), StatusCode::ACCEPTED);
    let token = token_to(&sink, "maija@stm.fi", "/verify-email", &[]).await;
    app.register("maija@stm.fi", "Toinen Maija").await;

    verify(&app, &token).await.refused(StatusCode::CONFLICT, "email_taken");

    assert_eq!(me(&maija).await.email, "maija@vm.fi");
}

#[apply(both_dbs)]
async fn a_confirmation_link_to_an_address_the_account_left_no_longer_works(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let maija = register(&app, "maija@vm.fi", "Maija", "fi").await;
    let old = token_to(&sink, "maija@vm.fi", "/verify-email", &[]).await;
    assert_eq!(change_email(&maija, "maija@stm.fi", PASSWORD).await.status(), StatusCode::ACCEPTED);
    let new = token_to(&sink, "maija@stm.fi", "/verify-email", &[]).await;
    assert_eq!(verify(&app, &new).await.status(), StatusCode::NO_CONTENT);

    verify(&app, &old).await.refused(StatusCode::BAD_REQUEST, "link_invalid");

    let now = me(&maija).await;
    assert_eq!((now.email.as_str(), now.email_verified), ("maija@stm.fi", true));
}

/// Creates the agency `VEROVM` of `vero.vm.fi` (under the ministry's `vm.fi`); its id. Not
/// the seeded Verohallinto (`VERO`, `vero.fi`): a subdomain of the ministry's own.
async fn agency(admin: &User) -> Uuid {
    let body = json!({
        "code": "VEROVM",
        "name": { "fi": "Verohallinto", "sv": "Skatteförvaltningen", "en": "Finnish Tax Administration" },
        "email_domains": ["vero.vm.fi"],
    });
    let res = admin.post("/api/v1/organisations", &body).await;
    res.created::<Value>()["id"].as_str().and_then(|id| id.parse().ok()).expect("an id")
}

async fn choices(user: &User) -> Vec<String> {
    let list: Vec<OrganisationRef> = user.get("/api/v1/me/organisation-choices").await.ok();
    list.into_iter().map(|o| o.code).collect()
}

#[apply(both_dbs)]
async fn a_user_picks_among_the_organisations_of_their_confirmed_domain(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let admin = app.admin().await;
    let vero = agency(&admin).await;
    let vm = admin.organisation_id("VM").await;
    let okm = admin.organisation_id("OKM").await;
    let veera = register(&app, "veera@vero.vm.fi", "Veera", "fi").await;

    assert!(choices(&veera).await.is_empty(), "none before the address is confirmed");
    let early = veera.patch("/api/v1/me", &json!({ "organisation_id": vm })).await;
    early.refused(StatusCode::UNPROCESSABLE_ENTITY, "organisation_not_allowed");
    let token = token_to(&sink, "veera@vero.vm.fi", "/verify-email", &[]).await;
    assert_eq!(verify(&app, &token).await.status(), StatusCode::NO_CONTENT);

    assert_eq!(choices(&veera).await, ["VEROVM", "VM"], "the most specific first");
    assert_eq!(me(&veera).await.organisation.map(|o| o.id), Some(vero));
    let moved: Me = veera.patch("/api/v1/me", &json!({ "organisation_id": vm })).await.ok();
    assert_eq!(moved.organisation.map(|o| o.id), Some(vm));
    for refused in [json!({ "organisation_id": okm }), json!({ "organisation_id": null })] {
        let p = veera
            .patch("/api/v1/me", &refused)
            .await
            .refused(StatusCode::UNPROCESSABLE_ENTITY, "organisation_not_allowed");
        assert_eq!(p.fields(), ["organisation_id:organisation_not_allowed"]);
    }
    let unknown = veera.patch("/api/v1/me", &json!({ "organisation_id": Uuid::now_v7() })).await;
    unknown.refused(StatusCode::UNPROCESSABLE_ENTITY, "unknown_organisation");
    assert_eq!(me(&veera).await.organisation.map(|o| o.id), Some(vm));
}

#[apply(both_dbs)]
async fn the_organisation_chosen_at_registration_is_joined_on_confirmation(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let admin = app.admin().await;
    agency(&admin).await;
    let vm = admin.organisation_id("VM").await;
    let okm = admin.organisation_id("OKM").await;
    let body = |organisation: Uuid| json!({ "email": "ville@vero.vm.fi", "password": PASSWORD, "display_name": "Ville", "organisation_id": organisation });

    register_raw(&app, body(okm)).await.refused(StatusCode::UNPROCESSABLE_ENTITY, "organisation_not_allowed");
    let ville = app.user_from(&register_raw(&app, body(vm)).await.created::<TokenPair>());
    assert_eq!(me(&ville).await.organisation, None);
    age_links(&app, ville.user_id, 61).await;
    // The choice rides on the link sent again too.
    assert_eq!(ville.post_empty("/api/v1/me/verification-email").await.status(), StatusCode::ACCEPTED);
    let first = token_to(&sink, "ville@vero.vm.fi", "/verify-email", &[]).await;
    let second = token_to(&sink, "ville@vero.vm.fi", "/verify-email", &[&first]).await;
    assert_eq!(verify(&app, &second).await.status(), StatusCode::NO_CONTENT);

    assert_eq!(me(&ville).await.organisation.map(|o| o.id), Some(vm), "not the more specific VERO");
}

#[apply(both_dbs)]
async fn an_admin_places_a_user_in_any_organisation_and_the_log_says_so(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let admin = app.admin().await;
    let okm = admin.organisation_id("OKM").await;
    let maija = register(&app, "maija@vm.fi", "Maija", "fi").await;
    let path = format!("/api/v1/users/{}", maija.user_id);

    maija
        .patch(&path, &json!({ "organisation_id": okm }))
        .await
        .refused(StatusCode::FORBIDDEN, "role_required");
    let unknown = admin.patch(&path, &json!({ "organisation_id": Uuid::now_v7() })).await;
    unknown.refused(StatusCode::UNPROCESSABLE_ENTITY, "unknown_organisation");
    let placed: UserAdmin = admin.patch(&path, &json!({ "organisation_id": okm })).await.ok();
    assert_eq!(placed.organisation_id, Some(okm));

    // Confirming the address keeps the admin's placement.
    let token = token_to(&sink, "maija@vm.fi", "/verify-email", &[]).await;
    assert_eq!(verify(&app, &token).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&maija).await.organisation.map(|o| o.code).as_deref(), Some("OKM"));
    let log: Value = admin.get("/api/v1/moderation/log?action=organisation_changed").await.ok();
    let entries = log["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 1, "{log}");
    assert_eq!(entries[0]["target"]["id"], json!(maija.user_id));
    assert_eq!(entries[0]["data"], json!({ "before": null, "after": okm }));
    let cleared: UserAdmin = admin.patch(&path, &json!({ "organisation_id": null })).await.ok();
    assert_eq!(cleared.organisation_id, None);
}

#[apply(both_dbs)]
async fn sso_only_domains_neither_register_nor_sign_in_nor_reset_with_a_password(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |c| c.sso_only_domains = vec!["stm.fi".into()]).await;
    siilo_store::users::create(
        &app.db,
        NewUser {
            email: "sanna@stm.fi",
            password_hash: siilo_domain::accounts::NO_PASSWORD,
            display_name: "Sanna",
            organisation_id: None,
            language: Default::default(),
            roles: &Roles::new([]),
            email_verified: true,
        },
        Utc::now(),
    )
    .await
    .expect("an account made by single sign-on");

    for email in ["uusi@stm.fi", "uusi@thl.stm.fi"] {
        let res =
            register_raw(&app, json!({ "email": email, "password": PASSWORD, "display_name": "Uusi" })).await;
        res.refused(StatusCode::FORBIDDEN, "password_login_disabled");
    }
    let login = app
        .anon()
        .post("/api/v1/auth/login", &json!({ "email": "Sanna@stm.fi", "password": PASSWORD }))
        .await;
    login.refused(StatusCode::FORBIDDEN, "password_login_disabled");
    assert_eq!(ask_reset(&app, "sanna@stm.fi").await.status(), StatusCode::ACCEPTED);
    sink.assert_none(QUIET, |m| m.is_to("sanna@stm.fi")).await;
    assert_eq!(count(&app, "email_tokens", "purpose", "password_reset").await, 0);
    // Other domains are as before.
    register(&app, "maija@vm.fi", "Maija", "fi").await;
}
