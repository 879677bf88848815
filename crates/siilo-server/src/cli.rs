//! The `siilo` command: `serve` (the default), `migrate`, `openapi`, `error-codes`, `seed-demo`,
//! `seed-bench` and `user create`.

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Parser, Subcommand};
use siilo_domain::accounts;
use siilo_domain::roles::{Role, Roles};
use siilo_store::users::NewUser;

use crate::auth::Passwords;
use crate::config::Config;
use crate::startup::{Application, connect_and_migrate};

#[derive(Debug, Parser)]
#[command(name = "siilo", version, about = "Siilo: idea calls for the public administration")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the API and the web client (the default).
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Print the tables of error codes for the API guide (docs/api.md), or put them into it.
    ErrorCodes {
        /// Replace the tables between the guide's error-codes markers in this file.
        #[arg(long, value_name = "GUIDE")]
        write: Option<PathBuf>,
        /// Fail when the tables in this file are not the current ones.
        #[arg(long, value_name = "GUIDE", conflicts_with = "write")]
        check: Option<PathBuf>,
    },
    /// Fill an empty database with demo calls, people, proposals, thumbs and comments.
    SeedDemo {
        /// The same seed gives the same choices.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Do nothing (and succeed) when the database already has accounts.
        #[arg(long)]
        if_empty: bool,
    },
    /// Fill a database for the benchmark (`make bench`) in bulk: one open call `bench` with
    /// the given number of proposals across themes and organisations, participants
    /// `bench-{i}@bench.example` (password `siilo-bench-2026`), thumbs and comments, with
    /// counters equal to their rows. Prints a JSON summary for the load driver.
    SeedBench {
        /// How many proposals the call gets.
        #[arg(long)]
        proposals: usize,
        /// How many participants.
        #[arg(long)]
        users: usize,
        /// Thumbs per proposal on average (each gets between none and twice this).
        #[arg(long, default_value_t = 6)]
        thumbs_per_proposal: usize,
        /// The same seed gives the same choices.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input, never from arguments.
    Create {
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Organisation code, such as VM.
        #[arg(long)]
        organisation: Option<String>,
        /// A role to grant (moderator, evaluator, admin); repeat for several.
        #[arg(long = "role", value_parser = parse_role)]
        roles: Vec<Role>,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse().map_err(|_| {
        let names: Vec<&str> = <Role as strum::IntoEnumIterator>::iter().map(Role::into).collect();
        format!("unknown role {s:?}; one of {}", names.join(", "))
    })
}

/// Runs the command. The error carries its chain of causes; `main` prints it as
/// `siilo: step: cause`.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env().context("configuration")?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(config).await.context("starting the server")?;
            let url = app.url();
            tracing::info!("Siilo is serving at {url} (API docs at {url}api/docs/)");
            app.run_until_stopped().await.context("serving")
        }
        Command::Migrate => {
            connect_and_migrate(&config).await.context("migrating the database")?;
            eprintln!("the database is up to date");
            Ok(())
        }
        Command::Openapi => {
            print!("{}", crate::openapi::to_pretty_json(&crate::openapi::document()));
            Ok(())
        }
        Command::ErrorCodes { write, check } => error_codes(write.as_deref(), check.as_deref()),
        Command::SeedDemo { seed, if_empty } => {
            let db = connect_and_migrate(&config).await.context("migrating the database")?;
            if if_empty && siilo_store::users::count(&db).await.context("counting accounts")? > 0 {
                return Ok(());
            }
            let r = crate::demo::seed(&db, seed).await.context("seeding the demo")?;
            println!(
                "seeded {} calls, {} people, {} proposals, {} thumbs and {} comments",
                r.calls, r.users, r.proposals, r.thumbs, r.comments
            );
            println!(
                "sign in as {} (admin) or any demo person, with the password {}",
                crate::demo::DEMO_ADMIN,
                crate::demo::DEMO_PASSWORD
            );
            Ok(())
        }
        Command::SeedBench { proposals, users, thumbs_per_proposal, seed } => {
            let db = connect_and_migrate(&config).await.context("migrating the database")?;
            let options = crate::bench_seed::Options { proposals, users, thumbs_per_proposal, seed };
            let summary = crate::bench_seed::seed(&db, &options).await.context("seeding the benchmark")?;
            println!("{}", serde_json::to_string(&summary).context("writing the summary")?);
            Ok(())
        }
        Command::User { command: UserCommand::Create { email, name, organisation, roles } } => {
            create_user(&config, &email, &name, organisation.as_deref(), roles).await
        }
    }
}

/// Prints the tables of error codes, writes them into a guide, or checks a guide has them.
fn error_codes(write: Option<&Path>, check: Option<&Path>) -> anyhow::Result<()> {
    use crate::error::{guide_tables, with_guide_tables};
    let read = |path: &Path| std::fs::read_to_string(path).with_context(|| path.display().to_string());
    match (write, check) {
        (Some(path), _) => {
            let guide =
                with_guide_tables(&read(path)?).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            std::fs::write(path, guide).with_context(|| path.display().to_string())
        }
        (None, Some(path)) => {
            let guide = read(path)?;
            if with_guide_tables(&guide).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))? == guide {
                Ok(())
            } else {
                bail!("{}: the tables of error codes are stale: run `make api-docs`", path.display())
            }
        }
        (None, None) => {
            print!("{}", guide_tables());
            Ok(())
        }
    }
}

/// The error and its causes, `step: cause: root cause`. Many errors (sea-orm's, ours with
/// `#[from]`) already print their source: a cause the text so far ends with is left out.
pub fn describe(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let message = cause.to_string();
        if text.ends_with(&message) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&message);
    }
    text
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password: ").context("reading the password")
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

async fn create_user(
    config: &Config,
    email: &str,
    name: &str,
    organisation: Option<&str>,
    roles: Vec<Role>,
) -> anyhow::Result<()> {
    let email = accounts::normalize_email(email);
    if crate::routes::dto::email_address(&email).is_err() {
        bail!("{email:?} is not an email address");
    }
    let name = accounts::normalize_display_name(name);
    let name_len = name.chars().count() as u64;
    if name_len == 0 || name_len > accounts::DISPLAY_NAME_MAX_CHARS {
        bail!("the name must be 1–{} characters", accounts::DISPLAY_NAME_MAX_CHARS);
    }
    let password = read_password()?;
    let len = password.chars().count() as u64;
    if !(accounts::PASSWORD_MIN_CHARS..=accounts::PASSWORD_MAX_CHARS).contains(&len) {
        bail!(
            "the password must be {}–{} characters",
            accounts::PASSWORD_MIN_CHARS,
            accounts::PASSWORD_MAX_CHARS
        );
    }
    accounts::check_password_not_email(&email, &password)?;
    accounts::check_password_strength(&password, &[&email, &name], "password")?;

    let db = connect_and_migrate(config).await.context("migrating the database")?;
    let organisation_id = match organisation {
        Some(code) => {
            let code = siilo_domain::organisations::normalize_code(code);
            let org = siilo_store::organisations::get_by_code(&db, &code)
                .await
                .with_context(|| format!("looking up the organisation {code}"))?;
            Some(org.with_context(|| format!("no organisation has the code {code}"))?.id)
        }
        None => None,
    };
    let hash = Passwords::default().hash(password).await.context("hashing the password")?;
    let roles = Roles::new(roles);
    let user = siilo_store::users::create(
        &db,
        NewUser {
            email: &email,
            password_hash: &hash,
            display_name: &name,
            organisation_id,
            language: Default::default(),
            roles: &roles,
            email_verified: true,
        },
        Utc::now(),
    )
    .await
    .with_context(|| format!("creating the account {email}"))?;
    let role_names: Vec<&str> = user.roles.to_vec().into_iter().map(Role::into).collect();
    println!("created {} ({}) with roles {}", user.email, user.id, role_names.join(", "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_print_once_each_in_order() {
        let io = std::io::Error::other("disk full");
        let err = anyhow::Error::new(io).context("writing the secret").context("starting");
        assert_eq!(describe(&err), "starting: writing the secret: disk full");
        // A layer that already prints its source does not print it twice.
        let db = anyhow::anyhow!("Execution Error: locked").context("database: Execution Error: locked");
        assert_eq!(describe(&db.context("migrating")), "migrating: database: Execution Error: locked");
    }
}
