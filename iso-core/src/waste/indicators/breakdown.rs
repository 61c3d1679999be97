//! The breakdown of a period's waste: totals, classes, chapters, codes, destinations, sites, months, and the ESRS
//! E5-5 and GRI 306 disclosures.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Scope;
use crate::connect::egar::Group;
use crate::error::WasteError;
use crate::period::Period;
use crate::register::Organisation;
use crate::text::Text;
use crate::waste::{ClassPolicy, LerCode, OperationCode, WasteClass, WasteList, WasteOperations};

/// Tonnes split by hazard (exact; `total` = `hazardous` + `non_hazardous`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tonnes {
    /// Waste of entries the list marks hazardous (`*`).
    #[schemars(with = "String")]
    pub hazardous: Decimal,
    /// The other waste.
    #[schemars(with = "String")]
    pub non_hazardous: Decimal,
    /// Both.
    #[schemars(with = "String")]
    pub total: Decimal,
}

impl Tonnes {
    fn add(&mut self, hazardous: bool, tonnes: Decimal) {
        if hazardous {
            self.hazardous += tonnes;
        } else {
            self.non_hazardous += tonnes;
        }
        self.total += tonnes;
    }

    fn plus(self, other: Tonnes) -> Tonnes {
        Tonnes {
            hazardous: self.hazardous + other.hazardous,
            non_hazardous: self.non_hazardous + other.non_hazardous,
            total: self.total + other.total,
        }
    }

    fn sum(items: impl IntoIterator<Item = Tonnes>) -> Tonnes {
        items.into_iter().fold(Tonnes::default(), Tonnes::plus)
    }

    fn normalize(self) -> Tonnes {
        Tonnes {
            hazardous: self.hazardous.normalize(),
            non_hazardous: self.non_hazardous.normalize(),
            total: self.total.normalize(),
        }
    }
}

/// `numerator / denominator` as a fraction; `None` when the denominator is zero.
fn fraction(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    if denominator.is_zero() { None } else { numerator.checked_div(denominator).map(|v| v.normalize()) }
}

/// One class of operations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClassLine {
    /// The class.
    pub class: WasteClass,
    /// Its tonnes.
    pub tonnes: Tonnes,
}

/// One bucket of the policy's reporting view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BucketLine {
    /// The bucket's id in `waste-operations.toml` (`recovery`, `diverted_from_disposal`, `not_final`, …).
    pub bucket: String,
    /// Its tonnes.
    pub tonnes: Tonnes,
}

/// One chapter of the European List of Waste (the composition of the waste, GRI 306-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChapterLine {
    /// The chapter's number (1–20).
    pub chapter: u8,
    /// Its code as the list writes it (`15`).
    pub code: String,
    /// Its heading in the three languages (the report picks one).
    pub title: Text,
    /// Its tonnes.
    pub tonnes: Tonnes,
    /// Number of guides.
    pub guides: u64,
}

/// One LER code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CodeLine {
    /// The code.
    pub ler: LerCode,
    /// Its description in the three languages.
    pub description: Text,
    /// Its tonnes (all on one side: a code is hazardous or not).
    pub tonnes: Tonnes,
    /// Number of guides.
    pub guides: u64,
}

/// One destination operator (the aggregate knows its NIF and establishment, not its name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DestinationLine {
    /// The destination's NIF, as the guides write it.
    pub nif: String,
    /// Its establishment (APA code; empty when the guides give none).
    pub establishment: String,
    /// The tonnes sent there.
    pub tonnes: Tonnes,
    /// Number of guides.
    pub guides: u64,
    /// The operations it applied, in code order.
    pub operations: Vec<OperationCode>,
}

/// One site of the organisation, or an establishment that is no site of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SiteLine {
    /// The site's id; `None` for an establishment that is no site of the organisation (counted organisation-wide).
    pub site: Option<String>,
    /// The establishment code the guides give, trimmed and in upper case (empty when none).
    pub establishment: String,
    /// Its tonnes.
    pub tonnes: Tonnes,
    /// Number of guides.
    pub guides: u64,
}

/// One month of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MonthLine {
    /// The month.
    #[schemars(with = "String")]
    pub month: Period,
    /// Its tonnes.
    pub tonnes: Tonnes,
    /// Its tonnes by bucket of the policy's view, aligned with [`WasteBreakdown::by_bucket`].
    #[schemars(with = "Vec<String>")]
    pub buckets: Vec<Decimal>,
}

/// Rates of the period, as fractions in [0, 1]; `None` when the denominator is zero. Every rate but the hazardous
/// share is over the tonnage whose fate is final (interim operations left out); the definitions are those of the
/// KPIs of the same names in `kpis.toml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WasteRates {
    /// Hazardous / total (`waste-hazardous-share`).
    #[schemars(with = "Option<String>")]
    pub hazardous_share: Option<Decimal>,
    /// Every recovery class, energy recovery included / final (`waste-recovery-rate`).
    #[schemars(with = "Option<String>")]
    pub recovery_rate: Option<Decimal>,
    /// Preparation for re-use + recycling / final (`waste-recycling-rate`).
    #[schemars(with = "Option<String>")]
    pub recycling_rate: Option<Decimal>,
    /// Final less landfill and permanent storage / final (`waste-landfill-diversion-rate`).
    #[schemars(with = "Option<String>")]
    pub landfill_diversion_rate: Option<Decimal>,
    /// As above, less energy recovery and incineration too (`waste-landfill-diversion-rate-excl-energy`).
    #[schemars(with = "Option<String>")]
    pub landfill_diversion_rate_excl_energy: Option<Decimal>,
    /// Final less preparation for re-use and recycling / final (`waste-non-recycled-share`).
    #[schemars(with = "Option<String>")]
    pub non_recycled_share: Option<Decimal>,
}

/// Waste diverted from disposal by recovery operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Recovery {
    /// Preparation for re-use.
    pub preparation_for_reuse: Tonnes,
    /// Recycling.
    pub recycling: Tonnes,
    /// Other recovery operations (see the table for what it holds).
    pub other_recovery: Tonnes,
    /// The three.
    pub total: Tonnes,
}

/// Waste directed to disposal, ESRS E5-5 §37(c) types.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Disposal {
    /// Incineration (D10, D11).
    pub incineration: Tonnes,
    /// Landfill (D1, D5).
    pub landfill: Tonnes,
    /// Other disposal operations (D2–D4, D6–D9, D12).
    pub other_disposal: Tonnes,
    /// The three.
    pub total: Tonnes,
}

/// ESRS E5-5 (Delegated Regulation (EU) 2023/2772) waste datapoints, in the **Waste Framework Directive view**:
/// energy recovery (R1) and backfilling are "other recovery operations", diverted from disposal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EsrsE55 {
    /// §37(a) total waste generated; its hazardous part is §39's total hazardous waste (the List of Waste holds no
    /// radioactive waste, which is outside the Directive).
    pub generated: Tonnes,
    /// §37(b) diverted from disposal: preparation for re-use, recycling, other recovery (R1 and backfilling
    /// included).
    pub diverted: Recovery,
    /// §37(c) directed to disposal: incineration, landfill, other disposal.
    pub disposal: Disposal,
    /// Sent to interim operations: neither diverted nor directed yet; reported apart, so `generated` =
    /// `diverted.total` + `disposal.total` + `not_final`.
    pub not_final: Tonnes,
    /// §37(d) non-recycled waste: final fate other than preparation for re-use or recycling.
    pub non_recycled: Tonnes,
    /// §37(d) non-recycled waste as a fraction of the waste with a final fate.
    #[schemars(with = "Option<String>")]
    pub non_recycled_share: Option<Decimal>,
}

/// GRI 306-5 (2020) waste directed to disposal, in the **GRI view**: incineration with energy recovery (R1) is
/// disposal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GriDisposal {
    /// Incineration with energy recovery (R1).
    pub incineration_with_energy_recovery: Tonnes,
    /// Incineration without energy recovery (D10, D11).
    pub incineration_without_energy_recovery: Tonnes,
    /// Landfilling (D1, D5).
    pub landfilling: Tonnes,
    /// Other disposal operations (D2–D4, D6–D9, D12).
    pub other_disposal: Tonnes,
    /// The four.
    pub total: Tonnes,
}

/// GRI 306-3, 306-4 and 306-5 (2020), **GRI view**. Every e-GAR guide accompanies a shipment, so all of it is
/// managed off-site (306-4-d / 306-5-d).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Gri306 {
    /// 306-3 waste generated (its composition by LER chapter is [`WasteBreakdown::by_chapter`]).
    pub generated: Tonnes,
    /// 306-4 diverted from disposal: preparation for re-use, recycling, other recovery (backfilling, R10 under the
    /// alternative classes; never R1).
    pub diverted: Recovery,
    /// 306-5 directed to disposal.
    pub directed: GriDisposal,
    /// Sent to interim operations, reported apart.
    pub not_final: Tonnes,
}

/// A period's waste, from the organisation's producer guides: what [`WasteBreakdown::compute`] gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WasteBreakdown {
    /// The period.
    #[schemars(with = "String")]
    pub period: Period,
    /// The class policy used.
    pub policy: ClassPolicy,
    /// Number of guides counted.
    pub guides: u64,
    /// Guides whose month straddles the period's boundary (custom periods): left out.
    pub straddling_guides: u64,
    /// All waste generated.
    pub total: Tonnes,
    /// The waste whose fate is final (the denominator of the rates).
    pub final_fate: Tonnes,
    /// The waste sent to interim operations (R12, R13, D13–D15), reported apart.
    pub interim: Tonnes,
    /// Rates, as fractions.
    pub rates: WasteRates,
    /// Every class, in [`WasteClass::ALL`] order (zero rows included).
    pub by_class: Vec<ClassLine>,
    /// Every bucket of the policy's view, in the file's order.
    pub by_bucket: Vec<BucketLine>,
    /// The chapters with waste, by number.
    pub by_chapter: Vec<ChapterLine>,
    /// The codes with waste, in code order.
    pub by_code: Vec<CodeLine>,
    /// The destinations, most tonnes first (then by NIF and establishment).
    pub by_destination: Vec<DestinationLine>,
    /// The sites, in the organisation's order, then the establishments that are no site (by code).
    pub by_site: Vec<SiteLine>,
    /// Every month of the period, in order (zero months included).
    pub by_month: Vec<MonthLine>,
    /// ESRS E5-5, Waste Framework Directive view.
    pub esrs_e5_5: EsrsE55,
    /// GRI 306-3/4/5, GRI view.
    pub gri_306: Gri306,
}

#[derive(Default)]
struct Tally {
    tonnes: Tonnes,
    guides: u64,
}

impl Tally {
    fn add(&mut self, hazardous: bool, tonnes: Decimal, guides: u64) {
        self.tonnes.add(hazardous, tonnes);
        self.guides += guides;
    }
}

impl WasteBreakdown {
    /// The breakdown of `period`: the organisation's producer groups whose month lies wholly inside it (see the
    /// [module documentation](super) for what counts and the site rule). Exact sums; nothing is rounded.
    ///
    /// Errors: those of [`waste_measurements`](super::waste_measurements), and a corrupted built-in list.
    pub fn compute(
        groups: &[Group],
        organisation: &Organisation,
        policy: &ClassPolicy,
        period: &Period,
    ) -> Result<WasteBreakdown, WasteError> {
        let scope = Scope::new(organisation)?;
        let list = WasteList::builtin()?;
        let operations = WasteOperations::builtin()?;
        let view = operations.views().iter().find(|v| v.id == policy.view.id()).ok_or_else(|| WasteError::Data {
            file: iso_catalogues::WASTE_OPERATIONS.name.to_owned(),
            message: format!("no view {:?}", policy.view.id()),
        })?;
        let months = period.months();
        let bucket_of =
            |class: WasteClass| view.buckets.iter().position(|b| b.classes.contains(&class)).unwrap_or_default();

        let mut by_class: BTreeMap<WasteClass, Tonnes> = BTreeMap::new();
        let mut by_bucket = vec![Tonnes::default(); view.buckets.len()];
        let mut by_chapter: BTreeMap<u8, Tally> = BTreeMap::new();
        let mut by_code: BTreeMap<LerCode, Tally> = BTreeMap::new();
        let mut by_destination: BTreeMap<(&str, &str), (Tally, Vec<OperationCode>)> = BTreeMap::new();
        let mut by_site: BTreeMap<(Option<&str>, String), Tally> = BTreeMap::new();
        let mut by_month: BTreeMap<Period, (Tonnes, Vec<Decimal>)> = months
            .iter()
            .filter(|m| period.start() <= m.start() && m.end() <= period.end())
            .map(|m| (*m, (Tonnes::default(), vec![Decimal::ZERO; view.buckets.len()])))
            .collect();
        let (mut guides, mut straddling_guides) = (0, 0);
        for group in groups.iter().filter(|g| scope.owns(g)) {
            let key = &group.key;
            let month = key.month;
            if month.end() < period.start() || month.start() > period.end() {
                continue;
            }
            let Some((month_tonnes, month_buckets)) = by_month.get_mut(&month) else {
                straddling_guides += group.totals.guides;
                continue;
            };
            let (tonnes, count) = (group.totals.tonnes, group.totals.guides);
            let hazardous = key.ler.is_hazardous();
            let class = policy.class_of(key.operation);
            let bucket = bucket_of(class);
            guides += count;
            month_tonnes.add(hazardous, tonnes);
            if let Some(b) = month_buckets.get_mut(bucket) {
                *b += tonnes;
            }
            by_class.entry(class).or_default().add(hazardous, tonnes);
            if let Some(b) = by_bucket.get_mut(bucket) {
                b.add(hazardous, tonnes);
            }
            by_chapter.entry(key.ler.chapter()).or_default().add(hazardous, tonnes, count);
            by_code.entry(key.ler).or_default().add(hazardous, tonnes, count);
            let destination = by_destination
                .entry((key.counterpart.as_str(), key.counterpart_establishment.as_str()))
                .or_insert_with(|| (Tally::default(), Vec::new()));
            destination.0.add(hazardous, tonnes, count);
            if !destination.1.contains(&key.operation) {
                destination.1.push(key.operation);
            }
            by_site
                .entry((scope.site(&key.establishment), key.establishment.trim().to_ascii_uppercase()))
                .or_default()
                .add(hazardous, tonnes, count);
        }

        let class = |c: WasteClass| by_class.get(&c).copied().unwrap_or_default();
        let total = Tonnes::sum(by_class.values().copied());
        let interim = class(WasteClass::Interim);
        let final_fate = Tonnes::sum(WasteClass::ALL.into_iter().filter(|c| *c != WasteClass::Interim).map(class));
        let recycled = class(WasteClass::PreparationForReuse).plus(class(WasteClass::Recycling));
        let recovered = Tonnes::sum(
            [
                WasteClass::PreparationForReuse,
                WasteClass::Recycling,
                WasteClass::Backfilling,
                WasteClass::OtherRecovery,
                WasteClass::EnergyRecovery,
            ]
            .map(class),
        );
        let deposited = class(WasteClass::Landfill).plus(class(WasteClass::PermanentStorage));
        let thermal = class(WasteClass::EnergyRecovery).plus(class(WasteClass::Incineration));
        let rates = WasteRates {
            hazardous_share: fraction(total.hazardous, total.total),
            recovery_rate: fraction(recovered.total, final_fate.total),
            recycling_rate: fraction(recycled.total, final_fate.total),
            landfill_diversion_rate: fraction(final_fate.total - deposited.total, final_fate.total),
            landfill_diversion_rate_excl_energy: fraction(
                final_fate.total - deposited.total - thermal.total,
                final_fate.total,
            ),
            non_recycled_share: fraction(final_fate.total - recycled.total, final_fate.total),
        };
        let other_disposal = class(WasteClass::OtherDisposal).plus(class(WasteClass::PermanentStorage));
        let recovery = |other: Tonnes| Recovery {
            preparation_for_reuse: class(WasteClass::PreparationForReuse).normalize(),
            recycling: class(WasteClass::Recycling).normalize(),
            other_recovery: other.normalize(),
            total: recycled.plus(other).normalize(),
        };
        let esrs_other =
            Tonnes::sum([WasteClass::Backfilling, WasteClass::OtherRecovery, WasteClass::EnergyRecovery].map(class));
        let esrs_disposal = Disposal {
            incineration: class(WasteClass::Incineration).normalize(),
            landfill: class(WasteClass::Landfill).normalize(),
            other_disposal: other_disposal.normalize(),
            total: Tonnes::sum([class(WasteClass::Incineration), class(WasteClass::Landfill), other_disposal])
                .normalize(),
        };
        let non_recycled = Tonnes {
            hazardous: final_fate.hazardous - recycled.hazardous,
            non_hazardous: final_fate.non_hazardous - recycled.non_hazardous,
            total: final_fate.total - recycled.total,
        };
        let esrs_e5_5 = EsrsE55 {
            generated: total.normalize(),
            diverted: recovery(esrs_other),
            disposal: esrs_disposal,
            not_final: interim.normalize(),
            non_recycled: non_recycled.normalize(),
            non_recycled_share: rates.non_recycled_share,
        };
        let gri_directed = [
            class(WasteClass::EnergyRecovery),
            class(WasteClass::Incineration),
            class(WasteClass::Landfill),
            other_disposal,
        ];
        let gri_306 = Gri306 {
            generated: total.normalize(),
            diverted: recovery(class(WasteClass::Backfilling).plus(class(WasteClass::OtherRecovery))),
            directed: GriDisposal {
                incineration_with_energy_recovery: gri_directed[0].normalize(),
                incineration_without_energy_recovery: gri_directed[1].normalize(),
                landfilling: gri_directed[2].normalize(),
                other_disposal: gri_directed[3].normalize(),
                total: Tonnes::sum(gri_directed).normalize(),
            },
            not_final: interim.normalize(),
        };

        let mut destinations: Vec<DestinationLine> = by_destination
            .into_iter()
            .map(|((nif, establishment), (tally, mut operations))| {
                operations.sort_unstable();
                DestinationLine {
                    nif: nif.to_owned(),
                    establishment: establishment.to_owned(),
                    tonnes: tally.tonnes.normalize(),
                    guides: tally.guides,
                    operations,
                }
            })
            .collect();
        destinations.sort_by_key(|line| std::cmp::Reverse(line.tonnes.total));
        let site_order = |site: Option<&str>| {
            site.and_then(|s| organisation.sites.iter().position(|x| x.id == s)).unwrap_or(usize::MAX)
        };
        let mut sites: Vec<((Option<&str>, String), Tally)> = by_site.into_iter().collect();
        sites.sort_by_key(|((site, _), _)| site_order(*site));
        Ok(WasteBreakdown {
            period: *period,
            policy: *policy,
            guides,
            straddling_guides,
            total: total.normalize(),
            final_fate: final_fate.normalize(),
            interim: interim.normalize(),
            rates,
            by_class: WasteClass::ALL
                .into_iter()
                .map(|c| ClassLine { class: c, tonnes: class(c).normalize() })
                .collect(),
            by_bucket: view
                .buckets
                .iter()
                .zip(by_bucket)
                .map(|(b, tonnes)| BucketLine { bucket: b.id.clone(), tonnes: tonnes.normalize() })
                .collect(),
            by_chapter: by_chapter
                .into_iter()
                .map(|(chapter, tally)| {
                    let heading = list.chapter(chapter);
                    ChapterLine {
                        chapter,
                        code: heading.map_or_else(|| format!("{chapter:02}"), |h| h.code.clone()),
                        title: heading.map(|h| h.title.clone()).unwrap_or_default(),
                        tonnes: tally.tonnes.normalize(),
                        guides: tally.guides,
                    }
                })
                .collect(),
            by_code: by_code
                .into_iter()
                .map(|(ler, tally)| CodeLine {
                    ler,
                    description: list.entry(ler).map(|e| e.description.clone()).unwrap_or_default(),
                    tonnes: tally.tonnes.normalize(),
                    guides: tally.guides,
                })
                .collect(),
            by_destination: destinations,
            by_site: sites
                .into_iter()
                .map(|((site, establishment), tally)| SiteLine {
                    site: site.map(str::to_owned),
                    establishment,
                    tonnes: tally.tonnes.normalize(),
                    guides: tally.guides,
                })
                .collect(),
            by_month: by_month
                .into_iter()
                .map(|(month, (tonnes, buckets))| MonthLine {
                    month,
                    tonnes: tonnes.normalize(),
                    buckets: buckets.iter().map(Decimal::normalize).collect(),
                })
                .collect(),
            esrs_e5_5,
            gri_306,
        })
    }
}
