//! Readers for the shared real data sets (`../shared/data`, located by
//! `repeatlens_testkit::shared_data`, which fails under CI=true when the data is missing) and a
//! digit-drift assertion.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;

use repeatlens_models::Transaction;

/// Day number (days since 1970-01-01) of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
pub fn day(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// "YYYY-MM-DD" (or "YYYYMMDD") → day number.
pub fn parse_day(s: &str) -> i32 {
    let digits: String = s.chars().filter(char::is_ascii_digit).take(8).collect();
    day(
        digits[0..4].parse().unwrap(),
        digits[4..6].parse().unwrap(),
        digits[6..8].parse().unwrap(),
    )
}

pub fn read_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "gz") {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .unwrap();
        s
    } else {
        String::from_utf8(bytes).unwrap()
    }
}

/// CDNOW transactions: the 1/10 sample (`cdnow_sample.csv`, customer = sample id) or the master
/// file (`cdnow_master.csv`, customer = master id). None when the data is absent (outside CI).
pub fn cdnow(master: bool) -> Option<Vec<Transaction>> {
    let name = if master {
        "cdnow/cdnow_master.csv"
    } else {
        "cdnow/cdnow_sample.csv"
    };
    let path = repeatlens_testkit::shared_data(name)?;
    let text = read_text(&path);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (cust, date, dollars) = if master {
        (col("customer_id"), col("date"), col("dollars"))
    } else {
        (col("sample_id"), col("date"), col("dollars"))
    };
    Some(
        rdr.records()
            .map(|r| {
                let r = r.unwrap();
                Transaction {
                    customer: r[cust].parse().unwrap(),
                    day: parse_day(&r[date]),
                    value: r[dollars].parse().unwrap(),
                }
            })
            .collect(),
    )
}

/// The paper's split: calibration 1997-01-01..1997-09-30, holdout to 1998-06-30 (39 weeks).
pub fn calibration_end() -> i32 {
    day(1997, 9, 30)
}
pub fn observation_end() -> i32 {
    day(1998, 6, 30)
}

/// Asserts `actual` equals a published value to within `tol`, naming the source on failure.
#[track_caller]
pub fn assert_close(what: &str, actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: got {actual}, published {expected} (tolerance {tol})"
    );
}

/// Groceries baskets (`groceries_long.csv`): (item names, baskets of item ids), in file order.
/// `level` = 0 items, 1 level2 categories, 2 level1 categories.
pub fn groceries(level: usize) -> Option<(Vec<String>, Vec<Vec<u32>>)> {
    let path = repeatlens_testkit::shared_data("groceries/groceries_long.csv")?;
    let text = read_text(&path);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut names: Vec<String> = Vec::new();
    let mut ids = std::collections::HashMap::new();
    let mut baskets: Vec<Vec<u32>> = Vec::new();
    let mut last_tid = String::new();
    for r in rdr.records() {
        let r = r.unwrap();
        if r[0] != last_tid {
            baskets.push(Vec::new());
            last_tid = r[0].to_string();
        }
        let name = r[1 + level].to_string();
        let id = *ids.entry(name.clone()).or_insert_with(|| {
            names.push(name);
            (names.len() - 1) as u32
        });
        baskets.last_mut().unwrap().push(id);
    }
    Some((names, baskets))
}
