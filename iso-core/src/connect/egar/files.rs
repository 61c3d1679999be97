//! Importing guides from bytes, a file or a folder of exports: the format is recognised, and several inputs are
//! merged into one import.

use std::io::BufReader;
use std::path::Path;

use super::{Aggregator, Import, ImportOptions, ImportReport, import_csv, import_xml};
use crate::error::WasteError;

/// The input format of a guide file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuideFormat {
    /// The SILiAmb web-service XML.
    Xml,
    /// A CSV list exported from the portal or a spreadsheet.
    Csv,
}

impl GuideFormat {
    /// The format of `name` by its extension (`.xml`, `.csv`, any case); `None` for another extension.
    pub fn of_name(name: &str) -> Option<GuideFormat> {
        let extension = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "xml" => Some(GuideFormat::Xml),
            "csv" | "txt" => Some(GuideFormat::Csv),
            _ => None,
        }
    }

    /// The format of content: XML when the first character after a byte-order mark and white space is `<`.
    pub fn sniff(head: &[u8]) -> GuideFormat {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => GuideFormat::Xml,
            _ => GuideFormat::Csv,
        }
    }
}

/// Imports guides from bytes (an uploaded file); the format is sniffed from the content.
///
/// ```
/// use iso_core::connect::egar::{ImportOptions, import_bytes};
/// let csv = "numeroGuia;codigoEstado;dataEmissao;nifRemetente;nifDestinatario;codigoResiduoLer;codigoOperacao;quantidade\n\
///            PT1;CC;2025-02-03;500000000;500000001;20 03 01;D1;21,5\n";
/// let import = import_bytes(csv.as_bytes(), "upload.csv", &ImportOptions::default())?;
/// assert_eq!(import.report.tonnes.to_string(), "21.5");
/// # Ok::<(), iso_core::WasteError>(())
/// ```
pub fn import_bytes(bytes: &[u8], name: &str, options: &ImportOptions) -> Result<Import, WasteError> {
    match GuideFormat::sniff(bytes.get(..64).unwrap_or(bytes)) {
        GuideFormat::Xml => import_xml(bytes, name, options),
        GuideFormat::Csv => import_csv(bytes, name, options),
    }
}

fn io_error(path: &Path, error: &std::io::Error) -> WasteError {
    WasteError::Io { input: path.display().to_string(), message: error.to_string(), kind: error.kind() }
}

/// Imports one file, streamed: XML or CSV by its extension, else by its content.
pub fn import_file(path: &Path, options: &ImportOptions) -> Result<Import, WasteError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
    let mut input = BufReader::with_capacity(1 << 20, file);
    let format = match GuideFormat::of_name(&name) {
        Some(format) => format,
        None => {
            let head = std::io::BufRead::fill_buf(&mut input).map_err(|e| io_error(path, &e))?;
            GuideFormat::sniff(head)
        }
    };
    match format {
        GuideFormat::Xml => import_xml(input, &name, options),
        GuideFormat::Csv => import_csv(input, &name, options),
    }
}

/// Imports a file, or every `.xml` and `.csv` file of a folder (not its sub-folders), in name order, merged into
/// one import. A folder without guide files is an error.
pub fn import_path(path: &Path, options: &ImportOptions) -> Result<Import, WasteError> {
    if !path.is_dir() {
        return import_file(path, options);
    }
    let mut files: Vec<_> = std::fs::read_dir(path)
        .map_err(|e| io_error(path, &e))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.is_file() && p.to_str().and_then(GuideFormat::of_name).is_some())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(WasteError::Io {
            input: path.display().to_string(),
            message: "the folder holds no .xml or .csv guide file".to_owned(),
            kind: std::io::ErrorKind::NotFound,
        });
    }
    let mut merged = Import { aggregator: Aggregator::new(options.aggregate.clone()), report: ImportReport::default() };
    for file in files {
        merged.merge(import_file(&file, options)?, options.max_listed);
    }
    Ok(merged)
}

impl Import {
    /// Adds another import's groups and counts to this one (inputs joined with `, `; at most `max_listed` issues).
    pub fn merge(&mut self, other: Import, max_listed: usize) {
        self.aggregator.merge(&other.aggregator);
        let (r, o) = (&mut self.report, other.report);
        if r.input.is_empty() {
            r.input = o.input;
        } else {
            r.input = format!("{}, {}", r.input, o.input);
        }
        r.guides += o.guides;
        r.counted += o.counted;
        r.rejected += o.rejected;
        r.corrected += o.corrected;
        r.tonnes += o.tonnes;
        for (state, n) in o.not_counted {
            *r.not_counted.entry(state).or_default() += n;
        }
        for (code, n) in o.unlisted_operations {
            *r.unlisted_operations.entry(code).or_default() += n;
        }
        for (code, n) in o.ler_codes {
            *r.ler_codes.entry(code).or_default() += n;
        }
        let room = max_listed.saturating_sub(r.issues.len());
        r.issues.extend(o.issues.into_iter().take(room));
        for column in o.ignored_columns {
            if !r.ignored_columns.contains(&column) {
                r.ignored_columns.push(column);
            }
        }
    }
}
