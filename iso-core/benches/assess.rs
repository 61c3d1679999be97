//! `cargo bench -p iso-core --bench assess`: the full assessment of a generated organisation of 50 sites running
//! the four certifiable norms, with 200 000 evidence records and 5 000 findings.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use iso_core::assess::{AssessOptions, assess};
use iso_core::catalogue::Catalogue;
use iso_core::synthetic::{RegisterSpec, register};

fn full_assessment(c: &mut Criterion) {
    let catalogue = Catalogue::builtin().unwrap();
    let register = register(&catalogue, RegisterSpec::default());
    let as_of = "2026-06-30".parse().unwrap();
    let options = AssessOptions::default();
    let mut group = c.benchmark_group("assess");
    group.sample_size(10);
    group.bench_function("50 sites, 4 norms, 200k evidence, 5k findings", |b| {
        b.iter(|| assess(&catalogue, &register, as_of, &options).unwrap())
    });
    group.bench_function("validate the register only", |b| b.iter(|| register.validate(&catalogue).unwrap()));
    group.finish();
}

criterion_group!(benches, full_assessment);
criterion_main!(benches);
