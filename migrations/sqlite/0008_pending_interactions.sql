-- Commands under way, so that after a crash (SIGKILL, a lost machine) the
-- next start can tell each person whose command was cut off. A row lives
-- from the start of a command to its end. `guild_id` (0 in a DM) says which
-- process may recover it: the one serving that guild after a restart.

CREATE TABLE pending_interactions (
    id          BIGINT PRIMARY KEY,
    guild_id    BIGINT NOT NULL,
    token       TEXT   NOT NULL,
    user_id     BIGINT NOT NULL,
    command     TEXT   NOT NULL,
    locale      TEXT,
    started_at  BIGINT NOT NULL
);
CREATE INDEX pending_interactions_guild ON pending_interactions (guild_id, started_at);
