use super::*;
use crate::error::Problem;

const QMS: &str = r#"
[norm]
id = "ACME QMS:2026"
key = "ACME:2026"
kind = "requirements"
title = { en = "ACME quality", fr = "Qualité ACME" }

[[clause]]
number = "7"
title = { en = "Support" }
hs = "7"

[[clause]]
number = "7.5"
title = { en = "Documented information", pt = "Informação documentada" }
hs = "7.5"

[[clause]]
number = "7.10"
title = { en = "Lot marking" }

[[clause]]
number = "7.9"
title = { en = "Storage" }

[[requirement]]
clause = "7.5"
item = "1"
statement = { en = "Keep the quality manual current." }
documented = "maintain"
information = { en = "quality manual" }

[[requirement]]
clause = "7.10"
item = "a"
statement = { en = "Mark every lot." }
documented = "retain"
excludable = true
"#;

const EMS: &str = r#"
[norm]
id = "ACME EMS:2026"
key = "ACME-EMS:2026"
kind = "requirements"
title = { en = "ACME environment" }

[[clause]]
number = "7"
title = { en = "Support" }
hs = "7"
hs_relation = "superset"

[[clause]]
number = "7.5"
title = { en = "Documented information" }
hs = "7.5"
hs_relation = "superset"

[[requirement]]
clause = "7.5"
item = "1"
statement = { en = "Keep the environmental manual current." }
"#;

const HS: &str = r#"
[structure]
id = "HS"
title = { en = "Harmonized structure" }

[[structure.clause]]
number = "7"
title = { en = "Support" }

[[structure.clause]]
number = "7.5"
title = { en = "Documented information" }

[[map]]
from = "ACME:2026/7.10"
to = "ACME-EMS:2026/7.5"
relation = "intersects"
note = "lot records are documented information"
"#;

fn two_norms() -> Catalogue {
    Catalogue::builder()
        .with_toml("qms.toml", QMS)
        .and_then(|b| b.with_toml("ems.toml", EMS))
        .and_then(|b| b.with_toml("hs.toml", HS))
        .and_then(CatalogueBuilder::build)
        .unwrap()
}

fn issues(result: Result<Catalogue, CatalogueError>) -> Vec<crate::error::Issue> {
    match result {
        Err(CatalogueError::Invalid { issues }) => issues,
        other => panic!("expected validation issues, got {other:?}"),
    }
}

#[test]
fn loads_a_norm_with_derived_parents_and_language_fallback() {
    let catalogue = Catalogue::from_toml("qms.toml", QMS).unwrap();
    let clause = catalogue.clause("ACME:2026/7.5").unwrap();
    assert_eq!(clause.parent.as_deref(), Some("ACME:2026/7"));
    assert_eq!(clause.title.fr, "Documented information", "fr falls back to en");
    assert_eq!(clause.title.pt, "Informação documentada");
    assert_eq!(catalogue.norm("acme qms:2026").unwrap().key, "ACME:2026");
    assert_eq!(catalogue.norm("ACME:2026").unwrap().title.fr, "Qualité ACME");
}

#[test]
fn orders_clauses_naturally() {
    let catalogue = Catalogue::from_toml("qms.toml", QMS).unwrap();
    let numbers: Vec<_> = catalogue.clauses().iter().map(|c| c.number.as_str()).collect();
    assert_eq!(numbers, ["7", "7.5", "7.9", "7.10"]);
    let children: Vec<_> = catalogue.children("ACME:2026/7").iter().map(|c| c.number.as_str()).collect();
    assert_eq!(children, ["7.5", "7.9", "7.10"]);
}

#[test]
fn filters_requirements_by_clause_prefix_on_segment_boundaries() {
    let catalogue = Catalogue::from_toml("qms.toml", QMS).unwrap();
    let under_7_1 = catalogue.find_requirements(&RequirementFilter::new().clause("7.1")).unwrap();
    assert!(under_7_1.is_empty(), "7.1 must not match 7.10");
    let under_7 = catalogue.find_requirements(&RequirementFilter::new().clause("ACME:2026/7")).unwrap();
    assert_eq!(under_7.len(), 2);
    let records = catalogue.find_requirements(&RequirementFilter::new().documented(DocumentedInfo::Retain)).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].id, "ACME:2026/7.10/a");
    assert!(catalogue.find_requirements(&RequirementFilter::new().norm("nope")).is_err());
    assert_eq!(catalogue.requirements_under("ACME:2026/7").len(), 2);
}

#[test]
fn equivalents_compose_through_the_structure_and_read_mappings_both_ways() {
    let catalogue = two_norms();
    let eq = catalogue.equivalents("ACME:2026/7.5").unwrap();
    assert_eq!(eq.len(), 1);
    assert_eq!(eq[0].clause, "ACME-EMS:2026/7.5");
    assert_eq!(eq[0].relation, Relation::Superset, "EMS 7.5 asks for more than the equal QMS 7.5");
    assert_eq!(eq[0].via, "HS/7.5");

    let back = catalogue.equivalents("ACME-EMS:2026/7.5").unwrap();
    let qms = back.iter().find(|e| e.clause == "ACME:2026/7.5").unwrap();
    assert_eq!(qms.relation, Relation::Subset);
    let mapped = back.iter().find(|e| e.clause == "ACME:2026/7.10").unwrap();
    assert_eq!((mapped.relation, mapped.via.as_str()), (Relation::Intersects, "map"));

    let hs = catalogue.equivalents("HS/7.5").unwrap();
    assert_eq!(hs.len(), 2);
    assert!(catalogue.equivalents("HS/9.9").is_err());
    let err = catalogue.equivalents("7.5").unwrap_err();
    assert!(err.to_string().contains("ids look like"), "{err}");
}

#[test]
fn searches_without_case_or_accents() {
    let catalogue = Catalogue::from_toml("qms.toml", QMS).unwrap();
    let hits = catalogue.search("INFORMACAO documentada", None);
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].kind, hits[0].lang), (HitKind::Clause, Lang::Pt));
    let hits = catalogue.search("manual", Some(Lang::En));
    assert_eq!(hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["ACME:2026/7.5/1"]);
    assert!(catalogue.search("   ", None).is_empty());
}

#[test]
fn round_trips_through_json() {
    let catalogue = two_norms();
    let json = serde_json::to_string(&catalogue).unwrap();
    let back: Catalogue = serde_json::from_str(&json).unwrap();
    assert_eq!(back, catalogue);
    assert_eq!(back.equivalents("ACME:2026/7.5").unwrap(), catalogue.equivalents("ACME:2026/7.5").unwrap());
}

#[test]
fn json_with_a_dangling_clause_is_rejected() {
    let mut data = two_norms().data().clone();
    data.requirements[0].clause = "ACME:2026/99".to_owned();
    let err = Catalogue::try_from(data).unwrap_err();
    assert!(err.to_string().starts_with("requirements[0]: ACME:2026/7.5/1: clause \"99\" does not exist"), "{err}");
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let text =
        "[norm]\nid = \"X\"\nkey = \"X\"\nkind = \"requirements\"\ntitle = { en = \"X\" }\n\n[[clause]]\nnumber = 4\n";
    let err = Catalogue::from_toml("bad.toml", text).unwrap_err();
    let location = err.location().unwrap();
    assert_eq!((location.file.as_str(), location.line), ("bad.toml", Some(8)));
    assert!(err.to_string().contains("string"), "{err}");
}

#[test]
fn unknown_keys_and_relations_are_syntax_errors() {
    let typo = QMS.replace("documented = \"maintain\"", "documentd = \"maintain\"");
    let err = Catalogue::from_toml("typo.toml", &typo).unwrap_err();
    assert!(matches!(err, CatalogueError::Syntax { .. }));
    assert!(err.to_string().contains("documentd"), "{err}");

    let relation = EMS.replacen("hs_relation = \"superset\"", "hs_relation = \"overlaps\"", 1);
    let err = Catalogue::from_toml("rel.toml", &relation).unwrap_err();
    assert!(err.to_string().contains("overlaps"), "{err}");
    assert_eq!(err.location().unwrap().line, Some(12));
}

#[test]
fn duplicates_are_reported_with_both_locations() {
    let text = format!("{QMS}\n[[clause]]\nnumber = \"7.5\"\ntitle = {{ en = \"Again\" }}\n");
    let found = issues(Catalogue::from_toml("dup.toml", &text));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, "ACME:2026/7.5");
    assert_eq!(found[0].location.line, Some(40));
    assert!(matches!(&found[0].problem, Problem::DuplicateId { first } if first == "dup.toml:13:1"));
}

#[test]
fn dangling_parents_cycles_and_unknown_clauses_are_all_listed() {
    let text = r#"
[norm]
id = "T"
key = "T"
kind = "requirements"
title = { en = "T" }

[[clause]]
number = "A"
parent = "B"
title = { en = "A" }

[[clause]]
number = "B"
parent = "A"
title = { en = "B" }

[[clause]]
number = "C"
parent = "Z"
title = { en = " " }

[[requirement]]
clause = "D"
item = "1"
statement = { en = "x" }
"#;
    let found = issues(Catalogue::from_toml("t.toml", text));
    let problems: Vec<_> = found.iter().map(|i| (i.id.as_str(), i.location.line, &i.problem)).collect();
    assert!(problems.contains(&("T/C", Some(18), &Problem::MissingText { field: "title".into() })));
    assert!(problems.contains(&("T/C", Some(18), &Problem::UnknownParent { parent: "Z".into() })));
    assert!(problems.contains(&("T/A", Some(8), &Problem::ParentCycle { path: "A → B → A".into() })));
    assert!(problems.contains(&("T/D/1", Some(23), &Problem::UnknownClause { clause: "D".into() })));
    assert_eq!(found.iter().filter(|i| matches!(i.problem, Problem::ParentCycle { .. })).count(), 1);
}

#[test]
fn mapping_rows_must_name_loaded_clauses() {
    let err = Catalogue::builder().with_toml("qms.toml", QMS).and_then(|b| b.with_toml("hs.toml", HS)).unwrap().build();
    let found = issues(err);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].problem, Problem::UnknownMapTarget { target: "ACME-EMS:2026/7.5".into() });
    assert_eq!(found[0].location.line, Some(14));
}

#[test]
fn hs_links_are_checked_when_a_structure_is_loaded() {
    let text = QMS.replacen("hs = \"7.5\"", "hs = \"7.55\"", 1);
    let found = issues(
        Catalogue::builder()
            .with_toml("q.toml", &text)
            .and_then(|b| b.with_toml("hs.toml", HS))
            .and_then(CatalogueBuilder::build),
    );
    assert!(found.iter().any(|i| i.problem == Problem::UnknownHsClause { hs: "7.55".into() }));
    // Without a structure, links are kept as given.
    assert!(Catalogue::from_toml("q.toml", &text).is_ok());
}

#[test]
fn clauses_without_a_norm_are_rejected() {
    let found = issues(Catalogue::from_toml("o.toml", "[[clause]]\nnumber = \"1\"\ntitle = { en = \"x\" }\n"));
    assert_eq!(found[0].problem, Problem::MissingNorm);
    assert_eq!(found[0].location.line, Some(1));
}

#[test]
fn guidance_norms_need_an_ordered_maturity_scale() {
    let text = QMS.replace("kind = \"requirements\"", "kind = \"guidance\"");
    let found = issues(Catalogue::from_toml("g.toml", &text));
    assert!(matches!(found[0].problem, Problem::MaturityScale(_)));
    let scale = "\n[[maturity]]\nlevel = 1\nlabel = { en = \"b\" }\ndescription = { en = \"b\" }\n\n[[maturity]]\nlevel = 0\nlabel = { en = \"a\" }\ndescription = { en = \"a\" }\n";
    let found = issues(Catalogue::from_toml("g.toml", &format!("{text}{scale}")));
    assert!(matches!(&found[0].problem, Problem::MaturityScale(m) if m.contains("increasing")));
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = "#".repeat(usize::try_from(MAX_FILE_BYTES).unwrap() + 1);
    let err = Catalogue::from_toml("big.toml", &big).unwrap_err();
    assert!(matches!(err, CatalogueError::TooLarge { .. }), "{err}");
}

#[test]
fn ids_with_slashes_or_spaces_are_invalid() {
    let text = QMS.replacen("item = \"1\"", "item = \"1 b\"", 1);
    let found = issues(Catalogue::from_toml("i.toml", &text));
    assert!(matches!(&found[0].problem, Problem::InvalidId { .. }));
}

#[test]
fn missing_files_are_io_errors() {
    let err = Catalogue::from_path("/nonexistent/catalogue.toml").unwrap_err();
    assert!(matches!(err, CatalogueError::Io { kind: std::io::ErrorKind::NotFound, .. }), "{err}");
}
