//! The `iso` command as a user runs it: output, exit codes and messages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn iso(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iso")).args(args).current_dir(root()).output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iso-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn egar_read_sums_the_example_guides() {
    let summary = stdout(&iso(&["egar", "read", "examples/ecociclo/egar"]));
    assert!(summary.contains("guides read"), "{summary}");
    assert!(summary.contains("not counted, AN"), "{summary}");
    let csv = stdout(&iso(&["egar", "read", "examples/ecociclo/egar/guias-2025.csv", "--format", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), iso_core::connect::egar::GROUP_COLUMNS.join(","));
    assert!(lines.all(|l| l.split(',').count() == 13));
}

#[test]
fn generated_guides_read_back_the_same_in_both_formats() {
    let (csv, xml) = (temp("g.csv"), temp("g.xml"));
    for (path, format) in [(&csv, "csv"), (&xml, "xml")] {
        let out = iso(&["egar", "generate", "--guides", "500", "--format", format, "--out", path.to_str().unwrap()]);
        assert!(out.status.success());
    }
    let a = stdout(&iso(&["egar", "read", csv.to_str().unwrap(), "--format", "csv"]));
    let b = stdout(&iso(&["egar", "read", xml.to_str().unwrap(), "--format", "csv"]));
    assert_eq!(a, b);
}

#[test]
fn a_bad_guide_exits_2_naming_guide_line_and_field() {
    let path = temp("bad.csv");
    std::fs::write(
        &path,
        "numeroGuia;codigoEstado;dataEmissao;nifRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
         PT1;CC;2025-02-03;500000000;500000001;150101;R3;2\n\
         PT2;CC;2025-02-03;500000000;500000001;999999;R3;2\n",
    )
    .unwrap();
    let out = iso(&["egar", "read", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains(":3") && message.contains("PT2") && message.contains("999999"), "{message}");
    let lenient = stdout(&iso(&["egar", "read", path.to_str().unwrap(), "--lenient"]));
    assert!(lenient.contains("rejected"), "{lenient}");
    let missing = iso(&["egar", "read", "no/such/file.csv"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn waste_reports_indicators_mirr_and_the_example_discrepancies() {
    let mirr = temp("mirr-out.csv");
    let out = stdout(&iso(&["waste", "examples/ecociclo", "--year", "2025", "--mirr-out", mirr.to_str().unwrap()]));
    assert!(out.contains("recycling rate (preparation for re-use included)"), "{out}");
    assert!(out.contains("§37(a) generated"), "{out}");
    // The example's declared MIRR has three deliberate mistakes: a forgotten line, transposed digits, a wrong
    // operation (which shows twice: not declared, and not in the guides).
    assert!(out.contains("75 lines match, 1 differ, 2 not declared, 1 not in the guides"), "{out}");
    assert!(out.contains("3,486.681") && out.contains("3,846.681"), "{out}");
    // The compiled MIRR reconciles exactly with itself.
    let again = stdout(&iso(&["waste", "examples/ecociclo", "--year", "2025", "--reconcile", mirr.to_str().unwrap()]));
    assert!(again.contains("0 differ, 0 not declared, 0 not in the guides"), "{again}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&iso(&["waste", "examples/ecociclo", "--year", "2025", "--format", "json"])))
            .unwrap();
    assert_eq!(json["reconciliation"]["counts"]["differs"], 1);
}

#[test]
fn a_bad_declared_mirr_exits_2_with_line_and_column() {
    let declared = temp("bad-mirr.csv");
    std::fs::write(&declared, "formulario;nif;ler;operacao;nif_contraparte;quantidade_t\nB;516082736;150101;R33;1;2\n")
        .unwrap();
    let out = iso(&["waste", "examples/ecociclo", "--year", "2025", "--reconcile", declared.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("bad-mirr.csv:2: operacao") && message.contains("R33"), "{message}");
}
