//! Findings about the data: each names the file, sheet, cell, item and period, with a stable
//! rule id and a message a county clerk can act on. Validation returns these; it never prints.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

    /// The word used in Chinese reports.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// One finding. Serialised as the documented JSON contract:
/// `file, sheet, cell, item, name, period, severity, rule, message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub sheet: Option<String>,
    /// A1 reference.
    pub cell: Option<String>,
    /// Item number 1–69.
    pub item: Option<u8>,
    /// The item's Chinese name.
    pub name: Option<String>,
    pub period: Option<String>,
    pub severity: Severity,
    pub rule: &'static str,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        file: &str,
        severity: Severity,
        rule: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_string(),
            sheet: None,
            cell: None,
            item: None,
            name: None,
            period: None,
            severity,
            rule,
            message: message.into(),
        }
    }

    pub fn error(file: &str, rule: &'static str, message: impl Into<String>) -> Self {
        Self::new(file, Severity::Error, rule, message)
    }

    pub fn warning(file: &str, rule: &'static str, message: impl Into<String>) -> Self {
        Self::new(file, Severity::Warning, rule, message)
    }

    pub fn sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_string());
        self
    }

    pub fn cell(mut self, cell: impl Into<Option<String>>) -> Self {
        self.cell = cell.into();
        self
    }

    pub fn item(mut self, no: u8) -> Self {
        self.item = Some(no);
        self.name = crate::catalog::item(no).map(|i| i.name.clone());
        self
    }

    pub fn period(mut self, period: impl Into<String>) -> Self {
        self.period = Some(period.into());
        self
    }

    /// A problem with the whole file (unreadable, or no survey in it), not with a value.
    pub fn is_file_level(&self) -> bool {
        matches!(self.rule, "file-unreadable" | "no-table")
    }

    /// Sort key: errors first within a file, then by sheet, period, item, cell.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.file,
            &self.sheet,
            &self.period,
            self.item,
            self.severity,
            self.rule,
            &self.cell,
        )
    }
}

/// The rule ids, each with its severity and what it means. Documented in the README.
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        "file-unreadable",
        Severity::Error,
        "the file is damaged, protected, not a spreadsheet or too large",
    ),
    (
        "no-table",
        Severity::Error,
        "no sheet of the file holds the survey table",
    ),
    (
        "no-period",
        Severity::Error,
        "the table has no period column (2024年1-6月, 2024年 …)",
    ),
    (
        "period-empty",
        Severity::Error,
        "a period column has no value at all",
    ),
    (
        "period-repeated",
        Severity::Error,
        "two columns of one table are headed with the same period",
    ),
    (
        "item-missing",
        Severity::Error,
        "an item of the form is not in the table",
    ),
    (
        "item-unrecognised",
        Severity::Error,
        "a row of the table is no item of the form",
    ),
    (
        "item-repeated",
        Severity::Error,
        "an item appears in two rows",
    ),
    (
        "value-unreadable",
        Severity::Error,
        "a value is not a number",
    ),
    (
        "value-error-cell",
        Severity::Error,
        "a cell holds an error such as #DIV/0!",
    ),
    (
        "value-negative",
        Severity::Error,
        "a count, amount or index is below zero",
    ),
    (
        "rate-out-of-range",
        Severity::Error,
        "a percentage is outside 0–100",
    ),
    (
        "icu-over-beds",
        Severity::Error,
        "ICU beds (4) exceed open beds (3)",
    ),
    (
        "grade4-over-surgeries",
        Severity::Error,
        "grade-4 surgeries (30) exceed all surgeries (29)",
    ),
    (
        "minimally-invasive-over-surgeries",
        Severity::Error,
        "minimally invasive surgeries (31) exceed all surgeries (29)",
    ),
    (
        "surgeries-over-discharges",
        Severity::Error,
        "surgical discharges (29) exceed discharges (22)",
    ),
    (
        "duplicate-submission",
        Severity::Error,
        "the same unit and period is submitted twice",
    ),
    ("value-missing", Severity::Warning, "a value is blank"),
    (
        "count-fractional",
        Severity::Warning,
        "a count is not a whole number",
    ),
    (
        "cmi-implausible",
        Severity::Warning,
        "CMI (27) is outside 0.3–5",
    ),
    (
        "ddds-implausible",
        Severity::Warning,
        "antibiotic use density (44) is above 200 DDDs",
    ),
    (
        "staff-education-sum",
        Severity::Warning,
        "staff by education (9–13) do not add up to 6+7+8",
    ),
    (
        "staff-age-sum",
        Severity::Warning,
        "staff by age (17–20) do not add up to 6+7+8",
    ),
    (
        "staff-title-sum",
        Severity::Warning,
        "staff by title (14–16) exceed 6+7+8",
    ),
    (
        "formula-no-result",
        Severity::Warning,
        "a formula has no saved result",
    ),
    (
        "item-by-serial",
        Severity::Warning,
        "a row was recognised only by its serial number",
    ),
    (
        "unit-unknown",
        Severity::Warning,
        "the hospital or specialty could not be found",
    ),
];
