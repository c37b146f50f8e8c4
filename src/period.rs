//! Reporting periods as hospitals write them in the survey's header: `2024年1-6月`, `2024年`,
//! `2024年度`, `2024上半年`, `2024H1`, `2024.1-6`, `2024年1月1日-6月30日`, `本期（2024年1-6月）`,
//! `上年同期（2023年1-6月）` …; which period is one year earlier; and which header cells are
//! period columns, last year's column or a target column ([`classify_header`]).
//!
//! A header is read only when all of it is a period and the few words that commonly decorate
//! one (`数据`, `本期`, `实际`, `（半年）`); a sentence that merely contains a period, such as a
//! title, is not a period.

use std::fmt;

/// A reporting period: a year and a span of months within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub year: u16,
    /// First month, 1–12.
    pub from: u8,
    /// Last month, 1–12.
    pub to: u8,
}

/// What a column's header says the column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderCell {
    /// A column of values for a period. `baseline` when the header says it is last year's
    /// (上年同期（2023年1-6月）).
    Period { period: Period, baseline: bool },
    /// `上年同期` / `去年同期` with no period written: one year before the table's other period.
    LastYear,
    /// A target column: 目标值, 目标, 承诺值, 建设目标, 2026年目标, 目标（2026年）, 承诺目标值 …
    Target { period: Option<Period> },
}

/// The years a period may have.
const YEARS: std::ops::RangeInclusive<u16> = 2000..=2100;

impl Period {
    /// The same span one year earlier.
    pub fn year_before(self) -> Period {
        Period {
            year: self.year - 1,
            ..self
        }
    }

    /// Whether the period's last month is after `today`'s month (year, month, day): such a
    /// period has not ended and cannot have been reported.
    pub fn ends_after(self, today: (u16, u8, u8)) -> bool {
        (self.year, self.to) > (today.0, today.1)
    }

    /// Read a header cell or a period given on the command line. Returns `None` when the text
    /// is not a period. A baseline header (`上年同期（2023年1-6月）`) gives its period; use
    /// [`classify_header`] to know it is the baseline.
    pub fn parse(text: &str) -> Option<Period> {
        decorated(&prepare(text)).map(|(p, _)| p)
    }

    fn new(year: u16, from: u8, to: u8) -> Option<Period> {
        (YEARS.contains(&year) && (1..=12).contains(&from) && (from..=12).contains(&to))
            .then_some(Period { year, from, to })
    }
}

impl Period {
    /// The label in a language: the canonical `2024年1-6月` in Chinese, `2024 Jan–Jun` in
    /// English. The canonical label is what JSON and CSV carry, whatever the language.
    pub fn label(self, lang: crate::i18n::Lang) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let m = |k: u8| MONTHS[usize::from(k.clamp(1, 12)) - 1];
        match lang {
            crate::i18n::Lang::Zh => self.to_string(),
            crate::i18n::Lang::En => match (self.from, self.to) {
                (1, 12) => format!("{}", self.year),
                (a, b) if a == b => format!("{} {}", self.year, m(a)),
                (a, b) => format!("{} {}–{}", self.year, m(a), m(b)),
            },
        }
    }
}

/// The canonical label: `2024年`, `2024年1-6月`, `2024年3月`.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.to) {
            (1, 12) => write!(f, "{}年", self.year),
            (a, b) if a == b => write!(f, "{}年{}月", self.year, a),
            (a, b) => write!(f, "{}年{}-{}月", self.year, a, b),
        }
    }
}

/// The period a file or folder name states (`2024年1-6月_人民医院_心内科`, `2024上半年 骨科`):
/// the one period among the name's parts between separators, if exactly one is written.
pub fn named_in(name: &str) -> Option<Period> {
    let mut found: Option<Period> = None;
    for part in name
        .split(|c: char| c == '_' || crate::text::is_blank(c) || "（）()【】[]、，,·+".contains(c))
    {
        if let Some(p) = Period::parse(part) {
            match found {
                Some(q) if q != p => return None,
                _ => found = Some(p),
            }
        }
    }
    found
}

impl Period {
    /// Whether a table's column of this period fits a name that says `named`: the same
    /// period, or a month span within a year the name gives whole (`2024年`).
    pub fn fits_name(self, named: Period) -> bool {
        self == named || (named.from == 1 && named.to == 12 && self.year == named.year)
    }
}

/// Tell a period column, last year's column and a target column apart by the header text.
/// `None` for anything else (`备注`, `单位`, `2024年1-6月增长率`, a title).
pub fn classify_header(text: &str) -> Option<HeaderCell> {
    let s = prepare(text);
    if s.contains("目标") || s.contains("承诺") {
        return target(&s);
    }
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        let words = words(&s, SUFFIX_WORDS)?;
        return (words.iter().any(|w| LAST_YEAR.contains(w))
            && !words.iter().any(|w| CURRENT.contains(w)))
        .then_some(HeaderCell::LastYear);
    }
    let (period, baseline) = decorated(&s)?;
    Some(HeaderCell::Period { period, baseline })
}

/// Words that may come before a period: `本期（2024年1-6月）`, `上年同期（2023年1-6月）`.
const PREFIX_WORDS: &[&str] = &[
    "上年同期",
    "去年同期",
    "报告期",
    "统计期",
    "同期",
    "上年",
    "去年",
    "基期",
    "本期",
    "当期",
];

/// Words that may follow a period: `2024年1-6月数据`, `2024年1-6月（本期）`, `（半年）`.
const SUFFIX_WORDS: &[&str] = &[
    "上年同期",
    "去年同期",
    "完成情况",
    "实际值",
    "实际数",
    "完成值",
    "完成数",
    "填报值",
    "上半年",
    "下半年",
    "数据",
    "实际",
    "完成",
    "填报",
    "数值",
    "情况",
    "统计",
    "累计",
    "本期",
    "当期",
    "同期",
    "基期",
    "半年",
    "全年",
    "年度",
    "值",
];

/// Words that make a column last year's.
const LAST_YEAR: &[&str] = &["上年同期", "去年同期", "同期", "上年", "去年", "基期"];

/// Words that make a column this period's.
const CURRENT: &[&str] = &["本期", "当期", "报告期", "统计期"];

/// Words a target header is made of, around an optional period: `2026年目标`, `承诺目标值`.
const TARGET_WORDS: &[&str] = &[
    "建设", "承诺", "目标", "预期", "计划", "考核", "期末", "年度", "达到", "值", "数", "底", "末",
];

/// Full-width and look-alike characters to one spelling: digits and blanks as
/// [`crate::text::normalize`]; every dash ([`crate::text::is_dash`]), `~` and `至` as `-`;
/// brackets as `(` `)`.
fn prepare(text: &str) -> String {
    crate::text::normalize(text)
        .chars()
        .map(|c| match c {
            c if crate::text::is_dash(c) || matches!(c, '~' | '～' | '〜' | '至' | '到') => '-',
            '（' | '【' | '[' => '(',
            '）' | '】' | ']' => ')',
            '：' => ':',
            'Ｈ' | 'ｈ' => 'H',
            'Ｑ' | 'ｑ' => 'Q',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// A period with its decorations: the period and whether the header calls it last year's.
fn decorated(s: &str) -> Option<(Period, bool)> {
    let (before, period, after) = split(s)?;
    let mut all = words(before, PREFIX_WORDS)?;
    all.extend(words(after, SUFFIX_WORDS)?);
    let baseline = all.iter().any(|w| LAST_YEAR.contains(w));
    if baseline && all.iter().any(|w| CURRENT.contains(w)) {
        return None;
    }
    // A note on the span must agree with it: `（半年）` only on six months.
    let agrees = |w: &&str| match *w {
        "半年" => period.to - period.from == 5,
        "上半年" => (period.from, period.to) == (1, 6),
        "下半年" => (period.from, period.to) == (7, 12),
        "全年" | "年度" => (period.from, period.to) == (1, 12),
        _ => true,
    };
    all.iter().all(agrees).then_some((period, baseline))
}

/// A target header: target words around an optional period.
fn target(s: &str) -> Option<HeaderCell> {
    let (period, rest) = match split(s) {
        Some((before, period, after)) => (Some(period), [before, after]),
        None if !s.bytes().any(|b| b.is_ascii_digit()) => (None, [s, ""]),
        None => return None,
    };
    let mut all = Vec::new();
    for part in rest {
        all.extend(words(part, TARGET_WORDS)?);
    }
    all.iter()
        .any(|w| matches!(*w, "目标" | "承诺"))
        .then_some(HeaderCell::Target { period })
}

/// Split text at the period in it: what comes before (no digits), the period, what follows.
fn split(s: &str) -> Option<(&str, Period, &str)> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let mut c = Cur(&s[start..]);
    let period = core(&mut c)?;
    Some((&s[..start], period, c.0))
}

/// `text` as a run of `words`, with brackets and colons between them ignored; `None` when some
/// of it is not one of the words.
fn words<'a>(text: &str, list: &[&'a str]) -> Option<Vec<&'a str>> {
    let mut out = Vec::new();
    let mut s = text;
    loop {
        s = s.trim_start_matches(['(', ')', ':']);
        if s.is_empty() {
            return Some(out);
        }
        let w = list.iter().find(|w| s.starts_with(**w))?;
        s = &s[w.len()..];
        out.push(*w);
    }
}

/// A cursor over the rest of a header.
#[derive(Clone, Copy)]
struct Cur<'a>(&'a str);

impl Cur<'_> {
    fn eat(&mut self, p: &str) -> bool {
        match self.0.strip_prefix(p) {
            Some(r) => {
                self.0 = r;
                true
            }
            None => false,
        }
    }

    fn starts_with_digit(&self) -> bool {
        self.0.starts_with(|c: char| c.is_ascii_digit())
    }

    /// A run of 1 to `max` digits; nothing is consumed when the run is empty or longer.
    fn num(&mut self, max: usize) -> Option<u32> {
        let n = self.0.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > max {
            return None;
        }
        let v = self.0[..n].parse().ok()?;
        self.0 = &self.0[n..];
        Some(v)
    }

    /// A year: exactly four digits, 2000–2100.
    fn year(&mut self) -> Option<u16> {
        let mut c = *self;
        let n = self.0.bytes().take_while(u8::is_ascii_digit).count();
        if n != 4 {
            return None;
        }
        let y = u16::try_from(c.num(4)?).ok()?;
        YEARS.contains(&y).then(|| {
            *self = c;
            y
        })
    }

    /// A month number, 1–12.
    fn month(&mut self) -> Option<u8> {
        let mut c = *self;
        let m = u8::try_from(c.num(2)?).ok()?;
        (1..=12).contains(&m).then(|| {
            *self = c;
            m
        })
    }

    /// A day number, 1–31.
    fn day(&mut self) -> Option<u8> {
        let mut c = *self;
        let d = u8::try_from(c.num(2)?).ok()?;
        (1..=31).contains(&d).then(|| {
            *self = c;
            d
        })
    }
}

/// The period at the start of the cursor; the cursor is left after it.
fn core(c: &mut Cur) -> Option<Period> {
    let year = c.year()?;
    if c.eat("年") {
        return after_year_word(c, year);
    }
    let mut named = *c;
    named.eat("-");
    if let Some(p) = named_span(&mut named, year) {
        *c = named;
        return Some(p);
    }
    for sep in [".", "/"] {
        if c.eat(sep) {
            return dotted(c, year, sep);
        }
    }
    if c.eat("-") {
        return iso(c, year);
    }
    Period::new(year, 1, 12)
}

/// After `2024年`: `度`, `上半年`, `Q1`, `第一季度`, months, or nothing (the whole year).
fn after_year_word(c: &mut Cur, year: u16) -> Option<Period> {
    if c.eat("度") {
        return Period::new(year, 1, 12);
    }
    if let Some(p) = named_span(c, year) {
        return Some(p);
    }
    if c.starts_with_digit() {
        return months(c, year);
    }
    Period::new(year, 1, 12)
}

/// A half, quarter or whole year by name: `上半年`, `H1`, `Q1`, `第一季度`, `1季度`, `全年`.
fn named_span(c: &mut Cur, year: u16) -> Option<Period> {
    for (word, from, to) in [
        ("上半年", 1, 6),
        ("下半年", 7, 12),
        ("H1", 1, 6),
        ("H2", 7, 12),
        ("全年", 1, 12),
        ("年度", 1, 12),
    ] {
        if c.eat(word) {
            return Period::new(year, from, to);
        }
    }
    // A quarter: Q1, 第一季度, 一季度, 第1季度, 1季度, 1季.
    let mut q = *c;
    let n = if q.eat("Q") {
        q.num(1)?
    } else {
        q.eat("第");
        let n = match ["一", "二", "三", "四"].iter().position(|w| q.eat(w)) {
            Some(i) => i as u32 + 1,
            None => q.num(1)?,
        };
        if !(q.eat("季度") || q.eat("季")) {
            return None;
        }
        n
    };
    if !(1..=4).contains(&n) {
        return None;
    }
    *c = q;
    let from = (n as u8 - 1) * 3 + 1;
    Period::new(year, from, from + 2)
}

/// Months after `2024年`: `3月`, `1-6月`, `1月-6月`, `1-6月份`, `1月-2024年6月`,
/// `1月1日-6月30日`, `1月1日-2024年6月30日`.
fn months(c: &mut Cur, year: u16) -> Option<Period> {
    let from = c.month()?;
    let mut first_day = None;
    let from_word = c.eat("月");
    if from_word {
        c.eat("份");
        if c.starts_with_digit() {
            first_day = Some(c.day()?);
            if !(c.eat("日") || c.eat("号")) {
                return None;
            }
        }
    }
    if !c.eat("-") {
        // One month; a single day is a date, not a period.
        return (from_word && first_day.is_none())
            .then(|| Period::new(year, from, from))
            .flatten();
    }
    let mut y = *c;
    if let Some(y2) = y.year() {
        if !y.eat("年") || y2 != year {
            return None;
        }
        *c = y;
    }
    let to = c.month()?;
    if !c.eat("月") {
        return None;
    }
    c.eat("份");
    let last_day = match first_day {
        Some(_) => {
            let d = c.day()?;
            if !(c.eat("日") || c.eat("号")) {
                return None;
            }
            Some(d)
        }
        None if c.starts_with_digit() => return None,
        None => None,
    };
    whole_months(year, from, first_day, to, last_day)
}

/// `2024.1-6`, `2024.01-2024.06`, `2024/1-6`, `2024.1.1-2024.6.30`: months or dates with `.`
/// or `/`. A single month (`2024.6`) is not read: it may be a number.
fn dotted(c: &mut Cur, year: u16, sep: &str) -> Option<Period> {
    let from = c.month()?;
    let first_day = if c.eat(sep) { Some(c.day()?) } else { None };
    if !c.eat("-") {
        return None;
    }
    let mut y = *c;
    if let Some(y2) = y.year() {
        if !y.eat(sep) || y2 != year {
            return None;
        }
        *c = y;
    }
    let to = c.month()?;
    let last_day = match first_day {
        Some(_) => {
            if !c.eat(sep) {
                return None;
            }
            Some(c.day()?)
        }
        None => {
            if c.eat("月") {
                c.eat("份");
            }
            None
        }
    };
    if c.starts_with_digit() || c.0.starts_with(['.', '/']) {
        return None;
    }
    whole_months(year, from, first_day, to, last_day)
}

/// `2024-01-01至2024-06-30` (the `至` already a `-`) and `2024-01-2024-06`. A single date
/// (`2024-01-06`) is not a period.
fn iso(c: &mut Cur, year: u16) -> Option<Period> {
    let from = c.month()?;
    if !c.eat("-") {
        return None;
    }
    let mut y = *c;
    if let Some(y2) = y.year() {
        // Months: 2024-01-2024-06
        if !y.eat("-") || y2 != year {
            return None;
        }
        *c = y;
        let to = c.month()?;
        if c.starts_with_digit() || c.0.starts_with('-') {
            return None;
        }
        return whole_months(year, from, None, to, None);
    }
    let first_day = c.day()?;
    if !c.eat("-") {
        return None;
    }
    let mut y = *c;
    if let Some(y2) = y.year() {
        if !y.eat("-") || y2 != year {
            return None;
        }
        *c = y;
    }
    let to = c.month()?;
    if !c.eat("-") {
        return None;
    }
    let last_day = c.day()?;
    if c.starts_with_digit() || c.0.starts_with('-') {
        return None;
    }
    whole_months(year, from, Some(first_day), to, Some(last_day))
}

/// The months `from`–`to` of `year`, when the days given (if any) cover them exactly: the
/// span starts on a 1st and ends on the last day of its month.
fn whole_months(
    year: u16,
    from: u8,
    first_day: Option<u8>,
    to: u8,
    last_day: Option<u8>,
) -> Option<Period> {
    match (first_day, last_day) {
        (None, None) => {}
        (Some(1), Some(d)) if d == days_in_month(year, to) => {}
        _ => return None,
    }
    Period::new(year, from, to)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        Period::parse(s).map(|p| p.to_string())
    }

    fn reads(s: &str, label: &str) {
        assert_eq!(p(s).as_deref(), Some(label), "{s}");
    }

    fn period(year: u16, from: u8, to: u8) -> Period {
        Period { year, from, to }
    }

    #[test]
    fn months_with_a_dash() {
        reads("2024年1-6月", "2024年1-6月");
    }

    #[test]
    fn months_with_a_full_width_dash() {
        reads("2024年1－6月", "2024年1-6月");
    }

    #[test]
    fn months_each_with_its_word() {
        reads("2024年1月-6月", "2024年1-6月");
    }

    #[test]
    fn months_with_a_tilde() {
        reads("2024年1~6月", "2024年1-6月");
        reads("2024年1～6月", "2024年1-6月");
        reads("2024年1〜6月", "2024年1-6月");
    }

    /// Every dash people type between two months: the minus sign, full-width hyphen, em dash,
    /// horizontal bar (`text::is_dash`).
    #[test]
    fn months_with_any_dash() {
        for d in ["−", "－", "—", "–", "―", "‐", "﹣"] {
            reads(&format!("2024年1{d}6月"), "2024年1-6月");
        }
    }

    #[test]
    fn months_with_zhi() {
        reads("2024年1至6月", "2024年1-6月");
    }

    #[test]
    fn first_half_with_nian() {
        reads("2024年上半年", "2024年1-6月");
    }

    #[test]
    fn first_half_without_nian() {
        reads("2024上半年", "2024年1-6月");
    }

    #[test]
    fn h1_with_nian() {
        reads("2024年H1", "2024年1-6月");
    }

    #[test]
    fn h1_without_nian() {
        reads("2024H1", "2024年1-6月");
        reads("2024h1", "2024年1-6月");
    }

    #[test]
    fn h1_after_a_dash() {
        reads("2024-H1", "2024年1-6月");
    }

    #[test]
    fn second_half() {
        reads("2024年下半年", "2024年7-12月");
        reads("2024H2", "2024年7-12月");
    }

    #[test]
    fn whole_year() {
        reads("2024年", "2024年");
        reads(" 2024 年 ", "2024年");
    }

    #[test]
    fn whole_year_du() {
        reads("2024年度", "2024年");
    }

    #[test]
    fn whole_year_quannian() {
        reads("2024年全年", "2024年");
    }

    #[test]
    fn bare_year() {
        reads("2024", "2024年");
    }

    #[test]
    fn full_width_digits() {
        reads("２０２４年１-６月", "2024年1-6月");
        reads("２０２３年１-６月", "2023年1-6月");
    }

    #[test]
    fn first_quarter_in_words() {
        reads("2024年第一季度", "2024年1-3月");
    }

    #[test]
    fn first_quarter_in_digits() {
        reads("2024年1季度", "2024年1-3月");
        reads("2024年第3季度", "2024年7-9月");
    }

    #[test]
    fn quarter_q() {
        reads("2024Q1", "2024年1-3月");
        reads("2024年Q1", "2024年1-3月");
        reads("2024Q4", "2024年10-12月");
    }

    #[test]
    fn with_shuju() {
        reads("2024年1-6月数据", "2024年1-6月");
    }

    #[test]
    fn with_benqi_after() {
        reads("2024年1-6月（本期）", "2024年1-6月");
    }

    #[test]
    fn with_benqi_before() {
        reads("本期（2024年1-6月）", "2024年1-6月");
    }

    #[test]
    fn with_shiji() {
        reads("2024年1-6月实际", "2024年1-6月");
    }

    #[test]
    fn with_wanchengzhi() {
        reads("2024年1-6月完成值", "2024年1-6月");
    }

    #[test]
    fn with_fen() {
        reads("2024年1-6月份", "2024年1-6月");
    }

    #[test]
    fn last_year_with_its_period() {
        reads("上年同期（2023年1-6月）", "2023年1-6月");
    }

    #[test]
    fn dotted_months() {
        reads("2024.1-6", "2024年1-6月");
    }

    #[test]
    fn dotted_months_with_zeros() {
        reads("2024.01-06", "2024年1-6月");
    }

    #[test]
    fn dotted_months_with_years() {
        reads("2024.1-2024.6", "2024年1-6月");
    }

    #[test]
    fn dotted_months_with_years_and_zeros() {
        reads("2024.01-2024.06", "2024年1-6月");
    }

    #[test]
    fn slashed_months() {
        reads("2024/1-6", "2024年1-6月");
    }

    #[test]
    fn months_with_years() {
        reads("2024年1月-2024年6月", "2024年1-6月");
    }

    #[test]
    fn days_without_the_second_year() {
        reads("2024年1月1日-6月30日", "2024年1-6月");
    }

    #[test]
    fn days_with_both_years() {
        reads("2024年1月1日至2024年6月30日", "2024年1-6月");
    }

    #[test]
    fn iso_dates() {
        reads("2024-01-01至2024-06-30", "2024年1-6月");
        reads("2024/1/1-2024/6/30", "2024年1-6月");
        reads("2024.01.01-2024.12.31", "2024年");
        reads("2024-01-2024-06", "2024年1-6月");
        assert_eq!(p("2024-1-6"), None, "a date, or ambiguous");
    }

    #[test]
    fn the_last_month_needs_its_word() {
        assert_eq!(p("2024年1-6"), None);
        assert_eq!(p("2024年1月-6"), None);
    }

    #[test]
    fn days_must_cover_whole_months() {
        for s in [
            "2024-01-02至2024-06-30",
            "2024-01-01至2024-06-29",
            "2024年1月1日-6月31日",
            "2024年1月15日-6月30日",
            "2023年1月1日-2月29日",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
        reads("2024年1月1日-2月29日", "2024年1-2月");
        reads("2023年1月1日-2月28日", "2023年1-2月");
    }

    #[test]
    fn half_year_note() {
        reads("2024年1-6月（半年）", "2024年1-6月");
        assert_eq!(p("2024年1-3月（半年）"), None);
        assert_eq!(p("2024年7-12月（上半年）"), None);
    }

    #[test]
    fn single_month() {
        reads("2024年3月", "2024年3月");
    }

    #[test]
    fn not_periods() {
        for s in [
            "备注",
            "三级指标",
            "单位",
            "2024年13月",
            "2024年6-1月",
            "12",
            "年",
            "",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
    }

    #[test]
    fn growth_rate_is_not_a_period() {
        assert_eq!(p("2024年1-6月增长率"), None);
        assert_eq!(classify_header("2024年1-6月增长率"), None);
    }

    #[test]
    fn year_on_year_growth_is_not_a_period() {
        assert_eq!(p("同比增长（%）"), None);
        assert_eq!(classify_header("同比增长（%）"), None);
    }

    #[test]
    fn a_date_is_not_a_period() {
        assert_eq!(p("2024年1月1日"), None);
        assert_eq!(p("2024-01-06"), None);
        assert_eq!(p("2024.6"), None);
    }

    #[test]
    fn years_outside_2000_to_2100() {
        for s in ["1999年", "2101年1-6月", "1999", "2101", "20245", "0024年"] {
            assert_eq!(p(s), None, "{s}");
        }
        reads("2000年", "2000年");
        reads("2100年", "2100年");
    }

    #[test]
    fn a_title_is_not_a_period() {
        assert_eq!(p("北岭旗2024年上半年临床重点专科评估"), None);
        assert_eq!(classify_header("北岭旗2024年上半年临床重点专科评估"), None);
        assert_eq!(classify_header("南山县2026年重点专科建设目标"), None);
    }

    #[test]
    fn spans_across_years_are_not_periods() {
        assert_eq!(p("2023年7月-2024年6月"), None);
        assert_eq!(p("2023.7-2024.6"), None);
    }

    #[test]
    fn baseline_is_the_same_span_a_year_earlier() {
        let cur = Period::parse("2024年上半年").unwrap();
        assert_eq!(cur.year_before().to_string(), "2023年1-6月");
    }

    #[test]
    fn ends_after_today() {
        let h1 = period(2024, 1, 6);
        assert!(
            !h1.ends_after((2024, 6, 15)),
            "its last month is this month"
        );
        assert!(!h1.ends_after((2024, 7, 1)));
        assert!(!h1.ends_after((2025, 1, 1)));
        assert!(h1.ends_after((2024, 5, 31)));
        assert!(h1.ends_after((2023, 12, 31)));
    }

    // Header classification.

    #[test]
    fn header_period() {
        assert_eq!(
            classify_header("2024年1-6月"),
            Some(HeaderCell::Period {
                period: period(2024, 1, 6),
                baseline: false
            })
        );
        assert_eq!(
            classify_header("本期（2024年1-6月）"),
            Some(HeaderCell::Period {
                period: period(2024, 1, 6),
                baseline: false
            })
        );
    }

    #[test]
    fn header_baseline_with_its_period() {
        assert_eq!(
            classify_header("上年同期（2023年1-6月）"),
            Some(HeaderCell::Period {
                period: period(2023, 1, 6),
                baseline: true
            })
        );
        assert_eq!(
            classify_header("2023年1-6月（去年同期）"),
            Some(HeaderCell::Period {
                period: period(2023, 1, 6),
                baseline: true
            })
        );
    }

    #[test]
    fn header_current_and_baseline_at_once_is_nothing() {
        assert_eq!(classify_header("本期上年同期（2023年1-6月）"), None);
    }

    #[test]
    fn header_last_year_without_a_period() {
        for s in ["上年同期", "去年同期", "（上年同期）", "上年同期数据"] {
            assert_eq!(classify_header(s), Some(HeaderCell::LastYear), "{s}");
        }
        assert_eq!(p("上年同期"), None);
        assert_eq!(classify_header("本期"), None);
    }

    #[test]
    fn header_targets_without_a_period() {
        for s in [
            "目标值",
            "目标",
            "承诺值",
            "建设目标",
            "承诺目标值",
            "年度目标",
        ] {
            assert_eq!(
                classify_header(s),
                Some(HeaderCell::Target { period: None }),
                "{s}"
            );
        }
    }

    #[test]
    fn header_targets_with_a_period() {
        let y2026 = Some(period(2026, 1, 12));
        for s in [
            "2026年目标",
            "目标（2026年）",
            "2026年目标值",
            "2026年度目标",
            "2026年底目标",
            "建设目标（2026年）",
        ] {
            assert_eq!(
                classify_header(s),
                Some(HeaderCell::Target { period: y2026 }),
                "{s}"
            );
        }
        assert_eq!(p("2026年目标"), None, "a target is not a period column");
    }

    #[test]
    fn header_others() {
        for s in ["备注", "三级指标", "单位", "序号", "目标完成率", "12", ""] {
            assert_eq!(classify_header(s), None, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_without_panic(s in "\\PC{0,40}") {
            let _ = Period::parse(&s);
            let _ = classify_header(&s);
        }

        #[test]
        fn period_like_text_parses_without_panic(
            s in "[本上年同期目标(（]{0,3}[0-9]{0,5}[年.\\-/月日至HQ0-9上半度]{0,14}[)）数据]{0,2}"
        ) {
            if let Some(p) = Period::parse(&s) {
                proptest::prop_assert!(YEARS.contains(&p.year) && p.from <= p.to && p.to <= 12);
            }
            let _ = classify_header(&s);
        }

        #[test]
        fn labels_round_trip(year in 2000u16..=2100, from in 1u8..=12, len in 0u8..12) {
            let to = (from + len).min(12);
            let p = period(year, from, to);
            proptest::prop_assert_eq!(Period::parse(&p.to_string()), Some(p));
            proptest::prop_assert_eq!(
                classify_header(&p.to_string()),
                Some(HeaderCell::Period { period: p, baseline: false })
            );
        }
    }
}
