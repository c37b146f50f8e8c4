//! Text as people type it in Chinese spreadsheets: blanks of every kind, full-width digits and
//! punctuation, and numbers shown the way people write them. Shared by the reader, the value
//! parser and the writers, so that none of them depends on another for it.

/// A blank of any kind: ASCII and Unicode whitespace, the ideographic space, no-break space and
/// a stray byte-order mark.
pub fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}'
}

/// A dash of any kind: the hyphen and minus, full width or not, en and em dashes, the
/// horizontal bar and box-drawing lines people type for "none" or between two numbers.
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '─' | '━' | '﹣' | '﹘' | '－'
    )
}

/// Full-width digits and punctuation to ASCII; all blanks removed.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !is_blank(*c))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '％' => '%',
            '－' | '−' => '-',
            '／' => '/',
            '＋' => '+',
            '＃' => '#',
            '！' => '!',
            c => c,
        })
        .collect()
}

/// Remove the noise binary floating point adds (0.1 + 0.2, 0.133 × 100).
pub fn tidy(v: f64) -> f64 {
    if !v.is_finite() || v.abs() >= 1e15 {
        return v;
    }
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A number as people write it: no trailing zeros, no exponent for everyday sizes.
pub fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Like [`normalize`], but blanks are kept (as plain spaces).
pub fn normalize_keep_spaces(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}')
        .map(normalize)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An item's name normalised for comparison: no blanks, quotes or colons, one kind of
/// bracket and comparison sign, ASCII lower case.
pub fn norm_label(s: &str) -> String {
    normalize(s)
        .chars()
        .filter(|c| !matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '、' | ':' | '：'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '≦' | '≤' => '≤',
            '≧' | '≥' => '≥',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The name without a trailing `(…)`, e.g. a unit someone added.
pub fn without_paren(s: &str) -> &str {
    match s.rfind('(') {
        Some(i) if s.ends_with(')') && i > 0 => &s[..i],
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_and_full_width() {
        assert_eq!(normalize(" １２，３４５．５ "), "12,345.5");
        assert_eq!(
            normalize_keep_spaces("1.6.2\u{3000}31-40岁"),
            "1.6.2 31-40岁"
        );
        assert!(is_blank('\u{feff}'));
    }

    #[test]
    fn float_noise_is_removed() {
        assert_eq!(tidy(0.1 + 0.2), 0.3);
        assert_eq!(fmt_number(12.0), "12");
        assert_eq!(fmt_number(0.3), "0.3");
    }
}
