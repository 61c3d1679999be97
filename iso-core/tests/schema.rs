//! The JSON Schemas committed in `catalogues/schema/` are those the code generates.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iso_core::catalogue::Catalogue;

fn committed(name: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalogues/schema").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn committed_schemas_are_up_to_date() {
    let hint = "regenerate with `cargo run -p iso-cli -- catalogue schema`";
    assert_eq!(committed("catalogue-file.schema.json"), Catalogue::file_schema(), "{hint}");
    assert_eq!(committed("catalogue.schema.json"), Catalogue::data_schema(), "{hint}");
}
