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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "somosbot=info,serenity=warn,poise=warn,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    somosbot::cli::main(somosbot::cli::Cli::parse()).await
}
