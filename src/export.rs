//! Organizer exports. Cells that a spreadsheet would run as a formula are
//! prefixed with `'` (CSV injection), since team names and topics are typed
//! by participants.

use std::io::Write;

use serde::Serialize;

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

/// Neutralizes text a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR).
fn defuse(cell: &str) -> String {
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
