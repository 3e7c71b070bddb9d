//! IPC commands, one area per file, and the DTOs they exchange — the only place where IPC types
//! are defined. The TypeScript side (`ui/src/ipc/bindings.ts`) is generated from these types by
//! [`dto::bindings_ts`] and checked by a test.

pub mod analysis;
pub mod dto;
pub mod exports;
pub mod imports;
pub mod insight;
pub mod settings;
pub mod stores;

/// Errors cross the IPC boundary as the human-readable message (file, line, column included).
pub type CommandResult<T> = Result<T, String>;
