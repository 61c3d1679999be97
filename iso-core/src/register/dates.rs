//! Dates as they come from spreadsheets, TOML and JSON.
//!
//! Accepted spellings: ISO 8601 `2026-06-30` (always), and day-first `30/06/2026`, `30.06.2026`, `30-06-2026`, as
//! written in Portugal and France. Month-first (US) dates are never guessed: `06/30/2026` is an error (there is no
//! month 30), and an ambiguous `03/04/2026` is read day-first, as documented. A date-time (`2026-06-30T10:00:00`)
//! keeps its date. Serialized dates are always ISO 8601.

use chrono::NaiveDate;

/// Parses a date in one of the accepted spellings.
///
/// ```
/// use iso_core::register::parse_date;
/// let d = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
/// assert_eq!(parse_date("2026-06-30"), Ok(d));
/// assert_eq!(parse_date("30/06/2026"), Ok(d));
/// assert!(parse_date("06/30/2026").is_err());
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let s = text.trim();
    let s = s.split(['T', ' ']).next().unwrap_or(s);
    let bad = || format!("{text:?} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
    if s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad());
    }
    for separator in ['/', '.', '-'] {
        let parts: Vec<&str> = s.split(separator).collect();
        if let [day, month, year] = parts[..] {
            if year.len() == 4 && (1..=2).contains(&day.len()) && (1..=2).contains(&month.len()) {
                let (Ok(y), Ok(m), Ok(d)) = (year.parse(), month.parse(), day.parse()) else {
                    return Err(bad());
                };
                return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad);
            }
        }
    }
    Err(bad())
}

struct DateVisitor;

impl<'de> serde::de::Visitor<'de> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a date (YYYY-MM-DD)")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NaiveDate, E> {
        parse_date(v).map_err(E::custom)
    }

    // TOML date literals arrive as a one-entry map holding their text.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<NaiveDate, A::Error> {
        let Some((_, text)) = map.next_entry::<String, String>()? else {
            return Err(serde::de::Error::custom("expected a date"));
        };
        parse_date(&text).map_err(serde::de::Error::custom)
    }
}

/// `#[serde(with = "dates::required")]` for a `NaiveDate` field.
pub mod required {
    use chrono::NaiveDate;

    /// Writes `YYYY-MM-DD`.
    pub fn serialize<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&date.format("%Y-%m-%d"))
    }

    /// Reads any accepted spelling.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        d.deserialize_any(super::DateVisitor)
    }
}

/// `#[serde(default, with = "dates::option")]` for an `Option<NaiveDate>` field.
pub mod option {
    use chrono::NaiveDate;

    /// Writes `YYYY-MM-DD` or nothing.
    pub fn serialize<S: serde::Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => s.collect_str(&date.format("%Y-%m-%d")),
            None => s.serialize_none(),
        }
    }

    /// Reads any accepted spelling, or `null`.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        struct OptionVisitor;
        impl<'de> serde::de::Visitor<'de> for OptionVisitor {
            type Value = Option<NaiveDate>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date (YYYY-MM-DD) or nothing")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(super::DateVisitor).map(Some)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                super::DateVisitor.visit_str(v).map(Some)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                super::DateVisitor.visit_map(map).map(Some)
            }
        }
        d.deserialize_option(OptionVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_iso_and_day_first_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        for text in ["2026-03-04", "04/03/2026", "4/3/2026", "04.03.2026", "04-03-2026", "2026-03-04T10:30:00"] {
            assert_eq!(parse_date(text), Ok(d), "{text}");
        }
    }

    #[test]
    fn rejects_month_first_and_impossible_dates() {
        for text in ["03/30/2026", "2026-02-30", "2026/03/04", "", "yesterday", "30/06/26"] {
            assert!(parse_date(text).is_err(), "{text}");
        }
    }

    #[test]
    fn reads_toml_date_literals() {
        #[derive(serde::Deserialize)]
        struct T {
            #[serde(with = "required")]
            a: NaiveDate,
            #[serde(default, with = "option")]
            b: Option<NaiveDate>,
            #[serde(default, with = "option")]
            c: Option<NaiveDate>,
        }
        let t: T = toml::from_str("a = 2026-01-31\nb = \"31/01/2026\"\n").unwrap();
        assert_eq!(t.a, NaiveDate::from_ymd_opt(2026, 1, 31).unwrap());
        assert_eq!(t.b, Some(t.a));
        assert_eq!(t.c, None);
    }
}
