//! Data crossing the IPC boundary. 64-bit integers are sent as JSON numbers (all counts and
//! minor-unit sums stay far below 2^53), so they are typed `number` on the TypeScript side.

use repeatlens_analytics::{Analysis, CustomerRow, Params};
use repeatlens_analytics::{Class8, Lifecycle, Segment, Tier};
use repeatlens_export::ExportSpec;
use repeatlens_store::CustomerProfile;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub sample_credit: String,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ImportPhase {
    Reading,
    Parsing,
    Writing,
    Done,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportProgress {
    pub phase: ImportPhase,
    #[ts(type = "number")]
    pub rows_done: u64,
    #[ts(type = "number | null")]
    pub rows_total: Option<u64>,
    pub rows_per_sec: f64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportReport {
    #[ts(type = "number")]
    pub store_id: i64,
    pub store_name: String,
    pub file: String,
    pub preset: String,
    #[ts(type = "number")]
    pub rows_read: u64,
    #[ts(type = "number")]
    pub orders_new: u64,
    #[ts(type = "number")]
    pub orders_updated: u64,
    #[ts(type = "number")]
    pub orders_unchanged: u64,
    #[ts(type = "number")]
    pub returns: u64,
    #[ts(type = "number")]
    pub customers: u64,
    #[ts(type = "number")]
    pub skipped_rows: u64,
    pub seconds: f64,
}

impl From<repeatlens_import::Progress> for ImportProgress {
    fn from(p: repeatlens_import::Progress) -> Self {
        use repeatlens_import::Phase;
        ImportProgress {
            phase: match p.phase {
                Phase::Reading => ImportPhase::Reading,
                Phase::Parsing => ImportPhase::Parsing,
                Phase::Writing => ImportPhase::Writing,
                Phase::Done => ImportPhase::Done,
            },
            rows_done: p.rows_done,
            rows_total: p.rows_total,
            rows_per_sec: p.rows_per_sec,
        }
    }
}

impl From<repeatlens_import::ImportReport> for ImportReport {
    fn from(r: repeatlens_import::ImportReport) -> Self {
        ImportReport {
            store_id: r.store_id,
            store_name: r.store_name,
            file: r.file,
            preset: r.preset,
            rows_read: r.rows_read,
            orders_new: r.orders_new,
            orders_updated: r.orders_updated,
            orders_unchanged: r.orders_unchanged,
            returns: r.returns_new + r.returns_updated + r.returns_unchanged,
            customers: r.customers_new + r.customers_updated + r.customers_unchanged,
            skipped_rows: r.skipped_rows,
            seconds: r.seconds,
        }
    }
}

/// How a store is analysed: its parameters and the reporting currency (default: the store's).
/// Saved per store, so the app opens on the seller's last choices.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AnalysisSettings {
    pub reporting_currency: Option<String>,
    pub params: Params,
}

/// Everything the analysis screens show, from one analysis run. The per-customer rows stay in
/// the backend (see [`CustomerQuery`]); SKU and category cycle tables carry their first
/// [`ITEM_ROWS`] rows (most repeat customers first) with the totals beside them.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AnalysisView {
    /// Pass it to every command about this analysis (pages, charts, predictions, exports).
    #[ts(type = "number")]
    pub analysis_id: u64,
    #[ts(type = "number")]
    pub store_id: i64,
    pub store_name: String,
    pub settings: AnalysisSettings,
    pub analysis: Analysis,
    #[ts(type = "number")]
    pub skus_total: u64,
    #[ts(type = "number")]
    pub categories_total: u64,
    /// Load + analysis time in seconds.
    pub seconds: f64,
}

/// Rows of the cycle tables sent to the UI.
pub const ITEM_ROWS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CustomerSort {
    #[default]
    NetRevenue,
    Purchases,
    Recency,
    LastPurchase,
    FirstPurchase,
    Customer,
}

/// A page of the customer table: filters, search and sort run in the backend.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CustomerQuery {
    pub offset: u32,
    pub limit: u32,
    pub sort: CustomerSort,
    pub descending: bool,
    /// Case-insensitive substring of the customer id.
    pub search: String,
    pub segment: Option<Segment>,
    pub class8: Option<Class8>,
    pub tier: Option<Tier>,
    pub lifecycle: Option<Lifecycle>,
    /// An R×F cell: R score and F score (1–5).
    pub rf_cell: Option<(u8, u8)>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerPage {
    /// Customers matching the filters.
    #[ts(type = "number")]
    pub total: u64,
    pub offset: u32,
    pub rows: Vec<CustomerRow>,
}

/// The customer 360 page: the analysis row and everything stored about the customer.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerDetail {
    pub row: Option<CustomerRow>,
    pub profile: CustomerProfile,
    pub currency: String,
    pub timezone: String,
    /// BG/NBD + Gamma-Gamma predictions (None: no purchase).
    pub prediction: Option<CustomerForecast>,
}

/// What the models expect of one customer, as of the analysis date.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerForecast {
    pub p_alive: Option<f64>,
    pub churn_risk: Option<f64>,
    pub churn_band: Option<repeatlens_models::ChurnBand>,
    /// Heuristic when the store's data cannot carry the model (see `notes`).
    pub churn_method: repeatlens_models::ChurnMethod,
    pub expected_purchases: Option<f64>,
    pub horizon_days: f64,
    /// YYYY-MM-DD, None when not expected within a year.
    pub next_purchase: Option<String>,
    pub expected_order_value: Option<f64>,
    pub clv: Option<f64>,
    pub clv_months: u32,
    pub notes: Vec<repeatlens_models::PredictionNote>,
}

/// What an export would write: counts and the first rows as they will appear in the file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportPreview {
    #[ts(type = "number")]
    pub matched: u64,
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub excluded_no_consent: u64,
    #[ts(type = "number")]
    pub excluded_no_email: u64,
    pub header: Vec<String>,
    pub first_rows: Vec<Vec<String>>,
}

/// Where an export or chart went.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Saved {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// Where to save a file: the native dialog, or straight into the Downloads folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SaveTarget {
    Dialog,
    Downloads,
}

/// App-wide settings; `language` null = follow the operating system, `theme` null = light.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AppSettings {
    pub language: Option<repeatlens_charts::Lang>,
    pub theme: Option<repeatlens_charts::Theme>,
    /// Minutes between scheduled syncs of linked stores; null = the default (30), 0 = off.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_interval_minutes: Option<u32>,
}

/// Export request: the spec and where to save.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ExportRequest {
    pub spec: ExportSpec,
    pub target: SaveTarget,
}

/// How a file would be imported: what was detected and the first rows as they would be
/// stored, with the problems found in them. Nothing is written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportPreview {
    pub file: String,
    /// Detected (or chosen) format: a preset name, or "generic".
    pub preset: String,
    pub encoding: String,
    pub delimiter: String,
    pub store: String,
    pub timezone: String,
    pub headers: Vec<String>,
    /// field → column as used.
    pub mapping: Vec<(String, String)>,
    /// Every field a column can be mapped to (for the generic importer).
    pub fields: Vec<String>,
    pub rows: Vec<ImportPreviewRow>,
    /// Problems in the previewed rows.
    pub errors: Vec<ImportProblem>,
}

/// A bad cell found by the preview: where, what it held and what it should hold.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportProblem {
    #[ts(type = "number")]
    pub line: u64,
    pub column: String,
    pub value: String,
    /// What the cell should hold: an `Expected` code (`date`, `amount`, `whole_number`, …).
    pub expected: String,
    /// The CSV reader's own words, for a line it could not split.
    pub detail: Option<String>,
    /// The problem in English.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportPreviewRow {
    pub kind: String,
    pub order: String,
    pub customer: Option<String>,
    pub date: String,
    pub sku: Option<String>,
    pub product: Option<String>,
    pub quantity: f64,
    /// Major units of `currency`.
    pub amount: f64,
    pub currency: String,
    pub country: Option<String>,
}

impl From<repeatlens_import::Preview> for ImportPreview {
    fn from(p: repeatlens_import::Preview) -> Self {
        ImportPreview {
            file: p.file,
            preset: p.preset,
            encoding: p.encoding,
            delimiter: p.delimiter,
            store: p.store,
            timezone: p.timezone,
            headers: p.headers,
            mapping: p.mapping,
            fields: repeatlens_import::mapping::Field::ALL
                .iter()
                .map(|f| f.name().to_string())
                .collect(),
            rows: p
                .rows
                .into_iter()
                .map(|r| {
                    let amount = repeatlens_money::to_major(r.amount_minor, &r.currency);
                    ImportPreviewRow {
                        kind: r.kind,
                        order: r.order,
                        customer: r.customer,
                        date: r.date,
                        sku: r.sku,
                        product: r.product,
                        quantity: r.quantity as f64,
                        amount,
                        currency: r.currency,
                        country: r.country,
                    }
                })
                .collect(),
            errors: p
                .errors
                .into_iter()
                .map(|e| ImportProblem {
                    line: e.line,
                    column: e.column,
                    value: e.value,
                    expected: e.expected.code().to_string(),
                    detail: match e.expected {
                        repeatlens_import::Expected::WellFormedLine { detail } => Some(detail),
                        _ => None,
                    },
                    reason: e.reason,
                })
                .collect(),
        }
    }
}
