//! A dataset's purchases as plain rows, for engines outside this crate (the predictive models and
//! association rules of `repeatlens-models`, reached through the CLI and the app).
//!
//! Why here: the dataset's columns are private to this crate, and the models must count exactly
//! the purchases the analysis counts — not cancelled, not test, converted to the reporting
//! currency, total above zero — on the same store-local calendar days. Exposing rows (rather than
//! the columns) keeps the column layout free to change.

use crate::dataset::{Dataset, F_CANCELLED, F_NO_FX, F_TEST, NONE};
use crate::{CustomerIdx, OrderIdx};

/// One counted purchase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PurchaseRow {
    /// Index of the order in the dataset.
    pub order: OrderIdx,
    /// None for a guest order.
    pub customer: Option<CustomerIdx>,
    /// Store-local day number (`days::day_number`).
    pub day: i32,
    /// Order total in major units of the reporting currency.
    pub total: f64,
}

/// What a line item is identified by in rules (`sku`, `category` on the wire).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemLevel {
    /// By SKU (default).
    #[default]
    Sku,
    /// By product category.
    Category,
}

impl Dataset {
    /// Every counted purchase, in order index order (guests included; filter on `customer`).
    pub fn purchase_rows(&self) -> Vec<PurchaseRow> {
        let scale = repeatlens_money::scale(&self.reporting_currency);
        (0..self.orders())
            .filter(|&o| {
                self.ord_flags[o] & (F_CANCELLED | F_TEST | F_NO_FX) == 0
                    && self.order_total_rep(o) > 0
            })
            .map(|o| PurchaseRow {
                order: o as OrderIdx,
                customer: (self.ord_customer[o] != NONE).then_some(self.ord_customer[o]),
                day: self.ord_day[o],
                total: self.order_total_rep(o) as f64 / scale,
            })
            .collect()
    }

    /// The SKU or category ids of an order's lines (lines without one are skipped; an id may
    /// repeat). Names: [`Dataset::item_name`].
    pub fn order_items(&self, order: OrderIdx, level: ItemLevel) -> impl Iterator<Item = u32> + '_ {
        let col = match level {
            ItemLevel::Sku => &self.line_sku,
            ItemLevel::Category => &self.line_category,
        };
        self.lines_of(order as usize)
            .map(move |l| col[l])
            .filter(|&id| id != NONE)
    }

    /// The name of a SKU or category id from [`Dataset::order_items`].
    pub fn item_name(&self, level: ItemLevel, id: u32) -> &str {
        match level {
            ItemLevel::Sku => &self.strings.skus.names[id as usize],
            ItemLevel::Category => &self.strings.categories.names[id as usize],
        }
    }
}
