use super::*;
use crate::register::RegisterBuilder;
use crate::report::i18n::Msg;

const HS: &str = include_str!("../../../tests/vectors/fixtures/small/hs.toml");
const Q: &str = include_str!("../../../tests/vectors/fixtures/small/q.toml");
const E: &str = include_str!("../../../tests/vectors/fixtures/small/e.toml");
const EVIDENCE: &str = include_str!("../../../tests/vectors/fixtures/small/evidence.csv");
const FINDINGS: &str = include_str!("../../../tests/vectors/fixtures/small/findings.csv");

fn catalogue() -> Catalogue {
    Catalogue::builder()
        .with_toml("hs.toml", HS)
        .and_then(|b| b.with_toml("q.toml", Q))
        .and_then(|b| b.with_toml("e.toml", E))
        .and_then(crate::catalogue::CatalogueBuilder::build)
        .unwrap()
}

const HOSTILE_NAME: &str = "ACME <script>alert(\"x\")</script> & Co \u{202e}lanif";

fn hostile_register(catalogue: &Catalogue) -> Register {
    let organisation = format!(
        "[organisation]\nid = \"acme\"\nname = '''{HOSTILE_NAME}'''\n[[organisation.site]]\nid = \"north\"\nname = \"North <b>\"\nheadcount = 3\n[[organisation.system]]\nnorm = \"Q:1\"\n"
    );
    let evidence = "id,title,kind,links,status,effective\nE1,\"=cmd|' /C calc'!A0\",procedure,Q/7.5/1,approved,2025-01-01\nE2,@SUM(1+1),record,Q/4.1/1,approved,2025-01-01\nE3,\"<img src=x onerror=alert(1)> \u{1}bell\",record,Q/9.2/1,approved,2025-01-01\n";
    let findings = "id,source,raised,grade,requirement,statement\nF1,internal,2025-03-01,minor,Q/7.5/1,\"-2+3 \"\"quoted\"\" & <i>\"\n";
    RegisterBuilder::new()
        .organisation_toml("o.toml", &organisation)
        .evidence_csv("e.csv", evidence)
        .findings_csv("f.csv", findings)
        .build(catalogue)
        .unwrap()
}

fn small_register(catalogue: &Catalogue) -> Register {
    RegisterBuilder::new()
        .organisation_toml("organisation.toml", include_str!("../../../tests/vectors/fixtures/small/organisation.toml"))
        .evidence_csv("evidence.csv", EVIDENCE)
        .findings_csv("findings.csv", FINDINGS)
        .build(catalogue)
        .unwrap()
}

fn options(lang: Lang) -> ReportOptions {
    ReportOptions::new("2026-Q2".parse().unwrap(), lang)
}

#[test]
fn every_format_is_byte_identical_on_every_run() {
    let catalogue = catalogue();
    let register = small_register(&catalogue);
    for lang in Lang::ALL {
        let a = Report::build(&catalogue, &register, &options(lang)).unwrap();
        let b = Report::build(&catalogue, &register, &options(lang)).unwrap();
        for format in Format::ALL {
            assert_eq!(a.render(format).unwrap(), b.render(format).unwrap(), "{format:?} in {lang}");
        }
    }
}

#[test]
fn the_fingerprint_changes_with_any_input() {
    let catalogue = catalogue();
    let register = small_register(&catalogue);
    let base = Report::build(&catalogue, &register, &options(Lang::En)).unwrap().meta.fingerprint;
    assert_eq!(base.len(), 64);
    let mut changed = register.clone();
    changed.evidence[0].title.push('.');
    assert_ne!(Report::build(&catalogue, &changed, &options(Lang::En)).unwrap().meta.fingerprint, base);
    assert_ne!(Report::build(&catalogue, &register, &options(Lang::Fr)).unwrap().meta.fingerprint, base);
}

#[test]
fn user_strings_render_inertly_everywhere() {
    let catalogue = catalogue();
    let register = hostile_register(&catalogue);
    let report = Report::build(&catalogue, &register, &options(Lang::En)).unwrap();

    let html = report.to_html().unwrap();
    assert!(!html.contains("<script>alert"), "script tag in HTML");
    assert!(!html.contains("<img src=x"), "img tag in HTML");
    let at = html.find("ACME &lt;").unwrap();
    assert!(
        html.contains("ACME &lt;script&gt;alert(&quot;x&quot;)&lt;&#x2f;script&gt; &amp; Co"),
        "{}",
        &html[at..at + 120]
    );

    let markdown = report.to_markdown();
    assert!(!markdown.contains("<script>") && markdown.contains("&lt;script&gt;"));

    let xml = report.to_xml().unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    while !matches!(reader.read_event().unwrap(), quick_xml::events::Event::Eof) {}
    assert!(!xml.contains('\u{1}'), "control characters are replaced in XML");
    assert!(xml.contains("&lt;script&gt;"));

    let csv = report.to_csv_files().into_iter().find(|(name, _)| name == "evidence-index.csv").unwrap().1;
    assert!(csv.contains("\nE1,'=cmd|' /C calc'!A0,"), "{csv}");
    assert!(csv.contains(",'@SUM(1+1),"), "{csv}");
    let open = report.to_csv_files().into_iter().find(|(name, _)| name == "findings-open.csv").unwrap().1;
    assert!(open.contains("\"'-2+3 \"\"quoted\"\" & <i>\""), "{open}");

    let xlsx = report.to_xlsx().unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        if name.starts_with("xl/worksheets/") {
            let mut content = String::new();
            std::io::Read::read_to_string(&mut file, &mut content).unwrap();
            assert!(!content.contains("<f>"), "a formula in {name}");
        }
    }
}

#[test]
fn unknown_formats_and_languages_list_the_supported_ones() {
    let err = "pdf".parse::<Format>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown report format \"pdf\": supported formats are html, markdown, json, xml, csv, xlsx"
    );
    assert!("de".parse::<Lang>().unwrap_err().to_string().contains("en, fr, pt"));
}

#[test]
fn templates_escape_and_refuse_missing_variables() {
    let catalogue = catalogue();
    let register = hostile_register(&catalogue);
    let report = Report::build(&catalogue, &register, &options(Lang::En)).unwrap();
    let html = report.to_html_with_template("<h1>{{ report.meta.organisation }}</h1>").unwrap();
    assert!(html.starts_with("<h1>ACME &lt;script&gt;"));
    let err = report.to_html_with_template("{{ report.meta.colour }}").unwrap_err();
    assert!(matches!(err, ReportError::Template { .. }));
    assert!(err.to_string().contains("undefined"), "{err}");
    let err = report.to_html_with_template("{% for %}").unwrap_err();
    assert!(err.to_string().starts_with("template error at line 1"), "{err}");
}

#[test]
fn numbers_dates_and_headings_follow_the_language() {
    let catalogue = catalogue();
    let register = small_register(&catalogue);
    let fr = Report::build(&catalogue, &register, &options(Lang::Fr)).unwrap().to_html().unwrap();
    assert!(fr.contains("Synthèse") && fr.contains("70,0\u{202f}%") && fr.contains("30 juin 2026"));
    let pt = Report::build(&catalogue, &register, &options(Lang::Pt)).unwrap().to_markdown();
    assert!(pt.contains("Sumário executivo") && pt.contains("70,0\u{a0}%") && pt.contains("30 de junho de 2026"));
    let en = Report::build(&catalogue, &register, &options(Lang::En)).unwrap().to_markdown();
    assert!(en.contains("Executive summary") && en.contains("70.0%"));
}

#[test]
fn the_summary_compares_with_the_previous_period() {
    let catalogue = catalogue();
    let register = small_register(&catalogue);
    let report = Report::build(&catalogue, &register, &options(Lang::En)).unwrap();
    let summary = report.sections.iter().find(|s| s.id == "summary").unwrap();
    let Block::Table(scores) = &summary.blocks[0] else { panic!("scores table first") };
    let q = &scores.rows[0];
    assert_eq!(q[0].text, "Q:1");
    assert_eq!(q[2].value.as_deref(), Some("0.7"));
    assert!(q[3].value.is_some(), "a previous score at the end of Q1");
}

/// Guides of ACME (NIF 500000000, the small fixture's organisation with sites north = APA1, south = APA2): 8 t
/// recycled and 2 t landfilled at north, 1.5 t of hazardous packaging to energy recovery at south, 0.5 t to interim
/// storage from an establishment that is no site, and a hostile destination.
const WASTE_GUIDES: &str = "\
numeroGuia;codigoEstado;dataEmissao;nifRemetente;codigoApaRemetente;nifDestinatario;codigoApaDestinatario;codigoResiduoLer;codigoOperacao;quantidade
W1;CC;2026-04-10;500000000;APA1;600000001;APA9;150101;R3;8
W2;CC;2026-05-02;500000000;APA1;600000002;;200301;D1;2
W3;CC;2026-05-20;500000000;APA2;<b>&x</b>;<i>A&B</i>;150110;R1;1,5
W4;CC;2026-06-01;500000000;<script>;600000003;;160601;R13;0.5
W5;AN;2026-06-02;500000000;APA1;600000003;;160601;R13;40
W6;CC;2026-03-31;500000000;APA1;600000001;APA9;150101;R3;6
";

fn waste_register(catalogue: &Catalogue) -> Register {
    let organisation = include_str!("../../../tests/vectors/fixtures/small/organisation.toml")
        .replace("name = \"ACME\"\n", "name = \"ACME\"\ntax_id = \"PT500000000\"\n")
        .replace("name = \"North\"\n", "name = \"North\"\nestablishment = \"APA1\"\n")
        .replace("name = \"South\"\n", "name = \"South\"\nestablishment = \"APA2\"\n");
    RegisterBuilder::new()
        .organisation_toml("organisation.toml", &organisation)
        .evidence_csv("evidence.csv", EVIDENCE)
        .findings_csv("findings.csv", FINDINGS)
        .build(catalogue)
        .unwrap()
}

fn waste_data() -> WasteData {
    let options = crate::connect::egar::ImportOptions::default();
    let import = crate::connect::egar::import_csv(WASTE_GUIDES.as_bytes(), "guias<1>.csv", &options).unwrap();
    let mut data = WasteData::from_import(&import, crate::waste::ClassPolicy::default());
    // ACME's form B as declared: 20 t of packaging to 600000001 where the guides give 14 t (W1 + W6).
    use crate::connect::mirr::{CompileOptions, Mirr, MirrForm, compile, reconcile};
    let options = CompileOptions {
        parties: ["500000000".to_owned()].into(),
        forms: [MirrForm::B].into(),
        ..CompileOptions::year(2026)
    };
    let compiled = compile(&import.aggregator.groups(), &options).unwrap().mirr;
    let declared = Mirr::from_csv(
        "mirr-2026.csv",
        "form;nif;establishment;ler;operation;counterpart;counterpart_establishment;quantity_t\n\
         B;500000000;APA1;15 01 01;R3;600000001;APA9;20\n",
        2026,
    )
    .unwrap();
    data.mirr = Some(reconcile(&compiled, &declared, rust_decimal::Decimal::ZERO).unwrap());
    data
}

fn waste_report(lang: Lang, waste: &WasteData) -> Report {
    let catalogue = catalogue();
    let register = waste_register(&catalogue);
    Report::build_with(&catalogue, &register, &ReportInputs { indicators: None, waste: Some(waste) }, &options(lang))
        .unwrap()
}

#[test]
fn reports_with_waste_are_byte_identical_on_every_run() {
    let waste = waste_data();
    for lang in Lang::ALL {
        let (a, b) = (waste_report(lang, &waste), waste_report(lang, &waste));
        for format in Format::ALL {
            assert_eq!(a.render(format).unwrap(), b.render(format).unwrap(), "{format:?} in {lang}");
        }
    }
    let base = waste_report(Lang::En, &waste).meta.fingerprint;
    let mut changed = waste.clone();
    changed.groups[0].totals.tonnes += rust_decimal::Decimal::ONE;
    assert_ne!(waste_report(Lang::En, &changed).meta.fingerprint, base, "the groups enter the fingerprint");
    let mut changed = waste;
    changed.mirr = None;
    assert_ne!(waste_report(Lang::En, &changed).meta.fingerprint, base);
}

#[test]
fn the_waste_section_appears_in_every_format_with_its_numbers() {
    let waste = waste_data();
    let report = waste_report(Lang::En, &waste);
    let ids: Vec<&str> = report.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids[ids.len() - 3..], ["indicators", "waste", "methodology"]);
    let section = report.sections.iter().find(|s| s.id == "waste").unwrap();
    let Block::Facts { items } = &section.blocks[2] else { panic!("facts third") };
    let fact = |label: &str| items.iter().find(|f| f.label == label).unwrap().value.text.clone();
    assert_eq!(fact("Waste generated"), "12.00", "Q2 only: the March guide and the cancelled one are out");
    assert_eq!(fact("Hazardous"), "2.00");
    assert_eq!(fact("With a final fate"), "11.50");
    assert_eq!(fact("Recycling rate (preparation for re-use included)"), "69.6%", "8 / 11.5");
    assert_eq!(fact("Recovery rate"), "82.6%", "9.5 / 11.5");
    assert_eq!(fact("Landfill diversion rate"), "82.6%");
    assert_eq!(fact("Landfill diversion rate without energy recovery"), "69.6%");
    let tables = report.tables();
    let table = |id: &str| tables.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("no table {id}"));
    let esrs = table("waste-esrs-e5-5");
    let row = |t: &Table, key: &str| {
        t.rows.iter().find(|r| r[0].text == key).unwrap().iter().map(|c| c.text.clone()).collect::<Vec<_>>()
    };
    assert_eq!(row(esrs, "§37(a)")[2..], ["2.00", "10.00", "12.00"]);
    assert_eq!(row(esrs, "§37(b)(iii)")[2..], ["1.50", "0.00", "1.50"], "R1 is other recovery for ESRS");
    assert_eq!(row(esrs, "§37(d)")[2..], ["1.50", "2.00", "3.50"]);
    let gri = table("waste-gri-306");
    assert_eq!(row(gri, "306-5-b/c-i")[2..], ["1.50", "0.00", "1.50"], "R1 is disposal for GRI");
    assert_eq!(row(gri, "306-4-a")[4], "8.00");
    assert_eq!(table("waste-monthly").rows.len(), 3, "recovery, disposal, interim");
    let mirr = table("waste-mirr");
    let packaging = mirr.rows.iter().find(|r| r[2].text == "15 01 01").unwrap();
    assert_eq!(
        (packaging[5].text.as_str(), packaging[6].text.as_str(), packaging[7].text.as_str()),
        ("20.00", "14.00", "6.00")
    );
    assert_eq!(packaging[8].text, "quantities differ");
    assert!(mirr.rows.iter().any(|r| r[8].text == "not declared"), "the other B lines are not declared");
    assert_eq!(table("waste-mirr-totals").rows[0][0].text, "B");
    assert_eq!(table("waste-imports").rows[0][3].text, "AN 1");
    let indicators = table("indicators-waste");
    assert_eq!(row(indicators, "Waste generated")[2], "12.00");
    assert_eq!(row(indicators, "Waste generated")[3], "10.00", "north");

    let html = report.to_html().unwrap();
    assert!(html.contains("<section id=\"waste\">") && html.contains("<figure id=\"waste-monthly\">"));
    assert!(html.contains("§37(a)") && html.contains("69.6%"));
    let markdown = report.to_markdown();
    assert!(markdown.contains("## Waste and circularity") && markdown.contains("| §37(d) | Non-recycled waste |"));
    let xml = report.to_xml().unwrap();
    assert!(xml.contains("<section id=\"waste\"") && xml.contains("id=\"waste-gri-306\""));
    let json = report.to_json().unwrap();
    assert!(json.contains("\"id\": \"waste-esrs-e5-5\"") && json.contains("\"kind\": \"stacked_bar\""));
    let csv = report.to_csv_files();
    assert!(csv.iter().any(|(name, text)| name == "waste-esrs-e5-5.csv" && text.contains("§37(a)")));
    let xlsx = report.to_xlsx().unwrap();
    let archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    assert!(archive.len() > 10);

    // User strings: the destination's NIF and establishment, the input name, the unknown establishment code.
    assert!(!html.contains("<b>&x") && html.contains("&lt;b&gt;&amp;x&lt;&#x2f;b&gt;"));
    assert!(!html.contains("<i>A&B") && !html.contains("<script>;") && !html.contains("guias<1>"));
    assert!(html.contains("&lt;SCRIPT&gt;"), "the establishment that is no site, in the callout and the site table");
    assert!(!markdown.contains("<b>&x") && !markdown.contains("<i>A&B"));
    let mut reader = quick_xml::Reader::from_str(&xml);
    while !matches!(reader.read_event().unwrap(), quick_xml::events::Event::Eof) {}
    assert!(xml.contains("&lt;b&gt;&amp;x&lt;/b&gt;"));
    for lang in [Lang::Fr, Lang::Pt] {
        let html = waste_report(lang, &waste).to_html().unwrap();
        assert!(html.contains(Msg::EsrsE55.get(lang)) && html.contains(Msg::GroupWaste.get(lang)));
    }
    // The SVG of the chart escapes its series names too.
    assert!(html.contains("<svg") && !html.contains("<title><"));
}

#[test]
fn without_waste_data_there_is_no_waste_section() {
    let catalogue = catalogue();
    let register = small_register(&catalogue);
    let report = Report::build(&catalogue, &register, &options(Lang::En)).unwrap();
    assert!(report.sections.iter().all(|s| s.id != "waste"));
    let waste = WasteData { mirr: None, ..waste_data() };
    let report = waste_report(Lang::En, &waste);
    assert!(report.to_markdown().contains(Msg::MirrNone.get(Lang::En)));
}
