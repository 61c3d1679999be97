//! The KPI engine on hand-checked data: formulas, sums before ratios, undefined values, targets, baselines,
//! rolled yield, energy baselines; and its invariants as properties.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iso_core::kpi::{
    Definitions, EnergyModel, Factors, GhgConfig, KpiOptions, KpiReport, KpiValue, Measurements, SenpiMethod, Target,
    TargetStatus, compute, performance, regression::AcceptanceRules,
};
use iso_core::quantity::{Quantity, Unit};
use iso_core::register::{ColumnMap, Organisation, Site};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn org() -> Organisation {
    let site = |id: &str| Site { id: id.into(), name: id.into(), headcount: 10, address: None, establishment: None };
    Organisation {
        id: "o".into(),
        name: "O".into(),
        tax_id: None,
        country: None,
        sites: vec![site("a"), site("b")],
        systems: vec![],
    }
}

fn defs() -> Definitions {
    Definitions::builtin().unwrap()
}

fn run(sheet: &str, period: &str, targets: &[Target], baseline: Option<&str>) -> KpiReport {
    let defs = defs();
    let m = Measurements::from_csv(
        "m.csv",
        &format!("site,period,metric,value,unit\n{sheet}"),
        &defs,
        Some(&org()),
        &ColumnMap::new(),
    )
    .unwrap();
    let mut options = KpiOptions::new(period.parse().unwrap());
    options.baseline = baseline.map(|b| b.parse().unwrap());
    compute(&defs, &m, Some(&org()), None, targets, &options).unwrap()
}

fn value(r: &KpiReport, kpi: &str, site: Option<&str>) -> KpiValue {
    r.results.iter().find(|x| x.kpi == kpi && x.site.as_deref() == site).unwrap().value.clone()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn organisation_rates_are_ratios_of_sums_not_means_of_rates() {
    let r = run(
        "a,2025,hs.lost_time.employees,1,1\na,2025,hs.hours.employees,100000,h\nb,2025,hs.lost_time.employees,0,1\nb,2025,hs.hours.employees,900000,h\n",
        "2025",
        &[],
        None,
    );
    assert_eq!(value(&r, "ltifr-1m", Some("a")).value(), Some(dec("10")));
    assert_eq!(value(&r, "ltifr-1m", Some("b")).value(), Some(dec("0")));
    assert_eq!(value(&r, "ltifr-1m", None).value(), Some(dec("1")), "1 × 10⁶ / 10⁶, not the mean of 10 and 0");
    assert_eq!(value(&r, "ltifr-1m", None), KpiValue::Defined { value: dec("1"), unit: "per 1 000 000 h".into() });
}

#[test]
fn zero_or_missing_denominators_are_undefined_with_a_reason() {
    let r = run(",2025,hs.lost_time.employees,0,1\n,2025,hs.hours.employees,0,h\n", "2025", &[], None);
    assert_eq!(
        value(&r, "ltifr-1m", None),
        KpiValue::Undefined { reason: "hs.hours.employees is zero in 2025".into() }
    );
    let r = run(",2025,hs.lost_time.employees,2,1\n", "2025", &[], None);
    assert_eq!(
        value(&r, "ltifr-1m", None),
        KpiValue::Undefined { reason: "no measurement of hs.hours.employees in 2025".into() }
    );
    let r = run(",2025,hs.hours.employees,1000,h\n", "2025", &[], None);
    assert!(
        matches!(value(&r, "ltifr-1m", None), KpiValue::Undefined { reason } if reason.starts_with("no measurement of hs.lost_time")),
        "absent counts are not zero"
    );
}

#[test]
fn gri_counts_fatalities_in_recordable_but_not_in_high_consequence() {
    let r = run(
        ",2025,hs.hours.employees,1000000,h\n,2025,hs.recordable.employees,10,1\n,2025,hs.fatalities.employees,1,1\n,2025,hs.high_consequence.employees,2,1\n",
        "2025",
        &[],
        None,
    );
    assert_eq!(value(&r, "gri-403-9-recordable-1m-employees", None).value(), Some(dec("11")));
    assert_eq!(value(&r, "gri-403-9-high-consequence-1m-employees", None).value(), Some(dec("2")));
    assert_eq!(value(&r, "gri-403-9-fatality-1m-employees", None).value(), Some(dec("1")));
    assert_eq!(value(&r, "trir-200k", None).value(), Some(dec("2.2")));
}

#[test]
fn measurements_straddling_the_period_are_left_out_and_counted() {
    let r = run(",2025-Q1,energy.electricity,900,kWh\n,2025-02,production.processed,10,t\n", "2025-02", &[], None);
    let e = r.results.iter().find(|x| x.kpi == "enpi-electricity-per-tonne" && x.site.is_none()).unwrap();
    assert_eq!(e.straddling, 1);
    assert!(matches!(&e.value, KpiValue::Undefined { .. }));
}

#[test]
fn shares_ratios_dpmo_and_sums() {
    let sheet = ",2025,quality.deliveries,200,1\n,2025,quality.deliveries_on_time,190,1\n,2025,quality.defects,7,1\n,2025,quality.opportunities,2000000,1\n\
                 ,2025,quality.cost_internal_failure,1500,EUR\n,2025,quality.cost_external_failure,2500.50,EUR\n\
                 a,2025,energy.electricity,1.2,MWh\na,2025,production.processed,40,t\n";
    let r = run(sheet, "2025", &[], None);
    assert_eq!(value(&r, "otd", None), KpiValue::Defined { value: dec("95"), unit: "%".into() });
    assert_eq!(value(&r, "dpmo", None).value(), Some(dec("3.5")));
    assert_eq!(value(&r, "copq", None), KpiValue::Defined { value: dec("4000.5"), unit: "EUR".into() });
    assert_eq!(
        value(&r, "enpi-electricity-per-tonne", Some("a")),
        KpiValue::Defined { value: dec("30"), unit: "kWh/t".into() }
    );
}

#[test]
fn rolled_throughput_yield_multiplies_step_yields() {
    let extra = "[[metric]]\nid = \"quality.units_started.cut\"\ndimension = \"count\"\nunit = \"1\"\nnames = { en = \"x\" }\n\
                 [[metric]]\nid = \"quality.units_first_pass.cut\"\ndimension = \"count\"\nunit = \"1\"\nnames = { en = \"x\" }\n\
                 [[metric]]\nid = \"quality.units_started.weld\"\ndimension = \"count\"\nunit = \"1\"\nnames = { en = \"x\" }\n\
                 [[metric]]\nid = \"quality.units_first_pass.weld\"\ndimension = \"count\"\nunit = \"1\"\nnames = { en = \"x\" }\n";
    let defs = Definitions::from_toml(&[(iso_catalogues::KPIS.name, iso_catalogues::KPIS.text), ("mine.toml", extra)])
        .unwrap();
    let sheet = "site,period,metric,value,unit\n,2025,quality.units_started.cut,100,1\n,2025,quality.units_first_pass.cut,90,1\n,2025,quality.units_started.weld,90,1\n,2025,quality.units_first_pass.weld,72,1\n";
    let m = Measurements::from_csv("m.csv", sheet, &defs, None, &ColumnMap::new()).unwrap();
    let r = compute(&defs, &m, None, None, &[], &KpiOptions::new("2025".parse().unwrap())).unwrap();
    assert_eq!(value(&r, "rty", None), KpiValue::Defined { value: dec("72"), unit: "%".into() });
}

#[test]
fn targets_baselines_and_trends() {
    let mut sheet = String::new();
    for m in 1..=12 {
        sheet.push_str(&format!(
            ",2024-{m:02},hs.hours.employees,10000,h\n,2024-{m:02},hs.lost_time.employees,{},1\n",
            if m % 3 == 0 { 1 } else { 0 }
        ));
        sheet.push_str(&format!(
            ",2025-{m:02},hs.hours.employees,10000,h\n,2025-{m:02},hs.lost_time.employees,{},1\n",
            if m % 4 == 0 { 1 } else { 0 }
        ));
    }
    let targets = [
        Target { kpi: "ltifr-1m".into(), site: None, period: None, target: dec("20"), warning: Some(dec("30")) },
        Target {
            kpi: "ltifr-1m".into(),
            site: None,
            period: Some("2025".parse().unwrap()),
            target: dec("25"),
            warning: Some(dec("28")),
        },
    ];
    let r = run(&sheet, "2025", &targets, Some("2024"));
    let ltifr = r.results.iter().find(|x| x.kpi == "ltifr-1m" && x.site.is_none()).unwrap();
    assert_eq!(ltifr.value.value(), Some(dec("25")), "3 × 10⁶ / 120 000");
    assert_eq!(
        ltifr.baseline.as_ref().and_then(KpiValue::value).map(|v| v.round_dp(6)),
        Some(dec("33.333333")),
        "4 × 10⁶ / 120 000"
    );
    assert_eq!(ltifr.improvement.map(|i| i.round_dp(4)), Some(dec("0.25")), "(33.3 − 25) / 33.3");
    assert_eq!(
        (ltifr.target, ltifr.status),
        (Some(dec("25")), Some(TargetStatus::OnTarget)),
        "the period's target wins"
    );
    assert_eq!(ltifr.trend.len(), 12);
    assert_eq!(ltifr.trend[3].value, Some(dec("100")), "April: 1 × 10⁶ / 10 000");
    assert_eq!(ltifr.previous.as_ref().and_then(KpiValue::value).map(|v| v.round_dp(2)), Some(dec("33.33")));
}

#[test]
fn organisation_targets_reach_sites_only_for_intensive_kpis() {
    let sheet =
        "a,2025,hs.hours.employees,100000,h\na,2025,hs.lost_time.employees,1,1\na,2025,energy.electricity,900,kWh\n";
    let org_target = |kpi: &str, target: &str| Target {
        kpi: kpi.into(),
        site: None,
        period: None,
        target: dec(target),
        warning: None,
    };
    let r = run(sheet, "2025", &[org_target("ltifr-1m", "15"), org_target("energy-total", "0.5")], None);
    let at = |kpi: &str, site: Option<&str>| {
        r.results.iter().find(|x| x.kpi == kpi && x.site.as_deref() == site).map(|x| (x.target, x.status)).unwrap()
    };
    assert_eq!(at("ltifr-1m", Some("a")), (Some(dec("15")), Some(TargetStatus::OnTarget)), "a rate: every site's bar");
    assert_eq!(at("energy-total", None), (Some(dec("0.5")), Some(TargetStatus::OffTarget)));
    assert_eq!(at("energy-total", Some("a")), (None, None), "a total: the organisation's only");
}

#[test]
fn energy_totals_convert_each_fuel_before_adding() {
    // Litres of diesel, kilograms of LPG and kWh of electricity add up only through each fuel's net calorific value.
    let factors = Factors::builtin(GhgConfig {
        gwp_set: Some("AR5".into()),
        stationary_sector: Some("commercial_institutional".into()),
        ..toml::from_str("[[density]]\nfuel = \"diesel\"\nvalue = \"835\"\nsource = \"test\"\n").unwrap()
    })
    .unwrap();
    let defs = defs();
    let energy = |sheet: &str| {
        let m = Measurements::from_csv(
            "m.csv",
            &format!("site,period,metric,value,unit\n{sheet}"),
            &defs,
            Some(&org()),
            &ColumnMap::new(),
        )
        .unwrap();
        let r =
            compute(&defs, &m, Some(&org()), Some(&factors), &[], &KpiOptions::new("2025".parse().unwrap())).unwrap();
        value(&r, "energy-total", None).value().unwrap()
    };
    let lpg = energy(",2025,fuel.lpg.stationary,1000,kg\n");
    assert_eq!(lpg, dec("47.3") * dec("1000") / dec("3600"), "1 t × 47.3 GJ/t (IPCC 2006 NCV), in MWh");
    let diesel = energy(",2025,fuel.diesel.road,1000,L\n");
    let all =
        energy(",2025,fuel.lpg.stationary,1000,kg\n,2025,fuel.diesel.road,1000,L\n,2025,energy.electricity,500,kWh\n");
    assert_eq!(all, lpg + diesel + dec("0.5"));
}

#[test]
fn organisation_scope_2_is_the_sum_of_its_sites() {
    // Site a's guarantees of origin exceed its own consumption: the excess does not cover site b. Site b has its own
    // grid factor.
    let config: GhgConfig = toml::from_str(
        r#"
gwp_set = "AR5"
[[electricity]]
id = "grid"
kind = "grid_average"
year = 2025
factor = "200"
source = "s"
[[electricity]]
id = "grid-b"
kind = "grid_average"
year = 2025
factor = "400"
sites = ["b"]
source = "s"
[[electricity]]
id = "residual"
kind = "residual_mix"
year = 2024
factor = "300"
source = "s"
[[instrument]]
metric = "energy.electricity.renewable_certified"
factor = "0"
description = "guarantees of origin"
"#,
    )
    .unwrap();
    let factors = Factors::builtin(config).unwrap();
    let defs = defs();
    let sheet = "site,period,metric,value,unit\na,2025,energy.electricity,100,MWh\na,2025,energy.electricity.renewable_certified,150,MWh\nb,2025,energy.electricity,100,MWh\nb,2025,energy.electricity.renewable_certified,0,MWh\n";
    let m = Measurements::from_csv("m.csv", sheet, &defs, Some(&org()), &ColumnMap::new()).unwrap();
    let r = compute(&defs, &m, Some(&org()), Some(&factors), &[], &KpiOptions::new("2025".parse().unwrap())).unwrap();
    assert_eq!(value(&r, "ghg-scope-2-market", Some("a")).value(), Some(dec("0")));
    assert_eq!(
        value(&r, "ghg-scope-2-market", Some("b")).value(),
        Some(dec("30")),
        "100 MWh × 300 kg/MWh (2024's residual mix, the latest)"
    );
    assert_eq!(value(&r, "ghg-scope-2-market", None).value(), Some(dec("30")), "not (200 − 150) MWh × 300");
    assert_eq!(value(&r, "ghg-scope-2-location", Some("b")).value(), Some(dec("40")), "b's own grid factor");
    assert_eq!(value(&r, "ghg-scope-2-location", None).value(), Some(dec("60")));
}

#[test]
fn a_regression_baseline_gives_the_senpi() {
    // 2024: electricity = 1000 + 20 × tonnes (exactly); 2025: 10 % less than the model predicts.
    let mut sheet = String::new();
    for m in 1..=12u32 {
        let t = 100 + m * 7 % 13 * 10;
        sheet.push_str(&format!(
            "a,2024-{m:02},production.processed,{t},t\na,2024-{m:02},energy.electricity,{},kWh\n",
            1000 + 20 * t
        ));
        sheet.push_str(&format!(
            "a,2025-{m:02},production.processed,{t},t\na,2025-{m:02},energy.electricity,{},kWh\n",
            (1000 + 20 * t) * 9 / 10
        ));
    }
    let defs = defs();
    let m = Measurements::from_csv(
        "m.csv",
        &format!("site,period,metric,value,unit\n{sheet}"),
        &defs,
        Some(&org()),
        &ColumnMap::new(),
    )
    .unwrap();
    let model = EnergyModel {
        id: "a".into(),
        site: Some("a".into()),
        energy: vec!["energy.electricity".into()],
        variables: vec!["production.processed".into()],
        baseline: "2024".parse().unwrap(),
        method: SenpiMethod::Forecast,
        middle: None,
    };
    let p = performance(&defs, &m, None, &model, &"2025".parse().unwrap(), &AcceptanceRules::default()).unwrap();
    let reg = p.regression.as_ref().unwrap_or_else(|| panic!("no regression: {:?}", p.problem));
    assert_eq!(reg.coefficients[0].estimate, dec("1000"));
    assert_eq!(reg.coefficients[1].estimate, dec("20"));
    assert_eq!(reg.r_squared, Decimal::ONE);
    assert_eq!(p.senpi, Some(dec("0.9")));
    assert_eq!(p.improvement, Some(dec("0.1")));
    assert_eq!(p.savings, Some(p.modeled.unwrap() - p.actual.unwrap()));
    let backcast = performance(
        &defs,
        &m,
        None,
        &EnergyModel { method: SenpiMethod::Backcast, ..model.clone() },
        &"2025".parse().unwrap(),
        &AcceptanceRules::default(),
    )
    .unwrap();
    assert_eq!(backcast.senpi, Some(dec("0.9")));
    assert_eq!(backcast.savings, p.savings, "the same 10 % of the same months, seen from either end");
    // Three months fit a line but fail the SEP minimum of ten points: the SEnPI is given, flagged as not accepted.
    let quarter = performance(
        &defs,
        &m,
        None,
        &EnergyModel { baseline: "2024-Q1".parse().unwrap(), ..model.clone() },
        &"2025".parse().unwrap(),
        &AcceptanceRules::default(),
    )
    .unwrap();
    let verdict = quarter.acceptance.unwrap();
    assert!(!verdict.accepted);
    assert!(verdict.checks.iter().any(|c| c.name == "min_points" && !c.passed));
    assert_eq!(quarter.senpi, Some(dec("0.9")));
    // One month cannot fit an intercept and a slope: no SEnPI, and the reason says why.
    let month = performance(
        &defs,
        &m,
        None,
        &EnergyModel { baseline: "2024-01".parse().unwrap(), ..model },
        &"2025".parse().unwrap(),
        &AcceptanceRules::default(),
    )
    .unwrap();
    assert_eq!(month.senpi, None);
    assert!(month.problem.as_deref().is_some_and(|p| p.contains("2024-01")), "{:?}", month.problem);
}

proptest! {
    #[test]
    fn a_rate_per_million_hours_is_five_times_the_rate_per_200k(cases in 0u32..500, hours in 1u64..10_000_000) {
        let r = run(&format!(",2025,hs.hours.employees,{hours},h\n,2025,hs.recordable.employees,{cases},1\n,2025,hs.fatalities.employees,0,1\n"), "2025", &[], None);
        let per_200k = value(&r, "trir-200k", None).value().unwrap();
        let per_million = value(&r, "gri-403-9-recordable-1m-employees", None).value().unwrap();
        prop_assert_eq!((per_200k * Decimal::from(5)).round_dp(20), per_million.round_dp(20));
    }

    #[test]
    fn converting_to_a_unit_and_back_is_exact(mantissa in -1_000_000_000i64..1_000_000_000, scale in 0u32..6, pick in 0usize..100) {
        let pairs = [("kWh", "MJ"), ("MWh", "kWh"), ("t", "kg"), ("m3", "L"), ("h", "s"), ("tCO2e", "kgCO2e"), ("GJ", "kJ"), ("toe", "GJ"), ("%", "ppm")];
        let (a, b) = pairs[pick % pairs.len()];
        let q = Quantity::new(Decimal::new(mantissa, scale), Unit::parse(a).unwrap());
        let there = q.convert(&Unit::parse(b).unwrap()).unwrap();
        let back = there.convert(&Unit::parse(a).unwrap()).unwrap();
        prop_assert_eq!(back.value.normalize(), q.value.normalize());
    }
}
