//! What an assessment produces: results per requirement and site, explained scores, readiness, gaps.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::options::AssessOptions;
use crate::catalogue::DocumentedInfo;
use crate::register::{AuditKind, Grade, SystemStatus};
use crate::text::Text;

/// The conformity of one requirement at one site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Conformity {
    /// Met, and shown by valid evidence.
    Conforming,
    /// Partly met: partial evidence, or an open minor nonconformity.
    PartiallyConforming,
    /// Not met: an open major nonconformity, or mandatory documented information missing.
    Nonconforming,
    /// Nothing shows whether it is met: no valid evidence, no finding.
    NotAssessed,
    /// Declared not applicable, with a justification (neutral in every score).
    NotApplicable,
}

impl Conformity {
    /// Every result, in display order.
    pub const ALL: [Conformity; 5] = [
        Conformity::Conforming,
        Conformity::PartiallyConforming,
        Conformity::Nonconforming,
        Conformity::NotAssessed,
        Conformity::NotApplicable,
    ];

    /// The lower-case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Conformity::Conforming => "conforming",
            Conformity::PartiallyConforming => "partially_conforming",
            Conformity::Nonconforming => "nonconforming",
            Conformity::NotAssessed => "not_assessed",
            Conformity::NotApplicable => "not_applicable",
        }
    }
}

/// The rule that decided a requirement's result (the first that applies, in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Declared not applicable → not applicable.
    Excluded,
    /// An open major nonconformity → nonconforming.
    MajorNonconformity,
    /// Mandatory documented information with no valid evidence → nonconforming.
    MissingDocumentedInformation,
    /// An open minor nonconformity caps the evidence's result at partially conforming.
    MinorNonconformity,
    /// Valid evidence giving full credit → conforming.
    FullEvidence,
    /// Valid evidence giving only partial credit → partially conforming.
    PartialEvidence,
    /// No valid evidence and no finding → not assessed.
    NoEvidence,
}

/// How much a piece of evidence shows of a requirement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Credit {
    /// Part of it: through a partial relation between clauses, or a record where a document is required (or the
    /// reverse).
    #[default]
    Partial,
    /// All of it.
    Full,
}

/// A valid evidence record credited to a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Credited {
    /// The evidence id.
    #[schemars(with = "String")]
    pub evidence: Arc<str>,
    /// Full or partial.
    pub credit: Credit,
    /// How it reaches the requirement: `direct` (linked to it or its clause), `HS/7.5` (through the harmonized
    /// structure), `shared:ISO9001:2015/7.5.3` (linked to a corresponding clause of another norm), and `kind` when the
    /// evidence is not the kind of documented information the requirement asks for.
    #[schemars(with = "String")]
    pub via: Arc<str>,
}

/// A linked evidence record that is not valid on the date, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Invalid {
    /// The evidence id.
    #[schemars(with = "String")]
    pub evidence: Arc<str>,
    /// `draft`, `in_review`, `rejected`, `superseded`, `not yet effective (2026-07-01)`, `expired 2025-12-31`.
    #[schemars(with = "String")]
    pub why: Arc<str>,
}

/// An open finding on a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FindingRef {
    /// The finding id.
    pub finding: String,
    /// Its grade.
    pub grade: Grade,
    /// When it was raised.
    #[schemars(with = "String")]
    pub raised: NaiveDate,
}

/// The result of one requirement at one site, with everything that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RequirementResult {
    /// Requirement id.
    pub requirement: String,
    /// Norm id.
    pub norm: String,
    /// Clause id.
    pub clause: String,
    /// Site id.
    pub site: String,
    /// The result.
    pub result: Conformity,
    /// The rule that decided it.
    pub rule: Rule,
    /// Points earned (absent when not applicable).
    #[schemars(with = "Option<String>")]
    pub points: Option<Decimal>,
    /// The requirement's weight.
    #[schemars(with = "String")]
    pub weight: Decimal,
    /// The requirement's mandatory documented information.
    pub documented: DocumentedInfo,
    /// Valid evidence credited, by id.
    pub evidence: Vec<Credited>,
    /// Linked evidence not valid on the date (listed when no valid evidence gives full credit).
    pub invalid_evidence: Vec<Invalid>,
    /// Open findings, most severe first.
    pub findings: Vec<FindingRef>,
    /// The exclusion's justification, when not applicable.
    pub justification: Option<String>,
}

/// How many requirement results of each kind a score covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Counts {
    /// Conforming.
    pub conforming: u32,
    /// Partially conforming.
    pub partially_conforming: u32,
    /// Nonconforming.
    pub nonconforming: u32,
    /// Not assessed.
    pub not_assessed: u32,
    /// Not applicable.
    pub not_applicable: u32,
}

impl Counts {
    pub(crate) fn add(&mut self, result: Conformity) {
        match result {
            Conformity::Conforming => self.conforming += 1,
            Conformity::PartiallyConforming => self.partially_conforming += 1,
            Conformity::Nonconforming => self.nonconforming += 1,
            Conformity::NotAssessed => self.not_assessed += 1,
            Conformity::NotApplicable => self.not_applicable += 1,
        }
    }

    pub(crate) fn merge(&mut self, other: &Counts) {
        self.conforming += other.conforming;
        self.partially_conforming += other.partially_conforming;
        self.nonconforming += other.nonconforming;
        self.not_assessed += other.not_assessed;
        self.not_applicable += other.not_applicable;
    }

    /// Every result counted, N/A included.
    pub fn total(&self) -> u32 {
        self.conforming + self.partially_conforming + self.nonconforming + self.not_assessed + self.not_applicable
    }
}

/// One part of an aggregated score: a clause, a site or a norm, with its value and weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Part {
    /// Clause id, site id or norm id.
    pub id: String,
    /// Its score.
    #[schemars(with = "String")]
    pub value: Decimal,
    /// Its weight in the aggregate.
    #[schemars(with = "String")]
    pub weight: Decimal,
}

/// A score in [0, 1]: `earned / possible`, exact, with what produced it.
///
/// `value` is absent when nothing applicable was scored (every requirement N/A, or no site in scope): an undefined
/// score is never shown as 0.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Score {
    /// `earned / possible`, or absent when `possible` is 0.
    #[schemars(with = "Option<String>")]
    pub value: Option<Decimal>,
    /// Σ weight × points (or weighted parts).
    #[schemars(with = "String")]
    pub earned: Decimal,
    /// Σ weight.
    #[schemars(with = "String")]
    pub possible: Decimal,
    /// Requirement results under the score.
    pub counts: Counts,
    /// For aggregates of aggregates (clause means, sites, norms): the parts and their weights. Requirement-level
    /// contributions are the assessment's `results`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

/// A clause's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClauseScore {
    /// Clause id.
    pub clause: String,
    /// Clause number.
    pub number: String,
    /// The score of the requirements under it.
    pub score: Score,
}

/// A norm's score at one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SiteScore {
    /// Site id.
    pub site: String,
    /// Score.
    pub score: Score,
    /// Scores of every clause with an applicable requirement.
    pub clauses: Vec<ClauseScore>,
}

/// One norm's assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NormAssessment {
    /// Norm id.
    pub norm: String,
    /// Title.
    pub title: Text,
    /// Certified or implementing.
    pub status: SystemStatus,
    /// The organisation's score (sites rolled up as declared).
    pub score: Score,
    /// Per site in scope.
    pub sites: Vec<SiteScore>,
    /// Per clause, sites rolled up as declared.
    pub clauses: Vec<ClauseScore>,
}

/// Why a norm is not ready for its audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotReady {
    /// A major nonconformity is open.
    OpenMajorNonconformity {
        /// Finding id.
        finding: String,
        /// Requirement or clause id.
        requirement: String,
        /// Site, or absent for organisation-wide.
        site: Option<String>,
    },
    /// Mandatory documented information is missing or not valid on the audit date.
    MissingDocumentedInformation {
        /// Requirement id.
        requirement: String,
        /// `maintain` or `retain`.
        documented: DocumentedInfo,
        /// The sites where it is missing.
        sites: Vec<String>,
    },
    /// No internal audit within the interval before the audit date.
    InternalAuditOverdue {
        /// The last one found (the effective date of its record), if any.
        #[schemars(with = "Option<String>")]
        last: Option<NaiveDate>,
        /// The earliest acceptable date.
        #[schemars(with = "String")]
        due_since: NaiveDate,
    },
    /// No management review within the interval before the audit date.
    ManagementReviewOverdue {
        /// The last one found, if any.
        #[schemars(with = "Option<String>")]
        last: Option<NaiveDate>,
        /// The earliest acceptable date.
        #[schemars(with = "String")]
        due_since: NaiveDate,
    },
    /// The score is below the threshold (or undefined).
    ScoreBelowThreshold {
        /// The score on the audit date, if defined.
        #[schemars(with = "Option<String>")]
        score: Option<Decimal>,
        /// The threshold.
        #[schemars(with = "String")]
        threshold: Decimal,
    },
    /// The certificate expires before the audit date.
    CertificateExpired {
        /// Its expiry date.
        #[schemars(with = "String")]
        expires: NaiveDate,
    },
}

/// Where an audit of the certification cycle stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CycleStatus {
    /// Held on `date`.
    Held,
    /// Planned for `date`, before its deadline.
    Planned,
    /// Planned for `date`, after its deadline.
    PlannedLate,
    /// Not yet planned; the deadline is ahead.
    Due,
    /// Not held and the deadline has passed.
    Overdue,
}

/// An audit of the certification cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CycleAudit {
    /// Which audit.
    pub kind: AuditKind,
    /// Held or planned date.
    #[schemars(with = "Option<String>")]
    pub date: Option<NaiveDate>,
    /// The date it must be held by (surveillance: 12 and 24 months after the certification decision;
    /// recertification: before the certificate expires).
    #[schemars(with = "Option<String>")]
    pub deadline: Option<NaiveDate>,
    /// Where it stands on the as-of date.
    pub status: CycleStatus,
}

/// The readiness verdict of a norm for an audit date, with its reasons and the certification cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Readiness {
    /// Norm id.
    pub norm: String,
    /// The audit date the verdict is for.
    #[schemars(with = "String")]
    pub audit_date: NaiveDate,
    /// True when no reason stands against it.
    pub ready: bool,
    /// The score on the audit date.
    #[schemars(with = "Option<String>")]
    pub score: Option<Decimal>,
    /// Why not (empty when ready).
    pub reasons: Vec<NotReady>,
    /// The last internal audit found (effective date of its record).
    #[schemars(with = "Option<String>")]
    pub last_internal_audit: Option<NaiveDate>,
    /// The last management review found.
    #[schemars(with = "Option<String>")]
    pub last_management_review: Option<NaiveDate>,
    /// The certification cycle's audits.
    pub cycle: Vec<CycleAudit>,
}

/// What kind of gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// An open major nonconformity.
    MajorNonconformity,
    /// Mandatory documented information missing or not valid.
    MissingDocumentedInformation,
    /// An open minor nonconformity.
    MinorNonconformity,
    /// Valid evidence that expires soon.
    ExpiringEvidence,
    /// Only partial evidence.
    PartialEvidence,
    /// No evidence at all.
    NotAssessed,
}

/// One gap, in priority order (major NC first, then missing documented information, then minor NCs, then evidence
/// expiring soonest, then partial and missing evidence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Gap {
    /// 1 is the most urgent.
    pub priority: u8,
    /// What kind of gap.
    pub kind: GapKind,
    /// Norm id (the first norm concerned, for evidence).
    pub norm: String,
    /// Requirement (or clause) id.
    pub requirement: String,
    /// Sites concerned (every site in scope when organisation-wide).
    pub sites: Vec<String>,
    /// The finding, for nonconformities.
    pub finding: Option<String>,
    /// The evidence, for expiring evidence.
    pub evidence: Option<String>,
    /// The expiry date (expiring evidence) or the date raised (findings).
    #[schemars(with = "Option<String>")]
    pub date: Option<NaiveDate>,
}

/// Valid evidence expiring soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Expiring {
    /// Evidence id.
    pub evidence: String,
    /// Title.
    pub title: String,
    /// Its last valid day.
    #[schemars(with = "String")]
    pub expires: NaiveDate,
    /// Days from the as-of date to its last valid day.
    pub days_left: i64,
    /// Owner.
    pub owner: Option<String>,
    /// Site, or absent for organisation-wide.
    pub site: Option<String>,
}

/// A corrective action past its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OverdueAction {
    /// Action id.
    pub action: String,
    /// Its finding.
    pub finding: String,
    /// Due date.
    #[schemars(with = "String")]
    pub due: NaiveDate,
    /// Days past due on the as-of date.
    pub days_overdue: i64,
    /// Owner.
    pub owner: Option<String>,
}

/// The maturity of one item of a guidance norm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MaturityItem {
    /// Requirement (item) id.
    pub requirement: String,
    /// Clause id.
    pub clause: String,
    /// The latest level rated on or before the as-of date.
    pub level: Option<u8>,
    /// When it was rated.
    #[schemars(with = "Option<String>")]
    pub assessed: Option<NaiveDate>,
    /// Rating note.
    pub note: Option<String>,
    /// False when declared not relevant (excluded).
    pub relevant: bool,
}

/// Mean maturity of a group of items (a core subject, the principles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MaturityGroup {
    /// Clause id of the group (`ISO26000:2010/6.5`).
    pub clause: String,
    /// Mean level of the relevant rated items; absent when none is rated.
    #[schemars(with = "Option<String>")]
    pub mean: Option<Decimal>,
    /// Relevant items.
    pub relevant: u32,
    /// Relevant items rated.
    pub rated: u32,
}

/// The maturity self-assessment of a guidance norm: never a conformity verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MaturityAssessment {
    /// Norm id.
    pub norm: String,
    /// The top of the scale.
    pub scale_max: u8,
    /// Per item.
    pub items: Vec<MaturityItem>,
    /// Per group (core subject, principles, practices).
    pub groups: Vec<MaturityGroup>,
    /// Mean over every relevant rated item.
    #[schemars(with = "Option<String>")]
    pub overall: Option<Decimal>,
}

/// An assessment as of a date: a pure function of the catalogue, the register, the date and the options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Assessment {
    /// The date the assessment is for.
    #[schemars(with = "String")]
    pub as_of: NaiveDate,
    /// Organisation id.
    pub organisation: String,
    /// Organisation name.
    pub organisation_name: String,
    /// The declared rules.
    pub options: AssessOptions,
    /// Requirement norms run, in catalogue order.
    pub norms: Vec<NormAssessment>,
    /// Mean of the norms' scores.
    pub overall: Score,
    /// Every requirement result, by norm, site (organisation order), requirement (catalogue order).
    pub results: Vec<RequirementResult>,
    /// Readiness per certifiable norm.
    pub readiness: Vec<Readiness>,
    /// Gaps, by priority.
    pub gaps: Vec<Gap>,
    /// Valid evidence expiring within the declared number of days, soonest first.
    pub expiring: Vec<Expiring>,
    /// Corrective actions past due, most overdue first.
    pub overdue_actions: Vec<OverdueAction>,
    /// Open observations, opportunities for improvement and good practices.
    pub observations: Vec<FindingRef>,
    /// Guidance norms' maturity.
    pub maturity: Vec<MaturityAssessment>,
    /// Evidence that links only to norms the organisation does not run (or not assessed here).
    pub unused_evidence: Vec<String>,
}
