-- Merging: the conflict log, merge revisions of notes, and contacts removed with a reason
-- (tombstones). Safeguarding concerns.

-- One row per field where two devices disagreed concurrently. Rebuilt with the other tables,
-- so every replica that holds the same ops holds the same rows.
CREATE TABLE conflicts (
    op_id           TEXT NOT NULL,  -- the op whose value the record kept
    field           TEXT NOT NULL,  -- its path, like 'profile.risk_indicators'
    entity          TEXT NOT NULL,  -- 'young_person', 'contact', 'placement'
    entity_id       TEXT NOT NULL,
    young_person_id TEXT NOT NULL,
    kept            TEXT NOT NULL,  -- JSON
    lost            TEXT NOT NULL,  -- JSON
    hlc             TEXT NOT NULL,  -- the kept op's clock
    written_at      TEXT NOT NULL,  -- UTC, RFC 3339: when the kept value was written
    lost_hlc        TEXT NOT NULL,  -- the clock of the record's previous write
    safety          INTEGER NOT NULL,  -- 1: flagged for the supervisor
    PRIMARY KEY (op_id, field)
) STRICT;
CREATE INDEX conflicts_young_person ON conflicts (young_person_id, hlc);
CREATE INDEX conflicts_hlc ON conflicts (hlc);

-- A revision that merges two versions of a note names the second as well as its parent.
ALTER TABLE note_revisions ADD COLUMN merged_id TEXT;

CREATE TABLE concerns (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL,
    concern         TEXT NOT NULL,  -- JSON of Concern
    urgency         TEXT NOT NULL,
    written_at      TEXT NOT NULL,  -- UTC, RFC 3339
    hlc             TEXT NOT NULL
) STRICT;
CREATE INDEX concerns_young_person ON concerns (young_person_id, hlc);

ALTER TABLE contacts ADD COLUMN removed_at TEXT;
ALTER TABLE contacts ADD COLUMN removed_reason TEXT;
