//! Full-text search of proposals (title, summary, challenge, idea), stemmed for Finnish,
//! Swedish and English, with case and accents forgiven.
//!
//! PostgreSQL: four text search configurations copied from `finnish`, `swedish`, `english`
//! and `simple`, each running `unaccent` before its dictionary, so "paatos" and "Päätös"
//! become the same lexeme; a stored generated `tsvector` column weighted by field (title A,
//! summary B, challenge C, idea D) that holds the words of all four, so a word typed in any
//! of the languages meets its stem; and a GIN index on it. The generated column is computed
//! for the rows already stored when it is added, and with every write after.
//!
//! SQLite: an FTS5 table with one column per field that holds each word with its Snowball
//! stems, computed in Rust (`siilo_domain::search::index_text`): SQLite has no stemmer. Its
//! rowid is kept in `proposal_search_rows`, because a proposal's own rowid may change on
//! `VACUUM` (its key is a UUID). The store fills the table when a proposal is written, and
//! indexes the proposals stored before this migration right after migrating
//! (`siilo_store::search::index_missing`): migrations stand alone, without the domain's
//! stemming.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (configuration, copied from, stemming dictionary)
const CONFIGS: &[(&str, &str, &str)] = &[
    ("siilo_finnish", "finnish", "finnish_stem"),
    ("siilo_swedish", "swedish", "swedish_stem"),
    ("siilo_english", "english", "english_stem"),
    ("siilo_simple", "simple", "simple"),
];

/// (column, weight)
const FIELDS: &[(&str, char)] = &[("title", 'A'), ("summary", 'B'), ("challenge", 'C'), ("idea", 'D')];

/// The generated column's expression: every field in every configuration, weighted.
fn search_vector() -> String {
    FIELDS
        .iter()
        .flat_map(|(column, weight)| {
            CONFIGS.iter().map(move |(config, _, _)| {
                format!(
                    "setweight(to_tsvector('{config}'::regconfig, coalesce(\"{column}\", '')), '{weight}')"
                )
            })
        })
        .collect::<Vec<_>>()
        .join(" || ")
}

async fn up_postgres(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    // Trusted since PostgreSQL 13: the database owner may create it.
    db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS unaccent").await?;
    for (config, copy, dictionary) in CONFIGS {
        db.execute_unprepared(&format!("CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {copy})")).await?;
        // Words with letters beyond ASCII lose their accents before stemming; the ASCII
        // ones have none to lose.
        db.execute_unprepared(&format!(
            "ALTER TEXT SEARCH CONFIGURATION {config} \
             ALTER MAPPING FOR word, hword, hword_part WITH unaccent, {dictionary}"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "ALTER TEXT SEARCH CONFIGURATION {config} \
             ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple"
        ))
        .await?;
    }
    db.execute_unprepared(&format!(
        "ALTER TABLE proposals ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({}) STORED",
        search_vector()
    ))
    .await?;
    db.execute_unprepared("CREATE INDEX idx_proposals_search_vector ON proposals USING gin (search_vector)")
        .await?;
    Ok(())
}

async fn up_sqlite(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared(
        "CREATE TABLE proposal_search_rows ( \
           id INTEGER PRIMARY KEY, \
           proposal_id uuid_text NOT NULL UNIQUE REFERENCES proposals (id) ON DELETE CASCADE \
         )",
    )
    .await?;
    // The text is already folded and stemmed into terms of letters and digits; `ascii`
    // splits at ASCII spaces and punctuation only, so it reads back exactly those terms.
    db.execute_unprepared(
        "CREATE VIRTUAL TABLE proposal_search USING fts5(title, summary, challenge, idea, tokenize = 'ascii')",
    )
    .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => up_postgres(db).await,
            _ => up_sqlite(db).await,
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("ALTER TABLE proposals DROP COLUMN search_vector").await?;
            for (config, _, _) in CONFIGS {
                db.execute_unprepared(&format!("DROP TEXT SEARCH CONFIGURATION {config}")).await?;
            }
            // `unaccent` stays: another schema object may use it.
        } else {
            db.execute_unprepared("DROP TABLE proposal_search").await?;
            db.execute_unprepared("DROP TABLE proposal_search_rows").await?;
        }
        Ok(())
    }
}
