//! How long a team check takes when every Hub answer costs 100 ms, how many
//! requests it sends (before and after the deadline), how long it takes
//! against a Hub that rate-limits every path three times with `t=1`, and
//! how fast cards parse.
//!
//! `cargo bench --bench hub_check`

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use somosbot::hub::{
    check_card, check_submission, Card, CardRules, CheckContext, ClientOptions, HubClient, RepoId,
    RepoKind, Status, Submission,
};

#[allow(dead_code)]
#[path = "../tests/support/fake_hub.rs"]
mod server;

use server::{fixture, noticia_team, FakeHub, Reply};

const LATENCY: Duration = Duration::from_millis(100);
const RUNS: usize = 5;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(team_check());
    rt.block_on(requests_around_the_deadline());
    rt.block_on(rate_limited_check());
    card_parsing();
}

async fn team_check() {
    let mut hub = FakeHub::new();
    hub.latency = LATENCY;
    noticia_team(&hub);
    let base = hub.start().await;
    let sub = Submission {
        dataset: RepoId::parse(RepoKind::Dataset, "somosnlp/NoticIA-it").ok(),
        model: RepoId::parse(RepoKind::Model, "somosnlp/NoticIA-7B").ok(),
        space: RepoId::parse(RepoKind::Space, "somosnlp/NoticIA-demo").ok(),
    };
    let ctx = CheckContext::new("somosnlp", None);

    let mut walls = Vec::new();
    let mut requests = 0;
    for _ in 0..RUNS {
        let client = server::client(&base, None);
        let start = Instant::now();
        let report = check_submission(&client, &sub, &ctx).await;
        walls.push(start.elapsed());
        requests = client.requests_sent();
        assert_eq!(report.status, somosbot::hub::Status::Complete);
    }

    // The same requests one after the other: the sum of their latencies.
    let client = server::client(&base, None);
    let start = Instant::now();
    for repo in [&sub.dataset, &sub.model, &sub.space].into_iter().flatten() {
        let _ = client.repo_info(repo).await;
        if repo.kind != RepoKind::Space {
            let _ = client.readme(repo).await;
        }
    }
    let serial = start.elapsed();

    walls.sort();
    let median = walls[walls.len() / 2];
    println!(
        "three-repo submission check, {} ms added to every answer",
        LATENCY.as_millis()
    );
    println!("  HTTP requests per submission: {requests}");
    println!(
        "  wall time: median {:.0} ms (min {:.0}, max {:.0}) over {RUNS} runs",
        ms(median),
        ms(walls[0]),
        ms(walls[walls.len() - 1])
    );
    println!(
        "  sum of request latencies (same requests, one by one): {:.0} ms",
        ms(serial)
    );
    println!(
        "  speed-up from concurrency: {:.1}x",
        ms(serial) / ms(median)
    );
}

fn noticia() -> Submission {
    Submission {
        dataset: RepoId::parse(RepoKind::Dataset, "somosnlp/NoticIA-it").ok(),
        model: RepoId::parse(RepoKind::Model, "somosnlp/NoticIA-7B").ok(),
        space: RepoId::parse(RepoKind::Space, "somosnlp/NoticIA-demo").ok(),
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("a fixed time")
        .with_timezone(&Utc)
}

/// Requests one trio costs with the deadline after every change, after the
/// dataset's and model's (the Space changed later), and before them all.
async fn requests_around_the_deadline() {
    println!("requests per three-repo submission, by deadline");
    for (label, deadline) in [
        ("no deadline", None),
        (
            "deadline after every change (11 Apr 11:59)",
            Some(at("2024-04-11T11:59:00Z")),
        ),
        (
            "the Space changed after the deadline (10 Apr 23:59)",
            Some(at("2024-04-10T23:59:00Z")),
        ),
        (
            "every repo changed after the deadline (1 Apr)",
            Some(at("2024-04-01T00:00:00Z")),
        ),
    ] {
        let hub = FakeHub::new();
        noticia_team(&hub);
        let base = hub.start().await;
        let client = server::client(&base, None);
        let report = check_submission(
            &client,
            &noticia(),
            &CheckContext::new("somosnlp", deadline),
        )
        .await;
        let commit_lists = hub
            .seen()
            .iter()
            .filter(|s| s.path.contains("/commits/"))
            .count();
        println!(
            "  {label}: {} requests ({commit_lists} commit lists), verdict {:?}",
            client.requests_sent(),
            report.status
        );
    }
}

/// A Hub that answers 429 (`RateLimit: "api";r=0;t=1`) three times on every
/// path before the real answer, with the bot's own interactive patience.
async fn rate_limited_check() {
    let hub = FakeHub::new();
    let limited = Reply::new(429, "Too Many Requests").header("RateLimit", "\"api\";r=0;t=1");
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
    noticia_team(&hub);
    let base = hub.start().await;
    let client = HubClient::new(ClientOptions::new(&base)).expect("client");
    let start = Instant::now();
    let report = check_submission(&client, &noticia(), &CheckContext::new("somosnlp", None)).await;
    let took = start.elapsed();
    assert_eq!(report.status, Status::Complete);
    println!("three-repo check against a Hub that answers 429 (t=1) three times per path");
    println!(
        "  wall time {:.0} ms, {} requests, verdict {:?}",
        ms(took),
        client.requests_sent(),
        report.status
    );
}

fn card_parsing() {
    let rules = CardRules::default();
    for target_kb in [50, 1024] {
        let card = big_card(target_kb * 1024);
        let iterations: u32 = if target_kb > 100 { 5 } else { 200 };
        let _ = Card::parse(&card);
        let start = Instant::now();
        let mut sections = 0;
        for _ in 0..iterations {
            sections += Card::parse(std::hint::black_box(&card)).sections.len();
        }
        let parse = start.elapsed() / iterations;
        let parsed = Card::parse(&card);
        let start = Instant::now();
        for _ in 0..iterations {
            std::hint::black_box(check_card(RepoKind::Dataset, &parsed, &rules));
        }
        let check = start.elapsed() / iterations;
        let mb_s = card.len() as f64 / (parse + check).as_secs_f64() / 1e6;
        println!(
            "card parsing + checking, {} KB card ({} sections)",
            card.len() / 1024,
            sections / iterations as usize
        );
        println!(
            "  parse {:.2} ms + check {:.2} ms per card, {mb_s:.1} MB/s",
            ms(parse),
            ms(check)
        );
    }
}

/// About `size` bytes: the complete Spanish dataset card, its sections
/// repeated with numbered headings, plus a table and template leftovers.
fn big_card(size: usize) -> String {
    let base = fixture("cards/dataset_complete_es.md");
    let (front, body) = base
        .trim_start_matches("---\n")
        .split_once("\n---\n")
        .expect("fixture has front matter");
    let mut out = format!("---\n{front}\n---\n");
    let mut i = 0;
    while out.len() < size {
        i += 1;
        out.push_str(&body.replace("## ", &format!("## Parte {i}: ")));
        out.push_str("\n| campo | tipo |\n|---|---|\n| pregunta | string |\n\n<!-- nota -->\n[More Information Needed]\n\n");
    }
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
