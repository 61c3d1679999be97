//! Guides from XML: SILiAmb web-service responses (`consultarGuiasResponse`) and files of guides, streamed one
//! guide at a time. The accepted structure is documented in `docs/egar.md` and on [`super::import_xml`].

use std::io::{BufRead, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::fields::{Field, FieldRef, RawGuide, TransporterField};
use super::{GuideSource, RawRead};
use crate::error::{Location, WasteError};

/// The largest single XML event (a start tag, a text node) accepted: 1 MiB. Bounds memory on hostile input.
const MAX_EVENT_BYTES: usize = 1024 * 1024;

/// The deepest nesting of elements accepted (a guide needs 4 levels inside a SOAP envelope of 4).
const MAX_DEPTH: usize = 64;

/// A buffered reader that counts lines and bounds the size of one event.
///
/// Newlines are counted lazily, in bulk: [`Counted::line`] and a refill count the bytes consumed since the last
/// count, so `consume` (called many times per event by the parser) only moves the position.
struct Counted<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// Newlines in the bytes before `counted`.
    newlines: u64,
    /// How far into `buf` newlines have been counted (at most `pos`).
    counted: usize,
    /// Bytes consumed since the last [`Counted::start_event`].
    event: usize,
    /// A UTF-8 byte-order mark was skipped at the start.
    bom: u64,
    started: bool,
}

/// The number of `\n` bytes in `bytes`, eight at a time.
pub(super) fn count_newlines(bytes: &[u8]) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let mut words = bytes.chunks_exact(8);
    let mut total = 0u64;
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // A byte of `x` is zero exactly where the input has a newline; the top bit of each byte of `zero` is set
        // exactly for the zero bytes of `x` (no carry crosses bytes).
        let x = u64::from_le_bytes(word) ^ 0x0A0A_0A0A_0A0A_0A0A;
        let zero = !(((x & LOW7) + LOW7) | x | LOW7);
        total += u64::from(zero.count_ones());
    }
    total + words.remainder().iter().filter(|&&b| b == b'\n').count() as u64
}

impl<R: Read> Counted<R> {
    fn new(inner: R) -> Self {
        Counted {
            inner,
            buf: vec![0; 128 * 1024],
            pos: 0,
            end: 0,
            newlines: 0,
            counted: 0,
            event: 0,
            bom: 0,
            started: false,
        }
    }

    /// Counts the newlines consumed since the last count.
    fn count(&mut self) {
        if self.counted < self.pos {
            if let Some(bytes) = self.buf.get(self.counted..self.pos) {
                self.newlines += count_newlines(bytes);
            }
            self.counted = self.pos;
        }
    }

    /// The line of the next byte (newlines not yet counted are counted here, without being recorded).
    fn line(&self) -> u32 {
        let pending = self.buf.get(self.counted..self.pos).map_or(0, count_newlines);
        u32::try_from(self.newlines + pending + 1).unwrap_or(u32::MAX)
    }

    fn start_event(&mut self) {
        self.event = 0;
    }

    /// Reads the next block of input (the parser calls `fill_buf` often: this is its rare part).
    #[inline(never)]
    fn refill(&mut self) -> std::io::Result<()> {
        self.count();
        self.pos = 0;
        self.counted = 0;
        self.end = self.inner.read(&mut self.buf)?;
        if !self.started {
            self.started = true;
            if self.buf.get(..self.end).is_some_and(|b| b.starts_with(b"\xEF\xBB\xBF")) {
                self.pos = 3;
                self.counted = 3;
                self.bom = 3;
            }
        }
        Ok(())
    }
}

#[cold]
fn too_long() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("an element or text is longer than {MAX_EVENT_BYTES} bytes"),
    )
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Counted<R> {
    #[inline]
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos >= self.end {
            self.refill()?;
        }
        if self.event > MAX_EVENT_BYTES {
            return Err(too_long());
        }
        Ok(self.buf.get(self.pos..self.end).unwrap_or_default())
    }

    #[inline]
    fn consume(&mut self, amt: usize) {
        let amt = amt.min(self.end.saturating_sub(self.pos));
        self.pos += amt;
        self.event += amt;
    }
}

/// Whose establishment an `estabelecimento` element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    Producer,
    Destination,
}

/// A leaf element's destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Scalar(Field),
    Transporter(usize, TransporterField),
}

/// An open element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Outside,
    Guide,
    Producer,
    Destination,
    Establishment(Whose),
    Transporter(Option<usize>),
    Waste,
    Corrected,
    Adr,
    Leaf(Slot),
    Ignored,
}

fn adr_field(name: &[u8]) -> Option<Field> {
    Some(match name {
        b"numeroOnu" => Field::AdrUn,
        b"classe" => Field::AdrClass,
        b"grupoEmbalagem" => Field::AdrPackingGroup,
        b"codigoEtiqueta" => Field::AdrLabel,
        b"codigoRestricaoTuneis" | b"codigorestricaoTuneis" => Field::AdrTunnel,
        b"categoria" => Field::AdrCategory,
        b"volumes" => Field::AdrPackages,
        _ => return None,
    })
}

fn is_guide(name: &[u8]) -> bool {
    matches!(name, b"guia" | b"guias")
}

/// The frame an element named `name` opens inside `parent`.
fn child(parent: Frame, name: &[u8]) -> Frame {
    use Field as F;
    let leaf = |f: Field| Frame::Leaf(Slot::Scalar(f));
    match parent {
        Frame::Guide => match name {
            b"numeroGuia" => leaf(F::Number),
            b"codigoGuia" => leaf(F::VerificationCode),
            b"codigoEstado" | b"estado" => leaf(F::State),
            b"dataEstado" => leaf(F::StateDate),
            b"dataEmissao" => leaf(F::IssueDate),
            b"dataFimTransporte" => leaf(F::TransportEnd),
            b"unidade" => leaf(F::Unit),
            b"remetente" => Frame::Producer,
            b"destinatario" => Frame::Destination,
            b"transportadores" | b"transportador" => Frame::Transporter(None),
            b"residuoTransportado" => Frame::Waste,
            b"residuoTransportadoCorrigido" => Frame::Corrected,
            b"adr" => Frame::Adr,
            _ => Frame::Ignored,
        },
        Frame::Producer => match name {
            b"nif" => leaf(F::ProducerNif),
            b"nome" => leaf(F::ProducerName),
            b"tipoRemetente" => leaf(F::ProducerKind),
            b"estabelecimento" => Frame::Establishment(Whose::Producer),
            _ => Frame::Ignored,
        },
        Frame::Destination => match name {
            b"nif" => leaf(F::DestinationNif),
            b"nome" => leaf(F::DestinationName),
            b"estabelecimento" => Frame::Establishment(Whose::Destination),
            b"numPgl" => leaf(F::Pgl),
            b"numPglCorrigido" => leaf(F::PglCorrected),
            _ => Frame::Ignored,
        },
        Frame::Establishment(whose) => match (whose, name) {
            (Whose::Producer, b"codigoAPA" | b"codigoApa") => leaf(F::ProducerEstablishment),
            (Whose::Producer, b"nomeEstabelecimento" | b"nome") => leaf(F::ProducerEstablishmentName),
            (Whose::Destination, b"codigoAPA" | b"codigoApa") => leaf(F::DestinationEstablishment),
            (Whose::Destination, b"nomeEstabelecimento" | b"nome") => leaf(F::DestinationEstablishmentName),
            _ => Frame::Ignored,
        },
        Frame::Transporter(slot) => {
            let field = match name {
                b"transportador" => return Frame::Transporter(None),
                b"nif" => TransporterField::Nif,
                b"nome" => TransporterField::Name,
                b"matricula" => TransporterField::Plate,
                b"dataHoraInicioTransporte" => TransporterField::Start,
                _ => return Frame::Ignored,
            };
            // The slot is allocated by the caller when it is still `None`.
            Frame::Leaf(Slot::Transporter(slot.unwrap_or(usize::MAX), field))
        }
        Frame::Waste => match name {
            b"codigoResiduoLer" => leaf(F::Ler),
            b"descricaoResiduo" | b"designacao" => leaf(F::Description),
            b"codigoOperacao" => leaf(F::Operation),
            b"quantidade" => leaf(F::Quantity),
            b"codigoGrupo" => leaf(F::Group),
            b"numPgl" => leaf(F::Pgl),
            b"adr" => Frame::Adr,
            other => adr_field(other).map_or(Frame::Ignored, leaf),
        },
        Frame::Corrected => match name {
            b"codigoResiduoLerCorrigido" | b"codigoResiduoLer" => leaf(F::LerCorrected),
            b"codigoOperacaoCorrigido" | b"codigoOperacao" => leaf(F::OperationCorrected),
            b"quantidadeCorrigido" | b"quantidadeCorrigida" | b"quantidade" => leaf(F::QuantityCorrected),
            b"codigoGrupoCorrigido" | b"codigoGrupo" => leaf(F::GroupCorrected),
            b"numPglCorrigido" | b"numPgl" => leaf(F::PglCorrected),
            _ => Frame::Ignored,
        },
        Frame::Adr => adr_field(name).map_or(Frame::Ignored, leaf),
        Frame::Outside => {
            if is_guide(name) {
                Frame::Guide
            } else {
                Frame::Outside
            }
        }
        Frame::Leaf(_) | Frame::Ignored => Frame::Ignored,
    }
}

/// Reads guides from XML.
pub(crate) struct XmlSource<R: Read> {
    name: String,
    reader: Reader<Counted<R>>,
    buf: Vec<u8>,
    stack: Vec<Frame>,
    text: String,
    /// Elements opened directly under the current guide.
    guide_children: usize,
    /// The number of the guide being read, for syntax errors (empty when unknown).
    number: String,
}

impl<R: Read> XmlSource<R> {
    pub(crate) fn new(input: R, name: &str) -> Self {
        let mut reader = Reader::from_reader(Counted::new(input));
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        XmlSource {
            name: name.to_owned(),
            reader,
            buf: Vec::with_capacity(4096),
            stack: Vec::with_capacity(16),
            text: String::new(),
            guide_children: 0,
            number: String::new(),
        }
    }

    fn syntax(&self, message: String, offset: Option<u64>) -> WasteError {
        let counted = self.reader.get_ref();
        WasteError::Syntax {
            location: Location { file: self.name.clone(), line: Some(counted.line()), column: None },
            offset: offset.map(|o| o + counted.bom),
            guide: (!self.number.is_empty()).then(|| self.number.clone()),
            message,
        }
    }

    fn xml_error(&self, e: &quick_xml::Error) -> WasteError {
        let offset = Some(self.reader.error_position());
        match e {
            quick_xml::Error::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
                self.syntax(io.to_string(), offset)
            }
            quick_xml::Error::Io(io) => {
                WasteError::Io { input: self.name.clone(), message: io.to_string(), kind: io.kind() }
            }
            quick_xml::Error::Encoding(_) => {
                self.syntax("the input is not valid UTF-8 (e-GAR XML must be UTF-8)".to_owned(), offset)
            }
            other => self.syntax(format!("malformed XML: {other}"), offset),
        }
    }

    fn open(&mut self, name: &[u8], raw: &mut RawGuide, line: u32) -> Result<(), WasteError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.syntax(format!("elements are nested more than {MAX_DEPTH} levels deep"), None));
        }
        let parent = self.stack.last().copied().unwrap_or(Frame::Outside);
        if parent == Frame::Guide {
            // `<guias><guia>…</guia></guias>`: the outer element was a list, not a guide.
            if is_guide(name) && self.guide_children == 0 && raw.is_empty() {
                if let Some(top) = self.stack.last_mut() {
                    *top = Frame::Outside;
                }
                return self.open(name, raw, line);
            }
            self.guide_children += 1;
        }
        let mut frame = child(parent, name);
        if let Frame::Leaf(Slot::Transporter(usize::MAX, field)) = frame {
            let slot = raw.add_transporter(line);
            if let Some(Frame::Transporter(s)) = self.stack.last_mut() {
                *s = Some(slot);
            }
            frame = Frame::Leaf(Slot::Transporter(slot, field));
        }
        match frame {
            Frame::Guide => {
                raw.clear(line);
                self.guide_children = 0;
                self.number.clear();
            }
            Frame::Leaf(_) => self.text.clear(),
            _ => {}
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Closes the current element; `true` when it was a guide.
    fn close(&mut self, raw: &mut RawGuide, line: u32) -> bool {
        match self.stack.pop() {
            Some(Frame::Leaf(Slot::Scalar(field))) => {
                raw.set(field, &self.text, line);
                if field == Field::Number {
                    self.number.clear();
                    self.number.push_str(raw.get(Field::Number));
                }
                false
            }
            Some(Frame::Leaf(Slot::Transporter(i, field))) => {
                raw.set_transporter(i, field, &self.text, line);
                false
            }
            // An empty `<guias/>` list is not a guide.
            Some(Frame::Guide) => self.guide_children > 0 || !raw.is_empty(),
            _ => false,
        }
    }

    /// Reads one event; `Some` when a guide is complete or the input ends.
    fn step(&mut self, buf: &mut Vec<u8>, raw: &mut RawGuide) -> Result<Option<RawRead>, WasteError> {
        {
            buf.clear();
            self.reader.get_mut().start_event();
            // Between the elements of a guide, whitespace is skipped by the parser instead of being read (copied
            // and validated) as a text event that would be ignored. Values (leaves) keep every byte of their text.
            let trim = !self.stack.is_empty() && !self.collecting();
            self.reader.config_mut().trim_text_start = trim;
            let before = self.reader.buffer_position();
            let event = match self.reader.read_event_into(buf) {
                Ok(event) => event,
                Err(e) => return Err(self.xml_error(&e)),
            };
            // A refused declaration, reported at the start of its markup once the event is dropped.
            let mut refused = None;
            let counted = self.reader.get_mut();
            counted.count();
            let line = counted.line();
            match event {
                Event::Start(e) => {
                    self.open(e.local_name().as_ref().as_bytes(), raw, line)?;
                }
                Event::Empty(e) => {
                    self.open(e.local_name().as_ref().as_bytes(), raw, line)?;
                    if self.close(raw, line) {
                        return Ok(Some(RawRead::Guide));
                    }
                }
                Event::End(_) => {
                    let guide = self.close(raw, line);
                    if guide {
                        return Ok(Some(RawRead::Guide));
                    }
                }
                Event::Text(t) if self.collecting() => {
                    let content = t.xml10_content();
                    self.push_text(&content)?;
                }
                Event::CData(t) if self.collecting() => {
                    let content = t.xml10_content();
                    self.push_text(&content)?;
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => match r.as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => {
                                return Err(self.syntax(
                                    format!("undefined entity &{other}; (entities are never expanded)"),
                                    Some(self.reader.buffer_position()),
                                ));
                            }
                        },
                        Err(e) => return Err(self.syntax(format!("bad character reference: {e}"), None)),
                    };
                    if self.collecting() {
                        let mut tmp = [0u8; 4];
                        self.push_text(resolved.encode_utf8(&mut tmp))?;
                    }
                }
                Event::DocType(_) => {
                    refused = Some("DOCTYPE declarations are refused (no DTD or entity is ever expanded)".to_owned());
                }
                Event::Decl(d) => {
                    if let Some(Ok(encoding)) = d.encoding() {
                        let utf8 = encoding.eq_ignore_ascii_case("utf-8") || encoding.eq_ignore_ascii_case("utf8");
                        if !utf8 {
                            refused = Some(format!("encoding {encoding:?} is not supported: e-GAR XML must be UTF-8"));
                        }
                    }
                }
                Event::Eof => {
                    if self.stack.is_empty() {
                        return Ok(Some(RawRead::End));
                    }
                    let open = self.stack.len();
                    return Err(self.syntax(
                        format!(
                            "the XML is truncated: the input ends inside {open} open element{}",
                            if open == 1 { "" } else { "s" }
                        ),
                        Some(self.reader.buffer_position()),
                    ));
                }
                _ => {}
            }
            if let Some(message) = refused {
                // Skipped white space is not part of the markup, which the buffer holds whole.
                let start = if trim {
                    self.reader.buffer_position().saturating_sub(buf.len() as u64).max(before)
                } else {
                    before
                };
                return Err(self.syntax(message, Some(start)));
            }
        }
        Ok(None)
    }

    fn collecting(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Leaf(_)))
    }

    fn push_text(&mut self, text: &str) -> Result<(), WasteError> {
        if self.text.len() + text.len() > MAX_EVENT_BYTES {
            return Err(self.syntax(format!("a value is longer than {MAX_EVENT_BYTES} bytes"), None));
        }
        self.text.push_str(text);
        Ok(())
    }
}

impl<R: Read> GuideSource for XmlSource<R> {
    fn name(&self) -> &str {
        &self.name
    }

    fn next_raw(&mut self, raw: &mut RawGuide) -> Result<RawRead, WasteError> {
        // The event buffer is moved out while events borrow it, so that element names need no copy.
        let mut buf = std::mem::take(&mut self.buf);
        let result = loop {
            match self.step(&mut buf, raw) {
                Ok(None) => continue,
                Ok(Some(read)) => break Ok(read),
                Err(e) => break Err(e),
            }
        };
        self.buf = buf;
        result
    }

    fn column_of(&self, field: FieldRef) -> Option<String> {
        Some(match field {
            FieldRef::Scalar(f) => f.name().to_owned(),
            FieldRef::Transporter(i, f) => format!("transportadores[{}]/{}", i + 1, f.name()),
        })
    }
}
