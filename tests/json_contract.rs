//! The `--json` contract, checked with nothing from outside the repository: every command run
//! through the built `fdiv` binary (`--json --eval …`), and the last object's fields and their
//! types compared with a spec: exactly these fields (an added or missing one fails), each of its
//! kind (number, integer, string, one of some kebab-case names, boolean, array, object, null, or
//! `"inf"`), nested objects and array elements included where the spec lists them.
//!
//! Each case names the row of README.md's JSON table that documents it; a test checks that every
//! field a case sees is named in its row and that every row has a case, so README and output stay
//! one contract. The cases of the scripting contract of the REPL issue (formerly an external
//! script) are all here, with its exit-status rules.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

/// What a field holds.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// A JSON number.
    Num,
    /// A non-negative integer.
    Int,
    /// A string.
    Str,
    /// Exactly this string.
    Is(&'static str),
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// true or false.
    Bool,
    /// An array (its elements checked by `field[].…` entries).
    Arr,
    /// An object (its fields checked by `field.…` entries, exactly, when there are any).
    Obj,
    /// null.
    Null,
    /// `"inf"`: +∞, which JSON numbers cannot hold.
    Inf,
}

use Kind::*;

const VERDICT: Kind = OneOf(&["proved", "refuted", "unknown"]);
const STOP: Kind = OneOf(&["converged", "budget"]);

impl Kind {
    fn matches(self, v: &Value) -> bool {
        match self {
            Num => v.is_number(),
            Int => v.is_u64(),
            Str => v.is_string(),
            Is(s) => v.as_str() == Some(s),
            OneOf(names) => v.as_str().is_some_and(|s| names.contains(&s)),
            Bool => v.is_boolean(),
            Arr => v.is_array(),
            Obj => v.is_object(),
            Null => v.is_null(),
            Inf => v.as_str() == Some("inf"),
        }
    }
}

/// One command and the fields of its JSON object.
struct Case {
    /// The first cell of the README JSON table's row that documents it.
    row: &'static str,
    /// Commands run first, in the same process.
    setup: &'static [&'static str],
    /// The command checked (its object is the last line).
    command: &'static str,
    /// `path` → kind; `a.b` is field b of object a, `a[].b` field b of each element of array a.
    fields: &'static [(&'static str, Kind)],
}

/// The fields of a derivation (`derive`, `simplify`, `diff`).
const DERIVED: [(&str, Kind); 7] = [
    ("result", Str),
    ("complete", Bool),
    ("steps", Arr),
    ("steps[].rule", Str),
    ("steps[].conditions", Arr),
    ("steps[].conditions[]", Str),
    ("steps[].expr", Str),
];

const BIND: &str = "`f = <expr>`";
const CHECK: &str = "`check f`";
const DERIVE: &str = "`derive`, `simplify`, `diff`, `dual`";
const SAME: &str = "`same f g`";
const D: &str = "`D f P Q`";
const CONJ: &str = "`conj f`";
const VALUE: &str = "`conj f at t`, `eval f u`";
const SAMPLE: &str = "`sample P n as xs`";
const ESTIMATE: &str = "`estimate f xs Q`, `bound f xs ys`";
const FIT_N: &str = "`fit N f xs`";
const FIT: &str = "`fit <family> f xs`";
const NET: &str = "`fit net kl xs [hidden]`";
const SESSION: &str = "`show f`, `list`, `assume …`";
const FORGET: &str = "`unbind f`, `clear`, `quit`";
const HELP: &str = "`help`, `help <command>`, `help conventions`";
const OUTPUT: &str = "`latex …`, `export …`, `plot …`";
const TIME: &str = "`time <command>`";
const FAILURE: &str = "a failure";

/// Every command, with the variants of its object (optional fields present and absent).
const CASES: &[Case] = &[
    Case {
        row: BIND,
        setup: &[],
        command: "f = u*log(u)",
        fields: &[("bound", Is("f")), ("expr", Str), ("recognised", Is("kl"))],
    },
    Case { row: BIND, setup: &[], command: "h = u^3", fields: &[("bound", Str), ("expr", Str), ("recognised", Null)] },
    Case {
        row: CHECK,
        setup: &["f = u*log(u)"],
        command: "check f",
        fields: &[
            ("f", Str),
            ("normalised", Is("proved")),
            ("convex", Is("proved")),
            ("lsc", Is("proved")),
            ("f0", Str),
            ("slope_inf", Inf),
            ("witness", Null),
            ("reason", Null),
            ("fixes", Arr),
            ("valid", Is("proved")),
            ("details", Obj),
            ("details.normalised", Obj),
            ("details.normalised.status", Is("proved")),
            ("details.normalised.certificate", Str),
            ("details.convex", Obj),
            ("details.convex.status", Is("proved")),
            ("details.convex.certificate", Str),
            ("details.lsc", Obj),
            ("details.lsc.status", Is("proved")),
            ("details.lsc.certificate", Str),
        ],
    },
    Case {
        row: CHECK,
        setup: &[],
        command: "check sqrt(u) - 1",
        fields: &[
            ("f", Str),
            ("normalised", VERDICT),
            ("convex", Is("refuted")),
            ("lsc", Is("unknown")),
            ("f0", Str),
            ("slope_inf", Str),
            ("witness", Str),
            ("reason", Str),
            ("fixes", Arr),
            ("fixes[]", Str),
            ("valid", Is("refuted")),
            ("details", Obj),
            ("details.normalised", Obj),
            ("details.normalised.status", Is("proved")),
            ("details.normalised.certificate", Str),
            ("details.convex", Obj),
            ("details.convex.status", Is("refuted")),
            ("details.convex.witness", Str),
            ("details.lsc", Obj),
            ("details.lsc.status", Is("unknown")),
            ("details.lsc.reason", Str),
        ],
    },
    Case { row: DERIVE, setup: &["f = u*log(u)"], command: "derive f", fields: &DERIVED },
    Case { row: DERIVE, setup: &[], command: "derive kl N(m1,s1) N(m2,s2)", fields: &DERIVED },
    Case {
        row: DERIVE,
        setup: &[],
        command: "derive pearson N(m1,s1) N(m2,s2)",
        fields: &[
            ("result", Str),
            ("complete", Bool),
            ("conditions", Arr),
            ("conditions[]", Str),
            ("steps", Arr),
            ("steps[].rule", Str),
            ("steps[].conditions", Arr),
            ("steps[].conditions[]", Str),
            ("steps[].expr", Str),
        ],
    },
    Case {
        row: DERIVE,
        setup: &[],
        command: "derive pearson N(0,1) N(0,0.5)",
        fields: &[("result", Inf), ("reason", Str), ("steps", Arr)],
    },
    Case { row: DERIVE, setup: &[], command: "simplify q*(p/q)*log(p/q)", fields: &DERIVED },
    Case { row: DERIVE, setup: &["f = u*log(u)"], command: "diff f", fields: &DERIVED },
    Case {
        row: DERIVE,
        setup: &["f = u*log(u)"],
        command: "dual f",
        fields: &[
            ("result", Str),
            ("complete", Bool),
            ("symmetric", OneOf(&["yes", "no", "unknown"])),
            ("steps", Arr),
            ("steps[].rule", Str),
            ("steps[].conditions", Arr),
            ("steps[].conditions[]", Str),
            ("steps[].expr", Str),
        ],
    },
    Case {
        row: SAME,
        setup: &["f = u*log(u)", "g = u*log(u) - u + 1"],
        command: "same f g",
        fields: &[
            ("result", Is("same")),
            ("steps", Arr),
            ("steps[].rule", Str),
            ("steps[].conditions", Arr),
            ("steps[].conditions[]", Str),
            ("steps[].expr", Str),
        ],
    },
    Case {
        row: SAME,
        setup: &[],
        command: "same kl (u - 1)^2",
        fields: &[("result", OneOf(&["same", "different", "unknown"])), ("steps", Arr)],
    },
    Case {
        row: D,
        setup: &["f = u*log(u)"],
        command: "D f N(0,1) N(1,2)",
        fields: &[("value", Num), ("abs_error", Num), ("evals", Int)],
    },
    Case {
        row: D,
        setup: &["f = u*log(u)"],
        command: "D f U(0,2) U(0,1)",
        fields: &[("value", Inf), ("abs_error", Num), ("evals", Int), ("numerical_evidence", Bool)],
    },
    Case {
        row: CONJ,
        setup: &["f = u*log(u)"],
        command: "conj f",
        fields: &[
            ("result", Str),
            ("domain", Str),
            ("effective_domain", Str),
            ("pieces", Arr),
            ("pieces[].value", Str),
            ("pieces[].domain", Str),
            ("steps", Arr),
            ("steps[].rule", Str),
            ("steps[].conditions", Arr),
            ("steps[].conditions[]", Str),
            ("steps[].expr", Str),
            ("inversion", Obj),
            ("inversion.method", OneOf(&["rules", "lambertw"])),
            ("inversion.form", Str),
            ("inversion.root", Str),
        ],
    },
    Case {
        row: CONJ,
        setup: &[],
        command: "conj u - 1",
        fields: &[
            ("result", Str),
            ("domain", Str),
            ("effective_domain", Str),
            ("pieces", Arr),
            ("pieces[].value", Str),
            ("pieces[].domain", Str),
        ],
    },
    Case { row: VALUE, setup: &[], command: "conj kl 0.5", fields: &[("value", Num), ("t", Num)] },
    Case { row: VALUE, setup: &[], command: "conj kl at -1", fields: &[("value", Num), ("t", Num)] },
    Case { row: VALUE, setup: &[], command: "conj u - 1 2", fields: &[("value", Inf), ("t", Num)] },
    Case { row: VALUE, setup: &["f = u*log(u)"], command: "eval f 1", fields: &[("value", Num), ("exact", Str)] },
    Case { row: VALUE, setup: &["f = u*log(u)"], command: "eval f 2.5", fields: &[("value", Num)] },
    Case {
        row: SAMPLE,
        setup: &[],
        command: "sample N(1,1) 2000 as xs",
        fields: &[("sampled", Is("xs")), ("n", Int), ("mean", Num), ("sd", Num), ("seed", Int)],
    },
    Case {
        row: ESTIMATE,
        setup: &["sample N(1,1) 2000 as xs"],
        command: "estimate kl xs N(0,1)",
        fields: &[("value", Num), ("abs_error", Num), ("method", Is("knn-entropy")), ("k", Int)],
    },
    Case {
        row: ESTIMATE,
        setup: &["sample N(1,1) 2000 as xs", "sample N(0,1) 2000 as ys"],
        command: "estimate kl xs ys",
        fields: &[("value", Num), ("abs_error", Num), ("method", Is("knn-kl")), ("k", Int)],
    },
    Case {
        row: ESTIMATE,
        setup: &["sample N(1,1) 2000 as xs", "sample N(0,1) 2000 as ys"],
        command: "estimate js xs ys",
        fields: &[("value", Num), ("abs_error", Num), ("method", Is("kde-plug-in")), ("bandwidth", Num)],
    },
    Case {
        row: ESTIMATE,
        setup: &["sample N(1,1) 2000 as xs", "sample N(0,1) 2000 as ys"],
        command: "bound kl xs ys",
        fields: &[("value", Num), ("abs_error", Num), ("method", Is("variational")), ("theta", Arr), ("theta[]", Num)],
    },
    Case {
        row: FIT_N,
        setup: &["sample N(2,3) 2000 as xs", "f = u*log(u)"],
        command: "fit N f xs",
        fields: &[
            ("family", Is("N")),
            ("theta", Obj),
            ("theta.mean", Num),
            ("theta.sd", Num),
            ("divergence", Num),
            ("iterations", Int),
            ("objective", Is("maximum-likelihood")),
            ("stop", STOP),
        ],
    },
    Case {
        row: FIT_N,
        setup: &["sample N(2,3) 2000 as xs"],
        command: "fit N js xs",
        fields: &[
            ("family", Is("N")),
            ("theta", Obj),
            ("theta.mean", Num),
            ("theta.sd", Num),
            ("divergence", Num),
            ("iterations", Int),
            ("objective", Is("kde-plug-in")),
            ("bandwidth", Num),
            ("stop", STOP),
        ],
    },
    Case {
        row: FIT,
        setup: &["sample Laplace(1,2) 2000 as xs"],
        command: "fit Laplace kl xs",
        fields: &[
            ("family", Is("Laplace")),
            ("theta", Obj),
            ("theta.loc", Num),
            ("theta.scale", Num),
            ("divergence", Num),
            ("iterations", Int),
            ("objective", Is("maximum-likelihood")),
            ("stop", STOP),
        ],
    },
    Case {
        row: FIT,
        setup: &["sample T(3, 1, 2) 2000 as xs"],
        command: "fit T(3) js xs",
        fields: &[
            ("family", Is("T")),
            ("theta", Obj),
            ("theta.df", Num),
            ("theta.loc", Num),
            ("theta.scale", Num),
            ("divergence", Num),
            ("iterations", Int),
            ("objective", Is("kde-plug-in")),
            ("bandwidth", Num),
            ("stop", STOP),
        ],
    },
    Case {
        row: FIT,
        setup: &["sample U(-1, 3) 2000 as xs"],
        command: "fit U kl xs",
        fields: &[
            ("family", Is("U")),
            ("theta", Obj),
            ("theta.a", Num),
            ("theta.b", Num),
            ("divergence", Num),
            ("iterations", Int),
            ("objective", Is("maximum-likelihood")),
            ("stop", STOP),
        ],
    },
    Case {
        row: FIT,
        setup: &["sample Gamma(3,2) 2000 as ys"],
        command: "fit Exp kl ys",
        fields: &[
            ("family", Is("Exp")),
            ("theta", Obj),
            ("theta.rate", Num),
            ("divergence", Num),
            ("iterations", Int),
            ("objective", Is("maximum-likelihood")),
            ("stop", STOP),
        ],
    },
    Case {
        row: FIT,
        setup: &["sample Gamma(3,2) 2000 as ys"],
        command: "fit Gamma kl ys",
        fields: &[
            ("family", Is("Gamma")),
            ("theta", Obj),
            ("theta.shape", Num),
            ("theta.rate", Num),
            ("divergence", Num),
            ("iterations", Int),
            ("objective", Is("maximum-likelihood")),
            ("stop", STOP),
        ],
    },
    Case {
        row: FIT,
        setup: &["sample Gamma(3,2) 2000 as ys"],
        command: "fit LogN kl ys",
        fields: &[
            ("family", Is("LogN")),
            ("theta", Obj),
            ("theta.mu", Num),
            ("theta.sigma", Num),
            ("divergence", Num),
            ("iterations", Int),
            ("objective", Is("maximum-likelihood")),
            ("stop", STOP),
        ],
    },
    Case {
        row: NET,
        setup: &["sample Gamma(3,2) 2000 as ys"],
        command: "fit net kl ys 2",
        fields: &[
            ("theta", Obj),
            ("theta.w", Arr),
            ("theta.w[]", Num),
            ("theta.b", Arr),
            ("theta.b[]", Num),
            ("theta.a", Arr),
            ("theta.a[]", Num),
            ("theta.c", Num),
            ("divergence", Num),
            ("hidden", Int),
            ("iterations", Int),
            ("objective", Is("knn-kl")),
            ("k", Int),
            ("model_draws", Int),
            ("stop", STOP),
            ("quantiles", Obj),
            ("quantiles.p", Arr),
            ("quantiles.p[]", Num),
            ("quantiles.data", Arr),
            ("quantiles.data[]", Num),
            ("quantiles.model", Arr),
            ("quantiles.model[]", Num),
        ],
    },
    Case { row: SESSION, setup: &["f = u*log(u)"], command: "show f", fields: &[("expr", Str)] },
    Case { row: SESSION, setup: &["f = u*log(u)"], command: "f", fields: &[("expr", Str)] },
    Case {
        row: SESSION,
        setup: &["f = u*log(u)", "assume a > 0"],
        command: "list",
        fields: &[("bindings", Obj), ("assumptions", Obj), ("catalogue", Obj)],
    },
    Case {
        row: SESSION,
        setup: &[],
        command: "assume alpha in (0, 1]",
        fields: &[("assumed", Is("alpha")), ("range", Is("(0, 1]"))],
    },
    Case { row: FORGET, setup: &["f = u*log(u)"], command: "unbind f", fields: &[("unbound", Is("f"))] },
    Case { row: FORGET, setup: &["f = u*log(u)"], command: "clear", fields: &[("cleared", Bool)] },
    Case { row: FORGET, setup: &[], command: "quit", fields: &[("quit", Bool)] },
    Case { row: FORGET, setup: &[], command: "exit", fields: &[("quit", Bool)] },
    Case { row: HELP, setup: &[], command: "help", fields: &[("help", Arr), ("help[]", Str)] },
    Case {
        row: HELP,
        setup: &[],
        command: "help derive",
        fields: &[("help", Is("derive")), ("usage", Str), ("example", Str)],
    },
    Case { row: HELP, setup: &[], command: "help conventions", fields: &[("help", Is("conventions")), ("text", Str)] },
    Case { row: OUTPUT, setup: &["f = u*log(u)"], command: "latex show f", fields: &[("latex", Str)] },
    Case { row: OUTPUT, setup: &["f = u*log(u)"], command: "latex derive f", fields: &[("latex", Str)] },
    Case {
        row: OUTPUT,
        setup: &["f = u*log(u)"],
        command: "export rust f",
        fields: &[("code", Str), ("language", Is("rust"))],
    },
    Case {
        row: OUTPUT,
        setup: &[],
        command: "export numpy derive kl",
        fields: &[("code", Str), ("language", Is("numpy"))],
    },
    Case { row: OUTPUT, setup: &["f = u*log(u)"], command: "plot f 3", fields: &[("path", Str)] },
    Case { row: OUTPUT, setup: &[], command: "plot D kl N(0,1) N(1,2)", fields: &[("path", Str)] },
    Case {
        row: TIME,
        setup: &["f = u*log(u)"],
        command: "time eval f 2",
        fields: &[("median_s", Num), ("runs", Int), ("p10_s", Num), ("p90_s", Num)],
    },
    Case { row: FAILURE, setup: &[], command: "f = u*log(", fields: &[("error", Str)] },
    Case { row: FAILURE, setup: &[], command: "chekc f", fields: &[("error", Str)] },
    Case { row: FAILURE, setup: &[], command: "fit Laplace kl nothing", fields: &[("error", Str)] },
];

/// Runs the `fdiv` binary with `--json` and one `--eval` per command, in a scratch directory
/// (plots are written there): the exit status and one parsed object per line.
fn run(commands: &[&str]) -> (i32, Vec<Value>) {
    let dir = std::env::temp_dir().join(format!("fdiv-json-contract-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let mut command = Command::new(env!("CARGO_BIN_EXE_fdiv"));
    command.arg("--json").current_dir(&dir);
    for c in commands {
        command.args(["--eval", c]);
    }
    let output = command.output().expect("the fdiv binary runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let objects = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not one JSON object ({e}): {line}")))
        .collect();
    (output.status.code().unwrap_or(-1), objects)
}

/// The values at `path` (`a.b`, `a[].b`), fanning out over arrays at `[]`.
fn resolve<'a>(value: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut current = vec![value];
    if path.is_empty() {
        return current;
    }
    for segment in path.split('.') {
        let (name, each) = match segment.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        let next: Vec<&Value> =
            current.iter().filter_map(|v| if name.is_empty() { Some(*v) } else { v.get(name) }).collect();
        current = if each { next.iter().filter_map(|v| v.as_array()).flatten().collect() } else { next };
    }
    current
}

/// Checks `object` against a spec: each path has its kind, and each object the spec looks into
/// has exactly the fields the spec names there. Returns the problems.
fn check(object: &Value, fields: &[(&str, Kind)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut children: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, kind) in fields {
        let (parent, last) = path.rsplit_once('.').unwrap_or(("", path));
        let name = last.trim_end_matches("[]");
        if !name.is_empty() {
            children.entry(parent.to_string()).or_default().insert(name.to_string());
        }
        let values = resolve(object, path);
        if values.is_empty() && !path.contains("[]") {
            problems.push(format!("missing {path}"));
        }
        for v in values {
            if !kind.matches(v) {
                problems.push(format!("{path} should be {kind:?}, is {v}"));
            }
        }
    }
    for (parent, names) in &children {
        for v in resolve(object, parent) {
            let Some(map) = v.as_object() else { continue };
            let keys: BTreeSet<String> = map.keys().cloned().collect();
            if &keys != names {
                let at = if parent.is_empty() { "the object" } else { parent.as_str() };
                problems.push(format!("{at} has fields {keys:?}, the contract {names:?}"));
            }
        }
    }
    problems
}

/// Whether a string reads like Rust `Debug` output of a struct or enum variant:
/// `KdePlugIn { bandwidth: 0.1 }`, `MaximumLikelihood`, `Some(…)`.
fn looks_like_debug(s: &str) -> bool {
    let camel_words = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let humps = w.chars().filter(|c| c.is_ascii_uppercase()).count();
        w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && humps >= 2
            && w.chars().all(|c| c.is_ascii_alphabetic())
            && w.chars().filter(|c| c.is_ascii_lowercase()).count() >= 4
    };
    s.contains(" { ") && s.contains(": ") && s.contains(" }")
        || s.starts_with("Some(")
        || s.split_whitespace().next().is_some_and(camel_words) && s.split_whitespace().count() <= 3
}

/// Every string anywhere in `value`.
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map.values().flat_map(strings).collect(),
        _ => vec![],
    }
}

#[test]
fn every_command_has_its_fields_and_types() {
    let mut failures = Vec::new();
    for case in CASES {
        let commands: Vec<&str> = case.setup.iter().copied().chain([case.command]).collect();
        let (code, objects) = run(&commands);
        let Some(last) = objects.last() else {
            failures.push(format!("{}: no output", case.command));
            continue;
        };
        let failed = case.row == FAILURE;
        if (code != 0) != failed {
            failures.push(format!("{}: exit status {code}", case.command));
        }
        if objects.len() != commands.len() {
            failures.push(format!("{}: {} objects for {} commands", case.command, objects.len(), commands.len()));
        }
        for problem in check(last, case.fields) {
            failures.push(format!("{}: {problem}", case.command));
        }
        for s in strings(last) {
            if looks_like_debug(s) {
                failures.push(format!("{}: Debug text in JSON: {s}", case.command));
            }
        }
    }
    assert!(failures.is_empty(), "the JSON contract is broken:\n{}", failures.join("\n"));
}

/// The rows of README.md's JSON table: first cell → second cell.
fn readme_rows() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md");
    let section = readme.split("## JSON output").nth(1).expect("a JSON section in README.md");
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| command") && !l.starts_with("| ---"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').splitn(2, " | ").map(str::trim).collect();
            Some((cells.first()?.to_string(), cells.get(1)?.to_string()))
        })
        .collect()
}

#[test]
fn readme_documents_every_field_and_every_row_is_tested() {
    let rows: BTreeMap<String, String> = readme_rows().into_iter().collect();
    let mut problems = Vec::new();
    for case in CASES {
        let Some(documented) = rows.get(case.row) else {
            problems.push(format!("README.md's JSON table has no row {}", case.row));
            continue;
        };
        let top: BTreeSet<&str> = case.fields.iter().map(|(p, _)| p.split(['.', '[']).next().unwrap_or(p)).collect();
        for field in top {
            if !documented.contains(&format!("`{field}`")) {
                problems
                    .push(format!("{}: field `{field}` is not named in README.md's row {}", case.command, case.row));
            }
        }
    }
    for row in rows.keys() {
        if !CASES.iter().any(|c| c.row == row) {
            problems.push(format!("README.md's JSON row {row} has no case in tests/json_contract.rs"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The scripting contract of the REPL issue, case for case: the fields a script relies on are in
/// the last object, every line is JSON, and the exit status is 0 when every command succeeded.
#[test]
fn the_scripting_contract() {
    let cases: &[(&[&str], &[&str])] = &[
        (&["f = u*log(u)", "derive f"], &["result", "steps"]),
        (&["f = u*log(u)", "g = u*log(u) - u + 1", "same f g"], &["result"]),
        (&["f = u*log(u)", "check f"], &["normalised", "convex", "lsc", "f0", "slope_inf"]),
        (&["f = u*log(u)"], &["bound", "expr"]),
        (&["f = u*log(u)", "D f N(0,1) N(1,2)"], &["value", "abs_error", "evals"]),
        (&["f = u*log(u)", "D f U(0,2) U(0,1)"], &["value"]),
        (&["f = u*log(u)", "dual f"], &["result"]),
        (&["f = u*log(u)", "conj f"], &["result", "domain"]),
        (&["derive kl N(m1,s1) N(m2,s2)"], &["result"]),
        (&["f = u*log(u)", "time derive f"], &["median_s", "runs"]),
        (&["sample N(1,1) 2000 as xs", "estimate kl xs N(0,1)"], &["value", "abs_error"]),
        (&["sample N(2,3) 2000 as xs", "f = u*log(u)", "fit N f xs"], &["theta", "divergence"]),
    ];
    for (commands, fields) in cases {
        let (code, objects) = run(commands);
        assert_eq!(code, 0, "{commands:?}");
        assert_eq!(objects.len(), commands.len(), "{commands:?}");
        let last = objects.last().expect("an object");
        for field in *fields {
            assert!(last.get(field).is_some(), "{commands:?}: no {field} in {last}");
        }
    }
    // a parse error is an {"error": …} object and a non-zero exit status; later commands still run
    let (code, objects) = run(&["f = u*log(", "f = u*log(u)"]);
    assert_ne!(code, 0);
    assert!(objects[0]["error"].is_string() && objects[1]["bound"] == "f", "{objects:?}");
}

#[test]
fn the_checker_itself() {
    let object: Value = serde_json::json!({"a": 1, "b": {"c": "x"}, "s": [{"r": "y"}]});
    assert!(check(&object, &[("a", Int), ("b", Obj), ("b.c", Str), ("s", Arr), ("s[].r", Str)]).is_empty());
    assert_eq!(check(&object, &[("a", Int), ("b", Obj), ("s", Arr)]).len(), 0);
    assert_eq!(check(&object, &[("a", Str), ("b", Obj), ("s", Arr)]).len(), 1);
    assert_eq!(check(&object, &[("a", Int), ("s", Arr)]).len(), 1, "b is not in the contract");
    assert_eq!(check(&object, &[("a", Int), ("b", Obj), ("b.d", Str), ("s", Arr)]).len(), 2);
    assert!(looks_like_debug("KdePlugIn { bandwidth: 0.119 }"));
    assert!(looks_like_debug("MaximumLikelihood"));
    assert!(!looks_like_debug("kde-plug-in") && !looks_like_debug("LogN") && !looks_like_debug("u*log(u)"));
    assert!(!looks_like_debug("Mix([0.5, 0.5], N(-3,1), N(3,1))"));
}
