use super::*;

const HEADER: &str = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;codigoApaRemetente;nifDestinatario;codigoResiduoLer;\
                      codigoOperacao;quantidade;quantidadeCorrigido;codigoOperacaoCorrigido";

fn csv(rows: &[&str]) -> String {
    let mut s = HEADER.to_owned();
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s
}

fn import_text(text: &str, options: &ImportOptions) -> Result<Import, WasteError> {
    import_csv(text.as_bytes(), "guias.csv", options)
}

fn error_of(text: &str) -> String {
    import_text(text, &ImportOptions::default()).unwrap_err().to_string()
}

fn xml_guide(number: &str, state: &str, waste: &str, corrected: &str) -> String {
    format!(
        "<guia><numeroGuia>{number}</numeroGuia><codigoEstado>{state}</codigoEstado>\
         <remetente><nif>500000000</nif><nome>Silva &amp; Filhos</nome>\
         <estabelecimento><codigoAPA>APA1</codigoAPA></estabelecimento></remetente>\
         <destinatario><nif>500000001</nif><estabelecimento><codigoAPA>APA9</codigoAPA></estabelecimento></destinatario>\
         <transportadores><nif>500000002</nif><matricula>AA-00-BB</matricula>\
         <dataHoraInicioTransporte>2025-03-14T08:30:00</dataHoraInicioTransporte></transportadores>\
         <residuoTransportado>{waste}</residuoTransportado>{corrected}</guia>"
    )
}

fn xml_error(text: &str) -> String {
    import_xml(text.as_bytes(), "guias.xml", &ImportOptions::default()).unwrap_err().to_string()
}

#[test]
fn web_service_responses_are_read() {
    let guide = xml_guide(
        "PT1",
        "CC",
        "<codigoResiduoLer>150110</codigoResiduoLer><codigoOperacao>R13</codigoOperacao><quantidade>1.5</quantidade>",
        "",
    )
    .replace("<guia>", "<guias>")
    .replace("</guia>", "</guias>");
    let soap = format!(
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <ns2:consultarGuiasResponse xmlns:ns2=\"http://pt.apa.guiaacompanhamento/v2\"><return>\
         <result><codigo>100</codigo></result><numeroTotal>2</numeroTotal>{guide}{}</return>\
         </ns2:consultarGuiasResponse></soap:Body></soap:Envelope>",
        guide.replace("PT1", "PT2")
    );
    let mut reader = GuideReader::xml(soap.as_bytes(), "ws.xml", &ImportOptions::default()).unwrap();
    let Some(Outcome::Counted(g)) = reader.next_guide().unwrap() else { panic!("expected a guide") };
    assert_eq!(g.number, "PT1");
    assert_eq!(g.producer.name, "Silva & Filhos");
    assert_eq!(g.producer.establishment, "APA1");
    assert_eq!(g.destination.establishment, "APA9");
    assert_eq!(g.transporters.len(), 1);
    assert_eq!(g.transporters[0].plate, "AA-00-BB");
    assert_eq!(g.transporters[0].start.unwrap().to_string(), "2025-03-14 08:30:00");
    assert_eq!(g.ler().to_string(), "15 01 10*");
    assert!(matches!(reader.next_guide().unwrap(), Some(Outcome::Counted(g)) if g.number == "PT2"));
    assert!(reader.next_guide().unwrap().is_none());
}

#[test]
fn corrected_values_win_except_when_the_correction_was_refused() {
    let waste = "<codigoResiduoLer>170904</codigoResiduoLer><codigoOperacao>R13</codigoOperacao>\
                 <quantidade>10</quantidade>";
    let corrected = "<residuoTransportadoCorrigido><quantidadeCorrigido>9,5</quantidadeCorrigido>\
                     <codigoOperacaoCorrigido>R5</codigoOperacaoCorrigido>\
                     <codigoResiduoLerCorrigido>17 01 07</codigoResiduoLerCorrigido></residuoTransportadoCorrigido>";
    let xml =
        format!("<guias>{}{}</guias>", xml_guide("A", "CC", waste, corrected), xml_guide("B", "CN", waste, corrected));
    let options = ImportOptions { states: StatePolicy::Received, ..ImportOptions::default() };
    let mut reader = GuideReader::xml(xml.as_bytes(), "g.xml", &options).unwrap();
    let Some(Outcome::Counted(a)) = reader.next_guide().unwrap() else { panic!() };
    assert_eq!(
        (a.tonnes().to_string(), a.operation().to_string(), a.ler().to_string()),
        ("9.5".into(), "R5".into(), "17 01 07".into())
    );
    assert!(a.is_corrected());
    assert_eq!(a.waste.tonnes.to_string(), "10");
    let Some(Outcome::Counted(b)) = reader.next_guide().unwrap() else { panic!() };
    assert_eq!((b.tonnes().to_string(), b.operation().to_string()), ("10".into(), "R13".into()));
    assert!(!b.is_corrected());
    let import = import_xml(xml.as_bytes(), "g.xml", &options).unwrap();
    assert_eq!(import.report.tonnes.to_string(), "19.5");
    assert_eq!(import.report.corrected, 1);
}

#[test]
fn doctype_is_refused() {
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE guias [<!ENTITY x \"boom\">]>\n<guias></guias>";
    assert_eq!(
        xml_error(xml),
        "guias.xml:2 (byte 22): DOCTYPE declarations are refused (no DTD or entity is ever expanded)"
    );
}

#[test]
fn undefined_entities_are_never_expanded() {
    let waste = "<codigoResiduoLer>&x;</codigoResiduoLer>";
    let err = xml_error(&xml_guide("PT7", "CC", waste, ""));
    assert!(err.contains(": guide PT7: undefined entity &x; (entities are never expanded)"), "{err}");
}

#[test]
fn truncated_xml_is_reported_with_the_guide() {
    let full = format!("<guias>\n{}\n</guias>", xml_guide("PT9", "CC", "<codigoResiduoLer>150110", ""));
    let cut = &full[..full.find("150110").unwrap() + 6];
    let err = xml_error(cut);
    assert!(err.starts_with("guias.xml:2 (byte "), "{err}");
    assert!(err.ends_with(": guide PT9: the XML is truncated: the input ends inside 4 open elements"), "{err}");
}

#[test]
fn non_utf8_is_reported_with_its_offset() {
    let mut bytes = format!("<guias>\n{}</guias>", xml_guide("PT3", "CC", "", "")).into_bytes();
    let at = bytes.windows(5).position(|w| w == b"Silva").unwrap();
    bytes[at] = 0xE9;
    let err = import_xml(bytes.as_slice(), "guias.xml", &ImportOptions::default()).unwrap_err().to_string();
    assert!(err.contains(": guide PT3: the input is not valid UTF-8 (e-GAR XML must be UTF-8)"), "{err}");
    assert!(err.starts_with("guias.xml:2 (byte "), "{err}");
    let latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><guias/>";
    assert_eq!(
        xml_error(latin),
        "guias.xml:1 (byte 0): encoding \"ISO-8859-1\" is not supported: e-GAR XML must be UTF-8"
    );
}

#[test]
fn mismatched_tags_are_syntax_errors() {
    let err = xml_error("<guias><guia><numeroGuia>PT1</numero></guia></guias>");
    assert!(err.starts_with("guias.xml:1 (byte "), "{err}");
    assert!(err.contains("malformed XML"), "{err}");
}

#[test]
fn strict_mode_stops_at_the_first_bad_guide() {
    let text = csv(&[
        "PT1;CC;2025-01-10;500000000;APA1;500000001;150101;R3;1.5;;",
        "PT2;CC;2025-01-10;500000000;APA1;500000001;150101;R3;1.234,5;;",
        "PT3;CC;2025-01-10;500000000;APA1;500000001;150101;R3;0;;",
    ]);
    assert_eq!(
        error_of(&text),
        "guias.csv:3: PT2: quantidade: \"1.234,5\" is not a number: mixed or repeated separators (write 1234.5)"
    );
    let lenient = ImportOptions { mode: Mode::Lenient, ..ImportOptions::default() };
    let import = import_text(&text, &lenient).unwrap();
    assert_eq!((import.report.guides, import.report.counted, import.report.rejected), (3, 1, 2));
    let messages: Vec<String> = import.report.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "guias.csv:3: PT2: quantidade: \"1.234,5\" is not a number: mixed or repeated separators (write 1234.5)",
            "guias.csv:4: PT3: quantidade: quantity 0 t is zero: a guide carries a positive quantity",
        ]
    );
    let capped = ImportOptions { max_listed: 1, ..lenient };
    let import = import_text(&text, &capped).unwrap();
    assert_eq!((import.report.rejected, import.report.issues.len()), (2, 1));
}

#[test]
fn bad_values_are_named_with_their_field() {
    let row = |cells: &str| csv(&[&format!("PT1;CC;2025-01-10;500000000;APA1;500000001;{cells}")]);
    let cases = [
        ("150101;R3;1,234.5;;", "quantidade: \"1,234.5\" is not a number: mixed or repeated separators (write 1234.5)"),
        (
            "150101;R3;1,234;;",
            "quantidade: \"1,234\" is not a number: a comma followed by three digits could be a thousands separator (write 1234 or 1.234)",
        ),
        ("150101;R3;-2;;", "quantidade: quantity -2 t is negative: a guide carries a positive quantity"),
        (
            "150101;R3;100001;;",
            "quantidade: quantity 100001 t exceeds the limit of 100000 t per guide (check the unit option)",
        ),
        ("150101;R3;2;0;", "quantidadeCorrigido: quantity 0 t is zero: a guide carries a positive quantity"),
        (
            "150101*;R3;2;;",
            "codigoResiduoLer: invalid LER code \"150101*\": 15 01 01 is not hazardous: remove the asterisk",
        ),
        (
            "15010;R3;2;;",
            "codigoResiduoLer: invalid LER code \"15010\": expected six digits, as 15 01 10, 150110 or 15.01.10*",
        ),
        (
            "150101;AP;2;;",
            "codigoOperacao: invalid operation code \"AP\": expected D or R followed by a number, as R3 or D15",
        ),
        (
            "150101;R3;2;;R14",
            "codigoOperacaoCorrigido: invalid operation code \"R14\": recovery operations are R1 to R13",
        ),
        (";R3;2;;", "codigoResiduoLer: the guide has no LER code"),
        ("150101;;2;;", "codigoOperacao: the guide has no operation code"),
        ("150101;R3;;;", "quantidade: the guide has no quantity"),
    ];
    for (cells, message) in cases {
        assert_eq!(error_of(&row(cells)), format!("guias.csv:2: PT1: {message}"), "{cells}");
    }
    let no_state = csv(&["PT1;;2025-01-10;500000000;APA1;500000001;150101;R3;1;;"]);
    assert_eq!(error_of(&no_state), "guias.csv:2: PT1: codigoEstado: the guide has no state");
    let bad_state = csv(&["PT1;XX;2025-01-10;500000000;APA1;500000001;150101;R3;1;;"]);
    assert_eq!(
        error_of(&bad_state),
        "guias.csv:2: PT1: codigoEstado: unknown guide state \"XX\": expected EM, AA, AC, CO, RJ, CN, CC or AN (or their Portuguese names)"
    );
    let no_number = csv(&[";CC;2025-01-10;500000000;APA1;500000001;150101;R3;1;;"]);
    assert_eq!(error_of(&no_number), "guias.csv:2: numeroGuia: the guide has no number");
    let bad_date = csv(&["PT1;CC;2025-02-30;500000000;APA1;500000001;150101;R3;1;;"]);
    assert_eq!(
        error_of(&bad_date),
        "guias.csv:2: PT1: dataEmissao: \"2025-02-30\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY, optionally with a time)"
    );
    let no_nif = csv(&["PT1;CC;2025-01-10;;APA1;500000001;150101;R3;1;;"]);
    assert_eq!(error_of(&no_nif), "guias.csv:2: PT1: nifRemetente: the producer has no NIF");
}

#[test]
fn states_are_counted_by_policy() {
    let rows: Vec<String> = ["CC", "AC", "CO", "CN", "EM", "AA", "RJ", "AN", "Concluída", "anulada"]
        .iter()
        .enumerate()
        .map(|(i, s)| format!("PT{i};{s};2025-01-10;500000000;APA1;500000001;150101;R3;1;;"))
        .collect();
    let text = csv(&rows.iter().map(String::as_str).collect::<Vec<_>>());
    let concluded = import_text(&text, &ImportOptions::default()).unwrap();
    assert_eq!(concluded.report.counted, 2);
    assert_eq!(concluded.report.not_counted.get(&GuideState::Cancelled), Some(&2));
    let received = ImportOptions { states: StatePolicy::Received, ..ImportOptions::default() };
    let received = import_text(&text, &received).unwrap();
    assert_eq!(received.report.counted, 5);
    for never in [GuideState::Cancelled, GuideState::Rejected, GuideState::Emitted, GuideState::AwaitingAction] {
        assert!(received.report.not_counted.contains_key(&never), "{never}");
    }
}

#[test]
fn guides_not_counted_are_not_checked_further() {
    let text = csv(&["PT1;AN;;;;;;;;;"]);
    let import = import_text(&text, &ImportOptions::default()).unwrap();
    assert_eq!((import.report.guides, import.report.counted, import.report.rejected), (1, 0, 0));
}

#[test]
fn units_come_from_the_option_or_the_file() {
    let text = csv(&["PT1;CC;2025-01-10;500000000;APA1;500000001;150101;R3;1250;;"]);
    let kg = ImportOptions { unit: MassUnit::Kilograms, ..ImportOptions::default() };
    assert_eq!(import_text(&text, &kg).unwrap().report.tonnes.to_string(), "1.25");
    let stated = "numeroGuia,codigoEstado,dataEmissao,nifRemetente,nifDestinatario,codigoResiduoLer,codigoOperacao,\
                  Quantidade (kg)\nPT1,CC,10/01/2025,500000000,500000001,150101,R3,1250";
    assert_eq!(import_text(stated, &ImportOptions::default()).unwrap().report.tonnes.to_string(), "1.25");
    let column = "numeroGuia,codigoEstado,dataEmissao,nifRemetente,nifDestinatario,codigoResiduoLer,codigoOperacao,\
                  quantidade,unidade\nPT1,CC,10/01/2025,500000000,500000001,150101,R3,1250,kg\n\
                  PT2,CC,10/01/2025,500000000,500000001,150101,R3,2,t\nPT3,CC,10/01/2025,500000000,500000001,150101,R3,2,lb";
    assert_eq!(error_of(column), "guias.csv:4: PT3: unidade: unknown unit \"lb\": expected t or kg");
    let lenient = ImportOptions { mode: Mode::Lenient, ..ImportOptions::default() };
    assert_eq!(import_text(column, &lenient).unwrap().report.tonnes.to_string(), "3.25");
}

#[test]
fn portuguese_headers_bom_and_numbered_transporters() {
    let text = "\u{feff}N.º e-GAR,Estado,Data de emissão,NIF do Remetente,NIF do Destinatário,Código LER,Operação,\
                Quantidade (t),NIF Transportador 1,Matrícula 1,NIF Transportador 2,Observações\n\
                PT1,Concluída,14/03/2025,500000000,500000001,\"15 01 10*\",R 13,\"0,5\",500000002,AA-00-BB,500000003,x\n";
    let mut reader = GuideReader::csv(text.as_bytes(), "lista.csv", &ImportOptions::default()).unwrap();
    assert_eq!(reader.ignored_columns(), ["Observações"]);
    let Some(Outcome::Counted(g)) = reader.next_guide().unwrap() else { panic!() };
    assert_eq!(g.transporters.len(), 2);
    assert_eq!((g.transporters[0].plate.as_str(), g.transporters[1].nif.as_str()), ("AA-00-BB", "500000003"));
    assert_eq!((g.tonnes().to_string(), g.operation().to_string()), ("0.5".to_owned(), "R13".to_owned()));
}

#[test]
fn missing_and_duplicate_columns_are_refused() {
    let err = error_of("numeroGuia;estado\nPT1;CC");
    assert_eq!(
        err,
        "guias.csv:1: the header has no column for codigoResiduoLer, codigoOperacao, quantidade, nifRemetente, \
         nifDestinatario, dataEmissao (or dataHoraInicioTransporte, dataEstado) (the columns are: numeroGuia, estado)"
    );
    let err = error_of(&format!("{HEADER};Estado\n"));
    assert_eq!(err, "guias.csv:1: column \"Estado\" appears twice (or two columns mean the same field)");
    assert_eq!(error_of(""), "guias.csv:1: the file is empty (expected a header line)");
}

#[test]
fn windows_1252_needs_the_option() {
    let mut bytes = csv(&["PT1;CC;2025-01-10;500000000;APA1;500000001;150101;R3;1;;"]).into_bytes();
    bytes.extend_from_slice(b"\nPT2;CC;2025-01-10;500000000;APA\xC71;500000001;150101;R3;1;;");
    let err = import_csv(bytes.as_slice(), "guias.csv", &ImportOptions::default()).unwrap_err().to_string();
    assert!(err.starts_with("guias.csv:3 (byte "), "{err}");
    assert!(err.ends_with(
        ": column \"codigoApaRemetente\": the value is not valid UTF-8 at byte 3 of the cell (save the file as UTF-8, \
         or import it with the windows-1252 encoding option)"
    ), "{err}");
    let options = ImportOptions { encoding: TextEncoding::Windows1252, ..ImportOptions::default() };
    let mut reader = GuideReader::csv(bytes.as_slice(), "guias.csv", &options).unwrap();
    reader.next_guide().unwrap();
    let Some(Outcome::Counted(g)) = reader.next_guide().unwrap() else { panic!() };
    assert_eq!(g.producer.establishment, "APAÇ1");
    assert_eq!(super::csv::cp1252(0x80), '€');
}

#[test]
fn aggregation_is_keyed_by_role_and_month() {
    let text = "numeroGuia;codigoEstado;dataHoraInicioTransporte;nifTransportador;nifRemetente;codigoApaRemetente;\
                nifDestinatario;codigoApaDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
                A;CC;2025-01-31T23:00;T1;P;E1;D;X;150101;R3;1\n\
                B;CC;2025-02-01T01:00;T1;P;E1;D;X;150101;R3;2\n\
                C;CC;2025-02-03T01:00;T2;P;E2;D;X;150101;R3;4\n";
    let import = import_text(text, &ImportOptions::default()).unwrap();
    let groups = import.aggregator.groups();
    let lines: Vec<String> = groups
        .iter()
        .map(|g| {
            let k = &g.key;
            format!("{:?} {} {} {} {} {}", k.role, k.party, k.establishment, k.counterpart, k.month, g.totals.tonnes)
        })
        .collect();
    assert_eq!(
        lines,
        [
            "Producer P E1 D 2025-01 1",
            "Producer P E1 D 2025-02 2",
            "Producer P E2 D 2025-02 4",
            "Destination D X P 2025-01 1",
            "Destination D X P 2025-02 2",
            "Destination D X P 2025-02 4",
            "Transporter T1  D 2025-01 1",
            "Transporter T1  D 2025-02 2",
            "Transporter T2  D 2025-02 4",
        ]
    );
    assert_eq!(import.aggregator.total(Role::Destination).tonnes.to_string(), "7");
    let mut ours = ImportOptions::default();
    ours.aggregate.parties = ["T2".to_owned()].into();
    let import = import_text(text, &ours).unwrap();
    assert_eq!(import.aggregator.len(), 1);
    let mut merged = import.aggregator.clone();
    merged.merge(&import.aggregator);
    assert_eq!(merged.groups()[0].totals.tonnes.to_string(), "8");
    assert_eq!(merged.groups()[0].totals.guides, 2);
}

#[test]
fn hospital_sludge_and_adr_modules_are_kept() {
    let waste = "<codigoResiduoLer>180103</codigoResiduoLer><codigoOperacao>D10</codigoOperacao>\
                 <quantidade>0.2</quantidade><codigoGrupo>IV</codigoGrupo><numPgl>PGL/1</numPgl>\
                 <adr><numeroOnu>UN3291</numeroOnu><classe>6.2</classe></adr>";
    let xml = xml_guide("H1", "CC", waste, "");
    let mut reader = GuideReader::xml(xml.as_bytes(), "h.xml", &ImportOptions::default()).unwrap();
    let Some(Outcome::Counted(g)) = reader.next_guide().unwrap() else { panic!() };
    assert_eq!((g.waste.group.as_str(), g.waste.pgl.as_str()), ("IV", "PGL/1"));
    assert_eq!((g.adr.un_number.as_str(), g.adr.class.as_str()), ("UN3291", "6.2"));
    assert!(g.adr.is_present());
}

#[test]
fn unlisted_sub_codes_are_reported() {
    let text = csv(&["PT1;CC;2025-01-10;500000000;APA1;500000001;170504;R5D;1;;"]);
    let import = import_text(&text, &ImportOptions::default()).unwrap();
    let unlisted: Vec<String> = import.report.unlisted_operations.keys().map(ToString::to_string).collect();
    assert_eq!(unlisted, ["R5D"]);
}

#[test]
fn options_are_checked() {
    let options = ImportOptions { max_tonnes: Decimal::ZERO, ..ImportOptions::default() };
    let err = import_csv(HEADER.as_bytes(), "x.csv", &options).unwrap_err().to_string();
    assert_eq!(err, "invalid import options: max_tonnes must be positive, not 0");
}

#[test]
fn deep_nesting_is_refused() {
    let xml = "<a>".repeat(100);
    assert_eq!(xml_error(&xml), "guias.xml:1: elements are nested more than 64 levels deep");
}

#[test]
fn formats_are_recognised() {
    use super::GuideFormat;
    assert_eq!(GuideFormat::of_name("a/guias.XML"), Some(GuideFormat::Xml));
    assert_eq!(GuideFormat::of_name("lista.csv"), Some(GuideFormat::Csv));
    assert_eq!(GuideFormat::of_name("lista.xlsx"), None);
    assert_eq!(GuideFormat::sniff(b"\xEF\xBB\xBF  <?xml"), GuideFormat::Xml);
    assert_eq!(GuideFormat::sniff(b"numeroGuia;"), GuideFormat::Csv);
}

#[test]
fn a_folder_merges_its_files() {
    use super::synthetic::{GuideSpec, write_csv, write_xml};
    let dir = std::env::temp_dir().join(format!("iso-core-egar-folder-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = GuideSpec { guides: 300, ..GuideSpec::default() };
    write_csv(&spec, std::fs::File::create(dir.join("a.csv")).unwrap()).unwrap();
    write_xml(&GuideSpec { seed: 7, ..spec }, std::fs::File::create(dir.join("b.xml")).unwrap()).unwrap();
    std::fs::write(dir.join("notes.txt.bak"), "ignored").unwrap();
    let options = ImportOptions::default();
    let merged = super::import_path(&dir, &options).unwrap();
    let a = super::import_file(&dir.join("a.csv"), &options).unwrap();
    let b = super::import_file(&dir.join("b.xml"), &options).unwrap();
    assert_eq!(merged.report.guides, 600);
    assert_eq!(merged.report.tonnes, a.report.tonnes + b.report.tonnes);
    assert_eq!(merged.report.counted, a.report.counted + b.report.counted);
    let mut expected = a.aggregator.clone();
    expected.merge(&b.aggregator);
    assert_eq!(merged.aggregator.groups(), expected.groups());
    assert!(merged.report.input.contains("a.csv, "), "{}", merged.report.input);
    std::fs::remove_dir_all(&dir).unwrap();
    let empty = std::env::temp_dir().join(format!("iso-core-egar-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let err = super::import_path(&empty, &options).unwrap_err().to_string();
    assert!(err.ends_with("the folder holds no .xml or .csv guide file"), "{err}");
    std::fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn a_character_split_between_two_cells_is_not_utf8() {
    // The record's bytes together are UTF-8 (`é` = C3 A9), but each of the two cells holds half of the character.
    let mut bytes = csv(&[]).into_bytes();
    bytes.extend_from_slice(b"\nPT2;CC;2025-01-10;500000000;APA\xC3;\xA9500000001;150101;R3;1;;");
    let err = import_csv(bytes.as_slice(), "guias.csv", &ImportOptions::default()).unwrap_err().to_string();
    assert!(err.starts_with("guias.csv:2 (byte "), "{err}");
    assert!(
        err.contains(": column \"codigoApaRemetente\": the value is not valid UTF-8 at byte 3 of the cell"),
        "{err}"
    );
}

#[test]
fn white_space_between_elements_and_inside_values() {
    // Values keep their inner white space, around references too; white space between elements is skipped.
    let guide = xml_guide(
        "PT1",
        "CC",
        "\n  <codigoResiduoLer>150110</codigoResiduoLer>\n  <codigoOperacao> R13</codigoOperacao>\n\
         <quantidade>1.5</quantidade><descricaoResiduo> a &amp; b &lt;c&gt; <![CDATA[ d ]]> e </descricaoResiduo>",
        "",
    );
    let mut reader = GuideReader::xml(guide.as_bytes(), "g.xml", &ImportOptions::default()).unwrap();
    let Some(Outcome::Counted(g)) = reader.next_guide().unwrap() else { panic!() };
    assert_eq!(g.producer.name, "Silva & Filhos");
    assert_eq!(g.waste.description, "a & b <c>  d  e");
    // A DOCTYPE after white space inside the list: the offset is that of `<!DOCTYPE`.
    let err = xml_error("<guias>\n  <!DOCTYPE x>\n</guias>");
    assert_eq!(err, "guias.xml:2 (byte 10): DOCTYPE declarations are refused (no DTD or entity is ever expanded)");
    let err = xml_error("<guias>\n  <guia>\n    <numeroGuia>PT1</numeroGuia>\n  \n</guias>");
    assert!(err.starts_with("guias.xml:5 "), "{err}");
}

#[test]
fn newlines_are_counted_eight_at_a_time() {
    let text: Vec<u8> =
        (0..1000u32).map(|i| [b'\n', b'a', 0x8A, 0x0B, 0xFF, 0x00][(i * 7 % 11 % 6) as usize]).collect();
    for start in 0..20 {
        for end in (start..text.len()).step_by(37) {
            let slow = text[start..end].iter().filter(|&&b| b == b'\n').count() as u64;
            assert_eq!(super::xml::count_newlines(&text[start..end]), slow, "{start}..{end}");
        }
    }
}

#[test]
fn parties_are_named_as_first_seen_even_outside_the_filter() {
    let csv = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;nomeRemetente;nifDestinatario;nomeDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
               PT1;CC;2025-03-04;500000000;Produtor, Lda;500000001;Reciclador <A&B>;150101;R3;1\n\
               PT2;CC;2025-03-05;500000000;Produtor renomeado;500000001;;150101;R3;1\n";
    let mut options = ImportOptions::default();
    options.aggregate.parties = ["500000000".to_owned()].into();
    let import = import_csv(csv.as_bytes(), "g.csv", &options).unwrap();
    let names = import.aggregator.names();
    assert_eq!(names.get("500000000").map(String::as_str), Some("Produtor, Lda"));
    assert_eq!(names.get("500000001").map(String::as_str), Some("Reciclador <A&B>"));
    let mut merged = super::Aggregator::new(options.aggregate.clone());
    merged.merge(&import.aggregator);
    assert_eq!(merged.names(), names);
}
