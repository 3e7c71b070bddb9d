//! UCI Online Retail (Chen, Sain & Guo 2012): one row per invoice line.
//!
//! How the data is modelled (also stated in the README):
//! - an invoice whose number starts with `C` is a return/cancellation of earlier purchases: it
//!   becomes a `return` (refunds table) with positive quantities and amount, linked to the
//!   customer and to their latest earlier order containing the returned stock code;
//! - every other invoice is an order; its lines are kept as they are, including lines with a
//!   negative quantity (stock adjustments without a `C`), zero price (free or mis-keyed items)
//!   and the three `A` "Adjust bad debt" invoices (negative price). The order total is the sum
//!   of its lines, so such orders may total zero or less; analysis counts as purchases only
//!   orders with a positive total;
//! - a blank CustomerID is a guest: the invoice is kept for revenue, without a customer.

use std::collections::HashMap;

use repeatlens_store::{
    CustomerRecord, LineRecord, OrderRecord, ProductRecord, RefundLineRecord, RefundRecord,
};

use super::missing;
use crate::assemble::{add_line_total, Assembler};
use crate::error::Expected;
use crate::table::{Col, Header, Row, RowError};
use crate::values::{line_total_minor, parse_datetime, parse_micros, parse_quantity};
use crate::{Batch, Ctx, ImportError, Parser};

pub const COLUMNS: &[(&str, &[&str])] = &[
    ("order", &["InvoiceNo", "Invoice"]),
    ("sku", &["StockCode"]),
    ("product", &["Description"]),
    ("quantity", &["Quantity"]),
    ("date", &["InvoiceDate"]),
    ("unit_price", &["UnitPrice", "Price"]),
    ("customer", &["CustomerID", "Customer ID"]),
    ("country", &["Country"]),
];

pub struct OnlineRetail {
    ctx: Ctx,
    currency: String,
    invoice: Option<Col>,
    sku: Option<Col>,
    description: Option<Col>,
    quantity: Option<Col>,
    date: Option<Col>,
    price: Option<Col>,
    customer: Option<Col>,
    country: Option<Col>,
    out: Assembler,
    returns: Vec<RefundRecord>,
    return_index: HashMap<String, usize>,
    last_date: Option<(String, i64)>,
    purchases: PurchaseIndex,
}

/// What linking returns to orders needs, kept compact so that orders can be handed to the writer
/// while the file is still being read: one entry per purchased line of an identified customer.
#[derive(Default)]
struct PurchaseIndex {
    customers: HashMap<String, u32>,
    skus: HashMap<String, u32>,
    order_ids: Vec<String>,
    last_order: Option<String>,
    /// (customer, sku, time, order number)
    lines: Vec<(u32, u32, i64, u32)>,
}

impl PurchaseIndex {
    fn intern(map: &mut HashMap<String, u32>, key: &str) -> u32 {
        if let Some(&v) = map.get(key) {
            return v;
        }
        let v = map.len() as u32;
        map.insert(key.to_string(), v);
        v
    }

    fn add(&mut self, customer: &str, sku: &str, at: i64, order: &str) {
        if self.last_order.as_deref() != Some(order) {
            self.order_ids.push(order.to_string());
            self.last_order = Some(order.to_string());
        }
        let c = Self::intern(&mut self.customers, customer);
        let s = Self::intern(&mut self.skus, sku);
        self.lines.push((c, s, at, self.order_ids.len() as u32 - 1));
    }

    /// Links each return to the customer's latest order at or before it that contains a
    /// returned stock code (the first returned line that has such an order decides).
    fn link(mut self, returns: &mut [RefundRecord]) {
        self.lines.sort_unstable();
        for r in returns.iter_mut() {
            let Some(&c) = r.customer.as_deref().and_then(|c| self.customers.get(c)) else {
                continue;
            };
            let found = r.lines.iter().find_map(|l| {
                let s = *self.skus.get(l.sku.as_deref()?)?;
                // Entries of (c, s) at or before the return, sorted by time: take the last.
                let end = self
                    .lines
                    .partition_point(|&(lc, ls, t, _)| (lc, ls, t) <= (c, s, r.created_at));
                let (lc, ls, _, order) = *self.lines.get(end.checked_sub(1)?)?;
                (lc == c && ls == s).then(|| self.order_ids[order as usize].clone())
            });
            r.order = found;
        }
    }
}

impl OnlineRetail {
    pub fn new(h: &Header, ctx: &Ctx, file: &str) -> Result<Self, ImportError> {
        let col = |i: usize| -> Result<Option<Col>, ImportError> {
            let (what, names) = COLUMNS[i];
            h.find(names)
                .map(Some)
                .ok_or_else(|| missing(file, what, names))
        };
        Ok(OnlineRetail {
            currency: ctx.currency.clone().unwrap_or_else(|| "GBP".into()),
            ctx: ctx.clone(),
            invoice: col(0)?,
            sku: col(1)?,
            description: h.find(COLUMNS[2].1),
            quantity: col(3)?,
            date: col(4)?,
            price: col(5)?,
            customer: h.find(COLUMNS[6].1),
            country: h.find(COLUMNS[7].1),
            out: Assembler::new(ctx.streaming),
            returns: Vec::new(),
            return_index: HashMap::new(),
            last_date: None,
            purchases: PurchaseIndex::default(),
        })
    }
}

/// "17850.0" (as some copies of the data write it) and "17850" are the same customer.
fn customer_id(s: &str) -> &str {
    s.strip_suffix(".0").unwrap_or(s)
}

impl Parser for OnlineRetail {
    fn row(&mut self, row: &Row<'_>) -> Result<(), RowError> {
        let invoice = row.require(&self.invoice, Expected::InvoiceNumber)?;
        let quantity = row.parse_required(&self.quantity, Expected::WholeNumber, parse_quantity)?;
        let price = row.parse_required(&self.price, Expected::Amount, parse_micros)?;
        let (tz, order) = (self.ctx.tz, self.ctx.date_order);
        // All lines of an invoice share its date: parse each distinct date once.
        let raw_date = row.require(&self.date, Expected::Date)?;
        let at = match &self.last_date {
            Some((d, t)) if d == raw_date => *t,
            _ => {
                let t = parse_datetime(raw_date, order, tz)
                    .ok_or_else(|| row.error(&self.date, raw_date, Expected::Date))?;
                self.last_date = Some((raw_date.to_string(), t));
                t
            }
        };
        let sku = row.get_string(&self.sku);
        let title = row.get_string(&self.description);
        let customer = row.get(&self.customer).map(customer_id);
        let country = row.get(&self.country);
        if let Some(c) = customer.filter(|c| !self.out.has_customer(c)) {
            self.out.customer(CustomerRecord {
                platform_id: c.to_string(),
                country: country.map(str::to_string),
                ..Default::default()
            });
        }
        if let Some(s) = sku.as_deref().filter(|s| !self.out.has_product(s)) {
            self.out.product(ProductRecord {
                platform_id: s.to_string(),
                sku: Some(s.to_string()),
                title: title.clone(),
                ..Default::default()
            });
        }
        let currency = &self.currency;
        let total = line_total_minor(quantity, price, currency);
        if invoice.starts_with('C') {
            let i = match self.return_index.get(invoice) {
                Some(&i) => i,
                None => {
                    self.returns.push(RefundRecord {
                        platform_id: invoice.to_string(),
                        customer: customer.map(str::to_string),
                        kind: "return".into(),
                        created_at: at,
                        currency: currency.clone(),
                        ..Default::default()
                    });
                    self.return_index
                        .insert(invoice.to_string(), self.returns.len() - 1);
                    self.returns.len() - 1
                }
            };
            let r = &mut self.returns[i];
            r.amount_minor -= total;
            r.lines.push(RefundLineRecord {
                sku,
                title,
                quantity: -quantity,
                amount_minor: -total,
            });
            return Ok(());
        }
        if let (Some(c), Some(s)) = (customer, sku.as_deref()) {
            if quantity > 0 {
                self.purchases.add(c, s, at, invoice);
            }
        }
        let o = self.out.order(invoice, || OrderRecord {
            platform_id: invoice.to_string(),
            name: Some(invoice.to_string()),
            customer: customer.map(str::to_string),
            created_at: at,
            currency: currency.clone(),
            status: Some(
                if invoice.starts_with('A') {
                    "adjustment"
                } else {
                    "completed"
                }
                .into(),
            ),
            ship_country: country.map(str::to_string),
            ..Default::default()
        });
        add_line_total(o, total);
        // The data has stock codes only: no separate product id.
        o.lines.push(LineRecord {
            sku,
            title,
            quantity,
            unit_price_micros: price,
            line_total_minor: total,
            ..Default::default()
        });
        Ok(())
    }

    fn drain(&mut self, out: &mut Batch) {
        self.out.drain(out);
    }

    fn broken(&self) -> bool {
        self.out.broken()
    }

    fn finish(self: Box<Self>) -> Batch {
        let mut this = *self;
        this.purchases.link(&mut this.returns);
        let mut batch = this.out.into_batch();
        batch.refunds = this.returns;
        batch
    }
}
