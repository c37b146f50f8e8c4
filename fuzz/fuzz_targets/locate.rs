//! Fuzz the survey locator: the input is a grid of cells (text, `\t` between cells, `\n`
//! between rows), written out as a well-formed CSV so that every input is a table and the
//! fuzzer spends its time on headers, item names, periods, labels and values, then read
//! through `load_bytes`. The first line may name the file (`@北岭旗人民医院_骨科`), which the
//! unit is also read from.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((bytes, name)) = common::input("locate", data) {
        common::whole_path(&bytes, &name);
    }
});
