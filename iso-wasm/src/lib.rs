//! WebAssembly bindings of iso-core (the npm package). Each file mirrors a core module and only converts values
//! and maps errors. Records cross the boundary as plain objects in the engine's JSON form (the same keys as in
//! Python's `to_dict()` and the conformance vectors); methods are camelCase.

mod catalogue;
mod errors;

use wasm_bindgen::prelude::*;

pub use catalogue::Catalogue;

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    iso_core::VERSION.to_owned()
}

/// The error classes the package throws: `{ IsoError, ParseError, ValidationError, NotFoundError, UnitError,
/// UndefinedError, ArgumentError }`, for `instanceof` checks.
#[wasm_bindgen(js_name = errorClasses)]
pub fn error_classes() -> JsValue {
    errors::classes()
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A text in English, French and Portuguese. */
export interface Text { en: string; fr: string; pt: string }
export type Lang = "en" | "fr" | "pt";
export type Relation = "equal" | "subset" | "superset" | "intersects";
export type DocumentedInfo = "none" | "maintain" | "retain";
export interface MaturityLevel { level: number; label: Text; description: Text }
export interface Norm {
  id: string; key: string; kind: "requirements" | "guidance"; title: Text; data_version: string;
  amendments: string[]; maturity: MaturityLevel[]; source: string;
}
export interface Clause {
  id: string; norm: string; number: string; parent: string | null; title: Text; hs: string | null;
  hs_relation: Relation;
}
export interface Requirement {
  id: string; norm: string; clause: string; item: string; statement: Text; documented: DocumentedInfo;
  information: Text | null; excludable: boolean; amendment: string | null;
}
export interface HsClause { id: string; number: string; title: Text }
export interface Structure { id: string; title: Text; data_version: string; clauses: HsClause[] }
export interface Equivalent { clause: string; norm: string; relation: Relation; via: string }
export interface SearchHit { kind: "clause" | "requirement"; id: string; norm: string; field: string; lang: Lang; text: string }
export interface ClauseFilter { norm?: string; clause?: string }
export interface RequirementFilter { norm?: string; clause?: string; documented?: DocumentedInfo; excludable?: boolean }
export interface CatalogueFileInput { name: string; text: string }
"#;
