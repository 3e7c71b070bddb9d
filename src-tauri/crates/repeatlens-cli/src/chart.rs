//! `repeatlens-cli chart KIND --out FILE.svg|FILE.png`: one chart of a store's analysis, drawn by
//! `repeatlens-charts` — the same pictures the app shows and exports.

use std::path::{Path, PathBuf};

use clap::Args;
use repeatlens_charts::{ChartKind, Format, Lang, Theme};

#[derive(Args)]
pub struct ChartArgs {
    /// revenue | customers | segments | eight-class | rf-heatmap | tiers | churn-trend | cohort |
    /// revenue-retention | ltv | km | repurchase | repurchase-categories
    kind: String,
    #[arg(long)]
    store: Option<String>,
    /// Analysis date YYYY-MM-DD (default as for `analyze`).
    #[arg(long = "as-of")]
    as_of: Option<String>,
    /// Reporting currency (default: the store's).
    #[arg(long)]
    currency: Option<String>,
    /// Churn threshold in days instead of the store's p90 gap.
    #[arg(long = "churn-days")]
    churn_days: Option<u32>,
    /// en | zh-CN
    #[arg(long, default_value = "en")]
    lang: String,
    /// light | dark
    #[arg(long, default_value = "light")]
    theme: String,
    /// The file to write; .svg or .png decides the format.
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 960)]
    width: u32,
    #[arg(long, default_value_t = 600)]
    height: u32,
}

/// What was written, for `--json`.
#[derive(serde::Serialize)]
pub struct Written {
    pub chart: String,
    pub file: String,
    pub format: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
    pub as_of: String,
}

/// Analyses the store (as `analyze` does), draws the chart and writes it to `--out`.
pub fn run(db_path: &Option<PathBuf>, a: &ChartArgs) -> Result<Written, String> {
    let kind = ChartKind::from_name(&a.kind).map_err(|e| e.to_string())?;
    let lang =
        Lang::from_code(&a.lang).ok_or_else(|| format!("--lang {}: use en or zh-CN", a.lang))?;
    let theme = Theme::from_name(&a.theme)
        .ok_or_else(|| format!("--theme {}: use light or dark", a.theme))?;
    let format = Format::from_path(&a.out).ok_or_else(|| {
        format!(
            "--out {}: the file name must end in .svg or .png",
            a.out.display()
        )
    })?;
    let mut params = repeatlens_analytics::Params::default();
    if let Some(d) = &a.as_of {
        params.as_of = Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| format!("--as-of {d}: expected a date such as 2011-12-10"))?,
        );
    }
    if let Some(days) = a.churn_days {
        params.churn = repeatlens_analytics::ChurnRule::Fixed { days };
    }
    let mut db = crate::open(db_path)?;
    let store_id = crate::store_id(&db, &a.store)?;
    let reporting = a.currency.as_deref().map(str::to_ascii_uppercase);
    let analysis =
        repeatlens_engine::analyze_store(&mut db, store_id, &params, reporting.as_deref())
            .map_err(crate::advice::message)?;
    let bytes = repeatlens_charts::render(kind, &analysis, lang, theme, format, a.width, a.height)
        .map_err(|e| e.to_string())?;
    write_file(&a.out, &bytes)?;
    Ok(Written {
        chart: kind.name().to_string(),
        file: a.out.display().to_string(),
        format: match format {
            Format::Svg => "svg",
            Format::Png => "png",
        },
        width: a.width,
        height: a.height,
        bytes: bytes.len(),
        as_of: analysis.as_of.date,
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

impl Written {
    pub fn text(&self) -> String {
        format!(
            "Wrote {} chart ({}×{} {}, as of {}) to {}\n",
            self.chart,
            self.width,
            self.height,
            self.format.to_uppercase(),
            self.as_of,
            self.file
        )
    }
}
