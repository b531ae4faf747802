//! `somosbot check`: the checker from the command line, on Hub links or, with
//! `--kind`, on local card files without any network.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use super::card_check::check_local_card;
use super::check::CheckContext;
use super::client::{HubClient, HubError};
use super::repo_id::RepoKind;
use super::report::Report;
use super::rules::CardRules;
use super::team::check_links;
use crate::config::{EventConfig, Settings};
use crate::i18n::{I18n, Lang};

/// The organization used when no event file is found.
pub const FALLBACK_ORGANIZATION: &str = "somosnlp";

/// Arguments of `somosbot check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Hub links (a team's links are checked together), or card files with --kind.
    #[arg(required = true, value_name = "URL|FILE")]
    pub targets: Vec<String>,
    /// Check local README files of this kind instead of asking the Hub.
    #[arg(long, value_parser = parse_kind, value_name = "dataset|model|space")]
    pub kind: Option<RepoKind>,
    /// List commits after this time: RFC 3339, or a deadline id of the event file.
    #[arg(long, value_name = "TIME|ID")]
    pub deadline: Option<String>,
    /// Event file (default: SOMOSBOT_EVENT or events/somos600m.toml).
    #[arg(long, value_name = "FILE")]
    pub event: Option<PathBuf>,
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    pub format: String,
    /// Language of the text report (the JSON holds message ids).
    #[arg(long, env = "SOMOSBOT_LANG", value_parser = parse_lang, default_value = "es", value_name = "es|en")]
    pub lang: Lang,
}

fn parse_kind(s: &str) -> Result<RepoKind, String> {
    RepoKind::parse(s).ok_or_else(|| "expected dataset, model or space".to_string())
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "es" => Ok(Lang::Es),
        "en" => Ok(Lang::En),
        _ => Err("expected es or en".to_string()),
    }
}

/// Why `check` could not run at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("event file {path}: {problems}")]
    Event { path: String, problems: String },
    #[error(
        "`{0}` is neither an RFC 3339 time (2024-03-25T11:59:00Z) nor a deadline id of the event"
    )]
    Deadline(String),
    #[error("cannot read {path}: {message}")]
    File { path: String, message: String },
    #[error(transparent)]
    Client(#[from] HubError),
}

/// Runs the check and prints the report; the exit code is 0 when complete,
/// 1 when something is missing, 2 when it could not be checked.
pub async fn run(args: CheckArgs, settings: &Settings) -> ExitCode {
    let format = args.format.clone();
    let lang = args.lang;
    match report(args, settings).await {
        Ok(report) => {
            if format == "json" {
                println!("{}", report.to_json());
            } else {
                print!("{}", report.render(I18n::shared(), lang));
            }
            ExitCode::from(report.status.exit_code())
        }
        Err(e) => {
            eprintln!("somosbot check: {e}");
            ExitCode::from(2)
        }
    }
}

/// The report `run` prints.
pub async fn report(args: CheckArgs, settings: &Settings) -> Result<Report, CheckError> {
    let (event, organization, rules) = load_event(args.event.as_ref(), settings)?;
    let deadline = match &args.deadline {
        None => None,
        Some(d) => Some(resolve_deadline(d, event.as_ref())?),
    };
    let mut ctx = CheckContext::new(organization, deadline);
    ctx.rules = rules;
    if let Some(kind) = args.kind {
        let mut reports = Vec::new();
        for path in &args.targets {
            let text = std::fs::read(path)
                .map_err(|e| CheckError::File {
                    path: path.clone(),
                    message: e.to_string(),
                })
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| CheckError::File {
                        path: path.clone(),
                        message: "not UTF-8 text".into(),
                    })
                })?;
            reports.push(check_local_card(path, kind, &text, &ctx.rules));
        }
        return Ok(Report::new(
            ctx.organization.clone(),
            deadline,
            reports,
            Vec::new(),
        ));
    }
    let client = HubClient::from_settings(settings)?;
    ctx.viewer = super::viewer::DatasetViewer::from_settings(settings)?;
    Ok(check_links(&client, &args.targets, &ctx).await)
}

/// The event named by `--event` must load; the default one may be absent,
/// and then the built-in rules and organization apply.
fn load_event(
    explicit: Option<&PathBuf>,
    settings: &Settings,
) -> Result<(Option<EventConfig>, String, CardRules), CheckError> {
    let path = explicit.unwrap_or(&settings.event_path);
    if explicit.is_none() && !path.exists() {
        return Ok((
            None,
            FALLBACK_ORGANIZATION.to_string(),
            CardRules::default(),
        ));
    }
    let event = EventConfig::load(path).map_err(|p| CheckError::Event {
        path: path.display().to_string(),
        problems: p.to_string(),
    })?;
    let org = event.hub.organization.clone();
    let rules = event.cards.clone();
    Ok((Some(event), org, rules))
}

fn resolve_deadline(text: &str, event: Option<&EventConfig>) -> Result<DateTime<Utc>, CheckError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text.trim()) {
        return Ok(t.with_timezone(&Utc));
    }
    event
        .and_then(|e| e.deadline(text.trim()))
        .map(|d| d.at_utc())
        .ok_or_else(|| CheckError::Deadline(text.to_string()))
}
