use sea_orm::entity::prelude::*;

/// An admin's decision on a proposal, kept apart from the proposal until the call's results
/// are published (then its stage is copied onto the proposal).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub proposal_id: Uuid,
    pub call_id: Uuid,
    pub stage: String,
    pub answer_fi: Option<String>,
    pub answer_sv: Option<String>,
    pub answer_en: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
