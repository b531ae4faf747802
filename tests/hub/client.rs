//! The client against a fake Hub: every error the real Hub sends, retries,
//! redirects and limits.

use crate::en;
use std::time::Duration;

use somosbot::hub::{
    check_repo, CheckContext, HubClient, HubError, RepoId, RepoKind, RepoOutcome, Status,
    Unavailable,
};

use crate::server::{client, fixture, noticia_team, options, FakeHub, Reply};

fn model(id: &str) -> RepoId {
    RepoId::parse(RepoKind::Model, id).unwrap()
}

fn dataset(id: &str) -> RepoId {
    RepoId::parse(RepoKind::Dataset, id).unwrap()
}

#[tokio::test]
async fn an_anonymous_401_cannot_tell_missing_from_private() {
    let hub = FakeHub::new();
    hub.on("/api/models/somosnlp/secreto", Reply::anonymous_401());
    let base = hub.start().await;
    let c = client(&base, None);
    assert!(matches!(
        c.repo_info(&model("somosnlp/secreto")).await,
        RepoOutcome::NotFoundOrPrivate
    ));
    let check = check_repo(
        &c,
        "x",
        &model("somosnlp/secreto"),
        &CheckContext::new("somosnlp", None),
    )
    .await;
    assert_eq!(check.report.status, Status::Incomplete);
    let f = &check.report.findings[0];
    assert_eq!(f.id, "model.repo.not_found_or_private");
    assert!(en(&f.message).contains("private"), "{f:?}");
}

#[tokio::test]
async fn with_a_token_a_404_repo_not_found_is_not_found() {
    let hub = FakeHub::new();
    hub.on(
        "/api/datasets/somosnlp/no-existe",
        Reply::error_code(404, "RepoNotFound", "Repository not found"),
    );
    let base = hub.start().await;
    let c = client(&base, Some("hf_test_token"));
    assert!(matches!(
        c.repo_info(&dataset("somosnlp/no-existe")).await,
        RepoOutcome::NotFound
    ));
}

#[tokio::test]
async fn the_token_goes_as_bearer_and_never_shows() {
    let hub = FakeHub::new();
    hub.on(
        "/api/models/somosnlp/NoticIA-7B",
        Reply::fixture_json("api/model_info.json"),
    );
    hub.on(
        "/api/models/somosnlp/bad",
        Reply::json(
            401,
            r#"{"error":"Invalid credentials in Authorization header"}"#,
        )
        .header(
            "X-Error-Message",
            "Invalid credentials in Authorization header",
        ),
    );
    let base = hub.start().await;
    let c = client(&base, Some("hf_SuperSecret123"));
    assert!(matches!(
        c.repo_info(&model("somosnlp/NoticIA-7B")).await,
        RepoOutcome::Found(_)
    ));
    let seen = hub.seen();
    assert_eq!(
        seen[0].authorization.as_deref(),
        Some("Bearer hf_SuperSecret123")
    );
    assert_eq!(
        seen[0].user_agent.as_deref(),
        Some(concat!("somosbot/", env!("CARGO_PKG_VERSION")))
    );
    let outcome = c.repo_info(&model("somosnlp/bad")).await;
    assert!(
        matches!(outcome, RepoOutcome::Unavailable(Unavailable::BadToken)),
        "{outcome:?}"
    );
    let shown = format!(
        "{c:?} {:?} {outcome:?} {:?}",
        options(&base, Some("hf_SuperSecret123")),
        HubError::Unavailable(Unavailable::BadToken)
    );
    assert!(!shown.contains("SuperSecret"), "{shown}");
    let report = check_repo(
        &c,
        "x",
        &model("somosnlp/bad"),
        &CheckContext::new("somosnlp", None),
    )
    .await;
    assert!(!serde_json::to_string(&report.report)
        .unwrap()
        .contains("SuperSecret"));
    // Without a token, no Authorization header at all.
    let anon = client(&base, None);
    anon.repo_info(&model("somosnlp/NoticIA-7B")).await;
    assert_eq!(hub.seen().last().unwrap().authorization, None);
}

#[tokio::test]
async fn gated_and_disabled_repos_are_reported_as_such() {
    let hub = FakeHub::new();
    let info = fixture("api/model_info.json");
    hub.on(
        "/api/models/somosnlp/NoticIA-7B",
        Reply::json(
            200,
            &info.replace("\"gated\": false", "\"gated\": \"manual\""),
        ),
    );
    hub.on(
        "/api/models/somosnlp/NoticIA-7B/commits/main",
        Reply::error_code(
            401,
            "GatedRepo",
            "Access to model somosnlp/NoticIA-7B is restricted.",
        ),
    );
    hub.on(
        "/somosnlp/NoticIA-7B/resolve/main/README.md",
        Reply::error_code(401, "GatedRepo", "Access restricted"),
    );
    hub.on(
        "/api/models/somosnlp/off",
        Reply::json(
            200,
            &info
                .replace("\"disabled\": false", "\"disabled\": true")
                .replace("NoticIA-7B", "off"),
        ),
    );
    hub.on(
        "/api/models/somosnlp/off2",
        Reply::json(403, r#"{"error":"Access to this resource is disabled."}"#),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    assert!(matches!(
        c.repo_info(&model("somosnlp/NoticIA-7B")).await,
        RepoOutcome::Gated(Some(_))
    ));
    assert!(matches!(
        c.commits(&model("somosnlp/NoticIA-7B"), 5).await,
        Err(HubError::Gated)
    ));
    assert!(matches!(
        c.repo_info(&model("somosnlp/off")).await,
        RepoOutcome::Disabled(Some(_))
    ));
    assert!(matches!(
        c.repo_info(&model("somosnlp/off2")).await,
        RepoOutcome::Disabled(None)
    ));
    let ctx = CheckContext::new("somosnlp", None);
    let r = check_repo(&c, "x", &model("somosnlp/NoticIA-7B"), &ctx)
        .await
        .report;
    assert_eq!(r.status, Status::Incomplete);
    assert!(
        r.findings.iter().any(|f| f.id == "model.repo.gated"),
        "{:#?}",
        r.findings
    );
    let r = check_repo(&c, "x", &model("somosnlp/off"), &ctx)
        .await
        .report;
    assert!(r.findings.iter().any(|f| f.id == "model.repo.disabled"));
}

#[tokio::test]
async fn a_307_rename_is_followed_and_the_new_id_reported() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    hub.on(
        "/api/models/somosnlp/noticia-7b",
        Reply::new(
            307,
            "Temporary Redirect. Redirecting to /api/models/somosnlp/NoticIA-7B",
        )
        .header("Location", "/api/models/somosnlp/NoticIA-7B"),
    );
    hub.on(
        "/api/models/somosnlp/noticia-7b/commits/main",
        Reply::new(307, "").header(
            "Location",
            "/api/models/somosnlp/NoticIA-7B/commits/main?limit=20",
        ),
    );
    hub.on(
        "/somosnlp/noticia-7b/resolve/main/README.md",
        Reply::new(307, "").header("Location", "/somosnlp/NoticIA-7B/resolve/main/README.md"),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    let r = check_repo(
        &c,
        "x",
        &model("somosnlp/noticia-7b"),
        &CheckContext::new("somosnlp", None),
    )
    .await
    .report;
    let facts = r.facts.as_ref().unwrap();
    assert_eq!(facts.renamed_to.as_deref(), Some("somosnlp/NoticIA-7B"));
    assert!(r.findings.iter().any(|f| f.id == "model.repo.renamed"));
    assert_eq!(r.status, Status::Complete, "{:#?}", r.findings);
    // Info and README, each a redirect and its target; no commit list
    // without a deadline.
    assert_eq!(c.requests_sent(), 4);
}

#[tokio::test]
async fn redirects_stay_on_the_endpoint_and_are_bounded() {
    let hub = FakeHub::new();
    hub.on(
        "/api/models/a/elsewhere",
        Reply::new(307, "").header("Location", "https://evil.example.com/api/models/a/b"),
    );
    hub.on(
        "/api/models/a/loop",
        Reply::new(307, "").header("Location", "/api/models/a/loop"),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    let o = c.repo_info(&model("a/elsewhere")).await;
    assert!(
        matches!(o, RepoOutcome::Unavailable(Unavailable::RedirectOffHost { ref host }) if host == "evil.example.com"),
        "{o:?}"
    );
    let o = c.repo_info(&model("a/loop")).await;
    assert!(
        matches!(o, RepoOutcome::Unavailable(Unavailable::TooManyRedirects)),
        "{o:?}"
    );
    assert_eq!(hub.count("/api/models/a/loop"), 4);
}

#[tokio::test]
async fn a_429_is_retried_after_the_ratelimit_wait() {
    let hub = FakeHub::new();
    hub.on(
        "/api/models/somosnlp/NoticIA-7B",
        Reply::json(429, r#"{"error":"Too many requests"}"#)
            .header("RateLimit", "\"api\";r=0;t=12"),
    );
    hub.on(
        "/api/models/somosnlp/NoticIA-7B",
        Reply::fixture_json("api/model_info.json"),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    assert!(matches!(
        c.repo_info(&model("somosnlp/NoticIA-7B")).await,
        RepoOutcome::Found(_)
    ));
    assert_eq!(c.requests_sent(), 2);
}

#[tokio::test]
async fn a_429_asking_for_minutes_gives_up_at_once() {
    let hub = FakeHub::new();
    hub.on(
        "/api/models/somosnlp/x",
        Reply::json(429, "{}").header("RateLimit", "\"api\";r=0;t=295"),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    let o = c.repo_info(&model("somosnlp/x")).await;
    assert!(
        matches!(
            o,
            RepoOutcome::Unavailable(Unavailable::RateLimited {
                retry_after_secs: Some(295)
            })
        ),
        "{o:?}"
    );
    assert_eq!(c.requests_sent(), 1);
    // Retry-After wins over RateLimit.
    hub.on(
        "/api/models/somosnlp/y",
        Reply::json(429, "{}")
            .header("Retry-After", "0")
            .header("RateLimit", "\"api\";r=0;t=295"),
    );
    hub.on(
        "/api/models/somosnlp/y",
        Reply::fixture_json("api/model_info.json"),
    );
    assert!(matches!(
        c.repo_info(&model("somosnlp/y")).await,
        RepoOutcome::Found(_)
    ));
}

#[tokio::test]
async fn three_500s_mean_could_not_check_not_incomplete() {
    let hub = FakeHub::new();
    hub.on(
        "/api/datasets/somosnlp/NoticIA-it",
        Reply::json(500, r#"{"error":"Internal Error"}"#),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    let r = check_repo(
        &c,
        "x",
        &dataset("somosnlp/NoticIA-it"),
        &CheckContext::new("somosnlp", None),
    )
    .await
    .report;
    assert_eq!(r.status, Status::CouldNotCheck);
    assert_eq!(hub.count("/api/datasets/somosnlp/NoticIA-it"), 3);
    assert!(
        r.findings.iter().all(|f| f.id == "dataset.hub.unavailable"),
        "{:#?}",
        r.findings
    );
    assert!(!r.findings.iter().any(|f| f.id.contains("section")));
}

#[tokio::test]
async fn invalid_json_is_unavailable() {
    let hub = FakeHub::new();
    hub.on(
        "/api/models/somosnlp/x",
        Reply::json(200, "<html>maintenance</html>"),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    let o = c.repo_info(&model("somosnlp/x")).await;
    assert!(
        matches!(o, RepoOutcome::Unavailable(Unavailable::InvalidJson { .. })),
        "{o:?}"
    );
}

#[tokio::test]
async fn a_slow_hub_times_out_as_unavailable() {
    let hub = FakeHub::new();
    hub.on(
        "/api/models/somosnlp/slow",
        Reply::fixture_json("api/model_info.json").delay(Duration::from_millis(800)),
    );
    let base = hub.start().await;
    let mut o = options(&base, None);
    o.timeout = Duration::from_millis(200);
    o.retry.max_attempts = 2;
    let c = HubClient::new(o).unwrap();
    let out = c.repo_info(&model("somosnlp/slow")).await;
    assert!(
        matches!(out, RepoOutcome::Unavailable(Unavailable::Timeout)),
        "{out:?}"
    );
    assert_eq!(c.requests_sent(), 2);
}

#[tokio::test]
async fn a_missing_readme_is_an_incomplete_card() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    hub.on(
        "/datasets/somosnlp/NoticIA-it/resolve/main/README.md",
        Reply::new(404, "Entry not found")
            .header("X-Error-Code", "EntryNotFound")
            .header("X-Error-Message", "Entry not found"),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    let d = dataset("somosnlp/NoticIA-it");
    // First queued reply (the complete card) is served once; then the 404.
    assert!(c.readme(&d).await.is_ok());
    assert_eq!(c.readme(&d).await, Err(HubError::EntryNotFound));
    let r = check_repo(&c, "x", &d, &CheckContext::new("somosnlp", None))
        .await
        .report;
    assert_eq!(r.status, Status::Incomplete);
    assert!(r.findings.iter().any(|f| f.id == "dataset.card.missing"));
}

#[tokio::test]
async fn an_oversized_or_binary_readme_is_refused() {
    let hub = FakeHub::new();
    hub.on(
        "/big/card/resolve/main/README.md",
        Reply::text(&"palabra ".repeat(140_000)),
    );
    hub.on(
        "/bin/card/resolve/main/README.md",
        Reply::new(200, vec![0xff, 0xfe, 0x00, 0x41]),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    assert_eq!(
        c.readme(&model("big/card")).await,
        Err(HubError::TooLarge { limit: 1024 * 1024 })
    );
    assert_eq!(c.readme(&model("bin/card")).await, Err(HubError::NotUtf8));
}

#[tokio::test]
async fn a_hub_that_is_down_is_unavailable() {
    // A port nobody listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let c = client(&base, None);
    let o = c.repo_info(&model("somosnlp/x")).await;
    assert!(
        matches!(o, RepoOutcome::Unavailable(Unavailable::Network { .. })),
        "{o:?}"
    );
}

#[tokio::test]
async fn the_client_remembers_the_budget_the_hub_announces() {
    let hub = FakeHub::new();
    hub.on(
        "/api/models/somosnlp/m",
        Reply::fixture_json("api/model_info.json").header("RateLimit", "\"api\";r=4;t=120"),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    assert_eq!(
        c.rate_budget(),
        None,
        "nothing known before the first answer"
    );
    let _ = c.repo_info(&model("somosnlp/m")).await;
    let budget = c.rate_budget().expect("the answer's RateLimit header");
    assert_eq!(budget.remaining, 4);
    // A team check needs more than 4 requests: wait for the window.
    let now = tokio::time::Instant::now();
    let pause = budget
        .pause_before(
            somosbot::domain::submission::REQUESTS_PER_TEAM,
            now,
            Duration::from_secs(600),
        )
        .expect("a pause");
    assert!(
        pause > Duration::from_secs(100) && pause <= Duration::from_secs(120),
        "{pause:?}"
    );
}
