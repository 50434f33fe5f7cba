-- The central service's store. It holds only ciphertext, public keys, pseudonymous ids, roles,
-- sizes and times: never a name, never note text.
CREATE TABLE org (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    recovery_recipient TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);
CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL UNIQUE
);
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL REFERENCES teams (id),
    role TEXT NOT NULL CHECK (role IN ('coach', 'supervisor')),
    label TEXT NOT NULL UNIQUE
);
CREATE TABLE enrolment_codes (
    code_hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    expires_ms BIGINT NOT NULL,
    used_ms BIGINT
);
CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    token_hash TEXT NOT NULL UNIQUE,
    age_recipient TEXT NOT NULL,
    signing_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'revoked')),
    last_seq BIGINT NOT NULL DEFAULT 0,
    created_ms BIGINT NOT NULL
);
CREATE TABLE scopes (
    scope TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES people (id),
    team_id TEXT NOT NULL REFERENCES teams (id),
    next_seq BIGINT NOT NULL,
    epoch BIGINT NOT NULL,
    -- the newest safeguarding batch, so a pull can put that scope first
    priority_seq BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX scopes_team ON scopes (team_id);
CREATE INDEX scopes_owner ON scopes (owner_id);
CREATE TABLE batches (
    scope TEXT NOT NULL,
    server_seq BIGINT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices (id),
    device_seq BIGINT NOT NULL,
    priority BIGINT NOT NULL,
    header TEXT NOT NULL,
    signature TEXT NOT NULL,
    ciphertext BYTEA NOT NULL,
    hash TEXT NOT NULL,
    received_ms BIGINT NOT NULL,
    PRIMARY KEY (scope, server_seq),
    UNIQUE (device_id, device_seq)
);
CREATE TABLE envelopes (
    scope TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    -- a device id, or 'recovery' for the organisation's recovery recipient
    recipient TEXT NOT NULL,
    envelope BYTEA NOT NULL,
    PRIMARY KEY (scope, epoch, recipient)
);
