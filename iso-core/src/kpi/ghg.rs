//! Greenhouse-gas and energy conversions of fuels and electricity (factor tables as data: `ghg-factors.toml`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::definitions::Definitions;
use super::engine::Input;
use crate::error::KpiError;
use crate::quantity::Quantity;

/// The factors an inventory uses: a GWP set, fuel properties and emission factors, electricity factors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factors {
    /// The GWP set's id (`AR5`), stored with every result.
    pub gwp_set: String,
}

/// Energy of energy metrics and fuels: `Ok(Err(reason))` when a conversion is missing.
pub(crate) fn energy_total(
    _defs: &Definitions,
    factors: Option<&Factors>,
    inputs: &[Input],
) -> Result<Result<Quantity, String>, KpiError> {
    let _ = (factors, inputs, Decimal::ZERO);
    Ok(Err("no GHG factor table loaded".to_owned()))
}

/// Scope 1 (or biogenic CO2) from fuels.
pub(crate) fn scope1(
    _defs: &Definitions,
    _factors: Option<&Factors>,
    _inputs: &[Input],
    _biogenic: bool,
) -> Result<Result<Quantity, String>, KpiError> {
    Ok(Err("no GHG factor table loaded".to_owned()))
}

/// Scope 2 from electricity.
pub(crate) fn scope2(
    _defs: &Definitions,
    _factors: Option<&Factors>,
    _inputs: &[Input],
    _site: Option<&str>,
    _market: bool,
) -> Result<Result<Quantity, String>, KpiError> {
    Ok(Err("no GHG factor table loaded".to_owned()))
}
