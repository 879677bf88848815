//! The legal pages a user accepts (terms of use, privacy notice) and the guard that asks for
//! the current versions before a user takes part.
//!
//! The current versions are read from the database on each check (one statement on the
//! primary key's index, `siilo_store::legal::current_versions`) rather than kept in memory:
//! only acts of taking part and `GET /me` ask, and a fresh read is right at once on every
//! instance after an admin publishes, with nothing to invalidate.

use siilo_domain::identity::LegalKind;
use siilo_domain::legal::{self, AcceptedVersions};
use siilo_store::ConnectionTrait;
use siilo_store::legal::Texts;
use siilo_store::users::UserRecord;

use crate::error::ApiError;
use crate::state::AppState;

/// The versions `user` has accepted.
pub fn accepted_by(user: &UserRecord) -> AcceptedVersions {
    AcceptedVersions { terms: user.terms_version, privacy: user.privacy_version }
}

/// Refuses (`terms_not_accepted`) a user who has not accepted the current terms of use and
/// privacy notice.
pub async fn check_accepted(state: &AppState, user: &UserRecord) -> Result<(), ApiError> {
    let current = siilo_store::legal::current_versions(&state.db).await?;
    Ok(legal::check_accepted(accepted_by(user), current)?)
}

/// The pages whose current version `user` has not accepted (`Me.must_accept`).
pub async fn must_accept(db: &impl ConnectionTrait, user: &UserRecord) -> Result<Vec<LegalKind>, ApiError> {
    let current = siilo_store::legal::current_versions(db).await?;
    Ok(legal::must_accept(accepted_by(user), current))
}

/// Renders each language of a page's Markdown to safe HTML.
pub fn render(body: &Texts) -> Texts {
    use crate::markdown::to_safe_html;
    Texts { fi: to_safe_html(&body.fi), sv: to_safe_html(&body.sv), en: to_safe_html(&body.en) }
}

/// Renders the pages stored without their HTML (the first versions, seeded by migration
/// `m20261205_000006`): the renderer lives here, so a migration cannot run it. A no-op once
/// every version has its HTML.
pub async fn render_missing_html(db: &siilo_store::Db) -> Result<(), siilo_store::DbErr> {
    for document in siilo_store::legal::without_html(db).await? {
        let html = render(&document.body);
        siilo_store::legal::set_html(db, document.kind, document.version, html).await?;
    }
    Ok(())
}
