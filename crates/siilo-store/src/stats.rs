//! A call's statistics, every figure aggregated in the database with `GROUP BY`: four
//! statements whatever the call's size. Only visible proposals count, and the thumbs and
//! live, visible comments on them; a participant is a distinct user who submitted one of
//! them, thumbed or commented on one.
//!
//! Days are Helsinki's, which neither database can be relied on to know (SQLite has no time
//! zones): activity is counted per UTC hour here, and the caller folds the hours into days
//! with `siilo_domain::exports::helsinki_date`. Finland changes its clocks on whole UTC
//! hours, so no hour straddles two days.

use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult};
use siilo_domain::exports::CROSS_ADMINISTRATIVE_MIN_BRANCHES;
use uuid::Uuid;

use crate::exports::query_all;

/// The visible proposals of call `$1`, as `p`.
const VISIBLE: &str = "proposals p WHERE p.call_id = $1 AND p.visibility = 'visible'";

/// Their thumbs (`t`), their live visible comments (`c`).
fn thumbs_from() -> String {
    "thumbs t JOIN proposals p ON p.id = t.proposal_id WHERE p.call_id = $1 AND p.visibility = 'visible'"
        .into()
}
fn comments_from() -> String {
    "comments c JOIN proposals p ON p.id = c.proposal_id WHERE p.call_id = $1 AND p.visibility = 'visible' \
     AND c.deleted_at IS NULL AND c.visibility = 'visible'"
        .into()
}

/// The distinct participants of call `$1`, as a derived table with column `uid`.
fn participants() -> String {
    format!(
        "(SELECT p.author_id AS uid FROM {VISIBLE} UNION SELECT t.user_id FROM {} UNION SELECT c.author_id FROM {})",
        thumbs_from(),
        comments_from()
    )
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub proposals: u64,
    pub participants: u64,
    pub thumbs: u64,
    pub comments: u64,
    /// Visible proposals reaching at least two distinct administrative branches
    /// (`siilo_domain::exports::CROSS_ADMINISTRATIVE_MIN_BRANCHES`).
    pub cross_administrative: u64,
}

/// How many visible proposals reach exactly `branches` administrative branches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReachCounts {
    pub branches: u32,
    pub proposals: u64,
}

/// One administrative branch's share: the visible proposals that involve it or that it is
/// interested in, and how many of them are cross-administrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BranchCounts {
    /// The branch's ministry (or a top-level organisation of its own).
    pub branch_id: Uuid,
    pub proposals: u64,
    pub cross_administrative: u64,
}

/// Activity in one UTC hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourCounts {
    /// The hour's start.
    pub hour: DateTime<Utc>,
    pub proposals: u64,
    pub thumbs: u64,
    pub comments: u64,
}

/// One theme's share; `theme_id` `None` for proposals without a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeCounts {
    pub theme_id: Option<Uuid>,
    pub proposals: u64,
    pub thumbs: u64,
}

/// One organisation's share: the proposals its people wrote, and its people among the
/// participants. Users without an organisation (erased accounts) are in no row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrganisationCounts {
    pub organisation_id: Uuid,
    pub proposals: u64,
    pub participants: u64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CallStats {
    pub totals: Totals,
    /// By hour, oldest first; hours without activity are left out.
    pub per_hour: Vec<HourCounts>,
    pub per_theme: Vec<ThemeCounts>,
    pub per_organisation: Vec<OrganisationCounts>,
    /// By reach, fewest branches first; reaches no proposal has are left out.
    pub per_reach: Vec<ReachCounts>,
    /// By branch, most proposals first.
    pub per_branch: Vec<BranchCounts>,
}

fn n(r: &QueryResult, col: &str) -> Result<u64, DbErr> {
    let v: i64 = r.try_get("", col)?;
    Ok(u64::try_from(v).unwrap_or(0))
}

/// The SQL for the UTC hour (`YYYY-MM-DD HH`, 13 characters) of a timestamp column.
fn hour_of(backend: DbBackend, col: &str) -> String {
    if backend == DbBackend::Postgres {
        format!("to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')")
    } else {
        // Stored as UTC text starting `YYYY-MM-DD?HH`, whichever the separator.
        format!("substr({col}, 1, 10) || ' ' || substr({col}, 12, 2)")
    }
}

fn parse_hour(s: &str) -> Result<DateTime<Utc>, DbErr> {
    NaiveDateTime::parse_from_str(&format!("{s}:00"), "%Y-%m-%d %H:%M")
        .map(|t| t.and_utc())
        .map_err(|e| DbErr::Type(format!("hour bucket {s:?}: {e}")))
}

/// Everything `GET /calls/{id}/stats` shows of `call`.
#[tracing::instrument(skip_all, fields(call_id = %call), err)]
pub async fn call_stats(db: &impl ConnectionTrait, call: Uuid) -> Result<CallStats, DbErr> {
    let backend = db.get_database_backend();
    let min_branches = i64::from(CROSS_ADMINISTRATIVE_MIN_BRANCHES);

    // Totals; cross-administrative reach is kept on the proposal (`crate::reach`).
    let totals_sql = format!(
        "SELECT \
           (SELECT COUNT(*) FROM {VISIBLE}) AS proposals, \
           (SELECT COUNT(*) FROM {thumbs}) AS thumbs, \
           (SELECT COUNT(*) FROM {comments}) AS comments, \
           (SELECT COUNT(*) FROM {participants} pa) AS participants, \
           (SELECT COUNT(*) FROM {VISIBLE} AND p.reach >= $2) AS cross_administrative",
        thumbs = thumbs_from(),
        comments = comments_from(),
        participants = participants(),
    );
    let rows = query_all(db, &totals_sql, vec![call.into(), min_branches.into()]).await?;
    let totals = match rows.first() {
        Some(r) => Totals {
            proposals: n(r, "proposals")?,
            participants: n(r, "participants")?,
            thumbs: n(r, "thumbs")?,
            comments: n(r, "comments")?,
            cross_administrative: n(r, "cross_administrative")?,
        },
        None => Totals::default(),
    };

    let hours_sql = format!(
        "SELECT x.kind, x.hour, COUNT(*) AS n FROM ( \
           SELECT 'p' AS kind, {ph} AS hour FROM {VISIBLE} \
           UNION ALL SELECT 't', {th} FROM {thumbs} \
           UNION ALL SELECT 'c', {ch} FROM {comments} \
         ) x GROUP BY x.kind, x.hour ORDER BY x.hour",
        ph = hour_of(backend, "p.created_at"),
        th = hour_of(backend, "t.created_at"),
        ch = hour_of(backend, "c.created_at"),
        thumbs = thumbs_from(),
        comments = comments_from(),
    );
    let mut per_hour: Vec<HourCounts> = Vec::new();
    for r in query_all(db, &hours_sql, vec![call.into()]).await? {
        let kind: String = r.try_get("", "kind")?;
        let hour = parse_hour(&r.try_get::<String>("", "hour")?)?;
        let count = n(&r, "n")?;
        let bucket = match per_hour.last_mut() {
            Some(last) if last.hour == hour => last,
            _ => {
                per_hour.push(HourCounts { hour, proposals: 0, thumbs: 0, comments: 0 });
                per_hour.last_mut().ok_or_else(|| DbErr::Custom("empty hours".into()))?
            }
        };
        match kind.as_str() {
            "p" => bucket.proposals += count,
            "t" => bucket.thumbs += count,
            _ => bucket.comments += count,
        }
    }

    let themes_sql = "SELECT p.theme_id, COUNT(DISTINCT p.id) AS proposals, COUNT(t.user_id) AS thumbs \
         FROM proposals p LEFT JOIN thumbs t ON t.proposal_id = p.id \
         WHERE p.call_id = $1 AND p.visibility = 'visible' GROUP BY p.theme_id";
    let per_theme = query_all(db, themes_sql, vec![call.into()])
        .await?
        .iter()
        .map(|r| {
            Ok(ThemeCounts {
                theme_id: r.try_get("", "theme_id")?,
                proposals: n(r, "proposals")?,
                thumbs: n(r, "thumbs")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;

    let orgs_sql = format!(
        "SELECT x.kind, x.oid, COUNT(*) AS n FROM ( \
           SELECT 'p' AS kind, u.organisation_id AS oid FROM proposals p JOIN users u ON u.id = p.author_id \
             WHERE p.call_id = $1 AND p.visibility = 'visible' \
           UNION ALL SELECT 'u', u.organisation_id FROM {participants} pa JOIN users u ON u.id = pa.uid \
         ) x WHERE x.oid IS NOT NULL GROUP BY x.kind, x.oid",
        participants = participants(),
    );
    let mut per_organisation: Vec<OrganisationCounts> = Vec::new();
    for r in query_all(db, &orgs_sql, vec![call.into()]).await? {
        let kind: String = r.try_get("", "kind")?;
        let oid: Uuid = r.try_get("", "oid")?;
        let count = n(&r, "n")?;
        let i = match per_organisation.iter().position(|o| o.organisation_id == oid) {
            Some(i) => i,
            None => {
                per_organisation.push(OrganisationCounts {
                    organisation_id: oid,
                    proposals: 0,
                    participants: 0,
                });
                per_organisation.len() - 1
            }
        };
        if let Some(o) = per_organisation.get_mut(i) {
            if kind == "p" {
                o.proposals += count;
            } else {
                o.participants += count;
            }
        }
    }

    let reach_sql = format!("SELECT p.reach, COUNT(*) AS n FROM {VISIBLE} GROUP BY p.reach ORDER BY p.reach");
    let per_reach = query_all(db, &reach_sql, vec![call.into()])
        .await?
        .iter()
        .map(|r| {
            Ok(ReachCounts {
                branches: u32::try_from(r.try_get::<i32>("", "reach")?).unwrap_or(0),
                proposals: n(r, "n")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;

    // Each visible proposal once per branch among its organisations (`crate::reach`).
    let branches_sql = format!(
        "SELECT b.branch, COUNT(*) AS n, \
           CAST(SUM(CASE WHEN b.reach >= $2 THEN 1 ELSE 0 END) AS BIGINT) AS crossing FROM ( \
           SELECT DISTINCT p.id, p.reach, COALESCE(o.parent_id, o.id) AS branch \
           FROM proposals p JOIN organisations o ON o.id IN ({orgs}) \
           WHERE p.call_id = $1 AND p.visibility = 'visible' \
         ) b GROUP BY b.branch ORDER BY COUNT(*) DESC, b.branch",
        orgs = crate::reach::REACH_ORGANISATIONS,
    );
    let per_branch = query_all(db, &branches_sql, vec![call.into(), min_branches.into()])
        .await?
        .iter()
        .map(|r| {
            Ok(BranchCounts {
                branch_id: r.try_get("", "branch")?,
                proposals: n(r, "n")?,
                cross_administrative: n(r, "crossing")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(CallStats { totals, per_hour, per_theme, per_organisation, per_reach, per_branch })
}
