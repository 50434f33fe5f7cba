-- Lone working: each check-in of a coach out with a young person, and its check-out. Rebuilt
-- from the op log. A check-out that arrives before its check-in waits in checked_out_at.
CREATE TABLE check_ins (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL,
    device_id       TEXT NOT NULL,  -- the coach's device that checked in
    check_in        TEXT,           -- JSON of CheckIn; NULL until the check-in itself arrives
    expected_end    TEXT,           -- local time, for ordering
    checked_out_at  TEXT,           -- local time; NULL while out
    hlc             TEXT NOT NULL
) STRICT;
CREATE INDEX check_ins_open ON check_ins (checked_out_at, expected_end);

-- The team page counts notes left unfinalised since their session ended: without this index
-- that count reads every session of every young person.
CREATE INDEX sessions_unfinalised ON sessions (young_person_id, end) WHERE finalised_revision_id IS NULL;
