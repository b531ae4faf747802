//! The jury on Discord, end to end: six submitted projects (one
//! corpus-only), three judges (one a mentor who claimed a team's help post,
//! one who declares a conflict), `/jury assign` with its confirmation, the
//! packets' forms, refusals that change nothing, progress and results.
//! The setup lives in reusable functions so later steps (publication,
//! certificates) can continue the story.

use chrono::{Duration, Utc};
use serde_json::Value;
use somosbot::config::EventConfig;
use somosbot::store::{NewSubmission, NewTicket, Store};

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::view::{content, custom_ids as buttons};
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder, SentInteraction};
use crate::teams_kit::{answer, press, WAIT};

pub const EVENT_ID: &str = "somos600m-2024";

/// The shipped event with scoring closing in `days` (negative: closed).
pub fn event_scoring_closes_in(days: i64) -> EventConfig {
    let mut event = shipped_event();
    let id = event.jury.as_ref().expect("a jury").scoring_closes.clone();
    let at = (Utc::now() + Duration::days(days)).fixed_offset();
    for d in &mut event.deadlines {
        if d.id == id {
            d.at = at;
        }
    }
    event
}

/// The people and teams of the story.
pub struct Jury {
    pub organizer: (u64, String),
    pub organizer_role: u64,
    pub judge_role: u64,
    pub mentor_role: u64,
    /// Ana (judge), Beto (mentor and judge, claimed team 1's help post),
    /// Carla (judge, declares a conflict with team 2).
    pub judges: [(u64, String); 3],
    /// Team ids in creation order; the last one is corpus-only.
    pub teams: Vec<i64>,
}

impl Jury {
    pub fn roles_of(&self, who: u64) -> Vec<u64> {
        if who == self.judges[1].0 {
            vec![self.judge_role, self.mentor_role]
        } else if self.judges.iter().any(|j| j.0 == who) {
            vec![self.judge_role]
        } else if who == self.organizer.0 {
            vec![self.organizer_role]
        } else {
            vec![]
        }
    }
}

/// Six teams with a submission each (the sixth corpus-only), the first
/// team's help post claimed by Beto.
pub async fn seed_projects(store: &Store, event: &EventConfig) -> Vec<i64> {
    let mut policy = somosbot::domain::team::TeamPolicy::from_config(event);
    policy.registration_closes = None;
    let now = Utc::now();
    let mut teams = Vec::new();
    for n in 1..=6u64 {
        let team = somosbot::domain::team::create_team(
            store,
            &policy,
            8100 + n,
            &format!("Equipo {n}"),
            "Un corpus",
            Some(4),
            now,
        )
        .await
        .expect("a team");
        let corpus_only = n == 6;
        let dataset = format!("https://huggingface.co/datasets/somosnlp/corpus-{n}");
        let model = format!("https://huggingface.co/somosnlp/modelo-{n}");
        let demo = format!("https://huggingface.co/spaces/somosnlp/demo-{n}");
        store
            .create_submission(&NewSubmission {
                event_id: EVENT_ID,
                team_id: team.id,
                submitted_by: 8100 + n,
                dataset: &dataset,
                model: (!corpus_only).then_some(model.as_str()),
                demo: (!corpus_only).then_some(demo.as_str()),
                video: None,
                now,
            })
            .await
            .expect("a submission");
        teams.push(team.id);
    }
    let (ticket, _) = store
        .create_ticket(&NewTicket {
            event_id: EVENT_ID,
            thread_id: None,
            author_id: 8101,
            title: "¿Cómo cargo el corpus?",
            request_key: None,
            lang: Some("es"),
            now,
        })
        .await
        .expect("a ticket");
    assert!(store
        .claim_ticket(ticket.id, 9002, now)
        .await
        .expect("claim"));
    teams
}

/// The server (roles, log channel, the people) and the bot on `db`.
pub async fn start_jury(db: TestDb, event: EventConfig) -> (FakeDiscord, Jury, RunningBot) {
    let fake = FakeDiscord::start().await;
    let organizer_role = fake.add_role(&event.roles.organizer, "0");
    let mentor_role = fake.add_role(&event.roles.mentor, "0");
    fake.add_role(&event.roles.participant, "0");
    let judge_role = fake.add_role(&event.jury.as_ref().expect("jury").judge_role, "0");
    fake.add_text_channel(&event.channels.log, None);
    let teams = seed_projects(&db.store, &event).await;
    let jury = Jury {
        organizer: (9000, "olga".into()),
        organizer_role,
        judge_role,
        mentor_role,
        judges: [
            (9001, "ana".into()),
            (9002, "beto".into()),
            (9003, "carla".into()),
        ],
        teams,
    };
    fake.add_member(jury.organizer.0, &jury.organizer.1, &[organizer_role]);
    for j in &jury.judges {
        fake.add_member(j.0, &j.1, &jury.roles_of(j.0));
    }
    let bot = RunningBot::start_with(&fake, db, event).await;
    (fake, jury, bot)
}

/// `/jury <sub>` by `who`, in English.
pub fn jury_cmd(jury: &Jury, who: &(u64, String), sub: &str) -> InteractionBuilder {
    InteractionBuilder::slash("jury")
        .subcommand(sub)
        .user(who.0, &who.1)
        .roles(&jury.roles_of(who.0))
        .locale("en-US")
}

/// The first callback of an interaction (a modal is type 9).
pub async fn callback(fake: &FakeDiscord, sent: &SentInteraction) -> Value {
    fake.wait_for(&format!("the callback of {}", sent.token), WAIT, |i| {
        i.state
            .interactions
            .get(&sent.token)?
            .callbacks
            .first()
            .cloned()
    })
    .await
}

/// A press as `who` with their roles.
pub fn click_as(
    fake: &FakeDiscord,
    jury: &Jury,
    message: &Value,
    custom_id: &str,
    who: &(u64, String),
) -> SentInteraction {
    fake.send_interaction(press(fake, message, custom_id, who).roles(&jury.roles_of(who.0)))
}

/// A form sent as `who`.
pub fn submit_form(
    fake: &FakeDiscord,
    jury: &Jury,
    custom_id: &str,
    fields: &[(&str, &str)],
    who: &(u64, String),
) -> SentInteraction {
    fake.send_interaction(
        InteractionBuilder::modal_submit(custom_id, fields)
            .user(who.0, &who.1)
            .roles(&jury.roles_of(who.0))
            .locale("en-US"),
    )
}

/// Every judge uses the bot once (so assignment knows them), Carla
/// declares her conflict with team 2, and the organizer assigns.
pub async fn assign_all(fake: &FakeDiscord, jury: &Jury) -> Value {
    for j in &jury.judges {
        let text = content(&answer(fake, &fake.send_interaction(jury_cmd(jury, j, "next"))).await);
        assert!(text.contains("no project left"), "{text}");
    }
    let text = content(
        &answer(
            fake,
            &fake.send_interaction(
                jury_cmd(jury, &jury.judges[2], "conflict")
                    .option("team", jury.teams[1])
                    .option("reason", "Es mi prima\u{200B}"),
            ),
        )
        .await,
    );
    assert!(text.contains("Equipo 2"), "{text}");
    let preview = answer(
        fake,
        &fake.send_interaction(jury_cmd(jury, &jury.organizer, "assign")),
    )
    .await;
    let text = content(&preview);
    assert!(text.contains("6 projects, 3 judges"), "{text}");
    assert!(text.contains("Below the minimum"), "{text}");
    preview
}

fn judges_of(assigned: &[somosbot::store::JuryAssignment], team: i64) -> Vec<u64> {
    assigned
        .iter()
        .filter(|a| a.team_id == team)
        .map(|a| a.judge_id)
        .collect()
}

/// The packet of `team` as `who` sees it.
async fn packet(fake: &FakeDiscord, jury: &Jury, who: &(u64, String), team: i64) -> Value {
    answer(
        fake,
        &fake.send_interaction(jury_cmd(jury, who, "packet").option("team", team)),
    )
    .await
}

async fn scores(store: &Store) -> Vec<somosbot::store::JuryScore> {
    store.jury_scores(EVENT_ID).await.expect("scores")
}

async fn story(db: TestDb) {
    let (fake, jury, bot) = start_jury(db, event_scoring_closes_in(2)).await;
    let store = bot.db.store.clone();
    let [ana, beto, carla] = &jury.judges;

    // Assign: the preview, then its button pressed by the organizer.
    let preview = assign_all(&fake, &jury).await;
    let confirm = buttons(&preview)[0].clone();
    let sent = click_as(&fake, &jury, &preview, &confirm, &jury.organizer);
    // The press is acknowledged, then its message is edited in place.
    let edited = fake
        .wait_for("the applied assignment", WAIT, |i| {
            let record = i.state.interactions.get(&sent.token)?;
            let m = i.state.find_message(record.message_id?)?;
            content(&m).contains("Assigned:").then_some(m)
        })
        .await;
    assert!(buttons(&edited).is_empty(), "{edited}");
    let assigned = store.jury_assignments(EVENT_ID).await.expect("assigned");
    let (t1, t2, t3, t6) = (jury.teams[0], jury.teams[1], jury.teams[2], jury.teams[5]);
    assert!(!judges_of(&assigned, t1).contains(&beto.0), "the helper");
    assert!(!judges_of(&assigned, t2).contains(&carla.0), "the conflict");
    assert_eq!(judges_of(&assigned, t1).len(), 2);
    assert_eq!(judges_of(&assigned, t3).len(), 3);
    let audit = store.audit_entries(EVENT_ID, 50).await.expect("audit");
    assert!(audit.iter().any(|a| a.action == "jury.assign"));
    assert!(audit.iter().any(|a| a.action == "jury.conflict"));

    // Beto cannot see team 1's packet: refused, nothing shown.
    let refused = packet(&fake, &jury, beto, t1).await;
    assert!(
        content(&refused).contains("not assigned to you"),
        "{refused}"
    );
    assert!(buttons(&refused).is_empty());
    assert!(!content(&refused).contains("corpus-1"));

    // Ana's packet of team 3: links, one button per group, comment, extra.
    let p3 = packet(&fake, &jury, ana, t3).await;
    let text = content(&p3);
    assert!(text.contains("datasets/somosnlp/corpus-3"), "{text}");
    assert!(text.contains("<@8103>"), "{text}");
    let ids = buttons(&p3);
    assert_eq!(ids.len(), 6, "{ids:?}");
    // The corpus-only project shows only the groups it is scored on.
    let p6 = packet(&fake, &jury, ana, t6).await;
    assert_eq!(buttons(&p6).len(), 5, "{:?}", buttons(&p6));
    assert!(content(&p6).contains("Corpus-only"));

    // Score the corpus group through its form.
    let modal = callback(&fake, &click_as(&fake, &jury, &p3, &ids[0], ana)).await;
    assert_eq!(modal["type"], 9, "{modal}");
    let form_id = modal["data"]["custom_id"]
        .as_str()
        .expect("form id")
        .to_string();
    let title = modal["data"]["title"].as_str().unwrap_or_default();
    assert!(title.chars().count() <= 45, "{title}");
    let input = &modal["data"]["components"][0]["components"][0];
    assert!(input["label"].as_str().unwrap_or_default().chars().count() <= 45);
    assert!(
        input["placeholder"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .count()
            <= 100
    );
    let saved = answer(
        &fake,
        &submit_form(&fake, &jury, &form_id, &[("score", "3,5")], ana),
    )
    .await;
    assert!(content(&saved).contains("3.5/4"), "{saved}");
    assert_eq!(scores(&store).await.len(), 1);

    // Out of range, not a number, a forged form for an unassigned project:
    // refused, nothing changes.
    for typed in ["4.5", "abc", "2.25"] {
        let r = answer(
            &fake,
            &submit_form(&fake, &jury, &form_id, &[("score", typed)], ana),
        )
        .await;
        assert!(content(&r).contains(typed.trim()), "{typed}: {r}");
    }
    let forged = format!("sb:jury-score-form:{t1}:0");
    let r = answer(
        &fake,
        &submit_form(&fake, &jury, &forged, &[("score", "4")], beto),
    )
    .await;
    assert!(content(&r).contains("not assigned"), "{r}");
    let forged_button = format!("sb:jury-score:{t1}:0");
    let r = answer(&fake, &click_as(&fake, &jury, &p3, &forged_button, beto)).await;
    assert!(content(&r).contains("not assigned"), "{r}");
    // Someone without the jury role cannot press a judge's button.
    let outsider = (9100u64, "paco".to_string());
    fake.add_member(outsider.0, &outsider.1, &[]);
    let r = answer(&fake, &click_as(&fake, &jury, &p3, &ids[0], &outsider)).await;
    assert!(content(&r).contains("Only judges"), "{r}");
    let all = scores(&store).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].halves, 7);

    // The score changes (audited old → new).
    answer(
        &fake,
        &submit_form(&fake, &jury, &form_id, &[("score", "4")], ana),
    )
    .await;
    assert_eq!(scores(&store).await[0].halves, 8);
    let audit = store.audit_entries(EVENT_ID, 50).await.expect("audit");
    let change = audit
        .iter()
        .find(|a| a.action == "jury.score" && a.details["from"] == "3.5")
        .expect("the change is audited");
    assert_eq!(change.details["to"], "4", "{change:?}");
    assert_eq!(change.actor_id, ana.0);

    // Extra point: given to team 3, then moved to team 6.
    let r = answer(&fake, &click_as(&fake, &jury, &p3, &ids[5], ana)).await;
    assert!(content(&r).contains("Equipo 3"), "{r}");
    let ids6 = buttons(&p6);
    let r = answer(&fake, &click_as(&fake, &jury, &p6, &ids6[4], ana)).await;
    assert!(content(&r).contains("moved from **Equipo 3**"), "{r}");
    let reviews = store.jury_reviews(EVENT_ID).await.expect("reviews");
    let with_extra: Vec<i64> = reviews
        .iter()
        .filter(|r| r.extra_halves > 0)
        .map(|r| r.team_id)
        .collect();
    assert_eq!(with_extra, vec![t6]);

    // A comment and a note through their form.
    let modal = callback(&fake, &click_as(&fake, &jury, &p3, &ids[4], ana)).await;
    let form = modal["data"]["custom_id"]
        .as_str()
        .expect("form")
        .to_string();
    answer(
        &fake,
        &submit_form(
            &fake,
            &jury,
            &form,
            &[("comment", "Muy buen corpus"), ("note", "Revisar licencia")],
            ana,
        ),
    )
    .await;
    let review = store
        .jury_review(EVENT_ID, t3, ana.0)
        .await
        .expect("read")
        .expect("a review");
    assert_eq!(
        (review.comment.as_str(), review.note.as_str()),
        ("Muy buen corpus", "Revisar licencia")
    );

    // Progress: team 3 still misses scores.
    let progress = content(
        &answer(
            &fake,
            &fake.send_interaction(jury_cmd(&jury, &jury.organizer, "progress")),
        )
        .await,
    );
    assert!(progress.contains("**Equipo 3**: 0/3"), "{progress}");
    assert!(
        progress.contains("<@9001>: 0 done, 6 pending"),
        "{progress}"
    );

    // After the close: refused, nothing changes.
    let closes = shipped_event().jury.expect("jury").scoring_closes;
    let mut d = store
        .deadline(EVENT_ID, &closes)
        .await
        .expect("read")
        .expect("deadline");
    d.at = Utc::now() - Duration::minutes(1);
    store.upsert_deadline(EVENT_ID, &d).await.expect("close");
    let r = answer(
        &fake,
        &submit_form(&fake, &jury, &form_id, &[("score", "1")], ana),
    )
    .await;
    assert!(content(&r).contains("Scoring closed"), "{r}");
    assert_eq!(scores(&store).await[0].halves, 8);

    fake.assert_no_unknown_routes();
    bot.stop().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jury_story_on_sqlite() {
    story(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jury_story_on_postgres() {
    let Some(db) = TestDb::postgres("jury_story").await else {
        return;
    };
    story(db).await;
}

async fn twenty_presses(db: TestDb) {
    let (fake, jury, bot) = start_jury(db, event_scoring_closes_in(2)).await;
    let preview = assign_all(&fake, &jury).await;
    let confirm = buttons(&preview)[0].clone();
    let sent: Vec<SentInteraction> = (0..20)
        .map(|_| click_as(&fake, &jury, &preview, &confirm, &jury.organizer))
        .collect();
    for s in &sent {
        callback(&fake, s).await;
    }
    // Every press is answered before the audit is read.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let store = &bot.db.store;
    let audit = store.audit_entries(EVENT_ID, 100).await.expect("audit");
    let applied = audit.iter().filter(|a| a.action == "jury.assign").count();
    assert_eq!(applied, 1, "{audit:?}");
    assert_eq!(
        store.jury_assignments(EVENT_ID).await.expect("read").len(),
        16
    );
    bot.stop().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_confirm_presses_apply_the_assignment_once_on_sqlite() {
    twenty_presses(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_confirm_presses_apply_the_assignment_once_on_postgres() {
    let Some(db) = TestDb::postgres("jury_presses").await else {
        return;
    };
    twenty_presses(db).await;
}

/// Two judges score three complete projects (A lenient, B strict):
///
/// | | X | Y | Z |
/// |---|---|---|---|
/// | A | 9 | 8 | 7 |
/// | B | 2 | 6 | 4 |
///
/// Means: Y 7, X 5.5, Z 5.5 (a tie). Normalized (by hand, see
/// `domain::jury::results`): fractions A .9 .8 .7 (z = 1.2247, 0, −1.2247),
/// B .2 .6 .4 (z = −1.2247, 1.2247, 0); the pool's mean .6 and sd .238048,
/// so z·S = .29155: X (.89155 + .30845)/2 = .6 → 6.00, Y (.6 + .89155)/2 →
/// 7.46, Z (.30845 + .6)/2 → 4.54.
async fn ranking(db: TestDb) {
    let (fake, jury, bot) = start_jury(db, event_scoring_closes_in(2)).await;
    let store = &bot.db.store;
    let (a, b) = (jury.judges[0].0, jury.judges[2].0);
    let (x, y, z) = (jury.teams[2], jury.teams[3], jury.teams[4]);
    let now = Utc::now();
    let pairs: Vec<(i64, u64)> = [x, y, z].iter().flat_map(|t| [(*t, a), (*t, b)]).collect();
    store
        .apply_jury_assignment(EVENT_ID, &pairs, &[], jury.organizer.0, now)
        .await
        .expect("assign");
    // Group points: corpus 4, model 3, demo 1, project 2.
    let split = |total: u32| -> [(&str, u32); 4] {
        let corpus = total.min(4);
        let model = (total - corpus).min(3);
        let demo = (total - corpus - model).min(1);
        [
            ("corpus", corpus),
            ("model", model),
            ("demo", demo),
            ("project", total - corpus - model - demo),
        ]
    };
    for (team, judge, total) in [
        (x, a, 9),
        (y, a, 8),
        (z, a, 7),
        (x, b, 2),
        (y, b, 6),
        (z, b, 4),
    ] {
        for (group, points) in split(total) {
            store
                .save_jury_score(EVENT_ID, team, judge, group, points * 2, now)
                .await
                .expect("score");
        }
    }
    let plain = content(
        &answer(
            &fake,
            &fake.send_interaction(jury_cmd(&jury, &jury.organizer, "results")),
        )
        .await,
    );
    assert!(
        plain.contains("1. **Equipo 4** — 7.00/10 (2 judges)"),
        "{plain}"
    );
    assert!(plain.contains("2. (tie) **Equipo 3** — 5.50/10"), "{plain}");
    assert!(plain.contains("2. (tie) **Equipo 5** — 5.50/10"), "{plain}");
    let normalized = content(
        &answer(
            &fake,
            &fake.send_interaction(
                jury_cmd(&jury, &jury.organizer, "results").option("normalized", true),
            ),
        )
        .await,
    );
    assert!(
        normalized.contains("1. **Equipo 4** — 7.46/10"),
        "{normalized}"
    );
    assert!(
        normalized.contains("2. **Equipo 3** — 6.00/10"),
        "{normalized}"
    );
    assert!(
        normalized.contains("3. **Equipo 5** — 4.54/10"),
        "{normalized}"
    );
    bot.stop().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_rank_a_hand_computed_set_on_sqlite() {
    ranking(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_rank_a_hand_computed_set_on_postgres() {
    let Some(db) = TestDb::postgres("jury_results").await else {
        return;
    };
    ranking(db).await;
}
