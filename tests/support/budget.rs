//! The shared-budget story, for the proof test and the bench: one team
//! loops `/submit`, `/path` and `/leaderboard likes` while another team's
//! `/submit` runs to its full report; the fake Hub counts every request.

use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::Value;
use somosbot::config::EventConfig;
use somosbot::store::{NewTeam, StoredDeadline};

use super::bot::RunningBot;
use super::db::TestDb;
use super::fake_discord::view::content;
use super::fake_discord::{FakeDiscord, InteractionBuilder};
use super::fake_hub::{complete_repo_routes, serve, FakeHub, Reply};

/// The looping team's captain.
pub const LOOPER: (u64, &str) = (5001, "bucle");
/// The other team's captain.
pub const OTHER: (u64, &str) = (5101, "capitana");
/// The organization's Spaces listing the likes board asks for.
pub const SPACES: &str = "/api/spaces?author=somosnlp&limit=1000";

const DATASET: &str = "https://huggingface.co/datasets/somosnlp/NoticIA-it";
const MODEL: &str = "https://huggingface.co/somosnlp/NoticIA-7B";
const DEMO: &str = "https://huggingface.co/spaces/somosnlp/NoticIA-demo";

pub struct TwoTeams {
    pub fake: FakeDiscord,
    pub bot: RunningBot,
    pub hub: FakeHub,
    pub organizer_role: u64,
}

/// Two teams with a captain each, the submission deadline a week away, and
/// a Hub that answers every request after `hub_delay`. Both teams hand in
/// the same complete repos (the fixtures name them), so a check's cost is
/// the same for both.
pub async fn two_teams(event: EventConfig, hub_delay: Duration) -> TwoTeams {
    let hub = FakeHub::new();
    serve(
        &hub,
        complete_repo_routes(
            "somosnlp/NoticIA-it",
            "somosnlp/NoticIA-7B",
            "somosnlp/NoticIA-demo",
        ),
        hub_delay,
    );
    hub.on(
        SPACES,
        Reply::json(
            200,
            r#"[{"id":"somosnlp/NoticIA-demo","likes":12},{"id":"somosnlp/otro","likes":3}]"#,
        )
        .delay(hub_delay),
    );
    let hub_url = hub.start().await;
    let fake = FakeDiscord::start().await;
    let organizer_role = fake.add_role(&event.roles.organizer, "0");
    fake.add_text_channel(&event.channels.log, None);
    let db = TestDb::sqlite().await;
    let now = Utc::now();
    for (name, captain) in [("Bucle", LOOPER.0), ("NoticIA", OTHER.0)] {
        db.store
            .create_team(&NewTeam {
                event_id: event.event.id.clone(),
                name: name.into(),
                name_key: name.to_lowercase(),
                topic: "Resúmenes de titulares".into(),
                ods: Some(4),
                captain_id: captain,
                max_members: 5,
                now,
            })
            .await
            .expect("team");
    }
    db.store
        .upsert_deadline(
            &event.event.id,
            &StoredDeadline {
                id: event.hub.submission_deadline.clone(),
                title_es: "Entrega".into(),
                title_en: "Submission".into(),
                at: now + chrono::Duration::days(7),
                reminders: vec![],
            },
        )
        .await
        .expect("deadline");
    let bot = RunningBot::start_with_hub(&fake, db, event, &hub_url).await;
    TwoTeams {
        fake,
        bot,
        hub,
        organizer_role,
    }
}

/// A `/submit` answer is final when it carries the re-check button (its
/// own check), a time to come back (a refusal), or a joined check's
/// verdict.
fn is_final(m: &Value) -> bool {
    let text = content(m);
    m["components"].as_array().is_some_and(|c| !c.is_empty())
        || text.contains("<t:")
        || ["**Complete**", "**Incomplete**", "**Unchecked"]
            .iter()
            .any(|s| text.contains(s))
}

/// What one `/submit` ended in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitAnswer {
    /// Its own check ran to the report.
    Checked(String),
    /// It joined the team's running check and got its report.
    Joined(String),
    /// "checked a moment ago, again at <t:…>".
    TooSoon(String),
    /// "the Hub budget is spent, try again at <t:…>".
    BudgetSpent(String),
    Other(String),
}

/// Sends `/submit` with the complete links and waits for its final answer.
pub async fn submit(s: &TwoTeams, user: (u64, &str)) -> SubmitAnswer {
    let sent = s.fake.send_interaction(
        InteractionBuilder::slash("submit")
            .user(user.0, user.1)
            .locale("en-US")
            .option("dataset", DATASET)
            .option("model", MODEL)
            .option("demo", DEMO),
    );
    let done = s.fake.wait_original(&sent.token, is_final).await;
    let text = content(&done);
    if done["components"].as_array().is_some_and(|c| !c.is_empty()) {
        SubmitAnswer::Checked(text)
    } else if text.contains("checked a moment ago") {
        SubmitAnswer::TooSoon(text)
    } else if text.contains("budget") {
        SubmitAnswer::BudgetSpent(text)
    } else if text.contains("**") {
        SubmitAnswer::Joined(text)
    } else {
        SubmitAnswer::Other(text)
    }
}

/// Sends `/path` and returns its last answer (the edit after a refresh,
/// else the first answer).
pub async fn path(s: &TwoTeams, user: (u64, &str)) -> Value {
    let sent = s.fake.send_interaction(
        InteractionBuilder::slash("path")
            .user(user.0, user.1)
            .locale("en-US"),
    );
    let first = s.fake.wait_callback(&sent.token).await;
    // A refresh edits the answer when the Hub has answered.
    const CHECKING: &str = "checking on the Hub…";
    if content(&first).contains(CHECKING) {
        return s
            .fake
            .wait_original(&sent.token, |m| !content(m).contains(CHECKING))
            .await;
    }
    first
}

/// Sends `/leaderboard likes` and returns its answer (a follow-up).
pub async fn leaderboard(s: &TwoTeams, user: (u64, &str)) -> Value {
    let sent = s.fake.send_interaction(
        InteractionBuilder::slash("leaderboard")
            .subcommand("likes")
            .user(user.0, user.1)
            .locale("en-US"),
    );
    s.fake
        .wait_followups(&sent.token, 1)
        .await
        .into_iter()
        .next()
        .unwrap_or(Value::Null)
}

/// What the looping team got, and the other team's report.
#[derive(Debug, Default)]
pub struct LoopFigures {
    pub rounds: usize,
    pub submits: Vec<SubmitAnswer>,
    pub paths: usize,
    pub boards: usize,
    /// Boards only the asker could see (ephemeral flag).
    pub private_boards: usize,
    pub other_answer: Option<SubmitAnswer>,
    pub other_time: Duration,
    pub hub_requests: usize,
    pub elapsed: Duration,
}

/// The looping team runs `/submit` + `/path` + `/leaderboard likes` rounds
/// for `duration` (one at a time, as fast as the bot answers, `pause`
/// between rounds); `other_after` into the run, the other team submits and
/// is timed to its final report.
pub async fn loop_while_other_submits(
    s: &TwoTeams,
    duration: Duration,
    pause: Duration,
    other_after: Duration,
) -> LoopFigures {
    let started = Instant::now();
    let before = s.hub.seen().len();
    let other = async {
        tokio::time::sleep(other_after).await;
        let t = Instant::now();
        let answer = submit(s, OTHER).await;
        (answer, t.elapsed())
    };
    let looping = async {
        let mut f = LoopFigures::default();
        while started.elapsed() < duration {
            f.submits.push(submit(s, LOOPER).await);
            path(s, LOOPER).await;
            f.paths += 1;
            let board = leaderboard(s, LOOPER).await;
            f.boards += 1;
            if board["flags"].as_u64().is_some_and(|fl| fl & 64 != 0) {
                f.private_boards += 1;
            }
            f.rounds += 1;
            tokio::time::sleep(pause).await;
        }
        f
    };
    let ((answer, time), mut f) = tokio::join!(other, looping);
    f.other_answer = Some(answer);
    f.other_time = time;
    f.hub_requests = s.hub.seen().len() - before;
    f.elapsed = started.elapsed();
    f
}
