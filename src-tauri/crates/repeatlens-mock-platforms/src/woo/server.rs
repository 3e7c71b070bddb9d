//! The WooCommerce request handling (HTTP itself is in [`crate::http`]).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::AtomicUsize;

use base64::Engine;
use serde_json::{json, Value};

use crate::http::{reason, Handler, Head, Plan, Resp};

use super::model::RestUrls;
use super::{
    AuthUsed, Control, Fault, FaultKind, Permission, RequestInfo, Route, Shared, State, WooData,
};

impl Handler for Shared {
    fn handle<'a>(&'a self, head: &'a Head) -> Pin<Box<dyn Future<Output = Plan> + Send + 'a>> {
        Box::pin(handle(self, head))
    }

    fn now(&self) -> i64 {
        self.clock.now()
    }

    fn server_name(&self) -> &'static str {
        "Apache"
    }

    fn in_flight(&self) -> (&AtomicUsize, &AtomicUsize) {
        (&self.in_flight, &self.max_in_flight)
    }
}

// ---------------------------------------------------------------------------------------------
// Request routing
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Endpoint {
    RootIndex,
    NamespaceIndex,
    Orders,
    Order(u64),
    Refunds(u64),
    Refund(u64, u64),
    Customers,
    Customer(u64),
    Products,
    Product(u64),
    NoRoute,
}

impl Endpoint {
    fn route(&self) -> Option<Route> {
        Some(match self {
            Endpoint::RootIndex | Endpoint::NamespaceIndex => Route::Index,
            Endpoint::Orders => Route::Orders,
            Endpoint::Order(_) => Route::Order,
            Endpoint::Refunds(_) | Endpoint::Refund(..) => Route::Refunds,
            Endpoint::Customers | Endpoint::Customer(_) => Route::Customers,
            Endpoint::Products | Endpoint::Product(_) => Route::Products,
            Endpoint::NoRoute => return None,
        })
    }

    fn is_collection(&self) -> bool {
        matches!(
            self,
            Endpoint::Orders | Endpoint::Refunds(_) | Endpoint::Customers | Endpoint::Products
        )
    }
}

fn parse_endpoint(rest_route: &str) -> Endpoint {
    let trimmed = rest_route.trim_end_matches('/');
    if trimmed.is_empty() {
        return Endpoint::RootIndex;
    }
    let parts: Vec<&str> = trimmed.trim_start_matches('/').split('/').collect();
    let id = |s: &str| -> Option<u64> {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    match parts.as_slice() {
        ["wc", "v3"] => Endpoint::NamespaceIndex,
        ["wc", "v3", "orders"] => Endpoint::Orders,
        ["wc", "v3", "orders", o] => id(o).map_or(Endpoint::NoRoute, Endpoint::Order),
        ["wc", "v3", "orders", o, "refunds"] => id(o).map_or(Endpoint::NoRoute, Endpoint::Refunds),
        ["wc", "v3", "orders", o, "refunds", r] => match (id(o), id(r)) {
            (Some(o), Some(r)) => Endpoint::Refund(o, r),
            _ => Endpoint::NoRoute,
        },
        ["wc", "v3", "customers"] => Endpoint::Customers,
        ["wc", "v3", "customers", c] => id(c).map_or(Endpoint::NoRoute, Endpoint::Customer),
        ["wc", "v3", "products"] => Endpoint::Products,
        ["wc", "v3", "products", p] => id(p).map_or(Endpoint::NoRoute, Endpoint::Product),
        _ => Endpoint::NoRoute,
    }
}

/// What the request addressed.
enum Target {
    /// A REST route ("/wc/v3/orders") reached through `/wp-json` or `?rest_route=`.
    Rest(String),
    /// `/wp-json/…` while pretty permalinks are off.
    RestDisabled,
    /// The site's home page.
    Home,
    /// Any other non-REST path.
    Other,
}

struct Ctx {
    base: String,
    path: String,
    query: Vec<(String, String)>,
    rest: RestUrls,
    offset: i32,
}

fn error_body(status: u16, code: &str, message: &str) -> Value {
    json!({"code": code, "message": message, "data": {"status": status}})
}

fn json_resp(status: u16, body: &Value, extra: Vec<(String, String)>) -> Resp {
    let mut headers = vec![
        (
            "Content-Type".to_string(),
            "application/json; charset=UTF-8".to_string(),
        ),
        ("X-Robots-Tag".to_string(), "noindex".to_string()),
        ("X-Content-Type-Options".to_string(), "nosniff".to_string()),
        (
            "Access-Control-Expose-Headers".to_string(),
            "X-WP-Total, X-WP-TotalPages, Link".to_string(),
        ),
    ];
    headers.extend(extra);
    Resp {
        status,
        headers,
        body: serde_json::to_vec(body).unwrap_or_default(),
    }
}

fn err(status: u16, code: &str, message: &str) -> Resp {
    json_resp(status, &error_body(status, code, message), Vec::new())
}

fn no_route() -> Resp {
    err(
        404,
        "rest_no_route",
        "No route was found matching the URL and request method",
    )
}

fn auth_err(message: &str) -> Resp {
    let mut r = err(401, "woocommerce_rest_authentication_error", message);
    r.headers.push((
        "WWW-Authenticate".into(),
        "Basic realm=\"WooCommerce API. Use a consumer key in the username field and a consumer secret in the password field.\"".into(),
    ));
    r
}

async fn handle(shared: &Shared, head: &Head) -> Plan {
    let cfg = &shared.config;
    let (path, raw_query) = match head.target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (head.target.clone(), String::new()),
    };
    let query: Vec<(String, String)> = form_urlencoded::parse(raw_query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let host = head
        .header("host")
        .map(str::to_string)
        .unwrap_or_else(|| "127.0.0.1".to_string());
    let ctx = Ctx {
        base: format!("http://{host}"),
        path: path.clone(),
        query: query.clone(),
        rest: RestUrls {
            pretty: cfg.pretty_permalinks,
        },
        offset: cfg.site_utc_offset_secs,
    };
    let target = if path == "/wp-json" || path.starts_with("/wp-json/") {
        if cfg.pretty_permalinks {
            Target::Rest(path["/wp-json".len()..].to_string())
        } else {
            Target::RestDisabled
        }
    } else if path == "/" || path == "/index.php" {
        match query.iter().rev().find(|(k, _)| k == "rest_route") {
            Some((_, r)) => Target::Rest(r.clone()),
            None => Target::Home,
        }
    } else {
        Target::Other
    };
    let endpoint = match &target {
        Target::Rest(r) => parse_endpoint(r),
        _ => Endpoint::NoRoute,
    };

    // Credentials carried (for the log), before anything else.
    let q_key = last(&query, "consumer_key").filter(|s| !s.is_empty());
    let q_secret = last(&query, "consumer_secret").filter(|s| !s.is_empty());
    let basic = head.header("authorization").and_then(|v| {
        let (scheme, rest) = v.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let raw = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()?;
        let s = String::from_utf8(raw).ok()?;
        let (k, p) = s.split_once(':')?;
        Some((k.to_string(), p.to_string()))
    });
    let has_auth_header = head.header("authorization").is_some();
    let auth_used = if q_key.is_some() && q_secret.is_some() {
        AuthUsed::QueryString
    } else if basic.is_some() && !cfg.strip_authorization {
        AuthUsed::Basic
    } else {
        AuthUsed::None
    };

    // Fault selection.
    let fault: Option<Fault> = {
        let mut st = shared.lock();
        let route = endpoint.route();
        let pos = st.faults.iter().position(|f| match (f.route, route) {
            (Route::Any, _) => true,
            (r, Some(er)) => r == er,
            _ => false,
        });
        pos.and_then(|p| st.faults.remove(p))
    };
    if let Some(Fault {
        kind: FaultKind::Slow(d),
        ..
    }) = &fault
    {
        tokio::time::sleep(*d).await;
    }
    if !cfg.latency.is_zero() {
        tokio::time::sleep(cfg.latency).await;
    }

    let mut st = shared.lock();
    let st = &mut *st;
    let resp = match fault.as_ref().map(|f| &f.kind) {
        Some(FaultKind::Status {
            status,
            retry_after,
        }) => {
            let code = if *status == 500 {
                "internal_server_error".to_string()
            } else {
                format!("http_{status}")
            };
            let msg = if *status == 500 {
                "There has been a critical error on this website."
            } else {
                reason(*status)
            };
            let mut r = err(*status, &code, msg);
            if let Some(s) = retry_after {
                r.headers.push(("Retry-After".into(), s.to_string()));
            }
            r
        }
        Some(FaultKind::Unauthorized) => auth_err("Consumer key is invalid."),
        _ => {
            let authn = || -> Result<bool, Resp> {
                // Ok(true) = valid credentials, Ok(false) = anonymous.
                let creds = if let (Some(k), Some(s)) = (q_key, q_secret) {
                    Some((k.to_string(), s.to_string()))
                } else if has_auth_header && cfg.strip_authorization {
                    return Err(auth_err("Consumer key is missing."));
                } else {
                    basic.clone()
                };
                match creds {
                    None => Ok(false),
                    Some((k, s)) => {
                        if st.revoked || k != cfg.consumer_key {
                            Err(auth_err("Consumer key is invalid."))
                        } else if s != cfg.consumer_secret {
                            Err(auth_err("Consumer secret is invalid."))
                        } else {
                            Ok(true)
                        }
                    }
                }
            };
            match &target {
                Target::Home => Resp {
                    status: 200,
                    headers: vec![("Content-Type".into(), "text/html; charset=UTF-8".into())],
                    body: b"<!doctype html><title>RepeatLens mock shop</title><h1>Mock shop</h1>"
                        .to_vec(),
                },
                Target::Other => Resp {
                    status: 404,
                    headers: vec![("Content-Type".into(), "text/html; charset=UTF-8".into())],
                    body: b"<!doctype html><title>Page not found</title>".to_vec(),
                },
                Target::RestDisabled => no_route(),
                Target::Rest(route) => {
                    let is_wc = route.trim_start_matches('/').starts_with("wc/");
                    let authed = if is_wc { authn() } else { Ok(false) };
                    match authed {
                        Err(r) => r,
                        Ok(authed) => {
                            if (head.method != "GET" && head.method != "HEAD")
                                || endpoint == Endpoint::NoRoute
                            {
                                no_route()
                            } else if matches!(
                                endpoint,
                                Endpoint::RootIndex | Endpoint::NamespaceIndex
                            ) {
                                index(&endpoint, &ctx, cfg)
                            } else if !authed || cfg.permission == Permission::Write {
                                if endpoint.is_collection() {
                                    err(
                                        401,
                                        "woocommerce_rest_cannot_view",
                                        "Sorry, you cannot list resources.",
                                    )
                                } else {
                                    err(
                                        401,
                                        "woocommerce_rest_cannot_view",
                                        "Sorry, you cannot view this resource.",
                                    )
                                }
                            } else {
                                dispatch(&endpoint, &ctx, &st.data, cfg.default_per_page)
                            }
                        }
                    }
                }
            }
        }
    };

    let info = RequestInfo {
        method: head.method.clone(),
        path: ctx.path.clone(),
        query: ctx.query.clone(),
        auth: auth_used,
        status: if matches!(fault.as_ref().map(|f| &f.kind), Some(FaultKind::Reset)) {
            0
        } else {
            resp.status
        },
        at_unix: shared.clock.now(),
    };
    let State {
        hooks,
        data,
        faults,
        revoked,
        ..
    } = &mut *st;
    for h in hooks.iter_mut() {
        h(
            &info,
            &mut Control {
                data,
                faults,
                revoked,
            },
        );
    }
    st.log.push(info);
    match fault.map(|f| f.kind) {
        Some(FaultKind::Reset) => Plan::Reset,
        Some(FaultKind::TruncatedBody) => Plan::Truncate(resp, None),
        _ => Plan::Send(resp),
    }
}

fn last<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    q.iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn index(ep: &Endpoint, ctx: &Ctx, cfg: &super::WooConfig) -> Resp {
    let routes = [
        "/wc/v3/orders",
        "/wc/v3/orders/(?P<id>[\\d]+)",
        "/wc/v3/orders/(?P<order_id>[\\d]+)/refunds",
        "/wc/v3/orders/(?P<order_id>[\\d]+)/refunds/(?P<id>[\\d]+)",
        "/wc/v3/customers",
        "/wc/v3/customers/(?P<id>[\\d]+)",
        "/wc/v3/products",
        "/wc/v3/products/(?P<id>[\\d]+)",
    ];
    let mut route_map = serde_json::Map::new();
    for r in routes {
        route_map.insert(
            r.to_string(),
            json!({"namespace": "wc/v3", "methods": ["GET"], "endpoints": [{"methods": ["GET"], "args": {}}]}),
        );
    }
    let body = if *ep == Endpoint::NamespaceIndex {
        json!({
            "namespace": "wc/v3",
            "routes": route_map,
            "_links": {"up": [{"href": ctx.rest.url(&ctx.base, "/")}]},
        })
    } else {
        let hours = f64::from(cfg.site_utc_offset_secs) / 3600.0;
        let gmt_offset = if hours.fract() == 0.0 {
            json!(hours as i64)
        } else {
            json!(hours)
        };
        json!({
            "name": "RepeatLens Mock Shop",
            "description": "Just another WordPress site",
            "url": ctx.base,
            "home": ctx.base,
            "gmt_offset": gmt_offset,
            "timezone_string": "",
            "page_for_posts": 0,
            "page_on_front": 0,
            "show_on_front": "posts",
            "namespaces": ["oembed/1.0", "wc/store/v1", "wc/v1", "wc/v2", "wc/v3", "wc-analytics", "wp/v2", "wp-site-health/v1"],
            "authentication": {},
            "routes": route_map,
            "site_logo": 0,
            "site_icon": 0,
            "site_icon_url": "",
            "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]},
        })
    };
    json_resp(200, &body, Vec::new())
}

// ---------------------------------------------------------------------------------------------
// Parameter validation in WordPress' shape
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Params {
    map: HashMap<String, Vec<String>>,
    errors: Vec<(String, String, String)>, // (param, code, message)
}

/// `[a, b, c]` → "a, b, and c"; `[a, b]` → "a and b" (WordPress' `wp_sprintf_l`).
fn list_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [a] => a.to_string(),
        [a, b] => format!("{a} and {b}"),
        _ => format!(
            "{}, and {}",
            items[..items.len() - 1].join(", "),
            items[items.len() - 1]
        ),
    }
}

/// A date parameter: the wall-clock seconds as written, and the offset if a zone was given.
#[derive(Clone, Copy)]
struct DateParam {
    naive: i64,
    zone: Option<i32>,
}

impl DateParam {
    /// The value compared with the `post_*` columns (WP_Date_Query: zoned values are moved to
    /// site-local time; zone-less values are used as written).
    fn compare_value(&self, site_offset: i32) -> i64 {
        match self.zone {
            None => self.naive,
            Some(z) => self.naive - i64::from(z) + i64::from(site_offset),
        }
    }
}

fn parse_iso(s: &str) -> Option<DateParam> {
    // ^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+|,\d+)?(?:[Zz]|[+-]\d{2}(?::\d{2})?)?$
    let b = s.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if !(digits(11..13) && b[13] == b':' && digits(14..16) && b[16] == b':' && digits(17..19)) {
        return None;
    }
    let mut i = 19;
    if i < b.len() && (b[i] == b'.' || b[i] == b',') {
        i += 1;
        let st = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            return None;
        }
    }
    let zone = if i == b.len() {
        None
    } else if (b[i] == b'Z' || b[i] == b'z') && i + 1 == b.len() {
        Some(0)
    } else if b[i] == b'+' || b[i] == b'-' {
        let sign = if b[i] == b'-' { -1 } else { 1 };
        let rest = &s[i + 1..];
        let (h, m) = match rest.len() {
            2 => (rest, "00"),
            5 if rest.as_bytes()[2] == b':' => (&rest[..2], &rest[3..]),
            _ => return None,
        };
        let h: i32 = h.parse().ok()?;
        let m: i32 = m.parse().ok()?;
        Some(sign * (h * 3600 + m * 60))
    } else {
        return None;
    };
    let naive = chrono::NaiveDateTime::parse_from_str(
        &s[..19].replace(['t', ' '], "T"),
        "%Y-%m-%dT%H:%M:%S",
    )
    .ok()?
    .and_utc()
    .timestamp();
    Some(DateParam { naive, zone })
}

impl Params {
    fn new(query: &[(String, String)]) -> Params {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in query {
            // PHP array syntax: include[]=1&include[]=2, status[0]=x.
            let (name, is_array) = match k.find('[') {
                Some(i) if k.ends_with(']') => (&k[..i], true),
                _ => (k.as_str(), false),
            };
            let e = map.entry(name.to_string()).or_default();
            if is_array {
                e.push(v.clone());
            } else {
                // A scalar replaces earlier values (PHP keeps the last).
                *e = vec![v.clone()];
            }
        }
        Params {
            map,
            errors: Vec::new(),
        }
    }

    fn raw(&self, name: &str) -> Option<&str> {
        self.map
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    fn fail(&mut self, name: &str, code: &str, msg: String) {
        self.errors.push((name.to_string(), code.to_string(), msg));
    }

    fn int(&mut self, name: &str, min: Option<i64>, max: Option<i64>) -> Option<i64> {
        let raw = self.raw(name)?.trim().to_string();
        let Ok(v) = raw.parse::<i64>() else {
            self.fail(
                name,
                "rest_invalid_type",
                format!("{name} is not of type integer."),
            );
            return None;
        };
        match (min, max) {
            (Some(lo), Some(hi)) if v < lo || v > hi => {
                self.fail(
                    name,
                    "rest_out_of_bounds",
                    format!("{name} must be between {lo} (inclusive) and {hi} (inclusive)"),
                );
                None
            }
            (Some(lo), None) if v < lo => {
                self.fail(
                    name,
                    "rest_out_of_bounds",
                    format!("{name} must be greater than or equal to {lo}"),
                );
                None
            }
            _ => Some(v),
        }
    }

    fn enumerated(&mut self, name: &str, allowed: &[&str]) -> Option<String> {
        let raw = self.raw(name)?.to_string();
        if allowed.contains(&raw.as_str()) {
            Some(raw)
        } else {
            self.fail(
                name,
                "rest_not_in_enum",
                format!("{name} is not one of {}.", list_and(allowed)),
            );
            None
        }
    }

    fn list(&self, name: &str) -> Option<Vec<String>> {
        let vals = self.map.get(name)?;
        Some(
            vals.iter()
                .flat_map(|v| v.split(','))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        )
    }

    fn enum_list(&mut self, name: &str, allowed: &[&str]) -> Option<Vec<String>> {
        let vals = self.list(name)?;
        for (i, v) in vals.iter().enumerate() {
            if !allowed.contains(&v.as_str()) {
                self.fail(
                    name,
                    "rest_not_in_enum",
                    format!("{name}[{i}] is not one of {}.", list_and(allowed)),
                );
                return None;
            }
        }
        Some(vals)
    }

    fn int_list(&mut self, name: &str) -> Option<Vec<u64>> {
        let vals = self.list(name)?;
        let mut out = Vec::new();
        for (i, v) in vals.iter().enumerate() {
            match v.parse::<u64>() {
                Ok(n) => out.push(n),
                Err(_) => {
                    self.fail(
                        name,
                        "rest_invalid_type",
                        format!("{name}[{i}] is not of type integer."),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    fn date(&mut self, name: &str) -> Option<DateParam> {
        let raw = self.raw(name)?.to_string();
        match parse_iso(&raw) {
            Some(d) => Some(d),
            None => {
                self.fail(name, "rest_invalid_date", "Invalid date.".into());
                None
            }
        }
    }

    fn boolean(&mut self, name: &str) -> Option<bool> {
        let raw = self.raw(name)?.to_ascii_lowercase();
        match raw.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" | "" => Some(false),
            _ => {
                self.fail(
                    name,
                    "rest_invalid_type",
                    format!("{name} is not of type boolean."),
                );
                None
            }
        }
    }

    fn error_response(&self) -> Option<Resp> {
        if self.errors.is_empty() {
            return None;
        }
        let names: Vec<&str> = self.errors.iter().map(|(n, _, _)| n.as_str()).collect();
        let mut params = serde_json::Map::new();
        let mut details = serde_json::Map::new();
        for (n, code, msg) in &self.errors {
            params.insert(n.clone(), json!(msg));
            details.insert(
                n.clone(),
                json!({"code": code, "message": msg, "data": null}),
            );
        }
        Some(json_resp(
            400,
            &json!({
                "code": "rest_invalid_param",
                "message": format!("Invalid parameter(s): {}", names.join(", ")),
                "data": {"status": 400, "params": params, "details": details},
            }),
            Vec::new(),
        ))
    }
}

/// The common collection parameters.
struct Paging {
    page: i64,
    per_page: i64,
    offset: Option<i64>,
}

fn paging(p: &mut Params, default_per_page: u32) -> Paging {
    let page = p.int("page", Some(1), None).unwrap_or(1);
    let per_page = p
        .int("per_page", Some(1), Some(100))
        .unwrap_or(i64::from(default_per_page.clamp(1, 100)));
    let offset = p.int("offset", None, None).map(|o| o.max(0));
    Paging {
        page,
        per_page,
        offset,
    }
}

/// Date-window filters shared by orders, refunds and products.
struct Window {
    after: Option<DateParam>,
    before: Option<DateParam>,
    modified_after: Option<DateParam>,
    modified_before: Option<DateParam>,
    gmt: bool,
}

impl Window {
    fn parse(p: &mut Params, with_modified: bool) -> Window {
        Window {
            after: p.date("after"),
            before: p.date("before"),
            modified_after: if with_modified {
                p.date("modified_after")
            } else {
                None
            },
            modified_before: if with_modified {
                p.date("modified_before")
            } else {
                None
            },
            gmt: p.boolean("dates_are_gmt").unwrap_or(false),
        }
    }

    /// Whether a record created/modified at these UTC instants passes (bounds exclusive).
    fn pass(&self, created_utc: i64, modified_utc: i64, site_offset: i32) -> bool {
        let col = |utc: i64| {
            if self.gmt {
                utc
            } else {
                utc + i64::from(site_offset)
            }
        };
        let c = col(created_utc);
        let m = col(modified_utc);
        let v = |d: &DateParam| d.compare_value(site_offset);
        self.after.as_ref().is_none_or(|d| c > v(d))
            && self.before.as_ref().is_none_or(|d| c < v(d))
            && self.modified_after.as_ref().is_none_or(|d| m > v(d))
            && self.modified_before.as_ref().is_none_or(|d| m < v(d))
    }
}

fn link_url(ctx: &Ctx, route: &str, page: i64) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    let mut replaced = false;
    for (k, v) in &ctx.query {
        if k == "page" {
            if !replaced {
                ser.append_pair("page", &page.to_string());
                replaced = true;
            }
        } else {
            ser.append_pair(k, v);
        }
    }
    if !replaced {
        ser.append_pair("page", &page.to_string());
    }
    let q = ser.finish();
    if ctx.rest.pretty {
        format!("{}/wp-json{}?{}", ctx.base, route, q)
    } else if ctx.query.iter().any(|(k, _)| k == "rest_route") {
        format!("{}/?{}", ctx.base, q)
    } else {
        format!("{}/?rest_route={}&{}", ctx.base, route, q)
    }
}

/// Pages `items` and builds the collection response with WordPress' paging headers.
fn collection(ctx: &Ctx, route: &str, items: Vec<Value>, pg: &Paging) -> Resp {
    let total = items.len() as i64;
    let max_pages = if total == 0 {
        0
    } else {
        (total + pg.per_page - 1) / pg.per_page
    };
    let start = pg.offset.unwrap_or((pg.page - 1) * pg.per_page).max(0) as usize;
    let page_items: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(pg.per_page as usize)
        .collect();
    let mut links = Vec::new();
    if pg.page > 1 {
        links.push(format!("<{}>; rel=\"first\"", link_url(ctx, route, 1)));
        let prev = (pg.page - 1).min(max_pages);
        links.push(format!("<{}>; rel=\"prev\"", link_url(ctx, route, prev)));
    }
    if max_pages > pg.page {
        links.push(format!(
            "<{}>; rel=\"next\"",
            link_url(ctx, route, pg.page + 1)
        ));
        links.push(format!(
            "<{}>; rel=\"last\"",
            link_url(ctx, route, max_pages)
        ));
    }
    let mut headers = vec![
        ("X-WP-Total".to_string(), total.to_string()),
        ("X-WP-TotalPages".to_string(), max_pages.to_string()),
        ("Allow".to_string(), "GET, POST".to_string()),
    ];
    if !links.is_empty() {
        headers.push(("Link".to_string(), links.join(", ")));
    }
    json_resp(200, &Value::Array(page_items), headers)
}

const ORDER_STATUSES: [&str; 9] = [
    "any",
    "pending",
    "processing",
    "on-hold",
    "completed",
    "cancelled",
    "refunded",
    "failed",
    "trash",
];

fn sort_dir<T>(v: &mut [T], asc: bool, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    v.sort_by(|a, b| if asc { cmp(a, b) } else { cmp(b, a) });
}

fn include_pos(include: &Option<Vec<u64>>, id: u64) -> usize {
    include
        .as_ref()
        .and_then(|inc| inc.iter().position(|&i| i == id))
        .unwrap_or(usize::MAX)
}

fn dispatch(ep: &Endpoint, ctx: &Ctx, data: &WooData, default_per_page: u32) -> Resp {
    let mut p = Params::new(&ctx.query);
    match ep {
        Endpoint::Orders => {
            let pg = paging(&mut p, default_per_page);
            let w = Window::parse(&mut p, true);
            let order = p.enumerated("order", &["asc", "desc"]);
            let orderby = p.enumerated("orderby", &["date", "id", "include", "title", "slug"]);
            let status = p.enum_list("status", &ORDER_STATUSES);
            let customer = p.int("customer", None, None);
            let product = p.int("product", None, None);
            let parent = p.int_list("parent");
            let include = p.int_list("include");
            let exclude = p.int_list("exclude");
            let search = p.raw("search").map(str::to_lowercase);
            if let Some(r) = p.error_response() {
                return r;
            }
            let statuses = status.unwrap_or_else(|| vec!["any".into()]);
            let any = statuses.iter().any(|s| s == "any");
            let mut orders: Vec<_> = data
                .orders
                .values()
                .filter(|o| {
                    if any {
                        o.status != "trash" || statuses.iter().any(|s| s == "trash")
                    } else {
                        statuses.contains(&o.status)
                    }
                })
                .filter(|o| w.pass(o.date_created_gmt, o.date_modified_gmt, ctx.offset))
                .filter(|o| customer.is_none_or(|c| o.customer_id as i64 == c))
                .filter(|o| {
                    product
                        .is_none_or(|pid| o.line_items.iter().any(|l| l.product_id as i64 == pid))
                })
                .filter(|o| {
                    parent
                        .as_ref()
                        .is_none_or(|ps| ps.is_empty() || ps.contains(&o.parent_id))
                })
                .filter(|o| {
                    include
                        .as_ref()
                        .is_none_or(|i| i.is_empty() || i.contains(&o.id))
                })
                .filter(|o| exclude.as_ref().is_none_or(|e| !e.contains(&o.id)))
                .filter(|o| {
                    search.as_ref().is_none_or(|s| {
                        let b = &o.billing;
                        [&b.email, &b.first_name, &b.last_name, &o.number, &b.company]
                            .iter()
                            .any(|f| f.to_lowercase().contains(s.as_str()))
                    })
                })
                .collect();
            let asc = order.as_deref() == Some("asc");
            match orderby.as_deref().unwrap_or("date") {
                "id" => sort_dir(&mut orders, asc, |a, b| a.id.cmp(&b.id)),
                "include" => orders.sort_by_key(|o| (include_pos(&include, o.id), o.id)),
                "title" | "slug" => sort_dir(&mut orders, asc, |a, b| {
                    a.post_title(ctx.offset)
                        .cmp(&b.post_title(ctx.offset))
                        .then(a.id.cmp(&b.id))
                }),
                _ => sort_dir(&mut orders, asc, |a, b| {
                    a.date_created_gmt
                        .cmp(&b.date_created_gmt)
                        .then(a.id.cmp(&b.id))
                }),
            }
            let items = orders
                .iter()
                .map(|o| o.to_json(data.refunds_of(o.id), ctx.offset, &ctx.base, &ctx.rest))
                .collect();
            collection(ctx, "/wc/v3/orders", items, &pg)
        }
        Endpoint::Order(id) => match data.orders.get(id) {
            Some(o) => json_resp(
                200,
                &o.to_json(data.refunds_of(*id), ctx.offset, &ctx.base, &ctx.rest),
                Vec::new(),
            ),
            None => err(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID."),
        },
        Endpoint::Refunds(order_id) => {
            let pg = paging(&mut p, default_per_page);
            let w = Window::parse(&mut p, false);
            let order = p.enumerated("order", &["asc", "desc"]);
            let orderby = p.enumerated("orderby", &["date", "id", "include", "title", "slug"]);
            let include = p.int_list("include");
            let exclude = p.int_list("exclude");
            if let Some(r) = p.error_response() {
                return r;
            }
            let mut refunds: Vec<_> = data
                .refunds_of(*order_id)
                .iter()
                .filter(|r| w.pass(r.date_created_gmt, r.date_created_gmt, ctx.offset))
                .filter(|r| {
                    include
                        .as_ref()
                        .is_none_or(|i| i.is_empty() || i.contains(&r.id))
                })
                .filter(|r| exclude.as_ref().is_none_or(|e| !e.contains(&r.id)))
                .collect();
            let asc = order.as_deref() == Some("asc");
            match orderby.as_deref().unwrap_or("date") {
                "id" => sort_dir(&mut refunds, asc, |a, b| a.id.cmp(&b.id)),
                "include" => refunds.sort_by_key(|r| (include_pos(&include, r.id), r.id)),
                _ => sort_dir(&mut refunds, asc, |a, b| {
                    a.date_created_gmt
                        .cmp(&b.date_created_gmt)
                        .then(a.id.cmp(&b.id))
                }),
            }
            let items = refunds
                .iter()
                .map(|r| r.to_json(ctx.offset, &ctx.base, &ctx.rest))
                .collect();
            collection(
                ctx,
                &format!("/wc/v3/orders/{order_id}/refunds"),
                items,
                &pg,
            )
        }
        Endpoint::Refund(order_id, rid) => {
            match data.refunds_of(*order_id).iter().find(|r| r.id == *rid) {
                Some(r) => json_resp(
                    200,
                    &r.to_json(ctx.offset, &ctx.base, &ctx.rest),
                    Vec::new(),
                ),
                None => err(
                    404,
                    "woocommerce_rest_shop_order_refund_invalid_id",
                    "Invalid ID.",
                ),
            }
        }
        Endpoint::Customers => {
            let pg = paging(&mut p, default_per_page);
            let order = p.enumerated("order", &["asc", "desc"]);
            let orderby = p.enumerated("orderby", &["id", "include", "name", "registered_date"]);
            let role = p.enumerated(
                "role",
                &[
                    "all",
                    "administrator",
                    "editor",
                    "author",
                    "contributor",
                    "subscriber",
                    "customer",
                    "shop_manager",
                ],
            );
            let include = p.int_list("include");
            let exclude = p.int_list("exclude");
            let email = p.raw("email").map(|s| s.trim().to_lowercase());
            let search = p.raw("search").map(str::to_lowercase);
            if let Some(r) = p.error_response() {
                return r;
            }
            let role = role.unwrap_or_else(|| "customer".into());
            let mut cs: Vec<_> = data
                .customers
                .values()
                .filter(|c| role == "all" || c.role == role)
                .filter(|c| email.as_ref().is_none_or(|e| c.email.to_lowercase() == *e))
                .filter(|c| {
                    include
                        .as_ref()
                        .is_none_or(|i| i.is_empty() || i.contains(&c.id))
                })
                .filter(|c| exclude.as_ref().is_none_or(|e| !e.contains(&c.id)))
                .filter(|c| {
                    search.as_ref().is_none_or(|s| {
                        [&c.email, &c.username, &c.first_name, &c.last_name]
                            .iter()
                            .any(|f| f.to_lowercase().contains(s.as_str()))
                    })
                })
                .collect();
            let asc = order.as_deref() != Some("desc");
            match orderby.as_deref().unwrap_or("name") {
                "id" => sort_dir(&mut cs, asc, |a, b| a.id.cmp(&b.id)),
                "include" => cs.sort_by_key(|c| (include_pos(&include, c.id), c.id)),
                "registered_date" => sort_dir(&mut cs, asc, |a, b| {
                    a.date_created_gmt
                        .cmp(&b.date_created_gmt)
                        .then(a.id.cmp(&b.id))
                }),
                _ => sort_dir(&mut cs, asc, |a, b| {
                    a.display_name()
                        .cmp(&b.display_name())
                        .then(a.id.cmp(&b.id))
                }),
            }
            let items = cs
                .iter()
                .map(|c| c.to_json(ctx.offset, &ctx.base, &ctx.rest))
                .collect();
            collection(ctx, "/wc/v3/customers", items, &pg)
        }
        Endpoint::Customer(id) => match data.customers.get(id) {
            Some(c) => json_resp(
                200,
                &c.to_json(ctx.offset, &ctx.base, &ctx.rest),
                Vec::new(),
            ),
            None => err(404, "woocommerce_rest_invalid_id", "Invalid resource ID."),
        },
        Endpoint::Products => {
            let pg = paging(&mut p, default_per_page);
            let w = Window::parse(&mut p, true);
            let order = p.enumerated("order", &["asc", "desc"]);
            let orderby = p.enumerated(
                "orderby",
                &[
                    "date",
                    "id",
                    "include",
                    "title",
                    "slug",
                    "price",
                    "popularity",
                    "rating",
                ],
            );
            let status = p.enumerated("status", &["any", "draft", "pending", "private", "publish"]);
            let include = p.int_list("include");
            let exclude = p.int_list("exclude");
            let sku = p.raw("sku").map(str::to_string);
            if let Some(r) = p.error_response() {
                return r;
            }
            let status = status.unwrap_or_else(|| "any".into());
            let mut ps: Vec<_> = data
                .products
                .values()
                .filter(|x| status == "any" || x.status == status)
                .filter(|x| w.pass(x.date_created_gmt, x.date_modified_gmt, ctx.offset))
                .filter(|x| {
                    include
                        .as_ref()
                        .is_none_or(|i| i.is_empty() || i.contains(&x.id))
                })
                .filter(|x| exclude.as_ref().is_none_or(|e| !e.contains(&x.id)))
                .filter(|x| {
                    sku.as_ref()
                        .is_none_or(|s| s.split(',').any(|s| s == x.sku))
                })
                .collect();
            let asc = order.as_deref() == Some("asc");
            match orderby.as_deref().unwrap_or("date") {
                "id" => sort_dir(&mut ps, asc, |a, b| a.id.cmp(&b.id)),
                "include" => ps.sort_by_key(|x| (include_pos(&include, x.id), x.id)),
                "title" => sort_dir(&mut ps, asc, |a, b| {
                    a.name.cmp(&b.name).then(a.id.cmp(&b.id))
                }),
                "slug" => sort_dir(&mut ps, asc, |a, b| {
                    a.slug.cmp(&b.slug).then(a.id.cmp(&b.id))
                }),
                "price" => sort_dir(&mut ps, asc, |a, b| {
                    super::money_to_cents(&a.price)
                        .cmp(&super::money_to_cents(&b.price))
                        .then(a.id.cmp(&b.id))
                }),
                "popularity" => sort_dir(&mut ps, asc, |a, b| {
                    a.total_sales.cmp(&b.total_sales).then(a.id.cmp(&b.id))
                }),
                _ => sort_dir(&mut ps, asc, |a, b| {
                    a.date_created_gmt
                        .cmp(&b.date_created_gmt)
                        .then(a.id.cmp(&b.id))
                }),
            }
            let items = ps
                .iter()
                .map(|x| x.to_json(ctx.offset, &ctx.base, &ctx.rest))
                .collect();
            collection(ctx, "/wc/v3/products", items, &pg)
        }
        Endpoint::Product(id) => match data.products.get(id) {
            Some(x) => json_resp(
                200,
                &x.to_json(ctx.offset, &ctx.base, &ctx.rest),
                Vec::new(),
            ),
            None => err(404, "woocommerce_rest_product_invalid_id", "Invalid ID."),
        },
        Endpoint::RootIndex | Endpoint::NamespaceIndex | Endpoint::NoRoute => no_route(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_as_wordpress_accepts_them() {
        assert!(parse_iso("2024-01-02T03:04:05").is_some_and(|d| d.zone.is_none()));
        assert_eq!(parse_iso("2024-01-02T03:04:05Z").unwrap().zone, Some(0));
        assert_eq!(
            parse_iso("2024-01-02 03:04:05+02:00").unwrap().zone,
            Some(7200)
        );
        assert!(parse_iso("2024-01-02T03:04:05.123-05").is_some());
        assert!(parse_iso("2024-01-02").is_none());
        assert!(parse_iso("yesterday").is_none());
        assert!(parse_iso("2024-01-02T03:04:05+2").is_none());
    }

    #[test]
    fn wp_list_formatting() {
        assert_eq!(list_and(&["asc", "desc"]), "asc and desc");
        assert_eq!(list_and(&["a", "b", "c"]), "a, b, and c");
    }

    #[test]
    fn endpoints() {
        assert_eq!(parse_endpoint("/wc/v3/orders/"), Endpoint::Orders);
        assert_eq!(
            parse_endpoint("/wc/v3/orders/12/refunds"),
            Endpoint::Refunds(12)
        );
        assert_eq!(parse_endpoint("/wc/v3/orders/x"), Endpoint::NoRoute);
        assert_eq!(parse_endpoint("/"), Endpoint::RootIndex);
        assert_eq!(parse_endpoint("/wc/v2/orders"), Endpoint::NoRoute);
    }
}
