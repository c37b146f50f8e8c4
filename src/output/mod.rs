//! Writers: computation returns data, these only format it. One writer per format.

pub mod report;
pub mod table;
pub mod template;

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

/// Write bytes to `path` whole or not at all: a temporary file in the same folder, then a
/// rename. `inputs` are the files this run read; overwriting one of them is refused.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> anyhow::Result<()> {
    use anyhow::Context;
    let target = absolute(path);
    if inputs.iter().any(|i| absolute(i) == target) {
        anyhow::bail!(
            "{} is one of the input files; refusing to overwrite it. Choose another output name",
            path.display()
        );
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            dir.display()
        );
    }
    let mut tmp = tempfile_in(&dir).with_context(|| {
        format!(
            "cannot write in the folder {} (is it read-only?)",
            dir.display()
        )
    })?;
    tmp.1
        .write_all(bytes)
        .and_then(|_| tmp.1.sync_all())
        .with_context(|| {
            let _ = std::fs::remove_file(&tmp.0);
            format!("cannot write {}", path.display())
        })?;
    drop(tmp.1);
    if let Err(e) = std::fs::rename(&tmp.0, path) {
        let _ = std::fs::remove_file(&tmp.0);
        return Err(anyhow::anyhow!(
            "cannot replace {}: {} (is it open in Excel or WPS? close it and run again)",
            path.display(),
            crate::read::io_words(&e)
        ));
    }
    Ok(())
}

fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    for n in 0..1000u32 {
        let p = dir.join(format!(".assess-{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(f) => return Ok((p, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free temporary name"))
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
}
