//! `repeatlens-gen`: writes benchmark stores into a database.
//!
//! ```text
//! repeatlens-gen --db PATH cj --times 10 [--data DIR]
//! repeatlens-gen --db PATH synthetic --customers 1000000 --orders 5000000 [--seed 42]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand};
use repeatlens_store::Store;
use repeatlens_testkit::{complete_journey, synthetic, SyntheticSpec};

#[derive(Parser)]
struct Cli {
    #[arg(long, env = "REPEATLENS_DB")]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Complete Journey replicated K times, as store "Complete Journey xK".
    Cj {
        #[arg(long, default_value_t = 1)]
        times: u32,
        /// Folder with cj_baskets.csv.gz, cj_lines.csv.gz, cj_products.csv.gz.
        #[arg(long, default_value = "../shared/data/completejourney")]
        data: PathBuf,
    },
    /// A synthetic store, as store "Synthetic N".
    Synthetic {
        #[arg(long, default_value_t = 10_000)]
        customers: u32,
        #[arg(long)]
        orders: Option<u64>,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

fn main() {
    let cli = Cli::parse();
    let mut store = Store::open(&cli.db).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let t = Instant::now();
    let result = match cli.command {
        Command::Cj { times, data } => complete_journey(
            &mut store,
            &data,
            times,
            &format!("Complete Journey x{times}"),
        ),
        Command::Synthetic {
            customers,
            orders,
            seed,
        } => synthetic(
            &mut store,
            &SyntheticSpec {
                name: format!("Synthetic {}", orders.map_or(customers as u64, |o| o)),
                customers,
                max_orders: orders.unwrap_or(u64::MAX),
                seed,
                ..Default::default()
            },
        ),
    };
    match result {
        Ok(g) => println!(
            "store {}: {} customers, {} orders, {} lines, {} refunds written in {:.1} s",
            g.store_id,
            g.customers,
            g.orders,
            g.lines,
            g.refunds,
            t.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1)
        }
    }
}
