-- Help tickets: the language the post is written in (FAQ answers, rating
-- prompts, pings speak it), and when its forum post was deleted (it leaves
-- the queue and the statistics).
ALTER TABLE tickets ADD COLUMN lang TEXT;
ALTER TABLE tickets ADD COLUMN deleted_at BIGINT;
