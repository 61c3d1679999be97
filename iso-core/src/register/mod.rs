//! An organisation's register: sites, management systems (scope, exclusions, certification cycle), evidence,
//! audit findings, corrective actions and ISO 26000 maturity ratings.
//!
//! A register comes from an organisation folder ([`Register::from_folder`]): `organisation.toml` plus CSV sheets
//! (`evidence.csv`, `findings.csv`, `actions.csv`, `maturity.csv`), or from texts ([`RegisterBuilder`]), or from its
//! JSON form. Loading checks every record against the catalogue — links that resolve, dates that parse and follow
//! each other, unique ids, known sites, exclusions only of excludable requirements, well-formed hashes — and reports
//! every problem with its sheet, line, field and value; nothing is half-imported.
//!
//! ```
//! use iso_core::catalogue::Catalogue;
//! use iso_core::register::RegisterBuilder;
//!
//! let catalogue = Catalogue::builtin()?;
//! let organisation = r#"
//! [organisation]
//! id = "acme"
//! name = "ACME Recycling"
//!
//! [[organisation.site]]
//! id = "hq"
//! name = "Head office"
//! headcount = 40
//!
//! [[organisation.system]]
//! norm = "ISO 14001:2015"
//! status = "implementing"
//! scope = "Collection and sorting of packaging waste"
//! "#;
//! let evidence = "id,title,kind,links,status,effective,renewal\n\
//!                 E1,Environmental policy,policy,ISO14001:2015/5.2,approved,2025-01-15,3 years\n";
//! let register = RegisterBuilder::new()
//!     .organisation_toml("organisation.toml", organisation)
//!     .evidence_csv("evidence.csv", evidence)
//!     .build(&catalogue)?;
//! assert_eq!(register.evidence.len(), 1);
//!
//! let broken = evidence.replace("2025-01-15", "2025-13-15");
//! let err = RegisterBuilder::new()
//!     .organisation_toml("organisation.toml", organisation)
//!     .evidence_csv("evidence.csv", &broken)
//!     .build(&catalogue)
//!     .unwrap_err();
//! assert_eq!(err.to_string(), "evidence.csv:2: E1: effective: \"2025-13-15\" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod dates;
mod links;
mod model;
mod sheet;
mod validate;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use dates::parse_date;
pub use links::{LinkTarget, resolve_link};
pub use model::{
    Action, AuditKind, AuditStatus, Certification, CertificationAudit, Evidence, EvidenceKind, EvidenceStatus,
    Exclusion, Finding, FindingSource, FindingStatus, Grade, ManagementSystem, MaturityRating, Organisation, Renewal,
    Site, SystemStatus,
};
pub use sheet::{ColumnMap, MAX_SHEET_BYTES, SheetKind, SheetReport, split_list};

use crate::catalogue::Catalogue;
use crate::error::{LineIndex, Location, RecordIssue, RegisterError};

/// An organisation's register.
///
/// Serializes as `{organisation, evidence, findings, actions, maturity}`; [`Register::validate`] checks a register
/// built or deserialized by other means.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// The organisation, its sites and management systems.
    pub organisation: Organisation,
    /// Evidence records.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Audit findings.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Corrective actions.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// ISO 26000 maturity self-assessment ratings.
    #[serde(default)]
    pub maturity: Vec<MaturityRating>,
    /// Where each record came from (sheet and line), for error messages. Not serialized.
    #[serde(skip)]
    origins: Origins,
    /// What the sheet imports noticed (ignored columns). Not serialized.
    #[serde(skip)]
    reports: Vec<SheetReport>,
}

impl PartialEq for Register {
    fn eq(&self, other: &Self) -> bool {
        self.organisation == other.organisation
            && self.evidence == other.evidence
            && self.findings == other.findings
            && self.actions == other.actions
            && self.maturity == other.maturity
    }
}

#[derive(Debug, Clone, Default)]
struct Origins {
    /// (record location, field) of values that could not be read: checks on those fields are not repeated.
    failed: std::collections::HashSet<(String, String)>,
    organisation: Option<String>,
    evidence: Vec<Location>,
    findings: Vec<Location>,
    actions: Vec<Location>,
    maturity: Vec<Location>,
}

impl Origins {
    fn of(list: &[Location], what: &str, i: usize) -> Location {
        list.get(i).cloned().unwrap_or_else(|| Location::file(format!("{what}[{i}]")))
    }
}

/// The TOML organisation file: an `[organisation]` table with `[[organisation.site]]` and `[[organisation.system]]`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct OrganisationFile {
    organisation: Organisation,
}

impl Register {
    /// An empty register for an organisation.
    pub fn new(organisation: Organisation) -> Self {
        Register {
            organisation,
            evidence: Vec::new(),
            findings: Vec::new(),
            actions: Vec::new(),
            maturity: Vec::new(),
            origins: Origins::default(),
            reports: Vec::new(),
        }
    }

    /// Reads an organisation folder: `organisation.toml` (required) and the sheets `evidence.csv`, `findings.csv`,
    /// `actions.csv`, `maturity.csv` (each optional), with column mappings from `columns.toml` when present
    /// (`[evidence]` table: `"Título" = "title"`, …). Checked against `catalogue`.
    pub fn from_folder(path: impl AsRef<Path>, catalogue: &Catalogue) -> Result<Register, RegisterError> {
        RegisterBuilder::from_folder(path)?.build(catalogue)
    }

    /// The organisation file's JSON Schema (the TOML layout of `organisation.toml`).
    pub fn organisation_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(OrganisationFile)).unwrap_or_default()
    }

    /// What the sheet imports noticed without failing (columns ignored), one report per sheet read.
    pub fn import_reports(&self) -> &[SheetReport] {
        &self.reports
    }

    /// Checks every record against the catalogue and the other records; lists every problem.
    pub fn validate(&self, catalogue: &Catalogue) -> Result<(), RegisterError> {
        let issues = validate::check(self, catalogue);
        if issues.is_empty() { Ok(()) } else { Err(RegisterError::Invalid { issues }) }
    }

    /// The management system for a norm (display id or key), if the organisation runs it.
    pub fn system(&self, catalogue: &Catalogue, norm: &str) -> Option<&ManagementSystem> {
        let id = catalogue.norm(norm).map_or(norm, |n| n.id.as_str());
        self.organisation.systems.iter().find(|s| catalogue.norm(&s.norm).is_some_and(|n| n.id == id))
    }

    pub(crate) fn location(&self, what: &str, i: usize) -> Location {
        match what {
            "evidence" => Origins::of(&self.origins.evidence, what, i),
            "findings" => Origins::of(&self.origins.findings, what, i),
            "actions" => Origins::of(&self.origins.actions, what, i),
            "maturity" => Origins::of(&self.origins.maturity, what, i),
            _ => Location::file(self.origins.organisation.clone().unwrap_or_else(|| "organisation".to_owned())),
        }
    }
}

/// Builds a register from texts (an organisation file and CSV sheets), then checks it against a catalogue.
#[derive(Debug, Default)]
pub struct RegisterBuilder {
    organisation: Option<(String, String)>,
    organisation_value: Option<Organisation>,
    sheets: BTreeMap<SheetKind, (String, String)>,
    columns: BTreeMap<SheetKind, ColumnMap>,
}

impl RegisterBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// The organisation of a folder alone (`organisation.toml`, checked against `catalogue`), for work that does not
    /// need the evidence sheets, such as indicators.
    pub fn organisation_of_folder(
        path: impl AsRef<Path>,
        catalogue: &Catalogue,
    ) -> Result<Organisation, RegisterError> {
        let mut builder = RegisterBuilder::from_folder(path)?;
        builder.sheets.clear();
        builder.columns.clear();
        Ok(builder.build(catalogue)?.organisation)
    }

    /// A builder holding the files of an organisation folder (see [`Register::from_folder`]).
    pub fn from_folder(path: impl AsRef<Path>) -> Result<Self, RegisterError> {
        let dir = path.as_ref();
        let read = |name: &str| -> Result<Option<(String, String)>, RegisterError> {
            let file = dir.join(name);
            match std::fs::read(&file) {
                Ok(bytes) => {
                    let label = file.display().to_string();
                    let text = String::from_utf8(bytes).map_err(|e| RegisterError::Invalid {
                        issues: vec![RecordIssue {
                            location: Location::file(&label),
                            id: None,
                            field: None,
                            message: format!(
                                "the file is not UTF-8 (invalid byte at offset {}); save it as UTF-8",
                                e.utf8_error().valid_up_to()
                            ),
                        }],
                    })?;
                    Ok(Some((label, text)))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && name != "organisation.toml" => Ok(None),
                Err(e) => Err(RegisterError::io(&file, &e)),
            }
        };
        let mut builder = RegisterBuilder::new();
        builder.organisation = read("organisation.toml")?;
        for kind in SheetKind::ALL {
            if let Some(sheet) = read(kind.file_name())? {
                builder.sheets.insert(kind, sheet);
            }
        }
        if let Some((name, text)) = read("columns.toml")? {
            let columns: BTreeMap<SheetKind, ColumnMap> =
                toml::from_str(&text).map_err(|e| syntax(&name, &text, &e))?;
            builder.columns = columns;
        }
        Ok(builder)
    }

    /// The organisation file's text (TOML); `name` labels errors.
    pub fn organisation_toml(mut self, name: &str, text: &str) -> Self {
        self.organisation = Some((name.to_owned(), text.to_owned()));
        self
    }

    /// The organisation as a value (instead of a TOML file).
    pub fn organisation(mut self, organisation: Organisation) -> Self {
        self.organisation_value = Some(organisation);
        self
    }

    /// A sheet's text (CSV); `name` labels errors.
    pub fn sheet(mut self, kind: SheetKind, name: &str, text: &str) -> Self {
        self.sheets.insert(kind, (name.to_owned(), text.to_owned()));
        self
    }

    /// The evidence sheet.
    pub fn evidence_csv(self, name: &str, text: &str) -> Self {
        self.sheet(SheetKind::Evidence, name, text)
    }

    /// The findings sheet.
    pub fn findings_csv(self, name: &str, text: &str) -> Self {
        self.sheet(SheetKind::Findings, name, text)
    }

    /// The corrective-actions sheet.
    pub fn actions_csv(self, name: &str, text: &str) -> Self {
        self.sheet(SheetKind::Actions, name, text)
    }

    /// The ISO 26000 maturity sheet.
    pub fn maturity_csv(self, name: &str, text: &str) -> Self {
        self.sheet(SheetKind::Maturity, name, text)
    }

    /// Column names of a sheet that differ from the layout: sheet header → layout column.
    pub fn columns(mut self, kind: SheetKind, map: ColumnMap) -> Self {
        self.columns.insert(kind, map);
        self
    }

    /// Parses everything, checks it against the catalogue, and lists every problem found.
    pub fn build(self, catalogue: &Catalogue) -> Result<Register, RegisterError> {
        let (organisation, organisation_name) = match (self.organisation_value, self.organisation) {
            (Some(value), _) => (value, None),
            (None, Some((name, text))) => {
                let file: OrganisationFile = toml::from_str(&text).map_err(|e| syntax(&name, &text, &e))?;
                (file.organisation, Some(name))
            }
            (None, None) => {
                return Err(RegisterError::Invalid {
                    issues: vec![RecordIssue {
                        location: Location::file("organisation.toml"),
                        id: None,
                        field: None,
                        message: "the organisation file is missing".to_owned(),
                    }],
                });
            }
        };
        let mut register = Register::new(organisation);
        register.origins.organisation = organisation_name;
        let mut issues = Vec::new();
        let empty = ColumnMap::new();
        for (kind, (name, text)) in &self.sheets {
            let map = self.columns.get(kind).unwrap_or(&empty);
            let failed = &mut register.origins.failed;
            match kind {
                SheetKind::Evidence => {
                    let sheet = sheet::read_evidence(name, text, map, &mut issues)?;
                    register.reports.push(sheet.report);
                    (register.evidence, register.origins.evidence) = take(sheet.records, name, failed);
                }
                SheetKind::Findings => {
                    let sheet = sheet::read_findings(name, text, map, &mut issues)?;
                    register.reports.push(sheet.report);
                    (register.findings, register.origins.findings) = take(sheet.records, name, failed);
                }
                SheetKind::Actions => {
                    let sheet = sheet::read_actions(name, text, map, &mut issues)?;
                    register.reports.push(sheet.report);
                    (register.actions, register.origins.actions) = take(sheet.records, name, failed);
                }
                SheetKind::Maturity => {
                    let sheet = sheet::read_maturity(name, text, map, &mut issues)?;
                    register.reports.push(sheet.report);
                    (register.maturity, register.origins.maturity) = take(sheet.records, name, failed);
                }
            }
        }
        issues.extend(validate::check(&register, catalogue));
        // In file order, whatever check found them: the organisation file first, then each sheet line by line.
        issues.sort_by(|a, b| (&a.location.file, a.location.line).cmp(&(&b.location.file, b.location.line)));
        if issues.is_empty() { Ok(register) } else { Err(RegisterError::Invalid { issues }) }
    }
}

/// Splits sheet records into records and locations, remembering the fields that could not be read.
fn take<T>(
    records: Vec<(T, u32, Vec<String>)>,
    sheet: &str,
    failed: &mut std::collections::HashSet<(String, String)>,
) -> (Vec<T>, Vec<Location>) {
    let mut out = Vec::with_capacity(records.len());
    let mut locations = Vec::with_capacity(records.len());
    for (record, line, fields) in records {
        let location = Location { file: sheet.to_owned(), line: Some(line), column: None };
        failed.extend(fields.into_iter().map(|field| (location.to_string(), field)));
        out.push(record);
        locations.push(location);
    }
    (out, locations)
}

fn syntax(name: &str, text: &str, e: &toml::de::Error) -> RegisterError {
    let location = match e.span() {
        Some(span) => LineIndex::new(text).locate(name, span.start),
        None => Location::file(name),
    };
    RegisterError::Syntax { location, message: e.message().trim_end_matches(['\n', '.']).to_owned() }
}

#[cfg(test)]
mod tests;
