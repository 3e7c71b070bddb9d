//! Local, faithful mock servers of the e-commerce platform APIs RepeatLens syncs from.
//!
//! The sync connectors must prove paging, resume, retries and fault handling against real HTTP
//! without reaching the internet. This crate runs such a platform on `127.0.0.1`, following the
//! platform's own published contract (for WooCommerce: the REST API v3 docs in
//! `shared/api-contracts/woocommerce/`), with controllable data, clock and faults.
//!
//! - [`woo`]: WooCommerce REST API v3 ([`woo::WooMock`]).
//! - [`shopify`]: Shopify GraphQL Admin API, pinned version 2026-07 ([`shopify::ShopifyMock`]).
//!
//! The `repeatlens-mock` binary serves the same mocks from the command line.
#![warn(missing_docs)]
#![recursion_limit = "256"]

mod clock;
mod http;
pub mod shopify;
pub mod woo;

pub use clock::MockClock;
