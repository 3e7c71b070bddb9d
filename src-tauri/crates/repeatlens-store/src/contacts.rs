//! Read side for target-list exports: a store's customers with their contact fields, and the
//! customers who bought a product matching a text. Rows are borrowed from the statement, as in
//! `rows.rs`, so a million customers cost no allocation each.

use rusqlite::params;

use crate::{Result, Store};

/// One customer's contact fields, borrowed from the row being read.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRow<'a> {
    pub platform_id: &'a str,
    pub email: Option<&'a str>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub country: Option<&'a str>,
    /// `Some(true)` opted in, `Some(false)` opted out, `None` unknown.
    pub accepts_marketing: Option<bool>,
    /// As the platform gave them (Shopify: comma-separated).
    pub tags: Option<&'a str>,
}

/// A text column of the current row without copying it.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>> {
    Ok(match r.get_ref(i)? {
        rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok(),
        _ => None,
    })
}

impl Store {
    /// Contact fields of every customer of a store, by row id.
    pub fn scan_contacts(&self, store_id: i64, mut f: impl FnMut(ContactRow<'_>)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT platform_id, email, first_name, last_name, phone, country, accepts_marketing, \
             tags FROM customers WHERE store_id = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query(params![store_id])?;
        while let Some(r) = rows.next()? {
            f(ContactRow {
                platform_id: text(r, 0)?.unwrap_or_default(),
                email: text(r, 1)?,
                first_name: text(r, 2)?,
                last_name: text(r, 3)?,
                phone: text(r, 4)?,
                country: text(r, 5)?,
                accepts_marketing: r.get::<_, Option<i64>>(6)?.map(|v| v != 0),
                tags: text(r, 7)?,
            });
        }
        Ok(())
    }

    /// The `platform_id` of every customer of a store who bought a product whose SKU, title or
    /// category contains `needle`, each once, in ascending order.
    ///
    /// "Bought" means a line with a positive quantity on an order that is neither cancelled nor
    /// a test order (the orders the analysis counts as purchases). The match ignores ASCII case
    /// only: SQLite's `lower()` folds A–Z and nothing else, so the needle is folded the same way
    /// (Chinese titles need no folding). An empty needle matches every buyer.
    pub fn scan_product_buyers(
        &self,
        store_id: i64,
        needle: &str,
        mut f: impl FnMut(&str),
    ) -> Result<()> {
        let needle = needle.to_ascii_lowercase();
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT c.platform_id FROM orders o \
             JOIN customers c ON c.id = o.customer_id \
             JOIN order_lines l ON l.order_id = o.id \
             WHERE o.store_id = ?1 AND o.cancelled_at IS NULL AND o.is_test = 0 \
             AND l.quantity > 0 \
             AND (instr(lower(l.sku), ?2) > 0 OR instr(lower(l.title), ?2) > 0 \
                  OR instr(lower(l.category), ?2) > 0) \
             ORDER BY c.platform_id",
        )?;
        let mut rows = stmt.query(params![store_id, needle])?;
        while let Some(r) = rows.next()? {
            if let Some(id) = text(r, 0)? {
                f(id);
            }
        }
        Ok(())
    }
}
