-- Goals with their reviews, and the monthly outcome checks.
CREATE TABLE goals (
    id              TEXT PRIMARY KEY,
    young_person_id TEXT NOT NULL,
    goal            TEXT NOT NULL,  -- JSON of Goal
    agreed_on       TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    updated_hlc     TEXT NOT NULL
) STRICT;
CREATE INDEX goals_young_person ON goals (young_person_id, agreed_on);

CREATE TABLE goal_ratings (
    id              TEXT PRIMARY KEY,
    goal_id         TEXT NOT NULL,
    young_person_id TEXT NOT NULL,
    rating          TEXT NOT NULL,  -- JSON of GoalRating
    on_date         TEXT NOT NULL,
    hlc             TEXT NOT NULL
) STRICT;
CREATE INDEX goal_ratings_goal ON goal_ratings (goal_id, on_date);

-- One per young person and month; the check with the later clock stands.
CREATE TABLE outcome_checks (
    young_person_id TEXT NOT NULL,
    month           TEXT NOT NULL,  -- YYYY-MM-01
    check_json      TEXT NOT NULL,  -- JSON of OutcomeCheck
    hlc             TEXT NOT NULL,
    PRIMARY KEY (young_person_id, month)
) STRICT;
