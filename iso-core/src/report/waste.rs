//! The waste and circularity section: its inputs ([`WasteData`], with the MIRR [`Reconciliation`]) and its
//! blocks (totals and rates, classes, LER chapters and codes, monthly chart, destinations, sites, ESRS E5-5 and GRI
//! 306 tables, import summary, MIRR reconciliation).

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;

use super::build::{Inputs, column, table};
use super::i18n::{self, Msg, names};
use super::model::{Block, Cell, CellKind, Chart, ChartKind, Fact, Section, Series, Tone};
use crate::Lang;
use crate::circularity::{Portfolio, Weighting};
use crate::connect::egar::{Group, Import, ImportOptions, ImportReport, import_path};
use crate::connect::mirr::{CompileOptions, Mirr, Reconciliation, Status, compile, reconcile};
use crate::error::WasteError;
use crate::period::Period;
use crate::register::Organisation;
use crate::waste::indicators::organisation_nif;
use crate::waste::indicators::{Tonnes, WasteBreakdown};
use crate::waste::{ClassPolicy, OperationCode, WasteClass};

/// The e-GAR data of a report: the aggregate groups (only the organisation's own producer groups are used, see
/// [`crate::waste::indicators`]), what the imports read, the class policy, and the MIRR reconciliation when there is
/// one. Its JSON form enters the report's input fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WasteData {
    /// The aggregate groups ([`crate::connect::egar::Aggregator::groups`]), of every import merged.
    pub groups: Vec<Group>,
    /// What each import read, counted and rejected (shown in the section; may be empty).
    pub imports: Vec<ImportReport>,
    /// How operations are classed.
    pub policy: ClassPolicy,
    /// The reconciliation of the annual waste register (MIRR) with the guides; "not provided" when absent.
    pub mirr: Option<Reconciliation>,
    /// The organisation's products and their Material Circularity Indicators, when it gave them.
    pub circularity: Option<Portfolio>,
    /// The names of the parties (NIF → name) as the guides give them, for the destinations table.
    pub names: BTreeMap<String, String>,
}

impl WasteData {
    /// The data of one import.
    pub fn from_import(import: &Import, policy: ClassPolicy) -> WasteData {
        WasteData {
            groups: import.aggregator.groups(),
            imports: vec![import.report.clone()],
            policy,
            mirr: None,
            circularity: None,
            names: import.aggregator.names(),
        }
    }

    /// Reads an organisation folder's e-GAR exports — every `.xml` and `.csv` file of `egar/`, keeping the
    /// organisation's own groups (its NIF as producer, destination and transporter) — and, for a calendar-year
    /// period, reconciles its declared MIRR (`mirr-YYYY.csv`, when present) with the forms compiled from the guides;
    /// a `products.csv` adds the products' Material Circularity Indicators (company mean by mass). `None` when the
    /// folder has no `egar/`.
    pub fn from_folder(
        folder: &Path,
        organisation: &Organisation,
        period: Period,
        options: &ImportOptions,
        policy: ClassPolicy,
    ) -> Result<Option<WasteData>, WasteError> {
        let guides = folder.join("egar");
        if !guides.is_dir() {
            return Ok(None);
        }
        let mut options = options.clone();
        options.aggregate.parties.insert(organisation_nif(organisation)?);
        let mut data = WasteData::from_import(&import_path(&guides, &options)?, policy);
        if let Period::Year(year) = period {
            let declared = folder.join(format!("mirr-{year}.csv"));
            if declared.is_file() {
                let text = read_text(&declared)?;
                let name = declared.display().to_string();
                data.reconcile_mirr(organisation, year, &name, &text, Decimal::ZERO)?;
            }
        }
        let products = folder.join("products.csv");
        if products.is_file() {
            let text = read_text(&products)?;
            data.circularity = Some(Portfolio::from_csv(&products.display().to_string(), &text, Weighting::Mass)?);
        }
        Ok(Some(data))
    }

    /// Reconciles a declared MIRR (CSV text, see `docs/mirr.md`) of `year` with the forms compiled from the
    /// organisation's guides, and keeps the result for the report.
    pub fn reconcile_mirr(
        &mut self,
        organisation: &Organisation,
        year: i32,
        name: &str,
        text: &str,
        tolerance: Decimal,
    ) -> Result<&Reconciliation, WasteError> {
        let options =
            CompileOptions { parties: [organisation_nif(organisation)?].into(), ..CompileOptions::year(year) };
        let compiled = compile(&self.groups, &options)?.mirr;
        let declared = Mirr::from_csv(name, text, year)?;
        Ok(self.mirr.insert(reconcile(&compiled, &declared, tolerance)?))
    }
}

fn read_text(path: &Path) -> Result<String, WasteError> {
    std::fs::read_to_string(path).map_err(|e| WasteError::Io {
        input: path.display().to_string(),
        message: e.to_string(),
        kind: e.kind(),
    })
}

/// The section's inputs once computed.
pub(super) struct WasteSection<'a> {
    pub data: &'a WasteData,
    pub breakdown: WasteBreakdown,
}

const PLACES: u32 = 2;

fn tonnes_cells(t: &Tonnes, lang: crate::Lang) -> [Cell; 3] {
    [
        Cell::number(t.hazardous, PLACES, lang),
        Cell::number(t.non_hazardous, PLACES, lang),
        Cell::number(t.total, PLACES, lang),
    ]
}

fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() { None } else { part.checked_div(whole).map(|v| v.normalize()) }
}

/// The section, when waste data was given.
pub(super) fn section(inputs: &Inputs<'_>) -> Option<Section> {
    let waste = inputs.waste.as_ref()?;
    let lang = inputs.lang();
    let b = &waste.breakdown;
    let t = |msg: Msg| inputs.t(msg);
    let tonnes_columns = || {
        vec![
            column("hazardous", format!("{} (t)", t(Msg::Hazardous)), CellKind::Number),
            column("non_hazardous", format!("{} (t)", t(Msg::NonHazardous)), CellKind::Number),
            column("total", format!("{} (t)", t(Msg::Total)), CellKind::Number),
        ]
    };
    let class_title = |c: WasteClass| c.title().map_or_else(|| c.id().to_owned(), |t| t.get(lang).to_owned());
    let mut blocks = Vec::new();

    let nif = inputs.register.organisation.tax_id.clone().unwrap_or_default();
    blocks.push(Block::Paragraph {
        text: t(Msg::WasteIntro).replace("{nif}", &nif).replace("{guides}", &i18n::decimal(b.guides.into(), 0, lang)),
    });
    let r10 =
        OperationCode::parse("R10").map(|op| class_title(b.policy.class_of(op)).to_lowercase()).unwrap_or_default();
    let view = crate::waste::WasteOperations::builtin()
        .ok()
        .and_then(|ops| ops.views().iter().find(|v| v.id == b.policy.view.id()).map(|v| v.title.get(lang).to_owned()))
        .unwrap_or_else(|| b.policy.view.id().to_owned());
    blocks.push(Block::Paragraph { text: t(Msg::WastePolicy).replace("{r10}", &r10).replace("{view}", &view) });

    let percent = |v: Option<Decimal>| Cell::percent(v, lang);
    let r = &b.rates;
    let fact = |label: Msg, value: Cell| Fact { label: t(label), value };
    blocks.push(Block::Facts {
        items: vec![
            fact(Msg::WasteGenerated, Cell::number(b.total.total, PLACES, lang)),
            fact(Msg::Hazardous, Cell::number(b.total.hazardous, PLACES, lang)),
            fact(Msg::NonHazardous, Cell::number(b.total.non_hazardous, PLACES, lang)),
            fact(Msg::FinalFate, Cell::number(b.final_fate.total, PLACES, lang)),
            fact(Msg::InterimNotFinal, Cell::number(b.interim.total, PLACES, lang)),
            fact(Msg::Guides, Cell::integer(i64::try_from(b.guides).unwrap_or(i64::MAX), lang)),
            fact(Msg::HazardousShare, percent(r.hazardous_share)),
            fact(Msg::RecoveryRate, percent(r.recovery_rate)),
            fact(Msg::RecyclingRate, percent(r.recycling_rate)),
            fact(Msg::DiversionRate, percent(r.landfill_diversion_rate)),
            fact(Msg::DiversionRateExclEnergy, percent(r.landfill_diversion_rate_excl_energy)),
            fact(Msg::NonRecycledShare, percent(r.non_recycled_share)),
        ],
    });
    if !b.interim.total.is_zero() {
        blocks.push(Block::Callout {
            tone: Tone::Neutral,
            text: t(Msg::WasteInterimNote).replace("{tonnes}", &i18n::decimal(b.interim.total, PLACES, lang)),
        });
    }
    let unassigned: Vec<_> = b.by_site.iter().filter(|s| s.site.is_none()).collect();
    if !unassigned.is_empty() {
        let tonnes: Decimal = unassigned.iter().map(|s| s.tonnes.total).sum();
        let codes: Vec<&str> = unassigned
            .iter()
            .map(|s| if s.establishment.is_empty() { "—" } else { s.establishment.as_str() })
            .collect();
        blocks.push(Block::Callout {
            tone: Tone::Warning,
            text: t(Msg::WasteUnassigned)
                .replace("{tonnes}", &i18n::decimal(tonnes, PLACES, lang))
                .replace("{codes}", &codes.join(", ")),
        });
    }
    if b.straddling_guides > 0 {
        blocks.push(Block::Callout {
            tone: Tone::Warning,
            text: t(Msg::WasteStraddling).replace("{guides}", &i18n::decimal(b.straddling_guides.into(), 0, lang)),
        });
    }

    // Classes.
    let mut columns = vec![column("class", t(Msg::OperationClass), CellKind::Text)];
    columns.extend(tonnes_columns());
    columns.push(column("share", t(Msg::ShareOfTotal), CellKind::Percent));
    let rows = b
        .by_class
        .iter()
        .filter(|l| !l.tonnes.total.is_zero())
        .map(|l| {
            let mut row = vec![Cell::text(class_title(l.class))];
            row.extend(tonnes_cells(&l.tonnes, lang));
            row.push(percent(share(l.tonnes.total, b.total.total)));
            row
        })
        .collect();
    blocks.push(table("waste-classes", t(Msg::ByClass), columns, rows, t(Msg::Nothing)));

    // Monthly chart, by bucket of the view.
    let categories: Vec<String> = b.by_month.iter().map(|m| m.month.to_string()).collect();
    let series = b
        .by_bucket
        .iter()
        .enumerate()
        .filter(|(_, bucket)| !bucket.tonnes.total.is_zero())
        .map(|(i, bucket)| {
            let values: Vec<Option<Decimal>> =
                b.by_month.iter().map(|m| Some(m.buckets.get(i).copied().unwrap_or_default())).collect();
            Series {
                name: names::waste_bucket(&bucket.bucket, lang),
                labels: values.iter().map(|v| i18n::decimal(v.unwrap_or_default(), PLACES, lang)).collect(),
                values,
            }
        })
        .collect();
    blocks.push(Block::Chart(Chart {
        id: "waste-monthly".to_owned(),
        title: t(Msg::WasteMonthly),
        kind: ChartKind::StackedBar,
        categories,
        series,
        unit: CellKind::Number,
    }));

    // Chapters and codes.
    let mut columns =
        vec![column("chapter", t(Msg::Chapter), CellKind::Text), column("title", t(Msg::Title), CellKind::Text)];
    columns.extend(tonnes_columns());
    columns.push(column("guides", t(Msg::Guides), CellKind::Integer));
    let rows = b
        .by_chapter
        .iter()
        .map(|c| {
            let mut row = vec![Cell::text(&c.code), Cell::text(c.title.get(lang))];
            row.extend(tonnes_cells(&c.tonnes, lang));
            row.push(Cell::integer(i64::try_from(c.guides).unwrap_or(i64::MAX), lang));
            row
        })
        .collect();
    blocks.push(table("waste-chapters", t(Msg::ByChapter), columns, rows, t(Msg::Nothing)));
    let rows = b
        .by_code
        .iter()
        .map(|c| {
            vec![
                Cell::text(c.ler.to_string()),
                Cell::text(c.description.get(lang)),
                Cell::number(c.tonnes.total, PLACES, lang),
                Cell::integer(i64::try_from(c.guides).unwrap_or(i64::MAX), lang),
            ]
        })
        .collect();
    blocks.push(table(
        "waste-codes",
        t(Msg::ByCode),
        vec![
            column("ler", t(Msg::LerCode), CellKind::Text),
            column("description", t(Msg::Description), CellKind::Text),
            column("total", format!("{} (t)", t(Msg::Total)), CellKind::Number),
            column("guides", t(Msg::Guides), CellKind::Integer),
        ],
        rows,
        t(Msg::Nothing),
    ));

    // Destinations and sites.
    let mut columns = vec![
        column("nif", t(Msg::Nif), CellKind::Text),
        column("name", t(Msg::Name), CellKind::Text),
        column("establishment", t(Msg::Establishment), CellKind::Text),
        column("operations", t(Msg::Operations), CellKind::Text),
    ];
    columns.extend(tonnes_columns());
    columns.push(column("guides", t(Msg::Guides), CellKind::Integer));
    let rows = b
        .by_destination
        .iter()
        .map(|d| {
            let operations: Vec<String> = d.operations.iter().map(ToString::to_string).collect();
            let name = waste.data.names.get(&d.nif).map_or("", String::as_str);
            let mut row = vec![
                Cell::text(&d.nif),
                Cell::text(name),
                Cell::text(&d.establishment),
                Cell::text(operations.join(", ")),
            ];
            row.extend(tonnes_cells(&d.tonnes, lang));
            row.push(Cell::integer(i64::try_from(d.guides).unwrap_or(i64::MAX), lang));
            row
        })
        .collect();
    blocks.push(table("waste-destinations", t(Msg::Destinations), columns, rows, t(Msg::Nothing)));
    let mut columns = vec![
        column("site", t(Msg::Site), CellKind::Text),
        column("establishment", t(Msg::Establishment), CellKind::Text),
    ];
    columns.extend(tonnes_columns());
    columns.push(column("guides", t(Msg::Guides), CellKind::Integer));
    let rows = b
        .by_site
        .iter()
        .map(|s| {
            let site = match &s.site {
                Some(id) => Cell::text(inputs.site_name(id)),
                None => Cell::text(t(Msg::NotASite)).with_tone(Tone::Warning),
            };
            let mut row = vec![site, Cell::text(&s.establishment)];
            row.extend(tonnes_cells(&s.tonnes, lang));
            row.push(Cell::integer(i64::try_from(s.guides).unwrap_or(i64::MAX), lang));
            row
        })
        .collect();
    blocks.push(table("waste-sites", t(Msg::WasteBySite), columns, rows, t(Msg::Nothing)));

    // ESRS E5-5.
    let e = &b.esrs_e5_5;
    let line = |reference: &str, label: String, tonnes: &Tonnes| {
        let mut row = vec![Cell::text(reference), Cell::text(label)];
        row.extend(tonnes_cells(tonnes, lang));
        row
    };
    blocks.push(Block::Heading { text: t(Msg::EsrsE55) });
    let mut columns =
        vec![column("datapoint", t(Msg::Datapoint), CellKind::Text), column("label", String::new(), CellKind::Text)];
    columns.extend(tonnes_columns());
    let rows = vec![
        line("§37(a)", t(Msg::WasteGenerated), &e.generated),
        line("§37(b)", t(Msg::DivertedFromDisposal), &e.diverted.total),
        line("§37(b)(i)", class_title(WasteClass::PreparationForReuse), &e.diverted.preparation_for_reuse),
        line("§37(b)(ii)", class_title(WasteClass::Recycling), &e.diverted.recycling),
        line("§37(b)(iii)", t(Msg::OtherRecoveryOperations), &e.diverted.other_recovery),
        line("§37(c)", t(Msg::DirectedToDisposal), &e.disposal.total),
        line("§37(c)(i)", class_title(WasteClass::Incineration), &e.disposal.incineration),
        line("§37(c)(ii)", class_title(WasteClass::Landfill), &e.disposal.landfill),
        line("§37(c)(iii)", t(Msg::OtherDisposalOperations), &e.disposal.other_disposal),
        line("—", t(Msg::InterimNotFinal), &e.not_final),
        line("§37(d)", t(Msg::NonRecycledWaste), &e.non_recycled),
    ];
    blocks.push(table("waste-esrs-e5-5", t(Msg::EsrsE55), columns, rows, t(Msg::Nothing)));
    blocks.push(Block::Facts {
        items: vec![
            Fact { label: format!("§37(d) {}", t(Msg::NonRecycledShare)), value: percent(e.non_recycled_share) },
            Fact {
                label: format!("§39 {}", t(Msg::TotalHazardous)),
                value: Cell::number(e.generated.hazardous, PLACES, lang),
            },
        ],
    });
    blocks.push(Block::Paragraph { text: t(Msg::EsrsNote) });

    // GRI 306.
    let g = &b.gri_306;
    blocks.push(Block::Heading { text: t(Msg::Gri306) });
    let mut columns =
        vec![column("disclosure", t(Msg::Disclosure), CellKind::Text), column("label", String::new(), CellKind::Text)];
    columns.extend(tonnes_columns());
    let rows = vec![
        line("306-3-a", t(Msg::WasteGenerated), &g.generated),
        line("306-4-a", t(Msg::DivertedFromDisposal), &g.diverted.total),
        line("306-4-b/c-i", class_title(WasteClass::PreparationForReuse), &g.diverted.preparation_for_reuse),
        line("306-4-b/c-ii", class_title(WasteClass::Recycling), &g.diverted.recycling),
        line("306-4-b/c-iii", t(Msg::OtherRecoveryOperations), &g.diverted.other_recovery),
        line("306-5-a", t(Msg::DirectedToDisposal), &g.directed.total),
        line("306-5-b/c-i", t(Msg::IncinerationWithEnergy), &g.directed.incineration_with_energy_recovery),
        line("306-5-b/c-ii", t(Msg::IncinerationWithoutEnergy), &g.directed.incineration_without_energy_recovery),
        line("306-5-b/c-iii", t(Msg::Landfilling), &g.directed.landfilling),
        line("306-5-b/c-iv", t(Msg::OtherDisposalOperations), &g.directed.other_disposal),
        line("—", t(Msg::InterimNotFinal), &g.not_final),
    ];
    blocks.push(table("waste-gri-306", t(Msg::Gri306), columns, rows, t(Msg::Nothing)));
    blocks.push(Block::Paragraph { text: t(Msg::GriNote) });

    // Imports.
    let rows = waste
        .data
        .imports
        .iter()
        .map(|i| {
            let count = |n: u64| Cell::integer(i64::try_from(n).unwrap_or(i64::MAX), lang);
            let states: Vec<String> = i.not_counted.iter().map(|(state, n)| format!("{} {n}", state.code())).collect();
            vec![
                Cell::text(&i.input),
                count(i.guides),
                count(i.counted),
                Cell::text(states.join("; ")),
                count(i.rejected).with_tone(if i.rejected > 0 { Tone::Warning } else { Tone::Neutral }),
                count(i.corrected),
                Cell::number(i.tonnes, PLACES, lang),
            ]
        })
        .collect();
    blocks.push(table(
        "waste-imports",
        t(Msg::EgarImports),
        vec![
            column("input", t(Msg::Input), CellKind::Text),
            column("read", t(Msg::Read), CellKind::Integer),
            column("counted", t(Msg::Counted), CellKind::Integer),
            column("not_counted", t(Msg::NotCounted), CellKind::Text),
            column("rejected", t(Msg::Rejected), CellKind::Integer),
            column("corrected", t(Msg::Corrected), CellKind::Integer),
            column("tonnes", t(Msg::Tonnes), CellKind::Number),
        ],
        rows,
        t(Msg::Nothing),
    ));

    if let Some(portfolio) = &waste.data.circularity {
        blocks.extend(circularity_blocks(portfolio, lang));
    }

    // MIRR reconciliation: totals per form, then every line that does not match.
    blocks.push(Block::Heading { text: t(Msg::Mirr) });
    match &waste.data.mirr {
        None => blocks.push(Block::Paragraph { text: t(Msg::MirrNone) }),
        Some(mirr) => blocks.extend(mirr_blocks(mirr, lang)),
    }
    Some(Section { id: "waste".to_owned(), title: t(Msg::GroupWaste), blocks })
}

fn status_text(status: Status) -> Msg {
    match status {
        Status::Match => Msg::MirrMatch,
        Status::Differs => Msg::MirrDiffers,
        Status::MissingInDeclared => Msg::MirrMissingInDeclared,
        Status::MissingInGuides => Msg::MirrMissingInGuides,
    }
}

/// The reconciliation's blocks: a summary, the totals per form and the discrepancies.
fn mirr_blocks(mirr: &Reconciliation, lang: Lang) -> Vec<Block> {
    let t = |m: Msg| m.get(lang).to_owned();
    let count = |n: u64| Cell::integer(i64::try_from(n).unwrap_or(i64::MAX), lang);
    let tone = |d: Decimal| if d.is_zero() { Tone::Good } else { Tone::Bad };
    let discrepancies = mirr.counts.discrepancies();
    let summary = Msg::MirrSummary
        .get(lang)
        .replace("{year}", &mirr.year.to_string())
        .replace("{lines}", &(mirr.counts.matched + discrepancies).to_string())
        .replace("{discrepancies}", &discrepancies.to_string())
        .replace("{tolerance}", &i18n::decimal(mirr.tolerance, 3, lang));
    let mut blocks = vec![Block::Paragraph { text: summary }];
    let totals = mirr
        .totals
        .iter()
        .map(|f| {
            vec![
                Cell::text(f.form.id()),
                Cell::number(f.declared, PLACES, lang),
                Cell::number(f.compiled, PLACES, lang),
                Cell::number(f.difference, PLACES, lang).with_tone(tone(f.difference)),
                count(f.counts.matched),
                count(f.counts.discrepancies()).with_tone(if f.counts.discrepancies() > 0 {
                    Tone::Bad
                } else {
                    Tone::Good
                }),
            ]
        })
        .collect();
    blocks.push(table(
        "waste-mirr-totals",
        t(Msg::MirrTotals),
        vec![
            column("form", t(Msg::MirrForm), CellKind::Text),
            column("declared", format!("{} (t)", t(Msg::Declared)), CellKind::Number),
            column("from_guides", format!("{} (t)", t(Msg::FromGuides)), CellKind::Number),
            column("difference", format!("{} (t)", t(Msg::Difference)), CellKind::Number),
            column("matched", t(Msg::MirrMatch), CellKind::Integer),
            column("discrepancies", t(Msg::MirrDiscrepancies), CellKind::Integer),
        ],
        totals,
        t(Msg::Nothing),
    ));
    let quantity =
        |q: Option<Decimal>| q.map_or_else(|| Cell::text(t(Msg::Undefined)), |q| Cell::number(q, PLACES, lang));
    let rows = mirr
        .discrepancies()
        .map(|l| {
            let counterpart = match (l.counterpart.as_str(), l.counterpart_establishment.as_str()) {
                (nif, "") => nif.to_owned(),
                (nif, establishment) => format!("{nif} / {establishment}"),
            };
            vec![
                Cell::text(l.form.id()),
                Cell::text(&l.establishment),
                Cell::text(l.ler.to_string()),
                Cell::text(l.operation.to_string()),
                Cell::text(counterpart),
                quantity(l.declared),
                quantity(l.compiled),
                Cell::number(l.difference, PLACES, lang).with_tone(tone(l.difference)),
                Cell::text(t(status_text(l.status))).with_tone(Tone::Bad),
            ]
        })
        .collect();
    blocks.push(table(
        "waste-mirr",
        t(Msg::MirrDiscrepancies),
        vec![
            column("form", t(Msg::MirrForm), CellKind::Text),
            column("establishment", t(Msg::Establishment), CellKind::Text),
            column("ler", t(Msg::LerCode), CellKind::Text),
            column("operation", t(Msg::Operations), CellKind::Text),
            column("counterpart", t(Msg::MirrCounterpart), CellKind::Text),
            column("declared", format!("{} (t)", t(Msg::Declared)), CellKind::Number),
            column("from_guides", format!("{} (t)", t(Msg::FromGuides)), CellKind::Number),
            column("difference", format!("{} (t)", t(Msg::Difference)), CellKind::Number),
            column("status", t(Msg::MirrStatus), CellKind::Text),
        ],
        rows,
        t(Msg::MirrReconciled),
    ));
    blocks
}

/// The Material Circularity Indicator: the company value, then each product with its intermediates.
fn circularity_blocks(portfolio: &Portfolio, lang: Lang) -> Vec<Block> {
    let t = |m: Msg| m.get(lang).to_owned();
    let company = &portfolio.company;
    let weighting = match company.weighting {
        Weighting::Mass => t(Msg::ByMass),
        Weighting::Revenue => t(Msg::ByRevenue),
    };
    let mut blocks = vec![
        Block::Heading { text: t(Msg::Mci) },
        Block::Facts {
            items: vec![
                Fact {
                    label: format!("{} ({weighting})", t(Msg::CompanyMci)),
                    value: Cell::number(company.mci, 3, lang),
                },
                Fact { label: t(Msg::MciUnclamped), value: Cell::number(company.mci_unclamped, 3, lang) },
            ],
        },
    ];
    let rows = company
        .products
        .iter()
        .map(|weighted| {
            let r = &weighted.result;
            let name = portfolio
                .products
                .iter()
                .find(|p| p.id == r.product)
                .map_or_else(|| r.product.clone(), |p| if p.name.is_empty() { p.id.clone() } else { p.name.clone() });
            vec![
                Cell::text(name),
                Cell::number(r.virgin_feedstock, PLACES, lang),
                Cell::number(r.unrecoverable_waste, PLACES, lang),
                Cell::number(r.linear_flow_index, 3, lang),
                Cell::number(r.utility, 3, lang),
                Cell::number(r.utility_factor, 3, lang),
                Cell::number(r.mci, 3, lang),
                Cell::number(r.mci_unclamped, 3, lang),
                Cell::percent(Some(weighted.share), lang),
            ]
        })
        .collect();
    blocks.push(table(
        "waste-mci",
        t(Msg::Mci),
        vec![
            column("product", t(Msg::Product), CellKind::Text),
            column("virgin_feedstock", "V (kg)".to_owned(), CellKind::Number),
            column("unrecoverable_waste", "W (kg)".to_owned(), CellKind::Number),
            column("linear_flow_index", "LFI".to_owned(), CellKind::Number),
            column("utility", "X".to_owned(), CellKind::Number),
            column("utility_factor", "F(X)".to_owned(), CellKind::Number),
            column("mci", "MCI".to_owned(), CellKind::Number),
            column("mci_unclamped", t(Msg::MciUnclamped), CellKind::Number),
            column("share", t(Msg::ShareOfCompany), CellKind::Percent),
        ],
        rows,
        t(Msg::Nothing),
    ));
    blocks.push(Block::Paragraph { text: t(Msg::MciNote) });
    blocks
}
