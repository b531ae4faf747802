## Scheduler posts (in the event's default language unless sent to one person)

sched-reminder = ⏰ Reminder: **{ $title }** — { $when } ({ $relative }).
sched-nudge-person = Hi! In **{ $event }**, team registration closes { $when } ({ $relative }) and you are not in a team yet. Create one, or ask to join one, in #{ $channel }. Teams of one person count too.
sched-nudge-person-fallback = <@{ $user }> team registration closes { $when } ({ $relative }) and you are not in a team yet (I could not send you a direct message). Create or join one here.
sched-nudge-team = **{ $team }**: the submission deadline is { $when } ({ $relative }). Still missing:
    { $missing }
sched-missing-submission = a submission: nothing has been handed in yet
sched-missing-model = the model link
sched-missing-demo = the demo link
sched-missing-late = no changes after the deadline: a repo changed after it, which the rules say can disqualify the project (talk to the organizers)
sched-missing-check = a passing check on the Hub (fix what the last check reported and submit again)
sched-missed-report = ⚠️ The bot was offline: { $count } scheduled { $count ->
        [one] message was
       *[other] messages were
    } due more than { $grace } minutes ago and { $count ->
        [one] was
       *[other] were
    } not sent late: { $list }{ $more ->
        [0] {""}
       *[other] {" "}and { $more } more
    }.
sched-failed-report = ❌ A scheduled message could not be sent and was given up (`{ $key }`): { $error }
sched-commit-watch-none = 🔎 Commit watch: { $checked } { $checked ->
        [one] submission re-checked
       *[other] submissions re-checked
    } after the deadline; no repo has commits after the deadline.
sched-commit-watch-late = 🔎 Commit watch: { $checked } { $checked ->
        [one] submission re-checked
       *[other] submissions re-checked
    } after the deadline; { $count } { $count ->
        [one] repo has
       *[other] repos have
    } commits after the deadline:
    { $list }
sched-commit-watch-stopped = ⏸️ Paused: the Hub stopped answering after { $checked } of { $total } submissions; the rest keep their last verdict and were not re-checked.
sched-commit-watch-stopped-rate-limit = ⏸️ Paused: the Hub's rate limit did not reset in time after { $checked } of { $total } submissions; the rest keep their last verdict and were not re-checked.
sched-commit-watch-skipped = Gone past { $count } { $count ->
        [one] team whose own repos
       *[other] teams whose own repos
    } could not be checked (last verdict kept): { $teams }

## /deadlines and /deadline

deadlines-title = **Deadlines of { $event }** (in your own time zone)
deadlines-line = • **{ $title }** — { $when } ({ $relative })
deadlines-none = There are no deadlines yet.
deadline-bad-time = I cannot read “{ $input }” as a time. Write it with its zone, e.g. `2024-03-24 23:59 AoE`, `2024-03-26 17:00 +01:00` or `2024-03-25T11:59:00Z`.
deadline-bad-offsets = I cannot read “{ $input }” as reminder offsets. Write durations separated by commas, e.g. `7d, 1d, 6h`.
deadline-bad-id = A deadline id is lowercase letters, digits and “-” (e.g. `final-demo`), not starting or ending with “-”, up to 64 characters.
deadline-exists = There is already a deadline `{ $id }`. Use `/deadline edit` to change it.
deadline-not-found = There is no deadline `{ $id }`. Use the suggestions as you type.
deadline-in-use = The deadline `{ $id }` is used by the event's rules (team registration), so it cannot be removed; edit it instead.
deadline-nothing-to-change = Nothing to change: give a new time, title or reminders.
deadline-added = Added **{ $title }** — { $when } ({ $relative }), with { $reminders } { $reminders ->
        [one] reminder
       *[other] reminders
    } scheduled.
deadline-edited = Updated **{ $title }** — { $when } ({ $relative }). { $cancelled } pending { $cancelled ->
        [one] reminder was
       *[other] reminders were
    } cancelled and { $scheduled } scheduled.
deadline-removed = Removed the deadline `{ $id }` and cancelled { $cancelled } pending { $cancelled ->
        [one] reminder
       *[other] reminders
    }.
deadline-moved-post = 📅 **{ $title }** has changed: it is now { $when } ({ $relative }). It was { $old }.
deadline-added-post = 📅 New deadline: **{ $title }** — { $when } ({ $relative }).
deadline-removed-post = 📅 The deadline **{ $title }** has been removed.

## /announce

announce-modal-title = Announcement
announce-modal-text = Text of the announcement
announce-preview = Preview of your announcement, to be posted in <#{ $channel }> { $when }{ $role ->
        [none] {""}
       *[other] , pinging <@&{ $role }>
    }. The text is shown above; nothing has been posted yet.
announce-when-now = now
announce-when-at = at { $when } ({ $relative })
announce-confirm = Post it
announce-cancel = Cancel
announce-cancelled-draft = Nothing was posted.
announce-scheduled = Scheduled ✅ (`{ $id }`): it will be posted in <#{ $channel }> { $when }.
announce-in-past = That time has already passed. Leave `at` empty to post now.
announce-empty = The announcement is empty.
announce-list-title = **Scheduled announcements**
announce-list-line = • `{ $id }` — <#{ $channel }> { $when } ({ $relative }): { $preview }
announce-list-none = No announcements are scheduled.
announce-cancel-done = Cancelled `{ $id }`; it will not be posted.
announce-cancel-not-found = There is no scheduled announcement `{ $id }` (already posted or cancelled?).

## Slash command names and descriptions (same convention as commands.ftl)

cmd-deadlines = deadlines
    .name = deadlines
    .description = The event's deadlines, in your own time zone
cmd-deadline = deadline
    .name = deadline
    .description = Add, edit or remove a deadline (organizers)
cmd-deadline-add = add
    .name = add
    .description = Add a deadline and schedule its reminders
    .id-name = id
    .id-description = A short id: lowercase letters, digits and - (e.g. final-demo)
    .at-name = at
    .at-description = When, with its zone: 2024-03-24 23:59 AoE, 2024-03-26 17:00 +01:00
    .title_es-name = title_es
    .title_es-description = The title in Spanish
    .title_en-name = title_en
    .title_en-description = The title in English
    .reminders-name = reminders
    .reminders-description = How long before to remind everyone, e.g. 7d, 1d, 6h
cmd-deadline-edit = edit
    .name = edit
    .description = Change a deadline; its reminders move with it and the change is announced
    .id-name = id
    .id-description = The deadline to change
    .at-name = at
    .at-description = The new time, with its zone: 2024-03-24 23:59 AoE
    .title_es-name = title_es
    .title_es-description = The new title in Spanish
    .title_en-name = title_en
    .title_en-description = The new title in English
    .reminders-name = reminders
    .reminders-description = The new reminder offsets, e.g. 7d, 1d, 6h
cmd-deadline-remove = remove
    .name = remove
    .description = Remove a deadline and cancel its reminders
    .id-name = id
    .id-description = The deadline to remove
cmd-announce = announce
    .name = announce
    .description = Announcements, now or at a set time (organizers)
cmd-announce-send = send
    .name = send
    .description = Write an announcement, preview it, and post it now or later
    .channel-name = channel
    .channel-description = Where to post it
    .at-name = at
    .at-description = When, with its zone (empty: now), e.g. 2024-03-20 18:00 +01:00
    .role-name = role
    .role-description = A role to ping (nobody is pinged otherwise)
cmd-announce-list = list
    .name = list
    .description = The scheduled announcements
cmd-announce-cancel = cancel
    .name = cancel
    .description = Cancel a scheduled announcement
    .id-name = id
    .id-description = The announcement to cancel
