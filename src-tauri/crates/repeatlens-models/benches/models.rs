//! Benchmarks of issue #6, printing figures (run: `cargo bench -p repeatlens-models`):
//!
//! 1. **BG/NBD + Gamma-Gamma on CDNOW master** (23,570 customers, 69,659 transactions): the summary
//!    in days, both fits, and P(alive), E[X(90 days)] and E[M] for every customer — the work of the
//!    lifetimes step in `docs/definitions.md#peer-timings` — against lifetimes 0.11.3 run on the
//!    same data in the same run (`lifetimes_peer.py` as a subprocess, JSON timings), and the ratio
//!    (target ≥ 20× faster), all on one thread. Also the full `predict` (adds 12-month CLV and
//!    next-purchase dates).
//! 2. **Basket rules on Groceries** at minsup 0.001, minconf 0.5 (target ≤ 0.2 s).
//! 3. **Sequential rules on Complete Journey**, category level, N = 30 days, from its 1.47 M
//!    lines (target ≤ 1 s).
//!
//! Reading the files is not timed (as in `docs/definitions.md#peer-timings`). Each figure is the
//! median of several runs.
//! `PYTHON` chooses the interpreter for the peer (default `python3`).

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use repeatlens_models::*;

fn median_secs(runs: usize, mut f: impl FnMut()) -> (f64, Vec<f64>) {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64()
        })
        .collect();
    let all = t.clone();
    t.sort_by(f64::total_cmp);
    (t[t.len() / 2], all)
}

/// The lifetimes-equivalent work on one thread: summary, both fits, three numbers per customer.
fn like_lifetimes(tx: &[Transaction], end: i32) -> (BgNbdFit, GammaGammaFit, f64, f64, f64) {
    let s = summarize(tx, end, TimeUnit::Days);
    let bg = fit_bgnbd(&s).unwrap();
    let gg = fit_gamma_gamma(&s).unwrap();
    let (m, g) = (bg.params, gg.params);
    let (mut p_sum, mut e_sum, mut v_sum) = (0.0, 0.0, 0.0);
    for c in &s.customers {
        p_sum += m.p_alive(c.frequency, c.recency, c.age);
        e_sum += m.expected_purchases(c.frequency, c.recency, c.age, 90.0);
        v_sum += g
            .conditional_expected_value(c.frequency, c.monetary)
            .unwrap();
    }
    let n = s.customers.len() as f64;
    (bg, gg, p_sum / n, e_sum, v_sum / n)
}

fn lifetimes_peer(csv: &Path, end: &str, runs: usize) -> Result<serde_json::Value, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/lifetimes_peer.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python)
        .arg(&script)
        .arg(csv)
        .arg(end)
        .arg(runs.to_string())
        .output()
        .map_err(|e| format!("cannot run {python}: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err.lines().last().unwrap_or("failed").to_string());
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("peer output: {e}"))
}

fn bench_cdnow() {
    let Some(tx) = common::cdnow(true) else {
        println!("CDNOW master not found: skipped");
        return;
    };
    let end = common::observation_end();
    println!(
        "== BG/NBD + Gamma-Gamma, CDNOW master: {} transactions",
        tx.len()
    );
    // Warm-up, and the numbers to compare with lifetimes.
    let (bg, gg, mean_p, sum_e, mean_v) = like_lifetimes(&tx, end);
    let runs = 15;
    let (rust, _) = median_secs(runs, || {
        black_box(like_lifetimes(&tx, end));
    });
    let s = summarize(&tx, end, TimeUnit::Days);
    let (summary, _) = median_secs(runs, || {
        black_box(summarize(&tx, end, TimeUnit::Days));
    });
    let (fit_bg, _) = median_secs(runs, || {
        black_box(fit_bgnbd(&s).unwrap());
    });
    let (fit_gg, _) = median_secs(runs, || {
        black_box(fit_gamma_gamma(&s).unwrap());
    });
    let cfg = PredictConfig::default();
    let (full, _) = median_secs(runs, || {
        black_box(predict(&s, &cfg));
    });
    let p = bg.params;
    println!(
        "  customers {}, repeaters {}; BG/NBD (days) r {:.6} α {:.4} a {:.6} b {:.6}, LL {:.3}, {} iterations ({}); GG p {:.6} q {:.6} v {:.6}, {} iterations",
        bg.customers, bg.repeat_customers, p.r, p.alpha, p.a, p.b, bg.log_likelihood,
        bg.convergence.iterations, bg.convergence.method, gg.params.p, gg.params.q, gg.params.v, gg.convergence.iterations
    );
    println!("  mean P(alive) {mean_p:.6}, Σ E[X(90 d)] {sum_e:.3}, mean E[M] {mean_v:.6}");
    println!(
        "  repeatlens, one thread (median of {runs}): {:.2} ms  [summary {:.2} ms, BG/NBD fit {:.2} ms ({} evaluations), GG fit {:.2} ms ({} evaluations)]",
        rust * 1e3, summary * 1e3, fit_bg * 1e3, bg.convergence.evaluations, fit_gg * 1e3, gg.convergence.evaluations
    );
    println!(
        "  full predict (P(alive), E[X(90 d)], next purchase, E[M], 12-month CLV; rows on two threads): {:.2} ms",
        full * 1e3
    );
    let csv = repeatlens_testkit::shared_data("cdnow/cdnow_master.csv").unwrap();
    match lifetimes_peer(&csv, "1998-06-30", 3) {
        Ok(v) => {
            let med = v["median"].as_f64().unwrap_or(f64::NAN);
            println!(
                "  lifetimes {} (pandas {}), median of 3 in the same run: {:.1} ms; runs {}",
                v["lifetimes"],
                v["pandas"],
                med * 1e3,
                v["runs"]
            );
            println!(
                "  lifetimes' BG/NBD r {:.6} α {:.4} a {:.6} b {:.6}; mean P(alive) {:.6}, Σ E[X(90 d)] {:.3}, mean E[M] {:.6}",
                v["bgnbd"]["r"].as_f64().unwrap_or(f64::NAN),
                v["bgnbd"]["alpha"].as_f64().unwrap_or(f64::NAN),
                v["bgnbd"]["a"].as_f64().unwrap_or(f64::NAN),
                v["bgnbd"]["b"].as_f64().unwrap_or(f64::NAN),
                v["mean_p_alive"].as_f64().unwrap_or(f64::NAN),
                v["sum_expected_90d"].as_f64().unwrap_or(f64::NAN),
                v["mean_expected_value"].as_f64().unwrap_or(f64::NAN),
            );
            println!(
                "  ratio: repeatlens is {:.0}× faster than lifetimes (target ≥ 20×)",
                med / rust
            );
        }
        Err(e) => println!("  lifetimes peer not available ({e}): no ratio"),
    }
}

fn bench_groceries() {
    let Some((_, baskets)) = common::groceries(0) else {
        println!("Groceries not found: skipped");
        return;
    };
    let opts = BasketOptions {
        min_support: 0.001,
        min_confidence: 0.5,
        max_len: 100,
        ..Default::default()
    };
    let r = basket_rules(&baskets, &opts).unwrap();
    let (t, _) = median_secs(9, || {
        black_box(basket_rules(&baskets, &opts).unwrap());
    });
    println!(
        "== Basket rules, Groceries ({} baskets), minsup 0.001, minconf 0.5: {} itemsets, {} rules in {:.2} ms (target ≤ 200 ms)",
        baskets.len(),
        r.itemsets,
        r.rules.len(),
        t * 1e3
    );
}

fn bench_complete_journey() {
    let (Some(b), Some(l), Some(p)) = (
        repeatlens_testkit::shared_data("completejourney/cj_baskets.csv.gz"),
        repeatlens_testkit::shared_data("completejourney/cj_lines.csv.gz"),
        repeatlens_testkit::shared_data("completejourney/cj_products.csv.gz"),
    ) else {
        println!("Complete Journey not found: skipped");
        return;
    };
    let t0 = Instant::now();
    // product → category id
    let mut categories: HashMap<String, u32> = HashMap::new();
    let mut product_cat: HashMap<u64, u32> = HashMap::new();
    let text = common::read_text(&p);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    for r in rdr.records() {
        let r = r.unwrap();
        let cat = if r[4].is_empty() { "(none)" } else { &r[4] };
        let n = categories.len() as u32;
        let id = *categories.entry(cat.to_string()).or_insert(n);
        product_cat.insert(r[0].parse().unwrap(), id);
    }
    // basket → (household, day)
    let mut basket: HashMap<u64, (u32, i32)> = HashMap::new();
    let text = common::read_text(&b);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    for r in rdr.records() {
        let r = r.unwrap();
        basket.insert(
            r[0].parse().unwrap(),
            (r[1].parse().unwrap(), common::parse_day(&r[3])),
        );
    }
    let text = common::read_text(&l);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut purchases = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        let (household, day) = basket[&r[0].parse::<u64>().unwrap()];
        let item = product_cat
            .get(&r[1].parse::<u64>().unwrap())
            .copied()
            .unwrap_or(0);
        purchases.push(Purchase {
            customer: household,
            day,
            item,
        });
    }
    let load = t0.elapsed().as_secs_f64();
    let opts = SequenceOptions {
        within_days: 30,
        min_support: 0.01,
        ..Default::default()
    };
    let r = sequence_rules(&purchases, &opts).unwrap();
    let (t, _) = median_secs(5, || {
        black_box(sequence_rules(&purchases, &opts).unwrap());
    });
    println!(
        "== Sequential rules, Complete Journey, category level, N = 30 days: {} lines, {} households, {} categories, {} rules (minsup 0.01) in {:.1} ms (target ≤ 1000 ms; reading the files: {:.1} s, not timed)",
        purchases.len(),
        r.customers,
        categories.len(),
        r.rules.len(),
        t * 1e3,
        load
    );
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    bench_cdnow();
    bench_groceries();
    bench_complete_journey();
}
