//! Call managers: a user who runs one call, or every call an organisation hosts, without
//! being an admin.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::entities::{call, call_manager, user};
use crate::evaluation::stmt;

/// What a grant is for: one call, or every call an organisation hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Call(Uuid),
    Organisation(Uuid),
}

impl Scope {
    fn ids(self) -> (Option<Uuid>, Option<Uuid>) {
        match self {
            Scope::Call(id) => (Some(id), None),
            Scope::Organisation(id) => (None, Some(id)),
        }
    }
}

/// A grant as listed, with the manager's name, address and organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerRecord {
    pub user_id: Uuid,
    pub display_name: String,
    pub email: String,
    pub organisation_id: Option<Uuid>,
    pub granted_by: Option<Uuid>,
    pub granted_at: DateTime<Utc>,
}

/// What one user manages: the calls granted one by one, and the organisations whose calls
/// they run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Managed {
    pub call_ids: Vec<Uuid>,
    pub organisation_ids: Vec<Uuid>,
}

/// Whether `user_id` manages the call: a grant for that call, or for the organisation that
/// hosts it.
#[tracing::instrument(skip_all, fields(user_id = %user_id, call_id = %call_id), err)]
pub async fn manages(db: &impl ConnectionTrait, user_id: Uuid, call_id: Uuid) -> Result<bool, DbErr> {
    let row = db
        .query_one_raw(stmt(
            db,
            r#"SELECT 1 AS yes FROM call_managers m
               WHERE m.user_id = $1 AND (m.call_id = $2 OR m.organisation_id =
                 (SELECT c.host_organisation_id FROM calls c WHERE c.id = $2))"#,
            vec![user_id.into(), call_id.into()],
        ))
        .await?;
    Ok(row.is_some())
}

/// Grants the scope to the user; `false` when they had it already. Concurrent grants of the
/// same scope insert one row: the unique index decides, and the loser does nothing.
#[tracing::instrument(skip_all, fields(user_id = %user_id), err)]
pub async fn grant(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    scope: Scope,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let (call_id, organisation_id) = scope.ids();
    let res = db
        .execute_raw(stmt(
            db,
            r#"INSERT INTO call_managers (id, user_id, call_id, organisation_id, granted_by, created_at)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"#,
            vec![
                Uuid::now_v7().into(),
                user_id.into(),
                call_id.into(),
                organisation_id.into(),
                Some(by).into(),
                now.into(),
            ],
        ))
        .await?;
    Ok(res.rows_affected() > 0)
}

/// Takes the scope away from the user; `false` when they did not have it.
#[tracing::instrument(skip_all, fields(user_id = %user_id), err)]
pub async fn revoke(db: &impl ConnectionTrait, user_id: Uuid, scope: Scope) -> Result<bool, DbErr> {
    use call_manager::Column as C;
    let q = call_manager::Entity::delete_many().filter(C::UserId.eq(user_id));
    let q = match scope {
        Scope::Call(id) => q.filter(C::CallId.eq(id)),
        Scope::Organisation(id) => q.filter(C::OrganisationId.eq(id)),
    };
    Ok(q.exec(db).await?.rows_affected > 0)
}

/// The managers of one scope, the earliest granted first.
#[tracing::instrument(skip_all, err)]
pub async fn list(db: &impl ConnectionTrait, scope: Scope) -> Result<Vec<ManagerRecord>, DbErr> {
    use call_manager::Column as C;
    let q = call_manager::Entity::find();
    let q = match scope {
        Scope::Call(id) => q.filter(C::CallId.eq(id)),
        Scope::Organisation(id) => q.filter(C::OrganisationId.eq(id)),
    };
    let rows = q.order_by_asc(C::CreatedAt).order_by_asc(C::Id).all(db).await?;
    let ids: Vec<Uuid> = rows.iter().map(|m| m.user_id).collect();
    let users: HashMap<Uuid, user::Model> = if ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect()
    };
    Ok(rows
        .into_iter()
        .filter_map(|m| {
            users.get(&m.user_id).map(|u| ManagerRecord {
                user_id: m.user_id,
                display_name: u.display_name.clone(),
                email: u.email.clone(),
                organisation_id: u.organisation_id,
                granted_by: m.granted_by,
                granted_at: m.created_at,
            })
        })
        .collect())
}

/// What the user manages, each list in the order granted.
#[tracing::instrument(skip_all, fields(user_id = %user_id), err)]
pub async fn managed_by(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Managed, DbErr> {
    use call_manager::Column as C;
    let rows = call_manager::Entity::find()
        .filter(C::UserId.eq(user_id))
        .order_by_asc(C::CreatedAt)
        .order_by_asc(C::Id)
        .all(db)
        .await?;
    let mut out = Managed::default();
    for r in rows {
        if let Some(c) = r.call_id {
            out.call_ids.push(c);
        }
        if let Some(o) = r.organisation_id {
            out.organisation_ids.push(o);
        }
    }
    Ok(out)
}

/// Every call the user manages: granted one by one, or hosted by an organisation whose calls
/// they run.
#[tracing::instrument(skip_all, fields(user_id = %user_id), err)]
pub async fn managed_call_ids(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<Uuid>, DbErr> {
    let managed = managed_by(db, user_id).await?;
    let mut ids = managed.call_ids;
    if !managed.organisation_ids.is_empty() {
        let hosted: Vec<Uuid> = call::Entity::find()
            .filter(call::Column::HostOrganisationId.is_in(managed.organisation_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        ids.extend(hosted);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
