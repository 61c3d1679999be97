//! The `iso` command: the engine on a data folder, from a terminal.
//!
//! Exit codes: 0 success; 1 an operation failed (I/O, an unexpected state); 2 the input is invalid (a malformed
//! file, an unknown id, a bad option) — the message says what and where.

mod assess;
mod catalogue;
mod egar;
mod kpi;
mod report;
mod waste;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "iso", version, about = "ISO management-system certification work as data and computation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Norm catalogues: list, show, validate, search, equivalents, schema.
    #[command(subcommand)]
    Catalogue(catalogue::Command),
    /// Assess an organisation folder as of a date: scores, readiness, gaps.
    Assess(assess::AssessArgs),
    /// The audit-ready periodic report of an organisation folder, in HTML, Markdown, JSON, XML, CSV, XLSX.
    Report(report::ReportArgs),
    /// Performance indicators of an organisation folder for a period.
    Kpi(kpi::KpiArgs),
    /// An organisation's waste for a year from its e-GAR guides: indicators, ESRS E5-5, the MIRR compiled from the
    /// guides and its reconciliation with the declared one.
    Waste(waste::WasteArgs),
    /// e-GAR waste transport guides: read and sum them, or generate synthetic ones.
    #[command(subcommand)]
    Egar(egar::Command),
    /// Organisation registers.
    #[command(subcommand)]
    Register(RegisterCommand),
}

#[derive(Subcommand)]
enum RegisterCommand {
    /// Check an organisation folder (organisation.toml and the CSV sheets) and summarise it.
    Validate {
        /// The organisation folder.
        folder: std::path::PathBuf,
        #[command(flatten)]
        source: catalogue::Source,
    },
}

/// A failure, with the exit code it maps to.
pub enum Failure {
    /// The input is invalid (exit 2).
    Input(String),
    /// The operation failed (exit 1).
    Operation(String),
}

impl Failure {
    fn report(self) -> ExitCode {
        let (code, message) = match self {
            Failure::Input(m) => (2, m),
            Failure::Operation(m) => (1, m),
        };
        eprintln!("iso: error: {message}");
        ExitCode::from(code)
    }
}

impl From<iso_core::CatalogueError> for Failure {
    fn from(e: iso_core::CatalogueError) -> Self {
        match e {
            iso_core::CatalogueError::Io { .. } => Failure::Operation(e.to_string()),
            iso_core::CatalogueError::Invalid { issues } => {
                Failure::Input(issues.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
            }
            other => Failure::Input(other.to_string()),
        }
    }
}

impl From<iso_core::RegisterError> for Failure {
    fn from(e: iso_core::RegisterError) -> Self {
        match e {
            iso_core::RegisterError::Io { .. } => Failure::Operation(e.to_string()),
            iso_core::RegisterError::Invalid { issues } => {
                Failure::Input(issues.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
            }
            other => Failure::Input(other.to_string()),
        }
    }
}

impl From<iso_core::AssessError> for Failure {
    fn from(e: iso_core::AssessError) -> Self {
        match e {
            iso_core::AssessError::Register(e) => e.into(),
            other => Failure::Input(other.to_string()),
        }
    }
}

impl From<iso_core::NotFound> for Failure {
    fn from(e: iso_core::NotFound) -> Self {
        Failure::Input(e.to_string())
    }
}

/// Writes to stdout, treating a closed pipe (`iso … | head`) as success.
pub fn emit(text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Operation(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Catalogue(command) => catalogue::run(command),
        Command::Assess(args) => assess::run(args),
        Command::Report(args) => report::run(args),
        Command::Kpi(args) => kpi::run(args),
        Command::Egar(command) => egar::run(command),
        Command::Waste(args) => waste::run(args),
        Command::Register(RegisterCommand::Validate { folder, source }) => assess::validate(&folder, &source),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
