//! Wraps `iso_core::circularity`: the Material Circularity Indicator of a company's products.

use wasm_bindgen::prelude::*;

use iso_core::circularity::{Portfolio, Weighting};

use crate::errors::{argument, circularity_error, to_js};

/// The Material Circularity Indicator (Ellen MacArthur Foundation, 2015) of each product of a products sheet (CSV
/// text; `name` labels errors) and the company mean weighted by `"mass"` (default) or `"revenue"`, with every
/// intermediate value, as a plain object with decimal strings.
#[wasm_bindgen(js_name = materialCircularity, unchecked_return_type = "Portfolio")]
pub fn material_circularity(text: &str, name: &str, weighting: Option<String>) -> Result<JsValue, JsValue> {
    let weighting = match weighting.as_deref().unwrap_or("mass") {
        "mass" => Weighting::Mass,
        "revenue" => Weighting::Revenue,
        other => return Err(argument(format!("weighting {other:?}: expected \"mass\" or \"revenue\""))),
    };
    to_js(&Portfolio::from_csv(name, text, weighting).map_err(circularity_error)?)
}
