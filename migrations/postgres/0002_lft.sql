-- "Looking for a team" posts, and a per-team exception to the registration
-- window that organizers can grant.

ALTER TABLE teams ADD COLUMN registration_override_until BIGINT;

CREATE TABLE lft_posts (
    id          BIGSERIAL PRIMARY KEY,
    event_id    TEXT   NOT NULL,
    user_id     BIGINT NOT NULL,
    -- the thread opened in the find-a-team channel, once created
    thread_id   BIGINT,
    topic       TEXT   NOT NULL,
    skills      TEXT   NOT NULL,
    languages   TEXT   NOT NULL,
    time_zone   TEXT   NOT NULL,
    status      TEXT   NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at  BIGINT NOT NULL,
    closed_at   BIGINT
);
-- one open post per person and event
CREATE UNIQUE INDEX lft_posts_open ON lft_posts (event_id, user_id) WHERE status = 'open';
CREATE INDEX lft_posts_list ON lft_posts (event_id, status, created_at);
