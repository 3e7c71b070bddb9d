-- RepeatLens schema v1. Money: integer minor units of `currency`; unit prices: integer millionths
-- of the currency's major unit (sub-minor prices exist in real data). Timestamps: integer Unix
-- seconds, UTC; the store's timezone says how to show them and where its days begin.

CREATE TABLE stores (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,                 -- shopify | woocommerce | ebay | etsy | amazon | file | sample
    name        TEXT NOT NULL UNIQUE,
    currency    TEXT NOT NULL,                 -- ISO 4217
    timezone    TEXT NOT NULL,                 -- IANA zone, e.g. Europe/London
    created_at  INTEGER NOT NULL
);

CREATE TABLE customers (
    id                INTEGER PRIMARY KEY,
    store_id          INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    platform_id       TEXT NOT NULL,           -- the platform's id, or the normalized email where none exists
    email             TEXT,
    email_normalized  TEXT,                    -- lower-case, trimmed: the cross-store identity key
    first_name        TEXT,
    last_name         TEXT,
    phone             TEXT,
    country           TEXT,
    accepts_marketing INTEGER,                 -- 1 / 0 / NULL = unknown
    created_at        INTEGER,
    updated_at        INTEGER,
    total_spent_minor INTEGER,                 -- as reported by the platform, if any
    orders_count      INTEGER,                 -- as reported by the platform, if any
    tags              TEXT,
    raw               TEXT,                    -- raw API payload (JSON) for synced records
    UNIQUE (store_id, platform_id)
);
CREATE INDEX customers_email ON customers (email_normalized) WHERE email_normalized IS NOT NULL;

CREATE TABLE orders (
    id                 INTEGER PRIMARY KEY,
    store_id           INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    platform_id        TEXT NOT NULL,
    name               TEXT,                   -- what the seller calls it (#1001)
    customer_id        INTEGER REFERENCES customers(id) ON DELETE SET NULL,  -- NULL = guest
    email              TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER,
    cancelled_at       INTEGER,
    fulfilled_at       INTEGER,
    delivered_at       INTEGER,
    currency           TEXT NOT NULL,
    subtotal_minor     INTEGER NOT NULL DEFAULT 0,
    discount_minor     INTEGER NOT NULL DEFAULT 0,
    shipping_minor     INTEGER NOT NULL DEFAULT 0,
    tax_minor          INTEGER NOT NULL DEFAULT 0,
    total_minor        INTEGER NOT NULL,
    refunded_minor     INTEGER NOT NULL DEFAULT 0,
    status             TEXT,
    financial_status   TEXT,
    fulfillment_status TEXT,
    is_test            INTEGER NOT NULL DEFAULT 0,
    ship_country       TEXT,
    discount_codes     TEXT,                   -- comma-separated
    raw                TEXT,
    UNIQUE (store_id, platform_id)
);
CREATE INDEX orders_customer ON orders (customer_id, created_at);
CREATE INDEX orders_store_created ON orders (store_id, created_at);

CREATE TABLE order_lines (
    order_id          INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line_no           INTEGER NOT NULL,        -- position in the source, stable across re-imports
    product_id        TEXT,
    variant_id        TEXT,
    sku               TEXT,
    title             TEXT,
    category          TEXT,                    -- category / product type
    quantity          INTEGER NOT NULL,
    unit_price_micros INTEGER NOT NULL,
    line_total_minor  INTEGER NOT NULL,        -- quantity x unit price, rounded half away from zero
    discount_minor    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id, line_no)
) WITHOUT ROWID;

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    store_id    INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    platform_id TEXT NOT NULL,                 -- product id, or the SKU where the source has no ids
    sku         TEXT,
    title       TEXT,
    category    TEXT,
    vendor      TEXT,
    raw         TEXT,
    UNIQUE (store_id, platform_id)
);

CREATE TABLE refunds (
    id           INTEGER PRIMARY KEY,
    store_id     INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    platform_id  TEXT NOT NULL,
    order_id     INTEGER REFERENCES orders(id) ON DELETE SET NULL,
    customer_id  INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    kind         TEXT NOT NULL,                -- refund | return
    created_at   INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,             -- positive: money given back
    reason       TEXT,
    raw          TEXT,
    UNIQUE (store_id, platform_id)
);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_customer ON refunds (customer_id);

CREATE TABLE refund_lines (
    refund_id    INTEGER NOT NULL REFERENCES refunds(id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL,
    sku          TEXT,
    title        TEXT,
    quantity     INTEGER NOT NULL,             -- positive: units returned
    amount_minor INTEGER NOT NULL,             -- positive
    PRIMARY KEY (refund_id, line_no)
) WITHOUT ROWID;

CREATE TABLE fx_rates (
    day      TEXT NOT NULL,                    -- YYYY-MM-DD (ECB publishing day)
    currency TEXT NOT NULL,
    per_eur  REAL NOT NULL,                    -- 1 EUR = per_eur units of currency
    PRIMARY KEY (day, currency)
) WITHOUT ROWID;

CREATE TABLE sync_checkpoints (
    store_id   INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    resource   TEXT NOT NULL,                  -- orders | customers | refunds | products
    cursor     TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (store_id, resource)
) WITHOUT ROWID;

CREATE TABLE imports (
    id               INTEGER PRIMARY KEY,
    store_id         INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    file_name        TEXT NOT NULL,
    file_size        INTEGER NOT NULL,
    preset           TEXT NOT NULL,
    encoding         TEXT NOT NULL,
    started_at       INTEGER NOT NULL,
    finished_at      INTEGER NOT NULL,
    rows_read        INTEGER NOT NULL,
    orders_new       INTEGER NOT NULL,
    orders_updated   INTEGER NOT NULL,
    orders_unchanged INTEGER NOT NULL,
    refunds          INTEGER NOT NULL,
    customers        INTEGER NOT NULL,
    skipped_rows     INTEGER NOT NULL,
    skipped_detail   TEXT                      -- JSON list of {line, reason} for --skip-bad-rows
);
