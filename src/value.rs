//! Cell contents as people type them → a number, missing, not applicable or invalid.
//!
//! The survey is filled by hand in Excel or WPS, so a value may be a number, a number stored as
//! text, full-width digits, `1,234`, `12.5%`, `36张`, `无`, `/`, `第12名`, a compound cell such
//! as `4张/13.3%` or `3（DR、彩超、呼吸机）`, or a number written the way people say it:
//! `1.2万`, `35000元` for a 万元 item, `1.3‰`, `1.5E+03`, `约8`. [`parse_cell`] turns any of them
//! into a [`Parsed`] value for one catalog item, keeps what it did not use as detail, and records
//! every conversion or approximation it made as an [`Adjustment`] so the outputs can show it.

use crate::form::{Item, Kind};
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
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Status::Ok => "",
            Status::Missing => lang.pick("缺失", "missing"),
            Status::Na => lang.pick("不适用", "n/a"),
            Status::Invalid => lang.pick("无效", "invalid"),
        }
    }
}

/// Why a value is invalid or deserves a second look.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// No leading number in the text, or a number too large to hold.
    Unreadable,
    /// An error cell such as `#DIV/0!`.
    ErrorCell(String),
    /// A date: Excel turned what was typed into a date.
    Date,
    /// TRUE / FALSE.
    Boolean,
    /// A formula whose result was never saved.
    FormulaNoResult,
    /// A number beyond ±[`MAX_VALUE`]: nobody typed it on purpose, and scoring it would turn
    /// every total into infinity.
    Implausible,
    /// Below zero: no count, amount, rate or index of the form can be.
    Negative,
    /// A percentage above 100: every rate of the form is a share of a whole.
    OverHundred,
    /// A range (`5-8`, `5~8%`, `5至8`): which number is meant cannot be told.
    Range,
    /// A comma that is no thousands separator (`1,5`, `0,95`): a decimal comma or a typo,
    /// 1.5 or 15 cannot be told.
    DecimalComma,
    /// A dash, read as not applicable; it may have meant "none" (0).
    Dash,
    /// Read as a number, but a check across the batch found it cannot be right (a percentage
    /// typed as a fraction): set aside from scoring ([`Parsed::set_aside`]).
    SetAside,
}

/// The largest value read as a number; anything beyond is [`Problem::Implausible`].
pub const MAX_VALUE: f64 = 1e15;

/// A value that cannot be right becomes invalid, so that it is never scored: beyond
/// ±[`MAX_VALUE`], below zero, or a rate above 100 %.
fn bounded(p: Draft, item: &Item) -> Parsed {
    let problem = match p.value {
        Some(_) if p.status != Status::Ok => return p.into(),
        Some(v) if v.abs() > MAX_VALUE => Problem::Implausible,
        Some(v) if v < 0.0 => Problem::Negative,
        Some(v) if item.kind == Kind::Rate && v > 100.0 => Problem::OverHundred,
        _ => return p.into(),
    };
    let mut q = invalid(p.raw, problem);
    q.adjustments = p.adjustments;
    q.detail = p.detail;
    q.into()
}

/// Something that had to be converted or assumed to get a value from what was typed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Adjustment {
    /// A magnitude word multiplied the number: `1.2万` (人次) → 12000; `2千` → 2000; `1亿` → 1e8.
    Magnitude { word: &'static str, factor: f64 },
    /// The number was written in another unit than the item's and converted to it:
    /// `35000元` for a 万元 item → 3.5 (÷10,000); `1.3‰` for a % item → 0.13 (÷10);
    /// `2亿元` for a 万元 item → 20000.
    Unit {
        written: &'static str,
        unit: &'static str,
        factor: f64,
    },
    /// Scientific notation: `1.5E+03`, `1.2e5` → the number.
    Scientific,
    /// A percent sign or a percent-formatted cell on an item that is no percentage (a count,
    /// an amount): the number is read as shown, the `%` ignored.
    PercentIgnored,
    /// A full stop typed for the decimal point between digits (`96。5` → 96.5): the Chinese
    /// keyboard's `。` sits where the `.` is.
    DecimalMark { written: String },
    /// An approximate or bounded value, read as its number: `约8`, `大约8`, `8左右`, `≈8`,
    /// `近8`, `8余`/`8多`, `>100`, `≥100`, `<5`, `大于100`, `超过100`, `不足5`, `少于5`.
    /// `value` is what the cell was read as, after every other adjustment.
    Approximate { word: String, value: f64 },
}

impl Adjustment {
    /// The short phrase the outputs show, in a language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Zh => self.zh(),
            crate::i18n::Lang::En => self.en(),
        }
    }

    /// The phrase without the number the cell was read as, for a sentence that says that
    /// number already: `约数（“约”）` (the phrase itself adds `，按8计`).
    pub fn what(&self, lang: crate::i18n::Lang) -> String {
        match (self, lang) {
            (Adjustment::Approximate { word, .. }, crate::i18n::Lang::Zh) => {
                format!("约数（“{word}”）")
            }
            (Adjustment::Approximate { word, .. }, crate::i18n::Lang::En) => {
                format!("approximate (“{word}”)")
            }
            _ => self.text(lang),
        }
    }

    /// The short phrase the outputs show, in Chinese: `“万”按×10000换算`.
    pub fn zh(&self) -> String {
        match self {
            Adjustment::Magnitude { word, factor } => {
                format!("“{word}”按×{}换算", fmt_number(*factor))
            }
            Adjustment::Unit {
                written,
                unit,
                factor,
            } => format!(
                "按“{written}”填写，已换算为{unit}（{}）",
                factor_text(*factor, fmt_number)
            ),
            Adjustment::Scientific => "科学计数法".to_string(),
            Adjustment::DecimalMark { written } => format!("“{written}”按小数点读取"),
            Adjustment::PercentIgnored => "本项不是百分比，“%”未计入".to_string(),
            Adjustment::Approximate { value, .. } => {
                format!(
                    "{}，按{}计",
                    self.what(crate::i18n::Lang::Zh),
                    fmt_number(*value)
                )
            }
        }
    }

    /// The short phrase the outputs show, in English: `“万” read as ×10,000`.
    pub fn en(&self) -> String {
        match self {
            Adjustment::Magnitude { word, factor } => {
                format!("“{word}” read as ×{}", grouped(*factor))
            }
            Adjustment::Unit {
                written,
                unit,
                factor,
            } => format!(
                "written in {written}, converted to {unit} ({})",
                factor_text(*factor, grouped)
            ),
            Adjustment::Scientific => "scientific notation".to_string(),
            Adjustment::DecimalMark { written } => format!("“{written}” read as a decimal point"),
            Adjustment::PercentIgnored => {
                "this item is no percentage; the % was ignored".to_string()
            }
            Adjustment::Approximate { value, .. } => {
                format!(
                    "{}, read as {}",
                    self.what(crate::i18n::Lang::En),
                    fmt_number(*value)
                )
            }
        }
    }
}

/// `×10000` or `÷10` for a conversion factor, the number written by `fmt`.
fn factor_text(factor: f64, fmt: fn(f64) -> String) -> String {
    if factor >= 1.0 || factor <= 0.0 {
        format!("×{}", fmt(factor))
    } else {
        format!("÷{}", fmt((1.0 / factor).round()))
    }
}

/// A whole number with thousands separators (`10,000`); other numbers as [`fmt_number`].
fn grouped(v: f64) -> String {
    let s = fmt_number(v);
    if v.fract() != 0.0 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One cell, read. The status and the number are inline; what else there is (the cell as
/// written when it is not one of the usual spellings of its number, see [`Written`], a
/// detail, a problem, the adjustments) sits in one box that most cells do not need: a survey
/// keeps about 140 values per period and a national run 50,000 surveys, so a plain value
/// costs 24 bytes and no allocation.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub status: Status,
    /// How the cell was written, when there is no box.
    written: Written,
    /// The number, when `status` is `Ok` ([`Parsed::value`]); NaN for none (a value read is
    /// never NaN: `read_cell` and `read_number` make it unreadable). Set when the value is read,
    /// never changed after: the cell as written may be kept only as this number.
    number: f64,
    extra: Option<Box<Extra>>,
}

/// Equal when read the same: none equals none (the number's NaN is no number).
impl PartialEq for Parsed {
    fn eq(&self, other: &Parsed) -> bool {
        self.status == other.status
            && self.written == other.written
            && self.value() == other.value()
            && self.extra == other.extra
    }
}

/// The usual ways a value is written, given back without keeping the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// The number as `assess` prints it (nothing, for a blank).
    Number,
    /// The number and `%`: a percent-formatted cell, `12.5%` typed.
    Percent,
    /// `第5名`: a rank.
    Rank,
    /// One of [`WORDS`], the whole cell.
    Word(u8),
}

/// Whole-cell words common enough not to keep as text: none, not applicable.
const WORDS: [&str; 6] = ["无", "/", "没有", "暂无", "不适用", "无此项"];

impl Written {
    /// The cell as this spelling writes `value`.
    fn text(self, value: Option<f64>) -> String {
        match (self, value) {
            (Written::Word(i), _) => WORDS[usize::from(i)].to_string(),
            (_, None) => String::new(),
            (Written::Number, Some(v)) => fmt_number(v),
            (Written::Percent, Some(v)) => format!("{}%", fmt_number(v)),
            (Written::Rank, Some(v)) => format!("第{}名", fmt_number(v)),
        }
    }

    /// The spelling that gives back `raw` for `value`, if one does (`text` of it is `raw`).
    fn of(raw: &str, value: Option<f64>) -> Option<Written> {
        if let Some(i) = WORDS.iter().position(|w| *w == raw) {
            return Some(Written::Word(i as u8));
        }
        let Some(v) = value else {
            return raw.is_empty().then_some(Written::Number);
        };
        let n = fmt_number(v);
        if raw == n {
            Some(Written::Number)
        } else if raw.strip_suffix('%') == Some(n.as_str()) {
            Some(Written::Percent)
        } else if raw.strip_prefix('第').and_then(|r| r.strip_suffix('名')) == Some(n.as_str()) {
            Some(Written::Rank)
        } else {
            None
        }
    }
}

/// What a [`Parsed`] holds beyond its status and number, in as little as it takes: about 14
/// values of a survey have one, 50,000 surveys in a national run. One allocation for the text
/// (the cell as written, and the detail only when it is not a part of it), a second only for a
/// value with a problem or adjustments, and no spare capacity anywhere.
#[derive(Debug, Clone)]
struct Extra {
    /// The cell as written, followed by the detail when the detail is not a part of it
    /// (`5张／12.5％` has the detail `12.5%`).
    text: Box<str>,
    /// Where the detail is in `text`.
    detail: Span,
    /// The problem and the adjustments, when there is either.
    more: Option<Box<More>>,
}

/// The rarer parts of an [`Extra`].
#[derive(Debug, Clone, PartialEq)]
struct More {
    problem: Option<Problem>,
    adjustments: Box<[Adjustment]>,
    /// The detail, when `text` is too long for a [`Span`] to reach it (never, for a cell a
    /// spreadsheet can hold).
    detail: Option<Box<str>>,
}

/// The detail's bytes `start..end` in [`Extra::text`]; the cell as written is all of `text`,
/// or when the detail was appended (`start` has [`Span::AFTER`]) the bytes before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// No detail in `text`.
    const NONE: Span = Span {
        start: u32::MAX,
        end: u32::MAX,
    };
    /// The bit of `start` that says the detail follows the cell as written.
    const AFTER: u32 = 1 << 31;

    /// The span of bytes `start..end`, if a span can say it (below [`Span::AFTER`]).
    fn of(start: usize, end: usize, after: bool) -> Option<Span> {
        let start = u32::try_from(start).ok().filter(|&s| s < Span::AFTER)?;
        let end = u32::try_from(end).ok().filter(|&e| e < Span::AFTER)?;
        Some(Span {
            start: if after { start | Span::AFTER } else { start },
            end,
        })
    }
}

impl Extra {
    fn new(
        raw: String,
        detail: Option<String>,
        problem: Option<Problem>,
        adjustments: Vec<Adjustment>,
    ) -> Extra {
        let (text, span, apart) = match detail {
            None => (raw.into_boxed_str(), Span::NONE, None),
            Some(d) => match raw.find(d.as_str()) {
                Some(at) => match Span::of(at, at + d.len(), false) {
                    Some(span) => (raw.into_boxed_str(), span, None),
                    None => (raw.into_boxed_str(), Span::NONE, Some(d)),
                },
                None => match Span::of(raw.len(), raw.len() + d.len(), true) {
                    Some(span) => {
                        let mut text = String::with_capacity(raw.len() + d.len());
                        text.push_str(&raw);
                        text.push_str(&d);
                        (text.into_boxed_str(), span, None)
                    }
                    None => (raw.into_boxed_str(), Span::NONE, Some(d)),
                },
            },
        };
        let more = (problem.is_some() || !adjustments.is_empty() || apart.is_some()).then(|| {
            Box::new(More {
                problem,
                adjustments: adjustments.into_boxed_slice(),
                detail: apart.map(String::into_boxed_str),
            })
        });
        Extra {
            text,
            detail: span,
            more,
        }
    }

    /// The cell as written.
    fn raw(&self) -> &str {
        if self.detail != Span::NONE && self.detail.start & Span::AFTER != 0 {
            &self.text[..(self.detail.start & !Span::AFTER) as usize]
        } else {
            &self.text
        }
    }

    fn detail(&self) -> Option<&str> {
        if self.detail == Span::NONE {
            return self.more.as_ref()?.detail.as_deref();
        }
        let start = (self.detail.start & !Span::AFTER) as usize;
        Some(&self.text[start..self.detail.end as usize])
    }

    fn problem(&self) -> Option<&Problem> {
        self.more.as_ref()?.problem.as_ref()
    }

    fn adjustments(&self) -> &[Adjustment] {
        self.more.as_ref().map_or(&[], |m| &m.adjustments)
    }
}

/// Equal when the parts are: how they are packed does not count.
impl PartialEq for Extra {
    fn eq(&self, other: &Extra) -> bool {
        self.raw() == other.raw()
            && self.detail() == other.detail()
            && self.problem() == other.problem()
            && self.adjustments() == other.adjustments()
    }
}

impl Parsed {
    /// A blank cell.
    pub fn missing() -> Parsed {
        Parsed {
            status: Status::Missing,
            written: Written::Number,
            number: f64::NAN,
            extra: None,
        }
    }

    /// The same cell, invalid and so never scored: a check across the batch found that it
    /// cannot be right. What was written, its detail and adjustments stay.
    pub fn set_aside(&self) -> Parsed {
        let mut d = Draft::new(Status::Invalid, None, self.raw().into_owned());
        d.detail = self.detail().map(String::from);
        d.problem = Some(Problem::SetAside);
        d.adjustments = self.adjustments().to_vec();
        d.into()
    }

    /// The number, when `status` is `Ok`.
    pub fn value(&self) -> Option<f64> {
        (!self.number.is_nan()).then_some(self.number)
    }

    /// The cell as written (`12.5%` for a percent-formatted 0.125).
    pub fn raw(&self) -> std::borrow::Cow<'_, str> {
        match &self.extra {
            Some(e) => e.raw().into(),
            None => self.written.text(self.value()).into(),
        }
    }

    /// What followed the leading number (`13.3%` of `4张/13.3%`), or the word that made it
    /// missing (`未上榜`).
    pub fn detail(&self) -> Option<&str> {
        self.extra.as_ref()?.detail()
    }

    pub fn problem(&self) -> Option<&Problem> {
        self.extra.as_ref()?.problem()
    }

    /// What had to be converted or assumed to get `value`, in the order applied. Empty for a
    /// plain number.
    pub fn adjustments(&self) -> &[Adjustment] {
        self.extra.as_ref().map_or(&[], |e| e.adjustments())
    }
}

impl From<Draft> for Parsed {
    fn from(d: Draft) -> Parsed {
        let written = (d.detail.is_none() && d.problem.is_none() && d.adjustments.is_empty())
            .then(|| Written::of(&d.raw, d.value))
            .flatten();
        Parsed {
            status: d.status,
            written: written.unwrap_or(Written::Number),
            number: d.value.unwrap_or(f64::NAN),
            extra: written
                .is_none()
                .then(|| Box::new(Extra::new(d.raw, d.detail, d.problem, d.adjustments))),
        }
    }
}

/// A value while it is being read: every part at hand, until [`Parsed::from`] packs it.
#[derive(Debug)]
struct Draft {
    status: Status,
    value: Option<f64>,
    raw: String,
    detail: Option<String>,
    problem: Option<Problem>,
    adjustments: Vec<Adjustment>,
}

impl Draft {
    fn new(status: Status, value: Option<f64>, raw: String) -> Draft {
        Draft {
            status,
            value,
            raw,
            detail: None,
            problem: None,
            adjustments: Vec::new(),
        }
    }

    /// A blank cell.
    fn missing() -> Draft {
        Draft::new(Status::Missing, None, String::new())
    }
}

/// Units people append to numbers; a number followed only by one of these has no detail.
/// Longer units come before their prefixes (`人次` before `人`).
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

const NOT_APPLICABLE: &[&str] = &["/", "不适用", "无此项", "n/a", "na", "N/A", "NA"];

/// The unit of the money items (57, 58; the amount of 56).
const MONEY_UNIT: &str = "万元";

/// Money written after a number on a 万元 item: the word and the factor to 万元 as
/// (multiply, divide), longest words first.
const MONEY: &[(&str, f64, f64)] = &[
    ("千万元", 1000.0, 1.0),
    ("百万元", 100.0, 1.0),
    ("十万元", 10.0, 1.0),
    ("亿元", 10000.0, 1.0),
    ("万元", 1.0, 1.0),
    ("千元", 1.0, 10.0),
    ("百元", 1.0, 100.0),
    ("元", 1.0, 10000.0),
    ("千万", 1000.0, 1.0),
    ("百万", 100.0, 1.0),
    ("十万", 10.0, 1.0),
    ("亿", 10000.0, 1.0),
    ("万", 1.0, 1.0),
    ("千", 1.0, 10.0),
];

/// Magnitude words that multiply the number directly before them, longest first. `w` (万) and
/// `k` (千) are the shorthand people type; they count only when no letter follows.
const MAGNITUDES: &[(&str, f64)] = &[
    ("千万", 1e7),
    ("百万", 1e6),
    ("十万", 1e5),
    ("亿", 1e8),
    ("万", 1e4),
    ("千", 1e3),
    ("w", 1e4),
    ("W", 1e4),
    ("k", 1e3),
    ("K", 1e3),
];

/// Words before a number that make it approximate or a bound, longest first.
const APPROX_BEFORE: &[&str] = &[
    "大于等于",
    "小于等于",
    "不少于",
    "不低于",
    "不超过",
    "不高于",
    "大约",
    "约为",
    "大概",
    "将近",
    "接近",
    "大于",
    "超过",
    "多于",
    "高于",
    "不足",
    "少于",
    "小于",
    "低于",
    "不到",
    ">=",
    "<=",
    "约",
    "近",
    "≈",
    "~",
    "～",
    "≥",
    "≤",
    "≧",
    "≦",
    ">",
    "<",
    "＞",
    "＜",
];

/// Words after a number (or its magnitude or unit) that make it approximate or a bound.
const APPROX_AFTER: &[&str] = &["左右", "上下", "以上", "以下", "以内", "余", "多", "+"];

/// Characters that separate a number from its detail.
fn is_separator(c: char) -> bool {
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
}

/// Read one cell for an item.
pub fn parse_cell(cell: Option<&Cell>, item: &Item) -> Parsed {
    bounded(read_cell(cell, item), item)
}

fn read_cell(cell: Option<&Cell>, item: &Item) -> Draft {
    let Some(cell) = cell else {
        return Draft::missing();
    };
    match &cell.content {
        Content::Empty if cell.formula_without_result => {
            let mut p = Draft::missing();
            p.problem = Some(Problem::FormulaNoResult);
            p
        }
        Content::Empty => Draft::missing(),
        Content::Number(n) => {
            let (v, raw) = if cell.percent {
                (tidy(n * 100.0), format!("{}%", fmt_number(tidy(n * 100.0))))
            } else {
                (tidy(*n), fmt_number(tidy(*n)))
            };
            if v.is_infinite() {
                return invalid(raw, Problem::Implausible);
            }
            if !v.is_finite() {
                return invalid(raw, Problem::Unreadable);
            }
            let mut p = Draft::new(Status::Ok, Some(v), raw);
            if cell.percent && item.kind != Kind::Rate {
                p.adjustments.push(Adjustment::PercentIgnored);
            }
            p
        }
        Content::Bool(b) => invalid(if *b { "TRUE" } else { "FALSE" }.into(), Problem::Boolean),
        Content::Date(s) => invalid(s.clone(), Problem::Date),
        Content::Error(e) => invalid(e.clone(), Problem::ErrorCell(e.clone())),
        Content::Text(t) => read_text(t, item),
    }
}

fn invalid(raw: String, problem: Problem) -> Draft {
    let mut p = Draft::new(Status::Invalid, None, raw);
    p.problem = Some(problem);
    p
}

/// Read typed text for an item.
pub fn parse_text(text: &str, item: &Item) -> Parsed {
    bounded(read_text(text, item), item)
}

fn read_text(text: &str, item: &Item) -> Draft {
    let raw = text.trim_matches(is_blank).to_string();
    let norm = normalize(&raw);
    let norm = norm.trim();
    match read_word(norm, item.kind) {
        Some(word) => Draft { raw, ..word },
        None => read_number(norm, raw, item),
    }
}

/// A cell that is a word rather than a number: blank, not applicable, a dash, an error cell,
/// a date, or a word for none (`无`, `未上榜`). `None` when it should be read as a number.
/// (The draft's `raw` is left empty for the caller.)
fn read_word(norm: &str, kind: Kind) -> Option<Draft> {
    let draft = |status, value| Draft::new(status, value, String::new());
    if norm.is_empty() {
        return Some(draft(Status::Missing, None));
    }
    if NOT_APPLICABLE
        .iter()
        .any(|na| na.eq_ignore_ascii_case(norm))
    {
        return Some(draft(Status::Na, None));
    }
    // Dashes alone (`—`, `——`, `---`): read as not applicable, as the form's instructions ask
    // for `/`, but many tables use a dash for "none", so it is said, never silent.
    if !norm.is_empty() && norm.chars().all(crate::text::is_dash) {
        let mut p = draft(Status::Na, None);
        p.problem = Some(Problem::Dash);
        return Some(p);
    }
    if norm.starts_with('#')
        && norm.len() > 1
        && norm[1..]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "/!?.".contains(c))
    {
        return Some(invalid(String::new(), Problem::ErrorCell(norm.to_string())));
    }
    if looks_like_date(norm) || (kind != Kind::Amount && looks_like_year_month(norm)) {
        return Some(invalid(String::new(), Problem::Date));
    }
    if matches!(norm, "无" | "没有" | "未上榜" | "暂无" | "未排名") {
        if kind == Kind::Rank {
            let mut p = draft(Status::Missing, None);
            p.detail = Some(norm.to_string());
            return Some(p);
        }
        if norm != "未上榜" && norm != "未排名" {
            return Some(draft(Status::Ok, Some(0.0)));
        }
    }
    None
}

/// A cell read as a number: the leading number with what is written around it (approximate
/// words, a magnitude or money unit, a percent or per-mille sign, a unit, a detail).
fn read_number(norm: &str, raw: String, item: &Item) -> Draft {
    let mut adjustments = Vec::new();
    let decimal = decimal_marks(norm);
    if decimal != norm {
        adjustments.push(Adjustment::DecimalMark {
            written: "。".into(),
        });
    }
    let norm = decimal.as_str();
    let mut body = norm;
    if let Some((word, r)) = strip_word(body, APPROX_BEFORE) {
        adjustments.push(approximate(word));
        body = r;
    }
    if let Some(r) = body.strip_prefix("排名") {
        body = r;
    }
    if let Some(r) = body.strip_prefix('第') {
        body = r;
    }
    let Some((value, scientific, rest)) = leading_number(body) else {
        return invalid(raw, Problem::Unreadable);
    };
    if scientific {
        adjustments.push(Adjustment::Scientific);
    }
    if rest
        .strip_prefix(',')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return invalid(raw, Problem::DecimalComma);
    }
    let rest = approx_after(rest, &mut adjustments);
    let (value, rest, money_on_other_item) = scale_after(value, rest, item, &mut adjustments);
    let rest = approx_after(rest, &mut adjustments);
    if is_range(rest) {
        return invalid(raw, Problem::Range);
    }
    let (value, mut rest) = percent_after(value, rest, item.kind, &mut adjustments);
    let detail = if money_on_other_item {
        let d = rest.trim_matches(is_separator);
        (!d.is_empty()).then(|| d.to_string())
    } else {
        if let Some(u) = UNITS.iter().find(|u| rest.starts_with(*u)) {
            rest = approx_after(&rest[u.len()..], &mut adjustments);
        }
        detail_of(rest)
    };
    if value.is_nan() {
        return invalid(raw, Problem::Unreadable);
    }
    if value.is_infinite() {
        // A number too large for any computer to hold (`1.8e308`, `1e400万`) is still a
        // number the clerk can see: implausible, not unreadable.
        return invalid(raw, Problem::Implausible);
    }
    let value = tidy(value);
    for a in &mut adjustments {
        if let Adjustment::Approximate { value: v, .. } = a {
            *v = value;
        }
    }
    let mut p = Draft::new(Status::Ok, Some(value), raw);
    p.detail = detail;
    p.adjustments = adjustments;
    p
}

/// A magnitude or money unit directly after the number: the value scaled, what is left, and
/// whether it was money written on an item that counts something else (`35万元` of beds: the
/// number stays as written, the money stays visible as detail).
fn scale_after<'a>(
    mut value: f64,
    mut rest: &'a str,
    item: &Item,
    adjustments: &mut Vec<Adjustment>,
) -> (f64, &'a str, bool) {
    if item.count_unit() == MONEY_UNIT {
        if let Some(&(word, mul, div)) = MONEY.iter().find(|(w, ..)| rest.starts_with(w)) {
            rest = &rest[word.len()..];
            if mul != div {
                value = value * mul / div;
                adjustments.push(Adjustment::Unit {
                    written: word,
                    unit: MONEY_UNIT,
                    factor: mul / div,
                });
            }
        }
    } else if is_money(rest) {
        return (value, rest, true);
    } else if let Some(&(word, factor)) = MAGNITUDES.iter().find(|(w, _)| {
        rest.strip_prefix(w).is_some_and(|r| {
            w.chars().all(|c| !c.is_ascii_alphabetic())
                || !r.starts_with(|c: char| c.is_ascii_alphabetic())
        })
    }) {
        rest = &rest[word.len()..];
        value *= factor;
        adjustments.push(Adjustment::Magnitude { word, factor });
    }
    (value, rest, false)
}

/// A percent sign (ignored, and said so, on an item that is no rate), or on a rate a ‰ or ‱
/// converted to %: the value and what is left.
fn percent_after<'a>(
    mut value: f64,
    mut rest: &'a str,
    kind: Kind,
    adjustments: &mut Vec<Adjustment>,
) -> (f64, &'a str) {
    if let Some(r) = rest.strip_prefix('%') {
        rest = r;
        if kind != Kind::Rate {
            adjustments.push(Adjustment::PercentIgnored);
        }
    } else if kind == Kind::Rate {
        for (word, div) in [("‰", 10.0), ("‱", 100.0)] {
            if let Some(r) = rest.strip_prefix(word) {
                rest = r;
                value /= div;
                adjustments.push(Adjustment::Unit {
                    written: word,
                    unit: "%",
                    factor: 1.0 / div,
                });
                break;
            }
        }
    }
    (value, rest)
}

/// `。` between two digits made a decimal point (`96。5` → `96.5`); anything else as it is.
fn decimal_marks(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let digit = |k: Option<&char>| k.is_some_and(char::is_ascii_digit);
    chars
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            if c == '。' && k > 0 && digit(chars.get(k - 1)) && digit(chars.get(k + 1)) {
                '.'
            } else {
                c
            }
        })
        .collect()
}

/// What follows a number starts a range: `-8`, `~8`, `至8`, `%-8%`.
fn is_range(rest: &str) -> bool {
    let rest = rest.strip_prefix('%').unwrap_or(rest);
    let between = |c: char| crate::text::is_dash(c) || matches!(c, '~' | '～' | '〜');
    let after = match rest.strip_prefix(['至', '到']) {
        Some(r) => r,
        None if rest.starts_with(between) => rest.trim_start_matches(between),
        None => return false,
    };
    after
        .trim_start_matches(is_blank)
        .starts_with(|c: char| c.is_ascii_digit())
}

/// An approximation by `word`; its value is filled in once the number is known.
fn approximate(word: &str) -> Adjustment {
    Adjustment::Approximate {
        word: word.to_string(),
        value: 0.0,
    }
}

/// The first of `words` that `s` starts with, and what follows it.
fn strip_word<'a>(s: &'a str, words: &[&'static str]) -> Option<(&'static str, &'a str)> {
    words
        .iter()
        .find_map(|w| s.strip_prefix(w).map(|r| (*w, r)))
}

/// `s` begins with money: `元`, or a magnitude word followed by `元` (`万元`, `千元`, `亿元`).
fn is_money(s: &str) -> bool {
    let s = ["千万", "百万", "十万", "亿", "万", "千", "百"]
        .iter()
        .find_map(|w| s.strip_prefix(w))
        .unwrap_or(s);
    s.starts_with('元')
}

/// Record an approximation word at the start of `rest` (`8左右`, `8余人`), when what follows
/// it ends the number: nothing, a separator, a unit, a magnitude or `%`. `3多学科` is not one.
fn approx_after<'a>(rest: &'a str, adjustments: &mut Vec<Adjustment>) -> &'a str {
    let Some((word, after)) = strip_word(rest, APPROX_AFTER) else {
        return rest;
    };
    let ends = after.is_empty()
        || after.starts_with(is_separator)
        || after.starts_with(['%', '‰', '‱'])
        || UNITS.iter().any(|u| after.starts_with(u))
        || MONEY.iter().any(|(w, ..)| after.starts_with(w));
    if ends {
        adjustments.push(approximate(word));
        after
    } else {
        rest
    }
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

/// A year and a month (`2024.6`, `2024-06`, `2024年6月`): a date where a number is asked,
/// never a count, rate or index (a 万元 amount of 2024.6 is possible and is read).
fn looks_like_year_month(s: &str) -> bool {
    let s = s.trim_end_matches('月');
    let Some((y, m)) = s.split_once(['.', '-', '/', '年']) else {
        return false;
    };
    y.len() == 4
        && (y.starts_with("19") || y.starts_with("20"))
        && y.bytes().all(|b| b.is_ascii_digit())
        && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && !m.is_empty()
        && m.len() <= 2
}

/// What follows the number and its unit, without the separators around it.
fn detail_of(rest: &str) -> Option<String> {
    let d = rest.trim_matches(is_separator);
    // Drop a unit left on its own (`12 / 名`).
    if d.is_empty() || UNITS.contains(&d) {
        None
    } else {
        Some(d.to_string())
    }
}

/// The number at the start of `s`, with thousands separators and an optional exponent
/// (`1.5E+03`); whether it had one; and what follows it. `None` when there is no number; a
/// number too large to hold (`1.8e308`) is infinite, for the caller to call implausible.
fn leading_number(s: &str) -> Option<(f64, bool, &str)> {
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
    let mut scientific = false;
    if let Some(len) = exponent_len(&b[i..]) {
        digits.push('e');
        digits.extend(b[i + 1..i + len].iter().map(|&c| c as char));
        i += len;
        scientific = true;
    }
    let v: f64 = digits.parse().ok()?;
    (!v.is_nan()).then_some((v, scientific, &s[i..]))
}

/// The length of an exponent (`E+03`, `e5`, `e-2`) at the start of `b`, if there is one.
fn exponent_len(b: &[u8]) -> Option<usize> {
    if !matches!(b.first(), Some(b'e' | b'E')) {
        return None;
    }
    let sign = usize::from(matches!(b.get(1), Some(b'+' | b'-')));
    let n = b[1 + sign..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    (n > 0).then_some(1 + sign + n)
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
    use crate::form::Form;

    /// Items by their unit and kind, for the tests.
    const AREA: u8 = 1; // 平方米, amount
    const BEDS: u8 = 3; // 张, count
    const ICU: u8 = 4; // 张/%, count_rate
    const EQUIPMENT: u8 = 5; // 台, count_detail
    const VISITS: u8 = 21; // 人次, count
    const DAY_SURGERY: u8 = 25; // %, rate
    const CMI: u8 = 27; // no unit, index
    const DDDS: u8 = 44; // DDDs, index
    const PROJECTS: u8 = 56; // 项/万元, count_amount
    const FUNDING: u8 = 57; // 万元, amount
    const RANK: u8 = 63; // 名, rank

    fn it(no: u8) -> &'static Item {
        Form::builtin_static().item(no).unwrap()
    }

    /// A survey keeps about 140 values a period, a national run 50,000 surveys: a value is
    /// 24 bytes, and only a cell that holds more than its number (as `assess` prints it, with
    /// or without `%`) needs a box; what was written always comes back as written.
    #[test]
    fn a_value_is_packed_and_gives_back_what_was_written() {
        assert!(std::mem::size_of::<Parsed>() <= 24);
        assert_eq!(
            Parsed::missing(),
            parse_text("", it(BEDS)),
            "none equals none"
        );
        for (s, no, boxed) in [
            ("12", BEDS, false),
            ("0.125", CMI, false),
            ("12.5%", DAY_SURGERY, false),
            ("", BEDS, false),
            ("无", BEDS, false),
            ("/", BEDS, false),
            ("第5名", RANK, false),
            ("12.50", BEDS, true),
            ("12.5%", BEDS, true),
            ("约8", BEDS, true),
            ("1.2万", VISITS, true),
            ("未上榜", RANK, true),
            ("—", BEDS, true),
            ("#DIV/0!", BEDS, true),
        ] {
            let p = parse_text(s, it(no));
            assert_eq!(p.raw(), s, "{s}");
            assert_eq!(p.extra.is_some(), boxed, "{s}");
        }
        let mut percent = Cell::new(Content::Number(0.125));
        percent.percent = true;
        let p = parse_cell(Some(&percent), it(DAY_SURGERY));
        assert_eq!(
            (p.value(), p.raw().as_ref(), p.extra.is_none()),
            (Some(12.5), "12.5%", true)
        );
    }

    /// The box of a value that holds more than its number is 32 bytes (it was 96): the text
    /// and the detail share one allocation, the problem and adjustments sit in a second box
    /// only when there are any, and nothing keeps spare capacity.
    #[test]
    fn the_box_is_small() {
        assert_eq!(std::mem::size_of::<Parsed>(), 24);
        assert!(std::mem::size_of::<Extra>() <= 32);
        assert!(std::mem::size_of::<More>() <= 56);
        let p = parse_text("3（DR、彩超、呼吸机）", it(EQUIPMENT));
        let e = p.extra.as_deref().unwrap();
        assert!(e.more.is_none(), "a compound cell needs no second box");
        assert_eq!(
            e.text.len(),
            "3（DR、彩超、呼吸机）".len(),
            "the detail is part of raw"
        );
        let p = parse_text("约1000", it(BEDS));
        let m = p.extra.as_deref().unwrap().more.as_deref().unwrap();
        assert_eq!(m.adjustments.len(), 1);
    }

    /// What was written and its detail come back exactly from the packed form, whether the
    /// detail is a part of what was written, follows it (full-width or spaced text is read
    /// normalised), is empty, or is not there; and so does a value set aside.
    #[test]
    fn raw_and_detail_come_back_from_the_packed_form() {
        for (s, no, detail, within) in [
            ("4张/13.3%", ICU, Some("13.3%"), true),
            (
                "3（DR、彩超、呼吸机）",
                EQUIPMENT,
                Some("DR、彩超、呼吸机"),
                true,
            ),
            ("5个：胸痛、卒中、创伤", 64, Some("胸痛、卒中、创伤"), true),
            ("未上榜", RANK, Some("未上榜"), true),
            ("4张／13.3％", ICU, Some("13.3%"), false),
            ("3 (DR, 彩超)", EQUIPMENT, Some("DR,彩超"), false),
            ("1,234", BEDS, None, true),
            ("约1000", BEDS, None, true),
            ("—", BEDS, None, true),
        ] {
            let p = parse_text(s, it(no));
            assert_eq!((p.raw().as_ref(), p.detail()), (s, detail), "{s}");
            let e = p.extra.as_deref().unwrap();
            assert_eq!(e.text.len() == s.len(), within, "{s}");
            let q = p.set_aside();
            assert_eq!((q.raw().as_ref(), q.detail()), (s, detail), "{s}");
            assert_eq!(q.adjustments(), p.adjustments(), "{s}");
            assert_eq!(q.problem(), Some(&Problem::SetAside), "{s}");
        }
        for (raw, detail) in [
            ("12 张", Some("")),
            ("", Some("")),
            ("", Some("x")),
            ("abc", Some("abc")),
            ("abc", Some("bc")),
            ("abc", Some("bcd")),
            ("abc", None),
        ] {
            let e = Extra::new(raw.into(), detail.map(String::from), None, Vec::new());
            assert_eq!((e.raw(), e.detail()), (raw, detail), "{raw} {detail:?}");
            assert!(e.more.is_none());
        }
        let e = Extra::new(
            "#DIV/0!".into(),
            None,
            Some(Problem::ErrorCell("#DIV/0!".into())),
            vec![Adjustment::Scientific],
        );
        assert_eq!(e.raw(), "#DIV/0!");
        assert_eq!(e.detail(), None);
        assert_eq!(e.problem(), Some(&Problem::ErrorCell("#DIV/0!".into())));
        assert_eq!(e.adjustments(), &[Adjustment::Scientific]);
    }

    fn text(s: &str, no: u8) -> (Status, Option<f64>, Option<String>) {
        let p = parse_text(s, it(no));
        (p.status, p.value(), p.detail().map(str::to_string))
    }

    fn num(s: &str) -> Option<f64> {
        let p = parse_text(s, it(BEDS));
        assert_eq!(p.status, Status::Ok, "{s}");
        p.value()
    }

    /// Value and adjustments.
    fn adj(s: &str, no: u8) -> (Option<f64>, Vec<Adjustment>) {
        let p = parse_text(s, it(no));
        assert_eq!(p.status, Status::Ok, "{s}");
        (p.value(), p.adjustments().to_vec())
    }

    fn magnitude(word: &'static str, factor: f64) -> Adjustment {
        Adjustment::Magnitude { word, factor }
    }

    fn unit(written: &'static str, unit: &'static str, factor: f64) -> Adjustment {
        Adjustment::Unit {
            written,
            unit,
            factor,
        }
    }

    fn approx(word: &str, value: f64) -> Adjustment {
        Adjustment::Approximate {
            word: word.to_string(),
            value,
        }
    }

    #[test]
    fn plain_and_text_numbers() {
        assert_eq!(num("12"), Some(12.0));
        assert_eq!(num(" 12 "), Some(12.0));
        assert_eq!(num("12.50"), Some(12.5));
        assert_eq!(num("\u{3000}7\u{a0}"), Some(7.0));
        assert!(parse_text("12", it(BEDS)).adjustments().is_empty());
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
        // Not a thousands group: a decimal comma or a slip, not guessed.
        assert_eq!(text("12,34", BEDS), (Status::Invalid, None, None));
    }

    #[test]
    fn spaces_inside() {
        assert_eq!(num("1 234"), Some(1234.0));
    }

    #[test]
    fn trailing_units() {
        for (s, no, v) in [
            ("36张", BEDS, 36.0),
            ("12人", 6, 12.0),
            ("3500人次", VISITS, 3500.0),
            ("860平方米", AREA, 860.0),
            ("35.5万元", FUNDING, 35.5),
            ("3个", 26, 3.0),
            ("2项", 55, 2.0),
            ("5篇", 54, 5.0),
            ("1件", 69, 1.0),
            ("4台", EQUIPMENT, 4.0),
            ("120组", 28, 120.0),
            ("35.2DDDs", DDDS, 35.2),
        ] {
            assert_eq!(text(s, no), (Status::Ok, Some(v), None), "{s}");
            assert!(parse_text(s, it(no)).adjustments().is_empty(), "{s}");
        }
    }

    #[test]
    fn percent_text() {
        assert_eq!(text("12.5%", DAY_SURGERY), (Status::Ok, Some(12.5), None));
        assert_eq!(text("98 %", DAY_SURGERY), (Status::Ok, Some(98.0), None));
    }

    #[test]
    fn percent_formatted_cell_means_what_it_shows() {
        let cell = Cell {
            content: Content::Number(0.125),
            percent: true,
            formula_without_result: false,
        };
        let p = parse_cell(Some(&cell), it(DAY_SURGERY));
        assert_eq!(p.value(), Some(12.5));
        assert_eq!(p.raw(), "12.5%");
        assert!(p.adjustments().is_empty());
        let cell = Cell {
            content: Content::Number(0.133),
            percent: true,
            formula_without_result: false,
        };
        assert_eq!(parse_cell(Some(&cell), it(DAY_SURGERY)).value(), Some(13.3));
    }

    #[test]
    fn none_is_zero_except_for_the_ranking() {
        assert_eq!(text("无", BEDS), (Status::Ok, Some(0.0), None));
        assert_eq!(text("无", RANK), (Status::Missing, None, Some("无".into())));
        assert_eq!(
            text("未上榜", RANK),
            (Status::Missing, None, Some("未上榜".into()))
        );
    }

    #[test]
    fn not_applicable() {
        for s in ["/", "／", "不适用", "无此项", " / "] {
            let p = parse_text(s, it(DAY_SURGERY));
            assert_eq!((p.status, p.problem().cloned()), (Status::Na, None), "{s}");
        }
        // A dash is read as not applicable too, but said: it often means none.
        for s in ["—", "-", "——", "－", "–", "---", "———", "—-", "― ―", "−"]
        {
            let p = parse_text(s, it(DAY_SURGERY));
            assert_eq!(
                (p.status, p.problem().cloned()),
                (Status::Na, Some(Problem::Dash)),
                "{s}"
            );
        }
    }

    #[test]
    fn a_percent_on_an_item_that_is_no_percentage_is_said() {
        assert_eq!(
            adj("12%", VISITS),
            (Some(12.0), vec![Adjustment::PercentIgnored])
        );
        let cell = Cell {
            content: Content::Number(0.15),
            percent: true,
            formula_without_result: false,
        };
        let p = parse_cell(Some(&cell), it(BEDS));
        assert_eq!(
            (p.value(), p.adjustments().to_vec()),
            (Some(15.0), vec![Adjustment::PercentIgnored])
        );
        // On a rate it is the rate's own sign.
        assert_eq!(adj("12.5%", DAY_SURGERY), (Some(12.5), vec![]));
    }

    #[test]
    fn a_year_and_month_is_a_date_where_no_amount_is_asked() {
        for s in ["2024.6", "2024-06", "2024年6月", "2023.12"] {
            assert_eq!(
                parse_text(s, it(BEDS)).problem().cloned(),
                Some(Problem::Date),
                "{s}"
            );
        }
        // A 万元 amount may be 2024.6; a count of 2024 is a count.
        assert_eq!(text("2024.6", FUNDING).1, Some(2024.6));
        assert_eq!(num("2024"), Some(2024.0));
        assert_eq!(num("2013"), Some(2013.0));
    }

    #[test]
    fn blank_is_missing() {
        assert_eq!(text("", BEDS).0, Status::Missing);
        assert_eq!(text("  ", BEDS).0, Status::Missing);
        assert_eq!(parse_cell(None, it(BEDS)).status, Status::Missing);
    }

    #[test]
    fn compound_cells_keep_the_rest_as_detail() {
        assert_eq!(
            text("4张/13.3%", ICU),
            (Status::Ok, Some(4.0), Some("13.3%".into()))
        );
        assert_eq!(
            text("3（DR、彩超、呼吸机）", EQUIPMENT),
            (Status::Ok, Some(3.0), Some("DR、彩超、呼吸机".into()))
        );
        assert_eq!(text("第12名", RANK), (Status::Ok, Some(12.0), None));
        assert_eq!(text("排名第12名", RANK), (Status::Ok, Some(12.0), None));
        assert_eq!(
            text("5个：胸痛、卒中、创伤", 64),
            (Status::Ok, Some(5.0), Some("胸痛、卒中、创伤".into()))
        );
    }

    #[test]
    fn unreadable_and_error_cells() {
        let p = parse_text("较多", it(VISITS));
        assert_eq!(
            (p.status, p.problem().cloned()),
            (Status::Invalid, Some(Problem::Unreadable))
        );
        let p = parse_text("#DIV/0!", it(DAY_SURGERY));
        assert_eq!(p.status, Status::Invalid);
        assert_eq!(
            p.problem().cloned(),
            Some(Problem::ErrorCell("#DIV/0!".into()))
        );
        let cell = Cell {
            content: Content::Error("#N/A".into()),
            percent: false,
            formula_without_result: false,
        };
        assert_eq!(
            parse_cell(Some(&cell), it(DAY_SURGERY)).status,
            Status::Invalid
        );
    }

    #[test]
    fn typed_dates_are_invalid() {
        for s in ["2024-05-01", "2024/5/1", "2024年5月1日"] {
            assert_eq!(
                parse_text(s, it(BEDS)).problem().cloned(),
                Some(Problem::Date),
                "{s}"
            );
        }
        assert_eq!(parse_text("2024", it(BEDS)).value(), Some(2024.0));
        assert_eq!(parse_text("12.5.1", it(BEDS)).status, Status::Ok);
    }

    #[test]
    fn impossible_values_are_invalid_so_never_scored() {
        let problem = |s: &str, no: u8| {
            let p = parse_text(s, it(no));
            assert_eq!((p.status, p.value()), (Status::Invalid, None), "{s}");
            p.problem().cloned()
        };
        assert_eq!(problem("-3", BEDS), Some(Problem::Negative));
        assert_eq!(problem("-1.2万", VISITS), Some(Problem::Negative));
        assert_eq!(problem("130", DAY_SURGERY), Some(Problem::OverHundred));
        assert_eq!(problem("130%", DAY_SURGERY), Some(Problem::OverHundred));
        // Typed in a numeric cell too.
        let cell = Cell {
            content: Content::Number(-2.0),
            percent: false,
            formula_without_result: false,
        };
        let p = parse_cell(Some(&cell), it(BEDS));
        assert_eq!(p.problem().cloned(), Some(Problem::Negative));
        // 100 % and 0 are possible.
        assert_eq!(text("100", DAY_SURGERY).1, Some(100.0));
        assert_eq!(num("0"), Some(0.0));
    }

    #[test]
    fn a_full_stop_between_digits_is_a_decimal_point_and_says_so() {
        let mark = Adjustment::DecimalMark {
            written: "。".into(),
        };
        assert_eq!(adj("96。5", DAY_SURGERY), (Some(96.5), vec![mark.clone()]));
        assert_eq!(adj("12。5", AREA), (Some(12.5), vec![mark]));
        // Not between digits: the sentence's full stop.
        assert_eq!(adj("12。", BEDS), (Some(12.0), vec![]));
    }

    #[test]
    fn a_range_is_not_read_as_its_first_number() {
        for s in [
            "5-8%", "5%-8%", "5~8", "5～8", "5至8", "5到8人", "5 - 8", "1.2-1.5",
        ] {
            let p = parse_text(s, it(DAY_SURGERY));
            assert_eq!(
                (p.status, p.problem().cloned()),
                (Status::Invalid, Some(Problem::Range)),
                "{s}"
            );
        }
        // A number followed by a dash and words is not a range.
        assert_eq!(text("5-无", BEDS).0, Status::Ok);
    }

    /// `5——8` (the Chinese double dash) was read as 5, the rest as a note: every dash and run
    /// of dashes between two numbers makes a range.
    #[test]
    fn a_range_with_a_double_dash_or_a_minus_sign_is_not_read_as_5() {
        for s in [
            "5——8", "5—8", "5――8", "5－8", "5−8", "5〜8", "5--8", "5—-8", "5‐8",
        ] {
            let p = parse_text(s, it(BEDS));
            assert_eq!(
                (p.status, p.value(), p.problem().cloned()),
                (Status::Invalid, None, Some(Problem::Range)),
                "{s}"
            );
        }
    }

    #[test]
    fn a_comma_that_is_no_thousands_separator_is_not_guessed() {
        for s in ["1,5", "0,95", "12,5%", "1,234,5"] {
            let p = parse_text(s, it(DAY_SURGERY));
            assert_eq!(
                (p.status, p.problem().cloned()),
                (Status::Invalid, Some(Problem::DecimalComma)),
                "{s}"
            );
        }
        assert_eq!(num("1,234"), Some(1234.0));
        assert_eq!(
            text("3,DR、彩超", EQUIPMENT),
            (Status::Ok, Some(3.0), Some("DR、彩超".into()))
        );
    }

    #[test]
    fn formula_without_result_is_missing_with_a_note() {
        let cell = Cell {
            content: Content::Empty,
            percent: false,
            formula_without_result: true,
        };
        let p = parse_cell(Some(&cell), it(BEDS));
        assert_eq!(p.status, Status::Missing);
        assert_eq!(p.problem().cloned(), Some(Problem::FormulaNoResult));
    }

    // Magnitude words.

    #[test]
    fn wan_multiplies_a_count() {
        assert_eq!(
            adj("1.2万", VISITS),
            (Some(12000.0), vec![magnitude("万", 1e4)])
        );
    }

    #[test]
    fn wan_before_the_items_unit_multiplies() {
        let p = parse_text("1.2万人次", it(VISITS));
        assert_eq!(
            (p.value(), p.detail().map(str::to_string)),
            (Some(12000.0), None)
        );
        assert_eq!(p.adjustments().to_vec(), vec![magnitude("万", 1e4)]);
    }

    #[test]
    fn wan_multiplies_an_area() {
        assert_eq!(
            adj("1.2万", AREA),
            (Some(12000.0), vec![magnitude("万", 1e4)])
        );
        assert_eq!(
            adj("1.2万平方米", AREA),
            (Some(12000.0), vec![magnitude("万", 1e4)])
        );
    }

    #[test]
    fn qian_multiplies() {
        assert_eq!(
            adj("2千", VISITS),
            (Some(2000.0), vec![magnitude("千", 1e3)])
        );
    }

    #[test]
    fn yi_multiplies() {
        assert_eq!(adj("1亿", VISITS), (Some(1e8), vec![magnitude("亿", 1e8)]));
    }

    #[test]
    fn magnitude_after_a_space() {
        assert_eq!(
            adj("1.2 万", VISITS),
            (Some(12000.0), vec![magnitude("万", 1e4)])
        );
    }

    #[test]
    fn shorthand_letters_multiply_when_no_letter_follows() {
        assert_eq!(
            adj("1.2w", VISITS),
            (Some(12000.0), vec![magnitude("w", 1e4)])
        );
        assert_eq!(adj("3k", VISITS), (Some(3000.0), vec![magnitude("k", 1e3)]));
        let p = parse_text("3kg", it(VISITS));
        assert_eq!((p.value(), p.detail()), (Some(3.0), Some("kg")));
        assert!(p.adjustments().is_empty());
    }

    #[test]
    fn magnitude_counts_only_directly_after_the_number() {
        let p = parse_text("2项/35万元", it(PROJECTS));
        assert_eq!((p.value(), p.detail()), (Some(2.0), Some("35万元")));
        assert!(p.adjustments().is_empty());
        let p = parse_text("3（1万台份）", it(EQUIPMENT));
        assert_eq!(p.value(), Some(3.0));
        assert!(p.adjustments().is_empty());
    }

    #[test]
    fn money_on_a_count_item_is_kept_as_detail_not_multiplied() {
        let p = parse_text("35万元", it(PROJECTS));
        assert_eq!((p.value(), p.detail()), (Some(35.0), Some("万元")));
        assert!(p.adjustments().is_empty());
        let p = parse_text("860元", it(AREA));
        assert_eq!((p.value(), p.detail()), (Some(860.0), Some("元")));
    }

    // Money items (万元).

    #[test]
    fn wanyuan_on_a_wanyuan_item_is_not_converted() {
        assert_eq!(adj("35万元", FUNDING), (Some(35.0), vec![]));
        assert_eq!(
            parse_text("35万元", it(FUNDING))
                .detail()
                .map(str::to_string),
            None
        );
    }

    #[test]
    fn wan_on_a_wanyuan_item_is_its_own_magnitude() {
        assert_eq!(adj("35万", FUNDING), (Some(35.0), vec![]));
    }

    #[test]
    fn yuan_on_a_wanyuan_item_divides_by_ten_thousand() {
        assert_eq!(
            adj("35000元", FUNDING),
            (Some(3.5), vec![unit("元", "万元", 1e-4)])
        );
        assert_eq!(
            parse_text("35000元", it(FUNDING))
                .detail()
                .map(str::to_string),
            None
        );
    }

    #[test]
    fn qianyuan_on_a_wanyuan_item_divides_by_ten() {
        assert_eq!(
            adj("350千元", FUNDING),
            (Some(35.0), vec![unit("千元", "万元", 0.1)])
        );
    }

    #[test]
    fn yiyuan_on_a_wanyuan_item_multiplies_by_ten_thousand() {
        assert_eq!(
            adj("2亿元", FUNDING),
            (Some(20000.0), vec![unit("亿元", "万元", 1e4)])
        );
        assert_eq!(
            adj("2亿", FUNDING),
            (Some(20000.0), vec![unit("亿", "万元", 1e4)])
        );
    }

    #[test]
    fn plain_number_on_a_wanyuan_item_stays() {
        assert_eq!(adj("35000", FUNDING), (Some(35000.0), vec![]));
        let cell = Cell::new(Content::Number(35000.0));
        let p = parse_cell(Some(&cell), it(FUNDING));
        assert_eq!(
            (p.value(), p.adjustments().to_vec()),
            (Some(35000.0), vec![])
        );
    }

    #[test]
    fn yuan_with_thousands_separators() {
        assert_eq!(
            adj("1,250,000元", FUNDING),
            (Some(125.0), vec![unit("元", "万元", 1e-4)])
        );
    }

    // Per mille.

    #[test]
    fn per_mille_on_a_rate_divides_by_ten() {
        assert_eq!(
            adj("1.3‰", DAY_SURGERY),
            (Some(0.13), vec![unit("‰", "%", 0.1)])
        );
        assert_eq!(
            adj("5‱", DAY_SURGERY),
            (Some(0.05), vec![unit("‱", "%", 0.01)])
        );
    }

    #[test]
    fn per_mille_on_another_item_is_detail() {
        let p = parse_text("1.3‰", it(DDDS));
        assert_eq!((p.value(), p.detail()), (Some(1.3), Some("‰")));
        assert!(p.adjustments().is_empty());
        let p = parse_text("4张/1.3‰", it(ICU));
        assert_eq!((p.value(), p.detail()), (Some(4.0), Some("1.3‰")));
        assert!(p.adjustments().is_empty());
    }

    // Scientific notation.

    #[test]
    fn scientific_notation_in_text() {
        assert_eq!(
            adj("1.5E+03", VISITS),
            (Some(1500.0), vec![Adjustment::Scientific])
        );
        assert_eq!(
            adj("1.2e5", VISITS),
            (Some(120000.0), vec![Adjustment::Scientific])
        );
        assert_eq!(
            adj("2.5E-1", CMI),
            (Some(0.25), vec![Adjustment::Scientific])
        );
    }

    #[test]
    fn an_e_without_digits_is_not_an_exponent() {
        let p = parse_text("12e", it(CMI));
        assert_eq!((p.value(), p.detail()), (Some(12.0), Some("e")));
        assert!(p.adjustments().is_empty());
    }

    #[test]
    fn numeric_cells_are_never_scientific() {
        let cell = Cell::new(Content::Number(1.5e12));
        let p = parse_cell(Some(&cell), it(VISITS));
        assert_eq!(p.value(), Some(1.5e12));
        assert!(p.adjustments().is_empty());
    }

    // Approximate and bounded values.

    #[test]
    fn approximate_words_before_the_number() {
        for (s, word) in [
            ("约8", "约"),
            ("大约8", "大约"),
            ("≈8", "≈"),
            ("近8", "近"),
            (">8", ">"),
            ("≥8", "≥"),
            ("<8", "<"),
            ("大于8", "大于"),
            ("超过8", "超过"),
            ("不足8", "不足"),
            ("少于8", "少于"),
        ] {
            assert_eq!(adj(s, BEDS), (Some(8.0), vec![approx(word, 8.0)]), "{s}");
        }
    }

    #[test]
    fn approximate_words_after_the_number() {
        for (s, word) in [
            ("8左右", "左右"),
            ("8余", "余"),
            ("8多", "多"),
            ("8以上", "以上"),
            ("8余张", "余"),
            ("8张左右", "左右"),
        ] {
            let p = parse_text(s, it(BEDS));
            assert_eq!(
                (
                    p.value(),
                    p.adjustments().to_vec(),
                    p.detail().map(str::to_string)
                ),
                (Some(8.0), vec![approx(word, 8.0)], None),
                "{s}"
            );
        }
    }

    #[test]
    fn duo_before_other_words_is_not_approximate() {
        let p = parse_text("3多学科团队", it(26));
        assert_eq!((p.value(), p.detail()), (Some(3.0), Some("多学科团队")));
        assert!(p.adjustments().is_empty());
    }

    #[test]
    fn approximate_with_a_magnitude_records_both_in_order() {
        assert_eq!(
            adj("约1.2万", VISITS),
            (
                Some(12000.0),
                vec![approx("约", 12000.0), magnitude("万", 1e4)]
            )
        );
        assert_eq!(
            adj("1.2万余人次", VISITS),
            (
                Some(12000.0),
                vec![magnitude("万", 1e4), approx("余", 12000.0)]
            )
        );
    }

    #[test]
    fn approximate_rate_and_money() {
        assert_eq!(adj("<0.5%", 34), (Some(0.5), vec![approx("<", 0.5)]));
        assert_eq!(
            adj("约35000元", FUNDING),
            (Some(3.5), vec![approx("约", 3.5), unit("元", "万元", 1e-4)])
        );
    }

    #[test]
    fn approximate_rank() {
        assert_eq!(adj(">100", RANK), (Some(100.0), vec![approx(">", 100.0)]));
    }

    // Overflow: a number too large to hold is still a number the clerk typed, so it is
    // implausible (value-implausible), not "not a number".

    #[test]
    fn overflow_is_implausible() {
        for (s, no) in [
            ("1e999", VISITS),
            ("1e308亿", VISITS),
            ("1e305亿元", FUNDING),
        ] {
            let p = parse_text(s, it(no));
            assert_eq!(
                (p.status, p.value(), p.problem().cloned()),
                (Status::Invalid, None, Some(Problem::Implausible)),
                "{s}"
            );
        }
        let long = "9".repeat(400);
        assert_eq!(
            parse_text(&long, it(VISITS)).problem().cloned(),
            Some(Problem::Implausible)
        );
        let cell = Cell::new(Content::Number(f64::INFINITY));
        assert_eq!(
            parse_cell(Some(&cell), it(VISITS)).problem().cloned(),
            Some(Problem::Implausible)
        );
    }

    // Phrases.

    #[test]
    fn phrases_in_both_languages() {
        let m = magnitude("万", 1e4);
        assert_eq!(m.zh(), "“万”按×10000换算");
        assert_eq!(m.en(), "“万” read as ×10,000");
        let u = unit("元", "万元", 1e-4);
        assert_eq!(u.zh(), "按“元”填写，已换算为万元（÷10000）");
        assert_eq!(u.en(), "written in 元, converted to 万元 (÷10,000)");
        let u = unit("亿元", "万元", 1e4);
        assert_eq!(u.en(), "written in 亿元, converted to 万元 (×10,000)");
        let u = unit("‰", "%", 0.1);
        assert_eq!(u.zh(), "按“‰”填写，已换算为%（÷10）");
        assert_eq!(Adjustment::Scientific.zh(), "科学计数法");
        assert_eq!(Adjustment::Scientific.en(), "scientific notation");
        let a = approx("约", 8.0);
        assert_eq!(a.zh(), "约数（“约”），按8计");
        assert_eq!(a.en(), "approximate (“约”), read as 8");
        assert_eq!(magnitude("亿", 1e8).en(), "“亿” read as ×100,000,000");
    }

    #[test]
    fn phrases_come_from_parsing() {
        let p = parse_text("约8", it(BEDS));
        let zh: Vec<String> = p
            .adjustments()
            .to_vec()
            .iter()
            .map(Adjustment::zh)
            .collect();
        assert_eq!(zh, ["约数（“约”），按8计"]);
    }

    #[test]
    fn values_beyond_ten_to_the_fifteen_are_implausible() {
        let p = parse_text("1e20", it(BEDS));
        assert_eq!(
            (p.status, p.problem().cloned()),
            (Status::Invalid, Some(Problem::Implausible))
        );
        // Beyond what a number can hold at all: still a number, and implausible (regression:
        // it was "not a number", which a clerk looking at 1.8e308 cannot make sense of).
        for text in ["1.8e308", "1e400", "1.8e308万", &"9".repeat(400)] {
            let p = parse_text(text, it(BEDS));
            assert_eq!(
                (p.status, p.problem().cloned(), p.value()),
                (Status::Invalid, Some(Problem::Implausible), None),
                "{text}"
            );
        }
        let p = parse_cell(Some(&Cell::new(Content::Number(f64::INFINITY))), it(BEDS));
        assert_eq!(p.problem().cloned(), Some(Problem::Implausible));
        let p = parse_cell(Some(&Cell::new(Content::Number(f64::NAN))), it(BEDS));
        assert_eq!(p.problem().cloned(), Some(Problem::Unreadable));
        let p = parse_text("20000000亿", it(VISITS));
        assert_eq!(p.status, Status::Invalid);
        let cell = Cell::new(Content::Number(1.7e308));
        let p = parse_cell(Some(&cell), it(BEDS));
        assert_eq!(
            (p.status, p.problem().cloned()),
            (Status::Invalid, Some(Problem::Implausible))
        );
        assert_eq!(parse_text("999999999999999", it(BEDS)).status, Status::Ok);
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_without_panic(s in "\\PC{0,40}") {
            for item in Form::builtin_static().items() {
                let p = parse_text(&s, item);
                if let Some(v) = p.value() {
                    proptest::prop_assert!(v.is_finite());
                }
            }
        }

        #[test]
        fn number_like_text_parses_without_panic(
            s in "[-+约<>≥]{0,2}[0-9.,eE+-]{0,12}[万千亿元wk‰%]{0,3}[余多左右张人次]{0,3}"
        ) {
            for item in Form::builtin_static().items() {
                let p = parse_text(&s, item);
                proptest::prop_assert_eq!(p.status == Status::Ok, p.value().is_some());
            }
        }

        #[test]
        fn integers_round_trip(n in 0u64..10_000_000) {
            for no in [BEDS, VISITS, FUNDING, DAY_SURGERY, CMI] {
                // A rate above 100 % is impossible, and invalid.
                let n = if no == DAY_SURGERY { n % 101 } else { n };
                let p = parse_text(&n.to_string(), it(no));
                proptest::prop_assert_eq!(p.value(), Some(n as f64));
                proptest::prop_assert!(p.adjustments().is_empty());
            }
        }

        #[test]
        fn wan_is_ten_thousand_times_the_number(n in 0u32..100_000) {
            let p = parse_text(&format!("{n}万"), it(VISITS));
            proptest::prop_assert_eq!(p.value(), Some(f64::from(n) * 1e4));
        }
    }
}
