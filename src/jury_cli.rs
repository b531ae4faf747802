//! The jury's command line: `export jury`, `certificates export DIR` and
//! `certificates verify CODE`.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::Utc;

use crate::config::{EventConfig, JurySettings, Settings};
use crate::domain::jury::{self, Verification};
use crate::i18n::Lang;
use crate::secret::Secret;
use crate::store::Store;

/// One score by criterion, as exported.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScoreRow {
    pub team_id: i64,
    pub team: String,
    pub judge_id: u64,
    pub group: String,
    pub points: f64,
    pub out_of: f64,
}

/// Every score of the event, by criterion group.
pub async fn score_rows(
    store: &Store,
    event_id: &str,
    jury: &JurySettings,
) -> Result<Vec<ScoreRow>, crate::store::StoreError> {
    let names: HashMap<i64, String> = store
        .teams_with_members(event_id)
        .await?
        .into_iter()
        .map(|t| (t.team.id, t.team.name))
        .collect();
    Ok(store
        .jury_scores(event_id)
        .await?
        .into_iter()
        .map(|s| ScoreRow {
            team: names.get(&s.team_id).cloned().unwrap_or_default(),
            team_id: s.team_id,
            judge_id: s.judge_id,
            out_of: jury.group(&s.group_id).map_or(0.0, |g| g.points),
            points: jury::scoring::points(s.halves),
            group: s.group_id,
        })
        .collect())
}

fn write_rows(rows: &[ScoreRow], json: bool, mut out: impl Write) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut out, rows)?;
        writeln!(out)?;
    } else {
        let mut w = csv::Writer::from_writer(out);
        for r in rows {
            w.serialize(ScoreRow {
                team: crate::export::defuse(&r.team),
                ..r.clone()
            })?;
        }
        w.flush()?;
    }
    Ok(())
}

fn jury_of(event: &EventConfig) -> Result<&JurySettings, ExitCode> {
    event.jury.as_ref().ok_or_else(|| {
        eprintln!("somosbot: the event file has no [jury] section");
        ExitCode::from(2)
    })
}

fn secret_of(settings: &Settings) -> Result<&Secret, ExitCode> {
    settings.certificate_key.as_ref().ok_or_else(|| {
        eprintln!(
            "somosbot: SOMOSBOT_CERTIFICATE_SECRET is not set; certificates are signed with it \
             (set the same value the bot runs with)"
        );
        ExitCode::from(2)
    })
}

/// `somosbot export jury --format csv|json`.
pub async fn export_jury(event: &EventConfig, store: &Store, json: bool) -> ExitCode {
    let jury = match jury_of(event) {
        Ok(j) => j,
        Err(code) => return code,
    };
    let rows = match score_rows(store, &event.event.id, jury).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("somosbot: cannot read the scores: {e}");
            return ExitCode::FAILURE;
        }
    };
    match write_rows(&rows, json, std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("somosbot: cannot write the export: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `somosbot certificates export DIR`: one PNG per person and `index.csv`.
pub async fn export_certificates(
    settings: &Settings,
    event: &EventConfig,
    store: &Store,
    dir: &Path,
) -> ExitCode {
    let (jury, secret) = match (jury_of(event), secret_of(settings)) {
        (Ok(j), Ok(s)) => (j, s),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let run = async {
        let places = jury::podium(store, event, jury, Utc::now()).await?;
        let hf: HashMap<u64, String> = store
            .all_participants(&event.event.id)
            .await?
            .into_iter()
            .filter_map(|p| p.hf_username.map(|h| (p.user_id, h)))
            .collect();
        let date = jury::certificate_date(event, jury, Utc::now());
        jury::issue_certificates(store, event, secret, &places, &hf, None, &date, Utc::now()).await
    };
    let issuance = match run.await {
        Ok(i) => i,
        Err(e) => {
            eprintln!("somosbot: cannot issue certificates: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = write_certificates(dir, &issuance, event.event.default_language) {
        eprintln!("somosbot: cannot write to {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    println!(
        "{} certificate(s) written to {}; {} member(s) without a name to print (see index.csv)",
        issuance.issued.len(),
        dir.display(),
        issuance.missing_name.len()
    );
    ExitCode::SUCCESS
}

fn write_certificates(dir: &Path, issuance: &jury::Issuance, lang: Lang) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut index = csv::Writer::from_path(dir.join("index.csv"))?;
    index.write_record([
        "user_id", "name", "team", "project", "place", "date", "code", "file",
    ])?;
    for issued in &issuance.issued {
        let c = &issued.content;
        let file = format!("{}.png", c.user_id);
        let png = crate::certificate::certificate_png(c, &issued.code, lang)?;
        std::fs::write(dir.join(&file), png)?;
        index.write_record([
            c.user_id.to_string(),
            crate::export::defuse(&c.name),
            crate::export::defuse(&c.team),
            crate::export::defuse(&c.project),
            c.place.map(|p| p.to_string()).unwrap_or_default(),
            c.date.clone(),
            issued.code.clone(),
            file,
        ])?;
    }
    for (team, user) in &issuance.missing_name {
        index.write_record([
            user.to_string(),
            String::new(),
            format!("team {team}"),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            "no name to print: /certificate name".to_string(),
        ])?;
    }
    index.flush()?;
    Ok(())
}

/// `somosbot certificates verify CODE`: exit 0 and what it certifies when
/// genuine, exit 1 otherwise.
pub async fn verify(settings: &Settings, store: &Store, code: &str) -> ExitCode {
    let secret = match secret_of(settings) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match jury::verify_certificate(store, secret, code).await {
        Ok(Verification::Genuine(c)) => {
            let what = match c.place {
                Some(p) => format!("place {p} (winning team)"),
                None => "participation".to_string(),
            };
            println!(
                "GENUINE: {} — {what} — {} — team {} — project {} — {}",
                c.name, c.event_name, c.team, c.project, c.date
            );
            ExitCode::SUCCESS
        }
        Ok(Verification::Unknown) => {
            println!("NOT GENUINE: no certificate has this code");
            ExitCode::FAILURE
        }
        Ok(Verification::Tampered) => {
            println!("NOT GENUINE: the certificate with this code was altered");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("somosbot: cannot verify: {e}");
            ExitCode::from(2)
        }
    }
}
