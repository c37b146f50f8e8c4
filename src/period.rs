//! Reporting periods as the survey's header writes them: `2024年1-6月`, `2024年`, `2024年度`,
//! `2024年上半年` … and which period is one year earlier.

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

impl Period {
    /// The same span one year earlier.
    pub fn year_before(self) -> Period {
        Period {
            year: self.year - 1,
            ..self
        }
    }

    /// Read a header cell. Returns `None` when the text is not a period.
    pub fn parse(text: &str) -> Option<Period> {
        let s: String = crate::text::normalize(text)
            .chars()
            .map(|c| match c {
                '—' | '–' | '~' | '～' | '至' | '－' => '-',
                c => c,
            })
            .collect();
        let s = s
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）']);
        // A bare year, as a number cell or text: 2024
        if s.len() == 4 {
            let y: u16 = s.parse().ok()?;
            return Period::whole(y);
        }
        let (year, rest) = s.split_once('年')?;
        let year: u16 = year.parse().ok()?;
        if !(2000..=2100).contains(&year) {
            return None;
        }
        let rest = rest.trim_end_matches(['(', '（', ')', '）']);
        let span = |from, to| Some(Period { year, from, to });
        match rest {
            "" | "度" | "全年" | "年度" | "1-12月" => span(1, 12),
            "上半年" => span(1, 6),
            "下半年" => span(7, 12),
            "第一季度" | "一季度" | "1季度" | "第1季度" => span(1, 3),
            "第二季度" | "二季度" | "2季度" | "第2季度" => span(4, 6),
            "第三季度" | "三季度" | "3季度" | "第3季度" => span(7, 9),
            "第四季度" | "四季度" | "4季度" | "第4季度" => span(10, 12),
            _ => {
                let m = rest
                    .strip_suffix('月')
                    .or_else(|| rest.strip_suffix("月份"))?;
                let (a, b) = match m.split_once('-') {
                    Some((a, b)) => (a.trim_end_matches("月"), b.trim_end_matches("月")),
                    None => (m, m),
                };
                let (a, b): (u8, u8) = (a.parse().ok()?, b.parse().ok()?);
                ((1..=12).contains(&a) && (a..=12).contains(&b)).then_some(Period {
                    year,
                    from: a,
                    to: b,
                })
            }
        }
    }

    fn whole(year: u16) -> Option<Period> {
        (2000..=2100).contains(&year).then_some(Period {
            year,
            from: 1,
            to: 12,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        Period::parse(s).map(|p| p.to_string())
    }

    #[test]
    fn the_forms_ways_of_writing_a_period() {
        assert_eq!(p("2024年1-6月").as_deref(), Some("2024年1-6月"));
        assert_eq!(p("2024年1－6月").as_deref(), Some("2024年1-6月"));
        assert_eq!(p("2024年1月-6月").as_deref(), Some("2024年1-6月"));
        assert_eq!(p("2024年1~6月").as_deref(), Some("2024年1-6月"));
        assert_eq!(p("2024年上半年").as_deref(), Some("2024年1-6月"));
        assert_eq!(p("2024年").as_deref(), Some("2024年"));
        assert_eq!(p("2024年度").as_deref(), Some("2024年"));
        assert_eq!(p(" 2024 年 ").as_deref(), Some("2024年"));
        assert_eq!(p("2024").as_deref(), Some("2024年"));
        assert_eq!(p("２０２３年１-６月").as_deref(), Some("2023年1-6月"));
        assert_eq!(p("2024年第一季度").as_deref(), Some("2024年1-3月"));
    }

    #[test]
    fn not_periods() {
        for s in [
            "备注",
            "三级指标",
            "单位",
            "2024年13月",
            "12",
            "年",
            "2024年6-1月",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
    }

    #[test]
    fn baseline_is_the_same_span_a_year_earlier() {
        let cur = Period::parse("2024年上半年").unwrap();
        assert_eq!(cur.year_before().to_string(), "2023年1-6月");
    }
}
