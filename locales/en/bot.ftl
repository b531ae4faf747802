## General

error-internal = Something went wrong on our side. Please try again in a moment; if it keeps happening, tell an organizer and give them this reference: `{ $reference }`.
error-guild-only = This command only works inside the event's server.
error-not-organizer = Only organizers can use this command. If you are one, ask for the “{ $role }” role.
error-not-mentor = Only mentors and organizers can use this command.
error-button-not-yours = This button is for someone else.
component-refused-team = Only the members of this team (and organizers) can use this button.
error-expired-button = This button has expired. Run the command again.

## /about

about-version = **somosbot** { $version } runs **{ $event }**.
about-organization = Work is handed in on the Hugging Face Hub, in the organization **{ $organization }**.
about-next-deadline = Next deadline: **{ $title }** — { $when } ({ $relative }).
about-no-deadline = There are no upcoming deadlines.

## /help

help-title = **What you can do with somosbot**
help-participant = Participants
help-mentor = Mentors
help-organizer = Organizers
help-cmd-help = `/help` — this list.
help-cmd-about = `/about` — the bot's version, the event and its next deadline.
help-cmd-team-info = `/team info` — a team's members, topic and captain.
help-cmd-setup-check = `/setup check` — what the server is missing for the event.
help-cmd-setup-apply = `/setup apply` — create what is missing, after a confirmation.
help-cmd-deadlines = `/deadlines` — every deadline, in your own time zone.
help-cmd-deadline = `/deadline add|edit|remove` — change the deadlines; reminders follow and everyone is told.
help-cmd-announce = `/announce send|list|cancel` — post an announcement now or later, with a preview.
help-footer = Deadlines are shown in your own time zone. Questions: the #{ $forum } forum.

## /team info

team-info-title = **{ $name }**
team-info-topic = Topic: { $topic }
team-info-captain = Captain: <@{ $captain }>
team-info-members = Members ({ $count }/{ $max }): { $members }
team-info-not-found = There is no team called “{ $name }”. Check the spelling, or use the suggestions as you type.
team-info-no-team = You are not in a team yet. Create one or ask to join one in #{ $channel }.

## /setup

setup-check-title = **Server check for { $event }**
setup-ok = ✅ { $what }
setup-missing = ❌ { $what } — { $fix }
setup-warn = ⚠️ { $what } — { $fix }
setup-channel = Channel #{ $name } ({ $kind })
setup-channel-missing-fix = create it, or run `/setup apply`.
setup-channel-wrong-kind-fix = it exists but is not a { $kind } channel; rename it and run `/setup apply` to create the right one.
setup-category = Category “{ $name }”
setup-category-full-fix = it holds { $count } of 50 channels; new project channels will go to an overflow category.
setup-forum-tag = Tag “{ $tag }” in #{ $forum }
setup-forum-tag-fix = add it to the forum's tags, or run `/setup apply`.
setup-role = Role “{ $name }”
setup-role-missing-fix = create it, or run `/setup apply`.
setup-bot-role-position = The bot's role is above “{ $role }”
setup-bot-role-position-fix = in Server Settings → Roles, drag the bot's role above “{ $role }” so it can give that role and team roles.
setup-permission = Permission “{ $permission }”
setup-permission-fix = give the bot's role this permission in Server Settings → Roles.
setup-access = What the bot may do in “{ $name }”
setup-access-fix = it lacks { $permissions } there: in “{ $name }” → Edit → Permissions, allow them for the bot's role (or remove the overwrite that denies them).
setup-pings = Pings of “{ $role }” reach its members
setup-pings-fix = make “{ $role }” mentionable, or give the bot's role “Mention @everyone, @here, and All Roles”.
setup-pings-teams = Pings of team roles reach their members
setup-pings-teams-fix = give the bot's role “Mention @everyone, @here, and All Roles”: team roles are not mentionable, so that people cannot ping them.
setup-role-limit = Room for roles ({ $count } of 250 used)
setup-role-limit-fix = fewer than { $needed } roles are free for team roles; delete unused roles.
setup-all-good = Everything is ready.
setup-problems = { $count ->
    [one] One thing needs fixing.
   *[other] { $count } things need fixing.
}
setup-kind-text = text
setup-kind-forum = forum
setup-kind-category = category
setup-apply-confirm = This will create: { $items }. Continue?
setup-apply-nothing = Nothing is missing: there is nothing to create.
setup-apply-button = Create them
setup-cancel-button = Cancel
setup-apply-cancelled = Nothing was created.
setup-apply-done = Created: { $items }.
setup-apply-failed = Could not create { $item }: { $reason }. Check the bot's permissions with `/setup check`.

## Organizer log

log-organizer-action = { $actor } ran { $action }{ $target }.

## Identity by id: the event's roles and channels
error-not-set-up = This is not set up yet: the bot has no { $kind } { $what } on record. An organizer can create it with `/setup apply`, or point to an existing one with `/setup link { $kind } key:{ $key }`.
error-not-set-up-several = This is not set up yet: several { $kind }s are called { $what } and the bot will not guess which one is meant. An organizer can choose it with `/setup link { $kind } key:{ $key }`.
error-not-declared = The event file declares no `{ $key }`.
error-no-guild-served = The bot does not know which server it serves. Its operator must set `DISCORD_GUILD_ID`.
error-guild-not-served = This bot serves another server; it does nothing here.
ids-log-absent = ⚠️ Not set up: nothing in this server is called { $what } (`{ $key }`). Run `/setup apply` to create it, or `/setup link` to point to an existing one.
ids-log-several = ⚠️ Not set up: { $count } things in this server are called { $what } (`{ $key }`), so the bot uses none of them. Choose one with `/setup link`.
setup-several = several are called this; choose one with `/setup link`.
setup-link-done = { $what } (`{ $key }`) is now <{ $target }>.
setup-link-done-before = { $what } (`{ $key }`) is now <{ $target }> (it was <{ $before }>).
setup-link-unknown-key = `{ $key }` is not one of the event's { $kind }s. Choose one from the list.
setup-link-wrong-kind = <#{ $target }> is not a { $kind } channel, which `{ $key }` needs.
setup-link-everyone = The @everyone role cannot stand for an event role.
