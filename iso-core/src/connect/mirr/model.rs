//! The MIRR model: forms, lines, the register of one year.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::WasteError;
use crate::waste::{LerCode, OperationCode};

/// A form of the MIRR that e-GAR guides pre-fill.
///
/// Forms sort in this order: B, C1, C2, D1. Serialised as `"B"`, `"C1"`, `"C2"`, `"D1"`.
///
/// **Parsing** ([`FromStr`]): case, accents, spaces and punctuation are ignored, and a leading `form`, `formulário`
/// or `quadro` is dropped, so `B`, `b`, `Form B`, `Formulário C1`, `Quadro C1`, `c.1`, `d-1` are all accepted.
///
/// ```
/// use iso_core::connect::mirr::MirrForm;
/// for text in ["C1", "c1", "Quadro C1", "Formulário C.1", "form c1"] {
///     assert_eq!(text.parse::<MirrForm>()?, MirrForm::C1);
/// }
/// assert_eq!(MirrForm::D1.to_string(), "D1");
/// assert_eq!("E".parse::<MirrForm>().unwrap_err().to_string(), "unknown MIRR form \"E\": expected B, C1, C2 or D1");
/// # Ok::<(), iso_core::WasteError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
pub enum MirrForm {
    /// Form B: waste produced, by the producer (or holder) establishment, per destination.
    #[serde(rename = "B")]
    B,
    /// Form C1: waste received, by the destination establishment, per origin (producer).
    #[serde(rename = "C1")]
    C1,
    /// Form C2: waste processed, by the destination establishment; compiled from guides it is the quantity
    /// *received for* each operation (a draft: treated quantities and stock changes come from the operator).
    #[serde(rename = "C2")]
    C2,
    /// Form D1: waste transported, by the transporter, per destination.
    #[serde(rename = "D1")]
    D1,
}

impl MirrForm {
    /// The four forms, in order.
    pub const ALL: [MirrForm; 4] = [MirrForm::B, MirrForm::C1, MirrForm::C2, MirrForm::D1];

    /// `B`, `C1`, `C2` or `D1`.
    pub fn id(self) -> &'static str {
        match self {
            MirrForm::B => "B",
            MirrForm::C1 => "C1",
            MirrForm::C2 => "C2",
            MirrForm::D1 => "D1",
        }
    }

    /// Whether lines of this form name a counterpart (every form but C2).
    pub fn has_counterpart(self) -> bool {
        self != MirrForm::C2
    }

    /// Whether lines of this form name the party's establishment (every form but D1: the e-GAR names no
    /// establishment for transporters).
    pub fn has_establishment(self) -> bool {
        self != MirrForm::D1
    }
}

impl fmt::Display for MirrForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.id())
    }
}

impl FromStr for MirrForm {
    type Err = WasteError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let folded: String = crate::text::fold(s).chars().filter(char::is_ascii_alphanumeric).collect();
        let bare =
            ["formulario", "form", "quadro"].iter().find_map(|prefix| folded.strip_prefix(prefix)).unwrap_or(&folded);
        match bare {
            "b" => Ok(MirrForm::B),
            "c1" => Ok(MirrForm::C1),
            "c2" => Ok(MirrForm::C2),
            "d1" => Ok(MirrForm::D1),
            _ => Err(WasteError::UnknownForm(s.trim().to_owned())),
        }
    }
}

/// One line of a MIRR form: a quantity for a party's establishment, a LER code, an operation and a counterpart.
///
/// What the party and the counterpart are depends on the form (see the module documentation): B — producer and
/// destination; C1 — destination and producer (origin); C2 — destination, no counterpart; D1 — transporter (no
/// establishment) and destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MirrLine {
    /// The form.
    pub form: MirrForm,
    /// The declaring party's NIF.
    pub party: String,
    /// The party's establishment (APA code); empty when none is known, and always for D1.
    pub establishment: String,
    /// The LER code.
    pub ler: LerCode,
    /// The operation the waste is sent to (or, for C2, received for).
    pub operation: OperationCode,
    /// The counterpart's NIF: the destination (B, D1) or the producer (C1); empty for C2.
    pub counterpart: String,
    /// The counterpart's establishment (APA code); empty when none is known, and always for C2.
    pub counterpart_establishment: String,
    /// The quantity, in tonnes, exact.
    #[schemars(with = "String")]
    pub tonnes: Decimal,
    /// The number of guides behind the quantity (0 for a declared line that does not give it).
    pub guides: u64,
}

/// The identity of a line: everything but the quantity and the guide count, in sort order.
pub(crate) type LineKey<'a> = (MirrForm, &'a str, &'a str, LerCode, OperationCode, &'a str, &'a str);

/// An owned [`LineKey`].
pub(crate) type OwnedKey = (MirrForm, String, String, LerCode, OperationCode, String, String);

impl MirrLine {
    /// The line's identity, in sort order: form, party, establishment, LER code, operation, counterpart, its
    /// establishment.
    pub(crate) fn key(&self) -> LineKey<'_> {
        (
            self.form,
            &self.party,
            &self.establishment,
            self.ler,
            self.operation,
            &self.counterpart,
            &self.counterpart_establishment,
        )
    }

    /// [`key`](Self::key), owned.
    pub(crate) fn owned_key(&self) -> OwnedKey {
        (
            self.form,
            self.party.clone(),
            self.establishment.clone(),
            self.ler,
            self.operation,
            self.counterpart.clone(),
            self.counterpart_establishment.clone(),
        )
    }
}

/// The MIRR forms B, C1, C2 and D1 of one calendar year: compiled from guides ([`super::compile`]) or declared
/// ([`Mirr::from_csv`]).
///
/// Lines are sorted by form, party, establishment, LER code, operation, counterpart and counterpart
/// establishment, and no two lines share all of these (both constructors ensure it; [`Mirr::sort`] restores the
/// order after editing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Mirr {
    /// The year the register covers.
    pub year: i32,
    /// The lines, sorted.
    pub lines: Vec<MirrLine>,
}

impl Mirr {
    /// An empty register of `year`.
    pub fn new(year: i32) -> Self {
        Mirr { year, lines: Vec::new() }
    }

    /// Sorts the lines into the documented order (stable: lines with equal keys keep their order).
    pub fn sort(&mut self) {
        self.lines.sort_by(|a, b| a.key().cmp(&b.key()));
    }

    /// The lines of one form, in order.
    pub fn form(&self, form: MirrForm) -> impl Iterator<Item = &MirrLine> {
        self.lines.iter().filter(move |l| l.form == form)
    }

    /// The total quantity of every form (in tonnes) and its guide count; every form is present, with zeros when
    /// it has no line. `None` when a sum leaves the range of exact decimals.
    pub fn totals(&self) -> Option<BTreeMap<MirrForm, (Decimal, u64)>> {
        let mut out: BTreeMap<MirrForm, (Decimal, u64)> =
            MirrForm::ALL.iter().map(|f| (*f, (Decimal::ZERO, 0))).collect();
        for line in &self.lines {
            let entry = out.entry(line.form).or_default();
            entry.0 = entry.0.checked_add(line.tonnes)?;
            entry.1 = entry.1.saturating_add(line.guides);
        }
        Some(out)
    }
}
