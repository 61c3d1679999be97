//! Norms as data: clause trees, requirements, documented information, and the harmonized-structure mapping.
//!
//! A [`Catalogue`] holds any number of norms, each loaded from a TOML file in the format documented in
//! `catalogues/FORMAT.md`. The built-in catalogue ([`Catalogue::builtin`]) has ISO 9001:2015, ISO 14001:2015,
//! ISO 45001:2018, ISO 50001:2018, ISO 26000:2010 and the harmonized structure; organisations add their own
//! standards with the same loader ([`CatalogueBuilder`]).
//!
//! ```
//! use iso_core::catalogue::{Catalogue, DocumentedInfo, RequirementFilter};
//!
//! let catalogue = Catalogue::builtin()?;
//! let policy = catalogue.clause("ISO14001:2015/5.2").unwrap();
//! assert_eq!(policy.title.en, "Environmental policy");
//!
//! // Every record ISO 14001 requires to be retained.
//! let filter = RequirementFilter::new().norm("ISO 14001:2015").documented(DocumentedInfo::Retain);
//! let records = catalogue.find_requirements(&filter)?;
//! assert!(records.len() >= 8);
//!
//! // The same clause in the other management-system norms.
//! let equivalents = catalogue.equivalents("ISO14001:2015/7.5.3")?;
//! assert!(equivalents.iter().any(|e| e.clause == "ISO9001:2015/7.5.3"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod file;
mod model;
mod validate;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use file::CatalogueFile;
pub use model::{
    Clause, ClauseMap, DocumentedInfo, Equivalent, HsClause, MaturityLevel, Norm, NormKind, Relation, Requirement,
    Structure,
};

use crate::error::{CatalogueError, Location, NotFound};
use crate::text::{Lang, fold};

/// The largest catalogue file the loader accepts, in bytes (8 MiB; the built-in files are well under 1 MiB).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A validated set of norms with lookups.
///
/// Serializes as its plain data (`structure`, `norms`, `clauses`, `requirements`, `maps`); deserializing
/// validates again, so a round trip through JSON gives back an equal catalogue or an error.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "CatalogueData", try_from = "CatalogueData")]
pub struct Catalogue {
    data: CatalogueData,
    index: Index,
}

impl PartialEq for Catalogue {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data
    }
}

/// The plain data of a catalogue, as serialized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CatalogueData {
    /// The harmonized structure, when loaded.
    pub structure: Option<Structure>,
    /// Norms, in load order.
    pub norms: Vec<Norm>,
    /// Clauses, by norm then clause number.
    pub clauses: Vec<Clause>,
    /// Requirements, by clause.
    pub requirements: Vec<Requirement>,
    /// Direct clause mapping rows.
    pub maps: Vec<ClauseMap>,
}

#[derive(Debug, Clone, Default)]
struct Index {
    norms: HashMap<String, usize>,
    clauses: HashMap<String, usize>,
    requirements: HashMap<String, usize>,
    children: Vec<Vec<usize>>,
    clause_requirements: Vec<Vec<usize>>,
    hs_links: BTreeMap<String, Vec<usize>>,
}

impl From<Catalogue> for CatalogueData {
    fn from(catalogue: Catalogue) -> Self {
        catalogue.data
    }
}

impl TryFrom<CatalogueData> for Catalogue {
    type Error = CatalogueError;

    fn try_from(data: CatalogueData) -> Result<Self, Self::Error> {
        let at = |what: &str, i: usize| Location::file(format!("{what}[{i}]"));
        let mut draft = file::Draft::default();
        if let Some(structure) = data.structure {
            let locations = (0..structure.clauses.len()).map(|i| at("structure.clauses", i)).collect();
            draft.structure_count = 1;
            draft.structure = Some((structure, Location::file("structure"), locations));
        }
        draft.norms = data.norms.into_iter().enumerate().map(|(i, n)| (n, at("norms", i))).collect();
        draft.clauses = data.clauses.into_iter().enumerate().map(|(i, c)| (c, at("clauses", i))).collect();
        draft.requirements =
            data.requirements.into_iter().enumerate().map(|(i, r)| (r, at("requirements", i))).collect();
        draft.maps = data.maps.into_iter().enumerate().map(|(i, m)| (m, at("maps", i))).collect();
        validate::build(draft)
    }
}

/// Collects catalogue files, then validates them together (so that mappings may refer to norms in other files).
///
/// ```
/// use iso_core::catalogue::Catalogue;
///
/// let mine = r#"
/// [norm]
/// id = "ACME QMS:2026"
/// key = "ACME-QMS:2026"
/// kind = "requirements"
/// title = { en = "ACME supplier quality requirements" }
///
/// [[clause]]
/// number = "1"
/// title = { en = "Traceability" }
///
/// [[requirement]]
/// clause = "1"
/// item = "a"
/// statement = { en = "Mark every lot with its production date." }
/// documented = "retain"
/// "#;
/// let catalogue = Catalogue::builder().with_builtin()?.with_toml("acme.toml", mine)?.build()?;
/// assert!(catalogue.requirement("ACME-QMS:2026/1/a").is_some());
/// assert!(catalogue.norm("ISO 9001:2015").is_some());
/// # Ok::<(), iso_core::CatalogueError>(())
/// ```
#[derive(Debug, Default)]
pub struct CatalogueBuilder {
    draft: file::Draft,
}

impl CatalogueBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the built-in norm files and the harmonized structure.
    pub fn with_builtin(mut self) -> Result<Self, CatalogueError> {
        for data in iso_catalogues::catalogue_files() {
            self = self.with_toml(data.name, data.text)?;
        }
        Ok(self)
    }

    /// Adds one catalogue file from its text; `name` labels errors. Syntax and type errors are reported here,
    /// rule violations by [`build`](Self::build).
    pub fn with_toml(mut self, name: &str, text: &str) -> Result<Self, CatalogueError> {
        let parsed = file::parse(name, text)?;
        self.draft.add(name, text, parsed);
        Ok(self)
    }

    /// Adds a catalogue file, or every `*.toml` file of a directory (in file-name order).
    pub fn with_path(mut self, path: impl AsRef<Path>) -> Result<Self, CatalogueError> {
        let path = path.as_ref();
        let meta = std::fs::metadata(path).map_err(|e| CatalogueError::io(path, &e))?;
        if meta.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| CatalogueError::io(path, &e))?;
            let mut files = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|e| CatalogueError::io(path, &e))?;
                let file = entry.path();
                if file.extension().is_some_and(|e| e == "toml") {
                    files.push(file);
                }
            }
            files.sort();
            for file in files {
                self = self.with_file(&file)?;
            }
            Ok(self)
        } else {
            self.with_file(path)
        }
    }

    fn with_file(self, path: &Path) -> Result<Self, CatalogueError> {
        let name = path.display().to_string();
        let size = std::fs::metadata(path).map_err(|e| CatalogueError::io(path, &e))?.len();
        if size > MAX_FILE_BYTES {
            return Err(CatalogueError::TooLarge { file: name, size, limit: MAX_FILE_BYTES });
        }
        let bytes = std::fs::read(path).map_err(|e| CatalogueError::io(path, &e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let location = Location::at_offset(&name, "", 0);
            CatalogueError::Syntax {
                location,
                message: format!("the file is not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()),
            }
        })?;
        self.with_toml(&name, &text)
    }

    /// Validates everything added and builds the catalogue. Every rule violation is listed in the error.
    pub fn build(self) -> Result<Catalogue, CatalogueError> {
        validate::build(self.draft)
    }
}

/// Filters for [`Catalogue::find_clauses`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClauseFilter {
    /// Only this norm (display id or key).
    pub norm: Option<String>,
    /// Only this clause and its sub-clauses: a number (`7.5`, in every norm) or a clause id (`ISO9001:2015/7.5`).
    pub clause: Option<String>,
}

impl ClauseFilter {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }
    /// Only this norm.
    pub fn norm(mut self, norm: impl Into<String>) -> Self {
        self.norm = Some(norm.into());
        self
    }
    /// Only this clause and its sub-clauses.
    pub fn clause(mut self, clause: impl Into<String>) -> Self {
        self.clause = Some(clause.into());
        self
    }
}

/// Filters for [`Catalogue::find_requirements`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RequirementFilter {
    /// Only this norm (display id or key).
    pub norm: Option<String>,
    /// Only requirements of this clause and its sub-clauses: a number or a clause id.
    pub clause: Option<String>,
    /// Only requirements with this documented information.
    pub documented: Option<DocumentedInfo>,
    /// Only requirements that may (true) or may not (false) be declared not applicable.
    pub excludable: Option<bool>,
}

impl RequirementFilter {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }
    /// Only this norm.
    pub fn norm(mut self, norm: impl Into<String>) -> Self {
        self.norm = Some(norm.into());
        self
    }
    /// Only this clause and its sub-clauses.
    pub fn clause(mut self, clause: impl Into<String>) -> Self {
        self.clause = Some(clause.into());
        self
    }
    /// Only this documented-information kind.
    pub fn documented(mut self, documented: DocumentedInfo) -> Self {
        self.documented = Some(documented);
        self
    }
    /// Only excludable (or only non-excludable) requirements.
    pub fn excludable(mut self, excludable: bool) -> Self {
        self.excludable = Some(excludable);
        self
    }
}

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    /// A clause (matched on its title).
    Clause,
    /// A requirement (matched on its statement or documented information).
    Requirement,
}

/// One result of [`Catalogue::search`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SearchHit {
    /// Clause or requirement.
    pub kind: HitKind,
    /// Its id.
    pub id: String,
    /// Its norm's display id.
    pub norm: String,
    /// The field that matched: `title`, `statement` or `information`.
    pub field: String,
    /// The language of the text that matched.
    pub lang: Lang,
    /// The text that matched.
    pub text: String,
}

static BUILTIN: OnceLock<Result<Catalogue, CatalogueError>> = OnceLock::new();

impl Catalogue {
    /// The built-in catalogue: ISO 9001:2015, ISO 14001:2015, ISO 45001:2018, ISO 50001:2018, ISO 26000:2010 and
    /// the harmonized structure. Parsed once per process, then cloned.
    ///
    /// The built-in files are validated by the test suite; an error here means a corrupted build.
    pub fn builtin() -> Result<Catalogue, CatalogueError> {
        BUILTIN.get_or_init(|| CatalogueBuilder::new().with_builtin().and_then(CatalogueBuilder::build)).clone()
    }

    /// A builder for catalogues made of several files (built-in and your own).
    pub fn builder() -> CatalogueBuilder {
        CatalogueBuilder::new()
    }

    /// A catalogue from one file's text (a norm file, or a structure file); `name` labels errors.
    pub fn from_toml(name: &str, text: &str) -> Result<Catalogue, CatalogueError> {
        CatalogueBuilder::new().with_toml(name, text)?.build()
    }

    /// A catalogue from a file or a directory of `*.toml` files.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Catalogue, CatalogueError> {
        CatalogueBuilder::new().with_path(path)?.build()
    }

    /// The plain data.
    pub fn data(&self) -> &CatalogueData {
        &self.data
    }

    /// The norms, in load order.
    pub fn norms(&self) -> &[Norm] {
        &self.data.norms
    }

    /// A norm by display id (`ISO 14001:2015`) or key (`ISO14001:2015`); case and spaces are ignored.
    pub fn norm(&self, id: &str) -> Option<&Norm> {
        self.index.norms.get(id).or_else(|| self.index.norms.get(&validate::compact(id))).map(|&i| &self.data.norms[i])
    }

    /// Like [`norm`](Self::norm), with an error listing the loaded norms.
    pub fn resolve_norm(&self, id: &str) -> Result<&Norm, NotFound> {
        self.norm(id).ok_or_else(|| NotFound {
            what: "norm",
            id: id.to_owned(),
            hint: format!(
                ": loaded norms are {}",
                self.data.norms.iter().map(|n| n.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        })
    }

    /// The harmonized structure, when loaded.
    pub fn structure(&self) -> Option<&Structure> {
        self.data.structure.as_ref()
    }

    /// Every clause, by norm then number.
    pub fn clauses(&self) -> &[Clause] {
        &self.data.clauses
    }

    /// A clause by id (`ISO14001:2015/6.1.2`).
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clause_index(id).map(|i| &self.data.clauses[i])
    }

    /// The position of a clause in [`clauses`](Self::clauses).
    pub fn clause_index(&self, id: &str) -> Option<usize> {
        self.index.clauses.get(id).copied()
    }

    /// Like [`clause`](Self::clause), with an error explaining the id form.
    pub fn resolve_clause(&self, id: &str) -> Result<&Clause, NotFound> {
        self.clause(id).ok_or_else(|| NotFound { what: "clause", id: id.to_owned(), hint: self.id_hint(id, "7.5") })
    }

    fn id_hint(&self, id: &str, example: &str) -> String {
        let example_norm = self.data.norms.first().map_or("ISO9001:2015", |n| n.key.as_str());
        if id.contains('/') { String::new() } else { format!(": ids look like {example_norm}/{example}") }
    }

    /// The direct sub-clauses of a clause.
    pub fn children(&self, clause_id: &str) -> Vec<&Clause> {
        self.clause_index(clause_id)
            .map(|i| self.index.children[i].iter().map(|&c| &self.data.clauses[c]).collect())
            .unwrap_or_default()
    }

    /// Every requirement, by norm then clause.
    pub fn requirements(&self) -> &[Requirement] {
        &self.data.requirements
    }

    /// A requirement by id (`ISO14001:2015/6.1.2/a`).
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirement_index(id).map(|i| &self.data.requirements[i])
    }

    /// The position of a requirement in [`requirements`](Self::requirements).
    pub fn requirement_index(&self, id: &str) -> Option<usize> {
        self.index.requirements.get(id).copied()
    }

    /// Like [`requirement`](Self::requirement), with an error explaining the id form.
    pub fn resolve_requirement(&self, id: &str) -> Result<&Requirement, NotFound> {
        self.requirement(id).ok_or_else(|| NotFound {
            what: "requirement",
            id: id.to_owned(),
            hint: self.id_hint(id, "7.5.1/a"),
        })
    }

    /// Positions (in [`requirements`](Self::requirements)) of the requirements of a clause and all its sub-clauses,
    /// in catalogue order.
    pub fn requirement_indices_under(&self, clause_id: &str) -> Vec<usize> {
        let mut out = Vec::new();
        if let Some(root) = self.clause_index(clause_id) {
            let mut stack = vec![root];
            while let Some(clause) = stack.pop() {
                out.extend_from_slice(&self.index.clause_requirements[clause]);
                stack.extend(self.index.children[clause].iter().rev());
            }
        }
        out.sort_unstable();
        out
    }

    /// The requirements of a clause and all its sub-clauses.
    pub fn requirements_under(&self, clause_id: &str) -> Vec<&Requirement> {
        self.requirement_indices_under(clause_id).into_iter().map(|i| &self.data.requirements[i]).collect()
    }

    fn clause_matches(&self, clause: &Clause, norm: Option<&Norm>, prefix: Option<&str>) -> bool {
        if norm.is_some_and(|n| n.id != clause.norm) {
            return false;
        }
        match prefix {
            None => true,
            Some(prefix) => {
                let (key, number) = match prefix.split_once('/') {
                    Some((key, number)) => (Some(key), number),
                    None => (None, prefix),
                };
                if let Some(key) = key {
                    if !clause.id.starts_with(key) || clause.id.as_bytes().get(key.len()) != Some(&b'/') {
                        return false;
                    }
                }
                number.is_empty()
                    || clause.number == number
                    || (clause.number.starts_with(number) && clause.number.as_bytes().get(number.len()) == Some(&b'.'))
            }
        }
    }

    /// Clauses matching a filter, in catalogue order. An unknown norm is an error.
    pub fn find_clauses(&self, filter: &ClauseFilter) -> Result<Vec<&Clause>, NotFound> {
        let norm = filter.norm.as_deref().map(|n| self.resolve_norm(n)).transpose()?;
        Ok(self.data.clauses.iter().filter(|c| self.clause_matches(c, norm, filter.clause.as_deref())).collect())
    }

    /// Requirements matching a filter, in catalogue order. An unknown norm is an error.
    pub fn find_requirements(&self, filter: &RequirementFilter) -> Result<Vec<&Requirement>, NotFound> {
        let norm = filter.norm.as_deref().map(|n| self.resolve_norm(n)).transpose()?;
        Ok(self
            .data
            .requirements
            .iter()
            .filter(|r| filter.documented.is_none_or(|d| d == r.documented))
            .filter(|r| filter.excludable.is_none_or(|e| e == r.excludable))
            .filter(|r| self.clause(&r.clause).is_some_and(|c| self.clause_matches(c, norm, filter.clause.as_deref())))
            .collect())
    }

    /// Accent- and case-insensitive search of clause titles and requirement statements. Every word of the query
    /// must occur in the same text. With `lang`, only that language is searched; hits are in catalogue order, at
    /// most one per clause or requirement.
    ///
    /// ```
    /// let catalogue = iso_core::catalogue::Catalogue::builtin()?;
    /// let hits = catalogue.search("revue de direction", Some(iso_core::Lang::Fr));
    /// assert!(hits.iter().any(|h| h.id == "ISO9001:2015/9.3"));
    /// # Ok::<(), iso_core::CatalogueError>(())
    /// ```
    pub fn search(&self, query: &str, lang: Option<Lang>) -> Vec<SearchHit> {
        let terms: Vec<String> = fold(query).split_whitespace().map(str::to_owned).collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let langs: &[Lang] = match &lang {
            Some(lang) => std::slice::from_ref(lang),
            None => &Lang::ALL,
        };
        let matches = |text: &str| {
            let folded = fold(text);
            terms.iter().all(|t| folded.contains(t.as_str()))
        };
        let mut hits = Vec::new();
        for clause in &self.data.clauses {
            if let Some(&lang) = langs.iter().find(|&&l| matches(clause.title.get(l))) {
                hits.push(SearchHit {
                    kind: HitKind::Clause,
                    id: clause.id.clone(),
                    norm: clause.norm.clone(),
                    field: "title".to_owned(),
                    lang,
                    text: clause.title.get(lang).to_owned(),
                });
            }
        }
        for requirement in &self.data.requirements {
            let fields = std::iter::once(("statement", &requirement.statement))
                .chain(requirement.information.as_ref().map(|i| ("information", i)));
            'fields: for (field, text) in fields {
                for &lang in langs {
                    if matches(text.get(lang)) {
                        hits.push(SearchHit {
                            kind: HitKind::Requirement,
                            id: requirement.id.clone(),
                            norm: requirement.norm.clone(),
                            field: field.to_owned(),
                            lang,
                            text: text.get(lang).to_owned(),
                        });
                        break 'fields;
                    }
                }
            }
        }
        hits
    }

    /// The clauses of other norms that correspond to a clause, through the harmonized structure and the direct
    /// mapping rows (a direct row wins over the structure). `clause_id` may also be a harmonized-structure clause
    /// (`HS/7.5`): every clause linked to it is returned, with its relation to the structure's clause.
    ///
    /// Results are ordered by norm (load order), then clause number.
    pub fn equivalents(&self, clause_id: &str) -> Result<Vec<Equivalent>, NotFound> {
        if let Some(hs) = clause_id.strip_prefix("HS/") {
            let known = self.structure().is_some_and(|s| s.clauses.iter().any(|c| c.number == hs))
                || self.index.hs_links.contains_key(hs);
            if !known {
                return Err(NotFound {
                    what: "harmonized-structure clause",
                    id: clause_id.to_owned(),
                    hint: String::new(),
                });
            }
            let linked = self.index.hs_links.get(hs).map(Vec::as_slice).unwrap_or_default();
            return Ok(linked
                .iter()
                .map(|&i| {
                    let c = &self.data.clauses[i];
                    Equivalent {
                        clause: c.id.clone(),
                        norm: c.norm.clone(),
                        relation: c.hs_relation,
                        via: clause_id.to_owned(),
                    }
                })
                .collect());
        }
        let index = self.clause_index(clause_id).ok_or_else(|| NotFound {
            what: "clause",
            id: clause_id.to_owned(),
            hint: self.id_hint(clause_id, "7.5"),
        })?;
        let clause = &self.data.clauses[index];
        let mut found: BTreeMap<usize, Equivalent> = BTreeMap::new();
        if let Some(hs) = &clause.hs {
            for &other in self.index.hs_links.get(hs).map(Vec::as_slice).unwrap_or_default() {
                let o = &self.data.clauses[other];
                if o.norm == clause.norm {
                    continue;
                }
                // other → HS → queried clause.
                let relation = o.hs_relation.then(clause.hs_relation.inverse());
                found.insert(
                    other,
                    Equivalent { clause: o.id.clone(), norm: o.norm.clone(), relation, via: format!("HS/{hs}") },
                );
            }
        }
        for map in &self.data.maps {
            let (other, relation) = if map.from == clause.id {
                (&map.to, map.relation.inverse())
            } else if map.to == clause.id {
                (&map.from, map.relation)
            } else {
                continue;
            };
            if let Some(other) = self.clause_index(other) {
                let o = &self.data.clauses[other];
                found.insert(
                    other,
                    Equivalent { clause: o.id.clone(), norm: o.norm.clone(), relation, via: "map".to_owned() },
                );
            }
        }
        Ok(found.into_values().collect())
    }

    /// The JSON Schema of catalogue files (the TOML format of `FORMAT.md`, as data).
    pub fn file_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(CatalogueFile)).unwrap_or_default()
    }

    /// The JSON Schema of a serialized catalogue ([`CatalogueData`]).
    pub fn data_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(CatalogueData)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
