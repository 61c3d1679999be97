//! Waste codes as types: the European List of Waste ([`LerCode`], [`WasteList`]) and the waste treatment
//! operations ([`OperationCode`], [`WasteClass`], [`ClassPolicy`]).
//!
//! Both lists are reference data shipped in the `iso-catalogues` crate (`catalogues/data/waste-list.toml` and
//! `waste-operations.toml`, described in `catalogues/WASTE.md`). They are parsed once per process
//! ([`WasteList::builtin`], [`WasteOperations::builtin`]); after that a code lookup is a binary search over a few
//! hundred integers and never allocates, so importers can resolve codes in hot loops.
//!
//! ```
//! use iso_core::waste::{ClassPolicy, LerCode, OperationCode, WasteClass};
//!
//! let packaging: LerCode = "150110".parse()?;
//! assert_eq!(packaging.to_string(), "15 01 10*");
//! assert!(packaging.is_hazardous());
//!
//! let op: OperationCode = "r 3 a".parse()?;
//! assert_eq!(op.to_string(), "R3A");
//! assert_eq!(op.parent().to_string(), "R3");
//! assert_eq!(ClassPolicy::default().class_of(op), WasteClass::PreparationForReuse);
//! # Ok::<(), iso_core::WasteError>(())
//! ```

mod codes;
pub mod indicators;
mod operations;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use codes::LerCode;
pub use operations::{
    Bucket, ClassPolicy, OperationCode, OperationDef, OperationKind, ReportingView, ViewDef, WasteClass,
    WasteOperations,
};

use crate::error::WasteError;
use crate::text::Text;

/// Which texts of an entry are official wordings (`true`) rather than descriptions written by the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    /// The English text is official.
    pub en: bool,
    /// The French text is official.
    pub fr: bool,
    /// The Portuguese text is official.
    pub pt: bool,
}

/// A chapter (`15`) or sub-chapter (`15 01`) heading of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// The code with spaces: `15` or `15 01`.
    pub code: String,
    /// The heading in the three languages.
    pub title: Text,
    /// Which texts are official.
    pub official: Official,
}

/// One entry of the European List of Waste.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WasteEntry {
    /// The code (its display form carries the asterisk of hazardous entries).
    pub code: LerCode,
    /// The description in the three languages.
    pub description: Text,
    /// Which texts are official.
    pub official: Official,
    /// The mirror partners: hazardous entries for a non-hazardous one and the reverse; empty when none.
    pub mirror: Vec<LerCode>,
    /// A known quirk of a text or of the pairing (English), when there is one.
    pub note: Option<String>,
}

/// The European List of Waste (Commission Decision 2000/532/EC as replaced by Decision 2014/955/EU).
///
/// ```
/// use iso_core::waste::WasteList;
/// let list = WasteList::builtin()?;
/// assert_eq!(list.entries().len(), 842);
/// assert_eq!(list.entries().iter().filter(|e| e.code.is_hazardous()).count(), 408);
/// let soil = list.ler("17 05 04")?;
/// assert_eq!(list.entry(soil).map(|e| e.mirror.len()), Some(1));
/// assert_eq!(list.chapter(17).map(|h| h.code.as_str()), Some("17"));
/// # Ok::<(), iso_core::WasteError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasteList {
    data_version: String,
    chapters: Vec<Heading>,
    subchapters: Vec<Heading>,
    entries: Vec<WasteEntry>,
    /// `digits` of every entry, sorted (parallel to `entries`), for binary search.
    keys: Vec<u32>,
}

static BUILTIN_LIST: OnceLock<Result<WasteList, WasteError>> = OnceLock::new();

impl WasteList {
    /// The built-in list, parsed once per process. An error means a corrupted build (the test suite loads it).
    pub fn builtin() -> Result<&'static WasteList, WasteError> {
        BUILTIN_LIST
            .get_or_init(|| WasteList::from_toml(iso_catalogues::WASTE_LIST.name, iso_catalogues::WASTE_LIST.text))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// A list from the text of a file in the format of `catalogues/WASTE.md`; `name` labels errors. The counts
    /// declared in `[list]`, the code forms, the parents and the mirror pairs are checked.
    pub fn from_toml(name: &str, text: &str) -> Result<WasteList, WasteError> {
        let data_error = |message: String| WasteError::Data { file: name.to_owned(), message };
        let file: raw::ListFile = toml::from_str(text).map_err(|e| data_error(e.message().to_owned()))?;
        let heading = |h: raw::Heading, pairs: usize| -> Result<Heading, WasteError> {
            if !is_spaced_code(&h.code, pairs) {
                return Err(data_error(format!("malformed code {:?}", h.code)));
            }
            let (title, official) = raw::texts(h.en, h.fr, h.pt);
            Ok(Heading { code: h.code, title, official })
        };
        let chapters = file.chapter.into_iter().map(|h| heading(h, 1)).collect::<Result<Vec<_>, _>>()?;
        let subchapters = file.subchapter.into_iter().map(|h| heading(h, 2)).collect::<Result<Vec<_>, _>>()?;
        let mut pending = Vec::with_capacity(file.entry.len());
        for e in file.entry {
            let digits = spaced_digits(&e.code, 3).ok_or_else(|| data_error(format!("malformed code {:?}", e.code)))?;
            pending.push((digits, e));
        }
        pending.sort_by_key(|(d, _)| *d);
        let keys: Vec<u32> = pending.iter().map(|(d, _)| *d).collect();
        if let Some(w) = keys.windows(2).find(|w| w[0] == w[1]) {
            return Err(data_error(format!("duplicate entry {}", codes::spaced(w[0]))));
        }
        let hazardous: Vec<bool> = pending.iter().map(|(_, e)| e.hazardous).collect();
        let code_of = |digits: u32| -> Option<LerCode> {
            keys.binary_search(&digits).ok().map(|i| LerCode::new(digits, hazardous.get(i).copied().unwrap_or(false)))
        };
        let mut entries = Vec::with_capacity(pending.len());
        for (digits, e) in pending {
            let mirror = e
                .mirror
                .iter()
                .map(|m| {
                    spaced_digits(m, 3)
                        .and_then(code_of)
                        .ok_or_else(|| data_error(format!("{}: unknown mirror entry {m:?}", e.code)))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let (description, official) = raw::texts(e.en, e.fr, e.pt);
            entries.push(WasteEntry {
                code: LerCode::new(digits, e.hazardous),
                description,
                official,
                mirror,
                note: e.note,
            });
        }
        let list = WasteList { data_version: file.list.data_version.clone(), chapters, subchapters, entries, keys };
        list.check(&file.list).map_err(data_error)?;
        Ok(list)
    }

    fn check(&self, declared: &raw::Header) -> Result<(), String> {
        let hazardous = self.entries.iter().filter(|e| e.code.is_hazardous()).count();
        let pairs: usize = self.entries.iter().filter(|e| e.code.is_hazardous()).map(|e| e.mirror.len()).sum();
        let found = [self.chapters.len(), self.subchapters.len(), self.entries.len(), hazardous, pairs];
        let expected =
            [declared.chapters, declared.subchapters, declared.entries, declared.hazardous, declared.mirror_pairs];
        let names = ["chapters", "sub-chapters", "entries", "hazardous entries", "mirror pairs"];
        for ((name, found), expected) in names.iter().zip(found).zip(expected) {
            if found != expected {
                return Err(format!("{found} {name} where [list] declares {expected}"));
            }
        }
        for s in &self.subchapters {
            if self.chapters.iter().all(|c| !s.code.starts_with(&c.code)) {
                return Err(format!("sub-chapter {} has no chapter", s.code));
            }
        }
        for e in &self.entries {
            let (chapter, sub) = e.code.subchapter();
            if self.subchapter(chapter, sub).is_none() {
                return Err(format!("entry {} has no sub-chapter", e.code));
            }
            for m in &e.mirror {
                let back = self.entry(*m).is_some_and(|p| p.mirror.contains(&e.code));
                if m.is_hazardous() == e.code.is_hazardous() || !back {
                    return Err(format!(
                        "mirror pair {} / {m} is not one hazardous and one non-hazardous entry listing each other",
                        e.code
                    ));
                }
            }
        }
        Ok(())
    }

    /// The data version of the file (`2026.1`).
    pub fn data_version(&self) -> &str {
        &self.data_version
    }

    /// Every entry, in code order.
    pub fn entries(&self) -> &[WasteEntry] {
        &self.entries
    }

    /// The 20 chapters, in code order.
    pub fn chapters(&self) -> &[Heading] {
        &self.chapters
    }

    /// The sub-chapters, in code order.
    pub fn subchapters(&self) -> &[Heading] {
        &self.subchapters
    }

    /// The entry of a code.
    pub fn entry(&self, code: LerCode) -> Option<&WasteEntry> {
        self.keys.binary_search(&code.digits()).ok().and_then(|i| self.entries.get(i))
    }

    /// The heading of chapter `chapter` (`15`).
    pub fn chapter(&self, chapter: u8) -> Option<&Heading> {
        let code = format!("{chapter:02}");
        self.chapters.iter().find(|h| h.code == code)
    }

    /// The heading of sub-chapter `chapter` `sub` (`15`, `1` for `15 01`).
    pub fn subchapter(&self, chapter: u8, sub: u8) -> Option<&Heading> {
        let code = format!("{chapter:02} {sub:02}");
        self.subchapters.iter().find(|h| h.code == code)
    }

    /// Parses a code against this list; see [`LerCode`] for the accepted spellings and the asterisk rule.
    pub fn ler(&self, text: &str) -> Result<LerCode, WasteError> {
        let (digits, star) = codes::parse_spelling(text)?;
        let hazardous = match self.keys.binary_search(&digits) {
            Ok(i) => self.entries.get(i).is_some_and(|e| e.code.is_hazardous()),
            Err(_) => return Err(codes::unknown(text, digits)),
        };
        if star && !hazardous {
            return Err(codes::spurious_star(text, digits, self));
        }
        Ok(LerCode::new(digits, hazardous))
    }
}

/// `true` when `code` is `pairs` pairs of digits separated by single spaces (`15 01`).
fn is_spaced_code(code: &str, pairs: usize) -> bool {
    spaced_digits(code, pairs).is_some()
}

/// The number of a code written as `pairs` pairs of digits separated by single spaces.
fn spaced_digits(code: &str, pairs: usize) -> Option<u32> {
    let bytes = code.as_bytes();
    if bytes.len() != pairs * 3 - 1 {
        return None;
    }
    let mut value = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        if i % 3 == 2 {
            if b != b' ' {
                return None;
            }
        } else if b.is_ascii_digit() {
            value = value * 10 + u32::from(b - b'0');
        } else {
            return None;
        }
    }
    Some(value)
}

/// The file formats, as read (private: the public types above are what the engine holds).
mod raw {
    use serde::Deserialize;

    use super::Official;
    use crate::text::Text;

    /// A text: a plain string (official) or `{ text, official = false }`.
    #[derive(Deserialize)]
    #[serde(untagged)]
    pub(super) enum RawText {
        Official(String),
        Marked {
            text: String,
            #[serde(default = "yes")]
            official: bool,
        },
    }

    fn yes() -> bool {
        true
    }

    impl RawText {
        pub(super) fn split(self) -> (String, bool) {
            match self {
                RawText::Official(text) => (text, true),
                RawText::Marked { text, official } => (text, official),
            }
        }
    }

    pub(super) fn texts(en: RawText, fr: RawText, pt: RawText) -> (Text, Official) {
        let (en, o_en) = en.split();
        let (fr, o_fr) = fr.split();
        let (pt, o_pt) = pt.split();
        (Text { en, fr, pt }, Official { en: o_en, fr: o_fr, pt: o_pt })
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct ListFile {
        pub list: Header,
        #[serde(default)]
        #[allow(dead_code)]
        pub source: Vec<toml::Table>,
        #[serde(default)]
        pub chapter: Vec<Heading>,
        #[serde(default)]
        pub subchapter: Vec<Heading>,
        #[serde(default)]
        pub entry: Vec<Entry>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Header {
        #[allow(dead_code)]
        pub id: String,
        #[allow(dead_code)]
        pub title: toml::Table,
        #[allow(dead_code)]
        pub legal_basis: String,
        pub data_version: String,
        pub chapters: usize,
        pub subchapters: usize,
        pub entries: usize,
        pub hazardous: usize,
        pub mirror_pairs: usize,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Heading {
        pub code: String,
        pub en: RawText,
        pub fr: RawText,
        pub pt: RawText,
        #[allow(dead_code)]
        pub note: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Entry {
        pub code: String,
        pub hazardous: bool,
        #[serde(default)]
        pub mirror: Vec<String>,
        pub en: RawText,
        pub fr: RawText,
        pub pt: RawText,
        pub note: Option<String>,
    }
}

#[cfg(test)]
mod tests;
