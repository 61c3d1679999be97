use super::*;
use crate::register::RegisterBuilder;

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
