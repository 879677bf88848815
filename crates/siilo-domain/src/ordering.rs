//! How proposal lists are ordered, where the order is not a plain column.
//!
//! **Random** (the default): each visitor gets a seed, and the order is a fixed shuffle for
//! that seed, so every proposal is listed exactly once across pages and none wins by being
//! early. **Trending**: each thumb counts `0.5^(age in hours / 24)`: a thumb given now counts
//! 1, one given a day ago 0.5, two days ago 0.25; thumbs older than a week are left out.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The orders a proposal list can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProposalSort {
    /// A fixed shuffle per seed: fair exposure for every proposal.
    #[default]
    Random,
    /// Most thumbs first.
    Top,
    /// Latest first.
    Newest,
    /// Most comments first.
    MostCommented,
    /// Most recent thumbs first (see the module documentation).
    Trending,
    /// Best match of the search `q` first (only with `q`; its default).
    Relevance,
}

impl ProposalSort {
    /// Whether the order needs a search to be ordered by.
    pub fn needs_search(self) -> bool {
        self == ProposalSort::Relevance
    }
}

/// What a proposal is ordered by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SortFacts {
    pub id: Uuid,
    /// Unique within the call: the final tie-break.
    pub number: i32,
    pub thumb_count: i32,
    pub comment_count: i32,
    /// Σ of [`thumb_weight`] over the proposal's thumbs (only for trending).
    pub trending_score: f64,
    /// How well it matches the search, in the store's integer scale (only for relevance).
    pub relevance: i64,
}

/// A position in an order: lists run in ascending key order. Keys are total and unique
/// within a call (the number breaks ties), so a cursor holding the last key of a page
/// resumes exactly after it, whatever is inserted meanwhile.
pub type SortKey = (i128, i128, i64);

pub fn sort_key(sort: ProposalSort, seed: u32, f: &SortFacts) -> SortKey {
    let number = i64::from(f.number);
    match sort {
        ProposalSort::Random => (i128::from(random_key(u64::from(seed), f.id)), 0, number),
        ProposalSort::Top => (-i128::from(f.thumb_count), 0, number),
        ProposalSort::Newest => (-i128::from(f.number), 0, number),
        ProposalSort::MostCommented => (-i128::from(f.comment_count), 0, number),
        ProposalSort::Trending => {
            // Micro-thumb resolution keeps the key an integer.
            let score = (f.trending_score * 1_000_000.0).round() as i128;
            (-score, -i128::from(f.thumb_count), number)
        }
        ProposalSort::Relevance => (-i128::from(f.relevance), 0, number),
    }
}

/// Orders `facts` and returns the page after `after` (exclusive), at most `limit` long, and
/// whether more follow.
pub fn page(
    sort: ProposalSort,
    seed: u32,
    facts: &[SortFacts],
    after: Option<SortKey>,
    limit: usize,
) -> (Vec<(SortKey, &SortFacts)>, bool) {
    let mut keyed: Vec<(SortKey, &SortFacts)> = facts.iter().map(|f| (sort_key(sort, seed, f), f)).collect();
    keyed.sort_by_key(|(k, _)| *k);
    let start = after.map_or(0, |a| keyed.partition_point(|(k, _)| *k <= a));
    let rest = keyed.get(start..).unwrap_or_default();
    let more = rest.len() > limit;
    (rest.iter().take(limit).copied().collect(), more)
}

/// How long a list position stays usable: pages of one list share the instant their trending
/// scores are computed at, and a list left open longer than this starts again.
pub const CURSOR_MAX_AGE_DAYS: i64 = 30;
/// How far ahead of this clock a position's instant may be (another instance's clock).
pub const CURSOR_MAX_SKEW_SECONDS: i64 = 300;

/// Whether `key` at instant `at` is a position a list in `sort` could have given out, seen
/// at `now`: the instant is recent, and each part of the key is in the range [`sort_key`]
/// gives it. Arithmetic on positions is checked, so a position that does not fit is refused
/// here rather than overflowing later.
pub fn position_fits(sort: ProposalSort, key: SortKey, at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let recent = now
        .checked_sub_signed(TimeDelta::days(CURSOR_MAX_AGE_DAYS))
        .zip(now.checked_add_signed(TimeDelta::seconds(CURSOR_MAX_SKEW_SECONDS)))
        .is_some_and(|(oldest, latest)| oldest <= at && at <= latest);
    let count = |k: i128| (-i128::from(i32::MAX)..=0).contains(&k);
    let (first, second, number) = key;
    let fits = match sort {
        ProposalSort::Random => (0..=i128::from(u64::MAX)).contains(&first) && second == 0,
        ProposalSort::Top | ProposalSort::MostCommented => count(first) && second == 0,
        ProposalSort::Newest => first == -i128::from(number) && second == 0,
        ProposalSort::Trending => {
            // A score is at most one per thumb, in millionths.
            (-i128::from(i32::MAX) * 1_000_000..=0).contains(&first) && count(second)
        }
        ProposalSort::Relevance => (-i128::from(i64::MAX)..=0).contains(&first) && second == 0,
    };
    recent && fits && (0..=i64::from(i32::MAX)).contains(&number)
}

/// How far back thumbs count for trending.
pub const TRENDING_HORIZON_HOURS: i64 = 7 * 24;
const TRENDING_HALF_LIFE_HOURS: f64 = 24.0;

/// splitmix64: a fast, well-mixed 64-bit bijection (Steele, Lea & Flood 2014).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A proposal's place in the shuffle of `seed`. Stable for a seed, unrelated across seeds.
pub fn random_key(seed: u64, id: Uuid) -> u64 {
    let (hi, lo) = id.as_u64_pair();
    mix(mix(seed ^ hi) ^ lo)
}

/// The trending weight of one thumb given at `at`.
pub fn thumb_weight(at: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    let age_hours = (now - at).num_seconds().max(0) as f64 / 3600.0;
    if age_hours > TRENDING_HORIZON_HOURS as f64 {
        return 0.0;
    }
    0.5_f64.powf(age_hours / TRENDING_HALF_LIFE_HOURS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_a_stable_order_and_another_seed_another_order() {
        let ids: Vec<Uuid> = (0..50).map(|_| Uuid::now_v7()).collect();
        let order = |seed| {
            let mut v = ids.clone();
            v.sort_by_key(|id| random_key(seed, *id));
            v
        };
        assert_eq!(order(7), order(7));
        assert_ne!(order(7), order(8));
        // Creation order is not kept: the first proposal is not first.
        assert_ne!(order(7), ids);
    }

    fn facts(number: i32, thumbs: i32, comments: i32, score: f64) -> SortFacts {
        SortFacts {
            id: Uuid::now_v7(),
            number,
            thumb_count: thumbs,
            comment_count: comments,
            trending_score: score,
            relevance: i64::from(comments) * 1000,
        }
    }

    fn numbers(sort: ProposalSort, all: &[SortFacts]) -> Vec<i32> {
        page(sort, 1, all, None, 100).0.iter().map(|(_, f)| f.number).collect()
    }

    #[test]
    fn each_sort_orders_as_named_with_the_number_breaking_ties() {
        let all = [facts(1, 5, 0, 0.5), facts(2, 9, 3, 0.1), facts(3, 5, 7, 2.0), facts(4, 0, 3, 0.0)];
        assert_eq!(numbers(ProposalSort::Top, &all), vec![2, 1, 3, 4]);
        assert_eq!(numbers(ProposalSort::Newest, &all), vec![4, 3, 2, 1]);
        assert_eq!(numbers(ProposalSort::MostCommented, &all), vec![3, 2, 4, 1]);
        assert_eq!(numbers(ProposalSort::Trending, &all), vec![3, 1, 2, 4]);
        assert_eq!(numbers(ProposalSort::Relevance, &all), vec![3, 2, 4, 1]);
        assert!(ProposalSort::Relevance.needs_search() && !ProposalSort::Top.needs_search());
    }

    #[test]
    fn pages_resume_after_the_cursor_without_gaps_or_repeats() {
        let all: Vec<SortFacts> = (1..=25).map(|n| facts(n, n % 4, 0, 0.0)).collect();
        for sort in [ProposalSort::Random, ProposalSort::Top, ProposalSort::Newest] {
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let (items, more) = page(sort, 42, &all, after, 10);
                seen.extend(items.iter().map(|(_, f)| f.number));
                after = items.last().map(|(k, _)| *k);
                if !more {
                    break;
                }
            }
            let mut sorted = seen.clone();
            sorted.sort();
            assert_eq!(sorted, (1..=25).collect::<Vec<_>>(), "{sort:?}");
        }
    }

    #[test]
    fn a_proposal_added_between_pages_is_neither_repeated_nor_shifts_others() {
        let mut all: Vec<SortFacts> = (1..=10).map(|n| facts(n, 0, 0, 0.0)).collect();
        let (first, _) = page(ProposalSort::Random, 9, &all, None, 5);
        let first: Vec<i32> = first.iter().map(|(_, f)| f.number).collect();
        let after = page(ProposalSort::Random, 9, &all, None, 5).0.last().map(|(k, _)| *k);
        all.push(facts(11, 0, 0, 0.0));
        let (second, _) = page(ProposalSort::Random, 9, &all, after, 100);
        let second: Vec<i32> = second.iter().map(|(_, f)| f.number).collect();
        assert!(first.iter().all(|n| !second.contains(n)));
        assert_eq!(first.len() + second.len(), 10 + usize::from(second.contains(&11)));
    }

    #[test]
    fn recent_thumbs_weigh_more() {
        let now = Utc::now();
        assert!((thumb_weight(now, now) - 1.0).abs() < 1e-9);
        assert!((thumb_weight(now - TimeDelta::hours(24), now) - 0.5).abs() < 1e-9);
        assert!((thumb_weight(now - TimeDelta::hours(48), now) - 0.25).abs() < 1e-9);
        assert_eq!(thumb_weight(now - TimeDelta::days(8), now), 0.0);
    }

    #[test]
    fn positions_a_list_gave_out_fit() {
        let now = Utc::now();
        let f = facts(7, 3, 2, 1.5);
        for sort in [
            ProposalSort::Random,
            ProposalSort::Top,
            ProposalSort::Newest,
            ProposalSort::MostCommented,
            ProposalSort::Trending,
            ProposalSort::Relevance,
        ] {
            assert!(position_fits(sort, sort_key(sort, u32::MAX, &f), now, now), "{sort:?}");
            assert!(position_fits(sort, sort_key(sort, 1, &f), now - TimeDelta::days(29), now), "{sort:?}");
        }
    }

    #[test]
    fn crafted_positions_do_not_fit() {
        let now = Utc::now();
        let key = sort_key(ProposalSort::Trending, 1, &facts(7, 3, 2, 1.5));
        // The reported crash: trending at the earliest instant there is.
        assert!(!position_fits(ProposalSort::Trending, key, DateTime::<Utc>::MIN_UTC, now));
        assert!(!position_fits(ProposalSort::Trending, key, DateTime::<Utc>::MAX_UTC, now));
        assert!(!position_fits(ProposalSort::Trending, key, now - TimeDelta::days(31), now));
        assert!(!position_fits(ProposalSort::Trending, key, now + TimeDelta::hours(1), now));
        // Even at the limits of the clock, the check itself does not overflow.
        assert!(!position_fits(ProposalSort::Trending, key, now, DateTime::<Utc>::MIN_UTC));
        assert!(!position_fits(ProposalSort::Trending, key, now, DateTime::<Utc>::MAX_UTC));
        // Parts out of the range of their sort.
        assert!(!position_fits(ProposalSort::Random, (-1, 0, 1), now, now));
        assert!(!position_fits(ProposalSort::Relevance, (1, 0, 1), now, now));
        assert!(!position_fits(ProposalSort::Relevance, (-1, 1, 1), now, now));
        assert!(!position_fits(ProposalSort::Random, (i128::MAX, 0, 1), now, now));
        assert!(!position_fits(ProposalSort::Top, (1, 0, 1), now, now));
        assert!(!position_fits(ProposalSort::Top, (-1, 5, 1), now, now));
        assert!(!position_fits(ProposalSort::Newest, (-2, 0, 1), now, now));
        assert!(!position_fits(ProposalSort::Trending, (i128::MIN, 0, 1), now, now));
        assert!(!position_fits(ProposalSort::Top, (-1, 0, -1), now, now));
        assert!(!position_fits(ProposalSort::Top, (-1, 0, i64::MAX), now, now));
    }
}
