//! Single sign-on: the OpenID Connect client of the organisation's identity provider
//! (`SIILO_OIDC_*`), on the `openidconnect` crate with its requests sent by reqwest.
//!
//! - **Discovery and keys** are fetched once, at the first sign-in, and kept for the life of
//!   the process ([`Oidc::provider`]). A failed fetch keeps nothing, so the next sign-in tries
//!   again.
//! - **Key rotation.** An ID token signed with a key (`kid`) the kept key set lacks makes the
//!   key set be fetched again, at most once a minute ([`KEY_REFRESH_INTERVAL`]), and the token
//!   checked once more: a provider that rotates its keys needs no restart, and forged tokens
//!   with made-up key ids cannot make Siilo hammer the provider.
//! - **The code flow** uses PKCE (S256), a nonce and a single-use state (kept by the caller,
//!   see `siilo_store::oidc`). The code is exchanged with `client_secret_basic`, or
//!   `client_secret_post` when that is all the provider advertises.
//! - **The ID token** must be signed (an asymmetric algorithm the provider advertises; never
//!   `none` or a secret-keyed MAC) by a key of the provider's set, for this client, by this
//!   issuer, unexpired, with the nonce of this attempt, and with the `at_hash` of the access
//!   token when it has one. The address and whether the provider has verified it come from the
//!   ID token, else from the userinfo endpoint (whose `sub` must be the token's).
//!
//! Nothing here blocks a worker: every request is async with a timeout, and the locks are
//! held for a pointer copy (the async mutex only orders the fetches).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreClientAuthMethod, CoreErrorResponseType, CoreJsonWebKey,
    CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AccessTokenHash, AsyncHttpClient, AuthType, AuthorizationCode, ClaimsVerificationError, ClientId,
    ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, HttpRequest, HttpResponse,
    IssuerUrl, JsonWebKeySet, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, SignatureVerificationError, TokenResponse, UserInfoError,
};
use secrecy::ExposeSecret;
use siilo_domain::DomainError;

use crate::config::OidcConfig;

/// The least time between two fetches of the key set caused by unknown key ids.
pub const KEY_REFRESH_INTERVAL: Duration = Duration::from_secs(60);
/// How long a request to the provider may take, all of it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest answer read from the provider (discovery, keys, tokens, userinfo).
const MAX_RESPONSE_BYTES: usize = 1024 * 1024;
/// The ID token signature algorithms Siilo accepts, if the provider advertises them: public-key
/// ones only, so that knowing the client secret is not enough to make a token.
const ASYMMETRIC_ALGS: [CoreJwsSigningAlgorithm; 10] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EcdsaP521Sha512,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// The client as built from the provider's metadata, with Siilo's redirect URI.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The hash a sign-in attempt is kept by: its `state` itself is never stored.
pub fn hash_state(state: &str) -> String {
    crate::auth::Tokens::hash_refresh(state)
}

/// A sign-in attempt begun: where to send the browser, and what the callback will need.
pub struct Started {
    pub authorization_url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// What the provider vouched for, once every check passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    /// As the provider gave it (not normalised).
    pub email: Option<String>,
    /// The provider's `email_verified`; absent counts as `false`.
    pub email_verified: bool,
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub preferred_username: Option<String>,
    pub locale: Option<String>,
}

/// A [`VerifiedIdentity`] from claims that have the standard claims' getters (the ID token's
/// and the userinfo answer's are different types with the same methods).
macro_rules! identity_from {
    ($issuer:expr, $subject:expr, $claims:expr) => {{
        let claims = $claims;
        let text = |c: Option<&str>| c.map(str::to_owned);
        VerifiedIdentity {
            issuer: $issuer,
            subject: $subject,
            email: text(claims.email().map(|e| e.as_str())),
            email_verified: claims.email_verified().unwrap_or(false),
            name: text(claims.name().and_then(|n| n.get(None)).map(|n| n.as_str())),
            given_name: text(claims.given_name().and_then(|n| n.get(None)).map(|n| n.as_str())),
            family_name: text(claims.family_name().and_then(|n| n.get(None)).map(|n| n.as_str())),
            preferred_username: text(claims.preferred_username().map(|n| n.as_str())),
            locale: text(claims.locale().map(|l| l.as_str())),
        }
    }};
}

impl VerifiedIdentity {
    /// Fills what the ID token left out from the userinfo answer.
    fn complete_with(&mut self, info: &CoreUserInfoClaims) {
        let more = identity_from!(self.issuer.clone(), self.subject.clone(), info.standard_claims());
        if self.email.is_none() || !self.email_verified {
            self.email = more.email;
            self.email_verified = more.email_verified;
        }
        self.name = self.name.take().or(more.name);
        self.given_name = self.given_name.take().or(more.given_name);
        self.family_name = self.family_name.take().or(more.family_name);
        self.preferred_username = self.preferred_username.take().or(more.preferred_username);
        self.locale = self.locale.take().or(more.locale);
    }
}

/// The provider as discovered: its metadata with its key set.
struct Provider {
    metadata: CoreProviderMetadata,
    auth_type: AuthType,
    algs: Vec<CoreJwsSigningAlgorithm>,
}

impl Provider {
    fn new(metadata: CoreProviderMetadata) -> Provider {
        let methods = metadata.token_endpoint_auth_methods_supported();
        let advertises = |m: &CoreClientAuthMethod| methods.is_some_and(|all| all.contains(m));
        // The discovery default (no list) is client_secret_basic.
        let auth_type = if !advertises(&CoreClientAuthMethod::ClientSecretBasic)
            && advertises(&CoreClientAuthMethod::ClientSecretPost)
        {
            AuthType::RequestBody
        } else {
            AuthType::BasicAuth
        };
        let algs = metadata
            .id_token_signing_alg_values_supported()
            .iter()
            .filter(|a| ASYMMETRIC_ALGS.contains(a))
            .cloned()
            .collect();
        Provider { metadata, auth_type, algs }
    }
}

/// The single sign-on client, shared by every request of the process.
pub struct Oidc {
    issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: ClientSecret,
    redirect_uri: RedirectUrl,
    display_name: String,
    http: Http,
    current: RwLock<Option<Arc<Provider>>>,
    /// Orders the fetches from the provider; holds when the key set was last fetched because
    /// of an unknown key.
    fetching: tokio::sync::Mutex<Option<Instant>>,
}

impl Oidc {
    /// The client of `config`, redirecting to `{public_url}/sso/callback`. Nothing is fetched
    /// yet: the provider may be down while Siilo starts.
    pub fn new(config: &OidcConfig, public_url: &str) -> Result<Oidc, String> {
        let issuer = IssuerUrl::new(config.issuer.clone()).map_err(|e| {
            format!("SIILO_OIDC_ISSUER: {e}; expected a URL such as https://login.example.fi")
        })?;
        let redirect_uri = RedirectUrl::new(format!("{public_url}/sso/callback"))
            .map_err(|e| format!("SIILO_PUBLIC_URL: {e}"))?;
        Ok(Oidc {
            issuer,
            client_id: ClientId::new(config.client_id.clone()),
            client_secret: ClientSecret::new(config.client_secret.expose_secret().to_owned()),
            redirect_uri,
            display_name: config.display_name.clone(),
            http: Http::new().map_err(|e| format!("building the single sign-on HTTP client: {e}"))?,
            current: RwLock::new(None),
            fetching: tokio::sync::Mutex::new(None),
        })
    }

    /// What the sign-in button calls the provider.
    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    /// Begins a sign-in: the provider's authorization URL for a new state, nonce and PKCE
    /// challenge, asking for `openid email profile`.
    pub async fn start(&self) -> Result<Started, DomainError> {
        let provider = self.provider().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = self
            .client(&provider)
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                || CsrfToken::new_random_len(32),
                || Nonce::new_random_len(32),
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Started {
            authorization_url: url.into(),
            state: state.into_secret(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.into_secret(),
        })
    }

    /// Finishes a sign-in: exchanges `code` with the attempt's PKCE verifier and checks the ID
    /// token against the attempt's nonce. `sso_token_invalid` when the provider refuses the
    /// code or any check fails; `sso_provider_unavailable` when it cannot be reached or answers
    /// nonsense.
    pub async fn finish(
        &self,
        code: String,
        nonce: String,
        pkce_verifier: String,
    ) -> Result<VerifiedIdentity, DomainError> {
        let provider = self.provider().await?;
        let tokens = self
            .client(&provider)
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| unavailable("the provider has no token endpoint", e))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                // Siilo's own client is refused: a setting to fix, not the person's doing.
                RequestTokenError::ServerResponse(e)
                    if matches!(
                        e.error(),
                        CoreErrorResponseType::InvalidClient | CoreErrorResponseType::UnauthorizedClient
                    ) =>
                {
                    unavailable("the provider refused Siilo's client (SIILO_OIDC_CLIENT_ID/SECRET)", e)
                }
                RequestTokenError::ServerResponse(e) => invalid("the provider refused the code", e),
                e => unavailable("exchanging the code", e),
            })?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| invalid("the token response has no ID token", "id_token missing"))?;
        let nonce = Nonce::new(nonce);

        let mut provider = provider;
        let claims = loop {
            let client = self.client(&provider);
            let verifier = client.id_token_verifier().set_allowed_algs(provider.algs.clone());
            match id_token.claims(&verifier, &nonce) {
                Ok(claims) => {
                    if let Some(expected) = claims.access_token_hash() {
                        let alg = id_token.signing_alg().map_err(|e| invalid("checking at_hash", e))?;
                        let key =
                            id_token.signing_key(&verifier).map_err(|e| invalid("checking at_hash", e))?;
                        let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key)
                            .map_err(|e| invalid("checking at_hash", e))?;
                        if actual != *expected {
                            return Err(invalid("checking at_hash", "the access token does not match"));
                        }
                    }
                    break claims.clone();
                }
                Err(ClaimsVerificationError::SignatureVerification(
                    SignatureVerificationError::NoMatchingKey,
                )) => match self.refresh_keys(&provider).await? {
                    Some(newer) => provider = newer,
                    None => return Err(invalid("checking the ID token", "no key of the provider matches")),
                },
                Err(e) => return Err(invalid("checking the ID token", e)),
            }
        };

        let mut identity = identity_from!(
            claims.issuer().as_str().to_owned(),
            claims.subject().as_str().to_owned(),
            &claims
        );
        if identity.email.is_none() || !identity.email_verified {
            let client = self.client(&provider);
            if let Ok(request) =
                client.user_info(tokens.access_token().clone(), Some(claims.subject().clone()))
            {
                let info: CoreUserInfoClaims =
                    request.request_async(&self.http).await.map_err(|e| match e {
                        UserInfoError::ClaimsVerification(e) => invalid("checking the userinfo answer", e),
                        e => unavailable("asking the userinfo endpoint", e),
                    })?;
                identity.complete_with(&info);
            }
        }
        Ok(identity)
    }

    fn client(&self, provider: &Provider) -> Client {
        CoreClient::from_provider_metadata(
            provider.metadata.clone(),
            self.client_id.clone(),
            Some(self.client_secret.clone()),
        )
        .set_redirect_uri(self.redirect_uri.clone())
        .set_auth_type(provider.auth_type.clone())
    }

    fn cached(&self) -> Option<Arc<Provider>> {
        self.current.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn keep(&self, provider: &Arc<Provider>) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(provider));
    }

    /// The provider's metadata and keys: kept, or discovered now.
    async fn provider(&self) -> Result<Arc<Provider>, DomainError> {
        if let Some(provider) = self.cached() {
            return Ok(provider);
        }
        let _turn = self.fetching.lock().await;
        if let Some(provider) = self.cached() {
            return Ok(provider);
        }
        let metadata = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http)
            .await
            .map_err(|e| unavailable("discovering the provider", e))?;
        let provider = Arc::new(Provider::new(metadata));
        self.keep(&provider);
        tracing::info!(keys = provider.metadata.jwks().keys().len(), "single sign-on provider discovered");
        Ok(provider)
    }

    /// The provider with a fresh key set, after an ID token named a key that `used` lacks:
    /// the set another request fetched meanwhile, or one fetched now. `None` when the set
    /// was fetched for this reason less than [`KEY_REFRESH_INTERVAL`] ago.
    async fn refresh_keys(&self, used: &Arc<Provider>) -> Result<Option<Arc<Provider>>, DomainError> {
        let mut last = self.fetching.lock().await;
        if let Some(current) = self.cached().filter(|c| !Arc::ptr_eq(c, used)) {
            return Ok(Some(current));
        }
        if last.is_some_and(|at| at.elapsed() < KEY_REFRESH_INTERVAL) {
            return Ok(None);
        }
        *last = Some(Instant::now());
        let jwks: JsonWebKeySet<CoreJsonWebKey> =
            JsonWebKeySet::fetch_async(used.metadata.jwks_uri(), &self.http)
                .await
                .map_err(|e| unavailable("fetching the provider's keys", e))?;
        tracing::info!(
            keys = jwks.keys().len(),
            "single sign-on keys fetched again: a token named an unknown key"
        );
        let provider = Arc::new(Provider::new(used.metadata.clone().set_jwks(jwks)));
        self.keep(&provider);
        Ok(Some(provider))
    }
}

/// `sso_token_invalid`, with the reason in the log (never the token).
fn invalid(what: &str, reason: impl std::fmt::Display) -> DomainError {
    tracing::warn!(reason = %reason, "single sign-on refused: {what}");
    DomainError::SsoTokenInvalid
}

/// `sso_provider_unavailable`, with the reason in the log.
fn unavailable(what: &str, reason: impl std::fmt::Display) -> DomainError {
    tracing::warn!(reason = %reason, "single sign-on provider unavailable: {what}");
    DomainError::SsoProviderUnavailable
}

/// The HTTP client the `openidconnect` crate sends its requests with: reqwest, following no
/// redirects (a redirect could point the server at anything), with timeouts and a size limit.
#[derive(Clone)]
struct Http(reqwest::Client);

#[derive(Debug, thiserror::Error)]
enum HttpError {
    #[error(transparent)]
    Reqwest(#[from] reqwest::Error),
    #[error(transparent)]
    Http(#[from] openidconnect::http::Error),
    #[error("the answer is larger than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge,
}

impl Http {
    fn new() -> Result<Http, reqwest::Error> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(concat!("Siilo/", env!("CARGO_PKG_VERSION")))
            .build()
            .map(Http)
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let mut response = self.0.execute(reqwest::Request::try_from(request)?).await?;
        let mut answer = openidconnect::http::Response::builder().status(response.status());
        if let Some(headers) = answer.headers_mut() {
            *headers = std::mem::take(response.headers_mut());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(HttpError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(answer.body(body)?)
    }
}

impl<'c> AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(self.send(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_kept_by_a_hash_of_it() {
        let hash = hash_state("abc");
        assert_eq!(hash, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_ne!(hash_state("abd"), hash);
    }

    #[test]
    fn the_client_needs_urls_that_parse() {
        let config = |issuer: &str| OidcConfig {
            issuer: issuer.into(),
            client_id: "siilo".into(),
            client_secret: "secret".to_owned().into(),
            display_name: "Valtori".into(),
        };
        let oidc = Oidc::new(&config("https://login.example.fi"), "https://siilo.example.fi").unwrap();
        assert_eq!(oidc.redirect_uri.as_str(), "https://siilo.example.fi/sso/callback");
        assert_eq!(oidc.display_name(), "Valtori");
        assert!(Oidc::new(&config("not a url"), "https://siilo.example.fi").is_err());
    }
}
