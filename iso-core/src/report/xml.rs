//! XML: the report model as elements and attributes (quick-xml escapes every text and attribute).

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::model::{Block, Cell, Report, Table, Tone};
use crate::error::ReportError;

type W = Writer<Vec<u8>>;

fn err(e: impl std::fmt::Display) -> ReportError {
    ReportError::Render(format!("xml: {e}"))
}

/// Replaces characters XML 1.0 forbids (control characters other than tab, newline, carriage return; U+FFFE, U+FFFF)
/// with U+FFFD, so that any user text gives a well-formed document.
fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}');
    if text.chars().all(allowed) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().map(|c| if allowed(c) { c } else { '\u{fffd}' }).collect())
    }
}

fn element(w: &mut W, name: &str, attributes: &[(&str, &str)], text: Option<&str>) -> Result<(), ReportError> {
    let mut start = BytesStart::new(name);
    for (k, v) in attributes {
        start.push_attribute((*k, clean(v).as_ref()));
    }
    match text {
        None => w.write_event(Event::Empty(start)).map_err(err),
        Some(text) => {
            w.write_event(Event::Start(start)).map_err(err)?;
            w.write_event(Event::Text(BytesText::new(&clean(text)))).map_err(err)?;
            w.write_event(Event::End(BytesEnd::new(name))).map_err(err)
        }
    }
}

fn open(w: &mut W, name: &str, attributes: &[(&str, &str)]) -> Result<(), ReportError> {
    let mut start = BytesStart::new(name);
    for (k, v) in attributes {
        start.push_attribute((*k, clean(v).as_ref()));
    }
    w.write_event(Event::Start(start)).map_err(err)
}

fn close(w: &mut W, name: &str) -> Result<(), ReportError> {
    w.write_event(Event::End(BytesEnd::new(name))).map_err(err)
}

fn tone(t: Option<Tone>) -> &'static str {
    match t {
        None | Some(Tone::Neutral) => "",
        Some(Tone::Good) => "good",
        Some(Tone::Warning) => "warning",
        Some(Tone::Bad) => "bad",
    }
}

fn cell(w: &mut W, c: &Cell, key: &str) -> Result<(), ReportError> {
    let mut attributes = vec![("key", key)];
    if let Some(value) = &c.value {
        attributes.push(("value", value.as_str()));
    }
    let t = tone(c.tone);
    if !t.is_empty() {
        attributes.push(("tone", t));
    }
    element(w, "cell", &attributes, Some(&c.text))
}

fn table(w: &mut W, t: &Table, tag: &str) -> Result<(), ReportError> {
    open(w, tag, &[("id", &t.id), ("title", &t.title)])?;
    open(w, "columns", &[])?;
    for c in &t.columns {
        let kind = serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        element(w, "column", &[("key", &c.key), ("kind", &kind)], Some(&c.label))?;
    }
    close(w, "columns")?;
    for row in &t.rows {
        open(w, "row", &[])?;
        for (c, column) in row.iter().zip(&t.columns) {
            cell(w, c, &column.key)?;
        }
        close(w, "row")?;
    }
    close(w, tag)
}

pub fn render(report: &Report) -> Result<String, ReportError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(err)?;
    let m = &report.meta;
    let as_of = m.as_of.to_string();
    let (start, end) = (m.period_start.to_string(), m.period_end.to_string());
    open(
        &mut w,
        "report",
        &[
            ("xmlns", "urn:iso-core:report:1"),
            ("lang", m.lang.code()),
            ("period", &m.period),
            ("period-start", &start),
            ("period-end", &end),
            ("as-of", &as_of),
            ("engine", &m.engine),
            ("fingerprint", &m.fingerprint),
        ],
    )?;
    element(&mut w, "title", &[], Some(&m.title))?;
    element(&mut w, "organisation", &[], Some(&m.organisation))?;
    for section in &report.sections {
        open(&mut w, "section", &[("id", &section.id), ("title", &section.title)])?;
        for block in &section.blocks {
            match block {
                Block::Heading { text } => element(&mut w, "heading", &[], Some(text))?,
                Block::Paragraph { text } => element(&mut w, "paragraph", &[], Some(text))?,
                Block::Callout { tone: t, text } => {
                    element(&mut w, "callout", &[("tone", tone(Some(*t)))], Some(text))?
                }
                Block::Facts { items } => {
                    open(&mut w, "facts", &[])?;
                    for fact in items {
                        let mut attributes = vec![("label", fact.label.as_str())];
                        if let Some(v) = &fact.value.value {
                            attributes.push(("value", v));
                        }
                        element(&mut w, "fact", &attributes, Some(&fact.value.text))?;
                    }
                    close(&mut w, "facts")?;
                }
                Block::Table(t) => table(&mut w, t, "table")?,
                Block::Chart(c) => table(&mut w, &c.as_table(), "chart")?,
            }
        }
        close(&mut w, "section")?;
    }
    close(&mut w, "report")?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    String::from_utf8(bytes).map_err(err)
}
