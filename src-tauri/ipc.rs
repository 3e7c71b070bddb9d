//! How a command is declared once and reaches both Tauri and the TypeScript side.
//!
//! Why: a command used to be written in five places (the function, `generate_handler!`, the
//! bindings' type list, the UI's `Backend` interface and its `invoke` strings). Now each area's
//! file declares its commands in one [`ipc_commands!`] block; the macro generates
//! - the plain function (`fn name(cx: &Ctx, …) -> Result<R, AppError>`), which tests call
//!   directly, without a window;
//! - a private `#[tauri::command]` wrapper that runs it on a blocking worker thread (no command
//!   blocks the IPC thread);
//! - the area's [`Route`] (names and handler) and its declarations ([`CommandDecl`]: names, argument and
//!   result types), from which [`bindings_ts`] writes every TypeScript type, the `Commands`
//!   interface and `createCommands`, the UI's only way to call the backend.
//!
//! Arguments of type [`Progress`] become progress callbacks on the UI side (a Tauri channel).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use tauri::ipc::{Channel, CommandArg, CommandItem, InvokeError};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::{TypeVisitor, TS};

use crate::error::AppError;
use crate::state::AppState;

/// What a command body gets: the shared state and, in the app, the window's handle.
pub struct Ctx<'a> {
    /// The shared state.
    pub state: &'a AppState,
    /// None in tests that call commands without a window.
    pub app: Option<&'a AppHandle>,
}

/// The event the UI refetches on: a store's rows changed (an import, a sync, a delete).
pub const STORE_CHANGED: &str = "store-changed";

/// The payload of [`STORE_CHANGED`].
#[derive(Debug, Clone, Serialize, TS)]
pub struct StoreChanged {
    /// The store whose data changed.
    #[ts(type = "number")]
    pub store_id: i64,
}

impl Ctx<'_> {
    /// Tells every window that a store's data changed.
    pub fn store_changed(&self, store_id: i64) {
        if let Some(app) = self.app {
            let _ = app.emit(STORE_CHANGED, StoreChanged { store_id });
        }
    }
}

/// Streams a job's progress to the UI (a Tauri channel in the app, a closure in tests).
pub struct Progress<T> {
    send: Arc<dyn Fn(T) + Send + Sync>,
}

impl<T> Clone for Progress<T> {
    fn clone(&self) -> Self {
        Progress {
            send: self.send.clone(),
        }
    }
}

impl<T> Progress<T> {
    /// Progress delivered to `f`.
    pub fn new(f: impl Fn(T) + Send + Sync + 'static) -> Progress<T> {
        Progress { send: Arc::new(f) }
    }

    /// Sends one event.
    pub fn send(&self, event: T) {
        (self.send)(event)
    }
}

impl<'de, R: Runtime, T: Serialize + Clone + Send + Sync + 'static> CommandArg<'de, R>
    for Progress<T>
{
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let channel = Channel::<T>::from_command(command)?;
        Ok(Progress::new(move |event| {
            let _ = channel.send(event);
        }))
    }
}

/// Runs a command body on a blocking worker thread with the app's state.
pub async fn run_blocking<R: Send + 'static>(
    app: AppHandle,
    body: impl FnOnce(&Ctx<'_>) -> Result<R, AppError> + Send + 'static,
) -> Result<R, AppError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        body(&Ctx {
            state: &state,
            app: Some(&app),
        })
    })
    .await
    .map_err(AppError::internal)?
}

/// One area's commands: their names and the handler that runs them.
pub struct Route {
    /// The commands' names.
    pub names: &'static [&'static str],
    /// Runs one of them.
    pub handle: fn(tauri::ipc::Invoke) -> bool,
}

/// The invoke handler of a list of areas.
pub fn handler(routes: &'static [Route]) -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync {
    move |invoke| {
        let name = invoke.message.command();
        match routes.iter().find(|r| r.names.contains(&name)) {
            Some(route) => (route.handle)(invoke),
            None => {
                let name = name.to_string();
                invoke
                    .resolver
                    .reject(AppError::internal(format!("unknown command {name}")));
                true
            }
        }
    }
}

/// Declares an area's commands once; see the module docs.
#[macro_export]
macro_rules! ipc_commands {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($cx:ident $(, $arg:ident : $ty:ty)* $(,)?) -> $ret:ty $body:block
    )*) => {
        $(
            $(#[doc = $doc])*
            pub fn $name($cx: &$crate::ipc::Ctx<'_> $(, $arg: $ty)*)
                -> ::std::result::Result<$ret, $crate::error::AppError> $body
        )*

        mod tauri_commands {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tauri::command]
                pub async fn $name(
                    app: ::tauri::AppHandle $(, $arg: $ty)*
                ) -> ::std::result::Result<$ret, $crate::error::AppError> {
                    $crate::ipc::run_blocking(app, move |cx| super::$name(cx $(, $arg)*)).await
                }
            )*
        }

        /// This area's commands and their handler.
        pub const ROUTE: $crate::ipc::Route = $crate::ipc::Route {
            names: &[$(stringify!($name)),*],
            handle: |invoke| {
                let handle: &dyn Fn(::tauri::ipc::Invoke) -> bool =
                    &::tauri::generate_handler![$(tauri_commands::$name),*];
                handle(invoke)
            },
        };

        /// This area's command declarations (for the TypeScript bindings).
        pub fn declarations() -> Vec<$crate::ipc::CommandDecl> {
            vec![$(
                $crate::ipc::CommandDecl {
                    name: stringify!($name),
                    doc: vec![$($doc),*],
                    args: vec![$($crate::ipc::ArgDecl::of::<$ty>(stringify!($arg))),*],
                    ret: $crate::ipc::TypeRef::of::<$ret>(),
                }
            ),*]
        }
    };
}

/// How a type appears in TypeScript, and the declarations it needs.
pub trait IpcType {
    /// The type's TypeScript reference and whether it is a progress callback.
    fn reference(cfg: &ts_rs::Config) -> (String, bool);
    /// Adds the declarations of every named type this one uses.
    fn collect(collector: &mut Collector<'_>);
}

impl<T: TS + 'static> IpcType for T {
    fn reference(cfg: &ts_rs::Config) -> (String, bool) {
        (T::name(cfg), false)
    }
    fn collect(collector: &mut Collector<'_>) {
        collector.visit::<T>();
    }
}

impl<T: TS + 'static> IpcType for Progress<T> {
    fn reference(cfg: &ts_rs::Config) -> (String, bool) {
        (T::name(cfg), true)
    }
    fn collect(collector: &mut Collector<'_>) {
        collector.visit::<T>();
    }
}

/// Collects the declarations of named types (the ones ts-rs would export), each once.
pub struct Collector<'a> {
    cfg: &'a ts_rs::Config,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Collector<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            let ident = T::ident(self.cfg);
            if self.decls.contains_key(&ident) {
                return;
            }
            self.decls.insert(ident, T::decl(self.cfg));
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

/// A type as a command uses it.
pub struct TypeRef {
    reference: fn(&ts_rs::Config) -> (String, bool),
    collect: fn(&mut Collector<'_>),
}

impl TypeRef {
    /// The reference of `T`.
    pub fn of<T: IpcType>() -> TypeRef {
        TypeRef {
            reference: T::reference,
            collect: T::collect,
        }
    }
}

/// One argument of a command.
pub struct ArgDecl {
    /// Its name in Rust (snake_case; camelCase in TypeScript).
    pub name: &'static str,
    /// Its type.
    pub ty: TypeRef,
}

impl ArgDecl {
    /// Argument `name` of type `T`.
    pub fn of<T: IpcType>(name: &'static str) -> ArgDecl {
        ArgDecl {
            name,
            ty: TypeRef::of::<T>(),
        }
    }
}

/// One command as the bindings see it.
pub struct CommandDecl {
    /// The command's name (what `invoke` is called with).
    pub name: &'static str,
    /// Its doc comment lines.
    pub doc: Vec<&'static str>,
    /// Its arguments in order.
    pub args: Vec<ArgDecl>,
    /// Its result (the value of `Ok`).
    pub ret: TypeRef,
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The content of `ui/src/ipc/bindings.ts`: every type the commands exchange, the error codes,
/// the `Commands` interface and `createCommands`, which turns a transport (`invoke` in the app,
/// a recorded backend in tests) into typed functions.
pub fn bindings_ts(commands: &[CommandDecl], extra: &[fn(&mut Collector<'_>)]) -> String {
    // Counts and sums are far below 2^53: numbers, not bigints.
    let cfg = ts_rs::Config::default().with_large_int("number");
    let mut collector = Collector {
        cfg: &cfg,
        decls: BTreeMap::new(),
    };
    for c in commands {
        for a in &c.args {
            (a.ty.collect)(&mut collector);
        }
        (c.ret.collect)(&mut collector);
    }
    for e in extra {
        e(&mut collector);
    }
    let mut out = String::from(
        "// Generated from the Rust command declarations (`ipc_commands!` in src-tauri/commands/) by\n\
         // src-tauri/ipc.rs. Do not edit: run `UPDATE_BINDINGS=1 cargo test --test app bindings`.\n",
    );
    for d in collector.decls.values() {
        out.push_str("\nexport ");
        out.push_str(d);
        out.push('\n');
    }
    out.push_str("\n/** Every code an `AppError` can have (`src-tauri/error.rs`). */\nexport const ERROR_CODES = [\n");
    for c in AppError::CODES {
        out.push_str(&format!("  '{c}',\n"));
    }
    out.push_str("] as const;\nexport type ErrorCode = (typeof ERROR_CODES)[number];\n");
    out.push_str(
        "\n/** How every command rejects: a stable code, the values its text needs, English. */\n\
         export type AppError = { code: ErrorCode; params: Record<string, unknown>; message: string };\n",
    );
    out.push_str(&format!(
        "\n/** The backend event after a store's data changed. */\nexport const STORE_CHANGED = '{STORE_CHANGED}';\n"
    ));

    out.push_str(
        "\n/** Every backend command, as the UI calls it. */\nexport interface Commands {\n",
    );
    for c in commands {
        let doc: Vec<&str> = c.doc.iter().map(|d| d.trim()).collect();
        if !doc.is_empty() {
            out.push_str(&format!("  /** `{}` — {} */\n", c.name, doc.join(" ")));
        }
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| {
                let (ty, progress) = (a.ty.reference)(&cfg);
                if progress {
                    format!("{}: (progress: {ty}) => void", camel(a.name))
                } else {
                    format!("{}: {ty}", camel(a.name))
                }
            })
            .collect();
        let (ret, _) = (c.ret.reference)(&cfg);
        out.push_str(&format!(
            "  {}({}): Promise<{ret}>;\n",
            camel(c.name),
            args.join(", ")
        ));
    }
    out.push_str("}\n");

    out.push_str(
        "\n/** The command names, for transports and tests. */\nexport const COMMAND_NAMES = [\n",
    );
    for c in commands {
        out.push_str(&format!("  '{}',\n", c.name));
    }
    out.push_str("] as const;\nexport type CommandName = (typeof COMMAND_NAMES)[number];\n");

    out.push_str(
        "\n/**\n * Typed commands over a transport: `call(name, args)` performs one command (arguments \
         camelCase,\n * as Tauri expects), `channel(callback)` turns a progress callback into what the \
         transport sends.\n */\nexport function createCommands(\n  call: (command: CommandName, args: Record<string, unknown>) => Promise<unknown>,\n  channel: (callback: (progress: never) => void) => unknown,\n): Commands {\n  return {\n",
    );
    for c in commands {
        let params: Vec<String> = c.args.iter().map(|a| camel(a.name)).collect();
        let passed: Vec<String> = c
            .args
            .iter()
            .map(|a| {
                let (_, progress) = (a.ty.reference)(&cfg);
                let n = camel(a.name);
                if progress {
                    format!("{n}: channel({n})")
                } else {
                    n
                }
            })
            .collect();
        let (ret, _) = (c.ret.reference)(&cfg);
        let args = if passed.is_empty() {
            "{}".to_string()
        } else {
            format!("{{ {} }}", passed.join(", "))
        };
        out.push_str(&format!(
            "    {}: ({}) => call('{}', {args}) as Promise<{ret}>,\n",
            camel(c.name),
            params.join(", "),
            c.name,
        ));
    }
    out.push_str("  };\n}\n");
    out
}

/// Collects `T`'s declarations (for types the UI needs that no command names).
pub fn extra<T: TS + 'static>(collector: &mut Collector<'_>) {
    collector.visit::<T>();
}

#[cfg(test)]
mod tests {
    #[test]
    fn camel_case_names() {
        assert_eq!(super::camel("customers_page"), "customersPage");
        assert_eq!(super::camel("on_progress"), "onProgress");
        assert_eq!(super::camel("app_info"), "appInfo");
    }
}
