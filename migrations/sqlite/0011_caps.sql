-- Caps against Discord's limits and spam (issue 15).

-- One row per capped scope ("teams:<event>", "invites:<team>:<kind>", ...).
-- A capped insert writes its scope's row first, so concurrent inserts into
-- one scope run one after the other and each counts what the others wrote.
CREATE TABLE cap_locks (
    scope  TEXT   PRIMARY KEY,
    uses   BIGINT NOT NULL DEFAULT 0
);

-- Who disbanded a team, and when: `/team create` waits a cooldown after.
CREATE TABLE team_disbands (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id      TEXT   NOT NULL,
    user_id       BIGINT NOT NULL,
    disbanded_at  BIGINT NOT NULL
);
CREATE INDEX team_disbands_user ON team_disbands (event_id, user_id, disbanded_at);

-- An invitation whose DM was refused gave its person a view of the team
-- channel; the expiry job takes it back.
ALTER TABLE team_invitations ADD COLUMN channel_access BIGINT NOT NULL DEFAULT 0;
CREATE INDEX team_invitations_due ON team_invitations (event_id, status, expires_at);

-- A rating per resolution: the resolution it rates and the mentor rated.
ALTER TABLE tickets ADD COLUMN rated_resolution_at BIGINT;
ALTER TABLE tickets ADD COLUMN rated_mentor_id BIGINT;
CREATE INDEX tickets_author_open ON tickets (event_id, author_id, status);

-- Posts made by hand over their author's cap: not tickets, answered once
-- (a restart that finds the post again does not answer it again).
CREATE TABLE help_post_refusals (
    event_id    TEXT   NOT NULL,
    thread_id   BIGINT NOT NULL,
    author_id   BIGINT NOT NULL,
    refused_at  BIGINT NOT NULL,
    PRIMARY KEY (event_id, thread_id)
);

-- A lease outlives its team: disbanding ends it (the same path as
-- `/gpu release`) and the history keeps it. SQLite cannot drop a foreign
-- key, so the table is rebuilt without the cascade.
CREATE TABLE gpu_leases_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id     TEXT   NOT NULL,
    request_id   BIGINT REFERENCES gpu_requests (id) ON DELETE SET NULL,
    team_id      BIGINT NOT NULL,
    resource     TEXT   NOT NULL,
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    released_at  BIGINT,
    granted_by   BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
INSERT INTO gpu_leases_new (id, event_id, request_id, team_id, resource, starts_at, ends_at, released_at, granted_by)
    SELECT id, event_id, request_id, team_id, resource, starts_at, ends_at, released_at, granted_by FROM gpu_leases;
DROP TABLE gpu_leases;
ALTER TABLE gpu_leases_new RENAME TO gpu_leases;
CREATE UNIQUE INDEX gpu_leases_active
    ON gpu_leases (event_id, resource) WHERE released_at IS NULL;
CREATE INDEX gpu_leases_usage ON gpu_leases (event_id, starts_at);
CREATE INDEX gpu_leases_team ON gpu_leases (team_id);
