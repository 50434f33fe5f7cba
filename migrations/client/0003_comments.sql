-- Supervision comments on sessions, and the coach's replies.
CREATE TABLE comments (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    author     TEXT NOT NULL,
    author_device TEXT NOT NULL,
    text       TEXT NOT NULL,
    written_at TEXT NOT NULL,
    hlc        TEXT NOT NULL
) STRICT;
CREATE INDEX comments_session ON comments (session_id, hlc);
CREATE INDEX comments_hlc ON comments (hlc);
