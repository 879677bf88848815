//! What a proposal looks like in responses, and what the viewer may do with it.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use siilo_domain::accounts::Language;
use siilo_domain::moderation::{ContentKind, ItemFacts, check_can_report};
use siilo_domain::ordering::ProposalSort;
use siilo_domain::proposals::{self as rules, Audience, Sight, Stage, Visibility};
use siilo_domain::team::{self, TeamRole};
use siilo_domain::thumbs::Allowance;
use siilo_domain::{DomainError, OrganisationId, calls, thumbs as thumb_rules};
use siilo_store::calls::CallRecord;
use siilo_store::proposals::ProposalRecord;
use siilo_store::thumbs;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::SignedInOrVisitor;
use crate::error::{ApiError, ErrorCode};
use crate::routes::dto::{ModerationMark, OrganisationRef};
use crate::state::AppState;
use crate::state::organisations::Organisations;

#[derive(Debug, Serialize, ToSchema)]
pub struct Author {
    pub id: Uuid,
    /// Empty when `erased`.
    pub display_name: String,
    pub organisation: Option<OrganisationRef>,
    /// The author deleted their account (or an admin erased it): show "deleted user".
    pub erased: bool,
}

/// A proposal as lists show it. A proposal the viewer may not read in full (hidden by a
/// moderator) keeps its number and counts but shows no text.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "call_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "number": 12, "title": "Yhteinen avustusrekisteri ministeriöille", "summary": "Kootaan ministeriöiden avustukset yhteen rekisteriin.", "theme_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d05", "language": "fi", "stage": "submitted", "visibility": "visible", "author": {"id": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "display_name": "Maija Meikäläinen", "erased": false, "organisation": {"id": "0193a4e0-0000-7000-8000-000000000004", "code": "VM", "name": {"fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance"}, "short_name": {"fi": "VM", "sv": "FM", "en": "VM"}}}, "organisations": [{"id": "0193a4e0-0000-7000-8000-000000000010", "code": "STM", "name": {"fi": "Sosiaali- ja terveysministeriö", "sv": "Social- och hälsovårdsministeriet", "en": "Ministry of Social Affairs and Health"}, "short_name": {"fi": "STM", "sv": "SHM", "en": "STM"}}], "coauthors": [], "reach": 2, "thumb_count": 27, "comment_count": 5, "viewer_thumbed": false, "viewer_can_thumb": true, "thumb_refusal": null, "moderation": null, "viewer_can_report": true, "created_at": "2026-11-20T09:15:00Z", "updated_at": "2026-11-21T14:02:00Z"}))]
pub struct ProposalSummary {
    pub id: Uuid,
    pub call_id: Uuid,
    /// Unique within the call: #1, #2, ...
    pub number: i32,
    pub title: String,
    pub summary: String,
    pub theme_id: Option<Uuid>,
    pub language: Language,
    pub stage: Stage,
    pub visibility: Visibility,
    pub author: Author,
    /// Organisations involved besides the author's own.
    pub organisations: Vec<OrganisationRef>,
    /// Cross-administrative reach: the number of distinct administrative branches among the
    /// organisations involved (named, the author's, the accepted co-authors') and interested
    /// ("we'd join this"). VM and the Tax Administration are one branch, VM and THL two.
    #[schema(example = 2)]
    pub reach: u32,
    /// The accepted co-authors, with their organisations, in the order they joined.
    pub coauthors: Vec<Author>,
    pub thumb_count: u64,
    /// Its comments and replies, deleted ones not counted: the one comment count that
    /// clients show. Comments hidden by moderation stay counted (they show as tombstones,
    /// and come back with a restore).
    pub comment_count: u64,
    pub viewer_thumbed: bool,
    pub viewer_can_thumb: bool,
    /// Why the viewer cannot thumb it (an error code), when they cannot.
    pub thumb_refusal: Option<ErrorCode>,
    /// While hidden or rejected: the tombstone's category and public note (shown to all).
    pub moderation: Option<ModerationMark>,
    /// The viewer may report it: signed in, not its author, and it shows to all. Whether
    /// they reported it already is not checked here (`already_reported` then).
    pub viewer_can_report: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A proposal in full.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "call_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "number": 12, "title": "Yhteinen avustusrekisteri ministeriöille", "summary": "Kootaan ministeriöiden avustukset yhteen rekisteriin.", "theme_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d05", "language": "fi", "stage": "submitted", "visibility": "visible", "author": {"id": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "display_name": "Maija Meikäläinen", "erased": false, "organisation": {"id": "0193a4e0-0000-7000-8000-000000000004", "code": "VM", "name": {"fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance"}, "short_name": {"fi": "VM", "sv": "FM", "en": "VM"}}}, "organisations": [{"id": "0193a4e0-0000-7000-8000-000000000010", "code": "STM", "name": {"fi": "Sosiaali- ja terveysministeriö", "sv": "Social- och hälsovårdsministeriet", "en": "Ministry of Social Affairs and Health"}, "short_name": {"fi": "STM", "sv": "SHM", "en": "STM"}}], "coauthors": [], "reach": 2, "thumb_count": 27, "comment_count": 5, "viewer_thumbed": false, "viewer_can_thumb": true, "thumb_refusal": null, "moderation": null, "viewer_can_report": true, "created_at": "2026-11-20T09:15:00Z", "updated_at": "2026-11-21T14:02:00Z", "challenge": "Avustustiedot ovat **hajallaan** eri ministeriöissä.", "challenge_html": "<p>Avustustiedot ovat <strong>hajallaan</strong> eri ministeriöissä.</p>", "idea": "Kokeillaan yhteistä rekisteriä kolmen ministeriön kesken.", "idea_html": "<p>Kokeillaan yhteistä rekisteriä kolmen ministeriön kesken.</p>", "viewer_can_edit": false, "edit_refusal": "not_author", "viewer_can_withdraw": false, "viewer_can_comment": true, "comment_refusal": null, "decision": null, "merged_into": null, "credits": [], "pilot": null, "interest": {"people": 2, "organisations": 1}, "viewer_interest": null, "viewer_can_declare_interest": true, "interest_refusal": null, "viewer_follows": false, "follower_count": 3, "branches": [{"branch": {"id": "0193a4e0-0000-7000-8000-000000000010", "code": "STM", "name": {"fi": "Sosiaali- ja terveysministeriö", "sv": "Social- och hälsovårdsministeriet", "en": "Ministry of Social Affairs and Health"}, "short_name": {"fi": "STM", "sv": "SHM", "en": "STM"}, "parent_id": null}, "involved": [{"id": "0193a4e0-0000-7000-8000-000000000010", "code": "STM", "name": {"fi": "Sosiaali- ja terveysministeriö", "sv": "Social- och hälsovårdsministeriet", "en": "Ministry of Social Affairs and Health"}, "short_name": {"fi": "STM", "sv": "SHM", "en": "STM"}, "parent_id": null}], "interested": []}, {"branch": {"id": "0193a4e0-0000-7000-8000-000000000004", "code": "VM", "name": {"fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance"}, "short_name": {"fi": "VM", "sv": "FM", "en": "VM"}, "parent_id": null}, "involved": [{"id": "0193a4e0-0000-7000-8000-000000000004", "code": "VM", "name": {"fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance"}, "short_name": {"fi": "VM", "sv": "FM", "en": "VM"}, "parent_id": null}], "interested": []}]}))]
pub struct Proposal {
    #[serde(flatten)]
    pub summary: ProposalSummary,
    /// What problem: the text as written (Markdown).
    pub challenge: String,
    /// What to try: the text as written (Markdown).
    pub idea: String,
    /// `challenge` rendered to sanitised HTML.
    pub challenge_html: String,
    /// `idea` rendered to sanitised HTML.
    pub idea_html: String,
    /// The viewer may edit it now: its author or an accepted co-author, while the call
    /// takes edits.
    pub viewer_can_edit: bool,
    /// Why the viewer cannot edit it (an error code), when they cannot.
    pub edit_refusal: Option<ErrorCode>,
    /// The viewer may withdraw it now: its author alone.
    pub viewer_can_withdraw: bool,
    pub viewer_can_comment: bool,
    /// Why the viewer cannot comment on it (an error code), when they cannot.
    pub comment_refusal: Option<ErrorCode>,
    /// The decision on it: shown once the call's results are published, and before that only
    /// to admins and the call's evaluators (`null` to everyone else).
    pub decision: Option<crate::routes::decisions::view::DecisionMark>,
    /// The proposal it was merged into, when `stage` is `merged`.
    pub merged_into: Option<crate::routes::decisions::view::MergedInto>,
    /// Authors credited on it because their proposals were merged into it.
    pub credits: Vec<crate::routes::dto::UserRef>,
    /// The pilot (*kokeilu*) made from it, if any.
    pub pilot: Option<ProposalPilot>,
    /// How many would join its experiment ("we'd join this"); `GET …/interests` lists them.
    pub interest: crate::routes::interests::InterestSummary,
    /// The viewer's own declaration of interest, if any.
    pub viewer_interest: Option<crate::routes::interests::ViewerInterest>,
    /// The viewer may declare interest (`PUT …/interest`) now.
    pub viewer_can_declare_interest: bool,
    /// Why the viewer cannot declare interest (an error code: `own_proposal` for its team,
    /// `unauthenticated` for a visitor), when they cannot.
    pub interest_refusal: Option<ErrorCode>,
    /// The viewer follows it.
    pub viewer_follows: bool,
    /// How many follow it.
    pub follower_count: u64,
    /// Its reach by administrative branch: one item per branch counted in `reach`, those
    /// with involved organisations first, then by the branch's code.
    pub branches: Vec<BranchReach>,
}

/// One administrative branch a proposal reaches, with its organisations.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BranchReach {
    /// The branch: its ministry, or a top-level organisation of its own.
    pub branch: OrganisationRef,
    /// Its organisations involved in the proposal (named, the author's, accepted co-authors'), by code.
    pub involved: Vec<OrganisationRef>,
    /// Its organisations only interested in joining ("we'd join this"), by code.
    pub interested: Vec<OrganisationRef>,
}

/// The pilot a proposal became.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProposalPilot {
    pub id: Uuid,
    #[schema(example = "Yhteinen avustusrekisteri")]
    pub title: String,
    pub status: siilo_domain::pilots::PilotStatus,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalPage {
    pub items: Vec<ProposalSummary>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// How many proposals match the filters.
    pub total: u64,
    pub sort: ProposalSort,
    /// The shuffle of the `random` order (0–4294967295); send it back as `seed` to keep the order.
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 4294967295_i64, example = 3061471325_i64)]
    pub seed: Option<u32>,
}

pub(super) struct Context {
    orgs: Arc<Organisations>,
    thumbed: HashSet<Uuid>,
    own_thumbs: u64,
    audience: Audience,
    viewer: Option<siilo_domain::UserId>,
    now: DateTime<Utc>,
    /// The pilot of the one proposal a full view shows, once [`Context::with_pilot`] loaded it.
    pilot: Option<ProposalPilot>,
    /// The organisations the one proposal a full view shows reaches (id, involved).
    reached: Vec<(Uuid, bool)>,
}

impl Context {
    pub(super) async fn load(
        state: &AppState,
        viewer: &SignedInOrVisitor,
        call: &CallRecord,
        ids: &[Uuid],
    ) -> Result<Context, ApiError> {
        // From memory: a page names many organisations, and they change rarely.
        let orgs = state.organisations.get(&state.db).await?;
        let (thumbed, own_thumbs) = match viewer.id() {
            // The count matters only against a limit.
            Some(me) => match call.settings.max_thumbs_per_user {
                Some(_) => thumbs::thumbed_and_given(&state.db, me, call.id, ids).await?,
                None => (thumbs::thumbed_by(&state.db, me, ids).await?, 0),
            },
            None => (HashSet::new(), 0),
        };
        // A full view shows one proposal, with its reach by branch.
        let reached = match ids {
            [one] => siilo_store::reach::organisations(&state.db, *one).await?,
            _ => Vec::new(),
        };
        Ok(Context {
            orgs,
            thumbed,
            own_thumbs,
            audience: viewer.audience(),
            viewer: viewer.id(),
            now: Utc::now(),
            pilot: None,
            reached,
        })
    }

    /// Loads the pilot made from `proposal`, for its full view.
    pub(super) async fn with_pilot(mut self, state: &AppState, proposal: Uuid) -> Result<Context, ApiError> {
        self.pilot = siilo_store::pilots::of_proposal(&state.db, proposal)
            .await?
            .map(|(id, title, status)| ProposalPilot { id, title, status });
        Ok(self)
    }

    /// What the viewer is to the proposal: author, co-author, or neither.
    fn role(&self, p: &ProposalRecord) -> TeamRole {
        self.viewer.map_or(TeamRole::Other, |me| TeamRole::of(&p.facts(), &p.coauthor_ids(), me))
    }

    /// The audience the visibility rules judge: a co-author sees the proposal as its author.
    fn audience_for(&self, p: &ProposalRecord) -> Audience {
        team::team_audience(self.audience, &p.facts(), self.role(p))
    }

    fn org(&self, id: OrganisationId) -> Option<OrganisationRef> {
        self.orgs.get(id).map(OrganisationRef::from)
    }

    pub(super) fn summary(&self, call: &CallRecord, p: &ProposalRecord) -> ProposalSummary {
        let phase = call.state.phase_at(self.now);
        let role = self.role(p);
        let full = rules::proposal_sight(phase, &p.facts(), self.audience_for(p)) == Sight::Full;
        let thumbed = self.thumbed.contains(&p.id);
        let allowance = Allowance {
            given_in_call: self.own_thumbs,
            max_per_user: call.settings.max_thumbs_per_user,
            already_thumbed: thumbed,
        };
        let thumb = match self.viewer {
            None => calls::check_visitor(thumb_rules::check_call_takes_thumbs(phase, Allowance::default())),
            Some(me) => team::check_not_own(role)
                .and_then(|()| thumb_rules::check_can_thumb(phase, &p.facts(), me, allowance)),
        }
        .map_err(|e| ApiError::Rule(e).code());
        ProposalSummary {
            id: p.id,
            call_id: p.call_id,
            number: p.number,
            title: if full { p.title.clone() } else { String::new() },
            summary: if full { p.summary.clone() } else { String::new() },
            theme_id: p.theme_id,
            language: p.language,
            stage: p.stage,
            visibility: p.visibility,
            author: Author {
                id: p.author_id.0,
                display_name: p.author_name.clone(),
                organisation: p.author_organisation_id.and_then(|o| self.org(o)),
                erased: p.author_erased,
            },
            organisations: p.organisation_ids.iter().filter_map(|o| self.org(*o)).collect(),
            reach: p.reach,
            coauthors: p
                .coauthors
                .iter()
                .map(|c| Author {
                    id: c.user_id.0,
                    display_name: c.display_name.clone(),
                    organisation: c.organisation_id.and_then(|o| self.org(o)),
                    erased: false,
                })
                .collect(),
            thumb_count: p.thumb_count,
            comment_count: p.comment_count,
            viewer_thumbed: thumbed,
            viewer_can_thumb: thumb.is_ok(),
            thumb_refusal: thumb.err(),
            moderation: ModerationMark::of(p.visibility, p.moderation_category, p.moderation_note.as_deref()),
            viewer_can_report: self.viewer.is_some_and(|me| {
                let item = ItemFacts {
                    kind: ContentKind::Proposal,
                    author_id: p.author_id,
                    visibility: p.visibility,
                    deleted: false,
                };
                check_can_report(&item, me).is_ok()
            }),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }

    pub(super) fn full(&self, call: &CallRecord, p: ProposalRecord) -> Proposal {
        let summary = self.summary(call, &p);
        let phase = call.state.phase_at(self.now);
        let readable = rules::proposal_sight(phase, &p.facts(), self.audience_for(&p)) == Sight::Full;
        let code = |e: DomainError| ApiError::Rule(e).code();
        let (edit, comment, withdraw) = match self.viewer {
            None => (
                calls::check_visitor(rules::check_call_takes_edits(phase)).map_err(code),
                calls::check_visitor(siilo_domain::comments::check_call_takes_comments(phase)).map_err(code),
                false,
            ),
            Some(me) => (
                team::check_can_edit(phase, &p.facts(), self.role(&p)).map_err(code),
                siilo_domain::comments::check_can_comment(phase, &p.facts()).map_err(code),
                rules::check_can_edit(phase, &p.facts(), me).is_ok(),
            ),
        };
        let text = |s: String| if readable { s } else { String::new() };
        Proposal {
            summary,
            challenge: text(p.challenge),
            idea: text(p.idea),
            challenge_html: text(p.challenge_html),
            idea_html: text(p.idea_html),
            viewer_can_edit: edit.is_ok(),
            edit_refusal: edit.err(),
            viewer_can_withdraw: withdraw,
            viewer_can_comment: comment.is_ok(),
            comment_refusal: comment.err(),
            decision: None,
            merged_into: None,
            credits: Vec::new(),
            pilot: self.pilot.clone(),
            branches: self.branches(),
            interest: Default::default(),
            viewer_interest: None,
            viewer_can_declare_interest: false,
            interest_refusal: None,
            viewer_follows: false,
            follower_count: 0,
        }
    }

    /// The reached organisations grouped by branch (see [`Proposal::branches`]).
    fn branches(&self) -> Vec<BranchReach> {
        let mut out: Vec<BranchReach> = Vec::new();
        let mut reached: Vec<(&siilo_store::organisations::OrganisationRecord, bool)> = self
            .reached
            .iter()
            .filter_map(|(id, involved)| Some((self.orgs.get(OrganisationId(*id))?, *involved)))
            .collect();
        reached.sort_by(|a, b| a.0.code.cmp(&b.0.code));
        for (o, involved) in reached {
            let branch_id = o.branch_id();
            let i = match out.iter().position(|b| b.branch.id == branch_id.0) {
                Some(i) => i,
                None => {
                    let Some(branch) = self.orgs.get(branch_id) else { continue };
                    out.push(BranchReach {
                        branch: branch.into(),
                        involved: Vec::new(),
                        interested: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            if let Some(b) = out.get_mut(i) {
                if involved { b.involved.push(o.into()) } else { b.interested.push(o.into()) }
            }
        }
        out.sort_by(|a, b| {
            a.involved.is_empty().cmp(&b.involved.is_empty()).then_with(|| a.branch.code.cmp(&b.branch.code))
        });
        out
    }
}
