//! Quantities: an exact decimal and a unit. Units, their dimensions and their exact conversion factors are data
//! (`catalogues/data/units.toml`); adding, comparing or converting quantities of different dimensions is an error,
//! never a silent number.
//!
//! ```
//! use iso_core::quantity::{Quantity, Unit};
//! let a = Quantity::parse("1.5", "MWh")?;
//! let b = Quantity::parse("900", "kWh")?;
//! assert_eq!(a.add(&b)?.to_string(), "2.4 MWh");
//! assert_eq!(a.convert(&Unit::parse("GJ")?)?.to_string(), "5.4 GJ");
//! assert!(a.add(&Quantity::parse("3", "t")?).is_err());
//! let intensity = a.per(&Quantity::parse("120", "t")?)?.expect("not a zero denominator");
//! assert_eq!(intensity.convert(&Unit::parse("kWh/t")?)?.to_string(), "12.5 kWh/t");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::UnitError;
use crate::text::Text;

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Energy (base kJ).
    Energy,
    /// Mass (base kg).
    Mass,
    /// Volume (base L).
    Volume,
    /// Time (base s).
    Time,
    /// A count (base 1).
    Count,
    /// Greenhouse-gas emissions (base kg CO2e).
    Emissions,
    /// Money (EUR; currencies are never converted).
    Currency,
    /// A pure number (base 1; % = 0.01).
    Dimensionless,
    /// Length (base m).
    Length,
    /// Area (base m²).
    Area,
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        f.write_str(&name)
    }
}

/// One unit of the table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    /// Canonical symbol: `kWh`.
    pub symbol: String,
    /// What it measures.
    pub dimension: Dimension,
    /// Its size in the dimension's base unit, exact.
    pub factor: Decimal,
    /// Other accepted spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names.
    pub names: Text,
}

#[derive(Debug, Deserialize)]
struct UnitFile {
    unit: Vec<UnitDef>,
}

struct Table {
    units: Vec<UnitDef>,
    by_name: HashMap<String, usize>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The built-in table is checked by the test suite; a broken build gives an empty table, never a panic.
        let units = toml::from_str::<UnitFile>(iso_catalogues::UNITS.text).map(|f| f.unit).unwrap_or_default();
        let mut by_name = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            by_name.insert(u.symbol.to_lowercase(), i);
            for alias in &u.aliases {
                by_name.entry(alias.to_lowercase()).or_insert(i);
            }
        }
        // Exact symbols win over case-insensitive aliases (`Mg` megagram vs `mg`).
        for (i, u) in units.iter().enumerate() {
            by_name.insert(u.symbol.clone(), i);
        }
        Table { units, by_name }
    })
}

fn lookup(symbol: &str) -> Result<&'static UnitDef, UnitError> {
    let t = table();
    let s = symbol.trim();
    t.by_name.get(s).or_else(|| t.by_name.get(&s.to_lowercase())).map(|&i| &t.units[i]).ok_or_else(|| {
        let folded = s.to_lowercase().replace(' ', "");
        let suggestion = t
            .units
            .iter()
            .find(|u| {
                u.symbol.to_lowercase().replace(' ', "") == folded || u.symbol.to_lowercase().starts_with(&folded)
            })
            .map(|u| u.symbol.clone());
        UnitError::Unknown { unit: symbol.to_owned(), suggestion }
    })
}

/// Every unit of the built-in table.
pub fn units() -> &'static [UnitDef] {
    &table().units
}

/// A unit: a simple one (`kWh`) or a ratio of two (`kWh/t`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(into = "String")]
#[schemars(with = "String")]
pub struct Unit {
    numerator: &'static str,
    denominator: Option<&'static str>,
}

impl Unit {
    /// Parses `kWh`, `t`, `kWh/t`, `tCO2e/MWh`; aliases and case variants are accepted.
    pub fn parse(text: &str) -> Result<Unit, UnitError> {
        let (n, d) = match text.split_once('/') {
            Some((n, d)) => (n, Some(d)),
            None => (text, None),
        };
        let numerator = lookup(n)?.symbol.as_str();
        let denominator = d.map(lookup).transpose()?.map(|u| u.symbol.as_str());
        Ok(Unit { numerator, denominator })
    }

    fn def(symbol: &str) -> &'static UnitDef {
        // Units are only built from the table, so the symbol is always there.
        let t = table();
        &t.units[t.by_name.get(symbol).copied().unwrap_or(0)]
    }

    /// The dimension of the numerator, and of the denominator for a ratio.
    pub fn dimension(&self) -> (Dimension, Option<Dimension>) {
        (Unit::def(self.numerator).dimension, self.denominator.map(|d| Unit::def(d).dimension))
    }

    /// The size of one of this unit in base units (numerator base per denominator base).
    fn factor(&self) -> Decimal {
        let n = Unit::def(self.numerator).factor;
        match self.denominator {
            Some(d) => n / Unit::def(d).factor,
            None => n,
        }
    }

    /// The same dimension: quantities of both units can be added and converted.
    pub fn compatible(&self, other: &Unit) -> bool {
        self.dimension() == other.dimension()
    }

    /// This unit divided by another (`kWh` per `t` → `kWh/t`); a ratio cannot be divided again.
    pub fn per(&self, other: &Unit) -> Result<Unit, UnitError> {
        if self.denominator.is_some() || other.denominator.is_some() {
            return Err(UnitError::Unknown { unit: format!("({self})/({other})"), suggestion: None });
        }
        Ok(Unit { numerator: self.numerator, denominator: Some(other.numerator) })
    }

    fn dimension_name(&self) -> String {
        match self.dimension() {
            (n, None) => n.to_string(),
            (n, Some(d)) => format!("{n} per {d}"),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.denominator {
            Some(d) => write!(f, "{}/{d}", self.numerator),
            None => f.write_str(self.numerator),
        }
    }
}

impl FromStr for Unit {
    type Err = UnitError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Unit::parse(s)
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Unit, D::Error> {
        let text = String::deserialize(d)?;
        Unit::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<String> for Unit {
    type Error = UnitError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Unit::parse(&s)
    }
}

impl From<Unit> for String {
    fn from(u: Unit) -> String {
        u.to_string()
    }
}

/// An exact value with its unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Quantity {
    /// The value, exact.
    #[schemars(with = "String")]
    pub value: Decimal,
    /// The unit.
    pub unit: Unit,
}

fn mismatch(operation: &str, a: &Unit, b: &Unit) -> UnitError {
    UnitError::Mismatch {
        operation: operation.to_owned(),
        left: a.to_string(),
        right: b.to_string(),
        left_dimension: a.dimension_name(),
        right_dimension: b.dimension_name(),
    }
}

impl Quantity {
    /// A quantity.
    pub fn new(value: Decimal, unit: Unit) -> Self {
        Quantity { value, unit }
    }

    /// Parses a value and a unit.
    pub fn parse(value: &str, unit: &str) -> Result<Quantity, UnitError> {
        let v = value.trim().parse::<Decimal>().map_err(|_| UnitError::Overflow(format!("{value:?} as a number")))?;
        Ok(Quantity { value: v, unit: Unit::parse(unit)? })
    }

    /// The quantity in another unit of the same dimension. Exact when the ratio of the factors is a terminating
    /// decimal (kWh → MJ); otherwise rounded to 28 significant digits (MJ → toe).
    pub fn convert(&self, to: &Unit) -> Result<Quantity, UnitError> {
        if !self.unit.compatible(to) {
            return Err(mismatch("convert", &self.unit, to));
        }
        if &self.unit == to {
            return Ok(self.clone());
        }
        let base = self.value.checked_mul(self.unit.factor()).ok_or_else(|| UnitError::Overflow(self.to_string()))?;
        let value = base.checked_div(to.factor()).ok_or_else(|| UnitError::Overflow(self.to_string()))?;
        Ok(Quantity { value: value.normalize(), unit: to.clone() })
    }

    /// The sum, in this quantity's unit.
    pub fn add(&self, other: &Quantity) -> Result<Quantity, UnitError> {
        if !self.unit.compatible(&other.unit) {
            return Err(mismatch("add", &self.unit, &other.unit));
        }
        let other = other.convert(&self.unit)?;
        let value = self.value.checked_add(other.value).ok_or_else(|| UnitError::Overflow(self.to_string()))?;
        Ok(Quantity { value, unit: self.unit.clone() })
    }

    /// Compares two quantities of the same dimension.
    pub fn compare(&self, other: &Quantity) -> Result<Ordering, UnitError> {
        if !self.unit.compatible(&other.unit) {
            return Err(mismatch("compare", &self.unit, &other.unit));
        }
        Ok(self.value.cmp(&other.convert(&self.unit)?.value))
    }

    /// This quantity per another (`kWh` per `t`); `None` when the other is zero (an undefined ratio).
    pub fn per(&self, other: &Quantity) -> Result<Option<Quantity>, UnitError> {
        let unit = self.unit.per(&other.unit)?;
        if other.value.is_zero() {
            return Ok(None);
        }
        let value = self.value.checked_div(other.value).ok_or_else(|| UnitError::Overflow(self.to_string()))?;
        Ok(Some(Quantity { value, unit }))
    }

    /// The quantity times a pure number.
    pub fn scale(&self, by: Decimal) -> Result<Quantity, UnitError> {
        let value = self.value.checked_mul(by).ok_or_else(|| UnitError::Overflow(self.to_string()))?;
        Ok(Quantity { value, unit: self.unit.clone() })
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value.normalize(), self.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(v: &str, u: &str) -> Quantity {
        Quantity::parse(v, u).unwrap()
    }

    #[test]
    fn the_built_in_table_loads() {
        assert!(units().len() >= 30);
        assert_eq!(Unit::parse("KWH").unwrap().to_string(), "kWh");
        assert_eq!(Unit::parse("tonne").unwrap().to_string(), "t");
        assert_eq!(Unit::parse("m³").unwrap().to_string(), "m3");
    }

    #[test]
    fn exact_conversions() {
        assert_eq!(q("1", "kWh").convert(&Unit::parse("MJ").unwrap()).unwrap(), q("3.6", "MJ"));
        assert_eq!(q("1", "toe").convert(&Unit::parse("GJ").unwrap()).unwrap(), q("41.868", "GJ"));
        assert_eq!(q("2500", "kg").convert(&Unit::parse("t").unwrap()).unwrap(), q("2.5", "t"));
        assert_eq!(q("45", "%").convert(&Unit::parse("ratio").unwrap()).unwrap(), q("0.45", "ratio"));
    }

    #[test]
    fn different_dimensions_are_errors() {
        let err = q("1", "kWh").add(&q("1", "t")).unwrap_err();
        assert_eq!(err.to_string(), "cannot add kWh and t: energy and mass are different dimensions");
        assert!(q("1", "kWh/t").convert(&Unit::parse("kWh").unwrap()).is_err());
        assert!(q("1", "EUR").compare(&q("1", "h")).is_err());
        let unknown = Unit::parse("kwhh").unwrap_err();
        assert_eq!(unknown.to_string(), "unknown unit \"kwhh\"");
        assert!(Unit::parse("KW").unwrap_err().to_string().contains("did you mean \"kWh\""));
    }

    #[test]
    fn ratios_are_undefined_for_zero() {
        assert_eq!(q("10", "kWh").per(&q("0", "t")).unwrap(), None);
        assert_eq!(q("10", "kWh").per(&q("4", "t")).unwrap().unwrap(), q("2.5", "kWh/t"));
    }
}
