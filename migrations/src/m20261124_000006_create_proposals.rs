//! Proposals, their involved organisations and their revisions.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000001_create_organisations::Organisations;
use crate::m20261124_000002_create_users::Users;
use crate::m20261124_000005_create_calls::{Calls, Themes};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Proposals {
    Table,
    Id,
    CallId,
    Number,
    AuthorId,
    Title,
    Summary,
    Challenge,
    Idea,
    ChallengeHtml,
    IdeaHtml,
    ThemeId,
    Language,
    Visibility,
    Stage,
    ThumbCount,
    CommentCount,
    /// Title, summary, challenge and idea folded for accent-insensitive search.
    SearchText,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProposalOrganisations {
    Table,
    ProposalId,
    OrganisationId,
}

#[derive(DeriveIden)]
enum ProposalRevisions {
    Table,
    Id,
    ProposalId,
    Revision,
    EditorId,
    Title,
    Summary,
    Challenge,
    Idea,
    ThemeId,
    OrganisationIds,
    CreatedAt,
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
                    .table(Proposals::Table)
                    .col(pk_uuid(Proposals::Id))
                    .col(uuid(Proposals::CallId))
                    .col(integer(Proposals::Number))
                    .col(uuid(Proposals::AuthorId))
                    .col(text(Proposals::Title))
                    .col(text(Proposals::Summary))
                    .col(text(Proposals::Challenge))
                    .col(text(Proposals::Idea))
                    .col(text(Proposals::ChallengeHtml))
                    .col(text(Proposals::IdeaHtml))
                    .col(uuid_null(Proposals::ThemeId))
                    .col(string_len(Proposals::Language, 2))
                    .col(string_len(Proposals::Visibility, 10))
                    .col(string_len(Proposals::Stage, 16))
                    .col(integer(Proposals::ThumbCount).default(0))
                    .col(integer(Proposals::CommentCount).default(0))
                    .col(text(Proposals::SearchText))
                    .col(timestamp_with_time_zone(Proposals::CreatedAt))
                    .col(timestamp_with_time_zone(Proposals::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Proposals::Table, Proposals::CallId)
                            .to(Calls::Table, Calls::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Proposals::Table, Proposals::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Proposals::Table, Proposals::ThemeId)
                            .to(Themes::Table, Themes::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proposals_call_number")
                    .table(Proposals::Table)
                    .col(Proposals::CallId)
                    .col(Proposals::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proposals_author")
                    .table(Proposals::Table)
                    .col(Proposals::AuthorId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProposalOrganisations::Table)
                    .col(uuid(ProposalOrganisations::ProposalId))
                    .col(uuid(ProposalOrganisations::OrganisationId))
                    .primary_key(
                        Index::create()
                            .col(ProposalOrganisations::ProposalId)
                            .col(ProposalOrganisations::OrganisationId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProposalOrganisations::Table, ProposalOrganisations::ProposalId)
                            .to(Proposals::Table, Proposals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProposalOrganisations::Table, ProposalOrganisations::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proposal_organisations_organisation")
                    .table(ProposalOrganisations::Table)
                    .col(ProposalOrganisations::OrganisationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProposalRevisions::Table)
                    .col(pk_uuid(ProposalRevisions::Id))
                    .col(uuid(ProposalRevisions::ProposalId))
                    .col(integer(ProposalRevisions::Revision))
                    .col(uuid(ProposalRevisions::EditorId))
                    .col(text(ProposalRevisions::Title))
                    .col(text(ProposalRevisions::Summary))
                    .col(text(ProposalRevisions::Challenge))
                    .col(text(ProposalRevisions::Idea))
                    .col(uuid_null(ProposalRevisions::ThemeId))
                    .col(text(ProposalRevisions::OrganisationIds))
                    .col(timestamp_with_time_zone(ProposalRevisions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProposalRevisions::Table, ProposalRevisions::ProposalId)
                            .to(Proposals::Table, Proposals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proposal_revisions_proposal")
                    .table(ProposalRevisions::Table)
                    .col(ProposalRevisions::ProposalId)
                    .col(ProposalRevisions::Revision)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ProposalRevisions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ProposalOrganisations::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Proposals::Table).to_owned()).await
    }
}
