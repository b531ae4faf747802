//! The core of `benches/team_burst.rs`, small: a burst of requests and
//! invitations sent at once is answered, each with the right answer.

use crate::support::burst;
use crate::support::db::TestDb;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_requests_and_invitations_is_answered() {
    let figures = burst::run(TestDb::sqlite().await, 20).await;
    for f in [&figures.requests, &figures.invites] {
        assert_eq!(f.latencies.len(), 20, "{figures:?}");
        assert_eq!(f.succeeded, 20, "{figures:?}");
        assert!(f.percentile(0.5) <= f.percentile(0.99));
    }
}

/// The bench's full size in debug, to check it completes (figures from a
/// debug build mean little): `cargo test --test discord full_burst -- --ignored`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "slow; the bench runs it in release"]
async fn full_burst_completes_in_debug() {
    let figures = burst::run(TestDb::sqlite().await, 200).await;
    assert_eq!(figures.requests.succeeded, 200, "{figures:?}");
    assert_eq!(figures.invites.succeeded, 200, "{figures:?}");
    println!(
        "debug, SQLite: request p50 {:?} p99 {:?}; invite p50 {:?} p99 {:?}; wall {:?}",
        figures.requests.percentile(0.5),
        figures.requests.percentile(0.99),
        figures.invites.percentile(0.5),
        figures.invites.percentile(0.99),
        figures.wall
    );
}
