//! The sentences the clerk reads for each finding, in Chinese and in English. Each sentence
//! names the item by number and name, says what was found and what to type instead; it is the
//! text a clerk forwards to a hospital to get a value fixed. [`message`] gives each
//! [`Finding`] to the function for its family in an exhaustive match, and every sentence is
//! chosen by an exhaustive match on the language, so a finding without a sentence in both
//! languages does not compile.

use crate::diag::{Diagnostic, Finding, ItemName, NameSource, UnitField};
use crate::i18n::Lang;
use crate::read::{Limit, ReadError};
use crate::text::fmt_number;

/// Longest cell text quoted in a message; longer text is cut with `…`.
const QUOTE_CHARS: usize = 60;

/// `“12.5%”`, cut when long, control characters shown as `�`.
pub fn quote(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = clean.trim();
    let cut: String = clean.chars().take(QUOTE_CHARS).collect();
    if clean.chars().count() > QUOTE_CHARS {
        format!("“{cut}…”")
    } else {
        format!("“{cut}”")
    }
}

/// `第3项“科室开放床位数”` / `item 3 (Open beds)`.
pub fn item_text(it: &ItemName, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{}项“{}”", it.no, it.name),
        Lang::En => format!(
            "item {} ({})",
            it.no,
            if it.name_en.is_empty() {
                &it.name
            } else {
                &it.name_en
            }
        ),
    }
}

/// Items 9–13 or 6, 7 and 8, with their names.
fn items_text(items: &[ItemName], lang: Lang) -> String {
    let nos: Vec<u8> = items.iter().map(|i| i.no).collect();
    let consecutive = nos.windows(2).all(|w| w[1] == w[0] + 1) && nos.len() > 2;
    let numbers = if consecutive {
        format!("{}–{}", nos[0], nos[nos.len() - 1])
    } else {
        nos.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    };
    let names = items
        .iter()
        .map(|i| lang.name(&i.name, &i.name_en).to_string())
        .collect::<Vec<_>>()
        .join(lang.pick("＋", " + "));
    match (lang, items.len()) {
        (Lang::Zh, 1) => item_text(&items[0], lang),
        (Lang::Zh, _) => format!("第{numbers}项（{names}）"),
        (Lang::En, 1) => item_text(&items[0], lang),
        (Lang::En, _) => format!("items {numbers} ({names})"),
    }
}

fn unit_word(it: Option<&ItemName>, lang: Lang) -> String {
    match it {
        Some(i) if !i.unit.is_empty() => match lang {
            Lang::Zh => format!("（单位：{}）", i.unit),
            Lang::En => format!(" (unit: {})", crate::i18n::unit(&i.unit, lang)),
        },
        _ => String::new(),
    }
}

fn field_word(f: UnitField, lang: Lang) -> &'static str {
    match f {
        UnitField::County => lang.pick("旗县区", "county"),
        UnitField::Hospital => lang.pick("医院", "hospital"),
        UnitField::Specialty => lang.pick("专科", "specialty"),
    }
}

/// How a read error is told to the clerk.
pub fn read_error(e: &ReadError, lang: Lang) -> String {
    match (e, lang) {
        (ReadError::Io(why), Lang::Zh) => format!("无法打开文件：{}", why.text(lang)),
        (ReadError::Io(why), Lang::En) => format!("cannot open the file: {}", why.text(lang)),
        (ReadError::NotRegular(kind), Lang::Zh) => format!(
            "这不是普通文件（是{}），只读取普通文件",
            match *kind {
                "a folder" => "文件夹",
                "a named pipe (FIFO)" => "命名管道",
                "a socket" => "套接字",
                "a device" => "设备",
                _ => "特殊文件",
            }
        ),
        (ReadError::NotRegular(kind), Lang::En) => {
            format!("this is {kind}, not a file; only regular files are read")
        }
        (ReadError::Empty, Lang::Zh) => "文件是空的（0字节）".into(),
        (ReadError::Empty, Lang::En) => "the file is empty (0 bytes)".into(),
        (ReadError::FileTooLarge { size_mb, max_mb }, Lang::Zh) => format!(
            "文件有{size_mb} MB，超过调查表文件上限{max_mb} MB，未读取；请删除其中的图片或无关工作表后重新保存"
        ),
        (ReadError::FileTooLarge { size_mb, max_mb }, Lang::En) => format!(
            "the file is {size_mb} MB, more than the {max_mb} MB a survey can be; refused. Remove pictures or unrelated sheets and save it again"
        ),
        (ReadError::NotSpreadsheet { ext, found }, Lang::Zh) => format!(
            "文件名是 .{ext}，但内容不是表格，而是{}",
            found_zh(found)
        ),
        (ReadError::NotSpreadsheet { ext, found }, Lang::En) => {
            format!("the file is named .{ext} but is not a spreadsheet: it holds {found}")
        }
        (ReadError::Encrypted, Lang::Zh) => {
            "文件设有打开密码；请医院取消密码后重新发送".into()
        }
        (ReadError::Encrypted, Lang::En) => {
            "the file is protected with a password; ask the hospital to send it again without one"
                .into()
        }
        // The technical detail is in English; the clerk's sentence stands without it (run
        // with --lang en to see it).
        (ReadError::Damaged(_), Lang::Zh) => {
            "文件已损坏，无法打开；请医院用 Excel 或 WPS 重新保存后再发送".into()
        }
        (ReadError::Truncated, Lang::Zh) => {
            "文件不完整（多为下载或拷贝时被截断），无法打开；请医院重新发送".into()
        }
        (ReadError::Truncated, Lang::En) => e.to_string(),
        (ReadError::Damaged(why), Lang::En) => format!(
            "the file is damaged and cannot be opened ({why}); ask the hospital to save it again and resend it"
        ),
        (ReadError::Bomb(mb), Lang::Zh) => format!(
            "文件解压后超过{mb} MB（疑似“压缩炸弹”），为安全起见未读取"
        ),
        (ReadError::Bomb(mb), Lang::En) => format!(
            "the file would unpack to more than {mb} MB (a \"zip bomb\"); refused for safety"
        ),
        (ReadError::TooLarge(limit), Lang::Zh) => format!(
            "文件大得不像调查表（{}），为安全起见未读取；如确为调查表，请删除表格远处多余的单元格和工作表后重新保存",
            limit_text(limit, lang)
        ),
        (ReadError::TooLarge(limit), Lang::En) => format!(
            "the file is too large to be a survey ({}); refused for safety. If it is a real survey, delete the stray cells and sheets far from the table and save it again",
            limit_text(limit, lang)
        ),
        (ReadError::Panic(why), Lang::Zh) => {
            format!("读取程序意外出错（{why}），文件可能已损坏")
        }
        (ReadError::Panic(why), Lang::En) => format!(
            "the program reading the file failed unexpectedly ({why}); the file is probably damaged"
        ),
    }
}

fn found_zh(found: &str) -> &'static str {
    match found {
        "plain text" => "纯文本",
        "a PDF document" => "PDF文档",
        "a Word document" => "Word文档",
        "a PowerPoint presentation" => "PowerPoint演示文稿",
        "a zip archive" => "压缩包",
        "a damaged Office file" => "损坏的Office文件",
        "an Office file that is not a workbook" => "不是工作簿的Office文件",
        s if s.starts_with("an Excel binary workbook") => {
            "Excel二进制工作簿（.xlsb），请另存为 .xlsx"
        }
        s if s.starts_with("a web page") => "网页（HTML），请用Excel打开后另存为 .xlsx",
        _ => "未知类型的数据",
    }
}

fn limit_text(l: &Limit, lang: Lang) -> String {
    let mb = |b: usize| b / 1024 / 1024;
    match (l, lang) {
        (Limit::Cells(n), Lang::Zh) => format!("超过{n}个有内容的单元格"),
        (Limit::Cells(n), Lang::En) => format!("more than {n} filled cells"),
        (Limit::TextBytes(b), Lang::Zh) => format!("单元格文字超过{} MB", mb(*b)),
        (Limit::TextBytes(b), Lang::En) => format!("more than {} MB of text in its cells", mb(*b)),
        (Limit::Sheets(n), Lang::Zh) => format!("超过{n}张工作表"),
        (Limit::Sheets(n), Lang::En) => format!("more than {n} worksheets"),
    }
}

/// The sentence for a diagnostic, from the function for its family of findings.
pub fn message(d: &Diagnostic, lang: Lang) -> String {
    match &d.finding {
        Finding::Unreadable(_)
        | Finding::NotASpreadsheet
        | Finding::FolderUnreadable { .. }
        | Finding::FolderTooDeep { .. }
        | Finding::TextInvalidBytes { .. }
        | Finding::TextTruncated { .. } => reading_message(d, lang),
        Finding::NoTable { .. }
        | Finding::NoPeriod { .. }
        | Finding::PeriodEmpty { .. }
        | Finding::PeriodRepeated { .. }
        | Finding::PeriodFuture { .. }
        | Finding::PeriodNameMismatch { .. } => period_message(d, lang),
        Finding::SheetHidden { .. }
        | Finding::UnitsSideBySide { .. }
        | Finding::StrayCell { .. } => sheet_message(d, lang),
        Finding::ItemMissing
        | Finding::ItemUnrecognised { .. }
        | Finding::ItemRepeated { .. }
        | Finding::ItemBySerial { .. }
        | Finding::TotalRowSkipped { .. } => row_message(d, lang),
        Finding::ValueBelowName {
            raw,
            item_row,
            merged,
            used,
        } => value_below_name_message(d, raw, *item_row, *merged, *used, lang),
        Finding::ValueUnreadable { .. }
        | Finding::ValueDate { .. }
        | Finding::ValueErrorCell { .. }
        | Finding::ValueDash { .. }
        | Finding::ValueMissing
        | Finding::FormulaNoResult => unread_value_message(d, lang),
        Finding::ValueNegative { .. }
        | Finding::ValueRange { .. }
        | Finding::ValueImplausible { .. }
        | Finding::RateOutOfRange { .. }
        | Finding::CountFractional { .. } => impossible_value_message(d, lang),
        Finding::ValueDecimalComma { .. }
        | Finding::ValueExtraText { .. }
        | Finding::ValueConverted { .. }
        | Finding::ValueApproximate { .. } => interpreted_value_message(d, lang),
        Finding::RateAsFraction { .. }
        | Finding::ValueCheckUnit { .. }
        | Finding::OutOfRange { .. } => cohort_check_message(d, lang),
        Finding::NotAbove { .. } | Finding::SumMismatch { .. } => sum_check_message(d, lang),
        Finding::DuplicateSubmission { .. }
        | Finding::UnitUnknown { .. }
        | Finding::UnitFromName { .. } => unit_message(d, lang),
        Finding::NameUnknown { .. } | Finding::NameLinked { .. } | Finding::NameAlias { .. } => {
            name_message(d, lang)
        }
    }
}

/// What stopped or changed the reading of a file, a folder or a cell's text.
fn reading_message(d: &Diagnostic, lang: Lang) -> String {
    match &d.finding {
        Finding::Unreadable(e) => read_error(e, lang),
        Finding::NotASpreadsheet => match lang {
            Lang::Zh => {
                "这不是表格文件；assess 读取 .xlsx、.xlsm、.xls、.et、.ods 和 .csv 文件".into()
            }
            Lang::En => {
                "this is not a spreadsheet; assess reads .xlsx, .xlsm, .xls, .et, .ods and .csv files"
                    .into()
            }
        },
        Finding::FolderUnreadable { why } => match lang {
            Lang::Zh => {
                format!("无法读取这个文件夹（{}），其中的文件未读取", why.text(lang))
            }
            Lang::En => {
                format!(
                    "cannot read this folder ({}); the files in it were not read",
                    why.text(lang)
                )
            }
        },
        Finding::FolderTooDeep { max } => match lang {
            Lang::Zh => {
                format!("文件夹嵌套超过{max}层，更深处的文件未读取")
            }
            Lang::En => format!(
                "this folder is nested more than {max} folders deep; the files below it were not read"
            ),
        },
        Finding::TextInvalidBytes { encoding } => match lang {
            Lang::Zh => format!(
                "单元格中有不符合{encoding}编码的字节，已替换为 �；请核对该单元格"
            ),
            Lang::En => format!(
                "the cell had bytes that are not valid {encoding}; they were replaced by �. Check the cell"
            ),
        },
        Finding::TextTruncated { chars } => match lang {
            Lang::Zh => format!(
                "文字长达{chars}字，超过Excel单元格上限32767字，已截断"
            ),
            Lang::En => format!(
                "the text is {chars} characters long, more than an Excel cell holds (32,767); it was cut"
            ),
        },
        other => unreachable!("reading_message is not given {other:?}"),
    }
}

/// What is wrong with the table's header and its period columns.
fn period_message(d: &Diagnostic, lang: Lang) -> String {
    match &d.finding {
        Finding::NoTable { sheets } => match lang {
            Lang::Zh => format!(
                "没有找到调查表：各工作表中都没有写有“三级指标”和期间（如 2024年1-6月）的表头（工作表：{}）",
                if sheets.is_empty() { "无".to_string() } else { sheets.join("、") }
            ),
            Lang::En => format!(
                "no sheet holds the survey table (looked for a header row with 三级指标 and a period such as 2024年1-6月 in: {})",
                if sheets.is_empty() { "no sheets".to_string() } else { sheets.join(", ") }
            ),
        },
        Finding::NoPeriod { header_row } => match lang {
            Lang::Zh => format!(
                "表头（第{}行）没有期间列；请在数值列的表头写上期间，如 2024年1-6月",
                header_row + 1
            ),
            Lang::En => format!(
                "the table's header (row {}) has no period column; head the value column with the period, e.g. 2024年1-6月",
                header_row + 1
            ),
        },
        Finding::PeriodEmpty { header, col } => match lang {
            Lang::Zh => format!(
                "标为{}的列（{col}列）没有任何数值；请填写或删除该列",
                quote(header)
            ),
            Lang::En => format!(
                "the column headed {} (column {col}) has no values; fill it in or delete the column",
                quote(header)
            ),
        },
        Finding::PeriodRepeated { first_col, col } => match lang {
            Lang::Zh => format!(
                "{first_col}列和{col}列标为同一期间{}；只使用{first_col}列",
                d.period.map(|p| p.to_string()).unwrap_or_default()
            ),
            Lang::En => format!(
                "columns {first_col} and {col} are both headed {}; the first is used",
                d.period.map(|p| p.label(lang)).unwrap_or_default()
            ),
        },
        Finding::PeriodFuture { header } => match lang {
            Lang::Zh => format!(
                "期间{}晚于今天，多为年份笔误；请改正后重新发送。该列不参加评分",
                quote(header)
            ),
            Lang::En => format!(
                "the period {} ends after today, usually a typo in the year; correct it. The column is not scored",
                quote(header)
            ),
        },
        Finding::PeriodNameMismatch { name, named, in_table } => {
            let list = in_table
                .iter()
                .map(|p| p.label(lang))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "));
            match lang {
                Lang::Zh => format!(
                    "名称{}写的是{}，而表中的期间是{list}；请核对是否发错了文件或写错了期间。按表中的期间读取",
                    quote(name),
                    named.label(lang)
                ),
                Lang::En => format!(
                    "the name {} says {}, but the table's periods are {list}; check whether the wrong file was sent or a period is mistyped. The table's periods are used",
                    quote(name),
                    named.label(lang)
                ),
            }
        }
        other => unreachable!("period_message is not given {other:?}"),
    }
}

/// What on the sheet beside the table was read, or left, and why.
fn sheet_message(d: &Diagnostic, lang: Lang) -> String {
    match &d.finding {
        Finding::SheetHidden { read: true } => match lang {
            Lang::Zh => {
                "调查表在隐藏的工作表中，没有可见的调查表，已读取这张隐藏的工作表；请核对它是否为本次要报送的表".into()
            }
            Lang::En => {
                "the survey table is on a hidden sheet and no visible sheet holds one, so the hidden sheet was read; check that it is the table meant to be sent".into()
            }
        },
        Finding::SheetHidden { read: false } => match lang {
            Lang::Zh => {
                "这张隐藏的工作表中也有调查表，未读取（只读取可见的工作表）；如应读取它，请取消隐藏后重新发送".into()
            }
            Lang::En => {
                "this hidden sheet holds a survey table too; it was not read (only visible sheets are). If it is the one meant, unhide it and send the file again".into()
            }
        },
        Finding::UnitsSideBySide { first_cols, cols } => match lang {
            Lang::Zh => format!(
                "{cols}列重复了{first_cols}列的期间：这张工作表似乎并排放了两个单位（专科）的数据。只读取了{first_cols}列；请每个单位（专科）单独一张工作表或一个文件，重新发送"
            ),
            Lang::En => format!(
                "columns {cols} repeat the periods of columns {first_cols}: the sheet seems to hold two units (specialties) side by side. Only columns {first_cols} were read; send one unit per sheet or per file"
            ),
        },
        Finding::StrayCell { text, rows, cols } => match lang {
            Lang::Zh => format!(
                "表格很远处的{}单元格有值{}，使工作表变成{rows}行×{cols}列；请删除该单元格后重新保存",
                d.cell.clone().unwrap_or_default(),
                quote(text)
            ),
            Lang::En => format!(
                "a value far outside the table, in {} ({}), makes the sheet {rows} rows by {cols} columns; delete that cell and save again",
                d.cell.clone().unwrap_or_default(),
                quote(text)
            ),
        },
        other => unreachable!("sheet_message is not given {other:?}"),
    }
}

/// What is wrong with the table's rows: items missing, unknown, repeated, guessed or totals.
fn row_message(d: &Diagnostic, lang: Lang) -> String {
    let it = d.item.as_ref();
    let item = || it.map(|i| item_text(i, lang)).unwrap_or_default();
    match &d.finding {
        Finding::ItemMissing => match lang {
            Lang::Zh => format!(
                "表中缺少{}{}；请补上该行并填写数值",
                item(),
                it.filter(|i| !i.code.is_empty())
                    .map(|i| format!("（编号{}）", i.code))
                    .unwrap_or_default()
            ),
            Lang::En => format!(
                "{} ({}) is missing from the table; add its row with the value",
                item(),
                it.map(|i| if i.code.is_empty() { "no code".to_string() } else { i.code.clone() })
                    .unwrap_or_default()
            ),
        },
        Finding::ItemUnrecognised { row, written } => match lang {
            Lang::Zh => format!(
                "第{}行（{}）不是调查表中的指标；请改正名称或编号，或删除该行",
                row + 1,
                quote(written)
            ),
            Lang::En => format!(
                "row {} ({}) is not an item of the survey form; correct its name or code, or delete the row",
                row + 1,
                quote(written)
            ),
        },
        Finding::ItemRepeated { first_row, row } => match lang {
            Lang::Zh => format!(
                "{}出现了两次（第{}行和第{}行），只使用第一行；请删除多余的一行",
                item(),
                first_row + 1,
                row + 1
            ),
            Lang::En => format!(
                "{} appears twice, in rows {} and {}; the first is used. Delete the extra row",
                item(),
                first_row + 1,
                row + 1
            ),
        },
        Finding::ItemBySerial { written, serial } => match lang {
            Lang::Zh => format!(
                "名称为{}的行仅因序号为{serial}而被当作{}；请核对是否为该指标",
                quote(written),
                item()
            ),
            Lang::En => format!(
                "the row named {} was taken as {} only because its serial number is {serial}; check that it is that item",
                quote(written),
                item()
            ),
        },
        Finding::TotalRowSkipped { row, written } => match lang {
            Lang::Zh => format!(
                "第{}行{}是合计行，不是调查表的指标，未读取；各项指标请分行填写",
                row + 1,
                quote(written)
            ),
            Lang::En => format!(
                "row {} ({}) is a total line, no item of the survey form; it was not read",
                row + 1,
                quote(written)
            ),
        },
        other => unreachable!("row_message is not given {other:?}"),
    }
}

/// How a value in a row without an item name, below an item, was taken.
fn value_below_name_message(
    d: &Diagnostic,
    raw: &str,
    item_row: u32,
    merged: bool,
    used: bool,
    lang: Lang,
) -> String {
    let item = d
        .item
        .as_ref()
        .map(|i| item_text(i, lang))
        .unwrap_or_default();
    let here = d.cell.clone().unwrap_or_default();
    let merge = match (lang, merged) {
        (Lang::Zh, true) => "，名称单元格合并了两行",
        (Lang::En, true) => "; its name cell is merged over both rows",
        (_, false) => "",
    };
    let n = item_row + 1;
    let raw = quote(raw);
    match (lang, used) {
        (Lang::Zh, true) => format!(
            "{here}的{raw}填在{item}（第{n}行{merge}）下方没有指标名称的一行，已作为该指标的数值读取；请核对，并把数值填在指标所在的行"
        ),
        (Lang::En, true) => format!(
            "{raw} in {here} is in a row with no item name below {item} (row {n}{merge}); it was read as that item's value. Check it, and type values on the item's own row"
        ),
        (Lang::Zh, false) => format!(
            "{here}的{raw}填在{item}（第{n}行{merge}）下方没有指标名称的一行，而该指标在这一列已有数值，{here}未读取；若两者是同一指标的两部分（如 4张/13.3%），请填在同一单元格"
        ),
        (Lang::En, false) => format!(
            "{raw} in {here} is in a row with no item name below {item} (row {n}{merge}), which has a value in this column already; {here} was not read. If both are parts of the item (4张/13.3%), type them in one cell"
        ),
    }
}

/// Why a cell gave no number: unreadable, a date, an error, a dash or empty.
fn unread_value_message(d: &Diagnostic, lang: Lang) -> String {
    let it = d.item.as_ref();
    let item = || it.map(|i| item_text(i, lang)).unwrap_or_default();
    let unit = || unit_word(it, lang);
    match &d.finding {
        Finding::ValueUnreadable { raw } => match lang {
            Lang::Zh => format!(
                "{}：{}不是数字；请填写数字{}，没有填 无，不适用填 /",
                item(),
                quote(raw),
                unit()
            ),
            Lang::En => format!(
                "{}: {} is not a number; type a number{}, 无 for none or / if it does not apply",
                item(),
                quote(raw),
                unit()
            ),
        },
        Finding::ValueDate { raw } => match lang {
            Lang::Zh => format!(
                "{}：单元格显示为日期（{}），是Excel把输入内容转成了日期；请把单元格格式设为“数值”后重新输入",
                item(),
                raw
            ),
            Lang::En => format!(
                "{}: the cell shows a date ({raw}); Excel turned what was typed into a date. Format the cell as a number and type the value again",
                item()
            ),
        },
        Finding::ValueErrorCell { raw } => match lang {
            Lang::Zh => format!(
                "{}：单元格显示错误值 {raw}，其中的公式计算失败；请直接填写数值",
                item()
            ),
            Lang::En => format!(
                "{}: the cell shows the error {raw}; the formula behind it failed, type the value instead",
                item()
            ),
        },
        Finding::ValueDash { raw } => match lang {
            Lang::Zh => format!(
                "{}：{}按“不适用”计，不参加评分；如表示“没有”，请填 0；确不适用请填 /",
                item(),
                quote(raw)
            ),
            Lang::En => format!(
                "{}: {} was read as not applicable and is not scored; if it means none, type 0, and / if the item does not apply",
                item(),
                quote(raw)
            ),
        },
        Finding::ValueMissing => match lang {
            Lang::Zh => format!(
                "{}：没有填写；请填写数值，没有填 0 或 无，不适用填 /",
                item()
            ),
            Lang::En => format!(
                "{}: no value; type it, 0 or 无 if there is none, or / if it does not apply",
                item()
            ),
        },
        Finding::FormulaNoResult => match lang {
            Lang::Zh => format!(
                "{}：单元格中是公式但没有保存计算结果（文件由不计算的程序保存）；请用Excel或WPS打开后重新保存。按缺失处理",
                item()
            ),
            Lang::En => format!(
                "{}: the cell holds a formula but no saved result (the file was saved by a program that does not calculate); open it in Excel or WPS and save it again. Counted as missing",
                item()
            ),
        },
        other => unreachable!("unread_value_message is not given {other:?}"),
    }
}

/// Why a number that was read cannot be as it is.
fn impossible_value_message(d: &Diagnostic, lang: Lang) -> String {
    let it = d.item.as_ref();
    let item = || it.map(|i| item_text(i, lang)).unwrap_or_default();
    let unit = || unit_word(it, lang);
    match &d.finding {
        Finding::ValueNegative { raw } => match lang {
            Lang::Zh => {
                format!("{}：{}小于0，不可能，未参加评分；请改正", item(), quote(raw))
            }
            Lang::En => format!(
                "{}: {} is below zero, which is impossible; left out of scoring",
                item(),
                quote(raw)
            ),
        },
        Finding::ValueRange { raw } => match lang {
            Lang::Zh => format!(
                "{}：{}是一个范围，不能确定按哪个数计，未参加评分；请填写一个数{}",
                item(),
                quote(raw),
                unit()
            ),
            Lang::En => format!(
                "{}: {} is a range, and which number is meant cannot be told; left out of scoring. Type one number{}",
                item(),
                quote(raw),
                unit()
            ),
        },
        Finding::ValueImplausible { raw } => match lang {
            Lang::Zh => format!(
                "{}：{}大得不可能（超过10¹⁵），未参加评分；请改正",
                item(),
                quote(raw)
            ),
            Lang::En => format!(
                "{}: {} is implausibly large (beyond 10¹⁵) and is left out of scoring; correct it",
                item(),
                quote(raw)
            ),
        },
        Finding::RateOutOfRange { raw } => match lang {
            Lang::Zh => format!(
                "{}：{}超过100%，未参加评分；百分比应在0到100之间（12.5%填12.5或12.5%）",
                item(),
                quote(raw)
            ),
            Lang::En => format!(
                "{}: {} is more than 100% and is left out of scoring; a rate is between 0 and 100 (type 12.5 or 12.5% for 12.5%)",
                item(),
                quote(raw)
            ),
        },
        Finding::CountFractional { raw } => match lang {
            Lang::Zh => format!(
                "{}：{}不是整数{}",
                item(),
                quote(raw),
                unit()
            ),
            Lang::En => format!(
                "{}: {} is not a whole number{}",
                item(),
                quote(raw),
                unit()
            ),
        },
        other => unreachable!("impossible_value_message is not given {other:?}"),
    }
}

/// How a value typed with words, units or separators was read as a number, or why it could not be.
fn interpreted_value_message(d: &Diagnostic, lang: Lang) -> String {
    let it = d.item.as_ref();
    let item = || it.map(|i| item_text(i, lang)).unwrap_or_default();
    let unit = || unit_word(it, lang);
    match &d.finding {
        Finding::ValueDecimalComma { raw } => match lang {
            Lang::Zh => format!(
                "{}：{}中的逗号不是千位分隔符，不能确定是小数点还是多打的逗号，未参加评分；小数请用“.”（如 1.5）",
                item(),
                quote(raw)
            ),
            Lang::En => format!(
                "{}: the comma in {} is no thousands separator, so a decimal point and a stray comma cannot be told apart; left out of scoring. Write decimals with “.” (1.5)",
                item(),
                quote(raw)
            ),
        },
        Finding::ValueExtraText { raw, value, extra } => match lang {
            Lang::Zh => format!(
                "{}：{}只按数字 {} 计，其后的“{}”未使用；请核对，数值单元格只填数字{}",
                item(),
                quote(raw),
                fmt_number(*value),
                extra,
                unit()
            ),
            Lang::En => format!(
                "{}: {} was read as the number {}; the words after it (“{}”) were not used. Check it, and type only the number{}",
                item(),
                quote(raw),
                fmt_number(*value),
                extra,
                unit()
            ),
        },
        Finding::ValueConverted { raw, value, adjustments } | Finding::ValueApproximate { raw, value, adjustments } => {
            // The sentence says the number: each adjustment without it.
            let how = adjustments
                .iter()
                .map(|a| a.what(lang))
                .collect::<Vec<_>>()
                .join(lang.pick("；", "; "));
            match lang {
                Lang::Zh => format!(
                    "{}：{}按 {} 计（{how}）；请核对，如不对请直接填写数字{}",
                    item(),
                    quote(raw),
                    fmt_number(*value),
                    unit()
                ),
                Lang::En => format!(
                    "{}: {} was read as {} ({how}); check it, and type the plain number{} if that is wrong",
                    item(),
                    quote(raw),
                    fmt_number(*value),
                    unit()
                ),
            }
        }
        other => unreachable!("interpreted_value_message is not given {other:?}"),
    }
}

/// What comparing a value with its cohort or its usual range found.
fn cohort_check_message(d: &Diagnostic, lang: Lang) -> String {
    let it = d.item.as_ref();
    let item = || it.map(|i| item_text(i, lang)).unwrap_or_default();
    let unit = || unit_word(it, lang);
    match &d.finding {
        Finding::RateAsFraction { raw, value, median, members } => match lang {
            Lang::Zh => format!(
                "{}：{}按 {}% 计，而同组{members}个单位的中位数为 {}%；是否把百分数填成了小数（96%应填96或96%）？请核对",
                item(),
                quote(raw),
                fmt_number(*value),
                fmt_number(crate::text::tidy(*median))
            ),
            Lang::En => format!(
                "{}: {} counts as {}%, while the median of the {members} members of its cohort is {}%; was the percentage typed as a fraction (type 96 or 96% for 96%)? Check it",
                item(),
                quote(raw),
                fmt_number(*value),
                fmt_number(crate::text::tidy(*median))
            ),
        },
        Finding::ValueCheckUnit { raw, median, members, ratio } => match lang {
            Lang::Zh => format!(
                "{}：{}与同组{members}个单位的中位数 {} 相差{}倍以上，请核对单位{}",
                item(),
                quote(raw),
                fmt_number(crate::text::tidy(*median)),
                fmt_number(crate::text::tidy(*ratio)),
                unit()
            ),
            Lang::En => format!(
                "{}: {} is more than {} times off the median {} of the {members} members of its cohort; check the unit{}",
                item(),
                quote(raw),
                fmt_number(crate::text::tidy(*ratio)),
                fmt_number(crate::text::tidy(*median)),
                unit()
            ),
        },
        Finding::OutOfRange { raw, min, max, .. } => match lang {
            Lang::Zh => format!(
                "{}：{}不在常见范围（{}）内，请核对",
                item(),
                quote(raw),
                range_text(*min, *max, lang)
            ),
            Lang::En => format!(
                "{}: {} is outside the usual range ({}); check it",
                item(),
                quote(raw),
                range_text(*min, *max, lang)
            ),
        },
        other => unreachable!("cohort_check_message is not given {other:?}"),
    }
}

/// What a check of parts against their whole found.
fn sum_check_message(d: &Diagnostic, lang: Lang) -> String {
    match &d.finding {
        Finding::NotAbove {
            parts,
            whole,
            part,
            total,
            ..
        } => match lang {
            Lang::Zh => format!(
                "{}为{}，大于{}的{}；部分不能超过整体，请核对",
                items_text(parts, lang),
                fmt_number(*part),
                items_text(whole, lang),
                fmt_number(*total)
            ),
            Lang::En => format!(
                "{} is {}, more than {} ({}); a part cannot exceed its whole",
                items_text(parts, lang),
                fmt_number(*part),
                items_text(whole, lang),
                fmt_number(*total)
            ),
        },
        Finding::SumMismatch {
            parts,
            whole,
            part,
            total,
            ..
        } => match lang {
            Lang::Zh => format!(
                "{}合计{}，而{}合计{}，两者应相等；请核对",
                items_text(parts, lang),
                fmt_number(*part),
                items_text(whole, lang),
                fmt_number(*total)
            ),
            Lang::En => format!(
                "{} add up to {}, but {} add up to {}; they should be equal",
                items_text(parts, lang),
                fmt_number(*part),
                items_text(whole, lang),
                fmt_number(*total)
            ),
        },
        other => unreachable!("sum_check_message is not given {other:?}"),
    }
}

/// Why a survey's unit is doubtful: submitted twice, unknown or read from a name.
fn unit_message(d: &Diagnostic, lang: Lang) -> String {
    match &d.finding {
        Finding::DuplicateSubmission { unit, first_file, first_sheet, first_col } => match lang {
            Lang::Zh => format!(
                "{unit} {}提交了两次：这里和 {first_file}（工作表“{first_sheet}”，{first_col}列）。评分使用的是 {first_file} 中的数据，这里的未使用；请保留一份、删除另一份",
                d.period.map(|p| p.to_string()).unwrap_or_default()
            ),
            Lang::En => format!(
                "{unit} {} is submitted twice: here and in {first_file} (sheet '{first_sheet}', column {first_col}). The scores use {first_file}; the values here are not used. Keep one and remove the other",
                d.period.map(|p| p.label(lang)).unwrap_or_default()
            ),
        },
        Finding::UnitUnknown { missing, found } => match lang {
            Lang::Zh => format!(
                "无法确定{}（旗县区 / 医院 / 专科，? 为未知：{found}），该表不参加排名；请在表格上方写明“填报单位：…”“专科名称：…”，或把文件命名为 医院_专科.xlsx",
                missing.iter().map(|f| field_word(*f, lang)).collect::<Vec<_>>().join("和")
            ),
            Lang::En => format!(
                "cannot tell which {} this is (county / hospital / specialty, ? where unknown: {found}); it is not ranked. Add 填报单位：… and 专科名称：… above the table, or name the file 医院_专科.xlsx",
                missing.iter().map(|f| field_word(*f, lang)).collect::<Vec<_>>().join(" and ")
            ),
        },
        Finding::UnitFromName { parts } => {
            // Parts taken from the same name are said together.
            let mut groups: Vec<(&NameSource, &str, Vec<String>)> = Vec::new();
            for p in parts {
                let part = match lang {
                    Lang::Zh => format!("{}“{}”", field_word(p.field, lang), p.value),
                    Lang::En => format!("the {} '{}'", field_word(p.field, lang), p.value),
                };
                match groups.iter_mut().find(|g| *g.0 == p.source && g.1 == p.from) {
                    Some(g) => g.2.push(part),
                    None => groups.push((&p.source, &p.from, vec![part])),
                }
            }
            let each: Vec<String> = groups
                .iter()
                .map(|(source, from, fields)| match lang {
                    Lang::Zh => format!(
                        "{}取自{}“{from}”",
                        fields.join("和"),
                        match source {
                            NameSource::FileName => "文件名",
                            NameSource::Folder => "文件夹名",
                            NameSource::SheetName => "工作表名",
                            NameSource::HospitalName => "医院名称",
                        }
                    ),
                    Lang::En => format!(
                        "{} from the {} '{from}'",
                        fields.join(" and "),
                        match source {
                            NameSource::FileName => "file name",
                            NameSource::Folder => "folder name",
                            NameSource::SheetName => "sheet name",
                            NameSource::HospitalName => "hospital's name",
                        }
                    ),
                })
                .collect();
            match lang {
                Lang::Zh => format!(
                    "表格中没有写明单位：{}；请核对，或在表格上方写明“填报单位：…”“专科名称：…”",
                    each.join("；")
                ),
                Lang::En => format!(
                    "no labelled cell names the unit: {}; check it, or add 填报单位：… and 专科名称：… above the table",
                    each.join("; ")
                ),
            }
        }
        other => unreachable!("unit_message is not given {other:?}"),
    }
}

/// How a hospital or specialty name was matched to a standard one.
fn name_message(d: &Diagnostic, lang: Lang) -> String {
    match &d.finding {
        Finding::NameUnknown { written, name } => match lang {
            Lang::Zh => format!(
                "专科“{written}”不在标准专科表中，按“{name}”作为一个专科单独排名；如即某个标准专科（如“心血管内科”），请在名称对照文件（assess names）中写明"
            ),
            Lang::En => format!(
                "the specialty '{written}' is not in the list of standard specialties and is ranked as '{name}' on its own; if it is a standard one (such as 心血管内科), say so in a names file (assess names)"
            ),
        },
        Finding::NameLinked { written, name } => match lang {
            Lang::Zh => format!(
                "医院“{written}”未写旗县区，按本次提交中同一旗县区的“{name}”计；如不是同一家医院，请写全称"
            ),
            Lang::En => format!(
                "the hospital '{written}' is written without its county and was taken as '{name}' of the same county in this run; if it is another hospital, write its full name"
            ),
        },
        Finding::NameAlias { field, written, name, user } => match lang {
            Lang::Zh => format!(
                "{}“{written}”按{}视为“{name}”",
                field_word(*field, lang),
                if *user { "名称对照文件" } else { "标准名称表" }
            ),
            Lang::En => format!(
                "the {} '{written}' was taken as '{name}' by {}",
                field_word(*field, lang),
                if *user { "the names file" } else { "the list of standard names" }
            ),
        },
        other => unreachable!("name_message is not given {other:?}"),
    }
}

fn range_text(min: Option<f64>, max: Option<f64>, lang: Lang) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{}–{}", fmt_number(a), fmt_number(b)),
        (None, Some(b)) => format!("{} {}", lang.pick("不超过", "at most"), fmt_number(b)),
        (Some(a), None) => format!("{} {}", lang.pick("不低于", "at least"), fmt_number(a)),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{NamePart, NameSource, Rule};
    use crate::period::Period;
    use crate::read::IoWhy;
    use crate::value::Adjustment;

    /// One finding of every kind (`message` hands each kind to the function of its family,
    /// which must take it: a kind in the wrong family would stop the run).
    fn one_of_each() -> Vec<Finding> {
        let s = |t: &str| t.to_string();
        let item = ItemName::of(crate::form::Form::builtin_static().item(3).unwrap());
        let p = Period::parse("2024年1-6月").unwrap();
        let raw = || s("12");
        let adj = vec![Adjustment::Magnitude {
            word: "万",
            factor: 1e4,
        }];
        let part = NamePart {
            field: UnitField::Hospital,
            value: s("北岭旗人民医院"),
            source: NameSource::FileName,
            from: s("北岭旗人民医院_心内科.xlsx"),
        };
        vec![
            Finding::Unreadable(ReadError::Empty),
            Finding::NotASpreadsheet,
            Finding::FolderUnreadable {
                why: IoWhy::PermissionDenied,
            },
            Finding::FolderTooDeep { max: 8 },
            Finding::NoTable {
                sheets: vec![s("Sheet1")],
            },
            Finding::NoPeriod { header_row: 3 },
            Finding::PeriodEmpty {
                header: s("2024年"),
                col: s("E"),
            },
            Finding::PeriodRepeated {
                first_col: s("D"),
                col: s("E"),
            },
            Finding::PeriodFuture {
                header: s("2030年"),
            },
            Finding::PeriodNameMismatch {
                name: s("2023年.xlsx"),
                named: p,
                in_table: vec![p],
            },
            Finding::ItemMissing,
            Finding::ItemUnrecognised {
                row: 9,
                written: s("床位"),
            },
            Finding::ItemRepeated {
                first_row: 5,
                row: 9,
            },
            Finding::ItemBySerial {
                written: s("3"),
                serial: 3,
            },
            Finding::ValueBelowName {
                raw: raw(),
                item_row: 5,
                merged: true,
                used: true,
            },
            Finding::TotalRowSkipped {
                row: 80,
                written: s("合计"),
            },
            Finding::SheetHidden { read: false },
            Finding::UnitsSideBySide {
                first_cols: s("D:E"),
                cols: s("F:G"),
            },
            Finding::ValueUnreadable { raw: raw() },
            Finding::ValueDate { raw: raw() },
            Finding::ValueErrorCell { raw: s("#DIV/0!") },
            Finding::ValueNegative { raw: raw() },
            Finding::ValueImplausible { raw: raw() },
            Finding::RateOutOfRange { raw: raw() },
            Finding::ValueRange { raw: s("5——8") },
            Finding::ValueDecimalComma { raw: s("1,5") },
            Finding::ValueExtraText {
                raw: raw(),
                value: 12.0,
                extra: s("张"),
            },
            Finding::RateAsFraction {
                raw: s("0.96"),
                value: 0.96,
                median: 95.0,
                members: 9,
            },
            Finding::ValueMissing,
            Finding::ValueDash { raw: s("—") },
            Finding::CountFractional { raw: s("2.5") },
            Finding::FormulaNoResult,
            Finding::ValueConverted {
                raw: s("1.2万"),
                value: 12000.0,
                adjustments: adj.clone(),
            },
            Finding::ValueApproximate {
                raw: s("约1.2万"),
                value: 12000.0,
                adjustments: adj,
            },
            Finding::ValueCheckUnit {
                raw: raw(),
                median: 1200.0,
                members: 9,
                ratio: 50.0,
            },
            Finding::NotAbove {
                rule: Rule::IcuOverBeds,
                parts: vec![item.clone()],
                whole: vec![item.clone()],
                part: 5.0,
                total: 4.0,
            },
            Finding::SumMismatch {
                rule: Rule::StaffTitleSum,
                parts: vec![item.clone()],
                whole: vec![item],
                part: 5.0,
                total: 4.0,
            },
            Finding::OutOfRange {
                rule: Rule::CmiImplausible,
                raw: s("9"),
                min: Some(0.3),
                max: Some(5.0),
            },
            Finding::StrayCell {
                text: s("备注"),
                rows: 1,
                cols: 1,
            },
            Finding::DuplicateSubmission {
                unit: s("北岭旗 / 北岭旗人民医院 / 心内科"),
                first_file: s("a.xlsx"),
                first_sheet: s("Sheet1"),
                first_col: s("E"),
            },
            Finding::UnitUnknown {
                missing: vec![UnitField::Specialty],
                found: s("北岭旗人民医院"),
            },
            Finding::UnitFromName { parts: vec![part] },
            Finding::NameUnknown {
                written: s("心内"),
                name: s("心内"),
            },
            Finding::NameLinked {
                written: s("人民医院"),
                name: s("北岭旗人民医院"),
            },
            Finding::NameAlias {
                field: UnitField::Specialty,
                written: s("心内"),
                name: s("心血管内科"),
                user: false,
            },
            Finding::TextInvalidBytes { encoding: "GBK" },
            Finding::TextTruncated { chars: 32767 },
        ]
    }

    /// "已知：? / ? / ?" did not say what the three places are.
    #[test]
    fn an_unknown_unit_says_what_the_question_marks_stand_for() {
        let f = Finding::UnitUnknown {
            missing: vec![UnitField::Hospital, UnitField::Specialty],
            found: "? / ? / ?".into(),
        };
        let d = Diagnostic::new("a.xlsx", f);
        assert!(message(&d, Lang::Zh).contains("旗县区 / 医院 / 专科"));
        assert!(message(&d, Lang::En).contains("county / hospital / specialty"));
    }

    /// “约1000”按 1000 计（约数（“约”），按1000计）said the number twice.
    #[test]
    fn an_approximate_value_says_its_number_once() {
        let f = Finding::ValueApproximate {
            raw: "约1000".into(),
            value: 1000.0,
            adjustments: vec![Adjustment::Approximate {
                word: "约".into(),
                value: 1000.0,
            }],
        };
        let d = Diagnostic::new("a.xlsx", f);
        for lang in [Lang::Zh, Lang::En] {
            let m = message(&d, lang);
            assert_eq!(m.matches("1000").count(), 2, "{m}");
        }
    }

    /// Every kind of finding has its sentence in both languages, from its family.
    #[test]
    fn every_finding_has_a_message_in_both_languages() {
        let item = crate::form::Form::builtin_static().item(3).unwrap();
        for f in one_of_each() {
            let d = Diagnostic::new("北岭旗人民医院_心内科.xlsx", f.clone())
                .sheet("调查表")
                .cell(Some("E5".to_string()))
                .item(item);
            for lang in [Lang::Zh, Lang::En] {
                let m = message(&d, lang);
                assert!(!m.trim().is_empty(), "{f:?} {lang:?}");
            }
        }
    }
}
