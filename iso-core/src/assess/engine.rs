//! The computation: which evidence and findings reach which requirement at which site, and the result rules.
//!
//! Evidence links are resolved once per distinct link text into (requirement, credit, route) lists. Then every
//! evidence record and open finding is added, in one pass, to the cells of a flat table indexed by
//! (site slot, requirement), slot 0 holding organisation-wide records. Results read two cells per requirement and site.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::model::{Conformity, Credit, Credited, FindingRef, Invalid, RequirementResult, Rule};
use super::options::AssessOptions;
use crate::catalogue::{Catalogue, DocumentedInfo, Norm, NormKind, Relation};
use crate::error::AssessError;
use crate::register::{EvidenceKind, EvidenceStatus, Grade, LinkTarget, ManagementSystem, Register, resolve_link};

/// Route labels: how evidence reaches a requirement. Interned; position 0 is `direct`, 1 is `kind`.
pub(crate) const DIRECT: u32 = 0;
/// The evidence reaches the requirement but is not the kind of documented information it asks for.
pub(crate) const KIND: u32 = 1;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Cover {
    pub requirement: u32,
    pub credit: Credit,
    /// Position of the route's label in [`Context::routes`].
    pub route: u32,
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
    /// Per evidence: its id, shared by every result that cites it.
    pub evidence_ids: Vec<Arc<str>>,
    /// Evidence positions in id order (results list evidence in id order, whatever the row order).
    pub evidence_by_id: Vec<u32>,
    /// Per evidence: its rank in id order.
    pub evidence_ranks: Vec<u32>,
    /// Route labels: `direct`, `kind`, `HS/7.5`, `shared:ISO9001:2015/7.5`.
    pub routes: Vec<Arc<str>>,
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
            evidence_ids: register.evidence.iter().map(|e| Arc::from(e.id.as_str())).collect(),
            evidence_by_id: Vec::new(),
            evidence_ranks: Vec::new(),
            routes: vec![Arc::from("direct"), Arc::from("kind")],
            finding_targets: Vec::new(),
            finding_slots: Vec::new(),
        };
        context.index_records();
        let mut order: Vec<u32> = (0..register.evidence.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| register.evidence[a as usize].id.cmp(&register.evidence[b as usize].id));
        context.evidence_ranks = vec![0; order.len()];
        for (rank, &i) in order.iter().enumerate() {
            context.evidence_ranks[i as usize] = rank as u32;
        }
        context.evidence_by_id = order;
        Ok(context)
    }

    fn slot(&self, site: Option<&str>) -> usize {
        site.and_then(|s| self.site_index.get(s)).map_or(0, |i| i + 1)
    }

    /// Interns a route label.
    fn route(&mut self, label: String) -> u32 {
        match self.routes.iter().position(|r| **r == *label) {
            Some(i) => i as u32,
            None => {
                self.routes.push(Arc::from(label));
                (self.routes.len() - 1) as u32
            }
        }
    }

    /// The requirements a link covers, with credit and route (before the evidence kind is considered).
    fn link_covers(&mut self, link: &str) -> Vec<Cover> {
        let catalogue = self.catalogue;
        let Ok(target) = resolve_link(catalogue, link) else { return Vec::new() };
        let mut covers = Vec::new();
        let full_if = |relation: Relation| {
            if matches!(relation, Relation::Equal | Relation::Subset) { Credit::Full } else { Credit::Partial }
        };
        let mut add_clause = |this: &Self, clause: &str, credit: Credit, route: u32| {
            for r in catalogue.requirement_indices_under(clause) {
                if this.active[r] {
                    covers.push(Cover { requirement: r as u32, credit, route });
                }
            }
        };
        match &target {
            LinkTarget::Requirement(r) => {
                if self.active[*r] {
                    covers.push(Cover { requirement: *r as u32, credit: Credit::Full, route: DIRECT });
                }
            }
            LinkTarget::Clause(c) => {
                let clause = &catalogue.clauses()[*c];
                add_clause(self, &clause.id, Credit::Full, DIRECT);
                if self.options.share_evidence {
                    let route = self.route(format!("shared:{}", clause.id));
                    for e in catalogue.equivalents(&clause.id).unwrap_or_default() {
                        // The other clause asks for no more than this one: full credit.
                        add_clause(self, &e.clause, full_if(e.relation), route);
                    }
                }
            }
            LinkTarget::Hs(number) => {
                let route = self.route(format!("HS/{number}"));
                for e in catalogue.equivalents(&format!("HS/{number}")).unwrap_or_default() {
                    add_clause(self, &e.clause, full_if(e.relation), route);
                }
            }
        }
        covers
    }

    fn index_records(&mut self) {
        let register = self.register;
        let mut memo: HashMap<&str, Rc<[Cover]>> = HashMap::new();
        let mut covers = Vec::with_capacity(register.evidence.len());
        for e in &register.evidence {
            let mut of_link = |this: &mut Self, link: &'a str| -> Rc<[Cover]> {
                if let Some(known) = memo.get(link) {
                    return known.clone();
                }
                let fresh: Rc<[Cover]> = this.link_covers(link).into();
                memo.insert(link, fresh.clone());
                fresh
            };
            covers.push(match e.links.as_slice() {
                [single] => of_link(self, single),
                links => {
                    let mut all = Vec::new();
                    for link in links {
                        all.extend(of_link(self, link).iter().copied());
                    }
                    all.into()
                }
            });
        }
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

/// Values grouped by cell in one flat vector (a counting sort): `values[offsets[c]..offsets[c + 1]]` are cell `c`'s.
struct Buckets<T> {
    offsets: Vec<u32>,
    values: Vec<T>,
}

impl<T: Copy + Default> Buckets<T> {
    /// `fill` is called twice with an `emit(cell, value)` callback and must emit the same values both times.
    fn new(cells: usize, fill: impl Fn(&mut dyn FnMut(usize, T))) -> Self {
        let mut offsets = vec![0u32; cells + 1];
        fill(&mut |cell, _| offsets[cell + 1] += 1);
        for c in 0..cells {
            offsets[c + 1] += offsets[c];
        }
        let mut values = vec![T::default(); offsets[cells] as usize];
        let mut cursor: Vec<u32> = offsets[..cells].to_vec();
        fill(&mut |cell, value| {
            values[cursor[cell] as usize] = value;
            cursor[cell] += 1;
        });
        Buckets { offsets, values }
    }

    fn get(&self, cell: usize) -> &[T] {
        let (start, end) = (self.offsets[cell] as usize, self.offsets[cell + 1] as usize);
        &self.values[start..end]
    }
}

/// Requirement results of every system on one date.
pub(crate) struct Evaluation {
    pub results: Vec<RequirementResult>,
    /// Per result: the requirement's position in the catalogue.
    pub requirements: Vec<u32>,
    /// For each system, the range of its results in `results`, and per site the range within it.
    pub spans: Vec<Vec<std::ops::Range<usize>>>,
}

/// Merges two lists in evidence-id order into `out` (cleared first).
fn merge_by_id<T: Copy>(ctx: &Context<'_>, a: &[T], b: &[T], out: &mut Vec<T>, evidence: impl Fn(&T) -> u32) {
    out.clear();
    if a.is_empty() || b.is_empty() {
        out.extend_from_slice(if a.is_empty() { b } else { a });
        return;
    }
    let id = |x: &T| ctx.evidence_ranks[evidence(x) as usize];
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if id(&a[i]) <= id(&b[j]) {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// Keeps one entry per evidence (entries of one evidence are adjacent), with its best credit.
fn dedup_best(entries: &mut Vec<(u32, Credit, u32)>) {
    entries.dedup_by(|later, kept| {
        if later.0 != kept.0 {
            return false;
        }
        if later.1 > kept.1 {
            *kept = *later;
        }
        true
    });
}

fn why_invalid(e: &crate::register::Evidence, day: NaiveDate) -> String {
    match e.status {
        EvidenceStatus::Superseded if e.last_valid_day().is_none() => "superseded (no end date)".to_owned(),
        EvidenceStatus::Approved | EvidenceStatus::Superseded => match (e.effective, e.last_valid_day()) {
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
    let cells = slots * n;

    let valid: Vec<bool> = register.evidence.iter().map(|e| e.is_valid_on(day)).collect();
    // (evidence, credit, route) of valid evidence, per cell, each cell in evidence-id order.
    let credited = Buckets::<(u32, Credit, u32)>::new(cells, |emit| {
        for &i in &ctx.evidence_by_id {
            let i = i as usize;
            if !valid[i] {
                continue;
            }
            let e = &register.evidence[i];
            let slot = ctx.evidence_slots[i];
            for cover in ctx.evidence_covers[i].iter() {
                let r = cover.requirement as usize;
                let value = if kind_fits(e.kind, catalogue.requirements()[r].documented) {
                    (i as u32, cover.credit, cover.route)
                } else {
                    (i as u32, Credit::Partial, KIND)
                };
                emit(slot * n + r, value);
            }
        }
    });
    let invalid = Buckets::<u32>::new(cells, |emit| {
        for &i in &ctx.evidence_by_id {
            let i = i as usize;
            if !valid[i] {
                let slot = ctx.evidence_slots[i];
                for cover in ctx.evidence_covers[i].iter() {
                    emit(slot * n + cover.requirement as usize, i as u32);
                }
            }
        }
    });
    let open = Buckets::<u32>::new(cells, |emit| {
        for (i, f) in register.findings.iter().enumerate() {
            if f.is_open_on(day) {
                let slot = ctx.finding_slots[i];
                for &r in ctx.finding_targets[i].iter() {
                    emit(slot * n + r, i as u32);
                }
            }
        }
    });
    // Why linked evidence is not valid, computed once per record that needs it.
    let mut why: HashMap<u32, Arc<str>> = HashMap::new();
    let mut scratch: Vec<(u32, Credit, u32)> = Vec::new();
    let mut scratch_invalid: Vec<u32> = Vec::new();

    let points = &ctx.options.points;
    let mut results = Vec::new();
    let mut requirements = Vec::new();
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
                let here = (site + 1) * n + r;
                // Organisation-wide and site evidence, each in id order: merge, one entry per evidence (best credit).
                merge_by_id(ctx, credited.get(r), credited.get(here), &mut scratch, |e| e.0);
                dedup_best(&mut scratch);
                let best = scratch.iter().map(|c| c.1).max();

                let mut findings: Vec<&crate::register::Finding> =
                    open.get(r).iter().chain(open.get(here)).map(|&f| &register.findings[f as usize]).collect();
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

                let evidence: Vec<Credited> = scratch
                    .iter()
                    .map(|&(e, credit, route)| Credited {
                        evidence: ctx.evidence_ids[e as usize].clone(),
                        credit,
                        via: ctx.routes[route as usize].clone(),
                    })
                    .collect();
                let mut invalid_evidence = Vec::new();
                if best != Some(Credit::Full) {
                    merge_by_id(ctx, invalid.get(r), invalid.get(here), &mut scratch_invalid, |&e| e);
                    scratch_invalid.dedup();
                    invalid_evidence = scratch_invalid
                        .iter()
                        .map(|&e| Invalid {
                            evidence: ctx.evidence_ids[e as usize].clone(),
                            why: why
                                .entry(e)
                                .or_insert_with(|| Arc::from(why_invalid(&register.evidence[e as usize], day)))
                                .clone(),
                        })
                        .collect();
                }
                requirements.push(r as u32);
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
    Evaluation { results, requirements, spans }
}
