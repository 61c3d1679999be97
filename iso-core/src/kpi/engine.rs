//! Computing KPIs for a period, per site and for the organisation: sums of numerators and denominators first, then
//! the formula; undefined values with their reason; previous period, baseline, monthly trend and target status.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::definitions::{Definitions, Direction, Formula, KpiDef};
use super::ghg::{self, Factors};
use super::measurements::Measurements;
use crate::error::KpiError;
use crate::period::Period;
use crate::quantity::{Quantity, Unit};
use crate::register::Organisation;

/// A KPI value: a number with its unit, or undefined with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum KpiValue {
    /// A value.
    Defined {
        /// Exact value.
        #[schemars(with = "String")]
        value: Decimal,
        /// Its unit (`kWh/t`, `%`, `per 1 000 000 h`, …).
        unit: String,
    },
    /// No value, and why (a zero denominator, no measurement).
    Undefined {
        /// Why.
        reason: String,
    },
}

impl KpiValue {
    /// The number, when defined.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            KpiValue::Defined { value, .. } => Some(*value),
            KpiValue::Undefined { .. } => None,
        }
    }
}

/// The total of one metric that went into a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Input {
    /// Metric id.
    pub metric: String,
    /// Its total over the period and scope, in the metric's unit.
    pub total: Quantity,
    /// How many measurements were summed.
    pub measurements: u32,
}

/// A target and where the value stands against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Target {
    /// KPI id.
    pub kpi: String,
    /// Only this site; the organisation's value when absent.
    #[serde(default)]
    pub site: Option<String>,
    /// Only this period; every period when absent.
    #[serde(default)]
    pub period: Option<Period>,
    /// The value to reach (at most, for lower-is-better KPIs; at least otherwise).
    #[schemars(with = "String")]
    pub target: Decimal,
    /// Beyond the target but within this value: at risk; beyond it: off target.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub warning: Option<Decimal>,
}

/// Where a value stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// The target is met.
    OnTarget,
    /// Missed, but within the warning value.
    AtRisk,
    /// Missed.
    OffTarget,
    /// No value to compare.
    NoData,
}

/// One month of a trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TrendPoint {
    /// The month.
    #[schemars(with = "String")]
    pub period: Period,
    /// The KPI's value that month.
    #[schemars(with = "Option<String>")]
    pub value: Option<Decimal>,
}

/// A KPI for a period and a scope (a site, or the organisation), with everything that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct KpiResult {
    /// KPI id.
    pub kpi: String,
    /// Site id; absent for the organisation (all sites and organisation-wide measurements).
    pub site: Option<String>,
    /// The value.
    pub value: KpiValue,
    /// Σ numerator, when the formula has one.
    pub numerator: Option<Quantity>,
    /// Σ denominator, when the formula has one.
    pub denominator: Option<Quantity>,
    /// The multiplier.
    #[schemars(with = "Option<String>")]
    pub base: Option<Decimal>,
    /// The metric totals that produced it.
    pub inputs: Vec<Input>,
    /// The value in the previous period.
    pub previous: Option<KpiValue>,
    /// The value in the baseline period.
    pub baseline: Option<KpiValue>,
    /// Improvement against the baseline, as a fraction: positive is better whatever the direction; negative values
    /// (deterioration) are reported, not clamped.
    #[schemars(with = "Option<String>")]
    pub improvement: Option<Decimal>,
    /// Monthly values over the period (organisation only).
    pub trend: Vec<TrendPoint>,
    /// The target that applies.
    #[schemars(with = "Option<String>")]
    pub target: Option<Decimal>,
    /// Where the value stands against it.
    pub status: Option<TargetStatus>,
    /// Measurements left out because they straddle the period's boundary.
    pub straddling: u32,
}

/// What to compute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiOptions {
    /// The period.
    #[schemars(with = "String")]
    pub period: Period,
    /// The baseline period, for improvement.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub baseline: Option<Period>,
    /// Also compute the previous period (default true).
    #[serde(default = "yes")]
    pub previous: bool,
    /// Also compute monthly values (default true).
    #[serde(default = "yes")]
    pub trend: bool,
    /// Also compute per site (default true).
    #[serde(default = "yes")]
    pub per_site: bool,
    /// Only these KPIs; all when empty.
    #[serde(default)]
    pub kpis: Vec<String>,
}

fn yes() -> bool {
    true
}

impl KpiOptions {
    /// Defaults for a period.
    pub fn new(period: Period) -> Self {
        KpiOptions { period, baseline: None, previous: true, trend: true, per_site: true, kpis: Vec::new() }
    }
}

/// KPIs for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct KpiReport {
    /// The period.
    #[schemars(with = "String")]
    pub period: Period,
    /// The baseline period.
    #[schemars(with = "Option<String>")]
    pub baseline: Option<Period>,
    /// The GWP set used for CO2e, when GHG KPIs were computed.
    pub gwp_set: Option<String>,
    /// Results: per KPI (definition order), the organisation first, then each site (organisation order).
    pub results: Vec<KpiResult>,
}

/// A measurement row: (first day, last day, value).
type Row = (NaiveDate, NaiveDate, Decimal);

/// The rows of one metric at one site (`None`: organisation-wide rows), sorted by first day.
struct SiteRows<'a> {
    site: Option<&'a str>,
    rows: Vec<Row>,
    /// The longest span of a row, in days: rows starting this long before a period may still reach into it.
    longest: chrono::Days,
}

/// Measurement rows indexed by metric, then site, then first day: a total reads only the rows near its period.
struct Index<'a> {
    by_metric: BTreeMap<&'a str, Vec<SiteRows<'a>>>,
}

impl<'a> Index<'a> {
    fn new(measurements: &'a Measurements) -> Self {
        let mut grouped: BTreeMap<(&str, Option<&str>), Vec<Row>> = BTreeMap::new();
        for m in &measurements.rows {
            grouped.entry((m.metric.as_str(), m.site.as_deref())).or_default().push((m.start, m.end, m.value));
        }
        let mut by_metric: BTreeMap<&str, Vec<SiteRows<'_>>> = BTreeMap::new();
        for ((metric, site), mut rows) in grouped {
            rows.sort_by_key(|r| (r.0, r.1));
            let longest = rows.iter().map(|r| (r.1 - r.0).num_days()).max().unwrap_or(0);
            let longest = chrono::Days::new(u64::try_from(longest).unwrap_or(0));
            by_metric.entry(metric).or_default().push(SiteRows { site, rows, longest });
        }
        Index { by_metric }
    }

    /// The sites (and `None` for organisation-wide rows) that measured `metric`.
    fn sites(&self, metric: &str) -> impl Iterator<Item = Option<&'a str>> + '_ {
        self.by_metric.get(metric).into_iter().flatten().map(|g| g.site)
    }
}

/// The rows a total reads.
#[derive(Clone, Copy)]
enum Rows<'s> {
    /// A site's (`Some`), or every row, the organisation's (`None`).
    Scope(Option<&'s str>),
    /// Exactly the rows of this site (`None`: the rows given without a site).
    Exactly(Option<&'s str>),
}

impl Rows<'_> {
    fn take(self, row_site: Option<&str>) -> bool {
        match self {
            Rows::Scope(None) => true,
            Rows::Scope(site) | Rows::Exactly(site) => row_site == site,
        }
    }
}

/// The total of a metric over a period and scope: (sum, rows counted, rows straddling the period).
fn total(index: &Index<'_>, metric: &str, rows: Rows<'_>, period: &Period) -> (Decimal, u32, u32) {
    let (start, end) = (period.start(), period.end());
    let mut sum = Decimal::ZERO;
    let (mut counted, mut straddling) = (0, 0);
    for group in index.by_metric.get(metric).into_iter().flatten().filter(|g| rows.take(g.site)) {
        let earliest = start.checked_sub_days(group.longest).unwrap_or(NaiveDate::MIN);
        let from = group.rows.partition_point(|r| r.0 < earliest);
        let to = group.rows.partition_point(|r| r.0 <= end);
        for &(a, b, v) in group.rows.get(from..to).unwrap_or_default() {
            if a >= start && b <= end {
                sum += v;
                counted += 1;
            } else if b >= start {
                straddling += 1;
            }
        }
    }
    (sum, counted, straddling)
}

struct Evaluated {
    value: KpiValue,
    numerator: Option<Quantity>,
    denominator: Option<Quantity>,
    inputs: Vec<Input>,
    straddling: u32,
}

fn undefined(reason: impl Into<String>) -> KpiValue {
    KpiValue::Undefined { reason: reason.into() }
}

struct Sums {
    quantity: Option<Quantity>,
    inputs: Vec<Input>,
    straddling: u32,
    any: bool,
}

/// How [`sum_side`] totals a side.
#[derive(Clone, Copy)]
enum Adding<'u> {
    /// Adds every metric in this unit (the first metric's unit when absent).
    In(Option<&'u Unit>),
    /// Keeps one total per metric: energy and GHG formulas convert each (litres of fuel, kWh) before adding.
    PerMetric,
}

/// Sums the metrics of a side (numerator or denominator).
fn sum_side(
    defs: &Definitions,
    index: &Index<'_>,
    patterns: &[String],
    adding: Adding<'_>,
    rows: Rows<'_>,
    period: &Period,
) -> Result<Sums, KpiError> {
    let mut quantity: Option<Quantity> = None;
    let mut inputs = Vec::new();
    let (mut straddling, mut any) = (0, false);
    for pattern in patterns {
        for metric_id in defs.expand(pattern) {
            let Some(metric) = defs.metrics.get(metric_id) else { continue };
            let (sum, counted, straddle) = total(index, metric_id, rows, period);
            straddling += straddle;
            if counted == 0 {
                continue;
            }
            any = true;
            let q = Quantity::new(sum, metric.unit.clone());
            if let Adding::In(unit) = adding {
                quantity = Some(match quantity {
                    None => match unit {
                        Some(u) => q.convert(u)?,
                        None => q.clone(),
                    },
                    Some(acc) => acc.add(&q)?,
                });
            }
            inputs.push(Input { metric: metric_id.to_owned(), total: q, measurements: counted });
        }
    }
    Ok(Sums { quantity, inputs, straddling, any })
}

/// Scope 2 of a site, or of the organisation as the sum of its sites' (and of the rows given without a site):
/// contractual instruments cover their own site's electricity, and a site may have its own grid factor.
fn scope2_by_site(
    defs: &Definitions,
    index: &Index<'_>,
    factors: Option<&Factors>,
    kpi: &KpiDef,
    site: Option<&str>,
    period: &Period,
    market: bool,
) -> Result<Result<Quantity, String>, KpiError> {
    let year = period.end().year();
    if site.is_some() {
        let side = sum_side(defs, index, &kpi.numerator, Adding::PerMetric, Rows::Scope(site), period)?;
        return ghg::scope2(factors, &side.inputs, site, year, market);
    }
    let mut groups: Vec<Option<&str>> =
        kpi.numerator.iter().flat_map(|p| defs.expand(p)).flat_map(|m| index.sites(m)).collect();
    groups.sort_unstable();
    groups.dedup();
    let mut kg = Decimal::ZERO;
    for group in groups {
        let side = sum_side(defs, index, &kpi.numerator, Adding::PerMetric, Rows::Exactly(group), period)?;
        if !side.any {
            continue;
        }
        match ghg::scope2(factors, &side.inputs, group, year, market)? {
            Ok(q) => kg += q.value,
            Err(reason) => return Ok(Err(reason)),
        }
    }
    Ok(Ok(Quantity::new(kg.normalize(), Unit::parse("kgCO2e")?)))
}

fn names(defs: &Definitions, patterns: &[String]) -> String {
    patterns.iter().flat_map(|p| defs.expand(p)).collect::<Vec<_>>().join(", ")
}

fn evaluate(
    defs: &Definitions,
    index: &Index<'_>,
    factors: Option<&Factors>,
    kpi: &KpiDef,
    site: Option<&str>,
    period: &Period,
) -> Result<Evaluated, KpiError> {
    let (numerator_unit, denominator_unit) = match &kpi.unit {
        Some(u) => match u.to_string().split_once('/') {
            Some((n, d)) => (Some(Unit::parse(n)?), Some(Unit::parse(d)?)),
            None => (Some(u.clone()), None),
        },
        None => (None, None),
    };
    let base = kpi.base.unwrap_or(Decimal::ONE);
    let mut inputs = Vec::new();
    let mut straddling = 0;

    // Energy and GHG formulas convert fuels first.
    let numerator = match kpi.kind {
        Formula::EnergyTotal
        | Formula::GhgScope1
        | Formula::GhgScope2Location
        | Formula::GhgScope2Market
        | Formula::GhgBiogenic => {
            let side = sum_side(defs, index, &kpi.numerator, Adding::PerMetric, Rows::Scope(site), period)?;
            straddling += side.straddling;
            if !side.any {
                return Ok(Evaluated {
                    value: undefined(format!("no measurement of {} in {period}", names(defs, &kpi.numerator))),
                    numerator: None,
                    denominator: None,
                    inputs: side.inputs,
                    straddling,
                });
            }
            let computed = match kpi.kind {
                Formula::EnergyTotal => ghg::energy_total(defs, factors, &side.inputs)?,
                Formula::GhgScope1 => ghg::scope1(defs, factors, &side.inputs, false)?,
                Formula::GhgBiogenic => ghg::scope1(defs, factors, &side.inputs, true)?,
                _ => scope2_by_site(defs, index, factors, kpi, site, period, kpi.kind == Formula::GhgScope2Market)?,
            };
            inputs.extend(side.inputs);
            match computed {
                Ok(q) => Some(match &numerator_unit {
                    Some(u) => q.convert(u)?,
                    None => q,
                }),
                Err(reason) => {
                    return Ok(Evaluated {
                        value: undefined(reason),
                        numerator: None,
                        denominator: None,
                        inputs,
                        straddling,
                    });
                }
            }
        }
        Formula::RolledYield => None,
        _ => {
            let side =
                sum_side(defs, index, &kpi.numerator, Adding::In(numerator_unit.as_ref()), Rows::Scope(site), period)?;
            straddling += side.straddling;
            inputs.extend(side.inputs);
            if !side.any {
                return Ok(Evaluated {
                    value: undefined(format!("no measurement of {} in {period}", names(defs, &kpi.numerator))),
                    numerator: None,
                    denominator: None,
                    inputs,
                    straddling,
                });
            }
            side.quantity
        }
    };

    if kpi.kind == Formula::RolledYield {
        return rolled_yield(defs, index, kpi, site, period);
    }
    let no_denominator = matches!(
        kpi.kind,
        Formula::Sum
            | Formula::GhgScope1
            | Formula::GhgScope2Location
            | Formula::GhgScope2Market
            | Formula::GhgBiogenic
    ) || (kpi.kind == Formula::EnergyTotal && kpi.denominator.is_empty());
    let Some(numerator) = numerator else {
        return Ok(Evaluated {
            value: undefined("no numerator"),
            numerator: None,
            denominator: None,
            inputs,
            straddling,
        });
    };
    if no_denominator {
        let value = KpiValue::Defined { value: (numerator.value * base).normalize(), unit: numerator.unit.to_string() };
        return Ok(Evaluated { value, numerator: Some(numerator), denominator: None, inputs, straddling });
    }
    let side =
        sum_side(defs, index, &kpi.denominator, Adding::In(denominator_unit.as_ref()), Rows::Scope(site), period)?;
    straddling += side.straddling;
    inputs.extend(side.inputs);
    let Some(denominator) = side.quantity.filter(|_| side.any) else {
        let value = undefined(format!("no measurement of {} in {period}", names(defs, &kpi.denominator)));
        return Ok(Evaluated { value, numerator: Some(numerator), denominator: None, inputs, straddling });
    };
    if denominator.value.is_zero() {
        let value = undefined(format!("{} is zero in {period}", names(defs, &kpi.denominator)));
        return Ok(Evaluated { value, numerator: Some(numerator), denominator: Some(denominator), inputs, straddling });
    }
    let ratio = (numerator.value * base / denominator.value).normalize();
    let value = match kpi.kind {
        Formula::Share => KpiValue::Defined { value: (ratio * Decimal::ONE_HUNDRED).normalize(), unit: "%".to_owned() },
        Formula::Rate | Formula::Dpmo => {
            KpiValue::Defined { value: ratio, unit: format!("per {}", per(base, &denominator.unit)) }
        }
        _ => KpiValue::Defined { value: ratio, unit: format!("{}/{}", numerator.unit, denominator.unit) },
    };
    Ok(Evaluated { value, numerator: Some(numerator), denominator: Some(denominator), inputs, straddling })
}

/// `1 000 000 h`: the base of a rate, written with its unit.
fn per(base: Decimal, unit: &Unit) -> String {
    let digits = base.normalize().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    if unit.to_string() == "1" { grouped } else { format!("{grouped} {unit}") }
}

fn rolled_yield(
    defs: &Definitions,
    index: &Index<'_>,
    kpi: &KpiDef,
    site: Option<&str>,
    period: &Period,
) -> Result<Evaluated, KpiError> {
    let (Some(good), Some(started)) = (kpi.numerator.first(), kpi.denominator.first()) else {
        return Ok(Evaluated {
            value: undefined("no steps"),
            numerator: None,
            denominator: None,
            inputs: Vec::new(),
            straddling: 0,
        });
    };
    let prefix_good = format!("{good}.");
    let mut product = Decimal::ONE;
    let mut steps = 0;
    let mut inputs = Vec::new();
    for metric in defs.expand(&format!("{good}.*")) {
        let step = &metric[prefix_good.len()..];
        let other = format!("{started}.{step}");
        let (g, gc, _) = total(index, metric, Rows::Scope(site), period);
        let (s, sc, _) = total(index, &other, Rows::Scope(site), period);
        if gc == 0 || sc == 0 {
            continue;
        }
        if s.is_zero() {
            return Ok(Evaluated {
                value: undefined(format!("{other} is zero in {period}")),
                numerator: None,
                denominator: None,
                inputs,
                straddling: 0,
            });
        }
        let count = Unit::parse("1")?;
        inputs.push(Input { metric: metric.to_owned(), total: Quantity::new(g, count.clone()), measurements: gc });
        inputs.push(Input { metric: other.clone(), total: Quantity::new(s, count), measurements: sc });
        product *= g / s;
        steps += 1;
    }
    let value = if steps == 0 {
        undefined(format!("no process step measured ({good}.<step>, {started}.<step>) in {period}"))
    } else {
        KpiValue::Defined { value: (product * Decimal::ONE_HUNDRED).normalize(), unit: "%".to_owned() }
    };
    Ok(Evaluated { value, numerator: None, denominator: None, inputs, straddling: 0 })
}

fn improvement(direction: Direction, value: Option<Decimal>, baseline: Option<Decimal>) -> Option<Decimal> {
    let (value, baseline) = (value?, baseline?);
    if baseline.is_zero() {
        return None;
    }
    Some(match direction {
        Direction::Lower => (baseline - value) / baseline,
        Direction::Higher => (value - baseline) / baseline,
    })
}

fn status(direction: Direction, value: Option<Decimal>, target: &Target) -> TargetStatus {
    let Some(value) = value else { return TargetStatus::NoData };
    let met = match direction {
        Direction::Lower => value <= target.target,
        Direction::Higher => value >= target.target,
    };
    if met {
        return TargetStatus::OnTarget;
    }
    match (direction, target.warning) {
        (Direction::Lower, Some(w)) if value <= w => TargetStatus::AtRisk,
        (Direction::Higher, Some(w)) if value >= w => TargetStatus::AtRisk,
        _ => TargetStatus::OffTarget,
    }
}

/// The target for a KPI, scope and period: the most specific one (site and period, site, period, any).
///
/// An organisation target (no site) also applies to a site without a target of its own when the KPI is intensive
/// (a rate, ratio, share or yield: an LTIFR of 15 is a fair bar for every site), never when it is additive (a total
/// of energy, emissions or cost: the organisation's 12 700 MWh says nothing about one site's).
fn find_target<'a>(targets: &'a [Target], kpi: &KpiDef, site: Option<&str>, period: &Period) -> Option<&'a Target> {
    let additive = matches!(
        kpi.kind,
        Formula::Sum
            | Formula::EnergyTotal
            | Formula::GhgScope1
            | Formula::GhgScope2Location
            | Formula::GhgScope2Market
            | Formula::GhgBiogenic
    );
    targets
        .iter()
        .filter(|t| t.kpi == kpi.id && t.period.is_none_or(|p| p == *period))
        .filter(|t| match (site, t.site.as_deref()) {
            (None, target_site) => target_site.is_none(),
            (Some(site), Some(target_site)) => site == target_site,
            (Some(_), None) => !additive,
        })
        .max_by_key(|t| (t.site.is_some(), t.period.is_some()))
}

/// Computes the KPIs for a period.
///
/// ```
/// use iso_core::kpi::{Definitions, KpiOptions, Measurements, compute};
/// use iso_core::register::ColumnMap;
///
/// let defs = Definitions::builtin()?;
/// let sheet = "site,period,metric,value,unit\n\
///              ,2025,hs.hours.employees,400000,h\n\
///              ,2025,hs.lost_time.employees,3,1\n\
///              ,2025,hs.recordable.employees,5,1\n\
///              ,2025,hs.fatalities.employees,0,1\n";
/// let measurements = Measurements::from_csv("m.csv", sheet, &defs, None, &ColumnMap::new())?;
/// let report = compute(&defs, &measurements, None, None, &[], &KpiOptions::new("2025".parse()?))?;
/// let ltifr = report.results.iter().find(|r| r.kpi == "ltifr-1m").unwrap();
/// assert_eq!(ltifr.value.value().unwrap().to_string(), "7.5");
/// let trir = report.results.iter().find(|r| r.kpi == "trir-200k").unwrap();
/// assert_eq!(trir.value.value().unwrap().to_string(), "2.5");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compute(
    defs: &Definitions,
    measurements: &Measurements,
    organisation: Option<&Organisation>,
    factors: Option<&Factors>,
    targets: &[Target],
    options: &KpiOptions,
) -> Result<KpiReport, KpiError> {
    for id in &options.kpis {
        if defs.kpi(id).is_none() {
            return Err(KpiError::UnknownKpi(id.clone()));
        }
    }
    let index = Index::new(measurements);
    let period = &options.period;
    let previous = period.previous();
    let sites: Vec<&str> = organisation.map(|o| o.sites.iter().map(|s| s.id.as_str()).collect()).unwrap_or_default();
    let mut scopes: Vec<Option<&str>> = vec![None];
    if options.per_site {
        scopes.extend(sites.iter().map(|s| Some(*s)));
    }
    let mut results = Vec::new();
    for kpi in defs.kpis.iter().filter(|k| options.kpis.is_empty() || options.kpis.contains(&k.id)) {
        for &site in &scopes {
            let e = evaluate(defs, &index, factors, kpi, site, period)?;
            let previous_value = if options.previous {
                Some(evaluate(defs, &index, factors, kpi, site, &previous)?.value)
            } else {
                None
            };
            let baseline_value = match &options.baseline {
                Some(b) => Some(evaluate(defs, &index, factors, kpi, site, b)?.value),
                None => None,
            };
            let trend = if options.trend && site.is_none() && !matches!(period, Period::Month(..)) {
                period
                    .months()
                    .into_iter()
                    .map(|month| {
                        Ok(TrendPoint {
                            period: month,
                            value: evaluate(defs, &index, factors, kpi, site, &month)?.value.value(),
                        })
                    })
                    .collect::<Result<Vec<_>, KpiError>>()?
            } else {
                Vec::new()
            };
            let target = find_target(targets, kpi, site, period);
            results.push(KpiResult {
                kpi: kpi.id.clone(),
                site: site.map(str::to_owned),
                improvement: improvement(
                    kpi.direction,
                    e.value.value(),
                    baseline_value.as_ref().and_then(KpiValue::value),
                ),
                status: target.map(|t| status(kpi.direction, e.value.value(), t)),
                target: target.map(|t| t.target),
                value: e.value,
                numerator: e.numerator,
                denominator: e.denominator,
                base: kpi.base,
                inputs: e.inputs,
                previous: previous_value,
                baseline: baseline_value,
                trend,
                straddling: e.straddling,
            });
        }
    }
    Ok(KpiReport { period: *period, baseline: options.baseline, gwp_set: factors.map(|f| f.gwp_set.clone()), results })
}
