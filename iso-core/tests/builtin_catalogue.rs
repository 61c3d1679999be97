//! The built-in catalogue against the published tables of contents, and the rules every built-in file follows.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iso_core::catalogue::{Catalogue, ClauseFilter, DocumentedInfo, NormKind, RequirementFilter};

fn numbers(catalogue: &Catalogue, norm: &str) -> Vec<String> {
    catalogue.find_clauses(&ClauseFilter::new().norm(norm)).unwrap().iter().map(|c| c.number.clone()).collect()
}

fn expand(spec: &str) -> Vec<String> {
    spec.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn iso_9001_clause_tree_matches_the_published_table_of_contents() {
    let expected = expand(
        "4 4.1 4.2 4.3 4.4 4.4.1 4.4.2 \
         5 5.1 5.1.1 5.1.2 5.2 5.2.1 5.2.2 5.3 \
         6 6.1 6.1.1 6.1.2 6.2 6.2.1 6.2.2 6.3 \
         7 7.1 7.1.1 7.1.2 7.1.3 7.1.4 7.1.5 7.1.5.1 7.1.5.2 7.1.6 7.2 7.3 7.4 7.5 7.5.1 7.5.2 7.5.3 7.5.3.1 7.5.3.2 \
         8 8.1 8.2 8.2.1 8.2.2 8.2.3 8.2.3.1 8.2.3.2 8.2.4 8.3 8.3.1 8.3.2 8.3.3 8.3.4 8.3.5 8.3.6 \
         8.4 8.4.1 8.4.2 8.4.3 8.5 8.5.1 8.5.2 8.5.3 8.5.4 8.5.5 8.5.6 8.6 8.7 8.7.1 8.7.2 \
         9 9.1 9.1.1 9.1.2 9.1.3 9.2 9.2.1 9.2.2 9.3 9.3.1 9.3.2 9.3.3 \
         10 10.1 10.2 10.2.1 10.2.2 10.3",
    );
    assert_eq!(numbers(&Catalogue::builtin().unwrap(), "ISO 9001:2015"), expected);
}

#[test]
fn iso_14001_clause_tree_matches_the_published_table_of_contents() {
    let expected = expand(
        "4 4.1 4.2 4.3 4.4 5 5.1 5.2 5.3 6 6.1 6.1.1 6.1.2 6.1.3 6.1.4 6.2 6.2.1 6.2.2 \
         7 7.1 7.2 7.3 7.4 7.4.1 7.4.2 7.4.3 7.5 7.5.1 7.5.2 7.5.3 8 8.1 8.2 \
         9 9.1 9.1.1 9.1.2 9.2 9.2.1 9.2.2 9.3 10 10.1 10.2 10.3",
    );
    assert_eq!(numbers(&Catalogue::builtin().unwrap(), "ISO 14001:2015"), expected);
}

#[test]
fn iso_45001_clause_tree_matches_the_published_table_of_contents() {
    let expected = expand(
        "4 4.1 4.2 4.3 4.4 5 5.1 5.2 5.3 5.4 \
         6 6.1 6.1.1 6.1.2 6.1.2.1 6.1.2.2 6.1.2.3 6.1.3 6.1.4 6.2 6.2.1 6.2.2 \
         7 7.1 7.2 7.3 7.4 7.4.1 7.4.2 7.4.3 7.5 7.5.1 7.5.2 7.5.3 \
         8 8.1 8.1.1 8.1.2 8.1.3 8.1.4 8.1.4.1 8.1.4.2 8.1.4.3 8.2 \
         9 9.1 9.1.1 9.1.2 9.2 9.2.1 9.2.2 9.3 10 10.1 10.2 10.3",
    );
    assert_eq!(numbers(&Catalogue::builtin().unwrap(), "ISO 45001:2018"), expected);
}

#[test]
fn iso_50001_clause_tree_matches_the_published_table_of_contents() {
    let expected = expand(
        "4 4.1 4.2 4.3 4.4 5 5.1 5.2 5.3 6 6.1 6.2 6.3 6.4 6.5 6.6 \
         7 7.1 7.2 7.3 7.4 7.5 7.5.1 7.5.2 7.5.3 8 8.1 8.2 8.3 \
         9 9.1 9.1.1 9.1.2 9.2 9.2.1 9.2.2 9.3 10 10.1 10.2",
    );
    assert_eq!(numbers(&Catalogue::builtin().unwrap(), "ISO 50001:2018"), expected);
}

#[test]
fn iso_26000_assesses_seven_principles_and_thirty_seven_issues() {
    let catalogue = Catalogue::builtin().unwrap();
    let norm = catalogue.norm("ISO 26000:2010").unwrap();
    assert_eq!(norm.kind, NormKind::Guidance);
    assert_eq!(norm.maturity.iter().map(|m| m.level).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    let items = |clause: &str| -> Vec<String> {
        let filter = RequirementFilter::new().norm("ISO 26000:2010").clause(clause);
        catalogue.find_requirements(&filter).unwrap().iter().map(|r| r.clause.replace("ISO26000:2010/", "")).collect()
    };
    assert_eq!(items("4"), expand("4.2 4.3 4.4 4.5 4.6 4.7 4.8"));
    let issues = expand(
        "6.2.3 6.3.3 6.3.4 6.3.5 6.3.6 6.3.7 6.3.8 6.3.9 6.3.10 6.4.3 6.4.4 6.4.5 6.4.6 6.4.7 \
         6.5.3 6.5.4 6.5.5 6.5.6 6.6.3 6.6.4 6.6.5 6.6.6 6.6.7 6.7.3 6.7.4 6.7.5 6.7.6 6.7.7 6.7.8 6.7.9 \
         6.8.3 6.8.4 6.8.5 6.8.6 6.8.7 6.8.8 6.8.9",
    );
    assert_eq!(issues.len(), 37);
    assert_eq!(items("6"), issues);
    let core_subjects: Vec<_> =
        catalogue.children("ISO26000:2010/6").iter().map(|c| c.number.clone()).filter(|n| n != "6.1").collect();
    assert_eq!(core_subjects, expand("6.2 6.3 6.4 6.5 6.6 6.7 6.8"));
    assert!(
        catalogue
            .find_requirements(&RequirementFilter::new().norm("ISO 26000:2010"))
            .unwrap()
            .iter()
            .all(|r| r.excludable)
    );
}

#[test]
fn every_management_system_norm_requires_the_core_documented_information() {
    let catalogue = Catalogue::builtin().unwrap();
    for norm in ["ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018", "ISO 50001:2018"] {
        let documented = |clause: &str, kind: DocumentedInfo| {
            let filter = RequirementFilter::new().norm(norm).clause(clause).documented(kind);
            !catalogue.find_requirements(&filter).unwrap().is_empty()
        };
        assert!(documented("4.3", DocumentedInfo::Maintain), "{norm}: scope");
        assert!(documented("5.2", DocumentedInfo::Maintain), "{norm}: policy");
        assert!(documented("7.2", DocumentedInfo::Retain), "{norm}: competence");
        assert!(documented("9.2", DocumentedInfo::Retain), "{norm}: internal audit");
        assert!(documented("9.3", DocumentedInfo::Retain), "{norm}: management review");
        assert!(documented("10", DocumentedInfo::Retain), "{norm}: nonconformity and corrective action");
        let climate = catalogue.search("climate change", Some(iso_core::Lang::En));
        assert!(climate.iter().any(|h| h.norm == norm && h.id.contains("/4.1/")), "{norm}: Amd 1:2024");
    }
}

#[test]
fn every_builtin_text_is_given_in_english_french_and_portuguese() {
    fn walk(value: &toml::Value, path: &str, file: &str, missing: &mut Vec<String>) {
        match value {
            toml::Value::Table(table) if table.contains_key("en") => {
                for lang in ["fr", "pt"] {
                    if table.get(lang).and_then(toml::Value::as_str).is_none_or(|t| t.trim().is_empty()) {
                        missing.push(format!("{file}: {path}.{lang}"));
                    }
                }
            }
            toml::Value::Table(table) => table.iter().for_each(|(k, v)| walk(v, &format!("{path}.{k}"), file, missing)),
            toml::Value::Array(items) => {
                items.iter().enumerate().for_each(|(i, v)| walk(v, &format!("{path}[{i}]"), file, missing))
            }
            _ => {}
        }
    }
    let mut missing = Vec::new();
    for file in iso_catalogues::catalogue_files() {
        let value: toml::Value = toml::from_str(file.text).unwrap();
        walk(&value, "", file.name, &mut missing);
    }
    assert!(missing.is_empty(), "{} texts lack a translation:\n{}", missing.len(), missing.join("\n"));
}

#[test]
fn every_harmonized_structure_clause_is_linked_in_every_management_system_norm() {
    let catalogue = Catalogue::builtin().unwrap();
    let structure = catalogue.structure().unwrap();
    // Every harmonized-structure clause is linked, directly or through a linked parent (ISO 14001 has one 9.3
    // where the 2021 structure has 9.3.1–9.3.3), in each management-system norm.
    for hs in &structure.clauses {
        let mut ancestors = vec![hs.number.clone()];
        while let Some((parent, _)) = ancestors.last().and_then(|n| n.rsplit_once('.')) {
            ancestors.push(parent.to_owned());
        }
        for norm in ["ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018", "ISO 50001:2018"] {
            let linked = ancestors
                .iter()
                .any(|number| catalogue.equivalents(&format!("HS/{number}")).unwrap().iter().any(|e| e.norm == norm));
            assert!(linked, "{} in {norm}", hs.id);
        }
    }
}

#[test]
fn builtin_is_parsed_once_and_is_stable() {
    let a = Catalogue::builtin().unwrap();
    let b = Catalogue::builtin().unwrap();
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}
