//! Proposals, their involved organisations and revisions, and their lists: every order is
//! paged in the database on an index that covers it (see `siilo_domain::ordering` and the
//! migration `m20261202_000001_list_order`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QueryResult, QuerySelect, Set, Statement, Value,
};
use siilo_domain::accounts::Language;
use siilo_domain::moderation::ReportReason;
use siilo_domain::ordering::{self, ProposalSort, SHUFFLE_SLOTS, SortKey};
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
    /// The author's account was erased: the name is empty, clients say "deleted user".
    pub author_erased: bool,
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
    /// Distinct administrative branches involved or interested (see [`crate::reach`]).
    pub reach: u32,
    /// The accepted co-authors, oldest acceptance first.
    pub coauthors: Vec<crate::coauthors::TeamMember>,
    /// The tombstone's category and public note, set while hidden or rejected.
    pub moderation_category: Option<ReportReason>,
    pub moderation_note: Option<String>,
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

    /// The accepted co-authors' ids.
    pub fn coauthor_ids(&self) -> Vec<UserId> {
        self.coauthors.iter().map(|c| c.user_id).collect()
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

#[derive(Debug, Clone, Default)]
pub struct ProposalFilter {
    pub call_id: Uuid,
    pub theme_id: Option<Uuid>,
    pub organisation_id: Option<OrganisationId>,
    pub stage: Option<Stage>,
    pub author_id: Option<UserId>,
    /// A full-text search: every word must match.
    pub search: Option<SearchQuery>,
    /// Only proposals reaching at least this many administrative branches.
    pub min_reach: Option<i32>,
    /// Withheld (pending, rejected) proposals show to moderators, and to their author (this user).
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
        .column_as(user::Column::ErasedAt, "author_erased_at")
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
        let author_erased_at: Option<DateTime<Utc>> = row.try_get("", "author_erased_at")?;
        let record = ProposalRecord {
            id: p.id,
            call_id: p.call_id,
            number: p.number,
            author_id: p.author_id.into(),
            author_name: author_name.unwrap_or_default(),
            author_organisation_id: author_organisation_id.map(Into::into),
            author_erased: author_erased_at.is_some(),
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
            reach: u32::try_from(p.reach).unwrap_or(0),
            coauthors: Vec::new(),
            moderation_category: p
                .moderation_category
                .as_deref()
                .map(|c| decode("proposals", "moderation_category", p.id, c))
                .transpose()?,
            moderation_note: p.moderation_note,
            created_at: p.created_at,
            updated_at: p.updated_at,
        };
        by_id.insert(id, record);
    }
    let mut teams = crate::coauthors::teams(db, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|mut p| {
            p.organisation_ids.sort();
            p.coauthors = teams.remove(&p.id).unwrap_or_default();
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
        trending_score: Set(0.0),
        search_text: Set(t.search_text.clone()),
        open_reports: Set(0),
        // A pending proposal waits in the moderation queue from the start.
        queued_at: Set((new.visibility == Visibility::Pending).then_some(now)),
        moderation_category: Set(None),
        moderation_note: Set(None),
        review_count: Set(0),
        review_score: Set(None),
        review_spread: Set(None),
        merged_into_id: Set(None),
        reach: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    insert_shuffles(db, &[(id, new.call_id, new.number)]).await?;
    search::index(db, id, t.searched()).await?;
    replace_organisations(db, id, &t.organisation_ids).await?;
    crate::reach::refresh(db, id).await?;
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
    crate::reach::refresh(db, id).await?;
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

/// The side table of shuffle keys (`proposal_shuffles`): no entity, only lists read it.
#[derive(Clone, Copy)]
enum Shuffles {
    Table,
    ProposalId,
    Slot,
    CallId,
    ShuffleKey,
    Number,
}

impl sea_orm::sea_query::Iden for Shuffles {
    fn unquoted(&self) -> &str {
        match self {
            Shuffles::Table => "proposal_shuffles",
            Shuffles::ProposalId => "proposal_id",
            Shuffles::Slot => "slot",
            Shuffles::CallId => "call_id",
            Shuffles::ShuffleKey => "shuffle_key",
            Shuffles::Number => "number",
        }
    }
}

/// Rows per multi-row `INSERT` of shuffle keys (5 parameters each).
const SHUFFLE_ROWS_PER_INSERT: usize = 1000;

/// Stores the shuffle keys of new proposals `(id, call, number)`, one row per slot.
pub async fn insert_shuffles(
    db: &impl ConnectionTrait,
    proposals: &[(Uuid, Uuid, i32)],
) -> Result<(), DbErr> {
    let rows: Vec<(Uuid, i16, Uuid, i32)> = proposals
        .iter()
        .flat_map(|&(id, call, number)| (0..SHUFFLE_SLOTS).map(move |slot| (id, slot, call, number)))
        .collect();
    for chunk in rows.chunks(SHUFFLE_ROWS_PER_INSERT) {
        let mut insert = Query::insert()
            .into_table(Shuffles::Table)
            .columns([
                Shuffles::ProposalId,
                Shuffles::Slot,
                Shuffles::CallId,
                Shuffles::ShuffleKey,
                Shuffles::Number,
            ])
            .to_owned();
        for &(id, slot, call, number) in chunk {
            insert.values_panic([
                id.into(),
                slot.into(),
                call.into(),
                ordering::shuffle_key(slot, id).into(),
                number.into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

impl ProposalFilter {
    /// Whether the list is narrowed beyond what the viewer may see.
    fn narrows(&self) -> bool {
        self.theme_id.is_some()
            || self.organisation_id.is_some()
            || self.stage.is_some()
            || self.author_id.is_some()
            || self.search.is_some()
            || self.min_reach.is_some()
    }

    /// Everything but the call and the search's match (see [`Self::condition`]): visibility
    /// to the viewer and the filters asked for.
    fn condition_but_search(&self) -> Condition {
        let mut cond = Condition::all();
        if !self.moderator {
            let mut shown =
                Condition::any().add(proposal::Column::Visibility.is_not_in(Visibility::WITHHELD));
            if let Some(me) = self.pending_visible_to {
                shown = shown.add(proposal::Column::AuthorId.eq(me.0));
            }
            cond = cond.add(shown);
        }
        if let Some(theme) = self.theme_id {
            cond = cond.add(proposal::Column::ThemeId.eq(theme));
        }
        if let Some(stage) = self.stage {
            cond = cond.add(proposal::Column::Stage.eq(stage.into_str()));
        }
        if let Some(author) = self.author_id {
            cond = cond.add(proposal::Column::AuthorId.eq(author.0));
        }
        if let Some(min) = self.min_reach {
            cond = cond.add(proposal::Column::Reach.gte(min));
        }
        if let Some(org) = self.organisation_id {
            // Involved, or the author's own organisation (which is implied).
            let involved = Query::select()
                .column(proposal_organisation::Column::ProposalId)
                .from(proposal_organisation::Entity)
                .and_where(proposal_organisation::Column::OrganisationId.eq(org.0))
                .to_owned();
            let authored = Query::select()
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
        if self.search.is_some() && !self.moderator {
            // A hidden proposal shows to others as a tombstone without its text: a search must
            // not tell them what the text holds.
            let mut searchable =
                Condition::any().add(proposal::Column::Visibility.ne(Visibility::Hidden.into_str()));
            if let Some(me) = self.pending_visible_to {
                searchable = searchable.add(proposal::Column::AuthorId.eq(me.0));
            }
            cond = cond.add(searchable);
        }
        cond
    }

    /// Everything but the call: visibility, the filters and the search's match.
    fn condition(&self, backend: DbBackend) -> Condition {
        let cond = self.condition_but_search();
        match &self.search {
            Some(q) => cond.add(search::matches(backend, q)),
            None => cond,
        }
    }
}

fn out_of_range(what: &str) -> DbErr {
    DbErr::Custom(format!("list position out of range: {what}"))
}

/// The statement of one page: the proposals after `after` in `sort` (the seed's shuffle for
/// `random`), at most `rows` of them, as `(id, sort_key, number)`. Every sort is a range scan
/// of its index, `(call_id, key, number)`, stopped by the `LIMIT`: the page's cost does not
/// grow with the call, only with how many rows the filters skip. A filter that keeps few
/// proposals (`few`, known from the count) would make that scan walk the call for a handful
/// of matches: then the order's index is set aside (`key + 0`) so the engine starts from the
/// filter's index and sorts the few.
pub fn page_query(
    backend: DbBackend,
    f: &ProposalFilter,
    sort: ProposalSort,
    seed: u32,
    after: Option<SortKey>,
    rows: u64,
    few: bool,
) -> SelectStatement {
    let ordered = |e: Expr| if few { e.add(0) } else { e };
    let p = |c: proposal::Column| Expr::col((proposal::Entity, c));
    let number = p(proposal::Column::Number);
    let mut q = Query::select();
    q.column((proposal::Entity, proposal::Column::Id)).from(proposal::Entity);
    // Relevance joins the search's hits itself (their score is the key); any other order
    // only asks whether a proposal matches.
    if sort == ProposalSort::Relevance {
        q.cond_where(f.condition_but_search());
    } else {
        q.cond_where(f.condition(backend));
    }
    // Descending key, ascending number: `key <= k AND (key < k OR number > n)` lets the range
    // start at the cursor rather than filtering from the top of the call.
    let descending = |q: &mut SelectStatement, key: Expr, at: Option<(Value, i32)>| {
        q.expr_as(key.clone(), Alias::new("sort_key"))
            .and_where(p(proposal::Column::CallId).eq(f.call_id))
            .order_by_expr(ordered(key.clone()), Order::Desc)
            .order_by_expr(ordered(number.clone()), Order::Asc);
        if let Some((k, n)) = at {
            q.and_where(key.clone().lte(k.clone()))
                .cond_where(Condition::any().add(key.lt(k)).add(number.clone().gt(n)));
        }
    };
    match sort {
        ProposalSort::Top => {
            let at = after.map(|(k, n)| (Value::from(i32::try_from(k).unwrap_or(i32::MAX)), n));
            descending(&mut q, p(proposal::Column::ThumbCount), at);
        }
        ProposalSort::MostCommented => {
            let at = after.map(|(k, n)| (Value::from(i32::try_from(k).unwrap_or(i32::MAX)), n));
            descending(&mut q, p(proposal::Column::CommentCount), at);
        }
        ProposalSort::Reach => {
            let at = after.map(|(k, n)| (Value::from(i32::try_from(k).unwrap_or(i32::MAX)), n));
            descending(&mut q, p(proposal::Column::Reach), at);
        }
        ProposalSort::Trending => {
            let at = after.map(|(k, n)| (Value::from(ordering::key_score(k)), n));
            descending(&mut q, p(proposal::Column::TrendingScore), at);
        }
        ProposalSort::Relevance => {
            // Without a search the list is empty (the route refuses `relevance` without `q`).
            let rank = match &f.search {
                Some(query) => search::ranked(backend, &mut q, query),
                None => {
                    q.and_where(Expr::cust("1 = 0"));
                    Expr::val(0i64)
                }
            };
            let at = after.map(|(k, n)| (Value::from(k), n));
            descending(&mut q, rank, at);
        }
        ProposalSort::Newest => {
            q.expr_as(number.clone(), Alias::new("sort_key"))
                .and_where(p(proposal::Column::CallId).eq(f.call_id))
                .order_by_expr(ordered(number.clone()), Order::Desc);
            if let Some((_, n)) = after {
                q.and_where(number.clone().lt(n));
            }
        }
        ProposalSort::Random => {
            // The shuffle's rows drive the scan in key order; each is joined to its proposal
            // for the filters. The call is named on the shuffle side only, so the engine has
            // no reason to start from the proposals and sort.
            let s = |c: Shuffles| Expr::col((Shuffles::Table, c));
            let key = s(Shuffles::ShuffleKey);
            let num = s(Shuffles::Number);
            q.expr_as(key.clone(), Alias::new("sort_key"))
                .inner_join(
                    Shuffles::Table,
                    Expr::col((Shuffles::Table, Shuffles::ProposalId))
                        .equals((proposal::Entity, proposal::Column::Id)),
                )
                .and_where(s(Shuffles::Slot).eq(ordering::shuffle_slot(seed)));
            // Few: the call is named on the proposals' side, so the engine starts from the
            // filter's index and looks each shuffle key up by `(proposal_id, slot)`.
            q.and_where(if few {
                p(proposal::Column::CallId).eq(f.call_id)
            } else {
                s(Shuffles::CallId).eq(f.call_id)
            });
            q.order_by_expr(ordered(key.clone()), Order::Asc).order_by_expr(ordered(num.clone()), Order::Asc);
            if let Some((k, n)) = after {
                q.and_where(key.clone().gte(k)).cond_where(Condition::any().add(key.gt(k)).add(num.gt(n)));
            }
        }
    }
    q.column((proposal::Entity, proposal::Column::Number)).limit(rows);
    q
}

/// Up to how many matches a filtered list is sorted rather than walked in index order.
const FEW: u64 = 2_000;

/// One page of a call's list (see [`page_query`]), `total` being [`total`]'s count: the proposals and their positions.
#[tracing::instrument(skip_all, fields(call_id = %f.call_id, ?sort), err)]
pub async fn page(
    db: &impl ConnectionTrait,
    f: &ProposalFilter,
    sort: ProposalSort,
    seed: u32,
    after: Option<SortKey>,
    rows: u64,
    total: u64,
) -> Result<Vec<(Uuid, SortKey)>, DbErr> {
    let few = f.narrows() && total <= FEW;
    let q = page_query(db.get_database_backend(), f, sort, seed, after, rows, few);
    let read = |r: QueryResult| -> Result<(Uuid, SortKey), DbErr> {
        let id: Uuid = r.try_get("", "id")?;
        let number: i32 = r.try_get("", "number")?;
        let key = match sort {
            ProposalSort::Top | ProposalSort::MostCommented | ProposalSort::Newest | ProposalSort::Reach => {
                i64::from(r.try_get::<i32>("", "sort_key")?)
            }
            ProposalSort::Trending => ordering::score_key(r.try_get::<f64>("", "sort_key")?),
            ProposalSort::Random | ProposalSort::Relevance => r.try_get::<i64>("", "sort_key")?,
        };
        if key < 0 && sort != ProposalSort::Random {
            return Err(out_of_range("negative key"));
        }
        Ok((id, (key, number)))
    };
    db.query_all(&q).await?.into_iter().map(read).collect()
}

/// How many proposals the list holds in all. Unnarrowed, from counters: the call's
/// `proposal_seq` (proposals are numbered gap-free and never deleted) less the pending ones
/// the viewer may not see, counted on `(call_id, visibility)`: a handful of index entries,
/// whatever the call's size. Narrowed by a filter, an indexed `COUNT` of what passes it.
#[tracing::instrument(skip_all, fields(call_id = %f.call_id), err)]
pub async fn total(db: &impl ConnectionTrait, f: &ProposalFilter) -> Result<u64, DbErr> {
    if f.narrows() {
        return proposal::Entity::find()
            .filter(proposal::Column::CallId.eq(f.call_id))
            .filter(f.condition(db.get_database_backend()))
            .count(db)
            .await;
    }
    let backend = db.get_database_backend();
    let hidden_pending = match (f.moderator, f.pending_visible_to) {
        (true, _) => "0",
        (false, None) => {
            "(SELECT COUNT(*) FROM proposals p WHERE p.call_id = c.id AND p.visibility IN ('pending', 'rejected'))"
        }
        (false, Some(_)) => {
            "(SELECT COUNT(*) FROM proposals p WHERE p.call_id = c.id AND p.visibility IN ('pending', 'rejected') \
             AND p.author_id <> $2)"
        }
    };
    let sql =
        format!("SELECT CAST(c.proposal_seq - {hidden_pending} AS BIGINT) AS n FROM calls c WHERE c.id = $1");
    let sql = if backend == DbBackend::Postgres { sql } else { sql.replace('$', "?") };
    let mut values: Vec<Value> = vec![f.call_id.into()];
    if let (false, Some(me)) = (f.moderator, f.pending_visible_to) {
        values.push(me.0.into());
    }
    let row = db.query_one_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    let n: i64 = match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}
