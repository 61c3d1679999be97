//! Runs `vectors/waste.json` through the Rust API: e-GAR import, waste breakdown, waste KPIs, MIRR reconciliation.
//!
//! Every result is first put in the engine's JSON form (serde, as the Python and JS faces give it), then reduced
//! to the case's shape by the same steps as `iso-py/tests/test_waste_vectors.py` and
//! `iso-wasm/tests/waste-vectors.test.mjs`.

use iso_core::WasteError;
use iso_core::catalogue::Catalogue;
use iso_core::connect::egar::{Import, ImportOptions, import_bytes};
use iso_core::connect::mirr::{Mirr, reconcile_with_guides};
use iso_core::kpi::{IndicatorData, KpiOptions, KpiValue, regression::AcceptanceRules};
use iso_core::register::{Organisation, RegisterBuilder};
use iso_core::waste::ClassPolicy;
use iso_core::waste::indicators::{WasteBreakdown, waste_measurements};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use crate::{Case, FaceError, check, load, vectors_dir};

/// A face's error and the field of its first issue.
type Failure = (FaceError, Option<String>);

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(vectors_dir().join("fixtures").join(name)).unwrap()
}

fn fixture(name: &str) -> String {
    String::from_utf8(fixture_bytes(name)).unwrap()
}

/// The input name every face gives an import: the fixture's base name (`bad.csv`).
fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn waste_error(e: WasteError) -> Failure {
    let (kind, field) = match &e {
        WasteError::Invalid { issues } => ("ValidationError", issues.first().and_then(|i| i.field.clone())),
        WasteError::Syntax { .. } | WasteError::Io { .. } => ("ParseError", None),
        _ => ("ValidationError", None),
    };
    (FaceError { kind, line: e.location().and_then(|l| l.line), message: e.to_string() }, field)
}

/// A decimal by value: `"3.80"` and `"3.8"` are the same number; `null` stays `null`.
fn decimal(value: &Value) -> Value {
    match value {
        Value::Null => Value::Null,
        Value::String(s) => json!(s.parse::<Decimal>().unwrap().normalize().to_string()),
        other => panic!("not a decimal: {other}"),
    }
}

fn organisation(case: &Case) -> Organisation {
    let name = case.register.as_ref().unwrap().get("organisation").and_then(Value::as_str).unwrap();
    RegisterBuilder::new()
        .organisation_toml("organisation.toml", &fixture(name))
        .build(&Catalogue::builtin().unwrap())
        .unwrap()
        .organisation
        .clone()
}

fn import(args: &Value) -> Result<Import, Failure> {
    let name = args["guides"].as_str().unwrap();
    let options: ImportOptions = match args.get("options") {
        Some(options) => serde_json::from_value(options.clone()).unwrap(),
        None => ImportOptions::default(),
    };
    import_bytes(&fixture_bytes(name), base_name(name), &options).map_err(waste_error)
}

/// The report in the case's shape, from its JSON form.
fn report(report: &Value) -> Value {
    let issues: Vec<Value> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!({ "line": i["location"]["line"], "guide": i["id"], "field": i["field"] }))
        .collect();
    json!({
        "guides": report["guides"],
        "counted": report["counted"],
        "not_counted": report["not_counted"],
        "rejected": report["rejected"],
        "corrected": report["corrected"],
        "tonnes": decimal(&report["tonnes"]),
        "ler_codes": report["ler_codes"],
        "issues": issues,
    })
}

fn groups(import: &Import) -> Value {
    let rows = import.aggregator.groups().into_iter().map(|g| {
        let k = &g.key;
        let key = [
            k.role.id().to_owned(),
            k.party.clone(),
            k.establishment.clone(),
            k.counterpart.clone(),
            k.counterpart_establishment.clone(),
            k.ler.to_string(),
            k.operation.to_string(),
            k.month.to_string(),
        ]
        .join("|");
        let tonnes = decimal(&json!(g.totals.tonnes.to_string()));
        (key, json!({ "tonnes": tonnes, "guides": g.totals.guides, "corrected": g.totals.corrected }))
    });
    Value::Object(rows.collect::<Map<_, _>>())
}

/// The breakdown in the case's shape, from its JSON form.
fn breakdown(b: &Value) -> Value {
    let tonnes = |t: &Value| json!({ "hazardous": decimal(&t["hazardous"]), "non_hazardous": decimal(&t["non_hazardous"]), "total": decimal(&t["total"]) });
    let rates: Map<String, Value> =
        b["rates"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), decimal(v))).collect();
    let by_class: Map<String, Value> = b["by_class"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| (line["class"].as_str().unwrap().to_owned(), decimal(&line["tonnes"]["total"])))
        .collect();
    let by_site: Vec<Value> = b["by_site"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            json!({ "site": s["site"], "establishment": s["establishment"], "total": decimal(&s["tonnes"]["total"]), "guides": s["guides"] })
        })
        .collect();
    let (esrs, gri) = (&b["esrs_e5_5"], &b["gri_306"]);
    json!({
        "guides": b["guides"],
        "total": tonnes(&b["total"]),
        "final_fate": tonnes(&b["final_fate"]),
        "interim": tonnes(&b["interim"]),
        "rates": rates,
        "by_class": by_class,
        "by_site": by_site,
        "esrs_e5_5": {
            "diverted": decimal(&esrs["diverted"]["total"]["total"]),
            "disposal": decimal(&esrs["disposal"]["total"]["total"]),
            "not_final": decimal(&esrs["not_final"]["total"]),
        },
        "gri_306": {
            "diverted": decimal(&gri["diverted"]["total"]["total"]),
            "directed": decimal(&gri["directed"]["total"]["total"]),
        },
    })
}

/// The reconciliation in the case's shape, from its JSON form.
fn reconciliation(r: &Value) -> Value {
    let totals: Map<String, Value> = r["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let sums = json!({ "compiled": decimal(&t["compiled"]), "declared": decimal(&t["declared"]), "difference": decimal(&t["difference"]) });
            (t["form"].as_str().unwrap().to_owned(), sums)
        })
        .collect();
    let discrepancies: Vec<Value> = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["status"] != "match")
        .map(|l| {
            let key =
                ["form", "party", "establishment", "ler", "operation", "counterpart", "counterpart_establishment"]
                    .map(|k| l[k].as_str().unwrap().to_owned())
                    .join("|");
            json!({
                "line": key,
                "declared": decimal(&l["declared"]),
                "compiled": decimal(&l["compiled"]),
                "difference": decimal(&l["difference"]),
                "status": l["status"],
            })
        })
        .collect();
    json!({ "counts": r["counts"], "totals": totals, "discrepancies": discrepancies })
}

fn kpi_values(case: &Case, import: &Import) -> Result<Value, Failure> {
    let organisation = organisation(case);
    let mut data = IndicatorData::builtin().unwrap();
    let groups = import.aggregator.groups();
    data.add_measurements(waste_measurements(&groups, &organisation, &ClassPolicy::default()).map_err(waste_error)?)
        .unwrap();
    let mut args = case.args.clone();
    for key in ["guides", "options"] {
        args.as_object_mut().unwrap().remove(key);
    }
    let options: KpiOptions = serde_json::from_value(args).unwrap();
    let results = data.compute(&organisation, &options, &AcceptanceRules::default()).unwrap();
    Ok(Value::Object(
        results
            .indicators
            .results
            .iter()
            .map(|r| {
                let value = match &r.value {
                    KpiValue::Defined { value, unit } => {
                        json!({ "value": value.normalize().to_string(), "unit": unit })
                    }
                    KpiValue::Undefined { reason } => json!({ "undefined": reason }),
                };
                (format!("{}@{}", r.kpi, r.site.as_deref().unwrap_or("")), value)
            })
            .collect(),
    ))
}

fn run(case: &Case) -> Result<Value, Failure> {
    let guides = import(&case.args)?;
    Ok(match case.op.as_str() {
        "import" => {
            json!({ "report": report(&serde_json::to_value(&guides.report).unwrap()), "groups": groups(&guides) })
        }
        "waste_breakdown" => {
            let period = case.args["period"].as_str().unwrap().parse().unwrap();
            let b = WasteBreakdown::compute(
                &guides.aggregator.groups(),
                &organisation(case),
                &ClassPolicy::default(),
                &period,
            )
            .map_err(waste_error)?;
            breakdown(&serde_json::to_value(&b).unwrap())
        }
        "waste_kpis" => kpi_values(case, &guides)?,
        "mirr_reconcile" => {
            let name = case.args["declared"].as_str().unwrap();
            let year = i32::try_from(case.args["year"].as_i64().unwrap()).unwrap();
            let declared = Mirr::from_csv(base_name(name), &fixture(name), year).map_err(waste_error)?;
            let r =
                reconcile_with_guides(&guides.aggregator.groups(), &declared, Decimal::ZERO).map_err(waste_error)?;
            reconciliation(&serde_json::to_value(&r).unwrap())
        }
        other => panic!("unknown operation {other}"),
    })
}

/// [`check`], and the field of the first issue when the case names one.
fn check_case(case: &Case) -> Result<(), String> {
    let outcome = run(case);
    let field = match (&outcome, case.error.as_ref().and_then(|e| e.field.as_ref())) {
        (Err((_, actual)), Some(expected)) if actual.as_ref() != Some(expected) => {
            Some(format!("field {actual:?} instead of {expected:?}"))
        }
        _ => None,
    };
    check(case, outcome.map_err(|(e, _)| e))?;
    field.map_or(Ok(()), Err)
}

#[test]
fn waste_vectors() {
    let file = load("waste.json").unwrap();
    let failures: Vec<String> =
        file.cases.iter().filter_map(|case| check_case(case).err().map(|e| format!("{}: {e}", case.name))).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), file.cases.len(), failures.join("\n"));
}
