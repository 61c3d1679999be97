//! Runs `vectors/catalogue.json` through the Rust API.

use iso_core::catalogue::{Catalogue, ClauseFilter, RequirementFilter};
use iso_core::{CatalogueError, NotFound};
use serde_json::{Value, json};

use crate::{Case, FaceError, check, load, vectors_dir};

fn catalogue_error(e: CatalogueError) -> FaceError {
    let kind = match e {
        CatalogueError::Invalid { .. } => "ValidationError",
        CatalogueError::Io { .. } => "OSError",
        _ => "ParseError",
    };
    FaceError { kind, line: e.location().and_then(|l| l.line), message: e.to_string() }
}

fn not_found(e: NotFound) -> FaceError {
    FaceError { kind: "NotFoundError", line: None, message: e.to_string() }
}

fn arg<T: serde::de::DeserializeOwned + Default>(args: &Value) -> T {
    if args.is_null() { T::default() } else { serde_json::from_value(args.clone()).unwrap() }
}

fn str_arg<'a>(args: &'a Value, name: &str) -> &'a str {
    args[name].as_str().unwrap_or_else(|| panic!("argument {name} missing"))
}

fn open(case: &Case) -> Result<Catalogue, FaceError> {
    if case.catalogue == "builtin" {
        return Catalogue::builtin().map_err(catalogue_error);
    }
    let mut builder = Catalogue::builder();
    if case.builtin {
        builder = builder.with_builtin().map_err(catalogue_error)?;
    }
    for name in case.catalogue.as_array().expect("catalogue is \"builtin\" or a list of fixtures") {
        let name = name.as_str().unwrap();
        let text = std::fs::read_to_string(vectors_dir().join("fixtures").join(name)).unwrap();
        builder = builder.with_toml(name, &text).map_err(catalogue_error)?;
    }
    builder.build().map_err(catalogue_error)
}

fn ids<'a>(items: impl IntoIterator<Item = &'a String>) -> Value {
    Value::Array(items.into_iter().map(|s| Value::String(s.clone())).collect())
}

fn run(case: &Case) -> Result<Value, FaceError> {
    let catalogue = open(case)?;
    let args = &case.args;
    let value = match case.op.as_str() {
        "load" => json!({ "norms": ids(catalogue.norms().iter().map(|n| &n.id)) }),
        "norms" => ids(catalogue.norms().iter().map(|n| &n.id)),
        "norm_summary" => {
            let norm = catalogue.norm(str_arg(args, "id"));
            norm.map_or(Value::Null, |n| {
                json!({ "id": n.id, "kind": n.kind, "maturity_levels": n.maturity.iter().map(|m| m.level).collect::<Vec<_>>() })
            })
        }
        "requirement" => serde_json::to_value(catalogue.requirement(str_arg(args, "id"))).unwrap(),
        "clause" => serde_json::to_value(catalogue.clause(str_arg(args, "id"))).unwrap(),
        "clause_ids" => {
            let filter: ClauseFilter = arg(args);
            ids(catalogue.find_clauses(&filter).map_err(not_found)?.iter().map(|c| &c.id))
        }
        "requirement_ids" => {
            let filter: RequirementFilter = arg(args);
            ids(catalogue.find_requirements(&filter).map_err(not_found)?.iter().map(|r| &r.id))
        }
        "count_requirements" => {
            let filter: RequirementFilter = arg(args);
            json!(catalogue.find_requirements(&filter).map_err(not_found)?.len())
        }
        "search" | "search_ids" => {
            let lang = args.get("lang").and_then(Value::as_str).map(|l| l.parse().unwrap());
            let hits = catalogue.search(str_arg(args, "query"), lang);
            if case.op == "search" { serde_json::to_value(hits).unwrap() } else { ids(hits.iter().map(|h| &h.id)) }
        }
        "equivalents" | "equivalent_clauses" => {
            let found = catalogue.equivalents(str_arg(args, "clause")).map_err(not_found)?;
            if case.op == "equivalents" {
                serde_json::to_value(found).unwrap()
            } else {
                ids(found.iter().map(|e| &e.clause))
            }
        }
        "round_trip" => {
            let text = serde_json::to_string(&catalogue).unwrap();
            let back: Catalogue = serde_json::from_str(&text).unwrap();
            json!(back == catalogue && serde_json::to_string(&back).unwrap() == text)
        }
        other => panic!("unknown operation {other}"),
    };
    Ok(value)
}

#[test]
fn catalogue_vectors() {
    let file = load("catalogue.json").unwrap();
    assert!(!file.cases.is_empty(), "{}", file.description);
    let failures: Vec<String> = file
        .cases
        .iter()
        .filter_map(|case| check(case, run(case)).err().map(|e| format!("{}: {e}", case.name)))
        .collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), file.cases.len(), failures.join("\n"));
}
