//! Data for tests and benchmarks, written straight into a store through the same
//! [`repeatlens_store::Store::write`] path an import uses:
//!
//! - [`complete_journey`]: the 84.51° Complete Journey data (2,469 households, 155,848 baskets,
//!   1,469,307 lines; `../shared/data/completejourney/`) replicated `K` times with disjoint
//!   customer ids — a real purchase pattern at any scale;
//! - [`synthetic`]: a seeded synthetic store with BG/NBD-like purchase timing (Gamma-distributed
//!   purchase rates, Beta-distributed dropout), Gamma-skewed spend, 30 countries, 2,000 SKUs
//!   with their own repurchase cycles, refunds and several currencies, up to millions of orders.
//!
//! Dev/bench only: the app never depends on this crate.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDateTime;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Beta, Distribution, Gamma, LogNormal};
use repeatlens_store::{
    CustomerRecord, LineRecord, OrderRecord, ProductRecord, RefundRecord, Store, StoreError,
    StoreSpec,
};

/// `../shared/data/<rel>` beside the repository (the public data sets tests use as oracles).
/// Missing is a test failure under `CI=true` (panics); elsewhere the caller skips, told why.
pub fn shared_data(rel: &str) -> Option<std::path::PathBuf> {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    while !dir.join("tauri.conf.json").exists() {
        dir = dir.parent()?.to_path_buf();
    }
    let p = dir.parent()?.join("shared/data").join(rel);
    if p.exists() {
        Some(p)
    } else if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "{} is missing: CI must have ../shared/data beside the clone",
            p.display()
        );
    } else {
        eprintln!("skipping: {} not found", p.display());
        None
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("cannot read {0}: {1}")]
    Read(String, String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a generator wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    pub store_id: i64,
    pub customers: u64,
    pub orders: u64,
    pub lines: u64,
    pub refunds: u64,
}

fn read_gz(path: &Path) -> Result<String, GenError> {
    let bytes = std::fs::read(path)
        .map_err(|e| GenError::Read(path.display().to_string(), e.to_string()))?;
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .map_err(|e| GenError::Read(path.display().to_string(), e.to_string()))?;
    Ok(text)
}

fn cents(s: &str) -> i64 {
    (s.trim().parse::<f64>().unwrap_or(0.0) * 100.0).round() as i64
}

struct CjLine {
    product: String,
    quantity: i64,
    cents: i64,
}

/// Writes Complete Journey `times` times into the store `name` (replica `k` has customers
/// `k-<household>` and orders `k-<basket>`), one transaction per replica.
pub fn complete_journey(
    store: &mut Store,
    data_dir: &Path,
    times: u32,
    name: &str,
) -> Result<Generated, GenError> {
    let baskets = read_gz(&data_dir.join("cj_baskets.csv.gz"))?;
    let lines = read_gz(&data_dir.join("cj_lines.csv.gz"))?;
    let products = read_gz(&data_dir.join("cj_products.csv.gz"))?;
    let mut category: HashMap<String, String> = HashMap::new();
    for rec in csv::Reader::from_reader(products.as_bytes())
        .records()
        .flatten()
    {
        // product_id, manufacturer_id, department, brand, product_category, product_type, package_size
        let cat = if rec[4].is_empty() { &rec[2] } else { &rec[4] };
        category.insert(rec[0].to_string(), cat.to_string());
    }
    let mut by_basket: HashMap<String, Vec<CjLine>> = HashMap::new();
    for rec in csv::Reader::from_reader(lines.as_bytes())
        .records()
        .flatten()
    {
        by_basket
            .entry(rec[0].to_string())
            .or_default()
            .push(CjLine {
                product: rec[1].to_string(),
                quantity: rec[2].parse().unwrap_or(1),
                cents: cents(&rec[3]),
            });
    }
    let mut rows: Vec<(String, String, i64, i64)> = Vec::new();
    for rec in csv::Reader::from_reader(baskets.as_bytes())
        .records()
        .flatten()
    {
        let at = NaiveDateTime::parse_from_str(&rec[3], "%Y-%m-%d %H:%M:%S")
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0);
        rows.push((rec[0].to_string(), rec[1].to_string(), at, cents(&rec[7])));
    }
    let spec = StoreSpec {
        platform: "file".into(),
        name: name.into(),
        currency: "USD".into(),
        timezone: "America/Chicago".into(),
    };
    let mut out = Generated::default();
    for k in 0..times {
        let ((), _, id) = store.write(&spec, |w| -> Result<(), StoreError> {
            if k == 0 {
                for (p, c) in &category {
                    w.product(&ProductRecord {
                        platform_id: p.clone(),
                        sku: Some(p.clone()),
                        category: Some(c.clone()),
                        ..Default::default()
                    })?;
                }
            }
            let mut seen = std::collections::HashSet::new();
            for (basket, household, at, total) in &rows {
                let customer = format!("{k}-{household}");
                if seen.insert(household.clone()) {
                    w.customer(&CustomerRecord {
                        platform_id: customer.clone(),
                        country: Some("US".into()),
                        ..Default::default()
                    })?;
                    out.customers += 1;
                }
                let lines: Vec<LineRecord> = by_basket
                    .get(basket)
                    .map(|ls| {
                        ls.iter()
                            .map(|l| LineRecord {
                                sku: Some(l.product.clone()),
                                category: category.get(&l.product).cloned(),
                                quantity: l.quantity,
                                unit_price_micros: if l.quantity != 0 {
                                    l.cents * 10_000 / l.quantity
                                } else {
                                    0
                                },
                                line_total_minor: l.cents,
                                ..Default::default()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.lines += lines.len() as u64;
                w.order(&OrderRecord {
                    platform_id: format!("{k}-{basket}"),
                    customer: Some(customer),
                    created_at: *at,
                    currency: "USD".into(),
                    subtotal_minor: *total,
                    total_minor: *total,
                    ship_country: Some("US".into()),
                    lines,
                    ..Default::default()
                })?;
                out.orders += 1;
            }
            Ok(())
        })?;
        out.store_id = id;
    }
    Ok(out)
}

/// The shape of a synthetic store.
#[derive(Debug, Clone)]
pub struct SyntheticSpec {
    pub name: String,
    pub customers: u32,
    /// Stop once this many orders were generated (customers are generated until then).
    pub max_orders: u64,
    pub seed: u64,
    /// First day of trading (UTC seconds) and length of the history in days.
    pub start: i64,
    pub days: u32,
}

impl Default for SyntheticSpec {
    fn default() -> Self {
        SyntheticSpec {
            name: "Synthetic".into(),
            customers: 10_000,
            max_orders: u64::MAX,
            seed: 42,
            start: 1_640_995_200, // 2022-01-01
            days: 730,
        }
    }
}

const COUNTRIES: [&str; 30] = [
    "US", "GB", "DE", "FR", "CA", "AU", "JP", "CN", "NL", "IT", "ES", "SE", "NO", "DK", "FI", "IE",
    "BE", "AT", "CH", "PL", "CZ", "PT", "NZ", "SG", "HK", "KR", "MX", "BR", "IL", "AE",
];

/// Writes a synthetic store in one transaction. Deterministic for a given spec.
pub fn synthetic(store: &mut Store, spec: &SyntheticSpec) -> Result<Generated, GenError> {
    let mut rng = SmallRng::seed_from_u64(spec.seed);
    // BG/NBD-like: purchase rate per day ~ Gamma(r=0.6, scale=1/30); dropout after each
    // purchase with p ~ Beta(0.5, 4); spend per order ~ LogNormal (skewed), per customer scale ~
    // Gamma (Gamma-Gamma-like).
    let rate: Gamma<f64> = Gamma::new(0.6, 1.0 / 30.0).unwrap();
    let dropout: Beta<f64> = Beta::new(0.5, 4.0).unwrap();
    let scale: Gamma<f64> = Gamma::new(3.0, 1.0).unwrap();
    let spend: LogNormal<f64> = LogNormal::new(3.2, 0.6).unwrap();
    // 2,000 SKUs in 40 categories, each with its own cycle (days) and price.
    let sku_cycle: Vec<f64> = (0..2000).map(|i| 14.0 + (i % 12) as f64 * 15.0).collect();
    let sku_price: Vec<i64> = (0..2000).map(|i| 300 + (i * 37 % 9000) as i64).collect();
    let store_spec = StoreSpec {
        platform: "file".into(),
        name: spec.name.clone(),
        currency: "USD".into(),
        timezone: "UTC".into(),
    };
    let mut out = Generated::default();
    let horizon = spec.start + i64::from(spec.days) * 86_400;
    let ((), _, id) = store.write(&store_spec, |w| -> Result<(), StoreError> {
        for i in 0..2000 {
            w.product(&ProductRecord {
                platform_id: format!("SKU{i:04}"),
                sku: Some(format!("SKU{i:04}")),
                title: Some(format!("Product {i}")),
                category: Some(format!("Category {}", i % 40)),
                ..Default::default()
            })?;
        }
        'customers: for c in 0..spec.customers {
            let country = COUNTRIES[(rng.gen::<f64>().powi(2) * 30.0) as usize % 30];
            let currency = match country {
                "GB" => "GBP",
                "JP" => "JPY",
                "DE" | "FR" | "NL" | "IT" | "ES" | "IE" | "BE" | "AT" | "FI" | "PT" => "EUR",
                _ => "USD",
            };
            let cid = format!("C{c:07}");
            w.customer(&CustomerRecord {
                platform_id: cid.clone(),
                email: Some(format!("{}@example.com", cid.to_lowercase())),
                country: Some(country.into()),
                accepts_marketing: Some(rng.gen_bool(0.7)),
                ..Default::default()
            })?;
            out.customers += 1;
            let lambda: f64 = rate.sample(&mut rng).max(1e-4);
            let p_drop: f64 = dropout.sample(&mut rng);
            let cust_scale: f64 = scale.sample(&mut rng) / 3.0;
            let favourite = rng.gen_range(0..2000usize);
            let mut t =
                spec.start + (rng.gen::<f64>() * f64::from(spec.days) * 86_400.0 * 0.9) as i64;
            let mut n = 0u32;
            loop {
                if out.orders >= spec.max_orders {
                    break 'customers;
                }
                n += 1;
                let n_lines = 1 + (rng.gen::<f64>().powi(3) * 4.0) as usize;
                let mut lines = Vec::with_capacity(n_lines);
                for j in 0..n_lines {
                    // Repeat buyers tend to rebuy their favourite item.
                    let sku = if j == 0 && rng.gen_bool(0.6) {
                        favourite
                    } else {
                        rng.gen_range(0..2000)
                    };
                    let q = 1 + (rng.gen::<f64>().powi(4) * 3.0) as i64;
                    let price = (sku_price[sku] as f64 * cust_scale * spend.sample(&mut rng) / 25.0)
                        .max(50.0) as i64;
                    lines.push(LineRecord {
                        sku: Some(format!("SKU{sku:04}")),
                        title: Some(format!("Product {sku}")),
                        category: Some(format!("Category {}", sku % 40)),
                        quantity: q,
                        unit_price_micros: price * 10_000,
                        line_total_minor: price * q,
                        ..Default::default()
                    });
                }
                let total: i64 = lines.iter().map(|l| l.line_total_minor).sum();
                let (currency, total_c) = match currency {
                    // Stored in the order's own currency (rough fixed conversion for realism).
                    "JPY" => ("JPY", total * 150 / 100),
                    other => (other, total),
                };
                let oid = format!("{cid}-{n}");
                let delivered = t + 86_400 * (2 + (rng.gen::<f64>().powi(2) * 25.0) as i64);
                out.lines += lines.len() as u64;
                w.order(&OrderRecord {
                    platform_id: oid.clone(),
                    customer: Some(cid.clone()),
                    created_at: t,
                    fulfilled_at: Some(t + 86_400),
                    delivered_at: Some(delivered),
                    cancelled_at: rng.gen_bool(0.01).then_some(t + 3_600),
                    currency: currency.into(),
                    subtotal_minor: total_c,
                    total_minor: total_c,
                    ship_country: Some(country.into()),
                    discount_codes: rng.gen_bool(0.15).then(|| "WELCOME10".to_string()),
                    lines: if currency == "JPY" {
                        lines
                            .into_iter()
                            .map(|mut l| {
                                l.line_total_minor = l.line_total_minor * 150 / 100;
                                l
                            })
                            .collect()
                    } else {
                        lines
                    },
                    ..Default::default()
                })?;
                out.orders += 1;
                if rng.gen_bool(0.03) {
                    w.refund(&RefundRecord {
                        platform_id: format!("{oid}-r"),
                        order: Some(oid.clone()),
                        customer: Some(cid.clone()),
                        kind: "refund".into(),
                        created_at: delivered + 86_400 * 3,
                        currency: currency.into(),
                        amount_minor: total_c / 2,
                        ..Default::default()
                    })?;
                    out.refunds += 1;
                }
                if rng.gen_bool(p_drop) {
                    break;
                }
                // Next purchase: exponential wait with the customer's rate, nudged towards the
                // favourite item's cycle.
                let wait_days = -rng.gen::<f64>().max(1e-12).ln() / lambda;
                let wait = 0.5 * wait_days + 0.5 * sku_cycle[favourite];
                t += (wait * 86_400.0) as i64 + 3_600;
                if t >= horizon {
                    break;
                }
            }
        }
        Ok(())
    })?;
    out.store_id = id;
    Ok(out)
}
