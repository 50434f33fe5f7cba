-- Whom each case is allocated to, from the newest allocation in the verified directory: the
-- scope's owner follows it (so the coach it moved to reads it and the former coach no longer
-- does), and a case allocated before its first batch is created with that owner.
CREATE TABLE case_owners (
    scope TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL,
    team_id TEXT NOT NULL
);
