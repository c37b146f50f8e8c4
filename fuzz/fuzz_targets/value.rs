//! Fuzz the text parsers: a cell's text read for every item of the form, as a period header,
//! as a period given on the command line, and as a file name with folders (`/` between them)
//! for finding the unit. Checks what the parsers promise: values are finite and within the
//! bound, and a period read is a real one.
#![no_main]

use assess::form::Form;
use assess::names::Names;
use assess::period::{classify_header, HeaderCell, Period};
use assess::value::{parse_text, Status, MAX_VALUE};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(Names::builtin)
}

fn check_period(p: Period) {
    assert!(
        (1..=12).contains(&p.from) && (p.from..=12).contains(&p.to),
        "{p:?}"
    );
    // Its own label reads back as itself.
    assert_eq!(Period::parse(&p.to_string()), Some(p), "{p:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for item in Form::builtin_static().items() {
        let p = parse_text(text, item);
        if let Some(v) = p.value {
            assert!(v.is_finite() && v.abs() <= MAX_VALUE, "{text:?} → {v}");
        }
        if p.status == Status::Ok {
            assert!(p.value.is_some(), "{text:?}: ok without a value");
        }
    }
    match classify_header(text) {
        Some(HeaderCell::Period { period, .. }) => check_period(period),
        Some(HeaderCell::Target { period: Some(p) }) => check_period(p),
        _ => {}
    }
    if let Some(p) = Period::parse(text) {
        check_period(p);
    }
    let mut folders: Vec<String> = text.split('/').map(str::to_string).collect();
    let stem = folders.pop().unwrap_or_default();
    let _ = names().from_path(&stem, &folders);
});
