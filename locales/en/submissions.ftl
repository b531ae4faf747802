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

submit-checking = **Checking your submission on the Hugging Face Hub…**
submit-row-checking = checking…
submit-row-complete = complete
submit-row-incomplete = something is missing
submit-row-unchecked = not checked yet

submission-status-complete = ✅ **Complete**: this is what the judges will see.
submission-status-incomplete = ❌ **Incomplete**: fix what is marked below, then press “Check again”.
submission-status-unchecked = ⚠️ **Unchecked — not checked yet**: the Hub did not answer. Your links are saved; press “Check again” in a few minutes.
submission-status-checking = ⏳ **Being checked.**
submission-recheck-button = Check again
submission-status-title = **Submission of { $team }**, handed in { $when } ({ $relative })
submission-video = Video: <{ $video }>

submissions-overview-title = **Submissions**
submissions-overview-complete = ✅ Complete ({ $count }): { $teams }
submissions-overview-incomplete = ❌ Incomplete ({ $count }): { $teams }
submissions-overview-unchecked = ⚠️ Not checked yet ({ $count }): { $teams }
submissions-overview-missing = ⭕ Missing ({ $count }): { $teams }
submissions-overview-late-commits = 🕒 Commits after the deadline ({ $count }): { $teams }
submissions-allow-late-done = **{ $team }** may submit until { $until } ({ $relative }).
submissions-recheck-progress = Re-checking every submission on the Hub: { $done } of { $total }…
submissions-recheck-done = Re-checked { $done } of { $total } submissions.
submissions-recheck-stopped = The Hub stopped answering after { $done } of { $total } submissions; the rest keep their last report. Try again in a few minutes.
submission-report-compact = (Checks that passed are left out to fit in one message.)

help-cmd-submit = `/submit` — the captain hands in the dataset, model and demo links and sees the judges' checklist fill in.
help-cmd-submission-status = `/submission status` — your team's latest submission and its report, with a button to check again.
help-cmd-submissions = `/submissions overview|allow-late|recheck-all` — who is complete, a late exception for one team, check everyone again.

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
