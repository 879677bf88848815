//! The audit log of moderation and administration: every act with its actor, target, reason
//! and time. Append-only: this module inserts and reads, nothing in the store updates or
//! deletes a row, and the database refuses both (triggers on PostgreSQL and SQLite, see the
//! migration `m20261203_000001_moderation`).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use siilo_domain::UserId;
use siilo_domain::moderation::{LogAction, LogTarget, ReportReason};
use uuid::Uuid;

use crate::entities::moderation_log;

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
