//! Segment snapshots: what the analysis said about each customer on a date, kept so that
//! migrations between segments and a customer's history can be shown later.

use rusqlite::params;

use crate::{Result, Store};

/// One customer's labels as of a date. `customer` is the customer's platform id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotRow {
    /// The customer's platform id.
    pub customer: String,
    /// Classic R×F segment name (`Champions`, `At Risk`, …); `None` for prospects.
    pub rf_segment: Option<String>,
    /// Chinese 8-class RFM segment name (`重要价值客户`, …); `None` for prospects.
    pub cn_segment: Option<String>,
    /// Value tier: `top`, `middle` or `bottom`; `None` for prospects.
    pub tier: Option<String>,
    /// Lifecycle stage (every customer has one): `prospect`, `new`, `active`, `dormant` or
    /// `churned`.
    pub lifecycle: String,
}

impl Store {
    /// Replaces the snapshot of `as_of` (YYYY-MM-DD) for a store, in one transaction. Customers
    /// not in the store are an error (nothing is written).
    pub fn save_snapshot(
        &mut self,
        store_id: i64,
        as_of: &str,
        rows: &[SnapshotRow],
    ) -> Result<usize> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM segment_snapshots WHERE store_id = ?1 AND as_of = ?2",
            params![store_id, as_of],
        )?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO segment_snapshots (store_id, as_of, customer_id, rf_segment, cn_segment, tier, lifecycle) \
                 SELECT ?1, ?2, id, ?4, ?5, ?6, ?7 FROM customers WHERE store_id = ?1 AND platform_id = ?3",
            )?;
            for r in rows {
                let n = insert.execute(params![
                    store_id,
                    as_of,
                    r.customer,
                    r.rf_segment,
                    r.cn_segment,
                    r.tier,
                    r.lifecycle
                ])?;
                if n != 1 {
                    return Err(crate::StoreError::NoSuchCustomer(r.customer.clone()));
                }
            }
        }
        tx.commit()?;
        Ok(rows.len())
    }

    /// The dates a store has snapshots for, oldest first.
    pub fn snapshot_dates(&self, store_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT as_of FROM segment_snapshots WHERE store_id = ?1 ORDER BY as_of",
        )?;
        let rows = stmt.query_map([store_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The snapshot of a date, by customer platform id.
    pub fn snapshot(&self, store_id: i64, as_of: &str) -> Result<Vec<SnapshotRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.platform_id, s.rf_segment, s.cn_segment, s.tier, s.lifecycle \
             FROM segment_snapshots s JOIN customers c ON c.id = s.customer_id \
             WHERE s.store_id = ?1 AND s.as_of = ?2 ORDER BY c.platform_id",
        )?;
        let rows = stmt.query_map(params![store_id, as_of], |r| {
            Ok(SnapshotRow {
                customer: r.get(0)?,
                rf_segment: r.get(1)?,
                cn_segment: r.get(2)?,
                tier: r.get(3)?,
                lifecycle: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
