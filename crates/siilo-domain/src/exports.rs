//! Exports and statistics of a call: who may export, how a spreadsheet cell is kept from
//! being read as a formula, what makes a proposal cross-administrative, and which calendar
//! day in Helsinki an instant falls on.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};

use crate::DomainError;
use crate::evaluation::ReviewerStanding;
use crate::ids::OrganisationId;
use crate::roles::Role;

/// Who is exporting a call's proposals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exporter {
    /// An evaluator assigned to the call: score columns only where
    /// [`crate::evaluation::scores_revealed`] says so for them.
    Evaluator,
    /// An admin who is not assigned to the call: every score.
    Admin,
}

impl Exporter {
    /// The viewer's standing towards one proposal's reviews, from what the store knows of
    /// the exporter's own review of it.
    pub fn standing(self, own_review_submitted: bool, conflict_declared: bool) -> ReviewerStanding {
        match self {
            Exporter::Admin => ReviewerStanding::Admin,
            Exporter::Evaluator if conflict_declared => ReviewerStanding::Conflicted,
            Exporter::Evaluator if own_review_submitted => ReviewerStanding::Submitted,
            Exporter::Evaluator => ReviewerStanding::Pending,
        }
    }
}

/// May this user export the call? Assigned evaluators (still holding the role), and those
/// who run the call (`manages`: admins and the call's managers); an evaluator of other calls
/// is `not_assigned`, anyone else `role_required`. One who runs the call and is also assigned
/// exports as the evaluator, blind where they have not reviewed yet.
pub fn check_can_export(manages: bool, is_evaluator: bool, assigned: bool) -> Result<Exporter, DomainError> {
    match (manages, is_evaluator, assigned) {
        (_, true, true) => Ok(Exporter::Evaluator),
        (true, _, _) => Ok(Exporter::Admin),
        (false, true, false) => Err(DomainError::NotAssigned),
        (false, false, _) => Err(DomainError::RoleRequired(Role::Evaluator)),
    }
}

/// The first characters that make a spreadsheet read a cell as a formula (or, for tab and
/// carriage return, shift it into one), after OWASP's advice on CSV injection.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as it is safe to write into a CSV file that a spreadsheet will open: a value
/// starting with one of [`FORMULA_TRIGGERS`] gets a leading `'`, which spreadsheets show as
/// text and do not evaluate. Everything else is written as it is.
pub fn neutralise_cell(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some(c) if FORMULA_TRIGGERS.contains(&c) => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// A proposal is cross-administrative when it involves at least this many distinct
/// organisations, counting its author's and the ones it names.
pub const CROSS_ADMINISTRATIVE_MIN_ORGANISATIONS: usize = 2;

/// A proposal is cross-administrative when it reaches at least this many distinct
/// administrative branches (its stored reach, `siilo_store::reach`): VM and the Tax
/// Administration are one branch, VM and THL two.
pub const CROSS_ADMINISTRATIVE_MIN_BRANCHES: u32 = 2;

/// Does a proposal involve at least [`CROSS_ADMINISTRATIVE_MIN_ORGANISATIONS`] distinct
/// organisations? The author's organisation counts once even when the proposal names it
/// too; an author without one (an erased account) adds nothing.
pub fn is_cross_administrative(author: Option<OrganisationId>, named: &[OrganisationId]) -> bool {
    let mut all: Vec<OrganisationId> = named.iter().copied().chain(author).collect();
    all.sort();
    all.dedup();
    all.len() >= CROSS_ADMINISTRATIVE_MIN_ORGANISATIONS
}

/// `part / whole`, 0 for an empty whole: a share of proposals between 0 and 1.
pub fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let s = part as f64 / whole as f64;
    s.clamp(0.0, 1.0)
}

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    let last = first_of_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    last.checked_sub_signed(Duration::days(i64::from(back)))
}

/// Finland's offset from UTC at `at`, in hours: 3 in summer time (from 01:00 UTC on the last
/// Sunday of March to 01:00 UTC on the last Sunday of October, the EU rule), 2 otherwise.
/// Both changes fall on a whole UTC hour, so an hour's bucket lies wholly on one side.
pub fn helsinki_offset_hours(at: DateTime<Utc>) -> i64 {
    let year = at.year();
    let change = |month| {
        last_sunday(year, month).and_then(|d| d.and_hms_opt(1, 0, 0)).map(|t| Utc.from_utc_datetime(&t))
    };
    match (change(3), change(10)) {
        (Some(start), Some(end)) if at >= start && at < end => 3,
        _ => 2,
    }
}

/// The calendar day in Europe/Helsinki on which the instant `at` falls.
pub fn helsinki_date(at: DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(helsinki_offset_hours(at))).date_naive()
}

/// The weekday of a Helsinki date: kept beside [`helsinki_date`] for its tests.
#[cfg(test)]
fn weekday(d: NaiveDate) -> chrono::Weekday {
    d.weekday()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn each_formula_trigger_is_neutralised() {
        for (cell, safe) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
        ] {
            assert_eq!(neutralise_cell(cell), safe, "{cell:?}");
        }
    }

    #[test]
    fn ordinary_cells_are_left_as_they_are() {
        for cell in ["", "Yhteinen rekisteri", "1.5", "2026-12-01T10:00:00Z", " =not first", "'quoted", "a=b"]
        {
            assert!(matches!(neutralise_cell(cell), Cow::Borrowed(c) if c == cell), "{cell:?}");
        }
    }

    #[test]
    fn an_evaluator_of_the_call_exports_as_evaluator_even_when_admin() {
        assert_eq!(check_can_export(false, true, true), Ok(Exporter::Evaluator));
        assert_eq!(check_can_export(true, true, true), Ok(Exporter::Evaluator));
        assert_eq!(check_can_export(true, false, false), Ok(Exporter::Admin));
        // A role taken away ends the assignment's reach.
        assert_eq!(check_can_export(true, false, true), Ok(Exporter::Admin));
    }

    #[test]
    fn others_are_refused() {
        assert_eq!(check_can_export(false, true, false), Err(DomainError::NotAssigned));
        assert_eq!(check_can_export(false, false, false), Err(DomainError::RoleRequired(Role::Evaluator)));
        assert_eq!(check_can_export(false, false, true), Err(DomainError::RoleRequired(Role::Evaluator)));
    }

    #[test]
    fn an_evaluator_sees_scores_only_after_their_own_review_or_a_conflict() {
        use crate::evaluation::scores_revealed;
        let e = Exporter::Evaluator;
        assert!(!scores_revealed(e.standing(false, false)));
        assert!(scores_revealed(e.standing(true, false)));
        assert!(scores_revealed(e.standing(false, true)));
        assert!(scores_revealed(Exporter::Admin.standing(false, false)));
    }

    #[test]
    fn two_distinct_organisations_make_a_proposal_cross_administrative() {
        let (vm, om, stm) = (
            OrganisationId::from(uuid::Uuid::from_u128(1)),
            OrganisationId::from(uuid::Uuid::from_u128(2)),
            OrganisationId::from(uuid::Uuid::from_u128(3)),
        );
        assert!(!is_cross_administrative(Some(vm), &[]));
        assert!(!is_cross_administrative(Some(vm), &[vm]));
        assert!(!is_cross_administrative(None, &[om]));
        assert!(!is_cross_administrative(None, &[]));
        assert!(is_cross_administrative(Some(vm), &[om]));
        assert!(is_cross_administrative(Some(vm), &[vm, om]));
        assert!(is_cross_administrative(None, &[om, stm]));
    }

    #[test]
    fn a_share_is_exact_and_zero_for_no_proposals() {
        assert!((share(1, 3) - 1.0 / 3.0).abs() < f64::EPSILON);
        assert!((share(2, 2) - 1.0).abs() < f64::EPSILON);
        assert!(share(0, 0).abs() < f64::EPSILON);
    }

    #[test]
    fn helsinki_days_follow_winter_and_summer_time() {
        // Winter: UTC+2.
        assert_eq!(helsinki_date(utc("2026-12-01T21:59:59Z")), day("2026-12-01"));
        assert_eq!(helsinki_date(utc("2026-12-01T22:00:00Z")), day("2026-12-02"));
        // Summer: UTC+3.
        assert_eq!(helsinki_date(utc("2026-06-15T20:59:59Z")), day("2026-06-15"));
        assert_eq!(helsinki_date(utc("2026-06-15T21:00:00Z")), day("2026-06-16"));
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_utc_on_the_last_sundays() {
        // 2026: 29 March and 25 October are the last Sundays.
        assert_eq!(weekday(day("2026-03-29")), chrono::Weekday::Sun);
        assert_eq!(weekday(day("2026-10-25")), chrono::Weekday::Sun);
        assert_eq!(helsinki_offset_hours(utc("2026-03-29T00:59:59Z")), 2);
        assert_eq!(helsinki_offset_hours(utc("2026-03-29T01:00:00Z")), 3);
        assert_eq!(helsinki_offset_hours(utc("2026-10-25T00:59:59Z")), 3);
        assert_eq!(helsinki_offset_hours(utc("2026-10-25T01:00:00Z")), 2);
        // 2027: 28 March, 31 October.
        assert_eq!(helsinki_offset_hours(utc("2027-03-28T01:00:00Z")), 3);
        assert_eq!(helsinki_offset_hours(utc("2027-10-31T00:00:00Z")), 3);
        assert_eq!(helsinki_offset_hours(utc("2027-10-31T01:00:00Z")), 2);
    }
}
