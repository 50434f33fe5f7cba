-- Missing episodes: one row per episode, brought up to date as the young person returns and the
-- return-home interview happens.
CREATE TABLE missing_episodes (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL,
    episode         TEXT NOT NULL,  -- JSON of MissingEpisode
    went_missing    TEXT NOT NULL,  -- local time, for ordering
    written_at      TEXT NOT NULL,  -- UTC, RFC 3339: when first recorded
    hlc             TEXT NOT NULL,  -- the recording op's clock
    updated_hlc     TEXT NOT NULL
) STRICT;
CREATE INDEX missing_episodes_young_person ON missing_episodes (young_person_id, went_missing);
