//! What a pilot looks like in responses.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use siilo_domain::OrganisationId;
use siilo_domain::accounts::Language;
use siilo_domain::pilots::{PilotRole, PilotStatus};
use siilo_store::pilots::{PilotRecord, PilotSummaryRecord, UpdateRecord};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::routes::calls::FinnishRequiredText;
use crate::routes::dto::{OrganisationRef, UserRef};
use crate::state::organisations::Organisations;

/// The call a pilot came from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PilotCall {
    pub id: Uuid,
    #[schema(example = "siilonmurtajat-2026")]
    pub slug: String,
    pub title: FinnishRequiredText,
}

/// A pilot as the showcase lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f9-1a2b-7c3d-8e4f-5a6b7c8d9e21", "title": "Yhteinen avustusrekisteri", "status": "running", "owner_organisation": {"id": "0193a4e0-0000-7000-8000-000000000004", "code": "VM", "name": {"fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance"}, "short_name": {"fi": "VM", "sv": "FM", "en": "VM"}}, "partner_organisations": [], "call": {"id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "slug": "siilonmurtajat-2026", "title": {"fi": "Siilonmurtajat 2026", "sv": null, "en": null}}, "starts_on": "2027-02-01", "ends_on": "2027-07-31", "updates": 3, "last_update_on": "2027-04-15", "has_lessons": false, "followers": 12}))]
pub struct PilotSummary {
    pub id: Uuid,
    pub title: String,
    pub status: PilotStatus,
    pub owner_organisation: OrganisationRef,
    pub partner_organisations: Vec<OrganisationRef>,
    /// The call of its (first) source proposal.
    pub call: Option<PilotCall>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// How many progress updates it has.
    pub updates: u64,
    /// The `happened_on` of its latest update.
    pub last_update_on: Option<NaiveDate>,
    /// Its lessons learned are published.
    pub has_lessons: bool,
    /// How many users follow it.
    pub followers: u64,
}

/// A source proposal of a pilot.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PilotProposal {
    pub id: Uuid,
    pub number: i32,
    pub title: String,
    pub call_id: Uuid,
    pub author: UserRef,
}

/// Who to ask about a pilot.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PilotContact {
    #[schema(example = "Maija Meikäläinen")]
    pub name: String,
    #[schema(example = "maija.meikalainen@vm.fi")]
    pub email: Option<String>,
}

/// What the pilot learned, as written (Markdown) and rendered to sanitised HTML.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PilotLessons {
    pub worked: String,
    pub worked_html: String,
    pub not_worked: String,
    pub not_worked_html: String,
    pub recommendations: String,
    pub recommendations_html: String,
    /// When they were first published.
    pub published_at: DateTime<Utc>,
}

/// What the viewer may do with a pilot.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PilotViewer {
    pub following: bool,
    /// May `PATCH` it (the team some fields, an admin all).
    pub can_edit: bool,
    /// May post updates and write the lessons (the team and admins).
    pub can_post: bool,
}

/// A pilot in full.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Pilot {
    #[serde(flatten)]
    pub summary: PilotSummary,
    /// The goal as written (Markdown).
    pub goal: String,
    /// `goal` rendered to sanitised HTML.
    pub goal_html: String,
    pub language: Language,
    pub contact: PilotContact,
    /// The proposals it was made from.
    pub proposals: Vec<PilotProposal>,
    /// The source proposals' authors and those credited on them through merges.
    pub credited: Vec<UserRef>,
    pub team: Vec<UserRef>,
    /// `null` until the team publishes them.
    pub lessons: Option<PilotLessons>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub viewer: PilotViewer,
}

/// A dated progress update.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PilotUpdate {
    pub id: Uuid,
    /// The day it tells of.
    pub happened_on: NaiveDate,
    pub title: String,
    /// As written (Markdown).
    pub body: String,
    /// `body` rendered to sanitised HTML.
    pub body_html: String,
    /// `null` when the author's account is gone.
    pub author: Option<UserRef>,
    pub created_at: DateTime<Utc>,
}

/// One page of the showcase.
#[derive(Debug, Serialize, ToSchema)]
pub struct PilotPage {
    /// Newest `starts_on` first.
    pub items: Vec<PilotSummary>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// How many pilots match the filters.
    pub total: u64,
}

/// One page of a pilot's updates.
#[derive(Debug, Serialize, ToSchema)]
pub struct PilotUpdatePage {
    /// Newest `happened_on` first.
    pub items: Vec<PilotUpdate>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// How many updates the pilot has.
    pub total: u64,
}

fn user((id, display_name): (Uuid, String)) -> UserRef {
    UserRef { id, display_name }
}

/// An organisation the store names; one that has gone since shows by its id alone.
fn org(orgs: &Organisations, id: Uuid) -> OrganisationRef {
    orgs.get(OrganisationId(id)).map(OrganisationRef::from).unwrap_or_else(|| OrganisationRef {
        id,
        code: String::new(),
        name: crate::routes::dto::AllLanguagesText {
            fi: String::new(),
            sv: String::new(),
            en: String::new(),
        },
        short_name: crate::routes::dto::ShortNames {
            fi: String::new(),
            sv: String::new(),
            en: String::new(),
        },
        parent_id: None,
    })
}

pub fn summary(orgs: &Organisations, r: PilotSummaryRecord) -> PilotSummary {
    PilotSummary {
        id: r.id,
        title: r.title,
        status: r.status,
        owner_organisation: org(orgs, r.owner_organisation_id),
        partner_organisations: r.partner_organisation_ids.iter().map(|o| org(orgs, *o)).collect(),
        call: r.call.map(|c| PilotCall { id: c.id, slug: c.slug, title: c.title.into() }),
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        updates: r.updates,
        last_update_on: r.last_update_on,
        has_lessons: r.has_lessons,
        followers: r.followers,
    }
}

pub fn full(orgs: &Organisations, r: PilotRecord, role: PilotRole, following: bool) -> Pilot {
    Pilot {
        summary: summary(orgs, r.summary),
        goal: r.goal,
        goal_html: r.goal_html,
        language: r.language,
        contact: PilotContact { name: r.contact_name, email: r.contact_email },
        proposals: r
            .proposals
            .into_iter()
            .map(|p| PilotProposal {
                id: p.id,
                number: p.number,
                title: p.title,
                call_id: p.call_id,
                author: user(p.author),
            })
            .collect(),
        credited: r.credited.into_iter().map(user).collect(),
        team: r.team.into_iter().map(user).collect(),
        lessons: r.lessons.map(|(l, published_at)| PilotLessons {
            worked: l.worked,
            worked_html: l.worked_html,
            not_worked: l.not_worked,
            not_worked_html: l.not_worked_html,
            recommendations: l.recommendations,
            recommendations_html: l.recommendations_html,
            published_at,
        }),
        created_at: r.created_at,
        updated_at: r.updated_at,
        viewer: PilotViewer { following, can_edit: role.can_edit(), can_post: role.can_edit() },
    }
}

pub fn update(r: UpdateRecord) -> PilotUpdate {
    PilotUpdate {
        id: r.id,
        happened_on: r.happened_on,
        title: r.title,
        body: r.body,
        body_html: r.body_html,
        author: r.author.map(user),
        created_at: r.created_at,
    }
}
