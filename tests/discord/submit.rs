//! `/submit`, `/submission status`, `/submissions`: the real bot against the
//! fake Discord and a local fake Hub.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use somosbot::store::{NewTeam, StoredDeadline, SubmissionStatus};

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
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
    let fake = FakeDiscord::start().await;
    let event = shipped_event();
    let organizer_role = fake.add_role(&event.roles.organizer, "0");
    fake.add_text_channel(&event.channels.log, None);
    let hub_url = hub.start().await;
    let db = TestDb::sqlite().await;
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

fn content(v: &Value) -> String {
    v["data"]["content"]
        .as_str()
        .or_else(|| v["content"].as_str())
        .unwrap_or_default()
        .to_string()
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
        .map(|r| r.body["content"].as_str().unwrap_or_default().to_string())
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
        answer["data"]["components"][0]["components"][0]["custom_id"],
        format!("sb:recheck:{}", s.team_id)
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commit_after_the_deadline_is_listed_with_its_time() {
    // 10 April 2024, 23:59 UTC; the Space has a commit on the 11th.
    let deadline = DateTime::parse_from_rfc3339("2024-04-10T23:59:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let s = scene(hub_with(vec![]), deadline).await;
    // The team was let in late, so the submission is accepted and checked.
    s.bot
        .db
        .store
        .allow_late_submission(s.team_id, Some(Utc::now() + Duration::hours(2)))
        .await
        .unwrap();
    let (_, done) = submit_and_wait(&s, "en-US", &full_links()).await;
    let text = content(&done);
    assert!(text.contains("2024-04-11 08:30 UTC"), "{text}");
    let (_, report) = stored_report(&s).await;
    let space = &report["repos"][2];
    let after = space["facts"]["commits_after_deadline"].as_array().unwrap();
    assert_eq!(after.len(), 1, "{space:#}");

    // The commit watch: organizers see which teams changed something late.
    let overview = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("overview")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let text = content(&s.fake.wait_callback(&overview.token).await);
    assert!(
        text.contains("Commits after the deadline (1): NoticIA"),
        "{text}"
    );
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
async fn the_recheck_button_checks_again_once_per_two_minutes_and_keeps_history() {
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
    let press = s.fake.send_interaction(
        InteractionBuilder::button(&custom_id, message.clone())
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

    let again = s.fake.send_interaction(
        InteractionBuilder::button(&custom_id, message)
            .user(CAPTAIN.0, CAPTAIN.1)
            .locale("en-US"),
    );
    let text = content(&s.fake.wait_callback(&again.token).await);
    assert!(text.contains("checked a moment ago"), "{text}");

    // A second /submit is a new row: the first stays as history.
    submit_and_wait(&s, "en-US", &full_links()).await;
    let history = s.bot.db.store.submission_history(s.team_id).await.unwrap();
    assert_eq!(history.len(), 2);
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recheck_button_still_works_after_a_restart() {
    let s = scene(hub_with(vec![]), future()).await;
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
    let custom_id = message["components"][0]["components"][0]["custom_id"]
        .as_str()
        .expect("a re-check button")
        .to_string();

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
        .map(|r| r.body["content"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(edits[0].contains("0 of 1"), "{edits:#?}");
    assert!(edits.iter().any(|e| e.contains("1 of 1…")), "{edits:#?}");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_given_by_its_hf_space_address_is_found_in_the_organization() {
    let s = scene(
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
    let s = scene(hub, future()).await;
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
