-- The GPU board: one message in a configured channel, edited as the queue
-- and leases change. Its id is kept so a restart edits the same message.

CREATE TABLE gpu_board (
    event_id    TEXT   PRIMARY KEY,
    channel_id  BIGINT NOT NULL,
    message_id  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- The usage chart reads every lease of an event in time order.
CREATE INDEX gpu_leases_usage ON gpu_leases (event_id, starts_at);
