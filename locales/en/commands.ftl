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
cmd-submit = submit
    .name = submit
    .description = Hand in your team's dataset, model and demo (captain)
    .dataset-name = dataset
    .dataset-description = Link to the dataset on the Hub (huggingface.co/datasets/…)
    .model-name = model
    .model-description = Link to the model on the Hub
    .demo-name = demo
    .demo-description = Link to the demo Space (huggingface.co/spaces/… or *.hf.space)
    .video-name = video
    .video-description = Link to the presentation video (optional)
cmd-submission = submission
    .name = submission
    .description = Your team's submission
cmd-submission-status = status
    .name = status
    .description = Your team's latest submission and what the judges will see
cmd-submissions = submissions
    .name = submissions
    .description = Submissions of every team (organizers)
cmd-submissions-overview = overview
    .name = overview
    .description = Count teams complete, incomplete, not checked and missing
cmd-submissions-allow-late = allow-late
    .name = allow-late
    .description = Let a team submit after the deadline
    .team-name = team
    .team-description = The team's name
    .hours-name = hours
    .hours-description = For how many hours from now
