use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appeals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The moderation log entry appealed (unique: an action is appealed once).
    pub action_id: Uuid,
    pub target_kind: String,
    pub target_id: Uuid,
    pub call_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    pub appellant_id: Uuid,
    pub text: String,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<Uuid>,
    /// `upheld` or `overturned`, once decided.
    pub outcome: Option<String>,
    pub decision_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
