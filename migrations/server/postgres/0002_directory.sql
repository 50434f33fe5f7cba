-- The organisation's signed directory. The service keeps the records and the public half of the
-- organisation key; it cannot sign a record, and every device verifies the records itself.
ALTER TABLE org ADD COLUMN org_key TEXT NOT NULL DEFAULT '';
CREATE TABLE directory (
    position BIGSERIAL PRIMARY KEY,
    hash TEXT NOT NULL,
    -- '' until the device countersigns its own record; each countersigned copy is a row of its own
    countersignature TEXT NOT NULL DEFAULT '',
    record TEXT NOT NULL,
    UNIQUE (hash, countersignature)
);
-- A revoked device's unsent records, sealed to the recovery recipient before it wiped itself.
CREATE TABLE salvage (
    id BIGSERIAL PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (id),
    received_ms BIGINT NOT NULL,
    sealed BYTEA NOT NULL
);
