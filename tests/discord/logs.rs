//! What the real binary writes to its log when Discord refuses its answers:
//! the interaction's token never appears (serenity's request spans and
//! error dumps carry the URL `/interactions/<id>/<token>/callback`), and a
//! custom id cannot write a line of its own.

use std::time::Duration;

use crate::support::bot_process::{event_file, BotProcess};
use crate::support::db::TestDb;
use crate::support::fake_discord::fixtures::GENERAL_CHANNEL_ID;
use crate::support::fake_discord::{Failure, FakeDiscord, InteractionBuilder};
use crate::teams_kit::prepare;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_interaction_answer_leaves_no_token_in_the_log() {
    let fake = FakeDiscord::start().await;
    prepare(&fake);
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let event = event_file(dir.path(), 30);
    // As verbose as an operator chasing a problem would make it.
    let bot = BotProcess::spawn_logging(
        "bot",
        "0-0/1",
        &fake,
        &db.url,
        &event,
        "trace,tungstenite=info,tokio_tungstenite=info,sqlx=warn,h2=info",
    );
    bot.wait_logged("connected to Discord").await;
    fake.wait_commands_registered().await;
    fake.add_member(7001, "persona", &[]);

    // Every answer to an interaction fails: first with Discord's JSON
    // error, then with a bare 502 from a proxy (enough failures for both
    // interactions, whichever the bot answers first).
    let callback = "/interactions/*/*/callback";
    fake.fail_next(
        "POST",
        callback,
        6,
        Failure::api(500, 0, "Internal Server Error"),
    );
    fake.fail_next("POST", "/webhooks/*/*", 6, Failure::server_error(502));
    let command = fake.send_interaction(
        InteractionBuilder::slash("about")
            .user(7001, "persona")
            .locale("en-US"),
    );
    let forged = "sb:x\nERROR somosbot: forged line";
    let press = fake.send_interaction(
        InteractionBuilder::button(
            forged,
            crate::support::fake_discord::fixtures::message(
                1,
                GENERAL_CHANNEL_ID,
                crate::support::fake_discord::fixtures::bot_user(),
                "x",
            ),
        )
        .channel(GENERAL_CHANNEL_ID)
        .user(7001, "persona"),
    );
    fake.wait_request_n("POST", callback, 2).await;
    // The refused answers are logged (and retried as follow-ups) meanwhile.
    bot.wait_logged("cannot answer a component").await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let log = bot.dump();
    for token in [&command.token, &press.token] {
        assert!(
            !log.contains(token.as_str()),
            "the token {token} is in the log:\n{log}"
        );
    }
    // The failed requests were logged (serenity's spans name each request's
    // route, token included, before the log writer hides it).
    assert!(
        log.contains(&format!(
            "interaction_id: InteractionId({}), token: \"[redacted]\"",
            command.id
        )),
        "the failed callback shows in the log, without its token:\n{log}"
    );
    // The forged id is logged escaped, inside its own line.
    assert!(
        !log.lines()
            .any(|l| l.trim_start().starts_with("ERROR somosbot: forged line")),
        "{log}"
    );
}
