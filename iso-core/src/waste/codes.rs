//! European List of Waste codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{WasteEntry, WasteList};
use crate::error::WasteError;

/// A code of the European List of Waste (LER in Portugal, EWC in English, « code déchet » in France), known to be in
/// the list.
///
/// **Spellings accepted** (surrounding spaces ignored): six digits `150110`, three pairs separated by one kind of
/// separator `15 01 10`, `15.01.10`, `15-01-10`, each optionally followed by an asterisk (`150110*`, `15 01 10 *`).
///
/// **Canonical form** (`Display`): `15 01 10*` — pairs separated by spaces, with the asterisk exactly when the list
/// marks the entry hazardous. [`compact`](Self::compact) gives `150110`, the form e-GAR exchanges use.
///
/// **The asterisk.** The hazard comes from the list, never from what was typed:
/// - a *missing* asterisk on a hazardous entry is accepted and normalised (`150110` → `15 01 10*`): e-GAR and most
///   spreadsheets write the six digits alone, so the asterisk carries no information there;
/// - an asterisk on a *non-hazardous* entry is refused (`17 05 04*`): it claims a hazard the list does not give,
///   which is how a mirror entry is usually mistaken for its partner — the error names the hazardous partners.
///
/// An unknown code is an error naming it. Codes compare and sort by their digits.
///
/// ```
/// use iso_core::waste::LerCode;
/// for spelling in ["15 01 10*", "150110*", "150110", "15.01.10*", "15-01-10", "  15 01 10 "] {
///     assert_eq!(spelling.parse::<LerCode>()?.to_string(), "15 01 10*");
/// }
/// let soil: LerCode = "17 05 04".parse()?;
/// assert!(!soil.is_hazardous());
/// assert_eq!(soil.mirror()[0].to_string(), "17 05 03*");
/// assert_eq!((soil.chapter(), soil.subchapter()), (17, (17, 5)));
///
/// let err = "17 05 04*".parse::<LerCode>().unwrap_err().to_string();
/// assert_eq!(err, "invalid LER code \"17 05 04*\": 17 05 04 is not hazardous: remove the asterisk \
///                  (its hazardous mirror entry is 17 05 03*)");
/// assert!("99 99 99".parse::<LerCode>().is_err());
/// # Ok::<(), iso_core::WasteError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LerCode {
    digits: u32,
    hazardous: bool,
}

impl LerCode {
    pub(super) fn new(digits: u32, hazardous: bool) -> Self {
        LerCode { digits, hazardous }
    }

    /// Parses a code against the built-in list (see the type's documentation for the rules).
    pub fn parse(text: &str) -> Result<LerCode, WasteError> {
        WasteList::builtin()?.ler(text)
    }

    /// The six digits as a number: `150110` for `15 01 10*`.
    pub fn digits(self) -> u32 {
        self.digits
    }

    /// The chapter: `15` for `15 01 10*`.
    pub fn chapter(self) -> u8 {
        u8::try_from(self.digits / 10_000).unwrap_or(0)
    }

    /// The sub-chapter as (chapter, sub-chapter): `(15, 1)` for `15 01 10*`.
    pub fn subchapter(self) -> (u8, u8) {
        (self.chapter(), u8::try_from(self.digits / 100 % 100).unwrap_or(0))
    }

    /// Whether the list marks the entry hazardous (the asterisk of the display form).
    pub fn is_hazardous(self) -> bool {
        self.hazardous
    }

    /// The mirror partners in the built-in list: the hazardous entries of a non-hazardous "other than those
    /// mentioned in …" entry, and the reverse. Empty when the entry has none.
    ///
    /// ```
    /// use iso_core::waste::LerCode;
    /// let tailings: LerCode = "01 04 07*".parse()?;
    /// assert_eq!(tailings.mirror().len(), 5);
    /// assert!(tailings.mirror().iter().all(|m| !m.is_hazardous()));
    /// assert!("15 01 01".parse::<LerCode>()?.mirror().is_empty());
    /// # Ok::<(), iso_core::WasteError>(())
    /// ```
    pub fn mirror(self) -> &'static [LerCode] {
        self.entry().map_or(&[], |e| e.mirror.as_slice())
    }

    /// The entry of the built-in list (texts, mirror partners).
    pub fn entry(self) -> Option<&'static WasteEntry> {
        WasteList::builtin().ok().and_then(|list| list.entry(self))
    }

    /// The six digits without spaces or asterisk, as e-GAR writes them: `150110`.
    pub fn compact(self) -> String {
        format!("{:06}", self.digits)
    }
}

impl fmt::Display for LerCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = spaced(self.digits);
        if self.hazardous { f.pad(&format!("{text}*")) } else { f.pad(&text) }
    }
}

impl fmt::Debug for LerCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LerCode({self})")
    }
}

impl FromStr for LerCode {
    type Err = WasteError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LerCode::parse(s)
    }
}

impl Serialize for LerCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LerCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        LerCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for LerCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LerCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "a European List of Waste code: 15 01 10*, 150110, 15.01.10 …",
            "examples": ["15 01 10*", "17 05 04"]
        })
    }
}

/// `15 01 10` for `150110`.
pub(super) fn spaced(digits: u32) -> String {
    format!("{:02} {:02} {:02}", digits / 10_000, digits / 100 % 100, digits % 100)
}

/// The digits of a spelling and whether it has an asterisk; checks the form only. Never allocates unless the
/// spelling is malformed.
pub(super) fn parse_spelling(text: &str) -> Result<(u32, bool), WasteError> {
    let mut s = text.trim();
    let star = match s.strip_suffix('*') {
        Some(rest) => {
            s = rest.trim_end();
            true
        }
        None => false,
    };
    let malformed = |why: &str| WasteError::Ler { code: text.to_owned(), reason: why.to_owned() };
    if s.is_empty() {
        return Err(malformed("it is empty"));
    }
    let bytes = s.as_bytes();
    let digits_at = |positions: &[usize]| -> Option<u32> {
        positions.iter().try_fold(0u32, |acc, &i| {
            bytes.get(i).filter(|b| b.is_ascii_digit()).map(|b| acc * 10 + u32::from(b - b'0'))
        })
    };
    let value = match bytes.len() {
        6 => digits_at(&[0, 1, 2, 3, 4, 5]),
        8 => {
            let (a, b) = (bytes[2], bytes[5]);
            if a == b && matches!(a, b' ' | b'.' | b'-') { digits_at(&[0, 1, 3, 4, 6, 7]) } else { None }
        }
        _ => None,
    };
    value.map(|v| (v, star)).ok_or_else(|| malformed("expected six digits, as 15 01 10, 150110 or 15.01.10*"))
}

pub(super) fn unknown(text: &str, digits: u32) -> WasteError {
    WasteError::Ler {
        code: text.to_owned(),
        reason: format!("{} is not an entry of the European List of Waste", spaced(digits)),
    }
}

pub(super) fn spurious_star(text: &str, digits: u32, list: &WasteList) -> WasteError {
    let partners: Vec<String> = list
        .keys
        .binary_search(&digits)
        .ok()
        .and_then(|i| list.entries.get(i))
        .map(|e| e.mirror.iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    let hint = match partners.as_slice() {
        [] => String::new(),
        [one] => format!(" (its hazardous mirror entry is {one})"),
        many => format!(" (its hazardous mirror entries are {})", many.join(", ")),
    };
    WasteError::Ler {
        code: text.to_owned(),
        reason: format!("{} is not hazardous: remove the asterisk{hint}", spaced(digits)),
    }
}
