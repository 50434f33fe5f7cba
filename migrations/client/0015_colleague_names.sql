-- The names colleagues' devices gave themselves, received inside scopes' ciphertext (never from
-- the service). One row per device; the latest stands. Rebuilt from the op log.
CREATE TABLE colleague_names (
    device_id   TEXT PRIMARY KEY,
    person_name TEXT NOT NULL,
    device_name TEXT NOT NULL,
    hlc         TEXT NOT NULL
) STRICT;
