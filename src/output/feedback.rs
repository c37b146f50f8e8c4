//! The feedback a commission sends each hospital after the assessment (通报, then 整改): one
//! workbook per hospital, one sheet per specialty, each sheet one printed A4 page — the unit's
//! rank and grade, its total and area scores against the cohort's medians, its five weakest
//! items against the cohort (value, median, best), the biggest improvements and declines since
//! last year, its commitments, and the data problems to correct, with their cells. With
//! `--single` every page goes into one workbook, for the archive.

use super::xlsx::{self, excel_text, wrapped_lines, Styles};
use crate::assess::{Assessment, ResultRow};
use crate::decide::status::{status_line, StatusTable};
use crate::diag::Diagnostic;
use crate::i18n::Lang;
use crate::messages::message;
use crate::output::ranking::rank_change;
use crate::text::tidy;
use crate::yoy::Trend;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// Problems listed on a page at most; the rest are counted.
const PAGE_PROBLEMS: usize = 8;
/// Widths of the page's six columns: the indicator, then five numbers.
const WIDTHS: [f64; 6] = [34.0, 11.5, 11.5, 11.5, 11.5, 11.5];

/// What the feedback is made from.
pub struct FeedbackInput<'a> {
    pub title: Option<String>,
    pub assessment: &'a Assessment<'a>,
    pub status: Option<&'a StatusTable>,
    pub lang: Lang,
    pub date: String,
}

/// A name Excel accepts for a sheet: no `[]:*?/\`, at most 31 characters, not used yet.
pub fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = clean.chars().take(31).collect();
    let base = if base.is_empty() {
        "Sheet".to_string()
    } else {
        base
    };
    let mut name = base.clone();
    let mut k = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        let suffix = format!("({k})");
        let keep = 31 - suffix.chars().count();
        name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        k += 1;
    }
    used.push(name.clone());
    name
}

/// A file name from a hospital's name: characters file systems refuse replaced.
pub fn file_name(hospital: &str) -> String {
    let clean: String = hospital
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('.').to_string();
    let clean: String = clean.chars().take(80).collect();
    format!("{}.xlsx", if clean.is_empty() { "_".into() } else { clean })
}

/// One workbook per hospital: (file name, bytes), in the order of the results.
pub fn per_hospital(input: &FeedbackInput<'_>) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
    let a = input.assessment;
    let mut hospitals: Vec<&str> = Vec::new();
    for r in &a.results {
        let h = r.unit().hospital.as_deref().unwrap_or("?");
        if !hospitals.contains(&h) {
            hospitals.push(h);
        }
    }
    let mut out = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for h in hospitals {
        let st = Styles::new();
        let mut wb = xlsx::workbook("feedback", h);
        let mut used = Vec::new();
        for r in a
            .results
            .iter()
            .filter(|r| r.unit().hospital.as_deref().unwrap_or("?") == h)
        {
            let name = sheet_name(r.unit().specialty.as_deref().unwrap_or("?"), &mut used);
            page(wb.add_worksheet().set_name(&name)?, input, r, &st)?;
        }
        // Two hospitals whose names differ only in characters a file name cannot hold.
        let mut file = file_name(h);
        let mut k = 2;
        while names.contains(&file) {
            file = file_name(&format!("{h}({k})"));
            k += 1;
        }
        names.push(file.clone());
        out.push((file, wb.save_to_buffer()?));
    }
    Ok(out)
}

/// Every unit's page in one workbook.
pub fn single(input: &FeedbackInput<'_>) -> Result<Vec<u8>, XlsxError> {
    let a = input.assessment;
    let st = Styles::new();
    let title = input
        .title
        .clone()
        .unwrap_or_else(|| input.lang.pick("评估反馈", "Feedback").to_string());
    let mut wb: Workbook = xlsx::workbook("feedback", &title);
    let mut used = Vec::new();
    for r in &a.results {
        let u = r.unit();
        let name = sheet_name(
            &format!(
                "{}{}",
                short_hospital(a, u.hospital.as_deref().unwrap_or("?")),
                u.specialty.as_deref().unwrap_or("?")
            ),
            &mut used,
        );
        page(wb.add_worksheet().set_name(&name)?, input, r, &st)?;
    }
    wb.save_to_buffer()
}

fn short_hospital<'a>(a: &Assessment<'_>, h: &'a str) -> &'a str {
    a.common_county()
        .and_then(|c| h.strip_prefix(c))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(h)
}

/// A page being written: the next row, and row heights for wrapped text.
struct Page<'w> {
    ws: &'w mut Worksheet,
    row: u32,
}

impl Page<'_> {
    fn merged(&mut self, text: &str, f: &Format, height: f64) -> Result<(), XlsxError> {
        let text = excel_text(text);
        self.ws.merge_range(self.row, 0, self.row, 5, &text, f)?;
        let width: f64 = WIDTHS.iter().sum();
        let lines = wrapped_lines(&text, width) as f64;
        self.ws
            .set_row_height(self.row, (height * lines).max(height))?;
        self.row += 1;
        Ok(())
    }

    fn section(&mut self, text: &str, st: &Styles) -> Result<(), XlsxError> {
        self.row += 1;
        self.ws
            .write_string_with_format(self.row, 0, text, &st.section)?;
        self.ws.set_row_height(self.row, 18.0)?;
        self.row += 1;
        Ok(())
    }

    fn head(&mut self, cells: &[&str], st: &Styles) -> Result<(), XlsxError> {
        for (c, h) in cells.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, c as u16, *h, &st.head)?;
        }
        self.row += 1;
        Ok(())
    }

    /// A row: the indicator (wrapping) and numbers or texts.
    fn line(&mut self, name: &str, cells: &[Cell<'_>], st: &Styles) -> Result<(), XlsxError> {
        let name = excel_text(name);
        self.ws
            .write_string_with_format(self.row, 0, &name, &st.wrap)?;
        for (k, c) in cells.iter().enumerate() {
            let col = 1 + k as u16;
            match c {
                Cell::Num(v, f) if v.is_finite() => {
                    self.ws.write_number_with_format(self.row, col, *v, f)?;
                }
                Cell::Text(t, f) => {
                    self.ws
                        .write_string_with_format(self.row, col, excel_text(t), f)?;
                }
                _ => {
                    self.ws.write_blank(self.row, col, &st.text)?;
                }
            }
        }
        let lines = wrapped_lines(&name, WIDTHS[0]) as f64;
        self.ws.set_row_height(self.row, 14.0 * lines + 1.0)?;
        self.row += 1;
        Ok(())
    }
}

enum Cell<'f> {
    Num(f64, &'f Format),
    Text(String, &'f Format),
    Blank,
}

fn num<'f>(v: Option<f64>, f: &'f Format) -> Cell<'f> {
    v.map_or(Cell::Blank, |x| Cell::Num(tidy(x), f))
}

/// What every section of a unit's page reads.
struct Ctx<'x> {
    a: &'x Assessment<'x>,
    r: &'x ResultRow<'x>,
    cohort: Option<&'x crate::assess::Cohort>,
    lang: Lang,
    st: &'x Styles,
    value_f: Format,
    score_f: Format,
    delta_f: Format,
    pct_f: Format,
}

/// One unit's page: the result, area scores, the weakest items, the changes since last year,
/// the commitments and the data problems, one section after another.
fn page(
    ws: &mut Worksheet,
    input: &FeedbackInput<'_>,
    r: &ResultRow<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let a = input.assessment;
    let lang = input.lang;
    let u = r.unit();
    let c = Ctx {
        a,
        r,
        cohort: a.cohort_of(r),
        lang,
        st,
        value_f: st.value.clone(),
        score_f: st.score.clone(),
        delta_f: st.delta.clone(),
        pct_f: st.value.clone().set_num_format("0.0%"),
    };
    let mut p = Page { ws, row: 0 };
    for (col, w) in WIDTHS.iter().enumerate() {
        p.ws.set_column_width(col as u16, *w)?;
    }
    let unit = format!(
        "{} {}",
        u.hospital.as_deref().unwrap_or("?"),
        u.specialty.as_deref().unwrap_or("?")
    );
    p.merged(&unit, &st.title, 24.0)?;
    p.merged(&subtitle(input), &st.subtitle, 14.0)?;
    result(&mut p, &c, input)?;
    area_scores(&mut p, &c)?;
    weakest(&mut p, &c)?;
    if let Some(y) = r.yoy.as_ref() {
        changes(&mut p, &c, y)?;
    }
    if let Some(t) = &r.targets {
        commitments(&mut p, &c, t)?;
    }
    problems(&mut p, &c)?;
    p.row += 1;
    p.merged(
        lang.pick(
            "说明：得分为0–100；参评中位数为同组参评单位的中位数，最好值按指标方向取同组的最高或最低值。",
            "Note: scores are 0–100; the median is of the units assessed together, the best value is the highest or lowest of them by the item's direction.",
        ),
        &st.note,
        13.0,
    )?;
    let last = p.row;
    p.ws.set_paper_size(9)
        .set_portrait()
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3)
        .set_print_fit_to_pages(1, 1)
        .set_header(format!(
            "&L{}{}&R{}{}{}",
            xlsx::SMALL,
            excel_text(&unit).replace('&', "&&"),
            xlsx::SMALL,
            lang.pick("打印日期：", "Printed "),
            input.date
        ));
    p.ws.set_print_area(0, 0, last, 5)?;
    Ok(())
}

/// The line under the unit's name: the run's title, the period, the method.
fn subtitle(input: &FeedbackInput<'_>) -> String {
    let a = input.assessment;
    let lang = input.lang;
    let title = input
        .title
        .as_deref()
        .map(|t| format!("{t} · "))
        .unwrap_or_default();
    match lang {
        Lang::Zh => format!(
            "{title}临床重点专科评估反馈 · {} · {}",
            a.period,
            a.method().label(lang)
        ),
        Lang::En => format!(
            "{title}Feedback of the clinical key specialty assessment · {} · {}",
            a.period.label(lang),
            a.method().label(lang)
        ),
    }
}

/// Rank, grade, total, change, data problems and status.
fn result(p: &mut Page<'_>, c: &Ctx<'_>, input: &FeedbackInput<'_>) -> Result<(), XlsxError> {
    let (r, lang, st) = (c.r, c.lang, c.st);
    p.section(lang.pick("评估结果", "Result"), st)?;
    let mut facts: Vec<(&str, String)> = vec![
        (lang.pick("名次", "Rank"), rank_text(r, lang)),
        (
            lang.pick("等级", "Grade"),
            r.grade
                .as_deref()
                .map(|g| crate::scheme::grade_label(g, lang).to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        (lang.pick("总分", "Total"), total_text(r, c.cohort, lang)),
        (
            lang.pick("同比", "Since last year"),
            since_last_year(r.yoy.as_ref(), lang),
        ),
        (
            lang.pick("数据问题", "Data problems"),
            problem_counts(r, lang),
        ),
    ];
    if let Some(t) = input.status {
        facts.extend(status_facts(t, r.unit(), lang));
    }
    let key_f = st.bold.clone();
    for (k, v) in facts {
        p.ws.write_string_with_format(p.row, 0, k, &key_f)?;
        let v = excel_text(&v);
        p.ws.merge_range(p.row, 1, p.row, 5, &v, &st.wrap)?;
        p.ws.set_row_height(p.row, 14.0 * wrapped_lines(&v, 57.0) as f64 + 1.0)?;
        p.row += 1;
    }

    Ok(())
}

/// `3 / 9`, or why the unit is not ranked.
fn rank_text(r: &ResultRow<'_>, lang: Lang) -> String {
    match r.rank {
        Some(k) => format!("{k} / {}", r.cohort_size),
        None => lang
            .pick(
                "不排名（分组中仅此一个单位）",
                "not ranked (the only unit of its group)",
            )
            .into(),
    }
}

/// The total with the cohort's median: `72.4（参评中位数 65.0）`, or `—` without a total.
fn total_text(r: &ResultRow<'_>, cohort: Option<&crate::assess::Cohort>, lang: Lang) -> String {
    match (r.total, cohort.and_then(|c| c.total_median)) {
        (Some(t), Some(m)) => match lang {
            Lang::Zh => format!("{t:.1}（参评中位数 {m:.1}）"),
            Lang::En => format!("{t:.1} (median {m:.1})"),
        },
        (Some(t), None) => format!("{t:.1}"),
        _ => "—".into(),
    }
}

/// The change of the total and of the rank since the same period a year earlier, or that
/// there is no data for it.
fn since_last_year(y: Option<&crate::assess::Yoy>, lang: Lang) -> String {
    let Some(y) = y else {
        return lang
            .pick("无上年同期数据", "no data for the year before")
            .into();
    };
    format!(
        "{}{}",
        y.total_change
            .map(|d| match lang {
                Lang::Zh => format!("总分 {d:+.1}　"),
                Lang::En => format!("total {d:+.1}  "),
            })
            .unwrap_or_default(),
        y.rank_change
            .map(|d| format!(
                "{}{}",
                lang.pick("名次", "rank "),
                rank_change(Some(d), lang)
            ))
            .unwrap_or_default()
    )
}

/// `错误 1 处，警告 2 处` / `1 error, 2 warnings`.
fn problem_counts(r: &ResultRow<'_>, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("错误 {} 处，警告 {} 处", r.errors, r.warnings),
        Lang::En => format!(
            "{}, {}",
            crate::i18n::plural(r.errors, "error"),
            crate::i18n::plural(r.warnings, "warning")
        ),
    }
}

/// The unit's status as `assess status` says it (a missing year, an undecided unit and why),
/// and what the ledger did not settle for it; nothing when the ledger does not have it.
fn status_facts<'l>(
    t: &StatusTable,
    unit: &crate::model::Unit,
    lang: Lang,
) -> Vec<(&'l str, String)> {
    let Some(s) = t.of(unit) else {
        return Vec::new();
    };
    let mut facts = vec![(lang.pick("建设状态", "Status"), status_line(s, lang))];
    // The missing year is said in the status.
    let findings: Vec<String> = t
        .findings(s, lang)
        .into_iter()
        .filter(|(r, _)| *r != crate::diag::Rule::LedgerYearMissing)
        .map(|(_, m)| m)
        .collect();
    if !findings.is_empty() {
        facts.push((
            lang.pick("台账核对", "Ledger"),
            findings.join(lang.pick("；", "; ")),
        ));
    }
    facts
}

/// Area scores against the cohort's median.
fn area_scores(p: &mut Page<'_>, c: &Ctx<'_>) -> Result<(), XlsxError> {
    let (a, r, cohort, lang, st) = (c.a, c.r, c.cohort, c.lang, c.st);
    let (score_f, delta_f) = (&c.score_f, &c.delta_f);
    p.section(lang.pick("一级指标得分", "Area scores"), st)?;
    p.head(
        &[
            lang.pick("一级指标", "Area"),
            lang.pick("本单位", "This unit"),
            lang.pick("参评中位数", "Median"),
            lang.pick("差值", "Difference"),
        ],
        st,
    )?;
    for (i, ar) in a.form.areas().iter().enumerate() {
        let mine = r.areas.get(i).copied().flatten();
        let med = cohort.and_then(|c| c.area_median.get(i).copied().flatten());
        p.line(
            ar.name_in(lang),
            &[
                num(mine, score_f),
                num(med, score_f),
                num(mine.zip(med).map(|(a, b)| a - b), delta_f),
            ],
            st,
        )?;
    }

    Ok(())
}

/// The five weakest scored items against the cohort's median and best.
fn weakest(p: &mut Page<'_>, c: &Ctx<'_>) -> Result<(), XlsxError> {
    let (a, r, cohort, lang, st) = (c.a, c.r, c.cohort, c.lang, c.st);
    let (value_f, score_f) = (&c.value_f, &c.score_f);
    let mut weak: Vec<usize> = (0..a.indicators.len())
        .filter(|&j| a.indicators[j].scored() && r.score(j).is_some())
        .collect();
    weak.sort_by(|&x, &y| {
        let (sx, sy) = (r.score(x).unwrap_or(0.0), r.score(y).unwrap_or(0.0));
        sx.total_cmp(&sy)
            .then(a.indicators[y].weight.total_cmp(&a.indicators[x].weight))
            .then(x.cmp(&y))
    });
    weak.truncate(5);
    if !weak.is_empty() {
        p.section(
            lang.pick("得分最低的五项指标", "The five weakest items"),
            st,
        )?;
        p.head(
            &[
                lang.pick("指标", "Item"),
                lang.pick("本单位", "This unit"),
                lang.pick("参评中位数", "Median"),
                lang.pick("最好值", "Best"),
                lang.pick("得分", "Score"),
            ],
            st,
        )?;
        for j in weak {
            let ind = &a.indicators[j];
            let it = r.item(&a.indicators, j);
            let value = match it.value() {
                Some(v) => Cell::Num(ind.shown(v), value_f),
                None => Cell::Text(it.status.label(lang).into(), &st.missing),
            };
            p.line(
                &format!(
                    "{} {}",
                    ind.id,
                    crate::i18n::with_unit(ind.name_in(lang), &ind.unit_in(lang), lang)
                ),
                &[
                    value,
                    num(
                        cohort.and_then(|c| c.value_median[j]).map(|v| ind.shown(v)),
                        value_f,
                    ),
                    num(
                        cohort.and_then(|c| c.value_best[j]).map(|v| ind.shown(v)),
                        value_f,
                    ),
                    num(it.score(), score_f),
                ],
                st,
            )?;
        }
    }

    Ok(())
}

/// The items that improved and declined most since last year.
fn changes(p: &mut Page<'_>, c: &Ctx<'_>, y: &crate::assess::Yoy) -> Result<(), XlsxError> {
    let (a, lang, st) = (c.a, c.lang, c.st);
    let (value_f, delta_f, pct_f) = (&c.value_f, &c.delta_f, &c.pct_f);
    let Some(changes) = a.changes(c.r) else {
        return Ok(());
    };
    let rel = |j: usize| {
        let c = &changes[j];
        match (c.delta(), c.baseline(), c.current()) {
            (Some(d), Some(b), Some(n)) => d.abs() / b.abs().max(n.abs()).max(1e-9),
            _ => 0.0,
        }
    };
    let pick = |t: Trend| {
        let mut v: Vec<usize> = (0..a.indicators.len())
            .filter(|&j| a.indicators[j].is_item() && changes[j].trend == Some(t))
            .collect();
        v.sort_by(|&x, &z| rel(z).total_cmp(&rel(x)).then(x.cmp(&z)));
        v.truncate(3);
        v
    };
    let (up, down) = (pick(Trend::Improved), pick(Trend::Worsened));
    if !up.is_empty() || !down.is_empty() {
        p.section(
            &match lang {
                Lang::Zh => format!("与上年同期（{}）比较：改善和下降最多的指标", y.baseline),
                Lang::En => format!(
                    "Against {}: the items that improved and declined most",
                    y.baseline.label(lang)
                ),
            },
            st,
        )?;
        p.head(
            &[
                lang.pick("指标", "Item"),
                lang.pick("上年", "Then"),
                lang.pick("本期", "Now"),
                lang.pick("变化", "Change"),
                lang.pick("变化率", "Change %"),
                lang.pick("趋势", "Trend"),
            ],
            st,
        )?;
        for j in up.into_iter().chain(down) {
            let c = &changes[j];
            let ind = &a.indicators[j];
            let f = if c.trend == Some(Trend::Improved) {
                &st.good
            } else {
                &st.bad
            };
            p.line(
                &format!(
                    "{} {}",
                    ind.id,
                    crate::i18n::with_unit(ind.name_in(lang), &ind.unit_in(lang), lang)
                ),
                &[
                    num(c.baseline().map(|v| ind.shown(v)), value_f),
                    num(c.current().map(|v| ind.shown(v)), value_f),
                    num(c.delta(), delta_f),
                    num(c.delta_pct().map(|p| p / 100.0), pct_f),
                    Cell::Text(c.trend.map(|t| t.label(lang)).unwrap_or("").into(), f),
                ],
                st,
            )?;
        }
    }
    Ok(())
}

/// The commitments: how many targets were met, and those that were not.
fn commitments(
    p: &mut Page<'_>,
    c: &Ctx<'_>,
    t: &crate::decide::targets::Targets,
) -> Result<(), XlsxError> {
    let (a, lang, st) = (c.a, c.lang, c.st);
    let (value_f, pct_f) = (&c.value_f, &c.pct_f);
    p.section(
        &match lang {
            Lang::Zh => format!("承诺目标：{} 项，已达成 {} 项", t.set, t.met),
            Lang::En => format!("Commitments: {} targets, {} met", t.set, t.met),
        },
        st,
    )?;
    let missed: Vec<_> = t.items.iter().filter(|i| !i.attained).take(6).collect();
    if !missed.is_empty() {
        p.head(
            &[
                lang.pick("未达成的指标", "Not met"),
                lang.pick("目标值", "Target"),
                lang.pick("本期", "Now"),
                lang.pick("达成度", "Degree"),
            ],
            st,
        )?;
        for i in missed {
            let it = &a.form.items()[i.item];
            p.line(
                &format!("{} {}", it.no, it.name_in(lang)),
                &[
                    num(Some(i.target), value_f),
                    num(i.value, value_f),
                    num(i.degree, pct_f),
                ],
                st,
            )?;
        }
    }
    Ok(())
}

/// The data problems of this submission, errors first, with their cells.
fn problems(p: &mut Page<'_>, c: &Ctx<'_>) -> Result<(), XlsxError> {
    let (r, lang, st) = (c.r, c.lang, c.st);
    let problems = submission_problems(c.a, r);
    p.section(
        &match lang {
            Lang::Zh => format!(
                "需要核实或改正的数据（错误 {} 处，警告 {} 处）",
                r.errors, r.warnings
            ),
            Lang::En => format!(
                "Data to check or correct ({}, {})",
                crate::i18n::plural(r.errors, "error"),
                crate::i18n::plural(r.warnings, "warning")
            ),
        },
        st,
    )?;
    if problems.is_empty() {
        return p.merged(
            lang.pick("未发现数据问题。", "No data problems found."),
            &st.note,
            14.0,
        );
    }
    p.head(
        &[
            lang.pick("单元格 · 指标", "Cell · item"),
            lang.pick("说明", "What to do"),
        ],
        st,
    )?;
    // The message spans the five number columns.
    let mut ordered = problems.clone();
    ordered.sort_by_key(|d| !d.is_error());
    for d in ordered.iter().take(PAGE_PROBLEMS) {
        problem_row(p, d, lang, st)?;
    }
    if problems.len() > PAGE_PROBLEMS {
        p.merged(
            &match lang {
                Lang::Zh => format!(
                    "另有 {} 条未列出，请向评估组索取完整的数据问题清单。",
                    problems.len() - PAGE_PROBLEMS
                ),
                Lang::En => format!(
                    "{} more not listed; ask the assessors for the full list of data problems.",
                    problems.len() - PAGE_PROBLEMS
                ),
            },
            &st.note,
            13.0,
        )?;
    }
    Ok(())
}

/// The diagnostics of a result's survey sheet that concern its period (or no period), in the
/// order of the run.
fn submission_problems<'d>(a: &'d Assessment<'_>, r: &ResultRow<'_>) -> Vec<&'d Diagnostic> {
    let s = r.submission.survey;
    let period = r.submission.period();
    a.diagnostics
        .iter()
        .filter(|d| {
            d.file == s.file
                && d.sheet.as_deref() == Some(s.sheet.as_str())
                && d.period.is_none_or(|p| p == period)
        })
        .collect()
}

/// Writes one problem's row: its cell and item, then `【错误】`/`【警告】` and what to do.
fn problem_row(p: &mut Page<'_>, d: &Diagnostic, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    let key = format!(
        "{}{}",
        d.cell.clone().map(|c| format!("{c} ")).unwrap_or_default(),
        d.item
            .as_ref()
            .map(|i| format!("{} {}", i.no, lang.name(&i.name, &i.name_en)))
            .unwrap_or_default()
    );
    let msg = excel_text(&format!(
        "{}{}",
        if d.is_error() {
            lang.pick("【错误】", "[error] ")
        } else {
            lang.pick("【警告】", "[warning] ")
        },
        message(d, lang)
    ));
    p.ws.write_string_with_format(p.row, 0, excel_text(&key), &st.wrap)?;
    p.ws.merge_range(p.row, 1, p.row, 5, &msg, &st.wrap)?;
    let lines = wrapped_lines(&msg, 57.0).max(wrapped_lines(&key, WIDTHS[0]));
    p.ws.set_row_height(p.row, 13.5 * lines as f64 + 2.0)?;
    p.row += 1;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_excel_accepts() {
        let mut used = Vec::new();
        assert_eq!(sheet_name("心血管内科", &mut used), "心血管内科");
        assert_eq!(sheet_name("心血管内科", &mut used), "心血管内科(2)");
        assert_eq!(sheet_name("a/b:c", &mut used), "a_b_c");
        let long = "科".repeat(40);
        assert_eq!(sheet_name(&long, &mut used).chars().count(), 31);
    }

    #[test]
    fn file_names_file_systems_accept() {
        assert_eq!(file_name("北岭旗人民医院"), "北岭旗人民医院.xlsx");
        assert_eq!(file_name("a/b\\c"), "a_b_c.xlsx");
        assert_eq!(file_name(""), "_.xlsx");
    }

    #[test]
    fn numbers_shown_tidy() {
        assert_eq!(crate::text::fmt_number(tidy(0.1 + 0.2)), "0.3");
    }
}
