//! The 图表 sheet: totals in rank order (a bar per unit), the leaders' area scores (a radar with
//! a distinct colour and marker per unit), and the cohort's area scores (lower quartile, median,
//! upper quartile). Charts are placed from the data's size, one under the other and the two
//! small ones side by side, never over each other or a table; the numbers they draw are to the
//! right, outside the print area.

use super::{method_line, ReportInput};
use crate::assess::{GroupBy, ResultRow};
use crate::i18n::Lang;
use crate::output::xlsx::{excel_text, print_setup, Grid, Print, Styles};
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartMarker, ChartMarkerType, ChartSolidFill, ChartType,
    Worksheet, XlsxError,
};

/// Pixels of a default row.
const ROW_PX: u32 = 20;
/// Columns the charts take (A…N), the print area.
const CHART_COLS: u16 = 15;
/// Where the charts' data starts.
const DATA_COL: u16 = CHART_COLS + 2;
/// Width of each of those columns, set so that the charts fit the print area whatever the
/// spreadsheet's default column width.
const COL_PX: u32 = 66;
const WIDE_PX: u32 = 960;
/// The radar, left; the quartile chart starts at column 7 (462 px).
const HALF_PX: u32 = 456;
const SPREAD_PX: u32 = 500;
const SMALL_PX: u32 = 400;
/// The height an A4 landscape page prints at 100 %, in pixels (7.07 in at 96 dpi).
const PAGE_PX: u32 = 679;

/// Colours and markers that stay apart in print and for colour-blind readers.
const SERIES: [(u32, ChartMarkerType); 6] = [
    (0x1F77B4, ChartMarkerType::Square),
    (0xD62728, ChartMarkerType::Diamond),
    (0x2CA02C, ChartMarkerType::Triangle),
    (0xFF7F0E, ChartMarkerType::Circle),
    (0x9467BD, ChartMarkerType::X),
    (0x8C564B, ChartMarkerType::Star),
];

/// `中医医院 重症医学科`: the hospital without the county every unit shares.
fn label(r: &ResultRow<'_>, grouped: bool, county: Option<&str>) -> String {
    let u = r.unit();
    let h = u.hospital.as_deref().unwrap_or("?");
    let h = county
        .and_then(|c| h.strip_prefix(c))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(h);
    let base = format!("{h} {}", u.specialty.as_deref().unwrap_or("?"));
    if grouped {
        format!("{base}（{}）", r.group)
    } else {
        base
    }
}

/// The lower quartile, median and upper quartile (linear interpolation, as Excel's
/// QUARTILE.INC).
pub fn quartiles(mut v: Vec<f64>) -> Option<[f64; 3]> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (v.len() - 1) as f64 * p;
        let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
        v[lo] + (h - lo as f64) * (v[hi] - v[lo])
    };
    Some([q(0.25), q(0.5), q(0.75)])
}

pub fn charts(
    ws: &mut Worksheet,
    sheet: &str,
    input: &ReportInput<'_>,
    st: &Styles,
    streamed: bool,
) -> Result<(), XlsxError> {
    let a = input.assessment;
    let lang = input.lang;
    let grouped = a.group_by != GroupBy::None;
    let ranked: Vec<&ResultRow<'_>> = a.results.iter().filter(|r| r.total.is_some()).collect();
    let county = a.common_county();
    let title = format!("{} · {}", input.title, lang.pick("图表", "Charts"));
    for c in 0..CHART_COLS {
        ws.set_column_width_pixels(c, COL_PX)?;
    }
    ws.merge_range(0, 0, 0, CHART_COLS - 1, &excel_text(&title), &st.title)?;
    ws.set_row_height(0, 24)?;
    ws.merge_range(
        1,
        0,
        1,
        CHART_COLS - 1,
        &excel_text(&method_line(a, lang)),
        &st.subtitle,
    )?;
    let print = |ws: &mut Worksheet, last_row: u32| {
        print_setup(
            ws,
            &Print {
                area: Some((0, 0, last_row, CHART_COLS - 1)),
                ..Print::landscape(&input.title, lang, &input.date)
            },
        )
    };
    if ranked.is_empty() {
        ws.write_string(
            3,
            0,
            lang.pick(
                "没有可排名的参评单位（每个分组仅一个单位），无图表。",
                "No unit is ranked (every group has one unit), so there are no charts.",
            ),
        )?;
        return print(ws, 4);
    }
    let mut g = Grid::new(ws);
    g.stream(streamed);
    for c in 0..CHART_COLS {
        // Excel's width in characters for COL_PX pixels: px = chars × 7 + 5.
        g.fixed(c, (f64::from(COL_PX) - 5.0) / 7.0);
    }
    g.text(2, DATA_COL, lang.pick("图表数据", "Chart data"), &st.bold)?;
    let labels: Vec<String> = ranked.iter().map(|r| label(r, grouped, county)).collect();
    let (last, below) = totals_chart(&mut g, sheet, &ranked, &labels, lang, st)?;
    // The leaders: the top five, or the first of each group.
    let top: Vec<usize> = if grouped {
        let mut seen = std::collections::BTreeSet::new();
        (0..ranked.len())
            .filter(|&k| seen.insert(ranked[k].group.clone()))
            .take(SERIES.len())
            .collect()
    } else {
        (0..ranked.len().min(5)).collect()
    };
    let d = area_data(&mut g, a, &ranked, &labels, &top, last + 2, lang, st)?;
    let radar = radar_chart(sheet, &d, top.len(), grouped, lang);
    g.ws.insert_chart(below, 0, &radar)?;
    g.ws.insert_chart(below, 7, &quartile_chart(sheet, &d, lang))?;
    let end = below + SMALL_PX.div_ceil(ROW_PX) + 1;
    print(g.ws, end)?;
    // One page when that needs no more shrinking than 60 %; else the small charts on a page
    // of their own, so that nothing is cut between pages.
    if end * ROW_PX <= PAGE_PX * 10 / 6 {
        g.ws.set_print_fit_to_pages(1, 1);
    } else {
        g.ws.set_page_breaks(&[below])?;
    }
    g.finish(8, 40)
}

/// The totals in rank order: its data at [`DATA_COL`], the bar chart over the page's width.
/// Returns the data's last row and the first row below the chart.
fn totals_chart(
    g: &mut Grid<'_>,
    sheet: &str,
    ranked: &[&ResultRow<'_>],
    labels: &[String],
    lang: Lang,
    st: &Styles,
) -> Result<(u32, u32), XlsxError> {
    let (dc, hr) = (DATA_COL, 3u32);
    g.text(hr, dc, lang.pick("单位", "Unit"), &st.head)?;
    g.text(hr, dc + 1, lang.pick("总分", "Total"), &st.head)?;
    for (i, (r, l)) in ranked.iter().zip(labels).enumerate() {
        let row = hr + 1 + i as u32;
        g.text(row, dc, l, &st.text)?;
        g.opt(row, dc + 1, r.total, &st.score, &st.text)?;
    }
    let last = hr + ranked.len() as u32;
    let mut bar = Chart::new(ChartType::Bar);
    bar.title()
        .set_name(lang.pick("总分（按排名）", "Totals, in rank order"));
    bar.add_series()
        .set_categories((sheet, hr + 1, dc, last, dc))
        .set_values((sheet, hr + 1, dc + 1, last, dc + 1))
        .set_name(lang.pick("总分", "Total"))
        .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(0x5B9BD5)));
    // In a bar chart the value axis is horizontal (x) and the categories run up the y axis:
    // reverse them so the first rank is on top.
    bar.x_axis().set_min(0).set_max(100);
    bar.y_axis().set_reverse().set_label_interval(1);
    bar.legend().set_hidden();
    let bar_px = (80 + 24 * ranked.len() as u32).clamp(240, 20_000);
    bar.set_width(WIDE_PX).set_height(bar_px);
    let bar_row = 3u32;
    g.ws.insert_chart(bar_row, 0, &bar)?;
    Ok((last, bar_row + bar_px.div_ceil(ROW_PX) + 1))
}

/// Where the area scores' data stands: the heading row, the last area's row, and the column
/// of the lower quartile (the leaders' columns come before it).
struct AreaData {
    head: u32,
    last: u32,
    quartiles: u16,
}

/// The area scores of the leaders and the cohort's quartiles, as data for the two charts.
#[allow(clippy::too_many_arguments)]
fn area_data(
    g: &mut Grid<'_>,
    a: &crate::assess::Assessment<'_>,
    ranked: &[&ResultRow<'_>],
    labels: &[String],
    top: &[usize],
    head: u32,
    lang: Lang,
    st: &Styles,
) -> Result<AreaData, XlsxError> {
    let dc = DATA_COL;
    let areas = a.form.areas();
    g.text(head, dc, lang.pick("一级指标", "Area"), &st.head)?;
    for (k, &t) in top.iter().enumerate() {
        g.text(head, dc + 1 + k as u16, &labels[t], &st.head)?;
    }
    let qc = dc + 1 + top.len() as u16;
    for (k, h) in [
        lang.pick("下四分位数", "Lower quartile"),
        lang.pick("中位数", "Median"),
        lang.pick("上四分位数", "Upper quartile"),
    ]
    .iter()
    .enumerate()
    {
        g.text(head, qc + k as u16, h, &st.head)?;
    }
    for (i, ar) in areas.iter().enumerate() {
        let row = head + 1 + i as u32;
        g.text(row, dc, ar.short(lang), &st.text)?;
        for (k, &t) in top.iter().enumerate() {
            g.opt(
                row,
                dc + 1 + k as u16,
                ranked[t].areas[i],
                &st.score,
                &st.text,
            )?;
        }
        let vals: Vec<f64> = ranked.iter().filter_map(|r| r.areas[i]).collect();
        if let Some(q) = quartiles(vals) {
            for (k, v) in q.iter().enumerate() {
                g.num(row, qc + k as u16, *v, &st.score, "00.0")?;
            }
        }
    }
    Ok(AreaData {
        head,
        last: head + areas.len() as u32,
        quartiles: qc,
    })
}

/// The leaders' area scores: a distinct colour and marker per unit.
fn radar_chart(sheet: &str, d: &AreaData, leaders: usize, grouped: bool, lang: Lang) -> Chart {
    let dc = DATA_COL;
    let mut radar = Chart::new(ChartType::RadarWithMarkers);
    radar.title().set_name(&if grouped {
        lang.pick(
            "一级指标得分：各组第一名",
            "Area scores of each group's first",
        )
        .to_string()
    } else {
        match lang {
            Lang::Zh => format!("一级指标得分：前{leaders}名"),
            Lang::En => format!("Area scores of the first {leaders}"),
        }
    });
    for k in 0..leaders {
        let (color, marker) = SERIES[k % SERIES.len()];
        let col = dc + 1 + k as u16;
        radar
            .add_series()
            .set_categories((sheet, d.head + 1, dc, d.last, dc))
            .set_values((sheet, d.head + 1, col, d.last, col))
            .set_name((sheet, d.head, col))
            .set_format(
                ChartFormat::new().set_line(ChartLine::new().set_color(color).set_width(2.25)),
            )
            .set_marker(ChartMarker::new().set_type(marker).set_size(7).set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color)),
            ));
    }
    radar.y_axis().set_min(0).set_max(100);
    radar
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    radar.set_width(HALF_PX).set_height(SMALL_PX);
    radar
}

/// The cohort's area scores: lower quartile, median, upper quartile.
fn quartile_chart(sheet: &str, d: &AreaData, lang: Lang) -> Chart {
    let dc = DATA_COL;
    let mut spread = Chart::new(ChartType::Column);
    spread.title().set_name(lang.pick(
        "一级指标得分：参评单位的四分位数",
        "Area scores of all units: quartiles",
    ));
    // Light to dark as the quartile rises: told apart in grey print too.
    for (k, color) in [0xC6DBEF, 0x4292C6, 0x08519C].iter().enumerate() {
        let col = d.quartiles + k as u16;
        spread
            .add_series()
            .set_categories((sheet, d.head + 1, dc, d.last, dc))
            .set_values((sheet, d.head + 1, col, d.last, col))
            .set_name((sheet, d.head, col))
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(*color))
                    .set_border(ChartLine::new().set_color(0x1F4E79)),
            );
    }
    spread.y_axis().set_min(0).set_max(100);
    spread
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    spread.set_width(SPREAD_PX).set_height(SMALL_PX);
    spread
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_as_excel_computes_them() {
        assert_eq!(
            quartiles(vec![1.0, 2.0, 3.0, 4.0, 5.0]),
            Some([2.0, 3.0, 4.0])
        );
        assert_eq!(quartiles(vec![4.0, 1.0, 3.0, 2.0]), Some([1.75, 2.5, 3.25]));
        assert_eq!(quartiles(vec![]), None);
    }
}
