//! `repeatlens-cli export`: a coupon target list as CSV, with the same analysis as `analyze`
//! and the rules of `repeatlens-export` (consent, presets, formula-injection protection,
//! all-or-nothing write).

use std::path::PathBuf;

use repeatlens_export::{
    parse_class8, parse_columns, parse_lifecycle, parse_segment, parse_tier, Encoding, ExportSpec,
    ItemRef, ItemRefLevel, Preset, Selection, WriteSummary,
};
use repeatlens_models::ChurnBand;

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long)]
    store: Option<String>,
    /// Analysis date YYYY-MM-DD (default: as for `analyze`).
    #[arg(long = "as-of")]
    as_of: Option<String>,
    /// Reporting currency of --min-spend and the net revenue column (default: the store's).
    #[arg(long)]
    currency: Option<String>,
    /// R×F segment, e.g. Champions, "At Risk" (repeat for several).
    #[arg(long = "segment", value_name = "NAME")]
    segments: Vec<String>,
    /// 8-class class, e.g. 重要价值 or important-value (repeatable).
    #[arg(long = "class", value_name = "NAME")]
    classes: Vec<String>,
    /// Value tier: top, middle, bottom (repeatable).
    #[arg(long = "tier", value_name = "T")]
    tiers: Vec<String>,
    /// Lifecycle stage: prospect, new, active, dormant, churned (repeatable).
    #[arg(long = "lifecycle", value_name = "L")]
    lifecycle: Vec<String>,
    /// Only customers overdue for a repurchase.
    #[arg(long)]
    overdue: bool,
    /// Country as stored on the customer record, e.g. GB or "United Kingdom" (repeatable).
    #[arg(long = "country", value_name = "C")]
    countries: Vec<String>,
    /// Only customers who bought a product whose SKU, title or category contains this text.
    #[arg(long, value_name = "TEXT")]
    product: Option<String>,
    /// Last purchase on or after this day (YYYY-MM-DD).
    #[arg(long = "last-order-from", value_name = "D")]
    last_order_from: Option<String>,
    /// Last purchase on or before this day (YYYY-MM-DD).
    #[arg(long = "last-order-to", value_name = "D")]
    last_order_to: Option<String>,
    /// Net revenue (purchases minus refunds) at least this, in the reporting currency.
    #[arg(long = "min-spend", value_name = "N")]
    min_spend: Option<f64>,
    /// Predicted churn-risk band: low, medium, high (repeatable). Fits the models as `predict`
    /// does, as of the analysis date.
    #[arg(long = "churn-risk", value_name = "BAND")]
    churn_risk: Vec<String>,
    /// Predicted 12-month customer lifetime value at least this (reporting currency).
    #[arg(long = "min-clv", value_name = "N")]
    min_clv: Option<f64>,
    /// Only customers who bought exactly this SKU (e.g. a rule's antecedent).
    #[arg(
        long = "bought-sku",
        value_name = "SKU",
        conflicts_with = "bought_category"
    )]
    bought_sku: Option<String>,
    /// Only customers who bought a line of exactly this category.
    #[arg(long = "bought-category", value_name = "C")]
    bought_category: Option<String>,
    /// … and never bought this SKU ("buyers of A without B").
    #[arg(
        long = "not-bought-sku",
        value_name = "SKU",
        conflicts_with = "not_bought_category"
    )]
    not_bought_sku: Option<String>,
    /// … and never bought a line of this category.
    #[arg(long = "not-bought-category", value_name = "C")]
    not_bought_category: Option<String>,
    /// Also export customers without marketing consent (opted out, or unknown).
    #[arg(long = "include-no-consent")]
    include_no_consent: bool,
    /// generic | shopify | klaviyo | mailchimp
    #[arg(long, default_value = "generic")]
    preset: String,
    /// Columns, comma-separated: customer_id, email, first_name, last_name, phone, country,
    /// accepts_marketing, tags, segment, class8, tier, lifecycle, purchases, net_revenue,
    /// currency, first_purchase, last_purchase, recency_days, coupon_code, churn_risk,
    /// churn_band, clv, next_purchase (the last four fit the models). Generic: the
    /// columns; Klaviyo/Mailchimp: extra columns.
    #[arg(long)]
    columns: Option<String>,
    /// Start the file with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    bom: bool,
    /// Give each row a unique coupon code PREFIX-XXXXXXXX.
    #[arg(long = "coupon-prefix", value_name = "P")]
    coupon_prefix: Option<String>,
    /// The CSV file to write (replaced all at once; never left half-written).
    #[arg(long)]
    out: PathBuf,
}

fn date(flag: &str, d: &Option<String>) -> Result<Option<chrono::NaiveDate>, String> {
    d.as_deref()
        .map(|d| {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| format!("--{flag} {d}: expected a date such as 2011-12-10"))
        })
        .transpose()
}

fn each<T>(
    values: &[String],
    parse: impl Fn(&str) -> Result<T, repeatlens_export::ExportError>,
) -> Result<Vec<T>, String> {
    values
        .iter()
        .map(|v| parse(v).map_err(|e| e.to_string()))
        .collect()
}

fn parse_churn_band(s: &str) -> Result<ChurnBand, repeatlens_export::ExportError> {
    match s.trim().to_ascii_lowercase().as_str() {
        "low" => Ok(ChurnBand::Low),
        "medium" => Ok(ChurnBand::Medium),
        "high" => Ok(ChurnBand::High),
        _ => Err(repeatlens_export::ExportError::UnknownName {
            kind: "churn-risk band",
            value: s.to_string(),
            expected: "low, medium, high".into(),
        }),
    }
}

fn item(sku: &Option<String>, category: &Option<String>) -> Option<ItemRef> {
    match (sku, category) {
        (Some(s), _) => Some(ItemRef {
            level: ItemRefLevel::Sku,
            name: s.clone(),
        }),
        (None, Some(c)) => Some(ItemRef {
            level: ItemRefLevel::Category,
            name: c.clone(),
        }),
        (None, None) => None,
    }
}

fn spec_of(a: &ExportArgs) -> Result<ExportSpec, String> {
    let spec = ExportSpec {
        segments: each(&a.segments, parse_segment)?,
        classes: each(&a.classes, parse_class8)?,
        tiers: each(&a.tiers, parse_tier)?,
        lifecycle: each(&a.lifecycle, parse_lifecycle)?,
        overdue_only: a.overdue,
        countries: a.countries.clone(),
        product_bought: a.product.clone(),
        last_order_from: date("last-order-from", &a.last_order_from)?,
        last_order_to: date("last-order-to", &a.last_order_to)?,
        min_spend: a.min_spend,
        churn_risk: each(&a.churn_risk, parse_churn_band)?,
        min_clv: a.min_clv,
        bought_item: item(&a.bought_sku, &a.bought_category),
        not_bought_item: item(&a.not_bought_sku, &a.not_bought_category),
        include_no_consent: a.include_no_consent,
        columns: a
            .columns
            .as_deref()
            .map(parse_columns)
            .transpose()
            .map_err(|e| e.to_string())?
            .unwrap_or_default(),
        preset: a.preset.parse::<Preset>().map_err(|e| e.to_string())?,
        encoding: if a.bom {
            Encoding::Utf8Bom
        } else {
            Encoding::Utf8
        },
        coupon_prefix: a.coupon_prefix.clone(),
    };
    // Layout and coupon prefix problems are found before the analysis runs.
    repeatlens_export::header(&spec).map_err(|e| e.to_string())?;
    if let Some(p) = &spec.coupon_prefix {
        repeatlens_export::CouponCodes::new(p).map_err(|e| e.to_string())?;
    }
    Ok(spec)
}

/// Runs the export; returns the JSON document and the text `main` prints.
pub fn run(db: &Option<PathBuf>, a: &ExportArgs) -> Result<(serde_json::Value, String), String> {
    let spec = spec_of(a)?;
    let mut store = super::open(db)?;
    let id = super::store_id(&store, &a.store)?;
    let mut params = repeatlens_analytics::Params {
        include_customers: true,
        ..Default::default()
    };
    if a.overdue {
        // The whole overdue list, not the first thousand rows the summary shows.
        params.overdue_list_limit = u32::MAX;
    }
    params.as_of = date("as-of", &a.as_of)?;
    let reporting = a.currency.as_deref().map(str::to_ascii_uppercase);
    let ds = repeatlens_engine::load_dataset(&mut store, id, reporting.as_deref())
        .map_err(crate::advice::message)?;
    let analysis = repeatlens_analytics::analyze(&ds, &params);
    let contacts =
        repeatlens_export::load_contacts(&store, id, &spec).map_err(crate::advice::message)?;
    // The models, fitted as of the analysis date, only when the list needs them.
    let predictions = if spec.needs_forecasts() {
        let as_of = chrono::NaiveDate::parse_from_str(&analysis.as_of.date, "%Y-%m-%d")
            .map_err(|e| e.to_string())?;
        Some(
            repeatlens_engine::prediction_set(
                &ds,
                repeatlens_analytics::days::day_number(as_of),
                &repeatlens_models::PredictConfig::default(),
            )
            .ok_or("no customer has bought by the analysis date: nothing to predict")?,
        )
    } else {
        None
    };
    let forecasts = predictions.as_ref().map(|p| &p.by_customer);
    let sel = repeatlens_export::select(&spec, &analysis, &contacts, forecasts)
        .map_err(crate::advice::message)?;
    let written =
        repeatlens_export::write_csv_file(&sel, &spec, &a.out).map_err(crate::advice::message)?;
    let value = serde_json::json!({
        "out": a.out.display().to_string(),
        "preset": spec.preset.name(),
        "encoding": if spec.encoding == Encoding::Utf8Bom { "utf-8 with BOM" } else { "utf-8" },
        "as_of": sel.as_of,
        "currency": sel.currency,
        "total_matched": sel.total_matched,
        "rows_written": written.rows,
        "excluded_no_consent": sel.excluded_no_consent,
        "excluded_no_email": sel.excluded_no_email,
        "coupon_codes": written.coupon_codes,
        "header": written.header,
    });
    Ok((value, report(a, &spec, &sel, &written)))
}

/// The human-readable outcome: rows written, and everyone left out and why.
fn report(a: &ExportArgs, spec: &ExportSpec, sel: &Selection, w: &WriteSummary) -> String {
    let mut t = format!(
        "Wrote {} rows to {} ({} layout, {}{}), analysis as of {}.\n",
        w.rows,
        a.out.display(),
        spec.preset.name(),
        if spec.encoding == Encoding::Utf8Bom {
            "UTF-8 with BOM"
        } else {
            "UTF-8"
        },
        if w.coupon_codes > 0 {
            format!(", {} coupon codes", w.coupon_codes)
        } else {
            String::new()
        },
        sel.as_of
    );
    t.push_str(&format!(
        "  {} customers matched the filters.\n",
        sel.total_matched
    ));
    if sel.excluded_no_consent > 0 {
        t.push_str(&format!(
            "  {} left out without marketing consent (opted out or unknown); \
             --include-no-consent exports them.\n",
            sel.excluded_no_consent
        ));
    }
    if sel.excluded_no_email > 0 {
        t.push_str(&format!(
            "  {} left out without an email address (the {} import needs one).\n",
            sel.excluded_no_email,
            spec.preset.name()
        ));
    }
    if w.rows == 0 && sel.total_matched > 0 {
        t.push_str("  Every matched customer was left out: the file has the header only.\n");
    }
    t
}
