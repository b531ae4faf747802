-- somosbot schema. Every row is scoped to an event (one bot may serve several
-- servers or editions). Times are UTC milliseconds since the Unix epoch.
-- The invariants the hackathon relies on are enforced here, not in memory.

CREATE TABLE participants (
    event_id     TEXT   NOT NULL,
    user_id      BIGINT NOT NULL,
    hf_username  TEXT,
    locale       TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

CREATE TABLE teams (
    id                   BIGSERIAL PRIMARY KEY,
    event_id             TEXT   NOT NULL,
    name                 TEXT   NOT NULL,
    -- trimmed, case-folded name: unique per event
    name_key             TEXT   NOT NULL,
    topic                TEXT   NOT NULL,
    ods                  BIGINT CHECK (ods BETWEEN 1 AND 17),
    captain_id           BIGINT NOT NULL,
    max_members          BIGINT NOT NULL,
    member_count         BIGINT NOT NULL,
    is_open              BIGINT NOT NULL DEFAULT 0,
    role_id              BIGINT,
    channel_id           BIGINT,
    late_submission_until BIGINT,
    created_at           BIGINT NOT NULL,
    CONSTRAINT teams_size CHECK (member_count >= 0 AND member_count <= max_members),
    CONSTRAINT teams_name_key UNIQUE (event_id, name_key)
);

CREATE TABLE memberships (
    event_id   TEXT   NOT NULL,
    team_id    BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL,
    joined_at  BIGINT NOT NULL,
    -- one team per person per event
    CONSTRAINT memberships_one_team PRIMARY KEY (event_id, user_id)
);
CREATE INDEX memberships_team ON memberships (team_id);

CREATE TABLE team_invitations (
    id          BIGSERIAL PRIMARY KEY,
    event_id    TEXT   NOT NULL,
    team_id     BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL,
    kind        TEXT   NOT NULL CHECK (kind IN ('invite', 'request')),
    status      TEXT   NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'cancelled')),
    created_by  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    decided_at  BIGINT
);
CREATE UNIQUE INDEX team_invitations_pending
    ON team_invitations (team_id, user_id, kind) WHERE status = 'pending';

CREATE TABLE tickets (
    id                  BIGSERIAL PRIMARY KEY,
    event_id            TEXT   NOT NULL,
    -- the forum post (thread) of the ticket, once created
    thread_id           BIGINT,
    author_id           BIGINT NOT NULL,
    title               TEXT   NOT NULL,
    status              TEXT   NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'claimed', 'resolved')),
    claimed_by          BIGINT,
    -- set from a modal submission so a double submit makes one ticket
    request_key         TEXT,
    created_at          BIGINT NOT NULL,
    first_response_at   BIGINT,
    first_responder_id  BIGINT,
    last_activity_at    BIGINT NOT NULL,
    resolved_at         BIGINT,
    rating              BIGINT CHECK (rating BETWEEN 1 AND 5),
    pings_sent          BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT tickets_thread UNIQUE (event_id, thread_id),
    CONSTRAINT tickets_request UNIQUE (event_id, request_key)
);
CREATE INDEX tickets_status ON tickets (event_id, status, created_at);

CREATE TABLE gpu_resources (
    event_id       TEXT   NOT NULL,
    name           TEXT   NOT NULL,
    kind           TEXT   NOT NULL,
    description    TEXT,
    default_hours  BIGINT NOT NULL,
    max_hours      BIGINT NOT NULL,
    status         TEXT   NOT NULL DEFAULT 'available'
                   CHECK (status IN ('available', 'out_of_service', 'retired')),
    PRIMARY KEY (event_id, name)
);

CREATE TABLE gpu_requests (
    id            BIGSERIAL PRIMARY KEY,
    event_id      TEXT   NOT NULL,
    team_id       BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    kind          TEXT   NOT NULL,
    hours         BIGINT NOT NULL,
    dataset_repo  TEXT   NOT NULL,
    status        TEXT   NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'granted', 'cancelled', 'done')),
    -- queue order; starts as the request time, organizers may move it
    queue_key     BIGINT NOT NULL,
    created_by    BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    decided_at    BIGINT
);
-- one open request (queued or being served) per team and kind
CREATE UNIQUE INDEX gpu_requests_open
    ON gpu_requests (team_id, kind) WHERE status IN ('queued', 'granted');
CREATE INDEX gpu_requests_queue ON gpu_requests (event_id, kind, status, queue_key);

CREATE TABLE gpu_leases (
    id           BIGSERIAL PRIMARY KEY,
    event_id     TEXT   NOT NULL,
    request_id   BIGINT REFERENCES gpu_requests (id) ON DELETE SET NULL,
    team_id      BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    resource     TEXT   NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    released_at  BIGINT,
    granted_by   BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
-- a machine serves one team at a time
CREATE UNIQUE INDEX gpu_leases_active
    ON gpu_leases (event_id, resource) WHERE released_at IS NULL;

CREATE TABLE deadlines (
    event_id   TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    title_es   TEXT   NOT NULL,
    title_en   TEXT   NOT NULL,
    at         BIGINT NOT NULL,
    -- reminder offsets before `at`, in seconds, as a JSON array
    reminders  TEXT   NOT NULL DEFAULT '[]',
    PRIMARY KEY (event_id, id)
);

CREATE TABLE jobs (
    id            BIGSERIAL PRIMARY KEY,
    event_id      TEXT   NOT NULL,
    -- unique per event: seeding twice creates nothing twice
    job_key       TEXT   NOT NULL,
    kind          TEXT   NOT NULL,
    due_at        BIGINT NOT NULL,
    payload       TEXT   NOT NULL DEFAULT '{}',
    status        TEXT   NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'running', 'done', 'missed', 'failed', 'cancelled')),
    attempts      BIGINT NOT NULL DEFAULT 0,
    locked_until  BIGINT,
    last_error    TEXT,
    created_at    BIGINT NOT NULL,
    finished_at   BIGINT,
    CONSTRAINT jobs_key UNIQUE (event_id, job_key)
);
CREATE INDEX jobs_due ON jobs (status, due_at);

CREATE TABLE submissions (
    id            BIGSERIAL PRIMARY KEY,
    event_id      TEXT   NOT NULL,
    team_id       BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    submitted_by  BIGINT NOT NULL,
    dataset       TEXT   NOT NULL,
    model         TEXT,
    demo          TEXT,
    video         TEXT,
    status        TEXT   NOT NULL DEFAULT 'checking'
                  CHECK (status IN ('checking', 'complete', 'incomplete', 'unchecked')),
    report        TEXT,
    created_at    BIGINT NOT NULL,
    checked_at    BIGINT
);
CREATE INDEX submissions_team ON submissions (team_id, id);

CREATE TABLE audit_log (
    id        BIGSERIAL PRIMARY KEY,
    event_id  TEXT   NOT NULL,
    actor_id  BIGINT NOT NULL,
    action    TEXT   NOT NULL,
    target    TEXT,
    details   TEXT   NOT NULL DEFAULT '{}',
    at        BIGINT NOT NULL
);
CREATE INDEX audit_log_event ON audit_log (event_id, at);
