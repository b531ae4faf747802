//! The `somosbot` binary as an organizer runs it.

#[path = "support/mod.rs"]
mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

use support::fake_discord::{FakeDiscord, InteractionBuilder};

const BIN: &str = env!("CARGO_BIN_EXE_somosbot");
const EVENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/events/somos600m.toml");

/// A command in an empty directory (no `.env` to pick up) with a clean
/// environment apart from `vars`.
fn somosbot(dir: &std::path::Path, args: &[&str], vars: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir).env_clear();
    if let Ok(path) = std::env::var("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd
}

#[test]
fn without_a_token_the_bot_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = somosbot(dir.path(), &[], &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "DISCORD_TOKEN",
        ".env.example",
        "discord.com/developers/applications",
        "applications.commands",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    // Nothing was created on the way out.
    assert!(!dir.path().join("somosbot.db").exists());
}

#[test]
fn a_bad_shard_range_is_refused_with_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = somosbot(
        dir.path(),
        &[],
        &[("DISCORD_TOKEN", "a.b.c"), ("DISCORD_SHARDS", "2/2")],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("DISCORD_SHARDS") && err.contains("first-last/total"),
        "{err}"
    );
    // Refused before anything else happens: no database was created.
    assert!(!dir.path().join("somosbot.db").exists());
}

#[test]
fn config_check_passes_on_the_shipped_event() {
    let dir = tempfile::tempdir().unwrap();
    let out = somosbot(dir.path(), &["config", "check", EVENT], &[])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("OK"));
}

#[test]
fn config_check_lists_every_mistake_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(EVENT)
        .unwrap()
        .replace("max_size = 5", "max_size = \"five\"")
        .replace("at = 2024-03-24T23:59:00-12:00", "at = 2024-03-24T23:59:00")
        .replace(
            "organization = \"somosnlp\"",
            "organization = \"somos--nlp\"",
        );
    let file = dir.path().join("broken.toml");
    std::fs::write(&file, text).unwrap();
    let out = somosbot(
        dir.path(),
        &["config", "check", file.to_str().unwrap()],
        &[],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("3 problem(s)"), "{shown}");
    for needle in [
        "teams.max_size",
        "deadlines[3].at",
        "hub.organization",
        "line ",
    ] {
        assert!(shown.contains(needle), "missing {needle:?} in:\n{shown}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_writes_teams_as_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("export.db");
    let url = format!("sqlite://{}", db.display());
    let store = somosbot::store::Store::open(&somosbot::secret::DatabaseUrl::new(url.clone()))
        .await
        .unwrap();
    let mut policy =
        somosbot::domain::team::TeamPolicy::from_config(&support::bot::shipped_event());
    policy.registration_closes = None;
    let now = chrono::Utc::now();
    somosbot::domain::team::create_team(
        &store,
        &policy,
        11,
        "Equipo Uno",
        "=cmd|' /C calc'!A0",
        Some(4),
        now,
    )
    .await
    .unwrap();
    somosbot::domain::team::join_team(&store, &policy, 1, 12, now)
        .await
        .unwrap();
    store.close().await;

    let vars = [("DATABASE_URL", url.as_str()), ("SOMOSBOT_EVENT", EVENT)];
    let out = somosbot(dir.path(), &["export", "teams", "--format", "json"], &vars)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["name"], "Equipo Uno");
    assert_eq!(json[0]["members"], serde_json::json!(["11", "12"]));

    let out = somosbot(dir.path(), &["export", "teams", "--format", "csv"], &vars)
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.starts_with("id,name,topic"), "{csv}");
    assert!(csv.contains("'=cmd"), "formulas are defused: {csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_answers_and_stops_cleanly_on_sigterm() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let api = fake.api_base();
    let mut child = somosbot(
        dir.path(),
        &["run"],
        &[
            ("DISCORD_TOKEN", "fake.bot.token"),
            ("DISCORD_API_BASE", api.as_str()),
            ("DATABASE_URL", url.as_str()),
            ("SOMOSBOT_EVENT", EVENT),
            ("HF_ENDPOINT", "http://127.0.0.1:9"),
            ("RUST_LOG", "somosbot=info"),
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();

    fake.wait_commands_registered().await;
    let sent = fake.send_interaction(InteractionBuilder::slash("about").locale("en-US"));
    let callback = fake.wait_callback(&sent.token).await;
    assert!(
        callback["data"]["content"]
            .as_str()
            .unwrap_or_default()
            .contains("runs"),
        "{callback}"
    );

    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the bot did not stop within 15 s of SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut log = String::new();
    if let Some(mut err) = child.stderr.take() {
        use std::io::Read;
        let _ = err.read_to_string(&mut log);
    }
    assert!(status.success(), "exit {status:?}; log:\n{log}");
    assert!(log.contains("SIGTERM received"), "{log}");
    assert!(
        !log.contains("fake.bot.token"),
        "the token never reaches the log"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_writes_every_finding_of_each_current_submission() {
    use somosbot::hub::{Finding, Localized, Message, RepoId, RepoKind, RepoReport, Report};
    use somosbot::store::{NewSubmission, NewTeam, SubmissionStatus};

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("export.db").display());
    let store = somosbot::store::Store::open(&somosbot::secret::DatabaseUrl::new(url.clone()))
        .await
        .unwrap();
    let event = support::bot::shipped_event();
    let now = chrono::Utc::now();
    // A name a spreadsheet would run, written straight to the store.
    let team = match store
        .create_team(&NewTeam {
            event_id: event.event.id.clone(),
            name: "=1+1".into(),
            name_key: "=1+1".into(),
            topic: "tema".into(),
            ods: None,
            captain_id: 21,
            max_members: 5,
            now,
        })
        .await
        .unwrap()
    {
        somosbot::store::CreateTeamOutcome::Created(t) => t,
        other => panic!("{other:?}"),
    };
    let new = |dataset: &'static str| NewSubmission {
        event_id: &event.event.id,
        team_id: team.id,
        submitted_by: 21,
        dataset,
        model: None,
        demo: None,
        video: Some("https://youtu.be/x"),
        now,
    };
    // An older submission is history, not exported.
    store
        .create_submission(&new("https://huggingface.co/datasets/somosnlp/old"))
        .await
        .unwrap();
    let current = store
        .create_submission(&new("https://huggingface.co/datasets/somosnlp/NoticIA-it"))
        .await
        .unwrap();
    let repo = RepoId::parse(RepoKind::Dataset, "somosnlp/NoticIA-it").unwrap();
    let report = Report::new(
        "somosnlp",
        None,
        vec![RepoReport::new(
            "somosnlp/NoticIA-it",
            Some(RepoKind::Dataset),
            Some(repo),
            None,
            vec![
                Finding::ok(
                    "dataset.repo.exists",
                    Message::Fixed(Localized::new("Existe", "Exists")),
                ),
                Finding::error(
                    "dataset.section.bias",
                    Message::Fixed(Localized::new(
                        "Falta la sección de sesgos",
                        "The bias section is missing",
                    )),
                    Message::Fixed(Localized::new("Añádela", "Add it")),
                ),
            ],
            false,
        )],
        vec![],
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    store
        .set_submission_report(current.id, SubmissionStatus::Incomplete, &json, now)
        .await
        .unwrap();
    store.close().await;

    let vars = [("DATABASE_URL", url.as_str()), ("SOMOSBOT_EVENT", EVENT)];
    let out = somosbot(
        dir.path(),
        &["export", "submissions", "--format", "csv"],
        &vars,
    )
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "a header and one line per finding: {csv}");
    assert!(lines[0].starts_with("team,submission_id,status"), "{csv}");
    assert!(csv.contains("'=1+1"), "formulas are defused: {csv}");
    assert!(
        csv.contains("dataset.section.bias,error,The bias section is missing"),
        "{csv}"
    );
    assert!(!csv.contains("somosnlp/old"), "{csv}");

    let out = somosbot(
        dir.path(),
        &["export", "submissions", "--format", "json"],
        &vars,
    )
    .output()
    .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(2));
    assert_eq!(rows[1]["finding"], "dataset.section.bias");
    assert_eq!(rows[1]["status"], "incomplete");
    assert_eq!(rows[1]["video"], "https://youtu.be/x");
}

/// Everything the process wrote, from a file (a pipe could fill up and
/// block a chatty trace log).
fn read_log(path: &std::path::Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
}

/// Waits up to 15 s for the child to exit after SIGTERM.
async fn terminate(child: &mut std::process::Child) -> std::process::ExitStatus {
    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the bot did not stop within 15 s of SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The Discord token, the Hub token and the database password never reach
/// the log, at any level of any crate: a scenario with commands, a Discord
/// 500, a Hub call answered 429 then 200, run with `RUST_LOG=trace`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_log_even_at_trace_level() {
    use support::fake_discord::Failure;
    use support::fake_hub::{FakeHub, Reply};

    const DISCORD_TOKEN: &str = "MTIzNDU2Nzg5MDEy.LeakCanaryDiscord.tokenZZ9";
    const HF_TOKEN: &str = "hf_LeakCanaryHubTokenQQ7";
    const DB_PASSWORD: &str = "LeakCanaryDbPassWW3";

    let fake = FakeDiscord::start().await;
    let event = support::bot::shipped_event();
    fake.add_text_channel(&event.channels.find_team, None);
    fake.add_category(&event.channels.projects_category);
    fake.add_text_channel(&event.channels.log, None);
    let hub = FakeHub::new();
    let spaces = "/api/spaces?author=somosnlp&limit=1000";
    hub.on(
        spaces,
        Reply::json(429, r#"{"error":"slow down"}"#).header("Retry-After", "1"),
    );
    hub.on(spaces, Reply::fixture_json("api/spaces_list.json"));
    let hub_url = hub.start().await;

    let dir = tempfile::tempdir().unwrap();
    // PostgreSQL (trust) ignores the password, so it can be in the URL; without
    // PostgreSQL the password part is not tested, and the test says so.
    let (url, _pg) = match support::db::TestDb::postgres("no_secret_reaches_the_log").await {
        Some(db) => {
            let mut url = url::Url::parse(db.url.expose()).unwrap();
            url.set_password(Some(DB_PASSWORD)).unwrap();
            (url.to_string(), Some(db))
        }
        None => (
            format!("sqlite://{}", dir.path().join("bot.db").display()),
            None,
        ),
    };
    let log_path = dir.path().join("trace.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let api = fake.api_base();
    let mut child = somosbot(
        dir.path(),
        &["run"],
        &[
            ("DISCORD_TOKEN", DISCORD_TOKEN),
            ("HF_TOKEN", HF_TOKEN),
            ("DISCORD_API_BASE", api.as_str()),
            ("DATABASE_URL", url.as_str()),
            ("SOMOSBOT_EVENT", EVENT),
            ("HF_ENDPOINT", hub_url.as_str()),
            ("RUST_LOG", "trace"),
        ],
    )
    .stdout(log.try_clone().unwrap())
    .stderr(log)
    .spawn()
    .unwrap();

    fake.wait_commands_registered().await;
    let about = fake.send_interaction(InteractionBuilder::slash("about").locale("en-US"));
    fake.wait_callback(&about.token).await;
    // The team's announcement fails with a 500: logged, not fatal.
    fake.fail_next(
        "POST",
        "/channels/*/messages",
        1,
        Failure::server_error(500),
    );
    fake.add_member(9101, "capitana", &[]);
    let create = fake.send_interaction(
        InteractionBuilder::slash("team")
            .subcommand("create")
            .option("name", "Los Trazadores")
            .option("topic", "Registros")
            .user(9101, "capitana")
            .locale("en-US"),
    );
    fake.wait_followups(&create.token, 1).await;
    let likes = fake.send_interaction(
        InteractionBuilder::slash("leaderboard")
            .subcommand("likes")
            .locale("en-US"),
    );
    fake.wait_followups(&likes.token, 1).await;
    assert!(
        hub.count(spaces) >= 2,
        "the Hub was asked again after its 429"
    );
    assert!(
        hub.seen()
            .iter()
            .all(|s| s.authorization.as_deref() == Some(&format!("Bearer {HF_TOKEN}"))),
        "the scenario used the Hub token"
    );

    let status = terminate(&mut child).await;
    let log = read_log(&log_path);
    if let Ok(keep) = std::env::var("SOMOSBOT_KEEP_TRACE_LOG") {
        let _ = std::fs::write(keep, &log);
    }
    assert!(
        status.success(),
        "exit {status:?}; log tail:\n{}",
        tail(&log)
    );
    assert!(
        log.lines().count() > 50 && log.contains("TRACE") && log.contains("sqlx::query"),
        "the log was really at trace level ({} lines):\n{}",
        log.lines().count(),
        tail(&log)
    );
    let mut secrets = vec![("Discord token", DISCORD_TOKEN), ("Hub token", HF_TOKEN)];
    if _pg.is_some() {
        secrets.push(("database password", DB_PASSWORD));
    }
    for (what, secret) in secrets {
        // Also as hex (websocket frames) and with the token's distinctive middle part.
        for needle in [
            secret.to_string(),
            hex(secret),
            secret[8..secret.len() - 3].to_string(),
        ] {
            if let Some(at) = log.find(&needle) {
                let number = log[..at].lines().count();
                let line = log
                    .lines()
                    .nth(number.saturating_sub(1))
                    .unwrap_or_default();
                let shown: String = line
                    .replace(&needle, "<SECRET>")
                    .chars()
                    .take(400)
                    .collect();
                panic!("the {what} is in the log at line {number}: {shown}");
            }
        }
    }
}

fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

/// A bot process the test can kill; killed when dropped so a failing test
/// leaves nothing running.
struct BotProcess(std::process::Child);

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The shipped event moved to the future, so registration is open.
fn open_event(dir: &std::path::Path) -> String {
    let text = std::fs::read_to_string(EVENT)
        .unwrap()
        .replace("2024-0", "2099-0");
    let path = dir.join("event.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn spawn_bot(dir: &std::path::Path, fake: &FakeDiscord, url: &str, log: &str) -> BotProcess {
    let api = fake.api_base();
    let event = open_event(dir);
    let log = std::fs::File::create(dir.join(log)).unwrap();
    let child = somosbot(
        dir,
        &["run"],
        &[
            ("DISCORD_TOKEN", "fake.bot.token"),
            ("DISCORD_API_BASE", api.as_str()),
            ("DATABASE_URL", url),
            ("SOMOSBOT_EVENT", event.as_str()),
            ("HF_ENDPOINT", "http://127.0.0.1:9"),
            ("RUST_LOG", "somosbot=debug"),
        ],
    )
    .stdout(Stdio::null())
    .stderr(log)
    .spawn()
    .unwrap();
    BotProcess(child)
}

/// SIGKILL in the middle of a burst of `/team create`, then a restart on the
/// same database: every team left is whole (role and channel recorded and
/// present), nothing half made remains in Discord, and each person whose
/// command was cut off is told so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_burst_and_restarted_the_bot_leaves_no_half_made_team() {
    use support::fake_discord::fixtures::id_of;

    let fake = FakeDiscord::start().await;
    let event = support::bot::shipped_event();
    let find_team = fake.add_text_channel(&event.channels.find_team, None);
    let category = fake.add_category(&event.channels.projects_category);
    fake.add_role(&event.roles.participant, "0");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let first = spawn_bot(dir.path(), &fake, &url, "first.log");
    fake.wait_commands_registered().await;

    let captains: Vec<u64> = (9300..9316).collect();
    for c in &captains {
        fake.add_member(*c, &format!("capi{c}"), &[]);
    }
    // Every role creation answers slowly enough that the kill lands inside
    // some creations.
    let sent: Vec<_> = captains
        .iter()
        .map(|c| {
            fake.send_interaction(
                InteractionBuilder::slash("team")
                    .subcommand("create")
                    .option("name", format!("Equipo {c}"))
                    .option("topic", "Corpus")
                    .user(*c, &format!("capi{c}"))
                    .locale("en-US"),
            )
        })
        .collect();
    // Kill as soon as one team is finished: the others are under way.
    fake.wait_for("a first team made", Duration::from_secs(20), |i| {
        sent.iter()
            .filter_map(|s| i.state.interactions.get(&s.token))
            .flat_map(|r| r.followups.iter())
            .filter_map(|id| i.state.find_message(*id))
            .any(|m| {
                m["content"]
                    .as_str()
                    .is_some_and(|t| t.contains("is ready"))
            })
            .then_some(())
    })
    .await;
    let mut first = first;
    first.0.kill().unwrap(); // SIGKILL
    first.0.wait().unwrap();
    drop(first);

    let registered = fake
        .requests_to("PUT", "/applications/*/guilds/*/commands")
        .len();
    let _second = spawn_bot(dir.path(), &fake, &url, "second.log");
    fake.wait_request_n("PUT", "/applications/*/guilds/*/commands", registered)
        .await;

    // Each captain: a finished answer from the first run, or a note after
    // the restart that the command was cut off, or nothing had started.
    let store = somosbot::store::Store::open(&somosbot::secret::DatabaseUrl::new(url.clone()))
        .await
        .unwrap();
    let answered = |token: &str| {
        fake.inspect(|i| {
            i.state.interactions[token]
                .followups
                .iter()
                .filter_map(|id| i.state.find_message(*id))
                .map(|m| m["content"].as_str().unwrap_or_default().to_string())
                .collect::<Vec<String>>()
        })
    };
    // Recovery runs right after READY; wait until the store has nothing left.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let left: i64 = {
            let teams = store.teams_with_members(&event.event.id).await.unwrap();
            teams
                .iter()
                .filter(|t| t.team.role_id.is_none() || t.team.channel_id.is_none())
                .count() as i64
        };
        if left == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{left} half-made teams remain"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let teams = store.teams_with_members(&event.event.id).await.unwrap();
    let mut created = 0;
    let mut told_cut = 0;
    for (c, s) in captains.iter().zip(&sent) {
        let texts = answered(&s.token);
        let team = teams.iter().find(|t| t.team.captain_id == *c);
        let ready = texts.iter().any(|t| t.contains("is ready"));
        let cut = texts.iter().any(|t| t.contains("restarted while"));
        if ready {
            created += 1;
            assert!(
                team.is_some(),
                "{c} was told their team is ready: it must exist"
            );
        }
        if cut {
            told_cut += 1;
        }
        if let Some(t) = team {
            let t = &t.team;
            assert!(fake.role(t.role_id.unwrap()).is_some(), "{}: role", t.name);
            assert!(
                fake.channel(t.channel_id.unwrap()).is_some(),
                "{}: channel",
                t.name
            );
        }
    }
    eprintln!(
        "{} captains: {created} told ready, {told_cut} told their command was cut off, {} teams",
        captains.len(),
        teams.len()
    );
    assert!(created >= 1, "some teams were made before the kill");
    assert!(
        told_cut >= 1,
        "some commands were cut off and their people told"
    );
    // Nothing in Discord without its team.
    let stray_roles: Vec<serde_json::Value> = fake.inspect(|i| {
        i.state
            .roles
            .iter()
            .filter(|(id, r)| {
                r["name"].as_str().is_some_and(|n| n.starts_with("Equipo "))
                    && !teams.iter().any(|t| t.team.role_id == Some(**id))
            })
            .map(|(_, r)| r.clone())
            .collect()
    });
    assert!(
        stray_roles.is_empty(),
        "roles without a team: {stray_roles:#?}"
    );
    let stray_channels: Vec<serde_json::Value> = fake.inspect(|i| {
        i.state
            .channels
            .iter()
            .filter(|(id, c)| {
                id_of(&c["parent_id"]) == Some(category)
                    && !teams.iter().any(|t| t.team.channel_id == Some(**id))
            })
            .map(|(_, c)| c.clone())
            .collect()
    });
    assert!(
        stray_channels.is_empty(),
        "channels without a team: {stray_channels:#?}"
    );
    let announced = fake.messages_in(find_team).len();
    assert!(
        announced <= teams.len(),
        "{announced} announcements for {} teams",
        teams.len()
    );
    store.close().await;
}

/// The permission bits the bot's features use, by Discord's documentation
/// (`developers/topics/permissions.mdx`) — written out here, not read from the
/// bot, so a bit added or dropped in the code without a feature shows up.
const FEATURE_BITS: &[(u32, &str)] = &[
    (10, "View Channels"),
    (11, "Send Messages"),
    (38, "Send Messages in Threads"),
    (35, "Create Public Threads"),
    (14, "Embed Links"),
    (16, "Read Message History"),
    (17, "Mention @everyone, @here, and All Roles"),
    (51, "Pin Messages"),
    (28, "Manage Roles"),
    (4, "Manage Channels"),
    (34, "Manage Threads"),
];

#[test]
fn invite_url_asks_for_every_bit_the_features_use_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let out = somosbot(dir.path(), &["invite-url", "--application-id", "42"], &[])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(
        url.starts_with("https://discord.com/oauth2/authorize?"),
        "{url}"
    );
    assert!(url.contains("client_id=42"), "{url}");
    assert!(url.contains("scope=bot%20applications.commands"), "{url}");
    let permissions: u64 = url
        .split("permissions=")
        .nth(1)
        .and_then(|p| p.split('&').next())
        .and_then(|p| p.parse().ok())
        .expect("a permissions integer");
    let expected = FEATURE_BITS
        .iter()
        .fold(0u64, |acc, (bit, _)| acc | 1 << bit);
    assert_eq!(
        permissions,
        expected,
        "extra: {:b}",
        permissions & !expected
    );

    // Without a flag the id comes from the token's first part.
    let out = somosbot(
        dir.path(),
        &["invite-url"],
        &[("DISCORD_TOKEN", "MTIzNDU2Nzg5MDEyMzQ1Njc4.G1a2b3.secret")],
    )
    .output()
    .unwrap();
    let url = String::from_utf8_lossy(&out.stdout);
    assert!(url.contains("client_id=123456789012345678"), "{url}");
    assert!(!url.contains("secret"));
    // Neither: a clear refusal.
    let out = somosbot(dir.path(), &["invite-url"], &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--application-id"));
}

#[test]
fn the_readme_and_the_no_token_guidance_list_the_same_permissions() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let dir = tempfile::tempdir().unwrap();
    let out = somosbot(dir.path(), &[], &[]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stderr)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let expected = FEATURE_BITS
        .iter()
        .fold(0u64, |acc, (bit, _)| acc | 1 << bit);
    assert!(help.contains(&expected.to_string()), "{help}");
    let names: Vec<&str> = FEATURE_BITS.iter().map(|(_, n)| *n).collect();
    let listed = names.join(", ");
    assert!(readme.contains(&listed), "README should list: {listed}");
    assert!(
        help.contains(&listed),
        "guidance should list: {listed}\n{help}"
    );
}

/// `somosbot check` with a deadline: a repo changed after it makes the
/// verdict "late" (exit 1) and the commits are named; with the deadline
/// after every change, the same links are complete (exit 0), and the commit
/// lists are not asked for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_exits_1_on_a_change_after_the_deadline_and_names_the_commits() {
    use support::fake_hub::{noticia_team, FakeHub};
    let hub = FakeHub::new();
    noticia_team(&hub);
    let hub_url = hub.start().await;
    let dir = tempfile::tempdir().unwrap();
    let links = [
        "https://huggingface.co/datasets/somosnlp/NoticIA-it",
        "https://huggingface.co/somosnlp/NoticIA-7B",
        "https://huggingface.co/spaces/somosnlp/NoticIA-demo",
    ];
    let check = move |deadline: &str, lang: &str| {
        let mut args = vec!["check", "--deadline", deadline, "--lang", lang];
        args.extend(links);
        let out = somosbot(
            dir.path(),
            &args,
            &[("HF_ENDPOINT", hub_url.as_str()), ("SOMOSBOT_EVENT", EVENT)],
        )
        .output()
        .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let late = tokio::task::spawn_blocking(move || {
        let late = check("2024-04-10T11:59:00-12:00", "en");
        let es = check("2024-04-10T11:59:00-12:00", "es");
        let on_time = check("2024-04-11T11:59:00-12:00", "en");
        (late, es, on_time)
    })
    .await
    .unwrap();
    let ((code, text), (_, es), (on_time, on_time_text)) = late;
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("⏰ late: changed after the deadline")
            && text.contains("Late: there is 1 commit after the deadline (2024-04-10 23:59 UTC).")
            && text.contains("2024-04-11 08:30 UTC")
            && text.contains("Fix typo after the deadline"),
        "{text}"
    );
    assert!(es.contains("fuera de plazo"), "{es}");
    assert_eq!(on_time, Some(0), "{on_time_text}");
    // Three runs: the Space's commit list twice (late), never otherwise.
    assert_eq!(
        hub.count("/api/spaces/somosnlp/NoticIA-demo/commits/main?limit=20"),
        2
    );
    assert_eq!(
        hub.count("/api/models/somosnlp/NoticIA-7B/commits/main?limit=20"),
        0
    );
}

/// The jury's command line on a seeded event whose ranking is known by
/// hand: the score export, certificates for exactly the accepted teams'
/// members (winners with their place), a PNG that decodes, and
/// verification that accepts a genuine code and refuses a changed name, a
/// tampered row and an unknown code.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jury_export_and_certificates_export_and_verify() {
    use somosbot::domain::jury::certificates::{code, CertificateContent};
    use somosbot::store::{NewSubmission, Store};

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("jury.db").display());
    let store = Store::open(&somosbot::secret::DatabaseUrl::new(url.clone()))
        .await
        .unwrap();
    let event = support::bot::shipped_event();
    let ev = event.event.id.clone();
    let mut policy = somosbot::domain::team::TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let now = chrono::Utc::now();
    // (captain, other members, name, corpus-only)
    let plan: [(u64, &[u64], &str, bool); 4] = [
        (1, &[2], "Alfa", false),
        (3, &[], "Beta", false),
        (4, &[], "Gamma", true),
        (5, &[], "Delta", false),
    ];
    let mut ids = Vec::new();
    for (captain, others, name, corpus_only) in plan {
        let t = somosbot::domain::team::create_team(
            &store, &policy, captain, name, "Proyecto", None, now,
        )
        .await
        .unwrap();
        for m in others {
            somosbot::domain::team::join_team(&store, &policy, t.id, *m, now)
                .await
                .unwrap();
        }
        store
            .create_submission(&NewSubmission {
                event_id: &ev,
                team_id: t.id,
                submitted_by: captain,
                dataset: "somosnlp/corpus",
                model: (!corpus_only).then_some("somosnlp/model"),
                demo: (!corpus_only).then_some("somosnlp/demo"),
                video: None,
                now,
            })
            .await
            .unwrap();
        ids.push(t.id);
    }
    let (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3]);
    let pairs = [(a, 10), (a, 11), (b, 10), (b, 11), (c, 10), (d, 10)];
    store
        .apply_jury_assignment(&ev, &pairs, &[], 9, now)
        .await
        .unwrap();
    // Half points: A 10 and 8 (mean 9); B 6 and 6 + 1 extra (7); C 6/7
    // corpus-only; D 3. Podium: A, B, D.
    let scores: [(i64, u64, [u32; 4]); 6] = [
        (a, 10, [8, 6, 2, 4]),
        (a, 11, [6, 4, 2, 4]),
        (b, 10, [4, 4, 1, 3]),
        (b, 11, [6, 2, 0, 4]),
        (c, 10, [6, 0, 2, 4]),
        (d, 10, [2, 2, 0, 2]),
    ];
    for (team, judge, halves) in scores {
        for (group, h) in ["corpus", "model", "demo", "project"].iter().zip(halves) {
            if team == c && *group == "model" {
                continue;
            }
            store
                .save_jury_score(&ev, team, judge, group, h, now)
                .await
                .unwrap();
        }
    }
    store
        .save_jury_review(&ev, b, 11, "¡Bien!", "", 2, now)
        .await
        .unwrap();
    for team in [a, b, c] {
        store.accept_submission(&ev, team, 9, now).await.unwrap();
    }
    store
        .set_certificate_name(&ev, 1, "José Núñez", now)
        .await
        .unwrap();
    store
        .set_certificate_name(&ev, 2, "Анна Иванова", now)
        .await
        .unwrap();
    store
        .set_certificate_name(&ev, 3, "=Beto", now)
        .await
        .unwrap();
    store
        .set_certificate_name(&ev, 5, "Delia", now)
        .await
        .unwrap();
    store
        .set_hf_username(&ev, 4, Some("cuatro-hf"), now)
        .await
        .unwrap();
    store.close().await;

    let secret = "un secreto largo";
    let vars = [
        ("DATABASE_URL", url.as_str()),
        ("SOMOSBOT_EVENT", EVENT),
        ("SOMOSBOT_CERTIFICATE_SECRET", secret),
    ];
    let out = somosbot(dir.path(), &["export", "jury", "--format", "csv"], &vars)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(csv.lines().count(), 1 + 8 + 8 + 3 + 4, "{csv}");
    assert!(
        csv.starts_with("team_id,team,judge_id,group,points,out_of"),
        "{csv}"
    );
    let json = somosbot(dir.path(), &["export", "jury", "--format", "json"], &vars)
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(23));

    // Without the secret nothing is issued.
    let out_dir = dir.path().join("certs");
    let out_arg = out_dir.to_string_lossy().to_string();
    let no_secret = somosbot(
        dir.path(),
        &["certificates", "export", &out_arg],
        &vars[..2],
    )
    .output()
    .unwrap();
    assert_eq!(no_secret.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_secret.stderr).contains("SOMOSBOT_CERTIFICATE_SECRET"));

    let out = somosbot(dir.path(), &["certificates", "export", &out_arg], &vars)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut index = csv::Reader::from_path(out_dir.join("index.csv")).unwrap();
    let mut rows: Vec<(String, String, String, String)> = index
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].to_string(),
                r[1].to_string(),
                r[4].to_string(),
                r[6].to_string(),
            )
        })
        .collect();
    rows.sort();
    let who: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(u, n, p, _)| (u.as_str(), n.as_str(), p.as_str()))
        .collect();
    // Members of A (place 1), B (place 2) and C (participation); D was not
    // accepted, so Delia gets nothing although D is third.
    assert_eq!(
        who,
        [
            ("1", "José Núñez", "1"),
            ("2", "Анна Иванова", "1"),
            ("3", "'=Beto", "2"),
            ("4", "cuatro-hf", "")
        ]
    );
    let png = std::fs::read(out_dir.join("2.png")).unwrap();
    let decoder = png::Decoder::new(png.as_slice());
    let info = decoder.read_info().unwrap();
    assert_eq!((info.info().width, info.info().height), (1400, 990));

    let code_of_1 = rows[0].3.clone();
    let ok = somosbot(dir.path(), &["certificates", "verify", &code_of_1], &vars)
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{shown}");
    assert!(
        shown.contains("GENUINE") && shown.contains("José Núñez"),
        "{shown}"
    );
    assert!(
        shown.contains("place 1") && shown.contains("Alfa"),
        "{shown}"
    );

    // The code a certificate with another name would carry is not issued.
    let renamed = CertificateContent {
        event_id: ev.clone(),
        event_name: event.event.name.clone(),
        user_id: 1,
        name: "Josefina".into(),
        team: "Alfa".into(),
        project: "Proyecto".into(),
        place: Some(1),
        date: "2024-04-01".into(),
    };
    let forged = code(&somosbot::secret::Secret::new(secret), &renamed);
    let refused = somosbot(dir.path(), &["certificates", "verify", &forged], &vars)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let unknown = somosbot(dir.path(), &["certificates", "verify", "not-a-code"], &vars)
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));

    // A stored certificate whose name was changed no longer verifies.
    let store = Store::open(&somosbot::secret::DatabaseUrl::new(url.clone()))
        .await
        .unwrap();
    store
        .execute_raw(&format!(
            "UPDATE certificates SET content = replace(content, 'José Núñez', 'Josefina') \
             WHERE code = '{code_of_1}'"
        ))
        .await
        .unwrap();
    store.close().await;
    let tampered = somosbot(dir.path(), &["certificates", "verify", &code_of_1], &vars)
        .output()
        .unwrap();
    assert_eq!(tampered.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&tampered.stdout).contains("altered"));
}
