//! Reconciling a compiled MIRR against a declared one.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::compile::{CompileOptions, compile};
use super::model::{Mirr, MirrForm, OwnedKey};
use crate::connect::egar::Group;
use crate::error::WasteError;
use crate::waste::{LerCode, OperationCode};

/// How a line of the compiled and the declared register compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In both, and the quantities differ by at most the tolerance.
    Match,
    /// In both, and the quantities differ by more than the tolerance.
    Differs,
    /// The guides give the line; the declared register does not have it.
    MissingInDeclared,
    /// The declared register has the line; the guides do not give it.
    MissingInGuides,
}

/// One line of either register, with both quantities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReconciledLine {
    /// The form.
    pub form: MirrForm,
    /// The declaring party's NIF.
    pub party: String,
    /// The party's establishment (APA code; may be empty).
    pub establishment: String,
    /// The LER code.
    pub ler: LerCode,
    /// The operation.
    pub operation: OperationCode,
    /// The counterpart's NIF (empty for C2).
    pub counterpart: String,
    /// The counterpart's establishment (may be empty).
    pub counterpart_establishment: String,
    /// The quantity compiled from guides, in tonnes; `None` when the guides do not give the line.
    #[schemars(with = "Option<String>")]
    pub compiled: Option<Decimal>,
    /// The declared quantity, in tonnes; `None` when the declared register does not have the line.
    #[schemars(with = "Option<String>")]
    pub declared: Option<Decimal>,
    /// Declared − compiled, in tonnes (a missing side counts as 0): positive when more was declared than the
    /// guides show.
    #[schemars(with = "String")]
    pub difference: Decimal,
    /// How the two compare.
    pub status: Status,
}

/// How many lines have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StatusCounts {
    /// Lines that match (within the tolerance).
    pub matched: u64,
    /// Lines in both registers whose quantities differ by more than the tolerance.
    pub differs: u64,
    /// Lines of the guides missing from the declared register.
    pub missing_in_declared: u64,
    /// Lines of the declared register the guides do not give.
    pub missing_in_guides: u64,
}

impl StatusCounts {
    fn add(&mut self, status: Status) {
        let n = match status {
            Status::Match => &mut self.matched,
            Status::Differs => &mut self.differs,
            Status::MissingInDeclared => &mut self.missing_in_declared,
            Status::MissingInGuides => &mut self.missing_in_guides,
        };
        *n += 1;
    }

    /// Lines that do not match: differs + missing on either side.
    pub fn discrepancies(&self) -> u64 {
        self.differs + self.missing_in_declared + self.missing_in_guides
    }
}

/// The totals of one form in both registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FormTotals {
    /// The form.
    pub form: MirrForm,
    /// The total compiled from guides, in tonnes.
    #[schemars(with = "String")]
    pub compiled: Decimal,
    /// The total declared, in tonnes.
    #[schemars(with = "String")]
    pub declared: Decimal,
    /// Declared − compiled, in tonnes.
    #[schemars(with = "String")]
    pub difference: Decimal,
    /// The form's lines by status.
    pub counts: StatusCounts,
}

/// Reconciles a declared register with the forms compiled from `groups` for the parties it names (so that another
/// company's guides in the same export do not show as undeclared; an empty register names none, and every compiled
/// line is then undeclared), for its year: [`compile`] then [`reconcile`].
///
/// ```
/// use iso_core::connect::egar::{ImportOptions, import_bytes};
/// use iso_core::connect::mirr::{Mirr, reconcile_with_guides};
/// let guides = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
///               PT1;CC;2025-02-03;500000000;500000001;150101;R3;2\n";
/// let groups = import_bytes(guides.as_bytes(), "g.csv", &ImportOptions::default())?.aggregator.groups();
/// let declared = Mirr::from_csv("mirr.csv", "form,party,ler,operation,counterpart,quantity_t\nB,500000000,150101,R3,500000001,2\n", 2025)?;
/// let result = reconcile_with_guides(&groups, &declared, Default::default())?;
/// assert!(result.is_reconciled()); // the destination's own forms (C1, C2) are not asked for
/// # Ok::<(), iso_core::WasteError>(())
/// ```
pub fn reconcile_with_guides(
    groups: &[Group],
    declared: &Mirr,
    tolerance: Decimal,
) -> Result<Reconciliation, WasteError> {
    let options = CompileOptions {
        parties: declared.lines.iter().map(|l| l.party.clone()).collect(),
        ..CompileOptions::year(declared.year)
    };
    let compiled = compile(groups, &options)?.mirr;
    reconcile(&compiled, declared, tolerance)
}

/// A compiled register reconciled against a declared one: every line of either, with both quantities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reconciliation {
    /// The year of both registers.
    pub year: i32,
    /// The tolerance used, in tonnes.
    #[schemars(with = "String")]
    pub tolerance: Decimal,
    /// Every line of either register, in the order of [`Mirr`] lines (form, party, establishment, LER code,
    /// operation, counterpart, counterpart establishment).
    pub lines: Vec<ReconciledLine>,
    /// The totals of each form, B, C1, C2, D1 (all four, with zeros for a form without lines).
    pub totals: Vec<FormTotals>,
    /// Lines by status, over every form.
    pub counts: StatusCounts,
}

impl Reconciliation {
    /// The lines that do not match, in order.
    pub fn discrepancies(&self) -> impl Iterator<Item = &ReconciledLine> {
        self.lines.iter().filter(|l| l.status != Status::Match)
    }

    /// Whether every line matches.
    pub fn is_reconciled(&self) -> bool {
        self.counts.discrepancies() == 0
    }

    /// The JSON Schema of the serialised form.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Reconciliation)).unwrap_or_default()
    }
}

/// Reconciles the register compiled from guides against the declared one.
///
/// Lines are matched on form, party, establishment, LER code, operation, counterpart and counterpart
/// establishment (lines with the same identity in one register are added first). Two quantities match when they
/// differ by at most `tolerance` tonnes (0 asks for exact equality, the default to use: both come from the same
/// guides); a line present on one side only is missing on the other whatever its quantity. Errors: the registers
/// are of different years, the tolerance is negative, or a sum leaves the range of exact decimals.
pub fn reconcile(compiled: &Mirr, declared: &Mirr, tolerance: Decimal) -> Result<Reconciliation, WasteError> {
    if compiled.year != declared.year {
        return Err(WasteError::Reconcile(format!(
            "the compiled register is of {} and the declared one of {}",
            compiled.year, declared.year
        )));
    }
    if tolerance.is_sign_negative() && !tolerance.is_zero() {
        return Err(WasteError::Reconcile(format!("the tolerance {tolerance} t is negative")));
    }
    let overflow = || WasteError::Reconcile("a quantity leaves the range of exact decimals".to_owned());
    let mut both: BTreeMap<OwnedKey, (Option<Decimal>, Option<Decimal>)> = BTreeMap::new();
    for line in &compiled.lines {
        let entry = both.entry(line.owned_key()).or_default();
        entry.0 = Some(entry.0.unwrap_or_default().checked_add(line.tonnes).ok_or_else(overflow)?);
    }
    for line in &declared.lines {
        let entry = both.entry(line.owned_key()).or_default();
        entry.1 = Some(entry.1.unwrap_or_default().checked_add(line.tonnes).ok_or_else(overflow)?);
    }
    let mut totals: Vec<FormTotals> = MirrForm::ALL
        .iter()
        .map(|&form| FormTotals {
            form,
            compiled: Decimal::ZERO,
            declared: Decimal::ZERO,
            difference: Decimal::ZERO,
            counts: StatusCounts::default(),
        })
        .collect();
    let mut counts = StatusCounts::default();
    let mut lines = Vec::with_capacity(both.len());
    for ((form, party, establishment, ler, operation, counterpart, counterpart_establishment), (c, d)) in both {
        let (cv, dv) = (c.unwrap_or_default(), d.unwrap_or_default());
        let difference = dv.checked_sub(cv).ok_or_else(overflow)?;
        let status = match (c, d) {
            (Some(_), None) => Status::MissingInDeclared,
            (None, _) => Status::MissingInGuides,
            (Some(_), Some(_)) if difference.abs() <= tolerance => Status::Match,
            (Some(_), Some(_)) => Status::Differs,
        };
        counts.add(status);
        if let Some(t) = totals.iter_mut().find(|t| t.form == form) {
            t.compiled = t.compiled.checked_add(cv).ok_or_else(overflow)?;
            t.declared = t.declared.checked_add(dv).ok_or_else(overflow)?;
            t.counts.add(status);
        }
        lines.push(ReconciledLine {
            form,
            party,
            establishment,
            ler,
            operation,
            counterpart,
            counterpart_establishment,
            compiled: c,
            declared: d,
            difference,
            status,
        });
    }
    for t in &mut totals {
        t.difference = t.declared.checked_sub(t.compiled).ok_or_else(overflow)?;
    }
    Ok(Reconciliation { year: compiled.year, tolerance, lines, totals, counts })
}
