//! WebAssembly bindings of iso-core (the npm package). Each file mirrors a core module and only converts values
//! and maps errors. Records cross the boundary as plain objects in the engine's JSON form (the same keys as in
//! Python's `to_dict()` and the conformance vectors); methods are camelCase.

mod assess;
mod catalogue;
mod circularity;
mod egar;
mod errors;
mod kpi;
mod register;
mod report;

use wasm_bindgen::prelude::*;

pub use catalogue::Catalogue;
pub use egar::GuideImport;
pub use kpi::Indicators;
pub use register::Register;
pub use report::Report;

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    iso_core::VERSION.to_owned()
}

/// The error classes the package throws: `{ IsoError, ParseError, ValidationError, NotFoundError, UnitError,
/// UndefinedError, ArgumentError }`, for `instanceof` checks.
#[wasm_bindgen(js_name = errorClasses)]
pub fn error_classes() -> JsValue {
    errors::classes()
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A text in English, French and Portuguese. */
export interface Text { en: string; fr: string; pt: string }
export type Lang = "en" | "fr" | "pt";
export type Relation = "equal" | "subset" | "superset" | "intersects";
export type DocumentedInfo = "none" | "maintain" | "retain";
export interface MaturityLevel { level: number; label: Text; description: Text }
export interface Norm {
  id: string; key: string; kind: "requirements" | "guidance"; title: Text; data_version: string;
  amendments: string[]; maturity: MaturityLevel[]; source: string;
}
export interface Clause {
  id: string; norm: string; number: string; parent: string | null; title: Text; hs: string | null;
  hs_relation: Relation;
}
export interface Requirement {
  id: string; norm: string; clause: string; item: string; statement: Text; documented: DocumentedInfo;
  information: Text | null; excludable: boolean; amendment: string | null;
}
export interface HsClause { id: string; number: string; title: Text }
export interface Structure { id: string; title: Text; data_version: string; clauses: HsClause[] }
export interface Equivalent { clause: string; norm: string; relation: Relation; via: string }
export interface SearchHit { kind: "clause" | "requirement"; id: string; norm: string; field: string; lang: Lang; text: string }
export interface ClauseFilter { norm?: string; clause?: string }
export interface RequirementFilter { norm?: string; clause?: string; documented?: DocumentedInfo; excludable?: boolean }
export interface CatalogueFileInput { name: string; text: string }

export type SheetKind = "evidence" | "findings" | "actions" | "maturity";
/** The texts of an organisation folder; `columns` maps a sheet's headers to the layout's column names. */
export interface RegisterFiles {
  organisation: string; evidence?: string; findings?: string; actions?: string; maturity?: string;
  columns?: Partial<Record<SheetKind, Record<string, string>>>;
}
export interface Site { id: string; name: string; headcount: number; address?: string; establishment?: string }
export interface Exclusion { requirement: string; justification: string; site?: string }
export interface CertificationAudit {
  kind: "stage_1" | "stage_2" | "surveillance_1" | "surveillance_2" | "recertification" | "special";
  date: string; status: "held" | "planned";
}
export interface Certification { certificate?: string; body?: string; issued?: string; expires?: string; audits?: CertificationAudit[] }
export interface ManagementSystem {
  norm: string; status: "certified" | "implementing"; scope: string; sites?: string[]; exclusions?: Exclusion[];
  certification?: Certification;
}
export interface Organisation { id: string; name: string; tax_id?: string; country?: string; sites: Site[]; systems: ManagementSystem[] }
export type Renewal = { months: number } | { days: number };
export interface Evidence {
  id: string; title: string;
  kind: "policy" | "procedure" | "record" | "certificate" | "training_record" | "calibration" | "measurement" | "other";
  links: string[]; site?: string; owner?: string; status: "draft" | "in_review" | "approved" | "rejected" | "superseded";
  version?: string; effective?: string; expires?: string; renewal?: Renewal; location?: string; sha256?: string;
}
export type Grade = "major_nonconformity" | "minor_nonconformity" | "observation" | "opportunity_for_improvement" | "good_practice";
export interface Finding {
  id: string; source: "internal" | "certification_body" | "second_party"; raised: string; grade: Grade;
  requirement: string; site?: string; statement: string; status: "open" | "closed"; closed?: string;
}
export interface Action {
  id: string; finding: string; root_cause: string; action: string; owner?: string; due: string; done?: string;
  verified?: string; effective?: boolean;
}
/** Decimal numbers are strings, exact. */
export type DecimalString = string;
export interface AssessOptions {
  points?: { conforming?: DecimalString; partially_conforming?: DecimalString; nonconforming?: DecimalString; not_assessed?: DecimalString };
  weights?: Record<string, DecimalString>;
  aggregation?: "weighted_mean" | "mean_of_clause_means";
  site_rollup?: "mean" | "headcount" | "worst";
  threshold?: DecimalString; expiring_within_days?: number; share_evidence?: boolean; audit_date?: string;
  review_interval_months?: number; norms?: string[];
}
export type Conformity = "conforming" | "partially_conforming" | "nonconforming" | "not_assessed" | "not_applicable";
export type Rule = "excluded" | "major_nonconformity" | "missing_documented_information" | "minor_nonconformity" | "full_evidence" | "partial_evidence" | "no_evidence";
export interface Counts { conforming: number; partially_conforming: number; nonconforming: number; not_assessed: number; not_applicable: number }
export interface Score { value: DecimalString | null; earned: DecimalString; possible: DecimalString; counts: Counts; parts?: { id: string; value: DecimalString; weight: DecimalString }[] }
export interface ClauseScore { clause: string; number: string; score: Score }
export interface RequirementResult {
  requirement: string; norm: string; clause: string; site: string; result: Conformity; rule: Rule;
  points: DecimalString | null; weight: DecimalString; documented: DocumentedInfo;
  evidence: { evidence: string; credit: "full" | "partial"; via: string }[];
  invalid_evidence: { evidence: string; why: string }[];
  findings: { finding: string; grade: Grade; raised: string }[];
  justification: string | null;
}
export interface NormAssessment {
  norm: string; title: Text; status: "certified" | "implementing"; score: Score;
  sites: { site: string; score: Score; clauses: ClauseScore[] }[]; clauses: ClauseScore[];
}
export interface Readiness {
  norm: string; audit_date: string; ready: boolean; score: DecimalString | null; reasons: ({ kind: string } & Record<string, unknown>)[];
  last_internal_audit: string | null; last_management_review: string | null;
  cycle: { kind: string; date: string | null; deadline: string | null; status: "held" | "planned" | "planned_late" | "due" | "overdue" }[];
}
export interface Gap {
  priority: number; kind: "major_nonconformity" | "missing_documented_information" | "minor_nonconformity" | "expiring_evidence" | "partial_evidence" | "not_assessed";
  norm: string; requirement: string; sites: string[]; finding: string | null; evidence: string | null; date: string | null;
}
export interface Assessment {
  as_of: string; organisation: string; organisation_name: string; options: AssessOptions; norms: NormAssessment[];
  overall: Score; results: RequirementResult[]; readiness: Readiness[]; gaps: Gap[];
  expiring: { evidence: string; title: string; expires: string; days_left: number; owner: string | null; site: string | null }[];
  overdue_actions: { action: string; finding: string; due: string; days_overdue: number; owner: string | null }[];
  observations: { finding: string; grade: Grade; raised: string }[];
  maturity: { norm: string; scale_max: number; overall: DecimalString | null;
    items: { requirement: string; clause: string; level: number | null; assessed: string | null; note: string | null; relevant: boolean }[];
    groups: { clause: string; mean: DecimalString | null; relevant: number; rated: number }[] }[];
  unused_evidence: string[];
}
export interface ReportOptions {
  period: string; lang?: Lang; as_of?: string; title?: string; assess?: AssessOptions; compare_previous?: boolean; top_gaps?: number;
  /** The baseline period of the indicators' improvement column. */
  baseline?: string;
}
/** The texts of an organisation's indicator files: CSV for measurements and targets, TOML for the others. */
export interface ImportOptions {
  unit?: "t" | "kg"; mode?: "strict" | "lenient"; states?: "concluded" | "received";
  encoding?: "utf-8" | "windows-1252"; max_tonnes?: string; max_listed?: number;
  aggregate?: { roles?: ("producer" | "destination" | "transporter")[]; parties?: string[] };
}
export interface RecordIssueInfo { location: { file: string; line: number | null; column: number | null }; id: string | null; field: string | null; message: string }
export interface ImportReport {
  input: string; guides: number; counted: number; not_counted: Record<string, number>; rejected: number;
  issues: RecordIssueInfo[]; corrected: number; tonnes: string; unlisted_operations: Record<string, number>;
  ler_codes: Record<string, number>; ignored_columns: string[];
}
export interface GuideGroup {
  role: "producer" | "destination" | "transporter"; party: string; establishment: string; counterpart: string;
  counterpart_establishment: string; ler: string; hazardous: boolean; operation: string; class: string;
  month: string; tonnes: string; guides: number; corrected: number;
}
export type MirrForm = "B" | "C1" | "C2" | "D1";
export interface MirrLine {
  form: MirrForm; party: string; establishment: string; ler: string; operation: string; counterpart: string;
  counterpart_establishment: string; tonnes: string; guides: number;
}
export interface Mirr { year: number; lines: MirrLine[] }
export type ReconciliationStatus = "match" | "differs" | "missing_in_declared" | "missing_in_guides";
export interface StatusCounts { matched: number; differs: number; missing_in_declared: number; missing_in_guides: number }
export interface ReconciledLine {
  form: MirrForm; party: string; establishment: string; ler: string; operation: string; counterpart: string;
  counterpart_establishment: string; compiled: string | null; declared: string | null; difference: string;
  status: ReconciliationStatus;
}
export interface Reconciliation {
  year: number; tolerance: string; lines: ReconciledLine[];
  totals: { form: MirrForm; compiled: string; declared: string; difference: string; counts: StatusCounts }[];
  counts: StatusCounts;
}
export interface ClassPolicy { view?: "wfd" | "gri_306"; alternative_classes?: boolean }
export interface WasteTonnes { hazardous: string; non_hazardous: string; total: string }
/** A period's waste (see the Rust `WasteBreakdown`): tonnes as decimal strings, rates as fractions or null. */
export interface WasteBreakdown {
  period: string; policy: ClassPolicy; guides: number; straddling_guides: number; total: WasteTonnes;
  final_fate: WasteTonnes; interim: WasteTonnes;
  rates: Record<"hazardous_share" | "recovery_rate" | "recycling_rate" | "landfill_diversion_rate"
    | "landfill_diversion_rate_excl_energy" | "non_recycled_share", string | null>;
  by_class: { class: string; tonnes: WasteTonnes }[];
  by_bucket: { bucket: string; tonnes: WasteTonnes }[];
  by_chapter: { chapter: number; code: string; title: Text; tonnes: WasteTonnes; guides: number }[];
  by_code: { ler: string; description: Text; tonnes: WasteTonnes; guides: number }[];
  by_destination: { nif: string; establishment: string; tonnes: WasteTonnes; guides: number; operations: string[] }[];
  by_site: { site: string | null; establishment: string; tonnes: WasteTonnes; guides: number }[];
  by_month: { month: string; tonnes: WasteTonnes; buckets: string[] }[];
  esrs_e5_5: Record<string, unknown>; gri_306: Record<string, unknown>;
}
/** Products and their Material Circularity Indicators (decimal strings): see the Rust `circularity::Portfolio`. */
export interface Portfolio {
  products: Record<string, string | null>[];
  company: {
    weighting: "mass" | "revenue"; mci: string; mci_unclamped: string; total_weight: string;
    products: { weight: string; share: string; result: Record<string, string> }[];
  };
}
export interface IndicatorFiles { measurements?: string; targets?: string; ghg?: string; energy?: string; kpis?: string }
export interface KpiOptions { period: string; baseline?: string; kpis?: string[]; previous?: boolean; trend?: boolean; per_site?: boolean }
export type KpiValue = { status: "defined"; value: DecimalString; unit: string } | { status: "undefined"; reason: string };
export interface Quantity { value: DecimalString; unit: string }
export interface KpiResult {
  kpi: string; site: string | null; value: KpiValue; numerator: Quantity | null; denominator: Quantity | null;
  base: DecimalString | null; inputs: { metric: string; total: Quantity; measurements: number }[];
  previous: KpiValue | null; baseline: KpiValue | null; improvement: DecimalString | null;
  trend: { period: string; value: DecimalString | null }[]; target: DecimalString | null;
  status: "on_target" | "at_risk" | "off_target" | "no_data" | null; straddling: number;
}
export interface EnergyPerformance {
  model: string; site: string | null; method: "forecast" | "backcast" | "chaining"; baseline: string; period: string;
  regression: Record<string, unknown> | null; acceptance: { accepted: boolean; checks: { name: string; variable: string | null; passed: boolean; value: string; limit: string }[] } | null;
  range_check: { variable: string; mean: DecimalString; min: DecimalString; max: DecimalString; model_mean: DecimalString; model_sd: number; lower_3sd: number; upper_3sd: number; within_min_max: boolean; within_3sd: boolean; passed: boolean }[];
  actual: DecimalString | null; modeled: DecimalString | null; senpi: DecimalString | null; improvement: DecimalString | null;
  savings: DecimalString | null; months: Record<string, unknown>[]; problem: string | null;
}
export interface IndicatorResults {
  indicators: { period: string; baseline: string | null; gwp_set: string | null; results: KpiResult[] };
  energy: EnergyPerformance[];
}
export interface ReportCell { text: string; value: string | null; tone: "neutral" | "good" | "warning" | "bad" | null }
export interface ReportTable { id: string; title: string; columns: { key: string; label: string; kind: "text" | "integer" | "number" | "percent" | "date" }[]; rows: ReportCell[][]; empty: string }
export type ReportBlock =
  | { type: "heading"; text: string } | { type: "paragraph"; text: string }
  | { type: "facts"; items: { label: string; value: ReportCell }[] }
  | { type: "callout"; tone: "neutral" | "good" | "warning" | "bad"; text: string }
  | ({ type: "table" } & ReportTable)
  | { type: "chart"; id: string; title: string; kind: "bar" | "heat_map" | "line"; categories: string[]; series: { name: string; values: (string | null)[]; labels: string[] }[]; unit: string };
export interface ReportModel {
  meta: { title: string; lang: Lang; organisation: string; period: string; period_label: string; period_start: string; period_end: string; as_of: string; as_of_label: string; engine: string; fingerprint: string };
  sections: { id: string; title: string; blocks: ReportBlock[] }[];
}
export interface Comparison {
  before: string; after: string;
  scores: { norm: string; site: string | null; before: DecimalString | null; after: DecimalString | null; delta: DecimalString | null }[];
  changes: { requirement: string; norm: string; site: string; before: Conformity | null; after: Conformity | null;
    rule_before: Rule | null; rule_after: Rule | null; evidence_added: string[]; evidence_removed: string[];
    findings_opened: string[]; findings_closed: string[] }[];
}
"#;
