use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "proposals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub call_id: Uuid,
    pub number: i32,
    pub author_id: Uuid,
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub challenge_html: String,
    pub idea_html: String,
    pub theme_id: Option<Uuid>,
    pub language: String,
    pub visibility: String,
    pub stage: String,
    pub thumb_count: i32,
    pub comment_count: i32,
    /// Σ 2^((thumb given − call created) / 24 h): see `siilo_domain::ordering`.
    pub trending_score: f64,
    pub search_text: String,
    /// Distinct users whose reports on it are still open: the counter the call's threshold
    /// is checked against.
    pub open_reports: i32,
    /// When it entered the moderation queue; `None` once a moderator decided.
    pub queued_at: Option<DateTimeUtc>,
    /// The category its tombstone shows, once hidden or rejected.
    pub moderation_category: Option<String>,
    /// The moderator's public note on its tombstone.
    pub moderation_note: Option<String>,
    pub review_count: i32,
    pub review_score: Option<f64>,
    pub review_spread: Option<i32>,
    pub merged_into_id: Option<Uuid>,
    /// Distinct administrative branches involved or interested (`siilo_store::reach`).
    pub reach: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
