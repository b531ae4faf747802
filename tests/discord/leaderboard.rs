//! `/leaderboard likes` and `/leaderboard snapshot`: the real bot against the
//! fake Discord and a local fake Hub.

use serde_json::Value;

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::view::content;
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder};
use crate::support::fake_hub::{FakeHub, Reply};

const SPACES: &str = "/api/spaces?author=somosnlp&limit=1000";
const MODELS: &str = "/api/models?author=somosnlp&limit=1000";

struct Scene {
    fake: FakeDiscord,
    bot: RunningBot,
    hub: FakeHub,
    hub_url: String,
    organizer_role: u64,
}

async fn scene(hub: FakeHub) -> Scene {
    let fake = FakeDiscord::start().await;
    let event = shipped_event();
    let organizer_role = fake.add_role(&event.roles.organizer, "0");
    fake.add_text_channel(&event.channels.log, None);
    let hub_url = hub.start().await;
    let db = TestDb::sqlite().await;
    let bot = RunningBot::start_with_hub(&fake, db, event, &hub_url).await;
    Scene {
        fake,
        bot,
        hub,
        hub_url,
        organizer_role,
    }
}

fn listing(items: &[(&str, u64)]) -> Reply {
    let v: Vec<Value> = items
        .iter()
        .map(|(id, likes)| serde_json::json!({ "id": id, "likes": likes, "private": false }))
        .collect();
    Reply::json(200, &Value::Array(v).to_string())
}

/// `kind` is the index of the choice (0 spaces, 1 models), as Discord sends it.
fn likes(locale: &str, kind: Option<i64>) -> InteractionBuilder {
    let mut b = InteractionBuilder::slash("leaderboard")
        .subcommand("likes")
        .user(6001, "curiosa")
        .locale(locale);
    if let Some(k) = kind {
        b = b.option("kind", k);
    }
    b
}

/// The answer of a deferred command: its first follow-up.
async fn answer(s: &Scene, b: InteractionBuilder) -> String {
    let sent = s.fake.send_interaction(b);
    let msgs = s.fake.wait_followups(&sent.token, 1).await;
    content(&msgs[0])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_likes_board_ranks_every_page_of_spaces_with_links() {
    let hub = FakeHub::new();
    let s = scene(hub).await;
    let next = format!("{}{SPACES}&cursor=p2", s.hub_url);
    s.hub.on(
        SPACES,
        listing(&[("somosnlp/poco", 1), ("somosnlp/medio", 5)])
            .header("Link", &format!("<{next}>; rel=\"next\"")),
    );
    s.hub.on(
        &format!("{SPACES}&cursor=p2"),
        listing(&[("somosnlp/top", 12)]),
    );
    let text = answer(&s, likes("en-US", None)).await;
    assert!(text.contains("Most liked Spaces of"), "{text}");
    let top = text.find("somosnlp/top").expect(&text);
    let mid = text.find("somosnlp/medio").expect(&text);
    let low = text.find("somosnlp/poco").expect(&text);
    assert!(top < mid && mid < low, "{text}");
    assert!(
        text.contains("1. [somosnlp/top](<https://huggingface.co/spaces/somosnlp/top>) — ❤️ 12"),
        "{text}"
    );
    assert_eq!(s.hub.count(&format!("{SPACES}&cursor=p2")), 1);

    // Models, in Spanish.
    s.hub.on(MODELS, listing(&[("somosnlp/NoticIA-7B", 6)]));
    let text = answer(&s, likes("es-ES", Some(1))).await;
    assert!(text.contains("Modelos de"), "{text}");
    assert!(
        text.contains("(<https://huggingface.co/somosnlp/NoticIA-7B>) — ❤️ 6"),
        "{text}"
    );
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_outage_asks_to_try_later() {
    let hub = FakeHub::new();
    hub.on(SPACES, Reply::json(500, r#"{"error":"Internal Error"}"#));
    let s = scene(hub).await;
    let text = answer(&s, likes("en-US", None)).await;
    assert!(text.contains("try again in a few minutes"), "{text}");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_snapshot_the_board_shows_the_change() {
    let hub = FakeHub::new();
    // The snapshot sees the first listing; every later board the second.
    hub.on(SPACES, listing(&[("somosnlp/a", 3), ("somosnlp/b", 2)]))
        .on(
            SPACES,
            listing(&[("somosnlp/a", 3), ("somosnlp/b", 7), ("somosnlp/c", 1)]),
        );
    let s = scene(hub).await;

    // Not for everyone.
    let refused = s.fake.send_interaction(
        InteractionBuilder::slash("leaderboard")
            .subcommand("snapshot")
            .user(6001, "curiosa")
            .locale("en-US"),
    );
    let refused = content(&s.fake.wait_callback(&refused.token).await);
    assert!(!refused.contains("Snapshot stored"), "{refused}");

    let sent = s.fake.send_interaction(
        InteractionBuilder::slash("leaderboard")
            .subcommand("snapshot")
            .user(6002, "organizadora")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let done = s.fake.wait_followups(&sent.token, 1).await;
    assert!(
        content(&done[0]).contains("Snapshot stored: 2 repos"),
        "{done:?}"
    );
    let event_id = shipped_event().event.id;
    let audit = s.bot.db.store.audit_entries(&event_id, 10).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == "likes.snapshot" && a.actor_id == 6002),
        "{audit:?}"
    );
    let snap = s
        .bot
        .db
        .store
        .latest_likes_snapshot(&event_id, "space")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(snap.ranking[0]["id"], "somosnlp/a", "{:?}", snap.ranking);

    let text = answer(&s, likes("en-US", None)).await;
    assert!(text.contains("Change since the snapshot"), "{text}");
    assert!(
        text.contains("[somosnlp/b]") && text.contains("❤️ 7 (+5)"),
        "{text}"
    );
    assert!(text.contains("❤️ 3 (=)"), "{text}");
    assert!(text.contains("❤️ 1 (new)"), "{text}");
    // Models have no snapshot: no change column.
    s.hub.on(MODELS, listing(&[("somosnlp/m", 2)]));
    let text = answer(&s, likes("en-US", Some(1))).await;
    assert!(
        !text.contains("Change since") && text.contains("❤️ 2"),
        "{text}"
    );
    s.bot.stop().await.unwrap();
}
