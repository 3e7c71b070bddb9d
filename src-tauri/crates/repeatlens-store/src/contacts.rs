//! Read side for target-list exports: a store's customers with their contact fields, and the
//! customers who bought a product matching a text. Rows are borrowed from the statement, as in
//! `rows.rs`, so a million customers cost no allocation each.

use rusqlite::params;

use crate::{Result, Store};

/// One customer's contact fields, borrowed from the row being read.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRow<'a> {
    /// The platform's customer id (or the normalized email where the source has no ids).
    pub platform_id: &'a str,
    /// E-mail, as stored.
    pub email: Option<&'a str>,
    /// Given name.
    pub first_name: Option<&'a str>,
    /// Family name.
    pub last_name: Option<&'a str>,
    /// Phone number, as stored.
    pub phone: Option<&'a str>,
    /// Country, as the source gave it.
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
             tags FROM customers WHERE store_id = ?1 AND deleted_at IS NULL ORDER BY id",
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
             AND o.deleted_at IS NULL AND c.deleted_at IS NULL AND l.quantity > 0 \
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

/// What an exact item match compares: a line's SKU or its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemField {
    /// The line's product code.
    Sku,
    /// The line's category or product type.
    Category,
}

impl Store {
    /// The most common title of each of `skus` in a store's order lines (SKUs without a title
    /// are left out). For showing product names next to the SKU codes rules are mined on.
    pub fn sku_titles(
        &self,
        store_id: i64,
        skus: &[&str],
    ) -> Result<std::collections::HashMap<String, String>> {
        let mut best: std::collections::HashMap<String, (String, i64)> = Default::default();
        // The screens ask for a few hundred SKUs at most, far below SQLite's 32,766 parameters.
        for chunk in skus.chunks(10_000) {
            let sql = format!(
                "SELECT l.sku, l.title, COUNT(*) FROM order_lines l \
                 JOIN orders o ON o.id = l.order_id \
                 WHERE o.store_id = ?1 AND o.deleted_at IS NULL AND l.title IS NOT NULL AND trim(l.title) <> '' \
                 AND l.sku IN ({}) GROUP BY l.sku, l.title",
                vec!["?"; chunk.len()].join(", ")
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let params = std::iter::once(&store_id as &dyn rusqlite::ToSql)
                .chain(chunk.iter().map(|s| s as &dyn rusqlite::ToSql));
            let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
            while let Some(r) = rows.next()? {
                let (Some(sku), Some(title)) = (text(r, 0)?, text(r, 1)?) else {
                    continue;
                };
                let (title, n) = (title.trim(), r.get::<_, i64>(2)?);
                let e = best
                    .entry(sku.to_string())
                    .or_insert_with(|| (title.to_string(), n));
                // Most lines win; ties go to the alphabetically first title (stable output).
                if n > e.1 || (n == e.1 && title < e.0.as_str()) {
                    *e = (title.to_string(), n);
                }
            }
        }
        Ok(best.into_iter().map(|(k, (t, _))| (k, t)).collect())
    }

    /// Calls `f` with the platform id of every customer who bought a line whose SKU or category
    /// is exactly `name` (not cancelled, not test, quantity above zero), in id order.
    pub fn scan_item_buyers(
        &self,
        store_id: i64,
        field: ItemField,
        name: &str,
        mut f: impl FnMut(&str),
    ) -> Result<()> {
        let column = match field {
            ItemField::Sku => "sku",
            ItemField::Category => "category",
        };
        let sql = format!(
            "SELECT DISTINCT c.platform_id FROM orders o \
             JOIN customers c ON c.id = o.customer_id \
             JOIN order_lines l ON l.order_id = o.id \
             WHERE o.store_id = ?1 AND o.cancelled_at IS NULL AND o.is_test = 0 \
             AND o.deleted_at IS NULL AND c.deleted_at IS NULL AND l.quantity > 0 AND l.{column} = ?2 ORDER BY c.platform_id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![store_id, name])?;
        while let Some(r) = rows.next()? {
            if let Some(id) = text(r, 0)? {
                f(id);
            }
        }
        Ok(())
    }
}
