use sea_orm::entity::prelude::*;

/// A call manager's scope: exactly one of `call_id` (one call) and `organisation_id` (every
/// call that organisation hosts).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_managers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub call_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub granted_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
