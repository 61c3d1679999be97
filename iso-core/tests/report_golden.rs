//! Golden files: the report of the small fixture organisation in every format (and with e-GAR waste data in a few),
//! compared byte for byte with
//! `tests/golden/`. A layout change shows up as a diff here; after checking it, regenerate with
//! `UPDATE_GOLDEN=1 cargo test -p iso-core --test report_golden`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use iso_core::Lang;
use iso_core::catalogue::Catalogue;
use iso_core::connect::egar::{ImportOptions, import_csv};
use iso_core::register::RegisterBuilder;
use iso_core::report::{Format, Report, ReportInputs, ReportOptions, WasteData};
use iso_core::waste::ClassPolicy;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/vectors/fixtures/small").join(name)).unwrap()
}

/// e-GAR guides of the fixture organisation in the quarter (and one before it, for the previous period).
const GUIDES: &str = "\
numeroGuia;codigoEstado;dataEmissao;nifRemetente;codigoApaRemetente;nifDestinatario;codigoApaDestinatario;codigoResiduoLer;codigoOperacao;quantidade
W1;CC;2026-04-10;500000000;APA1;600000001;APA9;150101;R3;8
W2;CC;2026-05-02;500000000;APA1;600000002;;200301;D1;2
W3;CC;2026-05-20;500000000;APA2;600000004;;150110;R1;1,5
W4;CC;2026-06-01;500000000;APA7;600000003;;160601;R13;0.5
W5;CC;2026-06-11;500000000;APA2;600000001;APA9;170405;R4A;3.25
W6;AN;2026-06-02;500000000;APA1;600000003;;160601;R13;40
W7;CC;2026-03-31;500000000;APA1;600000001;APA9;150101;R3;6
";

fn report_with(lang: Lang, with_waste: bool) -> Report {
    let catalogue = Catalogue::builder()
        .with_toml("hs.toml", &fixture("hs.toml"))
        .unwrap()
        .with_toml("q.toml", &fixture("q.toml"))
        .unwrap()
        .with_toml("e.toml", &fixture("e.toml"))
        .unwrap()
        .build()
        .unwrap();
    let mut organisation = fixture("organisation.toml");
    if with_waste {
        organisation = organisation
            .replace("name = \"ACME\"\n", "name = \"ACME\"\ntax_id = \"500000000\"\n")
            .replace("name = \"North\"\n", "name = \"North\"\nestablishment = \"APA1\"\n")
            .replace("name = \"South\"\n", "name = \"South\"\nestablishment = \"APA2\"\n");
    }
    let register = RegisterBuilder::new()
        .organisation_toml("organisation.toml", &organisation)
        .evidence_csv("evidence.csv", &fixture("evidence.csv"))
        .findings_csv("findings.csv", &fixture("findings.csv"))
        .build(&catalogue)
        .unwrap();
    let mut options = ReportOptions::new("2026-Q2".parse().unwrap(), lang);
    options.assess.audit_date = Some("2026-07-20".parse().unwrap());
    if !with_waste {
        return Report::build(&catalogue, &register, &options).unwrap();
    }
    let import = import_csv(GUIDES.as_bytes(), "guias.csv", &ImportOptions::default()).unwrap();
    let waste = WasteData::from_import(&import, ClassPolicy::default());
    Report::build_with(&catalogue, &register, &ReportInputs { indicators: None, waste: Some(&waste) }, &options)
        .unwrap()
}

#[test]
fn every_format_matches_its_golden_file() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    let cases = [
        ("small", Lang::En, &Format::ALL[..]),
        ("small", Lang::Pt, &[Format::Html, Format::Markdown][..]),
        ("small-waste", Lang::En, &[Format::Html, Format::Markdown, Format::Json][..]),
        ("small-waste", Lang::Fr, &[Format::Markdown][..]),
    ];
    for (name, lang, formats) in cases {
        let report = report_with(lang, name == "small-waste");
        for &format in formats {
            let path = root().join("tests/golden").join(format!("{name}-2026-Q2-{lang}.{}", format.extension()));
            let bytes = report.render(format).unwrap();
            if update {
                std::fs::write(&path, &bytes).unwrap();
            } else if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "output differs from the golden files (check, then UPDATE_GOLDEN=1):\n{}",
        stale.join("\n")
    );
}
