//! Moderation and personal data: reports, the audit log (append-only, enforced by the
//! database on both engines), appeals, the moderation state kept on proposals and comments,
//! and erased accounts.
//!
//! - `proposals` and `comments` get `open_reports` (distinct reporters whose reports are still
//!   open: the counter the threshold is checked against, incremented under the row's lock),
//!   `queued_at` (when the item entered the moderation queue; `NULL` once a moderator
//!   decided), and the tombstone's `moderation_category` and `moderation_note`.
//! - A proposal can be `rejected` (kept from a pre-moderated call); notifications get the
//!   moderation kinds. Their checks are widened.
//! - `users.erased_at`: an account whose personal data was erased.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::m20261124_000002_create_users::Users;
use crate::m20261124_000005_create_calls::Calls;
use crate::m20261124_000006_create_proposals::Proposals;
use crate::m20261124_000007_create_thumbs_and_comments::Comments;
use crate::m20261201_000001_check_enum_columns::{check_existing_rows, constraint, in_list};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    TargetKind,
    TargetId,
    CallId,
    ProposalId,
    CommentId,
    ReporterId,
    Reason,
    Note,
    Status,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum ModerationLog {
    Table,
    Id,
    Action,
    ActorId,
    TargetKind,
    TargetId,
    CallId,
    ProposalId,
    Category,
    Reason,
    PublicNote,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Appeals {
    Table,
    Id,
    ActionId,
    TargetKind,
    TargetId,
    CallId,
    ProposalId,
    AppellantId,
    Text,
    CreatedAt,
    DecidedAt,
    DecidedBy,
    Outcome,
    DecisionReason,
}

#[derive(DeriveIden)]
enum Moderated {
    OpenReports,
    QueuedAt,
    ModerationCategory,
    ModerationNote,
    ErasedAt,
}

const REASONS: &[&str] = &["spam", "offensive", "personal_data", "off_topic", "other"];
const CONTENT: &[&str] = &["proposal", "comment"];
const LOG_ACTIONS: &[&str] = &[
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

/// (table, column, allowed names) of the new enum-like columns.
const NEW_CHECKS: &[NewCheck] = &[
    ("reports", "target_kind", CONTENT),
    ("reports", "reason", REASONS),
    ("reports", "status", &["open", "upheld", "dismissed"]),
    ("moderation_log", "action", LOG_ACTIONS),
    ("moderation_log", "target_kind", &["proposal", "comment", "user"]),
    ("moderation_log", "category", REASONS),
    ("appeals", "target_kind", CONTENT),
    ("appeals", "outcome", &["upheld", "overturned"]),
    ("proposals", "moderation_category", REASONS),
    ("comments", "moderation_category", REASONS),
];

/// (table, column, allowed before, allowed now) of the checks this migration widens.
const WIDENED: &[WidenedCheck] = &[
    (
        "proposals",
        "visibility",
        &["pending", "visible", "hidden"],
        &["pending", "visible", "hidden", "rejected"],
    ),
    // Comments share the domain's `Visibility`, though only `visible` and `hidden` apply to them.
    (
        "comments",
        "visibility",
        &["pending", "visible", "hidden"],
        &["pending", "visible", "hidden", "rejected"],
    ),
    (
        "notifications",
        "kind",
        &["comment_on_proposal", "reply_to_comment"],
        &[
            "comment_on_proposal",
            "reply_to_comment",
            "content_hidden",
            "content_restored",
            "proposal_approved",
            "proposal_rejected",
            "appeal_decided",
        ],
    ),
];

pub(crate) async fn add_check(
    db: &SchemaManagerConnection<'_>,
    table: &str,
    column: &str,
    allowed: &[&str],
) -> Result<(), DbErr> {
    check_existing_rows(db, table, column, allowed).await?;
    let name = constraint(table, column);
    let list = in_list(allowed);
    if db.get_database_backend() == DbBackend::Sqlite {
        let refuse = format!("SELECT RAISE(ABORT, 'CHECK constraint failed: {name}')");
        db.execute_unprepared(&format!(
            r#"CREATE TRIGGER "{name}_insert" BEFORE INSERT ON "{table}" FOR EACH ROW
               WHEN NEW."{column}" NOT IN ({list}) BEGIN {refuse}; END"#
        ))
        .await?;
        db.execute_unprepared(&format!(
            r#"CREATE TRIGGER "{name}_update" BEFORE UPDATE OF "{column}" ON "{table}" FOR EACH ROW
               WHEN NEW."{column}" NOT IN ({list}) BEGIN {refuse}; END"#
        ))
        .await?;
    } else {
        db.execute_unprepared(&format!(
            r#"ALTER TABLE "{table}" ADD CONSTRAINT "{name}" CHECK ("{column}" IN ({list}))"#
        ))
        .await?;
    }
    Ok(())
}

pub(crate) async fn drop_check(
    db: &SchemaManagerConnection<'_>,
    table: &str,
    column: &str,
) -> Result<(), DbErr> {
    let name = constraint(table, column);
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared(&format!(r#"DROP TRIGGER IF EXISTS "{name}_update""#)).await?;
        db.execute_unprepared(&format!(r#"DROP TRIGGER IF EXISTS "{name}_insert""#)).await?;
    } else {
        db.execute_unprepared(&format!(r#"ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{name}""#))
            .await?;
    }
    Ok(())
}

/// The table that refuses every change but an insert (see `APPEND_ONLY_POSTGRES`).
const APPEND_ONLY_TABLE: &str = "moderation_log";

/// (table, column, allowed names) of a new check.
pub(crate) type NewCheck = (&'static str, &'static str, &'static [&'static str]);
/// (table, column, allowed before, allowed now) of a widened check.
pub(crate) type WidenedCheck = (&'static str, &'static str, &'static [&'static str], &'static [&'static str]);

/// Adds the new checks and widens the others: a migration's `up`.
pub(crate) async fn apply_checks(
    db: &SchemaManagerConnection<'_>,
    new: &[NewCheck],
    widened: &[WidenedCheck],
) -> Result<(), DbErr> {
    for &(table, column, allowed) in new {
        add_check(db, table, column, allowed).await?;
    }
    for &(table, column, _, now) in widened {
        drop_check(db, table, column).await?;
        add_check(db, table, column, now).await?;
    }
    Ok(())
}

/// Narrows the widened checks back and drops the new ones: a migration's `down`.
pub(crate) async fn revert_checks(
    db: &SchemaManagerConnection<'_>,
    new: &[NewCheck],
    widened: &[WidenedCheck],
) -> Result<(), DbErr> {
    for &(table, column, before, _) in widened {
        // The audit log is append-only: rows written with a newer action can be neither
        // repaired nor deleted, so undoing a migration leaves its check as wide as it was.
        if table == APPEND_ONLY_TABLE {
            continue;
        }
        drop_check(db, table, column).await?;
        add_check(db, table, column, before).await?;
    }
    for &(table, column, _) in new.iter().rev() {
        drop_check(db, table, column).await?;
    }
    Ok(())
}

/// The audit log refuses every change but an insert: on PostgreSQL a trigger on `UPDATE`,
/// `DELETE` and `TRUNCATE`; on SQLite triggers on `UPDATE` and `DELETE` (it has no
/// `TRUNCATE`). Not even a hand-written statement alters it.
const APPEND_ONLY_POSTGRES: &[&str] = &[
    r#"CREATE FUNCTION siilo_moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'moderation_log is append-only: % refused', TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END $$"#,
    r#"CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON moderation_log
       FOR EACH ROW EXECUTE FUNCTION siilo_moderation_log_append_only()"#,
    r#"CREATE TRIGGER moderation_log_no_truncate BEFORE TRUNCATE ON moderation_log
       FOR EACH STATEMENT EXECUTE FUNCTION siilo_moderation_log_append_only()"#,
];
const APPEND_ONLY_SQLITE: &[&str] = &[
    r#"CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log
       BEGIN SELECT RAISE(ABORT, 'moderation_log is append-only: UPDATE refused'); END"#,
    r#"CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log
       BEGIN SELECT RAISE(ABORT, 'moderation_log is append-only: DELETE refused'); END"#,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let sqlite = manager.get_database_backend() == DbBackend::Sqlite;

        // The moderation state on the content itself (one column per statement: SQLite).
        for table in [Proposals::Table.into_iden(), Comments::Table.into_iden()] {
            for col in [
                integer(Moderated::OpenReports).default(0).to_owned(),
                timestamp_with_time_zone_null(Moderated::QueuedAt).to_owned(),
                string_len_null(Moderated::ModerationCategory, 20).to_owned(),
                text_null(Moderated::ModerationNote).to_owned(),
            ] {
                let mut col = col;
                manager
                    .alter_table(Table::alter().table(table.clone()).add_column(&mut col).to_owned())
                    .await?;
            }
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(timestamp_with_time_zone_null(Moderated::ErasedAt))
                    .to_owned(),
            )
            .await?;
        // Pending proposals already wait in the queue.
        db.execute_unprepared(
            "UPDATE proposals SET queued_at = created_at WHERE visibility = 'pending' AND stage <> 'withdrawn'",
        )
        .await?;
        // The queue reads items by when they entered it.
        for table in ["proposals", "comments"] {
            db.execute_unprepared(&format!(
                r#"CREATE INDEX "idx_{table}_queued" ON "{table}" (queued_at, id) WHERE queued_at IS NOT NULL"#
            ))
            .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(pk_uuid(Reports::Id))
                    .col(string_len(Reports::TargetKind, 10))
                    .col(uuid(Reports::TargetId))
                    .col(uuid(Reports::CallId))
                    .col(uuid(Reports::ProposalId))
                    .col(uuid_null(Reports::CommentId))
                    .col(uuid(Reports::ReporterId))
                    .col(string_len(Reports::Reason, 20))
                    .col(text_null(Reports::Note))
                    .col(string_len(Reports::Status, 10))
                    .col(timestamp_with_time_zone(Reports::CreatedAt))
                    .col(timestamp_with_time_zone_null(Reports::ResolvedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Reports::Table, Reports::CallId)
                            .to(Calls::Table, Calls::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Reports::Table, Reports::ProposalId)
                            .to(Proposals::Table, Proposals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Reports::Table, Reports::CommentId)
                            .to(Comments::Table, Comments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Reports::Table, Reports::ReporterId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Once per user per item.
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_target_reporter")
                    .table(Reports::Table)
                    .col(Reports::TargetId)
                    .col(Reports::ReporterId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_target_status")
                    .table(Reports::Table)
                    .col(Reports::TargetId)
                    .col(Reports::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_reporter")
                    .table(Reports::Table)
                    .col(Reports::ReporterId)
                    .col(Reports::CreatedAt)
                    .to_owned(),
            )
            .await?;

        // The audit log. No foreign keys: an entry outlives whatever it is about.
        manager
            .create_table(
                Table::create()
                    .table(ModerationLog::Table)
                    .col(pk_uuid(ModerationLog::Id))
                    .col(string_len(ModerationLog::Action, 24))
                    .col(uuid_null(ModerationLog::ActorId))
                    .col(string_len(ModerationLog::TargetKind, 10))
                    .col(uuid(ModerationLog::TargetId))
                    .col(uuid_null(ModerationLog::CallId))
                    .col(uuid_null(ModerationLog::ProposalId))
                    .col(string_len_null(ModerationLog::Category, 20))
                    .col(text_null(ModerationLog::Reason))
                    .col(text_null(ModerationLog::PublicNote))
                    .col(text(ModerationLog::Data))
                    .col(timestamp_with_time_zone(ModerationLog::CreatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_moderation_log_time", None),
            ("idx_moderation_log_target", Some(ModerationLog::TargetId)),
            ("idx_moderation_log_actor", Some(ModerationLog::ActorId)),
            ("idx_moderation_log_call", Some(ModerationLog::CallId)),
            ("idx_moderation_log_proposal", Some(ModerationLog::ProposalId)),
        ] {
            let mut index = Index::create().name(name).table(ModerationLog::Table).to_owned();
            if let Some(col) = col {
                index.col(col);
            }
            index.col(ModerationLog::CreatedAt).col(ModerationLog::Id);
            manager.create_index(index).await?;
        }
        let append_only = if sqlite { APPEND_ONLY_SQLITE } else { APPEND_ONLY_POSTGRES };
        for sql in append_only {
            db.execute_unprepared(sql).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Appeals::Table)
                    .col(pk_uuid(Appeals::Id))
                    .col(uuid_uniq(Appeals::ActionId))
                    .col(string_len(Appeals::TargetKind, 10))
                    .col(uuid(Appeals::TargetId))
                    .col(uuid_null(Appeals::CallId))
                    .col(uuid_null(Appeals::ProposalId))
                    .col(uuid(Appeals::AppellantId))
                    .col(text(Appeals::Text))
                    .col(timestamp_with_time_zone(Appeals::CreatedAt))
                    .col(timestamp_with_time_zone_null(Appeals::DecidedAt))
                    .col(uuid_null(Appeals::DecidedBy))
                    .col(string_len_null(Appeals::Outcome, 12))
                    .col(text_null(Appeals::DecisionReason))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Appeals::Table, Appeals::ActionId)
                            .to(ModerationLog::Table, ModerationLog::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Appeals::Table, Appeals::AppellantId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            r#"CREATE INDEX "idx_appeals_open" ON "appeals" (created_at, id) WHERE decided_at IS NULL"#,
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_appeals_appellant")
                    .table(Appeals::Table)
                    .col(Appeals::AppellantId)
                    .to_owned(),
            )
            .await?;

        apply_checks(db, NEW_CHECKS, WIDENED).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let sqlite = manager.get_database_backend() == DbBackend::Sqlite;
        revert_checks(db, NEW_CHECKS, WIDENED).await?;
        manager.drop_table(Table::drop().table(Appeals::Table).to_owned()).await?;
        if sqlite {
            db.execute_unprepared("DROP TRIGGER IF EXISTS moderation_log_no_update").await?;
            db.execute_unprepared("DROP TRIGGER IF EXISTS moderation_log_no_delete").await?;
        }
        manager.drop_table(Table::drop().table(ModerationLog::Table).to_owned()).await?;
        if !sqlite {
            db.execute_unprepared("DROP FUNCTION IF EXISTS siilo_moderation_log_append_only()").await?;
        }
        manager.drop_table(Table::drop().table(Reports::Table).to_owned()).await?;
        for table in ["proposals", "comments"] {
            db.execute_unprepared(&format!(r#"DROP INDEX IF EXISTS "idx_{table}_queued""#)).await?;
        }
        manager
            .alter_table(Table::alter().table(Users::Table).drop_column(Moderated::ErasedAt).to_owned())
            .await?;
        for table in [Proposals::Table.into_iden(), Comments::Table.into_iden()] {
            for col in [
                Moderated::OpenReports,
                Moderated::QueuedAt,
                Moderated::ModerationCategory,
                Moderated::ModerationNote,
            ] {
                manager.alter_table(Table::alter().table(table.clone()).drop_column(col).to_owned()).await?;
            }
        }
        Ok(())
    }
}
