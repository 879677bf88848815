//! `GET /calls/{id}/stats`: a call's participation, public; only visible proposals and the
//! activity on them count; per-day (Helsinki), per-theme and per-organisation figures add
//! up to the totals.

use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::exports::exec;
use crate::moderation_actions::acted;
use crate::util::views::{Call, Proposal};
use crate::util::{Db, TestApp, both_dbs};

async fn stats(app: &TestApp, call: &Call) -> Value {
    let res = app.anon().get(&format!("/api/v1/calls/{}/stats", call.id)).await;
    res.expect(StatusCode::OK);
    res.value()
}

fn sum(items: &Value, field: &str) -> u64 {
    items.as_array().unwrap().iter().map(|i| i[field].as_u64().unwrap()).sum()
}

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc)
}

#[apply(both_dbs)]
async fn statistics_add_up_on_a_hand_made_call(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let mona = app.moderator("mona").await;
    let call = admin.open_call().await;
    let (t1, t2) = (call.themes[0].id.clone(), call.themes[1].id.clone());
    let okm = admin.organisation_id("OKM").await;
    let vm = admin.organisation_id("VM").await;
    let alice = app.participant("alice").await; // VM
    let bob = app.participant("bob").await; // VM
    let carol = app.participant("carol").await; // VM
    let dave = app.participant("dave").await; // VM: only active on the hidden proposal
    let pekka = app.register("pekka@um.fi", "Pekka").await; // UM
    let submit = |who: &crate::util::User, body: Value| {
        let (who, call) = (who.clone(), call.clone());
        async move { who.submit_with(&call, body).await.created::<Proposal>().id }
    };
    let a1 = submit(&alice, json!({ "theme_id": t1 })).await; // VM only
    let a2 = submit(&alice, json!({ "theme_id": t1, "organisation_ids": [vm] })).await; // VM only
    let a3 = submit(&alice, json!({ "theme_id": t2, "organisation_ids": [okm] })).await; // VM + OKM
    let k1 = submit(&pekka, json!({ "organisation_ids": [vm, okm] })).await; // UM + VM + OKM
    let h1 = submit(&bob, json!({ "theme_id": t2, "organisation_ids": [okm] })).await; // hidden below
    for (who, p) in [(&bob, &a1), (&pekka, &a1), (&pekka, &a3), (&alice, &k1), (&dave, &h1), (&carol, &h1)] {
        who.thumb(p).await.expect(StatusCode::OK);
    }
    carol.comment(&a1, "Hyvä!").await;
    bob.comment(&k1, "Samaa mieltä.").await;
    dave.comment(&h1, "Piiloon menee.").await;
    acted(
        &mona,
        "proposal",
        &h1,
        "hide",
        json!({ "reason": "Henkilötietoja.", "category": "personal_data" }),
    )
    .await;
    // Two proposals either side of midnight in Helsinki (UTC+2 in December), and a3 in summer
    // time (UTC+3): 21:30 UTC on 15 June is already the 16th there.
    for (p, t) in
        [(&a1, "2026-11-30T21:59:00Z"), (&a2, "2026-11-30T22:00:00Z"), (&a3, "2026-06-15T21:30:00Z")]
    {
        exec(
            &app,
            "UPDATE proposals SET created_at = $1 WHERE id = $2",
            vec![at(t).into(), p.parse::<Uuid>().unwrap().into()],
        )
        .await;
    }

    let s = stats(&app, &call).await;

    assert_eq!(s["proposals"], 4, "the hidden one does not count");
    assert_eq!(s["thumbs"], 4);
    assert_eq!(s["comments"], 2);
    assert_eq!(s["participants"], 4, "alice, pekka, bob, carol; not dave");
    assert_eq!(s["cross_administrative"], json!({ "proposals": 2, "share": 0.5 }));

    let days = &s["per_day"];
    assert_eq!((sum(days, "proposals"), sum(days, "thumbs"), sum(days, "comments")), (4, 4, 2));
    let day = |d: &str| days.as_array().unwrap().iter().find(|x| x["date"] == d).cloned();
    assert_eq!(day("2026-06-16").map(|d| d["proposals"].clone()), Some(json!(1)));
    assert_eq!(day("2026-11-30").map(|d| d["proposals"].clone()), Some(json!(1)));
    assert_eq!(day("2026-12-01").map(|d| d["proposals"].as_u64().unwrap() >= 1), Some(true));
    let dates: Vec<&str> = days.as_array().unwrap().iter().map(|d| d["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted, "oldest first");

    let themes = &s["per_theme"];
    assert_eq!(
        themes
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["theme"]["id"].clone(), t["proposals"].clone(), t["thumbs"].clone()))
            .collect::<Vec<_>>(),
        [(json!(t1), json!(2), json!(2)), (json!(t2), json!(1), json!(1)), (json!(null), json!(1), json!(1))]
    );
    assert_eq!(themes[0]["theme"]["name"]["fi"], "Digitaaliset palvelut");
    assert_eq!((sum(themes, "proposals"), sum(themes, "thumbs")), (4, 4));

    let orgs = &s["per_organisation"];
    assert_eq!(
        orgs.as_array()
            .unwrap()
            .iter()
            .map(|o| (o["organisation"]["code"].clone(), o["proposals"].clone(), o["participants"].clone()))
            .collect::<Vec<_>>(),
        [(json!("VM"), json!(3), json!(3)), (json!("UM"), json!(1), json!(1))]
    );
    assert_eq!((sum(orgs, "proposals"), sum(orgs, "participants")), (4, 4));

    assert_eq!(
        s["per_reach"],
        json!([{ "branches": 1, "proposals": 2 }, { "branches": 2, "proposals": 1 }, { "branches": 3, "proposals": 1 }])
    );
    let branches: Vec<(Value, Value, Value)> = s["per_branch"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["branch"]["code"].clone(), b["proposals"].clone(), b["cross_administrative"].clone()))
        .collect();
    assert_eq!(
        branches,
        [
            (json!("VM"), json!(4), json!(2)),
            (json!("OKM"), json!(2), json!(2)),
            (json!("UM"), json!(1), json!(1))
        ]
    );
}

#[apply(both_dbs)]
async fn an_empty_call_has_zeros_and_every_theme(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;

    let s = stats(&app, &call).await;

    assert_eq!(
        (&s["proposals"], &s["participants"], &s["thumbs"], &s["comments"]),
        (&json!(0), &json!(0), &json!(0), &json!(0))
    );
    assert_eq!(s["cross_administrative"], json!({ "proposals": 0, "share": 0.0 }));
    assert_eq!(s["per_day"], json!([]));
    assert_eq!(s["per_theme"].as_array().unwrap().len(), 2);
    assert_eq!(s["per_organisation"], json!([]));
    assert_eq!((&s["per_reach"], &s["per_branch"]), (&json!([]), &json!([])));
}

#[apply(both_dbs)]
async fn a_draft_calls_statistics_are_for_admins_only(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let draft = admin.call_with(json!({ "publish": false })).await;

    app.anon().get(&format!("/api/v1/calls/{}/stats", draft.id)).await.expect(StatusCode::NOT_FOUND);
    admin.get(&format!("/api/v1/calls/{}/stats", draft.id)).await.expect(StatusCode::OK);
    // By slug as well as by id.
    app.anon()
        .get(&format!("/api/v1/calls/{}/stats", admin.open_call().await.slug))
        .await
        .expect(StatusCode::OK);
}
