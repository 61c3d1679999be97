//! Wraps `iso_core::assess`.

use wasm_bindgen::prelude::*;

use iso_core::assess as core;

use crate::catalogue::Catalogue;
use crate::errors::{argument, assess_error, from_js, to_js};
use crate::register::Register;

/// Assesses a register as of a date (`YYYY-MM-DD`) with options (`AssessOptions`; numbers as strings for exactness,
/// e.g. `{threshold: "0.8"}`). Returns the assessment as a plain object.
#[wasm_bindgen(unchecked_return_type = "Assessment")]
pub fn assess(
    catalogue: &Catalogue,
    register: &Register,
    #[wasm_bindgen(js_name = asOf)] as_of: &str,
    #[wasm_bindgen(unchecked_param_type = "AssessOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let as_of = iso_core::register::parse_date(as_of).map_err(argument)?;
    let options: core::AssessOptions = from_js(options, "assessment options")?;
    let assessment = core::assess(catalogue.inner(), register.inner(), as_of, &options).map_err(assess_error)?;
    to_js(&assessment)
}

/// What changed between two assessments (as returned by `assess`).
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "Assessment")] before: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Assessment")] after: JsValue,
) -> Result<JsValue, JsValue> {
    let before: core::Assessment =
        serde_wasm_bindgen::from_value(before).map_err(|e| argument(format!("invalid assessment: {e}")))?;
    let after: core::Assessment =
        serde_wasm_bindgen::from_value(after).map_err(|e| argument(format!("invalid assessment: {e}")))?;
    to_js(&core::compare(&before, &after))
}

/// A compact HTML summary of an assessment (every register string escaped).
#[wasm_bindgen(js_name = summaryHtml)]
pub fn summary_html(
    #[wasm_bindgen(unchecked_param_type = "Assessment")] assessment: JsValue,
) -> Result<String, JsValue> {
    let assessment: core::Assessment =
        serde_wasm_bindgen::from_value(assessment).map_err(|e| argument(format!("invalid assessment: {e}")))?;
    Ok(assessment.summary_html())
}
