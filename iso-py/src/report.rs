//! Wraps `iso_core::report`.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use iso_core::report as core;

use crate::catalogue::Catalogue;
use iso_core::period::Period;
use iso_core::waste::ClassPolicy;
use rust_decimal::Decimal;

use crate::egar::GuideImport;
use crate::errors::{bad_value, report_error, waste_error};
use crate::kpi::{Indicators, text_argument};
use crate::register::{Register, to_python};

/// An audit-ready periodic report: build once, render to HTML, Markdown, JSON, XML, CSV (zip) or XLSX.
#[pyclass(frozen, subclass, module = "iso_core._native")]
pub struct Report {
    inner: core::Report,
}

#[pymethods]
impl Report {
    /// Builds the report of `register` for `period` (`"2025"`, `"2025-Q4"`, …) in `lang` (`en`, `fr`, `pt`).
    /// `options` is a JSON object of `ReportOptions` fields other than period and lang (as_of, title, assess,
    /// compare_previous, top_gaps, baseline).
    /// `indicators` adds the performance-indicator section; `waste` (guides read with `iso_core.egar.read`) the
    /// waste section and the waste KPIs; `mirr` (a declared MIRR: CSV text or path) its reconciliation, for a
    /// calendar-year period.
    #[new]
    #[pyo3(signature = (catalogue, register, period, lang = "en", options = None, indicators = None, waste = None, mirr = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        catalogue: &Catalogue,
        register: &Register,
        period: &str,
        lang: &str,
        options: Option<&str>,
        indicators: Option<&Indicators>,
        waste: Option<&GuideImport>,
        mirr: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut value: serde_json::Value = match options {
            Some(json) => serde_json::from_str(json).map_err(|e| bad_value(format!("invalid report options: {e}")))?,
            None => serde_json::json!({}),
        };
        if let Some(map) = value.as_object_mut() {
            map.insert("period".to_owned(), serde_json::Value::String(period.to_owned()));
            map.insert("lang".to_owned(), serde_json::Value::String(lang.to_owned()));
        }
        let options: core::ReportOptions =
            serde_json::from_value(value).map_err(|e| bad_value(format!("invalid report options: {e}")))?;
        let waste = match waste {
            None if mirr.is_some() => return Err(bad_value("a MIRR is reconciled with guides: give waste= too")),
            None => None,
            Some(guides) => {
                let mut data = core::WasteData::from_import(&guides.inner, ClassPolicy::default());
                if let Some((name, text)) = text_argument(py, mirr, "mirr.csv")? {
                    let Period::Year(year) = options.period else {
                        return Err(bad_value("a MIRR is reconciled for a calendar-year period (\"2025\")"));
                    };
                    data.reconcile_mirr(&register.inner.organisation, year, &name, &text, Decimal::ZERO)
                        .map_err(waste_error)?;
                }
                Some(data)
            }
        };
        let inputs = core::ReportInputs { indicators: indicators.map(|i| &i.inner), waste: waste.as_ref() };
        let inner =
            core::Report::build_with(&catalogue.inner, &register.inner, &inputs, &options).map_err(report_error)?;
        Ok(Report { inner })
    }

    /// The report as one self-contained HTML document; with `template`, your own minijinja template.
    #[pyo3(signature = (template = None))]
    fn to_html(&self, template: Option<&str>) -> PyResult<String> {
        match template {
            Some(t) => self.inner.to_html_with_template(t),
            None => self.inner.to_html(),
        }
        .map_err(report_error)
    }

    /// The report as Markdown.
    fn to_markdown(&self) -> String {
        self.inner.to_markdown()
    }

    /// The report model as JSON text.
    fn to_json(&self) -> PyResult<String> {
        self.inner.to_json().map_err(report_error)
    }

    /// The report model as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }

    /// The report as XML.
    fn to_xml(&self) -> PyResult<String> {
        self.inner.to_xml().map_err(report_error)
    }

    /// The report as an XLSX workbook (bytes).
    fn to_xlsx<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &self.inner.to_xlsx().map_err(report_error)?))
    }

    /// One CSV per table, in a zip archive (bytes).
    fn to_csv_zip<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &self.inner.to_csv_zip().map_err(report_error)?))
    }

    /// One CSV per table: {file name: text}.
    fn csv_files(&self) -> std::collections::BTreeMap<String, String> {
        self.inner.to_csv_files().into_iter().collect()
    }

    /// Writes the report to `path`; the format comes from `format` or the file's extension (.html, .md, .json,
    /// .xml, .zip/.csv, .xlsx). The file is written whole or not at all.
    #[pyo3(signature = (path, format = None))]
    fn save(&self, path: PathBuf, format: Option<&str>) -> PyResult<()> {
        let name = path.to_string_lossy().to_lowercase();
        let format = match format {
            Some(f) => f.to_owned(),
            None => match name.rsplit('.').next() {
                Some("zip") => "csv".to_owned(),
                Some(ext) => ext.to_owned(),
                None => String::new(),
            },
        };
        let format: core::Format = format.parse().map_err(report_error)?;
        let bytes = self.inner.render(format).map_err(report_error)?;
        let partial = path.with_extension("partial");
        std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, &path)).map_err(PyErr::from)
    }

    /// The fingerprint (SHA-256 of the canonical inputs).
    #[getter]
    fn fingerprint(&self) -> String {
        self.inner.meta.fingerprint.clone()
    }

    /// The report in a sandboxed frame, for notebooks.
    fn _repr_html_(&self) -> PyResult<String> {
        let html = self.inner.to_html().map_err(report_error)?;
        Ok(format!(
            "<iframe srcdoc=\"{}\" style=\"width:100%;height:640px;border:1px solid #ddd\" sandbox></iframe>",
            iso_core::assess::escape_html(&html)
        ))
    }

    fn __repr__(&self) -> String {
        let m = &self.inner.meta;
        format!("Report({:?}, period={}, lang={})", m.organisation, m.period, m.lang)
    }
}

/// The names of the report formats: html, markdown, json, xml, csv, xlsx.
#[pyfunction]
pub fn report_formats() -> Vec<&'static str> {
    vec!["html", "markdown", "json", "xml", "csv", "xlsx"]
}
