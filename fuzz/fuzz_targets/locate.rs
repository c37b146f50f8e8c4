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
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n').peekable();
    let mut name = "fuzz".to_string();
    if let Some(first) = lines.peek() {
        if let Some(n) = first.strip_prefix('@') {
            name = n.replace(['/', '\\', '\0'], "_").chars().take(80).collect();
            lines.next();
        }
    }
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        if w.write_record(&cells).is_err() {
            return;
        }
    }
    let Ok(bytes) = w.into_inner() else { return };
    common::whole_path(&bytes, &format!("{name}.csv"));
});
