//! Organisations and their email domains.
//!
//! Every change announces itself ([`crate::changes::ORGANISATIONS`]): the server keeps the
//! organisations in memory and drops its copy on that notice.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
};
use siilo_domain::organisations::ParentCandidate;
use siilo_domain::{DomainError, OrganisationId};
use uuid::Uuid;

use crate::entities::{organisation, organisation_domain};
use crate::{StoreError, unique_as};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationRecord {
    pub id: OrganisationId,
    pub code: String,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
    /// The abbreviation in each language (`OM`, `JM`, `OM`).
    pub short_name_fi: String,
    pub short_name_sv: String,
    pub short_name_en: String,
    /// The ministry whose administrative branch this agency is in; `None` for a ministry.
    pub parent_id: Option<OrganisationId>,
    pub email_domains: Vec<String>,
}

impl OrganisationRecord {
    /// The organisation's administrative branch: its ministry, or itself.
    pub fn branch_id(&self) -> OrganisationId {
        siilo_domain::organisations::branch_of(self.id, self.parent_id)
    }
}

pub struct NewOrganisation<'a> {
    pub code: &'a str,
    pub name_fi: &'a str,
    pub name_sv: &'a str,
    pub name_en: &'a str,
    pub short_name_fi: &'a str,
    pub short_name_sv: &'a str,
    pub short_name_en: &'a str,
    pub parent_id: Option<OrganisationId>,
    pub email_domains: &'a [String],
}

#[derive(Debug, Default)]
pub struct OrganisationChange {
    pub code: Option<String>,
    pub name_fi: Option<String>,
    pub name_sv: Option<String>,
    pub name_en: Option<String>,
    pub short_name_fi: Option<String>,
    pub short_name_sv: Option<String>,
    pub short_name_en: Option<String>,
    /// `Some(None)` makes it top-level.
    pub parent_id: Option<Option<OrganisationId>>,
    pub email_domains: Option<Vec<String>>,
}

fn record(m: organisation::Model, mut domains: Vec<String>) -> OrganisationRecord {
    domains.sort();
    OrganisationRecord {
        id: m.id.into(),
        code: m.code,
        name_fi: m.name_fi,
        name_sv: m.name_sv,
        name_en: m.name_en,
        short_name_fi: m.short_name_fi,
        short_name_sv: m.short_name_sv,
        short_name_en: m.short_name_en,
        parent_id: m.parent_id.map(OrganisationId),
        email_domains: domains,
    }
}

/// All organisations by code; there are tens, not thousands.
#[tracing::instrument(skip_all, err)]
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<OrganisationRecord>, DbErr> {
    let rows = organisation::Entity::find()
        .order_by_asc(organisation::Column::Code)
        .find_with_related(organisation_domain::Entity)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(o, ds)| record(o, ds.into_iter().map(|d| d.domain).collect())).collect())
}

#[tracing::instrument(skip_all, fields(organisation_id = %id), err)]
pub async fn get(db: &impl ConnectionTrait, id: OrganisationId) -> Result<Option<OrganisationRecord>, DbErr> {
    let Some(o) = organisation::Entity::find_by_id(id.0).one(db).await? else {
        return Ok(None);
    };
    let domains = organisation_domain::Entity::find()
        .filter(organisation_domain::Column::OrganisationId.eq(id.0))
        .all(db)
        .await?;
    Ok(Some(record(o, domains.into_iter().map(|d| d.domain).collect())))
}

#[tracing::instrument(skip_all)]
pub async fn get_by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<OrganisationRecord>, DbErr> {
    match organisation::Entity::find().filter(organisation::Column::Code.eq(code)).one(db).await? {
        Some(o) => get(db, o.id.into()).await,
        None => Ok(None),
    }
}

/// The organisation as a proposed parent, `None` when there is no such organisation.
#[tracing::instrument(skip_all, fields(organisation_id = %id), err)]
pub async fn parent_candidate(
    db: &impl ConnectionTrait,
    id: OrganisationId,
) -> Result<Option<ParentCandidate>, DbErr> {
    Ok(organisation::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(|o| ParentCandidate { id: o.id.into(), parent_id: o.parent_id.map(OrganisationId) }))
}

/// Whether any organisation has `id` as its parent.
#[tracing::instrument(skip_all, fields(organisation_id = %id), err)]
pub async fn has_agencies(db: &impl ConnectionTrait, id: OrganisationId) -> Result<bool, DbErr> {
    Ok(organisation::Entity::find().filter(organisation::Column::ParentId.eq(id.0)).one(db).await?.is_some())
}

#[tracing::instrument(skip_all, fields(organisation_id = %id), err)]
pub async fn exists(db: &impl ConnectionTrait, id: OrganisationId) -> Result<bool, DbErr> {
    Ok(organisation::Entity::find_by_id(id.0).one(db).await?.is_some())
}

/// Every (domain, organisation) pair, for matching a new user's email to an organisation.
#[tracing::instrument(skip_all, err)]
pub async fn all_domains(db: &impl ConnectionTrait) -> Result<Vec<(String, OrganisationId)>, DbErr> {
    Ok(organisation_domain::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.domain, d.organisation_id.into()))
        .collect())
}

#[tracing::instrument(skip_all)]
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewOrganisation<'_>,
    now: DateTime<Utc>,
) -> Result<OrganisationRecord, StoreError> {
    let id = Uuid::now_v7();
    organisation::ActiveModel {
        id: Set(id),
        code: Set(new.code.to_owned()),
        name_fi: Set(new.name_fi.to_owned()),
        name_sv: Set(new.name_sv.to_owned()),
        name_en: Set(new.name_en.to_owned()),
        short_name_fi: Set(new.short_name_fi.to_owned()),
        short_name_sv: Set(new.short_name_sv.to_owned()),
        short_name_en: Set(new.short_name_en.to_owned()),
        parent_id: Set(new.parent_id.map(|p| p.0)),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .map_err(|e| unique_as(e, DomainError::OrganisationCodeTaken))?;
    replace_domains(db, id.into(), new.email_domains).await?;
    crate::changes::announce(db, crate::changes::ORGANISATIONS).await?;
    get(db, id.into())
        .await?
        .ok_or_else(|| StoreError::Db(DbErr::RecordNotFound("organisation just created".into())))
}

/// Applies a change; `None` when there is no such organisation.
#[tracing::instrument(skip_all, fields(organisation_id = %id))]
pub async fn update(
    db: &impl ConnectionTrait,
    id: OrganisationId,
    change: OrganisationChange,
    now: DateTime<Utc>,
) -> Result<Option<OrganisationRecord>, StoreError> {
    if !exists(db, id).await? {
        return Ok(None);
    }
    let mut m = organisation::ActiveModel { id: Set(id.0), updated_at: Set(now), ..Default::default() };
    if let Some(v) = change.code {
        m.code = Set(v);
    }
    if let Some(v) = change.name_fi {
        m.name_fi = Set(v);
    }
    if let Some(v) = change.name_sv {
        m.name_sv = Set(v);
    }
    if let Some(v) = change.name_en {
        m.name_en = Set(v);
    }
    if let Some(v) = change.short_name_fi {
        m.short_name_fi = Set(v);
    }
    if let Some(v) = change.short_name_sv {
        m.short_name_sv = Set(v);
    }
    if let Some(v) = change.short_name_en {
        m.short_name_en = Set(v);
    }
    let moved = change.parent_id.is_some();
    if let Some(v) = change.parent_id {
        m.parent_id = Set(v.map(|p| p.0));
    }
    m.update(db).await.map_err(|e| unique_as(e, DomainError::OrganisationCodeTaken))?;
    if let Some(domains) = change.email_domains {
        replace_domains(db, id, &domains).await?;
    }
    if moved {
        // Its staff's, its named proposals' and its interests' branches moved with it.
        crate::reach::refresh_all(db).await?;
    }
    crate::changes::announce(db, crate::changes::ORGANISATIONS).await?;
    Ok(get(db, id).await?)
}

async fn replace_domains(
    db: &impl ConnectionTrait,
    id: OrganisationId,
    domains: &[String],
) -> Result<(), StoreError> {
    organisation_domain::Entity::delete_many()
        .filter(organisation_domain::Column::OrganisationId.eq(id.0))
        .exec(db)
        .await?;
    let rows: Vec<organisation_domain::ActiveModel> = domains
        .iter()
        .map(|d| organisation_domain::ActiveModel { domain: Set(d.clone()), organisation_id: Set(id.0) })
        .collect();
    if !rows.is_empty() {
        organisation_domain::Entity::insert_many(rows)
            .exec(db)
            .await
            .map_err(|e| unique_as(e, DomainError::EmailDomainTaken))?;
    }
    Ok(())
}

/// Takes the lock of the organisation tree for the rest of the transaction: a parent set or
/// moved checks the tree (a parent is top-level, an organisation with agencies gets none) and
/// recounts every proposal's reach, and two moves at once must not each check and count
/// without the other. PostgreSQL waits on one transaction-scoped advisory lock; SQLite's
/// write transactions (`begin_write`) already run one at a time.
#[tracing::instrument(skip_all, err)]
pub async fn lock_tree(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        // "SIILO" in ASCII, as the key.
        db.execute_unprepared("SELECT pg_advisory_xact_lock(357711825999)").await?;
    }
    Ok(())
}
