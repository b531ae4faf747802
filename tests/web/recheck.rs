//! The dashboard's re-check button: a POST with the session's CSRF token
//! from a confirmed organizer, through the same Hub budget and per-team
//! cooldown as Discord's; each refusal changes nothing and says why (and
//! when to come back). In a browser, a press shows the answer and the row
//! changes through the live updates, without a reload.

use std::sync::Arc;
use std::time::Duration;

use fantoccini::Locator;
use reqwest::header;
use somosbot::domain::recheck::Checker;
use somosbot::hub::budget::BucketLimits;
use somosbot::hub::HubBudget;
use somosbot::store::{Store, SubmissionStatus};

use crate::browser::{Browser, ONE_AT_A_TIME};
use crate::dashboard::{http_login, sign_in, ORGANIZER, PARTICIPANT};
use crate::seed::{self, EVENT};
use crate::site::{organizer_role, Site};
use crate::support::db::TestDb;
use crate::support::fake_discord::FakeDiscord;
use crate::support::fake_hub::{client, FakeHub};

/// A Hub client against `hub` with a budget of `burst` requests.
fn checker(hub: &str, burst: f64) -> Checker {
    let budget = HubBudget::new(BucketLimits {
        burst,
        per_second: 0.01,
        reserve: 0.0,
        participant_wait: Duration::ZERO,
        organizer_wait: Duration::ZERO,
    });
    Checker {
        hub: client(hub, None).with_budget(Arc::new(budget)),
        flights: Arc::default(),
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn team_id(store: &Store, name_key: &str) -> i64 {
    store
        .team_by_name_key(EVENT, name_key)
        .await
        .expect("read")
        .expect("team")
        .id
}

/// The CSRF token the dashboard's forms carry.
async fn csrf(site: &Site, session: &str) -> String {
    let html = http()
        .get(site.url("/dashboard"))
        .header(header::COOKIE, session)
        .send()
        .await
        .expect("dashboard")
        .text()
        .await
        .expect("body");
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a CSRF token")
        .to_string()
}

async fn press(site: &Site, session: &str, team: i64, body: &str) -> (u16, Option<String>, String) {
    let r = http()
        .post(site.url(&format!("/dashboard/recheck/{team}")))
        .header(header::COOKIE, session)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(body.to_string())
        .send()
        .await
        .expect("post");
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (status, retry, r.text().await.expect("body"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recheck_needs_the_csrf_token_and_an_organizer() {
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let caribe = team_id(&db.store, "corpus caribe").await;
    let before = db
        .store
        .latest_submission(caribe)
        .await
        .expect("read")
        .expect("submission");
    let hub = FakeHub::new();
    let hub_url = hub.start().await;
    let fake = FakeDiscord::start().await;
    let role = organizer_role(&db.store, &fake).await;
    fake.add_member(ORGANIZER, "olga", &[role]);
    fake.add_member(PARTICIPANT, "pablo", &[]);
    let site = Site::with_checker(db.store.clone(), &fake, true, checker(&hub_url, 100.0)).await;
    let session = http_login(&site, &fake, ORGANIZER).await;
    let token = csrf(&site, &session).await;

    for body in [
        String::new(),
        "csrf=".to_string(),
        format!("csrf={}", "x".repeat(token.len())),
    ] {
        let (status, _, html) = press(&site, &session, caribe, &body).await;
        assert_eq!(status, 403, "{body}");
        assert!(html.contains("did not come from this site"), "{html}");
    }
    // No session: to the login; nothing was checked.
    let (status, _, _) = press(
        &site,
        "somosbot_session=forged",
        caribe,
        &format!("csrf={token}"),
    )
    .await;
    assert_eq!(status, 303);
    // A participant cannot sign in at all.
    let c = http();
    let r = c.get(site.url("/login")).send().await.expect("login");
    let to_discord = r.headers()[header::LOCATION]
        .to_str()
        .expect("loc")
        .to_string();
    let r = c
        .get(&to_discord)
        .header(header::COOKIE, format!("fake_discord_user={PARTICIPANT}"))
        .send()
        .await
        .expect("authorize");
    let back = r.headers()[header::LOCATION]
        .to_str()
        .expect("loc")
        .to_string();
    assert_eq!(
        c.get(&back)
            .send()
            .await
            .expect("callback")
            .status()
            .as_u16(),
        403
    );
    // The organizer loses the role: the next press is refused (the role is
    // asked again on every request here), with the right token.
    fake.with_state(|s| s.remove_member_role(ORGANIZER, role))
        .expect("remove role");
    let (status, _, html) = press(&site, &session, caribe, &format!("csrf={token}")).await;
    assert_eq!(status, 403);
    assert!(html.contains("organizer role"), "{html}");
    assert!(hub.seen().is_empty(), "a refused press asked the Hub");
    let sub = db
        .store
        .latest_submission(caribe)
        .await
        .expect("read")
        .expect("submission");
    assert_eq!(
        (sub.status, sub.checked_at),
        (before.status, before.checked_at)
    );

    // Back as organizer (a new login): the press is taken.
    fake.with_state(|s| s.add_member_role(ORGANIZER, role))
        .expect("add role");
    let session = http_login(&site, &fake, ORGANIZER).await;
    let token = csrf(&site, &session).await;
    let (status, _, html) = press(&site, &session, caribe, &format!("csrf={token}")).await;
    assert_eq!(status, 202, "{html}");
    assert!(
        html.contains("Checking Corpus Caribe on the Hub now"),
        "{html}"
    );
    assert!(html.contains("It can be checked again from"), "{html}");
    site.stop().await;
}

/// Both engines: the budget refuses first (saying when), then with room
/// the first press checks and the second meets the team's cooldown.
async fn the_budget_and_the_cooldown_refuse_and_say_when(store: Store) {
    seed::event(&store).await;
    let caribe = team_id(&store, "corpus caribe").await;
    let hub = FakeHub::new();
    let hub_url = hub.start().await;
    let fake = FakeDiscord::start().await;
    let role = organizer_role(&store, &fake).await;
    fake.add_member(ORGANIZER, "olga", &[role]);

    let spent = Site::with_checker(store.clone(), &fake, false, checker(&hub_url, 0.0)).await;
    let session = http_login(&spent, &fake, ORGANIZER).await;
    let token = csrf(&spent, &session).await;
    let (status, retry, html) = press(&spent, &session, caribe, &format!("csrf={token}")).await;
    assert_eq!(status, 429, "{html}");
    assert!(retry.is_some_and(|r| r.parse::<u64>().is_ok_and(|s| s >= 1)));
    assert!(html.contains("Hub budget is spent"), "{html}");
    assert!(html.contains("<time datetime="), "{html}");
    assert!(hub.seen().is_empty());
    spent.stop().await;

    let site = Site::with_checker(store.clone(), &fake, false, checker(&hub_url, 100.0)).await;
    let session = http_login(&site, &fake, ORGANIZER).await;
    let token = csrf(&site, &session).await;
    // The budget refusal took no cooldown turn: this press is the first.
    let (status, _, html) = press(&site, &session, caribe, &format!("csrf={token}")).await;
    assert_eq!(status, 202, "{html}");
    let (status, retry, html) = press(&site, &session, caribe, &format!("csrf={token}")).await;
    assert!(
        status == 429 || (status == 200 && html.contains("already running")),
        "{status} {html}"
    );
    if status == 429 {
        assert!(html.contains("checked recently"), "{html}");
        assert!(retry.is_some());
    }
    // The check ends with a verdict stored.
    let mut status = SubmissionStatus::Unchecked;
    for _ in 0..100 {
        status = store
            .latest_submission(caribe)
            .await
            .expect("read")
            .expect("submission")
            .status;
        if status == SubmissionStatus::Incomplete {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, SubmissionStatus::Incomplete);
    assert!(!hub.seen().is_empty(), "the check asked the Hub");
    // Now the cooldown answers, on any engine.
    let (status, _, html) = press(&site, &session, caribe, &format!("csrf={token}")).await;
    assert_eq!(status, 429, "{html}");
    assert!(html.contains("checked recently"), "{html}");
    site.stop().await;
}

mod both {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let db = crate::support::db::TestDb::sqlite().await;
        super::the_budget_and_the_cooldown_refuse_and_say_when(db.store.clone()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(db) =
            crate::support::db::TestDb::postgres("the_budget_and_the_cooldown_refuse").await
        else {
            return;
        };
        super::the_budget_and_the_cooldown_refuse_and_say_when(db.store.clone()).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pressing_recheck_shows_the_answer_and_the_new_state_without_a_reload() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = Browser::start("pressing_recheck_shows_the_answer").await else {
        return;
    };
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let caribe = team_id(&db.store, "corpus caribe").await;
    let hub = FakeHub::new();
    let hub_url = hub.start().await;
    let fake = FakeDiscord::start().await;
    let role = organizer_role(&db.store, &fake).await;
    fake.add_member(ORGANIZER, "olga", &[role]);
    let site = Site::with_checker(db.store.clone(), &fake, false, checker(&hub_url, 100.0)).await;
    sign_in(&b, &fake, &site, ORGANIZER).await;
    let row = format!("table#submissions tr[data-team='{caribe}']");
    let state = format!("{row} td.state");
    // Submitted, never checked to the end.
    assert_eq!(b.texts(&state).await, vec!["Being checked".to_string()]);
    b.client
        .execute("window.__notReloaded = true; return true", vec![])
        .await
        .expect("mark the page");
    b.client
        .find(Locator::Css(&format!("{row} form.recheck button")))
        .await
        .expect("the button")
        .click()
        .await
        .expect("press");
    // The answer, in the status line.
    let mut answer = String::new();
    for _ in 0..100 {
        answer = b.texts("#recheck-status").await.join(" ");
        if !answer.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        answer.contains("Checking Corpus Caribe on the Hub now"),
        "{answer}"
    );
    assert!(answer.contains("It can be checked again from"), "{answer}");
    // The row turns to the check's verdict through the live updates.
    let mut shown = Vec::new();
    for _ in 0..150 {
        shown = b.texts(&state).await;
        if shown == vec!["Incomplete".to_string()] {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(shown, vec!["Incomplete".to_string()]);
    let marker = b
        .client
        .execute("return window.__notReloaded === true", vec![])
        .await
        .expect("marker");
    assert_eq!(marker, serde_json::json!(true), "the page was reloaded");
    b.close().await;
    site.stop().await;
}

/// The dashboard's help desk numbers and jury progress, and their CSV
/// downloads, are what the database holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_stats_and_jury_progress_match_the_database() {
    use chrono::Utc;
    use somosbot::store::NewTicket;
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let alpaca = team_id(&db.store, "alpaca andina").await;
    let caribe = team_id(&db.store, "corpus caribe").await;
    // Three posts: one answered after 10 minutes, two waiting (one with a
    // title a spreadsheet would run).
    let start = Utc::now() - chrono::Duration::hours(2);
    for (i, title) in ["¿Cómo subo el corpus?", "=HYPERLINK(\"x\")", "Otra duda"]
        .iter()
        .enumerate()
    {
        let (t, _) = db
            .store
            .create_ticket(&NewTicket {
                event_id: EVENT,
                thread_id: Some(900 + i as u64),
                author_id: seed::ANA,
                title,
                request_key: None,
                lang: Some("es"),
                now: start,
            })
            .await
            .expect("ticket");
        if i == 0 {
            db.store
                .record_ticket_reply(t.id, 55, start + chrono::Duration::minutes(10))
                .await
                .expect("reply");
        }
    }
    db.store
        .apply_jury_assignment(
            EVENT,
            &[(alpaca, 10), (caribe, 10), (caribe, 11)],
            &[],
            9,
            Utc::now(),
        )
        .await
        .expect("assign");
    for group in ["corpus", "model", "demo", "project"] {
        db.store
            .save_jury_score(EVENT, alpaca, 10, group, 2, Utc::now())
            .await
            .expect("score");
    }
    let fake = FakeDiscord::start().await;
    let role = organizer_role(&db.store, &fake).await;
    fake.add_member(ORGANIZER, "olga", &[role]);
    let site = Site::with_login(db.store.clone(), &fake, false).await;
    let session = http_login(&site, &fake, ORGANIZER).await;
    let get = |path: &'static str| {
        let (url, session) = (site.url(path), session.clone());
        async move {
            http()
                .get(url)
                .header(header::COOKIE, session)
                .header(header::ACCEPT_LANGUAGE, "en")
                .send()
                .await
                .expect("get")
                .text()
                .await
                .expect("body")
        }
    };
    let html = get("/dashboard").await;
    for (id, value) in [
        ("tickets-total", "3"),
        ("tickets-answered", "1"),
        ("tickets-unanswered", "2"),
        ("tickets-resolved", "0"),
        ("tickets-median", "10 min"),
    ] {
        assert!(
            html.contains(&format!("id=\"{id}\">{value}</dd>")),
            "{id} = {value} in {html}"
        );
    }
    assert!(
        html.contains(
            "1 of 3 assignments scored in full; 3 projects have fewer than 3 judges done."
        ),
        "{html}"
    );
    // The CSVs: the export of what the store holds.
    let jury = somosbot::domain::jury::progress::load(
        &db.store,
        EVENT,
        crate::support::bot::shipped_event()
            .jury
            .as_ref()
            .expect("jury"),
    )
    .await
    .expect("progress");
    let mut expected = Vec::new();
    somosbot::export::jury_progress_csv(&jury, &mut expected).expect("csv");
    assert_eq!(
        get("/dashboard/jury.csv").await,
        String::from_utf8(expected).expect("utf8")
    );
    let csv = get("/dashboard/unanswered.csv").await;
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let titles: Vec<String> = rows
        .records()
        .map(|r| r.expect("row")[2].to_string())
        .collect();
    assert_eq!(
        titles,
        ["'=HYPERLINK(\"x\")", "Otra duda"]
            .map(String::from)
            .to_vec()
    );
    site.stop().await;
}
