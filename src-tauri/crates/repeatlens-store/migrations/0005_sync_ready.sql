-- Schema v5: ready for synced data (see the crate docs, "Synced data").
-- - stores have a platform identity (`external_id`: shop domain, site URL, eBay user, Etsy shop);
-- - every record says where it came from (`source`: 'file' import or 'api' sync), which decides
--   which of two versions of the same record wins;
-- - raw payloads live in their own table, outside the rows the analysis scans and outside the
--   "did anything change" comparison;
-- - orders and customers can be tombstoned (`deleted_at`), and the analysis skips them;
-- - sync checkpoints carry a high-water mark and run id; sync runs are recorded like imports.

ALTER TABLE stores ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX stores_external ON stores (platform, external_id) WHERE external_id IS NOT NULL;

ALTER TABLE customers ADD COLUMN source TEXT NOT NULL DEFAULT 'file';   -- file | api
ALTER TABLE customers ADD COLUMN deleted_at INTEGER;
ALTER TABLE orders ADD COLUMN source TEXT NOT NULL DEFAULT 'file';
ALTER TABLE orders ADD COLUMN deleted_at INTEGER;
ALTER TABLE refunds ADD COLUMN source TEXT NOT NULL DEFAULT 'file';
ALTER TABLE products ADD COLUMN source TEXT NOT NULL DEFAULT 'file';

-- Every read of a store's orders by date (or count) skips tombstones: `deleted_at` in the index
-- keeps those reads on the index alone (a partial index would not: SQLite still reads the rows).
DROP INDEX orders_store_created;
CREATE INDEX orders_store_created ON orders (store_id, created_at, deleted_at);
CREATE INDEX orders_deleted ON orders (store_id) WHERE deleted_at IS NOT NULL;
CREATE INDEX customers_deleted ON customers (store_id) WHERE deleted_at IS NOT NULL;

-- Keyed by platform id (not row id) so a payload is found again by the record it describes and
-- survives the row being rebuilt. A rowid table: payloads are large, keys small.
CREATE TABLE raw_payloads (
    id          INTEGER PRIMARY KEY,
    store_id    INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,                 -- customer | order | refund | product
    platform_id TEXT NOT NULL,
    fetched_at  INTEGER NOT NULL,
    json        TEXT NOT NULL,
    UNIQUE (store_id, kind, platform_id)
);

INSERT INTO raw_payloads (store_id, kind, platform_id, fetched_at, json)
    SELECT store_id, 'customer', platform_id, CAST(strftime('%s', 'now') AS INTEGER), raw
    FROM customers WHERE raw IS NOT NULL;
INSERT INTO raw_payloads (store_id, kind, platform_id, fetched_at, json)
    SELECT store_id, 'order', platform_id, CAST(strftime('%s', 'now') AS INTEGER), raw
    FROM orders WHERE raw IS NOT NULL;
INSERT INTO raw_payloads (store_id, kind, platform_id, fetched_at, json)
    SELECT store_id, 'refund', platform_id, CAST(strftime('%s', 'now') AS INTEGER), raw
    FROM refunds WHERE raw IS NOT NULL;
INSERT INTO raw_payloads (store_id, kind, platform_id, fetched_at, json)
    SELECT store_id, 'product', platform_id, CAST(strftime('%s', 'now') AS INTEGER), raw
    FROM products WHERE raw IS NOT NULL;

-- No index, view or trigger references `raw`, so SQLite drops it in place (one rewrite each).
ALTER TABLE customers DROP COLUMN raw;
ALTER TABLE orders DROP COLUMN raw;
ALTER TABLE refunds DROP COLUMN raw;
ALTER TABLE products DROP COLUMN raw;

-- One row per (store, resource): where the next page starts. Written by `Writer::set_checkpoint`
-- in the same transaction as the page it follows.
ALTER TABLE sync_checkpoints ADD COLUMN high_water_mark INTEGER;   -- newest updated_at seen (UTC s)
ALTER TABLE sync_checkpoints ADD COLUMN tie_breaker TEXT;          -- platform id at the mark
ALTER TABLE sync_checkpoints ADD COLUMN phase TEXT;                -- backfill | incremental | …
ALTER TABLE sync_checkpoints ADD COLUMN run_id INTEGER;            -- sync_runs.id that wrote it

CREATE TABLE sync_runs (
    id                  INTEGER PRIMARY KEY,
    store_id            INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,             -- backfill | incremental | …
    started_at          INTEGER NOT NULL,
    finished_at         INTEGER,
    status              TEXT NOT NULL CHECK (status IN
                          ('running', 'succeeded', 'failed', 'cancelled', 'relink_needed')),
    orders_new          INTEGER NOT NULL DEFAULT 0,
    orders_updated      INTEGER NOT NULL DEFAULT 0,
    orders_unchanged    INTEGER NOT NULL DEFAULT 0,
    customers_new       INTEGER NOT NULL DEFAULT 0,
    customers_updated   INTEGER NOT NULL DEFAULT 0,
    customers_unchanged INTEGER NOT NULL DEFAULT 0,
    refunds_new         INTEGER NOT NULL DEFAULT 0,
    refunds_updated     INTEGER NOT NULL DEFAULT 0,
    refunds_unchanged   INTEGER NOT NULL DEFAULT 0,
    stale               INTEGER NOT NULL DEFAULT 0,
    deleted             INTEGER NOT NULL DEFAULT 0,
    error_code          TEXT,                      -- machine-readable: rate_limited, auth_revoked, …
    error_detail        TEXT
);
CREATE INDEX sync_runs_store ON sync_runs (store_id, started_at);
