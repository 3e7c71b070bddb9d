//! Shopify's admin CSV exports (`docs/definitions.md#shopify-exports`).
//!
//! Orders: one row per line item; the first row of an order carries the order fields and the
//! continuation rows leave them blank. There is no customer id column, so the customer key is
//! the normalized email (which also merges with the customers export). Columns are found by
//! header name; missing or extra columns are fine.

use repeatlens_store::{
    normalize_email, CustomerRecord, LineRecord, OrderRecord, ProductRecord, RefundRecord,
};

use super::{missing, parse_bool};
use crate::assemble::Assembler;
use crate::error::Expected;
use crate::table::{Col, Header, Row, RowError};
use crate::values::{
    currency_code, line_total_minor, micros_to_minor, parse_datetime, parse_micros, parse_quantity,
};
use crate::{Batch, Ctx, ImportError, Parser};

pub const ORDER_COLUMNS: &[(&str, &[&str])] = &[
    ("order", &["Name"]),
    ("order_id", &["Id"]),
    ("email", &["Email"]),
    ("date", &["Created at"]),
    ("financial_status", &["Financial Status"]),
    ("fulfillment_status", &["Fulfillment Status"]),
    ("fulfilled_at", &["Fulfilled at", "Fulfillment Date"]),
    (
        "accepts_marketing",
        &["Accepts Marketing", "Accepts Email Marketing"],
    ),
    ("currency", &["Currency"]),
    ("subtotal", &["Subtotal"]),
    ("shipping", &["Shipping"]),
    ("tax", &["Taxes"]),
    ("amount", &["Total"]),
    ("discount_code", &["Discount Code"]),
    ("discount", &["Discount Amount"]),
    ("quantity", &["Lineitem quantity"]),
    ("product", &["Lineitem name"]),
    ("unit_price", &["Lineitem price"]),
    ("sku", &["Lineitem sku"]),
    ("line_discount", &["Lineitem discount"]),
    ("billing_name", &["Billing Name"]),
    ("country", &["Shipping Country"]),
    ("billing_country", &["Billing Country"]),
    ("phone", &["Phone", "Billing Phone"]),
    ("cancelled_at", &["Cancelled at"]),
    ("refunded", &["Refunded Amount"]),
    ("vendor", &["Vendor"]),
    ("tags", &["Tags"]),
];

fn col(h: &Header, field: &str) -> Option<Col> {
    ORDER_COLUMNS
        .iter()
        .find(|(f, _)| *f == field)
        .and_then(|(_, names)| h.find(names))
}

pub struct Orders {
    ctx: Ctx,
    c: std::collections::HashMap<&'static str, Option<Col>>,
    out: Assembler,
    refunds: Vec<RefundRecord>,
}

impl Orders {
    pub fn new(h: &Header, ctx: &Ctx, file: &str) -> Result<Self, ImportError> {
        let c: std::collections::HashMap<&'static str, Option<Col>> =
            ORDER_COLUMNS.iter().map(|(f, _)| (*f, col(h, f))).collect();
        for required in ["order", "date", "quantity", "unit_price"] {
            if c[required].is_none() {
                let names = ORDER_COLUMNS
                    .iter()
                    .find(|(f, _)| *f == required)
                    .unwrap()
                    .1;
                return Err(missing(file, required, names));
            }
        }
        if c["currency"].is_none() && ctx.currency.is_none() {
            return Err(ImportError::NoCurrencyColumn {
                file: file.into(),
                column: Some("Currency".into()),
            });
        }
        Ok(Orders {
            ctx: ctx.clone(),
            c,
            out: Assembler::new(ctx.streaming),
            refunds: Vec::new(),
        })
    }
}

impl Parser for Orders {
    fn row(&mut self, row: &Row<'_>) -> Result<(), RowError> {
        let c = &self.c;
        let name = row.require(&c["order"], Expected::OrderName)?;
        let (tz, order_fmt) = (self.ctx.tz, self.ctx.date_order);
        let date = |col: &Option<Col>| {
            row.parse(col, Expected::Date, |v| parse_datetime(v, order_fmt, tz))
        };
        if !self.out.has_order(name) {
            // The first row of an order: the order-level fields.
            let currency = match row.get(&c["currency"]) {
                Some(v) => currency_code(v)
                    .ok_or_else(|| row.error(&c["currency"], v, Expected::CurrencyCode))?,
                None => self.ctx.currency.clone().unwrap_or_default(),
            };
            let money = |col: &Option<Col>| -> Result<i64, RowError> {
                Ok(row
                    .parse(col, Expected::Amount, parse_micros)?
                    .map_or(0, |m| micros_to_minor(i128::from(m), &currency)))
            };
            let created_at =
                date(&c["date"])?.ok_or_else(|| row.error(&c["date"], "", Expected::Date))?;
            let email = row.get_string(&c["email"]);
            let customer = email.as_deref().and_then(normalize_email);
            if let Some(key) = &customer {
                let (first, last) = split_name(row.get(&c["billing_name"]));
                self.out.customer(CustomerRecord {
                    platform_id: key.clone(),
                    email: email.clone(),
                    first_name: first,
                    last_name: last,
                    phone: row.get_string(&c["phone"]),
                    country: row
                        .get_string(&c["billing_country"])
                        .or_else(|| row.get_string(&c["country"])),
                    accepts_marketing: row.get(&c["accepts_marketing"]).and_then(parse_bool),
                    ..Default::default()
                });
            }
            let refunded = money(&c["refunded"])?;
            let platform_id = row
                .get_string(&c["order_id"])
                .unwrap_or_else(|| name.to_string());
            let order = OrderRecord {
                platform_id: platform_id.clone(),
                name: Some(name.to_string()),
                customer,
                email,
                created_at,
                cancelled_at: date(&c["cancelled_at"])?,
                fulfilled_at: date(&c["fulfilled_at"])?,
                subtotal_minor: money(&c["subtotal"])?,
                discount_minor: money(&c["discount"])?.abs(),
                shipping_minor: money(&c["shipping"])?,
                tax_minor: money(&c["tax"])?,
                total_minor: money(&c["amount"])?,
                refunded_minor: refunded,
                status: row.get_string(&c["financial_status"]),
                financial_status: row.get_string(&c["financial_status"]),
                fulfillment_status: row.get_string(&c["fulfillment_status"]),
                ship_country: row
                    .get_string(&c["country"])
                    .or_else(|| row.get_string(&c["billing_country"])),
                discount_codes: row.get_string(&c["discount_code"]),
                currency: currency.clone(),
                ..Default::default()
            };
            if refunded > 0 {
                // The export has the refunded amount but not its date: it is recorded on the
                // order date. A linked store's sync brings the real refund dates.
                self.refunds.push(RefundRecord {
                    platform_id: format!("{platform_id}/refund"),
                    order: Some(platform_id.clone()),
                    customer: order.customer.clone(),
                    kind: "refund".into(),
                    created_at,
                    currency: currency.clone(),
                    amount_minor: refunded,
                    reason: Some(
                        "Refunded Amount in the Shopify export (date not in the file)".into(),
                    ),
                    ..Default::default()
                });
            }
            self.out.order(name, || order);
        }
        let o = self.out.order(name, OrderRecord::default);
        let currency = o.currency.clone();
        let quantity = row.parse_required(&c["quantity"], Expected::WholeNumber, parse_quantity)?;
        let price = row.parse_required(&c["unit_price"], Expected::Amount, parse_micros)?;
        let discount = row
            .parse(&c["line_discount"], Expected::Amount, parse_micros)?
            .map_or(0, |m| micros_to_minor(i128::from(m), &currency).abs());
        let sku = row.get_string(&c["sku"]);
        let title = row.get_string(&c["product"]);
        o.lines.push(LineRecord {
            product_id: sku.clone().or_else(|| title.clone()),
            sku: sku.clone(),
            title: title.clone(),
            quantity,
            unit_price_micros: price,
            line_total_minor: line_total_minor(quantity, price, &currency),
            discount_minor: discount,
            ..Default::default()
        });
        if let Some(id) = sku.clone().or_else(|| title.clone()) {
            self.out.product(ProductRecord {
                platform_id: id,
                sku,
                title,
                vendor: row.get_string(&c["vendor"]),
                ..Default::default()
            });
        }
        Ok(())
    }

    fn drain(&mut self, out: &mut Batch) {
        self.out.drain(out);
    }

    fn broken(&self) -> bool {
        self.out.broken()
    }

    fn finish(self: Box<Self>) -> Batch {
        let mut batch = self.out.into_batch();
        batch.refunds = self.refunds;
        batch
    }
}

fn split_name(full: Option<&str>) -> (Option<String>, Option<String>) {
    match full.map(str::trim).filter(|s| !s.is_empty()) {
        None => (None, None),
        Some(s) => match s.split_once(' ') {
            Some((f, l)) => (Some(f.to_string()), Some(l.trim().to_string())),
            None => (Some(s.to_string()), None),
        },
    }
}

pub const CUSTOMER_COLUMNS: &[(&str, &[&str])] = &[
    ("customer", &["Customer ID"]),
    ("first_name", &["First Name"]),
    ("last_name", &["Last Name"]),
    ("email", &["Email"]),
    (
        "accepts_marketing",
        &["Accepts Email Marketing", "Accepts Marketing"],
    ),
    ("country", &["Country Code", "Country"]),
    ("phone", &["Phone", "Default Address Phone"]),
    ("total_spent", &["Total Spent"]),
    ("total_orders", &["Total Orders"]),
    ("tags", &["Tags"]),
];

/// The customers export: one row per customer.
pub struct Customers {
    c: Vec<Option<Col>>,
    currency: String,
    out: Assembler,
}

impl Customers {
    pub fn new(h: &Header, ctx: &Ctx, file: &str) -> Result<Self, ImportError> {
        let c: Vec<Option<Col>> = CUSTOMER_COLUMNS.iter().map(|(_, n)| h.find(n)).collect();
        if c[0].is_none() && c[3].is_none() {
            return Err(missing(file, "customer", &["Customer ID", "Email"]));
        }
        let currency = ctx
            .currency
            .clone()
            .ok_or_else(|| ImportError::NoCurrencyForTotals {
                file: file.into(),
                column: "Total Spent".into(),
            })?;
        Ok(Customers {
            c,
            currency,
            out: Assembler::new(false),
        })
    }
}

impl Parser for Customers {
    fn row(&mut self, row: &Row<'_>) -> Result<(), RowError> {
        let c = &self.c;
        let email = row.get_string(&c[3]);
        // Keyed like the orders export (by email) so both files describe the same customer.
        let key = email
            .as_deref()
            .and_then(normalize_email)
            .or_else(|| row.get_string(&c[0]))
            .ok_or_else(|| row.error(&c[3], "", Expected::EmailOrCustomerId))?;
        let total = row.parse(&c[7], Expected::Amount, parse_micros)?;
        let orders = row.parse(&c[8], Expected::WholeNumber, parse_quantity)?;
        self.out.customer(CustomerRecord {
            platform_id: key,
            email,
            first_name: row.get_string(&c[1]),
            last_name: row.get_string(&c[2]),
            accepts_marketing: row.get(&c[4]).and_then(parse_bool),
            country: row.get_string(&c[5]),
            phone: row.get_string(&c[6]),
            total_spent_minor: total.map(|m| micros_to_minor(i128::from(m), &self.currency)),
            orders_count: orders,
            tags: row.get_string(&c[9]),
            ..Default::default()
        });
        Ok(())
    }

    fn finish(self: Box<Self>) -> Batch {
        self.out.into_batch()
    }
}
