//! Building and running the application: the same code path for `siilo serve` and tests.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{Compress, DefaultHeaders, Next, from_fn};
use actix_web::{App, HttpMessage, HttpResponse, HttpServer, web};
use secrecy::ExposeSecret;
use tracing_actix_web::RequestId;
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::{Passwords, Tokens, tokens::load_or_create_secret};
use crate::config::{Config, ConfigError};
use crate::extract;
use crate::fallback::{RouteTable, not_found_or_not_allowed};
use crate::health::DatabaseHealth;
use crate::mail::MailWorker;
use crate::openapi::ApiDoc;
use crate::rate_limit::auth_limit;
use crate::shutdown::{Drain, ShutdownHandle};
use crate::state::AppState;
use crate::state::organisations::OrganisationCache;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("database: {0}")]
    Db(#[from] siilo_store::DbErr),
    #[error("{what}: {source}")]
    Io { what: String, source: std::io::Error },
    #[error("{0}")]
    Other(String),
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> StartupError {
    let what = what.into();
    move |source| StartupError::Io { what, source }
}

/// How long an idle keep-alive connection stays open. Longer than the idle timeout of common
/// HTTP clients (90 s in hyper/reqwest, 115 s in Firefox), so that the client, not the
/// server, ends an idle connection: when the server ends it first, a request the client is
/// sending at that moment is lost (`hyper::Error(IncompleteMessage)`). actix's default is 5 s,
/// which a busy machine reaches between two requests of one test.
const KEEP_ALIVE: Duration = Duration::from_secs(120);

/// Once the requests accepted before a stop are answered (see [`crate::shutdown`]), how long
/// actix may take to close the idle connections.
const SHUTDOWN_TIMEOUT_SECS: u64 = 5;

pub struct Application {
    address: SocketAddr,
    port: u16,
    server: Server,
    shutdown: ShutdownHandle,
    /// What the background health check needs: started with the server, stopped with it.
    health: (DatabaseHealth, siilo_store::Db),
    /// This instance's mail worker: started with the server; stopped after it, once its
    /// send in progress is done.
    mail: MailWorker,
}

/// How long a stop waits for the mail worker to finish the send in progress.
const MAIL_STOP_TIMEOUT: Duration = Duration::from_secs(40);

/// Connects to the database (creating the data folder for SQLite) and migrates it.
pub async fn connect_and_migrate(config: &Config) -> Result<siilo_store::Db, StartupError> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(io(format!("creating the data folder {}", config.data_dir.display())))?;
    }
    let pool = siilo_store::database::PoolSettings {
        max_connections: config.db_max_connections,
        acquire_timeout: config.db_acquire_timeout,
    };
    let db = siilo_store::database::connect_with(&config.database_url, pool).await?;
    siilo_store::migrate(&db).await?;
    render_missing_call_html(&db).await?;
    crate::legal::render_missing_html(&db).await?;
    Ok(db)
}

/// Renders the descriptions of calls stored before their HTML was (migration
/// `m20261130_000003`); the renderer lives here, so a migration cannot do it. A no-op
/// once every call has its HTML.
pub async fn render_missing_call_html(db: &siilo_store::Db) -> Result<(), siilo_store::DbErr> {
    for (id, description) in siilo_store::calls::without_description_html(db).await? {
        let html = crate::markdown::to_safe_html_localized(&description);
        siilo_store::calls::set_description_html(db, id, html).await?;
    }
    Ok(())
}

/// The shared state of a configured instance.
pub async fn build_state(config: Config) -> Result<AppState, StartupError> {
    Ok(build_state_observed(config, |_| {}).await?.0)
}

/// [`build_state`], with `observe` given the connection first (tests count its statements
/// with `set_metric_callback`); also the handle on the same pool that the mail worker uses,
/// taken before `observe`, so that what the worker runs is not counted as the requests'.
async fn build_state_observed(
    config: Config,
    observe: impl FnOnce(&mut siilo_store::Db),
) -> Result<(AppState, siilo_store::Db), StartupError> {
    let secret = load_or_create_secret(config.jwt_secret.as_ref(), &config.data_dir)
        .map_err(io("reading or creating the JWT secret (SIILO_JWT_SECRET / SIILO_DATA_DIR)"))?;
    let mut db = connect_and_migrate(&config).await?;
    let worker_db = db.clone();
    observe(&mut db);
    let organisations = OrganisationCache::for_database(&db, &config.database_url);
    let oidc = match &config.oidc {
        Some(oidc) => Some(Arc::new(
            crate::auth::oidc::Oidc::new(oidc, &config.public_url).map_err(StartupError::Other)?,
        )),
        None => None,
    };
    let passwords = Passwords::default();
    passwords.warm_up().await.map_err(|e| StartupError::Other(e.to_string()))?;
    let state = AppState {
        db,
        tokens: Tokens::new(secret.expose_secret(), config.access_token_ttl, config.refresh_token_ttl),
        passwords,
        config: Arc::new(config),
        cursors: crate::routes::pagination::CursorKey::derive(secret.expose_secret())
            .map_err(|e| StartupError::Other(e.to_string()))?,
        organisations,
        // It has just connected and migrated: the database answers.
        health: DatabaseHealth::checked_now(),
        mail: crate::mail::Mailer::default(),
        unsubscribe: crate::mail::unsubscribe::UnsubscribeKey::derive(secret.expose_secret())
            .map_err(|e| StartupError::Other(e.to_string()))?,
        oidc,
    };
    Ok((state, worker_db))
}

impl Application {
    /// Binds `config.bind` (port 0 picks a free port), connects, migrates and builds the
    /// server without starting it.
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        Self::build_observed(config, |_| {}).await
    }

    /// [`Application::build`], with `observe` given the database connection before it serves
    /// (for tests: `set_metric_callback` to count the statements a request runs).
    pub async fn build_observed(
        config: Config,
        observe: impl FnOnce(&mut siilo_store::Db),
    ) -> Result<Application, StartupError> {
        let listener =
            TcpListener::bind(config.bind).map_err(io(format!("binding {} (SIILO_BIND)", config.bind)))?;
        let address = listener.local_addr().map_err(io("reading the bound address"))?;
        let port = address.port();
        let (state, worker_db) = build_state_observed(config, observe).await?;
        let health = (state.health.clone(), state.db.clone());
        let mail = MailWorker::new(AppState { db: worker_db, ..state.clone() })
            .map_err(|e| StartupError::Other(e.to_string()))?;
        let drain = Arc::new(Drain::default());
        let accepting = listener.try_clone().map_err(io("duplicating the listening socket"))?;
        let server = serve(listener, state, Arc::clone(&drain))?;
        let shutdown = ShutdownHandle::new(server.handle(), drain, accepting);
        Ok(Application { address, port, server, shutdown, health, mail })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Where a browser on this machine reaches the server, from the address actually bound.
    pub fn url(&self) -> String {
        local_url(self.address)
    }

    pub fn shutdown_handle(&self) -> ShutdownHandle {
        self.shutdown.clone()
    }

    /// Serves until SIGTERM or Ctrl-C (or [`ShutdownHandle::graceful`]), then answers the
    /// requests already accepted, lets the mail worker finish the email it is sending, and
    /// stops.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let signals = tokio::spawn(crate::shutdown::on_signals(self.shutdown));
        let (health, db) = self.health;
        let checks = tokio::spawn(crate::health::watch(health, db));
        let (stop_mail, mail_stop) = tokio::sync::watch::channel(false);
        let mut mail = tokio::spawn(self.mail.run(mail_stop));
        let stopped = self.server.await;
        signals.abort();
        checks.abort();
        let _ = stop_mail.send(true);
        if tokio::time::timeout(MAIL_STOP_TIMEOUT, &mut mail).await.is_err() {
            tracing::warn!(timeout = ?MAIL_STOP_TIMEOUT, "the mail worker did not stop in time; its claimed emails come back later");
            mail.abort();
        }
        stopped
    }
}

/// `http://<address>/`, with a wildcard address (`0.0.0.0`, `[::]`) shown as the loopback one
/// that reaches it from this machine, so that the start-up line is a link that works.
fn local_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

async fn echo_request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let mut res = next.call(req).await?;
    if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        res.headers_mut().insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}

fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([HeaderName::from_static("x-request-id"), header::RETRY_AFTER, header::LOCATION])
        .max_age(3600)
}

fn serve(listener: TcpListener, state: AppState, drain: Arc<Drain>) -> Result<Server, StartupError> {
    let auth_limit = auth_limit(state.config.auth_requests_per_minute);
    let max_body = state.config.max_body_bytes;
    let route_table = web::Data::new(RouteTable::from_openapi(&crate::openapi::document()));
    extract::warm_up();
    let client = crate::spa::built_client(&state.config.static_dir);
    match &client {
        Some(dir) => tracing::info!(dir = %dir.display(), "serving the web client at /"),
        None => {
            tracing::info!(dir = %state.config.static_dir.display(), "no built web client; serving the API only")
        }
    }
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        let (app, api) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(state.clone())
            .app_data(web::PayloadConfig::new(max_body))
            .app_data(web::JsonConfig::default().limit(max_body).error_handler(extract::json_error))
            .app_data(web::PathConfig::default().error_handler(extract::path_error))
            .app_data(web::QueryConfig::default().error_handler(extract::query_error))
            // The API's answers go out compressed when the client accepts it (a page of a
            // proposal list shrinks to a tenth). None is worth a compression-oracle attack
            // (BREACH): the API takes no ambient credentials such as cookies, so a third-party
            // page cannot make a reader's browser send it chosen requests as that reader.
            .service(
                scope::scope("/api/v1")
                    .wrap(Compress::default())
                    .configure(crate::routes::configure(auth_limit.clone())),
            )
            .split_for_parts();
        let app = app
            .app_data(route_table.clone())
            .service(
                SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", crate::openapi::complete(api)),
            )
            .service(web::resource("/api/docs").to(|| async {
                HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/api/docs/")).finish()
            }));
        let app = app.configure(crate::site::configure).configure(|cfg| {
            if let Some(dir) = &client {
                cfg.service(crate::spa::files(dir.clone()));
            }
        });
        app.default_service(web::to(not_found_or_not_allowed))
            .wrap(from_fn(extract::plain_parameters))
            .wrap(from_fn(crate::spa::headers))
            .wrap(cors(&state.config.cors_origins))
            .wrap(
                DefaultHeaders::new()
                    .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                    .add((header::REFERRER_POLICY, "no-referrer"))
                    .add((header::X_FRAME_OPTIONS, "DENY")),
            )
            .wrap(from_fn(echo_request_id))
            .wrap(crate::telemetry::request_logger())
            .wrap(from_fn(crate::shutdown::track))
    })
    .on_connect(move |_, extensions| drain.on_connect(extensions))
    .keep_alive(KEEP_ALIVE)
    .disable_signals()
    .listen(listener)
    .map_err(io("listening"))?
    .shutdown_timeout(SHUTDOWN_TIMEOUT_SECS)
    .run();
    Ok(server)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_up_link_is_the_bound_address_reachable_from_this_machine() {
        let url = |s: &str| local_url(s.parse().unwrap());
        assert_eq!(url("127.0.0.1:8080"), "http://127.0.0.1:8080/");
        assert_eq!(url("0.0.0.0:8080"), "http://127.0.0.1:8080/");
        assert_eq!(url("[::]:9000"), "http://[::1]:9000/");
        assert_eq!(url("192.0.2.7:80"), "http://192.0.2.7:80/");
    }
}
