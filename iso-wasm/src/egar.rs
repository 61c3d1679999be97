//! Wraps `iso_core::connect::egar`: e-GAR guides imported from an uploaded file's bytes.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use iso_core::connect::egar::{self as core, ImportOptions};
use iso_core::waste::ClassPolicy;

use iso_core::connect::mirr;
use iso_core::period::Period;
use iso_core::waste::indicators::WasteBreakdown;

use crate::errors::{argument, from_js, to_js, waste_error};
use crate::register::Register;

/// Guides read and aggregated: the import report and the sums by role, party, establishment, counterpart, LER
/// code, operation and month.
#[wasm_bindgen]
pub struct GuideImport {
    inner: core::Import,
}

impl GuideImport {
    /// The wrapped core import.
    pub fn inner(&self) -> &core::Import {
        &self.inner
    }

    fn compiled(&self, year: i32, parties: Option<Vec<String>>) -> Result<mirr::Mirr, JsValue> {
        let options = mirr::CompileOptions {
            parties: parties.unwrap_or_default().into_iter().collect(),
            ..mirr::CompileOptions::year(year)
        };
        Ok(mirr::compile(&self.inner.aggregator.groups(), &options).map_err(waste_error)?.mirr)
    }
}

/// Reads e-GAR guides (SILiAmb XML or a CSV list, recognised from the content) from `bytes`; `name` labels errors;
/// `options` is `{unit?, mode?, states?, encoding?, max_tonnes?, max_listed?, aggregate?}`.
#[wasm_bindgen(js_name = readGuides)]
pub fn read_guides(
    bytes: &[u8],
    name: &str,
    #[wasm_bindgen(unchecked_param_type = "ImportOptions | undefined")] options: JsValue,
) -> Result<GuideImport, JsValue> {
    let options: ImportOptions = from_js(options, "e-GAR import options")?;
    let inner = core::import_bytes(bytes, name, &options).map_err(waste_error)?;
    Ok(GuideImport { inner })
}

/// One group as a flat record.
#[derive(Serialize)]
struct GroupRow<'a> {
    role: core::Role,
    party: &'a str,
    establishment: &'a str,
    counterpart: &'a str,
    counterpart_establishment: &'a str,
    ler: String,
    hazardous: bool,
    operation: String,
    class: &'static str,
    month: String,
    tonnes: String,
    guides: u64,
    corrected: u64,
}

#[wasm_bindgen]
impl GuideImport {
    /// What was read: guides, counted, not_counted (by state), rejected, issues, corrected, tonnes, …
    #[wasm_bindgen(getter, unchecked_return_type = "ImportReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.report)
    }

    /// The effective tonnes counted, as a decimal string.
    #[wasm_bindgen(getter)]
    pub fn tonnes(&self) -> String {
        self.inner.report.tonnes.to_string()
    }

    /// The groups as flat records (tonnes as decimal strings; `class` is the operation's KPI class under the
    /// default policy).
    #[wasm_bindgen(unchecked_return_type = "GuideGroup[]")]
    pub fn groups(&self) -> Result<JsValue, JsValue> {
        let policy = ClassPolicy::default();
        let groups = self.inner.aggregator.groups();
        let rows: Vec<GroupRow<'_>> = groups
            .iter()
            .map(|g| GroupRow {
                role: g.key.role,
                party: &g.key.party,
                establishment: &g.key.establishment,
                counterpart: &g.key.counterpart,
                counterpart_establishment: &g.key.counterpart_establishment,
                ler: g.key.ler.to_string(),
                hazardous: g.key.ler.is_hazardous(),
                operation: g.key.operation.to_string(),
                class: policy.class_of(g.key.operation).id(),
                month: g.key.month.to_string(),
                tonnes: g.totals.tonnes.to_string(),
                guides: g.totals.guides,
                corrected: g.totals.corrected,
            })
            .collect();
        to_js(&rows)
    }

    /// The MIRR forms (B, C1, C2, D1) of `year` compiled from the guides, for `parties` (NIFs; all when absent):
    /// `{year, lines}` with quantities as decimal strings.
    #[wasm_bindgen(js_name = compileMirr, unchecked_return_type = "Mirr")]
    pub fn compile_mirr(&self, year: i32, parties: Option<Vec<String>>) -> Result<JsValue, JsValue> {
        to_js(&self.compiled(year, parties)?)
    }

    /// The compiled MIRR as CSV text, in the columns a declared register is read in.
    #[wasm_bindgen(js_name = compileMirrCsv)]
    pub fn compile_mirr_csv(&self, year: i32, parties: Option<Vec<String>>) -> Result<String, JsValue> {
        Ok(self.compiled(year, parties)?.to_csv())
    }

    /// Reconciles a declared MIRR (CSV text; `name` labels errors) of `year` with the forms compiled from the guides
    /// for the parties it names; `tolerance` in tonnes as a decimal string (default exact).
    #[wasm_bindgen(js_name = reconcileMirr, unchecked_return_type = "Reconciliation")]
    pub fn reconcile_mirr(
        &self,
        text: &str,
        name: &str,
        year: i32,
        tolerance: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let tolerance = match tolerance {
            Some(t) => t.parse().map_err(|e| argument(format!("tolerance {t:?}: {e}")))?,
            None => Default::default(),
        };
        let declared = mirr::Mirr::from_csv(name, text, year).map_err(waste_error)?;
        to_js(&mirr::reconcile_with_guides(&self.inner.aggregator.groups(), &declared, tolerance).map_err(waste_error)?)
    }

    /// The waste `register`'s organisation produced in `period` (its NIF as producer): totals, rates, classes,
    /// chapters, codes, destinations, sites, months, ESRS E5-5 and GRI 306 (`policy`: `{view?, alternative_classes?}`).
    #[wasm_bindgen(js_name = wasteBreakdown, unchecked_return_type = "WasteBreakdown")]
    pub fn waste_breakdown(
        &self,
        register: &Register,
        period: &str,
        #[wasm_bindgen(unchecked_param_type = "ClassPolicy | undefined")] policy: JsValue,
    ) -> Result<JsValue, JsValue> {
        let period: Period = period.parse().map_err(|e: String| argument(format!("period: {e}")))?;
        let policy: ClassPolicy = from_js(policy, "class policy")?;
        let groups = self.inner.aggregator.groups();
        let breakdown =
            WasteBreakdown::compute(&groups, &register.inner().organisation, &policy, &period).map_err(waste_error)?;
        to_js(&breakdown)
    }

    /// The number of groups.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.aggregator.len()
    }
}
