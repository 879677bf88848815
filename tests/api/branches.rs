//! Agencies and administrative branches: the seeded agencies, organisation parents, and a
//! proposal's cross-administrative reach (distinct branches) in views, lists, statistics,
//! the ranking and the export.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::exports::exec;
use crate::util::views::{Call, Me};
use crate::util::{Db, TestApp, User, both_dbs};

async fn organisations(app: &TestApp) -> Vec<Value> {
    let res = app.anon().get("/api/v1/organisations").await;
    res.expect(StatusCode::OK);
    res.value()["items"].as_array().expect("items").clone()
}

fn by_code<'a>(all: &'a [Value], code: &str) -> &'a Value {
    all.iter().find(|o| o["code"] == code).unwrap_or_else(|| panic!("{code} exists"))
}

async fn set_parent(admin: &User, org: Uuid, parent: Value) -> crate::util::Response {
    admin.patch(&format!("/api/v1/organisations/{org}"), &json!({ "parent_id": parent })).await
}

/// Submits a proposal naming `orgs`; its id.
async fn submit(who: &User, call: &Call, orgs: &[Uuid]) -> String {
    let res = who.submit_with(call, json!({ "organisation_ids": orgs })).await;
    res.created::<Value>()["id"].as_str().expect("an id").to_owned()
}

async fn detail(app: &TestApp, id: &str) -> Value {
    let res = app.anon().get(&format!("/api/v1/proposals/{id}")).await;
    res.expect(StatusCode::OK);
    res.value()
}

async fn reach(app: &TestApp, id: &str) -> u64 {
    let p = detail(app, id).await;
    let reach = p["reach"].as_u64().expect("reach");
    assert_eq!(p["branches"].as_array().expect("branches").len() as u64, reach, "one group per branch: {p}");
    reach
}

/// `(branch code, involved codes, interested codes)` of a proposal's detail.
fn grouped(p: &Value) -> Vec<(String, Vec<String>, Vec<String>)> {
    let codes = |v: &Value| -> Vec<String> {
        v.as_array().expect("a list").iter().map(|o| o["code"].as_str().expect("code").to_owned()).collect()
    };
    p["branches"]
        .as_array()
        .expect("branches")
        .iter()
        .map(|b| {
            (
                b["branch"]["code"].as_str().expect("code").to_owned(),
                codes(&b["involved"]),
                codes(&b["interested"]),
            )
        })
        .collect()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_owned()).collect()
}

#[apply(both_dbs)]
async fn agencies_are_seeded_in_their_ministrys_branch_and_registration_places_their_staff(db: Db) {
    let app = TestApp::spawn(db).await;
    let all = organisations(&app).await;
    let id = |code: &str| by_code(&all, code)["id"].clone();

    for (agency, ministry) in
        [("VERO", "VM"), ("DVV", "VM"), ("THL", "STM"), ("KELA", "STM"), ("TRAFICOM", "LVM"), ("MIGRI", "SM")]
    {
        let a = by_code(&all, agency);
        assert_eq!(a["parent_id"], id(ministry), "{agency}");
        assert_eq!(a["branch"]["code"], ministry, "{agency}");
        assert_eq!(a["branch"]["parent_id"], Value::Null);
    }
    let vm = by_code(&all, "VM");
    assert_eq!(
        (&vm["parent_id"], &vm["branch"]["code"]),
        (&Value::Null, &json!("VM")),
        "a ministry is its own branch"
    );
    let kela = by_code(&all, "KELA");
    assert_eq!(kela["short_name"], json!({ "fi": "Kela", "sv": "FPA", "en": "Kela" }));
    assert_eq!(kela["email_domains"], json!(["kela.fi"]));
    for o in &all {
        if !o["parent_id"].is_null() {
            let parent = all.iter().find(|p| p["id"] == o["parent_id"]).expect("the parent exists");
            assert!(parent["parent_id"].is_null(), "branches are one level deep: {o}");
        }
    }

    let veera = app.register("veera@vero.fi", "Veera").await;
    let me: Me = veera.get("/api/v1/me").await.ok();

    let org = me.organisation.expect("an organisation");
    assert_eq!(org.code, "VERO");
    let raw = veera.get("/api/v1/me").await.value();
    assert_eq!(raw["organisation"]["parent_id"], id("VM"), "in VM's branch");
}

#[apply(both_dbs)]
async fn a_parent_must_be_another_existing_top_level_organisation(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let [vm, stm, okm, vero, thl] = [
        admin.organisation_id("VM").await,
        admin.organisation_id("STM").await,
        admin.organisation_id("OKM").await,
        admin.organisation_id("VERO").await,
        admin.organisation_id("THL").await,
    ];
    let before = organisations(&app).await;

    for (org, parent, why) in [
        (thl, json!(thl), "itself"),
        (okm, json!(vero), "an agency as the parent"),
        (vm, json!(stm), "an organisation with agencies"),
        (thl, json!(Uuid::now_v7()), "an unknown parent"),
    ] {
        let res = set_parent(&admin, org, parent).await;
        let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "organisation_parent_invalid");
        assert_eq!(p.fields(), ["parent_id:organisation_parent_invalid"], "{why}");
    }
    let new = |parent: Value| {
        json!({
            "code": "VALTORI",
            "name": { "fi": "Valtori", "sv": "Valtori", "en": "Valtori" },
            "email_domains": ["valtori.fi"],
            "parent_id": parent,
        })
    };
    admin
        .post("/api/v1/organisations", &new(json!(vero)))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "organisation_parent_invalid");
    set_parent(&alice, thl, json!(vm)).await.refused(StatusCode::FORBIDDEN, "role_required");
    set_parent(&admin, Uuid::now_v7(), json!(vm)).await.refused(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(organisations(&app).await, before, "nothing changed");

    let created: Value = admin.post("/api/v1/organisations", &new(json!(vm))).await.created();
    assert_eq!((&created["parent_id"], &created["branch"]["code"]), (&json!(vm), &json!("VM")));
    let moved: Value = set_parent(&admin, thl, json!(okm)).await.ok();
    assert_eq!(moved["branch"]["code"], "OKM");
    let top: Value = set_parent(&admin, thl, Value::Null).await.ok();
    assert_eq!((&top["parent_id"], &top["branch"]["code"]), (&Value::Null, &json!("THL")), "top-level");
    let kept: Value =
        admin.patch(&format!("/api/v1/organisations/{vero}"), &json!({ "code": "VEROH" })).await.ok();
    assert_eq!(kept["parent_id"], json!(vm), "left out, the parent stays");
    let all = organisations(&app).await;
    assert_eq!(by_code(&all, "THL")["parent_id"], Value::Null, "the list shows the change");
}

#[apply(both_dbs)]
async fn reach_counts_branches_not_organisations_on_create_and_edit(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await; // VM
    let [vero, thl] = [admin.organisation_id("VERO").await, admin.organisation_id("THL").await];

    let p = submit(&alice, &call, &[vero]).await;
    assert_eq!(reach(&app, &p).await, 1, "VM and the Tax Administration are one branch");
    assert_eq!(grouped(&detail(&app, &p).await), [("VM".into(), s(&["VERO", "VM"]), vec![])]);

    let res =
        alice.patch(&format!("/api/v1/proposals/{p}"), &json!({ "organisation_ids": [vero, thl] })).await;
    assert_eq!(res.ok::<Value>()["reach"], 2, "the edit's answer counts it too");
    assert_eq!(reach(&app, &p).await, 2, "VM and THL are two");
    assert_eq!(
        grouped(&detail(&app, &p).await),
        [("STM".into(), s(&["THL"]), vec![]), ("VM".into(), s(&["VERO", "VM"]), vec![])]
    );
    let page = app.anon().get(&format!("/api/v1/calls/{}/proposals", call.id)).await.value();
    assert_eq!(page["items"][0]["reach"], 2, "list items carry it");

    // An interested organisation (the interest routes write these rows) counts, listed apart.
    let kela = admin.organisation_id("KELA").await;
    let tulli = admin.organisation_id("TULLI").await;
    let bob = app.register("bob@kela.fi", "Bob").await;
    let carl = app.register("carl@tulli.fi", "Carl").await;
    for (who, org) in [(&bob, kela), (&carl, tulli)] {
        exec(
            &app,
            "INSERT INTO proposal_interests (proposal_id, user_id, organisation_id, on_behalf, created_at, updated_at) \
             VALUES ($1, $2, $3, true, $4, $4)",
            vec![p.parse::<Uuid>().unwrap().into(), who.user_id.into(), org.into(), chrono::Utc::now().into()],
        )
        .await;
    }
    siilo_store::reach::refresh(&app.db, p.parse().unwrap()).await.expect("refresh");
    assert_eq!(reach(&app, &p).await, 2, "Kela is in STM's branch, Tulli in VM's");
    assert_eq!(
        grouped(&detail(&app, &p).await),
        [("STM".into(), s(&["THL"]), s(&["KELA"])), ("VM".into(), s(&["VERO", "VM"]), s(&["TULLI"]))]
    );
}

#[apply(both_dbs)]
async fn moving_an_agency_or_a_user_moves_the_reach(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await; // VM
    let veera = app.register("veera@vero.fi", "Veera").await; // VERO, in VM's branch
    let [vm, thl, okm] = [
        admin.organisation_id("VM").await,
        admin.organisation_id("THL").await,
        admin.organisation_id("OKM").await,
    ];
    let with_thl = submit(&alice, &call, &[thl]).await;
    let veeras = submit(&veera, &call, &[vm]).await;
    assert_eq!((reach(&app, &with_thl).await, reach(&app, &veeras).await), (2, 1));

    set_parent(&admin, thl, json!(vm)).await.expect(StatusCode::OK);
    assert_eq!(reach(&app, &with_thl).await, 1, "THL moved into VM's branch");
    set_parent(&admin, thl, Value::Null).await.expect(StatusCode::OK);
    assert_eq!(reach(&app, &with_thl).await, 2, "and out again");

    let res =
        admin.patch(&format!("/api/v1/users/{}", veera.user_id), &json!({ "organisation_id": okm })).await;
    res.expect(StatusCode::OK);
    assert_eq!(reach(&app, &veeras).await, 2, "the author moved to OKM");
    assert_eq!(
        grouped(&detail(&app, &veeras).await),
        [("OKM".into(), s(&["OKM"]), vec![]), ("VM".into(), s(&["VM"]), vec![])]
    );
    let res =
        admin.patch(&format!("/api/v1/users/{}", veera.user_id), &json!({ "organisation_id": null })).await;
    res.expect(StatusCode::OK);
    assert_eq!(reach(&app, &veeras).await, 1, "without an organisation only VM counts");
}

#[apply(both_dbs)]
async fn parallel_moves_leave_every_reach_counted(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await; // VM
    let codes = ["THL", "FIMEA", "STUK", "TTL", "KELA"];
    let mut ids = Vec::new();
    for c in codes {
        ids.push(admin.organisation_id(c).await);
    }
    let mut proposals = Vec::new();
    for id in &ids {
        proposals.push(submit(&alice, &call, &[*id]).await);
    }
    let vm = admin.organisation_id("VM").await;

    let moves = ids.iter().map(|id| set_parent(&admin, *id, json!(vm)));
    for res in join_all(moves).await {
        res.expect(StatusCode::OK);
    }

    for p in &proposals {
        assert_eq!(reach(&app, p).await, 1, "every agency is in VM's branch now");
    }
}

#[apply(both_dbs)]
async fn sort_by_reach_pages_with_a_cursor_most_branches_first_ties_by_number(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await; // VM
    let [vero, thl, okm, um] = [
        admin.organisation_id("VERO").await,
        admin.organisation_id("THL").await,
        admin.organisation_id("OKM").await,
        admin.organisation_id("UM").await,
    ];
    // Numbers 1–6 with reaches 1, 3, 2, 1, 2, 3.
    for orgs in [vec![vero], vec![thl, okm], vec![um, vero], vec![], vec![okm], vec![thl, um, vero]] {
        submit(&alice, &call, &orgs).await;
    }

    let mut seen: Vec<(u64, u64)> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(c) => format!("cursor={c}&limit=2"),
            None => "sort=reach&limit=2".into(),
        };
        let page = app.anon().get(&format!("/api/v1/calls/{}/proposals?{query}", call.id)).await.value();
        assert_eq!(page["sort"], "reach");
        for p in page["items"].as_array().unwrap() {
            seen.push((p["reach"].as_u64().unwrap(), p["number"].as_u64().unwrap()));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }

    assert_eq!(seen, [(3, 2), (3, 6), (2, 3), (2, 5), (1, 1), (1, 4)]);
}

#[apply(both_dbs)]
async fn min_reach_keeps_the_cross_administrative_ones(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await; // VM
    let [vero, thl] = [admin.organisation_id("VERO").await, admin.organisation_id("THL").await];
    submit(&alice, &call, &[vero]).await;
    let crossing = submit(&alice, &call, &[thl]).await;
    submit(&alice, &call, &[]).await;
    let list = |q: &str| {
        let (anon, path) = (app.anon(), format!("/api/v1/calls/{}/proposals?{q}", call.id));
        async move { anon.get(&path).await }
    };

    let page = list("min_reach=2").await.value();
    let ids: Vec<&str> =
        page["items"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!((ids, &page["total"]), (vec![crossing.as_str()], &json!(1)));
    assert_eq!(list("min_reach=1&sort=reach").await.value()["total"], 3);
    assert_eq!(list("min_reach=3").await.value()["total"], 0);
    for bad in ["min_reach=0", "min_reach=101"] {
        let res = list(bad).await;
        let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(p.fields(), ["min_reach:range"], "{bad}");
    }
}

#[apply(both_dbs)]
async fn statistics_ranking_and_export_count_branches(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await; // VM
    let [vero, thl] = [admin.organisation_id("VERO").await, admin.organisation_id("THL").await];
    submit(&alice, &call, &[vero]).await; // VM only
    submit(&alice, &call, &[thl]).await; // VM and STM

    let s = app.anon().get(&format!("/api/v1/calls/{}/stats", call.id)).await.value();

    assert_eq!(
        s["cross_administrative"],
        json!({ "proposals": 1, "share": 0.5 }),
        "VM + VERO does not cross"
    );
    assert_eq!(s["per_reach"], json!([{ "branches": 1, "proposals": 1 }, { "branches": 2, "proposals": 1 }]));
    let branches: Vec<(Value, Value, Value)> = s["per_branch"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["branch"]["code"].clone(), b["proposals"].clone(), b["cross_administrative"].clone()))
        .collect();
    assert_eq!(branches, [(json!("VM"), json!(2), json!(1)), (json!("STM"), json!(1), json!(1))]);

    let export = admin.get(&format!("/api/v1/calls/{}/export?format=json", call.id)).await.value();
    let reaches: Vec<&Value> =
        export["proposals"].as_array().expect("proposals").iter().map(|p| &p["reach"]).collect();
    assert_eq!(reaches, [&json!(1), &json!(2)]);
    let ranking = admin.get(&format!("/api/v1/calls/{}/ranking?sort=number", call.id)).await;
    res_reaches(&ranking.value(), &[1, 2]);
}

fn res_reaches(page: &Value, expected: &[u64]) {
    let got: Vec<u64> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["reach"].as_u64().expect("reach"))
        .collect();
    assert_eq!(got, expected, "{page}");
}
