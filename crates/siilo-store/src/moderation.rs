//! Moderators' actions on proposals and comments, and appeals against them.
//!
//! An action changes its item with one conditional `UPDATE` on the visibility the moderator
//! saw: of two moderators acting at once, the second finds nothing to change and is refused,
//! and the row lock the `UPDATE` takes keeps a concurrent report (which increments
//! `open_reports` under the same lock) from slipping between the change and the reports'
//! resolution. Thumbs and comments are never touched: hiding and restoring change the
//! item's own row only.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use siilo_domain::moderation::{AppealOutcome, ContentKind, ItemFacts, ReportReason, ReportStatus};
use siilo_domain::proposals::Visibility;
use siilo_domain::{DomainError, UserId};
use uuid::Uuid;

use crate::entities::{appeal, comment, proposal, report};
use crate::{StoreError, decode, unique_as};

/// A proposal or comment as moderation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModeratedItem {
    pub kind: ContentKind,
    pub id: Uuid,
    /// The proposal itself, or the comment's proposal.
    pub proposal_id: Uuid,
    pub call_id: Uuid,
    pub author_id: UserId,
    pub visibility: Visibility,
    pub deleted: bool,
    /// Distinct reporters whose reports are still open.
    pub open_reports: u64,
    pub category: Option<ReportReason>,
    pub note: Option<String>,
}

impl ModeratedItem {
    pub fn facts(&self) -> ItemFacts {
        ItemFacts {
            kind: self.kind,
            author_id: self.author_id,
            visibility: self.visibility,
            deleted: self.deleted,
        }
    }
}

fn category(table: &'static str, id: Uuid, c: Option<&str>) -> Result<Option<ReportReason>, DbErr> {
    c.map(|c| decode(table, "moderation_category", id, c)).transpose()
}

/// Loads a proposal or comment with its moderation state.
#[tracing::instrument(skip_all, fields(target_id = %id), err)]
pub async fn item(
    db: &impl ConnectionTrait,
    kind: ContentKind,
    id: Uuid,
) -> Result<Option<ModeratedItem>, DbErr> {
    match kind {
        ContentKind::Proposal => {
            let Some(p) = proposal::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
            Ok(Some(ModeratedItem {
                kind,
                id,
                proposal_id: p.id,
                call_id: p.call_id,
                author_id: p.author_id.into(),
                visibility: decode("proposals", "visibility", id, &p.visibility)?,
                deleted: false,
                open_reports: u64::try_from(p.open_reports).unwrap_or(0),
                category: category("proposals", id, p.moderation_category.as_deref())?,
                note: p.moderation_note,
            }))
        }
        ContentKind::Comment => {
            let Some(c) = comment::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
            let Some(call_id) = proposal::Entity::find_by_id(c.proposal_id)
                .select_only()
                .column(proposal::Column::CallId)
                .into_tuple::<Uuid>()
                .one(db)
                .await?
            else {
                return Ok(None);
            };
            Ok(Some(ModeratedItem {
                kind,
                id,
                proposal_id: c.proposal_id,
                call_id,
                author_id: c.author_id.into(),
                visibility: decode("comments", "visibility", id, &c.visibility)?,
                deleted: c.deleted_at.is_some(),
                open_reports: u64::try_from(c.open_reports).unwrap_or(0),
                category: category("comments", id, c.moderation_category.as_deref())?,
                note: c.moderation_note,
            }))
        }
    }
}

/// A change of an item's moderation state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The visibility the moderator acted on: nothing changes unless the item still has it.
    pub from: Visibility,
    pub to: Visibility,
    /// The tombstone's category and note: set while hidden or rejected, cleared otherwise.
    pub category: Option<ReportReason>,
    pub note: Option<String>,
    /// Only while it has open reports (`dismiss_reports`).
    pub needs_open_reports: bool,
    /// Only while not deleted by its author (every action but `dismiss_reports`).
    pub needs_undeleted: bool,
}

/// Applies `change` to the item if it is still in the state the moderator saw, clearing its
/// open-report count and taking it out of the queue. `false`: another act came first.
#[tracing::instrument(skip_all, fields(target_id = %id), err)]
pub async fn apply(
    db: &impl ConnectionTrait,
    kind: ContentKind,
    id: Uuid,
    change: &Change,
) -> Result<bool, DbErr> {
    let category = change.category.map(|c| c.into_str().to_owned());
    let res = match kind {
        ContentKind::Proposal => {
            let mut q = proposal::Entity::update_many()
                .col_expr(proposal::Column::Visibility, Expr::value(change.to.into_str()))
                .col_expr(proposal::Column::OpenReports, Expr::value(0))
                .col_expr(proposal::Column::QueuedAt, Expr::value(Option::<DateTime<Utc>>::None))
                .col_expr(proposal::Column::ModerationCategory, Expr::value(category))
                .col_expr(proposal::Column::ModerationNote, Expr::value(change.note.clone()))
                .filter(proposal::Column::Id.eq(id))
                .filter(proposal::Column::Visibility.eq(change.from.into_str()));
            if change.needs_open_reports {
                q = q.filter(proposal::Column::OpenReports.gt(0));
            }
            q.exec(db).await?
        }
        ContentKind::Comment => {
            let mut q = comment::Entity::update_many()
                .col_expr(comment::Column::Visibility, Expr::value(change.to.into_str()))
                .col_expr(comment::Column::OpenReports, Expr::value(0))
                .col_expr(comment::Column::QueuedAt, Expr::value(Option::<DateTime<Utc>>::None))
                .col_expr(comment::Column::ModerationCategory, Expr::value(category))
                .col_expr(comment::Column::ModerationNote, Expr::value(change.note.clone()))
                .filter(comment::Column::Id.eq(id))
                .filter(comment::Column::Visibility.eq(change.from.into_str()));
            if change.needs_open_reports {
                q = q.filter(comment::Column::OpenReports.gt(0));
            }
            if change.needs_undeleted {
                q = q.filter(comment::Column::DeletedAt.is_null());
            }
            q.exec(db).await?
        }
    };
    Ok(res.rows_affected == 1)
}

/// Sets the tombstone's category of an item already changed by [`apply`] in this
/// transaction (the category may depend on the open reports, read after the row was locked).
#[tracing::instrument(skip_all, fields(target_id = %id), err)]
pub async fn set_category(
    db: &impl ConnectionTrait,
    kind: ContentKind,
    id: Uuid,
    category: ReportReason,
) -> Result<(), DbErr> {
    let value = Expr::value(category.into_str());
    match kind {
        ContentKind::Proposal => {
            proposal::Entity::update_many()
                .col_expr(proposal::Column::ModerationCategory, value)
                .filter(proposal::Column::Id.eq(id))
                .exec(db)
                .await?
        }
        ContentKind::Comment => {
            comment::Entity::update_many()
                .col_expr(comment::Column::ModerationCategory, value)
                .filter(comment::Column::Id.eq(id))
                .exec(db)
                .await?
        }
    };
    Ok(())
}

/// The item's open reports counted by reason.
#[tracing::instrument(skip_all, fields(target_id = %target_id), err)]
pub async fn open_reason_counts(
    db: &impl ConnectionTrait,
    target_id: Uuid,
) -> Result<Vec<(ReportReason, u64)>, DbErr> {
    let rows: Vec<(String, i64)> = report::Entity::find()
        .select_only()
        .column(report::Column::Reason)
        .column_as(report::Column::Id.count(), "n")
        .filter(report::Column::TargetId.eq(target_id))
        .filter(report::Column::Status.eq(ReportStatus::Open.into_str()))
        .group_by(report::Column::Reason)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(r, n)| Ok((decode("reports", "reason", target_id, &r)?, u64::try_from(n).unwrap_or(0))))
        .collect()
}

/// Closes the item's open reports as `status`; returns how many there were.
#[tracing::instrument(skip_all, fields(target_id = %target_id), err)]
pub async fn resolve_reports(
    db: &impl ConnectionTrait,
    target_id: Uuid,
    status: ReportStatus,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    report::Entity::update_many()
        .col_expr(report::Column::Status, Expr::value(status.into_str()))
        .col_expr(report::Column::ResolvedAt, Expr::value(now))
        .filter(report::Column::TargetId.eq(target_id))
        .filter(report::Column::Status.eq(ReportStatus::Open.into_str()))
        .exec(db)
        .await
        .map(|r| r.rows_affected)
}

/// An appeal against a moderation action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealRecord {
    pub id: Uuid,
    pub action_id: Uuid,
    pub target: ContentKind,
    pub target_id: Uuid,
    pub call_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    pub appellant_id: UserId,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<UserId>,
    pub outcome: Option<AppealOutcome>,
    pub decision_reason: Option<String>,
}

fn appeal_record(a: appeal::Model) -> Result<AppealRecord, DbErr> {
    Ok(AppealRecord {
        target: decode("appeals", "target_kind", a.id, &a.target_kind)?,
        outcome: a.outcome.as_deref().map(|o| decode("appeals", "outcome", a.id, o)).transpose()?,
        id: a.id,
        action_id: a.action_id,
        target_id: a.target_id,
        call_id: a.call_id,
        proposal_id: a.proposal_id,
        appellant_id: a.appellant_id.into(),
        text: a.text,
        created_at: a.created_at,
        decided_at: a.decided_at,
        decided_by: a.decided_by.map(Into::into),
        decision_reason: a.decision_reason,
    })
}

/// A new appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAppeal {
    pub action_id: Uuid,
    pub target: ContentKind,
    pub target_id: Uuid,
    pub call_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    pub appellant_id: UserId,
    pub text: String,
}

/// Stores an appeal; a second one against the same action is `already_appealed` (the
/// unique key on `action_id`).
#[tracing::instrument(skip_all, fields(action_id = %new.action_id))]
pub async fn create_appeal(
    db: &impl ConnectionTrait,
    new: NewAppeal,
    now: DateTime<Utc>,
) -> Result<AppealRecord, StoreError> {
    let id = Uuid::now_v7();
    let model = appeal::ActiveModel {
        id: Set(id),
        action_id: Set(new.action_id),
        target_kind: Set(new.target.into_str().to_owned()),
        target_id: Set(new.target_id),
        call_id: Set(new.call_id),
        proposal_id: Set(new.proposal_id),
        appellant_id: Set(new.appellant_id.0),
        text: Set(new.text),
        created_at: Set(now),
        decided_at: Set(None),
        decided_by: Set(None),
        outcome: Set(None),
        decision_reason: Set(None),
    }
    .insert(db)
    .await
    .map_err(|e| unique_as(e, DomainError::AlreadyAppealed))?;
    Ok(appeal_record(model)?)
}

#[tracing::instrument(skip_all, fields(appeal_id = %id), err)]
pub async fn appeal(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<AppealRecord>, DbErr> {
    appeal::Entity::find_by_id(id).one(db).await?.map(appeal_record).transpose()
}

/// The appeals against these actions, by action.
#[tracing::instrument(skip_all, fields(count = action_ids.len()), err)]
pub async fn appeals_of(
    db: &impl ConnectionTrait,
    action_ids: &[Uuid],
) -> Result<HashMap<Uuid, AppealRecord>, DbErr> {
    if action_ids.is_empty() {
        return Ok(HashMap::new());
    }
    appeal::Entity::find()
        .filter(appeal::Column::ActionId.is_in(action_ids.iter().copied()))
        .order_by_asc(appeal::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| appeal_record(a).map(|r| (r.action_id, r)))
        .collect()
}

/// Records the decision of an open appeal. `false`: it was decided already (by a
/// concurrent decision), and nothing changed.
#[tracing::instrument(skip_all, fields(appeal_id = %id), err)]
pub async fn decide_appeal(
    db: &impl ConnectionTrait,
    id: Uuid,
    decider: UserId,
    outcome: AppealOutcome,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = appeal::Entity::update_many()
        .col_expr(appeal::Column::DecidedAt, Expr::value(now))
        .col_expr(appeal::Column::DecidedBy, Expr::value(decider.0))
        .col_expr(appeal::Column::Outcome, Expr::value(outcome.into_str()))
        .col_expr(appeal::Column::DecisionReason, Expr::value(reason))
        .filter(appeal::Column::Id.eq(id))
        .filter(appeal::Column::DecidedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The authors and visibilities of these comments.
#[tracing::instrument(skip_all, fields(count = ids.len()), err)]
pub async fn comment_states(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, (UserId, Visibility)>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    comment::Entity::find()
        .select_only()
        .columns([comment::Column::Id, comment::Column::AuthorId, comment::Column::Visibility])
        .filter(comment::Column::Id.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(c, a, v)| Ok((c, (a.into(), decode("comments", "visibility", c, &v)?))))
        .collect()
}
