//! Typed WooCommerce records and their rendering to the documented v3 JSON.
//!
//! Records keep their instants as Unix seconds (UTC). They are rendered to JSON together with the
//! site's UTC offset, because WooCommerce answers every date twice: `date_*` in the site's local
//! time and `date_*_gmt` in UTC, both as `YYYY-MM-DDTHH:MM:SS` without a zone suffix.

use serde::Serialize;
use serde_json::{json, Value};

/// Formats a Unix instant as WooCommerce does (`YYYY-MM-DDTHH:MM:SS`), shifted by `offset_secs`.
pub fn format_wc_date(unix: i64, offset_secs: i32) -> String {
    let shifted = unix + i64::from(offset_secs);
    chrono::DateTime::from_timestamp(shifted, 0)
        .map(|d| d.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string())
        .unwrap_or_default()
}

fn opt_date(unix: Option<i64>, offset: i32) -> Value {
    unix.map(|u| Value::String(format_wc_date(u, offset)))
        .unwrap_or(Value::Null)
}

/// Parses a money string ("10.00", "-5.5", "3") into hundredths. Returns 0 for garbage.
pub fn money_to_cents(s: &str) -> i64 {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let int: i64 = int.parse().unwrap_or(0);
    let mut frac_digits: String = frac.chars().take(3).collect();
    while frac_digits.len() < 3 {
        frac_digits.push('0');
    }
    let milli: i64 = frac_digits.parse().unwrap_or(0);
    // Round half away from zero from thousandths to hundredths.
    let cents = int * 100 + (milli + 5) / 10;
    if neg {
        -cents
    } else {
        cents
    }
}

/// Formats hundredths as a WooCommerce money string with two decimals ("-5.00").
pub fn cents_to_money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// One `meta_data` entry (`{id, key, value}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetaData {
    /// Meta ID.
    pub id: u64,
    /// Meta key.
    pub key: String,
    /// Meta value (WooCommerce stores strings here for order items).
    pub value: String,
}

/// An order's or customer's billing address (`billing` object).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Billing {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Company name.
    pub company: String,
    /// Address line 1.
    pub address_1: String,
    /// Address line 2.
    pub address_2: String,
    /// City.
    pub city: String,
    /// State / province code or name.
    pub state: String,
    /// Postal code.
    pub postcode: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Email address exactly as typed at checkout (not normalised).
    pub email: String,
    /// Phone number.
    pub phone: String,
}

/// An order's or customer's shipping address (`shipping` object; no email).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Shipping {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Company name.
    pub company: String,
    /// Address line 1.
    pub address_1: String,
    /// Address line 2.
    pub address_2: String,
    /// City.
    pub city: String,
    /// State / province code or name.
    pub state: String,
    /// Postal code.
    pub postcode: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
}

/// One entry of a line's `taxes` array (`{id, total, subtotal}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineTax {
    /// Tax rate ID.
    pub id: u64,
    /// Tax total (string money).
    pub total: String,
    /// Tax subtotal (string money).
    pub subtotal: String,
}

/// An order line item (or a refund line item, with negative quantity and totals).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineItem {
    /// Item ID.
    pub id: u64,
    /// Product name.
    pub name: String,
    /// Product ID (0 when the product no longer exists).
    pub product_id: u64,
    /// Variation ID, 0 if none.
    pub variation_id: u64,
    /// Quantity (negative on refund line items).
    pub quantity: i64,
    /// Tax class slug ("" = standard).
    pub tax_class: String,
    /// Line subtotal before discounts.
    pub subtotal: String,
    /// Line subtotal tax before discounts.
    pub subtotal_tax: String,
    /// Line total after discounts.
    pub total: String,
    /// Line total tax after discounts.
    pub total_tax: String,
    /// Per-rate taxes.
    pub taxes: Vec<LineTax>,
    /// Item meta (refund items carry `_refunded_item_id`).
    pub meta_data: Vec<MetaData>,
    /// Product SKU.
    pub sku: String,
    /// Unit price. A JSON **number**, as in the docs' JSON examples (`"price": 3`), although the
    /// property table says "string": WooCommerce computes it as `total / quantity` (a float).
    pub price: f64,
}

/// An order's `tax_lines` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaxLine {
    /// Item ID.
    pub id: u64,
    /// Tax rate code, e.g. "DE-VAT-1".
    pub rate_code: String,
    /// Tax rate ID.
    pub rate_id: u64,
    /// Label.
    pub label: String,
    /// Compound rate?
    pub compound: bool,
    /// Tax total (not including shipping taxes).
    pub tax_total: String,
    /// Shipping tax total.
    pub shipping_tax_total: String,
    /// Meta data.
    pub meta_data: Vec<MetaData>,
}

/// An order's `shipping_lines` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShippingLine {
    /// Item ID.
    pub id: u64,
    /// Shipping method name.
    pub method_title: String,
    /// Shipping method ID.
    pub method_id: String,
    /// Line total.
    pub total: String,
    /// Line total tax.
    pub total_tax: String,
    /// Taxes.
    pub taxes: Vec<LineTax>,
    /// Meta data.
    pub meta_data: Vec<MetaData>,
}

/// An order's `fee_lines` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeLine {
    /// Item ID.
    pub id: u64,
    /// Fee name.
    pub name: String,
    /// Tax class.
    pub tax_class: String,
    /// `taxable` or `none`.
    pub tax_status: String,
    /// Line total.
    pub total: String,
    /// Line total tax.
    pub total_tax: String,
    /// Taxes.
    pub taxes: Vec<LineTax>,
    /// Meta data.
    pub meta_data: Vec<MetaData>,
}

/// An order's `coupon_lines` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CouponLine {
    /// Item ID.
    pub id: u64,
    /// Coupon code.
    pub code: String,
    /// Discount total.
    pub discount: String,
    /// Discount tax.
    pub discount_tax: String,
    /// Meta data.
    pub meta_data: Vec<MetaData>,
}

/// A WooCommerce order (`/orders` resource). Dates are Unix seconds, UTC.
///
/// The `refunds` summary array of the JSON is not stored here: it is derived, like WooCommerce
/// does, from the order's refund records (newest first, `total` as a negative string).
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// Order ID (post ID; shares its ID space with refunds and products).
    pub id: u64,
    /// Parent order ID.
    pub parent_id: u64,
    /// Order number (string).
    pub number: String,
    /// Order key, e.g. "wc_order_…".
    pub order_key: String,
    /// Where the order was created ("checkout", "admin", "rest-api").
    pub created_via: String,
    /// WooCommerce version that last updated the order.
    pub version: String,
    /// Status without the `wc-` prefix: pending, processing, on-hold, completed, cancelled,
    /// refunded, failed or trash.
    pub status: String,
    /// ISO currency code.
    pub currency: String,
    /// Creation instant (UTC Unix seconds); rendered as `date_created` and `date_created_gmt`.
    pub date_created_gmt: i64,
    /// Last modification (UTC Unix seconds); rendered as `date_modified(_gmt)`.
    pub date_modified_gmt: i64,
    /// Total discount.
    pub discount_total: String,
    /// Total discount tax.
    pub discount_tax: String,
    /// Total shipping.
    pub shipping_total: String,
    /// Shipping tax.
    pub shipping_tax: String,
    /// Sum of line item taxes.
    pub cart_tax: String,
    /// Grand total.
    pub total: String,
    /// Sum of all taxes.
    pub total_tax: String,
    /// Whether prices included tax at checkout.
    pub prices_include_tax: bool,
    /// Customer (user) ID; 0 for guests.
    pub customer_id: u64,
    /// Customer IP.
    pub customer_ip_address: String,
    /// Customer user agent.
    pub customer_user_agent: String,
    /// Customer note.
    pub customer_note: String,
    /// Billing address (with email).
    pub billing: Billing,
    /// Shipping address.
    pub shipping: Shipping,
    /// Payment method ID.
    pub payment_method: String,
    /// Payment method title.
    pub payment_method_title: String,
    /// Gateway transaction ID.
    pub transaction_id: String,
    /// Paid instant (UTC), if paid.
    pub date_paid_gmt: Option<i64>,
    /// Completed instant (UTC), if completed.
    pub date_completed_gmt: Option<i64>,
    /// Cart hash.
    pub cart_hash: String,
    /// Meta data.
    pub meta_data: Vec<MetaData>,
    /// Line items.
    pub line_items: Vec<LineItem>,
    /// Tax lines.
    pub tax_lines: Vec<TaxLine>,
    /// Shipping lines.
    pub shipping_lines: Vec<ShippingLine>,
    /// Fee lines.
    pub fee_lines: Vec<FeeLine>,
    /// Coupon lines.
    pub coupon_lines: Vec<CouponLine>,
}

impl Order {
    /// The WordPress post title of the order ("Order &ndash; March 22, 2017 @ 04:28 PM", site
    /// time), which is what `orderby=title` sorts by.
    pub fn post_title(&self, offset: i32) -> String {
        let t = chrono::DateTime::from_timestamp(self.date_created_gmt + i64::from(offset), 0)
            .unwrap_or_default()
            .naive_utc();
        format!("Order &ndash; {}", t.format("%B %-d, %Y @ %I:%M %p"))
    }

    /// Renders the documented order JSON. `refunds` is the order's refund summary source,
    /// `base` the site URL used in `_links`.
    pub fn to_json(&self, refunds: &[Refund], offset: i32, base: &str, rest: &RestUrls) -> Value {
        let mut refs: Vec<&Refund> = refunds.iter().collect();
        refs.sort_by(|a, b| {
            b.date_created_gmt
                .cmp(&a.date_created_gmt)
                .then(b.id.cmp(&a.id))
        });
        let refunds_json: Vec<Value> = refs
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "reason": r.reason,
                    "total": cents_to_money(-money_to_cents(&r.amount)),
                })
            })
            .collect();
        let mut links = json!({
            "self": [{"href": rest.url(base, &format!("/wc/v3/orders/{}", self.id))}],
            "collection": [{"href": rest.url(base, "/wc/v3/orders")}],
        });
        if self.customer_id > 0 {
            links["customer"] = json!([{"href": rest.url(base, &format!("/wc/v3/customers/{}", self.customer_id))}]);
        }
        json!({
            "id": self.id,
            "parent_id": self.parent_id,
            "number": self.number,
            "order_key": self.order_key,
            "created_via": self.created_via,
            "version": self.version,
            "status": self.status,
            "currency": self.currency,
            "date_created": format_wc_date(self.date_created_gmt, offset),
            "date_created_gmt": format_wc_date(self.date_created_gmt, 0),
            "date_modified": format_wc_date(self.date_modified_gmt, offset),
            "date_modified_gmt": format_wc_date(self.date_modified_gmt, 0),
            "discount_total": self.discount_total,
            "discount_tax": self.discount_tax,
            "shipping_total": self.shipping_total,
            "shipping_tax": self.shipping_tax,
            "cart_tax": self.cart_tax,
            "total": self.total,
            "total_tax": self.total_tax,
            "prices_include_tax": self.prices_include_tax,
            "customer_id": self.customer_id,
            "customer_ip_address": self.customer_ip_address,
            "customer_user_agent": self.customer_user_agent,
            "customer_note": self.customer_note,
            "billing": self.billing,
            "shipping": self.shipping,
            "payment_method": self.payment_method,
            "payment_method_title": self.payment_method_title,
            "transaction_id": self.transaction_id,
            "date_paid": opt_date(self.date_paid_gmt, offset),
            "date_paid_gmt": opt_date(self.date_paid_gmt, 0),
            "date_completed": opt_date(self.date_completed_gmt, offset),
            "date_completed_gmt": opt_date(self.date_completed_gmt, 0),
            "cart_hash": self.cart_hash,
            "meta_data": self.meta_data,
            "line_items": self.line_items,
            "tax_lines": self.tax_lines,
            "shipping_lines": self.shipping_lines,
            "fee_lines": self.fee_lines,
            "coupon_lines": self.coupon_lines,
            "refunds": refunds_json,
            "_links": links,
        })
    }
}

/// An order refund (`/orders/{id}/refunds` resource).
#[derive(Debug, Clone, PartialEq)]
pub struct Refund {
    /// Refund ID (post ID, same ID space as orders).
    pub id: u64,
    /// The refunded order.
    pub order_id: u64,
    /// Creation instant (UTC Unix seconds).
    pub date_created_gmt: i64,
    /// Refund amount, positive string ("10.00").
    pub amount: String,
    /// Reason ("" allowed).
    pub reason: String,
    /// User ID of who refunded.
    pub refunded_by: u64,
    /// Whether the gateway refunded the payment.
    pub refunded_payment: bool,
    /// Meta data.
    pub meta_data: Vec<MetaData>,
    /// Refunded lines: negative quantity/subtotal/total/price and `_refunded_item_id` meta.
    pub line_items: Vec<LineItem>,
}

impl Refund {
    /// Renders the documented refund JSON.
    pub fn to_json(&self, offset: i32, base: &str, rest: &RestUrls) -> Value {
        json!({
            "id": self.id,
            "date_created": format_wc_date(self.date_created_gmt, offset),
            "date_created_gmt": format_wc_date(self.date_created_gmt, 0),
            "amount": self.amount,
            "reason": self.reason,
            "refunded_by": self.refunded_by,
            "refunded_payment": self.refunded_payment,
            "meta_data": self.meta_data,
            "line_items": self.line_items,
            "_links": {
                "self": [{"href": rest.url(base, &format!("/wc/v3/orders/{}/refunds/{}", self.order_id, self.id))}],
                "collection": [{"href": rest.url(base, &format!("/wc/v3/orders/{}/refunds", self.order_id))}],
                "up": [{"href": rest.url(base, &format!("/wc/v3/orders/{}", self.order_id))}],
            },
        })
    }
}

/// A registered customer (WordPress user, `/customers` resource).
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    /// User ID.
    pub id: u64,
    /// Registration instant (UTC Unix seconds).
    pub date_created_gmt: i64,
    /// Last modification (UTC Unix seconds).
    pub date_modified_gmt: i64,
    /// Account email.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Role: "customer", "administrator", "shop_manager", "subscriber", …
    pub role: String,
    /// Login name.
    pub username: String,
    /// Billing address.
    pub billing: Billing,
    /// Shipping address.
    pub shipping: Shipping,
    /// Has the customer paid for an order?
    pub is_paying_customer: bool,
    /// Avatar URL.
    pub avatar_url: String,
    /// Meta data.
    pub meta_data: Vec<MetaData>,
}

impl Customer {
    /// WordPress display name, which `orderby=name` sorts by.
    pub fn display_name(&self) -> String {
        let full = format!("{} {}", self.first_name, self.last_name);
        let full = full.trim();
        if full.is_empty() {
            self.username.clone()
        } else {
            full.to_string()
        }
    }

    /// Renders the documented customer JSON.
    pub fn to_json(&self, offset: i32, base: &str, rest: &RestUrls) -> Value {
        json!({
            "id": self.id,
            "date_created": format_wc_date(self.date_created_gmt, offset),
            "date_created_gmt": format_wc_date(self.date_created_gmt, 0),
            "date_modified": format_wc_date(self.date_modified_gmt, offset),
            "date_modified_gmt": format_wc_date(self.date_modified_gmt, 0),
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "role": self.role,
            "username": self.username,
            "billing": self.billing,
            "shipping": self.shipping,
            "is_paying_customer": self.is_paying_customer,
            "avatar_url": self.avatar_url,
            "meta_data": self.meta_data,
            "_links": {
                "self": [{"href": rest.url(base, &format!("/wc/v3/customers/{}", self.id))}],
                "collection": [{"href": rest.url(base, "/wc/v3/customers")}],
            },
        })
    }
}

/// A product (`/products` resource), reduced to the fields a sales connector uses plus the
/// documented scalar fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// Product ID (post ID).
    pub id: u64,
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Creation instant (UTC).
    pub date_created_gmt: i64,
    /// Last modification (UTC).
    pub date_modified_gmt: i64,
    /// `simple`, `variable`, `grouped` or `external`.
    pub r#type: String,
    /// `publish`, `draft`, `pending`, `private`.
    pub status: String,
    /// SKU.
    pub sku: String,
    /// Current price (string money).
    pub price: String,
    /// Regular price (string money).
    pub regular_price: String,
    /// Sale price ("" when not on sale).
    pub sale_price: String,
    /// Total sales count.
    pub total_sales: i64,
    /// Category names (rendered as `{id, name, slug}` objects).
    pub categories: Vec<String>,
}

impl Product {
    /// Renders the documented product JSON (all documented top-level fields present).
    pub fn to_json(&self, offset: i32, base: &str, rest: &RestUrls) -> Value {
        let cats: Vec<Value> = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| json!({"id": 9 + i as u64, "name": c, "slug": slugify(c)}))
            .collect();
        json!({
            "id": self.id,
            "name": self.name,
            "slug": self.slug,
            "permalink": format!("{base}/product/{}/", self.slug),
            "date_created": format_wc_date(self.date_created_gmt, offset),
            "date_created_gmt": format_wc_date(self.date_created_gmt, 0),
            "date_modified": format_wc_date(self.date_modified_gmt, offset),
            "date_modified_gmt": format_wc_date(self.date_modified_gmt, 0),
            "type": self.r#type,
            "status": self.status,
            "featured": false,
            "catalog_visibility": "visible",
            "description": "",
            "short_description": "",
            "sku": self.sku,
            "price": self.price,
            "regular_price": self.regular_price,
            "sale_price": self.sale_price,
            "date_on_sale_from": null,
            "date_on_sale_from_gmt": null,
            "date_on_sale_to": null,
            "date_on_sale_to_gmt": null,
            "price_html": "",
            "on_sale": !self.sale_price.is_empty(),
            "purchasable": true,
            "total_sales": self.total_sales,
            "virtual": false,
            "downloadable": false,
            "downloads": [],
            "download_limit": -1,
            "download_expiry": -1,
            "external_url": "",
            "button_text": "",
            "tax_status": "taxable",
            "tax_class": "",
            "manage_stock": false,
            "stock_quantity": null,
            "stock_status": "instock",
            "backorders": "no",
            "backorders_allowed": false,
            "backordered": false,
            "sold_individually": false,
            "weight": "",
            "dimensions": {"length": "", "width": "", "height": ""},
            "shipping_required": true,
            "shipping_taxable": true,
            "shipping_class": "",
            "shipping_class_id": 0,
            "reviews_allowed": true,
            "average_rating": "0.00",
            "rating_count": 0,
            "related_ids": [],
            "upsell_ids": [],
            "cross_sell_ids": [],
            "parent_id": 0,
            "purchase_note": "",
            "categories": cats,
            "tags": [],
            "images": [],
            "attributes": [],
            "default_attributes": [],
            "variations": [],
            "grouped_products": [],
            "menu_order": 0,
            "meta_data": [],
            "_links": {
                "self": [{"href": rest.url(base, &format!("/wc/v3/products/{}", self.id))}],
                "collection": [{"href": rest.url(base, "/wc/v3/products")}],
            },
        })
    }
}

/// Lower-case, dash-separated slug of a name.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// How REST URLs are spelled on this site: `/wp-json/<route>` with pretty permalinks, or
/// `/?rest_route=<route>` without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestUrls {
    /// Whether pretty permalinks are on.
    pub pretty: bool,
}

impl RestUrls {
    /// The absolute URL of a REST route (e.g. "/wc/v3/orders") on site `base`.
    pub fn url(&self, base: &str, route: &str) -> String {
        if self.pretty {
            format!("{base}/wp-json{route}")
        } else {
            format!("{base}/?rest_route={route}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_round_trip() {
        assert_eq!(money_to_cents("10.00"), 1000);
        assert_eq!(money_to_cents("-5.5"), -550);
        assert_eq!(money_to_cents("0.001"), 0);
        assert_eq!(money_to_cents("0.005"), 1);
        assert_eq!(cents_to_money(-500), "-5.00");
        assert_eq!(cents_to_money(7), "0.07");
    }

    #[test]
    fn dates_render_local_and_gmt() {
        // 2017-03-22T19:28:02Z, site at UTC-3 (the docs' example).
        let t = 1_490_210_882;
        assert_eq!(format_wc_date(t, 0), "2017-03-22T19:28:02");
        assert_eq!(format_wc_date(t, -3 * 3600), "2017-03-22T16:28:02");
    }
}
