//! Calls (haut) and their themes. A call's phase is derived from its window and the
//! published/results/archived instants; it is never stored.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Calls {
    Table,
    Id,
    Slug,
    TitleFi,
    TitleSv,
    TitleEn,
    DescriptionFi,
    DescriptionSv,
    DescriptionEn,
    OpensAt,
    SubmissionsCloseAt,
    VotingClosesAt,
    PublishedAt,
    ResultsPublishedAt,
    ArchivedAt,
    ModerationMode,
    ReportThreshold,
    MaxProposalsPerUser,
    MaxThumbsPerUser,
    /// The last proposal number handed out in this call.
    ProposalSeq,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Themes {
    Table,
    Id,
    CallId,
    NameFi,
    NameSv,
    NameEn,
    Position,
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
                    .table(Calls::Table)
                    .col(pk_uuid(Calls::Id))
                    .col(string_len_uniq(Calls::Slug, 80))
                    .col(text(Calls::TitleFi))
                    .col(text_null(Calls::TitleSv))
                    .col(text_null(Calls::TitleEn))
                    .col(text(Calls::DescriptionFi))
                    .col(text_null(Calls::DescriptionSv))
                    .col(text_null(Calls::DescriptionEn))
                    .col(timestamp_with_time_zone(Calls::OpensAt))
                    .col(timestamp_with_time_zone(Calls::SubmissionsCloseAt))
                    .col(timestamp_with_time_zone(Calls::VotingClosesAt))
                    .col(timestamp_with_time_zone_null(Calls::PublishedAt))
                    .col(timestamp_with_time_zone_null(Calls::ResultsPublishedAt))
                    .col(timestamp_with_time_zone_null(Calls::ArchivedAt))
                    .col(string_len(Calls::ModerationMode, 8))
                    .col(integer(Calls::ReportThreshold))
                    .col(integer_null(Calls::MaxProposalsPerUser))
                    .col(integer_null(Calls::MaxThumbsPerUser))
                    .col(integer(Calls::ProposalSeq).default(0))
                    .col(timestamp_with_time_zone(Calls::CreatedAt))
                    .col(timestamp_with_time_zone(Calls::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_calls_opens_at").table(Calls::Table).col(Calls::OpensAt).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Themes::Table)
                    .col(pk_uuid(Themes::Id))
                    .col(uuid(Themes::CallId))
                    .col(text(Themes::NameFi))
                    .col(text_null(Themes::NameSv))
                    .col(text_null(Themes::NameEn))
                    .col(integer(Themes::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Themes::Table, Themes::CallId)
                            .to(Calls::Table, Calls::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_themes_call").table(Themes::Table).col(Themes::CallId).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Themes::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Calls::Table).to_owned()).await
    }
}
