//! Wraps `iso_core::circularity`: the Material Circularity Indicator of a company's products.

use pyo3::prelude::*;

use iso_core::circularity::{Portfolio, Weighting};

use crate::errors::{bad_value, circularity_error};
use crate::kpi::text_argument;
use crate::register::to_python;

/// The Material Circularity Indicator (Ellen MacArthur Foundation, 2015) of each product of a products sheet (CSV
/// text, path or DataFrame) and the company mean weighted by `"mass"` or `"revenue"`, with every intermediate value
/// (V, W, LFI, X, F(X), the unclamped value), as a dict with decimal strings.
#[pyfunction]
#[pyo3(signature = (products, weighting = "mass"))]
pub fn material_circularity<'py>(
    py: Python<'py>,
    products: &Bound<'py, PyAny>,
    weighting: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let weighting = match weighting {
        "mass" => Weighting::Mass,
        "revenue" => Weighting::Revenue,
        other => return Err(bad_value(format!("weighting {other:?}: expected \"mass\" or \"revenue\""))),
    };
    let (name, text) = text_argument(py, Some(products), "products.csv")?
        .ok_or_else(|| bad_value("products are required (a CSV text, a path or a DataFrame)"))?;
    let portfolio = Portfolio::from_csv(&name, &text, weighting).map_err(circularity_error)?;
    to_python(py, &portfolio)
}
