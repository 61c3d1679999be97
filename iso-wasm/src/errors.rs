//! Maps core errors onto the JavaScript error classes of `js/errors.js`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(kind: &str, message: &str, details: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = errorClasses)]
    pub fn classes() -> JsValue;
}

/// Converts a serializable value to a plain JS object (maps become objects, `None` becomes `null`).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| make_error("IsoError", &format!("cannot convert the result: {e}"), JsValue::UNDEFINED))
}

fn error(kind: &str, message: &str, details: &impl Serialize) -> JsValue {
    let details = to_js(details).unwrap_or(JsValue::UNDEFINED);
    make_error(kind, message, details)
}

#[derive(Serialize)]
struct LocationDetails<'a> {
    path: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issues: Option<Vec<IssueDetails<'a>>>,
}

#[derive(Serialize)]
struct IssueDetails<'a> {
    #[serde(flatten)]
    issue: &'a iso_core::error::Issue,
    message: String,
}

/// `CatalogueError` → `ParseError` (syntax, size, I/O) or `ValidationError` (with `issues`).
pub fn catalogue_error(e: iso_core::CatalogueError) -> JsValue {
    let location = e.location();
    let issues = match &e {
        iso_core::CatalogueError::Invalid { issues } => {
            Some(issues.iter().map(|issue| IssueDetails { issue, message: issue.to_string() }).collect())
        }
        _ => None,
    };
    let details = LocationDetails {
        path: location.map(|l| l.file.as_str()),
        line: location.and_then(|l| l.line),
        column: location.and_then(|l| l.column),
        issues,
    };
    let kind = if details.issues.is_some() { "ValidationError" } else { "ParseError" };
    error(kind, &e.to_string(), &details)
}

/// `NotFound` → `NotFoundError`.
pub fn not_found(e: iso_core::NotFound) -> JsValue {
    #[derive(Serialize)]
    struct Details<'a> {
        id: &'a str,
    }
    error("NotFoundError", &e.to_string(), &Details { id: &e.id })
}

/// A bad argument → `ArgumentError`.
pub fn argument(message: impl std::fmt::Display) -> JsValue {
    make_error("ArgumentError", &message.to_string(), JsValue::UNDEFINED)
}

/// Reads a plain JS value (an option bag, a record) into a Rust value; `undefined`/`null` give the default.
pub fn from_js<T: serde::de::DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    from_js_required(value, what)
}

/// Reads a plain JS value into a Rust value.
pub fn from_js_required<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    // Through serde_json so that unknown keys are refused (serde-wasm-bindgen only reads the keys it knows).
    let json: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|e| argument(format!("invalid {what}: {e}")))?;
    serde_json::from_value(json).map_err(|e| argument(format!("invalid {what}: {e}")))
}

#[derive(Serialize)]
struct RecordDetails<'a> {
    #[serde(flatten)]
    issue: &'a iso_core::error::RecordIssue,
    message: String,
}

/// An error about records: `ValidationError` with `issues` when there are any, else `ParseError`; the location is
/// the error's own or the first issue's.
fn records_error(
    message: &str,
    location: Option<&iso_core::error::Location>,
    issues: Option<&[iso_core::error::RecordIssue]>,
) -> JsValue {
    #[derive(Serialize)]
    struct Details<'a> {
        path: Option<&'a str>,
        line: Option<u32>,
        column: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        issues: Option<Vec<RecordDetails<'a>>>,
    }
    let location = location.or_else(|| issues.and_then(|i| i.first()).map(|i| &i.location));
    let details = Details {
        path: location.map(|l| l.file.as_str()),
        line: location.and_then(|l| l.line),
        column: location.and_then(|l| l.column),
        issues: issues
            .map(|list| list.iter().map(|issue| RecordDetails { issue, message: issue.to_string() }).collect()),
    };
    let kind = if details.issues.is_some() { "ValidationError" } else { "ParseError" };
    error(kind, message, &details)
}

/// `RegisterError` → `ParseError` (organisation file syntax, I/O) or `ValidationError` (with `issues`).
pub fn register_error(e: iso_core::RegisterError) -> JsValue {
    let issues = match &e {
        iso_core::RegisterError::Invalid { issues } => Some(issues.as_slice()),
        _ => None,
    };
    records_error(&e.to_string(), e.location(), issues)
}

/// `KpiError` → `ParseError` (file syntax, I/O), `ValidationError` (records, with `issues`; a regression that
/// cannot be fitted), `NotFoundError` (unknown indicator), `UnitError`.
pub fn kpi_error(e: iso_core::KpiError) -> JsValue {
    use iso_core::KpiError as E;
    let message = e.to_string();
    match &e {
        E::Syntax { location, .. } => records_error(&message, Some(location), None),
        E::Invalid { issues } => records_error(&message, None, Some(issues)),
        E::Io { .. } => make_error("ParseError", &message, JsValue::UNDEFINED),
        E::UnknownKpi(_) => make_error("NotFoundError", &message, JsValue::UNDEFINED),
        E::Unit(_) => make_error("UnitError", &message, JsValue::UNDEFINED),
        E::Waste(e) => waste_error(e.clone()),
        _ => make_error("ValidationError", &message, JsValue::UNDEFINED),
    }
}

/// `AssessError` → the register's mapping, or `ValidationError` for options and norms.
pub fn assess_error(e: iso_core::AssessError) -> JsValue {
    match e {
        iso_core::AssessError::Register(e) => register_error(e),
        other => make_error("ValidationError", &other.to_string(), JsValue::UNDEFINED),
    }
}

/// `ReportError` → the assessment's mapping, `ArgumentError` for an unknown format, `ValidationError` for a template.
pub fn report_error(e: iso_core::ReportError) -> JsValue {
    match e {
        iso_core::ReportError::Assess(e) => assess_error(e),
        iso_core::ReportError::UnknownFormat(_) => argument(e),
        iso_core::ReportError::Template { line, .. } => {
            #[derive(Serialize)]
            struct Details {
                line: Option<u32>,
            }
            error("ValidationError", &e.to_string(), &Details { line })
        }
        iso_core::ReportError::Kpi(e) => kpi_error(e),
        other => make_error("IsoError", &other.to_string(), JsValue::UNDEFINED),
    }
}

/// `WasteError` → `ParseError` (malformed input, I/O, with `path` and `line`), `ValidationError` (bad guides, with
/// `issues`; a bad code or option).
pub fn waste_error(e: iso_core::WasteError) -> JsValue {
    use iso_core::WasteError as E;
    let message = e.to_string();
    match &e {
        E::Syntax { location, .. } => records_error(&message, Some(location), None),
        E::Invalid { issues } => records_error(&message, None, Some(issues)),
        E::Io { .. } => make_error("ParseError", &message, JsValue::UNDEFINED),
        E::Circularity(e) => circularity_error(e.clone()),
        _ => make_error("ValidationError", &message, JsValue::UNDEFINED),
    }
}

/// `CircularityError` → `ValidationError` (with `issues` for a products sheet).
pub fn circularity_error(e: iso_core::error::CircularityError) -> JsValue {
    match &e {
        iso_core::error::CircularityError::Sheet { issues } => records_error(&e.to_string(), None, Some(issues)),
        _ => make_error("ValidationError", &e.to_string(), JsValue::UNDEFINED),
    }
}
