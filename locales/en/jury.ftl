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
