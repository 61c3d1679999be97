//! Wraps `iso_core::catalogue`.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use iso_core::catalogue as core;

use crate::errors::{argument, catalogue_error, from_js, not_found, to_js};

/// A validated set of norms: the built-in ones and your own.
#[wasm_bindgen]
pub struct Catalogue {
    inner: core::Catalogue,
}

#[derive(Deserialize)]
struct FileInput {
    name: String,
    text: String,
}

impl Catalogue {
    /// The wrapped core catalogue.
    pub fn inner(&self) -> &core::Catalogue {
        &self.inner
    }
}

#[wasm_bindgen]
impl Catalogue {
    /// The built-in catalogue (ISO 9001, 14001, 45001, 50001, 26000 and the harmonized structure).
    pub fn builtin() -> Result<Catalogue, JsValue> {
        Ok(Catalogue { inner: core::Catalogue::builtin().map_err(catalogue_error)? })
    }

    /// A catalogue from one TOML file's text; `name` labels errors.
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(text: &str, name: Option<String>) -> Result<Catalogue, JsValue> {
        let name = name.unwrap_or_else(|| "<text>".to_owned());
        Ok(Catalogue { inner: core::Catalogue::from_toml(&name, text).map_err(catalogue_error)? })
    }

    /// A catalogue from several files (`[{name, text}]`), optionally after the built-in ones.
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "CatalogueFileInput[]")] files: JsValue,
        builtin: bool,
    ) -> Result<Catalogue, JsValue> {
        let files: Vec<FileInput> = from_js(files, "files (expected [{name, text}])")?;
        let mut builder = core::Catalogue::builder();
        if builtin {
            builder = builder.with_builtin().map_err(catalogue_error)?;
        }
        for file in files {
            builder = builder.with_toml(&file.name, &file.text).map_err(catalogue_error)?;
        }
        Ok(Catalogue { inner: builder.build().map_err(catalogue_error)? })
    }

    /// A catalogue from its JSON text (as given by `JSON.stringify(catalogue)`); validated again.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(json: &str) -> Result<Catalogue, JsValue> {
        let data: core::CatalogueData = serde_json::from_str(json).map_err(|e| {
            catalogue_error(iso_core::CatalogueError::Syntax {
                location: iso_core::error::Location {
                    file: "<json>".to_owned(),
                    line: u32::try_from(e.line()).ok(),
                    column: u32::try_from(e.column()).ok(),
                },
                message: e.to_string(),
            })
        })?;
        Ok(Catalogue { inner: core::Catalogue::try_from(data).map_err(catalogue_error)? })
    }

    /// The plain data (so that `JSON.stringify(catalogue)` works).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.data())
    }

    /// The norms, in load order.
    #[wasm_bindgen(unchecked_return_type = "Norm[]")]
    pub fn norms(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.norms())
    }

    /// A norm by display id or key, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Norm | undefined")]
    pub fn norm(&self, id: &str) -> Result<JsValue, JsValue> {
        self.inner.norm(id).map_or(Ok(JsValue::UNDEFINED), to_js)
    }

    /// A clause by id (`ISO14001:2015/6.1.2`), or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Clause | undefined")]
    pub fn clause(&self, id: &str) -> Result<JsValue, JsValue> {
        self.inner.clause(id).map_or(Ok(JsValue::UNDEFINED), to_js)
    }

    /// A requirement by id (`ISO14001:2015/6.1.2/a`), or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Requirement | undefined")]
    pub fn requirement(&self, id: &str) -> Result<JsValue, JsValue> {
        self.inner.requirement(id).map_or(Ok(JsValue::UNDEFINED), to_js)
    }

    /// Clauses, optionally filtered (`{norm, clause}`).
    #[wasm_bindgen(unchecked_return_type = "Clause[]")]
    pub fn clauses(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClauseFilter | undefined")] filter: JsValue,
    ) -> Result<JsValue, JsValue> {
        let filter: core::ClauseFilter = from_js(filter, "clause filter")?;
        to_js(&self.inner.find_clauses(&filter).map_err(not_found)?)
    }

    /// Requirements, optionally filtered (`{norm, clause, documented, excludable}`).
    #[wasm_bindgen(unchecked_return_type = "Requirement[]")]
    pub fn requirements(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RequirementFilter | undefined")] filter: JsValue,
    ) -> Result<JsValue, JsValue> {
        let filter: core::RequirementFilter = from_js(filter, "requirement filter")?;
        to_js(&self.inner.find_requirements(&filter).map_err(not_found)?)
    }

    /// The direct sub-clauses of a clause.
    #[wasm_bindgen(unchecked_return_type = "Clause[]")]
    pub fn children(&self, clause: &str) -> Result<JsValue, JsValue> {
        self.inner.resolve_clause(clause).map_err(not_found)?;
        to_js(&self.inner.children(clause))
    }

    /// The requirements of a clause and all its sub-clauses.
    #[wasm_bindgen(js_name = requirementsUnder, unchecked_return_type = "Requirement[]")]
    pub fn requirements_under(&self, clause: &str) -> Result<JsValue, JsValue> {
        self.inner.resolve_clause(clause).map_err(not_found)?;
        to_js(&self.inner.requirements_under(clause))
    }

    /// Accent- and case-insensitive search of titles and statements.
    #[wasm_bindgen(unchecked_return_type = "SearchHit[]")]
    pub fn search(
        &self,
        query: &str,
        #[wasm_bindgen(unchecked_param_type = "Lang | undefined")] lang: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let lang = lang.map(|l| l.parse::<iso_core::Lang>().map_err(argument)).transpose()?;
        to_js(&self.inner.search(query, lang))
    }

    /// Clauses of other norms corresponding to a clause id, or to a harmonized-structure clause (`HS/7.5`).
    #[wasm_bindgen(unchecked_return_type = "Equivalent[]")]
    pub fn equivalents(&self, clause: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.equivalents(clause).map_err(not_found)?)
    }

    /// The harmonized structure, or `null` when not loaded.
    #[wasm_bindgen(unchecked_return_type = "Structure | null")]
    pub fn structure(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.structure())
    }
}
