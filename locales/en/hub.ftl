# The Hub checker: findings on a repo, its card and a team's submission
# (`/submit`, `/submission status`, the web pages, `somosbot check`).
# Ids are stored with each report: rename one only with a migration.

## Reports

hub-report-cross-checks = Links between dataset, model and demo
hub-status-complete = complete
hub-status-late = late: changed after the deadline, which the rules say can disqualify the project
hub-status-incomplete = incomplete
hub-status-could-not-check = could not check (the Hub did not answer); try again later
hub-kind-dataset = dataset
hub-kind-model = model
hub-kind-space = demo (Space)

## Links

hub-link-invalid = { $what }. Paste the repository link, e.g. https://huggingface.co/datasets/somosnlp/my-corpus
hub-link-invalid-hint = Copy the link from the repository's page on huggingface.co.
hub-link-not-a-link = not a link: "{ $text }"
hub-link-not-hub = `{ $host }` is not the Hugging Face Hub
hub-link-org-page = `{ $namespace }` is a user or organization page, not a repository
hub-link-site-page = this is a Hub listing or site page (`{ $path }`), not a repository
hub-link-collection = this is a collection, not a repository
hub-link-discussion = this is a discussion of { $repo }, not the repository itself
hub-link-commit = this is a commit page of { $repo }, not the repository itself
hub-link-bad-subdomain = `{ $address }` is not a valid Space address
hub-link-bad-id = invalid repository id ({ $reason })
hub-repo-id-missing-namespace = a repo id needs a namespace and a name, as in `somosnlp/my-dataset`
hub-repo-id-too-many-slashes = a repo id has at most one `/`
hub-repo-id-bad-namespace = `{ $value }` is not a valid user or organization name
hub-repo-id-bad-name = `{ $value }` is not a valid repo name: use letters, digits, `-`, `_`, `.` (1–96), not starting or ending with `-` or `.`, without `--`, `..` or a final `.git`
hub-space-unknown-subdomain = No public Space has the address { $address }.
hub-space-unknown-subdomain-hint = Paste the repository link: https://huggingface.co/spaces/{ $org }/…

## When the Hub cannot answer

hub-unavailable = Could not ask the Hub: { $reason }.
hub-unavailable-hint = This is not a problem with the project: check again in a few minutes.
hub-check-again-later = Check again later.
hub-error-not-found-or-private = not found or private (without a token the Hub answers the same for both)
hub-error-not-found = repository not found
hub-error-entry-not-found = file not found in the repository
hub-error-revision-not-found = revision not found
hub-error-gated = the repository is gated
hub-error-disabled = the repository is disabled
hub-error-too-large = README is larger than { $limit } bytes
hub-error-not-utf8 = README is not valid UTF-8
hub-error-bad-endpoint = invalid Hub endpoint `{ $endpoint }`

## The repository

hub-repo-not-found-or-private = { $repo } does not exist or is private (without a token the Hub answers the same for both).
hub-repo-not-found-or-private-hint = Check the link and make the repository public under { $org }.
hub-repo-not-found = { $repo } does not exist on the Hub.
hub-repo-not-found-hint = Check the link (case, dashes, kind of repository).
hub-repo-restricted = { $repo } is restricted or disabled.
hub-repo-restricted-hint = The repository must be public with no access restrictions.
hub-repo-exists = { $repo } exists on the Hub
hub-repo-renamed = The repository is now { $repo }.
hub-repo-renamed-hint = Use the new link in the submission.
hub-repo-in-organization = It is in the { $org } organization
hub-repo-not-in-organization = It is not in the { $org } organization.
hub-repo-not-in-organization-hint = Transfer it to { $org } (Settings → Rename or transfer this repository).
hub-repo-public = It is public
hub-repo-private = It is private.
hub-repo-private-hint = Make it public in Settings → Change repository visibility.
hub-repo-gated = Access is gated ({ $gate }).
hub-repo-gated-hint = Remove the access gate in Settings.
hub-repo-disabled = The Hub has disabled the repository.
hub-repo-disabled-hint = Contact the hackathon organizers.

## Commits and the deadline

hub-commits-unavailable = The commit list could not be read ({ $reason }); the last-modified date is used instead.
hub-commits-last = Last commit: { $time }
hub-commits-before-deadline = Last commit ({ $last }) before the deadline ({ $deadline })
hub-commits-accepted = { $changes ->
        [some] There are changes
        [more] More than { $count } commits
       *[exact] { $count ->
            [one] There is 1 commit
           *[other] There are { $count } commits
        }
    } after the deadline ({ $deadline }), accepted by the organizers (changes until { $until })
hub-commits-late = Late: { $changes ->
        [some] there are changes
        [more] more than { $count } commits
       *[exact] { $count ->
            [one] there is 1 commit
           *[other] there are { $count } commits
        }
    } after the deadline ({ $deadline }).
hub-commits-late-hint = The rules say commits after the deadline can disqualify the project: make no more changes and tell the organizers, who decide whether to accept them.

## The demo

hub-runtime-running = The demo is running ({ $hardware })
hub-runtime-stopped = The demo is not running (stage { $stage }).
hub-runtime-stopped-hint = Open the Space, read its logs and restart it (Settings → Restart).

## The card

hub-card-missing = The repository has no README.md (the card).
hub-card-missing-hint = Create README.md from the SomosNLP template and fill it in.
hub-card-unreadable = The card cannot be read: { $reason }.
hub-card-unreadable-format-hint = README.md must be UTF-8 text under 1 MiB.
hub-card-unreadable-public-hint = The repository and its README.md must be public.

## Card metadata (the YAML block at the top of README.md)

hub-metadata-yaml = The card's YAML metadata cannot be read: { $error }
hub-metadata-yaml-hint = Fix the block between the `---` lines at the top of README.md (indentation, quotes, colons).
hub-metadata-stray = There is a `---` metadata block on line { $line }, but the Hub only reads the one that opens README.md.
hub-metadata-stray-hint = Move that block to the top of README.md, before the title and any text.
hub-metadata-missing = The card has no YAML metadata.
hub-metadata-missing-hint = Add a block between `---` lines at the top of README.md with license, language, etc.
hub-metadata-present = Metadata `{ $key }`: { $values }
hub-metadata-field-missing = The `{ $key }` metadata field is missing.
hub-metadata-field-missing-hint = Add `{ $key }: …` to the YAML block of README.md.
hub-language-missing-hint = Add `language:` with one of: { $wanted }.
hub-language-accepted = Accepted language: { $values }
hub-language-refused = `language` ({ $values }) includes none of: { $wanted }.
hub-language-refused-hint = Use ISO codes: { $wanted }; regional varieties (es-MX, es-AR…) count too.
hub-license-vague = `license: { $values }` does not say which licence it is, and there is no `license_name`.
hub-license-vague-hint = Use a licence identifier (apache-2.0, cc-by-4.0…) or add `license_name:` and `license_link:`.

## What the card must mention, and template leftovers

hub-mention-found = { $title }: mentioned
hub-mention-missing = Missing from the card: { $title } (looked in headings, text, title, short_description and tags).
hub-mention-missing-hint = Say it in README.md with one of these words: { $words }.
hub-placeholders = { $total ->
        [one] 1 template leftover remains
       *[other] { $total } template leftovers remain
    }: { $more_information } "[More Information Needed]", { $comments ->
        [one] 1 comment
       *[other] { $comments } comments
    } <!-- -->, { $jinja } "{"{{ }}"}".
hub-placeholders-hint = Replace each placeholder with real information or delete the line; delete the instruction comments too.

## Required sections of the card

hub-section-in-metadata = { $title }: stated in the `{ $key }` metadata
hub-section-missing = The "{ $title }" section is missing: no heading matches (looked for: { $looked }) and no paragraph covers it.
hub-section-missing-hint = Add a heading such as "## { $title }"{ $metadata ->
        [none] {""}
       *[other] {" "}(or the `{ $metadata }` metadata)
    } and write at least { $min ->
        [one] 1 word
       *[other] { $min } words
    }.
hub-section-found = { $title }: { $place } ({ $found })
hub-section-no-mention = { $place } ({ $found }) mentions none of: { $words }.
hub-section-no-mention-hint = Say in "{ $title }" which biases it may have and how you evaluated or mitigated them; limitations alone are not enough.
hub-section-short = { $place } has { $words ->
        [one] 1 real word
       *[other] { $words } real words
    }{ $placeholders ->
        [0] {""}
        [one] {" "}and 1 unfilled template placeholder
       *[other] {" "}and { $placeholders } unfilled template placeholders
    } (at least { $min } needed).
hub-section-placeholders-hint = Replace the placeholders in "{ $title }" with your own text.
hub-section-blocks-hint = A table or a code block is not enough here: explain "{ $title }" in words (at least { $min ->
        [one] 1 word
       *[other] { $min } words
    }).
hub-section-more-words-hint = Say more in "{ $title }": at least { $missing ->
        [one] 1 word
       *[other] { $missing } words
    } more.
hub-section-no-number = { $place } ({ $found }) states no figure.
hub-section-no-number-hint = State the measured value in "{ $title }"{ $metadata ->
        [none] {""}
       *[other] {" "}(or the `{ $metadata }` metadata)
    }.
hub-place-heading = { $at ->
        [start] The "{ $heading }" section
       *[other] the "{ $heading }" section
    }
hub-place-intro = { $at ->
        [start] The text under the title
       *[other] the text under the title
    }
hub-place-paragraph = { $at ->
        [start] A paragraph under "{ $heading }"
       *[other] a paragraph under "{ $heading }"
    }
hub-place-paragraph-top = { $at ->
        [start] A paragraph at the top of the card
       *[other] a paragraph at the top of the card
    }
hub-found = { $words ->
        [one] 1 word
       *[other] { $words } words
    }{ $rows ->
        [0] {""}
       *[other] , a table of { $rows } rows
    }{ $blocks ->
        [0] {""}
        [one] , 1 code block
       *[other] , { $blocks } code blocks
    }

## The instruction corpus (datasets)

hub-corpus-source-features = dataset_info.features
hub-corpus-source-viewer = the Hub's dataset viewer
hub-corpus-columns-missing = Corpus columns missing from { $source }: { $missing } (it has: { $have }).
hub-corpus-columns-missing-hint = The corpus must have the columns { $columns }, as the rules ask.
hub-corpus-values = Column `{ $column }` has values the rules do not allow in { $source }: { $wrong } (allowed: { $allowed }).
hub-corpus-values-hint = Use only these values in `{ $column }`: { $allowed }.
hub-corpus-ok = Corpus structure: { $count ->
        [one] 1 required column
       *[other] { $count } required columns
    } in { $source }
hub-corpus-no-split = The corpus columns cannot be seen: the card has no `dataset_info.features` and the Hub's dataset viewer shows no split.
hub-corpus-no-split-hint = Upload the data in a format the viewer reads (Parquet, CSV, JSON) or declare `dataset_info.features` in the card.
hub-corpus-viewer-unavailable = Could not ask the dataset viewer for the corpus columns: { $reason }.
hub-corpus-viewer-unavailable-hint = Check again later, or declare `dataset_info.features` in the card.

## Files and weights

hub-scripts-missing = The repository has no scripts or notebooks ({ $wanted }) among its { $files ->
        [one] 1 file
       *[other] { $files } files
    }.
hub-scripts-missing-hint = Upload the scripts/notebooks you used to the repo and say in the card what each is, as the rules ask.
hub-scripts-found = Scripts and notebooks: { $count } ({ $files })
hub-size-unknown = The model's parameter count is unknown: the Hub gives no safetensors total (at most { $max } allowed).
hub-size-unknown-hint = Upload the weights as safetensors so the Hub can count the parameters.
hub-size-too-large = The model has { $size } parameters per safetensors; the limit is { $max }.
hub-size-too-large-hint = Fine-tune a model of at most { $max } parameters.
hub-size-ok = Size: { $size } parameters per safetensors (at most { $max })

## How the dataset, model and demo name each other

hub-cross-named = The { $from }'s `{ $field }:` names { $target }
hub-cross-not-named = The { $from }'s `{ $field }:` does not name { $target }.
hub-cross-not-named-hint = Add `{ $field }:\n- { $target }` to the YAML of its README.md.
