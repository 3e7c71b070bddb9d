//! Amazon's "All Orders" flat-file report (tab-separated; `docs/definitions.md#amazon-all-orders`).
//! It has no buyer identity at all (no email, no name), so every order is a guest order: Amazon
//! revenue counts, Amazon customers cannot be told apart.

use repeatlens_store::{LineRecord, OrderRecord, ProductRecord};

use super::missing;
use crate::assemble::Assembler;
use crate::error::Expected;
use crate::table::{Col, Header, Row, RowError};
use crate::values::{currency_code, micros_to_minor, parse_datetime, parse_micros, parse_quantity};
use crate::{Batch, Ctx, ImportError, Parser};

pub const COLUMNS: &[(&str, &[&str])] = &[
    ("order", &["amazon-order-id"]),
    ("date", &["purchase-date"]),
    ("updated_at", &["last-updated-date"]),
    ("status", &["order-status"]),
    ("product", &["product-name"]),
    ("sku", &["sku"]),
    ("asin", &["asin"]),
    ("quantity", &["quantity"]),
    ("currency", &["currency"]),
    ("amount", &["item-price"]),
    ("item_tax", &["item-tax"]),
    ("shipping", &["shipping-price"]),
    ("shipping_tax", &["shipping-tax"]),
    ("gift_wrap", &["gift-wrap-price"]),
    ("gift_wrap_tax", &["gift-wrap-tax"]),
    ("item_discount", &["item-promotion-discount"]),
    ("ship_discount", &["ship-promotion-discount"]),
    ("country", &["ship-country"]),
    ("promotions", &["promotion-ids"]),
    ("channel", &["sales-channel"]),
];

pub struct AllOrders {
    ctx: Ctx,
    c: Vec<Option<Col>>,
    out: Assembler,
}

impl AllOrders {
    pub fn new(h: &Header, ctx: &Ctx, file: &str) -> Result<Self, ImportError> {
        let c: Vec<Option<Col>> = COLUMNS.iter().map(|(_, n)| h.find(n)).collect();
        for i in [0, 1, 7] {
            if c[i].is_none() {
                return Err(missing(file, COLUMNS[i].0, COLUMNS[i].1));
            }
        }
        Ok(AllOrders {
            ctx: ctx.clone(),
            c,
            out: Assembler::new(ctx.streaming),
        })
    }
}

impl Parser for AllOrders {
    fn row(&mut self, row: &Row<'_>) -> Result<(), RowError> {
        let c = &self.c;
        let id = row.require(&c[0], Expected::AmazonOrderId)?;
        let (tz, fmt) = (self.ctx.tz, self.ctx.date_order);
        let created = row.parse_required(&c[1], Expected::Date, |v| parse_datetime(v, fmt, tz))?;
        let updated = row.parse(&c[2], Expected::Date, |v| parse_datetime(v, fmt, tz))?;
        let status = row.get_string(&c[3]);
        let currency = match row.get(&c[8]) {
            Some(v) => {
                currency_code(v).ok_or_else(|| row.error(&c[8], v, Expected::CurrencyCode))?
            }
            // Pending orders have no prices yet, and no currency.
            None => self.ctx.currency.clone().unwrap_or_else(|| "USD".into()),
        };
        let money = |i: usize| -> Result<i64, RowError> {
            Ok(row
                .parse(&c[i], Expected::Amount, parse_micros)?
                .map_or(0, |m| micros_to_minor(i128::from(m), &currency)))
        };
        let quantity = row.parse_required(&c[7], Expected::WholeNumber, parse_quantity)?;
        // item-price is the price of all units of the line.
        let line_total = money(9)?;
        let tax = money(10)? + money(12)? + money(14)?;
        let shipping = money(11)? + money(13)?;
        let discount = money(15)?.abs() + money(16)?.abs();
        let cancelled = status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("cancelled"));
        let country = row.get_string(&c[17]);
        let promotions = row.get_string(&c[18]);
        let o = self.out.order(id, || OrderRecord {
            platform_id: id.to_string(),
            name: Some(id.to_string()),
            created_at: created,
            updated_at: updated,
            cancelled_at: if cancelled {
                updated.or(Some(created))
            } else {
                None
            },
            currency: currency.clone(),
            status: status.clone(),
            ship_country: country,
            discount_codes: promotions,
            ..Default::default()
        });
        let sku = row.get_string(&c[5]);
        let title = row.get_string(&c[4]);
        let asin = row.get_string(&c[6]);
        o.lines.push(LineRecord {
            product_id: asin.clone().or_else(|| sku.clone()),
            sku: sku.clone(),
            title: title.clone(),
            quantity,
            unit_price_micros: if quantity != 0 {
                // Back from minor units to millionths per unit.
                (i128::from(line_total) * i128::from(repeatlens_money::micros_per_minor(&currency))
                    / i128::from(quantity)) as i64
            } else {
                0
            },
            line_total_minor: line_total,
            discount_minor: discount,
            ..Default::default()
        });
        o.subtotal_minor += line_total;
        o.tax_minor += tax;
        o.shipping_minor += shipping;
        o.discount_minor += discount;
        o.total_minor = o.subtotal_minor + o.tax_minor + o.shipping_minor - o.discount_minor;
        if let Some(pid) = asin.or_else(|| sku.clone()) {
            self.out.product(ProductRecord {
                platform_id: pid,
                sku,
                title,
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
        self.out.into_batch()
    }
}
