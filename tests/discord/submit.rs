//! `/submit`, `/submission status`, `/submissions`: the real bot against the
//! fake Discord and a local fake Hub.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use somosbot::config::BudgetSettings;
use somosbot::store::{NewTeam, StoredDeadline, SubmissionStatus};

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::view::{content, custom_ids};
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder};
use crate::support::fake_hub::{complete_repo_routes, fixture, FakeHub, Reply};

const CAPTAIN: (u64, &str) = (5001, "capitana");
const MEMBER: (u64, &str) = (5002, "miembro");
const TEAM: &str = "NoticIA";

const DATASET: &str = "https://huggingface.co/datasets/somosnlp/NoticIA-it";
const MODEL: &str = "https://huggingface.co/somosnlp/NoticIA-7B";
const DEMO: &str = "https://huggingface.co/spaces/somosnlp/NoticIA-demo";

const PROGRESS: &str = "/webhooks/*/*/messages/@original";

/// The NoticIA team's repos on the Hub (Spanish dataset card, English model
/// card), each route replaceable by a test.
fn noticia_routes() -> Vec<(String, Reply)> {
    complete_repo_routes(
        "somosnlp/NoticIA-it",
        "somosnlp/NoticIA-7B",
        "somosnlp/NoticIA-demo",
    )
}

/// A fake Hub with the NoticIA repos, `changes` replacing routes by path.
fn hub_with(changes: Vec<(&str, Reply)>) -> FakeHub {
    let hub = FakeHub::new();
    let changes: HashMap<&str, Reply> = changes.into_iter().collect();
    for (path, reply) in noticia_routes() {
        let reply = changes.get(path.as_str()).cloned().unwrap_or(reply);
        hub.on(&path, reply);
    }
    for (path, reply) in &changes {
        if !noticia_routes().iter().any(|(p, _)| p == path) {
            hub.on(path, reply.clone());
        }
    }
    hub
}

/// A JSON fixture with some keys removed (at the top and in `cardData`).
fn json_without(rel: &str, keys: &[&str]) -> Reply {
    let mut v: Value = serde_json::from_str(&fixture(rel)).unwrap();
    for k in keys {
        v.as_object_mut().map(|o| o.remove(*k));
        if let Some(cd) = v.get_mut("cardData").and_then(Value::as_object_mut) {
            cd.remove(*k);
        }
    }
    Reply::json(200, &v.to_string())
}

struct Scene {
    fake: FakeDiscord,
    bot: RunningBot,
    hub: FakeHub,
    hub_url: String,
    team_id: i64,
    organizer_role: u64,
}

/// A team (captain and one member) and the submission deadline at
/// `deadline`; the bot runs against `hub`.
async fn scene(hub: FakeHub, deadline: DateTime<Utc>) -> Scene {
    scene_on(TestDb::sqlite().await, hub, deadline).await
}

/// The same with no per-team cooldown, for stories that check one team
/// again at once (the cooldown has its own tests).
async fn scene_without_cooldown(hub: FakeHub, deadline: DateTime<Utc>) -> Scene {
    scene_with(TestDb::sqlite().await, hub, deadline, no_cooldown()).await
}

/// The shipped budget without the per-team cooldown.
fn no_cooldown() -> BudgetSettings {
    BudgetSettings {
        check_cooldown_seconds: 0,
        ..shipped_event().hub.budget
    }
}

/// [`scene`] on the given database.
async fn scene_on(db: TestDb, hub: FakeHub, deadline: DateTime<Utc>) -> Scene {
    scene_with(db, hub, deadline, shipped_event().hub.budget).await
}

/// [`scene`] on the given database, with the given Hub budget.
async fn scene_with(
    db: TestDb,
    hub: FakeHub,
    deadline: DateTime<Utc>,
    budget: BudgetSettings,
) -> Scene {
    let fake = FakeDiscord::start().await;
    let mut event = shipped_event();
    event.hub.budget = budget;
    let organizer_role = fake.add_role(&event.roles.organizer, "0");
    fake.add_text_channel(&event.channels.log, None);
    let hub_url = hub.start().await;
    let now = Utc::now();
    let team = match db
        .store
        .create_team(&NewTeam {
            event_id: event.event.id.clone(),
            name: TEAM.into(),
            name_key: TEAM.to_lowercase(),
            topic: "Resúmenes de titulares clickbait".into(),
            ods: Some(4),
            captain_id: CAPTAIN.0,
            max_members: 5,
            now,
        })
        .await
        .unwrap()
    {
        somosbot::store::CreateTeamOutcome::Created(t) => t,
        other => panic!("{other:?}"),
    };
    db.store
        .join_team(&event.event.id, team.id, MEMBER.0, now)
        .await
        .unwrap();
    // Organizers moved the deadline: the store's copy wins over the file.
    db.store
        .upsert_deadline(
            &event.event.id,
            &StoredDeadline {
                id: "submission".into(),
                title_es: "Entrega".into(),
                title_en: "Submission".into(),
                at: deadline,
                reminders: vec![],
            },
        )
        .await
        .unwrap();
    let bot = RunningBot::start_with_hub(&fake, db, event, &hub_url).await;
    Scene {
        fake,
        bot,
        hub,
        hub_url,
        team_id: team.id,
        organizer_role,
    }
}

fn submit(user: (u64, &str), locale: &str, links: &[(&str, &str)]) -> InteractionBuilder {
    let mut b = InteractionBuilder::slash("submit")
        .user(user.0, user.1)
        .locale(locale);
    for (k, v) in links {
        b = b.option(k, *v);
    }
    b
}

fn full_links() -> Vec<(&'static str, &'static str)> {
    vec![("dataset", DATASET), ("model", MODEL), ("demo", DEMO)]
}

/// Sends /submit and waits for the final report (the one with the button).
async fn submit_and_wait(s: &Scene, locale: &str, links: &[(&str, &str)]) -> (String, Value) {
    let sent = s.fake.send_interaction(submit(CAPTAIN, locale, links));
    let done = s
        .fake
        .wait_original(&sent.token, |m| {
            m["components"].as_array().is_some_and(|c| !c.is_empty())
        })
        .await;
    (sent.token, done)
}

async fn stored_report(s: &Scene) -> (SubmissionStatus, Value) {
    let sub = s
        .bot
        .db
        .store
        .latest_submission(s.team_id)
        .await
        .unwrap()
        .expect("a stored submission");
    (sub.status, sub.report.unwrap_or(Value::Null))
}

/// Every finding of a stored report: (id, severity).
fn findings(report: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |list: &Value| {
        for f in list.as_array().into_iter().flatten() {
            out.push((
                f["id"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            ));
        }
    };
    for r in report["repos"].as_array().into_iter().flatten() {
        push(&r["findings"]);
    }
    push(&report["cross_checks"]);
    out
}

fn has_error(report: &Value, id: &str) -> bool {
    findings(report)
        .iter()
        .any(|(i, s)| i == id && s == "error")
}

fn future() -> DateTime<Utc> {
    Utc::now() + Duration::days(7)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complete_submission_fills_in_a_checklist_and_ends_complete() {
    let s = scene(hub_with(vec![]), future()).await;
    let (token, done) = submit_and_wait(&s, "es-ES", &full_links()).await;
    let text = content(&done);
    assert!(text.contains("✅ **Completa**"), "{text}");
    assert!(text.contains("somosnlp/NoticIA-7B"), "{text}");
    assert!(text.chars().count() <= 2000, "{text}");

    // The checklist: the first edit lists every repo as pending, later edits
    // fill it in, the last one is the report with the re-check button.
    let edits: Vec<String> = s
        .fake
        .requests_to("PATCH", PROGRESS)
        .iter()
        .filter(|r| r.path.contains(&token))
        .map(|r| content(&r.body))
        .collect();
    assert!(edits.len() >= 3, "{edits:#?}");
    assert_eq!(edits[0].matches("⏳").count(), 3, "{}", edits[0]);
    assert!(
        edits
            .iter()
            .any(|e| e.contains("✅ dataset `somosnlp/NoticIA-it` — completo")),
        "{edits:#?}"
    );
    let (status, report) = stored_report(&s).await;
    assert_eq!(status, SubmissionStatus::Complete, "{report:#}");
    assert!(s.hub.seen().len() <= 8, "{:#?}", s.hub.seen());

    // Any member sees it, in English here, with a re-check button.
    let asked = s.fake.send_interaction(
        InteractionBuilder::slash("submission")
            .subcommand("status")
            .user(MEMBER.0, MEMBER.1)
            .locale("en-US"),
    );
    let answer = s.fake.wait_callback(&asked.token).await;
    let text = content(&answer);
    assert!(text.contains("Submission of NoticIA"), "{text}");
    assert!(text.contains("✅ **Complete**"), "{text}");
    assert_eq!(
        custom_ids(&answer).first(),
        Some(&format!("sb:recheck:{}", s.team_id))
    );

    // The export lists every finding of the team.
    let subs = s
        .bot
        .db
        .store
        .current_submissions(&shipped_event().event.id)
        .await
        .unwrap();
    let names = HashMap::from([(s.team_id, TEAM.to_string())]);
    let rows = somosbot::export::submission_rows(&subs, &names);
    assert!(rows.len() > 10, "{}", rows.len());
    assert!(rows
        .iter()
        .all(|r| r.team == TEAM && r.status == "complete"));
    assert!(rows
        .iter()
        .any(|r| r.finding == "submission.model.links_dataset" && r.severity == "ok"));
    let mut csv = Vec::new();
    somosbot::export::submissions_csv(&rows, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("team,submission_id,status"), "{csv}");
    assert!(csv.contains("dataset.section.bias"), "{csv}");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dataset_card_without_the_bias_section_is_incomplete() {
    let card = fixture("cards/dataset_complete_es.md");
    let start = card.find("## Sesgos").unwrap();
    let end = start + 3 + card[start + 3..].find("\n## ").unwrap();
    let card = format!("{}{}", &card[..start], &card[end + 1..]);
    let s = scene(
        hub_with(vec![(
            "/datasets/somosnlp/NoticIA-it/resolve/main/README.md",
            Reply::text(&card),
        )]),
        future(),
    )
    .await;
    let (_, done) = submit_and_wait(&s, "en-US", &full_links()).await;
    let text = content(&done);
    assert!(text.contains("❌ **Incomplete**"), "{text}");
    // What needs fixing is shown, within one message.
    assert!(text.chars().count() <= 2000, "{text}");
    assert!(text.contains("Bias"), "{text}");
    let (status, report) = stored_report(&s).await;
    assert_eq!(status, SubmissionStatus::Incomplete);
    assert!(has_error(&report, "dataset.section.bias"), "{report:#}");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_model_card_that_does_not_name_the_dataset_is_incomplete() {
    let card =
        fixture("cards/model_complete_en.md").replace("datasets:\n- somosnlp/NoticIA-it\n", "");
    let s = scene(
        hub_with(vec![
            (
                "/somosnlp/NoticIA-7B/resolve/main/README.md",
                Reply::text(&card),
            ),
            (
                "/api/models/somosnlp/NoticIA-7B",
                json_without("api/model_info.json", &["datasets"]),
            ),
        ]),
        future(),
    )
    .await;
    let (_, done) = submit_and_wait(&s, "en-US", &full_links()).await;
    let text = content(&done);
    assert!(text.contains("does not name"), "{text}");
    let (status, report) = stored_report(&s).await;
    assert_eq!(status, SubmissionStatus::Incomplete);
    assert!(
        has_error(&report, "submission.model.links_dataset"),
        "{report:#}"
    );
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_space_that_does_not_name_the_model_is_incomplete() {
    let card = fixture("cards/space_complete.md").replace("models:\n- somosnlp/NoticIA-7B\n", "");
    let s = scene(
        hub_with(vec![
            (
                "/spaces/somosnlp/NoticIA-demo/resolve/main/README.md",
                Reply::text(&card),
            ),
            (
                "/api/spaces/somosnlp/NoticIA-demo",
                json_without("api/space_info.json", &["models"]),
            ),
        ]),
        future(),
    )
    .await;
    let (_, _) = submit_and_wait(&s, "es-ES", &full_links()).await;
    let (status, report) = stored_report(&s).await;
    assert_eq!(status, SubmissionStatus::Incomplete);
    assert!(
        has_error(&report, "submission.space.links_model"),
        "{report:#}"
    );
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_model_is_reported_as_missing_or_private() {
    let s = scene(
        hub_with(vec![
            ("/api/models/somosnlp/NoticIA-7B", Reply::anonymous_401()),
            (
                "/api/models/somosnlp/NoticIA-7B/commits/main",
                Reply::anonymous_401(),
            ),
            (
                "/somosnlp/NoticIA-7B/resolve/main/README.md",
                Reply::anonymous_401(),
            ),
        ]),
        future(),
    )
    .await;
    let (_, done) = submit_and_wait(&s, "es-ES", &full_links()).await;
    let text = content(&done);
    assert!(text.contains("❌ **Incompleta**"), "{text}");
    let (status, report) = stored_report(&s).await;
    assert_eq!(status, SubmissionStatus::Incomplete);
    assert!(
        has_error(&report, "model.repo.not_found_or_private"),
        "{report:#}"
    );
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dataset_in_another_organization_is_incomplete() {
    let info =
        fixture("api/dataset_info.json").replace("somosnlp/NoticIA-it", "otraorg/NoticIA-it");
    let s = scene(
        hub_with(vec![
            ("/api/datasets/otraorg/NoticIA-it", Reply::json(200, &info)),
            (
                "/api/datasets/otraorg/NoticIA-it/commits/main",
                Reply::fixture_json("api/dataset_commits.json"),
            ),
            (
                "/datasets/otraorg/NoticIA-it/resolve/main/README.md",
                Reply::text(&fixture("cards/dataset_complete_es.md")),
            ),
        ]),
        future(),
    )
    .await;
    let links = [
        ("dataset", "hf.co/datasets/otraorg/NoticIA-it"),
        ("model", MODEL),
        ("demo", DEMO),
    ];
    submit_and_wait(&s, "en-US", &links).await;
    let (status, report) = stored_report(&s).await;
    assert_eq!(status, SubmissionStatus::Incomplete);
    assert!(
        has_error(&report, "dataset.repo.organization"),
        "{report:#}"
    );
    s.bot.stop().await.unwrap();
}

/// `/submissions overview` as an organizer, in English.
async fn overview_text(s: &Scene) -> String {
    let overview = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("overview")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    content(&s.fake.wait_callback(&overview.token).await)
}

/// `/submission status` as `user`.
async fn status_text(s: &Scene, user: (u64, &str), locale: &str) -> String {
    let asked = s.fake.send_interaction(
        InteractionBuilder::slash("submission")
            .subcommand("status")
            .user(user.0, user.1)
            .locale(locale),
    );
    content(&s.fake.wait_callback(&asked.token).await)
}

fn accept_late(team_id: i64) -> InteractionBuilder {
    InteractionBuilder::slash("submissions")
        .subcommand("accept-late")
        .option("team", team_id.to_string())
        .locale("en-US")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commit_after_the_deadline_is_late_until_an_organizer_accepts_it() {
    // Checked again at once: the per-team cooldown has its own tests.
    // 10 April 2024, 23:59 UTC; the Space has a commit on the 11th.
    let deadline = DateTime::parse_from_rfc3339("2024-04-10T23:59:00Z")
        .unwrap()
        .with_timezone(&Utc);
    // Submitted while the deadline was ahead: complete.
    let s = scene_without_cooldown(hub_with(vec![]), future()).await;
    let (_, done) = submit_and_wait(&s, "en-US", &full_links()).await;
    assert!(content(&done).contains("✅ **Complete**"), "{done}");
    // The organizers set the deadline to the hackathon's real one, and the
    // team checks again.
    s.bot
        .db
        .store
        .upsert_deadline(
            &shipped_event().event.id,
            &StoredDeadline {
                id: "submission".into(),
                title_es: "Entrega".into(),
                title_en: "Submission".into(),
                at: deadline,
                reminders: vec![],
            },
        )
        .await
        .unwrap();
    let text = press_check_again(&s, CAPTAIN, "en-US").await;
    assert!(text.contains("⏰ **Late**"), "{text}");
    assert!(!text.contains("✅ **Complete**"), "{text}");
    assert!(
        text.contains("2024-04-11 08:30 UTC") && text.contains("Fix typo after the deadline"),
        "{text}"
    );
    let (status, report) = stored_report(&s).await;
    assert_eq!(status, SubmissionStatus::Late);
    let space = &report["repos"][2];
    let after = space["facts"]["commits_after_deadline"].as_array().unwrap();
    assert_eq!(after.len(), 1, "{space:#}");
    // Only the Space changed after the deadline: only its commits were asked.
    assert_eq!(
        s.hub
            .seen()
            .iter()
            .filter(|r| r.path.contains("/commits/"))
            .map(|r| r.path.as_str())
            .collect::<Vec<_>>(),
        ["/api/spaces/somosnlp/NoticIA-demo/commits/main?limit=20"]
    );

    // The team sees it plainly, in Spanish too…
    let text = status_text(&s, MEMBER, "es-ES").await;
    assert!(text.contains("⏰ **Fuera de plazo**"), "{text}");
    // …and so do the organizers.
    let text = overview_text(&s).await;
    assert!(
        text.contains("Late, changed after the deadline (1): NoticIA"),
        "{text}"
    );
    assert!(text.contains("Complete (0)"), "{text}");

    // A participant cannot accept it…
    let denied = s
        .fake
        .send_interaction(accept_late(s.team_id).user(CAPTAIN.0, CAPTAIN.1));
    let text = content(&s.fake.wait_callback(&denied.token).await);
    assert!(text.contains("Only organizers"), "{text}");
    assert_eq!(stored_report(&s).await.0, SubmissionStatus::Late);
    // …free text is not a team…
    let typed = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("accept-late")
            .option("team", TEAM)
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let answer = s.fake.wait_callback(&typed.token).await;
    assert!(
        content(&answer).contains("Pick the team from the list"),
        "{answer}"
    );
    assert_eq!(answer["data"]["flags"].as_u64().unwrap_or(0) & 64, 64);
    // …an organizer's exception turns it back into complete, audited,
    // without asking the Hub again.
    let before = s.hub.seen().len();
    let accepted = s
        .fake
        .send_interaction(accept_late(s.team_id).roles(&[s.organizer_role]));
    let text = content(&s.fake.wait_callback(&accepted.token).await);
    assert!(
        text.contains("**NoticIA**: changes after the deadline"),
        "{text}"
    );
    assert!(text.contains("✅ **Complete**"), "{text}");
    assert_eq!(s.hub.seen().len(), before);
    let (status, report) = stored_report(&s).await;
    assert_eq!(status, SubmissionStatus::Complete, "{report:#}");
    let audit = s
        .bot
        .db
        .store
        .audit_entries(&shipped_event().event.id, 10)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == "submissions.accept-late" && a.target.as_deref() == Some(TEAM)),
        "{audit:#?}"
    );
    let text = overview_text(&s).await;
    assert!(text.contains("Complete (1): NoticIA"), "{text}");
    assert!(
        text.contains("Late, changed after the deadline (0)"),
        "{text}"
    );
    let text = status_text(&s, MEMBER, "en-US").await;
    assert!(text.contains("✅ **Complete**"), "{text}");
    assert!(text.contains("Fix typo after the deadline"), "{text}");
    let (_, report) = stored_report(&s).await;
    let accepted = report["repos"][2]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "space.commits.deadline")
        .cloned()
        .unwrap();
    assert_eq!(accepted["severity"], "info", "{accepted:#}");
    // Stored as a message id: each reader gets their own language.
    assert_eq!(
        accepted["message"]["key"], "hub-commits-accepted",
        "{accepted:#}"
    );

    // Withdrawn: late again.
    let withdrawn = s.fake.send_interaction(
        accept_late(s.team_id)
            .option("withdraw", true)
            .roles(&[s.organizer_role]),
    );
    let text = content(&s.fake.wait_callback(&withdrawn.token).await);
    assert!(text.contains("late exception is withdrawn"), "{text}");
    assert_eq!(stored_report(&s).await.0, SubmissionStatus::Late);

    // Letting the team hand in late covers its changes within that window.
    let allowed = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("allow-late")
            .option("team", TEAM)
            .option("hours", 2)
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    s.fake.wait_callback(&allowed.token).await;
    assert_eq!(stored_report(&s).await.0, SubmissionStatus::Complete);
    s.bot.stop().await.unwrap();
}

/// Presses "Check again" under `/submission status` as `user`; returns the
/// final report's text.
async fn press_check_again(s: &Scene, user: (u64, &str), locale: &str) -> String {
    let status = s.fake.send_interaction(
        InteractionBuilder::slash("submission")
            .subcommand("status")
            .user(user.0, user.1)
            .locale(locale),
    );
    s.fake.wait_callback(&status.token).await;
    let message = s.fake.original_message(&status.token).unwrap();
    let press = s.fake.send_interaction(
        InteractionBuilder::button(&format!("sb:recheck:{}", s.team_id), message)
            .user(user.0, user.1)
            .locale(locale),
    );
    let done = s
        .fake
        .wait_original(&press.token, |m| {
            m["components"].as_array().is_some_and(|c| !c.is_empty())
        })
        .await;
    content(&done)
}

/// `/path` by `user`: its final text (after the Hub check, when it asks).
async fn path_text(s: &Scene, user: (u64, &str), locale: &str) -> String {
    let sent = s.fake.send_interaction(
        InteractionBuilder::slash("path")
            .user(user.0, user.1)
            .locale(locale),
    );
    let done = s
        .fake
        .wait_original(&sent.token, |m| {
            let c = content(m);
            !c.is_empty() && !c.contains("checking on the Hub")
        })
        .await;
    content(&done)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complete_submission_rechecked_during_an_outage_stays_complete_everywhere() {
    outage_keeps_the_verdict(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complete_submission_rechecked_during_an_outage_stays_complete_everywhere_on_postgres() {
    let name =
        "a_complete_submission_rechecked_during_an_outage_stays_complete_everywhere_on_postgres";
    if let Some(db) = TestDb::postgres(name).await {
        outage_keeps_the_verdict(db).await;
    }
}

/// The outage story on `db`: checked complete, then the Hub goes down and
/// every re-check fails; the verdict is what everyone still sees.
async fn outage_keeps_the_verdict(db: TestDb) {
    let s = scene_with(db, hub_with(vec![]), future(), no_cooldown()).await;
    let (_, done) = submit_and_wait(&s, "en-US", &full_links()).await;
    assert!(content(&done).contains("✅ **Complete**"), "{done}");
    let first = s
        .bot
        .db
        .store
        .latest_submission(s.team_id)
        .await
        .unwrap()
        .unwrap();
    let checked_at = first.checked_at.unwrap();

    // The Hub goes down.
    for (path, _) in noticia_routes() {
        s.hub.replace(
            &path,
            Reply::json(503, r#"{"error":"Service Unavailable"}"#),
        );
    }

    // The team presses "Check again": the verdict stays, the failure is said.
    let text = press_check_again(&s, CAPTAIN, "en-US").await;
    let when = format!("<t:{}:F>", checked_at.timestamp());
    assert!(text.contains("✅ **Complete**"), "{text}");
    assert!(
        text.contains(&format!("Last checked at {when}")) && text.contains("the latest attempt"),
        "{text}"
    );
    assert!(!text.contains("not checked yet"), "{text}");

    // The organizers' run over every team: paused by the outage, said so.
    let run = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("recheck-all")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let done = s
        .fake
        .wait_original(&run.token, |m| content(m).contains("Re-checked"))
        .await;
    let text = content(&done);
    assert!(text.contains("Paused: the Hub stopped answering"), "{text}");
    assert!(text.contains("Complete (1): NoticIA"), "{text}");

    // Stored: the verdict and its report as they were, the attempt beside.
    let kept = s
        .bot
        .db
        .store
        .latest_submission(s.team_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.status, SubmissionStatus::Complete);
    assert_eq!(kept.report, first.report);
    assert_eq!(kept.checked_at, Some(checked_at));
    let attempt = kept.failed_attempt.clone().expect("the failed attempt");
    assert!(attempt.at > checked_at);
    assert!(attempt.error.contains("503"), "{attempt:?}");

    // The overview, the team's status (es and en), the path and the export.
    let text = overview_text(&s).await;
    assert!(text.contains("Complete (1): NoticIA"), "{text}");
    assert!(text.contains("Not checked yet (0)"), "{text}");
    assert!(
        text.contains(&format!(
            "Latest attempt failed, last verdict kept (1): NoticIA (last checked at {when})"
        )),
        "{text}"
    );
    let text = status_text(&s, MEMBER, "en-US").await;
    assert!(text.contains("✅ **Complete**"), "{text}");
    assert!(text.contains(&format!("Last checked at {when}")), "{text}");
    let text = status_text(&s, MEMBER, "es-ES").await;
    assert!(text.contains("✅ **Completa**"), "{text}");
    assert!(
        text.contains(&format!("Última comprobación: {when}"))
            && text.contains("el último intento"),
        "{text}"
    );
    let text = path_text(&s, MEMBER, "en-US").await;
    let submit_row = text
        .lines()
        .find(|l| l.contains("Submit the project"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(submit_row.starts_with("✅"), "{text}");
    assert!(text.contains(&format!("Last checked at {when}")), "{text}");
    let subs = s
        .bot
        .db
        .store
        .current_submissions(&shipped_event().event.id)
        .await
        .unwrap();
    let names = HashMap::from([(s.team_id, TEAM.to_string())]);
    let rows = somosbot::export::submission_rows(&subs, &names);
    assert!(rows.len() > 10, "{}", rows.len());
    assert!(rows.iter().all(|r| r.status == "complete"
        && r.checked_at == checked_at.to_rfc3339()
        && r.attempt_failed_at == attempt.at.to_rfc3339()));
    assert!(rows
        .iter()
        .any(|r| r.finding == "dataset.section.bias" && r.severity == "ok"));
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recheck_all_goes_past_a_team_whose_readme_redirects_to_another_host() {
    let s = scene(hub_with(vec![]), future()).await;
    submit_and_wait(&s, "en-US", &full_links()).await;
    // A second team, whose dataset card is stored elsewhere (a redirect to
    // another host, which the client never follows).
    let event = shipped_event();
    let store = &s.bot.db.store;
    let other = match store
        .create_team(&NewTeam {
            event_id: event.event.id.clone(),
            name: "Aaa Refranes".into(),
            name_key: "aaa refranes".into(),
            topic: "Refranes".into(),
            ods: Some(4),
            captain_id: 5101,
            max_members: 5,
            now: Utc::now(),
        })
        .await
        .unwrap()
    {
        somosbot::store::CreateTeamOutcome::Created(t) => t,
        other => panic!("{other:?}"),
    };
    // Its dataset alone (a corpus): the info answers, the card redirects.
    s.hub.on(
        "/api/datasets/somosnlp/Refranes-it",
        Reply::json(
            200,
            &fixture("api/dataset_info.json").replace("NoticIA-it", "Refranes-it"),
        ),
    );
    s.hub.replace(
        "/datasets/somosnlp/Refranes-it/resolve/main/README.md",
        Reply::new(302, "").header("Location", "https://cdn-lfs.example.org/refranes/README.md"),
    );
    let stored = store
        .create_submission(&somosbot::store::NewSubmission {
            event_id: &event.event.id,
            team_id: other.id,
            submitted_by: 5101,
            dataset: "https://huggingface.co/datasets/somosnlp/Refranes-it",
            model: None,
            demo: None,
            video: None,
            now: Utc::now(),
        })
        .await
        .unwrap();
    let before = store
        .latest_submission(s.team_id)
        .await
        .unwrap()
        .unwrap()
        .checked_at
        .unwrap();

    let run = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("recheck-all")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let done = s
        .fake
        .wait_original(&run.token, |m| content(m).contains("Re-checked"))
        .await;
    let text = content(&done);
    // The redirecting team comes first (by id) and is gone past; NoticIA,
    // after it, is checked.
    assert!(text.contains("Re-checked 1 of 2 submissions."), "{text}");
    assert!(
        text.contains("Gone past 1 team whose own repos could not be checked")
            && text.contains(
                "**Aaa Refranes** (the Hub redirected to another host (cdn-lfs.example.org), which is not followed)"
            ),
        "{text}"
    );
    assert!(!text.contains("Paused"), "{text}");
    assert!(text.contains("Complete (1): NoticIA"), "{text}");
    let after = store.latest_submission(s.team_id).await.unwrap().unwrap();
    assert!(after.checked_at.unwrap() > before);
    assert_eq!(after.status, SubmissionStatus::Complete);
    assert!(after.failed_attempt.is_none());
    let skipped = store.submission(stored.id).await.unwrap().unwrap();
    assert_eq!(skipped.status, SubmissionStatus::Unchecked);
    assert!(skipped
        .failed_attempt
        .is_some_and(|a| a.error.contains("cdn-lfs.example.org")),);
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_outage_leaves_the_submission_unchecked_not_incomplete() {
    let limited =
        || Reply::json(429, r#"{"error":"rate limited"}"#).header("RateLimit", "\"api\";r=0;t=295");
    let outage = || Reply::json(500, r#"{"error":"Internal Error"}"#);
    let hub = FakeHub::new();
    for (i, (path, _)) in noticia_routes().iter().enumerate() {
        hub.on(path, if i < 3 { limited() } else { outage() });
    }
    let s = scene(hub, future()).await;
    let (_, done) = submit_and_wait(&s, "es-ES", &full_links()).await;
    let text = content(&done);
    assert!(text.contains("Sin comprobar todavía"), "{text}");
    assert!(!text.contains("Incompleta"), "{text}");
    let (status, report) = stored_report(&s).await;
    assert_eq!(status, SubmissionStatus::Unchecked, "{report:#}");
    assert_eq!(report["status"], "could_not_check");

    let overview = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("overview")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let text = content(&s.fake.wait_callback(&overview.token).await);
    assert!(text.contains("Not checked yet (1): NoticIA"), "{text}");
    assert!(text.contains("Complete (0)"), "{text}");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_deadline_submit_is_refused_until_an_organizer_allows_it() {
    let deadline = Utc::now() - Duration::hours(3);
    let s = scene(hub_with(vec![]), deadline).await;
    let refused = s
        .fake
        .send_interaction(submit(CAPTAIN, "en-US", &full_links()));
    let answer = s
        .fake
        .wait_original(&refused.token, |m| !content(m).is_empty())
        .await;
    let text = content(&answer);
    assert!(
        text.contains(&format!("<t:{}:F>", deadline.timestamp())),
        "{text}"
    );
    assert!(s
        .bot
        .db
        .store
        .latest_submission(s.team_id)
        .await
        .unwrap()
        .is_none());
    assert!(
        s.hub.seen().is_empty(),
        "nothing is checked after the deadline"
    );

    // A participant cannot grant the exception…
    let denied = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("allow-late")
            .option("team", TEAM)
            .option("hours", 2)
            .user(CAPTAIN.0, CAPTAIN.1)
            .locale("en-US"),
    );
    let text = content(&s.fake.wait_callback(&denied.token).await);
    assert!(text.contains("Only organizers"), "{text}");

    // …an organizer can, and it is audited.
    let allowed = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("allow-late")
            .option("team", TEAM)
            .option("hours", 2)
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let text = content(&s.fake.wait_callback(&allowed.token).await);
    assert!(text.contains("**NoticIA** may submit until <t:"), "{text}");
    let audit = s
        .bot
        .db
        .store
        .audit_entries(&shipped_event().event.id, 10)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == "submissions.allow-late" && a.target.as_deref() == Some(TEAM)),
        "{audit:#?}"
    );
    let (_, done) = submit_and_wait(&s, "en-US", &full_links()).await;
    assert!(content(&done).contains("✅ **Complete**"), "{done}");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_who_is_not_the_captain_cannot_submit() {
    let s = scene(hub_with(vec![]), future()).await;
    let sent = s
        .fake
        .send_interaction(submit(MEMBER, "es-ES", &full_links()));
    let answer = s
        .fake
        .wait_original(&sent.token, |m| !content(m).is_empty())
        .await;
    assert!(content(&answer).contains("Solo la capitanía"), "{answer}");
    assert!(s
        .bot
        .db
        .store
        .latest_submission(s.team_id)
        .await
        .unwrap()
        .is_none());
    // A typo is refused before anything else, and says which link.
    let sent = s.fake.send_interaction(submit(
        CAPTAIN,
        "en-US",
        &[("dataset", MODEL), ("model", MODEL), ("demo", DEMO)],
    ));
    let answer = s
        .fake
        .wait_original(&sent.token, |m| !content(m).is_empty())
        .await;
    assert!(
        content(&answer).contains("The dataset link points to a model"),
        "{answer}"
    );
    assert!(s.hub.seen().is_empty());
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recheck_button_and_submit_share_one_check_per_two_minutes() {
    let s = scene(hub_with(vec![]), future()).await;
    submit_and_wait(&s, "en-US", &full_links()).await;
    let asked = s.fake.send_interaction(
        InteractionBuilder::slash("submission")
            .subcommand("status")
            .user(MEMBER.0, MEMBER.1)
            .locale("en-US"),
    );
    s.fake.wait_callback(&asked.token).await;
    let message = s
        .fake
        .original_message(&asked.token)
        .expect("status message");
    let custom_id = format!("sb:recheck:{}", s.team_id);
    let before = s.hub.seen().len();

    // The team's check just ran: the button says when it can run again.
    let again = s.fake.send_interaction(
        InteractionBuilder::button(&custom_id, message)
            .user(CAPTAIN.0, CAPTAIN.1)
            .locale("en-US"),
    );
    let text = content(&s.fake.wait_callback(&again.token).await);
    assert!(text.contains("checked a moment ago"), "{text}");
    assert!(text.contains(":R>"), "a Discord timestamp: {text}");

    // So does a second /submit, which stores nothing.
    let sent = s
        .fake
        .send_interaction(submit(CAPTAIN, "en-US", &full_links()));
    let refused = s
        .fake
        .wait_original(&sent.token, |m| content(m).contains("<t:"))
        .await;
    assert!(
        content(&refused).contains("checked a moment ago"),
        "{refused}"
    );
    let history = s.bot.db.store.submission_history(s.team_id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(s.hub.seen().len(), before, "the Hub was not asked again");
    s.bot.stop().await.unwrap();
}

/// Without the cooldown, the button checks again and a second /submit is a
/// new row: the first stays as history.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recheck_button_checks_again_and_submissions_keep_history() {
    let s = scene_without_cooldown(hub_with(vec![]), future()).await;
    submit_and_wait(&s, "en-US", &full_links()).await;
    let asked = s.fake.send_interaction(
        InteractionBuilder::slash("submission")
            .subcommand("status")
            .user(MEMBER.0, MEMBER.1)
            .locale("en-US"),
    );
    s.fake.wait_callback(&asked.token).await;
    let message = s
        .fake
        .original_message(&asked.token)
        .expect("status message");
    let custom_id = format!("sb:recheck:{}", s.team_id);
    let before = s.hub.seen().len();
    let press = s.fake.send_interaction(
        InteractionBuilder::button(&custom_id, message)
            .user(MEMBER.0, MEMBER.1)
            .locale("en-US"),
    );
    let done = s
        .fake
        .wait_original(&press.token, |m| content(m).contains("**Complete**"))
        .await;
    assert!(content(&done).contains("NoticIA-demo"), "{done}");
    assert!(
        s.hub.seen().len() > before,
        "the re-check asked the Hub again"
    );
    submit_and_wait(&s, "en-US", &full_links()).await;
    let history = s.bot.db.store.submission_history(s.team_id).await.unwrap();
    assert_eq!(history.len(), 2);
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recheck_button_still_works_after_a_restart() {
    let s = scene_without_cooldown(hub_with(vec![]), future()).await;
    submit_and_wait(&s, "es-ES", &full_links()).await;
    let asked = s.fake.send_interaction(
        InteractionBuilder::slash("submission")
            .subcommand("status")
            .user(CAPTAIN.0, CAPTAIN.1)
            .locale("es-ES"),
    );
    s.fake.wait_callback(&asked.token).await;
    let message = s
        .fake
        .original_message(&asked.token)
        .expect("status message");
    let custom_id = custom_ids(&message)
        .into_iter()
        .next()
        .expect("a re-check button");

    let Scene {
        fake, bot, hub_url, ..
    } = s;
    let bot = bot.restart_with_hub(&fake, shipped_event(), &hub_url).await;
    let press = fake.send_interaction(
        InteractionBuilder::button(&custom_id, message)
            .user(CAPTAIN.0, CAPTAIN.1)
            .locale("es-ES"),
    );
    let done = fake
        .wait_original(&press.token, |m| content(m).contains("**Completa**"))
        .await;
    assert!(content(&done).contains("NoticIA-demo"), "{done}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organizers_recheck_every_submission_in_one_progress_message() {
    let s = scene(hub_with(vec![]), future()).await;
    submit_and_wait(&s, "en-US", &full_links()).await;
    let before = s.hub.seen().len();
    let sent = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("recheck-all")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let done = s
        .fake
        .wait_original(&sent.token, |m| content(m).contains("Re-checked"))
        .await;
    let text = content(&done);
    assert!(text.contains("Re-checked 1 of 1 submissions."), "{text}");
    assert!(text.contains("Complete (1): NoticIA"), "{text}");
    assert!(s.hub.seen().len() > before);
    let edits: Vec<String> = s
        .fake
        .requests_to("PATCH", PROGRESS)
        .iter()
        .filter(|r| r.path.contains(&sent.token))
        .map(|r| content(&r.body))
        .collect();
    assert!(edits[0].contains("0 of 1"), "{edits:#?}");
    assert!(edits.iter().any(|e| e.contains("1 of 1…")), "{edits:#?}");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_given_by_its_hf_space_address_is_found_in_the_organization() {
    let s = scene_without_cooldown(
        hub_with(vec![(
            "/api/spaces?author=somosnlp&limit=1000",
            Reply::fixture_json("api/spaces_list.json"),
        )]),
        future(),
    )
    .await;
    let links = [
        ("dataset", DATASET),
        ("model", MODEL),
        ("demo", "https://somosnlp-noticia-demo.hf.space"),
    ];
    let (_, done) = submit_and_wait(&s, "en-US", &links).await;
    assert!(content(&done).contains("✅ **Complete**"), "{done}");
    let sub = s
        .bot
        .db
        .store
        .latest_submission(s.team_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        sub.demo.as_deref(),
        Some("https://somosnlp-noticia-demo.hf.space")
    );
    let (_, report) = stored_report(&s).await;
    assert_eq!(report["repos"][2]["repo"]["kind"], "space", "{report:#}");

    // An address no Space of the organization has is reported, not guessed.
    let links = [
        ("dataset", DATASET),
        ("model", MODEL),
        ("demo", "https://somosnlp-nada.hf.space"),
    ];
    submit_and_wait(&s, "en-US", &links).await;
    let (status, report) = stored_report(&s).await;
    assert_eq!(status, SubmissionStatus::Incomplete);
    assert!(
        has_error(&report, "space.link.unknown_subdomain"),
        "{report:#}"
    );
    s.bot.stop().await.unwrap();
}

/// Sixty teams' repos on the fake Hub: `tNN-data`, `tNN-model`, `tNN-demo`.
fn sixty_team_routes(hub: &FakeHub, teams: usize) {
    for i in 0..teams {
        let routes = complete_repo_routes(
            &format!("somosnlp/t{i:02}-data"),
            &format!("somosnlp/t{i:02}-model"),
            &format!("somosnlp/t{i:02}-demo"),
        );
        for (path, reply) in routes {
            hub.on(&path, reply);
        }
    }
}

/// The Hub's anonymous limit is 500 requests per 5 minutes: re-checking a
/// whole hackathon (60 teams) must fit in it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recheck_all_over_sixty_teams_stays_under_the_anonymous_rate_limit() {
    const TEAMS: usize = 60;
    let hub = FakeHub::new();
    sixty_team_routes(&hub, TEAMS);
    // The bot's own budget is left out of the way (it has its own tests):
    // this is about the pacing by the Hub's announced window.
    let budget = BudgetSettings {
        burst: 10_000,
        requests_per_window: 10_000,
        ..shipped_event().hub.budget
    };
    let s = scene_with(TestDb::sqlite().await, hub, future(), budget).await;
    let store = &s.bot.db.store;
    let event_id = shipped_event().event.id;
    let now = Utc::now();
    for i in 0..TEAMS {
        let name = format!("Equipo{i:02}");
        let captain = 7000 + i as u64;
        let team = match store
            .create_team(&NewTeam {
                event_id: event_id.clone(),
                name: name.clone(),
                name_key: name.to_lowercase(),
                topic: "Tema".into(),
                ods: Some(4),
                captain_id: captain,
                max_members: 5,
                now,
            })
            .await
            .unwrap()
        {
            somosbot::store::CreateTeamOutcome::Created(t) => t,
            other => panic!("{other:?}"),
        };
        let (d, m, sp) = (
            format!("https://huggingface.co/datasets/somosnlp/t{i:02}-data"),
            format!("https://huggingface.co/somosnlp/t{i:02}-model"),
            format!("https://huggingface.co/spaces/somosnlp/t{i:02}-demo"),
        );
        store
            .create_submission(&somosbot::store::NewSubmission {
                event_id: &event_id,
                team_id: team.id,
                submitted_by: captain,
                dataset: &d,
                model: Some(&m),
                demo: Some(&sp),
                video: None,
                now,
            })
            .await
            .unwrap();
    }
    let before = s.hub.seen().len();
    let sent = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("recheck-all")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let done = s
        .fake
        .wait_original(&sent.token, |m| content(m).contains("Re-checked"))
        .await;
    let text = content(&done);
    assert!(text.contains("Re-checked 60 of 60 submissions."), "{text}");

    let seen: Vec<String> = s.hub.seen()[before..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    // The figures, for the record (`-- --nocapture`); the limits are asserted below.
    println!("recheck-all: {TEAMS} teams, {} Hub requests", seen.len());
    assert!(seen.len() <= 500, "{} Hub requests", seen.len());
    for i in 0..TEAMS {
        let tag = format!("/t{i:02}-");
        let n = seen.iter().filter(|p| p.contains(&tag)).count();
        assert!(n > 0, "team {i} was not checked");
        assert!(n <= 8, "team {i}: {n} Hub requests");
    }
    // Every request is for one of the teams' repos or the organization's
    // listing (shared by all teams).
    let per_team: usize = (0..TEAMS)
        .map(|i| {
            let tag = format!("/t{i:02}-");
            seen.iter().filter(|p| p.contains(&tag)).count()
        })
        .sum();
    assert!(seen.len() - per_team <= 20, "{seen:#?}");
    // All sixty stored a fresh check.
    for sub in store.current_submissions(&event_id).await.unwrap() {
        if sub.team_id != s.team_id {
            assert!(sub.checked_at.is_some(), "{sub:?}");
        }
    }
    s.bot.stop().await.unwrap();
}
