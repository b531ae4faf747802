//! Organizer exports. Cells that a spreadsheet would run as a formula are
//! prefixed with `'` (CSV injection), since team names and topics are typed
//! by participants.

use std::io::Write;

use serde::Serialize;

use crate::i18n::{I18n, Lang};
use crate::store::TeamWithMembers;

#[derive(Serialize)]
struct TeamExport<'a> {
    id: i64,
    name: &'a str,
    topic: &'a str,
    ods: Option<u8>,
    captain_id: String,
    members: Vec<String>,
    member_count: u32,
    max_members: u32,
    /// The team's private project channel, so organizers can jump to it.
    channel_id: Option<String>,
    created_at: String,
}

impl<'a> From<&'a TeamWithMembers> for TeamExport<'a> {
    fn from(t: &'a TeamWithMembers) -> Self {
        TeamExport {
            id: t.team.id,
            name: &t.team.name,
            topic: &t.team.topic,
            ods: t.team.ods,
            // Snowflakes as strings: JSON numbers lose precision past 2^53.
            captain_id: t.team.captain_id.to_string(),
            members: t.members.iter().map(u64::to_string).collect(),
            member_count: t.team.member_count,
            max_members: t.team.max_members,
            channel_id: t.team.channel_id.map(|c| c.to_string()),
            created_at: t.team.created_at.to_rfc3339(),
        }
    }
}

pub fn teams_json(teams: &[TeamWithMembers], mut out: impl Write) -> anyhow::Result<()> {
    let rows: Vec<TeamExport<'_>> = teams.iter().map(TeamExport::from).collect();
    serde_json::to_writer_pretty(&mut out, &rows)?;
    writeln!(out)?;
    Ok(())
}

pub fn teams_csv(teams: &[TeamWithMembers], out: impl Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "name",
        "topic",
        "ods",
        "captain_id",
        "members",
        "member_count",
        "max_members",
        "channel_id",
        "created_at",
    ])?;
    for t in teams {
        let e = TeamExport::from(t);
        w.write_record([
            e.id.to_string(),
            defuse(e.name),
            defuse(e.topic),
            e.ods.map(|o| o.to_string()).unwrap_or_default(),
            e.captain_id,
            e.members.join(" "),
            e.member_count.to_string(),
            e.max_members.to_string(),
            e.channel_id.unwrap_or_default(),
            e.created_at,
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// One row per finding of every team's current submission, so organizers
/// can sort and filter what the judges will see. A submission not checked
/// yet has one row with an empty finding.
#[derive(Serialize)]
pub struct SubmissionFindingRow {
    pub team: String,
    pub submission_id: i64,
    pub status: String,
    pub submitted_at: String,
    /// When the verdict in `status` was made.
    pub checked_at: String,
    /// When the latest attempt failed (the verdict was kept), else empty.
    pub attempt_failed_at: String,
    pub attempt_error: String,
    pub dataset: String,
    pub model: String,
    pub demo: String,
    pub video: String,
    /// `repo` (a repo's own check) or `cross` (between repos).
    pub scope: String,
    pub repo: String,
    pub finding: String,
    pub severity: String,
    pub message_en: String,
    pub message_es: String,
    pub hint_en: String,
}

/// The rows of [`SubmissionFindingRow`] for `subs` (team id → name in `names`).
pub fn submission_rows(
    subs: &[crate::store::StoredSubmission],
    names: &std::collections::HashMap<i64, String>,
) -> Vec<SubmissionFindingRow> {
    let i18n = I18n::shared();
    let mut rows = Vec::new();
    for s in subs {
        let base = |scope: &str, repo: String, f: Option<&crate::hub::Finding>| {
            let sev = f.map(|f| match f.severity {
                crate::hub::Severity::Error => "error",
                crate::hub::Severity::Warning => "warning",
                crate::hub::Severity::Info => "ok",
            });
            SubmissionFindingRow {
                team: names.get(&s.team_id).cloned().unwrap_or_default(),
                submission_id: s.id,
                status: s.status.as_str().to_string(),
                submitted_at: s.created_at.to_rfc3339(),
                checked_at: s.checked_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                attempt_failed_at: s
                    .failed_attempt
                    .as_ref()
                    .map(|a| a.at.to_rfc3339())
                    .unwrap_or_default(),
                attempt_error: s
                    .failed_attempt
                    .as_ref()
                    .map(|a| a.error.clone())
                    .unwrap_or_default(),
                dataset: s.dataset.clone(),
                model: s.model.clone().unwrap_or_default(),
                demo: s.demo.clone().unwrap_or_default(),
                video: s.video.clone().unwrap_or_default(),
                scope: scope.to_string(),
                repo,
                finding: f.map(|f| f.id.clone()).unwrap_or_default(),
                severity: sev.unwrap_or_default().to_string(),
                message_en: f.map(|f| f.message_in(i18n, Lang::En)).unwrap_or_default(),
                message_es: f.map(|f| f.message_in(i18n, Lang::Es)).unwrap_or_default(),
                hint_en: f
                    .and_then(|f| f.hint_in(i18n, Lang::En))
                    .unwrap_or_default(),
            }
        };
        let report = crate::domain::submission::stored_report(s);
        let Some(report) = report else {
            rows.push(base("", String::new(), None));
            continue;
        };
        for r in &report.repos {
            let name = r
                .repo
                .as_ref()
                .map(|id| id.to_string())
                .unwrap_or_else(|| r.target.clone());
            for f in &r.findings {
                rows.push(base("repo", name.clone(), Some(f)));
            }
        }
        for f in &report.cross_checks {
            rows.push(base("cross", String::new(), Some(f)));
        }
    }
    rows
}

pub fn submissions_json(rows: &[SubmissionFindingRow], mut out: impl Write) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut out, rows)?;
    writeln!(out)?;
    Ok(())
}

pub fn submissions_csv(rows: &[SubmissionFindingRow], out: impl Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "team",
        "submission_id",
        "status",
        "submitted_at",
        "checked_at",
        "attempt_failed_at",
        "attempt_error",
        "dataset",
        "model",
        "demo",
        "video",
        "scope",
        "repo",
        "finding",
        "severity",
        "message_en",
        "message_es",
        "hint_en",
    ])?;
    for r in rows {
        w.write_record([
            defuse(&r.team),
            r.submission_id.to_string(),
            r.status.clone(),
            r.submitted_at.clone(),
            r.checked_at.clone(),
            r.attempt_failed_at.clone(),
            defuse(&r.attempt_error),
            defuse(&r.dataset),
            defuse(&r.model),
            defuse(&r.demo),
            defuse(&r.video),
            r.scope.clone(),
            defuse(&r.repo),
            defuse(&r.finding),
            r.severity.clone(),
            defuse(&r.message_en),
            defuse(&r.message_es),
            defuse(&r.hint_en),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The help posts no one has answered, oldest first, with their age in
/// minutes at `now` (the dashboard's table).
pub fn unanswered_csv(
    tickets: &[crate::store::Ticket],
    now: chrono::DateTime<chrono::Utc>,
    out: impl Write,
) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "ticket_id",
        "thread_id",
        "title",
        "status",
        "created_at",
        "waiting_minutes",
    ])?;
    for t in tickets {
        w.write_record([
            t.id.to_string(),
            t.thread_id.map(|i| i.to_string()).unwrap_or_default(),
            defuse(&t.title),
            t.status.as_str().to_string(),
            t.created_at.to_rfc3339(),
            (now - t.created_at).num_minutes().max(0).to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The jury's progress, one row per project (judges by user id, separated
/// by spaces).
pub fn jury_progress_csv(
    p: &crate::domain::jury::progress::Progress,
    out: impl Write,
) -> anyhow::Result<()> {
    let ids = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "team_id",
        "team",
        "corpus_only",
        "judges_assigned",
        "judges_finished",
        "judges_per_project",
        "below_target",
        "assigned",
        "finished",
    ])?;
    for r in &p.projects {
        w.write_record([
            r.team_id.to_string(),
            defuse(&r.name),
            r.corpus_only.to_string(),
            r.assigned.len().to_string(),
            r.finished.len().to_string(),
            p.per_project.to_string(),
            r.below_target(p.per_project).to_string(),
            ids(&r.assigned),
            ids(&r.finished),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Neutralizes text a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR).
pub(crate) fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_carry_the_project_channel() {
        let at = chrono::DateTime::from_timestamp(1_709_251_200, 0).unwrap_or_default();
        let team = TeamWithMembers {
            team: crate::store::Team {
                id: 1,
                event_id: "ev".into(),
                name: "Equipo".into(),
                topic: "tema".into(),
                ods: None,
                captain_id: 7,
                max_members: 5,
                member_count: 1,
                is_open: false,
                role_id: Some(8),
                channel_id: Some(1_234_567_890_123_456_789),
                late_submission_until: None,
                registration_override_until: None,
                created_at: at,
            },
            members: vec![7],
        };
        let mut csv = Vec::new();
        teams_csv(std::slice::from_ref(&team), &mut csv).expect("csv");
        let csv = String::from_utf8(csv).expect("utf-8");
        assert!(
            csv.lines().next().is_some_and(|h| h.contains("channel_id")),
            "{csv}"
        );
        assert!(csv.contains("1234567890123456789"), "{csv}");
        let mut json = Vec::new();
        teams_json(&[team], &mut json).expect("json");
        let json = String::from_utf8(json).expect("utf-8");
        assert!(
            json.contains("\"channel_id\": \"1234567890123456789\""),
            "{json}"
        );
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("Equipo"), "Equipo");
    }
}
