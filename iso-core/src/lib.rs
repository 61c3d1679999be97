#![doc = include_str!("../README.md")]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod assess;
pub mod catalogue;
pub mod circularity;
pub mod connect;
pub mod error;
pub mod kpi;
pub mod number;
pub mod period;
pub mod quantity;
pub mod register;
pub mod report;
pub mod synthetic;
pub mod text;
pub mod waste;

pub use catalogue::Catalogue;
pub use error::{
    AssessError, CatalogueError, CircularityError, KpiError, NotFound, RegisterError, ReportError, UnitError,
    WasteError,
};
pub use text::{Lang, Text};

/// The repository README's Rust example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The engine's version, as stamped on reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The types most programs need.
pub mod prelude {
    pub use crate::assess::{AssessOptions, Assessment, Conformity, assess};
    pub use crate::catalogue::{Catalogue, ClauseFilter, DocumentedInfo, RequirementFilter};
    pub use crate::error::{AssessError, CatalogueError, RegisterError};
    pub use crate::register::{Register, RegisterBuilder};
    pub use crate::text::{Lang, Text};
}
