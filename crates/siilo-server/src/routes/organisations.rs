//! Organisations: ministries and agencies.

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use siilo_domain::OrganisationId;
use siilo_domain::organisations::{
    check_parent, is_valid_code, is_valid_email_domain, is_valid_short_name, normalize_code,
    normalize_email_domain, normalize_short_name,
};
use siilo_domain::roles::Role;
use siilo_store::begin_write;
use siilo_store::organisations::{self as store, NewOrganisation, OrganisationChange, OrganisationRecord};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorCode, FieldError, Problem};
use crate::extract::Body;
use crate::routes::dto::{AllLanguagesText, OrganisationRef, ShortNames};
use crate::routes::paths::OrganisationPath;
use crate::state::AppState;
use crate::state::organisations::Organisations;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_organisations)
        .service(get_organisation)
        .service(create_organisation)
        .service(update_organisation);
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "5111a000-0000-4000-8000-000000000001", "code": "VERO", "name": {"fi": "Verohallinto", "sv": "Skatteförvaltningen", "en": "Finnish Tax Administration"}, "short_name": {"fi": "Vero", "sv": "Skatteförvaltningen", "en": "Vero"}, "email_domains": ["vero.fi"], "parent_id": "0193a4e0-0000-7000-8000-000000000004", "branch": {"id": "0193a4e0-0000-7000-8000-000000000004", "code": "VM", "name": {"fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance"}, "short_name": {"fi": "VM", "sv": "FM", "en": "VM"}, "parent_id": null}}))]
pub struct Organisation {
    pub id: Uuid,
    #[schema(example = "VM")]
    pub code: String,
    pub name: AllLanguagesText,
    /// The abbreviation in each language, for bylines, chips and filters.
    pub short_name: ShortNames,
    /// Staff email domains; a new user with such an address joins this organisation.
    #[schema(example = json!(["vm.fi"]))]
    pub email_domains: Vec<String>,
    /// The ministry whose administrative branch (*hallinnonala*) this agency is in; `null`
    /// for a ministry or another top-level organisation.
    pub parent_id: Option<Uuid>,
    /// Its administrative branch: the parent ministry, or the organisation itself when it is
    /// top-level. Cross-administrative reach counts distinct branches.
    pub branch: OrganisationRef,
}

impl Organisation {
    /// The view of `o`, its branch looked up among `all`.
    fn of(o: &OrganisationRecord, all: &Organisations) -> Self {
        let branch = all.get(o.branch_id()).unwrap_or(o);
        Organisation {
            id: o.id.0,
            code: o.code.clone(),
            name: AllLanguagesText { fi: o.name_fi.clone(), sv: o.name_sv.clone(), en: o.name_en.clone() },
            short_name: ShortNames::of(o),
            email_domains: o.email_domains.clone(),
            parent_id: o.parent_id.map(|p| p.0),
            branch: OrganisationRef::from(branch),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationList {
    /// All organisations, by code.
    pub items: Vec<Organisation>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganisationRequest {
    /// 2–12 capital letters, digits or dashes, starting with a letter (stored upper-cased).
    #[schema(example = "DVV", min_length = 2, max_length = 12, pattern = r"^[A-Za-z][A-Za-z0-9-]{1,11}$")]
    pub code: String,
    #[validate(nested)]
    pub name: AllLanguagesText,
    /// The abbreviation in each language; the code in every language when left out.
    pub short_name: Option<ShortNames>,
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(example = json!(["dvv.fi"]), value_type = Vec<EmailDomain>, max_items = 20)]
    pub email_domains: Vec<String>,
    /// The ministry whose administrative branch the new agency is in: an existing top-level
    /// organisation (`organisation_parent_invalid` otherwise). Left out or `null`: top-level.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganisationRequest {
    /// 2–12 capital letters, digits or dashes, starting with a letter (stored upper-cased).
    #[schema(example = "DVV", min_length = 2, max_length = 12, pattern = r"^[A-Za-z][A-Za-z0-9-]{1,11}$")]
    pub code: Option<String>,
    #[validate(nested)]
    pub name: Option<AllLanguagesText>,
    pub short_name: Option<ShortNames>,
    /// Replaces the list.
    #[validate(length(max = 20))]
    #[schema(value_type = Option<Vec<EmailDomain>>, max_items = 20)]
    pub email_domains: Option<Vec<String>>,
    /// Moves it to a ministry's administrative branch: an existing top-level organisation
    /// other than itself; an organisation with agencies of its own cannot get one
    /// (`organisation_parent_invalid`). `null` makes it top-level; left out, it stays.
    /// Every proposal's reach is counted again.
    #[serde(default, deserialize_with = "crate::routes::dto::present")]
    #[schema(value_type = Option<Uuid>)]
    pub parent_id: Option<Option<Uuid>>,
}

/// A staff email domain such as `dvv.fi`, as a request gives it: the schema only (the
/// checks are `siilo_domain::organisations::is_valid_email_domain`).
pub struct EmailDomain;

impl utoipa::PartialSchema for EmailDomain {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "A domain name: labels of letters, digits and inner dashes, at least two of them. \
                 A leading `@` is dropped and capitals are lower-cased.",
            ))
            .min_length(Some(3))
            .max_length(Some(253))
            .pattern(Some(
                r"^@?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$",
            ))
            .examples([serde_json::json!("dvv.fi")])
            .into()
    }
}

impl ToSchema for EmailDomain {}

fn checked_code(raw: &str) -> Result<String, FieldError> {
    let code = normalize_code(raw);
    if is_valid_code(&code) {
        Ok(code)
    } else {
        Err(FieldError::new(
            "code",
            ErrorCode::InvalidCode,
            "must be 2–12 capital letters, digits or dashes, starting with a letter",
        ))
    }
}

/// The abbreviations trimmed, or an `invalid_short_name` error per bad language.
fn checked_short_names(raw: &ShortNames) -> Result<ShortNames, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut checked = |lang: &str, v: &str| {
        let v = normalize_short_name(v);
        if !is_valid_short_name(&v) {
            errors.push(FieldError::new(
                format!("short_name.{lang}"),
                ErrorCode::InvalidShortName,
                "must be 1–20 letters, digits, dashes or dots, starting with a letter",
            ));
        }
        v
    };
    let names =
        ShortNames { fi: checked("fi", &raw.fi), sv: checked("sv", &raw.sv), en: checked("en", &raw.en) };
    if errors.is_empty() { Ok(names) } else { Err(errors) }
}

fn checked_domains(raw: &[String]) -> Result<Vec<String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut domains: Vec<String> = Vec::new();
    for (i, d) in raw.iter().enumerate() {
        let d = normalize_email_domain(d);
        if !is_valid_email_domain(&d) {
            errors.push(FieldError::new(
                format!("email_domains[{i}]"),
                ErrorCode::InvalidDomain,
                "must be a domain name such as vm.fi",
            ));
        } else if !domains.contains(&d) {
            domains.push(d);
        }
    }
    if errors.is_empty() { Ok(domains) } else { Err(errors) }
}

/// List organisations
///
/// All ministries and agencies, by code, each with its administrative branch. Public.
#[utoipa::path(tag = "organisations", security(()), responses((status = 200, description = "Every organisation, by code", body = OrganisationList)))]
#[get("/organisations")]
#[tracing::instrument(skip_all)]
pub async fn list_organisations(state: web::Data<AppState>) -> Result<web::Json<OrganisationList>, ApiError> {
    let orgs = state.organisations.get(&state.db).await?;
    let items = orgs.all().iter().map(|o| Organisation::of(o, &orgs)).collect();
    Ok(web::Json(OrganisationList { items }))
}

/// Get an organisation
///
/// Its code, names and staff email domains. Public.
#[utoipa::path(
    tag = "organisations",
    security(()),
    params(OrganisationPath),
    responses((status = 200, description = "The organisation", body = Organisation), (status = 404, response = Problem))
)]
#[get("/organisations/{id}")]
#[tracing::instrument(skip_all, fields(organisation_id = %path.id))]
pub async fn get_organisation(
    state: web::Data<AppState>,
    path: web::Path<OrganisationPath>,
) -> Result<web::Json<Organisation>, ApiError> {
    let orgs = state.organisations.get(&state.db).await?;
    let org = orgs.get(OrganisationId(path.id)).ok_or(ApiError::NotFound)?;
    Ok(web::Json(Organisation::of(org, &orgs)))
}

/// Create an organisation
///
/// Admins only.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    request_body = CreateOrganisationRequest,
    responses(
        (status = 201, description = "Created", body = Organisation),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`organisation_code_taken`, `email_domain_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `organisation_parent_invalid`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn create_organisation(
    state: web::Data<AppState>,
    viewer: SignedIn,
    body: Body<CreateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.require(Role::Admin)?;
    let Body(req) = body;
    let code = checked_code(&req.code);
    let short = req.short_name.as_ref().map(checked_short_names).transpose();
    let domains = checked_domains(&req.email_domains);
    let (code, short, domains) = match (code, short, domains) {
        (Ok(c), Ok(s), Ok(d)) => (c, s, d),
        (c, s, d) => {
            let mut errors: Vec<FieldError> = c.err().into_iter().collect();
            errors.extend(s.err().unwrap_or_default());
            errors.extend(d.err().unwrap_or_default());
            return Err(ApiError::Validation(errors));
        }
    };
    let short = short.unwrap_or_else(|| ShortNames { fi: code.clone(), sv: code.clone(), en: code.clone() });
    let txn = begin_write(&state.db).await?;
    let parent_id = req.parent_id.map(OrganisationId);
    if let Some(parent) = parent_id {
        store::lock_tree(&txn).await?;
        check_parent(None, store::parent_candidate(&txn, parent).await?, false)?;
    }
    let org = store::create(
        &txn,
        NewOrganisation {
            code: &code,
            name_fi: req.name.fi.trim(),
            name_sv: req.name.sv.trim(),
            name_en: req.name.en.trim(),
            short_name_fi: &short.fi,
            short_name_sv: &short.sv,
            short_name_en: &short.en,
            parent_id,
            email_domains: &domains,
        },
        Utc::now(),
    )
    .await?;
    let committed = txn.commit().await;
    // Dropped even when the commit's outcome is unknown; other instances drop theirs on the
    // notice the store sent with the change.
    state.organisations.invalidate();
    committed?;
    let orgs = state.organisations.get(&state.db).await?;
    Ok(HttpResponse::Created().json(Organisation::of(&org, &orgs)))
}

/// Update an organisation
///
/// Admins only. Fields left out stay as they are. Moving an organisation to another
/// branch (`parent_id`) counts every proposal's cross-administrative reach again.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(OrganisationPath),
    request_body = UpdateOrganisationRequest,
    responses(
        (status = 200, description = "The organisation as changed", body = Organisation),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`organisation_code_taken`, `email_domain_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `organisation_parent_invalid`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/organisations/{id}")]
#[tracing::instrument(skip_all, fields(organisation_id = %path.id, user_id = %viewer.id()))]
pub async fn update_organisation(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<OrganisationPath>,
    body: Body<UpdateOrganisationRequest>,
) -> Result<web::Json<Organisation>, ApiError> {
    viewer.require(Role::Admin)?;
    let Body(req) = body;
    let mut errors = Vec::new();
    let code = match req.code.as_deref().map(checked_code) {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            errors.push(e);
            None
        }
        None => None,
    };
    let short = match req.short_name.as_ref().map(checked_short_names) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            errors.extend(e);
            None
        }
        None => None,
    };
    let domains = match req.email_domains.as_deref().map(checked_domains) {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            errors.extend(e);
            None
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let change = OrganisationChange {
        code,
        name_fi: req.name.as_ref().map(|n| n.fi.trim().to_owned()),
        name_sv: req.name.as_ref().map(|n| n.sv.trim().to_owned()),
        name_en: req.name.as_ref().map(|n| n.en.trim().to_owned()),
        short_name_fi: short.as_ref().map(|s| s.fi.clone()),
        short_name_sv: short.as_ref().map(|s| s.sv.clone()),
        short_name_en: short.map(|s| s.en),
        parent_id: req.parent_id.map(|p| p.map(OrganisationId)),
        email_domains: domains,
    };
    let id = OrganisationId(path.id);
    let txn = begin_write(&state.db).await?;
    if change.parent_id.is_some() {
        store::lock_tree(&txn).await?;
    }
    if !store::exists(&txn, id).await? {
        return Err(ApiError::NotFound);
    }
    if let Some(Some(parent)) = change.parent_id {
        let candidate = store::parent_candidate(&txn, parent).await?;
        check_parent(Some(id), candidate, store::has_agencies(&txn, id).await?)?;
    }
    let org = store::update(&txn, id, change, Utc::now()).await?.ok_or(ApiError::NotFound)?;
    let committed = txn.commit().await;
    state.organisations.invalidate();
    committed?;
    let orgs = state.organisations.get(&state.db).await?;
    Ok(web::Json(Organisation::of(&org, &orgs)))
}
