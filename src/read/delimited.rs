//! .csv / .tsv: the text encoding is decided on the whole file, then the delimiter is guessed
//! from the first lines.
//!
//! A byte-order mark decides the encoding. Without one, valid UTF-8 is UTF-8; a file that is
//! UTF-8 but for a few stray bytes (a cell pasted from elsewhere, a character cut in two) stays
//! UTF-8, so one bad byte does not turn the whole table into mojibake; anything else is GB18030,
//! what Chinese Excel and WPS save. Bytes the chosen encoding cannot decode become `�`, and each
//! cell that holds one gets a [`ReadNote`] so the clerk can check it. The file is decoded once.

use super::{Budget, Cell, Content, ReadError, ReadNote, ReadNoteKind, Sheet};
use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};
use std::borrow::Cow;
use std::path::Path;

/// A file's text and what decoding it had to replace.
struct Decoded<'a> {
    text: Cow<'a, str>,
    /// The encoding's name as a clerk would know it.
    encoding: &'static str,
    /// Byte offsets in `text` of each `�` put in for bytes the encoding could not decode, in
    /// order.
    replaced: Vec<usize>,
}

/// Text from bytes in whatever encoding Excel or WPS saved it.
pub fn decode_to_string(bytes: &[u8]) -> String {
    decode(bytes).text.into_owned()
}

/// Decode the whole file, whatever Excel or WPS saved.
fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return decode_with(enc, &bytes[bom..]);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: Cow::Borrowed(s),
            encoding: "UTF-8",
            replaced: Vec::new(),
        },
        Err(_) if mostly_utf8(bytes) => decode_with(UTF_8, bytes),
        Err(_) => decode_with(GB18030, bytes),
    }
}

/// UTF-8 with a few stray bytes: it has valid multi-byte characters and its invalid bytes are
/// at most 1 % of its non-ASCII bytes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut non_ascii, mut multibyte, mut invalid) = (0usize, 0, 0);
    for chunk in bytes.utf8_chunks() {
        let n = chunk.valid().bytes().filter(|b| !b.is_ascii()).count();
        multibyte += n;
        non_ascii += n + chunk.invalid().len();
        invalid += chunk.invalid().len();
    }
    // A GBK file read as UTF-8 is mostly invalid; a UTF-8 file with a stray byte is not. (Also
    // asking GB18030 to do worse would let a UTF-8 file whose multi-byte runs happen to pair up
    // as GB18030 be read as mojibake.)
    multibyte > 0 && invalid * 100 <= non_ascii
}

/// Decode with `enc`, replacing what it cannot decode and noting where.
fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> Decoded<'static> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let room = |d: &encoding_rs::Decoder, n: usize| {
        d.max_utf8_buffer_length_without_replacement(n)
            .unwrap_or(n)
            .saturating_add(16)
    };
    let mut text = String::with_capacity(room(&decoder, bytes.len()));
    let mut replaced = Vec::new();
    let mut src = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(src, &mut text, true);
        src = &src[read..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(room(&decoder, src.len())),
            DecoderResult::Malformed(_, _) => {
                replaced.push(text.len());
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    Decoded {
        text: Cow::Owned(text),
        encoding: if enc == GB18030 {
            "GB18030"
        } else {
            enc.name()
        },
        replaced,
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

/// Read a delimited text file into one sheet named after the file, with a note for each cell
/// where bytes had to be replaced.
pub fn read(
    bytes: &[u8],
    path: &Path,
    budget: &mut Budget,
) -> Result<(Sheet, Vec<ReadNote>), ReadError> {
    budget.sheet()?;
    let decoded = decode(bytes);
    let text: &str = &decoded.text;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut sheet = Sheet::new(name.clone());
    let mut notes = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(guess_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    // The next replacement not yet placed in a cell.
    let mut next = 0;
    let mut row = 0u32;
    loop {
        let start = rdr.position().byte() as usize;
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(ReadError::Damaged(format!("line {}: {e}", row + 1))),
        }
        let end = rdr.position().byte() as usize;
        for (c, field) in rec.iter().enumerate() {
            if !field.trim().is_empty() {
                let cell = Cell::new(Content::Text(field.to_string()));
                sheet.push(budget, row, c as u32, cell)?;
            }
        }
        // Replacements in this record's bytes: find the cells they went into.
        let first = next;
        while next < decoded.replaced.len() && decoded.replaced[next] < end {
            next += 1;
        }
        let here = &decoded.replaced[first..next];
        if !here.is_empty() {
            for col in replaced_cells(text, start, end, here, &rec) {
                notes.push(ReadNote {
                    sheet: name.clone(),
                    row,
                    col,
                    kind: ReadNoteKind::InvalidBytes {
                        encoding: decoded.encoding,
                    },
                });
            }
        }
        row += 1;
    }
    Ok((sheet, notes))
}

/// The columns of `rec` that hold a `�` put in for invalid bytes. `text[start..end]` is the
/// record as written and `here` the offsets of the replacements in it. A `�` that was in the
/// file as a character is not a replacement: the `�`s of the record are matched to the
/// fields in order, as quoting and delimiters never hold one.
fn replaced_cells(
    text: &str,
    start: usize,
    end: usize,
    here: &[usize],
    rec: &csv::StringRecord,
) -> Vec<u32> {
    let raw = text.get(start..end).unwrap_or_default();
    let mut flags = raw
        .char_indices()
        .filter(|(_, c)| *c == char::REPLACEMENT_CHARACTER)
        .map(|(i, _)| here.binary_search(&(start + i)).is_ok());
    let mut cols = Vec::new();
    for (c, field) in rec.iter().enumerate() {
        let n = field.matches(char::REPLACEMENT_CHARACTER).count();
        // Consume every `�` of the field, noting the cell once if any was a replacement.
        if flags.by_ref().take(n).fold(false, |any, f| any | f) {
            cols.push(c as u32);
        }
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> (String, &'static str, usize) {
        let d = decode(bytes);
        (d.text.into_owned(), d.encoding, d.replaced.len())
    }

    #[test]
    fn encodings() {
        assert_eq!(text("\u{feff}序号".as_bytes()), ("序号".into(), "UTF-8", 0));
        assert_eq!(text("序号".as_bytes()), ("序号".into(), "UTF-8", 0));
        let (gbk, _, _) = encoding_rs::GBK.encode("三级指标,2024年");
        assert_eq!(text(&gbk), ("三级指标,2024年".into(), "GB18030", 0));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("序号,床位数".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(text(&utf16), ("序号,床位数".into(), "UTF-16LE", 0));
    }

    #[test]
    fn one_stray_byte_keeps_utf8_and_many_make_it_gb18030() {
        let line = "指标名称,2023年1-6月,2024年1-6月\n实际开放床位数,30,32\n";
        let mut bytes = line.repeat(10).into_bytes();
        bytes.insert(3, 0xFF);
        let (t, enc, n) = text(&bytes);
        assert_eq!((enc, n), ("UTF-8", 1));
        assert!(t.starts_with("指\u{FFFD}标"), "{t}");
        // A short UTF-8 file where the stray byte is more than 1 % of the non-ASCII bytes.
        let mut short = "床位数,30\n".as_bytes().to_vec();
        short.insert(3, 0xFF);
        assert_eq!(text(&short).1, "GB18030");
        // No multi-byte character at all: nothing says it is UTF-8.
        assert_eq!(text(b"a,b\n\xb4\xb2,1\n").1, "GB18030");
    }

    #[test]
    fn notes_name_the_cells_with_replaced_bytes_not_those_with_a_typed_replacement_char() {
        let mut bytes = Vec::new();
        bytes.extend("序号,指标名称,数值\n".repeat(40).as_bytes());
        bytes.extend("1,\"床位\u{FFFD}数\",".as_bytes());
        bytes.extend(b"3\xff0\n");
        bytes.extend("2,\"\n多行".as_bytes());
        bytes.push(0xFF);
        bytes.extend("\",5\n".as_bytes());
        let mut budget = Budget::default();
        let (sheet, notes) = read(&bytes, Path::new("x.csv"), &mut budget).unwrap();
        let at: Vec<(u32, u32)> = notes.iter().map(|n| (n.row, n.col)).collect();
        assert_eq!(at, [(40, 2), (41, 1)]);
        assert_eq!(sheet.text(40, 2), "3\u{FFFD}0");
        assert!(notes
            .iter()
            .all(|n| n.kind == ReadNoteKind::InvalidBytes { encoding: "UTF-8" }));
    }

    #[test]
    fn delimiters() {
        assert_eq!(guess_delimiter("a\tb\tc\n1\t2\t3"), b'\t');
        assert_eq!(guess_delimiter("a,b\n1,2"), b',');
    }
}
