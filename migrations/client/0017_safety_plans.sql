-- Each young person's safety plan: the missing-from-care protocol, known risks, triggers and
-- what helps. One row per young person; the latest edit stands, merged field by field with a
-- concurrent one. Rebuilt from the op log.
CREATE TABLE safety_plans (
    id              TEXT PRIMARY KEY,  -- the young person's id
    young_person_id TEXT NOT NULL,
    plan            TEXT NOT NULL,     -- JSON of SafetyPlan
    written_at      TEXT NOT NULL,     -- UTC, RFC 3339: the latest edit
    updated_hlc     TEXT NOT NULL
) STRICT;
