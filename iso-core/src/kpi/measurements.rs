//! Measurements in long form — one row per site, period, metric — from a CSV sheet or a table.
//!
//! Layout: **site, period, metric, value, unit**, note. `site` empty means organisation-wide; `period` is a period
//! (`2025-03`, `2025-Q1`, `2025`, …) or a day (`2025-03-31`); `value` is a plain number (see [`crate::number`]);
//! `unit` is converted to the metric's unit (a different dimension is an error). Columns may be in any order and
//! mapped from other names, as for the register's sheets. Every bad value is reported with its line and column.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::definitions::Definitions;
use crate::error::{KpiError, Location, RecordIssue};
use crate::number::parse_decimal;
use crate::period::Period;
use crate::quantity::{Quantity, Unit};
use crate::register::{ColumnMap, Organisation, parse_date};

/// One measurement, in the metric's unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Measurement {
    /// Site id; absent for organisation-wide values.
    pub site: Option<String>,
    /// First day covered.
    #[schemars(with = "String")]
    pub start: NaiveDate,
    /// Last day covered.
    #[schemars(with = "String")]
    pub end: NaiveDate,
    /// Metric id.
    pub metric: String,
    /// Value in the metric's unit.
    #[schemars(with = "String")]
    pub value: Decimal,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A checked set of measurements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measurements {
    /// The measurements, as given.
    pub rows: Vec<Measurement>,
}

const COLUMNS: [&str; 6] = ["site", "period", "metric", "value", "unit", "note"];

fn key(s: &str) -> String {
    crate::text::fold(s.trim()).replace([' ', '-'], "_")
}

impl Measurements {
    /// Reads a measurement sheet (CSV, `,` or `;`), checking every row against the definitions and the
    /// organisation's sites; `name` labels errors. Nothing is returned unless every row is good.
    pub fn from_csv(
        name: &str,
        text: &str,
        definitions: &Definitions,
        organisation: Option<&Organisation>,
        columns: &ColumnMap,
    ) -> Result<Measurements, KpiError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let header = text.lines().next().unwrap_or("");
        let delimiter = if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' };
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
        let mut issues = Vec::new();
        let at = |line: u64| Location { file: name.to_owned(), line: u32::try_from(line).ok(), column: None };
        let push = |issues: &mut Vec<RecordIssue>, line: u64, field: &str, message: String| {
            issues.push(RecordIssue { location: at(line), id: None, field: Some(field.to_owned()), message });
        };
        let headers = reader.headers().map_err(|e| KpiError::Invalid {
            issues: vec![RecordIssue {
                location: at(1),
                id: None,
                field: None,
                message: format!("cannot read the header: {e}"),
            }],
        })?;
        let mapped: BTreeMap<String, String> = columns.iter().map(|(from, to)| (key(from), key(to))).collect();
        let mut positions: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, h) in headers.iter().enumerate() {
            let k = mapped.get(&key(h)).cloned().unwrap_or_else(|| key(h));
            if let Some(column) = COLUMNS.iter().find(|c| **c == k) {
                positions.insert(column, i);
            }
        }
        let missing: Vec<&str> = COLUMNS[..5].iter().filter(|c| !positions.contains_key(*c)).copied().collect();
        if !missing.is_empty() {
            return Err(KpiError::Invalid {
                issues: vec![RecordIssue {
                    location: at(1),
                    id: None,
                    field: None,
                    message: format!(
                        "missing required column{} {}",
                        if missing.len() == 1 { "" } else { "s" },
                        missing.join(", ")
                    ),
                }],
            });
        }
        let sites: Option<Vec<&str>> = organisation.map(|o| o.sites.iter().map(|s| s.id.as_str()).collect());
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    push(&mut issues, line, "line", format!("cannot read the line: {e}"));
                    break;
                }
                Ok(true) => {}
            }
            if record.iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            let line = record.position().map_or(0, csv::Position::line);
            let get = |c: &str| positions.get(c).and_then(|&i| record.get(i)).map(str::trim).unwrap_or("");
            let before = issues.len();
            let site = Some(get("site")).filter(|s| !s.is_empty()).map(str::to_owned);
            if let (Some(site), Some(sites)) = (&site, &sites) {
                if !sites.contains(&site.as_str()) {
                    push(&mut issues, line, "site", format!("unknown site {site:?}"));
                }
            }
            let period_text = get("period");
            let span = if period_text.len() == 10 || period_text.contains('/') {
                parse_date(period_text).map(|d| (d, d))
            } else {
                period_text.parse::<Period>().map(|p| (p.start(), p.end()))
            };
            let span = match span {
                Ok(span) => Some(span),
                Err(e) => {
                    push(&mut issues, line, "period", e);
                    None
                }
            };
            let metric_id = get("metric");
            let metric = definitions.metrics.get(metric_id);
            if metric.is_none() {
                push(&mut issues, line, "metric", format!("unknown metric {metric_id:?}"));
            }
            let value = match parse_decimal(get("value")) {
                Ok(v) => Some(v),
                Err(e) => {
                    push(&mut issues, line, "value", e);
                    None
                }
            };
            let unit = match Unit::parse(get("unit")) {
                Ok(u) => Some(u),
                Err(e) => {
                    push(&mut issues, line, "unit", e.to_string());
                    None
                }
            };
            if let (Some(metric), Some(value), Some(unit), Some((start, end))) = (metric, value, unit, span) {
                if value.is_sign_negative() && !value.is_zero() && !metric.signed {
                    push(&mut issues, line, "value", format!("{value}: {} cannot be negative", metric.id));
                }
                match Quantity::new(value, unit).convert(&metric.unit) {
                    Ok(q) if issues.len() == before => rows.push(Measurement {
                        site,
                        start,
                        end,
                        metric: metric.id.clone(),
                        value: q.value,
                        note: Some(get("note")).filter(|n| !n.is_empty()).map(str::to_owned),
                    }),
                    Ok(_) => {}
                    Err(e) => {
                        push(&mut issues, line, "unit", format!("{e} (metric {} is in {})", metric.id, metric.unit))
                    }
                }
            }
        }
        if issues.is_empty() { Ok(Measurements { rows }) } else { Err(KpiError::Invalid { issues }) }
    }

    /// Adds measurements from another set.
    pub fn extend(&mut self, other: Measurements) {
        self.rows.extend(other.rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_converted_and_checked() {
        let defs = Definitions::builtin().unwrap();
        let text = "site;period;metric;value;unit\n;2025-01;energy.electricity;1,5;MWh\nnorth;2025-01-31;hs.hours.employees;2000;h\n";
        let m = Measurements::from_csv("m.csv", text, &defs, None, &ColumnMap::new()).unwrap();
        assert_eq!(m.rows[0].value, Decimal::new(1500, 0));
        assert_eq!(m.rows[1].start, m.rows[1].end);
        let bad = "site,period,metric,value,unit\nx,2025-13,energy.electricity,1.234,5,kWh\n,2025-02,energy.electricity,-4,kWh\n,2025-02,hs.hours.employees,10,kWh\n,2025,energy.heat,1,kWh\n";
        let err = Measurements::from_csv("m.csv", bad, &defs, None, &ColumnMap::new()).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("m.csv:2: period: \"2025-13\" is not a period"), "{text}");
        let KpiError::Invalid { issues } = err else { panic!() };
        let messages: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert!(
            messages.contains(&"m.csv:3: value: -4: energy.electricity cannot be negative".to_owned()),
            "{messages:#?}"
        );
        assert!(messages.iter().any(|m| m.starts_with("m.csv:4: unit: cannot convert kWh and h")), "{messages:#?}");
        assert!(messages.contains(&"m.csv:5: metric: unknown metric \"energy.heat\"".to_owned()), "{messages:#?}");
    }
}
