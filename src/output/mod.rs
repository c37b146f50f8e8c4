//! Writers: computation returns data, these only format it. One writer per format and view;
//! each returns bytes, and [`write_atomic`] puts them on disk whole or not at all.

pub mod compare;
pub mod diagnostics;
pub mod feedback;
pub mod ranking;
pub mod report;
pub mod status;
pub mod table;
pub mod template;
pub mod xlsx;

use crate::i18n::Lang;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Excel runs a CSV cell that starts with `=`, `+`, `-` or `@` as a formula. Text we did not
/// compute is neutralised with a leading `'`; plain numbers (`-3`) are left alone.
pub fn csv_safe(s: &str) -> String {
    let risky = match s.chars().next() {
        Some('=') | Some('@') => true,
        Some('+') | Some('-') => s.len() > 1 && s[1..].parse::<f64>().is_err(),
        _ => false,
    };
    if risky {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// CSV as Excel opens it with Chinese intact: UTF-8 with a BOM.
pub fn csv_bytes(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> anyhow::Result<Vec<u8>> {
    let mut buf = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        w.write_record(header)?;
        for r in rows {
            w.write_record(r.iter().map(|c| csv_safe(c)))?;
        }
        w.flush()?;
    }
    Ok(buf)
}

/// Pretty JSON with a final newline.
pub fn json_bytes<T: serde::Serialize + ?Sized>(v: &T) -> anyhow::Result<Vec<u8>> {
    let mut b = serde_json::to_vec_pretty(v)?;
    b.push(b'\n');
    Ok(b)
}

/// Why an output could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The output is one of the inputs.
    IsInput(PathBuf),
    /// The output is a device, FIFO, socket or folder.
    NotAFile(PathBuf, &'static str),
    /// Links that point at each other.
    LinkLoop(PathBuf),
    /// The folder does not exist.
    NoFolder(PathBuf, PathBuf),
    /// The folder cannot be written.
    ReadOnly(PathBuf, std::io::Error),
    /// Writing the bytes failed.
    Write(PathBuf, std::io::Error),
    /// The file could not be replaced (open in Excel?).
    Replace(PathBuf, std::io::Error),
}

impl WriteError {
    /// The reason, in a language.
    pub fn text(&self, lang: Lang) -> String {
        let io = |e: &std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => lang
                .pick("没有这个文件或文件夹", "no such file or folder")
                .to_string(),
            std::io::ErrorKind::PermissionDenied => {
                lang.pick("没有权限", "permission denied").to_string()
            }
            _ => e.to_string(),
        };
        match (self, lang) {
            (WriteError::IsInput(p), Lang::Zh) => format!("{} 是输入文件之一，不能覆盖；请换一个输出文件名", p.display()),
            (WriteError::IsInput(p), Lang::En) => format!("{} is one of the input files; refusing to overwrite it. Choose another output name", p.display()),
            (WriteError::NotAFile(p, kind), Lang::Zh) => format!("{} 不是普通文件（{}）；请给出输出文件名", p.display(), match *kind {
                "a folder" => "是文件夹",
                "a named pipe (FIFO)" => "是命名管道",
                "a device" => "是设备",
                "a socket" => "是套接字",
                _ => "是特殊文件",
            }),
            (WriteError::NotAFile(p, kind), Lang::En) => format!("{} is {kind}, not a file; choose a file name for the output", p.display()),
            (WriteError::LinkLoop(p), Lang::Zh) => format!("{} 是循环链接；请换一个输出文件名", p.display()),
            (WriteError::LinkLoop(p), Lang::En) => format!("{} is a loop of links; choose another output name", p.display()),
            (WriteError::NoFolder(p, d), Lang::Zh) => format!("无法写入 {}：文件夹 {} 不存在", p.display(), d.display()),
            (WriteError::NoFolder(p, d), Lang::En) => format!("cannot write {}: the folder {} does not exist", p.display(), d.display()),
            (WriteError::ReadOnly(d, e), Lang::Zh) => format!("无法在文件夹 {} 中写入（{}；是否只读？）", d.display(), io(e)),
            (WriteError::ReadOnly(d, e), Lang::En) => format!("cannot write in the folder {} ({}; is it read-only?)", d.display(), io(e)),
            (WriteError::Write(p, e), Lang::Zh) => format!("无法写入 {}：{}", p.display(), io(e)),
            (WriteError::Write(p, e), Lang::En) => format!("cannot write {}: {}", p.display(), io(e)),
            (WriteError::Replace(p, e), Lang::Zh) => format!("无法替换 {}：{}（是否在 Excel 或 WPS 中打开？请关闭后再运行）", p.display(), io(e)),
            (WriteError::Replace(p, e), Lang::En) => format!("cannot replace {}: {} (is it open in Excel or WPS? close it and run again)", p.display(), io(e)),
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for WriteError {}

/// Write bytes to `path` whole or not at all: a temporary file in the same folder, then a
/// rename. `inputs` are the files this run read; overwriting one of them is refused. A link is
/// followed and its target replaced (the link stays); a device, FIFO or folder is refused. The
/// temporary file is removed on every way out of this function, and leftovers of a run that
/// was killed are removed from the folder first.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), WriteError> {
    write_atomic_with(path, inputs, |f| f.write_all(bytes))
}

/// [`write_atomic`] of what `fill` writes into the temporary file: a report is written
/// straight to disk, never held whole in memory (a national report is about 90 MB).
pub fn write_atomic_with(
    path: &Path,
    inputs: &[PathBuf],
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let target = resolve_target(path)?;
    if is_one_of(&target, inputs) {
        return Err(WriteError::IsInput(path.to_path_buf()));
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(WriteError::NoFolder(path.to_path_buf(), dir));
    }
    remove_stale_temporaries(&dir);
    let mut tmp = TempFile::new_in(&dir).map_err(|e| WriteError::ReadOnly(dir.clone(), e))?;
    fill(&mut tmp.file)
        .and_then(|_| tmp.file.sync_all())
        .map_err(|e| WriteError::Write(path.to_path_buf(), e))?;
    tmp.persist(&target)
        .map_err(|e| WriteError::Replace(path.to_path_buf(), e))
}

/// Whether writing `path` would write over one of `inputs` (a link is followed).
pub fn is_one_of(path: &Path, inputs: &[PathBuf]) -> bool {
    resolve_target(path).is_ok_and(|t| {
        let canonical = absolute(&t);
        inputs.iter().any(|i| absolute(i) == canonical)
    })
}

/// Where to write for `path`: itself, or the file a link points to. Devices, FIFOs, sockets
/// and folders are refused.
fn resolve_target(path: &Path) -> Result<PathBuf, WriteError> {
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&target)
                    .map_err(|e| WriteError::Write(path.to_path_buf(), e))?;
                target = match target.parent() {
                    Some(d) if link.is_relative() => d.join(link),
                    _ => link,
                };
            }
            Ok(m) => {
                if let Some(kind) = crate::read::not_regular(&m) {
                    return Err(WriteError::NotAFile(path.to_path_buf(), kind));
                }
                return Ok(target);
            }
            Err(_) => return Ok(target),
        }
    }
    Err(WriteError::LinkLoop(path.to_path_buf()))
}

const TMP_PREFIX: &str = ".assess-";
const TMP_SUFFIX: &str = ".tmp";

/// A temporary file that is removed unless it is persisted.
struct TempFile {
    path: PathBuf,
    file: std::fs::File,
    kept: bool,
}

impl TempFile {
    fn new_in(dir: &Path) -> std::io::Result<TempFile> {
        for n in 0..1000u32 {
            let p = dir.join(format!(
                "{TMP_PREFIX}{}-{n}{TMP_SUFFIX}",
                std::process::id()
            ));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&p)
            {
                Ok(file) => {
                    return Ok(TempFile {
                        path: p,
                        file,
                        kept: false,
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free temporary name"))
    }

    fn persist(mut self, to: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, to)?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Remove `.assess-PID-N.tmp` files left by a run that was killed: their process is gone
/// (Linux: no `/proc/PID`), or, where that cannot be told, they are over a day old.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = name
            .strip_prefix(TMP_PREFIX)
            .and_then(|r| r.strip_suffix(TMP_SUFFIX))
            .and_then(|r| r.split_once('-'))
            .and_then(|(pid, n)| n.parse::<u32>().ok().and(pid.parse::<u32>().ok()))
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let gone = if Path::new("/proc/self").exists() {
            !Path::new(&format!("/proc/{pid}")).exists()
        } else {
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 86_400)
        };
        if gone {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        // The target may not exist yet: canonicalise its folder.
        match (p.parent(), p.file_name()) {
            (Some(d), Some(n)) if !d.as_os_str().is_empty() => std::fs::canonicalize(d)
                .map(|d| d.join(n))
                .unwrap_or_else(|_| p.to_path_buf()),
            _ => std::env::current_dir()
                .map(|d| d.join(p))
                .unwrap_or_else(|_| p.to_path_buf()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_cannot_run_as_formulas() {
        assert_eq!(csv_safe("=1+1"), "'=1+1");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("-3"), "-3");
        assert_eq!(csv_safe("-"), "-");
        assert_eq!(csv_safe("-1+2"), "'-1+2");
        assert_eq!(csv_safe("心内科"), "心内科");
    }

    #[test]
    fn atomic_write_refuses_inputs_and_replaces_whole() {
        let d = tempfile::tempdir().unwrap();
        let input = d.path().join("in.xlsx");
        std::fs::write(&input, b"x").unwrap();
        assert!(write_atomic(&input, b"y", std::slice::from_ref(&input)).is_err());
        assert_eq!(std::fs::read(&input).unwrap(), b"x");
        let out = d.path().join("out.csv");
        write_atomic(&out, b"abc", &[input]).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"abc");
        assert_eq!(
            std::fs::read_dir(d.path()).unwrap().count(),
            2,
            "no temporary file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn output_onto_a_link_writes_its_target_and_keeps_the_link() {
        let d = tempfile::tempdir().unwrap();
        let real = d.path().join("real.csv");
        std::fs::write(&real, b"old").unwrap();
        let link = d.path().join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        write_atomic(&link, b"new", &[]).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        // A link to an input is refused like the input.
        let e = write_atomic(&link, b"x", std::slice::from_ref(&real)).unwrap_err();
        assert!(e.to_string().contains("input"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn output_onto_a_device_or_fifo_is_refused() {
        let e = write_atomic(Path::new("/dev/null"), b"x", &[]).unwrap_err();
        assert!(e.to_string().contains("device"), "{e}");
        let d = tempfile::tempdir().unwrap();
        let fifo = d.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = write_atomic(&fifo, b"x", &[]).unwrap_err();
            assert!(e.to_string().contains("FIFO"), "{e}");
        }
        let e = write_atomic(d.path(), b"x", &[]).unwrap_err();
        assert!(e.to_string().contains("folder"), "{e}");
    }

    #[test]
    fn a_temporary_left_by_a_killed_run_is_removed_by_the_next() {
        let d = tempfile::tempdir().unwrap();
        // No process has PID 4294967: a run that was killed.
        let stale = d.path().join(".assess-4294967-0.tmp");
        std::fs::write(&stale, b"half a report").unwrap();
        // Ours (this process) is left alone.
        let ours = d
            .path()
            .join(format!(".assess-{}-7.tmp", std::process::id()));
        std::fs::write(&ours, b"x").unwrap();
        write_atomic(&d.path().join("out.csv"), b"abc", &[]).unwrap();
        assert!(!stale.exists());
        assert!(ours.exists());
    }

    #[test]
    fn a_failed_write_leaves_no_temporary() {
        let d = tempfile::tempdir().unwrap();
        // Renaming a file over a non-empty folder fails after the temporary was written.
        let target = d.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), b"x").unwrap();
        assert!(write_atomic(&target, b"abc", &[]).is_err());
        let left: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(left.is_empty());
    }

    /// A report is written into the temporary file as it is made: when making it fails half
    /// way, the old file is kept as it was and no temporary is left.
    #[test]
    fn a_report_that_fails_half_way_leaves_the_old_file() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("排名.xlsx");
        std::fs::write(&target, b"old").unwrap();
        let r = write_atomic_with(&target, &[], |f| {
            f.write_all(b"half a workbook")?;
            Err(std::io::Error::other("made half"))
        });
        assert!(matches!(r, Err(WriteError::Write(..))), "{r:?}");
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        let names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        write_atomic_with(&target, &[], |f| f.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }
}
