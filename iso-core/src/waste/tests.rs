use super::*;

fn ler(s: &str) -> LerCode {
    s.parse().unwrap()
}

#[test]
fn builtin_list_loads_with_declared_counts() {
    let list = WasteList::builtin().unwrap();
    assert_eq!(list.chapters().len(), 20);
    assert_eq!(list.subchapters().len(), 111);
    assert_eq!(list.entries().len(), 842);
    assert_eq!(list.entries().iter().filter(|e| e.code.is_hazardous()).count(), 408);
    assert_eq!(list.data_version(), "2026.1");
}

#[test]
fn every_spelling_of_a_code_reads_the_same() {
    for s in [
        "15 01 10*",
        "150110*",
        "150110",
        "15.01.10*",
        "15-01-10",
        " 15 01 10 ",
        "15 01 10 *",
        "\t150110\n",
        "15.01.10",
    ] {
        assert_eq!(ler(s).to_string(), "15 01 10*", "{s:?}");
    }
    assert_eq!(ler("170504").to_string(), "17 05 04");
    assert_eq!(ler("15 01 10").compact(), "150110");
    assert_eq!(ler("15 01 10").digits(), 150_110);
}

#[test]
fn malformed_codes_are_refused_with_their_spelling() {
    let cases = [
        ("", "invalid LER code \"\": it is empty"),
        ("*", "invalid LER code \"*\": it is empty"),
        ("15 01 1", "invalid LER code \"15 01 1\": expected six digits, as 15 01 10, 150110 or 15.01.10*"),
        ("15.01 10", "invalid LER code \"15.01 10\": expected six digits, as 15 01 10, 150110 or 15.01.10*"),
        ("1501100", "invalid LER code \"1501100\": expected six digits, as 15 01 10, 150110 or 15.01.10*"),
        ("15 01 1O", "invalid LER code \"15 01 1O\": expected six digits, as 15 01 10, 150110 or 15.01.10*"),
        ("15  01 10", "invalid LER code \"15  01 10\": expected six digits, as 15 01 10, 150110 or 15.01.10*"),
        ("**150110", "invalid LER code \"**150110\": expected six digits, as 15 01 10, 150110 or 15.01.10*"),
        ("99 01 01", "invalid LER code \"99 01 01\": 99 01 01 is not an entry of the European List of Waste"),
        ("15 01 99", "invalid LER code \"15 01 99\": 15 01 99 is not an entry of the European List of Waste"),
        ("150101*", "invalid LER code \"150101*\": 15 01 01 is not hazardous: remove the asterisk"),
        (
            "17 09 04*",
            "invalid LER code \"17 09 04*\": 17 09 04 is not hazardous: remove the asterisk (its hazardous mirror \
             entries are 17 09 01*, 17 09 02*, 17 09 03*)",
        ),
    ];
    for (input, message) in cases {
        assert_eq!(LerCode::parse(input).unwrap_err().to_string(), message, "{input:?}");
    }
}

#[test]
fn chapters_and_subchapters() {
    let code = ler("20 01 35*");
    assert_eq!(code.chapter(), 20);
    assert_eq!(code.subchapter(), (20, 1));
    let list = WasteList::builtin().unwrap();
    assert_eq!(list.subchapter(20, 1).unwrap().code, "20 01");
    assert!(list.chapter(21).is_none());
    assert!(list.entry(code).unwrap().description.en.contains("electrical"));
}

#[test]
fn mirror_entries_pair_hazardous_with_non_hazardous() {
    let soil = ler("17 09 04");
    let partners: Vec<String> = soil.mirror().iter().map(ToString::to_string).collect();
    assert_eq!(partners, ["17 09 01*", "17 09 02*", "17 09 03*"]);
    for partner in soil.mirror() {
        assert!(partner.mirror().contains(&soil));
    }
    let pairs: usize = WasteList::builtin().unwrap().entries().iter().map(|e| e.mirror.len()).sum();
    assert_eq!(pairs, 2 * 169);
    // 10 01 19 names 10 01 05, 10 01 07 and 10 01 18*: paired with the hazardous one only.
    assert_eq!(ler("10 01 19").mirror(), [ler("10 01 18")]);
}

#[test]
fn codes_serialize_in_canonical_form() {
    let code = ler("150110");
    assert_eq!(serde_json::to_string(&code).unwrap(), "\"15 01 10*\"");
    assert_eq!(serde_json::from_str::<LerCode>("\"15.01.10\"").unwrap(), code);
    assert!(serde_json::from_str::<LerCode>("\"15 01 01*\"").is_err());
    let op: OperationCode = serde_json::from_str("\"r 13\"").unwrap();
    assert_eq!(serde_json::to_string(&op).unwrap(), "\"R13\"");
}

#[test]
fn operation_spellings_normalise() {
    for (input, canonical) in [
        ("R 3 A", "R3A"),
        ("r3a", "R3A"),
        ("R03", "R3"),
        ("R3A", "R3A"),
        ("D 15", "D15"),
        ("D015", "D15"),
        ("R01", "R1"),
    ] {
        assert_eq!(OperationCode::parse(input).unwrap().to_string(), canonical, "{input:?}");
    }
}

#[test]
fn bad_operation_codes_are_refused() {
    let cases = [
        ("", "invalid operation code \"\": it is empty"),
        ("AP", "invalid operation code \"AP\": expected D or R followed by a number, as R3 or D15"),
        ("R", "invalid operation code \"R\": expected D or R followed by a number, as R3 or D15"),
        ("RA", "invalid operation code \"RA\": expected D or R, a number and at most one sub-code letter, as R3A"),
        ("R3AB", "invalid operation code \"R3AB\": expected D or R, a number and at most one sub-code letter, as R3A"),
        ("R3-A", "invalid operation code \"R3-A\": expected D or R, a number and at most one sub-code letter, as R3A"),
        ("R0", "invalid operation code \"R0\": recovery operations are R1 to R13"),
        ("R14", "invalid operation code \"R14\": recovery operations are R1 to R13"),
        ("D16", "invalid operation code \"D16\": disposal operations are D1 to D15"),
        ("D99999999999", "invalid operation code \"D99999999999\": disposal operations are D1 to D15"),
    ];
    for (input, message) in cases {
        assert_eq!(OperationCode::parse(input).unwrap_err().to_string(), message, "{input:?}");
    }
}

#[test]
fn operations_order_naturally_and_map_to_parents() {
    let mut codes: Vec<OperationCode> =
        ["R4", "R3A", "D15", "R10", "R3", "D2"].iter().map(|s| s.parse().unwrap()).collect();
    codes.sort();
    let names: Vec<String> = codes.iter().map(ToString::to_string).collect();
    assert_eq!(names, ["D2", "D15", "R3", "R3A", "R4", "R10"]);
    let r3h: OperationCode = "R3H".parse().unwrap();
    assert_eq!(r3h.parent().to_string(), "R3");
    assert_eq!(r3h.sub_code(), Some('H'));
    assert!(r3h.is_listed());
    let d15a: OperationCode = "D15A".parse().unwrap();
    assert!(!d15a.is_listed());
    assert!(d15a.is_interim());
}

#[test]
fn classes_follow_the_data_and_the_policy() {
    let p = ClassPolicy::default();
    let class = |s: &str| p.class_of(s.parse().unwrap());
    assert_eq!(class("R3A"), WasteClass::PreparationForReuse);
    assert_eq!(class("R3H"), WasteClass::Backfilling);
    assert_eq!(class("R3"), WasteClass::Recycling);
    assert_eq!(class("R5D"), WasteClass::Recycling);
    assert_eq!(class("R1"), WasteClass::EnergyRecovery);
    assert_eq!(class("R10"), WasteClass::Recycling);
    assert_eq!(class("R13"), WasteClass::Interim);
    assert_eq!(class("D10"), WasteClass::Incineration);
    assert_eq!(class("D1"), WasteClass::Landfill);
    assert_eq!(class("D12"), WasteClass::PermanentStorage);
    assert_eq!(class("D9"), WasteClass::OtherDisposal);
    let alt = ClassPolicy { alternative_classes: true, ..ClassPolicy::default() };
    assert_eq!(alt.class_of("R10".parse().unwrap()), WasteClass::OtherRecovery);
    assert_eq!(alt.class_of("R3".parse().unwrap()), WasteClass::Recycling);
}

#[test]
fn views_put_every_operation_in_a_bucket() {
    for view in [ReportingView::Wfd, ReportingView::Gri306] {
        let policy = ClassPolicy { view, alternative_classes: false };
        for op in WasteOperations::builtin().unwrap().operations() {
            assert!(policy.bucket_of(op.code).is_some(), "{view:?} {}", op.code);
        }
    }
    let gri = ClassPolicy { view: ReportingView::Gri306, alternative_classes: false };
    assert_eq!(gri.bucket_of("D10".parse().unwrap()), Some("incineration_without_energy_recovery"));
    assert_eq!(gri.bucket_of("D1".parse().unwrap()), Some("landfilling"));
    assert_eq!(ClassPolicy::default().bucket_of("D10".parse().unwrap()), Some("disposal"));
    let json = serde_json::to_string(&gri).unwrap();
    assert_eq!(json, r#"{"view":"gri_306","alternative_classes":false}"#);
    assert!(serde_json::from_str::<ClassPolicy>(r#"{"vue":"wfd"}"#).is_err());
}

#[test]
fn broken_data_files_are_reported() {
    let list = iso_catalogues::WASTE_LIST.text.replacen("entries = 842", "entries = 841", 1);
    let err = WasteList::from_toml("x.toml", &list).unwrap_err().to_string();
    assert_eq!(err, "x.toml: 842 entries where [list] declares 841");
    let list = iso_catalogues::WASTE_LIST.text.replacen("mirror = [\"01 03 06\"]", "mirror = [\"01 03 07\"]", 1);
    assert!(WasteList::from_toml("x.toml", &list).unwrap_err().to_string().contains("mirror pair"));
    let ops = iso_catalogues::WASTE_OPERATIONS.text.replacen("code = \"D15\"", "code = \"D 15\"", 1);
    let err = WasteOperations::from_toml("ops.toml", &ops).unwrap_err().to_string();
    assert!(err.contains("canonical"), "{err}");
    let ops = iso_catalogues::WASTE_OPERATIONS.text.replacen("class = \"landfill\"", "class = \"dump\"", 1);
    assert_eq!(
        WasteOperations::from_toml("ops.toml", &ops).unwrap_err().to_string(),
        "ops.toml: unknown class \"dump\""
    );
}
