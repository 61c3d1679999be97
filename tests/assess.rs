//! Runs `vectors/assess.json` through the Rust API.

use std::collections::BTreeMap;

use iso_core::assess::{AssessOptions, Assessment, NotReady, assess};
use iso_core::catalogue::Catalogue;
use iso_core::register::{RegisterBuilder, SheetKind};
use iso_core::{AssessError, RegisterError};
use serde_json::{Value, json};

use crate::{Case, FaceError, check, load, vectors_dir};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(vectors_dir().join("fixtures").join(name)).unwrap()
}

fn register_error(e: RegisterError) -> FaceError {
    let kind = match e {
        RegisterError::Invalid { .. } => "ValidationError",
        RegisterError::Io { .. } => "OSError",
        _ => "ParseError",
    };
    FaceError { kind, line: e.location().and_then(|l| l.line), message: e.to_string() }
}

fn assess_error(e: AssessError) -> FaceError {
    match e {
        AssessError::Register(e) => register_error(e),
        other => FaceError { kind: "ValidationError", line: None, message: other.to_string() },
    }
}

fn open(case: &Case) -> Result<(Catalogue, iso_core::register::Register), FaceError> {
    let mut builder = Catalogue::builder();
    for name in case.catalogue.as_array().unwrap() {
        let name = name.as_str().unwrap();
        builder = builder.with_toml(name, &fixture(name)).unwrap();
    }
    let catalogue = builder.build().unwrap();
    let files = case.register.as_ref().unwrap();
    let mut register = RegisterBuilder::new();
    if let Some(name) = files.get("organisation").and_then(Value::as_str) {
        register = register.organisation_toml(name.rsplit('/').next().unwrap(), &fixture(name));
    }
    for kind in SheetKind::ALL {
        let key = kind.file_name().trim_end_matches(".csv");
        if let Some(name) = files.get(key).and_then(Value::as_str) {
            register = register.sheet(kind, kind.file_name(), &fixture(name));
        }
    }
    let register = register.build(&catalogue).map_err(register_error)?;
    Ok((catalogue, register))
}

fn run_assessment(case: &Case) -> Result<Assessment, FaceError> {
    let (catalogue, register) = open(case)?;
    let as_of = case.args["as_of"].as_str().unwrap().parse().unwrap();
    let options: AssessOptions =
        case.args.get("options").map_or_else(Default::default, |o| serde_json::from_value(o.clone()).unwrap());
    assess(&catalogue, &register, as_of, &options).map_err(assess_error)
}

fn decimal(value: Option<rust_decimal::Decimal>) -> Value {
    value.map_or(Value::Null, |v| json!(v.normalize().to_string()))
}

fn run(case: &Case) -> Result<Value, FaceError> {
    Ok(match case.op.as_str() {
        "register_summary" => {
            let (_, register) = open(case)?;
            let org = &register.organisation;
            json!({
                "sites": org.sites.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
                "systems": org.systems.iter().map(|s| s.norm.clone()).collect::<Vec<_>>(),
                "evidence": register.evidence.len(),
                "findings": register.findings.len(),
            })
        }
        "assess_scores" => {
            let a = run_assessment(case)?;
            let norms: Vec<Value> = a
                .norms
                .iter()
                .map(|n| {
                    let sites: BTreeMap<&str, Value> =
                        n.sites.iter().map(|s| (s.site.as_str(), decimal(s.score.value))).collect();
                    json!({ "norm": n.norm, "score": decimal(n.score.value), "sites": sites })
                })
                .collect();
            json!({ "overall": decimal(a.overall.value), "norms": norms })
        }
        "assess_results" => {
            let a = run_assessment(case)?;
            let results: BTreeMap<String, String> = a
                .results
                .iter()
                .map(|r| {
                    (
                        format!("{}@{}", r.requirement, r.site),
                        format!("{}/{}", r.result.as_str(), serde_json::to_value(r.rule).unwrap().as_str().unwrap()),
                    )
                })
                .collect();
            serde_json::to_value(results).unwrap()
        }
        "assess_readiness" => {
            let a = run_assessment(case)?;
            let kind = |r: &NotReady| serde_json::to_value(r).unwrap()["kind"].clone();
            Value::Array(
                a.readiness
                    .iter()
                    .map(|r| {
                        let cycle: Vec<String> = r
                            .cycle
                            .iter()
                            .map(|c| format!("{}:{}", c.kind.as_str(), serde_json::to_value(c.status).unwrap().as_str().unwrap()))
                            .collect();
                        json!({ "norm": r.norm, "ready": r.ready, "reasons": r.reasons.iter().map(kind).collect::<Vec<_>>(), "cycle": cycle })
                    })
                    .collect(),
            )
        }
        "assess_gaps" => {
            let a = run_assessment(case)?;
            Value::Array(
                a.gaps
                    .iter()
                    .map(|g| json!({ "priority": g.priority, "kind": g.kind, "requirement": g.requirement, "sites": g.sites, "finding": g.finding, "evidence": g.evidence }))
                    .collect(),
            )
        }
        other => panic!("unknown operation {other}"),
    })
}

#[test]
fn assess_vectors() {
    let file = load("assess.json").unwrap();
    let failures: Vec<String> = file
        .cases
        .iter()
        .filter_map(|case| check(case, run(case)).err().map(|e| format!("{}: {e}", case.name)))
        .collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), file.cases.len(), failures.join("\n"));
}
