//! `repeatlens-cli chart`: the sample store's cohort heatmap written as SVG and as PNG, the
//! format taken from the file name, and clear errors for what it cannot do.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn cli(db: &Path) -> Command {
    let mut c = Command::cargo_bin("repeatlens-cli").unwrap();
    c.arg("--db").arg(db).env_remove("REPEATLENS_DB");
    c
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = cli(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn chart_writes_the_sample_stores_cohort_heatmap_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chart.sqlite");
    ok(&db, &["demo"]);

    let svg_path = dir.path().join("x.svg");
    let text = ok(
        &db,
        &[
            "chart",
            "cohort",
            "--lang",
            "zh-CN",
            "--out",
            svg_path.to_str().unwrap(),
        ],
    );
    assert!(text.contains("as of 2011-12-10"), "{text}");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(
        svg.starts_with("<svg width=\"960\" height=\"600\""),
        "{}",
        &svg[..80]
    );
    assert!(svg.contains("同期群客户留存率"));
    // Thirteen monthly cohorts, December 2010 to December 2011.
    assert!(svg.contains("2010-12") && svg.contains("2011-12"));
    assert!(svg.trim_end().ends_with("</svg>"));

    let png_path = dir.path().join("x.png");
    let out = cli(&db)
        .args([
            "--json", "chart", "cohort", "--theme", "dark", "--width", "800",
        ])
        .args(["--height", "500", "--out", png_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["format"], "png");
    assert_eq!(report["chart"], "cohort");
    let bytes = std::fs::read(&png_path).unwrap();
    assert_eq!(report["bytes"], bytes.len());
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    assert_eq!((reader.info().width, reader.info().height), (800, 500));
}

#[test]
fn chart_refuses_unknown_kinds_formats_and_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("refuse.sqlite");
    ok(&db, &["demo"]);
    let out_file = dir.path().join("x.jpg");
    for (args, says) in [
        (
            vec!["chart", "cohort", "--out", out_file.to_str().unwrap()],
            ".svg or .png",
        ),
        (
            vec!["chart", "pie", "--out", "x.svg"],
            "unknown chart 'pie'",
        ),
        (
            vec!["chart", "km", "--lang", "fr", "--out", "x.svg"],
            "use en or zh-CN",
        ),
        (
            vec!["chart", "km", "--width", "10", "--out", "x.svg"],
            "out of range",
        ),
    ] {
        let out = cli(&db)
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} succeeded");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert!(!out_file.exists());
    assert!(!dir.path().join("x.svg").exists());
}
