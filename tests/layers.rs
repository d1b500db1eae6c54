//! The layering of `src/`, checked (a tidy test in the spirit of rust-analyzer's).
//!
//! ARCHITECTURE.md states the layers; this test reads every file under `src/` and fails on an
//! import that points up or sideways: a module may use only modules of strictly lower layers.
//! Within a module, its submodules must not import each other in a cycle (siblings form a DAG).
//! Test code inside `src/` counts too: a unit test that needs a higher layer belongs in `tests/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layer of each top-level module: imports go to strictly lower numbers only.
/// Keep in step with the table in ARCHITECTURE.md.
const LAYERS: &[(&str, u8)] = &[
    ("expr", 0),
    ("numeric", 1),
    ("poly", 1),
    ("simplify", 2),
    ("calculus", 2),
    ("generator", 3),
    ("dist", 3),
    ("verify", 4),
    ("closed_form", 4),
    ("transforms", 5),
    ("divergence", 6),
    ("fit", 7),
    ("plot", 8),
    ("repl", 9),
    ("error", 10),
];

/// A file of `src/`: its module path (`["simplify", "analysis"]`) and its text.
struct Source {
    module: Vec<String>,
    text: String,
}

/// An import that breaks the layering, for the failure message.
#[derive(Debug, PartialEq)]
struct Violation {
    from: String,
    to: String,
    why: String,
}

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(name, _)| *name == module).map(|&(_, l)| l)
}

/// The module path of a file relative to `src/`: `simplify/analysis.rs` → [simplify, analysis];
/// `lib.rs` → [] (the root).
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_string();
    }
    if parts == ["lib"] || parts.first().is_some_and(|p| p == "bin") {
        return Vec::new();
    }
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn read_sources(dir: &Path, root: &Path, out: &mut Vec<Source>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("src/ is readable").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            read_sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).expect("under src/");
            let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
            out.push(Source { module: module_path(relative), text });
        }
    }
}

/// The code of a file without comment lines (doc links name modules without depending on them),
/// as one text: an import may span lines (`use crate::{\n    fit::Sample,\n};`).
fn code(text: &str) -> String {
    text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The inline modules of a text (`mod tests { … }`): their name and byte range, by brace counting.
fn inline_modules(code: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("mod ").map(|i| i + from) {
        from = at + 4;
        let starts_word = code[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let rest = &code[at + 4..];
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let after = rest[name.len()..].trim_start();
        if !starts_word || name.is_empty() || !after.starts_with('{') {
            continue; // `mod x;`, or "mod " inside a word
        }
        let open = at + 4 + name.len() + (rest[name.len()..].len() - after.len());
        let mut depth = 0usize;
        let mut end = code.len();
        for (i, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        found.push((name, open..end));
    }
    found
}

/// Every module path a file refers to through `crate::…` (including `crate::{a, b::c}`, over
/// several lines) or `super::…` (any number of them, from the inline module it is written in),
/// resolved to absolute paths of at most three segments.
fn references(source: &Source) -> BTreeSet<Vec<String>> {
    let text = code(&source.text);
    let inline = inline_modules(&text);
    // the module a position is in: the file's module and the inline modules around it
    let module_at = |pos: usize| -> Vec<String> {
        let mut module = source.module.clone();
        module.extend(inline.iter().filter(|(_, range)| range.contains(&pos)).map(|(name, _)| name.clone()));
        module
    };
    let group_or_path = |after: &str| -> Vec<Vec<String>> {
        match after.trim_start().strip_prefix('{') {
            Some(group) => group.split([',', '}']).map(|item| path_segments(item.trim())).collect(),
            None => vec![path_segments(after)],
        }
    };
    let mut found = BTreeSet::new();
    for (keyword, relative) in [("crate::", false), ("super::", true)] {
        let mut from = 0;
        while let Some(at) = text[from..].find(keyword).map(|i| i + from) {
            from = at + keyword.len();
            let preceded_by_ident =
                text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == ':');
            if preceded_by_ident {
                continue;
            }
            let mut after = &text[from..];
            let base = if relative {
                // `super::super::x` climbs one module per `super`
                let mut up = 1;
                while let Some(next) = after.strip_prefix("super::") {
                    up += 1;
                    after = next;
                }
                from = text.len() - after.len();
                let here = module_at(at);
                here[..here.len().saturating_sub(up)].to_vec()
            } else {
                Vec::new()
            };
            for segments in group_or_path(after).into_iter().filter(|g| !g.is_empty()) {
                let mut path = base.clone();
                path.extend(segments);
                path.truncate(3);
                found.insert(path);
            }
        }
    }
    found
}

/// The leading `a::b::c` identifiers of a path.
fn path_segments(text: &str) -> Vec<String> {
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        segments.push(rest[..end].to_string());
        match rest[end..].strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    segments
}

/// The violations of the layer table and of acyclic siblings among `sources`.
fn violations(sources: &[Source]) -> Vec<Violation> {
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut out = Vec::new();
    // sibling edges, per parent: child → children it imports
    let mut siblings: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for source in sources {
        let Some(top) = source.module.first() else { continue };
        let Some(from_layer) = layer(top) else {
            out.push(Violation {
                from: source.module.join("::"),
                to: String::new(),
                why: "a top-level module missing from the layer table".into(),
            });
            continue;
        };
        for target in references(source) {
            let Some(target_top) = target.first() else { continue };
            if target_top == top {
                // within one module: an edge between the children of the deepest common ancestor
                // (`repl::commands::x` using `repl::table::Call` is commands → table under repl)
                let common = source.module.iter().zip(&target).take_while(|(a, b)| a == b).count();
                if common < source.module.len() && common < target.len() && modules.contains(&target[..=common]) {
                    siblings
                        .entry(source.module[..common].to_vec())
                        .or_default()
                        .entry(source.module[common].clone())
                        .or_default()
                        .insert(target[common].clone());
                }
                continue;
            }
            let Some(to_layer) = layer(target_top) else { continue };
            if to_layer >= from_layer {
                out.push(Violation {
                    from: source.module.join("::"),
                    to: target.join("::"),
                    why: format!(
                        "layer {from_layer} ({top}) may only use lower layers; {target_top} is layer {to_layer}"
                    ),
                });
            }
        }
    }
    for (parent, edges) in &siblings {
        for cycle in cycles(edges) {
            out.push(Violation {
                from: parent.join("::"),
                to: cycle.join(" → "),
                why: "submodules import each other in a cycle".into(),
            });
        }
    }
    out
}

/// The cycles of a small directed graph, each as a path that returns to its start (one per
/// strongly connected set of nodes found from its smallest member).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut found: Vec<Vec<String>> = Vec::new();
    let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for start in edges.keys() {
        // depth-first search for a path from start back to start
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    let members: BTreeSet<String> = path.iter().cloned().collect();
                    if reported.insert(members) {
                        let mut cycle = path.clone();
                        cycle.push(start.clone());
                        found.push(cycle);
                    }
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    found
}

#[test]
fn imports_point_down_the_layer_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    read_sources(&root, &root, &mut sources);
    assert!(sources.len() > 50, "read {} files from src/", sources.len());
    let found = violations(&sources);
    assert!(found.is_empty(), "layering violations:\n{found:#?}");
}

#[test]
fn every_top_level_module_is_in_the_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(root.join("lib.rs")).expect("lib.rs");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod ").or_else(|| l.trim().strip_prefix("mod ")))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert!(declared.len() >= 10, "lib.rs declares {declared:?}");
    for module in declared {
        assert!(layer(module).is_some(), "{module} is not in the layer table");
    }
}

fn source(module: &str, text: &str) -> Source {
    Source { module: module.split("::").map(String::from).collect(), text: text.to_string() }
}

#[test]
fn a_planted_upward_import_is_caught() {
    let sources = [
        source("expr", "use crate::numeric::Compiled;"),
        source("numeric", "use crate::expr::Expr;"),
        source("simplify", "use crate::{expr::Expr, fit::Sample};"),
    ];
    let found = violations(&sources);
    let pairs: Vec<(&str, &str)> = found.iter().map(|v| (v.from.as_str(), v.to.as_str())).collect();
    assert_eq!(pairs, [("expr", "numeric::Compiled"), ("simplify", "fit::Sample")]);
}

#[test]
fn a_sideways_import_is_caught() {
    let sources = [source("verify", "fn f() { crate::closed_form::derive(); }"), source("closed_form", "")];
    let found = violations(&sources);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].to, "closed_form::derive");
}

#[test]
fn a_cycle_between_submodules_is_caught() {
    let sources = [
        source("simplify", "pub mod analysis;\npub mod curvature;"),
        source("simplify::analysis", "use super::curvature::Shape;"),
        source("simplify::curvature", "use crate::simplify::analysis::MathGraph;"),
    ];
    let found = violations(&sources);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].to.contains("analysis") && found[0].to.contains("curvature"), "{found:?}");
}

#[test]
fn a_cycle_through_super_super_is_caught() {
    let sources = [
        source("repl", "mod commands;\nmod table;"),
        source("repl::table", "use super::commands::generator;"),
        source("repl::commands", "pub mod generator;"),
        source("repl::commands::generator", "use super::super::table::Call;"),
    ];
    let found = violations(&sources);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].to.contains("commands") && found[0].to.contains("table"), "{found:?}");
}

#[test]
fn multi_line_imports_and_inline_modules_are_read() {
    // an import over several lines (rustfmt writes them)
    let sources = [source("expr::print", "use crate::{\n    fit::FitError,\n};"), source("fit", "")];
    let pairs: Vec<String> = violations(&sources).iter().map(|v| v.to.clone()).collect();
    assert_eq!(pairs, ["fit::FitError"]);
    // `super::super` written inside an inline test module climbs from that module
    let sources = [
        source("simplify", "pub mod analysis;\npub mod curvature;"),
        source("simplify::analysis", "use super::curvature::Shape;"),
        source(
            "simplify::curvature",
            "#[cfg(test)]\nmod planted {\n    use super::*;\n    use super::super::analysis::MathGraph;\n}",
        ),
    ];
    let found = violations(&sources);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].to.contains("analysis") && found[0].to.contains("curvature"), "{found:?}");
}

#[test]
fn comments_and_tests_of_the_parser() {
    let s = source("numeric::quad", "// crate::fit is only named here\nuse super::{compile, special::lgamma};");
    let refs = references(&s);
    let expected: BTreeSet<Vec<String>> =
        [vec!["numeric".to_string(), "compile".to_string()], vec!["numeric".into(), "special".into(), "lgamma".into()]]
            .into_iter()
            .collect();
    assert_eq!(refs, expected);
}
