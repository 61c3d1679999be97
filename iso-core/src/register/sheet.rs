//! Importing register records from CSV sheets (as exported from a spreadsheet).
//!
//! A sheet's first line holds the column names. Columns may come in any order; names are matched case-insensitively
//! after the optional column mapping (`{"Título": "title"}`) is applied. Columns the layout does not know are ignored
//! and reported in [`SheetReport::ignored_columns`]. The delimiter is `,` or `;` (detected on the header line, as
//! Portuguese and French spreadsheets export with `;`); a UTF-8 byte-order mark is skipped. Every malformed value of
//! every row is reported with its line and column; if there is any, nothing is imported.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::dates::parse_date;
use super::model::{
    Action, Evidence, EvidenceKind, EvidenceStatus, Finding, FindingSource, FindingStatus, Grade, MaturityRating,
    Renewal,
};
use crate::error::{Location, RecordIssue, RegisterError};

/// The largest sheet accepted, in bytes (256 MiB).
pub const MAX_SHEET_BYTES: usize = 256 * 1024 * 1024;

/// The kinds of sheets the register reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    /// `evidence.csv`.
    Evidence,
    /// `findings.csv`.
    Findings,
    /// `actions.csv`.
    Actions,
    /// `maturity.csv` (ISO 26000 self-assessment).
    Maturity,
}

impl SheetKind {
    /// Every sheet kind.
    pub const ALL: [SheetKind; 4] = [SheetKind::Evidence, SheetKind::Findings, SheetKind::Actions, SheetKind::Maturity];

    /// The file name in an organisation folder.
    pub fn file_name(self) -> &'static str {
        match self {
            SheetKind::Evidence => "evidence.csv",
            SheetKind::Findings => "findings.csv",
            SheetKind::Actions => "actions.csv",
            SheetKind::Maturity => "maturity.csv",
        }
    }

    /// The columns of the layout, required ones first.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            SheetKind::Evidence => &[
                "id",
                "title",
                "kind",
                "links",
                "status",
                "site",
                "owner",
                "version",
                "effective",
                "expires",
                "renewal",
                "location",
                "sha256",
            ],
            SheetKind::Findings => {
                &["id", "source", "raised", "grade", "requirement", "statement", "site", "status", "closed"]
            }
            SheetKind::Actions => {
                &["id", "finding", "action", "due", "root_cause", "owner", "done", "verified", "effective"]
            }
            SheetKind::Maturity => &["requirement", "level", "assessed", "note"],
        }
    }

    /// How many of [`columns`](Self::columns) are required.
    fn required(self) -> usize {
        match self {
            SheetKind::Evidence => 5,
            SheetKind::Findings => 6,
            SheetKind::Actions => 4,
            SheetKind::Maturity => 3,
        }
    }
}

/// Column mappings per sheet: the sheet's header → the layout's column name.
pub type ColumnMap = BTreeMap<String, String>;

/// What an import noticed without failing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetReport {
    /// The sheet's name.
    pub sheet: String,
    /// How many records were read.
    pub records: usize,
    /// Header names that are not in the layout (after mapping) and were ignored.
    pub ignored_columns: Vec<String>,
}

fn key(s: &str) -> String {
    crate::text::fold(s.trim()).replace([' ', '-'], "_")
}

/// One data row: its line and its values by layout column.
struct Row {
    line: u32,
    values: BTreeMap<&'static str, String>,
}

impl Row {
    fn get(&self, column: &str) -> Option<&str> {
        self.values.get(column).map(|v| v.trim()).filter(|v| !v.is_empty())
    }
}

/// Collects the issues of one sheet.
struct Issues<'a> {
    sheet: &'a str,
    list: Vec<RecordIssue>,
}

impl Issues<'_> {
    fn push(&mut self, line: u32, id: Option<&str>, field: Option<&str>, message: String) {
        self.list.push(RecordIssue {
            location: Location { file: self.sheet.to_owned(), line: Some(line), column: None },
            id: id.map(str::to_owned),
            field: field.map(str::to_owned),
            message,
        });
    }
}

fn read_rows(
    kind: SheetKind,
    sheet: &str,
    text: &str,
    map: &ColumnMap,
    issues: &mut Issues<'_>,
) -> Result<(Vec<Row>, Vec<String>), RegisterError> {
    if text.len() > MAX_SHEET_BYTES {
        return Err(RegisterError::Invalid {
            issues: vec![RecordIssue {
                location: Location::file(sheet),
                id: None,
                field: None,
                message: format!("{} bytes exceeds the limit of {MAX_SHEET_BYTES} bytes for a sheet", text.len()),
            }],
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            issues.push(1, None, None, format!("cannot read the header line: {e}"));
            return Ok((Vec::new(), Vec::new()));
        }
    };
    let mapped: BTreeMap<String, &str> = map.iter().map(|(from, to)| (key(from), to.as_str())).collect();
    let mut positions: Vec<(usize, &'static str)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let name = mapped.get(&key(header)).map_or_else(|| key(header), |to| key(to));
        match kind.columns().iter().find(|c| **c == name) {
            Some(column) if positions.iter().any(|(_, c)| c == column) => {
                issues.push(1, None, Some(column), format!("column {header:?} appears twice"));
            }
            Some(column) => positions.push((i, column)),
            None if header.trim().is_empty() => {}
            None => ignored.push(header.to_owned()),
        }
    }
    let missing: Vec<&str> =
        kind.columns()[..kind.required()].iter().filter(|c| !positions.iter().any(|(_, p)| p == *c)).copied().collect();
    if !missing.is_empty() {
        issues.push(
            1,
            None,
            None,
            format!(
                "missing required column{} {} (found {}; map other names with a column mapping)",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                headers.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", ")
            ),
        );
        return Ok((Vec::new(), ignored));
    }
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
                if record.iter().all(|v| v.trim().is_empty()) {
                    continue;
                }
                let values = positions.iter().map(|&(i, c)| (c, record.get(i).unwrap_or("").to_owned())).collect();
                rows.push(Row { line, values });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "the line is not valid UTF-8 (save the sheet as UTF-8)".to_owned(),
                    _ => format!("cannot read the line: {e}"),
                };
                issues.push(line, None, None, message);
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    Ok((rows, ignored))
}

/// Parses a closed vocabulary value: canonical snake_case names, spaces or hyphens instead of underscores, any case,
/// and the listed synonyms (Portuguese and French included).
fn parse_choice<T: Copy>(value: &str, choices: &[(&str, T)], what: &str) -> Result<T, String> {
    let k = key(value);
    choices.iter().find(|(name, _)| *name == k).map(|(_, v)| *v).ok_or_else(|| {
        let mut names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        names.dedup();
        format!("unknown {what} {value:?}: expected one of {}", names.join(", "))
    })
}

const KINDS: &[(&str, EvidenceKind)] = &[
    ("policy", EvidenceKind::Policy),
    ("procedure", EvidenceKind::Procedure),
    ("record", EvidenceKind::Record),
    ("certificate", EvidenceKind::Certificate),
    ("training_record", EvidenceKind::TrainingRecord),
    ("calibration", EvidenceKind::Calibration),
    ("measurement", EvidenceKind::Measurement),
    ("other", EvidenceKind::Other),
    ("politica", EvidenceKind::Policy),
    ("procedimento", EvidenceKind::Procedure),
    ("procedure_document", EvidenceKind::Procedure),
    ("registo", EvidenceKind::Record),
    ("registro", EvidenceKind::Record),
    ("enregistrement", EvidenceKind::Record),
    ("certificado", EvidenceKind::Certificate),
    ("certificat", EvidenceKind::Certificate),
    ("formacao", EvidenceKind::TrainingRecord),
    ("formation", EvidenceKind::TrainingRecord),
    ("training", EvidenceKind::TrainingRecord),
    ("calibracao", EvidenceKind::Calibration),
    ("etalonnage", EvidenceKind::Calibration),
    ("medicao", EvidenceKind::Measurement),
    ("mesure", EvidenceKind::Measurement),
    ("outro", EvidenceKind::Other),
    ("autre", EvidenceKind::Other),
];

const STATUSES: &[(&str, EvidenceStatus)] = &[
    ("draft", EvidenceStatus::Draft),
    ("in_review", EvidenceStatus::InReview),
    ("approved", EvidenceStatus::Approved),
    ("rejected", EvidenceStatus::Rejected),
    ("superseded", EvidenceStatus::Superseded),
    ("review", EvidenceStatus::InReview),
    ("rascunho", EvidenceStatus::Draft),
    ("brouillon", EvidenceStatus::Draft),
    ("em_revisao", EvidenceStatus::InReview),
    ("en_revue", EvidenceStatus::InReview),
    ("aprovado", EvidenceStatus::Approved),
    ("approuve", EvidenceStatus::Approved),
    ("rejeitado", EvidenceStatus::Rejected),
    ("rejete", EvidenceStatus::Rejected),
    ("obsoleto", EvidenceStatus::Superseded),
    ("substituido", EvidenceStatus::Superseded),
    ("remplace", EvidenceStatus::Superseded),
];

const SOURCES: &[(&str, FindingSource)] = &[
    ("internal", FindingSource::Internal),
    ("certification_body", FindingSource::CertificationBody),
    ("second_party", FindingSource::SecondParty),
    ("external", FindingSource::CertificationBody),
    ("customer", FindingSource::SecondParty),
    ("interna", FindingSource::Internal),
    ("interne", FindingSource::Internal),
    ("externa", FindingSource::CertificationBody),
    ("organismo_certificador", FindingSource::CertificationBody),
    ("organisme_certificateur", FindingSource::CertificationBody),
    ("cliente", FindingSource::SecondParty),
    ("client", FindingSource::SecondParty),
];

const GRADES: &[(&str, Grade)] = &[
    ("major_nonconformity", Grade::MajorNonconformity),
    ("minor_nonconformity", Grade::MinorNonconformity),
    ("observation", Grade::Observation),
    ("opportunity_for_improvement", Grade::OpportunityForImprovement),
    ("good_practice", Grade::GoodPractice),
    ("major", Grade::MajorNonconformity),
    ("major_nc", Grade::MajorNonconformity),
    ("minor", Grade::MinorNonconformity),
    ("minor_nc", Grade::MinorNonconformity),
    ("ofi", Grade::OpportunityForImprovement),
    ("nc_maior", Grade::MajorNonconformity),
    ("nao_conformidade_maior", Grade::MajorNonconformity),
    ("nc_menor", Grade::MinorNonconformity),
    ("nao_conformidade_menor", Grade::MinorNonconformity),
    ("observacao", Grade::Observation),
    ("oportunidade_de_melhoria", Grade::OpportunityForImprovement),
    ("boa_pratica", Grade::GoodPractice),
    ("nc_majeure", Grade::MajorNonconformity),
    ("non_conformite_majeure", Grade::MajorNonconformity),
    ("nc_mineure", Grade::MinorNonconformity),
    ("non_conformite_mineure", Grade::MinorNonconformity),
    ("piste_de_progres", Grade::OpportunityForImprovement),
    ("point_fort", Grade::GoodPractice),
];

const FINDING_STATUSES: &[(&str, FindingStatus)] = &[
    ("open", FindingStatus::Open),
    ("closed", FindingStatus::Closed),
    ("aberta", FindingStatus::Open),
    ("aberto", FindingStatus::Open),
    ("fechada", FindingStatus::Closed),
    ("fechado", FindingStatus::Closed),
    ("ouverte", FindingStatus::Open),
    ("fermee", FindingStatus::Closed),
    ("close", FindingStatus::Closed),
];

const BOOLEANS: &[(&str, bool)] = &[
    ("true", true),
    ("false", false),
    ("yes", true),
    ("no", false),
    ("effective", true),
    ("not_effective", false),
    ("sim", true),
    ("nao", false),
    ("eficaz", true),
    ("nao_eficaz", false),
    ("oui", true),
    ("non", false),
    ("efficace", true),
    ("non_efficace", false),
    ("1", true),
    ("0", false),
];

/// Reads the fields of one row, recording every problem.
struct Fields<'r, 'i, 's> {
    row: &'r Row,
    id: Option<String>,
    issues: &'i mut Issues<'s>,
    /// Fields that could not be read (their value in the record is a placeholder).
    failed: Vec<String>,
}

impl Fields<'_, '_, '_> {
    fn fail(&mut self, field: &str, message: String) {
        self.failed.push(field.to_owned());
        self.issues.push(self.row.line, self.id.as_deref(), Some(field), message);
    }

    fn optional(&self, field: &str) -> Option<String> {
        self.row.get(field).map(str::to_owned)
    }

    fn required(&mut self, field: &str) -> String {
        match self.row.get(field) {
            Some(v) => v.to_owned(),
            None => {
                self.fail(field, "is empty".to_owned());
                String::new()
            }
        }
    }

    fn parsed<T>(&mut self, field: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let value = self.row.get(field)?;
        match parse(value) {
            Ok(v) => Some(v),
            Err(message) => {
                self.fail(field, message);
                None
            }
        }
    }

    fn required_parsed<T>(&mut self, field: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        if self.row.get(field).is_none() {
            self.fail(field, "is empty".to_owned());
            return None;
        }
        self.parsed(field, parse)
    }
}

fn start<'r, 'i, 's>(row: &'r Row, issues: &'i mut Issues<'s>, id_column: &str) -> Fields<'r, 'i, 's> {
    let id = row.get(id_column).map(str::to_owned);
    Fields { row, id, issues, failed: Vec::new() }
}

/// Splits a list cell: `;`, `|` or line breaks separate items (commas do not: they occur in ids of other schemes).
pub fn split_list(cell: &str) -> Vec<String> {
    cell.split([';', '|', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn evidence_row(f: &mut Fields<'_, '_, '_>) -> Evidence {
    let id = f.required("id");
    let title = f.required("title");
    let kind = f.required_parsed("kind", |v| parse_choice(v, KINDS, "evidence kind"));
    let links = split_list(&f.required("links"));
    let status = f.required_parsed("status", |v| parse_choice(v, STATUSES, "status"));
    let effective = f.parsed("effective", parse_date);
    let expires = f.parsed("expires", parse_date);
    let renewal = f.parsed("renewal", |v| v.parse::<Renewal>());
    Evidence {
        id,
        title,
        kind: kind.unwrap_or(EvidenceKind::Other),
        links,
        site: f.optional("site"),
        owner: f.optional("owner"),
        status: status.unwrap_or(EvidenceStatus::Draft),
        version: f.optional("version"),
        effective,
        expires,
        renewal,
        location: f.optional("location"),
        sha256: f.optional("sha256"),
    }
}

fn finding_row(f: &mut Fields<'_, '_, '_>) -> Finding {
    let id = f.required("id");
    let source = f.required_parsed("source", |v| parse_choice(v, SOURCES, "finding source"));
    let raised = f.required_parsed("raised", parse_date);
    let grade = f.required_parsed("grade", |v| parse_choice(v, GRADES, "grade"));
    let requirement = f.required("requirement");
    let statement = f.required("statement");
    let status = f.parsed("status", |v| parse_choice(v, FINDING_STATUSES, "finding status"));
    let closed = f.parsed("closed", parse_date);
    Finding {
        id,
        source: source.unwrap_or(FindingSource::Internal),
        raised: raised.unwrap_or(NaiveDate::MIN),
        grade: grade.unwrap_or(Grade::Observation),
        requirement,
        site: f.optional("site"),
        statement,
        status: status.unwrap_or(if closed.is_some() { FindingStatus::Closed } else { FindingStatus::Open }),
        closed,
    }
}

fn action_row(f: &mut Fields<'_, '_, '_>) -> Action {
    let id = f.required("id");
    let finding = f.required("finding");
    let action = f.required("action");
    let due = f.required_parsed("due", parse_date);
    let done = f.parsed("done", parse_date);
    let verified = f.parsed("verified", parse_date);
    let effective = f.parsed("effective", |v| parse_choice(v, BOOLEANS, "effectiveness result"));
    Action {
        id,
        finding,
        root_cause: f.optional("root_cause").unwrap_or_default(),
        action,
        owner: f.optional("owner"),
        due: due.unwrap_or(NaiveDate::MIN),
        done,
        verified,
        effective,
    }
}

fn maturity_row(f: &mut Fields<'_, '_, '_>) -> MaturityRating {
    let requirement = f.required("requirement");
    let level = f.required_parsed("level", |v| v.parse::<u8>().map_err(|_| format!("{v:?} is not a maturity level")));
    let assessed = f.required_parsed("assessed", parse_date);
    MaturityRating {
        requirement,
        level: level.unwrap_or_default(),
        assessed: assessed.unwrap_or(NaiveDate::MIN),
        note: f.optional("note"),
    }
}

/// Records read from one sheet, with the line of each and the fields that could not be read (held as placeholders,
/// so that the record's other fields are still checked).
pub(crate) struct Sheet<T> {
    pub records: Vec<(T, u32, Vec<String>)>,
    pub report: SheetReport,
}

fn read<T>(
    kind: SheetKind,
    sheet: &str,
    text: &str,
    map: &ColumnMap,
    id_column: &str,
    parse_row: fn(&mut Fields<'_, '_, '_>) -> T,
    issues: &mut Vec<RecordIssue>,
) -> Result<Sheet<T>, RegisterError> {
    let mut collected = Issues { sheet, list: Vec::new() };
    let (rows, ignored_columns) = read_rows(kind, sheet, text, map, &mut collected)?;
    let mut records = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut fields = start(row, &mut collected, id_column);
        let record = parse_row(&mut fields);
        let failed = fields.failed;
        records.push((record, row.line, failed));
    }
    issues.append(&mut collected.list);
    let report = SheetReport { sheet: sheet.to_owned(), records: records.len(), ignored_columns };
    Ok(Sheet { records, report })
}

pub(crate) fn read_evidence(
    sheet: &str,
    text: &str,
    map: &ColumnMap,
    issues: &mut Vec<RecordIssue>,
) -> Result<Sheet<Evidence>, RegisterError> {
    read(SheetKind::Evidence, sheet, text, map, "id", evidence_row, issues)
}

pub(crate) fn read_findings(
    sheet: &str,
    text: &str,
    map: &ColumnMap,
    issues: &mut Vec<RecordIssue>,
) -> Result<Sheet<Finding>, RegisterError> {
    read(SheetKind::Findings, sheet, text, map, "id", finding_row, issues)
}

pub(crate) fn read_actions(
    sheet: &str,
    text: &str,
    map: &ColumnMap,
    issues: &mut Vec<RecordIssue>,
) -> Result<Sheet<Action>, RegisterError> {
    read(SheetKind::Actions, sheet, text, map, "id", action_row, issues)
}

pub(crate) fn read_maturity(
    sheet: &str,
    text: &str,
    map: &ColumnMap,
    issues: &mut Vec<RecordIssue>,
) -> Result<Sheet<MaturityRating>, RegisterError> {
    read(SheetKind::Maturity, sheet, text, map, "requirement", maturity_row, issues)
}
