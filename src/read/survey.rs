//! Finding the survey table in a sheet, recognising its items, periods and unit.
//!
//! Nothing is assumed about where the table is: the header row is the row that names the
//! 三级指标 column; period columns are the header cells that read as periods; items are
//! recognised by code and name, with the serial number (序号) as the last resort. The unit
//! (county, hospital, specialty) comes from labelled cells above the table, else from the sheet
//! name, the file name (`医院_专科.xlsx`) and the folders (`县/医院/专科.xlsx`).

use super::{a1, Sheet};
use crate::catalog::{self, Item};
use crate::diag::Diagnostic;
use crate::period::Period;
use crate::text;
use crate::value::{self, Parsed};
use std::collections::BTreeMap;

/// Who submitted a survey.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Unit {
    pub county: Option<String>,
    pub hospital: Option<String>,
    pub specialty: Option<String>,
}

impl Unit {
    /// `北岭旗 / 北岭旗人民医院 / 心血管内科`, with `?` for what is unknown.
    pub fn describe(&self) -> String {
        let f = |s: &Option<String>| s.clone().unwrap_or_else(|| "?".into());
        format!(
            "{} / {} / {}",
            f(&self.county),
            f(&self.hospital),
            f(&self.specialty)
        )
    }

    /// The identity used to match the same unit across files and years.
    pub fn key(&self) -> (String, String, String) {
        let n = |s: &Option<String>| s.as_deref().map(text::normalize).unwrap_or_default();
        (n(&self.county), n(&self.hospital), n(&self.specialty))
    }
}

/// One period column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodColumn {
    pub period: Period,
    /// Header cell: row and column.
    pub row: u32,
    pub col: u32,
    /// The header as written (`2024年上半年`).
    pub header: String,
}

/// One survey table: a unit's values for one or more periods.
#[derive(Debug, Clone)]
pub struct Survey {
    pub file: String,
    pub sheet: String,
    pub unit: Unit,
    pub periods: Vec<PeriodColumn>,
    /// Sheet row of each item (index = number − 1); `None` when the item is missing.
    pub rows: Vec<Option<u32>>,
    /// Values per period column and item: `values[p][no − 1]`.
    pub values: Vec<Vec<Parsed>>,
}

impl Survey {
    /// A1 reference of an item's value in a period column.
    pub fn cell(&self, period: usize, no: u8) -> Option<String> {
        let row = (*self.rows.get(usize::from(no) - 1)?)?;
        Some(a1(row, self.periods.get(period)?.col))
    }

    pub fn value(&self, period: usize, no: u8) -> Option<&Parsed> {
        self.values.get(period)?.get(usize::from(no) - 1)
    }
}

/// Where a file came from, for finding its unit when no cell names it.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// File name without extension.
    pub stem: String,
    /// Folders between the folder the user gave and the file, outermost first.
    pub folders: Vec<String>,
    /// How many sheets of the workbook hold a survey table.
    pub survey_sheets: usize,
}

/// Header row and the columns it names.
#[derive(Debug, Clone)]
pub struct Header {
    row: u32,
    name_col: u32,
    serial_col: Option<u32>,
    group_col: Option<u32>,
    periods: Vec<PeriodColumn>,
}

fn squash(s: &str) -> String {
    text::normalize(s).trim_end_matches([':', '：']).to_string()
}

/// Find the header row of the survey table, if the sheet has one.
pub fn find_header(sheet: &Sheet) -> Option<Header> {
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    for (r, c, cell) in sheet.cells() {
        // The header is near the top; stop looking after a few hundred rows.
        if r > 300 {
            break;
        }
        rows.entry(r).or_default().push((c, squash(&cell.text())));
    }
    for (row, cells) in rows {
        let find = |names: &[&str]| {
            cells
                .iter()
                .find(|(_, t)| names.contains(&t.as_str()))
                .map(|(c, _)| *c)
        };
        let serial_col = find(&["序号", "编号", "No.", "No"]);
        let name_col = find(&["三级指标"]).or_else(|| {
            serial_col.and_then(|_| find(&["指标名称", "指标", "评价指标", "项目", "内容"]))
        });
        let Some(name_col) = name_col else { continue };
        let periods = cells
            .iter()
            .filter(|(c, _)| *c != name_col && Some(*c) != serial_col)
            .filter_map(|(c, t)| {
                Period::parse(t).map(|period| PeriodColumn {
                    period,
                    row,
                    col: *c,
                    header: sheet.text(row, *c),
                })
            })
            .collect();
        return Some(Header {
            row,
            name_col,
            serial_col,
            group_col: find(&["二级指标"]),
            periods,
        });
    }
    None
}

/// How a row was recognised.
#[derive(Debug, Clone, Copy, PartialEq)]
enum By {
    CodeOrName,
    Serial,
}

/// Normalise an item name for comparison: no blanks, one kind of bracket and comparison sign.
fn norm_name(s: &str) -> String {
    text::normalize(s)
        .chars()
        .filter(|c| !matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '、' | ':' | '：'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '≦' | '≤' => '≤',
            '≧' | '≥' => '≥',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The name without a trailing `(…)`, e.g. a unit someone added.
fn without_paren(s: &str) -> &str {
    match s.rfind('(') {
        Some(i) if s.ends_with(')') && i > 0 => &s[..i],
        _ => s,
    }
}

/// Split `1.6.2 31-40岁` into the code `1.6.2` and the name. Of the ways to cut a run of digits
/// and dots, the longest that is a code of the form wins.
fn split_code(text: &str) -> (Option<String>, String) {
    let t = text::normalize_keep_spaces(text);
    let t = t.trim();
    let run: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if run.matches('.').count() < 1 || run.starts_with('.') {
        return (None, t.to_string());
    }
    let known = |c: &str| catalog::items().iter().any(|i| i.code == c);
    // Try every cut, longest first.
    for end in (1..=run.len()).rev() {
        let cand = run[..end].trim_end_matches('.');
        if cand.len() == end && cand.contains('.') && known(cand) {
            return (Some(cand.to_string()), t[end..].trim().to_string());
        }
    }
    let code = run.trim_end_matches('.').to_string();
    let rest = t[run.len()..].trim().to_string();
    if code.split('.').count() >= 2 && code.split('.').all(|p| !p.is_empty() && p.len() <= 2) {
        (Some(code), rest)
    } else {
        (None, t.to_string())
    }
}

/// Recognise one row. `prev` is the item recognised on the row above (for `其他`).
fn identify(name_cell: &str, serial: Option<u8>, group: &str, prev: u8) -> Option<(u8, By)> {
    let items = catalog::items();
    let (code, rest) = split_code(name_cell);
    let name = norm_name(&rest);
    let by_code: Vec<&Item> = code
        .as_deref()
        .map(|c| items.iter().filter(|i| i.code == c).collect())
        .unwrap_or_default();
    let mut by_name: Vec<&Item> = items
        .iter()
        .filter(|i| norm_name(&i.name) == name)
        .collect();
    if by_name.is_empty() && !name.is_empty() {
        let short = without_paren(&name);
        by_name = items
            .iter()
            .filter(|i| {
                let n = norm_name(&i.name);
                without_paren(&n) == short
                    || (short.chars().count() >= 4
                        && n.chars().count() >= 4
                        && (n.starts_with(short) || short.starts_with(&n)))
            })
            .collect();
    }
    let pick = |cands: &[&Item]| -> Option<u8> {
        match cands {
            [one] => Some(one.no),
            [] => None,
            many => {
                let both: Vec<_> = many
                    .iter()
                    .filter(|i| by_code.iter().any(|c| c.no == i.no))
                    .collect();
                if let [one] = both.as_slice() {
                    return Some(one.no);
                }
                let g = norm_name(group);
                let in_group: Vec<_> = many
                    .iter()
                    .filter(|i| {
                        let group = norm_name(&i.group);
                        !g.is_empty() && (group.contains(&g) || g.contains(&group))
                    })
                    .collect();
                if let [one] = in_group.as_slice() {
                    return Some(one.no);
                }
                if let Some(s) = serial {
                    if many.iter().any(|i| i.no == s) {
                        return Some(s);
                    }
                }
                many.iter()
                    .find(|i| i.no > prev)
                    .or(many.first())
                    .map(|i| i.no)
            }
        }
    };
    if let Some(no) = pick(&by_name) {
        return Some((no, By::CodeOrName));
    }
    if name.is_empty() || by_code.len() == 1 {
        if let [one] = by_code.as_slice() {
            return Some((one.no, By::CodeOrName));
        }
    }
    serial
        .filter(|s| (1..=69).contains(s))
        .map(|s| (s, By::Serial))
}

fn looks_like_note(text: &str) -> bool {
    let t = text::normalize(text);
    [
        "注",
        "说明",
        "备注",
        "填表",
        "填报",
        "联系",
        "审核",
        "负责",
        "制表",
        "单位负责",
        "签字",
        "盖章",
        "日期",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// Read the survey table of a sheet. `None` when the sheet holds no survey table.
pub fn read_survey(
    sheet: &Sheet,
    file: &str,
    origin: &Origin,
    header: &Header,
) -> (Survey, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let at = |d: Diagnostic| d.sheet(&sheet.name);
    let mut rows: Vec<Option<u32>> = vec![None; catalog::items().len()];
    let last_row = sheet.last_row().unwrap_or(header.row);
    let mut group = String::new();
    let mut prev = 0u8;
    let mut last_item_row = header.row;
    let mut row_cells: std::collections::BTreeSet<u32> = std::collections::BTreeSet::new();
    for (r, _, _) in sheet.cells_from(header.row + 1) {
        row_cells.insert(r);
    }
    let _ = last_row;
    for &r in &row_cells {
        let name = sheet.text(r, header.name_col);
        let serial_text = header
            .serial_col
            .map(|c| sheet.text(r, c))
            .unwrap_or_default();
        let serial: Option<u8> = text::normalize(&serial_text).parse().ok();
        if let Some(gc) = header.group_col {
            let g = sheet.text(r, gc);
            if !g.is_empty() {
                group = g;
            }
        }
        if name.is_empty() && serial.is_none() {
            continue;
        }
        if serial.is_none() && looks_like_note(&name) {
            continue;
        }
        match identify(&name, serial, &group, prev) {
            Some((no, by)) => {
                let it = catalog::item(no).expect("identify returns catalog numbers");
                let cell = a1(r, header.name_col);
                if let Some(first) = rows[usize::from(no) - 1] {
                    diags.push(
                        at(Diagnostic::error(file, "item-repeated", format!(
                            "{} appears twice, in rows {} and {}; the first is used. Delete the extra row.",
                            it.describe(), first + 1, r + 1
                        )))
                        .cell(cell)
                        .item(no),
                    );
                    continue;
                }
                if by == By::Serial {
                    diags.push(
                        at(Diagnostic::warning(file, "item-by-serial", format!(
                            "the row named '{}' was taken as {} only because its serial number is {}; check that it is that item",
                            name, it.describe(), no
                        )))
                        .cell(cell)
                        .item(no),
                    );
                }
                rows[usize::from(no) - 1] = Some(r);
                prev = no;
                last_item_row = r;
            }
            None => diags.push(
                at(Diagnostic::error(file, "item-unrecognised", format!(
                    "row {} ('{}') is not an item of the survey form; correct its name or code, or delete the row",
                    r + 1,
                    if name.is_empty() { serial_text.as_str() } else { name.as_str() }
                )))
                .cell(a1(r, header.name_col)),
            ),
        }
    }
    for (i, row) in rows.iter().enumerate() {
        if row.is_none() {
            let it = &catalog::items()[i];
            diags.push(
                at(Diagnostic::error(
                    file,
                    "item-missing",
                    format!(
                        "{} ({}) is missing from the table; add its row with the value",
                        it.describe(),
                        if it.code.is_empty() {
                            "no code".to_string()
                        } else {
                            it.code.clone()
                        }
                    ),
                ))
                .item(it.no),
            );
        }
    }

    // Period columns: one per period, each with at least one value.
    let mut periods: Vec<PeriodColumn> = Vec::new();
    let mut values = Vec::new();
    for pc in &header.periods {
        if let Some(first) = periods.iter().find(|p| p.period == pc.period) {
            diags.push(
                at(Diagnostic::error(
                    file,
                    "period-repeated",
                    format!(
                        "columns {} and {} are both headed {}; the first is used",
                        super::col_letters(first.col),
                        super::col_letters(pc.col),
                        pc.period
                    ),
                ))
                .cell(a1(header.row, pc.col))
                .period(pc.period.to_string()),
            );
            continue;
        }
        let vals: Vec<Parsed> = catalog::items()
            .iter()
            .map(|it| match rows[usize::from(it.no) - 1] {
                Some(r) => value::parse_cell(sheet.get(r, pc.col), it),
                None => Parsed::missing(),
            })
            .collect();
        if vals
            .iter()
            .all(|v| v.status == value::Status::Missing && v.problem.is_none())
        {
            diags.push(
                at(Diagnostic::error(file, "period-empty", format!(
                    "the column headed '{}' (column {}) has no values; fill it in or delete the column",
                    pc.header, super::col_letters(pc.col)
                )))
                .cell(a1(header.row, pc.col))
                .period(pc.period.to_string()),
            );
            continue;
        }
        periods.push(pc.clone());
        values.push(vals);
    }
    if header.periods.is_empty() {
        diags.push(
            at(Diagnostic::error(file, "no-period", format!(
                "the table's header (row {}) has no period column; head the value column with the period, e.g. 2024年1-6月",
                header.row + 1
            )))
            .cell(a1(header.row, header.name_col)),
        );
    }

    // Values far outside the table: harmless to read, but the sheet is broken for printing and
    // for every other program that reads it whole.
    let far = |r: u32, c: u32| r > last_item_row + 10_000 || c > 1_000;
    for (r, c, cell) in sheet.cells().filter(|(r, c, _)| far(*r, *c)).take(3) {
        diags.push(
            at(Diagnostic::error(file, "stray-cell", format!(
                "a value far outside the table, in {} ('{}'), makes the sheet {} rows by {} columns; delete that cell and save again",
                a1(r, c),
                cell.text(),
                r + 1,
                c + 1
            )))
            .cell(a1(r, c)),
        );
    }

    let unit = find_unit(sheet, header.row, last_item_row, origin);
    if unit.hospital.is_none() || unit.specialty.is_none() {
        diags.push(at(Diagnostic::warning(file, "unit-unknown", format!(
            "cannot tell which {} this is ({}); add 填报单位：… and 专科名称：… above the table, or name the file 医院_专科.xlsx",
            if unit.hospital.is_none() { "hospital" } else { "specialty" },
            unit.describe()
        ))));
    }
    (
        Survey {
            file: file.to_string(),
            sheet: sheet.name.clone(),
            unit,
            periods,
            rows,
            values,
        },
        diags,
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    County,
    Hospital,
    Specialty,
    Other,
}

const LABELS: &[(&str, Field)] = &[
    ("所属旗县区", Field::County),
    ("所属旗县市区", Field::County),
    ("所属区县", Field::County),
    ("所属县区", Field::County),
    ("所属旗县", Field::County),
    ("所属地区", Field::County),
    ("旗县市区", Field::County),
    ("旗县区", Field::County),
    ("县市区", Field::County),
    ("县区", Field::County),
    ("区县", Field::County),
    ("医疗机构名称", Field::Hospital),
    ("医疗机构", Field::Hospital),
    ("医院名称", Field::Hospital),
    ("单位名称", Field::Hospital),
    ("填报单位", Field::Hospital),
    ("机构名称", Field::Hospital),
    ("医院", Field::Hospital),
    ("专科(科室)名称", Field::Specialty),
    ("重点专科名称", Field::Specialty),
    ("申报专科", Field::Specialty),
    ("专科名称", Field::Specialty),
    ("科室名称", Field::Specialty),
    ("专科", Field::Specialty),
    ("科室", Field::Specialty),
    ("填报人", Field::Other),
    ("联系电话", Field::Other),
    ("联系人", Field::Other),
    ("填报日期", Field::Other),
    ("填表日期", Field::Other),
    ("电话", Field::Other),
    ("日期", Field::Other),
];

fn label_of(text: &str) -> Option<Field> {
    let t = norm_name(text);
    LABELS
        .iter()
        .find(|(l, _)| norm_name(l) == t)
        .map(|(_, f)| *f)
}

/// `label：value` pairs in one cell (`填报单位：某医院  专科名称：心内科`).
fn labelled_pairs(text: &str) -> Vec<(Field, String)> {
    let t = text::normalize_keep_spaces(text)
        .replace('（', "(")
        .replace('）', ")");
    let mut hits: Vec<(usize, usize, Field)> = Vec::new();
    for (label, field) in LABELS {
        for (pos, _) in t.match_indices(label) {
            let after = &t[pos + label.len()..];
            let after_trim = after.trim_start();
            if !(after_trim.starts_with(':') || after_trim.starts_with('：')) {
                continue;
            }
            let colon = after.len() - after_trim.len()
                + after_trim.chars().next().map_or(0, char::len_utf8);
            let end = pos + label.len() + colon;
            if hits.iter().any(|&(s, e, _)| pos < e && s < end) {
                continue;
            }
            hits.push((pos, end, *field));
        }
    }
    hits.sort_by_key(|h| (h.0, h.1));
    let mut out = Vec::new();
    for (i, &(_, end, field)) in hits.iter().enumerate() {
        let stop = hits.get(i + 1).map_or(t.len(), |h| h.0);
        let v = t[end..stop]
            .trim()
            .trim_matches(|c: char| c == '_' || c == ',' || c == '，' || c.is_whitespace());
        out.push((field, v.to_string()));
    }
    out
}

fn is_generic_sheet_name(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    let stripped = n.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    matches!(stripped, "sheet" | "工作表" | "表" | "")
        || n.contains("调查表")
        || n.contains("survey")
}

fn is_county(s: &str) -> bool {
    ["旗", "县", "区", "市", "盟"]
        .iter()
        .any(|e| s.ends_with(e))
}

fn is_hospital(s: &str) -> bool {
    ["医院", "卫生院", "保健院", "中心", "院"]
        .iter()
        .any(|e| s.ends_with(e))
}

fn find_unit(sheet: &Sheet, header_row: u32, last_item_row: u32, origin: &Origin) -> Unit {
    let mut unit = Unit::default();
    let set = |unit: &mut Unit, f: Field, v: String| {
        if v.is_empty() {
            return;
        }
        let slot = match f {
            Field::County => &mut unit.county,
            Field::Hospital => &mut unit.hospital,
            Field::Specialty => &mut unit.specialty,
            Field::Other => return,
        };
        if slot.is_none() {
            *slot = Some(v);
        }
    };
    // Labelled cells above the table, then below it.
    let outside = sheet
        .cells()
        .filter(|(r, _, _)| *r < header_row || *r > last_item_row);
    for (r, c, cell) in outside {
        let text = cell.text();
        if let Some(f) = label_of(&text) {
            // Label and value side by side.
            let next = sheet
                .row(r)
                .filter(|(cc, _)| *cc > c)
                .map(|(_, v)| v.text().trim().to_string())
                .find(|t| !t.is_empty());
            if let Some(v) = next.filter(|v| label_of(v).is_none()) {
                set(&mut unit, f, v);
            }
            continue;
        }
        for (f, v) in labelled_pairs(&text) {
            set(&mut unit, f, v);
        }
    }
    // The sheet name names the specialty when the workbook has a sheet per specialty.
    if unit.specialty.is_none() && !is_generic_sheet_name(&sheet.name) && origin.survey_sheets > 1 {
        unit.specialty = Some(sheet.name.trim().to_string());
    }
    // The file name: 县_医院_专科, 医院_专科, or one of them.
    let pieces: Vec<&str> = origin
        .stem
        .split('_')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match pieces.as_slice() {
        [.., c, h, s] => {
            set(&mut unit, Field::County, c.to_string());
            set(&mut unit, Field::Hospital, h.to_string());
            set(&mut unit, Field::Specialty, s.to_string());
        }
        [h, s] => {
            set(&mut unit, Field::Hospital, h.to_string());
            set(&mut unit, Field::Specialty, s.to_string());
        }
        [one] => {
            let one = one.to_string();
            if unit.specialty.is_none() && !is_hospital(&one) && !is_generic_sheet_name(&one) {
                unit.specialty = Some(one);
            } else if unit.hospital.is_none() && is_hospital(&one) {
                unit.hospital = Some(one);
            }
        }
        [] => {}
    }
    // Single-sheet workbooks: a specific sheet name still names the specialty.
    if unit.specialty.is_none() && !is_generic_sheet_name(&sheet.name) {
        unit.specialty = Some(sheet.name.trim().to_string());
    }
    // Folders: …/县/医院/file.
    for f in origin.folders.iter().rev() {
        if unit.hospital.is_none() && is_hospital(f) {
            unit.hospital = Some(f.clone());
        } else if unit.county.is_none() && is_county(f) && !is_hospital(f) {
            unit.county = Some(f.clone());
        }
    }
    // 北岭旗人民医院 is in 北岭旗.
    if unit.county.is_none() {
        if let Some(h) = &unit.hospital {
            let chars: Vec<char> = h.chars().collect();
            if let Some(i) = chars.iter().position(|c| matches!(c, '旗' | '县')) {
                if i >= 2 && i + 2 < chars.len() {
                    unit.county = Some(chars[..=i].iter().collect());
                }
            }
        }
    }
    unit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_split_from_names() {
        assert_eq!(
            split_code("1.1.1科室业务用房面积"),
            (Some("1.1.1".into()), "科室业务用房面积".into())
        );
        assert_eq!(
            split_code("1.6.2 31-40岁"),
            (Some("1.6.2".into()), "31-40岁".into())
        );
        assert_eq!(
            split_code("1.6.231-40岁"),
            (Some("1.6.2".into()), "31-40岁".into())
        );
        assert_eq!(
            split_code("多学科诊疗团队数"),
            (None, "多学科诊疗团队数".into())
        );
        assert_eq!(
            split_code("2.3.1 CMI"),
            (Some("2.3.1".into()), "CMI".into())
        );
    }

    #[test]
    fn items_by_code_name_and_serial() {
        assert_eq!(
            identify("1.3.3其他", None, "", 7),
            Some((8, By::CodeOrName))
        );
        assert_eq!(
            identify("1.4.5其他", None, "", 12),
            Some((13, By::CodeOrName))
        );
        // No code: the group column decides, else the row order.
        assert_eq!(
            identify("其他", None, "1.4卫技人员学历", 0),
            Some((13, By::CodeOrName))
        );
        assert_eq!(identify("其他", None, "", 7), Some((8, By::CodeOrName)));
        // The form's quirks.
        assert_eq!(
            identify("2.1.5下转患者人次数", None, "", 22),
            Some((23, By::CodeOrName))
        );
        assert_eq!(
            identify("多学科诊疗团队数", None, "", 25),
            Some((26, By::CodeOrName))
        );
        // Written differently.
        assert_eq!(
            identify("1.6.1 ≤30岁", None, "", 16),
            Some((17, By::CodeOrName))
        );
        assert_eq!(
            identify("科室业务用房面积（平方米）", None, "", 0),
            Some((1, By::CodeOrName))
        );
        assert_eq!(
            identify("抗菌药物使用强度(DDDs)", None, "", 0),
            Some((44, By::CodeOrName))
        );
        // Unknown name, serial as the last resort.
        assert_eq!(identify("???", Some(5), "", 4), Some((5, By::Serial)));
        assert_eq!(identify("某个新指标", None, "", 4), None);
    }

    #[test]
    fn labels_in_one_cell() {
        let p = labelled_pairs("填报单位：北岭旗人民医院    专科名称：心血管内科  填报人：王某");
        assert_eq!(
            p.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>(),
            ["北岭旗人民医院", "心血管内科", "王某"]
        );
        let p = labelled_pairs("科室: 骨科");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].1, "骨科");
    }
}
