//! After the deadline, against the fake Discord: organizers accept
//! submissions, and `/certificate` sends accepted teams' members their
//! certificate as a PNG by DM (or here when DMs are closed), with a code
//! that verifies — and stops verifying once the name changes.

use chrono::Utc;
use serde_json::json;
use serde_json::Value;
use somosbot::domain::jury::certificates::{self, CertificateContent};
use somosbot::domain::jury::{verify_certificate, Verification};
use somosbot::domain::team::{self, TeamPolicy};
use somosbot::secret::Secret;
use somosbot::store::{
    CreateTeamOutcome, NewSubmission, NewTeam, ProjectLikes, PublicationClaim, Store,
};
use std::time::Duration;

use crate::command_table::first_answer;
use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::fixtures;
use crate::support::fake_discord::{Failure, FakeDiscord, InteractionBuilder};

const SECRET: &str = "a certificate secret for the tests";
const WEB: &str = "https://web.example";

/// The people of a story; each story has its own ids, since the render
/// limit is per person in the process and stories run side by side.
#[derive(Clone, Copy)]
struct People {
    captain: (u64, &'static str),
    member: (u64, &'static str),
    other: (u64, &'static str),
    loner: (u64, &'static str),
}

fn people(base: u64) -> People {
    People {
        captain: (base + 1, "capitana"),
        member: (base + 2, "miembro"),
        other: (base + 3, "otra"),
        loner: (base + 4, "sola"),
    }
}

struct Scene {
    p: People,
    fake: FakeDiscord,
    bot: RunningBot,
    organizer_role: u64,
    accepted_team: i64,
    other_team: i64,
}

fn content(v: &Value) -> String {
    v["content"]
        .as_str()
        .or_else(|| v["data"]["content"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// A team with a submission: corpus only, or complete (`full`).
async fn team(store: &Store, name: &str, captain: u64, members: &[u64], full: bool) -> i64 {
    let event = shipped_event();
    let t = match store
        .create_team(&NewTeam {
            event_id: event.event.id.clone(),
            name: name.into(),
            name_key: name.to_lowercase(),
            topic: format!("El proyecto de {name}"),
            ods: Some(4),
            captain_id: captain,
            max_members: 5,
            now: Utc::now(),
        })
        .await
        .unwrap()
    {
        CreateTeamOutcome::Created(t) => t,
        other => panic!("{other:?}"),
    };
    let policy = TeamPolicy {
        registration_closes: None,
        ..TeamPolicy::from_config(&event)
    };
    for m in members {
        team::join_team(store, &policy, t.id, *m, Utc::now())
            .await
            .unwrap();
    }
    store
        .create_submission(&NewSubmission {
            event_id: &event.event.id,
            team_id: t.id,
            submitted_by: captain,
            dataset: "https://huggingface.co/datasets/somosnlp/corpus",
            model: full.then_some("https://huggingface.co/somosnlp/modelo"),
            demo: full.then_some("https://huggingface.co/spaces/somosnlp/demo"),
            video: None,
            now: Utc::now(),
        })
        .await
        .unwrap();
    t.id
}

async fn scene(db: TestDb, p: People) -> Scene {
    let fake = FakeDiscord::start().await;
    let event = shipped_event();
    let organizer_role = fake.add_role(&event.roles.organizer, "0");
    fake.add_text_channel(&event.channels.log, None);
    for (id, name) in [p.captain, p.member, p.other, p.loner] {
        fake.add_member(id, name, &[]);
    }
    let accepted_team = team(&db.store, "Ñandúes", p.captain.0, &[p.member.0], false).await;
    let other_team = team(&db.store, "Otros", p.other.0, &[], false).await;
    let bot = RunningBot::spawn(
        &fake,
        db,
        event,
        "http://127.0.0.1:9",
        &[
            ("SOMOSBOT_CERTIFICATE_SECRET", SECRET.to_string()),
            ("WEB_BASE_URL", WEB.to_string()),
        ],
    );
    fake.wait_commands_registered().await;
    Scene {
        p,
        fake,
        bot,
        organizer_role,
        accepted_team,
        other_team,
    }
}

impl Scene {
    fn store(&self) -> &Store {
        &self.bot.db.store
    }

    async fn answer(&self, b: InteractionBuilder) -> String {
        let sent = self.fake.send_interaction(b.locale("en-US"));
        let (text, ephemeral) = first_answer(&self.fake, &sent).await;
        assert!(ephemeral, "only the caller sees it: {text}");
        text
    }

    async fn accept(&self, team: i64, sub: &str, roles: &[u64], user: (u64, &str)) -> String {
        self.answer(
            InteractionBuilder::slash("submissions")
                .subcommand(sub)
                .option("team", team.to_string())
                .roles(roles)
                .user(user.0, user.1),
        )
        .await
    }

    async fn certificate(&self, user: (u64, &str), name: Option<&str>) -> String {
        let mut b = InteractionBuilder::slash("certificate").user(user.0, user.1);
        if let Some(n) = name {
            b = b.option("name", n);
        }
        self.answer(b).await
    }

    fn event_id(&self) -> String {
        shipped_event().event.id
    }

    /// The certificate PNGs the bot sent by DM to `user`, with the text.
    fn certificate_dms(&self, user: u64) -> Vec<(String, Vec<u8>)> {
        let Some(dm) = self.fake.dm_channel_with(user) else {
            return Vec::new();
        };
        self.fake
            .requests_to("POST", &format!("/channels/{dm}/messages"))
            .into_iter()
            .filter(|r| r.status < 300)
            .filter_map(|r| {
                let i = r.files.iter().position(|f| f == "certificate.png")?;
                Some((content(&r.body), r.file_bytes[i].clone()))
            })
            .collect()
    }

    async fn publish(&self) {
        let id = self.event_id();
        let claim = self
            .store()
            .claim_publication(&id, "n", 1, Utc::now(), chrono::Duration::minutes(5))
            .await
            .unwrap();
        assert_eq!(claim, somosbot::store::PublicationClaim::Claimed);
        assert!(self
            .store()
            .finish_publication(&id, "n", Some(1), Utc::now())
            .await
            .unwrap());
    }
}

/// The verification code in a text (`XXXX-XXXX-XXXX-XXXX-XXXX`).
fn code_in(text: &str) -> String {
    text.split(|c: char| c == '`' || c.is_whitespace() || c == '/')
        .find(|w| certificates::normalize_code(w).is_some() && w.len() == 24)
        .unwrap_or_else(|| panic!("no code in {text}"))
        .to_string()
}

/// Decodes a PNG; panics when the bytes are not one.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    (info.width, info.height)
}

async fn accepted_members_get_verifiable_certificates(db: TestDb, base: u64) {
    let s = scene(db, people(base)).await;
    let People {
        captain,
        member,
        other,
        loner,
    } = s.p;
    let id = s.event_id();
    let org = [s.organizer_role];

    // A participant may not accept: refused, nothing changes.
    let text = s.accept(s.accepted_team, "accept", &[], captain).await;
    assert!(text.contains("Only organizers"), "{text}");
    assert!(s.store().accepted_teams(&id).await.unwrap().is_empty());
    // An organizer accepts, once (the second time says so), audited once.
    let text = s.accept(s.accepted_team, "accept", &org, (9, "org")).await;
    assert!(text.contains("**Ñandúes**: submission accepted"), "{text}");
    let text = s.accept(s.accepted_team, "accept", &org, (9, "org")).await;
    assert!(text.contains("already accepted"), "{text}");
    assert_eq!(
        s.store().accepted_teams(&id).await.unwrap(),
        [s.accepted_team]
    );
    // Accepted and then taken back: the other team ends not accepted.
    s.accept(s.other_team, "accept", &org, (9, "org")).await;
    let text = s.accept(s.other_team, "unaccept", &org, (9, "org")).await;
    assert!(text.contains("acceptance taken back"), "{text}");
    let audit = s.store().audit_entries(&id, 50).await.unwrap();
    let actions: Vec<&str> = audit
        .iter()
        .filter(|a| a.action.starts_with("submissions."))
        .map(|a| a.action.as_str())
        .collect();
    assert_eq!(actions.len(), 3, "{actions:?}");
    // Organizers see it in the overview.
    let text = s
        .answer(
            InteractionBuilder::slash("submissions")
                .subcommand("overview")
                .roles(&org),
        )
        .await;
    assert!(
        text.contains("Accepted (certificates): 1 — Ñandúes"),
        "{text}"
    );

    // Before publication: no certificate, but a name can be set.
    let text = s.certificate(captain, None).await;
    assert!(
        text.contains("open when the results are published"),
        "{text}"
    );
    let bad = [
        format!("<@{}> Ana", member.0),
        "**Ana**".into(),
        "@everyone".into(),
        "ñ".repeat(41),
        "\u{202E}".into(),
    ];
    for bad in &bad {
        let text = s.certificate(captain, Some(bad)).await;
        assert!(
            text.contains("cannot contain")
                || text.contains("at most 40")
                || text.contains("empty"),
            "{bad}: {text}"
        );
    }
    assert!(s.store().certificate_names(&id).await.unwrap().is_empty());
    let text = s.certificate(captain, Some("  José   Núñez ")).await;
    assert!(text.contains("**José Núñez**"), "{text}");
    assert!(s.certificate_dms(captain.0).is_empty());

    s.publish().await;
    // Not accepted, not in a team: no certificate, said plainly.
    let text = s.certificate(other, None).await;
    assert!(text.contains("not been accepted"), "{text}");
    let text = s.certificate(loner, None).await;
    assert!(text.contains("not in a team"), "{text}");

    // The captain's certificate by DM: a PNG that decodes, its code, the link.
    let text = s.certificate(captain, None).await;
    assert!(text.contains("Sent to your direct messages"), "{text}");
    let dms = s.certificate_dms(captain.0);
    assert_eq!(dms.len(), 1);
    let (dm_text, png) = &dms[0];
    assert_eq!(png_size(png), (1400, 990));
    let code = code_in(dm_text);
    assert!(
        dm_text.contains(&format!("{WEB}/verify/{code}")),
        "{dm_text}"
    );
    let secret = Secret::new(SECRET);
    let genuine = match verify_certificate(s.store(), &secret, &code).await.unwrap() {
        Verification::Genuine(c) => c,
        other => panic!("{other:?}"),
    };
    assert_eq!(genuine.name, "José Núñez");
    assert_eq!(genuine.team, "Ñandúes");
    assert_eq!(genuine.user_id, captain.0);
    // A certificate with a changed name does not match the code.
    let renamed = CertificateContent {
        name: "Jose Nunez".into(),
        ..genuine.clone()
    };
    assert!(!certificates::verify(&secret, &renamed, &code));
    // Asked again: the same code.
    s.certificate(captain, None).await;
    let dms = s.certificate_dms(captain.0);
    assert_eq!(code_in(&dms[1].0), code);

    // A new name: a new code; the old one no longer verifies.
    let text = s.certificate(captain, Some("María José Núñez")).await;
    assert!(text.contains("Sent to your direct messages"), "{text}");
    let dms = s.certificate_dms(captain.0);
    let new_code = code_in(&dms[2].0);
    assert_ne!(new_code, code);
    assert_eq!(
        verify_certificate(s.store(), &secret, &code).await.unwrap(),
        Verification::Unknown
    );
    assert!(matches!(
        verify_certificate(s.store(), &secret, &new_code).await.unwrap(),
        Verification::Genuine(c) if c.name == "María José Núñez"
    ));
    // Drawing is rate-limited per person: the fourth within ten minutes waits.
    let text = s.certificate(captain, None).await;
    assert!(text.contains("Try again"), "{text}");
    assert_eq!(s.certificate_dms(captain.0).len(), 3);

    // DMs closed: the certificate comes here, only for the member.
    s.fake.fail_next_dm_messages(1, Failure::cannot_dm());
    let sent = s.fake.send_interaction(
        InteractionBuilder::slash("certificate")
            .user(member.0, member.1)
            .locale("en-US"),
    );
    let (answer, ephemeral) = first_answer(&s.fake, &sent).await;
    assert!(ephemeral);
    assert!(answer.contains("direct messages are closed"), "{answer}");
    let here: Vec<_> = s
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path.contains(&sent.token) && r.status < 300)
        .filter_map(|r| {
            let i = r.files.iter().position(|f| f == "certificate.png")?;
            Some(r.file_bytes[i].clone())
        })
        .collect();
    assert_eq!(here.len(), 1);
    assert_eq!(png_size(&here[0]), (1400, 990));
    // Printed under the member's Discord name, since they set none.
    let issued: Vec<String> = s
        .store()
        .certificate_names(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(issued, ["María José Núñez"]);
    let code = code_in(&answer);
    assert!(matches!(
        verify_certificate(s.store(), &secret, &code).await.unwrap(),
        Verification::Genuine(c) if c.name == member.1 && c.user_id == member.0
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepted_members_get_verifiable_certificates_on_sqlite() {
    accepted_members_get_verifiable_certificates(TestDb::sqlite().await, 7100).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepted_members_get_verifiable_certificates_on_postgres() {
    let Some(db) = TestDb::postgres("certificates_story").await else {
        return;
    };
    accepted_members_get_verifiable_certificates(db, 7200).await;
}

// ---- publishing the results ----

/// The "Publish the results" button of a preview (its own message
/// `message_id`, stored in the fake as the bot's ephemeral answer).
fn publish_press(
    fake: &FakeDiscord,
    message_id: u64,
    user: (u64, &str),
    roles: &[u64],
) -> InteractionBuilder {
    let channel = fixtures::GENERAL_CHANNEL_ID;
    let mut message = fixtures::bot_message(message_id, channel, "preview");
    message["flags"] = json!(64);
    message["components"] = json!([{
        "type": 1,
        "components": [{ "type": 2, "style": 4, "label": "Publish", "custom_id": "sb:jury-publish" }],
    }]);
    fake.with_state(|st| {
        st.messages
            .entry(channel)
            .or_default()
            .push(message.clone())
    });
    InteractionBuilder::button("sb:jury-publish", message)
        .user(user.0, user.1)
        .roles(roles)
        .locale("en-US")
}

/// The preview message `id` once its press has been answered.
async fn settled(fake: &FakeDiscord, id: u64) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(m) = fake.message(id).filter(|m| content(m) != "preview") {
            return m;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "message {id} never answered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

struct Podium {
    fake: FakeDiscord,
    bot: RunningBot,
    organizer_role: u64,
    announcements: u64,
    /// (team id, members) best first: three on the podium, then one more.
    teams: Vec<(i64, Vec<u64>)>,
    honorary: Vec<u64>,
    channel_a: u64,
}

/// Four scored teams (A best … D last); A has a project channel, B's was
/// deleted; D is the most liked.
async fn podium_scene(db: TestDb, base: u64) -> Podium {
    let fake = FakeDiscord::start().await;
    let event = shipped_event();
    let organizer_role = fake.add_role(&event.roles.organizer, "0");
    fake.add_text_channel(&event.channels.log, None);
    let announcements = fake.add_text_channel(&event.channels.announcements, None);
    let jury = event.jury.clone().unwrap();
    let honorary: Vec<u64> = jury
        .honorary_roles
        .iter()
        .map(|r| fake.add_role(&r.role, "0"))
        .collect();
    let store = db.store.clone();
    let id = event.event.id.clone();
    let judge = base + 90;
    let mut teams = Vec::new();
    for (i, name) in ["Alfa", "Beta", "Gama", "Delta"].iter().enumerate() {
        let captain = base + 10 * (i as u64 + 1);
        let members = vec![captain, captain + 1];
        for m in &members {
            fake.add_member(*m, &format!("p{m}"), &[]);
        }
        let t = team(&store, name, captain, &members[1..], true).await;
        store
            .apply_jury_assignment(&id, &[(t, judge)], &[], 1, Utc::now())
            .await
            .unwrap();
        // Alfa 10 points … Delta 7, in half points per group.
        for g in &jury.groups {
            let halves = (g.points * 2.0) as u32 - if g.id == "corpus" { i as u32 * 2 } else { 0 };
            store
                .save_jury_score(&id, t, judge, &g.id, halves, Utc::now())
                .await
                .unwrap();
        }
        teams.push((t, members));
    }
    let (a, b) = (teams[0].0, teams[1].0);
    let channel_a = fake.add_text_channel("equipo-alfa", None);
    store
        .set_team_discord(a, None, Some(channel_a))
        .await
        .unwrap();
    // Beta's channel was deleted in Discord.
    store
        .set_team_discord(b, None, Some(991_000))
        .await
        .unwrap();
    store
        .save_jury_review(
            &id,
            a,
            judge,
            "¡Excelente corpus!\nSeguid así.",
            "nota privada",
            0,
            Utc::now(),
        )
        .await
        .unwrap();
    store
        .save_jury_review(&id, b, judge, "Great model card.", "", 0, Utc::now())
        .await
        .unwrap();
    let likes: Vec<ProjectLikes> = teams
        .iter()
        .enumerate()
        .map(|(i, (t, _))| ProjectLikes {
            team_id: *t,
            likes: if i == 3 { 42 } else { i as u64 },
            repos: json!([]),
        })
        .collect();
    assert!(store
        .store_project_likes(&id, &likes, Utc::now())
        .await
        .unwrap());
    let bot = RunningBot::spawn(
        &fake,
        db,
        event,
        "http://127.0.0.1:9",
        &[("SOMOSBOT_CERTIFICATE_SECRET", SECRET.to_string())],
    );
    fake.wait_commands_registered().await;
    Podium {
        fake,
        bot,
        organizer_role,
        announcements,
        teams,
        honorary,
        channel_a,
    }
}

fn podium_posts(s: &Podium) -> Vec<String> {
    s.fake
        .messages_in(s.announcements)
        .iter()
        .map(content)
        .filter(|c| c.contains("🏆"))
        .collect()
}

async fn the_results_are_published_once_with_roles_and_comments(db: TestDb, base: u64) {
    let s = podium_scene(db, base).await;
    let id = shipped_event().event.id;
    let store = s.bot.db.store.clone();

    // A participant's press is refused and nothing is posted.
    let sent = s
        .fake
        .send_interaction(publish_press(&s.fake, 424_200, (base + 10, "alfa"), &[]));
    let (text, ephemeral) = first_answer(&s.fake, &sent).await;
    assert!(ephemeral && text.contains("Only organizers"), "{text}");
    assert!(!store.results_posted(&id).await.unwrap());
    assert!(podium_posts(&s).is_empty());

    // `/jury publish` previews what will go out, with one button.
    let preview = s.fake.send_interaction(
        InteractionBuilder::slash("jury")
            .subcommand("publish")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let (text, ephemeral) = first_answer(&s.fake, &preview).await;
    assert!(ephemeral, "{text}");
    assert!(
        text.contains("(6 people)")
            && text.contains("sends 2 teams")
            && text.contains("1.º **Alfa**"),
        "{text}"
    );
    let callback = s.fake.wait_callback(&preview.token).await;
    assert_eq!(
        callback["data"]["components"][0]["components"][0]["custom_id"], "sb:jury-publish",
        "{callback}"
    );
    assert!(podium_posts(&s).is_empty(), "a preview posts nothing");

    // A process claimed the publication and died before posting.
    let dead = store
        .claim_publication(
            &id,
            "dead",
            1,
            Utc::now() - chrono::Duration::minutes(10),
            chrono::Duration::minutes(2),
        )
        .await
        .unwrap();
    assert_eq!(dead, PublicationClaim::Claimed);

    // Twenty organizers' presses at once: one publication.
    let presses: Vec<_> = (0..20)
        .map(|i| {
            s.fake.send_interaction(publish_press(
                &s.fake,
                424_300 + i,
                (base + 100 + i, "org"),
                &[s.organizer_role],
            ))
        })
        .collect();
    let mut published = 0;
    for (i, _) in presses.iter().enumerate() {
        let answer = settled(&s.fake, 424_300 + i as u64).await;
        if content(&answer).contains("Published.") {
            published += 1;
            assert!(
                !answer["components"]
                    .as_array()
                    .is_some_and(|c| !c.is_empty()),
                "{answer}"
            );
        }
    }
    assert_eq!(published, 1);
    assert!(store.results_posted(&id).await.unwrap());
    let posts = podium_posts(&s);
    assert_eq!(posts.len(), 1, "{posts:#?}");
    let post = &posts[0];
    // The podium in the event's language (Spanish), and the most liked.
    let at = |t: &str| post.find(t).unwrap_or_else(|| panic!("{t} in {post}"));
    assert!(at("1.º **Alfa**") < at("2.º **Beta**") && at("2.º **Beta**") < at("3.º **Gama**"));
    assert!(!post.contains("º **Delta**"), "{post}");
    assert!(
        post.contains("Mención de honor") && post.contains("42 likes): **Delta**"),
        "{post}"
    );
    // A press after it: already published, nothing more.
    let late = s.fake.send_interaction(publish_press(
        &s.fake,
        424_400,
        (base + 99, "org"),
        &[s.organizer_role],
    ));
    let _ = late;
    assert!(content(&settled(&s.fake, 424_400).await).contains("already"));
    assert_eq!(podium_posts(&s).len(), 1);

    // The honorary roles: exactly the podium teams' members, by place.
    for (place, (_, members)) in s.teams.iter().enumerate() {
        for m in members {
            let roles = s.fake.member_roles(*m);
            for (r, role) in s.honorary.iter().enumerate() {
                assert_eq!(
                    roles.contains(role),
                    r == place,
                    "member {m} place {place}: {roles:?}"
                );
            }
        }
    }
    // Comments: Alfa's in its channel, as written; Beta's channel is gone,
    // so each member got them by DM; Gama and Delta had none.
    let in_channel: Vec<String> = s
        .fake
        .messages_in(s.channel_a)
        .iter()
        .map(content)
        .collect();
    assert_eq!(in_channel.len(), 1, "{in_channel:#?}");
    assert!(
        in_channel[0].contains("> ¡Excelente corpus!\n> Seguid así."),
        "{}",
        in_channel[0]
    );
    assert!(!in_channel[0].contains("nota privada"));
    for m in &s.teams[1].1 {
        let dms: Vec<String> = s.fake.dms_to(*m).iter().map(content).collect();
        assert!(
            dms.iter().any(|d| d.contains("> Great model card.")),
            "{dms:#?}"
        );
    }
    for (_, members) in &s.teams[2..] {
        for m in members {
            assert!(s.fake.dms_to(*m).is_empty());
        }
    }
    let audit = store.audit_entries(&id, 20).await.unwrap();
    assert_eq!(
        audit.iter().filter(|a| a.action == "jury.publish").count(),
        1
    );

    // The winners' certificate, once organizers accepted Alfa: first place.
    let accept = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("accept")
            .option("team", s.teams[0].0.to_string())
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let (text, _) = first_answer(&s.fake, &accept).await;
    assert!(text.contains("**Alfa**: submission accepted"), "{text}");
    let winner = s.teams[0].1[0];
    let asked = s.fake.send_interaction(
        InteractionBuilder::slash("certificate")
            .user(winner, "ganadora")
            .locale("es-ES"),
    );
    let (text, _) = first_answer(&s.fake, &asked).await;
    assert!(text.contains("Enviado a tus mensajes directos"), "{text}");
    let dm = s
        .fake
        .dms_to(winner)
        .into_iter()
        .map(|m| content(&m))
        .find(|c| c.contains("Código de verificación"))
        .expect("the certificate DM");
    let code = code_in(&dm);
    match verify_certificate(&store, &Secret::new(SECRET), &code)
        .await
        .unwrap()
    {
        Verification::Genuine(c) => {
            assert_eq!(
                (c.place, c.team.as_str(), c.name.as_str()),
                (Some(1), "Alfa", "ganadora")
            )
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_results_are_published_once_with_roles_and_comments_on_sqlite() {
    the_results_are_published_once_with_roles_and_comments(TestDb::sqlite().await, 7300).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_results_are_published_once_with_roles_and_comments_on_postgres() {
    let Some(db) = TestDb::postgres("publish_story").await else {
        return;
    };
    the_results_are_published_once_with_roles_and_comments(db, 7500).await;
}
