//! The fillable survey form (`assess template`): the form as issued, with only input cells
//! editable, a data validation and an input message on every row, a 单位 column, and a 填表说明
//! sheet, so bad data is stopped where it is typed. It prints on one A4 page, and so does its
//! 填表说明. The reader reads it back like any submission, in either language; a blank one is
//! recognised as ours and skipped.

use super::xlsx::{self, wrapped_lines, FONT};
use crate::form::{Form, Item, Kind};
use crate::i18n::Lang;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Formula,
    ProtectionOptions, Worksheet, XlsxError,
};

/// Where things are on the form (zero-based), for programs that fill it.
pub const UNIT_ROWS: [u32; 3] = [1, 2, 3];
pub const HEADER_ROW: u32 = 5;
pub const FIRST_ITEM_ROW: u32 = 6;
/// The 单位 column; period columns follow it.
pub const UNIT_COL: u16 = 4;
pub const FIRST_PERIOD_COL: u16 = 5;

/// The sheet that holds the form.
pub fn form_sheet(lang: Lang) -> &'static str {
    lang.pick("调查表", "Survey")
}

#[derive(Debug, Clone, Default)]
pub struct TemplateOptions {
    /// Period column headers, as they should read (`2024年1-6月`).
    pub periods: Vec<String>,
    /// A target column with this heading (`2026年目标`), for the commitments.
    pub target: Option<String>,
    pub county: Option<String>,
    pub hospital: Option<String>,
    pub specialty: Option<String>,
    /// Sheet protection password; none by default (protection still on).
    pub password: Option<String>,
    pub lang: Lang,
}

/// The unit fields of the form: label and prefilled value, two per row.
fn unit_fields(o: &TemplateOptions) -> [(&'static str, Option<&str>); 6] {
    let l = o.lang;
    [
        (l.pick("填报单位", "Hospital"), o.hospital.as_deref()),
        (l.pick("专科名称", "Specialty"), o.specialty.as_deref()),
        (l.pick("所属旗县区", "County"), o.county.as_deref()),
        (l.pick("填报人", "Filled in by"), None),
        (l.pick("联系电话", "Telephone"), None),
        (l.pick("填报日期", "Date"), None),
    ]
}

/// What the input message says for an item.
pub fn hint(it: &Item, lang: Lang) -> String {
    let unit = match (it.unit.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Zh) => format!("单位：{}。", it.unit),
        (false, Lang::En) => format!("Unit: {}. ", crate::i18n::unit(&it.unit, lang)),
    };
    let scope = it
        .name
        .rfind('（')
        .and_then(|i| it.name[i..].strip_prefix('（'))
        .and_then(|s| s.strip_suffix('）'))
        .filter(|_| lang == Lang::Zh)
        .map(|s| format!("口径：{s}。"))
        .unwrap_or_default();
    let how = match (it.kind, lang) {
        (Kind::Count, Lang::Zh) => "填0或正整数。",
        (Kind::Count, Lang::En) => "A whole number, 0 or more. ",
        (Kind::Rate, Lang::Zh) => "填百分数的数值（0–100），如12.5%填12.5，也可直接输入12.5%。",
        (Kind::Rate, Lang::En) => "The percentage (0–100): 12.5 for 12.5%, or type 12.5%. ",
        (Kind::Amount, Lang::Zh) => "填数值，可有小数。",
        (Kind::Amount, Lang::En) => "A number, decimals allowed. ",
        (Kind::Index, Lang::Zh) => "填大于0的数，如1.05。",
        (Kind::Index, Lang::En) => "A number above 0, such as 1.05. ",
        (Kind::Rank, Lang::Zh) => "填名次数字，如12；未进入排行榜填 未上榜。",
        (Kind::Rank, Lang::En) => "The position, such as 12; 未上榜 if not ranked. ",
        (Kind::CountDetail, Lang::Zh) => "先填数量，可在括号内写明细，如：3（DR、彩超、呼吸机）。",
        (Kind::CountDetail, Lang::En) => "The count, details in brackets: 3 (DR, ultrasound). ",
        (Kind::CountRate, Lang::Zh) => "填床位数，可写成 4张/13.3%。",
        (Kind::CountRate, Lang::En) => "The beds, or 4/13.3%. ",
        (Kind::CountAmount, Lang::Zh) => "填项目数，可写成 2项/35万元。",
        (Kind::CountAmount, Lang::En) => "The projects, or 2/35万元. ",
    };
    let na = match (it.kind, lang) {
        (Kind::Index, Lang::Zh) => "不适用填 /。",
        (Kind::Index, Lang::En) => "/ if not applicable.",
        (_, Lang::Zh) => "没有填 无 或 0，不适用填 /。",
        (_, Lang::En) => "0 if none, / if not applicable.",
    };
    let s = format!("{unit}{scope}{how}{na}");
    // Excel's limit for an input message.
    s.chars().take(255).collect()
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

/// The file name to suggest for the form: the form's own name.
pub fn suggested_name(form: &Form) -> String {
    format!("{}.xlsx", form.name)
}

/// Write the template; returns the .xlsx bytes.
pub fn write(form: &Form, o: &TemplateOptions) -> Result<Vec<u8>, XlsxError> {
    let title = title(form, o.lang);
    let mut wb = xlsx::workbook("template", &title);
    sheet(
        wb.add_worksheet().set_name(form_sheet(o.lang))?,
        form,
        o,
        &title,
    )?;
    instructions(
        wb.add_worksheet()
            .set_name(o.lang.pick("填表说明", "Instructions"))?,
        form,
        o,
    )?;
    wb.save_to_buffer()
}

fn title(form: &Form, lang: Lang) -> String {
    match lang {
        Lang::Zh => form.name.clone(),
        Lang::En if form.name == "重点专科基本情况调查表" => {
            "Clinical key specialty survey".to_string()
        }
        Lang::En => form.name.clone(),
    }
}

/// The formats of the fillable sheet.
struct Looks {
    locked: Format,
    centred: Format,
    head: Format,
    input: Format,
    input_text: Format,
    label: Format,
    title: Format,
}

impl Looks {
    fn new() -> Looks {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(9)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let input = base.clone().set_unlocked().set_background_color(0xFFFFFF);
        Looks {
            locked: base.clone(),
            centred: base.clone().set_align(FormatAlign::Center),
            head: base
                .clone()
                .set_bold()
                .set_background_color(xlsx::HEAD)
                .set_align(FormatAlign::Center),
            input_text: input.clone().set_num_format("@"),
            input,
            label: Format::new()
                .set_font_name(FONT)
                .set_font_size(9)
                .set_bold()
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::VerticalCenter),
            title: Format::new()
                .set_font_name(FONT)
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}

/// Width of the item-name column, in characters.
const NAME_WIDTH: f64 = 46.0;

/// The fillable sheet: title, unit fields, header, one row per item, print and protection.
fn sheet(
    ws: &mut Worksheet,
    form: &Form,
    o: &TemplateOptions,
    title: &str,
) -> Result<(), XlsxError> {
    let f = Looks::new();
    let n = o.periods.len() as u16;
    let remark = FIRST_PERIOD_COL + n + u16::from(o.target.is_some());
    ws.merge_range(0, 0, 0, remark, &xlsx::excel_text(title), &f.title)?;
    ws.set_row_height(0, 26)?;
    unit_rows(ws, o, remark, &f)?;
    header_row(ws, o, &f)?;
    item_bands(ws, form, o.lang, &f)?;
    for it in form.items() {
        item_row(ws, it, o.lang, remark, &f)?;
    }
    page_and_protection(ws, o, remark)
}

/// Unit fields: label and input side by side, two per row.
fn unit_rows(
    ws: &mut Worksheet,
    o: &TemplateOptions,
    remark: u16,
    f: &Looks,
) -> Result<(), XlsxError> {
    for (k, (name, value)) in unit_fields(o).iter().enumerate() {
        let row = UNIT_ROWS[k / 2];
        let (lc, (ic0, ic1)) = if k % 2 == 0 {
            ((0u16, 1u16), (2u16, 3u16))
        } else {
            (
                (UNIT_COL, FIRST_PERIOD_COL),
                (FIRST_PERIOD_COL + 1, remark.max(FIRST_PERIOD_COL + 1)),
            )
        };
        ws.merge_range(row, lc.0, row, lc.1, name, &f.label)?;
        let v = xlsx::excel_text(value.unwrap_or(""));
        if ic0 == ic1 {
            ws.write_string_with_format(row, ic0, &v, &f.input_text)?;
        } else {
            ws.merge_range(row, ic0, row, ic1, &v, &f.input_text)?;
        }
        ws.set_row_height(row, 16)?;
    }
    Ok(())
}

/// 序号, 一级指标, 二级指标, 三级指标, 单位, the periods, the target, 备注.
fn header_row(ws: &mut Worksheet, o: &TemplateOptions, f: &Looks) -> Result<(), XlsxError> {
    let lang = o.lang;
    let mut heads: Vec<String> = [
        lang.pick("序号", "No."),
        lang.pick("一级指标", "Area"),
        lang.pick("二级指标", "Group"),
        lang.pick("三级指标", "Item"),
        lang.pick("单位", "Unit"),
    ]
    .map(String::from)
    .to_vec();
    heads.extend(o.periods.iter().map(|p| xlsx::excel_text(p)));
    if let Some(t) = &o.target {
        heads.push(xlsx::excel_text(t));
    }
    heads.push(lang.pick("备注", "Remarks").into());
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, h, &f.head)?;
    }
    ws.set_row_height(HEADER_ROW, 20)?;
    Ok(())
}

/// 一级指标 and 二级指标, each merged over the rows of its items.
fn item_bands(ws: &mut Worksheet, form: &Form, lang: Lang, f: &Looks) -> Result<(), XlsxError> {
    let items = form.items();
    let area_name = |it: &Item| -> String {
        form.area(it.area)
            .map(|a| a.name_in(lang).to_string())
            .unwrap_or_default()
    };
    let group_name = |it: &Item| -> String { lang.name(&it.group, &it.group_en).to_string() };
    for (col, name) in [
        (1u16, &area_name as &dyn Fn(&Item) -> String),
        (2, &group_name),
    ] {
        let mut start = 0;
        for i in 1..=items.len() {
            if i == items.len() || name(&items[i]) != name(&items[start]) {
                let (ra, rb) = (FIRST_ITEM_ROW + start as u32, FIRST_ITEM_ROW + i as u32 - 1);
                let text = name(&items[start]);
                if ra == rb {
                    ws.write_string_with_format(ra, col, &text, &f.locked)?;
                } else {
                    ws.merge_range(ra, col, rb, col, &text, &f.locked)?;
                }
                start = i;
            }
        }
    }
    Ok(())
}

/// One item: its number, label and unit, the input cells and the check typed values meet.
fn item_row(
    ws: &mut Worksheet,
    it: &Item,
    lang: Lang,
    remark: u16,
    f: &Looks,
) -> Result<(), XlsxError> {
    let row = FIRST_ITEM_ROW + u32::from(it.no) - 1;
    ws.write_number_with_format(row, 0, f64::from(it.no), &f.centred)?;
    let label = match lang {
        Lang::Zh => it.form_label(),
        Lang::En if it.code.is_empty() => it.name_in(lang).to_string(),
        Lang::En => format!("{} {}", it.code, it.name_in(lang)),
    };
    ws.write_string_with_format(row, 3, &label, &f.locked)?;
    ws.write_string_with_format(row, UNIT_COL, crate::i18n::unit(&it.unit, lang), &f.centred)?;
    // Wrapped names need taller rows; spreadsheets do not grow them on their own.
    let lines = wrapped_lines(&label, NAME_WIDTH);
    ws.set_row_height(row, 12.5 * lines as f64)?;
    for c in FIRST_PERIOD_COL..=remark {
        ws.write_blank(row, c, &f.input)?;
    }
    let first = crate::read::a1(row, u32::from(FIRST_PERIOD_COL));
    let hint = hint(it, lang);
    let dv = DataValidation::new()
        .allow_custom(Formula::new(rule(it, &first)))
        .ignore_blank(true)
        .set_input_title(match lang {
            Lang::Zh => format!("第{}项", it.no),
            Lang::En => format!("Item {}", it.no),
        })?
        .set_input_message(&hint)?
        .set_error_title(lang.pick("数值有误", "Not a valid value"))?
        .set_error_message(&hint)?
        .set_error_style(DataValidationErrorStyle::Stop);
    if remark > FIRST_PERIOD_COL {
        ws.add_data_validation(row, FIRST_PERIOD_COL, row, remark - 1, &dv)?;
    }
    Ok(())
}

/// Widths, printing on one A4 page, protection.
fn page_and_protection(
    ws: &mut Worksheet,
    o: &TemplateOptions,
    remark: u16,
) -> Result<(), XlsxError> {
    let lang = o.lang;
    ws.set_column_width(0, 4.5)?;
    ws.set_column_width(1, 9)?;
    ws.set_column_width(2, 12)?;
    ws.set_column_width(3, NAME_WIDTH)?;
    ws.set_column_width(UNIT_COL, 7)?;
    for c in FIRST_PERIOD_COL..remark {
        ws.set_column_width(c, 11)?;
    }
    ws.set_column_width(remark, 12)?;
    ws.set_freeze_panes(HEADER_ROW + 1, FIRST_PERIOD_COL)?;
    ws.set_paper_size(9)
        .set_portrait()
        .set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3)
        .set_print_fit_to_pages(1, 1)
        .set_footer(format!(
            "&C&8{}",
            lang.pick("填写后请保存为 .xlsx 文件", "Save as .xlsx when filled in")
        ));
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

fn instructions(ws: &mut Worksheet, form: &Form, o: &TemplateOptions) -> Result<(), XlsxError> {
    let lang = o.lang;
    let nos = |k: Kind| {
        form.items()
            .iter()
            .filter(|i| i.kind == k)
            .map(|i| i.no.to_string())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    };
    let count = form.len();
    let mut lines: Vec<String> = match lang {
        Lang::Zh => vec![
            "填表说明".to_string(),
            format!("1. 本表共{count}项指标。请在“调查表”中每个期间列（如 2024年1-6月）填写对应数值；只能在白色单元格中填写，其余单元格已锁定。"),
            "2. 先填写表头的填报单位、专科名称、所属旗县区、填报人、联系电话、填报日期。填报单位请写全称，不要写“（盖章）”。".into(),
            "3. 数值只填阿拉伯数字，不加单位，单位见“单位”列；每项的口径见选中单元格时的提示。金额按表中单位（如万元）填写，不要写“元”。".into(),
            "4. 百分比填百分数的数值：12.5% 填 12.5（也可直接输入 12.5%）。比例须在 0–100 之间。".into(),
            "5. 没有发生的填“无”或 0；本专科不适用的填“/”；不要留空，空白视为缺失，评分时按 0 分计。不要填“约”“左右”等约数。".into(),
            format!("6. 明细类指标（第{}项）先填数量，可在括号内写明细，如：3（DR、彩超、呼吸机）。第{}项可写成“4张/13.3%”，第{}项可写成“2项/35万元”。", nos(Kind::CountDetail), nos(Kind::CountRate), nos(Kind::CountAmount)),
            format!("7. 第{}项（排名）填名次数字；未进入排行榜填“未上榜”。", nos(Kind::Rank)),
            "8. 期间列的标题是统计期间，请勿修改；同一统计期间只报一份。".into(),
            "9. 填好后保存为 .xlsx 文件（WPS 请选择“Excel 文件(*.xlsx)”），文件名建议为“医院_专科.xlsx”。".into(),
        ],
        Lang::En => vec![
            "Instructions".to_string(),
            format!("1. The form has {count} items. Type each value in the column of its period (such as 2024 Jan–Jun) on the sheet “Survey”; only the white cells can be edited."),
            "2. First fill in the hospital, specialty, county, your name, telephone and the date at the top. Write the hospital's full name, without “(stamp)”.".into(),
            "3. Type numbers only, without units: the unit is in the “Unit” column; what each item counts is shown when its cell is selected. Money in the unit of the form (万元), not in 元.".into(),
            "4. A percentage as its number: 12.5 for 12.5% (or type 12.5%). Rates are between 0 and 100.".into(),
            "5. Type 0 when there is none and / when the item does not apply to the specialty; do not leave a cell blank: a blank counts as missing and scores 0. Do not write approximations (about 8).".into(),
            format!("6. Items with details ({}) take the count first, details in brackets: 3 (DR, ultrasound, ventilator). Item {} may be written 4/13.3%, item {} 2/35万元.", nos(Kind::CountDetail), nos(Kind::CountRate), nos(Kind::CountAmount)),
            format!("7. Item {} (ranking): the position as a number; 未上榜 when not ranked.", nos(Kind::Rank)),
            "8. Do not change the period headings; send one form per period.".into(),
            "9. Save as .xlsx (in WPS choose “Excel file (*.xlsx)”), named hospital_specialty.xlsx.".into(),
        ],
    };
    if let Some(t) = &o.target {
        lines.push(match lang {
            Lang::Zh => format!("10. “{t}”列填写承诺书中该项的建设目标值；没有目标的留空。"),
            Lang::En => format!("10. The column “{t}” takes the target of each item from the commitment; leave it blank where there is none."),
        });
    }
    let title = Format::new()
        .set_font_name(FONT)
        .set_bold()
        .set_font_size(15);
    let body = Format::new()
        .set_font_name(FONT)
        .set_font_size(10.5)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    // Narrow enough to fit A4 at 100 %: LibreOffice measures a character wider than Excel
    // and does not always shrink a sheet to its page.
    const WIDTH: f64 = 74.0;
    ws.set_column_width(0, WIDTH)?;
    for (r, l) in lines.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, l, if r == 0 { &title } else { &body })?;
        let h = if r == 0 {
            24.0
        } else {
            15.0 * wrapped_lines(l, WIDTH) as f64 + 4.0
        };
        ws.set_row_height(r as u32, h)?;
    }
    ws.set_paper_size(9)
        .set_portrait()
        .set_margins(0.6, 0.6, 0.7, 0.7, 0.3, 0.3)
        .set_print_fit_to_pages(1, 1);
    ws.protect();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> &'static Form {
        Form::builtin_static()
    }

    #[test]
    fn hints_name_unit_scope_and_how_to_write() {
        let h = hint(form().item(47).unwrap(), Lang::Zh);
        assert!(
            h.contains("单位：人") && h.contains("口径：3个月以上"),
            "{h}"
        );
        assert!(hint(form().item(25).unwrap(), Lang::Zh).contains("12.5%填12.5"));
        assert!(hint(form().item(63).unwrap(), Lang::Zh).contains("未上榜"));
        for it in form().items() {
            for lang in [Lang::Zh, Lang::En] {
                assert!(hint(it, lang).chars().count() <= 255, "item {}", it.no);
            }
        }
        assert!(!crate::i18n::has_cjk(
            &hint(form().item(3).unwrap(), Lang::En).replace('张', "")
        ));
    }

    #[test]
    fn rules_allow_none_and_not_applicable() {
        assert_eq!(
            rule(form().item(3).unwrap(), "F9"),
            "=OR(F9=\"/\",F9=\"无\",AND(ISNUMBER(F9),F9>=0,F9=INT(F9)))"
        );
        assert!(rule(form().item(27).unwrap(), "F32").contains("F32>0"));
    }

    #[test]
    fn the_suggested_name_is_the_forms() {
        assert_eq!(suggested_name(form()), "重点专科基本情况调查表.xlsx");
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
