//! Error types, one enum per family of operations.
//!
//! Every error names the offending value and where it was found: the file (or input name), the line and column
//! when the input is text, the record and field when it is a table. Messages are lower-case sentences without a
//! final period, so that callers can prefix them ("cannot load catalogue: …"). Library code never panics on input:
//! every malformed file, unknown code or overflow is one of these values. The bindings map each family onto their
//! language's exceptions (`iso_core.ValidationError`, `ParseError`, … in Python; `Error` subclasses with a `code` in
//! JavaScript).

use std::fmt;

use serde::Serialize;

/// Where in an input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file name or input label (`iso14001-2015.toml`, `<text>`).
    pub file: String,
    /// 1-based line, when the input is text.
    pub line: Option<u32>,
    /// 1-based column (in characters), when the input is text.
    pub column: Option<u32>,
}

impl Location {
    /// A location in a named input with no position (a deserialized value, a whole file).
    pub fn file(file: impl Into<String>) -> Self {
        Location { file: file.into(), line: None, column: None }
    }

    /// The 1-based line and column of byte `offset` in `text`.
    pub fn at_offset(file: impl Into<String>, text: &str, offset: usize) -> Self {
        LineIndex::new(text).locate(file, offset)
    }
}

/// The start of every line of a text, to turn byte offsets into lines and columns in O(log n).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// The location of byte `offset` (clamped to the text) in input `file`.
    pub fn locate(&self, file: impl Into<String>, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let column = self.text.get(line_start..offset).map_or(0, |s| s.chars().count()) + 1;
        Location { file: file.into(), line: u32::try_from(line).ok(), column: u32::try_from(column).ok() }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// Loading or validating a catalogue failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogueError {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path that failed.
        path: String,
        /// The operating system's message.
        message: String,
        /// The kind of failure (not found, permission denied, …).
        kind: std::io::ErrorKind,
    },
    /// The input is larger than a catalogue file may be.
    #[error("{file}: {size} bytes exceeds the limit of {limit} bytes for a catalogue file")]
    TooLarge {
        /// The input's name.
        file: String,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes ([`crate::catalogue::MAX_FILE_BYTES`]).
        limit: u64,
    },
    /// The text is not valid TOML, or a value has the wrong type, or a key is unknown.
    #[error("{location}: {message}")]
    Syntax {
        /// Where the parser stopped.
        location: Location,
        /// What it expected.
        message: String,
    },
    /// The catalogue parsed but breaks a rule: duplicate ids, dangling references, cycles, missing texts.
    /// Every problem found is listed, in input order.
    #[error("{}", list_issues(issues))]
    Invalid {
        /// The problems, at least one.
        issues: Vec<Issue>,
    },
}

impl CatalogueError {
    /// The location of the (first) problem, when known.
    pub fn location(&self) -> Option<&Location> {
        match self {
            CatalogueError::Syntax { location, .. } => Some(location),
            CatalogueError::Invalid { issues } => issues.first().map(|i| &i.location),
            _ => None,
        }
    }

    pub(crate) fn io(path: &std::path::Path, error: &std::io::Error) -> Self {
        CatalogueError::Io { path: path.display().to_string(), message: error.to_string(), kind: error.kind() }
    }
}

fn list_issues(issues: &[Issue]) -> String {
    match issues {
        [] => "invalid catalogue".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => {
            format!("{first} (and {} more problem{})", rest.len(), if rest.len() == 1 { "" } else { "s" })
        }
    }
}

/// One rule broken by a catalogue, with where and on which id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Where the offending entry is.
    pub location: Location,
    /// The id of the offending entry (norm, clause, requirement or mapping row).
    pub id: String,
    /// What is wrong.
    pub problem: Problem,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.location, self.id, self.problem)
    }
}

/// A rule a catalogue entry breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Problem {
    /// Another entry already has this id.
    #[error("duplicate id (first defined at {first})")]
    DuplicateId {
        /// Where the first entry with this id is.
        first: String,
    },
    /// The id is empty or contains characters ids may not contain.
    #[error("invalid id: {reason}")]
    InvalidId {
        /// Why.
        reason: String,
    },
    /// A required text (or its English version) is missing or blank.
    #[error("missing {field} (the English text is required)")]
    MissingText {
        /// The field: `title`, `statement`, `label`, …
        field: String,
    },
    /// A clause names a parent that does not exist in its norm.
    #[error("parent clause {parent:?} does not exist")]
    UnknownParent {
        /// The missing parent.
        parent: String,
    },
    /// Following parents from this clause comes back to it.
    #[error("the clause tree has a cycle: {path}")]
    ParentCycle {
        /// The cycle, as clause numbers joined by ` → `.
        path: String,
    },
    /// A requirement names a clause that does not exist in its norm.
    #[error("clause {clause:?} does not exist")]
    UnknownClause {
        /// The missing clause.
        clause: String,
    },
    /// A clause names a harmonized-structure clause that does not exist.
    #[error("harmonized-structure clause {hs:?} does not exist")]
    UnknownHsClause {
        /// The missing clause number.
        hs: String,
    },
    /// A mapping row refers to a clause that no loaded norm has.
    #[error("mapping target {target:?} is not a clause of any loaded norm")]
    UnknownMapTarget {
        /// The missing clause id.
        target: String,
    },
    /// A mapping row relates a clause to itself.
    #[error("a clause cannot be mapped onto itself")]
    SelfMap,
    /// Clauses or requirements were given in a file without a `[norm]` table.
    #[error("clauses and requirements need a [norm] table in the same file")]
    MissingNorm,
    /// A guidance norm without a maturity scale, or a requirements norm with one.
    #[error("{0}")]
    MaturityScale(String),
    /// Two structures (`[structure]` tables) were loaded.
    #[error("only one harmonized structure may be loaded")]
    DuplicateStructure,
}

/// A requested entry does not exist in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {id:?}{hint}")]
pub struct NotFound {
    /// What was looked up: `norm`, `clause`, `requirement`.
    pub what: &'static str,
    /// The id that was not found.
    pub id: String,
    /// A suggestion, starting with `: ` (or empty).
    pub hint: String,
}

/// Loading or validating an organisation's register failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RegisterError {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path that failed.
        path: String,
        /// The operating system's message.
        message: String,
        /// The kind of failure.
        kind: std::io::ErrorKind,
    },
    /// The organisation file is not valid TOML, or a value has the wrong type, or a key is unknown.
    #[error("{location}: {message}")]
    Syntax {
        /// Where the parser stopped.
        location: Location,
        /// What it expected.
        message: String,
    },
    /// Records are malformed or inconsistent: every problem found is listed, nothing is imported.
    #[error("{}", list_record_issues(issues))]
    Invalid {
        /// The problems, at least one, in input order.
        issues: Vec<RecordIssue>,
    },
}

impl RegisterError {
    /// The location of the (first) problem, when known.
    pub fn location(&self) -> Option<&Location> {
        match self {
            RegisterError::Syntax { location, .. } => Some(location),
            RegisterError::Invalid { issues } => issues.first().map(|i| &i.location),
            RegisterError::Io { .. } => None,
        }
    }

    pub(crate) fn io(path: &std::path::Path, error: &std::io::Error) -> Self {
        RegisterError::Io { path: path.display().to_string(), message: error.to_string(), kind: error.kind() }
    }
}

fn list_record_issues(issues: &[RecordIssue]) -> String {
    match issues {
        [] => "invalid register".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => {
            format!("{first} (and {} more problem{})", rest.len(), if rest.len() == 1 { "" } else { "s" })
        }
    }
}

/// One malformed or inconsistent value of a register record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordIssue {
    /// The sheet or file, and the line of the record (the header is line 1 of a sheet).
    pub location: Location,
    /// The record's id, when it has one.
    pub id: Option<String>,
    /// The field (column) at fault, when one is.
    pub field: Option<String>,
    /// What is wrong, naming the offending value.
    pub message: String,
}

impl fmt::Display for RecordIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.location)?;
        if let Some(id) = &self.id {
            write!(f, ": {id}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// An assessment could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AssessError {
    /// The register breaks a rule (see [`RegisterError`]).
    #[error(transparent)]
    Register(#[from] RegisterError),
    /// An option is out of range or inconsistent.
    #[error("invalid assessment options: {0}")]
    Options(String),
    /// A norm asked for is not loaded or not run by the organisation.
    #[error("{0}")]
    Norm(String),
}

/// A report could not be built or rendered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The assessment behind the report failed (invalid register or options).
    #[error(transparent)]
    Assess(#[from] AssessError),
    /// The indicators behind the report failed.
    #[error(transparent)]
    Kpi(#[from] KpiError),
    /// The waste data behind the report does not fit the organisation (see [`WasteError::Organisation`]).
    #[error(transparent)]
    Waste(#[from] WasteError),
    /// The format asked for does not exist.
    #[error("unknown report format {0:?}: supported formats are html, markdown, json, xml, csv, xlsx")]
    UnknownFormat(String),
    /// A user template is malformed or uses a variable that does not exist.
    #[error("template error{}: {message}", line.map(|l| format!(" at line {l}")).unwrap_or_default())]
    Template {
        /// What is wrong.
        message: String,
        /// The template line, when known.
        line: Option<u32>,
    },
    /// Writing the output failed.
    #[error("cannot render the report: {0}")]
    Render(String),
}

/// A regression could not be fitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegressionError {
    /// Fewer observations than the model needs (at least one more than its coefficients, for a residual degree of
    /// freedom).
    #[error("{n} observation{} too few for {coefficients} coefficients: at least {needed} are needed", if *n == 1 { " is" } else { "s are" })]
    TooFewPoints {
        /// Observations given.
        n: usize,
        /// Coefficients to estimate (intercept included).
        coefficients: usize,
        /// Observations needed.
        needed: usize,
    },
    /// The variables do not all have one value per observation.
    #[error("variable {variable:?} has {got} values for {expected} observations")]
    LengthMismatch {
        /// The variable.
        variable: String,
        /// Values given.
        got: usize,
        /// Observations.
        expected: usize,
    },
    /// The variables are exactly collinear (one is a linear combination of the others, or constant): no unique fit.
    #[error("the variables are collinear: {variables} (one is a linear combination of the others, or constant)")]
    Collinear {
        /// The variables involved, comma-separated.
        variables: String,
    },
    /// A value is too large for exact decimal arithmetic.
    #[error("value out of range: {0}")]
    OutOfRange(String),
}

/// A unit is unknown, or quantities of different dimensions were combined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UnitError {
    /// The unit is not in the unit table.
    #[error("unknown unit {unit:?}{}", suggestion.as_ref().map(|s| format!(" (did you mean {s:?}?)")).unwrap_or_default())]
    Unknown {
        /// The unit as written.
        unit: String,
        /// A known unit with a similar spelling.
        suggestion: Option<String>,
    },
    /// The two quantities have different dimensions.
    #[error("cannot {operation} {left} and {right}: {left_dimension} and {right_dimension} are different dimensions")]
    Mismatch {
        /// What was attempted: `add`, `compare`, `convert`.
        operation: String,
        /// The left unit.
        left: String,
        /// The right unit.
        right: String,
        /// The left dimension.
        left_dimension: String,
        /// The right dimension.
        right_dimension: String,
    },
    /// A value left the range of exact decimals.
    #[error("{0} is out of range")]
    Overflow(String),
}

/// Indicator definitions, measurements or targets could not be read or computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum KpiError {
    /// A file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The operating system's message.
        message: String,
        /// The kind of failure.
        kind: std::io::ErrorKind,
    },
    /// A definitions or configuration file is not valid TOML or has a wrong value.
    #[error("{location}: {message}")]
    Syntax {
        /// Where.
        location: Location,
        /// What.
        message: String,
    },
    /// Records (measurements, targets) or definitions are malformed or inconsistent: every problem is listed.
    #[error("{}", list_record_issues(issues))]
    Invalid {
        /// The problems, in file order.
        issues: Vec<RecordIssue>,
    },
    /// An indicator asked for does not exist.
    #[error("unknown indicator {0:?}")]
    UnknownKpi(String),
    /// A unit problem.
    #[error(transparent)]
    Unit(#[from] UnitError),
    /// The waste metrics of e-GAR guides could not be derived (the organisation has no NIF, two sites share an
    /// establishment code).
    #[error(transparent)]
    Waste(#[from] WasteError),
    /// A regression could not be fitted.
    #[error(transparent)]
    Regression(#[from] RegressionError),
}

/// A waste code could not be read, or e-GAR guides could not be imported.
///
/// Code errors ([`Ler`](Self::Ler), [`Operation`](Self::Operation)) name the code as written. Import errors come in
/// two kinds: [`Syntax`](Self::Syntax) when the file itself cannot be read on (malformed or truncated XML, a
/// `DOCTYPE`, bytes that are not UTF-8, a CSV without the required columns) — the import always stops there — and
/// [`Invalid`](Self::Invalid) when a guide is readable but wrong (strict mode stops at the first such guide; lenient
/// mode lists them in the import report instead).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WasteError {
    /// A European List of Waste (LER) code is malformed, not in the list, or carries an asterisk that the list
    /// does not give it.
    #[error("invalid LER code {code:?}: {reason}")]
    Ler {
        /// The code as written.
        code: String,
        /// Why it was refused.
        reason: String,
    },
    /// A waste operation code is malformed or not one of D1–D15, R1–R13 (with an optional sub-code letter).
    #[error("invalid operation code {code:?}: {reason}")]
    Operation {
        /// The code as written.
        code: String,
        /// Why it was refused.
        reason: String,
    },
    /// The reference data (list of waste, operations) is inconsistent: for the built-in files, a corrupted build.
    #[error("{file}: {message}")]
    Data {
        /// The data file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// An import option is out of range or inconsistent.
    #[error("invalid import options: {0}")]
    Options(String),
    /// The organisation cannot be matched with its guides: it has no tax id, or two of its sites share an
    /// establishment code.
    #[error("{0}")]
    Organisation(String),
    /// The organisation's products sheet (`products.csv`, for the Material Circularity Indicator) is wrong.
    #[error(transparent)]
    Circularity(#[from] CircularityError),
    /// The input could not be read (an operating-system error).
    #[error("cannot read {input}: {message}")]
    Io {
        /// The input's name.
        input: String,
        /// The operating system's message.
        message: String,
        /// The kind of failure.
        kind: std::io::ErrorKind,
    },
    /// The input is not well-formed: the import stops here, in strict and lenient mode alike.
    #[error(
        "{location}{}{}: {message}",
        offset.map(|o| format!(" (byte {o})")).unwrap_or_default(),
        guide.as_ref().map(|g| format!(": guide {g}")).unwrap_or_default()
    )]
    Syntax {
        /// The input and the line where reading stopped.
        location: Location,
        /// The byte offset where reading stopped, when known.
        offset: Option<u64>,
        /// The number of the guide being read, when known.
        guide: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// Guides are invalid (strict mode: the first one; nothing was counted), or rows of a declared MIRR are
    /// (every bad row is listed; nothing was loaded).
    #[error("{}", list_record_issues(issues))]
    Invalid {
        /// The problems: guide number as the id (guides), field, line.
        issues: Vec<RecordIssue>,
    },
    /// A MIRR form name is not one of B, C1, C2, D1.
    #[error("unknown MIRR form {0:?}: expected B, C1, C2 or D1")]
    UnknownForm(String),
    /// A MIRR could not be compiled from guides (a sum left the range of exact decimals).
    #[error("cannot compile the MIRR: {0}")]
    Compile(String),
    /// Two MIRRs could not be reconciled (different years, a negative tolerance, a sum out of range).
    #[error("cannot reconcile the MIRR: {0}")]
    Reconcile(String),
}

impl WasteError {
    /// The location of the (first) problem, when known.
    pub fn location(&self) -> Option<&Location> {
        match self {
            WasteError::Syntax { location, .. } => Some(location),
            WasteError::Invalid { issues } => issues.first().map(|i| &i.location),
            WasteError::Circularity(e) => e.location(),
            _ => None,
        }
    }
}

/// A Material Circularity Indicator could not be computed, or a products sheet could not be read.
///
/// Product errors name the product by its id and the field at fault; sheet errors list every problem of every row
/// with its file, line, product id and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CircularityError {
    /// A product's value is out of its range or inconsistent with another (the first problem found).
    #[error("product {product:?}: {field}: {message}")]
    Invalid {
        /// The product's id.
        product: String,
        /// The field at fault (`recycled_input`, `feedstock_efficiency`, …).
        field: String,
        /// What is wrong, naming the value.
        message: String,
    },
    /// A quantity of the formula left the range of exact decimals (a huge mass, a tiny efficiency or utility).
    #[error("product {product:?}: {quantity} is out of the range of exact decimals")]
    OutOfRange {
        /// The product's id.
        product: String,
        /// The quantity (`W_F`, `X`, `F(X)`, …).
        quantity: String,
    },
    /// A company MCI weighted by revenue was asked for, and a product has no revenue or a revenue of 0.
    #[error(
        "product {product:?} has {}: revenue weighting needs a revenue greater than 0 for every product",
        revenue.map_or_else(|| "no revenue".to_owned(), |r| format!("revenue {r}"))
    )]
    MissingRevenue {
        /// The product's id.
        product: String,
        /// Its revenue, when it has one (then 0).
        revenue: Option<rust_decimal::Decimal>,
    },
    /// Two products of a company have the same id.
    #[error("product {0:?} is listed twice")]
    DuplicateProduct(String),
    /// A company MCI was asked for without products.
    #[error("a company MCI needs at least one product")]
    NoProducts,
    /// A products sheet is malformed: every problem found is listed, and nothing is returned.
    #[error("{}", list_record_issues(issues))]
    Sheet {
        /// The problems, in file order.
        issues: Vec<RecordIssue>,
    },
}

impl CircularityError {
    /// The location of the (first) problem of a sheet, when known.
    pub fn location(&self) -> Option<&Location> {
        match self {
            CircularityError::Sheet { issues } => issues.first().map(|i| &i.location),
            _ => None,
        }
    }
}
