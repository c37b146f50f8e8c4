//! The report's sheets other than the charts: 排名, the three data sheets (through
//! [`super::matrix`]), 数据问题 and 评分方案.

use super::matrix::{Line, Matrix, Out, Unit};
use super::{method_line, ReportInput};
use crate::assess::{Assessment, GroupBy, ResultRow};
use crate::diag::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::messages::message;
use crate::output::ranking::{note, rank_change};
use crate::output::xlsx::{excel_text, print_setup, wrapped_lines, Grid, Print, Styles};
use crate::scheme::GradeBy;
use crate::score::Source;
use crate::text::fmt_number;
use crate::value::Status;
use crate::yoy::Trend;
use rust_xlsxwriter::{ConditionalFormatDataBar, Format, Worksheet, XlsxError};

/// The grade format by tier: the first tier green, the last red, the others yellow.
fn grade_format<'s>(st: &'s Styles, a: &Assessment<'_>, grade: &str) -> &'s Format {
    let tiers = &a.scheme.grade.tiers;
    match tiers.iter().position(|t| t.label == grade) {
        Some(0) if tiers.len() > 1 => &st.good,
        Some(i) if i + 1 == tiers.len() && tiers.len() > 1 => &st.bad,
        Some(_) => &st.mid,
        None => &st.text,
    }
}

/// `中医医院` from `北岭旗中医医院` when every unit shares the county.
fn short_hospital<'a>(a: &Assessment<'_>, h: &'a str) -> &'a str {
    a.common_county()
        .and_then(|c| h.strip_prefix(c))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(h)
}

/// The short key of a result: `1 中医医院 重症医学科`.
fn unit_label(a: &Assessment<'_>, r: &ResultRow<'_>) -> String {
    let u = r.unit();
    format!(
        "{}{}\n{}",
        r.rank.map(|k| format!("{k} ")).unwrap_or_default(),
        short_hospital(a, u.hospital.as_deref().unwrap_or("?")),
        u.specialty.as_deref().unwrap_or("?")
    )
}

/// Merged rows of notes under a table, each as tall as its wrapped text.
fn notes_below(
    g: &mut Grid<'_>,
    mut row: u32,
    last_col: u16,
    width: f64,
    notes: &[String],
    st: &Styles,
) -> Result<u32, XlsxError> {
    for n in notes {
        let text = excel_text(n);
        g.merged(row, (0, last_col), &text, &st.note)?;
        g.height(row, 13.0 * wrapped_lines(&text, width) as f64 + 3.0)?;
        row += 1;
    }
    Ok(row)
}

/// The ranking; `streamed`: its worksheet is written row by row (see `report::write`).
pub fn ranking(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
    streamed: bool,
) -> Result<(), XlsxError> {
    let a = input.assessment;
    let lang = input.lang;
    let grouped = a.group_by != GroupBy::None;
    let show_county = a.common_county().is_none();
    let targets = a.results.iter().any(|r| r.targets.is_some());
    let cols = ranking_columns(input, show_county, targets);
    let last = (cols.len() - 1) as u16;
    ws.merge_range(0, 0, 0, last, &excel_text(&input.title), &st.title)?;
    ws.set_row_height(0, 26)?;
    let line = method_line(a, lang);
    ws.merge_range(1, 0, 1, last, &excel_text(&line), &st.subtitle)?;
    ws.set_row_height(1, 15)?;
    let hr = 3u32;
    let mut g = Grid::new(ws);
    g.stream(streamed);
    for (c, h) in cols.iter().enumerate() {
        g.head(hr, c as u16, h, &st.head, 8)?;
    }
    let row_formats = RowFormats::new(st);
    for (i, r) in a.results.iter().enumerate() {
        let new_group = grouped && i > 0 && r.group != a.results[i - 1].group;
        let shape = RowShape {
            grouped,
            show_county,
            targets,
            new_group,
        };
        ranking_row(
            &mut g,
            hr + 1 + i as u32,
            r,
            input,
            &shape,
            &row_formats,
            st,
        )?;
    }
    let total_col = u16::from(grouped) + 2 + u16::from(show_county) + 2;
    let last_row = hr + a.results.len().max(1) as u32;
    if !a.results.is_empty() {
        g.ws.add_conditional_format(
            hr + 1,
            total_col,
            last_row,
            total_col,
            &ConditionalFormatDataBar::new().set_fill_color(0x5B9BD5),
        )?;
        g.ws.autofilter(hr, 0, last_row, last)?;
    }
    notes_below(
        &mut g,
        last_row + 2,
        last,
        110.0,
        &ranking_notes(a, lang),
        st,
    )?;
    g.ws.set_freeze_panes(hr + 1, 0)?;
    print_setup(
        g.ws,
        &Print {
            repeat_rows: Some((hr, hr)),
            ..Print::landscape(&input.title, lang, &input.date)
        },
    )?;
    g.finish(5, 28)
}

/// The ranking's columns: the group and the county only when they tell units apart, targets
/// and status only when the run has them.
fn ranking_columns(input: &ReportInput<'_>, show_county: bool, targets: bool) -> Vec<String> {
    let a = input.assessment;
    let lang = input.lang;
    let grouped = a.group_by != GroupBy::None;
    let status = input.status;
    let mut cols: Vec<String> = Vec::new();
    if grouped {
        cols.push(lang.pick("分组", "Group").into());
    }
    cols.extend([lang.pick("排名", "Rank"), lang.pick("等级", "Grade")].map(String::from));
    if show_county {
        cols.push(lang.pick("旗县区", "County").into());
    }
    cols.extend(
        [
            lang.pick("医院", "Hospital"),
            lang.pick("专科", "Specialty"),
            lang.pick("总分", "Total"),
        ]
        .map(String::from),
    );
    cols.extend(a.form.areas().iter().map(|ar| ar.short(lang).to_string()));
    cols.extend(
        [
            lang.pick("总分变化", "Change"),
            lang.pick("名次变化", "Rank move"),
            lang.pick("数据问题", "Data errors"),
        ]
        .map(String::from),
    );
    if targets {
        cols.push(lang.pick("目标达成", "Targets met").into());
    }
    if status.is_some() {
        cols.push(lang.pick("建设状态", "Status").into());
    }
    cols
}

/// Which of the optional columns a ranking row has.
struct RowShape {
    grouped: bool,
    show_county: bool,
    targets: bool,
    /// The first row of a group after another: a rule above it.
    new_group: bool,
}

struct RowFormats {
    boundary: Format,
    errors: Format,
    centred: Format,
}

impl RowFormats {
    fn new(st: &Styles) -> RowFormats {
        RowFormats {
            boundary: st
                .text
                .clone()
                .set_border_top(rust_xlsxwriter::FormatBorder::Medium),
            errors: st.bad.clone(),
            centred: st
                .text
                .clone()
                .set_align(rust_xlsxwriter::FormatAlign::Center),
        }
    }
}

/// One unit's row of the ranking: who it is, then its results.
fn ranking_row(
    g: &mut Grid<'_>,
    row: u32,
    r: &ResultRow<'_>,
    input: &ReportInput<'_>,
    shape: &RowShape,
    f: &RowFormats,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut c = Cursor { row, col: 0 };
    who_cells(g, &mut c, r, input, shape, f, st)?;
    result_cells(g, &mut c, r, input, shape, f, st)
}

/// A row being written, and its next column.
struct Cursor {
    row: u32,
    col: u16,
}

impl Cursor {
    fn next(&mut self) -> u16 {
        self.col += 1;
        self.col - 1
    }
}

/// A ranking row's first cells: group, rank, grade, county, hospital, specialty.
fn who_cells(
    g: &mut Grid<'_>,
    c: &mut Cursor,
    r: &ResultRow<'_>,
    input: &ReportInput<'_>,
    shape: &RowShape,
    f: &RowFormats,
    st: &Styles,
) -> Result<(), XlsxError> {
    let row = c.row;
    let a = input.assessment;
    if shape.grouped {
        let gf = if shape.new_group {
            &f.boundary
        } else {
            &st.text
        };
        g.text(row, c.next(), &r.group, gf)?;
    }
    let rc = c.next();
    match r.rank {
        Some(k) => g.num(row, rc, k as f64, &st.int, &k.to_string())?,
        None => g.text(row, rc, "—", &f.centred)?,
    }
    let grade = r.grade.clone().unwrap_or_default();
    g.text(
        row,
        c.next(),
        crate::scheme::grade_label(&grade, input.lang),
        grade_format(st, a, &grade),
    )?;
    let u = r.unit();
    if shape.show_county {
        g.text(row, c.next(), u.county.as_deref().unwrap_or(""), &st.text)?;
    }
    g.text(row, c.next(), u.hospital.as_deref().unwrap_or(""), &st.text)?;
    g.text(
        row,
        c.next(),
        u.specialty.as_deref().unwrap_or(""),
        &st.text,
    )
}

/// A ranking row's results: total, area scores, the change since last year, errors, targets
/// met and designation status.
fn result_cells(
    g: &mut Grid<'_>,
    c: &mut Cursor,
    r: &ResultRow<'_>,
    input: &ReportInput<'_>,
    shape: &RowShape,
    f: &RowFormats,
    st: &Styles,
) -> Result<(), XlsxError> {
    let row = c.row;
    let lang = input.lang;
    g.opt(row, c.next(), r.total, &st.score, &st.text)?;
    for s in &r.areas {
        g.opt(row, c.next(), *s, &st.score, &st.text)?;
    }
    let y = r.yoy.as_ref();
    g.opt(
        row,
        c.next(),
        y.and_then(|y| y.total_change),
        &st.delta,
        &st.text,
    )?;
    g.text(
        row,
        c.next(),
        &rank_change(y.and_then(|y| y.rank_change), lang),
        &f.centred,
    )?;
    let ec = c.next();
    if r.errors > 0 {
        g.num(row, ec, r.errors as f64, &f.errors, "00")?;
    } else {
        g.blank(row, ec, &st.text)?;
    }
    if shape.targets {
        let xc = c.next();
        match &r.targets {
            Some(t) => g.text(row, xc, &format!("{}/{}", t.met, t.set), &f.centred)?,
            None => g.blank(row, xc, &st.text)?,
        }
    }
    if let Some(t) = input.status {
        let text = t
            .of(r.unit())
            .map(|s| super::decisions::status_text(s, lang))
            .unwrap_or_default();
        g.text(row, c.next(), &text, &st.text)?;
    }
    Ok(())
}

/// The notes under the ranking, each with its label.
fn ranking_notes(a: &Assessment<'_>, lang: Lang) -> Vec<String> {
    let mut notes: Vec<String> = a.notes.iter().map(|n| note(n, lang)).collect();
    if a.results.iter().any(|r| r.errors > 0) {
        // That a rank rests on wrong data is said only when a unit with errors is ranked.
        let ranked = a.results.iter().any(|r| r.errors > 0 && r.rank.is_some());
        notes.push(
            match (ranked, lang) {
                (true, Lang::Zh) => "“数据问题”为该单位本期数据的错误数：其排名建立在有错误的数据上，会前请核实（见“数据问题”工作表）。",
                (true, Lang::En) => "“Data errors” counts the errors in a unit's data for the period: its rank rests on cells that could not be read right; check them before the meeting (sheet “Data problems”).",
                (false, Lang::Zh) => "“数据问题”为该单位本期数据的错误数，会前请核实（见“数据问题”工作表）。",
                (false, Lang::En) => "“Data errors” counts the errors in a unit's data for the period; check them before the meeting (sheet “Data problems”).",
            }
            .to_string(),
        );
    }
    notes
        .into_iter()
        .map(|n| format!("{}{n}", lang.pick("说明：", "Note: ")))
        .collect()
}

/// A result's labels: rank, hospital and specialty; in English the short key on one line
/// when `one_line`.
fn result_unit(a: &Assessment<'_>, r: &ResultRow<'_>, lang: Lang, one_line: bool) -> Unit {
    let u = r.unit();
    let mut label = unit_label(a, r);
    if one_line && lang == Lang::En {
        label = label.replace('\n', " ");
    }
    Unit {
        label,
        key: vec![
            r.rank.map(|k| k.to_string()).unwrap_or_else(|| "—".into()),
            u.hospital.clone().unwrap_or_default(),
            u.specialty.clone().unwrap_or_default(),
        ],
    }
}

fn key_heads(lang: Lang) -> Vec<String> {
    [
        lang.pick("排名", "Rank"),
        lang.pick("医院", "Hospital"),
        lang.pick("专科", "Specialty"),
    ]
    .map(String::from)
    .to_vec()
}

fn area_name(a: &Assessment<'_>, area: u8, lang: Lang) -> String {
    a.form
        .area(area)
        .map(|ar| ar.name_in(lang).to_string())
        .unwrap_or_default()
}

pub fn scores(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
    part: usize,
    streamed: bool,
) -> Result<(), XlsxError> {
    let a = input.assessment;
    let lang = input.lang;
    let mut scored: Vec<usize> = (0..a.indicators.len())
        .filter(|&j| a.indicators[j].scored())
        .collect();
    scored.sort_by_key(|&j| a.indicators[j].area);
    let m = Matrix {
        title: format!("{} · {}", input.title, lang.pick("分项得分（0–100）", "Item scores (0–100)")),
        note: format!(
            "{}{}{}",
            method_line(a, lang),
            lang.pick("　", ". "),
            lang.pick(
                "标杆指标按标杆值计分，其余按参评单位最小–最大值换算；红低绿高。空白：不适用或不计入。",
                "Benchmark items are scored against their benchmarks, the others min–max within the cohort; red low, green high. Blank: not applicable or left out.",
            )
        ),
        lines: scored
            .iter()
            .map(|&j| {
                let ind = &a.indicators[j];
                Line {
                    id: ind.id.clone(),
                    name: ind.name_in(lang).to_string(),
                    area: area_name(a, ind.area, lang),
                    width: Line::WIDTH,
                }
            })
            .collect(),
        count: a.results.len(),
        unit: &|j| result_unit(a, &a.results[j], lang, true),
        key_heads: key_heads(lang),
        color_scale: true,
        print_units: None,
        lang,
        date: &input.date,
        part,
        per_sheet: input.sheet_rows,
        streamed,
    };
    m.write(ws, st, &|i, j| match a.results[j].score(scored[i]) {
        Some(s) => Out::Num(s, &st.score),
        None => Out::Blank,
    })
}

pub fn values(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
    part: usize,
    streamed: bool,
) -> Result<(), XlsxError> {
    let a = input.assessment;
    let lang = input.lang;
    let subs = submission_order(a);
    let current = subs.iter().filter(|s| s.period() == a.period).count();
    let items = a.form.items();
    let m = Matrix {
        title: format!(
            "{} · {}",
            input.title,
            lang.pick("原始数据", "Values as read")
        ),
        note: values_note(a, lang),
        lines: items
            .iter()
            .map(|it| Line {
                id: it.no.to_string(),
                name: crate::i18n::with_unit(
                    it.name_in(lang),
                    &crate::i18n::unit(&it.unit, lang),
                    lang,
                ),
                area: area_name(a, it.area, lang),
                width: Line::WIDTH,
            })
            .collect(),
        count: subs.len(),
        unit: &|j| submission_unit(a, subs[j], lang),
        key_heads: [
            lang.pick("医院", "Hospital"),
            lang.pick("专科", "Specialty"),
            lang.pick("期间", "Period"),
        ]
        .map(String::from)
        .to_vec(),
        color_scale: false,
        print_units: Some(current),
        lang,
        date: &input.date,
        part,
        per_sheet: input.sheet_rows,
        streamed,
    };
    m.write(ws, st, &|i, j| value_cell(&subs[j].values[i], st, lang))
}

/// Every submission of every period: the period assessed first, in rank order, then the
/// others by unit and period. (Only the period assessed prints.)
fn submission_order<'b, 'a>(a: &'b Assessment<'a>) -> Vec<&'b crate::assess::Submission<'a>> {
    let order: std::collections::HashMap<(&str, &str), usize> = a
        .results
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.file(), r.sheet()), i))
        .collect();
    let mut subs: Vec<&crate::assess::Submission<'_>> = a.submissions.iter().collect();
    subs.sort_by_key(|s| {
        let current = s.period() == a.period;
        (
            !current,
            if current {
                order
                    .get(&(s.survey.file.as_str(), s.survey.sheet.as_str()))
                    .copied()
                    .unwrap_or(usize::MAX)
            } else {
                0
            },
            s.survey.unit.label(),
            std::cmp::Reverse((s.period().year, s.period().to)),
        )
    });
    subs
}

/// A submission as a column (or row) of 原始数据: hospital, specialty and period.
fn submission_unit(a: &Assessment<'_>, s: &crate::assess::Submission<'_>, lang: Lang) -> Unit {
    let u = &s.survey.unit;
    let h = short_hospital(a, u.hospital.as_deref().unwrap_or("?"));
    Unit {
        label: format!(
            "{h}\n{}\n{}",
            u.specialty.as_deref().unwrap_or("?"),
            s.period().label(lang)
        ),
        key: vec![
            u.hospital.clone().unwrap_or_default(),
            u.specialty.clone().unwrap_or_default(),
            s.period().label(lang),
        ],
    }
}

/// The header line of 原始数据: what it lists and what its colours mean.
fn values_note(a: &Assessment<'_>, lang: Lang) -> String {
    match lang {
            Lang::Zh => format!(
                "各单位填报的数值，先列本期（{}）、后列其他期间。黄色：经换算或按约数读取（如 1.2万→12000，见数据问题）；灰色：缺失；蓝色：不适用；红色：无效（无法识别或不可能，不计分）。",
                a.period
            ),
            Lang::En => format!(
                "Every value as read, the period assessed ({}) first, then the others. Yellow: converted or read as an approximation (1.2万 → 12000; see Data problems); grey: missing; blue: not applicable; red: invalid (unreadable or impossible, not scored).",
                a.period.label(lang)
            ),
    }
}

/// A value as 原始数据 shows it: the number (yellow when converted), or the word for missing,
/// not applicable or invalid, coloured.
fn value_cell<'f>(v: &crate::value::Parsed, st: &'f Styles, lang: Lang) -> Out<'f> {
    match (v.status, v.value()) {
        (Status::Ok, Some(x)) if !v.adjustments().is_empty() => Out::Num(x, &st.converted),
        (Status::Ok, Some(x)) => Out::Num(x, &st.value),
        (Status::Missing, _) => Out::Text(
            v.detail()
                .map(String::from)
                .unwrap_or_else(|| Status::Missing.label(lang).into()),
            &st.missing,
        ),
        (Status::Na, _) => Out::Text(Status::Na.label(lang).into(), &st.na),
        _ => Out::Text(
            format!("{}：{}", Status::Invalid.label(lang), v.raw()),
            &st.invalid,
        ),
    }
}

pub fn changes(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
    part: usize,
    streamed: bool,
) -> Result<(), XlsxError> {
    let a = input.assessment;
    let lang = input.lang;
    let with: Vec<&ResultRow<'_>> = a.results.iter().filter(|r| r.yoy.is_some()).collect();
    let mut dir: Vec<usize> = (0..a.indicators.len())
        .filter(|&j| a.indicators[j].direction != crate::form::Direction::Neutral)
        .collect();
    // By area, as 分项得分 lists them: a derived ratio under its area, not after the items.
    dir.sort_by_key(|&j| a.indicators[j].area);
    let cs = ChangeStyles::new(st);
    let m = Matrix {
        title: format!(
            "{} · {}",
            input.title,
            lang.pick("同比变化", "Changes since a year before")
        ),
        note: changes_note(a, lang),
        lines: change_lines(a, &dir, lang),
        count: with.len(),
        unit: &|j| result_unit(a, with[j], lang, false),
        key_heads: key_heads(lang),
        color_scale: false,
        print_units: None,
        lang,
        date: &input.date,
        part,
        per_sheet: input.sheet_rows,
        streamed,
    };
    if with.is_empty() {
        ws.write_string(0, 0, excel_text(&m.title))?;
        ws.write_string(
            2,
            0,
            lang.pick(
                "本期参评单位均无上年同期数据。",
                "No unit of this period has data for the same period a year before.",
            ),
        )?;
        return Ok(());
    }
    m.write(ws, st, &|i, j| cs.cell(a, with[j], i, &dir, st, lang))
}

/// The formats of 同比变化: a change coloured by its trend, signed.
struct ChangeStyles {
    good: Format,
    bad: Format,
    plain: Format,
    int: Format,
}

impl ChangeStyles {
    fn new(st: &Styles) -> ChangeStyles {
        let signed = |f: &Format| f.clone().set_num_format("+0.##;-0.##;0");
        ChangeStyles {
            good: signed(&st.good),
            bad: signed(&st.bad),
            plain: signed(&st.text),
            int: st.int.clone(),
        }
    }

    /// Line `i` of a unit's column: the four summary lines, then the change of each
    /// directional indicator (`dir`).
    fn cell<'f>(
        &'f self,
        a: &Assessment<'_>,
        r: &ResultRow<'_>,
        i: usize,
        dir: &[usize],
        st: &'f Styles,
        lang: Lang,
    ) -> Out<'f> {
        let Some(y) = r.yoy.as_ref() else {
            return Out::Blank;
        };
        match i {
            0 => Out::Num(y.improved as f64, &self.int),
            1 => Out::Num(y.worsened as f64, &self.int),
            2 => y
                .total_change
                .map_or(Out::Blank, |d| Out::Num(d, &self.plain)),
            3 => Out::Text(rank_change(y.rank_change, lang), &st.text),
            _ => {
                let Some(ch) = a.change(r, dir[i - 4]) else {
                    return Out::Blank;
                };
                match ch.delta() {
                    Some(d) => Out::Num(
                        d,
                        match ch.trend {
                            Some(Trend::Improved) => &self.good,
                            Some(Trend::Worsened) => &self.bad,
                            _ => &self.plain,
                        },
                    ),
                    None => Out::Blank,
                }
            }
        }
    }
}

/// The lines of 同比变化: four of summary, then one per directional indicator.
fn change_lines(a: &Assessment<'_>, dir: &[usize], lang: Lang) -> Vec<Line> {
    let summary = lang.pick("汇总", "Summary").to_string();
    let mut lines: Vec<Line> = [
        lang.pick("改善项数", "Items better"),
        lang.pick("下降项数", "Items worse"),
        lang.pick("总分变化", "Change in total"),
        lang.pick("名次变化", "Rank move"),
    ]
    .iter()
    .map(|n| Line {
        id: String::new(),
        name: n.to_string(),
        area: summary.clone(),
        width: Line::WIDTH,
    })
    .collect();
    // 名次变化 is text (`上升 1234`): wide enough for a national run's ranks on one line, so
    // that its rows keep the default height (a height kept per row costs the writer memory).
    lines[3].width = 12.0;
    lines.extend(dir.iter().map(|&j| {
        let ind = &a.indicators[j];
        Line {
            id: ind.id.clone(),
            name: ind.name_in(lang).to_string(),
            area: area_name(a, ind.area, lang),
            width: Line::WIDTH,
        }
    }));
    lines
}

/// The header line of 同比变化: what a change is and what its colours mean.
fn changes_note(a: &Assessment<'_>, lang: Lang) -> String {
    match lang {
            Lang::Zh => format!(
                "本期（{}）与上年同期（{}）相比的变化 = 本期 − 基期。绿色：改善；红色：变差（按指标方向判断）。无上年数据的单位不列出。",
                a.period, a.baseline
            ),
            Lang::En => format!(
                "Change = {} − {}. Green: better; red: worse (by the item's direction). Units without last year's data are not listed.",
                a.period.label(lang),
                a.baseline.label(lang)
            ),
    }
}

/// Rows of 数据问题 printed at most; the rest are on screen.
const PROBLEM_PRINT_ROWS: usize = 200;
/// How many sheets `n` data problems take, `per_sheet` rows in each (more continue in
/// `数据问题 (2)` and so on).
pub fn problem_parts(n: usize, per_sheet: usize) -> usize {
    n.div_ceil(per_sheet.max(1)).max(1)
}

pub fn problems(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
    part: usize,
    streamed: bool,
) -> Result<(), XlsxError> {
    let lang = input.lang;
    let diags = &input.assessment.diagnostics;
    let cols = [
        (lang.pick("文件", "File"), 28.0),
        (lang.pick("工作表", "Sheet"), 12.0),
        (lang.pick("单元格", "Cell"), 7.0),
        (lang.pick("指标", "Item"), 16.0),
        (lang.pick("期间", "Period"), 11.0),
        (lang.pick("级别", "Level"), 6.0),
        (lang.pick("说明", "Message"), 58.0),
        (lang.pick("规则", "Rule"), 14.0),
    ];
    let title = format!(
        "{} · {}",
        input.title,
        lang.pick("数据问题", "Data problems")
    );
    ws.merge_range(0, 0, 0, 7, &excel_text(&title), &st.title)?;
    ws.set_row_height(0, 24)?;
    let per_sheet = input.sheet_rows.max(1);
    let first = part.saturating_mul(per_sheet).min(diags.len());
    let these = &diags[first..first.saturating_add(per_sheet).min(diags.len())];
    // Only the first part prints; the rest are for the screen and the filter.
    let printed = if part == 0 {
        these.len().min(PROBLEM_PRINT_ROWS)
    } else {
        0
    };
    let head = problems_head(diags, lang, printed, per_sheet, first..first + these.len());
    ws.merge_range(1, 0, 1, 7, &excel_text(&head), &st.subtitle)?;
    ws.set_row_height(1, 13.0 * wrapped_lines(&head, 140.0) as f64 + 3.0)?;
    let hr = 3u32;
    let mut g = Grid::new(ws);
    g.stream(streamed);
    for (c, (h, w)) in cols.iter().enumerate() {
        g.fixed(c as u16, *w);
        g.text(hr, c as u16, h, &st.head)?;
    }
    for (i, d) in these.iter().enumerate() {
        problem_row(&mut g, hr + 1 + i as u32, d, st, lang)?;
    }
    if diags.is_empty() {
        g.plain(
            hr + 1,
            0,
            lang.pick("未发现数据问题。", "No data problems found."),
        )?;
    } else {
        g.ws.autofilter(hr, 0, hr + these.len() as u32, 7)?;
    }
    g.ws.set_freeze_panes(hr + 1, 0)?;
    print_setup(
        g.ws,
        &Print {
            repeat_rows: Some((hr, hr)),
            area: Some((0, 0, hr + printed.max(1) as u32, 7)),
            ..Print::landscape(&input.title, lang, &input.date)
        },
    )?;
    g.finish(5, 60)
}

/// The line under 数据问题's title: how many of each, what prints, which part this is.
fn problems_head(
    diags: &[Diagnostic],
    lang: Lang,
    printed: usize,
    per_sheet: usize,
    these: std::ops::Range<usize>,
) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut head = match lang {
        Lang::Zh => format!(
            "共{}条：错误{}条（数值不可能正确，评分中按缺失处理），警告{}条（请核实）。请把各单位的问题转给医院改正。",
            diags.len(),
            errors,
            diags.len() - errors
        ),
        Lang::En => format!(
            "{} in all: {} (values that cannot be right, scored as missing), {} (to check). Send each unit its problems to correct.",
            diags.len(),
            crate::i18n::plural(errors, "error"),
            crate::i18n::plural(diags.len() - errors, "warning")
        ),
    };
    if these.start == 0 && printed < diags.len() {
        head.push_str(&match lang {
            Lang::Zh => format!("打印区域为前{printed}条；全部请在电子表格中查看或筛选，各医院的问题也在反馈表中。"),
            Lang::En => format!(" The print area holds the first {printed}; see or filter all on screen; each hospital's are also in its feedback."),
        });
    }
    if diags.len() > per_sheet {
        let parts = problem_parts(diags.len(), per_sheet);
        head.push_str(&match lang {
            Lang::Zh => format!(
                "问题太多，一张工作表放不下，分{parts}张表；本表为第{}–{}条。",
                these.start + 1,
                these.end
            ),
            Lang::En => format!(
                " Too many for one sheet: {parts} sheets; this one holds {}–{}.",
                these.start + 1,
                these.end
            ),
        });
    }
    head
}

/// One data problem on its row of 数据问题.
fn problem_row(
    g: &mut Grid<'_>,
    row: u32,
    d: &Diagnostic,
    st: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let severity = if d.severity() == Severity::Error {
        &st.bad
    } else {
        &st.mid
    };
    let item = d
        .item
        .as_ref()
        .map(|i| format!("{} {}", i.no, lang.name(&i.name, &i.name_en)))
        .unwrap_or_default();
    g.text(row, 0, &d.file, &st.wrap)?;
    g.text(row, 1, d.sheet.as_deref().unwrap_or(""), &st.wrap)?;
    g.text(row, 2, d.cell.as_deref().unwrap_or(""), &st.text)?;
    g.text(row, 3, &item, &st.wrap)?;
    let period = d.period.map(|p| p.label(lang)).unwrap_or_default();
    g.text(row, 4, &period, &st.text)?;
    let word = crate::output::diagnostics::severity_word(d.severity(), lang);
    g.text(row, 5, word, severity)?;
    g.text(row, 6, &message(d, lang), &st.wrap)?;
    g.text(row, 7, d.rule().id(), &st.wrap)?;
    Ok(())
}

pub fn scheme(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
    streamed: bool,
) -> Result<(), XlsxError> {
    let a = input.assessment;
    let lang = input.lang;
    let mut w = KeyValues {
        g: Grid::new(ws),
        row: 2,
        st,
    };
    w.g.stream(streamed);
    w.g.fixed(1, 58.0);
    let title = format!(
        "{} · {}",
        input.title,
        lang.pick("评分方案与本次运行", "Scheme and run")
    );
    w.g.ws
        .merge_range(0, 0, 0, 6, &excel_text(&title), &st.title)?;
    w.g.ws.set_row_height(0, 24)?;
    w.section(lang.pick("评分方法", "Method"))?;
    for (k, v) in method_rows(a, lang) {
        w.kv(k, &v)?;
    }
    w.section(lang.pick("一级指标权重", "Area weights"))?;
    for ar in a.form.areas() {
        w.g.text(w.row, 0, ar.name_in(lang), &st.bold)?;
        w.g.num(w.row, 1, a.scheme.area_weight(ar.no), &st.value, "000")?;
        w.row += 1;
    }
    w.section(lang.pick("计分指标", "Scored items"))?;
    scored_items(&mut w, a, lang)?;
    w.section(lang.pick("本次运行", "This run"))?;
    for (k, v) in run_rows(a, lang) {
        w.kv(k, &v)?;
    }
    for n in &a.notes {
        w.kv(lang.pick("说明", "Note"), &note(n, lang))?;
    }
    w.row += 1;
    files_read(&mut w, a, lang)?;
    print_setup(
        w.g.ws,
        &Print {
            landscape: false,
            ..Print::landscape(&input.title, lang, &input.date)
        },
    )?;
    w.g.finish(6, 16)
}

/// A sheet of keys and values under section headings, written row by row.
struct KeyValues<'w, 's> {
    g: Grid<'w>,
    row: u32,
    st: &'s Styles,
}

impl KeyValues<'_, '_> {
    fn kv(&mut self, k: &str, v: &str) -> Result<(), XlsxError> {
        self.g.text(self.row, 0, k, &self.st.bold)?;
        self.g.text(self.row, 1, v, &self.st.wrap)?;
        self.row += 1;
        Ok(())
    }

    fn section(&mut self, t: &str) -> Result<(), XlsxError> {
        self.row += 1;
        self.g
            .ws
            .write_string_with_format(self.row, 0, t, &self.st.section)?;
        self.row += 1;
        Ok(())
    }
}

/// How the results were computed: period, method, weights, groups, grades, ties, item scores.
fn method_rows(a: &Assessment<'_>, lang: Lang) -> Vec<(&'static str, String)> {
    let s = &a.scheme;
    let tiers = |by: &str| {
        s.grade
            .tiers
            .iter()
            .map(|t| {
                format!(
                    "{} {by} {}",
                    crate::scheme::grade_label(&t.label, lang),
                    fmt_number(t.min)
                )
            })
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; "))
    };
    vec![
        (lang.pick("评估期间", "Period"), a.period.label(lang)),
        (lang.pick("方法", "Method"), a.method().label(lang).to_string()),
        (
            lang.pick("权重", "Weights"),
            match a.weights() {
                crate::scheme::Weights::Scheme => lang.pick("方案权重", "the scheme's weights"),
                crate::scheme::Weights::Entropy => lang.pick(
                    "熵权法（按参评单位数据计算）",
                    "entropy weights (from the cohort's data)",
                ),
            }
            .to_string(),
        ),
        (lang.pick("分组", "Groups"), a.group_by.label(lang).to_string()),
        (
            lang.pick("等级规则", "Grades"),
            match (s.grade.by, lang) {
                (GradeBy::Position, Lang::Zh) => {
                    format!("按名次位置 p = (n − r + 0.5) / n：{}", tiers("p ≥"))
                }
                (GradeBy::Position, Lang::En) => {
                    format!("by position p = (n − r + 0.5) / n: {}", tiers("p ≥"))
                }
                (GradeBy::Total, Lang::Zh) => format!("按总分：{}", tiers("≥")),
                (GradeBy::Total, Lang::En) => format!("by total: {}", tiers("≥")),
            },
        ),
        (
            lang.pick("并列", "Ties"),
            match lang {
                Lang::Zh => format!("总分相差不超过 {} 视为并列（1, 2, 2, 4）", s.tie_tolerance),
                Lang::En => format!(
                    "totals within {} share a rank (1, 2, 2, 4)",
                    s.tie_tolerance
                ),
            },
        ),
        (
            lang.pick("项目得分", "Item scores"),
            lang.pick(
                "设标杆值的指标：达到满分值得100分、达到零分值得0分、其间线性；其余指标按参评单位最小–最大值换算为0–100。缺失计0分，不适用不计入。",
                "Benchmark items: 100 at the full value, 0 at the zero value, linear between; the others min–max within the cohort, 0–100. Missing scores 0; not applicable is left out.",
            )
            .to_string(),
        ),
    ]
}

/// The scored items and derived indicators: unit, direction, weight, benchmarks.
fn scored_items(
    w: &mut KeyValues<'_, '_>,
    a: &Assessment<'_>,
    lang: Lang,
) -> Result<(), XlsxError> {
    let (g, st) = (&mut w.g, w.st);
    let mut row = w.row;
    let heads = [
        lang.pick("编号", "No."),
        lang.pick("指标", "Item"),
        lang.pick("单位", "Unit"),
        lang.pick("方向", "Direction"),
        lang.pick("权重", "Weight"),
        lang.pick("满分值", "Full"),
        lang.pick("零分值", "Zero"),
    ];
    for (c, h) in heads.iter().enumerate() {
        g.text(row, c as u16, h, &st.head)?;
    }
    row += 1;
    for ind in a.indicators.iter().filter(|i| i.scored()) {
        // Item numbers as numbers, so Excel does not flag "number stored as text".
        match ind.id.parse::<f64>() {
            Ok(no) => g.num(row, 0, no, &st.int, &ind.id)?,
            Err(_) => g.text(row, 0, &ind.id, &st.text)?,
        }
        let name = match &ind.source {
            Source::Item(_) => ind.name_in(lang).to_string(),
            Source::Ratio { num, den, scale } => {
                let nos = |v: &[usize]| {
                    v.iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join("+")
                };
                format!(
                    "{}（({}) ÷ ({}) × {}）",
                    ind.name_in(lang),
                    nos(num),
                    nos(den),
                    fmt_number(*scale)
                )
            }
        };
        g.text(row, 1, &name, &st.wrap)?;
        g.text(row, 2, &ind.unit_in(lang), &st.text)?;
        g.text(row, 3, ind.direction.label(lang), &st.text)?;
        g.num(row, 4, ind.weight, &st.value, "0.0")?;
        match ind.bench {
            Some((full, zero)) => {
                g.num(row, 5, full, &st.value, "000")?;
                g.num(row, 6, zero, &st.value, "000")?;
            }
            None => {
                g.ws.write_blank(row, 5, &st.text)?;
                g.ws.write_blank(row, 6, &st.text)?;
            }
        }
        row += 1;
    }
    w.row = row;
    Ok(())
}

/// What the run read: files, surveys, problems, periods, the form and the program.
fn run_rows(a: &Assessment<'_>, lang: Lang) -> Vec<(&'static str, String)> {
    let t = &a.stats;
    let periods = t
        .periods
        .iter()
        .map(|(p, n)| match lang {
            Lang::Zh => format!("{p}（{n}份）"),
            Lang::En => format!("{} ({n})", p.label(lang)),
        })
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    let rows: Vec<(&str, String)> = vec![
        (
            lang.pick("读取文件", "Files read"),
            match lang {
                Lang::Zh => format!(
                    "{} 个（另跳过非表格文件 {} 个、assess 生成的文件 {} 个）",
                    t.files_read, t.files_skipped, t.own_outputs
                ),
                Lang::En => format!(
                    "{} (and skipped {} that are not spreadsheets, {} written by assess)",
                    t.files_read, t.files_skipped, t.own_outputs
                ),
            },
        ),
        (
            lang.pick("调查表", "Surveys"),
            match lang {
                Lang::Zh => format!(
                    "{} 张，{} 份提交（调查表 × 期间）",
                    t.surveys, t.submissions
                ),
                Lang::En => format!(
                    "{}, {} submissions (survey × period)",
                    t.surveys, t.submissions
                ),
            },
        ),
        (
            lang.pick("数据问题", "Data problems"),
            match lang {
                Lang::Zh => format!("错误 {} 条，警告 {} 条", t.errors, t.warnings),
                Lang::En => format!(
                    "{}, {}",
                    crate::i18n::plural(t.errors, "error"),
                    crate::i18n::plural(t.warnings, "warning")
                ),
            },
        ),
        (lang.pick("期间", "Periods"), periods),
        (lang.pick("调查表版本", "Form"), a.form.name.clone()),
        (
            lang.pick("程序", "Program"),
            format!("assess {}", env!("CARGO_PKG_VERSION")),
        ),
    ];
    rows
}

/// Every file read and its state, the path in the wide column so that it wraps.
fn files_read(w: &mut KeyValues<'_, '_>, a: &Assessment<'_>, lang: Lang) -> Result<(), XlsxError> {
    let (g, st) = (&mut w.g, w.st);
    let mut row = w.row;
    for (c, h) in [
        lang.pick("序号", "No."),
        lang.pick("文件", "File"),
        lang.pick("状态", "State"),
    ]
    .iter()
    .enumerate()
    {
        g.text(row, c as u16, h, &st.head)?;
    }
    row += 1;
    let first = row;
    for f in &a.batch.files {
        let status = match (f.skipped, f.is_folder) {
            (Some(crate::load::Skipped::NotSpreadsheet), _) => lang
                .pick("跳过（不是表格文件）", "skipped (not a spreadsheet)")
                .to_string(),
            (Some(crate::load::Skipped::MadeByAssess), _) => lang
                .pick("跳过（assess 生成的文件）", "skipped (written by assess)")
                .to_string(),
            (None, true) => lang
                .pick(
                    "无法读取的文件夹（见数据问题）",
                    "folder not read (see data problems)",
                )
                .to_string(),
            (None, false) if f.diagnostics.iter().any(|d| d.is_file_level()) => lang
                .pick("无法读取（见数据问题）", "not read (see data problems)")
                .to_string(),
            (None, false) => match lang {
                Lang::Zh => format!("已读取，调查表 {} 张", f.surveys.len()),
                Lang::En => format!("read, {}", crate::i18n::plural(f.surveys.len(), "survey")),
            },
        };
        g.num(row, 0, (row - first + 1) as f64, &st.int, "0")?;
        g.text(row, 1, &f.file, &st.wrap)?;
        g.ws.write_string_with_format(row, 2, excel_text(&status), &st.text)?;
        row += 1;
    }
    w.row = row;
    Ok(())
}
