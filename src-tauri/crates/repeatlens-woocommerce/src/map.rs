//! WooCommerce JSON → the store's records: money parsed exactly from strings in the order's
//! own currency, times from the `_gmt` fields, guests keyed by their normalized billing email.

use chrono::NaiveDateTime;
use serde_json::Value;

use repeatlens_store::{
    normalize_email, CustomerRecord, LineRecord, OrderRecord, RefundLineRecord, RefundRecord,
};
use repeatlens_sync::SyncError;

/// A field that is not what the docs say: names the record and the field.
fn bad(kind: &str, id: &str, field: &str, what: &str) -> SyncError {
    SyncError::BadResponse {
        url: format!("{kind} {id}"),
        detail: format!("field `{field}`: {what}"),
    }
}

fn text<'a>(v: &'a Value, field: &str) -> Option<&'a str> {
    v.get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn owned(v: &Value, field: &str) -> Option<String> {
    text(v, field).map(str::to_string)
}

fn id_of(v: &Value) -> Option<String> {
    match v.get("id") {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A `date_*_gmt` field (`2017-03-22T19:28:08`, GMT without an offset) → UTC seconds.
fn gmt(v: &Value, field: &str, kind: &str, id: &str) -> Result<Option<i64>, SyncError> {
    let Some(s) = text(v, field) else {
        return Ok(None);
    };
    let s = s.trim_end_matches('Z');
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .map(|t| Some(t.and_utc().timestamp()))
        .map_err(|_| bad(kind, id, field, &format!("not a date-time: {s:?}")))
}

/// A money string in `currency` → minor units; absent or empty is 0.
fn money(v: &Value, field: &str, currency: &str, kind: &str, id: &str) -> Result<i64, SyncError> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(0),
        Some(Value::String(s)) if s.is_empty() => Ok(0),
        Some(Value::String(s)) => repeatlens_money::parse_decimal_minor(s.trim(), currency)
            .ok_or_else(|| bad(kind, id, field, &format!("not an amount: {s:?}"))),
        // The docs say string; a number is read exactly through its decimal text.
        Some(Value::Number(n)) => repeatlens_money::parse_decimal_minor(&n.to_string(), currency)
            .ok_or_else(|| bad(kind, id, field, &format!("not an amount: {n}"))),
        Some(other) => Err(bad(kind, id, field, &format!("not an amount: {other}"))),
    }
}

fn micros(v: &Value, field: &str, kind: &str, id: &str) -> Result<i64, SyncError> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(0),
        Some(Value::String(s)) if s.is_empty() => Ok(0),
        Some(Value::String(s)) => repeatlens_money::parse_decimal_micros(s.trim())
            .ok_or_else(|| bad(kind, id, field, &format!("not an amount: {s:?}"))),
        Some(Value::Number(n)) => {
            let t = n.to_string();
            repeatlens_money::parse_decimal_micros(&t)
                .or_else(|| n.as_f64().map(|f| (f * 1e6).round() as i64))
                .ok_or_else(|| bad(kind, id, field, &format!("not an amount: {n}")))
        }
        Some(other) => Err(bad(kind, id, field, &format!("not an amount: {other}"))),
    }
}

/// The store's key for an order's buyer: the customer id, or for a guest (`customer_id` 0)
/// the normalized billing email; `None` for a guest without one.
pub(crate) fn buyer_key(order: &Value) -> Option<String> {
    match order.get("customer_id").and_then(Value::as_u64) {
        Some(id) if id > 0 => Some(id.to_string()),
        _ => order
            .get("billing")
            .and_then(|b| text(b, "email"))
            .and_then(normalize_email),
    }
}

/// A customer from `/customers`.
pub(crate) fn customer(v: &Value) -> Result<CustomerRecord, SyncError> {
    let id = id_of(v).ok_or_else(|| bad("customer", "?", "id", "missing"))?;
    let billing = v.get("billing").cloned().unwrap_or(Value::Null);
    Ok(CustomerRecord {
        email: owned(v, "email").or_else(|| owned(&billing, "email")),
        first_name: owned(v, "first_name").or_else(|| owned(&billing, "first_name")),
        last_name: owned(v, "last_name").or_else(|| owned(&billing, "last_name")),
        phone: owned(&billing, "phone"),
        country: owned(&billing, "country"),
        accepts_marketing: None,
        created_at: gmt(v, "date_created_gmt", "customer", &id)?,
        updated_at: gmt(v, "date_modified_gmt", "customer", &id)?,
        total_spent_minor: None,
        orders_count: None,
        tags: None,
        raw: Some(v.to_string()),
        platform_id: id,
    })
}

/// The partial customer an order names: a guest's billing details (keyed by email), or only
/// the key of a registered customer (their record comes from `/customers`; a partial record
/// keeps what is stored).
pub(crate) fn buyer(order: &Value) -> Option<CustomerRecord> {
    let key = buyer_key(order)?;
    if !key.contains('@') {
        return Some(CustomerRecord {
            platform_id: key,
            ..CustomerRecord::default()
        });
    }
    let billing = order.get("billing")?;
    Some(CustomerRecord {
        email: owned(billing, "email").map(|e| e.trim().to_string()),
        first_name: owned(billing, "first_name"),
        last_name: owned(billing, "last_name"),
        phone: owned(billing, "phone"),
        country: owned(billing, "country"),
        platform_id: key,
        ..CustomerRecord::default()
    })
}

/// An order from `/orders`, with the refunded amount its `refunds[]` summary gives.
pub(crate) fn order(v: &Value) -> Result<OrderRecord, SyncError> {
    let id = id_of(v).ok_or_else(|| bad("order", "?", "id", "missing"))?;
    let currency = text(v, "currency")
        .and_then(repeatlens_money::parse_currency_code)
        .ok_or_else(|| bad("order", &id, "currency", "not a currency code"))?;
    let created_at = gmt(v, "date_created_gmt", "order", &id)?
        .ok_or_else(|| bad("order", &id, "date_created_gmt", "missing"))?;
    let updated_at = gmt(v, "date_modified_gmt", "order", &id)?;
    let status = owned(v, "status");
    let mut lines = Vec::new();
    let mut subtotal = 0;
    for l in v
        .get("line_items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let quantity = l.get("quantity").and_then(Value::as_i64).unwrap_or(0);
        let line_subtotal = money(l, "subtotal", &currency, "order", &id)?;
        let line_total = money(l, "total", &currency, "order", &id)?;
        let unit = if quantity != 0 {
            micros(l, "subtotal", "order", &id)? / quantity
        } else {
            micros(l, "price", "order", &id)?
        };
        subtotal += line_subtotal;
        let pid = |f: &str| {
            l.get(f)
                .and_then(Value::as_u64)
                .filter(|n| *n > 0)
                .map(|n| n.to_string())
        };
        lines.push(LineRecord {
            product_id: pid("product_id"),
            variant_id: pid("variation_id"),
            sku: owned(l, "sku"),
            title: owned(l, "name"),
            category: None,
            quantity,
            unit_price_micros: unit,
            line_total_minor: line_subtotal,
            discount_minor: line_subtotal - line_total,
        });
    }
    let mut refunded = 0;
    for r in v
        .get("refunds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        refunded -= money(r, "total", &currency, "order", &id)?;
    }
    let total = money(v, "total", &currency, "order", &id)?;
    let paid = text(v, "date_paid_gmt").is_some();
    let financial_status = if refunded > 0 && refunded >= total {
        "refunded"
    } else if refunded > 0 {
        "partially_refunded"
    } else if paid {
        "paid"
    } else {
        "unpaid"
    };
    let cancelled = matches!(status.as_deref(), Some("cancelled" | "failed"));
    let codes: Vec<String> = v
        .get("coupon_lines")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| owned(c, "code"))
        .collect();
    let ship_country = v
        .get("shipping")
        .and_then(|s| owned(s, "country"))
        .or_else(|| v.get("billing").and_then(|b| owned(b, "country")));
    Ok(OrderRecord {
        name: owned(v, "number").map(|n| format!("#{n}")),
        customer: buyer_key(v),
        email: v
            .get("billing")
            .and_then(|b| owned(b, "email"))
            .map(|e| e.trim().to_string()),
        created_at,
        updated_at,
        // WooCommerce keeps no cancellation time: the last change of a cancelled or failed
        // order is when it became so.
        cancelled_at: if cancelled {
            updated_at.or(Some(created_at))
        } else {
            None
        },
        fulfilled_at: gmt(v, "date_completed_gmt", "order", &id)?,
        delivered_at: None,
        subtotal_minor: subtotal,
        discount_minor: money(v, "discount_total", &currency, "order", &id)?,
        shipping_minor: money(v, "shipping_total", &currency, "order", &id)?,
        tax_minor: money(v, "total_tax", &currency, "order", &id)?,
        total_minor: total,
        refunded_minor: refunded,
        fulfillment_status: Some(
            if status.as_deref() == Some("completed") {
                "fulfilled"
            } else {
                "unfulfilled"
            }
            .into(),
        ),
        financial_status: Some(financial_status.into()),
        status,
        is_test: false,
        ship_country,
        discount_codes: (!codes.is_empty()).then(|| codes.join(",")),
        raw: Some(v.to_string()),
        lines,
        platform_id: id,
        currency,
    })
}

/// A refund from `/orders/{id}/refunds` of `order` (whose currency and buyer it shares).
/// Line quantities and totals are negative in the API; stored positive. A refund with
/// returned units is a `return`, money only a `refund`.
pub(crate) fn refund(v: &Value, order: &OrderRecord) -> Result<RefundRecord, SyncError> {
    let id = id_of(v).ok_or_else(|| bad("refund", "?", "id", "missing"))?;
    let currency = &order.currency;
    let mut lines = Vec::new();
    for l in v
        .get("line_items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let quantity = l.get("quantity").and_then(Value::as_i64).unwrap_or(0).abs();
        lines.push(RefundLineRecord {
            sku: owned(l, "sku"),
            title: owned(l, "name"),
            quantity,
            amount_minor: money(l, "total", currency, "refund", &id)?.abs(),
        });
    }
    let kind = if lines.iter().any(|l| l.quantity > 0) {
        "return"
    } else {
        "refund"
    };
    Ok(RefundRecord {
        order: Some(order.platform_id.clone()),
        customer: order.customer.clone(),
        kind: kind.into(),
        created_at: gmt(v, "date_created_gmt", "refund", &id)?.unwrap_or(order.created_at),
        currency: currency.clone(),
        amount_minor: money(v, "amount", currency, "refund", &id)?.abs(),
        reason: owned(v, "reason"),
        raw: Some(v.to_string()),
        lines,
        platform_id: id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order example of the API docs (`_orders.md`, "Retrieve an order"), trimmed to the
    /// fields read here; its figures are the docs' (the billing email is given mixed-case
    /// and padded here, to check the guest key's normalization).
    fn docs_order() -> Value {
        serde_json::json!({
          "id": 727, "number": "727", "status": "processing", "currency": "USD",
          "date_created_gmt": "2017-03-22T19:28:02", "date_modified_gmt": "2017-03-22T19:28:08",
          "discount_total": "0.00", "shipping_total": "10.00", "total": "29.35", "total_tax": "1.35",
          "customer_id": 0, "date_paid_gmt": null, "date_completed_gmt": null,
          "billing": {"first_name": "John", "last_name": "Doe", "email": " John.Doe@Example.com ", "country": "US"},
          "shipping": {"country": "US"},
          "line_items": [
            {"id": 315, "name": "Woo Single #1", "product_id": 93, "variation_id": 0, "quantity": 2,
             "subtotal": "6.00", "total": "6.00", "sku": "", "price": 3},
            {"id": 316, "name": "Ship Your Idea &ndash; Color: Black, Size: M Test", "product_id": 22,
             "variation_id": 23, "quantity": 1, "subtotal": "12.00", "total": "12.00", "sku": "", "price": 12}
          ],
          "coupon_lines": [], "refunds": []
        })
    }

    #[test]
    fn the_docs_order_maps_with_exact_money_and_a_guest_key() {
        let o = order(&docs_order()).unwrap();
        assert_eq!(o.platform_id, "727");
        assert_eq!(o.name.as_deref(), Some("#727"));
        assert_eq!(o.currency, "USD");
        assert_eq!(
            (
                o.subtotal_minor,
                o.shipping_minor,
                o.tax_minor,
                o.total_minor
            ),
            (1800, 1000, 135, 2935)
        );
        assert_eq!(o.customer.as_deref(), Some("john.doe@example.com"));
        assert_eq!(o.created_at, 1_490_210_882); // 2017-03-22T19:28:02Z
        assert_eq!(o.lines.len(), 2);
        assert_eq!(o.lines[0].unit_price_micros, 3_000_000);
        assert_eq!(o.lines[1].variant_id.as_deref(), Some("23"));
        assert_eq!(o.financial_status.as_deref(), Some("unpaid"));
        assert!(o.cancelled_at.is_none());
        let b = buyer(&docs_order()).unwrap();
        assert_eq!(b.platform_id, "john.doe@example.com");
        assert_eq!(b.email.as_deref(), Some("John.Doe@Example.com"));
    }

    #[test]
    fn refunds_come_back_positive_and_a_bad_amount_names_its_field() {
        let mut v = docs_order();
        v["refunds"] = serde_json::json!([{"id": 726, "reason": "", "total": "-10.00"}]);
        let o = order(&v).unwrap();
        assert_eq!(o.refunded_minor, 1000);
        assert_eq!(o.financial_status.as_deref(), Some("partially_refunded"));
        // The refund example of `_order-refunds.md`.
        let r = refund(
            &serde_json::json!({"id": 726, "date_created_gmt": "2017-03-21T20:07:11", "amount": "10.00",
              "reason": "", "line_items": [{"id": 314, "name": "Woo Single #2", "quantity": -1,
              "subtotal": "-3.00", "total": "-3.00", "sku": "12345"}]}),
            &o,
        )
        .unwrap();
        assert_eq!((r.amount_minor, r.kind.as_str()), (1000, "return"));
        assert_eq!((r.lines[0].quantity, r.lines[0].amount_minor), (1, 300));
        v["total"] = serde_json::json!("29,35");
        let e = order(&v).unwrap_err().to_string();
        assert!(e.contains("order 727") && e.contains("`total`"), "{e}");
    }
}
