//! The audit-ready periodic report: one model, six formats, three languages, byte-reproducible.
//!
//! [`Report::build`] turns (catalogue, register, options) into a [`Report`] ([`Report::build_with`] adds indicator
//! data and e-GAR waste data through [`ReportInputs`]) — plain data: sections of facts, tables,
//! charts and callouts, every cell already formatted in the report's language. Renderers read that model:
//! [`Report::to_html`] (one self-contained file, inline SVG charts, print stylesheet; or your own template),
//! [`Report::to_markdown`], [`Report::to_json`], [`Report::to_xml`], [`Report::to_csv_zip`] (one CSV per table) and
//! [`Report::to_xlsx`] (one sheet per table). No clock is read, no map order leaks, ids are stable: the same inputs
//! give the same bytes, and the cover carries the SHA-256 fingerprint of the canonical inputs.
//!
//! ```
//! use iso_core::catalogue::Catalogue;
//! use iso_core::register::Register;
//! use iso_core::report::{Report, ReportOptions};
//!
//! let catalogue = Catalogue::builtin()?;
//! let register = Register::from_folder("../examples/ecociclo", &catalogue)?;
//! let options = ReportOptions::new("2025".parse()?, iso_core::Lang::Pt);
//! let report = Report::build(&catalogue, &register, &options)?;
//! let html = report.to_html()?;
//! assert!(html.contains("Sumário executivo"));
//! assert_eq!(html, Report::build(&catalogue, &register, &options)?.to_html()?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod build;
mod csv;
pub(crate) use csv::neutralise;
mod html;
pub mod i18n;
mod markdown;
mod model;
mod svg;
mod waste;
mod xlsx;
mod xml;

use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use model::{Block, Cell, CellKind, Chart, ChartKind, Column, Fact, Meta, Report, Section, Series, Table, Tone};
pub use waste::WasteData;

use crate::assess::{AssessOptions, assess, compare};
use crate::catalogue::Catalogue;
use crate::error::ReportError;
use crate::kpi::regression::AcceptanceRules;
use crate::kpi::{IndicatorData, KpiOptions};
use crate::period::Period;
use crate::register::Register;
use crate::text::Lang;
use crate::waste::indicators::WasteBreakdown;

/// What goes into a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportOptions {
    /// The period reported (`2025`, `2025-Q4`, …).
    pub period: Period,
    /// The date of the situation reported; the period's last day when absent.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub as_of: Option<NaiveDate>,
    /// Language of every fixed string, number and date, and of catalogue titles.
    #[serde(default)]
    pub lang: Lang,
    /// Title (default: "Management system report" in the report's language).
    #[serde(default)]
    pub title: Option<String>,
    /// The assessment's rules.
    #[serde(default)]
    pub assess: AssessOptions,
    /// Compare with the situation at the end of the previous period (default true).
    #[serde(default = "yes")]
    pub compare_previous: bool,
    /// How many gaps the executive summary lists (default 15).
    #[serde(default = "fifteen")]
    pub top_gaps: usize,
    /// The baseline period of the indicators' improvement column.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub baseline: Option<Period>,
}

fn yes() -> bool {
    true
}

fn fifteen() -> usize {
    15
}

impl ReportOptions {
    /// Default options for a period and a language.
    pub fn new(period: Period, lang: Lang) -> Self {
        ReportOptions {
            period,
            as_of: None,
            lang,
            title: None,
            assess: AssessOptions::default(),
            compare_previous: true,
            top_gaps: 15,
            baseline: None,
        }
    }
}

/// The data a report is built from besides the catalogue and the register: both optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportInputs<'a> {
    /// Measurements, targets, factors and energy models for the indicator section.
    pub indicators: Option<&'a IndicatorData>,
    /// e-GAR guides for the waste and circularity section; their waste KPIs also join the indicator section.
    pub waste: Option<&'a WasteData>,
}

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One self-contained HTML file.
    Html,
    /// Markdown.
    Markdown,
    /// The report model as JSON.
    Json,
    /// XML.
    Xml,
    /// One CSV file per table, in a zip archive.
    Csv,
    /// One sheet per table.
    Xlsx,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 6] = [Format::Html, Format::Markdown, Format::Json, Format::Xml, Format::Csv, Format::Xlsx];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Xml => "xml",
            Format::Csv => "csv.zip",
            Format::Xlsx => "xlsx",
        }
    }

    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Json => "application/json",
            Format::Xml => "application/xml",
            Format::Csv => "application/zip",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

impl FromStr for Format {
    type Err = ReportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "html" | "htm" => Ok(Format::Html),
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "xml" => Ok(Format::Xml),
            "csv" | "csv.zip" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(ReportError::UnknownFormat(s.to_owned())),
        }
    }
}

/// SHA-256 of the canonical inputs: engine version, catalogue, register, options, and the indicator and waste data
/// when given, in their JSON forms.
fn fingerprint(parts: &[(&str, String)]) -> String {
    let mut hasher = Sha256::new();
    for (name, json) in parts {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(json.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn json(value: &impl Serialize) -> Result<String, ReportError> {
    serde_json::to_string(value).map_err(|e| ReportError::Render(format!("cannot serialize the inputs: {e}")))
}

impl Report {
    /// Builds the report: assesses the register as of the period's end (or `as_of`), and at the end of the previous
    /// period for the comparison. The indicator section says that no indicator data was supplied; see
    /// [`build_with_indicators`](Self::build_with_indicators).
    pub fn build(catalogue: &Catalogue, register: &Register, options: &ReportOptions) -> Result<Report, ReportError> {
        Report::build_with_indicators(catalogue, register, None, options)
    }

    /// Builds the report with performance indicators computed for the period (previous period, baseline, targets,
    /// trends, energy baselines); the same as [`build_with`](Self::build_with) without waste data.
    pub fn build_with_indicators(
        catalogue: &Catalogue,
        register: &Register,
        indicators: Option<&IndicatorData>,
        options: &ReportOptions,
    ) -> Result<Report, ReportError> {
        Report::build_with(catalogue, register, &ReportInputs { indicators, waste: None }, options)
    }

    /// Builds the report from every input: the indicator section from `inputs.indicators`, and with
    /// `inputs.waste`, a waste and circularity section (section id `waste`) and the waste KPIs of the guides merged
    /// into the indicators (built-in definitions when there is no indicator data). Both enter the fingerprint.
    ///
    /// ```
    /// use iso_core::catalogue::Catalogue;
    /// use iso_core::connect::egar::{ImportOptions, import_csv};
    /// use iso_core::register::Register;
    /// use iso_core::report::{Report, ReportInputs, ReportOptions, WasteData};
    /// use iso_core::waste::ClassPolicy;
    ///
    /// let catalogue = Catalogue::builtin()?;
    /// let mut register = Register::from_folder("../examples/ecociclo", &catalogue)?;
    /// register.organisation.tax_id = Some("500000000".into());
    /// let csv = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
    ///            PT1;CC;2025-03-04;500000000;500000001;150101;R3;3\n\
    ///            PT2;CC;2025-03-20;500000000;500000002;200301;D1;1\n";
    /// let import = import_csv(csv.as_bytes(), "guias.csv", &ImportOptions::default())?;
    /// let waste = WasteData::from_import(&import, ClassPolicy::default());
    /// let inputs = ReportInputs { indicators: None, waste: Some(&waste) };
    /// let report = Report::build_with(&catalogue, &register, &inputs, &ReportOptions::new("2025".parse()?, iso_core::Lang::En))?;
    /// assert!(report.sections.iter().any(|s| s.id == "waste"));
    /// assert!(report.to_markdown().contains("| Recycling rate (preparation for re-use included) | % | 75.0 |"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_with(
        catalogue: &Catalogue,
        register: &Register,
        inputs: &ReportInputs<'_>,
        options: &ReportOptions,
    ) -> Result<Report, ReportError> {
        let as_of = options.as_of.unwrap_or_else(|| options.period.end());
        let assessment = assess(catalogue, register, as_of, &options.assess)?;
        let comparison = if options.compare_previous {
            let before = options.period.start().pred_opt().unwrap_or(NaiveDate::MIN);
            let previous = assess(catalogue, register, before, &options.assess)?;
            Some(compare(&previous, &assessment))
        } else {
            None
        };
        let mut parts = vec![
            ("engine", crate::VERSION.to_owned()),
            ("catalogue", json(catalogue)?),
            ("register", json(register)?),
            ("options", json(options)?),
        ];
        if let Some(data) = inputs.indicators {
            parts.push(("indicators", json(data)?));
        }
        let organisation = &register.organisation;
        let (merged, waste) = match inputs.waste {
            None => (None, None),
            Some(waste) => {
                parts.push(("waste", json(waste)?));
                let mut data = match inputs.indicators {
                    Some(data) => data.clone(),
                    None => IndicatorData::builtin()?,
                };
                data.add_guides(&waste.groups, organisation, &waste.policy)?;
                let breakdown = WasteBreakdown::compute(&waste.groups, organisation, &waste.policy, &options.period)?;
                (Some(data), Some(waste::WasteSection { data: waste, breakdown }))
            }
        };
        let computed = match merged.as_ref().or(inputs.indicators) {
            None => None,
            Some(data) => {
                let mut kpi_options = KpiOptions::new(options.period);
                kpi_options.baseline = options.baseline;
                let results = data.compute(organisation, &kpi_options, &AcceptanceRules::default())?;
                Some(build::Indicators {
                    definitions: &data.definitions,
                    report: results.indicators,
                    energy: results.energy,
                })
            }
        };
        let fingerprint = fingerprint(&parts);
        let inputs = build::Inputs {
            indicators: computed,
            waste,
            catalogue,
            register,
            options,
            assessment: &assessment,
            comparison: comparison.as_ref(),
            as_of,
        };
        Ok(build::build(&inputs, fingerprint))
    }

    /// The report as one self-contained HTML file with the built-in template.
    pub fn to_html(&self) -> Result<String, ReportError> {
        html::render(self, None)
    }

    /// The report as HTML with your own template (minijinja syntax, autoescaping on, undefined variables are errors).
    /// The template sees `report` (this model), `charts` (chart id → inline SVG, safe) and `css` (the built-in
    /// stylesheet); see `iso-core/src/report/templates/report.html` for the built-in one.
    pub fn to_html_with_template(&self, template: &str) -> Result<String, ReportError> {
        html::render(self, Some(template))
    }

    /// The report as Markdown (GitHub tables; user text escaped).
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// The report model as pretty JSON.
    pub fn to_json(&self) -> Result<String, ReportError> {
        serde_json::to_string_pretty(self).map(|s| s + "\n").map_err(|e| ReportError::Render(e.to_string()))
    }

    /// The JSON Schema of [`to_json`](Self::to_json)'s output.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default()
    }

    /// The report as XML.
    pub fn to_xml(&self) -> Result<String, ReportError> {
        xml::render(self)
    }

    /// One CSV file per table: (file name, content). Values are data (ISO dates, dot decimals); text cells starting
    /// with `=`, `+`, `-`, `@`, tab or carriage return are neutralised with a leading apostrophe.
    pub fn to_csv_files(&self) -> Vec<(String, String)> {
        csv::files(self)
    }

    /// The CSV files in a zip archive (fixed timestamps, so the bytes are reproducible).
    pub fn to_csv_zip(&self) -> Result<Vec<u8>, ReportError> {
        csv::zip(self)
    }

    /// The report as an XLSX workbook: a cover sheet, then one sheet per table with a frozen header row and number
    /// formats.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, ReportError> {
        xlsx::render(self)
    }

    /// The report in a format, as bytes.
    pub fn render(&self, format: Format) -> Result<Vec<u8>, ReportError> {
        Ok(match format {
            Format::Html => self.to_html()?.into_bytes(),
            Format::Markdown => self.to_markdown().into_bytes(),
            Format::Json => self.to_json()?.into_bytes(),
            Format::Xml => self.to_xml()?.into_bytes(),
            Format::Csv => self.to_csv_zip()?,
            Format::Xlsx => self.to_xlsx()?,
        })
    }
}

#[cfg(test)]
mod tests;
