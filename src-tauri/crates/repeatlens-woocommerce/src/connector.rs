//! Pages of customers and orders, with the pass state a restart continues from.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use repeatlens_store::Checkpoint;
use repeatlens_sync::{Connector, Http, Page, PullRequest, SyncError};

use crate::api::{Endpoint, WooCredentials};
use crate::{map, WooSite};

/// The `customers` resource.
pub const CUSTOMERS: &str = "customers";
/// The `orders` resource (refunds come with their orders).
pub const ORDERS: &str = "orders";
/// Records per page: WordPress's maximum (`per_page` > 100 is a 400).
pub const PER_PAGE: u64 = 100;
/// How far below the high-water mark an incremental pass starts re-reading: index lag and
/// equal timestamps make a strict "after" unsafe (platform-apis.md §9.2).
pub const OVERLAP_SECS: i64 = 15 * 60;

/// A pass in progress, as saved in the checkpoint's cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Pass {
    /// `modified_after` (GMT seconds); `None` in a backfill.
    lower: Option<i64>,
    /// `modified_before`, frozen when the pass began.
    upper: i64,
    /// The next `offset`.
    offset: u64,
    /// `X-WP-Total` at the last page: a smaller one later means records left the window.
    total: Option<u64>,
}

/// Syncs one WooCommerce site.
pub struct WooConnector {
    url: String,
    site: Option<WooSite>,
    credentials: WooCredentials,
}

impl WooConnector {
    /// A connector for a checked `site` with its key.
    pub fn new(site: WooSite, credentials: WooCredentials) -> WooConnector {
        WooConnector {
            url: site.base.clone(),
            site: Some(site),
            credentials,
        }
    }

    /// A connector for a linked store's site URL: the site is checked again when the run
    /// starts (how it is reached may have changed: permalinks turned on, a new host).
    pub fn for_store(url: &str, credentials: WooCredentials) -> WooConnector {
        WooConnector {
            url: url.to_string(),
            site: None,
            credentials,
        }
    }

    fn endpoint(&self) -> Endpoint<'_> {
        let site = self.site.as_ref().expect("prepare() checks the site first");
        Endpoint {
            base: &site.base,
            style: site.style,
            auth: Some((site.auth, &self.credentials)),
        }
    }

    /// A new pass, or the one the checkpoint was in.
    fn pass(req: &PullRequest<'_>, overlap: i64) -> Pass {
        let cp = req.checkpoint;
        if let Some(pass) = cp
            .and_then(|c| c.cursor.as_deref())
            .and_then(|c| serde_json::from_str::<Pass>(c).ok())
        {
            return pass;
        }
        Pass {
            lower: cp.and_then(|c| c.high_water_mark).map(|h| h - overlap),
            upper: req.run_started,
            offset: 0,
            total: None,
        }
    }

    async fn customers(&self, http: &Http, req: PullRequest<'_>) -> Result<Page, SyncError> {
        let mut pass = Self::pass(&req, 0);
        let query = [
            ("orderby", "id".to_string()),
            ("order", "asc".to_string()),
            ("per_page", PER_PAGE.to_string()),
            ("offset", pass.offset.to_string()),
        ];
        let (items, total) = self
            .endpoint()
            .get_list(http, "/wc/v3/customers", &query)
            .await?;
        let customers = items
            .iter()
            .map(map::customer)
            .collect::<Result<Vec<_>, _>>()?;
        let read = items.len() as u64;
        let done = read < PER_PAGE || total.is_some_and(|t| pass.offset + read >= t);
        pass.offset += read;
        pass.total = total;
        Ok(Page {
            customers,
            checkpoint: finish(pass, done, "customers"),
            // A customers pass has no window: once through, the resource is done.
            done,
            total,
            done_in_pass: pass.offset,
            ..Page::default()
        })
    }

    async fn orders(&self, http: &Http, req: PullRequest<'_>) -> Result<Page, SyncError> {
        let mut pass = Self::pass(&req, OVERLAP_SECS);
        let mut query = vec![
            ("orderby", "id".to_string()),
            ("order", "asc".to_string()),
            ("per_page", PER_PAGE.to_string()),
            ("offset", pass.offset.to_string()),
            ("dates_are_gmt", "true".to_string()),
            ("modified_before", iso(pass.upper)),
        ];
        if let Some(lower) = pass.lower {
            query.push(("modified_after", iso(lower)));
        }
        let ep = self.endpoint();
        let (items, total) = ep.get_list(http, "/wc/v3/orders", &query).await?;
        let mut page = Page::default();
        for v in &items {
            let order = map::order(v)?;
            if let Some(c) = map::buyer(v) {
                page.customers.push(c);
            }
            if has_refunds(v) {
                let route = format!("/wc/v3/orders/{}/refunds", order.platform_id);
                let mut offset = 0u64;
                loop {
                    let q = [
                        ("per_page", PER_PAGE.to_string()),
                        ("offset", offset.to_string()),
                    ];
                    let (refunds, _) = ep.get_list(http, &route, &q).await?;
                    for r in &refunds {
                        page.refunds.push(map::refund(r, &order)?);
                    }
                    offset += refunds.len() as u64;
                    if (refunds.len() as u64) < PER_PAGE {
                        break;
                    }
                }
            }
            page.orders.push(order);
        }
        let read = items.len() as u64;
        // Records that left the window since the last page (modified meanwhile: the next
        // run's) shifted every later record down by as many places: read again from that
        // many places before this page (re-reads are harmless upserts; a skip would not be).
        let shrunk = match (pass.total, total) {
            (Some(before), Some(now)) if now < before => before - now,
            _ => 0,
        };
        let start = pass.offset;
        let done = shrunk == 0 && (read < PER_PAGE || total.is_some_and(|t| start + read >= t));
        pass.offset = if shrunk > 0 {
            start.saturating_sub(shrunk)
        } else {
            start + read
        };
        pass.total = total;
        page.total = total;
        page.done_in_pass = pass.offset;
        page.checkpoint = finish(pass, done, "incremental");
        page.done = done && pass.upper >= req.run_started;
        Ok(page)
    }
}

/// The checkpoint after a page: mid-pass, the pass itself; at its end, the frozen upper
/// bound as the new high-water mark.
fn finish(pass: Pass, done: bool, phase: &str) -> Checkpoint {
    if done {
        Checkpoint {
            cursor: None,
            high_water_mark: Some(pass.upper),
            phase: Some(phase.into()),
            ..Checkpoint::default()
        }
    } else {
        Checkpoint {
            cursor: Some(serde_json::to_string(&pass).expect("a pass serializes")),
            high_water_mark: pass.lower.map(|l| l + OVERLAP_SECS),
            phase: Some(
                if pass.lower.is_some() {
                    "incremental"
                } else {
                    "backfill"
                }
                .into(),
            ),
            ..Checkpoint::default()
        }
    }
}

fn has_refunds(order: &Value) -> bool {
    order
        .get("refunds")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty())
}

/// GMT seconds → `2024-05-01T12:00:00` (with `dates_are_gmt=true`).
fn iso(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

impl Connector for WooConnector {
    fn platform(&self) -> &'static str {
        "woocommerce"
    }

    fn resources(&self) -> &'static [&'static str] {
        &[CUSTOMERS, ORDERS]
    }

    async fn prepare(&mut self, http: &Http) -> Result<(), SyncError> {
        if self.site.is_none() {
            self.site = Some(crate::check_site(http, &self.url, &self.credentials).await?);
        }
        Ok(())
    }

    async fn pull(&mut self, http: &Http, req: PullRequest<'_>) -> Result<Page, SyncError> {
        match req.resource {
            CUSTOMERS => self.customers(http, req).await,
            _ => self.orders(http, req).await,
        }
    }
}
