use sea_orm::entity::prelude::*;

/// A pilot (*kokeilu*) made from selected proposals.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pilots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The call of its first source proposal.
    pub call_id: Option<Uuid>,
    pub title: String,
    pub goal: String,
    pub goal_html: String,
    pub language: String,
    pub owner_organisation_id: Uuid,
    pub contact_name: String,
    pub contact_email: Option<String>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub status: String,
    pub lessons_worked: Option<String>,
    pub lessons_worked_html: Option<String>,
    pub lessons_not_worked: Option<String>,
    pub lessons_not_worked_html: Option<String>,
    pub lessons_recommendations: Option<String>,
    pub lessons_recommendations_html: Option<String>,
    /// When the lessons were first published; set once.
    pub lessons_published_at: Option<DateTimeUtc>,
    /// Rows of `pilot_follows`, moved in the transaction that adds or removes one.
    pub follower_count: i32,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
