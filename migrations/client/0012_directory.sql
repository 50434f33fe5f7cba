-- The organisation's signed directory as this device received it: every record, kept even when
-- it does not count, so a service cannot roll the directory back or fork it unseen. Device-local:
-- not rebuilt from the op log. The roster table now holds the devices the verified directory
-- approves, never the service's list.
CREATE TABLE directory_records (
    hash             TEXT NOT NULL,
    countersignature TEXT NOT NULL,
    record           TEXT NOT NULL,
    PRIMARY KEY (hash, countersignature)
) STRICT;
