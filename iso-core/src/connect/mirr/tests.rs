use std::collections::BTreeSet;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::connect::egar::synthetic::{GuideSpec, write_csv};
use crate::connect::egar::{ImportOptions, Role, import_csv, import_xml};
use crate::error::WasteError;

const GUIDES: &str = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;codigoApaRemetente;nifDestinatario;\
                      codigoApaDestinatario;nifTransportador;nifTransportador2;codigoResiduoLer;codigoOperacao;\
                      quantidade;quantidadeCorrigido\n\
                      PT1;CC;2025-01-10;500000000;APA1;500000001;APA9;500000002;;150101;R3;1.5;\n\
                      PT2;CC;2025-02-11;500000000;APA1;500000001;APA9;500000002;500000003;150101;R3;2,25;2.3\n\
                      PT3;CC;2025-03-01;500000000;APA2;500000001;APA9;500000002;;200301;D1;7;\n\
                      PT4;CC;2025-04-01;500000004;;500000001;APA9;500000003;;15 01 01;R03;0.5;\n\
                      PT5;AN;2025-04-02;500000000;APA1;500000001;APA9;500000002;;150101;R3;9;\n\
                      PT6;CC;2024-12-30;500000000;APA1;500000001;APA9;500000002;;150101;R3;10;\n\
                      PT7;CC;2025-05-05;500000000;APA1;500000005;APA7;500000002;;150101;R13;1;\n";

fn groups() -> Vec<crate::connect::egar::Group> {
    import_csv(GUIDES.as_bytes(), "guias.csv", &ImportOptions::default()).unwrap().aggregator.groups()
}

fn show(mirr: &Mirr) -> Vec<String> {
    mirr.lines
        .iter()
        .map(|l| {
            format!(
                "{} {}/{} {} {} > {}/{}: {} t ({})",
                l.form,
                l.party,
                l.establishment,
                l.ler,
                l.operation,
                l.counterpart,
                l.counterpart_establishment,
                l.tonnes,
                l.guides
            )
        })
        .collect()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn forms_are_compiled_from_guides() {
    let compiled = compile(&groups(), &CompileOptions::year(2025)).unwrap();
    assert_eq!(
        show(&compiled.mirr),
        [
            "B 500000000/APA1 15 01 01 R3 > 500000001/APA9: 3.8 t (2)",
            "B 500000000/APA1 15 01 01 R13 > 500000005/APA7: 1 t (1)",
            "B 500000000/APA2 20 03 01 D1 > 500000001/APA9: 7 t (1)",
            "B 500000004/ 15 01 01 R3 > 500000001/APA9: 0.5 t (1)",
            "C1 500000001/APA9 15 01 01 R3 > 500000000/APA1: 3.8 t (2)",
            "C1 500000001/APA9 15 01 01 R3 > 500000004/: 0.5 t (1)",
            "C1 500000001/APA9 20 03 01 D1 > 500000000/APA2: 7 t (1)",
            "C1 500000005/APA7 15 01 01 R13 > 500000000/APA1: 1 t (1)",
            "C2 500000001/APA9 15 01 01 R3 > /: 4.3 t (3)",
            "C2 500000001/APA9 20 03 01 D1 > /: 7 t (1)",
            "C2 500000005/APA7 15 01 01 R13 > /: 1 t (1)",
            "D1 500000002/ 15 01 01 R3 > 500000001/APA9: 3.8 t (2)",
            "D1 500000002/ 15 01 01 R13 > 500000005/APA7: 1 t (1)",
            "D1 500000002/ 20 03 01 D1 > 500000001/APA9: 7 t (1)",
            "D1 500000003/ 15 01 01 R3 > 500000001/APA9: 2.8 t (2)",
        ]
    );
    let report = &compiled.report;
    assert_eq!(report.outside_year.len(), 3);
    for role in [Role::Producer, Role::Destination, Role::Transporter] {
        let outside = report.outside_year[&role];
        assert_eq!((outside.tonnes, outside.guides), (d("10"), 1), "{role:?}");
    }
    assert_eq!(report.outside_periods.iter().map(ToString::to_string).collect::<Vec<_>>(), ["2024-12"]);
    assert_eq!((report.groups, report.used, report.other_parties), (19, 16, 0));
    let totals = compiled.mirr.totals().unwrap();
    assert_eq!(totals[&MirrForm::B], (d("12.3"), 5));
    assert_eq!(totals[&MirrForm::C1], totals[&MirrForm::C2]);
    assert_eq!(totals[&MirrForm::D1], (d("14.6"), 6));
}

#[test]
fn compiling_keeps_the_parties_and_forms_asked_for() {
    let options = CompileOptions {
        parties: ["500000000".to_owned(), "500000003".to_owned()].into(),
        ..CompileOptions::year(2025)
    };
    let compiled = compile(&groups(), &options).unwrap();
    assert_eq!(
        show(&compiled.mirr),
        [
            "B 500000000/APA1 15 01 01 R3 > 500000001/APA9: 3.8 t (2)",
            "B 500000000/APA1 15 01 01 R13 > 500000005/APA7: 1 t (1)",
            "B 500000000/APA2 20 03 01 D1 > 500000001/APA9: 7 t (1)",
            "D1 500000003/ 15 01 01 R3 > 500000001/APA9: 2.8 t (2)",
        ]
    );
    assert_eq!(compiled.report.other_parties, 10);
    let options = CompileOptions { forms: [MirrForm::C2].into(), ..CompileOptions::year(2025) };
    let compiled = compile(&groups(), &options).unwrap();
    assert_eq!(compiled.mirr.lines.len(), 3);
    assert!(compiled.mirr.lines.iter().all(|l| l.form == MirrForm::C2 && l.counterpart.is_empty()));
    // Another year: everything is outside it.
    let compiled = compile(&groups(), &CompileOptions::year(2026)).unwrap();
    assert!(compiled.mirr.lines.is_empty());
    assert_eq!(compiled.report.outside_year[&Role::Producer].tonnes, d("22.3"));
}

#[test]
fn forms_are_compiled_from_xml_with_corrections() {
    let xml = "<guias><guia><numeroGuia>PT1</numeroGuia><codigoEstado>CC</codigoEstado>\
               <remetente><nif>500000000</nif></remetente><destinatario><nif>500000001</nif></destinatario>\
               <transportadores><nif>500000002</nif><dataHoraInicioTransporte>2025-12-31T23:00:00\
               </dataHoraInicioTransporte></transportadores>\
               <residuoTransportado><codigoResiduoLer>170504</codigoResiduoLer><codigoOperacao>R5</codigoOperacao>\
               <quantidade>20</quantidade></residuoTransportado>\
               <residuoTransportadoCorrigido><codigoOperacaoCorrigido>R13</codigoOperacaoCorrigido>\
               <quantidadeCorrigido>19.75</quantidadeCorrigido></residuoTransportadoCorrigido></guia></guias>";
    let import = import_xml(xml.as_bytes(), "guias.xml", &ImportOptions::default()).unwrap();
    let mirr = compile(&import.aggregator.groups(), &CompileOptions::year(2025)).unwrap().mirr;
    assert_eq!(
        show(&mirr),
        [
            "B 500000000/ 17 05 04 R13 > 500000001/: 19.75 t (1)",
            "C1 500000001/ 17 05 04 R13 > 500000000/: 19.75 t (1)",
            "C2 500000001/ 17 05 04 R13 > /: 19.75 t (1)",
            "D1 500000002/ 17 05 04 R13 > 500000001/: 19.75 t (1)",
        ]
    );
}

#[test]
fn form_names_are_parsed() {
    for (text, form) in [
        ("B", MirrForm::B),
        (" b ", MirrForm::B),
        ("Form B", MirrForm::B),
        ("Formulário B", MirrForm::B),
        ("Quadro C1", MirrForm::C1),
        ("c.2", MirrForm::C2),
        ("D-1", MirrForm::D1),
        ("FORM D1", MirrForm::D1),
    ] {
        assert_eq!(text.parse::<MirrForm>().unwrap(), form, "{text}");
    }
    for text in ["", "C", "C3", "A", "form", "B1"] {
        assert!(matches!(text.parse::<MirrForm>(), Err(WasteError::UnknownForm(_))), "{text}");
    }
    assert_eq!(serde_json::to_string(&MirrForm::ALL).unwrap(), r#"["B","C1","C2","D1"]"#);
    assert_eq!(serde_json::from_str::<MirrForm>(r#""C2""#).unwrap(), MirrForm::C2);
}

const DECLARED: &str = "\u{feff}Formulário;NIF;Estabelecimento;Código LER;Operação;NIF contraparte;\
                        Estabelecimento contraparte;Designação;Quantidade (t)\n\
                        B;500000000;APA1;150101;R3;500000001;APA9;Embalagens de papel;3,8\n\
                        \n\
                        Quadro B;500000000;APA1;15 01 01;R13;500000005;APA7;Embalagens de papel;1\n\
                        B;500000000;APA2;200301;D1;500000001;APA9;Indiferenciados;7.5\n\
                        B;500000000;APA3;170504;R5;500000001;APA9;Solos;12\n";

#[test]
fn declared_sheets_are_read() {
    let mirr = Mirr::from_csv("mirr.csv", DECLARED, 2025).unwrap();
    assert_eq!(
        show(&mirr),
        [
            "B 500000000/APA1 15 01 01 R3 > 500000001/APA9: 3.8 t (0)",
            "B 500000000/APA1 15 01 01 R13 > 500000005/APA7: 1 t (0)",
            "B 500000000/APA2 20 03 01 D1 > 500000001/APA9: 7.5 t (0)",
            "B 500000000/APA3 17 05 04 R5 > 500000001/APA9: 12 t (0)",
        ]
    );
    // English names, commas, kilograms, a year column, guides.
    let text = "year,form,party,establishment,ler,operation,counterpart,counterpart_establishment,quantity_kg,guides\n\
                2025,C2,500000001,APA9,150101,R3,,,4300,3\n\
                2025,D1,500000002,,150101,R3,500000001,APA9,1250.5,2\n";
    let mirr = Mirr::from_csv("mirr.csv", text, 2025).unwrap();
    assert_eq!(
        show(&mirr),
        ["C2 500000001/APA9 15 01 01 R3 > /: 4.3 t (3)", "D1 500000002/ 15 01 01 R3 > 500000001/APA9: 1.2505 t (2)"]
    );
    // Both quantities, when they agree.
    let text = "form;nif;ler;operacao;quantidade_t;quantidade_kg\nC2;500000001;150101;R3;1,5;1500\n";
    assert_eq!(Mirr::from_csv("m.csv", text, 2025).unwrap().lines[0].tonnes, d("1.5"));
    // Blank lines before the header, a trailing delimiter.
    let text = "\n;;\nform;nif;ler;operacao;quantidade_t;\nC2;500000001;150101;R3;1,5;\n";
    let mirr = Mirr::from_csv("m.csv", text, 2025).unwrap();
    assert_eq!(show(&mirr), ["C2 500000001/ 15 01 01 R3 > /: 1.5 t (0)"]);
}

fn issues_of(text: &str) -> Vec<String> {
    match Mirr::from_csv("mirr.csv", text, 2025).unwrap_err() {
        WasteError::Invalid { issues } => issues.iter().map(ToString::to_string).collect(),
        other => panic!("expected row issues, got {other}"),
    }
}

#[test]
fn every_bad_row_is_reported() {
    let text = "ano;formulario;nif;estabelecimento;ler;operacao;nif_contraparte;estabelecimento_contraparte;\
                quantidade_t;quantidade_kg;guias\n\
                2025;B;500000000;APA1;150198;R3;500000001;;1;;\n\
                2025;E;500000000;APA1;150101;R33;500000001;;-2;;\n\
                2024;C1;;APA1;150101;R3;;;1.234,5;;x\n\
                2025;C2;500000001;APA9;150101;R3;500000000;APA1;1;;\n\
                2025;D1;500000002;APA5;150101;R3;500000001;;1;2000;\n\
                2025;B;500000000;APA1;150101;R3;500000001;;;;\n\
                2025;B;500000000;APA1;150101;R3;500000001;;1\n\
                2025;B;500000000;APA1;150101;R3;500000001;;2;;\n\
                2025;B;500000000;APA1;15 01 01;R03;500000001;;2;;\n\
                2025;B;123456789012345678901;APA1;150101;R3;500000001;;1e13;;\n";
    assert_eq!(
        issues_of(text),
        [
            "mirr.csv:2: ler: invalid LER code \"150198\": 15 01 98 is not an entry of the European List of Waste",
            "mirr.csv:3: formulario: unknown MIRR form \"E\": expected B, C1, C2 or D1",
            "mirr.csv:3: operacao: invalid operation code \"R33\": recovery operations are R1 to R13",
            "mirr.csv:3: quantidade_t: -2: a quantity cannot be negative",
            "mirr.csv:4: ano: year 2024 is not the register's year 2025",
            "mirr.csv:4: nif: no NIF",
            "mirr.csv:4: nif_contraparte: form C1 needs the counterpart's NIF (the producer)",
            "mirr.csv:4: quantidade_t: \"1.234,5\" is not a number: mixed or repeated separators (write 1234.5)",
            "mirr.csv:4: guias: \"x\" is not a number of guides",
            "mirr.csv:5: nif_contraparte: form C2 has no counterpart: leave \"500000000\" out",
            "mirr.csv:5: estabelecimento_contraparte: form C2 has no counterpart: leave \"APA1\" out",
            "mirr.csv:6: estabelecimento: form D1 is kept by transporter NIF without establishment (e-GAR guides \
             name none): leave \"APA5\" out",
            "mirr.csv:6: quantidade_kg: 2000 kg is not the 1 t of column quantidade_t: give one quantity",
            "mirr.csv:7: quantidade_t: no quantity",
            "mirr.csv:8: expected 11 fields as in the header, found 9",
            "mirr.csv:10: line 9 already declares form B, NIF 500000000, establishment \"APA1\", LER 15 01 01, \
             operation R3, counterpart \"500000001\" (\"\"): give each line once",
            "mirr.csv:11: nif: the NIF \"123456789012345678901\" is too long (at most 20 characters)",
            "mirr.csv:11: quantidade_t: 1e13 t is above the limit of 10^12 t",
        ]
    );
}

#[test]
fn bad_headers_are_syntax_errors() {
    let error = |text: &str| Mirr::from_csv("mirr.csv", text, 2025).unwrap_err();
    let err = error("form;nif;ler;quantidade\nB;1;150101;1\n");
    assert!(matches!(err, WasteError::Syntax { .. }));
    assert_eq!(
        err.to_string(),
        "mirr.csv:1: missing required columns operacao, quantidade_t (or quantidade_kg); column \"quantidade\" does \
         not state its unit: name it quantidade_t (tonnes) or quantidade_kg (kilograms)"
    );
    assert_eq!(
        error("form;nif;NIF;ler;operation;tonnes;cor\n").to_string(),
        "mirr.csv:1: columns \"nif\" and \"NIF\" give the same field; unknown column \"cor\" (see docs/mirr.md for \
         the columns read)"
    );
    assert_eq!(error("").to_string(), "mirr.csv:1: the sheet is empty: a header row is required");
    assert_eq!(error("\u{feff}\n\n").to_string(), "mirr.csv:1: the sheet is empty: a header row is required");
    // A header alone is an empty register.
    assert!(Mirr::from_csv("m.csv", "form,nif,ler,operation,tonnes\n", 2025).unwrap().lines.is_empty());
}

fn line(form: MirrForm, party: &str, ler: &str, operation: &str, counterpart: &str, tonnes: &str) -> MirrLine {
    MirrLine {
        form,
        party: party.to_owned(),
        establishment: if form == MirrForm::D1 { String::new() } else { "APA1".to_owned() },
        ler: ler.parse().unwrap(),
        operation: operation.parse().unwrap(),
        counterpart: counterpart.to_owned(),
        counterpart_establishment: String::new(),
        tonnes: d(tonnes),
        guides: 1,
    }
}

#[test]
fn reconciliation_lists_every_discrepancy() {
    let compiled = Mirr {
        year: 2025,
        lines: vec![
            line(MirrForm::B, "500000000", "150101", "R3", "500000001", "3.8"),
            line(MirrForm::B, "500000000", "150102", "R3", "500000001", "2"),
            line(MirrForm::B, "500000000", "200301", "D1", "500000001", "7"),
            line(MirrForm::C2, "500000001", "150101", "R3", "", "4.3"),
        ],
    };
    let declared = Mirr {
        year: 2025,
        lines: vec![
            line(MirrForm::B, "500000000", "150101", "R3", "500000001", "3.80"),
            line(MirrForm::B, "500000000", "200301", "D1", "500000001", "7.5"),
            line(MirrForm::B, "500000000", "170504", "R5", "500000001", "12"),
            line(MirrForm::C2, "500000001", "150101", "R3", "", "4.25"),
        ],
    };
    let r = reconcile(&compiled, &declared, Decimal::ZERO).unwrap();
    let shown: Vec<String> = r
        .lines
        .iter()
        .map(|l| {
            format!(
                "{} {} {} {:?} {:?} {} {:?}",
                l.form, l.ler, l.operation, l.compiled, l.declared, l.difference, l.status
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "B 15 01 01 R3 Some(3.8) Some(3.80) 0.00 Match",
            "B 15 01 02 R3 Some(2) None -2 MissingInDeclared",
            "B 17 05 04 R5 None Some(12) 12 MissingInGuides",
            "B 20 03 01 D1 Some(7) Some(7.5) 0.5 Differs",
            "C2 15 01 01 R3 Some(4.3) Some(4.25) -0.05 Differs",
        ]
    );
    assert_eq!(r.counts, StatusCounts { matched: 1, differs: 2, missing_in_declared: 1, missing_in_guides: 1 });
    assert_eq!(r.counts.discrepancies(), 4);
    assert!(!r.is_reconciled());
    assert_eq!(r.discrepancies().count(), 4);
    let b = r.totals[0];
    assert_eq!((b.form, b.compiled, b.declared, b.difference), (MirrForm::B, d("12.8"), d("23.3"), d("10.5")));
    assert_eq!(b.counts.matched + b.counts.discrepancies(), 4);
    let c2 = r.totals[2];
    assert_eq!((c2.compiled, c2.declared, c2.difference), (d("4.3"), d("4.25"), d("-0.05")));
    assert_eq!(r.totals.iter().map(|t| t.form).collect::<Vec<_>>(), MirrForm::ALL);
    assert!(r.totals[1].compiled.is_zero() && r.totals[3].counts.discrepancies() == 0);

    // Within a tolerance of 0.05 t, C2 matches; 0.5 t is still a difference; missing lines stay missing.
    let r = reconcile(&compiled, &declared, d("0.05")).unwrap();
    let statuses: Vec<Status> = r.lines.iter().map(|l| l.status).collect();
    assert_eq!(
        statuses,
        [Status::Match, Status::MissingInDeclared, Status::MissingInGuides, Status::Differs, Status::Match]
    );
    let r = reconcile(&compiled, &declared, d("100")).unwrap();
    assert_eq!(r.counts.matched, 3);
    assert_eq!(r.counts.discrepancies(), 2);
}

#[test]
fn reconciliation_refuses_what_it_cannot_compare() {
    let (a, b) = (Mirr::new(2025), Mirr::new(2024));
    assert_eq!(
        reconcile(&a, &b, Decimal::ZERO).unwrap_err().to_string(),
        "cannot reconcile the MIRR: the compiled register is of 2025 and the declared one of 2024"
    );
    assert_eq!(
        reconcile(&a, &a, d("-0.1")).unwrap_err().to_string(),
        "cannot reconcile the MIRR: the tolerance -0.1 t is negative"
    );
    let huge = Mirr {
        year: 2025,
        lines: vec![
            line(MirrForm::B, "1", "150101", "R3", "2", "79228162514264337593543950335"),
            line(MirrForm::B, "1", "150102", "R3", "2", "79228162514264337593543950335"),
        ],
    };
    assert!(matches!(reconcile(&huge, &a, Decimal::ZERO), Err(WasteError::Reconcile(_))));
    // Lines repeated within one register are added before comparing.
    let twice = Mirr {
        year: 2025,
        lines: vec![line(MirrForm::B, "1", "150101", "R3", "2", "1"), line(MirrForm::B, "1", "150101", "R3", "2", "2")],
    };
    let once = Mirr { year: 2025, lines: vec![line(MirrForm::B, "1", "150101", "R3", "2", "3")] };
    assert!(reconcile(&twice, &once, Decimal::ZERO).unwrap().is_reconciled());
}

#[test]
fn reconciliation_serialises_with_a_schema() {
    let compiled = compile(&groups(), &CompileOptions::year(2025)).unwrap().mirr;
    let declared = Mirr::from_csv("mirr.csv", DECLARED, 2025).unwrap();
    let r = reconcile(&compiled, &declared, Decimal::ZERO).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["lines"][0]["status"], "match");
    assert_eq!(json["lines"][0]["ler"], "15 01 01");
    assert_eq!(json["lines"][0]["compiled"], "3.8");
    assert_eq!(json["totals"][0]["form"], "B");
    let back: Reconciliation = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
    let schema = Reconciliation::json_schema();
    assert_eq!(schema["title"], "Reconciliation");
    let text = schema.to_string();
    for word in ["missing_in_guides", "counterpart_establishment", "\"C2\""] {
        assert!(text.contains(word), "{word}");
    }
    // Serialising twice gives the same bytes.
    assert_eq!(serde_json::to_string(&r).unwrap(), serde_json::to_string(&back).unwrap());
}

#[test]
fn compiled_registers_round_trip_through_csv() {
    let compiled = compile(&groups(), &CompileOptions::year(2025)).unwrap().mirr;
    let text = compiled.to_csv();
    assert!(text.starts_with(
        "year,form,party,establishment,ler,operation,counterpart,counterpart_establishment,quantity_t,guides\r\n\
         2025,B,500000000,APA1,15 01 01,R3,500000001,APA9,3.8,2\r\n"
    ));
    assert_eq!(Mirr::from_csv("round.csv", &text, 2025).unwrap(), compiled);
    // Cells a spreadsheet would run are neutralised.
    let odd = Mirr { year: 2025, lines: vec![line(MirrForm::B, "=HYPERLINK(1)", "150101", "R3", "@2", "1")] };
    let text = odd.to_csv();
    assert!(text.contains(",'=HYPERLINK(1),APA1,15 01 01,R3,'@2,,1,1\r\n"), "{text}");
}

#[test]
fn the_fixture_reconciles_against_the_fixture_guides() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/mirr");
    let guides = std::fs::read(dir.join("guias-2025.csv")).unwrap();
    let declared = std::fs::read_to_string(dir.join("mirr-2025.csv")).unwrap();
    let import = import_csv(guides.as_slice(), "guias-2025.csv", &ImportOptions::default()).unwrap();
    let options = CompileOptions { parties: ["502345670".to_owned()].into(), ..CompileOptions::year(2025) };
    let compiled = compile(&import.aggregator.groups(), &options).unwrap();
    let declared = Mirr::from_csv("mirr-2025.csv", &declared, 2025).unwrap();
    let r = reconcile(&compiled.mirr, &declared, Decimal::ZERO).unwrap();
    let discrepancies: Vec<String> = r
        .discrepancies()
        .map(|l| format!("{} {} {} {} {:?} {}", l.form, l.establishment, l.ler, l.operation, l.status, l.difference))
        .collect();
    assert_eq!(
        discrepancies,
        [
            "B APA00022002 15 01 02 R3 Differs -0.40",
            "B APA00022002 15 01 10* R12 MissingInDeclared -0.35",
            "B APA00022002 20 01 21* R4 MissingInGuides 0.12",
        ]
    );
    assert_eq!(r.counts.matched, 3);
    assert_eq!(compiled.report.outside_periods.len(), 1);
}

fn synthetic(guides: u64, seed: u64) -> crate::connect::egar::Import {
    let spec = GuideSpec { guides, seed, ..GuideSpec::default() };
    let mut csv = Vec::new();
    write_csv(&spec, &mut csv).unwrap();
    import_csv(csv.as_slice(), "guias.csv", &ImportOptions::default()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_compiled_register_reconciles_with_itself(guides in 0u64..300, seed in any::<u64>()) {
        let import = synthetic(guides, seed);
        let compiled = compile(&import.aggregator.groups(), &CompileOptions::year(2025)).unwrap();
        let mirr = &compiled.mirr;
        let r = reconcile(mirr, mirr, Decimal::ZERO).unwrap();
        prop_assert!(r.lines.iter().all(|l| l.status == Status::Match && l.difference.is_zero()));
        prop_assert_eq!(r.counts.matched, mirr.lines.len() as u64);
        prop_assert!(r.totals.iter().all(|t| t.difference.is_zero()));
        // Form totals are the aggregator's role totals (less what fell outside the year).
        let totals = mirr.totals().unwrap();
        for (form, role) in [
            (MirrForm::B, Role::Producer),
            (MirrForm::C1, Role::Destination),
            (MirrForm::C2, Role::Destination),
            (MirrForm::D1, Role::Transporter),
        ] {
            let all = import.aggregator.total(role);
            let outside = compiled.report.outside_year.get(&role).copied().unwrap_or_default();
            prop_assert_eq!(totals[&form].0 + outside.tonnes, all.tonnes, "{}", form);
            prop_assert_eq!(totals[&form].1 + outside.guides, all.guides, "{}", form);
        }
        // Lines are sorted and unique, and survive a CSV round trip.
        let keys: Vec<_> = mirr.lines.iter().map(MirrLine::key).collect();
        prop_assert!(keys.windows(2).all(|w| w[0] < w[1]));
        prop_assert_eq!(&Mirr::from_csv("round.csv", &mirr.to_csv(), 2025).unwrap(), mirr);
    }

    #[test]
    fn the_party_filter_keeps_a_subset(guides in 1u64..200, seed in any::<u64>()) {
        let groups = synthetic(guides, seed).aggregator.groups();
        let all = compile(&groups, &CompileOptions::year(2025)).unwrap().mirr;
        let parties: BTreeSet<String> = all.lines.iter().step_by(3).map(|l| l.party.clone()).collect();
        let some = compile(&groups, &CompileOptions { parties: parties.clone(), ..CompileOptions::year(2025) })
            .unwrap()
            .mirr;
        let expected: Vec<&MirrLine> = all.lines.iter().filter(|l| parties.contains(&l.party)).collect();
        prop_assert_eq!(some.lines.iter().collect::<Vec<_>>(), expected);
    }
}
