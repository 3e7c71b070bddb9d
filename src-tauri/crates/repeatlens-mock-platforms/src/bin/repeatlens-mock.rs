//! `repeatlens-mock`: serve a platform mock on 127.0.0.1 until killed.
//!
//! ```text
//! repeatlens-mock woocommerce [--port 0] [--data online-retail[:PATH]|generated:N[:SEED]]
//!                             [--key ck_...] [--secret-file PATH | --secret-stdin]
//! repeatlens-mock shopify [--port 0] [--data online-retail[:PATH]|generated:N[:SEED]]
//!                         [--token-file PATH | --token-stdin]
//!                         [--client-id ID (--client-secret-file PATH | --client-secret-stdin)]
//!                         [--bulk-delay SECS] [--protected-level 0|1|2] [--schema PATH]
//! ```
//!
//! The Shopify mock's clock follows the real time (it is set from the system clock every
//! 200 ms), so tokens expire, the bucket refills and bulk operations finish in real time.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use repeatlens_mock_platforms::shopify::{ClientApp, ShopData, ShopifyConfig, ShopifyMock};
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
    /// Shopify GraphQL Admin API (`/admin/api/2026-07/graphql.json`).
    Shopify {
        /// Port on 127.0.0.1 (0 = any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// `online-retail[:PATH]` (UCI Online Retail csv.gz) or `generated:N[:SEED]`.
        #[arg(long, default_value = "generated:200:1")]
        data: String,
        /// Read the static access token (`shpat_…`) from this file (first line).
        #[arg(long, conflicts_with = "token_stdin")]
        token_file: Option<PathBuf>,
        /// Read the static access token from standard input (first line).
        #[arg(long)]
        token_stdin: bool,
        /// Client ID for the client-credentials grant.
        #[arg(long)]
        client_id: Option<String>,
        /// Read the client secret from this file (first line).
        #[arg(long, conflicts_with = "client_secret_stdin")]
        client_secret_file: Option<PathBuf>,
        /// Read the client secret from standard input (the line after the token, if both).
        #[arg(long)]
        client_secret_stdin: bool,
        /// Seconds a bulk operation runs before it completes.
        #[arg(long, default_value_t = 2)]
        bulk_delay: i64,
        /// Protected customer data level (0, 1 or 2).
        #[arg(long, default_value_t = 2)]
        protected_level: u8,
        /// Schema SDL (default: found beside the workspace).
        #[arg(long)]
        schema: Option<PathBuf>,
    },
}

fn first_line_of(path: &PathBuf) -> String {
    match std::fs::read_to_string(path) {
        Ok(s) => s.lines().next().unwrap_or("").trim().to_string(),
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            std::process::exit(2);
        }
    }
}

fn stdin_line() -> String {
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    line.trim().to_string()
}

fn load_shop(spec: &str) -> Result<ShopData, String> {
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
        return Ok(ShopData::generated(seed, n));
    }
    if spec == "online-retail" || spec.starts_with("online-retail:") {
        let path = spec
            .strip_prefix("online-retail:")
            .unwrap_or(DEFAULT_RETAIL);
        return ShopData::from_online_retail(std::path::Path::new(path), None)
            .map_err(|e| e.to_string());
    }
    Err(format!("unknown --data {spec}"))
}

#[allow(clippy::too_many_arguments)]
fn run_shopify(
    port: u16,
    data: String,
    token_file: Option<PathBuf>,
    token_stdin: bool,
    client_id: Option<String>,
    client_secret_file: Option<PathBuf>,
    client_secret_stdin: bool,
    bulk_delay: i64,
    protected_level: u8,
    schema: Option<PathBuf>,
) -> ! {
    let token = if let Some(p) = &token_file {
        Some(first_line_of(p))
    } else if token_stdin {
        Some(stdin_line())
    } else if client_id.is_some() {
        None
    } else {
        Some("shpat_test".to_string())
    };
    let client_app = client_id.map(|id| {
        let secret = if let Some(p) = &client_secret_file {
            first_line_of(p)
        } else if client_secret_stdin {
            stdin_line()
        } else {
            eprintln!("--client-id needs --client-secret-file or --client-secret-stdin");
            std::process::exit(2);
        };
        ClientApp {
            client_id: id,
            client_secret: secret,
            scopes: repeatlens_mock_platforms::shopify::DEFAULT_SCOPES
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    });
    let data = match load_shop(&data) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let config = ShopifyConfig {
        access_token: token,
        client_app,
        bulk_run_secs: bulk_delay,
        protected_data_level: protected_level,
        schema_path: schema,
        ..ShopifyConfig::default()
    };
    let mock = match ShopifyMock::start_on(config, data, port) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!("shopify mock at {}", mock.graphql_url());
    let _ = std::io::stdout().flush();
    let clock = mock.clock();
    loop {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        clock.set(now);
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
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
        Platform::Shopify {
            port,
            data,
            token_file,
            token_stdin,
            client_id,
            client_secret_file,
            client_secret_stdin,
            bulk_delay,
            protected_level,
            schema,
        } => run_shopify(
            port,
            data,
            token_file,
            token_stdin,
            client_id,
            client_secret_file,
            client_secret_stdin,
            bulk_delay,
            protected_level,
            schema,
        ),
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
