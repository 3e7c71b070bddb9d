//! The Shopify mock over real HTTP on 127.0.0.1 (ureq), against the 2026-07 schema.

use std::path::PathBuf;

use repeatlens_mock_platforms::shopify::{
    ClientApp, Fault, FaultKind, Route, ShopData, ShopifyConfig, ShopifyMock, GENERATED_END_UNIX,
};
use repeatlens_mock_platforms::woo::{money_to_cents, WooData};
use serde_json::{json, Value};

struct Got {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn got(r: Result<ureq::Response, ureq::Error>) -> Got {
    let resp = match r {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
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
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut resp.into_reader(), &mut body).unwrap();
    Got {
        status,
        headers,
        body,
    }
}

fn gql_at(url: &str, token: &str, query: &str, variables: Value) -> Got {
    got(ureq::post(url)
        .set("X-Shopify-Access-Token", token)
        .set("Content-Type", "application/json")
        .send_json(json!({"query": query, "variables": variables})))
}

fn gql(mock: &ShopifyMock, query: &str, variables: Value) -> Got {
    gql_at(&mock.graphql_url(), "shpat_test", query, variables)
}

fn start(config: ShopifyConfig, data: ShopData) -> ShopifyMock {
    ShopifyMock::start(config, data).expect("start the Shopify mock")
}

/// A mock whose clock reads the end of the generated data (so the 60-day window holds the
/// last two months of orders).
fn generated(n: usize, config: ShopifyConfig) -> ShopifyMock {
    let m = start(config, ShopData::generated(7, n));
    m.clock().set(GENERATED_END_UNIX);
    m
}

const INCREMENTAL: &str = r#"
query Orders($first: Int!, $after: String, $q: String) {
  orders(first: $first, after: $after, query: $q, sortKey: UPDATED_AT) {
    edges {
      cursor
      node {
        id legacyResourceId name createdAt updatedAt processedAt cancelledAt cancelReason closedAt
        test email currencyCode presentmentCurrencyCode displayFinancialStatus displayFulfillmentStatus
        totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
        subtotalPriceSet { shopMoney { amount } }
        totalDiscountsSet { shopMoney { amount } }
        totalShippingPriceSet { shopMoney { amount } }
        totalTaxSet { shopMoney { amount } }
        totalRefundedSet { shopMoney { amount } presentmentMoney { amount } }
        currentTotalPriceSet { shopMoney { amount } }
        discountCodes
        customer { id email firstName lastName }
        shippingAddress { countryCodeV2 }
        lineItems(first: 10) {
          nodes { id sku name quantity variant { id } product { id }
                  originalUnitPriceSet { shopMoney { amount } }
                  discountedTotalSet { shopMoney { amount } } }
        }
        refunds { id createdAt note totalRefundedSet { shopMoney { amount } }
                  refundLineItems(first: 10) { nodes { quantity lineItem { id sku } subtotalSet { shopMoney { amount } } } } }
        fulfillments { createdAt deliveredAt status }
        __typename
      }
    }
    pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
  }
}"#;

#[test]
fn schema_validation_rejects_unknown_fields_and_arguments() {
    let mock = generated(20, ShopifyConfig::default());
    // Unknown field: graphql-ruby's wording, with a location, HTTP 200 and no data.
    let g = gql(
        &mock,
        "{ orders(first: 2) { nodes { id totalPrice2 } } }",
        json!({}),
    );
    assert_eq!(g.status, 200);
    let v = g.json();
    assert!(v.get("data").is_none(), "{v}");
    assert_eq!(
        v["errors"][0]["message"],
        "Field 'totalPrice2' doesn't exist on type 'Order'"
    );
    assert_eq!(v["errors"][0]["extensions"]["code"], "undefinedField");
    assert_eq!(
        v["errors"][0]["locations"][0],
        json!({"line": 1, "column": 33})
    );
    // Wrong argument.
    let v = gql(
        &mock,
        "{ orders(first: 2, since: \"x\") { nodes { id } } }",
        json!({}),
    )
    .json();
    assert_eq!(
        v["errors"][0]["message"],
        "Field 'orders' doesn't accept argument 'since'"
    );
    assert_eq!(v["errors"][0]["extensions"]["code"], "argumentNotAccepted");
    // A field removed in 2026-07: Order.totalPrice (REST-era name) is not in the schema.
    let v = gql(
        &mock,
        "{ shop { name currencyCode ianaTimezone myshopifyDomain } }",
        json!({}),
    )
    .json();
    assert_eq!(v["data"]["shop"]["currencyCode"], "USD");
    // A bad variable value.
    let v = gql(&mock, INCREMENTAL, json!({"first": "ten"})).json();
    assert_eq!(
        v["errors"][0]["message"],
        "Variable $first of type Int! was provided invalid value"
    );
    assert_eq!(v["errors"][0]["extensions"]["code"], "INVALID_VARIABLE");
    // A realistic incremental query is accepted and answered with every selected field.
    let g = gql(
        &mock,
        INCREMENTAL,
        json!({"first": 3, "q": "updated_at:>='2023-01-01T00:00:00Z' AND updated_at:<='2026-01-01T00:00:00Z'"}),
    );
    let v = g.json();
    assert!(v.get("errors").is_none(), "{v}");
    assert_eq!(g.header("X-Shopify-API-Version"), Some("2026-07"));
    let node = &v["data"]["orders"]["edges"][0]["node"];
    assert!(node["id"]
        .as_str()
        .unwrap()
        .starts_with("gid://shopify/Order/"));
    assert_eq!(
        node["legacyResourceId"].as_str().unwrap(),
        node["id"].as_str().unwrap().rsplit('/').next().unwrap()
    );
    assert_eq!(node["__typename"], "Order");
    assert_eq!(node["totalPriceSet"]["shopMoney"]["currencyCode"], "USD");
    assert!(node["totalPriceSet"]["shopMoney"]["amount"].is_string());
    assert_eq!(
        node.as_object().unwrap().len(),
        29,
        "only the selected fields"
    );
    // Cost by Shopify's rules (objects 1, scalars 0, connections 2 + first × node): one order =
    // 1 + totalPriceSet 3 (bag + 2 MoneyV2) + 5 one-money bags × 2 + totalRefundedSet 3
    // + customer 1 + shippingAddress 1 + lineItems (2 + 10 × (1 + variant 1 + product 1 + 2 + 2))
    // + refunds (1 + totalRefundedSet 2 + refundLineItems (2 + 10 × (1 + lineItem 1 + 2)))
    // + fulfillments 1 = 1 + 3 + 10 + 3 + 1 + 1 + 72 + 45 + 1 = 137; orders(first: 3) = 2 + 3 × 137.
    assert_eq!(v["extensions"]["cost"]["requestedQueryCost"], json!(413.0));
}

#[test]
fn cursor_paging_over_three_pages_sorted_by_updated_at() {
    let mock = generated(25, ShopifyConfig::default());
    let q = "query($after: String) { orders(first: 10, after: $after, sortKey: UPDATED_AT) { edges { cursor node { id updatedAt } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }";
    let mut after = Value::Null;
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let v = gql(&mock, q, json!({"after": after})).json();
        let conn = &v["data"]["orders"];
        let edges = conn["edges"].as_array().unwrap();
        pages += 1;
        assert_eq!(conn["pageInfo"]["hasPreviousPage"], pages > 1);
        assert_eq!(
            conn["pageInfo"]["endCursor"],
            edges.last().unwrap()["cursor"]
        );
        for e in edges {
            seen.push((
                e["node"]["updatedAt"].as_str().unwrap().to_string(),
                e["node"]["id"].as_str().unwrap().to_string(),
            ));
        }
        if conn["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 25);
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "ascending updatedAt");
    sorted.dedup_by(|a, b| a.1 == b.1);
    assert_eq!(sorted.len(), 25, "no duplicates");
    // Cursors are opaque base64 of Shopify's {"last_id", "last_value"} shape.
    let cursor = after.as_str().unwrap();
    use base64::Engine;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(cursor)
        .unwrap();
    let c: Value = serde_json::from_slice(&raw).unwrap();
    assert!(c["last_id"].is_u64() && c["last_value"].is_string());
    // last/before walks back.
    let v = gql(
        &mock,
        "query($b: String) { orders(last: 3, before: $b, sortKey: UPDATED_AT) { nodes { id } pageInfo { hasNextPage hasPreviousPage } } }",
        json!({"b": after}),
    )
    .json();
    let back: Vec<&str> = v["data"]["orders"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    let expect: Vec<&str> = seen[16..19].iter().map(|s| s.1.as_str()).collect();
    assert_eq!(back, expect);
    assert_eq!(v["data"]["orders"]["pageInfo"]["hasNextPage"], true);
}

#[test]
fn page_size_limits() {
    let mock = generated(5, ShopifyConfig::default());
    let v = gql(&mock, "{ orders(first: 251) { nodes { id } } }", json!({})).json();
    assert_eq!(
        v["errors"][0]["message"],
        repeatlens_mock_platforms::shopify::MAX_PAGE_MESSAGE
    );
    assert_eq!(v["errors"][0]["path"], json!(["orders"]));
    assert_eq!(
        v["data"],
        Value::Null,
        "orders is non-null: null propagates"
    );
    let v = gql(
        &mock,
        "{ orders(query: \"x\") { nodes { id } } }",
        json!({}),
    )
    .json();
    assert_eq!(
        v["errors"][0]["message"],
        "you must provide one of first or last"
    );
    let v = gql(&mock, "{ orders(first: 250) { nodes { id } } }", json!({})).json();
    assert_eq!(v["data"]["orders"]["nodes"].as_array().unwrap().len(), 5);
}

#[test]
fn cost_is_reported_and_throttling_never_exceeds_the_bucket() {
    let mock = generated(
        60,
        ShopifyConfig {
            maximum_available: 100.0,
            restore_rate: 10.0,
            ..ShopifyConfig::default()
        },
    );
    // orders(first: 30) { nodes { id lineItems(first: 1) { nodes { id } } } }:
    // 2 + 30 × (1 order + (2 + 1 × 1 line)) = 122 > 100: refused outright? No — 122 exceeds the
    // bucket size, so use first: 20 → 2 + 20 × 4 = 82.
    let q = "{ orders(first: 20) { nodes { id lineItems(first: 1) { nodes { id } } } } }";
    let g = gql(&mock, q, json!({}));
    let v = g.json();
    let cost = &v["extensions"]["cost"];
    assert_eq!(cost["requestedQueryCost"], json!(82.0));
    // Actual: 20 orders, each with exactly one line returned → the same 82.
    assert_eq!(cost["actualQueryCost"], json!(82.0));
    assert_eq!(cost["throttleStatus"]["maximumAvailable"], json!(100.0));
    assert_eq!(cost["throttleStatus"]["restoreRate"], json!(10.0));
    assert_eq!(cost["throttleStatus"]["currentlyAvailable"], json!(18.0));
    // A cheap query still fits: shop = 1 point.
    let v = gql(&mock, "{ shop { name } }", json!({})).json();
    assert_eq!(v["extensions"]["cost"]["requestedQueryCost"], json!(1.0));
    assert_eq!(
        v["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"],
        json!(17.0)
    );
    // The big one again: throttled, no data, actualQueryCost null, HTTP 200.
    let g = gql(&mock, q, json!({}));
    assert_eq!(g.status, 200);
    let v = g.json();
    assert!(v.get("data").is_none());
    assert_eq!(v["errors"][0]["message"], "Throttled");
    assert_eq!(v["errors"][0]["extensions"]["code"], "THROTTLED");
    assert_eq!(v["extensions"]["cost"]["actualQueryCost"], Value::Null);
    assert_eq!(
        v["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"],
        json!(17.0)
    );
    // 7 s later the bucket holds 17 + 70 = 87 ≥ 82: served.
    mock.clock().advance(7);
    let v = gql(&mock, q, json!({})).json();
    assert!(v.get("errors").is_none(), "{v}");
    assert_eq!(
        v["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"],
        json!(5.0)
    );
    // The log records cost and level; the level never went below zero.
    let log = mock.requests();
    assert_eq!(log.len(), 4);
    assert_eq!(log[2].actual_cost, None);
    assert!(log.iter().all(|r| r.available_after.unwrap() >= 0.0));
    assert_eq!(log[3].requested_cost, Some(82.0));
    // A short page costs less than requested: 5 orders exist after this cursor? Use a filter
    // that matches no order: requested 2 + 20 × 4 = 82, actual 2.
    mock.clock().advance(100);
    let v = gql(
        &mock,
        "{ orders(first: 20, query: \"created_at:<2000-01-01\") { nodes { id lineItems(first: 1) { nodes { id } } } } }",
        json!({}),
    )
    .json();
    assert_eq!(v["extensions"]["cost"]["requestedQueryCost"], json!(82.0));
    assert_eq!(v["extensions"]["cost"]["actualQueryCost"], json!(2.0));
    assert_eq!(
        v["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"],
        json!(98.0)
    );
}

#[test]
fn throttled_status_can_be_429_and_max_cost_is_enforced() {
    let mock = generated(
        5,
        ShopifyConfig {
            maximum_available: 10.0,
            throttle_status: 429,
            ..ShopifyConfig::default()
        },
    );
    let g = gql(&mock, "{ orders(first: 5) { nodes { id } } }", json!({}));
    assert_eq!(g.status, 200, "7 points fit");
    let g = gql(&mock, "{ orders(first: 5) { nodes { id } } }", json!({}));
    assert_eq!(g.status, 429);
    assert_eq!(g.json()["errors"][0]["extensions"]["code"], "THROTTLED");
    // 2 + 250 × (1 + (2 + 10 × 1)) = 3252 > 1000.
    let v = gql(
        &mock,
        "{ orders(first: 250) { nodes { id lineItems(first: 10) { nodes { id } } } } }",
        json!({}),
    )
    .json();
    assert_eq!(v["errors"][0]["extensions"]["code"], "MAX_COST_EXCEEDED");
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("Query cost is 3252, which exceeds the single query max cost limit (1000)."));
    assert!(v.get("data").is_none());
}

fn run_bulk(mock: &ShopifyMock, inner: &str) -> Value {
    gql(
        mock,
        "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { field message code } } }",
        json!({"q": inner}),
    )
    .json()
}

fn poll(mock: &ShopifyMock, id: &str) -> Value {
    gql(
        mock,
        "query($id: ID!) { node(id: $id) { ... on BulkOperation { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl } } }",
        json!({"id": id}),
    )
    .json()["data"]["node"]
        .clone()
}

const BULK: &str = "{ orders(query: \"created_at:>='2023-01-01'\") { edges { node { id name totalPriceSet { shopMoney { amount } } lineItems { edges { node { id sku quantity } } } } } } }";

fn jsonl(body: &[u8]) -> Vec<Value> {
    String::from_utf8(body.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn bulk_lifecycle_to_jsonl_with_parents_first_or_children_first() {
    for children_first in [false, true] {
        let mock = generated(
            12,
            ShopifyConfig {
                bulk_start_secs: 1,
                bulk_run_secs: 5,
                bulk_children_first: children_first,
                ..ShopifyConfig::default()
            },
        );
        let v = run_bulk(&mock, BULK);
        let p = &v["data"]["bulkOperationRunQuery"];
        assert_eq!(p["userErrors"], json!([]));
        assert_eq!(p["bulkOperation"]["status"], "CREATED");
        let id = p["bulkOperation"]["id"].as_str().unwrap().to_string();
        assert!(id.starts_with("gid://shopify/BulkOperation/"));
        assert_eq!(poll(&mock, &id)["status"], "CREATED");
        mock.clock().advance(1);
        let n = poll(&mock, &id);
        assert_eq!(n["status"], "RUNNING");
        assert_eq!(n["url"], Value::Null);
        // currentBulkOperation (deprecated in 2026-07, still in the schema) sees it too.
        let v = gql(&mock, "{ currentBulkOperation { id status } }", json!({})).json();
        assert_eq!(v["data"]["currentBulkOperation"]["id"], id.as_str());
        mock.clock().advance(5);
        let n = poll(&mock, &id);
        assert_eq!(n["status"], "COMPLETED");
        let url = n["url"].as_str().unwrap();
        let g = got(ureq::get(url).call());
        assert_eq!(g.status, 200);
        assert_eq!(n["fileSize"], g.body.len().to_string());
        let lines = jsonl(&g.body);
        assert_eq!(n["objectCount"], lines.len().to_string());
        let (orders, lines_of): (Vec<&Value>, Vec<&Value>) =
            lines.iter().partition(|l| l.get("__parentId").is_none());
        assert_eq!(n["rootObjectCount"], orders.len().to_string());
        let expected_lines: usize =
            mock.with_data(|d| d.orders.values().map(|o| o.line_items.len()).sum());
        assert_eq!(orders.len(), 12);
        assert_eq!(lines_of.len(), expected_lines);
        // Children are their own lines, keyed to their parent; nested connections are not
        // inline in the parent line.
        for o in &orders {
            assert!(o.get("lineItems").is_none());
            assert!(o["totalPriceSet"]["shopMoney"]["amount"].is_string());
        }
        let mut pos = std::collections::HashMap::new();
        for (i, l) in lines.iter().enumerate() {
            pos.insert(l["id"].as_str().unwrap().to_string(), i);
        }
        let mut before = 0;
        for (i, l) in lines.iter().enumerate() {
            if let Some(p) = l.get("__parentId").and_then(Value::as_str) {
                assert!(p.starts_with("gid://shopify/Order/"));
                let pi = pos[p];
                if i < pi {
                    before += 1;
                }
            }
        }
        if children_first {
            assert_eq!(before, lines_of.len(), "every child precedes its parent");
        } else {
            assert_eq!(before, 0, "every child follows its parent");
        }
    }
}

#[test]
fn bulk_url_expires_and_ranges_resume_a_truncated_download() {
    let mock = generated(
        30,
        ShopifyConfig {
            bulk_url_ttl_secs: 3600,
            ..ShopifyConfig::default()
        },
    );
    let v = run_bulk(&mock, BULK);
    let id = v["data"]["bulkOperationRunQuery"]["bulkOperation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    mock.clock().advance(2);
    let n = poll(&mock, &id);
    let url = n["url"].as_str().unwrap().to_string();
    let full = got(ureq::get(&url).call()).body;
    assert!(full.len() > 1000);
    // A download cut after 700 bytes (head promised the full length): the client sees a short
    // body, then resumes with Range.
    mock.push_fault(Fault {
        route: Route::BulkDownload,
        kind: FaultKind::TruncatedDownload(700),
    });
    let r = ureq::get(&url).call().unwrap();
    assert_eq!(
        r.header("Content-Length"),
        Some(full.len().to_string().as_str())
    );
    let mut part = Vec::new();
    let _ = std::io::Read::read_to_end(&mut r.into_reader(), &mut part);
    assert_eq!(part.len(), 700);
    let g = got(ureq::get(&url)
        .set("Range", &format!("bytes={}-", part.len()))
        .call());
    assert_eq!(g.status, 206);
    assert_eq!(
        g.header("Content-Range").unwrap(),
        format!("bytes 700-{}/{}", full.len() - 1, full.len())
    );
    part.extend_from_slice(&g.body);
    assert_eq!(part, full);
    let g = got(ureq::get(&url).set("Range", "bytes=0-9").call());
    assert_eq!(g.body, full[..10].to_vec());
    let g = got(ureq::get(&url)
        .set("Range", &format!("bytes={}-", full.len()))
        .call());
    assert_eq!(g.status, 416);
    // One hour after completion the signed URL has expired: 403 with the store's XML error.
    mock.clock().advance(3601);
    let g = got(ureq::get(&url).call());
    assert_eq!(g.status, 403);
    let body = String::from_utf8(g.body).unwrap();
    assert!(body.contains("<Code>ExpiredToken</Code>"), "{body}");
    assert_eq!(poll(&mock, &id)["status"], "EXPIRED");
}

#[test]
fn bulk_failure_concurrency_and_invalid_queries() {
    let mock = generated(20, ShopifyConfig::default());
    mock.push_fault(Fault {
        route: Route::Any,
        kind: FaultKind::BulkFail,
    });
    let v = run_bulk(&mock, BULK);
    let id = v["data"]["bulkOperationRunQuery"]["bulkOperation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(mock.pending_faults(), 0);
    // From 2026-01 on, up to five may run: four more are accepted, the sixth is refused.
    for _ in 0..4 {
        let v = run_bulk(&mock, BULK);
        assert_eq!(v["data"]["bulkOperationRunQuery"]["userErrors"], json!([]));
    }
    let v = run_bulk(&mock, BULK);
    assert_eq!(
        v["data"]["bulkOperationRunQuery"]["bulkOperation"],
        Value::Null
    );
    assert_eq!(
        v["data"]["bulkOperationRunQuery"]["userErrors"][0]["code"],
        "LIMIT_REACHED"
    );
    mock.clock().advance(2);
    let n = poll(&mock, &id);
    assert_eq!(n["status"], "FAILED");
    assert_eq!(n["errorCode"], "INTERNAL_SERVER_ERROR");
    assert_eq!(n["url"], Value::Null);
    let partial = got(ureq::get(n["partialDataUrl"].as_str().unwrap()).call());
    assert_eq!(partial.status, 200);
    assert_eq!(
        jsonl(&partial.body).len().to_string(),
        n["objectCount"].as_str().unwrap()
    );
    // Before 2026-01, one at a time: 2025-10 says "already in progress".
    let old = mock.base_url() + "/admin/api/2025-10/graphql.json";
    let m = "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { field message code } } }";
    let v = gql_at(&old, "shpat_test", m, json!({"q": BULK})).json();
    assert_eq!(v["data"]["bulkOperationRunQuery"]["userErrors"], json!([]));
    let g = gql_at(&old, "shpat_test", m, json!({"q": BULK}));
    assert_eq!(g.header("X-Shopify-API-Version"), Some("2025-10"));
    let e = &g.json()["data"]["bulkOperationRunQuery"]["userErrors"][0];
    assert_eq!(e["code"], "OPERATION_IN_PROGRESS");
    assert_eq!(e["field"], json!(["query"]));
    assert!(e["message"]
        .as_str()
        .unwrap()
        .starts_with("A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/"));
    // Invalid bulk queries: no connection; a nested connection without the parent id.
    mock.clock().advance(10);
    let v = run_bulk(&mock, "{ shop { name } }");
    assert_eq!(
        v["data"]["bulkOperationRunQuery"]["userErrors"][0]["code"],
        "INVALID"
    );
    let v = run_bulk(
        &mock,
        "{ orders { edges { node { name lineItems { edges { node { id } } } } } } }",
    );
    let msg = v["data"]["bulkOperationRunQuery"]["userErrors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("must select the 'id' field"), "{msg}");
    let v = run_bulk(&mock, "{ orders { edges { node { id nope } } } }");
    let msg = v["data"]["bulkOperationRunQuery"]["userErrors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        msg,
        "Invalid bulk query: Field 'nope' doesn't exist on type 'Order'"
    );
    // The mutation cost 10 points each.
    let log = mock.requests();
    assert_eq!(log[0].requested_cost, Some(10.0));
}

#[test]
fn auth_tokens_client_credentials_and_versions() {
    let mock = generated(
        3,
        ShopifyConfig {
            client_app: Some(ClientApp {
                client_id: "cid".into(),
                client_secret: "csecret".into(),
                scopes: vec!["read_orders".into()],
            }),
            ..ShopifyConfig::default()
        },
    );
    let q = "{ shop { name } }";
    let g = gql_at(&mock.graphql_url(), "shpat_wrong", q, json!({}));
    assert_eq!(g.status, 401);
    assert_eq!(
        g.json(),
        json!({"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
    );
    let token_url = mock.base_url() + "/admin/oauth/access_token";
    let g = got(ureq::post(&token_url).send_form(&[
        ("client_id", "cid"),
        ("client_secret", "nope"),
        ("grant_type", "client_credentials"),
    ]));
    assert_eq!(g.status, 400);
    let g = got(ureq::post(&token_url).send_json(json!({
        "client_id": "cid", "client_secret": "csecret", "grant_type": "client_credentials"
    })));
    assert_eq!(g.status, 200);
    let t = g.json();
    assert_eq!(t["expires_in"], 86399);
    assert_eq!(t["scope"], "read_orders");
    let token = t["access_token"].as_str().unwrap().to_string();
    assert!(token.starts_with("shpat_"));
    assert_eq!(
        gql_at(&mock.graphql_url(), &token, q, json!({})).status,
        200
    );
    // Form body works too.
    let g = got(ureq::post(&token_url).send_form(&[
        ("client_id", "cid"),
        ("client_secret", "csecret"),
        ("grant_type", "client_credentials"),
    ]));
    assert_eq!(g.status, 200);
    // 86 399 s later the first token is dead (the mock clock moved), the static one lives.
    mock.clock().advance(86_399);
    assert_eq!(
        gql_at(&mock.graphql_url(), &token, q, json!({})).status,
        401
    );
    assert_eq!(gql(&mock, q, json!({})).status, 200);
    // Versions: old ones fall forward, no version = oldest supported, future = 404.
    let g = gql_at(
        &(mock.base_url() + "/admin/api/2023-04/graphql.json"),
        "shpat_test",
        q,
        json!({}),
    );
    assert_eq!(g.status, 200);
    assert_eq!(g.header("X-Shopify-API-Version"), Some("2025-10"));
    let g = gql_at(
        &(mock.base_url() + "/admin/api/graphql.json"),
        "shpat_test",
        q,
        json!({}),
    );
    assert_eq!(g.header("X-Shopify-API-Version"), Some("2025-10"));
    let g = gql_at(
        &(mock.base_url() + "/admin/api/2031-01/graphql.json"),
        "shpat_test",
        q,
        json!({}),
    );
    assert_eq!(g.status, 404);
    // Revocation.
    mock.revoke_token();
    assert_eq!(gql(&mock, q, json!({})).status, 401);
}

#[test]
fn scopes_window_and_protected_data() {
    // Without read_all_orders only the last 60 days of orders exist.
    let mock = generated(300, ShopifyConfig::default());
    mock.add_token("shpat_recent", &["read_orders", "read_customers"], None);
    mock.add_token("shpat_noorders", &["read_products"], None);
    let now = GENERATED_END_UNIX;
    let recent = mock.with_data(|d| {
        d.orders
            .values()
            .filter(|o| o.created_at >= now - 60 * 86_400)
            .count()
    });
    assert!(recent > 5 && recent < 100, "{recent}");
    let q = "query($a: String) { orders(first: 250, after: $a) { nodes { id createdAt } pageInfo { hasNextPage endCursor } } }";
    let count = |token: &str| {
        let (mut n, mut after, mut oldest) = (0usize, Value::Null, i64::MAX);
        loop {
            let v = gql_at(&mock.graphql_url(), token, q, json!({"a": after})).json();
            for o in v["data"]["orders"]["nodes"].as_array().unwrap() {
                n += 1;
                let t = chrono::DateTime::parse_from_rfc3339(o["createdAt"].as_str().unwrap())
                    .unwrap()
                    .timestamp();
                oldest = oldest.min(t);
            }
            if v["data"]["orders"]["pageInfo"]["hasNextPage"] != true {
                return (n, oldest);
            }
            after = v["data"]["orders"]["pageInfo"]["endCursor"].clone();
        }
    };
    assert_eq!(count("shpat_test").0, 300);
    let (n, oldest) = count("shpat_recent");
    assert_eq!(n, recent);
    assert!(oldest >= now - 60 * 86_400);
    // An old order by id is invisible too.
    let old_id = mock.with_data(|d| *d.orders.keys().next().unwrap());
    let v = gql_at(
        &mock.graphql_url(),
        "shpat_recent",
        "query($id: ID!) { order(id: $id) { id } }",
        json!({"id": format!("gid://shopify/Order/{old_id}")}),
    )
    .json();
    assert_eq!(v["data"]["order"], Value::Null);
    // Without read_orders: ACCESS_DENIED.
    let v = gql_at(
        &mock.graphql_url(),
        "shpat_noorders",
        "{ orders(first: 1) { nodes { id } } }",
        json!({}),
    )
    .json();
    assert_eq!(v["errors"][0]["extensions"]["code"], "ACCESS_DENIED");
    assert_eq!(
        v["errors"][0]["message"],
        "Access denied for orders field. Required access: `read_orders` access scope."
    );
    assert_eq!(v["data"], Value::Null);

    // Protected customer data: level 1 hides name, email and phone; country stays.
    for level in [2u8, 1, 0] {
        let m = generated(
            30,
            ShopifyConfig {
                protected_data_level: level,
                ..ShopifyConfig::default()
            },
        );
        let v = gql(
            &m,
            "{ customers(first: 5) { nodes { id email firstName lastName phone numberOfOrders amountSpent { amount } defaultAddress { countryCodeV2 } } } orders(first: 5) { nodes { email customer { id } } } }",
            json!({}),
        )
        .json();
        let c = &v["data"]["customers"]["nodes"][0];
        match level {
            2 => {
                assert!(c["email"].as_str().unwrap().contains('@'));
                assert!(c["firstName"].is_string());
                assert!(v.get("errors").is_none());
            }
            1 => {
                assert!(v.get("errors").is_none(), "{v}");
                for f in ["email", "firstName", "lastName", "phone"] {
                    assert_eq!(c[f], Value::Null, "{f}");
                }
                assert!(c["id"].is_string());
                assert!(c["numberOfOrders"].is_string());
                assert!(c["defaultAddress"]["countryCodeV2"].is_string());
                assert!(v["data"]["orders"]["nodes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|o| o["email"].is_null()));
            }
            _ => {
                assert_eq!(v["data"], Value::Null);
                assert_eq!(v["errors"][0]["extensions"]["code"], "ACCESS_DENIED");
                assert!(v["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("This app is not approved to access the Customer object."));
            }
        }
    }
}

#[test]
fn faults_hooks_and_in_flight() {
    let mock = generated(10, ShopifyConfig::default());
    let q = "{ shop { name } }";
    mock.push_fault(Fault {
        route: Route::Graphql,
        kind: FaultKind::Status {
            status: 503,
            retry_after: Some(2),
        },
    });
    let g = gql(&mock, q, json!({}));
    assert_eq!(g.status, 503);
    assert_eq!(g.header("Retry-After"), Some("2"));
    mock.push_fault(Fault {
        route: Route::Graphql,
        kind: FaultKind::Reset,
    });
    let r = ureq::post(&mock.graphql_url())
        .set("X-Shopify-Access-Token", "shpat_test")
        .send_json(json!({"query": q}));
    assert!(matches!(r, Err(ureq::Error::Transport(_))));
    mock.push_fault(Fault {
        route: Route::Graphql,
        kind: FaultKind::TruncatedBody,
    });
    let r = ureq::post(&mock.graphql_url())
        .set("X-Shopify-Access-Token", "shpat_test")
        .send_json(json!({"query": q}))
        .unwrap();
    let mut s = String::new();
    assert!(
        std::io::Read::read_to_string(&mut r.into_reader(), &mut s).is_err()
            || serde_json::from_str::<Value>(&s).is_err()
    );
    mock.push_fault(Fault {
        route: Route::Graphql,
        kind: FaultKind::Unauthorized,
    });
    assert_eq!(gql(&mock, q, json!({})).status, 401);
    // A hook changes an order after the first page: the second page sees it moved to the end.
    let first_id = mock.with_data(|d| {
        let mut v: Vec<_> = d.orders.values().map(|o| (o.updated_at, o.id)).collect();
        v.sort();
        v[0].1
    });
    let clock = mock.clock();
    let mut done = false;
    mock.on_request_control(move |info, c| {
        if info.operation.as_deref() == Some("Page") && !done {
            done = true;
            c.data
                .modify_order(first_id, clock.now(), |o| o.test = true);
        }
    });
    let page = "query Page($a: String) { orders(first: 5, after: $a, sortKey: UPDATED_AT) { nodes { id test } pageInfo { endCursor } } }";
    let v1 = gql(&mock, page, json!({})).json();
    assert_eq!(
        v1["data"]["orders"]["nodes"][0]["id"],
        format!("gid://shopify/Order/{first_id}")
    );
    let v2 = gql(
        &mock,
        page,
        json!({"a": v1["data"]["orders"]["pageInfo"]["endCursor"]}),
    )
    .json();
    let ids2: Vec<&str> = v2["data"]["orders"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids2.len(), 5);
    let log = mock.requests();
    assert_eq!(
        log.iter().map(|r| r.status).collect::<Vec<_>>(),
        vec![503, 0, 200, 401, 200, 200]
    );
    assert_eq!(log[4].operation.as_deref(), Some("Page"));
    assert!(mock.max_in_flight() >= 1);
    // The edited order (now updated at the current clock, far after the data) is last.
    let v3 = gql(
        &mock,
        "{ orders(last: 1, sortKey: UPDATED_AT) { nodes { id test } } }",
        json!({}),
    )
    .json();
    assert_eq!(
        v3["data"]["orders"]["nodes"][0]["id"],
        format!("gid://shopify/Order/{first_id}")
    );
    assert_eq!(v3["data"]["orders"]["nodes"][0]["test"], true);
}

#[test]
fn generated_data_is_deterministic_and_varied() {
    let a = ShopData::generated(3, 400);
    let b = ShopData::generated(3, 400);
    assert_eq!(a.orders, b.orders);
    assert_eq!(a.orders_len(), 400);
    let presentments: std::collections::BTreeSet<&str> = a
        .orders
        .values()
        .map(|o| o.presentment_currency.as_str())
        .collect();
    assert!(presentments.len() >= 3, "{presentments:?}");
    assert!(a.orders.values().any(|o| o.customer_id.is_none()));
    assert!(a.orders.values().any(|o| o.test));
    assert!(a
        .orders
        .values()
        .any(|o| o.cancelled_at.is_some() && o.financial_status == "REFUNDED"));
    assert!(a
        .orders
        .values()
        .any(|o| o.financial_status == "PARTIALLY_REFUNDED" && !o.refunds[0].lines.is_empty()));
    for o in a.orders.values() {
        assert_eq!(
            o.total_price.shop,
            o.subtotal.shop + o.total_shipping.shop + o.total_tax.shop
        );
        assert!(o.current_total().shop >= 0);
    }
    // Helpers keep totals and statuses consistent.
    let mut c = a.clone();
    let (id, o) = c
        .orders
        .iter()
        .find(|(_, o)| o.refunds.is_empty() && !o.test)
        .map(|(i, o)| (*i, o.clone()))
        .unwrap();
    c.refund_order(id, 100, o.updated_at + 10).unwrap();
    assert_eq!(c.orders[&id].financial_status, "PARTIALLY_REFUNDED");
    assert_eq!(c.orders[&id].current_total().shop, o.total_price.shop - 100);
    assert_eq!(c.orders[&id].updated_at, o.updated_at + 10);
    c.refund_order(id, o.total_price.shop - 100, o.updated_at + 20)
        .unwrap();
    assert_eq!(c.orders[&id].financial_status, "REFUNDED");
    let big = ShopData::generated(1, 20_725);
    assert_eq!(big.orders_len(), 20_725);
}

fn retail_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../assets/online_retail.csv.gz")
}

#[test]
fn online_retail_first_2000_orders_match_the_woo_mapping() {
    let path = retail_path();
    let w = WooData::from_online_retail(&path, Some(2000)).unwrap();
    let d = ShopData::from_online_retail(&path, Some(2000)).unwrap();
    assert_eq!(d.orders_len(), 2000);
    assert_eq!(d.shop.currency_code, "GBP");
    // Every invoice: same total and same refunded amount as the WooCommerce mapping.
    for (id, wo) in &w.orders {
        let o = &d.orders[id];
        assert_eq!(
            o.total_price.shop,
            money_to_cents(&wo.total),
            "invoice {id}"
        );
        let refunded: i64 = w
            .refunds_of(*id)
            .iter()
            .map(|r| money_to_cents(&r.amount))
            .sum();
        assert_eq!(o.total_refunded().shop, refunded, "invoice {id}");
    }
    // £1,100,522.34: the figure the woo test derives independently from the CSV for the same
    // 2,000 invoices (tests/woo_http.rs, online_retail_first_2000_orders_have_plausible_totals).
    let total: i64 = d.orders.values().map(|o| o.total_price.shop).sum();
    assert_eq!(total, 110_052_234);
    // Served over GraphQL: invoice 536365 = £139.12 (hand-computed in the woo test), 7 lines.
    let mock = start(ShopifyConfig::default(), d);
    let v = gql(
        &mock,
        "{ order(id: \"gid://shopify/Order/536365\") { name createdAt totalPriceSet { shopMoney { amount currencyCode } } customer { id } lineItems(first: 50) { nodes { sku quantity } } shippingAddress { countryCodeV2 } } }",
        json!({}),
    )
    .json();
    let o = &v["data"]["order"];
    assert_eq!(o["name"], "#536365");
    assert_eq!(o["createdAt"], "2010-12-01T08:26:00Z");
    assert_eq!(
        o["totalPriceSet"]["shopMoney"],
        json!({"amount": "139.12", "currencyCode": "GBP"})
    );
    assert_eq!(o["customer"]["id"], "gid://shopify/Customer/17850");
    assert_eq!(o["lineItems"]["nodes"].as_array().unwrap().len(), 7);
    assert_eq!(o["shippingAddress"]["countryCodeV2"], "GB");
}

#[test]
fn missing_schema_says_where_it_looked() {
    let e = ShopifyMock::start(
        ShopifyConfig {
            schema_path: Some(PathBuf::from("/nonexistent/admin.graphql")),
            ..ShopifyConfig::default()
        },
        ShopData::empty(),
    )
    .err()
    .unwrap();
    assert!(e.to_string().contains("/nonexistent/admin.graphql"), "{e}");
}

#[test]
fn binary_serves_shopify() {
    use std::io::{BufRead, Write};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_repeatlens-mock"))
        .args(["shopify", "--data", "generated:12:5", "--token-stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "shpat_bin").unwrap();
    }
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(
        line.starts_with("shopify mock at http://127.0.0.1:"),
        "{line}"
    );
    let url = line.split_whitespace().nth(3).unwrap().to_string();
    let v = gql_at(
        &url,
        "shpat_bin",
        "{ orders(first: 50) { nodes { id } } }",
        json!({}),
    )
    .json();
    assert_eq!(v["data"]["orders"]["nodes"].as_array().unwrap().len(), 12);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn full_online_retail_shop_pages_and_bulk_exports() {
    let t = std::time::Instant::now();
    let d = ShopData::from_online_retail(&retail_path(), None).unwrap();
    let n = d.orders_len();
    eprintln!("loaded {n} orders in {:?}", t.elapsed());
    let lines: usize = d.orders.values().map(|o| o.line_items.len()).sum();
    let mock = start(ShopifyConfig::default(), d);
    let t = std::time::Instant::now();
    let v = gql(
        &mock,
        "{ orders(first: 100, sortKey: UPDATED_AT, reverse: true) { nodes { id updatedAt lineItems(first: 3) { nodes { sku } } } pageInfo { hasNextPage } } }",
        json!({}),
    )
    .json();
    eprintln!("one page in {:?}", t.elapsed());
    assert_eq!(v["data"]["orders"]["nodes"].as_array().unwrap().len(), 100);
    assert_eq!(v["data"]["orders"]["pageInfo"]["hasNextPage"], true);
    let t = std::time::Instant::now();
    let r = run_bulk(
        &mock,
        "{ orders { edges { node { id totalPriceSet { shopMoney { amount } } lineItems { edges { node { id quantity } } } } } } }",
    );
    let id = r["data"]["bulkOperationRunQuery"]["bulkOperation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    mock.clock().advance(2);
    let p = poll(&mock, &id);
    eprintln!("bulk in {:?}", t.elapsed());
    assert_eq!(p["rootObjectCount"], n.to_string());
    assert_eq!(p["objectCount"], (n + lines).to_string());
}

#[test]
fn customers_products_and_nodes() {
    let mock = generated(90, ShopifyConfig::default());
    // Customers updated since a cut-off, by UPDATED_AT: the mock's own records decide the count.
    let cut = GENERATED_END_UNIX - 200 * 86_400;
    let expect = mock.with_data(|d| d.customers.values().filter(|c| c.updated_at >= cut).count());
    assert!(expect > 3 && expect < 30, "{expect}");
    let q = "query($q: String, $a: String) { customers(first: 4, after: $a, query: $q, sortKey: UPDATED_AT) { edges { cursor node { id email firstName lastName phone createdAt updatedAt numberOfOrders amountSpent { amount currencyCode } tags emailMarketingConsent { marketingState } defaultAddress { countryCodeV2 } } } pageInfo { hasNextPage endCursor } } }";
    let cut_iso = chrono::DateTime::from_timestamp(cut, 0)
        .unwrap()
        .to_rfc3339();
    let (mut n, mut after, mut last) = (0, Value::Null, String::new());
    loop {
        let v = gql(
            &mock,
            q,
            json!({"q": format!("updated_at:>='{cut_iso}'"), "a": after}),
        )
        .json();
        assert!(v.get("errors").is_none(), "{v}");
        let c = &v["data"]["customers"];
        for e in c["edges"].as_array().unwrap() {
            let node = &e["node"];
            let u = node["updatedAt"].as_str().unwrap().to_string();
            assert!(u >= last, "sorted by updatedAt");
            last = u;
            assert_eq!(node["amountSpent"]["currencyCode"], "USD");
            n += 1;
        }
        if c["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = c["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(n, expect);
    // numberOfOrders / amountSpent agree with the orders (non-test, after refunds).
    let (cid, count, spent) = mock.with_data(|d| {
        let (cid, (count, spent)) = d.customer_stats().into_iter().next().unwrap();
        (cid, count, spent)
    });
    let v = gql(
        &mock,
        "query($id: ID!) { customer(id: $id) { numberOfOrders amountSpent { amount } } }",
        json!({"id": format!("gid://shopify/Customer/{cid}")}),
    )
    .json();
    assert_eq!(v["data"]["customer"]["numberOfOrders"], count.to_string());
    assert_eq!(
        v["data"]["customer"]["amountSpent"]["amount"],
        format!("{}.{:02}", spent / 100, spent % 100)
    );
    // Products with variants.
    let v = gql(
        &mock,
        "{ products(first: 3, sortKey: ID) { nodes { id title productType vendor updatedAt variants(first: 5) { nodes { id sku } } } } }",
        json!({}),
    )
    .json();
    let p = &v["data"]["products"]["nodes"][0];
    assert!(p["id"]
        .as_str()
        .unwrap()
        .starts_with("gid://shopify/Product/"));
    let vid = p["variants"]["nodes"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(vid.starts_with("gid://shopify/ProductVariant/"));
    // nodes(ids:) with a mix of types, an unknown id (null) and fragments.
    let oid = mock.with_data(|d| *d.orders.keys().last().unwrap());
    let v = gql(
        &mock,
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Order { name } ...V } } fragment V on ProductVariant { sku }",
        json!({"ids": [format!("gid://shopify/Order/{oid}"), vid, "gid://shopify/Order/1"]}),
    )
    .json();
    let ns = v["data"]["nodes"].as_array().unwrap();
    assert_eq!(ns[0]["__typename"], "Order");
    assert!(ns[0]["name"].as_str().unwrap().starts_with('#'));
    assert_eq!(ns[1]["__typename"], "ProductVariant");
    assert!(ns[1]["sku"].as_str().unwrap().starts_with("SKU-"));
    assert_eq!(ns[2], Value::Null);
    // Aliases are honoured.
    let v = gql(&mock, "{ a: shop { n: name } }", json!({})).json();
    assert_eq!(v["data"], json!({"a": {"n": "RepeatLens Mock Shop"}}));
}
