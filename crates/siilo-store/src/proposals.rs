//! Proposals, their involved organisations and revisions, and the rows their lists are
//! ordered by.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use siilo_domain::accounts::Language;
use siilo_domain::proposals::{ProposalFacts, Stage, Visibility};
use siilo_domain::search::SearchQuery;
use siilo_domain::{OrganisationId, UserId};
use uuid::Uuid;

use crate::entities::{proposal, proposal_organisation, proposal_revision, user};
use crate::search::{self, Searched};
use crate::{Corrupt, decode};

/// A proposal with what its views need: author and involved organisations.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalRecord {
    pub id: Uuid,
    pub call_id: Uuid,
    pub number: i32,
    pub author_id: UserId,
    pub author_name: String,
    pub author_organisation_id: Option<OrganisationId>,
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub challenge_html: String,
    pub idea_html: String,
    pub theme_id: Option<Uuid>,
    pub language: Language,
    pub visibility: Visibility,
    pub stage: Stage,
    pub thumb_count: u64,
    pub comment_count: u64,
    pub organisation_ids: Vec<OrganisationId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ProposalText {
    pub(crate) fn searched(&self) -> Searched<'_> {
        Searched { title: &self.title, summary: &self.summary, challenge: &self.challenge, idea: &self.idea }
    }
}

impl ProposalRecord {
    pub fn facts(&self) -> ProposalFacts {
        ProposalFacts { author_id: self.author_id, stage: self.stage, visibility: self.visibility }
    }
}

/// The text of a proposal as written, with its Markdown rendered and its search text folded.
#[derive(Debug, Clone)]
pub struct ProposalText {
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub challenge_html: String,
    pub idea_html: String,
    pub search_text: String,
    pub theme_id: Option<Uuid>,
    pub organisation_ids: Vec<OrganisationId>,
}

pub struct NewProposal {
    pub call_id: Uuid,
    pub number: i32,
    pub author_id: UserId,
    pub language: Language,
    pub visibility: Visibility,
    pub text: ProposalText,
}

#[derive(Debug, Clone)]
pub struct RevisionRecord {
    pub revision: i32,
    pub editor_id: UserId,
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub theme_id: Option<Uuid>,
    pub organisation_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// What a list is ordered by, for every proposal that passes the filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortRow {
    pub id: Uuid,
    pub number: i32,
    pub thumb_count: i32,
    pub comment_count: i32,
    pub created_at: DateTime<Utc>,
    /// How well it matches the filter's search, higher first (0 without a search).
    pub relevance: i64,
}

#[derive(Debug, Clone, Default)]
pub struct ProposalFilter {
    pub call_id: Uuid,
    pub theme_id: Option<Uuid>,
    pub organisation_id: Option<OrganisationId>,
    pub stage: Option<Stage>,
    pub author_id: Option<UserId>,
    /// A full-text search: every word must match.
    pub search: Option<SearchQuery>,
    /// Pending proposals show to moderators, and to their author (this user).
    pub pending_visible_to: Option<UserId>,
    pub moderator: bool,
}

/// A revision's organisations, stored as a JSON array of ids.
fn parse_ids(revision: Uuid, json: &str) -> Result<Vec<Uuid>, DbErr> {
    serde_json::from_str(json).map_err(|_| {
        DbErr::from(Corrupt {
            table: "proposal_revisions",
            column: "organisation_ids",
            value: json.chars().take(40).collect(),
            row: revision.to_string(),
        })
    })
}

/// A proposal's stored states, read strictly: an unknown value is [`Corrupt`], never a default.
fn states(p: &proposal::Model) -> Result<(Language, Visibility, Stage), DbErr> {
    Ok((
        decode("proposals", "language", p.id, &p.language)?,
        decode("proposals", "visibility", p.id, &p.visibility)?,
        decode("proposals", "stage", p.id, &p.stage)?,
    ))
}

/// Loads proposals by id, in the order given, with authors and organisations.
///
/// One statement: the proposals joined with their authors (name and organisation only) and
/// with a row per involved organisation, folded back into one record per proposal.
#[tracing::instrument(skip_all, fields(count = ids.len()), err)]
pub async fn get_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<ProposalRecord>, DbErr> {
    use sea_orm::{FromQueryResult, JoinType, QueryTrait, RelationDef};

    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let author: RelationDef = proposal::Entity::belongs_to(user::Entity)
        .from(proposal::Column::AuthorId)
        .to(user::Column::Id)
        .into();
    let involved: RelationDef = proposal_organisation::Entity::belongs_to(proposal::Entity)
        .from(proposal_organisation::Column::ProposalId)
        .to(proposal::Column::Id)
        .into();
    let query = proposal::Entity::find()
        .filter(proposal::Column::Id.is_in(ids.iter().copied()))
        .join(JoinType::LeftJoin, author)
        .join_rev(JoinType::LeftJoin, involved)
        .column_as(user::Column::DisplayName, "author_name")
        .column_as(user::Column::OrganisationId, "author_organisation_id")
        .column_as(proposal_organisation::Column::OrganisationId, "involved_organisation_id")
        .into_query();
    let rows = db.query_all_raw(db.get_database_backend().build(&query)).await?;
    let mut by_id: HashMap<Uuid, ProposalRecord> = HashMap::with_capacity(ids.len());
    for row in rows {
        let id: Uuid = row.try_get("", "id")?;
        let involved: Option<Uuid> = row.try_get("", "involved_organisation_id")?;
        if let Some(record) = by_id.get_mut(&id) {
            record.organisation_ids.extend(involved.map(OrganisationId));
            continue;
        }
        let p = proposal::Model::from_query_result(&row, "")?;
        let (language, visibility, stage) = states(&p)?;
        let author_name: Option<String> = row.try_get("", "author_name")?;
        let author_organisation_id: Option<Uuid> = row.try_get("", "author_organisation_id")?;
        let record = ProposalRecord {
            id: p.id,
            call_id: p.call_id,
            number: p.number,
            author_id: p.author_id.into(),
            author_name: author_name.unwrap_or_default(),
            author_organisation_id: author_organisation_id.map(Into::into),
            title: p.title,
            summary: p.summary,
            challenge: p.challenge,
            idea: p.idea,
            challenge_html: p.challenge_html,
            idea_html: p.idea_html,
            theme_id: p.theme_id,
            language,
            visibility,
            stage,
            thumb_count: u64::try_from(p.thumb_count).unwrap_or(0),
            comment_count: u64::try_from(p.comment_count).unwrap_or(0),
            organisation_ids: involved.map(OrganisationId).into_iter().collect(),
            created_at: p.created_at,
            updated_at: p.updated_at,
        };
        by_id.insert(id, record);
    }
    Ok(ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|mut p| {
            p.organisation_ids.sort();
            p
        })
        .collect())
}

#[tracing::instrument(skip_all, fields(proposal_id = %id))]
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<ProposalRecord>, DbErr> {
    Ok(get_many(db, &[id]).await?.into_iter().next())
}

/// The call's state and the proposal's facts: what the rules need to judge an action on it.
#[tracing::instrument(skip_all, fields(proposal_id = %id), err)]
pub async fn facts(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<(crate::calls::CallRecord, ProposalFacts)>, DbErr> {
    let Some(p) = proposal::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let Some(call) = crate::calls::get(db, p.call_id).await? else { return Ok(None) };
    let (_, visibility, stage) = states(&p)?;
    let facts = ProposalFacts { author_id: p.author_id.into(), stage, visibility };
    Ok(Some((call, facts)))
}

async fn replace_organisations(
    db: &impl ConnectionTrait,
    id: Uuid,
    orgs: &[OrganisationId],
) -> Result<(), DbErr> {
    proposal_organisation::Entity::delete_many()
        .filter(proposal_organisation::Column::ProposalId.eq(id))
        .exec(db)
        .await?;
    let rows: Vec<proposal_organisation::ActiveModel> = orgs
        .iter()
        .map(|o| proposal_organisation::ActiveModel { proposal_id: Set(id), organisation_id: Set(o.0) })
        .collect();
    if !rows.is_empty() {
        proposal_organisation::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

async fn add_revision(
    db: &impl ConnectionTrait,
    id: Uuid,
    editor: UserId,
    text: &ProposalText,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let last = proposal_revision::Entity::find()
        .filter(proposal_revision::Column::ProposalId.eq(id))
        .order_by_desc(proposal_revision::Column::Revision)
        .one(db)
        .await?
        .map_or(0, |r| r.revision);
    let org_ids: Vec<Uuid> = text.organisation_ids.iter().map(|o| o.0).collect();
    proposal_revision::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(id),
        revision: Set(last.saturating_add(1)),
        editor_id: Set(editor.0),
        title: Set(text.title.clone()),
        summary: Set(text.summary.clone()),
        challenge: Set(text.challenge.clone()),
        idea: Set(text.idea.clone()),
        theme_id: Set(text.theme_id),
        organisation_ids: Set(serde_json::to_string(&org_ids).unwrap_or_else(|_| "[]".into())),
        created_at: Set(now),
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Stores a new proposal and its first revision.
#[tracing::instrument(skip_all, fields(call_id = %new.call_id, user_id = %new.author_id), err)]
pub async fn create(db: &impl ConnectionTrait, new: NewProposal, now: DateTime<Utc>) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    let t = &new.text;
    proposal::ActiveModel {
        id: Set(id),
        call_id: Set(new.call_id),
        number: Set(new.number),
        author_id: Set(new.author_id.0),
        title: Set(t.title.clone()),
        summary: Set(t.summary.clone()),
        challenge: Set(t.challenge.clone()),
        idea: Set(t.idea.clone()),
        challenge_html: Set(t.challenge_html.clone()),
        idea_html: Set(t.idea_html.clone()),
        theme_id: Set(t.theme_id),
        language: Set(new.language.into_str().to_owned()),
        visibility: Set(new.visibility.into_str().to_owned()),
        stage: Set(Stage::Submitted.into_str().to_owned()),
        thumb_count: Set(0),
        comment_count: Set(0),
        search_text: Set(t.search_text.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    search::index(db, id, t.searched()).await?;
    replace_organisations(db, id, &t.organisation_ids).await?;
    add_revision(db, id, new.author_id, t, now).await?;
    Ok(id)
}

/// Replaces a proposal's text and keeps the new version as a revision.
#[tracing::instrument(skip_all, fields(proposal_id = %id, user_id = %editor), err)]
pub async fn update_text(
    db: &impl ConnectionTrait,
    id: Uuid,
    editor: UserId,
    language: Option<Language>,
    text: &ProposalText,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut m = proposal::ActiveModel {
        id: Set(id),
        title: Set(text.title.clone()),
        summary: Set(text.summary.clone()),
        challenge: Set(text.challenge.clone()),
        idea: Set(text.idea.clone()),
        challenge_html: Set(text.challenge_html.clone()),
        idea_html: Set(text.idea_html.clone()),
        theme_id: Set(text.theme_id),
        search_text: Set(text.search_text.clone()),
        updated_at: Set(now),
        ..Default::default()
    };
    if let Some(l) = language {
        m.language = Set(l.into_str().to_owned());
    }
    m.update(db).await?;
    search::index(db, id, text.searched()).await?;
    replace_organisations(db, id, &text.organisation_ids).await?;
    add_revision(db, id, editor, text, now).await
}

#[tracing::instrument(skip_all, fields(proposal_id = %id), err)]
pub async fn set_stage(
    db: &impl ConnectionTrait,
    id: Uuid,
    stage: Stage,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    proposal::ActiveModel {
        id: Set(id),
        stage: Set(stage.into_str().to_owned()),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// How many of the author's proposals in the call count against the limit (not withdrawn).
#[tracing::instrument(skip_all, fields(call_id = %call_id, user_id = %author), err)]
pub async fn count_by_author(db: &impl ConnectionTrait, call_id: Uuid, author: UserId) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    proposal::Entity::find()
        .filter(proposal::Column::CallId.eq(call_id))
        .filter(proposal::Column::AuthorId.eq(author.0))
        .filter(proposal::Column::Stage.ne(Stage::Withdrawn.into_str()))
        .count(db)
        .await
}

#[tracing::instrument(skip_all, fields(proposal_id = %id), err)]
pub async fn revisions(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<RevisionRecord>, DbErr> {
    proposal_revision::Entity::find()
        .filter(proposal_revision::Column::ProposalId.eq(id))
        .order_by_asc(proposal_revision::Column::Revision)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            Ok(RevisionRecord {
                organisation_ids: parse_ids(r.id, &r.organisation_ids)?,
                revision: r.revision,
                editor_id: r.editor_id.into(),
                title: r.title,
                summary: r.summary,
                challenge: r.challenge,
                idea: r.idea,
                theme_id: r.theme_id,
                created_at: r.created_at,
            })
        })
        .collect()
}

/// The sort rows of every proposal that passes the filter. Lists are ordered and cut into
/// pages from these: a call has hundreds of proposals, not millions.
#[tracing::instrument(skip_all, fields(call_id = %f.call_id), err)]
pub async fn sort_rows(db: &impl ConnectionTrait, f: &ProposalFilter) -> Result<Vec<SortRow>, DbErr> {
    let mut cond = Condition::all().add(proposal::Column::CallId.eq(f.call_id));
    if !f.moderator {
        let mut shown = Condition::any().add(proposal::Column::Visibility.ne(Visibility::Pending.into_str()));
        if let Some(me) = f.pending_visible_to {
            shown = shown.add(proposal::Column::AuthorId.eq(me.0));
        }
        cond = cond.add(shown);
    }
    if let Some(theme) = f.theme_id {
        cond = cond.add(proposal::Column::ThemeId.eq(theme));
    }
    if let Some(stage) = f.stage {
        cond = cond.add(proposal::Column::Stage.eq(stage.into_str()));
    }
    if let Some(author) = f.author_id {
        cond = cond.add(proposal::Column::AuthorId.eq(author.0));
    }
    if let Some(org) = f.organisation_id {
        // Involved, or the author's own organisation (which is implied).
        let involved = sea_orm::sea_query::Query::select()
            .column(proposal_organisation::Column::ProposalId)
            .from(proposal_organisation::Entity)
            .and_where(proposal_organisation::Column::OrganisationId.eq(org.0))
            .to_owned();
        let authored = sea_orm::sea_query::Query::select()
            .column(user::Column::Id)
            .from(user::Entity)
            .and_where(user::Column::OrganisationId.eq(org.0))
            .to_owned();
        cond = cond.add(
            Condition::any()
                .add(proposal::Column::Id.in_subquery(involved))
                .add(proposal::Column::AuthorId.in_subquery(authored)),
        );
    }
    if f.search.is_some() && !f.moderator {
        // A hidden proposal shows to others as a tombstone without its text: a search must
        // not tell them what the text holds.
        let mut searchable =
            Condition::any().add(proposal::Column::Visibility.ne(Visibility::Hidden.into_str()));
        if let Some(me) = f.pending_visible_to {
            searchable = searchable.add(proposal::Column::AuthorId.eq(me.0));
        }
        cond = cond.add(searchable);
    }
    let mut select = proposal::Entity::find()
        .select_only()
        .columns([
            proposal::Column::Id,
            proposal::Column::Number,
            proposal::Column::ThumbCount,
            proposal::Column::CommentCount,
            proposal::Column::CreatedAt,
        ])
        .filter(cond)
        .into_query();
    let relevance = match &f.search {
        Some(q) => search::ranked(db.get_database_backend(), &mut select, q),
        None => sea_orm::sea_query::Expr::val(0i64),
    };
    select.expr(relevance);
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            let (id, number, thumb_count, comment_count, created_at, relevance) =
                row.try_get_many_by_index()?;
            Ok(SortRow { id, number, thumb_count, comment_count, created_at, relevance })
        })
        .collect()
}
