# Teams, "looking for a team" posts and Hugging Face usernames.

## Refusals (domain errors)

team-error-name-short = A team name needs at least { $min } characters, with at least one letter or digit.
team-error-name-long = A team name can have at most { $max } characters; choose a shorter one.
team-error-name-char = The character “{ $char }” is not allowed in a team name. Use letters, digits, spaces and - . ' & + ! ? only (no @, #, <, *, _ or other formatting).
team-error-name-invisible = The name contains an invisible character (such as a zero-width space). Type it again without copying it from elsewhere.
team-error-topic-short = Describe the topic in at least 3 characters.
team-error-topic-long = The topic can have at most 200 characters.
team-error-ods = The UN goal (ODS) must be a number from 1 to 17.
team-error-name-taken = Another team already uses that name (capitals do not count). Pick another one.
team-error-name-reserved = That name could be taken for “{ $name }”, a role or channel of the server (capitals, accents and look-alike letters do not count). Pick another one.
team-error-full = That team is full ({ $max } members at most).
team-error-not-found = There is no such team. Check the name, or use the suggestions as you type.
team-error-already-in-team = You are already in a team ({ $team }). One team per person: leave it first with `/team leave`.
team-error-not-in-team = You are not in a team. Create one with `/team create` or ask to join one with `/team request`.
team-error-not-captain = Only the team's captain can do this.
team-error-captain-must-transfer = The captain must hand over to another member first (`/team transfer`).
team-error-target-not-member = That person is not a member of the team.
team-error-not-yourself = You cannot do this to yourself.
team-error-registration-closed = Team registration closed { $when }. Changes now go through the organizers.
team-error-last-member-confirm = You are the last member: leaving disbands the team. Confirm with the button.
team-error-target-in-team = That person is already in a team ({ $team }).
team-error-already-pending = There is already a pending invitation or request between that person and the team.
team-error-invitation-expired = This invitation has expired. Ask for a new one.
team-error-invitation-not-pending = This was already answered; nothing changed.
team-error-invitation-not-found = This invitation no longer exists (the team may have been disbanded).
team-error-invitation-not-yours = This button is for someone else.
team-error-full-cannot-open = The team is full, so it cannot be listed as open.
team-error-too-many-teams = The event already has its { $cap } teams, the most the server can hold with room to spare for Discord's role and channel limits. Join an existing team (`/team list`) or ask the organizers.
team-error-too-many-invites = Your team already has { $cap } invitations waiting for an answer, the most allowed. The oldest expires { $when }; you can invite again then (or when someone answers).
team-error-too-many-requests = This team already has { $cap } join requests waiting for its captain, the most allowed. The oldest expires { $when }; try again then, or ask another team.
team-error-reinvite-cooldown = That person declined an invitation from your team. You can invite them again { $when } ({ $hours } hours after they declined).
team-error-create-cooldown = You disbanded a team a short while ago. You can create a new one { $when } ({ $hours } hours after disbanding).

lft-error-field-empty = Every field of the post needs some text.
lft-error-field-long = Each field of the post can have at most 200 characters.
lft-error-already-posted = You already have an open post. It closes by itself when you join a team.
lft-error-too-many = You have made { $cap } posts in the last 24 hours, the most allowed. You can post again { $when }.
lft-error-in-team = You are already in a team, so you do not need a post.
hf-error-invalid = That is not a valid Hugging Face username: letters, digits, - _ and . only, as on your profile address huggingface.co/<username>.

## Creating a team

team-created = Your team **{ $name }** is ready and you are its captain. Project channel: <#{ $channel }>. Invite people with `/team invite`.
team-create-discord-failed = Discord refused to create the team's role or channel, so the team was not kept. Try again in a moment; if it happens again, tell an organizer.
team-role-failed = You are in the team, but Discord refused to give you the role “{ $role }”. An organizer can add it by hand.
team-welcome =
    { "**" }Welcome to { $name }!** This channel is private to the team.
    Captain: <@{ $captain }> · Topic: { $topic }{ $ods }

    { "**" }How to organise** (edit and pin your own version):
    • **Objective:** what dataset, model and demo you will hand in.
    • **Task split:** who builds the corpus, who writes the cards, who trains, who builds the demo.
    • **Next meeting:** day and time (use Discord timestamps so everyone sees their own time).
    • **Shared document:** a link to your notes.

    { "**" }The path:** build a corpus in the Hub organisation → write its dataset card → train a model (ask for a GPU once your code works on a small machine) → write the model card → build a demo Space → submit before the deadline.
    Link your Hugging Face account with `/hf link`.
team-welcome-ods = {" "}· UN goal { $ods }: { $goal }
team-announce = New team: **{ $name }** — { $topic }. Captain: <@{ $captain }>. Free places: { $free }. Ask to join with `/team request`.

## Invitations and requests

team-invite-sent = Invitation sent to <@{ $user }> by private message. It can be answered until { $expires }.
team-invite-sent-channel = <@{ $user }> does not accept private messages from the bot, so the invitation was posted in your team channel, where they can see it now.
team-invite-text = **{ $team }** invites you to join their team for { $event }. Topic: { $topic }. Answer before { $expires }.
team-invite-channel = <@{ $user }>: { $text }
team-accept-button = Accept
team-decline-button = Decline
team-invite-accepted = Welcome to **{ $team }**!{ $channel ->
    [none] {""}
   *[other] { " " }Your project channel: <#{ $channel }>.
}
team-invite-declined = You declined the invitation from **{ $team }**.
team-member-joined = <@{ $user }> joined the team. Welcome!
team-request-sent = Your request to join **{ $team }** was sent to its captain. It can be answered until { $expires }.
team-request-post = <@{ $captain }>: <@{ $user }> asks to join **{ $team }**. Answer before { $expires }.
team-approve-button = Approve
team-deny-button = Deny
team-request-approved = <@{ $user }> is now in **{ $team }**.
team-request-denied = You turned down the request from <@{ $user }>.
team-request-result-approved = Your request to join **{ $team }** was accepted.{ $channel ->
    [none] {""}
   *[other] { " " }Your project channel: <#{ $channel }>.
}
team-request-result-denied = Your request to join **{ $team }** was declined. Other teams are listed with `/team list`.

## Leaving and changing a team

team-left = You left **{ $team }**.
team-left-handover = You left **{ $team }**; <@{ $captain }> is its captain now.
team-left-notice = <@{ $user }> left the team.
team-handover-notice = <@{ $user }> left the team; <@{ $captain }> is the captain now.
team-leave-confirm = You are the last member of **{ $team }**: leaving disbands it, and its channel and role are deleted. Are you sure?
team-disband-confirm = Disband **{ $team }**? Every member leaves and the channel and role are deleted. This cannot be undone.
team-disband-button = Disband the team
team-cancel-button = Cancel
team-disbanded = **{ $team }** was disbanded.
team-disband-cancelled = Nothing changed.
team-kicked = <@{ $user }> is no longer in **{ $team }**.
team-kicked-dm = You were removed from the team **{ $team }** by its captain.
team-transferred = <@{ $user }> is the captain of **{ $team }** now.
team-renamed = Your team is now called **{ $name }**.
team-open-on = **{ $team }** is listed as open: people looking for a team see it in `/team list`.
team-open-off = **{ $team }** is no longer listed as open.

## Listing teams

team-list-title = **Teams** ({ $total }) — page { $page } of { $pages }
team-list-line = **{ $name }** — { $topic } — { $count }/{ $max }{ $open }
team-list-open = {" "}· open to requests
team-list-empty = No team matches.
team-list-prev = Previous
team-list-next = Next
team-info-places = Free places: { $free }{ $open }
team-info-hf = Hugging Face: { $users }
team-info-hf-missing = not linked
team-info-ods-named = UN goal { $ods }: { $goal }

## UN Sustainable Development Goals

ods-1 = No poverty
ods-2 = Zero hunger
ods-3 = Good health and well-being
ods-4 = Quality education
ods-5 = Gender equality
ods-6 = Clean water and sanitation
ods-7 = Affordable and clean energy
ods-8 = Decent work and economic growth
ods-9 = Industry, innovation and infrastructure
ods-10 = Reduced inequalities
ods-11 = Sustainable cities and communities
ods-12 = Responsible consumption and production
ods-13 = Climate action
ods-14 = Life below water
ods-15 = Life on land
ods-16 = Peace, justice and strong institutions
ods-17 = Partnerships for the goals

## Looking for a team

lft-thread-refused = Discord did not let me open your thread in #{ $channel } (I lack a permission there), so nothing was posted. Please tell an organizer: `/setup check` shows what to fix.
lft-posted = Your post is up: <#{ $thread }>. It closes by itself when you join a team.
lft-thread-title = Looking for a team: { $topic }
lft-thread-body =
    <@{ $user }> is looking for a team.
    { "**" }Topic:** { $topic }
    { "**" }Skills:** { $skills }
    { "**" }Languages:** { $languages }
    { "**" }Time zone:** { $tz }
    Captains: invite them with `/team invite`.
lft-closed-notice = This post is closed: <@{ $user }> joined a team.
lft-list-title = **People looking for a team** ({ $total }) — page { $page } of { $pages }
lft-list-line = <@{ $user }> — { $topic } — skills: { $skills } — { $languages } — { $tz }
lft-list-empty = Nobody matches right now.

## Hugging Face usernames

hf-linked = Your Hugging Face username is now **{ $username }**.
hf-missing-title = **Team members without a Hugging Face username** ({ $count })
hf-missing-line = <@{ $user }> — { $team }
hf-missing-none = Every team member has linked a Hugging Face username.

## Organizers

admin-added = <@{ $user }> was added to **{ $team }**.
admin-removed = <@{ $user }> was removed from **{ $team }**.
admin-renamed = The team is now called **{ $team }**.
admin-disbanded = **{ $team }** was disbanded.
admin-captain = <@{ $user }> is the captain of **{ $team }** now.
admin-reopened = **{ $team }** can form and change until { $until }.

## /help

help-cmd-team = `/team create`, `/team request`, `/team leave`, `/team list` — form a team (1 to 5 people), ask to join one, leave it, browse teams.
help-cmd-team-captain = Captains: `/team invite`, `/team kick`, `/team transfer`, `/team rename`, `/team open`, `/team disband`.
help-cmd-lft = `/lft post`, `/lft list` — say you are looking for a team, or find people who are.
help-cmd-hf = `/hf link` — link your Hugging Face username.
help-cmd-teams-admin = `/teams admin …` — add or remove members, rename, disband, set the captain, reopen registration for one team, list members without a Hugging Face username.
team-pin-refused-report = ⚠️ Teams: Discord refused to pin a team channel's welcome ({ $error }). Give the bot's role “Pin Messages” (`/setup check` lists what it lacks); the teams are created anyway.
