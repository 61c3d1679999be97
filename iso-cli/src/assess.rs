//! `iso assess FOLDER` and `iso register validate FOLDER`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use iso_core::assess::{
    Aggregation, AssessOptions, Assessment, Conformity, CycleStatus, GapKind, NotReady, SiteRollup, assess, compare,
};
use iso_core::catalogue::Catalogue;
use iso_core::register::{Register, parse_date};
use rust_decimal::Decimal;

use crate::catalogue::Source;
use crate::{Failure, emit};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Tables for people.
    Table,
    /// The whole assessment as JSON.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AggregationArg {
    WeightedMean,
    MeanOfClauseMeans,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RollupArg {
    Mean,
    Headcount,
    Worst,
}

#[derive(Args)]
pub struct AssessArgs {
    /// The organisation folder: organisation.toml, evidence.csv, findings.csv, actions.csv, maturity.csv, columns.toml.
    folder: PathBuf,
    /// The date of the assessment (YYYY-MM-DD). Nothing reads the clock: give the date.
    #[arg(long, value_parser = date)]
    as_of: chrono::NaiveDate,
    /// Only these norms (repeat for several).
    #[arg(long = "norm")]
    norms: Vec<String>,
    /// The audit date the readiness verdict is for (default: the as-of date).
    #[arg(long, value_parser = date)]
    audit_date: Option<chrono::NaiveDate>,
    /// Also compare with the assessment on this earlier date.
    #[arg(long, value_parser = date)]
    compare_with: Option<chrono::NaiveDate>,
    /// Assessment options as a TOML or JSON file (points, weights, aggregation, …); flags below override it.
    #[arg(long)]
    options: Option<PathBuf>,
    /// How requirement results become a norm's score.
    #[arg(long, value_enum)]
    aggregation: Option<AggregationArg>,
    /// How site scores become the organisation's.
    #[arg(long, value_enum)]
    site_rollup: Option<RollupArg>,
    /// Score needed for readiness, between 0 and 1.
    #[arg(long)]
    threshold: Option<Decimal>,
    /// List evidence expiring within this many days.
    #[arg(long)]
    expiring_days: Option<u32>,
    /// Do not let evidence of one norm serve the corresponding clauses of the others.
    #[arg(long)]
    no_share_evidence: bool,
    /// How many gaps to list in the table (all in JSON).
    #[arg(long, default_value_t = 25)]
    gaps: usize,
    #[command(flatten)]
    source: Source,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

fn date(s: &str) -> Result<chrono::NaiveDate, String> {
    parse_date(s)
}

fn read_options(path: &Path) -> Result<AssessOptions, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Operation(format!("cannot read {}: {e}", path.display())))?;
    let parsed = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        toml::from_str(&text).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| Failure::Input(format!("{}: {e}", path.display())))
}

pub fn load_register(folder: &Path, catalogue: &Catalogue) -> Result<Register, Failure> {
    let register = Register::from_folder(folder, catalogue).map_err(Failure::from)?;
    for report in register.import_reports() {
        if !report.ignored_columns.is_empty() {
            eprintln!("note: {}: ignored columns {}", report.sheet, report.ignored_columns.join(", "));
        }
    }
    Ok(register)
}

pub fn run(args: AssessArgs) -> Result<(), Failure> {
    let catalogue = args.source.load()?;
    let register = load_register(&args.folder, &catalogue)?;
    let mut options = match &args.options {
        Some(path) => read_options(path)?,
        None => AssessOptions::default(),
    };
    if !args.norms.is_empty() {
        options.norms = args.norms.clone();
    }
    if let Some(a) = args.aggregation {
        options.aggregation = match a {
            AggregationArg::WeightedMean => Aggregation::WeightedMean,
            AggregationArg::MeanOfClauseMeans => Aggregation::MeanOfClauseMeans,
        };
    }
    if let Some(r) = args.site_rollup {
        options.site_rollup = match r {
            RollupArg::Mean => SiteRollup::Mean,
            RollupArg::Headcount => SiteRollup::Headcount,
            RollupArg::Worst => SiteRollup::Worst,
        };
    }
    if let Some(t) = args.threshold {
        options.threshold = t;
    }
    if let Some(d) = args.expiring_days {
        options.expiring_within_days = d;
    }
    if args.no_share_evidence {
        options.share_evidence = false;
    }
    if args.audit_date.is_some() {
        options.audit_date = args.audit_date;
    }
    let assessment = assess(&catalogue, &register, args.as_of, &options)?;
    let comparison = match args.compare_with {
        Some(earlier) => Some(compare(&assess(&catalogue, &register, earlier, &options)?, &assessment)),
        None => None,
    };
    match args.format {
        Format::Json => {
            let value = serde_json::json!({ "assessment": assessment, "comparison": comparison });
            emit(&(serde_json::to_string_pretty(&value).map_err(|e| Failure::Operation(e.to_string()))? + "\n"))
        }
        Format::Table => {
            let mut out = table(&catalogue, &assessment, args.gaps);
            if let Some(c) = comparison {
                let _ = writeln!(out, "\nCHANGES since {}", c.before);
                for s in c.scores.iter().filter(|s| s.site.is_none()) {
                    let _ = writeln!(
                        out,
                        "  {:<16} {} → {}  ({})",
                        s.norm,
                        percent(s.before),
                        percent(s.after),
                        s.delta.map_or("n/a".to_owned(), |d| format!(
                            "{:+} points",
                            (d * Decimal::ONE_HUNDRED).round_dp(1)
                        ))
                    );
                }
                let _ = writeln!(out, "  {} requirement results changed", c.changes.len());
                for change in c.changes.iter().take(args.gaps) {
                    let mut why = Vec::new();
                    if !change.evidence_added.is_empty() {
                        why.push(format!("+evidence {}", change.evidence_added.join(" ")));
                    }
                    if !change.evidence_removed.is_empty() {
                        why.push(format!("-evidence {}", change.evidence_removed.join(" ")));
                    }
                    if !change.findings_opened.is_empty() {
                        why.push(format!("+finding {}", change.findings_opened.join(" ")));
                    }
                    if !change.findings_closed.is_empty() {
                        why.push(format!("-finding {}", change.findings_closed.join(" ")));
                    }
                    let _ = writeln!(
                        out,
                        "  {:<28} {:<8} {} → {}  {}",
                        change.requirement,
                        change.site,
                        change.before.map_or("-", Conformity::as_str),
                        change.after.map_or("-", Conformity::as_str),
                        why.join("; ")
                    );
                }
            }
            emit(&out)
        }
    }
}

/// A score as a percentage with one decimal, rounded half away from zero (presentation only).
fn percent(value: Option<Decimal>) -> String {
    match value {
        Some(v) => format!(
            "{}%",
            (v * Decimal::ONE_HUNDRED).round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        ),
        None => "undefined".to_owned(),
    }
}

fn table(catalogue: &Catalogue, a: &Assessment, max_gaps: usize) -> String {
    let mut out = String::new();
    let aggregation = match a.options.aggregation {
        Aggregation::WeightedMean => "weighted mean",
        Aggregation::MeanOfClauseMeans => "mean of clause means",
    };
    let rollup = match a.options.site_rollup {
        SiteRollup::Mean => "mean of sites",
        SiteRollup::Headcount => "sites weighted by headcount",
        SiteRollup::Worst => "worst site",
    };
    let _ = writeln!(out, "{} — assessment as of {}", a.organisation_name, a.as_of);
    let _ = writeln!(out, "({aggregation}; {rollup}; readiness threshold {})\n", percent(Some(a.options.threshold)));
    let _ = writeln!(
        out,
        "{:<22} {:<12} {:>9}  {:>5} {:>5} {:>5} {:>5} {:>5}",
        "NORM / SITE", "STATUS", "SCORE", "C", "PC", "NC", "NA?", "N/A"
    );
    for n in &a.norms {
        let c = &n.score.counts;
        let status = match n.status {
            iso_core::register::SystemStatus::Certified => "certified",
            iso_core::register::SystemStatus::Implementing => "implementing",
        };
        let _ = writeln!(
            out,
            "{:<22} {:<12} {:>9}  {:>5} {:>5} {:>5} {:>5} {:>5}",
            n.norm,
            status,
            percent(n.score.value),
            c.conforming,
            c.partially_conforming,
            c.nonconforming,
            c.not_assessed,
            c.not_applicable
        );
        for s in &n.sites {
            let _ = writeln!(out, "  {:<20} {:<12} {:>9}", s.site, "", percent(s.score.value));
        }
    }
    let _ = writeln!(out, "{:<22} {:<12} {:>9}", "overall", "", percent(a.overall.value));
    let _ = writeln!(out, "\n(C conforming, PC partially, NC nonconforming, NA? not assessed, N/A not applicable)");

    for r in &a.readiness {
        let verdict = if r.ready { "READY" } else { "NOT READY" };
        let _ = writeln!(
            out,
            "\nREADINESS {} for an audit on {}: {verdict} (score {})",
            r.norm,
            r.audit_date,
            percent(r.score)
        );
        for reason in &r.reasons {
            let line = match reason {
                NotReady::OpenMajorNonconformity { finding, requirement, site } => format!(
                    "open major nonconformity {finding} on {requirement}{}",
                    site.as_ref().map(|s| format!(" at {s}")).unwrap_or_default()
                ),
                NotReady::MissingDocumentedInformation { requirement, documented, sites } => {
                    format!(
                        "documented information to {} missing for {requirement} at {}",
                        documented.as_str(),
                        sites.join(", ")
                    )
                }
                NotReady::InternalAuditOverdue { last, due_since } => format!(
                    "no internal audit since {due_since} (last: {})",
                    last.map_or("none found".to_owned(), |d| d.to_string())
                ),
                NotReady::ManagementReviewOverdue { last, due_since } => format!(
                    "no management review since {due_since} (last: {})",
                    last.map_or("none found".to_owned(), |d| d.to_string())
                ),
                NotReady::ScoreBelowThreshold { score, threshold } => {
                    format!("score {} below the threshold {}", percent(*score), percent(Some(*threshold)))
                }
                NotReady::CertificateExpired { expires } => format!("the certificate expired on {expires}"),
            };
            let _ = writeln!(out, "  - {line}");
        }
        for c in &r.cycle {
            let status = match c.status {
                CycleStatus::Held => "held",
                CycleStatus::Planned => "planned",
                CycleStatus::PlannedLate => "planned after its deadline",
                CycleStatus::Due => "due",
                CycleStatus::Overdue => "OVERDUE",
            };
            let date = c.date.map(|d| format!(" {d}")).unwrap_or_default();
            let deadline = c.deadline.map(|d| format!(" (deadline {d})")).unwrap_or_default();
            let _ = writeln!(out, "  cycle: {} {status}{date}{deadline}", c.kind.as_str());
        }
    }

    let _ = writeln!(out, "\nGAPS ({} in all, by priority)", a.gaps.len());
    for g in a.gaps.iter().take(max_gaps) {
        let kind = match g.kind {
            GapKind::MajorNonconformity => "major nonconformity",
            GapKind::MissingDocumentedInformation => "missing documented information",
            GapKind::MinorNonconformity => "minor nonconformity",
            GapKind::ExpiringEvidence => "expiring evidence",
            GapKind::PartialEvidence => "partial evidence",
            GapKind::NotAssessed => "no evidence",
        };
        let what = g.finding.as_ref().or(g.evidence.as_ref()).map(|s| format!(" {s}")).unwrap_or_default();
        let date = g.date.map(|d| format!(" ({d})")).unwrap_or_default();
        let statement = catalogue.requirement(&g.requirement).map(|r| r.statement.en.as_str()).unwrap_or("");
        let sites = if g.sites.len() > 3 { format!("{} sites", g.sites.len()) } else { g.sites.join(",") };
        let _ = writeln!(out, "  {} {kind:<30} {:<26} {sites:<16}{what}{date}", g.priority, g.requirement);
        if !statement.is_empty() {
            let _ = writeln!(out, "      {statement}");
        }
    }
    if !a.expiring.is_empty() {
        let _ = writeln!(out, "\nEXPIRING within {} days", a.options.expiring_within_days);
        for x in &a.expiring {
            let _ = writeln!(out, "  {} {:>4} days  {:<12} {}", x.expires, x.days_left, x.evidence, x.title);
        }
    }
    if !a.overdue_actions.is_empty() {
        let _ = writeln!(out, "\nOVERDUE ACTIONS");
        for x in &a.overdue_actions {
            let _ = writeln!(
                out,
                "  {:<12} finding {:<12} due {} ({} days)  {}",
                x.action,
                x.finding,
                x.due,
                x.days_overdue,
                x.owner.as_deref().unwrap_or("")
            );
        }
    }
    for m in &a.maturity {
        let _ = writeln!(out, "\nMATURITY {} (0–{}; a self-assessment, not a conformity verdict)", m.norm, m.scale_max);
        for g in &m.groups {
            let title = catalogue.clause(&g.clause).map_or("", |c| c.title.en.as_str());
            let mean = g.mean.map_or("not rated".to_owned(), |v| v.round_dp(2).to_string());
            let _ = writeln!(out, "  {:<28} {:>10}  ({}/{} rated)", title, mean, g.rated, g.relevant);
        }
        let _ = writeln!(
            out,
            "  {:<28} {:>10}",
            "overall",
            m.overall.map_or("not rated".to_owned(), |v| v.round_dp(2).to_string())
        );
    }
    if !a.unused_evidence.is_empty() {
        let _ = writeln!(
            out,
            "\nnote: {} evidence record(s) link only to norms not assessed here",
            a.unused_evidence.len()
        );
    }
    out
}

/// `iso register validate FOLDER`: checks the folder and summarises it.
pub fn validate(folder: &Path, source: &Source) -> Result<(), Failure> {
    let catalogue = source.load()?;
    let register = load_register(folder, &catalogue)?;
    let org = &register.organisation;
    let mut out = format!("ok: {} ({} sites, {} management systems)\n", org.name, org.sites.len(), org.systems.len());
    let _ = writeln!(
        out,
        "    {} evidence, {} findings, {} actions, {} maturity ratings",
        register.evidence.len(),
        register.findings.len(),
        register.actions.len(),
        register.maturity.len()
    );
    emit(&out)
}
