//! # repeatlens-analytics — the numbers a seller sees
//!
//! A pure function from one store's data to one document:
//! [`analyze`]`(&Dataset, &Params) -> Analysis`. No SQL, no I/O, no clock (unless
//! `Params::today` is left empty), no HashMap iteration in the output: the same input gives a
//! byte-identical `serde_json` document. The definitions are written for sellers in
//! `DEFINITIONS.md` next to this crate, together with the JSON schema.
//!
//! ## Why it is shaped this way
//!
//! * **Columns, loaded once.** A loader (the SQLite reader lives in `repeatlens-store`) streams
//!   rows into a [`DatasetBuilder`]. `finish` does everything that is per-row and independent of
//!   the analysis parameters: money into integer minor units of the reporting currency (ECB rate of
//!   the order's date, carried over non-publishing days; orders without a rate are counted in
//!   [`DataSummary::fx_missing`], never silently dropped), timestamps into calendar days of the
//!   store's timezone, lines grouped by order, and every string interned to a `u32`. The analysis
//!   then works on flat `Vec`s indexed by customer, sorts purchases once (a counting sort by
//!   customer), and never hashes a string in a loop — this is what lets 1.5 M orders analyse in a
//!   fraction of a second.
//! * **Memory order follows the loops.** `finish` also groups orders by customer (in purchase
//!   order) and stores lines customer-major, and the first stage copies each purchase's day and
//!   total next to each other; every per-customer walk (scores, cohorts, KPIs, repurchase cycles
//!   over millions of lines) then reads memory in sequence instead of jumping to each order.
//! * **Two cores, one answer.** The SKU cycles run on a scoped thread beside the rest; each side
//!   only reads the dataset and builds its own outputs, so the document does not depend on
//!   scheduling.
//! * **One core, many views.** [`analyze`] and [`snapshot`] share one first stage (purchases, as-of
//!   date, R/F/M, scores, both segment maps, tiers, gaps, lifecycle), so a snapshot can never
//!   disagree with the analysis of the same day.
//! * **Every threshold is a field of [`Params`]**, with the defaults of issue #4, and is echoed in
//!   the output so a number can always be traced to its definition.
//! * **Exact where it matters.** Scores use integer arithmetic for ⌊5p⌋ (no float edge cases at
//!   quintile borders); money sums are integers until they are shown; quantiles use linear
//!   interpolation (numpy/pandas default) so results can be checked against pandas.
//! * **Absent is not zero.** Cohort cells after the as-of period are not in the arrays; rates whose
//!   denominator is empty are `null`.
#![warn(missing_docs)]

mod analysis;
mod columns;
mod core;
mod dataset;
pub mod days;
mod first_products;
mod labels;
mod output;
mod params;
mod purchases;
mod snapshot;
pub mod stats;

pub use columns::{Column, ColumnSource, ColumnsError, COLUMNS_FORMAT};
pub use dataset::{
    currency_exponent, CustomerIdx, CustomerInput, Dataset, DatasetBuilder, DatasetError,
    FxMissing, FxTable, LineInput, OrderIdx, OrderInput, RefundInput,
};
pub use first_products::{FirstProductRow, FirstProducts, ProductPath, FIRST_PRODUCT_WINDOW_DAYS};
pub use labels::{Class8, Lifecycle, Segment, Tier};
pub use output::*;
pub use params::{
    ChurnRule, CohortPeriod, EightClassThreshold, MonetaryBasis, Params, RefundDating,
};
pub use purchases::{ItemLevel, PurchaseRow};
pub use snapshot::{
    migration, snapshot, Migration, MigrationCell, MigrationMatrix, Snapshot, SnapshotRow,
};

/// Runs the whole analysis of `ds` with `params`.
pub fn analyze(ds: &Dataset, params: &Params) -> Analysis {
    let core = core::build(ds, params);
    analysis::assemble(ds, &core, params)
}

/// Kaplan-Meier survival steps over `(duration, event observed)` pairs (exposed for tests and
/// for drawing other curves): S(t) = Π over event times t_j ≤ t of (1 − d_j / n_j).
pub fn kaplan_meier(observations: Vec<(u32, bool)>) -> Vec<KmPoint> {
    analysis::kaplan_meier(observations)
}
