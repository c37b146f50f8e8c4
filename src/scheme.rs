//! The scoring scheme: which items are scored, their weights and benchmarks, the derived
//! indicators, area weights, the method and the grade rule. Every number of the method lives
//! here, none in code: the default is `data/scheme.toml`, compiled in; `assess scheme` writes it
//! out with each item named; `--scheme FILE` reads a commission's own.

use crate::catalog::{self, Direction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const DEFAULT_TOML: &str = include_str!("../data/scheme.toml");

/// The largest weight (or scale) a scheme may give: larger ones only lose precision and, near
/// the end of the floating-point range, turn every total into infinity.
pub const MAX_WEIGHT: f64 = 1e6;
/// The largest benchmark value: the same bound as a value in a survey.
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

    /// The name used in Chinese reports.
    pub fn label(self) -> &'static str {
        match self {
            Method::Composite => "综合评分法",
            Method::Topsis => "TOPSIS法",
            Method::Rsr => "秩和比法(RSR)",
        }
    }
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
    /// Overrides the catalog's direction (needed to score a neutral item).
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
    pub unit: String,
    pub numerator: Vec<u8>,
    pub denominator: Vec<u8>,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RsrRule {
    /// Probit values that cut the fitted WRSR into three tiers.
    pub probit_cuts: [f64; 2],
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
    /// Area weights by area number ("1" … "4").
    pub areas: BTreeMap<String, f64>,
    pub grade: GradeRule,
    pub rsr: RsrRule,
    /// Scored items by number ("1" … "69").
    pub items: BTreeMap<String, ItemRule>,
    #[serde(default)]
    pub derived: BTreeMap<String, DerivedRule>,
}

/// A scheme file that cannot be used. The message names the key.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SchemeError {
    #[error("the scheme file is not valid TOML: {0}")]
    Syntax(String),
    #[error("scheme key {key}: {message}")]
    Invalid { key: String, message: String },
}

fn invalid(key: impl Into<String>, message: impl Into<String>) -> SchemeError {
    SchemeError::Invalid {
        key: key.into(),
        message: message.into(),
    }
}

impl Default for Scheme {
    fn default() -> Scheme {
        Scheme::from_toml(DEFAULT_TOML).expect("the compiled-in default scheme is valid")
    }
}

impl Scheme {
    /// Read and check a scheme.
    pub fn from_toml(text: &str) -> Result<Scheme, SchemeError> {
        let s: Scheme = toml::from_str(text).map_err(|e| SchemeError::Syntax(e.to_string()))?;
        s.check()?;
        Ok(s)
    }

    /// Area weight by area number.
    pub fn area_weight(&self, area: u8) -> f64 {
        self.areas.get(&area.to_string()).copied().unwrap_or(0.0)
    }

    /// Scored items as (number, rule), in item order.
    pub fn scored_items(&self) -> Vec<(u8, &ItemRule)> {
        let mut v: Vec<(u8, &ItemRule)> = self
            .items
            .iter()
            .filter_map(|(k, r)| k.parse::<u8>().ok().map(|n| (n, r)))
            .collect();
        v.sort_by_key(|(n, _)| *n);
        v
    }

    fn check(&self) -> Result<(), SchemeError> {
        let nonneg = |key: String, v: f64| {
            if !v.is_finite() || !(0.0..=MAX_WEIGHT).contains(&v) {
                Err(invalid(
                    key,
                    format!("must be a number from 0 to {MAX_WEIGHT}, not {v}"),
                ))
            } else {
                Ok(())
            }
        };
        for (k, w) in &self.areas {
            let a: u8 = k
                .parse()
                .map_err(|_| invalid(format!("areas.{k}"), "areas are numbered 1–4"))?;
            if !(1..=4).contains(&a) {
                return Err(invalid(format!("areas.{k}"), "areas are numbered 1–4"));
            }
            nonneg(format!("areas.{k}"), *w)?;
        }
        if self.areas.values().sum::<f64>() <= 0.0 {
            return Err(invalid("areas", "the area weights add up to 0"));
        }
        let bench = |key: &str, full: Option<f64>, zero: Option<f64>| match (full, zero) {
            (Some(f), Some(z)) if f == z => Err(invalid(
                key,
                format!("full ({f}) equals zero ({z}); they must differ"),
            )),
            (Some(f), Some(z))
                if !(f.is_finite() && z.is_finite())
                    || f.abs() > MAX_VALUE
                    || z.abs() > MAX_VALUE =>
            {
                Err(invalid(
                    key,
                    format!(
                        "full and zero must be numbers between -{MAX_VALUE:e} and {MAX_VALUE:e}"
                    ),
                ))
            }
            (Some(_), None) | (None, Some(_)) => {
                Err(invalid(key, "a benchmark needs both full and zero"))
            }
            _ => Ok(()),
        };
        let mut scored = 0;
        for (k, r) in &self.items {
            let key = format!("items.{k}");
            let no: u8 = k
                .parse()
                .ok()
                .filter(|n| catalog::item(*n).is_some())
                .ok_or_else(|| {
                    invalid(
                        &key,
                        format!("there is no item {k}; items are numbered 1–69"),
                    )
                })?;
            let it = catalog::item(no).expect("checked above");
            nonneg(format!("{key}.weight"), r.weight)?;
            bench(&key, r.full, r.zero)?;
            if r.direction.unwrap_or(it.direction) == Direction::Neutral {
                return Err(invalid(&key, format!(
                    "{} is not scored (its direction is neutral); give it direction = \"higher\" or \"lower\", or remove it",
                    it.describe()
                )));
            }
            if r.weight > 0.0 && self.area_weight(it.area) > 0.0 {
                scored += 1;
            }
        }
        for (k, d) in &self.derived {
            let key = format!("derived.{k}");
            if catalog::items().iter().any(|i| i.no.to_string() == *k) {
                return Err(invalid(
                    &key,
                    "a derived indicator needs its own id, such as D6",
                ));
            }
            for (part, nos) in [("numerator", &d.numerator), ("denominator", &d.denominator)] {
                if nos.is_empty() {
                    return Err(invalid(format!("{key}.{part}"), "needs at least one item"));
                }
                if let Some(bad) = nos.iter().find(|n| catalog::item(**n).is_none()) {
                    return Err(invalid(
                        format!("{key}.{part}"),
                        format!("there is no item {bad}"),
                    ));
                }
            }
            if !(1..=4).contains(&d.area) {
                return Err(invalid(format!("{key}.area"), "areas are numbered 1–4"));
            }
            if d.direction == Direction::Neutral {
                return Err(invalid(
                    format!("{key}.direction"),
                    "must be \"higher\" or \"lower\"",
                ));
            }
            nonneg(format!("{key}.weight"), d.weight)?;
            if !d.scale.is_finite() || d.scale <= 0.0 || d.scale > MAX_WEIGHT {
                return Err(invalid(
                    format!("{key}.scale"),
                    format!("must be a number above 0 and at most {MAX_WEIGHT}"),
                ));
            }
            bench(&key, d.full, d.zero)?;
            if d.weight > 0.0 && self.area_weight(d.area) > 0.0 {
                scored += 1;
            }
        }
        if scored == 0 {
            return Err(invalid(
                "items",
                "no item is scored (every weight, or its area's weight, is 0)",
            ));
        }
        if self.grade.tiers.is_empty() {
            return Err(invalid("grade.tiers", "needs at least one grade"));
        }
        for (i, t) in self.grade.tiers.iter().enumerate() {
            if t.label.trim().is_empty() {
                return Err(invalid(format!("grade.tiers[{i}].label"), "is empty"));
            }
            if !t.min.is_finite() || t.min.abs() > MAX_VALUE {
                return Err(invalid(format!("grade.tiers[{i}].min"), "must be a number"));
            }
            if i > 0 && t.min > self.grade.tiers[i - 1].min {
                return Err(invalid(
                    format!("grade.tiers[{i}].min"),
                    "tiers must go from the highest min to the lowest",
                ));
            }
        }
        if !(self.tie_tolerance.is_finite() && (0.0..=1.0).contains(&self.tie_tolerance)) {
            return Err(invalid("tie_tolerance", "must be a number from 0 to 1"));
        }
        let [lo, hi] = self.rsr.probit_cuts;
        if !(lo.is_finite() && hi.is_finite() && lo < hi && lo.abs() < 100.0 && hi.abs() < 100.0) {
            return Err(invalid(
                "rsr.probit_cuts",
                "must be two numbers, the lower first",
            ));
        }
        Ok(())
    }

    /// The scheme as a commented TOML file, in Chinese and English, each item named.
    pub fn to_toml(&self) -> String {
        let mut s = String::new();
        let f = |x: f64| format!("{x:?}");
        let _ = writeln!(s, "# assess 评分方案 / scoring scheme");
        let _ = writeln!(
            s,
            "# 修改权重、标杆值和等级规则后，用 `assess score --scheme 本文件` 评分。"
        );
        let _ = writeln!(
            s,
            "# Edit weights, benchmarks and grades, then run `assess score --scheme THIS_FILE`."
        );
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "# 评分方法 method: \"composite\" 综合评分 | \"topsis\" | \"rsr\" 秩和比"
        );
        let _ = writeln!(s, "method = \"{}\"", self.method.as_str());
        let _ = writeln!(
            s,
            "# 权重来源 weights: \"scheme\" 本方案 | \"entropy\" 熵权法 (from the cohort's data)"
        );
        let _ = writeln!(s, "weights = \"{}\"", self.weights.as_str());
        let _ = writeln!(
            s,
            "# 总分相差小于此值视为并列 / totals closer than this share a rank"
        );
        let _ = writeln!(s, "tie_tolerance = {}", f(self.tie_tolerance));
        let _ = writeln!(
            s,
            "# 参评单位少于此数时提示排名参考意义有限 / cohorts smaller than this get a note"
        );
        let _ = writeln!(s, "small_cohort = {}", self.small_cohort);
        let _ = writeln!(s);
        let _ = writeln!(s, "# 一级指标权重 (合计通常为100) / area weights");
        let _ = writeln!(s, "[areas]");
        for (k, w) in &self.areas {
            let name = k.parse::<u8>().map(catalog::area_short_name).unwrap_or("");
            let _ = writeln!(s, "{k} = {}  # {name}", f(*w));
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "# 等级 grade: by = \"position\" 按名次位置 p = (n − r + 0.5) / n，或 \"total\" 按总分；");
        let _ = writeln!(
            s,
            "# tiers 从高到低，达到 min 即得该等级 / highest first, the first whose min is reached"
        );
        let _ = writeln!(s, "# 例 e.g. by = \"total\", tiers = [{{ label = \"优秀\", min = 85.0 }}, {{ label = \"合格\", min = 60.0 }}, {{ label = \"不合格\", min = 0.0 }}]");
        let _ = writeln!(s, "[grade]");
        let _ = writeln!(
            s,
            "by = \"{}\"",
            match self.grade.by {
                GradeBy::Position => "position",
                GradeBy::Total => "total",
            }
        );
        let _ = writeln!(s, "tiers = [");
        for t in &self.grade.tiers {
            let _ = writeln!(
                s,
                "  {{ label = {}, min = {} }},",
                toml_str(&t.label),
                f(t.min)
            );
        }
        let _ = writeln!(s, "]");
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "# 秩和比法分档的概率单位切点 / RSR: probit values that cut the three tiers"
        );
        let _ = writeln!(s, "[rsr]");
        let _ = writeln!(
            s,
            "probit_cuts = [{}, {}]",
            f(self.rsr.probit_cuts[0]),
            f(self.rsr.probit_cuts[1])
        );
        let _ = writeln!(s);
        let _ = writeln!(s, "# 计分指标 scored items: weight 权重 (同一一级指标内)；full/zero 标杆值：达到 full 得100分，达到 zero 得0分；");
        let _ = writeln!(
            s,
            "# 未设标杆的指标按参评单位最小–最大值计分。删除一行即不计分；中性指标需加 direction。"
        );
        let _ = writeln!(s, "# weight within the area; full/zero: a benchmark (100 at full, 0 at zero), else cohort min–max.");
        let _ = writeln!(s, "# Remove a line to stop scoring an item; a neutral item needs direction = \"higher\" or \"lower\".");
        let _ = writeln!(s, "[items]");
        for (no, r) in self.scored_items() {
            if let Some(it) = catalog::item(no) {
                let dir = r.direction.unwrap_or(it.direction);
                let unit = if it.unit.is_empty() { "—" } else { &it.unit };
                let _ = writeln!(s, "# {}（{unit}，{}）", it.form_label(), dir.label());
            }
            let mut parts = vec![format!("weight = {}", f(r.weight))];
            if let (Some(full), Some(zero)) = (r.full, r.zero) {
                parts.push(format!("full = {}", f(full)));
                parts.push(format!("zero = {}", f(zero)));
            }
            if let Some(d) = r.direction {
                parts.push(format!("direction = \"{}\"", d.as_str()));
            }
            let _ = writeln!(s, "{no} = {{ {} }}", parts.join(", "));
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "# 派生指标 derived indicators: Σ numerator 分子 / Σ denominator 分母 × scale；分母为0或缺失时不适用");
        for (k, d) in &self.derived {
            let _ = writeln!(s);
            let _ = writeln!(s, "[derived.{k}]");
            let _ = writeln!(s, "name = {}", toml_str(&d.name));
            let _ = writeln!(s, "unit = {}", toml_str(&d.unit));
            let _ = writeln!(s, "numerator = {:?}", d.numerator);
            let _ = writeln!(s, "denominator = {:?}", d.denominator);
            let _ = writeln!(s, "scale = {}", f(d.scale));
            let _ = writeln!(s, "area = {}", d.area);
            let _ = writeln!(s, "direction = \"{}\"", d.direction.as_str());
            let _ = writeln!(s, "weight = {}", f(d.weight));
            if let (Some(full), Some(zero)) = (d.full, d.zero) {
                let _ = writeln!(s, "full = {}", f(full));
                let _ = writeln!(s, "zero = {}", f(zero));
            }
        }
        s
    }
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scheme_is_spec() {
        let s = Scheme::default();
        assert_eq!(s.method, Method::Composite);
        assert_eq!(
            [1, 2, 3, 4].map(|a| s.area_weight(a)),
            [15.0, 50.0, 25.0, 10.0]
        );
        assert_eq!(s.items["44"].full, Some(40.0));
        assert_eq!(s.items["44"].zero, Some(80.0));
        assert!(!s.items.contains_key("8"));
        assert_eq!(s.derived.len(), 5);
        assert_eq!(s.grade.tiers[0].min, 0.84134);
    }

    #[test]
    fn written_default_reads_back_identical() {
        let s = Scheme::default();
        let text = s.to_toml();
        assert!(
            text.contains("# 2.7.1抗菌药物使用强度（DDDs)（DDDs，越低越好）"),
            "{text}"
        );
        assert_eq!(Scheme::from_toml(&text).unwrap(), s);
    }

    fn err(edit: impl Fn(&mut Scheme)) -> String {
        let mut s = Scheme::default();
        edit(&mut s);
        Scheme::from_toml(&s.to_toml()).unwrap_err().to_string()
    }

    #[test]
    fn bad_schemes_name_the_key() {
        let e = err(|s| {
            s.items.insert(
                "70".into(),
                ItemRule {
                    weight: 1.0,
                    full: None,
                    zero: None,
                    direction: None,
                },
            );
        });
        assert!(e.contains("items.70") && e.contains("no item 70"), "{e}");
        let e = err(|s| s.items.get_mut("21").unwrap().weight = -1.0);
        assert!(e.contains("items.21.weight"), "{e}");
        let e = err(|s| s.items.get_mut("43").unwrap().zero = Some(50.0));
        assert!(e.contains("items.43") && e.contains("equals zero"), "{e}");
        let e = err(|s| {
            s.items.clear();
            s.derived.clear();
        });
        assert!(e.contains("no item is scored"), "{e}");
        let e = err(|s| {
            s.items.insert(
                "8".into(),
                ItemRule {
                    weight: 1.0,
                    full: None,
                    zero: None,
                    direction: None,
                },
            );
        });
        assert!(e.contains("items.8") && e.contains("neutral"), "{e}");
        let e = err(|s| s.areas.insert("2".into(), -5.0).map(|_| ()).unwrap_or(()));
        assert!(e.contains("areas.2"), "{e}");
        let e = err(|s| s.areas.insert("2".into(), 1e308).map(|_| ()).unwrap_or(()));
        assert!(e.contains("areas.2") && e.contains("1000000"), "{e}");
        let e = err(|s| s.items.get_mut("21").unwrap().weight = 1e308);
        assert!(e.contains("items.21.weight"), "{e}");
        let e = Scheme::from_toml("method = \"best\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not valid TOML"), "{e}");
        let e = Scheme::from_toml(
            &Scheme::default()
                .to_toml()
                .replace("[rsr]", "wieght = 1\n[rsr]"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("wieght"), "{e}");
    }

    #[test]
    fn absolute_grades_and_custom_labels() {
        let text = Scheme::default()
            .to_toml()
            .replace("by = \"position\"", "by = \"total\"");
        let text = text
            .replace(
                "label = \"优秀\", min = 0.84134",
                "label = \"A\", min = 85.0",
            )
            .replace(
                "label = \"合格\", min = 0.15866",
                "label = \"B\", min = 60.0",
            )
            .replace("label = \"待改进\", min = 0.0", "label = \"C\", min = 0.0");
        let s = Scheme::from_toml(&text).unwrap();
        assert_eq!(s.grade.by, GradeBy::Total);
        assert_eq!(s.grade.tiers[1].label, "B");
    }
}
