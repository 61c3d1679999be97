//! Greenhouse-gas accounting and fuel energy (ISO 14064-1, GHG Protocol): factor tables as data.
//!
//! The built-in table (`catalogues/data/ghg-factors.toml`, documented in `catalogues/GHG.md`) holds GWP sets (AR4,
//! AR5, AR5-fossil-30, AR6) and IPCC 2006 fuel properties and emission factors, all on a net calorific value basis.
//! An organisation adds what only it knows in a [`GhgConfig`] (`ghg.toml` in its folder): the GWP set it reports
//! with, its stationary combustion sector, fuel densities, electricity factors with their sources, and the
//! contractual instruments covering part of its electricity.
//!
//! - Scope 1: Σ fuel × NCV × (CO2 + CH4 × GWP + N2O × GWP); the CO2 of biogenic fuels is kept apart (reported
//!   outside the scopes); their CH4 and N2O count, as non-fossil methane where the set distinguishes it.
//! - Scope 2, location-based: Σ grid electricity × the grid-average factor.
//! - Scope 2, market-based: electricity covered by instruments × their factor + the rest × the residual-mix factor;
//!   never negative (instruments covering more than the consumption cover all of it, no more).
//!
//! Self-generated electricity carries no scope 2 emissions.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::definitions::Definitions;
use super::engine::Input;
use crate::error::{KpiError, LineIndex, Location, RecordIssue};
use crate::quantity::{Dimension, Quantity, Unit};

#[derive(Debug, Deserialize)]
struct FactorFile {
    #[serde(default)]
    gwp_set: Vec<GwpSetEntry>,
    #[serde(default)]
    fuel: Vec<FuelEntry>,
    #[serde(default)]
    electricity: Vec<ElectricityFactor>,
    #[serde(default)]
    source: Vec<Source>,
}

#[derive(Debug, Deserialize)]
struct GwpSetEntry {
    id: String,
    #[serde(default)]
    gas: Vec<GwpEntry>,
}

#[derive(Debug, Deserialize)]
struct GwpEntry {
    gas: String,
    #[serde(default)]
    origin: Option<String>,
    gwp: Decimal,
}

#[derive(Debug, Deserialize)]
struct FuelEntry {
    id: String,
    #[serde(default)]
    biogenic: bool,
    ncv: Valued,
    #[serde(default)]
    density: Option<Valued>,
    #[serde(default)]
    factor: Vec<FuelFactor>,
}

#[derive(Debug, Clone, Deserialize)]
struct Valued {
    value: Decimal,
}

/// One way of burning a fuel, with its emission factors (kg per TJ, NCV basis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FuelFactor {
    /// `stationary`, `mobile_road`, `mobile_aviation`.
    #[serde(rename = "use")]
    pub usage: String,
    /// For stationary use: the IPCC sector.
    #[serde(default)]
    pub sector: Option<String>,
    /// For road use: the vehicle technology.
    #[serde(default)]
    pub technology: Option<String>,
    /// kg CO2 per TJ.
    pub co2: Decimal,
    /// kg CH4 per TJ.
    pub ch4: Decimal,
    /// kg N2O per TJ.
    pub n2o: Decimal,
    /// The table the row comes from.
    #[serde(default)]
    pub table: String,
}

/// An electricity emission factor with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElectricityFactor {
    /// Id.
    pub id: String,
    /// What it is, as the publication names it.
    #[serde(default)]
    pub name: Option<String>,
    /// `grid_average` (location-based), `residual_mix` or `supplier` (market-based).
    pub kind: String,
    /// Country or bidding zone.
    #[serde(default)]
    pub area: Option<String>,
    /// The year of the electricity consumed. A period uses the factor of its last day's year, or the latest year
    /// before it when that year's factor is not yet published (never a later year's).
    pub year: i32,
    /// kg per MWh.
    #[schemars(with = "String")]
    pub factor: Decimal,
    /// `co2` (CO2 only) or `co2e`.
    #[serde(default = "co2")]
    pub gases: String,
    /// Only these sites; every site when empty.
    #[serde(default)]
    pub sites: Vec<String>,
    /// Source id.
    pub source: String,
    /// Table.
    #[serde(default)]
    pub table: String,
}

fn co2() -> String {
    "co2".to_owned()
}

/// A publication factors come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Id.
    pub id: String,
    /// Publisher.
    #[serde(default)]
    pub publisher: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Edition.
    #[serde(default)]
    pub edition: String,
    /// Publication year.
    #[serde(default)]
    pub year: Option<i32>,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<String>,
}

/// A fuel density supplied by the organisation (kg/m³).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Density {
    /// Fuel id.
    pub fuel: String,
    /// kg per m³.
    #[schemars(with = "String")]
    pub value: Decimal,
    /// Temperature of the value, °C.
    #[serde(default)]
    pub temperature_c: Option<i32>,
    /// Where it comes from (a supplier's data sheet, a delivery note).
    pub source: String,
}

/// Electricity covered by a contractual instrument (guarantees of origin, a green tariff).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// The metric holding the covered electricity (`energy.electricity.renewable_certified`).
    pub metric: String,
    /// The instrument's factor, kg per MWh (0 for renewable guarantees of origin).
    #[schemars(with = "String")]
    pub factor: Decimal,
    /// What it is.
    pub description: String,
}

/// What an organisation declares for its inventory (`ghg.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GhgConfig {
    /// The GWP set reported with (`AR4`, `AR5`, `AR5-fossil-30`, `AR6`). Required for GHG indicators: the engine
    /// never picks one silently.
    #[serde(default)]
    pub gwp_set: Option<String>,
    /// The IPCC sector of the organisation's stationary combustion (`manufacturing_construction`,
    /// `commercial_institutional`, `energy_industries`, `residential_agriculture`).
    #[serde(default)]
    pub stationary_sector: Option<String>,
    /// For fuels with several road rows: the technology, by fuel id.
    #[serde(default)]
    pub road_technology: BTreeMap<String, String>,
    /// Fuel densities.
    #[serde(default)]
    pub density: Vec<Density>,
    /// Electricity factors.
    #[serde(default)]
    pub electricity: Vec<ElectricityFactor>,
    /// Contractual instruments.
    #[serde(default)]
    pub instrument: Vec<Instrument>,
    /// Sources of the values above.
    #[serde(default)]
    pub source: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Fuel {
    biogenic: bool,
    /// MJ per kg.
    ncv: Decimal,
    /// kg per m³.
    density: Option<Decimal>,
    rows: Vec<FuelFactor>,
}

/// The factors an inventory uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factors {
    /// The GWP set's id, stored with every result.
    pub gwp_set: String,
    /// GWPs by `gas` or `gas@origin` (CH₄ has fossil and non-fossil values in AR6).
    gwps: BTreeMap<String, Decimal>,
    fuels: BTreeMap<String, Fuel>,
    config: GhgConfig,
    electricity: Vec<ElectricityFactor>,
    /// Every source known.
    pub sources: Vec<Source>,
}

fn gwp_key(gas: &str, origin: Option<&str>) -> String {
    match origin {
        Some(origin) => format!("{gas}@{origin}"),
        None => gas.to_owned(),
    }
}

fn syntax(name: &str, text: &str, e: &toml::de::Error) -> KpiError {
    KpiError::Syntax {
        location: e.span().map_or_else(|| Location::file(name), |s| LineIndex::new(text).locate(name, s.start)),
        message: e.message().trim_end_matches(['\n', '.']).to_owned(),
    }
}

fn invalid(file: &str, id: &str, field: &str, message: String) -> KpiError {
    KpiError::Invalid {
        issues: vec![RecordIssue {
            location: Location::file(file),
            id: Some(id.to_owned()),
            field: Some(field.to_owned()),
            message,
        }],
    }
}

impl Factors {
    /// The built-in factor table with an organisation's declarations.
    pub fn builtin(config: GhgConfig) -> Result<Factors, KpiError> {
        Factors::load(iso_catalogues::GHG_FACTORS.name, iso_catalogues::GHG_FACTORS.text, config)
    }

    /// A factor table (the built-in one, or a user's copy in the same format) with an organisation's declarations.
    pub fn load(name: &str, text: &str, config: GhgConfig) -> Result<Factors, KpiError> {
        let file: FactorFile = toml::from_str(text).map_err(|e| syntax(name, text, &e))?;
        let gwp_set = config.gwp_set.clone().ok_or_else(|| {
            let sets: Vec<&str> = file.gwp_set.iter().map(|s| s.id.as_str()).collect();
            invalid(
                "ghg.toml",
                "gwp_set",
                "gwp_set",
                format!("name the GWP set reported with: one of {}", sets.join(", ")),
            )
        })?;
        let set = file.gwp_set.iter().find(|s| s.id == gwp_set).ok_or_else(|| {
            let sets: Vec<&str> = file.gwp_set.iter().map(|s| s.id.as_str()).collect();
            invalid("ghg.toml", &gwp_set, "gwp_set", format!("unknown GWP set {gwp_set:?}: one of {}", sets.join(", ")))
        })?;
        let gwps = set.gas.iter().map(|g| (gwp_key(&g.gas, g.origin.as_deref()), g.gwp)).collect();
        let mut fuels: BTreeMap<String, Fuel> = file
            .fuel
            .into_iter()
            .map(|f| {
                (
                    f.id,
                    Fuel {
                        biogenic: f.biogenic,
                        ncv: f.ncv.value,
                        density: f.density.map(|d| d.value),
                        rows: f.factor,
                    },
                )
            })
            .collect();
        for d in &config.density {
            let fuel = fuels
                .get_mut(&d.fuel)
                .ok_or_else(|| invalid("ghg.toml", &d.fuel, "density", format!("unknown fuel {:?}", d.fuel)))?;
            if d.value <= Decimal::ZERO {
                return Err(invalid("ghg.toml", &d.fuel, "density", format!("{} is not a density", d.value)));
            }
            fuel.density = Some(d.value);
        }
        let mut electricity = file.electricity;
        electricity.extend(config.electricity.iter().cloned());
        for e in &electricity {
            if !matches!(e.kind.as_str(), "grid_average" | "residual_mix" | "supplier") {
                return Err(invalid(
                    "ghg.toml",
                    &e.id,
                    "kind",
                    format!("unknown kind {:?}: grid_average, residual_mix or supplier", e.kind),
                ));
            }
            if e.factor.is_sign_negative() {
                return Err(invalid("ghg.toml", &e.id, "factor", format!("{} is negative", e.factor)));
            }
            if let Some(twin) = electricity.iter().take_while(|other| !std::ptr::eq(*other, e)).find(|other| {
                (&other.kind, other.year, &other.area, &other.sites) == (&e.kind, e.year, &e.area, &e.sites)
            }) {
                return Err(invalid(
                    "ghg.toml",
                    &e.id,
                    "year",
                    format!("{} already gives the {} factor of {} for the same sites", twin.id, e.kind, e.year),
                ));
            }
        }
        let mut sources = file.source;
        sources.extend(config.source.iter().cloned());
        Ok(Factors { gwp_set, gwps, fuels, config, electricity, sources })
    }

    fn gwp(&self, gas: &str, fossil: bool) -> Result<Decimal, String> {
        let origin = if fossil { "fossil" } else { "non_fossil" };
        self.gwps
            .get(&gwp_key(gas, Some(origin)))
            .or_else(|| self.gwps.get(gas))
            .copied()
            .ok_or_else(|| format!("{gas} has no GWP in the set {}", self.gwp_set))
    }

    fn row<'f>(&self, fuel_id: &str, fuel: &'f Fuel, usage: &str) -> Result<&'f FuelFactor, String> {
        let candidates: Vec<&FuelFactor> = fuel.rows.iter().filter(|r| r.usage == usage).collect();
        let pick = match usage {
            "stationary" => {
                let sector = self.config.stationary_sector.as_deref().ok_or_else(|| {
                    "declare stationary_sector in ghg.toml (manufacturing_construction, commercial_institutional, energy_industries, residential_agriculture)".to_owned()
                })?;
                candidates.into_iter().find(|r| r.sector.as_deref() == Some(sector))
            }
            _ => match candidates.as_slice() {
                [only] => Some(*only),
                many => {
                    let technology = self.config.road_technology.get(fuel_id);
                    let found =
                        many.iter().find(|r| technology.is_some_and(|t| r.technology.as_ref() == Some(t))).copied();
                    if found.is_none() {
                        let options: Vec<&str> = many.iter().filter_map(|r| r.technology.as_deref()).collect();
                        return Err(format!(
                            "{fuel_id} has several {usage} rows: declare road_technology.{fuel_id} in ghg.toml ({})",
                            options.join(", ")
                        ));
                    }
                    found
                }
            },
        };
        pick.ok_or_else(|| format!("no {usage} emission factor for {fuel_id}"))
    }

    /// The energy (NCV) of a fuel quantity; `Err(reason)` when a density is missing or the unit does not fit.
    fn fuel_energy(&self, fuel_id: &str, quantity: &Quantity) -> Result<Result<Quantity, String>, KpiError> {
        let Some(fuel) = self.fuels.get(fuel_id) else {
            return Ok(Err(format!("fuel {fuel_id:?} is not in the factor table")));
        };
        let kg = Unit::parse("kg")?;
        let mass = match quantity.unit.dimension() {
            (Dimension::Energy, None) => return Ok(Ok(quantity.convert(&Unit::parse("MJ")?)?)),
            (Dimension::Mass, None) => quantity.convert(&kg)?,
            (Dimension::Volume, None) => {
                let Some(density) = fuel.density else {
                    return Ok(Err(format!(
                        "{fuel_id} is measured by volume: declare its density (kg/m3) in ghg.toml"
                    )));
                };
                let m3 = quantity.convert(&Unit::parse("m3")?)?;
                Quantity::new(m3.value * density, kg.clone())
            }
            _ => {
                return Ok(Err(format!("{fuel_id} is measured in {}, neither energy, mass nor volume", quantity.unit)));
            }
        };
        Ok(Ok(Quantity::new(mass.value * fuel.ncv, Unit::parse("MJ")?)))
    }
}

fn metric_fuel<'a>(defs: &'a Definitions, metric: &str) -> Option<(&'a str, &'a str)> {
    let m = defs.metrics.get(metric)?;
    Some((m.fuel.as_deref()?, m.fuel_use.as_deref().unwrap_or("stationary")))
}

/// Energy of energy metrics and fuels, in kWh: `Ok(Err(reason))` when a conversion is missing.
pub(crate) fn energy_total(
    defs: &Definitions,
    factors: Option<&Factors>,
    inputs: &[Input],
) -> Result<Result<Quantity, String>, KpiError> {
    let kwh = Unit::parse("kWh")?;
    let mut total = Quantity::new(Decimal::ZERO, kwh.clone());
    for input in inputs {
        let energy = match metric_fuel(defs, &input.metric) {
            None => input.total.clone(),
            Some((fuel, _)) => {
                let Some(factors) = factors else {
                    return Ok(Err(format!("{} needs the fuel table (declare ghg.toml)", input.metric)));
                };
                match factors.fuel_energy(fuel, &input.total)? {
                    Ok(q) => q,
                    Err(reason) => return Ok(Err(reason)),
                }
            }
        };
        total = total.add(&energy)?;
    }
    Ok(Ok(Quantity::new(total.value.normalize(), kwh)))
}

/// Scope 1 from fuels (or, with `biogenic`, the biogenic CO2 kept outside the scopes), in kg CO2e.
pub(crate) fn scope1(
    defs: &Definitions,
    factors: Option<&Factors>,
    inputs: &[Input],
    biogenic: bool,
) -> Result<Result<Quantity, String>, KpiError> {
    let Some(factors) = factors else {
        return Ok(Err("no GHG factors: declare the GWP set in ghg.toml".to_owned()));
    };
    let tj_per_mj = Decimal::new(1, 6);
    let mut kg = Decimal::ZERO;
    for input in inputs {
        let Some((fuel_id, usage)) = metric_fuel(defs, &input.metric) else { continue };
        let Some(fuel) = factors.fuels.get(fuel_id) else {
            return Ok(Err(format!("fuel {fuel_id:?} is not in the factor table")));
        };
        let energy = match factors.fuel_energy(fuel_id, &input.total)? {
            Ok(q) => q.value * tj_per_mj,
            Err(reason) => return Ok(Err(reason)),
        };
        let row = match factors.row(fuel_id, fuel, usage) {
            Ok(r) => r,
            Err(reason) => return Ok(Err(reason)),
        };
        if biogenic {
            if fuel.biogenic {
                kg += energy * row.co2;
            }
            continue;
        }
        let (ch4, n2o) = match (factors.gwp("CH4", !fuel.biogenic), factors.gwp("N2O", true)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
        };
        let co2 = if fuel.biogenic { Decimal::ZERO } else { row.co2 };
        kg += energy * (co2 + row.ch4 * ch4 + row.n2o * n2o);
    }
    Ok(Ok(Quantity::new(kg.normalize(), Unit::parse("kgCO2e")?)))
}

/// Scope 2 from grid electricity (location- or market-based), in kg CO2e.
pub(crate) fn scope2(
    factors: Option<&Factors>,
    inputs: &[Input],
    site: Option<&str>,
    year: i32,
    market: bool,
) -> Result<Result<Quantity, String>, KpiError> {
    let Some(factors) = factors else {
        return Ok(Err("no electricity factors: declare them in ghg.toml".to_owned()));
    };
    let mwh = Unit::parse("MWh")?;
    let grid = inputs
        .iter()
        .filter(|i| i.metric == "energy.electricity")
        .map(|i| i.total.convert(&mwh).map(|q| q.value))
        .sum::<Result<Decimal, _>>()?;
    let applies = |e: &&ElectricityFactor| e.sites.is_empty() || site.is_some_and(|s| e.sites.iter().any(|x| x == s));
    // A site's own factor before the organisation's; then the year's, or the latest published before it.
    let find = |kind: &str| {
        factors
            .electricity
            .iter()
            .filter(applies)
            .filter(|e| e.kind == kind && e.year <= year)
            .max_by_key(|e| (!e.sites.is_empty(), e.year))
    };
    let kg = if market {
        let mut covered = Decimal::ZERO;
        let mut kg = Decimal::ZERO;
        for instrument in &factors.config.instrument {
            for input in inputs.iter().filter(|i| i.metric == instrument.metric) {
                let amount = input.total.convert(&mwh)?.value.min(grid - covered).max(Decimal::ZERO);
                covered += amount;
                kg += amount * instrument.factor;
            }
        }
        let rest = grid - covered;
        if rest > Decimal::ZERO {
            let Some(residual) = find("supplier").or_else(|| find("residual_mix")) else {
                return Ok(Err(format!(
                    "no residual-mix (or supplier) electricity factor for {year} or before in ghg.toml"
                )));
            };
            kg += rest * residual.factor;
        }
        kg
    } else {
        let Some(average) = find("grid_average") else {
            return Ok(Err(format!("no grid-average electricity factor for {year} or before in ghg.toml")));
        };
        grid * average.factor
    };
    Ok(Ok(Quantity::new(kg.normalize(), Unit::parse("kgCO2e")?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> GhgConfig {
        toml::from_str(
            r#"
gwp_set = "AR5"
stationary_sector = "commercial_institutional"
road_technology = { motor_gasoline = "oxidation_catalyst" }

[[density]]
fuel = "diesel"
value = "835"
temperature_c = 15
source = "supplier data sheet"

[[electricity]]
id = "grid"
kind = "grid_average"
year = 2024
factor = "200"
source = "test"

[[electricity]]
id = "residual"
kind = "residual_mix"
year = 2024
factor = "300"
source = "test"

[[electricity]]
id = "residual-2026"
kind = "residual_mix"
year = 2026
factor = "100"
source = "test"

[[instrument]]
metric = "energy.electricity.renewable_certified"
factor = "0"
description = "guarantees of origin"
"#,
        )
        .unwrap()
    }

    fn input(metric: &str, value: &str, unit: &str) -> Input {
        Input { metric: metric.to_owned(), total: Quantity::parse(value, unit).unwrap(), measurements: 1 }
    }

    #[test]
    fn the_built_in_table_loads_and_needs_a_gwp_set() {
        assert!(Factors::builtin(config()).is_ok());
        let err = Factors::builtin(GhgConfig::default()).unwrap_err();
        assert!(
            err.to_string().contains("name the GWP set reported with: one of AR4, AR5, AR5-fossil-30, AR6"),
            "{err}"
        );
    }

    #[test]
    fn scope1_of_road_diesel_by_hand() {
        let defs = Definitions::builtin().unwrap();
        let factors = Factors::builtin(config()).unwrap();
        // 1000 L × 0.835 kg/L × 43.0 MJ/kg = 35 905 MJ = 0.035905 TJ;
        // × (74 100 + 3.9 × 28 + 3.9 × 265) kg/TJ = 0.035905 × 75 242.7 = 2 633.4945 + 68.0946435 kg CO2e.
        let kg = scope1(&defs, Some(&factors), &[input("fuel.diesel.road", "1000", "L")], false).unwrap().unwrap();
        assert_eq!(kg.to_string(), "2701.5891435 kgCO2e");
        let energy = energy_total(&defs, Some(&factors), &[input("fuel.diesel.road", "1000", "L")]).unwrap().unwrap();
        assert_eq!(energy.value.round_dp(4).to_string(), "9973.6111");
    }

    #[test]
    fn scope2_both_methods_never_negative() {
        let factors = Factors::builtin(config()).unwrap();
        let inputs =
            [input("energy.electricity", "100", "MWh"), input("energy.electricity.renewable_certified", "40", "MWh")];
        assert_eq!(scope2(Some(&factors), &inputs, None, 2025, false).unwrap().unwrap().to_string(), "20000 kgCO2e");
        assert_eq!(scope2(Some(&factors), &inputs, None, 2025, true).unwrap().unwrap().to_string(), "18000 kgCO2e");
        let over =
            [input("energy.electricity", "10", "MWh"), input("energy.electricity.renewable_certified", "40", "MWh")];
        assert_eq!(scope2(Some(&factors), &over, None, 2025, true).unwrap().unwrap().to_string(), "0 kgCO2e");
        assert_eq!(
            scope2(Some(&factors), &inputs, None, 2026, true).unwrap().unwrap().to_string(),
            "6000 kgCO2e",
            "2026 has its own residual mix"
        );
        assert_eq!(
            scope2(Some(&factors), &inputs, None, 2023, false).unwrap().unwrap_err(),
            "no grid-average electricity factor for 2023 or before in ghg.toml",
            "a later year's factor is never used"
        );
    }

    #[test]
    fn missing_declarations_are_reasons_not_numbers() {
        let defs = Definitions::builtin().unwrap();
        let mut c = config();
        c.density.clear();
        c.road_technology.clear();
        let factors = Factors::builtin(c).unwrap();
        let reason = scope1(&defs, Some(&factors), &[input("fuel.diesel.road", "1", "L")], false).unwrap().unwrap_err();
        assert!(reason.contains("declare its density"), "{reason}");
        let reason =
            scope1(&defs, Some(&factors), &[input("fuel.petrol.road", "1", "kg")], false).unwrap().unwrap_err();
        assert!(reason.contains("declare road_technology.motor_gasoline"), "{reason}");
    }
}
