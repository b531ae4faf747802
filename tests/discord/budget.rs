//! Shared budgets, as a hostile participant would test them: the real bot
//! against the fake Discord and a fake Hub that counts every request. One
//! team loops `/submit`, `/path` and `/leaderboard likes`; another team's
//! `/submit` still completes with a full report.

use std::time::Duration;

use somosbot::config::BudgetSettings;

use crate::support::bot::shipped_event;
use crate::support::budget::{
    loop_while_other_submits, submit, two_teams, SubmitAnswer, LOOPER, OTHER, SPACES,
};
use crate::support::fake_discord::view::content;
use crate::support::fake_discord::InteractionBuilder;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_looping_team_cannot_spend_the_budget_another_team_needs() {
    let event = shipped_event();
    let budget = event.hub.budget;
    let s = two_teams(event, Duration::from_millis(100)).await;

    // Two /submit at once: one check runs, the other joins it and gets the
    // same report.
    let (a, b) = tokio::join!(submit(&s, LOOPER), submit(&s, LOOPER));
    let (checked, joined) = match (a, b) {
        (SubmitAnswer::Checked(c), SubmitAnswer::Joined(j))
        | (SubmitAnswer::Joined(j), SubmitAnswer::Checked(c)) => (c, j),
        other => panic!("expected one check and one join, got {other:?}"),
    };
    assert!(checked.contains("**Complete**"), "{checked}");
    assert!(joined.contains("**Complete**"), "{joined}");
    let one_check = s.hub.seen().len();
    assert!(
        (1..=9).contains(&one_check),
        "one check's requests, not two: {one_check}"
    );
    assert_eq!(
        s.bot.db.store.submission_history(1).await.unwrap().len(),
        1,
        "the joined /submit stored nothing"
    );

    let f = loop_while_other_submits(
        &s,
        Duration::from_secs(6),
        Duration::from_millis(50),
        Duration::from_secs(1),
    )
    .await;
    assert!(f.rounds >= 3, "{f:?}");
    // Every /submit of the looping team is told when it can run again.
    for answer in &f.submits {
        match answer {
            SubmitAnswer::TooSoon(text) => assert!(text.contains(":R>"), "{text}"),
            other => panic!("expected a cooldown answer, got {other:?}"),
        }
    }
    assert_eq!(f.paths, f.rounds);
    assert_eq!(f.private_boards, f.boards, "boards are ephemeral");
    // The other team's check ran in full.
    match &f.other_answer {
        Some(SubmitAnswer::Checked(text)) => assert!(text.contains("**Complete**"), "{text}"),
        other => panic!("the other team's /submit: {other:?}"),
    }
    // The Hub saw the other team's one check and one listing for the board
    // (kept for five minutes), however many rounds the looper ran.
    assert_eq!(s.hub.count(SPACES), 1);
    assert_eq!(
        f.hub_requests,
        one_check + 1,
        "{} rounds cost the Hub nothing",
        f.rounds
    );
    assert!((s.hub.seen().len() as u64) <= budget.worst_case(300));
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_budget_says_when_to_try_again_and_organizers_keep_the_reserve() {
    let mut event = shipped_event();
    // Room for one participant check above the reserve, and almost no
    // refill.
    event.hub.budget = BudgetSettings {
        requests_per_window: 1,
        window_seconds: 300,
        burst: 20,
        reserve: 10,
        max_wait_seconds: 1,
        check_cooldown_seconds: 120,
    };
    let s = two_teams(event, Duration::ZERO).await;
    assert!(matches!(submit(&s, LOOPER).await, SubmitAnswer::Checked(_)));
    let used = s.hub.seen().len();

    let refused = submit(&s, OTHER).await;
    match &refused {
        SubmitAnswer::BudgetSpent(text) => {
            assert!(text.contains("Try again at <t:"), "{text}");
            assert!(text.contains(":T>") && text.contains(":R>"), "{text}");
        }
        other => panic!("expected the budget refusal, got {other:?}"),
    }
    assert_eq!(s.hub.seen().len(), used, "a refused check asks nothing");
    assert_eq!(
        s.bot.db.store.submission_history(2).await.unwrap().len(),
        0,
        "a refused /submit stores nothing"
    );
    // In Spanish too.
    let es = s.fake.send_interaction(
        InteractionBuilder::slash("submit")
            .user(OTHER.0, OTHER.1)
            .locale("es-ES")
            .option(
                "dataset",
                "https://huggingface.co/datasets/somosnlp/NoticIA-it",
            ),
    );
    let text = s
        .fake
        .wait_original(&es.token, |m| {
            m["content"].as_str().is_some_and(|c| c.contains("<t:"))
        })
        .await;
    assert!(
        text["content"]
            .as_str()
            .is_some_and(|c| c.contains("Vuelve a intentarlo a las <t:")),
        "{text}"
    );

    // Organizers' recheck-all still runs, on the reserve.
    let sent = s.fake.send_interaction(
        InteractionBuilder::slash("submissions")
            .subcommand("recheck-all")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let done = s
        .fake
        .wait_original(&sent.token, |m| {
            m["content"]
                .as_str()
                .is_some_and(|c| c.contains("Re-checked"))
        })
        .await;
    let text = content(&done);
    assert!(text.contains("Re-checked 1 of 1 submissions."), "{text}");
    assert!(text.contains("Complete (1)"), "{text}");
    assert!(s.hub.seen().len() > used);
    s.bot.stop().await.unwrap();
}
