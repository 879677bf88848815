//! How proposal lists are ordered, where the order is not a plain column.
//!
//! **Random** (the default): each visitor gets a seed, and the order is a fixed shuffle for
//! that seed, so every proposal is listed exactly once across pages and none wins by being
//! early. **Trending**: each thumb counts `0.5^(age in hours / 24)`: a thumb given now counts
//! 1, one given a day ago 0.5, two days ago 0.25; thumbs older than a week are left out.

use chrono::{DateTime, Utc};
use uuid::Uuid;

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
    use chrono::TimeDelta;

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

    #[test]
    fn recent_thumbs_weigh_more() {
        let now = Utc::now();
        assert!((thumb_weight(now, now) - 1.0).abs() < 1e-9);
        assert!((thumb_weight(now - TimeDelta::hours(24), now) - 0.5).abs() < 1e-9);
        assert!((thumb_weight(now - TimeDelta::hours(48), now) - 0.25).abs() < 1e-9);
        assert_eq!(thumb_weight(now - TimeDelta::days(8), now), 0.0);
    }
}
