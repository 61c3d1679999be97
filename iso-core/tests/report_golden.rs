//! Golden files: the report of the small fixture organisation in every format, compared byte for byte with
//! `tests/golden/`. A layout change shows up as a diff here; after checking it, regenerate with
//! `UPDATE_GOLDEN=1 cargo test -p iso-core --test report_golden`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use iso_core::Lang;
use iso_core::catalogue::Catalogue;
use iso_core::register::RegisterBuilder;
use iso_core::report::{Format, Report, ReportOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/vectors/fixtures/small").join(name)).unwrap()
}

fn report(lang: Lang) -> Report {
    let catalogue = Catalogue::builder()
        .with_toml("hs.toml", &fixture("hs.toml"))
        .unwrap()
        .with_toml("q.toml", &fixture("q.toml"))
        .unwrap()
        .with_toml("e.toml", &fixture("e.toml"))
        .unwrap()
        .build()
        .unwrap();
    let register = RegisterBuilder::new()
        .organisation_toml("organisation.toml", &fixture("organisation.toml"))
        .evidence_csv("evidence.csv", &fixture("evidence.csv"))
        .findings_csv("findings.csv", &fixture("findings.csv"))
        .build(&catalogue)
        .unwrap();
    let mut options = ReportOptions::new("2026-Q2".parse().unwrap(), lang);
    options.assess.audit_date = Some("2026-07-20".parse().unwrap());
    Report::build(&catalogue, &register, &options).unwrap()
}

#[test]
fn every_format_matches_its_golden_file() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for (lang, formats) in [(Lang::En, &Format::ALL[..]), (Lang::Pt, &[Format::Html, Format::Markdown][..])] {
        let report = report(lang);
        for &format in formats {
            let path = root().join("tests/golden").join(format!("small-2026-Q2-{lang}.{}", format.extension()));
            let bytes = report.render(format).unwrap();
            if update {
                std::fs::write(&path, &bytes).unwrap();
            } else if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "output differs from the golden files (check, then UPDATE_GOLDEN=1):\n{}",
        stale.join("\n")
    );
}
