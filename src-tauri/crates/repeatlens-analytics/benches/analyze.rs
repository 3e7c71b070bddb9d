//! Benchmark of the pure engine on a synthetic store the size of Complete Journey ×10 (1.56 M
//! orders, 24,690 customers, 9 lines per order): building the columns, then `analyze` three
//! times. The end-to-end target (≤ 0.5 s including the SQLite read) is NOT met yet; this
//! prints where the time goes. Run: `cargo bench -p repeatlens-analytics --bench analyze`.

use std::time::Instant;

use repeatlens_analytics::*;

fn main() {
    let (n_cust, n_orders, lines_per_order) = (24_690u32, 1_558_480u32, 9u32);
    let t0 = Instant::now();
    let mut b = DatasetBuilder::new("America/Chicago", "USD").unwrap();
    b.reserve(
        n_cust as usize,
        n_orders as usize,
        (n_orders * lines_per_order) as usize,
    );
    for c in 0..n_cust {
        b.push_customer(CustomerInput {
            platform_id: &c.to_string(),
            country: Some(["US", "CA", "MX"][c as usize % 3]),
            accepts_marketing: None,
            has_record: true,
        });
    }
    let skus: Vec<String> = (0..2000).map(|i| format!("SKU{i}")).collect();
    let cats: Vec<String> = (0..50).map(|i| format!("CAT{i}")).collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rnd = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let start = 1_500_000_000i64;
    for i in 0..n_orders {
        let r = rnd();
        let o = b
            .push_order(OrderInput {
                customer: Some((r % n_cust as u64) as u32),
                created_at: start + (i as i64) * 40 + (r % 600) as i64,
                currency: "USD",
                total_minor: 500 + (r >> 32) as i64 % 20_000,
                cancelled: r % 97 == 0,
                test: false,
                ship_country: None,
                has_discount_code: r % 5 == 0,
                fulfilled_at: None,
                delivered_at: None,
                platform: "store",
            })
            .unwrap();
        for _ in 0..lines_per_order {
            let s = (rnd() % 2000) as usize;
            b.push_line(LineInput {
                order: o,
                sku: Some(&skus[s]),
                category: Some(&cats[s % 50]),
            })
            .unwrap();
        }
    }
    let pushed = t0.elapsed();
    let ds = b.finish();
    println!(
        "build: {:?} (push {pushed:?} incl. generating the rows, finish {:?}; {} orders, {} lines)",
        t0.elapsed(),
        t0.elapsed() - pushed,
        ds.orders(),
        ds.lines()
    );
    let p = Params {
        today: Some(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
        ..Params::default()
    };
    for _ in 0..3 {
        let t = Instant::now();
        let a = analyze(&ds, &p);
        let dt = t.elapsed();
        let json = serde_json::to_string(&a).unwrap();
        // FNV-1a of the document: a quick check that a change kept the output byte-identical.
        let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
        });
        println!(
            "analyze: {dt:?}, json {} bytes (fnv {hash:016x}), {} customers",
            json.len(),
            a.rfm.customers
        );
    }
}
