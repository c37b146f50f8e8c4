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
    /// Sentences (a message, what comes next): like `Text`, with twice its share of the width.
    Prose,
}

impl Col {
    fn flexible(self) -> bool {
        matches!(self, Col::Text | Col::Short | Col::Prose)
    }

    /// The share of the width left that a flexible column gets.
    fn weight(self) -> usize {
        if self == Col::Prose {
            2
        } else {
            1
        }
    }
}

/// A table with the house style, laid out for the terminal's width: numbers and short words
/// as wide as they are, the rest of the width shared among the text columns, and text broken
/// into lines as Chinese typesetting does (no line starts with ，。；：”）, none ends with “（),
/// Latin words kept whole.
pub struct Grid {
    head: Vec<(String, Col)>,
    rows: Vec<Vec<String>>,
    width: usize,
}

/// A table for the terminal with these columns.
pub fn new_table(header: &[(&str, Col)]) -> Grid {
    Grid {
        head: header.iter().map(|(h, c)| (safe(h), *c)).collect(),
        rows: Vec::new(),
        width: width(),
    }
}

/// Add a row of texts, made safe.
pub fn add_row(t: &mut Grid, cells: Vec<String>) {
    t.rows.push(cells.iter().map(|c| safe(c)).collect());
}

impl Grid {
    /// The width of every column's content: fixed columns as wide as their widest cell, the
    /// width that is left shared among the text columns, none narrower than it must be.
    fn widths(&self) -> Vec<usize> {
        let n = self.head.len();
        let widest = |i: usize| {
            std::iter::once(&self.head[i].0)
                .chain(self.rows.iter().filter_map(|r| r.get(i)))
                .map(|s| UnicodeWidthStr::width(s.as_str()))
                .max()
                .unwrap_or(0)
        };
        let mut w: Vec<usize> = (0..n).map(widest).collect();
        // "│ a ┆ b │": three columns of frame and padding per column, and one.
        let frame = 3 * n + 1;
        let flexible: Vec<usize> = (0..n).filter(|&i| self.head[i].1.flexible()).collect();
        for &i in &flexible {
            if self.head[i].1 == Col::Short {
                w[i] = w[i].min(16);
            }
        }
        let fixed: usize = (0..n).filter(|i| !flexible.contains(i)).map(|i| w[i]).sum();
        let mut left = self.width.saturating_sub(frame + fixed);
        // Share the width that is left: columns that need less than their share get what
        // they need, the others split what remains by their weights.
        let weight = |i: usize| self.head[i].1.weight();
        let mut open: Vec<usize> = flexible.clone();
        loop {
            let total: usize = open.iter().map(|&i| weight(i)).sum();
            let share = |i: usize| left * weight(i) / total.max(1);
            match open.iter().position(|&i| w[i] <= share(i)) {
                Some(k) => {
                    left -= w[open[k]];
                    open.remove(k);
                }
                None => {
                    for &j in &open {
                        w[j] = share(j).max(MIN_TEXT);
                    }
                    break;
                }
            }
        }
        w
    }
}

/// No text column is made narrower than this, however wide the numbers are.
const MIN_TEXT: usize = 6;

/// Rows laid out at once: a long table (a national ranking has 50,000 rows) is laid out this
/// many rows at a time, so the layout never holds more than these.
const ROWS_AT_ONCE: usize = 1000;

impl Grid {
    /// Some rows as a table of their own with these column widths, with or without the head.
    fn layout(&self, widths: &[usize], rows: &[Vec<String>], head: bool) -> String {
        let cell = |text: &str, i: usize| {
            let c = if self.head[i].1.flexible() {
                Cell::new(break_lines(text, widths[i]).join("\n"))
            } else {
                Cell::new(text)
            };
            if self.head[i].1 == Col::Number {
                c.set_alignment(CellAlignment::Right)
            } else {
                c
            }
        };
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        if head {
            t.set_header(self.head.iter().enumerate().map(|(i, (h, _))| cell(h, i)));
        }
        for r in rows {
            t.add_row(r.iter().enumerate().map(|(i, c)| cell(c, i)));
        }
        for (i, w) in widths.iter().enumerate() {
            if let Some(c) = t.column_mut(i) {
                c.set_constraint(ColumnConstraint::Absolute(comfy_table::Width::Fixed(
                    (*w + 2).min(u16::MAX as usize) as u16,
                )));
            }
        }
        t.to_string()
    }

    /// The table laid out `at_once` rows at a time: every part has the same column widths, the
    /// parts after the first no head, and where two meet the bottom border of one and the top
    /// border of the next are left out (the style draws no line between rows).
    fn write_parts(&self, f: &mut dyn std::fmt::Write, at_once: usize) -> std::fmt::Result {
        let widths = self.widths();
        if self.rows.len() <= at_once {
            return f.write_str(&self.layout(&widths, &self.rows, true));
        }
        let parts: Vec<&[Vec<String>]> = self.rows.chunks(at_once.max(1)).collect();
        let last = parts.len() - 1;
        for (k, rows) in parts.into_iter().enumerate() {
            let text = self.layout(&widths, rows, k == 0);
            let mut lines: Vec<&str> = text.lines().collect();
            if k > 0 {
                lines.remove(0);
            }
            if k < last {
                lines.pop();
            }
            for (n, line) in lines.iter().enumerate() {
                if k > 0 || n > 0 {
                    f.write_char('\n')?;
                }
                f.write_str(line)?;
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for Grid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_parts(f, ROWS_AT_ONCE)
    }
}

/// Punctuation that may not start a line: it stays with the character before it.
fn closes(c: char) -> bool {
    "，。、；：？！”’）》」』】〕…—％,.;:!?)]}%·".contains(c)
}

/// Punctuation that may not end a line: it goes with the character after it.
fn opens(c: char) -> bool {
    "“‘（《「『【〔([{".contains(c)
}

/// The pieces a line may break between: a Latin word (or its part up to a hyphen), one
/// Chinese character, each with the punctuation that must stay with it.
fn pieces(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut pending_open = String::new();
    let mut prev_latin = false;
    for c in text.chars() {
        let latin = c.is_ascii() && c != ' ';
        if latin && prev_latin && !opens(c) {
            cur.push(c);
            if c == '-' && cur.len() > 2 {
                out.push(std::mem::take(&mut cur));
                prev_latin = false;
            }
            continue;
        }
        if closes(c) && pending_open.is_empty() && (!cur.is_empty() || !out.is_empty()) {
            match out.last_mut() {
                Some(last) if cur.is_empty() => last.push(c),
                _ => cur.push(c),
            }
            prev_latin = false;
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if opens(c) {
            pending_open.push(c);
            prev_latin = false;
            continue;
        }
        cur.push_str(&std::mem::take(&mut pending_open));
        cur.push(c);
        prev_latin = latin;
    }
    cur.push_str(&pending_open);
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn text_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `text` broken into lines of at most `width` columns. Words between spaces are kept whole
/// when they fit on a line (`中医医院 重症医学科` breaks at the space); a longer run breaks
/// between characters as Chinese is set; a piece wider than a whole line is cut.
pub fn break_lines(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let new_line = |line: &mut String, lines: &mut Vec<String>| {
        lines.push(line.trim_end().to_string());
        line.clear();
    };
    for (k, word) in text.split(' ').enumerate() {
        let sep = if k > 0 && !line.is_empty() { " " } else { "" };
        let ww = text_width(word);
        if text_width(&line) + sep.len() + ww <= width {
            line.push_str(sep);
            line.push_str(word);
            continue;
        }
        if ww <= width {
            if !line.is_empty() {
                new_line(&mut line, &mut lines);
            }
            line.push_str(word);
            continue;
        }
        line.push_str(sep);
        for p in pieces(word) {
            let pw = text_width(&p);
            if text_width(&line) + pw > width && !line.trim().is_empty() {
                new_line(&mut line, &mut lines);
            }
            if pw > width {
                for c in p.chars() {
                    if text_width(&line) + text_width(c.encode_utf8(&mut [0; 4])) > width
                        && !line.is_empty()
                    {
                        new_line(&mut line, &mut lines);
                    }
                    line.push(c);
                }
            } else {
                line.push_str(&p);
            }
        }
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Wrap a note to the terminal's width, continuation lines indented under the text after
/// `prefix`.
pub fn wrap(prefix: &str, text: &str) -> String {
    wrap_to(prefix, text, width())
}

/// Wrap a note to `width` columns.
pub fn wrap_to(prefix: &str, text: &str, width: usize) -> String {
    let indent = UnicodeWidthStr::width(prefix);
    let lines = break_lines(&safe(text), width.saturating_sub(indent).max(10));
    let mut out = String::from(prefix);
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(l);
        out.push('\n');
    }
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
    fn lines_break_as_chinese_is_set() {
        // Closing punctuation never starts a line, opening never ends one.
        for w in 4..30 {
            for l in break_lines(
                "第3项“科室开放床位数”：“-3”小于0，不可能；请改正 [value-negative]",
                w,
            ) {
                let first = l.chars().next().unwrap();
                let last = l.chars().last().unwrap();
                assert!(!closes(first) || l.chars().all(closes), "{w}: {l}");
                assert!(!opens(last), "{w}: {l}");
                assert!(UnicodeWidthStr::width(l.as_str()) <= w, "{w}: {l}");
            }
        }
        // Latin words stay whole when they fit.
        assert_eq!(
            break_lines("the value is not a number", 10),
            vec!["the value", "is not a", "number"]
        );
        assert_eq!(break_lines("", 10), vec![""]);
        // Numbers and rule ids are not cut where a word is not.
        let l = break_lines(
            "第7项“护士”：“12.5”不是整数（单位：人） [count-fractional]",
            18,
        );
        assert!(l.iter().any(|l| l.contains("12.5")), "{l:?}");
        assert!(l.iter().any(|l| l.ends_with("[count-fractional]")), "{l:?}");
        assert_eq!(
            break_lines("[staff-education-sum]", 18),
            vec!["[staff-education-", "sum]"]
        );
        // A name breaks at its space rather than inside its words.
        assert_eq!(
            break_lines("中医医院 重症医学科", 18),
            vec!["中医医院", "重症医学科"]
        );
    }

    #[test]
    fn a_table_is_as_wide_as_the_terminal_at_most() {
        let mut t = new_table(&[
            ("名次", Col::Word),
            ("说明", Col::Text),
            ("总分", Col::Number),
        ]);
        add_row(
            &mut t,
            vec!["1".into(), "很长的说明文字，".repeat(20), "99.50".into()],
        );
        let mut g = t;
        g.width = 60;
        let s = g.to_string();
        for l in s.lines() {
            assert!(UnicodeWidthStr::width(l) <= 60, "{l}");
        }
        assert!(s.lines().count() > 5);
        assert!(!s.lines().any(|l| l.contains("┆ ，")), "{s}");
    }

    /// A long table is laid out a thousand rows at a time (a national ranking would otherwise
    /// hold every row three times over): the parts, put together, are the table laid out whole.
    #[test]
    fn a_long_table_laid_out_in_parts_is_the_table_laid_out_whole() {
        let mut t = new_table(&[
            ("名次", Col::Word),
            ("医院", Col::Text),
            ("总分", Col::Number),
        ]);
        for k in 1..=7 {
            let name = format!("北岭旗第{k}人民医院").repeat(k % 3 + 1);
            add_row(&mut t, vec![k.to_string(), name, format!("{}.5", 90 - k)]);
        }
        t.width = 40;
        let mut whole = String::new();
        t.write_parts(&mut whole, usize::MAX).unwrap();
        assert!(whole.lines().count() > 10, "{whole}");
        for at_once in [1, 2, 3, 6, 7] {
            let mut parts = String::new();
            t.write_parts(&mut parts, at_once).unwrap();
            assert_eq!(parts, whole, "{at_once} rows at a time");
        }
        assert_eq!(t.to_string(), whole);
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
