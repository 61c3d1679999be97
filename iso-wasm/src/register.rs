//! Wraps `iso_core::register`.

use std::collections::BTreeMap;

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use iso_core::register as core;

use crate::catalogue::Catalogue;
use crate::errors::{from_js, register_error, to_js};

/// An organisation's register.
#[wasm_bindgen]
pub struct Register {
    inner: core::Register,
}

impl Register {
    /// The wrapped core register.
    pub fn inner(&self) -> &core::Register {
        &self.inner
    }
}

/// The texts of an organisation folder: `organisation.toml` and the CSV sheets, with optional column mappings.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct Files {
    organisation: Option<String>,
    evidence: Option<String>,
    findings: Option<String>,
    actions: Option<String>,
    maturity: Option<String>,
    columns: BTreeMap<core::SheetKind, core::ColumnMap>,
}

#[wasm_bindgen]
impl Register {
    /// A register from the texts of an organisation folder:
    /// `{organisation, evidence?, findings?, actions?, maturity?, columns?}`, checked against the catalogue.
    #[wasm_bindgen(js_name = fromFiles)]
    pub fn from_files(
        catalogue: &Catalogue,
        #[wasm_bindgen(unchecked_param_type = "RegisterFiles")] files: JsValue,
    ) -> Result<Register, JsValue> {
        let files: Files = from_js(
            files,
            "register files (expected {organisation, evidence?, findings?, actions?, maturity?, columns?})",
        )?;
        let mut builder = core::RegisterBuilder::new();
        if let Some(text) = &files.organisation {
            builder = builder.organisation_toml("organisation.toml", text);
        }
        for (kind, text) in [
            (core::SheetKind::Evidence, &files.evidence),
            (core::SheetKind::Findings, &files.findings),
            (core::SheetKind::Actions, &files.actions),
            (core::SheetKind::Maturity, &files.maturity),
        ] {
            if let Some(text) = text {
                builder = builder.sheet(kind, kind.file_name(), text);
            }
        }
        for (kind, map) in files.columns {
            builder = builder.columns(kind, map);
        }
        Ok(Register { inner: builder.build(catalogue.inner()).map_err(register_error)? })
    }

    /// A register from its JSON text, checked against the catalogue.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(json: &str, catalogue: &Catalogue) -> Result<Register, JsValue> {
        let inner: core::Register = serde_json::from_str(json).map_err(|e| {
            register_error(iso_core::RegisterError::Syntax {
                location: iso_core::error::Location {
                    file: "<json>".to_owned(),
                    line: u32::try_from(e.line()).ok(),
                    column: u32::try_from(e.column()).ok(),
                },
                message: e.to_string(),
            })
        })?;
        inner.validate(catalogue.inner()).map_err(register_error)?;
        Ok(Register { inner })
    }

    /// The plain data (so that `JSON.stringify(register)` works).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner)
    }

    /// The organisation, its sites and systems.
    #[wasm_bindgen(unchecked_return_type = "Organisation")]
    pub fn organisation(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.organisation)
    }

    /// Evidence records.
    #[wasm_bindgen(unchecked_return_type = "Evidence[]")]
    pub fn evidence(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.evidence)
    }

    /// Findings.
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn findings(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.findings)
    }

    /// Corrective actions.
    #[wasm_bindgen(unchecked_return_type = "Action[]")]
    pub fn actions(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.actions)
    }

    /// Columns the sheet imports ignored, per sheet.
    #[wasm_bindgen(js_name = ignoredColumns, unchecked_return_type = "Record<string, string[]>")]
    pub fn ignored_columns(&self) -> Result<JsValue, JsValue> {
        let map: BTreeMap<&str, &[String]> =
            self.inner.import_reports().iter().map(|r| (r.sheet.as_str(), r.ignored_columns.as_slice())).collect();
        to_js(&map)
    }
}
