//! The pages over plain HTTP: headers, escaping, privacy, filters, language.

use reqwest::header;
use reqwest::redirect::Policy;

use crate::seed::{self, ALL_IDS, UNLISTED, XSS_TEAM};
use crate::site::Site;
use crate::support::db::TestDb;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("http client")
}

async fn body(c: &reqwest::Client, url: &str, accept: &str) -> (u16, String) {
    let r = c
        .get(url)
        .header(header::ACCEPT_LANGUAGE, accept)
        .send()
        .await
        .expect("request");
    (r.status().as_u16(), r.text().await.expect("body"))
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let db = TestDb::sqlite().await;
    let seeded = seed::event(&db.store).await;
    let site = Site::start(db.store.clone()).await;
    let c = client();
    for path in [
        "/".to_string(),
        "/projects".to_string(),
        format!("/projects/{}", seeded.alpaca_slug),
        "/projects/999999-nope".to_string(),
        "/no/such/page".to_string(),
        "/static/site.css".to_string(),
        "/static/time.js".to_string(),
        "/lang/en?next=/projects".to_string(),
        "/verify".to_string(),
        "/verify/0123-4567-89AB-CDEF-0123".to_string(),
    ] {
        let r = c.get(site.url(&path)).send().await.expect("request");
        let h = r.headers();
        let csp = h
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(
            h.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()),
            Some(&b"nosniff"[..]),
            "{path}"
        );
        assert_eq!(
            h.get(header::X_FRAME_OPTIONS).map(|v| v.as_bytes()),
            Some(&b"DENY"[..]),
            "{path}"
        );
        assert_eq!(
            h.get(header::REFERRER_POLICY).map(|v| v.as_bytes()),
            Some(&b"strict-origin-when-cross-origin"[..]),
            "{path}"
        );
    }
    site.stop().await;
}

/// Both engines: the gallery's privacy holds on PostgreSQL too.
async fn only_listed_people_and_no_ids(store: somosbot::store::Store) {
    let seeded = seed::event(&store).await;
    let site = Site::start(store).await;
    let c = client();
    for path in [
        "/".to_string(),
        "/projects".to_string(),
        format!("/projects/{}", seeded.alpaca_slug),
        format!("/projects/{}", seeded.xss_slug),
        format!("/projects/{}", seeded.caribe_slug),
    ] {
        let (status, html) = body(&c, &site.url(&path), "es").await;
        assert_eq!(status, 200, "{path}");
        for id in ALL_IDS {
            assert!(!html.contains(&id.to_string()), "{path} shows a Discord id");
        }
        for name in UNLISTED {
            assert!(
                !html.contains(name),
                "{path} shows {name}, who is not listed"
            );
        }
        assert!(!html.contains('\u{202e}'), "{path} shows a bidi override");
    }
    let (_, html) = body(&c, &site.url("/projects"), "es").await;
    assert!(html.contains("Ana Pérez"));
    assert!(html.contains("&lt;b&gt;Bea&lt;/b&gt;"));
    assert!(html.contains("Darío"));
    assert!(
        !html.contains("Sin Entrega"),
        "a team without a submission is not a project"
    );
    site.stop().await;
}

mod both {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let db = crate::support::db::TestDb::sqlite().await;
        super::only_listed_people_and_no_ids(db.store.clone()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(db) = crate::support::db::TestDb::postgres("only_listed_people_and_no_ids").await
        else {
            return;
        };
        super::only_listed_people_and_no_ids(db.store.clone()).await;
    }
}

#[tokio::test]
async fn a_hostile_team_name_is_text_everywhere() {
    let db = TestDb::sqlite().await;
    let seeded = seed::event(&db.store).await;
    let site = Site::start(db.store.clone()).await;
    let c = client();
    for path in [
        "/projects".to_string(),
        format!("/projects/{}", seeded.xss_slug),
    ] {
        let (_, html) = body(&c, &site.url(&path), "en").await;
        assert!(!html.contains(XSS_TEAM), "{path} has the raw script tag");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
        assert!(!html.contains("<b>Bea</b>"), "{path}");
    }
    // A search term is echoed back escaped too.
    let (_, html) = body(&c, &site.url("/projects?q=%22%3E%3Cimg+src%3Dx%3E"), "en").await;
    assert!(!html.contains("<img src=x>"));
    assert!(html.contains("&quot;&gt;&lt;img src=x&gt;"));
    site.stop().await;
}

/// The team names shown on the gallery for `query`.
async fn teams(c: &reqwest::Client, site: &Site, query: &str) -> Vec<String> {
    let (status, html) = body(c, &site.url(&format!("/projects{query}")), "en").await;
    assert_eq!(status, 200, "{query}");
    let mut out = Vec::new();
    for (name, marker) in [
        ("alpaca", "Alpaca Andina"),
        ("xss", "&lt;script&gt;"),
        ("caribe", "Corpus Caribe"),
    ] {
        if html.contains(marker) {
            out.push(name.to_string());
        }
    }
    out
}

#[tokio::test]
async fn filters_and_search_narrow_the_gallery() {
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let site = Site::start(db.store.clone()).await;
    let c = client();
    assert_eq!(teams(&c, &site, "").await, ["alpaca", "xss", "caribe"]);
    assert_eq!(teams(&c, &site, "?ods=13").await, ["xss"]);
    assert_eq!(teams(&c, &site, "?ods=4").await, ["alpaca", "caribe"]);
    assert_eq!(teams(&c, &site, "?state=complete").await, ["alpaca"]);
    assert_eq!(teams(&c, &site, "?state=incomplete").await, ["xss"]);
    assert_eq!(teams(&c, &site, "?state=checking").await, ["caribe"]);
    assert_eq!(teams(&c, &site, "?lang=es").await, ["alpaca"]);
    assert_eq!(teams(&c, &site, "?lang=es-MX").await, ["alpaca"]);
    assert_eq!(teams(&c, &site, "?lang=qu").await, ["xss"]);
    assert_eq!(teams(&c, &site, "?q=caribe").await, ["caribe"]);
    assert_eq!(teams(&c, &site, "?q=ANA+p%C3%A9rez").await, ["alpaca"]);
    assert_eq!(teams(&c, &site, "?q=bruno").await, Vec::<String>::new());
    assert_eq!(
        teams(&c, &site, "?ods=4&state=complete&q=alpaca").await,
        ["alpaca"]
    );
    // Nonsense filters filter nothing instead of failing.
    assert_eq!(
        teams(&c, &site, "?ods=99&state=x").await,
        ["alpaca", "xss", "caribe"]
    );
    site.stop().await;
}

#[tokio::test]
async fn a_project_page_shows_its_report_and_old_names_redirect() {
    let db = TestDb::sqlite().await;
    let seeded = seed::event(&db.store).await;
    let site = Site::start(db.store.clone()).await;
    let c = client();
    let (status, html) = body(
        &c,
        &site.url(&format!("/projects/{}", seeded.xss_slug)),
        "en",
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("The repository has no README.md (the card)."));
    assert!(html.contains("Create README.md from the SomosNLP template and fill it in."));
    assert!(html.contains("Accepted language: qu"));
    let (_, html) = body(
        &c,
        &site.url(&format!("/projects/{}", seeded.xss_slug)),
        "es",
    )
    .await;
    assert!(html.contains("El repositorio no tiene README.md (la card)."));
    let (_, html) = body(
        &c,
        &site.url(&format!("/projects/{}", seeded.caribe_slug)),
        "en",
    )
    .await;
    assert!(html.contains("The Hub check has no report yet."));
    // The id decides; an outdated name part redirects to the current slug.
    let id = seeded.alpaca_slug.split('-').next().unwrap_or_default();
    let r = c
        .get(site.url(&format!("/projects/{id}-old-name")))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 308);
    assert_eq!(
        r.headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some(format!("/projects/{}", seeded.alpaca_slug).as_str())
    );
    let (status, _) = body(&c, &site.url("/projects/424242-nope"), "en").await;
    assert_eq!(status, 404);
    let (status, _) = body(&c, &site.url("/projects/not-a-number"), "en").await;
    assert_eq!(status, 404);
    site.stop().await;
}

#[tokio::test]
async fn the_language_follows_the_browser_then_the_switch() {
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let site = Site::start(db.store.clone()).await;
    let c = client();
    let (_, html) = body(&c, &site.url("/projects"), "en-GB,en;q=0.9").await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<h1>Projects</h1>"));
    let (_, html) = body(&c, &site.url("/projects"), "fr-FR, es-MX;q=0.8, en;q=0.5").await;
    assert!(html.contains("<html lang=\"es\">"));
    assert!(html.contains("<h1>Proyectos</h1>"));
    let r = c
        .get(site.url("/lang/en?next=/projects%3Fods%3D4"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(
        r.headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/projects?ods=4")
    );
    let cookie = r
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    let html = c
        .get(site.url("/projects"))
        .header(header::ACCEPT_LANGUAGE, "es")
        .header(header::COOKIE, "lang=en")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("<h1>Projects</h1>"),
        "the switch beats Accept-Language"
    );
    // The way back never leaves the site.
    for next in [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let url = format!("{}?next={}", site.url("/lang/es"), url_escape(next));
        let r = c.get(url).send().await.expect("request");
        assert_eq!(
            r.headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some("/"),
            "{next}"
        );
    }
    site.stop().await;
}

fn url_escape(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn the_home_page_shows_dates_as_utc_times_and_the_count() {
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let site = Site::start(db.store.clone()).await;
    let (status, html) = body(&client(), &site.url("/"), "en").await;
    assert_eq!(status, 200);
    assert!(html.contains("Hackathon #Somos600M"));
    // The shipped deadlines (from the event file: the store has none yet).
    assert!(
        html.contains("<time datetime=\"2024-03-25T11:59:00Z\">"),
        "{html}"
    );
    assert!(html.contains("3 projects submitted so far."));
    assert!(html.contains("<script src=\"/static/time.js\" defer>"));
    site.stop().await;
}

/// `somosbot web` (the real binary) serves the pages on WEB_ADDR without a
/// Discord token; the dashboard says it is not set up.
#[tokio::test]
async fn the_binary_serves_the_web_alone() {
    let dir = tempfile::tempdir().expect("dir");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        l.local_addr().expect("addr").port()
    };
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_somosbot"))
        .arg("web")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("WEB_ADDR", format!("127.0.0.1:{port}"))
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("web.db").display()),
        )
        .env(
            "SOMOSBOT_EVENT",
            concat!(env!("CARGO_MANIFEST_DIR"), "/events/somos600m.toml"),
        )
        .current_dir(dir.path())
        .kill_on_drop(true)
        .spawn()
        .expect("start somosbot web");
    let url = format!("http://127.0.0.1:{port}/projects");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let html = loop {
        match reqwest::get(&url).await {
            Ok(r) if r.status().is_success() => break r.text().await.expect("body"),
            _ if std::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await
            }
            other => panic!("somosbot web never answered: {other:?}"),
        }
    };
    assert!(html.contains("Hackathon #Somos600M"));
    // The dashboard says it is off rather than failing.
    let r = reqwest::get(format!("http://127.0.0.1:{port}/login"))
        .await
        .expect("login");
    assert_eq!(r.status().as_u16(), 503);
    let _ = child.kill().await;
}

/// The gallery is kept between requests, yet a change shows on the next
/// one: a person listed in this process, a check stored by another (written
/// straight to the database), a new submission.
async fn the_kept_gallery_follows_every_change(store: somosbot::store::Store) {
    use somosbot::store::{NewSubmission, SubmissionStatus};
    let seeded = seed::event(&store).await;
    let site = Site::start(store.clone()).await;
    let c = client();
    let (_, html) = body(&c, &site.url("/projects"), "en").await;
    assert!(!html.contains("César Nuevo"));
    assert!(
        html.contains("1 project") || html.contains("3 projects"),
        "{html}"
    );
    somosbot::domain::gallery::make_public(
        &store,
        seed::EVENT,
        seed::CESAR,
        "César Nuevo",
        "cesar",
        chrono::Utc::now(),
    )
    .await
    .expect("opt in");
    let (_, html) = body(&c, &site.url("/projects"), "en").await;
    assert!(html.contains("César Nuevo"), "a listed person is missing");

    let caribe = store
        .team_by_name_key(seed::EVENT, "corpus caribe")
        .await
        .expect("read")
        .expect("team");
    let sub = store
        .latest_submission(caribe.id)
        .await
        .expect("read")
        .expect("submission");
    let page = format!("/projects/{}", seeded.caribe_slug);
    let (_, html) = body(&c, &site.url(&page), "en").await;
    assert!(html.contains("data-state=\"checking\""), "{html}");
    store
        .set_submission_report(
            sub.id,
            SubmissionStatus::Complete,
            &serde_json::json!(null),
            chrono::Utc::now(),
        )
        .await
        .expect("check");
    let (_, html) = body(&c, &site.url(&page), "en").await;
    assert!(html.contains("data-state=\"complete\""), "{html}");

    let none = store
        .team_by_name_key(seed::EVENT, "sin entrega")
        .await
        .expect("read")
        .expect("team");
    store
        .create_submission(&NewSubmission {
            event_id: seed::EVENT,
            team_id: none.id,
            submitted_by: seed::CARLA,
            dataset: "https://huggingface.co/datasets/somosnlp/nueva",
            model: None,
            demo: None,
            video: None,
            now: chrono::Utc::now(),
        })
        .await
        .expect("submit");
    let (_, html) = body(&c, &site.url("/projects"), "en").await;
    assert!(html.contains("Sin Entrega"), "a new submission is missing");
    assert!(html.contains("4 projects of 4"), "{html}");
    site.stop().await;
}

mod kept {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let db = crate::support::db::TestDb::sqlite().await;
        super::the_kept_gallery_follows_every_change(db.store.clone()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(db) =
            crate::support::db::TestDb::postgres("the_kept_gallery_follows_every_change").await
        else {
            return;
        };
        super::the_kept_gallery_follows_every_change(db.store.clone()).await;
    }
}
