//! Fuzz the text parsers: a cell's text read for every item of the form, as a period header,
//! as a period given on the command line, and as a file name with folders (`/` between them)
//! for finding the unit. Checks what the parsers promise: values are finite and within the
//! bound, and a period read is a real one (`common::check_text`).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        common::check_text(text);
    }
});
