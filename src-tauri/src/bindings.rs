//! Generates `ui/src/lib/ipc/bindings.ts` from the Rust types: a typed wrapper per command from
//! its one declaration in `commands.rs`, and the declaration of every type those commands take or
//! return, found by walking their ts-rs dependencies. The test fails when the file on disk
//! differs; `UPDATE_BINDINGS=1 cargo test -p insideout-desktop bindings` rewrites it.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};
use ts_rs::{TS, TypeVisitor};

/// The TypeScript declarations of every type a command reaches, each once, by name (the order
/// ts-rs visits dependencies in changes from build to build).
#[derive(Default)]
pub(crate) struct Declarations {
    seen: HashSet<TypeId>,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() {
            // A built-in (string, number, Array, Option): only what it holds is declared.
            T::visit_dependencies(self);
            T::visit_generics(self);
            return;
        }
        if self.seen.insert(TypeId::of::<T>()) {
            self.decls.insert(T::name(), T::decl());
            T::visit_dependencies(self);
            T::visit_generics(self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Declarations;
    use crate::commands::signatures;
    use insideout_app::dto::ErrorDto;
    use ts_rs::TypeVisitor;

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

    fn generate() -> String {
        let mut out = String::from(
            "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p insideout-desktop bindings`.\n\
             // Do not edit by hand: CI regenerates this file and fails on any difference.\n\
             import { invoke } from \"./invoke\";\n\n",
        );
        let commands = signatures();
        let mut declarations = Declarations::default();
        // Every command fails with an ErrorDto.
        declarations.visit::<ErrorDto>();
        for command in &commands {
            (command.visit)(&mut declarations);
        }
        for decl in declarations.decls.into_values() {
            out.push_str("export ");
            out.push_str(&decl);
            out.push('\n');
        }
        out.push('\n');
        for command in commands {
            let (name, ret) = (command.name, command.returns);
            let params: Vec<String> = command
                .args
                .iter()
                .map(|(a, t)| format!("{}: {t}", camel(a)))
                .collect();
            let names: Vec<String> = command.args.iter().map(|(a, _)| camel(a)).collect();
            let payload = if names.is_empty() {
                String::new()
            } else {
                format!(", {{ {} }}", names.join(", "))
            };
            out.push_str(&format!(
                "export const {} = ({}) => invoke<{ret}>(\"{name}\"{payload});\n",
                camel(name),
                params.join(", ")
            ));
        }
        out
    }

    #[test]
    fn bindings_are_current() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
        let generated = generate();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "ui/src/lib/ipc/bindings.ts is out of date: run UPDATE_BINDINGS=1 cargo test -p insideout-desktop bindings"
        );
    }
}
