//! Wraps `iso_core::assess`.

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use iso_core::assess as core;

use crate::catalogue::Catalogue;
use crate::errors::{assess_error, bad_value};
use crate::register::{Register, to_python};

/// An assessment as of a date. Data comes back as plain Python values in the engine's JSON form (scores as exact
/// decimal strings); `to_pandas()` gives one row per requirement and site with `decimal.Decimal` points.
#[pyclass(frozen, module = "iso_core._native")]
pub struct Assessment {
    pub inner: core::Assessment,
}

/// Assesses a register as of a date. `options` is a JSON object of `AssessOptions` (points, weights, aggregation,
/// site_rollup, threshold, expiring_within_days, share_evidence, audit_date, review_interval_months, norms).
#[pyfunction]
#[pyo3(signature = (catalogue, register, as_of, options = None))]
pub fn assess(
    catalogue: &Catalogue,
    register: &Register,
    as_of: NaiveDate,
    options: Option<&str>,
) -> PyResult<Assessment> {
    let options: core::AssessOptions = match options {
        Some(json) => serde_json::from_str(json).map_err(|e| bad_value(format!("invalid assessment options: {e}")))?,
        None => core::AssessOptions::default(),
    };
    let inner = core::assess(&catalogue.inner, &register.inner, as_of, &options).map_err(assess_error)?;
    Ok(Assessment { inner })
}

/// What changed between two assessments, as a dict (scores and requirement results).
#[pyfunction]
pub fn compare<'py>(py: Python<'py>, before: &Assessment, after: &Assessment) -> PyResult<Bound<'py, PyAny>> {
    to_python(py, &core::compare(&before.inner, &after.inner))
}

fn decimal<'py>(py: Python<'py>, value: Option<rust_decimal::Decimal>) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Some(v) => Ok(v.into_pyobject(py)?.into_any()),
        None => Ok(py.None().into_bound(py)),
    }
}

#[pymethods]
impl Assessment {
    /// The as-of date.
    #[getter]
    fn as_of(&self) -> NaiveDate {
        self.inner.as_of
    }

    /// Per norm: scores (organisation, sites, clauses), as dicts.
    #[getter]
    fn norms<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.norms)
    }

    /// Every requirement result, as dicts.
    #[getter]
    fn results<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.results)
    }

    /// Readiness per certifiable norm, as dicts.
    #[getter]
    fn readiness<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.readiness)
    }

    /// Gaps by priority, as dicts.
    #[getter]
    fn gaps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.gaps)
    }

    /// Evidence expiring soon, as dicts.
    #[getter]
    fn expiring<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.expiring)
    }

    /// Overdue corrective actions, as dicts.
    #[getter]
    fn overdue_actions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.overdue_actions)
    }

    /// Guidance norms' maturity, as dicts.
    #[getter]
    fn maturity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.maturity)
    }

    /// The organisation's score of a norm (site given: at that site), as a `decimal.Decimal`, or None when undefined.
    #[pyo3(signature = (norm, site = None))]
    fn score<'py>(&self, py: Python<'py>, norm: &str, site: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let n = self.inner.norms.iter().find(|n| n.norm == norm).ok_or_else(|| {
            crate::errors::not_found(iso_core::NotFound { what: "norm", id: norm.to_owned(), hint: String::new() })
        })?;
        let value = match site {
            None => n.score.value,
            Some(site) => {
                n.sites
                    .iter()
                    .find(|s| s.site == site)
                    .ok_or_else(|| {
                        crate::errors::not_found(iso_core::NotFound {
                            what: "site",
                            id: site.to_owned(),
                            hint: String::new(),
                        })
                    })?
                    .score
                    .value
            }
        };
        decimal(py, value)
    }

    /// The whole assessment as a dict (the engine's JSON form).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }

    /// The whole assessment as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| bad_value(e.to_string()))
    }

    /// One row per requirement and site (requirement, norm, clause, site, result, rule, points, weight, documented,
    /// evidence, findings, justification) as a pandas DataFrame; points and weights are `decimal.Decimal`.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = py.import("pandas").map_err(|e| {
            pyo3::exceptions::PyImportError::new_err(format!("to_pandas needs pandas (pip install pandas): {e}"))
        })?;
        let rows = PyList::empty(py);
        for r in &self.inner.results {
            let row = PyDict::new(py);
            row.set_item("requirement", &r.requirement)?;
            row.set_item("norm", &r.norm)?;
            row.set_item("clause", &r.clause)?;
            row.set_item("site", &r.site)?;
            row.set_item("result", r.result.as_str())?;
            row.set_item("rule", to_python(py, &r.rule)?)?;
            row.set_item("points", decimal(py, r.points)?)?;
            row.set_item("weight", decimal(py, Some(r.weight))?)?;
            row.set_item("documented", r.documented.as_str())?;
            row.set_item("evidence", r.evidence.iter().map(|e| e.evidence.as_ref()).collect::<Vec<_>>().join(";"))?;
            row.set_item("findings", r.findings.iter().map(|f| f.finding.as_str()).collect::<Vec<_>>().join(";"))?;
            row.set_item("justification", &r.justification)?;
            rows.append(row)?;
        }
        let columns = [
            "requirement",
            "norm",
            "clause",
            "site",
            "result",
            "rule",
            "points",
            "weight",
            "documented",
            "evidence",
            "findings",
            "justification",
        ];
        let kwargs = PyDict::new(py);
        kwargs.set_item("columns", columns.to_vec())?;
        pandas.getattr("DataFrame")?.call((rows,), Some(&kwargs))
    }

    /// A compact HTML summary, shown by notebooks.
    fn _repr_html_(&self) -> String {
        self.inner.summary_html()
    }

    fn __repr__(&self) -> String {
        let scores: Vec<String> = self
            .inner
            .norms
            .iter()
            .map(|n| {
                format!("{}: {}", n.norm, n.score.value.map_or("undefined".to_owned(), |v| v.round_dp(4).to_string()))
            })
            .collect();
        format!("Assessment(as_of={}, {})", self.inner.as_of, scores.join(", "))
    }
}
