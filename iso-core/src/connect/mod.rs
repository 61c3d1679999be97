//! Connectors: data in from what organisations already have.
//!
//! - [`egar`]: e-GAR electronic waste transport guides (Portugal, SILiAmb), from XML and CSV exports, streamed into
//!   sums by producer, destination, transporter, LER code, operation and month.
pub mod egar;
