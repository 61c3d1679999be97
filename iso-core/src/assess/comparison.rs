//! What changed between two assessments (two dates, or two registers), and why.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::model::{Assessment, Conformity, RequirementResult, Rule};

/// A score before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScoreChange {
    /// Norm id.
    pub norm: String,
    /// Site id, or absent for the organisation's score.
    pub site: Option<String>,
    /// Before (absent when undefined or not assessed).
    #[schemars(with = "Option<String>")]
    pub before: Option<Decimal>,
    /// After.
    #[schemars(with = "Option<String>")]
    pub after: Option<Decimal>,
    /// After − before, when both are defined.
    #[schemars(with = "Option<String>")]
    pub delta: Option<Decimal>,
}

/// A requirement whose result changed at a site, with what changed around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ResultChange {
    /// Requirement id.
    pub requirement: String,
    /// Norm id.
    pub norm: String,
    /// Site id.
    pub site: String,
    /// Result before (absent when not assessed then).
    pub before: Option<Conformity>,
    /// Result after.
    pub after: Option<Conformity>,
    /// The deciding rule before.
    pub rule_before: Option<Rule>,
    /// The deciding rule after.
    pub rule_after: Option<Rule>,
    /// Evidence credited after but not before.
    pub evidence_added: Vec<String>,
    /// Evidence credited before but not after (expired, superseded, removed).
    pub evidence_removed: Vec<String>,
    /// Findings open after but not before.
    pub findings_opened: Vec<String>,
    /// Findings open before but not after.
    pub findings_closed: Vec<String>,
}

/// The difference between two assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Comparison {
    /// The earlier assessment's date.
    #[schemars(with = "String")]
    pub before: NaiveDate,
    /// The later assessment's date.
    #[schemars(with = "String")]
    pub after: NaiveDate,
    /// Organisation and site scores per norm, in the later assessment's order (then norms only in the earlier one).
    pub scores: Vec<ScoreChange>,
    /// Requirement results that changed, in the later assessment's order.
    pub changes: Vec<ResultChange>,
}

fn delta(before: Option<Decimal>, after: Option<Decimal>) -> Option<Decimal> {
    Some(after? - before?)
}

fn ids<'a, S: AsRef<str> + ?Sized + 'a>(items: impl Iterator<Item = &'a S>) -> BTreeSet<&'a str> {
    items.map(AsRef::as_ref).collect()
}

fn difference(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> Vec<String> {
    a.difference(b).map(|s| (*s).to_owned()).collect()
}

fn credited(r: Option<&RequirementResult>) -> BTreeSet<&str> {
    ids(r.into_iter().flat_map(|r| r.evidence.iter().map(|c| &c.evidence)))
}

fn open_findings(r: Option<&RequirementResult>) -> BTreeSet<&str> {
    ids(r.into_iter().flat_map(|r| r.findings.iter().map(|f| &f.finding)))
}

/// Compares two assessments of the same organisation (or of two registers of it).
///
/// ```
/// # use iso_core::assess::{assess, compare, AssessOptions};
/// # use iso_core::register::RegisterBuilder;
/// # let catalogue = iso_core::Catalogue::builtin()?;
/// # let register = RegisterBuilder::new().organisation_toml("o.toml", "[organisation]\nid='a'\nname='A'\n[[organisation.site]]\nid='s'\nname='S'\n[[organisation.system]]\nnorm='ISO 14001:2015'\n")
/// #     .evidence_csv("e.csv", "id,title,kind,links,status,effective,expires\nE1,Policy,policy,ISO14001:2015/5.2,approved,2025-01-01,2025-12-31\n").build(&catalogue)?;
/// let june = assess(&catalogue, &register, "2025-06-30".parse()?, &AssessOptions::default())?;
/// let next = assess(&catalogue, &register, "2026-06-30".parse()?, &AssessOptions::default())?;
/// let diff = compare(&june, &next);
/// let policy = diff.changes.iter().find(|c| c.requirement == "ISO14001:2015/5.2/2").unwrap();
/// assert_eq!(policy.evidence_removed, ["E1"]);
/// assert!(diff.scores[0].delta.unwrap() < rust_decimal::Decimal::ZERO);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare(before: &Assessment, after: &Assessment) -> Comparison {
    let mut scores = Vec::new();
    let mut norms: Vec<&str> = after.norms.iter().map(|n| n.norm.as_str()).collect();
    norms.extend(before.norms.iter().map(|n| n.norm.as_str()).filter(|n| !after.norms.iter().any(|a| a.norm == *n)));
    for norm in norms {
        let b = before.norms.iter().find(|n| n.norm == norm);
        let a = after.norms.iter().find(|n| n.norm == norm);
        let (bv, av) = (b.and_then(|n| n.score.value), a.and_then(|n| n.score.value));
        scores.push(ScoreChange { norm: norm.to_owned(), site: None, before: bv, after: av, delta: delta(bv, av) });
        let mut sites: Vec<&str> = a.map(|n| n.sites.iter().map(|s| s.site.as_str()).collect()).unwrap_or_default();
        for s in b.iter().flat_map(|n| n.sites.iter()) {
            if !sites.contains(&s.site.as_str()) {
                sites.push(&s.site);
            }
        }
        for site in sites {
            let find = |n: Option<&super::model::NormAssessment>| {
                n.and_then(|n| n.sites.iter().find(|s| s.site == site)).and_then(|s| s.score.value)
            };
            let (bv, av) = (find(b), find(a));
            scores.push(ScoreChange {
                norm: norm.to_owned(),
                site: Some(site.to_owned()),
                before: bv,
                after: av,
                delta: delta(bv, av),
            });
        }
    }

    let key = |r: &RequirementResult| (r.requirement.clone(), r.site.clone());
    let earlier: BTreeMap<(String, String), &RequirementResult> = before.results.iter().map(|r| (key(r), r)).collect();
    let mut seen = BTreeSet::new();
    let mut changes = Vec::new();
    let mut push = |b: Option<&RequirementResult>, a: Option<&RequirementResult>| {
        let Some(any) = a.or(b) else { return };
        if b.map(|r| (r.result, r.points)) == a.map(|r| (r.result, r.points)) {
            return;
        }
        let (eb, ea, fb, fa) = (credited(b), credited(a), open_findings(b), open_findings(a));
        changes.push(ResultChange {
            requirement: any.requirement.clone(),
            norm: any.norm.clone(),
            site: any.site.clone(),
            before: b.map(|r| r.result),
            after: a.map(|r| r.result),
            rule_before: b.map(|r| r.rule),
            rule_after: a.map(|r| r.rule),
            evidence_added: difference(&ea, &eb),
            evidence_removed: difference(&eb, &ea),
            findings_opened: difference(&fa, &fb),
            findings_closed: difference(&fb, &fa),
        });
    };
    for a in &after.results {
        let k = key(a);
        push(earlier.get(&k).copied(), Some(a));
        seen.insert(k);
    }
    for b in &before.results {
        if !seen.contains(&key(b)) {
            push(Some(b), None);
        }
    }
    Comparison { before: before.as_of, after: after.as_of, scores, changes }
}
