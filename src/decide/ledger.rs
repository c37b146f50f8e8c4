//! The history ledger (历年评估.xlsx or .csv): one row per unit and period with the grade it
//! was given, and the date of national approval where there is one. `report --record` adds
//! or replaces the current period's results; the ledger is written whole or not at all, with
//! the old file kept as a backup.

use crate::i18n::Lang;
use crate::model::{Unit, UnitKey};
use crate::names::Names;
use crate::period::Period;
use crate::read::{self, Limits};
use std::path::{Path, PathBuf};

/// One result in the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub period: Period,
    pub unit: Unit,
    pub grade: String,
    /// The date the unit was approved as a national key specialty, as written.
    pub national: Option<String>,
}

impl Entry {
    pub fn key(&self) -> Option<UnitKey> {
        self.unit.key()
    }
}

/// The ledger as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    pub entries: Vec<Entry>,
}

/// Why a ledger cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum LedgerError {
    /// The file cannot be read; `None`: it is no spreadsheet.
    Unreadable(Option<crate::read::ReadError>),
    NoHeader,
    /// A row whose period cannot be read.
    BadPeriod {
        row: u32,
        written: String,
    },
    /// A row without its hospital or specialty.
    NoUnit {
        row: u32,
    },
}

impl LedgerError {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (LedgerError::Unreadable(Some(e)), _) => crate::messages::read_error(e, lang),
            (LedgerError::Unreadable(None), _) => lang
                .pick("不是表格文件", "it is not a spreadsheet")
                .into(),
            (LedgerError::NoHeader, Lang::Zh) => "找不到表头：需要“期间”“医院”“专科”“等级”等列（可另有“旗县区”“国家级获批日期”）".into(),
            (LedgerError::NoHeader, Lang::En) => "no header row: it needs the columns 期间 (period), 医院 (hospital), 专科 (specialty) and 等级 (grade); 旗县区 (county) and 国家级获批日期 (national approval) are optional".into(),
            (LedgerError::BadPeriod { row, written }, Lang::Zh) => {
                format!("第{row}行：期间“{written}”无法识别（应写作 2024年 或 2024年1-6月）")
            }
            (LedgerError::BadPeriod { row, written }, Lang::En) => {
                format!("row {row}: the period '{written}' cannot be read (write 2024年 or 2024年1-6月)")
            }
            (LedgerError::NoUnit { row }, Lang::Zh) => format!("第{row}行：缺少医院或专科"),
            (LedgerError::NoUnit { row }, Lang::En) => {
                format!("row {row}: the hospital or specialty is missing")
            }
        }
    }
}

/// The ledger's columns, as written in each language.
pub fn columns(lang: Lang) -> [&'static str; 6] {
    [
        lang.pick("期间", "Period"),
        lang.pick("旗县区", "County"),
        lang.pick("医院", "Hospital"),
        lang.pick("专科", "Specialty"),
        lang.pick("等级", "Grade"),
        lang.pick("国家级获批日期", "National approval"),
    ]
}

fn column_of(text: &str) -> Option<usize> {
    let t = crate::text::norm_label(&crate::names::clean(text));
    let names: [&[&str]; 6] = [
        &["期间", "评估期间", "年度", "period", "year"],
        &["旗县区", "所属旗县区", "县区", "county"],
        &["医院", "填报单位", "医院名称", "hospital"],
        &["专科", "专科名称", "科室", "specialty"],
        &["等级", "评估等级", "考核结果", "结果", "grade", "result"],
        &[
            "国家级获批日期",
            "国家级批准日期",
            "国家级临床重点专科获批日期",
            "获批国家级日期",
            "nationalapproval",
            "national",
        ],
    ];
    names
        .iter()
        .position(|ns| ns.iter().any(|n| crate::text::norm_label(n) == t))
}

impl Ledger {
    /// Read a ledger. Names are resolved like a survey's, so renames and aliases link.
    pub fn read(path: &Path, names: &Names) -> Result<Ledger, LedgerError> {
        let book = read::read_path(path, &Limits::default())
            .map_err(|e| LedgerError::Unreadable(Some(e)))?
            .ok_or(LedgerError::Unreadable(None))?;
        let sheet = book.sheets.first().ok_or(LedgerError::NoHeader)?;
        // The header: the first row naming 期间, 医院, 专科 and 等级.
        let mut rows: Vec<u32> = sheet.cells().map(|(r, _, _)| r).collect();
        rows.dedup();
        let (hr, cols) = rows
            .iter()
            .take(50)
            .find_map(|&r| {
                let mut cols: [Option<u32>; 6] = [None; 6];
                for (c, cell) in sheet.row(r) {
                    if let Some(k) = column_of(&cell.text()) {
                        cols[k].get_or_insert(c);
                    }
                }
                [0, 2, 3, 4]
                    .iter()
                    .all(|k| cols[*k].is_some())
                    .then_some((r, cols))
            })
            .ok_or(LedgerError::NoHeader)?;
        let get = |r: u32, k: usize| cols[k].map(|c| sheet.text(r, c)).unwrap_or_default();
        let mut entries = Vec::new();
        for r in rows.into_iter().filter(|r| *r > hr) {
            let (p, h, s, g) = (get(r, 0), get(r, 2), get(r, 3), get(r, 4));
            if p.is_empty() && h.is_empty() && s.is_empty() && g.is_empty() {
                continue;
            }
            let period = Period::parse(&p).ok_or_else(|| LedgerError::BadPeriod {
                row: r + 1,
                written: p.clone(),
            })?;
            if h.is_empty() || s.is_empty() {
                return Err(LedgerError::NoUnit { row: r + 1 });
            }
            let resolve = |r: Option<crate::names::Resolved>, w: &str| {
                r.map(|r| r.name).unwrap_or_else(|| crate::names::clean(w))
            };
            let county = get(r, 1);
            let hospital = resolve(names.hospital(&h), &h);
            let unit = Unit {
                county: if county.is_empty() {
                    names.county_of(&hospital)
                } else {
                    Some(resolve(names.county(&county), &county))
                },
                hospital: Some(hospital),
                specialty: Some(resolve(names.specialty(&s), &s)),
            };
            let national = Some(get(r, 5)).filter(|n| !n.is_empty());
            entries.push(Entry {
                period,
                unit,
                grade: g,
                national,
            });
        }
        Ok(Ledger { entries })
    }

    /// Add or replace results: a unit's result for a period replaces the one recorded.
    /// Returns the rows replaced.
    pub fn record(&mut self, results: impl IntoIterator<Item = Entry>) -> Vec<Entry> {
        let mut replaced = Vec::new();
        for e in results {
            let key = e.key();
            let national = self
                .entries
                .iter()
                .filter(|x| x.key() == key)
                .find_map(|x| x.national.clone());
            let (old, kept): (Vec<Entry>, Vec<Entry>) = std::mem::take(&mut self.entries)
                .into_iter()
                .partition(|x| x.key() == key && x.period == e.period);
            self.entries = kept;
            replaced.extend(old);
            self.entries.push(Entry {
                national: e.national.or(national),
                ..e
            });
        }
        self.entries.sort_by(|a, b| {
            (a.unit.label(), a.period.year, a.period.to, a.period.from).cmp(&(
                b.unit.label(),
                b.period.year,
                b.period.to,
                b.period.from,
            ))
        });
        replaced
    }

    /// The ledger as CSV (UTF-8 with BOM, so Excel opens it).
    pub fn to_csv(&self, lang: Lang) -> Vec<u8> {
        let rows = self.entries.iter().map(row);
        crate::output::csv_bytes(&columns(lang), rows).unwrap_or_default()
    }

    /// The ledger as a workbook.
    pub fn to_xlsx(&self, lang: Lang) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use crate::output::xlsx::{Grid, Styles};
        let st = Styles::new();
        let title = lang.pick("历年评估", "Assessment history");
        let mut wb = crate::output::xlsx::workbook("ledger", title);
        let ws = wb.add_worksheet().set_name(title)?;
        let mut g = Grid::new(ws);
        for (c, h) in columns(lang).iter().enumerate() {
            g.text(0, c as u16, h, &st.head)?;
        }
        for (i, e) in self.entries.iter().enumerate() {
            for (c, v) in row(e).iter().enumerate() {
                g.text(1 + i as u32, c as u16, v, &st.text)?;
            }
        }
        g.ws.set_freeze_panes(1, 0)?;
        g.ws.autofilter(0, 0, self.entries.len().max(1) as u32, 5)?;
        g.finish(8, 40)?;
        wb.save_to_buffer()
    }
}

fn row(e: &Entry) -> Vec<String> {
    vec![
        e.period.to_string(),
        e.unit.county.clone().unwrap_or_default(),
        e.unit.hospital.clone().unwrap_or_default(),
        e.unit.specialty.clone().unwrap_or_default(),
        e.grade.clone(),
        e.national.clone().unwrap_or_default(),
    ]
}

/// Where the old ledger is kept when it is replaced: `历年评估.bak.xlsx` beside it.
pub fn backup_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.bak{ext}"))
}

/// Whether a ledger path is a CSV file (else a workbook).
pub fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(p: &str, h: &str, s: &str, g: &str) -> Entry {
        Entry {
            period: Period::parse(p).unwrap(),
            unit: Unit {
                county: Some("北岭旗".into()),
                hospital: Some(h.into()),
                specialty: Some(s.into()),
            },
            grade: g.into(),
            national: None,
        }
    }

    #[test]
    fn recording_a_period_twice_leaves_one_row_per_unit() {
        let mut l = Ledger::default();
        l.record([entry("2023年", "北岭旗人民医院", "心血管内科", "合格")]);
        l.record([entry("2024年", "北岭旗人民医院", "心血管内科", "优秀")]);
        l.record([entry("2024年", "北岭旗人民医院", "心血管内科", "合格")]);
        assert_eq!(l.entries.len(), 2);
        assert_eq!(l.entries[1].grade, "合格");
    }

    #[test]
    fn the_ledger_reads_back_what_it_writes_in_both_formats() {
        let names = Names::builtin();
        let mut l = Ledger::default();
        let mut e = entry("2023年", "北岭旗人民医院", "心血管内科", "合格");
        e.national = Some("2025-05-01".into());
        l.record([e, entry("2024年", "北岭旗中医医院", "骨科", "不合格")]);
        let d = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("历年评估.csv", l.to_csv(Lang::Zh)),
            ("历年评估.xlsx", l.to_xlsx(Lang::Zh).unwrap()),
            ("history.xlsx", l.to_xlsx(Lang::En).unwrap()),
        ] {
            let p = d.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            let back = Ledger::read(&p, &names).unwrap();
            assert_eq!(back, l, "{name}");
        }
    }

    #[test]
    fn a_ledger_without_its_columns_says_what_it_needs() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.csv");
        std::fs::write(&p, "医院,专科\n北岭旗人民医院,心血管内科\n").unwrap();
        let e = Ledger::read(&p, &Names::builtin()).unwrap_err();
        assert_eq!(e, LedgerError::NoHeader);
        assert!(e.text(Lang::Zh).contains("等级"));
    }

    #[test]
    fn the_backup_sits_beside_the_ledger() {
        assert_eq!(
            backup_path(Path::new("a/历年评估.xlsx")),
            Path::new("a/历年评估.bak.xlsx")
        );
    }
}
