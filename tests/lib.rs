//! Conformance vectors shared by the three faces of iso-core.
//!
//! `tests/vectors/*.json` hold cases — input, operation, expected output or expected error — and the Rust suite
//! (here), the Python suite (`iso-py/tests/test_vectors.py`) and the JavaScript suite (`iso-wasm/tests/vectors.test.mjs`)
//! each run every case through their own face's API. A case passes when the face's result, in the engine's JSON form,
//! equals `expect`, or when the face raises the error described by `error` (type, line, message fragment).

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

/// The folder holding the vector files.
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// One vector file.
#[derive(Debug, Deserialize)]
pub struct VectorFile {
    /// What the file covers.
    pub description: String,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One case.
#[derive(Debug, Deserialize)]
pub struct Case {
    /// Unique name, saying what the case guards.
    pub name: String,
    /// `"builtin"` or a list of fixture file names.
    #[serde(default)]
    pub catalogue: Value,
    /// Load the built-in catalogue before the fixtures.
    #[serde(default)]
    pub builtin: bool,
    /// The register's files (`organisation`, `evidence`, `findings`, `actions`, `maturity`: fixture names).
    #[serde(default)]
    pub register: Option<serde_json::Map<String, Value>>,
    /// The operation.
    pub op: String,
    /// Its arguments.
    #[serde(default)]
    pub args: Value,
    /// The expected result, in the engine's JSON form (`null` included).
    #[serde(default, deserialize_with = "present")]
    pub expect: Option<Value>,
    /// The expected error.
    pub error: Option<ExpectedError>,
}

/// `Some` for any value present, `null` included (a missing field stays `None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// An expected error.
#[derive(Debug, Deserialize)]
pub struct ExpectedError {
    /// The error class name (as in Python and JS): `ParseError`, `ValidationError`, `NotFoundError`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// The line of the (first) problem.
    pub line: Option<u32>,
    /// The field (column or element) of the first problem, for the runners whose errors name one (`waste.rs`).
    #[serde(default)]
    pub field: Option<String>,
    /// A fragment of the message.
    pub contains: String,
}

/// Reads one vector file by name (`catalogue.json`).
pub fn load(name: &str) -> Result<VectorFile, String> {
    let path = vectors_dir().join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// An error as the faces report it: class name, message, line.
#[derive(Debug)]
pub struct FaceError {
    /// Class name.
    pub kind: &'static str,
    /// Message.
    pub message: String,
    /// Line, when known.
    pub line: Option<u32>,
}

/// Checks a face's outcome against a case; returns a description of the mismatch.
pub fn check(case: &Case, outcome: Result<Value, FaceError>) -> Result<(), String> {
    match (&case.expect, &case.error, outcome) {
        (Some(expect), None, Ok(actual)) if *expect == actual => Ok(()),
        (Some(expect), None, Ok(actual)) => Err(format!("expected {expect}\n     got {actual}")),
        (_, Some(expected), Err(actual)) => {
            let mut problems = Vec::new();
            if expected.kind != actual.kind {
                problems.push(format!("type {} instead of {}", actual.kind, expected.kind));
            }
            if expected.line.is_some() && expected.line != actual.line {
                problems.push(format!("line {:?} instead of {:?}", actual.line, expected.line));
            }
            if !actual.message.contains(&expected.contains) {
                problems.push(format!("message {:?} lacks {:?}", actual.message, expected.contains));
            }
            if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
        }
        (_, Some(expected), Ok(actual)) => Err(format!("expected a {} error, got {actual}", expected.kind)),
        (_, None, Err(actual)) => Err(format!("unexpected {}: {}", actual.kind, actual.message)),
        (None, None, Ok(_)) => Err("the case has neither `expect` nor `error`".to_owned()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "catalogue.rs"]
mod catalogue;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "assess.rs"]
mod assess;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "kpi.rs"]
mod kpi;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "waste.rs"]
mod waste;
