//! Full-text search of proposals on both engines (schema and reasons:
//! `migrations/src/m20261202_000002_proposal_search.rs`; words and stems:
//! `siilo_domain::search`).
//!
//! A search plugs into any query on `proposals`: [`matches`] is a condition on the row, and
//! [`ranked`] adds that condition to a select and gives the relevance to order by — an
//! integer, higher first, the same for a row on every page of a list, so `(relevance DESC,
//! number)` is a total order a keyset cursor can resume. PostgreSQL ranks with `ts_rank`
//! over the weighted `tsvector`; SQLite with FTS5's `bm25`, in a joined subquery because
//! `bm25` only works in the query that reads the FTS5 table. Both are scaled to
//! billionths: FTS5 clamps the weight of a word found in over half the rows to 1e-6, and
//! such scores must still differ.
//!
//! The query's words are bound as values, never written into the SQL: PostgreSQL gets each
//! word through `plainto_tsquery`, and the one `to_tsquery` (for the word-start match) gets a
//! word of letters and digits in quotes; FTS5 gets its MATCH expression as a bound string
//! built from such words, each in double quotes.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query, SelectStatement, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement, TransactionTrait};
use siilo_domain::proposals::{Stage, Visibility};
use siilo_domain::search::{SearchQuery, SimilarQuery, index_text};
use uuid::Uuid;

use crate::entities::proposal;

/// The text of a proposal that is searched.
#[derive(Debug, Clone, Copy)]
pub struct Searched<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub challenge: &'a str,
    pub idea: &'a str,
}

/// The configurations every word is looked up in (see the migration).
const PG_STEMMED: [&str; 3] = ["siilo_finnish", "siilo_swedish", "siilo_english"];

/// The query as a PostgreSQL `tsquery`: for each word, any of its stems or its start
/// (`'word':*` in `siilo_simple`), and every word required. `None` without words.
fn pg_tsquery(q: &SearchQuery) -> Option<SimpleExpr> {
    q.words()
        .iter()
        .map(|w| {
            let stemmed: Vec<String> =
                PG_STEMMED.iter().map(|c| format!("plainto_tsquery('{c}', $1)")).collect();
            // `word` is letters and digits only (SearchQuery::parse), so it cannot end the
            // quotes of the tsquery literal.
            let start = format!("'{}':*", w.word.replace('\'', "''").replace('\\', "\\\\"));
            Expr::cust_with_values(
                format!("({} || to_tsquery('siilo_simple', $2))", stemmed.join(" || ")),
                [w.word.clone(), start],
            )
        })
        .reduce(|all, one| Expr::cust_with_exprs("($1 && $2)", [all, one]))
}

fn pg_vector() -> SimpleExpr {
    Expr::col((proposal::Entity, Alias::new("search_vector")))
}

/// Nothing matches a query without words.
fn nothing() -> SimpleExpr {
    Expr::cust("1 = 0")
}

/// The FTS5 hits: `(proposal_id, score)` for every matching proposal.
fn sqlite_hits(fts: String) -> SelectStatement {
    let mut hits = sqlite_matching(fts);
    // Field weights as in PostgreSQL's A–D: title, summary, challenge, idea.
    hits.expr_as(
        Expr::cust("CAST(round(-bm25(proposal_search, 8.0, 4.0, 2.0, 1.0) * 1000000000) AS INTEGER)"),
        Alias::new("score"),
    )
    // A LIMIT keeps SQLite from flattening this subquery into the outer query, where
    // `bm25` inside an aggregate (`max(score)`, a count by score) fails with "unable to
    // use function bm25 in the requested context"; the hits are read once either way.
    .limit(i64::MAX.unsigned_abs());
    hits
}

/// The ids of the proposals matching the FTS5 expression `fts`, unscored: what a filter
/// needs (scoring every hit is for the relevance order only).
fn sqlite_matching(fts: String) -> SelectStatement {
    let rows = Alias::new("proposal_search_rows");
    let table = Alias::new("proposal_search");
    Query::select()
        .expr_as(Expr::col((rows.clone(), Alias::new("proposal_id"))), Alias::new("proposal_id"))
        .from(table.clone())
        .join(
            JoinType::InnerJoin,
            rows.clone(),
            Expr::col((rows, Alias::new("id"))).equals((table, Alias::new("rowid"))),
        )
        .and_where(Expr::cust_with_values("proposal_search MATCH ?", [fts]))
        .to_owned()
}

/// Whether a proposal (a row of `proposals` in the query) matches `q`.
pub fn matches(backend: DbBackend, q: &SearchQuery) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => match pg_tsquery(q) {
            Some(tsq) => Expr::cust_with_exprs("$1 @@ $2", [pg_vector(), tsq]),
            None => nothing(),
        },
        _ => match q.fts5() {
            Some(fts) => {
                Expr::col((proposal::Entity, proposal::Column::Id)).in_subquery(sqlite_matching(fts))
            }
            None => nothing(),
        },
    }
}

/// Restricts `select` (a query on `proposals`) to the proposals that match `q` and returns
/// their relevance: an integer, higher for a better match, to order by (then by `number`).
pub fn ranked(backend: DbBackend, select: &mut SelectStatement, q: &SearchQuery) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => match pg_tsquery(q) {
            Some(tsq) => {
                select.and_where(Expr::cust_with_exprs("$1 @@ $2", [pg_vector(), tsq.clone()]));
                // Normalisation 1: divided by 1 + log(length), so a long text does not win
                // by length alone. ts_rank uses the weights A 1.0, B 0.4, C 0.2, D 0.1.
                Expr::cust_with_exprs(
                    "CAST(round(ts_rank($1, $2, 1) * 1000000000) AS bigint)",
                    [pg_vector(), tsq],
                )
            }
            None => {
                select.and_where(nothing());
                Expr::val(0i64)
            }
        },
        _ => match q.fts5() {
            Some(fts) => {
                let hits = Alias::new("search_hits");
                select.join_subquery(
                    JoinType::InnerJoin,
                    sqlite_hits(fts),
                    hits.clone(),
                    Expr::col((hits.clone(), Alias::new("proposal_id")))
                        .equals((proposal::Entity, proposal::Column::Id)),
                );
                Expr::col((hits, Alias::new("score")))
            }
            None => {
                select.and_where(nothing());
                Expr::val(0i64)
            }
        },
    }
}

/// Where [`similar`] looks: one call's proposals, never withdrawn or merged ones.
#[derive(Debug, Clone, Copy)]
pub struct SimilarScope {
    pub call_id: Uuid,
    /// Left out (the proposal being edited, or the one whose duplicates are asked for).
    pub exclude_id: Option<Uuid>,
    /// Pending, hidden and rejected proposals too (for moderators); otherwise visible ones only.
    pub withheld_too: bool,
    pub limit: u64,
}

/// The proposals of the scope that have ANY of the query's words (stemmed), most relevant
/// first (ties by number), as `(id, relevance)`: PostgreSQL's `ts_rank` over the weighted
/// vector through the GIN index, FTS5's `bm25` with the title weighing most. The words are one
/// bound value; nothing of them is written into the SQL. Empty without words.
#[tracing::instrument(skip_all, fields(call_id = %scope.call_id, words = q.words().len()), err)]
pub async fn similar(
    db: &impl ConnectionTrait,
    scope: SimilarScope,
    q: &SimilarQuery,
) -> Result<Vec<(Uuid, i64)>, DbErr> {
    let backend = db.get_database_backend();
    let gone = [Stage::Withdrawn.into_str(), Stage::Merged.into_str()];
    let limit = i64::try_from(scope.limit).unwrap_or(i64::MAX);
    // `$1` call, `$2` and `$3` the stages left out, `$4` the query, `$5` the limit, `$6` the
    // visibility shown (or NULL for all), `$7` the proposal left out (or NULL).
    let visibility: Option<&str> = (!scope.withheld_too).then_some(Visibility::Visible.into_str());
    let (sql, words) = match backend {
        DbBackend::Postgres => {
            let Some(words) = q.tsquery() else { return Ok(Vec::new()) };
            // One tsquery: the words OR'ed, stemmed in each language and taken whole.
            let tsq = ["siilo_finnish", "siilo_swedish", "siilo_english", "siilo_simple"]
                .map(|c| format!("to_tsquery('{c}', $4)"))
                .join(" || ");
            (
                format!(
                    "SELECT p.id, CAST(round(ts_rank(p.search_vector, s.q, 1) * 1000000000) AS bigint) AS relevance \
                     FROM proposals p, (SELECT {tsq} AS q) s \
                     WHERE p.search_vector @@ s.q AND p.call_id = $1 AND p.stage NOT IN ($2, $3) \
                     AND ($6::text IS NULL OR p.visibility = $6) AND ($7::uuid IS NULL OR p.id <> $7) \
                     ORDER BY relevance DESC, p.number LIMIT $5"
                ),
                words,
            )
        }
        _ => {
            let Some(words) = q.fts5() else { return Ok(Vec::new()) };
            (
                "SELECT p.id, h.relevance FROM proposals p JOIN ( \
                   SELECT r.proposal_id, \
                     CAST(round(-bm25(proposal_search, 8.0, 4.0, 2.0, 1.0) * 1000000000) AS INTEGER) AS relevance \
                   FROM proposal_search JOIN proposal_search_rows r ON r.id = proposal_search.rowid \
                   WHERE proposal_search MATCH $4 LIMIT -1 \
                 ) h ON h.proposal_id = p.id \
                 WHERE p.call_id = $1 AND p.stage NOT IN ($2, $3) \
                 AND ($6 IS NULL OR p.visibility = $6) AND ($7 IS NULL OR p.id <> $7) \
                 ORDER BY h.relevance DESC, p.number LIMIT $5"
                    // SQLite's `?NNN` marks are numbered as PostgreSQL's `$N`.
                    .replace('$', "?"),
                words,
            )
        }
    };
    let values: Vec<sea_orm::Value> = vec![
        scope.call_id.into(),
        gone[0].into(),
        gone[1].into(),
        words.into(),
        limit.into(),
        visibility.map(str::to_owned).into(),
        scope.exclude_id.into(),
    ];
    db.query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .iter()
        .map(|row| row.try_get_many_by_index::<(Uuid, i64)>())
        .collect()
}

/// Keeps the index of proposal `id` in step with its text, in the caller's transaction.
pub async fn index(db: &impl ConnectionTrait, id: Uuid, text: Searched<'_>) -> Result<(), DbErr> {
    index_many(db, &[(id, text)]).await
}

/// Rows per multi-row statement of [`index_many`] (five values a row at most).
const ROWS_PER_STATEMENT: usize = 500;

/// Keeps the index of each proposal in step with its text, in multi-row statements. PostgreSQL
/// computes its generated column itself; SQLite's FTS5 rows are replaced.
pub async fn index_many(db: &impl ConnectionTrait, texts: &[(Uuid, Searched<'_>)]) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    if backend == DbBackend::Postgres {
        return Ok(());
    }
    for chunk in texts.chunks(ROWS_PER_STATEMENT) {
        let marks = |n: usize| vec![n_marks(n); chunk.len()].join(", ");
        let ids = db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "INSERT INTO proposal_search_rows (proposal_id) VALUES {} \
                     ON CONFLICT (proposal_id) DO UPDATE SET proposal_id = excluded.proposal_id \
                     RETURNING proposal_id, id",
                    marks(1)
                ),
                chunk.iter().map(|(id, _)| (*id).into()),
            ))
            .await?
            .iter()
            .map(|row| row.try_get_many_by_index::<(Uuid, i64)>())
            .collect::<Result<HashMap<Uuid, i64>, DbErr>>()?;
        let rowids: Vec<i64> = chunk.iter().filter_map(|(id, _)| ids.get(id).copied()).collect();
        if rowids.len() != chunk.len() {
            return Err(DbErr::RecordNotInserted);
        }
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "DELETE FROM proposal_search WHERE rowid IN ({})",
                n_marks(rowids.len()).trim_matches(['(', ')'])
            ),
            rowids.iter().map(|r| (*r).into()),
        ))
        .await?;
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 5);
        for ((_, text), rowid) in chunk.iter().zip(&rowids) {
            values.push((*rowid).into());
            for field in [text.title, text.summary, text.challenge, text.idea] {
                values.push(index_text(field).into());
            }
        }
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "INSERT INTO proposal_search (rowid, title, summary, challenge, idea) VALUES {}",
                marks(5)
            ),
            values,
        ))
        .await?;
    }
    Ok(())
}

/// `(?, ?, …)` with `n` marks.
fn n_marks(n: usize) -> String {
    format!("({})", vec!["?"; n].join(", "))
}

/// How many proposals [`index_missing`] indexes per transaction.
const BATCH: u64 = 500;

/// Indexes every proposal that has no SQLite index row yet: the proposals stored before the
/// search migration (it runs right after migrating; once all are indexed it costs one
/// query). Returns how many were indexed. PostgreSQL's generated column needs nothing.
pub async fn index_missing(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    if backend == DbBackend::Postgres {
        return Ok(0);
    }
    let mut done = 0;
    loop {
        let txn = db.begin().await?;
        let rows: Vec<(Uuid, String, String, String, String)> = txn
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                "SELECT p.id, p.title, p.summary, p.challenge, p.idea FROM proposals p \
                 WHERE NOT EXISTS (SELECT 1 FROM proposal_search_rows r WHERE r.proposal_id = p.id) \
                 LIMIT ?",
                [BATCH.into()],
            ))
            .await?
            .iter()
            .map(|row| row.try_get_many_by_index())
            .collect::<Result<_, DbErr>>()?;
        if rows.is_empty() {
            txn.commit().await?;
            return Ok(done);
        }
        let texts: Vec<(Uuid, Searched<'_>)> = rows
            .iter()
            .map(|(id, title, summary, challenge, idea)| (*id, Searched { title, summary, challenge, idea }))
            .collect();
        index_many(&txn, &texts).await?;
        txn.commit().await?;
        done += texts.len() as u64;
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};

    use super::*;
    use crate::entities::proposal;
    use sea_orm::{EntityTrait, QuerySelect, QueryTrait};

    fn query(q: &str) -> SearchQuery {
        SearchQuery::parse(q).expect("not blank")
    }

    fn select() -> SelectStatement {
        proposal::Entity::find().select_only().column(proposal::Column::Id).into_query()
    }

    #[test]
    fn words_are_bound_values_never_sql() {
        let q = query("kokeiluja ' OR 1=1; -- \" NEAR(x) *");
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            let mut s = select();
            let rank = ranked(backend, &mut s, &q);
            s.expr(rank);
            let (sql, values) = match backend {
                DbBackend::Postgres => s.build(PostgresQueryBuilder),
                _ => s.build(SqliteQueryBuilder),
            };
            assert!(!sql.contains("kokeilu") && !sql.contains("NEAR"), "{sql}");
            assert!(!values.0.is_empty());
        }
    }

    #[test]
    fn postgres_ands_the_words_and_ors_their_forms() {
        let (sql, values) = Query::select()
            .expr(matches(DbBackend::Postgres, &query("avoin data")))
            .build(PostgresQueryBuilder);
        assert_eq!(sql.matches(" && ").count(), 1, "{sql}");
        assert_eq!(sql.matches("plainto_tsquery('siilo_finnish', $").count(), 2, "{sql}");
        assert!(sql.contains("to_tsquery('siilo_simple', $"), "{sql}");
        assert!(values.0.iter().any(|v| *v == sea_orm::Value::from("'data':*")), "{values:?}");
    }

    #[test]
    fn a_query_without_words_matches_nothing() {
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            let (sql, _) = Query::select().expr(matches(backend, &query("!!!"))).build(SqliteQueryBuilder);
            assert!(sql.contains("1 = 0"), "{sql}");
        }
    }
}
