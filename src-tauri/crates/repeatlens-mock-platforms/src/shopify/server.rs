//! The Shopify request handling (HTTP itself is in [`crate::http`]).

use std::cell::Cell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::AtomicUsize;

use apollo_compiler::resolvers::Execution;
use apollo_compiler::response::JsonMap;
use serde_json::{json, Value};

use super::exec::{self, Ctx, Obj};
use super::{
    Bucket, BulkOperation, BulkOutput, Control, Fault, FaultKind, RequestInfo, Route, Shared,
    ShopifyConfig, State, TokenInfo,
};
use crate::http::{reason, Handler, Head, Plan, Resp};

impl Handler for Shared {
    fn handle<'a>(&'a self, head: &'a Head) -> Pin<Box<dyn Future<Output = Plan> + Send + 'a>> {
        Box::pin(handle(self, head))
    }

    fn now(&self) -> i64 {
        self.clock.now()
    }

    fn server_name(&self) -> &'static str {
        "cloudflare"
    }

    fn in_flight(&self) -> (&AtomicUsize, &AtomicUsize) {
        (&self.in_flight, &self.max_in_flight)
    }
}

const INVALID_TOKEN: &str =
    "[API] Invalid API key or access token (unrecognized login or wrong password)";

fn json_resp(status: u16, body: &Value, extra: Vec<(String, String)>) -> Resp {
    let mut headers = vec![(
        "Content-Type".to_string(),
        "application/json; charset=utf-8".to_string(),
    )];
    headers.extend(extra);
    Resp {
        status,
        headers,
        body: serde_json::to_vec(body).unwrap_or_default(),
    }
}

fn xml_resp(status: u16, code: &str, message: &str, details: &str) -> Resp {
    let body = format!(
        "<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{message}</Message><Details>{details}</Details></Error>"
    );
    Resp {
        status,
        headers: vec![(
            "Content-Type".to_string(),
            "application/xml; charset=UTF-8".to_string(),
        )],
        body: body.into_bytes(),
    }
}

/// Refills the bucket to `now_ms` (mock-clock milliseconds).
pub(crate) fn refill(cfg: &ShopifyConfig, b: &mut Bucket, now_ms: i64) {
    // A clock set backwards restarts the reference point without refilling.
    if now_ms > b.at_ms {
        b.level = (b.level + (now_ms - b.at_ms) as f64 / 1000.0 * cfg.restore_rate)
            .min(cfg.maximum_available);
    }
    b.at_ms = now_ms;
}

#[derive(Debug, Clone, PartialEq)]
enum Endpoint {
    Graphql(Option<String>),
    Token,
    Bulk(u64, bool),
    Other,
}

fn parse_path(path: &str) -> Endpoint {
    if path == "/admin/oauth/access_token" {
        return Endpoint::Token;
    }
    if path == "/admin/api/graphql.json" {
        return Endpoint::Graphql(None);
    }
    if let Some(rest) = path.strip_prefix("/admin/api/") {
        if let Some(v) = rest.strip_suffix("/graphql.json") {
            if !v.contains('/') {
                return Endpoint::Graphql(Some(v.to_string()));
            }
        }
    }
    if let Some(rest) = path.strip_prefix("/bulk/") {
        if let Some(stem) = rest.strip_suffix(".jsonl") {
            let (stem, partial) = match stem.strip_suffix("-partial") {
                Some(s) => (s, true),
                None => (stem, false),
            };
            if let Ok(id) = stem.parse() {
                return Endpoint::Bulk(id, partial);
            }
        }
    }
    Endpoint::Other
}

/// The version served for the one asked for, or `None` for 404 (see the module docs).
fn serve_version(cfg: &ShopifyConfig, asked: Option<&str>) -> Option<String> {
    let oldest = cfg.supported_versions.first()?.clone();
    let Some(v) = asked else { return Some(oldest) };
    if v == "unstable" {
        return Some(v.to_string());
    }
    let well_formed = v.len() == 7
        && v.as_bytes()[4] == b'-'
        && v[..4].bytes().all(|b| b.is_ascii_digit())
        && v[5..].bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return None;
    }
    cfg.supported_versions
        .iter()
        .find(|s| s.as_str() >= v)
        .cloned()
}

fn status_of(cfg: &ShopifyConfig, op: &BulkOperation, now: i64) -> &'static str {
    if op.canceled_at.is_some() {
        return "CANCELED";
    }
    let start = op.created_at + cfg.bulk_start_secs;
    let done = start + cfg.bulk_run_secs;
    if now < start {
        "CREATED"
    } else if now < done {
        "RUNNING"
    } else if op.fail {
        "FAILED"
    } else if now > done + cfg.bulk_url_ttl_secs {
        "EXPIRED"
    } else {
        "COMPLETED"
    }
}

fn completed_at(cfg: &ShopifyConfig, op: &BulkOperation) -> i64 {
    op.created_at + cfg.bulk_start_secs + cfg.bulk_run_secs
}

fn bulk_url(base: &str, cfg: &ShopifyConfig, op: &BulkOperation, partial: bool) -> String {
    let done = completed_at(cfg, op);
    format!(
        "{base}/bulk/{}{}.jsonl?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Date={}&X-Goog-Expires={}&X-Goog-SignedHeaders=host&X-Goog-Signature=mock{}",
        op.id,
        if partial { "-partial" } else { "" },
        chrono::DateTime::from_timestamp(done, 0)
            .map(|d| d.format("%Y%m%dT%H%M%SZ").to_string())
            .unwrap_or_default(),
        cfg.bulk_url_ttl_secs,
        op.id
    )
}

/// The `BulkOperation` fields of an operation at `now`.
fn bulk_view(cfg: &ShopifyConfig, base: &str, op: &BulkOperation, now: i64) -> Value {
    let status = status_of(cfg, op, now);
    let finished = matches!(status, "COMPLETED" | "FAILED" | "EXPIRED");
    let out = op.output.as_ref().filter(|_| finished);
    let count = out.map_or(0, |o| o.object_count);
    let url = match (status, out) {
        ("COMPLETED", Some(o)) if o.object_count > 0 => json!(bulk_url(base, cfg, op, false)),
        _ => Value::Null,
    };
    let partial = match (status, out) {
        ("FAILED", Some(o)) if o.object_count > 0 => json!(bulk_url(base, cfg, op, true)),
        _ => Value::Null,
    };
    json!({
        "id": exec::gid("BulkOperation", op.id),
        "status": status,
        "type": "QUERY",
        "query": op.query,
        "createdAt": exec::iso(op.created_at),
        "completedAt": if finished { json!(exec::iso(completed_at(cfg, op))) } else { Value::Null },
        "errorCode": if status == "FAILED" { json!("INTERNAL_SERVER_ERROR") } else { Value::Null },
        "objectCount": count.to_string(),
        "rootObjectCount": out.map_or(0, |o| o.root_object_count).to_string(),
        "fileSize": match out { Some(o) if o.object_count > 0 => json!(o.jsonl.len().to_string()), _ => Value::Null },
        "url": url,
        "partialDataUrl": partial,
    })
}

/// Produces the output of every bulk operation that has finished by `now` and has none yet,
/// from the records as they are now.
fn materialize(shared: &Shared, st: &mut State, now: i64) {
    let cfg = &shared.config;
    let due: Vec<u64> = st
        .bulk
        .values()
        .filter(|op| op.output.is_none() && op.canceled_at.is_none())
        .filter(|op| now >= completed_at(cfg, op))
        .map(|op| op.id)
        .collect();
    for id in due {
        let op = st.bulk[&id].clone();
        let Ok(doc) = exec::parse_valid(&shared.schema, &op.query) else {
            continue;
        };
        let Ok(operation) = doc.operations.get(None) else {
            continue;
        };
        let empty = BTreeMap::new();
        let view = |_: &BulkOperation| Value::Null;
        let run = |_: &str| -> Result<BulkOperation, (String, &'static str)> {
            Err(("not available inside a bulk query".into(), "INVALID"))
        };
        let ctx = Ctx::new(
            &st.data,
            completed_at(cfg, &op),
            &op.scopes,
            cfg.protected_data_level,
            true,
            &empty,
            &view,
            &run,
        );
        let root = Obj::Query(&ctx);
        let resp = Execution::new(&shared.schema, &doc)
            .operation(operation)
            .execute_sync(&root);
        let data = resp
            .ok()
            .and_then(|r| r.data)
            .and_then(|d| serde_json::to_value(d).ok())
            .unwrap_or(Value::Null);
        let (mut lines, roots) = exec::bulk_lines(
            &shared.schema,
            &doc,
            &operation.selection_set,
            &data,
            cfg.bulk_children_first,
        );
        if op.fail {
            lines.truncate(lines.len() / 2);
        }
        let mut jsonl = Vec::new();
        for l in &lines {
            jsonl.extend_from_slice(l.to_string().as_bytes());
            jsonl.push(b'\n');
        }
        let root_count = if op.fail {
            lines
                .iter()
                .filter(|l| l.get("__parentId").is_none())
                .count() as u64
        } else {
            roots
        };
        if let Some(o) = st.bulk.get_mut(&id) {
            o.output = Some(BulkOutput {
                jsonl,
                object_count: lines.len() as u64,
                root_object_count: root_count,
            });
        }
    }
}

/// Maps an apollo-compiler validation error (as JSON) to graphql-ruby's (Shopify's) wording
/// where the kind is recognised.
pub(crate) fn map_diagnostic(mut e: Value, op_name: Option<&str>) -> Value {
    let msg = e
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let ticks: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
    let op = op_name
        .map(|n| format!("query '{n}'"))
        .unwrap_or_else(|| "anonymous query".into());
    let mapped = if msg.starts_with("type `") && msg.contains("does not have a field") {
        ticks.get(1).zip(ticks.first()).map(|(f, t)| {
            (
                format!("Field '{f}' doesn't exist on type '{t}'"),
                json!({"code": "undefinedField", "typeName": t, "fieldName": f}),
            )
        })
    } else if msg.starts_with("the argument `") && msg.contains("is not supported by") {
        ticks.first().zip(ticks.get(1)).map(|(a, coord)| {
            let field = coord.rsplit('.').next().unwrap_or(coord);
            (
                format!("Field '{field}' doesn't accept argument '{a}'"),
                json!({"code": "argumentNotAccepted", "name": field, "typeName": "Field", "argumentName": a}),
            )
        })
    } else if msg.starts_with("variable `") && msg.ends_with("is not defined") {
        ticks.first().map(|v| {
            let v = v.trim_start_matches('$');
            (
                format!("Variable ${v} is used by {op} but not declared"),
                json!({"code": "variableNotDefined", "variableName": v}),
            )
        })
    } else if msg.starts_with("unused variable") {
        ticks.first().map(|v| {
            let v = v.trim_start_matches('$');
            (
                format!("Variable ${v} is declared by {op} but not used"),
                json!({"code": "variableNotUsed", "variableName": v}),
            )
        })
    } else {
        None
    };
    if let (Some((m, ext)), Some(obj)) = (mapped, e.as_object_mut()) {
        obj.insert("message".into(), Value::String(m));
        obj.insert("extensions".into(), ext);
    }
    if let Some(obj) = e.as_object_mut() {
        if obj
            .get("locations")
            .is_some_and(|l| l.as_array().is_some_and(|a| a.is_empty()))
        {
            obj.remove("locations");
        }
    }
    e
}

fn cost_ext(cfg: &ShopifyConfig, requested: f64, actual: Option<f64>, level: f64) -> Value {
    json!({"cost": {
        "requestedQueryCost": requested,
        "actualQueryCost": actual,
        "throttleStatus": {
            "maximumAvailable": cfg.maximum_available,
            "currentlyAvailable": level,
            "restoreRate": cfg.restore_rate,
        }
    }})
}

struct GqlOutcome {
    resp: Resp,
    operation: Option<String>,
    variables: Value,
    requested: Option<f64>,
    actual: Option<f64>,
    available: Option<f64>,
}

fn graphql(
    shared: &Shared,
    st: &mut State,
    head: &Head,
    version: &str,
    scopes: &[String],
    bulk_fail: bool,
) -> (GqlOutcome, bool) {
    let cfg = &shared.config;
    let now = shared.clock.now();
    let vh = vec![("X-Shopify-API-Version".to_string(), version.to_string())];
    let mut out = GqlOutcome {
        resp: json_resp(200, &Value::Null, vh.clone()),
        operation: None,
        variables: Value::Null,
        requested: None,
        actual: None,
        available: None,
    };
    let body: Value = match serde_json::from_slice(&head.body) {
        Ok(v) => v,
        Err(_) if head.body.is_empty() => Value::Null,
        Err(_) => {
            out.resp = json_resp(
                400,
                &json!({"errors": {"query": "Required parameter missing or invalid"}}),
                vh,
            );
            return (out, false);
        }
    };
    let Some(query) = body.get("query").and_then(Value::as_str) else {
        out.resp = json_resp(
            400,
            &json!({"errors": {"query": "Required parameter missing or invalid"}}),
            vh,
        );
        return (out, false);
    };
    let op_name = body
        .get("operationName")
        .and_then(Value::as_str)
        .map(str::to_string);
    out.variables = body.get("variables").cloned().unwrap_or(Value::Null);
    out.operation = op_name.clone();
    materialize(shared, st, now);

    let doc = match apollo_compiler::ExecutableDocument::parse_and_validate(
        &shared.schema,
        query,
        "query.graphql",
    ) {
        Ok(d) => d,
        Err(e) => {
            let name = e
                .partial
                .operations
                .iter()
                .next()
                .and_then(|o| o.name.as_ref().map(|n| n.to_string()));
            let errors: Vec<Value> = e
                .errors
                .iter()
                .map(|d| {
                    map_diagnostic(
                        serde_json::to_value(d.to_json()).unwrap_or(Value::Null),
                        name.as_deref(),
                    )
                })
                .collect();
            out.resp = json_resp(200, &json!({"errors": errors}), vh);
            return (out, false);
        }
    };
    let operation = match doc.operations.get(op_name.as_deref()) {
        Ok(o) => o,
        Err(e) => {
            out.resp = json_resp(
                200,
                &json!({"errors": [{"message": e.message().to_string()}]}),
                vh,
            );
            return (out, false);
        }
    };
    if out.operation.is_none() {
        out.operation = operation.name.as_ref().map(|n| n.to_string());
    }
    let raw_vars: JsonMap = match &out.variables {
        Value::Object(_) => serde_json::from_value(out.variables.clone()).unwrap_or_default(),
        _ => JsonMap::new(),
    };
    let vars = match apollo_compiler::request::coerce_variable_values(
        &shared.schema,
        operation,
        &raw_vars,
    ) {
        Ok(v) => v,
        Err(e) => {
            let m = e.message().to_string();
            let var = operation
                .variables
                .iter()
                .find(|v| {
                    m.contains(&format!("${}", v.name)) || m.contains(&format!("`{}`", v.name))
                })
                .or_else(|| operation.variables.first());
            let err = match var {
                Some(v) => json!({
                    "message": format!("Variable ${} of type {} was provided invalid value", v.name, v.ty),
                    "locations": [],
                    "extensions": {
                        "code": "INVALID_VARIABLE",
                        "value": out.variables.get(v.name.as_str()).cloned().unwrap_or(Value::Null),
                        "problems": [{"path": [], "explanation": m}],
                    }
                }),
                None => json!({"message": m}),
            };
            let mut err = err;
            if let Some(o) = err.as_object_mut() {
                o.remove("locations");
            }
            out.resp = json_resp(200, &json!({"errors": [err]}), vh);
            return (out, false);
        }
    };
    let requested = exec::requested_cost(&shared.schema, &doc, operation, &vars);
    out.requested = Some(requested);
    refill(cfg, &mut st.bucket, shared.clock.now_ms());
    if requested > cfg.max_query_cost {
        out.available = Some(st.bucket.level);
        let body = json!({
            "errors": [{
                "message": format!(
                    "Query cost is {}, which exceeds the single query max cost limit ({}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n",
                    requested as i64, cfg.max_query_cost as i64
                ),
                "extensions": {"code": "MAX_COST_EXCEEDED", "cost": requested, "maxCost": cfg.max_query_cost},
            }],
            "extensions": cost_ext(cfg, requested, None, st.bucket.level),
        });
        out.resp = json_resp(200, &body, vh);
        return (out, false);
    }
    if requested > st.bucket.level {
        out.available = Some(st.bucket.level);
        let body = json!({
            "errors": [{
                "message": "Throttled",
                "extensions": {"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"},
            }],
            "extensions": cost_ext(cfg, requested, None, st.bucket.level),
        });
        let mut headers = vh;
        if cfg.throttle_status == 429 {
            headers.push(("Retry-After".into(), "1".into()));
        }
        out.resp = json_resp(cfg.throttle_status, &body, headers);
        return (out, false);
    }

    // Execute.
    let base = format!("http://127.0.0.1:{}", shared.port);
    let next_id = Cell::new(st.next_bulk_id);
    let fail_used = Cell::new(false);
    let made = Cell::new(0usize);
    let pre_2026_01 = version != "unstable" && version < "2026-01";
    let view = |op: &BulkOperation| bulk_view(cfg, &base, op, now);
    let running = st
        .bulk
        .values()
        .filter(|op| matches!(status_of(cfg, op, now), "CREATED" | "RUNNING"))
        .map(|op| op.id)
        .collect::<Vec<_>>();
    let run = |q: &str| -> Result<BulkOperation, (String, &'static str)> {
        let inner = exec::parse_valid(&shared.schema, q).map_err(|errs| {
            let m = errs
                .first()
                .and_then(|e| e.get("message"))
                .and_then(Value::as_str)
                .unwrap_or("invalid")
                .to_string();
            (format!("Invalid bulk query: {m}"), "INVALID")
        })?;
        let iop = inner
            .operations
            .get(None)
            .map_err(|e| (format!("Invalid bulk query: {}", e.message()), "INVALID"))?;
        if !iop.is_query() {
            return Err((
                "Invalid bulk query: bulkOperationRunQuery only accepts queries.".into(),
                "INVALID",
            ));
        }
        exec::check_bulk(&shared.schema, &inner, &iop.selection_set)
            .map_err(|m| (format!("Invalid bulk query: {m}"), "INVALID"))?;
        let active = running.len() + made.get();
        if pre_2026_01 && active >= 1 {
            let id = running.last().copied().unwrap_or(next_id.get() - 1);
            return Err((
                format!(
                    "A bulk query operation for this app and shop is already in progress: {}.",
                    exec::gid("BulkOperation", id)
                ),
                "OPERATION_IN_PROGRESS",
            ));
        }
        if active >= 5 {
            return Err((
                "A maximum of 5 bulk queries can be run at the same time.".into(),
                "LIMIT_REACHED",
            ));
        }
        let id = next_id.get();
        next_id.set(id + 1);
        made.set(made.get() + 1);
        let fail = bulk_fail && !fail_used.get();
        if fail {
            fail_used.set(true);
        }
        Ok(BulkOperation {
            id,
            query: q.to_string(),
            created_at: now,
            fail,
            scopes: scopes.to_vec(),
            output: None,
            canceled_at: None,
        })
    };
    let ctx = Ctx::new(
        &st.data,
        now,
        scopes,
        cfg.protected_data_level,
        false,
        &st.bulk,
        &view,
        &run,
    );
    let root = if operation.is_mutation() {
        Obj::Mutation(&ctx)
    } else {
        Obj::Query(&ctx)
    };
    let result = Execution::new(&shared.schema, &doc)
        .operation(operation)
        .coerced_variable_values(&vars)
        .enable_schema_introspection(true)
        .execute_sync(&root);
    let (data, errors) = match result {
        Ok(r) => {
            let data = match r.data {
                Some(d) => serde_json::to_value(d).unwrap_or(Value::Null),
                None => Value::Null,
            };
            let errors: Vec<Value> = r
                .errors
                .iter()
                .map(|e| {
                    let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
                    // apollo-compiler prefixes resolver errors; Shopify's messages have none.
                    let m = v
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .trim_start_matches("resolver error: ")
                        .to_string();
                    v["message"] = json!(m);
                    let m = m.as_str();
                    if m.starts_with("Access denied") || m == exec::CUSTOMER_DENIED {
                        let required = m
                            .split("Required access: ")
                            .nth(1)
                            .map(|s| s.trim_end_matches('.').to_string());
                        if let Some(o) = v.as_object_mut() {
                            let mut ext = json!({
                                "code": "ACCESS_DENIED",
                                "documentation": "https://shopify.dev/api/usage/access-scopes",
                            });
                            if let Some(r) = required {
                                ext["requiredAccess"] = json!(r);
                            }
                            o.insert("extensions".into(), ext);
                        }
                    }
                    v
                })
                .collect();
            (data, errors)
        }
        Err(e) => (
            Value::Null,
            vec![json!({"message": e.message().to_string()})],
        ),
    };
    let created = ctx.created.take();
    drop(ctx);
    let actual = exec::actual_cost(&shared.schema, &doc, operation, &data).min(requested);
    st.bucket.level -= actual;
    for op in created {
        st.bulk.insert(op.id, op);
    }
    st.next_bulk_id = next_id.get();
    out.actual = Some(actual);
    out.available = Some(st.bucket.level);
    let mut body = serde_json::Map::new();
    if !errors.is_empty() {
        body.insert("errors".into(), Value::Array(errors));
    }
    body.insert("data".into(), data);
    body.insert(
        "extensions".into(),
        cost_ext(cfg, requested, Some(actual), st.bucket.level),
    );
    out.resp = json_resp(200, &Value::Object(body), vh);
    (out, fail_used.get())
}

fn token_grant(shared: &Shared, st: &mut State, head: &Head) -> Resp {
    let cfg = &shared.config;
    let ct = head
        .header("content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let params: Vec<(String, String)> = if ct.starts_with("application/json") {
        match serde_json::from_slice::<Value>(&head.body) {
            Ok(Value::Object(m)) => m
                .into_iter()
                .map(|(k, v)| {
                    (
                        k,
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()),
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    } else {
        form_urlencoded::parse(&head.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    };
    let get = |k: &str| {
        params
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    if get("grant_type") != Some("client_credentials") {
        return json_resp(
            400,
            &json!({"error": "unsupported_grant_type", "error_description": "The authorization grant type is not supported by the authorization server."}),
            Vec::new(),
        );
    }
    let ok = cfg.client_app.as_ref().filter(|a| {
        get("client_id") == Some(a.client_id.as_str())
            && get("client_secret") == Some(a.client_secret.as_str())
    });
    let Some(app) = ok else {
        return json_resp(
            400,
            &json!({"error": "invalid_client", "error_description": "Client credentials are invalid"}),
            Vec::new(),
        );
    };
    let n = st.next_token;
    st.next_token += 1;
    let token = format!("shpat_mock{:024x}", n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let now = shared.clock.now();
    st.tokens.insert(
        token.clone(),
        TokenInfo {
            scopes: app.scopes.clone(),
            expires_at: Some(now + cfg.client_token_ttl_secs),
            revoked: false,
        },
    );
    json_resp(
        200,
        &json!({
            "access_token": token,
            "scope": app.scopes.join(","),
            "expires_in": cfg.client_token_ttl_secs,
        }),
        Vec::new(),
    )
}

fn parse_range(h: &str, len: usize) -> Option<Result<(usize, usize), ()>> {
    let spec = h.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let r = if a.is_empty() {
        let n: usize = b.parse().ok()?;
        if n == 0 {
            return Some(Err(()));
        }
        (len.saturating_sub(n), len.saturating_sub(1))
    } else {
        let s: usize = a.parse().ok()?;
        let e: usize = if b.is_empty() {
            len.saturating_sub(1)
        } else {
            b.parse::<usize>().ok()?.min(len.saturating_sub(1))
        };
        if s >= len || e < s {
            return Some(Err(()));
        }
        (s, e)
    };
    Some(Ok(r))
}

fn download(shared: &Shared, st: &mut State, head: &Head, id: u64, partial: bool) -> Resp {
    let cfg = &shared.config;
    let now = shared.clock.now();
    materialize(shared, st, now);
    let Some(op) = st.bulk.get(&id) else {
        return xml_resp(404, "NoSuchKey", "The specified key does not exist.", "");
    };
    let status = status_of(cfg, op, now);
    let servable = matches!(
        (partial, status),
        (false, "COMPLETED") | (false, "EXPIRED") | (true, "FAILED")
    );
    let Some(out) = op.output.as_ref().filter(|_| servable) else {
        return xml_resp(404, "NoSuchKey", "The specified key does not exist.", "");
    };
    let expires = completed_at(cfg, op) + cfg.bulk_url_ttl_secs;
    if now > expires {
        return xml_resp(
            403,
            "ExpiredToken",
            "The provided token has expired.",
            &format!("Request signature expired at: {}", exec::iso(expires)),
        );
    }
    let body = &out.jsonl;
    let mut headers = vec![
        ("Content-Type".to_string(), "application/jsonl".to_string()),
        ("Accept-Ranges".to_string(), "bytes".to_string()),
        (
            "Content-Disposition".to_string(),
            format!("attachment; filename=\"bulk-{id}.jsonl\""),
        ),
    ];
    match head
        .header("range")
        .and_then(|h| parse_range(h, body.len()))
    {
        Some(Ok((s, e))) => {
            headers.push((
                "Content-Range".to_string(),
                format!("bytes {s}-{e}/{}", body.len()),
            ));
            Resp {
                status: 206,
                headers,
                body: body[s..=e].to_vec(),
            }
        }
        Some(Err(())) => {
            let mut r = xml_resp(
                416,
                "InvalidRange",
                "The requested range cannot be satisfied.",
                "",
            );
            r.headers.push((
                "Content-Range".to_string(),
                format!("bytes */{}", body.len()),
            ));
            r
        }
        None => Resp {
            status: 200,
            headers,
            body: body.clone(),
        },
    }
}

async fn handle(shared: &Shared, head: &Head) -> Plan {
    let cfg = &shared.config;
    let (path, _query) = head.path_and_query();
    let endpoint = parse_path(&path);
    let route = match &endpoint {
        Endpoint::Graphql(_) => Some(Route::Graphql),
        Endpoint::Token => Some(Route::Token),
        Endpoint::Bulk(..) => Some(Route::BulkDownload),
        Endpoint::Other => None,
    };
    let fault: Option<Fault> = {
        let mut st = shared.lock();
        let pos = st.faults.iter().position(|f| {
            !matches!(f.kind, FaultKind::BulkFail)
                && match (f.route, route) {
                    (Route::Any, _) => true,
                    (r, Some(er)) => r == er,
                    _ => false,
                }
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
    let now = shared.clock.now();
    let version = match &endpoint {
        Endpoint::Graphql(v) => v.clone(),
        _ => None,
    };
    let mut outcome: Option<GqlOutcome> = None;
    let resp = match fault.as_ref().map(|f| &f.kind) {
        Some(FaultKind::Status {
            status,
            retry_after,
        }) => {
            let mut r = json_resp(*status, &json!({"errors": reason(*status)}), Vec::new());
            if let Some(s) = retry_after {
                r.headers.push(("Retry-After".into(), s.to_string()));
            }
            r
        }
        Some(FaultKind::Unauthorized) => {
            json_resp(401, &json!({"errors": INVALID_TOKEN}), Vec::new())
        }
        _ => match &endpoint {
            Endpoint::Other => json_resp(404, &json!({"errors": "Not Found"}), Vec::new()),
            Endpoint::Token => {
                if head.method != "POST" {
                    json_resp(404, &json!({"errors": "Not Found"}), Vec::new())
                } else {
                    token_grant(shared, st, head)
                }
            }
            Endpoint::Bulk(id, partial) => {
                if head.method != "GET" && head.method != "HEAD" {
                    xml_resp(
                        405,
                        "MethodNotAllowed",
                        "The specified method is not allowed against this resource.",
                        "",
                    )
                } else {
                    download(shared, st, head, *id, *partial)
                }
            }
            Endpoint::Graphql(v) => match serve_version(cfg, v.as_deref()) {
                None => json_resp(404, &json!({"errors": "Not Found"}), Vec::new()),
                Some(served) => {
                    let token = head.header("x-shopify-access-token").unwrap_or("");
                    let info = st
                        .tokens
                        .get(token)
                        .filter(|t| !t.revoked && t.expires_at.is_none_or(|e| now < e));
                    match info.map(|t| t.scopes.clone()) {
                        None => json_resp(401, &json!({"errors": INVALID_TOKEN}), Vec::new()),
                        Some(_) if head.method != "POST" => {
                            json_resp(404, &json!({"errors": "Not Found"}), Vec::new())
                        }
                        Some(scopes) => {
                            let bulk_fail = st
                                .faults
                                .iter()
                                .any(|f| matches!(f.kind, FaultKind::BulkFail));
                            let (o, used) = graphql(shared, st, head, &served, &scopes, bulk_fail);
                            if used {
                                if let Some(p) = st
                                    .faults
                                    .iter()
                                    .position(|f| matches!(f.kind, FaultKind::BulkFail))
                                {
                                    st.faults.remove(p);
                                }
                            }
                            let r = Resp {
                                status: o.resp.status,
                                headers: o.resp.headers.clone(),
                                body: o.resp.body.clone(),
                            };
                            outcome = Some(o);
                            r
                        }
                    }
                }
            },
        },
    };
    let info = RequestInfo {
        method: head.method.clone(),
        path,
        version,
        operation: outcome.as_ref().and_then(|o| o.operation.clone()),
        variables: outcome
            .as_ref()
            .map_or(Value::Null, |o| o.variables.clone()),
        requested_cost: outcome.as_ref().and_then(|o| o.requested),
        actual_cost: outcome.as_ref().and_then(|o| o.actual),
        available_after: outcome.as_ref().and_then(|o| o.available),
        status: if matches!(fault.as_ref().map(|f| &f.kind), Some(FaultKind::Reset)) {
            0
        } else {
            resp.status
        },
        at_unix: now,
    };
    let State {
        hooks,
        data,
        faults,
        tokens,
        ..
    } = &mut *st;
    for h in hooks.iter_mut() {
        h(
            &info,
            &mut Control {
                data,
                faults,
                tokens,
            },
        );
    }
    st.log.push(info);
    match fault.map(|f| f.kind) {
        Some(FaultKind::Reset) => Plan::Reset,
        Some(FaultKind::TruncatedBody) => Plan::Truncate(resp, None),
        Some(FaultKind::TruncatedDownload(n)) => Plan::Truncate(resp, Some(n)),
        _ => Plan::Send(resp),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_fall_forward() {
        let cfg = ShopifyConfig::default();
        assert_eq!(
            serve_version(&cfg, Some("2026-07")).as_deref(),
            Some("2026-07")
        );
        assert_eq!(
            serve_version(&cfg, Some("2024-01")).as_deref(),
            Some("2025-10")
        );
        assert_eq!(serve_version(&cfg, None).as_deref(), Some("2025-10"));
        assert_eq!(
            serve_version(&cfg, Some("2026-02")).as_deref(),
            Some("2026-04")
        );
        assert_eq!(serve_version(&cfg, Some("2027-01")), None);
        assert_eq!(serve_version(&cfg, Some("latest")), None);
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-9", 100), Some(Ok((0, 9))));
        assert_eq!(parse_range("bytes=90-", 100), Some(Ok((90, 99))));
        assert_eq!(parse_range("bytes=-10", 100), Some(Ok((90, 99))));
        assert_eq!(parse_range("bytes=100-", 100), Some(Err(())));
        assert_eq!(parse_range("items=0-1", 100), None);
    }

    #[test]
    fn paths() {
        assert_eq!(
            parse_path("/admin/api/2026-07/graphql.json"),
            Endpoint::Graphql(Some("2026-07".into()))
        );
        assert_eq!(parse_path("/bulk/7.jsonl"), Endpoint::Bulk(7, false));
        assert_eq!(parse_path("/bulk/7-partial.jsonl"), Endpoint::Bulk(7, true));
        assert_eq!(parse_path("/admin/oauth/access_token"), Endpoint::Token);
    }
}
