//! From what a seller pastes to a site the connector can sync, or a reason in plain words.

use serde::{Deserialize, Serialize};

use repeatlens_sync::{Http, SyncError};

use crate::api::{wp_error, ApiStyle, AuthStyle, Endpoint, WooCredentials};

/// A checked WooCommerce site: how to reach it and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WooSite {
    /// The site URL, normalized: the store's platform identity.
    pub base: String,
    /// `/wp-json/` or `?rest_route=`.
    pub style: ApiStyle,
    /// Basic auth or query-string credentials.
    pub auth: AuthStyle,
    /// The site's IANA timezone (`timezone_string`), or `UTC` when it has only an offset.
    pub timezone: String,
    /// The currency of its newest order (WooCommerce sells in one currency), or `None` for a
    /// shop without orders yet.
    pub currency: Option<String>,
    /// The site's title.
    pub title: String,
}

/// A site URL as typed (`shop.example`, `https://shop.example/`) → `https://shop.example`.
/// Plain `http://` is refused except on loopback (a local test site or mock), where nothing
/// crosses a network.
pub fn normalize_site_url(url: &str) -> Result<String, SyncError> {
    let t = url.trim().trim_end_matches('/');
    let with_scheme = if t.contains("://") {
        t.to_string()
    } else {
        format!("https://{t}")
    };
    let (scheme, rest) = with_scheme.split_once("://").unwrap_or(("https", t));
    let scheme = scheme.to_ascii_lowercase();
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_only = host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host);
    if host.is_empty()
        || rest.contains('?')
        || rest.contains('#')
        || rest.contains(char::is_whitespace)
    {
        return Err(SyncError::NotPlatform {
            url: url.to_string(),
            platform: "WooCommerce",
            detail: "that is not a site address (expected e.g. https://shop.example)".into(),
        });
    }
    let loopback = matches!(host_only, "127.0.0.1" | "localhost" | "[::1]");
    match scheme.as_str() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(SyncError::PlainHttp {
                url: url.to_string(),
            })
        }
        _ => {
            return Err(SyncError::NotPlatform {
                url: url.to_string(),
                platform: "WooCommerce",
                detail: format!("{scheme}:// is not a web address"),
            })
        }
    }
    let path = &rest[host.len()..];
    Ok(format!("{scheme}://{}{path}", host.to_ascii_lowercase()))
}

#[derive(Deserialize)]
struct WpIndex {
    #[serde(default)]
    namespaces: Vec<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    timezone_string: String,
}

/// Checks `url` and the key before anything is saved: the site answers the WordPress REST
/// API (pretty or `?rest_route=`), has WooCommerce's `wc/v3`, and the key can read orders (by
/// Basic auth, or by query string where the server strips the header).
pub async fn check_site(
    http: &Http,
    url: &str,
    credentials: &WooCredentials,
) -> Result<WooSite, SyncError> {
    let base = normalize_site_url(url)?;
    let mut found = None;
    for style in [ApiStyle::Pretty, ApiStyle::RestRoute] {
        let ep = Endpoint {
            base: &base,
            style,
            auth: None,
        };
        let r = ep.get(http, "/", &[]).await?;
        if r.is_success() {
            if let Ok(index) = r.json::<WpIndex>() {
                found = Some((style, index));
                break;
            }
        }
    }
    let Some((style, index)) = found else {
        return Err(SyncError::NotPlatform {
            url: url.to_string(),
            platform: "WooCommerce",
            detail: "no WordPress REST API answers there (neither /wp-json/ nor ?rest_route=/)"
                .into(),
        });
    };
    if !index.namespaces.iter().any(|n| n == "wc/v3") {
        return Err(SyncError::NotPlatform {
            url: url.to_string(),
            platform: "WooCommerce",
            detail: "it is a WordPress site, but WooCommerce (REST API wc/v3) is not active on it"
                .into(),
        });
    }
    let probe = [("per_page", "1".to_string())];
    let mut auth = AuthStyle::Basic;
    let mut r = Endpoint {
        base: &base,
        style,
        auth: Some((auth, credentials)),
    }
    .get(http, "/wc/v3/orders", &probe)
    .await?;
    if r.status == 401
        && wp_error(&r)
            .message
            .to_ascii_lowercase()
            .contains("consumer key is missing")
    {
        auth = AuthStyle::QueryString;
        r = Endpoint {
            base: &base,
            style,
            auth: Some((auth, credentials)),
        }
        .get(http, "/wc/v3/orders", &probe)
        .await?;
    }
    if !r.is_success() {
        return Err(crate::api::status_error(&r, "/wc/v3/orders"));
    }
    let newest: Vec<serde_json::Value> = r.json().map_err(|e| SyncError::BadResponse {
        url: format!("{base} orders"),
        detail: format!("not a JSON list: {e}"),
    })?;
    let currency = newest
        .first()
        .and_then(|o| o.get("currency"))
        .and_then(|c| c.as_str())
        .and_then(repeatlens_money::parse_currency_code);
    let timezone = if index.timezone_string.contains('/') {
        index.timezone_string
    } else {
        "UTC".to_string()
    };
    Ok(WooSite {
        base,
        style,
        auth,
        timezone,
        currency,
        title: index.name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls_normalize_and_plain_http_is_refused_off_loopback() {
        assert_eq!(
            normalize_site_url("Shop.Example/").unwrap(),
            "https://shop.example"
        );
        assert_eq!(
            normalize_site_url(" https://shop.example/store/ ").unwrap(),
            "https://shop.example/store"
        );
        assert_eq!(
            normalize_site_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(matches!(
            normalize_site_url("http://shop.example"),
            Err(SyncError::PlainHttp { .. })
        ));
        assert!(matches!(
            normalize_site_url("ftp://shop.example"),
            Err(SyncError::NotPlatform { .. })
        ));
        assert!(matches!(
            normalize_site_url("https://shop.example/?p=1"),
            Err(SyncError::NotPlatform { .. })
        ));
    }
}
