-- Positive activities planned with the young person.
CREATE TABLE activities (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL,
    activity        TEXT NOT NULL,  -- JSON of Activity
    starts          TEXT NOT NULL,  -- local time, for the agenda's order
    hlc             TEXT NOT NULL,
    updated_hlc     TEXT NOT NULL
) STRICT;
CREATE INDEX activities_young_person ON activities (young_person_id, starts);
CREATE INDEX activities_starts ON activities (starts);
