//! The register's value types: the organisation, its management systems, evidence, findings and actions.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates;

/// An organisation, its sites and the management systems it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Short stable id (`ecociclo`).
    pub id: String,
    /// Legal or trading name.
    pub name: String,
    /// Tax id (NIF in Portugal), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    /// ISO 3166 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The sites (at least one).
    #[serde(default, rename = "sites", alias = "site")]
    pub sites: Vec<Site>,
    /// The management systems run (one per norm).
    #[serde(default, rename = "systems", alias = "system")]
    pub systems: Vec<ManagementSystem>,
}

/// A site of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Short stable id (`setubal`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Number of people working there (weights the headcount roll-up).
    #[serde(default)]
    pub headcount: u32,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Establishment code with the environmental agency (APA code in Portugal), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub establishment: Option<String>,
}

/// Whether a management system is certified or being implemented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SystemStatus {
    /// Certified by a certification body.
    Certified,
    /// Being implemented, not (yet) certified.
    #[default]
    Implementing,
}

/// One management system: a norm applied to a scope of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagementSystem {
    /// The norm's id (`ISO 14001:2015`).
    pub norm: String,
    /// Certified or implementing.
    #[serde(default)]
    pub status: SystemStatus,
    /// The scope statement.
    #[serde(default)]
    pub scope: String,
    /// Sites in scope; empty means every site.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
    /// Requirements declared not applicable.
    #[serde(default, rename = "exclusions", alias = "exclusion", skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<Exclusion>,
    /// The certificate and its audit cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification: Option<Certification>,
}

/// A requirement (or every excludable requirement of a clause) declared not applicable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// A requirement id or a clause id.
    pub requirement: String,
    /// Why it does not apply (required).
    pub justification: String,
    /// Only at this site; every site when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

/// A certificate and the audits of its cycle.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// Certificate number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// Certification body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Date of the certification decision (issue date of the current certificate).
    #[serde(default, with = "dates::option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub issued: Option<NaiveDate>,
    /// Expiry date of the certificate.
    #[serde(default, with = "dates::option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub expires: Option<NaiveDate>,
    /// Audits held and planned.
    #[serde(default, rename = "audits", alias = "audit", skip_serializing_if = "Vec::is_empty")]
    pub audits: Vec<CertificationAudit>,
}

/// The kind of a certification audit (IAF practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// Initial audit, stage 1 (readiness, documentation).
    #[serde(rename = "stage_1")]
    Stage1,
    /// Initial audit, stage 2 (implementation).
    #[serde(rename = "stage_2")]
    Stage2,
    /// First surveillance audit (within 12 months of the certification decision).
    #[serde(rename = "surveillance_1")]
    Surveillance1,
    /// Second surveillance audit.
    #[serde(rename = "surveillance_2")]
    Surveillance2,
    /// Recertification audit (before the certificate expires).
    Recertification,
    /// Special or short-notice audit.
    Special,
}

impl AuditKind {
    /// The lower-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Stage1 => "stage_1",
            AuditKind::Stage2 => "stage_2",
            AuditKind::Surveillance1 => "surveillance_1",
            AuditKind::Surveillance2 => "surveillance_2",
            AuditKind::Recertification => "recertification",
            AuditKind::Special => "special",
        }
    }
}

/// Whether an audit took place or is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    /// It took place on `date`.
    Held,
    /// It is planned for `date`.
    #[default]
    Planned,
}

/// One certification audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificationAudit {
    /// Stage 1, stage 2, surveillance, recertification, special.
    pub kind: AuditKind,
    /// When it took or takes place (first day).
    #[serde(with = "dates::required")]
    #[schemars(with = "String")]
    pub date: NaiveDate,
    /// Held or planned.
    #[serde(default)]
    pub status: AuditStatus,
}

/// What an evidence record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A policy (a maintained document).
    Policy,
    /// A procedure, instruction or plan (a maintained document).
    Procedure,
    /// A record of something done (retained).
    Record,
    /// A certificate, licence or permit.
    Certificate,
    /// A training or competence record.
    TrainingRecord,
    /// A calibration or verification record.
    Calibration,
    /// Measurement or monitoring results.
    Measurement,
    /// Anything else (counts as a document and as a record).
    Other,
}

impl EvidenceKind {
    /// Every kind, in a fixed order.
    pub const ALL: [EvidenceKind; 8] = [
        EvidenceKind::Policy,
        EvidenceKind::Procedure,
        EvidenceKind::Record,
        EvidenceKind::Certificate,
        EvidenceKind::TrainingRecord,
        EvidenceKind::Calibration,
        EvidenceKind::Measurement,
        EvidenceKind::Other,
    ];

    /// The lower-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Policy => "policy",
            EvidenceKind::Procedure => "procedure",
            EvidenceKind::Record => "record",
            EvidenceKind::Certificate => "certificate",
            EvidenceKind::TrainingRecord => "training_record",
            EvidenceKind::Calibration => "calibration",
            EvidenceKind::Measurement => "measurement",
            EvidenceKind::Other => "other",
        }
    }

    /// Whether it can be the documented information a requirement says to *maintain* (a document).
    pub fn is_document(self) -> bool {
        matches!(self, EvidenceKind::Policy | EvidenceKind::Procedure | EvidenceKind::Other)
    }

    /// Whether it can be the documented information a requirement says to *retain* (a record).
    pub fn is_record(self) -> bool {
        !matches!(self, EvidenceKind::Policy | EvidenceKind::Procedure)
    }
}

/// The approval state of an evidence record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStatus {
    /// Being written.
    Draft,
    /// Awaiting approval.
    InReview,
    /// Approved: the only status that can make evidence valid.
    Approved,
    /// Rejected.
    Rejected,
    /// Replaced by a newer version: valid only up to its expiry date (set it to the day before the new version took
    /// effect); without one it is never valid.
    Superseded,
}

impl EvidenceStatus {
    /// The lower-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceStatus::Draft => "draft",
            EvidenceStatus::InReview => "in_review",
            EvidenceStatus::Approved => "approved",
            EvidenceStatus::Rejected => "rejected",
            EvidenceStatus::Superseded => "superseded",
        }
    }
}

/// A length of time: `12 months`, `1 year`, `90 days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Renewal {
    /// A number of days.
    Days(u32),
    /// A number of calendar months.
    Months(u32),
}

impl Renewal {
    /// `date` plus this period, or `None` beyond the calendar's range.
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Renewal::Days(days) => date.checked_add_days(chrono::Days::new(u64::from(days))),
            Renewal::Months(months) => date.checked_add_months(Months::new(months)),
        }
    }
}

impl std::fmt::Display for Renewal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Renewal::Days(1) => f.write_str("1 day"),
            Renewal::Days(n) => write!(f, "{n} days"),
            Renewal::Months(12) => f.write_str("1 year"),
            Renewal::Months(n) if n % 12 == 0 => write!(f, "{} years", n / 12),
            Renewal::Months(1) => f.write_str("1 month"),
            Renewal::Months(n) => write!(f, "{n} months"),
        }
    }
}

impl std::str::FromStr for Renewal {
    type Err = String;

    /// Parses `12`, `12m`, `12 months`, `1y`, `1 year`, `90d`, `90 days`, `P1Y`, `P6M`, `P30D` (a bare number is months).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim().to_ascii_lowercase();
        let text = text.strip_prefix('p').unwrap_or(&text);
        let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let amount: u32 =
            number.parse().map_err(|_| format!("{s:?} is not a period (e.g. 12 months, 1 year, 90 days)"))?;
        let period = match unit.trim() {
            "" | "m" | "month" | "months" | "mes" | "meses" | "mois" => Renewal::Months(amount),
            "y" | "year" | "years" | "a" | "ano" | "anos" | "an" | "ans" => {
                Renewal::Months(amount.checked_mul(12).ok_or_else(|| format!("{s:?} is too long"))?)
            }
            "d" | "day" | "days" | "dia" | "dias" | "jour" | "jours" => Renewal::Days(amount),
            _ => return Err(format!("{s:?} is not a period (e.g. 12 months, 1 year, 90 days)")),
        };
        Ok(period)
    }
}

/// One piece of evidence: a document or a record, linked to the requirements it demonstrates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// What it is.
    pub kind: EvidenceKind,
    /// Requirement ids, clause ids (covering every requirement of the clause) or harmonized-structure clause ids
    /// (`HS/7.5`, covering that clause in every norm).
    pub links: Vec<String>,
    /// The site it belongs to; organisation-wide when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Who owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Approval state.
    pub status: EvidenceStatus,
    /// Version label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// First day it is in force (for a record: the day the activity took place).
    #[serde(default, with = "dates::option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub effective: Option<NaiveDate>,
    /// Last day it is valid.
    #[serde(default, with = "dates::option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub expires: Option<NaiveDate>,
    /// Renewal period: valid until the day before `effective` + period (when `expires` is not given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal: Option<Renewal>,
    /// Where the content is (URI or path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// SHA-256 of the content, 64 lower-case hex digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl Evidence {
    /// The last day the evidence is valid: `expires`, else the day before `effective + renewal`, else none (no end).
    pub fn last_valid_day(&self) -> Option<NaiveDate> {
        self.expires.or_else(|| {
            let end = self.renewal?.after(self.effective?)?;
            end.pred_opt()
        })
    }

    /// Valid on `day`: approved (or superseded with an end date: a replaced version stays valid for the days it was
    /// in force), effective on or before `day`, and not expired (`day` ≤ the last valid day).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use iso_core::register::{Evidence, EvidenceKind, EvidenceStatus, Renewal};
    ///
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let mut audit = Evidence::new("E1", "Internal audit report 2025", EvidenceKind::Record, ["ISO9001:2015/9.2"]);
    /// audit.status = EvidenceStatus::Approved;
    /// audit.effective = Some(d("2025-03-10"));
    /// audit.renewal = Some(Renewal::Months(12));
    /// assert!(audit.is_valid_on(d("2026-03-09")));
    /// assert!(!audit.is_valid_on(d("2026-03-10")));
    /// assert!(!audit.is_valid_on(d("2025-03-09")));
    ///
    /// // A superseded version counts for the days it was in force, if its end is known.
    /// audit.status = EvidenceStatus::Superseded;
    /// assert!(audit.is_valid_on(d("2025-06-01")));
    /// audit.renewal = None;
    /// assert!(!audit.is_valid_on(d("2025-06-01")));
    /// ```
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        let last = self.last_valid_day();
        let status_ok = match self.status {
            EvidenceStatus::Approved => true,
            EvidenceStatus::Superseded => last.is_some(),
            _ => false,
        };
        status_ok && self.effective.is_some_and(|e| e <= day) && last.is_none_or(|last| day <= last)
    }

    /// A draft evidence record with only the required fields.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        kind: EvidenceKind,
        links: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Evidence {
            id: id.into(),
            title: title.into(),
            kind,
            links: links.into_iter().map(Into::into).collect(),
            site: None,
            owner: None,
            status: EvidenceStatus::Draft,
            version: None,
            effective: None,
            expires: None,
            renewal: None,
            location: None,
            sha256: None,
        }
    }
}

/// Who raised a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingSource {
    /// An internal audit (first party).
    Internal,
    /// The certification body (third party).
    CertificationBody,
    /// A customer or other interested party (second party).
    SecondParty,
}

/// The grade of a finding, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Major nonconformity: the requirement is not met.
    MajorNonconformity,
    /// Minor nonconformity: the requirement is partly met.
    MinorNonconformity,
    /// Observation: not a nonconformity; listed, does not change the score.
    Observation,
    /// Opportunity for improvement; listed, does not change the score.
    OpportunityForImprovement,
    /// Good practice; listed, does not change the score.
    GoodPractice,
}

impl Grade {
    /// The lower-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::MajorNonconformity => "major_nonconformity",
            Grade::MinorNonconformity => "minor_nonconformity",
            Grade::Observation => "observation",
            Grade::OpportunityForImprovement => "opportunity_for_improvement",
            Grade::GoodPractice => "good_practice",
        }
    }

    /// Whether it is a nonconformity (major or minor).
    pub fn is_nonconformity(self) -> bool {
        matches!(self, Grade::MajorNonconformity | Grade::MinorNonconformity)
    }
}

/// Whether a finding is open or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    /// Open.
    #[default]
    Open,
    /// Closed on `closed`.
    Closed,
}

/// An audit finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Unique id.
    pub id: String,
    /// Who raised it.
    pub source: FindingSource,
    /// The day it was raised (the audit date).
    #[serde(with = "dates::required")]
    #[schemars(with = "String")]
    pub raised: NaiveDate,
    /// Its grade.
    pub grade: Grade,
    /// The requirement or clause it is about.
    pub requirement: String,
    /// The site; organisation-wide when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// What was found.
    pub statement: String,
    /// Open or closed.
    #[serde(default)]
    pub status: FindingStatus,
    /// The day it was closed (required when closed).
    #[serde(default, with = "dates::option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub closed: Option<NaiveDate>,
}

impl Finding {
    /// Open on `day`: raised on or before `day` and not closed on or before it.
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.raised <= day && !(self.status == FindingStatus::Closed && self.closed.is_some_and(|c| c <= day))
    }
}

/// A corrective action on a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Unique id.
    pub id: String,
    /// The finding it answers.
    pub finding: String,
    /// The root cause found.
    #[serde(default)]
    pub root_cause: String,
    /// What is done.
    pub action: String,
    /// Who does it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it is due.
    #[serde(with = "dates::required")]
    #[schemars(with = "String")]
    pub due: NaiveDate,
    /// When it was done.
    #[serde(default, with = "dates::option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub done: Option<NaiveDate>,
    /// When its effectiveness was verified.
    #[serde(default, with = "dates::option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub verified: Option<NaiveDate>,
    /// The verification's result: effective or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<bool>,
}

impl Action {
    /// Overdue on `day`: due before `day` and not done on or before it.
    pub fn is_overdue_on(&self, day: NaiveDate) -> bool {
        self.due < day && self.done.is_none_or(|d| d > day)
    }
}

/// A maturity self-assessment of one item of a guidance norm (ISO 26000).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaturityRating {
    /// The item's requirement id (`ISO26000:2010/6.5.5/1`).
    pub requirement: String,
    /// The level on the norm's scale.
    pub level: u8,
    /// When it was assessed.
    #[serde(with = "dates::required")]
    #[schemars(with = "String")]
    pub assessed: NaiveDate,
    /// Why this level (the evidence, in words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
