//! `repeatlens-cli predict` and `repeatlens-cli rules basket|sequence|first`: the models of
//! `repeatlens-models` on a stored store.
//!
//! The store is read exactly as `analyze` reads it (`repeatlens_engine::load_dataset`: the
//! analysis cache or the rows, money in the reporting currency, store-local days).
//!
//! `predict` is the app's Predictions screen: `repeatlens_engine::prediction_set` fits the models
//! and backtests them on the window the app uses (`repeatlens_engine::backtest_holdout_days`), so
//! the CLI and the app report the same numbers. `rules` takes the engine's baskets and
//! sequential purchases (the purchases the analysis counts) and hands them to the pure rule
//! miners with the options the command line exposes (longest itemset, any consequent, the same
//! item again), which the app's fixed Products screen does not have. This file only converts
//! ids and day numbers to what a person or a script reads (platform ids, product names, dates).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use repeatlens_analytics::{days, Dataset, ItemLevel};
use repeatlens_engine::{PredictedCustomer, PredictionReport};
use repeatlens_models as models;
use serde_json::{json, Value};

#[derive(Args)]
pub struct PredictArgs {
    #[arg(long)]
    store: Option<String>,
    /// Last day of data the models see, YYYY-MM-DD (default: the newest purchase's day).
    #[arg(long = "as-of")]
    as_of: Option<String>,
    /// Reporting currency (default: the store's).
    #[arg(long)]
    currency: Option<String>,
    /// Window of "expected purchases", in days.
    #[arg(long = "horizon-days", default_value_t = 90.0)]
    horizon_days: f64,
    /// CLV horizon in months.
    #[arg(long = "clv-months", default_value_t = 12)]
    clv_months: u32,
    /// Monthly discount rate of CLV (0.01 = 1 %).
    #[arg(long, default_value_t = 0.01)]
    discount: f64,
    /// Churn risk from which a customer is "medium".
    #[arg(long = "medium-risk", default_value_t = 0.3)]
    medium_risk: f64,
    /// Churn risk from which a customer is "high".
    #[arg(long = "high-risk", default_value_t = 0.7)]
    high_risk: f64,
    /// Customers listed in the text output (by CLV).
    #[arg(long, default_value_t = 10)]
    top: usize,
}

#[derive(Subcommand)]
pub enum RulesCommand {
    /// "Buyers of X also buy Y": association rules over orders.
    Basket {
        #[arg(long)]
        store: Option<String>,
        /// item | category
        #[arg(long, default_value = "item")]
        level: String,
        #[arg(long = "min-support", default_value_t = 0.01)]
        min_support: f64,
        #[arg(long = "min-confidence", default_value_t = 0.5)]
        min_confidence: f64,
        /// Longest itemset.
        #[arg(long = "max-len", default_value_t = 10)]
        max_len: usize,
        /// Allow consequents of several items (default: one item, as arules).
        #[arg(long = "any-consequent")]
        any_consequent: bool,
        /// Rules listed in the text output.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// "Buyers of A buy B within N days": sequential rules over each customer's purchases.
    Sequence {
        #[arg(long)]
        store: Option<String>,
        /// N, in days.
        #[arg(long, default_value_t = 60)]
        within: u32,
        /// item | category
        #[arg(long, default_value = "category")]
        level: String,
        #[arg(long = "min-support", default_value_t = 0.01)]
        min_support: f64,
        #[arg(long = "min-confidence", default_value_t = 0.0)]
        min_confidence: f64,
        /// Count buying the same item again.
        #[arg(long = "include-same")]
        include_same: bool,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// First-product analysis: repeat rate and mean 12-month net revenue by what a customer's
    /// first order held, and the most common first → second order paths.
    First {
        #[arg(long)]
        store: Option<String>,
        /// item | category
        #[arg(long, default_value = "item")]
        level: String,
        /// Last day of data, YYYY-MM-DD (default: the newest purchase's day).
        #[arg(long = "as-of")]
        as_of: Option<String>,
        /// Leave out items that started fewer customers.
        #[arg(long = "min-customers", default_value_t = 1)]
        min_customers: u64,
        /// Rows per table.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

fn parse_date(flag: &str, d: &str) -> Result<i32, String> {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map(days::day_number)
        .map_err(|_| format!("{flag} {d}: expected a date such as 2011-12-09"))
}

fn load(
    db: &Option<PathBuf>,
    store: &Option<String>,
    currency: Option<&str>,
) -> Result<Dataset, String> {
    let mut db = crate::open(db)?;
    let id = crate::store_id(&db, store)?;
    let reporting = currency.map(str::to_ascii_uppercase);
    repeatlens_engine::load_dataset(&mut db, id, reporting.as_deref())
        .map_err(crate::advice::message)
}

/// Replaces a day-number field by its date, in place.
fn date_field(v: &mut Value, key: &str) {
    if let Some(d) = v.get(key).and_then(Value::as_i64) {
        v[key] = json!(days::date_key(d as i32));
    }
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1} %", part as f64 * 100.0 / whole as f64)
    }
}

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".into(), |x| format!("{x:.decimals$}"))
}

pub fn run(db: &Option<PathBuf>, a: &PredictArgs) -> Result<(Value, String), String> {
    let ds = load(db, &a.store, a.currency.as_deref())?;
    let newest = ds
        .purchase_rows()
        .iter()
        .filter(|p| p.customer.is_some())
        .map(|p| p.day)
        .max()
        .ok_or("the store has no purchases by known customers")?;
    let as_of = match &a.as_of {
        Some(d) => parse_date("--as-of", d)?,
        None => newest,
    };
    let cfg = models::PredictConfig {
        horizon_days: a.horizon_days,
        clv_months: a.clv_months,
        monthly_discount: a.discount,
        churn_bands: models::ChurnBands {
            medium_from: a.medium_risk,
            high_from: a.high_risk,
        },
        ..Default::default()
    };
    // The app's predictions and backtest (its window: the last third of the history).
    let set = repeatlens_engine::prediction_set(&ds, as_of, &cfg)
        .ok_or_else(|| format!("no purchases on or before {}", days::date_key(as_of)))?;
    let report = set.report;
    // One row per customer, in the models' order (by customer).
    let mut by_customer = set.by_customer;
    let rows: Vec<PredictedCustomer> = (0..ds.customers() as u32)
        .filter_map(|c| by_customer.remove(ds.customer_platform_id(c)))
        .collect();
    let text = predict_text(&report, &rows, a.top);

    let mut pv = serde_json::to_value(&report.predictions).map_err(|e| e.to_string())?;
    date_field(&mut pv, "as_of");
    let mut rv = serde_json::to_value(&rows).map_err(|e| e.to_string())?;
    if let Some(rows) = rv.as_array_mut() {
        for r in rows.iter_mut().filter_map(Value::as_object_mut) {
            // The key `predict` has always used for the date.
            if let Some(d) = r.remove("next_purchase") {
                r.insert("next_purchase_day".into(), d);
            }
        }
    }
    pv["rows"] = rv;
    let bv = match &report.backtest {
        Some(b) => {
            let mut v = serde_json::to_value(&b.result).map_err(|e| e.to_string())?;
            // The engine's window, as the app shows it.
            v["calibration_end"] = json!(b.calibration_end);
            v["holdout_days"] = json!(b.holdout_days);
            date_field(&mut v, "observation_end");
            v
        }
        None => Value::Null,
    };
    let nv = match &report.backtest_note {
        Some(n) => {
            let mut v = serde_json::to_value(n).map_err(|e| e.to_string())?;
            v["message"] = json!(n.english());
            v
        }
        None => Value::Null,
    };
    let value = json!({
        "currency": report.currency,
        "predictions": pv,
        "backtest": bv,
        "backtest_note": nv,
    });
    Ok((value, text))
}

fn predict_text(r: &PredictionReport, rows: &[PredictedCustomer], top: usize) -> String {
    let p = &r.predictions;
    let cur = &r.currency;
    let mut t = format!(
        "Predictions as of {} — {} customers, {} bought more than once\n",
        r.as_of, p.customers, p.repeat_customers
    );
    if let Some(f) = &p.bgnbd {
        let m = f.params;
        t.push_str(&format!(
            "  BG/NBD (days): r {:.4}, α {:.2}, a {:.4}, b {:.4}; log-likelihood {:.2} ({}, {} iterations{})\n",
            m.r, m.alpha, m.a, m.b, f.log_likelihood, f.convergence.method, f.convergence.iterations,
            if f.convergence.converged { "" } else { ", NOT converged" }
        ));
    }
    if let Some(f) = &p.gamma_gamma {
        let g = f.params;
        t.push_str(&format!(
            "  Gamma-Gamma: p {:.4}, q {:.4}, v {:.4}; mean order value {} {cur}\n",
            g.p,
            g.q,
            g.v,
            num(g.mean(), 2)
        ));
    }
    if let Some(c) = &p.correlation {
        t.push_str(&format!(
            "  frequency–value correlation r = {:.3}{}\n",
            c.r,
            if c.warning {
                " (high: order values may be biased)"
            } else {
                ""
            }
        ));
    }
    let b = p.totals.churn_bands;
    t.push_str(&format!(
        "  churn risk ({}): low {}, medium {}, high {}{}\n",
        match p.churn_method {
            models::ChurnMethod::Model => "1 − P(alive)",
            models::ChurnMethod::Heuristic => "heuristic",
        },
        b.low,
        b.medium,
        b.high,
        if b.unknown > 0 {
            format!(", unknown {}", b.unknown)
        } else {
            String::new()
        }
    ));
    if p.churn_method == models::ChurnMethod::Model {
        t.push_str(&format!(
            "  mean P(alive) {}, expected purchases in the next {:.0} days {}, {}-month CLV {} {cur}\n",
            num(p.totals.mean_p_alive, 3),
            p.config.horizon_days,
            num(p.totals.expected_purchases, 1),
            p.config.clv_months,
            num(p.totals.clv, 2)
        ));
    }
    for n in &p.notes {
        t.push_str(&format!("  note: {n}\n"));
    }
    let mut by_clv: Vec<&PredictedCustomer> = rows.iter().filter(|r| r.clv.is_some()).collect();
    by_clv.sort_by(|x, y| y.clv.unwrap_or(0.0).total_cmp(&x.clv.unwrap_or(0.0)));
    if !by_clv.is_empty() && top > 0 {
        t.push_str(&format!(
            "Top {} customers by {}-month CLV:\n  {:<16} {:>4} {:>8} {:>10} {:>11} {:>10} {:>10}\n",
            top.min(by_clv.len()),
            p.config.clv_months,
            "customer",
            "x",
            "P(alive)",
            "E[next]",
            "next order",
            "E[value]",
            "CLV"
        ));
        for r in by_clv.into_iter().take(top) {
            t.push_str(&format!(
                "  {:<16} {:>4} {:>8} {:>10} {:>11} {:>10} {:>10}\n",
                r.customer,
                r.frequency,
                num(r.p_alive, 3),
                num(r.expected_purchases, 2),
                r.next_purchase.as_deref().unwrap_or("-"),
                num(r.expected_order_value, 2),
                num(r.clv, 2)
            ));
        }
    }
    if let Some(b) = &r.backtest {
        let bt = &b.result;
        t.push_str(&format!(
            "Backtest: fitted up to {}, holdout to {} ({} days). {}\n  {:<6} {:>9} {:>8} {:>10}\n",
            b.calibration_end,
            days::date_key(bt.observation_end),
            b.holdout_days,
            bt.summary,
            "x",
            "customers",
            "actual",
            "predicted"
        ));
        for k in &bt.buckets {
            t.push_str(&format!(
                "  {:<6} {:>9} {:>8.3} {:>10.3}\n",
                k.label, k.customers, k.actual_mean, k.predicted_mean
            ));
        }
    }
    if let Some(n) = &r.backtest_note {
        t.push_str(&format!("Backtest: none. {n}\n"));
    }
    t
}

/// "no order lines with an item", with a hint when the store has no categories.
fn no_lines(what: &str, lvl: &str, lv: ItemLevel) -> String {
    format!(
        "no {what} lines with a{} {lvl}{}",
        if lvl == "item" { "n" } else { "" },
        if lv == ItemLevel::Category {
            ": the store's products have no categories; try --level item"
        } else {
            ""
        }
    )
}

fn level(s: &str) -> Result<ItemLevel, String> {
    repeatlens_engine::item_level(s).map_err(|_| format!("--level {s}: use item or category"))
}

fn names(ds: &Dataset, lv: ItemLevel, ids: &[u32]) -> Vec<String> {
    ids.iter()
        .map(|&i| ds.item_name(lv, i).to_string())
        .collect()
}

pub fn run_rules(db: &Option<PathBuf>, cmd: &RulesCommand) -> Result<(Value, String), String> {
    match cmd {
        RulesCommand::First {
            store,
            level: lvl,
            as_of,
            min_customers,
            limit,
        } => {
            let lv = level(lvl)?;
            let ds = load(db, store, None)?;
            let as_of = match as_of {
                Some(d) => parse_date("--as-of", d)?,
                None => ds
                    .purchase_rows()
                    .iter()
                    .map(|p| p.day)
                    .max()
                    .ok_or("the store has no purchases")?,
            };
            let f = ds.first_products(as_of, lv, *min_customers, *limit);
            let cur = ds.reporting_currency();
            let mut text = format!(
                "First products ({lvl} level) as of {}: {} customers, {} came back ({}); {} bought \
                 for 12 months, mean 12-month net revenue {} {cur}\n  {:<24} {:>9} {:>8} {:>8} {:>12}\n",
                f.as_of,
                f.customers,
                f.repeat_customers,
                pct(f.repeat_customers, f.customers),
                f.matured_customers,
                num(f.mean_net_revenue_12m, 2),
                "first item",
                "customers",
                "repeat",
                "matured",
                "12m revenue"
            );
            for r in &f.items {
                text.push_str(&format!(
                    "  {:<24} {:>9} {:>8} {:>8} {:>12}\n",
                    r.item,
                    r.customers,
                    format!("{:.1} %", r.repeat_rate * 100.0),
                    r.matured_customers,
                    num(r.mean_net_revenue_12m, 2)
                ));
            }
            text.push_str(&format!(
                "Most common first → second order paths ({} in all):\n",
                f.paths_total
            ));
            for p in &f.paths {
                text.push_str(&format!(
                    "  {} → {}  customers {}, {:.1} % of {}'s starters who came back\n",
                    p.first,
                    p.second,
                    p.customers,
                    p.share_of_first * 100.0,
                    p.first
                ));
            }
            Ok((serde_json::to_value(&f).map_err(|e| e.to_string())?, text))
        }
        RulesCommand::Basket {
            store,
            level: lvl,
            min_support,
            min_confidence,
            max_len,
            any_consequent,
            limit,
        } => {
            let lv = level(lvl)?;
            let ds = load(db, store, None)?;
            // The app's baskets: counted orders holding an item of the level.
            let baskets = repeatlens_engine::baskets(&ds, lv);
            if baskets.is_empty() {
                return Err(no_lines("order", lvl, lv));
            }
            let opts = models::BasketOptions {
                min_support: *min_support,
                min_confidence: *min_confidence,
                max_len: *max_len,
                consequents: if *any_consequent {
                    models::Consequents::Any
                } else {
                    models::Consequents::Single
                },
                ..Default::default()
            };
            let r = models::basket_rules(&baskets, &opts).map_err(|e| e.to_string())?;
            let mut text = format!(
                "Basket rules ({} level): {} orders, min support {} ({} orders), min confidence {}: {} frequent itemsets, {} rules\n",
                lvl, r.baskets, min_support, r.min_count, min_confidence, r.itemsets, r.rules.len()
            );
            for x in r.rules.iter().take(*limit) {
                text.push_str(&format!(
                    "  {{{}}} ⇒ {{{}}}  support {:.4}, confidence {:.3}, lift {:.2}\n",
                    names(&ds, lv, &x.antecedent).join(", "),
                    names(&ds, lv, &x.consequent).join(", "),
                    x.support,
                    x.confidence,
                    x.lift
                ));
            }
            let rules: Vec<Value> = r
                .rules
                .iter()
                .map(|x| {
                    json!({
                        "antecedent": names(&ds, lv, &x.antecedent),
                        "consequent": names(&ds, lv, &x.consequent),
                        "count": x.count,
                        "support": x.support,
                        "confidence": x.confidence,
                        "lift": x.lift,
                        "leverage": x.leverage,
                        "conviction": x.conviction,
                    })
                })
                .collect();
            let value = json!({
                "level": lvl,
                "baskets": r.baskets,
                "min_count": r.min_count,
                "itemsets": r.itemsets,
                "options": r.options,
                "rules": rules,
            });
            Ok((value, text))
        }
        RulesCommand::Sequence {
            store,
            within,
            level: lvl,
            min_support,
            min_confidence,
            include_same,
            limit,
        } => {
            let lv = level(lvl)?;
            let ds = load(db, store, None)?;
            let purchases = repeatlens_engine::sequence_purchases(&ds, lv);
            if purchases.is_empty() {
                return Err(no_lines("purchase", lvl, lv));
            }
            let opts = models::SequenceOptions {
                within_days: *within,
                min_support: *min_support,
                min_confidence: *min_confidence,
                include_same_item: *include_same,
            };
            let r = models::sequence_rules(&purchases, &opts).map_err(|e| e.to_string())?;
            let mut text = format!(
                "Sequential rules ({} level, B bought 1–{} days after A): {} customers, min support {} ({} customers): {} rules\n",
                lvl, within, r.customers, min_support, r.min_count, r.rules.len()
            );
            for x in r.rules.iter().take(*limit) {
                text.push_str(&format!(
                    "  {} ⇒ {}  customers {}, support {:.4}, confidence {:.3}, lift {:.2}\n",
                    ds.item_name(lv, x.antecedent),
                    ds.item_name(lv, x.consequent),
                    x.customers,
                    x.support,
                    x.confidence,
                    x.lift
                ));
            }
            let rules: Vec<Value> = r
                .rules
                .iter()
                .map(|x| {
                    json!({
                        "antecedent": ds.item_name(lv, x.antecedent),
                        "consequent": ds.item_name(lv, x.consequent),
                        "customers": x.customers,
                        "support": x.support,
                        "confidence": x.confidence,
                        "lift": x.lift,
                    })
                })
                .collect();
            let value = json!({
                "level": lvl,
                "customers": r.customers,
                "min_count": r.min_count,
                "options": r.options,
                "rules": rules,
            });
            Ok((value, text))
        }
    }
}
