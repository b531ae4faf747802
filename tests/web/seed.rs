//! A small seeded event: four teams, three with a submission, people who
//! opted in, one who opted out, one who never answered, and likes.

use chrono::{Duration, Utc};
use somosbot::domain::gallery;
use somosbot::domain::jury::certificates::{code, CertificateContent};
use somosbot::hub::{Finding, Message, RepoKind, RepoReport, Report};
use somosbot::secret::Secret;
use somosbot::store::CreateTeamOutcome;
use somosbot::store::{NewSubmission, NewTeam, Store, SubmissionStatus};

pub const EVENT: &str = "somos600m-2024";
pub const XSS_TEAM: &str = "<script>alert(1)</script>";

/// Names that must appear on the gallery, and nothing else.
pub const LISTED: [&str; 3] = ["Ana Pérez", "<b>Bea</b>", "Darío"];
/// Names stored but never to be shown.
pub const UNLISTED: [&str; 2] = ["Bruno Privado", "Carla SinEntrega"];

/// Discord ids of the people: none may ever appear on a page.
pub const ANA: u64 = 700000000000000101;
pub const BRUNO: u64 = 700000000000000102;
pub const CESAR: u64 = 700000000000000103;
pub const BEA: u64 = 700000000000000201;
pub const CARLA: u64 = 700000000000000301;
pub const DARIO: u64 = 700000000000000401;
pub const ALL_IDS: [u64; 6] = [ANA, BRUNO, CESAR, BEA, CARLA, DARIO];

pub struct Seeded {
    pub alpaca_slug: String,
    pub xss_slug: String,
    pub caribe_slug: String,
}

async fn team(store: &Store, name: &str, ods: u8, members: &[u64]) -> i64 {
    let now = Utc::now() - Duration::days(3);
    let team = match store
        .create_team(&NewTeam {
            event_id: EVENT.into(),
            name: name.into(),
            name_key: name.to_lowercase(),
            topic: format!("Tema de {name}"),
            ods: Some(ods),
            captain_id: members[0],
            max_members: 5,
            now,
        })
        .await
        .expect("create team")
    {
        CreateTeamOutcome::Created(t) => t,
        other => panic!("team {name} not created: {other:?}"),
    };
    for m in &members[1..] {
        store
            .join_team(EVENT, team.id, *m, now)
            .await
            .expect("join team");
    }
    team.id
}

fn report(lang_values: &str, missing_readme: bool) -> Report {
    let mut findings = vec![Finding::ok(
        "dataset.language",
        Message::new("hub-language-accepted").text("values", lang_values),
    )];
    if missing_readme {
        findings.push(Finding::error(
            "dataset.readme",
            Message::new("hub-card-missing"),
            Message::new("hub-card-missing-hint"),
        ));
    }
    Report::new(
        "somosnlp",
        None,
        vec![RepoReport::new(
            "https://huggingface.co/datasets/somosnlp/x",
            Some(RepoKind::Dataset),
            None,
            None,
            findings,
            false,
        )],
        vec![],
    )
}

async fn submit(
    store: &Store,
    team_id: i64,
    by: u64,
    name: &str,
    checked: Option<(SubmissionStatus, Report)>,
) {
    let dataset = format!("https://huggingface.co/datasets/somosnlp/{name}");
    let model = format!("https://huggingface.co/somosnlp/{name}-model");
    let s = store
        .create_submission(&NewSubmission {
            event_id: EVENT,
            team_id,
            submitted_by: by,
            dataset: &dataset,
            model: Some(&model),
            demo: None,
            video: None,
            now: Utc::now() - Duration::hours(5),
        })
        .await
        .expect("submission");
    if let Some((status, report)) = checked {
        let json = serde_json::to_value(&report).expect("report json");
        store
            .set_submission_report(s.id, status, &json, Utc::now() - Duration::hours(4))
            .await
            .expect("report");
    }
}

pub async fn event(store: &Store) -> Seeded {
    let now = Utc::now();
    let alpaca = team(store, "Alpaca Andina", 4, &[ANA, BRUNO, CESAR]).await;
    let xss = team(store, XSS_TEAM, 13, &[BEA]).await;
    let none = team(store, "Sin Entrega", 4, &[CARLA]).await;
    let caribe = team(store, "Corpus Caribe", 4, &[DARIO]).await;
    let _ = none;
    gallery::make_public(store, EVENT, ANA, "Ana Pérez", "ana", now)
        .await
        .expect("opt in");
    gallery::make_public(store, EVENT, BRUNO, "Bruno Privado", "bruno", now)
        .await
        .expect("opt in");
    gallery::make_private(store, EVENT, BRUNO, now)
        .await
        .expect("opt out");
    gallery::make_public(store, EVENT, BEA, "<b>Bea</b>", "bea", now)
        .await
        .expect("opt in");
    gallery::make_public(store, EVENT, CARLA, "Carla SinEntrega", "carla", now)
        .await
        .expect("opt in");
    // A bidi override in a display name is dropped, not shown.
    gallery::make_public(store, EVENT, DARIO, "Dar\u{202e}ío", "dario", now)
        .await
        .expect("opt in");
    submit(
        store,
        alpaca,
        ANA,
        "alpaca",
        Some((SubmissionStatus::Complete, report("es, es-MX", false))),
    )
    .await;
    submit(
        store,
        xss,
        BEA,
        "xss",
        Some((SubmissionStatus::Incomplete, report("qu", true))),
    )
    .await;
    submit(store, caribe, DARIO, "caribe", None).await;
    store
        .insert_likes_snapshot(
            EVENT,
            "dataset",
            1,
            &serde_json::json!([{"id": "somosnlp/alpaca", "likes": 7}, {"id": "somosnlp/caribe", "likes": 2}]),
            now,
        )
        .await
        .expect("likes");
    Seeded {
        alpaca_slug: gallery::slug(alpaca, "Alpaca Andina"),
        xss_slug: gallery::slug(xss, XSS_TEAM),
        caribe_slug: gallery::slug(caribe, "Corpus Caribe"),
    }
}

/// Two stored certificates: a genuine one, and one whose printed name was
/// changed in the database after it was issued (its code no longer fits).
pub struct Certificates {
    pub genuine_code: String,
    pub genuine: CertificateContent,
    pub tampered_code: String,
}

pub async fn certificates(store: &Store) -> Certificates {
    let secret = Secret::new(crate::site::CERTIFICATE_SECRET);
    let genuine = CertificateContent {
        event_id: EVENT.into(),
        event_name: "Hackathon #Somos600M".into(),
        user_id: ANA,
        name: "Ana Pérez".into(),
        team: "Alpaca Andina".into(),
        project: "Tema de Alpaca Andina".into(),
        place: Some(2),
        date: "2024-04-15".into(),
    };
    let genuine_code = code(&secret, &genuine);
    let json = serde_json::to_string(&genuine).expect("json");
    store
        .store_certificate(EVENT, ANA, &genuine_code, &json, Utc::now())
        .await
        .expect("store certificate");
    let issued = CertificateContent {
        user_id: BEA,
        name: "Bea".into(),
        team: XSS_TEAM.into(),
        place: None,
        ..genuine.clone()
    };
    let tampered_code = code(&secret, &issued);
    let changed = CertificateContent {
        name: "Beatriz Falsa".into(),
        ..issued
    };
    store
        .store_certificate(
            EVENT,
            BEA,
            &tampered_code,
            &serde_json::to_string(&changed).expect("json"),
            Utc::now(),
        )
        .await
        .expect("store certificate");
    Certificates {
        genuine_code,
        genuine,
        tampered_code,
    }
}
