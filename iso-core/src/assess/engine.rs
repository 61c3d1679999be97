//! The computation: which evidence and findings reach which requirement at which site, and the result rules.
//!
//! Evidence links are resolved once per distinct link text into (requirement, credit, route) lists. Then every
//! evidence record and open finding is added, in one pass, to the cells of a flat table indexed by
//! (site slot, requirement), slot 0 holding organisation-wide records. Results read two cells per requirement and site.

use std::collections::HashMap;
use std::rc::Rc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::model::{Conformity, Credit, Credited, FindingRef, Invalid, RequirementResult, Rule};
use super::options::AssessOptions;
use crate::catalogue::{Catalogue, DocumentedInfo, Norm, NormKind, Relation};
use crate::error::AssessError;
use crate::register::{EvidenceKind, EvidenceStatus, Grade, LinkTarget, ManagementSystem, Register, resolve_link};

/// How a link reaches a requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// Linked to the requirement or one of its clauses.
    Direct,
    /// Through a harmonized-structure clause.
    Hs(Rc<str>),
    /// Through a corresponding clause of another norm.
    Shared(Rc<str>),
    /// Reaches the requirement, but is not the kind of documented information it asks for.
    Kind,
}

impl Route {
    fn label(&self) -> String {
        match self {
            Route::Direct => "direct".to_owned(),
            Route::Hs(number) => format!("HS/{number}"),
            Route::Shared(clause) => format!("shared:{clause}"),
            Route::Kind => "kind".to_owned(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Cover {
    pub requirement: u32,
    pub credit: Credit,
    pub route: Route,
}

/// One management system being assessed.
pub(crate) struct System<'a> {
    pub norm: &'a Norm,
    pub system: &'a ManagementSystem,
    /// Positions of the sites in scope (organisation order).
    pub sites: Vec<usize>,
    /// Positions of the norm's requirements in the catalogue.
    pub requirements: Vec<usize>,
    /// Exclusions: (site position or every site, requirement positions, justification).
    pub exclusions: Vec<(Option<usize>, Vec<usize>, &'a str)>,
}

/// Everything that does not depend on the date.
pub(crate) struct Context<'a> {
    pub catalogue: &'a Catalogue,
    pub register: &'a Register,
    pub options: &'a AssessOptions,
    pub systems: Vec<System<'a>>,
    pub site_index: HashMap<&'a str, usize>,
    /// Per requirement: is its norm assessed here.
    pub active: Vec<bool>,
    /// Per requirement: its weight.
    pub weights: Vec<Decimal>,
    /// Per requirement: its clause and the clause's ancestors (clause positions), innermost first.
    pub clause_chains: Vec<Vec<usize>>,
    /// Per evidence: the site slot (0 = organisation-wide, else site position + 1).
    pub evidence_slots: Vec<usize>,
    /// Per evidence: every requirement it covers, possibly repeated across links.
    pub evidence_covers: Vec<Rc<[Cover]>>,
    /// Per finding: requirement positions it is about.
    pub finding_targets: Vec<Rc<[usize]>>,
    pub finding_slots: Vec<usize>,
}

fn kind_fits(kind: EvidenceKind, documented: DocumentedInfo) -> bool {
    match documented {
        DocumentedInfo::None => true,
        DocumentedInfo::Maintain => kind.is_document(),
        DocumentedInfo::Retain => kind.is_record(),
    }
}

impl<'a> Context<'a> {
    pub fn new(
        catalogue: &'a Catalogue,
        register: &'a Register,
        options: &'a AssessOptions,
    ) -> Result<Self, AssessError> {
        options.check()?;
        register.validate(catalogue)?;
        let org = &register.organisation;
        let site_index: HashMap<&str, usize> = org.sites.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();

        let mut wanted = Vec::new();
        for name in &options.norms {
            let norm = catalogue.resolve_norm(name).map_err(|e| AssessError::Norm(e.to_string()))?;
            if register.system(catalogue, &norm.id).is_none() {
                return Err(AssessError::Norm(format!("{} is not run by {}", norm.id, org.name)));
            }
            wanted.push(norm.id.as_str());
        }

        let requirement_count = catalogue.requirements().len();
        let mut active = vec![false; requirement_count];
        let mut systems = Vec::new();
        for norm in catalogue.norms() {
            let Some(system) = register.system(catalogue, &norm.id) else { continue };
            if !wanted.is_empty() && !wanted.contains(&norm.id.as_str()) {
                continue;
            }
            let sites = if system.sites.is_empty() {
                (0..org.sites.len()).collect()
            } else {
                org.sites.iter().enumerate().filter(|(_, s)| system.sites.contains(&s.id)).map(|(i, _)| i).collect()
            };
            let requirements: Vec<usize> = catalogue
                .requirements()
                .iter()
                .enumerate()
                .filter(|(_, r)| r.norm == norm.id)
                .map(|(i, _)| i)
                .collect();
            for &r in &requirements {
                active[r] = true;
            }
            let exclusions = system
                .exclusions
                .iter()
                .filter_map(|x| {
                    let target = resolve_link(catalogue, &x.requirement).ok()?;
                    let site = x.site.as_deref().and_then(|s| site_index.get(s).copied());
                    Some((site, target.requirements(catalogue), x.justification.as_str()))
                })
                .collect();
            systems.push(System { norm, system, sites, requirements, exclusions });
        }

        let clause_chains: Vec<Vec<usize>> = catalogue
            .requirements()
            .iter()
            .map(|r| {
                let mut chain = Vec::new();
                let mut current = catalogue.clause_index(&r.clause);
                while let Some(c) = current {
                    chain.push(c);
                    current = catalogue.clauses()[c].parent.as_deref().and_then(|p| catalogue.clause_index(p));
                }
                chain
            })
            .collect();
        let weights = catalogue
            .requirements()
            .iter()
            .zip(&clause_chains)
            .map(|(r, chain)| {
                options.weights.get(&r.id).copied().unwrap_or_else(|| {
                    chain
                        .iter()
                        .find_map(|&c| options.weights.get(&catalogue.clauses()[c].id).copied())
                        .unwrap_or(Decimal::ONE)
                })
            })
            .collect();

        let mut context = Context {
            catalogue,
            register,
            options,
            systems,
            site_index,
            active,
            weights,
            clause_chains,
            evidence_slots: Vec::new(),
            evidence_covers: Vec::new(),
            finding_targets: Vec::new(),
            finding_slots: Vec::new(),
        };
        context.index_records();
        Ok(context)
    }

    fn slot(&self, site: Option<&str>) -> usize {
        site.and_then(|s| self.site_index.get(s)).map_or(0, |i| i + 1)
    }

    /// The requirements a link covers, with credit and route (before the evidence kind is considered).
    fn link_covers(&self, link: &str) -> Vec<Cover> {
        let catalogue = self.catalogue;
        let Ok(target) = resolve_link(catalogue, link) else { return Vec::new() };
        let mut covers = Vec::new();
        let mut add_clause = |clause: &str, credit: Credit, route: Route| {
            for r in catalogue.requirement_indices_under(clause) {
                if self.active[r] {
                    covers.push(Cover { requirement: r as u32, credit, route: route.clone() });
                }
            }
        };
        let full_if = |relation: Relation| {
            if matches!(relation, Relation::Equal | Relation::Subset) { Credit::Full } else { Credit::Partial }
        };
        match &target {
            LinkTarget::Requirement(r) => {
                if self.active[*r] {
                    covers.push(Cover { requirement: *r as u32, credit: Credit::Full, route: Route::Direct });
                }
            }
            LinkTarget::Clause(c) => {
                let clause = &catalogue.clauses()[*c];
                add_clause(&clause.id, Credit::Full, Route::Direct);
                if self.options.share_evidence {
                    let shared: Rc<str> = Rc::from(clause.id.as_str());
                    for e in catalogue.equivalents(&clause.id).unwrap_or_default() {
                        // The other clause asks for no more than this one: full credit.
                        add_clause(&e.clause, full_if(e.relation), Route::Shared(shared.clone()));
                    }
                }
            }
            LinkTarget::Hs(number) => {
                let route = Route::Hs(Rc::from(number.as_str()));
                for e in catalogue.equivalents(&format!("HS/{number}")).unwrap_or_default() {
                    add_clause(&e.clause, full_if(e.relation), route.clone());
                }
            }
        }
        covers
    }

    fn index_records(&mut self) {
        let register = self.register;
        let mut memo: HashMap<&str, Rc<[Cover]>> = HashMap::new();
        let mut covers_of = |this: &Self, links: &'a [String]| -> Rc<[Cover]> {
            if let [single] = links {
                return memo.entry(single.as_str()).or_insert_with(|| this.link_covers(single).into()).clone();
            }
            let mut all = Vec::new();
            for link in links {
                all.extend(memo.entry(link.as_str()).or_insert_with(|| this.link_covers(link).into()).iter().cloned());
            }
            all.into()
        };
        let covers: Vec<Rc<[Cover]>> = register.evidence.iter().map(|e| covers_of(self, &e.links)).collect();
        self.evidence_covers = covers;
        self.evidence_slots = register.evidence.iter().map(|e| self.slot(e.site.as_deref())).collect();
        let mut target_memo: HashMap<&str, Rc<[usize]>> = HashMap::new();
        self.finding_targets = register
            .findings
            .iter()
            .map(|f| {
                target_memo
                    .entry(f.requirement.as_str())
                    .or_insert_with(|| {
                        resolve_link(self.catalogue, &f.requirement)
                            .map(|t| t.requirements(self.catalogue))
                            .unwrap_or_default()
                            .into()
                    })
                    .clone()
            })
            .collect();
        self.finding_slots = register.findings.iter().map(|f| self.slot(f.site.as_deref())).collect();
    }
}

/// What reaches one (site slot, requirement) cell on a date.
#[derive(Debug, Default, Clone)]
struct Cell {
    /// (evidence position, credit, route).
    valid: Vec<(u32, Credit, Route)>,
    invalid: Vec<u32>,
    findings: Vec<u32>,
}

/// Requirement results of every system on one date.
pub(crate) struct Evaluation {
    pub results: Vec<RequirementResult>,
    /// For each system, the range of its results in `results`, and per site the range within it.
    pub spans: Vec<Vec<std::ops::Range<usize>>>,
}

fn why_invalid(e: &crate::register::Evidence, day: NaiveDate) -> String {
    match e.status {
        EvidenceStatus::Approved => match (e.effective, e.last_valid_day()) {
            (Some(effective), _) if effective > day => format!("not yet effective ({effective})"),
            (_, Some(last)) if last < day => format!("expired {last}"),
            _ => "not valid".to_owned(),
        },
        other => other.as_str().to_owned(),
    }
}

pub(crate) fn evaluate(ctx: &Context<'_>, day: NaiveDate) -> Evaluation {
    let register = ctx.register;
    let catalogue = ctx.catalogue;
    let n = catalogue.requirements().len();
    let slots = register.organisation.sites.len() + 1;
    let mut cells: Vec<Cell> = vec![Cell::default(); slots * n];

    for (i, e) in register.evidence.iter().enumerate() {
        let slot = ctx.evidence_slots[i];
        let valid = e.is_valid_on(day);
        for cover in ctx.evidence_covers[i].iter() {
            let cell = &mut cells[slot * n + cover.requirement as usize];
            if valid {
                let documented = catalogue.requirements()[cover.requirement as usize].documented;
                let (credit, route) = if kind_fits(e.kind, documented) {
                    (cover.credit, cover.route.clone())
                } else {
                    (Credit::Partial, Route::Kind)
                };
                cell.valid.push((i as u32, credit, route));
            } else {
                cell.invalid.push(i as u32);
            }
        }
    }
    for (i, f) in register.findings.iter().enumerate() {
        if !f.is_open_on(day) {
            continue;
        }
        let slot = ctx.finding_slots[i];
        for &r in ctx.finding_targets[i].iter() {
            cells[slot * n + r].findings.push(i as u32);
        }
    }

    let points = &ctx.options.points;
    let mut results = Vec::new();
    let mut spans = Vec::new();
    for system in &ctx.systems {
        if system.norm.kind == NormKind::Guidance {
            spans.push(Vec::new());
            continue;
        }
        let mut site_spans = Vec::new();
        for &site in &system.sites {
            let start = results.len();
            let site_id = &register.organisation.sites[site].id;
            for &r in &system.requirements {
                let requirement = &catalogue.requirements()[r];
                let exclusion = system
                    .exclusions
                    .iter()
                    .find(|(s, reqs, _)| s.is_none_or(|s| s == site) && reqs.contains(&r))
                    .map(|(_, _, why)| (*why).to_owned());
                let both = [&cells[r], &cells[(site + 1) * n + r]];

                let mut credited: Vec<(u32, Credit, &Route)> =
                    both.iter().flat_map(|c| c.valid.iter().map(|(e, credit, route)| (*e, *credit, route))).collect();
                // One entry per evidence: its best credit.
                credited.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                credited.dedup_by_key(|c| c.0);
                let best = credited.iter().map(|c| c.1).max();

                let mut findings: Vec<&crate::register::Finding> =
                    both.iter().flat_map(|c| c.findings.iter().map(|&f| &register.findings[f as usize])).collect();
                findings.sort_by(|a, b| a.grade.cmp(&b.grade).then_with(|| a.id.cmp(&b.id)));
                findings.dedup_by(|a, b| a.id == b.id);
                let major = findings.iter().any(|f| f.grade == Grade::MajorNonconformity);
                let minor = findings.iter().any(|f| f.grade == Grade::MinorNonconformity);

                let (result, rule) = if exclusion.is_some() {
                    (Conformity::NotApplicable, Rule::Excluded)
                } else if major {
                    (Conformity::Nonconforming, Rule::MajorNonconformity)
                } else if best.is_none() && requirement.documented.is_required() {
                    (Conformity::Nonconforming, Rule::MissingDocumentedInformation)
                } else {
                    let (from_evidence, rule) = match best {
                        Some(Credit::Full) => (Conformity::Conforming, Rule::FullEvidence),
                        Some(Credit::Partial) => (Conformity::PartiallyConforming, Rule::PartialEvidence),
                        None => (Conformity::NotAssessed, Rule::NoEvidence),
                    };
                    match from_evidence {
                        Conformity::Conforming | Conformity::PartiallyConforming if minor => {
                            (Conformity::PartiallyConforming, Rule::MinorNonconformity)
                        }
                        _ => (from_evidence, rule),
                    }
                };
                let earned = match result {
                    Conformity::Conforming => Some(points.conforming),
                    Conformity::PartiallyConforming => Some(points.partially_conforming),
                    Conformity::Nonconforming => Some(points.nonconforming),
                    Conformity::NotAssessed => Some(points.not_assessed),
                    Conformity::NotApplicable => None,
                };

                let mut evidence: Vec<Credited> = credited
                    .iter()
                    .map(|(e, credit, route)| Credited {
                        evidence: register.evidence[*e as usize].id.clone(),
                        credit: *credit,
                        via: route.label(),
                    })
                    .collect();
                evidence.sort_by(|a, b| a.evidence.cmp(&b.evidence));
                let mut invalid_evidence = Vec::new();
                if best != Some(Credit::Full) {
                    let mut invalid: Vec<u32> = both.iter().flat_map(|c| c.invalid.iter().copied()).collect();
                    invalid.sort_unstable();
                    invalid.dedup();
                    invalid_evidence = invalid
                        .iter()
                        .map(|&e| {
                            let e = &register.evidence[e as usize];
                            Invalid { evidence: e.id.clone(), why: why_invalid(e, day) }
                        })
                        .collect();
                    invalid_evidence.sort_by(|a, b| a.evidence.cmp(&b.evidence));
                }
                results.push(RequirementResult {
                    requirement: requirement.id.clone(),
                    norm: requirement.norm.clone(),
                    clause: requirement.clause.clone(),
                    site: site_id.clone(),
                    result,
                    rule,
                    points: earned,
                    weight: ctx.weights[r],
                    documented: requirement.documented,
                    evidence,
                    invalid_evidence,
                    findings: findings
                        .iter()
                        .map(|f| FindingRef { finding: f.id.clone(), grade: f.grade, raised: f.raised })
                        .collect(),
                    justification: exclusion,
                });
            }
            site_spans.push(start..results.len());
        }
        spans.push(site_spans);
    }
    Evaluation { results, spans }
}
