-- The likes each submitted project had on the Hub at the jury's
-- `likes_snapshot_at` deadline, for the honourable mention. Taken once per
-- event: the marker row is inserted first, in the same transaction as the
-- projects' rows, so a retried or duplicated job stores nothing twice.

CREATE TABLE project_likes_snapshots (
    event_id  TEXT   PRIMARY KEY,
    taken_at  BIGINT NOT NULL
);

CREATE TABLE project_likes (
    event_id  TEXT   NOT NULL REFERENCES project_likes_snapshots (event_id),
    team_id   BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    -- the sum over the project's dataset, model and demo
    likes     BIGINT NOT NULL CHECK (likes >= 0),
    -- JSON: [{"id": "org/name", "likes": 3}, …], the repos counted
    repos     TEXT   NOT NULL,
    PRIMARY KEY (event_id, team_id)
);
