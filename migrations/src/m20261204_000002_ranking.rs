//! The ranking's orders: `(call_id, review_score DESC, number)` and
//! `(call_id, review_spread DESC, number)`, so that a ranking page by score or spread is a
//! range scan stopped by its `LIMIT`, like the proposal lists' orders.

use sea_orm_migration::prelude::*;

use crate::m20261124_000006_create_proposals::Proposals;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    ReviewScore,
    ReviewSpread,
}

const INDEXES: [(&str, Added); 2] = [
    ("idx_proposals_call_review_score", Added::ReviewScore),
    ("idx_proposals_call_review_spread", Added::ReviewSpread),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, key) in INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Proposals::Table)
                        .col(Proposals::CallId)
                        .col((key, IndexOrder::Desc))
                        .col(Proposals::Number)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager.drop_index(Index::drop().name(name).table(Proposals::Table).to_owned()).await?;
        }
        Ok(())
    }
}
