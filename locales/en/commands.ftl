# Slash command names and descriptions. For each command (subcommands by
# their full name joined with "-"): `.name` (the localized name, Spanish
# only differs), `.description`, and per parameter `.<param>-name` and
# `.<param>-description`.

cmd-help = help
    .name = help
    .description = What this bot can do for you
cmd-about = about
    .name = about
    .description = The bot's version and the event it runs
cmd-setup = setup
    .name = setup
    .description = Check or prepare this server for the event (organizers)
cmd-setup-check = check
    .name = check
    .description = List what the server is missing for the event, with the fix for each
cmd-setup-apply = apply
    .name = apply
    .description = Create the channels, roles and tags the event needs (asks first)
cmd-team = team
    .name = team
    .description = Teams of the hackathon
cmd-team-info = info
    .name = info
    .description = Show a team: members, topic, captain
    .name-name = name
    .name-description = The team's name (leave empty for your own team)
