//! Languages and texts given in every supported language.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language the engine reads and writes: catalogue titles, report strings, number and date formats.
///
/// ```
/// use iso_core::Lang;
/// assert_eq!("pt".parse::<Lang>().unwrap(), Lang::Pt);
/// assert!("de".parse::<Lang>().is_err());
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
    /// Portuguese (European).
    Pt,
}

impl Lang {
    /// Every supported language, in a fixed order.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Pt];

    /// The ISO 639-1 code: `en`, `fr` or `pt`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Pt => "pt",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

/// A language code that is not one of the supported languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: supported languages are en, fr, pt")]
pub struct UnknownLang(pub String);

impl TryFrom<String> for Lang {
    type Error = UnknownLang;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Ok(Lang::En),
            "fr" | "fra" | "fre" | "french" | "français" => Ok(Lang::Fr),
            "pt" | "por" | "pt-pt" | "portuguese" | "português" => Ok(Lang::Pt),
            _ => Err(UnknownLang(s.to_owned())),
        }
    }
}

/// A text in English, French and Portuguese.
///
/// Catalogue files may omit `fr` and `pt`; the loader fills them with the English text, so every `Text` held by
/// the engine has all three.
///
/// ```
/// use iso_core::{Lang, Text};
/// let t = Text::new("Leadership", "Leadership", "Liderança");
/// assert_eq!(t.get(Lang::Pt), "Liderança");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(from = "LenientText")]
pub struct Text {
    /// English.
    pub en: String,
    /// French.
    pub fr: String,
    /// Portuguese.
    pub pt: String,
}

/// A text as read: French and Portuguese default to the English when absent or blank.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Text")]
struct LenientText {
    /// English (required).
    en: String,
    /// French; the English when absent.
    #[serde(default)]
    fr: Option<String>,
    /// Portuguese; the English when absent.
    #[serde(default)]
    pt: Option<String>,
}

impl From<LenientText> for Text {
    fn from(t: LenientText) -> Text {
        let or_en = |x: Option<String>| x.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| t.en.clone());
        let fr = or_en(t.fr);
        let pt = or_en(t.pt);
        Text { en: t.en, fr, pt }
    }
}

impl Text {
    /// A text from its three translations.
    pub fn new(en: impl Into<String>, fr: impl Into<String>, pt: impl Into<String>) -> Self {
        Text { en: en.into(), fr: fr.into(), pt: pt.into() }
    }

    /// The same text in every language (for names that are not translated).
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Text { en: text.clone(), fr: text.clone(), pt: text }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::Pt => &self.pt,
        }
    }
}

/// Folds a string for accent- and case-insensitive search: lower case, Latin diacritics removed.
///
/// ```
/// assert_eq!(iso_core::text::fold("Ações Corretivas"), "acoes corretivas");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '’' | '‘' => out.push('\''),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_parses_codes_and_names() {
        assert_eq!("FR".parse::<Lang>(), Ok(Lang::Fr));
        assert_eq!("português".parse::<Lang>(), Ok(Lang::Pt));
        let err = "xx".parse::<Lang>().unwrap_err();
        assert!(err.to_string().contains("en, fr, pt"));
    }

    #[test]
    fn fold_removes_accents_and_ligatures() {
        assert_eq!(fold("Mise en œuvre"), "mise en oeuvre");
        assert_eq!(fold("Compétences"), "competences");
    }
}
#[cfg(test)]
mod serde_tests {
    #[test]
    fn unknown_languages_are_named() {
        let err = serde_json::from_str::<super::Lang>("\"de\"").unwrap_err().to_string();
        assert!(err.contains("unknown language \"de\""), "{err}");
        assert_eq!(serde_json::from_str::<super::Lang>("\"PT\"").unwrap(), super::Lang::Pt);
    }
}
