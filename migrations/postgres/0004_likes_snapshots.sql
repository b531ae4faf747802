-- Snapshots of the likes leaderboard, so /leaderboard likes can show the
-- change since the last one organizers took.

CREATE TABLE likes_snapshots (
    id        BIGSERIAL PRIMARY KEY,
    event_id  TEXT   NOT NULL,
    -- 'space' or 'model'
    kind      TEXT   NOT NULL,
    taken_by  BIGINT NOT NULL,
    taken_at  BIGINT NOT NULL,
    -- JSON: [{"id": "org/name", "likes": 3}, …], most liked first
    ranking   TEXT   NOT NULL
);
CREATE INDEX likes_snapshots_latest ON likes_snapshots (event_id, kind, taken_at);
