//! The clerk's language. Everything a person reads is Chinese by default and English with
//! `--lang en` (or `ASSESS_LANG=en`), whatever the system locale says: these users' machines
//! often say `C` or nothing.
//!
//! Messages are a typed table, not a lookup by string key: every sentence is written where it
//! is used as a pair, `lang.pick("中文", "English")`, or in an exhaustive `match` over a
//! finding (`crate::messages`). A missing translation is therefore a compile error, never a
//! runtime surprise; the tests check that no English sentence reaches Chinese output and no
//! Chinese reaches English output beyond names from the data.

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// 简体中文, the default.
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Read `zh`, `en` and the ways people write them (`中文`, `english`, `zh_CN` …).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") || s == "中文" || s == "cn" || s == "chinese" {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "英文" || s == "english" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The list separator: `、` or `, `.
    pub fn sep(self) -> &'static str {
        self.pick("、", ", ")
    }

    /// Opening and closing parentheses.
    pub fn paren(self, inner: &str) -> String {
        match self {
            Lang::Zh => format!("（{inner}）"),
            Lang::En => format!(" ({inner})"),
        }
    }

    /// The name of an item, area or group in this language: English mode uses the catalog's
    /// English names.
    pub fn name<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.is_empty() => en,
            _ => zh,
        }
    }
}

/// Whether a text contains Chinese characters (for the tests that check each language).
/// A unit of the form as shown: as printed on the form in Chinese; in English the units the
/// form uses translated (`人次` → `visits`, `项/万元` → `items/10k yuan`). A unit of a revised
/// form that is not among them is shown as written.
pub fn unit(u: &str, lang: Lang) -> String {
    if lang == Lang::Zh {
        return u.to_string();
    }
    let word = |w: &str| -> String {
        match w.trim() {
            "人" => "people",
            "人次" => "visits",
            "例" => "cases",
            "个" => "number",
            "件" => "items",
            "台" => "machines",
            "名" => "place",
            "平方米" => "m²",
            "张" => "beds",
            "篇" => "papers",
            "组" => "groups",
            "项" => "projects",
            "元" => "yuan",
            "万元" => "10k yuan",
            "天" => "days",
            "次" => "times",
            other => other,
        }
        .to_string()
    };
    u.split('/').map(word).collect::<Vec<_>>().join("/")
}

/// A name with its unit in brackets (`下转患者人次数（人次）`), unless the name already states the
/// unit (see [`states_unit`]) or there is none.
pub fn with_unit(name: &str, unit: &str, lang: Lang) -> String {
    if unit.is_empty() || states_unit(name, unit) {
        name.to_string()
    } else {
        format!("{name}{}", lang.paren(unit))
    }
}

/// Whether a name already states its unit: it ends with it (`门诊人次`), or its last bracket,
/// of either width, is the unit or begins with it and a space (`抗菌药物使用强度（DDDs)`,
/// `… (DDDs per 100 bed-days)`).
fn states_unit(name: &str, unit: &str) -> bool {
    if name.ends_with(unit) {
        return true;
    }
    name.strip_suffix([')', '）'])
        .and_then(|inner| inner.rsplit_once(['(', '（']))
        .and_then(|(_, bracket)| bracket.trim().strip_prefix(unit))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// A count in English: `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

pub fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x3000..=0x303F | 0xFF00..=0xFFEF)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_as_people_write_them() {
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("中文"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("english"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::default(), Lang::Zh);
        assert!(has_cjk("心内科") && !has_cjk("cardiology, 12.5%"));
    }

    /// Item 44 is named `抗菌药物使用强度（DDDs)` (a full-width bracket closed by a narrow one)
    /// with the unit `DDDs`: the report's 原始数据 sheet said `（DDDs)（DDDs）`.
    #[test]
    fn ddds_unit_not_shown_twice() {
        assert_eq!(
            with_unit("抗菌药物使用强度（DDDs)", "DDDs", Lang::Zh),
            "抗菌药物使用强度（DDDs)"
        );
        assert_eq!(
            with_unit("抗菌药物使用强度（DDDs）", "DDDs", Lang::Zh),
            "抗菌药物使用强度（DDDs）"
        );
        assert_eq!(
            with_unit(
                "Antibiotic use density (DDDs per 100 bed-days)",
                "DDDs",
                Lang::En
            ),
            "Antibiotic use density (DDDs per 100 bed-days)"
        );
        // Other units still come in brackets; a name ending with its unit stays as it is.
        assert_eq!(
            with_unit("下转患者人次数", "人次", Lang::Zh),
            "下转患者人次数（人次）"
        );
        assert_eq!(with_unit("门诊人次", "人次", Lang::Zh), "门诊人次");
        assert_eq!(
            with_unit("病种（个数）", "个", Lang::Zh),
            "病种（个数）（个）"
        );
        assert_eq!(
            with_unit("统计期内外派进修人员数（3个月以上）", "人", Lang::Zh),
            "统计期内外派进修人员数（3个月以上）（人）"
        );
        assert_eq!(
            with_unit("Staff sent for training (3+ months)", "people", Lang::En),
            "Staff sent for training (3+ months) (people)"
        );
    }
}
