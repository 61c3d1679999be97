//! Waste treatment operations (D1–D15, R1–R13 and the Portuguese sub-codes) and their KPI classes.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Official;
use crate::error::WasteError;
use crate::text::Text;

/// Disposal (Annex I of Directive 2008/98/EC, `D`) or recovery (Annex II, `R`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    /// D1–D15.
    Disposal,
    /// R1–R13.
    Recovery,
}

/// A waste treatment operation code: `D1`–`D15`, `R1`–`R13`, optionally with a sub-code letter (`R3A`).
///
/// **Normalisation** before checking: upper case, spaces removed, leading zeros of the number removed — `R 3 A`,
/// `r3a` → `R3A`; `D 15`, `D015` → `D15`; `R03` → `R3` (zero-padded numbers are a common export spelling and cannot
/// mean anything else). Then the code must match `^[RD][0-9]{1,2}[A-Z]?$` with a number in range.
///
/// **Sub-codes.** The Portuguese sub-operations of Decreto-Lei n.º 102-D/2020 in the data file (R3A–R3K, R4A–R4E,
/// R5A–R5C) are [listed](Self::is_listed). Any other letter (`R5D`, `D15A`) is accepted, kept as written, and
/// classified as its [parent](Self::parent) — importers report such codes as a warning.
///
/// Codes order naturally: D before R, by number, the parent before its sub-codes (`R3` < `R3A` < `R4`).
///
/// ```
/// use iso_core::waste::{OperationCode, OperationKind};
/// for spelling in ["R 3 A", "r3a", "R03A", " R3A "] {
///     assert_eq!(spelling.parse::<OperationCode>()?.to_string(), "R3A");
/// }
/// let d15: OperationCode = "D015".parse()?;
/// assert_eq!((d15.kind(), d15.number(), d15.to_string().as_str()), (OperationKind::Disposal, 15, "D15"));
/// let r5d: OperationCode = "R5D".parse()?;
/// assert!(!r5d.is_listed());
/// assert_eq!(r5d.parent().to_string(), "R5");
/// assert_eq!(
///     "R14".parse::<OperationCode>().unwrap_err().to_string(),
///     "invalid operation code \"R14\": recovery operations are R1 to R13"
/// );
/// # Ok::<(), iso_core::WasteError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperationCode {
    kind: OperationKind,
    number: u8,
    /// The sub-code letter (`b'A'`…), or 0.
    sub: u8,
}

impl OperationCode {
    /// Parses and normalises a code (see the type's documentation). Never allocates unless the code is invalid.
    pub fn parse(text: &str) -> Result<OperationCode, WasteError> {
        let bad = |reason: &str| WasteError::Operation { code: text.to_owned(), reason: reason.to_owned() };
        let mut chars = text.chars().filter(|c| !c.is_whitespace());
        let kind = match chars.next().map(|c| c.to_ascii_uppercase()) {
            Some('D') => OperationKind::Disposal,
            Some('R') => OperationKind::Recovery,
            Some(_) => return Err(bad("expected D or R followed by a number, as R3 or D15")),
            None => return Err(bad("it is empty")),
        };
        let mut number: u32 = 0;
        let mut digits = 0;
        let mut sub = 0u8;
        for c in chars {
            if sub != 0 {
                return Err(bad("expected D or R, a number and at most one sub-code letter, as R3A"));
            }
            if let Some(d) = c.to_digit(10) {
                number = number.saturating_mul(10).saturating_add(d);
                digits += 1;
            } else if c.is_ascii_alphabetic() && digits > 0 {
                sub = c.to_ascii_uppercase() as u8;
            } else {
                return Err(bad("expected D or R, a number and at most one sub-code letter, as R3A"));
            }
        }
        if digits == 0 {
            return Err(bad("expected D or R followed by a number, as R3 or D15"));
        }
        let max = match kind {
            OperationKind::Disposal => 15,
            OperationKind::Recovery => 13,
        };
        match u8::try_from(number) {
            Ok(n) if (1..=max).contains(&n) => Ok(OperationCode { kind, number: n, sub }),
            _ => Err(bad(match kind {
                OperationKind::Disposal => "disposal operations are D1 to D15",
                OperationKind::Recovery => "recovery operations are R1 to R13",
            })),
        }
    }

    /// Disposal or recovery.
    pub fn kind(self) -> OperationKind {
        self.kind
    }

    /// The number: `3` for `R3A`.
    pub fn number(self) -> u8 {
        self.number
    }

    /// The sub-code letter: `Some('A')` for `R3A`.
    pub fn sub_code(self) -> Option<char> {
        (self.sub != 0).then_some(char::from(self.sub))
    }

    /// The EU operation: `R3` for `R3A`, the code itself for an EU code.
    pub fn parent(self) -> OperationCode {
        OperationCode { sub: 0, ..self }
    }

    /// Whether the code is in the built-in operations file (every EU code, and the sourced Portuguese sub-codes).
    pub fn is_listed(self) -> bool {
        WasteOperations::builtin().is_ok_and(|ops| ops.get(self).is_some())
    }

    /// Whether this is an interim operation (R12, R13, D13–D15, and their sub-codes): not a final fate.
    pub fn is_interim(self) -> bool {
        ClassPolicy::default().class_of(self) == WasteClass::Interim
    }
}

impl fmt::Display for OperationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let letter = match self.kind {
            OperationKind::Disposal => 'D',
            OperationKind::Recovery => 'R',
        };
        match self.sub_code() {
            Some(sub) => f.pad(&format!("{letter}{}{sub}", self.number)),
            None => f.pad(&format!("{letter}{}", self.number)),
        }
    }
}

impl fmt::Debug for OperationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OperationCode({self})")
    }
}

impl FromStr for OperationCode {
    type Err = WasteError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OperationCode::parse(s)
    }
}

impl Serialize for OperationCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OperationCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        OperationCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for OperationCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OperationCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "a waste operation code: D1–D15, R1–R13, optionally with a sub-code letter (R3A)",
            "examples": ["R3A", "D15"]
        })
    }
}

/// The KPI class of an operation (the `[[class]]` ids of `waste-operations.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WasteClass {
    /// Preparation for re-use (R3A, R4A, R5A).
    PreparationForReuse,
    /// Recycling (R2–R11 less backfilling; R10 by default).
    Recycling,
    /// Backfilling (R3H).
    Backfilling,
    /// Other recovery (no operation by default: R10 under [`ClassPolicy::alternative_classes`]).
    OtherRecovery,
    /// Energy recovery (R1).
    EnergyRecovery,
    /// Interim operations, not a final fate (R12, R13, D13, D14, D15).
    Interim,
    /// Incineration (D10, D11).
    Incineration,
    /// Landfill (D1, D5).
    Landfill,
    /// Permanent storage (D12).
    PermanentStorage,
    /// Other disposal (D2–D4, D6–D9).
    OtherDisposal,
}

impl WasteClass {
    /// Every class, in the file's order.
    pub const ALL: [WasteClass; 10] = [
        WasteClass::PreparationForReuse,
        WasteClass::Recycling,
        WasteClass::Backfilling,
        WasteClass::OtherRecovery,
        WasteClass::EnergyRecovery,
        WasteClass::Interim,
        WasteClass::Incineration,
        WasteClass::Landfill,
        WasteClass::PermanentStorage,
        WasteClass::OtherDisposal,
    ];

    /// The id used in the data file and in JSON: `preparation_for_reuse`, …
    pub fn id(self) -> &'static str {
        match self {
            WasteClass::PreparationForReuse => "preparation_for_reuse",
            WasteClass::Recycling => "recycling",
            WasteClass::Backfilling => "backfilling",
            WasteClass::OtherRecovery => "other_recovery",
            WasteClass::EnergyRecovery => "energy_recovery",
            WasteClass::Interim => "interim",
            WasteClass::Incineration => "incineration",
            WasteClass::Landfill => "landfill",
            WasteClass::PermanentStorage => "permanent_storage",
            WasteClass::OtherDisposal => "other_disposal",
        }
    }

    fn from_id(id: &str) -> Option<WasteClass> {
        WasteClass::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The class's title in the built-in file.
    pub fn title(self) -> Option<&'static Text> {
        WasteOperations::builtin().ok().and_then(|ops| ops.classes.iter().find(|(c, _)| *c == self).map(|(_, t)| t))
    }
}

impl fmt::Display for WasteClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.id())
    }
}

/// A reporting view: how the classes roll up into the buckets of a report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ReportingView {
    /// Waste Framework Directive: recovery (R1 included) / disposal / not final. The default.
    #[default]
    Wfd,
    /// GRI 306-4/306-5: diverted from disposal / incineration with and without energy recovery (R1 is the former) /
    /// landfilling / other disposal / not final.
    #[serde(rename = "gri_306")]
    Gri306,
}

impl ReportingView {
    /// The view's id in the data file: `wfd` or `gri_306`.
    pub fn id(self) -> &'static str {
        match self {
            ReportingView::Wfd => "wfd",
            ReportingView::Gri306 => "gri_306",
        }
    }
}

/// How operations are classified for KPIs: the switchable choices of `catalogues/WASTE.md`.
///
/// The default is the Waste Framework Directive view with the file's main classes: R10 (land treatment) is
/// recycling, R1 is energy recovery counted as recovery, backfilling (R3H) is its own class within recovery, and
/// interim operations are not a final fate.
///
/// ```
/// use iso_core::waste::{ClassPolicy, OperationCode, ReportingView, WasteClass};
/// let r10: OperationCode = "R10".parse()?;
/// let r1: OperationCode = "R1".parse()?;
/// let default = ClassPolicy::default();
/// assert_eq!(default.class_of(r10), WasteClass::Recycling);
/// assert_eq!(default.bucket_of(r1), Some("recovery"));
///
/// let strict = ClassPolicy { view: ReportingView::Gri306, alternative_classes: true };
/// assert_eq!(strict.class_of(r10), WasteClass::OtherRecovery);
/// assert_eq!(strict.bucket_of(r1), Some("incineration_with_energy_recovery"));
/// assert_eq!(strict.bucket_of("D15".parse()?), Some("not_final"));
/// # Ok::<(), iso_core::WasteError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ClassPolicy {
    /// The reporting view the buckets come from.
    pub view: ReportingView,
    /// Use the `alternative_class` of operations marked "decide" in the data (today: R10 → other recovery).
    pub alternative_classes: bool,
}

impl ClassPolicy {
    /// The class of an operation; an unlisted sub-code takes its parent's. Operations missing from the data (only
    /// possible with a corrupted build) fall back on `other_disposal` or `other_recovery` by kind.
    pub fn class_of(&self, code: OperationCode) -> WasteClass {
        let def = WasteOperations::builtin().ok().and_then(|ops| ops.get(code).or_else(|| ops.get(code.parent())));
        match def {
            Some(def) if self.alternative_classes => def.alternative_class.unwrap_or(def.class),
            Some(def) => def.class,
            None if code.kind == OperationKind::Disposal => WasteClass::OtherDisposal,
            None => WasteClass::OtherRecovery,
        }
    }

    /// The bucket of the view an operation falls in (`recovery`, `disposal`, `not_final`, …).
    pub fn bucket_of(&self, code: OperationCode) -> Option<&'static str> {
        let class = self.class_of(code);
        let ops = WasteOperations::builtin().ok()?;
        let view = ops.views.iter().find(|v| v.id == self.view.id())?;
        view.buckets.iter().find(|b| b.classes.contains(&class)).map(|b| b.id.as_str())
    }
}

/// One operation of the data file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationDef {
    /// The canonical code.
    pub code: OperationCode,
    /// The EU operation of a Portuguese sub-code.
    pub parent: Option<OperationCode>,
    /// Its KPI class.
    pub class: WasteClass,
    /// The class an option may use instead (R10).
    pub alternative_class: Option<WasteClass>,
    /// Its designation in the three languages.
    pub title: Text,
    /// Which texts are official.
    pub official: Official,
    /// A note (English), when there is one.
    pub note: Option<String>,
}

/// A bucket of a reporting view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// Its id: `recovery`, `disposal`, `not_final`, …
    pub id: String,
    /// The classes it holds.
    pub classes: Vec<WasteClass>,
}

/// A reporting view of the data file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewDef {
    /// Its id: `wfd`, `gri_306`.
    pub id: String,
    /// Whether it is the default view.
    pub default: bool,
    /// Its title.
    pub title: Text,
    /// Its buckets; every class is in exactly one.
    pub buckets: Vec<Bucket>,
}

/// The waste operations file: operations, KPI classes and reporting views.
///
/// ```
/// use iso_core::waste::WasteOperations;
/// let ops = WasteOperations::builtin()?;
/// assert_eq!(ops.operations().len(), 47);
/// assert_eq!(ops.views().len(), 2);
/// # Ok::<(), iso_core::WasteError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasteOperations {
    operations: Vec<OperationDef>,
    classes: Vec<(WasteClass, Text)>,
    views: Vec<ViewDef>,
}

static BUILTIN_OPERATIONS: OnceLock<Result<WasteOperations, WasteError>> = OnceLock::new();

impl WasteOperations {
    /// The built-in file, parsed once per process. An error means a corrupted build (the test suite loads it).
    pub fn builtin() -> Result<&'static WasteOperations, WasteError> {
        BUILTIN_OPERATIONS
            .get_or_init(|| {
                let file = iso_catalogues::WASTE_OPERATIONS;
                WasteOperations::from_toml(file.name, file.text)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Operations from the text of a file in the format of `catalogues/WASTE.md`; `name` labels errors. Codes must
    /// be canonical, classes declared, every EU code present, and every view must put each class in one bucket.
    pub fn from_toml(name: &str, text: &str) -> Result<WasteOperations, WasteError> {
        let data_error = |message: String| WasteError::Data { file: name.to_owned(), message };
        let file: raw::OperationsFile = toml::from_str(text).map_err(|e| data_error(e.message().to_owned()))?;
        let class = |id: &str| WasteClass::from_id(id).ok_or_else(|| data_error(format!("unknown class {id:?}")));
        let mut classes = Vec::new();
        for c in file.class {
            let title = c.title;
            classes.push((class(&c.id)?, title));
        }
        let mut operations = Vec::new();
        for op in file.operation {
            let code = OperationCode::parse(&op.code).map_err(|e| data_error(e.to_string()))?;
            let kind_ok = matches!(
                (code.kind, op.kind.as_str()),
                (OperationKind::Disposal, "disposal") | (OperationKind::Recovery, "recovery")
            );
            if !kind_ok {
                return Err(data_error(format!("operation {code}: kind {:?} does not match the code", op.kind)));
            }
            if code.to_string() != op.code {
                return Err(data_error(format!("operation {:?} is not in canonical form ({code})", op.code)));
            }
            let parent =
                op.parent.as_deref().map(OperationCode::parse).transpose().map_err(|e| data_error(e.to_string()))?;
            if parent.is_some_and(|p| p != code.parent()) || (parent.is_none() && code.sub != 0) {
                return Err(data_error(format!("operation {code}: parent must be {}", code.parent())));
            }
            let (title, official) = super::raw::texts(op.en, op.fr, op.pt);
            let alternative_class = op.alternative_class.as_deref().map(class).transpose()?;
            operations.push(OperationDef {
                code,
                parent,
                class: class(&op.class)?,
                alternative_class,
                title,
                official,
                note: op.note,
            });
        }
        operations.sort_by_key(|o| o.code);
        if let Some(w) = operations.windows(2).find(|w| w[0].code == w[1].code) {
            return Err(data_error(format!("duplicate operation {}", w[0].code)));
        }
        let mut views = Vec::new();
        for v in file.view {
            let mut buckets = Vec::new();
            for b in v.buckets {
                let classes = b.classes.iter().map(|c| class(c)).collect::<Result<Vec<_>, _>>()?;
                buckets.push(Bucket { id: b.id, classes });
            }
            views.push(ViewDef { id: v.id, default: v.default, title: v.title, buckets });
        }
        let ops = WasteOperations { operations, classes, views };
        ops.check().map_err(data_error)?;
        Ok(ops)
    }

    fn check(&self) -> Result<(), String> {
        for (kind, max) in [(OperationKind::Disposal, 15), (OperationKind::Recovery, 13)] {
            for number in 1..=max {
                let code = OperationCode { kind, number, sub: 0 };
                if self.get(code).is_none() {
                    return Err(format!("operation {code} is missing"));
                }
            }
        }
        for class in WasteClass::ALL {
            if !self.classes.iter().any(|(c, _)| *c == class) {
                return Err(format!("class {class} is not declared"));
            }
        }
        for view in &self.views {
            for class in WasteClass::ALL {
                let n = view.buckets.iter().filter(|b| b.classes.contains(&class)).count();
                if n != 1 {
                    return Err(format!("view {}: class {class} is in {n} buckets (must be in one)", view.id));
                }
            }
        }
        for view in [ReportingView::Wfd, ReportingView::Gri306] {
            if !self.views.iter().any(|v| v.id == view.id()) {
                return Err(format!("view {} is missing", view.id()));
            }
        }
        if self.views.iter().filter(|v| v.default).count() != 1 {
            return Err("exactly one view must be the default".to_owned());
        }
        Ok(())
    }

    /// The definition of a listed code.
    pub fn get(&self, code: OperationCode) -> Option<&OperationDef> {
        self.operations.binary_search_by_key(&code, |o| o.code).ok().and_then(|i| self.operations.get(i))
    }

    /// Every operation, in code order.
    pub fn operations(&self) -> &[OperationDef] {
        &self.operations
    }

    /// The reporting views.
    pub fn views(&self) -> &[ViewDef] {
        &self.views
    }
}

mod raw {
    use serde::Deserialize;

    use super::super::raw::RawText;
    use crate::text::Text;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct OperationsFile {
        #[allow(dead_code)]
        pub operations: toml::Table,
        #[serde(default)]
        #[allow(dead_code)]
        pub source: Vec<toml::Table>,
        #[serde(default)]
        pub class: Vec<Class>,
        #[serde(default)]
        pub view: Vec<View>,
        #[serde(default)]
        pub operation: Vec<Operation>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Class {
        pub id: String,
        pub title: Text,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct View {
        pub id: String,
        #[serde(default)]
        pub default: bool,
        pub title: Text,
        pub buckets: Vec<Bucket>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Bucket {
        pub id: String,
        pub classes: Vec<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Operation {
        pub code: String,
        pub kind: String,
        pub parent: Option<String>,
        pub class: String,
        pub alternative_class: Option<String>,
        pub en: RawText,
        pub fr: RawText,
        pub pt: RawText,
        #[allow(dead_code)]
        pub source: toml::Table,
        pub note: Option<String>,
    }
}
