//! Settings from the environment, with defaults that make `make run` need none. A bad value
//! stops start-up with a message that names the variable.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use siilo_domain::login_throttle::ThrottlePolicy;

#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Config {
    /// `SIILO_DATABASE_URL`: `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// `SIILO_BIND`: where to listen; port 0 picks a free one (tests).
    pub bind: SocketAddr,
    /// `SIILO_DATA_DIR`: the SQLite file and the generated JWT secret live here.
    pub data_dir: PathBuf,
    /// `SIILO_JWT_SECRET`; when unset, a secret is generated once into the data folder.
    /// Never printed: `Debug` shows `[REDACTED]`.
    pub jwt_secret: Option<SecretString>,
    /// `SIILO_CORS_ORIGINS`: origins allowed to call the API from a browser.
    pub cors_origins: Vec<String>,
    /// `SIILO_ALLOWED_EMAIL_DOMAINS`: who may register; empty means anyone.
    pub allowed_email_domains: Vec<String>,
    /// `SIILO_ACCESS_TOKEN_TTL`.
    pub access_token_ttl: Duration,
    /// `SIILO_REFRESH_TOKEN_TTL`.
    pub refresh_token_ttl: Duration,
    /// `SIILO_RATE_LIMIT_AUTH_PER_MINUTE`: requests per IP per minute to `/auth/*`.
    pub auth_requests_per_minute: u32,
    /// `SIILO_RATE_LIMIT_LOGIN_FAILURES`, `…_LOGIN_WINDOW`, `…_LOGIN_LOCKOUT`.
    pub login_throttle: ThrottlePolicy,
    /// `SIILO_MAX_BODY_BYTES`: the largest request body accepted.
    pub max_body_bytes: usize,
    /// `SIILO_DB_MAX_CONNECTIONS`.
    pub db_max_connections: u32,
    /// `SIILO_DB_ACQUIRE_TIMEOUT`: how long a request waits for a database connection before
    /// it is answered 503 `database_unavailable` (also when the database is gone).
    pub db_acquire_timeout: Duration,
    /// `SIILO_STATIC_DIR`: the built web client served at `/`, when the folder exists.
    pub static_dir: PathBuf,
    /// `SIILO_PUBLIC_URL`: where users reach the web client, for the links in emails and the
    /// single sign-on redirect; defaults to `http://<SIILO_BIND>`. No trailing slash.
    pub public_url: String,
    /// `SIILO_SMTP_URL`: the SMTP server emails go through (`smtp://host:port`,
    /// `smtps://user:password@host`, or `smtp://…?tls=required`); when unset, emails are
    /// written to the log and marked sent, so `make run` needs no mail server.
    /// Never printed: `Debug` shows `[REDACTED]` (it may hold a password).
    pub smtp_url: Option<SecretString>,
    /// `SIILO_MAIL_FROM`: the sender, such as `Siilo <siilo@example.fi>`.
    pub mail_from: String,
    /// `SIILO_MAIL_POLL`: how often the mail worker looks for due emails that another
    /// instance queued (this instance's own wake it at once).
    pub mail_poll: Duration,
    /// `SIILO_MAIL_RETRY`: the first pause after a failed send; each next one doubles.
    pub mail_retry: Duration,
    /// `SIILO_DIGEST_HOUR`: the hour (0–23, Finnish time) after which the daily digests go.
    pub digest_hour: u32,
    /// Single sign-on with an OpenID Connect provider, when `SIILO_OIDC_ISSUER` is set.
    pub oidc: Option<OidcConfig>,
    /// `SIILO_SSO_ONLY_DOMAINS`: email domains (and their subdomains) that sign in with single
    /// sign-on only: their password logins, registrations and resets are refused.
    pub sso_only_domains: Vec<String>,
}

/// `SIILO_OIDC_ISSUER`, `SIILO_OIDC_CLIENT_ID`, `SIILO_OIDC_CLIENT_SECRET` and
/// `SIILO_OIDC_NAME` (what the sign-in button calls the provider, default "Organisation").
#[derive(Clone, Debug)]
pub struct OidcConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub display_name: String,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_vars(&std::env::vars().collect())
    }

    /// Reads settings from a map of variables, so tests need not touch the environment.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Config, ConfigError> {
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let data_dir = PathBuf::from(get("SIILO_DATA_DIR").unwrap_or("data"));
        let database_url = match get("SIILO_DATABASE_URL") {
            Some(url)
                if url.starts_with("sqlite:")
                    || url.starts_with("postgres:")
                    || url.starts_with("postgresql:") =>
            {
                url.to_owned()
            }
            Some(_) => {
                return Err(ConfigError {
                    var: "SIILO_DATABASE_URL",
                    message: "must start with sqlite:, postgres: or postgresql:".into(),
                });
            }
            None => format!("sqlite://{}", data_dir.join("siilo.db").display()),
        };
        let bind = parse(get("SIILO_BIND"), "SIILO_BIND", "127.0.0.1:8080", |v| {
            v.parse::<SocketAddr>().map_err(|e| format!("{e}; expected host:port such as 127.0.0.1:8080"))
        })?;
        let jwt_secret = match get("SIILO_JWT_SECRET") {
            Some(s) if s.len() < 32 => {
                return Err(ConfigError {
                    var: "SIILO_JWT_SECRET",
                    message: "must be at least 32 characters; leave it unset to have one generated".into(),
                });
            }
            other => other.map(SecretString::from),
        };
        let login_defaults = ThrottlePolicy::default();
        let public_url = get("SIILO_PUBLIC_URL")
            .map_or_else(|| format!("http://{bind}"), |u| u.trim_end_matches('/').to_owned());
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError {
                var: "SIILO_PUBLIC_URL",
                message: "must start with http:// or https://".into(),
            });
        }
        let oidc = match get("SIILO_OIDC_ISSUER") {
            None => None,
            Some(issuer) => {
                let required = |var: &'static str| {
                    get(var).map(str::to_owned).ok_or_else(|| ConfigError {
                        var,
                        message: "is required when SIILO_OIDC_ISSUER is set".into(),
                    })
                };
                Some(OidcConfig {
                    issuer: issuer.to_owned(),
                    client_id: required("SIILO_OIDC_CLIENT_ID")?,
                    client_secret: SecretString::from(required("SIILO_OIDC_CLIENT_SECRET")?),
                    display_name: get("SIILO_OIDC_NAME").unwrap_or("Organisation").to_owned(),
                })
            }
        };
        let digest_hour = match get("SIILO_DIGEST_HOUR") {
            None => 7,
            Some(v) => match v.parse::<u32>() {
                Ok(h) if h < 24 => h,
                _ => {
                    return Err(ConfigError {
                        var: "SIILO_DIGEST_HOUR",
                        message: format!("must be an hour from 0 to 23, not {v:?}"),
                    });
                }
            },
        };
        Ok(Config {
            database_url,
            bind,
            jwt_secret,
            cors_origins: list(get("SIILO_CORS_ORIGINS")),
            allowed_email_domains: list(get("SIILO_ALLOWED_EMAIL_DOMAINS"))
                .into_iter()
                .map(|d| siilo_domain::organisations::normalize_email_domain(&d))
                .collect(),
            access_token_ttl: duration(get("SIILO_ACCESS_TOKEN_TTL"), "SIILO_ACCESS_TOKEN_TTL", "15m")?,
            refresh_token_ttl: duration(get("SIILO_REFRESH_TOKEN_TTL"), "SIILO_REFRESH_TOKEN_TTL", "30d")?,
            auth_requests_per_minute: positive(
                get("SIILO_RATE_LIMIT_AUTH_PER_MINUTE"),
                "SIILO_RATE_LIMIT_AUTH_PER_MINUTE",
                600,
            )?,
            login_throttle: ThrottlePolicy {
                max_failures: positive(
                    get("SIILO_RATE_LIMIT_LOGIN_FAILURES"),
                    "SIILO_RATE_LIMIT_LOGIN_FAILURES",
                    login_defaults.max_failures,
                )?,
                window: duration(
                    get("SIILO_RATE_LIMIT_LOGIN_WINDOW"),
                    "SIILO_RATE_LIMIT_LOGIN_WINDOW",
                    "15m",
                )?,
                lockout: duration(
                    get("SIILO_RATE_LIMIT_LOGIN_LOCKOUT"),
                    "SIILO_RATE_LIMIT_LOGIN_LOCKOUT",
                    "15m",
                )?,
            },
            max_body_bytes: positive(get("SIILO_MAX_BODY_BYTES"), "SIILO_MAX_BODY_BYTES", 256 * 1024)?,
            db_max_connections: positive(get("SIILO_DB_MAX_CONNECTIONS"), "SIILO_DB_MAX_CONNECTIONS", 16)?,
            db_acquire_timeout: duration(get("SIILO_DB_ACQUIRE_TIMEOUT"), "SIILO_DB_ACQUIRE_TIMEOUT", "3s")?,
            static_dir: PathBuf::from(get("SIILO_STATIC_DIR").unwrap_or("frontend/dist")),
            data_dir,
            public_url,
            smtp_url: get("SIILO_SMTP_URL").map(SecretString::from),
            mail_from: get("SIILO_MAIL_FROM").unwrap_or("Siilo <siilo@localhost>").to_owned(),
            mail_poll: duration(get("SIILO_MAIL_POLL"), "SIILO_MAIL_POLL", "5s")?,
            mail_retry: duration(get("SIILO_MAIL_RETRY"), "SIILO_MAIL_RETRY", "30s")?,
            digest_hour,
            oidc,
            sso_only_domains: list(get("SIILO_SSO_ONLY_DOMAINS"))
                .into_iter()
                .map(|d| siilo_domain::organisations::normalize_email_domain(&d))
                .collect(),
        })
    }
}

fn parse<T>(
    raw: Option<&str>,
    var: &'static str,
    default: &str,
    f: impl Fn(&str) -> Result<T, String>,
) -> Result<T, ConfigError> {
    f(raw.unwrap_or(default)).map_err(|message| ConfigError { var, message })
}

fn duration(raw: Option<&str>, var: &'static str, default: &str) -> Result<Duration, ConfigError> {
    parse(raw, var, default, |v| match humantime::parse_duration(v) {
        Ok(d) if !d.is_zero() => Ok(d),
        Ok(_) => Err("must be longer than zero".into()),
        Err(e) => Err(format!("{e}; expected a duration such as 15m, 900s or 1h")),
    })
}

fn positive<T: std::str::FromStr + PartialOrd + Default + ToString>(
    raw: Option<&str>,
    var: &'static str,
    default: T,
) -> Result<T, ConfigError> {
    match raw {
        None => Ok(default),
        Some(v) => match v.parse::<T>() {
            Ok(n) if n > T::default() => Ok(n),
            _ => Err(ConfigError { var, message: format!("must be a positive whole number, not {v:?}") }),
        },
    }
}

fn list(raw: Option<&str>) -> Vec<String> {
    raw.map(|v| v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn no_variables_give_a_runnable_default() {
        let c = Config::from_vars(&HashMap::new()).unwrap();
        assert_eq!(c.database_url, "sqlite://data/siilo.db");
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.access_token_ttl, Duration::from_secs(900));
        assert_eq!(c.auth_requests_per_minute, 600);
        assert_eq!(c.login_throttle, ThrottlePolicy::default());
        assert_eq!(c.db_acquire_timeout, siilo_store::database::ACQUIRE_TIMEOUT);
        assert!(c.cors_origins.is_empty());
        assert!(c.jwt_secret.is_none());
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert!(c.smtp_url.is_none() && c.oidc.is_none());
        assert_eq!(c.digest_hour, 7);
    }

    #[test]
    fn lists_and_durations_are_parsed() {
        let c = Config::from_vars(&vars(&[
            ("SIILO_CORS_ORIGINS", "http://localhost:5173, https://siilo.example.fi"),
            ("SIILO_ALLOWED_EMAIL_DOMAINS", "VM.fi,@gov.fi,"),
            ("SIILO_ACCESS_TOKEN_TTL", "5m"),
            ("SIILO_DATA_DIR", "/var/lib/siilo"),
        ]))
        .unwrap();
        assert_eq!(c.cors_origins, vec!["http://localhost:5173", "https://siilo.example.fi"]);
        assert_eq!(c.allowed_email_domains, vec!["vm.fi", "gov.fi"]);
        assert_eq!(c.access_token_ttl, Duration::from_secs(300));
        assert_eq!(c.database_url, "sqlite:///var/lib/siilo/siilo.db");
    }

    #[test]
    fn the_jwt_secret_never_prints() {
        let secret = "a-secret-that-must-stay-out-of-the-logs";
        let c = Config::from_vars(&vars(&[("SIILO_JWT_SECRET", secret)])).unwrap();
        let debug = format!("{c:?} {c:#?}");
        assert!(!debug.contains(secret), "{debug}");
        assert!(debug.contains("jwt_secret"), "the field itself still shows");
        use secrecy::ExposeSecret;
        assert_eq!(c.jwt_secret.as_ref().map(|s| s.expose_secret()), Some(secret));
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, value) in [
            ("SIILO_BIND", "localhost"),
            ("SIILO_ACCESS_TOKEN_TTL", "fifteen"),
            ("SIILO_ACCESS_TOKEN_TTL", "0s"),
            ("SIILO_DB_ACQUIRE_TIMEOUT", "soon"),
            ("SIILO_RATE_LIMIT_AUTH_PER_MINUTE", "-1"),
            ("SIILO_RATE_LIMIT_LOGIN_FAILURES", "0"),
            ("SIILO_DATABASE_URL", "mysql://x"),
            ("SIILO_JWT_SECRET", "short"),
            ("SIILO_PUBLIC_URL", "siilo.example.fi"),
            ("SIILO_DIGEST_HOUR", "24"),
            ("SIILO_MAIL_RETRY", "0s"),
        ] {
            let err = Config::from_vars(&vars(&[(var, value)])).unwrap_err();
            assert_eq!(err.var, var, "{value}");
            assert!(err.to_string().starts_with(var));
        }
        let err = Config::from_vars(&vars(&[("SIILO_OIDC_ISSUER", "https://login.example.fi")])).unwrap_err();
        assert_eq!(err.var, "SIILO_OIDC_CLIENT_ID", "an issuer needs its client");
    }
}
