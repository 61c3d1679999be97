//! Wraps `iso_core::report`.

use wasm_bindgen::prelude::*;

use iso_core::report as core;

use crate::catalogue::Catalogue;
use crate::errors::{argument, from_js_required, report_error, to_js};
use crate::kpi::Indicators;
use crate::register::Register;

/// An audit-ready periodic report: build once, render to any format.
#[wasm_bindgen]
pub struct Report {
    inner: core::Report,
}

#[wasm_bindgen]
impl Report {
    /// Builds the report: `options` is `ReportOptions` (`{period: "2025", lang: "pt", as_of?, title?, assess?,
    /// compare_previous?, top_gaps?, baseline?}`).
    /// `indicators` adds the performance-indicator section.
    #[wasm_bindgen(constructor)]
    pub fn new(
        catalogue: &Catalogue,
        register: &Register,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] options: JsValue,
        indicators: Option<Indicators>,
    ) -> Result<Report, JsValue> {
        if options.is_undefined() || options.is_null() {
            return Err(argument("report options are required: at least {period}"));
        }
        let options: core::ReportOptions = from_js_required(options, "report options")?;
        let inner = core::Report::build_with_indicators(
            catalogue.inner(),
            register.inner(),
            indicators.as_ref().map(Indicators::inner),
            &options,
        )
        .map_err(report_error)?;
        Ok(Report { inner })
    }

    /// One self-contained HTML document; with `template`, your own minijinja template.
    #[wasm_bindgen(js_name = toHtml)]
    pub fn to_html(&self, template: Option<String>) -> Result<String, JsValue> {
        match template {
            Some(t) => self.inner.to_html_with_template(&t),
            None => self.inner.to_html(),
        }
        .map_err(report_error)
    }

    /// Markdown.
    #[wasm_bindgen(js_name = toMarkdown)]
    pub fn to_markdown(&self) -> String {
        self.inner.to_markdown()
    }

    /// The report model as a plain object (so that `JSON.stringify(report)` works).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "ReportModel")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner)
    }

    /// XML.
    #[wasm_bindgen(js_name = toXml)]
    pub fn to_xml(&self) -> Result<String, JsValue> {
        self.inner.to_xml().map_err(report_error)
    }

    /// An XLSX workbook, for download.
    #[wasm_bindgen(js_name = toXlsx)]
    pub fn to_xlsx(&self) -> Result<Vec<u8>, JsValue> {
        self.inner.to_xlsx().map_err(report_error)
    }

    /// One CSV per table in a zip archive, for download.
    #[wasm_bindgen(js_name = toCsvZip)]
    pub fn to_csv_zip(&self) -> Result<Vec<u8>, JsValue> {
        self.inner.to_csv_zip().map_err(report_error)
    }

    /// The report in a format (`html`, `markdown`, `json`, `xml`, `csv`, `xlsx`) as bytes.
    pub fn render(&self, format: &str) -> Result<Vec<u8>, JsValue> {
        let format: core::Format = format.parse().map_err(report_error)?;
        self.inner.render(format).map_err(report_error)
    }

    /// The SHA-256 fingerprint of the inputs.
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.inner.meta.fingerprint.clone()
    }
}
