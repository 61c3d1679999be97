//! Connectors: data in from what organisations already have.
//!
//! - [`egar`]: e-GAR electronic waste transport guides (Portugal, SILiAmb), from XML and CSV exports, streamed into
//!   sums by producer, destination, transporter, LER code, operation and month.
//! - [`mirr`]: the annual waste register (MIRR) forms B, C1, C2 and D1 compiled from those sums, a declared register
//!   read from CSV, and the reconciliation of the two.
pub mod egar;
pub mod mirr;
