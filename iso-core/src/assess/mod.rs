//! Conformity assessment as of a date: per requirement and site, explained and exact scores, readiness for the next
//! audit, gaps, expiring evidence, overdue actions, and ISO 26000 maturity.
//!
//! [`assess`] is a pure function of (catalogue, register, as-of date, options). The rules, in order, for one
//! requirement at one site:
//!
//! 1. declared not applicable (an exclusion of the requirement or its clause, for every site or this one) →
//!    **not applicable**, neutral in every score;
//! 2. an open major nonconformity on it (or its clause) → **nonconforming**;
//! 3. mandatory documented information and no valid evidence → **nonconforming** (missing documented information);
//! 4. valid evidence giving full credit → **conforming**; only partial credit → **partially conforming**; none →
//!    **not assessed**;
//! 5. an open minor nonconformity caps the result of rule 4 at **partially conforming** (a finding never makes a
//!    requirement better than its evidence shows, so closing one never lowers a score).
//!
//! Evidence is valid on a day when approved, effective, and not expired. It reaches a requirement when linked to
//! it, to one of its clauses, or to the harmonized-structure clause of one of its clauses; with `share_evidence`,
//! evidence linked to a clause also reaches the corresponding clauses of the other norms run. Credit is full when
//! the requirement's clause asks for no more than the linked one (relation equal or subset), partial otherwise, and
//! partial when the evidence is not the kind of documented information the requirement names (a policy where a
//! record must be retained). Organisation-wide evidence and findings count at every site.
//!
//! Scores are exact decimals in [0, 1] (`earned / possible`), rounded only when presented; N/A is neutral; an
//! undefined score (nothing applicable) has no value rather than 0.

mod comparison;
mod engine;
mod model;
mod options;
mod summary;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use comparison::{Comparison, ResultChange, ScoreChange, compare};
pub use model::{
    Assessment, ClauseScore, Conformity, Counts, Credit, Credited, CycleAudit, CycleStatus, Expiring, FindingRef, Gap,
    GapKind, Invalid, MaturityAssessment, MaturityGroup, MaturityItem, NormAssessment, NotReady, OverdueAction, Part,
    Readiness, RequirementResult, Rule, Score, SiteScore,
};
pub use options::{Aggregation, AssessOptions, Points, SiteRollup};
pub use summary::escape_html;

use crate::catalogue::{Catalogue, NormKind};
use crate::error::AssessError;
use crate::register::{AuditKind, AuditStatus, Grade, Register, SystemStatus};
use engine::{Context, Evaluation, System, evaluate};

/// Assesses a register as of a date.
///
/// ```
/// use iso_core::assess::{assess, AssessOptions, Conformity};
/// use iso_core::catalogue::Catalogue;
/// use iso_core::register::RegisterBuilder;
///
/// let catalogue = Catalogue::builtin()?;
/// let register = RegisterBuilder::new()
///     .organisation_toml("organisation.toml", r#"
///         [organisation]
///         id = "acme"
///         name = "ACME"
///         [[organisation.site]]
///         id = "hq"
///         name = "Head office"
///         [[organisation.system]]
///         norm = "ISO 14001:2015"
///     "#)
///     .evidence_csv("evidence.csv", "id,title,kind,links,status,effective,expires\n\
///         E1,Environmental policy,policy,ISO14001:2015/5.2,approved,2025-01-15,2026-01-14\n")
///     .build(&catalogue)?;
///
/// let on = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
/// let before = assess(&catalogue, &register, on("2025-06-30"), &AssessOptions::default())?;
/// let after = assess(&catalogue, &register, on("2026-06-30"), &AssessOptions::default())?;
/// let policy = |a: &iso_core::assess::Assessment| {
///     a.results.iter().find(|r| r.requirement == "ISO14001:2015/5.2/2").unwrap().result
/// };
/// assert_eq!(policy(&before), Conformity::Conforming);
/// assert_eq!(policy(&after), Conformity::Nonconforming); // the policy expired: missing documented information
/// assert!(after.norms[0].score.value < before.norms[0].score.value);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn assess(
    catalogue: &Catalogue,
    register: &Register,
    as_of: NaiveDate,
    options: &AssessOptions,
) -> Result<Assessment, AssessError> {
    let ctx = Context::new(catalogue, register, options)?;
    let evaluation = evaluate(&ctx, as_of);
    let norms = norm_assessments(&ctx, &evaluation);
    let overall = mean_of(norms.iter().map(|n| (n.norm.clone(), n.score.value, Decimal::ONE, n.score.counts)));

    let audit_date = options.audit_date.unwrap_or(as_of);
    let (audit_norms, audit_evaluation) = if audit_date == as_of {
        (None, None)
    } else {
        let e = evaluate(&ctx, audit_date);
        (Some(norm_assessments(&ctx, &e)), Some(e))
    };
    let readiness = readiness(
        &ctx,
        as_of,
        audit_date,
        audit_evaluation.as_ref().unwrap_or(&evaluation),
        audit_norms.as_ref().unwrap_or(&norms),
    );

    let (expiring_positions, expiring): (Vec<usize>, Vec<Expiring>) = expiring(&ctx, as_of).into_iter().unzip();
    let gaps = gaps(&ctx, as_of, &evaluation, &expiring_positions, &expiring);
    let overdue_actions = overdue_actions(register, as_of);
    let mut observations: Vec<FindingRef> = register
        .findings
        .iter()
        .filter(|f| !f.grade.is_nonconformity() && f.is_open_on(as_of))
        .map(|f| FindingRef { finding: f.id.clone(), grade: f.grade, raised: f.raised })
        .collect();
    observations.sort_by(|a, b| {
        a.grade.cmp(&b.grade).then_with(|| a.raised.cmp(&b.raised)).then_with(|| a.finding.cmp(&b.finding))
    });
    let mut unused_evidence: Vec<String> = register
        .evidence
        .iter()
        .zip(&ctx.evidence_covers)
        .filter(|(_, covers)| covers.is_empty())
        .map(|(e, _)| e.id.clone())
        .collect();
    unused_evidence.sort();

    Ok(Assessment {
        as_of,
        organisation: register.organisation.id.clone(),
        organisation_name: register.organisation.name.clone(),
        options: options.clone(),
        norms,
        overall,
        results: evaluation.results,
        readiness,
        gaps,
        expiring,
        overdue_actions,
        observations,
        maturity: maturity(&ctx, as_of),
        unused_evidence,
    })
}

#[derive(Debug, Clone, Default)]
struct Acc {
    earned: Decimal,
    possible: Decimal,
    counts: Counts,
}

impl Acc {
    fn score(&self) -> Score {
        Score {
            value: (self.possible > Decimal::ZERO).then(|| self.earned / self.possible),
            earned: self.earned,
            possible: self.possible,
            counts: self.counts,
            parts: Vec::new(),
        }
    }
}

/// A weighted mean of defined values: parts (id, value, weight, counts). Undefined parts are left out.
fn mean_of(parts: impl IntoIterator<Item = (String, Option<Decimal>, Decimal, Counts)>) -> Score {
    let mut score = Score::default();
    for (id, value, weight, counts) in parts {
        score.counts.merge(&counts);
        if let Some(value) = value {
            score.earned += value * weight;
            score.possible += weight;
            score.parts.push(model::Part { id, value, weight });
        }
    }
    score.value = (score.possible > Decimal::ZERO).then(|| score.earned / score.possible);
    score
}

/// Rolls site scores up as declared: (site position, score).
fn roll_up(ctx: &Context<'_>, sites: &[(usize, &Score)]) -> Score {
    let org = &ctx.register.organisation;
    let id = |s: usize| org.sites[s].id.clone();
    match ctx.options.site_rollup {
        SiteRollup::Mean => mean_of(sites.iter().map(|(s, sc)| (id(*s), sc.value, Decimal::ONE, sc.counts))),
        SiteRollup::Headcount => {
            mean_of(sites.iter().map(|(s, sc)| (id(*s), sc.value, Decimal::from(org.sites[*s].headcount), sc.counts)))
        }
        SiteRollup::Worst => {
            let worst = sites.iter().filter_map(|(s, sc)| sc.value.map(|v| (v, *s))).min();
            mean_of(sites.iter().map(|(s, sc)| {
                let weight = if worst.is_some_and(|(_, w)| w == *s) { Decimal::ONE } else { Decimal::ZERO };
                (id(*s), sc.value, weight, sc.counts)
            }))
        }
    }
}

fn norm_assessments(ctx: &Context<'_>, evaluation: &Evaluation) -> Vec<NormAssessment> {
    let catalogue = ctx.catalogue;
    let mut out = Vec::new();
    for (system, spans) in ctx.systems.iter().zip(&evaluation.spans) {
        if system.norm.kind == NormKind::Guidance {
            continue;
        }
        let mut site_scores = Vec::new();
        for (&site, span) in system.sites.iter().zip(spans) {
            let mut clauses: BTreeMap<usize, Acc> = BTreeMap::new();
            let mut total = Acc::default();
            for (result, &r) in evaluation.results[span.clone()].iter().zip(&evaluation.requirements[span.clone()]) {
                let r = r as usize;
                let contribution = result.points.map(|p| (result.weight * p, result.weight));
                let add = |acc: &mut Acc| {
                    acc.counts.add(result.result);
                    if let Some((earned, possible)) = contribution {
                        acc.earned += earned;
                        acc.possible += possible;
                    }
                };
                for &c in &ctx.clause_chains[r] {
                    add(clauses.entry(c).or_default());
                }
                add(&mut total);
            }
            let clause_scores: Vec<ClauseScore> = clauses
                .iter()
                .map(|(&c, acc)| {
                    let clause = &catalogue.clauses()[c];
                    ClauseScore { clause: clause.id.clone(), number: clause.number.clone(), score: acc.score() }
                })
                .collect();
            let score = match ctx.options.aggregation {
                Aggregation::WeightedMean => total.score(),
                Aggregation::MeanOfClauseMeans => {
                    let top = clauses.iter().filter(|(c, _)| catalogue.clauses()[**c].parent.is_none());
                    mean_of(top.map(|(&c, acc)| {
                        let s = acc.score();
                        (catalogue.clauses()[c].id.clone(), s.value, Decimal::ONE, s.counts)
                    }))
                }
            };
            site_scores.push((
                site,
                SiteScore { site: ctx.register.organisation.sites[site].id.clone(), score, clauses: clause_scores },
            ));
        }
        let score = roll_up(ctx, &site_scores.iter().map(|(s, sc)| (*s, &sc.score)).collect::<Vec<_>>());
        // Clause scores rolled up across sites, in catalogue order.
        let mut clause_ids: Vec<(usize, &ClauseScore)> = Vec::new();
        for (_, site) in &site_scores {
            for cs in &site.clauses {
                if let Some(c) = catalogue.clause_index(&cs.clause) {
                    clause_ids.push((c, cs));
                }
            }
        }
        clause_ids.sort_by_key(|(c, _)| *c);
        clause_ids.dedup_by_key(|(c, _)| *c);
        let clauses = clause_ids
            .iter()
            .map(|(_, cs)| {
                let per_site: Vec<(usize, &Score)> = site_scores
                    .iter()
                    .filter_map(|(s, site)| site.clauses.iter().find(|x| x.clause == cs.clause).map(|x| (*s, &x.score)))
                    .collect();
                ClauseScore { clause: cs.clause.clone(), number: cs.number.clone(), score: roll_up(ctx, &per_site) }
            })
            .collect();
        out.push(NormAssessment {
            norm: system.norm.id.clone(),
            title: system.norm.title.clone(),
            status: system.system.status,
            score,
            sites: site_scores.into_iter().map(|(_, s)| s).collect(),
            clauses,
        });
    }
    out
}

/// Marks the requirements of a norm's clauses corresponding to a harmonized-structure clause (9.2, 9.3); none
/// marked when the norm has no such clause.
fn requirements_of_hs(ctx: &Context<'_>, system: &System<'_>, hs: &str) -> Vec<bool> {
    let catalogue = ctx.catalogue;
    let mut marked = vec![false; catalogue.requirements().len()];
    for clause in catalogue
        .clauses()
        .iter()
        .filter(|c| c.norm == system.norm.id && (c.hs.as_deref() == Some(hs) || c.number == hs))
    {
        for r in catalogue.requirement_indices_under(&clause.id) {
            marked[r] = true;
        }
    }
    marked
}

/// For each list of marked requirements, the latest effective date, on or before `day`, of an approved record
/// reaching one of them (in one pass over the evidence).
fn last_records(ctx: &Context<'_>, marks: &[Vec<bool>], day: NaiveDate) -> Vec<Option<NaiveDate>> {
    let mut last = vec![None; marks.len()];
    for (e, covers) in ctx.register.evidence.iter().zip(&ctx.evidence_covers) {
        let status_counts =
            matches!(e.status, crate::register::EvidenceStatus::Approved | crate::register::EvidenceStatus::Superseded);
        if !status_counts || !e.kind.is_record() {
            continue;
        }
        let Some(effective) = e.effective.filter(|d| *d <= day) else { continue };
        for (mark, last) in marks.iter().zip(last.iter_mut()) {
            if last.is_none_or(|l| l < effective) && covers.iter().any(|c| mark[c.requirement as usize]) {
                *last = Some(effective);
            }
        }
    }
    last
}

fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MIN)
}

fn readiness(
    ctx: &Context<'_>,
    as_of: NaiveDate,
    audit_date: NaiveDate,
    evaluation: &Evaluation,
    norms: &[NormAssessment],
) -> Vec<Readiness> {
    let mut out = Vec::new();
    for (system, spans) in ctx.systems.iter().zip(&evaluation.spans) {
        if system.norm.kind != NormKind::Requirements {
            continue;
        }
        let norm_id = &system.norm.id;
        let mut reasons = Vec::new();
        let results = spans.iter().flat_map(|span| &evaluation.results[span.clone()]);

        let mut majors: BTreeMap<&str, (String, Option<String>)> = BTreeMap::new();
        let findings: std::collections::HashMap<&str, &crate::register::Finding> =
            ctx.register.findings.iter().map(|f| (f.id.as_str(), f)).collect();
        let mut missing: BTreeMap<&str, (crate::catalogue::DocumentedInfo, Vec<String>)> = BTreeMap::new();
        for result in results {
            for f in result.findings.iter().filter(|f| f.grade == Grade::MajorNonconformity) {
                if let Some(finding) = findings.get(f.finding.as_str()) {
                    majors
                        .entry(f.finding.as_str())
                        .or_insert_with(|| (finding.requirement.clone(), finding.site.clone()));
                }
            }
            if result.rule == Rule::MissingDocumentedInformation {
                missing
                    .entry(result.requirement.as_str())
                    .or_insert_with(|| (result.documented, Vec::new()))
                    .1
                    .push(result.site.clone());
            }
        }
        for (finding, (requirement, site)) in majors {
            reasons.push(NotReady::OpenMajorNonconformity { finding: finding.to_owned(), requirement, site });
        }
        let order = |id: &str| ctx.catalogue.requirement_index(id);
        let mut missing: Vec<_> = missing.into_iter().collect();
        missing.sort_by_key(|(id, _)| order(id));
        for (requirement, (documented, sites)) in missing {
            reasons.push(NotReady::MissingDocumentedInformation {
                requirement: requirement.to_owned(),
                documented,
                sites,
            });
        }

        let due_since = months_before(audit_date, ctx.options.review_interval_months);
        let marks = [requirements_of_hs(ctx, system, "9.2"), requirements_of_hs(ctx, system, "9.3")];
        let [last_internal_audit, last_management_review] = last_records(ctx, &marks, audit_date)[..] else {
            continue;
        };
        let [audit_reqs, review_reqs] = &marks;
        if audit_reqs.contains(&true) && last_internal_audit.is_none_or(|d| d <= due_since) {
            reasons.push(NotReady::InternalAuditOverdue { last: last_internal_audit, due_since });
        }
        if review_reqs.contains(&true) && last_management_review.is_none_or(|d| d <= due_since) {
            reasons.push(NotReady::ManagementReviewOverdue { last: last_management_review, due_since });
        }
        let score = norms.iter().find(|n| &n.norm == norm_id).and_then(|n| n.score.value);
        if score.is_none_or(|s| s < ctx.options.threshold) {
            reasons.push(NotReady::ScoreBelowThreshold { score, threshold: ctx.options.threshold });
        }
        let certification = system.system.certification.as_ref();
        if let Some(expires) = certification.and_then(|c| c.expires) {
            if system.system.status == SystemStatus::Certified && expires < audit_date {
                reasons.push(NotReady::CertificateExpired { expires });
            }
        }
        out.push(Readiness {
            norm: norm_id.clone(),
            audit_date,
            ready: reasons.is_empty(),
            score,
            reasons,
            last_internal_audit,
            last_management_review,
            cycle: cycle(system, as_of),
        });
    }
    out
}

/// The audits of the certification cycle (IAF practice): stage 1 and 2 before certification; surveillance within
/// 12 and 24 months of the certification decision; recertification before the certificate expires.
fn cycle(system: &System<'_>, as_of: NaiveDate) -> Vec<CycleAudit> {
    let Some(certification) = system.system.certification.as_ref() else { return Vec::new() };
    let audits = &certification.audits;
    let after_issue =
        |months: u32| certification.issued.and_then(|d| d.checked_add_months(chrono::Months::new(months)));
    let mut out = Vec::new();
    for (kind, deadline) in [
        (AuditKind::Stage1, None),
        (AuditKind::Stage2, None),
        (AuditKind::Surveillance1, after_issue(12)),
        (AuditKind::Surveillance2, after_issue(24)),
        (AuditKind::Recertification, certification.expires),
    ] {
        // The latest audit of this kind in the current cycle (on or after the certificate's issue for surveillance
        // and recertification audits).
        let in_cycle = |a: &&crate::register::CertificationAudit| {
            a.kind == kind
                && (matches!(kind, AuditKind::Stage1 | AuditKind::Stage2)
                    || certification.issued.is_none_or(|issued| a.date >= issued))
        };
        let held = audits.iter().filter(in_cycle).filter(|a| a.status == AuditStatus::Held).map(|a| a.date).max();
        let planned = audits.iter().filter(in_cycle).filter(|a| a.status == AuditStatus::Planned).map(|a| a.date).min();
        let (date, status) = match (held, planned) {
            (Some(date), _) => (Some(date), CycleStatus::Held),
            (None, Some(date)) if deadline.is_some_and(|d| date > d) => (Some(date), CycleStatus::PlannedLate),
            (None, Some(date)) => (Some(date), CycleStatus::Planned),
            (None, None) => match deadline {
                Some(d) if d < as_of => (None, CycleStatus::Overdue),
                Some(_) => (None, CycleStatus::Due),
                None => continue,
            },
        };
        out.push(CycleAudit { kind, date, deadline, status });
    }
    out
}

/// Valid evidence expiring within the declared days, soonest first, with each record's position in the register.
fn expiring(ctx: &Context<'_>, as_of: NaiveDate) -> Vec<(usize, Expiring)> {
    let horizon = as_of.checked_add_days(chrono::Days::new(u64::from(ctx.options.expiring_within_days)));
    let mut out: Vec<(usize, Expiring)> = ctx
        .register
        .evidence
        .iter()
        .zip(&ctx.evidence_covers)
        .enumerate()
        .filter(|(_, (e, covers))| e.is_valid_on(as_of) && !covers.is_empty())
        .filter_map(|(i, (e, _))| {
            let last = e.last_valid_day()?;
            (horizon.is_none_or(|h| last <= h)).then(|| {
                (
                    i,
                    Expiring {
                        evidence: e.id.clone(),
                        title: e.title.clone(),
                        expires: last,
                        days_left: (last - as_of).num_days(),
                        owner: e.owner.clone(),
                        site: e.site.clone(),
                    },
                )
            })
        })
        .collect();
    out.sort_by(|(_, a), (_, b)| a.expires.cmp(&b.expires).then_with(|| a.evidence.cmp(&b.evidence)));
    out
}

fn overdue_actions(register: &Register, as_of: NaiveDate) -> Vec<OverdueAction> {
    let mut out: Vec<OverdueAction> = register
        .actions
        .iter()
        .filter(|a| a.is_overdue_on(as_of))
        .map(|a| OverdueAction {
            action: a.id.clone(),
            finding: a.finding.clone(),
            due: a.due,
            days_overdue: (as_of - a.due).num_days(),
            owner: a.owner.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.action.cmp(&b.action)));
    out
}

fn gaps(
    ctx: &Context<'_>,
    as_of: NaiveDate,
    evaluation: &Evaluation,
    expiring_positions: &[usize],
    expiring: &[Expiring],
) -> Vec<Gap> {
    let catalogue = ctx.catalogue;
    let org = &ctx.register.organisation;
    let mut gaps = Vec::new();
    let sites_of_norm = |norm: &str| -> Vec<String> {
        ctx.systems
            .iter()
            .find(|s| s.norm.id == norm)
            .map(|s| s.sites.iter().map(|&i| org.sites[i].id.clone()).collect())
            .unwrap_or_default()
    };
    // Findings.
    for (i, f) in ctx.register.findings.iter().enumerate() {
        if !f.grade.is_nonconformity() || !f.is_open_on(as_of) {
            continue;
        }
        let Some(&first) = ctx.finding_targets[i].first() else { continue };
        let norm = catalogue.requirements()[first].norm.clone();
        if !ctx.systems.iter().any(|s| s.norm.id == norm) {
            continue;
        }
        let (priority, kind) = if f.grade == Grade::MajorNonconformity {
            (1, GapKind::MajorNonconformity)
        } else {
            (3, GapKind::MinorNonconformity)
        };
        let sites = f.site.clone().map_or_else(|| sites_of_norm(&norm), |s| vec![s]);
        gaps.push(Gap {
            priority,
            kind,
            norm,
            requirement: f.requirement.clone(),
            sites,
            finding: Some(f.id.clone()),
            evidence: None,
            date: Some(f.raised),
        });
    }
    // Requirement results, grouped by requirement across sites.
    let mut grouped: BTreeMap<(u8, usize), (GapKind, &str, Vec<String>)> = BTreeMap::new();
    for (result, &r) in evaluation.results.iter().zip(&evaluation.requirements) {
        let (priority, kind) = match (result.result, result.rule) {
            (_, Rule::MissingDocumentedInformation) => (2, GapKind::MissingDocumentedInformation),
            (Conformity::PartiallyConforming, Rule::PartialEvidence) => (5, GapKind::PartialEvidence),
            (Conformity::NotAssessed, _) => (6, GapKind::NotAssessed),
            _ => continue,
        };
        grouped
            .entry((priority, r as usize))
            .or_insert_with(|| (kind, result.norm.as_str(), Vec::new()))
            .2
            .push(result.site.clone());
    }
    for ((priority, r), (kind, norm, sites)) in grouped {
        gaps.push(Gap {
            priority,
            kind,
            norm: norm.to_owned(),
            requirement: catalogue.requirements()[r].id.clone(),
            sites,
            finding: None,
            evidence: None,
            date: None,
        });
    }
    // Expiring evidence.
    for (&position, x) in expiring_positions.iter().zip(expiring) {
        let Some(first) = ctx.evidence_covers[position].first() else { continue };
        let requirement = &catalogue.requirements()[first.requirement as usize];
        let sites = x.site.clone().map_or_else(|| sites_of_norm(&requirement.norm), |s| vec![s]);
        gaps.push(Gap {
            priority: 4,
            kind: GapKind::ExpiringEvidence,
            norm: requirement.norm.clone(),
            requirement: ctx.register.evidence[position].links.first().cloned().unwrap_or_default(),
            sites,
            finding: None,
            evidence: Some(x.evidence.clone()),
            date: Some(x.expires),
        });
    }
    let norm_order = |norm: &str| catalogue.norms().iter().position(|n| n.id == norm);
    gaps.sort_by_cached_key(|g| {
        let requirement =
            catalogue.requirement_index(&g.requirement).or_else(|| catalogue.clause_index(&g.requirement));
        (g.priority, g.date, norm_order(&g.norm), requirement, g.finding.clone(), g.evidence.clone())
    });
    gaps
}

fn maturity(ctx: &Context<'_>, as_of: NaiveDate) -> Vec<MaturityAssessment> {
    let catalogue = ctx.catalogue;
    let mut out = Vec::new();
    for system in ctx.systems.iter().filter(|s| s.norm.kind == NormKind::Guidance) {
        let mut items = Vec::new();
        let mut groups: BTreeMap<usize, (u32, u32, Decimal)> = BTreeMap::new();
        let (mut rated_total, mut sum_total) = (0u32, Decimal::ZERO);
        for &r in &system.requirements {
            let requirement = &catalogue.requirements()[r];
            let relevant = !system.exclusions.iter().any(|(site, reqs, _)| site.is_none() && reqs.contains(&r));
            let rating = ctx
                .register
                .maturity
                .iter()
                .filter(|m| m.assessed <= as_of)
                .filter(|m| {
                    crate::register::resolve_link(catalogue, &m.requirement)
                        .is_ok_and(|t| t == crate::register::LinkTarget::Requirement(r))
                })
                .max_by_key(|m| m.assessed);
            let group = ctx.clause_chains[r].get(1).or(ctx.clause_chains[r].first()).copied().unwrap_or(0);
            let entry = groups.entry(group).or_default();
            if relevant {
                entry.0 += 1;
                if let Some(m) = rating {
                    entry.1 += 1;
                    entry.2 += Decimal::from(m.level);
                    rated_total += 1;
                    sum_total += Decimal::from(m.level);
                }
            }
            items.push(MaturityItem {
                requirement: requirement.id.clone(),
                clause: requirement.clause.clone(),
                level: rating.map(|m| m.level),
                assessed: rating.map(|m| m.assessed),
                note: rating.and_then(|m| m.note.clone()),
                relevant,
            });
        }
        let groups = groups
            .into_iter()
            .map(|(c, (relevant, rated, sum))| MaturityGroup {
                clause: catalogue.clauses()[c].id.clone(),
                mean: (rated > 0).then(|| sum / Decimal::from(rated)),
                relevant,
                rated,
            })
            .collect();
        out.push(MaturityAssessment {
            norm: system.norm.id.clone(),
            scale_max: system.norm.maturity.iter().map(|l| l.level).max().unwrap_or(0),
            items,
            groups,
            overall: (rated_total > 0).then(|| sum_total / Decimal::from(rated_total)),
        });
    }
    out
}

#[cfg(test)]
mod tests;
