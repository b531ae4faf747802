//! `/team`: create, invite, request, leave, kick, transfer, rename, disband,
//! open, list, info. Each command turns its options into plain values, calls
//! the domain, then makes Discord match the database (roles, channel).

use chrono::Utc;
use serenity::all::{CreateActionRow, CreateAutocompleteResponse, GuildId, Http, User};

use super::common;
use super::common::pager::{id_safe, pager};
use crate::discord::paging::{line_within, Page};
use crate::discord::reply::{self, lang, tr_args};
use crate::discord::teams::{self as glue, team_error};
use crate::discord::{BotError, Context, Data};
use crate::domain::people::person_lang;
use crate::domain::team::{self, Departure, TeamError};
use crate::i18n::{Args, Lang};
use crate::render::markup::{fit, timestamps};
use crate::store::{InvitationStatus, Team, TeamFilter};

/// Teams of the hackathon.
#[poise::command(
    slash_command,
    subcommands(
        "info", "create", "invite", "request", "leave", "kick", "transfer", "rename", "disband",
        "open", "list"
    ),
    subcommand_required
)]
pub async fn team(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Suggests UN goals (number and localized name) matching what was typed.
async fn autocomplete_ods(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    let data = ctx.data();
    let lang = Lang::from_locale(ctx.interaction.locale.as_str());
    let typed = partial.trim().to_lowercase();
    let mut response = CreateAutocompleteResponse::new();
    for ods in 1u8..=17 {
        let label = format!("{ods} · {}", glue::ods_name(data, lang, ods));
        if typed.is_empty()
            || ods.to_string().starts_with(&typed)
            || label.to_lowercase().contains(&typed)
        {
            response = response.add_int_choice(label, i64::from(ods));
        }
    }
    response
}

fn say(ctx: Context<'_>, id: &str, args: &Args<'_>) -> String {
    tr_args(ctx, id, args)
}

/// A private answer, possibly with buttons.
async fn answer(
    ctx: Context<'_>,
    content: String,
    row: Option<CreateActionRow>,
) -> Result<(), BotError> {
    ctx.send(
        reply::create_reply()
            .content(fit(&content))
            .ephemeral(true)
            .components(row.into_iter().collect()),
    )
    .await?;
    Ok(())
}

fn guild(ctx: Context<'_>) -> Result<GuildId, BotError> {
    ctx.guild_id()
        .ok_or_else(|| BotError::user("error-guild-only"))
}

/// Create a team; you become its captain.
#[poise::command(slash_command, guild_only)]
pub async fn create(
    ctx: Context<'_>,
    #[max_length = 100] name: String,
    #[max_length = 200] topic: String,
    #[autocomplete = "autocomplete_ods"]
    #[min = 1]
    #[max = 17]
    ods: Option<u8>,
) -> Result<(), BotError> {
    let guild = guild(ctx)?;
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let creator = ctx.author().id.get();
    let policy = glue::policy_reserving_guild(ctx.http(), data, guild, None).await?;
    let created = team::create_team(
        &data.store,
        &policy,
        creator,
        &name,
        &topic,
        ods,
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    let http = ctx.http();
    let provisioned = async {
        let staff = glue::staff_roles(http, data).await;
        glue::provision(
            http,
            data,
            guild,
            ctx.framework().bot_id(),
            &created,
            &staff,
        )
        .await
    };
    let (role, channel) = match provisioned.await {
        Ok(made) => made,
        Err(e) => {
            data.store.delete_team(created.id, Utc::now()).await?;
            if let BotError::User { .. } = e {
                // An event channel that is not set up: say which.
                return Err(e);
            }
            tracing::warn!(error = %e, team = created.id, "Discord refused the team's role or channel");
            return Err(BotError::user("team-create-discord-failed"));
        }
    };
    let team = Team {
        role_id: Some(role.get()),
        channel_id: Some(channel.get()),
        ..created
    };
    if let Err(e) = data
        .store
        .set_team_discord(team.id, team.role_id, team.channel_id)
        .await
    {
        // Not a team without its role and channel on record: undo it all.
        tracing::error!(error = %e, team = team.id, "cannot record a new team's role and channel; undoing it");
        glue::teardown(http, guild, &team).await;
        if let Err(e) = data.store.delete_team(team.id, Utc::now()).await {
            tracing::error!(error = %e, team = team.id, "cannot delete a team whose creation failed");
        }
        return Err(e.into());
    }
    let warning = (!glue::give_role(http, guild, creator, &team).await).then(|| {
        say(
            ctx,
            "team-role-failed",
            &[("role", team.name.clone().into())],
        )
    });
    welcome(http, data, guild, &team).await;
    announce(http, data, &team).await;
    glue::close_lft_posts(http, data, creator).await;
    let mut text = say(
        ctx,
        "team-created",
        &[
            ("name", team.name.clone().into()),
            ("channel", channel.get().to_string().into()),
        ],
    );
    if let Some(w) = warning {
        text.push('\n');
        text.push_str(&w);
    }
    answer(ctx, text, None).await
}

/// Posts and pins the organisation template in the new channel. A pin
/// Discord refuses leaves the message unpinned and is told to the
/// organizers once.
async fn welcome(http: &Http, data: &Data, guild: GuildId, team: &Team) {
    // It greets the captain by name: in their language.
    let lang = person_lang(&data.store, &data.event, team.captain_id).await;
    let ods = team
        .ods
        .map(|o| {
            data.i18n.get_args(
                lang,
                "team-welcome-ods",
                &[
                    ("ods", i64::from(o).into()),
                    ("goal", glue::ods_name(data, lang, o).into()),
                ],
            )
        })
        .unwrap_or_default();
    let text = data.i18n.get_args(
        lang,
        "team-welcome",
        &[
            ("name", team.name.clone().into()),
            ("captain", team.captain_id.to_string().into()),
            ("topic", team.topic.clone().into()),
            ("ods", ods.into()),
        ],
    );
    match glue::post_in_team(http, team, text, &[], vec![]).await {
        Ok(Some(message)) => {
            if let Err(e) = message.pin(http).await {
                tracing::warn!(error = %e, team = team.id, "cannot pin the welcome message");
                let text = data.i18n.get_args(
                    data.event.event.default_language,
                    "team-pin-refused-report",
                    &[("error", e.to_string().into())],
                );
                crate::discord::tickets::report_once(http, data, guild, "team-pin-refused", text)
                    .await;
            }
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, team = team.id, "cannot post the welcome message"),
    }
}

/// Tells the find-a-team channel about a new team.
async fn announce(http: &Http, data: &Data, team: &Team) {
    let Some(channel) = data
        .ids
        .channel_if_set(http, crate::config::keys::FIND_TEAM)
        .await
    else {
        return;
    };
    let lang = data.event.event.default_language;
    let text = data.i18n.get_args(
        lang,
        "team-announce",
        &[
            ("name", team.name.clone().into()),
            ("topic", team.topic.clone().into()),
            ("captain", team.captain_id.to_string().into()),
            ("free", i64::from(team.free_places()).into()),
        ],
    );
    if let Err(e) = channel
        .send_message(http, reply::message().content(fit(&text)))
        .await
    {
        tracing::warn!(error = %e, "cannot announce a team");
    }
}

/// Invite someone to your team (captains).
#[poise::command(slash_command, guild_only)]
pub async fn invite(ctx: Context<'_>, person: User) -> Result<(), BotError> {
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    if person.bot {
        return Err(team_error(TeamError::TargetNotMember, data));
    }
    let (team, invitation) = team::invite(
        &data.store,
        &data.team_policy().await?,
        ctx.author().id.get(),
        person.id.get(),
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    crate::scheduler::schedule_invitation_expiry(
        &data.store,
        &data.event.event.id,
        &invitation,
        Utc::now(),
    )
    .await?;
    let by_dm = match glue::deliver_invitation(ctx.http(), data, &team, &invitation).await {
        Ok(by_dm) => by_dm,
        Err(e) => {
            // It reached nobody: withdraw it so the captain can invite again.
            data.store
                .close_invitation(invitation.id, InvitationStatus::Cancelled, Utc::now())
                .await?;
            return Err(e);
        }
    };
    let id = if by_dm {
        "team-invite-sent"
    } else {
        "team-invite-sent-channel"
    };
    let text = say(
        ctx,
        id,
        &[
            ("user", person.id.get().to_string().into()),
            ("expires", timestamps(invitation.expires_at).0.into()),
        ],
    );
    answer(ctx, text, None).await
}

/// Ask a team to let you join.
#[poise::command(slash_command, guild_only)]
pub async fn request(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_name"]
    #[max_length = 100]
    name: String,
) -> Result<(), BotError> {
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let user = ctx.author().id.get();
    let (team, invitation) = team::request_to_join(
        &data.store,
        &data.team_policy().await?,
        user,
        &name,
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    crate::scheduler::schedule_invitation_expiry(
        &data.store,
        &data.event.event.id,
        &invitation,
        Utc::now(),
    )
    .await?;
    // Addressed to the captain: in their language.
    let lang_team = person_lang(&data.store, &data.event, team.captain_id).await;
    let expires = timestamps(invitation.expires_at).0;
    let post = data.i18n.get_args(
        lang_team,
        "team-request-post",
        &[
            ("captain", team.captain_id.to_string().into()),
            ("user", user.to_string().into()),
            ("team", team.name.clone().into()),
            ("expires", expires.clone().into()),
        ],
    );
    let buttons = glue::invitation_buttons(data, lang_team, &invitation);
    let posted = glue::post_in_team(
        ctx.http(),
        &team,
        post.clone(),
        &[team.captain_id],
        vec![buttons.clone()],
    )
    .await;
    if !matches!(posted, Ok(Some(_))) {
        if let Err(e) = &posted {
            tracing::warn!(error = %e, team = team.id, "cannot post a join request; trying the captain's DMs");
        }
        let http = ctx.http();
        let dm = async {
            let channel = serenity::all::UserId::new(team.captain_id)
                .create_dm_channel(http)
                .await?;
            channel
                .id
                .send_message(
                    http,
                    reply::message()
                        .content(fit(&post))
                        .components(vec![buttons]),
                )
                .await
        }
        .await;
        if let Err(e) = dm {
            // Nobody can answer it: withdraw it so the person can ask again.
            data.store
                .close_invitation(invitation.id, InvitationStatus::Cancelled, Utc::now())
                .await?;
            return Err(e.into());
        }
    }
    let text = say(
        ctx,
        "team-request-sent",
        &[
            ("team", team.name.clone().into()),
            ("expires", expires.into()),
        ],
    );
    answer(ctx, text, None).await
}

/// Leave your team.
#[poise::command(slash_command, guild_only)]
pub async fn leave(ctx: Context<'_>) -> Result<(), BotError> {
    let guild = guild(ctx)?;
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let user = ctx.author().id.get();
    let departure = match team::leave_team(
        &data.store,
        &data.team_policy().await?,
        user,
        false,
        Utc::now(),
    )
    .await
    {
        Ok(d) => d,
        Err(TeamError::LastMemberMustConfirm) => {
            let team = data
                .store
                .team_of(&data.event.event.id, user)
                .await?
                .ok_or_else(|| team_error(TeamError::NotInTeam, data))?;
            let text = say(
                ctx,
                "team-leave-confirm",
                &[("team", team.name.clone().into())],
            );
            let row = glue::disband_buttons(data, lang(ctx), &team, user);
            return answer(ctx, text, Some(row)).await;
        }
        Err(e) => return Err(team_error(e, data)),
    };
    let http = ctx.http();
    let default = data.event.event.default_language;
    let text = match departure {
        Departure::Left(team) => {
            glue::take_role(http, guild, user, &team).await;
            let note = data.i18n.get_args(
                default,
                "team-left-notice",
                &[("user", user.to_string().into())],
            );
            notify_team(http, &team, note).await;
            say(ctx, "team-left", &[("team", team.name.clone().into())])
        }
        Departure::HandedOver { team, new_captain } => {
            glue::take_role(http, guild, user, &team).await;
            let note = data.i18n.get_args(
                default,
                "team-handover-notice",
                &[
                    ("user", user.to_string().into()),
                    ("captain", new_captain.to_string().into()),
                ],
            );
            notify_team(http, &team, note).await;
            say(
                ctx,
                "team-left-handover",
                &[
                    ("team", team.name.clone().into()),
                    ("captain", new_captain.to_string().into()),
                ],
            )
        }
        Departure::Dissolved(team, gpu) => {
            glue::gpu_given_back(data, &gpu).await?;
            glue::teardown(http, guild, &team).await;
            say(ctx, "team-disbanded", &[("team", team.name.clone().into())])
        }
    };
    answer(ctx, text, None).await
}

async fn notify_team(http: &Http, team: &Team, text: String) {
    if let Err(e) = glue::post_in_team(http, team, text, &[], vec![]).await {
        tracing::warn!(error = %e, team = team.id, "cannot post in the team channel");
    }
}

/// Remove a member from your team (captains).
#[poise::command(slash_command, guild_only)]
pub async fn kick(ctx: Context<'_>, person: User) -> Result<(), BotError> {
    let guild = guild(ctx)?;
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let target = person.id.get();
    let team = team::kick_member(
        &data.store,
        &data.team_policy().await?,
        ctx.author().id.get(),
        target,
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    let http = ctx.http();
    glue::take_role(http, guild, target, &team).await;
    let default = data.event.event.default_language;
    glue::dm(
        http,
        target,
        data.i18n.get_args(
            default,
            "team-kicked-dm",
            &[("team", team.name.clone().into())],
        ),
    )
    .await;
    let text = say(
        ctx,
        "team-kicked",
        &[
            ("user", target.to_string().into()),
            ("team", team.name.clone().into()),
        ],
    );
    notify_team(http, &team, text.clone()).await;
    answer(ctx, text, None).await
}

/// Hand the captaincy to another member (captains).
#[poise::command(slash_command, guild_only)]
pub async fn transfer(ctx: Context<'_>, person: User) -> Result<(), BotError> {
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let to = person.id.get();
    let team = team::transfer_captain(
        &data.store,
        &data.team_policy().await?,
        ctx.author().id.get(),
        to,
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    let text = say(
        ctx,
        "team-transferred",
        &[
            ("user", to.to_string().into()),
            ("team", team.name.clone().into()),
        ],
    );
    notify_team(ctx.http(), &team, text.clone()).await;
    answer(ctx, text, None).await
}

/// Rename your team (captains, until registration closes).
#[poise::command(slash_command, guild_only)]
pub async fn rename(ctx: Context<'_>, #[max_length = 100] name: String) -> Result<(), BotError> {
    let guild = guild(ctx)?;
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let own = data
        .store
        .team_of(&data.event.event.id, ctx.author().id.get())
        .await?;
    let policy = glue::policy_reserving_guild(ctx.http(), data, guild, own.as_ref()).await?;
    let team = team::rename_team(
        &data.store,
        &policy,
        ctx.author().id.get(),
        &name,
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    glue::rename_in_discord(ctx.http(), data, guild, &team).await;
    let text = say(ctx, "team-renamed", &[("name", team.name.clone().into())]);
    answer(ctx, text, None).await
}

/// Disband your team (captains; asks first).
#[poise::command(slash_command, guild_only)]
pub async fn disband(ctx: Context<'_>) -> Result<(), BotError> {
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let captain = ctx.author().id.get();
    let policy = data.team_policy().await?;
    let team = team::captains_team(&data.store, &policy, captain)
        .await
        .map_err(|e| team_error(e, data))?;
    policy
        .ensure_open_for(&team, Utc::now())
        .map_err(|e| team_error(e, data))?;
    let text = say(
        ctx,
        "team-disband-confirm",
        &[("team", team.name.clone().into())],
    );
    let row = glue::disband_buttons(data, lang(ctx), &team, captain);
    answer(ctx, text, Some(row)).await
}

/// List your team as open to people looking for one (captains).
#[poise::command(slash_command, guild_only)]
pub async fn open(ctx: Context<'_>, open: bool) -> Result<(), BotError> {
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let team = team::set_open(
        &data.store,
        &data.team_policy().await?,
        ctx.author().id.get(),
        open,
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    let id = if team.is_open {
        "team-open-on"
    } else {
        "team-open-off"
    };
    let text = say(ctx, id, &[("team", team.name.clone().into())]);
    answer(ctx, text, None).await
}

/// One page of `/team list` and its buttons.
pub async fn team_list_page(
    data: &Data,
    lang: Lang,
    page: u32,
    open_only: bool,
    topic: Option<String>,
) -> Result<(String, Option<CreateActionRow>), BotError> {
    let topic = id_safe(topic);
    let filter = TeamFilter {
        open_only,
        topic: topic.clone(),
    };
    let event_id = &data.event.event.id;
    let render = |t: &Team| {
        let open = if t.is_open && t.free_places() > 0 {
            data.i18n.get(lang, "team-list-open")
        } else {
            String::new()
        };
        line_within(vec![t.name.clone(), t.topic.clone()], |f| {
            data.i18n.get_args(
                lang,
                "team-list-line",
                &[
                    ("name", f[0].clone().into()),
                    ("topic", f[1].clone().into()),
                    ("count", i64::from(t.member_count).into()),
                    ("max", i64::from(t.max_members).into()),
                    ("open", open.clone().into()),
                ],
            )
        })
    };
    let filter = &filter;
    let result = Page::of_rows(
        page,
        |offset, limit| async move {
            let found = data
                .store
                .list_teams(event_id, filter, offset, limit)
                .await?;
            Ok((found.teams, found.total))
        },
        render,
    )
    .await?;
    if result.total == 0 {
        return Ok((data.i18n.get(lang, "team-list-empty"), None));
    }
    let (page, pages) = (result.page, result.pages);
    let mut lines = vec![result.title(&data.i18n, lang, "team-list-title")];
    lines.extend(result.items);
    let filters = format!(
        "{}:{}",
        u8::from(open_only),
        topic.as_deref().unwrap_or_default()
    );
    let row = pager(
        data,
        lang,
        crate::discord::custom_id::prefix(crate::discord::custom_id::Kind::TeamList),
        page,
        pages,
        &filters,
    );
    Ok((lines.join("\n"), row))
}

/// List the teams.
#[poise::command(slash_command)]
pub async fn list(
    ctx: Context<'_>,
    open: Option<bool>,
    #[max_length = 100] topic: Option<String>,
) -> Result<(), BotError> {
    let (text, row) =
        team_list_page(ctx.data(), lang(ctx), 0, open.unwrap_or(false), topic).await?;
    answer(ctx, text, row).await
}

/// A team's members, topic and captain.
#[poise::command(slash_command)]
pub async fn info(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_name"]
    #[max_length = 100]
    name: Option<String>,
) -> Result<(), BotError> {
    let data = ctx.data();
    let event_id = &data.event.event.id;
    let card = team::team_card(
        &data.store,
        event_id,
        name.as_deref(),
        ctx.author().id.get(),
    )
    .await?;
    let Some(team::TeamCard { team, members }) = card else {
        return Err(match name {
            Some(name) => BotError::user_with("team-info-not-found", vec![("name", name)]),
            None => BotError::user_with(
                "team-info-no-team",
                vec![("channel", data.event.channels.find_team.clone())],
            ),
        });
    };
    let lang = lang(ctx);
    let mut lines = vec![
        say(
            ctx,
            "team-info-title",
            &[("name", team.name.clone().into())],
        ),
        say(
            ctx,
            "team-info-topic",
            &[("topic", team.topic.clone().into())],
        ),
    ];
    if let Some(ods) = team.ods {
        lines.push(say(
            ctx,
            "team-info-ods-named",
            &[
                ("ods", i64::from(ods).into()),
                ("goal", glue::ods_name(data, lang, ods).into()),
            ],
        ));
    }
    lines.push(say(
        ctx,
        "team-info-captain",
        &[("captain", team.captain_id.to_string().into())],
    ));
    let mentions: Vec<String> = members.iter().map(|(m, _)| format!("<@{m}>")).collect();
    lines.push(say(
        ctx,
        "team-info-members",
        &[
            ("count", i64::from(team.member_count).into()),
            ("max", i64::from(team.max_members).into()),
            ("members", mentions.join(", ").into()),
        ],
    ));
    let open = if team.is_open && team.free_places() > 0 {
        data.i18n.get(lang, "team-list-open")
    } else {
        String::new()
    };
    lines.push(say(
        ctx,
        "team-info-places",
        &[
            ("free", i64::from(team.free_places()).into()),
            ("open", open.into()),
        ],
    ));
    let missing = data.i18n.get(lang, "team-info-hf-missing");
    let hf: Vec<String> = members
        .iter()
        .map(|(m, hf)| format!("<@{m}> → {}", hf.as_deref().unwrap_or(&missing)))
        .collect();
    lines.push(say(ctx, "team-info-hf", &[("users", hf.join(", ").into())]));
    answer(ctx, lines.join("\n"), None).await
}

/// Another page of `/team list`.
pub async fn team_list_pressed(
    ctx: &serenity::all::Context,
    data: &Data,
    press: &serenity::all::ComponentInteraction,
    page: u32,
    open_only: bool,
    topic: Option<String>,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let (content, row) = team_list_page(data, lang, page, open_only, topic).await?;
    crate::discord::teams::update_with(ctx, press, content, row).await
}
