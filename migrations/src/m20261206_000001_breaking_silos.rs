//! Breaking silos: administrative branches, team proposals, cross-administrative interest,
//! follows, call news and calls hosted by organisations.
//!
//! - `organisations.parent_id`: the ministry whose administrative branch (*hallinnonala*) an
//!   agency belongs to; `NULL` for a ministry (or another top-level body). An organisation's
//!   branch is `COALESCE(parent_id, id)`.
//! - `proposals.reach`: the number of distinct branches involved in or interested in a
//!   proposal (named organisations, the author's and the accepted co-authors' organisations,
//!   the organisations of those who declared interest). Kept on the row by
//!   `siilo_store::reach::refresh` in the transaction of every change that moves it, so a
//!   list sorts and filters by it on an index.
//! - `proposal_coauthors`: invitations by email (`user_id` is bound once the address has an
//!   account) and their answers.
//! - `proposal_interests`: "we'd join this", one per user and proposal.
//! - `proposal_follows`, `call_follows`: who hears of a proposal's or a call's news.
//! - `call_news`: dated news items of a call (*Ajankohtaista*), in fi/sv/en.
//! - `call_managers`: a call manager's scope, one call or one organisation's calls.
//! - `calls.host_organisation_id`: the organisation that hosts (runs) the call.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261124_000001_create_organisations::Organisations;
use crate::m20261124_000002_create_users::Users;
use crate::m20261124_000005_create_calls::Calls;
use crate::m20261124_000006_create_proposals::Proposals;
use crate::m20261203_000001_moderation::{NewCheck, WidenedCheck, apply_checks, revert_checks};
use crate::{m20261204_000001_evaluation, m20261205_000003_organisation_log};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    ParentId,
    Reach,
    HostOrganisationId,
}

#[derive(DeriveIden)]
enum ProposalCoauthors {
    Table,
    Id,
    ProposalId,
    UserId,
    Email,
    Status,
    InvitedBy,
    CreatedAt,
    RespondedAt,
}

#[derive(DeriveIden)]
enum ProposalInterests {
    Table,
    ProposalId,
    UserId,
    OrganisationId,
    OnBehalf,
    Note,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProposalFollows {
    Table,
    ProposalId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CallFollows {
    Table,
    CallId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CallNews {
    Table,
    Id,
    CallId,
    TitleFi,
    TitleSv,
    TitleEn,
    BodyFi,
    BodySv,
    BodyEn,
    BodyHtmlFi,
    BodyHtmlSv,
    BodyHtmlEn,
    AuthorId,
    PublishedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CallManagers {
    Table,
    Id,
    UserId,
    CallId,
    OrganisationId,
    GrantedBy,
    CreatedAt,
}

const NOTIFICATION_KINDS_BEFORE: &[&str] = m20261204_000001_evaluation::NOTIFICATION_KINDS_NOW;
pub(crate) const NOTIFICATION_KINDS_NOW: &[&str] = &[
    "comment_on_proposal",
    "reply_to_comment",
    "content_hidden",
    "content_restored",
    "proposal_approved",
    "proposal_rejected",
    "appeal_decided",
    "decision_published",
    "proposal_merged",
    "pilot_created",
    "pilot_update",
    "pilot_lessons",
    "coauthor_invited",
    "coauthor_answered",
    "coauthor_removed",
    "interest_declared",
    "proposal_revised",
    "followed_comment",
    "followed_decision",
    "call_news",
];

const LOG_ACTIONS_BEFORE: &[&str] = m20261205_000003_organisation_log::LOG_ACTIONS_NOW;
pub(crate) const LOG_ACTIONS_NOW: &[&str] = &[
    "hide",
    "auto_hide",
    "restore",
    "approve",
    "reject",
    "dismiss_reports",
    "appeal_upheld",
    "appeal_overturned",
    "block",
    "unblock",
    "roles_changed",
    "account_erased",
    "merge",
    "evaluator_assigned",
    "evaluator_removed",
    "results_published",
    "organisation_changed",
    "call_created",
    "call_updated",
    "call_published",
    "call_archived",
    "themes_changed",
    "criteria_changed",
    "news_posted",
    "news_updated",
    "news_deleted",
    "call_manager_granted",
    "call_manager_revoked",
];

const NEW_CHECKS: &[NewCheck] = &[("proposal_coauthors", "status", &["invited", "accepted", "declined"])];

const WIDENED: &[WidenedCheck] = &[
    ("notifications", "kind", NOTIFICATION_KINDS_BEFORE, NOTIFICATION_KINDS_NOW),
    ("email_preferences", "kind", NOTIFICATION_KINDS_BEFORE, NOTIFICATION_KINDS_NOW),
    ("moderation_log", "action", LOG_ACTIONS_BEFORE, LOG_ACTIONS_NOW),
];

fn to_user(from: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(Users::Table, Users::Id).on_delete(on_delete).to_owned()
}

fn to_proposal(from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(Proposals::Table, Proposals::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn to_call(from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(Calls::Table, Calls::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut index = Index::create().name(name).table(table).to_owned();
    for col in cols {
        index.col(col);
    }
    index
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();

        // One column per statement: SQLite. Columns added by ALTER TABLE on SQLite cannot
        // carry a foreign key that sea-query writes, so the parent and the host are kept
        // valid by the store (an admin picks them from existing organisations) and by the
        // indexes below; a deleted organisation is refused while it has agencies.
        manager
            .alter_table(
                Table::alter().table(Organisations::Table).add_column(uuid_null(Added::ParentId)).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Proposals::Table)
                    .add_column(integer(Added::Reach).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Calls::Table)
                    .add_column(uuid_null(Added::HostOrganisationId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_organisations_parent",
                Organisations::Table,
                vec![Added::ParentId.into_iden()],
            ))
            .await?;
        // Lists sorted by reach: `(reach DESC, number)` within a call.
        manager
            .create_index(index(
                "idx_proposals_call_reach",
                Proposals::Table,
                vec![Proposals::CallId.into_iden(), Added::Reach.into_iden(), Proposals::Number.into_iden()],
            ))
            .await?;
        manager
            .create_index(index("idx_calls_host", Calls::Table, vec![Added::HostOrganisationId.into_iden()]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProposalCoauthors::Table)
                    .col(pk_uuid(ProposalCoauthors::Id))
                    .col(uuid(ProposalCoauthors::ProposalId))
                    .col(uuid_null(ProposalCoauthors::UserId))
                    .col(text(ProposalCoauthors::Email))
                    .col(string_len(ProposalCoauthors::Status, 10))
                    .col(uuid_null(ProposalCoauthors::InvitedBy))
                    .col(timestamp_with_time_zone(ProposalCoauthors::CreatedAt))
                    .col(timestamp_with_time_zone_null(ProposalCoauthors::RespondedAt))
                    .foreign_key(&mut to_proposal((ProposalCoauthors::Table, ProposalCoauthors::ProposalId)))
                    .foreign_key(&mut to_user(
                        (ProposalCoauthors::Table, ProposalCoauthors::UserId),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut to_user(
                        (ProposalCoauthors::Table, ProposalCoauthors::InvitedBy),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_proposal_coauthors_email",
                    ProposalCoauthors::Table,
                    vec![ProposalCoauthors::ProposalId.into_iden(), ProposalCoauthors::Email.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_proposal_coauthors_user",
                ProposalCoauthors::Table,
                vec![ProposalCoauthors::UserId.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_proposal_coauthors_pending_email",
                ProposalCoauthors::Table,
                vec![ProposalCoauthors::Email.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProposalInterests::Table)
                    .col(uuid(ProposalInterests::ProposalId))
                    .col(uuid(ProposalInterests::UserId))
                    .col(uuid_null(ProposalInterests::OrganisationId))
                    .col(boolean(ProposalInterests::OnBehalf).default(false))
                    .col(text_null(ProposalInterests::Note))
                    .col(timestamp_with_time_zone(ProposalInterests::CreatedAt))
                    .col(timestamp_with_time_zone(ProposalInterests::UpdatedAt))
                    .primary_key(
                        Index::create().col(ProposalInterests::ProposalId).col(ProposalInterests::UserId),
                    )
                    .foreign_key(&mut to_proposal((ProposalInterests::Table, ProposalInterests::ProposalId)))
                    .foreign_key(&mut to_user(
                        (ProposalInterests::Table, ProposalInterests::UserId),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .from(ProposalInterests::Table, ProposalInterests::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::SetNull)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_proposal_interests_user",
                ProposalInterests::Table,
                vec![ProposalInterests::UserId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProposalFollows::Table)
                    .col(uuid(ProposalFollows::ProposalId))
                    .col(uuid(ProposalFollows::UserId))
                    .col(timestamp_with_time_zone(ProposalFollows::CreatedAt))
                    .primary_key(
                        Index::create().col(ProposalFollows::ProposalId).col(ProposalFollows::UserId),
                    )
                    .foreign_key(&mut to_proposal((ProposalFollows::Table, ProposalFollows::ProposalId)))
                    .foreign_key(&mut to_user(
                        (ProposalFollows::Table, ProposalFollows::UserId),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_proposal_follows_user",
                ProposalFollows::Table,
                vec![ProposalFollows::UserId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CallFollows::Table)
                    .col(uuid(CallFollows::CallId))
                    .col(uuid(CallFollows::UserId))
                    .col(timestamp_with_time_zone(CallFollows::CreatedAt))
                    .primary_key(Index::create().col(CallFollows::CallId).col(CallFollows::UserId))
                    .foreign_key(&mut to_call((CallFollows::Table, CallFollows::CallId)))
                    .foreign_key(&mut to_user(
                        (CallFollows::Table, CallFollows::UserId),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_call_follows_user",
                CallFollows::Table,
                vec![CallFollows::UserId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CallNews::Table)
                    .col(pk_uuid(CallNews::Id))
                    .col(uuid(CallNews::CallId))
                    .col(text(CallNews::TitleFi))
                    .col(text_null(CallNews::TitleSv))
                    .col(text_null(CallNews::TitleEn))
                    .col(text(CallNews::BodyFi))
                    .col(text_null(CallNews::BodySv))
                    .col(text_null(CallNews::BodyEn))
                    .col(text(CallNews::BodyHtmlFi))
                    .col(text_null(CallNews::BodyHtmlSv))
                    .col(text_null(CallNews::BodyHtmlEn))
                    .col(uuid_null(CallNews::AuthorId))
                    .col(timestamp_with_time_zone(CallNews::PublishedAt))
                    .col(timestamp_with_time_zone(CallNews::UpdatedAt))
                    .foreign_key(&mut to_call((CallNews::Table, CallNews::CallId)))
                    .foreign_key(&mut to_user(
                        (CallNews::Table, CallNews::AuthorId),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_call_news_call",
                CallNews::Table,
                vec![
                    CallNews::CallId.into_iden(),
                    CallNews::PublishedAt.into_iden(),
                    CallNews::Id.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CallManagers::Table)
                    .col(pk_uuid(CallManagers::Id))
                    .col(uuid(CallManagers::UserId))
                    .col(uuid_null(CallManagers::CallId))
                    .col(uuid_null(CallManagers::OrganisationId))
                    .col(uuid_null(CallManagers::GrantedBy))
                    .col(timestamp_with_time_zone(CallManagers::CreatedAt))
                    // A grant is for one call or for one organisation's calls, never both.
                    .check(Expr::cust(r#"("call_id" IS NULL) <> ("organisation_id" IS NULL)"#))
                    .foreign_key(&mut to_user(
                        (CallManagers::Table, CallManagers::UserId),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut to_user(
                        (CallManagers::Table, CallManagers::GrantedBy),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut to_call((CallManagers::Table, CallManagers::CallId)))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .from(CallManagers::Table, CallManagers::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_call_managers_call",
                    CallManagers::Table,
                    vec![CallManagers::UserId.into_iden(), CallManagers::CallId.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_call_managers_organisation",
                    CallManagers::Table,
                    vec![CallManagers::UserId.into_iden(), CallManagers::OrganisationId.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        apply_checks(db, NEW_CHECKS, WIDENED).await?;

        // Every existing proposal's reach, as `siilo_store::reach::refresh` keeps it.
        db.execute_unprepared(
            r#"UPDATE "proposals" SET "reach" = (
                 SELECT COUNT(DISTINCT COALESCE(o."parent_id", o."id")) FROM "organisations" o
                 WHERE o."id" IN (
                   SELECT po."organisation_id" FROM "proposal_organisations" po
                     WHERE po."proposal_id" = "proposals"."id"
                   UNION SELECT u."organisation_id" FROM "users" u
                     WHERE u."id" = "proposals"."author_id"))"#,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        revert_checks(db, NEW_CHECKS, WIDENED).await?;
        for table in [
            CallManagers::Table.into_iden(),
            CallNews::Table.into_iden(),
            CallFollows::Table.into_iden(),
            ProposalFollows::Table.into_iden(),
            ProposalInterests::Table.into_iden(),
            ProposalCoauthors::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        for name in ["idx_calls_host", "idx_proposals_call_reach", "idx_organisations_parent"] {
            db.execute_unprepared(&format!(r#"DROP INDEX IF EXISTS "{name}""#)).await?;
        }
        for (table, col) in [
            (Calls::Table.into_iden(), Added::HostOrganisationId.into_iden()),
            (Proposals::Table.into_iden(), Added::Reach.into_iden()),
            (Organisations::Table.into_iden(), Added::ParentId.into_iden()),
        ] {
            manager.alter_table(Table::alter().table(table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
