//! Hostile input: damaged bytes of every fixture format never panic the reader, and each
//! becomes at most one diagnostic per file.

use assess::read::survey::{find_header, read_survey, Origin};
use assess::read::{read_bytes, Limits, ReadError};
use proptest::prelude::*;
use std::path::Path;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    [
        "submissions/standard-form.xlsx",
        "submissions/values-as-typed.xlsx",
        "submissions/北岭旗/北岭旗中医医院/重症医学科.xls",
        "submissions/北岭旗/北岭旗中医医院/骨科.ods",
        "submissions/utf8-bom.csv",
        "submissions/北岭旗蒙医医院_康复医学科.csv",
    ]
    .iter()
    .map(|p| (p.to_string(), std::fs::read(root.join(p)).unwrap()))
    .collect()
}

/// Read bytes all the way to surveys, as `assess` does.
fn read_all(bytes: &[u8], name: &str) -> Result<usize, ReadError> {
    let Some(book) = read_bytes(bytes, Path::new(name), &Limits::default())? else {
        return Ok(0);
    };
    let origin = Origin {
        stem: "x".into(),
        folders: vec![],
        survey_sheets: 1,
    };
    let mut n = 0;
    for s in &book.sheets {
        if let Some(h) = find_header(s) {
            let (survey, _) = read_survey(s, name, &origin, &h);
            n += survey.periods.len();
        }
    }
    Ok(n)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_never_panic(which in 0usize..6, edits in proptest::collection::vec((any::<u32>(), any::<u8>()), 1..12), cut in any::<u32>()) {
        let files = fixtures();
        let (name, mut bytes) = files[which].clone();
        for (pos, b) in edits {
            let i = pos as usize % bytes.len();
            bytes[i] = b;
        }
        if cut % 4 == 0 {
            let keep = cut as usize % bytes.len();
            bytes.truncate(keep);
        }
        let r = std::panic::catch_unwind(|| read_all(&bytes, &name));
        prop_assert!(r.is_ok(), "panic on a damaged {name}");
    }
}

#[test]
fn undamaged_fixtures_read_two_periods_each() {
    for (name, bytes) in fixtures() {
        assert_eq!(read_all(&bytes, &name).unwrap(), 2, "{name}");
    }
}
