## /submit, /submission status, /submissions (organizers)

submit-error-not-in-team = You are not in a team yet. Create or join one first; only a team's captain can submit.
submit-error-not-captain = Only your team's captain can submit. Ask them to run /submit, or ask them to hand the captaincy over to you.
submit-error-team-not-found = There is no team with that name.
submit-error-deadline = Submissions closed on { $deadline } ({ $relative }). If something kept your team from submitting in time, talk to an organizer.
submit-error-missing = The { $field } link is required.
submit-error-bad-link = The { $field } link cannot be used: { $reason }
submit-error-wrong-kind = The { $field } link points to a { $found }. Copy the link from the { $field }'s own page on huggingface.co.
submit-error-bad-video = The video link is not a web address. Paste the full link (https://…).
submit-error-no-submission = Your team has not submitted yet. The captain can use /submit.
submit-error-too-soon = Your team's submission was checked a moment ago. You can check again { $retry }.
hub-budget-spent = The bot's budget of Hugging Face Hub requests, shared by every team, is spent for now. Try again at { $when } ({ $retry }).
submit-joined = A check of your team's submission is already running; here is its result when it ends.
submit-joined-lost = The check of your team that was running ended without a report. Try again in a moment.
submit-error-bad-hours = The number of hours must be between 1 and 720.
submit-error-no-late-exception = That team has no late exception to withdraw.

submit-checking = **Checking your submission on the Hugging Face Hub…**
submit-row-checking = checking…
submit-row-complete = complete
submit-row-incomplete = something is missing
submit-row-late = changed after the deadline
submit-row-unchecked = not checked yet

submission-status-complete = ✅ **Complete**: this is what the judges will see.
submission-status-late = ⏰ **Late**: a repo changed after the deadline, and the rules say that can disqualify the project. Make no more changes and tell the organizers; only they can accept it.
submission-status-incomplete = ❌ **Incomplete**: fix what is marked below, then press “Check again”.
submission-status-unchecked = ⚠️ **Unchecked — not checked yet**: the Hub did not answer. Your links are saved; press “Check again” in a few minutes.
submission-status-checking = ⏳ **Being checked.**
submission-recheck-button = Check again
submission-status-title = **Submission of { $team }**, handed in { $when } ({ $relative })
submission-video = Video: <{ $video }>
submission-attempt-failed = -# Last checked at { $when } ({ $relative }); the latest attempt ({ $attempt }) failed because the Hub did not answer, so this verdict still stands.

submissions-overview-title = **Submissions**
submissions-overview-complete = ✅ Complete ({ $count }): { $teams }
submissions-overview-late = ⏰ Late, changed after the deadline ({ $count }): { $teams }
submissions-overview-incomplete = ❌ Incomplete ({ $count }): { $teams }
submissions-overview-unchecked = ⚠️ Not checked yet ({ $count }): { $teams }
submissions-overview-missing = ⭕ Missing ({ $count }): { $teams }
submissions-overview-stale = ⚠️ Latest attempt failed, last verdict kept ({ $count }): { $teams }
submissions-overview-stale-team = { $team } (last checked at { $when })
submissions-allow-late-done = **{ $team }** may submit until { $until } ({ $relative }).
submissions-recheck-progress = Re-checking every submission on the Hub: { $done } of { $total }…
submissions-recheck-done = Re-checked { $done } of { $total } submissions.
submissions-recheck-stopped = ⏸️ Paused: the Hub stopped answering after { $done } of { $total } submissions; the rest keep their last verdict. Try again in a few minutes.
submissions-recheck-stopped-rate-limit = ⏸️ Paused: the Hub's rate limit was reached after { $done } of { $total } submissions and did not reset in time (next reset in about { $seconds } s); the rest keep their last verdict. Try again after that.
submissions-recheck-paused = ⏸️ Waiting { $seconds } s for the Hub's rate-limit window to reset…
submissions-recheck-skipped = Gone past { $count } { $count ->
        [one] team whose own repos
       *[other] teams whose own repos
    } could not be checked (last verdict kept): { $teams }
submissions-accept-late-done = **{ $team }**: changes after the deadline, up to { $until } ({ $relative }), are accepted. Later changes are late again.
submissions-accept-late-withdrawn = **{ $team }**: the late exception is withdrawn.
submissions-accept-late-pick = Pick the team from the list that appears as you type.
submission-report-compact = (Checks that passed are left out to fit in one message.)

help-cmd-submit = `/submit` — the captain hands in the dataset, model and demo links and sees the judges' checklist fill in.
help-cmd-submission-status = `/submission status` — your team's latest submission and its report, with a button to check again.
help-cmd-submissions = `/submissions overview|allow-late|accept-late|recheck-all` — who is complete, letting one team submit late, accepting one team's changes after the deadline, check everyone again.

## Why the Hub could not be asked (organizers' summaries)

hub-unavailable-timeout = the Hub did not answer in time
hub-unavailable-network = the Hub could not be reached
hub-unavailable-rate-limited = the Hub's rate limit (next reset in { $seconds } s)
hub-unavailable-server = the Hub answered HTTP { $status }
hub-unavailable-invalid = the Hub sent an answer that could not be read
hub-unavailable-redirects = too many redirects
hub-unavailable-off-host = the Hub redirected to another host ({ $host }), which is not followed
hub-unavailable-bad-token = the Hub rejected the bot's token (HF_TOKEN)
hub-unavailable-unexpected = unexpected answer HTTP { $status }
recheck-skip-stored-links = its stored links no longer parse
recheck-skip-unknown = it could not be checked

## /leaderboard

leaderboard-title-spaces = **Most liked Spaces of { $org }** on the Hub
leaderboard-title-models = **Most liked models of { $org }** on the Hub
leaderboard-since = Change since the snapshot of { $when }:
leaderboard-new = new
leaderboard-empty = The organization has none yet.
leaderboard-hub-unavailable = The Hugging Face Hub is not answering right now; try again in a few minutes.
leaderboard-snapshot-done = Snapshot stored: { $count } repos. `/leaderboard likes` now shows the change since now.
help-cmd-leaderboard = `/leaderboard likes [kind]` — the event's Spaces (or models) ranked by likes on the Hub.
help-cmd-leaderboard-snapshot = `/leaderboard snapshot [kind]` — store today's ranking so the board shows the change since then.
