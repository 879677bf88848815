use sea_orm::entity::prelude::*;

/// A dated news item of a call (*Ajankohtaista*); Markdown in fi (required), sv and en,
/// with its sanitised HTML.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_news")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub call_id: Uuid,
    pub title_fi: String,
    pub title_sv: Option<String>,
    pub title_en: Option<String>,
    pub body_fi: String,
    pub body_sv: Option<String>,
    pub body_en: Option<String>,
    pub body_html_fi: String,
    pub body_html_sv: Option<String>,
    pub body_html_en: Option<String>,
    pub author_id: Option<Uuid>,
    pub published_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
