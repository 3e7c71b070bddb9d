//! GraphQL requests inside Shopify's cost budget.
//!
//! Shopify meters by points, not requests: each query has a `requestedQueryCost`, the shop's
//! bucket holds `maximumAvailable` points and refills at `restoreRate` per second, and every
//! answer reports the bucket (`extensions.cost.throttleStatus`). Before each request this
//! waits until the bucket, as last reported and refilled since, can pay for the query; a
//! `THROTTLED` answer (HTTP 200 or 429) waits for the shortfall and asks again. Transport
//! errors and 5xx are [`Http`]'s to retry.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use repeatlens_sync::{Http, SyncError};

use crate::auth::Tokens;

/// The bucket as last reported.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bucket {
    pub available: f64,
    pub maximum: f64,
    pub restore_rate: f64,
    pub at: Instant,
}

impl Bucket {
    fn now(&self) -> f64 {
        (self.available + self.at.elapsed().as_secs_f64() * self.restore_rate).min(self.maximum)
    }
}

/// One answer's data and what it cost.
pub(crate) struct Answer {
    pub data: Value,
    pub requested_cost: Option<f64>,
}

pub(crate) struct Gql {
    pub base: String,
    pub tokens: Tokens,
    pub bucket: Option<Bucket>,
    /// Requests sent (for tests and benchmarks).
    pub requests: u64,
    /// Per document: what the shop said it costs ÷ what it was estimated to cost, so the
    /// wait before the next request of that document is for its real cost.
    ratios: std::collections::HashMap<usize, f64>,
}

impl Gql {
    pub fn new(base: String, tokens: Tokens) -> Gql {
        Gql {
            base,
            tokens,
            bucket: None,
            requests: 0,
            ratios: std::collections::HashMap::new(),
        }
    }

    fn url(&self) -> String {
        format!(
            "{}/admin/api/{}/graphql.json",
            self.base,
            crate::API_VERSION
        )
    }

    /// The shop's bucket size, once known.
    pub fn maximum(&self) -> Option<f64> {
        self.bucket.map(|b| b.maximum)
    }

    /// Runs `query` with `variables`, expecting it to cost about `estimate` points.
    pub async fn run(
        &mut self,
        http: &Http,
        query: &str,
        variables: Value,
        mut estimate: f64,
    ) -> Result<Answer, SyncError> {
        let url = self.url();
        let body = json!({ "query": query, "variables": variables }).to_string();
        let doc = query.as_ptr() as usize;
        let first_estimate = estimate;
        estimate *= self.ratios.get(&doc).copied().unwrap_or(1.0);
        let mut renewed = false;
        for _throttled in 0..60 {
            if let Some(b) = self.bucket {
                let short = estimate.min(b.maximum) - b.now();
                if short > 0.0 && b.restore_rate > 0.0 {
                    // Plus 50 ms: the shop's clock and ours are not the same clock.
                    http.cancel_token()
                        .sleep(Duration::from_secs_f64(short / b.restore_rate + 0.05))
                        .await?;
                }
            }
            let token = self.tokens.token(http, &self.base).await?;
            self.requests += 1;
            let r = http
                .send(&url, |c| {
                    c.post(&url)
                        .header("X-Shopify-Access-Token", &token)
                        .header("Content-Type", "application/json")
                        .body(body.clone())
                })
                .await?;
            if r.status == 401 || r.status == 403 {
                if r.status == 401 && self.tokens.can_renew() && !renewed {
                    renewed = true;
                    self.tokens.drop_minted();
                    continue;
                }
                let v: Value = r.json().unwrap_or_default();
                let detail = v["errors"]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("HTTP {}", r.status));
                return Err(SyncError::RelinkNeeded {
                    status: r.status,
                    detail,
                });
            }
            let v: Value = r.json().map_err(|e| SyncError::BadResponse {
                url: url.clone(),
                detail: format!("HTTP {}: not JSON: {e}", r.status),
            })?;
            let cost = &v["extensions"]["cost"];
            if let Some(ts) = cost.get("throttleStatus") {
                self.bucket = Some(Bucket {
                    available: ts["currentlyAvailable"].as_f64().unwrap_or(0.0),
                    maximum: ts["maximumAvailable"].as_f64().unwrap_or(1000.0),
                    restore_rate: ts["restoreRate"].as_f64().unwrap_or(50.0),
                    at: Instant::now(),
                });
            }
            let requested = cost["requestedQueryCost"].as_f64();
            if let Some(c) = requested {
                if first_estimate > 0.0 {
                    self.ratios.insert(doc, c / first_estimate);
                }
            }
            let errors = v["errors"].as_array().cloned().unwrap_or_default();
            let throttled = r.status == 429
                || errors
                    .iter()
                    .any(|e| e["extensions"]["code"].as_str() == Some("THROTTLED"));
            if throttled {
                // Wait for the shortfall of what the query really costs (the loop's
                // pre-wait), then ask again.
                if let Some(c) = requested {
                    estimate = c;
                }
                // At least a tenth of a second: the bucket we were told about may be a
                // moment behind the one that refused us.
                http.cancel_token()
                    .sleep(Duration::from_millis(100))
                    .await?;
                continue;
            }
            if let Some(e) = errors
                .iter()
                .find(|e| e["extensions"]["code"].as_str() == Some("ACCESS_DENIED"))
            {
                return Err(SyncError::NoReadPermission {
                    what: e["path"]
                        .as_array()
                        .and_then(|p| p.first())
                        .and_then(Value::as_str)
                        .unwrap_or("the data")
                        .to_string(),
                    detail: e["message"].as_str().unwrap_or_default().to_string(),
                });
            }
            // Any other error fails the request, even beside partial data: a field left null
            // by an error would be stored as "no value".
            if !r.is_success() || !errors.is_empty() {
                let detail = errors
                    .iter()
                    .filter_map(|e| e["message"].as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                return Err(SyncError::BadResponse {
                    url,
                    detail: if detail.is_empty() {
                        format!("HTTP {}", r.status)
                    } else {
                        detail
                    },
                });
            }
            return Ok(Answer {
                data: v["data"].clone(),
                requested_cost: requested,
            });
        }
        Err(SyncError::RateLimited {
            retry_after_secs: 60,
        })
    }
}
