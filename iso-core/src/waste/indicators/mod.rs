//! Waste indicators from e-GAR guides: monthly measurements for the KPI engine, and the breakdown of a period
//! (by class, LER chapter, destination, site and month, with the ESRS E5-5 and GRI 306-3/4/5 tables).
//!
//! **What counts.** The organisation's own production: aggregate groups of role [`Role::Producer`] whose party is
//! the organisation's NIF ([`Organisation::tax_id`]; a leading `PT` and spaces are ignored). Groups of other roles or
//! other parties are ignored, so an aggregator that also holds the organisation's deliveries as a destination, or
//! another company's guides, can be given whole.
//!
//! **Sites.** A group's establishment (APA code) names the site whose [`establishment`](crate::register::Site) is
//! that code (compared without surrounding spaces, ignoring ASCII case). Guides of an establishment that is no site
//! of the organisation — or of none — count organisation-wide (`site: None`): they are the organisation's waste, and
//! a gap in the register must not make tonnes vanish. [`WasteBreakdown::by_site`] lists them with their
//! establishment code, so the report can flag them. Two sites with the same establishment code are an error.
//!
//! **Metrics.** One per KPI class × hazard (`waste.hazardous.recycling`, `waste.non_hazardous.landfill`, …: see
//! [`metric_id`]), in tonnes, defined in the built-in `kpis.toml`; the KPIs there (`waste-total`,
//! `waste-recovery-rate`, …) compute from them. Every month in which a site (or the organisation-wide scope) has a
//! guide gets a row for *every* class and hazard, zero where no guide went there: e-GAR covers every shipment, so no
//! guide is a known zero, and a rate with no recycling at all is 0 %, not undefined.
//!
//! **Rates** are over the tonnage whose fate is final: interim operations (R12, R13, D13–D15) pass the waste on to
//! an operation the guide does not name, so they are left out of numerators and denominators and reported apart.
//!
//! ```
//! use iso_core::connect::egar::{ImportOptions, import_csv};
//! use iso_core::kpi::{IndicatorData, KpiOptions};
//! use iso_core::register::Organisation;
//! use iso_core::waste::ClassPolicy;
//! use iso_core::waste::indicators::{WasteBreakdown, waste_measurements};
//!
//! let csv = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;codigoApaRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
//!            PT1;CC;2025-03-04;500000000;APA1;500000001;150101;R3;3\n\
//!            PT2;CC;2025-03-20;500000000;APA1;500000002;200301;D1;1\n\
//!            PT3;CC;2025-04-02;500000000;APA1;500000003;130205;R13;2\n";
//! let groups = import_csv(csv.as_bytes(), "guias.csv", &ImportOptions::default())?.aggregator.groups();
//! let organisation: Organisation = toml::from_str(
//!     "id = \"o\"\nname = \"O\"\ntax_id = \"PT500000000\"\n[[site]]\nid = \"a\"\nname = \"A\"\nestablishment = \"APA1\"",
//! )?;
//! let policy = ClassPolicy::default();
//!
//! // Monthly measurements, merged into indicator data: the KPI engine does the rest.
//! let mut data = IndicatorData::builtin()?;
//! data.add_measurements(waste_measurements(&groups, &organisation, &policy)?)?;
//! let kpis = data.compute(&organisation, &KpiOptions::new("2025".parse()?), &Default::default())?.indicators;
//! let value = |id: &str| kpis.results.iter().find(|r| r.kpi == id && r.site.is_none()).and_then(|r| r.value.value());
//! assert_eq!(value("waste-total"), Some("6".parse()?));
//! assert_eq!(value("waste-recycling-rate"), Some("75".parse()?)); // 3 t of the 4 t with a final fate
//!
//! // The breakdown of a period: the 2 t to R13 are reported apart.
//! let breakdown = WasteBreakdown::compute(&groups, &organisation, &policy, &"2025".parse()?)?;
//! assert_eq!(breakdown.interim.total.to_string(), "2");
//! assert_eq!(breakdown.esrs_e5_5.disposal.landfill.total.to_string(), "1");
//! assert_eq!(breakdown.total.hazardous.to_string(), "2");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod breakdown;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

pub use breakdown::{
    BucketLine, ChapterLine, ClassLine, CodeLine, DestinationLine, Disposal, EsrsE55, Gri306, GriDisposal, MonthLine,
    Recovery, SiteLine, Tonnes, WasteBreakdown, WasteRates,
};

use super::{ClassPolicy, WasteClass};
use crate::connect::egar::{Group, Role};
use crate::error::WasteError;
use crate::kpi::{Measurement, Measurements};
use crate::period::Period;
use crate::register::Organisation;

/// The metric of a class and hazard: `waste.hazardous.recycling`, `waste.non_hazardous.landfill`, …
///
/// ```
/// use iso_core::waste::WasteClass;
/// use iso_core::waste::indicators::metric_id;
/// assert_eq!(metric_id(WasteClass::EnergyRecovery, true), "waste.hazardous.energy_recovery");
/// ```
pub fn metric_id(class: WasteClass, hazardous: bool) -> String {
    format!("waste.{}.{}", if hazardous { "hazardous" } else { "non_hazardous" }, class.id())
}

/// A NIF without spaces and without the `PT` country prefix, upper case.
fn normalised_nif(nif: &str) -> String {
    let compact: String = nif.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    compact.strip_prefix("PT").map(str::to_owned).unwrap_or(compact)
}

/// The organisation's NIF as guides write it (spaces and a `PT` prefix removed): an error when it has no `tax_id`.
///
/// ```
/// use iso_core::register::Organisation;
/// let organisation: Organisation = toml::from_str("id = \"o\"\nname = \"O\"\ntax_id = \"PT 500 000 000\"")?;
/// assert_eq!(iso_core::waste::indicators::organisation_nif(&organisation)?, "500000000");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn organisation_nif(organisation: &Organisation) -> Result<String, WasteError> {
    organisation.tax_id.as_deref().map(normalised_nif).filter(|n| !n.is_empty()).ok_or_else(|| {
        WasteError::Organisation(format!(
            "organisation {:?} has no tax_id: its guides as producer are found by its NIF",
            organisation.id
        ))
    })
}

/// The organisation's producer groups and the site of each establishment.
pub(crate) struct Scope<'a> {
    nif: String,
    /// Establishment code (trimmed, upper case) → site id.
    sites: BTreeMap<String, &'a str>,
}

impl<'a> Scope<'a> {
    pub(crate) fn new(organisation: &'a Organisation) -> Result<Self, WasteError> {
        let nif = organisation_nif(organisation)?;
        let mut sites = BTreeMap::new();
        for site in &organisation.sites {
            let Some(code) = site.establishment.as_deref().map(|c| c.trim().to_ascii_uppercase()) else { continue };
            if code.is_empty() {
                continue;
            }
            if let Some(other) = sites.insert(code.clone(), site.id.as_str()) {
                return Err(WasteError::Organisation(format!(
                    "sites {other:?} and {:?} have the same establishment code {code:?}",
                    site.id
                )));
            }
        }
        Ok(Scope { nif, sites })
    }

    /// Whether a group is the organisation's own production.
    pub(crate) fn owns(&self, group: &Group) -> bool {
        group.key.role == Role::Producer && normalised_nif(&group.key.party) == self.nif
    }

    /// The site of an establishment code; `None` for an unknown or empty code (organisation-wide).
    pub(crate) fn site(&self, establishment: &str) -> Option<&'a str> {
        self.sites.get(&establishment.trim().to_ascii_uppercase()).copied()
    }
}

/// The position of a class × hazard in a row of [`WasteClass::ALL`] × (hazardous, non-hazardous).
fn slot(class: WasteClass, hazardous: bool) -> usize {
    let i = WasteClass::ALL.iter().position(|c| *c == class).unwrap_or(0);
    i * 2 + usize::from(!hazardous)
}

/// Monthly waste measurements of the organisation's production, per site (see the module documentation for what
/// counts, the site rule and the zero rows). Rows come sorted by site (organisation-wide first) and month, then in
/// class order ([`WasteClass::ALL`]), hazardous first.
///
/// Errors: the organisation has no tax id, or two of its sites share an establishment code.
pub fn waste_measurements(
    groups: &[Group],
    organisation: &Organisation,
    policy: &ClassPolicy,
) -> Result<Measurements, WasteError> {
    let scope = Scope::new(organisation)?;
    let width = WasteClass::ALL.len() * 2;
    let mut cells: BTreeMap<(Option<&str>, Period), Vec<Decimal>> = BTreeMap::new();
    for group in groups.iter().filter(|g| scope.owns(g)) {
        let site = scope.site(&group.key.establishment);
        let row = cells.entry((site, group.key.month)).or_insert_with(|| vec![Decimal::ZERO; width]);
        let class = policy.class_of(group.key.operation);
        if let Some(cell) = row.get_mut(slot(class, group.key.ler.is_hazardous())) {
            *cell += group.totals.tonnes;
        }
    }
    let mut rows = Vec::with_capacity(cells.len() * width);
    for ((site, month), values) in cells {
        for class in WasteClass::ALL {
            for hazardous in [true, false] {
                let value = values.get(slot(class, hazardous)).copied().unwrap_or_default();
                rows.push(Measurement {
                    site: site.map(str::to_owned),
                    start: month.start(),
                    end: month.end(),
                    metric: metric_id(class, hazardous),
                    value: value.normalize(),
                    note: None,
                });
            }
        }
    }
    Ok(Measurements { rows })
}

#[cfg(test)]
mod tests;
