//! How proposal lists are ordered. Every order is a plain indexed key the database pages
//! through (keyset pagination): a page reads a page, never the whole call.
//!
//! **Random** (the default): each visitor gets a `seed`, and the order is a fixed shuffle for
//! that seed, so every proposal is listed exactly once across pages. The database keeps, for
//! every proposal, [`SHUFFLE_SLOTS`] independent pseudo-random keys ([`shuffle_key`], a
//! splitmix64 hash of the slot and the proposal's random id); the seed picks a slot
//! ([`shuffle_slot`]) and the list runs in that slot's key order on an index. Why it is fair:
//! the keys do not depend on when a proposal was sent (the id's random bits are mixed in, and
//! the hash scatters even consecutive ids), so each slot is a uniformly random permutation of
//! the call and every proposal's expected place is the middle, whatever its number. Visitors'
//! seeds are drawn uniformly, so they spread evenly over the slots; a proposal's exposure
//! averaged over the slots varies less than in any single shuffle (by about 1/√8), and no
//! proposal is systematically first or last. What is given up against a full per-seed
//! permutation: there are only [`SHUFFLE_SLOTS`] distinct orders per call (seeds that agree
//! modulo [`SHUFFLE_SLOTS`] give the same order).
//!
//! **Trending**: each thumb counts `0.5^(age in hours / 24)`: a thumb given now counts 1,
//! one given a day ago 0.5, two days ago 0.25, with no cut-off. Stored as
//! `trending_score = Σ 2^((given − epoch) / 24 h)` per proposal, with the call's creation as
//! the epoch ([`thumb_weight`]): every proposal's decayed score is that sum times the same
//! factor `2^(−(now − epoch) / 24 h)` ([`decayed`]), so ordering by the stored sum is ordering
//! by the current decayed score at any instant: a plain column, updated by adding (or, when a
//! thumb is taken back, subtracting) one thumb's weight, never by reading the thumbs.
//!
//! The f64 range: `2^x` overflows past `x = 1024`, i.e. about 2.8 years after the epoch, and
//! loses precision below `x = −1022`. Exponents are clamped to ±[`MAX_DOUBLINGS`] (960
//! days): a thumb given more than 960 days after the call was created weighs as if given on
//! day 960, so in a call that still takes thumbs after 2.6 years trending degrades to "most
//! thumbs since then" instead of overflowing; even `i32::MAX` thumbs of the largest weight
//! sum to below 2^992, finite. Thumbs dated before the epoch (imported ones, another clock)
//! follow the same formula, with weights below 1.
//! Resolution: f64 keeps 53 bits, so a thumb older than 53 half-lives (53 days) than the
//! newest one of the same proposal no longer changes its score: exactly what decay means.
//! Taking a thumb back subtracts its weight; the rounding left over is below 2^−52 of the
//! weight of a thumb at that time, and a proposal with no thumbs left is set to exactly 0.

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
    /// Most administrative branches involved or interested first (cross-administrative reach).
    Reach,
}

impl ProposalSort {
    /// Whether the order needs a search to be ordered by.
    pub fn needs_search(self) -> bool {
        self == ProposalSort::Relevance
    }
}

/// A position in an order: the sort's key and the proposal's number, which is unique within
/// the call and breaks ties, so a cursor holding the last position of a page resumes exactly
/// after it. The key is the thumb or comment count (`top`, `most_commented`), the reach
/// (`reach`), the number
/// (`newest`), the shuffle key (`random`), or the bits of the trending score (`trending`:
/// for non-negative finite floats, the order of the bits is the order of the values).
pub type SortKey = (i64, i32);

/// How long a list position stays usable; a list left open longer than this starts again.
pub const CURSOR_MAX_AGE_DAYS: i64 = 30;
/// How far ahead of this clock a position's instant may be (another instance's clock).
pub const CURSOR_MAX_SKEW_SECONDS: i64 = 300;

/// The bits of +∞: scores are finite, so every valid one is below.
const INFINITY_BITS: i64 = 0x7FF0_0000_0000_0000;

/// Whether `key`, issued at instant `at`, is a position a list in `sort` could have given
/// out, seen at `now`: the instant is recent, and each part of the key is in the range that
/// sort gives it. Arithmetic on positions is checked, so a position that does not fit is
/// refused here rather than misread later.
pub fn position_fits(sort: ProposalSort, key: SortKey, at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let recent = now
        .checked_sub_signed(TimeDelta::days(CURSOR_MAX_AGE_DAYS))
        .zip(now.checked_add_signed(TimeDelta::seconds(CURSOR_MAX_SKEW_SECONDS)))
        .is_some_and(|(oldest, latest)| oldest <= at && at <= latest);
    let (first, number) = key;
    let fits = match sort {
        // Any 64-bit key is a shuffle key.
        ProposalSort::Random => true,
        ProposalSort::Top | ProposalSort::MostCommented | ProposalSort::Reach => {
            (0..=i64::from(i32::MAX)).contains(&first)
        }
        ProposalSort::Newest => first == i64::from(number),
        ProposalSort::Trending => (0..INFINITY_BITS).contains(&first),
        // The store's relevance: a non-negative integer.
        ProposalSort::Relevance => first >= 0,
    };
    recent && fits && number >= 1
}

/// How many shuffles the database keeps per proposal.
pub const SHUFFLE_SLOTS: i16 = 8;

/// The shuffle a seed stands for.
pub fn shuffle_slot(seed: u32) -> i16 {
    // Lossless: the remainder is below SHUFFLE_SLOTS.
    i16::try_from(seed % SHUFFLE_SLOTS.unsigned_abs() as u32).unwrap_or(0)
}

/// splitmix64: a fast, well-mixed 64-bit bijection (Steele, Lea & Flood 2014).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A proposal's place in shuffle `slot`: stable, and unrelated across slots and to the order
/// proposals were sent in. Stored with the proposal when it is created.
pub fn shuffle_key(slot: i16, id: Uuid) -> i64 {
    let (hi, lo) = id.as_u64_pair();
    // Reinterpreting the bits keeps the distribution uniform over i64.
    mix(mix(u64::from(slot.unsigned_abs()) ^ hi) ^ lo) as i64
}

/// The half-life of a thumb's trending weight.
pub const TRENDING_HALF_LIFE_HOURS: f64 = 24.0;
/// The largest exponent of a thumb's weight: 960 half-lives (days) after the epoch.
pub const MAX_DOUBLINGS: f64 = 960.0;

/// The stored trending weight of one thumb given at `given` in a call whose epoch (creation)
/// is `epoch`: `2^((given − epoch) / 24 h)`, the exponent clamped to ±[`MAX_DOUBLINGS`].
pub fn thumb_weight(given: DateTime<Utc>, epoch: DateTime<Utc>) -> f64 {
    doublings(given, epoch).exp2()
}

/// Half-lives from `epoch` to `at`, clamped to ±[`MAX_DOUBLINGS`] (and so never overflowing).
fn doublings(at: DateTime<Utc>, epoch: DateTime<Utc>) -> f64 {
    let hours = at.signed_duration_since(epoch).num_milliseconds() as f64 / 3_600_000.0;
    (hours / TRENDING_HALF_LIFE_HOURS).clamp(-MAX_DOUBLINGS, MAX_DOUBLINGS)
}

/// A stored trending score as the decayed score at `now`: `Σ 0.5^(age / 24 h)` over the
/// thumbs (given after the epoch and within the clamp). For tests and explanations: lists
/// order by the stored score, which orders the same.
pub fn decayed(score: f64, epoch: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    score * (-doublings(now, epoch)).exp2()
}

/// The score left when a thumb of `weight` is taken back from `score`, with `remaining`
/// thumbs left: never below zero, and exactly zero with no thumbs (no rounding remainder).
/// The store does the same in SQL, atomically.
pub fn score_without(score: f64, weight: f64, remaining: i64) -> f64 {
    if remaining <= 0 || score <= weight { 0.0 } else { score - weight }
}

/// The position of a trending score in a cursor.
pub fn score_key(score: f64) -> i64 {
    // Scores are finite and non-negative, so the bits fit i64 and keep the order.
    i64::try_from(score.max(0.0).to_bits()).unwrap_or(INFINITY_BITS - 1)
}

/// The trending score a cursor position stands for.
pub fn key_score(key: i64) -> f64 {
    f64::from_bits(key.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_a_stable_shuffle_and_another_slot_another_one() {
        let ids: Vec<Uuid> = (0..50).map(|_| Uuid::now_v7()).collect();
        let order = |seed| {
            let mut v = ids.clone();
            v.sort_by_key(|id| shuffle_key(shuffle_slot(seed), *id));
            v
        };
        assert_eq!(order(7), order(7));
        assert_eq!(order(7), order(7 + 8), "seeds that agree modulo the slots share a shuffle");
        assert_ne!(order(7), order(8));
        // Creation order is not kept: time-ordered ids come out scattered.
        for seed in 0..8 {
            assert_ne!(order(seed), ids);
        }
    }

    #[test]
    fn shuffles_do_not_favour_early_proposals() {
        // Over many proposals sent in order, the first half is not ahead in any slot: its
        // mean rank stays near the middle.
        let ids: Vec<Uuid> = (0..2000).map(|_| Uuid::now_v7()).collect();
        for slot in 0..SHUFFLE_SLOTS {
            let mut ranked: Vec<(i64, usize)> =
                ids.iter().enumerate().map(|(i, id)| (shuffle_key(slot, *id), i)).collect();
            ranked.sort();
            let mean_rank_of_first_half: f64 = ranked
                .iter()
                .enumerate()
                .filter(|(_, (_, created))| *created < 1000)
                .map(|(rank, _)| rank as f64)
                .sum::<f64>()
                / 1000.0;
            assert!((mean_rank_of_first_half - 999.5).abs() < 60.0, "{slot}: {mean_rank_of_first_half}");
        }
    }

    #[test]
    fn slots_cover_every_seed() {
        assert_eq!(shuffle_slot(0), 0);
        assert_eq!(shuffle_slot(9), 1);
        assert_eq!(shuffle_slot(u32::MAX), SHUFFLE_SLOTS - 1);
    }

    #[test]
    fn a_thumb_weighs_double_a_day_later_and_decays_by_half_a_day() {
        let epoch = Utc::now();
        assert_eq!(thumb_weight(epoch, epoch), 1.0);
        assert_eq!(thumb_weight(epoch + TimeDelta::hours(24), epoch), 2.0);
        assert_eq!(thumb_weight(epoch + TimeDelta::hours(48), epoch), 4.0);
        assert!((thumb_weight(epoch + TimeDelta::hours(12), epoch) - 2_f64.sqrt()).abs() < 1e-12);
        // Seen now, a thumb from a day ago counts 0.5, one from two days ago 0.25.
        let now = epoch + TimeDelta::hours(72);
        let score = thumb_weight(now, epoch)
            + thumb_weight(now - TimeDelta::hours(24), epoch)
            + thumb_weight(now - TimeDelta::hours(48), epoch);
        assert!((decayed(score, epoch, now) - 1.75).abs() < 1e-12);
    }

    #[test]
    fn the_stored_order_is_the_decayed_order_at_any_instant() {
        let epoch = Utc::now();
        // One thumb now against two thumbs 25 hours ago: the fresh one leads, and keeps
        // leading as time passes, with no stored value changed.
        let fresh = thumb_weight(epoch + TimeDelta::hours(100), epoch);
        let older = 2.0 * thumb_weight(epoch + TimeDelta::hours(75), epoch);
        assert!(fresh > older);
        for later in [100, 150, 1000] {
            let now = epoch + TimeDelta::hours(later);
            assert!(decayed(fresh, epoch, now) > decayed(older, epoch, now));
        }
    }

    #[test]
    fn weights_stay_finite_at_the_edges_of_time() {
        let epoch = Utc::now();
        // Before the epoch (another clock, an import): the same formula, below 1 and above 0.
        assert_eq!(thumb_weight(epoch - TimeDelta::days(3), epoch), 0.125);
        assert_eq!(thumb_weight(DateTime::<Utc>::MIN_UTC, epoch), (-MAX_DOUBLINGS).exp2());
        assert!((-MAX_DOUBLINGS).exp2().is_normal());
        // Past the clamp: as on day 960, and far beyond still finite.
        let cap = MAX_DOUBLINGS.exp2();
        assert_eq!(thumb_weight(epoch + TimeDelta::days(960), epoch), cap);
        assert_eq!(thumb_weight(epoch + TimeDelta::days(5000), epoch), cap);
        assert_eq!(thumb_weight(DateTime::<Utc>::MAX_UTC, epoch), cap);
        // Every thumb there can be, each of the largest weight, still sums finitely.
        assert!((cap * f64::from(i32::MAX)).is_finite());
        assert!(score_key(cap * f64::from(i32::MAX)) < INFINITY_BITS);
        assert!(decayed(cap, epoch, DateTime::<Utc>::MAX_UTC).is_finite());
    }

    #[test]
    fn taking_a_thumb_back_never_goes_below_zero_and_the_last_one_leaves_zero() {
        assert_eq!(score_without(3.0, 2.0, 1), 1.0);
        assert_eq!(score_without(1.0 + 1e-16, 1.0, 0), 0.0);
        // A rounding remainder with thumbs left is not allowed to go negative.
        assert_eq!(score_without(1.0, 1.0 + 1e-12, 2), 0.0);
        // Rounding: a huge and a tiny weight added, the huge one taken back.
        let tiny = 1.0;
        let huge = 60_f64.exp2();
        let left = score_without(tiny + huge, huge, 1);
        assert!(left.abs() <= huge * f64::EPSILON);
    }

    #[test]
    fn score_keys_keep_the_order_of_scores() {
        let scores = [0.0, 1e-300, 0.5, 1.0, 1.0 + f64::EPSILON, 2.0, 1e300];
        for pair in scores.windows(2) {
            assert!(score_key(pair[0]) < score_key(pair[1]));
            assert_eq!(key_score(score_key(pair[1])), pair[1]);
        }
    }

    #[test]
    fn positions_a_list_gave_out_fit() {
        let now = Utc::now();
        let keys = [
            (ProposalSort::Random, (i64::MIN, 7)),
            (ProposalSort::Random, (i64::MAX, 7)),
            (ProposalSort::Top, (3, 7)),
            (ProposalSort::Newest, (7, 7)),
            (ProposalSort::MostCommented, (0, 7)),
            (ProposalSort::Reach, (2, 7)),
            (ProposalSort::Trending, (score_key(1.5), 7)),
            (ProposalSort::Trending, (score_key(MAX_DOUBLINGS.exp2() * 1e9), i32::MAX)),
        ];
        for (sort, key) in keys {
            assert!(position_fits(sort, key, now, now), "{sort:?}");
            assert!(position_fits(sort, key, now - TimeDelta::days(29), now), "{sort:?}");
        }
    }

    #[test]
    fn crafted_positions_do_not_fit() {
        let now = Utc::now();
        let key = (score_key(1.5), 7);
        assert!(!position_fits(ProposalSort::Trending, key, DateTime::<Utc>::MIN_UTC, now));
        assert!(!position_fits(ProposalSort::Trending, key, DateTime::<Utc>::MAX_UTC, now));
        assert!(!position_fits(ProposalSort::Trending, key, now - TimeDelta::days(31), now));
        assert!(!position_fits(ProposalSort::Trending, key, now + TimeDelta::hours(1), now));
        // Even at the limits of the clock, the check itself does not overflow.
        assert!(!position_fits(ProposalSort::Trending, key, now, DateTime::<Utc>::MIN_UTC));
        assert!(!position_fits(ProposalSort::Trending, key, now, DateTime::<Utc>::MAX_UTC));
        // Parts out of the range of their sort.
        assert!(!position_fits(ProposalSort::Top, (-1, 1), now, now));
        assert!(!position_fits(ProposalSort::Top, (i64::from(i32::MAX) + 1, 1), now, now));
        assert!(!position_fits(ProposalSort::Newest, (2, 1), now, now));
        assert!(!position_fits(ProposalSort::Reach, (-1, 1), now, now));
        assert!(!position_fits(ProposalSort::Trending, (-1, 1), now, now));
        assert!(!position_fits(ProposalSort::Trending, (INFINITY_BITS, 1), now, now));
        assert!(!position_fits(ProposalSort::Top, (1, 0), now, now));
        assert!(!position_fits(ProposalSort::Random, (1, -1), now, now));
    }
}
