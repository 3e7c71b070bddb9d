//! `ui/src/ipc/bindings.ts` is generated from the command declarations (`src-tauri/commands/`);
//! a stale copy fails here.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test --test app bindings`.

use std::path::Path;

#[test]
fn committed_typescript_bindings_match_the_rust_ipc_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/ipc/bindings.ts");
    let fresh = repeatlens_app::bindings_ts();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/ipc/bindings.ts is stale; run `UPDATE_BINDINGS=1 cargo test --test app bindings`.\n\
         --- generated ---\n{fresh}"
    );
}
