//! Metric and KPI definitions as data (`catalogues/data/kpis.toml`, and an organisation's own file in the same
//! format), loaded and checked.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{KpiError, LineIndex, Location, RecordIssue};
use crate::quantity::{Dimension, Unit};
use crate::text::Text;

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Lower values are better (energy intensity, injury rates).
    Lower,
    /// Higher values are better (on-time delivery, yield).
    Higher,
}

/// How a KPI is computed from its metrics (see the header of `kpis.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    /// Σ numerator.
    Sum,
    /// Σ numerator / Σ denominator (× base).
    Ratio,
    /// Σ numerator × base / Σ denominator.
    Rate,
    /// Σ numerator / Σ denominator, as a percentage.
    Share,
    /// defects × 10⁶ / opportunities.
    Dpmo,
    /// Π over steps of good / started.
    RolledYield,
    /// Energy metrics + fuels converted by net calorific value (÷ denominator when given).
    EnergyTotal,
    /// Scope 1 emissions from fuels.
    GhgScope1,
    /// Scope 2 location-based emissions.
    GhgScope2Location,
    /// Scope 2 market-based emissions.
    GhgScope2Market,
    /// Biogenic CO2, outside the scopes.
    GhgBiogenic,
}

/// A metric: what a measurement reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// `energy.electricity`.
    pub id: String,
    /// Its dimension.
    pub dimension: Dimension,
    /// Canonical unit: measurements are converted into it, exactly where possible.
    #[schemars(with = "String")]
    pub unit: Unit,
    /// For fuels: the fuel's id in the GHG factor table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel: Option<String>,
    /// For fuels: how it is burnt (`stationary`, `mobile_road`, `mobile_aviation`), which picks the emission factors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel_use: Option<String>,
    /// Whether negative values are allowed (never for counts, hours, consumption).
    #[serde(default)]
    pub signed: bool,
    /// Grouping for reports: `energy`, `safety`, `quality`, `ghg`, `waste`, …
    #[serde(default)]
    pub group: String,
    /// Names.
    pub names: Text,
}

/// A KPI definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiDef {
    /// Stable id; for rates it names the base (`ltifr-1m`).
    pub id: String,
    /// How it is computed.
    pub kind: Formula,
    /// Numerator metrics (ids, or `prefix.*` for every metric under a prefix).
    #[serde(default)]
    pub numerator: Vec<String>,
    /// Denominator metrics.
    #[serde(default)]
    pub denominator: Vec<String>,
    /// Multiplier (rates: 200 000 or 1 000 000 hours; dpmo: 1 000 000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub base: Option<Decimal>,
    /// The unit of the value (sums and ratios); shares are percentages and rates counts per base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub unit: Option<Unit>,
    /// Which way is better.
    pub direction: Direction,
    /// Decimals shown (rounded half away from zero, at presentation only).
    #[serde(default = "two")]
    pub decimals: u32,
    /// Grouping for reports.
    #[serde(default)]
    pub group: String,
    /// Names.
    pub names: Text,
    /// How it is computed, in words.
    pub method: Text,
    /// Where the definition comes from.
    #[serde(default)]
    pub source: String,
}

fn two() -> u32 {
    2
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefinitionsFile {
    #[serde(default)]
    metric: Vec<Spanned<Metric>>,
    #[serde(default)]
    kpi: Vec<Spanned<KpiDef>>,
}

/// A checked set of metrics and KPIs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definitions {
    /// Metrics, by id.
    pub metrics: BTreeMap<String, Metric>,
    /// KPIs, in file order.
    pub kpis: Vec<KpiDef>,
}

impl Definitions {
    /// The built-in definitions.
    pub fn builtin() -> Result<Definitions, KpiError> {
        Definitions::from_toml(&[(iso_catalogues::KPIS.name, iso_catalogues::KPIS.text)])
    }

    /// Definitions from several files (the built-in one first, then an organisation's own): later files may add
    /// metrics and KPIs, not redefine them.
    pub fn from_toml(files: &[(&str, &str)]) -> Result<Definitions, KpiError> {
        let mut metrics = BTreeMap::new();
        let mut kpis: Vec<KpiDef> = Vec::new();
        let mut issues = Vec::new();
        let mut positions = BTreeMap::new();
        for (name, text) in files {
            let file: DefinitionsFile = toml::from_str(text).map_err(|e| KpiError::Syntax {
                location: e
                    .span()
                    .map_or_else(|| Location::file(*name), |s| LineIndex::new(text).locate(*name, s.start)),
                message: e.message().trim_end_matches(['\n', '.']).to_owned(),
            })?;
            let lines = LineIndex::new(text);
            for m in file.metric {
                let at = lines.locate(*name, m.span().start);
                let m = m.into_inner();
                if m.unit.dimension() != (m.dimension, None) {
                    let actual = m.unit.dimension().0;
                    issues.push(issue(
                        &at,
                        &m.id,
                        "unit",
                        format!("unit {} measures {actual}, not {}", m.unit, m.dimension),
                    ));
                }
                if m.fuel.is_some() != m.fuel_use.is_some()
                    || m.fuel_use
                        .as_deref()
                        .is_some_and(|u| !matches!(u, "stationary" | "mobile_road" | "mobile_aviation"))
                {
                    issues.push(issue(
                        &at,
                        &m.id,
                        "fuel_use",
                        "a fuel metric needs fuel and fuel_use (stationary, mobile_road or mobile_aviation)".to_owned(),
                    ));
                }
                if metrics.contains_key(&m.id) {
                    issues.push(issue(&at, &m.id, "id", "duplicate metric".to_owned()));
                }
                positions.insert(m.id.clone(), at);
                metrics.insert(m.id.clone(), m);
            }
            for k in file.kpi {
                let at = lines.locate(*name, k.span().start);
                let k = k.into_inner();
                if kpis.iter().any(|x| x.id == k.id) {
                    issues.push(issue(&at, &k.id, "id", "duplicate indicator".to_owned()));
                }
                positions.insert(format!("kpi:{}", k.id), at);
                kpis.push(k);
            }
        }
        let defs = Definitions { metrics, kpis };
        for k in &defs.kpis {
            let at = positions.get(&format!("kpi:{}", k.id)).cloned().unwrap_or_else(|| Location::file("kpis"));
            for pattern in k.numerator.iter().chain(&k.denominator) {
                if defs.expand(pattern).is_empty() {
                    issues.push(issue(&at, &k.id, "metrics", format!("no metric matches {pattern:?}")));
                }
            }
            let needs_denominator = matches!(
                k.kind,
                Formula::Ratio | Formula::Rate | Formula::Share | Formula::Dpmo | Formula::RolledYield
            );
            if needs_denominator && k.denominator.is_empty() {
                issues.push(issue(&at, &k.id, "denominator", format!("a {:?} indicator needs a denominator", k.kind)));
            }
            if k.numerator.is_empty() {
                issues.push(issue(&at, &k.id, "numerator", "an indicator needs a numerator".to_owned()));
            }
        }
        if issues.is_empty() { Ok(defs) } else { Err(KpiError::Invalid { issues }) }
    }

    /// Metric ids matching a pattern: an id, or `prefix.*` (every metric whose id starts with `prefix.`).
    pub fn expand(&self, pattern: &str) -> Vec<&str> {
        match pattern.strip_suffix(".*") {
            Some(prefix) => {
                let dotted = format!("{prefix}.");
                self.metrics.keys().filter(|id| id.starts_with(&dotted)).map(String::as_str).collect()
            }
            None => self.metrics.get(pattern).map(|m| vec![m.id.as_str()]).unwrap_or_default(),
        }
    }

    /// A KPI by id.
    pub fn kpi(&self, id: &str) -> Option<&KpiDef> {
        self.kpis.iter().find(|k| k.id == id)
    }
}

fn issue(at: &Location, id: &str, field: &str, message: String) -> RecordIssue {
    RecordIssue { location: at.clone(), id: Some(id.to_owned()), field: Some(field.to_owned()), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_definitions_are_consistent() {
        let defs = Definitions::builtin().unwrap();
        assert!(defs.kpis.len() >= 25);
        assert!(defs.expand("fuel.*").contains(&"fuel.diesel.road"));
        for k in &defs.kpis {
            if k.kind == Formula::Rate {
                let base = k.base.unwrap();
                assert!(
                    k.id.ends_with(if base == Decimal::new(200_000, 0) { "200k" } else { "1m" })
                        || k.id.contains("-1m-")
                        || k.id.contains("per-million")
                        || k.id.starts_with("ppm"),
                    "{}",
                    k.id
                );
            }
        }
    }

    #[test]
    fn bad_definitions_are_listed() {
        let text = "[[metric]]\nid = \"a\"\ndimension = \"energy\"\nunit = \"t\"\nnames = { en = \"A\" }\n\n[[kpi]]\nid = \"k\"\nkind = \"ratio\"\nnumerator = [\"a\", \"b.*\"]\ndirection = \"lower\"\nnames = { en = \"K\" }\nmethod = { en = \"M\" }\n";
        let err = Definitions::from_toml(&[("mine.toml", text)]).unwrap_err();
        let KpiError::Invalid { issues } = err else { panic!("{err:?}") };
        let messages: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "mine.toml:1:1: a: unit: unit t measures mass, not energy",
                "mine.toml:7:1: k: metrics: no metric matches \"b.*\"",
                "mine.toml:7:1: k: denominator: a Ratio indicator needs a denominator",
            ]
        );
    }
}
