//! The Discord side of teams: the role and private channel made for each
//! team, roles given and taken as membership changes, invitations sent by
//! DM (or in the team channel when DMs are closed), and the buttons that
//! answer them. Buttons carry only ids (`sb:inv-accept:<invitation id>`)
//! resolved from the database, so they keep working after a restart, and
//! every change behind them is a conditional write, so a second click
//! changes nothing.

use std::collections::HashMap;

use chrono::Utc;
use serenity::all::{
    ButtonStyle, ChannelId, ChannelType, ComponentInteraction, Context as SerenityContext,
    CreateActionRow, CreateAllowedMentions, CreateButton, CreateChannel, CreateInteractionResponse,
    EditRole, EditThread, GuildChannel, GuildId, Http, PermissionOverwrite,
    PermissionOverwriteType, Permissions, RoleId, UserId,
};

use super::custom_id::CustomId;
use super::reply;
use super::{BotError, Data};
use crate::config::EventConfig;
use crate::domain::lft::LftError;
use crate::domain::people::person_lang;
use crate::domain::team::{
    self, Decision, TeamError, TeamNameError, TeamPolicy, NAME_MAX_CHARS, NAME_MIN_CHARS,
};
use crate::i18n::{Args, Lang};
use crate::render::markup::{fit, timestamps};
use crate::store::{Invitation, InvitationKind, Team, TeamGpuReleased};

/// Discord's limit of channels in one category.
pub const CATEGORY_CAPACITY: usize = 50;

/// A refusal of the team rules, as a localized user error.
pub fn team_error(e: TeamError, data: &Data) -> BotError {
    let id = e.message_id();
    let args: Vec<(&'static str, String)> = match &e {
        TeamError::Store(_) => return BotError::Internal(anyhow::Error::new(e)),
        TeamError::InvalidName(TeamNameError::TooShort) => {
            vec![("min", NAME_MIN_CHARS.to_string())]
        }
        TeamError::InvalidName(TeamNameError::TooLong) => vec![("max", NAME_MAX_CHARS.to_string())],
        TeamError::InvalidName(TeamNameError::ForbiddenChar(c)) => vec![("char", c.to_string())],
        TeamError::TeamFull => vec![("max", data.event.teams.max_size.to_string())],
        TeamError::NameReserved { name } => vec![("name", name.clone())],
        TeamError::AlreadyInTeam { team } | TeamError::TargetInTeam { team } => {
            vec![("team", team.clone().unwrap_or_else(|| "?".into()))]
        }
        TeamError::RegistrationClosed { closed_at } => vec![("when", timestamps(*closed_at).1)],
        TeamError::TooManyTeams { cap } => vec![("cap", cap.to_string())],
        TeamError::TooManyPending { cap, resets_at, .. } => vec![
            ("cap", cap.to_string()),
            (
                "when",
                resets_at.map_or_else(String::new, |t| timestamps(t).1),
            ),
        ],
        TeamError::ReinviteCooldown { hours, until }
        | TeamError::CreateCooldown { hours, until } => {
            vec![("hours", hours.to_string()), ("when", timestamps(*until).1)]
        }
        _ => Vec::new(),
    };
    BotError::user_with(id, args)
}

/// A refusal of the "looking for a team" rules.
pub fn lft_error(e: LftError) -> BotError {
    match e {
        LftError::Store(e) => BotError::Internal(e.into()),
        LftError::TooManyPosts { cap, resets_at } => BotError::user_with(
            "lft-error-too-many",
            vec![
                ("cap", cap.to_string()),
                (
                    "when",
                    resets_at.map_or_else(String::new, |t| timestamps(t).1),
                ),
            ],
        ),
        other => BotError::user(other.message_id()),
    }
}

fn text(data: &Data, lang: Lang, id: &str, args: &Args<'_>) -> String {
    data.i18n.get_args(lang, id, args)
}

/// Mentions that ping exactly these people.
fn ping(users: &[u64]) -> CreateAllowedMentions {
    CreateAllowedMentions::new().users(users.iter().map(|u| UserId::new(*u)))
}

/// The localized name of UN goal `ods`.
pub fn ods_name(data: &Data, lang: Lang, ods: u8) -> String {
    data.i18n.get(lang, &format!("ods-{ods}"))
}

/// A channel name from a team name: lower case, words joined by `-`.
pub fn channel_slug(name: &str, team_id: i64) -> String {
    let slug = name
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        format!("team-{team_id}")
    } else {
        slug.chars().take(90).collect()
    }
}

/// The team's channel name: the event's channel prefix and the slug, so it
/// can never be an event channel's name.
pub fn team_channel_name(event: &EventConfig, team: &Team) -> String {
    let prefix = &event.teams.channel_prefix;
    let room = 100usize.saturating_sub(prefix.chars().count());
    let slug: String = channel_slug(&team.name, team.id)
        .chars()
        .take(room)
        .collect();
    format!("{prefix}{slug}")
}

/// The team's role name: the event's role prefix and the team name, so it
/// can never be a staff role's name.
pub fn team_role_name(event: &EventConfig, team: &Team) -> String {
    format!("{}{}", event.teams.role_prefix, team.name)
        .chars()
        .take(100)
        .collect()
}

/// The team rules with the guild's current roles and channels reserved
/// too (but `own`'s, a team being renamed), so a team name cannot look
/// like any of them.
pub async fn policy_reserving_guild(
    http: &Http,
    data: &Data,
    guild: GuildId,
    own: Option<&Team>,
) -> Result<TeamPolicy, BotError> {
    let roles = guild.roles(http).await?;
    let channels = guild.channels(http).await?;
    let own_role = own.and_then(|t| t.role_id);
    let own_channel = own.and_then(|t| t.channel_id);
    let role_names = roles
        .values()
        .filter(|r| Some(r.id.get()) != own_role && r.id.get() != guild.get())
        .map(|r| r.name.as_str());
    let channel_names = channels
        .values()
        .filter(|c| Some(c.id.get()) != own_channel)
        .map(|c| c.name.as_str());
    Ok(data
        .team_policy()
        .await?
        .reserving(role_names.chain(channel_names)))
}

/// The category a new project channel goes to: the event's projects
/// category, then its overflow categories ("<base> 2", … made by the bot
/// and stored by id under `projects_category.N`) with room; a new numbered
/// one when all are full. A projects category that is absent is created and
/// stored; one whose name several categories share is "not set up".
pub async fn projects_category(
    http: &Http,
    data: &Data,
    guild: GuildId,
) -> Result<ChannelId, BotError> {
    use super::identity::{LookupError, NotSetUp, Problem};
    use crate::config::keys;
    let base = &data.event.channels.projects_category;
    let first = match data.ids.channel(http, keys::PROJECTS_CATEGORY).await {
        Ok(id) => id,
        Err(LookupError::NotSetUp(NotSetUp::Missing {
            problem: Problem::Absent,
            ..
        })) => {
            let made = guild
                .create_channel(http, CreateChannel::new(base).kind(ChannelType::Category))
                .await?;
            let before = data
                .ids
                .set(guild, keys::PROJECTS_CATEGORY, made.id.get(), None)
                .await?;
            match earlier_copy(http, made.id, before).await {
                Some(theirs) => {
                    data.ids
                        .set(guild, keys::PROJECTS_CATEGORY, theirs.get(), None)
                        .await?;
                    theirs
                }
                None => made.id,
            }
        }
        Err(e) => return Err(e.into()),
    };
    let channels: Vec<GuildChannel> = guild.channels(http).await?.into_values().collect();
    let mut children: HashMap<ChannelId, usize> = HashMap::new();
    for c in &channels {
        if let Some(parent) = c.parent_id {
            *children.entry(parent).or_default() += 1;
        }
    }
    let overflow_prefix = format!("{}.", keys::PROJECTS_CATEGORY);
    let stored = data
        .store
        .discord_ids(&data.event.event.id, guild.get())
        .await?;
    let exists = |id: ChannelId| channels.iter().any(|c| c.id == id);
    let mut categories: Vec<(u32, ChannelId)> = stored
        .iter()
        .filter_map(|s| {
            let n: u32 = s.key.strip_prefix(&overflow_prefix)?.parse().ok()?;
            Some((n, ChannelId::new(s.id)))
        })
        .filter(|(_, id)| exists(*id))
        .chain(std::iter::once((1, first)))
        .collect();
    categories.sort();
    if let Some((_, id)) = categories
        .iter()
        .find(|(_, id)| children.get(id).copied().unwrap_or(0) < CATEGORY_CAPACITY)
    {
        return Ok(*id);
    }
    let next = categories.last().map(|(n, _)| n + 1).unwrap_or(1);
    let name = if next == 1 {
        base.to_string()
    } else {
        format!("{base} {next}")
    };
    let category = guild
        .create_channel(http, CreateChannel::new(name).kind(ChannelType::Category))
        .await?;
    let key = format!("{overflow_prefix}{next}");
    let store_as = |id: ChannelId| {
        data.store.set_discord_id(
            &data.event.event.id,
            guild.get(),
            crate::store::IdKind::Channel,
            &key,
            id.get(),
            None,
            Utc::now(),
        )
    };
    let before = store_as(category.id).await?;
    match earlier_copy(http, category.id, before).await {
        Some(theirs) => {
            store_as(theirs).await?;
            Ok(theirs)
        }
        None => Ok(category.id),
    }
}

/// After storing `made` under a key that held `before`: when another bot
/// process stored its own category there first (and it still exists), that
/// one is kept and `made`, still empty, is deleted. The lock in [`Data`]
/// keeps one process from racing itself; this reconciles two processes.
async fn earlier_copy(http: &Http, made: ChannelId, before: Option<u64>) -> Option<ChannelId> {
    let theirs = ChannelId::new(before.filter(|b| *b != made.get())?);
    theirs.to_channel(http).await.ok()?;
    tracing::info!(kept = %theirs, deleted = %made, "another process made the same projects category; keeping theirs");
    if let Err(e) = made.delete(http).await {
        tracing::warn!(error = %e, category = %made, "cannot delete a duplicate projects category");
    }
    Some(theirs)
}

/// The roles that see and write in every project channel (organizers and
/// mentors), unless the event file says `staff_see_project_channels = false`.
pub async fn staff_roles(http: &Http, data: &Data) -> Vec<RoleId> {
    if !data.event.teams.staff_see_project_channels {
        return Vec::new();
    }
    let mut staff = Vec::new();
    for key in [crate::config::keys::ORGANIZER, crate::config::keys::MENTOR] {
        staff.extend(data.ids.role_if_set(http, key).await);
    }
    staff
}

/// Creates the team's role and private channel, named with the event's
/// prefixes, seen by the team, `staff` and the bot (every permission in its
/// overwrites is one the bot holds, as Discord requires). The role's id is
/// recorded as soon as it exists, so a crash before the channel leaves it on
/// record for recovery. When either fails, what was made is deleted again
/// and the error returned.
pub async fn provision(
    http: &Http,
    data: &Data,
    guild: GuildId,
    bot: UserId,
    team: &Team,
    staff: &[RoleId],
) -> Result<(RoleId, ChannelId), BotError> {
    let role = guild
        .create_role(
            http,
            EditRole::new()
                .name(team_role_name(&data.event, team))
                .mentionable(false)
                .permissions(Permissions::empty()),
        )
        .await?;
    let channel = async {
        data.store
            .set_team_discord(team.id, Some(role.id.get()), None)
            .await?;
        let _one_creator = data.category_lock.lock().await;
        let category = projects_category(http, data, guild).await?;
        let visible = Permissions::VIEW_CHANNEL
            | Permissions::SEND_MESSAGES
            | Permissions::READ_MESSAGE_HISTORY;
        let allow = |kind| PermissionOverwrite {
            allow: visible,
            deny: Permissions::empty(),
            kind,
        };
        let mut overwrites = vec![PermissionOverwrite {
            allow: Permissions::empty(),
            deny: Permissions::VIEW_CHANNEL,
            kind: PermissionOverwriteType::Role(guild.everyone_role()),
        }];
        overwrites.push(allow(PermissionOverwriteType::Role(role.id)));
        overwrites.extend(
            staff
                .iter()
                .map(|r| allow(PermissionOverwriteType::Role(*r))),
        );
        overwrites.push(allow(PermissionOverwriteType::Member(bot)));
        guild
            .create_channel(
                http,
                CreateChannel::new(team_channel_name(&data.event, team))
                    .kind(ChannelType::Text)
                    .category(category)
                    .topic(team.topic.clone())
                    .permissions(overwrites),
            )
            .await
            .map_err(BotError::from)
    }
    .await;
    match channel {
        Ok(channel) => Ok((role.id, channel.id)),
        Err(e) => {
            if let Err(undo) = guild.delete_role(http, role.id).await {
                tracing::error!(error = %undo, role = %role.id, "cannot delete the role of a team that failed");
            }
            Err(e)
        }
    }
}

/// Gives the team role; `false` (logged) when Discord refuses.
pub async fn give_role(http: &Http, guild: GuildId, user: u64, team: &Team) -> bool {
    let Some(role) = team.role_id else {
        return true;
    };
    match http
        .add_member_role(
            guild,
            UserId::new(user),
            RoleId::new(role),
            Some("joined the team"),
        )
        .await
    {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, user, team = team.id, "cannot give the team role");
            false
        }
    }
}

/// Takes the team role away (logged when Discord refuses).
pub async fn take_role(http: &Http, guild: GuildId, user: u64, team: &Team) {
    if let Some(role) = team.role_id {
        if let Err(e) = http
            .remove_member_role(
                guild,
                UserId::new(user),
                RoleId::new(role),
                Some("left the team"),
            )
            .await
        {
            tracing::warn!(error = %e, user, team = team.id, "cannot take the team role");
        }
    }
}

/// Deletes a disbanded team's channel and role.
pub async fn teardown(http: &Http, guild: GuildId, team: &Team) {
    if let Some(channel) = team.channel_id {
        if let Err(e) = ChannelId::new(channel).delete(http).await {
            tracing::warn!(error = %e, channel, "cannot delete a team channel");
        }
    }
    if let Some(role) = team.role_id {
        if let Err(e) = guild.delete_role(http, RoleId::new(role)).await {
            tracing::warn!(error = %e, role, "cannot delete a team role");
        }
    }
}

/// Posts in the team's channel, pinging only `pings`.
pub async fn post_in_team(
    http: &Http,
    team: &Team,
    content: String,
    pings: &[u64],
    components: Vec<CreateActionRow>,
) -> Result<Option<serenity::all::Message>, serenity::Error> {
    let Some(channel) = team.channel_id else {
        return Ok(None);
    };
    let message = ChannelId::new(channel)
        .send_message(
            http,
            reply::message()
                .content(fit(&content))
                .allowed_mentions(ping(pings))
                .components(components),
        )
        .await?;
    Ok(Some(message))
}

/// Closes the person's "looking for a team" posts: a note in each thread,
/// then the thread is archived and locked.
pub async fn close_lft_posts(http: &Http, data: &Data, user: u64) {
    let posts = match data
        .store
        .close_lft_posts_of(&data.event.event.id, user, Utc::now())
        .await
    {
        Ok(posts) => posts,
        Err(e) => {
            tracing::warn!(error = %e, user, "cannot close looking-for-team posts");
            return;
        }
    };
    let lang = data.event.event.default_language;
    for post in posts {
        let Some(thread) = post.thread_id.map(ChannelId::new) else {
            continue;
        };
        let note = text(
            data,
            lang,
            "lft-closed-notice",
            &[("user", user.to_string().into())],
        );
        if let Err(e) = thread
            .send_message(http, reply::message().content(note))
            .await
        {
            tracing::warn!(error = %e, "cannot note a closed post");
        }
        if let Err(e) = thread
            .edit_thread(http, EditThread::new().archived(true).locked(true))
            .await
        {
            tracing::warn!(error = %e, "cannot archive a closed post");
        }
    }
}

/// What follows a join in Discord: the role, a welcome in the team channel,
/// the person's posts closed. Returns a warning for the person when the
/// role could not be given.
pub async fn after_join(
    http: &Http,
    data: &Data,
    guild: Option<GuildId>,
    team: &Team,
    user: u64,
    lang: Lang,
) -> Option<String> {
    let role_ok = match guild {
        Some(guild) => give_role(http, guild, user, team).await,
        None => false,
    };
    let welcome = text(
        data,
        person_lang(&data.store, &data.event, user).await,
        "team-member-joined",
        &[("user", user.to_string().into())],
    );
    if let Err(e) = post_in_team(http, team, welcome, &[], vec![]).await {
        tracing::warn!(error = %e, team = team.id, "cannot welcome a member");
    }
    close_lft_posts(http, data, user).await;
    (!role_ok).then(|| {
        text(
            data,
            lang,
            "team-role-failed",
            &[("role", team.name.clone().into())],
        )
    })
}

/// The guild a button press belongs to: its own, or (for a press in a DM)
/// the guild that holds the team's role. DMs reach shard 0's process, which
/// may not hold the guild in its cache (several instances), so REST answers
/// when the cache cannot.
async fn guild_for(
    ctx: &SerenityContext,
    press: &ComponentInteraction,
    team: Option<&Team>,
) -> Option<GuildId> {
    if let Some(g) = press.guild_id {
        return Some(g);
    }
    let role = team.and_then(|t| t.role_id).map(RoleId::new);
    let cached = ctx.cache.guilds();
    let Some(role) = role else {
        return cached.first().copied();
    };
    if let Some(g) = cached.iter().find(|g| {
        ctx.cache
            .guild(**g)
            .is_some_and(|guild| guild.roles.contains_key(&role))
    }) {
        return Some(*g);
    }
    let listed = match ctx.http.get_guilds(None, None).await {
        Ok(list) => list,
        Err(e) => {
            tracing::warn!(error = %e, "cannot list the bot's guilds");
            return cached.first().copied();
        }
    };
    for g in listed.iter().filter(|g| !cached.contains(&g.id)) {
        if g.id
            .roles(&ctx.http)
            .await
            .is_ok_and(|r| r.contains_key(&role))
        {
            return Some(g.id);
        }
    }
    cached.first().copied().or(listed.first().map(|g| g.id))
}

/// The Accept / Decline (or Approve / Deny) buttons of an invitation.
pub fn invitation_buttons(data: &Data, lang: Lang, invitation: &Invitation) -> CreateActionRow {
    let id = invitation.id;
    let (yes, no, yes_label, no_label) = match invitation.kind {
        InvitationKind::Invite => (
            CustomId::InviteAccept { invitation: id },
            CustomId::InviteDecline { invitation: id },
            "team-accept-button",
            "team-decline-button",
        ),
        InvitationKind::Request => (
            CustomId::RequestApprove { invitation: id },
            CustomId::RequestDeny { invitation: id },
            "team-approve-button",
            "team-deny-button",
        ),
    };
    CreateActionRow::Buttons(vec![
        CreateButton::new(yes.to_string())
            .style(ButtonStyle::Success)
            .label(data.i18n.get(lang, yes_label)),
        CreateButton::new(no.to_string())
            .style(ButtonStyle::Danger)
            .label(data.i18n.get(lang, no_label)),
    ])
}

/// The confirmation buttons of a disband (or of leaving as last member).
pub fn disband_buttons(data: &Data, lang: Lang, team: &Team, captain: u64) -> CreateActionRow {
    CreateActionRow::Buttons(vec![
        CreateButton::new(
            CustomId::TeamDisband {
                team: team.id,
                owner: captain,
            }
            .to_string(),
        )
        .style(ButtonStyle::Danger)
        .label(data.i18n.get(lang, "team-disband-button")),
        CreateButton::new(CustomId::TeamKeep { owner: captain }.to_string())
            .style(ButtonStyle::Secondary)
            .label(data.i18n.get(lang, "team-cancel-button")),
    ])
}

/// Sends an invitation by DM; when the DM is refused (closed DMs, 50007),
/// lets the person see the team channel and posts it there with a mention.
/// Returns whether the DM went through.
pub async fn deliver_invitation(
    http: &Http,
    data: &Data,
    team: &Team,
    invitation: &Invitation,
) -> Result<bool, BotError> {
    let lang = person_lang(&data.store, &data.event, invitation.user_id).await;
    let body = text(
        data,
        lang,
        "team-invite-text",
        &[
            ("team", team.name.clone().into()),
            ("event", data.event.event.name.clone().into()),
            ("topic", team.topic.clone().into()),
            ("expires", timestamps(invitation.expires_at).0.into()),
        ],
    );
    let buttons = invitation_buttons(data, lang, invitation);
    let user = UserId::new(invitation.user_id);
    let dm = async {
        let channel = user.create_dm_channel(http).await?;
        channel
            .id
            .send_message(
                http,
                reply::message()
                    .content(fit(&body))
                    .components(vec![buttons.clone()]),
            )
            .await
    }
    .await;
    let Err(e) = dm else {
        return Ok(true);
    };
    tracing::info!(error = %e, user = invitation.user_id, "invitation DM refused; posting in the team channel");
    if let Some(channel) = team.channel_id {
        // Recorded first, so the expiry job takes the view back even if
        // the bot stops right after giving it.
        data.store
            .mark_invitation_channel_access(invitation.id)
            .await?;
        let see = Permissions::VIEW_CHANNEL | Permissions::READ_MESSAGE_HISTORY;
        ChannelId::new(channel)
            .create_permission(
                http,
                PermissionOverwrite {
                    allow: see,
                    deny: Permissions::empty(),
                    kind: PermissionOverwriteType::Member(user),
                },
            )
            .await?;
    }
    let content = text(
        data,
        lang,
        "team-invite-channel",
        &[
            ("user", invitation.user_id.to_string().into()),
            ("text", body.into()),
        ],
    );
    post_in_team(http, team, content, &[invitation.user_id], vec![buttons]).await?;
    Ok(false)
}

/// A team that went away gave back its GPU machines and places in line:
/// the queue hears of it as it hears of `/gpu release` (board redrawn, next
/// team and organizers told).
pub async fn gpu_given_back(data: &Data, gpu: &TeamGpuReleased) -> Result<(), BotError> {
    if gpu.is_empty() {
        return Ok(());
    }
    crate::scheduler::gpu::schedule_team_released(
        &data.store,
        &data.event.event.id,
        gpu,
        Utc::now(),
    )
    .await?;
    Ok(())
}

/// Removes a per-person view permission added for an invitation, if any.
async fn forget_guest(http: &Http, team: &Team, user: u64) {
    if let Some(channel) = team.channel_id {
        // Discord answers 404 when there was none; nothing to do then.
        let _ = ChannelId::new(channel)
            .delete_permission(http, PermissionOverwriteType::Member(UserId::new(user)))
            .await;
    }
}

/// The captain confirmed the disband (the router checked who pressed).
pub async fn disband_confirmed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    team_id: i64,
    owner: u64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let gone = team::disband_confirmed(
        &data.store,
        &data.team_policy().await?,
        owner,
        team_id,
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    gpu_given_back(data, &gone.gpu).await?;
    update(
        ctx,
        press,
        text(
            data,
            lang,
            "team-disbanded",
            &[("team", gone.team.name.clone().into())],
        ),
    )
    .await?;
    if let Some(guild) = guild_for(ctx, press, Some(&gone.team)).await {
        teardown(&ctx.http, guild, &gone.team).await;
    }
    Ok(())
}

/// The captain kept the team after all.
pub async fn disband_kept(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    update(ctx, press, data.i18n.get(lang, "team-disband-cancelled")).await
}

/// Replaces the message of the pressed button, without its buttons.
async fn update(
    ctx: &SerenityContext,
    press: &ComponentInteraction,
    content: String,
) -> Result<(), BotError> {
    update_with(ctx, press, content, None).await
}

pub(crate) async fn update_with(
    ctx: &SerenityContext,
    press: &ComponentInteraction,
    content: String,
    row: Option<CreateActionRow>,
) -> Result<(), BotError> {
    press
        .create_response(
            &ctx.http,
            CreateInteractionResponse::UpdateMessage(
                reply::response()
                    .content(fit(&content))
                    .components(row.into_iter().collect()),
            ),
        )
        .await?;
    Ok(())
}

/// Accepts or declines an invitation, approves or denies a request (the
/// router checked the presser; the domain checks again in its transaction).
pub async fn decide(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    invitation_id: i64,
    accept: bool,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let actor = press.user.id.get();
    let decision = team::decide_invitation(
        &data.store,
        &data.team_policy().await?,
        invitation_id,
        actor,
        accept,
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    let http = &ctx.http;
    match decision {
        Decision::Joined { team, invitation } => {
            let user = invitation.user_id;
            let answer = match invitation.kind {
                InvitationKind::Invite => text(
                    data,
                    lang,
                    "team-invite-accepted",
                    &[
                        ("team", team.name.clone().into()),
                        ("channel", channel_arg(team.channel_id).into()),
                    ],
                ),
                InvitationKind::Request => text(
                    data,
                    lang,
                    "team-request-approved",
                    &[
                        ("user", user.to_string().into()),
                        ("team", team.name.clone().into()),
                    ],
                ),
            };
            update(ctx, press, answer).await?;
            let guild = guild_for(ctx, press, Some(&team)).await;
            let warning = after_join(http, data, guild, &team, user, lang).await;
            forget_guest(http, &team, user).await;
            if invitation.kind == InvitationKind::Request {
                let note = text(
                    data,
                    person_lang(&data.store, &data.event, user).await,
                    "team-request-result-approved",
                    &[
                        ("team", team.name.clone().into()),
                        ("channel", channel_arg(team.channel_id).into()),
                    ],
                );
                let note = match &warning {
                    Some(w) => format!("{note}\n{w}"),
                    None => note,
                };
                dm(http, user, note).await;
            } else if let Some(warning) = warning {
                followup(ctx, press, warning).await;
            }
        }
        Decision::Declined { team, invitation } => {
            let user = invitation.user_id;
            let answer = match invitation.kind {
                InvitationKind::Invite => text(
                    data,
                    lang,
                    "team-invite-declined",
                    &[("team", team.name.clone().into())],
                ),
                InvitationKind::Request => text(
                    data,
                    lang,
                    "team-request-denied",
                    &[("user", user.to_string().into())],
                ),
            };
            update(ctx, press, answer).await?;
            forget_guest(http, &team, user).await;
            if invitation.kind == InvitationKind::Request {
                let note = text(
                    data,
                    person_lang(&data.store, &data.event, user).await,
                    "team-request-result-denied",
                    &[("team", team.name.clone().into())],
                );
                dm(http, user, note).await;
            }
        }
    }
    Ok(())
}

/// A private note to a person; a refused DM is logged, not an error.
pub async fn dm(http: &Http, user: u64, content: String) {
    let sent = async {
        let channel = UserId::new(user).create_dm_channel(http).await?;
        channel
            .id
            .send_message(http, reply::message().content(fit(&content)))
            .await
    }
    .await;
    if let Err(e) = sent {
        tracing::info!(error = %e, user, "cannot send a DM");
    }
}

async fn followup(ctx: &SerenityContext, press: &ComponentInteraction, content: String) {
    let followup = reply::followup().content(fit(&content)).ephemeral(true);
    if let Err(e) = press.create_followup(&ctx.http, followup).await {
        tracing::warn!(error = %e, "cannot send a follow-up");
    }
}

/// A channel id for texts that show `<#id>`, or `none` (the texts then
/// leave the channel out) when the team has no project channel.
fn channel_arg(channel: Option<u64>) -> String {
    channel.map_or_else(|| "none".to_string(), |c| c.to_string())
}

/// Renames the team's role and channel after a rename in the database
/// (with the event's prefixes, also for a team made before them).
pub async fn rename_in_discord(http: &Http, data: &Data, guild: GuildId, team: &Team) {
    if let Some(role) = team.role_id {
        if let Err(e) = guild
            .edit_role(
                http,
                RoleId::new(role),
                EditRole::new().name(team_role_name(&data.event, team)),
            )
            .await
        {
            tracing::warn!(error = %e, team = team.id, "cannot rename the team role");
        }
    }
    if let Some(channel) = team.channel_id {
        let name = team_channel_name(&data.event, team);
        if let Err(e) = ChannelId::new(channel)
            .edit(http, serenity::all::EditChannel::new().name(name))
            .await
        {
            tracing::warn!(error = %e, team = team.id, "cannot rename the team channel");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;

    /// One value of every refusal, so a new variant without a text fails here.
    fn every_team_error() -> Vec<TeamError> {
        vec![
            TeamError::InvalidName(TeamNameError::TooShort),
            TeamError::InvalidName(TeamNameError::TooLong),
            TeamError::InvalidName(TeamNameError::ForbiddenChar('@')),
            TeamError::InvalidName(TeamNameError::InvisibleChar),
            TeamError::TopicTooShort,
            TeamError::TopicTooLong,
            TeamError::InvalidOds,
            TeamError::NameTaken,
            TeamError::TeamFull,
            TeamError::TeamNotFound,
            TeamError::AlreadyInTeam { team: None },
            TeamError::NotInTeam,
            TeamError::NotCaptain,
            TeamError::CaptainMustTransfer,
            TeamError::TargetNotMember,
            TeamError::NotYourself,
            TeamError::RegistrationClosed {
                closed_at: Utc::now(),
            },
            TeamError::LastMemberMustConfirm,
            TeamError::TargetInTeam { team: None },
            TeamError::AlreadyPending,
            TeamError::InvitationExpired,
            TeamError::InvitationNotPending,
            TeamError::InvitationNotFound,
            TeamError::InvitationNotYours,
            TeamError::FullCannotOpen,
            TeamError::TooManyTeams { cap: 3 },
            TeamError::TooManyPending {
                cap: 5,
                kind: InvitationKind::Invite,
                resets_at: Some(Utc::now()),
            },
            TeamError::TooManyPending {
                cap: 5,
                kind: InvitationKind::Request,
                resets_at: Some(Utc::now()),
            },
            TeamError::ReinviteCooldown {
                hours: 24,
                until: Utc::now(),
            },
            TeamError::CreateCooldown {
                hours: 12,
                until: Utc::now(),
            },
            TeamError::NameReserved {
                name: "Mentor".into(),
            },
            TeamError::Store(crate::store::StoreError::Corrupt("x".into())),
        ]
    }

    #[test]
    fn every_team_error_has_a_text_in_both_languages() {
        let i18n = I18n::load().expect("locales load");
        for e in every_team_error() {
            // Exhaustive on purpose: a new variant must be added above.
            match &e {
                TeamError::InvalidName(_)
                | TeamError::TopicTooShort
                | TeamError::TopicTooLong
                | TeamError::InvalidOds
                | TeamError::NameTaken
                | TeamError::NameReserved { .. }
                | TeamError::TeamFull
                | TeamError::TeamNotFound
                | TeamError::AlreadyInTeam { .. }
                | TeamError::NotInTeam
                | TeamError::NotCaptain
                | TeamError::CaptainMustTransfer
                | TeamError::TargetNotMember
                | TeamError::NotYourself
                | TeamError::RegistrationClosed { .. }
                | TeamError::LastMemberMustConfirm
                | TeamError::TargetInTeam { .. }
                | TeamError::AlreadyPending
                | TeamError::InvitationExpired
                | TeamError::InvitationNotPending
                | TeamError::InvitationNotFound
                | TeamError::InvitationNotYours
                | TeamError::FullCannotOpen
                | TeamError::TooManyTeams { .. }
                | TeamError::TooManyPending { .. }
                | TeamError::ReinviteCooldown { .. }
                | TeamError::CreateCooldown { .. }
                | TeamError::Store(_) => {}
            }
            for lang in Lang::ALL {
                assert!(
                    i18n.has(lang, e.message_id()),
                    "{lang:?} lacks {}",
                    e.message_id()
                );
            }
        }
        for e in [
            LftError::FieldEmpty,
            LftError::FieldTooLong,
            LftError::AlreadyPosted,
            LftError::TooManyPosts {
                cap: 3,
                resets_at: None,
            },
            LftError::AlreadyInTeam,
            LftError::InvalidHfUsername,
        ] {
            for lang in Lang::ALL {
                assert!(
                    i18n.has(lang, e.message_id()),
                    "{lang:?} lacks {}",
                    e.message_id()
                );
            }
        }
        for ods in 1..=17 {
            for lang in Lang::ALL {
                assert!(i18n.has(lang, &format!("ods-{ods}")));
            }
        }
    }

    #[test]
    fn channel_names_are_slugs() {
        assert_eq!(channel_slug("Los Ñandúes!", 1), "los-ñandúes");
        assert_eq!(channel_slug("¿?", 7), "team-7");
    }
}
