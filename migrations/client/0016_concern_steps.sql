-- A safeguarding concern's handling after it is raised: the coach's follow-ups, a supervisor's
-- acknowledgement, decision and closure. Steps are only ever added. Rebuilt from the op log.
-- A step counts only where its concern is in the same young person's case.
CREATE TABLE concern_steps (
    id              TEXT PRIMARY KEY,
    concern_id      TEXT NOT NULL,
    young_person_id TEXT NOT NULL,
    kind            TEXT NOT NULL,  -- follow_up, acknowledged, decided or closed
    step            TEXT NOT NULL,  -- JSON of ConcernStep
    author          TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    written_at      TEXT NOT NULL,  -- UTC, RFC 3339
    hlc             TEXT NOT NULL
) STRICT;
CREATE INDEX concern_steps_concern ON concern_steps (concern_id, kind);
CREATE INDEX concern_steps_young_person ON concern_steps (young_person_id, hlc);
