//! Wraps `iso_core::connect::egar`: e-GAR guides read from files, folders or bytes, aggregated.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use iso_core::connect::egar::{self as core, ImportOptions};
use iso_core::connect::mirr;
use iso_core::period::Period;
use iso_core::waste::ClassPolicy;
use iso_core::waste::indicators::WasteBreakdown;

use crate::errors::{bad_value, waste_error};
use crate::kpi::frame;
use crate::register::{Register, to_python};

/// Guides read and aggregated: the import report (guides read, counted, not counted by state, rejected, corrected,
/// tonnes) and the sums by role, party, establishment, counterpart, LER code, operation and month.
#[pyclass(frozen, module = "iso_core._native")]
pub struct GuideImport {
    pub inner: core::Import,
}

/// Reads e-GAR guides from a file or folder path (every `.xml` and `.csv` file in it) or from bytes. `options` is
/// the JSON of the engine's `ImportOptions`.
#[pyfunction]
#[pyo3(signature = (source, options = None, name = None))]
pub fn read_guides(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    options: Option<&str>,
    name: Option<&str>,
) -> PyResult<GuideImport> {
    let options: ImportOptions = match options {
        Some(json) => serde_json::from_str(json).map_err(|e| bad_value(format!("e-GAR options: {e}")))?,
        None => ImportOptions::default(),
    };
    let inner = if let Ok(bytes) = source.cast::<PyBytes>() {
        let bytes = bytes.as_bytes().to_vec();
        let name = name.unwrap_or("guides");
        py.detach(|| core::import_bytes(&bytes, name, &options))
    } else {
        let path: PathBuf = source.extract()?;
        py.detach(|| core::import_path(&path, &options))
    }
    .map_err(waste_error)?;
    Ok(GuideImport { inner })
}

/// Writes `guides` deterministic synthetic guides (the generator of the tests and benchmarks) to `path` as `"csv"`
/// or `"xml"`.
#[pyfunction]
#[pyo3(signature = (path, guides, format = "csv", *, seed = 2026, year = 2025, kilograms = false))]
pub fn write_synthetic_guides(
    py: Python<'_>,
    path: PathBuf,
    guides: u64,
    format: &str,
    seed: u64,
    year: i32,
    kilograms: bool,
) -> PyResult<()> {
    use core::synthetic::{GuideSpec, write_csv, write_xml};
    let unit = if kilograms { core::MassUnit::Kilograms } else { core::MassUnit::Tonnes };
    let spec = GuideSpec { guides, seed, year, unit };
    let write = match format {
        "csv" => write_csv,
        "xml" => write_xml,
        other => return Err(bad_value(format!("format {other:?}: expected \"csv\" or \"xml\""))),
    };
    py.detach(|| std::fs::File::create(&path).and_then(|file| write(&spec, file)))
        .map_err(|e| PyErr::from(std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))))
}

fn group_row<'py>(py: Python<'py>, group: &core::Group, policy: &ClassPolicy) -> PyResult<Bound<'py, PyDict>> {
    let (k, t) = (&group.key, &group.totals);
    let row = PyDict::new(py);
    row.set_item("role", k.role.id())?;
    row.set_item("party", &k.party)?;
    row.set_item("establishment", &k.establishment)?;
    row.set_item("counterpart", &k.counterpart)?;
    row.set_item("counterpart_establishment", &k.counterpart_establishment)?;
    row.set_item("ler", k.ler.to_string())?;
    row.set_item("hazardous", k.ler.is_hazardous())?;
    row.set_item("operation", k.operation.to_string())?;
    row.set_item("class", policy.class_of(k.operation).id())?;
    row.set_item("month", k.month.to_string())?;
    row.set_item("tonnes", t.tonnes)?;
    row.set_item("guides", t.guides)?;
    row.set_item("corrected", t.corrected)?;
    Ok(row)
}

#[pymethods]
impl GuideImport {
    /// What was read: guides, counted, not_counted (by state), rejected, issues, corrected, tonnes, …
    #[getter]
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.report)
    }

    /// The effective tonnes counted, as a `decimal.Decimal`.
    #[getter]
    fn tonnes(&self) -> rust_decimal::Decimal {
        self.inner.report.tonnes
    }

    /// The groups as flat dicts (role, party, establishment, counterpart, counterpart_establishment, ler, hazardous,
    /// operation, class, month, tonnes, guides, corrected); tonnes are `decimal.Decimal`, `class` is the operation's
    /// KPI class under the default policy.
    fn groups<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = PyList::empty(py);
        let policy = ClassPolicy::default();
        for group in self.inner.aggregator.groups() {
            rows.append(group_row(py, &group, &policy)?)?;
        }
        Ok(rows)
    }

    /// The groups (see `groups`) as a pandas DataFrame.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, self.groups(py)?, &core::GROUP_COLUMNS)
    }

    /// The MIRR forms (B, C1, C2, D1) of `year` compiled from the guides, for `parties` (NIFs; all when `None`).
    #[pyo3(signature = (year, parties = None))]
    fn compile_mirr(&self, year: i32, parties: Option<Vec<String>>) -> PyResult<Mirr> {
        let options = mirr::CompileOptions {
            parties: parties.unwrap_or_default().into_iter().collect(),
            ..mirr::CompileOptions::year(year)
        };
        let compiled = mirr::compile(&self.inner.aggregator.groups(), &options).map_err(waste_error)?;
        Ok(Mirr { inner: compiled.mirr })
    }

    /// Reconciles a declared MIRR (CSV `text`, labelled `name` in errors) of `year` with the forms compiled from
    /// the guides for the parties it names; `tolerance` in tonnes.
    #[pyo3(signature = (name, text, year, tolerance = rust_decimal::Decimal::ZERO))]
    fn reconcile_mirr(
        &self,
        name: &str,
        text: &str,
        year: i32,
        tolerance: rust_decimal::Decimal,
    ) -> PyResult<Reconciliation> {
        let declared = mirr::Mirr::from_csv(name, text, year).map_err(waste_error)?;
        let inner =
            mirr::reconcile_with_guides(&self.inner.aggregator.groups(), &declared, tolerance).map_err(waste_error)?;
        Ok(Reconciliation { inner })
    }

    /// The waste `register`'s organisation produced in `period` (its NIF as producer): totals, rates, classes,
    /// chapters, codes, destinations, sites, months, ESRS E5-5 and GRI 306, as a dict (tonnes as decimal strings).
    #[pyo3(signature = (register, period, *, view = "wfd", alternative_classes = false))]
    fn waste_breakdown<'py>(
        &self,
        py: Python<'py>,
        register: &Register,
        period: &str,
        view: &str,
        alternative_classes: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let period: Period = period.parse().map_err(|e: String| bad_value(format!("period: {e}")))?;
        let breakdown = WasteBreakdown::compute(
            &self.inner.aggregator.groups(),
            &register.inner.organisation,
            &policy(view, alternative_classes)?,
            &period,
        )
        .map_err(waste_error)?;
        to_python(py, &breakdown)
    }

    /// The number of groups.
    fn __len__(&self) -> usize {
        self.inner.aggregator.len()
    }

    fn __repr__(&self) -> String {
        let r = &self.inner.report;
        format!(
            "GuideImport({} guides read, {} counted, {} rejected, {} t, {} groups)",
            r.guides,
            r.counted,
            r.rejected,
            r.tonnes,
            self.inner.aggregator.len()
        )
    }
}

/// A MIRR register (forms B, C1, C2, D1): compiled from guides or declared.
#[pyclass(frozen, module = "iso_core._native")]
pub struct Mirr {
    pub inner: mirr::Mirr,
}

/// A serialisable record as a dict, with its exact quantities as `decimal.Decimal`.
fn record<'py>(
    py: Python<'py>,
    value: &impl serde::Serialize,
    decimals: &[(&str, Option<rust_decimal::Decimal>)],
) -> PyResult<Bound<'py, PyDict>> {
    let row = to_python(py, value)?.cast_into::<PyDict>()?;
    for (key, number) in decimals {
        row.set_item(*key, *number)?;
    }
    Ok(row)
}

/// The identity columns of a MIRR line, then `extra`.
fn mirr_columns(extra: &[&'static str]) -> Vec<&'static str> {
    const KEY: [&str; 7] =
        ["form", "party", "establishment", "ler", "operation", "counterpart", "counterpart_establishment"];
    KEY.iter().chain(extra).copied().collect()
}

#[pymethods]
impl Mirr {
    /// The register's year.
    #[getter]
    fn year(&self) -> i32 {
        self.inner.year
    }

    /// The lines as dicts (form, party, establishment, ler, operation, counterpart, counterpart_establishment,
    /// tonnes as `decimal.Decimal`, guides).
    fn lines<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = PyList::empty(py);
        for line in &self.inner.lines {
            rows.append(record(py, line, &[("tonnes", Some(line.tonnes))])?)?;
        }
        Ok(rows)
    }

    /// The lines as a pandas DataFrame.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, self.lines(py)?, &mirr_columns(&["tonnes", "guides"]))
    }

    /// The register as CSV, in the columns the declared-register reader takes (see `docs/mirr.md`).
    fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    fn __len__(&self) -> usize {
        self.inner.lines.len()
    }

    fn __repr__(&self) -> String {
        format!("Mirr({}, {} lines)", self.inner.year, self.inner.lines.len())
    }
}

/// A declared MIRR reconciled with the forms compiled from guides: every line of either, with both quantities.
#[pyclass(frozen, module = "iso_core._native")]
pub struct Reconciliation {
    pub inner: mirr::Reconciliation,
}

#[pymethods]
impl Reconciliation {
    /// The register's year.
    #[getter]
    fn year(&self) -> i32 {
        self.inner.year
    }

    /// Whether every line matches.
    #[getter]
    fn is_reconciled(&self) -> bool {
        self.inner.is_reconciled()
    }

    /// Lines by status: matched, differs, missing_in_declared, missing_in_guides.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.counts)
    }

    /// Totals per form (declared, compiled, difference as decimal strings; counts).
    #[getter]
    fn totals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.totals)
    }

    /// Every line, or with `discrepancies_only` those that do not match, as dicts (quantities as
    /// `decimal.Decimal`, `None` where a side lacks the line; `difference` = declared − compiled).
    #[pyo3(signature = (discrepancies_only = false))]
    fn lines<'py>(&self, py: Python<'py>, discrepancies_only: bool) -> PyResult<Bound<'py, PyList>> {
        let rows = PyList::empty(py);
        for line in self.inner.lines.iter().filter(|l| !discrepancies_only || l.status != mirr::Status::Match) {
            let decimals =
                [("declared", line.declared), ("compiled", line.compiled), ("difference", Some(line.difference))];
            rows.append(record(py, line, &decimals)?)?;
        }
        Ok(rows)
    }

    /// The lines (see `lines`) as a pandas DataFrame.
    #[pyo3(signature = (discrepancies_only = false))]
    fn to_pandas<'py>(&self, py: Python<'py>, discrepancies_only: bool) -> PyResult<Bound<'py, PyAny>> {
        frame(py, self.lines(py, discrepancies_only)?, &mirr_columns(&["declared", "compiled", "difference", "status"]))
    }

    /// Everything as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }

    /// Everything as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| bad_value(e.to_string()))
    }

    fn __repr__(&self) -> String {
        let c = &self.inner.counts;
        format!(
            "Reconciliation({}, {} matched, {} differ, {} not declared, {} not in the guides)",
            self.inner.year, c.matched, c.differs, c.missing_in_declared, c.missing_in_guides
        )
    }
}

fn policy(view: &str, alternative_classes: bool) -> PyResult<ClassPolicy> {
    let view = match view {
        "wfd" => iso_core::waste::ReportingView::Wfd,
        "gri_306" | "gri" => iso_core::waste::ReportingView::Gri306,
        other => return Err(bad_value(format!("view {other:?}: expected \"wfd\" or \"gri_306\""))),
    };
    Ok(ClassPolicy { view, alternative_classes })
}
