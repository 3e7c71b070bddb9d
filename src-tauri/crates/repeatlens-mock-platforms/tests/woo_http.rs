//! Real HTTP over 127.0.0.1 against the WooCommerce mock, with a plain blocking client.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use base64::Engine;
use repeatlens_mock_platforms::woo::{
    format_wc_date, AuthUsed, Fault, FaultKind, Permission, Route, WooConfig, WooData, WooMock,
    GENERATED_END_UNIX,
};
use serde_json::Value;

struct Got {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn total(&self) -> u64 {
        self.header("X-WP-Total").unwrap().parse().unwrap()
    }
    /// rel → URL from the Link header.
    fn link(&self, rel: &str) -> Option<String> {
        let h = self.header("Link")?;
        h.split(", <").find_map(|part| {
            let part = part.trim_start_matches('<');
            let (url, rest) = part.split_once(">; ")?;
            (rest == format!("rel=\"{rel}\"")).then(|| url.to_string())
        })
    }
}

fn basic(key: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{key}:{secret}"))
    )
}

fn send(agent: &ureq::Agent, url: &str, auth: Option<&str>) -> Result<Got, String> {
    let mut req = agent.get(url);
    if let Some(a) = auth {
        req = req.set("Authorization", a);
    }
    let resp = match req.call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(format!("transport: {e}")),
    };
    let status = resp.status();
    let headers = resp
        .headers_names()
        .into_iter()
        .map(|n| {
            let v = resp.header(&n).unwrap_or("").to_string();
            (n, v)
        })
        .collect();
    let body = resp.into_string().map_err(|e| format!("body: {e}"))?;
    Ok(Got {
        status,
        headers,
        body,
    })
}

fn get(url: &str) -> Got {
    send(&ureq::agent(), url, Some(&basic("ck_test", "cs_test"))).unwrap()
}

fn ids(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_u64().unwrap())
        .collect()
}

#[test]
fn paging_headers_and_link_values() {
    let mock = WooMock::start(WooConfig::default(), WooData::generated(7, 25));
    let base = mock.base_url();
    let p1 = get(&format!("{base}/wp-json/wc/v3/orders?per_page=10"));
    assert_eq!(p1.status, 200);
    assert_eq!(p1.total(), 25);
    assert_eq!(p1.header("X-WP-TotalPages"), Some("3"));
    assert_eq!(p1.json().as_array().unwrap().len(), 10);
    assert_eq!(
        p1.link("next").as_deref(),
        Some(format!("{base}/wp-json/wc/v3/orders?per_page=10&page=2").as_str())
    );
    assert_eq!(
        p1.link("last").as_deref(),
        Some(format!("{base}/wp-json/wc/v3/orders?per_page=10&page=3").as_str())
    );
    assert!(p1.link("prev").is_none() && p1.link("first").is_none());

    // Follow `next` to the end: every order once, newest first (default orderby=date desc).
    let mut seen = ids(&p1.json());
    let mut next = p1.link("next");
    let mut pages = 1;
    while let Some(url) = next {
        let g = get(&url);
        assert_eq!(g.status, 200);
        seen.extend(ids(&g.json()));
        assert!(g.link("prev").is_some() && g.link("first").is_some());
        next = g.link("next");
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 25);
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 25);
    let created: Vec<i64> = seen
        .iter()
        .map(|id| mock.with_data(|d| d.order(*id).unwrap().date_created_gmt))
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "date desc");

    // Page 2 keeps the other query parameters and replaces page in place.
    let p2 = get(&format!(
        "{base}/wp-json/wc/v3/orders?page=2&per_page=10&orderby=id&order=asc"
    ));
    assert_eq!(
        p2.link("prev").unwrap(),
        format!("{base}/wp-json/wc/v3/orders?page=1&per_page=10&orderby=id&order=asc")
    );
    assert_eq!(
        p2.link("next").unwrap(),
        format!("{base}/wp-json/wc/v3/orders?page=3&per_page=10&orderby=id&order=asc")
    );
    let asc = ids(&p2.json());
    assert!(asc.windows(2).all(|w| w[0] < w[1]));

    // Beyond the last page: 200 [] with the totals.
    let p4 = get(&format!("{base}/wp-json/wc/v3/orders?per_page=10&page=4"));
    assert_eq!(p4.status, 200);
    assert_eq!(p4.body, "[]");
    assert_eq!(p4.total(), 25);
    assert!(p4.link("next").is_none());
    assert!(p4.link("prev").unwrap().ends_with("page=3"));

    // offset overrides page.
    let off = get(&format!(
        "{base}/wp-json/wc/v3/orders?per_page=5&offset=20&orderby=id&order=asc"
    ));
    let all_ids: Vec<u64> = mock.with_data(|d| d.orders.keys().copied().collect());
    assert_eq!(ids(&off.json()), all_ids[20..25].to_vec());

    // Default per_page is 10.
    let def = get(&format!("{base}/wp-json/wc/v3/orders"));
    assert_eq!(def.json().as_array().unwrap().len(), 10);
}

#[test]
fn invalid_parameters_answer_wordpress_400s() {
    let mock = WooMock::start(WooConfig::default(), WooData::generated(1, 5));
    let base = mock.base_url();
    let g = get(&format!("{base}/wp-json/wc/v3/orders?per_page=101"));
    assert_eq!(g.status, 400);
    let v = g.json();
    assert_eq!(v["code"], "rest_invalid_param");
    assert_eq!(v["message"], "Invalid parameter(s): per_page");
    assert_eq!(v["data"]["status"], 400);
    assert_eq!(
        v["data"]["params"]["per_page"],
        "per_page must be between 1 (inclusive) and 100 (inclusive)"
    );
    assert_eq!(
        v["data"]["details"]["per_page"]["code"],
        "rest_out_of_bounds"
    );
    assert_eq!(
        get(&format!("{base}/wp-json/wc/v3/orders?per_page=0")).status,
        400
    );
    assert_eq!(
        get(&format!("{base}/wp-json/wc/v3/orders?per_page=100")).status,
        200
    );

    let g = get(&format!("{base}/wp-json/wc/v3/orders?orderby=modified"));
    assert_eq!(g.status, 400);
    assert_eq!(
        g.json()["data"]["params"]["orderby"],
        "orderby is not one of date, id, include, title, and slug."
    );
    let g = get(&format!(
        "{base}/wp-json/wc/v3/orders?modified_after=yesterday&page=0"
    ));
    assert_eq!(g.status, 400);
    assert_eq!(
        g.json()["data"]["params"]["modified_after"],
        "Invalid date."
    );
    assert_eq!(
        g.json()["data"]["params"]["page"],
        "page must be greater than or equal to 1"
    );
    let g = get(&format!("{base}/wp-json/wc/v3/orders?status=shipped"));
    assert_eq!(g.status, 400);
    // Customers have no modified filter but a role enum.
    assert_eq!(
        get(&format!("{base}/wp-json/wc/v3/customers?orderby=modified")).status,
        400
    );
    assert_eq!(
        get(&format!("{base}/wp-json/wc/v3/customers?role=boss")).status,
        400
    );
    // Unknown route and unknown object.
    let g = get(&format!("{base}/wp-json/wc/v3/nothing"));
    assert_eq!(
        (g.status, g.json()["code"].clone()),
        (404, "rest_no_route".into())
    );
    let g = get(&format!("{base}/wp-json/wc/v3/orders/999999"));
    assert_eq!(g.status, 404);
    assert_eq!(g.json()["code"], "woocommerce_rest_shop_order_invalid_id");
    assert_eq!(g.json()["message"], "Invalid ID.");
    // Writes are not routed.
    let r = ureq::post(&format!("{base}/wp-json/wc/v3/orders"))
        .set("Authorization", &basic("ck_test", "cs_test"))
        .call();
    match r {
        Err(ureq::Error::Status(404, resp)) => {
            let v: Value = serde_json::from_str(&resp.into_string().unwrap()).unwrap();
            assert_eq!(v["code"], "rest_no_route");
        }
        other => panic!("expected 404, got {other:?}"),
    }
}

/// Three orders modified 1 h apart, on a site at UTC+2.
fn windowed_store() -> (WooData, i64, Vec<u64>) {
    let t0 = 1_700_000_000; // 2023-11-14T22:13:20Z
    let mut d = WooData::empty();
    let mut ids = Vec::new();
    for i in 0..3 {
        let mut o = d.new_order(t0 - 86_400, 0, &format!("g{i}@example.com"));
        d.add_line_item(&mut o, "Mug", "MUG", 1, 1, 1000);
        o.date_modified_gmt = t0 + i * 3600;
        ids.push(d.add_order(o));
    }
    (d, t0, ids)
}

#[test]
fn modified_window_and_dates_are_gmt_with_site_offset() {
    let (data, t0, ids_) = windowed_store();
    let cfg = WooConfig {
        site_utc_offset_secs: 2 * 3600,
        ..WooConfig::default()
    };
    let mock = WooMock::start(cfg, data);
    let base = mock.base_url();
    let q = |params: &str| {
        let g = get(&format!(
            "{base}/wp-json/wc/v3/orders?orderby=id&order=asc&{params}"
        ));
        assert_eq!(g.status, 200, "{params}: {}", g.body);
        let mut v = ids(&g.json());
        v.sort_unstable();
        (v, g.total())
    };
    let gmt = |t: i64| format_wc_date(t, 0);

    // The record shows local (UTC+2) and GMT dates.
    let one = get(&format!("{base}/wp-json/wc/v3/orders/{}", ids_[1])).json();
    assert_eq!(one["date_modified_gmt"], gmt(t0 + 3600));
    assert_eq!(one["date_modified"], format_wc_date(t0 + 3600, 7200));
    assert_eq!(one["date_created"], format_wc_date(t0 - 86_400, 7200));

    // GMT comparisons, bounds exclusive.
    let (v, total) = q(&format!("modified_after={}&dates_are_gmt=true", gmt(t0)));
    assert_eq!((v, total), (ids_[1..].to_vec(), 2));
    let (v, _) = q(&format!(
        "modified_after={}&modified_before={}&dates_are_gmt=true",
        gmt(t0 - 1),
        gmt(t0 + 2 * 3600)
    ));
    assert_eq!(v, ids_[..2].to_vec());

    // The same wall-clock value without dates_are_gmt is site-local time: "t0 (as GMT text)"
    // read as UTC+2 is t0 − 2 h, so all three were modified after it.
    let (v, _) = q(&format!("modified_after={}", gmt(t0)));
    assert_eq!(v, ids_.clone());
    // …and local text of t0 + 30 min selects the last two.
    let (v, _) = q(&format!(
        "modified_after={}",
        format_wc_date(t0 + 1800, 7200)
    ));
    assert_eq!(v, ids_[1..].to_vec());
    let (v, _) = q(&format!(
        "modified_after={}&dates_are_gmt=false",
        format_wc_date(t0 + 1800, 7200)
    ));
    assert_eq!(v, ids_[1..].to_vec());

    // A zoned value is moved to site-local time before the comparison (WP_Date_Query), so
    // "t0+30min Z" with dates_are_gmt=true is compared as t0+2h30 against GMT columns.
    let (v, _) = q(&format!(
        "modified_after={}Z&dates_are_gmt=true",
        gmt(t0 + 1800)
    ));
    assert_eq!(v, Vec::<u64>::new());

    // after/before filter the creation date.
    let (v, _) = q(&format!("after={}&dates_are_gmt=true", gmt(t0 - 86_400)));
    assert!(v.is_empty());
    let (v, _) = q(&format!("before={}&dates_are_gmt=true", gmt(t0)));
    assert_eq!(v.len(), 3);
}

#[test]
fn auth_variants() {
    let mock = WooMock::start(WooConfig::default(), WooData::generated(3, 3));
    let base = mock.base_url();
    let url = format!("{base}/wp-json/wc/v3/orders");
    let a = ureq::agent();
    let ok = send(&a, &url, Some(&basic("ck_test", "cs_test"))).unwrap();
    assert_eq!(ok.status, 200);
    let ok = send(
        &a,
        &format!("{url}?consumer_key=ck_test&consumer_secret=cs_test"),
        None,
    )
    .unwrap();
    assert_eq!(ok.status, 200);

    let none = send(&a, &url, None).unwrap();
    assert_eq!(none.status, 401);
    assert_eq!(none.json()["code"], "woocommerce_rest_cannot_view");
    assert_eq!(none.json()["message"], "Sorry, you cannot list resources.");
    assert_eq!(none.json()["data"]["status"], 401);

    let bad_key = send(&a, &url, Some(&basic("ck_nope", "cs_test"))).unwrap();
    assert_eq!(bad_key.status, 401);
    assert_eq!(
        bad_key.json()["code"],
        "woocommerce_rest_authentication_error"
    );
    assert_eq!(bad_key.json()["message"], "Consumer key is invalid.");
    let bad_secret = send(&a, &url, Some(&basic("ck_test", "cs_nope"))).unwrap();
    assert_eq!(bad_secret.json()["message"], "Consumer secret is invalid.");
    let bad_q = send(
        &a,
        &format!("{url}?consumer_key=ck_test&consumer_secret=x"),
        None,
    )
    .unwrap();
    assert_eq!(bad_q.json()["message"], "Consumer secret is invalid.");

    // The WordPress index needs no key and names the wc/v3 namespace.
    let idx = send(&a, &format!("{base}/wp-json/"), None).unwrap();
    assert_eq!(idx.status, 200);
    let v = idx.json();
    assert!(v["namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n == "wc/v3"));
    assert_eq!(v["url"], base);
    assert_eq!(v["gmt_offset"], 0);

    let log = mock.requests();
    assert_eq!(log[0].auth, AuthUsed::Basic);
    assert_eq!(log[1].auth, AuthUsed::QueryString);
    assert_eq!(log[2].auth, AuthUsed::None);
    assert_eq!(log[2].status, 401);
    assert_eq!(log[1].param("consumer_key"), Some("ck_test"));

    // Revoked key: permanent 401.
    mock.revoke_key();
    let r = send(&a, &url, Some(&basic("ck_test", "cs_test"))).unwrap();
    assert_eq!(
        (r.status, r.json()["message"].clone()),
        (401, "Consumer key is invalid.".into())
    );

    // Server that strips Authorization.
    let strip = WooMock::start(
        WooConfig {
            strip_authorization: true,
            ..WooConfig::default()
        },
        WooData::generated(3, 3),
    );
    let url = format!("{}/wp-json/wc/v3/orders", strip.base_url());
    let r = send(&a, &url, Some(&basic("ck_test", "cs_test"))).unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["code"], "woocommerce_rest_authentication_error");
    assert_eq!(r.json()["message"], "Consumer key is missing.");
    let r = send(
        &a,
        &format!("{url}?consumer_key=ck_test&consumer_secret=cs_test"),
        Some(&basic("ck_test", "cs_test")),
    )
    .unwrap();
    assert_eq!(r.status, 200);

    // Write-only key cannot GET.
    let w = WooMock::start(
        WooConfig {
            permission: Permission::Write,
            ..WooConfig::default()
        },
        WooData::generated(3, 3),
    );
    let r = send(
        &a,
        &format!("{}/wp-json/wc/v3/orders", w.base_url()),
        Some(&basic("ck_test", "cs_test")),
    )
    .unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["code"], "woocommerce_rest_cannot_view");
    let r = send(
        &a,
        &format!("{}/wp-json/wc/v3/orders/10", w.base_url()),
        Some(&basic("ck_test", "cs_test")),
    )
    .unwrap();
    assert_eq!(r.json()["message"], "Sorry, you cannot view this resource.");
}

#[test]
fn rest_route_fallback_without_pretty_permalinks() {
    let mock = WooMock::start(
        WooConfig {
            pretty_permalinks: false,
            ..WooConfig::default()
        },
        WooData::generated(5, 5),
    );
    let base = mock.base_url();
    let g = get(&format!("{base}/wp-json/wc/v3/orders"));
    assert_eq!(g.status, 404);
    assert_eq!(g.json()["code"], "rest_no_route");
    let g = get(&format!("{base}/wp-json/"));
    assert_eq!(g.status, 404);

    let g = get(&format!("{base}/?rest_route=/wc/v3/orders&per_page=2"));
    assert_eq!(g.status, 200);
    assert_eq!(g.total(), 5);
    assert_eq!(g.json().as_array().unwrap().len(), 2);
    let next = g.link("next").unwrap();
    assert_eq!(
        next,
        format!("{base}/?rest_route=%2Fwc%2Fv3%2Forders&per_page=2&page=2")
    );
    let g2 = get(&next);
    assert_eq!(g2.status, 200);
    assert_eq!(g2.json().as_array().unwrap().len(), 2);
    // _links follow the same scheme.
    let self_link = g2.json()[0]["_links"]["self"][0]["href"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        self_link.starts_with(&format!("{base}/?rest_route=/wc/v3/orders/")),
        "{self_link}"
    );
    let idx = get(&format!("{base}/?rest_route=/"));
    assert_eq!(idx.status, 200);
    assert!(idx.json()["namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n == "wc/v3"));
}

#[test]
fn each_fault_kind_is_observed_by_a_client() {
    let mock = WooMock::start(WooConfig::default(), WooData::generated(9, 30));
    let base = mock.base_url();
    let url = format!("{base}/wp-json/wc/v3/orders?per_page=50");
    let auth = basic("ck_test", "cs_test");

    // Status with Retry-After, once; faults for other routes wait for their route.
    mock.push_fault(Fault {
        route: Route::Customers,
        kind: FaultKind::Status {
            status: 500,
            retry_after: None,
        },
    });
    mock.push_fault(Fault {
        route: Route::Orders,
        kind: FaultKind::Status {
            status: 429,
            retry_after: Some(7),
        },
    });
    let g = send(&ureq::agent(), &url, Some(&auth)).unwrap();
    assert_eq!(g.status, 429);
    assert_eq!(g.header("Retry-After"), Some("7"));
    assert_eq!(g.json()["data"]["status"], 429);
    assert_eq!(send(&ureq::agent(), &url, Some(&auth)).unwrap().status, 200);
    assert_eq!(mock.pending_faults(), 1);
    let c = send(
        &ureq::agent(),
        &format!("{base}/wp-json/wc/v3/customers"),
        Some(&auth),
    )
    .unwrap();
    assert_eq!(c.status, 500);
    assert_eq!(c.json()["code"], "internal_server_error");
    mock.push_fault(Fault {
        route: Route::Any,
        kind: FaultKind::Status {
            status: 503,
            retry_after: Some(2),
        },
    });
    let g = send(
        &ureq::agent(),
        &format!("{base}/wp-json/wc/v3/products"),
        Some(&auth),
    )
    .unwrap();
    assert_eq!((g.status, g.header("Retry-After")), (503, Some("2")));

    // Reset: a connection error, no response.
    mock.push_fault(Fault {
        route: Route::Orders,
        kind: FaultKind::Reset,
    });
    let e = send(&ureq::agent(), &url, Some(&auth))
        .err()
        .expect("reset must fail");
    assert!(e.starts_with("transport"), "{e}");
    assert_eq!(mock.requests().last().unwrap().status, 0);

    // Truncated body: headers arrive, the body read fails.
    mock.push_fault(Fault {
        route: Route::Orders,
        kind: FaultKind::TruncatedBody,
    });
    let e = send(&ureq::agent(), &url, Some(&auth))
        .err()
        .expect("truncated must fail");
    assert!(e.starts_with("body"), "{e}");

    // Slow: a client with a short timeout gives up; the answer itself is fine.
    mock.push_fault(Fault {
        route: Route::Orders,
        kind: FaultKind::Slow(Duration::from_millis(800)),
    });
    let impatient = ureq::AgentBuilder::new()
        .timeout_read(Duration::from_millis(200))
        .build();
    let t = std::time::Instant::now();
    let e = send(&impatient, &url, Some(&auth)).err().expect("timeout");
    assert!(t.elapsed() < Duration::from_millis(700), "{e}");

    // Unauthorized once.
    mock.push_fault(Fault {
        route: Route::Orders,
        kind: FaultKind::Unauthorized,
    });
    let g = send(&ureq::agent(), &url, Some(&auth)).unwrap();
    assert_eq!(g.status, 401);
    assert_eq!(g.json()["code"], "woocommerce_rest_authentication_error");
    let g = send(&ureq::agent(), &url, Some(&auth)).unwrap();
    assert_eq!(g.status, 200);
    assert_eq!(g.json().as_array().unwrap().len(), 30);
    assert_eq!(mock.pending_faults(), 0);
}

#[test]
fn hook_changing_a_record_between_pages_changes_page_two() {
    let mock = WooMock::start(WooConfig::default(), WooData::generated(11, 25));
    let base = mock.base_url();
    let clock = mock.clock();
    clock.set(GENERATED_END_UNIX + 3600);
    let upper = format_wc_date(GENERATED_END_UNIX + 60, 0);
    let url = |page: u32| {
        format!("{base}/wp-json/wc/v3/orders?modified_before={upper}&dates_are_gmt=true&orderby=id&order=asc&per_page=10&page={page}")
    };
    // The record that page 2 would show first.
    let victim: u64 = mock.with_data(|d| *d.orders.keys().nth(10).unwrap());
    let c2 = clock.clone();
    mock.on_request(move |req, data| {
        if req.param("page") == Some("1") && req.status == 200 {
            data.modify_order(victim, c2.now(), |o| o.status = "completed".into());
        }
    });
    let p1 = get(&url(1));
    assert_eq!(p1.total(), 25);
    let p2 = get(&url(2));
    assert_eq!(
        p2.total(),
        24,
        "the modified order left the modified_before window"
    );
    let p2_ids = ids(&p2.json());
    assert!(!p2_ids.contains(&victim));
    let all: Vec<u64> = mock.with_data(|d| d.orders.keys().copied().collect());
    // Everything shifted left by one: page 2 now starts at the 12th order.
    assert_eq!(p2_ids[0], all[11]);
    // The order is visible with its new date_modified.
    let v = get(&format!("{base}/wp-json/wc/v3/orders/{victim}")).json();
    assert_eq!(
        v["date_modified_gmt"],
        format_wc_date(GENERATED_END_UNIX + 3600, 0)
    );
}

#[test]
fn refunds_and_customers_endpoints() {
    let mut d = WooData::generated(21, 200);
    let clock_now = GENERATED_END_UNIX + 10;
    let oid = *d.orders.keys().next().unwrap();
    let item = d.order(oid).unwrap().line_items[0].id;
    let rid = d
        .refund_order_lines(oid, "5.00", &[(item, 1)], "Too small", clock_now)
        .unwrap();
    let mock = WooMock::start(WooConfig::default(), d);
    let base = mock.base_url();
    let o = get(&format!("{base}/wp-json/wc/v3/orders/{oid}")).json();
    let summary = o["refunds"].as_array().unwrap();
    assert_eq!(summary[0]["id"], rid);
    assert_eq!(summary[0]["total"], "-5.00");
    assert_eq!(summary[0]["reason"], "Too small");
    let rs = get(&format!("{base}/wp-json/wc/v3/orders/{oid}/refunds"));
    assert_eq!(rs.total(), 1);
    let r = &rs.json()[0];
    assert_eq!(r["amount"], "5.00");
    assert_eq!(r["refunded_by"], 1);
    assert_eq!(r["line_items"][0]["quantity"], -1);
    assert!(r["line_items"][0]["total"]
        .as_str()
        .unwrap()
        .starts_with('-'));
    assert_eq!(
        r["line_items"][0]["meta_data"][0]["key"],
        "_refunded_item_id"
    );
    assert_eq!(
        r["line_items"][0]["meta_data"][0]["value"],
        item.to_string()
    );
    assert!(r["line_items"][0]["price"].is_number());
    assert_eq!(
        get(&format!("{base}/wp-json/wc/v3/orders/{oid}/refunds/{rid}")).json()["id"],
        rid
    );
    assert_eq!(
        get(&format!("{base}/wp-json/wc/v3/orders/424242/refunds")).body,
        "[]"
    );

    // Customers: default role=customer hides the shop owner; role=all shows it.
    let n_customers = mock.with_data(|d| {
        d.customers
            .values()
            .filter(|c| c.role == "customer")
            .count()
    });
    let cs = get(&format!(
        "{base}/wp-json/wc/v3/customers?per_page=100&orderby=id"
    ));
    assert_eq!(cs.total() as usize, n_customers);
    assert!(!ids(&cs.json()).contains(&1));
    let all = get(&format!(
        "{base}/wp-json/wc/v3/customers?role=all&per_page=100&orderby=id"
    ));
    assert_eq!(all.total() as usize, n_customers + 1);
    assert_eq!(ids(&all.json())[0], 1);
    let first = &cs.json()[0];
    for f in [
        "date_created",
        "date_created_gmt",
        "date_modified_gmt",
        "email",
        "username",
        "billing",
        "shipping",
        "is_paying_customer",
        "avatar_url",
        "role",
    ] {
        assert!(first.get(f).is_some(), "customer field {f}");
    }
    let email = first["email"].as_str().unwrap().to_uppercase();
    let one = get(&format!("{base}/wp-json/wc/v3/customers?email={email}"));
    assert_eq!(one.total(), 1);
    let reg = get(&format!(
        "{base}/wp-json/wc/v3/customers?orderby=registered_date&order=desc&per_page=100"
    ));
    let dates: Vec<String> = reg
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["date_created_gmt"].as_str().unwrap().to_string())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
    let c404 = get(&format!("{base}/wp-json/wc/v3/customers/999999"));
    assert_eq!(
        (c404.status, c404.json()["code"].clone()),
        (404, "woocommerce_rest_invalid_id".into())
    );
    let ps = get(&format!("{base}/wp-json/wc/v3/products?per_page=100"));
    assert_eq!(ps.total(), 30);
    assert!(ps.json()[0]["price"].is_string());
}

#[test]
fn generated_is_deterministic_and_realistic() {
    let a = WooData::generated(42, 400);
    let b = WooData::generated(42, 400);
    let c = WooData::generated(43, 400);
    assert_eq!(a.orders, b.orders);
    assert_eq!(a.refunds, b.refunds);
    assert_eq!(a.customers, b.customers);
    assert_ne!(a.orders, c.orders);
    assert_eq!(a.orders_len(), 400);
    let orders: Vec<_> = a.orders.values().collect();
    assert!(orders
        .iter()
        .all(|o| o.date_modified_gmt >= o.date_created_gmt));
    assert!(orders.iter().all(|o| o.currency == "EUR"));
    assert!(orders.iter().all(|o| (1..=4).contains(&o.line_items.len())));
    let span = orders.last().unwrap().date_created_gmt - orders[0].date_created_gmt;
    assert!(span > 600 * 86_400 && span <= 730 * 86_400, "{span}");
    // IDs ascend with creation time.
    assert!(orders
        .windows(2)
        .all(|w| w[0].date_created_gmt <= w[1].date_created_gmt));
    for s in [
        "completed",
        "processing",
        "pending",
        "failed",
        "cancelled",
        "refunded",
    ] {
        assert!(orders.iter().any(|o| o.status == s), "status {s}");
    }
    let guests: Vec<_> = orders.iter().filter(|o| o.customer_id == 0).collect();
    assert!(guests.len() > 80);
    assert!(guests
        .iter()
        .any(|o| o.billing.email != o.billing.email.trim()));
    assert!(guests
        .iter()
        .any(|o| o.billing.email.chars().any(|c| c.is_ascii_uppercase())));
    // Guests repeat under differently spelt emails.
    let norm: BTreeSet<String> = guests
        .iter()
        .map(|o| o.billing.email.trim().to_lowercase())
        .collect();
    let raw: BTreeSet<&str> = guests.iter().map(|o| o.billing.email.as_str()).collect();
    assert!(norm.len() < raw.len());
    // Money strings with two decimals; totals add up.
    for o in &orders {
        for m in [&o.total, &o.total_tax, &o.shipping_total, &o.discount_total] {
            let (_, frac) = m.split_once('.').unwrap();
            assert_eq!(frac.len(), 2, "{m}");
        }
        let items: i64 = o
            .line_items
            .iter()
            .map(|l| {
                repeatlens_mock_platforms::woo::money_to_cents(&l.total)
                    + repeatlens_mock_platforms::woo::money_to_cents(&l.total_tax)
            })
            .sum();
        let ship = repeatlens_mock_platforms::woo::money_to_cents(&o.shipping_total);
        assert_eq!(
            items + ship,
            repeatlens_mock_platforms::woo::money_to_cents(&o.total)
        );
    }
    assert!(orders.iter().any(|o| !o.coupon_lines.is_empty()));
    // Full refunds on refunded orders, partial ones on some completed orders.
    let refunded_full = orders.iter().filter(|o| o.status == "refunded").all(|o| {
        let r: i64 = a
            .refunds_of(o.id)
            .iter()
            .map(|r| repeatlens_mock_platforms::woo::money_to_cents(&r.amount))
            .sum();
        r == repeatlens_mock_platforms::woo::money_to_cents(&o.total)
    });
    assert!(refunded_full);
    assert!(orders
        .iter()
        .any(|o| o.status == "completed" && !a.refunds_of(o.id).is_empty()));
    assert!(a
        .refunds
        .values()
        .flatten()
        .all(|r| !r.line_items.is_empty() && r.line_items.iter().all(|l| l.quantity < 0)));
    assert!(a.customers[&1].role == "administrator");
}

fn retail_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../assets/online_retail.csv.gz")
}

#[test]
fn online_retail_first_2000_orders_have_plausible_totals() {
    let path = retail_path();
    let d = WooData::from_online_retail(&path, Some(2000)).unwrap();
    assert_eq!(d.orders_len(), 2000);
    assert_eq!(d.currency, "GBP");
    // Invoice 536365 (first in the file): 6×2.55 + 6×3.39 + 8×2.75 + 6×3.39 + 6×3.39 + 2×7.65
    // + 6×4.25 = 139.12, hand-computed from the CSV's first seven rows.
    let o = d.order(536365).unwrap();
    assert_eq!(o.total, "139.12");
    assert_eq!(o.line_items.len(), 7);
    assert_eq!(o.customer_id, 17850);
    assert_eq!(o.billing.country, "GB");
    assert_eq!(format_wc_date(o.date_created_gmt, 0), "2010-12-01T08:26:00");

    // Independent recomputation straight from the CSV: the gross of the positive rows of the
    // first 2,000 normal invoices equals the sum of the order totals.
    let f = std::fs::File::open(&path).unwrap();
    let mut rdr = csv::Reader::from_reader(flate2::read::GzDecoder::new(f));
    // Invoices made only of zero-price or negative rows (about 1 in 11) give no order.
    let mut orders_seen = 0usize;
    let mut current = String::new();
    let mut current_gross = 0i64;
    let mut gross_cents: i64 = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let inv = rec[0].to_string();
        if inv.starts_with('C') || inv.starts_with('A') {
            continue;
        }
        if inv != current {
            if current_gross > 0 {
                orders_seen += 1;
                gross_cents += current_gross;
            }
            if orders_seen == 2000 {
                break;
            }
            current = inv;
            current_gross = 0;
        }
        let qty: i64 = rec[3].parse().unwrap();
        let price: f64 = rec[5].parse().unwrap();
        if qty > 0 && price > 0.0 {
            current_gross += (qty as f64 * price * 100.0).round() as i64;
        }
    }
    assert_eq!(orders_seen, 2000);
    let totals: i64 = d
        .orders
        .values()
        .map(|o| repeatlens_mock_platforms::woo::money_to_cents(&o.total))
        .sum();
    assert_eq!(totals, gross_cents);
    // £1,100,522.34 over the 2,000 orders of 1 Dec 2010 – 14 Jan 2011 (the value the independent loop
    // above gives): a mean basket of about £550, as expected of this wholesale-heavy shop.
    assert_eq!(totals, 110_052_234);
    let mean = totals as f64 / 2000.0 / 100.0;
    assert!((300.0..800.0).contains(&mean), "mean basket {mean}");
    // Guests kept, cancellations mapped to refunds with negative line items.
    assert!(d
        .orders
        .values()
        .any(|o| o.customer_id == 0 && o.billing.email.starts_with("guest-")));
    assert!(d.refunds_len() > 50, "refunds {}", d.refunds_len());
    let r = d
        .refunds
        .values()
        .flatten()
        .find(|r| !r.line_items.is_empty())
        .unwrap();
    assert!(r
        .line_items
        .iter()
        .all(|l| l.quantity < 0 && l.total.starts_with('-')));
    for (oid, rs) in &d.refunds {
        let o = d.order(*oid).unwrap();
        let sum: i64 = rs
            .iter()
            .map(|r| repeatlens_mock_platforms::woo::money_to_cents(&r.amount))
            .sum();
        assert!(sum <= repeatlens_mock_platforms::woo::money_to_cents(&o.total));
        assert!(rs.iter().all(|r| r.date_created_gmt >= o.date_created_gmt
            && o.date_modified_gmt >= r.date_created_gmt));
    }

    // Served over HTTP.
    let mock = WooMock::start(WooConfig::default(), d);
    let g = get(&format!("{}/wp-json/wc/v3/orders/536365", mock.base_url()));
    assert_eq!(g.json()["total"], "139.12");
    assert_eq!(g.json()["currency"], "GBP");
    assert_eq!(g.json()["line_items"][0]["price"], 2.55);
}

#[test]
fn concurrency_is_measured_and_latency_applies() {
    let mock = WooMock::start(
        WooConfig {
            latency: Duration::from_millis(300),
            ..WooConfig::default()
        },
        WooData::generated(2, 5),
    );
    let url = format!("{}/wp-json/wc/v3/orders", mock.base_url());
    let t = std::time::Instant::now();
    let hs: Vec<_> = (0..3)
        .map(|_| {
            let u = url.clone();
            std::thread::spawn(move || get(&u).status)
        })
        .collect();
    for h in hs {
        assert_eq!(h.join().unwrap(), 200);
    }
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert!(
        t.elapsed() < Duration::from_millis(850),
        "requests ran concurrently"
    );
    assert_eq!(mock.max_in_flight(), 3);
    assert_eq!(mock.requests().len(), 3);
}

#[test]
fn binary_serves_until_killed() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_repeatlens-mock"))
        .args([
            "woocommerce",
            "--data",
            "generated:12:5",
            "--key",
            "ck_bin",
            "--secret-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "cs_bin").unwrap();
    }
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(
        line.starts_with("woocommerce mock at http://127.0.0.1:"),
        "{line}"
    );
    assert!(line.contains("(key ck_bin)"));
    let base = line.split_whitespace().nth(3).unwrap().to_string();
    let g = send(
        &ureq::agent(),
        &format!("{base}/wp-json/wc/v3/orders"),
        Some(&basic("ck_bin", "cs_bin")),
    )
    .unwrap();
    assert_eq!(g.status, 200);
    assert_eq!(g.total(), 12);
    child.kill().unwrap();
    child.wait().unwrap();
}
