//! Wraps `iso_core::text`.

use pyo3::prelude::*;

use crate::errors::bad_value;

/// Parses a language code (`en`, `fr`, `pt`).
pub fn lang(code: &str) -> PyResult<iso_core::Lang> {
    code.parse().map_err(|e: iso_core::text::UnknownLang| bad_value(e.to_string()))
}

/// A text in English, French and Portuguese. `str(text)` is the English; `text["fr"]` or `text.get("fr")` another.
#[pyclass(frozen, eq, hash, module = "iso_core._native")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Text {
    pub inner: iso_core::Text,
}

impl From<iso_core::Text> for Text {
    fn from(inner: iso_core::Text) -> Self {
        Text { inner }
    }
}

#[pymethods]
impl Text {
    #[new]
    #[pyo3(signature = (en, fr = None, pt = None))]
    fn new(en: String, fr: Option<String>, pt: Option<String>) -> Self {
        let fr = fr.unwrap_or_else(|| en.clone());
        let pt = pt.unwrap_or_else(|| en.clone());
        Text { inner: iso_core::Text { en, fr, pt } }
    }

    /// English.
    #[getter]
    fn en(&self) -> &str {
        &self.inner.en
    }

    /// French.
    #[getter]
    fn fr(&self) -> &str {
        &self.inner.fr
    }

    /// Portuguese.
    #[getter]
    fn pt(&self) -> &str {
        &self.inner.pt
    }

    /// The text in a language (`en`, `fr`, `pt`).
    fn get(&self, lang: &str) -> PyResult<String> {
        Ok(self.inner.get(self::lang(lang)?).to_owned())
    }

    fn __getitem__(&self, lang: &str) -> PyResult<String> {
        self.get(lang)
    }

    fn __str__(&self) -> &str {
        &self.inner.en
    }

    fn __repr__(&self) -> String {
        format!("Text(en={:?}, fr={:?}, pt={:?})", self.inner.en, self.inner.fr, self.inner.pt)
    }

    /// `{"en": …, "fr": …, "pt": …}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.inner)?)
    }
}
