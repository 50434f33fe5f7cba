-- Management oversight: a supervisor's case discussions about a young person, each with its
-- actions. Only ever added. Rebuilt from the op log.
CREATE TABLE case_discussions (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL,
    author          TEXT NOT NULL,
    discussion      TEXT NOT NULL,  -- JSON of CaseDiscussion
    written_at      TEXT NOT NULL,  -- UTC, RFC 3339
    hlc             TEXT NOT NULL
) STRICT;
CREATE INDEX case_discussions_young_person ON case_discussions (young_person_id, hlc);
