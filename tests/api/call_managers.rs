//! Call managers: admins grant and revoke the running of one call or of an organisation's
//! calls; a manager runs those calls (and hosts new ones for their organisation) and nothing
//! else; every act is in the audit log; host organisations show on calls.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use siilo_domain::roles::Role;
use uuid::Uuid;

use crate::util::call_body;
use crate::util::views::Call;
use crate::util::{Db, TestApp, User, both_dbs};

struct World {
    app: TestApp,
    admin: User,
    /// Manages STM's calls.
    org_manager: User,
    /// Manages `call` alone.
    call_manager: User,
    stm: Uuid,
    vm: Uuid,
    /// A published call hosted by no one, with `call_manager` its manager.
    call: Call,
    /// Another published call nobody but admins manages.
    other: Call,
}

async fn world(db: Db) -> World {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let org_manager = app.register("olli@stm.fi", "Olli Organisaatio").await;
    let call_manager = app.participant("kaisa").await;
    let stm = admin.organisation_id("STM").await;
    let vm = admin.organisation_id("VM").await;
    let call = admin.open_call().await;
    let other = admin.open_call().await;
    admin
        .put_empty(&format!("/api/v1/organisations/{stm}/managers/{}", org_manager.user_id))
        .await
        .expect(StatusCode::CREATED);
    admin
        .put_empty(&format!("/api/v1/calls/{}/managers/{}", call.id, call_manager.user_id))
        .await
        .expect(StatusCode::CREATED);
    World { app, admin, org_manager, call_manager, stm, vm, call, other }
}

async fn log(admin: &User, query: &str) -> Vec<Value> {
    admin.get(&format!("/api/v1/moderation/log?{query}")).await.ok::<Value>()["items"]
        .as_array()
        .unwrap()
        .clone()
}

#[apply(both_dbs)]
async fn only_admins_grant_and_revoke_and_grants_are_idempotent(db: Db) {
    let w = world(db).await;
    let bob = w.app.participant("bob").await;
    let moderator = w.app.moderator("mona").await;
    for who in [&bob, &moderator, &w.org_manager, &w.call_manager] {
        who.put_empty(&format!("/api/v1/calls/{}/managers/{}", w.call.id, bob.user_id))
            .await
            .refused(StatusCode::FORBIDDEN, "role_required");
        who.put_empty(&format!("/api/v1/organisations/{}/managers/{}", w.stm, bob.user_id))
            .await
            .refused(StatusCode::FORBIDDEN, "role_required");
        who.delete(&format!("/api/v1/calls/{}/managers/{}", w.call.id, w.call_manager.user_id))
            .await
            .refused(StatusCode::FORBIDDEN, "role_required");
        who.get(&format!("/api/v1/calls/{}/managers", w.call.id))
            .await
            .refused(StatusCode::FORBIDDEN, "role_required");
        who.get(&format!("/api/v1/organisations/{}/managers", w.stm))
            .await
            .refused(StatusCode::FORBIDDEN, "role_required");
    }
    w.app.anon().get(&format!("/api/v1/calls/{}/managers", w.call.id)).await.expect(StatusCode::UNAUTHORIZED);

    // Granting again changes nothing: 200, one row, one log entry.
    let again =
        w.admin.put_empty(&format!("/api/v1/calls/{}/managers/{}", w.call.id, w.call_manager.user_id)).await;
    let m: Value = again.ok();
    assert_eq!(m["user"]["id"], json!(w.call_manager.user_id));
    assert_eq!(m["email"], json!("kaisa@vm.fi"));
    assert_eq!(m["organisation"]["code"], json!("VM"));
    let list: Value = w.admin.get(&format!("/api/v1/calls/{}/managers", w.call.id)).await.ok();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let orgs: Value = w.admin.get(&format!("/api/v1/organisations/{}/managers", w.stm)).await.ok();
    assert_eq!(orgs["items"][0]["user"]["display_name"], json!("Olli Organisaatio"));
    let granted =
        log(&w.admin, &format!("action=call_manager_granted&target_id={}", w.call_manager.user_id)).await;
    assert_eq!(granted.len(), 1);
    assert_eq!(granted[0]["actor"]["id"], json!(w.admin.user_id));
    assert_eq!(granted[0]["target"], json!({ "kind": "user", "id": w.call_manager.user_id }));
    assert_eq!(granted[0]["data"], json!({ "scope": "call", "call_id": w.call.id }));
    let org_granted =
        log(&w.admin, &format!("action=call_manager_granted&target_id={}", w.org_manager.user_id)).await;
    assert_eq!(org_granted[0]["data"], json!({ "scope": "organisation", "organisation_id": w.stm }));

    // Concurrent grants of one scope make one grant.
    let path = format!("/api/v1/organisations/{}/managers/{}", w.vm, bob.user_id);
    let puts = (0..4).map(|_| w.admin.put_empty(&path));
    let statuses: Vec<StatusCode> = join_all(puts).await.iter().map(|r| r.status()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::OK), "{statuses:?}");
    let vm_managers: Value = w.admin.get(&format!("/api/v1/organisations/{}/managers", w.vm)).await.ok();
    assert_eq!(vm_managers["items"].as_array().unwrap().len(), 1);

    // Revoking: 204, then 404; logged once.
    w.admin
        .delete(&format!("/api/v1/organisations/{}/managers/{}", w.vm, bob.user_id))
        .await
        .expect(StatusCode::NO_CONTENT);
    w.admin
        .delete(&format!("/api/v1/organisations/{}/managers/{}", w.vm, bob.user_id))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
    let revoked = log(&w.admin, &format!("action=call_manager_revoked&target_id={}", bob.user_id)).await;
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0]["data"], json!({ "scope": "organisation", "organisation_id": w.vm }));

    // No such call, organisation or user; blocked and erased users are no one to grant.
    let nobody = Uuid::now_v7();
    w.admin
        .put_empty(&format!("/api/v1/calls/{nobody}/managers/{}", bob.user_id))
        .await
        .expect(StatusCode::NOT_FOUND);
    w.admin
        .put_empty(&format!("/api/v1/organisations/{nobody}/managers/{}", bob.user_id))
        .await
        .expect(StatusCode::NOT_FOUND);
    w.admin
        .put_empty(&format!("/api/v1/calls/{}/managers/{nobody}", w.call.id))
        .await
        .expect(StatusCode::NOT_FOUND);
    w.admin.put_empty("/api/v1/calls/not-a-uuid/managers/x").await.expect(StatusCode::NOT_FOUND);
    let blocked = w.app.participant("blocked").await;
    w.admin
        .patch(&format!("/api/v1/users/{}", blocked.user_id), &json!({ "blocked": true }))
        .await
        .expect(StatusCode::OK);
    w.admin
        .put_empty(&format!("/api/v1/calls/{}/managers/{}", w.call.id, blocked.user_id))
        .await
        .expect(StatusCode::NOT_FOUND);
}

#[apply(both_dbs)]
async fn me_tells_what_the_viewer_manages(db: Db) {
    let w = world(db).await;
    let me: Value = w.org_manager.get("/api/v1/me").await.ok();
    assert_eq!(me["manages"], json!({ "call_ids": [], "organisation_ids": [w.stm] }));
    let me: Value = w.call_manager.get("/api/v1/me").await.ok();
    assert_eq!(me["manages"], json!({ "call_ids": [w.call.id], "organisation_ids": [] }));
    let me: Value = w.admin.get("/api/v1/me").await.ok();
    assert_eq!(me["manages"], json!({ "call_ids": [], "organisation_ids": [] }));
}

#[apply(both_dbs)]
async fn an_organisations_manager_creates_and_runs_its_call(db: Db) {
    let w = world(db).await;
    let m = &w.org_manager;
    // Another organisation, none, or an unknown one: refused.
    m.post("/api/v1/calls", &call_body(json!({ "host_organisation_id": w.vm })))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
    let p = m
        .post("/api/v1/calls", &call_body(json!({})))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.errors[0].field, "host_organisation_id");
    m.post("/api/v1/calls", &call_body(json!({ "host_organisation_id": Uuid::now_v7() })))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");

    let call: Call =
        m.post("/api/v1/calls", &call_body(json!({ "host_organisation_id": w.stm }))).await.created();
    assert_eq!(call.phase, "draft");
    let raw: Value = m.get(&format!("/api/v1/calls/{}", call.id)).await.ok();
    assert_eq!(raw["host_organisation"]["code"], json!("STM"));
    assert_eq!(raw["viewer"]["can_manage"], json!(true));

    // The draft: seen by its manager and admins, by nobody else.
    let bob = w.app.participant("bob").await;
    bob.get(&format!("/api/v1/calls/{}", call.id)).await.expect(StatusCode::NOT_FOUND);
    w.app.anon().get(&format!("/api/v1/calls/{}", call.slug)).await.expect(StatusCode::NOT_FOUND);
    w.call_manager.get(&format!("/api/v1/calls/{}", call.id)).await.expect(StatusCode::NOT_FOUND);
    let ids = |v: Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
    };
    assert!(ids(m.get("/api/v1/calls").await.ok()).contains(&call.id));
    assert!(ids(w.admin.get("/api/v1/calls").await.ok()).contains(&call.id));
    assert!(!ids(bob.get("/api/v1/calls").await.ok()).contains(&call.id));
    assert!(!ids(w.call_manager.get("/api/v1/calls").await.ok()).contains(&call.id));
    assert!(!ids(w.app.anon().get("/api/v1/calls").await.ok()).contains(&call.id));

    // Edits, adds a theme, sets criteria, publishes, assigns an evaluator.
    let edited: Value = m
        .patch(&format!("/api/v1/calls/{}", call.id), &json!({ "title": { "fi": "STM:n haaste" } }))
        .await
        .ok();
    assert_eq!(edited["title"]["fi"], json!("STM:n haaste"));
    m.patch(&format!("/api/v1/calls/{}", call.id), &json!({ "host_organisation_id": w.vm }))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
    m.patch(&format!("/api/v1/calls/{}", call.id), &json!({ "host_organisation_id": null }))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
    let theme: Value = m
        .post(&format!("/api/v1/calls/{}/themes", call.id), &json!({ "name": { "fi": "Hyvinvointi" } }))
        .await
        .created();
    m.patch(
        &format!("/api/v1/calls/{}/themes/{}", call.id, theme["id"].as_str().unwrap()),
        &json!({ "position": 5 }),
    )
    .await
    .expect(StatusCode::OK);
    m.put(
        &format!("/api/v1/calls/{}/criteria", call.id),
        &json!({ "criteria": [{ "name": { "fi": "Vaikuttavuus" }, "description": { "fi": "Mitä muuttuu." }, "weight": 1.0 }] }),
    )
    .await
    .expect(StatusCode::OK);
    let published: Call = m.post_empty(&format!("/api/v1/calls/{}/publish", call.id)).await.ok();
    assert_eq!(published.phase, "open");
    let eva = w.app.user_with_roles("eva", &[Role::Evaluator]).await;
    m.put_empty(&format!("/api/v1/calls/{}/evaluators/{}", call.id, eva.user_id))
        .await
        .expect(StatusCode::CREATED);
    let evaluators: Value = m.get(&format!("/api/v1/calls/{}/evaluators", call.id)).await.ok();
    assert_eq!(evaluators["items"].as_array().unwrap().len(), 1);
    m.get(&format!("/api/v1/calls/{}/review-progress", call.id)).await.expect(StatusCode::OK);
    m.get(&format!("/api/v1/calls/{}/ranking", call.id)).await.expect(StatusCode::OK);
    m.get(&format!("/api/v1/calls/{}/export?format=json", call.id)).await.expect(StatusCode::OK);
    m.delete(&format!("/api/v1/calls/{}/themes/{}", call.id, theme["id"].as_str().unwrap()))
        .await
        .expect(StatusCode::NO_CONTENT);
    m.post_empty(&format!("/api/v1/calls/{}/archive", call.id)).await.expect(StatusCode::OK);

    // Every act in the audit log, with the manager as the actor.
    let entries = log(&w.admin, &format!("call_id={}&actor_id={}", call.id, m.user_id)).await;
    let mut actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    actions.reverse();
    assert_eq!(
        actions,
        [
            "call_created",
            "call_updated",
            "themes_changed",
            "themes_changed",
            "criteria_changed",
            "call_published",
            "evaluator_assigned",
            "themes_changed",
            "call_archived"
        ]
    );
    let updated = entries.iter().find(|e| e["action"] == "call_updated").unwrap();
    assert_eq!(updated["data"]["fields"], json!(["title"]));
    assert_eq!(updated["target"], json!({ "kind": "call", "id": call.id }));

    // Host organisation on the public list once published.
    let listed: Value = bob.get("/api/v1/calls").await.ok();
    let item =
        listed["items"].as_array().unwrap().iter().find(|c| c["id"] == json!(call.id)).unwrap().clone();
    assert_eq!(item["host_organisation"]["short_name"]["fi"], json!("STM"));
    assert_eq!(item["viewer"]["can_manage"], json!(false));
}

#[apply(both_dbs)]
async fn a_manager_touches_no_other_call_nor_users_organisations_or_pilots(db: Db) {
    let w = world(db).await;
    let other = &w.other.id;
    let eva = w.app.user_with_roles("eva", &[Role::Evaluator]).await;
    let admins_theme = w.other.themes[0].id.clone();
    for m in [&w.org_manager, &w.call_manager] {
        let refused = [
            m.patch(&format!("/api/v1/calls/{other}"), &json!({ "title": { "fi": "Kaapattu" } })).await,
            m.post_empty(&format!("/api/v1/calls/{other}/publish")).await,
            m.post_empty(&format!("/api/v1/calls/{other}/archive")).await,
            m.post(&format!("/api/v1/calls/{other}/themes"), &json!({ "name": { "fi": "Uusi" } })).await,
            m.patch(&format!("/api/v1/calls/{other}/themes/{admins_theme}"), &json!({ "position": 1 })).await,
            m.delete(&format!("/api/v1/calls/{other}/themes/{admins_theme}")).await,
            m.put(&format!("/api/v1/calls/{other}/criteria"), &json!({ "criteria": [] })).await,
            m.get(&format!("/api/v1/calls/{other}/evaluators")).await,
            m.put_empty(&format!("/api/v1/calls/{other}/evaluators/{}", eva.user_id)).await,
            m.delete(&format!("/api/v1/calls/{other}/evaluators/{}", eva.user_id)).await,
        ];
        for r in refused {
            r.refused(StatusCode::FORBIDDEN, "not_call_manager");
        }
        for path in ["ranking", "review-progress", "export"] {
            m.get(&format!("/api/v1/calls/{other}/{path}")).await.expect(StatusCode::FORBIDDEN);
        }
        m.get("/api/v1/users").await.refused(StatusCode::FORBIDDEN, "role_required");
        m.patch(&format!("/api/v1/users/{}", eva.user_id), &json!({ "roles": ["participant", "admin"] }))
            .await
            .refused(StatusCode::FORBIDDEN, "role_required");
        let org = json!({
            "code": "DVV",
            "name": { "fi": "Digi- ja väestötietovirasto", "sv": "Myndigheten för digitalisering och befolkningsdata", "en": "Digital and Population Data Services Agency" },
            "email_domains": ["dvv.fi"],
        });
        m.post("/api/v1/organisations", &org).await.refused(StatusCode::FORBIDDEN, "role_required");
        m.patch(&format!("/api/v1/organisations/{}", w.stm), &json!({ "email_domains": ["stm.fi", "x.fi"] }))
            .await
            .refused(StatusCode::FORBIDDEN, "role_required");
        let pilot = json!({
            "proposal_ids": [Uuid::now_v7()],
            "title": "Kaapattu kokeilu",
            "goal": "Ei saa onnistua.",
            "language": "fi",
            "owner_organisation_id": w.stm,
            "partner_organisation_ids": [],
            "contact_name": "Olli",
            "contact_email": "olli@stm.fi",
            "starts_on": "2027-02-01",
            "ends_on": "2027-07-31",
            "status": "planned",
            "team_user_ids": [],
        });
        m.post("/api/v1/pilots", &pilot).await.refused(StatusCode::FORBIDDEN, "role_required");
        m.get("/api/v1/moderation/queue").await.expect(StatusCode::FORBIDDEN);
        m.post_empty(&format!("/api/v1/calls/{other}/results")).await.expect(StatusCode::FORBIDDEN);
    }
    // Nothing changed in the other call.
    let still: Call = w.admin.get(&format!("/api/v1/calls/{other}")).await.ok();
    assert_eq!(still.title.fi, w.other.title.fi);
    assert_eq!(still.themes.len(), w.other.themes.len());

    // A call's manager creates no calls.
    w.call_manager
        .post("/api/v1/calls", &call_body(json!({})))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
    w.call_manager
        .post("/api/v1/calls", &call_body(json!({ "host_organisation_id": w.stm })))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
    // The organisation's manager does not run a call hosted by no one (or by another).
    w.org_manager
        .patch(&format!("/api/v1/calls/{}", w.call.id), &json!({ "title": { "fi": "Ei" } }))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
}

#[apply(both_dbs)]
async fn a_calls_manager_runs_only_that_call_and_revoking_ends_it_at_once(db: Db) {
    let w = world(db).await;
    let m = &w.call_manager;
    let call: Value = m.get(&format!("/api/v1/calls/{}", w.call.id)).await.ok();
    assert_eq!(call["viewer"]["can_manage"], json!(true));
    assert_eq!(call["host_organisation"], Value::Null);
    let other: Value = m.get(&format!("/api/v1/calls/{}", w.other.id)).await.ok();
    assert_eq!(other["viewer"]["can_manage"], json!(false));
    m.patch(&format!("/api/v1/calls/{}", w.call.id), &json!({ "report_threshold": 5 }))
        .await
        .expect(StatusCode::OK);
    m.post(&format!("/api/v1/calls/{}/themes", w.call.id), &json!({ "name": { "fi": "Kolmas" } }))
        .await
        .expect(StatusCode::CREATED);
    // Not its host: a call's manager gives it none.
    m.patch(&format!("/api/v1/calls/{}", w.call.id), &json!({ "host_organisation_id": w.stm }))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");

    w.admin
        .delete(&format!("/api/v1/calls/{}/managers/{}", w.call.id, m.user_id))
        .await
        .expect(StatusCode::NO_CONTENT);
    m.patch(&format!("/api/v1/calls/{}", w.call.id), &json!({ "report_threshold": 6 }))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
    let call: Value = m.get(&format!("/api/v1/calls/{}", w.call.id)).await.ok();
    assert_eq!(call["viewer"]["can_manage"], json!(false));
    let me: Value = m.get("/api/v1/me").await.ok();
    assert_eq!(me["manages"]["call_ids"], json!([]));

    // Admins' acts are logged too.
    w.admin
        .patch(&format!("/api/v1/calls/{}", w.call.id), &json!({ "report_threshold": 7 }))
        .await
        .expect(StatusCode::OK);
    let entries = log(&w.admin, &format!("call_id={}&action=call_updated", w.call.id)).await;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["actor"]["id"], json!(w.admin.user_id));
    assert_eq!(entries[1]["actor"]["id"], json!(m.user_id));
}

#[apply(both_dbs)]
async fn admins_give_any_host_or_none_and_an_organisation_grant_follows_the_host(db: Db) {
    let w = world(db).await;
    let call: Call =
        w.admin.post("/api/v1/calls", &call_body(json!({ "host_organisation_id": w.vm }))).await.created();
    let raw: Value = w.admin.get(&format!("/api/v1/calls/{}", call.id)).await.ok();
    assert_eq!(raw["host_organisation"]["code"], json!("VM"));
    let p = w
        .admin
        .post("/api/v1/calls", &call_body(json!({ "host_organisation_id": Uuid::now_v7() })))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.errors[0].field, "host_organisation_id");
    assert_eq!(p.errors[0].code, "unknown_organisation");
    // STM's manager cannot touch it, until an admin moves it to STM.
    w.org_manager
        .post_empty(&format!("/api/v1/calls/{}/publish", call.id))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
    w.admin
        .patch(&format!("/api/v1/calls/{}", call.id), &json!({ "host_organisation_id": w.stm }))
        .await
        .expect(StatusCode::OK);
    w.org_manager.post_empty(&format!("/api/v1/calls/{}/publish", call.id)).await.expect(StatusCode::OK);
    // And back to none: no longer theirs.
    let none: Value = w
        .admin
        .patch(&format!("/api/v1/calls/{}", call.id), &json!({ "host_organisation_id": null }))
        .await
        .ok();
    assert_eq!(none["host_organisation"], Value::Null);
    w.org_manager
        .post_empty(&format!("/api/v1/calls/{}/archive", call.id))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
}
