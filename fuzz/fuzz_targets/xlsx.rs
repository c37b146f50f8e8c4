//! Fuzz the .xlsx reader: raw bytes named `fuzz.xlsx`, or (when the input is not a zip) the
//! parts of a package separated by `\n--PART--\n` (workbook, its relationships, two sheets,
//! shared strings, styles, custom properties), zipped uncompressed so the fuzzer edits the XML.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((bytes, name)) = common::input("xlsx", data) {
        common::whole_path(&bytes, &name);
    }
});
