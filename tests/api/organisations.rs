//! Organisations: the seeded ministries, and admins adding and changing organisations.

use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::views::{Me, Organisation, Page, Texts};
use crate::util::{Db, Response, TestApp, User, both_dbs};

const MINISTRY_CODES: [&str; 12] =
    ["LVM", "MMM", "OKM", "OM", "PLM", "SM", "STM", "TEM", "UM", "VM", "VNK", "YM"];

/// The twelve ministries and the agencies seeded in their branches.
const SEEDED: usize = 12 + 31;

/// An agency that is not seeded.
fn valtori() -> Value {
    json!({
        "code": " valtori ",
        "name": {
            "fi": "Valtion tieto- ja viestintätekniikkakeskus Valtori",
            "sv": "Statens center för informations- och kommunikationsteknik Valtori",
            "en": "Government ICT Centre Valtori",
        },
        "email_domains": ["@VALTORI.fi", "valtori.fi", " Suomi.FI "],
    })
}

/// A text in all three languages.
fn texts(fi: &str, sv: &str, en: &str) -> Texts {
    Texts { fi: fi.to_owned(), sv: Some(sv.to_owned()), en: Some(en.to_owned()) }
}

async fn organisations(app: &TestApp) -> Vec<Organisation> {
    app.anon().get("/api/v1/organisations").await.ok::<Page<Organisation>>().items
}

async fn by_code(app: &TestApp, code: &str) -> Organisation {
    organisations(app).await.into_iter().find(|o| o.code == code).unwrap_or_else(|| panic!("{code} exists"))
}

/// `GET /organisations/{id}` as it answers.
async fn fetch(app: &TestApp, id: Uuid) -> Response {
    app.anon().get(&format!("/api/v1/organisations/{id}")).await
}

fn sorted_domains(org: &Organisation) -> Vec<String> {
    let mut domains = org.email_domains.clone();
    domains.sort();
    domains
}

/// Registers `email`, confirms the address (which places the account in an organisation), and
/// returns the account as `GET /me` shows it then.
async fn register(app: &TestApp, email: &str, name: &str) -> Me {
    let user = app.register(email, name).await;
    user.get("/api/v1/me").await.ok()
}

async fn create(user: &User, org: Value) -> Response {
    user.post("/api/v1/organisations", &org).await
}

async fn update(user: &User, id: &str, change: Value) -> Response {
    user.patch(&format!("/api/v1/organisations/{id}"), &change).await
}

#[apply(both_dbs)]
async fn anyone_can_list_the_twelve_ministries_and_their_agencies_by_code(db: Db) {
    let app = TestApp::spawn(db).await;

    let items = organisations(&app).await;

    let codes: Vec<&str> = items.iter().filter(|o| o.parent_id.is_none()).map(|o| o.code.as_str()).collect();
    assert_eq!(codes, MINISTRY_CODES, "the top-level organisations are the ministries");
    assert_eq!(items.len(), SEEDED);
    let mut sorted: Vec<&str> = items.iter().map(|o| o.code.as_str()).collect();
    sorted.sort_unstable();
    assert_eq!(items.iter().map(|o| o.code.as_str()).collect::<Vec<_>>(), sorted, "by code");
    for org in &items {
        // The id is a UUID by its type.
        let name = &org.name;
        for (lang, text) in [("fi", Some(&name.fi)), ("sv", name.sv.as_ref()), ("en", name.en.as_ref())] {
            assert!(text.is_some_and(|n| !n.is_empty()), "{lang} name of {org:?}");
        }
        assert!(!sorted_domains(org).is_empty(), "{org:?} has email domains");
    }
    let vm = items.iter().find(|o| o.code == "VM").expect("VM");
    assert_eq!(vm.name, texts("Valtiovarainministeriö", "Finansministeriet", "Ministry of Finance"));
    assert_eq!(vm.email_domains, ["vm.fi"]);
    let um = items.iter().find(|o| o.code == "UM").expect("UM");
    assert_eq!(sorted_domains(um), ["formin.fi", "um.fi"]);
}

#[apply(both_dbs)]
async fn anyone_can_get_one_organisation_by_id(db: Db) {
    let app = TestApp::spawn(db).await;
    let okm = by_code(&app, "OKM").await;

    let res = fetch(&app, okm.id).await;

    let one: Organisation = res.ok();
    assert_eq!(one.code, "OKM");
    assert_eq!(one.name, okm.name);
    assert_eq!(sorted_domains(&one), sorted_domains(&okm));
}

#[apply(both_dbs)]
async fn an_organisation_that_does_not_exist_is_not_found(db: Db) {
    let app = TestApp::spawn(db).await;

    let unknown = fetch(&app, Uuid::now_v7()).await;
    let not_a_uuid = app.anon().get("/api/v1/organisations/VM").await;

    unknown.refused(StatusCode::NOT_FOUND, "not_found");
    not_a_uuid.refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn an_admin_creates_an_organisation_that_new_staff_join(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    let res = create(&admin, valtori()).await;

    let created: Organisation = res.created();
    assert_eq!(created.code, "VALTORI", "the code is trimmed and upper-cased");
    assert_eq!(created.name.fi, "Valtion tieto- ja viestintätekniikkakeskus Valtori");
    assert_eq!(
        created.name.sv.as_deref(),
        Some("Statens center för informations- och kommunikationsteknik Valtori")
    );
    assert_eq!(created.name.en.as_deref(), Some("Government ICT Centre Valtori"));
    assert_eq!(
        sorted_domains(&created),
        ["suomi.fi", "valtori.fi"],
        "domains are normalised and deduplicated"
    );
    let id = created.id;
    let fetched: Organisation = fetch(&app, id).await.json();
    assert_eq!(fetched.code, "VALTORI");
    assert_eq!(organisations(&app).await.len(), SEEDED + 1);

    let me = register(&app, "tiina@VALTORI.fi", "Tiina").await;

    let organisation = me.organisation.expect("an organisation");
    assert_eq!(organisation.id, id);
    assert_eq!(organisation.code, "VALTORI");
}

#[apply(both_dbs)]
async fn a_code_already_in_use_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let mut org = valtori();
    org["code"] = json!("vm");
    org["email_domains"] = json!(["valtori.fi"]);

    let res = create(&admin, org).await;

    res.refused(StatusCode::CONFLICT, "organisation_code_taken");
    assert_eq!(organisations(&app).await.len(), SEEDED);
}

#[apply(both_dbs)]
async fn an_email_domain_of_another_organisation_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let mut org = valtori();
    org["email_domains"] = json!(["valtori.fi", "VM.fi"]);

    let res = create(&admin, org).await;

    res.refused(StatusCode::CONFLICT, "email_domain_taken");
    assert_eq!(organisations(&app).await.len(), SEEDED, "nothing was created");
    assert_eq!(by_code(&app, "VM").await.email_domains, ["vm.fi"]);
}

#[apply(both_dbs)]
async fn an_invalid_code_or_domain_names_the_field(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    for (code, domains, expected) in [
        ("v", json!(["valtori.fi"]), "code:invalid_code"),
        ("2VM", json!(["valtori.fi"]), "code:invalid_code"),
        ("VALTORI", json!(["not a domain"]), "email_domains[0]:invalid_domain"),
        ("VALTORI", json!(["valtori.fi", "fi"]), "email_domains[1]:invalid_domain"),
    ] {
        let mut org = valtori();
        org["code"] = json!(code);
        org["email_domains"] = domains;

        let res = create(&admin, org).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let p = res.problem();
        assert_eq!(p.code, "validation_failed");
        assert_eq!(p.fields(), [expected]);
    }
    assert_eq!(organisations(&app).await.len(), SEEDED);
}

#[apply(both_dbs)]
async fn an_organisation_needs_a_name_in_every_language(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let mut missing = valtori();
    missing["name"].as_object_mut().expect("name").remove("sv");
    let mut empty = valtori();
    empty["name"]["sv"] = json!("");

    let missing = create(&admin, missing).await;
    let empty = create(&admin, empty).await;

    let p = missing.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["name.sv:required"]);
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.problem().fields(), ["name.sv:required"]);
    assert_eq!(organisations(&app).await.len(), SEEDED);
}

#[apply(both_dbs)]
async fn only_an_admin_creates_or_updates_organisations(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let vm = by_code(&app, "VM").await;
    let vm_id = vm.id.to_string();

    let created = create(&alice, valtori()).await;
    let updated = update(&alice, &vm_id, json!({ "email_domains": ["alice.fi"] })).await;
    let visitor = app.anon().post("/api/v1/organisations", &valtori()).await;

    created.refused(StatusCode::FORBIDDEN, "role_required");
    updated.refused(StatusCode::FORBIDDEN, "role_required");
    visitor.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_eq!(organisations(&app).await.len(), SEEDED);
    assert_eq!(by_code(&app, "VM").await, vm);
}

#[apply(both_dbs)]
async fn an_admin_updates_names_and_domains_leaving_other_fields_as_they_are(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let vm = by_code(&app, "VM").await;
    let id = &vm.id.to_string();
    let names = json!({ "fi": "Valtiovarainministeriö (uusi)", "sv": "Finansministeriet (ny)", "en": "Ministry of Finance (new)" });
    let expected =
        texts("Valtiovarainministeriö (uusi)", "Finansministeriet (ny)", "Ministry of Finance (new)");

    let res = update(&admin, id, json!({ "name": names })).await;

    let renamed: Organisation = res.ok();
    assert_eq!(renamed.name, expected);
    assert_eq!(renamed.code, "VM");
    assert_eq!(renamed.email_domains, ["vm.fi"]);

    let res = update(&admin, id, json!({ "email_domains": ["@VM.fi", "valtiovarainministerio.fi"] })).await;

    let redomained: Organisation = res.ok();
    assert_eq!(sorted_domains(&redomained), ["valtiovarainministerio.fi", "vm.fi"]);
    assert_eq!(redomained.name, expected);
    assert_eq!(redomained.code, "VM");
    let stored: Organisation = fetch(&app, vm.id).await.json();
    assert_eq!(stored.name, expected);
    assert_eq!(sorted_domains(&stored), ["valtiovarainministerio.fi", "vm.fi"]);
    let me = register(&app, "ville@valtiovarainministerio.fi", "Ville").await;
    let organisation = me.organisation.expect("an organisation");
    assert_eq!(organisation.code, "VM");
}

#[apply(both_dbs)]
async fn an_update_cannot_take_another_organisations_code_or_domain(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let vm = by_code(&app, "VM").await;
    let id = &vm.id.to_string();

    let code = update(&admin, id, json!({ "code": "om" })).await;
    let domain = update(&admin, id, json!({ "email_domains": ["vm.fi", "stm.fi"] })).await;
    let unknown = update(&admin, &Uuid::now_v7().to_string(), json!({ "code": "NEW" })).await;

    code.refused(StatusCode::CONFLICT, "organisation_code_taken");
    domain.refused(StatusCode::CONFLICT, "email_domain_taken");
    unknown.refused(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(by_code(&app, "VM").await, vm, "VM is unchanged");
}

#[apply(both_dbs)]
async fn the_ministries_carry_their_abbreviation_in_each_language(db: Db) {
    let app = TestApp::spawn(db).await;

    let items: Vec<Organisation> =
        organisations(&app).await.into_iter().filter(|o| o.parent_id.is_none()).collect();

    let swedish: Vec<(&str, &str)> =
        items.iter().map(|o| (o.code.as_str(), o.short_name.sv.as_deref().expect("sv"))).collect();
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
        assert_eq!(org.short_name.fi, org.code, "{org:?}");
        assert_eq!(org.short_name.en.as_ref(), Some(&org.code), "{org:?}");
    }
    // Other resources mention an organisation with its abbreviations too.
    let me = register(&app, "maija@om.fi", "Maija").await;
    let organisation = me.organisation.expect("an organisation");
    assert_eq!(organisation.short_name, texts("OM", "JM", "OM"));
}

#[apply(both_dbs)]
async fn an_admin_sets_and_changes_the_abbreviations_like_the_names(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    let created: Organisation = create(&admin, valtori()).await.json();
    assert_eq!(created.short_name, texts("VALTORI", "VALTORI", "VALTORI"), "the code when left out");

    let mut org = valtori();
    org["code"] = json!("PALKEET");
    org["email_domains"] = json!(["palkeet.fi"]);
    org["short_name"] = json!({ "fi": " Palkeet ", "sv": "Palkeet", "en": "Palkeet" });
    let res = create(&admin, org).await;
    assert_eq!(res.created::<Organisation>().short_name.fi, "Palkeet", "trimmed");

    let id = &created.id.to_string();
    let res =
        update(&admin, id, json!({ "short_name": { "fi": "Valtori", "sv": "Valtori", "en": "ICT-Centre" } }))
            .await;
    let changed: Organisation = res.ok();
    assert_eq!(changed.short_name, texts("Valtori", "Valtori", "ICT-Centre"));
    assert_eq!(changed.name, created.name, "the names stay");
    let name = &created.name;
    let res = update(&admin, id, json!({ "name": { "fi": name.fi, "sv": name.sv, "en": name.en } })).await;
    assert_eq!(
        res.json::<Organisation>().short_name.sv.as_deref(),
        Some("Valtori"),
        "a change that leaves them out keeps them"
    );
    let stored = by_code(&app, "VALTORI").await;
    assert_eq!(stored.short_name.sv.as_deref(), Some("Valtori"));
}

#[apply(both_dbs)]
async fn an_invalid_abbreviation_names_its_language(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let vm = by_code(&app, "VM").await;
    let id = &vm.id.to_string();

    for (short_name, field) in [
        (json!({ "fi": "VM", "sv": "", "en": "VM" }), "short_name.sv"),
        (json!({ "fi": "V M", "sv": "FM", "en": "VM" }), "short_name.fi"),
        (json!({ "fi": "VM", "sv": "FM", "en": "M".repeat(21) }), "short_name.en"),
        (json!({ "fi": "VM", "sv": "FM", "en": "1VM" }), "short_name.en"),
    ] {
        let res = update(&admin, id, json!({ "short_name": short_name })).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{short_name}");
        let p = res.problem();
        assert_eq!(p.errors.len(), 1, "{short_name}");
        assert_eq!(p.errors[0].field, field, "{short_name}");
        assert_eq!(p.errors[0].code, "invalid_short_name", "{short_name}");
    }
    let mut org = valtori();
    org["short_name"] = json!({ "fi": "VALTORI", "sv": "VALTORI" });
    let res = create(&admin, org).await;
    assert!(res.status().is_client_error(), "a language left out is refused: {}", res.status());
    assert_eq!(by_code(&app, "VM").await.short_name.sv.as_deref(), Some("FM"), "nothing changed");
}
