//! Invariants of the assessment on random registers over the built-in catalogue: bounds, N/A neutrality,
//! monotonicity (more valid evidence or a closed finding never lowers a score), and independence of row order.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use iso_core::assess::{AssessOptions, Assessment, Conformity, Score, assess};
use iso_core::catalogue::Catalogue;
use iso_core::register::{
    Evidence, EvidenceKind, EvidenceStatus, Exclusion, Finding, FindingSource, FindingStatus, Grade, ManagementSystem,
    Organisation, Register, Site, SystemStatus,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::builtin().unwrap())
}

/// Links evidence may use: requirements, clauses and harmonized-structure clauses of ISO 9001 and ISO 14001.
fn links() -> &'static [String] {
    static LINKS: OnceLock<Vec<String>> = OnceLock::new();
    LINKS.get_or_init(|| {
        let c = catalogue();
        let mut links: Vec<String> = c
            .requirements()
            .iter()
            .filter(|r| r.norm == "ISO 9001:2015" || r.norm == "ISO 14001:2015")
            .step_by(9)
            .map(|r| r.id.clone())
            .collect();
        links.extend(
            ["ISO9001:2015/7.5", "ISO14001:2015/6.1", "ISO9001:2015/9.2", "ISO14001:2015/5.2"].map(String::from),
        );
        links.extend(["HS/7.5", "HS/9.3", "HS/5.2", "HS/10.2"].map(String::from));
        links
    })
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

fn organisation() -> Organisation {
    let site =
        |id: &str, headcount| Site { id: id.into(), name: id.into(), headcount, address: None, establishment: None };
    let system = |norm: &str, sites: Vec<String>| ManagementSystem {
        norm: norm.into(),
        status: SystemStatus::Implementing,
        scope: String::new(),
        sites,
        exclusions: Vec::new(),
        certification: None,
    };
    Organisation {
        id: "org".into(),
        name: "Org".into(),
        tax_id: None,
        country: None,
        sites: vec![site("a", 10), site("b", 30)],
        systems: vec![system("ISO 9001:2015", vec![]), system("ISO 14001:2015", vec!["b".into()])],
    }
}

/// (link, kind, status, site, effective offset, days valid).
type EvidenceSpec = (usize, usize, usize, Option<usize>, u64, Option<u64>);
/// (link, grade, site, raised offset, days open).
type FindingSpec = (usize, usize, Option<usize>, u64, Option<u64>);

const STATUSES: [EvidenceStatus; 5] = [
    EvidenceStatus::Approved,
    EvidenceStatus::Approved,
    EvidenceStatus::Draft,
    EvidenceStatus::Superseded,
    EvidenceStatus::InReview,
];
const GRADES: [Grade; 4] =
    [Grade::MajorNonconformity, Grade::MinorNonconformity, Grade::MinorNonconformity, Grade::Observation];

prop_compose! {
    fn evidence_strategy()(
        link in 0..64usize,
        kind in 0..8usize,
        status in 0..5usize,
        site in prop::option::of(0..2usize),
        effective in 0..700u64,
        lasts in prop::option::of(1..900u64),
    ) -> EvidenceSpec {
        (link, kind, status, site, effective, lasts)
    }
}

prop_compose! {
    fn finding_strategy()(
        link in 0..64usize,
        grade in 0..4usize,
        site in prop::option::of(0..2usize),
        raised in 0..500u64,
        closed in prop::option::of(0..200u64),
    ) -> FindingSpec {
        (link, grade, site, raised, closed)
    }
}

fn site_id(i: usize) -> String {
    ["a", "b"][i].to_owned()
}

fn build(evidence: &[EvidenceSpec], findings: &[FindingSpec]) -> Register {
    let links = links();
    let start = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
    let mut register = Register::new(organisation());
    for (i, &(link, kind, status, site, effective, lasts)) in evidence.iter().enumerate() {
        let mut e =
            Evidence::new(format!("E{i:03}"), "evidence", EvidenceKind::ALL[kind], [links[link % links.len()].clone()]);
        e.status = STATUSES[status];
        e.site = site.map(site_id);
        let from = start + Days::new(effective);
        e.effective = Some(from);
        e.expires = lasts.map(|d| from + Days::new(d));
        register.evidence.push(e);
    }
    // Findings are about requirements or clauses of one norm (no HS links).
    let targets: Vec<&String> = links.iter().filter(|l| !l.starts_with("HS/")).collect();
    for (i, &(link, grade, site, raised, closed)) in findings.iter().enumerate() {
        let raised = start + Days::new(raised);
        let closed = closed.map(|d| raised + Days::new(d));
        register.findings.push(Finding {
            id: format!("F{i:03}"),
            source: FindingSource::Internal,
            raised,
            grade: GRADES[grade],
            requirement: targets[link % targets.len()].clone(),
            site: site.map(site_id),
            statement: "finding".into(),
            status: if closed.is_some() { FindingStatus::Closed } else { FindingStatus::Open },
            closed,
        });
    }
    register
}

fn run(register: &Register) -> Assessment {
    assess(catalogue(), register, as_of(), &AssessOptions::default()).unwrap()
}

/// Every score of an assessment, labelled: organisation, site and clause scores of every norm.
fn scores(a: &Assessment) -> Vec<(String, Option<Decimal>)> {
    let mut out = vec![("overall".to_owned(), a.overall.value)];
    for n in &a.norms {
        let label = |what: &str, s: &Score| (format!("{} {what}", n.norm), s.value);
        out.push(label("", &n.score));
        out.extend(n.clauses.iter().map(|c| label(&c.clause, &c.score)));
        for site in &n.sites {
            out.push(label(&site.site, &site.score));
            out.extend(site.clauses.iter().map(|c| label(&format!("{} {}", site.site, c.clause), &c.score)));
        }
    }
    out
}

fn never_lower(before: &Assessment, after: &Assessment) -> Result<(), TestCaseError> {
    for ((label, b), (_, a)) in scores(before).iter().zip(scores(after).iter()) {
        if let (Some(b), Some(a)) = (b, a) {
            prop_assert!(a >= b, "{label} went from {b} to {a}");
        }
    }
    for (b, a) in before.results.iter().zip(&after.results) {
        prop_assert!(
            a.points >= b.points,
            "{} at {} went from {:?} to {:?}",
            a.requirement,
            a.site,
            b.result,
            a.result
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_score_is_within_zero_and_one(
        evidence in prop::collection::vec(evidence_strategy(), 0..40),
        findings in prop::collection::vec(finding_strategy(), 0..12),
    ) {
        let a = run(&build(&evidence, &findings));
        for (label, value) in scores(&a) {
            if let Some(v) = value {
                prop_assert!((Decimal::ZERO..=Decimal::ONE).contains(&v), "{label} = {v}");
            }
        }
    }

    #[test]
    fn adding_valid_evidence_never_lowers_a_score(
        evidence in prop::collection::vec(evidence_strategy(), 0..30),
        findings in prop::collection::vec(finding_strategy(), 0..10),
        extra in evidence_strategy(),
    ) {
        let register = build(&evidence, &findings);
        let before = run(&register);
        let mut more = register.clone();
        let (link, kind, _, site, _, _) = extra;
        let mut e = Evidence::new("NEW", "new evidence", EvidenceKind::ALL[kind], [links()[link % links().len()].clone()]);
        e.status = EvidenceStatus::Approved;
        e.site = site.map(site_id);
        e.effective = Some(as_of() - Days::new(30));
        more.evidence.push(e);
        never_lower(&before, &run(&more))?;
    }

    #[test]
    fn closing_a_finding_never_lowers_a_score(
        evidence in prop::collection::vec(evidence_strategy(), 0..30),
        findings in prop::collection::vec(finding_strategy(), 1..10),
        pick in 0..10usize,
    ) {
        let register = build(&evidence, &findings);
        let open: Vec<usize> = (0..register.findings.len()).filter(|&i| register.findings[i].is_open_on(as_of())).collect();
        prop_assume!(!open.is_empty());
        let before = run(&register);
        let mut closed = register.clone();
        let f = &mut closed.findings[open[pick % open.len()]];
        f.status = FindingStatus::Closed;
        f.closed = Some(as_of());
        never_lower(&before, &run(&closed))?;
    }

    #[test]
    fn declaring_a_requirement_not_applicable_changes_no_other_result(
        evidence in prop::collection::vec(evidence_strategy(), 0..30),
        findings in prop::collection::vec(finding_strategy(), 0..10),
        pick in 0..1000usize,
    ) {
        let register = build(&evidence, &findings);
        let excludable: Vec<&str> = catalogue()
            .requirements()
            .iter()
            .filter(|r| r.norm == "ISO 9001:2015" && r.excludable)
            .map(|r| r.id.as_str())
            .collect();
        let target = excludable[pick % excludable.len()];
        let mut excluded = register.clone();
        excluded.organisation.systems[0].exclusions.push(Exclusion {
            requirement: target.to_owned(),
            justification: "does not apply".into(),
            site: None,
        });
        let (before, after) = (run(&register), run(&excluded));
        for (b, a) in before.results.iter().zip(&after.results) {
            if a.requirement == target {
                prop_assert_eq!(a.result, Conformity::NotApplicable);
            } else {
                prop_assert_eq!(b, a);
            }
        }
    }

    #[test]
    fn row_order_does_not_change_the_output(
        evidence in prop::collection::vec(evidence_strategy(), 0..30),
        findings in prop::collection::vec(finding_strategy(), 0..10),
    ) {
        let register = build(&evidence, &findings);
        let mut reversed = register.clone();
        reversed.evidence.reverse();
        reversed.findings.reverse();
        let a = serde_json::to_string(&run(&register)).unwrap();
        let b = serde_json::to_string(&run(&reversed)).unwrap();
        prop_assert!(a == b, "the output depends on the order of rows");
    }
}
