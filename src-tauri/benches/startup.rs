//! Start-up benchmark (issue #3: "the release binary opens its first window in under 1.5 s").
//!
//! Starts the release app on a private Xvfb display with a fresh database, N times. The app
//! prints the time from `main` to the first screen being interactive (the UI's
//! `first_screen_ready` call, after its first data arrived) and exits, because
//! `REPEATLENS_EXIT_WHEN_READY` is set. Wall time from spawn to exit is reported too.
//!
//! Run: `cargo bench -p repeatlens --bench startup` (needs Xvfb; `.ci/setup --test` installs it).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn main() {
    let display = (150..200)
        .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .expect("free display");
    let mut xvfb = Command::new("Xvfb")
        .args([
            format!(":{display}"),
            "-screen".into(),
            "0".into(),
            "1280x860x24".into(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb (apt-get install xvfb)");
    let sock = format!("/tmp/.X11-unix/X{display}");
    let t = Instant::now();
    while !Path::new(&sock).exists() && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let app = env!("CARGO_BIN_EXE_repeatlens");
    let mut ready_ms = Vec::new();
    let mut wall_ms = Vec::new();
    for run in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        let t = Instant::now();
        let out = Command::new(app)
            .env("DISPLAY", format!(":{display}"))
            .env("REPEATLENS_DB", dir.path().join("s.sqlite"))
            .env("REPEATLENS_EXIT_WHEN_READY", "1")
            .output()
            .expect("app");
        let wall = t.elapsed().as_millis() as f64;
        let err = String::from_utf8_lossy(&out.stderr);
        let ms: f64 = err
            .lines()
            .find_map(|l| l.strip_prefix("repeatlens: first screen ready after "))
            .and_then(|l| l.trim_end_matches(" ms").parse().ok())
            .unwrap_or_else(|| panic!("the app did not report readiness: {err}"));
        println!(
            "run {}: first screen interactive after {ms:.0} ms (process wall time {wall:.0} ms)",
            run + 1
        );
        ready_ms.push(ms);
        wall_ms.push(wall);
    }
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    let first = ready_ms[0];
    ready_ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "\nRelease app start-up, {RUNS} runs: first (coldest) {:.0} ms, median {:.0} ms, max {:.0} ms; target < 1500 ms -> {}",
        first,
        ready_ms[RUNS / 2],
        ready_ms[RUNS - 1],
        if ready_ms[RUNS - 1] < 1500.0 { "met" } else { "NOT met" }
    );
}
