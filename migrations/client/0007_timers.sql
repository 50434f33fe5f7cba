-- Session timers running on this device: one per young person at most. Device-local state, not
-- a record: it is not in the op log, does not sync and is not rebuilt.
CREATE TABLE timers (
    young_person_id TEXT PRIMARY KEY,
    started_at      TEXT NOT NULL  -- local time, YYYY-MM-DDTHH:MM
) STRICT;
