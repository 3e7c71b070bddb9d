//! HTTP with the retry rules every connector shares.
//!
//! Why here and not per connector: "what is worth retrying, and how long to wait" is the same
//! question for every platform, and getting it wrong either hammers a platform (and gets the
//! seller's app banned) or gives up on a blip. The rules:
//! - retried: transport errors (no connection, timeout, reset), a body cut short, HTTP 429 and
//!   5xx (except 501, which a firewall such as ModSecurity answers every time), and — through
//!   [`Http::send_json`] — a 2xx body that is not valid JSON (a truncated answer);
//! - the wait: the platform's `Retry-After` (seconds or an HTTP date) when it sends one, else
//!   exponential backoff with jitter (half fixed, half random: clients that failed together do
//!   not retry together); a `Retry-After` longer than [`RetryPolicy::max_retry_after`] ends the
//!   run as rate-limited instead of sleeping for it;
//! - never retried: 401 and 403 (returned to the connector, which reports
//!   [`SyncError::RelinkNeeded`]) and every other 4xx.
//!
//! Messages never contain the request URL as sent (a WooCommerce fallback puts the key in the
//! query string): callers name the request with a credential-free `what`.

use std::time::Duration;

use rand::Rng;
use serde::de::DeserializeOwned;

use crate::{CancelToken, SyncError};

/// How hard to try.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub max_attempts: u32,
    /// The first backoff delay; each further one doubles, up to `max_delay`.
    pub base_delay: Duration,
    /// The longest backoff delay.
    pub max_delay: Duration,
    /// Per-request timeout (connect, send and the whole body).
    pub timeout: Duration,
    /// The longest `Retry-After` waited for; a longer one stops the run as rate-limited.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            timeout: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(300),
        }
    }
}

/// A complete answer: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body, complete.
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value as text, if present and ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The HTTP client of one run: reqwest (rustls) with [`RetryPolicy`] and the run's cancel flag.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    policy: RetryPolicy,
    cancel: CancelToken,
}

/// Why an attempt failed, when it is worth another.
enum Retry {
    Transport(String),
    Status {
        status: u16,
        retry_after: Option<Duration>,
        detail: String,
    },
    Broken(String),
}

impl Http {
    /// A client with `policy`, stopped by `cancel`.
    pub fn new(policy: RetryPolicy, cancel: CancelToken) -> Result<Http, SyncError> {
        let client = reqwest::Client::builder()
            .timeout(policy.timeout)
            .user_agent(concat!("RepeatLens/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::Offline {
                host: "(http client)".into(),
                detail: error_chain(&e.without_url()),
            })?;
        Ok(Http {
            client,
            policy,
            cancel,
        })
    }

    /// The run's cancel flag.
    pub fn cancel_token(&self) -> &CancelToken {
        &self.cancel
    }

    /// Sends the request `make` builds (again for each attempt) until it gets an answer that is
    /// not worth retrying, and returns it — 2xx or not. `what` names the request in errors
    /// (a URL without credentials).
    pub async fn send(
        &self,
        what: &str,
        make: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<Response, SyncError> {
        self.attempts(what, &make, |_| true).await
    }

    /// [`Http::send`], and a 2xx answer must parse as JSON `T` (else it is retried as a
    /// truncated body). Non-2xx answers are returned unparsed for the connector to read.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        what: &str,
        make: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<(Response, Option<T>), SyncError> {
        let mut parsed = None;
        let response = self
            .attempts(what, &make, |r| {
                if !r.is_success() {
                    return true;
                }
                match r.json::<T>() {
                    Ok(v) => {
                        parsed = Some(v);
                        true
                    }
                    Err(_) => false,
                }
            })
            .await?;
        Ok((response, parsed))
    }

    async fn attempts(
        &self,
        what: &str,
        make: &impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        mut accept: impl FnMut(&Response) -> bool,
    ) -> Result<Response, SyncError> {
        let host = host_of(what);
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.cancel.check()?;
            let failure = match make(&self.client).send().await {
                Err(e) => Retry::Transport(error_chain(&e.without_url())),
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let headers = resp.headers().clone();
                    match resp.bytes().await {
                        Err(e) => Retry::Broken(format!(
                            "the answer was cut short ({})",
                            error_chain(&e.without_url())
                        )),
                        Ok(body) => {
                            let r = Response {
                                status,
                                headers,
                                body: body.to_vec(),
                            };
                            if status == 429 || (status >= 500 && status != 501) {
                                Retry::Status {
                                    status,
                                    retry_after: r.header("retry-after").and_then(retry_after),
                                    detail: snippet(&r.body),
                                }
                            } else if accept(&r) {
                                return Ok(r);
                            } else {
                                Retry::Broken("the answer is not complete JSON".into())
                            }
                        }
                    }
                }
            };
            let asked = match &failure {
                Retry::Status { retry_after, .. } => *retry_after,
                _ => None,
            };
            if let Some(wait) = asked.filter(|w| *w > self.policy.max_retry_after) {
                return Err(SyncError::RateLimited {
                    retry_after_secs: wait.as_secs(),
                });
            }
            if attempt >= self.policy.max_attempts {
                return Err(match failure {
                    Retry::Transport(detail) => SyncError::Offline { host, detail },
                    Retry::Status {
                        status: 429,
                        retry_after,
                        ..
                    } => SyncError::RateLimited {
                        retry_after_secs: retry_after.unwrap_or(self.policy.max_delay).as_secs(),
                    },
                    Retry::Status { status, detail, .. } => SyncError::Server {
                        host,
                        status,
                        attempts: attempt,
                        detail,
                    },
                    Retry::Broken(detail) => SyncError::Server {
                        host,
                        status: 0,
                        attempts: attempt,
                        detail,
                    },
                });
            }
            let wait = asked.unwrap_or_else(|| self.backoff(attempt));
            self.cancel.sleep(wait).await?;
        }
    }

    /// The wait before attempt `attempt + 1`: base × 2^(attempt−1), capped, half of it random.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .policy
            .base_delay
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(self.policy.max_delay);
        let half = exp / 2;
        half + half.mul_f64(rand::thread_rng().gen::<f64>())
    }
}

/// `Retry-After`: delta-seconds or an HTTP date.
fn retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (when.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(Duration::from_secs(secs as u64))
}

/// The host part of a URL, for messages.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    rest.split(['/', '?']).next().unwrap_or(rest).to_string()
}

/// An error and its causes, on one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cur = c.source();
    }
    s
}

/// The start of a body, for an error message.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let t: String = text.chars().take(200).collect();
    t.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_half_of_it_random() {
        let http = Http::new(
            RetryPolicy {
                base_delay: Duration::from_millis(100),
                max_delay: Duration::from_millis(1000),
                ..RetryPolicy::default()
            },
            CancelToken::new(),
        )
        .unwrap();
        for (attempt, full) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (9, 1000)] {
            for _ in 0..20 {
                let d = http.backoff(attempt).as_millis() as u64;
                assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d} ms");
            }
        }
    }

    #[test]
    fn hosts_come_from_urls_without_paths_or_queries() {
        assert_eq!(
            host_of("https://shop.example/wp-json/wc/v3/orders?page=2"),
            "shop.example"
        );
        assert_eq!(
            host_of("http://127.0.0.1:8080?rest_route=/"),
            "127.0.0.1:8080"
        );
    }
}
