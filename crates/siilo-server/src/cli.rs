//! The `siilo` command: `serve` (the default), `migrate`, `openapi`, `seed-demo`, `seed-bench` and
//! `user create`.

use std::io::{BufRead, IsTerminal};

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
    Role::parse(s)
        .ok_or_else(|| format!("unknown role {s:?}; one of participant, moderator, evaluator, admin"))
}

/// Runs the command; the error is a message for the terminal.
pub async fn run(cli: Cli) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| format!("configuration: {e}"))?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(config).await.map_err(|e| e.to_string())?;
            let url = app.url();
            tracing::info!("Siilo is serving at {url} (API docs at {url}api/docs/)");
            app.run_until_stopped().await.map_err(|e| e.to_string())
        }
        Command::Migrate => {
            connect_and_migrate(&config).await.map_err(|e| e.to_string())?;
            eprintln!("the database is up to date");
            Ok(())
        }
        Command::Openapi => {
            print!("{}", crate::openapi::to_pretty_json(&crate::openapi::document()));
            Ok(())
        }
        Command::SeedDemo { seed, if_empty } => {
            let db = connect_and_migrate(&config).await.map_err(|e| e.to_string())?;
            if if_empty && siilo_store::users::count(&db).await.map_err(|e| e.to_string())? > 0 {
                return Ok(());
            }
            let r = crate::demo::seed(&db, seed).await?;
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
            let db = connect_and_migrate(&config).await.map_err(|e| e.to_string())?;
            let options = crate::bench_seed::Options { proposals, users, thumbs_per_proposal, seed };
            let summary = crate::bench_seed::seed(&db, &options).await?;
            println!("{}", serde_json::to_string(&summary).map_err(|e| e.to_string())?);
            Ok(())
        }
        Command::User { command: UserCommand::Create { email, name, organisation, roles } } => {
            create_user(&config, &email, &name, organisation.as_deref(), roles).await
        }
    }
}

fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password: ").map_err(|e| format!("reading the password: {e}"))
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("reading the password: {e}"))?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

async fn create_user(
    config: &Config,
    email: &str,
    name: &str,
    organisation: Option<&str>,
    roles: Vec<Role>,
) -> Result<(), String> {
    let email = accounts::normalize_email(email);
    if crate::routes::dto::email_address(&email).is_err() {
        return Err(format!("{email:?} is not an email address"));
    }
    let name = accounts::normalize_display_name(name);
    let name_len = name.chars().count() as u64;
    if name_len == 0 || name_len > accounts::DISPLAY_NAME_MAX_CHARS {
        return Err(format!("the name must be 1–{} characters", accounts::DISPLAY_NAME_MAX_CHARS));
    }
    let password = read_password()?;
    let len = password.chars().count() as u64;
    if !(accounts::PASSWORD_MIN_CHARS..=accounts::PASSWORD_MAX_CHARS).contains(&len) {
        return Err(format!(
            "the password must be {}–{} characters",
            accounts::PASSWORD_MIN_CHARS,
            accounts::PASSWORD_MAX_CHARS
        ));
    }
    accounts::check_password_not_email(&email, &password).map_err(|e| e.to_string())?;
    accounts::check_password_strength(&password, &[&email, &name], "password").map_err(|e| e.to_string())?;

    let db = connect_and_migrate(config).await.map_err(|e| e.to_string())?;
    let organisation_id = match organisation {
        Some(code) => {
            let code = siilo_domain::organisations::normalize_code(code);
            let org = siilo_store::organisations::get_by_code(&db, &code).await.map_err(|e| e.to_string())?;
            Some(org.ok_or_else(|| format!("no organisation has the code {code}"))?.id)
        }
        None => None,
    };
    let hash = Passwords::default().hash(password).await.map_err(|e| e.to_string())?;
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
        },
        Utc::now(),
    )
    .await
    .map_err(|e| e.to_string())?;
    let role_names: Vec<&str> = user.roles.to_vec().into_iter().map(Role::as_str).collect();
    println!("created {} ({}) with roles {}", user.email, user.id, role_names.join(", "));
    Ok(())
}
