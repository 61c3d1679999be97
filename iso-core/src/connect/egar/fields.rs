//! The fields of a guide as read (text), and their validation into a [`Guide`].

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

use super::model::{Guide, GuideState, Transporter};
use super::options::{ImportOptions, MassUnit};
use crate::waste::{LerCode, OperationCode, WasteList};

/// A scalar field of a guide. The names are those of the SILiAmb web service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Number,
    VerificationCode,
    State,
    StateDate,
    IssueDate,
    TransportEnd,
    ProducerNif,
    ProducerName,
    ProducerKind,
    ProducerEstablishment,
    ProducerEstablishmentName,
    DestinationNif,
    DestinationName,
    DestinationEstablishment,
    DestinationEstablishmentName,
    Ler,
    Description,
    Operation,
    Quantity,
    Unit,
    Group,
    Pgl,
    LerCorrected,
    OperationCorrected,
    QuantityCorrected,
    GroupCorrected,
    PglCorrected,
    AdrUn,
    AdrClass,
    AdrPackingGroup,
    AdrLabel,
    AdrTunnel,
    AdrCategory,
    AdrPackages,
}

pub(crate) const FIELD_COUNT: usize = Field::AdrPackages as usize + 1;

impl Field {
    /// The field's name in messages: its SILiAmb element path.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Field::Number => "numeroGuia",
            Field::VerificationCode => "codigoGuia",
            Field::State => "codigoEstado",
            Field::StateDate => "dataEstado",
            Field::IssueDate => "dataEmissao",
            Field::TransportEnd => "dataFimTransporte",
            Field::ProducerNif => "remetente/nif",
            Field::ProducerName => "remetente/nome",
            Field::ProducerKind => "remetente/tipoRemetente",
            Field::ProducerEstablishment => "remetente/estabelecimento/codigoAPA",
            Field::ProducerEstablishmentName => "remetente/estabelecimento/nomeEstabelecimento",
            Field::DestinationNif => "destinatario/nif",
            Field::DestinationName => "destinatario/nome",
            Field::DestinationEstablishment => "destinatario/estabelecimento/codigoAPA",
            Field::DestinationEstablishmentName => "destinatario/estabelecimento/nomeEstabelecimento",
            Field::Ler => "residuoTransportado/codigoResiduoLer",
            Field::Description => "residuoTransportado/descricaoResiduo",
            Field::Operation => "residuoTransportado/codigoOperacao",
            Field::Quantity => "residuoTransportado/quantidade",
            Field::Unit => "unidade",
            Field::Group => "residuoTransportado/codigoGrupo",
            Field::Pgl => "residuoTransportado/numPgl",
            Field::LerCorrected => "residuoTransportadoCorrigido/codigoResiduoLerCorrigido",
            Field::OperationCorrected => "residuoTransportadoCorrigido/codigoOperacaoCorrigido",
            Field::QuantityCorrected => "residuoTransportadoCorrigido/quantidadeCorrigido",
            Field::GroupCorrected => "residuoTransportadoCorrigido/codigoGrupoCorrigido",
            Field::PglCorrected => "residuoTransportadoCorrigido/numPglCorrigido",
            Field::AdrUn => "numeroOnu",
            Field::AdrClass => "classe",
            Field::AdrPackingGroup => "grupoEmbalagem",
            Field::AdrLabel => "codigoEtiqueta",
            Field::AdrTunnel => "codigoRestricaoTuneis",
            Field::AdrCategory => "categoria",
            Field::AdrPackages => "volumes",
        }
    }
}

/// A field of one transporter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TransporterField {
    Nif,
    Name,
    Plate,
    Start,
}

impl TransporterField {
    pub(crate) fn name(self) -> &'static str {
        match self {
            TransporterField::Nif => "nif",
            TransporterField::Name => "nome",
            TransporterField::Plate => "matricula",
            TransporterField::Start => "dataHoraInicioTransporte",
        }
    }
}

/// Where a bad value was: a scalar field or a transporter's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldRef {
    Scalar(Field),
    Transporter(usize, TransporterField),
}

/// A guide as read: the text of each field and the line it was on. Reused from guide to guide, so reading does
/// not allocate once the buffers have grown.
#[derive(Debug, Default)]
pub(crate) struct RawGuide {
    values: Vec<String>,
    lines: Vec<u32>,
    /// Transporters: the texts of nif, name, plate, start; `used` of them are live.
    transporters: Vec<[String; 4]>,
    transporter_lines: Vec<u32>,
    used: usize,
    /// The line where the guide starts.
    pub line: u32,
}

impl RawGuide {
    pub(crate) fn new() -> Self {
        RawGuide {
            values: vec![String::new(); FIELD_COUNT],
            lines: vec![0; FIELD_COUNT],
            transporters: Vec::new(),
            transporter_lines: Vec::new(),
            used: 0,
            line: 0,
        }
    }

    pub(crate) fn clear(&mut self, line: u32) {
        self.values.iter_mut().for_each(String::clear);
        self.lines.iter_mut().for_each(|l| *l = 0);
        self.used = 0;
        self.line = line;
    }

    pub(crate) fn get(&self, field: Field) -> &str {
        self.values.get(field as usize).map_or("", |s| s.as_str())
    }

    pub(crate) fn set(&mut self, field: Field, text: &str, line: u32) {
        if let (Some(value), Some(l)) = (self.values.get_mut(field as usize), self.lines.get_mut(field as usize)) {
            value.clear();
            value.push_str(trim(text));
            *l = line;
        }
    }

    /// Whether nothing has been read into the guide yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.used == 0 && self.values.iter().all(String::is_empty)
    }

    /// Starts a new transporter and returns its index.
    pub(crate) fn add_transporter(&mut self, line: u32) -> usize {
        if self.used == self.transporters.len() {
            self.transporters.push(Default::default());
            self.transporter_lines.push(line);
        }
        let i = self.used;
        if let Some(t) = self.transporters.get_mut(i) {
            t.iter_mut().for_each(String::clear);
        }
        if let Some(l) = self.transporter_lines.get_mut(i) {
            *l = line;
        }
        self.used += 1;
        i
    }

    /// Sets a transporter's field; `index` 0 is the first transporter. Missing transporters are added.
    pub(crate) fn set_transporter(&mut self, index: usize, field: TransporterField, text: &str, line: u32) {
        while self.used <= index {
            self.add_transporter(line);
        }
        if let Some(t) = self.transporters.get_mut(index) {
            let value = &mut t[field as usize];
            value.clear();
            value.push_str(trim(text));
        }
    }

    pub(crate) fn line_of(&self, field: FieldRef) -> u32 {
        let line = match field {
            FieldRef::Scalar(f) => self.lines.get(f as usize).copied().unwrap_or(0),
            FieldRef::Transporter(i, _) => self.transporter_lines.get(i).copied().unwrap_or(0),
        };
        if line == 0 { self.line } else { line }
    }
}

/// [`str::trim`], with a fast path for the usual text that starts and ends with a visible ASCII character (every
/// byte 0x21–0x7F is outside Unicode's white space, and a UTF-8 text's first and last bytes are below 0x80 only for
/// an ASCII character).
pub(crate) fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (None, _) => text,
        (Some(first), Some(last)) if (0x21..0x80).contains(first) && (0x21..0x80).contains(last) => text,
        _ => text.trim(),
    }
}

/// What validation made of a raw guide.
pub(crate) enum Checked {
    /// The guide is valid and counted; it was written into the output guide.
    Counted,
    /// The guide's state is not counted by the policy (nothing else was checked).
    NotCounted(GuideState),
}

/// A bad value: where, and what is wrong.
pub(crate) struct Bad {
    pub field: FieldRef,
    pub message: String,
}

fn bad(field: Field, message: String) -> Bad {
    Bad { field: FieldRef::Scalar(field), message }
}

/// Validates `raw` into `guide` (whose buffers are reused).
pub(crate) fn check(
    raw: &RawGuide,
    list: &WasteList,
    options: &ImportOptions,
    unit: MassUnit,
    guide: &mut Guide,
) -> Result<Checked, Bad> {
    let number = raw.get(Field::Number);
    if number.is_empty() {
        return Err(bad(Field::Number, "the guide has no number".to_owned()));
    }
    if number.len() > 64 {
        return Err(bad(Field::Number, format!("the guide number is {} characters long (at most 64)", number.len())));
    }
    let state_text = raw.get(Field::State);
    let state = match GuideState::parse(state_text) {
        Some(s) => s,
        None if state_text.is_empty() => return Err(bad(Field::State, "the guide has no state".to_owned())),
        None => return Err(bad(Field::State, state_text.parse::<GuideState>().err().unwrap_or_default())),
    };
    put(&mut guide.number, number);
    guide.state = state;
    if !options.states.counts(state) {
        return Ok(Checked::NotCounted(state));
    }
    put(&mut guide.verification_code, raw.get(Field::VerificationCode));
    guide.state_date = optional_date(raw, Field::StateDate)?;
    guide.issued = optional_date(raw, Field::IssueDate)?;
    guide.transport_end = optional_date(raw, Field::TransportEnd)?;

    let party_text = |target: &mut String, field: Field| put(target, raw.get(field));
    party_text(&mut guide.producer.nif, Field::ProducerNif);
    party_text(&mut guide.producer.name, Field::ProducerName);
    party_text(&mut guide.producer.kind, Field::ProducerKind);
    party_text(&mut guide.producer.establishment, Field::ProducerEstablishment);
    party_text(&mut guide.producer.establishment_name, Field::ProducerEstablishmentName);
    party_text(&mut guide.destination.nif, Field::DestinationNif);
    party_text(&mut guide.destination.name, Field::DestinationName);
    party_text(&mut guide.destination.establishment, Field::DestinationEstablishment);
    party_text(&mut guide.destination.establishment_name, Field::DestinationEstablishmentName);
    nif(raw, Field::ProducerNif, "producer")?;
    nif(raw, Field::DestinationNif, "destination")?;

    guide.transporters.truncate(raw.used);
    for (i, t) in raw.transporters.iter().take(raw.used).enumerate() {
        let [nif_text, name, plate, start] = t;
        let here = |field: TransporterField, message: String| Bad { field: FieldRef::Transporter(i, field), message };
        if nif_text.is_empty() {
            return Err(here(TransporterField::Nif, format!("transporter {} has no NIF", i + 1)));
        }
        let start = if start.is_empty() {
            None
        } else {
            Some(parse_date_time(start).map_err(|m| here(TransporterField::Start, m))?)
        };
        if guide.transporters.len() <= i {
            guide.transporters.push(Transporter::default());
        }
        if let Some(out) = guide.transporters.get_mut(i) {
            put(&mut out.nif, nif_text);
            put(&mut out.name, name);
            put(&mut out.plate, plate);
            out.start = start;
        }
    }

    let unit = match raw.get(Field::Unit) {
        "" => unit,
        text => {
            MassUnit::parse(text).ok_or_else(|| bad(Field::Unit, format!("unknown unit {text:?}: expected t or kg")))?
        }
    };
    guide.waste.ler =
        ler(raw, list, Field::Ler)?.ok_or_else(|| bad(Field::Ler, "the guide has no LER code".to_owned()))?;
    guide.waste.operation = operation(raw, Field::Operation)?
        .ok_or_else(|| bad(Field::Operation, "the guide has no operation code".to_owned()))?;
    guide.waste.tonnes = quantity(raw, Field::Quantity, unit, options)?
        .ok_or_else(|| bad(Field::Quantity, "the guide has no quantity".to_owned()))?;
    party_text(&mut guide.waste.description, Field::Description);
    party_text(&mut guide.waste.group, Field::Group);
    party_text(&mut guide.waste.pgl, Field::Pgl);
    guide.correction.ler = ler(raw, list, Field::LerCorrected)?;
    guide.correction.operation = operation(raw, Field::OperationCorrected)?;
    guide.correction.tonnes = quantity(raw, Field::QuantityCorrected, unit, options)?;
    guide.correction.group = Some(raw.get(Field::GroupCorrected)).filter(|s| !s.is_empty()).map(str::to_owned);
    guide.correction.pgl = Some(raw.get(Field::PglCorrected)).filter(|s| !s.is_empty()).map(str::to_owned);
    party_text(&mut guide.adr.un_number, Field::AdrUn);
    party_text(&mut guide.adr.class, Field::AdrClass);
    party_text(&mut guide.adr.packing_group, Field::AdrPackingGroup);
    party_text(&mut guide.adr.label, Field::AdrLabel);
    party_text(&mut guide.adr.tunnel_restriction, Field::AdrTunnel);
    party_text(&mut guide.adr.category, Field::AdrCategory);
    party_text(&mut guide.adr.packages, Field::AdrPackages);
    if guide.date().is_none() {
        return Err(bad(
            Field::IssueDate,
            "the guide has no date (no transport start, date of issue or date of state)".to_owned(),
        ));
    }
    Ok(Checked::Counted)
}

/// Replaces a string's text, keeping its buffer.
fn put(target: &mut String, text: &str) {
    target.clear();
    target.push_str(text);
}

fn nif(raw: &RawGuide, field: Field, who: &str) -> Result<(), Bad> {
    let text = raw.get(field);
    if text.is_empty() {
        return Err(bad(field, format!("the {who} has no NIF")));
    }
    if text.len() > 20 {
        return Err(bad(field, format!("the {who}'s NIF {text:?} is too long (at most 20 characters)")));
    }
    Ok(())
}

fn ler(raw: &RawGuide, list: &WasteList, field: Field) -> Result<Option<LerCode>, Bad> {
    match raw.get(field) {
        "" => Ok(None),
        text => list.ler(text).map(Some).map_err(|e| bad(field, e.to_string())),
    }
}

fn operation(raw: &RawGuide, field: Field) -> Result<Option<OperationCode>, Bad> {
    match raw.get(field) {
        "" => Ok(None),
        text => OperationCode::parse(text).map(Some).map_err(|e| bad(field, e.to_string())),
    }
}

fn quantity(raw: &RawGuide, field: Field, unit: MassUnit, options: &ImportOptions) -> Result<Option<Decimal>, Bad> {
    let text = raw.get(field);
    if text.is_empty() {
        return Ok(None);
    }
    let value = parse_number(text).map_err(|m| bad(field, m))?;
    let tonnes = unit.to_tonnes(value).ok_or_else(|| bad(field, format!("quantity {text} is out of range")))?;
    if tonnes <= Decimal::ZERO {
        let what = if tonnes.is_zero() { "zero" } else { "negative" };
        return Err(bad(
            field,
            format!("quantity {text} {} is {what}: a guide carries a positive quantity", unit.symbol()),
        ));
    }
    if tonnes > options.max_tonnes {
        return Err(bad(
            field,
            format!(
                "quantity {text} {} exceeds the limit of {} t per guide (check the unit option)",
                unit.symbol(),
                options.max_tonnes
            ),
        ));
    }
    Ok(Some(tonnes))
}

/// A number in the rules of [`crate::number::parse_decimal`], with a fast path (no allocation) for plain
/// `1234.5` spellings.
pub(crate) fn parse_number(text: &str) -> Result<Decimal, String> {
    let plain = text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && text.bytes().filter(|&b| b == b'.').count() <= 1
        && !text.is_empty();
    if plain {
        if let Ok(value) = text.parse::<Decimal>() {
            return Ok(value);
        }
    }
    crate::number::parse_decimal(text)
}

fn optional_date(raw: &RawGuide, field: Field) -> Result<Option<NaiveDate>, Bad> {
    match raw.get(field) {
        "" => Ok(None),
        text => parse_date_time(text).map(|d| Some(d.date())).map_err(|m| bad(field, m)),
    }
}

/// A date or date-time: `2025-03-14`, `2025-03-14T08:30:00[.fff][Z|±hh:mm]`, `14/03/2025 08:30[:00]`. The time is
/// kept as written (local time; a zone suffix is ignored).
pub(crate) fn parse_date_time(text: &str) -> Result<NaiveDateTime, String> {
    let s = trim(text);
    let bad = || format!("{text:?} is not a date (expected YYYY-MM-DD or DD/MM/YYYY, optionally with a time)");
    let (date_part, time_part) = match s.bytes().position(|b| b == b'T' || b == b' ') {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    };
    let date = iso_date(date_part).or_else(|| crate::register::parse_date(date_part).ok()).ok_or_else(bad)?;
    if time_part.is_empty() {
        return Ok(date.and_time(NaiveTime::MIN));
    }
    let b = time_part.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let (h, l) = (*b.get(i)?, *b.get(i + 1)?);
        (h.is_ascii_digit() && l.is_ascii_digit()).then(|| u32::from(h - b'0') * 10 + u32::from(l - b'0'))
    };
    let hour = two(0).ok_or_else(bad)?;
    if b.get(2) != Some(&b':') {
        return Err(bad());
    }
    let minute = two(3).ok_or_else(bad)?;
    let second = if b.get(5) == Some(&b':') { two(6).ok_or_else(bad)? } else { 0 };
    let time = NaiveTime::from_hms_opt(hour, minute, second).ok_or_else(bad)?;
    Ok(date.and_time(time))
}

/// `YYYY-MM-DD` without allocation.
fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}
