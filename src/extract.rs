//! The tidy table: one record per survey × period × item. The columns are a documented
//! contract (README, "extract"): `file, sheet, county, hospital, specialty, period, no, code,
//! name, value, status, raw, detail`.

use crate::catalog;
use crate::read::survey::Survey;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub file: String,
    pub sheet: String,
    pub county: String,
    pub hospital: String,
    pub specialty: String,
    pub period: String,
    pub no: u8,
    pub code: String,
    pub name: String,
    /// The number; `None` unless `status` is `ok`.
    pub value: Option<f64>,
    pub status: &'static str,
    /// The cell as written.
    pub raw: String,
    pub detail: String,
}

pub const COLUMNS: [&str; 13] = [
    "file",
    "sheet",
    "county",
    "hospital",
    "specialty",
    "period",
    "no",
    "code",
    "name",
    "value",
    "status",
    "raw",
    "detail",
];

impl Record {
    /// The record as CSV cells, in [`COLUMNS`] order.
    pub fn csv_row(&self) -> Vec<String> {
        vec![
            self.file.clone(),
            self.sheet.clone(),
            self.county.clone(),
            self.hospital.clone(),
            self.specialty.clone(),
            self.period.clone(),
            self.no.to_string(),
            self.code.clone(),
            self.name.clone(),
            self.value.map(crate::text::fmt_number).unwrap_or_default(),
            self.status.to_string(),
            self.raw.clone(),
            self.detail.clone(),
        ]
    }
}

pub fn records<'a>(surveys: impl IntoIterator<Item = &'a Survey>) -> Vec<Record> {
    let mut out = Vec::new();
    for s in surveys {
        for (p, pc) in s.periods.iter().enumerate() {
            for it in catalog::items() {
                let Some(v) = s.value(p, it.no) else { continue };
                out.push(Record {
                    file: s.file.clone(),
                    sheet: s.sheet.clone(),
                    county: s.unit.county.clone().unwrap_or_default(),
                    hospital: s.unit.hospital.clone().unwrap_or_default(),
                    specialty: s.unit.specialty.clone().unwrap_or_default(),
                    period: pc.period.to_string(),
                    no: it.no,
                    code: it.code.clone(),
                    name: it.name.clone(),
                    value: v.value,
                    status: v.status.as_str(),
                    raw: v.raw.clone(),
                    detail: v.detail.clone().unwrap_or_default(),
                });
            }
        }
    }
    out
}
