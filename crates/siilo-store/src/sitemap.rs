//! What a search engine may list: the published calls and the proposals anyone may read in
//! them, each with when it last changed. The server applies the visibility rules again; the
//! query only keeps the rows it could never show out of the answer.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationDef,
};
use siilo_domain::proposals::{ProposalFacts, Visibility};
use uuid::Uuid;

use crate::calls::CallRecord;
use crate::decode;
use crate::entities::{call, proposal};

/// A proposal as the sitemap needs it.
#[derive(Debug, Clone)]
pub struct SitemapProposal {
    pub id: Uuid,
    pub call_id: Uuid,
    pub facts: ProposalFacts,
    pub updated_at: DateTime<Utc>,
}

/// The published calls, newest first, and up to `limit` visible proposals in them, most
/// recently changed first.
#[tracing::instrument(skip_all, err)]
pub async fn published(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<(Vec<CallRecord>, Vec<SitemapProposal>), DbErr> {
    let calls = crate::calls::list(db, false).await?;
    let in_call: RelationDef =
        proposal::Entity::belongs_to(call::Entity).from(proposal::Column::CallId).to(call::Column::Id).into();
    let rows: Vec<(Uuid, Uuid, Uuid, String, String, DateTime<Utc>)> = proposal::Entity::find()
        .select_only()
        .columns([
            proposal::Column::Id,
            proposal::Column::CallId,
            proposal::Column::AuthorId,
            proposal::Column::Stage,
            proposal::Column::Visibility,
            proposal::Column::UpdatedAt,
        ])
        .join(JoinType::InnerJoin, in_call)
        .filter(call::Column::PublishedAt.is_not_null())
        .filter(proposal::Column::Visibility.eq(Visibility::Visible.into_str()))
        .order_by_desc(proposal::Column::UpdatedAt)
        .order_by_desc(proposal::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let proposals = rows
        .into_iter()
        .map(|(id, call_id, author, stage, visibility, updated_at)| {
            Ok(SitemapProposal {
                id,
                call_id,
                facts: ProposalFacts {
                    author_id: author.into(),
                    stage: decode("proposals", "stage", id, &stage)?,
                    visibility: decode("proposals", "visibility", id, &visibility)?,
                },
                updated_at,
            })
        })
        .collect::<Result<_, DbErr>>()?;
    Ok((calls, proposals))
}
