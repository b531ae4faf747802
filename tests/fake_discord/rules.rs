//! The fake refuses what Discord refuses: each rule is shown over HTTP, as the bot meets it,
//! with Discord's status and JSON error code. The rules come from discord-api-docs
//! (`developers/topics/permissions.mdx`, `developers/resources/channel.mdx`, `message.mdx`).

use serde_json::{json, Value};

use super::support::fake_discord::state::permissions::bits;
use super::support::fake_discord::FakeDiscord;

/// A bot that can do the basics and nothing more; `@everyone` holds nothing.
const BASIC: u64 = bits::VIEW_CHANNEL
    | bits::SEND_MESSAGES
    | bits::READ_MESSAGE_HISTORY
    | bits::MANAGE_CHANNELS
    | bits::MANAGE_ROLES;

async fn fake_with_bot(permissions: u64) -> FakeDiscord {
    let fake = FakeDiscord::start().await;
    fake.set_role_permissions(fake.guild_id(), 0);
    fake.set_role_permissions(fake.bot_role_id(), permissions);
    fake
}

/// One request to the fake's REST API: `(status, JSON body)`.
async fn call(fake: &FakeDiscord, method: &str, path: &str, body: Value) -> (u16, Value) {
    let client = reqwest::Client::new();
    let url = format!("{}/api/v10{path}", fake.api_base());
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let response = client
        .request(method, url)
        .json(&body)
        .send()
        .await
        .expect("fake answers");
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

#[track_caller]
fn refused(answer: (u16, Value), status: u16, code: u64) {
    assert_eq!(
        (answer.0, answer.1["code"].as_u64()),
        (status, Some(code)),
        "{answer:?}"
    );
}

fn id(value: &Value) -> u64 {
    value["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("id")
}

fn overwrite(target: u64, kind: u8, allow: u64, deny: u64) -> Value {
    json!({ "id": target.to_string(), "type": kind, "allow": allow.to_string(), "deny": deny.to_string() })
}

#[tokio::test]
async fn an_overwrite_may_only_use_permissions_the_bot_holds() {
    let fake = fake_with_bot(BASIC).await;
    let guild = fake.guild_id();
    let role = fake.add_role("team", "0");
    let create = |allow: u64| {
        json!({ "name": "team-1", "type": 0, "permission_overwrites": [
            overwrite(guild, 0, 0, bits::VIEW_CHANNEL),
            overwrite(role, 0, bits::VIEW_CHANNEL | allow, 0),
            overwrite(fake.bot_user_id(), 1, bits::VIEW_CHANNEL, 0),
        ]})
    };
    let path = format!("/guilds/{guild}/channels");
    for lacking in [
        bits::MANAGE_MESSAGES,
        bits::ATTACH_FILES,
        bits::ADD_REACTIONS,
    ] {
        refused(
            call(&fake, "POST", &path, create(lacking)).await,
            403,
            50013,
        );
    }
    assert!(
        fake.channels_named("team-1").is_empty(),
        "a refusal creates nothing"
    );
    // Denying counts too, and MANAGE_ROLES in an overwrite takes Administrator even when held.
    let denies =
        json!({ "name": "d", "permission_overwrites": [overwrite(role, 0, 0, bits::EMBED_LINKS)] });
    refused(call(&fake, "POST", &path, denies).await, 403, 50013);
    refused(
        call(&fake, "POST", &path, create(bits::MANAGE_ROLES)).await,
        403,
        50013,
    );

    let (status, channel) = call(&fake, "POST", &path, create(bits::SEND_MESSAGES)).await;
    assert_eq!(status, 201, "{channel}");
    let channel = id(&channel);
    let put = format!("/channels/{channel}/permissions/{role}");
    let body = json!({ "type": 0, "allow": bits::ATTACH_FILES.to_string(), "deny": "0" });
    refused(call(&fake, "PUT", &put, body).await, 403, 50013);
    let body = json!({ "type": 0, "allow": bits::READ_MESSAGE_HISTORY.to_string(), "deny": "0" });
    assert_eq!(call(&fake, "PUT", &put, body).await.0, 204);
    // Without its own way in, the bot has shut itself out of the channel it made.
    let body = json!({ "name": "shut", "permission_overwrites": [overwrite(guild, 0, 0, bits::VIEW_CHANNEL)] });
    let (_, shut) = call(&fake, "POST", &path, body).await;
    let put = format!("/channels/{}/permissions/{role}", id(&shut));
    let body = json!({ "type": 0, "allow": bits::VIEW_CHANNEL.to_string(), "deny": "0" });
    refused(call(&fake, "PUT", &put, body).await, 403, 50001);
}

#[tokio::test]
async fn administrator_may_write_any_overwrite() {
    let fake = fake_with_bot(bits::ADMINISTRATOR).await;
    let guild = fake.guild_id();
    let body = json!({ "name": "x", "permission_overwrites": [
        overwrite(guild, 0, bits::MANAGE_ROLES | bits::MANAGE_MESSAGES, 0),
    ]});
    let (status, _) = call(&fake, "POST", &format!("/guilds/{guild}/channels"), body).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn overwrites_need_manage_roles_and_channels_need_manage_channels() {
    let guild_path = |fake: &FakeDiscord| format!("/guilds/{}/channels", fake.guild_id());
    let fake = fake_with_bot(BASIC & !bits::MANAGE_ROLES).await;
    let body = json!({ "name": "x", "permission_overwrites": [overwrite(fake.guild_id(), 0, 0, bits::VIEW_CHANNEL)] });
    refused(
        call(&fake, "POST", &guild_path(&fake), body).await,
        403,
        50013,
    );
    let fake = fake_with_bot(BASIC & !bits::MANAGE_CHANNELS).await;
    refused(
        call(&fake, "POST", &guild_path(&fake), json!({ "name": "x" })).await,
        403,
        50013,
    );
}

#[tokio::test]
async fn pins_need_pin_messages_and_manage_messages_is_not_enough() {
    let fake = fake_with_bot(BASIC | bits::MANAGE_MESSAGES).await;
    let channel = fake.general_channel_id();
    let (_, message) = call(
        &fake,
        "POST",
        &format!("/channels/{channel}/messages"),
        json!({ "content": "hi" }),
    )
    .await;
    let message = id(&message);
    for path in [
        format!("/channels/{channel}/pins/{message}"),
        format!("/channels/{channel}/messages/pins/{message}"),
    ] {
        refused(call(&fake, "PUT", &path, Value::Null).await, 403, 50013);
    }
    assert_eq!(fake.message(message).unwrap()["pinned"], json!(false));
    fake.set_role_permissions(fake.bot_role_id(), BASIC | bits::PIN_MESSAGES);
    let path = format!("/channels/{channel}/pins/{message}");
    assert_eq!(call(&fake, "PUT", &path, Value::Null).await.0, 204);
    assert_eq!(fake.message(message).unwrap()["pinned"], json!(true));
}

#[tokio::test]
async fn threads_need_their_own_permissions() {
    let fake = fake_with_bot(BASIC).await;
    let channel = fake.general_channel_id();
    let threads = format!("/channels/{channel}/threads");
    let public = json!({ "name": "lft", "type": 11 });
    refused(
        call(&fake, "POST", &threads, public.clone()).await,
        403,
        50013,
    );
    refused(
        call(&fake, "POST", &threads, json!({ "name": "p", "type": 12 })).await,
        403,
        50013,
    );
    fake.set_role_permissions(fake.bot_role_id(), BASIC | bits::CREATE_PUBLIC_THREADS);
    let (status, thread) = call(&fake, "POST", &threads, public).await;
    assert_eq!(status, 201, "{thread}");
    let thread = id(&thread);
    // SEND_MESSAGES is not inherited by threads.
    let say = format!("/channels/{thread}/messages");
    refused(
        call(&fake, "POST", &say, json!({ "content": "hi" })).await,
        403,
        50013,
    );
    fake.set_role_permissions(
        fake.bot_role_id(),
        BASIC | bits::CREATE_PUBLIC_THREADS | bits::SEND_MESSAGES_IN_THREADS,
    );
    assert_eq!(
        call(&fake, "POST", &say, json!({ "content": "hi" }))
            .await
            .0,
        200
    );
    // A forum post is created with SEND_MESSAGES.
    let (forum, tags) = fake.add_forum("help", &["open", "resolved"]);
    let post = json!({ "name": "q", "message": { "content": "?" }, "applied_tags": [tags[0].to_string()] });
    assert_eq!(
        call(&fake, "POST", &format!("/channels/{forum}/threads"), post)
            .await
            .0,
        201
    );
}

#[tokio::test]
async fn archiving_and_tagging_someone_elses_post_needs_manage_threads() {
    let fake = fake_with_bot(BASIC | bits::SEND_MESSAGES_IN_THREADS).await;
    let (forum, tags) = fake.add_forum("help", &["open", "resolved"]);
    fake.add_member(3001, "bob", &[]);
    let theirs = fake.user_forum_post(forum, 3001, "help me", &[tags[0]], "it breaks");
    let path = format!("/channels/{theirs}");
    let tag = json!({ "applied_tags": [tags[1].to_string()] });
    refused(call(&fake, "PATCH", &path, tag.clone()).await, 403, 50013);
    refused(
        call(&fake, "PATCH", &path, json!({ "archived": true })).await,
        403,
        50013,
    );
    refused(
        call(&fake, "PATCH", &path, json!({ "locked": true })).await,
        403,
        50013,
    );
    // The bot's own post is its to archive and tag.
    let (_, own) = call(
        &fake,
        "POST",
        &format!("/channels/{forum}/threads"),
        json!({ "name": "mine", "message": { "content": "x" } }),
    )
    .await;
    let own = format!("/channels/{}", id(&own));
    assert_eq!(call(&fake, "PATCH", &own, tag.clone()).await.0, 200);
    assert_eq!(
        call(&fake, "PATCH", &own, json!({ "archived": true }))
            .await
            .0,
        200
    );
    fake.set_role_permissions(fake.bot_role_id(), BASIC | bits::MANAGE_THREADS);
    assert_eq!(call(&fake, "PATCH", &path, tag).await.0, 200);
}

#[tokio::test]
async fn a_channel_the_bot_cannot_view_is_missing_access() {
    let fake = fake_with_bot(BASIC | bits::PIN_MESSAGES).await;
    let guild = fake.guild_id();
    let channel = fake.add_text_channel("private", None);
    fake.set_overwrites(channel, json!([overwrite(guild, 0, 0, bits::VIEW_CHANNEL)]));
    let say = format!("/channels/{channel}/messages");
    refused(
        call(&fake, "POST", &say, json!({ "content": "hi" })).await,
        403,
        50001,
    );
    refused(
        call(&fake, "GET", &format!("/channels/{channel}"), Value::Null).await,
        403,
        50001,
    );
    // Let in by a member overwrite; then a role overwrite denying SEND_MESSAGES is 50013.
    let bot = fake.bot_user_id();
    let role = fake.bot_role_id();
    fake.set_overwrites(
        channel,
        json!([
            overwrite(guild, 0, 0, bits::VIEW_CHANNEL),
            overwrite(role, 0, 0, bits::SEND_MESSAGES),
            overwrite(bot, 1, bits::VIEW_CHANNEL, 0),
        ]),
    );
    refused(
        call(&fake, "POST", &say, json!({ "content": "hi" })).await,
        403,
        50013,
    );
    assert_eq!(
        call(&fake, "GET", &format!("/channels/{channel}"), Value::Null)
            .await
            .0,
        200
    );
    // The member's overwrite comes last and wins over the role's.
    fake.set_overwrites(
        channel,
        json!([
            overwrite(guild, 0, 0, bits::VIEW_CHANNEL),
            overwrite(role, 0, 0, bits::SEND_MESSAGES),
            overwrite(bot, 1, bits::VIEW_CHANNEL | bits::SEND_MESSAGES, 0),
        ]),
    );
    assert_eq!(
        call(&fake, "POST", &say, json!({ "content": "hi" }))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn effective_permissions_follow_discords_order() {
    let fake = fake_with_bot(BASIC).await;
    let guild = fake.guild_id();
    fake.set_role_permissions(guild, bits::VIEW_CHANNEL | bits::SEND_MESSAGES);
    let team = fake.add_role("team", "0");
    let admin = fake.add_role("admins", &bits::ADMINISTRATOR.to_string());
    fake.add_member(3001, "bob", &[team]);
    fake.add_member(3002, "carol", &[]);
    fake.add_member(3003, "dora", &[admin]);
    fake.add_member(3004, "eve", &[team]);
    let channel = fake.add_text_channel("team-1", None);
    fake.set_overwrites(
        channel,
        json!([
            overwrite(guild, 0, 0, bits::VIEW_CHANNEL),
            overwrite(team, 0, bits::VIEW_CHANNEL | bits::ATTACH_FILES, 0),
            overwrite(3004, 1, 0, bits::VIEW_CHANNEL),
        ]),
    );
    assert_eq!(
        fake.channel_permissions(3001, channel),
        bits::VIEW_CHANNEL | bits::SEND_MESSAGES | bits::ATTACH_FILES
    );
    assert!(!fake.can_view(3002, channel), "@everyone's deny hides it");
    assert!(
        fake.can_view(3003, channel),
        "Administrator ignores overwrites"
    );
    assert!(
        !fake.can_view(3004, channel),
        "the member's deny comes last"
    );
    assert_eq!(
        fake.channel_permissions(3002, fake.general_channel_id()),
        bits::VIEW_CHANNEL | bits::SEND_MESSAGES
    );
}

#[tokio::test]
async fn thread_members_are_recorded() {
    let fake = fake_with_bot(BASIC | bits::CREATE_PUBLIC_THREADS).await;
    fake.add_member(3001, "bob", &[]);
    let channel = fake.general_channel_id();
    let (_, thread) = call(
        &fake,
        "POST",
        &format!("/channels/{channel}/threads"),
        json!({ "name": "t", "type": 11 }),
    )
    .await;
    let thread = id(&thread);
    let bob = format!("/channels/{thread}/thread-members/3001");
    // Adding someone takes the right to talk in the thread.
    refused(call(&fake, "PUT", &bob, Value::Null).await, 403, 50013);
    fake.set_role_permissions(
        fake.bot_role_id(),
        BASIC | bits::CREATE_PUBLIC_THREADS | bits::SEND_MESSAGES_IN_THREADS,
    );
    assert_eq!(call(&fake, "PUT", &bob, Value::Null).await.0, 204);
    assert_eq!(fake.thread_members(thread), vec![fake.bot_user_id(), 3001]);
    let (status, listed) = call(
        &fake,
        "GET",
        &format!("/channels/{thread}/thread-members"),
        Value::Null,
    )
    .await;
    assert_eq!((status, listed.as_array().map(Vec::len)), (200, Some(2)));
    refused(
        call(
            &fake,
            "PUT",
            &format!("/channels/{thread}/thread-members/999"),
            Value::Null,
        )
        .await,
        404,
        10007,
    );
    // Removing someone else from a public thread takes MANAGE_THREADS.
    refused(call(&fake, "DELETE", &bob, Value::Null).await, 403, 50013);
    fake.set_role_permissions(
        fake.bot_role_id(),
        BASIC | bits::SEND_MESSAGES_IN_THREADS | bits::MANAGE_THREADS,
    );
    assert_eq!(call(&fake, "DELETE", &bob, Value::Null).await.0, 204);
    assert_eq!(fake.thread_members(thread), vec![fake.bot_user_id()]);
    // An archived thread takes no one.
    call(
        &fake,
        "PATCH",
        &format!("/channels/{thread}"),
        json!({ "archived": true }),
    )
    .await;
    refused(call(&fake, "PUT", &bob, Value::Null).await, 400, 50083);
}

#[tokio::test]
async fn a_role_mention_notifies_only_when_mentionable_or_the_bot_may_mention_everyone() {
    let fake = fake_with_bot(BASIC).await;
    fake.set_role_permissions(fake.guild_id(), bits::VIEW_CHANNEL);
    let team = fake.add_role("team", "0");
    fake.add_member(3001, "bob", &[team]);
    fake.add_member(3002, "carol", &[team]);
    fake.add_member(3003, "dora", &[]);
    let say = format!("/channels/{}/messages", fake.general_channel_id());
    let ping = |allowed: Value| json!({ "content": format!("<@&{team}> <@3003> @everyone"), "allowed_mentions": allowed });
    let notified = |answer: (u16, Value)| {
        assert_eq!(answer.0, 200, "{answer:?}");
        fake.notified_by(id(&answer.1))
    };
    let all = json!({ "parse": ["users", "roles", "everyone"] });
    assert_eq!(
        notified(call(&fake, "POST", &say, ping(all.clone())).await),
        vec![3003],
        "not mentionable: the role notifies nobody"
    );
    fake.set_role_mentionable(team, true);
    assert_eq!(
        notified(call(&fake, "POST", &say, ping(all.clone())).await),
        vec![3001, 3002, 3003]
    );
    // Allowed mentions limit who hears it.
    let only_dora = json!({ "parse": [], "users": ["3003"] });
    assert_eq!(
        notified(call(&fake, "POST", &say, ping(only_dora)).await),
        vec![3003]
    );
    // MENTION_EVERYONE makes any role (and @everyone) notify.
    fake.set_role_mentionable(team, false);
    fake.set_role_permissions(fake.bot_role_id(), BASIC | bits::MENTION_EVERYONE);
    let roles_only = json!({ "parse": ["roles"] });
    assert_eq!(
        notified(call(&fake, "POST", &say, ping(roles_only)).await),
        vec![3001, 3002]
    );
    assert_eq!(
        notified(call(&fake, "POST", &say, ping(all)).await),
        vec![fake.owner_id(), 3001, 3002, 3003]
    );
}

#[tokio::test]
async fn a_mention_does_not_reach_someone_who_cannot_see_the_channel() {
    let fake = fake_with_bot(BASIC).await;
    let guild = fake.guild_id();
    fake.set_role_permissions(guild, bits::VIEW_CHANNEL);
    fake.add_member(3001, "bob", &[]);
    let channel = fake.add_text_channel("private", None);
    fake.set_overwrites(
        channel,
        json!([
            overwrite(guild, 0, 0, bits::VIEW_CHANNEL),
            overwrite(fake.bot_user_id(), 1, bits::VIEW_CHANNEL, 0)
        ]),
    );
    let (status, message) = call(
        &fake,
        "POST",
        &format!("/channels/{channel}/messages"),
        json!({ "content": "<@3001>" }),
    )
    .await;
    assert_eq!(status, 200);
    assert!(fake.notified_by(id(&message)).is_empty());
}

#[tokio::test]
async fn roles_may_only_be_given_permissions_the_bot_holds() {
    let fake = fake_with_bot(BASIC).await;
    let path = format!("/guilds/{}/roles", fake.guild_id());
    let body = json!({ "name": "x", "permissions": bits::MANAGE_MESSAGES.to_string() });
    refused(call(&fake, "POST", &path, body).await, 403, 50013);
    let body = json!({ "name": "x", "permissions": "0" });
    assert_eq!(call(&fake, "POST", &path, body).await.0, 200);
    let fake = fake_with_bot(BASIC & !bits::MANAGE_ROLES).await;
    refused(
        call(&fake, "POST", &path, json!({ "name": "x" })).await,
        403,
        50013,
    );
}

#[tokio::test]
async fn a_category_holds_fifty_channels_and_a_guild_250_roles() {
    let fake = fake_with_bot(BASIC).await;
    let category = fake.add_category("projects");
    for i in 0..50 {
        fake.add_text_channel(&format!("c{i}"), Some(category));
    }
    let path = format!("/guilds/{}/channels", fake.guild_id());
    let body = json!({ "name": "c50", "parent_id": category.to_string() });
    refused(call(&fake, "POST", &path, body).await, 400, 50035);
    assert_eq!(
        call(&fake, "POST", &path, json!({ "name": "free" }))
            .await
            .0,
        201
    );
    let roles = format!("/guilds/{}/roles", fake.guild_id());
    let existing = fake.inspect(|i| i.state.roles.len());
    for i in existing..250 {
        fake.add_role(&format!("r{i}"), "0");
    }
    refused(
        call(&fake, "POST", &roles, json!({ "name": "one more" })).await,
        400,
        30005,
    );
}

#[tokio::test]
async fn messages_follow_the_channel_permissions() {
    let fake = fake_with_bot(bits::VIEW_CHANNEL | bits::SEND_MESSAGES).await;
    fake.add_member(3001, "bob", &[]);
    let channel = fake.general_channel_id();
    let theirs = fake.user_message(channel, 3001, "hola");
    let theirs = id(&theirs);
    let (_, own) = call(
        &fake,
        "POST",
        &format!("/channels/{channel}/messages"),
        json!({ "content": "mine" }),
    )
    .await;
    let own = id(&own);
    // Without Read Message History the list is empty and one message is refused.
    let (status, listed) = call(
        &fake,
        "GET",
        &format!("/channels/{channel}/messages"),
        Value::Null,
    )
    .await;
    assert_eq!((status, listed), (200, json!([])));
    refused(
        call(
            &fake,
            "GET",
            &format!("/channels/{channel}/messages/{theirs}"),
            Value::Null,
        )
        .await,
        403,
        50013,
    );
    // Deleting someone else's message takes Manage Messages; one's own does not.
    refused(
        call(
            &fake,
            "DELETE",
            &format!("/channels/{channel}/messages/{theirs}"),
            Value::Null,
        )
        .await,
        403,
        50013,
    );
    assert_eq!(
        call(
            &fake,
            "DELETE",
            &format!("/channels/{channel}/messages/{own}"),
            Value::Null
        )
        .await
        .0,
        204
    );
    // Files take Attach Files.
    let with_file =
        json!({ "content": "chart", "attachments": [{ "id": 0, "filename": "a.png" }] });
    refused(
        call(
            &fake,
            "POST",
            &format!("/channels/{channel}/messages"),
            with_file,
        )
        .await,
        403,
        50013,
    );
    // A locked thread takes Manage Threads to write in.
    fake.set_role_permissions(
        fake.bot_role_id(),
        bits::VIEW_CHANNEL
            | bits::SEND_MESSAGES
            | bits::CREATE_PUBLIC_THREADS
            | bits::SEND_MESSAGES_IN_THREADS,
    );
    let (_, thread) = call(
        &fake,
        "POST",
        &format!("/channels/{channel}/threads"),
        json!({ "name": "t", "type": 11 }),
    )
    .await;
    let thread = id(&thread);
    fake.with_state(|s| {
        s.channels.get_mut(&thread).unwrap()["thread_metadata"]["locked"] = json!(true)
    });
    refused(
        call(
            &fake,
            "POST",
            &format!("/channels/{thread}/messages"),
            json!({ "content": "x" }),
        )
        .await,
        403,
        50013,
    );
}

#[tokio::test]
async fn giving_a_role_takes_manage_roles_and_interactions_need_no_channel_permission() {
    let fake = fake_with_bot(bits::VIEW_CHANNEL).await;
    let role = fake.add_role("team", "0");
    fake.add_member(3001, "bob", &[]);
    let path = format!("/guilds/{}/members/3001/roles/{role}", fake.guild_id());
    refused(call(&fake, "PUT", &path, Value::Null).await, 403, 50013);
    fake.set_role_permissions(fake.bot_role_id(), bits::VIEW_CHANNEL | bits::MANAGE_ROLES);
    assert_eq!(call(&fake, "PUT", &path, Value::Null).await.0, 204);
    // A channel the bot cannot see still takes its interaction answers.
    let hidden = fake.add_text_channel("hidden", None);
    fake.set_overwrites(
        hidden,
        json!([overwrite(fake.guild_id(), 0, 0, bits::VIEW_CHANNEL)]),
    );
    let sent = fake.send_interaction(
        super::support::fake_discord::InteractionBuilder::slash("ping").channel(hidden),
    );
    let callback = format!("/interactions/{}/{}/callback", sent.id, sent.token);
    let body = json!({ "type": 4, "data": { "content": "pong" } });
    assert_eq!(call(&fake, "POST", &callback, body).await.0, 204);
}

#[tokio::test]
async fn messages_and_modals_over_discords_size_limits_are_invalid_form_bodies() {
    use super::support::fake_discord::InteractionBuilder;

    let fake = fake_with_bot(BASIC).await;
    let channel = fake.general_channel_id();
    let post = |body: Value| {
        let fake = &fake;
        async move { call(fake, "POST", &format!("/channels/{channel}/messages"), body).await }
    };
    // 2000 characters (not bytes) fit; one more does not.
    assert_eq!(post(json!({ "content": "ñ".repeat(2000) })).await.0, 200);
    refused(
        post(json!({ "content": "ñ".repeat(2001) })).await,
        400,
        50035,
    );
    let button = |label: &str, id: &str| json!({ "type": 1, "components": [{ "type": 2, "style": 1, "label": label, "custom_id": id }] });
    refused(
        post(json!({ "content": "x", "components": [button(&"b".repeat(81), "ok")] })).await,
        400,
        50035,
    );
    refused(
        post(json!({ "content": "x", "components": [button("ok", &"c".repeat(101))] })).await,
        400,
        50035,
    );
    refused(
        post(json!({ "content": "x", "components": vec![button("ok", "id"); 6] })).await,
        400,
        50035,
    );
    assert_eq!(
        post(json!({ "content": "x", "components": vec![button("ok", "id"); 5] }))
            .await
            .0,
        200
    );
    // A modal's title and its inputs' labels hold 45 characters, placeholders 100.
    let modal = |title: &str, label: &str, placeholder: &str| {
        json!({ "type": 9, "data": { "custom_id": "m", "title": title, "components": [
            { "type": 1, "components": [{ "type": 4, "custom_id": "v", "style": 1,
              "label": label, "placeholder": placeholder }] }] } })
    };
    for body in [
        modal(&"t".repeat(46), "ok", "ok"),
        modal("ok", &"l".repeat(46), "ok"),
        modal("ok", "ok", &"p".repeat(101)),
    ] {
        let sent = fake.send_interaction(InteractionBuilder::slash("help"));
        let path = format!("/interactions/{}/{}/callback", sent.id, sent.token);
        refused(call(&fake, "POST", &path, body).await, 400, 50035);
    }
}
