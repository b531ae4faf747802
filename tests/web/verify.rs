//! `/verify`: a genuine code says what it certifies; a tampered, unknown or
//! malformed one gets the same neutral answer; checks are rate-limited per
//! address; no Discord id is shown.

use reqwest::header;
use somosbot::store::Store;
use somosbot::web::verify::VERIFY_PER_MINUTE;

use crate::seed::{self, ALL_IDS};
use crate::site::Site;

async fn get(c: &reqwest::Client, url: &str, accept: &str) -> (u16, String) {
    let r = c
        .get(url)
        .header(header::ACCEPT_LANGUAGE, accept)
        .send()
        .await
        .expect("request");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// The verdict section of a page (the form above it echoes what was typed).
fn verdict(html: &str) -> String {
    let at = html
        .find("id=\"verdict\"")
        .unwrap_or_else(|| panic!("no verdict in {html}"));
    let start = html[..at].rfind("<section").expect("section start");
    let end = html[start..].find("</section>").expect("section end") + start;
    html[start..end].to_string()
}

async fn genuine_tampered_unknown_and_malformed(store: Store) {
    seed::event(&store).await;
    let certs = seed::certificates(&store).await;
    let site = Site::start(store).await;
    let c = reqwest::Client::new();

    // Genuine: as printed, in small letters with spaces, and from the form.
    let spaced = certs.genuine_code.to_lowercase().replace('-', " ");
    for url in [
        site.url(&format!("/verify/{}", certs.genuine_code)),
        site.url(&format!("/verify?code={}", spaced.replace(' ', "+"))),
        site.url(&format!("/verify/{}", certs.genuine_code.replace('-', ""))),
    ] {
        let (status, html) = get(&c, &url, "en").await;
        assert_eq!(status, 200, "{url}");
        let v = verdict(&html);
        assert!(v.contains("data-verdict=\"genuine\""), "{url}: {v}");
        for field in [
            "Ana Pérez",
            "Alpaca Andina",
            "Tema de Alpaca Andina",
            "Hackathon #Somos600M",
            "2024-04-15",
            "Second place",
        ] {
            assert!(v.contains(field), "{url}: {field} missing in {v}");
        }
        for id in ALL_IDS {
            assert!(!html.contains(&id.to_string()), "{url} shows a Discord id");
        }
    }
    let (_, es) = get(
        &c,
        &site.url(&format!("/verify/{}", certs.genuine_code)),
        "es",
    )
    .await;
    assert!(verdict(&es).contains("Certificado auténtico"));
    assert!(verdict(&es).contains("Segundo puesto"));

    // Tampered (the name changed after issue), unknown, malformed: one answer.
    let unknown = "0123-4567-89AB-CDEF-0123";
    let mut answers = Vec::new();
    for typed in [
        certs.tampered_code.as_str(),
        unknown,
        "not-a-code",
        "<script>alert(1)</script>",
    ] {
        let url = site.url(&format!(
            "/verify?code={}",
            url::form_urlencoded::byte_serialize(typed.as_bytes()).collect::<String>()
        ));
        let (status, html) = get(&c, &url, "en").await;
        assert_eq!(status, 200, "{typed}");
        assert!(!html.contains("Beatriz Falsa"), "tampered content shown");
        assert!(!html.contains("<script>alert(1)"), "typed code not escaped");
        answers.push(verdict(&html));
    }
    assert!(
        answers[0].contains("Not a genuine certificate"),
        "{}",
        answers[0]
    );
    assert!(
        answers.iter().all(|a| *a == answers[0]),
        "the answers differ: {answers:#?}"
    );
    // The path form too.
    let (_, html) = get(
        &c,
        &site.url(&format!("/verify/{}", certs.tampered_code)),
        "en",
    )
    .await;
    assert_eq!(verdict(&html), answers[0]);
    // The bare form has no verdict, and a label for its field.
    let (status, html) = get(&c, &site.url("/verify"), "es").await;
    assert_eq!(status, 200);
    assert!(!html.contains("id=\"verdict\""));
    assert!(html.contains("<label for=\"code\">Código del certificado</label>"));
    let _ = certs.genuine;
    site.stop().await;
}

mod both {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let db = crate::support::db::TestDb::sqlite().await;
        super::genuine_tampered_unknown_and_malformed(db.store.clone()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(db) =
            crate::support::db::TestDb::postgres("genuine_tampered_unknown_and_malformed").await
        else {
            return;
        };
        super::genuine_tampered_unknown_and_malformed(db.store.clone()).await;
    }
}

#[tokio::test]
async fn certificate_checks_are_rate_limited_per_address() {
    let db = crate::support::db::TestDb::sqlite().await;
    let certs = seed::certificates(&db.store).await;
    let site = Site::start(db.store.clone()).await;
    let c = reqwest::Client::new();
    let url = site.url(&format!("/verify/{}", certs.genuine_code));
    for i in 0..VERIFY_PER_MINUTE {
        let (status, _) = get(&c, &url, "en").await;
        assert_eq!(status, 200, "check {i}");
    }
    let r = c
        .get(site.url("/verify?code=0123456789abcdef0123"))
        .header(header::ACCEPT_LANGUAGE, "es")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers()[header::RETRY_AFTER], "60");
    let html = r.text().await.expect("body");
    assert!(html.contains("Demasiadas solicitudes"), "{html}");
    assert!(!html.contains("id=\"verdict\""));
    // The bare form and the other pages are not limited.
    let (status, _) = get(&c, &site.url("/verify"), "en").await;
    assert_eq!(status, 200);
    let (status, _) = get(&c, &site.url("/projects"), "en").await;
    assert_eq!(status, 200);
    site.stop().await;
}
