//! Fuzz the .xls reader: raw bytes named `fuzz.xls` (a compound file), or (when the input is
//! not one) the bytes as the BIFF `Workbook` stream of a compound file built here, so the
//! fuzzer edits records rather than the container's sector tables.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::io::Write;

const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn ole(stream: &[u8]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cf.create_stream("/Workbook")
        .unwrap()
        .write_all(stream)
        .unwrap();
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

fuzz_target!(|data: &[u8]| {
    if data.starts_with(OLE) {
        common::whole_path(data, "fuzz.xls");
    } else {
        common::whole_path(&ole(data), "fuzz.xls");
    }
});
