//! Performance indicators: definitions as data, measurements in long form, periods, and the energy, safety, GHG and
//! quality formulas, with targets, baselines and trends.
//!
//! Values are exact decimals with units ([`crate::quantity`]); a ratio with a zero denominator is
//! [`KpiValue::Undefined`] with its reason, never 0; sums of numerators and denominators are taken over sites and
//! months before dividing, never averages of ratios.

mod definitions;
pub mod energy;
mod engine;
pub mod ghg;
mod inputs;
mod measurements;
pub mod regression;

pub use definitions::{Definitions, Direction, Formula, KpiDef, Metric};
pub use energy::{EnergyModel, EnergyPerformance, SenpiMethod, performance};
pub use engine::{Input, KpiOptions, KpiReport, KpiResult, KpiValue, Target, TargetStatus, TrendPoint, compute};
pub use ghg::{Factors, GhgConfig};
pub use inputs::{IndicatorData, IndicatorFiles, IndicatorResults, targets_from_csv};
pub use measurements::{Measurement, Measurements};
