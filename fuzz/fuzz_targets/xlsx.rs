//! Fuzz the .xlsx reader: raw bytes named `fuzz.xlsx`, or (when the input is not a zip) the
//! parts of a package separated by `\n--PART--\n` (workbook, its relationships, two sheets,
//! shared strings, styles, custom properties), zipped uncompressed so the fuzzer edits the XML.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

const ROOT_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>"#;

const NAMES: [&str; 7] = [
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/worksheets/sheet2.xml",
    "docProps/custom.xml",
];

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        common::whole_path(data, "fuzz.xlsx");
        return;
    }
    let parts = common::parts(data);
    let mut files: Vec<(&str, &[u8])> = vec![("_rels/.rels", ROOT_RELS)];
    files.extend(NAMES.iter().copied().zip(parts));
    common::whole_path(&common::zip(&files), "fuzz.xlsx");
});
