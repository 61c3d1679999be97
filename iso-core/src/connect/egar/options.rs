//! Import options.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::model::GuideState;

/// The unit of quantities that do not state their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MassUnit {
    /// Tonnes (`t`): the unit of e-GAR quantities. The default.
    #[default]
    #[serde(rename = "t")]
    Tonnes,
    /// Kilograms (`kg`): some exports and ERPs write kilograms.
    #[serde(rename = "kg")]
    Kilograms,
}

impl MassUnit {
    /// `t` or `kg`.
    pub fn symbol(self) -> &'static str {
        match self {
            MassUnit::Tonnes => "t",
            MassUnit::Kilograms => "kg",
        }
    }

    /// Parses `t`, `ton`, `tonelada(s)`, `tonne(s)`, `kg`, `quilograma(s)`, `kilogram(s)` (any case).
    pub fn parse(text: &str) -> Option<MassUnit> {
        match crate::text::fold(text.trim()).as_str() {
            "t" | "ton" | "tons" | "tonelada" | "toneladas" | "tonne" | "tonnes" => Some(MassUnit::Tonnes),
            "kg" | "kgs" | "quilograma" | "quilogramas" | "kilograma" | "kilogramas" | "kilogram" | "kilograms" => {
                Some(MassUnit::Kilograms)
            }
            _ => None,
        }
    }

    /// Converts a value in this unit to tonnes, exactly; `None` on overflow.
    pub fn to_tonnes(self, value: Decimal) -> Option<Decimal> {
        match self {
            MassUnit::Tonnes => Some(value),
            MassUnit::Kilograms => value.checked_div(Decimal::ONE_THOUSAND),
        }
    }
}

/// What happens to a bad guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The first bad guide is an error (guide number, line, field) and nothing is counted. The default.
    #[default]
    Strict,
    /// Bad guides are rejected, counted and listed in the report; the others are counted.
    Lenient,
}

/// Which guide states are counted.
///
/// Cancelled (`AN`) and rejected (`RJ`) guides are never counted, nor emitted (`EM`) or awaiting-action (`AA`)
/// guides, whose transport is not complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatePolicy {
    /// Concluded guides (`CC`) only: the figures SILiAmb carries into the MIRR. The default.
    #[default]
    Concluded,
    /// Every guide the destination has received: concluded (`CC`), accepted (`AC`), corrected (`CO`) and
    /// correction refused (`CN`, counted with the declared values) — for figures during the year, before every
    /// guide is closed.
    Received,
}

impl StatePolicy {
    /// Whether guides in `state` are counted.
    pub fn counts(self, state: GuideState) -> bool {
        match self {
            StatePolicy::Concluded => state == GuideState::Concluded,
            StatePolicy::Received => matches!(
                state,
                GuideState::Concluded | GuideState::Accepted | GuideState::Corrected | GuideState::CorrectionRefused
            ),
        }
    }
}

/// The character encoding of a CSV export (XML must be UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark. The default; bytes that are not UTF-8 are an error naming the
    /// line and byte, never guessed.
    #[default]
    #[serde(rename = "utf-8", alias = "utf8")]
    Utf8,
    /// Windows-1252 (what Excel on Windows writes as "CSV"), decoded as the WHATWG Encoding Standard does.
    #[serde(rename = "windows-1252", alias = "windows1252", alias = "cp1252")]
    Windows1252,
}

/// The role a party plays in a guide, which decides the MIRR form its figures go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The producer or holder (`remetente`): waste produced, MIRR form B.
    Producer,
    /// The destination operator (`destinatario`): waste received and treated, MIRR forms C1 and C2.
    Destination,
    /// A transporter: waste transported, MIRR form D1.
    Transporter,
}

impl Role {
    /// The role's id in JSON and CSV: `producer`, `destination`, `transporter`.
    pub fn id(self) -> &'static str {
        match self {
            Role::Producer => "producer",
            Role::Destination => "destination",
            Role::Transporter => "transporter",
        }
    }
}

/// How guides are grouped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AggregateOptions {
    /// The roles to group by; every guide adds to one group per role (and per distinct transporter). Default: all
    /// three.
    pub roles: BTreeSet<Role>,
    /// Only parties with these NIFs (the organisation's own): empty for every party. Default: empty.
    pub parties: BTreeSet<String>,
}

impl Default for AggregateOptions {
    fn default() -> Self {
        AggregateOptions {
            roles: [Role::Producer, Role::Destination, Role::Transporter].into_iter().collect(),
            parties: BTreeSet::new(),
        }
    }
}

/// Options of an e-GAR import.
///
/// ```
/// use iso_core::connect::egar::{ImportOptions, MassUnit, Mode};
/// let options: ImportOptions = serde_json::from_str(r#"{"unit": "kg", "mode": "lenient"}"#)?;
/// assert_eq!((options.unit, options.mode), (MassUnit::Kilograms, Mode::Lenient));
/// assert!(serde_json::from_str::<ImportOptions>(r#"{"units": "kg"}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImportOptions {
    /// The unit of quantities that do not state their own (a CSV column `unidade`, or a header such as
    /// `Quantidade (kg)`, states its own). Default: tonnes.
    pub unit: MassUnit,
    /// Strict (default) or lenient.
    pub mode: Mode,
    /// Which states are counted. Default: concluded only.
    pub states: StatePolicy,
    /// The encoding of CSV input. Default: UTF-8.
    pub encoding: TextEncoding,
    /// The largest quantity one guide may carry, in tonnes (default 100 000 t: a bulk carrier's load; a lorry
    /// carries 40 t). Larger values are errors — usually kilograms read as tonnes.
    pub max_tonnes: Decimal,
    /// In lenient mode, how many rejected guides are listed (all are counted). Default 1 000.
    pub max_listed: usize,
    /// How guides are grouped.
    pub aggregate: AggregateOptions,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            unit: MassUnit::Tonnes,
            mode: Mode::Strict,
            states: StatePolicy::Concluded,
            encoding: TextEncoding::Utf8,
            max_tonnes: Decimal::from(100_000),
            max_listed: 1_000,
            aggregate: AggregateOptions::default(),
        }
    }
}
