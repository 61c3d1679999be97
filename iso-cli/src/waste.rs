//! `iso waste FOLDER --year 2025 [--reconcile mirr.csv]`: an organisation's waste from its e-GAR guides — the
//! indicators, the ESRS E5-5 datapoints, the MIRR compiled from the guides and its reconciliation with the declared
//! one.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use iso_core::circularity::{Portfolio, Weighting};
use iso_core::connect::mirr::{CompileOptions, Mirr, MirrForm, Reconciliation, Status, compile, reconcile};
use iso_core::period::Period;
use iso_core::report::i18n::decimal;
use iso_core::waste::indicators::{Tonnes, WasteBreakdown, organisation_nif};
use iso_core::waste::{ClassPolicy, ReportingView};
use iso_core::{Catalogue, Lang};
use rust_decimal::Decimal;

use crate::egar::{ImportArgs, failure, summary};
use crate::{Failure, emit};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Tables for people.
    Table,
    /// Everything as JSON: the import report, the breakdown, the compiled MIRR and the reconciliation.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum View {
    /// Waste Framework Directive: R1 is recovery.
    Wfd,
    /// GRI 306: R1 is incineration with energy recovery (disposal).
    Gri,
}

#[derive(Args)]
pub struct WasteArgs {
    /// The organisation folder (organisation.toml with the NIF and the sites' APA codes; guides in egar/;
    /// products.csv for the Material Circularity Indicator).
    folder: PathBuf,
    /// The calendar year.
    #[arg(long)]
    year: i32,
    /// The guides: a file or a folder of .xml and .csv exports (default: FOLDER/egar).
    #[arg(long)]
    guides: Option<PathBuf>,
    /// A declared MIRR (CSV) to reconcile with the forms compiled from the guides (default: FOLDER/mirr-YEAR.csv
    /// when it exists).
    #[arg(long)]
    reconcile: Option<PathBuf>,
    /// Tolerance of the reconciliation, in tonnes.
    #[arg(long, default_value = "0")]
    tolerance: Decimal,
    /// Write the MIRR compiled from the guides (CSV, the declared register's columns) to this file.
    #[arg(long)]
    mirr_out: Option<PathBuf>,
    /// The reporting view of the buckets.
    #[arg(long, value_enum, default_value = "wfd")]
    view: View,
    /// Count R10 (land treatment) as other recovery, not recycling.
    #[arg(long)]
    alternative_classes: bool,
    #[command(flatten)]
    import: ImportArgs,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

fn read(path: &std::path::Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Operation(format!("cannot read {}: {e}", path.display())))
}

pub fn run(args: WasteArgs) -> Result<(), Failure> {
    let organisation =
        iso_core::register::RegisterBuilder::organisation_of_folder(&args.folder, &Catalogue::builtin()?)?;
    let nif = organisation_nif(&organisation).map_err(failure)?;
    let mut options = args.import.options();
    options.aggregate.parties.insert(nif.clone());
    let guides = args.guides.clone().unwrap_or_else(|| args.folder.join("egar"));
    let import = iso_core::connect::egar::import_path(&guides, &options).map_err(failure)?;
    let groups = import.aggregator.groups();
    let policy = ClassPolicy {
        view: match args.view {
            View::Wfd => ReportingView::Wfd,
            View::Gri => ReportingView::Gri306,
        },
        alternative_classes: args.alternative_classes,
    };
    let breakdown =
        WasteBreakdown::compute(&groups, &organisation, &policy, &Period::Year(args.year)).map_err(failure)?;
    let compile_options = CompileOptions { parties: [nif.clone()].into(), ..CompileOptions::year(args.year) };
    let compiled = compile(&groups, &compile_options).map_err(failure)?;
    if let Some(out) = &args.mirr_out {
        std::fs::write(out, compiled.mirr.to_csv())
            .map_err(|e| Failure::Operation(format!("cannot write {}: {e}", out.display())))?;
        eprintln!("wrote the MIRR {} compiled from the guides to {}", args.year, out.display());
    }
    let declared_path = args.reconcile.clone().or_else(|| {
        let default = args.folder.join(format!("mirr-{}.csv", args.year));
        default.is_file().then_some(default)
    });
    let reconciliation = match &declared_path {
        None => None,
        Some(path) => {
            let declared = Mirr::from_csv(&path.display().to_string(), &read(path)?, args.year).map_err(failure)?;
            Some(reconcile(&compiled.mirr, &declared, args.tolerance).map_err(failure)?)
        }
    };
    let products = args.folder.join("products.csv");
    let circularity = if products.is_file() {
        let text = read(&products)?;
        Some(
            Portfolio::from_csv(&products.display().to_string(), &text, Weighting::Mass)
                .map_err(|e| failure(e.into()))?,
        )
    } else {
        None
    };
    if let Format::Json = args.format {
        let value = serde_json::json!({
            "circularity": circularity,
            "import": import.report,
            "breakdown": breakdown,
            "mirr": compiled.mirr,
            "compile_report": compiled.report,
            "reconciliation": reconciliation,
        });
        return emit(&(serde_json::to_string_pretty(&value).map_err(|e| Failure::Operation(e.to_string()))? + "\n"));
    }
    let mut out = format!("{} — waste {} (NIF {nif})\n\n", organisation.name, args.year);
    out += &summary(&import);
    out += &breakdown_text(&breakdown);
    out += &mirr_text(&compiled.mirr);
    if let (Some(path), Some(r)) = (&declared_path, &reconciliation) {
        out += &reconciliation_text(&path.display().to_string(), r);
    }
    if let Some(portfolio) = &circularity {
        out += &circularity_text(portfolio);
    }
    emit(&out)
}

fn t(d: Decimal) -> String {
    decimal(d, 3, Lang::En)
}

fn percent(rate: Option<Decimal>) -> String {
    rate.map_or_else(
        || "undefined (no waste with a final fate)".to_owned(),
        |r| format!("{} %", decimal(r * Decimal::ONE_HUNDRED, 1, Lang::En)),
    )
}

fn tonnes_line(out: &mut String, label: &str, tonnes: &Tonnes) {
    let _ = writeln!(
        out,
        "  {label:<44} {:>14} {:>14} {:>14}",
        t(tonnes.hazardous),
        t(tonnes.non_hazardous),
        t(tonnes.total)
    );
}

fn breakdown_text(b: &WasteBreakdown) -> String {
    let mut out = format!("\nWaste produced ({} guides as producer)\n", b.guides);
    let _ = writeln!(out, "  {:<44} {:>14} {:>14} {:>14}", "t", "hazardous", "non-hazardous", "total");
    tonnes_line(&mut out, "generated", &b.total);
    tonnes_line(&mut out, "with a final fate", &b.final_fate);
    tonnes_line(&mut out, "interim (R12, R13, D13–D15), left out of rates", &b.interim);
    for line in b.by_class.iter().filter(|l| !l.tonnes.total.is_zero()) {
        tonnes_line(&mut out, &format!("  {}", line.class), &line.tonnes);
    }
    let r = &b.rates;
    out += "\n";
    for (label, rate) in [
        ("hazardous share", r.hazardous_share),
        ("recovery rate (R1 included)", r.recovery_rate),
        ("recycling rate (preparation for re-use included)", r.recycling_rate),
        ("landfill diversion rate", r.landfill_diversion_rate),
        ("landfill diversion rate without energy recovery", r.landfill_diversion_rate_excl_energy),
        ("non-recycled share (ESRS E5-5 §37(d))", r.non_recycled_share),
    ] {
        let _ = writeln!(out, "  {label:<50} {:>10}", percent(rate));
    }
    let e = &b.esrs_e5_5;
    out += "\nESRS E5-5 (Waste Framework Directive view)\n";
    tonnes_line(&mut out, "§37(a) generated", &e.generated);
    tonnes_line(&mut out, "§37(b) diverted from disposal", &e.diverted.total);
    tonnes_line(&mut out, "  preparation for re-use", &e.diverted.preparation_for_reuse);
    tonnes_line(&mut out, "  recycling", &e.diverted.recycling);
    tonnes_line(&mut out, "  other recovery", &e.diverted.other_recovery);
    tonnes_line(&mut out, "§37(c) directed to disposal", &e.disposal.total);
    tonnes_line(&mut out, "  incineration", &e.disposal.incineration);
    tonnes_line(&mut out, "  landfill", &e.disposal.landfill);
    tonnes_line(&mut out, "  other disposal", &e.disposal.other_disposal);
    tonnes_line(&mut out, "not final (interim)", &e.not_final);
    tonnes_line(&mut out, "§37(d) non-recycled", &e.non_recycled);
    out += "\nBy site\n";
    for s in &b.by_site {
        let site = s.site.clone().unwrap_or_else(|| format!("{} (not a site)", s.establishment));
        tonnes_line(&mut out, &site, &s.tonnes);
    }
    out
}

fn mirr_text(mirr: &Mirr) -> String {
    let mut out = format!("\nMIRR {} compiled from the guides\n", mirr.year);
    for form in MirrForm::ALL {
        let (lines, tonnes) = mirr.form(form).fold((0, Decimal::ZERO), |(n, t), l| (n + 1, t + l.tonnes));
        let _ = writeln!(out, "  form {:<3} {:>5} lines {:>14} t", form.id(), lines, t(tonnes));
    }
    out
}

fn reconciliation_text(declared: &str, r: &Reconciliation) -> String {
    let c = &r.counts;
    let mut out = format!(
        "\nReconciliation with {declared} (tolerance {} t): {} lines match, {} differ, {} not declared, {} not in the guides\n",
        r.tolerance, c.matched, c.differs, c.missing_in_declared, c.missing_in_guides
    );
    for total in &r.totals {
        let _ = writeln!(
            out,
            "  form {:<3} declared {:>14} t, from the guides {:>14} t, difference {:>12} t",
            total.form.id(),
            t(total.declared),
            t(total.compiled),
            t(total.difference)
        );
    }
    for line in r.discrepancies() {
        let status = match line.status {
            Status::Match => "match",
            Status::Differs => "differs",
            Status::MissingInDeclared => "not declared",
            Status::MissingInGuides => "not in the guides",
        };
        let quantity = |q: Option<Decimal>| q.map_or_else(|| "—".to_owned(), t);
        let _ = writeln!(
            out,
            "  {:<3} {:<12} {:<10} {:<4} → {:<9} {:<12} declared {:>12} guides {:>12}  {status}",
            line.form.id(),
            line.establishment,
            line.ler.to_string(),
            line.operation.to_string(),
            line.counterpart,
            line.counterpart_establishment,
            quantity(line.declared),
            quantity(line.compiled)
        );
    }
    out
}

fn circularity_text(portfolio: &Portfolio) -> String {
    let company = &portfolio.company;
    let mut out = format!(
        "\nMaterial Circularity Indicator (products.csv, weighted by mass): {}\n",
        decimal(company.mci, 3, Lang::En)
    );
    for weighted in &company.products {
        let r = &weighted.result;
        let _ = writeln!(
            out,
            "  {:<12} MCI {:>6}  LFI {:>6}  F(X) {:>6}  V {:>12} kg  W {:>12} kg",
            r.product,
            decimal(r.mci, 3, Lang::En),
            decimal(r.linear_flow_index, 3, Lang::En),
            decimal(r.utility_factor, 3, Lang::En),
            decimal(r.virgin_feedstock, 1, Lang::En),
            decimal(r.unrecoverable_waste, 1, Lang::En)
        );
    }
    out
}
