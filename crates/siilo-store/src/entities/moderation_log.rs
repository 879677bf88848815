use sea_orm::entity::prelude::*;

/// The audit log: rows are inserted, never updated or deleted (the database refuses both).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "moderation_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub action: String,
    /// `None` for what the service did by itself (reports reaching the threshold).
    pub actor_id: Option<Uuid>,
    /// `proposal`, `comment` or `user`.
    pub target_kind: String,
    pub target_id: Uuid,
    pub call_id: Option<Uuid>,
    /// The proposal, or the comment's proposal.
    pub proposal_id: Option<Uuid>,
    pub category: Option<String>,
    /// Shown to the item's author and to moderators.
    pub reason: Option<String>,
    /// Shown to everyone on the tombstone.
    pub public_note: Option<String>,
    /// JSON object: what an action needs beyond the columns (roles before and after, the
    /// appeal decided).
    pub data: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
