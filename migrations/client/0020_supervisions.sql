-- Formal supervision: a supervisor's record of supervising one coach, with its actions. Only
-- ever added. Rebuilt from the op log.
CREATE TABLE supervisions (
    id          TEXT PRIMARY KEY,
    coach_id    TEXT NOT NULL,
    author      TEXT NOT NULL,
    supervision TEXT NOT NULL,  -- JSON of CaseDiscussion: when, what was discussed, decisions, actions
    written_at  TEXT NOT NULL,  -- UTC, RFC 3339
    hlc         TEXT NOT NULL
) STRICT;
CREATE INDEX supervisions_coach ON supervisions (coach_id, hlc);
