//! `cargo bench -p iso-core --bench egar`: importing and aggregating 1 000 000 synthetic e-GAR guides written to a
//! temporary file, as CSV and as XML. Criterion reports the throughput in bytes per second of input.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iso_core::connect::egar::synthetic::{GuideSpec, write_csv, write_xml};
use iso_core::connect::egar::{ImportOptions, import_csv, import_xml};

const GUIDES: u64 = 1_000_000;

fn file(format: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("iso-core-bench-egar-{GUIDES}.{format}"));
    let spec = GuideSpec { guides: GUIDES, ..GuideSpec::default() };
    let out = File::create(&path).unwrap();
    if format == "csv" {
        write_csv(&spec, out).unwrap()
    } else {
        write_xml(&spec, out).unwrap()
    }
    path
}

fn import(c: &mut Criterion) {
    let options = ImportOptions::default();
    let mut group = c.benchmark_group("egar");
    group.sample_size(10);
    for format in ["csv", "xml"] {
        let path = file(format);
        group.throughput(Throughput::Bytes(std::fs::metadata(&path).unwrap().len()));
        group.bench_function(format!("import + aggregate 1M guides ({format})"), |b| {
            b.iter(|| {
                let input = BufReader::with_capacity(1 << 20, File::open(&path).unwrap());
                let import = if format == "csv" {
                    import_csv(input, "bench.csv", &options)
                } else {
                    import_xml(input, "bench.xml", &options)
                };
                assert_eq!(import.unwrap().report.guides, GUIDES);
            })
        });
        std::fs::remove_file(&path).ok();
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
