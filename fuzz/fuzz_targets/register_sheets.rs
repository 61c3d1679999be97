//! The register's readers (organisation TOML and CSV sheets) must return errors, never panic, whatever the bytes:
//! `cargo +nightly fuzz run register_sheets -- -max_total_time=60`. The input is split at the first NUL byte into an
//! organisation file and a sheet; the first byte picks the sheet kind.
#![no_main]

use std::sync::OnceLock;

use iso_core::register::{RegisterBuilder, SheetKind};
use libfuzzer_sys::fuzz_target;

const ORGANISATION: &str = "[organisation]\nid = \"o\"\nname = \"O\"\n[[organisation.site]]\nid = \"s\"\nname = \"S\"\n[[organisation.system]]\nnorm = \"ISO 9001:2015\"\n";

fn catalogue() -> &'static iso_core::Catalogue {
    static CATALOGUE: OnceLock<iso_core::Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| iso_core::Catalogue::builtin().expect("built-in catalogue"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let (organisation, sheet) = match text.split_once('\0') {
        Some((o, s)) => (o.to_owned(), s.to_owned()),
        None => (ORGANISATION.to_owned(), text.into_owned()),
    };
    let kind = SheetKind::ALL[usize::from(selector) % SheetKind::ALL.len()];
    let result = RegisterBuilder::new()
        .organisation_toml("organisation.toml", &organisation)
        .sheet(kind, kind.file_name(), &sheet)
        .build(catalogue());
    if let Ok(register) = result {
        // Whatever loads must assess.
        let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
        let _ = iso_core::assess::assess(catalogue(), &register, day, &Default::default());
    }
});
