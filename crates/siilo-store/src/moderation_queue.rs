//! The moderation queue, computed in the database: undecided appeals first (oldest first, on
//! `idx_appeals_open`), then the proposals and comments waiting for a moderator by the time
//! they entered the queue (`queued_at`, on the partial indexes `idx_{proposals,comments}_queued`):
//! reported items from their first open report, pending proposals from their submission.
//!
//! A page is keyset-paginated over (section, time, id). Its details (targets, authors, the
//! open reports and their reasons, the actions appealed) are read for the whole page at once:
//! a fixed number of statements whatever the page's length.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use siilo_domain::UserId;
use siilo_domain::moderation::{ContentKind, LogAction, ReportReason, ReportStatus};
use siilo_domain::proposals::Visibility;
use uuid::Uuid;

use crate::decode;
use crate::entities::{appeal, comment, moderation_log, proposal, report, user};

/// At most this many open reports of an item come with it, oldest first.
pub const REPORTS_PER_ITEM: u64 = 20;

/// Which part of the queue: appeals come before the items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Appeals,
    Items,
}

/// A place in the queue: the last entry of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub section: Section,
    pub at: DateTime<Utc>,
    pub id: Uuid,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub call_id: Option<Uuid>,
    pub kind: Option<ContentKind>,
}

/// What an entry is about: a proposal or a comment, with its proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRecord {
    pub kind: ContentKind,
    pub id: Uuid,
    pub proposal_id: Uuid,
    pub call_id: Uuid,
    pub proposal_number: i32,
    pub proposal_title: String,
    /// The comment's body or the proposal's summary, whole.
    pub text: String,
    pub author: (UserId, String),
    pub visibility: Visibility,
    /// A comment deleted by its author.
    pub deleted: bool,
    pub open_reports: u64,
}

/// An open report, with its reporter's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedReport {
    pub id: Uuid,
    pub reason: ReportReason,
    pub note: Option<String>,
    pub reporter: (UserId, String),
    pub created_at: DateTime<Utc>,
}

/// An undecided appeal, with the action it appeals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedAppeal {
    pub id: Uuid,
    pub action_id: Uuid,
    pub action: LogAction,
    /// The action's reason, as the author was told.
    pub reason: Option<String>,
    /// Who took the action; `None` for an automatic hide.
    pub acted_by: Option<(UserId, String)>,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// One entry of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRecord {
    /// Where it stands: for the next page's cursor.
    pub position: Position,
    pub target: TargetRecord,
    /// The open reports counted by reason, most first.
    pub reasons: Vec<(ReportReason, u64)>,
    /// Open reports, oldest first, at most [`REPORTS_PER_ITEM`].
    pub reports: Vec<QueuedReport>,
    /// Set for an entry of the appeals section.
    pub appeal: Option<QueuedAppeal>,
}

#[derive(Debug, Clone, Default)]
pub struct QueuePage {
    pub items: Vec<QueueRecord>,
    /// Entries matching the filters in all.
    pub total: u64,
}

/// An entry before its details are read.
#[derive(Debug, Clone, Copy)]
struct Head {
    position: Position,
    kind: ContentKind,
    target_id: Uuid,
}

fn after_condition<C: ColumnTrait>(time: C, id: C, pos: Option<Position>, section: Section) -> Condition {
    match pos.filter(|p| p.section == section) {
        Some(p) => {
            Condition::any().add(time.gt(p.at)).add(Condition::all().add(time.eq(p.at)).add(id.gt(p.id)))
        }
        None => Condition::all(),
    }
}

fn open_appeals(f: &QueueFilter) -> sea_orm::Select<appeal::Entity> {
    let mut q = appeal::Entity::find().filter(appeal::Column::DecidedAt.is_null());
    if let Some(call) = f.call_id {
        q = q.filter(appeal::Column::CallId.eq(call));
    }
    if let Some(kind) = f.kind {
        q = q.filter(appeal::Column::TargetKind.eq(kind.into_str()));
    }
    q
}

fn queued_proposals(f: &QueueFilter) -> sea_orm::Select<proposal::Entity> {
    let mut q = proposal::Entity::find().filter(proposal::Column::QueuedAt.is_not_null());
    if let Some(call) = f.call_id {
        q = q.filter(proposal::Column::CallId.eq(call));
    }
    q
}

fn queued_comments(f: &QueueFilter) -> sea_orm::Select<comment::Entity> {
    let mut q = comment::Entity::find().filter(comment::Column::QueuedAt.is_not_null());
    if let Some(call) = f.call_id {
        q = q.filter(
            comment::Column::ProposalId.in_subquery(
                Query::select()
                    .column(proposal::Column::Id)
                    .from(proposal::Entity)
                    .and_where(proposal::Column::CallId.eq(call))
                    .to_owned(),
            ),
        );
    }
    q
}

fn wants(f: &QueueFilter, kind: ContentKind) -> bool {
    f.kind.is_none_or(|k| k == kind)
}

/// Up to `limit` entries of the queue after `after`, and how many there are in all.
#[tracing::instrument(skip_all, err)]
pub async fn page(
    db: &impl ConnectionTrait,
    f: &QueueFilter,
    after: Option<Position>,
    limit: u64,
) -> Result<QueuePage, DbErr> {
    let mut total = open_appeals(f).count(db).await?;
    if wants(f, ContentKind::Proposal) {
        total += queued_proposals(f).count(db).await?;
    }
    if wants(f, ContentKind::Comment) {
        total += queued_comments(f).count(db).await?;
    }

    let mut heads = Vec::new();
    let mut appeals = HashMap::new();
    if after.is_none_or(|p| p.section == Section::Appeals) {
        let rows = open_appeals(f)
            .filter(after_condition(appeal::Column::CreatedAt, appeal::Column::Id, after, Section::Appeals))
            .order_by_asc(appeal::Column::CreatedAt)
            .order_by_asc(appeal::Column::Id)
            .limit(limit)
            .all(db)
            .await?;
        for a in rows {
            let kind: ContentKind = decode("appeals", "target_kind", a.id, &a.target_kind)?;
            heads.push(Head {
                position: Position { section: Section::Appeals, at: a.created_at, id: a.id },
                kind,
                target_id: a.target_id,
            });
            appeals.insert(a.id, a);
        }
    }
    let room = limit.saturating_sub(heads.len() as u64);
    if room > 0 {
        let mut items: Vec<Head> = Vec::new();
        if wants(f, ContentKind::Proposal) {
            let rows: Vec<(Uuid, Option<DateTime<Utc>>)> = queued_proposals(f)
                .select_only()
                .columns([proposal::Column::Id, proposal::Column::QueuedAt])
                .filter(after_condition(
                    proposal::Column::QueuedAt,
                    proposal::Column::Id,
                    after,
                    Section::Items,
                ))
                .order_by_asc(proposal::Column::QueuedAt)
                .order_by_asc(proposal::Column::Id)
                .limit(room)
                .into_tuple()
                .all(db)
                .await?;
            items.extend(rows.into_iter().filter_map(|(id, at)| {
                at.map(|at| Head {
                    position: Position { section: Section::Items, at, id },
                    kind: ContentKind::Proposal,
                    target_id: id,
                })
            }));
        }
        if wants(f, ContentKind::Comment) {
            let rows: Vec<(Uuid, Option<DateTime<Utc>>)> = queued_comments(f)
                .select_only()
                .columns([comment::Column::Id, comment::Column::QueuedAt])
                .filter(after_condition(
                    comment::Column::QueuedAt,
                    comment::Column::Id,
                    after,
                    Section::Items,
                ))
                .order_by_asc(comment::Column::QueuedAt)
                .order_by_asc(comment::Column::Id)
                .limit(room)
                .into_tuple()
                .all(db)
                .await?;
            items.extend(rows.into_iter().filter_map(|(id, at)| {
                at.map(|at| Head {
                    position: Position { section: Section::Items, at, id },
                    kind: ContentKind::Comment,
                    target_id: id,
                })
            }));
        }
        items.sort_by_key(|h| (h.position.at, h.position.id));
        items.truncate(usize::try_from(room).unwrap_or(usize::MAX));
        heads.extend(items);
    }
    if heads.is_empty() {
        return Ok(QueuePage { items: Vec::new(), total });
    }
    let items = details(db, heads, appeals).await?;
    Ok(QueuePage { items, total })
}

/// The targets, reports and appealed actions of a page's entries, in a fixed number of
/// statements.
async fn details(
    db: &impl ConnectionTrait,
    heads: Vec<Head>,
    mut appeals: HashMap<Uuid, appeal::Model>,
) -> Result<Vec<QueueRecord>, DbErr> {
    let ids_of = |kind: ContentKind| -> Vec<Uuid> {
        let set: HashSet<Uuid> = heads.iter().filter(|h| h.kind == kind).map(|h| h.target_id).collect();
        set.into_iter().collect()
    };
    let comment_ids = ids_of(ContentKind::Comment);
    let comments: HashMap<Uuid, comment::Model> = if comment_ids.is_empty() {
        HashMap::new()
    } else {
        comment::Entity::find()
            .filter(comment::Column::Id.is_in(comment_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect()
    };
    let mut proposal_ids = ids_of(ContentKind::Proposal);
    proposal_ids.extend(comments.values().map(|c| c.proposal_id));
    proposal_ids.sort_unstable();
    proposal_ids.dedup();
    type ProposalRow = (Uuid, Uuid, i32, String, String, Uuid, String, i32);
    let proposals: HashMap<Uuid, ProposalRow> = if proposal_ids.is_empty() {
        HashMap::new()
    } else {
        proposal::Entity::find()
            .select_only()
            .columns([
                proposal::Column::Id,
                proposal::Column::CallId,
                proposal::Column::Number,
                proposal::Column::Title,
                proposal::Column::Summary,
                proposal::Column::AuthorId,
                proposal::Column::Visibility,
                proposal::Column::OpenReports,
            ])
            .filter(proposal::Column::Id.is_in(proposal_ids))
            .into_tuple::<ProposalRow>()
            .all(db)
            .await?
            .into_iter()
            .map(|row| (row.0, row))
            .collect()
    };

    let action_ids: Vec<Uuid> = appeals.values().map(|a| a.action_id).collect();
    let actions: HashMap<Uuid, moderation_log::Model> = if action_ids.is_empty() {
        HashMap::new()
    } else {
        moderation_log::Entity::find()
            .filter(moderation_log::Column::Id.is_in(action_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect()
    };

    let target_ids: Vec<Uuid> = {
        let set: HashSet<Uuid> = heads.iter().map(|h| h.target_id).collect();
        set.into_iter().collect()
    };
    let reasons = reason_counts(db, &target_ids).await?;
    let reports = open_reports(db, &target_ids).await?;

    let mut user_ids: HashSet<Uuid> = HashSet::new();
    user_ids.extend(comments.values().map(|c| c.author_id));
    user_ids.extend(proposals.values().map(|p| p.5));
    user_ids.extend(reports.values().flatten().map(|r| r.reporter_id));
    user_ids.extend(actions.values().filter_map(|a| a.actor_id));
    let names = names(db, user_ids.into_iter().collect()).await?;
    let named = |id: Uuid| (UserId::from(id), names.get(&id).cloned().unwrap_or_default());

    let mut out = Vec::with_capacity(heads.len());
    for h in heads {
        let target = match h.kind {
            ContentKind::Proposal => {
                // Gone since the page was read (a call deleted): left out.
                let Some(p) = proposals.get(&h.target_id) else { continue };
                TargetRecord {
                    kind: ContentKind::Proposal,
                    id: p.0,
                    proposal_id: p.0,
                    call_id: p.1,
                    proposal_number: p.2,
                    proposal_title: p.3.clone(),
                    text: p.4.clone(),
                    author: named(p.5),
                    visibility: decode("proposals", "visibility", p.0, &p.6)?,
                    deleted: false,
                    open_reports: u64::try_from(p.7).unwrap_or(0),
                }
            }
            ContentKind::Comment => {
                let Some(c) = comments.get(&h.target_id) else { continue };
                let Some(p) = proposals.get(&c.proposal_id) else { continue };
                TargetRecord {
                    kind: ContentKind::Comment,
                    id: c.id,
                    proposal_id: p.0,
                    call_id: p.1,
                    proposal_number: p.2,
                    proposal_title: p.3.clone(),
                    text: c.body.clone(),
                    author: named(c.author_id),
                    visibility: decode("comments", "visibility", c.id, &c.visibility)?,
                    deleted: c.deleted_at.is_some(),
                    open_reports: u64::try_from(c.open_reports).unwrap_or(0),
                }
            }
        };
        let appeal = match h.position.section {
            Section::Items => None,
            Section::Appeals => {
                let Some(a) = appeals.remove(&h.position.id) else { continue };
                // The foreign key keeps the action appealed.
                let Some(e) = actions.get(&a.action_id) else { continue };
                Some(QueuedAppeal {
                    id: a.id,
                    action_id: a.action_id,
                    action: decode("moderation_log", "action", e.id, &e.action)?,
                    reason: e.reason.clone(),
                    acted_by: e.actor_id.map(named),
                    text: a.text,
                    created_at: a.created_at,
                })
            }
        };
        let mut item_reasons = reasons.get(&h.target_id).cloned().unwrap_or_default();
        item_reasons.sort_by(|(ra, na), (rb, nb)| nb.cmp(na).then(ra.cmp(rb)));
        let item_reports = reports
            .get(&h.target_id)
            .map(|rs| {
                rs.iter()
                    .map(|r| QueuedReport {
                        id: r.id,
                        reason: r.reason,
                        note: r.note.clone(),
                        reporter: named(r.reporter_id),
                        created_at: r.created_at,
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(QueueRecord {
            position: h.position,
            target,
            reasons: item_reasons,
            reports: item_reports,
            appeal,
        });
    }
    Ok(out)
}

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

/// The open reports of each target counted by reason: one grouped statement.
async fn reason_counts(
    db: &impl ConnectionTrait,
    targets: &[Uuid],
) -> Result<HashMap<Uuid, Vec<(ReportReason, u64)>>, DbErr> {
    let rows: Vec<(Uuid, String, i64)> = report::Entity::find()
        .select_only()
        .column(report::Column::TargetId)
        .column(report::Column::Reason)
        .column_as(Expr::col(report::Column::Id).count(), "n")
        .filter(report::Column::TargetId.is_in(targets.iter().copied()))
        .filter(report::Column::Status.eq(ReportStatus::Open.into_str()))
        .group_by(report::Column::TargetId)
        .group_by(report::Column::Reason)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<Uuid, Vec<(ReportReason, u64)>> = HashMap::new();
    for (target, reason, n) in rows {
        let reason = decode("reports", "reason", target, &reason)?;
        out.entry(target).or_default().push((reason, u64::try_from(n).unwrap_or(0)));
    }
    Ok(out)
}

struct ReportRow {
    id: Uuid,
    reporter_id: Uuid,
    reason: ReportReason,
    note: Option<String>,
    created_at: DateTime<Utc>,
}

/// The first [`REPORTS_PER_ITEM`] open reports of each target, oldest first: one statement,
/// numbering each target's reports with a window function.
async fn open_reports(
    db: &impl ConnectionTrait,
    targets: &[Uuid],
) -> Result<HashMap<Uuid, Vec<ReportRow>>, DbErr> {
    let numbered = Query::select()
        .columns([
            report::Column::Id,
            report::Column::TargetId,
            report::Column::ReporterId,
            report::Column::Reason,
            report::Column::Note,
            report::Column::CreatedAt,
        ])
        .expr_as(
            Expr::cust(r#"ROW_NUMBER() OVER (PARTITION BY "target_id" ORDER BY "created_at", "id")"#),
            Alias::new("rn"),
        )
        .from(report::Entity)
        .and_where(report::Column::TargetId.is_in(targets.iter().copied()))
        .and_where(report::Column::Status.eq(ReportStatus::Open.into_str()))
        .to_owned();
    let r = Alias::new("r");
    let select = Query::select()
        .columns(["id", "target_id", "reporter_id", "reason", "note", "created_at"].map(Alias::new))
        .from_subquery(numbered, r)
        .and_where(Expr::col(Alias::new("rn")).lte(REPORTS_PER_ITEM))
        .order_by(Alias::new("target_id"), Order::Asc)
        .order_by(Alias::new("created_at"), Order::Asc)
        .order_by(Alias::new("id"), Order::Asc)
        .to_owned();
    let mut out: HashMap<Uuid, Vec<ReportRow>> = HashMap::new();
    for row in db.query_all(&select).await? {
        let id: Uuid = row.try_get("", "id")?;
        let target: Uuid = row.try_get("", "target_id")?;
        let reason: String = row.try_get("", "reason")?;
        out.entry(target).or_default().push(ReportRow {
            id,
            reporter_id: row.try_get("", "reporter_id")?,
            reason: decode("reports", "reason", id, &reason)?,
            note: row.try_get("", "note")?,
            created_at: row.try_get("", "created_at")?,
        });
    }
    Ok(out)
}

/// A pending proposal withdrawn by its author needs no decision: it leaves the queue.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn leave_if_pending(db: &impl ConnectionTrait, proposal_id: Uuid) -> Result<(), DbErr> {
    proposal::Entity::update_many()
        .col_expr(proposal::Column::QueuedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(proposal::Column::Id.eq(proposal_id))
        .filter(proposal::Column::Visibility.eq(Visibility::Pending.into_str()))
        .exec(db)
        .await
        .map(|_| ())
}
