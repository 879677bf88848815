use reqwest::{Method, Response, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Db, PASSWORD, Session, TestApp, body, problem};
use crate::spawn;
use crate::util::both_dbs;

const NEW_PASSWORD: &str = "a brand new and longer passphrase";

/// The seeded organisation with this code, as `GET /organisations` lists it.
async fn organisation(app: &TestApp, code: &str) -> Value {
    let list = body(app.get("/api/v1/organisations").await).await;
    list["items"]
        .as_array()
        .expect("organisations")
        .iter()
        .find(|o| o["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("organisation {code} is seeded"))
}

/// The `Retry-After` header as a number of seconds.
fn retry_after(res: &Response) -> u64 {
    res.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After header of whole seconds")
}

async fn logout(app: &TestApp, refresh_token: &str) -> Response {
    app.post("/api/v1/auth/logout", json!({ "refresh_token": refresh_token })).await
}

async fn change_password(app: &TestApp, session: &Session, current: &str, new: &str) -> Response {
    app.send_as(
        session,
        Method::POST,
        "/api/v1/me/password",
        json!({ "current_password": current, "new_password": new }),
    )
    .await
}

async fn update_me(app: &TestApp, session: &Session, change: Value) -> Response {
    app.send_as(session, Method::PATCH, "/api/v1/me", change).await
}

async fn set_blocked(app: &TestApp, admin: &Session, user: Uuid, blocked: bool) {
    let res = app
        .send_as(admin, Method::PATCH, &format!("/api/v1/users/{user}"), json!({ "blocked": blocked }))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "setting blocked = {blocked}");
}

/// Asserts a 401 with this code.
async fn assert_unauthorized(res: Response, code: &str) {
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(res).await.code, code);
}

#[apply(both_dbs)]
async fn registering_signs_in_a_participant_with_a_normalised_account(db: Db) {
    let app = spawn!(db);

    let res = app
        .register_raw(json!({
            "email": " Maija@VM.fi ",
            "password": PASSWORD,
            "display_name": "  Maija   Meikäläinen ",
        }))
        .await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let tokens = body(res).await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert!(tokens["expires_in"].as_u64().is_some_and(|s| s > 0));
    assert!(tokens["refresh_expires_in"].as_u64().is_some_and(|s| s > 0));
    assert!(tokens["refresh_token"].as_str().is_some_and(|t| !t.is_empty()));
    let user = &tokens["user"];
    assert_eq!(user["email"], "maija@vm.fi");
    assert_eq!(user["display_name"], "Maija Meikäläinen");
    assert_eq!(user["organisation"]["code"], "VM");
    assert_eq!(user["roles"], json!(["participant"]));
    assert_eq!(user["language"], "fi");

    let me = app.request(Method::GET, "/api/v1/me", tokens["access_token"].as_str(), None).await;
    assert_eq!(me.status(), StatusCode::OK);
    let me = body(me).await;
    assert_eq!(me["id"], user["id"]);
    assert_eq!(me["email"], "maija@vm.fi");
}

#[apply(both_dbs)]
async fn the_organisation_is_inferred_from_the_whole_email_domain(db: Db) {
    let app = spawn!(db);

    let lvm = app
        .register_raw(json!({ "email": "liisa@lvm.fi", "password": PASSWORD, "display_name": "Liisa" }))
        .await;
    let unknown = app
        .register_raw(json!({ "email": "erkki@example.com", "password": PASSWORD, "display_name": "Erkki" }))
        .await;

    assert_eq!(lvm.status(), StatusCode::CREATED);
    assert_eq!(body(lvm).await["user"]["organisation"]["code"], "LVM");
    assert_eq!(unknown.status(), StatusCode::CREATED);
    assert_eq!(body(unknown).await["user"]["organisation"], Value::Null);
}

#[apply(both_dbs)]
async fn a_taken_email_in_any_case_is_a_conflict_on_the_email_field(db: Db) {
    let app = spawn!(db);
    app.participant("maija").await;

    let res = app
        .register_raw(
            json!({ "email": " MAIJA@vm.FI", "password": PASSWORD, "display_name": "Toinen Maija" }),
        )
        .await;

    assert_eq!(res.status(), StatusCode::CONFLICT);
    let p = problem(res).await;
    assert_eq!(p.code, "email_taken");
    assert_eq!(p.fields(), ["email:email_taken"]);
}

#[apply(both_dbs)]
async fn invalid_registration_fields_are_each_named(db: Db) {
    let app = spawn!(db);

    let res = app
        .register_raw(json!({ "email": "not-an-address", "password": "too short", "display_name": "   " }))
        .await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "validation_failed");
    assert_eq!(p.fields(), ["display_name:required", "email:email", "password:length"]);
    assert!(p.errors.iter().all(|e| !e.message.is_empty()));
}

#[apply(both_dbs)]
async fn passwords_are_measured_in_characters_from_12_to_128(db: Db) {
    let app = spawn!(db);
    let register = |name: &str, password: String| {
        app.register_raw(
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
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let p = problem(res).await;
        assert_eq!(p.code, "validation_failed");
        assert_eq!(p.fields(), ["password:length"]);
    }
    app.login("a@vm.fi", twelve).await;
}

#[apply(both_dbs)]
async fn guessable_passwords_are_refused_as_too_weak(db: Db) {
    let app = spawn!(db);
    let maija = app.participant("maija.meikalainen").await;

    for (i, weak) in ["aaaaaaaaaaaa", "123456789012", "            ", "ääääääääääää", "maijameikalainen"]
        .into_iter()
        .enumerate()
    {
        let res = app
            .register_raw(json!({
                "email": format!("maija.meikalainen{i}@vm.fi"),
                "password": weak,
                "display_name": "Maija Meikäläinen",
            }))
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{weak:?}");
        let p = problem(res).await;
        assert_eq!(p.code, "password_too_weak", "{weak:?}");
        assert_eq!(p.fields(), ["password:password_too_weak"]);

        let res = change_password(&app, &maija, PASSWORD, weak).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{weak:?}");
        let p = problem(res).await;
        assert_eq!(p.code, "password_too_weak", "{weak:?}");
        assert_eq!(p.fields(), ["new_password:password_too_weak"]);
    }
    // The demo's password and the fixtures' passphrases pass.
    let demo = app
        .register_raw(json!({ "email": "demo@vm.fi", "password": "siilo-demo-2026", "display_name": "Demo" }))
        .await;
    assert_eq!(demo.status(), StatusCode::CREATED);
    assert_eq!(change_password(&app, &maija, PASSWORD, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
}

#[apply(both_dbs)]
async fn an_email_domain_without_a_dot_does_not_register(db: Db) {
    let app = spawn!(db);

    for email in ["testi@stm", "testi@stm.", "testi@.fi", "testi@vm..fi", "testi@"] {
        let res =
            app.register_raw(json!({ "email": email, "password": PASSWORD, "display_name": "Testi" })).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{email}");
        assert_eq!(problem(res).await.fields(), ["email:email"], "{email}");
    }
    let ok = app
        .register_raw(json!({ "email": "testi@stm.fi", "password": PASSWORD, "display_name": "Testi" }))
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
}

#[apply(both_dbs)]
async fn token_responses_are_not_stored_by_caches(db: Db) {
    let app = spawn!(db);

    let registered = app
        .register_raw(json!({ "email": "maija@vm.fi", "password": PASSWORD, "display_name": "Maija" }))
        .await;
    let logged_in = app.login_raw("maija@vm.fi", PASSWORD).await;
    let refresh_token = body(app.login_raw("maija@vm.fi", PASSWORD).await).await["refresh_token"]
        .as_str()
        .expect("refresh_token")
        .to_owned();
    let refreshed = app.refresh_raw(&refresh_token).await;

    for (what, res) in [("register", registered), ("login", logged_in), ("refresh", refreshed)] {
        assert!(res.status().is_success(), "{what}: {}", res.status());
        let cache = res.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert_eq!(cache, "no-store", "{what}");
    }
}

#[apply(both_dbs)]
async fn a_password_equal_to_the_email_in_any_case_is_refused(db: Db) {
    let app = spawn!(db);

    let res = app
        .register_raw(json!({
            "email": "maija.meikalainen@vm.fi",
            "password": "Maija.Meikalainen@VM.fi",
            "display_name": "Maija",
        }))
        .await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "password_equals_email");
    assert_eq!(p.fields(), ["password:password_equals_email"]);
    let login = app.login_raw("maija.meikalainen@vm.fi", "Maija.Meikalainen@VM.fi").await;
    assert_unauthorized(login, "invalid_credentials").await;
}

#[apply(both_dbs)]
async fn only_the_allowed_email_domains_and_their_subdomains_may_register(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| {
        c.allowed_email_domains = vec!["vm.fi".into()];
    });
    let register =
        |email: &str| app.register_raw(json!({ "email": email, "password": PASSWORD, "display_name": "X" }));

    for email in ["x@example.com", "x@lvm.fi", "x@vm.fi.example.com"] {
        let res = register(email).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{email}");
        let p = problem(res).await;
        assert_eq!(p.code, "email_domain_not_allowed", "{email}");
        assert_eq!(p.fields(), ["email:email_domain_not_allowed"]);
    }
    assert_eq!(register("maija@vm.fi").await.status(), StatusCode::CREATED);
    assert_eq!(register("matti@tilasto.vm.fi").await.status(), StatusCode::CREATED);
}

#[apply(both_dbs)]
async fn an_unknown_organisation_is_refused_at_registration(db: Db) {
    let app = spawn!(db);

    let res = app
        .register_raw(json!({
            "email": "maija@vm.fi",
            "password": PASSWORD,
            "display_name": "Maija",
            "organisation_id": Uuid::now_v7(),
        }))
        .await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "unknown_organisation");
    assert_eq!(p.fields(), ["organisation_id:unknown_organisation"]);
}

#[apply(both_dbs)]
async fn a_chosen_organisation_wins_over_the_email_domain(db: Db) {
    let app = spawn!(db);
    let okm = organisation(&app, "OKM").await;

    let res = app
        .register_raw(json!({
            "email": "maija@vm.fi",
            "password": PASSWORD,
            "display_name": "Maija",
            "organisation_id": okm["id"],
            "language": "sv",
        }))
        .await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let user = &body(res).await["user"];
    assert_eq!(user["organisation"]["id"], okm["id"]);
    assert_eq!(user["organisation"]["code"], "OKM");
    assert_eq!(user["language"], "sv");
}

#[apply(both_dbs)]
async fn logging_in_with_the_right_password_starts_a_new_session(db: Db) {
    let app = spawn!(db);
    let registered = app.participant("maija").await;

    let res = app.login_raw(" Maija@VM.fi", PASSWORD).await;

    assert_eq!(res.status(), StatusCode::OK);
    let tokens = body(res).await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["user"]["id"], registered.user_id.to_string());
    assert_eq!(tokens["user"]["email"], "maija@vm.fi");
    assert_ne!(tokens["refresh_token"], registered.refresh_token.as_str());
    let me = app.request(Method::GET, "/api/v1/me", tokens["access_token"].as_str(), None).await;
    assert_eq!(me.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(db: Db) {
    let app = spawn!(db);
    app.participant("maija").await;

    let wrong_password = app.login_raw("maija@vm.fi", "not the right password").await;
    let unknown_email = app.login_raw("nobody@vm.fi", "not the right password").await;

    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_email.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.headers().get("content-type"), unknown_email.headers().get("content-type"));
    let (a, b) = (body(wrong_password).await, body(unknown_email).await);
    assert_eq!(a["code"], "invalid_credentials");
    assert_eq!(a, b);
}

#[apply(both_dbs)]
async fn repeated_failed_logins_lock_the_account_even_for_the_right_password(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 3;
    });
    app.participant("maija").await;
    app.participant("matti").await;

    for _ in 0..3 {
        assert_unauthorized(app.login_raw("maija@vm.fi", "guessing guessing").await, "invalid_credentials")
            .await;
    }
    let res = app.login_raw("MAIJA@vm.fi", PASSWORD).await;

    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    assert_eq!(problem(res).await.code, "login_locked");
    app.login("matti@vm.fi", PASSWORD).await;
}

#[apply(both_dbs)]
async fn an_unknown_email_locks_like_a_known_one(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 3;
    });

    for _ in 0..3 {
        assert_unauthorized(app.login_raw("nobody@vm.fi", "guessing guessing").await, "invalid_credentials")
            .await;
    }
    let res = app.login_raw("nobody@vm.fi", "guessing guessing").await;

    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    assert_eq!(problem(res).await.code, "login_locked");
}

#[apply(both_dbs)]
async fn a_right_password_gives_back_its_place_but_forgives_no_failure(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 3;
    });
    app.participant("maija").await;
    let fail = || app.login_raw("maija@vm.fi", "guessing guessing");

    for _ in 0..2 {
        assert_unauthorized(fail().await, "invalid_credentials").await;
    }
    // A right password does not use up the last place...
    app.login("maija@vm.fi", PASSWORD).await;
    app.login("maija@vm.fi", PASSWORD).await;
    // ...but it does not wipe out the failures either: they count for the whole window,
    // so that an owner signing in during an attack does not hand out more guesses.
    assert_unauthorized(fail().await, "invalid_credentials").await;
    let res = app.login_raw("maija@vm.fi", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(problem(res).await.code, "login_locked");
}

/// Logins sent all at once; the statuses in the order given.
async fn burst(app: &TestApp, attempts: Vec<Value>) -> Vec<StatusCode> {
    let sends = attempts.into_iter().map(|a| app.post("/api/v1/auth/login", a));
    futures_util::future::join_all(sends).await.into_iter().map(|r| r.status()).collect()
}

/// The failures counted in a lock-out bucket, read from the database.
async fn counted_failures(app: &TestApp, key: &str) -> u32 {
    siilo_store::login_throttles::get(&app.db, key).await.expect("read the bucket").map_or(0, |s| s.failures)
}

#[apply(both_dbs)]
async fn parallel_wrong_passwords_are_judged_no_more_often_than_the_limit(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 5;
    });
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
        assert_eq!(app.login_raw("maija@vm.fi", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

#[apply(both_dbs)]
async fn strangers_cannot_lock_the_owner_s_known_client_out(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 3;
    });
    let owner = app.participant("maija").await;
    let matti = body(
        app.register_raw(json!({ "email": "matti@vm.fi", "password": PASSWORD, "display_name": "Matti" }))
            .await,
    )
    .await;
    let known = body(app.login_raw("maija@vm.fi", PASSWORD).await).await["known_client_token"]
        .as_str()
        .expect("a known_client_token")
        .to_owned();
    let with_token = |password: &str, token: &str| {
        app.post(
            "/api/v1/auth/login",
            json!({ "email": "maija@vm.fi", "password": password, "known_client_token": token }),
        )
    };

    // Twenty strangers guess at once while the owner signs in from their own browser.
    let mut attempts: Vec<Value> =
        (0..20).map(|i| json!({ "email": "maija@vm.fi", "password": format!("guess number {i}") })).collect();
    attempts.insert(10, json!({ "email": "maija@vm.fi", "password": PASSWORD, "known_client_token": known }));
    let statuses = burst(&app, attempts).await;
    assert_eq!(statuses[10], StatusCode::OK, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count(), 3, "{statuses:?}");
    // Strangers, and the owner on a new device, are locked out...
    assert_eq!(app.login_raw("maija@vm.fi", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // ...and so is anyone with a token of another account or a forged one...
    let others = matti["known_client_token"].as_str().expect("matti's token");
    assert_eq!(with_token(PASSWORD, others).await.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(with_token(PASSWORD, &owner.access_token).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // ...but the owner's own browser signs in.
    let res = with_token(PASSWORD, &known).await;
    assert_eq!(res.status(), StatusCode::OK);
    let renewed = body(res).await["known_client_token"].as_str().expect("a new token").to_owned();

    // A stolen known-client token gets its own three guesses, no more.
    for _ in 0..3 {
        assert_unauthorized(with_token("guessing guessing", &known).await, "invalid_credentials").await;
    }
    let res = with_token(PASSWORD, &known).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    assert_eq!(problem(res).await.code, "login_locked");
    // The token handed out at the last sign-in is a client of its own.
    assert_eq!(with_token(PASSWORD, &renewed).await.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn wrong_current_passwords_count_as_failed_logins(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| {
        c.login_throttle.max_failures = 3;
    });
    let maija = app.participant("maija").await;

    // Ten guesses at once with a stolen access token: three are judged.
    let wrong: Vec<String> = (0..10).map(|i| format!("guess number {i}")).collect();
    let guesses = wrong.iter().map(|w| change_password(&app, &maija, w, NEW_PASSWORD));
    let statuses: Vec<StatusCode> =
        futures_util::future::join_all(guesses).await.into_iter().map(|r| r.status()).collect();

    let judged = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
    let locked = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((judged, locked), (3, 7), "{statuses:?}");
    let res = change_password(&app, &maija, PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(problem(res).await.code, "login_locked");
    // They are the account's failures: logins from new clients are locked too.
    assert_eq!(app.login_raw("maija@vm.fi", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[apply(both_dbs)]
async fn the_auth_endpoints_have_a_per_address_ceiling_that_health_does_not(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| {
        c.auth_requests_per_minute = 3;
    });
    let unknown = json!({ "refresh_token": "not-a-refresh-token" });

    assert_eq!(app.post("/api/v1/auth/refresh", unknown.clone()).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.post("/api/v1/auth/logout", unknown.clone()).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.post("/api/v1/auth/refresh", unknown.clone()).await.status(), StatusCode::UNAUTHORIZED);
    let res = app.login_raw("maija@vm.fi", PASSWORD).await;

    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    assert_eq!(problem(res).await.code, "rate_limited");
    for _ in 0..5 {
        assert_eq!(app.get("/api/v1/health").await.status(), StatusCode::OK);
    }
}

#[apply(both_dbs)]
async fn refreshing_uses_up_the_refresh_token_and_hands_out_a_new_pair(db: Db) {
    let app = spawn!(db);
    let first = app.participant("maija").await;

    let second = app.refresh(&first.refresh_token).await;

    assert_ne!(second.refresh_token, first.refresh_token);
    assert_eq!(second.user_id, first.user_id);
    assert_eq!(app.me(&second).await.status(), StatusCode::OK);
    assert_eq!(app.me(&first).await.status(), StatusCode::OK, "the session's older access token still works");
    let third = app.refresh(&second.refresh_token).await;
    assert_ne!(third.refresh_token, second.refresh_token);
    assert_eq!(app.me(&third).await.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn replaying_a_used_refresh_token_ends_that_session_only(db: Db) {
    let app = spawn!(db);
    let first = app.participant("maija").await;
    let other_session = app.login("maija@vm.fi", PASSWORD).await;
    let rotated = app.refresh(&first.refresh_token).await;

    let replay = app.refresh_raw(&first.refresh_token).await;

    assert_unauthorized(replay, "refresh_token_reused").await;
    assert_eq!(app.refresh_raw(&rotated.refresh_token).await.status(), StatusCode::UNAUTHORIZED);
    assert_unauthorized(app.me(&rotated).await, "session_ended").await;
    assert_unauthorized(app.me(&first).await, "session_ended").await;
    assert_eq!(app.me(&other_session).await.status(), StatusCode::OK);
    let renewed = app.refresh(&other_session.refresh_token).await;
    assert_eq!(app.me(&renewed).await.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn an_unknown_refresh_token_is_refused(db: Db) {
    let app = spawn!(db);
    app.participant("maija").await;

    let res = app.refresh_raw("bm90LWEtcmVmcmVzaC10b2tlbi1ub3QtYS1yZWZyZXNoLXRva2Vu").await;

    assert_eq!(res.headers().get("www-authenticate").and_then(|v| v.to_str().ok()), Some("Bearer"));
    assert_unauthorized(res, "invalid_refresh_token").await;
}

#[apply(both_dbs)]
async fn logging_out_ends_the_session_of_the_refresh_token(db: Db) {
    let app = spawn!(db);
    let leaving = app.participant("maija").await;
    let staying = app.login("maija@vm.fi", PASSWORD).await;

    let res = logout(&app, &leaving.refresh_token).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(res.bytes().await.expect("a body").is_empty());
    assert_eq!(app.refresh_raw(&leaving.refresh_token).await.status(), StatusCode::UNAUTHORIZED);
    assert_unauthorized(app.me(&leaving).await, "session_ended").await;
    assert_eq!(app.me(&staying).await.status(), StatusCode::OK);
    app.refresh(&staying.refresh_token).await;
}

#[apply(both_dbs)]
async fn logging_out_an_unknown_or_ended_session_still_answers_no_content(db: Db) {
    let app = spawn!(db);
    let maija = app.participant("maija").await;

    assert_eq!(logout(&app, "no-such-refresh-token").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(logout(&app, &maija.refresh_token).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(logout(&app, &maija.refresh_token).await.status(), StatusCode::NO_CONTENT);
}

#[apply(both_dbs)]
async fn a_password_change_needs_the_current_password_and_a_different_new_one(db: Db) {
    let app = spawn!(db);
    let maija = app.participant("maija.meikalainen").await;

    let wrong = change_password(&app, &maija, "not my password", NEW_PASSWORD).await;
    let same = change_password(&app, &maija, PASSWORD, PASSWORD).await;
    let email = change_password(&app, &maija, PASSWORD, "MAIJA.MEIKALAINEN@vm.fi").await;

    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(wrong).await;
    assert_eq!(p.code, "wrong_current_password");
    assert_eq!(p.fields(), ["current_password:wrong_current_password"]);
    assert_eq!(same.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(same).await;
    assert_eq!(p.code, "password_unchanged");
    assert_eq!(p.fields(), ["new_password:password_unchanged"]);
    assert_eq!(email.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(email).await.code, "password_equals_email");
    app.login("maija.meikalainen@vm.fi", PASSWORD).await;
}

#[apply(both_dbs)]
async fn changing_the_password_ends_every_other_session(db: Db) {
    let app = spawn!(db);
    let here = app.participant("maija").await;
    let elsewhere = app.login("maija@vm.fi", PASSWORD).await;

    let res = change_password(&app, &here, PASSWORD, NEW_PASSWORD).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_unauthorized(app.me(&elsewhere).await, "session_ended").await;
    assert_eq!(app.refresh_raw(&elsewhere.refresh_token).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.me(&here).await.status(), StatusCode::OK);
    let renewed = app.refresh(&here.refresh_token).await;
    assert_eq!(app.me(&renewed).await.status(), StatusCode::OK);
    assert_unauthorized(app.login_raw("maija@vm.fi", PASSWORD).await, "invalid_credentials").await;
    app.login("maija@vm.fi", NEW_PASSWORD).await;
}

#[apply(both_dbs)]
async fn a_profile_update_changes_only_the_fields_given(db: Db) {
    let app = spawn!(db);
    let maija = app.participant("maija").await;
    let okm = organisation(&app, "OKM").await;

    let renamed = body(update_me(&app, &maija, json!({ "display_name": "  Maija   Virtanen " })).await).await;
    assert_eq!(renamed["display_name"], "Maija Virtanen");
    assert_eq!(renamed["language"], "fi");
    assert_eq!(renamed["organisation"]["code"], "VM");

    let swedish = body(update_me(&app, &maija, json!({ "language": "sv" })).await).await;
    assert_eq!(swedish["language"], "sv");
    assert_eq!(swedish["display_name"], "Maija Virtanen");

    let moved = body(update_me(&app, &maija, json!({ "organisation_id": okm["id"] })).await).await;
    assert_eq!(moved["organisation"]["id"], okm["id"]);
    assert_eq!(moved["organisation"]["code"], "OKM");

    let res = update_me(&app, &maija, json!({ "organisation_id": null })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me = body(app.me(&maija).await).await;
    assert_eq!(me["organisation"], Value::Null);
    assert_eq!(me["display_name"], "Maija Virtanen");
    assert_eq!(me["language"], "sv");
    assert_eq!(me["email"], "maija@vm.fi");
}

#[apply(both_dbs)]
async fn a_profile_update_with_an_unknown_field_is_refused(db: Db) {
    let app = spawn!(db);
    let maija = app.participant("maija").await;

    let res = update_me(&app, &maija, json!({ "display_name": "Maija V", "email": "boss@vm.fi" })).await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "validation_failed");
    assert_eq!(p.fields(), ["email:unknown_field"]);
    let me = body(app.me(&maija).await).await;
    assert_eq!((me["email"].as_str(), me["display_name"].as_str()), (Some("maija@vm.fi"), Some("maija")));
}

#[apply(both_dbs)]
async fn a_profile_update_to_an_unknown_organisation_is_refused(db: Db) {
    let app = spawn!(db);
    let maija = app.participant("maija").await;

    let res = update_me(&app, &maija, json!({ "organisation_id": Uuid::now_v7() })).await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "unknown_organisation");
    assert_eq!(p.fields(), ["organisation_id:unknown_organisation"]);
    assert_eq!(body(app.me(&maija).await).await["organisation"]["code"], "VM");
}

#[apply(both_dbs)]
async fn a_blocked_user_is_shut_out_at_once_until_unblocked(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let maija = app.participant("maija").await;

    set_blocked(&app, &admin, maija.user_id, true).await;

    // Blocking ends the user's sessions, so their tokens die with them; the open tab is
    // told why.
    for res in [app.me(&maija).await, app.refresh_raw(&maija.refresh_token).await] {
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(problem(res).await.code, "account_blocked");
    }
    let res = app.login_raw("maija@vm.fi", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(res).await.code, "account_blocked");
    assert_unauthorized(app.login_raw("maija@vm.fi", "guessing guessing").await, "invalid_credentials").await;

    set_blocked(&app, &admin, maija.user_id, false).await;

    let back = app.login("maija@vm.fi", PASSWORD).await;
    assert_eq!(app.me(&back).await.status(), StatusCode::OK);
}
