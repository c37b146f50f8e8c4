//! The survey form as a value: its items (number, code, names, unit, kind, direction), its
//! first-level areas and its cross-item rules (sums and comparisons). The form issued today
//! (`data/forms/survey.csv` and `survey.rules.csv`) is built in; a commission that revises the
//! form passes its own with `--form FILE.csv`. Nothing in the crate knows how many items or
//! areas there are: it asks the form it was given.
//!
//! Items are linked across forms (a revised form, last year's survey) by their key: the code
//! printed on the form (`2.1.5`), or for an item printed without one (item 26, 多学科诊疗团队数)
//! its name. A renumbered item keeps its history.

use crate::diag::{Rule, Severity};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// How an item is measured, which decides how its cell is read and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A whole number of people, beds, cases … (人, 张, 人次, 个 …).
    Count,
    /// A count followed by a share (item 4: `4张/13.3%`); the count is the value.
    CountRate,
    /// A count followed by its details (`3（DR、彩超、呼吸机）`); the count is the value.
    CountDetail,
    /// A count followed by an amount (item 56: `2项/35万元`); the count is the value.
    CountAmount,
    /// A percentage, typed as 12.5 or 12.5% for 12.5 %.
    Rate,
    /// A money amount or an area; may be fractional.
    Amount,
    /// An index such as CMI or DDDs; a positive decimal.
    Index,
    /// A ranking position (item 63): lower is better; 无 / 未上榜 mean unranked.
    Rank,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "count" => Kind::Count,
            "count_rate" => Kind::CountRate,
            "count_detail" => Kind::CountDetail,
            "count_amount" => Kind::CountAmount,
            "rate" => Kind::Rate,
            "amount" => Kind::Amount,
            "index" => Kind::Index,
            "rank" => Kind::Rank,
            _ => return None,
        })
    }

    /// Whether the value must be a whole number.
    pub fn is_count(self) -> bool {
        matches!(
            self,
            Kind::Count | Kind::CountRate | Kind::CountDetail | Kind::CountAmount | Kind::Rank
        )
    }

    /// Whether the cell holds more than its number by design (`4张/13.3%`, `3（DR、彩超）`,
    /// `2项/35万元`): what follows the number is its detail, not a slip.
    pub fn has_detail(self) -> bool {
        matches!(
            self,
            Kind::CountRate | Kind::CountDetail | Kind::CountAmount
        )
    }

    /// The name used in the form file and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::CountRate => "count_rate",
            Kind::CountDetail => "count_detail",
            Kind::CountAmount => "count_amount",
            Kind::Rate => "rate",
            Kind::Amount => "amount",
            Kind::Index => "index",
            Kind::Rank => "rank",
        }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
    /// Shown but not scored.
    Neutral,
}

impl Direction {
    pub fn parse(s: &str) -> Option<Direction> {
        Some(match s {
            "higher" => Direction::Higher,
            "lower" => Direction::Lower,
            "neutral" => Direction::Neutral,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
            Direction::Neutral => "neutral",
        }
    }

    /// The survey's own words for the direction.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Direction::Higher => lang.pick("越高越好", "higher is better"),
            Direction::Lower => lang.pick("越低越好", "lower is better"),
            Direction::Neutral => lang.pick("不计分", "not scored"),
        }
    }
}

/// One line of the survey.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// 序号 on the form, from 1.
    pub no: u8,
    /// 三级指标 code as printed on the form (`1.1.1`); empty when the form prints none.
    pub code: String,
    /// 一级指标 number, from 1.
    pub area: u8,
    /// 二级指标 as printed (`1.1资源配置`) and in English.
    pub group: String,
    pub group_en: String,
    /// 三级指标 name without its code.
    pub name: String,
    pub name_en: String,
    /// Unit as printed (`张`, `%`, `张/%` …); empty for CMI.
    pub unit: String,
    pub kind: Kind,
    pub direction: Direction,
}

impl Item {
    /// What links this item across forms and years: its code, or its name when it has none.
    pub fn key(&self) -> &str {
        if self.code.is_empty() {
            &self.name
        } else {
            &self.code
        }
    }

    /// The name as it appears on the form: code and name (`1.1.1科室业务用房面积`).
    pub fn form_label(&self) -> String {
        if self.code.is_empty() {
            self.name.clone()
        } else if self.name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            format!("{} {}", self.code, self.name)
        } else {
            format!("{}{}", self.code, self.name)
        }
    }

    /// The name in a language.
    pub fn name_in(&self, lang: crate::i18n::Lang) -> &str {
        lang.name(&self.name, &self.name_en)
    }

    /// The unit of the counted part (`张` of `张/%`).
    pub fn count_unit(&self) -> &str {
        self.unit.split('/').next().unwrap_or("")
    }
}

/// A first-level area (一级指标).
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// From 1.
    pub no: u8,
    /// As printed: `1.基本情况`.
    pub name: String,
    pub name_en: String,
}

impl Area {
    /// Without its number: `基本情况`, `Basic capacity`.
    pub fn short(&self, lang: crate::i18n::Lang) -> &str {
        let full = lang.name(&self.name, &self.name_en);
        full.split_once(['.', '．'])
            .map_or(full, |(_, n)| n.trim_start())
    }

    /// As printed, in a language.
    pub fn name_in(&self, lang: crate::i18n::Lang) -> &str {
        lang.name(&self.name, &self.name_en)
    }
}

/// What a cross-item rule checks. Item positions are indexes into [`Form::items`].
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// The sum of `parts` may not exceed the sum of `whole`.
    NotAbove {
        parts: Vec<usize>,
        whole: Vec<usize>,
    },
    /// The sum of `parts` must equal the sum of `whole`.
    SumEquals {
        parts: Vec<usize>,
        whole: Vec<usize>,
    },
    /// The value of `item` is usually between `min` and `max`.
    Range {
        item: usize,
        min: Option<f64>,
        max: Option<f64>,
    },
}

/// A rule over items: a stable rule id and what it checks.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossRule {
    pub rule: Rule,
    pub check: Check,
}

/// A form that cannot be used; the message names the line and column, in both languages.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{file}: {en}")]
pub struct FormError {
    pub file: String,
    pub zh: String,
    pub en: String,
}

impl FormError {
    /// The message in a language, with the file.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Zh => format!("调查表文件 {} 有误：{}", self.file, self.zh),
            crate::i18n::Lang::En => format!("the form {} cannot be used: {}", self.file, self.en),
        }
    }
}

/// A message in both languages.
type Both = (String, String);

/// The survey form.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// A short name for messages (`重点专科基本情况调查表`, or the file's name).
    pub name: String,
    items: Vec<Item>,
    areas: Vec<Area>,
    rules: Vec<CrossRule>,
    by_key: HashMap<String, usize>,
    /// Names and groups normalised once, for recognising rows ([`crate::text::norm_label`]).
    pub(crate) labels: Labels,
}

/// Each item's name and group normalised once: recognising a row compares against these.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Labels {
    pub names: Vec<String>,
    pub groups: Vec<String>,
    /// Normalised name → items with that name (`其他` is three items).
    pub by_name: HashMap<String, Vec<usize>>,
    /// Code → item.
    pub by_code: HashMap<String, usize>,
    /// The label exactly as the blank form prints it (`1.1.3科室开放床位数`) → item, for labels
    /// that name one item: most rows of most files, recognised without normalising.
    pub by_label: HashMap<String, usize>,
}

impl Labels {
    fn of(items: &[Item]) -> Labels {
        let names: Vec<String> = items
            .iter()
            .map(|i| crate::text::norm_label(&i.name))
            .collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            by_name.entry(n.clone()).or_default().push(i);
        }
        let mut by_label: HashMap<String, Option<usize>> = HashMap::new();
        for (k, it) in items.iter().enumerate() {
            by_label
                .entry(it.form_label())
                .and_modify(|v| *v = None)
                .or_insert(Some(k));
        }
        Labels {
            by_label: by_label
                .into_iter()
                .filter_map(|(l, k)| Some((l, k?)))
                .collect(),
            groups: items
                .iter()
                .map(|i| crate::text::norm_label(&i.group))
                .collect(),
            by_code: items
                .iter()
                .enumerate()
                .filter(|(_, i)| !i.code.is_empty())
                .map(|(k, i)| (i.code.clone(), k))
                .collect(),
            names,
            by_name,
        }
    }
}

const BUILTIN_ITEMS: &str = include_str!("../data/forms/survey.csv");
const BUILTIN_RULES: &str = include_str!("../data/forms/survey.rules.csv");

impl Form {
    /// The form issued today, with its rules.
    pub fn builtin() -> Arc<Form> {
        Self::builtin_arc().clone()
    }

    /// The CSV texts of the form issued today: its items and its rules.
    pub fn builtin_sources() -> (&'static str, &'static str) {
        (BUILTIN_ITEMS, BUILTIN_RULES)
    }

    /// The form issued today, borrowed for the life of the program.
    pub fn builtin_static() -> &'static Form {
        Self::builtin_arc().as_ref()
    }

    fn builtin_arc() -> &'static Arc<Form> {
        static FORM: OnceLock<Arc<Form>> = OnceLock::new();
        FORM.get_or_init(|| {
            Arc::new(
                Form::from_csv("重点专科基本情况调查表", BUILTIN_ITEMS, Some(BUILTIN_RULES))
                    .expect("the built-in form is valid"),
            )
        })
    }

    /// The rules file read with the form `FILE.csv`: `FILE.rules.csv`, beside it.
    pub fn rules_path(path: &Path) -> std::path::PathBuf {
        path.with_extension("rules.csv")
    }

    /// Read a form from `FILE.csv` (the columns of `data/forms/survey.csv`) and, when it
    /// exists beside it, `FILE.rules.csv`. Without a rules file, the built-in form's rules
    /// whose items all exist in this form (by code) are used.
    pub fn load(path: &Path) -> Result<Form, FormError> {
        let err = |file: &Path, e: std::io::Error| FormError {
            file: file.display().to_string(),
            zh: crate::read::io_words(&e).text(crate::i18n::Lang::Zh),
            en: crate::read::io_words(&e).text(crate::i18n::Lang::En),
        };
        let text = std::fs::read(path)
            .map_err(|e| err(path, e))
            .map(|b| crate::read::decode_text(&b))?;
        let rules_path = Form::rules_path(path);
        let rules = match std::fs::read(&rules_path) {
            Ok(b) => Some(crate::read::decode_text(&b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(err(&rules_path, e)),
        };
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match rules {
            Some(r) => Form::from_csv(&name, &text, Some(&r)),
            None => {
                let mut form = Form::from_csv(&name, &text, None)?;
                form.rules = Form::builtin().rules_for(&form);
                Ok(form)
            }
        }
        .map_err(|e| FormError {
            file: path.display().to_string(),
            ..e
        })
    }

    /// Parse a form from its CSV text (and rules).
    pub fn from_csv(name: &str, items: &str, rules: Option<&str>) -> Result<Form, FormError> {
        let err = |(zh, en): Both| FormError {
            file: name.to_string(),
            zh,
            en,
        };
        let (items, areas) = read_items(items).map_err(err)?;
        let by_key = index_by_key(&items).map_err(err)?;
        let mut form = Form {
            name: name.to_string(),
            labels: Labels::of(&items),
            items,
            areas,
            rules: Vec::new(),
            by_key,
        };
        if let Some(r) = rules {
            form.rules = form.parse_rules(r).map_err(err)?;
        }
        Ok(form)
    }

    /// The rules of the rules CSV (`rule,check,items,against`), each a check its rule can be.
    fn parse_rules(&self, text: &str) -> Result<Vec<CrossRule>, Both> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut out = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 2;
            let rec = rec.map_err(|e| {
                (
                    format!("规则文件第{line}行：{e}"),
                    format!("rules line {line}: {e}"),
                )
            })?;
            let f = |k: usize| rec.get(k).unwrap_or("").trim();
            if f(0).is_empty() {
                continue;
            }
            let rule = Rule::parse(f(0)).ok_or_else(|| {
                (
                    format!("规则文件第{line}行：没有“{}”这条规则", f(0)),
                    format!("rules line {line}: there is no rule '{}'", f(0)),
                )
            })?;
            let check = self.parse_check(f(1), f(2), f(3), line)?;
            if !rule_fits(rule, &check) {
                return Err((
                    format!(
                        "规则文件第{line}行：规则“{}”不能用作 {} 检查；请用 part-over-whole、sum-mismatch 或 value-unusual",
                        rule.id(),
                        f(1)
                    ),
                    format!(
                        "rules line {line}: rule '{}' cannot be a {} check; use part-over-whole, sum-mismatch or value-unusual",
                        rule.id(),
                        f(1)
                    ),
                ));
            }
            out.push(CrossRule { rule, check });
        }
        Ok(out)
    }

    /// The check a rules line describes: `how` (not_above, sum_equals, range) of the `items`
    /// against the `against` items or range.
    fn parse_check(
        &self,
        how: &str,
        items: &str,
        against: &str,
        line: usize,
    ) -> Result<Check, Both> {
        Ok(match how {
            "not_above" => Check::NotAbove {
                parts: self.rule_items(items, line)?,
                whole: self.rule_items(against, line)?,
            },
            "sum_equals" => Check::SumEquals {
                parts: self.rule_items(items, line)?,
                whole: self.rule_items(against, line)?,
            },
            "range" => self.parse_range(items, against, line)?,
            other => {
                return Err((
                    format!(
                    "规则文件第{line}行：检查方式“{other}”不是 not_above、sum_equals、range 之一"
                ),
                    format!(
                    "rules line {line}: check '{other}' is none of not_above, sum_equals, range"
                ),
                ))
            }
        })
    }

    /// The indices of the items `a+b+c` names (by code or name).
    fn rule_items(&self, s: &str, line: usize) -> Result<Vec<usize>, Both> {
        s.split('+')
            .map(|k| {
                self.index_of(k.trim()).ok_or_else(|| {
                    (
                        format!("规则文件第{line}行：调查表中没有“{}”这一项", k.trim()),
                        format!("rules line {line}: the form has no item '{}'", k.trim()),
                    )
                })
            })
            .collect()
    }

    /// A range check: one item, and `min..max`, `..max` or `min..`.
    fn parse_range(&self, items: &str, range: &str, line: usize) -> Result<Check, Both> {
        let [item] = self.rule_items(items, line)?[..] else {
            return Err((
                format!("规则文件第{line}行：范围规则只能针对一项"),
                format!("rules line {line}: a range rule names one item"),
            ));
        };
        let (lo, hi) = range.split_once("..").ok_or_else(|| {
            (
                format!("规则文件第{line}行：范围写作 最小..最大、..最大 或 最小.."),
                format!("rules line {line}: write the range as min..max, ..max or min.."),
            )
        })?;
        Ok(Check::Range {
            item,
            min: range_bound(lo, line)?,
            max: range_bound(hi, line)?,
        })
    }

    /// This form's rules re-expressed for another form, keeping those whose items all exist
    /// there (by key).
    pub fn rules_for(&self, other: &Form) -> Vec<CrossRule> {
        let map = |ids: &[usize]| -> Option<Vec<usize>> {
            ids.iter()
                .map(|&i| other.index_of(self.items[i].key()))
                .collect()
        };
        self.rules
            .iter()
            .filter_map(|r| {
                let check = match &r.check {
                    Check::NotAbove { parts, whole } => Check::NotAbove {
                        parts: map(parts)?,
                        whole: map(whole)?,
                    },
                    Check::SumEquals { parts, whole } => Check::SumEquals {
                        parts: map(parts)?,
                        whole: map(whole)?,
                    },
                    Check::Range { item, min, max } => Check::Range {
                        item: map(&[*item])?[0],
                        min: *min,
                        max: *max,
                    },
                };
                Some(CrossRule {
                    rule: r.rule,
                    check,
                })
            })
            .collect()
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The item numbered `no` (序号).
    pub fn item(&self, no: u8) -> Option<&Item> {
        self.items.get(usize::from(no).checked_sub(1)?)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// The area numbered `no`.
    pub fn area(&self, no: u8) -> Option<&Area> {
        self.areas.get(usize::from(no).checked_sub(1)?)
    }

    pub fn rules(&self) -> &[CrossRule] {
        &self.rules
    }

    /// The position of the item with this key (code, or name for an item without a code),
    /// or with this number (`"26"`).
    pub fn index_of(&self, key: &str) -> Option<usize> {
        if let Some(&i) = self.by_key.get(key) {
            return Some(i);
        }
        key.parse::<u8>()
            .ok()
            .and_then(|no| usize::from(no).checked_sub(1))
            .filter(|&i| i < self.items.len())
    }

    /// The item with this key or number.
    pub fn find(&self, key: &str) -> Option<&Item> {
        self.index_of(key).map(|i| &self.items[i])
    }
}

/// Where each field of an item is in the header of a form's CSV.
struct ItemColumns {
    code: usize,
    area: usize,
    group: usize,
    name: usize,
    unit: usize,
    kind: usize,
    direction: usize,
    area_en: Option<usize>,
    group_en: Option<usize>,
    name_en: Option<usize>,
}

impl ItemColumns {
    /// The columns named in `head`; the error names the first required one missing.
    fn find(head: &[String]) -> Result<ItemColumns, Both> {
        let col = |name: &str| head.iter().position(|h| h == name);
        let need = |name: &str| {
            col(name).ok_or_else(|| {
                (
                    format!("缺少“{name}”列"),
                    format!("the column '{name}' is missing"),
                )
            })
        };
        Ok(ItemColumns {
            code: need("code")?,
            area: need("area")?,
            group: need("group")?,
            name: need("name")?,
            unit: need("unit")?,
            kind: need("kind")?,
            direction: need("direction")?,
            area_en: col("area_en"),
            group_en: col("group_en"),
            name_en: col("name_en"),
        })
    }
}

/// The items and the areas of a form's CSV, in order; areas numbered 1, 2, 3 … without gaps.
fn read_items(text: &str) -> Result<(Vec<Item>, Vec<Area>), Both> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let head: Vec<String> = rdr
        .headers()
        .map_err(|e| (format!("无法读取：{e}"), e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let cols = ItemColumns::find(&head)?;
    let mut out: Vec<Item> = Vec::new();
    let mut areas: Vec<Area> = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| (format!("第{line}行：{e}"), format!("line {line}: {e}")))?;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let area = row_area(&rec, line, &cols, &mut areas)?;
        let no = u8::try_from(out.len() + 1).map_err(|_| {
            (
                "调查表最多255项".to_string(),
                "a form has at most 255 items".to_string(),
            )
        })?;
        out.push(row_item(&rec, line, &cols, no, area)?);
    }
    if out.is_empty() {
        return Err((
            "调查表中没有指标".to_string(),
            "the form has no items".to_string(),
        ));
    }
    areas.sort_by_key(|a| a.no);
    if let Some((i, a)) = areas
        .iter()
        .enumerate()
        .find(|(i, a)| usize::from(a.no) != i + 1)
    {
        return Err((
            format!("一级指标须连续编号 1、2、3…；{} 之后是 {}", i, a.no),
            format!(
                "areas must be numbered 1, 2, 3 … without gaps; area {} follows {}",
                a.no, i
            ),
        ));
    }
    Ok((out, areas))
}

/// The trimmed text of column `k` of a record; empty when there is no such column.
fn cell(rec: &csv::StringRecord, k: Option<usize>) -> String {
    k.and_then(|k| rec.get(k)).unwrap_or("").trim().to_string()
}

/// The number of the row's area (`1.基本情况` is 1), added to `areas` when first named; an
/// area named differently from above is an error.
fn row_area(
    rec: &csv::StringRecord,
    line: usize,
    cols: &ItemColumns,
    areas: &mut Vec<Area>,
) -> Result<u8, Both> {
    let area_name = cell(rec, Some(cols.area));
    let area: u8 = area_name
        .split(['.', '．'])
        .next()
        .and_then(|a| a.trim().parse().ok())
        .filter(|a| *a >= 1)
        .ok_or_else(|| {
            (
                format!("第{line}行：一级指标“{area_name}”没有以编号开头（如 1.基本情况）"),
                format!("line {line}: the area '{area_name}' does not start with its number (1.基本情况)"),
            )
        })?;
    match areas.iter().find(|a| a.no == area) {
        Some(a) if a.name != area_name => {
            return Err((
                format!(
                    "第{line}行：一级指标{area}在此处名为“{area_name}”，上文为“{}”",
                    a.name
                ),
                format!(
                    "line {line}: area {area} is named '{area_name}' here and '{}' above",
                    a.name
                ),
            ))
        }
        Some(_) => {}
        None => areas.push(Area {
            no: area,
            name: area_name.clone(),
            name_en: cell(rec, cols.area_en),
        }),
    }
    Ok(area)
}

/// The item of one row, numbered `no`: its kind, direction and name must be given.
fn row_item(
    rec: &csv::StringRecord,
    line: usize,
    cols: &ItemColumns,
    no: u8,
    area: u8,
) -> Result<Item, Both> {
    let f = |k: usize| cell(rec, Some(k));
    let kind = Kind::parse(&f(cols.kind)).ok_or_else(|| {
        (
            format!(
                "第{line}行：类型“{}”不是 count、count_rate、count_detail、count_amount、rate、amount、index、rank 之一",
                f(cols.kind)
            ),
            format!(
                "line {line}: kind '{}' is none of count, count_rate, count_detail, count_amount, rate, amount, index, rank",
                f(cols.kind)
            ),
        )
    })?;
    let direction = Direction::parse(&f(cols.direction)).ok_or_else(|| {
        (
            format!(
                "第{line}行：方向“{}”不是 higher（越高越好）、lower（越低越好）、neutral 之一",
                f(cols.direction)
            ),
            format!(
                "line {line}: direction '{}' is none of higher, lower, neutral",
                f(cols.direction)
            ),
        )
    })?;
    let name = f(cols.name);
    if name.is_empty() {
        return Err((
            format!("第{line}行：指标没有名称"),
            format!("line {line}: the item has no name"),
        ));
    }
    Ok(Item {
        no,
        code: f(cols.code),
        area,
        group: f(cols.group),
        group_en: cell(rec, cols.group_en),
        name,
        name_en: cell(rec, cols.name_en),
        unit: f(cols.unit),
        kind,
        direction,
    })
}

/// Each item's index by its key (code, or name without one); two items with one key are an
/// error.
fn index_by_key(items: &[Item]) -> Result<HashMap<String, usize>, Both> {
    let mut by_key = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        if let Some(j) = by_key.insert(it.key().to_string(), i) {
            return Err((
                format!(
                    "第{}项和第{}项的编码或名称同为“{}”；每项须不同",
                    items[j].no,
                    it.no,
                    it.key()
                ),
                format!(
                    "items {} and {} have the same code or name '{}'; each item needs its own",
                    items[j].no,
                    it.no,
                    it.key()
                ),
            ));
        }
    }
    Ok(by_key)
}

/// One end of a range (`12.5`), or none when empty.
fn range_bound(s: &str, line: usize) -> Result<Option<f64>, Both> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(Some)
        .ok_or_else(|| {
            (
                format!("规则文件第{line}行：“{s}”不是数字"),
                format!("rules line {line}: '{s}' is not a number"),
            )
        })
}

/// Whether `rule` can be given by `check`: parts over a whole, sums, or (for warnings only)
/// a range.
fn rule_fits(rule: Rule, check: &Check) -> bool {
    match (check, rule.severity()) {
        (Check::NotAbove { .. }, _) => matches!(
            rule,
            Rule::IcuOverBeds
                | Rule::Grade4OverSurgeries
                | Rule::MinimallyInvasiveOverSurgeries
                | Rule::SurgeriesOverDischarges
                | Rule::StaffTitleSum
                | Rule::PartOverWhole
        ),
        (Check::SumEquals { .. }, _) => matches!(
            rule,
            Rule::StaffEducationSum | Rule::StaffAgeSum | Rule::SumMismatch
        ),
        (Check::Range { .. }, Severity::Warning) => matches!(
            rule,
            Rule::CmiImplausible | Rule::DddsImplausible | Rule::ValueUnusual
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_form_has_69_items_in_four_areas_and_its_rules() {
        let f = Form::builtin();
        assert_eq!(f.len(), 69);
        assert_eq!(f.areas().len(), 4);
        for (i, it) in f.items().iter().enumerate() {
            assert_eq!(usize::from(it.no), i + 1);
            assert!((1..=4).contains(&it.area));
        }
        assert_eq!(f.rules().len(), 12);
        assert_eq!(f.rules()[0].rule, Rule::IcuOverBeds);
        assert_eq!(
            f.rules()[0].check,
            Check::NotAbove {
                parts: vec![3],
                whole: vec![2]
            }
        );
    }

    #[test]
    fn the_builtin_form_keeps_the_forms_quirks() {
        let f = Form::builtin();
        assert_eq!(f.item(23).unwrap().code, "2.1.5");
        assert_eq!(f.item(26).unwrap().code, "");
        assert_eq!(f.item(26).unwrap().key(), "多学科诊疗团队数");
        assert_eq!(f.find("多学科诊疗团队数").unwrap().no, 26);
        assert_eq!(f.find("2.1.5").unwrap().no, 23);
        assert_eq!(f.find("26").unwrap().no, 26);
        assert_eq!(f.item(63).unwrap().kind, Kind::Rank);
        assert_eq!(f.item(63).unwrap().direction, Direction::Lower);
        assert_eq!(f.item(4).unwrap().count_unit(), "张");
        assert_eq!(f.item(27).unwrap().form_label(), "2.3.1 CMI");
        use crate::i18n::Lang;
        assert_eq!(f.area(2).unwrap().short(Lang::Zh), "质量与安全");
        assert_eq!(f.area(2).unwrap().short(Lang::En), "Quality and safety");
    }

    #[test]
    fn a_revised_form_reads_and_takes_the_rules_whose_items_it_has() {
        let text = "no,code,area,group,name,unit,kind,direction\n\
            1,1.1.3,1.基本情况,1.1资源配置,科室开放床位数,张,count,higher\n\
            2,1.1.4,1.基本情况,1.1资源配置,ICU床位数,张,count,higher\n\
            3,9.9.9,2.质量,2.1新,新指标,个,count,higher\n";
        let mut f = Form::from_csv("revised", text, None).unwrap();
        f.rules = Form::builtin().rules_for(&f);
        assert_eq!(f.rules().len(), 1, "only icu-over-beds has all its items");
        assert_eq!(
            f.rules()[0].check,
            Check::NotAbove {
                parts: vec![1],
                whole: vec![0]
            }
        );
    }

    #[test]
    fn a_bad_form_names_the_line() {
        let bad = |text: &str| Form::from_csv("f", text, None).unwrap_err().en;
        let head = "no,code,area,group,name,unit,kind,direction\n";
        assert!(bad("code,name\n").contains("'area'"));
        assert!(bad(&format!("{head}1,1.1,基本情况,g,n,张,count,higher\n")).contains("line 2"));
        assert!(bad(&format!("{head}1,1.1,1.a,g,n,张,counts,higher\n")).contains("kind"));
        assert!(bad(&format!(
            "{head}1,1.1,1.a,g,n,张,count,higher\n2,1.1,1.a,g,m,张,count,higher\n"
        ))
        .contains("same code"));
        assert!(bad(&format!("{head}1,1.1,2.a,g,n,张,count,higher\n")).contains("without gaps"));
        let r = Form::from_csv(
            "f",
            &format!("{head}1,1.1,1.a,g,n,张,count,higher\n"),
            Some("rule,check,items,than\nicu-over-beds,not_above,1.1,9.9\n"),
        )
        .unwrap_err()
        .en;
        assert!(r.contains("no item '9.9'"), "{r}");
    }
}
