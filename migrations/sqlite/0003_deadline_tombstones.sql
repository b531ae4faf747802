-- A deadline an organizer removes is kept with the time of its removal, so
-- seeding from the event file at start does not bring it back.
ALTER TABLE deadlines ADD COLUMN removed_at BIGINT;
