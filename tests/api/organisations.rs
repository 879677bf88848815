//! Organisations: the seeded ministries, and admins adding and changing organisations.

use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Db, PASSWORD, Session, TestApp, body, problem};
use crate::spawn;
use crate::util::both_dbs;

const MINISTRY_CODES: [&str; 12] =
    ["LVM", "MMM", "OKM", "OM", "PLM", "SM", "STM", "TEM", "UM", "VM", "VNK", "YM"];

fn dvv() -> Value {
    json!({
        "code": " dvv ",
        "name": {
            "fi": "Digi- ja väestötietovirasto",
            "sv": "Myndigheten för digitalisering och befolkningsdata",
            "en": "Digital and Population Data Services Agency",
        },
        "email_domains": ["@DVV.fi", "dvv.fi", " Suomi.FI "],
    })
}

async fn organisations(app: &TestApp) -> Vec<Value> {
    let res = app.get("/api/v1/organisations").await;
    assert_eq!(res.status(), StatusCode::OK);
    body(res).await["items"].as_array().expect("items").clone()
}

async fn by_code(app: &TestApp, code: &str) -> Value {
    organisations(app)
        .await
        .into_iter()
        .find(|o| o["code"] == code)
        .unwrap_or_else(|| panic!("{code} exists"))
}

fn sorted_domains(org: &Value) -> Vec<String> {
    let mut domains: Vec<String> = org["email_domains"]
        .as_array()
        .expect("email_domains")
        .iter()
        .map(|d| d.as_str().expect("a domain").to_owned())
        .collect();
    domains.sort();
    domains
}

async fn create(app: &TestApp, admin: &Session, org: Value) -> reqwest::Response {
    app.send_as(admin, Method::POST, "/api/v1/organisations", org).await
}

async fn update(app: &TestApp, admin: &Session, id: &str, change: Value) -> reqwest::Response {
    app.send_as(admin, Method::PATCH, &format!("/api/v1/organisations/{id}"), change).await
}

#[apply(both_dbs)]
async fn anyone_can_list_the_twelve_ministries_by_code(db: Db) {
    let app = spawn!(db);

    let items = organisations(&app).await;

    let codes: Vec<&str> = items.iter().map(|o| o["code"].as_str().expect("code")).collect();
    assert_eq!(codes, MINISTRY_CODES);
    for org in &items {
        assert!(org["id"].as_str().is_some_and(|id| id.parse::<Uuid>().is_ok()), "{org}");
        for lang in ["fi", "sv", "en"] {
            assert!(org["name"][lang].as_str().is_some_and(|n| !n.is_empty()), "{lang} name of {org}");
        }
        assert!(!sorted_domains(org).is_empty(), "{org} has email domains");
    }
    let vm = items.iter().find(|o| o["code"] == "VM").expect("VM");
    assert_eq!(
        vm["name"],
        json!({ "fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance" })
    );
    assert_eq!(vm["email_domains"], json!(["vm.fi"]));
    let um = items.iter().find(|o| o["code"] == "UM").expect("UM");
    assert_eq!(sorted_domains(um), ["formin.fi", "um.fi"]);
}

#[apply(both_dbs)]
async fn anyone_can_get_one_organisation_by_id(db: Db) {
    let app = spawn!(db);
    let okm = by_code(&app, "OKM").await;

    let res = app.get(&format!("/api/v1/organisations/{}", okm["id"].as_str().expect("id"))).await;

    assert_eq!(res.status(), StatusCode::OK);
    let one = body(res).await;
    assert_eq!(one["code"], "OKM");
    assert_eq!(one["name"], okm["name"]);
    assert_eq!(sorted_domains(&one), sorted_domains(&okm));
}

#[apply(both_dbs)]
async fn an_organisation_that_does_not_exist_is_not_found(db: Db) {
    let app = spawn!(db);

    let unknown = app.get(&format!("/api/v1/organisations/{}", Uuid::now_v7())).await;
    let not_a_uuid = app.get("/api/v1/organisations/VM").await;

    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(unknown).await.code, "not_found");
    assert_eq!(not_a_uuid.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(not_a_uuid).await.code, "not_found");
}

#[apply(both_dbs)]
async fn an_admin_creates_an_organisation_that_new_staff_join(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;

    let res = create(&app, &admin, dvv()).await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    assert_eq!(created["code"], "DVV", "the code is trimmed and upper-cased");
    assert_eq!(created["name"]["fi"], "Digi- ja väestötietovirasto");
    assert_eq!(created["name"]["sv"], "Myndigheten för digitalisering och befolkningsdata");
    assert_eq!(created["name"]["en"], "Digital and Population Data Services Agency");
    assert_eq!(sorted_domains(&created), ["dvv.fi", "suomi.fi"], "domains are normalised and deduplicated");
    let id = created["id"].as_str().expect("id");
    let fetched = body(app.get(&format!("/api/v1/organisations/{id}")).await).await;
    assert_eq!(fetched["code"], "DVV");
    assert_eq!(organisations(&app).await.len(), 13);

    let res = app
        .register_raw(json!({ "email": "tiina@DVV.fi", "password": PASSWORD, "display_name": "Tiina" }))
        .await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let user = &body(res).await["user"];
    assert_eq!(user["organisation"]["id"], id);
    assert_eq!(user["organisation"]["code"], "DVV");
}

#[apply(both_dbs)]
async fn a_code_already_in_use_is_refused(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let mut org = dvv();
    org["code"] = json!("vm");
    org["email_domains"] = json!(["dvv.fi"]);

    let res = create(&app, &admin, org).await;

    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(problem(res).await.code, "organisation_code_taken");
    assert_eq!(organisations(&app).await.len(), 12);
}

#[apply(both_dbs)]
async fn an_email_domain_of_another_organisation_is_refused(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let mut org = dvv();
    org["email_domains"] = json!(["dvv.fi", "VM.fi"]);

    let res = create(&app, &admin, org).await;

    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(problem(res).await.code, "email_domain_taken");
    assert_eq!(organisations(&app).await.len(), 12, "nothing was created");
    assert_eq!(by_code(&app, "VM").await["email_domains"], json!(["vm.fi"]));
}

#[apply(both_dbs)]
async fn an_invalid_code_or_domain_names_the_field(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;

    for (code, domains, expected) in [
        ("v", json!(["dvv.fi"]), "code:invalid_code"),
        ("2VM", json!(["dvv.fi"]), "code:invalid_code"),
        ("DVV", json!(["not a domain"]), "email_domains[0]:invalid_domain"),
        ("DVV", json!(["dvv.fi", "fi"]), "email_domains[1]:invalid_domain"),
    ] {
        let mut org = dvv();
        org["code"] = json!(code);
        org["email_domains"] = domains;

        let res = create(&app, &admin, org).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let p = problem(res).await;
        assert_eq!(p.code, "validation_failed");
        assert_eq!(p.fields(), [expected]);
    }
    assert_eq!(organisations(&app).await.len(), 12);
}

#[apply(both_dbs)]
async fn an_organisation_needs_a_name_in_every_language(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let mut missing = dvv();
    missing["name"].as_object_mut().expect("name").remove("sv");
    let mut empty = dvv();
    empty["name"]["sv"] = json!("");

    let missing = create(&app, &admin, missing).await;
    let empty = create(&app, &admin, empty).await;

    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(missing).await;
    assert_eq!(p.code, "validation_failed");
    assert_eq!(p.fields(), ["name.sv:required"]);
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(empty).await.fields(), ["name.sv:required"]);
    assert_eq!(organisations(&app).await.len(), 12);
}

#[apply(both_dbs)]
async fn only_an_admin_creates_or_updates_organisations(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let vm = by_code(&app, "VM").await;
    let vm_id = vm["id"].as_str().expect("id");

    let created = create(&app, &alice, dvv()).await;
    let updated = update(&app, &alice, vm_id, json!({ "email_domains": ["alice.fi"] })).await;
    let visitor = app.post("/api/v1/organisations", dvv()).await;

    assert_eq!(created.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(created).await.code, "role_required");
    assert_eq!(updated.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(updated).await.code, "role_required");
    assert_eq!(visitor.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(visitor).await.code, "unauthenticated");
    assert_eq!(organisations(&app).await.len(), 12);
    assert_eq!(by_code(&app, "VM").await, vm);
}

#[apply(both_dbs)]
async fn an_admin_updates_names_and_domains_leaving_other_fields_as_they_are(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let vm = by_code(&app, "VM").await;
    let id = vm["id"].as_str().expect("id");
    let names = json!({ "fi": "Valtiovarainministeriö (uusi)", "sv": "Finansministeriet (ny)", "en": "Ministry of Finance (new)" });

    let res = update(&app, &admin, id, json!({ "name": names })).await;

    assert_eq!(res.status(), StatusCode::OK);
    let renamed = body(res).await;
    assert_eq!(renamed["name"], names);
    assert_eq!(renamed["code"], "VM");
    assert_eq!(renamed["email_domains"], json!(["vm.fi"]));

    let res =
        update(&app, &admin, id, json!({ "email_domains": ["@VM.fi", "valtiovarainministerio.fi"] })).await;

    assert_eq!(res.status(), StatusCode::OK);
    let redomained = body(res).await;
    assert_eq!(sorted_domains(&redomained), ["valtiovarainministerio.fi", "vm.fi"]);
    assert_eq!(redomained["name"], names);
    assert_eq!(redomained["code"], "VM");
    let stored = body(app.get(&format!("/api/v1/organisations/{id}")).await).await;
    assert_eq!(stored["name"], names);
    assert_eq!(sorted_domains(&stored), ["valtiovarainministerio.fi", "vm.fi"]);
    let res = app
        .register_raw(json!({
            "email": "ville@valtiovarainministerio.fi",
            "password": PASSWORD,
            "display_name": "Ville",
        }))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(body(res).await["user"]["organisation"]["code"], "VM");
}

#[apply(both_dbs)]
async fn an_update_cannot_take_another_organisations_code_or_domain(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let vm = by_code(&app, "VM").await;
    let id = vm["id"].as_str().expect("id");

    let code = update(&app, &admin, id, json!({ "code": "om" })).await;
    let domain = update(&app, &admin, id, json!({ "email_domains": ["vm.fi", "stm.fi"] })).await;
    let unknown = update(&app, &admin, &Uuid::now_v7().to_string(), json!({ "code": "NEW" })).await;

    assert_eq!(code.status(), StatusCode::CONFLICT);
    assert_eq!(problem(code).await.code, "organisation_code_taken");
    assert_eq!(domain.status(), StatusCode::CONFLICT);
    assert_eq!(problem(domain).await.code, "email_domain_taken");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(unknown).await.code, "not_found");
    assert_eq!(by_code(&app, "VM").await, vm, "VM is unchanged");
}

#[apply(both_dbs)]
async fn the_ministries_carry_their_abbreviation_in_each_language(db: Db) {
    let app = spawn!(db);

    let items = organisations(&app).await;

    let swedish: Vec<(&str, &str)> = items
        .iter()
        .map(|o| (o["code"].as_str().expect("code"), o["short_name"]["sv"].as_str().expect("sv")))
        .collect();
    assert_eq!(
        swedish,
        [
            ("LVM", "KM"),
            ("MMM", "JSM"),
            ("OKM", "UKM"),
            ("OM", "JM"),
            ("PLM", "FSM"),
            ("SM", "IM"),
            ("STM", "SHM"),
            ("TEM", "ANM"),
            ("UM", "UM"),
            ("VM", "FM"),
            ("VNK", "SRK"),
            ("YM", "MM"),
        ]
    );
    for org in &items {
        assert_eq!(org["short_name"]["fi"], org["code"], "{org}");
        assert_eq!(org["short_name"]["en"], org["code"], "{org}");
    }
    // Other resources mention an organisation with its abbreviations too.
    let res = app
        .register_raw(json!({ "email": "maija@om.fi", "password": PASSWORD, "display_name": "Maija" }))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        body(res).await["user"]["organisation"]["short_name"],
        json!({ "fi": "OM", "sv": "JM", "en": "OM" })
    );
}

#[apply(both_dbs)]
async fn an_admin_sets_and_changes_the_abbreviations_like_the_names(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;

    let created = body(create(&app, &admin, dvv()).await).await;
    assert_eq!(
        created["short_name"],
        json!({ "fi": "DVV", "sv": "DVV", "en": "DVV" }),
        "the code when left out"
    );

    let mut org = dvv();
    org["code"] = json!("TRAFICOM");
    org["email_domains"] = json!(["traficom.fi"]);
    org["short_name"] = json!({ "fi": " Traficom ", "sv": "Traficom", "en": "Traficom" });
    let res = create(&app, &admin, org).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(body(res).await["short_name"]["fi"], "Traficom", "trimmed");

    let id = created["id"].as_str().expect("id");
    let res =
        update(&app, &admin, id, json!({ "short_name": { "fi": "DVV", "sv": "MDB", "en": "DPDSA" } })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let changed = body(res).await;
    assert_eq!(changed["short_name"], json!({ "fi": "DVV", "sv": "MDB", "en": "DPDSA" }));
    assert_eq!(changed["name"], created["name"], "the names stay");
    let res = update(&app, &admin, id, json!({ "name": created["name"] })).await;
    assert_eq!(body(res).await["short_name"]["sv"], "MDB", "a change that leaves them out keeps them");
    let stored = by_code(&app, "DVV").await;
    assert_eq!(stored["short_name"]["sv"], "MDB");
}

#[apply(both_dbs)]
async fn an_invalid_abbreviation_names_its_language(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let vm = by_code(&app, "VM").await;
    let id = vm["id"].as_str().expect("id");

    for (short_name, field) in [
        (json!({ "fi": "VM", "sv": "", "en": "VM" }), "short_name.sv"),
        (json!({ "fi": "V M", "sv": "FM", "en": "VM" }), "short_name.fi"),
        (json!({ "fi": "VM", "sv": "FM", "en": "M".repeat(21) }), "short_name.en"),
        (json!({ "fi": "VM", "sv": "FM", "en": "1VM" }), "short_name.en"),
    ] {
        let res = update(&app, &admin, id, json!({ "short_name": short_name })).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{short_name}");
        let p = problem(res).await;
        assert_eq!(p.errors.len(), 1, "{short_name}");
        assert_eq!(p.errors[0].field, field, "{short_name}");
        assert_eq!(p.errors[0].code, "invalid_short_name", "{short_name}");
    }
    let mut org = dvv();
    org["short_name"] = json!({ "fi": "DVV", "sv": "DVV" });
    let res = create(&app, &admin, org).await;
    assert!(res.status().is_client_error(), "a language left out is refused: {}", res.status());
    assert_eq!(by_code(&app, "VM").await["short_name"]["sv"], "FM", "nothing changed");
}
