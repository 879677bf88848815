//! Comments on proposals, one level of replies deep, with the proposal's `comment_count`
//! kept in the same transaction as the write: it counts the comments that are not deleted.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use siilo_domain::UserId;
use siilo_domain::accounts::Language;
use siilo_domain::comments::CommentFacts;
use siilo_domain::moderation::ReportReason;
use siilo_domain::proposals::Visibility;
use uuid::Uuid;

use crate::decode;
use crate::entities::{comment, proposal, user};

/// A comment with its author's name. A deleted comment keeps its row (and author) so that
/// its replies still hang somewhere; the server shows it as a tombstone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRecord {
    pub id: Uuid,
    pub proposal_id: Uuid,
    /// The top comment of the thread, for a reply.
    pub parent_id: Option<Uuid>,
    pub author_id: UserId,
    pub author_name: String,
    /// The author's account was erased: the name is empty, clients say "deleted user".
    pub author_erased: bool,
    pub body: String,
    pub language: Language,
    pub visibility: Visibility,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// The tombstone's category and public note, set while hidden.
    pub moderation_category: Option<ReportReason>,
    pub moderation_note: Option<String>,
}

impl CommentRecord {
    pub fn facts(&self) -> CommentFacts {
        CommentFacts { author_id: self.author_id, deleted: self.deleted_at.is_some() }
    }
}

pub struct NewComment<'a> {
    pub proposal_id: Uuid,
    /// Already resolved to the thread's top comment.
    pub parent_id: Option<Uuid>,
    pub author_id: UserId,
    pub body: &'a str,
    pub language: Language,
}

/// A page of a proposal's top-level comments with all their replies.
#[derive(Debug, Clone, Default)]
pub struct ThreadPage {
    /// Oldest first; at most the limit asked for.
    pub top: Vec<CommentRecord>,
    /// Replies to the comments of `top`, oldest first.
    pub replies: Vec<CommentRecord>,
    /// Top-level comments of the proposal in all, deleted ones (tombstones) included.
    pub total: u64,
}

async fn records(db: &impl ConnectionTrait, rows: Vec<comment::Model>) -> Result<Vec<CommentRecord>, DbErr> {
    let mut author_ids: Vec<Uuid> = rows.iter().map(|c| c.author_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let names: HashMap<Uuid, (String, bool)> = if author_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .select_only()
            .columns([user::Column::Id, user::Column::DisplayName, user::Column::ErasedAt])
            .filter(user::Column::Id.is_in(author_ids))
            .into_tuple::<(Uuid, String, Option<DateTime<Utc>>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, name, erased_at)| (id, (name, erased_at.is_some())))
            .collect()
    };
    rows.into_iter()
        .map(|c| {
            Ok(CommentRecord {
                language: decode("comments", "language", c.id, &c.language)?,
                visibility: decode("comments", "visibility", c.id, &c.visibility)?,
                id: c.id,
                proposal_id: c.proposal_id,
                parent_id: c.parent_id,
                author_id: c.author_id.into(),
                author_name: names.get(&c.author_id).map(|(n, _)| n.clone()).unwrap_or_default(),
                author_erased: names.get(&c.author_id).is_some_and(|(_, erased)| *erased),
                body: c.body,
                created_at: c.created_at,
                edited_at: c.edited_at,
                deleted_at: c.deleted_at,
                moderation_category: c
                    .moderation_category
                    .as_deref()
                    .map(|m| decode("comments", "moderation_category", c.id, m))
                    .transpose()?,
                moderation_note: c.moderation_note,
            })
        })
        .collect()
}

#[tracing::instrument(skip_all, fields(comment_id = %id), err)]
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<CommentRecord>, DbErr> {
    let Some(row) = comment::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    Ok(records(db, vec![row]).await?.into_iter().next())
}

/// Stores a comment and counts it on its proposal. Returns its id.
#[tracing::instrument(skip_all, fields(proposal_id = %new.proposal_id, user_id = %new.author_id), err)]
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewComment<'_>,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    comment::ActiveModel {
        id: Set(id),
        proposal_id: Set(new.proposal_id),
        parent_id: Set(new.parent_id),
        author_id: Set(new.author_id.0),
        body: Set(new.body.to_owned()),
        language: Set(new.language.into_str().to_owned()),
        visibility: Set(Visibility::Visible.into_str().to_owned()),
        created_at: Set(now),
        edited_at: Set(None),
        deleted_at: Set(None),
        open_reports: Set(0),
        queued_at: Set(None),
        moderation_category: Set(None),
        moderation_note: Set(None),
    }
    .insert(db)
    .await?;
    bump(db, new.proposal_id, 1).await?;
    Ok(id)
}

/// Replaces a comment's text and marks it edited.
#[tracing::instrument(skip_all, fields(comment_id = %id), err)]
pub async fn update_body(
    db: &impl ConnectionTrait,
    id: Uuid,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    comment::ActiveModel {
        id: Set(id),
        body: Set(body.to_owned()),
        edited_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Marks a comment deleted and uncounts it; `false` when it was deleted already (or is not
/// there), in which case nothing changes.
#[tracing::instrument(skip_all, fields(comment_id = %id), err)]
pub async fn soft_delete(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let Some(row) = comment::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
    let res = comment::Entity::update_many()
        .col_expr(comment::Column::DeletedAt, Expr::value(now))
        .filter(comment::Column::Id.eq(id))
        .filter(comment::Column::DeletedAt.is_null())
        .exec(db)
        .await?;
    let deleted = res.rows_affected > 0;
    if deleted {
        bump(db, row.proposal_id, -1).await?;
    }
    Ok(deleted)
}

async fn bump(db: &impl ConnectionTrait, proposal_id: Uuid, by: i32) -> Result<(), DbErr> {
    proposal::Entity::update_many()
        .col_expr(proposal::Column::CommentCount, Expr::col(proposal::Column::CommentCount).add(by))
        .filter(proposal::Column::Id.eq(proposal_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Up to `limit` top-level comments of the proposal after the comment `after`, oldest first
/// (by `created_at`, the id breaking ties, so that a page boundary never skips or repeats a
/// comment), with every reply to them in the same order.
#[tracing::instrument(skip_all, fields(proposal_id = %proposal_id), err)]
pub async fn threads(
    db: &impl ConnectionTrait,
    proposal_id: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<ThreadPage, DbErr> {
    let top_level = || {
        comment::Entity::find()
            .filter(comment::Column::ProposalId.eq(proposal_id))
            .filter(comment::Column::ParentId.is_null())
    };
    let total = top_level().count(db).await?;
    let mut query = top_level();
    if let Some(after) = after {
        let at = comment::Entity::find_by_id(after).one(db).await?.map(|c| c.created_at);
        query = query.filter(match at {
            Some(at) => Condition::any().add(comment::Column::CreatedAt.gt(at)).add(
                Condition::all().add(comment::Column::CreatedAt.eq(at)).add(comment::Column::Id.gt(after)),
            ),
            // A cursor naming no comment of ours: ids are time-ordered, the best guess left.
            None => Condition::all().add(comment::Column::Id.gt(after)),
        });
    }
    let top = query
        .order_by_asc(comment::Column::CreatedAt)
        .order_by_asc(comment::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let top_ids: Vec<Uuid> = top.iter().map(|c| c.id).collect();
    let replies = if top_ids.is_empty() {
        Vec::new()
    } else {
        comment::Entity::find()
            .filter(comment::Column::ParentId.is_in(top_ids))
            .order_by_asc(comment::Column::CreatedAt)
            .order_by_asc(comment::Column::Id)
            .all(db)
            .await?
    };
    let top_len = top.len();
    let mut all = records(db, top.into_iter().chain(replies).collect()).await?;
    let replies = all.split_off(top_len.min(all.len()));
    Ok(ThreadPage { top: all, replies, total })
}
