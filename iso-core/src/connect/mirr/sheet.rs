//! The declared MIRR as a CSV sheet: reading (every bad row reported) and writing.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::model::{Mirr, MirrForm, MirrLine, OwnedKey};
use crate::connect::egar::MassUnit;
use crate::error::{Location, RecordIssue, WasteError};
use crate::number::parse_decimal;
use crate::waste::{LerCode, OperationCode};

/// A column of the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Year,
    Form,
    Party,
    Establishment,
    Ler,
    Operation,
    Counterpart,
    CounterpartEstablishment,
    Tonnes,
    Kilograms,
    Guides,
}

/// Header names (folded: lower case, no accents, words joined by `_`) and their columns.
const NAMES: [(&str, Col); 40] = [
    ("ano", Col::Year),
    ("year", Col::Year),
    ("formulario", Col::Form),
    ("form", Col::Form),
    ("quadro", Col::Form),
    ("nif", Col::Party),
    ("party", Col::Party),
    ("nif_declarante", Col::Party),
    ("estabelecimento", Col::Establishment),
    ("establishment", Col::Establishment),
    ("codigo_apa", Col::Establishment),
    ("ler", Col::Ler),
    ("codigo_ler", Col::Ler),
    ("ler_code", Col::Ler),
    ("waste_code", Col::Ler),
    ("operacao", Col::Operation),
    ("operation", Col::Operation),
    ("codigo_operacao", Col::Operation),
    ("operation_code", Col::Operation),
    ("contraparte", Col::Counterpart),
    ("counterpart", Col::Counterpart),
    ("nif_contraparte", Col::Counterpart),
    ("counterpart_nif", Col::Counterpart),
    ("estabelecimento_contraparte", Col::CounterpartEstablishment),
    ("counterpart_establishment", Col::CounterpartEstablishment),
    ("codigo_apa_contraparte", Col::CounterpartEstablishment),
    ("quantidade_t", Col::Tonnes),
    ("quantity_t", Col::Tonnes),
    ("tonnes", Col::Tonnes),
    ("toneladas", Col::Tonnes),
    ("quantidade_toneladas", Col::Tonnes),
    ("quantidade_kg", Col::Kilograms),
    ("quantity_kg", Col::Kilograms),
    ("kg", Col::Kilograms),
    ("quilogramas", Col::Kilograms),
    ("quantidade_quilogramas", Col::Kilograms),
    ("guias", Col::Guides),
    ("guides", Col::Guides),
    ("numero_guias", Col::Guides),
    ("n_guias", Col::Guides),
];

/// Descriptive columns that are read past (names and notes are not part of a line's identity); columns without a
/// name are read past too.
const DESCRIPTIVE: [&str; 14] = [
    "nome",
    "name",
    "designacao",
    "descricao",
    "description",
    "nome_estabelecimento",
    "establishment_name",
    "nome_contraparte",
    "counterpart_name",
    "descricao_ler",
    "ler_description",
    "observacoes",
    "notes",
    "note",
];

/// Header names that give a quantity without its unit.
const UNITLESS: [&str; 5] = ["quantidade", "quantity", "peso", "weight", "valor"];

/// The largest quantity a line may declare, in tonnes: 10¹² t, a thousand times the world's yearly waste. It only
/// keeps sums within the range of exact decimals; realistic mistakes are caught by the reconciliation.
const MAX_TONNES: i64 = 1_000_000_000_000;

/// The longest NIF accepted (as the e-GAR importer: 20 characters).
const MAX_NIF: usize = 20;

/// The longest establishment code accepted.
const MAX_ESTABLISHMENT: usize = 40;

/// The columns [`Mirr::to_csv`] writes, in order.
const OUTPUT: [&str; 10] = [
    "year",
    "form",
    "party",
    "establishment",
    "ler",
    "operation",
    "counterpart",
    "counterpart_establishment",
    "quantity_t",
    "guides",
];

/// Folds a header: lower case, no accents, runs of other characters as one `_`, none at the ends.
fn fold_header(h: &str) -> String {
    let folded = crate::text::fold(h.trim());
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

fn syntax(name: &str, line: u64, message: String) -> WasteError {
    WasteError::Syntax {
        location: Location { file: name.to_owned(), line: u32::try_from(line).ok(), column: None },
        offset: None,
        guide: None,
        message,
    }
}

impl Mirr {
    /// Reads a declared MIRR of `year` from a CSV sheet; `name` labels errors.
    ///
    /// One line per row, `;` or `,` separated (whichever the header has more of), UTF-8 with or without a
    /// byte-order mark, a header row naming the columns in Portuguese or English (see `docs/mirr.md`). Quantities
    /// follow [`crate::number::parse_decimal`] (a decimal comma is accepted, thousands separators are refused).
    ///
    /// A header that lacks a required column, names a column twice, names an unknown column, or gives a quantity
    /// without its unit is a [`WasteError::Syntax`] of line 1. Otherwise every row is checked and every problem is
    /// listed with its file, line and column as written ([`WasteError::Invalid`]): nothing is returned unless every
    /// row is good. Two rows with the same identity (form, NIF, establishment, LER code, operation, counterpart and
    /// its establishment) are refused, not added: a declared register lists each line once, and a repeated row is
    /// more often a copy than a split quantity.
    ///
    /// ```
    /// use iso_core::connect::mirr::{Mirr, MirrForm};
    /// let text = "\u{feff}formulario;nif;estabelecimento;ler;operacao;nif_contraparte;quantidade_t\n\
    ///             B;500000000;APA1;150101;R3;500000001;1,5\n\
    ///             C2;500000001;APA9;15 01 01;R3;;4\n";
    /// let mirr = Mirr::from_csv("mirr.csv", text, 2025)?;
    /// assert_eq!(mirr.lines.len(), 2);
    /// assert_eq!(mirr.lines[0].form, MirrForm::B);
    /// assert_eq!(mirr.lines[0].tonnes.to_string(), "1.5");
    ///
    /// let bad = "form,party,ler,operation,counterpart,quantity_t\nB,500000000,150198,R3,500000001,-2\n";
    /// let err = Mirr::from_csv("mirr.csv", bad, 2025).unwrap_err().to_string();
    /// assert_eq!(
    ///     err,
    ///     "mirr.csv:2: ler: invalid LER code \"150198\": 15 01 98 is not an entry of the European List of Waste \
    ///      (and 1 more problem)"
    /// );
    /// # Ok::<(), iso_core::WasteError>(())
    /// ```
    pub fn from_csv(name: &str, text: &str, year: i32) -> Result<Mirr, WasteError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() { b';' } else { b',' };
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut record = ::csv::StringRecord::new();
        let mut header = ::csv::StringRecord::new();
        // The header: the first record that is not blank.
        loop {
            match reader.read_record(&mut header) {
                Ok(true) if header.iter().all(|v| v.trim().is_empty()) => continue,
                Ok(true) => break,
                Ok(false) => return Err(syntax(name, 1, "the sheet is empty: a header row is required".to_owned())),
                Err(e) => {
                    let line = e.position().map_or(1, ::csv::Position::line);
                    return Err(syntax(name, line, format!("cannot read the header: {e}")));
                }
            }
        }
        let header_at = header.position().map_or(1, ::csv::Position::line);
        let columns = read_header(name, header_at, &header)?;
        let labels: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
        let label = |col: Col| -> String {
            columns.iter().find(|(_, c)| *c == col).and_then(|(i, _)| labels.get(*i)).cloned().unwrap_or_default()
        };
        let mut issues: Vec<RecordIssue> = Vec::new();
        let mut first_line: BTreeMap<OwnedKey, u64> = BTreeMap::new();
        let mut lines = Vec::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, ::csv::Position::line);
                    issues.push(issue(name, line, None, format!("cannot read the line: {e}")));
                    break;
                }
            }
            if record.iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            let line = record.position().map_or(0, ::csv::Position::line);
            if record.len() != header.len() {
                issues.push(issue(
                    name,
                    line,
                    None,
                    format!("expected {} fields as in the header, found {}", header.len(), record.len()),
                ));
                continue;
            }
            let get = |col: Col| -> &str {
                columns.iter().find(|(_, c)| *c == col).and_then(|(i, _)| record.get(*i)).map_or("", str::trim)
            };
            let before = issues.len();
            let mut bad = |col: Col, message: String| issues.push(issue(name, line, Some(label(col)), message));
            if columns.iter().any(|(_, c)| *c == Col::Year) {
                match get(Col::Year).parse::<i32>() {
                    Ok(y) if y == year => {}
                    Ok(y) => bad(Col::Year, format!("year {y} is not the register's year {year}")),
                    Err(_) => bad(Col::Year, format!("{:?} is not a year", get(Col::Year))),
                }
            }
            let form = get(Col::Form).parse::<MirrForm>().map_err(|e| bad(Col::Form, e.to_string())).ok();
            let party = get(Col::Party);
            if party.is_empty() {
                bad(Col::Party, "no NIF".to_owned());
            } else if party.chars().count() > MAX_NIF {
                bad(Col::Party, format!("the NIF {party:?} is too long (at most {MAX_NIF} characters)"));
            }
            let establishment = get(Col::Establishment);
            if establishment.chars().count() > MAX_ESTABLISHMENT {
                bad(
                    Col::Establishment,
                    format!("the establishment {establishment:?} is too long (at most {MAX_ESTABLISHMENT} characters)"),
                );
            }
            let ler = LerCode::parse(get(Col::Ler)).map_err(|e| bad(Col::Ler, e.to_string())).ok();
            let operation =
                OperationCode::parse(get(Col::Operation)).map_err(|e| bad(Col::Operation, e.to_string())).ok();
            let (counterpart, counterpart_establishment) = (get(Col::Counterpart), get(Col::CounterpartEstablishment));
            if counterpart.chars().count() > MAX_NIF {
                bad(Col::Counterpart, format!("the NIF {counterpart:?} is too long (at most {MAX_NIF} characters)"));
            }
            if counterpart_establishment.chars().count() > MAX_ESTABLISHMENT {
                bad(
                    Col::CounterpartEstablishment,
                    format!(
                        "the establishment {counterpart_establishment:?} is too long (at most {MAX_ESTABLISHMENT} \
                         characters)"
                    ),
                );
            }
            match form {
                Some(MirrForm::C2) => {
                    if !counterpart.is_empty() {
                        bad(Col::Counterpart, format!("form C2 has no counterpart: leave {counterpart:?} out"));
                    }
                    if !counterpart_establishment.is_empty() {
                        bad(
                            Col::CounterpartEstablishment,
                            format!("form C2 has no counterpart: leave {counterpart_establishment:?} out"),
                        );
                    }
                }
                Some(form) if counterpart.is_empty() => {
                    let who = if form == MirrForm::C1 { "the producer" } else { "the destination" };
                    bad(Col::Counterpart, format!("form {form} needs the counterpart's NIF ({who})"));
                }
                _ => {}
            }
            if form == Some(MirrForm::D1) && !establishment.is_empty() {
                bad(
                    Col::Establishment,
                    format!(
                        "form D1 is kept by transporter NIF without establishment (e-GAR guides name none): leave \
                         {establishment:?} out"
                    ),
                );
            }
            let tonnes = quantity(get(Col::Tonnes), MassUnit::Tonnes).map_err(|e| bad(Col::Tonnes, e));
            let kilograms = quantity(get(Col::Kilograms), MassUnit::Kilograms).map_err(|e| bad(Col::Kilograms, e));
            let tonnes = match (tonnes, kilograms) {
                (Ok(Some(t)), Ok(Some(k))) if t == k => Some(t),
                (Ok(Some(t)), Ok(Some(_))) => {
                    bad(
                        Col::Kilograms,
                        format!(
                            "{} kg is not the {t} t of column {}: give one quantity",
                            get(Col::Kilograms),
                            label(Col::Tonnes)
                        ),
                    );
                    None
                }
                (Ok(Some(t)), Ok(None)) | (Ok(None), Ok(Some(t))) => Some(t),
                (Ok(None), Ok(None)) => {
                    let col = if columns.iter().any(|(_, c)| *c == Col::Tonnes) { Col::Tonnes } else { Col::Kilograms };
                    bad(col, "no quantity".to_owned());
                    None
                }
                _ => None,
            };
            let guides = match get(Col::Guides) {
                "" => 0,
                text => text.parse::<u64>().unwrap_or_else(|_| {
                    bad(Col::Guides, format!("{text:?} is not a number of guides"));
                    0
                }),
            };
            if issues.len() != before {
                continue;
            }
            let (Some(form), Some(ler), Some(operation), Some(tonnes)) = (form, ler, operation, tonnes) else {
                continue;
            };
            let line_value = MirrLine {
                form,
                party: party.to_owned(),
                establishment: establishment.to_owned(),
                ler,
                operation,
                counterpart: counterpart.to_owned(),
                counterpart_establishment: counterpart_establishment.to_owned(),
                tonnes,
                guides,
            };
            let key = line_value.owned_key();
            if let Some(first) = first_line.get(&key) {
                issues.push(issue(
                    name,
                    line,
                    None,
                    format!(
                        "line {first} already declares form {form}, NIF {party}, establishment {establishment:?}, \
                         LER {ler}, operation {operation}, counterpart {counterpart:?} \
                         ({counterpart_establishment:?}): give each line once"
                    ),
                ));
                continue;
            }
            first_line.insert(key, line);
            lines.push(line_value);
        }
        if !issues.is_empty() {
            return Err(WasteError::Invalid { issues });
        }
        let mut mirr = Mirr { year, lines };
        mirr.sort();
        Ok(mirr)
    }

    /// Writes the register as CSV (RFC 4180, `,`, CRLF, UTF-8 without a byte-order mark) with the columns
    /// `year, form, party, establishment, ler, operation, counterpart, counterpart_establishment, quantity_t,
    /// guides` — which [`Mirr::from_csv`] reads back. LER codes are written in their canonical form, quantities as
    /// exact decimals with a point; text cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
    /// `@`, tab, carriage return) get a leading apostrophe, as in every CSV the engine writes.
    pub fn to_csv(&self) -> String {
        let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
        let _ = writer.write_record(OUTPUT);
        let neutralise = crate::report::neutralise;
        for l in &self.lines {
            let _ = writer.write_record([
                self.year.to_string(),
                l.form.to_string(),
                neutralise(&l.party),
                neutralise(&l.establishment),
                l.ler.to_string(),
                l.operation.to_string(),
                neutralise(&l.counterpart),
                neutralise(&l.counterpart_establishment),
                l.tonnes.to_string(),
                l.guides.to_string(),
            ]);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

fn issue(name: &str, line: u64, field: Option<String>, message: String) -> RecordIssue {
    RecordIssue {
        location: Location { file: name.to_owned(), line: u32::try_from(line).ok(), column: None },
        id: None,
        field,
        message,
    }
}

/// Maps header positions to columns; every problem of the header in one message.
fn read_header(name: &str, line: u64, header: &::csv::StringRecord) -> Result<Vec<(usize, Col)>, WasteError> {
    let mut columns: Vec<(usize, Col)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let folded = fold_header(h);
        if let Some((_, col)) = NAMES.iter().find(|(n, _)| *n == folded) {
            if let Some((j, _)) = columns.iter().find(|(_, c)| c == col) {
                let other = header.get(*j).unwrap_or("").trim();
                problems.push(format!("columns {other:?} and {:?} give the same field", h.trim()));
            } else {
                columns.push((i, *col));
            }
        } else if UNITLESS.contains(&folded.as_str()) {
            problems.push(format!(
                "column {:?} does not state its unit: name it quantidade_t (tonnes) or quantidade_kg (kilograms)",
                h.trim()
            ));
        } else if !folded.is_empty() && !DESCRIPTIVE.contains(&folded.as_str()) {
            problems.push(format!("unknown column {:?} (see docs/mirr.md for the columns read)", h.trim()));
        }
    }
    let has = |col: Col| columns.iter().any(|(_, c)| *c == col);
    let mut missing: Vec<&str> =
        [(Col::Form, "formulario"), (Col::Party, "nif"), (Col::Ler, "ler"), (Col::Operation, "operacao")]
            .iter()
            .filter(|(c, _)| !has(*c))
            .map(|(_, n)| *n)
            .collect();
    if !has(Col::Tonnes) && !has(Col::Kilograms) {
        missing.push("quantidade_t (or quantidade_kg)");
    }
    if !missing.is_empty() {
        problems.insert(
            0,
            format!("missing required column{} {}", if missing.len() == 1 { "" } else { "s" }, missing.join(", ")),
        );
    }
    if problems.is_empty() { Ok(columns) } else { Err(syntax(name, line, problems.join("; "))) }
}

/// A quantity in `unit`, converted to tonnes: `None` when empty; negative and absurd values are errors.
fn quantity(text: &str, unit: MassUnit) -> Result<Option<Decimal>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let value = parse_decimal(text)?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(format!("{text}: a quantity cannot be negative"));
    }
    // Kilograms divided by 1 000 are normalised (4300 kg is 4.3 t, not 4.300 t); tonnes are kept as written.
    let tonnes = match unit {
        MassUnit::Tonnes => value,
        MassUnit::Kilograms => unit.to_tonnes(value).ok_or_else(|| format!("{text} is out of range"))?.normalize(),
    };
    if tonnes > Decimal::from(MAX_TONNES) {
        return Err(format!("{text} {} is above the limit of 10^12 t", unit.symbol()));
    }
    Ok(Some(tonnes))
}
