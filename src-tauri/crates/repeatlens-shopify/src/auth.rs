//! Credentials: an Admin API access token, or an own app's client id and secret exchanged
//! (client-credentials grant) for a token that is renewed before it expires. Both are kept in
//! the OS keyring as JSON by the caller; minted tokens live in memory only.

use serde::{Deserialize, Serialize};

use repeatlens_sync::{Http, SyncError};

/// What the seller pasted. `Debug` never prints a secret.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShopifyCredentials {
    /// An Admin API access token (`shpat_…`) of a custom app.
    AccessToken {
        /// The token.
        token: String,
    },
    /// An own app's client credentials (Dev Dashboard): exchanged for 24-hour tokens.
    ClientCredentials {
        /// The app's client id.
        client_id: String,
        /// The app's client secret.
        client_secret: String,
    },
}

impl std::fmt::Debug for ShopifyCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShopifyCredentials::AccessToken { .. } => f.write_str("AccessToken(…)"),
            ShopifyCredentials::ClientCredentials { client_id, .. } => {
                write!(f, "ClientCredentials({client_id}, …)")
            }
        }
    }
}

/// A shop as typed (`name`, `name.myshopify.com`, `https://name.myshopify.com/admin`) →
/// `https://name.myshopify.com`; a loopback `http://127.0.0.1:PORT` base URL is kept as it is
/// (a local mock). Anything else is refused in plain words.
pub fn shop_base_url(shop: &str) -> Result<String, SyncError> {
    let t = shop.trim().trim_end_matches('/');
    let lower = t.to_ascii_lowercase();
    for loopback in ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"] {
        if let Some(port) = lower.strip_prefix(loopback) {
            if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
                return Ok(lower);
            }
        }
    }
    if lower.starts_with("http://") {
        return Err(SyncError::PlainHttp {
            url: shop.to_string(),
        });
    }
    let host = lower
        .strip_prefix("https://")
        .unwrap_or(&lower)
        .split('/')
        .next()
        .unwrap_or("");
    let host = if host.contains('.') {
        host.to_string()
    } else {
        format!("{host}.myshopify.com")
    };
    let name = host.strip_suffix(".myshopify.com").unwrap_or("");
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(SyncError::NotPlatform {
            url: shop.to_string(),
            platform: "Shopify",
            detail: "expected the shop's myshopify.com address, e.g. my-shop.myshopify.com (Settings › Domains shows it)".into(),
        });
    }
    Ok(format!("https://{host}"))
}

/// The token to send, renewed for client credentials.
pub(crate) struct Tokens {
    credentials: ShopifyCredentials,
    minted: Option<(String, i64)>,
}

#[derive(Deserialize)]
struct Grant {
    access_token: String,
    #[serde(default)]
    expires_in: Option<i64>,
}

impl Tokens {
    pub fn new(credentials: ShopifyCredentials) -> Tokens {
        Tokens {
            credentials,
            minted: None,
        }
    }

    /// Whether a refused token can be replaced by minting a new one.
    pub fn can_renew(&self) -> bool {
        matches!(
            self.credentials,
            ShopifyCredentials::ClientCredentials { .. }
        )
    }

    /// Forgets a minted token (it was refused).
    pub fn drop_minted(&mut self) {
        self.minted = None;
    }

    /// The token for the next request: the static one, or a minted one with at least five
    /// minutes left (else a new one from `POST /admin/oauth/access_token`).
    pub async fn token(&mut self, http: &Http, base: &str) -> Result<String, SyncError> {
        let (client_id, client_secret) = match &self.credentials {
            ShopifyCredentials::AccessToken { token } => return Ok(token.clone()),
            ShopifyCredentials::ClientCredentials {
                client_id,
                client_secret,
            } => (client_id.clone(), client_secret.clone()),
        };
        let now = repeatlens_store::unix_now();
        if let Some((t, expires)) = &self.minted {
            if *expires - 300 > now {
                return Ok(t.clone());
            }
        }
        let url = format!("{base}/admin/oauth/access_token");
        let r = http
            .send(&url, |c| {
                c.post(&url).form(&[
                    ("client_id", client_id.as_str()),
                    ("client_secret", client_secret.as_str()),
                    ("grant_type", "client_credentials"),
                ])
            })
            .await?;
        if !r.is_success() {
            let body: serde_json::Value = r.json().unwrap_or_default();
            let detail = body["error_description"]
                .as_str()
                .or(body["error"].as_str())
                .unwrap_or("the shop refused the app's client credentials")
                .to_string();
            return Err(SyncError::RelinkNeeded {
                status: r.status,
                detail,
            });
        }
        let g: Grant = r.json().map_err(|e| SyncError::BadResponse {
            url: url.clone(),
            detail: format!("not a token answer: {e}"),
        })?;
        let expires = now + g.expires_in.unwrap_or(86_399);
        self.minted = Some((g.access_token.clone(), expires));
        Ok(g.access_token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shops_normalize_to_their_myshopify_address() {
        assert_eq!(
            shop_base_url("my-shop").unwrap(),
            "https://my-shop.myshopify.com"
        );
        assert_eq!(
            shop_base_url("https://My-Shop.myshopify.com/admin/").unwrap(),
            "https://my-shop.myshopify.com"
        );
        assert_eq!(
            shop_base_url("http://127.0.0.1:8123").unwrap(),
            "http://127.0.0.1:8123"
        );
        assert!(matches!(
            shop_base_url("http://my-shop.myshopify.com"),
            Err(SyncError::PlainHttp { .. })
        ));
        assert!(matches!(
            shop_base_url("my shop!"),
            Err(SyncError::NotPlatform { .. })
        ));
        let c = ShopifyCredentials::AccessToken {
            token: "shpat_secret".into(),
        };
        assert!(!format!("{c:?}").contains("shpat_secret"));
    }
}
