//! e-GAR importers: the Portuguese electronic waste transport guides of SILiAmb, from XML and CSV.
//!
//! A guide names one producer or holder (`remetente`), one destination operator (`destinatario`), one or more
//! transporters and one waste (`residuoTransportado`: LER code, operation, quantity), with the destination's
//! corrections (`residuoTransportadoCorrigido`). See [`Guide`] for the model and `docs/egar.md` for the input
//! structures accepted.
//!
//! **Streaming.** Readers hold one guide at a time (their buffers are reused, so a million-guide file is read
//! without allocating per guide) and feed an [`Aggregator`] whose memory grows with the number of groups, never
//! with the number of guides.
//!
//! **Rules.**
//! - *Effective values*: corrected values where present, except in state `CN` (see [`Guide`]).
//! - *States counted* ([`StatePolicy`]): concluded (`CC`) by default; optionally also `AC`, `CO`, `CN`. Cancelled
//!   and rejected guides are never counted. A guide not counted is tallied by state and not checked further.
//! - *Quantities* are tonnes unless [`ImportOptions::unit`] says kilograms (or a CSV column states its unit); the
//!   number format is that of [`crate::number::parse_decimal`]: a decimal comma is accepted, thousands separators
//!   are refused (`1.234,5`, `1,234.5`), never guessed. Zero, negative and absurd quantities (above
//!   [`ImportOptions::max_tonnes`], 100 000 t by default) are errors.
//! - *Strict mode* (default): the first bad guide is an error naming its number, line and field, and nothing is
//!   counted. *Lenient mode*: bad guides are rejected, counted and listed ([`ImportReport::issues`]), the rest is
//!   counted. Malformed input (XML syntax, truncation, a `DOCTYPE`, bytes that are not UTF-8) stops the import in
//!   both modes.
//!
//! ```
//! use iso_core::connect::egar::{ImportOptions, Mode, import_xml};
//! let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
//! <guias>
//!   <guia>
//!     <numeroGuia>PT20250000000001</numeroGuia>
//!     <codigoEstado>CC</codigoEstado>
//!     <remetente><nif>500000000</nif><estabelecimento><codigoAPA>APA00001</codigoAPA></estabelecimento></remetente>
//!     <destinatario><nif>500000001</nif></destinatario>
//!     <transportadores><nif>500000002</nif><matricula>AA-00-BB</matricula>
//!       <dataHoraInicioTransporte>2025-03-14T08:30:00</dataHoraInicioTransporte></transportadores>
//!     <residuoTransportado><codigoResiduoLer>150110</codigoResiduoLer><codigoOperacao>R13</codigoOperacao>
//!       <quantidade>1.2</quantidade></residuoTransportado>
//!     <residuoTransportadoCorrigido><quantidadeCorrigido>1.25</quantidadeCorrigido></residuoTransportadoCorrigido>
//!   </guia>
//! </guias>"#;
//! let import = import_xml(xml.as_bytes(), "guias.xml", &ImportOptions::default())?;
//! assert_eq!(import.report.counted, 1);
//! assert_eq!(import.report.tonnes.to_string(), "1.25");
//! let first = &import.aggregator.groups()[0];
//! assert_eq!(first.key.ler.to_string(), "15 01 10*");
//! # Ok::<(), iso_core::WasteError>(())
//! ```

mod aggregate;
mod csv;
mod fields;
mod files;
mod model;
mod options;
pub mod synthetic;
mod xml;

use std::collections::BTreeMap;
use std::io::Read;

use rust_decimal::Decimal;
use serde::Serialize;

pub use aggregate::{Aggregator, GROUP_COLUMNS, Group, GroupKey, GroupTotals, groups_csv};
pub use files::{GuideFormat, import_bytes, import_file, import_path};
pub use model::{Adr, Correction, Guide, GuideState, Party, Transporter, Waste};
pub use options::{AggregateOptions, ImportOptions, MassUnit, Mode, Role, StatePolicy, TextEncoding};

use crate::error::{Location, RecordIssue, WasteError};
use crate::waste::{LerCode, OperationCode, WasteList};
use fields::{Checked, FieldRef, RawGuide};

/// What a source read.
pub(crate) enum RawRead {
    /// A guide was read into the raw guide.
    Guide,
    /// The input ended.
    End,
}

/// A stream of raw guides.
pub(crate) trait GuideSource {
    /// The input's name, for messages.
    fn name(&self) -> &str;
    /// Reads the next guide into `raw`.
    fn next_raw(&mut self, raw: &mut RawGuide) -> Result<RawRead, WasteError>;
    /// The column or element a field was read from, for messages.
    fn column_of(&self, field: FieldRef) -> Option<String>;
}

/// What [`GuideReader::next_guide`] read.
#[derive(Debug)]
pub enum Outcome<'a> {
    /// A valid guide whose state is counted.
    Counted(&'a Guide),
    /// A guide whose state the policy does not count (only its number and state were checked).
    NotCounted {
        /// The guide number.
        number: &'a str,
        /// Its state.
        state: GuideState,
    },
    /// A bad guide: where and why (the guide number is the issue's id when known).
    Invalid(RecordIssue),
}

/// Reads guides one at a time from XML or CSV.
///
/// ```
/// use iso_core::connect::egar::{GuideReader, ImportOptions, Outcome};
/// let csv = "numeroGuia,codigoEstado,dataEmissao,nifRemetente,nifDestinatario,codigoResiduoLer,codigoOperacao,quantidade\n\
///            PT1,CC,2025-01-02,500000000,500000001,200301,D1,7\n\
///            PT2,CC,2025-01-02,500000000,500000001,200398,D1,7\n";
/// let options = ImportOptions::default();
/// let mut reader = GuideReader::csv(csv.as_bytes(), "guias.csv", &options)?;
/// assert!(matches!(reader.next_guide()?, Some(Outcome::Counted(g)) if g.number == "PT1"));
/// let Some(Outcome::Invalid(issue)) = reader.next_guide()? else { panic!() };
/// assert_eq!(
///     issue.to_string(),
///     "guias.csv:3: PT2: codigoResiduoLer: invalid LER code \"200398\": 20 03 98 is not an entry of the European List of Waste"
/// );
/// assert!(reader.next_guide()?.is_none());
/// # Ok::<(), iso_core::WasteError>(())
/// ```
pub struct GuideReader<'a> {
    source: Box<dyn GuideSource + 'a>,
    raw: RawGuide,
    guide: Guide,
    list: &'static WasteList,
    options: ImportOptions,
    ignored_columns: Vec<String>,
}

impl<'a> GuideReader<'a> {
    fn new(source: Box<dyn GuideSource + 'a>, options: &ImportOptions) -> Result<Self, WasteError> {
        let list = WasteList::builtin()?;
        let first = list.entries().first().map(|e| e.code).ok_or_else(|| WasteError::Data {
            file: iso_catalogues::WASTE_LIST.name.to_owned(),
            message: "the list is empty".to_owned(),
        })?;
        let placeholder = OperationCode::parse("D1")?;
        if options.max_tonnes <= Decimal::ZERO {
            return Err(WasteError::Options(format!("max_tonnes must be positive, not {}", options.max_tonnes)));
        }
        Ok(GuideReader {
            source,
            raw: RawGuide::new(),
            guide: Guide::placeholder(first, placeholder),
            list,
            options: options.clone(),
            ignored_columns: Vec::new(),
        })
    }

    /// A reader of XML: a SILiAmb web-service response or a file of `<guia>` elements (see `docs/egar.md`).
    /// `name` labels messages.
    pub fn xml(input: impl Read + 'a, name: &str, options: &ImportOptions) -> Result<Self, WasteError> {
        GuideReader::new(Box::new(xml::XmlSource::new(input, name)), options)
    }

    /// A reader of a CSV list (`;` or `,`, detected on the header line; Portuguese or SILiAmb column names).
    /// The header is read and checked here.
    pub fn csv(input: impl Read + 'a, name: &str, options: &ImportOptions) -> Result<Self, WasteError> {
        let source = csv::CsvSource::new(input, name, options.encoding)?;
        let ignored = source.ignored.clone();
        let mut reader = GuideReader::new(Box::new(source), options)?;
        reader.ignored_columns = ignored;
        Ok(reader)
    }

    /// CSV header names that map to no field and were ignored.
    pub fn ignored_columns(&self) -> &[String] {
        &self.ignored_columns
    }

    /// The next guide, or `None` at the end of the input. An `Err` is malformed input: reading cannot go on.
    pub fn next_guide(&mut self) -> Result<Option<Outcome<'_>>, WasteError> {
        match self.source.next_raw(&mut self.raw)? {
            RawRead::End => return Ok(None),
            RawRead::Guide => {}
        }
        let unit = self.options.unit;
        match fields::check(&self.raw, self.list, &self.options, unit, &mut self.guide) {
            Ok(Checked::Counted) => Ok(Some(Outcome::Counted(&self.guide))),
            Ok(Checked::NotCounted(state)) => Ok(Some(Outcome::NotCounted { number: &self.guide.number, state })),
            Err(bad) => {
                let number = self.raw.get(fields::Field::Number);
                Ok(Some(Outcome::Invalid(RecordIssue {
                    location: Location {
                        file: self.source.name().to_owned(),
                        line: Some(self.raw.line_of(bad.field)),
                        column: None,
                    },
                    id: (!number.is_empty()).then(|| number.to_owned()),
                    field: self.source.column_of(bad.field),
                    message: bad.message,
                })))
            }
        }
    }
}

/// What an import read, counted and rejected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The input's name.
    pub input: String,
    /// Guides read.
    pub guides: u64,
    /// Guides counted.
    pub counted: u64,
    /// Guides not counted because of their state, by state.
    pub not_counted: BTreeMap<GuideState, u64>,
    /// Guides rejected (lenient mode).
    pub rejected: u64,
    /// The rejected guides' problems, at most [`ImportOptions::max_listed`] of them, in input order.
    pub issues: Vec<RecordIssue>,
    /// Counted guides whose effective values include a correction by the destination.
    pub corrected: u64,
    /// The effective quantity of the counted guides, in tonnes.
    pub tonnes: Decimal,
    /// Operation sub-codes that are not in the operations file (classified as their parent), with their counts.
    pub unlisted_operations: BTreeMap<OperationCode, u64>,
    /// LER codes counted, with their guide counts (a short list: one entry per code seen).
    pub ler_codes: BTreeMap<LerCode, u64>,
    /// CSV header names that map to no field and were ignored.
    pub ignored_columns: Vec<String>,
}

/// The result of an import: the aggregated groups and the report.
#[derive(Debug, Clone)]
pub struct Import {
    /// The sums by group.
    pub aggregator: Aggregator,
    /// What was read, counted and rejected.
    pub report: ImportReport,
}

/// Reads every guide of `reader` into a new aggregator (see the module documentation for the rules).
pub fn import(mut reader: GuideReader<'_>) -> Result<Import, WasteError> {
    let mut aggregator = Aggregator::new(reader.options.aggregate.clone());
    let mut report = ImportReport {
        input: reader.source.name().to_owned(),
        ignored_columns: reader.ignored_columns.clone(),
        ..ImportReport::default()
    };
    let (mode, max_listed) = (reader.options.mode, reader.options.max_listed);
    while let Some(outcome) = reader.next_guide()? {
        report.guides += 1;
        match outcome {
            Outcome::Counted(guide) => {
                aggregator.add(guide);
                report.counted += 1;
                report.corrected += u64::from(guide.is_corrected());
                report.tonnes += guide.tonnes();
                let operation = guide.operation();
                if !operation.is_listed() {
                    *report.unlisted_operations.entry(operation).or_default() += 1;
                }
                *report.ler_codes.entry(guide.ler()).or_default() += 1;
            }
            Outcome::NotCounted { state, .. } => *report.not_counted.entry(state).or_default() += 1,
            Outcome::Invalid(issue) => {
                if mode == Mode::Strict {
                    return Err(WasteError::Invalid { issues: vec![issue] });
                }
                report.rejected += 1;
                if report.issues.len() < max_listed {
                    report.issues.push(issue);
                }
            }
        }
    }
    Ok(Import { aggregator, report })
}

/// Imports guides from XML (see [`GuideReader::xml`] and the module documentation).
pub fn import_xml<R: Read>(input: R, name: &str, options: &ImportOptions) -> Result<Import, WasteError> {
    import(GuideReader::xml(input, name, options)?)
}

/// Imports guides from a CSV list (see [`GuideReader::csv`] and the module documentation).
pub fn import_csv<R: Read>(input: R, name: &str, options: &ImportOptions) -> Result<Import, WasteError> {
    import(GuideReader::csv(input, name, options)?)
}

#[cfg(test)]
mod tests;
