//! Fuzz the CSV reader (encoding detection, delimiters, quotes) and everything after it: the
//! bytes as a file named `fuzz.csv`.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((bytes, name)) = common::input("csv", data) {
        common::whole_path(&bytes, &name);
    }
});
