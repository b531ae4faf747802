//! How long a team check takes when every Hub answer costs 100 ms, how many
//! requests it sends, and how fast cards parse.
//!
//! `cargo bench --bench hub_check`

use std::time::{Duration, Instant};

use somosbot::hub::{
    check_card, check_submission, Card, CardRules, CheckContext, RepoId, RepoKind, Submission,
};

#[allow(dead_code)]
#[path = "../tests/support/fake_hub.rs"]
mod server;

use server::{fixture, noticia_team, FakeHub};

const LATENCY: Duration = Duration::from_millis(100);
const RUNS: usize = 5;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(team_check());
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
        let _ = client.commits(repo, 20).await;
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
