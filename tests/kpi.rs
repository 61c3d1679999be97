//! Runs `vectors/kpi.json` through the Rust API.

use iso_core::KpiError;
use iso_core::catalogue::Catalogue;
use iso_core::kpi::{IndicatorData, IndicatorFiles, KpiOptions, KpiValue, regression::AcceptanceRules};
use iso_core::register::RegisterBuilder;
use serde_json::{Map, Value, json};

use crate::{Case, FaceError, check, load, vectors_dir};

/// A fixture's text, named as the file it stands for (`measurements.csv`, `ghg.toml`), as every face names it.
fn fixture(name: &str, as_file: &str) -> (String, String) {
    (as_file.to_owned(), std::fs::read_to_string(vectors_dir().join("fixtures").join(name)).unwrap())
}

fn kpi_error(e: KpiError) -> FaceError {
    let (kind, line) = match &e {
        KpiError::Invalid { issues } => ("ValidationError", issues.first().and_then(|i| i.location.line)),
        KpiError::Syntax { location, .. } => ("ParseError", location.line),
        KpiError::UnknownKpi(_) => ("NotFoundError", None),
        KpiError::Unit(_) => ("UnitError", None),
        _ => ("ValidationError", None),
    };
    FaceError { kind, line, message: e.to_string() }
}

fn decimal(value: Option<rust_decimal::Decimal>) -> Value {
    value.map_or(Value::Null, |v| json!(v.normalize().to_string()))
}

/// Keeps the non-null fields.
fn object(fields: &[(&str, Value)]) -> Value {
    Value::Object(
        fields.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| ((*k).to_owned(), v.clone())).collect::<Map<_, _>>(),
    )
}

fn run(case: &Case) -> Result<Value, FaceError> {
    let files = case.register.as_ref().unwrap();
    let name = |key: &str, as_file: &str| files.get(key).and_then(Value::as_str).map(|n| fixture(n, as_file));
    let (organisation_name, organisation_text) = name("organisation", "organisation.toml").unwrap();
    let organisation = RegisterBuilder::new()
        .organisation_toml(&organisation_name, &organisation_text)
        .build(&Catalogue::builtin().unwrap())
        .unwrap()
        .organisation
        .clone();
    let indicator_files = IndicatorFiles {
        measurements: name("measurements", "measurements.csv").unwrap(),
        targets: name("targets", "targets.csv"),
        ghg: name("ghg", "ghg.toml"),
        energy: name("energy", "energy.toml"),
        kpis: name("kpis", "kpis.toml"),
    };
    let data = IndicatorData::from_files(&indicator_files, &organisation).map_err(kpi_error)?;
    let options: KpiOptions = serde_json::from_value(case.args.clone()).unwrap();
    let results = data.compute(&organisation, &options, &AcceptanceRules::default()).map_err(kpi_error)?;
    Ok(match case.op.as_str() {
        "kpi_values" => Value::Object(
            results
                .indicators
                .results
                .iter()
                .map(|r| {
                    let (value, unit, undefined) = match &r.value {
                        KpiValue::Defined { value, unit } => (decimal(Some(*value)), json!(unit), Value::Null),
                        KpiValue::Undefined { reason } => (Value::Null, Value::Null, json!(reason)),
                    };
                    let fields = [
                        ("value", value),
                        ("unit", unit),
                        ("undefined", undefined),
                        ("improvement", decimal(r.improvement)),
                        ("target", decimal(r.target)),
                        ("status", r.status.map_or(Value::Null, |s| serde_json::to_value(s).unwrap())),
                    ];
                    (format!("{}@{}", r.kpi, r.site.as_deref().unwrap_or("")), object(&fields))
                })
                .collect(),
        ),
        "energy_performance" => Value::Array(
            results
                .energy
                .iter()
                .map(|e| {
                    let regression = e.regression.as_ref();
                    let estimates = regression.map_or(Value::Null, |r| {
                        r.coefficients.iter().map(|c| decimal(Some(c.estimate))).collect::<Vec<_>>().into()
                    });
                    object(&[
                        ("model", json!(e.model)),
                        ("coefficients", estimates),
                        ("r_squared", decimal(regression.map(|r| r.r_squared))),
                        ("accepted", e.acceptance.as_ref().map_or(Value::Null, |a| json!(a.accepted))),
                        ("senpi", decimal(e.senpi)),
                        ("improvement", decimal(e.improvement)),
                        ("savings", decimal(e.savings)),
                        ("problem", e.problem.as_ref().map_or(Value::Null, |p| json!(p))),
                    ])
                })
                .collect(),
        ),
        other => panic!("unknown operation {other}"),
    })
}

#[test]
fn kpi_vectors() {
    let file = load("kpi.json").unwrap();
    let failures: Vec<String> = file
        .cases
        .iter()
        .filter_map(|case| check(case, run(case)).err().map(|e| format!("{}: {e}", case.name)))
        .collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), file.cases.len(), failures.join("\n"));
}
