//! Judging fidelity on the Hub side: a change after the deadline is its own
//! verdict, the commit list is asked for only when it can say something,
//! and an announced rate-limit reset is waited out, not given up on.

use crate::{en, es};
use std::time::{Duration, Instant};

use somosbot::hub::check::apply_late_exception;
use somosbot::hub::cli::{report, run, CheckArgs};
use somosbot::hub::{
    check_submission, CheckContext, RepoId, RepoKind, Severity, Status, Submission,
};

use crate::server::{at, client, noticia, noticia_team, FakeHub, Reply};

const DATASET_COMMITS: &str = "/api/datasets/somosnlp/NoticIA-it/commits/main?limit=20";
const MODEL_COMMITS: &str = "/api/models/somosnlp/NoticIA-7B/commits/main?limit=20";
const SPACE_COMMITS: &str = "/api/spaces/somosnlp/NoticIA-demo/commits/main?limit=20";

/// Every path the fake Hub was asked, sorted, for exact comparisons.
fn paths(hub: &FakeHub) -> Vec<String> {
    let mut p: Vec<String> = hub.seen().into_iter().map(|s| s.path).collect();
    p.sort();
    p
}

#[tokio::test]
async fn a_complete_trio_before_the_deadline_costs_info_and_readme_only() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    let base = hub.start().await;
    let c = client(&base, None);
    // Every repo's lastModified is before 11 April 2024, 11:59 UTC.
    let ctx = CheckContext::new("somosnlp", Some(at("2024-04-11T11:59:00Z")));
    let report = check_submission(&c, &noticia(), &ctx).await;
    assert_eq!(
        report.status,
        Status::Complete,
        "{}",
        report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En)
    );
    assert!(c.requests_sent() <= 6, "{:#?}", paths(&hub));
    assert_eq!(
        paths(&hub),
        [
            "/api/datasets/somosnlp/NoticIA-it",
            "/api/models/somosnlp/NoticIA-7B",
            "/api/spaces/somosnlp/NoticIA-demo",
            "/datasets/somosnlp/NoticIA-it/resolve/main/README.md",
            "/somosnlp/NoticIA-7B/resolve/main/README.md",
        ]
    );
    // The last commit is lastModified, and says so.
    let facts = report.repos[1].facts.as_ref().unwrap();
    assert_eq!(facts.last_commit, Some(at("2024-04-10T21:14:03Z")));
    assert_eq!(facts.last_commit_source.as_deref(), Some("lastModified"));
}

#[tokio::test]
async fn a_trio_changed_after_the_deadline_asks_for_the_commits_of_the_changed_repos_only() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    let base = hub.start().await;
    let c = client(&base, None);
    // 10 April 2024, 23:59 UTC: only the Space (08:30 on the 11th) changed after.
    let ctx = CheckContext::new("somosnlp", Some(at("2024-04-10T23:59:00Z")));
    check_submission(&c, &noticia(), &ctx).await;
    assert_eq!(c.requests_sent(), 6, "{:#?}", paths(&hub));
    assert_eq!(hub.count(SPACE_COMMITS), 1);
    assert_eq!(hub.count(MODEL_COMMITS) + hub.count(DATASET_COMMITS), 0);

    // 1 April: every repo changed after it, so every commit list is asked.
    let hub = FakeHub::new();
    noticia_team(&hub);
    let base = hub.start().await;
    let c = client(&base, None);
    let ctx = CheckContext::new("somosnlp", Some(at("2024-04-01T00:00:00Z")));
    let report = check_submission(&c, &noticia(), &ctx).await;
    assert_eq!(c.requests_sent(), 8, "{:#?}", paths(&hub));
    for path in [DATASET_COMMITS, MODEL_COMMITS, SPACE_COMMITS] {
        assert_eq!(hub.count(path), 1, "{path}");
    }
    assert_eq!(report.status, Status::Late);
}

#[tokio::test]
async fn a_change_after_the_deadline_is_late_and_an_exception_makes_it_complete() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    let base = hub.start().await;
    let c = client(&base, None);
    let deadline = at("2024-04-10T23:59:00Z");
    let ctx = CheckContext::new("somosnlp", Some(deadline));
    let report = check_submission(&c, &noticia(), &ctx).await;
    assert_eq!(
        report.status,
        Status::Late,
        "{}",
        report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En)
    );
    assert_eq!(report.status.exit_code(), 1);
    let space = &report.repos[2];
    assert_eq!(space.status, Status::Late);
    assert_eq!(report.repos[0].status, Status::Complete);
    let f = space
        .findings
        .iter()
        .find(|f| f.id == "space.commits.deadline")
        .unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        en(&f.message),
        "Late: there is 1 commit after the deadline (2024-04-10 23:59 UTC)."
    );
    assert_eq!(
        es(&f.message),
        "Fuera de plazo: hay 1 commit después del plazo (2024-04-10 23:59 UTC)."
    );
    let en = report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En);
    assert!(
        en.contains("⏰ late: changed after the deadline")
            && en.contains("2024-04-11 08:30 UTC")
            && en.contains("Fix typo after the deadline"),
        "{en}"
    );
    let es = report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::Es);
    assert!(es.contains("fuera de plazo"), "{es}");

    // The organizers accept the changes up to a moment after the commit:
    // complete, with the acceptance said.
    let accepted = apply_late_exception(&report, Some(at("2024-04-12T09:00:00Z")));
    assert_eq!(accepted.status, Status::Complete);
    let f = accepted.repos[2]
        .findings
        .iter()
        .find(|f| f.id == "space.commits.deadline")
        .unwrap();
    assert_eq!(f.severity, Severity::Info);
    assert!(
        crate::en(&f.message)
            .contains("accepted by the organizers (changes until 2024-04-12 09:00 UTC)"),
        "{}",
        crate::en(&f.message)
    );
    assert!(crate::es(&f.message).contains("aceptados por la organización"));
    // Withdrawn: late again. Accepted only up to before the commit: late.
    assert_eq!(apply_late_exception(&accepted, None).status, Status::Late);
    let early = apply_late_exception(&report, Some(at("2024-04-11T08:00:00Z")));
    assert_eq!(early.status, Status::Late);

    // The same, asked of the Hub with the exception in the context.
    let mut ctx = CheckContext::new("somosnlp", Some(deadline));
    ctx.late_accepted_until = Some(at("2024-04-12T09:00:00Z"));
    let report = check_submission(&c, &noticia(), &ctx).await;
    assert_eq!(
        report.status,
        Status::Complete,
        "{}",
        report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En)
    );
}

#[derive(clap::Parser)]
struct Cli {
    #[command(flatten)]
    check: CheckArgs,
}

#[tokio::test]
async fn somosbot_check_exits_1_on_a_late_change_and_names_the_commits() {
    use clap::Parser;
    let hub = FakeHub::new();
    noticia_team(&hub);
    let base = hub.start().await;
    let (endpoint, event) = (base.clone(), "/nonexistent/event.toml".to_string());
    let settings = somosbot::config::Settings::from_lookup(move |k| match k {
        "HF_ENDPOINT" => Some(endpoint.clone()),
        "SOMOSBOT_EVENT" => Some(event.clone()),
        _ => None,
    });
    let args = Cli::try_parse_from([
        "check",
        "--deadline",
        "2024-04-10T11:59:00-12:00",
        "https://huggingface.co/datasets/somosnlp/NoticIA-it",
        "https://huggingface.co/somosnlp/NoticIA-7B",
        "https://huggingface.co/spaces/somosnlp/NoticIA-demo",
    ])
    .unwrap()
    .check;
    let r = report(args.clone(), &settings).await.unwrap();
    assert_eq!(r.status, Status::Late);
    let text = r.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En);
    // The Space's commit after the deadline is named by time, id and title.
    assert!(
        text.contains("2024-04-11 08:30 UTC") && text.contains("Fix typo after the deadline"),
        "{text}"
    );
    assert_eq!(run(args, &settings).await, std::process::ExitCode::from(1));
}

/// Three 429s with `RateLimit: …;t=1` on every path, then the real answer.
fn rate_limited_three_times(hub: &FakeHub) {
    let limited = Reply::new(429, "Too Many Requests")
        .header("RateLimit", "\"api\";r=0;t=1")
        .header("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300");
    for path in [
        "/api/datasets/somosnlp/NoticIA-it",
        "/api/models/somosnlp/NoticIA-7B",
        "/api/spaces/somosnlp/NoticIA-demo",
        "/datasets/somosnlp/NoticIA-it/resolve/main/README.md",
        "/somosnlp/NoticIA-7B/resolve/main/README.md",
    ] {
        for _ in 0..3 {
            hub.on(path, limited.clone());
        }
    }
    noticia_team(hub);
}

#[tokio::test]
async fn three_429s_with_t_1_then_success_is_complete_after_waiting() {
    let hub = FakeHub::new();
    rate_limited_three_times(&hub);
    let base = hub.start().await;
    // The interactive patience, with the tests' fast backoffs otherwise.
    let mut o = crate::server::options(&base, None);
    o.retry.max_wait = somosbot::hub::RetryPolicy::interactive().max_wait;
    let c = somosbot::hub::HubClient::new(o).unwrap();
    let start = Instant::now();
    let report = check_submission(&c, &noticia(), &CheckContext::new("somosnlp", None)).await;
    let took = start.elapsed();
    assert_eq!(
        report.status,
        Status::Complete,
        "{}",
        report.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En)
    );
    // Four answers per path, the three announced seconds waited out.
    assert_eq!(c.requests_sent(), 5 * 4, "{:#?}", paths(&hub));
    assert!(took >= Duration::from_secs(3), "{took:?}");
}

#[tokio::test]
async fn a_reset_beyond_the_wait_budget_gives_up_at_once() {
    let hub = FakeHub::new();
    hub.on(
        "/api/models/somosnlp/NoticIA-7B",
        Reply::new(429, "Too Many Requests").header("RateLimit", "\"api\";r=0;t=295"),
    );
    let base = hub.start().await;
    let c = somosbot::hub::HubClient::new(crate::server::options(&base, None)).unwrap();
    let start = Instant::now();
    let sub = Submission {
        model: RepoId::parse(RepoKind::Model, "somosnlp/NoticIA-7B").ok(),
        ..Submission::default()
    };
    let report = check_submission(&c, &sub, &CheckContext::new("somosnlp", None)).await;
    assert_eq!(report.status, Status::CouldNotCheck);
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(hub.count("/api/models/somosnlp/NoticIA-7B"), 1);
    let outage = report.hub_outage().expect("a Hub-wide reason");
    assert!(matches!(
        outage,
        somosbot::hub::Unavailable::RateLimited {
            retry_after_secs: Some(295)
        }
    ));
}
