//! The register's consistency rules: every problem is listed with where it is.

use std::collections::{HashMap, HashSet};

use super::Register;
use super::links::{LinkTarget, resolve_link};
use super::model::{EvidenceStatus, FindingStatus, SystemStatus};
use crate::catalogue::{Catalogue, NormKind};
use crate::error::{Location, RecordIssue};

struct Issues<'r> {
    list: Vec<RecordIssue>,
    /// Fields that could not be read: their placeholders are not checked again.
    failed: &'r std::collections::HashSet<(String, String)>,
}

impl Issues<'_> {
    /// Whether a field of the record at `location` could not be read.
    fn unreadable(&self, location: &Location, field: &str) -> bool {
        !self.failed.is_empty() && self.failed.contains(&(location.to_string(), field.to_owned()))
    }

    fn push(&mut self, location: Location, id: &str, field: Option<&str>, message: impl Into<String>) {
        if field.is_some_and(|field| self.unreadable(&location, field)) {
            return;
        }
        let id = (!id.is_empty()).then(|| id.to_owned());
        self.list.push(RecordIssue { location, id, field: field.map(str::to_owned), message: message.into() });
    }
}

fn valid_id(id: &str) -> Option<String> {
    if id.trim().is_empty() {
        Some("the id is empty".to_owned())
    } else if id.trim() != id {
        Some(format!("the id {id:?} has leading or trailing spaces"))
    } else {
        None
    }
}

pub(super) fn check(register: &Register, catalogue: &Catalogue) -> Vec<RecordIssue> {
    let mut issues = Issues { list: Vec::new(), failed: &register.origins.failed };
    let org = &register.organisation;
    let here = || register.location("organisation", 0);

    // Organisation, sites, systems.
    if let Some(problem) = valid_id(&org.id) {
        issues.push(here(), &org.id, Some("id"), problem);
    }
    if org.name.trim().is_empty() {
        issues.push(here(), &org.id, Some("name"), "is empty");
    }
    if org.sites.is_empty() {
        issues.push(here(), &org.id, Some("sites"), "the organisation needs at least one site");
    }
    let mut sites = HashSet::new();
    for site in &org.sites {
        if let Some(problem) = valid_id(&site.id) {
            issues.push(here(), &site.id, Some("site.id"), problem);
        }
        if !sites.insert(site.id.as_str()) {
            issues.push(here(), &site.id, Some("site.id"), format!("duplicate site id {:?}", site.id));
        }
    }
    let site_known = |site: &str| sites.contains(site);
    let mut norms_run = HashSet::new();
    for system in &org.systems {
        let Some(norm) = catalogue.norm(&system.norm) else {
            let known: Vec<&str> = catalogue.norms().iter().map(|n| n.id.as_str()).collect();
            issues.push(
                here(),
                &system.norm,
                Some("system.norm"),
                format!("unknown norm {:?} (loaded norms: {})", system.norm, known.join(", ")),
            );
            continue;
        };
        if !norms_run.insert(norm.id.as_str()) {
            issues.push(here(), &norm.id, Some("system.norm"), format!("{} appears twice", norm.id));
        }
        if norm.kind == NormKind::Guidance && system.status == SystemStatus::Certified {
            issues.push(
                here(),
                &norm.id,
                Some("system.status"),
                format!("{} is guidance and cannot be certified", norm.id),
            );
        }
        for site in &system.sites {
            if !site_known(site) {
                issues.push(here(), &norm.id, Some("system.sites"), format!("unknown site {site:?}"));
            }
        }
        for exclusion in &system.exclusions {
            let id = &exclusion.requirement;
            if exclusion.justification.trim().is_empty() {
                issues.push(here(), id, Some("exclusion.justification"), "an exclusion needs a justification");
            }
            if let Some(site) = &exclusion.site {
                if !site_known(site) {
                    issues.push(here(), id, Some("exclusion.site"), format!("unknown site {site:?}"));
                }
            }
            match resolve_link(catalogue, id) {
                Ok(target @ (LinkTarget::Requirement(_) | LinkTarget::Clause(_))) => {
                    if !target.norms(catalogue).contains(&norm.id.as_str()) {
                        issues.push(
                            here(),
                            id,
                            Some("exclusion.requirement"),
                            format!("{id:?} is not part of {}", norm.id),
                        );
                        continue;
                    }
                    let fixed: Vec<&str> = target
                        .requirements(catalogue)
                        .into_iter()
                        .map(|i| &catalogue.requirements()[i])
                        .filter(|r| !r.excludable)
                        .map(|r| r.id.as_str())
                        .collect();
                    if !fixed.is_empty() {
                        let shown = fixed.iter().take(5).copied().collect::<Vec<_>>().join(", ");
                        let more =
                            if fixed.len() > 5 { format!(" and {} more", fixed.len() - 5) } else { String::new() };
                        issues.push(
                            here(),
                            id,
                            Some("exclusion.requirement"),
                            format!("{} may not declare not applicable {shown}{more}", norm.id),
                        );
                    }
                }
                Ok(LinkTarget::Hs(_)) => issues.push(
                    here(),
                    id,
                    Some("exclusion.requirement"),
                    "exclude a requirement or clause, not a harmonized-structure clause",
                ),
                Err(message) => issues.push(here(), id, Some("exclusion.requirement"), message),
            }
        }
        if let Some(certification) = &system.certification {
            if let (Some(issued), Some(expires)) = (certification.issued, certification.expires) {
                if expires <= issued {
                    issues.push(
                        here(),
                        &norm.id,
                        Some("certification.expires"),
                        format!("expiry {expires} is not after the issue date {issued}"),
                    );
                }
            }
            if system.status == SystemStatus::Certified && certification.issued.is_none() {
                issues.push(
                    here(),
                    &norm.id,
                    Some("certification.issued"),
                    "a certified system needs the certificate's issue date",
                );
            }
        } else if system.status == SystemStatus::Certified {
            issues.push(
                here(),
                &norm.id,
                Some("certification"),
                "a certified system needs its certification (issue and expiry dates)",
            );
        }
    }

    // Evidence.
    let mut evidence_ids: HashMap<&str, usize> = HashMap::with_capacity(register.evidence.len());
    let mut link_cache: HashMap<&str, Option<String>> = HashMap::new();
    for (i, e) in register.evidence.iter().enumerate() {
        let at = || register.location("evidence", i);
        if let Some(problem) = valid_id(&e.id) {
            issues.push(at(), &e.id, Some("id"), problem);
        } else if let Some(first) = evidence_ids.insert(e.id.as_str(), i) {
            issues.push(
                at(),
                &e.id,
                Some("id"),
                format!("duplicate id (first at {})", register.location("evidence", first)),
            );
        }
        if e.title.trim().is_empty() {
            issues.push(at(), &e.id, Some("title"), "is empty");
        }
        if e.links.is_empty() {
            issues.push(
                at(),
                &e.id,
                Some("links"),
                "evidence must link to at least one requirement, clause or HS clause",
            );
        }
        for link in &e.links {
            let problem = link_cache.entry(link.as_str()).or_insert_with(|| resolve_link(catalogue, link).err());
            if let Some(problem) = problem {
                issues.push(at(), &e.id, Some("links"), problem.clone());
            }
        }
        if let Some(site) = &e.site {
            if !site_known(site) {
                issues.push(at(), &e.id, Some("site"), format!("unknown site {site:?}"));
            }
        }
        if e.status == EvidenceStatus::Approved && e.effective.is_none() {
            issues.push(at(), &e.id, Some("effective"), "approved evidence needs an effective date");
        }
        if let (Some(effective), Some(expires)) = (e.effective, e.expires) {
            if expires < effective {
                issues.push(
                    at(),
                    &e.id,
                    Some("expires"),
                    format!("expiry {expires} is before the effective date {effective}"),
                );
            }
        }
        if e.expires.is_some() && e.renewal.is_some() {
            issues.push(at(), &e.id, Some("renewal"), "give an expiry date or a renewal period, not both");
        }
        if e.renewal.is_some() && e.effective.is_none() && !issues.unreadable(&at(), "effective") {
            issues.push(at(), &e.id, Some("renewal"), "a renewal period needs an effective date");
        }
        if let Some(hash) = &e.sha256 {
            if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                issues.push(at(), &e.id, Some("sha256"), format!("{hash:?} is not a SHA-256 (64 hexadecimal digits)"));
            }
        }
    }

    // Findings.
    let mut finding_ids: HashMap<&str, usize> = HashMap::with_capacity(register.findings.len());
    for (i, f) in register.findings.iter().enumerate() {
        let at = || register.location("findings", i);
        if let Some(problem) = valid_id(&f.id) {
            issues.push(at(), &f.id, Some("id"), problem);
        } else if let Some(first) = finding_ids.insert(f.id.as_str(), i) {
            issues.push(
                at(),
                &f.id,
                Some("id"),
                format!("duplicate id (first at {})", register.location("findings", first)),
            );
        }
        match resolve_link(catalogue, &f.requirement) {
            Ok(LinkTarget::Hs(_)) => issues.push(
                at(),
                &f.id,
                Some("requirement"),
                "a finding is about a requirement or clause of one norm, not a harmonized-structure clause",
            ),
            Ok(_) => {}
            Err(message) => issues.push(at(), &f.id, Some("requirement"), message),
        }
        if let Some(site) = &f.site {
            if !site_known(site) {
                issues.push(at(), &f.id, Some("site"), format!("unknown site {site:?}"));
            }
        }
        if f.statement.trim().is_empty() {
            issues.push(at(), &f.id, Some("statement"), "is empty");
        }
        match (f.status, f.closed) {
            (FindingStatus::Closed, None) => {
                issues.push(at(), &f.id, Some("closed"), "a closed finding needs its closing date")
            }
            (FindingStatus::Open, Some(closed)) => issues.push(
                at(),
                &f.id,
                Some("status"),
                format!("the finding is open but has a closing date ({closed})"),
            ),
            (_, Some(closed)) if closed < f.raised => issues.push(
                at(),
                &f.id,
                Some("closed"),
                format!("closed {closed}, before it was raised ({})", f.raised),
            ),
            _ => {}
        }
    }

    // Actions.
    let mut action_ids: HashSet<&str> = HashSet::with_capacity(register.actions.len());
    for (i, a) in register.actions.iter().enumerate() {
        let at = || register.location("actions", i);
        if let Some(problem) = valid_id(&a.id) {
            issues.push(at(), &a.id, Some("id"), problem);
        } else if !action_ids.insert(a.id.as_str()) {
            issues.push(at(), &a.id, Some("id"), "duplicate id");
        }
        if !finding_ids.contains_key(a.finding.as_str()) {
            issues.push(at(), &a.id, Some("finding"), format!("unknown finding {:?}", a.finding));
        }
        if a.action.trim().is_empty() {
            issues.push(at(), &a.id, Some("action"), "is empty");
        }
        if a.verified.is_some() && a.done.is_none() {
            issues.push(at(), &a.id, Some("verified"), "effectiveness can only be verified once the action is done");
        }
        if let (Some(done), Some(verified)) = (a.done, a.verified) {
            if verified < done {
                issues.push(
                    at(),
                    &a.id,
                    Some("verified"),
                    format!("verified {verified}, before the action was done ({done})"),
                );
            }
        }
        if a.effective.is_some() && a.verified.is_none() {
            issues.push(at(), &a.id, Some("effective"), "an effectiveness result needs a verification date");
        }
    }

    // Maturity ratings.
    let mut ratings: HashMap<(&str, chrono::NaiveDate), usize> = HashMap::new();
    for (i, m) in register.maturity.iter().enumerate() {
        let at = || register.location("maturity", i);
        if let Some(first) = ratings.insert((m.requirement.as_str(), m.assessed), i) {
            let first = register.location("maturity", first);
            issues.push(
                at(),
                &m.requirement,
                Some("assessed"),
                format!("rated twice on {} (first at {first})", m.assessed),
            );
        }
        let Some(requirement) =
            catalogue.requirement(&m.requirement).or_else(|| match resolve_link(catalogue, &m.requirement) {
                Ok(LinkTarget::Requirement(r)) => catalogue.requirements().get(r),
                _ => None,
            })
        else {
            issues.push(at(), &m.requirement, Some("requirement"), format!("unknown requirement {:?}", m.requirement));
            continue;
        };
        let Some(norm) = catalogue.norm(&requirement.norm) else { continue };
        if norm.kind != NormKind::Guidance {
            issues.push(
                at(),
                &m.requirement,
                Some("requirement"),
                format!("{} is not a guidance norm: maturity is rated on guidance items only", norm.id),
            );
        } else if !norm.maturity.iter().any(|l| l.level == m.level) {
            let levels: Vec<String> = norm.maturity.iter().map(|l| l.level.to_string()).collect();
            issues.push(
                at(),
                &m.requirement,
                Some("level"),
                format!("level {} is not on the scale of {} ({})", m.level, norm.id, levels.join(", ")),
            );
        }
    }

    issues.list
}
