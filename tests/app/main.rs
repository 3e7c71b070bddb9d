//! The app's integration tests (one test binary, to keep link time low on 2 cores):
//! - `bindings`: the committed TypeScript IPC bindings match the Rust types;
//! - `customers`: the customer table query on the sample store;
//! - `window`: the real app window under Xvfb, driven through tauri-driver + WebKitWebDriver.

mod bindings;
mod customers;
mod fixtures;
mod window;
