-- The chronology: entries the coach adds by hand, and the coach's choices about every entry
-- (the others come from the records themselves).
CREATE TABLE chronology_notes (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL,
    entry           TEXT NOT NULL,  -- JSON of ChronologyNote
    on_date         TEXT NOT NULL,
    written_at      TEXT NOT NULL,  -- UTC, RFC 3339
    hlc             TEXT NOT NULL
) STRICT;
CREATE INDEX chronology_notes_young_person ON chronology_notes (young_person_id, on_date);

-- The latest choice per entry stands.
CREATE TABLE chronology_curation (
    young_person_id TEXT NOT NULL,
    entry_key       TEXT NOT NULL,  -- 'kind:uuid'
    included        INTEGER NOT NULL,
    summary         TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    PRIMARY KEY (young_person_id, entry_key)
) STRICT;
