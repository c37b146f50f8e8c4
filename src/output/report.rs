//! The ranked Excel workbook for the meeting: 排名, 分项得分, 原始数据, 同比变化, 数据问题,
//! 评分方案 and 图表. Every number is written as a number (scores keep full precision and show
//! one decimal); column widths are measured with unicode-width so Chinese fits; the ranking
//! prints on A4 landscape, one page wide, with its header on every page.

use crate::catalog;
use crate::diag::{Diagnostic, Severity};
use crate::load::Batch;
use crate::ranking::{self, Assessment, GroupBy, ResultRow};
use crate::scheme::{GradeBy, Scheme, Weights};
use crate::score::Source;
use crate::value::Status;
use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormat3ColorScale, ConditionalFormatDataBar, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

/// What the report is made from.
pub struct ReportInput<'a> {
    pub title: String,
    pub assessment: &'a Assessment,
    pub scheme: &'a Scheme,
    pub group_by: GroupBy,
    pub diagnostics: &'a [Diagnostic],
    pub batch: &'a Batch,
}

/// Sheet names, in order.
pub const SHEETS: [&str; 7] = [
    "排名",
    "分项得分",
    "原始数据",
    "同比变化",
    "数据问题",
    "评分方案",
    "图表",
];

const GREEN: u32 = 0xC6EFCE;
const GREEN_TEXT: u32 = 0x006100;
const RED: u32 = 0xFFC7CE;
const RED_TEXT: u32 = 0x9C0006;
const YELLOW: u32 = 0xFFEB9C;
const GREY: u32 = 0xEDEDED;
const BLUE: u32 = 0xDDEBF7;
const HEAD: u32 = 0xD9E1F2;

/// The formats of the report.
struct Styles {
    title: Format,
    subtitle: Format,
    head: Format,
    text: Format,
    wrap: Format,
    int: Format,
    score: Format,
    value: Format,
    delta: Format,
    good: Format,
    bad: Format,
    mid: Format,
    missing: Format,
    na: Format,
    invalid: Format,
    section: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_name("等线")
            .set_font_size(10.5);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_name("等线")
                .set_align(FormatAlign::Center),
            subtitle: Format::new()
                .set_font_size(10)
                .set_font_name("等线")
                .set_font_color(0x595959),
            head: cell
                .clone()
                .set_bold()
                .set_background_color(HEAD)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap(),
            int: cell
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Center),
            score: cell.clone().set_num_format("0.0"),
            value: cell.clone().set_num_format("General"),
            delta: cell.clone().set_num_format("+0.0;-0.0;0.0"),
            good: cell
                .clone()
                .set_background_color(GREEN)
                .set_font_color(GREEN_TEXT)
                .set_align(FormatAlign::Center),
            bad: cell
                .clone()
                .set_background_color(RED)
                .set_font_color(RED_TEXT)
                .set_align(FormatAlign::Center),
            mid: cell
                .clone()
                .set_background_color(YELLOW)
                .set_align(FormatAlign::Center),
            missing: cell
                .clone()
                .set_background_color(GREY)
                .set_font_color(0x7F7F7F),
            na: cell
                .clone()
                .set_background_color(BLUE)
                .set_font_color(0x1F4E79),
            invalid: cell.set_background_color(RED).set_font_color(RED_TEXT),
            section: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_name("等线"),
        }
    }
}

/// A worksheet that remembers how wide each column's content is.
struct Grid<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<usize>,
}

impl<'a> Grid<'a> {
    fn new(ws: &'a mut Worksheet) -> Self {
        Grid {
            ws,
            widths: Vec::new(),
        }
    }

    fn fit(&mut self, col: u16, s: &str) {
        let w = s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        let c = usize::from(col);
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(w);
    }

    fn text(&mut self, r: u32, c: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        self.fit(c, s);
        self.ws.write_string_with_format(r, c, s, f)?;
        Ok(())
    }

    /// A header: wraps, so it does not widen the column beyond 12.
    fn head(&mut self, r: u32, c: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        let w = UnicodeWidthStr::width(s).min(10);
        self.fit(c, &"x".repeat(w));
        self.ws.write_string_with_format(r, c, s, f)?;
        Ok(())
    }

    fn num(&mut self, r: u32, c: u16, v: f64, f: &Format, shown: &str) -> Result<(), XlsxError> {
        self.fit(c, shown);
        self.ws.write_number_with_format(r, c, v, f)?;
        Ok(())
    }

    fn opt(
        &mut self,
        r: u32,
        c: u16,
        v: Option<f64>,
        f: &Format,
        blank: &Format,
    ) -> Result<(), XlsxError> {
        match v {
            Some(x) => self.num(r, c, x, f, &format!("{x:.1}")),
            None => {
                self.ws.write_blank(r, c, blank)?;
                Ok(())
            }
        }
    }

    /// Set every column's width from its content, within limits.
    fn finish(self, min: usize, max: usize) -> Result<(), XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            let w = (*w + 2).clamp(min, max);
            self.ws.set_column_width(c as u16, w as f64)?;
        }
        Ok(())
    }
}

/// A4 landscape, header rows on every page, page x of y. Narrow sheets print one page wide;
/// wide ones (item by item) print across pages with their first `keep_cols` columns repeated.
fn print_setup(
    ws: &mut Worksheet,
    header_row: u32,
    keep_cols: Option<u16>,
) -> Result<(), XlsxError> {
    ws.set_landscape()
        .set_paper_size(9)
        .set_footer("&C第 &P 页，共 &N 页")
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    match keep_cols {
        None => {
            ws.set_print_fit_to_pages(1, 0);
        }
        Some(n) => {
            ws.set_repeat_columns(0, n - 1)?;
        }
    }
    ws.set_repeat_rows(0, header_row)?;
    Ok(())
}

/// The grade format by tier: the first tier green, the last red, the others yellow.
fn grade_format<'s>(st: &'s Styles, scheme: &Scheme, grade: &str) -> &'s Format {
    let tiers = &scheme.grade.tiers;
    match tiers.iter().position(|t| t.label == grade) {
        Some(0) if tiers.len() > 1 => &st.good,
        Some(i) if i + 1 == tiers.len() && tiers.len() > 1 => &st.bad,
        Some(_) => &st.mid,
        None => &st.text,
    }
}

/// Write the report; returns the .xlsx bytes.
pub fn write(input: &ReportInput<'_>) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(&input.title)
            .set_author("assess"),
    );
    ranking_sheet(wb.add_worksheet().set_name(SHEETS[0])?, input, &st)?;
    scores_sheet(wb.add_worksheet().set_name(SHEETS[1])?, input, &st)?;
    values_sheet(wb.add_worksheet().set_name(SHEETS[2])?, input, &st)?;
    changes_sheet(wb.add_worksheet().set_name(SHEETS[3])?, input, &st)?;
    problems_sheet(wb.add_worksheet().set_name(SHEETS[4])?, input, &st)?;
    scheme_sheet(wb.add_worksheet().set_name(SHEETS[5])?, input, &st)?;
    charts_sheet(wb.add_worksheet().set_name(SHEETS[6])?, input, &st)?;
    wb.save_to_buffer()
}

fn method_line(input: &ReportInput<'_>) -> String {
    let a = input.assessment;
    let weights = match input.scheme.weights {
        Weights::Scheme => "方案权重",
        Weights::Entropy => "熵权",
    };
    let baseline = a
        .results
        .iter()
        .find_map(|r| r.yoy.as_ref().map(|y| y.baseline.clone()));
    format!(
        "评估期间：{}　评分方法：{}（{}）　参评：{}个{}{}",
        a.period,
        input.scheme.method.label(),
        weights,
        a.results.len(),
        if input.group_by == GroupBy::None {
            String::new()
        } else {
            format!("　分组：按{}", input.group_by.label())
        },
        baseline
            .map(|b| format!("　同比基期：{b}"))
            .unwrap_or_default()
    )
}

/// Column headings of the ranking.
fn ranking_columns(grouped: bool) -> Vec<String> {
    let mut h: Vec<String> = Vec::new();
    if grouped {
        h.push("分组".into());
    }
    h.extend(["排名", "等级", "旗县区", "医院", "专科", "总分"].map(String::from));
    h.extend(catalog::area_names().iter().map(|a| a.to_string()));
    h.extend(["总分变化", "名次变化"].map(String::from));
    h
}

fn ranking_sheet(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let grouped = input.group_by != GroupBy::None;
    let cols = ranking_columns(grouped);
    let last = (cols.len() - 1) as u16;
    ws.merge_range(0, 0, 0, last, &input.title, &st.title)?;
    ws.set_row_height(0, 28)?;
    ws.merge_range(1, 0, 1, last, &method_line(input), &st.subtitle)?;
    let hr = 3u32;
    let mut g = Grid::new(ws);
    for (c, h) in cols.iter().enumerate() {
        g.head(hr, c as u16, h, &st.head)?;
    }
    let rows = &input.assessment.results;
    let off = u16::from(grouped);
    let mut prev_group = "";
    let boundary = Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_top(FormatBorder::Medium);
    for (i, r) in rows.iter().enumerate() {
        let row = hr + 1 + i as u32;
        if grouped {
            let f = if r.group != prev_group && i > 0 {
                &boundary
            } else {
                &st.text
            };
            g.text(row, 0, &r.group, f)?;
            prev_group = &r.group;
        }
        match r.rank {
            Some(k) => g.num(row, off, k as f64, &st.int, &k.to_string())?,
            None => g.text(row, off, "—", &st.text)?,
        }
        let grade = r.grade.clone().unwrap_or_default();
        g.text(row, off + 1, &grade, grade_format(st, input.scheme, &grade))?;
        g.text(row, off + 2, r.county.as_deref().unwrap_or(""), &st.text)?;
        g.text(row, off + 3, r.hospital.as_deref().unwrap_or(""), &st.text)?;
        g.text(row, off + 4, r.specialty.as_deref().unwrap_or(""), &st.text)?;
        g.opt(row, off + 5, r.total, &st.score, &st.text)?;
        for a in 1..=4u16 {
            g.opt(
                row,
                off + 5 + a,
                r.areas[&a.to_string()],
                &st.score,
                &st.text,
            )?;
        }
        let y = r.yoy.as_ref();
        g.opt(
            row,
            off + 10,
            y.and_then(|y| y.total_change),
            &st.delta,
            &st.text,
        )?;
        match y.and_then(|y| y.rank_change) {
            Some(d) => g.num(
                row,
                off + 11,
                d as f64,
                &st.delta.clone().set_num_format("↑0;↓0;—"),
                "↑00",
            )?,
            None => {
                g.ws.write_blank(row, off + 11, &st.text)?;
            }
        }
    }
    let last_row = hr + rows.len().max(1) as u32;
    if !rows.is_empty() {
        g.ws.add_conditional_format(
            hr + 1,
            off + 5,
            last_row,
            off + 5,
            &ConditionalFormatDataBar::new().set_fill_color(0x5B9BD5),
        )?;
        g.ws.autofilter(hr, 0, last_row, last)?;
    }
    // Notes under the table, in the survey's language.
    let mut note_row = last_row + 2;
    for r in rows.iter().filter(|r| r.cohort_size == 1) {
        g.ws.write_string(note_row, 0, format!(
            "说明：{} {} 是其分组（{}）中唯一的参评单位，不排名、不计总分；其数值、标杆得分和同比变化见其他工作表。",
            r.hospital.as_deref().unwrap_or("?"),
            r.specialty.as_deref().unwrap_or("?"),
            r.group
        ))?;
        note_row += 1;
    }
    let mut small: Vec<(&str, usize)> = rows
        .iter()
        .filter(|r| r.cohort_size > 1 && r.cohort_size < input.scheme.small_cohort)
        .map(|r| (r.group.as_str(), r.cohort_size))
        .collect();
    small.dedup();
    for (grp, n) in small {
        g.ws.write_string(
            note_row,
            0,
            format!(
                "说明：{grp} 仅{n}个参评单位（少于{}个），排名仅供参考。",
                input.scheme.small_cohort
            ),
        )?;
        note_row += 1;
    }
    g.ws.set_freeze_panes(hr + 1, 0)?;
    print_setup(g.ws, hr, None)?;
    g.finish(6, 40)?;
    Ok(())
}

fn scores_sheet(ws: &mut Worksheet, input: &ReportInput<'_>, st: &Styles) -> Result<(), XlsxError> {
    let a = input.assessment;
    let scored: Vec<usize> = a
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| i.scored())
        .map(|(j, _)| j)
        .collect();
    let last = (3 + scored.len()) as u16 - 1;
    ws.merge_range(
        0,
        0,
        0,
        last.min(15),
        &format!("{} · 分项得分（0–100）", input.title),
        &st.title,
    )?;
    ws.merge_range(1, 0, 1, last.min(15), &method_line(input), &st.subtitle)?;
    let (ar, hr) = (2u32, 3u32);
    let mut g = Grid::new(ws);
    for (c, h) in ["排名", "医院", "专科"].iter().enumerate() {
        g.ws.merge_range(ar, c as u16, hr, c as u16, h, &st.head)?;
        g.fit(c as u16, h);
    }
    // Area bands over the indicators.
    let mut c = 3u16;
    for area in 1..=4u8 {
        let n = scored
            .iter()
            .filter(|&&j| a.indicators[j].area == area)
            .count() as u16;
        if n == 0 {
            continue;
        }
        let name = catalog::area_names()[usize::from(area) - 1];
        if n > 1 {
            g.ws.merge_range(ar, c, ar, c + n - 1, name, &st.head)?;
        } else {
            g.ws.write_string_with_format(ar, c, name, &st.head)?;
        }
        c += n;
    }
    let mut ordered = scored.clone();
    ordered.sort_by_key(|&j| a.indicators[j].area);
    for (k, &j) in ordered.iter().enumerate() {
        let ind = &a.indicators[j];
        g.head(
            hr,
            3 + k as u16,
            &format!("{} {}", ind.id, ind.name),
            &st.head,
        )?;
    }
    g.ws.set_row_height(hr, 60)?;
    for (i, r) in a.results.iter().enumerate() {
        let row = hr + 1 + i as u32;
        match r.rank {
            Some(k) => g.num(row, 0, k as f64, &st.int, &k.to_string())?,
            None => g.text(row, 0, "—", &st.text)?,
        }
        g.text(row, 1, r.hospital.as_deref().unwrap_or(""), &st.text)?;
        g.text(row, 2, r.specialty.as_deref().unwrap_or(""), &st.text)?;
        for (k, &j) in ordered.iter().enumerate() {
            g.opt(row, 3 + k as u16, r.items[j].score, &st.score, &st.text)?;
        }
    }
    if !a.results.is_empty() && !ordered.is_empty() {
        let lr = hr + a.results.len() as u32;
        g.ws.add_conditional_format(
            hr + 1,
            3,
            lr,
            2 + ordered.len() as u16,
            &ConditionalFormat3ColorScale::new(),
        )?;
    }
    g.ws.set_freeze_panes(hr + 1, 3)?;
    print_setup(g.ws, hr, Some(3))?;
    g.finish(6, 30)?;
    Ok(())
}

fn values_sheet(ws: &mut Worksheet, input: &ReportInput<'_>, st: &Styles) -> Result<(), XlsxError> {
    let subs = ranking::submissions(input.batch);
    let fixed = ["文件", "工作表", "旗县区", "医院", "专科", "期间"];
    ws.merge_range(
        0,
        0,
        0,
        10,
        &format!("{} · 原始数据", input.title),
        &st.title,
    )?;
    ws.merge_range(
        1,
        0,
        1,
        10,
        "按各单位填报原样读取。灰色：缺失；蓝色：不适用；红色：无效（无法识别为数字）。",
        &st.subtitle,
    )?;
    let hr = 3u32;
    let mut g = Grid::new(ws);
    for (c, h) in fixed.iter().enumerate() {
        g.head(hr, c as u16, h, &st.head)?;
    }
    let base = fixed.len() as u16;
    for it in catalog::items() {
        let unit = if it.unit.is_empty() {
            String::new()
        } else {
            format!("（{}）", it.unit)
        };
        g.head(
            hr,
            base + u16::from(it.no) - 1,
            &format!("{} {}{unit}", it.no, it.name),
            &st.head,
        )?;
    }
    g.ws.set_row_height(hr, 75)?;
    for (i, s) in subs.iter().enumerate() {
        let row = hr + 1 + i as u32;
        let u = &s.survey.unit;
        g.text(row, 0, &s.survey.file, &st.text)?;
        g.text(row, 1, &s.survey.sheet, &st.text)?;
        g.text(row, 2, u.county.as_deref().unwrap_or(""), &st.text)?;
        g.text(row, 3, u.hospital.as_deref().unwrap_or(""), &st.text)?;
        g.text(row, 4, u.specialty.as_deref().unwrap_or(""), &st.text)?;
        g.text(row, 5, &s.period().to_string(), &st.text)?;
        for (k, v) in s.values().iter().enumerate() {
            let c = base + k as u16;
            match (v.status, v.value) {
                (Status::Ok, Some(x)) => {
                    g.num(row, c, x, &st.value, &crate::text::fmt_number(x))?
                }
                (Status::Missing, _) => g.text(
                    row,
                    c,
                    v.detail.as_deref().unwrap_or(Status::Missing.label()),
                    &st.missing,
                )?,
                (Status::Na, _) => g.text(row, c, Status::Na.label(), &st.na)?,
                _ => g.text(
                    row,
                    c,
                    &format!("{}：{}", Status::Invalid.label(), v.raw),
                    &st.invalid,
                )?,
            }
        }
    }
    let lr = hr + subs.len().max(1) as u32;
    g.ws.autofilter(hr, 0, lr, base + 68)?;
    g.ws.set_freeze_panes(hr + 1, 5)?;
    print_setup(g.ws, hr, Some(6))?;
    g.finish(6, 40)?;
    Ok(())
}

fn changes_sheet(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let a = input.assessment;
    let cols = [
        "医院",
        "专科",
        "期间",
        "基期",
        "指标",
        "基期值",
        "本期值",
        "变化",
        "变化%",
        "趋势",
    ];
    ws.merge_range(
        0,
        0,
        0,
        9,
        &format!("{} · 同比变化", input.title),
        &st.title,
    )?;
    ws.merge_range(1, 0, 1, 9, "变化 = 本期 − 基期；变化% = 变化 ÷ |基期| × 100。绿色：改善；红色：下降（按指标方向判断）。", &st.subtitle)?;
    let hr = 3u32;
    let mut g = Grid::new(ws);
    for (c, h) in cols.iter().enumerate() {
        g.head(hr, c as u16, h, &st.head)?;
    }
    let mut row = hr + 1;
    for r in &a.results {
        let Some(y) = &r.yoy else { continue };
        for ch in y.changes.iter().filter(|c| c.delta.is_some()) {
            let f = match ch.trend {
                Some(crate::yoy::Trend::Improved) => &st.good,
                Some(crate::yoy::Trend::Worsened) => &st.bad,
                _ => &st.text,
            };
            g.text(row, 0, r.hospital.as_deref().unwrap_or(""), &st.text)?;
            g.text(row, 1, r.specialty.as_deref().unwrap_or(""), &st.text)?;
            g.text(row, 2, &r.period, &st.text)?;
            g.text(row, 3, &y.baseline, &st.text)?;
            g.text(row, 4, &format!("{} {}", ch.id, ch.name), &st.text)?;
            for (c, v) in [(5u16, ch.baseline), (6, ch.current)] {
                if let Some(x) = v {
                    g.num(row, c, x, &st.value, &crate::text::fmt_number(x))?;
                }
            }
            let d = ch.delta.unwrap_or(0.0);
            g.num(
                row,
                7,
                d,
                &f.clone().set_num_format("+0.##;-0.##;0"),
                &crate::text::fmt_number(d),
            )?;
            match ch.delta_pct {
                Some(p) => g.num(
                    row,
                    8,
                    p,
                    &f.clone().set_num_format("+0.0\"%\";-0.0\"%\";0.0\"%\""),
                    "+000.0%",
                )?,
                None => g.text(row, 8, "", f)?,
            }
            g.text(row, 9, ch.trend.map(|t| t.label()).unwrap_or(""), f)?;
            row += 1;
        }
    }
    if row == hr + 1 {
        g.ws.write_string(row, 0, "本期参评单位均无上年同期数据。")?;
    } else {
        g.ws.autofilter(hr, 0, row - 1, 9)?;
    }
    g.ws.set_freeze_panes(hr + 1, 0)?;
    print_setup(g.ws, hr, None)?;
    g.finish(6, 44)?;
    Ok(())
}

fn problems_sheet(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let cols = [
        "文件",
        "工作表",
        "单元格",
        "指标",
        "名称",
        "期间",
        "级别",
        "规则",
        "说明",
    ];
    let errors = input
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    ws.merge_range(
        0,
        0,
        0,
        8,
        &format!("{} · 数据问题", input.title),
        &st.title,
    )?;
    ws.merge_range(1, 0, 1, 8, &format!(
        "共{}条：错误{}条（数值不可能正确），警告{}条（请核实）。涉及的数值在评分中按缺失处理或照录，请会前核实。",
        input.diagnostics.len(),
        errors,
        input.diagnostics.len() - errors
    ), &st.subtitle)?;
    let hr = 3u32;
    let mut g = Grid::new(ws);
    for (c, h) in cols.iter().enumerate() {
        g.head(hr, c as u16, h, &st.head)?;
    }
    for (i, d) in input.diagnostics.iter().enumerate() {
        let row = hr + 1 + i as u32;
        g.text(row, 0, &d.file, &st.text)?;
        g.text(row, 1, d.sheet.as_deref().unwrap_or(""), &st.text)?;
        g.text(row, 2, d.cell.as_deref().unwrap_or(""), &st.text)?;
        match d.item {
            Some(n) => g.num(row, 3, f64::from(n), &st.int, "00")?,
            None => g.text(row, 3, "", &st.text)?,
        }
        g.text(row, 4, d.name.as_deref().unwrap_or(""), &st.text)?;
        g.text(row, 5, d.period.as_deref().unwrap_or(""), &st.text)?;
        let sev = if d.severity == Severity::Error {
            &st.bad
        } else {
            &st.mid
        };
        g.text(row, 6, d.severity.label(), sev)?;
        g.text(row, 7, d.rule, &st.text)?;
        g.fit(8, &"x".repeat(60));
        g.ws.write_string_with_format(row, 8, &d.message, &st.wrap)?;
    }
    if input.diagnostics.is_empty() {
        g.ws.write_string(hr + 1, 0, "未发现数据问题。")?;
    } else {
        g.ws.autofilter(hr, 0, hr + input.diagnostics.len() as u32, 8)?;
    }
    g.ws.set_freeze_panes(hr + 1, 0)?;
    print_setup(g.ws, hr, None)?;
    g.finish(6, 62)?;
    Ok(())
}

fn scheme_sheet(ws: &mut Worksheet, input: &ReportInput<'_>, st: &Styles) -> Result<(), XlsxError> {
    let s = input.scheme;
    let a = input.assessment;
    let mut g = Grid::new(ws);
    g.ws.merge_range(
        0,
        0,
        0,
        8,
        &format!("{} · 评分方案与本次运行", input.title),
        &st.title,
    )?;
    let mut row = 2u32;
    let kv = |g: &mut Grid<'_>, row: &mut u32, k: &str, v: &str| -> Result<(), XlsxError> {
        g.text(*row, 0, k, &st.head)?;
        g.text(*row, 1, v, &st.text)?;
        *row += 1;
        Ok(())
    };
    g.ws.write_string_with_format(row, 0, "评分方法", &st.section)?;
    row += 1;
    kv(&mut g, &mut row, "评估期间", &a.period)?;
    kv(
        &mut g,
        &mut row,
        "方法",
        &format!("{}（{}）", s.method.label(), s.method.as_str()),
    )?;
    kv(
        &mut g,
        &mut row,
        "权重",
        match s.weights {
            Weights::Scheme => "方案权重（scheme）",
            Weights::Entropy => "熵权法（entropy，按参评单位数据计算）",
        },
    )?;
    kv(&mut g, &mut row, "分组", input.group_by.label())?;
    kv(
        &mut g,
        &mut row,
        "等级规则",
        &match s.grade.by {
            GradeBy::Position => format!(
                "按名次位置 p = (n − r + 0.5) / n：{}",
                s.grade
                    .tiers
                    .iter()
                    .map(|t| format!("{} p ≥ {}", t.label, t.min))
                    .collect::<Vec<_>>()
                    .join("；")
            ),
            GradeBy::Total => format!(
                "按总分：{}",
                s.grade
                    .tiers
                    .iter()
                    .map(|t| format!("{} ≥ {}", t.label, t.min))
                    .collect::<Vec<_>>()
                    .join("；")
            ),
        },
    )?;
    kv(
        &mut g,
        &mut row,
        "并列",
        &format!("总分相差不超过 {} 视为并列（1, 2, 2, 4）", s.tie_tolerance),
    )?;
    kv(&mut g, &mut row, "项目得分", "设标杆值的指标：达到满分值得100分、达到零分值得0分、其间线性；其余指标按参评单位最小–最大值换算为0–100。缺失计0分，不适用不计入。")?;
    row += 1;
    g.ws.write_string_with_format(row, 0, "一级指标权重", &st.section)?;
    row += 1;
    for area in 1..=4u8 {
        g.text(
            row,
            0,
            catalog::area_names()[usize::from(area) - 1],
            &st.head,
        )?;
        g.num(row, 1, s.area_weight(area), &st.value, "000")?;
        row += 1;
    }
    row += 1;
    g.ws.write_string_with_format(row, 0, "计分指标", &st.section)?;
    row += 1;
    for (c, h) in [
        "编号",
        "指标",
        "一级指标",
        "单位",
        "方向",
        "权重",
        "满分值",
        "零分值",
        "计分方式",
    ]
    .iter()
    .enumerate()
    {
        g.head(row, c as u16, h, &st.head)?;
    }
    row += 1;
    for ind in a.indicators.iter().filter(|i| i.scored()) {
        // Item numbers as numbers, so Excel does not flag "number stored as text".
        match ind.id.parse::<f64>() {
            Ok(no) => g.num(row, 0, no, &st.int, &ind.id)?,
            Err(_) => g.text(row, 0, &ind.id, &st.text)?,
        }
        let name = match &ind.source {
            Source::Item(_) => ind.name.clone(),
            Source::Ratio { num, den, scale } => format!(
                "{}（({}) ÷ ({}) × {}）",
                ind.name,
                num.iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join("+"),
                den.iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join("+"),
                crate::text::fmt_number(*scale)
            ),
        };
        g.text(row, 1, &name, &st.text)?;
        g.text(
            row,
            2,
            catalog::area_names()[usize::from(ind.area) - 1],
            &st.text,
        )?;
        g.text(row, 3, &ind.unit, &st.text)?;
        g.text(row, 4, ind.direction.label(), &st.text)?;
        g.num(row, 5, ind.weight, &st.value, "0.0")?;
        if let Some((full, zero)) = ind.bench {
            g.num(row, 6, full, &st.value, "000")?;
            g.num(row, 7, zero, &st.value, "000")?;
            g.text(row, 8, "标杆值", &st.text)?;
        } else {
            g.text(row, 8, "最小–最大值", &st.text)?;
        }
        row += 1;
    }
    row += 1;
    g.ws.write_string_with_format(row, 0, "本次运行", &st.section)?;
    row += 1;
    let b = input.batch;
    let errors = input
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let subs = ranking::submissions(b).len();
    kv(
        &mut g,
        &mut row,
        "读取文件",
        &format!(
            "{} 个（另跳过非表格文件 {} 个）",
            b.files_read(),
            b.files.len() - b.files_read()
        ),
    )?;
    kv(
        &mut g,
        &mut row,
        "调查表",
        &format!(
            "{} 张，{} 份提交（调查表 × 期间）",
            b.surveys().count(),
            subs
        ),
    )?;
    kv(
        &mut g,
        &mut row,
        "数据问题",
        &format!(
            "错误 {} 条，警告 {} 条",
            errors,
            input.diagnostics.len() - errors
        ),
    )?;
    kv(
        &mut g,
        &mut row,
        "期间",
        &a.periods
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("、"),
    )?;
    kv(
        &mut g,
        &mut row,
        "程序",
        &format!("assess {}", env!("CARGO_PKG_VERSION")),
    )?;
    row += 1;
    for (c, h) in ["文件", "状态"].iter().enumerate() {
        g.head(row, c as u16, h, &st.head)?;
    }
    row += 1;
    for f in b.files.iter() {
        let status = if f.skipped.is_some() {
            "跳过（不是表格文件）".to_string()
        } else if f.diagnostics.iter().any(|d| d.is_file_level()) {
            "无法读取（见数据问题）".to_string()
        } else {
            format!("已读取，调查表 {} 张", f.surveys.len())
        };
        g.text(row, 0, &f.file, &st.text)?;
        g.text(row, 1, &status, &st.text)?;
        row += 1;
    }
    g.ws.set_column_width(0, 14)?;
    print_setup(g.ws, 0, None)?;
    g.finish(8, 60)?;
    Ok(())
}

fn charts_sheet(ws: &mut Worksheet, input: &ReportInput<'_>, st: &Styles) -> Result<(), XlsxError> {
    let a = input.assessment;
    let ranked: Vec<&ResultRow> = a.results.iter().filter(|r| r.total.is_some()).collect();
    let mut g = Grid::new(ws);
    g.ws.merge_range(0, 0, 0, 12, &format!("{} · 图表", input.title), &st.title)?;
    if ranked.is_empty() {
        g.ws.write_string(2, 0, "没有可排名的参评单位（每个分组仅一个单位），无图表。")?;
        return g.finish(8, 40);
    }
    // Data for the bar chart: totals in rank order.
    let hr = 2u32;
    g.head(hr, 0, "单位", &st.head)?;
    g.head(hr, 1, "总分", &st.head)?;
    for (i, r) in ranked.iter().enumerate() {
        let label = if input.group_by == GroupBy::None {
            r.unit_label()
        } else {
            format!("{}（{}）", r.unit_label(), r.group)
        };
        g.text(hr + 1 + i as u32, 0, &label, &st.text)?;
        g.opt(hr + 1 + i as u32, 1, r.total, &st.score, &st.text)?;
    }
    let last = hr + ranked.len() as u32;
    let mut bar = Chart::new(ChartType::Bar);
    bar.title().set_name("总分（按排名）");
    bar.add_series()
        .set_categories((SHEETS[6], hr + 1, 0, last, 0))
        .set_values((SHEETS[6], hr + 1, 1, last, 1))
        .set_name("总分");
    // In a bar chart the value axis is horizontal (x) and the categories run up the y axis:
    // reverse them so the first rank is on top.
    bar.x_axis().set_min(0).set_max(100);
    bar.y_axis().set_reverse();
    bar.legend().set_hidden();
    bar.set_width(640)
        .set_height((120 + 26 * ranked.len() as u32).clamp(300, 1400));
    g.ws.insert_chart(hr, 4, &bar)?;

    // Radar: area scores of the top submissions (the first of each group when grouped).
    let top: Vec<&ResultRow> = if input.group_by == GroupBy::None {
        ranked.iter().take(5).copied().collect()
    } else {
        let mut seen = std::collections::BTreeSet::new();
        ranked
            .iter()
            .filter(|r| seen.insert(r.group.clone()))
            .take(6)
            .copied()
            .collect()
    };
    let rr = last + 3;
    g.head(rr, 0, "一级指标", &st.head)?;
    for (k, r) in top.iter().enumerate() {
        g.head(rr, 1 + k as u16, &r.unit_label(), &st.head)?;
    }
    for area in 1..=4u8 {
        let row = rr + u32::from(area);
        g.text(
            row,
            0,
            catalog::area_names()[usize::from(area) - 1],
            &st.text,
        )?;
        for (k, r) in top.iter().enumerate() {
            g.opt(
                row,
                1 + k as u16,
                r.areas[&area.to_string()],
                &st.score,
                &st.text,
            )?;
        }
    }
    let mut radar = Chart::new(ChartType::Radar);
    radar.title().set_name(if input.group_by == GroupBy::None {
        "一级指标得分（前几名）"
    } else {
        "一级指标得分（各组第一名）"
    });
    for k in 0..top.len() as u16 {
        radar
            .add_series()
            .set_categories((SHEETS[6], rr + 1, 0, rr + 4, 0))
            .set_values((SHEETS[6], rr + 1, 1 + k, rr + 4, 1 + k))
            .set_name((SHEETS[6], rr, 1 + k));
    }
    radar.set_width(640).set_height(420);
    g.ws.insert_chart(rr + 7, 0, &radar)?;
    g.ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 1);
    g.finish(8, 40)?;
    Ok(())
}
