//! Bulk inserts for `siilo seed-bench`: a benchmark database filled in multi-row `INSERT`s,
//! not one row (and one counter update) at a time as the API writes. The caller prepares the
//! rows, with each proposal's counters already equal to the thumbs and comments it brings;
//! [`check_counters`] verifies that afterwards.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType, QueryFilter, QuerySelect,
    RelationTrait, Set, Statement,
};
use siilo_domain::UserId;
use siilo_domain::accounts::Language;
use siilo_domain::ordering::thumb_weight;
use siilo_domain::proposals::Visibility;
use uuid::Uuid;

use crate::entities::{call, comment, proposal, proposal_organisation, proposal_revision, thumb, user};
use crate::proposals::ProposalText;

/// Rows per multi-row `INSERT`: well under SQLite's 32,766 and PostgreSQL's 65,535 bound
/// parameters for the widest table (proposals, 19 columns).
const ROWS_PER_INSERT: usize = 500;

/// A participant of the benchmark; every one has the same password hash.
pub struct BenchUser {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub organisation_id: Option<Uuid>,
    pub language: Language,
}

/// A proposal with its thumbs and comments; `number` is its place in the call.
pub struct BenchProposal {
    pub id: Uuid,
    pub number: i32,
    pub author_id: UserId,
    pub language: Language,
    pub text: ProposalText,
    pub created_at: DateTime<Utc>,
    pub thumbs: Vec<(UserId, DateTime<Utc>)>,
    pub comments: Vec<BenchComment>,
}

pub struct BenchComment {
    pub id: Uuid,
    pub author_id: UserId,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

fn to_i32(n: usize) -> Result<i32, DbErr> {
    i32::try_from(n).map_err(|_| DbErr::Custom(format!("{n} does not fit a counter")))
}

/// Inserts participants (no roles) in batches: confirmed addresses, with the terms of use
/// and privacy notice in force accepted, so that they may take part.
pub async fn insert_users(
    db: &impl ConnectionTrait,
    users: &[BenchUser],
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let accepted = crate::legal::current_versions(db).await?;
    for chunk in users.chunks(ROWS_PER_INSERT) {
        let rows = chunk.iter().map(|u| user::ActiveModel {
            id: Set(u.id.0),
            email: Set(u.email.clone()),
            password_hash: Set(password_hash.to_owned()),
            display_name: Set(u.display_name.clone()),
            organisation_id: Set(u.organisation_id),
            language: Set(u.language.into_str().to_owned()),
            blocked_at: Set(None),
            blocked_reason: Set(None),
            erased_at: Set(None),
            search_text: Set(siilo_domain::search::fold(&format!("{} {}", u.display_name, u.email))),
            created_at: Set(now),
            updated_at: Set(now),
            email_verified_at: Set(Some(now)),
            terms_version: Set(accepted.terms),
            privacy_version: Set(accepted.privacy),
            digested_until: Set(None),
        });
        user::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Inserts proposals of one call with their organisations, first revisions, shuffle keys,
/// thumbs and comments, each table in multi-row statements. The stored counters are the
/// number of thumbs and comments given, and the trending score the sum of the thumbs'
/// weights from the call's creation `epoch`, as the API keeps them.
pub async fn insert_proposals(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    epoch: DateTime<Utc>,
    proposals: &[BenchProposal],
) -> Result<(), DbErr> {
    for chunk in proposals.chunks(ROWS_PER_INSERT) {
        let mut rows = Vec::with_capacity(chunk.len());
        let mut revisions = Vec::with_capacity(chunk.len());
        let mut organisations = Vec::new();
        for p in chunk {
            let t = &p.text;
            rows.push(proposal::ActiveModel {
                id: Set(p.id),
                call_id: Set(call_id),
                number: Set(p.number),
                author_id: Set(p.author_id.0),
                title: Set(t.title.clone()),
                summary: Set(t.summary.clone()),
                challenge: Set(t.challenge.clone()),
                idea: Set(t.idea.clone()),
                challenge_html: Set(t.challenge_html.clone()),
                idea_html: Set(t.idea_html.clone()),
                theme_id: Set(t.theme_id),
                language: Set(p.language.into_str().to_owned()),
                visibility: Set(Visibility::Visible.into_str().to_owned()),
                stage: Set(siilo_domain::proposals::Stage::Submitted.into_str().to_owned()),
                thumb_count: Set(to_i32(p.thumbs.len())?),
                comment_count: Set(to_i32(p.comments.len())?),
                trending_score: Set(p.thumbs.iter().map(|(_, at)| thumb_weight(*at, epoch)).sum()),
                search_text: Set(t.search_text.clone()),
                open_reports: Set(0),
                queued_at: Set(None),
                moderation_category: Set(None),
                moderation_note: Set(None),
                review_count: Set(0),
                review_score: Set(None),
                review_spread: Set(None),
                merged_into_id: Set(None),
                reach: Set(0),
                created_at: Set(p.created_at),
                updated_at: Set(p.created_at),
            });
            let org_ids: Vec<Uuid> = t.organisation_ids.iter().map(|o| o.0).collect();
            revisions.push(proposal_revision::ActiveModel {
                id: Set(Uuid::now_v7()),
                proposal_id: Set(p.id),
                revision: Set(1),
                editor_id: Set(p.author_id.0),
                title: Set(t.title.clone()),
                summary: Set(t.summary.clone()),
                challenge: Set(t.challenge.clone()),
                idea: Set(t.idea.clone()),
                theme_id: Set(t.theme_id),
                organisation_ids: Set(serde_json::to_string(&org_ids).unwrap_or_else(|_| "[]".into())),
                created_at: Set(p.created_at),
            });
            organisations.extend(org_ids.into_iter().map(|o| proposal_organisation::ActiveModel {
                proposal_id: Set(p.id),
                organisation_id: Set(o),
            }));
        }
        proposal::Entity::insert_many(rows).exec_without_returning(db).await?;
        let shuffles: Vec<(Uuid, Uuid, i32)> = chunk.iter().map(|p| (p.id, call_id, p.number)).collect();
        crate::proposals::insert_shuffles(db, &shuffles).await?;
        proposal_revision::Entity::insert_many(revisions).exec_without_returning(db).await?;
        for orgs in organisations.chunks(ROWS_PER_INSERT) {
            proposal_organisation::Entity::insert_many(orgs.iter().cloned())
                .exec_without_returning(db)
                .await?;
        }
    }
    let thumbs: Vec<thumb::ActiveModel> = proposals
        .iter()
        .flat_map(|p| {
            p.thumbs.iter().map(|(u, at)| thumb::ActiveModel {
                proposal_id: Set(p.id),
                user_id: Set(u.0),
                created_at: Set(*at),
            })
        })
        .collect();
    for chunk in thumbs.chunks(ROWS_PER_INSERT * 4) {
        thumb::Entity::insert_many(chunk.iter().cloned()).exec_without_returning(db).await?;
    }
    let comments: Vec<comment::ActiveModel> = proposals
        .iter()
        .flat_map(|p| {
            p.comments.iter().map(|c| comment::ActiveModel {
                id: Set(c.id),
                proposal_id: Set(p.id),
                parent_id: Set(None),
                author_id: Set(c.author_id.0),
                body: Set(c.body.clone()),
                language: Set(p.language.into_str().to_owned()),
                visibility: Set(Visibility::Visible.into_str().to_owned()),
                created_at: Set(c.created_at),
                edited_at: Set(None),
                deleted_at: Set(None),
                open_reports: Set(0),
                queued_at: Set(None),
                moderation_category: Set(None),
                moderation_note: Set(None),
            })
        })
        .collect();
    for chunk in comments.chunks(ROWS_PER_INSERT) {
        comment::Entity::insert_many(chunk.iter().cloned()).exec_without_returning(db).await?;
    }
    let searched: Vec<_> = proposals.iter().map(|p| (p.id, p.text.searched())).collect();
    crate::search::index_many(db, &searched).await
}

/// Sets the call's proposal sequence to its highest number, so the next proposal sent through
/// the API gets the next number.
pub async fn set_proposal_seq(db: &impl ConnectionTrait, call_id: Uuid, seq: i32) -> Result<(), DbErr> {
    call::Entity::update_many()
        .col_expr(call::Column::ProposalSeq, Expr::value(seq))
        .filter(call::Column::Id.eq(call_id))
        .exec(db)
        .await
        .map(|_| ())
}

#[derive(Debug, FromQueryResult)]
struct Mismatches {
    n: i64,
}

/// How many proposals of the call have a counter that differs from their rows (or a trending
/// score that is zero with thumbs or non-zero without, or not one shuffle key per slot), plus
/// one when the numbers are not exactly 1‥`proposal_seq`: zero for a consistent call.
pub async fn check_counters(db: &impl ConnectionTrait, call_id: Uuid) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    let counters = Statement::from_sql_and_values(
        backend,
        match backend {
            sea_orm::DbBackend::Postgres => COUNTERS_PG,
            _ => COUNTERS_SQLITE,
        },
        [call_id.into()],
    );
    let bad = Mismatches::find_by_statement(counters).one(db).await?.map_or(0, |m| m.n);
    let c = call::Entity::find_by_id(call_id).one(db).await?.ok_or(DbErr::RecordNotFound("call".into()))?;
    let numbers = Statement::from_sql_and_values(
        backend,
        match backend {
            sea_orm::DbBackend::Postgres => NUMBERS_PG,
            _ => NUMBERS_SQLITE,
        },
        [call_id.into(), c.proposal_seq.into()],
    );
    let gaps = Mismatches::find_by_statement(numbers).one(db).await?.map_or(0, |m| m.n);
    Ok(bad + gaps + trending_mismatches(db, call_id, c.created_at).await?)
}

/// How many proposals of the call have a trending score other than the sum of their thumbs'
/// weights (to f64 rounding), as the API keeps it. Reads every thumb: for checks only.
async fn trending_mismatches(
    db: &impl ConnectionTrait,
    call_id: Uuid,
    epoch: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let given: Vec<(Uuid, DateTime<Utc>)> = thumb::Entity::find()
        .select_only()
        .column(thumb::Column::ProposalId)
        .column(thumb::Column::CreatedAt)
        .join(JoinType::InnerJoin, thumb::Relation::Proposal.def())
        .filter(proposal::Column::CallId.eq(call_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut expected: HashMap<Uuid, f64> = HashMap::new();
    for (id, at) in given {
        *expected.entry(id).or_default() += thumb_weight(at, epoch);
    }
    let stored: Vec<(Uuid, f64)> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .column(proposal::Column::TrendingScore)
        .filter(proposal::Column::CallId.eq(call_id))
        .into_tuple()
        .all(db)
        .await?;
    let wrong = stored
        .into_iter()
        .filter(|(id, score)| {
            let want = expected.get(id).copied().unwrap_or(0.0);
            (score - want).abs() > want.abs() * 1e-9
        })
        .count();
    Ok(i64::try_from(wrong).unwrap_or(i64::MAX))
}

// The shuffle rows per proposal below are `SHUFFLE_SLOTS`.
const _: () = assert!(siilo_domain::ordering::SHUFFLE_SLOTS == 8);
const COUNTERS_SQLITE: &str = "SELECT COUNT(*) AS n FROM proposals p WHERE p.call_id = ? AND (\
     p.thumb_count <> (SELECT COUNT(*) FROM thumbs t WHERE t.proposal_id = p.id) OR \
     p.comment_count <> (SELECT COUNT(*) FROM comments c WHERE c.proposal_id = p.id AND c.deleted_at IS NULL) OR \
     (p.thumb_count = 0) <> (p.trending_score = 0) OR \
     (SELECT COUNT(*) FROM proposal_shuffles s WHERE s.proposal_id = p.id AND s.number = p.number) <> 8)";
const COUNTERS_PG: &str = "SELECT COUNT(*) AS n FROM proposals p WHERE p.call_id = $1 AND (\
     p.thumb_count <> (SELECT COUNT(*) FROM thumbs t WHERE t.proposal_id = p.id) OR \
     p.comment_count <> (SELECT COUNT(*) FROM comments c WHERE c.proposal_id = p.id AND c.deleted_at IS NULL) OR \
     (p.thumb_count = 0) <> (p.trending_score = 0) OR \
     (SELECT COUNT(*) FROM proposal_shuffles s WHERE s.proposal_id = p.id AND s.number = p.number) <> 8)";
const NUMBERS_SQLITE: &str = "SELECT CASE WHEN COUNT(*) = ?2 AND MIN(number) = 1 AND MAX(number) = ?2 \
     THEN 0 ELSE 1 END AS n FROM proposals WHERE call_id = ?1";
const NUMBERS_PG: &str = "SELECT CAST(CASE WHEN COUNT(*) = $2 AND MIN(number) = 1 AND MAX(number) = $2 \
     THEN 0 ELSE 1 END AS BIGINT) AS n FROM proposals WHERE call_id = $1";
