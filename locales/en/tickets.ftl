# Help tickets in the forum (/ask, posts made by hand, mentors, FAQ).

## Title
ticket-title-short = The title is too short: use at least { $min } characters and say what fails and where.
ticket-title-long = The title is too long: { $max } characters at most.
ticket-title-vague = The title only asks for help ("help", "error", "question"…) without saying with what. Try something like "CUDA out of memory training Llama 7B on Colab".

## /ask
ask-modal-title = Ask for help
ask-field-title = Title: what fails and where
ask-field-tried = What you tried
ask-field-links = Links (repo, notebook, error)
ask-title-placeholder = E.g. Error 401 uploading the dataset to the Hub
ask-tried-placeholder = What you expected, what happened, and what you already tried
ask-links-placeholder = https://huggingface.co/…
ask-refused = { $reason }
    Here is what you wrote; press "Edit" to fix it without losing anything.
ask-edit = Edit
ask-created = Done! Your question is in { $thread }. A mentor will answer you there.
ask-already = Your question was already created: { $thread }
ask-in-progress = Your question is being created; it will show up in the forum in a few seconds.
ask-no-forum = The help forum is not ready yet (#{ $forum } or its "{ $tag }" tag is missing). I told the organizers; please try again in a while.
ask-post-body = {"**"}What I tried**
    { $tried }

    {"**"}Links**
    { $links }

    Asked by { $author }
ask-post-no-links = (none)

## Posts made by hand
ticket-welcome = Hi { $author }! Your question is in the help queue. If nobody answers within { $minutes } min, I'll ping the mentors.
ticket-tag-added = I added the "{ $tag }" tag every hackathon question needs.
ticket-tag-missing = The "{ $tag }" tag is missing: add it from the post's menu (… → Edit tags) so mentors find it.
ticket-title-advice = A tip: the title doesn't say what the problem is. Edit it (… → Edit post) to say what fails and where, e.g. "Error 401 uploading the dataset to the Hub". You'll get an answer sooner.
ticket-claim-button = I'll take it
ticket-release-button = Back to the queue

## Organizers
ticket-forum-missing = ⚠️ Help tickets: the bot has no #{ $forum } forum on record (none or several are called that). Run `/setup apply` to create it, or `/setup link channel key:help_forum` to choose one, so /ask works.
ticket-tag-missing-report = ⚠️ Help tickets: the #{ $forum } forum has no "{ $tag }" tag. Add it in the forum's settings (or check `[help]` in the event file).
ticket-edit-failed-report = ⚠️ Help tickets: I could not change the tags or archive state of { $thread } ({ $error }). Check that I have "Manage Threads" in the forum.
ticket-reconciled = Help tickets after a restart: { $deleted } posts deleted, { $archived } archived by hand, { $found } new ones unattended and { $retagged } with tags fixed.

## FAQ
faq-suggestion = This might help (from the FAQ):
    {"**"}{ $question }**
    { $answer }
faq-solved-button = This solved it
faq-still-button = I still need help
faq-solved-done = ✅ Solved with the FAQ. Good luck with the project!
faq-still-done = All right, the question stays open and a mentor will see it.
ticket-only-author = Only the person who asked can use this button.

## Mentors
ticket-claimed = 🙋 { $mentor } is taking this question.
ticket-claim-taken = { $mentor } is already taking this question.
ticket-claim-closed = This question is already resolved.
ticket-released = { $mentor } handed this question back to the queue; another mentor can take it.
ticket-release-not-yours = Only { $mentor } (or an organizer) can hand it back.
ticket-release-not-claimed = Nobody is taking this question right now.
ticket-not-here = Use this command inside a post of the help forum.
ticket-not-allowed = Only mentors, organizers or the person who asked can do this.
ticket-resolved = ✅ Resolved by { $by }. { $author }, how was the help of { $mentor }? Rate it from 1 to 5 (once):
ticket-resolved-plain = ✅ Resolved by { $by }. The post is archived; use /ticket reopen if the problem comes back.
ticket-already-resolved = This question was already resolved.
ticket-reopened = 🔓 { $by } reopened the question; it is back in the queue.
ticket-not-resolved = This question is not resolved.
ticket-rate-thanks = Thanks! You rated the help of { $mentor } { $rating }/5.
ticket-rate-not-resolved = Only resolved questions can be rated.
ticket-rate-already = You already rated the help for this resolution; a rating is given once.
ticket-rate-nobody = Nobody but you answered or claimed this question, so there is no help to rate.

## /tickets
tickets-queue-title = {"**"}Unanswered questions: { $total }** (page { $page }/{ $pages }, oldest first)
tickets-queue-empty = No unanswered questions. 🎉
tickets-queue-line = • { $thread } **{ $title }** — opened { $age }{ $claimed }
tickets-queue-claimed = , taken by { $mentor }
tickets-stats = {"**"}Help tickets**
    Total: { $total } (open { $open }, in progress { $claimed }, resolved { $resolved })
    Answered: { $answered } · unanswered: { $unanswered }
    Time to first answer: median { $median }, p90 { $p90 }
tickets-stats-mentors = {"**"}By mentor** (first answers · claims · resolved · rating of their help)
tickets-stats-mentor-line = • { $mentor }: { $answers } · { $claims } · { $resolved } · { $rating }
tickets-stats-ratings = {"**"}Ratings**: { $count }, mean { $mean } (1★ { $r1 } · 2★ { $r2 } · 3★ { $r3 } · 4★ { $r4 } · 5★ { $r5 })
tickets-stats-no-ratings = {"**"}Ratings**: none yet.
tickets-stats-none = —

## Reminders
sched-ticket-ping = { $mentions } this question has waited { $minutes } min without an answer and matches your skills: **{ $title }**
sched-ticket-ping-all = { $mentions } this question has waited { $minutes } min without an answer: **{ $title }**. Can someone help?

## /help lines
help-cmd-ask = `/ask [topic]` — ask the mentors: a form, then a post in the help forum (or post there by hand with the "{ $tag }" tag).
help-cmd-ticket = `/ticket claim|release|resolve|reopen` — inside a help post: take it, hand it back, close it (the author rates the help), reopen it.
help-cmd-tickets = `/tickets queue|stats` — unanswered questions oldest first; time to first answer, per mentor, ratings.
ticket-too-many-open = You already have { $cap } help questions open ({ $posts }), the most one person can have at a time. When one is solved, close it with `/ticket resolve` inside it; then you can ask again. This post stays, but it is not a ticket: mentors are not pinged about it.
ticket-closed-rate = ✅ This post was closed. { $author }, how was the help of { $mentor }? Rate it from 1 to 5 (once):
