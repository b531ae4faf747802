# Accepted submissions, certificates and the publication of results.

cmd-submissions-accept = accept
    .name = accept
    .description = Accept a team's submission: its members get certificates
    .team-name = team
    .team-description = The team (pick from the list)
cmd-submissions-unaccept = unaccept
    .name = unaccept
    .description = Take back the acceptance of a team's submission
    .team-name = team
    .team-description = The team (pick from the list)

submissions-accept-pick = Pick the team from the list that appears as you type.
submissions-accept-no-submission = That team has not submitted anything yet, so there is nothing to accept.
submissions-accept-done = **{ $team }**: submission accepted. Its members get certificates.
submissions-accept-already = **{ $team }**: the submission was already accepted; nothing changed.
submissions-unaccept-done = **{ $team }**: acceptance taken back. Its members no longer get certificates.
submissions-unaccept-already = **{ $team }**: the submission was not accepted; nothing changed.
submissions-overview-accepted = ✅ Accepted (certificates): { $count } — { $teams }

cmd-certificate = certificate
    .name = certificate
    .description = Your certificate by DM, with its verification code
    .name-name = name
    .name-description = The name to print on it (set once; changing it issues a new code)

certificate-not-open = Certificates open when the results are published. Come back then!
certificate-no-team = You are not in a team, so there is no certificate for you.
certificate-not-accepted = Your team's submission has not been accepted by the organizers, so there is no certificate yet.
certificate-need-name = We have no name to print. Set it with `/certificate name:` and your full name.
certificate-not-configured = Certificates are not set up on this bot yet; tell an organizer.
certificate-name-empty = That name is empty once invisible characters are removed. Type your name as it should be printed.
certificate-name-too-long = A name may have at most { $max } characters, so it is printed whole.
certificate-name-markup = A name cannot contain `{ $char }`. Type it as it should be printed, without mentions or formatting.
certificate-name-saved = Saved: your certificate will say **{ $name }**. Certificates open when the results are published.
certificate-too-soon = Certificates take a while to draw, so each person gets a few at a time. Try again { $retry }.
certificate-dm = Your certificate of { $event } for **{ $name }** is attached.
    Verification code: `{ $code }`
certificate-sent = Sent to your direct messages.
certificate-dm-closed = Your direct messages are closed, so here it is (only you can see this message).
certificate-dm-link = Check it at: { $link }

publish-title = 🏆 **The results of { $event }**
publish-no-podium = No project has a complete score, so there is no podium.
publish-place = { $place }. **{ $team }**
publish-mention = ❤️ Honourable mention, the most liked on the Hub ({ $likes } likes): { $teams }
publish-comments = 📝 **{ $team }**: the jury's comments on your project
    { $comments }
publish-no-jury = This event has no `[jury]` in its event file, so there are no results to publish.
publish-already = The results were published already.
publish-in-progress = Another organizer is publishing the results right now.
publish-preview = This is what will be posted in the announcements channel. Publishing also gives the honorary roles ({ $roles } people) and sends { $teams } teams the jury's comments. It cannot be undone.
publish-confirm-button = Publish the results
publish-done = Published. Honorary roles given: { $roles } (failed: { $failed }). Comments: { $channels } in project channels, { $dms } by DM, { $undelivered } could not be delivered.
publish-failed = The results could not be posted (see the log). Try again in { $minutes } minutes.
cmd-jury-publish = publish
    .name = publish
    .description = Publish the results: podium, honourable mention, honorary roles, comments (organizers)
