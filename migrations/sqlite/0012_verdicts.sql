-- Judging fidelity: a check that could not reach the Hub no longer replaces
-- the last real verdict, and a change after the deadline is its own verdict.
--
-- `verdict` is the last real verdict of a submission ('complete', 'late',
-- 'incomplete'), NULL until a check completes. `status` keeps its earlier
-- meaning for older readers: a late submission is 'incomplete' there, since
-- late is not complete. `attempted_at` / `attempt_error` describe the latest
-- attempt when it failed (NULL once an attempt gives a verdict again).
ALTER TABLE submissions ADD COLUMN verdict TEXT
    CHECK (verdict IS NULL OR verdict IN ('complete', 'late', 'incomplete'));
ALTER TABLE submissions ADD COLUMN attempted_at BIGINT;
ALTER TABLE submissions ADD COLUMN attempt_error TEXT;
UPDATE submissions SET verdict = status WHERE status IN ('complete', 'incomplete');

-- An organizer's late exception: the team's changes up to `accepted_until`
-- count as on time. One per team; granting again moves it.
CREATE TABLE late_exceptions (
    team_id         BIGINT PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
    accepted_until  BIGINT NOT NULL,
    accepted_by     BIGINT NOT NULL,
    created_at      BIGINT NOT NULL
);
