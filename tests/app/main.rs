//! The app's integration tests (one test binary, to keep link time low on 2 cores):
//! - `bindings`: the committed TypeScript IPC bindings match the Rust types;
//! - `customers`: the customer table query on the sample store;
//! - `fixtures`: the UI fake's recorded responses are the commands' own;
//! - `jobs`: screens answer while an import writes; cancel by job id; analysis ids;
//! - `sync`: a linked WooCommerce store (mock, real keyring) syncs while the screens answer;
//! - `window`: the real app window under Xvfb, driven through tauri-driver + WebKitWebDriver.

mod bindings;
mod customers;
mod fixtures;
mod jobs;
mod sync;
mod window;
