//! The files a run reads: the paths the user gave, folders walked recursively in a stable
//! order. Office lock files (`~$…`) and hidden files are skipped; a folder that cannot be read
//! or is nested too deep is one problem and the rest goes on. File names that are not UTF-8
//! (a zip made on Chinese Windows unpacks to GBK names) are shown escaped, never merged, and
//! decoded as GBK where that reads cleanly, for finding the unit.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Folders nested deeper than this below a path given are not read.
pub const MAX_DEPTH: usize = 32;

/// One input file found under the paths the user gave.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// The path as shown to the clerk: bytes that are not UTF-8 escaped as `\xNN`.
    pub shown: String,
    /// The file name without its extension, decoded (UTF-8, else GBK where clean).
    pub stem: String,
    /// Folder names between the folder the user gave and the file (`县/医院`), outermost first,
    /// decoded like `stem`.
    pub folders: Vec<String>,
    /// The name was not UTF-8 and was decoded as GBK to find the unit.
    pub gbk_name: bool,
    /// The user named this file directly.
    pub explicit: bool,
}

/// A folder that could not be walked.
#[derive(Debug, Clone, PartialEq)]
pub struct FolderProblem {
    pub folder: String,
    pub what: FolderProblemKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FolderProblemKind {
    /// The folder could not be listed (permission denied, removed while reading …).
    Unreadable(crate::read::IoWhy),
    /// The folder is nested deeper than [`MAX_DEPTH`]; nothing below it is read.
    TooDeep(usize),
}

/// Everything found under the paths.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub inputs: Vec<Input>,
    pub problems: Vec<FolderProblem>,
}

/// A path given on the command line that cannot be read: the path as shown and why.
#[derive(Debug)]
pub struct PathError {
    pub path: String,
    pub error: std::io::Error,
}

/// Expand files and folders into input files, in a stable (sorted) order. A path given that
/// does not exist is an error (the run cannot do what was asked); a folder below it that cannot
/// be read is a problem and the rest goes on.
pub fn collect(paths: &[PathBuf]) -> Result<Found, PathError> {
    let mut found = Found::default();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|error| PathError {
            path: show(p),
            error,
        })?;
        if meta.is_dir() {
            walk(p, &mut Vec::new(), &mut found, &list);
        } else {
            found.inputs.push(input_named(p));
        }
    }
    Ok(found)
}

/// A file named directly (its folders taken from its path), as on the command line.
pub fn input_named(p: &Path) -> Input {
    let folders: Vec<String> = p
        .parent()
        .map(|d| {
            d.components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(s) => Some(decode(s).0),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    input(p.to_path_buf(), folders, true)
}

fn input(path: PathBuf, folders: Vec<String>, explicit: bool) -> Input {
    let (stem, gbk) = path
        .file_stem()
        .map(decode)
        .unwrap_or((String::new(), false));
    Input {
        shown: show(&path),
        stem: stem.trim().to_string(),
        folders,
        gbk_name: gbk,
        explicit,
        path,
    }
}

/// One entry of a folder listing.
struct Entry {
    name: std::ffi::OsString,
    path: PathBuf,
    is_dir: bool,
    is_file: bool,
}

/// List a folder: real directories only (a link to a folder is not followed, so there are no
/// loops); links to files are read.
fn list(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        out.push(Entry {
            name: e.file_name(),
            is_dir: ft.is_dir(),
            is_file: ft.is_file() || (ft.is_symlink() && path.is_file()),
            path,
        });
    }
    Ok(out)
}

type Lister<'a> = &'a dyn Fn(&Path) -> std::io::Result<Vec<Entry>>;

fn walk(dir: &Path, folders: &mut Vec<String>, found: &mut Found, list: Lister<'_>) {
    if folders.len() >= MAX_DEPTH {
        found.problems.push(FolderProblem {
            folder: show(dir),
            what: FolderProblemKind::TooDeep(MAX_DEPTH),
        });
        return;
    }
    let mut entries = match list(dir) {
        Ok(e) => e,
        Err(e) => {
            found.problems.push(FolderProblem {
                folder: show(dir),
                what: FolderProblemKind::Unreadable(crate::read::io_words(&e)),
            });
            return;
        }
    };
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    for e in entries {
        let lossy = e.name.to_string_lossy();
        if lossy.starts_with('.') || lossy.starts_with("~$") {
            continue;
        }
        if e.is_dir {
            folders.push(decode(&e.name).0);
            walk(&e.path, folders, found, list);
            folders.pop();
        } else if e.is_file {
            found.inputs.push(input(e.path, folders.clone(), false));
        }
    }
}

/// A name decoded for reading: UTF-8; else GBK when every byte decodes; else UTF-8 with the
/// bad bytes replaced. The flag says GBK was used.
pub fn decode(s: &OsStr) -> (String, bool) {
    if let Some(u) = s.to_str() {
        return (u.to_string(), false);
    }
    let bytes = os_bytes(s);
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
    if !had_errors {
        return (text.into_owned(), true);
    }
    (String::from_utf8_lossy(&bytes).into_owned(), false)
}

/// A path as shown: valid UTF-8 as is, any other byte as `\xNN`, so two different names never
/// look the same.
pub fn show(p: &Path) -> String {
    let bytes = os_bytes(p.as_os_str());
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(unix)]
fn os_bytes(s: &OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn os_bytes(s: &OsStr) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn non_utf8_names_are_shown_escaped_and_read_as_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("南山县人民医院_心内科.xlsx");
        let p = Path::new(OsStr::from_bytes(&gbk));
        let shown = show(p);
        assert!(shown.contains("\\x"), "{shown}");
        assert!(shown.ends_with(".xlsx"));
        let (name, was_gbk) = decode(p.file_stem().unwrap());
        assert_eq!((name.as_str(), was_gbk), ("南山县人民医院_心内科", true));
        // Two different invalid names stay different.
        let a = show(Path::new(OsStr::from_bytes(b"\xff\xfe.xlsx")));
        let b = show(Path::new(OsStr::from_bytes(b"\xfe\xff.xlsx")));
        assert_ne!(a, b);
    }

    #[test]
    fn an_unreadable_folder_is_one_problem_and_the_rest_is_read() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.csv"), "x").unwrap();
        let locked = d.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::write(locked.join("b.csv"), "x").unwrap();
        std::fs::write(d.path().join("z.csv"), "x").unwrap();
        // Root reads any folder, so the failure is injected where the listing happens.
        let failing = |dir: &Path| {
            if dir.ends_with("locked") {
                Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
            } else {
                list(dir)
            }
        };
        let mut found = Found::default();
        walk(d.path(), &mut Vec::new(), &mut found, &failing);
        let names: Vec<String> = found.inputs.iter().map(|i| i.stem.clone()).collect();
        assert_eq!(names, ["a", "z"]);
        assert_eq!(
            found.problems,
            [FolderProblem {
                folder: show(&locked),
                what: FolderProblemKind::Unreadable(crate::read::IoWhy::PermissionDenied),
            }]
        );
    }

    #[test]
    fn folders_nested_too_deep_stop_with_one_problem() {
        let d = tempfile::tempdir().unwrap();
        let mut p = d.path().to_path_buf();
        for _ in 0..MAX_DEPTH + 5 {
            p.push("d");
        }
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(p.join("deep.csv"), "x").unwrap();
        std::fs::write(d.path().join("top.csv"), "x").unwrap();
        let found = collect(&[d.path().to_path_buf()]).unwrap();
        assert_eq!(found.inputs.len(), 1);
        assert_eq!(found.problems.len(), 1);
        assert_eq!(
            found.problems[0].what,
            FolderProblemKind::TooDeep(MAX_DEPTH)
        );
    }
}
