use std::time::Instant;
fn main() {
    let db = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(10);
    let mut store = repeatlens_store::Store::open(&db).unwrap();
    let id = store.store_infos().unwrap()[0].id;
    let t = Instant::now();
    let ds = repeatlens_engine::load_dataset(&mut store, id, None).unwrap();
    eprintln!("load {:.3}", t.elapsed().as_secs_f64());
    let params = repeatlens_analytics::Params {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24),
        ..Default::default()
    };
    for _ in 0..n {
        let t = Instant::now();
        let a = repeatlens_analytics::analyze(&ds, &params);
        eprintln!(
            "analyze {:.3} {}",
            t.elapsed().as_secs_f64(),
            a.rfm.customers
        );
    }
}
