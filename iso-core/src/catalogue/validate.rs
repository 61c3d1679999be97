//! Checks a draft catalogue against the rules of `FORMAT.md` and builds its indexes.

use std::collections::{BTreeMap, HashMap};

use super::file::Draft;
use super::model::{Clause, NormKind};
use super::{Catalogue, CatalogueData, Index};
use crate::error::{CatalogueError, Issue, Location, Problem};
use crate::text::Text;

struct Issues(Vec<Issue>);

impl Issues {
    fn push(&mut self, location: &Location, id: impl Into<String>, problem: Problem) {
        self.0.push(Issue { location: location.clone(), id: id.into(), problem });
    }

    fn text(&mut self, location: &Location, id: &str, field: &str, text: &mut Text) {
        if text.en.trim().is_empty() {
            self.push(location, id, Problem::MissingText { field: field.to_owned() });
        }
        for other in [&mut text.fr, &mut text.pt] {
            if other.trim().is_empty() {
                other.clone_from(&text.en);
            }
        }
    }

    fn id(&mut self, location: &Location, id: &str, part: &str, what: &str) {
        let reason = if part.trim().is_empty() {
            Some(format!("the {what} is empty"))
        } else if part.contains('/') || part.chars().any(char::is_whitespace) {
            Some(format!("the {what} {part:?} contains '/' or a space"))
        } else {
            None
        };
        if let Some(reason) = reason {
            self.push(location, id, Problem::InvalidId { reason });
        }
    }
}

/// Remembers the first location of each id and reports later ones as duplicates.
fn first_seen(seen: &mut HashMap<String, String>, issues: &mut Issues, id: &str, location: &Location) {
    match seen.get(id) {
        Some(first) => issues.push(location, id, Problem::DuplicateId { first: first.clone() }),
        None => {
            seen.insert(id.to_owned(), location.to_string());
        }
    }
}

/// Orders clause numbers naturally: `4.10` after `4.9`, numbers before letters.
pub(crate) fn natural_key(number: &str) -> Vec<(u64, String)> {
    number.split('.').map(|part| (part.parse::<u64>().unwrap_or(u64::MAX), part.to_owned())).collect()
}

pub(crate) fn build(mut draft: Draft) -> Result<Catalogue, CatalogueError> {
    let mut issues = Issues(Vec::new());

    for (id, location) in &draft.orphans {
        issues.push(location, id, Problem::MissingNorm);
    }
    if draft.structure_count > 1 {
        let location = draft.structure.as_ref().map_or_else(|| Location::file("<input>"), |s| s.1.clone());
        issues.push(&location, "HS", Problem::DuplicateStructure);
    }

    // Norms.
    let mut seen = HashMap::new();
    for (norm, location) in &mut draft.norms {
        issues.id(location, &norm.id, &norm.key, "norm key");
        if norm.id.trim().is_empty() {
            issues.push(location, &norm.key, Problem::InvalidId { reason: "the norm id is empty".to_owned() });
        }
        first_seen(&mut seen, &mut issues, &norm.id, location);
        if norm.key != norm.id {
            first_seen(&mut seen, &mut issues, &norm.key, location);
        }
        issues.text(location, &norm.id, "title", &mut norm.title);
        match norm.kind {
            NormKind::Guidance if norm.maturity.is_empty() => issues.push(
                location,
                &norm.id,
                Problem::MaturityScale("a guidance norm needs a maturity scale ([[maturity]] levels)".to_owned()),
            ),
            NormKind::Requirements if !norm.maturity.is_empty() => issues.push(
                location,
                &norm.id,
                Problem::MaturityScale("a requirements norm takes no maturity scale".to_owned()),
            ),
            _ => {}
        }
        if norm.maturity.windows(2).any(|w| w[0].level >= w[1].level) {
            issues.push(
                location,
                &norm.id,
                Problem::MaturityScale("maturity levels must be unique and listed in increasing order".to_owned()),
            );
        }
        for level in &mut norm.maturity {
            let id = format!("{} maturity {}", norm.id, level.level);
            issues.text(location, &id, "label", &mut level.label);
            issues.text(location, &id, "description", &mut level.description);
        }
    }
    let norm_by_id: HashMap<&str, usize> =
        draft.norms.iter().enumerate().map(|(i, (n, _))| (n.id.as_str(), i)).collect();

    // The harmonized structure.
    let mut hs_numbers = HashMap::new();
    if let Some((structure, location, clause_locations)) = &mut draft.structure {
        issues.text(location, &structure.id, "title", &mut structure.title);
        for (clause, location) in structure.clauses.iter_mut().zip(clause_locations.iter()) {
            issues.id(location, &clause.id, &clause.number, "clause number");
            first_seen(&mut hs_numbers, &mut issues, &clause.number, location);
            issues.text(location, &clause.id, "title", &mut clause.title);
        }
    }
    let structure_loaded = draft.structure.is_some();

    // Clauses.
    let mut clause_seen = HashMap::new();
    for (clause, location) in &mut draft.clauses {
        issues.id(location, &clause.id, &clause.number, "clause number");
        first_seen(&mut clause_seen, &mut issues, &clause.id, location);
        issues.text(location, &clause.id, "title", &mut clause.title);
        if let Some(hs) = &clause.hs {
            if structure_loaded && !hs_numbers.contains_key(hs) {
                issues.push(location, &clause.id, Problem::UnknownHsClause { hs: hs.clone() });
            }
        }
    }
    for (clause, location) in &draft.clauses {
        if let Some(parent) = &clause.parent {
            if !clause_seen.contains_key(parent) {
                let parent = parent.rsplit_once('/').map_or(parent.as_str(), |(_, n)| n).to_owned();
                issues.push(location, &clause.id, Problem::UnknownParent { parent });
            }
        }
    }
    // Cycles: walk up from every clause; a walk longer than the number of clauses has looped.
    let parent_of: HashMap<&str, &str> =
        draft.clauses.iter().filter_map(|(c, _)| c.parent.as_deref().map(|p| (c.id.as_str(), p))).collect();
    let mut reported_cycle = std::collections::HashSet::new();
    for (clause, location) in &draft.clauses {
        let mut path = vec![clause.id.as_str()];
        let mut current = clause.id.as_str();
        while let Some(&parent) = parent_of.get(current) {
            if parent == clause.id {
                path.push(parent);
                let members: std::collections::BTreeSet<&str> = path.iter().copied().collect();
                if reported_cycle.insert(members) {
                    let numbers: Vec<&str> =
                        path.iter().map(|id| id.rsplit_once('/').map_or(*id, |(_, n)| n)).collect();
                    issues.push(location, &clause.id, Problem::ParentCycle { path: numbers.join(" → ") });
                }
                break;
            }
            if path.len() > parent_of.len() || path.contains(&parent) {
                break;
            }
            path.push(parent);
            current = parent;
        }
    }

    // Requirements.
    let mut requirement_seen = HashMap::new();
    for (requirement, location) in &mut draft.requirements {
        issues.id(location, &requirement.id, &requirement.item, "item");
        first_seen(&mut requirement_seen, &mut issues, &requirement.id, location);
        if !clause_seen.contains_key(&requirement.clause) {
            let clause = requirement.clause.rsplit_once('/').map_or(requirement.clause.as_str(), |(_, n)| n).to_owned();
            issues.push(location, &requirement.id, Problem::UnknownClause { clause });
        }
        issues.text(location, &requirement.id, "statement", &mut requirement.statement);
        if let Some(information) = &mut requirement.information {
            issues.text(location, &requirement.id, "information", information);
        }
    }

    // Mapping rows.
    for (map, location) in &draft.maps {
        let id = format!("{} → {}", map.from, map.to);
        for target in [&map.from, &map.to] {
            if !clause_seen.contains_key(target) {
                issues.push(location, &id, Problem::UnknownMapTarget { target: target.clone() });
            }
        }
        if map.from == map.to {
            issues.push(location, &id, Problem::SelfMap);
        }
    }

    if !issues.0.is_empty() {
        return Err(CatalogueError::Invalid { issues: issues.0 });
    }

    // Order: norms as loaded; clauses by norm, then natural number order; requirements by clause, then as written.
    let mut clauses: Vec<Clause> = draft.clauses.into_iter().map(|(c, _)| c).collect();
    clauses.sort_by_cached_key(|c| (norm_by_id.get(c.norm.as_str()).copied(), natural_key(&c.number)));
    let clause_position: HashMap<&str, usize> = clauses.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let mut requirements: Vec<_> = draft.requirements.into_iter().map(|(r, _)| r).collect();
    requirements.sort_by_key(|r| clause_position.get(r.clause.as_str()).copied());
    drop(clause_position);

    let data = CatalogueData {
        structure: draft.structure.map(|s| s.0),
        norms: draft.norms.into_iter().map(|(n, _)| n).collect(),
        clauses,
        requirements,
        maps: draft.maps.into_iter().map(|(m, _)| m).collect(),
    };
    let index = index(&data);
    Ok(Catalogue { data, index })
}

fn index(data: &CatalogueData) -> Index {
    let mut norms = HashMap::new();
    for (i, norm) in data.norms.iter().enumerate() {
        norms.insert(norm.id.clone(), i);
        norms.insert(norm.key.clone(), i);
        norms.insert(compact(&norm.id), i);
    }
    let clauses: HashMap<String, usize> = data.clauses.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    let requirements = data.requirements.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
    let mut children = vec![Vec::new(); data.clauses.len()];
    for (i, clause) in data.clauses.iter().enumerate() {
        if let Some(parent) = clause.parent.as_ref().and_then(|p| clauses.get(p)) {
            children[*parent].push(i);
        }
    }
    let mut clause_requirements = vec![Vec::new(); data.clauses.len()];
    for (i, requirement) in data.requirements.iter().enumerate() {
        if let Some(&clause) = clauses.get(&requirement.clause) {
            clause_requirements[clause].push(i);
        }
    }
    let mut hs_links: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, clause) in data.clauses.iter().enumerate() {
        if let Some(hs) = &clause.hs {
            hs_links.entry(hs.clone()).or_default().push(i);
        }
    }
    Index { norms, clauses, requirements, children, clause_requirements, hs_links }
}

/// A norm id folded for lenient lookup: lower case, no spaces (`iso14001:2015`).
pub(crate) fn compact(id: &str) -> String {
    id.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}
