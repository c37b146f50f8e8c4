//! What every fuzz target shares: the options built once, the whole path through reading,
//! locating and parsing, and the checks that turn a swallowed panic into a crash.
//!
//! `read_bytes` and `load_bytes` run under a panic guard that turns a panic into a
//! `file-unreadable` diagnostic; for fuzzing that is still a bug, so a `Panic` error is
//! re-raised here (libFuzzer's panic hook aborts on the first panic anyway).

#![allow(dead_code)] // each target uses its own subset

use assess::load::{load_bytes, LoadOptions};
use assess::read::{read_bytes, Limits, ReadError};
use std::path::Path;
use std::sync::OnceLock;

pub fn options() -> &'static LoadOptions {
    static OPTS: OnceLock<LoadOptions> = OnceLock::new();
    OPTS.get_or_init(|| LoadOptions {
        today: (2025, 3, 1),
        ..LoadOptions::default()
    })
}

/// Read `bytes` as the file `name`, then load it through the locator and the value parser.
pub fn whole_path(bytes: &[u8], name: &str) {
    match read_bytes(bytes, Path::new(name), &Limits::default()) {
        Err(ReadError::Panic(m)) => panic!("reader panicked: {m}"),
        Ok(Some(book)) => {
            for s in &book.sheets {
                // Every cell is reachable and in row-major order.
                let mut last = None;
                for (r, c, _) in s.cells() {
                    assert!(last < Some((r, c)), "cells out of order in {:?}", s.name);
                    last = Some((r, c));
                }
            }
        }
        _ => {}
    }
    let out = load_bytes(bytes, name, options());
    for d in &out.diagnostics {
        if let assess::diag::Finding::Unreadable(ReadError::Panic(m)) = &d.finding {
            panic!("load panicked: {m}");
        }
    }
    let unreadable = out
        .diagnostics
        .iter()
        .filter(|d| d.rule().id() == "file-unreadable")
        .count();
    assert!(unreadable <= 1, "{unreadable} file-unreadable diagnostics");
}

/// Split a structured input into parts at `\n--PART--\n`.
pub fn parts(data: &[u8]) -> Vec<&[u8]> {
    const SEP: &[u8] = b"\n--PART--\n";
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(SEP.len()).position(|w| w == SEP) {
        out.push(&rest[..i]);
        rest = &rest[i + SEP.len()..];
    }
    out.push(rest);
    out
}

/// A zip of these parts, stored uncompressed (so that what the fuzzer changes is the XML and
/// not a checksum).
pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        w.start_file(*name, stored).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}
