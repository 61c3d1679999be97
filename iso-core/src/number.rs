//! Reading numbers typed into spreadsheets, without guessing.
//!
//! Accepted: `1234.5`, `-12`, `0.25`, `1e3`, and `1234,5` (a decimal comma, when the text has one comma and no point,
//! as Portuguese and French spreadsheets write). Refused, because they are ambiguous: any thousands separator
//! (`1.234,5`, `1,234.5`, `1 234`, `1,234`) — a comma followed by exactly three digits could be either. The error says
//! which spelling to use.

use rust_decimal::Decimal;

/// Parses a decimal number written as described in the module documentation.
///
/// ```
/// use iso_core::number::parse_decimal;
/// assert_eq!(parse_decimal("1234,5").unwrap().to_string(), "1234.5");
/// assert!(parse_decimal("1.234,5").is_err());
/// assert!(parse_decimal("1,234").is_err());
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let s = text.trim();
    let bad = |why: &str| format!("{text:?} is not a number: {why}");
    if s.is_empty() {
        return Err(bad("it is empty"));
    }
    if s.chars().any(|c| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' || c == '\'') {
        return Err(bad("remove the thousands separators (write 1234.5)"));
    }
    let commas = s.matches(',').count();
    let points = s.matches('.').count();
    let normalised = match (commas, points) {
        (0, _) => s.to_owned(),
        (1, 0) => {
            let after = s.rsplit(',').next().unwrap_or("");
            if after.len() == 3
                && after.chars().all(|c| c.is_ascii_digit())
                && !s.starts_with("0,")
                && !s.starts_with("-0,")
            {
                return Err(bad(
                    "a comma followed by three digits could be a thousands separator (write 1234 or 1.234)",
                ));
            }
            s.replace(',', ".")
        }
        _ => return Err(bad("mixed or repeated separators (write 1234.5)")),
    };
    if normalised.contains(['e', 'E']) {
        return Decimal::from_scientific(&normalised).map_err(|_| bad("not a valid number"));
    }
    normalised.parse::<Decimal>().map_err(|_| bad("not a valid number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_decimal_comma_numbers() {
        for (text, value) in
            [("12", "12"), ("-3.5", "-3.5"), ("0,125", "0.125"), ("1234,5", "1234.5"), ("2.5e3", "2500")]
        {
            assert_eq!(parse_decimal(text).unwrap().normalize().to_string(), value, "{text}");
        }
    }

    #[test]
    fn ambiguous_spellings_are_refused() {
        for text in ["1.234,5", "1,234.5", "1 234", "1,234", "12,345", "", "abc", "1,2,3", "1\u{a0}000"] {
            assert!(parse_decimal(text).is_err(), "{text}");
        }
    }
}
