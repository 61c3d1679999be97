//! e-GAR import throughput and memory: generates N synthetic guides (default 1 000 000) as CSV and as XML in the
//! temporary folder, imports each with aggregation, computes every waste indicator of one producer (breakdown, KPIs)
//! and the MIRR of every party, and prints MB/s and the peak resident memory (VmHWM, Linux).
//! Run it with two values of N to see that memory does not grow with the number of guides:
//!
//! ```text
//! cargo run --release -p iso-core --example egar_throughput -- 100000
//! cargo run --release -p iso-core --example egar_throughput -- 1000000
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fs::File;
use std::io::BufReader;
use std::time::Instant;

use iso_core::connect::egar::synthetic::{GuideSpec, write_csv, write_xml};
use iso_core::connect::egar::{ImportOptions, import_csv, import_xml};
use iso_core::connect::mirr::{CompileOptions, compile};
use iso_core::kpi::{IndicatorData, KpiOptions};
use iso_core::period::Period;
use iso_core::register::Organisation;
use iso_core::waste::ClassPolicy;
use iso_core::waste::indicators::{WasteBreakdown, waste_measurements};

fn peak_rss_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l[6..].trim().to_owned()))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let spec = GuideSpec { guides: n, ..GuideSpec::default() };
    let dir = std::env::temp_dir();
    let options = ImportOptions::default();
    // The generator's first producer, as an organisation whose waste indicators are computed.
    let producer: Organisation = toml::from_str("id = \"h\"\nname = \"Hospital\"\ntax_id = \"501234560\"").unwrap();
    for format in ["csv", "xml"] {
        let path = dir.join(format!("iso-core-egar-{n}.{format}"));
        let started = Instant::now();
        let file = File::create(&path).unwrap();
        if format == "csv" {
            write_csv(&spec, file).unwrap()
        } else {
            write_xml(&spec, file).unwrap()
        }
        let bytes = std::fs::metadata(&path).unwrap().len();
        eprintln!("{format}: wrote {n} guides, {:.1} MB in {:.2?}", bytes as f64 / 1e6, started.elapsed());
        let started = Instant::now();
        let input = BufReader::with_capacity(1 << 20, File::open(&path).unwrap());
        let name = path.display().to_string();
        let import =
            if format == "csv" { import_csv(input, &name, &options) } else { import_xml(input, &name, &options) }
                .unwrap();
        // Every waste indicator of one producer for the year, and the MIRR of every party: work on the groups only.
        let groups = import.aggregator.groups();
        let breakdown =
            WasteBreakdown::compute(&groups, &producer, &ClassPolicy::default(), &Period::Year(2025)).unwrap();
        let mut data = IndicatorData::builtin().unwrap();
        data.add_measurements(waste_measurements(&groups, &producer, &ClassPolicy::default()).unwrap()).unwrap();
        let kpis = data.compute(&producer, &KpiOptions::new(Period::Year(2025)), &Default::default()).unwrap();
        let mirr = compile(&groups, &CompileOptions::year(2025)).unwrap().mirr;
        assert!(breakdown.guides > 0 && !kpis.indicators.results.is_empty() && !mirr.lines.is_empty());
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{format}: {n} guides, {:.1} MB in {seconds:.2} s = {:.0} MB/s ({:.0} guides/s); {} counted, {} groups, \
             {} t; peak RSS {}",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / seconds,
            n as f64 / seconds,
            import.report.counted,
            import.aggregator.len(),
            import.report.tonnes,
            peak_rss_mib()
        );
        std::fs::remove_file(&path).ok();
    }
}
