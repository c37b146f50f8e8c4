//! Fuzz the .ods reader: raw bytes named `fuzz.ods`, or (when the input is not a zip) the
//! parts `content.xml`, `meta.xml` and `styles.xml` separated by `\n--PART--\n`, zipped
//! uncompressed with the mimetype and manifest, so the fuzzer edits the XML.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((bytes, name)) = common::input("ods", data) {
        common::whole_path(&bytes, &name);
    }
});
