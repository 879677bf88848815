//! Evaluation and pilots: a call's criteria and evaluators, conflicts of interest, blind
//! reviews with a score per criterion, decisions kept apart until the results are published,
//! merged duplicates and their credits, and pilots (*kokeilut*) with their team, partners,
//! progress updates, lessons and followers.
//!
//! - `proposals` get the review aggregates the ranking sorts by (`review_count`,
//!   `review_score`: the weighted mean over submitted reviews, `review_spread`: the largest
//!   difference between two evaluators' scores on one criterion), kept in the transaction
//!   that submits a review, and `merged_into_id`.
//! - `calls.reviews_in_voting`: evaluators may already review while the call takes thumbs.
//! - A decision is its own row until the results are published; publishing copies every
//!   decision's stage onto its proposal in one transaction.
//! - Notifications and the audit log get their new kinds; their checks are widened.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261124_000001_create_organisations::Organisations;
use crate::m20261124_000002_create_users::Users;
use crate::m20261124_000005_create_calls::Calls;
use crate::m20261124_000006_create_proposals::Proposals;
use crate::m20261203_000001_moderation::{NewCheck, WidenedCheck, apply_checks, revert_checks};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Criteria {
    Table,
    Id,
    CallId,
    NameFi,
    NameSv,
    NameEn,
    DescriptionFi,
    DescriptionSv,
    DescriptionEn,
    Weight,
    Position,
}

#[derive(DeriveIden)]
enum CallEvaluators {
    Table,
    CallId,
    UserId,
    AssignedBy,
    AssignedAt,
}

#[derive(DeriveIden)]
enum EvaluatorConflicts {
    Table,
    ProposalId,
    UserId,
    CallId,
    Reason,
    DeclaredAt,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
    CallId,
    ProposalId,
    EvaluatorId,
    Status,
    Recommendation,
    Note,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum ReviewScores {
    Table,
    ReviewId,
    CriterionId,
    Score,
}

#[derive(DeriveIden)]
enum Decisions {
    Table,
    ProposalId,
    CallId,
    Stage,
    AnswerFi,
    AnswerSv,
    AnswerEn,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum ProposalCredits {
    Table,
    ProposalId,
    UserId,
    ViaProposalId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Pilots {
    Table,
    Id,
    CallId,
    Title,
    Goal,
    GoalHtml,
    Language,
    OwnerOrganisationId,
    ContactName,
    ContactEmail,
    StartsOn,
    EndsOn,
    Status,
    LessonsWorked,
    LessonsWorkedHtml,
    LessonsNotWorked,
    LessonsNotWorkedHtml,
    LessonsRecommendations,
    LessonsRecommendationsHtml,
    LessonsPublishedAt,
    FollowerCount,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PilotProposals {
    Table,
    PilotId,
    ProposalId,
}

#[derive(DeriveIden)]
enum PilotPartners {
    Table,
    PilotId,
    OrganisationId,
}

#[derive(DeriveIden)]
enum PilotTeam {
    Table,
    PilotId,
    UserId,
}

#[derive(DeriveIden)]
enum PilotUpdates {
    Table,
    Id,
    PilotId,
    AuthorId,
    HappenedOn,
    Title,
    Body,
    BodyHtml,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PilotFollows {
    Table,
    PilotId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Added {
    ReviewCount,
    ReviewScore,
    ReviewSpread,
    MergedIntoId,
    ReviewsInVoting,
}

/// (table, column, allowed names) of the new enum-like columns.
const NEW_CHECKS: &[NewCheck] = &[
    ("reviews", "status", &["draft", "submitted"]),
    ("reviews", "recommendation", &["shortlist", "maybe", "reject"]),
    ("decisions", "stage", &["shortlisted", "selected", "not_selected"]),
    ("pilots", "status", &["planned", "running", "evaluating", "completed", "cancelled"]),
    ("pilots", "language", &["fi", "sv", "en"]),
];

const NOTIFICATION_KINDS_BEFORE: &[&str] = &[
    "comment_on_proposal",
    "reply_to_comment",
    "content_hidden",
    "content_restored",
    "proposal_approved",
    "proposal_rejected",
    "appeal_decided",
];
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
];
const LOG_ACTIONS_BEFORE: &[&str] = &[
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
];
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
];

/// (table, column, allowed before, allowed now) of the checks this migration widens.
const WIDENED: &[WidenedCheck] = &[
    ("notifications", "kind", NOTIFICATION_KINDS_BEFORE, NOTIFICATION_KINDS_NOW),
    ("moderation_log", "action", LOG_ACTIONS_BEFORE, LOG_ACTIONS_NOW),
    (
        "moderation_log",
        "target_kind",
        &["proposal", "comment", "user"],
        &["proposal", "comment", "user", "call"],
    ),
];

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();

        // Review aggregates and the merge link on proposals (one column per statement: SQLite).
        for col in [
            integer(Added::ReviewCount).default(0).to_owned(),
            double_null(Added::ReviewScore).to_owned(),
            integer_null(Added::ReviewSpread).to_owned(),
            uuid_null(Added::MergedIntoId).to_owned(),
        ] {
            let mut col = col;
            manager
                .alter_table(Table::alter().table(Proposals::Table).add_column(&mut col).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Calls::Table)
                    .add_column(boolean(Added::ReviewsInVoting).default(false))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            r#"CREATE INDEX "idx_proposals_merged_into" ON "proposals" (merged_into_id) WHERE merged_into_id IS NOT NULL"#,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Criteria::Table)
                    .col(pk_uuid(Criteria::Id))
                    .col(uuid(Criteria::CallId))
                    .col(text(Criteria::NameFi))
                    .col(text_null(Criteria::NameSv))
                    .col(text_null(Criteria::NameEn))
                    .col(text(Criteria::DescriptionFi))
                    .col(text_null(Criteria::DescriptionSv))
                    .col(text_null(Criteria::DescriptionEn))
                    .col(double(Criteria::Weight).check(Expr::col(Criteria::Weight).gt(0)))
                    .col(integer(Criteria::Position))
                    .foreign_key(&mut fk((Criteria::Table, Criteria::CallId), (Calls::Table, Calls::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_criteria_call")
                    .table(Criteria::Table)
                    .col(Criteria::CallId)
                    .col(Criteria::Position)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CallEvaluators::Table)
                    .col(uuid(CallEvaluators::CallId))
                    .col(uuid(CallEvaluators::UserId))
                    .col(uuid_null(CallEvaluators::AssignedBy))
                    .col(timestamp_with_time_zone(CallEvaluators::AssignedAt))
                    .primary_key(Index::create().col(CallEvaluators::CallId).col(CallEvaluators::UserId))
                    .foreign_key(&mut fk(
                        (CallEvaluators::Table, CallEvaluators::CallId),
                        (Calls::Table, Calls::Id),
                    ))
                    .foreign_key(&mut fk(
                        (CallEvaluators::Table, CallEvaluators::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_call_evaluators_user")
                    .table(CallEvaluators::Table)
                    .col(CallEvaluators::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EvaluatorConflicts::Table)
                    .col(uuid(EvaluatorConflicts::ProposalId))
                    .col(uuid(EvaluatorConflicts::UserId))
                    .col(uuid(EvaluatorConflicts::CallId))
                    .col(text_null(EvaluatorConflicts::Reason))
                    .col(timestamp_with_time_zone(EvaluatorConflicts::DeclaredAt))
                    .primary_key(
                        Index::create().col(EvaluatorConflicts::ProposalId).col(EvaluatorConflicts::UserId),
                    )
                    .foreign_key(&mut fk(
                        (EvaluatorConflicts::Table, EvaluatorConflicts::ProposalId),
                        (Proposals::Table, Proposals::Id),
                    ))
                    .foreign_key(&mut fk(
                        (EvaluatorConflicts::Table, EvaluatorConflicts::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        (EvaluatorConflicts::Table, EvaluatorConflicts::CallId),
                        (Calls::Table, Calls::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_evaluator_conflicts_call_user")
                    .table(EvaluatorConflicts::Table)
                    .col(EvaluatorConflicts::CallId)
                    .col(EvaluatorConflicts::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(pk_uuid(Reviews::Id))
                    .col(uuid(Reviews::CallId))
                    .col(uuid(Reviews::ProposalId))
                    .col(uuid(Reviews::EvaluatorId))
                    .col(string_len(Reviews::Status, 10))
                    .col(string_len_null(Reviews::Recommendation, 10))
                    .col(text_null(Reviews::Note))
                    .col(timestamp_with_time_zone(Reviews::CreatedAt))
                    .col(timestamp_with_time_zone(Reviews::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Reviews::SubmittedAt))
                    .foreign_key(&mut fk((Reviews::Table, Reviews::CallId), (Calls::Table, Calls::Id)))
                    .foreign_key(&mut fk(
                        (Reviews::Table, Reviews::ProposalId),
                        (Proposals::Table, Proposals::Id),
                    ))
                    .foreign_key(&mut fk((Reviews::Table, Reviews::EvaluatorId), (Users::Table, Users::Id)))
                    .to_owned(),
            )
            .await?;
        // One review per evaluator per proposal.
        manager
            .create_index(
                Index::create()
                    .name("idx_reviews_proposal_evaluator")
                    .table(Reviews::Table)
                    .col(Reviews::ProposalId)
                    .col(Reviews::EvaluatorId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reviews_call_evaluator")
                    .table(Reviews::Table)
                    .col(Reviews::CallId)
                    .col(Reviews::EvaluatorId)
                    .col(Reviews::Status)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReviewScores::Table)
                    .col(uuid(ReviewScores::ReviewId))
                    .col(uuid(ReviewScores::CriterionId))
                    .col(integer(ReviewScores::Score).check(Expr::col(ReviewScores::Score).between(1, 5)))
                    .primary_key(Index::create().col(ReviewScores::ReviewId).col(ReviewScores::CriterionId))
                    .foreign_key(&mut fk(
                        (ReviewScores::Table, ReviewScores::ReviewId),
                        (Reviews::Table, Reviews::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ReviewScores::Table, ReviewScores::CriterionId),
                        (Criteria::Table, Criteria::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Decisions::Table)
                    .col(uuid(Decisions::ProposalId).primary_key())
                    .col(uuid(Decisions::CallId))
                    .col(string_len(Decisions::Stage, 20))
                    .col(text_null(Decisions::AnswerFi))
                    .col(text_null(Decisions::AnswerSv))
                    .col(text_null(Decisions::AnswerEn))
                    .col(uuid_null(Decisions::DecidedBy))
                    .col(timestamp_with_time_zone(Decisions::DecidedAt))
                    .foreign_key(&mut fk(
                        (Decisions::Table, Decisions::ProposalId),
                        (Proposals::Table, Proposals::Id),
                    ))
                    .foreign_key(&mut fk((Decisions::Table, Decisions::CallId), (Calls::Table, Calls::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_decisions_call")
                    .table(Decisions::Table)
                    .col(Decisions::CallId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProposalCredits::Table)
                    .col(uuid(ProposalCredits::ProposalId))
                    .col(uuid(ProposalCredits::UserId))
                    .col(uuid(ProposalCredits::ViaProposalId))
                    .col(timestamp_with_time_zone(ProposalCredits::CreatedAt))
                    .primary_key(
                        Index::create().col(ProposalCredits::ProposalId).col(ProposalCredits::UserId),
                    )
                    .foreign_key(&mut fk(
                        (ProposalCredits::Table, ProposalCredits::ProposalId),
                        (Proposals::Table, Proposals::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ProposalCredits::Table, ProposalCredits::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        (ProposalCredits::Table, ProposalCredits::ViaProposalId),
                        (Proposals::Table, Proposals::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Pilots::Table)
                    .col(pk_uuid(Pilots::Id))
                    .col(uuid_null(Pilots::CallId))
                    .col(text(Pilots::Title))
                    .col(text(Pilots::Goal))
                    .col(text(Pilots::GoalHtml))
                    .col(string_len(Pilots::Language, 2))
                    .col(uuid(Pilots::OwnerOrganisationId))
                    .col(text(Pilots::ContactName))
                    .col(text_null(Pilots::ContactEmail))
                    .col(date(Pilots::StartsOn))
                    .col(date_null(Pilots::EndsOn))
                    .col(string_len(Pilots::Status, 12))
                    .col(text_null(Pilots::LessonsWorked))
                    .col(text_null(Pilots::LessonsWorkedHtml))
                    .col(text_null(Pilots::LessonsNotWorked))
                    .col(text_null(Pilots::LessonsNotWorkedHtml))
                    .col(text_null(Pilots::LessonsRecommendations))
                    .col(text_null(Pilots::LessonsRecommendationsHtml))
                    .col(timestamp_with_time_zone_null(Pilots::LessonsPublishedAt))
                    .col(integer(Pilots::FollowerCount).default(0))
                    .col(uuid_null(Pilots::CreatedBy))
                    .col(timestamp_with_time_zone(Pilots::CreatedAt))
                    .col(timestamp_with_time_zone(Pilots::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Pilots::Table, Pilots::CallId)
                            .to(Calls::Table, Calls::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Pilots::Table, Pilots::OwnerOrganisationId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_pilots_starts", vec![Pilots::StartsOn, Pilots::Id]),
            ("idx_pilots_status", vec![Pilots::Status, Pilots::StartsOn, Pilots::Id]),
            ("idx_pilots_call", vec![Pilots::CallId, Pilots::StartsOn, Pilots::Id]),
            ("idx_pilots_owner", vec![Pilots::OwnerOrganisationId, Pilots::StartsOn, Pilots::Id]),
        ] {
            let mut index = Index::create().name(name).table(Pilots::Table).to_owned();
            for col in cols {
                index.col(col);
            }
            manager.create_index(index).await?;
        }

        for (table, pilot, other, other_table, other_id, index_name) in [
            (
                PilotProposals::Table.into_iden(),
                PilotProposals::PilotId.into_iden(),
                PilotProposals::ProposalId.into_iden(),
                Proposals::Table.into_iden(),
                Proposals::Id.into_iden(),
                "idx_pilot_proposals_proposal",
            ),
            (
                PilotPartners::Table.into_iden(),
                PilotPartners::PilotId.into_iden(),
                PilotPartners::OrganisationId.into_iden(),
                Organisations::Table.into_iden(),
                Organisations::Id.into_iden(),
                "idx_pilot_partners_organisation",
            ),
            (
                PilotTeam::Table.into_iden(),
                PilotTeam::PilotId.into_iden(),
                PilotTeam::UserId.into_iden(),
                Users::Table.into_iden(),
                Users::Id.into_iden(),
                "idx_pilot_team_user",
            ),
        ] {
            manager
                .create_table(
                    Table::create()
                        .table(table.clone())
                        .col(uuid(pilot.clone()))
                        .col(uuid(other.clone()))
                        .primary_key(Index::create().col(pilot.clone()).col(other.clone()))
                        .foreign_key(&mut fk((table.clone(), pilot), (Pilots::Table, Pilots::Id)))
                        .foreign_key(&mut fk((table.clone(), other.clone()), (other_table, other_id)))
                        .to_owned(),
                )
                .await?;
            manager.create_index(Index::create().name(index_name).table(table).col(other).to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(PilotUpdates::Table)
                    .col(pk_uuid(PilotUpdates::Id))
                    .col(uuid(PilotUpdates::PilotId))
                    .col(uuid_null(PilotUpdates::AuthorId))
                    .col(date(PilotUpdates::HappenedOn))
                    .col(text(PilotUpdates::Title))
                    .col(text(PilotUpdates::Body))
                    .col(text(PilotUpdates::BodyHtml))
                    .col(timestamp_with_time_zone(PilotUpdates::CreatedAt))
                    .col(timestamp_with_time_zone(PilotUpdates::UpdatedAt))
                    .foreign_key(&mut fk(
                        (PilotUpdates::Table, PilotUpdates::PilotId),
                        (Pilots::Table, Pilots::Id),
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PilotUpdates::Table, PilotUpdates::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pilot_updates_pilot")
                    .table(PilotUpdates::Table)
                    .col(PilotUpdates::PilotId)
                    .col(PilotUpdates::HappenedOn)
                    .col(PilotUpdates::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PilotFollows::Table)
                    .col(uuid(PilotFollows::PilotId))
                    .col(uuid(PilotFollows::UserId))
                    .col(timestamp_with_time_zone(PilotFollows::CreatedAt))
                    .primary_key(Index::create().col(PilotFollows::PilotId).col(PilotFollows::UserId))
                    .foreign_key(&mut fk(
                        (PilotFollows::Table, PilotFollows::PilotId),
                        (Pilots::Table, Pilots::Id),
                    ))
                    .foreign_key(&mut fk(
                        (PilotFollows::Table, PilotFollows::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pilot_follows_user")
                    .table(PilotFollows::Table)
                    .col(PilotFollows::UserId)
                    .to_owned(),
            )
            .await?;

        apply_checks(db, NEW_CHECKS, WIDENED).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        revert_checks(db, NEW_CHECKS, WIDENED).await?;
        for table in [
            PilotFollows::Table.into_iden(),
            PilotUpdates::Table.into_iden(),
            PilotTeam::Table.into_iden(),
            PilotPartners::Table.into_iden(),
            PilotProposals::Table.into_iden(),
            Pilots::Table.into_iden(),
            ProposalCredits::Table.into_iden(),
            Decisions::Table.into_iden(),
            ReviewScores::Table.into_iden(),
            Reviews::Table.into_iden(),
            EvaluatorConflicts::Table.into_iden(),
            CallEvaluators::Table.into_iden(),
            Criteria::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        db.execute_unprepared(r#"DROP INDEX IF EXISTS "idx_proposals_merged_into""#).await?;
        manager
            .alter_table(Table::alter().table(Calls::Table).drop_column(Added::ReviewsInVoting).to_owned())
            .await?;
        for col in [Added::ReviewCount, Added::ReviewScore, Added::ReviewSpread, Added::MergedIntoId] {
            manager.alter_table(Table::alter().table(Proposals::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
