//! The Shopify connector: the GraphQL Admin API ([`API_VERSION`]) into the sync engine.
//!
//! Why a crate of its own: Shopify's rules — a cost-based leaky bucket instead of request
//! counts, GraphQL cursors, `gid://` ids beside the legacy numeric ids its CSV exports use,
//! money in shop and presentment currencies, protected customer data — stay here.
//!
//! - [`check_shop`] turns what a seller pastes (a shop domain and an Admin API access token,
//!   or an own app's client id and secret) into a [`ShopSite`] or a plain-words reason.
//! - [`ShopifyConnector`] syncs `customers` and `orders` (with line items, refunds and their
//!   lines, fulfillments) by `updated_at` windows (`query: "updated_at:>='…' AND
//!   updated_at:<='…'"`, `sortKey: UPDATED_AT`, cursor paging) with a 15-minute overlap below
//!   the high-water mark and an upper bound frozen for the pass. The page size is chosen from
//!   the query's own `requestedQueryCost` (a probe of one record), and each request waits
//!   until the bucket (`throttleStatus`) can pay for it, so a sync stays inside the shop's
//!   limits instead of bouncing off `THROTTLED`.
//! - Orders are stored under their legacy numeric id (what Shopify's CSV exports call `Id`),
//!   so an order first imported from a CSV is superseded in place when the store is linked.
//!   Money is the shop-currency amount (`shopMoney`); the presentment amounts stay in the raw
//!   payload.
//!
//! Every query this crate sends is in [`queries`]; a test validates each against the 2026-07
//! schema in `../shared/api-contracts/shopify/`, so a field that does not exist fails CI.
//!
//! Not yet: bulk operations for the first backfill (a backfill pages like an incremental
//! pass from the beginning of time).
#![warn(missing_docs)]

mod auth;
mod connector;
mod gql;
mod map;
pub mod queries;

pub use auth::{shop_base_url, ShopifyCredentials};
pub use connector::{check_shop, ShopSite, ShopifyConnector, CUSTOMERS, ORDERS, OVERLAP_SECS};

/// The Admin API version every request names.
pub const API_VERSION: &str = "2026-07";
