//! Shared budgets under a hostile loop: one team runs `/submit` + `/path` +
//! `/leaderboard likes` back to back for five minutes while another team
//! submits once; prints the Hub requests in the run (the fake Hub counts
//! them) against the process's budget, what the looping team was answered,
//! and the other team's `/submit` time to its final report. The real bot
//! runs in-process against the fake Discord and a local Hub that adds
//! 100 ms to every answer.
//!
//! `cargo bench --bench hub_budget`; `SOMOSBOT_BENCH_BUDGET_SECS=60` for a
//! shorter run (the default is the 300 s the Hub's window lasts).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use support::bot::shipped_event;
use support::budget::{loop_while_other_submits, two_teams, SubmitAnswer, SPACES};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let secs: u64 = std::env::var("SOMOSBOT_BENCH_BUDGET_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let duration = Duration::from_secs(secs);
    let event = shipped_event();
    let budget = event.hub.budget;
    let s = two_teams(event, Duration::from_millis(100)).await;
    // The other team submits a fifth of the way in, with the loop running.
    let f = loop_while_other_submits(&s, duration, Duration::ZERO, duration / 5).await;
    let listings = s.hub.count(SPACES);
    let _ = s.bot.stop().await;

    let count = |pred: fn(&SubmitAnswer) -> bool| f.submits.iter().filter(|a| pred(a)).count();
    let checked = count(|a| matches!(a, SubmitAnswer::Checked(_)));
    let joined = count(|a| matches!(a, SubmitAnswer::Joined(_)));
    let too_soon = count(|a| matches!(a, SubmitAnswer::TooSoon(_)));
    let spent = count(|a| matches!(a, SubmitAnswer::BudgetSpent(_)));
    let other = f.submits.len() - checked - joined - too_soon - spent;
    let secs = f.elapsed.as_secs_f64();
    println!(
        "Hub budget: one team loops /submit + /path + /leaderboard likes for {secs:.0} s \
         (local Hub +100 ms per answer), another team submits once"
    );
    println!(
        "  budget: burst {}, {} per {} s, reserve {} (organizers), worst case {} requests per 5 min; \
         team cooldown {} s",
        budget.burst,
        budget.requests_per_window,
        budget.window_seconds,
        budget.reserve,
        budget.worst_case(300),
        budget.check_cooldown_seconds
    );
    println!(
        "  looping team: {} rounds; /submit answers: {checked} checked, {joined} joined, \
         {too_soon} \"checked a moment ago, again <t:…>\", {spent} \"budget spent, try again at\", {other} other",
        f.rounds
    );
    println!(
        "  /path answers: {}; /leaderboard answers: {} ({} only for the asker)",
        f.paths, f.boards, f.private_boards
    );
    println!(
        "  Hub requests in the run: {} ({:.0} per 5 min), of which {listings} likes listings",
        f.hub_requests,
        f.hub_requests as f64 * 300.0 / secs.max(1.0)
    );
    let other_ok =
        matches!(&f.other_answer, Some(SubmitAnswer::Checked(t)) if t.contains("**Complete**"));
    println!(
        "  other team's /submit: {:.0} ms to its final report ({})",
        f.other_time.as_secs_f64() * 1000.0,
        if other_ok { "complete" } else { "NOT complete" }
    );
}
