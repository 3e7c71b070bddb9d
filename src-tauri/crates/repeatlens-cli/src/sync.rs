//! `store add|remove` and `sync`: linked stores, their secrets in the OS keyring, and runs.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use repeatlens_shopify::{check_shop, ShopifyConnector, ShopifyCredentials};
use repeatlens_store::{Store, StoreSpec};
use repeatlens_sync::secrets::{credential_ref, OsKeyring, SecretStore};
use repeatlens_sync::{
    run_sync, store_state, CancelToken, Http, RetryPolicy, RunLock, SyncError, SyncOptions,
    SyncProgress, SyncReport,
};
use repeatlens_woocommerce::{check_site, WooConnector, WooCredentials};

use crate::advice;

/// `store …`
#[derive(Subcommand)]
pub enum StoreCommand {
    /// Link a store of a platform (its secret is read from standard input and kept in the
    /// OS keyring).
    Add {
        #[command(subcommand)]
        platform: AddCommand,
    },
    /// Remove a store: its rows, and the keyring entries of a linked one.
    Remove {
        /// The store's name.
        name: String,
    },
}

/// `store add …`
#[derive(Subcommand)]
pub enum AddCommand {
    /// A WooCommerce site, with a REST API key (WooCommerce › Settings › Advanced › REST API,
    /// permission Read).
    Woocommerce(WooArgs),
    /// A Shopify shop, with an Admin API access token (`--token-stdin`) or an own app's client
    /// id and secret (`--client-id ID --secret-stdin`).
    Shopify(ShopifyArgs),
}

/// `store add shopify`
#[derive(Args)]
pub struct ShopifyArgs {
    /// The seller's name for the store (unique in the database).
    #[arg(long)]
    name: String,
    /// The shop: name.myshopify.com, https://name.myshopify.com, or (loopback only) an
    /// http://127.0.0.1:PORT base URL.
    #[arg(long)]
    shop: String,
    /// Read an Admin API access token (shpat_…) from standard input.
    #[arg(long = "token-stdin", conflicts_with_all = ["client_id", "secret_stdin"])]
    token_stdin: bool,
    /// The own app's client id (its secret from standard input with --secret-stdin).
    #[arg(long = "client-id", requires = "secret_stdin")]
    client_id: Option<String>,
    /// Read the client secret from standard input.
    #[arg(long = "secret-stdin", requires = "client_id")]
    secret_stdin: bool,
}

/// `store add woocommerce`
#[derive(Args)]
pub struct WooArgs {
    /// The seller's name for the store (unique in the database).
    #[arg(long)]
    name: String,
    /// The site's address, e.g. https://shop.example (plain http only on 127.0.0.1).
    #[arg(long)]
    url: String,
    /// The consumer key (ck_…).
    #[arg(long)]
    key: String,
    /// Read the consumer secret (cs_…) from standard input (never from an argument).
    #[arg(long = "secret-stdin", required = true)]
    secret_stdin: bool,
}

/// `sync`
#[derive(Args)]
pub struct SyncArgs {
    /// Sync only this store (default: every linked store).
    #[arg(long)]
    store: Option<String>,
    /// Read everything again instead of continuing from the checkpoints.
    #[arg(long)]
    full: bool,
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the network runtime: {e}"))
}

fn read_secret() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the secret from standard input: {e}"))?;
    let s = line.trim().to_string();
    if s.is_empty() {
        return Err("no secret on standard input: pipe it in, e.g. `printf %s \"$SECRET\" | repeatlens-cli store add …`".into());
    }
    Ok(s)
}

/// `store add|remove`: JSON and text of what was done.
pub fn store(db_path: &Path, cmd: &StoreCommand) -> Result<(serde_json::Value, String), String> {
    let keyring = OsKeyring::default();
    match cmd {
        StoreCommand::Add {
            platform: AddCommand::Woocommerce(a),
        } => {
            let credentials = WooCredentials {
                consumer_key: a.key.trim().to_string(),
                consumer_secret: read_secret()?,
            };
            let http =
                Http::new(RetryPolicy::default(), CancelToken::new()).map_err(advice::message)?;
            let site = runtime()?
                .block_on(check_site(&http, &a.url, &credentials))
                .map_err(advice::message)?;
            let mut db = Store::open(db_path).map_err(advice::message)?;
            let account = credential_ref("woocommerce", &site.base);
            let secret = serde_json::to_string(&credentials).expect("credentials serialize");
            keyring.set(&account, &secret).map_err(advice::message)?;
            let spec = StoreSpec {
                platform: "woocommerce".into(),
                name: a.name.clone(),
                currency: site.currency.clone().unwrap_or_else(|| "USD".into()),
                timezone: site.timezone.clone(),
            };
            let id = match db.add_linked_store(&spec, &site.base, &site.base, &account) {
                Ok(id) => id,
                Err(e) => {
                    // Nothing half-done: the entry goes with the store that was not made.
                    let _ = keyring.delete(&account);
                    return Err(advice::message(e));
                }
            };
            let text = format!(
                "Linked '{}' ({} \"{}\", {}, {}). Run `repeatlens-cli sync --store {:?}` to fetch its orders.\n",
                a.name,
                site.base,
                site.title,
                spec.currency,
                spec.timezone,
                a.name
            );
            Ok((
                serde_json::json!({"store_id": id, "name": a.name, "platform": "woocommerce",
                    "external_id": site.base, "currency": spec.currency, "timezone": spec.timezone}),
                text,
            ))
        }
        StoreCommand::Add {
            platform: AddCommand::Shopify(a),
        } => {
            let credentials = match (&a.client_id, a.token_stdin) {
                (Some(id), _) => ShopifyCredentials::ClientCredentials {
                    client_id: id.trim().to_string(),
                    client_secret: read_secret()?,
                },
                (None, true) => ShopifyCredentials::AccessToken {
                    token: read_secret()?,
                },
                (None, false) => {
                    return Err(
                        "say how to sign in: --token-stdin, or --client-id ID --secret-stdin"
                            .into(),
                    )
                }
            };
            let http =
                Http::new(RetryPolicy::default(), CancelToken::new()).map_err(advice::message)?;
            let site = runtime()?
                .block_on(check_shop(&http, &a.shop, &credentials))
                .map_err(advice::message)?;
            let mut db = Store::open(db_path).map_err(advice::message)?;
            let account = credential_ref("shopify", &site.domain);
            let secret = serde_json::to_string(&credentials).expect("credentials serialize");
            keyring.set(&account, &secret).map_err(advice::message)?;
            let spec = StoreSpec {
                platform: "shopify".into(),
                name: a.name.clone(),
                currency: site.currency.clone(),
                timezone: site.timezone.clone(),
            };
            let id = match db.add_linked_store(&spec, &site.domain, &site.base, &account) {
                Ok(id) => id,
                Err(e) => {
                    let _ = keyring.delete(&account);
                    return Err(advice::message(e));
                }
            };
            Ok((
                serde_json::json!({"store_id": id, "name": a.name, "platform": "shopify",
                    "external_id": site.domain, "currency": spec.currency, "timezone": spec.timezone}),
                format!(
                    "Linked '{}' ({} \"{}\", {}, {}). Run `repeatlens-cli sync --store {:?}` to fetch its orders.\n",
                    a.name, site.domain, site.name, spec.currency, spec.timezone, a.name
                ),
            ))
        }
        StoreCommand::Remove { name } => {
            let mut db = Store::open(db_path).map_err(advice::message)?;
            let id = db.store_id(name).map_err(advice::message)?;
            let _lock = RunLock::acquire(db_path, id, name).map_err(advice::message)?;
            let link = db.store_link(id).map_err(advice::message)?;
            if let Some(l) = &link {
                keyring.delete(&l.credential_ref).map_err(advice::message)?;
            }
            db.delete_store(id).map_err(advice::message)?;
            Ok((
                serde_json::json!({"removed": name, "keyring_entries_removed": link.is_some() as u8}),
                format!(
                    "Removed the store '{name}'{}.\n",
                    if link.is_some() {
                        " and its saved credentials"
                    } else {
                        ""
                    }
                ),
            ))
        }
    }
}

/// A progress bar on stderr: `orders [#####.....] 1200/2400 (850/s)`.
fn bar(p: &SyncProgress) {
    let width = 30;
    let (filled, count) = match p.total {
        Some(t) if t > 0 => (
            ((p.done.min(t) as f64 / t as f64) * width as f64).round() as usize,
            format!("{}/{t}", p.done),
        ),
        _ => (0, p.done.to_string()),
    };
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r{:<9} [{}{}] {count} ({:.0}/s)   ",
        p.resource,
        "#".repeat(filled),
        ".".repeat(width - filled),
        p.rate_per_sec
    );
    let _ = err.flush();
}

async fn sync_one(
    db_path: &Path,
    link: &repeatlens_store::StoreLink,
    options: &SyncOptions,
    progress: bool,
) -> Result<SyncReport, SyncError> {
    let secret = OsKeyring::default().get(&link.credential_ref)?;
    let unreadable = || {
        SyncError::Keyring(format!(
            "{}: the saved credentials are not readable: link the store again",
            link.credential_ref
        ))
    };
    let cancel = CancelToken::new();
    let show = |p: &SyncProgress| {
        if progress {
            bar(p)
        }
    };
    match link.platform.as_str() {
        "shopify" => {
            let credentials: ShopifyCredentials =
                serde_json::from_str(&secret).map_err(|_| unreadable())?;
            let mut connector = ShopifyConnector::new(&link.api_base, credentials);
            run_sync(
                db_path,
                link.store_id,
                &mut connector,
                options,
                cancel,
                show,
            )
            .await
        }
        "woocommerce" => {
            let credentials: WooCredentials =
                serde_json::from_str(&secret).map_err(|_| unreadable())?;
            let mut connector = WooConnector::for_store(&link.api_base, credentials);
            run_sync(
                db_path,
                link.store_id,
                &mut connector,
                options,
                cancel,
                show,
            )
            .await
        }
        other => Err(SyncError::NotLinked {
            store: format!(
                "{} (platform {other} cannot sync in this version)",
                link.name
            ),
        }),
    }
}

/// `sync`: every linked store (or the one named). Exit status 0 only when every run completed.
pub fn sync(
    db_path: &PathBuf,
    args: &SyncArgs,
    progress: bool,
    json: bool,
) -> Result<(serde_json::Value, String), String> {
    let db = Store::open(db_path).map_err(advice::message)?;
    let links = db.linked_stores().map_err(advice::message)?;
    let links: Vec<_> = match &args.store {
        Some(name) => {
            let id = db.store_id(name).map_err(advice::message)?;
            let l = links
                .into_iter()
                .filter(|l| l.store_id == id)
                .collect::<Vec<_>>();
            if l.is_empty() {
                return Err(advice::message(SyncError::NotLinked {
                    store: name.clone(),
                }));
            }
            l
        }
        None if links.is_empty() => {
            return Err(
                "no linked stores: add one with `repeatlens-cli store add woocommerce …`".into(),
            )
        }
        None => links,
    };
    drop(db);
    let options = SyncOptions {
        full: args.full,
        retry: RetryPolicy::default(),
    };
    let rt = runtime()?;
    let mut reports = Vec::new();
    let mut text = String::new();
    let mut failures = Vec::new();
    for link in &links {
        match rt.block_on(sync_one(db_path, link, &options, progress)) {
            Ok(r) => {
                if progress {
                    eprintln!();
                }
                text.push_str(&format!(
                    "Synced '{}' ({}, {} pages in {:.1} s): orders {} new, {} updated, {} unchanged; customers {} new, {} updated; refunds {}\n",
                    link.name, r.kind, r.pages, r.seconds, r.orders_new, r.orders_updated,
                    r.orders_unchanged, r.customers_new, r.customers_updated, r.refunds_written
                ));
                reports.push(serde_json::json!({"store": link.name, "ok": true, "report": r}));
            }
            Err(e) => {
                if progress {
                    eprintln!();
                }
                reports.push(serde_json::json!({"store": link.name, "ok": false,
                    "error_code": e.code(), "error": e.to_string()}));
                failures.push(format!("'{}': {}", link.name, advice::message(e)));
            }
        }
    }
    if !failures.is_empty() {
        // The completed stores' lines (or, with --json, every store's outcome) still go out;
        // the failures make the exit status.
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&reports).unwrap_or_default()
            );
        } else {
            print!("{text}");
        }
        return Err(failures.join("\nerror: "));
    }
    Ok((serde_json::json!(reports), text))
}

/// The sync state of a linked store for `stores`, `None` for a store of file imports.
pub fn state_of(db: &Store, db_path: &Path, store_id: i64) -> Option<serde_json::Value> {
    db.store_link(store_id).ok().flatten()?;
    let s = store_state(db, db_path, store_id).ok()?;
    Some(serde_json::to_value(s).unwrap_or_default())
}
