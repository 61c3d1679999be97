use super::*;
use crate::error::RegisterError;

const ORG: &str = r#"
[organisation]
id = "acme"
name = "ACME Recycling"

[[organisation.site]]
id = "hq"
name = "Head office"
headcount = 40

[[organisation.site]]
id = "plant"
name = "Sorting plant"
headcount = 110

[[organisation.system]]
norm = "ISO 9001:2015"
status = "certified"
scope = "Collection and sorting of packaging waste"

[[organisation.system.exclusion]]
requirement = "ISO9001:2015/8.3"
justification = "No design and development: services follow customer and regulatory specifications"

[organisation.system.certification]
certificate = "PT-QMS-0417"
body = "APCER"
issued = 2024-05-12
expires = 2027-05-11

[[organisation.system.certification.audit]]
kind = "surveillance_1"
date = 2025-04-18
status = "held"

[[organisation.system]]
norm = "ISO14001:2015"
sites = ["plant"]
"#;

const EVIDENCE: &str = "\u{feff}id;title;kind;links;status;site;effective;expires;renewal;sha256;Notes\n\
E1;Quality policy;policy;ISO9001:2015/5.2;approved;;2025-01-15;;3 years;;kept in the intranet\n\
E2;Document control procedure;Procedure;HS/7.5.3 | ISO 14001:2015/7.5.2;Aprovado;plant;15/01/2025;;;;\n\
E3;Audit report 2025;record;ISO9001:2015/9.2.2;in review;hq;2025-03-10;2026-03-09;;AB12;\n";

fn catalogue() -> Catalogue {
    Catalogue::builtin().unwrap()
}

fn issues(result: Result<Register, RegisterError>) -> Vec<RecordIssue> {
    match result {
        Err(RegisterError::Invalid { issues }) => issues,
        other => panic!("expected issues, got {other:?}"),
    }
}

fn messages(issues: &[RecordIssue]) -> Vec<String> {
    issues.iter().map(ToString::to_string).collect()
}

#[test]
fn reads_an_organisation_and_a_semicolon_sheet_with_synonyms() {
    let fixed = EVIDENCE.replace(";AB12;", ";;");
    let register = RegisterBuilder::new()
        .organisation_toml("organisation.toml", ORG)
        .evidence_csv("evidence.csv", &fixed)
        .build(&catalogue())
        .unwrap();
    let org = &register.organisation;
    assert_eq!(org.sites.len(), 2);
    assert_eq!(org.systems[0].exclusions[0].requirement, "ISO9001:2015/8.3");
    let cert = org.systems[0].certification.as_ref().unwrap();
    assert_eq!(cert.audits[0].kind, AuditKind::Surveillance1);
    assert_eq!(register.evidence[1].links, ["HS/7.5.3", "ISO 14001:2015/7.5.2"]);
    assert_eq!(register.evidence[1].status, EvidenceStatus::Approved);
    assert_eq!(register.evidence[0].renewal, Some(Renewal::Months(36)));
    assert_eq!(register.import_reports()[0].ignored_columns, ["Notes"]);
}

#[test]
fn every_bad_value_is_reported_with_line_field_and_value() {
    let bad = "id,title,kind,links,status,effective,expires,sha256,site\n\
               E1,Policy,poster,ISO9001:2015/5.2,approved,2025-01-15,,,\n\
               E2,Procedure,procedure,ISO9001:2015/7.55,approved,,,,\n\
               E3,Report,record,ISO9001:2015/9.2,approved,2025-03-10,2025-03-01,xyz,mars\n\
               E3,Copy,record,HS/7.5,draft,,,,\n";
    let found =
        issues(RegisterBuilder::new().organisation_toml("o.toml", ORG).evidence_csv("ev.csv", bad).build(&catalogue()));
    let text = messages(&found);
    assert!(text.contains(&"ev.csv:2: E1: kind: unknown evidence kind \"poster\": expected one of policy, procedure, record, certificate, training_record, calibration, measurement, other, politica, procedimento, procedure_document, registo, registro, enregistrement, certificado, certificat, formacao, formation, training, calibracao, etalonnage, medicao, mesure, outro, autre".to_owned()), "{text:#?}");
    assert!(
        text.contains(
            &"ev.csv:3: E2: links: \"ISO9001:2015/7.55\" is not a clause or requirement of ISO 9001:2015".to_owned()
        ),
        "{text:#?}"
    );
    assert!(text.contains(&"ev.csv:3: E2: effective: approved evidence needs an effective date".to_owned()));
    assert!(text.contains(&"ev.csv:4: E3: site: unknown site \"mars\"".to_owned()));
    assert!(
        text.contains(&"ev.csv:4: E3: expires: expiry 2025-03-01 is before the effective date 2025-03-10".to_owned())
    );
    assert!(text.contains(&"ev.csv:4: E3: sha256: \"xyz\" is not a SHA-256 (64 hexadecimal digits)".to_owned()));
    assert!(text.contains(&"ev.csv:5: E3: id: duplicate id (first at ev.csv:4)".to_owned()), "{text:#?}");
}

#[test]
fn non_excludable_exclusions_and_unknown_norms_are_rejected() {
    let org = ORG
        .replace("ISO9001:2015/8.3\"", "ISO9001:2015/7.2\"")
        .replace("norm = \"ISO14001:2015\"", "norm = \"ISO 9999\"");
    let found = issues(RegisterBuilder::new().organisation_toml("o.toml", &org).build(&catalogue()));
    let text = messages(&found);
    assert!(text[0].starts_with("o.toml: ISO9001:2015/7.2: exclusion.requirement: ISO 9001:2015 may not declare not applicable ISO9001:2015/7.2/a"), "{text:#?}");
    assert!(text[1].starts_with("o.toml: ISO 9999: system.norm: unknown norm \"ISO 9999\""), "{text:#?}");
}

#[test]
fn findings_and_actions_are_checked() {
    let findings = "id,source,raised,grade,requirement,statement,status,closed\n\
                    F1,internal,2025-03-10,minor,ISO9001:2015/7.5.3,Obsolete form in use,closed,2025-03-01\n\
                    F2,certification body,2025-04-18,NC maior,ISO9001:2015/8.5.1,Line clearance not recorded,,\n\
                    F3,internal,2025-04-18,major,HS/7.5,Bad,,\n";
    let actions = "id,finding,action,due,done,verified,effective\n\
                   A1,F2,Add line clearance record,2025-06-30,,2025-07-01,yes\n\
                   A2,F9,Something,2025-06-30,,,\n";
    let found = issues(
        RegisterBuilder::new()
            .organisation_toml("o.toml", ORG)
            .findings_csv("f.csv", findings)
            .actions_csv("a.csv", actions)
            .build(&catalogue()),
    );
    let text = messages(&found);
    assert!(
        text.contains(&"f.csv:2: F1: closed: closed 2025-03-01, before it was raised (2025-03-10)".to_owned()),
        "{text:#?}"
    );
    assert!(text.iter().any(|t| t.starts_with("f.csv:4: F3: requirement: a finding is about a requirement or clause")));
    assert!(
        text.contains(&"a.csv:2: A1: verified: effectiveness can only be verified once the action is done".to_owned())
    );
    assert!(text.contains(&"a.csv:3: A2: finding: unknown finding \"F9\"".to_owned()));
}

#[test]
fn missing_required_columns_are_named_and_mappings_rename() {
    let sheet = "Código,Título,Tipo,Requisitos,Estado,Data\nE1,Política,policy,ISO9001:2015/5.2,approved,2025-01-15\n";
    let found = issues(
        RegisterBuilder::new().organisation_toml("o.toml", ORG).evidence_csv("ev.csv", sheet).build(&catalogue()),
    );
    assert!(found[0].message.starts_with("missing required columns id, title, kind, links, status"), "{}", found[0]);
    let map: ColumnMap = [
        ("Código", "id"),
        ("Título", "title"),
        ("Tipo", "kind"),
        ("Requisitos", "links"),
        ("Estado", "status"),
        ("Data", "effective"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect();
    let register = RegisterBuilder::new()
        .organisation_toml("o.toml", ORG)
        .evidence_csv("ev.csv", sheet)
        .columns(SheetKind::Evidence, map)
        .build(&catalogue())
        .unwrap();
    assert_eq!(register.evidence[0].title, "Política");
}

#[test]
fn organisation_syntax_errors_have_lines() {
    let err = RegisterBuilder::new()
        .organisation_toml("o.toml", "[organisation]\nid = \"a\"\nname = 3\n")
        .build(&catalogue())
        .unwrap_err();
    assert!(matches!(err, RegisterError::Syntax { .. }));
    assert_eq!(err.location().unwrap().line, Some(3));
}

#[test]
fn json_round_trip() {
    let fixed = EVIDENCE.replace(";AB12;", ";;");
    let register = RegisterBuilder::new()
        .organisation_toml("organisation.toml", ORG)
        .evidence_csv("evidence.csv", &fixed)
        .build(&catalogue())
        .unwrap();
    let json = serde_json::to_string(&register).unwrap();
    let back: Register = serde_json::from_str(&json).unwrap();
    assert_eq!(back, register);
    assert!(back.validate(&catalogue()).is_ok());
    assert!(json.contains("\"effective\":\"2025-01-15\""));
}

#[test]
fn validity_follows_status_dates_and_renewal() {
    let d = |s: &str| parse_date(s).unwrap();
    let mut e = Evidence::new("E", "t", EvidenceKind::Record, ["HS/9.2"]);
    e.effective = Some(d("2024-02-29"));
    e.renewal = Some(Renewal::Months(12));
    assert!(!e.is_valid_on(d("2024-03-01")), "a draft is never valid");
    e.status = EvidenceStatus::Approved;
    assert_eq!(e.last_valid_day(), Some(d("2025-02-27")));
    assert!(e.is_valid_on(d("2025-02-27")));
    assert!(!e.is_valid_on(d("2025-02-28")));
    e.renewal = None;
    assert!(e.is_valid_on(d("2099-01-01")), "no expiry, no renewal: valid until superseded");
}

#[test]
fn periods_parse_in_three_languages() {
    assert_eq!("12".parse::<Renewal>(), Ok(Renewal::Months(12)));
    assert_eq!("2 anos".parse::<Renewal>(), Ok(Renewal::Months(24)));
    assert_eq!("P30D".parse::<Renewal>(), Ok(Renewal::Days(30)));
    assert_eq!("6 mois".parse::<Renewal>(), Ok(Renewal::Months(6)));
    assert!("soon".parse::<Renewal>().is_err());
    assert_eq!(Renewal::Months(36).to_string(), "3 years");
}
