-- Family residentials, and the risk assessments of plans with the supervisor's decision.
CREATE TABLE residentials (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL,
    residential     TEXT NOT NULL,  -- JSON of Residential
    arrives         TEXT NOT NULL,  -- date, for the agenda's order
    hlc             TEXT NOT NULL,
    updated_hlc     TEXT NOT NULL
) STRICT;
CREATE INDEX residentials_young_person ON residentials (young_person_id, arrives);
CREATE INDEX residentials_arrives ON residentials (arrives);

-- The latest assessment of each plan (latest clock wins) and whether that save asked for
-- sign-off.
CREATE TABLE risk_assessments (
    plan_id          TEXT PRIMARY KEY,
    plan_kind        TEXT NOT NULL,  -- activity | residential
    young_person_id  TEXT NOT NULL,
    assessment       TEXT NOT NULL,  -- JSON of RiskAssessment
    request_sign_off INTEGER NOT NULL,
    hlc              TEXT NOT NULL
) STRICT;
CREATE INDEX risk_assessments_young_person ON risk_assessments (young_person_id);

-- The latest supervisor's decision on each plan (latest clock wins), with the assessment read.
CREATE TABLE risk_sign_offs (
    plan_id         TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL,
    sign_off        TEXT NOT NULL,  -- JSON of SignOff
    decided_at      TEXT NOT NULL,  -- local time the supervisor decided
    hlc             TEXT NOT NULL
) STRICT;

-- Sessions the coach plans to hold; the latest plan for an id stands, a cancelled one has no
-- plan.
CREATE TABLE planned_sessions (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL,
    plan            TEXT,           -- JSON of PlannedSession; NULL once cancelled
    starts          TEXT,           -- local time, for the agenda's order
    hlc             TEXT NOT NULL
) STRICT;
CREATE INDEX planned_sessions_young_person ON planned_sessions (young_person_id, starts);
