//! One test per rule, on a two-norm catalogue small enough to reason about by hand.

use rust_decimal::Decimal;

use super::*;
use crate::catalogue::Catalogue;
use crate::register::RegisterBuilder;

const HS: &str = include_str!("../../../tests/vectors/fixtures/small/hs.toml");

const Q: &str = include_str!("../../../tests/vectors/fixtures/small/q.toml");

const E: &str = include_str!("../../../tests/vectors/fixtures/small/e.toml");

const G: &str = r#"
[norm]
id = "G:1"
key = "G"
kind = "guidance"
title = { en = "Guidance" }
[[maturity]]
level = 0
label = { en = "None" }
description = { en = "None" }
[[maturity]]
level = 4
label = { en = "Leading" }
description = { en = "Leading" }
[[clause]]
number = "6"
title = { en = "Subjects" }
[[clause]]
number = "6.5"
title = { en = "Environment" }
[[clause]]
number = "6.5.3"
title = { en = "Pollution" }
[[requirement]]
clause = "6.5.3"
item = "1"
statement = { en = "Prevent pollution." }
excludable = true
[[clause]]
number = "6.5.4"
title = { en = "Resources" }
[[requirement]]
clause = "6.5.4"
item = "1"
statement = { en = "Use resources sustainably." }
excludable = true
"#;

const ORG: &str = r#"
[organisation]
id = "acme"
name = "ACME"
[[organisation.site]]
id = "north"
name = "North"
headcount = 30
[[organisation.site]]
id = "south"
name = "South"
headcount = 10
[[organisation.system]]
norm = "Q:1"
[[organisation.system]]
norm = "E:1"
"#;

const HEADER: &str = "id,title,kind,links,status,site,effective,expires\n";

fn catalogue() -> Catalogue {
    Catalogue::builder()
        .with_toml("hs.toml", HS)
        .and_then(|b| b.with_toml("q.toml", Q))
        .and_then(|b| b.with_toml("e.toml", E))
        .and_then(|b| b.with_toml("g.toml", G))
        .and_then(CatalogueBuilder::build)
        .unwrap()
}

use crate::catalogue::CatalogueBuilder;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn run_with(org: &str, evidence: &str, findings: &str, options: &AssessOptions, as_of: &str) -> Assessment {
    let catalogue = catalogue();
    let mut builder =
        RegisterBuilder::new().organisation_toml("o.toml", org).evidence_csv("ev.csv", &format!("{HEADER}{evidence}"));
    if !findings.is_empty() {
        builder = builder.findings_csv(
            "f.csv",
            &format!("id,source,raised,grade,requirement,statement,site,status,closed\n{findings}"),
        );
    }
    let register = builder.build(&catalogue).unwrap();
    assess(&catalogue, &register, day(as_of), options).unwrap()
}

fn run(evidence: &str, findings: &str) -> Assessment {
    run_with(ORG, evidence, findings, &AssessOptions::default(), "2026-06-30")
}

fn result<'a>(a: &'a Assessment, requirement: &str, site: &str) -> &'a RequirementResult {
    a.results.iter().find(|r| r.requirement == requirement && r.site == site).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn nothing_shown_means_not_assessed_or_missing_documented_information() {
    let a = run("", "");
    assert_eq!(result(&a, "Q/4.1/1", "north").result, Conformity::NotAssessed);
    let manual = result(&a, "Q/7.5/1", "north");
    assert_eq!((manual.result, manual.rule), (Conformity::Nonconforming, Rule::MissingDocumentedInformation));
    assert_eq!(
        a.norms[0].score.value,
        Some(Decimal::ZERO),
        "defined and zero: requirements apply but nothing is shown"
    );
}

#[test]
fn validity_depends_on_status_and_dates() {
    let evidence = "E1,Manual,procedure,Q/7.5/1,approved,,2025-01-01,2026-06-30\n\
                    E2,Audit,record,Q/9.2/1,approved,,2026-01-10,2026-06-29\n\
                    E3,Review,record,Q/9.3/1,draft,,2026-01-10,\n";
    let a = run(evidence, "");
    assert_eq!(result(&a, "Q/7.5/1", "north").result, Conformity::Conforming, "valid through its last day");
    let audit = result(&a, "Q/9.2/1", "north");
    assert_eq!(audit.result, Conformity::Nonconforming);
    assert_eq!(&*audit.invalid_evidence[0].why, "expired 2026-06-29");
    assert_eq!(&*result(&a, "Q/9.3/1", "north").invalid_evidence[0].why, "draft");
}

#[test]
fn exclusions_are_neutral() {
    let evidence = "E1,Manual,procedure,Q/7.5/1,approved,,2025-01-01,\n";
    let base = run(evidence, "");
    let org = ORG.replace(
        "norm = \"Q:1\"",
        "norm = \"Q:1\"\n[[organisation.system.exclusion]]\nrequirement = \"Q/7.5/2\"\njustification = \"No design\"",
    );
    let excluded = run_with(&org, evidence, "", &AssessOptions::default(), "2026-06-30");
    let r = result(&excluded, "Q/7.5/2", "north");
    assert_eq!((r.result, r.points, r.justification.as_deref()), (Conformity::NotApplicable, None, Some("No design")));
    // Q at north: before 1 of 5 requirements earned a point; after, 1 of 4.
    assert_eq!(base.norms[0].sites[0].score.value, Some(dec("0.2")));
    assert_eq!(excluded.norms[0].sites[0].score.value, Some(dec("0.25")));
    for (b, e) in base.results.iter().zip(&excluded.results).filter(|(b, _)| b.requirement != "Q/7.5/2") {
        assert_eq!(b.result, e.result, "{} changed", b.requirement);
    }
}

#[test]
fn major_nonconformity_overrides_and_minor_caps() {
    let evidence = "E1,Manual,procedure,Q/7.5,approved,,2025-01-01,\nE2,Context,record,Q/4.1/1,approved,,2025-01-01,\n";
    let findings = "F1,internal,2026-03-01,major,Q/7.5/1,Manual not approved,north,,\n\
                    F2,internal,2026-03-01,minor,Q/4.1,Issues list incomplete,,,\n\
                    F3,internal,2026-03-01,observation,Q/9.2/1,Consider sampling,,,\n\
                    F4,internal,2025-03-01,major,Q/7.5/2,Old,,closed,2025-06-01\n";
    let a = run(evidence, findings);
    assert_eq!(result(&a, "Q/7.5/1", "north").rule, Rule::MajorNonconformity);
    assert_eq!(result(&a, "Q/7.5/1", "south").result, Conformity::Conforming, "site-specific finding");
    let context = result(&a, "Q/4.1/1", "south");
    assert_eq!((context.result, context.rule), (Conformity::PartiallyConforming, Rule::MinorNonconformity));
    assert_eq!(
        result(&a, "Q/7.5/2", "north").result,
        Conformity::PartiallyConforming,
        "closed major: evidence decides"
    );
    assert_eq!(a.observations.iter().map(|o| o.finding.as_str()).collect::<Vec<_>>(), ["F3"]);
    assert_eq!(a.gaps[0].kind, GapKind::MajorNonconformity);
    assert_eq!(a.gaps[0].sites, ["north"]);
}

#[test]
fn minor_nonconformity_never_raises_a_result() {
    let a = run("", "F1,internal,2026-03-01,minor,Q/4.1/1,Incomplete,,,\n");
    assert_eq!(result(&a, "Q/4.1/1", "north").result, Conformity::NotAssessed);
}

#[test]
fn harmonized_structure_links_credit_by_relation() {
    let a = run("E1,Document control,procedure,HS/7.5,approved,,2025-01-01,\n", "");
    let q = result(&a, "Q/7.5/1", "north");
    assert_eq!((q.result, q.evidence[0].via.as_ref()), (Conformity::PartiallyConforming, "HS/7.5"));
    assert_eq!(result(&a, "E/7.5/1", "north").result, Conformity::Conforming, "E 7.5 equals the HS clause");
}

#[test]
fn evidence_is_shared_with_corresponding_clauses_unless_disabled() {
    let evidence = "E1,Manual,procedure,Q/7.5,approved,,2025-01-01,\n";
    let a = run(evidence, "");
    let e = result(&a, "E/7.5/1", "north");
    assert_eq!((e.result, e.evidence[0].via.as_ref()), (Conformity::Conforming, "shared:Q/7.5"));
    let reverse = run("E1,Procedure,procedure,E/7.5,approved,,2025-01-01,\n", "");
    assert_eq!(result(&reverse, "Q/7.5/1", "north").result, Conformity::PartiallyConforming, "Q asks for more");
    let options = AssessOptions { share_evidence: false, ..AssessOptions::default() };
    let apart = run_with(ORG, evidence, "", &options, "2026-06-30");
    assert_eq!(result(&apart, "E/7.5/1", "north").result, Conformity::NotAssessed);
}

#[test]
fn the_wrong_kind_of_documented_information_is_partial() {
    let a = run("E1,Audit policy,policy,Q/9.2/1,approved,,2025-01-01,\n", "");
    let r = result(&a, "Q/9.2/1", "north");
    assert_eq!((r.result, r.evidence[0].via.as_ref()), (Conformity::PartiallyConforming, "kind"));
}

#[test]
fn site_evidence_counts_at_its_site_only() {
    let a = run("E1,Context,record,Q/4.1/1,approved,south,2025-01-01,\n", "");
    assert_eq!(result(&a, "Q/4.1/1", "south").result, Conformity::Conforming);
    assert_eq!(result(&a, "Q/4.1/1", "north").result, Conformity::NotAssessed);
}

#[test]
fn aggregation_and_site_rollups_are_exact() {
    // North: 4.1 conforming, 7.5/1 conforming; south: 4.1 conforming only.
    let evidence =
        "E1,Context,record,Q/4.1/1,approved,,2025-01-01,\nE2,Manual,procedure,Q/7.5/1,approved,north,2025-01-01,\n";
    let options = |aggregation, site_rollup| AssessOptions { aggregation, site_rollup, ..AssessOptions::default() };
    let a = run_with(ORG, evidence, "", &options(Aggregation::WeightedMean, SiteRollup::Mean), "2026-06-30");
    let q = &a.norms[0];
    assert_eq!(q.sites[0].score.value, Some(dec("0.4")));
    assert_eq!(q.sites[1].score.value, Some(dec("0.2")));
    assert_eq!(q.score.value, Some(dec("0.3")));
    let head = run_with(ORG, evidence, "", &options(Aggregation::WeightedMean, SiteRollup::Headcount), "2026-06-30");
    assert_eq!(head.norms[0].score.value, Some(dec("0.35")), "(30 × 0.4 + 10 × 0.2) / 40");
    let worst = run_with(ORG, evidence, "", &options(Aggregation::WeightedMean, SiteRollup::Worst), "2026-06-30");
    assert_eq!(worst.norms[0].score.value, Some(dec("0.2")));
    // Mean of clause means at north: clause 4 = 1, clause 7 = 1/2, clause 9 = 0 → 1/2.
    let clauses = run_with(ORG, evidence, "", &options(Aggregation::MeanOfClauseMeans, SiteRollup::Mean), "2026-06-30");
    assert_eq!(clauses.norms[0].sites[0].score.value, Some(dec("0.5")));
    assert_eq!(clauses.norms[0].sites[0].score.parts.len(), 3);
}

#[test]
fn weights_apply_most_specific_first() {
    let evidence = "E1,Context,record,Q/4.1/1,approved,,2025-01-01,\n";
    let mut options = AssessOptions::default();
    options.weights.insert("Q/4".to_owned(), dec("3"));
    options.weights.insert("Q/4.1/1".to_owned(), dec("6"));
    options.weights.insert("Q/9".to_owned(), dec("2"));
    let a = run_with(ORG, evidence, "", &options, "2026-06-30");
    // 6 earned of 6 + 1 + 1 + 2 + 2 = 12.
    assert_eq!(a.norms[0].sites[0].score.value, Some(dec("0.5")));
    assert!(AssessOptions { threshold: dec("1.5"), ..AssessOptions::default() }.check().is_err());
}

#[test]
fn all_excluded_is_undefined_not_zero() {
    let org = ORG.replace(
        "norm = \"E:1\"",
        "norm = \"E:1\"\n[[organisation.system.exclusion]]\nrequirement = \"E/7.5\"\njustification = \"x\"",
    );
    let err = RegisterBuilder::new().organisation_toml("o.toml", &org).build(&catalogue()).unwrap_err();
    assert!(err.to_string().contains("may not declare not applicable E/7.5/1"), "{err}");
}

#[test]
fn readiness_lists_every_reason_and_the_cycle() {
    let org = ORG.replace(
        "norm = \"Q:1\"",
        "norm = \"Q:1\"\nstatus = \"certified\"\n[organisation.system.certification]\nissued = 2024-07-01\nexpires = 2027-06-30\n\
         [[organisation.system.certification.audit]]\nkind = \"surveillance_1\"\ndate = 2025-06-10\nstatus = \"held\"\n\
         [[organisation.system.certification.audit]]\nkind = \"surveillance_2\"\ndate = 2026-07-20\nstatus = \"planned\"",
    );
    let evidence = "E1,Manual,procedure,Q/7.5/1,approved,,2025-01-01,\n\
                    E2,Audit 2025,record,Q/9.2/1,approved,,2025-05-01,\n\
                    E3,Review 2026,record,Q/9.3,approved,,2026-02-01,\n";
    let findings = "F1,certification body,2026-06-01,major,Q/4.1/1,No context analysis,,,\n";
    let options = AssessOptions { audit_date: Some(day("2026-07-20")), ..AssessOptions::default() };
    let a = run_with(&org, evidence, findings, &options, "2026-06-30");
    let q = &a.readiness[0];
    assert!(!q.ready);
    assert_eq!(q.last_internal_audit, Some(day("2025-05-01")));
    assert_eq!(q.last_management_review, Some(day("2026-02-01")));
    let kinds: Vec<&str> = q
        .reasons
        .iter()
        .map(|r| match r {
            NotReady::OpenMajorNonconformity { .. } => "major",
            NotReady::MissingDocumentedInformation { .. } => "missing",
            NotReady::InternalAuditOverdue { .. } => "audit",
            NotReady::ManagementReviewOverdue { .. } => "review",
            NotReady::ScoreBelowThreshold { .. } => "score",
            NotReady::CertificateExpired { .. } => "certificate",
        })
        .collect();
    assert_eq!(kinds, ["major", "missing", "audit", "score"]);
    let cycle: Vec<(AuditKind, CycleStatus)> = q.cycle.iter().map(|c| (c.kind, c.status)).collect();
    assert_eq!(
        cycle,
        [
            (AuditKind::Surveillance1, CycleStatus::Held),
            (AuditKind::Surveillance2, CycleStatus::PlannedLate),
            (AuditKind::Recertification, CycleStatus::Due)
        ]
    );
    assert_eq!(q.cycle[1].deadline, Some(day("2026-07-01")), "within 24 months of the decision: planned too late");
}

#[test]
fn readiness_is_judged_on_the_audit_date() {
    let evidence = "E1,Manual,procedure,Q/7.5/1,approved,,2025-01-01,2026-07-10\n";
    let options = AssessOptions { audit_date: Some(day("2026-07-20")), ..AssessOptions::default() };
    let a = run_with(ORG, evidence, "", &options, "2026-06-30");
    assert_eq!(result(&a, "Q/7.5/1", "north").result, Conformity::Conforming, "valid today");
    assert!(
        a.readiness[0].reasons.iter().any(
            |r| matches!(r, NotReady::MissingDocumentedInformation { requirement, .. } if requirement == "Q/7.5/1")
        ),
        "expired by the audit"
    );
    assert_eq!(a.expiring[0].days_left, 10);
}

#[test]
fn gaps_come_in_priority_order() {
    let evidence = "E1,Manual,procedure,Q/7.5/1,approved,,2025-01-01,2026-08-01\nE2,Context,record,HS/4.1,approved,,2025-01-01,2026-07-15\n";
    let findings = "F1,internal,2026-03-01,minor,Q/7.5/1,Old version in use,,,\nF2,internal,2026-03-01,major,E/7.5/1,No control,,,\n";
    let a = run(evidence, findings);
    let kinds: Vec<(u8, GapKind)> = a.gaps.iter().map(|g| (g.priority, g.kind)).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    assert_eq!(a.gaps[0].finding.as_deref(), Some("F2"));
    let expiring: Vec<&str> =
        a.gaps.iter().filter(|g| g.kind == GapKind::ExpiringEvidence).filter_map(|g| g.evidence.as_deref()).collect();
    assert_eq!(expiring, ["E2", "E1"], "soonest first");
}

#[test]
fn maturity_is_rated_never_judged() {
    let org = format!(
        "{ORG}[[organisation.system]]\nnorm = \"G:1\"\n[[organisation.system.exclusion]]\nrequirement = \"G/6.5.4/1\"\njustification = \"Office only\"\n"
    );
    let catalogue = catalogue();
    let register = RegisterBuilder::new()
        .organisation_toml("o.toml", &org)
        .maturity_csv("m.csv", "requirement,level,assessed,note\nG/6.5.3/1,0,2025-01-10,\nG/6.5.3/1,4,2026-01-10,Certified EMS\nG/6.5.3/1,0,2027-01-10,Future\n")
        .build(&catalogue)
        .unwrap();
    let a = assess(&catalogue, &register, day("2026-06-30"), &AssessOptions::default()).unwrap();
    let m = &a.maturity[0];
    assert_eq!(m.items[0].level, Some(4));
    assert!(!m.items[1].relevant);
    assert_eq!(m.groups[0].mean, Some(dec("4")));
    assert_eq!(m.overall, Some(dec("4")));
    assert!(a.results.iter().all(|r| r.norm != "G:1"), "no conformity verdict for guidance");
    assert!(a.readiness.iter().all(|r| r.norm != "G:1"));
}

#[test]
fn unknown_or_unrun_norm_filters_are_errors() {
    let catalogue = catalogue();
    let register = RegisterBuilder::new().organisation_toml("o.toml", ORG).build(&catalogue).unwrap();
    let options = AssessOptions { norms: vec!["G:1".into()], ..AssessOptions::default() };
    let err = assess(&catalogue, &register, day("2026-01-01"), &options).unwrap_err();
    assert_eq!(err.to_string(), "G:1 is not run by ACME");
}

#[test]
fn unused_evidence_is_listed() {
    let org = ORG.replace("[[organisation.system]]\nnorm = \"E:1\"\n", "");
    let a = run_with(
        &org,
        "E1,Procedure,procedure,E/7.5,approved,,2025-01-01,\n",
        "",
        &AssessOptions { share_evidence: false, ..AssessOptions::default() },
        "2026-06-30",
    );
    assert_eq!(a.unused_evidence, ["E1"]);
}
