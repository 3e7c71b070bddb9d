-- The analysis cache: a store's data as the analytics engine's columns, saved after a build from
-- the rows above so the next analysis does not read millions of rows again. Derived data only:
-- every write that changes a store's customers, orders or refunds deletes its rows in the same
-- transaction, and any change of exchange rates deletes them all, so a row present is current.

CREATE TABLE analysis_cache (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: see cache.rs
    store_id  INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    key       TEXT NOT NULL,                   -- what the columns were built for (format, currency)
    name      TEXT NOT NULL,                   -- column name
    part      INTEGER NOT NULL,                -- columns are split in parts of at most 256 MiB
    data      BLOB NOT NULL,
    UNIQUE (store_id, key, name, part)
);
