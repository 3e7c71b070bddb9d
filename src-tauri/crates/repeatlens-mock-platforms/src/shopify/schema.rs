//! The pinned Admin API schema: found, parsed and validated once per path, shared by all mocks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use apollo_compiler::validation::Valid;
use apollo_compiler::Schema;

/// The schema file's name inside `shared/api-contracts/shopify/`.
pub const SCHEMA_FILE: &str = "admin_2026-07.schema.graphql";

/// Finds `../shared/api-contracts/shopify/admin_2026-07.schema.graphql` beside the directory
/// holding `tauri.conf.json`, walking up from this crate's manifest directory. The error says
/// where it looked.
pub fn default_schema_path() -> Result<PathBuf, String> {
    let start = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dir = start.to_path_buf();
    while !dir.join("tauri.conf.json").exists() {
        match dir.parent() {
            Some(p) => dir = p.to_path_buf(),
            None => {
                return Err(format!(
                    "Shopify schema not found: no tauri.conf.json in {} or any parent, so \
                     ../shared/api-contracts/shopify/{SCHEMA_FILE} could not be located; set \
                     ShopifyConfig::schema_path",
                    start.display()
                ))
            }
        }
    }
    let p = dir
        .parent()
        .unwrap_or(&dir)
        .join("shared/api-contracts/shopify")
        .join(SCHEMA_FILE);
    if p.is_file() {
        Ok(p)
    } else {
        Err(format!(
            "Shopify schema not found at {} (looked beside {}, the directory holding \
             tauri.conf.json); set ShopifyConfig::schema_path",
            p.display(),
            dir.display()
        ))
    }
}

type Cache = Mutex<HashMap<PathBuf, Arc<Valid<Schema>>>>;

/// Parses and validates the SDL at `path` once per process (later calls share the result).
pub(crate) fn load(path: &Path) -> Result<Arc<Valid<Schema>>, String> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = map.get(&key) {
        return Ok(Arc::clone(s));
    }
    let mut sdl = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read Shopify schema {}: {e}", path.display()))?;
    // graphql-js 16 prints `@oneOf` uses without a definition (it treats the directive as
    // built in); apollo-compiler 1.x does not know it, so its spec definition is added.
    if sdl.contains("@oneOf") && !sdl.contains("directive @oneOf") {
        sdl.push_str("\n\"\"\"Input objects with exactly one field set.\"\"\"\ndirective @oneOf on INPUT_OBJECT\n");
    }
    let schema = Schema::parse_and_validate(sdl, path)
        .map_err(|e| format!("invalid schema {}: {}", path.display(), e.errors))?;
    let schema = Arc::new(schema);
    map.insert(key, Arc::clone(&schema));
    Ok(schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use apollo_compiler::ExecutableDocument;

    #[test]
    fn the_pinned_schema_loads_once_and_validates_documents() {
        let path = default_schema_path().unwrap();
        let a = load(&path).unwrap();
        let b = load(&path).unwrap();
        assert!(Arc::ptr_eq(&a, &b), "parsed once, shared");
        assert!(a.get_object("QueryRoot").is_some());
        assert!(ExecutableDocument::parse_and_validate(&a, "{ shop { name } }", "q").is_ok());
        let e = ExecutableDocument::parse_and_validate(&a, "{ shop { name nope } }", "q")
            .err()
            .unwrap();
        let msgs: Vec<String> = e.errors.iter().map(|d| d.to_json().message).collect();
        // server::map_diagnostic relies on this wording.
        assert_eq!(msgs, ["type `Shop` does not have a field `nope`"]);
    }
}
