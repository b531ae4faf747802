-- The web pages. `public_profiles`: who agreed to be listed on the project
-- gallery (`/profile public`) and under which name; nobody is listed unless
-- a row says `listed = 1`. The name is the Discord display name at the time
-- of the opt-in, so the page never needs to ask Discord or show an id.
CREATE TABLE public_profiles (
    event_id      TEXT   NOT NULL,
    user_id       BIGINT NOT NULL,
    display_name  TEXT   NOT NULL,
    listed        BIGINT NOT NULL DEFAULT 0 CHECK (listed IN (0, 1)),
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

-- Organizers' dashboard sessions ("Login with Discord"). Only a SHA-256 of
-- the cookie's token is kept, so a copy of the database opens no session.
-- `role_checked_at` is when the organizer role was last confirmed, with
-- `access_token` (scopes identify and guilds.members.read only), which asks
-- Discord again so a member who lost the role is refused at once.
CREATE TABLE web_sessions (
    token_hash       TEXT   NOT NULL PRIMARY KEY,
    event_id         TEXT   NOT NULL,
    user_id          BIGINT NOT NULL,
    csrf_token       TEXT   NOT NULL,
    access_token     TEXT   NOT NULL,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    role_checked_at  BIGINT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- A login under way: the OAuth2 `state` and its PKCE verifier, used once.
CREATE TABLE web_logins (
    state          TEXT   NOT NULL PRIMARY KEY,
    pkce_verifier  TEXT   NOT NULL,
    created_at     BIGINT NOT NULL
);
