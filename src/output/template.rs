//! The fillable survey form (`assess template`): the form as issued, with only input cells
//! editable, a data validation and an input message on every row, and a 填表说明 sheet, so bad
//! data is stopped where it is typed. The reader reads it back like any submission.

use crate::catalog::{self, Item, Kind};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// Where things are on the form (zero-based), for programs that fill it.
pub const UNIT_ROWS: [u32; 3] = [1, 2, 3];
pub const HEADER_ROW: u32 = 5;
pub const FIRST_ITEM_ROW: u32 = 6;
pub const FIRST_PERIOD_COL: u16 = 4;
/// The sheet that holds the form.
pub const FORM_SHEET: &str = "调查表";

#[derive(Debug, Clone, Default)]
pub struct TemplateOptions {
    /// Period column headers, as they should read (`2024年1-6月`).
    pub periods: Vec<String>,
    pub county: Option<String>,
    pub hospital: Option<String>,
    pub specialty: Option<String>,
    /// Sheet protection password; none by default (protection still on).
    pub password: Option<String>,
}

/// The unit fields of the form: label and prefilled value, two per row.
fn unit_fields(o: &TemplateOptions) -> [(&'static str, Option<&str>); 6] {
    [
        ("填报单位", o.hospital.as_deref()),
        ("专科名称", o.specialty.as_deref()),
        ("所属旗县区", o.county.as_deref()),
        ("填报人", None),
        ("联系电话", None),
        ("填报日期", None),
    ]
}

/// What the input message says for an item.
pub fn hint(it: &Item) -> String {
    let unit = if it.unit.is_empty() {
        String::new()
    } else {
        format!("单位：{}。", it.unit)
    };
    let scope = it
        .name
        .rfind('（')
        .and_then(|i| it.name[i..].strip_prefix('（'))
        .and_then(|s| s.strip_suffix('）'))
        .map(|s| format!("口径：{s}。"))
        .unwrap_or_default();
    let how = match it.kind {
        Kind::Count => "填0或正整数。",
        Kind::Rate => "填百分数的数值（0–100），如12.5%填12.5，也可直接输入12.5%。",
        Kind::Amount => "填数值，可有小数。",
        Kind::Index => "填大于0的数，如1.05。",
        Kind::Rank => "填名次数字，如12；未进入排行榜填 未上榜。",
        Kind::CountDetail => "先填数量，可在括号内写明细，如：3（DR、彩超、呼吸机）。",
        Kind::CountRate => "填床位数，可写成 4张/13.3%。",
        Kind::CountAmount => "填项目数，可写成 2项/35万元。",
    };
    let na = if it.kind == Kind::Index {
        "不适用填 /。"
    } else {
        "没有填 无 或 0，不适用填 /。"
    };
    format!("{unit}{scope}{how}{na}")
}

/// The custom validation formula for an item's cell (relative to `cell`).
fn rule(it: &Item, cell: &str) -> String {
    let c = cell;
    let either = format!("{c}=\"/\",{c}=\"无\"");
    match it.kind {
        Kind::Count => format!("=OR({either},AND(ISNUMBER({c}),{c}>=0,{c}=INT({c})))"),
        Kind::Rate => format!("=OR({either},AND(ISNUMBER({c}),{c}>=0,{c}<=100))"),
        Kind::Amount => format!("=OR({either},AND(ISNUMBER({c}),{c}>=0))"),
        Kind::Index => format!("=OR({c}=\"/\",AND(ISNUMBER({c}),{c}>0))"),
        Kind::Rank => {
            format!("=OR({either},{c}=\"未上榜\",AND(ISNUMBER({c}),{c}>=1,{c}=INT({c})))")
        }
        Kind::CountDetail | Kind::CountRate | Kind::CountAmount => {
            format!("=OR({either},AND(ISNUMBER({c}),{c}>=0,{c}=INT({c})),ISNUMBER(--LEFT({c},1)))")
        }
    }
}

/// Write the template; returns the .xlsx bytes.
pub fn write(o: &TemplateOptions) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    form(wb.add_worksheet().set_name(FORM_SHEET)?, o)?;
    instructions(wb.add_worksheet().set_name("填表说明")?)?;
    wb.save_to_buffer()
}

fn form(ws: &mut Worksheet, o: &TemplateOptions) -> Result<(), XlsxError> {
    let base = Format::new()
        .set_font_name("等线")
        .set_font_size(10.5)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let locked = base.clone();
    let head = base
        .clone()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_align(FormatAlign::Center);
    let input = base.clone().set_unlocked().set_background_color(0xFFFFFF);
    let input_text = input.clone().set_num_format("@");
    let label = Format::new()
        .set_font_name("等线")
        .set_bold()
        .set_align(FormatAlign::Right)
        .set_align(FormatAlign::VerticalCenter);
    let title = Format::new()
        .set_font_name("等线")
        .set_bold()
        .set_font_size(18)
        .set_align(FormatAlign::Center);
    let n = o.periods.len() as u16;
    let remark = FIRST_PERIOD_COL + n;
    ws.merge_range(0, 0, 0, remark, "重点专科基本情况调查表", &title)?;
    ws.set_row_height(0, 32)?;

    // Unit fields: label and input side by side, two per row.
    for (k, (name, value)) in unit_fields(o).iter().enumerate() {
        let row = UNIT_ROWS[k / 2];
        let (lc, (ic0, ic1)) = if k % 2 == 0 {
            ((0u16, 1u16), (2u16, 3u16))
        } else {
            (
                (FIRST_PERIOD_COL, FIRST_PERIOD_COL),
                (FIRST_PERIOD_COL + 1, remark.max(FIRST_PERIOD_COL + 1)),
            )
        };
        if lc.0 == lc.1 {
            ws.write_string_with_format(row, lc.0, *name, &label)?;
        } else {
            ws.merge_range(row, lc.0, row, lc.1, name, &label)?;
        }
        let v = value.unwrap_or("");
        if ic0 == ic1 {
            ws.write_string_with_format(row, ic0, v, &input_text)?;
        } else {
            ws.merge_range(row, ic0, row, ic1, v, &input_text)?;
        }
        ws.set_row_height(row, 20)?;
    }

    // Header.
    let mut heads = vec![
        "序号".to_string(),
        "一级指标".into(),
        "二级指标".into(),
        "三级指标".into(),
    ];
    heads.extend(o.periods.iter().cloned());
    heads.push("备注".into());
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, h, &head)?;
    }
    ws.set_row_height(HEADER_ROW, 24)?;

    // Items, with 一级/二级 merged over their rows.
    let items = catalog::items();
    let mut spans: Vec<(u16, usize, usize, String)> = Vec::new();
    for (col, key) in [(1u16, 0usize), (2, 1)] {
        let mut start = 0;
        for i in 1..=items.len() {
            let name = |k: usize| {
                if key == 0 {
                    items[k].area_name.clone()
                } else {
                    items[k].group.clone()
                }
            };
            if i == items.len() || name(i) != name(start) {
                spans.push((col, start, i - 1, name(start)));
                start = i;
            }
        }
    }
    for (col, a, b, text) in spans {
        let (ra, rb) = (FIRST_ITEM_ROW + a as u32, FIRST_ITEM_ROW + b as u32);
        if ra == rb {
            ws.write_string_with_format(ra, col, &text, &locked)?;
        } else {
            ws.merge_range(ra, col, rb, col, &text, &locked)?;
        }
    }
    for it in items {
        let row = FIRST_ITEM_ROW + u32::from(it.no) - 1;
        ws.write_number_with_format(
            row,
            0,
            f64::from(it.no),
            &locked.clone().set_align(FormatAlign::Center),
        )?;
        ws.write_string_with_format(row, 3, it.form_label(), &locked)?;
        // Wrapped names need taller rows; spreadsheets do not grow them on their own.
        let lines = unicode_width::UnicodeWidthStr::width(it.form_label().as_str())
            .div_ceil(42)
            .max(1);
        ws.set_row_height(row, 16.0 * lines as f64)?;
        for c in FIRST_PERIOD_COL..=remark {
            ws.write_blank(row, c, &input)?;
        }
        let first = crate::read::a1(row, u32::from(FIRST_PERIOD_COL));
        let dv = DataValidation::new()
            .allow_custom(Formula::new(rule(it, &first)))
            .ignore_blank(true)
            .set_input_title(format!("第{}项", it.no))?
            .set_input_message(hint(it))?
            .set_error_title("数值有误")?
            .set_error_message(format!(
                "第{}项 {}：{}",
                it.no,
                short(&it.name, 40),
                hint(it)
            ))?
            .set_error_style(DataValidationErrorStyle::Stop);
        if n > 0 {
            ws.add_data_validation(row, FIRST_PERIOD_COL, row, remark - 1, &dv)?;
        }
    }

    // Widths, printing, protection.
    ws.set_column_width(0, 5)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 19)?;
    ws.set_column_width(3, 44)?;
    for c in FIRST_PERIOD_COL..remark {
        ws.set_column_width(c, 14)?;
    }
    ws.set_column_width(remark, 18)?;
    ws.set_freeze_panes(HEADER_ROW + 1, FIRST_PERIOD_COL)?;
    ws.set_paper_size(9)
        .set_portrait()
        .set_print_fit_to_pages(1, 0)
        .set_footer("&C第 &P 页，共 &N 页");
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    let opts = ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_rows: true,
        format_columns: true,
        ..Default::default()
    };
    match &o.password {
        Some(p) => ws.protect_with_password(p),
        None => ws.protect(),
    };
    ws.protect_with_options(&opts);
    Ok(())
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max).collect::<String>() + "…"
    }
}

fn instructions(ws: &mut Worksheet) -> Result<(), XlsxError> {
    let nos = |k: Kind| {
        catalog::items()
            .iter()
            .filter(|i| i.kind == k)
            .map(|i| i.no.to_string())
            .collect::<Vec<_>>()
            .join("、")
    };
    let rank = nos(Kind::Rank);
    let lines = [
        "填表说明".to_string(),
        "1. 本表共69项指标。请在“调查表”中每个期间列（如 2024年1-6月）填写对应数值；只能在白色单元格中填写，其余单元格已锁定。".into(),
        "2. 先填写表头的填报单位、专科名称、所属旗县区、填报人、联系电话、填报日期。".into(),
        "3. 数值只填阿拉伯数字，不加单位；每项的单位和口径见选中单元格时的提示。".into(),
        "4. 百分比填百分数的数值：12.5% 填 12.5（也可直接输入 12.5%）。比例须在 0–100 之间。".into(),
        "5. 没有发生的填“无”或 0；本专科不适用的填“/”；不要留空，空白视为缺失，评分时按 0 分计。".into(),
        format!("6. 明细类指标（第{}项）先填数量，可在括号内写明细，如：3（DR、彩超、呼吸机）。第{}项可写成“4张/13.3%”，第{}项可写成“2项/35万元”。", nos(Kind::CountDetail), nos(Kind::CountRate), nos(Kind::CountAmount)),
        format!("7. 第{rank}项（排名）填名次数字；未进入排行榜填“未上榜”。"),
        "8. 期间列的标题是统计期间，请勿修改；同一统计期间只报一份。".into(),
        "9. 填好后保存为 .xlsx 文件（WPS 请选择“Excel 文件(*.xlsx)”），文件名建议为“医院_专科.xlsx”。".into(),
    ];
    let title = Format::new()
        .set_font_name("等线")
        .set_bold()
        .set_font_size(16);
    let body = Format::new()
        .set_font_name("等线")
        .set_font_size(11)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    ws.set_column_width(0, 100)?;
    for (r, l) in lines.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, l, if r == 0 { &title } else { &body })?;
        if r > 0 {
            ws.set_row_height(r as u32, 36)?;
        }
    }
    ws.set_paper_size(9).set_portrait();
    ws.protect();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_unit_scope_and_how_to_write() {
        let h = hint(catalog::item(47).unwrap());
        assert!(
            h.contains("单位：人") && h.contains("口径：3个月以上"),
            "{h}"
        );
        assert!(hint(catalog::item(25).unwrap()).contains("12.5%填12.5"));
        assert!(hint(catalog::item(63).unwrap()).contains("未上榜"));
        for it in catalog::items() {
            assert!(hint(it).chars().count() <= 255, "item {}", it.no);
        }
    }

    #[test]
    fn rules_allow_none_and_not_applicable() {
        assert_eq!(
            rule(catalog::item(3).unwrap(), "E9"),
            "=OR(E9=\"/\",E9=\"无\",AND(ISNUMBER(E9),E9>=0,E9=INT(E9)))"
        );
        assert!(rule(catalog::item(27).unwrap(), "E32").contains("E32>0"));
    }
}

/// A value to put into a template cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Fill {
    Number(f64),
    Text(String),
}

/// Put values into the blank cells of a template written by [`write`] (A1 reference → value),
/// as a program filling the form would. Used to test the round trip and to make fixtures.
pub fn fill_cells(template: &[u8], values: &[(String, Fill)]) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let mut zin =
        zip::ZipArchive::new(std::io::Cursor::new(template)).map_err(|e| e.to_string())?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| e.to_string())?;
        if name == "xl/worksheets/sheet1.xml" {
            let mut xml = String::from_utf8(data).map_err(|e| e.to_string())?;
            for (cell, v) in values {
                let open = format!("<c r=\"{cell}\" ");
                let start = xml
                    .find(&open)
                    .ok_or_else(|| format!("no blank cell {cell} in the template"))?;
                let end = start + xml[start..].find("/>").ok_or("malformed cell")?;
                let attrs = &xml[start + 3..end];
                let body = match v {
                    Fill::Number(x) => format!("<c {attrs}><v>{x}</v></c>"),
                    Fill::Text(t) => format!(
                        "<c {attrs} t=\"inlineStr\"><is><t>{}</t></is></c>",
                        t.replace('&', "&amp;")
                            .replace('<', "&lt;")
                            .replace('>', "&gt;")
                    ),
                };
                xml.replace_range(start..end + 2, &body);
            }
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .map_err(|e| e.to_string())?;
        out.write_all(&data).map_err(|e| e.to_string())?;
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}
