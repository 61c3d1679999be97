//! `iso report FOLDER --period 2025 --lang pt --format html,xlsx --out report/`.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use iso_core::Lang;
use iso_core::connect::egar::ImportOptions;
use iso_core::kpi::IndicatorData;
use iso_core::period::Period;
use iso_core::report::{Format, Report, ReportInputs, ReportOptions, WasteData};
use iso_core::waste::ClassPolicy;

use crate::Failure;
use crate::catalogue::Source;

#[derive(Args)]
pub struct ReportArgs {
    /// The organisation folder.
    folder: PathBuf,
    /// The period: 2025, 2025-Q4, 2025-03, R12-2025-06 or 2025-01-01..2025-06-30.
    #[arg(long)]
    period: Period,
    /// The date of the situation reported (default: the period's last day).
    #[arg(long, value_parser = iso_core::register::parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// The audit date of the readiness verdicts (default: the situation date).
    #[arg(long, value_parser = iso_core::register::parse_date)]
    audit_date: Option<chrono::NaiveDate>,
    /// Language: en, fr, pt.
    #[arg(long, default_value = "en")]
    lang: Lang,
    /// Formats, comma-separated: html, markdown, json, xml, csv, xlsx (or all).
    #[arg(long, default_value = "html")]
    format: String,
    /// Output folder (created if needed).
    #[arg(long, default_value = "report")]
    out: PathBuf,
    /// An HTML template of your own (minijinja; see iso-core/src/report/templates/report.html).
    #[arg(long)]
    template: Option<PathBuf>,
    /// Report title.
    #[arg(long)]
    title: Option<String>,
    /// Do not compare with the previous period.
    #[arg(long)]
    no_previous: bool,
    /// The baseline period of the indicators' improvement column (indicators come from the folder's
    /// measurements.csv, targets.csv, ghg.toml, energy.toml and kpis.toml when present).
    #[arg(long)]
    baseline: Option<Period>,
    #[command(flatten)]
    source: Source,
}

fn formats(list: &str) -> Result<Vec<Format>, Failure> {
    if list.trim() == "all" {
        return Ok(Format::ALL.to_vec());
    }
    let mut out = Vec::new();
    for name in list.split(',') {
        let format: Format = name.parse().map_err(|e: iso_core::ReportError| Failure::Input(e.to_string()))?;
        if !out.contains(&format) {
            out.push(format);
        }
    }
    Ok(out)
}

pub fn run(args: ReportArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let progress = |what: &str| eprintln!("[{:>6.2}s] {what}", started.elapsed().as_secs_f64());
    let formats = formats(&args.format)?;
    let template = match &args.template {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| Failure::Operation(format!("cannot read {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let catalogue = args.source.load()?;
    progress("catalogue loaded");
    let register = crate::assess::load_register(&args.folder, &catalogue)?;
    progress(&format!(
        "register read: {} evidence, {} findings, {} actions",
        register.evidence.len(),
        register.findings.len(),
        register.actions.len()
    ));
    let indicators = IndicatorData::from_folder(&args.folder, &register.organisation).map_err(crate::kpi::failure)?;
    if let Some(data) = &indicators {
        progress(&format!("indicator data read: {} measurements", data.measurements.rows.len()));
    }
    let waste = WasteData::from_folder(
        &args.folder,
        &register.organisation,
        args.period,
        &ImportOptions::default(),
        ClassPolicy::default(),
    )
    .map_err(crate::egar::failure)?;
    if let Some(data) = &waste {
        let guides: u64 = data.imports.iter().map(|i| i.guides).sum();
        let mirr = if data.mirr.is_some() { ", MIRR reconciled" } else { "" };
        progress(&format!("e-GAR guides read: {guides} guides, {} groups{mirr}", data.groups.len()));
    }
    let mut options = ReportOptions::new(args.period, args.lang);
    options.baseline = args.baseline;
    options.as_of = args.as_of;
    options.title = args.title.clone();
    options.compare_previous = !args.no_previous;
    options.assess.audit_date = args.audit_date;
    let report = Report::build_with(
        &catalogue,
        &register,
        &ReportInputs { indicators: indicators.as_ref(), waste: waste.as_ref() },
        &options,
    )
    .map_err(report_failure)?;
    progress("assessed and report built");
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::Operation(format!("cannot create {}: {e}", args.out.display())))?;
    let stem = format!("{}-{}-{}", register.organisation.id, args.period, args.lang);
    for format in formats {
        let bytes = match (format, &template) {
            (Format::Html, Some(t)) => report.to_html_with_template(t).map(String::into_bytes),
            _ => report.render(format),
        }
        .map_err(report_failure)?;
        let path = args.out.join(format!("{stem}.{}", format.extension()));
        // Write to a temporary file, then rename: a failure never leaves a half-written report.
        let partial = path.with_extension("partial");
        std::fs::write(&partial, &bytes)
            .and_then(|()| std::fs::rename(&partial, &path))
            .map_err(|e| Failure::Operation(format!("cannot write {}: {e}", path.display())))?;
        progress(&format!("wrote {} ({} bytes)", path.display(), bytes.len()));
    }
    Ok(())
}

fn report_failure(e: iso_core::ReportError) -> Failure {
    match e {
        iso_core::ReportError::Assess(e) => e.into(),
        iso_core::ReportError::Render(m) => Failure::Operation(m),
        other => Failure::Input(other.to_string()),
    }
}
