-- Delegated authority: who may consent in each area, per young person; the latest stands.
CREATE TABLE delegated_authority (
    young_person_id TEXT NOT NULL,
    area            TEXT NOT NULL,
    authority       TEXT,           -- JSON of Authority; NULL once cleared
    hlc             TEXT NOT NULL,
    PRIMARY KEY (young_person_id, area)
) STRICT;
