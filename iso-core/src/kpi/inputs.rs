//! An organisation folder's indicator inputs: `measurements.csv`, `targets.csv`, `ghg.toml`, `energy.toml` and an
//! optional `kpis.toml` of its own metrics and indicators (same format as the built-in one).

use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::definitions::Definitions;
use super::energy::{EnergyModel, EnergyPerformance, performance};
use super::engine::{KpiOptions, KpiReport, Target, compute};
use super::ghg::{Factors, GhgConfig};
use super::measurements::Measurements;
use super::regression::AcceptanceRules;
use crate::error::{KpiError, LineIndex, Location, RecordIssue};
use crate::number::parse_decimal;
use crate::period::Period;
use crate::register::{ColumnMap, Organisation};

/// Everything indicators are computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorData {
    /// Metric and KPI definitions (built-in, then the organisation's).
    pub definitions: Definitions,
    /// Measurements.
    pub measurements: Measurements,
    /// Targets.
    pub targets: Vec<Target>,
    /// GHG factors, when the organisation declared its inventory choices (`ghg.toml`).
    pub factors: Option<Factors>,
    /// Energy baseline models (`energy.toml`).
    pub energy_models: Vec<EnergyModel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnergyFile {
    #[serde(default)]
    model: Vec<EnergyModel>,
}

fn read(path: &Path) -> Result<Option<(String, String)>, KpiError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some((path.display().to_string(), text))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(KpiError::Io { path: path.display().to_string(), message: e.to_string(), kind: e.kind() }),
    }
}

fn toml_file<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, KpiError> {
    toml::from_str(text).map_err(|e| KpiError::Syntax {
        location: e.span().map_or_else(|| Location::file(name), |s| LineIndex::new(text).locate(name, s.start)),
        message: e.message().trim_end_matches(['\n', '.']).to_owned(),
    })
}

/// The texts of an organisation's indicator files, each with the name its errors cite (a path, `measurements.csv`).
///
/// What bindings build from strings, DataFrames or uploaded files; [`IndicatorData::from_folder`] reads them from
/// disk.
#[derive(Debug, Clone, Default)]
pub struct IndicatorFiles {
    /// `measurements.csv`: **site, period, metric, value, unit** (long form).
    pub measurements: (String, String),
    /// `targets.csv`: **kpi, target**, site, period, warning.
    pub targets: Option<(String, String)>,
    /// `ghg.toml`: the inventory's choices ([`GhgConfig`]).
    pub ghg: Option<(String, String)>,
    /// `energy.toml`: `[[model]]` energy baselines ([`EnergyModel`]).
    pub energy: Option<(String, String)>,
    /// `kpis.toml`: the organisation's own metrics and indicators (the built-in format).
    pub kpis: Option<(String, String)>,
}

impl IndicatorData {
    /// Indicator data with the built-in definitions and nothing else: a start for measurements that come from
    /// elsewhere (e-GAR guides through [`crate::waste::indicators::waste_measurements`]).
    pub fn builtin() -> Result<IndicatorData, KpiError> {
        Ok(IndicatorData {
            definitions: Definitions::builtin()?,
            measurements: Measurements::default(),
            targets: Vec::new(),
            factors: None,
            energy_models: Vec::new(),
        })
    }

    /// Adds measurements computed elsewhere (waste from e-GAR guides) to those of the sheet. Every row's metric
    /// must be defined and its value not negative unless the metric is signed; nothing is added otherwise. Rows
    /// are added, never merged: do not report the same waste both in `measurements.csv` and through guides.
    pub fn add_measurements(&mut self, extra: Measurements) -> Result<(), KpiError> {
        let issues: Vec<RecordIssue> = extra
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, row)| {
                let (field, message) = match self.definitions.metrics.get(&row.metric) {
                    None => ("metric", format!("unknown metric {:?}", row.metric)),
                    Some(m) if row.value.is_sign_negative() && !row.value.is_zero() && !m.signed => {
                        ("value", format!("{}: {} cannot be negative", row.value, m.id))
                    }
                    Some(_) => return None,
                };
                Some(RecordIssue {
                    location: Location { file: "added measurements".to_owned(), line: None, column: None },
                    id: Some(format!("row {}", i + 1)),
                    field: Some(field.to_owned()),
                    message,
                })
            })
            .collect();
        if !issues.is_empty() {
            return Err(KpiError::Invalid { issues });
        }
        self.measurements.extend(extra);
        Ok(())
    }

    /// Adds the waste metrics of the organisation's own e-GAR guides (its NIF as producer; see
    /// [`crate::waste::indicators`]), so that the waste KPIs are computed too.
    pub fn add_guides(
        &mut self,
        groups: &[crate::connect::egar::Group],
        organisation: &Organisation,
        policy: &crate::waste::ClassPolicy,
    ) -> Result<(), KpiError> {
        self.add_measurements(crate::waste::indicators::waste_measurements(groups, organisation, policy)?)
    }

    /// Reads the indicator files of an organisation folder; `None` when it has no `measurements.csv`.
    pub fn from_folder(
        folder: impl AsRef<Path>,
        organisation: &Organisation,
    ) -> Result<Option<IndicatorData>, KpiError> {
        let folder = folder.as_ref();
        let Some(measurements) = read(&folder.join("measurements.csv"))? else { return Ok(None) };
        let files = IndicatorFiles {
            measurements,
            targets: read(&folder.join("targets.csv"))?,
            ghg: read(&folder.join("ghg.toml"))?,
            energy: read(&folder.join("energy.toml"))?,
            kpis: read(&folder.join("kpis.toml"))?,
        };
        IndicatorData::from_files(&files, organisation).map(Some)
    }

    /// Reads indicator files given as texts.
    ///
    /// ```
    /// use iso_core::kpi::{IndicatorData, IndicatorFiles};
    /// use iso_core::register::Organisation;
    ///
    /// let organisation: Organisation = toml::from_str("id = \"o\"\nname = \"O\"\n[[site]]\nid = \"a\"\nname = \"A\"")?;
    /// let files = IndicatorFiles {
    ///     measurements: ("m.csv".into(), "site,period,metric,value,unit\na,2025,hs.hours.employees,1000,h\n".into()),
    ///     ..IndicatorFiles::default()
    /// };
    /// let data = IndicatorData::from_files(&files, &organisation)?;
    /// assert_eq!(data.measurements.rows.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_files(files: &IndicatorFiles, organisation: &Organisation) -> Result<IndicatorData, KpiError> {
        let mut definition_files = vec![(iso_catalogues::KPIS.name, iso_catalogues::KPIS.text)];
        if let Some((n, t)) = &files.kpis {
            definition_files.push((n.as_str(), t.as_str()));
        }
        let definitions = Definitions::from_toml(&definition_files)?;
        let (name, text) = &files.measurements;
        let measurements = Measurements::from_csv(name, text, &definitions, Some(organisation), &ColumnMap::new())?;
        let targets = match &files.targets {
            Some((n, t)) => targets_from_csv(n, t, &definitions, organisation)?,
            None => Vec::new(),
        };
        let factors = match &files.ghg {
            Some((n, t)) => Some(Factors::builtin(toml_file::<GhgConfig>(n, t)?)?),
            None => None,
        };
        let energy_models = match &files.energy {
            Some((n, t)) => toml_file::<EnergyFile>(n, t)?.model,
            None => Vec::new(),
        };
        Ok(IndicatorData { definitions, measurements, targets, factors, energy_models })
    }
}

/// What [`IndicatorData::compute`] gives for a period: the KPIs and the energy performance of each baseline model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorResults {
    /// The KPIs, organisation and sites.
    pub indicators: KpiReport,
    /// One per energy baseline model, in `energy.toml` order.
    pub energy: Vec<EnergyPerformance>,
}

impl IndicatorData {
    /// Computes the KPIs and the energy performance of every baseline model for `options.period`.
    pub fn compute(
        &self,
        organisation: &Organisation,
        options: &KpiOptions,
        rules: &AcceptanceRules,
    ) -> Result<IndicatorResults, KpiError> {
        let indicators = compute(
            &self.definitions,
            &self.measurements,
            Some(organisation),
            self.factors.as_ref(),
            &self.targets,
            options,
        )?;
        let energy = self
            .energy_models
            .iter()
            .map(|m| {
                performance(&self.definitions, &self.measurements, self.factors.as_ref(), m, &options.period, rules)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(IndicatorResults { indicators, energy })
    }
}

/// Reads `targets.csv`: **kpi, target**, site, period, warning.
pub fn targets_from_csv(
    name: &str,
    text: &str,
    defs: &Definitions,
    organisation: &Organisation,
) -> Result<Vec<Target>, KpiError> {
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).from_reader(text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes());
    let headers: Vec<String> =
        reader.headers().map(|h| h.iter().map(|x| x.trim().to_lowercase()).collect()).unwrap_or_default();
    let column = |c: &str| headers.iter().position(|h| h == c);
    let mut issues = Vec::new();
    let at = |line: u64| Location { file: name.to_owned(), line: u32::try_from(line).ok(), column: None };
    for required in ["kpi", "target"] {
        if column(required).is_none() {
            issues.push(RecordIssue {
                location: at(1),
                id: None,
                field: None,
                message: format!("missing required column {required}"),
            });
        }
    }
    if !issues.is_empty() {
        return Err(KpiError::Invalid { issues });
    }
    let mut targets = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                issues.push(RecordIssue {
                    location: at(e.position().map_or(0, |p| p.line())),
                    id: None,
                    field: None,
                    message: e.to_string(),
                });
                break;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let get = |c: &str| column(c).and_then(|i| record.get(i)).map(str::trim).filter(|v| !v.is_empty());
        let mut fail = |field: &str, message: String| {
            issues.push(RecordIssue {
                location: at(line),
                id: get("kpi").map(str::to_owned),
                field: Some(field.to_owned()),
                message,
            });
        };
        let kpi = get("kpi").unwrap_or_default().to_owned();
        if defs.kpi(&kpi).is_none() {
            fail("kpi", format!("unknown indicator {kpi:?}"));
        }
        let site = get("site").map(str::to_owned);
        if let Some(s) = &site {
            if !organisation.sites.iter().any(|x| &x.id == s) {
                fail("site", format!("unknown site {s:?}"));
            }
        }
        let period = match get("period").map(str::parse::<Period>).transpose() {
            Ok(p) => p,
            Err(e) => {
                fail("period", e);
                None
            }
        };
        let mut number = |field: &str| -> Option<Decimal> {
            match get(field).map(parse_decimal).transpose() {
                Ok(v) => v,
                Err(e) => {
                    fail(field, e);
                    None
                }
            }
        };
        let target = number("target");
        let warning = number("warning");
        if let Some(target) = target {
            targets.push(Target { kpi, site, period, target, warning });
        } else if get("target").is_none() {
            fail("target", "is empty".to_owned());
        }
    }
    if issues.is_empty() { Ok(targets) } else { Err(KpiError::Invalid { issues }) }
}
