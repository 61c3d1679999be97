//! Deterministic synthetic e-GAR guides for tests, benchmarks and demos: the guides of a waste-management company
//! over one year — a few producers and destinations, the LER codes such a company handles, operations consistent
//! with the waste, some corrected values, some cancelled or rejected guides, hospital and sludge modules, ADR
//! fields. The same spec always gives the same guides (SplitMix64, [`crate::synthetic::Random`]), written as XML or
//! CSV to any [`Write`] one guide at a time, so N is bounded by the disk, not by memory.
//!
//! ```
//! use iso_core::connect::egar::synthetic::{GuideSpec, write_csv, write_xml};
//! use iso_core::connect::egar::{ImportOptions, import_csv, import_xml};
//! let spec = GuideSpec { guides: 300, ..GuideSpec::default() };
//! let (mut xml, mut csv) = (Vec::new(), Vec::new());
//! write_xml(&spec, &mut xml)?;
//! write_csv(&spec, &mut csv)?;
//! let options = ImportOptions::default();
//! let a = import_xml(xml.as_slice(), "guias.xml", &options)?;
//! let b = import_csv(csv.as_slice(), "guias.csv", &options)?;
//! assert_eq!(a.report.guides, 300);
//! assert_eq!(a.aggregator.groups(), b.aggregator.groups());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Write};

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use super::model::GuideState;
use super::options::MassUnit;
use crate::synthetic::Random;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuideSpec {
    /// Number of guides.
    pub guides: u64,
    /// Seed.
    pub seed: u64,
    /// The year the transports take place in.
    pub year: i32,
    /// The unit quantities are written in (import with the same [`super::ImportOptions::unit`]).
    pub unit: MassUnit,
}

impl Default for GuideSpec {
    /// 10 000 guides of 2025 in tonnes, seed 2026.
    fn default() -> Self {
        GuideSpec { guides: 10_000, seed: 2026, year: 2025, unit: MassUnit::Tonnes }
    }
}

struct Org {
    nif: &'static str,
    name: &'static str,
    establishment: &'static str,
    establishment_name: &'static str,
}

const PRODUCERS: [Org; 6] = [
    Org {
        nif: "501234560",
        name: "Hospital de Santa Clara, EPE",
        establishment: "APA00011001",
        establishment_name: "Hospital — edifício central",
    },
    Org {
        nif: "502345670",
        name: "Embalagens do Vale, Lda",
        establishment: "APA00022002",
        establishment_name: "Fábrica de Setúbal",
    },
    Org {
        nif: "503456780",
        name: "Construções Norte & Filhos, SA",
        establishment: "APA00033003",
        establishment_name: "Obra \"Ponte Nova\"",
    },
    Org {
        nif: "504567890",
        name: "Supermercados Sol, SA",
        establishment: "APA00044004",
        establishment_name: "Loja 12 <Almada>",
    },
    Org { nif: "505678900", name: "Oficina Auto Central", establishment: "APA00055005", establishment_name: "Oficina" },
    Org {
        nif: "506789010",
        name: "Águas do Estuário — ETAR de Alcântara",
        establishment: "APA00066006",
        establishment_name: "ETAR",
    },
];

const DESTINATIONS: [Org; 4] = [
    Org {
        nif: "510000001",
        name: "EcoCiclo Gestão de Resíduos, SA",
        establishment: "APA00100001",
        establishment_name: "Centro de triagem",
    },
    Org {
        nif: "510000002",
        name: "Valoriza Recicladora, Lda",
        establishment: "APA00100002",
        establishment_name: "Unidade de reciclagem",
    },
    Org {
        nif: "510000003",
        name: "Aterro Intermunicipal do Sul",
        establishment: "APA00100003",
        establishment_name: "Aterro",
    },
    Org {
        nif: "510000004",
        name: "Tratamentos Químicos, SA",
        establishment: "APA00100004",
        establishment_name: "Unidade de tratamento",
    },
];

const TRANSPORTERS: [(&str, &str); 3] = [
    ("510000001", "EcoCiclo Gestão de Resíduos, SA"),
    ("520000001", "Transportes Rápidos, Lda"),
    ("520000002", "Logística Verde, SA"),
];

/// A kind of waste: LER code (as e-GAR writes it), description, (operation, destination) choices, quantity range
/// in kg, module.
struct Profile {
    ler: &'static str,
    description: &'static str,
    routes: &'static [(&'static str, usize)],
    kg: (u64, u64),
    module: Module,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Module {
    None,
    Hospital,
    Sludge,
    Adr(&'static str, &'static str, &'static str),
}

const PROFILES: [Profile; 16] = [
    Profile {
        ler: "150101",
        description: "Embalagens de papel e de cartão",
        routes: &[("R3", 1), ("R13", 0), ("R12", 0)],
        kg: (200, 8_000),
        module: Module::None,
    },
    Profile {
        ler: "150102",
        description: "Embalagens de plástico",
        routes: &[("R3", 1), ("R12", 0), ("R13", 0)],
        kg: (100, 6_000),
        module: Module::None,
    },
    Profile {
        ler: "150104",
        description: "Embalagens de metal",
        routes: &[("R4", 1), ("R13", 0)],
        kg: (50, 3_000),
        module: Module::None,
    },
    Profile {
        ler: "150107",
        description: "Embalagens de vidro",
        routes: &[("R5", 1), ("R13", 0)],
        kg: (300, 10_000),
        module: Module::None,
    },
    Profile {
        ler: "150110",
        description: "Embalagens contaminadas",
        routes: &[("R13", 0), ("D15", 3), ("R3", 3)],
        kg: (20, 2_000),
        module: Module::Adr("UN3509", "9", ""),
    },
    Profile {
        ler: "160103",
        description: "Pneus usados",
        routes: &[("R3", 1), ("R1", 3), ("R13", 0)],
        kg: (500, 12_000),
        module: Module::None,
    },
    Profile {
        ler: "170904",
        description: "Mistura de resíduos de construção e demolição",
        routes: &[("R5", 0), ("R13", 0), ("D1", 2), ("R3H", 2)],
        kg: (2_000, 26_000),
        module: Module::None,
    },
    Profile {
        ler: "170107",
        description: "Misturas de betão, tijolos e ladrilhos",
        routes: &[("R5", 0), ("R5A", 0)],
        kg: (3_000, 25_000),
        module: Module::None,
    },
    Profile {
        ler: "200301",
        description: "Outros resíduos urbanos misturados",
        routes: &[("D1", 2), ("R13", 0), ("R1", 3)],
        kg: (1_000, 20_000),
        module: Module::None,
    },
    Profile {
        ler: "200136",
        description: "Equipamento elétrico e eletrónico fora de uso",
        routes: &[("R4", 1), ("R13", 0), ("R4A", 1)],
        kg: (100, 4_000),
        module: Module::None,
    },
    Profile {
        ler: "130205",
        description: "Óleos minerais de motores",
        routes: &[("R9", 3), ("R13", 0)],
        kg: (100, 3_000),
        module: Module::Adr("UN1202", "3", "III"),
    },
    Profile {
        ler: "180103",
        description: "Resíduos hospitalares do grupo IV",
        routes: &[("D10", 3), ("D9", 3)],
        kg: (10, 900),
        module: Module::Hospital,
    },
    Profile {
        ler: "190805",
        description: "Lamas do tratamento de águas residuais urbanas",
        routes: &[("R10", 1), ("R3", 1), ("D1", 2)],
        kg: (5_000, 25_000),
        module: Module::Sludge,
    },
    Profile {
        ler: "200101",
        description: "Papel e cartão",
        routes: &[("R3", 1), ("R13", 0)],
        kg: (100, 5_000),
        module: Module::None,
    },
    Profile {
        ler: "160601",
        description: "Acumuladores de chumbo",
        routes: &[("R4", 3), ("R13", 0)],
        kg: (50, 2_500),
        module: Module::Adr("UN2794", "8", ""),
    },
    Profile {
        ler: "191212",
        description: "Outros resíduos do tratamento mecânico",
        routes: &[("D1", 2), ("R1", 3), ("D10", 3)],
        kg: (1_000, 22_000),
        module: Module::None,
    },
];

/// The kinds of waste each producer sends (indices into `PROFILES`).
const PRODUCER_WASTE: [&[usize]; 6] =
    [&[11, 4, 0, 1, 9], &[0, 1, 2, 4, 3], &[6, 7, 2, 0], &[0, 1, 13, 8, 9], &[5, 10, 14, 2, 4], &[12, 15, 8]];

/// One generated guide.
struct Sample {
    number: String,
    code: String,
    state: GuideState,
    issued: NaiveDate,
    state_date: NaiveDate,
    transport_end: NaiveDate,
    producer: &'static Org,
    destination: &'static Org,
    transporters: Vec<(&'static str, String, String)>,
    profile: &'static Profile,
    operation: &'static str,
    kg: u64,
    corrected_kg: Option<u64>,
    corrected_operation: Option<&'static str>,
    group: &'static str,
    pgl: String,
}

fn sample(spec: &GuideSpec, index: u64, rng: &mut Random) -> Sample {
    let p = usize::try_from(rng.below(PRODUCERS.len() as u64)).unwrap_or(0);
    let producer = &PRODUCERS[p % PRODUCERS.len()];
    let kinds = PRODUCER_WASTE[p % PRODUCER_WASTE.len()];
    let profile = &PROFILES[*rng.pick(kinds).unwrap_or(&0) % PROFILES.len()];
    let &(operation, d) = rng.pick(profile.routes).unwrap_or(&("R13", 0));
    let destination = &DESTINATIONS[d % DESTINATIONS.len()];
    let kg = profile.kg.0 + rng.below(profile.kg.1 - profile.kg.0 + 1);
    let start = NaiveDate::from_ymd_opt(spec.year, 1, 1).unwrap_or(NaiveDate::MIN);
    let days = if NaiveDate::from_ymd_opt(spec.year, 12, 31).is_some_and(|d| d.ordinal() == 366) { 366 } else { 365 };
    let issued = start.checked_add_days(Days::new(rng.below(days))).unwrap_or(start);
    let transport_end = issued.checked_add_days(Days::new(rng.below(2))).unwrap_or(issued);
    let state_date = transport_end.checked_add_days(Days::new(rng.below(10))).unwrap_or(transport_end);
    let state = match rng.below(100) {
        0..=77 => GuideState::Concluded,
        78..=83 => GuideState::Accepted,
        84..=87 => GuideState::Corrected,
        88..=90 => GuideState::Emitted,
        91..=93 => GuideState::Cancelled,
        94..=95 => GuideState::Rejected,
        96..=97 => GuideState::CorrectionRefused,
        _ => GuideState::AwaitingAction,
    };
    let corrects = matches!(state, GuideState::Corrected | GuideState::CorrectionRefused)
        || (state == GuideState::Concluded && rng.chance(10));
    let corrected_kg = corrects.then(|| (kg * (95 + rng.below(11)) / 100).max(1));
    let corrected_operation = if corrects && rng.chance(20) {
        rng.pick(profile.routes).map(|r| r.0).filter(|op| *op != operation)
    } else {
        None
    };
    let count = 1 + usize::from(rng.chance(8));
    let transporters = (0..count)
        .map(|i| {
            let (nif, _) = TRANSPORTERS[usize::try_from(rng.below(3)).unwrap_or(0) % TRANSPORTERS.len()];
            let plate = format!("{:02}-{}{}-{:02}", rng.below(100), letter(rng), letter(rng), rng.below(100));
            let time = format!("{}T{:02}:{:02}:00", issued, 6 + rng.below(12) + 2 * i as u64, rng.below(60));
            (nif, plate, time)
        })
        .collect();
    let group = if profile.module == Module::Hospital { if rng.chance(70) { "IV" } else { "III" } } else { "" };
    let pgl = if profile.module == Module::Sludge {
        format!("PGL/{}/{:03}", spec.year, rng.below(40))
    } else {
        String::new()
    };
    Sample {
        number: format!("PT{}{:010}", spec.year, index + 1),
        code: format!("{:08X}", rng.next_u64() >> 32),
        state,
        issued,
        state_date,
        transport_end,
        producer,
        destination,
        transporters,
        profile,
        operation,
        kg,
        corrected_kg,
        corrected_operation,
        group,
        pgl,
    }
}

fn letter(rng: &mut Random) -> char {
    char::from(b'A' + u8::try_from(rng.below(26)).unwrap_or(0))
}

fn quantity(kg: u64, unit: MassUnit) -> String {
    match unit {
        MassUnit::Kilograms => kg.to_string(),
        MassUnit::Tonnes => Decimal::new(i64::try_from(kg).unwrap_or(i64::MAX), 3).normalize().to_string(),
    }
}

fn samples(spec: &GuideSpec) -> impl Iterator<Item = Sample> + '_ {
    let mut rng = Random::new(spec.seed);
    (0..spec.guides).map(move |i| sample(spec, i, &mut rng))
}

/// Escapes text for XML content.
fn xml_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['&', '<', '>']) {
        std::borrow::Cow::Owned(s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Writes `spec.guides` guides as a SILiAmb-style XML document: `<guias>` holding one `<guia>` per guide.
pub fn write_xml(spec: &GuideSpec, out: impl Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(256 * 1024, out);
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(w, "<guias xmlns=\"http://pt.apa.guiaacompanhamento/v2\">")?;
    for s in samples(spec) {
        let t = |x: &str| xml_text(x).into_owned();
        writeln!(w, "  <guia>")?;
        writeln!(w, "    <numeroGuia>{}</numeroGuia>\n    <codigoGuia>{}</codigoGuia>", s.number, s.code)?;
        writeln!(
            w,
            "    <codigoEstado>{}</codigoEstado>\n    <descricaoEstado>{}</descricaoEstado>",
            s.state.code(),
            s.state.name_pt()
        )?;
        writeln!(
            w,
            "    <dataEmissao>{}</dataEmissao>\n    <dataEstado>{}T18:00:00</dataEstado>",
            s.issued, s.state_date
        )?;
        writeln!(w, "    <dataFimTransporte>{}T17:00:00</dataFimTransporte>", s.transport_end)?;
        for (role, org) in [("remetente", s.producer), ("destinatario", s.destination)] {
            writeln!(
                w,
                "    <{role}>\n      <nif>{}</nif>\n      <nome>{}</nome>\n      <estabelecimento><codigoAPA>{}</codigoAPA><nomeEstabelecimento>{}</nomeEstabelecimento></estabelecimento>",
                org.nif,
                t(org.name),
                org.establishment,
                t(org.establishment_name)
            )?;
            if role == "destinatario" && !s.pgl.is_empty() {
                writeln!(w, "      <numPgl>{}</numPgl>", t(&s.pgl))?;
            }
            writeln!(w, "    </{role}>")?;
        }
        for (nif, plate, time) in &s.transporters {
            writeln!(
                w,
                "    <transportadores><nif>{nif}</nif><matricula>{plate}</matricula><dataHoraInicioTransporte>{time}</dataHoraInicioTransporte></transportadores>"
            )?;
        }
        writeln!(w, "    <residuoTransportado>")?;
        writeln!(w, "      <codigoResiduoLer>{}</codigoResiduoLer>", s.profile.ler)?;
        writeln!(w, "      <descricaoResiduo>{}</descricaoResiduo>", t(s.profile.description))?;
        writeln!(w, "      <codigoOperacao>{}</codigoOperacao>", s.operation)?;
        writeln!(w, "      <quantidade>{}</quantidade>", quantity(s.kg, spec.unit))?;
        if !s.group.is_empty() {
            writeln!(w, "      <codigoGrupo>{}</codigoGrupo>", s.group)?;
        }
        if let Module::Adr(un, class, group) = s.profile.module {
            write!(w, "      <numeroOnu>{un}</numeroOnu><classe>{class}</classe>")?;
            if !group.is_empty() {
                write!(w, "<grupoEmbalagem>{group}</grupoEmbalagem>")?;
            }
            writeln!(w)?;
        }
        writeln!(w, "    </residuoTransportado>")?;
        if s.corrected_kg.is_some() || s.corrected_operation.is_some() {
            writeln!(w, "    <residuoTransportadoCorrigido>")?;
            if let Some(kg) = s.corrected_kg {
                writeln!(w, "      <quantidadeCorrigido>{}</quantidadeCorrigido>", quantity(kg, spec.unit))?;
            }
            if let Some(op) = s.corrected_operation {
                writeln!(w, "      <codigoOperacaoCorrigido>{op}</codigoOperacaoCorrigido>")?;
            }
            writeln!(w, "    </residuoTransportadoCorrigido>")?;
        }
        writeln!(w, "  </guia>")?;
    }
    writeln!(w, "</guias>")?;
    w.flush()
}

/// The CSV columns written, in order (canonical header names; transporters numbered 1 and 2).
const CSV_HEADER: &[&str] = &[
    "numeroGuia",
    "codigoGuia",
    "codigoEstado",
    "dataEmissao",
    "dataEstado",
    "dataFimTransporte",
    "nifRemetente",
    "nomeRemetente",
    "codigoApaRemetente",
    "nomeEstabelecimentoRemetente",
    "nifDestinatario",
    "nomeDestinatario",
    "codigoApaDestinatario",
    "nomeEstabelecimentoDestinatario",
    "nifTransportador1",
    "matricula1",
    "dataHoraInicioTransporte1",
    "nifTransportador2",
    "matricula2",
    "dataHoraInicioTransporte2",
    "codigoResiduoLer",
    "descricaoResiduo",
    "codigoOperacao",
    "quantidade",
    "codigoGrupo",
    "numPgl",
    "quantidadeCorrigido",
    "codigoOperacaoCorrigido",
    "numeroOnu",
    "classe",
    "grupoEmbalagem",
];

/// A CSV cell: quoted when it holds the delimiter, a quote or a line break.
fn cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([';', '"', '\n', '\r']) {
        std::borrow::Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Writes `spec.guides` guides as a `;`-separated CSV list with a UTF-8 byte-order mark, as spreadsheets save
/// them; one guide per row.
pub fn write_csv(spec: &GuideSpec, out: impl Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(256 * 1024, out);
    w.write_all(b"\xEF\xBB\xBF")?;
    writeln!(w, "{}", CSV_HEADER.join(";"))?;
    let mut row: Vec<String> = Vec::with_capacity(CSV_HEADER.len());
    for s in samples(spec) {
        row.clear();
        row.extend([s.number, s.code, s.state.code().to_owned()]);
        row.extend([
            s.issued.to_string(),
            format!("{}T18:00:00", s.state_date),
            format!("{}T17:00:00", s.transport_end),
        ]);
        for org in [s.producer, s.destination] {
            row.extend([org.nif, org.name, org.establishment, org.establishment_name].map(|x| cell(x).into_owned()));
        }
        for i in 0..2 {
            match s.transporters.get(i) {
                Some((nif, plate, time)) => row.extend([(*nif).to_owned(), plate.clone(), time.clone()]),
                None => row.extend([String::new(), String::new(), String::new()]),
            }
        }
        row.extend([
            s.profile.ler.to_owned(),
            cell(s.profile.description).into_owned(),
            s.operation.to_owned(),
            quantity(s.kg, spec.unit),
            s.group.to_owned(),
            cell(&s.pgl).into_owned(),
            s.corrected_kg.map(|kg| quantity(kg, spec.unit)).unwrap_or_default(),
            s.corrected_operation.unwrap_or_default().to_owned(),
        ]);
        match s.profile.module {
            Module::Adr(un, class, group) => row.extend([un, class, group].map(str::to_owned)),
            _ => row.extend([String::new(), String::new(), String::new()]),
        }
        writeln!(w, "{}", row.join(";"))?;
    }
    w.flush()
}
