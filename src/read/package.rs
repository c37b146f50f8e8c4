//! A zip package (.xlsx, .ods) read part by part under the file's budget.
//!
//! Nothing is sized from what the archive declares: a part is inflated into a buffer that
//! grows only as real bytes arrive, and stops at the part limit. Declared sizes are used only
//! to refuse an obvious zip bomb early, never to allocate.

use super::{Budget, Limits, ReadError};
use std::io::{Cursor, Read};

pub struct Package<'a> {
    bytes: &'a [u8],
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Stored names by their normalised form (see `normal`), built on the first lookup
    /// that is not an exact match, so a package of many parts is not rescanned per lookup.
    by_normal: std::cell::OnceCell<std::collections::HashMap<String, usize>>,
}

/// A part name as compared: no leading `/`, `\` as `/`, ASCII lower case.
fn normal(name: &str) -> String {
    name.trim_start_matches(['/', '\\'])
        .replace('\\', "/")
        .to_ascii_lowercase()
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, ReadError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ReadError::Damaged(e.to_string()))?;
        Ok(Package {
            bytes,
            zip,
            by_normal: std::cell::OnceCell::new(),
        })
    }

    /// The whole package as it was read.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The names of the parts, as stored.
    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    /// The stored name of a part, matched without regard to case, a leading `/` or a
    /// backslash written for `/`.
    pub fn find(&self, name: &str) -> Option<String> {
        let want = name.trim_start_matches('/');
        if self.zip.index_for_name_raw(want.as_bytes()).is_some() {
            return Some(want.to_string());
        }
        let zip = &self.zip;
        let index = self.by_normal.get_or_init(|| {
            let mut map = std::collections::HashMap::new();
            for i in 0..zip.len() {
                if let Some(Ok(n)) = zip.name_for_index(i) {
                    // The first of two names that differ only in case wins.
                    map.entry(normal(&n)).or_insert(i);
                }
            }
            map
        });
        let i = *index.get(&normal(want))?;
        self.zip
            .name_for_index(i)
            .and_then(|n| n.ok())
            .map(|n| n.into_owned())
    }

    /// Whether a part is encrypted (a password-protected package).
    pub fn is_encrypted(&mut self, name: &str) -> bool {
        let Some(stored) = self.find(name) else {
            return false;
        };
        self.zip
            .by_name(&stored)
            .map(|f| f.encrypted())
            .unwrap_or(false)
    }

    /// Refuse a package whose declared sizes already exceed the limits. This only refuses:
    /// the sizes declared are never used to allocate.
    pub fn refuse_declared_bombs(&mut self, limits: &Limits) -> Result<(), ReadError> {
        let mut total: u64 = 0;
        for i in 0..self.zip.len() {
            let f = self
                .zip
                .by_index_raw(i)
                .map_err(|e| ReadError::Damaged(e.to_string()))?;
            total = total.saturating_add(f.size());
            if total > limits.unpacked_bytes {
                return Err(ReadError::Bomb(limits.unpacked_bytes / 1024 / 1024));
            }
        }
        Ok(())
    }

    /// Inflate one part, or `None` when the package has no such part. The bytes are counted
    /// as they arrive: a part that unpacks to more than the part limit, or a package whose
    /// parts together unpack to more than the package limit, is refused.
    pub fn read(&mut self, name: &str, budget: &mut Budget) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(stored) = self.find(name) else {
            return Ok(None);
        };
        let limit = budget.limits().part_bytes;
        let mut f = self
            .zip
            .by_name(&stored)
            .map_err(|e| ReadError::Damaged(format!("{stored}: {e}")))?;
        if f.encrypted() {
            return Err(ReadError::Encrypted);
        }
        // The declared size is a hint only, capped, so a lying header reserves at most 1 MB.
        let mut out = Vec::with_capacity(f.size().min(1 << 20) as usize);
        let mut chunk = [0u8; 64 * 1024];
        loop {
            let n = match f.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(ReadError::Damaged(format!("{stored}: {e}"))),
            };
            if (out.len() + n) as u64 > limit {
                return Err(ReadError::Bomb(limit / 1024 / 1024));
            }
            budget.unpacked(n as u64)?;
            out.extend_from_slice(&chunk[..n]);
        }
        Ok(Some(out))
    }
}
