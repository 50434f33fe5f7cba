-- Sync: every op knows its scope; local ops are sealed into numbered outbox batches once, so a
-- retry sends the same bytes; pulled batches advance a cursor per scope in the same
-- transaction that stores their ops.

-- 'case:<young person id>' or 'own' (the signed-in person's own records). Filled for existing
-- ops by the store right after this migration.
ALTER TABLE ops ADD COLUMN scope TEXT NOT NULL DEFAULT 'own';
-- The outbox batch that carries this local op (NULL: not sealed yet; remote ops: NULL).
ALTER TABLE ops ADD COLUMN batch INTEGER;
CREATE INDEX ops_unsealed ON ops (device_id, batch, hlc);

CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY,   -- dense per device, from 1: the batch's device_seq
    scope      TEXT NOT NULL,
    priority   INTEGER NOT NULL,
    op_count   INTEGER NOT NULL,
    header     TEXT NOT NULL,
    signature  TEXT NOT NULL,
    ciphertext BLOB NOT NULL,
    server_seq INTEGER                -- NULL until the service has acknowledged it
) STRICT;

CREATE TABLE scope_keys (
    scope  TEXT NOT NULL,
    epoch  INTEGER NOT NULL,
    secret TEXT NOT NULL,
    PRIMARY KEY (scope, epoch)
) STRICT;

-- Envelopes this device has uploaded, so it wraps each key once for each reader.
CREATE TABLE wrapped (
    scope  TEXT NOT NULL,
    epoch  INTEGER NOT NULL,
    device TEXT NOT NULL,
    PRIMARY KEY (scope, epoch, device)
) STRICT;

CREATE TABLE cursors (
    scope TEXT PRIMARY KEY,
    after INTEGER NOT NULL
) STRICT;

-- The team's devices as the service last listed them: public keys and roles, to check every
-- batch before applying it.
CREATE TABLE roster (
    device        TEXT PRIMARY KEY,
    person        TEXT NOT NULL,
    role          TEXT NOT NULL,
    status        TEXT NOT NULL,
    age_recipient TEXT NOT NULL,
    signing_key   TEXT NOT NULL
) STRICT;

-- Batches that could not be applied, with the reason; they never block the ones behind them.
CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY,
    scope       TEXT NOT NULL,
    server_seq  INTEGER NOT NULL,
    author      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    content     TEXT                  -- the ops, when they could be read
) STRICT;

CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
