web-skip = Skip to content
web-nav-event = The event
web-nav-projects = Projects
web-nav-verify = Verify a certificate
web-switch-language = Español
web-switch-language-label = Ver esta página en español
web-footer = Projects of { $event }. Only people who chose to be listed appear here.
web-home-dates = Dates
web-home-next-deadline = Next deadline
web-home-no-deadline = No deadline is ahead.
web-home-projects = { $count ->
    [one] One project submitted so far.
   *[other] { $count } projects submitted so far.
}
web-home-see-projects = See the projects
web-projects-title = Projects
web-projects-count = { $shown ->
    [one] One project
   *[other] { $shown } projects
} of { $total }
web-projects-none = No project matches.
web-filter-search = Search
web-filter-goal = UN goal
web-filter-state = Check
web-filter-language = Language
web-filter-any = Any
web-filter-apply = Filter
web-state-complete = Complete
web-state-late = Late (changed after the deadline)
web-state-incomplete = Incomplete
web-state-checking = Being checked
web-state-unchecked = Not checked yet
web-project-goal = UN goal
web-project-members = Members
web-project-members-none = No member chose to be listed.
web-project-dataset = Dataset
web-project-model = Model
web-project-demo = Demo
web-project-likes = Likes
web-project-languages = Languages
web-project-topic = Topic
web-project-report = Hub report
web-project-report-none = The Hub check has no report yet.
web-project-checked = Last checked
web-project-submitted = Submitted
web-project-cross = Across repos
web-project-back = All projects
web-not-found-title = Not found
web-not-found = There is no such page or project.
web-error-title = Something went wrong
web-error = The page could not be built right now. Try again in a moment.
web-too-many = Too many requests. Try again in a minute.
web-dash-title = Organizers' dashboard
web-dash-logout = Sign out
web-dash-submissions = Submissions
web-dash-csv = Download CSV
web-dash-team = Team
web-dash-since-check = Since last check
web-dash-gpu = GPU line and leases
web-dash-gpu-what = Machine or request
web-dash-gpu-when = When
web-dash-gpu-until = lent until
web-dash-gpu-queued = waiting for
web-dash-help = Unanswered help posts
web-dash-help-post = Post
web-dash-help-age = Waiting for
web-dash-teams = Teams
web-login-refused-title = Sign-in refused
web-login-off = Sign-in with Discord is not set up on this site (DISCORD_CLIENT_ID, DISCORD_CLIENT_SECRET and DISCORD_GUILD_ID).
web-login-cancelled = The sign-in was cancelled or Discord sent no code. Try again from the dashboard link.
web-login-stale = This sign-in link was already used or is too old. Start again from the dashboard link.
web-login-failed = Discord did not confirm who you are. Try again in a moment.
web-login-not-organizer = The dashboard is only for members of the event's server with the organizer role.
web-csrf = This form expired or did not come from this site. Reload the page and try again.
web-verify-title = Verify a certificate
web-verify-intro = Type the code printed on the certificate (capital or small letters, with or without dashes).
web-verify-code = Certificate code
web-verify-submit = Verify
web-verify-genuine = Genuine certificate
web-verify-genuine-intro = This code was issued by the event's organizers and the certificate says:
web-verify-name = Name
web-verify-team = Team
web-verify-project = Project
web-verify-event = Event
web-verify-date = Date
web-verify-what = Certifies
web-verify-place = { $place ->
    [1] First place
    [2] Second place
    [3] Third place
   *[other] Place { $place }
}
web-verify-participation = Participation
web-verify-not-genuine = Not a genuine certificate
web-verify-not-genuine-help = No genuine certificate has this code. Check that it was typed exactly as printed; if it was, the certificate was not issued by the organizers or was changed.
web-verify-off = Certificate verification is not set up on this site (SOMOSBOT_CERTIFICATE_SECRET).
web-results-title = Results
web-results-none = The jury's results are published; no project was placed.
web-recheck = Check again
web-recheck-label = Check { $team } again on the Hub
web-recheck-started = Checking { $team } on the Hub now; the result appears on the dashboard.
web-recheck-running = A check of { $team } is already running; its result appears on the dashboard.
web-recheck-too-soon = This team was checked recently (one check per team every few minutes, from Discord or here).
web-recheck-budget = The bot's Hub budget is spent for now.
web-recheck-next = It can be checked again from
web-recheck-no-team = There is no such team in this event.
web-recheck-no-submission = This team has no submission to check.
web-recheck-refused = This submission cannot be checked again now.
web-recheck-off = Checking again is not available on this site.
web-dash-ticket-stats = Help desk
web-dash-tickets-total = Posts
web-dash-tickets-answered = Answered
web-dash-tickets-unanswered = Unanswered
web-dash-tickets-resolved = Resolved
web-dash-tickets-median = Median time to the first answer
web-dash-jury = Jury progress
web-dash-jury-totals = { $finished } of { $assigned } assignments scored in full; { $below ->
    [one] one project has
   *[other] { $below } projects have
} fewer than { $target } judges done.
web-dash-jury-assigned = Judges assigned
web-dash-jury-finished = Judges done
web-dash-jury-judges = Judges
web-dash-jury-judge = Judge (Discord id)
web-dash-jury-done = Done
web-dash-jury-pending = Pending
web-results-mention = Honourable mention: the most liked
web-results-mention-likes = ({ $likes ->
    [one] one like
   *[other] { $likes } likes
} in the snapshot)
