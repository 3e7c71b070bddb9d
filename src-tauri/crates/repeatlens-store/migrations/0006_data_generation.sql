-- A per-store counter of changes to the rows the analysis reads. Every write that drops a
-- store's analysis cache bumps it in the same transaction (exchange-rate changes bump them all),
-- so a reader that built columns from the rows can save them later, on another connection,
-- only if the counter it read with them is still current: a cache is never saved for rows that
-- changed after they were read.
ALTER TABLE stores ADD COLUMN data_generation INTEGER NOT NULL DEFAULT 0;
