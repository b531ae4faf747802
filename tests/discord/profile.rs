//! `/profile public|private`: the opt-in to be listed on the web gallery.

use crate::support::fake_discord::InteractionBuilder;
use crate::teams_kit::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_public_lists_the_display_name_and_private_takes_it_off() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let event_id = crate::support::bot::shipped_event().event.id;
    assert!(
        bot.db
            .store
            .listed_profiles(&event_id)
            .await
            .expect("read")
            .is_empty(),
        "nobody is listed by default"
    );
    let profile = |sub: &str, locale: &str| {
        InteractionBuilder::slash("profile")
            .subcommand(sub)
            .user(ana.0, &ana.1)
            .locale(locale)
    };
    let text = say(&fake, profile("public", "en-US")).await;
    assert!(
        text.contains("**ana**") && text.contains("project gallery"),
        "{text}"
    );
    let listed = bot.db.store.listed_profiles(&event_id).await.expect("read");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].user_id, listed[0].display_name.as_str()),
        (5001, "ana")
    );
    let text = say(&fake, profile("private", "es-ES")).await;
    assert!(text.contains("ya no aparece"), "{text}");
    assert!(bot
        .db
        .store
        .listed_profiles(&event_id)
        .await
        .expect("read")
        .is_empty());
    bot.stop().await.unwrap();
}
