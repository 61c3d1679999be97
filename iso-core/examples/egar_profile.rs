//! A fixed e-GAR import for profilers (callgrind, perf): writes N synthetic guides (default 20 000) once to the
//! temporary folder, then imports the file of the given format with aggregation and prints a summary. The file is
//! kept, so that a second run measures the import alone:
//!
//! ```text
//! cargo build --release -p iso-core --example egar_profile
//! ./target/release/examples/egar_profile csv 20000      # writes the file
//! valgrind --tool=callgrind ./target/release/examples/egar_profile csv 20000
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fs::File;
use std::io::BufReader;

use iso_core::connect::egar::synthetic::{GuideSpec, write_csv, write_xml};
use iso_core::connect::egar::{ImportOptions, import_csv, import_xml};

fn main() {
    let mut args = std::env::args().skip(1);
    let format = args.next().unwrap_or_else(|| "csv".to_owned());
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    assert!(format == "csv" || format == "xml", "the format is csv or xml");
    let path = std::env::temp_dir().join(format!("iso-core-egar-profile-{n}.{format}"));
    if !path.exists() {
        let spec = GuideSpec { guides: n, ..GuideSpec::default() };
        let file = File::create(&path).unwrap();
        if format == "csv" { write_csv(&spec, file).unwrap() } else { write_xml(&spec, file).unwrap() }
    }
    let input = BufReader::with_capacity(1 << 20, File::open(&path).unwrap());
    let options = ImportOptions::default();
    let name = path.display().to_string();
    let import =
        if format == "csv" { import_csv(input, &name, &options) } else { import_xml(input, &name, &options) }.unwrap();
    println!(
        "{format}: {} guides, {} counted, {} groups, {} t",
        import.report.guides,
        import.report.counted,
        import.aggregator.len(),
        import.report.tonnes
    );
}
