//! Command-line arguments (clap). Only this module and `cmd/` see clap types.
//!
//! The help is written twice: English in the doc comments below, Chinese in [`ZH`], keyed by
//! subcommand and argument; [`command`] puts the clerk's language in. A test checks that every
//! argument and subcommand has both, so a missing translation fails the build's tests. Values
//! are accepted in Chinese too (`--group-by 专科`, `--method 综合`, `--period 2024年上半年`).

use assess::assess::GroupBy;
use assess::i18n::Lang;
use assess::scheme::{Method, Weights};
use clap::{Arg, ArgAction, Args, Command, CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "assess",
    version,
    about = "Check, score, rank and report the clinical key specialty survey (重点专科基本情况调查表)",
    long_about = "Check, score, rank and report the 69-item clinical key specialty survey \
(重点专科基本情况调查表) that hospitals send back as spreadsheets (.xlsx, .xls, .ods, .csv).",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Language of everything printed: zh (default) or en; also ASSESS_LANG
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Check submissions: every problem with file, sheet, cell, item and period
    Validate(ValidateArgs),
    /// Every value as one tidy table: one row per survey, period and item
    Extract(ExtractArgs),
    /// Score and rank submissions, with changes since the year before
    Score(ScoreArgs),
    /// Compare each submission with the same unit a year earlier, item by item
    Compare(CompareArgs),
    /// Write the ranked Excel report for the meeting from a folder of submissions
    Report(ReportArgs),
    /// Write a one-page feedback for every hospital specialty (one workbook per hospital)
    Feedback(FeedbackArgs),
    /// Show each unit's designation status over the years from the history ledger
    Status(StatusArgs),
    /// Write the fillable survey form, which stops bad data where it is typed
    Template(TemplateArgs),
    /// Write the scoring scheme as a commented TOML file to edit
    Scheme(SchemeArgs),
    /// Write a names file (名称对照) for hospital renames and local aliases
    Names(NamesArgs),
    /// Write the survey's items and rules as CSV files, to revise and pass with --form
    Form(FormArgs),
}

/// What every command that reads submissions shares.
#[derive(Debug, Args)]
pub struct Inputs {
    /// Spreadsheet files or folders (read recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A revised form (a CSV of its items, as `assess form` writes); may be given more than once
    #[arg(long, value_name = "FILE")]
    pub form: Vec<PathBuf>,
    /// A names file (名称对照.toml) with hospital renames and local aliases
    #[arg(long, value_name = "FILE")]
    pub names: Option<PathBuf>,
    /// Files read at once (default: the cores, bounded by memory)
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Count warnings as errors for the exit status
    #[arg(long)]
    pub deny_warnings: bool,
    /// A scheme file: its [check] section sets the cohort checks (unit ratio, fractions)
    #[arg(long, value_name = "FILE")]
    pub scheme: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Csv)]
    pub format: DataFormat,
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options shared by `score`, `compare`, `report` and `feedback`.
#[derive(Debug, Args)]
pub struct ScoringArgs {
    /// The period to rank (2024年1-6月, 2024年上半年, 2024.1-6 …); default: the latest that at least half as many units submitted as any other
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Rank within groups: specialty|hospital|county|none (专科|医院|旗县区|不分组)
    #[arg(long, value_name = "GROUP", value_parser = parse_group_by, default_value = "none")]
    pub group_by: GroupBy,
    /// Scoring method: composite|topsis|rsr (综合|topsis|rsr); default: the scheme's
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    pub method: Option<Method>,
    /// Indicator weights: scheme|entropy (方案|熵权)
    #[arg(long, value_name = "WEIGHTS", value_parser = parse_weights)]
    pub weights: Option<Weights>,
    /// A scheme file written by `assess scheme` and edited
    #[arg(long, value_name = "FILE")]
    pub scheme: Option<PathBuf>,
    /// Target workbooks (the commitments' 建设量化指标表), matched to units by name
    #[arg(long, value_name = "PATH")]
    pub targets: Vec<PathBuf>,
    /// The history ledger (历年评估.xlsx or .csv): columns Period, County, Hospital, Specialty, Grade, National approval
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also show every item's value, score, change and target
    #[arg(long)]
    pub detail: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// The period to compare with (default: one year before)
    #[arg(long, value_name = "PERIOD")]
    pub baseline: Option<String>,
    /// Show every item, not only those that changed
    #[arg(long)]
    pub all: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// The workbook to write (.xlsx)
    #[arg(short, long, value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// The title printed on every sheet (default: the county, period and 临床重点专科评估)
    #[arg(long)]
    pub title: Option<String>,
    /// Stop without writing when any file is broken or any value is an error
    #[arg(long)]
    pub strict: bool,
    /// Add this period's results to the history ledger (--history), replacing earlier ones;
    /// units whose data has errors are left out
    #[arg(long, requires = "history")]
    pub record: bool,
    /// With --record: record the grades of units whose data has errors too
    #[arg(long, requires = "record")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// The folder to write one workbook per hospital into (or the workbook with --single)
    #[arg(short, long, value_name = "DIR", required = true)]
    pub output: PathBuf,
    /// One workbook with every unit's page, for the archive
    #[arg(long)]
    pub single: bool,
    /// The title printed on every page
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The history ledger (历年评估.xlsx or .csv): columns Period, County, Hospital, Specialty, Grade, National approval
    #[arg(long, value_name = "FILE", required = true)]
    pub history: PathBuf,
    /// Submissions of the current period to add before deciding (optional)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub scoring: StatusScoring,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The scoring options `status` needs when it scores submissions too.
#[derive(Debug, Args)]
pub struct StatusScoring {
    /// A scheme file (its grade and designation rules)
    #[arg(long, value_name = "FILE")]
    pub scheme: Option<PathBuf>,
    /// The period of the submissions given (default: the latest that at least half as many units submitted as any other)
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// A names file (名称对照.toml)
    #[arg(long, value_name = "FILE")]
    pub names: Option<PathBuf>,
    /// A revised form
    #[arg(long, value_name = "FILE")]
    pub form: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The workbook to write (.xlsx)
    #[arg(short, long, value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// Period columns, comma-separated (2023年1-6月,2024年1-6月; a Chinese comma or 、 also separates)
    #[arg(long, value_name = "P1,P2", value_delimiter = ',')]
    pub periods: Vec<String>,
    /// Add a target column with this heading (e.g. 2026年目标) for the commitments
    #[arg(long, value_name = "HEADING")]
    pub target: Option<String>,
    /// Prefill 所属旗县区
    #[arg(long)]
    pub county: Option<String>,
    /// Prefill 填报单位
    #[arg(long)]
    pub hospital: Option<String>,
    /// Prefill 专科名称
    #[arg(long)]
    pub specialty: Option<String>,
    /// Protect the sheet with this password (by default protected without one)
    #[arg(long)]
    pub password: Option<String>,
    /// A revised form to write instead of the built-in one
    #[arg(long, value_name = "FILE")]
    pub form: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct SchemeArgs {
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// default (grades by position in the ranking) or pass-fail (优秀/合格/不合格 by total, with the designation rules)
    #[arg(long, value_name = "PRESET", default_value = "default", value_parser = parse_preset)]
    pub preset: assess::scheme::Preset,
    /// Name the items from this revised form
    #[arg(long, value_name = "FILE")]
    pub form: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NamesArgs {
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FormArgs {
    /// Write the items to FILE.csv and the rules beside it to FILE.rules.csv
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| "zh | en".to_string())
}

fn parse_group_by(s: &str) -> Result<GroupBy, String> {
    GroupBy::parse(s).ok_or_else(|| {
        "专科 | 医院 | 旗县区 | 不分组 (specialty | hospital | county | none)".into()
    })
}

fn parse_method(s: &str) -> Result<Method, String> {
    Method::parse(s).ok_or_else(|| "综合 | topsis | rsr (composite | topsis | rsr)".into())
}

fn parse_weights(s: &str) -> Result<Weights, String> {
    Weights::parse(s).ok_or_else(|| "方案 | 熵权 (scheme | entropy)".into())
}

fn parse_preset(s: &str) -> Result<assess::scheme::Preset, String> {
    match s.trim() {
        "default" | "默认" => Ok(assess::scheme::Preset::Default),
        "pass-fail" | "合格制" | "seed000" => Ok(assess::scheme::Preset::PassFail),
        _ => Err("default | pass-fail (默认 | 合格制)".into()),
    }
}

/// Chinese help: `(subcommand, argument id)` → text; `(subcommand, "")` is the subcommand's
/// about; `("", id)` the top level.
const ZH: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "检查、评分、排名并汇总临床重点专科“重点专科基本情况调查表”",
    ),
    (
        "",
        "lang",
        "所有输出的语言：zh（默认）或 en；也可设环境变量 ASSESS_LANG",
    ),
    (
        "validate",
        "",
        "检查各单位填报：每个问题注明文件、工作表、单元格、指标和期间",
    ),
    (
        "extract",
        "",
        "把所有数值整理成一张表：每个调查表、期间、指标一行",
    ),
    ("score", "", "评分和排名，并与上年同期比较"),
    ("compare", "", "逐项比较每个单位与上年同期"),
    ("report", "", "生成会议用的排名 Excel 报告"),
    (
        "feedback",
        "",
        "为每家医院的每个专科生成一页反馈（每家医院一个工作簿）",
    ),
    ("status", "", "按历年评估台账列出各单位的建设状态"),
    (
        "template",
        "",
        "生成可填写的调查表模板，填写时即拦住错误数据",
    ),
    ("scheme", "", "输出评分方案（带注释的 TOML 文件，可修改）"),
    ("names", "", "输出名称对照文件（医院更名、本地简称）"),
    (
        "form",
        "",
        "输出调查表的条目和校验规则（CSV 文件），修订后用 --form 指定",
    ),
    (
        "form",
        "output",
        "条目写入 FILE.csv，校验规则写入同目录的 FILE.rules.csv",
    ),
    ("*", "paths", "表格文件或文件夹（递归读取）"),
    (
        "*",
        "form",
        "修订版调查表（条目的CSV文件，格式同 assess form 写出的文件），可给多次",
    ),
    (
        "*",
        "names",
        "名称对照文件（名称对照.toml）：医院更名和本地简称",
    ),
    ("*", "jobs", "同时读取的文件数（默认按核数，并受内存限制）"),
    ("*", "format", "输出格式"),
    ("*", "output", "写入文件（默认输出到终端）"),
    ("validate", "deny_warnings", "有警告也按有错误返回退出码"),
    (
        "validate",
        "scheme",
        "评分方案文件：其中 [check] 一节设定同组核查（单位倍数、疑似小数）",
    ),
    (
        "*",
        "period",
        "评估的期间（2024年1-6月、2024年上半年、2024.1-6 等）；默认为最近的、提交数不少于最多期间一半的期间",
    ),
    (
        "*",
        "group_by",
        "分组排名：专科 | 医院 | 旗县区 | 不分组（specialty | hospital | county | none）",
    ),
    (
        "*",
        "method",
        "评分方法：综合 | topsis | rsr；默认用评分方案中的方法",
    ),
    ("*", "weights", "指标权重：方案 | 熵权（scheme | entropy）"),
    ("*", "scheme", "评分方案文件（由 assess scheme 生成并修改）"),
    (
        "*",
        "targets",
        "建设目标工作簿（承诺书的建设量化指标表），按单位名称对应",
    ),
    (
        "*",
        "history",
        "历年评估台账（历年评估.xlsx 或 .csv），列：期间、旗县区、医院、专科、等级、国家级获批日期",
    ),
    (
        "score",
        "detail",
        "同时列出每项指标的数值、得分、变化和目标",
    ),
    ("compare", "baseline", "比较的基期（默认为上年同期）"),
    ("compare", "all", "列出全部指标，而不只是有变化的"),
    ("report", "output", "要写入的工作簿（.xlsx）"),
    (
        "report",
        "title",
        "每个工作表的标题（默认：旗县区、期间和“临床重点专科评估”）",
    ),
    ("report", "strict", "有文件无法读取或有错误数值时不生成报告"),
    (
        "report",
        "record",
        "本期结果写入台账（--history），替换本期已有记录；数据有错的单位不写入",
    ),
    (
        "report",
        "force",
        "与 --record 同用：数据有错误的单位也写入台账",
    ),
    (
        "feedback",
        "output",
        "写入的文件夹（每家医院一个工作簿；加 --single 时为一个工作簿）",
    ),
    (
        "feedback",
        "single",
        "所有单位的反馈页放在一个工作簿中，便于存档",
    ),
    ("feedback", "title", "每页的标题"),
    ("status", "history", "历年评估台账（历年评估.xlsx 或 .csv）"),
    ("status", "paths", "本期的提交（可选），先评分再判断状态"),
    (
        "status",
        "scheme",
        "评分方案文件（其中的等级和建设状态规则）",
    ),
    (
        "status",
        "period",
        "所给提交的期间（默认为最近的、提交数不少于最多期间一半的期间）",
    ),
    ("template", "output", "要写入的工作簿（.xlsx）"),
    (
        "template",
        "periods",
        "期间列，用逗号或顿号分隔（2023年1-6月,2024年1-6月）",
    ),
    (
        "template",
        "target",
        "增加一列目标值，列标题如 2026年目标（用于承诺书）",
    ),
    ("template", "county", "预先填写“所属旗县区”"),
    ("template", "hospital", "预先填写“填报单位”"),
    ("template", "specialty", "预先填写“专科名称”"),
    (
        "template",
        "password",
        "用此密码保护工作表（默认保护但不设密码）",
    ),
    ("template", "form", "使用修订版调查表而不是内置的"),
    ("template", "force", "文件已存在时覆盖"),
    (
        "scheme",
        "preset",
        "default（默认：按名次位置分等级）或 pass-fail（合格制：按总分分为优秀/合格/不合格）",
    ),
    ("scheme", "form", "按此修订版调查表列出指标名称"),
    ("*", "help", "显示帮助"),
    ("*", "version", "显示版本"),
];

/// The examples after each subcommand's help, in both languages.
fn examples(sub: &str, lang: Lang) -> Option<String> {
    let (zh_note, en_note, lines): (&str, &str, &[&str]) = match sub {
        "" => ("示例", "Examples", &[
            "assess validate 报送材料/",
            "assess score 报送材料/ --group-by 专科",
            "assess report 报送材料/ -o 排名.xlsx",
            "assess feedback 报送材料/ -o 反馈/",
        ]),
        "validate" => ("退出码：0 无错误，1 有错误（加 --deny-warnings 时警告也算），2 无法运行。\n\n示例",
            "Exit status: 0 no error, 1 errors found (or warnings with --deny-warnings), 2 could not run.\n\nExamples", &[
            "assess validate 报送材料/",
            "assess validate 心内科.xlsx 骨科.xls --format json",
            "assess validate 报送材料/ --deny-warnings",
        ]),
        "extract" => ("列：file, sheet, county, hospital, specialty, period, no, code, name, value, status, raw, detail, county_raw, hospital_raw, specialty_raw。\n\n示例",
            "Columns: file, sheet, county, hospital, specialty, period, no, code, name, value, status, raw, detail, county_raw, hospital_raw, specialty_raw.\n\nExamples", &[
            "assess extract 报送材料/ -o 数值.csv",
            "assess extract 心内科.xlsx --format json",
        ]),
        "score" => ("参评范围是同一期间的提交（--period，默认为最近的、提交数不少于最多期间一半的\n期间），可按 --group-by 分组；只有一个单位的分组不排名。\nJSON 中的数值不四舍五入。\n\n示例",
            "The cohort is the submissions of one period (--period, default the latest that at least half as many units submitted as any other), split by --group-by. A cohort of one is not ranked. Numbers in JSON are unrounded.\n\nExamples", &[
            "assess score 报送材料/",
            "assess score 报送材料/ --group-by 专科",
            "assess score 报送材料/ --method topsis --weights 熵权 --format json",
            "assess score 报送材料/ --scheme 我们的方案.toml --detail",
        ]),
        "compare" => ("示例", "Examples", &[
            "assess compare 报送材料/",
            "assess compare 报送材料/ --period 2024年1-6月 --baseline 2023年1-6月",
        ]),
        "report" => ("工作表：排名、图表、分项得分、原始数据、同比变化、（有目标时）目标达成、\n（有台账时）建设状态、数据问题、评分方案。\n无法读取的文件列在“数据问题”中，报告照常生成（--strict 除外）。\n\n示例",
            "Sheets: Ranking, Charts, Item scores, Values, Changes, Targets (with targets), Status (with a ledger), Data problems, Scheme; in Chinese (the default) 排名, 图表 … A broken input file is listed in Data problems and the report is still written (unless --strict).\n\nExamples", &[
            "assess report 报送材料/ -o 排名.xlsx",
            "assess report 报送材料/ -o 评估.xlsx --title \"北岭旗临床重点专科评估\"",
            "assess report 报送材料/ -o 分专科排名.xlsx --group-by 专科",
            "assess report 报送材料/ -o 评估.xlsx --history 历年评估.xlsx --record",
        ]),
        "feedback" => ("示例", "Examples", &[
            "assess feedback 报送材料/ -o 反馈/",
            "assess feedback 报送材料/ -o 全部反馈.xlsx --single",
        ]),
        "status" => ("示例", "Examples", &[
            "assess status --history 历年评估.xlsx",
            "assess status --history 历年评估.xlsx 报送材料/",
        ]),
        "template" => ("只有填写区可以编辑；每行都检查输入的内容并提示单位。\n默认期间：最近结束的半年及上年同期。\n\n示例",
            "Only the input cells can be edited; every row checks what is typed and says the unit. Default periods: the last half-year that has ended and the same half a year earlier.\n\nExamples", &[
            "assess template -o 调查表.xlsx --periods 2023年1-6月,2024年1-6月",
            "assess template -o 心内科.xlsx --county 北岭旗 --hospital 北岭旗人民医院",
            "assess template -o 建设量化指标表.xlsx --target 2026年目标",
        ]),
        "scheme" => ("示例", "Examples", &[
            "assess scheme -o 我们的方案.toml",
            "assess scheme --preset pass-fail -o 合格制方案.toml",
            "assess score 报送材料/ --scheme 我们的方案.toml",
        ]),
        "form" => ("条目文件的列：no 序号、code 编码、area/group 一二级指标、name 名称、unit 单位、kind 类型、direction 方向（higher 越高越好、lower 越低越好）；名称后加 _en 为英文。增删条目、改编号后，用 --form 指定，与旧表按编码（无编码的按名称）对应。\n\n示例",
            "The items file's columns: no, code, area/group (first and second level), name, unit, kind, direction (higher or lower is better); the _en columns are the English names. Add, remove or renumber items, then pass it with --form; items are linked to the old form by code (by name where there is none).\n\nExamples", &[
            "assess form -o 调查表2026.csv",
            "assess validate 报送材料/ --form 调查表2026.csv",
        ]),
        "names" => ("示例", "Examples", &[
            "assess names -o 名称对照.toml",
            "assess score 报送材料/ --names 名称对照.toml",
        ]),
        _ => return None,
    };
    let mut s = match lang {
        Lang::Zh => format!("{zh_note}：\n"),
        Lang::En => format!("{en_note}:\n"),
    };
    for l in lines {
        s.push_str("  ");
        s.push_str(l);
        s.push('\n');
    }
    Some(s)
}

fn zh(sub: &str, id: &str) -> Option<&'static str> {
    ZH.iter()
        .find(|(s, i, _)| *s == sub && *i == id)
        .or_else(|| ZH.iter().find(|(s, i, _)| *s == "*" && *i == id))
        .map(|(_, _, t)| *t)
}

/// Put the language into an argument: its help, and the heading it is listed under.
fn localize_arg(sub: &str, a: Arg, lang: Lang) -> Arg {
    let id = a.get_id().as_str().to_string();
    let positional = a.is_positional();
    let a = a.help_heading(if positional {
        lang.pick("参数", "Arguments")
    } else {
        lang.pick("选项", "Options")
    });
    let Some(t) = zh(sub, &id).filter(|_| lang == Lang::Zh) else {
        return a;
    };
    // clap writes "[default: …]" and "[possible values: …]" in English: say it in the help.
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let default: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| match v.to_string_lossy().as_ref() {
            "none" => "不分组".to_string(),
            other => other.to_string(),
        })
        .collect();
    let mut help = t.to_string();
    if a.get_action().takes_values() && !values.is_empty() && !t.contains(values[0].as_str()) {
        help.push_str(&format!("：{}", values.join(" | ")));
    }
    if !default.is_empty() && !a.is_hide_default_value_set() {
        help.push_str(&format!("；默认 {}", default.join("、")));
    }
    if a.get_action().takes_values() {
        a.help(help)
            .hide_default_value(true)
            .hide_possible_values(true)
    } else {
        a.help(help)
    }
}

fn localize(sub: &str, mut c: Command, lang: Lang) -> Command {
    let usage = lang.pick("用法", "Usage");
    c = c
        // Help fits an 80-column terminal (and is never wider than the terminal).
        .max_term_width(80)
        .help_template(format!(
            "{{about-with-newline}}\n{usage}: {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(lang.pick("显示帮助", "Print help")),
        );
    if sub.is_empty() {
        c = c
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help(lang.pick("显示版本", "Print version")),
            )
            .subcommand_help_heading(lang.pick("命令", "Commands"))
            .subcommand_value_name(lang.pick("命令", "COMMAND"));
    }
    if lang == Lang::Zh {
        if let Some(t) = zh(sub, "") {
            c = c.about(t).long_about(t);
        }
    }
    if let Some(e) = examples(sub, lang) {
        c = c.after_help(e);
    }
    let sub_owned = sub.to_string();
    c = c.mut_args(move |a| localize_arg(&sub_owned, a, lang));
    let names: Vec<String> = c
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for n in names {
        c = c.mut_subcommand(&n, |s| localize(&n, s, lang));
    }
    c
}

/// The command line in the clerk's language.
pub fn command(lang: Lang) -> Command {
    localize("", Cli::command(), lang)
}

/// The language asked for: `--lang` anywhere on the command line, else `ASSESS_LANG`, else
/// Chinese — whatever the system locale says.
pub fn lang_from_args(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if let Some(v) = a.strip_prefix("--lang=") {
            if let Some(l) = Lang::parse(v) {
                return l;
            }
        } else if a == "--lang" {
            if let Some(l) = it.next().and_then(|v| Lang::parse(&v)) {
                return l;
            }
        }
    }
    std::env::var("ASSESS_LANG")
        .ok()
        .and_then(|v| Lang::parse(&v))
        .unwrap_or_default()
}

/// A clap error (unknown argument, missing value …) in the clerk's language.
pub fn error_text(e: &clap::Error, lang: Lang) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang == Lang::En {
        return e.render().to_string();
    }
    let ctx = |k: ContextKind| -> String {
        match e.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    };
    let arg = ctx(ContextKind::InvalidArg);
    let value = ctx(ContextKind::InvalidValue);
    let msg = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数 {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("没有 {} 这个命令", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请给出命令，如 assess validate 报送材料/".to_string()
        }
        ErrorKind::InvalidValue => {
            let valid = ctx(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("参数 {arg} 的值“{value}”无效")
            } else {
                format!("参数 {arg} 的值“{value}”无效；可用的值：{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            let why = e.source().map(|s| s.to_string()).unwrap_or_default();
            format!("参数 {arg} 的值“{value}”无效；可用的值：{why}")
        }
        ErrorKind::TooManyValues => {
            format!("参数 {arg} 给了太多次或太多值")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值个数不对")
        }
        ErrorKind::ArgumentConflict => {
            format!("参数 {arg} 不能与 {} 同时使用", ctx(ContextKind::PriorArg))
        }
        ErrorKind::NoEquals => format!("参数 {arg} 需要写成 {arg}=值"),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符".to_string(),
        _ => "命令行有误".to_string(),
    };
    format!(
        "错误：{msg}\n\n用 assess --help 查看用法，或在命令后加 --help，如 assess score --help\n"
    )
}

use std::error::Error as _;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
        command(Lang::Zh).debug_assert();
        command(Lang::En).debug_assert();
    }

    /// Every subcommand and argument has its help in both languages.
    #[test]
    fn every_help_text_has_both_languages() {
        let cmd = Cli::command();
        let mut missing = Vec::new();
        let mut check = |sub: &str, c: &Command| {
            if zh(sub, "").is_none() {
                missing.push(format!("{sub}: about"));
            }
            if c.get_about().is_none() {
                missing.push(format!("{sub}: English about"));
            }
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                if zh(sub, id).is_none() {
                    missing.push(format!("{sub}.{id}: Chinese help"));
                }
                if a.get_help().is_none() {
                    missing.push(format!("{sub}.{id}: English help"));
                }
            }
            if examples(sub, Lang::Zh).is_none() {
                missing.push(format!("{sub}: examples"));
            }
        };
        check("", &cmd);
        for s in cmd.get_subcommands() {
            check(s.get_name(), s);
        }
        assert!(missing.is_empty(), "missing: {missing:#?}");
    }

    #[test]
    fn chinese_help_has_no_english_sentences() {
        let mut c = command(Lang::Zh);
        let top = c.render_help().to_string();
        assert!(
            top.contains("用法") && top.contains("命令") && !top.contains("Usage"),
            "{top}"
        );
        let mut score = command(Lang::Zh);
        let s = score
            .find_subcommand_mut("score")
            .unwrap()
            .render_help()
            .to_string();
        assert!(s.contains("分组排名") && !s.contains("Print help"), "{s}");
    }

    #[test]
    fn the_language_comes_from_the_flag_then_the_environment() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_from_args(&args(&["assess", "score", "--lang", "en"])),
            Lang::En
        );
        assert_eq!(
            lang_from_args(&args(&["assess", "--lang=zh", "x"])),
            Lang::Zh
        );
    }
}
