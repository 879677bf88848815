use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calls")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub title_fi: String,
    pub title_sv: Option<String>,
    pub title_en: Option<String>,
    pub description_fi: String,
    pub description_sv: Option<String>,
    pub description_en: Option<String>,
    /// Rendered from the description when written; `None` until the start-up backfill.
    pub description_html_fi: Option<String>,
    pub description_html_sv: Option<String>,
    pub description_html_en: Option<String>,
    pub opens_at: DateTimeUtc,
    pub submissions_close_at: DateTimeUtc,
    pub voting_closes_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    pub results_published_at: Option<DateTimeUtc>,
    pub archived_at: Option<DateTimeUtc>,
    pub moderation_mode: String,
    pub report_threshold: i32,
    pub max_proposals_per_user: Option<i32>,
    pub max_thumbs_per_user: Option<i32>,
    pub proposal_seq: i32,
    pub reviews_in_voting: bool,
    /// The organisation that hosts the call; `None` for the platform's own calls.
    pub host_organisation_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::theme::Entity")]
    Themes,
}

impl Related<super::theme::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Themes.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
