//! Builds the report model from the catalogue, the register and the assessments.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ReportOptions;
use super::i18n::{self, Msg, names};
use super::model::{Block, Cell, CellKind, Chart, ChartKind, Column, Fact, Report, Section, Series, Table, Tone};
use crate::assess::{Assessment, Comparison, Conformity, GapKind, NotReady};
use crate::catalogue::{Catalogue, NormKind};
use crate::register::{FindingStatus, Register, SystemStatus};
use crate::text::Lang;

/// Everything a section needs.
pub(super) struct Inputs<'a> {
    pub indicators: Option<Indicators<'a>>,
    pub waste: Option<super::waste::WasteSection<'a>>,
    pub catalogue: &'a Catalogue,
    pub register: &'a Register,
    pub options: &'a ReportOptions,
    pub assessment: &'a Assessment,
    pub comparison: Option<&'a Comparison>,
    pub as_of: NaiveDate,
}

/// Computed indicators for the report.
pub(super) struct Indicators<'a> {
    pub definitions: &'a crate::kpi::Definitions,
    pub report: crate::kpi::KpiReport,
    pub energy: Vec<crate::kpi::EnergyPerformance>,
}

impl Inputs<'_> {
    pub(super) fn lang(&self) -> Lang {
        self.options.lang
    }

    pub(super) fn t(&self, msg: Msg) -> String {
        msg.get(self.lang()).to_owned()
    }

    pub(super) fn site_name(&self, id: &str) -> String {
        self.register.organisation.sites.iter().find(|s| s.id == id).map_or_else(|| id.to_owned(), |s| s.name.clone())
    }

    fn statement(&self, requirement: &str) -> String {
        self.catalogue
            .requirement(requirement)
            .map(|r| r.statement.get(self.lang()).to_owned())
            .or_else(|| self.catalogue.clause(requirement).map(|c| c.title.get(self.lang()).to_owned()))
            .unwrap_or_default()
    }
}

pub(super) fn column(key: &str, label: String, kind: CellKind) -> Column {
    Column { key: key.to_owned(), label, kind }
}

pub(super) fn table(id: &str, title: String, columns: Vec<Column>, rows: Vec<Vec<Cell>>, empty: String) -> Block {
    Block::Table(Table { id: id.to_owned(), title, columns, rows, empty })
}

fn score_tone(value: Option<Decimal>, threshold: Decimal) -> Tone {
    match value {
        None => Tone::Neutral,
        Some(v) if v >= threshold => Tone::Good,
        Some(v) if v >= threshold - Decimal::new(2, 1) => Tone::Warning,
        Some(_) => Tone::Bad,
    }
}

fn system_status(status: SystemStatus, kind: NormKind, lang: Lang) -> String {
    match (kind, status) {
        (NormKind::Guidance, _) => Msg::Guidance.get(lang).to_owned(),
        (_, SystemStatus::Certified) => Msg::Certified.get(lang).to_owned(),
        (_, SystemStatus::Implementing) => Msg::Implementing.get(lang).to_owned(),
    }
}

pub(super) fn build(inputs: &Inputs<'_>, fingerprint: String) -> Report {
    let lang = inputs.lang();
    let period = &inputs.options.period;
    let meta = super::model::Meta {
        title: inputs.options.title.clone().unwrap_or_else(|| Msg::ReportTitle.get(lang).to_owned()),
        lang,
        organisation: inputs.register.organisation.name.clone(),
        period: period.to_string(),
        period_label: i18n::period(period, lang),
        period_start: period.start(),
        period_end: period.end(),
        as_of: inputs.as_of,
        as_of_label: format!("{} {}", Msg::AsOf.get(lang), i18n::date(inputs.as_of, lang)),
        engine: format!("iso-core {}", crate::VERSION),
        fingerprint,
    };
    let mut sections =
        vec![cover(inputs), summary(inputs), conformity(inputs), evidence(inputs), findings(inputs), review(inputs)];
    sections.push(indicators(inputs));
    sections.extend(super::waste::section(inputs));
    if !inputs.assessment.maturity.is_empty() {
        sections.push(maturity(inputs));
    }
    sections.push(methodology(inputs));
    Report { meta, sections }
}

fn cover(inputs: &Inputs<'_>) -> Section {
    let lang = inputs.lang();
    let org = &inputs.register.organisation;
    let mut facts = vec![Fact { label: inputs.t(Msg::Organisation), value: Cell::text(&org.name) }];
    if let Some(tax) = &org.tax_id {
        facts.push(Fact { label: inputs.t(Msg::TaxId), value: Cell::text(tax) });
    }
    facts.push(Fact { label: inputs.t(Msg::Period), value: Cell::text(i18n::period(&inputs.options.period, lang)) });
    facts.push(Fact { label: inputs.t(Msg::AsOf), value: Cell::date(Some(inputs.as_of), lang) });
    let sites = org
        .sites
        .iter()
        .map(|s| {
            vec![
                Cell::text(&s.id),
                Cell::text(&s.name),
                Cell::integer(i64::from(s.headcount), lang),
                Cell::text(s.address.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let mut systems = Vec::new();
    for norm in inputs.catalogue.norms() {
        let Some(system) = inputs.register.system(inputs.catalogue, &norm.id) else { continue };
        let cert = system.certification.as_ref();
        systems.push(vec![
            Cell::text(&norm.id),
            Cell::text(system_status(system.status, norm.kind, lang)),
            Cell::text(cert.and_then(|c| c.certificate.clone()).unwrap_or_default()),
            Cell::text(cert.and_then(|c| c.body.clone()).unwrap_or_default()),
            Cell::date(cert.and_then(|c| c.issued), lang),
            Cell::date(cert.and_then(|c| c.expires), lang),
            Cell::text(&system.scope),
        ]);
    }
    Section {
        id: "cover".to_owned(),
        title: inputs.t(Msg::Cover),
        blocks: vec![
            Block::Facts { items: facts },
            table(
                "cover-sites",
                inputs.t(Msg::Sites),
                vec![
                    column("site", inputs.t(Msg::Id), CellKind::Text),
                    column("name", inputs.t(Msg::Site), CellKind::Text),
                    column("headcount", inputs.t(Msg::Headcount), CellKind::Integer),
                    column("address", inputs.t(Msg::Address), CellKind::Text),
                ],
                sites,
                inputs.t(Msg::Nothing),
            ),
            table(
                "cover-systems",
                inputs.t(Msg::Systems),
                vec![
                    column("norm", inputs.t(Msg::Norm), CellKind::Text),
                    column("status", inputs.t(Msg::Status), CellKind::Text),
                    column("certificate", inputs.t(Msg::Certificate), CellKind::Text),
                    column("body", inputs.t(Msg::Body), CellKind::Text),
                    column("issued", inputs.t(Msg::Issued), CellKind::Date),
                    column("expires", inputs.t(Msg::Expires), CellKind::Date),
                    column("scope", inputs.t(Msg::Scope), CellKind::Text),
                ],
                systems,
                inputs.t(Msg::Nothing),
            ),
        ],
    }
}

fn reason_text(inputs: &Inputs<'_>, reason: &NotReady) -> String {
    let lang = inputs.lang();
    let by = |en: String, fr: String, pt: String| match lang {
        Lang::En => en,
        Lang::Fr => fr,
        Lang::Pt => pt,
    };
    match reason {
        NotReady::OpenMajorNonconformity { finding, requirement, site } => {
            let site = site.as_ref().map(|s| inputs.site_name(s)).unwrap_or_default();
            by(
                format!("open major nonconformity {finding} ({requirement}) {site}"),
                format!("non-conformité majeure ouverte {finding} ({requirement}) {site}"),
                format!("não conformidade maior aberta {finding} ({requirement}) {site}"),
            )
        }
        NotReady::MissingDocumentedInformation { requirement, .. } => by(
            format!("documented information missing: {requirement}"),
            format!("information documentée manquante : {requirement}"),
            format!("informação documentada em falta: {requirement}"),
        ),
        NotReady::InternalAuditOverdue { last, .. } => {
            let last = last.map(|d| i18n::date(d, lang)).unwrap_or_else(|| "—".to_owned());
            by(
                format!("no internal audit in the last 12 months (last: {last})"),
                format!("pas d'audit interne dans les 12 derniers mois (dernier : {last})"),
                format!("sem auditoria interna nos últimos 12 meses (última: {last})"),
            )
        }
        NotReady::ManagementReviewOverdue { last, .. } => {
            let last = last.map(|d| i18n::date(d, lang)).unwrap_or_else(|| "—".to_owned());
            by(
                format!("no management review in the last 12 months (last: {last})"),
                format!("pas de revue de direction dans les 12 derniers mois (dernière : {last})"),
                format!("sem revisão pela gestão nos últimos 12 meses (última: {last})"),
            )
        }
        NotReady::ScoreBelowThreshold { score, threshold } => {
            let (s, t) = (i18n::percent(*score, lang), i18n::percent(Some(*threshold), lang));
            by(
                format!("score {s} below {t}"),
                format!("score {s} inférieur à {t}"),
                format!("pontuação {s} abaixo de {t}"),
            )
        }
        NotReady::CertificateExpired { expires } => {
            let d = i18n::date(*expires, lang);
            by(
                format!("certificate expired on {d}"),
                format!("certificat expiré le {d}"),
                format!("certificado expirado em {d}"),
            )
        }
    }
}

fn summary(inputs: &Inputs<'_>) -> Section {
    let lang = inputs.lang();
    let a = inputs.assessment;
    let threshold = a.options.threshold;
    let mut rows = Vec::new();
    let mut blocks = Vec::new();
    for norm in &a.norms {
        let previous =
            inputs.comparison.and_then(|c| c.scores.iter().find(|s| s.norm == norm.norm && s.site.is_none()));
        let readiness = a.readiness.iter().find(|r| r.norm == norm.norm);
        let ready = readiness.map(|r| r.ready);
        let next = readiness.and_then(|r| {
            r.cycle.iter().find(|c| c.status != crate::assess::CycleStatus::Held).map(|c| {
                let when = c.date.or(c.deadline).map(|d| i18n::date(d, lang)).unwrap_or_default();
                format!("{} — {when} ({})", names::audit(c.kind, lang), names::cycle(c.status, lang))
            })
        });
        rows.push(vec![
            Cell::text(&norm.norm),
            Cell::text(system_status(norm.status, NormKind::Requirements, lang)),
            Cell::percent(norm.score.value, lang).with_tone(score_tone(norm.score.value, threshold)),
            Cell::percent(previous.and_then(|p| p.before), lang),
            Cell {
                text: i18n::points_change(previous.and_then(|p| p.delta), lang),
                value: previous.and_then(|p| p.delta).map(|d| d.normalize().to_string()),
                tone: None,
            },
            match ready {
                Some(true) => Cell::text(inputs.t(Msg::Ready)).with_tone(Tone::Good),
                Some(false) => Cell::text(inputs.t(Msg::NotReady)).with_tone(Tone::Bad),
                None => Cell::empty(),
            },
            Cell::text(next.unwrap_or_default()),
        ]);
        if let Some(r) = readiness.filter(|r| !r.ready) {
            let mut reasons: Vec<String> = Vec::new();
            let missing =
                r.reasons.iter().filter(|x| matches!(x, NotReady::MissingDocumentedInformation { .. })).count();
            for reason in r.reasons.iter().filter(|x| !matches!(x, NotReady::MissingDocumentedInformation { .. })) {
                reasons.push(reason_text(inputs, reason));
            }
            if missing > 0 {
                reasons.push(match lang {
                    Lang::En => format!("{missing} items of mandatory documented information missing"),
                    Lang::Fr => format!("{missing} informations documentées obligatoires manquantes"),
                    Lang::Pt => format!("{missing} elementos de informação documentada obrigatória em falta"),
                });
            }
            blocks.push(Block::Callout {
                tone: Tone::Bad,
                text: format!(
                    "{} — {} ({}): {}",
                    norm.norm,
                    inputs.t(Msg::NotReady),
                    i18n::date(r.audit_date, lang),
                    reasons.join("; ")
                ),
            });
        }
    }
    let mut out = vec![table(
        "summary-scores",
        inputs.t(Msg::Scores),
        vec![
            column("norm", inputs.t(Msg::Norm), CellKind::Text),
            column("status", inputs.t(Msg::Status), CellKind::Text),
            column("score", inputs.t(Msg::Score), CellKind::Percent),
            column("previous", inputs.t(Msg::Previous), CellKind::Percent),
            column("change", inputs.t(Msg::Change), CellKind::Number),
            column("readiness", inputs.t(Msg::Readiness), CellKind::Text),
            column("next_audit", inputs.t(Msg::NextAudit), CellKind::Text),
        ],
        rows,
        inputs.t(Msg::Nothing),
    )];
    out.append(&mut blocks);
    let gaps: Vec<Vec<Cell>> = a
        .gaps
        .iter()
        .take(inputs.options.top_gaps)
        .map(|g| {
            let what = g.finding.clone().or_else(|| g.evidence.clone()).unwrap_or_default();
            let in_scope = inputs
                .register
                .system(inputs.catalogue, &g.norm)
                .map(|s| if s.sites.is_empty() { inputs.register.organisation.sites.len() } else { s.sites.len() })
                .unwrap_or(0);
            let sites: Vec<String> = if g.sites.len() > 1 && g.sites.len() == in_scope {
                vec![inputs.t(Msg::AllSites)]
            } else {
                g.sites.iter().map(|s| inputs.site_name(s)).collect()
            };
            let tone = match g.kind {
                GapKind::MajorNonconformity | GapKind::MissingDocumentedInformation => Tone::Bad,
                _ => Tone::Warning,
            };
            vec![
                Cell::integer(i64::from(g.priority), lang),
                Cell::text(names::gap(g.kind, lang)).with_tone(tone),
                Cell::text(&g.norm),
                Cell::text(&g.requirement),
                Cell::text(inputs.statement(&g.requirement)),
                Cell::text(sites.join(", ")),
                Cell::text(what),
                Cell::date(g.date, lang),
            ]
        })
        .collect();
    out.push(table(
        "summary-gaps",
        inputs.t(Msg::TopGaps),
        vec![
            column("priority", inputs.t(Msg::Priority), CellKind::Integer),
            column("gap", inputs.t(Msg::Gap), CellKind::Text),
            column("norm", inputs.t(Msg::Norm), CellKind::Text),
            column("requirement", inputs.t(Msg::Requirement), CellKind::Text),
            column("statement", inputs.t(Msg::Statement), CellKind::Text),
            column("sites", inputs.t(Msg::Sites), CellKind::Text),
            column("ref", inputs.t(Msg::Id), CellKind::Text),
            column("date", inputs.t(Msg::Date), CellKind::Date),
        ],
        gaps,
        inputs.t(Msg::Nothing),
    ));
    Section { id: "summary".to_owned(), title: inputs.t(Msg::Summary), blocks: out }
}

fn conformity(inputs: &Inputs<'_>) -> Section {
    let lang = inputs.lang();
    let a = inputs.assessment;
    let catalogue = inputs.catalogue;
    let threshold = a.options.threshold;
    let mut blocks = Vec::new();
    for norm in &a.norms {
        blocks.push(Block::Heading { text: format!("{} — {}", norm.norm, norm.title.get(lang)) });
        let top: Vec<_> =
            norm.clauses.iter().filter(|c| catalogue.clause(&c.clause).is_some_and(|x| x.parent.is_none())).collect();
        let mut columns = vec![
            column("clause", inputs.t(Msg::Clause), CellKind::Text),
            column("title", inputs.t(Msg::Title), CellKind::Text),
        ];
        for site in &norm.sites {
            columns.push(column(&format!("site_{}", site.site), inputs.site_name(&site.site), CellKind::Percent));
        }
        columns.push(column("organisation", inputs.t(Msg::Organisation_), CellKind::Percent));
        let rows = top
            .iter()
            .map(|c| {
                let title = catalogue.clause(&c.clause).map(|x| x.title.get(lang).to_owned()).unwrap_or_default();
                let mut row = vec![Cell::text(&c.number), Cell::text(title)];
                for site in &norm.sites {
                    let v = site.clauses.iter().find(|x| x.clause == c.clause).and_then(|x| x.score.value);
                    row.push(Cell::percent(v, lang).with_tone(score_tone(v, threshold)));
                }
                row.push(Cell::percent(c.score.value, lang).with_tone(score_tone(c.score.value, threshold)));
                row
            })
            .collect();
        let key = norm.norm.replace([' ', ':'], "").to_lowercase();
        blocks.push(table(
            &format!("conformity-{key}"),
            format!("{} — {}", norm.norm, inputs.t(Msg::ClauseScores)),
            columns,
            rows,
            inputs.t(Msg::Nothing),
        ));
        blocks.push(Block::Chart(Chart {
            id: format!("chart-{key}"),
            title: format!("{} — {}", norm.norm, inputs.t(Msg::ClauseScores)),
            kind: ChartKind::Bar,
            categories: top
                .iter()
                .map(|c| {
                    let title = catalogue.clause(&c.clause).map(|x| x.title.get(lang).to_owned()).unwrap_or_default();
                    format!("{} {title}", c.number)
                })
                .collect(),
            series: vec![Series {
                name: inputs.t(Msg::Organisation_),
                values: top.iter().map(|c| c.score.value).collect(),
                labels: top.iter().map(|c| i18n::percent(c.score.value, lang)).collect(),
            }],
            unit: CellKind::Percent,
        }));
    }
    // The integrated system: norm × harmonized-structure top-level clause.
    if let Some(structure) = catalogue.structure() {
        let hs_top: Vec<_> = structure.clauses.iter().filter(|c| !c.number.contains('.')).collect();
        let series: Vec<Series> = a
            .norms
            .iter()
            .map(|n| {
                let values: Vec<Option<Decimal>> = hs_top
                    .iter()
                    .map(|hs| {
                        n.clauses
                            .iter()
                            .filter(|c| {
                                catalogue.clause(&c.clause).is_some_and(|x| x.parent.is_none() && x.number == hs.number)
                            })
                            .find_map(|c| c.score.value)
                    })
                    .collect();
                let labels = values.iter().map(|v| i18n::percent(*v, lang)).collect();
                Series { name: n.norm.clone(), values, labels }
            })
            .collect();
        if !series.is_empty() {
            blocks.push(Block::Chart(Chart {
                id: "heatmap".to_owned(),
                title: inputs.t(Msg::HeatMap),
                kind: ChartKind::HeatMap,
                categories: hs_top.iter().map(|c| format!("{} {}", c.number, c.title.get(lang))).collect(),
                series,
                unit: CellKind::Percent,
            }));
        }
    }
    Section { id: "conformity".to_owned(), title: inputs.t(Msg::Conformity), blocks }
}

fn evidence(inputs: &Inputs<'_>) -> Section {
    let lang = inputs.lang();
    let a = inputs.assessment;
    let mut evidence: Vec<_> = inputs.register.evidence.iter().collect();
    evidence.sort_by(|x, y| x.id.cmp(&y.id));
    let rows = evidence
        .iter()
        .map(|e| {
            let valid = e.is_valid_on(inputs.as_of);
            vec![
                Cell::text(&e.id),
                Cell::text(&e.title),
                Cell::text(names::evidence_kind(e.kind, lang)),
                Cell::text(names::evidence_status(e.status, lang)),
                Cell::text(if valid { inputs.t(Msg::Yes) } else { inputs.t(Msg::No) }).with_tone(if valid {
                    Tone::Good
                } else {
                    Tone::Bad
                }),
                Cell::date(e.effective, lang),
                Cell::date(e.last_valid_day(), lang),
                Cell::text(e.owner.clone().unwrap_or_default()),
                Cell::text(e.site.as_ref().map(|s| inputs.site_name(s)).unwrap_or_default()),
                Cell::text(e.links.join("; ")),
            ]
        })
        .collect();
    let mut missing: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
    for r in a.results.iter().filter(|r| r.rule == crate::assess::Rule::MissingDocumentedInformation) {
        let position = inputs.catalogue.requirement_index(&r.requirement).unwrap_or(usize::MAX);
        missing.entry((position, r.requirement.clone())).or_default().push(inputs.site_name(&r.site));
    }
    let missing_rows = missing
        .into_iter()
        .map(|((_, id), sites)| {
            let requirement = inputs.catalogue.requirement(&id);
            let information =
                requirement.and_then(|r| r.information.as_ref()).map(|i| i.get(lang).to_owned()).unwrap_or_default();
            vec![
                Cell::text(requirement.map(|r| r.norm.clone()).unwrap_or_default()),
                Cell::text(&id),
                Cell::text(requirement.map(|r| names::documented(r.documented, lang)).unwrap_or_default()),
                Cell::text(information),
                Cell::text(sites.join(", ")).with_tone(Tone::Bad),
            ]
        })
        .collect();
    let expiring = a
        .expiring
        .iter()
        .map(|x| {
            vec![
                Cell::text(&x.evidence),
                Cell::text(&x.title),
                Cell::date(Some(x.expires), lang),
                Cell::integer(x.days_left, lang).with_tone(if x.days_left <= 30 { Tone::Bad } else { Tone::Warning }),
                Cell::text(x.owner.clone().unwrap_or_default()),
                Cell::text(x.site.as_ref().map(|s| inputs.site_name(s)).unwrap_or_default()),
            ]
        })
        .collect();
    Section {
        id: "evidence".to_owned(),
        title: inputs.t(Msg::Evidence),
        blocks: vec![
            table(
                "evidence-missing",
                inputs.t(Msg::MissingDocumented),
                vec![
                    column("norm", inputs.t(Msg::Norm), CellKind::Text),
                    column("requirement", inputs.t(Msg::Requirement), CellKind::Text),
                    column("documented", inputs.t(Msg::Documented), CellKind::Text),
                    column("information", inputs.t(Msg::Title), CellKind::Text),
                    column("sites", inputs.t(Msg::Sites), CellKind::Text),
                ],
                missing_rows,
                inputs.t(Msg::Nothing),
            ),
            table(
                "evidence-expiring",
                Msg::ExpiringSoon.get(lang).replace("{n}", &a.options.expiring_within_days.to_string()),
                vec![
                    column("evidence", inputs.t(Msg::Id), CellKind::Text),
                    column("title", inputs.t(Msg::Title), CellKind::Text),
                    column("expires", inputs.t(Msg::Expires), CellKind::Date),
                    column("days_left", inputs.t(Msg::DaysLeft), CellKind::Integer),
                    column("owner", inputs.t(Msg::Owner), CellKind::Text),
                    column("site", inputs.t(Msg::Site), CellKind::Text),
                ],
                expiring,
                inputs.t(Msg::Nothing),
            ),
            table(
                "evidence-index",
                inputs.t(Msg::EvidenceIndex),
                vec![
                    column("evidence", inputs.t(Msg::Id), CellKind::Text),
                    column("title", inputs.t(Msg::Title), CellKind::Text),
                    column("kind", inputs.t(Msg::Kind), CellKind::Text),
                    column("status", inputs.t(Msg::Status), CellKind::Text),
                    column("valid", inputs.t(Msg::Valid), CellKind::Text),
                    column("effective", inputs.t(Msg::Effective), CellKind::Date),
                    column("expires", inputs.t(Msg::Expires), CellKind::Date),
                    column("owner", inputs.t(Msg::Owner), CellKind::Text),
                    column("site", inputs.t(Msg::Site), CellKind::Text),
                    column("links", inputs.t(Msg::Requirement), CellKind::Text),
                ],
                rows,
                inputs.t(Msg::Nothing),
            ),
        ],
    }
}

fn findings(inputs: &Inputs<'_>) -> Section {
    let lang = inputs.lang();
    let period = &inputs.options.period;
    let register = inputs.register;
    let grades = [
        crate::register::Grade::MajorNonconformity,
        crate::register::Grade::MinorNonconformity,
        crate::register::Grade::Observation,
        crate::register::Grade::OpportunityForImprovement,
        crate::register::Grade::GoodPractice,
    ];
    let by_grade = grades
        .iter()
        .map(|&g| {
            let of_grade = register.findings.iter().filter(|f| f.grade == g);
            let raised = of_grade.clone().filter(|f| period.contains(f.raised)).count();
            let open = of_grade.clone().filter(|f| f.is_open_on(inputs.as_of)).count();
            let closed = of_grade
                .filter(|f| f.status == FindingStatus::Closed && f.closed.is_some_and(|c| period.contains(c)))
                .count();
            vec![
                Cell::text(names::grade(g, lang)),
                Cell::integer(raised as i64, lang),
                Cell::integer(open as i64, lang).with_tone(if open > 0 && g.is_nonconformity() {
                    Tone::Warning
                } else {
                    Tone::Neutral
                }),
                Cell::integer(closed as i64, lang),
            ]
        })
        .collect();
    let mut open: Vec<_> = register.findings.iter().filter(|f| f.is_open_on(inputs.as_of)).collect();
    open.sort_by(|a, b| a.grade.cmp(&b.grade).then(a.raised.cmp(&b.raised)).then_with(|| a.id.cmp(&b.id)));
    let open_rows = open
        .iter()
        .map(|f| {
            let age = (inputs.as_of - f.raised).num_days();
            vec![
                Cell::text(&f.id),
                Cell::text(names::grade(f.grade, lang)).with_tone(match f.grade {
                    crate::register::Grade::MajorNonconformity => Tone::Bad,
                    crate::register::Grade::MinorNonconformity => Tone::Warning,
                    _ => Tone::Neutral,
                }),
                Cell::text(names::source(f.source, lang)),
                Cell::text(&f.requirement),
                Cell::text(f.site.as_ref().map(|s| inputs.site_name(s)).unwrap_or_default()),
                Cell::date(Some(f.raised), lang),
                Cell::integer(age, lang),
                Cell::text(&f.statement),
            ]
        })
        .collect();
    let overdue = inputs
        .assessment
        .overdue_actions
        .iter()
        .map(|x| {
            let action = register.actions.iter().find(|a| a.id == x.action);
            vec![
                Cell::text(&x.action),
                Cell::text(&x.finding),
                Cell::text(action.map(|a| a.action.clone()).unwrap_or_default()),
                Cell::text(x.owner.clone().unwrap_or_default()),
                Cell::date(Some(x.due), lang),
                Cell::integer(x.days_overdue, lang).with_tone(Tone::Bad),
            ]
        })
        .collect();
    let (mut effective, mut not_effective, mut pending, mut not_done) = (0i64, 0i64, 0i64, 0i64);
    for action in &register.actions {
        match (
            action.done.filter(|d| *d <= inputs.as_of),
            action.verified.filter(|d| *d <= inputs.as_of),
            action.effective,
        ) {
            (None, _, _) => not_done += 1,
            (Some(_), Some(_), Some(true)) => effective += 1,
            (Some(_), Some(_), Some(false)) => not_effective += 1,
            _ => pending += 1,
        }
    }
    let effectiveness = vec![
        vec![Cell::text(inputs.t(Msg::VerifiedEffective)), Cell::integer(effective, lang).with_tone(Tone::Good)],
        vec![
            Cell::text(inputs.t(Msg::VerifiedNotEffective)),
            Cell::integer(not_effective, lang).with_tone(if not_effective > 0 { Tone::Bad } else { Tone::Neutral }),
        ],
        vec![Cell::text(inputs.t(Msg::DoneNotVerified)), Cell::integer(pending, lang)],
        vec![Cell::text(inputs.t(Msg::NotDone)), Cell::integer(not_done, lang)],
    ];
    Section {
        id: "findings".to_owned(),
        title: inputs.t(Msg::Findings),
        blocks: vec![
            table(
                "findings-by-grade",
                inputs.t(Msg::FindingsByGrade),
                vec![
                    column("grade", inputs.t(Msg::Grade), CellKind::Text),
                    column("raised", inputs.t(Msg::RaisedInPeriod), CellKind::Integer),
                    column("open", inputs.t(Msg::Open), CellKind::Integer),
                    column("closed", inputs.t(Msg::Closed), CellKind::Integer),
                ],
                by_grade,
                inputs.t(Msg::Nothing),
            ),
            table(
                "findings-open",
                inputs.t(Msg::OpenFindings),
                vec![
                    column("finding", inputs.t(Msg::Id), CellKind::Text),
                    column("grade", inputs.t(Msg::Grade), CellKind::Text),
                    column("source", inputs.t(Msg::Source), CellKind::Text),
                    column("requirement", inputs.t(Msg::Requirement), CellKind::Text),
                    column("site", inputs.t(Msg::Site), CellKind::Text),
                    column("raised", inputs.t(Msg::Raised), CellKind::Date),
                    column("age", inputs.t(Msg::AgeDays), CellKind::Integer),
                    column("statement", inputs.t(Msg::Statement), CellKind::Text),
                ],
                open_rows,
                inputs.t(Msg::Nothing),
            ),
            table(
                "findings-overdue-actions",
                inputs.t(Msg::OverdueActions),
                vec![
                    column("action", inputs.t(Msg::Id), CellKind::Text),
                    column("finding", inputs.t(Msg::Finding), CellKind::Text),
                    column("what", inputs.t(Msg::Action), CellKind::Text),
                    column("owner", inputs.t(Msg::Owner), CellKind::Text),
                    column("due", inputs.t(Msg::Due), CellKind::Date),
                    column("days_overdue", inputs.t(Msg::DaysOverdue), CellKind::Integer),
                ],
                overdue,
                inputs.t(Msg::Nothing),
            ),
            table(
                "findings-effectiveness",
                inputs.t(Msg::Effectiveness),
                vec![
                    column("state", inputs.t(Msg::Status), CellKind::Text),
                    column("count", inputs.t(Msg::Count), CellKind::Integer),
                ],
                effectiveness,
                inputs.t(Msg::Nothing),
            ),
        ],
    }
}

/// Evidence records of the period that reach any of a norm-independent set of harmonized-structure or clause links.
fn evidence_in_period<'a>(inputs: &Inputs<'a>, clauses: &[&str]) -> Vec<&'a crate::register::Evidence> {
    let period = &inputs.options.period;
    let mut found: Vec<_> = inputs
        .register
        .evidence
        .iter()
        .filter(|e| e.effective.is_some_and(|d| period.contains(d)))
        .filter(|e| {
            e.links.iter().any(|l| {
                clauses.iter().any(|c| {
                    let number = l.rsplit_once('/').map_or(l.as_str(), |(_, n)| n);
                    let clause_part = l.split('/').nth(1).unwrap_or(number);
                    clause_part == *c || clause_part.starts_with(&format!("{c}."))
                })
            })
        })
        .collect();
    found.sort_by(|a, b| b.effective.cmp(&a.effective).then_with(|| a.id.cmp(&b.id)));
    found
}

fn review(inputs: &Inputs<'_>) -> Section {
    let lang = inputs.lang();
    let by = |en: &str, fr: &str, pt: &str| -> String {
        match lang {
            Lang::En => en,
            Lang::Fr => fr,
            Lang::Pt => pt,
        }
        .to_owned()
    };
    let records = |clauses: &[&str]| -> String {
        let found = evidence_in_period(inputs, clauses);
        if found.is_empty() {
            return by("no record in the period", "aucun enregistrement sur la période", "nenhum registo no período");
        }
        let latest: Vec<String> = found
            .iter()
            .take(3)
            .map(|e| format!("{} ({})", e.title, e.effective.map(|d| i18n::date(d, lang)).unwrap_or_default()))
            .collect();
        format!("{} — {}", found.len(), latest.join("; "))
    };
    let register = inputs.register;
    let period = &inputs.options.period;
    let ncs = register.findings.iter().filter(|f| f.grade.is_nonconformity() && period.contains(f.raised)).count();
    let open_ncs =
        register.findings.iter().filter(|f| f.grade.is_nonconformity() && f.is_open_on(inputs.as_of)).count();
    let actions_done = register.actions.iter().filter(|a| a.done.is_some_and(|d| period.contains(d))).count();
    let ofis: Vec<String> = register
        .findings
        .iter()
        .filter(|f| f.grade == crate::register::Grade::OpportunityForImprovement && period.contains(f.raised))
        .map(|f| f.id.clone())
        .collect();
    let score_line: Vec<String> =
        inputs.assessment.norms.iter().map(|n| format!("{} {}", n.norm, i18n::percent(n.score.value, lang))).collect();
    let rows: Vec<Vec<Cell>> = vec![
        (by("Status of actions from previous management reviews", "État des actions décidées lors des revues précédentes", "Estado das ações das revisões anteriores"), "9.3.2 a)", records(&["9.3"])),
        (by("Changes in external and internal issues", "Modifications des enjeux externes et internes", "Alterações nas questões externas e internas"), "9.3.2 b)", records(&["4.1", "4.2"])),
        (by("Nonconformities and corrective actions", "Non-conformités et actions correctives", "Não conformidades e ações corretivas"), "9.3.2 c)", match lang {
            Lang::En => format!("{ncs} raised in the period, {open_ncs} open; {actions_done} actions completed; {} overdue", inputs.assessment.overdue_actions.len()),
            Lang::Fr => format!("{ncs} émises sur la période, {open_ncs} ouvertes ; {actions_done} actions réalisées ; {} en retard", inputs.assessment.overdue_actions.len()),
            Lang::Pt => format!("{ncs} emitidas no período, {open_ncs} abertas; {actions_done} ações concluídas; {} em atraso", inputs.assessment.overdue_actions.len()),
        }),
        (by("Monitoring and measurement results", "Résultats de la surveillance et de la mesure", "Resultados da monitorização e medição"), "9.3.2 c)", records(&["9.1"])),
        (by("Audit results", "Résultats d'audit", "Resultados de auditorias"), "9.3.2 c)", records(&["9.2"])),
        (by("Fulfilment of objectives", "Atteinte des objectifs", "Cumprimento dos objetivos"), "9.3.2 c)", records(&["6.2"])),
        (by("Compliance obligations and evaluation of compliance", "Obligations de conformité et évaluation de la conformité", "Obrigações de conformidade e avaliação da conformidade"), "14001 9.3 c) / 45001 9.3 d)", records(&["6.1.3", "9.1.2"])),
        (by("Performance of external providers", "Performance des prestataires externes", "Desempenho dos fornecedores externos"), "9001 9.3.2 c) 7)", records(&["8.4"])),
        (by("Adequacy of resources", "Adéquation des ressources", "Adequação dos recursos"), "9.3.2 d)", records(&["7.1"])),
        (by("Effectiveness of actions on risks and opportunities", "Efficacité des actions face aux risques et opportunités", "Eficácia das ações para riscos e oportunidades"), "9.3.2 e)", records(&["6.1"])),
        (by("Opportunities for improvement", "Opportunités d'amélioration", "Oportunidades de melhoria"), "9.3.2 f)", if ofis.is_empty() { inputs.t(Msg::Nothing) } else { format!("{} — {}", ofis.len(), ofis.join(", ")) }),
        (by("Conformity of the management systems", "Conformité des systèmes de management", "Conformidade dos sistemas de gestão"), "9.3.3", score_line.join("; ")),
    ]
    .into_iter()
    .map(|(input, clause, data)| vec![Cell::text(input), Cell::text(clause), Cell::text(data)])
    .collect();
    Section {
        id: "review".to_owned(),
        title: inputs.t(Msg::Review),
        blocks: vec![table(
            "review-inputs",
            inputs.t(Msg::Review),
            vec![
                column("input", inputs.t(Msg::ReviewInput), CellKind::Text),
                column("clause", inputs.t(Msg::Clause), CellKind::Text),
                column("data", inputs.t(Msg::ReviewData), CellKind::Text),
            ],
            rows,
            inputs.t(Msg::Nothing),
        )],
    }
}

fn maturity(inputs: &Inputs<'_>) -> Section {
    let lang = inputs.lang();
    let mut blocks = Vec::new();
    for m in &inputs.assessment.maturity {
        let norm = inputs.catalogue.norm(&m.norm);
        let min = norm.and_then(|n| n.maturity.first()).map_or(0, |l| l.level);
        blocks.push(Block::Paragraph {
            text: Msg::MaturityNote
                .get(lang)
                .replace("{min}", &min.to_string())
                .replace("{max}", &m.scale_max.to_string()),
        });
        let groups = m
            .groups
            .iter()
            .map(|g| {
                let title = inputs
                    .catalogue
                    .clause(&g.clause)
                    .map(|c| format!("{} {}", c.number, c.title.get(lang)))
                    .unwrap_or_default();
                vec![
                    Cell::text(title),
                    match g.mean {
                        Some(v) => Cell::number(v, 1, lang),
                        None => Cell::text(Msg::Undefined.get(lang)),
                    },
                    Cell::integer(i64::from(g.rated), lang),
                    Cell::integer(i64::from(g.relevant), lang),
                ]
            })
            .collect();
        blocks.push(table(
            "maturity-groups",
            format!("{} — {}", m.norm, inputs.t(Msg::CoreSubject)),
            vec![
                column("group", inputs.t(Msg::CoreSubject), CellKind::Text),
                column("mean", inputs.t(Msg::Mean), CellKind::Number),
                column("rated", inputs.t(Msg::Rated), CellKind::Integer),
                column("relevant", inputs.t(Msg::Relevant), CellKind::Integer),
            ],
            groups,
            inputs.t(Msg::Nothing),
        ));
        let label = |level: u8| {
            norm.and_then(|n| n.maturity.iter().find(|l| l.level == level))
                .map(|l| l.label.get(lang).to_owned())
                .unwrap_or_default()
        };
        let items = m
            .items
            .iter()
            .map(|i| {
                let title = inputs
                    .catalogue
                    .clause(&i.clause)
                    .map(|c| format!("{} {}", c.number, c.title.get(lang)))
                    .unwrap_or_default();
                vec![
                    Cell::text(title),
                    match (i.relevant, i.level) {
                        (false, _) => Cell::text(names::conformity(Conformity::NotApplicable, lang)),
                        (true, Some(level)) => Cell::text(format!("{level} — {}", label(level))),
                        (true, None) => Cell::text(Msg::Undefined.get(lang)),
                    },
                    Cell::date(i.assessed, lang),
                    Cell::text(i.note.clone().unwrap_or_default()),
                ]
            })
            .collect();
        blocks.push(table(
            "maturity-items",
            format!("{} — {}", m.norm, inputs.t(Msg::Item)),
            vec![
                column("item", inputs.t(Msg::Item), CellKind::Text),
                column("level", inputs.t(Msg::Level), CellKind::Text),
                column("assessed", inputs.t(Msg::Effective), CellKind::Date),
                column("note", inputs.t(Msg::Note), CellKind::Text),
            ],
            items,
            inputs.t(Msg::Nothing),
        ));
    }
    Section { id: "maturity".to_owned(), title: inputs.t(Msg::Maturity), blocks }
}

fn methodology(inputs: &Inputs<'_>) -> Section {
    let lang = inputs.lang();
    let o = &inputs.assessment.options;
    let rules = match lang {
        Lang::En => {
            "Each requirement is assessed at each site on the date of the situation, by the first rule that applies: declared not applicable (with a justification) — neutral in every score; an open major nonconformity — nonconforming; mandatory documented information with no valid evidence — nonconforming; valid evidence giving full credit — conforming; partial credit — partially conforming; no evidence — not assessed. An open minor nonconformity caps the result at partially conforming. Evidence is valid when approved, in force and not expired. Evidence for a clause also serves the corresponding clauses of the other standards through the harmonized structure: fully where they ask for no more, partially otherwise. Scores are exact ratios of points earned to points possible, rounded only for display."
        }
        Lang::Fr => {
            "Chaque exigence est évaluée sur chaque site à la date de la situation, par la première règle applicable : déclarée non applicable (avec justification) — neutre dans tous les scores ; non-conformité majeure ouverte — non conforme ; information documentée obligatoire sans preuve valide — non conforme ; preuve valide donnant un crédit complet — conforme ; crédit partiel — partiellement conforme ; aucune preuve — non évaluée. Une non-conformité mineure ouverte plafonne le résultat à « partiellement conforme ». Une preuve est valide lorsqu'elle est approuvée, en vigueur et non expirée. Une preuve rattachée à un article vaut aussi pour les articles correspondants des autres normes via la structure harmonisée : entièrement lorsqu'ils n'exigent pas davantage, partiellement sinon. Les scores sont des rapports exacts entre points obtenus et points possibles, arrondis uniquement à l'affichage."
        }
        Lang::Pt => {
            "Cada requisito é avaliado em cada instalação na data da situação, pela primeira regra aplicável: declarado não aplicável (com justificação) — neutro em todas as pontuações; não conformidade maior aberta — não conforme; informação documentada obrigatória sem evidência válida — não conforme; evidência válida com crédito total — conforme; crédito parcial — parcialmente conforme; sem evidência — não avaliado. Uma não conformidade menor aberta limita o resultado a parcialmente conforme. Uma evidência é válida quando aprovada, em vigor e não expirada. A evidência associada a uma secção serve também as secções correspondentes das outras normas através da estrutura harmonizada: totalmente quando não exigem mais, parcialmente caso contrário. As pontuações são razões exatas entre pontos obtidos e pontos possíveis, arredondadas apenas na apresentação."
        }
    };
    let by = |en: &str, fr: &str, pt: &str| -> String {
        match lang {
            Lang::En => en,
            Lang::Fr => fr,
            Lang::Pt => pt,
        }
        .to_owned()
    };
    let aggregation = match o.aggregation {
        crate::assess::Aggregation::WeightedMean => {
            by("weighted mean of requirements", "moyenne pondérée des exigences", "média ponderada dos requisitos")
        }
        crate::assess::Aggregation::MeanOfClauseMeans => {
            by("mean of clause means", "moyenne des moyennes par article", "média das médias por secção")
        }
    };
    let rollup = match o.site_rollup {
        crate::assess::SiteRollup::Mean => by("mean of sites", "moyenne des sites", "média das instalações"),
        crate::assess::SiteRollup::Headcount => by(
            "sites weighted by headcount",
            "sites pondérés par l'effectif",
            "instalações ponderadas pelo número de trabalhadores",
        ),
        crate::assess::SiteRollup::Worst => by("worst site", "site le plus faible", "pior instalação"),
    };
    let p = &o.points;
    let points = format!(
        "{} {} / {} {} / {} {} / {} {}",
        names::conformity(Conformity::Conforming, lang),
        i18n::decimal(p.conforming, 2, lang),
        names::conformity(Conformity::PartiallyConforming, lang),
        i18n::decimal(p.partially_conforming, 2, lang),
        names::conformity(Conformity::Nonconforming, lang),
        i18n::decimal(p.nonconforming, 2, lang),
        names::conformity(Conformity::NotAssessed, lang),
        i18n::decimal(p.not_assessed, 2, lang),
    );
    let weights = if o.weights.is_empty() {
        by("all requirements weigh 1", "toutes les exigences pèsent 1", "todos os requisitos pesam 1")
    } else {
        o.weights.iter().map(|(k, w)| format!("{k} × {}", i18n::decimal(*w, 2, lang))).collect::<Vec<_>>().join("; ")
    };
    let options = vec![
        vec![Cell::text(by("Points", "Points", "Pontos")), Cell::text(points)],
        vec![Cell::text(by("Weights", "Pondérations", "Ponderações")), Cell::text(weights)],
        vec![Cell::text(by("Aggregation", "Agrégation", "Agregação")), Cell::text(aggregation)],
        vec![
            Cell::text(by("Multi-site roll-up", "Consolidation multi-sites", "Consolidação multi-instalação")),
            Cell::text(rollup),
        ],
        vec![
            Cell::text(by("Readiness threshold", "Seuil de préparation", "Limiar de prontidão")),
            Cell::percent(Some(o.threshold), lang),
        ],
        vec![
            Cell::text(by(
                "Evidence shared across standards",
                "Preuves partagées entre normes",
                "Evidências partilhadas entre normas",
            )),
            Cell::text(if o.share_evidence { inputs.t(Msg::Yes) } else { inputs.t(Msg::No) }),
        ],
        vec![
            Cell::text(by("Expiry horizon (days)", "Horizon d'expiration (jours)", "Horizonte de expiração (dias)")),
            Cell::integer(i64::from(o.expiring_within_days), lang),
        ],
    ];
    let catalogues = inputs
        .catalogue
        .norms()
        .iter()
        .filter(|n| inputs.register.system(inputs.catalogue, &n.id).is_some())
        .map(|n| {
            vec![
                Cell::text(&n.id),
                Cell::text(n.title.get(lang)),
                Cell::text(&n.data_version),
                Cell::text(n.amendments.join(", ")),
            ]
        })
        .collect();
    Section {
        id: "methodology".to_owned(),
        title: inputs.t(Msg::Methodology),
        blocks: vec![
            Block::Heading { text: inputs.t(Msg::Rules) },
            Block::Paragraph { text: rules.to_owned() },
            table(
                "methodology-options",
                inputs.t(Msg::Options),
                vec![
                    column("option", inputs.t(Msg::Option), CellKind::Text),
                    column("value", inputs.t(Msg::Value), CellKind::Text),
                ],
                options,
                inputs.t(Msg::Nothing),
            ),
            table(
                "methodology-catalogues",
                inputs.t(Msg::Catalogues),
                vec![
                    column("norm", inputs.t(Msg::Norm), CellKind::Text),
                    column("title", inputs.t(Msg::Title), CellKind::Text),
                    column("data_version", inputs.t(Msg::DataVersion), CellKind::Text),
                    column("amendments", inputs.t(Msg::Amendments), CellKind::Text),
                ],
                catalogues,
                inputs.t(Msg::Nothing),
            ),
        ],
    }
}

fn kpi_value_cell(value: &crate::kpi::KpiValue, decimals: u32, lang: Lang) -> Cell {
    match value {
        crate::kpi::KpiValue::Defined { value, .. } => Cell::number(*value, decimals, lang),
        crate::kpi::KpiValue::Undefined { reason } => {
            Cell { text: Msg::Undefined.get(lang).to_owned(), value: None, tone: None }.with_reason(reason)
        }
    }
}

fn indicators(inputs: &Inputs<'_>) -> Section {
    let lang = inputs.lang();
    let title = inputs.t(Msg::Indicators);
    let Some(ind) = &inputs.indicators else {
        return Section {
            id: "indicators".to_owned(),
            title,
            blocks: vec![Block::Paragraph { text: inputs.t(Msg::NoIndicators) }],
        };
    };
    let defs = ind.definitions;
    let sites = &inputs.register.organisation.sites;
    let mut blocks = Vec::new();
    if let Some(set) = &ind.report.gwp_set {
        blocks.push(Block::Paragraph { text: Msg::GwpNote.get(lang).replace("{set}", set) });
    }
    let groups: Vec<String> = {
        let mut g: Vec<String> = defs.kpis.iter().map(|k| k.group.clone()).collect();
        g.dedup();
        g
    };
    for group in groups {
        let kpis: Vec<&crate::kpi::KpiDef> = defs.kpis.iter().filter(|k| k.group == group).collect();
        let has_data = kpis
            .iter()
            .any(|k| ind.report.results.iter().any(|r| r.kpi == k.id && r.site.is_none() && r.value.value().is_some()));
        if !has_data {
            continue;
        }
        let heading = match group.as_str() {
            "energy" => Msg::GroupEnergy,
            "safety" => Msg::GroupSafety,
            "ghg" => Msg::GroupGhg,
            "quality" => Msg::GroupQuality,
            "waste" => Msg::GroupWaste,
            _ => Msg::GroupOther,
        };
        blocks.push(Block::Heading { text: heading.get(lang).to_owned() });
        let mut columns = vec![
            column("kpi", inputs.t(Msg::Indicator), CellKind::Text),
            column("unit", String::new(), CellKind::Text),
        ];
        columns.push(column("organisation", inputs.t(Msg::Organisation_), CellKind::Number));
        for site in sites {
            columns.push(column(&format!("site_{}", site.id), site.name.clone(), CellKind::Number));
        }
        columns.push(column("previous", inputs.t(Msg::Previous), CellKind::Number));
        columns.push(column("improvement", inputs.t(Msg::Improvement), CellKind::Percent));
        columns.push(column("target", inputs.t(Msg::Target), CellKind::Number));
        columns.push(column("status", inputs.t(Msg::Status), CellKind::Text));
        let mut rows = Vec::new();
        let mut charts = Vec::new();
        for k in &kpis {
            let Some(org) = ind.report.results.iter().find(|r| r.kpi == k.id && r.site.is_none()) else { continue };
            if org.value.value().is_none() && org.inputs.is_empty() {
                continue;
            }
            let unit = match &org.value {
                crate::kpi::KpiValue::Defined { unit, .. } => unit.clone(),
                _ => String::new(),
            };
            let mut row =
                vec![Cell::text(k.names.get(lang)), Cell::text(unit), kpi_value_cell(&org.value, k.decimals, lang)];
            for site in sites {
                let value =
                    ind.report.results.iter().find(|r| r.kpi == k.id && r.site.as_deref() == Some(site.id.as_str()));
                row.push(value.map_or_else(Cell::empty, |r| kpi_value_cell(&r.value, k.decimals, lang)));
            }
            row.push(org.previous.as_ref().map_or_else(Cell::empty, |p| kpi_value_cell(p, k.decimals, lang)));
            row.push(Cell::percent(org.improvement, lang).with_tone(match org.improvement {
                Some(i) if i > Decimal::ZERO => Tone::Good,
                Some(i) if i < Decimal::ZERO => Tone::Bad,
                _ => Tone::Neutral,
            }));
            row.push(org.target.map_or_else(Cell::empty, |t| Cell::number(t, k.decimals, lang)));
            row.push(match org.status {
                Some(crate::kpi::TargetStatus::OnTarget) => Cell::text(inputs.t(Msg::OnTarget)).with_tone(Tone::Good),
                Some(crate::kpi::TargetStatus::AtRisk) => Cell::text(inputs.t(Msg::AtRisk)).with_tone(Tone::Warning),
                Some(crate::kpi::TargetStatus::OffTarget) => Cell::text(inputs.t(Msg::OffTarget)).with_tone(Tone::Bad),
                Some(crate::kpi::TargetStatus::NoData) => Cell::text(inputs.t(Msg::NoData)),
                None => Cell::empty(),
            });
            rows.push(row);
            if org.target.is_some() && org.trend.iter().filter(|p| p.value.is_some()).count() > 1 {
                charts.push(Block::Chart(Chart {
                    id: format!("trend-{}", k.id),
                    title: format!(
                        "{} ({})",
                        k.names.get(lang),
                        match &org.value {
                            crate::kpi::KpiValue::Defined { unit, .. } => unit.clone(),
                            _ => String::new(),
                        }
                    ),
                    kind: ChartKind::Line,
                    categories: org.trend.iter().map(|p| p.period.to_string()).collect(),
                    series: vec![Series {
                        name: inputs.t(Msg::Organisation_),
                        values: org.trend.iter().map(|p| p.value).collect(),
                        labels: org
                            .trend
                            .iter()
                            .map(|p| p.value.map_or_else(|| "—".to_owned(), |v| i18n::decimal(v, k.decimals, lang)))
                            .collect(),
                    }],
                    unit: CellKind::Number,
                }));
            }
        }
        blocks.push(table(
            &format!("indicators-{group}"),
            heading.get(lang).to_owned(),
            columns,
            rows,
            inputs.t(Msg::Nothing),
        ));
        blocks.extend(charts);
    }
    if !ind.energy.is_empty() {
        blocks.push(Block::Heading { text: inputs.t(Msg::EnergyBaselines) });
        let rows = ind
            .energy
            .iter()
            .map(|e| {
                let reg = e.regression.as_ref();
                let accepted = e.acceptance.as_ref().map(|a| a.accepted);
                vec![
                    Cell::text(&e.model),
                    Cell::text(
                        e.site.as_ref().map(|s| inputs.site_name(s)).unwrap_or_else(|| inputs.t(Msg::Organisation_)),
                    ),
                    Cell::text(e.baseline.to_string()),
                    reg.map_or_else(Cell::empty, |r| Cell::number(r.r_squared, 3, lang)),
                    reg.map_or_else(Cell::empty, |r| Cell::number(r.adjusted_r_squared, 3, lang)),
                    reg.and_then(|r| r.cv_rmse)
                        .and_then(|v| Decimal::try_from(v / 100.0).ok())
                        .map_or_else(Cell::empty, |v| Cell::percent(Some(v), lang)),
                    match accepted {
                        Some(true) => Cell::text(inputs.t(Msg::Accepted)).with_tone(Tone::Good),
                        Some(false) => Cell::text(inputs.t(Msg::NotAccepted)).with_tone(Tone::Bad),
                        None => Cell::text(e.problem.clone().unwrap_or_default()).with_tone(Tone::Bad),
                    },
                    e.senpi.map_or_else(Cell::empty, |v| Cell::number(v, 3, lang)),
                    Cell::percent(e.improvement, lang),
                    e.savings.map_or_else(Cell::empty, |v| Cell::number(v, 0, lang)),
                ]
            })
            .collect();
        blocks.push(table(
            "indicators-energy-baselines",
            inputs.t(Msg::EnergyBaselines),
            vec![
                column("model", inputs.t(Msg::Model), CellKind::Text),
                column("site", inputs.t(Msg::Site), CellKind::Text),
                column("baseline", inputs.t(Msg::Period), CellKind::Text),
                column("r2", "R²".to_owned(), CellKind::Number),
                column("adjusted_r2", "R² adj.".to_owned(), CellKind::Number),
                column("cv_rmse", "CV(RMSE)".to_owned(), CellKind::Percent),
                column("acceptance", "DOE SEP".to_owned(), CellKind::Text),
                column("senpi", "SEnPI".to_owned(), CellKind::Number),
                column("improvement", inputs.t(Msg::Improvement), CellKind::Percent),
                column("savings", inputs.t(Msg::Savings), CellKind::Number),
            ],
            rows,
            inputs.t(Msg::Nothing),
        ));
        let coefficients = ind
            .energy
            .iter()
            .flat_map(|e| {
                e.regression.iter().flat_map(move |r| {
                    r.coefficients.iter().map(move |c| {
                        vec![
                            Cell::text(&e.model),
                            Cell::text(&c.name),
                            Cell::number(c.estimate, 4, lang),
                            statistic(c.std_error, 4, lang),
                            statistic(c.t, 3, lang),
                            statistic(c.p, 4, lang),
                        ]
                    })
                })
            })
            .collect();
        blocks.push(table(
            "indicators-energy-coefficients",
            inputs.t(Msg::RegressionCoefficients),
            vec![
                column("model", inputs.t(Msg::Model), CellKind::Text),
                column("variable", inputs.t(Msg::Coefficient), CellKind::Text),
                column("estimate", inputs.t(Msg::Estimate), CellKind::Number),
                column("std_error", inputs.t(Msg::StdError), CellKind::Number),
                column("t", "t".to_owned(), CellKind::Number),
                column("p", "p".to_owned(), CellKind::Number),
            ],
            coefficients,
            inputs.t(Msg::Nothing),
        ));
    }
    // What each indicator means, for the auditor.
    let used: Vec<&crate::kpi::KpiDef> = defs
        .kpis
        .iter()
        .filter(|k| {
            ind.report
                .results
                .iter()
                .any(|r| r.kpi == k.id && r.site.is_none() && (r.value.value().is_some() || !r.inputs.is_empty()))
        })
        .collect();
    blocks.push(table(
        "indicators-definitions",
        inputs.t(Msg::KpiDefinitions),
        vec![
            column("kpi", inputs.t(Msg::Indicator), CellKind::Text),
            column("method", inputs.t(Msg::Method), CellKind::Text),
            column("source", inputs.t(Msg::Source_), CellKind::Text),
        ],
        used.iter()
            .map(|k| vec![Cell::text(k.names.get(lang)), Cell::text(k.method.get(lang)), Cell::text(&k.source)])
            .collect(),
        inputs.t(Msg::Nothing),
    ));
    Section { id: "indicators".to_owned(), title, blocks }
}

/// A regression statistic (a floating-point value from the t and F distributions) as a number cell; empty when not
/// finite (a perfect fit has an infinite t).
fn statistic(value: f64, places: u32, lang: Lang) -> Cell {
    Decimal::try_from(value).map_or_else(|_| Cell::empty(), |v| Cell::number(v, places, lang))
}
