//! The audit log of moderation and administration: every act with its actor, target, reason
//! and time. Append-only: this module inserts and reads, nothing in the store updates or
//! deletes a row, and the database refuses both (triggers on PostgreSQL and SQLite, see the
//! migration `m20261203_000001_moderation`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use siilo_domain::UserId;
use siilo_domain::moderation::{LogAction, LogTarget, ReportReason};
use uuid::Uuid;

use crate::decode;
use crate::entities::{moderation_log, user};

/// One act to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLogEntry {
    pub action: LogAction,
    /// `None` for what the service did by itself (reports reaching the threshold).
    pub actor_id: Option<UserId>,
    pub target: LogTarget,
    pub target_id: Uuid,
    pub call_id: Option<Uuid>,
    /// The proposal, or the comment's proposal: the public history of a proposal is read by it.
    pub proposal_id: Option<Uuid>,
    pub category: Option<ReportReason>,
    pub reason: Option<String>,
    pub public_note: Option<String>,
    /// What the action needs beyond the columns, as a JSON object.
    pub data: serde_json::Value,
}

impl NewLogEntry {
    /// An entry about `target_id` with no call, proposal, category, texts or data yet.
    pub fn new(action: LogAction, actor_id: Option<UserId>, target: LogTarget, target_id: Uuid) -> Self {
        NewLogEntry {
            action,
            actor_id,
            target,
            target_id,
            call_id: None,
            proposal_id: None,
            category: None,
            reason: None,
            public_note: None,
            data: serde_json::Value::Object(serde_json::Map::new()),
        }
    }
}

/// Records an act, in the transaction of the act itself, and returns the entry's id.
#[tracing::instrument(skip_all, fields(action = %e.action, target_id = %e.target_id), err)]
pub async fn append(db: &impl ConnectionTrait, e: NewLogEntry, now: DateTime<Utc>) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    moderation_log::ActiveModel {
        id: Set(id),
        action: Set(e.action.into_str().to_owned()),
        actor_id: Set(e.actor_id.map(|a| a.0)),
        target_kind: Set(e.target.into_str().to_owned()),
        target_id: Set(e.target_id),
        call_id: Set(e.call_id),
        proposal_id: Set(e.proposal_id),
        category: Set(e.category.map(|c| c.into_str().to_owned())),
        reason: Set(e.reason),
        public_note: Set(e.public_note),
        data: Set(e.data.to_string()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// An entry as read back, with its actor's display name.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub id: Uuid,
    pub action: LogAction,
    /// The actor and their display name; `None` for what the service did by itself.
    pub actor: Option<(UserId, String)>,
    pub target: LogTarget,
    pub target_id: Uuid,
    pub call_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    pub category: Option<ReportReason>,
    pub reason: Option<String>,
    pub public_note: Option<String>,
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// What `GET /moderation/log` filters on; every filter is optional.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub target_id: Option<Uuid>,
    pub actor_id: Option<UserId>,
    pub call_id: Option<Uuid>,
    pub action: Option<LogAction>,
    /// From this time on (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this time (exclusive).
    pub to: Option<DateTime<Utc>>,
    /// The last entry of the previous page: `(created_at, id)`.
    pub after: Option<(DateTime<Utc>, Uuid)>,
}

async fn entries(
    db: &impl ConnectionTrait,
    rows: Vec<moderation_log::Model>,
) -> Result<Vec<LogEntry>, DbErr> {
    let mut actor_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.actor_id).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let names: HashMap<Uuid, String> = if actor_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .select_only()
            .columns([user::Column::Id, user::Column::DisplayName])
            .filter(user::Column::Id.is_in(actor_ids))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    rows.into_iter()
        .map(|r| {
            let data = serde_json::from_str(&r.data).map_err(|_| {
                DbErr::from(crate::Corrupt {
                    table: "moderation_log",
                    column: "data",
                    value: r.data.chars().take(40).collect(),
                    row: r.id.to_string(),
                })
            })?;
            Ok(LogEntry {
                action: decode("moderation_log", "action", r.id, &r.action)?,
                target: decode("moderation_log", "target_kind", r.id, &r.target_kind)?,
                category: r
                    .category
                    .as_deref()
                    .map(|c| decode("moderation_log", "category", r.id, c))
                    .transpose()?,
                actor: r.actor_id.map(|a| (a.into(), names.get(&a).cloned().unwrap_or_default())),
                id: r.id,
                target_id: r.target_id,
                call_id: r.call_id,
                proposal_id: r.proposal_id,
                reason: r.reason,
                public_note: r.public_note,
                data,
                created_at: r.created_at,
            })
        })
        .collect()
}

/// Up to `limit` entries matching `filter`, newest first, after `filter.after`: a keyset on
/// `(created_at, id)`, which each filter's index ends with.
#[tracing::instrument(skip_all, err)]
pub async fn list(db: &impl ConnectionTrait, filter: &LogFilter, limit: u64) -> Result<Vec<LogEntry>, DbErr> {
    use moderation_log::Column as C;
    let mut q = moderation_log::Entity::find();
    if let Some(t) = filter.target_id {
        q = q.filter(C::TargetId.eq(t));
    }
    if let Some(a) = filter.actor_id {
        q = q.filter(C::ActorId.eq(a.0));
    }
    if let Some(c) = filter.call_id {
        q = q.filter(C::CallId.eq(c));
    }
    if let Some(a) = filter.action {
        q = q.filter(C::Action.eq(a.into_str()));
    }
    if let Some(from) = filter.from {
        q = q.filter(C::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to {
        q = q.filter(C::CreatedAt.lt(to));
    }
    if let Some((at, id)) = filter.after {
        q = q.filter(
            Condition::any()
                .add(C::CreatedAt.lt(at))
                .add(Condition::all().add(C::CreatedAt.eq(at)).add(C::Id.lt(id))),
        );
    }
    let rows = q.order_by_desc(C::CreatedAt).order_by_desc(C::Id).limit(limit).all(db).await?;
    entries(db, rows).await
}

/// One entry.
#[tracing::instrument(skip_all, fields(entry_id = %id), err)]
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<LogEntry>, DbErr> {
    let Some(row) = moderation_log::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    Ok(entries(db, vec![row]).await?.into_iter().next())
}

/// The id of the latest entry about `target_id`: an action is still in force only while it
/// is the latest on its item.
#[tracing::instrument(skip_all, fields(target_id = %target_id), err)]
pub async fn latest_on(db: &impl ConnectionTrait, target_id: Uuid) -> Result<Option<Uuid>, DbErr> {
    use moderation_log::Column as C;
    moderation_log::Entity::find()
        .select_only()
        .column(C::Id)
        .filter(C::TargetId.eq(target_id))
        .order_by_desc(C::CreatedAt)
        .order_by_desc(C::Id)
        .into_tuple::<Uuid>()
        .one(db)
        .await
}

/// What happened to a proposal and its comments: the `limit` most recent entries about
/// them, oldest first.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn history(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    limit: u64,
) -> Result<Vec<LogEntry>, DbErr> {
    use moderation_log::Column as C;
    let mut rows = moderation_log::Entity::find()
        .filter(C::ProposalId.eq(proposal_id))
        .order_by_desc(C::CreatedAt)
        .order_by_desc(C::Id)
        .limit(limit)
        .all(db)
        .await?;
    rows.reverse();
    entries(db, rows).await
}
