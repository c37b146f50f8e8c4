//! Fuzz the .xls reader: raw bytes named `fuzz.xls` (a compound file), or (when the input is
//! not one) the bytes as the BIFF `Workbook` stream of a compound file built here, so the
//! fuzzer edits records rather than the container's sector tables.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((bytes, name)) = common::input("xls", data) {
        common::whole_path(&bytes, &name);
    }
});
