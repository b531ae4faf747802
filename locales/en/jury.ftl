# The jury: conflicts, assignment, packets, scores, progress, results.

cmd-jury = jury
    .name = jury
    .description = The jury: packets, scores, assignment and results
cmd-jury-conflict = conflict
    .name = conflict
    .description = Declare that you may not judge a team (judges)
    .team-name = team
    .team-description = The team
    .reason-name = reason
    .reason-description = Why (seen by the organizers)

jury-none = This event has no jury.
jury-not-judge = Only judges (role **{ $role }**) can do that.
jury-no-team = That team does not exist. Choose one from the list.
jury-not-submitted = That team has not submitted a project.
jury-bad-reason = Give a reason of 3 to { $max } characters.
jury-too-long = That text is longer than { $max } characters.
jury-not-assigned = That project is not assigned to you.
jury-no-group = That project is not scored on that criteria group.
jury-closed = Scoring closed on { $when }; scores can no longer change.
jury-score-not-number = “{ $value }” is not a number. Type a score such as 2 or 2.5.
jury-score-out-of-range = { $value } is outside 0–{ $max }.
jury-score-not-half = { $value } is not a whole or half point (e.g. 2 or 2.5).
jury-conflict-declared = Noted: you will not be assigned **{ $team }**. If it was already yours and unscored, the next `/jury assign` moves it.
jury-conflict-already = You had already declared a conflict with **{ $team }**.
cmd-jury-assign = assign
    .name = assign
    .description = Assign the submitted projects to the judges (organizers)
cmd-jury-next = next
    .name = next
    .description = Your next project to score (judges)
cmd-jury-packet = packet
    .name = packet
    .description = One of your projects: links, Hub report, score buttons (judges)
    .team-name = team
    .team-description = One of your assigned projects
cmd-jury-progress = progress
    .name = progress
    .description = How far the jury is (organizers)
    .page-name = page
    .page-description = Which page
cmd-jury-results = results
    .name = results
    .description = Preview the ranking; only you see it (organizers)
    .normalized-name = normalized
    .normalized-description = Even out strict and lenient judges (z-scores per judge)

jury-packet-title = **{ $team }** — { $topic }
    Team: { $members }
jury-packet-ods = UN goal { $number }: { $name }
jury-packet-corpus-only = Corpus-only project: scored only on the corpus groups.
jury-packet-report = **Hub check** (findings and commits after the deadline):
jury-packet-no-report = No Hub check is stored for this project.
jury-packet-yours = Your scores: { $scores }
jury-packet-closes = Scores can change until { $when }.
jury-next-none = You have no project left to score. Thank you!
jury-button-score = Score { $group }
jury-button-comment = Comment
jury-button-extra = Extra point (+{ $points })
jury-form-title = { $team }
jury-form-label = { $group } (0–{ $max }, halves allowed)
jury-comment-label = Comment to the team (shown with results)
jury-comment-placeholder = Shown to the team with the results, in the language you write it in.
jury-note-label = Private note for the organizers
jury-note-placeholder = Only organizers read this.
jury-score-saved = Saved: { $group } { $score }/{ $max } (before: { $previous }).
jury-comment-saved = Your comment and note are saved.
jury-extra-given = Your extra point goes to **{ $team }**. You give one project an extra point; pressing it on another project moves it there.
jury-extra-moved = Your extra point moved from **{ $from }** to **{ $team }**.
jury-extra-taken-back = You took your extra point back from **{ $team }**.
jury-assign-summary = **Assignment**: { $projects } projects, { $judges } judges (people holding the jury role who have used the bot). This run adds { $added } and removes { $removed } assignments.
jury-assign-load = Load per judge: { $load }
jury-assign-short = Below the minimum of judges: { $teams }
jury-assign-kept = Kept because they have scores: { $kept }
jury-assign-ask = Apply it?
jury-assign-confirm = Assign
jury-assign-nothing = Nothing to change: every project already has its judges.
jury-assign-changed = The assignment changed since the preview (a new submission, a conflict, a judge). Run `/jury assign` again.
jury-assign-applied = Assigned: { $added } added, { $removed } removed.
    { $summary }
jury-progress-title = **Jury progress**: { $finished }/{ $assigned } packets scored; { $below } projects below the minimum. Page { $page }/{ $pages }.
jury-progress-project = { $below ->
        [1] ⚠️
       *[0] ✅
    } **{ $team }**: { $finished }/{ $assigned } judges done{ $missing }
jury-progress-judge = { $judge }: { $done } done, { $pending } pending
jury-results-title = **Ranking preview** { $normalized ->
        [1] (normalized per judge)
       *[0] (mean of judges' totals + extra points)
    }
jury-results-line = { $place }.{ $tied ->
        [1] { " " }(tie)
       *[0] {""}
    } **{ $team }** — { $score }/{ $out_of } ({ $judges } judges)
jury-results-corpus-only = **Corpus-only projects** (their own scale):
jury-progress-missing = ; missing { $judges }
jury-reminder = You have { $count } { $count ->
        [one] project
       *[other] projects
    } left to score before { $when } ({ $relative }). Run `/jury next` in the server.
