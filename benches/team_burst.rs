//! A burst of 200 `/team request` and 200 `/team invite` interactions sent
//! at once to the real bot (in-process) against the local fake Discord, on
//! SQLite and (when `SOMOSBOT_TEST_POSTGRES_URL` is set) PostgreSQL. Prints
//! p50/p99 of the time from INTERACTION_CREATE to the bot's first callback.
//! `cargo bench --bench team_burst`; the core is `tests/support/burst.rs`,
//! which `tests/discord/teams_burst.rs` also runs (smaller) as a test.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use support::burst::{self, Burst};
use support::db::TestDb;

const PER_KIND: u64 = 200;

fn print(backend: &str, b: &Burst) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for (what, f) in [("/team request", &b.requests), ("/team invite", &b.invites)] {
        println!(
            "{backend:10} {what:14} n={:3} ok={:3}  first callback p50 {:7.1} ms  p99 {:7.1} ms",
            f.latencies.len(),
            f.succeeded,
            ms(f.percentile(0.50)),
            ms(f.percentile(0.99)),
        );
    }
    println!(
        "{backend:10} whole burst of {} answered in {:.0} ms",
        2 * PER_KIND,
        ms(b.wall)
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let sqlite = burst::run(TestDb::sqlite().await, PER_KIND).await;
    print("SQLite", &sqlite);
    match TestDb::postgres("team_burst").await {
        Some(db) => {
            let pg = burst::run(db, PER_KIND).await;
            print("PostgreSQL", &pg);
        }
        None => println!("PostgreSQL skipped: set SOMOSBOT_TEST_POSTGRES_URL"),
    }
}
