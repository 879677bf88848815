//! Pilots (*kokeilut*): made from selected proposals, with their partners, team, progress
//! updates, lessons and followers.
//!
//! - `follower_count` moves in the transaction that adds or removes a follow row, by
//!   `follower_count ± 1` in the database and only when the row was really added or removed,
//!   so it stays exact under any concurrency.
//! - The lessons' first publication is a conditional `UPDATE … WHERE lessons_published_at IS
//!   NULL`: of any number of parallel first writes, exactly one sees itself as the first.
//! - The showcase is keyset-paged newest `starts_on` first (ties by id) on the
//!   `idx_pilots_*` indexes; a page costs the same few statements whatever its size.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TryInsertResult,
};
use siilo_domain::UserId;
use siilo_domain::accounts::Language;
use siilo_domain::pilots::PilotStatus;
use siilo_domain::proposals::{Stage, Visibility};
use uuid::Uuid;

use crate::calls::Localized;
use crate::decode;
use crate::entities::{
    call, pilot, pilot_follow, pilot_partner, pilot_proposal, pilot_team_member, pilot_update, proposal, user,
};

/// A proposal a pilot is to be made from, with what decides whether it may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFacts {
    pub id: Uuid,
    pub call_id: Uuid,
    pub author_id: UserId,
    pub stage: Stage,
    pub visibility: Visibility,
    /// Its call's results have been published.
    pub results_published: bool,
}

/// A new pilot, its text already rendered.
#[derive(Debug, Clone)]
pub struct NewPilot {
    pub call_id: Option<Uuid>,
    pub title: String,
    pub goal: String,
    pub goal_html: String,
    pub language: Language,
    pub owner_organisation_id: Uuid,
    pub partner_organisation_ids: Vec<Uuid>,
    pub contact_name: String,
    pub contact_email: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub status: PilotStatus,
    pub proposal_ids: Vec<Uuid>,
    pub team_user_ids: Vec<Uuid>,
    pub created_by: UserId,
}

/// What a change sets; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct PilotChanges {
    pub title: Option<String>,
    /// The goal and its rendered HTML.
    pub goal: Option<(String, String)>,
    pub status: Option<PilotStatus>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<Option<NaiveDate>>,
    pub contact_name: Option<String>,
    pub contact_email: Option<Option<String>>,
    pub language: Option<Language>,
    pub owner_organisation_id: Option<Uuid>,
    /// With `proposal_ids`: the call of the first one.
    pub call_id: Option<Option<Uuid>>,
    pub proposal_ids: Option<Vec<Uuid>>,
    pub partner_organisation_ids: Option<Vec<Uuid>>,
    pub team_user_ids: Option<Vec<Uuid>>,
}

/// The lessons learned, each as written and rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lessons {
    pub worked: String,
    pub worked_html: String,
    pub not_worked: String,
    pub not_worked_html: String,
    pub recommendations: String,
    pub recommendations_html: String,
}

/// A pilot's call as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRef {
    pub id: Uuid,
    pub slug: String,
    pub title: Localized,
}

/// A pilot as the showcase lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PilotSummaryRecord {
    pub id: Uuid,
    pub title: String,
    pub status: PilotStatus,
    pub owner_organisation_id: Uuid,
    pub partner_organisation_ids: Vec<Uuid>,
    pub call: Option<CallRef>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub updates: u64,
    pub last_update_on: Option<NaiveDate>,
    pub has_lessons: bool,
    pub followers: u64,
}

/// A source proposal as a pilot's page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PilotSource {
    pub id: Uuid,
    pub number: i32,
    pub title: String,
    pub call_id: Uuid,
    pub author: (Uuid, String),
}

/// A pilot in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PilotRecord {
    pub summary: PilotSummaryRecord,
    pub goal: String,
    pub goal_html: String,
    pub language: Language,
    pub contact_name: String,
    pub contact_email: Option<String>,
    pub proposals: Vec<PilotSource>,
    /// Authors of the source proposals and those credited on them through merges, each once.
    pub credited: Vec<(Uuid, String)>,
    pub team: Vec<(Uuid, String)>,
    pub lessons: Option<(Lessons, DateTime<Utc>)>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A progress update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateRecord {
    pub id: Uuid,
    pub happened_on: NaiveDate,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub author: Option<(Uuid, String)>,
    pub created_at: DateTime<Utc>,
}

/// The showcase's filters.
#[derive(Debug, Clone, Copy, Default)]
pub struct PilotFilter {
    pub status: Option<PilotStatus>,
    /// The owner or a partner.
    pub organisation_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    /// The year of `starts_on`.
    pub year: Option<i32>,
}

/// The proposals a pilot would be made from, in the order asked; unknown ids are left out.
#[tracing::instrument(skip_all, err)]
pub async fn source_facts(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<SourceFacts>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Uuid, Uuid, Uuid, String, String)> = proposal::Entity::find()
        .select_only()
        .columns([
            proposal::Column::Id,
            proposal::Column::CallId,
            proposal::Column::AuthorId,
            proposal::Column::Stage,
            proposal::Column::Visibility,
        ])
        .filter(proposal::Column::Id.is_in(ids.to_vec()))
        .into_tuple()
        .all(db)
        .await?;
    let call_ids: Vec<Uuid> = rows.iter().map(|r| r.1).collect();
    let published: HashMap<Uuid, bool> = call::Entity::find()
        .select_only()
        .columns([call::Column::Id, call::Column::ResultsPublishedAt])
        .filter(call::Column::Id.is_in(call_ids))
        .into_tuple::<(Uuid, Option<DateTime<Utc>>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, at)| (id, at.is_some()))
        .collect();
    let mut by_id: HashMap<Uuid, SourceFacts> = HashMap::new();
    for (id, call_id, author, stage, visibility) in rows {
        by_id.insert(
            id,
            SourceFacts {
                id,
                call_id,
                author_id: author.into(),
                stage: decode("proposals", "stage", id, &stage)?,
                visibility: decode("proposals", "visibility", id, &visibility)?,
                results_published: published.get(&call_id).copied().unwrap_or(false),
            },
        );
    }
    Ok(ids.iter().filter_map(|id| by_id.get(id).cloned()).collect())
}

/// Who is credited on these proposals through merges (`proposal_credits`), besides their authors.
#[tracing::instrument(skip_all, err)]
pub async fn merge_credits(db: &impl ConnectionTrait, proposal_ids: &[Uuid]) -> Result<Vec<Uuid>, DbErr> {
    if proposal_ids.is_empty() {
        return Ok(Vec::new());
    }
    let credits = Alias::new("proposal_credits");
    let q = Query::select()
        .column((credits.clone(), Alias::new("user_id")))
        .from(credits.clone())
        .and_where(Expr::col((credits, Alias::new("proposal_id"))).is_in(proposal_ids.iter().copied()))
        .to_owned();
    let mut out = Vec::new();
    for row in db.query_all(&q).await? {
        out.push(row.try_get::<Uuid>("", "user_id")?);
    }
    Ok(out)
}

/// Which of `ids` are accounts (not erased).
#[tracing::instrument(skip_all, err)]
pub async fn existing_users(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<Uuid>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(ids.to_vec()))
        .filter(user::Column::ErasedAt.is_null())
        .into_tuple()
        .all(db)
        .await
}

/// Stores a new pilot with its sources, partners and team; its id.
#[tracing::instrument(skip_all, err)]
pub async fn create(db: &impl ConnectionTrait, new: NewPilot, now: DateTime<Utc>) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    pilot::Entity::insert(pilot::ActiveModel {
        id: Set(id),
        call_id: Set(new.call_id),
        title: Set(new.title),
        goal: Set(new.goal),
        goal_html: Set(new.goal_html),
        language: Set(new.language.into_str().to_owned()),
        owner_organisation_id: Set(new.owner_organisation_id),
        contact_name: Set(new.contact_name),
        contact_email: Set(new.contact_email),
        starts_on: Set(new.starts_on),
        ends_on: Set(new.ends_on),
        status: Set(new.status.into_str().to_owned()),
        lessons_worked: Set(None),
        lessons_worked_html: Set(None),
        lessons_not_worked: Set(None),
        lessons_not_worked_html: Set(None),
        lessons_recommendations: Set(None),
        lessons_recommendations_html: Set(None),
        lessons_published_at: Set(None),
        follower_count: Set(0),
        created_by: Set(Some(new.created_by.0)),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    replace_links(
        db,
        id,
        Some(&new.proposal_ids),
        Some(&new.partner_organisation_ids),
        Some(&new.team_user_ids),
    )
    .await?;
    Ok(id)
}

async fn replace_links(
    db: &impl ConnectionTrait,
    id: Uuid,
    proposals: Option<&[Uuid]>,
    partners: Option<&[Uuid]>,
    team: Option<&[Uuid]>,
) -> Result<(), DbErr> {
    if let Some(ids) = proposals {
        pilot_proposal::Entity::delete_many().filter(pilot_proposal::Column::PilotId.eq(id)).exec(db).await?;
        if !ids.is_empty() {
            let rows = dedup(ids)
                .into_iter()
                .map(|p| pilot_proposal::ActiveModel { pilot_id: Set(id), proposal_id: Set(p) });
            pilot_proposal::Entity::insert_many(rows).exec_without_returning(db).await?;
        }
    }
    if let Some(ids) = partners {
        pilot_partner::Entity::delete_many().filter(pilot_partner::Column::PilotId.eq(id)).exec(db).await?;
        if !ids.is_empty() {
            let rows = dedup(ids)
                .into_iter()
                .map(|o| pilot_partner::ActiveModel { pilot_id: Set(id), organisation_id: Set(o) });
            pilot_partner::Entity::insert_many(rows).exec_without_returning(db).await?;
        }
    }
    if let Some(ids) = team {
        pilot_team_member::Entity::delete_many()
            .filter(pilot_team_member::Column::PilotId.eq(id))
            .exec(db)
            .await?;
        if !ids.is_empty() {
            let rows = dedup(ids)
                .into_iter()
                .map(|u| pilot_team_member::ActiveModel { pilot_id: Set(id), user_id: Set(u) });
            pilot_team_member::Entity::insert_many(rows).exec_without_returning(db).await?;
        }
    }
    Ok(())
}

fn dedup(ids: &[Uuid]) -> Vec<Uuid> {
    let mut seen = std::collections::HashSet::new();
    ids.iter().copied().filter(|i| seen.insert(*i)).collect()
}

/// Applies a change; `false` when there is no such pilot.
#[tracing::instrument(skip_all, fields(pilot_id = %id), err)]
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    c: PilotChanges,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut q = pilot::Entity::update_many()
        .col_expr(pilot::Column::UpdatedAt, Expr::value(now))
        .filter(pilot::Column::Id.eq(id));
    if let Some(v) = c.title {
        q = q.col_expr(pilot::Column::Title, Expr::value(v));
    }
    if let Some((goal, html)) = c.goal {
        q = q
            .col_expr(pilot::Column::Goal, Expr::value(goal))
            .col_expr(pilot::Column::GoalHtml, Expr::value(html));
    }
    if let Some(v) = c.status {
        q = q.col_expr(pilot::Column::Status, Expr::value(v.into_str()));
    }
    if let Some(v) = c.starts_on {
        q = q.col_expr(pilot::Column::StartsOn, Expr::value(v));
    }
    if let Some(v) = c.ends_on {
        q = q.col_expr(pilot::Column::EndsOn, Expr::value(v));
    }
    if let Some(v) = c.contact_name {
        q = q.col_expr(pilot::Column::ContactName, Expr::value(v));
    }
    if let Some(v) = c.contact_email {
        q = q.col_expr(pilot::Column::ContactEmail, Expr::value(v));
    }
    if let Some(v) = c.language {
        q = q.col_expr(pilot::Column::Language, Expr::value(v.into_str()));
    }
    if let Some(v) = c.owner_organisation_id {
        q = q.col_expr(pilot::Column::OwnerOrganisationId, Expr::value(v));
    }
    if let Some(v) = c.call_id {
        q = q.col_expr(pilot::Column::CallId, Expr::value(v));
    }
    if q.exec(db).await?.rows_affected == 0 {
        return Ok(false);
    }
    replace_links(
        db,
        id,
        c.proposal_ids.as_deref(),
        c.partner_organisation_ids.as_deref(),
        c.team_user_ids.as_deref(),
    )
    .await?;
    Ok(true)
}

/// Locks the pilot's row for the rest of the transaction (PostgreSQL; a SQLite write
/// transaction holds the database already). `false` when there is no such pilot.
#[tracing::instrument(skip_all, fields(pilot_id = %id), err)]
pub async fn lock(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, DbErr> {
    let mut q =
        pilot::Entity::find().select_only().column(pilot::Column::Id).filter(pilot::Column::Id.eq(id));
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        q = q.lock_exclusive();
    }
    Ok(q.into_tuple::<Uuid>().one(db).await?.is_some())
}

/// Is `user` on the pilot's team?
#[tracing::instrument(skip_all, fields(pilot_id = %id, user_id = %user), err)]
pub async fn is_team(db: &impl ConnectionTrait, id: Uuid, user: UserId) -> Result<bool, DbErr> {
    Ok(pilot_team_member::Entity::find()
        .filter(pilot_team_member::Column::PilotId.eq(id))
        .filter(pilot_team_member::Column::UserId.eq(user.0))
        .count(db)
        .await?
        > 0)
}

/// The pilot's title, when there is such a pilot.
#[tracing::instrument(skip_all, fields(pilot_id = %id), err)]
pub async fn title(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<String>, DbErr> {
    pilot::Entity::find()
        .select_only()
        .column(pilot::Column::Title)
        .filter(pilot::Column::Id.eq(id))
        .into_tuple()
        .one(db)
        .await
}

/// Follows a pilot: one `INSERT … ON CONFLICT DO NOTHING`, and when it inserted, one
/// `UPDATE` of the counter. `true` when the follow is new.
#[tracing::instrument(skip_all, fields(pilot_id = %id, user_id = %user), err)]
pub async fn follow(
    db: &impl ConnectionTrait,
    id: Uuid,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = pilot_follow::ActiveModel { pilot_id: Set(id), user_id: Set(user.0), created_at: Set(now) };
    let res = pilot_follow::Entity::insert(row).on_conflict_do_nothing().exec_without_returning(db).await?;
    let inserted = matches!(res, TryInsertResult::Inserted(n) if n > 0);
    if inserted {
        bump_followers(db, id, 1).await?;
    }
    Ok(inserted)
}

/// Stops following: one `DELETE`, and when it deleted, one `UPDATE` of the counter. `true`
/// when there was a follow.
#[tracing::instrument(skip_all, fields(pilot_id = %id, user_id = %user), err)]
pub async fn unfollow(db: &impl ConnectionTrait, id: Uuid, user: UserId) -> Result<bool, DbErr> {
    let res = pilot_follow::Entity::delete_many()
        .filter(pilot_follow::Column::PilotId.eq(id))
        .filter(pilot_follow::Column::UserId.eq(user.0))
        .exec(db)
        .await?;
    let deleted = res.rows_affected > 0;
    if deleted {
        bump_followers(db, id, -1).await?;
    }
    Ok(deleted)
}

async fn bump_followers(db: &impl ConnectionTrait, id: Uuid, by: i32) -> Result<(), DbErr> {
    let q = Query::update()
        .table(pilot::Entity)
        .value(pilot::Column::FollowerCount, Expr::col(pilot::Column::FollowerCount).add(by))
        .and_where(pilot::Column::Id.eq(id))
        .to_owned();
    db.execute(&q).await.map(|_| ())
}

/// Does `user` follow the pilot?
#[tracing::instrument(skip_all, fields(pilot_id = %id, user_id = %user), err)]
pub async fn is_following(db: &impl ConnectionTrait, id: Uuid, user: UserId) -> Result<bool, DbErr> {
    Ok(pilot_follow::Entity::find()
        .filter(pilot_follow::Column::PilotId.eq(id))
        .filter(pilot_follow::Column::UserId.eq(user.0))
        .count(db)
        .await?
        > 0)
}

/// Everyone who follows the pilot.
#[tracing::instrument(skip_all, fields(pilot_id = %id), err)]
pub async fn followers(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<UserId>, DbErr> {
    let ids: Vec<Uuid> = pilot_follow::Entity::find()
        .select_only()
        .column(pilot_follow::Column::UserId)
        .filter(pilot_follow::Column::PilotId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().map(UserId::from).collect())
}

/// Writes the lessons; `Some(true)` when this was their first publication (exactly one
/// writer sees that), `Some(false)` for a later edit, `None` when there is no such pilot.
#[tracing::instrument(skip_all, fields(pilot_id = %id), err)]
pub async fn set_lessons(
    db: &impl ConnectionTrait,
    id: Uuid,
    l: Lessons,
    now: DateTime<Utc>,
) -> Result<Option<bool>, DbErr> {
    let set = |published: bool| {
        let mut q = pilot::Entity::update_many()
            .col_expr(pilot::Column::LessonsWorked, Expr::value(l.worked.clone()))
            .col_expr(pilot::Column::LessonsWorkedHtml, Expr::value(l.worked_html.clone()))
            .col_expr(pilot::Column::LessonsNotWorked, Expr::value(l.not_worked.clone()))
            .col_expr(pilot::Column::LessonsNotWorkedHtml, Expr::value(l.not_worked_html.clone()))
            .col_expr(pilot::Column::LessonsRecommendations, Expr::value(l.recommendations.clone()))
            .col_expr(pilot::Column::LessonsRecommendationsHtml, Expr::value(l.recommendations_html.clone()))
            .col_expr(pilot::Column::UpdatedAt, Expr::value(now))
            .filter(pilot::Column::Id.eq(id));
        if published {
            q = q
                .col_expr(pilot::Column::LessonsPublishedAt, Expr::value(now))
                .filter(pilot::Column::LessonsPublishedAt.is_null());
        }
        q
    };
    if set(true).exec(db).await?.rows_affected > 0 {
        return Ok(Some(true));
    }
    Ok((set(false).exec(db).await?.rows_affected > 0).then_some(false))
}

/// A new progress update, its body already rendered.
#[derive(Debug, Clone)]
pub struct NewUpdate {
    pub pilot_id: Uuid,
    pub author: UserId,
    pub happened_on: NaiveDate,
    pub title: String,
    pub body: String,
    pub body_html: String,
}

/// Adds a progress update; its id.
#[tracing::instrument(skip_all, fields(pilot_id = %new.pilot_id), err)]
pub async fn add_update(
    db: &impl ConnectionTrait,
    new: NewUpdate,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    pilot_update::Entity::insert(pilot_update::ActiveModel {
        id: Set(id),
        pilot_id: Set(new.pilot_id),
        author_id: Set(Some(new.author.0)),
        happened_on: Set(new.happened_on),
        title: Set(new.title),
        body: Set(new.body),
        body_html: Set(new.body_html),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// Deletes one of the pilot's updates; `false` when it has no such update.
#[tracing::instrument(skip_all, fields(pilot_id = %pilot_id, update_id = %id), err)]
pub async fn delete_update(db: &impl ConnectionTrait, pilot_id: Uuid, id: Uuid) -> Result<bool, DbErr> {
    let res = pilot_update::Entity::delete_many()
        .filter(pilot_update::Column::PilotId.eq(pilot_id))
        .filter(pilot_update::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// One update of the pilot.
#[tracing::instrument(skip_all, fields(update_id = %id), err)]
pub async fn get_update(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<UpdateRecord>, DbErr> {
    let Some(m) = pilot_update::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let names = names(db, m.author_id.into_iter().collect()).await?;
    Ok(Some(update_record(m, &names)))
}

fn update_record(m: pilot_update::Model, names: &HashMap<Uuid, String>) -> UpdateRecord {
    UpdateRecord {
        id: m.id,
        happened_on: m.happened_on,
        title: m.title,
        body: m.body,
        body_html: m.body_html,
        author: m.author_id.and_then(|a| names.get(&a).map(|n| (a, n.clone()))),
        created_at: m.created_at,
    }
}

/// The pilot's updates after `after`, newest `happened_on` first (ties: newest first), and
/// how many it has.
#[tracing::instrument(skip_all, fields(pilot_id = %pilot_id), err)]
pub async fn updates_page(
    db: &impl ConnectionTrait,
    pilot_id: Uuid,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> Result<(Vec<UpdateRecord>, u64), DbErr> {
    let base = pilot_update::Entity::find().filter(pilot_update::Column::PilotId.eq(pilot_id));
    let total = base.clone().count(db).await?;
    let mut q = base;
    if let Some((day, id)) = after {
        q = q.filter(
            Condition::any().add(pilot_update::Column::HappenedOn.lt(day)).add(
                Condition::all()
                    .add(pilot_update::Column::HappenedOn.eq(day))
                    .add(pilot_update::Column::Id.lt(id)),
            ),
        );
    }
    let rows = q
        .order_by_desc(pilot_update::Column::HappenedOn)
        .order_by_desc(pilot_update::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let names = names(db, rows.iter().filter_map(|r| r.author_id).collect()).await?;
    Ok((rows.into_iter().map(|m| update_record(m, &names)).collect(), total))
}

fn filtered(f: &PilotFilter) -> sea_orm::Select<pilot::Entity> {
    let mut q = pilot::Entity::find();
    if let Some(s) = f.status {
        q = q.filter(pilot::Column::Status.eq(s.into_str()));
    }
    if let Some(c) = f.call_id {
        q = q.filter(pilot::Column::CallId.eq(c));
    }
    if let Some(o) = f.organisation_id {
        let partners = Query::select()
            .column(pilot_partner::Column::PilotId)
            .from(pilot_partner::Entity)
            .and_where(pilot_partner::Column::OrganisationId.eq(o))
            .to_owned();
        q = q.filter(
            Condition::any()
                .add(pilot::Column::OwnerOrganisationId.eq(o))
                .add(pilot::Column::Id.in_subquery(partners)),
        );
    }
    if let Some(year) = f.year {
        let first = NaiveDate::from_ymd_opt(year, 1, 1);
        let next = NaiveDate::from_ymd_opt(year.saturating_add(1), 1, 1);
        match (first, next) {
            (Some(first), Some(next)) => {
                q = q.filter(pilot::Column::StartsOn.gte(first)).filter(pilot::Column::StartsOn.lt(next));
            }
            // A year no date has matches nothing.
            _ => q = q.filter(Expr::value(1).eq(0)),
        }
    }
    q
}

/// How many pilots match the filters.
#[tracing::instrument(skip_all, err)]
pub async fn total(db: &impl ConnectionTrait, f: &PilotFilter) -> Result<u64, DbErr> {
    filtered(f).count(db).await
}

/// Up to `limit` pilots matching the filters after `after`, newest `starts_on` first.
#[tracing::instrument(skip_all, err)]
pub async fn page(
    db: &impl ConnectionTrait,
    f: &PilotFilter,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> Result<Vec<PilotSummaryRecord>, DbErr> {
    let mut q = filtered(f);
    if let Some((day, id)) = after {
        q = q.filter(
            Condition::any()
                .add(pilot::Column::StartsOn.lt(day))
                .add(Condition::all().add(pilot::Column::StartsOn.eq(day)).add(pilot::Column::Id.lt(id))),
        );
    }
    let rows = q
        .order_by_desc(pilot::Column::StartsOn)
        .order_by_desc(pilot::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    summaries(db, &rows).await
}

/// The summaries of `rows`, in their order: four more statements however many rows.
async fn summaries(
    db: &impl ConnectionTrait,
    rows: &[pilot::Model],
) -> Result<Vec<PilotSummaryRecord>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut partners: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (p, o) in pilot_partner::Entity::find()
        .select_only()
        .columns([pilot_partner::Column::PilotId, pilot_partner::Column::OrganisationId])
        .filter(pilot_partner::Column::PilotId.is_in(ids.clone()))
        .into_tuple::<(Uuid, Uuid)>()
        .all(db)
        .await?
    {
        partners.entry(p).or_default().push(o);
    }
    let updates: HashMap<Uuid, (i64, Option<NaiveDate>)> = pilot_update::Entity::find()
        .select_only()
        .column(pilot_update::Column::PilotId)
        .column_as(pilot_update::Column::Id.count(), "n")
        .column_as(pilot_update::Column::HappenedOn.max(), "last")
        .filter(pilot_update::Column::PilotId.is_in(ids))
        .group_by(pilot_update::Column::PilotId)
        .into_tuple::<(Uuid, i64, Option<NaiveDate>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(p, n, last)| (p, (n, last)))
        .collect();
    let call_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.call_id).collect();
    let calls: HashMap<Uuid, CallRef> = if call_ids.is_empty() {
        HashMap::new()
    } else {
        call::Entity::find()
            .select_only()
            .columns([
                call::Column::Id,
                call::Column::Slug,
                call::Column::TitleFi,
                call::Column::TitleSv,
                call::Column::TitleEn,
            ])
            .filter(call::Column::Id.is_in(call_ids))
            .into_tuple::<(Uuid, String, String, Option<String>, Option<String>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, slug, fi, sv, en)| (id, CallRef { id, slug, title: Localized { fi, sv, en } }))
            .collect()
    };
    rows.iter()
        .map(|r| {
            let (n, last) = updates.get(&r.id).copied().unwrap_or((0, None));
            let mut partner_ids = partners.remove(&r.id).unwrap_or_default();
            partner_ids.sort();
            Ok(PilotSummaryRecord {
                id: r.id,
                title: r.title.clone(),
                status: decode("pilots", "status", r.id, &r.status)?,
                owner_organisation_id: r.owner_organisation_id,
                partner_organisation_ids: partner_ids,
                call: r.call_id.and_then(|c| calls.get(&c).cloned()),
                starts_on: r.starts_on,
                ends_on: r.ends_on,
                updates: u64::try_from(n).unwrap_or(0),
                last_update_on: last,
                has_lessons: r.lessons_published_at.is_some(),
                followers: u64::try_from(r.follower_count).unwrap_or(0),
            })
        })
        .collect()
}

/// Display names of these accounts.
async fn names(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<HashMap<Uuid, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::DisplayName])
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// A pilot in full.
#[tracing::instrument(skip_all, fields(pilot_id = %id), err)]
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<PilotRecord>, DbErr> {
    let Some(m) = pilot::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let Some(summary) = summaries(db, std::slice::from_ref(&m)).await?.into_iter().next() else {
        return Ok(None);
    };
    let linked: Vec<Uuid> = pilot_proposal::Entity::find()
        .select_only()
        .column(pilot_proposal::Column::ProposalId)
        .filter(pilot_proposal::Column::PilotId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let mut sources: Vec<(Uuid, i32, String, Uuid, Uuid)> = if linked.is_empty() {
        Vec::new()
    } else {
        proposal::Entity::find()
            .select_only()
            .columns([
                proposal::Column::Id,
                proposal::Column::Number,
                proposal::Column::Title,
                proposal::Column::CallId,
                proposal::Column::AuthorId,
            ])
            .filter(proposal::Column::Id.is_in(linked.clone()))
            .into_tuple()
            .all(db)
            .await?
    };
    sources.sort_by_key(|s| (s.3, s.1));
    let team_ids: Vec<Uuid> = pilot_team_member::Entity::find()
        .select_only()
        .column(pilot_team_member::Column::UserId)
        .filter(pilot_team_member::Column::PilotId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let credits = merge_credits(db, &linked).await?;
    let mut credited_ids: Vec<Uuid> = siilo_domain::pilots::credited_once(
        sources.iter().map(|s| UserId::from(s.4)).chain(credits.into_iter().map(UserId::from)),
    )
    .into_iter()
    .map(|u| u.0)
    .collect();
    let everyone: Vec<Uuid> = credited_ids.iter().chain(team_ids.iter()).copied().collect();
    let names = names(db, everyone).await?;
    let named = |u: &Uuid| (*u, names.get(u).cloned().unwrap_or_default());
    let mut team: Vec<(Uuid, String)> = team_ids.iter().map(named).collect();
    team.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    credited_ids.dedup();
    let lessons =
        match (m.lessons_published_at, m.lessons_worked, m.lessons_not_worked, m.lessons_recommendations) {
            (Some(at), Some(worked), Some(not_worked), Some(recommendations)) => Some((
                Lessons {
                    worked,
                    worked_html: m.lessons_worked_html.unwrap_or_default(),
                    not_worked,
                    not_worked_html: m.lessons_not_worked_html.unwrap_or_default(),
                    recommendations,
                    recommendations_html: m.lessons_recommendations_html.unwrap_or_default(),
                },
                at,
            )),
            _ => None,
        };
    Ok(Some(PilotRecord {
        summary,
        goal: m.goal,
        goal_html: m.goal_html,
        language: decode("pilots", "language", id, &m.language)?,
        contact_name: m.contact_name,
        contact_email: m.contact_email,
        proposals: sources
            .iter()
            .map(|(pid, number, title, call_id, author)| PilotSource {
                id: *pid,
                number: *number,
                title: title.clone(),
                call_id: *call_id,
                author: named(author),
            })
            .collect(),
        credited: credited_ids.iter().map(named).collect(),
        team,
        lessons,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }))
}

/// The pilot made from a proposal (the newest, should there be several): one statement.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn of_proposal(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
) -> Result<Option<(Uuid, String, PilotStatus)>, DbErr> {
    let linked = Query::select()
        .column(pilot_proposal::Column::PilotId)
        .from(pilot_proposal::Entity)
        .and_where(pilot_proposal::Column::ProposalId.eq(proposal_id))
        .to_owned();
    let row: Option<(Uuid, String, String)> = pilot::Entity::find()
        .select_only()
        .columns([pilot::Column::Id, pilot::Column::Title, pilot::Column::Status])
        .filter(pilot::Column::Id.in_subquery(linked))
        .order_by_desc(pilot::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    row.map(|(id, title, status)| Ok((id, title, decode("pilots", "status", id, &status)?))).transpose()
}
