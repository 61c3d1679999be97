//! What an evidence link, a finding's requirement or an exclusion points at.

use crate::catalogue::Catalogue;

/// A resolved link.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// One requirement (its position in [`Catalogue::requirements`]).
    Requirement(usize),
    /// A clause and all its sub-clauses (its position in [`Catalogue::clauses`]).
    Clause(usize),
    /// A harmonized-structure clause number: that clause in every norm linked to it.
    Hs(String),
}

/// Resolves a link: a requirement id (`ISO14001:2015/6.1.2/a`), a clause id (`ISO14001:2015/6.1.2`) or a
/// harmonized-structure clause (`HS/7.5`). The norm part may also be written as the display id
/// (`ISO 14001:2015/6.1.2`), in any case.
///
/// ```
/// use iso_core::register::{LinkTarget, resolve_link};
/// let catalogue = iso_core::Catalogue::builtin()?;
/// assert!(matches!(resolve_link(&catalogue, "iso 9001:2015/7.2"), Ok(LinkTarget::Clause(_))));
/// assert!(resolve_link(&catalogue, "ISO9001:2015/7.22").is_err());
/// # Ok::<(), iso_core::CatalogueError>(())
/// ```
pub fn resolve_link(catalogue: &Catalogue, link: &str) -> Result<LinkTarget, String> {
    let link = link.trim();
    if let Some(number) = link.strip_prefix("HS/") {
        let known = catalogue.structure().is_some_and(|s| s.clauses.iter().any(|c| c.number == number));
        return if known {
            Ok(LinkTarget::Hs(number.to_owned()))
        } else {
            Err(format!("{link:?} is not a harmonized-structure clause"))
        };
    }
    if let Some(i) = catalogue.requirement_index(link) {
        return Ok(LinkTarget::Requirement(i));
    }
    if let Some(i) = catalogue.clause_index(link) {
        return Ok(LinkTarget::Clause(i));
    }
    // Lenient spelling of the norm part: display id, any case.
    if let Some((norm, rest)) = link.split_once('/') {
        if let Some(norm) = catalogue.norm(norm) {
            let canonical = format!("{}/{}", norm.key, rest.trim());
            if let Some(i) = catalogue.requirement_index(&canonical) {
                return Ok(LinkTarget::Requirement(i));
            }
            if let Some(i) = catalogue.clause_index(&canonical) {
                return Ok(LinkTarget::Clause(i));
            }
            return Err(format!("{link:?} is not a clause or requirement of {}", norm.id));
        }
        return Err(format!("{link:?} names no loaded norm (norms: {})", norm_list(catalogue)));
    }
    Err(format!(
        "{link:?} is not a requirement, clause or harmonized-structure id (ids look like ISO14001:2015/6.1.2, ISO14001:2015/6.1.2/a or HS/7.5)"
    ))
}

fn norm_list(catalogue: &Catalogue) -> String {
    catalogue.norms().iter().map(|n| n.id.as_str()).collect::<Vec<_>>().join(", ")
}

impl LinkTarget {
    /// The norms (display ids) the target belongs to; every norm linked to the clause for a harmonized-structure link.
    pub fn norms<'c>(&self, catalogue: &'c Catalogue) -> Vec<&'c str> {
        match self {
            LinkTarget::Requirement(i) => vec![catalogue.requirements()[*i].norm.as_str()],
            LinkTarget::Clause(i) => vec![catalogue.clauses()[*i].norm.as_str()],
            LinkTarget::Hs(number) => {
                let mut norms: Vec<&str> = catalogue
                    .clauses()
                    .iter()
                    .filter(|c| c.hs.as_deref() == Some(number.as_str()))
                    .map(|c| c.norm.as_str())
                    .collect();
                norms.dedup();
                norms
            }
        }
    }

    /// The requirements (positions) the target covers directly: the requirement, or every requirement under the clause,
    /// or every requirement under the clauses linked to the harmonized-structure clause.
    pub fn requirements(&self, catalogue: &Catalogue) -> Vec<usize> {
        match self {
            LinkTarget::Requirement(i) => vec![*i],
            LinkTarget::Clause(i) => catalogue.requirement_indices_under(&catalogue.clauses()[*i].id),
            LinkTarget::Hs(number) => {
                let mut all: Vec<usize> = catalogue
                    .clauses()
                    .iter()
                    .filter(|c| c.hs.as_deref() == Some(number.as_str()))
                    .flat_map(|c| catalogue.requirement_indices_under(&c.id))
                    .collect();
                all.sort_unstable();
                all.dedup();
                all
            }
        }
    }
}
