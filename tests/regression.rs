//! Regression tests from fuzzing: every input the fuzz targets in `fuzz/` start from, and every
//! input that once crashed one, made into the file the target reads and checked as the target
//! checks it — the same code, `fuzz/fuzz_targets/common.rs`, included here: read, located and
//! parsed without a panic, cells in order, at most one `file-unreadable` diagnostic. A crash
//! found by fuzzing gets a test of its own here, named after it, with the input embedded;
//! `fuzz/README.md` lists them.

#[path = "../fuzz/fuzz_targets/common.rs"]
mod common;

use std::path::{Path, PathBuf};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Every seed of the corpus the fuzzers start from, and every input kept in
/// `fuzz/regressions/<target>/` (crashes, timeouts and out-of-memory inputs once found).
#[test]
fn fuzz_corpus_and_kept_crashes_read_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut read = 0;
    for target in ["xlsx", "xls", "ods", "csv", "locate"] {
        for dir in ["corpus", "regressions"] {
            for path in files_under(&root.join(dir).join(target)) {
                let data = std::fs::read(&path).unwrap();
                let Some((bytes, name)) = common::input(target, &data) else {
                    continue;
                };
                let started = std::time::Instant::now();
                common::whole_path(&bytes, &name);
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(20),
                    "{}: {:?}",
                    path.display(),
                    started.elapsed()
                );
                read += 1;
            }
        }
    }
    assert!(read >= 15, "only {read} inputs");
}

/// The value target's checks on its corpus and kept inputs: values finite and within the
/// bound, periods real and read back as themselves, file names read without panic.
#[test]
fn value_corpus_and_kept_crashes_parse_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut read = 0;
    for dir in ["corpus", "regressions"] {
        for path in files_under(&root.join(dir).join("value")) {
            let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) else {
                continue;
            };
            common::check_text(&text);
            read += 1;
        }
    }
    assert!(read >= 20, "only {read} inputs");
}
