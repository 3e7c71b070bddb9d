// Generated from the Rust IPC types (src-tauri/commands/dto.rs) by ts-rs.
// Do not edit: run `UPDATE_BINDINGS=1 cargo test --test app bindings` after changing them.

export type AppInfo = { version: string, db_path: string, sample_credit: string, };

export type ImportPhase = "reading" | "parsing" | "writing" | "done";

export type ImportProgress = { phase: ImportPhase, rows_done: number, rows_total: number | null, rows_per_sec: number, };

export type ImportReport = { store_id: number, store_name: string, file: string, preset: string, rows_read: number, orders_new: number, orders_updated: number, orders_unchanged: number, returns: number, customers: number, skipped_rows: number, seconds: number, };

export type StoreSummary = { id: number, name: string, platform: string, currency: string, timezone: string, customers: number, orders: number, returns: number, order_lines: number, first_order: string | null, last_order: string | null, revenue_minor: number, };
