//! Wraps `iso_core::connect::egar`: e-GAR guides imported from an uploaded file's bytes.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use iso_core::connect::egar::{self as core, ImportOptions};
use iso_core::waste::ClassPolicy;

use crate::errors::{from_js, to_js, waste_error};

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

    /// The number of groups.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.aggregator.len()
    }
}
