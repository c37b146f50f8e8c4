//! The 69 items of the 重点专科基本情况调查表: the one source of truth for their numbers, codes,
//! names, units, kinds and directions.
//!
//! The table is `data/indicators.csv`, compiled into the binary and parsed once. Everything else
//! in the crate (reader, validation, scoring, reports, template) asks this module about items.

use std::sync::OnceLock;

/// The four first-level areas (一级指标), numbered 1–4.
pub const AREA_COUNT: usize = 4;

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
    fn parse(s: &str) -> Option<Kind> {
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

    /// The name used in the catalog file and in JSON.
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

    /// The survey's own word for the direction.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Higher => "越高越好",
            Direction::Lower => "越低越好",
            Direction::Neutral => "不计分",
        }
    }
}

/// One line of the survey.
#[derive(Debug, Clone)]
pub struct Item {
    /// 序号, 1–69.
    pub no: u8,
    /// 三级指标 code as printed on the form (`1.1.1`); empty for item 26, which has none.
    pub code: String,
    /// 一级指标 number, 1–4.
    pub area: u8,
    /// 一级指标 as printed (`1.基本情况`).
    pub area_name: String,
    /// 二级指标 as printed (`1.1资源配置`).
    pub group: String,
    /// 三级指标 name without its code.
    pub name: String,
    pub name_en: String,
    /// Unit as printed (`张`, `%`, `张/%` …); empty for CMI.
    pub unit: String,
    pub kind: Kind,
    pub direction: Direction,
}

impl Item {
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

    /// `item 3 科室开放床位数`, the way diagnostics and help name an item.
    pub fn describe(&self) -> String {
        format!("item {} {}", self.no, self.name)
    }

    /// The unit of the counted part (`张` of `张/%`).
    pub fn count_unit(&self) -> &str {
        self.unit.split('/').next().unwrap_or("")
    }
}

/// The compiled-in catalog text.
const CATALOG_CSV: &str = include_str!("../data/indicators.csv");

/// All 69 items, in form order.
pub fn items() -> &'static [Item] {
    static ITEMS: OnceLock<Vec<Item>> = OnceLock::new();
    ITEMS.get_or_init(|| parse_catalog(CATALOG_CSV).expect("the compiled-in catalog is valid"))
}

/// Item by number (1–69).
pub fn item(no: u8) -> Option<&'static Item> {
    items().get(usize::from(no).checked_sub(1)?)
}

/// Area names as printed (`1.基本情况` …), indexed by area number − 1.
pub fn area_names() -> [&'static str; AREA_COUNT] {
    let mut names = [""; AREA_COUNT];
    for it in items() {
        names[usize::from(it.area) - 1] = &it.area_name;
    }
    names
}

/// Area name without its number (`基本情况`).
pub fn area_short_name(area: u8) -> &'static str {
    let names = area_names();
    let full = names
        .get(usize::from(area).wrapping_sub(1))
        .copied()
        .unwrap_or("");
    full.split_once('.').map_or(full, |(_, n)| n)
}

fn parse_catalog(text: &str) -> Result<Vec<Item>, String> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| e.to_string())?;
        let f = |k: usize| rec.get(k).unwrap_or("").to_string();
        let area_name = f(2);
        let area = area_name
            .split('.')
            .next()
            .and_then(|a| a.parse::<u8>().ok())
            .ok_or_else(|| format!("line {}: bad area", i + 2))?;
        out.push(Item {
            no: f(0)
                .parse()
                .map_err(|_| format!("line {}: bad number", i + 2))?,
            code: f(1),
            area,
            area_name,
            group: f(3),
            name: f(4),
            name_en: f(5),
            unit: f(6),
            kind: Kind::parse(&f(7)).ok_or_else(|| format!("line {}: bad kind", i + 2))?,
            direction: Direction::parse(&f(8))
                .ok_or_else(|| format!("line {}: bad direction", i + 2))?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_has_69_items_in_order() {
        let items = items();
        assert_eq!(items.len(), 69);
        for (i, it) in items.iter().enumerate() {
            assert_eq!(usize::from(it.no), i + 1);
            assert!((1..=4).contains(&it.area));
        }
    }

    #[test]
    fn catalog_keeps_the_forms_quirks() {
        assert_eq!(item(23).unwrap().code, "2.1.5");
        assert_eq!(item(26).unwrap().code, "");
        assert_eq!(item(63).unwrap().kind, Kind::Rank);
        assert_eq!(item(63).unwrap().direction, Direction::Lower);
        assert_eq!(item(4).unwrap().count_unit(), "张");
        assert_eq!(item(27).unwrap().form_label(), "2.3.1 CMI");
        assert_eq!(area_short_name(2), "质量与安全");
    }
}
