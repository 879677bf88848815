//! Calls (*haut*) and their phase. The phase is derived from the clock and a few stored
//! facts, never stored itself: a call opens, closes for submissions and closes for voting
//! by itself as time passes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::DomainError;

/// Where a call is in its life. Only the facts that an admin sets (publishing, publishing
/// results, archiving) are stored; the rest follows from the window and `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum Phase {
    /// Not published: visible to admins only.
    Draft,
    /// Published, before `opens_at`.
    Upcoming,
    /// Submissions, edits, thumbs and comments.
    Open,
    /// After `submissions_close_at`: thumbs and comments only.
    Voting,
    /// After `voting_closes_at`: read-only for participants; evaluators work.
    Review,
    /// Decisions published by an admin.
    Results,
    /// Closed and kept for the record.
    Archived,
}

impl Phase {
    pub fn takes_submissions(self) -> bool {
        self == Phase::Open
    }

    /// Authors may edit and withdraw their proposals only while submissions are open.
    pub fn takes_edits(self) -> bool {
        self == Phase::Open
    }

    pub fn takes_thumbs(self) -> bool {
        matches!(self, Phase::Open | Phase::Voting)
    }

    pub fn takes_comments(self) -> bool {
        matches!(self, Phase::Open | Phase::Voting)
    }
}

/// A call's window: `opens_at < submissions_close_at <= voting_closes_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub opens_at: DateTime<Utc>,
    pub submissions_close_at: DateTime<Utc>,
    pub voting_closes_at: DateTime<Utc>,
}

impl Window {
    /// The only constructor: a window in the wrong order is refused.
    pub fn new(
        opens_at: DateTime<Utc>,
        submissions_close_at: DateTime<Utc>,
        voting_closes_at: DateTime<Utc>,
    ) -> Result<Window, DomainError> {
        if opens_at >= submissions_close_at {
            return Err(DomainError::WindowOrder { field: "submissions_close_at" });
        }
        if submissions_close_at > voting_closes_at {
            return Err(DomainError::WindowOrder { field: "voting_closes_at" });
        }
        Ok(Window { opens_at, submissions_close_at, voting_closes_at })
    }
}

/// What the phase of a call follows from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallState {
    pub window: Window,
    pub published: bool,
    pub results_published: bool,
    pub archived: bool,
}

impl CallState {
    /// The phase at `now`. Boundaries belong to the later phase: at exactly `opens_at` the
    /// call is open, at exactly `submissions_close_at` it is voting.
    pub fn phase_at(&self, now: DateTime<Utc>) -> Phase {
        let w = &self.window;
        if self.archived {
            Phase::Archived
        } else if !self.published {
            Phase::Draft
        } else if self.results_published {
            Phase::Results
        } else if now < w.opens_at {
            Phase::Upcoming
        } else if now < w.submissions_close_at {
            Phase::Open
        } else if now < w.voting_closes_at {
            Phase::Voting
        } else {
            Phase::Review
        }
    }
}

/// Distinct reporters that hide content until a moderator decides, when a new call does not
/// say otherwise.
pub const DEFAULT_REPORT_THRESHOLD: u32 = 3;

/// A proposal's theme, when it has one, must be one of its call's themes.
pub fn check_theme_in_call(
    theme: Option<uuid::Uuid>,
    call_themes: impl IntoIterator<Item = uuid::Uuid>,
) -> Result<(), DomainError> {
    match theme {
        Some(theme) if !call_themes.into_iter().any(|t| t == theme) => Err(DomainError::ThemeNotInCall),
        _ => Ok(()),
    }
}

/// A call in draft is seen by those who manage it only (admins manage every call).
pub fn is_visible(phase: Phase, viewer_manages: bool) -> bool {
    phase != Phase::Draft || viewer_manages
}

/// Publishing makes a draft visible; doing it twice is harmless, but an archived call
/// stays archived.
pub fn check_can_publish(state: &CallState) -> Result<(), DomainError> {
    if state.archived { Err(DomainError::CallArchived) } else { Ok(()) }
}

/// The refusal order for a visitor (not signed in) asking to act in a call: what the call's
/// phase refuses everyone comes first, so that a visitor to a call that takes nothing (review,
/// results, archived) is told it is closed; only a call that would take the action asks them
/// to sign in. `phase_check` is the action's phase-only check (such as
/// [`crate::comments::check_call_takes_comments`]); it feeds the `viewer.*_refusal` fields.
pub fn check_visitor(phase_check: Result<(), DomainError>) -> Result<(), DomainError> {
    phase_check?;
    Err(DomainError::SignInRequired)
}

/// How a call treats new proposals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum ModerationMode {
    /// Proposals show at once; moderators act afterwards.
    #[default]
    Post,
    /// A moderator approves each proposal before it shows.
    Pre,
}

/// A URL-safe slug: 3–80 lower-case letters, digits and single inner dashes.
pub fn is_valid_slug(slug: &str) -> bool {
    (3..=80).contains(&slug.len())
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

/// Running a call is for its managers (admins manage every call): `not_call_manager`.
pub fn check_may_manage(manages: bool) -> Result<(), DomainError> {
    if manages { Ok(()) } else { Err(DomainError::NotCallManager) }
}

/// Who may create a call: admins, and the managers of an organisation's calls (for a call
/// that organisation hosts). A manager of single calls only may not: `not_call_manager`.
pub fn check_may_create(is_admin: bool, manages_organisations: bool) -> Result<(), DomainError> {
    check_may_manage(is_admin || manages_organisations)
}

/// The host organisation a call may be given. An admin gives any organisation, or none. Anyone
/// else (a call manager) keeps the host as it is (`current`), or gives one of the
/// organisations whose calls they manage; never none, so that they cannot hand the call away
/// from every organisation: `not_call_manager`.
pub fn check_host_organisation(
    is_admin: bool,
    current: Option<uuid::Uuid>,
    requested: Option<uuid::Uuid>,
    managed_organisations: &[uuid::Uuid],
) -> Result<(), DomainError> {
    if is_admin || (requested.is_some() && requested == current) {
        return Ok(());
    }
    match requested {
        Some(org) if managed_organisations.contains(&org) => Ok(()),
        _ => Err(DomainError::NotCallManager),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    #[test]
    fn a_proposal_theme_must_be_one_of_its_call() {
        let (a, b) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        assert_eq!(check_theme_in_call(None, []), Ok(()));
        assert_eq!(check_theme_in_call(Some(a), [b, a]), Ok(()));
        assert_eq!(check_theme_in_call(Some(a), [b]), Err(DomainError::ThemeNotInCall));
        assert_eq!(check_theme_in_call(Some(a), []), Err(DomainError::ThemeNotInCall));
    }

    #[test]
    fn phases_and_moderation_modes_keep_their_names() {
        crate::assert_stored_names_match_serde::<Phase>();
        crate::assert_stored_names_match_serde::<ModerationMode>();
        assert_eq!(ModerationMode::Pre.into_str(), "pre");
        assert!("Pre".parse::<ModerationMode>().is_err());
    }

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, h, m, s).single().unwrap()
    }

    fn call() -> CallState {
        CallState {
            window: Window::new(at(9, 0, 0), at(12, 0, 0), at(15, 0, 0)).unwrap(),
            published: true,
            results_published: false,
            archived: false,
        }
    }

    #[test]
    fn a_visitor_hears_that_a_closed_call_takes_nothing_before_being_asked_to_sign_in() {
        use crate::{comments, proposals, thumbs};
        let c = call();
        let review = c.phase_at(at(16, 0, 0));
        assert_eq!(review, Phase::Review);
        let no_allowance = thumbs::Allowance::default();
        assert_eq!(
            check_visitor(proposals::check_can_submit(review, 0, None)),
            Err(DomainError::CallNotOpen)
        );
        assert_eq!(
            check_visitor(thumbs::check_call_takes_thumbs(review, no_allowance)),
            Err(DomainError::CallNotAcceptingThumbs)
        );
        assert_eq!(
            check_visitor(comments::check_call_takes_comments(review)),
            Err(DomainError::CallNotAcceptingComments)
        );
        assert_eq!(check_visitor(proposals::check_call_takes_edits(review)), Err(DomainError::CallNotOpen));

        let open = c.phase_at(at(10, 0, 0));
        assert_eq!(
            check_visitor(proposals::check_can_submit(open, 0, None)),
            Err(DomainError::SignInRequired)
        );
        assert_eq!(
            check_visitor(thumbs::check_call_takes_thumbs(open, no_allowance)),
            Err(DomainError::SignInRequired)
        );
        assert_eq!(
            check_visitor(comments::check_call_takes_comments(open)),
            Err(DomainError::SignInRequired)
        );
        let voting = c.phase_at(at(13, 0, 0));
        assert_eq!(
            check_visitor(proposals::check_can_submit(voting, 0, None)),
            Err(DomainError::CallNotOpen)
        );
        assert_eq!(
            check_visitor(thumbs::check_call_takes_thumbs(voting, no_allowance)),
            Err(DomainError::SignInRequired)
        );
    }

    #[test]
    fn the_phase_follows_the_clock_at_every_boundary() {
        let c = call();
        let second = TimeDelta::seconds(1);
        assert_eq!(c.phase_at(at(9, 0, 0) - second), Phase::Upcoming);
        assert_eq!(c.phase_at(at(9, 0, 0)), Phase::Open);
        assert_eq!(c.phase_at(at(12, 0, 0) - second), Phase::Open);
        assert_eq!(c.phase_at(at(12, 0, 0)), Phase::Voting);
        assert_eq!(c.phase_at(at(15, 0, 0) - second), Phase::Voting);
        assert_eq!(c.phase_at(at(15, 0, 0)), Phase::Review);
        assert_eq!(c.phase_at(at(23, 0, 0)), Phase::Review);
    }

    #[test]
    fn stored_facts_override_the_clock() {
        let draft = CallState { published: false, ..call() };
        assert_eq!(draft.phase_at(at(10, 0, 0)), Phase::Draft);
        let results = CallState { results_published: true, ..call() };
        assert_eq!(results.phase_at(at(10, 0, 0)), Phase::Results);
        let archived = CallState { archived: true, published: false, ..call() };
        assert_eq!(archived.phase_at(at(10, 0, 0)), Phase::Archived);
    }

    #[test]
    fn a_window_with_no_voting_time_is_allowed() {
        let w = Window::new(at(9, 0, 0), at(12, 0, 0), at(12, 0, 0)).unwrap();
        let c = CallState { window: w, ..call() };
        assert_eq!(c.phase_at(at(12, 0, 0)), Phase::Review);
    }

    #[test]
    fn a_window_in_the_wrong_order_is_refused() {
        assert_eq!(
            Window::new(at(12, 0, 0), at(12, 0, 0), at(15, 0, 0)),
            Err(DomainError::WindowOrder { field: "submissions_close_at" })
        );
        assert_eq!(
            Window::new(at(9, 0, 0), at(12, 0, 1), at(12, 0, 0)),
            Err(DomainError::WindowOrder { field: "voting_closes_at" })
        );
    }

    #[test]
    fn what_each_phase_allows() {
        use Phase::*;
        let allows =
            |p: Phase| (p.takes_submissions(), p.takes_edits(), p.takes_thumbs(), p.takes_comments());
        assert_eq!(allows(Draft), (false, false, false, false));
        assert_eq!(allows(Upcoming), (false, false, false, false));
        assert_eq!(allows(Open), (true, true, true, true));
        assert_eq!(allows(Voting), (false, false, true, true));
        assert_eq!(allows(Review), (false, false, false, false));
        assert_eq!(allows(Results), (false, false, false, false));
        assert_eq!(allows(Archived), (false, false, false, false));
    }

    #[test]
    fn calls_are_created_by_admins_and_organisation_managers() {
        assert_eq!(check_may_create(true, false), Ok(()));
        assert_eq!(check_may_create(false, true), Ok(()));
        assert_eq!(check_may_create(false, false), Err(DomainError::NotCallManager));
    }

    #[test]
    fn a_manager_hosts_calls_only_in_their_organisations() {
        let (kela, vero) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        assert_eq!(check_host_organisation(true, None, Some(vero), &[]), Ok(()));
        assert_eq!(check_host_organisation(true, Some(kela), None, &[]), Ok(()));
        assert_eq!(check_host_organisation(false, None, Some(kela), &[kela]), Ok(()));
        assert_eq!(check_host_organisation(false, Some(kela), Some(kela), &[]), Ok(()), "unchanged");
        assert_eq!(
            check_host_organisation(false, None, Some(vero), &[kela]),
            Err(DomainError::NotCallManager)
        );
        assert_eq!(
            check_host_organisation(false, Some(kela), None, &[kela]),
            Err(DomainError::NotCallManager)
        );
        assert_eq!(check_host_organisation(false, None, None, &[kela]), Err(DomainError::NotCallManager));
        assert_eq!(
            check_host_organisation(false, Some(kela), Some(vero), &[kela]),
            Err(DomainError::NotCallManager)
        );
    }

    #[test]
    fn drafts_are_for_admins() {
        assert!(!is_visible(Phase::Draft, false));
        assert!(is_visible(Phase::Draft, true));
        assert!(is_visible(Phase::Open, false));
    }

    #[test]
    fn slugs_are_url_safe() {
        assert!(is_valid_slug("siilonmurtajat-2026"));
        assert!(!is_valid_slug("Siilo"));
        assert!(!is_valid_slug("ab"));
        assert!(!is_valid_slug("-siilo"));
        assert!(!is_valid_slug("siilo--2026"));
        assert!(!is_valid_slug("siilö"));
    }
}
