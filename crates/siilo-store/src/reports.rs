//! Reports of proposals and comments: once per user per item (the unique key
//! `(target_id, reporter_id)`), counted on the item's `open_reports` under its row lock, so
//! that the threshold is reached, and the item hidden, exactly once under any concurrency.
//!
//! A report's write is: [`lock_and_count`] (one `UPDATE … RETURNING` that takes the row
//! lock, counts the report and puts the item in the queue), the rules on what it returned,
//! [`insert`], and when the threshold is reached [`hide`] (conditional on the item being
//! visible still). All in one transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, Set,
};
use siilo_domain::moderation::{ContentKind, ItemFacts, ReportReason, ReportStatus};
use siilo_domain::proposals::Visibility;
use siilo_domain::{DomainError, UserId};
use uuid::Uuid;

use crate::entities::report;
use crate::{StoreError, decode, unique_as};

/// A report as its reporter sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRecord {
    pub id: Uuid,
    pub target: ContentKind,
    pub target_id: Uuid,
    pub reason: ReportReason,
    pub note: Option<String>,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
}

/// A report to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub target: ContentKind,
    pub target_id: Uuid,
    pub call_id: Uuid,
    /// The proposal reported, or the comment's proposal.
    pub proposal_id: Uuid,
    pub reporter_id: UserId,
    pub reason: ReportReason,
    /// Trimmed, `None` when blank.
    pub note: Option<String>,
}

/// The item as it stands under its row lock, with the report just counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub facts: ItemFacts,
    /// Distinct users whose reports on it are open, the new one included.
    pub open_reports: u64,
}

fn table(kind: ContentKind) -> Alias {
    Alias::new(match kind {
        ContentKind::Proposal => "proposals",
        ContentKind::Comment => "comments",
    })
}

fn col(name: &'static str) -> Alias {
    Alias::new(name)
}

/// Counts one more open report on the item and puts it in the moderation queue (keeping the
/// time it first entered): `UPDATE … SET open_reports = open_reports + 1 … RETURNING`, which
/// holds the item's row until the transaction ends, so parallel reports of one item are
/// counted one after the other. `None` when there is no such item.
#[tracing::instrument(skip_all, fields(target_id = %id), err)]
pub async fn lock_and_count(
    db: &impl ConnectionTrait,
    kind: ContentKind,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Counted>, DbErr> {
    let mut update = Query::update();
    update
        .table(table(kind))
        .value(col("open_reports"), Expr::col(col("open_reports")).add(1))
        .value(col("queued_at"), Func::coalesce([Expr::col(col("queued_at")), Expr::value(now)]))
        .and_where(Expr::col(col("id")).eq(id))
        .returning(Query::returning().columns(match kind {
            ContentKind::Proposal => vec![col("open_reports"), col("visibility"), col("author_id")],
            ContentKind::Comment => {
                vec![col("open_reports"), col("visibility"), col("author_id"), col("deleted_at")]
            }
        }));
    let Some(row) = db.query_one(&update).await? else { return Ok(None) };
    let open: i32 = row.try_get("", "open_reports")?;
    let visibility: String = row.try_get("", "visibility")?;
    let author: Uuid = row.try_get("", "author_id")?;
    let deleted = match kind {
        ContentKind::Proposal => false,
        ContentKind::Comment => row.try_get::<Option<DateTime<Utc>>>("", "deleted_at")?.is_some(),
    };
    let table_name = match kind {
        ContentKind::Proposal => "proposals",
        ContentKind::Comment => "comments",
    };
    Ok(Some(Counted {
        facts: ItemFacts {
            kind,
            author_id: author.into(),
            visibility: decode(table_name, "visibility", id, &visibility)?,
            deleted,
        },
        open_reports: u64::try_from(open).unwrap_or(0),
    }))
}

/// Stores an open report; `already_reported` when this user has reported the item before.
#[tracing::instrument(skip_all, fields(target_id = %new.target_id, user_id = %new.reporter_id))]
pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewReport,
    now: DateTime<Utc>,
) -> Result<ReportRecord, StoreError> {
    let id = Uuid::now_v7();
    report::ActiveModel {
        id: Set(id),
        target_kind: Set(new.target.into_str().to_owned()),
        target_id: Set(new.target_id),
        call_id: Set(new.call_id),
        proposal_id: Set(new.proposal_id),
        comment_id: Set((new.target == ContentKind::Comment).then_some(new.target_id)),
        reporter_id: Set(new.reporter_id.0),
        reason: Set(new.reason.into_str().to_owned()),
        note: Set(new.note.clone()),
        status: Set(ReportStatus::Open.into_str().to_owned()),
        created_at: Set(now),
        resolved_at: Set(None),
    }
    .insert(db)
    .await
    .map_err(|e| unique_as(e, DomainError::AlreadyReported))?;
    Ok(ReportRecord {
        id,
        target: new.target,
        target_id: new.target_id,
        reason: new.reason,
        note: new.note,
        status: ReportStatus::Open,
        created_at: now,
    })
}

/// The item's open reports counted by reason, for the category of a hide.
#[tracing::instrument(skip_all, fields(target_id = %target_id), err)]
pub async fn open_reason_counts(
    db: &impl ConnectionTrait,
    target_id: Uuid,
) -> Result<Vec<(ReportReason, u64)>, DbErr> {
    let rows: Vec<(String, i64)> = report::Entity::find()
        .select_only()
        .column(report::Column::Reason)
        .column_as(Expr::col(report::Column::Id).count(), "n")
        .filter(report::Column::TargetId.eq(target_id))
        .filter(report::Column::Status.eq(ReportStatus::Open.into_str()))
        .group_by(report::Column::Reason)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(reason, n)| {
            Ok((decode("reports", "reason", target_id, &reason)?, u64::try_from(n).unwrap_or(0)))
        })
        .collect()
}

/// Hides the item with the tombstone's category, if it is visible still; `true` when this
/// call hid it (and so the hide is to be logged and told, once).
#[tracing::instrument(skip_all, fields(target_id = %id), err)]
pub async fn hide(
    db: &impl ConnectionTrait,
    kind: ContentKind,
    id: Uuid,
    category: ReportReason,
) -> Result<bool, DbErr> {
    let mut update = Query::update();
    update
        .table(table(kind))
        .value(col("visibility"), Visibility::Hidden.into_str())
        .value(col("moderation_category"), category.into_str())
        .value(col("moderation_note"), Expr::value(Option::<String>::None))
        .and_where(Expr::col(col("id")).eq(id))
        .and_where(Expr::col(col("visibility")).eq(Visibility::Visible.into_str()));
    Ok(db.execute(&update).await?.rows_affected() == 1)
}
