//! Cell contents as people type them → a number, missing, not applicable or invalid.
//!
//! The survey is filled by hand in Excel or WPS, so a value may be a number, a number stored as
//! text, full-width digits, `1,234`, `12.5%`, `36张`, `无`, `/`, `第12名`, or a compound cell such
//! as `4张/13.3%` or `3（DR、彩超、呼吸机）`. [`parse_cell`] turns any of them into a
//! [`Parsed`] value and keeps what it did not use as detail.

use crate::catalog::Kind;
use crate::read::{Cell, Content};
use crate::text::{fmt_number, is_blank, normalize, tidy};

/// What a cell says about an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A number.
    Ok,
    /// Blank, or (item 63) unranked.
    Missing,
    /// Not applicable: `/`, `—`, `-`, `不适用`, `无此项`.
    Na,
    /// Cannot be read as a number.
    Invalid,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Missing => "missing",
            Status::Na => "na",
            Status::Invalid => "invalid",
        }
    }

    /// The status named by [`Status::as_str`].
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "ok" => Status::Ok,
            "missing" => Status::Missing,
            "na" => Status::Na,
            "invalid" => Status::Invalid,
            _ => return None,
        })
    }

    /// The survey's own word, for reports.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "",
            Status::Missing => "缺失",
            Status::Na => "不适用",
            Status::Invalid => "无效",
        }
    }
}

/// Why a value is invalid or deserves a second look.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// No leading number in the text.
    Unreadable,
    /// An error cell such as `#DIV/0!`.
    ErrorCell(String),
    /// A date: Excel turned what was typed into a date.
    Date,
    /// TRUE / FALSE.
    Boolean,
    /// A formula whose result was never saved.
    FormulaNoResult,
}

/// One cell, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub status: Status,
    /// The number, when `status` is `Ok`.
    pub value: Option<f64>,
    /// The cell as written (`12.5%` for a percent-formatted 0.125).
    pub raw: String,
    /// What followed the leading number (`13.3%` of `4张/13.3%`), or the word that made it
    /// missing (`未上榜`).
    pub detail: Option<String>,
    pub problem: Option<Problem>,
}

impl Parsed {
    fn new(status: Status, value: Option<f64>, raw: String) -> Parsed {
        Parsed {
            status,
            value,
            raw,
            detail: None,
            problem: None,
        }
    }

    /// A blank cell.
    pub fn missing() -> Parsed {
        Parsed::new(Status::Missing, None, String::new())
    }
}

/// Units people append to numbers; a number followed only by one of these has no detail.
const UNITS: &[&str] = &[
    "平方米",
    "㎡",
    "m²",
    "m2",
    "万元",
    "元",
    "人次",
    "例次",
    "张",
    "人",
    "个",
    "项",
    "篇",
    "件",
    "台",
    "组",
    "名",
    "例",
    "次",
    "种",
    "家",
    "位",
    "DDDs",
    "DDD",
];

const NOT_APPLICABLE: &[&str] = &[
    "/",
    "—",
    "——",
    "-",
    "--",
    "–",
    "―",
    "不适用",
    "无此项",
    "n/a",
    "na",
    "N/A",
    "NA",
];

/// Read one cell for an item of the given kind.
pub fn parse_cell(cell: Option<&Cell>, kind: Kind) -> Parsed {
    let Some(cell) = cell else {
        return Parsed::missing();
    };
    match &cell.content {
        Content::Empty if cell.formula_without_result => {
            let mut p = Parsed::missing();
            p.problem = Some(Problem::FormulaNoResult);
            p
        }
        Content::Empty => Parsed::missing(),
        Content::Number(n) => {
            let (v, raw) = if cell.percent {
                (tidy(n * 100.0), format!("{}%", fmt_number(tidy(n * 100.0))))
            } else {
                (tidy(*n), fmt_number(tidy(*n)))
            };
            if v.is_finite() {
                Parsed::new(Status::Ok, Some(v), raw)
            } else {
                invalid(raw, Problem::Unreadable)
            }
        }
        Content::Bool(b) => invalid(if *b { "TRUE" } else { "FALSE" }.into(), Problem::Boolean),
        Content::Date(s) => invalid(s.clone(), Problem::Date),
        Content::Error(e) => invalid(e.clone(), Problem::ErrorCell(e.clone())),
        Content::Text(t) => parse_text(t, kind),
    }
}

fn invalid(raw: String, problem: Problem) -> Parsed {
    let mut p = Parsed::new(Status::Invalid, None, raw);
    p.problem = Some(problem);
    p
}

/// Read typed text.
pub fn parse_text(text: &str, kind: Kind) -> Parsed {
    let raw = text.trim_matches(is_blank).to_string();
    let norm = normalize(&raw);
    let norm = norm.trim();
    if norm.is_empty() {
        return Parsed::new(Status::Missing, None, raw);
    }
    if NOT_APPLICABLE
        .iter()
        .any(|na| na.eq_ignore_ascii_case(norm))
    {
        return Parsed::new(Status::Na, None, raw);
    }
    if norm.starts_with('#')
        && norm.len() > 1
        && norm[1..]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "/!?.".contains(c))
    {
        return invalid(raw.clone(), Problem::ErrorCell(norm.to_string()));
    }
    if looks_like_date(norm) {
        return invalid(raw, Problem::Date);
    }
    if matches!(norm, "无" | "没有" | "未上榜" | "暂无" | "未排名") {
        if kind == Kind::Rank {
            let mut p = Parsed::new(Status::Missing, None, raw);
            p.detail = Some(norm.to_string());
            return p;
        }
        if norm != "未上榜" && norm != "未排名" {
            return Parsed::new(Status::Ok, Some(0.0), raw);
        }
    }
    let body = norm
        .strip_prefix('第')
        .or_else(|| norm.strip_prefix("排名"))
        .or_else(|| norm.strip_prefix("约"))
        .unwrap_or(norm)
        .trim_start();
    let Some((value, rest)) = leading_number(body) else {
        return invalid(raw, Problem::Unreadable);
    };
    let mut rest = rest.trim_start();
    if let Some(r) = rest.strip_prefix('%') {
        rest = r.trim_start();
    }
    let detail = detail_of(rest);
    let mut p = Parsed::new(Status::Ok, Some(tidy(value)), raw);
    p.detail = detail;
    p
}

/// `2024-05-01`, `2024/5/1`, `2024年5月1日`: a date typed where a number belongs.
fn looks_like_date(s: &str) -> bool {
    let parts: Vec<&str> = s
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// What follows the number and its unit, without the separators around it.
fn detail_of(rest: &str) -> Option<String> {
    let mut rest = rest;
    for u in UNITS {
        if let Some(r) = rest.strip_prefix(u) {
            rest = r;
            break;
        }
    }
    let d = rest.trim_matches(|c: char| {
        is_blank(c)
            || matches!(
                c,
                '/' | ','
                    | ';'
                    | ':'
                    | '、'
                    | '，'
                    | '；'
                    | '：'
                    | '('
                    | ')'
                    | '（'
                    | '）'
                    | '['
                    | ']'
                    | '【'
                    | '】'
            )
    });
    // Drop a trailing 名 of `第12名` and units like `名`.
    if d.is_empty() || UNITS.contains(&d) {
        None
    } else {
        Some(d.to_string())
    }
}

/// The number at the start of `s`, with thousands separators; and what follows it.
fn leading_number(s: &str) -> Option<(f64, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut digits = String::new();
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        if b[i] == b'-' {
            digits.push('-');
        }
        i += 1;
    }
    let int_start = i;
    let mut seen_digit = false;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            digits.push(c as char);
            seen_digit = true;
            i += 1;
        } else if c == b',' && seen_digit && is_thousands_group(&b[i + 1..]) {
            i += 1;
        } else {
            break;
        }
    }
    if i < b.len() && b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        digits.push('.');
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            digits.push(b[i] as char);
            i += 1;
        }
        seen_digit = true;
    }
    if !seen_digit || i == int_start {
        return None;
    }
    let v: f64 = digits.parse().ok()?;
    v.is_finite().then_some((v, &s[i..]))
}

/// `,` followed by exactly three digits and then no more digits: a thousands separator.
fn is_thousands_group(after: &[u8]) -> bool {
    after.len() >= 3
        && after[..3].iter().all(u8::is_ascii_digit)
        && !after.get(3).is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Kind::*;

    fn text(s: &str, kind: Kind) -> (Status, Option<f64>, Option<String>) {
        let p = parse_text(s, kind);
        (p.status, p.value, p.detail)
    }

    fn num(s: &str) -> Option<f64> {
        let p = parse_text(s, Count);
        assert_eq!(p.status, Status::Ok, "{s}");
        p.value
    }

    #[test]
    fn plain_and_text_numbers() {
        assert_eq!(num("12"), Some(12.0));
        assert_eq!(num(" 12 "), Some(12.0));
        assert_eq!(num("12.50"), Some(12.5));
        assert_eq!(num("\u{3000}7\u{a0}"), Some(7.0));
    }

    #[test]
    fn full_width_digits() {
        assert_eq!(num("１２３"), Some(123.0));
        assert_eq!(num("１２．５％"), Some(12.5));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(num("12,345"), Some(12345.0));
        assert_eq!(num("1,234,567.5"), Some(1234567.5));
        assert_eq!(num("１２，３４５"), Some(12345.0));
        // Not a thousands group: the comma ends the number.
        assert_eq!(
            text("12,34", Count),
            (Status::Ok, Some(12.0), Some("34".into()))
        );
    }

    #[test]
    fn spaces_inside() {
        assert_eq!(num("1 234"), Some(1234.0));
    }

    #[test]
    fn trailing_units() {
        for (s, v) in [
            ("36张", 36.0),
            ("12人", 12.0),
            ("3500人次", 3500.0),
            ("860平方米", 860.0),
            ("35.5万元", 35.5),
            ("3个", 3.0),
            ("2项", 2.0),
            ("5篇", 5.0),
            ("1件", 1.0),
            ("4台", 4.0),
            ("120组", 120.0),
        ] {
            assert_eq!(text(s, Count), (Status::Ok, Some(v), None), "{s}");
        }
    }

    #[test]
    fn percent_text() {
        assert_eq!(text("12.5%", Rate), (Status::Ok, Some(12.5), None));
        assert_eq!(text("98 %", Rate), (Status::Ok, Some(98.0), None));
    }

    #[test]
    fn percent_formatted_cell_means_what_it_shows() {
        let cell = Cell {
            content: Content::Number(0.125),
            percent: true,
            formula_without_result: false,
        };
        let p = parse_cell(Some(&cell), Rate);
        assert_eq!(p.value, Some(12.5));
        assert_eq!(p.raw, "12.5%");
        let cell = Cell {
            content: Content::Number(0.133),
            percent: true,
            formula_without_result: false,
        };
        assert_eq!(parse_cell(Some(&cell), Rate).value, Some(13.3));
    }

    #[test]
    fn none_is_zero_except_for_the_ranking() {
        assert_eq!(text("无", Count), (Status::Ok, Some(0.0), None));
        assert_eq!(text("无", Rank), (Status::Missing, None, Some("无".into())));
        assert_eq!(
            text("未上榜", Rank),
            (Status::Missing, None, Some("未上榜".into()))
        );
    }

    #[test]
    fn not_applicable() {
        for s in ["/", "／", "—", "-", "不适用", "无此项", " / "] {
            assert_eq!(text(s, Rate).0, Status::Na, "{s}");
        }
    }

    #[test]
    fn blank_is_missing() {
        assert_eq!(text("", Count).0, Status::Missing);
        assert_eq!(text("  ", Count).0, Status::Missing);
        assert_eq!(parse_cell(None, Count).status, Status::Missing);
    }

    #[test]
    fn compound_cells_keep_the_rest_as_detail() {
        assert_eq!(
            text("4张/13.3%", CountRate),
            (Status::Ok, Some(4.0), Some("13.3%".into()))
        );
        assert_eq!(
            text("3（DR、彩超、呼吸机）", CountDetail),
            (Status::Ok, Some(3.0), Some("DR、彩超、呼吸机".into()))
        );
        assert_eq!(
            text("2项/35万元", CountAmount),
            (Status::Ok, Some(2.0), Some("35万元".into()))
        );
        assert_eq!(text("第12名", Rank), (Status::Ok, Some(12.0), None));
        assert_eq!(
            text("5个：胸痛、卒中、创伤", CountDetail),
            (Status::Ok, Some(5.0), Some("胸痛、卒中、创伤".into()))
        );
    }

    #[test]
    fn unreadable_and_error_cells() {
        let p = parse_text("较多", Count);
        assert_eq!(
            (p.status, p.problem),
            (Status::Invalid, Some(Problem::Unreadable))
        );
        let p = parse_text("#DIV/0!", Rate);
        assert_eq!(p.status, Status::Invalid);
        assert_eq!(p.problem, Some(Problem::ErrorCell("#DIV/0!".into())));
        let cell = Cell {
            content: Content::Error("#N/A".into()),
            percent: false,
            formula_without_result: false,
        };
        assert_eq!(parse_cell(Some(&cell), Rate).status, Status::Invalid);
    }

    #[test]
    fn typed_dates_are_invalid() {
        for s in ["2024-05-01", "2024/5/1", "2024年5月1日"] {
            assert_eq!(parse_text(s, Count).problem, Some(Problem::Date), "{s}");
        }
        assert_eq!(parse_text("2024", Count).value, Some(2024.0));
        assert_eq!(parse_text("12.5.1", Count).status, Status::Ok);
    }

    #[test]
    fn negative_numbers_are_read_for_validation_to_judge() {
        assert_eq!(num("-3"), Some(-3.0));
    }

    #[test]
    fn formula_without_result_is_missing_with_a_note() {
        let cell = Cell {
            content: Content::Empty,
            percent: false,
            formula_without_result: true,
        };
        let p = parse_cell(Some(&cell), Count);
        assert_eq!(p.status, Status::Missing);
        assert_eq!(p.problem, Some(Problem::FormulaNoResult));
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_without_panic(s in "\\PC{0,40}") {
            let _ = parse_text(&s, Count);
            let _ = parse_text(&s, Rank);
        }

        #[test]
        fn integers_round_trip(n in 0u64..10_000_000) {
            proptest::prop_assert_eq!(parse_text(&n.to_string(), Count).value, Some(n as f64));
        }
    }
}
