//! The tidy table: one record per survey × period × item. The columns are a documented
//! contract (README, "extract"): `file, sheet, county, hospital, specialty, period, no, code,
//! name, value, status, raw, detail`, then the unit as written:
//! `county_raw, hospital_raw, specialty_raw`. Names are the standard ones; `detail` says what
//! was converted or assumed to read a value.

use crate::i18n::Lang;
use crate::model::Survey;
use crate::value::Parsed;
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
    pub county_raw: String,
    pub hospital_raw: String,
    pub specialty_raw: String,
}

pub const COLUMNS: [&str; 16] = [
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
    "county_raw",
    "hospital_raw",
    "specialty_raw",
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
            self.county_raw.clone(),
            self.hospital_raw.clone(),
            self.specialty_raw.clone(),
        ]
    }
}

/// What followed the number, and what was converted or assumed, in one text.
pub fn detail(v: &Parsed, lang: Lang) -> String {
    let mut parts: Vec<String> = v.detail().map(String::from).into_iter().collect();
    parts.extend(v.adjustments().iter().map(|a| a.text(lang)));
    parts.join(lang.pick("；", "; "))
}

pub fn records<'a>(surveys: impl IntoIterator<Item = &'a Survey>, lang: Lang) -> Vec<Record> {
    let mut out = Vec::new();
    for s in surveys {
        let f = |o: &Option<String>| o.clone().unwrap_or_default();
        for (p, pc) in s.periods.iter().enumerate() {
            for (i, it) in s.form.items().iter().enumerate() {
                let Some(v) = s.value(p, i) else { continue };
                out.push(Record {
                    file: s.file.clone(),
                    sheet: s.sheet.clone(),
                    county: f(&s.unit.county),
                    hospital: f(&s.unit.hospital),
                    specialty: f(&s.unit.specialty),
                    period: pc.period.to_string(),
                    no: it.no,
                    code: it.code.clone(),
                    name: it.name.clone(),
                    value: v.value(),
                    status: v.status.as_str(),
                    raw: v.raw().into_owned(),
                    detail: detail(v, lang),
                    county_raw: f(&s.written.county),
                    hospital_raw: f(&s.written.hospital),
                    specialty_raw: f(&s.written.specialty),
                });
            }
        }
    }
    out
}
