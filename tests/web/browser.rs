//! The pages in a real browser: headless Chromium driven through
//! chromedriver (WebDriver). Without chromedriver a laptop run says it
//! skipped; under `CI=true` a missing driver fails the test.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::seed::{self, LISTED, XSS_TEAM};
use crate::site::Site;
use crate::support::db::TestDb;

/// One browser at a time: the machine has two cores.
pub static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn chromedriver() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CHROMEDRIVER") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("chromedriver"))
            .find(|p| p.is_file())
    })
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string())
}

/// A chromedriver process and a browser session on it.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// `None` (said on stderr) when there is no chromedriver outside CI.
    pub async fn start(test: &str) -> Option<Browser> {
        let Some(driver_path) = chromedriver() else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{test}: CI=true but chromedriver is not installed (apt-get install chromium chromium-driver)");
            }
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test} in a browser: chromedriver not found (apt-get install chromium chromium-driver)"
            );
            return None;
        };
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            l.local_addr().expect("port").port()
        };
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{test}: cannot start {}: {e}", driver_path.display()));
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--window-size=1200,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(150)).await;
                }
                Err(e) => panic!("{test}: no WebDriver session on {url}: {e}"),
            }
        };
        Some(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }

    /// The texts of the elements `css` finds. A page still loading after a
    /// form's submit can swap an element out between finding and reading it
    /// (a stale element): then the page is read again.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        for _ in 0..50 {
            let mut out = Vec::new();
            let mut stale = false;
            for e in self.client.find_all(Locator::Css(css)).await.expect("find") {
                match e.text().await {
                    Ok(t) => out.push(t),
                    Err(fantoccini::error::CmdError::Standard(w))
                        if w.error == fantoccini::error::ErrorStatus::StaleElementReference =>
                    {
                        stale = true;
                        break;
                    }
                    Err(e) => panic!("text: {e:?}"),
                }
            }
            if !stale {
                return out;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the elements of {css} kept going stale");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gallery_lists_exactly_the_opted_in_people_and_filters_and_searches() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = Browser::start("the_gallery_lists_exactly_the_opted_in_people").await else {
        return;
    };
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let site = Site::start(db.store.clone()).await;
    b.client
        .goto(&site.url("/projects"))
        .await
        .expect("open gallery");
    let mut members = b.texts("li.project .member").await;
    members.sort();
    let mut expected: Vec<String> = LISTED.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(members, expected);
    assert_eq!(b.texts("li.project h2").await.len(), 3);

    // Filter by goal through the form, as a visitor would.
    let form = b
        .client
        .form(Locator::Css("form.filters"))
        .await
        .expect("form");
    b.client
        .find(Locator::Css("select#ods"))
        .await
        .expect("goal select")
        .select_by_value("13")
        .await
        .expect("pick goal 13");
    form.submit_with(Locator::Css("button[type=submit]"))
        .await
        .expect("submit");
    // The old page has a count too: wait for the filtered page's address.
    for _ in 0..100 {
        let url = b.client.current_url().await.expect("url");
        if url.query().is_some_and(|q| q.contains("ods=13")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    b.client
        .wait()
        .for_element(Locator::Css("p#count"))
        .await
        .expect("count");
    assert_eq!(b.texts("li.project h2").await, vec![XSS_TEAM.to_string()]);
    assert!(b
        .client
        .current_url()
        .await
        .expect("url")
        .as_str()
        .contains("ods=13"));

    // Search from a clean gallery.
    b.client
        .goto(&site.url("/projects"))
        .await
        .expect("open gallery");
    let search = b
        .client
        .find(Locator::Css("input#q"))
        .await
        .expect("search box");
    search.send_keys("caribe").await.expect("type");
    b.client
        .find(Locator::Css("button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    b.client
        .wait()
        .for_element(Locator::Css("p#count"))
        .await
        .expect("count");
    assert_eq!(
        b.texts("li.project h2").await,
        vec!["Corpus Caribe".to_string()]
    );
    // The search box keeps what was typed, and its label names it.
    let q = b
        .client
        .find(Locator::Css("input#q"))
        .await
        .expect("search box");
    assert_eq!(
        q.prop("value").await.expect("value").as_deref(),
        Some("caribe")
    );
    assert_eq!(b.texts("label[for=q]").await.len(), 1);

    // Filter by completeness and by language variety.
    b.client
        .goto(&site.url("/projects?state=complete"))
        .await
        .expect("open");
    assert_eq!(
        b.texts("li.project h2").await,
        vec!["Alpaca Andina".to_string()]
    );
    b.client
        .goto(&site.url("/projects?lang=es"))
        .await
        .expect("open");
    assert_eq!(
        b.texts("li.project h2").await,
        vec!["Alpaca Andina".to_string()]
    );
    b.close().await;
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_page_shows_its_report_and_dates_in_local_time() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = Browser::start("a_project_page_shows_its_report").await else {
        return;
    };
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let site = Site::start(db.store.clone()).await;
    b.client
        .goto(&site.url("/projects"))
        .await
        .expect("open gallery");
    b.client
        .find(Locator::LinkText(XSS_TEAM))
        .await
        .expect("the hostile team's link")
        .click()
        .await
        .expect("click");
    let report = b
        .client
        .wait()
        .for_element(Locator::Css("section#report"))
        .await
        .expect("report section");
    let text = report.text().await.expect("report text");
    // Headless Chromium asks for en-US.
    assert!(
        text.contains("The repository has no README.md (the card)."),
        "{text}"
    );
    assert!(
        text.contains("Create README.md from the SomosNLP template and fill it in."),
        "{text}"
    );
    assert_eq!(b.texts("h1").await, vec![XSS_TEAM.to_string()]);
    // time.js rewrote the UTC text into the visitor's local form.
    let times = b.texts("time").await;
    assert!(!times.is_empty());
    assert!(times.iter().all(|t| !t.ends_with("UTC")), "{times:?}");
    // The language switch turns the page into Spanish and stays on it.
    b.client
        .find(Locator::Css("header.site a[hreflang=es]"))
        .await
        .expect("switch")
        .click()
        .await
        .expect("click switch");
    let report = b
        .client
        .wait()
        .for_element(Locator::Css("section#report"))
        .await
        .expect("report section");
    let text = report.text().await.expect("report text");
    assert!(
        text.contains("El repositorio no tiene README.md (la card)."),
        "{text}"
    );
    assert_eq!(b.texts("h1").await, vec![XSS_TEAM.to_string()]);
    b.close().await;
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_named_like_a_script_renders_as_text() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = Browser::start("a_team_named_like_a_script_renders_as_text").await else {
        return;
    };
    let db = TestDb::sqlite().await;
    seed::event(&db.store).await;
    let site = Site::start(db.store.clone()).await;
    b.client
        .goto(&site.url("/projects"))
        .await
        .expect("open gallery");
    assert!(b
        .texts("li.project h2")
        .await
        .contains(&XSS_TEAM.to_string()));
    assert!(b
        .texts("li.project .member")
        .await
        .contains(&"<b>Bea</b>".to_string()));
    // No alert opened, and the only script on the page is the site's own.
    assert!(b.client.get_alert_text().await.is_err(), "an alert opened");
    let scripts = b
        .client
        .execute(
            "return Array.from(document.scripts).map(s => s.src)",
            vec![],
        )
        .await
        .expect("scripts");
    assert_eq!(scripts, serde_json::json!([site.url("/static/time.js")]));
    let bold = b
        .client
        .execute("return document.querySelectorAll('main b').length", vec![])
        .await
        .expect("bold count");
    assert_eq!(bold, serde_json::json!(0));
    b.close().await;
    site.stop().await;
}

/// Types `code` into the verification form, submits it, and waits for the
/// page that answers it.
async fn verify_through_the_form(b: &Browser, site: &Site, code: &str) {
    b.client
        .goto(&site.url("/verify"))
        .await
        .expect("open the form");
    let field = b
        .client
        .find(Locator::Css("input#code"))
        .await
        .expect("code field");
    field.send_keys(code).await.expect("type the code");
    b.client
        .form(Locator::Css("form.verify"))
        .await
        .expect("form")
        .submit_with(Locator::Css("button[type=submit]"))
        .await
        .expect("submit");
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("section#verdict"))
        .await
        .expect("the answer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_certificate_code_verifies_and_a_tampered_one_does_not() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(b) = Browser::start("a_valid_certificate_code_verifies").await else {
        return;
    };
    let db = TestDb::sqlite().await;
    let certs = seed::certificates(&db.store).await;
    let site = Site::start(db.store.clone()).await;

    // Typed as people do: small letters, spaces instead of dashes.
    let typed = certs.genuine_code.to_lowercase().replace('-', " ");
    verify_through_the_form(&b, &site, &typed).await;
    let verdict = b.texts("section#verdict h2").await.join(" ");
    assert!(
        verdict.contains("Certificado auténtico") || verdict.contains("Genuine certificate"),
        "{verdict}"
    );
    assert_eq!(
        b.texts("#cert-name").await,
        vec![certs.genuine.name.clone()]
    );
    assert_eq!(
        b.texts("#cert-team").await,
        vec![certs.genuine.team.clone()]
    );

    verify_through_the_form(&b, &site, &certs.tampered_code).await;
    let verdict = b
        .client
        .find(Locator::Css("section#verdict"))
        .await
        .expect("verdict")
        .attr("data-verdict")
        .await
        .expect("attr");
    assert_eq!(verdict.as_deref(), Some("not-genuine"));
    assert!(b.texts("#cert-name").await.is_empty());
    let body = b.texts("main").await.join("\n");
    assert!(!body.contains("Beatriz Falsa"), "{body}");
    b.close().await;
    site.stop().await;
}
