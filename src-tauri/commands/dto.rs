//! Data crossing the IPC boundary. 64-bit integers are sent as JSON numbers (all counts and
//! minor-unit sums stay far below 2^53), so they are typed `number` on the TypeScript side.

use serde::Serialize;
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

#[derive(Debug, Clone, Serialize, TS)]
pub struct StoreSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub platform: String,
    pub currency: String,
    pub timezone: String,
    #[ts(type = "number")]
    pub customers: i64,
    #[ts(type = "number")]
    pub orders: i64,
    #[ts(type = "number")]
    pub returns: i64,
    #[ts(type = "number")]
    pub order_lines: i64,
    pub first_order: Option<String>,
    pub last_order: Option<String>,
    #[ts(type = "number")]
    pub revenue_minor: i64,
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

impl From<repeatlens_store::StoreSummary> for StoreSummary {
    fn from(s: repeatlens_store::StoreSummary) -> Self {
        StoreSummary {
            id: s.id,
            name: s.name,
            platform: s.platform,
            currency: s.currency,
            timezone: s.timezone,
            customers: s.customers,
            orders: s.orders,
            returns: s.returns,
            order_lines: s.order_lines,
            first_order: s.first_order,
            last_order: s.last_order,
            revenue_minor: s.revenue_minor,
        }
    }
}

/// The content of `ui/src/ipc/bindings.ts`.
pub fn bindings_ts() -> String {
    let cfg = ts_rs::Config::default();
    let decls = [
        AppInfo::decl(&cfg),
        ImportPhase::decl(&cfg),
        ImportProgress::decl(&cfg),
        ImportReport::decl(&cfg),
        StoreSummary::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust IPC types (src-tauri/commands/dto.rs) by ts-rs.\n\
         // Do not edit: run `UPDATE_BINDINGS=1 cargo test --test app bindings` after changing them.\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}
