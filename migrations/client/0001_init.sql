-- Inside Out Coach: the local store (SQLCipher). Append-only: never edit a landed migration.
--
-- `ops` is the source of truth and the outbox. Every other table is a cache that
-- `Store::rebuild` recreates by applying the ops in clock order.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The device's own secret keys; they never leave this encrypted file.
CREATE TABLE device_keys (
    device_id      TEXT PRIMARY KEY,
    age_secret     TEXT NOT NULL,
    signing_secret TEXT NOT NULL
) STRICT;

CREATE TABLE ops (
    id         TEXT PRIMARY KEY,
    hlc        TEXT NOT NULL UNIQUE,
    device_id  TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    -- The entity the op is about, so a draft save can find its own earlier op.
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    UNIQUE (device_id, device_seq)
) STRICT;
CREATE INDEX ops_subject ON ops (subject, kind);

CREATE TABLE young_people (
    id               TEXT PRIMARY KEY,
    preferred_name   TEXT NOT NULL,
    profile          TEXT NOT NULL,  -- JSON of YoungPersonProfile
    dates            TEXT NOT NULL,  -- JSON of InterventionDates
    start_date       TEXT NOT NULL,
    planned_end_date TEXT NOT NULL,
    phase            TEXT NOT NULL,
    closed_on        TEXT,
    closure_reason   TEXT,
    closure_note     TEXT,
    updated_hlc      TEXT NOT NULL
) STRICT;

CREATE TABLE placements (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL REFERENCES young_people (id),
    placement       TEXT NOT NULL,  -- JSON of Placement
    start_date      TEXT NOT NULL,
    ending          TEXT,           -- JSON of PlacementEnd
    updated_hlc     TEXT NOT NULL
) STRICT;
CREATE INDEX placements_young_person ON placements (young_person_id, start_date);

CREATE TABLE contacts (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL REFERENCES young_people (id),
    contact         TEXT NOT NULL,  -- JSON of Contact
    updated_hlc     TEXT NOT NULL
) STRICT;
CREATE INDEX contacts_young_person ON contacts (young_person_id);

CREATE TABLE sessions (
    id                    TEXT PRIMARY KEY,
    young_person_id       TEXT NOT NULL REFERENCES young_people (id),
    start                 TEXT NOT NULL,  -- local time, YYYY-MM-DDTHH:MM:SS
    end                   TEXT NOT NULL,
    minutes               INTEGER NOT NULL,
    details               TEXT NOT NULL,  -- JSON of SessionDetails
    head_revision_id      TEXT,
    finalised_revision_id TEXT,
    finalised_at          TEXT,
    last_saved_at         TEXT,
    updated_hlc           TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_young_person_start ON sessions (young_person_id, start);
CREATE INDEX sessions_start ON sessions (start);

-- Every revision of every note. A finalised note's revision is never changed again.
CREATE TABLE note_revisions (
    id            TEXT PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES sessions (id),
    parent_id     TEXT,
    written_at    TEXT NOT NULL,  -- UTC, RFC 3339: when the coach wrote it
    hlc           TEXT NOT NULL,
    -- 'draft'; 'late_draft' for a draft that arrived after the note was finalised (shown as an
    -- addendum candidate, never lost).
    kind          TEXT NOT NULL,
    what_happened TEXT NOT NULL,
    voice         TEXT NOT NULL,
    analysis      TEXT NOT NULL,
    actions       TEXT NOT NULL
) STRICT;
CREATE INDEX note_revisions_session ON note_revisions (session_id, hlc);

CREATE TABLE addenda (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    text       TEXT NOT NULL,
    written_at TEXT NOT NULL,
    hlc        TEXT NOT NULL
) STRICT;
CREATE INDEX addenda_session ON addenda (session_id, hlc);

-- Full-text search over each session's current note and its addenda; rowid = sessions.rowid.
CREATE VIRTUAL TABLE note_search USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');
