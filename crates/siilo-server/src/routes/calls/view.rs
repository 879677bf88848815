//! What a call looks like in responses, and what the viewer may do in it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use siilo_domain::calls::{self, ModerationMode, Phase};
use siilo_domain::thumbs::Allowance;
use siilo_domain::{DomainError, proposals as rules};
use siilo_store::calls::{self as store, CallCounts, CallRecord, ThemeRecord};
use siilo_store::thumbs;
use utoipa::ToSchema;
use uuid::Uuid;

use super::texts::FinnishRequiredText;
use crate::auth::SignedInOrVisitor;
use crate::error::{ApiError, ErrorCode};
use crate::routes::dto::OrganisationRef;
use crate::state::AppState;
use siilo_domain::OrganisationId;

#[derive(Debug, Serialize, ToSchema)]
pub struct Theme {
    pub id: Uuid,
    pub name: FinnishRequiredText,
    pub position: i32,
}

impl From<ThemeRecord> for Theme {
    fn from(t: ThemeRecord) -> Self {
        Theme { id: t.id, name: t.name.into(), position: t.position }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Counts {
    /// Proposals that show (pending ones are not counted).
    pub proposals: u64,
    pub thumbs: u64,
    /// Comments and replies on the counted proposals, deleted ones not counted.
    pub comments: u64,
    /// Distinct people who proposed, thumbed or commented.
    pub participants: u64,
}

impl From<CallCounts> for Counts {
    fn from(c: CallCounts) -> Self {
        Counts {
            proposals: c.proposals,
            thumbs: c.thumbs,
            comments: c.comments,
            participants: c.participants,
        }
    }
}

/// What the viewer may do in the call now, and if not, why (an error code such as
/// `unauthenticated`, `call_not_open`, `limit_reached`). Clients show or hide actions by
/// these instead of deriving them again.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallCapabilities {
    pub can_submit: bool,
    pub submit_refusal: Option<ErrorCode>,
    pub can_thumb: bool,
    pub thumb_refusal: Option<ErrorCode>,
    pub can_comment: bool,
    pub comment_refusal: Option<ErrorCode>,
    /// The viewer runs the call (an admin, or one of its call managers): they may edit,
    /// publish and archive it and manage its themes, criteria and evaluators.
    pub can_manage: bool,
    /// The viewer follows the call (`PUT /calls/{id}/follow`).
    pub follows: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "slug": "siilonmurtajat-2026", "title": {"fi": "Siilonmurtajat 2026", "sv": "Silobrytarna 2026", "en": "Silo breakers 2026"}, "description": {"fi": "Ehdota kokeilua, joka ylittää hallinnonalojen rajat.", "sv": "Föreslå ett försök som går över förvaltningsgränserna.", "en": "Propose an experiment that crosses administrative borders."}, "description_html": {"fi": "<p>Ehdota kokeilua, joka ylittää hallinnonalojen rajat.</p>", "sv": "<p>Föreslå ett försök som går över förvaltningsgränserna.</p>", "en": "<p>Propose an experiment that crosses administrative borders.</p>"}, "phase": "open", "opens_at": "2026-11-16T07:00:00Z", "submissions_close_at": "2026-12-14T15:00:00Z", "voting_closes_at": "2026-12-21T15:00:00Z", "published_at": "2026-11-10T12:00:00Z", "results_published_at": null, "archived_at": null, "moderation_mode": "post", "report_threshold": 3, "max_proposals_per_user": null, "max_thumbs_per_user": null, "reviews_in_voting": false, "host_organisation": null, "themes": [{"id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d05", "name": {"fi": "Digitaaliset palvelut", "sv": "Digitala tjänster", "en": "Digital services"}, "position": 0}], "counts": {"proposals": 40, "thumbs": 412, "comments": 96, "participants": 61}, "news_count": 2, "latest_news_at": "2026-12-01T09:00:00Z", "viewer": {"can_submit": true, "submit_refusal": null, "can_thumb": true, "thumb_refusal": null, "can_comment": true, "comment_refusal": null, "can_manage": false, "follows": false}}))]
pub struct Call {
    pub id: Uuid,
    #[schema(example = "siilonmurtajat-2026")]
    pub slug: String,
    pub title: FinnishRequiredText,
    /// Plain text or Markdown, as written.
    pub description: FinnishRequiredText,
    /// `description` rendered from Markdown to sanitised HTML, per language (a language
    /// without a description has none).
    pub description_html: FinnishRequiredText,
    /// Derived from the clock: draft, upcoming, open, voting, review, results, archived.
    pub phase: Phase,
    pub opens_at: DateTime<Utc>,
    pub submissions_close_at: DateTime<Utc>,
    pub voting_closes_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub results_published_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    pub moderation_mode: ModerationMode,
    /// Distinct reporters that hide content until a moderator decides.
    pub report_threshold: u32,
    pub max_proposals_per_user: Option<u32>,
    pub max_thumbs_per_user: Option<u32>,
    /// Evaluators may already review while the call takes thumbs (`voting`).
    pub reviews_in_voting: bool,
    pub themes: Vec<Theme>,
    /// The organisation that hosts (runs) the call ("Haun järjestää: Kela"); `null` when the
    /// platform's own admins run it.
    pub host_organisation: Option<OrganisationRef>,
    pub counts: Counts,
    /// How many news items (*Ajankohtaista*) the call has.
    pub news_count: u64,
    /// When the newest news item was published; `null` without news.
    pub latest_news_at: Option<DateTime<Utc>>,
    pub viewer: CallCapabilities,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CallList {
    pub items: Vec<Call>,
}

fn refusal(result: Result<(), DomainError>) -> (bool, Option<ErrorCode>) {
    match result {
        Ok(()) => (true, None),
        Err(e) => (false, Some(ApiError::Rule(e).code())),
    }
}

/// The viewer's capabilities in a call at `now`, from the same rules the actions use.
async fn capabilities(
    state: &AppState,
    call: &CallRecord,
    viewer: &SignedInOrVisitor,
    now: DateTime<Utc>,
) -> Result<CallCapabilities, ApiError> {
    let phase = call.state.phase_at(now);
    let Some(v) = &viewer.0 else {
        let submit = calls::check_visitor(rules::check_call_takes_submissions(phase));
        let thumb =
            calls::check_visitor(siilo_domain::thumbs::check_call_takes_thumbs(phase, Allowance::default()));
        let comment = calls::check_visitor(siilo_domain::comments::check_call_takes_comments(phase));
        return Ok(CallCapabilities {
            can_submit: false,
            submit_refusal: refusal(submit).1,
            can_thumb: false,
            thumb_refusal: refusal(thumb).1,
            can_comment: false,
            comment_refusal: refusal(comment).1,
            can_manage: false,
            follows: false,
        });
    };
    // The phase first: a closed call needs no count of the viewer's proposals.
    let submit = match rules::check_call_takes_submissions(phase) {
        Ok(()) => {
            let own = siilo_store::proposals::count_by_author(&state.db, call.id, v.id()).await?;
            rules::check_can_submit(phase, own, call.settings.max_proposals_per_user)
        }
        refused => refused,
    };
    let max_thumbs = call.settings.max_thumbs_per_user;
    let given_in_call = match phase.takes_thumbs() && max_thumbs.is_some() {
        true => thumbs::count_by_user_in_call(&state.db, call.id, v.id()).await?,
        false => 0,
    };
    let allowance = Allowance { given_in_call, max_per_user: max_thumbs, already_thumbed: false };
    let thumb = siilo_domain::thumbs::check_call_takes_thumbs(phase, allowance);
    let comment = siilo_domain::comments::check_call_takes_comments(phase);
    let (can_submit, submit_refusal) = refusal(submit);
    let (can_thumb, thumb_refusal) = refusal(thumb);
    let (can_comment, comment_refusal) = refusal(comment);
    Ok(CallCapabilities {
        can_submit,
        submit_refusal,
        can_thumb,
        thumb_refusal,
        can_comment,
        comment_refusal,
        can_manage: v.manages_call(state, call.id).await?,
        follows: siilo_store::follows::follows_call(&state.db, call.id, v.id()).await?,
    })
}

pub(super) async fn view(
    state: &AppState,
    call: CallRecord,
    counts: CallCounts,
    viewer: &SignedInOrVisitor,
    now: DateTime<Utc>,
) -> Result<Call, ApiError> {
    let viewer_caps = capabilities(state, &call, viewer, now).await?;
    let host_organisation = match call.host_organisation_id {
        Some(id) => {
            state.organisations.get(&state.db).await?.get(OrganisationId(id)).map(OrganisationRef::from)
        }
        None => None,
    };
    let news = siilo_store::call_news::summary(&state.db, call.id).await?;
    let w = call.state.window;
    Ok(Call {
        id: call.id,
        phase: call.state.phase_at(now),
        slug: call.slug,
        title: call.title.into(),
        description: call.description.into(),
        description_html: call.description_html.into(),
        opens_at: w.opens_at,
        submissions_close_at: w.submissions_close_at,
        voting_closes_at: w.voting_closes_at,
        published_at: call.published_at,
        results_published_at: call.results_published_at,
        archived_at: call.archived_at,
        moderation_mode: call.settings.moderation_mode,
        report_threshold: call.settings.report_threshold,
        max_proposals_per_user: call.settings.max_proposals_per_user,
        max_thumbs_per_user: call.settings.max_thumbs_per_user,
        reviews_in_voting: call.settings.reviews_in_voting,
        themes: call.themes.into_iter().map(Theme::from).collect(),
        host_organisation,
        counts: counts.into(),
        news_count: news.count,
        latest_news_at: news.latest_at,
        viewer: viewer_caps,
    })
}

pub(super) async fn one(
    state: &AppState,
    call: CallRecord,
    viewer: &SignedInOrVisitor,
) -> Result<Call, ApiError> {
    let counts = store::counts(&state.db, &[call.id]).await?.remove(&call.id).unwrap_or_default();
    view(state, call, counts, viewer, Utc::now()).await
}
