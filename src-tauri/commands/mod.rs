//! IPC commands, one area per file, each declared once in its file's `ipc_commands!` block
//! (see [`crate::ipc`]), and the DTOs they exchange in [`dto`].

pub mod analysis;
pub mod dto;
pub mod exports;
pub mod imports;
pub mod insight;
pub mod stores;
pub mod sync;

use crate::ipc::{CommandDecl, Route};

/// Every area's router, in the order they are asked.
pub const ROUTES: &[Route] = &[
    stores::ROUTE,
    imports::ROUTE,
    analysis::ROUTE,
    insight::ROUTE,
    exports::ROUTE,
    sync::ROUTE,
];

/// Every command's declaration, for the TypeScript bindings.
pub fn declarations() -> Vec<CommandDecl> {
    let mut all = stores::declarations();
    all.extend(imports::declarations());
    all.extend(analysis::declarations());
    all.extend(insight::declarations());
    all.extend(exports::declarations());
    all.extend(sync::declarations());
    all
}
