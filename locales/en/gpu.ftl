# The GPU queue: requests, the line, leases, the live board.

## Refusals

gpu-error-not-in-team = You are not in a team. Only a team's captain can ask for a GPU.
gpu-error-not-captain = Only your team's captain can do this.
gpu-error-not-tested = First run your training code on a small machine (Colab, a free Space, your laptop) and then confirm it with `tested: True`. Big machines are few; they go to code that already works.
gpu-error-no-machine-of-kind = There is no machine of that kind in the pool.
gpu-error-bad-hours = The number of hours must be between 1 and { $max }.
gpu-error-bad-link = The dataset link cannot be used: { $reason }
gpu-error-not-a-dataset = That link is not a dataset. Paste the address of your dataset's page (huggingface.co/datasets/…).
gpu-error-wrong-org = The dataset must be in the { $org } organization on the Hub. Move or copy it there first.
gpu-error-dataset-missing = The dataset `{ $repo }` does not exist on the Hub (or is private). Upload it first, then ask again.
gpu-error-dataset-private = The dataset `{ $repo }` is private or gated. Make it public, then ask again.
gpu-error-hub-unavailable = Could not check your dataset: the Hub did not answer. Nothing was queued; try again in a few minutes.
gpu-error-already-requested = Your team already has an open request for this kind of machine. See it with `/gpu status`.
gpu-error-nothing-queued = That team has no request waiting in line.
gpu-error-unknown-team = There is no team with that name. Use the suggestions as you type.
gpu-error-unknown-resource = There is no machine with that name. Use the suggestions as you type.
gpu-error-resource-not-available = The machine `{ $resource }` is not in service.
gpu-error-resource-busy = The machine `{ $resource }` is lent until { $until }.
gpu-error-wrong-kind = The machine `{ $resource }` is not of the kind that team asked for.
gpu-error-queue-empty = Nobody is waiting for a machine.
gpu-error-no-free-machine = No machine is free for the next request in line.
gpu-error-grant-race = Someone else granted that machine or that request a moment ago. Look at `/gpu queue` and try again.
gpu-error-no-lease = There is no machine on loan to match.
gpu-error-not-your-lease = That machine is lent to another team.
gpu-error-resource-exists = A machine with that name already exists.
gpu-error-resource-leased = The machine `{ $resource }` is lent until { $until }. Release it first with `/gpu release`.
gpu-error-bad-position = The position must be between 1 and { $max }.
gpu-error-kind-needed = There is more than one request or machine; say which kind.
gpu-error-reason = Say why the request moves; the reason is kept in the audit log.
gpu-error-resource-name = A machine's name needs at least one character and no spaces.

## Kinds, machines, the line

gpu-kind-vm-24gb = VM with a 24 GB GPU
gpu-kind-space-t4-small = T4 small (Spaces)
gpu-machine-free = free
gpu-machine-leased = **{ $team }** until { $until } ({ $relative })
gpu-machine-out-of-service = out of service
gpu-machine-retired = retired
gpu-start-now = could start now
gpu-start-at = expected start { $relative }
gpu-start-unknown = no machine of this kind in service

gpu-board-title = **GPU machines** · updated { $updated }
gpu-board-machines = **Machines**
gpu-board-no-machines = No machines in the pool.
gpu-board-queue = **Line · { $kind }** ({ $count })
gpu-board-queue-empty = Nobody waiting.
gpu-board-more = … and { $count } more: `/gpu queue` lists everyone.
gpu-queue-page = Page { $page } of { $pages }: `/gpu queue page:{ $page }` and on.

## Answers

gpu-requested = Request of **{ $team }** queued for a { $kind } (dataset `{ $repo }`). Place in line: **{ $position }**, { $wait }. The team will be told in its channel when a machine is granted.
gpu-cancelled = Your team's request for a { $kind } was withdrawn.
gpu-status-title = **GPU for { $team }**
gpu-status-nothing = No request and no machine. Ask with `/gpu request` once your dataset is on the Hub.
gpu-release-confirm = Release `{ $resource }` now? It is lent to **{ $team }** until { $until } ({ $relative }); releasing ends the lease at once and the next team in line is told.
gpu-release-button = Release now
gpu-keep-button = Keep it
gpu-release-kept = Nothing changed: the machine stays lent.
gpu-released = `{ $resource }` was released. Thank you! The next team in line will be told.
gpu-usage-empty = No machine has been lent yet.
gpu-usage = GPU use over the event — leases: { $leases } · hours: { $hours }.
gpu-usage-title = GPU use
gpu-granted = `{ $resource }` lent to **{ $team }** until { $until } ({ $relative }). The team is told in its channel.
gpu-extended = The lease of `{ $resource }` now ends { $until } ({ $relative }).
gpu-moved = **{ $team }** moved in the { $kind } line from place { $from } to { $to }.
gpu-pool-added = Machine `{ $resource }` added to the pool.
gpu-pool-restored = Machine `{ $resource }` is back in service.
gpu-pool-out-of-service = Machine `{ $resource }` is out of service.
gpu-pool-retired = Machine `{ $resource }` is retired.

## Messages to teams and organizers

gpu-notice-granted = 🎉 **{ $team }**, the machine `{ $resource }` ({ $description }) is yours until { $until } ({ $relative }). Organizers will send you the access details. Release it with `/gpu release` when you finish early.
gpu-notice-extended = ⏳ **{ $team }**, the lease of `{ $resource }` was extended: it now ends { $until } ({ $relative }).
gpu-warning = ⚠️ **{ $team }**, your lease of `{ $resource }` ends in { $minutes } minutes ({ $until }). Save your checkpoints and push them to the Hub.
gpu-expired = ⌛ **{ $team }**, your lease of `{ $resource }` has ended. Thank you!
gpu-freed-next = 🔔 **{ $team }**, a machine (`{ $resource }`) is free and your team is next in line. An organizer will grant it soon.
gpu-freed-log = `{ $resource }` is free. Next in line: **{ $team }** (`/gpu grant`).
gpu-freed-log-nobody = `{ $resource }` is free and nobody is waiting.
