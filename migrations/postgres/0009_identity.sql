-- The Discord ids of the event's roles and channels in the guild the bot
-- serves. Names are only used once, to find an id (by `/setup apply` when it
-- creates the thing, or at start when exactly one has the configured name);
-- from then on every access check and post uses the id here, so a team or a
-- person cannot take a staff role's or an event channel's place by name.
-- `kind` is 'role' or 'channel'; `key` is the event file's key
-- (organizer, mentor, announcements, log, projects_category, …).
-- `set_by` is the organizer who linked it by hand (`/setup link`), or NULL
-- when the bot found or created it.

CREATE TABLE discord_ids (
    event_id    TEXT   NOT NULL,
    guild_id    BIGINT NOT NULL,
    kind        TEXT   NOT NULL CHECK (kind IN ('role', 'channel')),
    key         TEXT   NOT NULL,
    discord_id  BIGINT NOT NULL,
    set_by      BIGINT,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (event_id, guild_id, kind, key)
);
