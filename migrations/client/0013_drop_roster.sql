-- The service's list of devices is no longer kept: every check reads the organisation's signed
-- directory (directory_records), verified on the device.
DROP TABLE roster;
