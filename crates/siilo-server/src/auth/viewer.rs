//! Who is behind a request, as two extractors: [`SignedIn`] for routes that need an account
//! (401 without a token) and [`SignedInOrVisitor`] for routes that anyone may call. Both
//! reduce to an [`Audience`] for the visibility rules.
//!
//! The signed-in user behind a request. The token's signature and expiry are checked, then
//! the session and the user are looked up, so that a logout, a password change or a block
//! takes effect on the very next request.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use siilo_domain::proposals::Audience;
use siilo_domain::roles::Role;
use siilo_domain::{DomainError, SessionId, roles};
use siilo_store::users::UserRecord;

use crate::error::{ApiError, AuthFailure};
use crate::state::AppState;

/// A signed-in, unblocked user with a live session. Extracting it answers 401 (no token, or
/// a bad one) or 403 (blocked) itself.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: UserRecord,
    pub session: SessionId,
}

impl SignedIn {
    pub fn id(&self) -> siilo_domain::UserId {
        self.user.id
    }

    /// The one guard for role-gated routes.
    pub fn require(&self, role: Role) -> Result<(), DomainError> {
        roles::check_role(&self.user.roles, role)
    }

    pub fn is_admin(&self) -> bool {
        self.user.roles.has(Role::Admin)
    }

    /// Moderators and admins see pending and hidden content.
    pub fn moderates(&self) -> bool {
        self.user.roles.has(Role::Moderator) || self.is_admin()
    }

    /// What the visibility rules know of this user.
    pub fn audience(&self) -> Audience {
        Audience { id: Some(self.id()), moderates: self.moderates(), admin: self.is_admin() }
    }

    /// The one guard for taking part (submitting, editing, thumbing, commenting, reporting,
    /// appealing): a confirmed address (`email_unverified`), then the current terms of use
    /// and privacy notice accepted (`terms_not_accepted`).
    pub async fn may_take_part(&self, state: &AppState) -> Result<(), ApiError> {
        siilo_domain::accounts::check_may_take_part(self.user.email_verified_at.is_some())?;
        crate::legal::check_accepted(state, &self.user).await
    }

    /// The one guard for running a call (its texts, window, settings, publication, themes,
    /// criteria, evaluators and news): an admin, or a call manager of this call or of the
    /// organisation that hosts it (`not_call_manager`). Only an admin's role is checked
    /// without a query.
    pub async fn may_manage_call(&self, state: &AppState, call_id: uuid::Uuid) -> Result<(), ApiError> {
        let manages = self.manages_call(state, call_id).await?;
        Ok(siilo_domain::calls::check_may_manage(manages)?)
    }

    /// Whether [`Self::may_manage_call`] lets this user run the call: the call view's
    /// `viewer.can_manage`.
    pub async fn manages_call(&self, state: &AppState, call_id: uuid::Uuid) -> Result<bool, ApiError> {
        Ok(self.is_admin() || siilo_store::call_managers::manages(&state.db, self.id().0, call_id).await?)
    }
}

/// Whoever calls a route open to all: `Some` signed-in user when the request carries a
/// token, `None` for a visitor. A token that is present but bad is still refused, rather
/// than silently read as a visitor.
#[derive(Debug, Clone)]
pub struct SignedInOrVisitor(pub Option<SignedIn>);

impl SignedInOrVisitor {
    /// The signed-in user's id; `None` for a visitor.
    pub fn id(&self) -> Option<siilo_domain::UserId> {
        self.0.as_ref().map(SignedIn::id)
    }

    pub fn is_admin(&self) -> bool {
        self.0.as_ref().is_some_and(SignedIn::is_admin)
    }

    /// The signed-in user's id when they hold the evaluator role: only then can an
    /// assignment to a call give them anything.
    pub fn evaluator_id(&self) -> Option<siilo_domain::UserId> {
        self.0.as_ref().filter(|u| u.user.roles.has(siilo_domain::roles::Role::Evaluator)).map(SignedIn::id)
    }

    /// What the visibility rules know of whoever this is.
    pub fn audience(&self) -> Audience {
        self.0.as_ref().map_or(Audience::VISITOR, SignedIn::audience)
    }
}

impl From<SignedIn> for SignedInOrVisitor {
    fn from(user: SignedIn) -> Self {
        SignedInOrVisitor(Some(user))
    }
}

fn bearer(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| ApiError::Unauthenticated(AuthFailure::InvalidToken))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim().to_owned()))
        }
        _ => Err(ApiError::Unauthenticated(AuthFailure::InvalidToken)),
    }
}

async fn resolve(state: web::Data<AppState>, token: String) -> Result<SignedIn, ApiError> {
    let claims = state.tokens.verify_access(&token).map_err(ApiError::Unauthenticated)?;
    let session = SessionId(claims.sid);
    let live = siilo_store::sessions::live(&state.db, session, claims.sub.into())
        .await?
        .ok_or(ApiError::Rule(DomainError::SessionEnded))?;
    siilo_domain::sessions::check_session_live(live.revoked, live.user.blocked_at.is_some())?;
    Ok(SignedIn { user: live.user, session })
}

fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("AppState is not registered"))
}

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = app_state(req);
        Box::pin(async move {
            let token = token?.ok_or(ApiError::Unauthenticated(AuthFailure::MissingToken))?;
            resolve(state?, token).await
        })
    }
}

impl FromRequest for SignedInOrVisitor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = app_state(req);
        Box::pin(async move {
            match token? {
                Some(token) => Ok(SignedInOrVisitor(Some(resolve(state?, token).await?))),
                None => Ok(SignedInOrVisitor(None)),
            }
        })
    }
}
