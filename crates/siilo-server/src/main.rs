use clap::Parser;
use siilo_server::cli::{Cli, run};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    siilo_server::telemetry::init();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("siilo: {}", siilo_server::cli::describe(&error));
            std::process::ExitCode::FAILURE
        }
    }
}
