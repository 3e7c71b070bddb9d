//! Building requests (URL style, credentials) and reading WooCommerce's error bodies.

use serde::{Deserialize, Serialize};

use repeatlens_sync::{Http, Response, SyncError};

/// The consumer key and secret made in WooCommerce › Settings › Advanced › REST API. Kept in
/// the OS keyring as JSON; `Debug` never prints them.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct WooCredentials {
    /// `ck_…`
    pub consumer_key: String,
    /// `cs_…`
    pub consumer_secret: String,
}

impl std::fmt::Debug for WooCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WooCredentials(…)")
    }
}

/// How the REST API is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiStyle {
    /// `/wp-json/wc/v3/…` (pretty permalinks on).
    Pretty,
    /// `/?rest_route=/wc/v3/…` (pretty permalinks off).
    RestRoute,
}

/// How credentials are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthStyle {
    /// HTTP Basic (the documented way over HTTPS).
    Basic,
    /// `consumer_key`/`consumer_secret` in the query string, for servers that strip the
    /// `Authorization` header ("Consumer key is missing").
    QueryString,
}

/// A WooCommerce/WordPress error body: `{code, message, data: {status}}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct WpError {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

pub(crate) fn wp_error(r: &Response) -> WpError {
    r.json::<WpError>().unwrap_or_default()
}

/// One REST request: where and how.
pub(crate) struct Endpoint<'a> {
    pub base: &'a str,
    pub style: ApiStyle,
    pub auth: Option<(AuthStyle, &'a WooCredentials)>,
}

impl Endpoint<'_> {
    /// The URL for `route` (e.g. `/wc/v3/orders`), and how to name it in messages (the
    /// same without credentials).
    fn url(&self, route: &str) -> String {
        match self.style {
            ApiStyle::Pretty => format!("{}/wp-json{route}", self.base),
            ApiStyle::RestRoute => format!("{}/", self.base),
        }
    }

    /// GET `route` with `query`, retried by `http`; the answer, whatever its status.
    pub async fn get(
        &self,
        http: &Http,
        route: &str,
        query: &[(&str, String)],
    ) -> Result<Response, SyncError> {
        let url = self.url(route);
        let mut q: Vec<(&str, String)> = Vec::new();
        if self.style == ApiStyle::RestRoute {
            q.push(("rest_route", route.to_string()));
        }
        q.extend(query.iter().cloned());
        let shown = format!(
            "{url}?{}",
            q.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        );
        let auth = self.auth;
        http.send(&shown, |c| {
            let mut b = c.get(&url).query(&q);
            match auth {
                Some((AuthStyle::Basic, cred)) => {
                    b = b.basic_auth(&cred.consumer_key, Some(&cred.consumer_secret));
                }
                Some((AuthStyle::QueryString, cred)) => {
                    b = b.query(&[
                        ("consumer_key", cred.consumer_key.as_str()),
                        ("consumer_secret", cred.consumer_secret.as_str()),
                    ]);
                }
                None => {}
            }
            b
        })
        .await
    }

    /// GET a JSON list (paged): the items and `X-WP-Total`. Errors (401/403 → re-link, other
    /// statuses → the platform's message) are the caller's to refine through `on_error`.
    pub async fn get_list(
        &self,
        http: &Http,
        route: &str,
        query: &[(&str, String)],
    ) -> Result<(Vec<serde_json::Value>, Option<u64>), SyncError> {
        // A truncated body that still parses as JSON cannot be a list cut short (the closing
        // bracket is last); one that does not parse is retried.
        for attempt in 1..=3 {
            let r = self.get(http, route, query).await?;
            if !r.is_success() {
                return Err(status_error(&r, route));
            }
            match r.json::<Vec<serde_json::Value>>() {
                Ok(items) => {
                    let total = r.header("x-wp-total").and_then(|t| t.trim().parse().ok());
                    return Ok((items, total));
                }
                Err(e) if attempt == 3 => {
                    return Err(SyncError::BadResponse {
                        url: format!("{}{route}", self.base),
                        detail: format!("not a JSON list: {e}"),
                    })
                }
                Err(_) => {}
            }
        }
        unreachable!("the loop returns on its last attempt")
    }
}

/// A non-2xx answer as a sync error: 401/403 need re-linking (revoked key, lost permission);
/// anything else is the platform's message.
pub(crate) fn status_error(r: &Response, route: &str) -> SyncError {
    let e = wp_error(r);
    let detail = if e.message.is_empty() {
        format!("HTTP {}", r.status)
    } else {
        format!("{} ({})", e.message, e.code)
    };
    match r.status {
        // A write-only key: `cannot_view`, or (WooCommerce's own check) "does not have read
        // permissions".
        401 | 403
            if e.code == "woocommerce_rest_cannot_view"
                || e.message.to_ascii_lowercase().contains("read permission") =>
        {
            SyncError::NoReadPermission {
                what: route.trim_start_matches("/wc/v3/").to_string(),
                detail,
            }
        }
        401 | 403 => SyncError::RelinkNeeded {
            status: r.status,
            detail,
        },
        _ => SyncError::BadResponse {
            url: route.to_string(),
            detail,
        },
    }
}
