//! The Hub misbehaving the ways it does at deadline time: answering slowly,
//! 429 and 500 in bursts, cutting connections mid-answer. Each is retried
//! within the client's budget, and a check that still cannot finish says so
//! ("could not check") instead of calling a submission incomplete.

use std::time::Duration;

use somosbot::hub::{check_repo, CheckContext, HubClient, RepoId, RepoKind, RepoOutcome, Status};

use crate::server::{client, fixture, options, FakeHub, Reply};

fn dataset() -> RepoId {
    RepoId::parse(RepoKind::Dataset, "somosnlp/NoticIA-it").unwrap()
}

const INFO: &str = "/api/datasets/somosnlp/NoticIA-it";
const CARD: &str = "/datasets/somosnlp/NoticIA-it/resolve/main/README.md";

#[tokio::test]
async fn a_connection_cut_mid_answer_is_retried() {
    let cut = FakeHub::new();
    cut.on(INFO, Reply::fixture_json("api/dataset_info.json").cut())
        .on(INFO, Reply::fixture_json("api/dataset_info.json"))
        .on(
            CARD,
            Reply::text(&fixture("cards/dataset_complete_es.md")).cut(),
        )
        .on(CARD, Reply::text(&fixture("cards/dataset_complete_es.md")));
    let base = cut.start().await;
    let c = client(&base, None);
    assert!(
        matches!(c.repo_info(&dataset()).await, RepoOutcome::Found(_)),
        "a cut answer is asked again"
    );
    assert_eq!(cut.count(INFO), 2);
    let card = c.readme(&dataset()).await.expect("the card, whole");
    assert_eq!(card, fixture("cards/dataset_complete_es.md"));
    assert_eq!(cut.count(CARD), 2);
}

#[tokio::test]
async fn connections_cut_every_time_end_as_could_not_check() {
    let cut = FakeHub::new();
    cut.on(INFO, Reply::fixture_json("api/dataset_info.json").cut());
    let base = cut.start().await;
    let c = client(&base, None);
    let check = check_repo(&c, "x", &dataset(), &CheckContext::new("somosnlp", None)).await;
    assert_eq!(
        check.report.status,
        Status::CouldNotCheck,
        "{:?}",
        check.report
    );
    assert_eq!(cut.count(INFO), 3, "the client's three attempts");
}

#[tokio::test]
async fn bursts_of_429_and_500_are_ridden_out() {
    let burst = FakeHub::new();
    burst
        .on(
            INFO,
            Reply::json(429, r#"{"error":"rate"}"#).header("Retry-After", "0"),
        )
        .on(INFO, Reply::json(500, r#"{"error":"Internal Error"}"#))
        .on(INFO, Reply::fixture_json("api/dataset_info.json"));
    let base = burst.start().await;
    let c = client(&base, None);
    assert!(matches!(
        c.repo_info(&dataset()).await,
        RepoOutcome::Found(_)
    ));
    assert_eq!(burst.count(INFO), 3);
}

#[tokio::test]
async fn a_slow_hub_within_the_timeout_is_waited_for() {
    let slow = FakeHub::new();
    slow.on(
        INFO,
        Reply::fixture_json("api/dataset_info.json").delay(Duration::from_millis(700)),
    );
    let base = slow.start().await;
    let mut o = options(&base, None);
    o.timeout = Duration::from_secs(2);
    let c = HubClient::new(o).unwrap();
    assert!(matches!(
        c.repo_info(&dataset()).await,
        RepoOutcome::Found(_)
    ));
    assert_eq!(slow.count(INFO), 1, "no retry while an answer is coming");
}
