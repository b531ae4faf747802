//! A burst of `/team request` and `/team invite` interactions sent at once
//! to the real bot (in-process) against the fake Discord, timed from the
//! INTERACTION_CREATE to the first callback the bot makes. The core of
//! `benches/team_burst.rs`, kept here so a small test runs it too.

use std::time::{Duration, Instant};

use super::bot::{shipped_event, RunningBot};
use super::db::TestDb;
use super::fake_discord::fixtures;
use super::fake_discord::{FakeDiscord, InteractionBuilder, SentInteraction};

/// Teams the burst is spread over (each gets requests and invitations).
const TEAMS: u64 = 40;

/// Time to first callback of each interaction of one kind, and how many
/// ended with the expected answer.
#[derive(Debug, Default)]
pub struct Figures {
    pub latencies: Vec<Duration>,
    pub succeeded: usize,
}

impl Figures {
    /// The `p`-th percentile (0.0–1.0), or zero when empty.
    pub fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[index]
    }
}

/// The figures of one run.
#[derive(Debug, Default)]
pub struct Burst {
    pub requests: Figures,
    pub invites: Figures,
    pub wall: Duration,
}

/// Sends `per_kind` requests and `per_kind` invitations at once and waits
/// until every one is answered.
pub async fn run(db: TestDb, per_kind: u64) -> Burst {
    let mut event = shipped_event();
    let closes = event.teams.registration_closes.clone();
    for d in &mut event.deadlines {
        if d.id == closes {
            d.at = (chrono::Utc::now() + chrono::Duration::days(30)).fixed_offset();
        }
    }
    let policy = somosbot::domain::team::TeamPolicy::from_config(&event);
    let now = chrono::Utc::now();
    let fake = FakeDiscord::start().await;
    fake.add_text_channel(&event.channels.find_team, None);
    fake.add_category(&event.channels.projects_category);
    let captain = |t: u64| 100_000 + t;
    for t in 0..TEAMS {
        fake.add_member(captain(t), &format!("captain{t}"), &[]);
        somosbot::domain::team::create_team(
            &db.store,
            &policy,
            captain(t),
            &format!("Burst {t:03}"),
            "tema",
            None,
            now,
        )
        .await
        .expect("seed a team");
    }
    let requester = |i: u64| 200_000 + i;
    let invitee = |i: u64| 300_000 + i;
    for i in 0..per_kind {
        fake.add_member(requester(i), &format!("req{i}"), &[]);
        fake.add_member(invitee(i), &format!("inv{i}"), &[]);
    }
    let bot = RunningBot::start_with(&fake, db, event).await;

    let started = Instant::now();
    let mut requests: Vec<SentInteraction> = Vec::new();
    let mut invites: Vec<SentInteraction> = Vec::new();
    for i in 0..per_kind {
        let t = i % TEAMS;
        requests.push(
            fake.send_interaction(
                InteractionBuilder::slash("team")
                    .subcommand("request")
                    .option("name", format!("Burst {t:03}"))
                    .user(requester(i), &format!("req{i}"))
                    .locale("en-US"),
            ),
        );
        invites.push(
            fake.send_interaction(
                InteractionBuilder::slash("team")
                    .subcommand("invite")
                    .option_user(
                        "person",
                        fixtures::user(invitee(i), &format!("inv{i}")),
                        &[],
                    )
                    .user(captain(t), &format!("captain{t}"))
                    .locale("en-US"),
            ),
        );
    }
    let all: Vec<&SentInteraction> = requests.iter().chain(invites.iter()).collect();
    fake.wait_for("every answer of the burst", Duration::from_secs(120), |i| {
        all.iter()
            .all(|s| {
                i.state
                    .interactions
                    .get(&s.token)
                    .is_some_and(|r| !r.followups.is_empty())
            })
            .then_some(())
    })
    .await;
    let wall = started.elapsed();

    let figures = |sent: &[SentInteraction], ok: &str| {
        fake.inspect(|i| {
            let mut f = Figures::default();
            for s in sent {
                let Some(record) = i.state.interactions.get(&s.token) else {
                    continue;
                };
                let callback_at = i
                    .requests
                    .iter()
                    .find(|r| {
                        r.method == "POST"
                            && r.path == format!("/interactions/{}/{}/callback", s.id, s.token)
                    })
                    .map(|r| r.at);
                if let (Some(sent_at), Some(at)) = (record.sent_at, callback_at) {
                    f.latencies.push(at.saturating_duration_since(sent_at));
                }
                let answered = record
                    .followups
                    .first()
                    .and_then(|id| i.state.find_message(*id))
                    .and_then(|m| m["content"].as_str().map(|c| c.contains(ok)))
                    .unwrap_or(false);
                f.succeeded += usize::from(answered);
            }
            f
        })
    };
    let burst = Burst {
        requests: figures(&requests, "was sent to its captain"),
        invites: figures(&invites, "Invitation sent"),
        wall,
    };
    bot.stop().await.expect("the bot stops cleanly");
    burst
}
