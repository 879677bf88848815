//! Notifications by email: how each kind reaches a user (at once, in the daily digest, or
//! not at all), when the day's digest is due, and how a digest groups what it lists.
//!
//! The digest goes once a day after a configured hour, Finnish time. A pass at `now` collects
//! every notification created up to the latest such hour ([`digest_until`]) that an earlier
//! digest did not: the window of a user's digest runs from their `digested_until` (exclusive)
//! to that instant (inclusive), so that two passes, on one instance or on two, agree on it.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use strum::IntoEnumIterator;

use crate::exports::{helsinki_date, helsinki_offset_hours};
use crate::identity::EmailDelivery;
use crate::notifications::NotificationKind;

/// How long after the digest hour a pass waits before it takes that hour as its end: long
/// enough for a transaction that wrote a notification just before the hour to commit, so
/// that the notification is not left behind a digest that has already gone.
pub const DIGEST_GRACE: Duration = Duration::minutes(2);

/// How a kind reaches the user: what they chose, or the daily digest.
pub fn effective_delivery(chosen: Option<EmailDelivery>) -> EmailDelivery {
    chosen.unwrap_or_default()
}

/// One setting per notification kind, in the kinds' order: the user's choice where they made
/// one, else the default.
pub fn settings(chosen: &HashMap<NotificationKind, EmailDelivery>) -> Vec<(NotificationKind, EmailDelivery)> {
    NotificationKind::iter().map(|k| (k, effective_delivery(chosen.get(&k).copied()))).collect()
}

/// The changes of a settings update, one per kind: a kind named twice takes its last value.
pub fn dedupe_changes(
    changes: impl IntoIterator<Item = (NotificationKind, EmailDelivery)>,
) -> Vec<(NotificationKind, EmailDelivery)> {
    let mut out: Vec<(NotificationKind, EmailDelivery)> = Vec::new();
    for (kind, delivery) in changes {
        match out.iter_mut().find(|(k, _)| *k == kind) {
            Some(slot) => slot.1 = delivery,
            None => out.push((kind, delivery)),
        }
    }
    out
}

/// The instant at `hour`:00 on `date` in Helsinki. When the clock skips that hour (the spring
/// change), the instant the clock jumps; when it passes it twice (the autumn change), the
/// first time.
pub fn helsinki_hour(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    let local = date.and_hms_opt(hour.min(23), 0, 0).unwrap_or_default();
    // Summer time first: in the autumn's repeated hour it is the earlier instant.
    for offset in [3, 2] {
        let at = Utc.from_utc_datetime(&(local - Duration::hours(offset)));
        if helsinki_offset_hours(at) == offset {
            return at;
        }
    }
    // In the skipped hour neither offset holds; `local - 2 h` is where the clock jumps.
    Utc.from_utc_datetime(&(local - Duration::hours(2)))
}

/// Where a digest pass at `now` ends its window: the latest `hour`:00 in Helsinki that lies at
/// least [`DIGEST_GRACE`] before `now`.
pub fn digest_until(now: DateTime<Utc>, hour: u32) -> DateTime<Utc> {
    let settled = now - DIGEST_GRACE;
    let today = helsinki_date(settled);
    let at = helsinki_hour(today, hour);
    if at <= settled { at } else { helsinki_hour(today.pred_opt().unwrap_or(today), hour) }
}

/// Whether a user whose digests so far reach `digested_until` is due one that ends at `until`.
pub fn digest_due(digested_until: Option<DateTime<Utc>>, until: DateTime<Utc>) -> bool {
    digested_until.is_none_or(|done| done < until)
}

/// What a digest groups its notifications by: the proposal they are about, else the pilot,
/// else their kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestGroup<P, Q> {
    Proposal(P),
    Pilot(Q),
    Kind(NotificationKind),
}

impl<P, Q> DigestGroup<P, Q> {
    /// The group of a notification of `kind` about `proposal` and `pilot`. The pilot kinds
    /// group by their pilot first: a pilot made of several proposals is one story.
    pub fn of(kind: NotificationKind, proposal: Option<P>, pilot: Option<Q>) -> DigestGroup<P, Q> {
        use NotificationKind as K;
        let pilot_kind = matches!(kind, K::PilotCreated | K::PilotUpdate | K::PilotLessons);
        match (proposal, pilot) {
            (_, Some(q)) if pilot_kind => DigestGroup::Pilot(q),
            (Some(p), _) => DigestGroup::Proposal(p),
            (None, Some(q)) => DigestGroup::Pilot(q),
            (None, None) => DigestGroup::Kind(kind),
        }
    }
}

/// Groups `items` (oldest first) by `group`: the groups in the order of their first item,
/// each keeping its items' order.
pub fn group_digest<T, G: Eq + Copy>(items: Vec<T>, group: impl Fn(&T) -> G) -> Vec<(G, Vec<T>)> {
    let mut out: Vec<(G, Vec<T>)> = Vec::new();
    for item in items {
        let g = group(&item);
        match out.iter_mut().find(|(k, _)| *k == g) {
            Some((_, members)) => members.push(item),
            None => out.push((g, vec![item])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use NotificationKind as K;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn every_kind_defaults_to_the_daily_digest() {
        let all = settings(&HashMap::new());
        assert_eq!(all.len(), K::iter().count());
        assert!(all.iter().all(|(_, d)| *d == EmailDelivery::DailyDigest));
        let chosen = HashMap::from([(K::ReplyToComment, EmailDelivery::Off)]);
        let all = settings(&chosen);
        assert_eq!(all.iter().find(|(k, _)| *k == K::ReplyToComment).map(|s| s.1), Some(EmailDelivery::Off));
        assert_eq!(all.first(), Some(&(K::CommentOnProposal, EmailDelivery::DailyDigest)));
    }

    #[test]
    fn a_kind_named_twice_takes_its_last_value() {
        let changes = dedupe_changes([
            (K::PilotUpdate, EmailDelivery::Off),
            (K::CommentOnProposal, EmailDelivery::Immediately),
            (K::PilotUpdate, EmailDelivery::Immediately),
        ]);
        assert_eq!(
            changes,
            vec![
                (K::PilotUpdate, EmailDelivery::Immediately),
                (K::CommentOnProposal, EmailDelivery::Immediately)
            ]
        );
    }

    #[test]
    fn the_digest_hour_is_finnish_time_in_winter_and_summer() {
        assert_eq!(helsinki_hour(day("2026-12-10"), 7), utc("2026-12-10T05:00:00Z"));
        assert_eq!(helsinki_hour(day("2026-06-10"), 7), utc("2026-06-10T04:00:00Z"));
        assert_eq!(helsinki_hour(day("2026-12-10"), 0), utc("2026-12-09T22:00:00Z"));
    }

    #[test]
    fn a_skipped_hour_is_where_the_clock_jumps_and_a_repeated_one_its_first_time() {
        // 29 March 2026: 03:00 EET becomes 04:00 EEST (01:00 UTC).
        assert_eq!(helsinki_hour(day("2026-03-29"), 3), utc("2026-03-29T01:00:00Z"));
        assert_eq!(helsinki_hour(day("2026-03-29"), 4), utc("2026-03-29T01:00:00Z"));
        // 25 October 2026: 04:00 EEST becomes 03:00 EET (01:00 UTC); 03:00 happens twice.
        assert_eq!(helsinki_hour(day("2026-10-25"), 3), utc("2026-10-25T00:00:00Z"));
        assert_eq!(helsinki_hour(day("2026-10-25"), 5), utc("2026-10-25T03:00:00Z"));
    }

    #[test]
    fn a_pass_ends_at_the_latest_digest_hour_past_the_grace() {
        // 07:00 in Helsinki is 05:00 UTC in December.
        assert_eq!(digest_until(utc("2026-12-10T05:02:00Z"), 7), utc("2026-12-10T05:00:00Z"));
        assert_eq!(digest_until(utc("2026-12-10T05:01:59Z"), 7), utc("2026-12-09T05:00:00Z"));
        assert_eq!(digest_until(utc("2026-12-10T21:59:00Z"), 7), utc("2026-12-10T05:00:00Z"));
        // Just after midnight in Helsinki (22:30 UTC) it is already the next day there, whose
        // 07:00 has not come: the window still ends at this morning's.
        assert_eq!(digest_until(utc("2026-12-10T22:30:00Z"), 7), utc("2026-12-10T05:00:00Z"));
        // The hour 0 of the next day in Helsinki is 22:00 UTC.
        assert_eq!(digest_until(utc("2026-12-10T22:30:00Z"), 0), utc("2026-12-10T22:00:00Z"));
    }

    #[test]
    fn a_digest_is_due_once_per_window() {
        let until = utc("2026-12-10T05:00:00Z");
        assert!(digest_due(None, until));
        assert!(digest_due(Some(utc("2026-12-09T05:00:00Z")), until));
        assert!(!digest_due(Some(until), until));
        assert!(!digest_due(Some(utc("2026-12-10T06:00:00Z")), until));
    }

    #[test]
    fn a_digest_groups_by_proposal_then_pilot_then_kind_in_order_of_first_appearance() {
        let items = vec![
            (1, K::CommentOnProposal, Some('a'), None),
            (2, K::PilotUpdate, None, Some('x')),
            (3, K::ReplyToComment, Some('b'), None),
            (4, K::CommentOnProposal, Some('a'), None),
            (5, K::PilotCreated, Some('b'), Some('y')),
            (6, K::PilotLessons, None, Some('x')),
            (7, K::DecisionPublished, None, None),
        ];
        let groups = group_digest(items, |&(_, k, p, q)| DigestGroup::of(k, p, q));
        let shape: Vec<(DigestGroup<char, char>, Vec<i32>)> =
            groups.into_iter().map(|(g, xs)| (g, xs.into_iter().map(|x| x.0).collect())).collect();
        assert_eq!(
            shape,
            vec![
                (DigestGroup::Proposal('a'), vec![1, 4]),
                (DigestGroup::Pilot('x'), vec![2, 6]),
                (DigestGroup::Proposal('b'), vec![3]),
                (DigestGroup::Pilot('y'), vec![5]),
                (DigestGroup::Kind(K::DecisionPublished), vec![7]),
            ]
        );
    }
}
