//! Reporting periods: a year, a quarter, a month, the twelve months to a date, or a custom range of days.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A reporting period. Both ends are inclusive days.
///
/// Written `2025`, `2025-Q2`, `2025-03`, `R12-2025-06` (the twelve months ending June 2025) or
/// `2025-01-01..2025-06-30`.
///
/// ```
/// use iso_core::period::Period;
/// let q2: Period = "2025-Q2".parse().unwrap();
/// assert_eq!(q2.start().to_string(), "2025-04-01");
/// assert_eq!(q2.end().to_string(), "2025-06-30");
/// assert_eq!(q2.previous().to_string(), "2025-Q1");
/// assert_eq!("R12-2025-06".parse::<Period>().unwrap().start().to_string(), "2024-07-01");
/// assert!("2025-13".parse::<Period>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Period {
    /// A calendar year.
    Year(i32),
    /// A calendar quarter (1–4).
    Quarter(i32, u8),
    /// A calendar month (1–12).
    Month(i32, u8),
    /// The twelve months ending with the given month (year, month).
    Rolling12(i32, u8),
    /// A custom range of days.
    Custom(NaiveDate, NaiveDate),
}

impl schemars::JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "2025, 2025-Q2, 2025-03, R12-2025-06 or 2025-01-01..2025-06-30",
            "pattern": "^(\\d{4}|\\d{4}-Q[1-4]|\\d{4}-\\d{2}|R12-\\d{4}-\\d{2}|\\d{4}-\\d{2}-\\d{2}\\.\\.\\d{4}-\\d{2}-\\d{2})$"
        })
    }
}

fn month_start(year: i32, month: u8) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, u32::from(month), 1).unwrap_or(NaiveDate::MIN)
}

fn month_end(year: i32, month: u8) -> NaiveDate {
    month_start(year, month).checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
}

fn shift_month(year: i32, month: u8, by: i32) -> (i32, u8) {
    let index = year * 12 + i32::from(month) - 1 + by;
    (index.div_euclid(12), u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1))
}

impl Period {
    /// The first day.
    pub fn start(&self) -> NaiveDate {
        match *self {
            Period::Year(y) => month_start(y, 1),
            Period::Quarter(y, q) => month_start(y, (q - 1) * 3 + 1),
            Period::Month(y, m) => month_start(y, m),
            Period::Rolling12(y, m) => {
                let (y, m) = shift_month(y, m, -11);
                month_start(y, m)
            }
            Period::Custom(start, _) => start,
        }
    }

    /// The last day (inclusive).
    pub fn end(&self) -> NaiveDate {
        match *self {
            Period::Year(y) => month_end(y, 12),
            Period::Quarter(y, q) => month_end(y, q * 3),
            Period::Month(y, m) | Period::Rolling12(y, m) => month_end(y, m),
            Period::Custom(_, end) => end,
        }
    }

    /// Whether `day` falls within the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start() <= day && day <= self.end()
    }

    /// The period just before, of the same kind and length.
    pub fn previous(&self) -> Period {
        match *self {
            Period::Year(y) => Period::Year(y - 1),
            Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
            Period::Quarter(y, q) => Period::Quarter(y, q - 1),
            Period::Month(y, m) => {
                let (y, m) = shift_month(y, m, -1);
                Period::Month(y, m)
            }
            Period::Rolling12(y, m) => {
                let (y, m) = shift_month(y, m, -12);
                Period::Rolling12(y, m)
            }
            Period::Custom(start, end) => {
                let days = (end - start).num_days() + 1;
                let new_end = start.pred_opt().unwrap_or(NaiveDate::MIN);
                let new_start = new_end - chrono::Duration::days(days - 1);
                Period::Custom(new_start, new_end)
            }
        }
    }

    /// The month periods of this period, in order (for monthly trends).
    pub fn months(&self) -> Vec<Period> {
        let (mut y, mut m) = (self.start().year(), u8::try_from(self.start().month()).unwrap_or(1));
        let last = (self.end().year(), u8::try_from(self.end().month()).unwrap_or(12));
        let mut out = Vec::new();
        while (y, m) <= last && out.len() < 1200 {
            out.push(Period::Month(y, m));
            (y, m) = shift_month(y, m, 1);
        }
        out
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
            Period::Rolling12(y, m) => write!(f, "R12-{y}-{m:02}"),
            Period::Custom(a, b) => write!(f, "{a}..{b}"),
        }
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

impl TryFrom<String> for Period {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let s = text.trim();
        let bad = || {
            format!("{text:?} is not a period (expected 2025, 2025-Q2, 2025-03, R12-2025-06 or 2025-01-01..2025-06-30)")
        };
        let year = |y: &str| -> Result<i32, String> {
            if y.len() == 4 { y.parse::<i32>().map_err(|_| bad()) } else { Err(bad()) }
        };
        let month = |m: &str| -> Result<u8, String> {
            match m.parse::<u8>() {
                Ok(n @ 1..=12) if m.len() == 2 => Ok(n),
                _ => Err(bad()),
            }
        };
        if let Some((a, b)) = s.split_once("..") {
            let start = crate::register::parse_date(a).map_err(|_| bad())?;
            let end = crate::register::parse_date(b).map_err(|_| bad())?;
            if end < start {
                return Err(format!("{text:?}: the period ends ({end}) before it starts ({start})"));
            }
            return Ok(Period::Custom(start, end));
        }
        if let Some(rest) = s.strip_prefix("R12-").or_else(|| s.strip_prefix("r12-")) {
            let (y, m) = rest.split_once('-').ok_or_else(bad)?;
            return Ok(Period::Rolling12(year(y)?, month(m)?));
        }
        match s.split_once('-') {
            None => Ok(Period::Year(year(s)?)),
            Some((y, q)) if q.starts_with(['Q', 'q']) => match q.get(1..).map(str::parse::<u8>) {
                Some(Ok(q @ 1..=4)) => Ok(Period::Quarter(year(y)?, q)),
                _ => Err(bad()),
            },
            Some((y, m)) if m.len() == 2 => Ok(Period::Month(year(y)?, month(m)?)),
            Some(_) => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_kind() {
        for text in ["2025", "2025-Q4", "2025-02", "R12-2025-03", "2025-01-15..2025-02-14"] {
            let p: Period = text.parse().unwrap();
            assert_eq!(p.to_string(), text);
        }
        for bad in ["25", "2025-Q5", "2025-2", "2025-00", "R12-2025", "2025-02-01..2025-01-01", "x"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ends_and_previous_periods() {
        let feb: Period = "2024-02".parse().unwrap();
        assert_eq!(feb.end().to_string(), "2024-02-29");
        assert_eq!(feb.previous().to_string(), "2024-01");
        assert_eq!("2025-01".parse::<Period>().unwrap().previous().to_string(), "2024-12");
        let custom: Period = "2025-01-11..2025-01-20".parse().unwrap();
        assert_eq!(custom.previous().to_string(), "2025-01-01..2025-01-10");
        assert_eq!("2025".parse::<Period>().unwrap().months().len(), 12);
        assert_eq!("R12-2025-06".parse::<Period>().unwrap().months()[0].to_string(), "2024-07");
    }
}
