//! A team's dataset, model and demo checked together.

use somosbot::hub::{
    check_links, check_submission, CheckContext, RepoId, RepoKind, Severity, Status,
};

use crate::server::{at, client, fixture, noticia, noticia_team, FakeHub, Reply};

#[tokio::test]
async fn a_complete_team_passes_in_at_most_six_requests() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    let base = hub.start().await;
    let c = client(&base, None);
    let ctx = CheckContext::new("somosnlp", None);
    let report = check_submission(&c, &noticia(), &ctx).await;
    assert_eq!(
        report.status,
        Status::Complete,
        "{}",
        report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En)
    );
    assert!(
        c.requests_sent() <= 6,
        "{} requests: {:#?}",
        c.requests_sent(),
        hub.seen()
    );
    assert_eq!(
        hub.count("/spaces/somosnlp/NoticIA-demo/resolve/main/README.md"),
        0
    );
    assert_eq!(report.cross_checks.len(), 3);
    assert!(report
        .cross_checks
        .iter()
        .all(|f| f.severity == Severity::Info));
    let space = &report.repos[2];
    let facts = space.facts.as_ref().unwrap();
    assert_eq!(facts.runtime_stage.as_deref(), Some("RUNNING"));
    assert_eq!(facts.hardware.as_deref(), Some("t4-small"));
    let text = report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::Es);
    assert!(text.contains("✅") && text.contains("completo"), "{text}");
    let stored = somosbot::hub::Report::from_json(&report.to_json()).unwrap();
    assert_eq!(
        stored.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En),
        report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En)
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["status"], "complete");
    assert_eq!(json["repos"][0]["repo"]["kind"], "dataset");
}

#[tokio::test]
async fn commits_after_the_deadline_are_listed_with_their_times() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    let base = hub.start().await;
    let c = client(&base, None);
    // 10 April 2024, 23:59 AoE.
    let ctx = CheckContext::new("somosnlp", Some(at("2024-04-11T11:59:00Z")));
    let report = check_submission(&c, &noticia(), &ctx).await;
    let space = &report.repos[2];
    let facts = space.facts.as_ref().unwrap();
    assert_eq!(facts.commits_after_deadline.len(), 0);
    let ctx = CheckContext::new("somosnlp", Some(at("2024-04-10T23:59:00Z")));
    let report = check_submission(&c, &noticia(), &ctx).await;
    let facts = report.repos[2].facts.as_ref().unwrap();
    assert_eq!(facts.commits_after_deadline.len(), 1);
    assert_eq!(
        facts.commits_after_deadline[0].title,
        "Fix typo after the deadline"
    );
    assert_eq!(facts.last_commit_source.as_deref(), Some("commits"));
    let f = report.repos[2]
        .findings
        .iter()
        .find(|f| f.id == "space.commits.deadline")
        .unwrap();
    assert_eq!(f.severity, Severity::Warning);
    let text = report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En);
    assert!(
        text.contains("2024-04-11 08:30 UTC") && text.contains("Fix typo"),
        "{text}"
    );
    // The dataset's last commit is before the deadline.
    let d = report.repos[0]
        .findings
        .iter()
        .find(|f| f.id == "dataset.commits.deadline")
        .unwrap();
    assert_eq!(d.severity, Severity::Info);
}

#[tokio::test]
async fn a_model_that_does_not_name_the_dataset_and_a_private_space_fail() {
    let hub = FakeHub::new();
    hub.on(
        "/somosnlp/NoticIA-7B/resolve/main/README.md",
        Reply::text(
            &fixture("cards/model_complete_en.md").replace("somosnlp/NoticIA-it\n", "otra/cosa\n"),
        ),
    );
    let space = fixture("api/space_info.json").replace("\"private\": false", "\"private\": true");
    hub.on(
        "/api/spaces/somosnlp/NoticIA-demo",
        Reply::json(200, &space),
    );
    noticia_team(&hub);
    let base = hub.start().await;
    let c = client(&base, Some("hf_token"));
    let report = check_submission(&c, &noticia(), &CheckContext::new("somosnlp", None)).await;
    assert_eq!(report.status, Status::Incomplete);
    let errors: Vec<_> = report
        .cross_checks
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(errors, ["submission.model.links_dataset"]);
    assert!(report.repos[2]
        .findings
        .iter()
        .any(|f| f.id == "space.repo.public" && f.severity == Severity::Error));
}

#[tokio::test]
async fn a_repo_outside_the_organization_is_an_error() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    let base = hub.start().await;
    let c = client(&base, None);
    let report = check_submission(&c, &noticia(), &CheckContext::new("OtraOrg", None)).await;
    assert_eq!(report.status, Status::Incomplete);
    assert!(report.repos.iter().all(|r| r
        .findings
        .iter()
        .any(|f| f.id.ends_with("repo.organization") && f.severity == Severity::Error)));
    // Case does not matter.
    let report = check_submission(&c, &noticia(), &CheckContext::new("SomosNLP", None)).await;
    assert_eq!(report.status, Status::Complete);
}

#[tokio::test]
async fn pasted_links_including_a_space_subdomain_are_checked_together() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    hub.on(
        "/api/spaces?author=somosnlp&limit=1000",
        Reply::fixture_json("api/spaces_list.json"),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    let links = [
        "hf.co/datasets/somosnlp/NoticIA-it/viewer".to_string(),
        "https://huggingface.co/somosnlp/NoticIA-7B/blob/main/README.md".to_string(),
        "https://somosnlp-noticia-demo.hf.space".to_string(),
    ];
    let report = check_links(&c, &links, &CheckContext::new("somosnlp", None)).await;
    assert_eq!(
        report.status,
        Status::Complete,
        "{}",
        report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En)
    );
    assert_eq!(
        report.repos[2].repo.as_ref().map(|r| r.id()),
        Some("somosnlp/NoticIA-demo".to_string())
    );
    assert_eq!(report.cross_checks.len(), 3);
}

#[tokio::test]
async fn a_space_whose_ods_is_only_in_the_readme_costs_one_more_request() {
    let hub = FakeHub::new();
    let info = fixture("api/space_info.json");
    let mut v: serde_json::Value = serde_json::from_str(&info).unwrap();
    v["cardData"]
        .as_object_mut()
        .unwrap()
        .remove("short_description");
    hub.on(
        "/api/spaces/somosnlp/NoticIA-demo",
        Reply::json(200, &v.to_string()),
    );
    noticia_team(&hub);
    let base = hub.start().await;
    let c = client(&base, None);
    let report = check_submission(&c, &noticia(), &CheckContext::new("somosnlp", None)).await;
    assert_eq!(
        report.status,
        Status::Complete,
        "{}",
        report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En)
    );
    assert_eq!(
        hub.count("/spaces/somosnlp/NoticIA-demo/resolve/main/README.md"),
        1
    );
    // Info and README of each repo; no commit list without a deadline.
    assert_eq!(c.requests_sent(), 6);
}

#[tokio::test]
async fn an_outage_on_one_repo_is_could_not_check_and_a_bad_link_is_incomplete() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    hub.on("/api/models/somosnlp/NoticIA-7B", Reply::json(503, "{}"));
    let base = hub.start().await;
    let c = client(&base, None);
    let links = [
        "https://huggingface.co/datasets/somosnlp/NoticIA-it".to_string(),
        "https://huggingface.co/somosnlp/NoticIA-7B".to_string(),
    ];
    // The first queued reply for the model is the 200; drain it first.
    let _ = c
        .repo_info(&RepoId::parse(RepoKind::Model, "somosnlp/NoticIA-7B").unwrap())
        .await;
    let report = check_links(&c, &links, &CheckContext::new("somosnlp", None)).await;
    assert_eq!(report.repos[1].status, Status::CouldNotCheck);
    assert_eq!(
        report.status,
        Status::CouldNotCheck,
        "{}",
        report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En)
    );
    let text = report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::Es);
    assert!(text.contains("no se pudo comprobar"), "{text}");

    let links = ["https://huggingface.co/somosnlp".to_string()];
    let report = check_links(&c, &links, &CheckContext::new("somosnlp", None)).await;
    assert_eq!(report.status, Status::Incomplete);
    assert_eq!(report.repos[0].findings[0].id, "link.invalid");
}

#[tokio::test]
async fn each_repo_report_is_sent_as_soon_as_it_is_ready() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    // The model answers last.
    hub.on(
        "/api/models/somosnlp/NoticIA-7B",
        Reply::fixture_json("api/model_info.json").delay(std::time::Duration::from_millis(300)),
    );
    let base = hub.start().await;
    let c = client(&base, None);
    let _ = c
        .repo_info(&RepoId::parse(RepoKind::Model, "somosnlp/NoticIA-7B").unwrap())
        .await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let report = somosbot::hub::check_submission_with_progress(
        &c,
        &noticia(),
        &CheckContext::new("somosnlp", None),
        Some(&tx),
    )
    .await;
    drop(tx);
    let mut order = Vec::new();
    while let Some(r) = rx.recv().await {
        order.push(r.kind.unwrap());
    }
    assert_eq!(order.len(), 3);
    assert_eq!(order[2], RepoKind::Model);
    assert_eq!(report.status, Status::Complete);
}

#[tokio::test]
async fn requests_in_flight_are_bounded_across_checks() {
    let mut hub = FakeHub::new();
    hub.latency = std::time::Duration::from_millis(40);
    noticia_team(&hub);
    let base = hub.start().await;
    let mut o = crate::server::options(&base, None);
    o.max_in_flight = 1;
    let c = somosbot::hub::HubClient::new(o).unwrap();
    let start = std::time::Instant::now();
    let report = check_submission(&c, &noticia(), &CheckContext::new("somosnlp", None)).await;
    assert_eq!(report.status, Status::Complete);
    // Five requests (info of each, README of the dataset and model) one
    // at a time.
    assert_eq!(c.requests_sent(), 5);
    assert!(
        start.elapsed() >= std::time::Duration::from_millis(5 * 40),
        "{:?}",
        start.elapsed()
    );
}
