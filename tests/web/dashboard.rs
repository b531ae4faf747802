//! The organizers' dashboard: Login with Discord against the fake's OAuth2
//! (in a browser and over HTTP), the role re-check, live updates, CSV
//! downloads, CSRF and the login rate limit.

use chrono::Utc;
use fantoccini::Locator;
use reqwest::header;
use somosbot::hub::{Finding, Message, RepoKind, RepoReport, Report};
use somosbot::store::{NewSubmission, SubmissionStatus};
use somosbot::web::LOGINS_PER_MINUTE;

use crate::browser::{Browser, ONE_AT_A_TIME};
use crate::seed::{self, EVENT};
use crate::site::{organizer_role, Site};
use crate::support::db::TestDb;
use crate::support::fake_discord::FakeDiscord;

pub const ORGANIZER: u64 = 800000000000000001;
pub const PARTICIPANT: u64 = 800000000000000002;

/// Signs the browser in to the fake Discord as `user`, then opens the
/// dashboard (which sends it through the login).
pub async fn sign_in(b: &Browser, fake: &FakeDiscord, site: &Site, user: u64) {
    b.client
        .goto(&format!("{}/fake/sign-in/{user}", fake.api_base()))
        .await
        .expect("fake Discord sign-in");
    b.client
        .goto(&site.url("/dashboard"))
        .await
        .expect("open dashboard");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organizer_logs_in_a_participant_is_refused_and_a_removed_organizer_is_refused_next() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = Browser::start("an_organizer_logs_in").await else {
        return;
    };
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let fake = FakeDiscord::start().await;
    let role = organizer_role(&db.store, &fake).await;
    fake.add_member(ORGANIZER, "olga", &[role]);
    fake.add_member(PARTICIPANT, "pablo", &[]);
    let site = Site::with_login(db.store.clone(), &fake, true).await;

    sign_in(&b, &fake, &site, ORGANIZER).await;
    assert_eq!(
        b.client.current_url().await.expect("url").as_str(),
        site.url("/dashboard")
    );
    assert_eq!(
        b.texts("h1").await,
        vec!["Organizers' dashboard".to_string()]
    );
    let teams = b.texts("table#teams tbody td:first-child").await;
    assert!(teams.contains(&"Alpaca Andina".to_string()), "{teams:?}");
    assert!(teams.contains(&seed::XSS_TEAM.to_string()), "{teams:?}");
    // The exchange used PKCE and the registered redirect.
    let exchanges = fake.oauth.exchanges();
    assert_eq!(exchanges.len(), 1);
    assert!(exchanges[0]
        .get("code_verifier")
        .is_some_and(|v| v.len() >= 43));
    assert!(
        !exchanges[0].contains_key("client_secret"),
        "the secret goes in the Authorization header"
    );

    // The organizer loses the role in Discord: the next request is refused.
    fake.with_state(|s| s.remove_member_role(ORGANIZER, role))
        .expect("remove role");
    b.client
        .goto(&site.url("/dashboard"))
        .await
        .expect("reload");
    let body = b.texts("main").await.join("\n");
    assert!(
        body.contains("only for members of the event's server with the organizer role"),
        "{body}"
    );
    // And the session is gone: getting the role back needs a new login.
    fake.with_state(|s| s.add_member_role(ORGANIZER, role))
        .expect("add role");
    b.client
        .goto(&site.url("/dashboard"))
        .await
        .expect("reload");
    assert_eq!(
        b.texts("h1").await,
        vec!["Organizers' dashboard".to_string()]
    );
    assert_eq!(fake.oauth.exchanges().len(), 2, "a second login happened");

    // A participant (member, no organizer role) is refused.
    b.client.delete_all_cookies().await.expect("clear cookies");
    sign_in(&b, &fake, &site, PARTICIPANT).await;
    let body = b.texts("main").await.join("\n");
    assert!(
        body.contains("only for members of the event's server with the organizer role"),
        "{body}"
    );
    b.client
        .goto(&site.url("/dashboard/teams.csv"))
        .await
        .expect("csv");
    assert_ne!(
        b.texts("h1").await,
        vec!["Organizers' dashboard".to_string()]
    );
    b.close().await;
    site.stop().await;
}

fn complete_report() -> serde_json::Value {
    let r = Report::new(
        "somosnlp",
        None,
        vec![RepoReport::new(
            "https://huggingface.co/datasets/somosnlp/nuevo",
            Some(RepoKind::Dataset),
            None,
            None,
            vec![Finding::ok(
                "dataset.readme",
                Message::new("hub-card-missing"),
            )],
            false,
        )],
        vec![],
    );
    serde_json::to_value(&r).expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checked_submission_appears_without_a_reload_and_the_csv_matches_the_database() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = Browser::start("a_checked_submission_appears_without_a_reload").await else {
        return;
    };
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let fake = FakeDiscord::start().await;
    let role = organizer_role(&db.store, &fake).await;
    fake.add_member(ORGANIZER, "olga", &[role]);
    let site = Site::with_login(db.store.clone(), &fake, false).await;
    sign_in(&b, &fake, &site, ORGANIZER).await;
    assert_eq!(
        b.texts("h1").await,
        vec!["Organizers' dashboard".to_string()]
    );

    // The team without a submission ("Sin Entrega") is not in the table yet.
    let team = db
        .store
        .team_by_name_key(EVENT, "sin entrega")
        .await
        .expect("read")
        .expect("team");
    let row = format!("table#submissions tr[data-team='{}']", team.id);
    assert!(b
        .client
        .find_all(Locator::Css(&row))
        .await
        .expect("find")
        .is_empty());
    b.client
        .execute("window.__notReloaded = true; return true", vec![])
        .await
        .expect("mark the page");

    // The submission is made and checked (what /submit records).
    let s = db
        .store
        .create_submission(&NewSubmission {
            event_id: EVENT,
            team_id: team.id,
            submitted_by: 700000000000000301,
            dataset: "https://huggingface.co/datasets/somosnlp/nuevo",
            model: None,
            demo: None,
            video: None,
            now: Utc::now(),
        })
        .await
        .expect("submit");
    db.store
        .set_submission_report(
            s.id,
            SubmissionStatus::Complete,
            &complete_report(),
            Utc::now(),
        )
        .await
        .expect("check");

    let found = b
        .client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css(&row))
        .await
        .expect("the new submission appears");
    let text = found.text().await.expect("row text");
    assert!(
        text.contains("Sin Entrega") && text.contains("Complete"),
        "{text}"
    );
    let marker = b
        .client
        .execute("return window.__notReloaded === true", vec![])
        .await
        .expect("marker");
    assert_eq!(marker, serde_json::json!(true), "the page was reloaded");

    // The CSV download (with the session cookie) is the export of the database.
    let csv = b
        .client
        .execute_async(
            "const done = arguments[0]; fetch('/dashboard/teams.csv').then(r => r.text()).then(done)",
            vec![],
        )
        .await
        .expect("download");
    let teams = db.store.teams_with_members(EVENT).await.expect("teams");
    let mut expected = Vec::new();
    somosbot::export::teams_csv(&teams, &mut expected).expect("csv");
    assert_eq!(
        csv.as_str(),
        Some(String::from_utf8(expected).expect("utf8").as_str())
    );
    let mut reader = csv::Reader::from_reader(csv.as_str().unwrap_or_default().as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.expect("row")[1].to_string())
        .collect();
    let mut db_names: Vec<String> = teams.iter().map(|t| t.team.name.clone()).collect();
    let mut csv_names = names.clone();
    db_names.sort();
    csv_names.sort();
    assert_eq!(csv_names.len(), 4);
    assert_eq!(csv_names.iter().filter(|n| n.contains("Alpaca")).count(), 1);
    assert_eq!(db_names.len(), csv_names.len());
    b.close().await;
    site.stop().await;
}

/// Logs in over HTTP (no browser): the cookie of a new organizer session.
pub async fn http_login(site: &Site, fake: &FakeDiscord, user: u64) -> String {
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let r = c.get(site.url("/login")).send().await.expect("login");
    let to_discord = r.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_string();
    let r = c
        .get(&to_discord)
        .header(header::COOKIE, format!("fake_discord_user={user}"))
        .send()
        .await
        .expect("authorize");
    let back = r.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_string();
    assert!(back.starts_with(&site.url("/login/callback?")), "{back}");
    let r = c.get(&back).send().await.expect("callback");
    assert_eq!(r.status().as_u16(), 303);
    let cookie = r.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_string();
    for attr in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    // Replaying the callback (same state and code) opens nothing.
    let again = c.get(&back).send().await.expect("replay");
    assert_eq!(again.status().as_u16(), 400);
    let _ = fake;
    cookie.split(';').next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let db = TestDb::sqlite().await;
    let fake = FakeDiscord::start().await;
    let role = organizer_role(&db.store, &fake).await;
    fake.add_member(ORGANIZER, "olga", &[role]);
    let site = Site::with_login(db.store.clone(), &fake, false).await;
    let session = http_login(&site, &fake, ORGANIZER).await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let page = c
        .get(site.url("/dashboard"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .expect("dashboard");
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.expect("body");
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the logout form carries a CSRF token")
        .to_string();
    for body in [
        "",
        "csrf=",
        "csrf=forged-token-of-the-same-length-as-a-real1",
    ] {
        let r = c
            .post(site.url("/logout"))
            .header(header::COOKIE, &session)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status().as_u16(), 403, "{body}");
    }
    // Still signed in after the refusals.
    let r = c
        .get(site.url("/dashboard"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status().as_u16(), 200);
    let r = c
        .post(site.url("/logout"))
        .header(header::COOKIE, &session)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);
    let r = c
        .get(site.url("/dashboard"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status().as_u16(), 303, "signed out: back to the login");
    assert_eq!(r.headers()[header::LOCATION], "/login");
    site.stop().await;
}

#[tokio::test]
async fn logins_are_rate_limited_per_address() {
    let db = TestDb::sqlite().await;
    let fake = FakeDiscord::start().await;
    organizer_role(&db.store, &fake).await;
    let site = Site::with_login(db.store.clone(), &fake, false).await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for i in 0..LOGINS_PER_MINUTE {
        let r = c.get(site.url("/login")).send().await.expect("login");
        assert_eq!(r.status().as_u16(), 303, "login {i}");
    }
    let r = c.get(site.url("/login")).send().await.expect("login");
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()[header::RETRY_AFTER], "60");
    let r = c
        .get(site.url("/login/callback?code=x&state=y"))
        .send()
        .await
        .expect("callback");
    assert_eq!(r.status().as_u16(), 429, "the callback shares the limit");
    // The public pages are not limited.
    let r = c.get(site.url("/projects")).send().await.expect("gallery");
    assert_eq!(r.status().as_u16(), 200);
    site.stop().await;
}

#[tokio::test]
async fn without_a_session_the_dashboard_and_its_downloads_send_to_the_login() {
    let db = TestDb::sqlite().await;
    let fake = FakeDiscord::start().await;
    let site = Site::with_login(db.store.clone(), &fake, false).await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for path in [
        "/dashboard",
        "/dashboard/live",
        "/dashboard/teams.csv",
        "/dashboard/submissions.csv",
    ] {
        let r = c
            .get(site.url(path))
            .header(header::COOKIE, "somosbot_session=not-a-session")
            .send()
            .await
            .expect("get");
        assert_eq!(r.status().as_u16(), 303, "{path}");
        assert_eq!(r.headers()[header::LOCATION], "/login", "{path}");
    }
    site.stop().await;
}
