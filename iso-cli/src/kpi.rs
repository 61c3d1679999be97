//! `iso kpi FOLDER --period 2025`: the indicators of an organisation folder.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use iso_core::kpi::{self, IndicatorData, KpiOptions, KpiValue, TargetStatus};
use iso_core::period::Period;
use iso_core::register::Organisation;
use iso_core::report::i18n;
use iso_core::{Catalogue, Lang};

use crate::{Failure, emit};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Tables for people.
    Table,
    /// The results as JSON.
    Json,
}

#[derive(Args)]
pub struct KpiArgs {
    /// The organisation folder (organisation.toml, measurements.csv, targets.csv, ghg.toml, energy.toml, kpis.toml).
    folder: PathBuf,
    /// The period: 2025, 2025-Q4, 2025-03, R12-2025-06 or 2025-01-01..2025-06-30.
    #[arg(long)]
    period: Period,
    /// A baseline period, for improvement.
    #[arg(long)]
    baseline: Option<Period>,
    /// Only these indicators (repeat).
    #[arg(long = "kpi")]
    kpis: Vec<String>,
    /// Also per site.
    #[arg(long)]
    sites: bool,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

fn organisation(folder: &std::path::Path) -> Result<Organisation, Failure> {
    // The organisation file alone: indicators do not need the evidence sheets.
    Ok(iso_core::register::RegisterBuilder::organisation_of_folder(folder, &Catalogue::builtin()?)?)
}

pub fn failure(e: iso_core::KpiError) -> Failure {
    match e {
        iso_core::KpiError::Io { .. } => Failure::Operation(e.to_string()),
        iso_core::KpiError::Invalid { issues } => {
            Failure::Input(issues.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
        }
        other => Failure::Input(other.to_string()),
    }
}

pub fn run(args: KpiArgs) -> Result<(), Failure> {
    let org = organisation(&args.folder)?;
    let Some(data) = IndicatorData::from_folder(&args.folder, &org).map_err(failure)? else {
        return Err(Failure::Input(format!("{} has no measurements.csv", args.folder.display())));
    };
    let mut options = KpiOptions::new(args.period);
    options.baseline = args.baseline;
    options.kpis = args.kpis.clone();
    let results = data.compute(&org, &options, &kpi::regression::AcceptanceRules::default()).map_err(failure)?;
    if let Format::Json = args.format {
        return emit(&(serde_json::to_string_pretty(&results).map_err(|e| Failure::Operation(e.to_string()))? + "\n"));
    }
    let (report, energy) = (&results.indicators, &results.energy);
    let lang = Lang::En;
    let mut out = format!("{} — indicators for {}\n", org.name, args.period);
    if let Some(gwp) = &report.gwp_set {
        let _ = writeln!(out, "(GHG with the {gwp} GWP set)");
    }
    let mut group = String::new();
    let shown = || report.results.iter().filter(|r| args.sites || r.site.is_none());
    let width = shown()
        .filter_map(|r| data.definitions.kpi(&r.kpi))
        .map(|d| d.names.en.chars().count() + if args.sites { 12 } else { 0 })
        .max()
        .unwrap_or(0)
        .min(56);
    for r in shown() {
        let Some(def) = data.definitions.kpi(&r.kpi) else { continue };
        if def.group != group {
            group.clone_from(&def.group);
            let _ = writeln!(out, "\n{}", group.to_uppercase());
        }
        let value = match &r.value {
            KpiValue::Defined { value, unit } => format!("{} {unit}", i18n::decimal(*value, def.decimals, lang)),
            KpiValue::Undefined { reason } => format!("undefined ({reason})"),
        };
        let previous = r
            .previous
            .as_ref()
            .and_then(KpiValue::value)
            .map(|v| i18n::decimal(v, def.decimals, lang))
            .unwrap_or_else(|| "—".into());
        let target = match (r.target, r.status) {
            (Some(t), Some(s)) => format!(
                "target {} {}",
                i18n::decimal(t, def.decimals, lang),
                match s {
                    TargetStatus::OnTarget => "on target",
                    TargetStatus::AtRisk => "AT RISK",
                    TargetStatus::OffTarget => "OFF TARGET",
                    TargetStatus::NoData => "no data",
                }
            ),
            _ => String::new(),
        };
        let improvement = match args.baseline {
            Some(_) => format!("  improvement {:>6}", i18n::percent(r.improvement, lang)),
            None => String::new(),
        };
        let site = r.site.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default();
        let name = format!("{}{site}", def.names.en);
        let _ = writeln!(out, "  {name:<width$} {value:>26}  prev {previous:>10}{improvement}  {target}");
    }
    for e in energy {
        let _ = writeln!(out, "\nENERGY BASELINE {} ({:?}, baseline {})", e.model, e.method, e.baseline);
        if let Some(problem) = &e.problem {
            let _ = writeln!(out, "  {problem}");
        }
        if let Some(reg) = &e.regression {
            let _ = writeln!(
                out,
                "  R² {}  adjusted R² {}  model p {:.4}  CV(RMSE) {}",
                reg.r_squared.round_dp(4),
                reg.adjusted_r_squared.round_dp(4),
                reg.model_p,
                reg.cv_rmse.map_or("—".into(), |v| format!("{v:.1}%"))
            );
            for c in &reg.coefficients {
                let _ = writeln!(
                    out,
                    "    {:<28} {:>16}  SE {:>12.4}  t {:>8.3}  p {:.4}",
                    c.name,
                    c.estimate.round_dp(4),
                    c.std_error,
                    c.t,
                    c.p
                );
            }
        }
        if let Some(a) = &e.acceptance {
            let failed: Vec<&str> = a.checks.iter().filter(|c| !c.passed).map(|c| c.name.as_str()).collect();
            let _ = writeln!(
                out,
                "  DOE SEP acceptance: {}",
                if a.accepted { "accepted".to_owned() } else { format!("not accepted ({})", failed.join(", ")) }
            );
        }
        if let (Some(s), Some(i), Some(sv)) = (e.senpi, e.improvement, e.savings) {
            let _ = writeln!(
                out,
                "  SEnPI {}  improvement {}  normalised savings {} kWh",
                s.round_dp(4),
                i18n::percent(Some(i), lang),
                i18n::decimal(sv, 0, lang)
            );
        }
    }
    emit(&out)
}
