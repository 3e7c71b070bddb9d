//! `repeatlens-mock`: serve a platform mock on 127.0.0.1 until killed.
//!
//! ```text
//! repeatlens-mock woocommerce [--port 0] [--data online-retail[:PATH]|generated:N[:SEED]]
//!                             [--key ck_...] [--secret-file PATH | --secret-stdin]
//! ```

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use repeatlens_mock_platforms::woo::{WooConfig, WooData, WooMock};

#[derive(Parser)]
#[command(
    name = "repeatlens-mock",
    about = "Local mock servers of e-commerce platform APIs"
)]
struct Cli {
    #[command(subcommand)]
    platform: Platform,
}

#[derive(Subcommand)]
enum Platform {
    /// WooCommerce REST API v3 (`/wp-json/wc/v3`).
    Woocommerce {
        /// Port on 127.0.0.1 (0 = any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// `online-retail[:PATH]` (UCI Online Retail csv.gz) or `generated:N[:SEED]`.
        #[arg(long, default_value = "generated:200:1")]
        data: String,
        /// Consumer key.
        #[arg(long, default_value = "ck_test")]
        key: String,
        /// Read the consumer secret from this file (first line).
        #[arg(long, conflicts_with = "secret_stdin")]
        secret_file: Option<PathBuf>,
        /// Read the consumer secret from standard input (first line).
        #[arg(long)]
        secret_stdin: bool,
        /// Site UTC offset in seconds.
        #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
        utc_offset: i32,
        /// Serve only `/?rest_route=` (pretty permalinks off).
        #[arg(long)]
        plain_permalinks: bool,
    },
}

const DEFAULT_RETAIL: &str = "assets/online_retail.csv.gz";

fn load(spec: &str) -> Result<WooData, String> {
    if let Some(rest) = spec.strip_prefix("generated:") {
        let mut it = rest.split(':');
        let n: usize = it
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad --data {spec}: want generated:N[:SEED]"))?;
        let seed: u64 = match it.next() {
            Some(s) => s
                .parse()
                .map_err(|_| format!("bad seed in --data {spec}"))?,
            None => 1,
        };
        return Ok(WooData::generated(seed, n));
    }
    if spec == "online-retail" || spec.starts_with("online-retail:") {
        let path = spec
            .strip_prefix("online-retail:")
            .unwrap_or(DEFAULT_RETAIL);
        return WooData::from_online_retail(std::path::Path::new(path), None)
            .map_err(|e| e.to_string());
    }
    Err(format!("unknown --data {spec}"))
}

fn main() {
    let cli = Cli::parse();
    match cli.platform {
        Platform::Woocommerce {
            port,
            data,
            key,
            secret_file,
            secret_stdin,
            utc_offset,
            plain_permalinks,
        } => {
            let secret = if let Some(p) = secret_file {
                match std::fs::read_to_string(&p) {
                    Ok(s) => s.lines().next().unwrap_or("").trim().to_string(),
                    Err(e) => {
                        eprintln!("cannot read {}: {e}", p.display());
                        std::process::exit(2);
                    }
                }
            } else if secret_stdin {
                let mut line = String::new();
                let _ = std::io::stdin().lock().read_line(&mut line);
                line.trim().to_string()
            } else {
                "cs_test".to_string()
            };
            let data = match load(&data) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            };
            let config = WooConfig {
                consumer_key: key.clone(),
                consumer_secret: secret,
                site_utc_offset_secs: utc_offset,
                pretty_permalinks: !plain_permalinks,
                ..WooConfig::default()
            };
            let mock = match WooMock::start_on(config, data, port) {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("cannot start: {e}");
                    std::process::exit(1);
                }
            };
            println!("woocommerce mock at {} (key {key})", mock.base_url());
            let _ = std::io::stdout().flush();
            loop {
                std::thread::park();
            }
        }
    }
}
