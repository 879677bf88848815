//! `GET /calls/{id}/stats`: the figures a call is judged by, for everyone who may see it.

use std::collections::{BTreeMap, HashMap};

use actix_web::{get, web};
use chrono::NaiveDate;
use serde::Serialize;
use siilo_domain::exports::{helsinki_date, share};
use siilo_store::organisations::{self, OrganisationRecord};
use siilo_store::stats::{self as store, ThemeCounts};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::SignedInOrVisitor;
use crate::error::{ApiError, Problem};
use crate::routes::calls::{FinnishRequiredText, find_visible};
use crate::routes::dto::OrganisationRef;
use crate::routes::paths::CallIdOrSlug;
use crate::state::AppState;

/// Visible proposals reaching at least two distinct administrative branches (among the
/// organisations named, the author's and co-authors', and those interested).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CrossAdministrativeStats {
    pub proposals: u64,
    /// `proposals` over all visible proposals, 0–1 (0 when there are none).
    #[schema(minimum = 0, maximum = 1, example = 0.4)]
    pub share: f64,
}

/// Activity on one calendar day in Helsinki.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsDay {
    #[schema(value_type = String, format = Date, example = "2026-12-01")]
    pub date: NaiveDate,
    pub proposals: u64,
    pub thumbs: u64,
    pub comments: u64,
}

/// A theme, as the statistics name it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsTheme {
    pub id: Uuid,
    pub name: FinnishRequiredText,
}

/// One theme's proposals and their thumbs; `theme` null for proposals without one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsThemeRow {
    pub theme: Option<StatsTheme>,
    pub proposals: u64,
    pub thumbs: u64,
}

/// One organisation's part: the proposals its people submitted, and its people among the
/// participants.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsOrganisationRow {
    pub organisation: OrganisationRef,
    pub proposals: u64,
    pub participants: u64,
}

/// How many visible proposals reach a number of administrative branches.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsReachRow {
    /// Distinct branches (0 when no organisation is known, e.g. an erased author's).
    #[schema(example = 2)]
    pub branches: u32,
    pub proposals: u64,
}

/// One administrative branch's part: the visible proposals that reach it (an organisation
/// of the branch is involved or interested), and how many of those are cross-administrative.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsBranchRow {
    /// The branch's ministry, or a top-level organisation of its own.
    pub branch: OrganisationRef,
    pub proposals: u64,
    pub cross_administrative: u64,
}

/// `GET /calls/{id}/stats`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallStats {
    /// Visible proposals (pending, rejected and hidden ones do not count).
    pub proposals: u64,
    /// Distinct users who submitted a visible proposal, thumbed one or commented on one.
    pub participants: u64,
    /// Thumbs on visible proposals.
    pub thumbs: u64,
    /// Visible, undeleted comments on visible proposals.
    pub comments: u64,
    pub cross_administrative: CrossAdministrativeStats,
    /// Days with any activity, oldest first; each day's counts add up to the totals.
    pub per_day: Vec<StatsDay>,
    /// Every theme of the call in its order (zeros included), then proposals without a
    /// theme if any; the counts add up to the totals.
    pub per_theme: Vec<StatsThemeRow>,
    /// Organisations with a proposal or a participant, most proposals first; a proposal
    /// counts for its author's organisation, a participant for their own, so the counts add
    /// up to the totals (less users without an organisation).
    pub per_organisation: Vec<StatsOrganisationRow>,
    /// Proposals by their reach (distinct administrative branches), fewest first; reaches
    /// no proposal has are left out. The counts add up to `proposals`.
    pub per_reach: Vec<StatsReachRow>,
    /// Branches reached by a proposal, most proposals first (then by code). A proposal
    /// counts once for each branch it reaches.
    pub per_branch: Vec<StatsBranchRow>,
}

/// Call statistics
///
/// Participation in a call, for everyone who may see it: visible proposals, participants,
/// thumbs and comments; the cross-administrative share; activity per calendar day in
/// Helsinki (Europe/Helsinki); proposals and thumbs per theme; proposals and participants
/// per organisation; cross-administrative reach by number of branches and by branch.
/// Computed in the database, a few statements whatever the call's size.
#[utoipa::path(
    tag = "calls",
    security((), ("bearer" = [])),
    params(CallIdOrSlug),
    responses(
        (status = 200, description = "The call's statistics", body = CallStats),
        (status = 401, response = Problem),
        (status = 404, response = Problem),
    )
)]
#[get("/calls/{id}/stats")]
#[tracing::instrument(skip_all, fields(call = %path.id, user_id = viewer.id().map(tracing::field::display)))]
pub async fn call_stats(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<CallIdOrSlug>,
) -> Result<web::Json<CallStats>, ApiError> {
    let call = find_visible(&state, &path.id, &viewer).await?;
    let stats = store::call_stats(&state.db, call.id).await?;

    let mut days: BTreeMap<NaiveDate, StatsDay> = BTreeMap::new();
    for h in &stats.per_hour {
        let date = helsinki_date(h.hour);
        let d = days.entry(date).or_insert(StatsDay { date, proposals: 0, thumbs: 0, comments: 0 });
        d.proposals += h.proposals;
        d.thumbs += h.thumbs;
        d.comments += h.comments;
    }

    let mut by_theme: HashMap<Option<Uuid>, ThemeCounts> =
        stats.per_theme.iter().map(|t| (t.theme_id, *t)).collect();
    let mut per_theme: Vec<StatsThemeRow> = call
        .themes
        .iter()
        .map(|t| {
            let c = by_theme.remove(&Some(t.id));
            StatsThemeRow {
                theme: Some(StatsTheme { id: t.id, name: t.name.clone().into() }),
                proposals: c.map_or(0, |c| c.proposals),
                thumbs: c.map_or(0, |c| c.thumbs),
            }
        })
        .collect();
    // Proposals without a theme, and any whose theme is no longer the call's.
    let rest = by_theme.into_values().fold((0, 0), |(p, t), c| (p + c.proposals, t + c.thumbs));
    if rest.0 > 0 {
        per_theme.push(StatsThemeRow { theme: None, proposals: rest.0, thumbs: rest.1 });
    }

    let orgs: HashMap<Uuid, OrganisationRecord> =
        organisations::list(&state.db).await?.into_iter().map(|o| (o.id.0, o)).collect();
    let mut per_organisation: Vec<StatsOrganisationRow> = stats
        .per_organisation
        .iter()
        .filter_map(|c| {
            orgs.get(&c.organisation_id).map(|o| StatsOrganisationRow {
                organisation: o.into(),
                proposals: c.proposals,
                participants: c.participants,
            })
        })
        .collect();
    per_organisation.sort_by(|a, b| {
        b.proposals
            .cmp(&a.proposals)
            .then(b.participants.cmp(&a.participants))
            .then(a.organisation.code.cmp(&b.organisation.code))
    });

    let mut per_branch: Vec<StatsBranchRow> = stats
        .per_branch
        .iter()
        .filter_map(|c| {
            orgs.get(&c.branch_id).map(|o| StatsBranchRow {
                branch: o.into(),
                proposals: c.proposals,
                cross_administrative: c.cross_administrative,
            })
        })
        .collect();
    per_branch.sort_by(|a, b| b.proposals.cmp(&a.proposals).then(a.branch.code.cmp(&b.branch.code)));
    let per_reach = stats
        .per_reach
        .iter()
        .map(|r| StatsReachRow { branches: r.branches, proposals: r.proposals })
        .collect();

    let t = stats.totals;
    Ok(web::Json(CallStats {
        proposals: t.proposals,
        participants: t.participants,
        thumbs: t.thumbs,
        comments: t.comments,
        cross_administrative: CrossAdministrativeStats {
            proposals: t.cross_administrative,
            share: share(t.cross_administrative, t.proposals),
        },
        per_day: days.into_values().collect(),
        per_theme,
        per_organisation,
        per_reach,
        per_branch,
    }))
}
