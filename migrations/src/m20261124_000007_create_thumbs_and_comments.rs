//! Thumbs (one per user per proposal) and comments (one level of replies).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000002_create_users::Users;
use crate::m20261124_000006_create_proposals::Proposals;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Thumbs {
    Table,
    ProposalId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Comments {
    Table,
    Id,
    ProposalId,
    ParentId,
    AuthorId,
    Body,
    Language,
    Visibility,
    CreatedAt,
    EditedAt,
    DeletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Thumbs::Table)
                    .col(uuid(Thumbs::ProposalId))
                    .col(uuid(Thumbs::UserId))
                    .col(timestamp_with_time_zone(Thumbs::CreatedAt))
                    .primary_key(Index::create().col(Thumbs::ProposalId).col(Thumbs::UserId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Thumbs::Table, Thumbs::ProposalId)
                            .to(Proposals::Table, Proposals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Thumbs::Table, Thumbs::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_thumbs_user").table(Thumbs::Table).col(Thumbs::UserId).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_thumbs_created")
                    .table(Thumbs::Table)
                    .col(Thumbs::CreatedAt)
                    .col(Thumbs::ProposalId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(pk_uuid(Comments::Id))
                    .col(uuid(Comments::ProposalId))
                    .col(uuid_null(Comments::ParentId))
                    .col(uuid(Comments::AuthorId))
                    .col(text(Comments::Body))
                    .col(string_len(Comments::Language, 2))
                    .col(string_len(Comments::Visibility, 10))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .col(timestamp_with_time_zone_null(Comments::EditedAt))
                    .col(timestamp_with_time_zone_null(Comments::DeletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Comments::Table, Comments::ProposalId)
                            .to(Proposals::Table, Proposals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Comments::Table, Comments::ParentId)
                            .to(Comments::Table, Comments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Comments::Table, Comments::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_proposal")
                    .table(Comments::Table)
                    .col(Comments::ProposalId)
                    .col(Comments::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_parent")
                    .table(Comments::Table)
                    .col(Comments::ParentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Comments::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Thumbs::Table).to_owned()).await
    }
}
