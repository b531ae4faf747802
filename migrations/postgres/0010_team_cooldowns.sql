-- When a team may next start a Hub check (/submit, a re-check): the
-- per-team cooldown that protects the Hub budget every process shares, so
-- it holds across processes on one database and across restarts.

CREATE TABLE team_cooldowns (
    team_id   BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    -- what is limited: 'hub_check'
    action    TEXT   NOT NULL,
    -- unix milliseconds before which the action is refused
    until_at  BIGINT NOT NULL,
    PRIMARY KEY (team_id, action)
);
