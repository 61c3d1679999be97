//! The indicator readers (measurements and targets CSV, ghg.toml, energy.toml, own kpis.toml) and the KPI engine
//! must return errors, never panic, whatever the bytes: `cargo +nightly fuzz run indicator_files --
//! -max_total_time=60`. The first byte picks the file the rest of the input stands for; the others are small valid
//! files. Whatever loads is computed, energy baselines included.
#![no_main]

use iso_core::kpi::{IndicatorData, IndicatorFiles, KpiOptions, regression::AcceptanceRules};
use iso_core::register::{Organisation, Site};
use libfuzzer_sys::fuzz_target;

const MEASUREMENTS: &str = "site,period,metric,value,unit\na,2025-01,energy.electricity,100,kWh\na,2025-01,production.processed,3,t\na,2025-02,energy.electricity,120,kWh\na,2025-02,production.processed,4,t\na,2025-03,energy.electricity,90,kWh\na,2025-03,production.processed,2,t\n,2025,hs.hours.employees,1000,h\n";
const ENERGY: &str = "[[model]]\nid = \"m\"\nsite = \"a\"\nenergy = [\"energy.electricity\"]\nvariables = [\"production.processed\"]\nbaseline = \"2025-Q1\"\nmethod = \"forecast\"\n";

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut files = IndicatorFiles {
        measurements: ("measurements.csv".to_owned(), MEASUREMENTS.to_owned()),
        targets: Some(("targets.csv".to_owned(), "kpi,target\nenergy-total,1\n".to_owned())),
        ghg: Some(("ghg.toml".to_owned(), "gwp_set = \"AR5\"\n".to_owned())),
        energy: Some(("energy.toml".to_owned(), ENERGY.to_owned())),
        kpis: None,
    };
    match selector % 5 {
        0 => files.measurements.1 = text,
        1 => files.targets = Some(("targets.csv".to_owned(), text)),
        2 => files.ghg = Some(("ghg.toml".to_owned(), text)),
        3 => files.energy = Some(("energy.toml".to_owned(), text)),
        _ => files.kpis = Some(("kpis.toml".to_owned(), text)),
    }
    let organisation = Organisation {
        id: "o".to_owned(),
        name: "O".to_owned(),
        tax_id: None,
        country: None,
        sites: vec![Site { id: "a".to_owned(), name: "A".to_owned(), headcount: 1, address: None, establishment: None }],
        systems: Vec::new(),
    };
    if let Ok(data) = IndicatorData::from_files(&files, &organisation) {
        let mut options = KpiOptions::new("2025".parse().expect("period"));
        options.baseline = Some("2025-Q1".parse().expect("period"));
        let _ = data.compute(&organisation, &options, &AcceptanceRules::default());
    }
});
