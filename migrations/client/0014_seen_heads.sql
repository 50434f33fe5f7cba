-- The newest directory head each other device's batches said it held, per signer. Compared with
-- this device's own directory, they show a service that holds records back from one device or
-- shows two devices different directories. Device-local: not rebuilt from the op log.
CREATE TABLE seen_heads (
    signer      TEXT NOT NULL,
    from_device TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (signer, from_device)
) STRICT;
