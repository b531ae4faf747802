//! The core of `benches/team_burst.rs`, small: a burst of requests and
//! invitations sent at once is answered, each with the right answer. The
//! full size runs in release as `cargo bench --bench team_burst`.

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
