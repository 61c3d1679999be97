//! The declared MIRR CSV reader must return errors, never panic, whatever the text:
//! `cargo +nightly fuzz run mirr_csv -- -max_total_time=60`. What it reads reconciles with itself, and writing it
//! and reading it back gives the same register (unless a cell had to be neutralised for spreadsheets).
#![no_main]

use iso_core::connect::mirr::{Mirr, reconcile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(mirr) = Mirr::from_csv("fuzz.csv", text, 2025) else { return };
    let r = reconcile(&mirr, &mirr, Default::default()).expect("a register reconciles with itself");
    assert!(r.is_reconciled());
    let neutralised = |s: &str| s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if mirr.lines.iter().all(|l| {
        !neutralised(&l.party)
            && !neutralised(&l.establishment)
            && !neutralised(&l.counterpart)
            && !neutralised(&l.counterpart_establishment)
    }) {
        let back = Mirr::from_csv("round.csv", &mirr.to_csv(), 2025).expect("the written register reads back");
        assert_eq!(back, mirr);
    }
});
