-- The jury: conflicts judges declared, who judges which project, their
-- scores per criteria group (in half points), comments and extra points,
-- the publication of results (claimed once), organizers' acceptance of a
-- submission, and certificates.

CREATE TABLE jury_conflicts (
    event_id     TEXT   NOT NULL,
    judge_id     BIGINT NOT NULL,
    team_id      BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    reason       TEXT   NOT NULL,
    declared_at  BIGINT NOT NULL,
    PRIMARY KEY (event_id, judge_id, team_id)
);

CREATE TABLE jury_assignments (
    event_id     TEXT   NOT NULL,
    team_id      BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    judge_id     BIGINT NOT NULL,
    assigned_by  BIGINT NOT NULL,
    assigned_at  BIGINT NOT NULL,
    PRIMARY KEY (event_id, team_id, judge_id)
);
CREATE INDEX jury_assignments_judge ON jury_assignments (event_id, judge_id);

-- A score exists only for an assignment: the database refuses the rest.
CREATE TABLE jury_scores (
    event_id    TEXT   NOT NULL,
    team_id     BIGINT NOT NULL,
    judge_id    BIGINT NOT NULL,
    group_id    TEXT   NOT NULL,
    halves      BIGINT NOT NULL CHECK (halves >= 0),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (event_id, team_id, judge_id, group_id),
    FOREIGN KEY (event_id, team_id, judge_id)
        REFERENCES jury_assignments (event_id, team_id, judge_id)
);

CREATE TABLE jury_reviews (
    event_id      TEXT   NOT NULL,
    team_id       BIGINT NOT NULL,
    judge_id      BIGINT NOT NULL,
    -- shown to the team with the results, as written
    comment       TEXT   NOT NULL DEFAULT '',
    -- for the organizers only
    note          TEXT   NOT NULL DEFAULT '',
    extra_halves  BIGINT NOT NULL DEFAULT 0 CHECK (extra_halves >= 0),
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (event_id, team_id, judge_id),
    FOREIGN KEY (event_id, team_id, judge_id)
        REFERENCES jury_assignments (event_id, team_id, judge_id)
);
-- each judge gives extra points to one project at most
CREATE UNIQUE INDEX jury_reviews_one_extra
    ON jury_reviews (event_id, judge_id) WHERE extra_halves > 0;

-- One row per event once publication starts: the claim makes a double click
-- or a restart post the results once.
CREATE TABLE jury_publications (
    event_id     TEXT   PRIMARY KEY,
    nonce        TEXT   NOT NULL,
    state        TEXT   NOT NULL CHECK (state IN ('claimed', 'posted')),
    claimed_by   BIGINT NOT NULL,
    claimed_at   BIGINT NOT NULL,
    message_id   BIGINT,
    posted_at    BIGINT
);

CREATE TABLE submission_acceptances (
    event_id     TEXT   NOT NULL,
    team_id      BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    accepted_by  BIGINT NOT NULL,
    accepted_at  BIGINT NOT NULL,
    PRIMARY KEY (event_id, team_id)
);

CREATE TABLE certificate_names (
    event_id    TEXT   NOT NULL,
    user_id     BIGINT NOT NULL,
    name        TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

-- Issued certificates: the code and the content it was made of, so
-- `certificates verify` can say what a code certifies.
CREATE TABLE certificates (
    event_id    TEXT   NOT NULL,
    user_id     BIGINT NOT NULL,
    code        TEXT   NOT NULL UNIQUE,
    content     TEXT   NOT NULL,
    issued_at   BIGINT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
