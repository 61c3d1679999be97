//! Maps core errors onto the exception classes of `iso_core.errors` (defined in Python so that they can inherit
//! from both `IsoError` and the matching built-in exception).

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Builds an instance of `iso_core.errors.<class>` with `message`, then sets `attributes` on it.
fn raise(py: Python<'_>, class: &str, message: String, attributes: &[(&str, Py<PyAny>)]) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let instance = py.import("iso_core.errors")?.getattr(class)?.call1((message.clone(),))?;
        for (name, value) in attributes {
            instance.setattr(*name, value)?;
        }
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| PyRuntimeError::new_err(format!("{message} (and the error class failed: {e})")))
}

fn location_attributes(py: Python<'_>, location: Option<&iso_core::error::Location>) -> Vec<(&'static str, Py<PyAny>)> {
    let Some(location) = location else {
        return Vec::new();
    };
    let to_py = |v: Option<u32>| v.into_pyobject(py).map(|o| o.unbind()).unwrap_or_else(|_| py.None());
    let path = location.file.clone().into_pyobject(py).map(|o| o.into_any().unbind()).unwrap_or_else(|_| py.None());
    vec![("path", path), ("line", to_py(location.line)), ("column", to_py(location.column))]
}

/// The `issues` attribute of a `ValidationError`: one dict per issue, with its `message`.
fn issues_attribute<T: serde::Serialize + std::fmt::Display>(
    py: Python<'_>,
    issues: &[T],
) -> Option<(&'static str, Py<PyAny>)> {
    let list: Vec<Py<PyAny>> = issues
        .iter()
        .filter_map(|issue| {
            let dict = pythonize::pythonize(py, issue).ok()?;
            if let Ok(d) = dict.cast::<PyDict>() {
                let _ = d.set_item("message", issue.to_string());
            }
            Some(dict.unbind())
        })
        .collect();
    list.into_pyobject(py).ok().map(|list| ("issues", list.into_any().unbind()))
}

/// `CatalogueError` → `OSError` (I/O), `ParseError` (syntax, size), `ValidationError` (rules, with `.issues`).
pub fn catalogue_error(error: iso_core::CatalogueError) -> PyErr {
    use iso_core::CatalogueError as E;
    Python::attach(|py| {
        let message = error.to_string();
        let mut attributes = location_attributes(py, error.location());
        match &error {
            // Through std's io::Error so that the subclass matches the kind (FileNotFoundError, PermissionError…).
            E::Io { kind, .. } => PyErr::from(std::io::Error::new(*kind, message)),
            E::Invalid { issues } => {
                attributes.extend(issues_attribute(py, issues));
                raise(py, "ValidationError", message, &attributes)
            }
            _ => raise(py, "ParseError", message, &attributes),
        }
    })
}

/// `NotFound` → `NotFoundError` (a `KeyError`).
pub fn not_found(error: iso_core::NotFound) -> PyErr {
    Python::attach(|py| raise(py, "NotFoundError", error.to_string(), &[]))
}

/// A bad argument value (unknown language, unknown enum name) → `ValueError`.
pub fn bad_value(message: impl Into<String>) -> PyErr {
    PyValueError::new_err(message.into())
}

/// `RegisterError` → `OSError` (I/O), `ParseError` (organisation file syntax), `ValidationError` (with `.issues`).
pub fn register_error(error: iso_core::RegisterError) -> PyErr {
    use iso_core::RegisterError as E;
    Python::attach(|py| {
        let message = error.to_string();
        let mut attributes = location_attributes(py, error.location());
        match &error {
            E::Io { kind, .. } => PyErr::from(std::io::Error::new(*kind, message)),
            E::Invalid { issues } => {
                attributes.extend(issues_attribute(py, issues));
                raise(py, "ValidationError", message, &attributes)
            }
            _ => raise(py, "ParseError", message, &attributes),
        }
    })
}

/// `AssessError` → the register's mapping, or `ValidationError` (a `ValueError`) for options and norms.
pub fn assess_error(error: iso_core::AssessError) -> PyErr {
    match error {
        iso_core::AssessError::Register(e) => register_error(e),
        other => Python::attach(|py| raise(py, "ValidationError", other.to_string(), &[])),
    }
}

/// `ReportError` → the assessment's mapping, `ValueError` for an unknown format, `ValidationError` for a template.
pub fn report_error(error: iso_core::ReportError) -> PyErr {
    match error {
        iso_core::ReportError::Assess(e) => assess_error(e),
        iso_core::ReportError::UnknownFormat(_) => bad_value(error.to_string()),
        iso_core::ReportError::Template { line, .. } => Python::attach(|py| {
            let line = line.into_pyobject(py).map(|o| o.into_any().unbind()).unwrap_or_else(|_| py.None());
            raise(py, "ValidationError", error.to_string(), &[("line", line)])
        }),
        iso_core::ReportError::Kpi(e) => kpi_error(e),
        other => PyRuntimeError::new_err(other.to_string()),
    }
}

/// `KpiError` → `OSError` (I/O), `ParseError` (file syntax), `ValidationError` (records, with `.issues`; a
/// regression that cannot be fitted), `NotFoundError` (unknown indicator), `UnitError`.
pub fn kpi_error(error: iso_core::KpiError) -> PyErr {
    use iso_core::KpiError as E;
    Python::attach(|py| {
        let message = error.to_string();
        match &error {
            E::Io { kind, .. } => PyErr::from(std::io::Error::new(*kind, message)),
            E::Syntax { location, .. } => raise(py, "ParseError", message, &location_attributes(py, Some(location))),
            E::Invalid { issues } => {
                let first = issues.first().map(|i| &i.location);
                let mut attributes = location_attributes(py, first);
                attributes.extend(issues_attribute(py, issues));
                raise(py, "ValidationError", message, &attributes)
            }
            E::UnknownKpi(_) => raise(py, "NotFoundError", message, &[]),
            E::Unit(_) => raise(py, "UnitError", message, &[]),
            E::Waste(e) => waste_error(e.clone()),
            _ => raise(py, "ValidationError", message, &[]),
        }
    })
}

/// An undefined value asked for as a number → `UndefinedError` (an `ArithmeticError`).
pub fn undefined(message: String) -> PyErr {
    Python::attach(|py| raise(py, "UndefinedError", message, &[]))
}

/// `WasteError` → `OSError` (I/O), `ParseError` (malformed input, with `path` and `line`), `ValidationError` (bad
/// guides or options, with `.issues`; a bad code).
pub fn waste_error(error: iso_core::WasteError) -> PyErr {
    use iso_core::WasteError as E;
    Python::attach(|py| {
        let message = error.to_string();
        let mut attributes = location_attributes(py, error.location());
        match &error {
            E::Io { kind, .. } => PyErr::from(std::io::Error::new(*kind, message)),
            E::Syntax { .. } => raise(py, "ParseError", message, &attributes),
            E::Invalid { issues } => {
                attributes.extend(issues_attribute(py, issues));
                raise(py, "ValidationError", message, &attributes)
            }
            E::Circularity(e) => circularity_error(e.clone()),
            _ => raise(py, "ValidationError", message, &attributes),
        }
    })
}

/// `CircularityError` → `ValidationError` (with `.issues` for a products sheet, else the product and field at fault).
pub fn circularity_error(error: iso_core::error::CircularityError) -> PyErr {
    use iso_core::error::CircularityError as E;
    Python::attach(|py| {
        let message = error.to_string();
        let mut attributes = location_attributes(py, error.location());
        if let E::Sheet { issues } = &error {
            attributes.extend(issues_attribute(py, issues));
        }
        raise(py, "ValidationError", message, &attributes)
    })
}
