//! Wraps `iso_core::register`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

use iso_core::register as core;

use crate::catalogue::Catalogue;
use crate::errors::{bad_value, register_error};

/// Plain Python data from a serializable value.
pub fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// An organisation's register: organisation, sites, systems, evidence, findings, actions, maturity ratings.
#[pyclass(frozen, module = "iso_core._native")]
pub struct Register {
    pub inner: core::Register,
}

fn sheet_kind(name: &str) -> PyResult<core::SheetKind> {
    match name {
        "evidence" => Ok(core::SheetKind::Evidence),
        "findings" => Ok(core::SheetKind::Findings),
        "actions" => Ok(core::SheetKind::Actions),
        "maturity" => Ok(core::SheetKind::Maturity),
        other => Err(bad_value(format!("unknown sheet {other:?}: expected evidence, findings, actions or maturity"))),
    }
}

/// Reads a sheet argument: a path (str or os.PathLike), or a pandas DataFrame (anything with `to_csv`).
pub fn sheet_text(py: Python<'_>, value: &Bound<'_, PyAny>, default_name: &str) -> PyResult<(String, String)> {
    if value.hasattr("to_csv")? {
        let kwargs = PyDict::new(py);
        kwargs.set_item("index", false)?;
        let text: String = value.call_method("to_csv", (), Some(&kwargs))?.extract()?;
        return Ok((default_name.to_owned(), text));
    }
    let path: PathBuf = value.extract()?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| PyErr::from(std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))))?;
    Ok((path.display().to_string(), text))
}

fn build(
    py: Python<'_>,
    catalogue: &Catalogue,
    organisation: &Bound<'_, PyAny>,
    sheets: [(core::SheetKind, Option<&Bound<'_, PyAny>>); 4],
    columns: Option<BTreeMap<String, BTreeMap<String, String>>>,
) -> PyResult<Register> {
    let mut builder = core::RegisterBuilder::new();
    if let Ok(text) = organisation.extract::<String>() {
        if text.contains('[') {
            builder = builder.organisation_toml("<organisation>", &text);
        } else {
            let path = PathBuf::from(&text);
            let content = std::fs::read_to_string(&path).map_err(PyErr::from)?;
            builder = builder.organisation_toml(&path.display().to_string(), &content);
        }
    } else if let Ok(path) = organisation.extract::<PathBuf>() {
        let content = std::fs::read_to_string(&path).map_err(PyErr::from)?;
        builder = builder.organisation_toml(&path.display().to_string(), &content);
    } else {
        let value: core::Organisation = pythonize::depythonize(organisation)?;
        builder = builder.organisation(value);
    }
    for (kind, value) in sheets {
        if let Some(value) = value.filter(|v| !v.is_none()) {
            let (name, text) = sheet_text(py, value, kind.file_name())?;
            builder = builder.sheet(kind, &name, &text);
        }
    }
    for (sheet, map) in columns.unwrap_or_default() {
        builder = builder.columns(sheet_kind(&sheet)?, map);
    }
    Ok(Register { inner: builder.build(&catalogue.inner).map_err(register_error)? })
}

#[pymethods]
impl Register {
    /// Reads an organisation folder (`organisation.toml`, `evidence.csv`, `findings.csv`, `actions.csv`,
    /// `maturity.csv`, `columns.toml`) and checks it against the catalogue.
    #[classmethod]
    fn from_folder(_cls: &Bound<'_, PyType>, path: PathBuf, catalogue: &Catalogue) -> PyResult<Self> {
        Ok(Register { inner: core::Register::from_folder(path, &catalogue.inner).map_err(register_error)? })
    }

    /// Builds a register from an organisation (a TOML file path, TOML text, or a dict) and sheets (CSV file paths,
    /// or pandas DataFrames). `columns` maps sheet names to {sheet header: layout column}.
    #[classmethod]
    #[pyo3(signature = (catalogue, organisation, *, evidence = None, findings = None, actions = None, maturity = None, columns = None))]
    #[allow(clippy::too_many_arguments)]
    fn from_csv(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        catalogue: &Catalogue,
        organisation: &Bound<'_, PyAny>,
        evidence: Option<&Bound<'_, PyAny>>,
        findings: Option<&Bound<'_, PyAny>>,
        actions: Option<&Bound<'_, PyAny>>,
        maturity: Option<&Bound<'_, PyAny>>,
        columns: Option<BTreeMap<String, BTreeMap<String, String>>>,
    ) -> PyResult<Self> {
        let sheets = [
            (core::SheetKind::Evidence, evidence),
            (core::SheetKind::Findings, findings),
            (core::SheetKind::Actions, actions),
            (core::SheetKind::Maturity, maturity),
        ];
        build(py, catalogue, organisation, sheets, columns)
    }

    /// Like `from_csv`, with pandas DataFrames for the sheets (columns as in the CSV layout, or mapped by `columns`).
    #[classmethod]
    #[pyo3(signature = (catalogue, organisation, *, evidence = None, findings = None, actions = None, maturity = None, columns = None))]
    #[allow(clippy::too_many_arguments)]
    fn from_dataframe(
        cls: &Bound<'_, PyType>,
        py: Python<'_>,
        catalogue: &Catalogue,
        organisation: &Bound<'_, PyAny>,
        evidence: Option<&Bound<'_, PyAny>>,
        findings: Option<&Bound<'_, PyAny>>,
        actions: Option<&Bound<'_, PyAny>>,
        maturity: Option<&Bound<'_, PyAny>>,
        columns: Option<BTreeMap<String, BTreeMap<String, String>>>,
    ) -> PyResult<Self> {
        for (name, value) in
            [("evidence", evidence), ("findings", findings), ("actions", actions), ("maturity", maturity)]
        {
            if let Some(value) = value.filter(|v| !v.is_none()) {
                if !value.hasattr("to_csv")? {
                    return Err(pyo3::exceptions::PyTypeError::new_err(format!("{name} must be a pandas DataFrame")));
                }
            }
        }
        Self::from_csv(cls, py, catalogue, organisation, evidence, findings, actions, maturity, columns)
    }

    /// A register from its JSON form, checked against the catalogue.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, json: &str, catalogue: &Catalogue) -> PyResult<Self> {
        let inner: core::Register = serde_json::from_str(json).map_err(|e| {
            register_error(iso_core::RegisterError::Syntax {
                location: iso_core::error::Location {
                    file: "<json>".to_owned(),
                    line: u32::try_from(e.line()).ok(),
                    column: u32::try_from(e.column()).ok(),
                },
                message: e.to_string(),
            })
        })?;
        inner.validate(&catalogue.inner).map_err(register_error)?;
        Ok(Register { inner })
    }

    /// The JSON form.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| bad_value(e.to_string()))
    }

    /// The organisation, its sites and systems, as a dict.
    #[getter]
    fn organisation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.organisation)
    }

    /// Evidence records, as dicts.
    #[getter]
    fn evidence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.evidence)
    }

    /// Findings, as dicts.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.findings)
    }

    /// Corrective actions, as dicts.
    #[getter]
    fn actions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.actions)
    }

    /// Maturity ratings, as dicts.
    #[getter]
    fn maturity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.maturity)
    }

    /// Columns the sheet imports ignored, per sheet.
    fn ignored_columns(&self) -> BTreeMap<String, Vec<String>> {
        self.inner.import_reports().iter().map(|r| (r.sheet.clone(), r.ignored_columns.clone())).collect()
    }

    /// Checks the register against a catalogue (raises ValidationError listing every problem).
    fn validate(&self, catalogue: &Catalogue) -> PyResult<()> {
        self.inner.validate(&catalogue.inner).map_err(register_error)
    }

    fn __repr__(&self) -> String {
        format!(
            "Register({:?}: {} evidence, {} findings, {} actions)",
            self.inner.organisation.name,
            self.inner.evidence.len(),
            self.inner.findings.len(),
            self.inner.actions.len()
        )
    }
}
