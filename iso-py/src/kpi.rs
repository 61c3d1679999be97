//! Wraps `iso_core::kpi`: indicator data (measurements, targets, GHG choices, energy baselines, own KPIs) and the
//! indicators computed from it.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};

use iso_core::kpi::{self as core, regression::AcceptanceRules};

use crate::catalogue::Catalogue;
use iso_core::waste::ClassPolicy;

use crate::egar::GuideImport;
use crate::errors::{bad_value, kpi_error, register_error};
use crate::register::{Register, sheet_text, to_python};

/// Everything indicators are computed from: measurements (long form: site, period, metric, value, unit), targets,
/// the GHG inventory's choices, energy baseline models and the organisation's own KPI definitions.
#[pyclass(frozen, module = "iso_core._native")]
pub struct Indicators {
    pub inner: core::IndicatorData,
    organisation: iso_core::register::Organisation,
}

/// A text argument: `(name, text)` from a path, a DataFrame (sheets) or a string with its default name.
pub fn text_argument(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> PyResult<Option<(String, String)>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => match v.extract::<String>() {
            Ok(text) if text.contains('\n') || text.contains('=') || text.contains(',') => {
                Ok(Some((name.to_owned(), text)))
            }
            _ => sheet_text(py, v, name).map(Some),
        },
    }
}

#[pymethods]
impl Indicators {
    /// Builds indicator data for `register`'s organisation. `measurements` and `targets` are CSV texts, file paths or
    /// pandas DataFrames; `ghg`, `energy` and `kpis` are TOML texts or file paths (see the README, "Indicators");
    /// `guides` (from `iso_core.egar.read`) adds the waste metrics of the organisation's own guides.
    #[new]
    #[pyo3(signature = (register, measurements = None, *, targets = None, ghg = None, energy = None, kpis = None, guides = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        register: &Register,
        measurements: Option<&Bound<'_, PyAny>>,
        targets: Option<&Bound<'_, PyAny>>,
        ghg: Option<&Bound<'_, PyAny>>,
        energy: Option<&Bound<'_, PyAny>>,
        kpis: Option<&Bound<'_, PyAny>>,
        guides: Option<&GuideImport>,
    ) -> PyResult<Self> {
        let measurements = match (text_argument(py, measurements, "measurements.csv")?, guides) {
            (Some(sheet), _) => sheet,
            (None, Some(_)) => ("measurements.csv".to_owned(), "site,period,metric,value,unit\n".to_owned()),
            (None, None) => return Err(bad_value("measurements or guides are required")),
        };
        let files = core::IndicatorFiles {
            measurements,
            targets: text_argument(py, targets, "targets.csv")?,
            ghg: text_argument(py, ghg, "ghg.toml")?,
            energy: text_argument(py, energy, "energy.toml")?,
            kpis: text_argument(py, kpis, "kpis.toml")?,
        };
        let organisation = register.inner.organisation.clone();
        let mut inner = core::IndicatorData::from_files(&files, &organisation).map_err(kpi_error)?;
        if let Some(guides) = guides {
            let groups = guides.inner.aggregator.groups();
            inner.add_guides(&groups, &organisation, &ClassPolicy::default()).map_err(kpi_error)?;
        }
        Ok(Indicators { inner, organisation })
    }

    /// Reads an organisation folder's `organisation.toml` and indicator files (`measurements.csv`, `targets.csv`,
    /// `ghg.toml`, `energy.toml`, `kpis.toml`).
    #[classmethod]
    fn from_folder(_cls: &Bound<'_, PyType>, path: PathBuf, catalogue: &Catalogue) -> PyResult<Self> {
        let organisation = iso_core::register::RegisterBuilder::organisation_of_folder(&path, &catalogue.inner)
            .map_err(register_error)?;
        let inner = core::IndicatorData::from_folder(&path, &organisation).map_err(kpi_error)?.ok_or_else(|| {
            PyErr::from(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} has no measurements.csv", path.display()),
            ))
        })?;
        Ok(Indicators { inner, organisation })
    }

    /// Computes the indicators of `period` (`"2025"`, `"2025-Q4"`, `"R12-2025-06"`…); `baseline` adds the improvement
    /// against it; `kpis` limits the indicators computed.
    #[pyo3(signature = (period, *, baseline = None, kpis = None, previous = true, trend = true, per_site = true))]
    fn compute(
        &self,
        period: &str,
        baseline: Option<&str>,
        kpis: Option<Vec<String>>,
        previous: bool,
        trend: bool,
        per_site: bool,
    ) -> PyResult<KpiResults> {
        let period = period.parse().map_err(|e: String| bad_value(format!("period: {e}")))?;
        let mut options = core::KpiOptions::new(period);
        options.baseline =
            baseline.map(str::parse).transpose().map_err(|e: String| bad_value(format!("baseline: {e}")))?;
        options.kpis = kpis.unwrap_or_default();
        options.previous = previous;
        options.trend = trend;
        options.per_site = per_site;
        let inner = self.inner.compute(&self.organisation, &options, &AcceptanceRules::default()).map_err(kpi_error)?;
        Ok(KpiResults { inner })
    }

    /// The metric and KPI definitions in force (built-in, then the organisation's), as a dict.
    fn definitions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.definitions)
    }

    /// The number of measurements.
    fn __len__(&self) -> usize {
        self.inner.measurements.rows.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Indicators({:?}, {} measurements, {} targets, {} energy models)",
            self.organisation.id,
            self.inner.measurements.rows.len(),
            self.inner.targets.len(),
            self.inner.energy_models.len()
        )
    }
}

const KPI_COLUMNS: [&str; 12] = [
    "kpi",
    "site",
    "value",
    "unit",
    "undefined",
    "previous",
    "baseline",
    "improvement",
    "target",
    "status",
    "numerator",
    "denominator",
];

pub fn frame<'py>(py: Python<'py>, rows: Bound<'py, PyList>, columns: &[&str]) -> PyResult<Bound<'py, PyAny>> {
    let pandas = py.import("pandas").map_err(|e| {
        pyo3::exceptions::PyImportError::new_err(format!("to_pandas needs pandas (pip install pandas): {e}"))
    })?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", columns.to_vec())?;
    pandas.getattr("DataFrame")?.call((rows,), Some(&kwargs))
}

/// Indicators computed for a period: per KPI the organisation, then each site; and the energy performance of each
/// baseline model.
#[pyclass(frozen, module = "iso_core._native")]
pub struct KpiResults {
    pub inner: core::IndicatorResults,
}

#[pymethods]
impl KpiResults {
    /// The period computed.
    #[getter]
    fn period(&self) -> String {
        self.inner.indicators.period.to_string()
    }

    /// The GWP set of the GHG indicators, when any was computed.
    #[getter]
    fn gwp_set(&self) -> Option<String> {
        self.inner.indicators.gwp_set.clone()
    }

    /// The results, one dict per KPI and scope (numbers as decimal strings; `value` is `{"value", "unit"}` or
    /// `{"undefined": reason}`).
    #[getter]
    fn results<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.indicators.results)
    }

    /// The energy performance of each baseline model, as dicts (regression, acceptance, SEnPI, savings).
    #[getter]
    fn energy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.energy)
    }

    /// The value of `kpi` (organisation, or `site`) as a `decimal.Decimal`; `None` when not computed.
    /// An undefined value raises `UndefinedError` with its reason.
    #[pyo3(signature = (kpi, site = None))]
    fn value(&self, kpi: &str, site: Option<&str>) -> PyResult<Option<rust_decimal::Decimal>> {
        let Some(result) = self.inner.indicators.results.iter().find(|r| r.kpi == kpi && r.site.as_deref() == site)
        else {
            return Ok(None);
        };
        match &result.value {
            core::KpiValue::Defined { value, .. } => Ok(Some(*value)),
            core::KpiValue::Undefined { reason } => Err(crate::errors::undefined(format!("{kpi}: {reason}"))),
        }
    }

    /// One row per KPI and scope (kpi, site, value, unit, undefined, previous, baseline, improvement, target,
    /// status, numerator, denominator) as a pandas DataFrame; numbers are `decimal.Decimal`, `undefined` holds the
    /// reason a value is missing.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = PyList::empty(py);
        let number = |v: Option<&core::KpiValue>| v.and_then(core::KpiValue::value);
        for r in &self.inner.indicators.results {
            let row = PyDict::new(py);
            row.set_item("kpi", &r.kpi)?;
            row.set_item("site", &r.site)?;
            let (value, unit, undefined) = match &r.value {
                core::KpiValue::Defined { value, unit } => (Some(*value), Some(unit.as_str()), None),
                core::KpiValue::Undefined { reason } => (None, None, Some(reason.as_str())),
            };
            row.set_item("value", value)?;
            row.set_item("unit", unit)?;
            row.set_item("undefined", undefined)?;
            row.set_item("previous", number(r.previous.as_ref()))?;
            row.set_item("baseline", number(r.baseline.as_ref()))?;
            row.set_item("improvement", r.improvement)?;
            row.set_item("target", r.target)?;
            row.set_item("status", r.status.map(|s| to_python(py, &s)).transpose()?)?;
            row.set_item("numerator", r.numerator.as_ref().map(ToString::to_string))?;
            row.set_item("denominator", r.denominator.as_ref().map(ToString::to_string))?;
            rows.append(row)?;
        }
        frame(py, rows, &KPI_COLUMNS)
    }

    /// The monthly values over the period (organisation only): kpi, month, value.
    fn trend_to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = PyList::empty(py);
        for r in &self.inner.indicators.results {
            for point in &r.trend {
                let row = PyDict::new(py);
                row.set_item("kpi", &r.kpi)?;
                row.set_item("month", point.period.to_string())?;
                row.set_item("value", point.value)?;
                rows.append(row)?;
            }
        }
        frame(py, rows, &["kpi", "month", "value"])
    }

    /// Everything as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| bad_value(e.to_string()))
    }

    /// Everything as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }

    fn __len__(&self) -> usize {
        self.inner.indicators.results.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "KpiResults(period={}, {} results, {} energy models)",
            self.inner.indicators.period,
            self.inner.indicators.results.len(),
            self.inner.energy.len()
        )
    }
}
