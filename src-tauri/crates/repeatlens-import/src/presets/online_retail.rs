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

use std::collections::{HashMap, HashSet};

use repeatlens_store::{
    CustomerRecord, LineRecord, OrderRecord, ProductRecord, RefundLineRecord, RefundRecord,
};

use super::{missing, total_from_lines, Assembler};
use crate::table::{Col, Header, Row, RowError};
use crate::values::{
    line_total_minor, parse_datetime, parse_micros, parse_quantity, DATE_EXPECTED, MONEY_EXPECTED,
};
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
            out: Assembler::default(),
            returns: Vec::new(),
            return_index: HashMap::new(),
            last_date: None,
        })
    }
}

/// "17850.0" (as some copies of the data write it) and "17850" are the same customer.
fn customer_id(s: &str) -> String {
    s.strip_suffix(".0").unwrap_or(s).to_string()
}

impl Parser for OnlineRetail {
    fn row(&mut self, row: &Row<'_>) -> Result<(), RowError> {
        let invoice = row.require(&self.invoice, "an invoice number")?;
        let quantity = row.parse_required(&self.quantity, "a whole number", parse_quantity)?;
        let price = row.parse_required(&self.price, MONEY_EXPECTED, parse_micros)?;
        let (tz, order) = (self.ctx.tz, self.ctx.date_order);
        // All lines of an invoice share its date: parse each distinct date once.
        let raw_date = row.require(&self.date, DATE_EXPECTED)?;
        let at = match &self.last_date {
            Some((d, t)) if d == raw_date => *t,
            _ => {
                let t = parse_datetime(raw_date, order, tz)
                    .ok_or_else(|| row.error(&self.date, raw_date, DATE_EXPECTED))?;
                self.last_date = Some((raw_date.to_string(), t));
                t
            }
        };
        let sku = row.get_string(&self.sku);
        let title = row.get_string(&self.description);
        let customer = row.get(&self.customer).map(customer_id);
        let country = row.get_string(&self.country);
        if let Some(c) = customer.as_deref().filter(|c| !self.out.has_customer(c)) {
            self.out.customer(CustomerRecord {
                platform_id: c.to_string(),
                country: country.clone(),
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
        if invoice.starts_with('C') {
            let i = match self.return_index.get(invoice) {
                Some(&i) => i,
                None => {
                    self.returns.push(RefundRecord {
                        platform_id: invoice.to_string(),
                        customer: customer.clone(),
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
            let amount = -line_total_minor(quantity, price, currency);
            r.amount_minor += amount;
            r.lines.push(RefundLineRecord {
                sku,
                title,
                quantity: -quantity,
                amount_minor: amount,
            });
            return Ok(());
        }
        let o = self.out.order(invoice, || OrderRecord {
            platform_id: invoice.to_string(),
            name: Some(invoice.to_string()),
            customer: customer.clone(),
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
            ship_country: country.clone(),
            ..Default::default()
        });
        o.lines.push(LineRecord {
            product_id: sku.clone(),
            sku,
            title,
            quantity,
            unit_price_micros: price,
            line_total_minor: line_total_minor(quantity, price, currency),
            ..Default::default()
        });
        Ok(())
    }

    fn finish(self: Box<Self>) -> Batch {
        let mut this = *self;
        for o in &mut this.out.orders {
            total_from_lines(o);
        }
        link_returns(&this.out.orders, &mut this.returns);
        let mut batch = this.out.into_batch();
        batch.refunds = this.returns;
        batch
    }
}

/// Links each return to the customer's latest order at or before it that contains a returned
/// stock code.
fn link_returns(orders: &[OrderRecord], returns: &mut [RefundRecord]) {
    let wanted: HashSet<(&str, &str)> = returns
        .iter()
        .filter_map(|r| Some((r.customer.as_deref()?, r)))
        .flat_map(|(c, r)| {
            r.lines
                .iter()
                .filter_map(move |l| Some((c, l.sku.as_deref()?)))
        })
        .collect();
    let mut bought: HashMap<(&str, &str), Vec<(i64, &str)>> = HashMap::new();
    for o in orders {
        let Some(c) = o.customer.as_deref() else {
            continue;
        };
        for l in &o.lines {
            if let Some(s) = l.sku.as_deref() {
                if l.quantity > 0 && wanted.contains(&(c, s)) {
                    bought
                        .entry((c, s))
                        .or_default()
                        .push((o.created_at, &o.platform_id));
                }
            }
        }
    }
    for r in returns.iter_mut() {
        let Some(c) = r.customer.as_deref() else {
            continue;
        };
        let found = r.lines.iter().find_map(|l| {
            let list = bought.get(&(c, l.sku.as_deref()?))?;
            list.iter()
                .filter(|(t, _)| *t <= r.created_at)
                .max_by_key(|(t, _)| *t)
                .map(|(_, id)| id.to_string())
        });
        r.order = found;
    }
}
