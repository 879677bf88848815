//! A call's evaluation criteria, in their order.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use uuid::Uuid;

use super::stmt;
use crate::calls::Localized;
use crate::entities::criterion;

#[derive(Debug, Clone, PartialEq)]
pub struct CriterionRecord {
    pub id: Uuid,
    pub call_id: Uuid,
    pub name: Localized,
    pub description: Localized,
    pub weight: f64,
    pub position: i32,
}

/// A criterion as the admin gives it; `id` keeps an existing one of the call.
#[derive(Debug, Clone)]
pub struct CriterionInput {
    pub id: Option<Uuid>,
    pub name: Localized,
    pub description: Localized,
    pub weight: f64,
}

fn record(c: criterion::Model) -> CriterionRecord {
    CriterionRecord {
        id: c.id,
        call_id: c.call_id,
        name: Localized { fi: c.name_fi, sv: c.name_sv, en: c.name_en },
        description: Localized { fi: c.description_fi, sv: c.description_sv, en: c.description_en },
        weight: c.weight,
        position: c.position,
    }
}

/// The call's criteria by position.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn list(db: &impl ConnectionTrait, call_id: Uuid) -> Result<Vec<CriterionRecord>, DbErr> {
    Ok(criterion::Entity::find()
        .filter(criterion::Column::CallId.eq(call_id))
        .order_by_asc(criterion::Column::Position)
        .order_by_asc(criterion::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(record)
        .collect())
}

/// Whether any review of the call has been submitted: the criteria are then locked.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn any_submitted(db: &impl ConnectionTrait, call_id: Uuid) -> Result<bool, DbErr> {
    let row = db
        .query_one_raw(stmt(
            db,
            "SELECT 1 AS one FROM reviews WHERE call_id = $1 AND status = 'submitted' LIMIT 1",
            vec![call_id.into()],
        ))
        .await?;
    Ok(row.is_some())
}

/// Locks the call's row until the transaction ends (PostgreSQL; SQLite's write transaction
/// already holds the database): `exclusive` for changing the criteria, shared for submitting a
/// review, so that no review is submitted against criteria that are being replaced.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn lock_call(db: &impl ConnectionTrait, call_id: Uuid, exclusive: bool) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let mode = if exclusive { "FOR UPDATE" } else { "FOR SHARE" };
    db.query_one_raw(stmt(db, &format!("SELECT id FROM calls WHERE id = $1 {mode}"), vec![call_id.into()]))
        .await?;
    Ok(())
}

/// Replaces the call's criteria with `items`, in their order: a known id of the call keeps
/// its row (and the draft scores on it), others are created, missing ones deleted (with their
/// draft scores).
#[tracing::instrument(skip_all, fields(call_id = %call_id, count = items.len()), err)]
pub async fn replace(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    items: Vec<CriterionInput>,
) -> Result<Vec<CriterionRecord>, DbErr> {
    let existing: Vec<Uuid> = list(db, call_id).await?.into_iter().map(|c| c.id).collect();
    let kept: Vec<Uuid> = items.iter().filter_map(|i| i.id).filter(|id| existing.contains(id)).collect();
    let gone: Vec<Uuid> = existing.iter().copied().filter(|id| !kept.contains(id)).collect();
    if !gone.is_empty() {
        criterion::Entity::delete_many().filter(criterion::Column::Id.is_in(gone)).exec(db).await?;
    }
    let mut used: Vec<Uuid> = Vec::new();
    for (position, item) in items.into_iter().enumerate() {
        let position = i32::try_from(position).unwrap_or(i32::MAX);
        // An id given twice keeps its row once; the second is a new criterion.
        let keep = item.id.filter(|id| kept.contains(id) && !used.contains(id));
        let id = keep.unwrap_or_else(Uuid::now_v7);
        used.push(id);
        let m = criterion::ActiveModel {
            id: Set(id),
            call_id: Set(call_id),
            name_fi: Set(item.name.fi),
            name_sv: Set(item.name.sv),
            name_en: Set(item.name.en),
            description_fi: Set(item.description.fi),
            description_sv: Set(item.description.sv),
            description_en: Set(item.description.en),
            weight: Set(item.weight),
            position: Set(position),
        };
        if keep.is_some() {
            m.update(db).await?;
        } else {
            m.insert(db).await?;
        }
    }
    list(db, call_id).await
}
