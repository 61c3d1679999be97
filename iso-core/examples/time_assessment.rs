//! Times one full assessment of the benchmark organisation (a quick check; `cargo bench` gives the statistics).

#![allow(clippy::unwrap_used, missing_docs)]

fn main() {
    let catalogue = iso_core::Catalogue::builtin().unwrap();
    let started = std::time::Instant::now();
    let register = iso_core::synthetic::register(&catalogue, iso_core::synthetic::RegisterSpec::default());
    eprintln!("generated in {:?}", started.elapsed());
    let started = std::time::Instant::now();
    let options = iso_core::assess::AssessOptions::default();
    let a = iso_core::assess::assess(&catalogue, &register, "2026-06-30".parse().unwrap(), &options).unwrap();
    eprintln!(
        "assessed in {:?}: {} results, {} gaps, {} expiring",
        started.elapsed(),
        a.results.len(),
        a.gaps.len(),
        a.expiring.len()
    );
    let credited: usize = a.results.iter().map(|r| r.evidence.len()).sum();
    let invalid: usize = a.results.iter().map(|r| r.invalid_evidence.len()).sum();
    eprintln!("{credited} credited entries, {invalid} invalid entries");
}
