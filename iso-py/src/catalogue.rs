//! Wraps `iso_core::catalogue`: norms, clauses, requirements and the catalogue's lookups.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::PyType;

use iso_core::catalogue as core;

use crate::errors::{bad_value, catalogue_error, not_found};
use crate::text::{Text, lang};

/// Serializes a core value into plain Python data (dicts, lists, str, int, bool, None).
fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// A norm and its metadata.
#[pyclass(frozen, eq, module = "iso_core._native")]
#[derive(Clone, PartialEq)]
pub struct Norm {
    inner: core::Norm,
}

#[pymethods]
impl Norm {
    /// Display id: `ISO 14001:2015`.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    /// Id prefix of clauses and requirements: `ISO14001:2015`.
    #[getter]
    fn key(&self) -> &str {
        &self.inner.key
    }
    /// `requirements` or `guidance`.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.inner.kind {
            core::NormKind::Requirements => "requirements",
            core::NormKind::Guidance => "guidance",
        }
    }
    /// Full title.
    #[getter]
    fn title(&self) -> Text {
        self.inner.title.clone().into()
    }
    /// Version of the catalogue data.
    #[getter]
    fn data_version(&self) -> &str {
        &self.inner.data_version
    }
    /// Amendments folded into the data.
    #[getter]
    fn amendments(&self) -> Vec<String> {
        self.inner.amendments.clone()
    }
    /// Maturity scale (guidance norms), in increasing order.
    #[getter]
    fn maturity(&self) -> Vec<MaturityLevel> {
        self.inner.maturity.iter().cloned().map(|inner| MaturityLevel { inner }).collect()
    }
    /// Whether conformity can be certified (a requirements norm).
    #[getter]
    fn certifiable(&self) -> bool {
        self.inner.is_certifiable()
    }
    /// The file it was loaded from.
    #[getter]
    fn source(&self) -> &str {
        &self.inner.source
    }
    /// Plain data, as in the JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!("Norm({:?})", self.inner.id)
    }
    fn __hash__(&self) -> u64 {
        hash_str(&self.inner.id)
    }
}

fn hash_str(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut hasher);
    hasher.finish()
}

/// One level of a guidance norm's maturity scale.
#[pyclass(frozen, eq, module = "iso_core._native")]
#[derive(Clone, PartialEq)]
pub struct MaturityLevel {
    inner: core::MaturityLevel,
}

#[pymethods]
impl MaturityLevel {
    /// The level (higher is more mature).
    #[getter]
    fn level(&self) -> u8 {
        self.inner.level
    }
    /// Short label.
    #[getter]
    fn label(&self) -> Text {
        self.inner.label.clone().into()
    }
    /// What the level means.
    #[getter]
    fn description(&self) -> Text {
        self.inner.description.clone().into()
    }
    /// Plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!("MaturityLevel({}, {:?})", self.inner.level, self.inner.label.en)
    }
}

/// A numbered clause of a norm.
#[pyclass(frozen, eq, module = "iso_core._native")]
#[derive(Clone, PartialEq)]
pub struct Clause {
    inner: core::Clause,
}

#[pymethods]
impl Clause {
    /// `ISO14001:2015/6.1.2`.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    /// The norm's display id.
    #[getter]
    fn norm(&self) -> &str {
        &self.inner.norm
    }
    /// `6.1.2`.
    #[getter]
    fn number(&self) -> &str {
        &self.inner.number
    }
    /// The parent clause's id.
    #[getter]
    fn parent(&self) -> Option<&str> {
        self.inner.parent.as_deref()
    }
    /// Title.
    #[getter]
    fn title(&self) -> Text {
        self.inner.title.clone().into()
    }
    /// The harmonized-structure clause it corresponds to.
    #[getter]
    fn hs(&self) -> Option<&str> {
        self.inner.hs.as_deref()
    }
    /// Relation of its requirements to the harmonized-structure clause's.
    #[getter]
    fn hs_relation(&self) -> &'static str {
        self.inner.hs_relation.as_str()
    }
    /// Plain data, as in the JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!("Clause({:?}, {:?})", self.inner.id, self.inner.title.en)
    }
    fn __hash__(&self) -> u64 {
        hash_str(&self.inner.id)
    }
}

/// One auditable requirement (one "shall"), or an assessable item of a guidance norm.
#[pyclass(frozen, eq, module = "iso_core._native")]
#[derive(Clone, PartialEq)]
pub struct Requirement {
    inner: core::Requirement,
}

#[pymethods]
impl Requirement {
    /// `ISO14001:2015/6.1.2/a`.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    /// The norm's display id.
    #[getter]
    fn norm(&self) -> &str {
        &self.inner.norm
    }
    /// The clause's id.
    #[getter]
    fn clause(&self) -> &str {
        &self.inner.clause
    }
    /// The item within the clause.
    #[getter]
    fn item(&self) -> &str {
        &self.inner.item
    }
    /// The auditable statement.
    #[getter]
    fn statement(&self) -> Text {
        self.inner.statement.clone().into()
    }
    /// `none`, `maintain` (a document) or `retain` (a record).
    #[getter]
    fn documented(&self) -> &'static str {
        self.inner.documented.as_str()
    }
    /// What must be documented.
    #[getter]
    fn information(&self) -> Option<Text> {
        self.inner.information.clone().map(Into::into)
    }
    /// Whether it may be declared not applicable.
    #[getter]
    fn excludable(&self) -> bool {
        self.inner.excludable
    }
    /// The amendment that introduced it.
    #[getter]
    fn amendment(&self) -> Option<&str> {
        self.inner.amendment.as_deref()
    }
    /// Plain data, as in the JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!("Requirement({:?})", self.inner.id)
    }
    fn __hash__(&self) -> u64 {
        hash_str(&self.inner.id)
    }
}

fn documented(value: Option<&str>) -> PyResult<Option<core::DocumentedInfo>> {
    value.map(|v| v.parse::<core::DocumentedInfo>().map_err(bad_value)).transpose()
}

/// A validated set of norms: the built-in ones and your own.
#[pyclass(frozen, module = "iso_core._native")]
pub struct Catalogue {
    pub inner: core::Catalogue,
}

#[pymethods]
impl Catalogue {
    /// The built-in catalogue (ISO 9001, 14001, 45001, 50001, 26000 and the harmonized structure).
    #[classmethod]
    fn builtin(_cls: &Bound<'_, PyType>) -> PyResult<Self> {
        Ok(Catalogue { inner: core::Catalogue::builtin().map_err(catalogue_error)? })
    }

    /// A catalogue from TOML texts and files. `texts` maps a name (used in error messages) to a file's text;
    /// `paths` are files or folders of `*.toml`; `builtin` adds the built-in norms first.
    #[classmethod]
    #[pyo3(signature = (*, texts = None, paths = None, builtin = false))]
    fn load(
        _cls: &Bound<'_, PyType>,
        texts: Option<Vec<(String, String)>>,
        paths: Option<Vec<PathBuf>>,
        builtin: bool,
    ) -> PyResult<Self> {
        let mut builder = core::Catalogue::builder();
        if builtin {
            builder = builder.with_builtin().map_err(catalogue_error)?;
        }
        for (name, text) in texts.unwrap_or_default() {
            builder = builder.with_toml(&name, &text).map_err(catalogue_error)?;
        }
        for path in paths.unwrap_or_default() {
            builder = builder.with_path(path).map_err(catalogue_error)?;
        }
        Ok(Catalogue { inner: builder.build().map_err(catalogue_error)? })
    }

    /// A catalogue from one file's text.
    #[classmethod]
    #[pyo3(signature = (text, name = "<text>"))]
    fn from_toml(_cls: &Bound<'_, PyType>, text: &str, name: &str) -> PyResult<Self> {
        Ok(Catalogue { inner: core::Catalogue::from_toml(name, text).map_err(catalogue_error)? })
    }

    /// A catalogue from a file or a folder of `*.toml` files.
    #[classmethod]
    fn from_path(_cls: &Bound<'_, PyType>, path: PathBuf) -> PyResult<Self> {
        Ok(Catalogue { inner: core::Catalogue::from_path(path).map_err(catalogue_error)? })
    }

    /// A catalogue from its JSON form (as written by `to_json`); validated again.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, json: &str) -> PyResult<Self> {
        let data: core::CatalogueData = serde_json::from_str(json).map_err(|e| {
            Python::attach(|py| {
                let err = crate::errors::catalogue_error(iso_core::CatalogueError::Syntax {
                    location: iso_core::error::Location {
                        file: "<json>".to_owned(),
                        line: u32::try_from(e.line()).ok(),
                        column: u32::try_from(e.column()).ok(),
                    },
                    message: e.to_string(),
                });
                let _ = py;
                err
            })
        })?;
        Ok(Catalogue { inner: core::Catalogue::try_from(data).map_err(catalogue_error)? })
    }

    /// The JSON form (validated again when read back).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| bad_value(e.to_string()))
    }

    /// The norms, in load order.
    #[getter]
    fn norms(&self) -> Vec<Norm> {
        self.inner.norms().iter().cloned().map(|inner| Norm { inner }).collect()
    }

    /// A norm by display id or key, or None.
    fn norm(&self, id: &str) -> Option<Norm> {
        self.inner.norm(id).cloned().map(|inner| Norm { inner })
    }

    /// A clause by id (`ISO14001:2015/6.1.2`), or None.
    fn clause(&self, id: &str) -> Option<Clause> {
        self.inner.clause(id).cloned().map(|inner| Clause { inner })
    }

    /// A requirement by id (`ISO14001:2015/6.1.2/a`), or None.
    fn requirement(&self, id: &str) -> Option<Requirement> {
        self.inner.requirement(id).cloned().map(|inner| Requirement { inner })
    }

    /// Clauses, optionally of one norm and under one clause (a number such as `7.5`, or a clause id).
    #[pyo3(signature = (*, norm = None, clause = None))]
    fn clauses(&self, norm: Option<String>, clause: Option<String>) -> PyResult<Vec<Clause>> {
        let filter = core::ClauseFilter { norm, clause };
        let found = self.inner.find_clauses(&filter).map_err(not_found)?;
        Ok(found.into_iter().cloned().map(|inner| Clause { inner }).collect())
    }

    /// Requirements, optionally filtered by norm, clause (and sub-clauses), documented information
    /// (`none`, `maintain`, `retain`) and excludability.
    #[pyo3(signature = (*, norm = None, clause = None, documented = None, excludable = None))]
    fn requirements(
        &self,
        norm: Option<String>,
        clause: Option<String>,
        documented: Option<&str>,
        excludable: Option<bool>,
    ) -> PyResult<Vec<Requirement>> {
        let filter = core::RequirementFilter { norm, clause, documented: self::documented(documented)?, excludable };
        let found = self.inner.find_requirements(&filter).map_err(not_found)?;
        Ok(found.into_iter().cloned().map(|inner| Requirement { inner }).collect())
    }

    /// The direct sub-clauses of a clause.
    fn children(&self, clause: &str) -> PyResult<Vec<Clause>> {
        self.inner.resolve_clause(clause).map_err(not_found)?;
        Ok(self.inner.children(clause).into_iter().cloned().map(|inner| Clause { inner }).collect())
    }

    /// The requirements of a clause and all its sub-clauses.
    fn requirements_under(&self, clause: &str) -> PyResult<Vec<Requirement>> {
        self.inner.resolve_clause(clause).map_err(not_found)?;
        Ok(self.inner.requirements_under(clause).into_iter().cloned().map(|inner| Requirement { inner }).collect())
    }

    /// Accent- and case-insensitive search; each hit is a dict (kind, id, norm, field, lang, text).
    #[pyo3(signature = (query, lang = None))]
    fn search<'py>(&self, py: Python<'py>, query: &str, lang: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let lang = lang.map(self::lang).transpose()?;
        to_python(py, &self.inner.search(query, lang))
    }

    /// Clauses of other norms corresponding to a clause id, or to a harmonized-structure clause (`HS/7.5`);
    /// each a dict (clause, norm, relation, via).
    fn equivalents<'py>(&self, py: Python<'py>, clause: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.equivalents(clause).map_err(not_found)?)
    }

    /// The harmonized structure's clauses as dicts (id, number, title), or None when not loaded.
    fn structure<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.structure())
    }

    /// The JSON Schema of catalogue files, as a dict.
    #[staticmethod]
    fn file_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        to_python(py, &core::Catalogue::file_schema())
    }

    fn __len__(&self) -> usize {
        self.inner.requirements().len()
    }

    fn __repr__(&self) -> String {
        let norms: Vec<&str> = self.inner.norms().iter().map(|n| n.id.as_str()).collect();
        format!("Catalogue({})", norms.join(", "))
    }
}
