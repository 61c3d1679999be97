//! Wraps `iso_core::connect::egar`: e-GAR guides read from files, folders or bytes, aggregated.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use iso_core::connect::egar::{self as core, ImportOptions};
use iso_core::waste::ClassPolicy;

use crate::errors::{bad_value, waste_error};
use crate::kpi::frame;
use crate::register::to_python;

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
