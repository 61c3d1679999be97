//! Guides from CSV lists exported from the SILiAmb portal (or from an ERP): one guide per row.

use std::io::{BufRead, BufReader, Read};

use super::fields::{Field, RawGuide, TransporterField};
use super::options::{MassUnit, TextEncoding};
use super::{GuideSource, RawRead};
use crate::error::{Location, WasteError};

/// Where a column's values go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Scalar(Field),
    /// A quantity column whose header states its unit (`Quantidade (kg)`).
    QuantityIn(Field, MassUnit),
    /// The n-th transporter's field (0-based).
    Transporter(usize, TransporterField),
}

/// A header name reduced for matching: accents and case folded, `º`/`ª` read as `o`/`a`, everything but letters
/// and digits removed (`N.º e-GAR` → `noegar`, `NIF do Remetente` → `nifdoremetente`).
fn reduce(header: &str) -> String {
    crate::text::fold(header)
        .chars()
        .map(|c| match c {
            'º' => 'o',
            'ª' => 'a',
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The column names each field is known by, reduced. The first is the canonical name written by the generator.
const SCALARS: &[(Field, &[&str])] = &[
    (
        Field::Number,
        &["numeroguia", "numerodaguia", "numeroegar", "noguia", "nguia", "noegar", "negar", "numguia", "guia", "egar"],
    ),
    (Field::VerificationCode, &["codigoguia", "codigoverificacao", "codigodeverificacao", "codigodaguia"]),
    (Field::State, &["codigoestado", "estado", "estadoguia", "estadodaguia"]),
    (Field::StateDate, &["dataestado", "datadoestado"]),
    (Field::IssueDate, &["dataemissao", "datadeemissao", "dataemissaoguia", "emissao"]),
    (
        Field::TransportEnd,
        &[
            "datafimtransporte",
            "datadefimdetransporte",
            "fimtransporte",
            "datarececao",
            "dataderececao",
            "transdatahorafim",
        ],
    ),
    (Field::ProducerNif, &["nifremetente", "remetentenif", "nifdoremetente", "nifprodutor", "nifdoprodutor", "remnif"]),
    (
        Field::ProducerName,
        &["nomeremetente", "remetentenome", "nomedoremetente", "remetente", "produtor", "nomeprodutor", "remnome"],
    ),
    (Field::ProducerKind, &["tiporemetente", "tipoderemetente"]),
    (
        Field::ProducerEstablishment,
        &[
            "codigoaparemetente",
            "remetenteestabelecimentocodigoapa",
            "estabelecimentoremetente",
            "codigoapaprodutor",
            "apaestabelecimentoremetente",
            "remestapa",
        ],
    ),
    (
        Field::ProducerEstablishmentName,
        &["nomeestabelecimentoremetente", "remetentenomeestabelecimento", "remnomeestab"],
    ),
    (Field::DestinationNif, &["nifdestinatario", "destinatarionif", "nifdodestinatario", "nifoperador", "destnif"]),
    (
        Field::DestinationName,
        &["nomedestinatario", "destinatarionome", "nomedodestinatario", "destinatario", "operador", "destnome"],
    ),
    (
        Field::DestinationEstablishment,
        &[
            "codigoapadestinatario",
            "destinatarioestabelecimentocodigoapa",
            "estabelecimentodestinatario",
            "apaestabelecimentodestinatario",
            "destestapa",
        ],
    ),
    (
        Field::DestinationEstablishmentName,
        &["nomeestabelecimentodestinatario", "destinatarionomeestabelecimento", "destnomeestab"],
    ),
    (
        Field::Ler,
        &[
            "codigoresiduoler",
            "codigoler",
            "ler",
            "codigolerresiduo",
            "residuoler",
            "codigoresiduo",
            "rescodigoresiduoler",
        ],
    ),
    (
        Field::Description,
        &["descricaoresiduo", "designacao", "designacaoresiduo", "descricao", "resdescresiduo", "resdesignacao"],
    ),
    (Field::Operation, &["codigooperacao", "operacao", "codigodeoperacao", "operacaotratamento", "rescodigooperacao"]),
    (Field::Quantity, &["quantidade", "peso", "resquantidade"]),
    (Field::Unit, &["unidade", "unidademedida", "unidadedemedida"]),
    (Field::Group, &["codigogrupo", "grupo", "grupoderesiduo", "rescodigogrupo"]),
    (Field::Pgl, &["numpgl", "pgl", "numeropgl", "numerodepgl", "resnumpgl"]),
    (Field::LerCorrected, &["codigoresiduolercorrigido", "codigolercorrigido", "lercorrigido", "rescodigoresiduolerc"]),
    (
        Field::OperationCorrected,
        &["codigooperacaocorrigido", "operacaocorrigida", "operacaocorrigido", "rescodigooperacaoc"],
    ),
    (Field::QuantityCorrected, &["quantidadecorrigido", "quantidadecorrigida", "pesocorrigido", "resquantidadec"]),
    (Field::GroupCorrected, &["codigogrupocorrigido", "grupocorrigido", "rescodigogrupoc"]),
    (Field::PglCorrected, &["numpglcorrigido", "pglcorrigido", "resnumpglcorrigido"]),
    (Field::AdrUn, &["numeroonu", "onu", "nonu"]),
    (Field::AdrClass, &["classe", "classeadr"]),
    (Field::AdrPackingGroup, &["grupoembalagem", "grupodeembalagem"]),
    (Field::AdrLabel, &["codigoetiqueta", "etiqueta"]),
    (Field::AdrTunnel, &["codigorestricaotuneis", "restricaotuneis"]),
    (Field::AdrCategory, &["categoria", "categoriaadr"]),
    (Field::AdrPackages, &["volumes"]),
];

const TRANSPORTER: &[(TransporterField, &[&str])] = &[
    (TransporterField::Nif, &["niftransportador", "transportadornif", "nifdotransportador", "transnif"]),
    (
        TransporterField::Name,
        &["nometransportador", "transportadornome", "nomedotransportador", "transportador", "transnome"],
    ),
    (TransporterField::Plate, &["matricula", "matriculatransportador", "transportadormatricula", "transmatricula"]),
    (
        TransporterField::Start,
        &["datahorainiciotransporte", "datainiciotransporte", "iniciotransporte", "transdatahoraini"],
    ),
];

/// The canonical header of a field (what [`super::synthetic`] writes).
pub(crate) fn canonical(field: Field) -> &'static str {
    match field {
        Field::Number => "numeroGuia",
        Field::VerificationCode => "codigoGuia",
        Field::State => "codigoEstado",
        Field::StateDate => "dataEstado",
        Field::IssueDate => "dataEmissao",
        Field::TransportEnd => "dataFimTransporte",
        Field::ProducerNif => "nifRemetente",
        Field::ProducerName => "nomeRemetente",
        Field::ProducerKind => "tipoRemetente",
        Field::ProducerEstablishment => "codigoApaRemetente",
        Field::ProducerEstablishmentName => "nomeEstabelecimentoRemetente",
        Field::DestinationNif => "nifDestinatario",
        Field::DestinationName => "nomeDestinatario",
        Field::DestinationEstablishment => "codigoApaDestinatario",
        Field::DestinationEstablishmentName => "nomeEstabelecimentoDestinatario",
        Field::Ler => "codigoResiduoLer",
        Field::Description => "descricaoResiduo",
        Field::Operation => "codigoOperacao",
        Field::Quantity => "quantidade",
        Field::Unit => "unidade",
        Field::Group => "codigoGrupo",
        Field::Pgl => "numPgl",
        Field::LerCorrected => "codigoResiduoLerCorrigido",
        Field::OperationCorrected => "codigoOperacaoCorrigido",
        Field::QuantityCorrected => "quantidadeCorrigido",
        Field::GroupCorrected => "codigoGrupoCorrigido",
        Field::PglCorrected => "numPglCorrigido",
        other => other.name(),
    }
}

/// Maps a header to its target: `None` for an unknown column.
fn target(header: &str) -> Option<Target> {
    let key = reduce(header);
    if let Some((field, _)) = SCALARS.iter().find(|(_, names)| names.contains(&key.as_str())) {
        return Some(Target::Scalar(*field));
    }
    // A unit in the header: `Quantidade (t)`, `Peso kg`, `Quantidade corrigida (kg)`.
    for (suffix, unit) in [
        ("t", MassUnit::Tonnes),
        ("ton", MassUnit::Tonnes),
        ("toneladas", MassUnit::Tonnes),
        ("kg", MassUnit::Kilograms),
    ] {
        if let Some(stem) = key.strip_suffix(suffix) {
            for field in [Field::Quantity, Field::QuantityCorrected] {
                let names = SCALARS.iter().find(|(f, _)| *f == field).map_or(&[][..], |(_, n)| n);
                if names.contains(&stem) {
                    return Some(Target::QuantityIn(field, unit));
                }
            }
        }
    }
    // Transporter columns, optionally numbered: `NIF Transportador 2`.
    let stem = key.trim_end_matches(|c: char| c.is_ascii_digit());
    let index = match &key[stem.len()..] {
        "" => 0,
        n => n.parse::<usize>().ok().filter(|&n| (1..=20).contains(&n))? - 1,
    };
    TRANSPORTER.iter().find(|(_, names)| names.contains(&stem)).map(|(f, _)| Target::Transporter(index, *f))
}

/// Reads bytes, strips a UTF-8 byte-order mark, and decodes Windows-1252 to UTF-8 when asked.
struct Decoder<R> {
    inner: R,
    encoding: TextEncoding,
    raw: Vec<u8>,
}

/// Windows-1252 bytes 0x80–0x9F (WHATWG: the five undefined bytes map to the C1 controls of the same value).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

pub(super) fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

impl<R: Read> Read for Decoder<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        match self.encoding {
            TextEncoding::Utf8 => self.inner.read(out),
            TextEncoding::Windows1252 => {
                // Each byte becomes at most 3 bytes of UTF-8.
                let want = (out.len() / 3).max(1);
                self.raw.resize(want, 0);
                let n = self.inner.read(&mut self.raw)?;
                let mut written = 0;
                for &b in self.raw.iter().take(n) {
                    let c = cp1252(b);
                    let len = c.len_utf8();
                    let Some(slot) = out.get_mut(written..written + len) else { break };
                    c.encode_utf8(slot);
                    written += len;
                }
                Ok(written)
            }
        }
    }
}

/// Reads guides from CSV, one row at a time.
pub(crate) struct CsvSource<R: Read> {
    name: String,
    reader: csv::Reader<BufReader<Decoder<R>>>,
    record: csv::ByteRecord,
    targets: Vec<Option<Target>>,
    headers: Vec<String>,
    pub(crate) ignored: Vec<String>,
}

impl<R: Read> CsvSource<R> {
    pub(crate) fn new(input: R, name: &str, encoding: TextEncoding) -> Result<Self, WasteError> {
        let mut buffered = BufReader::with_capacity(256 * 1024, Decoder { inner: input, encoding, raw: Vec::new() });
        let io = |e: std::io::Error| WasteError::Io { input: name.to_owned(), message: e.to_string(), kind: e.kind() };
        let head = buffered.fill_buf().map_err(io)?;
        let bom = head.starts_with(b"\xEF\xBB\xBF");
        let head = if bom { &head[3..] } else { head };
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
        let delimiter = delimiter(first_line);
        if bom {
            buffered.consume(3);
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(256 * 1024)
            .from_reader(buffered);
        let mut record = csv::ByteRecord::new();
        let syntax = |message: String, line: Option<u32>| WasteError::Syntax {
            location: Location { file: name.to_owned(), line, column: None },
            offset: None,
            guide: None,
            message,
        };
        let has_header = reader.read_byte_record(&mut record).map_err(|e| csv_error(name, &e, None))?;
        if !has_header {
            return Err(syntax("the file is empty (expected a header line)".to_owned(), Some(1)));
        }
        let mut headers = Vec::with_capacity(record.len());
        for (i, cell) in record.iter().enumerate() {
            let text = std::str::from_utf8(cell).map_err(|e| {
                syntax(
                    format!(
                        "column {} of the header is not valid UTF-8 at byte {} of the cell{}",
                        i + 1,
                        e.valid_up_to(),
                        hint(encoding)
                    ),
                    Some(1),
                )
            })?;
            headers.push(text.trim().to_owned());
        }
        let targets: Vec<Option<Target>> = headers.iter().map(|h| target(h)).collect();
        let ignored = headers
            .iter()
            .zip(&targets)
            .filter(|(h, t)| t.is_none() && !h.is_empty())
            .map(|(h, _)| h.clone())
            .collect();
        let has = |f: Field| {
            targets.iter().any(|t| matches!(t, Some(Target::Scalar(x)) | Some(Target::QuantityIn(x, _)) if *x == f))
        };
        let mut missing: Vec<&str> = [
            Field::Number,
            Field::State,
            Field::Ler,
            Field::Operation,
            Field::Quantity,
            Field::ProducerNif,
            Field::DestinationNif,
        ]
        .into_iter()
        .filter(|f| !has(*f))
        .map(canonical)
        .collect();
        let has_start = targets.iter().any(|t| matches!(t, Some(Target::Transporter(_, TransporterField::Start))));
        if !has_start && !has(Field::IssueDate) && !has(Field::StateDate) {
            missing.push("dataEmissao (or dataHoraInicioTransporte, dataEstado)");
        }
        if !missing.is_empty() {
            return Err(syntax(
                format!(
                    "the header has no column for {} (the columns are: {})",
                    missing.join(", "),
                    headers.join(", ")
                ),
                Some(1),
            ));
        }
        let mut seen: Vec<Target> = Vec::new();
        for (t, h) in targets.iter().zip(&headers) {
            if let Some(t) = t {
                let same = |a: &Target, b: &Target| match (a, b) {
                    (Target::Scalar(x) | Target::QuantityIn(x, _), Target::Scalar(y) | Target::QuantityIn(y, _)) => {
                        x == y
                    }
                    (a, b) => a == b,
                };
                if seen.iter().any(|s| same(s, t)) {
                    return Err(syntax(
                        format!("column {h:?} appears twice (or two columns mean the same field)"),
                        Some(1),
                    ));
                }
                seen.push(*t);
            }
        }
        let mut units = targets.iter().filter_map(|t| match t {
            Some(Target::QuantityIn(_, unit)) => Some(*unit),
            _ => None,
        });
        if let Some(first) = units.next() {
            if units.any(|u| u != first) {
                return Err(syntax("the quantity columns state different units".to_owned(), Some(1)));
            }
        }
        Ok(CsvSource { name: name.to_owned(), reader, record, targets, headers, ignored })
    }
}

fn hint(encoding: TextEncoding) -> &'static str {
    match encoding {
        TextEncoding::Utf8 => " (save the file as UTF-8, or import it with the windows-1252 encoding option)",
        TextEncoding::Windows1252 => "",
    }
}

/// `;` when the header line has more semicolons than commas outside quotes, else `,`.
fn delimiter(line: &[u8]) -> u8 {
    let (mut semicolons, mut commas, mut quoted) = (0, 0, false);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

fn csv_error(name: &str, e: &csv::Error, guide: Option<String>) -> WasteError {
    match e.kind() {
        csv::ErrorKind::Io(io) => WasteError::Io { input: name.to_owned(), message: io.to_string(), kind: io.kind() },
        _ => WasteError::Syntax {
            location: Location {
                file: name.to_owned(),
                line: e.position().and_then(|p| u32::try_from(p.line()).ok()),
                column: None,
            },
            offset: e.position().map(csv::Position::byte),
            guide,
            message: e.to_string(),
        },
    }
}

impl<R: Read> GuideSource for CsvSource<R> {
    fn name(&self) -> &str {
        &self.name
    }

    fn next_raw(&mut self, raw: &mut RawGuide) -> Result<RawRead, WasteError> {
        loop {
            let more = self.reader.read_byte_record(&mut self.record).map_err(|e| csv_error(&self.name, &e, None))?;
            if !more {
                return Ok(RawRead::End);
            }
            let position = self.record.position();
            let line = position.and_then(|p| u32::try_from(p.line()).ok()).unwrap_or(0);
            if self.record.as_slice().iter().all(u8::is_ascii_whitespace) {
                continue; // blank line
            }
            raw.clear(line);
            let mut unit_override = None;
            // One validation of the whole record instead of one per cell: a cell of a valid record is valid when
            // it starts and ends on character boundaries (checked by `str::get`). A cell that is not is checked on
            // its own, as before, for the precise message.
            let all = std::str::from_utf8(self.record.as_slice()).ok();
            for (i, target) in self.targets.iter().enumerate() {
                let Some(target) = target else { continue };
                let Some(range) = self.record.range(i) else { break };
                let fast = all.and_then(|all| all.get(range.clone()));
                let checked = match fast {
                    Some(text) => Ok(text),
                    None => std::str::from_utf8(self.record.as_slice().get(range).unwrap_or_default()),
                };
                let text = match checked {
                    Ok(t) => t,
                    Err(e) => {
                        let column = self.headers.get(i).cloned().unwrap_or_default();
                        let offset = position.map(|p| p.byte());
                        return Err(WasteError::Syntax {
                            location: Location { file: self.name.clone(), line: Some(line), column: None },
                            offset,
                            guide: None,
                            message: format!(
                                "column {column:?}: the value is not valid UTF-8 at byte {} of the cell{}",
                                e.valid_up_to(),
                                hint(TextEncoding::Utf8)
                            ),
                        });
                    }
                };
                match *target {
                    Target::Scalar(field) => raw.set(field, text, line),
                    Target::QuantityIn(field, unit) => {
                        raw.set(field, text, line);
                        if !super::fields::trim(text).is_empty() {
                            unit_override = Some(unit);
                        }
                    }
                    Target::Transporter(index, field) => {
                        if !super::fields::trim(text).is_empty() {
                            raw.set_transporter(index, field, text, line);
                        }
                    }
                }
            }
            if let Some(unit) = unit_override {
                if raw.get(Field::Unit).is_empty() {
                    raw.set(Field::Unit, unit.symbol(), line);
                }
            }
            return Ok(RawRead::Guide);
        }
    }

    fn column_of(&self, field: super::fields::FieldRef) -> Option<String> {
        let wanted = |t: &Target| match (field, t) {
            (super::fields::FieldRef::Scalar(f), Target::Scalar(x) | Target::QuantityIn(x, _)) => f == *x,
            (super::fields::FieldRef::Transporter(i, f), Target::Transporter(j, g)) => i == *j && f == *g,
            _ => false,
        };
        self.targets.iter().position(|t| t.as_ref().is_some_and(wanted)).and_then(|i| self.headers.get(i).cloned())
    }
}
