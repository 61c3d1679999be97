//! Energy performance against a regression baseline (ISO 50001 §6.4–6.5, ISO 50006, DOE SEP / EnPI tool, IPMVP).
//!
//! An [`EnergyModel`] (in the organisation's `energy.toml`) names the energy metrics, the relevant variables and the
//! baseline period. Its monthly data are fitted exactly ([`super::regression`]); the model is checked against the DOE
//! SEP acceptance rules; then, for a reporting period:
//!
//! - **forecast** (baseline-year model): SEnPI = E_actual / E_modeled over the reporting months;
//! - **backcast** (reporting-year model): SEnPI = E_modeled,baseline / E_actual,baseline;
//! - **chaining** through a middle year M: SEnPI = SEnPI(baseline model, M) × SEnPI(M's model, reporting period);
//!
//! cumulative improvement = 1 − SEnPI; normalised savings (IPMVP avoided energy) = Σ modeled − Σ actual. A month whose
//! modeled energy is negative is counted as 0 and listed.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::definitions::Definitions;
use super::engine::Input;
use super::ghg::{self, Factors};
use super::measurements::Measurements;
use super::regression::{self, Acceptance, AcceptanceRules, RangeCheck, Regression};
use crate::error::KpiError;
use crate::period::Period;
use crate::quantity::{Quantity, Unit};

/// How the SEnPI is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SenpiMethod {
    /// Baseline-year model applied to the reporting period (default).
    #[default]
    Forecast,
    /// Reporting-year model applied to the baseline period.
    Backcast,
    /// Through a model of a middle year.
    Chaining,
}

/// A regression energy baseline, as declared in `energy.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnergyModel {
    /// Id.
    pub id: String,
    /// Only this site; the organisation when absent.
    #[serde(default)]
    pub site: Option<String>,
    /// Energy metrics (fuels are converted by their calorific value).
    pub energy: Vec<String>,
    /// Relevant variables (metrics), one regression variable each.
    pub variables: Vec<String>,
    /// The baseline period; its months are the model's data points.
    #[schemars(with = "String")]
    pub baseline: Period,
    /// Forecast (default), backcast or chaining.
    #[serde(default)]
    pub method: SenpiMethod,
    /// For chaining: the middle year.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub middle: Option<Period>,
}

/// One month of actual and modeled energy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MonthEnergy {
    /// The month.
    #[schemars(with = "String")]
    pub period: Period,
    /// Actual energy, kWh.
    #[schemars(with = "String")]
    pub actual: Decimal,
    /// Modeled energy, kWh (0 when the model gives a negative value).
    #[schemars(with = "String")]
    pub modeled: Decimal,
    /// The model gave a negative value, counted as 0.
    pub clamped: bool,
}

/// The energy performance of a model for a reporting period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EnergyPerformance {
    /// Model id.
    pub model: String,
    /// Site, or the organisation.
    pub site: Option<String>,
    /// The method used.
    pub method: SenpiMethod,
    /// The baseline period.
    #[schemars(with = "String")]
    pub baseline: Period,
    /// The reporting period.
    #[schemars(with = "String")]
    pub period: Period,
    /// The regression the SEnPI rests on (the baseline model for forecast and chaining's first leg).
    pub regression: Option<Regression>,
    /// Its DOE SEP acceptance.
    pub acceptance: Option<Acceptance>,
    /// The SEP range check of the reporting period's variables.
    pub range_check: Vec<RangeCheck>,
    /// Σ actual energy over the period compared, kWh: the reporting period's (forecast, chaining) or the
    /// baseline's (backcast).
    #[schemars(with = "Option<String>")]
    pub actual: Option<Decimal>,
    /// Σ modeled energy over the same months, kWh: the baseline model in the reporting conditions (forecast), the
    /// reporting model in the baseline conditions (backcast).
    #[schemars(with = "Option<String>")]
    pub modeled: Option<Decimal>,
    /// SEnPI.
    #[schemars(with = "Option<String>")]
    pub senpi: Option<Decimal>,
    /// Cumulative improvement, 1 − SEnPI (negative: deterioration).
    #[schemars(with = "Option<String>")]
    pub improvement: Option<Decimal>,
    /// Normalised savings (avoided energy), kWh: modeled − actual (forecast, chaining), actual − modeled (backcast);
    /// positive when performance improved.
    #[schemars(with = "Option<String>")]
    pub savings: Option<Decimal>,
    /// Months compared.
    pub months: Vec<MonthEnergy>,
    /// Why a value is missing (too few months, collinear variables, no data).
    pub problem: Option<String>,
}

/// Monthly totals of metrics for a scope, energy converted to kWh.
struct Monthly<'a> {
    defs: &'a Definitions,
    measurements: &'a Measurements,
    factors: Option<&'a Factors>,
    site: Option<&'a str>,
}

impl Monthly<'_> {
    fn sum(&self, metrics: &[String], month: &Period, energy: bool) -> Result<Option<Decimal>, KpiError> {
        let mut inputs: BTreeMap<&str, (Decimal, u32)> = BTreeMap::new();
        let ids: Vec<&str> = metrics.iter().flat_map(|m| self.defs.expand(m)).collect();
        for row in &self.measurements.rows {
            if !ids.contains(&row.metric.as_str()) || (self.site.is_some() && row.site.as_deref() != self.site) {
                continue;
            }
            if row.start >= month.start() && row.end <= month.end() {
                let e = inputs.entry(row.metric.as_str()).or_default();
                e.0 += row.value;
                e.1 += 1;
            }
        }
        if inputs.is_empty() {
            return Ok(None);
        }
        if !energy {
            return Ok(Some(inputs.values().map(|v| v.0).sum()));
        }
        let list: Vec<Input> = inputs
            .iter()
            .filter_map(|(m, (v, n))| {
                let unit = self.defs.metrics.get(*m)?.unit.clone();
                Some(Input { metric: (*m).to_owned(), total: Quantity::new(*v, unit), measurements: *n })
            })
            .collect();
        match ghg::energy_total(self.defs, self.factors, &list)? {
            Ok(q) => Ok(Some(q.convert(&Unit::parse("kWh")?)?.value)),
            Err(_) => Ok(None),
        }
    }

    /// (months, energy, variable columns) for the months of `period` where every series has data.
    #[allow(clippy::type_complexity)]
    fn series(
        &self,
        model: &EnergyModel,
        period: &Period,
    ) -> Result<(Vec<Period>, Vec<Decimal>, Vec<(String, Vec<Decimal>)>), KpiError> {
        let mut months = Vec::new();
        let mut y = Vec::new();
        let mut x: Vec<(String, Vec<Decimal>)> = model.variables.iter().map(|v| (v.clone(), Vec::new())).collect();
        for month in period.months() {
            let Some(energy) = self.sum(&model.energy, &month, true)? else { continue };
            let mut values = Vec::new();
            for v in &model.variables {
                match self.sum(std::slice::from_ref(v), &month, false)? {
                    Some(value) => values.push(value),
                    None => break,
                }
            }
            if values.len() != model.variables.len() {
                continue;
            }
            months.push(month);
            y.push(energy);
            for ((_, column), value) in x.iter_mut().zip(values) {
                column.push(value);
            }
        }
        Ok((months, y, x))
    }
}

fn apply(regression: &Regression, months: &[Period], y: &[Decimal], x: &[(String, Vec<Decimal>)]) -> Vec<MonthEnergy> {
    months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let values: Vec<Decimal> = x.iter().map(|(_, c)| c[i]).collect();
            let raw = regression.predict(&values).unwrap_or(Decimal::ZERO);
            MonthEnergy { period: *month, actual: y[i], modeled: raw.max(Decimal::ZERO), clamped: raw < Decimal::ZERO }
        })
        .collect()
}

fn means(x: &[(String, Vec<Decimal>)]) -> Vec<(String, Decimal)> {
    x.iter()
        .filter(|(_, c)| !c.is_empty())
        .map(|(n, c)| (n.clone(), c.iter().sum::<Decimal>() / Decimal::from(c.len() as u64)))
        .collect()
}

fn totals(months: &[MonthEnergy]) -> (Decimal, Decimal) {
    (months.iter().map(|m| m.actual).sum(), months.iter().map(|m| m.modeled).sum())
}

/// The energy performance of a model for a reporting period.
pub fn performance(
    defs: &Definitions,
    measurements: &Measurements,
    factors: Option<&Factors>,
    model: &EnergyModel,
    period: &Period,
    rules: &AcceptanceRules,
) -> Result<EnergyPerformance, KpiError> {
    let data = Monthly { defs, measurements, factors, site: model.site.as_deref() };
    let mut out = EnergyPerformance {
        model: model.id.clone(),
        site: model.site.clone(),
        method: model.method,
        baseline: model.baseline,
        period: *period,
        regression: None,
        acceptance: None,
        range_check: Vec::new(),
        actual: None,
        modeled: None,
        senpi: None,
        improvement: None,
        savings: None,
        months: Vec::new(),
        problem: None,
    };
    type Fitted = Result<(Regression, Vec<(String, Vec<Decimal>)>), String>;
    let fit = |p: &Period| -> Result<Fitted, KpiError> {
        let (_, y, x) = data.series(model, p)?;
        Ok(regression::fit(&y, &x, true).map(|r| (r, x)).map_err(|e| format!("{p}: {e}")))
    };
    let (baseline_fit, baseline_x) = match fit(&model.baseline)? {
        Ok(f) => f,
        Err(problem) => {
            out.problem = Some(problem);
            return Ok(out);
        }
    };
    out.acceptance = Some(baseline_fit.acceptance(rules));
    let (months, y, x) = data.series(model, period)?;
    out.range_check = regression::range_check(&baseline_x, &means(&x));
    let senpi = match model.method {
        SenpiMethod::Forecast => {
            out.months = apply(&baseline_fit, &months, &y, &x);
            let (actual, modeled) = totals(&out.months);
            out.actual = Some(actual);
            out.modeled = Some(modeled);
            out.savings = Some(modeled - actual);
            (!modeled.is_zero()).then(|| actual / modeled)
        }
        SenpiMethod::Backcast => {
            let (reporting_fit, _) = match fit(period)? {
                Ok(f) => f,
                Err(problem) => {
                    out.problem = Some(problem);
                    return Ok(out);
                }
            };
            let (bm, by, bx) = data.series(model, &model.baseline)?;
            out.months = apply(&reporting_fit, &bm, &by, &bx);
            let (actual, modeled) = totals(&out.months);
            out.actual = Some(actual);
            out.modeled = Some(modeled);
            // The baseline's energy minus what today's performance would use in the baseline's conditions.
            out.savings = Some(actual - modeled);
            (!actual.is_zero()).then(|| modeled / actual)
        }
        SenpiMethod::Chaining => {
            let Some(middle) = model.middle else {
                out.problem = Some("chaining needs a middle period".to_owned());
                return Ok(out);
            };
            let (mm, my, mx) = data.series(model, &middle)?;
            let first = totals(&apply(&baseline_fit, &mm, &my, &mx));
            let (middle_fit, _) = match fit(&middle)? {
                Ok(f) => f,
                Err(problem) => {
                    out.problem = Some(problem);
                    return Ok(out);
                }
            };
            out.months = apply(&middle_fit, &months, &y, &x);
            let second = totals(&out.months);
            out.actual = Some(second.0);
            out.modeled = Some(second.1);
            out.savings = Some(second.1 - second.0);
            match (first.1.is_zero(), second.1.is_zero()) {
                (false, false) => Some(first.0 / first.1 * (second.0 / second.1)),
                _ => None,
            }
        }
    };
    out.regression = Some(baseline_fit);
    if senpi.is_none() && out.problem.is_none() {
        out.problem = Some(format!("no modeled energy in {period} (no month with every variable measured)"));
    }
    out.senpi = senpi.map(|s| s.normalize());
    out.improvement = senpi.map(|s| (Decimal::ONE - s).normalize());
    Ok(out)
}
