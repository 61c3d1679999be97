//! Performance indicators: definitions, measurements, periods, and the energy, safety, GHG and quality formulas.

pub mod regression;
