//! Compiling the MIRR forms from aggregated e-GAR groups.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::model::{Mirr, MirrForm, MirrLine, OwnedKey};
use crate::connect::egar::{Group, GroupTotals, Role};
use crate::error::WasteError;
use crate::period::Period;

/// What to compile.
///
/// ```
/// use iso_core::connect::mirr::{CompileOptions, MirrForm};
/// let options: CompileOptions = serde_json::from_str(r#"{"year": 2025, "parties": ["500000000"]}"#)?;
/// assert_eq!(options.forms.len(), 4);
/// assert!(options.forms.contains(&MirrForm::C2));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompileOptions {
    /// The calendar year of the register. Groups of other months are left out and counted in the report.
    pub year: i32,
    /// Only these parties (the organisation's own NIFs); empty for every party. Default: empty.
    #[serde(default)]
    pub parties: BTreeSet<String>,
    /// The forms to compile. Default: all four.
    #[serde(default = "all_forms")]
    pub forms: BTreeSet<MirrForm>,
}

fn all_forms() -> BTreeSet<MirrForm> {
    MirrForm::ALL.into_iter().collect()
}

impl CompileOptions {
    /// Every form of every party for `year`.
    pub fn year(year: i32) -> Self {
        CompileOptions { year, parties: BTreeSet::new(), forms: all_forms() }
    }
}

/// What a compilation used and left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CompileReport {
    /// Groups read.
    pub groups: u64,
    /// Groups that went into at least one form.
    pub used: u64,
    /// Groups of months outside the year, summed by role (they are not in the register).
    pub outside_year: BTreeMap<Role, GroupTotals>,
    /// The months outside the year that groups fell in.
    pub outside_periods: BTreeSet<Period>,
    /// Groups of parties not in [`CompileOptions::parties`].
    pub other_parties: u64,
}

/// A compiled register and what compiling it left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    /// The register.
    pub mirr: Mirr,
    /// What was used and left out.
    pub report: CompileReport,
}

/// The forms a group of a role goes to.
fn forms_of(role: Role) -> &'static [MirrForm] {
    match role {
        Role::Producer => &[MirrForm::B],
        Role::Destination => &[MirrForm::C1, MirrForm::C2],
        Role::Transporter => &[MirrForm::D1],
    }
}

/// Compiles the MIRR forms of `options.year` from e-GAR groups ([`crate::connect::egar::Aggregator::groups`]).
///
/// Producer groups make form B, destination groups forms C1 and C2, transporter groups form D1 (see the module
/// documentation for what each form holds). Months are summed away; quantities are exact `Decimal` sums and guide
/// counts are added. Groups whose month is not in the year are left out and summed in
/// [`CompileReport::outside_year`]; groups of parties not in [`CompileOptions::parties`] (when it is not empty)
/// are left out and counted. A sum that leaves the range of exact decimals is an error.
pub fn compile(groups: &[Group], options: &CompileOptions) -> Result<Compiled, WasteError> {
    let mut report = CompileReport::default();
    let mut sums: BTreeMap<OwnedKey, (Decimal, u64)> = BTreeMap::new();
    for group in groups {
        report.groups += 1;
        let key = &group.key;
        let (start, end) = (key.month.start(), key.month.end());
        if start.year() != options.year || end.year() != options.year {
            let totals = report.outside_year.entry(key.role).or_default();
            totals.tonnes = totals.tonnes.checked_add(group.totals.tonnes).ok_or_else(|| overflow(key.role))?;
            totals.guides = totals.guides.saturating_add(group.totals.guides);
            totals.corrected = totals.corrected.saturating_add(group.totals.corrected);
            report.outside_periods.insert(key.month);
            continue;
        }
        if !options.parties.is_empty() && !options.parties.contains(&key.party) {
            report.other_parties += 1;
            continue;
        }
        let mut used = false;
        for &form in forms_of(key.role).iter().filter(|f| options.forms.contains(f)) {
            used = true;
            let (establishment, counterpart, counterpart_establishment) = match form {
                MirrForm::C2 => (key.establishment.clone(), String::new(), String::new()),
                MirrForm::D1 => (String::new(), key.counterpart.clone(), key.counterpart_establishment.clone()),
                MirrForm::B | MirrForm::C1 => {
                    (key.establishment.clone(), key.counterpart.clone(), key.counterpart_establishment.clone())
                }
            };
            let line_key = (
                form,
                key.party.clone(),
                establishment,
                key.ler,
                key.operation,
                counterpart,
                counterpart_establishment,
            );
            let sum = sums.entry(line_key).or_insert((Decimal::ZERO, 0));
            sum.0 = sum.0.checked_add(group.totals.tonnes).ok_or_else(|| overflow(key.role))?;
            sum.1 = sum.1.saturating_add(group.totals.guides);
        }
        report.used += u64::from(used);
    }
    let lines = sums
        .into_iter()
        .map(
            |(
                (form, party, establishment, ler, operation, counterpart, counterpart_establishment),
                (tonnes, guides),
            )| {
                MirrLine {
                    form,
                    party,
                    establishment,
                    ler,
                    operation,
                    counterpart,
                    counterpart_establishment,
                    tonnes,
                    guides,
                }
            },
        )
        .collect();
    Ok(Compiled { mirr: Mirr { year: options.year, lines }, report })
}

fn overflow(role: Role) -> WasteError {
    WasteError::Compile(format!("the {} quantities leave the range of exact decimals", role_name(role)))
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Producer => "producer",
        Role::Destination => "destination",
        Role::Transporter => "transporter",
    }
}
