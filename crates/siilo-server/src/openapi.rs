//! The OpenAPI document: generated from the handlers' `#[utoipa::path]` attributes as the
//! routes are registered, so the contract cannot drift from the code. `siilo openapi` prints
//! it and `openapi/openapi.json` is its committed copy.

use actix_web::App;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{OpenApi as OpenApiDoc, Ref, RefOr};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{AppExt, scope};

use crate::error::Problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Siilo API",
        description = "Siilo runs idea calls for the public administration: employees propose \
            cross-administrative experiments, colleagues thumb them up and comment, evaluators \
            shortlist the best, and pilots report what they learned.\n\n\
            Errors are RFC 9457 problem details (`application/problem+json`) with a stable \
            `code`; validation errors list `{field, code, message}` in `errors`. Lists are \
            paginated with an opaque `cursor`.\n\n\
            Client developers: the guide `docs/api.md` in Siilo's repository tells how to sign in \
            and keep a session, page through lists, handle each error `code`, rate limits, CORS, \
            and the conventions for time and language, with `curl` examples.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    components(responses(Problem)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Registration, login, token refresh, logout"),
        (name = "me", description = "The signed-in user's own account"),
        (name = "users", description = "Account administration (admins)"),
        (name = "organisations", description = "Ministries and agencies"),
        (name = "calls", description = "Idea calls (haut), their phases and themes"),
        (name = "proposals", description = "Proposals (ehdotukset): submitting, listing, editing, withdrawing"),
        (name = "thumbs", description = "Thumbs-up (peukutus)"),
        (name = "comments", description = "Comments and replies on proposals"),
        (name = "notifications", description = "In-app notifications"),
        (name = "health", description = "Liveness and database check"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".into());
        scheme.description =
            Some("The `access_token` of `/auth/login`, `/auth/register` or `/auth/refresh`.".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// Adds what every operation shares once the routes have added their paths: any
/// operation can fail on our side, so each lists a 500 problem.
pub fn complete(mut openapi: OpenApiDoc) -> OpenApiDoc {
    for item in openapi.paths.paths.values_mut() {
        for op in [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete]
            .into_iter()
            .flatten()
        {
            op.responses
                .responses
                .entry("500".into())
                .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Problem")));
        }
    }
    openapi
}

/// The document as the running server serves it.
pub fn document() -> OpenApiDoc {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(
            scope::scope("/api/v1").configure(crate::routes::configure(crate::rate_limit::auth_limit(600))),
        )
        .split_for_parts();
    complete(api)
}

/// The document as pretty JSON with a final newline, as committed.
pub fn to_pretty_json(doc: &OpenApiDoc) -> String {
    let mut s = doc.to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}
