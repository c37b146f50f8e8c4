//! Writes `fixtures/`: the submissions of the fictional 北岭旗 and the broken files, each named
//! for what it shows (see `fixtures/README.md`). Run `fixtures/make.sh`, which also converts two
//! of them to .xls and .ods with LibreOffice. Every name here is invented.
//!
//! `cargo run --example make_fixtures -- fixtures revised` writes only `fixtures/revised/` (a
//! revised form, its scheme and submissions made with it), leaving the rest as committed.
//!
//! Ends by asserting that what it wrote reads back.

// The fixtures seed the generator directly; `Rng::new`, which mixes the seed, is bench's.
#[allow(dead_code)]
#[path = "common/synth.rs"]
mod synth;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet};
use std::io::Write;
use std::path::{Path, PathBuf};
use synth::Rng;

/// A value as a hospital might have typed it.
#[derive(Clone, Debug)]
enum V {
    Num(f64),
    /// A number in a cell formatted as a percentage: 12.5 is stored 0.125.
    Pct(f64),
    Text(String),
    /// A formula with its saved result.
    Formula(String, f64),
    Blank,
}

fn t(s: &str) -> V {
    V::Text(s.to_string())
}

/// Plausible, internally consistent values of the 69 items for one unit and year (the shared
/// generator at unit size 1). `growth` lifts the year's volumes a little.
fn numbers(seed: u64, growth: f64) -> Vec<f64> {
    synth::numbers(&mut Rng(seed), 1.0, growth)
}

fn catalog() -> &'static [assess::form::Item] {
    assess::form::Form::builtin_static().items()
}

/// The values of one unit as plain numbers (rates as numbers, compound items as text).
fn plain(seed: u64, growth: f64) -> Vec<V> {
    let n = numbers(seed, growth);
    catalog()
        .iter()
        .map(|it| {
            let x = n[usize::from(it.no)];
            match it.no {
                4 => t(&format!("{}张/{:.1}%", x, x / n[3] * 100.0)),
                5 => {
                    if x == 0.0 {
                        t("无")
                    } else {
                        t(&format!(
                            "{}（{}）",
                            x,
                            ["DR", "彩超", "呼吸机", "监护仪"][..x as usize].join("、")
                        ))
                    }
                }
                56 => {
                    if x == 0.0 {
                        t("无")
                    } else {
                        t(&format!("{}项/{}万元", x, x * 15.0))
                    }
                }
                63 => {
                    if x == 0.0 {
                        t("未上榜")
                    } else {
                        t(&format!("第{}名", x))
                    }
                }
                _ => V::Num(x),
            }
        })
        .collect()
}

/// How a form is laid out on its sheet.
struct Layout {
    title: Option<String>,
    /// Lines above the table: each a list of cells from the first column.
    above: Vec<Vec<String>>,
    /// First row and column of the header.
    at: (u32, u16),
    serial: bool,
    levels: bool,
    /// Extra columns after the periods.
    extra: Vec<&'static str>,
    /// Before the periods.
    unit_col: bool,
    periods: Vec<String>,
    /// Item order (numbers 1–69).
    order: Vec<u8>,
    /// Blank rows after these items.
    blank_after: Vec<u8>,
}

impl Layout {
    fn standard(periods: &[&str]) -> Layout {
        Layout {
            title: Some("重点专科基本情况调查表".into()),
            above: vec![],
            at: (2, 0),
            serial: true,
            levels: true,
            extra: vec!["备注"],
            unit_col: false,
            periods: periods.iter().map(|s| s.to_string()).collect(),
            order: (1..=69).collect(),
            blank_after: vec![],
        }
    }
}

/// Write one form into a worksheet. `values[p][no-1]` per period.
fn write_form(ws: &mut Worksheet, lay: &Layout, values: &[Vec<V>]) {
    let border = Format::new().set_border(FormatBorder::Thin);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let pct = Format::new()
        .set_num_format("0.0%")
        .set_border(FormatBorder::Thin);
    let (r0, c0) = lay.at;
    let mut r = 0u32;
    if let Some(title) = &lay.title {
        let width = 6 + lay.periods.len() as u16;
        ws.merge_range(
            0,
            0,
            0,
            width,
            title,
            &Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
        )
        .unwrap();
        r = 1;
    }
    for line in &lay.above {
        for (i, s) in line.iter().enumerate() {
            ws.write_string(r, i as u16, s).unwrap();
        }
        r += 1;
    }
    let _ = r;
    let mut cols: Vec<&str> = Vec::new();
    if lay.serial {
        cols.push("序号");
    }
    if lay.levels {
        cols.push("一级指标");
        cols.push("二级指标");
    }
    cols.push("三级指标");
    if lay.unit_col {
        cols.push("单位");
    }
    let first_period = c0 + cols.len() as u16;
    for (i, c) in cols.iter().enumerate() {
        ws.write_string_with_format(r0, c0 + i as u16, *c, &head)
            .unwrap();
    }
    for (i, p) in lay.periods.iter().enumerate() {
        ws.write_string_with_format(r0, first_period + i as u16, p, &head)
            .unwrap();
    }
    for (i, e) in lay.extra.iter().enumerate() {
        ws.write_string_with_format(r0, first_period + (lay.periods.len() + i) as u16, *e, &head)
            .unwrap();
    }
    let mut row = r0 + 1;
    let mut last_area = String::new();
    let mut last_group = String::new();
    let mut area_start = row;
    let mut group_start = row;
    let level_col = c0 + u16::from(lay.serial);
    let flush = |ws: &mut Worksheet, from: u32, to: u32, col: u16, text: &str| {
        if text.is_empty() {
            return;
        }
        if to > from {
            ws.merge_range(from, col, to, col, text, &border).unwrap();
        } else {
            ws.write_string_with_format(from, col, text, &border)
                .unwrap();
        }
    };
    for &no in &lay.order {
        let it = &catalog()[usize::from(no) - 1];
        let mut c = c0;
        if lay.serial {
            ws.write_number_with_format(row, c, f64::from(no), &border)
                .unwrap();
            c += 1;
        }
        if lay.levels {
            let area_name = assess::form::Form::builtin_static()
                .area(it.area)
                .map(|a| a.name.clone())
                .unwrap_or_default();
            if area_name != last_area {
                flush(ws, area_start, row.saturating_sub(1), level_col, &last_area);
                last_area = area_name;
                area_start = row;
            }
            if it.group != last_group {
                flush(
                    ws,
                    group_start,
                    row.saturating_sub(1),
                    level_col + 1,
                    &last_group,
                );
                last_group = it.group.clone();
                group_start = row;
            }
            c += 2;
        }
        ws.write_string_with_format(row, c, it.form_label(), &border)
            .unwrap();
        c += 1;
        if lay.unit_col {
            ws.write_string_with_format(row, c, &it.unit, &border)
                .unwrap();
            c += 1;
        }
        for (p, vals) in values.iter().enumerate() {
            let col = c + p as u16;
            match &vals[usize::from(no) - 1] {
                V::Num(x) => ws
                    .write_number_with_format(row, col, *x, &border)
                    .map(|_| ())
                    .unwrap(),
                V::Pct(x) => ws
                    .write_number_with_format(row, col, x / 100.0, &pct)
                    .map(|_| ())
                    .unwrap(),
                V::Text(s) => ws
                    .write_string_with_format(row, col, s, &border)
                    .map(|_| ())
                    .unwrap(),
                V::Formula(f, v) => ws
                    .write_formula_with_format(
                        row,
                        col,
                        Formula::new(f).set_result(v.to_string()),
                        &border,
                    )
                    .map(|_| ())
                    .unwrap(),
                V::Blank => ws.write_blank(row, col, &border).map(|_| ()).unwrap(),
            }
        }
        row += 1;
        if lay.blank_after.contains(&no) {
            row += 1;
        }
    }
    if lay.levels {
        flush(ws, area_start, row - 1, level_col, &last_area);
        flush(ws, group_start, row - 1, level_col + 1, &last_group);
    }
    ws.set_column_width(c0 + cols.len() as u16 - 1, 48).unwrap();
    ws.set_column_width(first_period, 14).unwrap();
    ws.set_column_width(first_period + 1, 14).unwrap();
}

fn save(wb: &mut Workbook, path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    wb.save(path).unwrap();
}

fn one_sheet(path: &Path, sheet: &str, lay: &Layout, values: &[Vec<V>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name(sheet).unwrap();
    write_form(ws, lay, values);
    save(&mut wb, path);
}

/// Rates as percent-formatted cells, the way Excel stores 12.5%.
fn with_percent_cells(vals: Vec<V>) -> Vec<V> {
    vals.into_iter()
        .zip(catalog())
        .map(|(v, it)| match (v, it.kind) {
            (V::Num(x), assess::form::Kind::Rate) => V::Pct(x),
            (v, _) => v,
        })
        .collect()
}

const H1: [&str; 2] = ["2023年1-6月", "2024年1-6月"];

fn submissions(root: &Path) {
    let dir = root.join("submissions");

    // 1. The form as issued: title, labels in one cell, merged 一级/二级 cells, 备注,
    //    percent-formatted rates, compound cells.
    let mut lay = Layout::standard(&H1);
    lay.above = vec![vec![
        "填报单位：北岭旗人民医院    专科名称：心血管内科    所属旗县区：北岭旗".into(),
    ]];
    one_sheet(
        &dir.join("standard-form.xlsx"),
        "调查表",
        &lay,
        &[
            with_percent_cells(plain(11, 1.0)),
            with_percent_cells(plain(12, 1.08)),
        ],
    );

    // 2. Values as people type them, labels side by side.
    let mut lay = Layout::standard(&H1);
    lay.title = Some("北岭旗临床重点专科基本情况调查表".into());
    lay.above = vec![vec![
        "医院名称".into(),
        "北岭旗人民医院".into(),
        "".into(),
        "科室".into(),
        "神经内科".into(),
    ]];
    let mut a = plain(21, 1.0);
    let mut b = plain(22, 1.1);
    // Typed forms for some items, in both periods.
    for (vals, k) in [(&mut a, 0usize), (&mut b, 1)] {
        let n = numbers(21 + k as u64, if k == 0 { 1.0 } else { 1.1 });
        vals[0] = t(&format!("{}平方米", n[1]));
        vals[1] = t(&format!(" {} ", n[2]));
        vals[2] = t(&format!("{}张", n[3]));
        vals[5] = t(&to_full_width(&format!("{}", n[6])));
        vals[7] = V::Formula(format!("={}+0", n[8]), n[8]);
        vals[20] = t(&thousands(n[21]));
        vals[24] = t(&format!("{}%", n[25]));
        vals[32] = t("无");
        vals[40] = t("/");
        vals[45] = t(&format!("{}％", to_full_width(&format!("{}", n[46]))));
        vals[48] = t("无");
        vals[52] = t(&format!("{}人次", n[53]));
        vals[62] = t("第12名");
    }
    a[4] = t("3（DR、彩超、呼吸机）");
    one_sheet(&dir.join("values-as-typed.xlsx"), "Sheet1", &lay, &[a, b]);

    // 3. One workbook per hospital, a sheet per specialty, an instructions sheet.
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet().set_name("填表说明").unwrap();
    notes
        .write_string(0, 0, "填表说明：请各专科如实填写，数值填阿拉伯数字。")
        .unwrap();
    for (name, seed) in [("骨科", 31u64), ("妇产科", 33)] {
        let mut lay = Layout::standard(&H1);
        lay.above = vec![vec!["填报单位：北岭旗第二人民医院".into()]];
        let ws = wb.add_worksheet().set_name(name).unwrap();
        write_form(ws, &lay, &[plain(seed, 1.0), plain(seed + 1, 1.05)]);
    }
    save(&mut wb, &dir.join("sheet-per-specialty.xlsx"));

    // 4. The table moved, no 序号, no 一级/二级, rows reordered, blank rows, a 单位 column,
    //    periods written 上半年.
    let mut lay = Layout::standard(&["2023年上半年", "2024年上半年"]);
    lay.title = None;
    lay.above = vec![
        vec!["".into(), "".into(), "单位名称：北岭旗蒙医医院".into()],
        vec!["".into(), "".into(), "专科名称：肿瘤科".into()],
    ];
    lay.at = (4, 2);
    lay.serial = false;
    lay.levels = false;
    lay.unit_col = true;
    lay.extra = vec![];
    lay.order = (1..=69).rev().collect();
    lay.blank_after = vec![60, 40, 20];
    one_sheet(
        &dir.join("table-moved-rows-reordered.xlsx"),
        "肿瘤科",
        &lay,
        &[plain(41, 1.0), plain(42, 0.95)],
    );

    // 5. CSV in GBK, the unit in the file name.
    write_csv(
        &dir.join("北岭旗蒙医医院_康复医学科.csv"),
        &[],
        &H1,
        &[plain(51, 1.0), plain(52, 1.02)],
        Enc::Gbk,
    );

    // 6. CSV in UTF-8 with BOM, labels inside.
    write_csv(
        &dir.join("utf8-bom.csv"),
        &["填报单位：北岭旗妇幼保健院", "专科名称：儿科"],
        &H1,
        &[plain(61, 1.0), plain(62, 1.04)],
        Enc::Utf8Bom,
    );

    // 7 and 8: sources for LibreOffice (see make.sh): .xls and .ods with percent cells, the
    //    unit in the folder path.
    let src = root.join("sources");
    let lay = Layout::standard(&H1);
    one_sheet(
        &src.join("重症医学科.xlsx"),
        "Sheet1",
        &lay,
        &[
            with_percent_cells(plain(71, 1.0)),
            with_percent_cells(plain(72, 1.1)),
        ],
    );
    one_sheet(
        &src.join("骨科.xlsx"),
        "Sheet1",
        &lay,
        &[
            with_percent_cells(plain(81, 1.0)),
            with_percent_cells(plain(82, 0.97)),
        ],
    );
}

enum Enc {
    Gbk,
    Utf8Bom,
}

fn write_csv(path: &Path, above: &[&str], periods: &[&str], values: &[Vec<V>], enc: Enc) {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![]);
    for a in above {
        w.write_record([*a]).unwrap();
    }
    let mut head = vec!["序号", "一级指标", "二级指标", "三级指标"];
    head.extend(periods);
    w.write_record(&head).unwrap();
    for it in catalog() {
        let mut rec = vec![
            it.no.to_string(),
            String::new(),
            String::new(),
            it.form_label(),
        ];
        for vals in values {
            rec.push(match &vals[usize::from(it.no) - 1] {
                V::Num(x) | V::Pct(x) | V::Formula(_, x) => assess::text::fmt_number(*x),
                V::Text(s) => s.clone(),
                V::Blank => String::new(),
            });
        }
        w.write_record(&rec).unwrap();
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let bytes = match enc {
        Enc::Gbk => encoding_rs::GBK.encode(&text).0.into_owned(),
        Enc::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    };
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn to_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            '.' => '．',
            c => c,
        })
        .collect()
}

fn thousands(x: f64) -> String {
    let s = format!("{}", x as i64);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn broken(root: &Path) {
    let dir = root.join("broken");
    std::fs::create_dir_all(&dir).unwrap();
    // Each file its own specialty, so that only the duplicate pair is a duplicate.
    let base = |specialty: &str| {
        let mut lay = Layout::standard(&H1);
        lay.above = vec![vec![format!(
            "填报单位：北岭旗第三人民医院    专科名称：{specialty}"
        )]];
        lay
    };

    // A valid workbook cut short, as an interrupted download leaves it.
    let good = root.join("submissions/standard-form.xlsx");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(dir.join("truncated.xlsx"), &bytes[..bytes.len() * 6 / 10]).unwrap();

    // Text with a spreadsheet's name.
    std::fs::write(
        dir.join("text-named.xlsx"),
        "这不是表格文件，只是一段文字。\n",
    )
    .unwrap();

    // An encrypted workbook: Office wraps it in a compound file with these streams.
    {
        let f = std::fs::File::create(dir.join("password-protected.xlsx")).unwrap();
        let mut c = cfb::CompoundFile::create(f).unwrap();
        c.create_stream("/EncryptionInfo")
            .unwrap()
            .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
            .unwrap();
        c.create_stream("/EncryptedPackage")
            .unwrap()
            .write_all(&[0u8; 4096])
            .unwrap();
        c.flush().unwrap();
    }

    // A zip bomb: a tiny file that unpacks to a gigabyte.
    {
        let f = std::fs::File::create(dir.join("zip-bomb.xlsx")).unwrap();
        let mut z = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9))
            .large_file(true);
        z.start_file("[Content_Types].xml", opts).unwrap();
        z.write_all(b"<Types/>").unwrap();
        z.start_file("xl/workbook.xml", opts).unwrap();
        z.write_all(b"<workbook/>").unwrap();
        z.start_file("xl/sharedStrings.xml", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..1024 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
    }

    // A good survey with one stray value in the last cell of the sheet.
    {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("Sheet1").unwrap();
        write_form(ws, &base("眼科"), &[plain(91, 1.0), plain(92, 1.0)]);
        ws.write_string(1_048_575, 16_383, "x").unwrap();
        save(&mut wb, &dir.join("stray-cell-XFD1048576.xlsx"));
    }

    // No survey table at all.
    {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("说明").unwrap();
        ws.write_string(0, 0, "本院本年度无重点专科申报。").unwrap();
        save(&mut wb, &dir.join("no-table.xlsx"));
    }

    // Values that cannot be right, and values to look at.
    {
        let mut a = plain(93, 1.0);
        let n = numbers(93, 1.0);
        a[2] = V::Num(-3.0); // 3 open beds negative
        a[3] = V::Num(n[3] + 50.0); // 4 ICU beds above open beds? (3 is negative here)
        a[6] = V::Num(12.5); // 7 nurses fractional
        a[20] = t("较多"); // 21 unreadable
        a[24] = V::Num(130.0); // 25 rate above 100
        a[26] = V::Num(12.0); // 27 CMI implausible
        a[28] = V::Num(n[22] + 100.0); // 29 surgeries above discharges
        a[29] = V::Num(n[22] + 200.0); // 30 grade-4 above surgeries
        a[30] = V::Num(n[22] + 300.0); // 31 minimally invasive above surgeries
        a[31] = V::Formula("=1/0".into(), 0.0); // 32 error cell, written below
        a[36] = V::Blank; // 37 missing
        a[43] = V::Num(350.0); // 44 DDDs implausible
        a[46] = V::Formula("=A1*2".into(), 0.0); // 47 formula, result removed below
        a[9] = V::Num(n[10] + 5.0); // 10 education no longer adds up
        a[16] = V::Num(n[17] + 2.0); // 17 age no longer adds up
        a[13] = V::Num(n[14] + 40.0); // 14 titles exceed staff
        let mut b = plain(94, 1.0);
        b[2] = V::Num(n[3]);
        b[3] = V::Num(n[3] + 1.0); // 4 ICU beds above open beds
        b[14] = V::Num(0.0);
        b[15] = V::Num(0.0);
        b[16] = V::Num(0.0);
        b[13] = V::Num(0.0);
        b[19] = t("2024-05-01"); // text date is unreadable as a number
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("Sheet1").unwrap();
        write_form(ws, &base("呼吸内科"), &[a, b]);
        // An error value as Excel saves it, and a date cell.
        ws.write_formula(3 + 31, 4, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        ws.write_number_with_format(
            3 + 20,
            5,
            45413.0,
            &Format::new().set_num_format("yyyy-mm-dd"),
        )
        .unwrap();
        let path = dir.join("data-errors.xlsx");
        save(&mut wb, &path);
        strip_formula_results(&path, "A1*2");
    }

    // Items missing, repeated and unrecognised.
    {
        let mut lay = base("泌尿外科");
        lay.order = (1..=69).filter(|n| ![12, 50].contains(n)).collect();
        lay.order.insert(30, 22); // 22 twice
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("Sheet1").unwrap();
        write_form(ws, &lay, &[plain(95, 1.0), plain(96, 1.0)]);
        ws.write_number(3 + 68, 0, 70.0).unwrap();
        ws.write_string(3 + 68, 3, "2.8.1 科室自定义指标").unwrap();
        ws.write_number(3 + 68, 4, 5.0).unwrap();
        save(
            &mut wb,
            &dir.join("items-missing-repeated-unrecognised.xlsx"),
        );
    }

    // A header without a period column.
    {
        let mut lay = base("皮肤科");
        lay.periods = vec!["本期数值".into()];
        one_sheet(
            &dir.join("no-period-column.xlsx"),
            "Sheet1",
            &lay,
            &[plain(97, 1.0)],
        );
    }

    // A period column left blank.
    {
        let blank = vec![V::Blank; 69];
        one_sheet(
            &dir.join("empty-period-column.xlsx"),
            "Sheet1",
            &base("口腔科"),
            &[blank, plain(98, 1.0)],
        );
    }

    // The same unit and period sent twice.
    for name in ["duplicate-first.xlsx", "duplicate-second.xlsx"] {
        let mut lay = Layout::standard(&["2024年1-6月"]);
        lay.above = vec![vec![
            "填报单位：北岭旗第三人民医院    专科名称：消化内科".into()
        ]];
        one_sheet(&dir.join(name), "Sheet1", &lay, &[plain(99, 1.0)]);
    }
}

/// Remove the saved result of formulas whose text contains `marker`, as a generator that does
/// not calculate would leave them.
fn strip_formula_results(path: &Path, marker: &str) {
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if name.starts_with("xl/worksheets/") {
            let s = String::from_utf8(data).unwrap();
            let f_tag = format!("<f>{marker}</f>");
            let mut s2 = String::new();
            let mut rest = s.as_str();
            while let Some(i) = rest.find(&f_tag) {
                s2.push_str(&rest[..i + f_tag.len()]);
                rest = &rest[i + f_tag.len()..];
                if let Some(end) = rest.find("</v>") {
                    if rest.starts_with("<v>") {
                        rest = &rest[end + 4..];
                    }
                }
            }
            s2.push_str(rest);
            data = s2.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[path = "../tests/common/template_sample.rs"]
mod template_sample;

/// A template filled in by a program; make.sh has LibreOffice save it again as .xlsx, .xls, .ods.
fn template(root: &Path) {
    let form = assess::output::template::write(
        assess::form::Form::builtin_static(),
        &assess::output::template::TemplateOptions {
            periods: H1.iter().map(|s| s.to_string()).collect(),
            county: Some("北岭旗".into()),
            hospital: Some("北岭旗人民医院".into()),
            specialty: Some("心血管内科".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let filled = assess::output::template::fill_cells(&form, &template_sample::sample(2)).unwrap();
    std::fs::create_dir_all(root.join("template")).unwrap();
    std::fs::write(root.join("template/filled.xlsx"), filled).unwrap();
}

// The revised form of 2026 and the submissions made with it (`fixtures/revised/`): the proof
// that the form is data. Four items added, one removed, the items after them renumbered, one
// moved; five units of 北岭旗 answer it for 2025年1-6月 after answering the current form for
// 2024年1-6月.

/// An item the revised form adds, placed after the item with key `after`.
struct NewItem {
    after: &'static str,
    code: &'static str,
    name: &'static str,
    name_en: &'static str,
    unit: &'static str,
    kind: &'static str,
    direction: &'static str,
}

const NEW_ITEMS: [NewItem; 4] = [
    NewItem {
        after: "2.1.5",
        code: "2.1.6",
        name: "互联网诊疗人次",
        name_en: "Internet consultations",
        unit: "人次",
        kind: "count",
        direction: "higher",
    },
    NewItem {
        after: "2.3.9",
        code: "2.3.10",
        name: "临床路径入径率",
        name_en: "Clinical pathway enrolment rate",
        unit: "%",
        kind: "rate",
        direction: "higher",
    },
    NewItem {
        after: "3.4.5",
        code: "3.4.6",
        name: "牵头或参与制定标准、指南数量",
        name_en: "Standards and guidelines drafted",
        unit: "项",
        kind: "count",
        direction: "higher",
    },
    NewItem {
        after: "4.1.4",
        code: "4.1.5",
        name: "互联网诊疗患者满意度",
        name_en: "Internet consultation patient satisfaction",
        unit: "%",
        kind: "rate",
        direction: "higher",
    },
];

/// The item the revised form drops (its only item of 3.2高层次人才).
const REMOVED: &str = "3.2.1";
/// The item the revised form moves: from the head of 3.7声誉和影响力 to its end.
const MOVED: (&str, &str) = ("3.7.1", "3.7.3");

/// A cross-item rule over a new item, beside the built-in rules (none of which names 3.2.1).
const REVISED_RULE: &str = "part-over-whole,not_above,2.1.6,2.1.1\n";

/// The revised form as CSV, in the columns of `data/forms/survey.csv`.
fn revised_form_csv() -> String {
    let builtin = assess::form::Form::builtin_static();
    // The items in their new order: area, then code, group, group_en, name, name_en, unit,
    // kind, direction.
    let old = |it: &assess::form::Item| {
        (
            it.area,
            [
                &it.code,
                &it.group,
                &it.group_en,
                &it.name,
                &it.name_en,
                &it.unit,
                it.kind.as_str(),
                it.direction.as_str(),
            ]
            .map(String::from),
        )
    };
    let mut rows: Vec<(u8, [String; 8])> = Vec::new();
    for it in builtin.items() {
        if it.key() == REMOVED || it.key() == MOVED.0 {
            continue;
        }
        rows.push(old(it));
        if it.key() == MOVED.1 {
            rows.push(old(builtin.find(MOVED.0).unwrap()));
        }
        for n in NEW_ITEMS.iter().filter(|n| n.after == it.key()) {
            rows.push((
                it.area,
                [
                    n.code,
                    &it.group,
                    &it.group_en,
                    n.name,
                    n.name_en,
                    n.unit,
                    n.kind,
                    n.direction,
                ]
                .map(String::from),
            ));
        }
    }
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record([
        "no",
        "code",
        "area",
        "area_en",
        "group",
        "group_en",
        "name",
        "name_en",
        "unit",
        "kind",
        "direction",
    ])
    .unwrap();
    for (k, (area, f)) in rows.iter().enumerate() {
        let a = builtin.area(*area).unwrap();
        let mut rec = vec![
            (k + 1).to_string(),
            f[0].clone(),
            a.name.clone(),
            a.name_en.clone(),
        ];
        rec.extend(f[1..].iter().cloned());
        w.write_record(&rec).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// The units that answer both forms, each with the seed of its numbers.
const REVISED_UNITS: [(&str, &str, u64); 5] = [
    ("北岭旗人民医院", "心血管内科", 111),
    ("北岭旗人民医院", "神经内科", 121),
    ("北岭旗第二人民医院", "骨科", 131),
    ("北岭旗蒙医医院", "肿瘤科", 141),
    ("北岭旗中医医院", "重症医学科", 151),
];

/// A unit's values on the revised form: the items it shares with the current form as
/// `plain` writes them, the new items invented consistently (internet visits are a share of
/// outpatient visits, so the custom rule holds).
fn revised_values(form: &assess::form::Form, seed: u64, growth: f64) -> Vec<V> {
    let builtin = assess::form::Form::builtin_static();
    let old = plain(seed, growth);
    let n = numbers(seed, growth);
    let mut r = Rng(seed ^ 0x2026);
    form.items()
        .iter()
        .map(|it| match builtin.index_of(it.key()) {
            Some(i) => old[i].clone(),
            None => match it.code.as_str() {
                "2.1.6" => V::Num((n[21] * r.dec(0.05, 0.2, 2)).round()),
                "2.3.10" => V::Num(r.dec(40.0, 90.0, 1)),
                "3.4.6" => V::Num(r.int(0, 3)),
                "4.1.5" => V::Num(r.dec(85.0, 99.0, 1)),
                other => panic!("no values for the new item {other}"),
            },
        })
        .collect()
}

/// Rates of any form as percent-formatted cells.
fn percent_cells_of(form: &assess::form::Form, vals: Vec<V>) -> Vec<V> {
    vals.into_iter()
        .zip(form.items())
        .map(|(v, it)| match (v, it.kind) {
            (V::Num(x), assess::form::Kind::Rate) => V::Pct(x),
            (v, _) => v,
        })
        .collect()
}

/// One period of any form on a sheet: title, the unit's labels in one cell, the header, the
/// items in the form's order with 一级/二级 written once per run (as merged cells read), and a
/// 备注 column. Without `serial`, no 序号 column: items are recognised by code and name only.
fn write_any_form(
    ws: &mut Worksheet,
    form: &assess::form::Form,
    labels: &str,
    period: &str,
    serial: bool,
    values: &[V],
) {
    let border = Format::new().set_border(FormatBorder::Thin);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let pct = Format::new()
        .set_num_format("0.0%")
        .set_border(FormatBorder::Thin);
    ws.write_string_with_format(
        0,
        0,
        "重点专科基本情况调查表（2026年修订）",
        &Format::new().set_bold().set_font_size(16),
    )
    .unwrap();
    ws.write_string(1, 0, labels).unwrap();
    let mut cols = vec![];
    if serial {
        cols.push("序号");
    }
    cols.extend(["一级指标", "二级指标", "三级指标", period, "备注"]);
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &head).unwrap();
    }
    let c0 = u16::from(serial);
    let (mut area, mut group) = (0u8, String::new());
    for (i, (it, v)) in form.items().iter().zip(values).enumerate() {
        let r = 3 + i as u32;
        if serial {
            ws.write_number_with_format(r, 0, f64::from(it.no), &border)
                .unwrap();
        }
        if it.area != area {
            area = it.area;
            ws.write_string_with_format(r, c0, &form.area(area).unwrap().name, &border)
                .unwrap();
        }
        if it.group != group {
            group = it.group.clone();
            ws.write_string_with_format(r, c0 + 1, &group, &border)
                .unwrap();
        }
        ws.write_string_with_format(r, c0 + 2, it.form_label(), &border)
            .unwrap();
        let c = c0 + 3;
        match v {
            V::Num(x) => ws.write_number_with_format(r, c, *x, &border).map(|_| ()),
            V::Pct(x) => ws
                .write_number_with_format(r, c, x / 100.0, &pct)
                .map(|_| ()),
            V::Text(s) => ws.write_string_with_format(r, c, s, &border).map(|_| ()),
            V::Formula(f, x) => ws
                .write_formula_with_format(r, c, Formula::new(f).set_result(x.to_string()), &border)
                .map(|_| ()),
            V::Blank => ws.write_blank(r, c, &border).map(|_| ()),
        }
        .unwrap();
    }
    ws.set_column_width(c0 + 2, 48).unwrap();
    ws.set_column_width(c0 + 3, 14).unwrap();
}

/// Save with a fixed creation time, so that running the generator again writes the same bytes.
fn save_dated(wb: &mut Workbook, path: &Path) {
    let when = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 7, 10).unwrap();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&when));
    save(wb, path);
}

/// One period of any form as CSV in UTF-8 with a BOM, the unit's labels in the first lines.
fn write_any_csv(
    path: &Path,
    form: &assess::form::Form,
    labels: &[&str],
    period: &str,
    values: &[V],
) {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![]);
    for l in labels {
        w.write_record([*l]).unwrap();
    }
    w.write_record(["序号", "一级指标", "二级指标", "三级指标", period])
        .unwrap();
    for (it, v) in form.items().iter().zip(values) {
        let value = match v {
            V::Num(x) | V::Pct(x) | V::Formula(_, x) => assess::text::fmt_number(*x),
            V::Text(s) => s.clone(),
            V::Blank => String::new(),
        };
        w.write_record([
            it.no.to_string(),
            String::new(),
            String::new(),
            it.form_label(),
            value,
        ])
        .unwrap();
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()).unwrap();
}

/// `fixtures/revised/`: the revised form and its rules, a scheme for it, and the five units'
/// submissions, 2024年1-6月 on the current form and 2025年1-6月 on the revised one.
fn revised(root: &Path) {
    let dir = root.join("revised");
    let subs = dir.join("submissions");
    std::fs::create_dir_all(&subs).unwrap();
    let form_path = dir.join("调查表2026.csv");
    std::fs::write(&form_path, revised_form_csv()).unwrap();
    std::fs::write(
        dir.join("调查表2026.rules.csv"),
        format!(
            "{}{REVISED_RULE}",
            include_str!("../data/forms/survey.rules.csv")
        ),
    )
    .unwrap();
    let form = assess::form::Form::load(&form_path).unwrap();
    assert_eq!(form.len(), 72);

    // The scheme as `assess scheme --form 调查表2026.csv -o 方案2026.toml` writes it, with the
    // new items added (3.2.1 stays: the run notes that the form has no such item).
    let mut scheme = assess::scheme::Preset::Default.scheme();
    let rule = |weight: f64, bench: Option<(f64, f64)>| assess::scheme::ItemRule {
        weight,
        full: bench.map(|b| b.0),
        zero: bench.map(|b| b.1),
        direction: None,
    };
    scheme.items.insert("2.1.6".into(), rule(1.0, None));
    scheme
        .items
        .insert("2.3.10".into(), rule(1.0, Some((80.0, 40.0))));
    scheme.items.insert("3.4.6".into(), rule(1.0, None));
    scheme
        .items
        .insert("4.1.5".into(), rule(1.0, Some((98.0, 85.0))));
    std::fs::write(dir.join("方案2026.toml"), scheme.to_toml(&form)).unwrap();

    for (k, (hospital, specialty, seed)) in REVISED_UNITS.iter().enumerate() {
        let labels = format!("填报单位：{hospital}    专科名称：{specialty}    所属旗县区：北岭旗");
        let name = |year: &str, ext: &str| {
            subs.join(format!("{year}年1-6月_{hospital}_{specialty}.{ext}"))
        };

        // 2024年1-6月, on the current form.
        let mut lay = Layout::standard(&["2024年1-6月"]);
        lay.above = vec![vec![labels.clone()]];
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("调查表").unwrap();
        write_form(ws, &lay, &[with_percent_cells(plain(*seed, 1.0))]);
        save_dated(&mut wb, &name("2024", "xlsx"));

        // 2025年1-6月, on the revised form: as issued with percent cells (units 0 and 4), plain
        // numbers (1), without the 序号 column (2), as CSV (3).
        let vals = revised_values(&form, seed + 1, 1.06);
        if k == 3 {
            write_any_csv(
                &name("2025", "csv"),
                &form,
                &[
                    &format!("填报单位：{hospital}"),
                    &format!("专科名称：{specialty}"),
                    "所属旗县区：北岭旗",
                ],
                "2025年1-6月",
                &vals,
            );
            continue;
        }
        let vals = if k == 0 || k == 4 {
            percent_cells_of(&form, vals)
        } else {
            vals
        };
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("调查表").unwrap();
        write_any_form(ws, &form, &labels, "2025年1-6月", k != 2, &vals);
        save_dated(&mut wb, &name("2025", "xlsx"));
    }
}

fn main() {
    let root: PathBuf = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| "fixtures".into());
    // `make_fixtures fixtures revised` writes only `fixtures/revised/`, leaving the other
    // fixtures byte for byte as committed.
    if std::env::args().nth(2).as_deref() == Some("revised") {
        revised(&root);
        println!(
            "revised fixtures written to {}",
            root.join("revised").display()
        );
        return;
    }
    submissions(&root);
    broken(&root);
    template(&root);
    revised(&root);
    // What was written reads back.
    for f in [
        "standard-form.xlsx",
        "values-as-typed.xlsx",
        "sheet-per-specialty.xlsx",
    ] {
        let book = assess::read::read_path(&root.join("submissions").join(f), &Default::default())
            .unwrap()
            .unwrap();
        assert!(!book.sheets.is_empty(), "{f}");
    }
    println!("fixtures written to {}", root.display());
}
