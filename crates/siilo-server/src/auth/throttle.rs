//! The lock-out around password checks, shared by the login and the password change: the
//! rules are `siilo_domain::login_throttle`, the counting `siilo_store::login_throttles`.

use chrono::Utc;
use siilo_domain::login_throttle::Bucket;
use siilo_store::login_throttles;

use crate::error::ApiError;
use crate::state::AppState;

/// Checks a password under the lock-out: a place in the bucket is taken before the slow
/// argon2 check, so no more than the allowed number of wrong passwords is ever judged per
/// bucket and window, however many arrive at once; a right password gives its place back.
/// `stored` is `None` for an unknown email, which costs the same time and counts the same.
pub async fn judge_password(
    state: &AppState,
    bucket: &Bucket,
    stored: Option<String>,
    password: String,
) -> Result<bool, ApiError> {
    let policy = &state.config.login_throttle;
    let key = bucket.key();
    let now = Utc::now();
    if !login_throttles::reserve(&state.db, &key, &policy.reservation(now)).await? {
        let current = login_throttles::get(&state.db, &key).await?;
        return Err(policy.refusal(current.as_ref(), now).into());
    }
    let verified = state.passwords.verify(password, stored).await?;
    if verified {
        login_throttles::release(&state.db, &key, policy.max_failures).await?;
    }
    Ok(verified)
}
