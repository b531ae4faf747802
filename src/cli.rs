//! The command line: `run` (the default), `web`, `migrate`, `check`, `export`,
//! `config check`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use futures::FutureExt;

use crate::config::{EventConfig, Settings};
use crate::store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "somosbot",
    version,
    about = "A Discord bot that runs an NLP hackathon on the Hugging Face Hub"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the bot (the default). Needs DISCORD_TOKEN.
    Run,
    /// Serve only the web pages (WEB_ADDR, default 127.0.0.1:8080), without
    /// connecting to Discord: a second process beside the bot.
    Web,
    /// Apply database migrations and exit.
    Migrate,
    /// Check Hub links (or, with --kind, local card files) as the judges would.
    Check(crate::hub::CheckArgs),
    /// Write event data to standard output.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Print the URL that invites the bot with its commands and exactly the
    /// permissions its features use.
    InviteUrl {
        /// The application id (default: DISCORD_APPLICATION_ID, else read from DISCORD_TOKEN).
        #[arg(long, env = "DISCORD_APPLICATION_ID")]
        application_id: Option<u64>,
    },
    /// Certificates of participation and of the winning teams.
    Certificates {
        #[command(subcommand)]
        action: CertificateAction,
    },
    /// Work with the event file.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// Every team with its members.
    Teams {
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
    /// Every team's current submission, one row per finding.
    Submissions {
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
    /// Every jury score, one row per project, judge and criteria group.
    Jury {
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum CertificateAction {
    /// Issue every certificate (needs SOMOSBOT_CERTIFICATE_SECRET) and write
    /// them as PNGs with an index.csv into DIR.
    Export { dir: PathBuf },
    /// Say whether a verification code is genuine and what it certifies.
    Verify { code: String },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Validate an event file and list every problem (exit 1 when any).
    Check {
        /// The event file (default: SOMOSBOT_EVENT, else events/somos600m.toml).
        file: Option<PathBuf>,
    },
}

/// What to tell someone who starts the bot without a token.
pub fn missing_token_help() -> String {
    use crate::discord::bot_permissions::{names, REQUIRED};
    format!(
        "\
somosbot: DISCORD_TOKEN is not set, so the bot cannot connect to Discord.

To get a token:
  1. Open https://discord.com/developers/applications and create an application.
  2. In \"Bot\", reset the token and copy it.
  3. Invite the bot: `somosbot invite-url --application-id <the application's id>` prints
     the URL (scopes `bot` and `applications.commands`, permissions integer {bits}:
     {names}); open it and pick your server.
  4. Copy .env.example to .env and set DISCORD_TOKEN=<your token> there (or export it).

Then run `cargo run --release` again. `somosbot config check` validates the event file
without a token.",
        bits = REQUIRED.bits(),
        names = names(REQUIRED).join(", "),
    )
}

/// Runs the command line; returns the process exit code.
pub async fn main(cli: Cli) -> ExitCode {
    let settings = Settings::from_env();
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => run(settings).await,
        Command::Web => web_only(settings).await,
        Command::Migrate => match open_store(&settings).await {
            Ok(store) => {
                store.close().await;
                println!("migrations applied to {}", settings.database_url);
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Check(args) => crate::hub::cli::run(args, &settings).await,
        Command::Export {
            what: ExportWhat::Teams { format },
        } => export_teams(&settings, format).await,
        Command::Export {
            what: ExportWhat::Submissions { format },
        } => export_submissions(&settings, format).await,
        Command::InviteUrl { application_id } => invite_url(&settings, application_id),
        Command::Export {
            what: ExportWhat::Jury { format },
        } => {
            with_event_and_store(&settings, |event, store| async move {
                crate::jury_cli::export_jury(&event, &store, matches!(format, Format::Json)).await
            })
            .await
        }
        Command::Certificates { action } => {
            let settings2 = settings.clone();
            with_event_and_store(&settings, |event, store| async move {
                match action {
                    CertificateAction::Export { dir } => {
                        crate::jury_cli::export_certificates(&settings2, &event, &store, &dir).await
                    }
                    CertificateAction::Verify { code } => {
                        crate::jury_cli::verify(&settings2, &store, &code).await
                    }
                }
            })
            .await
        }
        Command::Config {
            action: ConfigAction::Check { file },
        } => config_check(&file.unwrap_or_else(|| settings.event_path.clone())),
    }
}

async fn run(settings: Settings) -> ExitCode {
    let Some(token) = settings.discord_token.clone() else {
        eprintln!("{}", missing_token_help());
        return ExitCode::from(2);
    };
    if let Err(e) = settings.shards() {
        eprintln!("somosbot: {e}");
        return ExitCode::from(2);
    }
    let event = match load_event(&settings) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let store = match open_store(&settings).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let shutdown = crate::discord::shutdown_signal().shared();
    // One Hub budget and one set of running checks for the bot and the
    // dashboard's re-check button.
    let checker = match crate::domain::recheck::Checker::for_process(&settings, &event) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("somosbot: {e}");
            store.close().await;
            return ExitCode::from(2);
        }
    };
    // The web listens before the bot connects, so a taken port stops the
    // start with a clear message instead of a bot without its pages.
    let web = match settings.web_addr.as_deref() {
        Some(addr) => match start_web(&settings, addr, &store, &event, checker.clone()).await {
            Ok((listener, state)) => Some(tokio::spawn(crate::web::serve(
                listener,
                state,
                Box::pin(shutdown.clone()),
            ))),
            Err(e) => {
                eprintln!("somosbot: {e}");
                store.close().await;
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let outcome = crate::discord::run(crate::discord::Launch {
        token,
        settings,
        event,
        store: store.clone(),
        shutdown: Box::pin(shutdown),
        checker: Some(checker),
    })
    .await;
    if let Some(web) = web {
        match web.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "the web pages stopped on an error"),
            Err(e) => tracing::error!(error = %e, "the web pages' task failed"),
        }
    }
    store.close().await;
    match outcome {
        Ok(()) => {
            tracing::info!("somosbot stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "somosbot stopped on an error");
            ExitCode::FAILURE
        }
    }
}

/// The address `somosbot web` listens on when WEB_ADDR is not set.
pub const DEFAULT_WEB_ADDR: &str = "127.0.0.1:8080";

/// Binds the web's address and prepares its state.
async fn start_web(
    settings: &Settings,
    addr: &str,
    store: &Store,
    event: &EventConfig,
    checker: crate::domain::recheck::Checker,
) -> Result<(tokio::net::TcpListener, crate::web::WebState), crate::web::WebError> {
    let socket = crate::web::parse_addr(addr)?;
    let listener = tokio::net::TcpListener::bind(socket)
        .await
        .map_err(|e| crate::web::WebError::Bind(addr.to_string(), e))?;
    let base = settings
        .web_base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let login = match (
        &settings.discord_client_id,
        &settings.discord_client_key,
        settings.guild_id(),
    ) {
        (Some(id), Some(secret), Ok(Some(guild))) => Some(crate::web::auth::Login {
            oauth: crate::web::oauth::OAuthClient::new(
                settings
                    .discord_api_base
                    .as_deref()
                    .unwrap_or("https://discord.com"),
                id,
                secret.clone(),
                format!("{base}/login/callback"),
            ),
            guild,
            role_recheck: crate::web::auth::ROLE_RECHECK,
        }),
        _ => {
            tracing::info!("dashboard login off: set DISCORD_CLIENT_ID, DISCORD_CLIENT_SECRET and DISCORD_GUILD_ID");
            None
        }
    };
    let state = crate::web::WebState::new(store.clone(), event.clone(), &base, login)?
        .with_certificate_key(settings.certificate_key.clone())
        .with_checker(Some(checker));
    tracing::info!(%addr, base_url = %base, "web pages served");
    Ok((listener, state))
}

/// `somosbot web`: the pages alone, until Ctrl-C or SIGTERM.
async fn web_only(settings: Settings) -> ExitCode {
    let event = match load_event(&settings) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let store = match open_store(&settings).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let addr = settings
        .web_addr
        .clone()
        .unwrap_or_else(|| DEFAULT_WEB_ADDR.to_string());
    // Alone, the web has its own Hub budget; the teams' cooldowns are in
    // the database, shared with the bot's processes.
    let checker = match crate::domain::recheck::Checker::for_process(&settings, &event) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("somosbot: {e}");
            store.close().await;
            return ExitCode::from(2);
        }
    };
    let outcome = match start_web(&settings, &addr, &store, &event, checker).await {
        Ok((listener, state)) => {
            crate::web::serve(listener, state, crate::discord::shutdown_signal()).await
        }
        Err(e) => {
            eprintln!("somosbot: {e}");
            store.close().await;
            return ExitCode::from(2);
        }
    };
    store.close().await;
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "the web pages stopped on an error");
            ExitCode::FAILURE
        }
    }
}

/// Prints the invite URL; exit 2 when no application id is known.
fn invite_url(settings: &Settings, application_id: Option<u64>) -> ExitCode {
    use crate::discord::bot_permissions;
    let from_token = || {
        let token = settings.discord_token.as_ref()?;
        bot_permissions::application_id_from_token(token.expose())
    };
    match application_id.or_else(from_token) {
        Some(id) => {
            println!("{}", bot_permissions::invite_url(id));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "somosbot: no application id. Pass --application-id (the \"Application ID\" on \
                 https://discord.com/developers/applications), set DISCORD_APPLICATION_ID, or set \
                 DISCORD_TOKEN, whose first part holds it."
            );
            ExitCode::from(2)
        }
    }
}

/// Loads the event file and opens the store, runs `f`, closes the store.
async fn with_event_and_store<F, Fut>(settings: &Settings, f: F) -> ExitCode
where
    F: FnOnce(EventConfig, Store) -> Fut,
    Fut: std::future::Future<Output = ExitCode>,
{
    let event = match load_event(settings) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let store = match open_store(settings).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let code = f(event, store.clone()).await;
    store.close().await;
    code
}

fn load_event(settings: &Settings) -> Result<EventConfig, ExitCode> {
    EventConfig::load(&settings.event_path).map_err(|problems| {
        eprintln!(
            "somosbot: the event file {} has {} problem(s):\n{problems}Fix them, then check with `somosbot config check`.",
            settings.event_path.display(),
            problems.len()
        );
        ExitCode::from(2)
    })
}

async fn open_store(settings: &Settings) -> Result<Store, ExitCode> {
    Store::open(&settings.database_url).await.map_err(|e| {
        eprintln!(
            "somosbot: cannot open the database {}: {e}",
            settings.database_url
        );
        ExitCode::from(2)
    })
}

fn config_check(path: &std::path::Path) -> ExitCode {
    match EventConfig::load(path) {
        Ok(config) => {
            println!(
                "{}: OK — {} ({} deadlines, {} GPU resources, {} FAQ entries)",
                path.display(),
                config.event.name,
                config.deadlines.len(),
                config.gpu.pool.len(),
                config.faq.len()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            println!("{}: {} problem(s)", path.display(), problems.len());
            for p in &problems.0 {
                println!("  {}: {p}", path.display());
            }
            ExitCode::FAILURE
        }
    }
}

async fn export_teams(settings: &Settings, format: Format) -> ExitCode {
    let event = match load_event(settings) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let store = match open_store(settings).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let teams = store.teams_with_members(&event.event.id).await;
    store.close().await;
    let teams = match teams {
        Ok(t) => t,
        Err(e) => {
            eprintln!("somosbot: cannot read teams: {e}");
            return ExitCode::FAILURE;
        }
    };
    let written = match format {
        Format::Json => crate::export::teams_json(&teams, std::io::stdout().lock()),
        Format::Csv => crate::export::teams_csv(&teams, std::io::stdout().lock()),
    };
    match written.and_then(|_| std::io::stdout().flush().map_err(Into::into)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("somosbot: cannot write the export: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn export_submissions(settings: &Settings, format: Format) -> ExitCode {
    let event = match load_event(settings) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let store = match open_store(settings).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let read = async {
        let teams = store.teams_with_members(&event.event.id).await?;
        let subs = store.current_submissions(&event.event.id).await?;
        Ok::<_, crate::store::StoreError>((teams, subs))
    }
    .await;
    store.close().await;
    let (teams, subs) = match read {
        Ok(t) => t,
        Err(e) => {
            eprintln!("somosbot: cannot read submissions: {e}");
            return ExitCode::FAILURE;
        }
    };
    let names = teams
        .iter()
        .map(|t| (t.team.id, t.team.name.clone()))
        .collect();
    let rows = crate::export::submission_rows(&subs, &names);
    let written = match format {
        Format::Json => crate::export::submissions_json(&rows, std::io::stdout().lock()),
        Format::Csv => crate::export::submissions_csv(&rows, std::io::stdout().lock()),
    };
    match written.and_then(|_| std::io::stdout().flush().map_err(Into::into)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("somosbot: cannot write the export: {e}");
            ExitCode::FAILURE
        }
    }
}
