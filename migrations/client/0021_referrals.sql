-- New referrals a supervisor allocated to a coach, before the coach opens the case. Rebuilt
-- from the op log; the latest allocation of an id stands.
CREATE TABLE referrals (
    young_person_id TEXT PRIMARY KEY,
    coach_id        TEXT NOT NULL,
    author          TEXT NOT NULL,
    profile         TEXT NOT NULL,  -- JSON of YoungPersonProfile
    dates           TEXT NOT NULL,  -- JSON of InterventionDates
    written_at      TEXT NOT NULL,  -- UTC, RFC 3339
    hlc             TEXT NOT NULL
) STRICT;
CREATE INDEX referrals_coach ON referrals (coach_id);
