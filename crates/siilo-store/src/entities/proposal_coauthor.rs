use sea_orm::entity::prelude::*;

/// An invitation to co-author a proposal and its answer. `user_id` is bound once the
/// invited address has an account; `email` is stored lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposal_coauthors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub user_id: Option<Uuid>,
    pub email: String,
    /// `invited`, `accepted` or `declined`.
    pub status: String,
    pub invited_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub responded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
