//! Helpers shared by the integration tests: run the binary, compare with golden files.

#![allow(dead_code)] // each test binary uses its own subset

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root so that paths in its output are relative.
pub fn assess() -> Command {
    let mut c = Command::cargo_bin("assess").unwrap();
    // A fixed day, so printed dates and "a period later than today" do not change with the clock.
    c.current_dir(root())
        .env("COLUMNS", "100")
        .env("ASSESS_TODAY", "2025-03-01")
        .env_remove("ASSESS_LANG");
    c
}

/// Compare `actual` with `tests/expected/NAME`; `UPDATE_GOLDEN=1` rewrites the file instead.
/// Golden files are reviewed by hand when they change: they are the contract.
pub fn golden(name: &str, actual: &str) {
    let path = root().join("tests/expected").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with UPDATE_GOLDEN=1 and review it",
            path.display()
        )
    });
    if expected != actual {
        let (i, (e, a)) = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .find(|(_, (e, a))| e != a)
            .unwrap_or((
                expected.lines().count().min(actual.lines().count()),
                ("<end>", "<end>"),
            ));
        panic!(
            "{} differs at line {}:\n  expected: {e}\n  actual:   {a}\n(expected {} lines, got {})",
            name,
            i + 1,
            expected.lines().count(),
            actual.lines().count()
        );
    }
}

pub fn stdout_of(c: &mut Command) -> String {
    let out = c.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

pub fn json_of(c: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(c)).unwrap()
}

pub fn fixture(p: &str) -> String {
    Path::new("fixtures").join(p).display().to_string()
}

/// Whether LibreOffice is installed; says so on stderr when a test has to skip for it.
pub fn soffice_available() -> bool {
    let ok = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok();
    if !ok {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
    }
    ok
}
