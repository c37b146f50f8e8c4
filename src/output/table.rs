//! Terminal output: tables (comfy-table) sized to the terminal, measuring Chinese as two
//! columns, numeric columns never wrapped so the width goes to names first; text from files
//! with its control characters made visible, so a crafted cell cannot drive the terminal; and
//! notes wrapped to the width.

use comfy_table::{presets, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table};
use unicode_width::UnicodeWidthStr;

/// The width to write for: `COLUMNS` when set, else the terminal's; 80 when neither is known
/// or the terminal reports 0 (a 0×0 terminal would make every column one character wide).
pub fn width() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    let w = from_env.or_else(|| Table::new().width().map(usize::from));
    match w {
        Some(w) if w >= 40 => w.min(400),
        _ => 80,
    }
}

/// Control characters shown instead of obeyed: ESC as `␛`, others as `\u{..}`; tabs and line
/// breaks as spaces (a cell is one line unless the table wraps it).
pub fn safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{1b}' => out.push('␛'),
            c if c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// How a column behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Names and text: takes the width that is left, wraps.
    Text,
    /// Numbers and short codes: as wide as its content, right-aligned, never wrapped.
    Number,
    /// Short words (a grade, a rank): as wide as its content, never wrapped.
    Word,
    /// Text that may be long but matters less (a sheet name): wraps at 16 columns.
    Short,
}

/// A table with the house style, as wide as the terminal.
pub fn new_table(header: &[(&str, Col)]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width() as u16)
        .set_header(header.iter().map(|(h, _)| Cell::new(safe(h))));
    for (i, (_, kind)) in header.iter().enumerate() {
        if let Some(c) = t.column_mut(i) {
            match kind {
                Col::Number => {
                    c.set_constraint(ColumnConstraint::ContentWidth);
                    c.set_cell_alignment(CellAlignment::Right);
                }
                Col::Word => {
                    c.set_constraint(ColumnConstraint::ContentWidth);
                }
                Col::Short => {
                    c.set_constraint(ColumnConstraint::UpperBoundary(comfy_table::Width::Fixed(
                        16,
                    )));
                }
                Col::Text => {}
            }
        }
    }
    t
}

/// Add a row of texts, made safe.
pub fn add_row(t: &mut Table, cells: Vec<String>) {
    t.add_row(cells.into_iter().map(|c| Cell::new(safe(&c))));
}

/// Wrap a note to the terminal's width, continuation lines indented under the text after
/// `prefix`.
pub fn wrap(prefix: &str, text: &str) -> String {
    wrap_to(prefix, text, width())
}

/// Wrap a note to `width` columns.
pub fn wrap_to(prefix: &str, text: &str, width: usize) -> String {
    let indent = UnicodeWidthStr::width(prefix);
    let mut out = String::from(prefix);
    let mut col = indent;
    let text = safe(text);
    // Break between words for Latin text and anywhere between Chinese characters.
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String, col: &mut usize| {
        let w = UnicodeWidthStr::width(word.as_str());
        if *col + w > width && *col > indent {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            *col = indent;
            let trimmed = word.trim_start().to_string();
            *word = trimmed;
        }
        *col += UnicodeWidthStr::width(word.as_str());
        out.push_str(word);
        word.clear();
    };
    for c in text.chars() {
        let wide = UnicodeWidthStr::width(c.to_string().as_str()) > 1;
        if c == ' ' || wide {
            if wide {
                flush(&mut word, &mut out, &mut col);
                word.push(c);
                flush(&mut word, &mut out, &mut col);
            } else {
                word.push(c);
                flush(&mut word, &mut out, &mut col);
            }
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out, &mut col);
    out.push('\n');
    out
}

/// A score for the terminal: two decimals.
pub fn score(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.2}")).unwrap_or_default()
}

/// A change in a score: `+3.25`, `-1.00`, `0.00`.
pub fn signed_score(v: Option<f64>) -> String {
    match v {
        Some(x) if x.abs() < 0.005 => "0.00".into(),
        Some(x) => format!("{x:+.2}"),
        None => String::new(),
    }
}

/// A change in a value as people write it: `+12`, `-0.35`, `0`.
pub fn signed_value(v: Option<f64>) -> String {
    match v {
        Some(0.0) => "0".into(),
        Some(x) => {
            let r = (x * 100.0).round() / 100.0;
            format!(
                "{}{}",
                if r > 0.0 { "+" } else { "" },
                crate::text::fmt_number(r)
            )
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(safe("a\u{1b}[31mred"), "a␛[31mred");
        assert_eq!(safe("x\u{7}y"), "x\\u{7}y");
        assert_eq!(safe("一\n二"), "一 二");
        assert_eq!(safe("\u{202e}evil"), "\\u{202e}evil");
    }

    #[test]
    fn notes_wrap_to_the_width() {
        let w = wrap_to("注：", &"很长的说明文字".repeat(10), 40);
        for line in w.lines() {
            assert!(UnicodeWidthStr::width(line) <= 40, "{line}");
        }
        assert!(w.lines().count() > 1);
        assert!(w.lines().nth(1).unwrap().starts_with("    "));
        let e = wrap_to("note: ", &"a fairly long english sentence ".repeat(5), 40);
        for line in e.lines() {
            assert!(line.len() <= 40, "{line}");
        }
    }

    #[test]
    fn scores_and_changes() {
        assert_eq!(score(Some(6.122448979591836)), "6.12");
        assert_eq!(signed_score(Some(0.2)), "+0.20");
        assert_eq!(signed_score(Some(-10.949)), "-10.95");
        assert_eq!(signed_value(Some(12.0)), "+12");
        assert_eq!(signed_value(Some(-0.354)), "-0.35");
    }
}
