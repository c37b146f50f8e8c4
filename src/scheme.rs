//! The scoring scheme: which items are scored, their weights and benchmarks, the derived
//! indicators, area weights, the method, the grade rule and the designation rules. Every number
//! of the method lives here, none in code: the default is `data/scheme.toml`, compiled in;
//! `assess scheme` writes it out with each item named; `--scheme FILE` reads a commission's own.
//!
//! Items are named by their code on the form (`"2.3.1"`), or by their name when the form
//! prints no code (`"多学科诊疗团队数"`); a plain number (`27`) is read as the item's serial
//! number, as older scheme files wrote. So a scheme keeps working when a revised form renumbers
//! its items.

use crate::form::{Direction, Form};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const DEFAULT_TOML: &str = include_str!("../data/scheme.toml");
const PRESET_PASS_FAIL: &str = include_str!("../data/scheme-pass-fail.toml");

/// The largest weight (or scale) a scheme may give: larger ones only lose precision and, near
/// the end of the floating-point range, turn every total into infinity.
pub const MAX_WEIGHT: f64 = 1e6;
/// The largest benchmark or threshold: the same bound as a value in a survey.
pub const MAX_VALUE: f64 = 1e15;

/// How submissions are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Composite,
    Topsis,
    Rsr,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Composite => "composite",
            Method::Topsis => "topsis",
            Method::Rsr => "rsr",
        }
    }

    /// The name in reports.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Method::Composite => lang.pick("综合评分法", "composite score"),
            Method::Topsis => lang.pick("TOPSIS法", "TOPSIS"),
            Method::Rsr => lang.pick("秩和比法(RSR)", "rank-sum ratio (RSR)"),
        }
    }

    /// `composite`, `综合`, `综合评分`, `topsis`, `rsr`, `秩和比` …
    pub fn parse(s: &str) -> Option<Method> {
        let t = s.trim().to_ascii_lowercase();
        Some(match t.as_str() {
            "composite" | "综合" | "综合评分" | "综合评分法" => Method::Composite,
            "topsis" | "topsis法" | "优劣解距离法" => Method::Topsis,
            "rsr" | "秩和比" | "秩和比法" | "rsr法" => Method::Rsr,
            _ => return None,
        })
    }
}

/// A grade as shown: the labels of the schemes `assess` ships are shown in English with
/// `--lang en`; a commission's own labels are shown as written. (JSON and CSV always carry the
/// label as the scheme writes it.)
pub fn grade_label(label: &str, lang: Lang) -> &str {
    match (lang, label) {
        (Lang::En, "优秀") => "excellent",
        (Lang::En, "合格") => "pass",
        (Lang::En, "待改进") => "to improve",
        (Lang::En, "不合格") => "fail",
        _ => label,
    }
}

/// A grade in one character for a table with a column per year (`优`, `合`, `不`), with the
/// legend that explains it; a commission's own labels are shown whole.
pub fn grade_short(label: &str, lang: Lang) -> &str {
    match (lang, label) {
        (Lang::Zh, "优秀") => "优",
        (Lang::Zh, "合格") => "合",
        (Lang::Zh, "待改进") => "改",
        (Lang::Zh, "不合格") => "不",
        (Lang::En, "优秀") => "E",
        (Lang::En, "合格") => "P",
        (Lang::En, "待改进") => "I",
        (Lang::En, "不合格") => "F",
        _ => label,
    }
}

/// What [`grade_short`] means, for the grades in `labels`.
pub fn grade_legend<'a>(labels: impl IntoIterator<Item = &'a str>, lang: Lang) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for l in labels {
        if grade_short(l, lang) != l && !seen.contains(&l) {
            seen.push(l);
        }
    }
    let order = ["优秀", "合格", "待改进", "不合格"];
    seen.sort_by_key(|l| order.iter().position(|o| o == l));
    seen.iter()
        .map(|l| format!("{}={}", grade_short(l, lang), grade_label(l, lang)))
        .collect::<Vec<_>>()
        .join(lang.pick("，", ", "))
}

/// Where indicator weights come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weights {
    Scheme,
    Entropy,
}

impl Weights {
    pub fn as_str(self) -> &'static str {
        match self {
            Weights::Scheme => "scheme",
            Weights::Entropy => "entropy",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Weights::Scheme => lang.pick("方案权重", "scheme weights"),
            Weights::Entropy => lang.pick("熵权", "entropy weights"),
        }
    }

    /// `scheme`, `方案`, `entropy`, `熵权` …
    pub fn parse(s: &str) -> Option<Weights> {
        let t = s.trim().to_ascii_lowercase();
        Some(match t.as_str() {
            "scheme" | "方案" | "方案权重" => Weights::Scheme,
            "entropy" | "熵权" | "熵权法" => Weights::Entropy,
            _ => return None,
        })
    }
}

/// An item named in a scheme: its code or name, or (older files) its serial number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ItemKey {
    No(u8),
    Key(String),
}

impl ItemKey {
    /// The text used to find the item in a form.
    pub fn text(&self) -> String {
        match self {
            ItemKey::No(n) => n.to_string(),
            ItemKey::Key(k) => k.clone(),
        }
    }
}

/// One scored item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRule {
    #[serde(default = "one")]
    pub weight: f64,
    /// Benchmark: s = 100 at or beyond `full`, 0 at or beyond `zero`, linear between.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero: Option<f64>,
    /// Overrides the form's direction (needed to score a neutral item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

fn one() -> f64 {
    1.0
}

/// A derived indicator: Σ numerator items / Σ denominator items × scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerivedRule {
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub unit_en: String,
    pub numerator: Vec<ItemKey>,
    pub denominator: Vec<ItemKey>,
    #[serde(default = "one")]
    pub scale: f64,
    pub area: u8,
    pub direction: Direction,
    #[serde(default = "one")]
    pub weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero: Option<f64>,
}

/// What a grade is decided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GradeBy {
    /// Position in the cohort, p = (n − r + 0.5) / n.
    Position,
    /// The total score.
    Total,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub label: String,
    /// The lowest position (or total) that earns this grade.
    pub min: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeRule {
    pub by: GradeBy,
    /// Highest first; the first whose `min` is reached is the grade.
    pub tiers: Vec<Tier>,
    /// The grades that pass (合格以上). Default: every grade but the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<Vec<String>>,
}

impl GradeRule {
    /// Whether a grade passes.
    pub fn passes(&self, grade: &str) -> bool {
        match &self.pass {
            Some(p) => p.iter().any(|g| g == grade),
            None => self
                .tiers
                .iter()
                .position(|t| t.label == grade)
                .is_some_and(|i| i + 1 < self.tiers.len()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RsrRule {
    /// Probit values that cut the fitted WRSR into three tiers.
    pub probit_cuts: [f64; 2],
}

/// Checks on the data that use the cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRule {
    /// A value this many times above (or below 1/this of) its cohort's median is flagged.
    pub unit_ratio: f64,
    /// …when the cohort has at least this many values.
    pub unit_members: usize,
    /// A rate of at most 1 (%) is flagged as a fraction typed by mistake (0.96 for 96 %) when
    /// its cohort's median is at least this.
    #[serde(default = "rate_fraction_median")]
    pub rate_fraction_median: f64,
}

fn rate_fraction_median() -> f64 {
    20.0
}

impl Default for CheckRule {
    fn default() -> CheckRule {
        CheckRule {
            unit_ratio: 100.0,
            unit_members: 5,
            rate_fraction_median: rate_fraction_median(),
        }
    }
}

/// The designation rules over the years (seed 000, 七 考核和退出).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRule {
    /// Years of rectification (整改期) after a failing year.
    pub rectify_years: u32,
    /// Failing years in a row that withdraw the status (取消资格).
    pub revoke_after_fails: u32,
    /// Passing years in a row that award the plaque (授牌).
    pub award_after_passes: u32,
    /// Years after the award within which national approval must come, or the plaque is
    /// withdrawn (撤牌).
    pub national_within_years: u32,
}

impl Default for StatusRule {
    fn default() -> StatusRule {
        StatusRule {
            rectify_years: 1,
            revoke_after_fails: 2,
            award_after_passes: 3,
            national_within_years: 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub method: Method,
    pub weights: Weights,
    /// Totals closer than this share a rank.
    pub tie_tolerance: f64,
    /// Cohorts smaller than this get a note that ranks mean little.
    pub small_cohort: usize,
    /// Area weights by area number ("1" … ).
    pub areas: BTreeMap<String, f64>,
    pub grade: GradeRule,
    pub rsr: RsrRule,
    #[serde(default)]
    pub check: CheckRule,
    #[serde(default)]
    pub status: StatusRule,
    /// Scored items by code (or name, or serial number).
    pub items: BTreeMap<String, ItemRule>,
    #[serde(default)]
    pub derived: BTreeMap<String, DerivedRule>,
}

/// A scheme file that cannot be used. The message names the key, in both languages.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SchemeError {
    #[error("the scheme file is not valid TOML: {}", .0.en)]
    Syntax(TomlProblem),
    #[error("scheme key {key}: {en}")]
    Invalid { key: String, zh: String, en: String },
}

impl SchemeError {
    /// The message in a language.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (SchemeError::Syntax(e), Lang::Zh) => format!("不是有效的 TOML 文件：{}", e.zh),
            (SchemeError::Syntax(e), Lang::En) => {
                format!("the scheme file is not valid TOML: {}", e.en)
            }
            (SchemeError::Invalid { key, zh, .. }, Lang::Zh) => format!("键 {key}：{zh}"),
            (SchemeError::Invalid { key, en, .. }, Lang::En) => format!("scheme key {key}: {en}"),
        }
    }
}

/// What is wrong with a TOML file the clerk edited, where, in both languages: the line and
/// column, and the parser's complaint put in words (`应为数字，这里是文字“x”`).
#[derive(Debug, Clone, PartialEq)]
pub struct TomlProblem {
    pub zh: String,
    pub en: String,
}

impl TomlProblem {
    pub fn of(text: &str, e: &toml::de::Error) -> TomlProblem {
        let at = e.span().map(|s| {
            let mut end = s.start.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let before = &text[..end];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (line, col)
        });
        let msg = e.message().trim();
        let zh = toml_message_zh(msg);
        match at {
            Some((line, col)) => TomlProblem {
                zh: format!("第{line}行第{col}列：{zh}"),
                en: format!("line {line}, column {col}: {msg}"),
            },
            None => TomlProblem {
                zh,
                en: msg.to_string(),
            },
        }
    }
}

/// The TOML reader's common complaints in Chinese; anything else is quoted as it is.
fn toml_message_zh(msg: &str) -> String {
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let kind = |s: &str| -> String {
        let s = s.trim();
        if s.starts_with("string") {
            let v = s.trim_start_matches("string").trim().trim_matches('"');
            return format!("文字“{v}”");
        }
        if s.starts_with("f64") || s.starts_with("f32") || s.contains("float") {
            return "数字".into();
        }
        if s.starts_with('u') || s.starts_with('i') && s.len() <= 5 || s.contains("integer") {
            return "整数".into();
        }
        if s.contains("bool") {
            return "true 或 false".into();
        }
        if s.contains("sequence") || s.contains("array") {
            return "列表 [ … ]".into();
        }
        if s.contains("map") || s.contains("table") || s.contains("struct") {
            return "一节或 { … }".into();
        }
        s.to_string()
    };
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        if let Some((found, wanted)) = rest.split_once(", expected ") {
            return format!("类型不对：应为{}，这里是{}", kind(wanted), kind(found));
        }
    }
    if msg.starts_with("unknown field") {
        let t = ticked(msg);
        if let Some((first, rest)) = t.split_first() {
            return format!("不认识的键 {first}；可用的键：{}", rest.join("、"));
        }
    }
    if msg.starts_with("unknown variant") {
        let t = ticked(msg);
        if let Some((first, rest)) = t.split_first() {
            return format!("不认识的值 {first}；可用的值：{}", rest.join("、"));
        }
    }
    if msg.starts_with("missing field") {
        if let Some(f) = ticked(msg).first() {
            return format!("缺少键 {f}");
        }
    }
    if msg.starts_with("duplicate key") {
        return format!("键重复：{}", ticked(msg).join("、"));
    }
    format!("格式错误（{msg}）")
}

fn invalid(key: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> SchemeError {
    SchemeError::Invalid {
        key: key.into(),
        zh: zh.into(),
        en: en.into(),
    }
}

impl Default for Scheme {
    fn default() -> Scheme {
        Scheme::from_toml(DEFAULT_TOML).expect("the compiled-in default scheme is valid")
    }
}

/// The schemes `assess scheme --preset` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// SCORING.md: grades by position, 优秀 / 合格 / 待改进.
    Default,
    /// Seed 000's yearly assessment: grades by total, 优秀 / 合格 / 不合格.
    PassFail,
}

impl Preset {
    pub fn scheme(self) -> Scheme {
        match self {
            Preset::Default => Scheme::default(),
            Preset::PassFail => {
                Scheme::from_toml(PRESET_PASS_FAIL).expect("the compiled-in preset is valid")
            }
        }
    }
}

impl Scheme {
    /// Read and check a scheme (what does not depend on the form).
    pub fn from_toml(text: &str) -> Result<Scheme, SchemeError> {
        let s: Scheme =
            toml::from_str(text).map_err(|e| SchemeError::Syntax(TomlProblem::of(text, &e)))?;
        s.check()?;
        Ok(s)
    }

    /// Area weight by area number.
    pub fn area_weight(&self, area: u8) -> f64 {
        self.areas.get(&area.to_string()).copied().unwrap_or(0.0)
    }

    /// The scheme's item keys that this form does not have.
    pub fn keys_not_in(&self, form: &Form) -> Vec<String> {
        let mut out: Vec<String> = self
            .items
            .keys()
            .filter(|k| form.index_of(k).is_none())
            .cloned()
            .collect();
        for d in self.derived.values() {
            for k in d.numerator.iter().chain(&d.denominator) {
                let t = k.text();
                if form.index_of(&t).is_none() && !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// Check the scheme against the forms of a run: every key must name an item of one of
    /// them, and every item scored in this form must have a direction.
    pub fn check_against(&self, forms: &[&Form]) -> Result<(), SchemeError> {
        for (k, r) in &self.items {
            let key = format!("items.\"{k}\"");
            let found: Vec<&crate::form::Item> = forms.iter().filter_map(|f| f.find(k)).collect();
            let Some(it) = found.first() else {
                return Err(invalid(
                    &key,
                    format!("调查表中没有编号或名称为“{k}”的指标；请写调查表上印的编号（如 2.3.1），没有编号的指标写名称"),
                    format!(
                        "no item of the form has the code or name '{k}'; write the code as printed on the form (2.3.1), or the name for an item without a code"
                    ),
                ));
            };
            if r.direction.unwrap_or(it.direction) == Direction::Neutral {
                return Err(invalid(
                    &key,
                    format!(
                        "第{}项“{}”不计分（方向为中性）；请加 direction = \"higher\" 或 \"lower\"，或删除该行",
                        it.no, it.name
                    ),
                    format!(
                        "item {} {} is not scored (its direction is neutral); give it direction = \"higher\" or \"lower\", or remove it",
                        it.no, it.name
                    ),
                ));
            }
        }
        for (id, d) in &self.derived {
            for (part, keys) in [("numerator", &d.numerator), ("denominator", &d.denominator)] {
                if let Some(bad) = keys
                    .iter()
                    .find(|k| forms.iter().all(|f| f.find(&k.text()).is_none()))
                {
                    return Err(invalid(
                        format!("derived.{id}.{part}"),
                        format!("没有指标“{}”", bad.text()),
                        format!("there is no item '{}'", bad.text()),
                    ));
                }
            }
        }
        let areas = forms.iter().map(|f| f.areas().len()).max().unwrap_or(0);
        for k in self.areas.keys() {
            if k.parse::<usize>().map_or(true, |a| a == 0 || a > areas) {
                return Err(invalid(
                    format!("areas.{k}"),
                    format!("一级指标编号为 1–{areas}"),
                    format!("areas are numbered 1–{areas}"),
                ));
            }
        }
        Ok(())
    }

    /// The scheme checked on its own, section by section: the first value out of range.
    fn check(&self) -> Result<(), SchemeError> {
        self.check_areas()?;
        let scored = self.check_items()? + self.check_derived()?;
        if scored == 0 {
            return Err(invalid(
                "items",
                "没有计分的指标（所有权重或其一级指标权重都是 0）",
                "no item is scored (every weight, or its area's weight, is 0)",
            ));
        }
        self.check_grade()?;
        self.check_tuning()?;
        self.check_status()
    }

    /// `[areas]`: numbered from 1, each weight in range, not all 0.
    fn check_areas(&self) -> Result<(), SchemeError> {
        for (k, w) in &self.areas {
            let a: u8 = k.parse().map_err(|_| {
                invalid(
                    format!("areas.{k}"),
                    "一级指标编号为 1、2、3 …",
                    "areas are numbered 1, 2, 3 …",
                )
            })?;
            if a == 0 {
                return Err(invalid(
                    format!("areas.{k}"),
                    "一级指标从 1 开始编号",
                    "areas are numbered from 1",
                ));
            }
            check_weight(format!("areas.{k}"), *w)?;
        }
        if self.areas.values().sum::<f64>() <= 0.0 {
            return Err(invalid(
                "areas",
                "一级指标权重合计为 0",
                "the area weights add up to 0",
            ));
        }
        Ok(())
    }

    /// `[items]`: each weight and benchmark valid; gives how many are scored.
    fn check_items(&self) -> Result<usize, SchemeError> {
        let mut scored = 0;
        for (k, r) in &self.items {
            let key = format!("items.\"{k}\"");
            check_weight(format!("{key}.weight"), r.weight)?;
            check_benchmark(&key, r.full, r.zero)?;
            if r.weight > 0.0 {
                scored += 1;
            }
        }
        Ok(scored)
    }

    /// `[derived.*]`: an id of its own, both parts, an area, a direction, weight, scale and
    /// benchmark valid; gives how many are scored.
    fn check_derived(&self) -> Result<usize, SchemeError> {
        let mut scored = 0;
        for (k, d) in &self.derived {
            let key = format!("derived.{k}");
            if k.parse::<u32>().is_ok() || k.contains('.') {
                return Err(invalid(
                    &key,
                    "派生指标需要自己的编号，如 D6",
                    "a derived indicator needs its own id, such as D6",
                ));
            }
            for (part, nos) in [("numerator", &d.numerator), ("denominator", &d.denominator)] {
                if nos.is_empty() {
                    return Err(invalid(
                        format!("{key}.{part}"),
                        "至少需要一个指标",
                        "needs at least one item",
                    ));
                }
            }
            if d.area == 0 {
                return Err(invalid(
                    format!("{key}.area"),
                    "一级指标从 1 开始编号",
                    "areas are numbered from 1",
                ));
            }
            if d.direction == Direction::Neutral {
                return Err(invalid(
                    format!("{key}.direction"),
                    "应为 \"higher\" 或 \"lower\"",
                    "must be \"higher\" or \"lower\"",
                ));
            }
            check_weight(format!("{key}.weight"), d.weight)?;
            if !d.scale.is_finite() || d.scale <= 0.0 || d.scale > MAX_WEIGHT {
                return Err(invalid(
                    format!("{key}.scale"),
                    format!("应为大于 0、不超过 {MAX_WEIGHT} 的数"),
                    format!("must be a number above 0 and at most {MAX_WEIGHT}"),
                ));
            }
            check_benchmark(&key, d.full, d.zero)?;
            if d.weight > 0.0 {
                scored += 1;
            }
        }
        Ok(scored)
    }

    /// `[grade]`: at least one tier, each labelled, with a number for min, highest first;
    /// the passing grades among the tiers.
    fn check_grade(&self) -> Result<(), SchemeError> {
        if self.grade.tiers.is_empty() {
            return Err(invalid(
                "grade.tiers",
                "至少需要一个等级",
                "needs at least one grade",
            ));
        }
        for (i, t) in self.grade.tiers.iter().enumerate() {
            if t.label.trim().is_empty() {
                return Err(invalid(
                    format!("grade.tiers[{i}].label"),
                    "为空",
                    "is empty",
                ));
            }
            if !t.min.is_finite() || t.min.abs() > MAX_VALUE {
                return Err(invalid(
                    format!("grade.tiers[{i}].min"),
                    "应为数字",
                    "must be a number",
                ));
            }
            if i > 0 && t.min > self.grade.tiers[i - 1].min {
                return Err(invalid(
                    format!("grade.tiers[{i}].min"),
                    "等级应按 min 从高到低排列",
                    "tiers must go from the highest min to the lowest",
                ));
            }
        }
        if let Some(pass) = &self.grade.pass {
            if let Some(bad) = pass
                .iter()
                .find(|p| !self.grade.tiers.iter().any(|t| &t.label == *p))
            {
                return Err(invalid(
                    "grade.pass",
                    format!("“{bad}”不是 grade.tiers 中的等级"),
                    format!("'{bad}' is not one of the grades in grade.tiers"),
                ));
            }
        }
        Ok(())
    }

    /// The numbers that tune ranking and checks: the tie tolerance, the RSR cuts and
    /// `[check]`, each in its range.
    fn check_tuning(&self) -> Result<(), SchemeError> {
        if !(self.tie_tolerance.is_finite() && (0.0..=1.0).contains(&self.tie_tolerance)) {
            return Err(invalid(
                "tie_tolerance",
                "应为 0 到 1 之间的数",
                "must be a number from 0 to 1",
            ));
        }
        let [lo, hi] = self.rsr.probit_cuts;
        if !(lo.is_finite() && hi.is_finite() && lo < hi && lo.abs() < 100.0 && hi.abs() < 100.0) {
            return Err(invalid(
                "rsr.probit_cuts",
                "应为两个数，小的在前",
                "must be two numbers, the lower first",
            ));
        }
        if !(self.check.unit_ratio.is_finite() && self.check.unit_ratio > 1.0) {
            return Err(invalid(
                "check.unit_ratio",
                "应为大于 1 的数",
                "must be a number above 1",
            ));
        }
        let m = self.check.rate_fraction_median;
        if !(m.is_finite() && (1.0..=100.0).contains(&m)) {
            return Err(invalid(
                "check.rate_fraction_median",
                "应为 1 到 100 之间的数",
                "must be a number from 1 to 100",
            ));
        }
        Ok(())
    }

    /// `[status]`: each number of years in its range.
    fn check_status(&self) -> Result<(), SchemeError> {
        let st = &self.status;
        for (k, v) in [
            ("status.revoke_after_fails", st.revoke_after_fails),
            ("status.award_after_passes", st.award_after_passes),
        ] {
            if !(1..=50).contains(&v) {
                return Err(invalid(
                    k,
                    "应为 1 到 50 之间的年数",
                    "must be a number of years from 1 to 50",
                ));
            }
        }
        for (k, v) in [
            ("status.rectify_years", st.rectify_years),
            ("status.national_within_years", st.national_within_years),
        ] {
            if v > 50 {
                return Err(invalid(
                    k,
                    "应为 0 到 50 之间的年数",
                    "must be a number of years from 0 to 50",
                ));
            }
        }
        Ok(())
    }

    /// The scheme as a commented TOML file (Chinese first, English after), each item named
    /// from the form.
    pub fn to_toml(&self, form: &Form) -> String {
        let mut s = String::new();
        self.toml_top(&mut s);
        self.toml_areas(&mut s, form);
        self.toml_grade(&mut s);
        self.toml_checks(&mut s);
        self.toml_status(&mut s);
        self.toml_items(&mut s, form);
        self.toml_derived(&mut s);
        s
    }

    /// The file's heading and the top-level settings: method, weights, ties, small cohorts.
    fn toml_top(&self, s: &mut String) {
        let mut line = |t: &str| push_line(s, t);
        line("# assess 评分方案 / scoring scheme");
        line("# 修改权重、标杆值和等级规则后，用 `assess score --scheme 本文件` 评分。");
        line("# Edit weights, benchmarks and grades, then run `assess score --scheme THIS_FILE`.");
        line("");
        line("# 评分方法 method: \"composite\" 综合评分 | \"topsis\" | \"rsr\" 秩和比");
        line(&format!("method = \"{}\"", self.method.as_str()));
        line("# 权重来源 weights: \"scheme\" 本方案 | \"entropy\" 熵权法（按参评单位数据计算 / from the cohort's data）");
        line(&format!("weights = \"{}\"", self.weights.as_str()));
        line("# 总分相差小于此值视为并列 / totals closer than this share a rank");
        line(&format!("tie_tolerance = {}", toml_num(self.tie_tolerance)));
        line("# 参评单位少于此数时提示排名参考意义有限 / cohorts smaller than this get a note");
        line(&format!("small_cohort = {}", self.small_cohort));
        line("");
    }

    /// `[areas]`: each area's weight, named from the form.
    fn toml_areas(&self, s: &mut String, form: &Form) {
        let mut line = |t: &str| push_line(s, t);
        line("# 一级指标权重（合计通常为100）/ area weights");
        line("[areas]");
        for (k, w) in &self.areas {
            let name = k
                .parse::<u8>()
                .ok()
                .and_then(|a| form.area(a))
                .map(|a| a.short(Lang::Zh).to_string())
                .unwrap_or_default();
            line(&format!("{k} = {}  # {name}", toml_num(*w)));
        }
        line("");
    }

    /// `[grade]`: how grades are given, the tiers and the passing grades.
    fn toml_grade(&self, s: &mut String) {
        let mut line = |t: &str| push_line(s, t);
        line("# 等级 grade: by = \"position\" 按名次位置 p = (n − r + 0.5) / n，或 \"total\" 按总分；");
        line("# tiers 从高到低，达到 min 即得该等级 / highest first, the first whose min is reached.");
        line("# pass 为合格以上的等级（用于建设状态）/ the grades that pass (for the designation status).");
        line("# 例 e.g. by = \"total\", tiers = [{ label = \"优秀\", min = 85.0 }, { label = \"合格\", min = 60.0 }, { label = \"不合格\", min = 0.0 }]");
        line("[grade]");
        line(&format!(
            "by = \"{}\"",
            match self.grade.by {
                GradeBy::Position => "position",
                GradeBy::Total => "total",
            }
        ));
        line("tiers = [");
        for t in &self.grade.tiers {
            line(&format!(
                "  {{ label = {}, min = {} }},",
                toml_str(&t.label),
                toml_num(t.min)
            ));
        }
        line("]");
        if let Some(pass) = &self.grade.pass {
            line(&format!(
                "pass = [{}]",
                pass.iter()
                    .map(|p| toml_str(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        line("");
    }

    /// `[rsr]` and `[check]`: the RSR cuts and the data checks' thresholds.
    fn toml_checks(&self, s: &mut String) {
        let mut line = |t: &str| push_line(s, t);
        line("# 秩和比法分档的概率单位切点 / RSR: probit values that cut the three tiers");
        line("[rsr]");
        line(&format!(
            "probit_cuts = [{}, {}]",
            toml_num(self.rsr.probit_cuts[0]),
            toml_num(self.rsr.probit_cuts[1])
        ));
        line("");
        line("# 数据核查：某项数值为同组中位数的 unit_ratio 倍以上或 1/unit_ratio 以下（同组至少 unit_members 个数值）时提示核对单位");
        line("# Data check: a value unit_ratio times above or below its cohort's median (with at least unit_members values) is flagged.");
        line("[check]");
        line(&format!("unit_ratio = {}", toml_num(self.check.unit_ratio)));
        line(&format!("unit_members = {}", self.check.unit_members));
        line(
            "# 百分比不大于1、而同组中位数不小于此值时，提示疑似把百分数填成了小数（96%填成0.96）",
        );
        line("# A rate of at most 1 where the cohort's median is at least this is flagged as a fraction (0.96 for 96%).");
        line(&format!(
            "rate_fraction_median = {}",
            toml_num(self.check.rate_fraction_median)
        ));
        line("");
    }

    /// `[status]`: the years of the designation rules.
    fn toml_status(&self, s: &mut String) {
        let mut line = |t: &str| push_line(s, t);
        line("# 建设状态（考核和退出）：不合格后整改 rectify_years 年；连续 revoke_after_fails 年不合格取消资格；");
        line("# 连续 award_after_passes 年合格以上授牌，授牌后 national_within_years 年内未获批国家级临床重点专科则撤牌。");
        line("# Designation: rectification years after a fail; fails in a row that revoke; passes in a row that award the plaque;");
        line("# years after the award within which national approval must come.");
        line("[status]");
        line(&format!("rectify_years = {}", self.status.rectify_years));
        line(&format!(
            "revoke_after_fails = {}",
            self.status.revoke_after_fails
        ));
        line(&format!(
            "award_after_passes = {}",
            self.status.award_after_passes
        ));
        line(&format!(
            "national_within_years = {}",
            self.status.national_within_years
        ));
        line("");
    }

    /// `[items]`: one line per scored item in the form's order, each under a comment naming
    /// it with its unit and direction.
    fn toml_items(&self, s: &mut String, form: &Form) {
        let mut line = |t: &str| push_line(s, t);
        line("# 计分指标 scored items，按调查表上的编号（无编号的指标用名称）：weight 权重（同一一级指标内）；");
        line("# full/zero 标杆值：达到 full 得100分，达到 zero 得0分；未设标杆的指标按参评单位最小–最大值计分。");
        line("# 删除一行即不计分；中性指标需加 direction。");
        line("# Items by the code printed on the form (by name when it has none): weight within the area;");
        line("# full/zero: a benchmark (100 at full, 0 at zero), else cohort min–max. Remove a line to stop");
        line("# scoring an item; a neutral item needs direction = \"higher\" or \"lower\".");
        line("[items]");
        let mut keys: Vec<(usize, &String, &ItemRule)> = self
            .items
            .iter()
            .map(|(k, r)| (form.index_of(k).unwrap_or(usize::MAX), k, r))
            .collect();
        keys.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (i, k, r) in keys {
            if let Some(it) = form.items().get(i) {
                let dir = r.direction.unwrap_or(it.direction);
                let unit = if it.unit.is_empty() { "—" } else { &it.unit };
                line(&format!(
                    "# {} {}（{unit}，{}）",
                    it.no,
                    it.form_label(),
                    dir.label(Lang::Zh)
                ));
            } else {
                line("# 本调查表中没有此项，不计分（可删除）/ not in this form: not scored");
            }
            let mut parts = vec![format!("weight = {}", toml_num(r.weight))];
            if let (Some(full), Some(zero)) = (r.full, r.zero) {
                parts.push(format!("full = {}", toml_num(full)));
                parts.push(format!("zero = {}", toml_num(zero)));
            }
            if let Some(d) = r.direction {
                parts.push(format!("direction = \"{}\"", d.as_str()));
            }
            line(&format!("{} = {{ {} }}", toml_key(k), parts.join(", ")));
        }
        line("");
    }

    /// `[derived.*]`: each derived indicator, a table of its own.
    fn toml_derived(&self, s: &mut String) {
        let mut line = |t: &str| push_line(s, t);
        line("# 派生指标 derived indicators: Σ numerator 分子 / Σ denominator 分母 × scale；分母为0或缺失时不适用");
        for (k, d) in &self.derived {
            let keys = |v: &[ItemKey]| {
                v.iter()
                    .map(|k| match k {
                        ItemKey::No(n) => n.to_string(),
                        ItemKey::Key(s) => toml_str(s),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            line("");
            line(&format!("[derived.{k}]"));
            line(&format!("name = {}", toml_str(&d.name)));
            if !d.name_en.is_empty() {
                line(&format!("name_en = {}", toml_str(&d.name_en)));
            }
            line(&format!("unit = {}", toml_str(&d.unit)));
            if !d.unit_en.is_empty() {
                line(&format!("unit_en = {}", toml_str(&d.unit_en)));
            }
            line(&format!("numerator = [{}]", keys(&d.numerator)));
            line(&format!("denominator = [{}]", keys(&d.denominator)));
            line(&format!("scale = {}", toml_num(d.scale)));
            line(&format!("area = {}", d.area));
            line(&format!("direction = \"{}\"", d.direction.as_str()));
            line(&format!("weight = {}", toml_num(d.weight)));
            if let (Some(full), Some(zero)) = (d.full, d.zero) {
                line(&format!("full = {}", toml_num(full)));
                line(&format!("zero = {}", toml_num(zero)));
            }
        }
    }
}

/// `t` and a line break, added to `s`.
fn push_line(s: &mut String, t: &str) {
    s.push_str(t);
    s.push('\n');
}

/// A number that TOML reads back as a float: `100.0`, `0.5`, `1e16`.
fn toml_num(x: f64) -> String {
    format!("{x:?}")
}

/// A weight at `key`: a number from 0 to [`MAX_WEIGHT`], else the error naming it.
fn check_weight(key: String, v: f64) -> Result<(), SchemeError> {
    if !v.is_finite() || !(0.0..=MAX_WEIGHT).contains(&v) {
        Err(invalid(
            key,
            format!("应为 0 到 {MAX_WEIGHT} 之间的数，而不是 {v}"),
            format!("must be a number from 0 to {MAX_WEIGHT}, not {v}"),
        ))
    } else {
        Ok(())
    }
}

/// A benchmark at `key`: none, or both `full` and `zero`, different numbers in range; else
/// the error naming it.
fn check_benchmark(key: &str, full: Option<f64>, zero: Option<f64>) -> Result<(), SchemeError> {
    match (full, zero) {
        (Some(f), Some(z))
            if !(f.is_finite() && z.is_finite()) || f.abs() > MAX_VALUE || z.abs() > MAX_VALUE =>
        {
            Err(invalid(
                key,
                format!("full 和 zero 应为 -{MAX_VALUE:e} 到 {MAX_VALUE:e} 之间的数"),
                format!("full and zero must be numbers between -{MAX_VALUE:e} and {MAX_VALUE:e}"),
            ))
        }
        (Some(f), Some(z)) if f == z => Err(invalid(
            key,
            format!("满分值 full（{f}）等于零分值 zero（{z}），两者应不同"),
            format!("full ({f}) equals zero ({z}); they must differ"),
        )),
        (Some(_), None) | (None, Some(_)) => Err(invalid(
            key,
            "标杆值需要同时给出 full 和 zero",
            "a benchmark needs both full and zero",
        )),
        _ => Ok(()),
    }
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A key as TOML needs it: `"2.3.1"` (dots must be quoted), `多学科诊疗团队数` quoted too.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        toml_str(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> std::sync::Arc<Form> {
        Form::builtin()
    }

    #[test]
    fn default_scheme_is_spec() {
        let s = Scheme::default();
        assert_eq!(s.method, Method::Composite);
        assert_eq!(
            [1, 2, 3, 4].map(|a| s.area_weight(a)),
            [15.0, 50.0, 25.0, 10.0]
        );
        assert_eq!(s.items["2.7.1"].full, Some(40.0));
        assert_eq!(s.items["2.7.1"].zero, Some(80.0));
        assert!(!s.items.contains_key("1.3.3"));
        assert!(s.items.contains_key("多学科诊疗团队数"));
        assert_eq!(s.derived.len(), 5);
        assert_eq!(s.grade.tiers[0].min, 0.84134);
        s.check_against(&[&form()]).unwrap();
    }

    #[test]
    fn written_default_reads_back_identical() {
        let s = Scheme::default();
        let text = s.to_toml(&form());
        assert!(
            text.contains("# 44 2.7.1抗菌药物使用强度（DDDs)（DDDs，越低越好）"),
            "{text}"
        );
        assert!(text.contains("\"2.7.1\" = { weight = 1.0, full = 40.0, zero = 80.0 }"));
        assert_eq!(Scheme::from_toml(&text).unwrap(), s);
        let p = Preset::PassFail.scheme();
        assert_eq!(Scheme::from_toml(&p.to_toml(&form())).unwrap(), p);
    }

    #[test]
    fn older_schemes_by_serial_number_still_read() {
        let text = Scheme::default()
            .to_toml(&form())
            .replace("\"2.3.1\" = {", "27 = {");
        let s = Scheme::from_toml(&text).unwrap();
        s.check_against(&[&form()]).unwrap();
        assert_eq!(form().index_of("27"), Some(26));
    }

    fn err(edit: impl Fn(&mut Scheme)) -> String {
        let mut s = Scheme::default();
        edit(&mut s);
        match Scheme::from_toml(&s.to_toml(&form())) {
            Ok(s) => s.check_against(&[&form()]).unwrap_err().to_string(),
            Err(e) => e.to_string(),
        }
    }

    fn rule() -> ItemRule {
        ItemRule {
            weight: 1.0,
            full: None,
            zero: None,
            direction: None,
        }
    }

    #[test]
    fn bad_schemes_name_the_key() {
        let e = err(|s| {
            s.items.insert("9.9.9".into(), rule());
        });
        assert!(
            e.contains("items.\"9.9.9\"") && e.contains("no item"),
            "{e}"
        );
        let e = err(|s| s.items.get_mut("2.1.1").unwrap().weight = -1.0);
        assert!(e.contains("items.\"2.1.1\".weight"), "{e}");
        let e = err(|s| s.items.get_mut("2.6.3").unwrap().zero = Some(50.0));
        assert!(
            e.contains("items.\"2.6.3\"") && e.contains("equals zero"),
            "{e}"
        );
        let e = err(|s| {
            s.items.clear();
            s.derived.clear();
        });
        assert!(e.contains("no item is scored"), "{e}");
        let e = err(|s| {
            s.items.insert("1.3.3".into(), rule());
        });
        assert!(
            e.contains("items.\"1.3.3\"") && e.contains("neutral"),
            "{e}"
        );
        let e = err(|s| s.areas.insert("2".into(), -5.0).map(|_| ()).unwrap_or(()));
        assert!(e.contains("areas.2"), "{e}");
        let e = err(|s| s.areas.insert("2".into(), 1e308).map(|_| ()).unwrap_or(()));
        assert!(e.contains("areas.2") && e.contains("1000000"), "{e}");
        let e = err(|s| s.items.get_mut("2.1.1").unwrap().weight = 1e308);
        assert!(e.contains("items.\"2.1.1\".weight"), "{e}");
        let e = err(|s| {
            s.areas.insert("5".into(), 1.0);
        });
        assert!(e.contains("areas.5") && e.contains("1–4"), "{e}");
        let e = Scheme::from_toml("method = \"best\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not valid TOML"), "{e}");
        let e = Scheme::from_toml(
            &Scheme::default()
                .to_toml(&form())
                .replace("[rsr]", "wieght = 1\n[rsr]"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("wieght"), "{e}");
    }

    #[test]
    fn absolute_grades_and_custom_labels() {
        let text = Scheme::default()
            .to_toml(&form())
            .replace("by = \"position\"", "by = \"total\"")
            .replace(
                "label = \"优秀\", min = 0.84134",
                "label = \"A\", min = 85.0",
            )
            .replace(
                "label = \"合格\", min = 0.15866",
                "label = \"B\", min = 60.0",
            )
            .replace("label = \"待改进\", min = 0.0", "label = \"C\", min = 0.0")
            .replace("pass = [\"优秀\", \"合格\"]", "pass = [\"A\", \"B\"]");
        let s = Scheme::from_toml(&text).unwrap();
        assert_eq!(s.grade.by, GradeBy::Total);
        assert_eq!(s.grade.tiers[1].label, "B");
        assert!(s.grade.passes("B") && !s.grade.passes("C"));
    }

    #[test]
    fn the_pass_fail_preset_is_seed_000s() {
        let p = Preset::PassFail.scheme();
        assert_eq!(p.grade.by, GradeBy::Total);
        let labels: Vec<&str> = p.grade.tiers.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["优秀", "合格", "不合格"]);
        assert!(p.grade.passes("优秀") && p.grade.passes("合格") && !p.grade.passes("不合格"));
        assert_eq!(p.status, StatusRule::default());
    }

    #[test]
    fn methods_and_weights_in_chinese() {
        assert_eq!(Method::parse("综合"), Some(Method::Composite));
        assert_eq!(Method::parse("TOPSIS"), Some(Method::Topsis));
        assert_eq!(Method::parse("秩和比"), Some(Method::Rsr));
        assert_eq!(Weights::parse("熵权"), Some(Weights::Entropy));
        assert_eq!(Method::parse("best"), None);
    }
}
