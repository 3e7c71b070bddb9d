//! What a platform connector implements: fetching one page of one resource.

use std::future::Future;

use repeatlens_store::{Checkpoint, CustomerRecord, OrderRecord, ProductRecord, RefundRecord};

use crate::{Http, SyncError};

/// What [`crate::run_sync`] asks a connector for.
#[derive(Debug, Clone, Copy)]
pub struct PullRequest<'a> {
    /// One of [`Connector::resources`].
    pub resource: &'static str,
    /// The resource's committed checkpoint: `None` on the first sync (or a `--full` one).
    pub checkpoint: Option<&'a Checkpoint>,
    /// When this run started, UTC Unix seconds: the frozen upper bound of a pass that starts
    /// in this run (records changed later are the next run's).
    pub run_started: i64,
}

/// One page of records and where the next page starts.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Customers (whole or partial records: a guest known from an order is partial).
    pub customers: Vec<CustomerRecord>,
    /// Products.
    pub products: Vec<ProductRecord>,
    /// Orders, each whole, with its lines; their customers are in `customers` or stored.
    pub orders: Vec<OrderRecord>,
    /// Refunds of the orders above (or of stored orders).
    pub refunds: Vec<RefundRecord>,
    /// Where the next page starts, committed with this page. The engine sets `run_id`.
    pub checkpoint: Checkpoint,
    /// The resource is synced up to this run's start: go to the next resource.
    pub done: bool,
    /// Records of the resource this pass will read in all, when the platform says.
    pub total: Option<u64>,
    /// Records of the resource read so far in this pass (for progress).
    pub done_in_pass: u64,
}

/// A platform. The engine calls [`Connector::pull`] until a page says `done`, for each
/// resource in order, writing each page and its checkpoint in one transaction.
///
/// A connector must make a page's checkpoint enough to continue after a crash: a pass's
/// frozen bounds and position go into `cursor`, the newest fully-read modification time into
/// `high_water_mark`. Re-reading records is harmless (upserts by platform id); skipping one is
/// not.
pub trait Connector: Send {
    /// `woocommerce`, `shopify`, …, as in `stores.platform`.
    fn platform(&self) -> &'static str;

    /// The resources in the order they are synced (customers before the orders that name
    /// them).
    fn resources(&self) -> &'static [&'static str];

    /// Gets ready inside the run, before the first page (e.g. checks the site and how to
    /// reach it): a failure here — a revoked key — is recorded as the run's failure, so the
    /// store's state shows it.
    fn prepare(&mut self, http: &Http) -> impl Future<Output = Result<(), SyncError>> + Send {
        let _ = http;
        async { Ok(()) }
    }

    /// Fetches the page after `req.checkpoint`.
    fn pull(
        &mut self,
        http: &Http,
        req: PullRequest<'_>,
    ) -> impl Future<Output = Result<Page, SyncError>> + Send;
}
