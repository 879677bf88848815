//! Accounts and sessions: registering, signing in (with the lock-out of repeated failures),
//! refreshing, signing out, changing the password and the profile, and being blocked.

use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::views::{Me, Organisation, Page, TokenPair};
use crate::util::{Db, PASSWORD, Response, TestApp, User, both_dbs};

const NEW_PASSWORD: &str = "a brand new and longer passphrase";

/// The seeded organisation with this code, as `GET /organisations` lists it.
async fn organisation(app: &TestApp, code: &str) -> Organisation {
    let list: Page<Organisation> = app.anon().get("/api/v1/organisations").await.good();
    list.items.into_iter().find(|o| o.code == code).unwrap_or_else(|| panic!("organisation {code} is seeded"))
}

/// The `Retry-After` header as a number of seconds.
fn retry_after(res: &Response) -> u64 {
    res.header("retry-after").and_then(|v| v.parse().ok()).expect("a Retry-After header of whole seconds")
}

async fn register_raw(app: &TestApp, body: Value) -> Response {
    app.anon().post("/api/v1/auth/register", &body).await
}

async fn login_raw(app: &TestApp, email: &str, password: &str) -> Response {
    app.anon().post("/api/v1/auth/login", &json!({ "email": email, "password": password })).await
}

async fn refresh_raw(app: &TestApp, refresh_token: &str) -> Response {
    app.anon().post("/api/v1/auth/refresh", &json!({ "refresh_token": refresh_token })).await
}

async fn logout(app: &TestApp, refresh_token: &str) -> Response {
    app.anon().post("/api/v1/auth/logout", &json!({ "refresh_token": refresh_token })).await
}

async fn me(user: &User) -> Response {
    user.get("/api/v1/me").await
}

async fn change_password(user: &User, current: &str, new: &str) -> Response {
    user.post("/api/v1/me/password", &json!({ "current_password": current, "new_password": new })).await
}

async fn update_me(user: &User, change: Value) -> Response {
    user.patch("/api/v1/me", &change).await
}

async fn set_blocked(admin: &User, user: Uuid, blocked: bool) {
    let res = admin.patch(&format!("/api/v1/users/{user}"), &json!({ "blocked": blocked })).await;
    assert_eq!(res.status(), StatusCode::OK, "setting blocked = {blocked}");
}

#[apply(both_dbs)]
async fn registering_signs_in_a_participant_with_a_normalised_account(db: Db) {
    let app = TestApp::spawn(db).await;

    let res = register_raw(
        &app,
        json!({
            "email": " Maija@VM.fi ",
            "password": PASSWORD,
            "display_name": "  Maija   Meikäläinen ",
        }),
    )
    .await;

    let tokens: TokenPair = res.created();
    assert_eq!(tokens.token_type, "Bearer");
    assert!(tokens.expires_in > 0);
    assert!(tokens.refresh_expires_in > 0);
    assert!(!tokens.refresh_token.is_empty());
    let user = &tokens.user;
    assert_eq!(user.email, "maija@vm.fi");
    assert_eq!(user.display_name, "Maija Meikäläinen");
    // Until the emailed link confirms the address, its domain proves nothing.
    assert!(!user.email_verified);
    assert_eq!(user.organisation, None);
    assert_eq!(user.roles, ["participant"]);
    assert_eq!(user.language, "fi");

    let me: Me = app.bearer(Some(&tokens.access_token)).get("/api/v1/me").await.ok();
    assert_eq!(me.id, user.id);
    assert_eq!(me.email, "maija@vm.fi");
}

#[apply(both_dbs)]
async fn the_organisation_is_inferred_from_the_whole_email_domain_once_confirmed(db: Db) {
    let app = TestApp::spawn(db).await;

    let lvm =
        register_raw(&app, json!({ "email": "liisa@lvm.fi", "password": PASSWORD, "display_name": "Liisa" }))
            .await;
    let unknown = register_raw(
        &app,
        json!({ "email": "erkki@example.com", "password": PASSWORD, "display_name": "Erkki" }),
    )
    .await;

    let lvm = app.user_from(&lvm.created::<TokenPair>());
    // `null`, not left out.
    assert_eq!(me(&lvm).await.value()["organisation"], Value::Null);
    app.confirm_email(lvm.user_id).await;
    assert_eq!(me(&lvm).await.json::<Me>().organisation.map(|o| o.code).as_deref(), Some("LVM"));
    let erkki = app.user_from(&unknown.created::<TokenPair>());
    app.confirm_email(erkki.user_id).await;
    assert_eq!(me(&erkki).await.value()["organisation"], Value::Null);
}

#[apply(both_dbs)]
async fn a_taken_email_in_any_case_is_a_conflict_on_the_email_field(db: Db) {
    let app = TestApp::spawn(db).await;
    app.participant("maija").await;

    let res = register_raw(
        &app,
        json!({ "email": " MAIJA@vm.FI", "password": PASSWORD, "display_name": "Toinen Maija" }),
    )
    .await;

    let p = res.refused(StatusCode::CONFLICT, "email_taken");
    assert_eq!(p.fields(), ["email:email_taken"]);
}

#[apply(both_dbs)]
async fn invalid_registration_fields_are_each_named(db: Db) {
    let app = TestApp::spawn(db).await;

    let res = register_raw(
        &app,
        json!({ "email": "not-an-address", "password": "too short", "display_name": "   " }),
    )
    .await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["display_name:required", "email:email", "password:length"]);
    assert!(p.errors.iter().all(|e| !e.message.is_empty()));
}

#[apply(both_dbs)]
async fn passwords_are_measured_in_characters_from_12_to_128(db: Db) {
    let app = TestApp::spawn(db).await;
    let register = |name: &str, password: String| {
        register_raw(
            &app,
            json!({ "email": format!("{name}@vm.fi"), "password": password, "display_name": name }),
        )
    };
    // Twelve characters of two or three bytes each: 26 bytes, 12 characters.
    let twelve = "äöåüéèçñßøæ€";
    let max: String = twelve.chars().cycle().take(128).collect();

    let twelve_multibyte = register("a", twelve.to_owned()).await;
    let eleven_multibyte = register("b", twelve.chars().take(11).collect()).await;
    let max_multibyte = register("c", max).await;
    let too_long = register("d", "a".repeat(129)).await;

    assert_eq!(twelve_multibyte.status(), StatusCode::CREATED);
    assert_eq!(max_multibyte.status(), StatusCode::CREATED);
    for res in [eleven_multibyte, too_long] {
        let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(p.fields(), ["password:length"]);
    }
    app.login("a@vm.fi", twelve).await;
}

#[apply(both_dbs)]
async fn guessable_passwords_are_refused_as_too_weak(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = app.participant("maija.meikalainen").await;

    for (i, weak) in ["aaaaaaaaaaaa", "123456789012", "            ", "ääääääääääää", "maijameikalainen"]
        .into_iter()
        .enumerate()
    {
        let res = register_raw(
            &app,
            json!({
                "email": format!("maija.meikalainen{i}@vm.fi"),
                "password": weak,
                "display_name": "Maija Meikäläinen",
            }),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{weak:?}");
        let p = res.problem();
        assert_eq!(p.code, "password_too_weak", "{weak:?}");
        assert_eq!(p.fields(), ["password:password_too_weak"]);

        let res = change_password(&maija, PASSWORD, weak).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{weak:?}");
        let p = res.problem();
        assert_eq!(p.code, "password_too_weak", "{weak:?}");
        assert_eq!(p.fields(), ["new_password:password_too_weak"]);
    }
    // The demo's password and the fixtures' passphrases pass.
    let demo = register_raw(
        &app,
        json!({ "email": "demo@vm.fi", "password": "siilo-demo-2026", "display_name": "Demo" }),
    )
    .await;
    assert_eq!(demo.status(), StatusCode::CREATED);
    assert_eq!(change_password(&maija, PASSWORD, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
}

#[apply(both_dbs)]
async fn an_email_domain_without_a_dot_does_not_register(db: Db) {
    let app = TestApp::spawn(db).await;

    for email in ["testi@stm", "testi@stm.", "testi@.fi", "testi@vm..fi", "testi@"] {
        let res =
            register_raw(&app, json!({ "email": email, "password": PASSWORD, "display_name": "Testi" }))
                .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{email}");
        assert_eq!(res.problem().fields(), ["email:email"], "{email}");
    }
    let ok =
        register_raw(&app, json!({ "email": "testi@stm.fi", "password": PASSWORD, "display_name": "Testi" }))
            .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
}

#[apply(both_dbs)]
async fn token_responses_are_not_stored_by_caches(db: Db) {
    let app = TestApp::spawn(db).await;

    let registered =
        register_raw(&app, json!({ "email": "maija@vm.fi", "password": PASSWORD, "display_name": "Maija" }))
            .await;
    let logged_in = login_raw(&app, "maija@vm.fi", PASSWORD).await;
    let refresh_token = login_raw(&app, "maija@vm.fi", PASSWORD).await.json::<TokenPair>().refresh_token;
    let refreshed = refresh_raw(&app, &refresh_token).await;

    for (what, res) in [("register", registered), ("login", logged_in), ("refresh", refreshed)] {
        assert!(res.status().is_success(), "{what}: {}", res.status());
        let cache = res.header("cache-control").unwrap_or("");
        assert_eq!(cache, "no-store", "{what}");
    }
}

#[apply(both_dbs)]
async fn a_password_equal_to_the_email_in_any_case_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;

    let res = register_raw(
        &app,
        json!({
            "email": "maija.meikalainen@vm.fi",
            "password": "Maija.Meikalainen@VM.fi",
            "display_name": "Maija",
        }),
    )
    .await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "password_equals_email");
    assert_eq!(p.fields(), ["password:password_equals_email"]);
    let login = login_raw(&app, "maija.meikalainen@vm.fi", "Maija.Meikalainen@VM.fi").await;
    login.refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[apply(both_dbs)]
async fn only_the_allowed_email_domains_and_their_subdomains_may_register(db: Db) {
    let app = TestApp::spawn_with(db, |c: &mut siilo_server::Config| {
        c.allowed_email_domains = vec!["vm.fi".into()];
    })
    .await;
    let register = |email: &str| {
        register_raw(&app, json!({ "email": email, "password": PASSWORD, "display_name": "X" }))
    };

    for email in ["x@example.com", "x@lvm.fi", "x@vm.fi.example.com"] {
        let res = register(email).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{email}");
        let p = res.problem();
        assert_eq!(p.code, "email_domain_not_allowed", "{email}");
        assert_eq!(p.fields(), ["email:email_domain_not_allowed"]);
    }
    assert_eq!(register("maija@vm.fi").await.status(), StatusCode::CREATED);
    assert_eq!(register("matti@tilasto.vm.fi").await.status(), StatusCode::CREATED);
}

#[apply(both_dbs)]
async fn an_unknown_organisation_is_refused_at_registration(db: Db) {
    let app = TestApp::spawn(db).await;

    let res = register_raw(
        &app,
        json!({
            "email": "maija@vm.fi",
            "password": PASSWORD,
            "display_name": "Maija",
            "organisation_id": Uuid::now_v7(),
        }),
    )
    .await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "unknown_organisation");
    assert_eq!(p.fields(), ["organisation_id:unknown_organisation"]);
}

#[apply(both_dbs)]
async fn a_chosen_organisation_must_be_one_of_the_email_domain_s(db: Db) {
    let app = TestApp::spawn(db).await;
    let okm = organisation(&app, "OKM").await;
    let vm = organisation(&app, "VM").await;
    let body = |organisation: Uuid| {
        json!({
            "email": "maija@vm.fi",
            "password": PASSWORD,
            "display_name": "Maija",
            "organisation_id": organisation,
            "language": "sv",
        })
    };

    let other = register_raw(&app, body(okm.id)).await;
    let own = register_raw(&app, body(vm.id)).await;

    let p = other.refused(StatusCode::UNPROCESSABLE_ENTITY, "organisation_not_allowed");
    assert_eq!(p.fields(), ["organisation_id:organisation_not_allowed"]);
    let user = own.created::<TokenPair>().user;
    assert_eq!(user.organisation, None, "joined when the address is confirmed");
    assert_eq!(user.language, "sv");
}

#[apply(both_dbs)]
async fn logging_in_with_the_right_password_starts_a_new_session(db: Db) {
    let app = TestApp::spawn(db).await;
    let registered = app.participant("maija").await;

    let res = login_raw(&app, " Maija@VM.fi", PASSWORD).await;

    let tokens: TokenPair = res.ok();
    assert_eq!(tokens.token_type, "Bearer");
    assert_eq!(tokens.user.id, registered.user_id);
    assert_eq!(tokens.user.email, "maija@vm.fi");
    assert_ne!(tokens.refresh_token, registered.refresh_token);
    let me = app.bearer(Some(&tokens.access_token)).get("/api/v1/me").await;
    assert_eq!(me.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(db: Db) {
    let app = TestApp::spawn(db).await;
    app.participant("maija").await;

    let wrong_password = login_raw(&app, "maija@vm.fi", "not the right password").await;
    let unknown_email = login_raw(&app, "nobody@vm.fi", "not the right password").await;

    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_email.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.content_type(), unknown_email.content_type());
    assert_eq!(wrong_password.problem().code, "invalid_credentials");
    // Byte for byte the same body.
    assert_eq!(wrong_password.value(), unknown_email.value());
}

#[apply(both_dbs)]
async fn repeated_failed_logins_lock_the_account_even_for_the_right_password(db: Db) {
    let app = TestApp::spawn_with(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 3;
    })
    .await;
    app.participant("maija").await;
    app.participant("matti").await;

    for _ in 0..3 {
        login_raw(&app, "maija@vm.fi", "guessing guessing")
            .await
            .refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let res = login_raw(&app, "MAIJA@vm.fi", PASSWORD).await;

    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    assert_eq!(res.problem().code, "login_locked");
    app.login("matti@vm.fi", PASSWORD).await;
}

#[apply(both_dbs)]
async fn an_unknown_email_locks_like_a_known_one(db: Db) {
    let app = TestApp::spawn_with(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 3;
    })
    .await;

    for _ in 0..3 {
        login_raw(&app, "nobody@vm.fi", "guessing guessing")
            .await
            .refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let res = login_raw(&app, "nobody@vm.fi", "guessing guessing").await;

    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    assert_eq!(res.problem().code, "login_locked");
}

#[apply(both_dbs)]
async fn a_right_password_gives_back_its_place_but_forgives_no_failure(db: Db) {
    let app = TestApp::spawn_with(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 3;
    })
    .await;
    app.participant("maija").await;
    let fail = || login_raw(&app, "maija@vm.fi", "guessing guessing");

    for _ in 0..2 {
        fail().await.refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    // A right password does not use up the last place...
    app.login("maija@vm.fi", PASSWORD).await;
    app.login("maija@vm.fi", PASSWORD).await;
    // ...but it does not wipe out the failures either: they count for the whole window,
    // so that an owner signing in during an attack does not hand out more guesses.
    fail().await.refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let res = login_raw(&app, "maija@vm.fi", PASSWORD).await;
    res.refused(StatusCode::TOO_MANY_REQUESTS, "login_locked");
}

/// Logins sent all at once; the statuses in the order given.
async fn burst(app: &TestApp, attempts: Vec<Value>) -> Vec<StatusCode> {
    let visitor = app.anon();
    let sends = attempts.iter().map(|a| visitor.post("/api/v1/auth/login", a));
    futures_util::future::join_all(sends).await.into_iter().map(|r| r.status()).collect()
}

/// The failures counted in a lock-out bucket, read from the database.
async fn counted_failures(app: &TestApp, key: &str) -> u32 {
    siilo_store::login_throttles::get(&app.db, key).await.expect("read the bucket").map_or(0, |s| s.failures)
}

#[apply(both_dbs)]
async fn parallel_wrong_passwords_are_judged_no_more_often_than_the_limit(db: Db) {
    let app = TestApp::spawn_with(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 5;
    })
    .await;
    app.participant("maija").await;

    // 40 wrong passwords and the right one from strangers, all at once.
    let mut attempts: Vec<Value> =
        (0..40).map(|i| json!({ "email": "maija@vm.fi", "password": format!("guess number {i}") })).collect();
    attempts.insert(20, json!({ "email": "maija@vm.fi", "password": PASSWORD }));
    let statuses = burst(&app, attempts).await;

    let right = statuses[20];
    let wrong: Vec<StatusCode> =
        statuses.iter().enumerate().filter(|(i, _)| *i != 20).map(|(_, s)| *s).collect();
    let judged_wrong = wrong.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let locked = wrong.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(judged_wrong + locked, 40, "{statuses:?}");
    // At most five wrong passwords were checked; the right one may have held a place for
    // a moment and given it back, so four or five were.
    assert!((4..=5).contains(&judged_wrong), "{judged_wrong} wrong passwords judged: {statuses:?}");
    assert!([StatusCode::OK, StatusCode::TOO_MANY_REQUESTS].contains(&right), "the right password: {right}");
    // Every judged failure was counted: none lost to a parallel write.
    assert_eq!(counted_failures(&app, "maija@vm.fi").await as usize, judged_wrong);
    if judged_wrong == 5 {
        assert_eq!(login_raw(&app, "maija@vm.fi", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

#[apply(both_dbs)]
async fn strangers_cannot_lock_the_owner_s_known_client_out(db: Db) {
    let app = TestApp::spawn_with(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 3;
    })
    .await;
    let owner = app.participant("maija").await;
    let matti: TokenPair =
        register_raw(&app, json!({ "email": "matti@vm.fi", "password": PASSWORD, "display_name": "Matti" }))
            .await
            .json();
    let known = login_raw(&app, "maija@vm.fi", PASSWORD).await.json::<TokenPair>().known_client_token;
    let visitor = app.anon();
    let with_token = |password: &str, token: &str| {
        let body = json!({ "email": "maija@vm.fi", "password": password, "known_client_token": token });
        let visitor = &visitor;
        async move { visitor.post("/api/v1/auth/login", &body).await }
    };

    // Twenty strangers guess at once while the owner signs in from their own browser.
    let mut attempts: Vec<Value> =
        (0..20).map(|i| json!({ "email": "maija@vm.fi", "password": format!("guess number {i}") })).collect();
    attempts.insert(10, json!({ "email": "maija@vm.fi", "password": PASSWORD, "known_client_token": known }));
    let statuses = burst(&app, attempts).await;
    assert_eq!(statuses[10], StatusCode::OK, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count(), 3, "{statuses:?}");
    // Strangers, and the owner on a new device, are locked out...
    assert_eq!(login_raw(&app, "maija@vm.fi", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // ...and so is anyone with a token of another account or a forged one...
    let others = &matti.known_client_token;
    assert_eq!(with_token(PASSWORD, others).await.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(with_token(PASSWORD, &owner.access_token).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // ...but the owner's own browser signs in.
    let renewed = with_token(PASSWORD, &known).await.ok::<TokenPair>().known_client_token;

    // A stolen known-client token gets its own three guesses, no more.
    for _ in 0..3 {
        with_token("guessing guessing", &known)
            .await
            .refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let res = with_token(PASSWORD, &known).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    assert_eq!(res.problem().code, "login_locked");
    // The token handed out at the last sign-in is a client of its own.
    assert_eq!(with_token(PASSWORD, &renewed).await.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn wrong_current_passwords_count_as_failed_logins(db: Db) {
    let app = TestApp::spawn_with(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 3;
    })
    .await;
    let maija = app.participant("maija").await;

    // Ten guesses at once with a stolen access token: three are judged.
    let wrong: Vec<String> = (0..10).map(|i| format!("guess number {i}")).collect();
    let guesses = wrong.iter().map(|w| change_password(&maija, w, NEW_PASSWORD));
    let statuses: Vec<StatusCode> =
        futures_util::future::join_all(guesses).await.into_iter().map(|r| r.status()).collect();

    let judged = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
    let locked = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((judged, locked), (3, 7), "{statuses:?}");
    let res = change_password(&maija, PASSWORD, NEW_PASSWORD).await;
    res.refused(StatusCode::TOO_MANY_REQUESTS, "login_locked");
    // They are the account's failures: logins from new clients are locked too.
    assert_eq!(login_raw(&app, "maija@vm.fi", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[apply(both_dbs)]
async fn the_auth_endpoints_have_a_per_address_ceiling_that_health_does_not(db: Db) {
    let app = TestApp::spawn_with(db, |c: &mut siilo_server::Config| {
        c.auth_requests_per_minute = 3;
    })
    .await;
    let unknown = json!({ "refresh_token": "not-a-refresh-token" });

    let visitor = app.anon();

    assert_eq!(visitor.post("/api/v1/auth/refresh", &unknown).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(visitor.post("/api/v1/auth/logout", &unknown).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(visitor.post("/api/v1/auth/refresh", &unknown).await.status(), StatusCode::UNAUTHORIZED);
    let res = login_raw(&app, "maija@vm.fi", PASSWORD).await;

    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    assert_eq!(res.problem().code, "rate_limited");
    for _ in 0..5 {
        assert_eq!(visitor.get("/api/v1/health").await.status(), StatusCode::OK);
    }
}

#[apply(both_dbs)]
async fn refreshing_uses_up_the_refresh_token_and_hands_out_a_new_pair(db: Db) {
    let app = TestApp::spawn(db).await;
    let first = app.participant("maija").await;

    let second = app.refresh(&first.refresh_token).await;

    assert_ne!(second.refresh_token, first.refresh_token);
    assert_eq!(second.user_id, first.user_id);
    assert_eq!(me(&second).await.status(), StatusCode::OK);
    assert_eq!(me(&first).await.status(), StatusCode::OK, "the session's older access token still works");
    let third = app.refresh(&second.refresh_token).await;
    assert_ne!(third.refresh_token, second.refresh_token);
    assert_eq!(me(&third).await.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn replaying_a_used_refresh_token_ends_that_session_only(db: Db) {
    let app = TestApp::spawn(db).await;
    let first = app.participant("maija").await;
    let other_session = app.login("maija@vm.fi", PASSWORD).await;
    let rotated = app.refresh(&first.refresh_token).await;

    let replay = refresh_raw(&app, &first.refresh_token).await;

    replay.refused(StatusCode::UNAUTHORIZED, "refresh_token_reused");
    assert_eq!(refresh_raw(&app, &rotated.refresh_token).await.status(), StatusCode::UNAUTHORIZED);
    me(&rotated).await.refused(StatusCode::UNAUTHORIZED, "session_ended");
    me(&first).await.refused(StatusCode::UNAUTHORIZED, "session_ended");
    assert_eq!(me(&other_session).await.status(), StatusCode::OK);
    let renewed = app.refresh(&other_session.refresh_token).await;
    assert_eq!(me(&renewed).await.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn an_unknown_refresh_token_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    app.participant("maija").await;

    let res = refresh_raw(&app, "bm90LWEtcmVmcmVzaC10b2tlbi1ub3QtYS1yZWZyZXNoLXRva2Vu").await;

    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    res.refused(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
}

#[apply(both_dbs)]
async fn logging_out_ends_the_session_of_the_refresh_token(db: Db) {
    let app = TestApp::spawn(db).await;
    let leaving = app.participant("maija").await;
    let staying = app.login("maija@vm.fi", PASSWORD).await;

    let res = logout(&app, &leaving.refresh_token).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(res.bytes().is_empty());
    assert_eq!(refresh_raw(&app, &leaving.refresh_token).await.status(), StatusCode::UNAUTHORIZED);
    me(&leaving).await.refused(StatusCode::UNAUTHORIZED, "session_ended");
    assert_eq!(me(&staying).await.status(), StatusCode::OK);
    app.refresh(&staying.refresh_token).await;
}

#[apply(both_dbs)]
async fn logging_out_an_unknown_or_ended_session_still_answers_no_content(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = app.participant("maija").await;

    assert_eq!(logout(&app, "no-such-refresh-token").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(logout(&app, &maija.refresh_token).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(logout(&app, &maija.refresh_token).await.status(), StatusCode::NO_CONTENT);
}

#[apply(both_dbs)]
async fn a_password_change_needs_the_current_password_and_a_different_new_one(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = app.participant("maija.meikalainen").await;

    let wrong = change_password(&maija, "not my password", NEW_PASSWORD).await;
    let same = change_password(&maija, PASSWORD, PASSWORD).await;
    let email = change_password(&maija, PASSWORD, "MAIJA.MEIKALAINEN@vm.fi").await;

    let p = wrong.refused(StatusCode::UNPROCESSABLE_ENTITY, "wrong_current_password");
    assert_eq!(p.fields(), ["current_password:wrong_current_password"]);
    let p = same.refused(StatusCode::UNPROCESSABLE_ENTITY, "password_unchanged");
    assert_eq!(p.fields(), ["new_password:password_unchanged"]);
    email.refused(StatusCode::UNPROCESSABLE_ENTITY, "password_equals_email");
    app.login("maija.meikalainen@vm.fi", PASSWORD).await;
}

#[apply(both_dbs)]
async fn changing_the_password_ends_every_other_session(db: Db) {
    let app = TestApp::spawn(db).await;
    let here = app.participant("maija").await;
    let elsewhere = app.login("maija@vm.fi", PASSWORD).await;

    let res = change_password(&here, PASSWORD, NEW_PASSWORD).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    me(&elsewhere).await.refused(StatusCode::UNAUTHORIZED, "session_ended");
    assert_eq!(refresh_raw(&app, &elsewhere.refresh_token).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(me(&here).await.status(), StatusCode::OK);
    let renewed = app.refresh(&here.refresh_token).await;
    assert_eq!(me(&renewed).await.status(), StatusCode::OK);
    login_raw(&app, "maija@vm.fi", PASSWORD).await.refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    app.login("maija@vm.fi", NEW_PASSWORD).await;
}

#[apply(both_dbs)]
async fn a_profile_update_changes_only_the_fields_given(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = app.participant("maija").await;
    let erkki = app.register("erkki@example.com", "erkki").await;
    let vm = organisation(&app, "VM").await;

    let renamed: Me = update_me(&maija, json!({ "display_name": "  Maija   Virtanen " })).await.json();
    assert_eq!(renamed.display_name, "Maija Virtanen");
    assert_eq!(renamed.language, "fi");
    assert_eq!(renamed.organisation.map(|o| o.code).as_deref(), Some("VM"));

    let swedish: Me = update_me(&maija, json!({ "language": "sv" })).await.json();
    assert_eq!(swedish.language, "sv");
    assert_eq!(swedish.display_name, "Maija Virtanen");

    let kept: Me = update_me(&maija, json!({ "organisation_id": vm.id })).await.json();
    let organisation = kept.organisation.expect("an organisation");
    assert_eq!(organisation.id, vm.id);
    assert_eq!(organisation.code, "VM");
    let res = me(&maija).await;
    let me_now: Me = res.json();
    assert_eq!(me_now.display_name, "Maija Virtanen");
    assert_eq!(me_now.language, "sv");
    assert_eq!(me_now.email, "maija@vm.fi");

    // An address of a domain no organisation has belongs to none.
    let res = update_me(&erkki, json!({ "organisation_id": null })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = me(&erkki).await;
    // `null`, not left out.
    assert_eq!(res.value()["organisation"], Value::Null);
    assert!(res.json::<Me>().organisation.is_none());
}

#[apply(both_dbs)]
async fn a_profile_update_with_an_unknown_field_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = app.participant("maija").await;

    let res = update_me(&maija, json!({ "display_name": "Maija V", "email": "boss@vm.fi" })).await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["email:unknown_field"]);
    let me: Me = me(&maija).await.json();
    assert_eq!((me.email.as_str(), me.display_name.as_str()), ("maija@vm.fi", "maija"));
}

#[apply(both_dbs)]
async fn a_profile_update_to_an_unknown_organisation_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = app.participant("maija").await;

    let res = update_me(&maija, json!({ "organisation_id": Uuid::now_v7() })).await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "unknown_organisation");
    assert_eq!(p.fields(), ["organisation_id:unknown_organisation"]);
    assert_eq!(me(&maija).await.json::<Me>().organisation.map(|o| o.code).as_deref(), Some("VM"));
}

#[apply(both_dbs)]
async fn a_blocked_user_is_shut_out_at_once_until_unblocked(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let maija = app.participant("maija").await;

    set_blocked(&admin, maija.user_id, true).await;

    // Blocking ends the user's sessions, so their tokens die with them; the open tab is
    // told why.
    for res in [me(&maija).await, refresh_raw(&app, &maija.refresh_token).await] {
        res.refused(StatusCode::FORBIDDEN, "account_blocked");
    }
    let res = login_raw(&app, "maija@vm.fi", PASSWORD).await;
    res.refused(StatusCode::FORBIDDEN, "account_blocked");
    login_raw(&app, "maija@vm.fi", "guessing guessing")
        .await
        .refused(StatusCode::UNAUTHORIZED, "invalid_credentials");

    set_blocked(&admin, maija.user_id, false).await;

    let back = app.login("maija@vm.fi", PASSWORD).await;
    assert_eq!(me(&back).await.status(), StatusCode::OK);
}
