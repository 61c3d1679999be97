//! The catalogue's value types: norms, clauses, requirements, the harmonized structure and clause mappings.

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// Whether a norm states requirements (certifiable) or gives guidance (maturity self-assessment only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NormKind {
    /// A requirements standard (ISO 9001, 14001, 45001, 50001): conformity is assessed and certified.
    Requirements,
    /// A guidance standard (ISO 26000): maturity is self-assessed, never a conformity verdict.
    Guidance,
}

/// The documented information a requirement makes mandatory.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum DocumentedInfo {
    /// No documented information is required.
    #[default]
    None,
    /// Documented information must be maintained: a document (policy, scope, procedure).
    Maintain,
    /// Documented information must be retained: a record (results, evidence of an activity).
    Retain,
}

impl DocumentedInfo {
    /// The lower-case name used in files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentedInfo::None => "none",
            DocumentedInfo::Maintain => "maintain",
            DocumentedInfo::Retain => "retain",
        }
    }

    /// Whether any documented information is required.
    pub fn is_required(self) -> bool {
        self != DocumentedInfo::None
    }
}

impl std::str::FromStr for DocumentedInfo {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(DocumentedInfo::None),
            "maintain" => Ok(DocumentedInfo::Maintain),
            "retain" => Ok(DocumentedInfo::Retain),
            other => Err(format!("unknown documented-information kind {other:?}: expected none, maintain or retain")),
        }
    }
}

/// How the requirements of one clause relate to those of another, as sets.
///
/// Read `a.relation(b) == Superset` as "a contains all of b's requirements, and more".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// The same requirements (the discipline is named differently).
    #[default]
    Equal,
    /// All of this clause's requirements are within the other's.
    Subset,
    /// This clause contains all of the other's requirements, and more.
    Superset,
    /// The two overlap.
    Intersects,
}

impl Relation {
    /// The lower-case name used in files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Equal => "equal",
            Relation::Subset => "subset",
            Relation::Superset => "superset",
            Relation::Intersects => "intersects",
        }
    }

    /// The relation read the other way round: `a ⊆ b` is `b ⊇ a`.
    ///
    /// ```
    /// use iso_core::catalogue::Relation;
    /// assert_eq!(Relation::Subset.inverse(), Relation::Superset);
    /// assert_eq!(Relation::Intersects.inverse(), Relation::Intersects);
    /// ```
    pub fn inverse(self) -> Relation {
        match self {
            Relation::Subset => Relation::Superset,
            Relation::Superset => Relation::Subset,
            other => other,
        }
    }

    /// Composes `x self y` and `y next z` into `x ? z`, conservatively.
    ///
    /// Equal is neutral; two subsets (or two supersets) chain; anything else is only known to overlap.
    ///
    /// ```
    /// use iso_core::catalogue::Relation::*;
    /// assert_eq!(Equal.then(Superset), Superset);
    /// assert_eq!(Subset.then(Subset), Subset);
    /// assert_eq!(Superset.then(Subset), Intersects);
    /// ```
    pub fn then(self, next: Relation) -> Relation {
        match (self, next) {
            (Relation::Equal, r) | (r, Relation::Equal) => r,
            (Relation::Subset, Relation::Subset) => Relation::Subset,
            (Relation::Superset, Relation::Superset) => Relation::Superset,
            _ => Relation::Intersects,
        }
    }

    /// Whether evidence for a clause standing in this relation to another fully covers the other:
    /// true for `Equal` and `Superset`.
    pub fn covers(self) -> bool {
        matches!(self, Relation::Equal | Relation::Superset)
    }
}

impl std::fmt::Display for Relation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A norm (or an organisation's own standard) and its metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Norm {
    /// Display id, unique in a catalogue: `ISO 14001:2015`.
    pub id: String,
    /// Id prefix of its clauses and requirements, without spaces: `ISO14001:2015`.
    pub key: String,
    /// Requirements or guidance.
    pub kind: NormKind,
    /// Full title.
    pub title: Text,
    /// Version of the catalogue data for this norm (not of the norm itself).
    pub data_version: String,
    /// Amendments folded into the data (`ISO 14001:2015/Amd 1:2024`).
    pub amendments: Vec<String>,
    /// For guidance norms, the maturity scale, in increasing order; empty for requirements norms.
    pub maturity: Vec<MaturityLevel>,
    /// The file the norm was loaded from.
    pub source: String,
}

impl Norm {
    /// Whether conformity can be assessed (a requirements norm) rather than maturity (a guidance norm).
    pub fn is_certifiable(&self) -> bool {
        self.kind == NormKind::Requirements
    }
}

/// One level of a guidance norm's maturity scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MaturityLevel {
    /// The level, an integer; levels increase with maturity.
    pub level: u8,
    /// Short label: "Established".
    pub label: Text,
    /// What the level means.
    pub description: Text,
}

/// A numbered clause of a norm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Clause {
    /// `ISO14001:2015/6.1.2`.
    pub id: String,
    /// The norm's display id.
    pub norm: String,
    /// The clause number within the norm: `6.1.2`.
    pub number: String,
    /// The parent clause's id, if any.
    pub parent: Option<String>,
    /// Title.
    pub title: Text,
    /// The harmonized-structure clause this clause corresponds to (`7.5`), if any.
    pub hs: Option<String>,
    /// How this clause's requirements relate to the harmonized-structure clause's.
    pub hs_relation: Relation,
}

/// One auditable requirement (one "shall"), or one assessable item of a guidance norm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Requirement {
    /// Stable id: `ISO14001:2015/6.1.2/a`.
    pub id: String,
    /// The norm's display id.
    pub norm: String,
    /// The clause's id.
    pub clause: String,
    /// The item within the clause: `a`, `1`, `2b`.
    pub item: String,
    /// Short auditable statement in the catalogue author's own words.
    pub statement: Text,
    /// The documented information the requirement makes mandatory.
    pub documented: DocumentedInfo,
    /// What must be documented, when `documented` is not `none`.
    pub information: Option<Text>,
    /// Whether the requirement may be declared not applicable, with a justification.
    pub excludable: bool,
    /// The amendment that introduced the requirement, if any.
    pub amendment: Option<String>,
}

/// The harmonized structure (Annex SL, Appendix 2) that management-system norms share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Structure {
    /// `HS`.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Version of the data.
    pub data_version: String,
    /// The structure's clauses, in order.
    pub clauses: Vec<HsClause>,
}

/// A clause of the harmonized structure (Annex SL) shared by management-system norms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HsClause {
    /// `HS/7.5`.
    pub id: String,
    /// `7.5`.
    pub number: String,
    /// Title, with `XXX` standing for the discipline.
    pub title: Text,
}

/// A direct relation between two clauses of different norms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClauseMap {
    /// Clause id.
    pub from: String,
    /// Clause id.
    pub to: String,
    /// `from`'s requirements relative to `to`'s.
    pub relation: Relation,
    /// Why the clauses relate.
    pub note: Option<String>,
}

/// A clause of another norm that corresponds to a given clause, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Equivalent {
    /// The corresponding clause's id.
    pub clause: String,
    /// Its norm's display id.
    pub norm: String,
    /// The corresponding clause's requirements relative to the queried clause's: `superset` means the
    /// corresponding clause asks for everything the queried one does, and more.
    pub relation: Relation,
    /// How the correspondence is known: `HS/7.5` (through the harmonized structure) or `map` (a direct mapping row).
    pub via: String,
}
