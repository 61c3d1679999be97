//! Python bindings of iso-core: the private module `iso_core._native` under the `iso_core` package.
//!
//! Each file mirrors a core module and only converts values and maps errors; domain logic lives in the core.

mod assess;
mod catalogue;
mod circularity;
mod egar;
mod errors;
mod kpi;
mod register;
mod report;
mod text;

use pyo3::prelude::*;

/// The compiled part of the `iso_core` package. Import `iso_core`, not this module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", iso_core::VERSION)?;
    m.add_class::<text::Text>()?;
    m.add_class::<catalogue::Norm>()?;
    m.add_class::<catalogue::MaturityLevel>()?;
    m.add_class::<catalogue::Clause>()?;
    m.add_class::<catalogue::Requirement>()?;
    m.add_class::<catalogue::Catalogue>()?;
    m.add_class::<register::Register>()?;
    m.add_class::<assess::Assessment>()?;
    m.add_function(wrap_pyfunction!(assess::assess, m)?)?;
    m.add_function(wrap_pyfunction!(assess::compare, m)?)?;
    m.add_class::<kpi::Indicators>()?;
    m.add_class::<kpi::KpiResults>()?;
    m.add_class::<egar::GuideImport>()?;
    m.add_class::<egar::Mirr>()?;
    m.add_class::<egar::Reconciliation>()?;
    m.add_function(wrap_pyfunction!(egar::read_guides, m)?)?;
    m.add_function(wrap_pyfunction!(egar::write_synthetic_guides, m)?)?;
    m.add_function(wrap_pyfunction!(circularity::material_circularity, m)?)?;
    m.add_class::<report::Report>()?;
    m.add_function(wrap_pyfunction!(report::report_formats, m)?)?;
    Ok(())
}
