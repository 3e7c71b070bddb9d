//! Pages of customers and orders by `updated_at` window, sized by their cost.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use repeatlens_store::Checkpoint;
use repeatlens_sync::{Connector, Http, Page, PullRequest, SyncError};

use crate::auth::{shop_base_url, ShopifyCredentials, Tokens};
use crate::gql::Gql;
use crate::{map, queries};

/// The `customers` resource.
pub const CUSTOMERS: &str = "customers";
/// The `orders` resource (line items, refunds and fulfillments come with their orders).
pub const ORDERS: &str = "orders";
/// How far below the high-water mark a pass starts re-reading (search index lag, equal
/// timestamps: platform-apis.md §9.2).
pub const OVERLAP_SECS: i64 = 15 * 60;
/// Shopify's largest page and largest single-query cost.
const MAX_FIRST: u64 = 250;
const MAX_QUERY_COST: f64 = 1000.0;

/// A checked shop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopSite {
    /// Where the API is (`https://name.myshopify.com`, or a loopback mock).
    pub base: String,
    /// `name.myshopify.com`: the store's platform identity.
    pub domain: String,
    /// The shop's name.
    pub name: String,
    /// The shop's currency (the orders' `shopMoney`).
    pub currency: String,
    /// The shop's IANA timezone.
    pub timezone: String,
}

/// Checks the shop and the credentials (minting a token for client credentials) before
/// anything is saved.
pub async fn check_shop(
    http: &Http,
    shop: &str,
    credentials: &ShopifyCredentials,
) -> Result<ShopSite, SyncError> {
    let base = shop_base_url(shop)?;
    let mut gql = Gql::new(base.clone(), Tokens::new(credentials.clone()));
    let a = gql.run(http, queries::SHOP, json!({}), 2.0).await?;
    let s = &a.data["shop"];
    let currency = s["currencyCode"]
        .as_str()
        .and_then(repeatlens_money::parse_currency_code)
        .ok_or_else(|| SyncError::NotPlatform {
            url: shop.to_string(),
            platform: "Shopify",
            detail: "the answer has no shop currency".into(),
        })?;
    Ok(ShopSite {
        domain: s["myshopifyDomain"].as_str().unwrap_or(&base).to_string(),
        name: s["name"].as_str().unwrap_or_default().to_string(),
        timezone: s["ianaTimezone"].as_str().unwrap_or("UTC").to_string(),
        currency,
        base,
    })
}

/// A pass in progress, as saved in the checkpoint's cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Pass {
    lower: Option<i64>,
    upper: i64,
    after: Option<String>,
    done: u64,
}

/// Syncs one Shopify shop.
pub struct ShopifyConnector {
    gql: Gql,
    /// Records per page and the cost of one record, per resource, from the probe's cost.
    page_size: [Option<(u64, f64)>; 2],
}

impl ShopifyConnector {
    /// A connector for the shop at `base` (as [`check_shop`] gave it) with `credentials`.
    pub fn new(base: &str, credentials: ShopifyCredentials) -> ShopifyConnector {
        ShopifyConnector {
            gql: Gql::new(base.to_string(), Tokens::new(credentials)),
            page_size: [None, None],
        }
    }

    /// GraphQL requests sent so far.
    pub fn requests(&self) -> u64 {
        self.gql.requests
    }

    fn pass(req: &PullRequest<'_>) -> Pass {
        let cp = req.checkpoint;
        if let Some(p) = cp
            .and_then(|c| c.cursor.as_deref())
            .and_then(|c| serde_json::from_str::<Pass>(c).ok())
        {
            return p;
        }
        Pass {
            lower: cp.and_then(|c| c.high_water_mark).map(|h| h - OVERLAP_SECS),
            upper: req.run_started,
            after: None,
            done: 0,
        }
    }

    /// `updated_at:>='…' AND updated_at:<='…'`.
    fn window(p: &Pass) -> String {
        let iso = |t: i64| {
            chrono::DateTime::from_timestamp(t, 0)
                .unwrap_or_default()
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        };
        let upper = format!("updated_at:<='{}'", iso(p.upper));
        match p.lower {
            Some(l) => format!("updated_at:>='{}' AND {upper}", iso(l)),
            None => upper,
        }
    }

    /// The most one query may cost: Shopify's single-query limit, or the shop's bucket when
    /// it is smaller (a query the bucket cannot hold would never be served).
    fn budget(&self) -> f64 {
        MAX_QUERY_COST.min(self.gql.maximum().unwrap_or(MAX_QUERY_COST))
    }

    /// The page size that keeps a query under the single-query limit and the bucket: from
    /// the cost of a one-record probe (2 for the connection + one node).
    fn size_from(&self, probe_cost: f64) -> u64 {
        let node = (probe_cost - 2.0).max(1.0);
        (((self.budget() - 2.0) / node).floor() as u64).clamp(1, MAX_FIRST)
    }

    async fn page(
        &mut self,
        http: &Http,
        req: PullRequest<'_>,
        slot: usize,
        doc: &str,
        field: &str,
    ) -> Result<(Vec<Value>, Pass, bool), SyncError> {
        let mut pass = Self::pass(&req);
        let (first, node) = self.page_size[slot].unwrap_or((1, 100.0));
        let vars = json!({ "first": first, "after": pass.after, "query": Self::window(&pass) });
        let a = self
            .gql
            .run(http, doc, vars, 2.0 + first as f64 * node)
            .await?;
        if self.page_size[slot].is_none() {
            if let Some(c) = a.requested_cost {
                let node = (c - 2.0).max(1.0);
                self.page_size[slot] = Some((self.size_from(c), node));
            }
        }
        let conn = &a.data[field];
        let items = conn["nodes"].as_array().cloned().unwrap_or_default();
        let more = conn["pageInfo"]["hasNextPage"].as_bool().unwrap_or(false);
        pass.after = conn["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_string)
            .or(pass.after);
        pass.done += items.len() as u64;
        Ok((items, pass, !more))
    }

    async fn customers(&mut self, http: &Http, req: PullRequest<'_>) -> Result<Page, SyncError> {
        let (items, pass, done) = self
            .page(http, req, 0, queries::CUSTOMERS, "customers")
            .await?;
        let customers = items
            .iter()
            .map(map::customer)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page {
            customers,
            done_in_pass: pass.done,
            checkpoint: finish(&pass, done),
            done: done && pass.upper >= req.run_started,
            ..Page::default()
        })
    }

    async fn orders(&mut self, http: &Http, req: PullRequest<'_>) -> Result<Page, SyncError> {
        let (items, pass, done) = self.page(http, req, 1, queries::ORDERS, "orders").await?;
        let mut page = Page::default();
        for v in &items {
            let (mut order, mut refunds) = map::order(v)?;
            let has_refunds = v["refunds"].as_array().is_some_and(|r| !r.is_empty());
            if has_refunds {
                // 5 refunds × (3 + a connection of `lines` refund lines of 4 points each).
                let lines = ((self.budget() - 1.0 - 25.0) / 20.0).clamp(1.0, 50.0) as u64;
                let vars = json!({ "id": v["id"], "lines": lines });
                let cost = 1.0 + 25.0 + 20.0 * lines as f64;
                let a = self
                    .gql
                    .run(http, queries::ORDER_REFUNDS, vars, cost)
                    .await?;
                let mut full = v.clone();
                full["refunds"] = a.data["order"]["refunds"].clone();
                refunds = map::order(&full)?.1;
            }
            // The rest of a long order's lines (Online Retail invoices run to hundreds).
            let mut info = v["lineItems"]["pageInfo"].clone();
            while info["hasNextPage"].as_bool() == Some(true) {
                // A connection of line nodes of 7 points each, inside the budget.
                let first = ((self.budget() - 3.0) / 7.0).clamp(1.0, MAX_FIRST as f64) as u64;
                let vars = json!({ "id": v["id"], "first": first, "after": info["endCursor"] });
                let cost = 3.0 + 7.0 * first as f64;
                let a = self.gql.run(http, queries::ORDER_LINES, vars, cost).await?;
                let li = &a.data["order"]["lineItems"];
                for l in li["nodes"].as_array().into_iter().flatten() {
                    order
                        .lines
                        .push(map::line(l, &order.currency, &order.platform_id)?);
                }
                info = li["pageInfo"].clone();
            }
            if let Some(c) = map::buyer(v) {
                page.customers.push(c);
            }
            page.orders.push(order);
            page.refunds.extend(refunds);
        }
        page.done_in_pass = pass.done;
        page.checkpoint = finish(&pass, done);
        page.done = done && pass.upper >= req.run_started;
        Ok(page)
    }
}

fn finish(pass: &Pass, done: bool) -> Checkpoint {
    if done {
        Checkpoint {
            cursor: None,
            high_water_mark: Some(pass.upper),
            phase: Some("incremental".into()),
            ..Checkpoint::default()
        }
    } else {
        Checkpoint {
            cursor: Some(serde_json::to_string(pass).expect("a pass serializes")),
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

impl Connector for ShopifyConnector {
    fn platform(&self) -> &'static str {
        "shopify"
    }

    fn resources(&self) -> &'static [&'static str] {
        &[CUSTOMERS, ORDERS]
    }

    async fn pull(&mut self, http: &Http, req: PullRequest<'_>) -> Result<Page, SyncError> {
        match req.resource {
            CUSTOMERS => self.customers(http, req).await,
            _ => self.orders(http, req).await,
        }
    }
}
