//! `cargo bench -p iso-core --bench kpi`: ten years of monthly measurements for 50 sites (every built-in metric,
//! 216 000 rows) and 40 KPIs (the 27 built-in ones and 13 more ratios), computed for a year with the previous year,
//! a baseline, the monthly trend and every site; and an exact 5-variable regression over 120 monthly points.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fmt::Write;

use criterion::{Criterion, criterion_group, criterion_main};
use iso_core::kpi::{Definitions, Factors, GhgConfig, KpiOptions, Measurements, compute, regression};
use iso_core::register::ColumnMap;
use iso_core::synthetic::{MeasurementSpec, Random, measurement_organisation, measurements_csv};
use rust_decimal::Decimal;

/// 13 more ratio KPIs over built-in metrics, to reach 40.
fn extra_kpis() -> String {
    let pairs = [
        ("energy.electricity", "hs.hours.employees"),
        ("energy.electricity", "quality.deliveries"),
        ("fuel.diesel.road", "production.processed"),
        ("fuel.diesel.stationary", "production.processed"),
        ("fuel.natural_gas.stationary", "production.output"),
        ("quality.complaints", "quality.deliveries"),
        ("quality.cost_internal_failure", "production.output"),
        ("quality.cost_external_failure", "production.output"),
        ("hs.days_lost.employees", "hs.lost_time.employees"),
        ("production.output", "production.processed"),
        ("production.output", "hs.hours.employees"),
        ("weather.hdd", "weather.cdd"),
        ("energy.electricity.self_generated", "energy.electricity"),
    ];
    let mut toml = String::new();
    for (i, (numerator, denominator)) in pairs.iter().enumerate() {
        let _ = write!(
            toml,
            "[[kpi]]\nid = \"bench-{i}\"\nkind = \"ratio\"\nnumerator = [\"{numerator}\"]\ndenominator = [\"{denominator}\"]\n\
             direction = \"lower\"\ndecimals = 2\ngroup = \"other\"\nnames = {{ en = \"Bench {i}\" }}\n\
             method = {{ en = \"ratio\" }}\nsource = \"benchmark\"\n\n"
        );
    }
    toml
}

fn indicators(c: &mut Criterion) {
    let extra = extra_kpis();
    let defs =
        Definitions::from_toml(&[(iso_catalogues::KPIS.name, iso_catalogues::KPIS.text), ("bench.toml", &extra)])
            .unwrap();
    assert_eq!(defs.kpis.len(), 40);
    let spec = MeasurementSpec::default();
    let metrics: Vec<(&str, String)> = defs.metrics.values().map(|m| (m.id.as_str(), m.unit.to_string())).collect();
    let metrics: Vec<(&str, &str)> = metrics.iter().map(|(id, unit)| (*id, unit.as_str())).collect();
    let sheet = measurements_csv(&spec, &metrics);
    let organisation = measurement_organisation(&spec);
    let factors = Factors::builtin(GhgConfig {
        gwp_set: Some("AR5".to_owned()),
        stationary_sector: Some("manufacturing_construction".to_owned()),
        ..toml::from_str(
            "[[density]]\nfuel = \"diesel\"\nvalue = \"835\"\nsource = \"bench\"\n\
             [[electricity]]\nid = \"g\"\nkind = \"grid_average\"\nyear = 2016\nfactor = \"200\"\nsource = \"bench\"\n\
             [[electricity]]\nid = \"r\"\nkind = \"residual_mix\"\nyear = 2016\nfactor = \"300\"\nsource = \"bench\"\n",
        )
        .unwrap()
    })
    .unwrap();
    let mut options = KpiOptions::new("2025".parse().unwrap());
    options.baseline = Some("2016".parse().unwrap());

    let mut group = c.benchmark_group("kpi");
    group.sample_size(10);
    group.bench_function("read 216 000 measurements (CSV)", |b| {
        b.iter(|| Measurements::from_csv("m.csv", &sheet, &defs, Some(&organisation), &ColumnMap::new()).unwrap())
    });
    let measurements = Measurements::from_csv("m.csv", &sheet, &defs, Some(&organisation), &ColumnMap::new()).unwrap();
    assert_eq!(measurements.rows.len(), 50 * 120 * metrics.len());
    group.bench_function("40 KPIs × 51 scopes, previous, baseline, monthly trend", |b| {
        b.iter(|| compute(&defs, &measurements, Some(&organisation), Some(&factors), &[], &options).unwrap())
    });

    let mut random = Random::new(7);
    let mut noise = || Decimal::new(i64::try_from(random.below(2_000)).unwrap() - 1_000, 1);
    let variables: Vec<(String, Vec<Decimal>)> =
        (0..5).map(|v| (format!("x{v}"), (0..120).map(|_| Decimal::from(100 + v * 10) + noise()).collect())).collect();
    let y: Vec<Decimal> = (0..120)
        .map(|i| {
            let x: Decimal = variables.iter().enumerate().map(|(v, (_, xs))| xs[i] * Decimal::from(v + 1)).sum();
            Decimal::from(5_000) + x + noise()
        })
        .collect();
    group.bench_function("exact OLS, 5 variables × 120 points", |b| {
        b.iter(|| regression::fit(&y, &variables, true).unwrap())
    });
    group.finish();
}

criterion_group!(benches, indicators);
criterion_main!(benches);
