use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is normal; a malformed one is worth saying.
    if let Err(e) = dotenvy::dotenv() {
        if !e.not_found() {
            eprintln!("somosbot: cannot read .env: {e}");
            return ExitCode::from(2);
        }
    }
    somosbot::logging::init();
    somosbot::cli::main(somosbot::cli::Cli::parse()).await
}
