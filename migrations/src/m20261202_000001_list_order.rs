//! Proposal lists ordered and paged in the database (issue 10): an index per sort, a stored
//! trending score, and a side table of shuffle keys for the seeded random order.
//!
//! - `top`, `most_commented`, `trending`: `(call_id, <key> DESC, number)`; `newest` already
//!   has the unique `(call_id, number)`. A page is a range scan of one of these.
//! - `trending_score` = Σ 2^((thumb given − call created) / 24 h), exponent clamped to
//!   [0, 960]: see `siilo_domain::ordering`. Existing rows are backfilled from their thumbs.
//! - `proposal_shuffles`: eight pseudo-random keys per proposal (splitmix64 of the slot and
//!   the id), one row each, ordered by `(call_id, slot, shuffle_key, number)`. A side table,
//!   not eight columns of `proposals`: a thumb rewrites the proposal's row, and on PostgreSQL
//!   every index of a rewritten row gets a new entry; the shuffle keys never change.
//! - `(call_id, visibility)` counts a call's pending proposals for the list's `total`;
//!   `(call_id, theme_id | stage, visibility, author_id)` count a filtered list from the index
//!   alone, and let a filter that keeps few proposals start from them.
//!
//! The hash and the weight are written out here rather than taken from `siilo-domain`:
//! migrations stand alone (DESIGN.md) and a landed migration never changes.

use std::collections::HashMap;

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
    CallId,
    Number,
    ThumbCount,
    CommentCount,
    TrendingScore,
    Visibility,
    ThemeId,
    Stage,
    AuthorId,
}

#[derive(DeriveIden)]
enum ProposalShuffles {
    Table,
    ProposalId,
    Slot,
    CallId,
    ShuffleKey,
    Number,
}

const SLOTS: i16 = 8;
const MAX_DOUBLINGS: f64 = 960.0;
const ROWS_PER_INSERT: usize = 500;

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn shuffle_key(slot: i16, id: uuid::Uuid) -> i64 {
    let (hi, lo) = id.as_u64_pair();
    mix(mix(u64::from(slot.unsigned_abs()) ^ hi) ^ lo) as i64
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Proposals::Table)
                    .add_column(double(Proposals::TrendingScore).default(0.0))
                    .to_owned(),
            )
            .await?;
        for (name, key) in [
            ("idx_proposals_call_top", Proposals::ThumbCount),
            ("idx_proposals_call_commented", Proposals::CommentCount),
            ("idx_proposals_call_trending", Proposals::TrendingScore),
        ] {
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
        manager
            .create_index(
                Index::create()
                    .name("idx_proposals_call_visibility")
                    .table(Proposals::Table)
                    .col(Proposals::CallId)
                    .col(Proposals::Visibility)
                    // Covering the author too: the count of pending proposals a viewer may not
                    // see reads only this index. Without it SQLite's planner preferred the
                    // covering stage index and walked the whole call (13 ms at 100,000).
                    .col(Proposals::AuthorId)
                    .to_owned(),
            )
            .await?;
        for (name, filter) in
            [("idx_proposals_call_theme", Proposals::ThemeId), ("idx_proposals_call_stage", Proposals::Stage)]
        {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Proposals::Table)
                        .col(Proposals::CallId)
                        .col(filter)
                        .col(Proposals::Visibility)
                        .col(Proposals::AuthorId)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ProposalShuffles::Table)
                    .col(uuid(ProposalShuffles::ProposalId))
                    .col(small_integer(ProposalShuffles::Slot))
                    .col(uuid(ProposalShuffles::CallId))
                    .col(big_integer(ProposalShuffles::ShuffleKey))
                    .col(integer(ProposalShuffles::Number))
                    .primary_key(
                        Index::create().col(ProposalShuffles::ProposalId).col(ProposalShuffles::Slot),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProposalShuffles::Table, ProposalShuffles::ProposalId)
                            .to(Proposals::Table, Proposals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proposal_shuffles_order")
                    .table(ProposalShuffles::Table)
                    .col(ProposalShuffles::CallId)
                    .col(ProposalShuffles::Slot)
                    .col(ProposalShuffles::ShuffleKey)
                    .col(ProposalShuffles::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        backfill_shuffles(manager).await?;
        backfill_trending(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ProposalShuffles::Table).to_owned()).await?;
        for name in [
            "idx_proposals_call_stage",
            "idx_proposals_call_theme",
            "idx_proposals_call_visibility",
            "idx_proposals_call_trending",
            "idx_proposals_call_commented",
            "idx_proposals_call_top",
        ] {
            manager.drop_index(Index::drop().name(name).table(Proposals::Table).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter().table(Proposals::Table).drop_column(Proposals::TrendingScore).to_owned(),
            )
            .await
    }
}

async fn backfill_shuffles(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let select = Query::select()
        .columns([Proposals::Id, Proposals::CallId, Proposals::Number])
        .from(Proposals::Table)
        .to_owned();
    let mut rows = Vec::new();
    for r in db.query_all(&select).await? {
        let id: uuid::Uuid = r.try_get("", "id")?;
        let call_id: uuid::Uuid = r.try_get("", "call_id")?;
        let number: i32 = r.try_get("", "number")?;
        rows.extend((0..SLOTS).map(|slot| (id, slot, call_id, shuffle_key(slot, id), number)));
    }
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut insert = Query::insert()
            .into_table(ProposalShuffles::Table)
            .columns([
                ProposalShuffles::ProposalId,
                ProposalShuffles::Slot,
                ProposalShuffles::CallId,
                ProposalShuffles::ShuffleKey,
                ProposalShuffles::Number,
            ])
            .to_owned();
        for (id, slot, call_id, key, number) in chunk {
            insert.values_panic([
                (*id).into(),
                (*slot).into(),
                (*call_id).into(),
                (*key).into(),
                (*number).into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

async fn backfill_trending(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    // Hours from the call's creation to each thumb, computed by the engine from its own
    // timestamps; the power is taken here (SQLite may lack math functions).
    let hours = match backend {
        DbBackend::Postgres => {
            "SELECT t.proposal_id, CAST(EXTRACT(EPOCH FROM (t.created_at - c.created_at)) / 3600.0 \
             AS DOUBLE PRECISION) AS hours FROM thumbs t JOIN proposals p ON p.id = t.proposal_id \
             JOIN calls c ON c.id = p.call_id"
        }
        _ => {
            "SELECT t.proposal_id, (julianday(t.created_at) - julianday(c.created_at)) * 24.0 AS hours \
             FROM thumbs t JOIN proposals p ON p.id = t.proposal_id JOIN calls c ON c.id = p.call_id"
        }
    };
    let mut scores: HashMap<uuid::Uuid, f64> = HashMap::new();
    for r in db.query_all_raw(Statement::from_string(backend, hours)).await? {
        let id: uuid::Uuid = r.try_get("", "proposal_id")?;
        let hours: Option<f64> = r.try_get("", "hours")?;
        let weight = (hours.unwrap_or(0.0) / 24.0).clamp(0.0, MAX_DOUBLINGS).exp2();
        *scores.entry(id).or_default() += weight;
    }
    for (id, score) in scores {
        let update = Query::update()
            .table(Proposals::Table)
            .value(Proposals::TrendingScore, score)
            .and_where(Expr::col(Proposals::Id).eq(id))
            .to_owned();
        db.execute(&update).await?;
    }
    Ok(())
}
