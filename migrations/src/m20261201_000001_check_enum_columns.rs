//! Every enum-like column takes only the names its domain enum knows, so that a stray write
//! (a hand-made fix, another tool) cannot store a state that the server would have to guess
//! at; the server also refuses to read one (it answers 500, never a permissive default).
//!
//! PostgreSQL gets a named `CHECK` constraint per column. SQLite cannot add a constraint to an
//! existing table: the alternative to triggers is the twelve-step rebuild (create, copy, drop,
//! rename, recreate indexes) of six tables that others reference, which needs
//! `PRAGMA foreign_keys = OFF`, a pragma SQLite ignores inside the migration's transaction,
//! so dropping `proposals` would cascade to its thumbs and comments. `BEFORE INSERT` and
//! `BEFORE UPDATE OF` triggers that `RAISE(ABORT)` refuse the same writes without touching
//! the data. On both engines the rows already stored are checked first, with a message that
//! says what to repair.
//!
//! The names are written out here rather than taken from `siilo-domain`: migrations stand
//! alone (DESIGN.md) and a landed migration never changes, while the domain's enums grow. A
//! new variant comes with a new migration that widens its constraint; the black-box tests
//! (`tests/api/stored_states.rs`) write every domain variant and fail when one is refused.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) const LANGUAGES: &[&str] = &["fi", "sv", "en"];
const VISIBILITIES: &[&str] = &["pending", "visible", "hidden"];

/// (table, column, allowed names)
const COLUMNS: &[(&str, &str, &[&str])] = &[
    ("users", "language", LANGUAGES),
    ("user_roles", "role", &["participant", "moderator", "evaluator", "admin"]),
    ("calls", "moderation_mode", &["post", "pre"]),
    ("proposals", "language", LANGUAGES),
    ("proposals", "visibility", VISIBILITIES),
    ("proposals", "stage", &["submitted", "shortlisted", "selected", "not_selected", "withdrawn", "merged"]),
    ("comments", "language", LANGUAGES),
    ("comments", "visibility", VISIBILITIES),
    ("notifications", "kind", &["comment_on_proposal", "reply_to_comment"]),
];

pub(crate) fn constraint(table: &str, column: &str) -> String {
    format!("ck_{table}_{column}")
}

/// `'a', 'b'`: the names are constants of this file, never input.
pub(crate) fn in_list(allowed: &[&str]) -> String {
    allowed.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")
}

pub(crate) async fn check_existing_rows(
    db: &impl ConnectionTrait,
    table: &str,
    column: &str,
    allowed: &[&str],
) -> Result<(), DbErr> {
    let sql =
        format!(r#"SELECT COUNT(*) AS n FROM "{table}" WHERE "{column}" NOT IN ({})"#, in_list(allowed));
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    let bad: i64 = match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    if bad > 0 {
        return Err(DbErr::Migration(format!(
            "{table}.{column} holds {bad} row(s) with a value other than {}; repair them, then migrate again",
            allowed.join(", ")
        )));
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let sqlite = manager.get_database_backend() == DbBackend::Sqlite;
        for &(table, column, allowed) in COLUMNS {
            check_existing_rows(db, table, column, allowed).await?;
            let name = constraint(table, column);
            let list = in_list(allowed);
            if sqlite {
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
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let sqlite = manager.get_database_backend() == DbBackend::Sqlite;
        for &(table, column, _) in COLUMNS.iter().rev() {
            let name = constraint(table, column);
            if sqlite {
                db.execute_unprepared(&format!(r#"DROP TRIGGER IF EXISTS "{name}_update""#)).await?;
                db.execute_unprepared(&format!(r#"DROP TRIGGER IF EXISTS "{name}_insert""#)).await?;
            } else {
                db.execute_unprepared(&format!(
                    r#"ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{name}""#
                ))
                .await?;
            }
        }
        Ok(())
    }
}
