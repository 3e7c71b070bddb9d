-- Segment snapshots: each customer's segments, tier and lifecycle stage as of an analysis date,
-- so the app can show migration between segments and each customer's segment history.

CREATE TABLE segment_snapshots (
    store_id    INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    as_of       TEXT NOT NULL,                 -- YYYY-MM-DD, the analysis date
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    rf_segment  TEXT,                          -- classic R×F segment (NULL: no purchase)
    cn_segment  TEXT,                          -- Chinese 8-class segment
    tier        TEXT,                          -- top | middle | bottom
    lifecycle   TEXT NOT NULL,                 -- prospect | new | active | dormant | churned
    PRIMARY KEY (store_id, as_of, customer_id)
) WITHOUT ROWID;
