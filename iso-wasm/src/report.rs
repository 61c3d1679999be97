//! Wraps `iso_core::report`.

use wasm_bindgen::prelude::*;

use iso_core::report as core;

use crate::catalogue::Catalogue;
use iso_core::period::Period;
use iso_core::waste::ClassPolicy;

use crate::egar::GuideImport;
use crate::errors::{argument, from_js_required, report_error, to_js, waste_error};
use crate::kpi::Indicators;
use crate::register::Register;

/// An audit-ready periodic report: build once, render to any format.
#[wasm_bindgen]
pub struct Report {
    inner: core::Report,
}

impl Report {
    fn build(
        catalogue: &Catalogue,
        register: &Register,
        options: JsValue,
        indicators: Option<Indicators>,
        waste: Option<(&GuideImport, Option<String>)>,
    ) -> Result<Report, JsValue> {
        if options.is_undefined() || options.is_null() {
            return Err(argument("report options are required: at least {period}"));
        }
        let options: core::ReportOptions = from_js_required(options, "report options")?;
        let waste = match waste {
            None => None,
            Some((guides, mirr)) => {
                let mut data = core::WasteData::from_import(guides.inner(), ClassPolicy::default());
                if let Some(text) = mirr {
                    let Period::Year(year) = options.period else {
                        return Err(argument("a MIRR is reconciled for a calendar-year period (\"2025\")"));
                    };
                    data.reconcile_mirr(&register.inner().organisation, year, "mirr.csv", &text, Default::default())
                        .map_err(waste_error)?;
                }
                Some(data)
            }
        };
        let inputs =
            core::ReportInputs { indicators: indicators.as_ref().map(Indicators::inner), waste: waste.as_ref() };
        let inner =
            core::Report::build_with(catalogue.inner(), register.inner(), &inputs, &options).map_err(report_error)?;
        Ok(Report { inner })
    }
}

#[wasm_bindgen]
impl Report {
    /// Builds the report: `options` is `ReportOptions` (`{period: "2025", lang: "pt", as_of?, title?, assess?,
    /// compare_previous?, top_gaps?, baseline?}`).
    /// `indicators` adds the performance-indicator section (see also `Report.withWaste`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        catalogue: &Catalogue,
        register: &Register,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] options: JsValue,
        indicators: Option<Indicators>,
    ) -> Result<Report, JsValue> {
        Report::build(catalogue, register, options, indicators, None)
    }

    /// Builds the report with the waste and circularity section and the waste KPIs from `guides` (from
    /// `readGuides`); `mirr` (a declared MIRR as CSV text) adds its reconciliation, for a calendar-year period.
    #[wasm_bindgen(js_name = withWaste)]
    pub fn with_waste(
        catalogue: &Catalogue,
        register: &Register,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] options: JsValue,
        guides: &GuideImport,
        mirr: Option<String>,
        indicators: Option<Indicators>,
    ) -> Result<Report, JsValue> {
        Report::build(catalogue, register, options, indicators, Some((guides, mirr)))
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
