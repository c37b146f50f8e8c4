//! Findings about the data: each names the file, sheet, cell, item and period, with a stable
//! rule id. A finding is data (a [`Finding`] with its parameters), not a sentence: the
//! sentence is rendered in the clerk's language by [`crate::messages`]. Validation returns
//! these; it never prints.

use crate::form::{Item, Kind};
use crate::period::Period;
use crate::read::ReadError;
use crate::value::Adjustment;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Declares the rule ids once: the enum, its stable id, its severity and its one-line
/// meaning in both languages. The ids are the JSON contract and are listed in the README; a
/// test checks that the README and this list agree.
macro_rules! rules {
    ($($variant:ident = $id:literal, $sev:ident, $zh:literal, $en:literal;)*) => {
        /// A rule of validation. `id()` is stable: it is the JSON contract.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant,)* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)* }
            }

            /// What the rule means, in one line.
            pub fn meaning(self, lang: crate::i18n::Lang) -> &'static str {
                match self { $(Rule::$variant => lang.pick($zh, $en),)* }
            }

            pub fn parse(id: &str) -> Option<Rule> {
                match id { $($id => Some(Rule::$variant),)* _ => None }
            }
        }
    };
}

rules! {
    FileUnreadable = "file-unreadable", Error,
        "文件无法读取：损坏、加密、不是表格文件或大得不像调查表",
        "the file is damaged, protected, not a spreadsheet or too large to be a survey";
    NoTable = "no-table", Error,
        "文件中没有调查表（找不到写有“三级指标”的表头）",
        "no sheet of the file holds the survey table";
    NoPeriod = "no-period", Error,
        "表头没有期间列（如 2024年1-6月）",
        "the table has no period column (2024年1-6月, 2024年 …)";
    PeriodEmpty = "period-empty", Error,
        "期间列一个数值也没有",
        "a period column has no value at all";
    PeriodRepeated = "period-repeated", Error,
        "两列标为同一期间",
        "two columns of one table are headed with the same period";
    PeriodFuture = "period-future", Error,
        "期间晚于今天，多为年份笔误",
        "a period ends after today, usually a typo in the year";
    PeriodNameMismatch = "period-name-mismatch", Warning,
        "文件名或文件夹名写的期间与表中的期间不同，可能发错了文件",
        "the period in the file or folder name is none of the table's; perhaps the wrong file was sent";
    ItemMissing = "item-missing", Error,
        "表中缺少调查表的某项指标",
        "an item of the form is not in the table";
    ItemUnrecognised = "item-unrecognised", Error,
        "某行不是调查表中的指标",
        "a row of the table is no item of the form";
    ItemRepeated = "item-repeated", Error,
        "同一指标出现在两行",
        "an item appears in two rows";
    ValueUnreadable = "value-unreadable", Error,
        "数值无法识别为数字",
        "a value is not a number";
    ValueErrorCell = "value-error-cell", Error,
        "单元格显示错误值，如 #DIV/0!",
        "a cell holds an error such as #DIV/0!";
    ValueNegative = "value-negative", Error,
        "数量、金额或指数小于0，不参加评分",
        "a count, amount or index is below zero; not scored";
    ValueRange = "value-range", Error,
        "填写的是范围（如 5-8），不能确定是哪个数，不参加评分",
        "a range (5-8) was typed where one number is asked; not scored";
    ValueDecimalComma = "value-decimal-comma", Error,
        "数字中的逗号不是千位分隔符（如 1,5），不能确定是1.5还是15，不参加评分",
        "a comma that is no thousands separator (1,5): 1.5 or 15 cannot be told; not scored";
    ValueImplausible = "value-implausible", Error,
        "数值超过 ±10¹⁵，不可能正确",
        "a value is beyond ±10¹⁵ and cannot be right";
    RateOutOfRange = "rate-out-of-range", Error,
        "百分比大于100，不参加评分",
        "a percentage is above 100; not scored";
    RateAsFraction = "rate-as-fraction", Error,
        "百分比疑似按小数填写（如 96% 填成 0.96），与同组相差近百倍",
        "a percentage looks typed as a fraction (0.96 for 96%), a hundredth of its cohort's";
    IcuOverBeds = "icu-over-beds", Error,
        "ICU床位数（第4项）大于开放床位数（第3项）",
        "ICU beds (4) exceed open beds (3)";
    Grade4OverSurgeries = "grade4-over-surgeries", Error,
        "四（三）级手术人次（第30项）大于手术人次（第29项）",
        "grade-4 surgeries (30) exceed all surgeries (29)";
    MinimallyInvasiveOverSurgeries = "minimally-invasive-over-surgeries", Error,
        "微创手术人次（第31项）大于手术人次（第29项）",
        "minimally invasive surgeries (31) exceed all surgeries (29)";
    SurgeriesOverDischarges = "surgeries-over-discharges", Error,
        "出院患者手术人次（第29项）大于出院人次（第22项）",
        "surgical discharges (29) exceed discharges (22)";
    PartOverWhole = "part-over-whole", Error,
        "部分大于整体（修订版调查表中的比较规则）",
        "a part exceeds its whole (a comparison rule of a revised form)";
    StrayCell = "stray-cell", Error,
        "表格很远处有多余的值（如 XFD1048576）",
        "a value far outside the table, e.g. in XFD1048576";
    DuplicateSubmission = "duplicate-submission", Error,
        "同一单位同一期间提交了两次",
        "the same unit and period is submitted twice";
    UnitUnknown = "unit-unknown", Error,
        "无法确定是哪家医院的哪个专科，不参加排名",
        "the hospital or specialty cannot be established; not ranked";
    ValueMissing = "value-missing", Warning,
        "数值为空",
        "a value is blank";
    ValueDash = "value-dash", Warning,
        "填了横杠（—、-），按“不适用”计，不参加评分；如表示没有，应填 0",
        "a dash (—, -) was read as not applicable and is not scored; if it meant none, 0 is asked";
    CountFractional = "count-fractional", Warning,
        "人数、床位等计数不是整数",
        "a count is not a whole number";
    CmiImplausible = "cmi-implausible", Warning,
        "CMI（第27项）不在 0.3–5 之间",
        "CMI (27) is outside 0.3–5";
    DddsImplausible = "ddds-implausible", Warning,
        "抗菌药物使用强度（第44项）高于 200",
        "antibiotic use density (44) is above 200 DDDs";
    ValueUnusual = "value-unusual", Warning,
        "数值超出常见范围（调查表规则中的范围），请核对单位和数字",
        "a value is outside its usual range (a range rule of the form); check its unit and digits";
    StaffEducationSum = "staff-education-sum", Warning,
        "学历人数（第9–13项）之和不等于卫技人员数（第6–8项）",
        "staff by education (9–13) do not add up to 6+7+8";
    StaffAgeSum = "staff-age-sum", Warning,
        "年龄结构人数（第17–20项）之和不等于卫技人员数（第6–8项）",
        "staff by age (17–20) do not add up to 6+7+8";
    StaffTitleSum = "staff-title-sum", Warning,
        "职称人数（第14–16项）之和大于卫技人员数（第6–8项）",
        "staff by title (14–16) exceed 6+7+8";
    SumMismatch = "sum-mismatch", Warning,
        "分项之和与合计不符（修订版调查表中的合计规则）",
        "parts do not add up to their total (a sum rule of a revised form)";
    FormulaNoResult = "formula-no-result", Warning,
        "公式没有保存计算结果",
        "a formula has no saved result";
    ItemBySerial = "item-by-serial", Warning,
        "某行仅凭序号识别为指标",
        "a row was recognised only by its serial number";
    ValueBelowName = "value-below-name", Warning,
        "数值填在指标名称下一行（名称单元格合并了两行），已归入该指标；该指标在此列已有数值时未读取",
        "a value sits in the row below its item's name (a name merged over two rows); taken as the item's, or not read when the item has a value there already";
    TotalRowSkipped = "total-row-skipped", Warning,
        "合计、小计、总计行不是调查表的指标，未读取",
        "a total row (合计, 小计, 总计) is no item of the form and was not read";
    SheetHidden = "sheet-hidden", Warning,
        "调查表在隐藏的工作表中：没有可见的调查表时读取隐藏的，否则不读取隐藏的",
        "a survey table is on a hidden sheet: read when no visible sheet holds one, else not read";
    ValueConverted = "value-converted", Warning,
        "数值经过换算（如 1.2万→12000、35000元→3.5万元、‰→%），请核对",
        "a value was converted (1.2万 → 12000, 元 → 万元, ‰ → %); check it";
    ValueApproximate = "value-approximate", Warning,
        "数值是约数或界限（约8、>100），按其数字计",
        "a value is approximate or a bound (约8, >100) and was read as its number";
    ValueCheckUnit = "value-check-unit", Warning,
        "数值与同组中位数相差过大（默认100倍，见评分方案 check.unit_ratio），请核对单位",
        "a value is far off its cohort's median (100× by default, check.unit_ratio); check the unit";
    ValueExtraText = "value-extra-text", Warning,
        "数字后还有其他文字，只按数字计，请核对",
        "a value has words after its number; only the number was read";
    TextInvalidBytes = "text-invalid-bytes", Warning,
        "单元格中有无法识别的字符，已替换为 �",
        "a cell had bytes that are not valid text; they were replaced by �";
    TextTruncated = "text-truncated", Warning,
        "文字超过 Excel 单元格上限（32767字），已截断",
        "a text was longer than an Excel cell holds (32,767 characters) and was cut";
    UnitFromName = "unit-from-name", Warning,
        "医院或专科取自文件名、文件夹名或工作表名，请核对",
        "the hospital or specialty was taken from a file, folder or sheet name; check it";
    NameUnknown = "name-unknown", Warning,
        "专科名称不在标准专科表中，按原样作为一个专科",
        "a specialty is not in the list of standard specialties and is taken as written";
    NameLinked = "name-linked", Warning,
        "医院名称缺旗县区，按同一旗县区的全称对应（如 人民医院→南山县人民医院）",
        "a hospital written without its county was linked to the full name in the same county";
    NameAlias = "name-alias", Warning,
        "名称按名称对照换为标准名称（如 心内科→心血管内科）",
        "a name was mapped to its standard name (心内科 → 心血管内科)";
    LedgerGradeConflict = "ledger-grade-conflict", Error,
        "历年评估台账中同一单位同一期间有两行等级不同，不判定该单位的建设状态",
        "the history ledger gives one unit two different grades for the same period; its status is not decided";
    LedgerPeriodChoice = "ledger-period-choice", Warning,
        "同一单位同一年不同期间的等级不一致（如半年合格、全年不合格），按全年等级计，无全年时按截止最晚的期间",
        "a unit's grades for periods of one year differ (half year pass, whole year fail); the whole year's counts, else the period ending last";
    LedgerYearMissing = "ledger-year-missing", Warning,
        "单位缺少最近年度的评估结果，建设状态按此前各年的结果判定",
        "a unit has no result for the latest year; its status is decided on the years before";
    LedgerGradeReplaced = "ledger-grade-replaced", Warning,
        "本次结果与台账中同一期间的等级不同，按本次结果计",
        "this run's grade differs from the ledger's for the same period; this run's counts";
    CountiesMixed = "counties-mixed", Warning,
        "单位来自多个旗县区（通常一次只评估一个旗县区），请核对",
        "the units come from more than one county (a run is usually one county's); check";
}

/// Which part of the unit a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitField {
    County,
    Hospital,
    Specialty,
}

/// Where a unit's name was found when no labelled cell gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameSource {
    FileName,
    Folder,
    SheetName,
    /// The county, from the start of the hospital's name.
    HospitalName,
}

/// A part of the unit and the name it was taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamePart {
    pub field: UnitField,
    pub value: String,
    pub source: NameSource,
    /// The file, folder, sheet or hospital name it was taken from.
    pub from: String,
}

/// What the clerk is told, as data. Each variant belongs to one [`Rule`].
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// The file could not be read.
    Unreadable(ReadError),
    /// A file named on the command line that is not a spreadsheet.
    NotASpreadsheet,
    /// A folder could not be listed.
    FolderUnreadable {
        why: crate::read::IoWhy,
    },
    /// A folder nested deeper than the limit.
    FolderTooDeep {
        max: usize,
    },
    NoTable {
        sheets: Vec<String>,
    },
    NoPeriod {
        header_row: u32,
    },
    PeriodEmpty {
        header: String,
        col: String,
    },
    PeriodRepeated {
        first_col: String,
        col: String,
    },
    PeriodFuture {
        header: String,
    },
    PeriodNameMismatch {
        name: String,
        named: Period,
        in_table: Vec<Period>,
    },
    ItemMissing,
    ItemUnrecognised {
        row: u32,
        written: String,
    },
    ItemRepeated {
        first_row: u32,
        row: u32,
    },
    ItemBySerial {
        written: String,
        serial: u32,
    },
    /// A value in a row with no name or serial, just below an item's row (the item's name cell
    /// merged over both rows). `used`: taken as the item's value (its own row is empty in that
    /// column); else not read, because the item's row has a value there.
    ValueBelowName {
        raw: String,
        item_row: u32,
        /// The item's name cell is merged over this row (the workbook says so).
        merged: bool,
        used: bool,
    },
    /// A 合计/小计/总计 row inside the table, not read.
    TotalRowSkipped {
        row: u32,
        written: String,
    },
    /// A hidden sheet holds a survey table. `read`: no visible sheet holds one, so it was read;
    /// else it was not.
    SheetHidden {
        read: bool,
    },
    /// The header repeats a block of periods after a second name column or under a second
    /// unit's label: two units side by side in one sheet. Only the first block is read.
    UnitsSideBySide {
        /// Columns of the first block (`E–F`) and of the repeat (`G–H`).
        first_cols: String,
        cols: String,
    },
    ValueUnreadable {
        raw: String,
    },
    ValueDate {
        raw: String,
    },
    ValueErrorCell {
        raw: String,
    },
    ValueNegative {
        raw: String,
    },
    ValueImplausible {
        raw: String,
    },
    RateOutOfRange {
        raw: String,
    },
    ValueRange {
        raw: String,
    },
    ValueDecimalComma {
        raw: String,
    },
    ValueExtraText {
        raw: String,
        value: f64,
        extra: String,
    },
    RateAsFraction {
        raw: String,
        value: f64,
        median: f64,
        members: usize,
    },
    ValueMissing,
    ValueDash {
        raw: String,
    },
    CountFractional {
        raw: String,
    },
    FormulaNoResult,
    ValueConverted {
        raw: String,
        value: f64,
        adjustments: Vec<Adjustment>,
    },
    ValueApproximate {
        raw: String,
        value: f64,
        adjustments: Vec<Adjustment>,
    },
    ValueCheckUnit {
        raw: String,
        median: f64,
        members: usize,
        ratio: f64,
    },
    /// A part (or sum of parts) exceeds its whole: `parts` and `whole` are item numbers.
    NotAbove {
        rule: Rule,
        parts: Vec<ItemName>,
        whole: Vec<ItemName>,
        part: f64,
        total: f64,
    },
    /// Parts do not add up to their total.
    SumMismatch {
        rule: Rule,
        parts: Vec<ItemName>,
        whole: Vec<ItemName>,
        part: f64,
        total: f64,
    },
    /// A value outside its usual range.
    OutOfRange {
        rule: Rule,
        raw: String,
        min: Option<f64>,
        max: Option<f64>,
    },
    StrayCell {
        text: String,
        rows: u32,
        cols: u32,
    },
    DuplicateSubmission {
        unit: String,
        first_file: String,
        first_sheet: String,
        first_col: String,
    },
    UnitUnknown {
        missing: Vec<UnitField>,
        /// What was found, `?` for the rest.
        found: String,
    },
    /// Parts of the unit taken from names rather than labelled cells, each with where.
    UnitFromName {
        parts: Vec<NamePart>,
    },
    NameUnknown {
        written: String,
        name: String,
    },
    NameLinked {
        written: String,
        name: String,
    },
    NameAlias {
        field: UnitField,
        written: String,
        name: String,
        /// The alias came from the user's names file, not the built-in list.
        user: bool,
    },
    TextInvalidBytes {
        encoding: &'static str,
    },
    TextTruncated {
        chars: usize,
    },
}

/// An item as a message names it: number and names in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemName {
    pub no: u8,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub unit: String,
    pub kind: Kind,
}

impl ItemName {
    pub fn of(it: &Item) -> ItemName {
        ItemName {
            no: it.no,
            code: it.code.clone(),
            name: it.name.clone(),
            name_en: it.name_en.clone(),
            unit: it.unit.clone(),
            kind: it.kind,
        }
    }
}

impl Finding {
    /// The rule this finding belongs to.
    pub fn rule(&self) -> Rule {
        match self {
            Finding::Unreadable(_)
            | Finding::NotASpreadsheet
            | Finding::FolderUnreadable { .. }
            | Finding::FolderTooDeep { .. } => Rule::FileUnreadable,
            Finding::NoTable { .. } => Rule::NoTable,
            Finding::NoPeriod { .. } => Rule::NoPeriod,
            Finding::PeriodEmpty { .. } => Rule::PeriodEmpty,
            Finding::PeriodRepeated { .. } => Rule::PeriodRepeated,
            Finding::PeriodFuture { .. } => Rule::PeriodFuture,
            Finding::PeriodNameMismatch { .. } => Rule::PeriodNameMismatch,
            Finding::ItemMissing => Rule::ItemMissing,
            Finding::ItemUnrecognised { .. } => Rule::ItemUnrecognised,
            Finding::ItemRepeated { .. } => Rule::ItemRepeated,
            Finding::ItemBySerial { .. } => Rule::ItemBySerial,
            Finding::ValueBelowName { .. } => Rule::ValueBelowName,
            Finding::TotalRowSkipped { .. } => Rule::TotalRowSkipped,
            Finding::SheetHidden { .. } => Rule::SheetHidden,
            Finding::UnitsSideBySide { .. } => Rule::PeriodRepeated,
            Finding::ValueUnreadable { .. } | Finding::ValueDate { .. } => Rule::ValueUnreadable,
            Finding::ValueErrorCell { .. } => Rule::ValueErrorCell,
            Finding::ValueNegative { .. } => Rule::ValueNegative,
            Finding::ValueImplausible { .. } => Rule::ValueImplausible,
            Finding::RateOutOfRange { .. } => Rule::RateOutOfRange,
            Finding::ValueRange { .. } => Rule::ValueRange,
            Finding::ValueDash { .. } => Rule::ValueDash,
            Finding::ValueDecimalComma { .. } => Rule::ValueDecimalComma,
            Finding::ValueExtraText { .. } => Rule::ValueExtraText,
            Finding::RateAsFraction { .. } => Rule::RateAsFraction,
            Finding::ValueMissing => Rule::ValueMissing,
            Finding::CountFractional { .. } => Rule::CountFractional,
            Finding::FormulaNoResult => Rule::FormulaNoResult,
            Finding::ValueConverted { .. } => Rule::ValueConverted,
            Finding::ValueApproximate { .. } => Rule::ValueApproximate,
            Finding::ValueCheckUnit { .. } => Rule::ValueCheckUnit,
            Finding::NotAbove { rule, .. }
            | Finding::SumMismatch { rule, .. }
            | Finding::OutOfRange { rule, .. } => *rule,
            Finding::StrayCell { .. } => Rule::StrayCell,
            Finding::DuplicateSubmission { .. } => Rule::DuplicateSubmission,
            Finding::UnitUnknown { .. } => Rule::UnitUnknown,
            Finding::UnitFromName { .. } => Rule::UnitFromName,
            Finding::NameAlias { .. } => Rule::NameAlias,
            Finding::NameUnknown { .. } => Rule::NameUnknown,
            Finding::NameLinked { .. } => Rule::NameLinked,
            Finding::TextInvalidBytes { .. } => Rule::TextInvalidBytes,
            Finding::TextTruncated { .. } => Rule::TextTruncated,
        }
    }
}

/// One finding with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: String,
    pub sheet: Option<String>,
    /// A1 reference.
    pub cell: Option<String>,
    pub item: Option<ItemName>,
    pub period: Option<Period>,
    pub finding: Finding,
}

impl Diagnostic {
    pub fn new(file: &str, finding: Finding) -> Self {
        Diagnostic {
            file: file.to_string(),
            sheet: None,
            cell: None,
            item: None,
            period: None,
            finding,
        }
    }

    pub fn sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_string());
        self
    }

    pub fn cell(mut self, cell: impl Into<Option<String>>) -> Self {
        self.cell = cell.into();
        self
    }

    pub fn item(mut self, it: &Item) -> Self {
        self.item = Some(ItemName::of(it));
        self
    }

    pub fn period(mut self, period: Period) -> Self {
        self.period = Some(period);
        self
    }

    pub fn rule(&self) -> Rule {
        self.finding.rule()
    }

    pub fn severity(&self) -> Severity {
        self.rule().severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// A problem with the whole file (unreadable, or no survey in it), not with a value.
    pub fn is_file_level(&self) -> bool {
        matches!(self.rule(), Rule::FileUnreadable | Rule::NoTable)
    }

    /// Sort key: by sheet, period, item, errors first, rule, cell.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.sheet,
            self.period,
            self.item.as_ref().map(|i| i.no),
            self.severity(),
            self.rule(),
            &self.cell,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for r in Rule::ALL {
            assert!(seen.insert(r.id()), "{} twice", r.id());
            assert_eq!(Rule::parse(r.id()), Some(*r));
        }
    }
}
