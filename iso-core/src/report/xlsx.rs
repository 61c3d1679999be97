//! XLSX: a cover sheet, then one sheet per table, with a frozen bold header row, number formats and column widths.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::model::{Block, Cell, CellKind, Report, Tone};
use crate::error::ReportError;

fn err(e: XlsxError) -> ReportError {
    ReportError::Render(format!("xlsx: {e}"))
}

/// A valid, unique sheet name (≤ 31 characters, none of `[]:*?/\`).
fn sheet_name(id: &str, used: &mut Vec<String>) -> String {
    let base: String = id.chars().map(|c| if "[]:*?/\\'".contains(c) { '-' } else { c }).take(28).collect();
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("{base}~{n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

struct Formats {
    header: Format,
    text: Format,
    formula_like: Format,
    integer: Format,
    number: Format,
    percent: Format,
    date: Format,
    title: Format,
}

fn tone(format: &Format, tone: Option<Tone>) -> Format {
    match tone {
        Some(Tone::Good) => format.clone().set_font_color(0x2E7D32).set_bold(),
        Some(Tone::Warning) => format.clone().set_font_color(0xA15C00).set_bold(),
        Some(Tone::Bad) => format.clone().set_font_color(0xB3261E).set_bold(),
        _ => format.clone(),
    }
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    kind: CellKind,
    f: &Formats,
) -> Result<(), XlsxError> {
    let number = cell.value.as_deref().and_then(|v| v.parse::<Decimal>().ok());
    match (kind, number) {
        (CellKind::Integer, Some(n)) => {
            sheet.write_number_with_format(row, col, decimal_f64(n), &tone(&f.integer, cell.tone)).map(|_| ())
        }
        (CellKind::Number, Some(n)) => {
            sheet.write_number_with_format(row, col, decimal_f64(n), &tone(&f.number, cell.tone)).map(|_| ())
        }
        (CellKind::Percent, Some(n)) => {
            sheet.write_number_with_format(row, col, decimal_f64(n), &tone(&f.percent, cell.tone)).map(|_| ())
        }
        (CellKind::Date, _) => match cell.value.as_deref().and_then(|v| v.parse::<chrono::NaiveDate>().ok()) {
            Some(d) => {
                use chrono::Datelike;
                let date =
                    ExcelDateTime::from_ymd(u16::try_from(d.year()).unwrap_or(1900), d.month() as u8, d.day() as u8)?;
                sheet.write_datetime_with_format(row, col, date, &f.date).map(|_| ())
            }
            None => Ok(()),
        },
        _ if cell.text.is_empty() => Ok(()),
        // Strings are never formulas; text that looks like one is also marked as text for editing.
        _ if cell.text.starts_with(['=', '+', '-', '@']) => {
            sheet.write_string_with_format(row, col, &cell.text, &tone(&f.formula_like, cell.tone)).map(|_| ())
        }
        _ => sheet.write_string_with_format(row, col, &cell.text, &tone(&f.text, cell.tone)).map(|_| ()),
    }
}

/// Spreadsheet numbers are binary floats; the exact value stays in the JSON, XML and CSV outputs.
fn decimal_f64(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(0.0)
}

pub fn render(report: &Report) -> Result<Vec<u8>, ReportError> {
    let f = Formats {
        header: Format::new()
            .set_bold()
            .set_background_color(0xF2F5F8)
            .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
        text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        formula_like: Format::new().set_text_wrap().set_align(FormatAlign::Top).set_quote_prefix(),
        integer: Format::new().set_num_format("#,##0").set_align(FormatAlign::Top),
        number: Format::new().set_num_format("#,##0.0").set_align(FormatAlign::Top),
        percent: Format::new().set_num_format("0.0%").set_align(FormatAlign::Top),
        date: Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Top),
        title: Format::new().set_bold().set_font_size(14),
    };
    let mut workbook = Workbook::new();
    // Fixed document properties: no creation clock, the same bytes for the same report.
    use chrono::Datelike;
    let day = report.meta.as_of;
    let created =
        ExcelDateTime::from_ymd(u16::try_from(day.year()).unwrap_or(1900), day.month() as u8, day.day() as u8)
            .map_err(err)?;
    let properties = DocProperties::new()
        .set_title(&report.meta.title)
        .set_company(&report.meta.organisation)
        .set_comment(format!("{} · SHA-256 {}", report.meta.engine, report.meta.fingerprint))
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);

    let mut used = Vec::new();
    // The cover: metadata and every fact.
    let cover = workbook.add_worksheet();
    cover.set_name(sheet_name("report", &mut used)).map_err(err)?;
    cover.write_string_with_format(0, 0, &report.meta.title, &f.title).map_err(err)?;
    let mut row = 2;
    let mut fact = |label: &str, value: &str, row: &mut u32| -> Result<(), XlsxError> {
        cover.write_string_with_format(*row, 0, label, &f.header)?;
        cover.write_string_with_format(*row, 1, value, &f.text)?;
        *row += 1;
        Ok(())
    };
    fact("organisation", &report.meta.organisation, &mut row).map_err(err)?;
    fact("period", &report.meta.period_label, &mut row).map_err(err)?;
    fact("as_of", &report.meta.as_of.to_string(), &mut row).map_err(err)?;
    fact("engine", &report.meta.engine, &mut row).map_err(err)?;
    fact("fingerprint", &report.meta.fingerprint, &mut row).map_err(err)?;
    for section in &report.sections {
        for block in &section.blocks {
            if let Block::Facts { items } = block {
                for item in items {
                    fact(&item.label, &item.value.text, &mut row).map_err(err)?;
                }
            }
        }
    }
    cover.set_column_width(0, 30).map_err(err)?;
    cover.set_column_width(1, 80).map_err(err)?;

    for table in report.tables() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(&table.id, &mut used)).map_err(err)?;
        for (c, column) in table.columns.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            sheet.write_string_with_format(0, c, &column.label, &f.header).map_err(err)?;
            let widest = table
                .rows
                .iter()
                .map(|r| r.get(usize::from(c)).map_or(0, |x| x.text.chars().count()))
                .max()
                .unwrap_or(0);
            let width = widest.max(column.label.chars().count()).clamp(6, 60) as f64 + 2.0;
            sheet.set_column_width(c, width).map_err(err)?;
        }
        for (r, cells) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, (cell, column)) in cells.iter().zip(&table.columns).enumerate() {
                write_cell(sheet, r, u16::try_from(c).unwrap_or(u16::MAX), cell, column.kind, &f).map_err(err)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(err)?;
    }
    workbook.save_to_buffer().map_err(err)
}
