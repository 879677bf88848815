//! User accounts and their roles.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use siilo_domain::accounts::Language;
use siilo_domain::roles::{Role, Roles};
use siilo_domain::{DomainError, OrganisationId, UserId};
use uuid::Uuid;

use crate::entities::{user, user_role};
use crate::{StoreError, contains_pattern, decode, unique_as};

/// A user as the rest of Siilo sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub organisation_id: Option<OrganisationId>,
    pub language: Language,
    pub roles: Roles,
    pub blocked_at: Option<DateTime<Utc>>,
    /// Why an admin blocked the account, when they said; `None` when not blocked.
    pub blocked_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When its personal data was erased (`siilo_domain::personal_data`); such an account
    /// has no email, name or password any more and cannot sign in.
    pub erased_at: Option<DateTime<Utc>>,
    /// When the address was confirmed; `None` while it is not (such a user reads and signs in
    /// but does not take part, and has no organisation from their domain).
    pub email_verified_at: Option<DateTime<Utc>>,
    /// The versions of the terms of use and of the privacy notice the user last accepted.
    pub terms_version: Option<i32>,
    pub privacy_version: Option<i32>,
    /// Whether the account has a password: not one made by single sign-on
    /// (`siilo_domain::accounts::NO_PASSWORD`) that has set none, nor an erased one.
    pub has_password: bool,
}

/// What a login needs to know about an email's account.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: UserId,
    pub password_hash: String,
    pub blocked: bool,
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub organisation_id: Option<OrganisationId>,
    pub language: Language,
    pub roles: &'a Roles,
    /// Admin-created, demo and single sign-on accounts are verified when made; a registered
    /// one confirms its address by the emailed link.
    pub email_verified: bool,
}

/// A change to a profile: `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct ProfileChange {
    pub display_name: Option<String>,
    pub organisation_id: Option<Option<OrganisationId>>,
    pub language: Option<Language>,
}

#[derive(Debug, Default)]
pub struct UserFilter {
    /// Part of the email or the display name, any case.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub blocked: Option<bool>,
    /// Only erased (`true`) or live (`false`) accounts.
    pub erased: Option<bool>,
    /// Keyset cursor: users created after this one.
    pub after: Option<UserId>,
    pub limit: u64,
}

/// A user as read; language and roles strictly ([`crate::Corrupt`] when unknown).
pub(crate) fn record(m: user::Model, roles: Vec<user_role::Model>) -> Result<UserRecord, DbErr> {
    let granted = roles
        .iter()
        .map(|r| decode::<Role>("user_roles", "role", r.user_id, &r.role))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(UserRecord {
        id: m.id.into(),
        email: m.email,
        display_name: m.display_name,
        organisation_id: m.organisation_id.map(Into::into),
        language: decode("users", "language", m.id, &m.language)?,
        roles: Roles::new(granted),
        blocked_at: m.blocked_at,
        blocked_reason: m.blocked_reason.filter(|_| m.blocked_at.is_some()),
        created_at: m.created_at,
        updated_at: m.updated_at,
        erased_at: m.erased_at,
        email_verified_at: m.email_verified_at,
        terms_version: m.terms_version,
        privacy_version: m.privacy_version,
        has_password: !m.password_hash.is_empty() && m.password_hash != siilo_domain::accounts::NO_PASSWORD,
    })
}

/// Creates an account with its roles. A taken email is [`DomainError::EmailTaken`].
#[tracing::instrument(skip_all)]
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<UserRecord, StoreError> {
    let id = Uuid::now_v7();
    user::ActiveModel {
        id: Set(id),
        email: Set(new.email.to_owned()),
        password_hash: Set(new.password_hash.to_owned()),
        display_name: Set(new.display_name.to_owned()),
        organisation_id: Set(new.organisation_id.map(Into::into)),
        language: Set(new.language.into_str().to_owned()),
        blocked_at: Set(None),
        blocked_reason: Set(None),
        erased_at: Set(None),
        search_text: Set(search_text(new.display_name, new.email)),
        created_at: Set(now),
        updated_at: Set(now),
        email_verified_at: Set(new.email_verified.then_some(now)),
        terms_version: Set(None),
        privacy_version: Set(None),
        digested_until: Set(None),
    }
    .insert(db)
    .await
    .map_err(|e| unique_as(e, DomainError::EmailTaken))?;
    replace_roles(db, id.into(), new.roles).await?;
    if new.email_verified {
        // Invitations to co-author that waited for this address.
        crate::coauthors::bind_address(db, id.into(), new.email, now).await?;
    }
    get(db, id.into()).await?.ok_or_else(|| StoreError::Db(DbErr::RecordNotFound("user just created".into())))
}

#[tracing::instrument(skip_all, fields(user_id = %id), err)]
pub async fn get(db: &impl ConnectionTrait, id: UserId) -> Result<Option<UserRecord>, DbErr> {
    // One statement: the user joined with its roles.
    let Some((m, roles)) =
        user::Entity::find_by_id(id.0).find_with_related(user_role::Entity).all(db).await?.pop()
    else {
        return Ok(None);
    };
    record(m, roles).map(Some)
}

/// The stored hash and state of the account with this (normalised) email, if there is one.
/// An erased account has none: its placeholder address signs in no more than an unknown one.
#[tracing::instrument(skip_all, err)]
pub async fn credentials_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<Credentials>, DbErr> {
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::ErasedAt.is_null())
        .one(db)
        .await?;
    Ok(found.map(|m| Credentials {
        user_id: m.id.into(),
        password_hash: m.password_hash,
        blocked: m.blocked_at.is_some(),
    }))
}

/// The live (not erased) account with this normalised address, if there is one.
#[tracing::instrument(skip_all, err)]
pub async fn live_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<UserRecord>, DbErr> {
    // One statement: the user joined with its roles.
    let Some((m, roles)) = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::ErasedAt.is_null())
        .find_with_related(user_role::Entity)
        .all(db)
        .await?
        .pop()
    else {
        return Ok(None);
    };
    record(m, roles).map(Some)
}

#[tracing::instrument(skip_all, fields(user_id = %id), err)]
pub async fn password_hash(db: &impl ConnectionTrait, id: UserId) -> Result<Option<String>, DbErr> {
    Ok(user::Entity::find_by_id(id.0).one(db).await?.map(|m| m.password_hash))
}

#[tracing::instrument(skip_all, fields(user_id = %id), err)]
pub async fn update_profile(
    db: &impl ConnectionTrait,
    id: UserId,
    change: ProfileChange,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut m = user::ActiveModel { id: Set(id.0), updated_at: Set(now), ..Default::default() };
    if let Some(name) = change.display_name {
        let email = user::Entity::find_by_id(id.0).one(db).await?.map(|u| u.email).unwrap_or_default();
        m.search_text = Set(search_text(&name, &email));
        m.display_name = Set(name);
    }
    let moved = change.organisation_id.is_some();
    if let Some(org) = change.organisation_id {
        m.organisation_id = Set(org.map(Into::into));
    }
    if let Some(lang) = change.language {
        m.language = Set(lang.into_str().to_owned());
    }
    m.update(db).await?;
    if moved {
        crate::reach::refresh_for_user(db, id.0).await?;
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(user_id = %id), err)]
pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    id: UserId,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    user::ActiveModel {
        id: Set(id.0),
        password_hash: Set(hash.to_owned()),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Marks the account's address confirmed now and places it in `organisation` (the one its
/// confirmation decided).
#[tracing::instrument(skip_all, fields(user_id = %id), err)]
pub async fn confirm_email(
    db: &impl ConnectionTrait,
    id: UserId,
    organisation: Option<OrganisationId>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    user::ActiveModel {
        id: Set(id.0),
        email_verified_at: Set(Some(now)),
        organisation_id: Set(organisation.map(Into::into)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    // Invitations to co-author that waited for this address.
    if let Some(email) = user::Entity::find_by_id(id.0).one(db).await?.map(|u| u.email) {
        crate::coauthors::bind_address(db, id, &email, now).await?;
    }
    // The placement may move the proposals the account is part of to another branch.
    crate::reach::refresh_for_user(db, id.0).await
}

/// Changes the account's address to a confirmed new one (`display_name` is the account's, for
/// the search text) and places it in `organisation`. An address another account has is
/// [`DomainError::EmailTaken`], also when that account took it a moment ago.
#[tracing::instrument(skip_all, fields(user_id = %id), err)]
pub async fn change_email(
    db: &impl ConnectionTrait,
    id: UserId,
    email: &str,
    display_name: &str,
    organisation: Option<OrganisationId>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    user::ActiveModel {
        id: Set(id.0),
        email: Set(email.to_owned()),
        search_text: Set(search_text(display_name, email)),
        email_verified_at: Set(Some(now)),
        organisation_id: Set(organisation.map(Into::into)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await
    .map_err(|e| unique_as(e, DomainError::EmailTaken))?;
    crate::reach::refresh_for_user(db, id.0).await?;
    // Invitations to co-author that waited for the new address.
    crate::coauthors::bind_address(db, id, email, now).await?;
    Ok(())
}

/// Whether an account (live or erased) has this normalised address.
#[tracing::instrument(skip_all, err)]
pub async fn email_exists(db: &impl ConnectionTrait, email: &str) -> Result<bool, DbErr> {
    Ok(user::Entity::find().filter(user::Column::Email.eq(email)).count(db).await? > 0)
}

/// Blocks or unblocks an account. Blocking stores `reason` (replacing an earlier one, also
/// with none); unblocking forgets it.
#[tracing::instrument(skip_all, fields(user_id = %id), err)]
pub async fn set_blocked(
    db: &impl ConnectionTrait,
    id: UserId,
    blocked: bool,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    // Re-blocking keeps the original time.
    let current = user::Entity::find_by_id(id.0).one(db).await?.and_then(|m| m.blocked_at);
    let blocked_at = match (blocked, current) {
        (true, Some(at)) => Some(at),
        (true, None) => Some(now),
        (false, _) => None,
    };
    user::ActiveModel {
        id: Set(id.0),
        blocked_at: Set(blocked_at),
        blocked_reason: Set(reason.filter(|_| blocked).map(str::to_owned)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Stores exactly these granted roles (participant is implied).
#[tracing::instrument(skip_all, fields(user_id = %id), err)]
pub async fn replace_roles(db: &impl ConnectionTrait, id: UserId, roles: &Roles) -> Result<(), DbErr> {
    user_role::Entity::delete_many().filter(user_role::Column::UserId.eq(id.0)).exec(db).await?;
    let rows: Vec<user_role::ActiveModel> = roles
        .granted()
        .map(|r| user_role::ActiveModel { user_id: Set(id.0), role: Set(r.into_str().to_owned()) })
        .collect();
    if !rows.is_empty() {
        user_role::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// What user search looks in: SQL `lower()` folds only ASCII on SQLite, so the folding
/// (case and accents) is done here, once per write.
fn search_text(display_name: &str, email: &str) -> String {
    siilo_domain::search::fold(&format!("{display_name} {email}"))
}

fn filter_condition(f: &UserFilter) -> Condition {
    let mut cond = Condition::all();
    for term in f.q.as_deref().map(siilo_domain::search::query_terms).unwrap_or_default() {
        cond = cond.add(
            Expr::col(user::Column::SearchText).like(LikeExpr::new(contains_pattern(&term)).escape('\\')),
        );
    }
    if let Some(role) = f.role.filter(|r| r.is_granted()) {
        cond = cond.add(
            user::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(user_role::Column::UserId)
                    .from(user_role::Entity)
                    .and_where(user_role::Column::Role.eq(role.into_str()))
                    .to_owned(),
            ),
        );
    }
    match f.blocked {
        Some(true) => cond = cond.add(user::Column::BlockedAt.is_not_null()),
        Some(false) => cond = cond.add(user::Column::BlockedAt.is_null()),
        None => {}
    }
    match f.erased {
        Some(true) => cond = cond.add(user::Column::ErasedAt.is_not_null()),
        Some(false) => cond = cond.add(user::Column::ErasedAt.is_null()),
        None => {}
    }
    cond
}

/// A page of users in creation order, and how many match the filter in all.
#[tracing::instrument(skip_all, err)]
pub async fn list(db: &impl ConnectionTrait, f: &UserFilter) -> Result<(Vec<UserRecord>, u64), DbErr> {
    let cond = filter_condition(f);
    let total = user::Entity::find().filter(cond.clone()).count(db).await?;
    let mut query = user::Entity::find().filter(cond);
    if let Some(after) = f.after {
        query = query.filter(user::Column::Id.gt(after.0));
    }
    let users = query.order_by_asc(user::Column::Id).limit(f.limit).all(db).await?;
    let ids: Vec<Uuid> = users.iter().map(|u| u.id).collect();
    let mut roles = user_role::Entity::find().filter(user_role::Column::UserId.is_in(ids)).all(db).await?;
    let items = users
        .into_iter()
        .map(|u| {
            let (mine, rest): (Vec<_>, Vec<_>) = roles.drain(..).partition(|r| r.user_id == u.id);
            roles = rest;
            record(u, mine)
        })
        .collect::<Result<_, _>>()?;
    Ok((items, total))
}

/// Locks the user's row until the transaction ends (PostgreSQL `FOR UPDATE`), so that
/// checks of per-user limits and the writes they allow happen one request at a time. On
/// SQLite the write transaction already holds the database.
#[tracing::instrument(skip_all, fields(user_id = %id), err)]
pub async fn lock(db: &impl ConnectionTrait, id: UserId) -> Result<(), DbErr> {
    // sea-query leaves the lock clause out for SQLite.
    user::Entity::find_by_id(id.0)
        .select_only()
        .column(user::Column::Id)
        .lock_exclusive()
        .into_tuple::<Uuid>()
        .one(db)
        .await
        .map(|_| ())
}

/// How many accounts exist: the CLI uses it to tell a fresh install.
#[tracing::instrument(skip_all, err)]
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    user::Entity::find().count(db).await
}
