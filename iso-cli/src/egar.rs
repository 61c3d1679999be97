//! `iso egar`: synthetic e-GAR guides for benchmarks and demos, and the sums of a guide file or folder.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use iso_core::connect::egar::synthetic::{GuideSpec, write_csv, write_xml};
use iso_core::connect::egar::{ImportOptions, MassUnit, Mode, StatePolicy, TextEncoding, groups_csv, import_path};
use iso_core::waste::ClassPolicy;

use crate::{Failure, emit};

#[derive(Subcommand)]
pub enum Command {
    /// Write deterministic synthetic guides (the generator of the tests and benchmarks).
    Generate(GenerateArgs),
    /// Read guides (a file, or every .xml and .csv file of a folder) and print the import report and the sums by
    /// role, party, establishment, counterpart, LER code, operation and month.
    Read(ReadArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GuideFormat {
    Csv,
    Xml,
}

#[derive(Args)]
pub struct GenerateArgs {
    /// Number of guides.
    #[arg(long, default_value_t = 10_000)]
    guides: u64,
    #[arg(long, value_enum, default_value = "csv")]
    format: GuideFormat,
    /// The year of the transports.
    #[arg(long, default_value_t = 2025)]
    year: i32,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Write quantities in kilograms (import them with --unit kg).
    #[arg(long)]
    kilograms: bool,
    /// Output file.
    #[arg(long)]
    out: PathBuf,
}

/// How guides are read: the options shared by `iso egar read` and `iso waste`.
#[derive(Args)]
pub struct ImportArgs {
    /// The unit of quantities that do not state their own.
    #[arg(long, value_enum, default_value = "t")]
    unit: Unit,
    /// Reject, count and list bad guides instead of stopping at the first.
    #[arg(long)]
    lenient: bool,
    /// Which guide states count: concluded (CC, the MIRR's figures) or received (also AC, CO, CN).
    #[arg(long, value_enum, default_value = "concluded")]
    states: States,
    /// CSV files are Windows-1252 (Excel's "CSV" on Windows), not UTF-8.
    #[arg(long)]
    windows_1252: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Unit {
    T,
    Kg,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum States {
    Concluded,
    Received,
}

impl ImportArgs {
    pub fn options(&self) -> ImportOptions {
        ImportOptions {
            unit: match self.unit {
                Unit::T => MassUnit::Tonnes,
                Unit::Kg => MassUnit::Kilograms,
            },
            mode: if self.lenient { Mode::Lenient } else { Mode::Strict },
            states: match self.states {
                States::Concluded => StatePolicy::Concluded,
                States::Received => StatePolicy::Received,
            },
            encoding: if self.windows_1252 { TextEncoding::Windows1252 } else { TextEncoding::Utf8 },
            ..ImportOptions::default()
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReadFormat {
    /// The import report and the totals by role, for people.
    Summary,
    /// The groups as CSV (one row per group).
    Csv,
    /// The import report and the groups as JSON.
    Json,
}

#[derive(Args)]
pub struct ReadArgs {
    /// A guide file (.xml or .csv) or a folder of them.
    path: PathBuf,
    #[command(flatten)]
    import: ImportArgs,
    #[arg(long, value_enum, default_value = "summary")]
    format: ReadFormat,
}

pub fn failure(e: iso_core::WasteError) -> Failure {
    match e {
        iso_core::WasteError::Io { .. } => Failure::Operation(e.to_string()),
        other => Failure::Input(other.to_string()),
    }
}

pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Generate(args) => generate(&args),
        Command::Read(args) => read(&args),
    }
}

fn generate(args: &GenerateArgs) -> Result<(), Failure> {
    let spec = GuideSpec {
        guides: args.guides,
        seed: args.seed,
        year: args.year,
        unit: if args.kilograms { MassUnit::Kilograms } else { MassUnit::Tonnes },
    };
    let failed = |e: std::io::Error| Failure::Operation(format!("cannot write {}: {e}", args.out.display()));
    let file = std::fs::File::create(&args.out).map_err(failed)?;
    match args.format {
        GuideFormat::Csv => write_csv(&spec, file),
        GuideFormat::Xml => write_xml(&spec, file),
    }
    .map_err(failed)?;
    eprintln!("wrote {} guides to {}", args.guides, args.out.display());
    Ok(())
}

fn read(args: &ReadArgs) -> Result<(), Failure> {
    let import = import_path(&args.path, &args.import.options()).map_err(failure)?;
    let groups = import.aggregator.groups();
    match args.format {
        ReadFormat::Json => {
            let value = serde_json::json!({ "report": import.report, "groups": groups });
            emit(&(serde_json::to_string_pretty(&value).map_err(|e| Failure::Operation(e.to_string()))? + "\n"))
        }
        ReadFormat::Csv => emit(&groups_csv(&groups, &ClassPolicy::default())),
        ReadFormat::Summary => emit(&summary(&import)),
    }
}

/// The import report for people: guides read, counted, not counted by state, rejected (with the first problems),
/// corrected, and tonnes by role.
pub fn summary(import: &iso_core::connect::egar::Import) -> String {
    use iso_core::connect::egar::Role;
    let r = &import.report;
    let mut out = format!("{}\n", r.input);
    out += &format!("  guides read      {:>10}\n", r.guides);
    out += &format!("  counted          {:>10}   ({} with a destination's correction)\n", r.counted, r.corrected);
    for (state, n) in &r.not_counted {
        out += &format!("  not counted, {:<3}{:>10}   ({})\n", state.code(), n, state.name_pt());
    }
    if r.rejected > 0 {
        out += &format!("  rejected         {:>10}\n", r.rejected);
        for issue in r.issues.iter().take(10) {
            out += &format!("    {issue}\n");
        }
    }
    for (code, n) in &r.unlisted_operations {
        out += &format!(
            "  operation {code} is not in the operations list: classified as {} ({n} guides)\n",
            code.parent()
        );
    }
    out += &format!("  tonnes counted   {:>10}\n", r.tonnes);
    for (role, label) in
        [(Role::Producer, "produced"), (Role::Destination, "received"), (Role::Transporter, "transported")]
    {
        let t = import.aggregator.total(role);
        out += &format!("  {label:<16} {:>10} t in {} guides\n", t.tonnes, t.guides);
    }
    out
}
