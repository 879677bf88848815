use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `proposal` or `comment`.
    pub target_kind: String,
    /// The proposal's or the comment's id.
    pub target_id: Uuid,
    pub call_id: Uuid,
    /// The proposal reported, or the comment's proposal.
    pub proposal_id: Uuid,
    pub comment_id: Option<Uuid>,
    pub reporter_id: Uuid,
    pub reason: String,
    pub note: Option<String>,
    /// `open`, `upheld` or `dismissed`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
