//! Calls and their themes.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait, Set,
};
use siilo_domain::DomainError;
use siilo_domain::calls::{CallState, ModerationMode, Window};
use siilo_domain::proposals::Visibility;
use uuid::Uuid;

use crate::entities::{call, comment, proposal, theme, thumb};
use crate::{StoreError, decode, unique_as};

/// A text in Finnish, and optionally in Swedish and English.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Localized {
    pub fi: String,
    pub sv: Option<String>,
    pub en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeRecord {
    pub id: Uuid,
    pub call_id: Uuid,
    pub name: Localized,
    pub position: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSettings {
    pub moderation_mode: ModerationMode,
    pub report_threshold: u32,
    pub max_proposals_per_user: Option<u32>,
    pub max_thumbs_per_user: Option<u32>,
    /// Evaluators may already review while the call takes thumbs (`voting`).
    pub reviews_in_voting: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    pub id: Uuid,
    pub slug: String,
    pub title: Localized,
    pub description: Localized,
    /// The description rendered to safe HTML when it was written.
    pub description_html: Localized,
    pub state: CallState,
    pub settings: CallSettings,
    pub themes: Vec<ThemeRecord>,
    pub published_at: Option<DateTime<Utc>>,
    pub results_published_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    /// The organisation that hosts (runs) the call, when one does.
    pub host_organisation_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CallCounts {
    pub proposals: u64,
    pub thumbs: u64,
    pub comments: u64,
    pub participants: u64,
}

pub struct NewCall {
    pub slug: String,
    pub title: Localized,
    pub description: Localized,
    /// `description` rendered to safe HTML by the caller.
    pub description_html: Localized,
    pub window: Window,
    pub settings: CallSettings,
    pub themes: Vec<Localized>,
    pub host_organisation_id: Option<Uuid>,
}

/// A change to a call: `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct CallChange {
    pub slug: Option<String>,
    pub title: Option<Localized>,
    /// The description and its rendering, which change together.
    pub description: Option<(Localized, Localized)>,
    pub window: Option<Window>,
    pub settings: Option<CallSettings>,
    /// `Some(None)` takes the host away.
    pub host_organisation_id: Option<Option<Uuid>>,
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn to_u32(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn theme_record(t: theme::Model) -> ThemeRecord {
    ThemeRecord {
        id: t.id,
        call_id: t.call_id,
        name: Localized { fi: t.name_fi, sv: t.name_sv, en: t.name_en },
        position: t.position,
    }
}

/// A call as read; its moderation mode strictly ([`crate::Corrupt`] when unknown), so that
/// an unreadable one never turns pre-moderation off.
fn record(c: call::Model, mut themes: Vec<ThemeRecord>) -> Result<CallRecord, DbErr> {
    themes.sort_by_key(|t| (t.position, t.id));
    let moderation_mode: ModerationMode = decode("calls", "moderation_mode", c.id, &c.moderation_mode)?;
    Ok(CallRecord {
        id: c.id,
        slug: c.slug,
        title: Localized { fi: c.title_fi, sv: c.title_sv, en: c.title_en },
        description: Localized { fi: c.description_fi, sv: c.description_sv, en: c.description_en },
        // Not rendered yet (before the start-up backfill) shows nothing rather than raw text.
        description_html: Localized {
            fi: c.description_html_fi.unwrap_or_default(),
            sv: c.description_html_sv,
            en: c.description_html_en,
        },
        state: CallState {
            // Stored windows were checked on the way in.
            window: Window {
                opens_at: c.opens_at,
                submissions_close_at: c.submissions_close_at,
                voting_closes_at: c.voting_closes_at,
            },
            published: c.published_at.is_some(),
            results_published: c.results_published_at.is_some(),
            archived: c.archived_at.is_some(),
        },
        settings: CallSettings {
            moderation_mode,
            report_threshold: to_u32(c.report_threshold),
            max_proposals_per_user: c.max_proposals_per_user.map(to_u32),
            max_thumbs_per_user: c.max_thumbs_per_user.map(to_u32),
            reviews_in_voting: c.reviews_in_voting,
        },
        themes,
        published_at: c.published_at,
        results_published_at: c.results_published_at,
        archived_at: c.archived_at,
        host_organisation_id: c.host_organisation_id,
        created_at: c.created_at,
        updated_at: c.updated_at,
    })
}

#[tracing::instrument(skip_all)]
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewCall,
    now: DateTime<Utc>,
) -> Result<CallRecord, StoreError> {
    let id = Uuid::now_v7();
    call::ActiveModel {
        id: Set(id),
        slug: Set(new.slug),
        title_fi: Set(new.title.fi),
        title_sv: Set(new.title.sv),
        title_en: Set(new.title.en),
        description_fi: Set(new.description.fi),
        description_sv: Set(new.description.sv),
        description_en: Set(new.description.en),
        description_html_fi: Set(Some(new.description_html.fi)),
        description_html_sv: Set(new.description_html.sv),
        description_html_en: Set(new.description_html.en),
        opens_at: Set(new.window.opens_at),
        submissions_close_at: Set(new.window.submissions_close_at),
        voting_closes_at: Set(new.window.voting_closes_at),
        published_at: Set(None),
        results_published_at: Set(None),
        archived_at: Set(None),
        moderation_mode: Set(new.settings.moderation_mode.into_str().to_owned()),
        report_threshold: Set(to_i32(new.settings.report_threshold)),
        max_proposals_per_user: Set(new.settings.max_proposals_per_user.map(to_i32)),
        max_thumbs_per_user: Set(new.settings.max_thumbs_per_user.map(to_i32)),
        proposal_seq: Set(0),
        reviews_in_voting: Set(new.settings.reviews_in_voting),
        host_organisation_id: Set(new.host_organisation_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .map_err(|e| unique_as(e, DomainError::SlugTaken))?;
    for (position, name) in new.themes.into_iter().enumerate() {
        add_theme(db, id, name, i32::try_from(position).unwrap_or(i32::MAX)).await?;
    }
    get(db, id).await?.ok_or_else(|| StoreError::Db(DbErr::RecordNotFound("call just created".into())))
}

async fn themes_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<ThemeRecord>>, DbErr> {
    let mut out: HashMap<Uuid, Vec<ThemeRecord>> = HashMap::new();
    for t in theme::Entity::find().filter(theme::Column::CallId.is_in(ids.iter().copied())).all(db).await? {
        out.entry(t.call_id).or_default().push(theme_record(t));
    }
    Ok(out)
}

/// One statement: the call joined with its themes. Every proposal request looks its call up.
#[tracing::instrument(skip_all, fields(call_id = %id), err)]
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<CallRecord>, DbErr> {
    one_with_themes(db, call::Entity::find_by_id(id)).await
}

#[tracing::instrument(skip_all)]
pub async fn get_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<CallRecord>, DbErr> {
    one_with_themes(db, call::Entity::find().filter(call::Column::Slug.eq(slug))).await
}

async fn one_with_themes(
    db: &impl ConnectionTrait,
    query: sea_orm::Select<call::Entity>,
) -> Result<Option<CallRecord>, DbErr> {
    let Some((c, themes)) = query.find_with_related(theme::Entity).all(db).await?.pop() else {
        return Ok(None);
    };
    record(c, themes.into_iter().map(theme_record).collect()).map(Some)
}

/// Every call, the latest opening first; drafts only when asked for.
#[tracing::instrument(skip_all, err)]
pub async fn list(db: &impl ConnectionTrait, include_drafts: bool) -> Result<Vec<CallRecord>, DbErr> {
    let mut q = call::Entity::find().order_by_desc(call::Column::OpensAt).order_by_desc(call::Column::Id);
    if !include_drafts {
        q = q.filter(call::Column::PublishedAt.is_not_null());
    }
    let calls = q.all(db).await?;
    let ids: Vec<Uuid> = calls.iter().map(|c| c.id).collect();
    let mut themes = themes_of(db, &ids).await?;
    calls
        .into_iter()
        .map(|c| {
            let t = themes.remove(&c.id).unwrap_or_default();
            record(c, t)
        })
        .collect()
}

/// Applies a change; `None` when there is no such call.
#[tracing::instrument(skip_all, fields(call_id = %id))]
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    change: CallChange,
    now: DateTime<Utc>,
) -> Result<Option<CallRecord>, StoreError> {
    if call::Entity::find_by_id(id).one(db).await?.is_none() {
        return Ok(None);
    }
    let mut m = call::ActiveModel { id: Set(id), updated_at: Set(now), ..Default::default() };
    if let Some(slug) = change.slug {
        m.slug = Set(slug);
    }
    if let Some(t) = change.title {
        m.title_fi = Set(t.fi);
        m.title_sv = Set(t.sv);
        m.title_en = Set(t.en);
    }
    if let Some((d, html)) = change.description {
        m.description_fi = Set(d.fi);
        m.description_sv = Set(d.sv);
        m.description_en = Set(d.en);
        m.description_html_fi = Set(Some(html.fi));
        m.description_html_sv = Set(html.sv);
        m.description_html_en = Set(html.en);
    }
    if let Some(w) = change.window {
        m.opens_at = Set(w.opens_at);
        m.submissions_close_at = Set(w.submissions_close_at);
        m.voting_closes_at = Set(w.voting_closes_at);
    }
    if let Some(host) = change.host_organisation_id {
        m.host_organisation_id = Set(host);
    }
    if let Some(s) = change.settings {
        m.moderation_mode = Set(s.moderation_mode.into_str().to_owned());
        m.report_threshold = Set(to_i32(s.report_threshold));
        m.max_proposals_per_user = Set(s.max_proposals_per_user.map(to_i32));
        m.max_thumbs_per_user = Set(s.max_thumbs_per_user.map(to_i32));
        m.reviews_in_voting = Set(s.reviews_in_voting);
    }
    m.update(db).await.map_err(|e| unique_as(e, DomainError::SlugTaken))?;
    Ok(get(db, id).await?)
}

/// Calls whose description has not been rendered yet (rows from before rendering was
/// stored), with their descriptions.
#[tracing::instrument(skip_all, err)]
pub async fn without_description_html(db: &impl ConnectionTrait) -> Result<Vec<(Uuid, Localized)>, DbErr> {
    Ok(call::Entity::find()
        .filter(call::Column::DescriptionHtmlFi.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, Localized { fi: c.description_fi, sv: c.description_sv, en: c.description_en }))
        .collect())
}

/// Stores a call's rendered description without touching anything else.
#[tracing::instrument(skip_all, fields(call_id = %id), err)]
pub async fn set_description_html(db: &impl ConnectionTrait, id: Uuid, html: Localized) -> Result<(), DbErr> {
    call::Entity::update_many()
        .col_expr(call::Column::DescriptionHtmlFi, Expr::value(html.fi))
        .col_expr(call::Column::DescriptionHtmlSv, Expr::value(html.sv))
        .col_expr(call::Column::DescriptionHtmlEn, Expr::value(html.en))
        .filter(call::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Marks a call published (keeping the first time) or archived.
#[tracing::instrument(skip_all, fields(call_id = %id), err)]
pub async fn set_published(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    call::Entity::update_many()
        .col_expr(call::Column::PublishedAt, Expr::value(now))
        .col_expr(call::Column::UpdatedAt, Expr::value(now))
        .filter(call::Column::Id.eq(id))
        .filter(call::Column::PublishedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

#[tracing::instrument(skip_all, fields(call_id = %id), err)]
pub async fn set_archived(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    call::Entity::update_many()
        .col_expr(call::Column::ArchivedAt, Expr::value(now))
        .col_expr(call::Column::UpdatedAt, Expr::value(now))
        .filter(call::Column::Id.eq(id))
        .filter(call::Column::ArchivedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn add_theme(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    name: Localized,
    position: i32,
) -> Result<ThemeRecord, DbErr> {
    let m = theme::ActiveModel {
        id: Set(Uuid::now_v7()),
        call_id: Set(call_id),
        name_fi: Set(name.fi),
        name_sv: Set(name.sv),
        name_en: Set(name.en),
        position: Set(position),
    }
    .insert(db)
    .await?;
    Ok(theme_record(m))
}

/// The position after the call's last theme.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn next_theme_position(db: &impl ConnectionTrait, call_id: Uuid) -> Result<i32, DbErr> {
    let last = theme::Entity::find()
        .filter(theme::Column::CallId.eq(call_id))
        .order_by_desc(theme::Column::Position)
        .one(db)
        .await?;
    Ok(last.map_or(0, |t| t.position.saturating_add(1)))
}

#[tracing::instrument(skip_all, fields(call_id = %call_id, theme_id = %theme_id), err)]
pub async fn get_theme(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    theme_id: Uuid,
) -> Result<Option<ThemeRecord>, DbErr> {
    Ok(theme::Entity::find_by_id(theme_id)
        .filter(theme::Column::CallId.eq(call_id))
        .one(db)
        .await?
        .map(theme_record))
}

#[tracing::instrument(skip_all, fields(theme_id = %theme_id), err)]
pub async fn update_theme(
    db: &impl ConnectionTrait,
    theme_id: Uuid,
    name: Option<Localized>,
    position: Option<i32>,
) -> Result<(), DbErr> {
    let mut m = theme::ActiveModel { id: Set(theme_id), ..Default::default() };
    if let Some(n) = name {
        m.name_fi = Set(n.fi);
        m.name_sv = Set(n.sv);
        m.name_en = Set(n.en);
    }
    if let Some(p) = position {
        m.position = Set(p);
    }
    if m.is_changed() {
        m.update(db).await?;
    }
    Ok(())
}

/// Deletes a theme; its proposals keep going without one.
#[tracing::instrument(skip_all, fields(theme_id = %theme_id), err)]
pub async fn delete_theme(db: &impl ConnectionTrait, theme_id: Uuid) -> Result<(), DbErr> {
    theme::Entity::delete_by_id(theme_id).exec(db).await.map(|_| ())
}

/// Hands out the next proposal number of a call. Inside a write transaction the increment
/// locks the call's row (PostgreSQL) or the database (SQLite, `BEGIN IMMEDIATE`), so
/// concurrent submissions get consecutive numbers and a rolled-back one leaves no gap.
#[tracing::instrument(skip_all, fields(call_id = %call_id), err)]
pub async fn next_proposal_number(db: &impl ConnectionTrait, call_id: Uuid) -> Result<i32, DbErr> {
    call::Entity::update_many()
        .col_expr(call::Column::ProposalSeq, Expr::col(call::Column::ProposalSeq).add(1))
        .filter(call::Column::Id.eq(call_id))
        .exec(db)
        .await?;
    let c = call::Entity::find_by_id(call_id).one(db).await?.ok_or(DbErr::RecordNotFound("call".into()))?;
    Ok(c.proposal_seq)
}

/// Counts for many calls at once. Proposals waiting for pre-moderation are not counted.
#[tracing::instrument(skip_all, fields(count = call_ids.len()), err)]
pub async fn counts(
    db: &impl ConnectionTrait,
    call_ids: &[Uuid],
) -> Result<HashMap<Uuid, CallCounts>, DbErr> {
    let mut out: HashMap<Uuid, CallCounts> = call_ids.iter().map(|id| (*id, CallCounts::default())).collect();
    if call_ids.is_empty() {
        return Ok(out);
    }
    let rows: Vec<(Uuid, Uuid, i32, i32)> = proposal::Entity::find()
        .select_only()
        .columns([
            proposal::Column::CallId,
            proposal::Column::AuthorId,
            proposal::Column::ThumbCount,
            proposal::Column::CommentCount,
        ])
        .filter(proposal::Column::CallId.is_in(call_ids.iter().copied()))
        .filter(proposal::Column::Visibility.is_not_in(Visibility::WITHHELD))
        .into_tuple()
        .all(db)
        .await?;
    let mut people: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
    for (call_id, author, thumbs, comments) in rows {
        if let Some(c) = out.get_mut(&call_id) {
            c.proposals += 1;
            c.thumbs += u64::try_from(thumbs).unwrap_or(0);
            c.comments += u64::try_from(comments).unwrap_or(0);
        }
        people.entry(call_id).or_default().insert(author);
    }
    let thumbers: Vec<(Uuid, Uuid)> = thumb::Entity::find()
        .select_only()
        .column(proposal::Column::CallId)
        .column(thumb::Column::UserId)
        .join(sea_orm::JoinType::InnerJoin, thumb::Relation::Proposal.def())
        .filter(proposal::Column::CallId.is_in(call_ids.iter().copied()))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let commenters: Vec<(Uuid, Uuid)> = comment::Entity::find()
        .select_only()
        .column(proposal::Column::CallId)
        .column(comment::Column::AuthorId)
        .join(sea_orm::JoinType::InnerJoin, comment::Relation::Proposal.def())
        .filter(proposal::Column::CallId.is_in(call_ids.iter().copied()))
        .filter(comment::Column::DeletedAt.is_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    for (call_id, user) in thumbers.into_iter().chain(commenters) {
        people.entry(call_id).or_default().insert(user);
    }
    for (call_id, set) in people {
        if let Some(c) = out.get_mut(&call_id) {
            c.participants = set.len() as u64;
        }
    }
    Ok(out)
}
