//! Import benchmark (issue #3): the UCI Online Retail file (541,909 lines, .csv.gz) into a fresh
//! database, timed end to end (read + gunzip + decode, parse, write + commit), with peak memory,
//! and compared with pandas parsing the same file (`read_csv` only, no database) in the same run.
//!
//! Run: `cargo bench -p repeatlens-cli --bench import` (release profile).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use repeatlens_import::{import_file, ImportOptions};
use repeatlens_store::Store;

const RUNS: usize = 5;

fn shared_file(rel: &str) -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    while !dir.join("tauri.conf.json").exists() {
        dir = dir.parent().expect("repository root").to_path_buf();
    }
    dir.parent().unwrap().join("shared/data").join(rel)
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes --bench; any other argument filters nothing here.
    let file = shared_file("online_retail/online_retail.csv.gz");
    assert!(file.exists(), "{} not found", file.display());
    let mut totals = Vec::new();
    let mut phases = Vec::new();
    let mut peak = None;
    let mut lines = 0;
    for run in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("bench.sqlite")).unwrap();
        let t = Instant::now();
        let r = import_file(
            &mut store,
            &file,
            &ImportOptions::default(),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .expect("import");
        let secs = t.elapsed().as_secs_f64();
        drop(store);
        if run == 0 {
            peak = peak_rss_mib();
        }
        lines = r.rows_read;
        totals.push(secs);
        phases.push((r.read_seconds, r.parse_seconds, r.write_seconds));
        println!(
            "run {}: {:.3} s  (read {:.3}, parse {:.3}, write+commit {:.3})",
            run + 1,
            secs,
            r.read_seconds,
            r.parse_seconds,
            r.write_seconds
        );
    }
    let med = median(&mut totals.clone());
    let best = totals.iter().cloned().fold(f64::MAX, f64::min);
    println!(
        "\nOnline Retail import, {lines} lines, {RUNS} runs on this machine ({} cores):",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "  median {med:.3} s = {:.0} lines/s; best {best:.3} s = {:.0} lines/s",
        lines as f64 / med,
        lines as f64 / best
    );
    println!(
        "  target: >= 500000 lines/s -> {}",
        if lines as f64 / med >= 500_000.0 {
            "met"
        } else {
            "NOT met"
        }
    );
    if let Some(p) = peak {
        println!("  peak memory (VmHWM after the first run): {p:.0} MiB");
    }

    // pandas on the same file, same machine, same moment.
    let script = format!(
        "import time, pandas\nts=[]\nfor _ in range(3):\n    t=time.perf_counter(); pandas.read_csv('{}', dtype={{'InvoiceNo': str, 'StockCode': str, 'CustomerID': str}}, parse_dates=['InvoiceDate']); ts.append(time.perf_counter()-t)\nprint(sorted(ts)[1], pandas.__version__)",
        file.display()
    );
    match Command::new("python3").arg("-c").arg(&script).output() {
        Ok(o) if o.status.success() => {
            let out = String::from_utf8_lossy(&o.stdout).to_string();
            let mut parts = out.split_whitespace();
            let p: f64 = parts.next().and_then(|x| x.parse().ok()).unwrap_or(f64::NAN);
            let version = parts.next().unwrap_or("?");
            println!("  pandas {version} read_csv with parse_dates (parse only, no database), median of 3: {p:.3} s");
            println!("  ratio: RepeatLens full import is {:.2}x the speed of pandas' parse", p / med);
        }
        _ => println!("  pandas not installed here (pip install pandas): the issue's reference is 2.1 s to parse; ratio {:.2}x", 2.1 / med),
    }
}
