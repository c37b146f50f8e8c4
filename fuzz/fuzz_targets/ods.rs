//! Fuzz the .ods reader: raw bytes named `fuzz.ods`, or (when the input is not a zip) the
//! parts `content.xml`, `meta.xml` and `styles.xml` separated by `\n--PART--\n`, zipped
//! uncompressed with the mimetype and manifest, so the fuzzer edits the XML.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

const MANIFEST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

const NAMES: [&str; 3] = ["content.xml", "meta.xml", "styles.xml"];

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        common::whole_path(data, "fuzz.ods");
        return;
    }
    let parts = common::parts(data);
    let mut files: Vec<(&str, &[u8])> = vec![
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", MANIFEST),
    ];
    files.extend(NAMES.iter().copied().zip(parts));
    common::whole_path(&common::zip(&files), "fuzz.ods");
});
