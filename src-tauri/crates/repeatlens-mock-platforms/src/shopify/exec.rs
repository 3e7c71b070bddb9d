//! Execution of validated documents against [`ShopData`]: resolvers, search filters,
//! cursors, query cost, and bulk-operation output.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use apollo_compiler::executable::{Field, Selection, SelectionSet};
use apollo_compiler::resolvers::{FieldError, ObjectValue, ResolveInfo, ResolvedValue};
use apollo_compiler::response::{JsonMap, JsonValue};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use base64::Engine;
use serde_json::{json, Value};

use super::data::{
    Customer, Fulfillment, LineItem, MoneyBag, Order, Product, Refund, RefundLine, ShopData,
    Variant,
};
use super::{BulkOperation, MAX_PAGE_MESSAGE};

/// Formats an ISO 8601 UTC instant as Shopify does ("2019-09-07T15:50:00Z").
pub(crate) fn iso(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// A `Decimal` amount string from cents: two fraction digits ("25.00", "-3.50").
pub(crate) fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

pub(crate) fn gid(kind: &str, id: u64) -> String {
    format!("gid://shopify/{kind}/{id}")
}

fn parse_gid(s: &str) -> Option<(&str, u64)> {
    let rest = s.strip_prefix("gid://shopify/")?;
    let (kind, id) = rest.split_once('/')?;
    let id = id.split('?').next()?;
    Some((kind, id.parse().ok()?))
}

/// Starts a bulk operation for a query, or says why not (message, `BulkOperationUserErrorCode`).
pub(crate) type RunQuery<'a> = &'a dyn Fn(&str) -> Result<BulkOperation, (String, &'static str)>;

/// Everything a resolver may look at during one request.
pub(crate) struct Ctx<'a> {
    pub(crate) data: &'a ShopData,
    pub(crate) now: i64,
    pub(crate) scopes: &'a [String],
    pub(crate) level: u8,
    /// Connections return every node, `first`/`last` optional (bulk output).
    pub(crate) bulk_mode: bool,
    pub(crate) bulk_ops: &'a BTreeMap<u64, BulkOperation>,
    pub(crate) bulk_view: &'a dyn Fn(&BulkOperation) -> Value,
    pub(crate) run_query: RunQuery<'a>,
    stats: OnceCell<BTreeMap<u64, (u64, i64)>>,
    /// Variant ID → (product ID, index in its variants).
    variants: OnceCell<std::collections::HashMap<u64, (u64, usize)>>,
    pub(crate) created: RefCell<Vec<BulkOperation>>,
}

impl<'a> Ctx<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        data: &'a ShopData,
        now: i64,
        scopes: &'a [String],
        level: u8,
        bulk_mode: bool,
        bulk_ops: &'a BTreeMap<u64, BulkOperation>,
        bulk_view: &'a dyn Fn(&BulkOperation) -> Value,
        run_query: RunQuery<'a>,
    ) -> Ctx<'a> {
        Ctx {
            data,
            now,
            scopes,
            level,
            bulk_mode,
            bulk_ops,
            bulk_view,
            run_query,
            stats: OnceCell::new(),
            variants: OnceCell::new(),
            created: RefCell::new(Vec::new()),
        }
    }

    fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    fn order_visible(&self, o: &Order) -> bool {
        self.has("read_all_orders") || o.created_at >= self.now - 60 * 86_400
    }

    /// A variant and its product by variant ID (index built once per request).
    fn variant(&self, id: u64) -> Option<(&'a Product, &'a Variant)> {
        let data = self.data;
        let (pid, i) = *self
            .variants
            .get_or_init(|| {
                data.products
                    .values()
                    .flat_map(|p| {
                        p.variants
                            .iter()
                            .enumerate()
                            .map(|(i, v)| (v.id, (p.id, i)))
                    })
                    .collect()
            })
            .get(&id)?;
        let p = data.products.get(&pid)?;
        Some((p, p.variants.get(i)?))
    }

    fn stats(&self) -> &BTreeMap<u64, (u64, i64)> {
        self.stats.get_or_init(|| self.data.customer_stats())
    }

    fn currency(&self) -> &'a str {
        &self.data.shop.currency_code
    }

    fn need(&self, scope: &str, field: &str) -> Result<(), FieldError> {
        if self.has(scope) {
            Ok(())
        } else {
            Err(FieldError {
                message: format!(
                    "Access denied for {field} field. Required access: `{scope}` access scope."
                ),
            })
        }
    }

    fn need_customer_object(&self) -> Result<(), FieldError> {
        if self.level == 0 {
            Err(FieldError {
                message: CUSTOMER_DENIED.into(),
            })
        } else {
            Ok(())
        }
    }

    /// A protected (name/email/phone/address) value: `None` below level 2.
    fn protected<T>(&self, v: Option<T>) -> Option<T> {
        if self.level >= 2 {
            v
        } else {
            None
        }
    }

    fn protected_required(&self, field: &str) -> Result<(), FieldError> {
        if self.level >= 2 {
            Ok(())
        } else {
            Err(FieldError {
                message: format!(
                    "Access denied for {field} field. Required access: protected customer data \
                     (level 2: name, email, phone or address)."
                ),
            })
        }
    }
}

pub(crate) const CUSTOMER_DENIED: &str =
    "This app is not approved to access the Customer object. See https://shopify.dev/docs/apps/launch/protected-customer-data for more details.";

/// One page of a connection.
#[derive(Clone)]
pub(crate) struct Page<'a> {
    item_type: &'static str,
    items: Vec<(String, Obj<'a>)>,
    has_next: bool,
    has_prev: bool,
}

/// Every object type the mock resolves.
#[derive(Clone)]
pub(crate) enum Obj<'a> {
    Query(&'a Ctx<'a>),
    Mutation(&'a Ctx<'a>),
    Shop(&'a Ctx<'a>),
    Order(&'a Ctx<'a>, &'a Order),
    Customer(&'a Ctx<'a>, &'a Customer),
    Address(&'a Ctx<'a>, Option<&'a str>),
    Bag(MoneyBag, &'a str, &'a str),
    Money(i64, &'a str),
    Line(&'a Ctx<'a>, &'a Order, &'a LineItem),
    Refund(&'a Ctx<'a>, &'a Order, &'a Refund),
    RefundLine(&'a Ctx<'a>, &'a Order, &'a RefundLine),
    Fulfillment(&'a Fulfillment),
    Product(&'a Ctx<'a>, &'a Product),
    Variant(&'a Ctx<'a>, &'a Product, &'a Variant),
    Consent(&'a str),
    EmailAddress(&'a Ctx<'a>, &'a Customer),
    Phone(&'a Ctx<'a>, &'a Customer),
    Connection(Rc<Page<'a>>),
    Edge(String, Box<Obj<'a>>, &'static str),
    PageInfo(Rc<Page<'a>>),
    Bulk(Value),
    RunPayload(Option<Value>, Option<(String, &'static str)>),
    UserError(String, &'static str),
}

fn leaf<'x>(v: impl Into<JsonValue>) -> Result<ResolvedValue<'x>, FieldError> {
    Ok(ResolvedValue::leaf(v))
}

fn opt_leaf<'x, T: Into<JsonValue>>(v: Option<T>) -> Result<ResolvedValue<'x>, FieldError> {
    Ok(match v {
        Some(v) => ResolvedValue::leaf(v),
        None => ResolvedValue::null(),
    })
}

fn obj<'a>(o: Obj<'a>) -> Result<ResolvedValue<'a>, FieldError> {
    Ok(ResolvedValue::object(o))
}

fn list<'a>(items: Vec<Obj<'a>>) -> Result<ResolvedValue<'a>, FieldError> {
    Ok(ResolvedValue::list(
        items.into_iter().map(ResolvedValue::object),
    ))
}

fn err<T>(message: impl Into<String>) -> Result<T, FieldError> {
    Err(FieldError {
        message: message.into(),
    })
}

fn arg_i64(info: &ResolveInfo<'_>, name: &str) -> Option<i64> {
    info.arguments().get(name).and_then(|v| v.as_i64())
}

fn arg_str<'b>(info: &'b ResolveInfo<'_>, name: &str) -> Option<&'b str> {
    info.arguments().get(name).and_then(|v| v.as_str())
}

fn arg_bool(info: &ResolveInfo<'_>, name: &str) -> bool {
    info.arguments()
        .get(name)
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

fn json_to_apollo(v: &Value) -> JsonValue {
    serde_json::from_value(v.clone()).unwrap_or(JsonValue::Null)
}

// ---------------------------------------------------------------------------------------------
// Search syntax and cursors
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cmp {
    Eq,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone)]
struct Term {
    field: String,
    cmp: Cmp,
    lo: i64,
    /// For `field:DATE` (a whole day), the exclusive upper end.
    hi: Option<i64>,
}

fn parse_time(v: &str) -> Option<(i64, Option<i64>)> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(v) {
        return Some((t.timestamp(), None));
    }
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(v, f) {
            return Some((t.and_utc().timestamp(), None));
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        let s = d.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
        return Some((s, Some(s + 86_400)));
    }
    None
}

/// Splits a search string into terms (quotes respected), dropping `AND`.
fn tokens(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in q.chars() {
        match quote {
            Some(qc) if c == qc => quote = None,
            Some(_) => cur.push(c),
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            None => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.retain(|t| t != "AND");
    out
}

fn parse_filter(q: Option<&str>) -> Vec<Term> {
    let Some(q) = q else { return Vec::new() };
    let mut terms = Vec::new();
    for t in tokens(q) {
        let Some((field, rest)) = t.split_once(':') else {
            continue;
        };
        let (cmp, v) = if let Some(v) = rest.strip_prefix(">=") {
            (Cmp::Ge, v)
        } else if let Some(v) = rest.strip_prefix("<=") {
            (Cmp::Le, v)
        } else if let Some(v) = rest.strip_prefix('>') {
            (Cmp::Gt, v)
        } else if let Some(v) = rest.strip_prefix('<') {
            (Cmp::Lt, v)
        } else {
            (Cmp::Eq, rest)
        };
        let field = field.to_ascii_lowercase();
        if field == "id" {
            if let Ok(n) = v.parse::<i64>() {
                terms.push(Term {
                    field,
                    cmp,
                    lo: n,
                    hi: None,
                });
            }
            continue;
        }
        if let Some((lo, hi)) = parse_time(v) {
            terms.push(Term {
                field,
                cmp,
                lo,
                hi: if cmp == Cmp::Eq { hi } else { None },
            });
        }
    }
    terms
}

fn term_pass(t: &Term, value: i64) -> bool {
    match t.cmp {
        Cmp::Eq => match t.hi {
            Some(hi) => value >= t.lo && value < hi,
            None => value == t.lo,
        },
        Cmp::Gt => value > t.lo,
        Cmp::Ge => value >= t.lo,
        Cmp::Lt => value < t.lo,
        Cmp::Le => value <= t.lo,
    }
}

fn encode_cursor(id: u64, value: i64) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(json!({"last_id": id, "last_value": value.to_string()}).to_string())
}

fn decode_cursor(c: &str) -> Option<(i64, u64)> {
    let raw = base64::engine::general_purpose::STANDARD.decode(c).ok()?;
    let v: Value = serde_json::from_slice(&raw).ok()?;
    let id = v.get("last_id")?.as_u64()?;
    let value = v.get("last_value")?.as_str()?.parse().ok()?;
    Some((value, id))
}

/// Sorts `(key, id, item)` and cuts the page the connection arguments ask for.
fn paginate<'a>(
    ctx: &Ctx<'_>,
    info: &ResolveInfo<'_>,
    mut items: Vec<(i64, u64, Obj<'a>)>,
    item_type: &'static str,
) -> Result<Page<'a>, FieldError> {
    let first = arg_i64(info, "first");
    let last = arg_i64(info, "last");
    if !ctx.bulk_mode {
        match (first, last) {
            (None, None) => return err("you must provide one of first or last"),
            (Some(n), _) | (None, Some(n)) if n > 250 => return err(MAX_PAGE_MESSAGE),
            (Some(n), _) | (None, Some(n)) if n < 0 => {
                return err("The value of first or last must be a non-negative integer.")
            }
            _ => {}
        }
    }
    items.sort_by_key(|(k, id, _)| (*k, *id));
    if arg_bool(info, "reverse") {
        items.reverse();
    }
    let asc = !arg_bool(info, "reverse");
    let pos = |c: &str| -> Result<(i64, u64), FieldError> {
        decode_cursor(c).ok_or_else(|| FieldError {
            message: format!("Invalid cursor: {c}"),
        })
    };
    // Keyset positions: "after c" = strictly beyond c in the iteration order.
    let beyond = |k: i64, id: u64, c: (i64, u64)| {
        if asc {
            (k, id) > c
        } else {
            (k, id) < c
        }
    };
    let mut start = 0usize;
    let mut end = items.len();
    if let Some(a) = arg_str(info, "after") {
        let c = pos(a)?;
        start = items
            .iter()
            .position(|(k, id, _)| beyond(*k, *id, c))
            .unwrap_or(items.len());
    }
    if let Some(b) = arg_str(info, "before") {
        let c = pos(b)?;
        end = items
            .iter()
            .position(|(k, id, _)| !beyond(c.0, c.1, (*k, *id)))
            .unwrap_or(items.len())
            .max(start);
    }
    let (mut s, mut e) = (start, end);
    if !ctx.bulk_mode {
        if let Some(n) = first {
            e = (s + n as usize).min(e);
        } else if let Some(n) = last {
            s = e.saturating_sub(n as usize).max(s);
        }
    }
    let has_next = e < items.len();
    let has_prev = s > 0;
    let items = items
        .drain(s..e)
        .map(|(k, id, o)| (encode_cursor(id, k), o))
        .collect();
    Ok(Page {
        item_type,
        items,
        has_next,
        has_prev,
    })
}

fn sort_value(key: Option<&str>, created: i64, updated: i64, processed: i64, id: u64) -> i64 {
    match key {
        Some("UPDATED_AT") => updated,
        Some("CREATED_AT") => created,
        Some("PROCESSED_AT") => processed,
        _ => id as i64,
    }
}

fn time_filter_pass(terms: &[Term], id: u64, created: i64, updated: i64, processed: i64) -> bool {
    terms.iter().all(|t| match t.field.as_str() {
        "updated_at" => term_pass(t, updated),
        "created_at" => term_pass(t, created),
        "processed_at" => term_pass(t, processed),
        "id" => term_pass(t, id as i64),
        _ => true,
    })
}

// ---------------------------------------------------------------------------------------------
// Resolvers
// ---------------------------------------------------------------------------------------------

impl<'a> Obj<'a> {
    fn bulk_obj(ctx: &'a Ctx<'a>, op: &BulkOperation) -> Obj<'a> {
        Obj::Bulk((ctx.bulk_view)(op))
    }

    fn node(ctx: &'a Ctx<'a>, id: &str) -> Result<Option<Obj<'a>>, FieldError> {
        let Some((kind, n)) = parse_gid(id) else {
            return err(format!("Invalid global id '{id}'"));
        };
        Ok(match kind {
            "Order" => {
                ctx.need("read_orders", "orders")?;
                ctx.data
                    .orders
                    .get(&n)
                    .filter(|o| ctx.order_visible(o))
                    .map(|o| Obj::Order(ctx, o))
            }
            "Customer" => {
                ctx.need("read_customers", "customers")?;
                ctx.need_customer_object()?;
                ctx.data.customers.get(&n).map(|c| Obj::Customer(ctx, c))
            }
            "Product" => {
                ctx.need("read_products", "products")?;
                ctx.data.products.get(&n).map(|p| Obj::Product(ctx, p))
            }
            "ProductVariant" => ctx.variant(n).map(|(p, v)| Obj::Variant(ctx, p, v)),
            "BulkOperation" => ctx
                .bulk_ops
                .get(&n)
                .map(|op| Obj::bulk_obj(ctx, op))
                .or_else(|| {
                    ctx.created
                        .borrow()
                        .iter()
                        .find(|o| o.id == n)
                        .map(|op| Obj::bulk_obj(ctx, op))
                }),
            _ => None,
        })
    }

    fn orders(ctx: &'a Ctx<'a>, info: &ResolveInfo<'_>) -> Result<Page<'a>, FieldError> {
        ctx.need("read_orders", "orders")?;
        let terms = parse_filter(arg_str(info, "query"));
        let key = arg_str(info, "sortKey").or(Some("PROCESSED_AT"));
        let items = ctx
            .data
            .orders
            .values()
            .filter(|o| ctx.order_visible(o))
            .filter(|o| time_filter_pass(&terms, o.id, o.created_at, o.updated_at, o.processed_at))
            .map(|o| {
                (
                    sort_value(key, o.created_at, o.updated_at, o.processed_at, o.id),
                    o.id,
                    Obj::Order(ctx, o),
                )
            })
            .collect();
        paginate(ctx, info, items, "Order")
    }

    fn customers(ctx: &'a Ctx<'a>, info: &ResolveInfo<'_>) -> Result<Page<'a>, FieldError> {
        ctx.need("read_customers", "customers")?;
        ctx.need_customer_object()?;
        let terms = parse_filter(arg_str(info, "query"));
        let key = arg_str(info, "sortKey");
        let items = ctx
            .data
            .customers
            .values()
            .filter(|c| time_filter_pass(&terms, c.id, c.created_at, c.updated_at, c.created_at))
            .map(|c| {
                (
                    sort_value(key, c.created_at, c.updated_at, c.created_at, c.id),
                    c.id,
                    Obj::Customer(ctx, c),
                )
            })
            .collect();
        paginate(ctx, info, items, "Customer")
    }

    fn products(ctx: &'a Ctx<'a>, info: &ResolveInfo<'_>) -> Result<Page<'a>, FieldError> {
        ctx.need("read_products", "products")?;
        let terms = parse_filter(arg_str(info, "query"));
        let key = arg_str(info, "sortKey");
        let items = ctx
            .data
            .products
            .values()
            .filter(|p| time_filter_pass(&terms, p.id, p.created_at, p.updated_at, p.created_at))
            .map(|p| {
                (
                    sort_value(key, p.created_at, p.updated_at, p.created_at, p.id),
                    p.id,
                    Obj::Product(ctx, p),
                )
            })
            .collect();
        paginate(ctx, info, items, "Product")
    }
}

fn bag<'a>(
    ctx: &'a Ctx<'a>,
    b: MoneyBag,
    presentment: &'a str,
) -> Result<ResolvedValue<'a>, FieldError> {
    obj(Obj::Bag(b, ctx.currency(), presentment))
}

fn connection<'a>(p: Page<'a>) -> Result<ResolvedValue<'a>, FieldError> {
    obj(Obj::Connection(Rc::new(p)))
}

impl ObjectValue for Obj<'_> {
    fn type_name(&self) -> &str {
        match self {
            Obj::Query(_) => "QueryRoot",
            Obj::Mutation(_) => "Mutation",
            Obj::Shop(_) => "Shop",
            Obj::Order(..) => "Order",
            Obj::Customer(..) => "Customer",
            Obj::Address(..) => "MailingAddress",
            Obj::Bag(..) => "MoneyBag",
            Obj::Money(..) => "MoneyV2",
            Obj::Line(..) => "LineItem",
            Obj::Refund(..) => "Refund",
            Obj::RefundLine(..) => "RefundLineItem",
            Obj::Fulfillment(_) => "Fulfillment",
            Obj::Product(..) => "Product",
            Obj::Variant(..) => "ProductVariant",
            Obj::Consent(_) => "CustomerEmailMarketingConsentState",
            Obj::EmailAddress(..) => "CustomerEmailAddress",
            Obj::Phone(..) => "CustomerPhoneNumber",
            Obj::Connection(p) => match p.item_type {
                "Order" => "OrderConnection",
                "Customer" => "CustomerConnection",
                "Product" => "ProductConnection",
                "LineItem" => "LineItemConnection",
                "RefundLineItem" => "RefundLineItemConnection",
                "ProductVariant" => "ProductVariantConnection",
                _ => "BulkOperationConnection",
            },
            Obj::Edge(_, _, t) => match *t {
                "Order" => "OrderEdge",
                "Customer" => "CustomerEdge",
                "Product" => "ProductEdge",
                "LineItem" => "LineItemEdge",
                "RefundLineItem" => "RefundLineItemEdge",
                "ProductVariant" => "ProductVariantEdge",
                _ => "BulkOperationEdge",
            },
            Obj::PageInfo(_) => "PageInfo",
            Obj::Bulk(_) => "BulkOperation",
            Obj::RunPayload(..) => "BulkOperationRunQueryPayload",
            Obj::UserError(..) => "BulkOperationUserError",
        }
    }

    fn resolve_field<'b>(
        &'b self,
        info: &'b ResolveInfo<'b>,
    ) -> Result<ResolvedValue<'b>, FieldError> {
        let f = info.field_name();
        match self {
            Obj::Query(ctx) => match f {
                "shop" => obj(Obj::Shop(ctx)),
                "orders" => connection(Obj::orders(ctx, info)?),
                "customers" => connection(Obj::customers(ctx, info)?),
                "products" => connection(Obj::products(ctx, info)?),
                "order" | "customer" | "product" | "node" | "bulkOperation" => {
                    let id = arg_str(info, "id").unwrap_or("");
                    let want = match f {
                        "order" => Some("Order"),
                        "customer" => Some("Customer"),
                        "product" => Some("Product"),
                        "bulkOperation" => Some("BulkOperation"),
                        _ => None,
                    };
                    if let (Some(w), Some((kind, _))) = (want, parse_gid(id)) {
                        if kind != w {
                            return Ok(ResolvedValue::null());
                        }
                    }
                    Ok(ResolvedValue::nullable_object(Obj::node(ctx, id)?))
                }
                "nodes" => {
                    let ids: Vec<String> = info
                        .arguments()
                        .get("ids")
                        .and_then(|v| v.as_array())
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    let mut out = Vec::new();
                    for id in ids {
                        out.push(Ok(ResolvedValue::nullable_object(Obj::node(ctx, &id)?)));
                    }
                    Ok(ResolvedValue::List(Box::new(out.into_iter())))
                }
                "currentBulkOperation" => {
                    let t = arg_str(info, "type").unwrap_or("QUERY");
                    if t != "QUERY" {
                        return Ok(ResolvedValue::null());
                    }
                    Ok(ResolvedValue::nullable_object(
                        ctx.bulk_ops
                            .values()
                            .next_back()
                            .map(|op| Obj::bulk_obj(ctx, op)),
                    ))
                }
                "bulkOperations" => {
                    let items = ctx
                        .bulk_ops
                        .values()
                        .map(|op| (op.created_at, op.id, Obj::bulk_obj(ctx, op)))
                        .collect();
                    connection(paginate(ctx, info, items, "BulkOperation")?)
                }
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Mutation(ctx) => match f {
                "bulkOperationRunQuery" => {
                    let q = arg_str(info, "query").unwrap_or("");
                    match (ctx.run_query)(q) {
                        Ok(op) => {
                            let v = (ctx.bulk_view)(&op);
                            ctx.created.borrow_mut().push(op);
                            obj(Obj::RunPayload(Some(v), None))
                        }
                        Err(e) => obj(Obj::RunPayload(None, Some(e))),
                    }
                }
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Shop(ctx) => match f {
                "name" => leaf(ctx.data.shop.name.as_str()),
                "currencyCode" => leaf(ctx.currency()),
                "ianaTimezone" => leaf(ctx.data.shop.iana_timezone.as_str()),
                "myshopifyDomain" => leaf(ctx.data.shop.myshopify_domain.as_str()),
                "id" => leaf(gid("Shop", 1)),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Order(ctx, o) => {
                let pc = o.presentment_currency.as_str();
                match f {
                    "id" => leaf(gid("Order", o.id)),
                    "legacyResourceId" => leaf(o.id.to_string()),
                    "name" => leaf(o.name.as_str()),
                    "createdAt" => leaf(iso(o.created_at)),
                    "updatedAt" => leaf(iso(o.updated_at)),
                    "processedAt" => leaf(iso(o.processed_at)),
                    "cancelledAt" => opt_leaf(o.cancelled_at.map(iso)),
                    "cancelReason" => opt_leaf(o.cancel_reason.as_deref()),
                    "closedAt" => opt_leaf(o.closed_at.map(iso)),
                    "closed" => leaf(o.closed_at.is_some()),
                    "test" => leaf(o.test),
                    "email" => opt_leaf(ctx.protected(o.email.as_deref())),
                    "phone" => opt_leaf(ctx.protected(o.phone.as_deref())),
                    "currencyCode" => leaf(ctx.currency()),
                    "presentmentCurrencyCode" => leaf(pc),
                    "displayFinancialStatus" => leaf(o.financial_status.as_str()),
                    "displayFulfillmentStatus" => leaf(o.fulfillment_status.as_str()),
                    "totalPriceSet" => bag(ctx, o.total_price, pc),
                    "subtotalPriceSet" => bag(ctx, o.subtotal, pc),
                    "totalDiscountsSet" => bag(ctx, o.total_discounts, pc),
                    "totalShippingPriceSet" => bag(ctx, o.total_shipping, pc),
                    "totalTaxSet" => bag(ctx, o.total_tax, pc),
                    "totalRefundedSet" => bag(ctx, o.total_refunded(), pc),
                    "currentTotalPriceSet" => bag(ctx, o.current_total(), pc),
                    "discountCodes" => Ok(ResolvedValue::list(
                        o.discount_codes
                            .iter()
                            .map(|c| ResolvedValue::leaf(c.as_str())),
                    )),
                    "customer" => {
                        ctx.need_customer_object()?;
                        Ok(ResolvedValue::nullable_object(
                            o.customer_id
                                .and_then(|c| ctx.data.customers.get(&c))
                                .map(|c| Obj::Customer(ctx, c)),
                        ))
                    }
                    "shippingAddress" | "billingAddress" => Ok(ResolvedValue::nullable_object(
                        o.shipping_country
                            .as_deref()
                            .map(|c| Obj::Address(ctx, Some(c))),
                    )),
                    "lineItems" => {
                        let items = o
                            .line_items
                            .iter()
                            .enumerate()
                            .map(|(i, l)| (i as i64, l.id, Obj::Line(ctx, o, l)))
                            .collect();
                        connection(paginate(ctx, info, items, "LineItem")?)
                    }
                    "refunds" => {
                        let n = arg_i64(info, "first").map_or(usize::MAX, |n| n.max(0) as usize);
                        list(
                            o.refunds
                                .iter()
                                .take(n)
                                .map(|r| Obj::Refund(ctx, o, r))
                                .collect(),
                        )
                    }
                    "fulfillments" => {
                        let n = arg_i64(info, "first").map_or(usize::MAX, |n| n.max(0) as usize);
                        list(
                            o.fulfillments
                                .iter()
                                .take(n)
                                .map(Obj::Fulfillment)
                                .collect(),
                        )
                    }
                    _ => Err(self.unknown_field_error(info)),
                }
            }
            Obj::Customer(ctx, c) => match f {
                "id" => leaf(gid("Customer", c.id)),
                "legacyResourceId" => leaf(c.id.to_string()),
                "email" => opt_leaf(ctx.protected(c.email.as_deref())),
                "firstName" => opt_leaf(ctx.protected(c.first_name.as_deref())),
                "lastName" => opt_leaf(ctx.protected(c.last_name.as_deref())),
                "phone" => opt_leaf(ctx.protected(c.phone.as_deref())),
                "displayName" => {
                    ctx.protected_required("displayName")?;
                    let name = [c.first_name.as_deref(), c.last_name.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    leaf(if name.is_empty() {
                        c.email.clone().unwrap_or_default()
                    } else {
                        name
                    })
                }
                "createdAt" => leaf(iso(c.created_at)),
                "updatedAt" => leaf(iso(c.updated_at)),
                "numberOfOrders" => leaf(ctx.stats().get(&c.id).map_or(0, |s| s.0).to_string()),
                "amountSpent" => obj(Obj::Money(
                    ctx.stats().get(&c.id).map_or(0, |s| s.1),
                    ctx.currency(),
                )),
                "tags" => Ok(ResolvedValue::list(
                    c.tags.iter().map(|t| ResolvedValue::leaf(t.as_str())),
                )),
                "emailMarketingConsent" => Ok(ResolvedValue::nullable_object(
                    c.email.as_ref().map(|_| Obj::Consent(&c.marketing_state)),
                )),
                "defaultEmailAddress" => Ok(ResolvedValue::nullable_object(
                    c.email.as_ref().map(|_| Obj::EmailAddress(ctx, c)),
                )),
                "defaultPhoneNumber" => Ok(ResolvedValue::nullable_object(
                    c.phone.as_ref().map(|_| Obj::Phone(ctx, c)),
                )),
                "defaultAddress" => Ok(ResolvedValue::nullable_object(
                    c.country.as_deref().map(|k| Obj::Address(ctx, Some(k))),
                )),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::EmailAddress(ctx, c) => match f {
                "emailAddress" => {
                    ctx.protected_required("emailAddress")?;
                    leaf(c.email.clone().unwrap_or_default())
                }
                "marketingState" => leaf(match c.marketing_state.as_str() {
                    "SUBSCRIBED" | "UNSUBSCRIBED" | "PENDING" | "INVALID" => {
                        c.marketing_state.as_str()
                    }
                    _ => "NOT_SUBSCRIBED",
                }),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Phone(ctx, c) => match f {
                "phoneNumber" => {
                    ctx.protected_required("phoneNumber")?;
                    leaf(c.phone.clone().unwrap_or_default())
                }
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Consent(state) => match f {
                "marketingState" => leaf(*state),
                "marketingOptInLevel" => leaf("SINGLE_OPT_IN"),
                "consentUpdatedAt" => Ok(ResolvedValue::null()),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Address(ctx, country) => match f {
                "countryCodeV2" | "countryCode" => opt_leaf(*country),
                "address1" | "address2" | "zip" | "phone" | "firstName" | "lastName" | "name" => {
                    // Not kept by this mock; redacted below level 2 anyway.
                    let _ = ctx;
                    Ok(ResolvedValue::null())
                }
                "country" | "province" | "provinceCode" | "city" | "company" => {
                    Ok(ResolvedValue::null())
                }
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Bag(b, shop_cur, pres_cur) => match f {
                "shopMoney" => obj(Obj::Money(b.shop, shop_cur)),
                "presentmentMoney" => obj(Obj::Money(b.presentment, pres_cur)),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Money(cents, cur) => match f {
                "amount" => leaf(amount(*cents)),
                "currencyCode" => leaf(*cur),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Line(ctx, o, l) => {
                let pc = o.presentment_currency.as_str();
                match f {
                    "id" => leaf(gid("LineItem", l.id)),
                    "sku" => opt_leaf(l.sku.as_deref()),
                    "name" | "title" => leaf(l.name.as_str()),
                    "quantity" | "currentQuantity" => leaf(l.quantity),
                    "variant" => Ok(ResolvedValue::nullable_object(
                        l.variant_id
                            .and_then(|v| ctx.variant(v))
                            .map(|(p, x)| Obj::Variant(ctx, p, x)),
                    )),
                    "product" => Ok(ResolvedValue::nullable_object(
                        l.product_id
                            .and_then(|p| ctx.data.products.get(&p))
                            .map(|p| Obj::Product(ctx, p)),
                    )),
                    "originalUnitPriceSet" => bag(ctx, l.unit_price, pc),
                    "originalTotalSet" => bag(
                        ctx,
                        MoneyBag {
                            shop: l.unit_price.shop * l.quantity,
                            presentment: l.unit_price.presentment * l.quantity,
                        },
                        pc,
                    ),
                    "discountedTotalSet" => bag(ctx, l.discounted_total, pc),
                    _ => Err(self.unknown_field_error(info)),
                }
            }
            Obj::Refund(ctx, o, r) => match f {
                "id" => leaf(gid("Refund", r.id)),
                "legacyResourceId" => leaf(r.id.to_string()),
                "createdAt" => leaf(iso(r.created_at)),
                "note" => opt_leaf(r.note.as_deref()),
                "totalRefundedSet" => bag(ctx, r.total, &o.presentment_currency),
                "refundLineItems" => {
                    let items = r
                        .lines
                        .iter()
                        .enumerate()
                        .map(|(i, l)| (i as i64, l.line_item_id, Obj::RefundLine(ctx, o, l)))
                        .collect();
                    connection(paginate(ctx, info, items, "RefundLineItem")?)
                }
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::RefundLine(ctx, o, l) => match f {
                "quantity" => leaf(l.quantity),
                "subtotalSet" => bag(ctx, l.subtotal, &o.presentment_currency),
                "restockType" => leaf("NO_RESTOCK"),
                "lineItem" => match o.line_items.iter().find(|x| x.id == l.line_item_id) {
                    Some(x) => obj(Obj::Line(ctx, o, x)),
                    None => err("line item not found"),
                },
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Fulfillment(fu) => match f {
                "id" => leaf(gid("Fulfillment", fu.id)),
                "createdAt" => leaf(iso(fu.created_at)),
                "deliveredAt" => opt_leaf(fu.delivered_at.map(iso)),
                "status" => leaf(fu.status.as_str()),
                "displayStatus" => leaf(if fu.delivered_at.is_some() {
                    "DELIVERED"
                } else {
                    "FULFILLED"
                }),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Product(ctx, p) => match f {
                "id" => leaf(gid("Product", p.id)),
                "legacyResourceId" => leaf(p.id.to_string()),
                "title" => leaf(p.title.as_str()),
                "productType" => leaf(p.product_type.as_str()),
                "vendor" => leaf(p.vendor.as_str()),
                "createdAt" => leaf(iso(p.created_at)),
                "updatedAt" => leaf(iso(p.updated_at)),
                "variants" => {
                    let items = p
                        .variants
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (i as i64, v.id, Obj::Variant(ctx, p, v)))
                        .collect();
                    connection(paginate(ctx, info, items, "ProductVariant")?)
                }
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Variant(ctx, p, v) => match f {
                "id" => leaf(gid("ProductVariant", v.id)),
                "legacyResourceId" => leaf(v.id.to_string()),
                "sku" => opt_leaf(v.sku.as_deref()),
                "title" => leaf(v.title.as_str()),
                "price" => leaf(amount(v.price_cents)),
                "product" => obj(Obj::Product(ctx, p)),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Connection(p) => match f {
                "edges" => list(
                    p.items
                        .iter()
                        .map(|(c, o)| Obj::Edge(c.clone(), Box::new(o.clone()), p.item_type))
                        .collect(),
                ),
                "nodes" => list(p.items.iter().map(|(_, o)| o.clone()).collect()),
                "pageInfo" => obj(Obj::PageInfo(Rc::clone(p))),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Edge(c, o, _) => match f {
                "cursor" => leaf(c.as_str()),
                "node" => Ok(ResolvedValue::Object(Box::new((**o).clone()))),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::PageInfo(p) => match f {
                "hasNextPage" => leaf(p.has_next),
                "hasPreviousPage" => leaf(p.has_prev),
                "startCursor" => opt_leaf(p.items.first().map(|(c, _)| c.as_str())),
                "endCursor" => opt_leaf(p.items.last().map(|(c, _)| c.as_str())),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::Bulk(v) => match v.get(f) {
                Some(x) => Ok(ResolvedValue::Leaf(json_to_apollo(x))),
                None => Err(self.unknown_field_error(info)),
            },
            Obj::RunPayload(op, e) => match f {
                "bulkOperation" => Ok(ResolvedValue::nullable_object(op.clone().map(Obj::Bulk))),
                "userErrors" => list(
                    e.iter()
                        .map(|(m, c)| Obj::UserError(m.clone(), c))
                        .collect(),
                ),
                _ => Err(self.unknown_field_error(info)),
            },
            Obj::UserError(m, c) => match f {
                "field" => Ok(ResolvedValue::list([ResolvedValue::leaf("query")])),
                "message" => leaf(m.as_str()),
                "code" => leaf(*c),
                _ => Err(self.unknown_field_error(info)),
            },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Query cost
// ---------------------------------------------------------------------------------------------

fn type_kind<'s>(schema: &'s Schema, f: &Field) -> Option<&'s ExtendedType> {
    schema.types.get(f.definition.ty.inner_named_type())
}

fn is_connection(schema: &Schema, f: &Field) -> bool {
    f.definition
        .ty
        .inner_named_type()
        .as_str()
        .ends_with("Connection")
        && matches!(type_kind(schema, f), Some(ExtendedType::Object(o)) if o.fields.contains_key("pageInfo"))
}

fn is_leaf(schema: &Schema, f: &Field) -> bool {
    matches!(
        type_kind(schema, f),
        None | Some(ExtendedType::Scalar(_)) | Some(ExtendedType::Enum(_))
    )
}

fn arg_value(f: &Field, name: &str, vars: &JsonMap) -> Option<i64> {
    let v = f.specified_argument_by_name(name)?;
    match v.as_ref() {
        apollo_compiler::ast::Value::Int(i) => i.try_to_i32().ok().map(i64::from),
        apollo_compiler::ast::Value::Variable(n) => vars.get(n.as_str()).and_then(|v| v.as_i64()),
        _ => None,
    }
}

/// The fields of a selection set with fragments flattened (for interfaces and unions the
/// caller takes the most expensive fragment; here fields of all fragments are grouped per
/// fragment so [`sel_cost`] can do that).
fn sel_cost(schema: &Schema, doc: &ExecutableDocument, ss: &SelectionSet, vars: &JsonMap) -> f64 {
    let mut own = 0.0;
    let mut frag_max: f64 = 0.0;
    let mut seen = HashSet::new();
    for s in &ss.selections {
        match s {
            Selection::Field(f) => {
                if seen.insert(f.response_key().clone()) {
                    own += field_cost(schema, doc, f, vars);
                }
            }
            Selection::InlineFragment(i) => {
                frag_max = frag_max.max(sel_cost(schema, doc, &i.selection_set, vars));
            }
            Selection::FragmentSpread(fs) => {
                if let Some(d) = doc.fragments.get(&fs.fragment_name) {
                    frag_max = frag_max.max(sel_cost(schema, doc, &d.selection_set, vars));
                }
            }
        }
    }
    own + frag_max
}

/// Fields named `name` directly in `ss` (fragments included).
fn find_fields<'d>(
    doc: &'d ExecutableDocument,
    ss: &'d SelectionSet,
    name: &str,
    out: &mut Vec<&'d Field>,
) {
    for s in &ss.selections {
        match s {
            Selection::Field(f) if f.name == name => out.push(f),
            Selection::Field(_) => {}
            Selection::InlineFragment(i) => find_fields(doc, &i.selection_set, name, out),
            Selection::FragmentSpread(fs) => {
                if let Some(d) = doc.fragments.get(&fs.fragment_name) {
                    find_fields(doc, &d.selection_set, name, out)
                }
            }
        }
    }
}

/// Cost of one node of a connection selection: the larger of `edges.node` and `nodes`.
fn node_cost(schema: &Schema, doc: &ExecutableDocument, conn: &Field, vars: &JsonMap) -> f64 {
    let mut best: f64 = 0.0;
    let mut edges = Vec::new();
    find_fields(doc, &conn.selection_set, "edges", &mut edges);
    for e in edges {
        let mut nodes = Vec::new();
        find_fields(doc, &e.selection_set, "node", &mut nodes);
        for n in nodes {
            best = best.max(1.0 + sel_cost(schema, doc, &n.selection_set, vars));
        }
    }
    let mut nodes = Vec::new();
    find_fields(doc, &conn.selection_set, "nodes", &mut nodes);
    for n in nodes {
        best = best.max(1.0 + sel_cost(schema, doc, &n.selection_set, vars));
    }
    best
}

fn field_cost(schema: &Schema, doc: &ExecutableDocument, f: &Field, vars: &JsonMap) -> f64 {
    if f.name.starts_with("__") || is_leaf(schema, f) {
        return 0.0;
    }
    if is_connection(schema, f) {
        let n = arg_value(f, "first", vars)
            .or_else(|| arg_value(f, "last", vars))
            .unwrap_or(0)
            .max(0) as f64;
        return 2.0 + n * node_cost(schema, doc, f, vars);
    }
    let child = 1.0 + sel_cost(schema, doc, &f.selection_set, vars);
    if f.definition.ty.is_list() {
        let n = arg_value(f, "first", vars).unwrap_or(1).max(1) as f64;
        n * child
    } else {
        child
    }
}

/// `requestedQueryCost` of an operation.
pub(crate) fn requested_cost(
    schema: &Schema,
    doc: &ExecutableDocument,
    op: &apollo_compiler::executable::Operation,
    vars: &JsonMap,
) -> f64 {
    if op.is_mutation() {
        let mut n = 0.0;
        for s in &op.selection_set.selections {
            if let Selection::Field(f) = s {
                if !f.name.starts_with("__") {
                    n += 10.0;
                }
            }
        }
        return n;
    }
    sel_cost(schema, doc, &op.selection_set, vars)
}

fn actual_sel(schema: &Schema, doc: &ExecutableDocument, ss: &SelectionSet, v: &Value) -> f64 {
    let Some(m) = v.as_object() else { return 0.0 };
    let mut total = 0.0;
    let mut seen = HashSet::new();
    let mut fields = Vec::new();
    collect_all(doc, ss, &mut fields);
    for f in fields {
        if !seen.insert(f.response_key().clone()) || f.name.starts_with("__") || is_leaf(schema, f)
        {
            continue;
        }
        let Some(x) = m.get(f.response_key().as_str()) else {
            continue;
        };
        if x.is_null() {
            continue;
        }
        total += actual_field(schema, doc, f, x);
    }
    total
}

fn collect_all<'d>(doc: &'d ExecutableDocument, ss: &'d SelectionSet, out: &mut Vec<&'d Field>) {
    for s in &ss.selections {
        match s {
            Selection::Field(f) => out.push(f),
            Selection::InlineFragment(i) => collect_all(doc, &i.selection_set, out),
            Selection::FragmentSpread(fs) => {
                if let Some(d) = doc.fragments.get(&fs.fragment_name) {
                    collect_all(doc, &d.selection_set, out)
                }
            }
        }
    }
}

fn actual_field(schema: &Schema, doc: &ExecutableDocument, f: &Field, x: &Value) -> f64 {
    if is_connection(schema, f) {
        let mut best: f64 = 0.0;
        let mut edges = Vec::new();
        find_fields(doc, &f.selection_set, "edges", &mut edges);
        for e in edges {
            let mut nodes = Vec::new();
            find_fields(doc, &e.selection_set, "node", &mut nodes);
            let arr = x.get(e.response_key().as_str()).and_then(Value::as_array);
            for n in nodes {
                let s: f64 = arr
                    .into_iter()
                    .flatten()
                    .map(|edge| {
                        edge.get(n.response_key().as_str()).map_or(0.0, |node| {
                            1.0 + actual_sel(schema, doc, &n.selection_set, node)
                        })
                    })
                    .sum();
                best = best.max(s);
            }
        }
        let mut nodes = Vec::new();
        find_fields(doc, &f.selection_set, "nodes", &mut nodes);
        for n in nodes {
            let arr = x.get(n.response_key().as_str()).and_then(Value::as_array);
            let s: f64 = arr
                .into_iter()
                .flatten()
                .map(|node| 1.0 + actual_sel(schema, doc, &n.selection_set, node))
                .sum();
            best = best.max(s);
        }
        return 2.0 + best;
    }
    match x {
        Value::Array(a) => a
            .iter()
            .filter(|e| !e.is_null())
            .map(|e| 1.0 + actual_sel(schema, doc, &f.selection_set, e))
            .sum(),
        _ => 1.0 + actual_sel(schema, doc, &f.selection_set, x),
    }
}

/// `actualQueryCost`: the requested formula with the nodes actually returned.
pub(crate) fn actual_cost(
    schema: &Schema,
    doc: &ExecutableDocument,
    op: &apollo_compiler::executable::Operation,
    data: &Value,
) -> f64 {
    if op.is_mutation() {
        return requested_cost(schema, doc, op, &JsonMap::new());
    }
    actual_sel(schema, doc, &op.selection_set, data)
}

// ---------------------------------------------------------------------------------------------
// Bulk queries
// ---------------------------------------------------------------------------------------------

/// Checks the bulk-query restrictions: at least one connection, at most five, nesting depth
/// at most two, and an `id` on every parent of a nested connection.
pub(crate) fn check_bulk(
    schema: &Schema,
    doc: &ExecutableDocument,
    ss: &SelectionSet,
) -> Result<(), String> {
    fn walk(
        schema: &Schema,
        doc: &ExecutableDocument,
        ss: &SelectionSet,
        depth: usize,
        count: &mut usize,
        max_depth: &mut usize,
    ) -> Result<(), String> {
        let mut fields = Vec::new();
        collect_all(doc, ss, &mut fields);
        for f in fields {
            if is_connection(schema, f) {
                *count += 1;
                *max_depth = (*max_depth).max(depth + 1);
                let mut inner = Vec::new();
                find_fields(doc, &f.selection_set, "edges", &mut inner);
                let mut node_sets: Vec<&SelectionSet> = Vec::new();
                for e in inner {
                    let mut ns = Vec::new();
                    find_fields(doc, &e.selection_set, "node", &mut ns);
                    node_sets.extend(ns.into_iter().map(|n| &n.selection_set));
                }
                let mut ns = Vec::new();
                find_fields(doc, &f.selection_set, "nodes", &mut ns);
                node_sets.extend(ns.into_iter().map(|n| &n.selection_set));
                for set in node_sets {
                    let mut all = Vec::new();
                    collect_all(doc, set, &mut all);
                    let has_nested = all.iter().any(|x| is_connection(schema, x));
                    let has_id = all.iter().any(|x| x.name == "id" && x.alias.is_none());
                    if has_nested && !has_id {
                        let nested = all
                            .iter()
                            .find(|x| is_connection(schema, x))
                            .map(|x| x.name.to_string())
                            .unwrap_or_default();
                        return Err(format!(
                            "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection field: '{nested}'."
                        ));
                    }
                    walk(schema, doc, set, depth + 1, count, max_depth)?;
                }
            } else if !is_leaf(schema, f) {
                walk(schema, doc, &f.selection_set, depth, count, max_depth)?;
            }
        }
        Ok(())
    }
    let (mut count, mut depth) = (0, 0);
    walk(schema, doc, ss, 0, &mut count, &mut depth)?;
    if count == 0 {
        return Err("Bulk queries must contain at least one connection.".into());
    }
    if count > 5 {
        return Err("Bulk queries cannot contain more than 5 connections.".into());
    }
    if depth > 2 {
        return Err(
            "Bulk queries cannot contain connections with a nesting depth greater than 2.".into(),
        );
    }
    Ok(())
}

/// Turns the executed bulk query's data into JSONL lines: each connection node one line,
/// nested connection nodes with `__parentId` (parents first, or children first).
pub(crate) fn bulk_lines(
    schema: &Schema,
    doc: &ExecutableDocument,
    ss: &SelectionSet,
    data: &Value,
    children_first: bool,
) -> (Vec<Value>, u64) {
    let mut lines = Vec::new();
    let mut roots = 0u64;
    let mut fields = Vec::new();
    collect_all(doc, ss, &mut fields);
    for f in fields {
        let Some(v) = data.get(f.response_key().as_str()) else {
            continue;
        };
        if is_connection(schema, f) {
            roots += emit_connection(schema, doc, f, v, None, children_first, &mut lines);
        } else if !is_leaf(schema, f) && v.is_object() {
            let (l, r) = bulk_lines(schema, doc, &f.selection_set, v, children_first);
            lines.extend(l);
            roots += r;
        }
    }
    (lines, roots)
}

fn emit_connection(
    schema: &Schema,
    doc: &ExecutableDocument,
    conn: &Field,
    v: &Value,
    parent: Option<&str>,
    children_first: bool,
    lines: &mut Vec<Value>,
) -> u64 {
    let mut pairs: Vec<(&SelectionSet, Value)> = Vec::new();
    let mut edges = Vec::new();
    find_fields(doc, &conn.selection_set, "edges", &mut edges);
    for e in edges {
        let mut ns = Vec::new();
        find_fields(doc, &e.selection_set, "node", &mut ns);
        for n in ns {
            for edge in v
                .get(e.response_key().as_str())
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(node) = edge.get(n.response_key().as_str()) {
                    pairs.push((&n.selection_set, node.clone()));
                }
            }
        }
    }
    let mut ns = Vec::new();
    find_fields(doc, &conn.selection_set, "nodes", &mut ns);
    for n in ns {
        for node in v
            .get(n.response_key().as_str())
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            pairs.push((&n.selection_set, node.clone()));
        }
    }
    let mut count = 0;
    for (set, mut node) in pairs {
        count += 1;
        let id = node.get("id").and_then(Value::as_str).map(str::to_string);
        let mut child_lines = Vec::new();
        let mut fields = Vec::new();
        collect_all(doc, set, &mut fields);
        for f in fields {
            if is_connection(schema, f) {
                if let Some(obj) = node.as_object_mut() {
                    if let Some(cv) = obj.remove(f.response_key().as_str()) {
                        emit_connection(
                            schema,
                            doc,
                            f,
                            &cv,
                            id.as_deref(),
                            children_first,
                            &mut child_lines,
                        );
                    }
                }
            }
        }
        if let (Some(p), Some(obj)) = (parent, node.as_object_mut()) {
            obj.insert("__parentId".into(), Value::String(p.to_string()));
        }
        if children_first {
            lines.extend(child_lines);
            lines.push(node);
        } else {
            lines.push(node);
            lines.extend(child_lines);
        }
    }
    count
}

/// Parses and validates a document (for bulk queries), giving the first error's message.
pub(crate) fn parse_valid(
    schema: &Valid<Schema>,
    q: &str,
) -> Result<Valid<ExecutableDocument>, Vec<Value>> {
    ExecutableDocument::parse_and_validate(schema, q, "query.graphql").map_err(|e| {
        e.errors
            .iter()
            .map(|d| {
                super::server::map_diagnostic(
                    serde_json::to_value(d.to_json()).unwrap_or(Value::Null),
                    None,
                )
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_and_cursors() {
        let t = parse_filter(Some(
            "updated_at:>='2024-01-01T00:00:00Z' AND updated_at:<=\"2024-02-01T00:00:00Z\" status:open",
        ));
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].cmp, Cmp::Ge);
        assert_eq!(t[0].lo, 1_704_067_200);
        assert_eq!(t[1].cmp, Cmp::Le);
        let d = parse_filter(Some("created_at:2024-01-01"));
        assert!(term_pass(&d[0], 1_704_067_200 + 86_399));
        assert!(!term_pass(&d[0], 1_704_067_200 + 86_400));
        let c = encode_cursor(42, 1_700_000_000);
        assert_eq!(decode_cursor(&c), Some((1_700_000_000, 42)));
        assert_eq!(amount(2500), "25.00");
        assert_eq!(amount(-350), "-3.50");
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
    }
}
