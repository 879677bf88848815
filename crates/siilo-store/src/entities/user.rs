use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub organisation_id: Option<Uuid>,
    pub language: String,
    pub blocked_at: Option<DateTimeUtc>,
    pub blocked_reason: Option<String>,
    pub search_text: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When its personal data was erased; the row stays so that content keeps an author.
    pub erased_at: Option<DateTimeUtc>,
    /// `None` until the address is confirmed.
    pub email_verified_at: Option<DateTimeUtc>,
    /// The versions of the terms of use and the privacy notice last accepted.
    pub terms_version: Option<i32>,
    pub privacy_version: Option<i32>,
    /// Notifications created up to this instant are in a sent digest.
    pub digested_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::user_role::Entity")]
    Roles,
    #[sea_orm(has_many = "super::session::Entity")]
    Sessions,
}

impl Related<super::user_role::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Roles.def()
    }
}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Sessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
