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
