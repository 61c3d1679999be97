//! Reference data embedded into every build of the engine (native, Python wheel, WebAssembly).
//!
//! The files live in `catalogues/data/` as human-editable TOML (see `FORMAT.md`). This crate only embeds
//! them; parsing and validation belong to `iso_core::catalogue`, which loads user files with the same code.

/// One embedded data file: its file name (used in error messages) and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataFile {
    /// File name inside `catalogues/data/`.
    pub name: &'static str,
    /// The file's full text.
    pub text: &'static str,
}

macro_rules! data_file {
    ($name:literal) => {
        DataFile { name: $name, text: include_str!(concat!("../data/", $name)) }
    };
}

/// The built-in norm catalogues, one file per norm, in display order.
pub const NORMS: &[DataFile] = &[
    data_file!("iso9001-2015.toml"),
    data_file!("iso14001-2015.toml"),
    data_file!("iso45001-2018.toml"),
    data_file!("iso50001-2018.toml"),
    data_file!("iso26000-2010.toml"),
];

/// The harmonized structure (Annex SL) and the cross-norm clause mapping.
pub const HARMONIZED_STRUCTURE: DataFile = data_file!("harmonized-structure.toml");

/// Units of measure and their exact conversion factors.
pub const UNITS: DataFile = data_file!("units.toml");

/// Metrics and KPI definitions.
pub const KPIS: DataFile = data_file!("kpis.toml");

/// Default GHG factors: GWP sets, fuel properties and emission factors (see GHG.md).
pub const GHG_FACTORS: DataFile = data_file!("ghg-factors.toml");

/// The European List of Waste (see WASTE.md).
pub const WASTE_LIST: DataFile = data_file!("waste-list.toml");

/// Waste operations D1–D15, R1–R13 and the Portuguese sub-codes, with their KPI classes (see WASTE.md).
pub const WASTE_OPERATIONS: DataFile = data_file!("waste-operations.toml");

/// Every catalogue file: the norms, then the harmonized-structure mapping.
pub fn catalogue_files() -> impl Iterator<Item = DataFile> {
    NORMS.iter().copied().chain(std::iter::once(HARMONIZED_STRUCTURE))
}
