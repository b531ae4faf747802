-- Two facts about people for the participant's path (/path): when they
-- first posted in the introductions channel (the bot sees the author of a
-- message, never its content), and when the bot welcomed them, so a join
-- seen twice (a gateway replay, two processes, a restart) greets once.
ALTER TABLE participants ADD COLUMN introduced_at BIGINT;
ALTER TABLE participants ADD COLUMN welcomed_at BIGINT;
