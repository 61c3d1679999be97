//! CSV: one file per table (RFC 4180, UTF-8, comma-separated, header row of column keys), as files or a zip.

use std::io::Write as _;

use super::model::{CellKind, Report, Table};
use crate::error::ReportError;

/// Text cells that a spreadsheet would run as a formula get a leading apostrophe (also used by
/// [`crate::connect::mirr`]).
pub(crate) fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

fn table_csv(t: &Table) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let header: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
    let _ = writer.write_record(&header);
    for row in &t.rows {
        let record: Vec<String> = row
            .iter()
            .zip(&t.columns)
            .map(|(cell, column)| match column.kind {
                // Numbers and dates as data; text as shown, neutralised.
                CellKind::Integer | CellKind::Number | CellKind::Percent | CellKind::Date => {
                    cell.value.clone().unwrap_or_default()
                }
                CellKind::Text => neutralise(&cell.text),
            })
            .collect();
        let _ = writer.write_record(&record);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

pub fn files(report: &Report) -> Vec<(String, String)> {
    report.tables().iter().map(|t| (format!("{}.csv", t.id), table_csv(t))).collect()
}

pub fn zip(report: &Report) -> Result<Vec<u8>, ReportError> {
    let err = |e: zip::result::ZipError| ReportError::Render(format!("zip: {e}"));
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed timestamp (1980-01-01) and permissions: the same report gives the same bytes.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, content) in files(report) {
        archive.start_file(name, options).map_err(err)?;
        archive.write_all(content.as_bytes()).map_err(|e| ReportError::Render(format!("zip: {e}")))?;
    }
    Ok(archive.finish().map_err(err)?.into_inner())
}
