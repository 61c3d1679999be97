//! e-GAR imports end to end: the same synthetic guides written as XML and as CSV give identical aggregates, strict
//! and lenient modes, corrected values, units; and properties of the waste codes (round trips, no panic on any
//! input).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iso_core::WasteError;
use iso_core::connect::egar::synthetic::{GuideSpec, write_csv, write_xml};
use iso_core::connect::egar::{
    GuideReader, GuideState, Import, ImportOptions, MassUnit, Mode, Outcome, Role, StatePolicy, import_csv, import_xml,
};
use iso_core::waste::{LerCode, OperationCode, WasteList};
use proptest::prelude::*;

fn both(spec: &GuideSpec, options: &ImportOptions) -> (Import, Import) {
    let (mut xml, mut csv) = (Vec::new(), Vec::new());
    write_xml(spec, &mut xml).unwrap();
    write_csv(spec, &mut csv).unwrap();
    (
        import_xml(xml.as_slice(), "guias.xml", options).unwrap(),
        import_csv(csv.as_slice(), "guias.csv", options).unwrap(),
    )
}

#[test]
fn xml_and_csv_exports_of_the_same_guides_aggregate_identically() {
    let spec = GuideSpec { guides: 5_000, seed: 7, ..GuideSpec::default() };
    for states in [StatePolicy::Concluded, StatePolicy::Received] {
        let options = ImportOptions { states, ..ImportOptions::default() };
        let (xml, csv) = both(&spec, &options);
        assert_eq!(xml.aggregator.groups(), csv.aggregator.groups());
        let (mut a, mut b) = (xml.report, csv.report);
        assert!(b.ignored_columns.is_empty());
        a.input.clear();
        b.input.clear();
        assert_eq!(a, b);
        assert_eq!(a.guides, 5_000);
        assert!(a.counted > 3_500 && a.corrected > 100, "{a:?}");
        for never in [GuideState::Cancelled, GuideState::Rejected] {
            assert!(a.not_counted[&never] > 0);
        }
    }
}

#[test]
fn kilograms_and_tonnes_give_the_same_totals() {
    let tonnes = GuideSpec { guides: 800, ..GuideSpec::default() };
    let kg = GuideSpec { unit: MassUnit::Kilograms, ..tonnes };
    let (t_xml, _) = both(&tonnes, &ImportOptions::default());
    let (kg_xml, kg_csv) = both(&kg, &ImportOptions { unit: MassUnit::Kilograms, ..ImportOptions::default() });
    assert_eq!(t_xml.aggregator.groups(), kg_xml.aggregator.groups());
    assert_eq!(t_xml.aggregator.groups(), kg_csv.aggregator.groups());
    // Kilograms read as tonnes: a thousand times too much (the largest synthetic load, 26 000 kg, stays under the
    // 100 000 t limit, so only the unit option can tell).
    let mut xml = Vec::new();
    write_xml(&kg, &mut xml).unwrap();
    let wrong = import_xml(xml.as_slice(), "kg.xml", &ImportOptions::default()).unwrap();
    assert_eq!(wrong.report.tonnes, t_xml.report.tonnes * rust_decimal::Decimal::ONE_THOUSAND);
}

#[test]
fn generated_guides_are_deterministic() {
    let spec = GuideSpec { guides: 200, seed: 99, ..GuideSpec::default() };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    write_csv(&spec, &mut a).unwrap();
    write_csv(&spec, &mut b).unwrap();
    assert_eq!(a, b);
    let mut c = Vec::new();
    write_csv(&GuideSpec { seed: 100, ..spec }, &mut c).unwrap();
    assert_ne!(a, c);
}

#[test]
fn corrected_values_win_in_the_totals() {
    let spec = GuideSpec { guides: 2_000, seed: 3, ..GuideSpec::default() };
    let mut xml = Vec::new();
    write_xml(&spec, &mut xml).unwrap();
    let options = ImportOptions::default();
    let mut reader = GuideReader::xml(xml.as_slice(), "g.xml", &options).unwrap();
    let (mut declared, mut effective, mut corrected) = (rust_decimal::Decimal::ZERO, rust_decimal::Decimal::ZERO, 0);
    while let Some(outcome) = reader.next_guide().unwrap() {
        if let Outcome::Counted(g) = outcome {
            declared += g.waste.tonnes;
            effective += g.tonnes();
            if let Some(tonnes) = g.correction.tonnes {
                corrected += 1;
                assert_eq!(g.tonnes(), tonnes);
            }
        }
    }
    assert!(corrected > 50);
    assert_ne!(declared, effective);
    let import = import_xml(xml.as_slice(), "g.xml", &options).unwrap();
    assert_eq!(import.report.tonnes, effective);
    assert_eq!(import.aggregator.total(Role::Producer).tonnes, effective);
}

#[test]
fn strict_refuses_what_lenient_lists() {
    let spec = GuideSpec { guides: 1_000, seed: 5, ..GuideSpec::default() };
    let mut csv = Vec::new();
    write_csv(&spec, &mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    // Break two concluded guides: a spurious asterisk and a thousands separator.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let concluded: Vec<usize> = (1..lines.len()).filter(|&i| lines[i].split(';').nth(2) == Some("CC")).collect();
    let (first, second) = (concluded[10], concluded[20]);
    let mut cells: Vec<String> = lines[first].split(';').map(str::to_owned).collect();
    cells[20] = "150101*".to_owned();
    lines[first] = cells.join(";");
    let mut cells: Vec<String> = lines[second].split(';').map(str::to_owned).collect();
    cells[23] = "1.234,5".to_owned();
    lines[second] = cells.join(";");
    let broken = lines.join("\n");
    let number = |i: usize| lines[i].split(';').next().unwrap().to_owned();

    let err = import_csv(broken.as_bytes(), "guias.csv", &ImportOptions::default()).unwrap_err();
    let WasteError::Invalid { issues } = &err else { panic!("{err}") };
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].id.as_deref(), Some(number(first).as_str()));
    assert_eq!(issues[0].location.line, Some(u32::try_from(first + 1).unwrap()));
    assert_eq!(issues[0].field.as_deref(), Some("codigoResiduoLer"));

    let lenient = ImportOptions { mode: Mode::Lenient, ..ImportOptions::default() };
    let import = import_csv(broken.as_bytes(), "guias.csv", &lenient).unwrap();
    let clean = import_csv(text.as_bytes(), "guias.csv", &lenient).unwrap();
    assert_eq!(import.report.rejected, 2);
    assert_eq!(import.report.counted + 2, clean.report.counted);
    assert_eq!(import.report.issues[1].id.as_deref(), Some(number(second).as_str()));
    assert_eq!(import.report.issues[1].field.as_deref(), Some("quantidade"));
    assert!(import.report.issues[1].message.contains("1.234,5"));
}

fn spellings(code: LerCode) -> Vec<String> {
    let c = code.compact();
    let (a, b, d) = (&c[0..2], &c[2..4], &c[4..6]);
    let star = if code.is_hazardous() { "*" } else { "" };
    vec![
        code.to_string(),
        c.clone(),
        format!("{c}{star}"),
        format!("{a}.{b}.{d}{star}"),
        format!("{a}-{b}-{d}"),
        format!("  {a} {b} {d} {star} "),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_entry_round_trips_through_every_spelling(i in 0usize..842) {
        let list = WasteList::builtin().unwrap();
        let code = list.entries()[i].code;
        for s in spellings(code) {
            prop_assert_eq!(LerCode::parse(&s).unwrap(), code);
        }
        prop_assert_eq!(code.to_string().parse::<LerCode>().unwrap(), code);
        for m in code.mirror() {
            prop_assert!(m.mirror().contains(&code));
            prop_assert_ne!(m.is_hazardous(), code.is_hazardous());
        }
    }

    #[test]
    fn operation_codes_round_trip(disposal in any::<bool>(), n in 1u8..=15, sub in proptest::option::of(0u8..26)) {
        let (letter, n) = if disposal { ('D', n) } else { ('R', n.min(13)) };
        let sub = sub.map(|s| char::from(b'A' + s)).map(String::from).unwrap_or_default();
        let text = format!("{letter}{n}{sub}");
        let code = OperationCode::parse(&text).unwrap();
        prop_assert_eq!(code.to_string(), text.clone());
        prop_assert_eq!(OperationCode::parse(&format!(" {} 0{n} {} ", letter.to_ascii_lowercase(), sub.to_lowercase())).unwrap(), code);
        prop_assert!(code.parent() <= code);
    }

    #[test]
    fn code_parsers_never_panic(s in "\\PC{0,12}") {
        let _ = LerCode::parse(&s);
        let _ = OperationCode::parse(&s);
        let _ = GuideState::parse(&s);
    }

    #[test]
    fn importers_never_panic_on_mangled_input(seed in any::<u64>(), cut in 0usize..6000, byte in any::<u8>()) {
        let spec = GuideSpec { guides: 4, seed, ..GuideSpec::default() };
        for xml in [true, false] {
            let mut data = Vec::new();
            if xml { write_xml(&spec, &mut data).unwrap() } else { write_csv(&spec, &mut data).unwrap() }
            let at = cut % data.len().max(1);
            data[at] = byte;
            let options = ImportOptions { mode: Mode::Lenient, ..ImportOptions::default() };
            let _ = if xml { import_xml(data.as_slice(), "x", &options) } else { import_csv(data.as_slice(), "x", &options) };
            data.truncate(at);
            let _ = if xml { import_xml(data.as_slice(), "x", &options) } else { import_csv(data.as_slice(), "x", &options) };
        }
    }

    #[test]
    fn xml_and_csv_agree_for_any_seed(seed in any::<u64>(), guides in 0u64..60) {
        let spec = GuideSpec { guides, seed, ..GuideSpec::default() };
        let (xml, csv) = both(&spec, &ImportOptions { states: StatePolicy::Received, ..ImportOptions::default() });
        prop_assert_eq!(xml.aggregator.groups(), csv.aggregator.groups());
        prop_assert_eq!(xml.report.tonnes, csv.report.tonnes);
    }
}
