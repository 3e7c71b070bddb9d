//! `repeatlens-cli`: RepeatLens without a window, over the same crates as the app.
//!
//! Scriptable and stable: human-readable output by default, one JSON document on stdout with
//! `--json`, errors on stderr with a non-zero exit code. Tests, benchmarks and power users drive
//! the product through it.
//!
//! Why one file of this size: `Command` lists every subcommand and the small ones run inline here;
//! the large ones (export, chart, predict, rules) already have modules of their own.

mod advice;
mod chart;
mod export;
mod predict;
mod sync;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Parser, Subcommand};
use repeatlens_import::{mapping::parse_map, source::encoding_by_name, ImportOptions, Progress};
use repeatlens_store::{default_db_path, Store};

#[derive(Parser)]
#[command(
    name = "repeatlens-cli",
    version,
    about = "RepeatLens 复购透镜 — local-first customer analytics, headless"
)]
struct Cli {
    /// The database file (default: the profile's file in the OS data folder).
    #[arg(long, global = true, env = "REPEATLENS_DB")]
    db: Option<PathBuf>,
    /// Print one JSON document instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Print progress lines to stderr while importing.
    #[arg(long, global = true)]
    progress: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import an orders or customers file (CSV/TSV, optionally .gz) into a store.
    Import {
        file: PathBuf,
        /// Store to import into (created if new; default: from the preset or file name).
        #[arg(long)]
        store: Option<String>,
        /// shopify-orders | shopify-customers | amazon-all-orders | online-retail | generic (default: detected)
        #[arg(long)]
        preset: Option<String>,
        /// Column mapping for other files: field=Column,... with fields order, customer, email,
        /// date, amount, quantity, unit_price, currency, country, sku, product, category.
        #[arg(long)]
        map: Option<String>,
        /// utf-8 | utf-16le | utf-16be | gbk | gb18030 (default: detected)
        #[arg(long)]
        encoding: Option<String>,
        /// , | ; | tab (default: detected)
        #[arg(long)]
        delimiter: Option<String>,
        /// dmy | mdy | ymd | auto: how to read dates like 01/02/2024.
        #[arg(long = "date-format")]
        date_format: Option<String>,
        /// IANA timezone for times without an offset (e.g. Asia/Shanghai).
        #[arg(long)]
        tz: Option<String>,
        /// ISO currency for files without a currency column.
        #[arg(long)]
        currency: Option<String>,
        /// Show how the file would be read and its first rows; write nothing.
        #[arg(long)]
        preview: bool,
        /// Skip lines that cannot be read (their count and line numbers are reported).
        #[arg(long = "skip-bad-rows")]
        skip_bad_rows: bool,
    },
    /// Load the sample store (UCI Online Retail).
    Demo,
    /// Load exchange rates into the database: the bundled ECB history, or an ECB
    /// eurofxref-hist.csv you downloaded (newer rates).
    Fx {
        /// An ECB `eurofxref-hist.csv` (default: the copy shipped with RepeatLens).
        file: Option<PathBuf>,
    },
    /// Analyse a store: KPIs, RFM segments (R×F and 8-class), tiers, lifecycle, cohorts,
    /// repurchase cycles, churn. Definitions: src-tauri/crates/repeatlens-analytics/DEFINITIONS.md
    Analyze {
        #[arg(long)]
        store: Option<String>,
        /// Analysis date YYYY-MM-DD (default: today, or the day after the newest order when the
        /// data is more than 30 days old).
        #[arg(long = "as-of")]
        as_of: Option<String>,
        /// Reporting currency (default: the store's).
        #[arg(long)]
        currency: Option<String>,
        /// Churn threshold in days instead of the store's p90 gap.
        #[arg(long = "churn-days")]
        churn_days: Option<u32>,
        /// Include one row per customer in the output.
        #[arg(long)]
        customers: bool,
        /// Record each customer's segments, tier and lifecycle for the as-of date.
        #[arg(long = "save-snapshot")]
        save_snapshot: bool,
    },
    /// Export a coupon target list as CSV (generic, or for Shopify/Klaviyo/Mailchimp import).
    /// Only customers with marketing consent unless --include-no-consent.
    Export(Box<export::ExportArgs>),
    /// Draw a chart of a store's analysis to an SVG or PNG file (format from --out's extension).
    Chart(chart::ChartArgs),
    /// Predictions per customer: P(alive), churn risk, expected purchases, next order, order
    /// value, CLV (BG/NBD + Gamma-Gamma), and the app's backtest (holdout: the last third of the
    /// history, 30–182 days).
    Predict(predict::PredictArgs),
    /// Association rules: `rules basket` (bought together) and `rules sequence --within N`.
    Rules {
        #[command(subcommand)]
        command: predict::RulesCommand,
    },
    /// Segment snapshots: `segments migration --from D1 --to D2`.
    Segments {
        #[command(subcommand)]
        command: SegmentsCommand,
    },
    /// List the stores with their counts and, for linked stores, platform, last successful
    /// sync and state (ok, syncing, relink_needed, error with its message).
    Stores,
    /// Link or remove stores: `store add woocommerce --name N --url URL --key CK --secret-stdin`,
    /// `store remove NAME`.
    Store {
        #[command(subcommand)]
        command: sync::StoreCommand,
    },
    /// Sync linked stores from their platforms (all without --store); --progress draws a
    /// progress bar on stderr. Exit status 0 only when every run completed.
    Sync(sync::SyncArgs),
    /// Orders, customers, revenue, first and last order of a store.
    Stats {
        #[arg(long)]
        store: Option<String>,
    },
}

#[derive(Subcommand)]
enum SegmentsCommand {
    /// The dates with snapshots.
    Dates {
        #[arg(long)]
        store: Option<String>,
    },
    /// How customers moved between segments from one snapshot to another.
    Migration {
        #[arg(long)]
        store: Option<String>,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn db_path(db: &Option<PathBuf>) -> Result<PathBuf, String> {
    match db {
        Some(p) => Ok(p.clone()),
        None => default_db_path("default").map_err(|e| e.to_string()),
    }
}

fn open(db: &Option<PathBuf>) -> Result<Store, String> {
    Store::open(db_path(db)?).map_err(advice::message)
}

fn progress_printer(enabled: bool) -> impl FnMut(Progress) {
    move |p: Progress| {
        if enabled {
            let total = p.rows_total.map_or_else(String::new, |t| format!("/{t}"));
            eprintln!(
                "progress: {:?} {}{} ({:.0} rows/s)",
                p.phase, p.rows_done, total, p.rows_per_sec
            );
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let out = |value: serde_json::Value, text: String| {
        let mut stdout = std::io::stdout().lock();
        if cli.json {
            let _ = writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        } else {
            let _ = write!(stdout, "{text}");
        }
    };
    match &cli.command {
        Command::Import {
            file,
            store,
            preset,
            map,
            encoding,
            delimiter,
            date_format,
            tz,
            currency,
            preview,
            skip_bad_rows,
        } => {
            let opts = ImportOptions {
                preset: preset.as_deref().map(str::parse).transpose()?,
                store: store.clone(),
                map: map
                    .as_deref()
                    .map(parse_map)
                    .transpose()?
                    .unwrap_or_default(),
                encoding: match encoding {
                    Some(e) => Some(encoding_by_name(e).ok_or_else(|| {
                        format!(
                            "unknown encoding '{e}': use utf-8, utf-16le, utf-16be, gbk or gb18030"
                        )
                    })?),
                    None => None,
                },
                delimiter: delimiter.as_deref().map(parse_delimiter).transpose()?,
                date_order: date_format.as_deref().map(str::parse).transpose()?,
                tz: tz.clone(),
                currency: currency.clone(),
                skip_bad_rows: *skip_bad_rows,
                platform: None,
            };
            let mut db = open(&cli.db)?;
            if *preview {
                let p =
                    repeatlens_import::preview(&db, file, &opts, 10).map_err(advice::message)?;
                let text = preview_text(&p);
                out(serde_json::to_value(&p).unwrap_or_default(), text);
                return Ok(());
            }
            let r = repeatlens_import::import_file(
                &mut db,
                file,
                &opts,
                &mut progress_printer(cli.progress),
                &AtomicBool::new(false),
            )
            .map_err(advice::message)?;
            let text = format!(
                "Imported {} into store '{}' ({}, {}, delimiter {}): {} rows read in {:.2} s\n  orders: {} new, {} updated, {} unchanged\n  returns/refunds: {} new, {} updated, {} unchanged\n  customers: {} new, {} updated, {} unchanged\n{}",
                display_name(Path::new(&r.file)), r.store_name, r.preset, r.encoding, r.delimiter, r.rows_read, r.seconds,
                r.orders_new, r.orders_updated, r.orders_unchanged,
                r.returns_new, r.returns_updated, r.returns_unchanged,
                r.customers_new, r.customers_updated, r.customers_unchanged,
                skipped_text(&r.skipped, r.skipped_rows),
            );
            out(serde_json::to_value(&r).unwrap_or_default(), text);
        }
        Command::Demo => {
            let mut db = open(&cli.db)?;
            let r = repeatlens_bundled::load_sample_store(
                &mut db,
                &mut progress_printer(cli.progress),
                &AtomicBool::new(false),
            )
            .map_err(advice::message)?;
            let text = format!(
                "Loaded the sample store '{}': {} orders new, {} unchanged; {} returns; {} customers ({:.2} s)\n{}\n",
                r.store_name, r.orders_new, r.orders_unchanged,
                r.returns_new + r.returns_unchanged + r.returns_updated,
                r.customers_new + r.customers_unchanged + r.customers_updated, r.seconds,
                repeatlens_bundled::CREDIT
            );
            out(serde_json::to_value(&r).unwrap_or_default(), text);
        }
        Command::Fx { file } => {
            let mut db = open(&cli.db)?;
            let written = match file {
                None => repeatlens_bundled::load_ecb_rates(&mut db).map_err(advice::message)?,
                Some(path) => {
                    let src =
                        repeatlens_import::source::read(path, None).map_err(advice::message)?;
                    let rates = repeatlens_import::fx::parse_ecb_history(&src.file_name, &src.text)
                        .map_err(advice::message)?;
                    db.write_fx_rates(&rates).map_err(advice::message)?
                }
            };
            let text = format!(
                "{written} exchange rates written. {}\n",
                repeatlens_bundled::FX_CREDIT
            );
            out(serde_json::json!({ "rates_written": written }), text);
        }
        Command::Stores => {
            let path = db_path(&cli.db)?;
            let db = open(&cli.db)?;
            let stores = db.stores().map_err(advice::message)?;
            let mut text = String::new();
            if stores.is_empty() {
                text.push_str(
                    "No stores yet. Run `repeatlens-cli demo`, `repeatlens-cli import FILE` or `repeatlens-cli store add …`.\n",
                );
            }
            let mut rows = Vec::new();
            for s in &stores {
                text.push_str(&format!(
                    "{:<28} {:<11} {}  {} customers, {} orders, {} returns, revenue {} {}\n",
                    s.name,
                    s.platform,
                    s.currency,
                    s.customers,
                    s.orders,
                    s.returns,
                    money(s.revenue_minor, &s.currency),
                    s.currency
                ));
                let mut row = serde_json::to_value(s).unwrap_or_default();
                let state = sync::state_of(&db, &path, s.id);
                if let Some(st) = &state {
                    let last = st["last_success"]
                        .as_i64()
                        .map(|t| repeatlens_store::local_minute(t, "UTC") + " UTC")
                        .unwrap_or_else(|| "never".into());
                    let msg = st["message"]
                        .as_str()
                        .map(|m| format!(": {m}"))
                        .unwrap_or_default();
                    text.push_str(&format!(
                        "  sync: {}{msg}; last successful sync {last}\n",
                        st["state"].as_str().unwrap_or("?")
                    ));
                }
                row["sync"] = state.unwrap_or(serde_json::Value::Null);
                rows.push(row);
            }
            out(serde_json::Value::Array(rows), text);
        }
        Command::Store { command } => {
            let (value, text) = sync::store(&db_path(&cli.db)?, command)?;
            out(value, text);
        }
        Command::Sync(args) => {
            let (value, text) = sync::sync(&db_path(&cli.db)?, args, cli.progress, cli.json)?;
            out(value, text);
        }
        Command::Analyze {
            store,
            as_of,
            currency,
            churn_days,
            customers,
            save_snapshot,
        } => {
            let mut db = open(&cli.db)?;
            let id = store_id(&db, store)?;
            let mut params = repeatlens_analytics::Params {
                include_customers: *customers,
                ..Default::default()
            };
            if let Some(d) = as_of {
                params.as_of = Some(
                    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .map_err(|_| format!("--as-of {d}: expected a date such as 2011-12-10"))?,
                );
            }
            if let Some(days) = churn_days {
                params.churn = repeatlens_analytics::ChurnRule::Fixed { days: *days };
            }
            let reporting = currency.as_deref().map(str::to_ascii_uppercase);
            let started = std::time::Instant::now();
            let ds = repeatlens_engine::load_dataset(&mut db, id, reporting.as_deref())
                .map_err(advice::message)?;
            let loaded = started.elapsed();
            let analysis = repeatlens_analytics::analyze(&ds, &params);
            if cli.progress {
                eprintln!(
                    "timing: loaded {} orders in {:.3} s, analysed in {:.3} s",
                    ds.orders(),
                    loaded.as_secs_f64(),
                    (started.elapsed() - loaded).as_secs_f64()
                );
            }
            if *save_snapshot {
                let snap = repeatlens_analytics::snapshot(&ds, &params);
                let n = repeatlens_engine::save_snapshot(&mut db, id, &snap)
                    .map_err(advice::message)?;
                eprintln!("snapshot of {} saved: {n} customers", snap.as_of);
            }
            let text = analysis_text(&analysis);
            out(serde_json::to_value(&analysis).unwrap_or_default(), text);
        }
        Command::Export(args) => {
            let (value, text) = export::run(&cli.db, args)?;
            out(value, text);
        }
        Command::Chart(args) => chart::run(&cli.db, args)
            .map(|w| out(serde_json::to_value(&w).unwrap_or_default(), w.text()))?,
        Command::Predict(args) => {
            let (value, text) = predict::run(&cli.db, args)?;
            out(value, text);
        }
        Command::Rules { command } => {
            let (value, text) = predict::run_rules(&cli.db, command)?;
            out(value, text);
        }
        Command::Segments { command } => {
            let db = open(&cli.db)?;
            match command {
                SegmentsCommand::Dates { store } => {
                    let id = store_id(&db, store)?;
                    let dates = db.snapshot_dates(id).map_err(advice::message)?;
                    let text = if dates.is_empty() {
                        "No snapshots yet: run `repeatlens-cli analyze --save-snapshot`.\n"
                            .to_string()
                    } else {
                        dates.join("\n") + "\n"
                    };
                    out(serde_json::json!(dates), text);
                }
                SegmentsCommand::Migration { store, from, to } => {
                    let id = store_id(&db, store)?;
                    let known = db.snapshot_dates(id).map_err(advice::message)?;
                    for d in [from, to] {
                        if !known.contains(d) {
                            return Err(format!(
                                "no snapshot of {d}; snapshots exist for: {}. Make one with `analyze --as-of {d} --save-snapshot`",
                                if known.is_empty() { "none".to_string() } else { known.join(", ") }
                            ));
                        }
                    }
                    let a =
                        repeatlens_engine::load_snapshot(&db, id, from).map_err(advice::message)?;
                    let b =
                        repeatlens_engine::load_snapshot(&db, id, to).map_err(advice::message)?;
                    let m = repeatlens_analytics::migration(&a, &b);
                    let mut text = format!(
                        "Segment migration {} → {} ({} moved, {} stayed)\n",
                        m.from, m.to, m.segment.changed, m.segment.unchanged
                    );
                    for c in &m.segment.cells {
                        text.push_str(&format!(
                            "  {:<22} → {:<22} {:>7}\n",
                            c.from, c.to, c.customers
                        ));
                    }
                    out(serde_json::to_value(&m).unwrap_or_default(), text);
                }
            }
        }
        Command::Stats { store } => {
            let db = open(&cli.db)?;
            let id = store_id(&db, store)?;
            let s = db.stats(id).map_err(advice::message)?;
            let c = &s.currency;
            let text = format!(
                "Store '{}' ({}, {}, {})\n  invoices: {} = {} orders + {} returns/refunds ({} cancelled orders)\n  guest orders: {}, guest returns: {}\n  customers: {} ({} with a purchase line of positive quantity and price)\n  countries: {}\n  order lines: {}, products: {}\n  gross purchase revenue, customers: {} {c}; all incl. guests: {} {c}\n  refunded/returned: {} {c}\n  first order: {}\n  last order:  {}\n",
                s.store.name, s.store.platform, c, s.store.timezone,
                s.invoices, s.orders, s.returns, s.cancelled_orders,
                s.guest_orders, s.guest_returns,
                s.customers, s.customers_with_purchase, s.countries, s.order_lines, s.products,
                money(s.gross_purchase_revenue_customers_minor, c), money(s.gross_purchase_revenue_all_minor, c),
                money(s.refunded_minor, c),
                s.first_order.as_deref().unwrap_or("-"), s.last_order.as_deref().unwrap_or("-"),
            );
            out(serde_json::to_value(&s).unwrap_or_default(), text);
        }
    }
    Ok(())
}

/// The store named, or the only one.
fn store_id(db: &Store, store: &Option<String>) -> Result<i64, String> {
    match store {
        Some(name) => db.store_id(name).map_err(advice::message),
        None => {
            let all = db.store_infos().map_err(advice::message)?;
            match all.as_slice() {
                [one] => Ok(one.id),
                [] => Err(
                    "no stores yet: run `repeatlens-cli demo` or `repeatlens-cli import FILE`"
                        .into(),
                ),
                many => Err(format!(
                    "there are {} stores; say which with --store NAME ({})",
                    many.len(),
                    many.iter()
                        .map(|s| format!("'{}'", s.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |x| format!("{:.1}%", x * 100.0))
}

/// The human-readable summary of `analyze`; `--json` prints the whole document.
fn analysis_text(a: &repeatlens_analytics::Analysis) -> String {
    let k = &a.kpis.all_time;
    let mut t = format!(
        "Analysis as of {} ({}){}\n",
        a.as_of.date,
        a.as_of.rule,
        a.as_of
            .note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default()
    );
    t.push_str(&format!(
        "  customers {}, purchases {} ({} of them by guests), net revenue {:.2} {}, AOV {}, repeat rate {}, churn rate {}\n",
        k.customers,
        k.purchases,
        k.guest_purchases,
        k.net_revenue,
        a.currency,
        k.average_order_value.map_or("-".into(), |v| format!("{v:.2}")),
        pct(k.repeat_customer_rate_all_time),
        pct(a.churn.rate),
    ));
    t.push_str("Segments (R×F):\n");
    for s in &a.segments {
        t.push_str(&format!(
            "  {:<22} {:>6}  {:>6} of customers, {:>6} of revenue\n",
            s.segment.name(),
            s.customers,
            pct(s.share),
            pct(s.revenue_share)
        ));
    }
    t.push_str("8-class map:\n");
    for c in &a.eight_class.classes {
        t.push_str(&format!(
            "  {:<10} {:<28} {:>6}\n",
            c.class.name(),
            c.gloss,
            c.customers
        ));
    }
    t.push_str("Value tiers:\n");
    for tier in &a.tiers {
        t.push_str(&format!(
            "  {:<7} {:>6} customers, {:>6} of revenue\n",
            tier.tier.name(),
            tier.customers,
            pct(tier.revenue_share)
        ));
    }
    t.push_str(&format!(
        "Lifecycle (churn after {:.0} days without a purchase):\n",
        a.lifecycle.churn_threshold_days
    ));
    for st in &a.lifecycle.stages {
        t.push_str(&format!("  {:<9} {:>6}\n", st.stage.name(), st.customers));
    }
    t
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        other if other.len() == 1 => Ok(other.as_bytes()[0]),
        other => Err(format!("unknown delimiter '{other}': use , ; or tab")),
    }
}

fn display_name(p: &Path) -> String {
    p.display().to_string()
}

/// Minor units as a decimal string with thousands separators (no locale: the CLI is for scripts).
fn money(minor: i64, currency: &str) -> String {
    let exp = repeatlens_money::minor_exponent(currency);
    let div = 10_i64.pow(exp);
    let (sign, abs) = if minor < 0 {
        ("-", -minor)
    } else {
        ("", minor)
    };
    let int = (abs / div).to_string();
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if exp == 0 {
        format!("{sign}{grouped}")
    } else {
        format!(
            "{sign}{grouped}.{:0width$}",
            abs % div,
            width = exp as usize
        )
    }
}

fn skipped_text(skipped: &[repeatlens_import::Skipped], count: u64) -> String {
    if count == 0 {
        return String::new();
    }
    let mut t = format!("  skipped {count} bad lines:\n");
    for s in skipped {
        t.push_str(&format!("    line {}: {}\n", s.line, s.reason));
    }
    if count as usize > skipped.len() {
        t.push_str(&format!(
            "    … and {} more\n",
            count as usize - skipped.len()
        ));
    }
    t
}

fn preview_text(p: &repeatlens_import::Preview) -> String {
    let mut t = format!(
        "Preview of {} — preset {}, encoding {}, delimiter {}, into store '{}' ({})\nMapping:\n",
        p.file, p.preset, p.encoding, p.delimiter, p.store, p.timezone
    );
    for (f, c) in &p.mapping {
        t.push_str(&format!("  {f:<12} ← {c}\n"));
    }
    t.push_str("First rows as they would be imported:\n");
    for r in &p.rows {
        t.push_str(&format!(
            "  {:<8} {:<14} {:<16} {}  {:>4} × {:<28} = {} {}  {}\n",
            r.kind,
            r.order,
            r.customer.as_deref().unwrap_or("(guest)"),
            r.date,
            r.quantity,
            r.product.as_deref().or(r.sku.as_deref()).unwrap_or("-"),
            money(r.amount_minor, &r.currency),
            r.currency,
            r.country.as_deref().unwrap_or("")
        ));
    }
    for e in &p.errors {
        t.push_str(&format!("  problem on line {}: {}\n", e.line, e.reason));
    }
    t
}
