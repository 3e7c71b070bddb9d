//! Shopify GraphQL nodes → the store's records: legacy numeric ids (as the CSV exports),
//! shop-currency money parsed exactly from `Decimal` strings, RFC 3339 times in UTC.

use serde_json::Value;

use repeatlens_store::{
    normalize_email, CustomerRecord, LineRecord, OrderRecord, RefundLineRecord, RefundRecord,
};
use repeatlens_sync::SyncError;

fn bad(kind: &str, id: &str, field: &str, what: &str) -> SyncError {
    SyncError::BadResponse {
        url: format!("{kind} {id}"),
        detail: format!("field `{field}`: {what}"),
    }
}

fn text(v: &Value, field: &str) -> Option<String> {
    v.get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `gid://shopify/Order/123` → `123`.
pub(crate) fn legacy_id(gid: &str) -> String {
    gid.rsplit('/').next().unwrap_or(gid).to_string()
}

/// The record id: `legacyResourceId`, else the tail of the gid.
fn id_of(v: &Value) -> Option<String> {
    text(v, "legacyResourceId").or_else(|| text(v, "id").map(|g| legacy_id(&g)))
}

fn time(v: &Value, field: &str, kind: &str, id: &str) -> Result<Option<i64>, SyncError> {
    match text(v, field) {
        None => Ok(None),
        Some(s) => chrono::DateTime::parse_from_rfc3339(&s)
            .map(|t| Some(t.timestamp()))
            .map_err(|_| bad(kind, id, field, &format!("not a date-time: {s:?}"))),
    }
}

/// `field.shopMoney.amount` in `currency`, minor units; absent is 0.
fn shop_money(
    v: &Value,
    field: &str,
    currency: &str,
    kind: &str,
    id: &str,
) -> Result<i64, SyncError> {
    match v
        .get(field)
        .and_then(|m| m.get("shopMoney"))
        .and_then(|m| m.get("amount"))
    {
        None | Some(Value::Null) => Ok(0),
        Some(a) => {
            let s = match a {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            repeatlens_money::parse_decimal_minor(s.trim(), currency)
                .ok_or_else(|| bad(kind, id, field, &format!("not an amount: {s:?}")))
        }
    }
}

fn shop_micros(v: &Value, field: &str, kind: &str, id: &str) -> Result<i64, SyncError> {
    match v
        .get(field)
        .and_then(|m| m.get("shopMoney"))
        .and_then(|m| m.get("amount"))
    {
        None | Some(Value::Null) => Ok(0),
        Some(a) => {
            let s = match a {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            repeatlens_money::parse_decimal_micros(s.trim())
                .ok_or_else(|| bad(kind, id, field, &format!("not an amount: {s:?}")))
        }
    }
}

/// A customer node.
pub(crate) fn customer(v: &Value) -> Result<CustomerRecord, SyncError> {
    let id = id_of(v).ok_or_else(|| bad("customer", "?", "id", "missing"))?;
    let spent = v.get("amountSpent");
    let spent_currency = spent.and_then(|s| text(s, "currencyCode"));
    Ok(CustomerRecord {
        email: text(v, "email"),
        first_name: text(v, "firstName"),
        last_name: text(v, "lastName"),
        phone: text(v, "phone"),
        country: v
            .get("defaultAddress")
            .and_then(|a| text(a, "countryCodeV2")),
        accepts_marketing: v
            .get("emailMarketingConsent")
            .and_then(|c| c.get("marketingState"))
            .and_then(Value::as_str)
            .map(|s| s == "SUBSCRIBED"),
        created_at: time(v, "createdAt", "customer", &id)?,
        updated_at: time(v, "updatedAt", "customer", &id)?,
        total_spent_minor: match (spent.and_then(|s| text(s, "amount")), spent_currency) {
            (Some(a), Some(c)) => repeatlens_money::parse_decimal_minor(&a, &c),
            _ => None,
        },
        orders_count: v.get("numberOfOrders").and_then(|n| match n {
            Value::String(s) => s.parse().ok(),
            other => other.as_i64(),
        }),
        tags: v
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .filter(|t| !t.is_empty()),
        raw: Some(v.to_string()),
        platform_id: id,
    })
}

/// The key of an order's buyer: the customer's id, or for a guest the normalized email;
/// `None` when the shop hides both (protected customer data).
fn buyer_key(order: &Value) -> Option<String> {
    match order.get("customer").filter(|c| !c.is_null()) {
        Some(c) => id_of(c),
        None => text(order, "email").and_then(|e| normalize_email(&e)),
    }
}

/// The partial customer an order names (the id only for a registered one: the customers
/// resource brings the rest; a guest's email).
pub(crate) fn buyer(order: &Value) -> Option<CustomerRecord> {
    let key = buyer_key(order)?;
    if key.contains('@') {
        Some(CustomerRecord {
            email: text(order, "email"),
            country: order
                .get("shippingAddress")
                .and_then(|a| text(a, "countryCodeV2")),
            platform_id: key,
            ..CustomerRecord::default()
        })
    } else {
        Some(CustomerRecord {
            platform_id: key,
            ..CustomerRecord::default()
        })
    }
}

fn nodes(v: &Value, field: &str) -> Vec<Value> {
    match v.get(field) {
        Some(Value::Array(a)) => a.clone(),
        Some(c) => match c.get("nodes") {
            Some(Value::Array(a)) => a.clone(),
            _ => c
                .get("edges")
                .and_then(Value::as_array)
                .map(|e| e.iter().filter_map(|e| e.get("node").cloned()).collect())
                .unwrap_or_default(),
        },
        None => Vec::new(),
    }
}

/// A line item node in the order's currency.
pub(crate) fn line(l: &Value, currency: &str, order_id: &str) -> Result<LineRecord, SyncError> {
    let quantity = l.get("quantity").and_then(Value::as_i64).unwrap_or(0);
    let unit = shop_micros(l, "originalUnitPriceSet", "order", order_id)?;
    let total =
        repeatlens_money::micros_to_minor(i128::from(unit) * i128::from(quantity), currency);
    let discounted = match l.get("discountedTotalSet") {
        Some(Value::Null) | None => total,
        Some(_) => shop_money(l, "discountedTotalSet", currency, "order", order_id)?,
    };
    let gid = |o: &str| l.get(o).and_then(|x| text(x, "id")).map(|g| legacy_id(&g));
    Ok(LineRecord {
        product_id: gid("product"),
        variant_id: gid("variant"),
        sku: text(l, "sku"),
        title: text(l, "name"),
        category: l.get("product").and_then(|p| text(p, "productType")),
        quantity,
        unit_price_micros: unit,
        line_total_minor: total,
        discount_minor: total - discounted,
    })
}

/// An order node with its first page of lines (more are appended by the caller), and its
/// refunds.
pub(crate) fn order(v: &Value) -> Result<(OrderRecord, Vec<RefundRecord>), SyncError> {
    let id = id_of(v).ok_or_else(|| bad("order", "?", "id", "missing"))?;
    let currency = text(v, "currencyCode")
        .and_then(|c| repeatlens_money::parse_currency_code(&c))
        .ok_or_else(|| bad("order", &id, "currencyCode", "not a currency code"))?;
    let created_at = time(v, "createdAt", "order", &id)?
        .ok_or_else(|| bad("order", &id, "createdAt", "missing"))?;
    let fulfillments = nodes(v, "fulfillments");
    let first_time = |field: &str| -> Result<Option<i64>, SyncError> {
        let mut best: Option<i64> = None;
        for f in &fulfillments {
            if let Some(t) = time(f, field, "order", &id)? {
                best = Some(best.map_or(t, |b: i64| b.min(t)));
            }
        }
        Ok(best)
    };
    let mut lines = Vec::new();
    for l in nodes(v, "lineItems") {
        lines.push(line(&l, &currency, &id)?);
    }
    let customer = buyer_key(v);
    let mut refunds = Vec::new();
    for r in nodes(v, "refunds") {
        let rid = id_of(&r).ok_or_else(|| bad("refund", "?", "id", "missing"))?;
        let mut rl = Vec::new();
        for x in nodes(&r, "refundLineItems") {
            let li = x.get("lineItem").cloned().unwrap_or(Value::Null);
            rl.push(RefundLineRecord {
                sku: text(&li, "sku"),
                title: text(&li, "name"),
                quantity: x.get("quantity").and_then(Value::as_i64).unwrap_or(0).abs(),
                amount_minor: shop_money(&x, "subtotalSet", &currency, "refund", &rid)?.abs(),
            });
        }
        refunds.push(RefundRecord {
            order: Some(id.clone()),
            customer: customer.clone(),
            kind: if rl.iter().any(|l| l.quantity > 0) {
                "return"
            } else {
                "refund"
            }
            .into(),
            created_at: time(&r, "createdAt", "refund", &rid)?.unwrap_or(created_at),
            currency: currency.clone(),
            amount_minor: shop_money(&r, "totalRefundedSet", &currency, "refund", &rid)?.abs(),
            reason: text(&r, "note"),
            raw: Some(r.to_string()),
            lines: rl,
            platform_id: rid,
        });
    }
    let codes: Vec<String> = v
        .get("discountCodes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let record = OrderRecord {
        name: text(v, "name"),
        customer,
        email: text(v, "email"),
        created_at,
        updated_at: time(v, "updatedAt", "order", &id)?,
        cancelled_at: time(v, "cancelledAt", "order", &id)?,
        fulfilled_at: first_time("createdAt")?,
        delivered_at: first_time("deliveredAt")?,
        subtotal_minor: shop_money(v, "subtotalPriceSet", &currency, "order", &id)?,
        discount_minor: shop_money(v, "totalDiscountsSet", &currency, "order", &id)?,
        shipping_minor: shop_money(v, "totalShippingPriceSet", &currency, "order", &id)?,
        tax_minor: shop_money(v, "totalTaxSet", &currency, "order", &id)?,
        total_minor: shop_money(v, "totalPriceSet", &currency, "order", &id)?,
        refunded_minor: shop_money(v, "totalRefundedSet", &currency, "order", &id)?,
        status: text(v, "displayFulfillmentStatus").map(|s| s.to_ascii_lowercase()),
        financial_status: text(v, "displayFinancialStatus").map(|s| s.to_ascii_lowercase()),
        fulfillment_status: text(v, "displayFulfillmentStatus").map(|s| s.to_ascii_lowercase()),
        is_test: v.get("test").and_then(Value::as_bool).unwrap_or(false),
        ship_country: v
            .get("shippingAddress")
            .and_then(|a| text(a, "countryCodeV2")),
        discount_codes: (!codes.is_empty()).then(|| codes.join(",")),
        raw: Some(v.to_string()),
        lines,
        platform_id: id,
        currency,
    };
    Ok((record, refunds))
}
