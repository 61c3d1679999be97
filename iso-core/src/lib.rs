#![doc = include_str!("../README.md")]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod catalogue;
pub mod error;
pub mod register;
pub mod text;

pub use catalogue::Catalogue;
pub use error::{CatalogueError, NotFound, RegisterError};
pub use text::{Lang, Text};

/// The repository README's Rust example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The engine's version, as stamped on reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The types most programs need.
pub mod prelude {
    pub use crate::catalogue::{Catalogue, ClauseFilter, DocumentedInfo, RequirementFilter};
    pub use crate::error::CatalogueError;
    pub use crate::text::{Lang, Text};
}
