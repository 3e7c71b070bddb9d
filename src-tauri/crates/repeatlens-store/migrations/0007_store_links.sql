-- Schema v7: how a linked store is reached (see `Store::set_store_link`).
-- - `api_base`: the URL the connector talks to (a WooCommerce site, a Shopify shop, or a
--   loopback mock server in tests);
-- - `credential_ref`: the name of the OS keyring entry holding the store's secrets. The
--   secrets themselves never enter this file (nor its WAL).
ALTER TABLE stores ADD COLUMN api_base TEXT;
ALTER TABLE stores ADD COLUMN credential_ref TEXT;
