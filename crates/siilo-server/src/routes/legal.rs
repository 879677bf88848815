//! The legal pages a public body publishes (privacy notice, accessibility statement, terms of
//! use): read by anyone, published in new versions by admins, and accepted by users (the
//! terms and the privacy notice) before they take part.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::identity::LegalKind;
use siilo_domain::legal::{self as rules, AcceptedVersions, BODY_MAX, TITLE_MAX};
use siilo_domain::roles::Role;
use siilo_store::legal::{self as store, LegalDocumentRecord, LegalVersionSummary, NewLegalDocument, Texts};
use siilo_store::{begin_write, users};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorCode, FieldError, Problem};
use crate::extract::Body;
use crate::routes::dto::Me;
use crate::routes::me::me_of;
use crate::routes::paths::{LegalPath, LegalVersionPath};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_legal_document)
        .service(list_legal_versions)
        .service(get_legal_version)
        .service(publish_legal_document)
        .service(accept_legal_documents);
}

/// A text in each of Siilo's languages.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LegalText {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

impl From<Texts> for LegalText {
    fn from(t: Texts) -> Self {
        LegalText { fi: t.fi, sv: t.sv, en: t.en }
    }
}

/// One version of a legal page.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"kind": "terms", "version": 2, "title": {"fi": "Käyttöehdot", "sv": "Användarvillkor", "en": "Terms of use"}, "body": {"fi": "## Kuka voi käyttää palvelua\n\nKuka tahansa voi lukea…", "sv": "## Vem som kan använda tjänsten\n\nVem som helst kan läsa…", "en": "## Who can use the service\n\nAnyone can read…"}, "body_html": {"fi": "<h2>Kuka voi käyttää palvelua</h2>\n<p>Kuka tahansa voi lukea…</p>\n", "sv": "<h2>Vem som kan använda tjänsten</h2>\n<p>Vem som helst kan läsa…</p>\n", "en": "<h2>Who can use the service</h2>\n<p>Anyone can read…</p>\n"}, "published_at": "2026-12-05T09:00:00Z"}))]
pub struct LegalDocument {
    pub kind: LegalKind,
    /// 1 for the first version; each publication adds one.
    #[schema(example = 2, minimum = 1)]
    pub version: i32,
    pub title: LegalText,
    /// Markdown, as published.
    pub body: LegalText,
    /// `body` rendered to sanitised HTML (no raw HTML, scripts or images): safe to insert
    /// as it is. Headings start at `<h2>`, below the page's title.
    pub body_html: LegalText,
    pub published_at: DateTime<Utc>,
}

impl From<LegalDocumentRecord> for LegalDocument {
    fn from(d: LegalDocumentRecord) -> Self {
        LegalDocument {
            kind: d.kind,
            version: d.version,
            title: d.title.into(),
            body: d.body.into(),
            body_html: d.body_html.into(),
            published_at: d.published_at,
        }
    }
}

/// A version of a page in the list of its versions.
#[derive(Debug, Serialize, ToSchema)]
pub struct LegalVersion {
    #[schema(example = 1, minimum = 1)]
    pub version: i32,
    pub title: LegalText,
    pub published_at: DateTime<Utc>,
}

impl From<LegalVersionSummary> for LegalVersion {
    fn from(v: LegalVersionSummary) -> Self {
        LegalVersion { version: v.version, title: v.title.into(), published_at: v.published_at }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LegalVersionList {
    /// Every version, newest (the current one) first.
    pub items: Vec<LegalVersion>,
}

/// A page's title in each language, as a request gives it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalTitleTexts {
    /// 1–200 characters, not only spaces.
    #[schema(example = "Käyttöehdot", min_length = 1, max_length = 200, pattern = r"\S")]
    pub fi: String,
    /// 1–200 characters, not only spaces.
    #[schema(example = "Användarvillkor", min_length = 1, max_length = 200, pattern = r"\S")]
    pub sv: String,
    /// 1–200 characters, not only spaces.
    #[schema(example = "Terms of use", min_length = 1, max_length = 200, pattern = r"\S")]
    pub en: String,
}

/// A page's body in each language (Markdown), as a request gives it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalBodyTexts {
    /// 1–30000 characters of Markdown, not only spaces.
    #[schema(
        example = "## Kuka voi käyttää palvelua\n\nKuka tahansa voi lukea…",
        min_length = 1,
        max_length = 30000,
        pattern = r"\S"
    )]
    pub fi: String,
    /// 1–30000 characters of Markdown, not only spaces.
    #[schema(
        example = "## Vem som kan använda tjänsten\n\nVem som helst kan läsa…",
        min_length = 1,
        max_length = 30000,
        pattern = r"\S"
    )]
    pub sv: String,
    /// 1–30000 characters of Markdown, not only spaces.
    #[schema(
        example = "## Who can use the service\n\nAnyone can read…",
        min_length = 1,
        max_length = 30000,
        pattern = r"\S"
    )]
    pub en: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishLegalDocumentRequest {
    pub title: LegalTitleTexts,
    /// Markdown; raw HTML in it is shown as text, and images become links.
    pub body: LegalBodyTexts,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalAcceptanceRequest {
    /// The version of the terms of use shown to the user: the current one.
    #[validate(range(min = 1, max = 1_000_000))]
    #[schema(example = 2, minimum = 1, maximum = 1_000_000)]
    pub terms_version: i32,
    /// The version of the privacy notice shown to the user: the current one.
    #[validate(range(min = 1, max = 1_000_000))]
    #[schema(example = 1, minimum = 1, maximum = 1_000_000)]
    pub privacy_version: i32,
}

/// Trims each language and checks it is there and within `max` characters, as `field.lang`.
fn checked(field: &str, fi: &str, sv: &str, en: &str, max: usize, errors: &mut Vec<FieldError>) -> Texts {
    let mut check = |lang: &str, raw: &str| {
        let value = raw.trim().to_owned();
        let len = value.chars().count();
        let path = format!("{field}.{lang}");
        if len == 0 {
            errors.push(FieldError::new(path, ErrorCode::Required, "is required"));
        } else if len > max {
            errors.push(
                FieldError::new(path, ErrorCode::Length, format!("must be 1–{max} characters long"))
                    .limits(Some(1), i64::try_from(max).ok()),
            );
        }
        value
    };
    Texts { fi: check("fi", fi), sv: check("sv", sv), en: check("en", en) }
}

/// Read a legal page
///
/// The current version of the privacy notice, the accessibility statement or the terms of
/// use, in every language. Public.
#[utoipa::path(
    tag = "legal",
    security(()),
    params(LegalPath),
    responses(
        (status = 200, description = "The current version", body = LegalDocument),
        (status = 404, description = "No such page, or none published", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/legal/{kind}")]
#[tracing::instrument(skip_all, fields(kind = %path.kind))]
pub async fn get_legal_document(
    state: web::Data<AppState>,
    path: web::Path<LegalPath>,
) -> Result<web::Json<LegalDocument>, ApiError> {
    let document = store::current(&state.db, path.kind).await?.ok_or(ApiError::NotFound)?;
    Ok(web::Json(document.into()))
}

/// List a legal page's versions
///
/// Every published version of the page, newest (the current one) first. Public.
#[utoipa::path(
    tag = "legal",
    security(()),
    params(LegalPath),
    responses(
        (status = 200, description = "Its versions, newest first", body = LegalVersionList),
        (status = 404, response = Problem),
    )
)]
#[get("/legal/{kind}/versions")]
#[tracing::instrument(skip_all, fields(kind = %path.kind))]
pub async fn list_legal_versions(
    state: web::Data<AppState>,
    path: web::Path<LegalPath>,
) -> Result<web::Json<LegalVersionList>, ApiError> {
    let items = store::versions(&state.db, path.kind).await?.into_iter().map(LegalVersion::from).collect();
    Ok(web::Json(LegalVersionList { items }))
}

/// Read a version of a legal page
///
/// One version of the page, current or earlier, so that what was accepted can be read
/// later. Public.
#[utoipa::path(
    tag = "legal",
    security(()),
    params(LegalVersionPath),
    responses(
        (status = 200, description = "That version", body = LegalDocument),
        (status = 404, response = Problem),
    )
)]
#[get("/legal/{kind}/versions/{version}")]
#[tracing::instrument(skip_all, fields(kind = %path.kind, version = path.version))]
pub async fn get_legal_version(
    state: web::Data<AppState>,
    path: web::Path<LegalVersionPath>,
) -> Result<web::Json<LegalDocument>, ApiError> {
    let document = store::get(&state.db, path.kind, path.version).await?.ok_or(ApiError::NotFound)?;
    Ok(web::Json(document.into()))
}

/// Publish a new version of a legal page
///
/// Admins only. Adds the next version of the page, in all three languages, and makes it the
/// current one; earlier versions stay readable. A new version of the terms of use or of the
/// privacy notice asks every user to accept it (`Me.must_accept`) before they take part
/// again; a new accessibility statement asks nobody.
#[utoipa::path(
    tag = "legal",
    security(("bearer" = [])),
    params(LegalPath),
    request_body = PublishLegalDocumentRequest,
    responses(
        (status = 201, description = "Published: the new current version", body = LegalDocument,
            headers(
                ("Location" = String, description = "The new version's address"),
                ("Access-Control-Allow-Origin" = String, description = "The request's `Origin`, when it is one of `SIILO_CORS_ORIGINS`; absent otherwise"),
            )),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`: a language missing, blank or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/legal/{kind}")]
#[tracing::instrument(skip_all, fields(kind = %path.kind, user_id = %viewer.id()))]
pub async fn publish_legal_document(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<LegalPath>,
    body: Body<PublishLegalDocumentRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.require(Role::Admin)?;
    let Body(req) = body;
    let mut errors = Vec::new();
    let title = checked("title", &req.title.fi, &req.title.sv, &req.title.en, TITLE_MAX, &mut errors);
    let text = checked("body", &req.body.fi, &req.body.sv, &req.body.en, BODY_MAX, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let body_html = crate::legal::render(&text);
    let txn = begin_write(&state.db).await?;
    let document = store::publish(
        &txn,
        path.kind,
        NewLegalDocument { title, body: text, body_html },
        viewer.id(),
        Utc::now(),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(version = document.version, "published a legal page");
    let location = format!("/api/v1/legal/{}/versions/{}", document.kind, document.version);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(LegalDocument::from(document)))
}

/// Accept the terms of use and the privacy notice
///
/// Records that the signed-in user accepted these versions of the terms of use and of the
/// privacy notice. Both must be the current versions (those shown): a version that is no
/// longer current, because a newer one was published meanwhile, is refused
/// (`terms_not_accepted`): show the current one and ask again.
#[utoipa::path(
    tag = "legal",
    security(("bearer" = [])),
    request_body = LegalAcceptanceRequest,
    responses(
        (status = 200, description = "Accepted: the account, `must_accept` now empty", body = Me),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`terms_not_accepted` (not the current versions), `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
    )
)]
#[post("/me/legal-acceptance")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn accept_legal_documents(
    state: web::Data<AppState>,
    viewer: SignedIn,
    body: Body<LegalAcceptanceRequest>,
) -> Result<web::Json<Me>, ApiError> {
    let Body(req) = body;
    let offered = AcceptedVersions { terms: Some(req.terms_version), privacy: Some(req.privacy_version) };
    let txn = begin_write(&state.db).await?;
    rules::check_offer(offered, store::current_versions(&txn).await?)?;
    store::accept(&txn, viewer.id(), offered).await?;
    txn.commit().await?;
    let user = users::get(&state.db, viewer.id()).await?.ok_or(ApiError::NotFound)?;
    Ok(web::Json(me_of(&state.db, &user).await?))
}
