//! The catalogue loader must return an error, never panic, whatever the bytes: run with
//! `cargo +nightly fuzz run catalogue_loader -- -max_total_time=60` (seeds: `catalogues/data/*.toml`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(catalogue) = iso_core::Catalogue::from_toml("fuzz.toml", text) {
            // Whatever loads must also survive the JSON round trip and the lookups.
            let json = serde_json_roundtrip(&catalogue);
            assert!(json.is_ok(), "a valid catalogue failed its JSON round trip");
            for clause in catalogue.clauses() {
                let _ = catalogue.equivalents(&clause.id);
                let _ = catalogue.requirements_under(&clause.id);
            }
            let _ = catalogue.search(text.get(..8).unwrap_or(text), None);
        }
    }
});

fn serde_json_roundtrip(catalogue: &iso_core::Catalogue) -> Result<(), String> {
    let data = catalogue.data().clone();
    iso_core::Catalogue::try_from(data).map(|_| ()).map_err(|e| e.to_string())
}
