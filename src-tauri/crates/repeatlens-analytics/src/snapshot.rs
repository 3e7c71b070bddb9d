//! Snapshots (each customer's labels on an as-of date) and the migration between two of them.
//! Plain data: persisting them is the store's job. Customers are identified by platform id,
//! which is stable across loads (dataset indices are not).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core;
use crate::dataset::{Dataset, NONE};
use crate::labels::{Class8, Lifecycle, Segment, Tier};
use crate::params::Params;

/// One customer's labels in a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRow {
    /// Platform customer id (stable across loads, unlike dataset indices).
    pub customer: String,
    /// R×F segment; `None` for prospects.
    pub segment: Option<Segment>,
    /// 8-class; `None` for prospects.
    pub class8: Option<Class8>,
    /// Value tier; `None` for prospects.
    pub tier: Option<Tier>,
    /// Lifecycle stage (every customer has one).
    pub lifecycle: Lifecycle,
}

/// Every customer's labels on one as-of date, kept so that a later snapshot can be compared with it
/// ([`migration`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// YYYY-MM-DD.
    pub as_of: String,
    /// Sorted by customer (platform id).
    pub rows: Vec<SnapshotRow>,
}

/// Each customer's R×F segment, 8-class, tier and lifecycle stage as of the date `params` give.
/// Prospects have only a lifecycle stage.
pub fn snapshot(ds: &Dataset, params: &Params) -> Snapshot {
    let core = core::build(ds, params);
    let mut rows: Vec<SnapshotRow> = core
        .lifecycle
        .iter()
        .enumerate()
        .filter_map(|(c, lc)| {
            let lc = (*lc)?;
            let b = core.buyer_of[c];
            let (segment, class8, tier) = if b == NONE {
                (None, None, None)
            } else {
                let b = b as usize;
                (
                    Some(core.segment[b]),
                    Some(core.class8[b]),
                    Some(core.tier[b]),
                )
            };
            Some(SnapshotRow {
                customer: ds.cust_platform_id[c].clone(),
                segment,
                class8,
                tier,
                lifecycle: lc,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.customer.cmp(&b.customer));
    Snapshot {
        as_of: core.as_of_info.date,
        rows,
    }
}

/// One from→to cell. `"(none)"` stands for "not in that snapshot" or "no label" (prospects).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationCell {
    /// Label in the earlier snapshot.
    pub from: String,
    /// Label in the later snapshot.
    pub to: String,
    /// Customers who went from `from` to `to`.
    pub customers: u64,
}

/// How customers moved between the labels of one kind.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationMatrix {
    /// Cells with at least one customer, sorted by (from, to) in label order.
    pub cells: Vec<MigrationCell>,
    /// Customers whose label stayed the same (both present).
    pub unchanged: u64,
    /// Customers in both snapshots whose label changed.
    pub changed: u64,
}

/// How labels moved between two snapshots, one matrix per kind of label.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Migration {
    /// As-of date of the earlier snapshot.
    pub from: String,
    /// As-of date of the later snapshot.
    pub to: String,
    /// R×F segment moves.
    pub segment: MigrationMatrix,
    /// 8-class moves.
    pub class8: MigrationMatrix,
    /// Tier moves.
    pub tier: MigrationMatrix,
    /// Lifecycle stage moves.
    pub lifecycle: MigrationMatrix,
}

const NONE_LABEL: &str = "(none)";

fn matrix<K: Ord + Copy>(
    from: &Snapshot,
    to: &Snapshot,
    get: impl Fn(&SnapshotRow) -> Option<K>,
    name: impl Fn(K) -> &'static str,
) -> MigrationMatrix {
    // Join on customer; both lists are sorted by customer (sorted again here to be safe).
    let mut a: BTreeMap<&str, Option<K>> = BTreeMap::new();
    for r in &from.rows {
        a.insert(&r.customer, get(r));
    }
    let mut b: BTreeMap<&str, Option<K>> = BTreeMap::new();
    for r in &to.rows {
        b.insert(&r.customer, get(r));
    }
    // Key: (Option<K>, Option<K>) where None sorts first = "(none)".
    let mut cells: BTreeMap<(Option<K>, Option<K>), u64> = BTreeMap::new();
    let (mut unchanged, mut changed) = (0, 0);
    for (cust, &fa) in &a {
        let tb = b.get(cust).copied().flatten();
        *cells.entry((fa, tb)).or_default() += 1;
        if b.contains_key(cust) {
            if fa == tb {
                unchanged += 1;
            } else {
                changed += 1;
            }
        }
    }
    for (cust, &tb) in &b {
        if !a.contains_key(cust) {
            *cells.entry((None, tb)).or_default() += 1;
        }
    }
    let nm = |k: Option<K>| k.map_or(NONE_LABEL, &name).to_string();
    MigrationMatrix {
        cells: cells
            .into_iter()
            .map(|((f, t), n)| MigrationCell {
                from: nm(f),
                to: nm(t),
                customers: n,
            })
            .collect(),
        unchanged,
        changed,
    }
}

/// The from→to matrices between two snapshots, for segment, 8-class, tier and lifecycle.
/// Customers in only one snapshot appear in a `"(none)"` row or column.
pub fn migration(from: &Snapshot, to: &Snapshot) -> Migration {
    Migration {
        from: from.as_of.clone(),
        to: to.as_of.clone(),
        segment: matrix(from, to, |r| r.segment, Segment::name),
        class8: matrix(from, to, |r| r.class8, Class8::name),
        tier: matrix(from, to, |r| r.tier, Tier::name),
        lifecycle: matrix(from, to, |r| Some(r.lifecycle), Lifecycle::name),
    }
}
