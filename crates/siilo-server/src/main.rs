use clap::Parser;
use siilo_server::cli::{Cli, run};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    siilo_server::telemetry::init();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` prints the whole chain: "migrating the database: …: the cause".
            eprintln!("siilo: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
