//! Wraps `iso_core::kpi`: indicator data and the indicators computed from it.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use iso_core::kpi::{self as core, regression::AcceptanceRules};

use iso_core::waste::ClassPolicy;

use crate::egar::GuideImport;
use crate::errors::{from_js_required, kpi_error, to_js};
use crate::register::Register;

/// Everything indicators are computed from: measurements, targets, GHG choices, energy baselines, own KPIs.
#[wasm_bindgen]
pub struct Indicators {
    inner: core::IndicatorData,
    organisation: iso_core::register::Organisation,
}

impl Indicators {
    /// The wrapped core data.
    pub fn inner(&self) -> &core::IndicatorData {
        &self.inner
    }
}

/// The texts of the indicator files.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Files {
    #[serde(default)]
    measurements: Option<String>,
    #[serde(default)]
    targets: Option<String>,
    #[serde(default)]
    ghg: Option<String>,
    #[serde(default)]
    energy: Option<String>,
    #[serde(default)]
    kpis: Option<String>,
}

#[wasm_bindgen]
impl Indicators {
    /// Indicator data for `register`'s organisation from file texts:
    /// `{measurements?, targets?, ghg?, energy?, kpis?}` (CSV for measurements and targets, TOML for the others;
    /// without measurements, only what `addGuides` adds).
    #[wasm_bindgen(constructor)]
    pub fn new(
        register: &Register,
        #[wasm_bindgen(unchecked_param_type = "IndicatorFiles")] files: JsValue,
    ) -> Result<Indicators, JsValue> {
        let files: Files =
            from_js_required(files, "indicator files (expected {measurements, targets?, ghg?, energy?, kpis?})")?;
        let named = |name: &str, text: Option<String>| text.map(|t| (name.to_owned(), t));
        let measurements = files.measurements.unwrap_or_else(|| "site,period,metric,value,unit\n".to_owned());
        let files = core::IndicatorFiles {
            measurements: ("measurements.csv".to_owned(), measurements),
            targets: named("targets.csv", files.targets),
            ghg: named("ghg.toml", files.ghg),
            energy: named("energy.toml", files.energy),
            kpis: named("kpis.toml", files.kpis),
        };
        let organisation = register.inner().organisation.clone();
        let inner = core::IndicatorData::from_files(&files, &organisation).map_err(kpi_error)?;
        Ok(Indicators { inner, organisation })
    }

    /// Adds the waste metrics of the organisation's own guides (from `readGuides`), so that the waste KPIs are
    /// computed too.
    #[wasm_bindgen(js_name = addGuides)]
    pub fn add_guides(&mut self, guides: &GuideImport) -> Result<(), JsValue> {
        let groups = guides.inner().aggregator.groups();
        self.inner.add_guides(&groups, &self.organisation, &ClassPolicy::default()).map_err(kpi_error)
    }

    /// Computes the indicators: `options` is `{period, baseline?, kpis?, previous?, trend?, per_site?}`.
    #[wasm_bindgen(unchecked_return_type = "IndicatorResults")]
    pub fn compute(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KpiOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options: core::KpiOptions =
            from_js_required(options, "indicator options (expected {period, baseline?, …})")?;
        let results =
            self.inner.compute(&self.organisation, &options, &AcceptanceRules::default()).map_err(kpi_error)?;
        to_js(&results)
    }

    /// The metric and KPI definitions in force.
    pub fn definitions(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.definitions)
    }

    /// The number of measurements.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.measurements.rows.len()
    }
}
