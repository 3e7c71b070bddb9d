//! The WooCommerce connector: REST API v3 (`/wp-json/wc/v3`) into the sync engine.
//!
//! Why a crate of its own: each platform's quirks (here: self-hosted sites behind hosts that
//! strip headers or have pretty permalinks off, money as strings, guests without customer
//! records, no "modified" filter on customers) stay out of the engine and out of each other.
//!
//! - [`check_site`] turns what a seller pastes (a site URL, a consumer key and secret) into a
//!   [`WooSite`], or a plain-words reason: not a WooCommerce site, permalinks off (handled with
//!   `?rest_route=`), a key without read permission, plain http, a server that strips the
//!   `Authorization` header (handled with query-string credentials).
//! - [`WooConnector`] syncs `customers` (a full pass each run: the API has no modified filter)
//!   and `orders` (by `modified_after`/`modified_before` in GMT with an overlap below the
//!   high-water mark and an upper bound frozen for the pass, offset pages of 100 ordered by id,
//!   refunds with their lines from `/orders/{id}/refunds`). A record that leaves the pass's
//!   window between two pages (modified meanwhile) shifts the offsets; the pass notices the
//!   total shrinking and steps back, so no order is skipped (re-reads are harmless upserts).
//!
//! Facts: `../shared/docs/platform-apis.md` §2 and §9.2; the API's own docs in
//! `../shared/api-contracts/woocommerce/`.
#![warn(missing_docs)]

mod api;
mod connector;
mod map;
mod site;

pub use api::{ApiStyle, AuthStyle, WooCredentials};
pub use connector::{WooConnector, CUSTOMERS, ORDERS, OVERLAP_SECS, PER_PAGE};
pub use site::{check_site, normalize_site_url, WooSite};
