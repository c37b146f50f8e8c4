//! .csv / .tsv: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 (what Chinese Excel
//! writes by default); the delimiter is guessed from the first lines.

use super::{Budget, Cell, Content, ReadError, Sheet};
use std::path::Path;

/// Decode bytes to text, whatever Excel or WPS saved.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

fn guess_delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let count = |d: char| sample.iter().map(|l| l.matches(d).count()).sum::<usize>();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

pub fn read(bytes: &[u8], path: &Path, budget: &mut Budget) -> Result<Sheet, ReadError> {
    budget.sheet()?;
    let text = decode(bytes);
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut sheet = Sheet::new(name);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(guess_delimiter(&text))
        .from_reader(text.as_bytes());
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| ReadError::Damaged(format!("line {}: {e}", r + 1)))?;
        for (c, field) in rec.iter().enumerate() {
            if !field.trim().is_empty() {
                sheet.push(
                    budget,
                    r as u32,
                    c as u32,
                    Cell::new(Content::Text(field.to_string())),
                )?;
            }
        }
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode("\u{feff}序号".as_bytes()), "序号");
        assert_eq!(decode("序号".as_bytes()), "序号");
        let (gbk, _, _) = encoding_rs::GBK.encode("三级指标,2024年");
        assert_eq!(decode(&gbk), "三级指标,2024年");
    }

    #[test]
    fn delimiters() {
        assert_eq!(guess_delimiter("a\tb\tc\n1\t2\t3"), b'\t');
        assert_eq!(guess_delimiter("a,b\n1,2"), b',');
    }
}
