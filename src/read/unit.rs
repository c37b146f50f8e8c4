//! Who submitted a survey: the county, hospital and specialty, from labelled cells above or
//! below the table (`填报单位（盖章）：…`, `医院名称 | …`, `专科名称：…`), else the sheet name
//! (a workbook with a sheet per specialty), the file name and the folders, read by
//! [`crate::names`]. Stamp notes are stripped and aliases resolved to standard names; whatever
//! was taken from a name rather than a labelled cell, or mapped by an alias, is reported, and a
//! survey whose hospital or specialty cannot be established is an error and not ranked.

use super::Sheet;
use crate::diag::{Finding, NamePart, NameSource, UnitField};
use crate::model::Unit;
use crate::names::{self, Guessed, Names, Resolved, Via};
use crate::text::norm_label;

/// Where a file came from, for finding its unit when no cell names it.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// File name without extension (decoded).
    pub stem: String,
    /// Folders between the folder the user gave and the file, outermost first.
    pub folders: Vec<String>,
    /// How many sheets of the workbook hold a survey table.
    pub survey_sheets: usize,
}

/// The unit found, as standard names and as written, and what the clerk should be told.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub unit: Unit,
    pub written: Unit,
    /// Findings with the cell they are about, when there is one.
    pub findings: Vec<(Finding, Option<String>)>,
}

const LABELS: &[(&str, Option<UnitField>)] = &[
    ("所属旗县区", Some(UnitField::County)),
    ("所属旗县市区", Some(UnitField::County)),
    ("所属区县", Some(UnitField::County)),
    ("所属县区", Some(UnitField::County)),
    ("所属旗县", Some(UnitField::County)),
    ("所属地区", Some(UnitField::County)),
    ("旗县市区", Some(UnitField::County)),
    ("旗县区", Some(UnitField::County)),
    ("县市区", Some(UnitField::County)),
    ("县区", Some(UnitField::County)),
    ("区县", Some(UnitField::County)),
    ("医疗机构名称", Some(UnitField::Hospital)),
    ("医疗机构", Some(UnitField::Hospital)),
    ("医院名称", Some(UnitField::Hospital)),
    ("单位名称", Some(UnitField::Hospital)),
    ("填报单位", Some(UnitField::Hospital)),
    ("建设单位", Some(UnitField::Hospital)),
    ("机构名称", Some(UnitField::Hospital)),
    ("医院", Some(UnitField::Hospital)),
    ("专科(科室)名称", Some(UnitField::Specialty)),
    ("重点专科名称", Some(UnitField::Specialty)),
    ("建设专科", Some(UnitField::Specialty)),
    ("申报专科", Some(UnitField::Specialty)),
    ("专科名称", Some(UnitField::Specialty)),
    ("科室名称", Some(UnitField::Specialty)),
    ("专科", Some(UnitField::Specialty)),
    ("科室", Some(UnitField::Specialty)),
    ("填报人", None),
    ("联系电话", None),
    ("联系人", None),
    ("填报日期", None),
    ("填表日期", None),
    ("电话", None),
    ("日期", None),
];

/// Labels are looked for above the header and in the few rows just below the table, within
/// the columns a table spans: a cell further away labels nothing of this table, and reading
/// every cell of a sheet of 500,000 for labels took seconds.
const LABEL_ROWS_BELOW: u32 = 30;
/// See [`LABEL_ROWS_BELOW`].
const LABEL_COLUMNS: u32 = 64;

/// A label, with stamp notes and decoration stripped (`填报单位（盖章）` is `填报单位`).
fn label_of(text: &str) -> Option<Option<UnitField>> {
    let t = norm_label(&names::clean(text));
    let t = t.trim_end_matches([':', '：']);
    if t.is_empty() || t.chars().count() > 12 {
        return None;
    }
    static NORMALISED: std::sync::LazyLock<Vec<(String, Option<UnitField>)>> =
        std::sync::LazyLock::new(|| LABELS.iter().map(|(l, f)| (norm_label(l), *f)).collect());
    NORMALISED.iter().find(|(l, _)| l == t).map(|(_, f)| *f)
}

/// `label：value` pairs in one cell (`填报单位（盖章）：某医院  专科名称：心内科`).
fn labelled_pairs(text: &str) -> Vec<(Option<UnitField>, String)> {
    let t = crate::text::normalize_keep_spaces(text)
        .replace('（', "(")
        .replace('）', ")");
    let mut hits: Vec<(usize, usize, Option<UnitField>)> = Vec::new();
    for (label, field) in LABELS {
        for (pos, _) in t.match_indices(label) {
            let mut after = &t[pos + label.len()..];
            // A stamp note between the label and its colon: 填报单位(盖章)：
            let trimmed = after.trim_start();
            if let Some(rest) = trimmed.strip_prefix('(') {
                if let Some(close) = rest.find(')') {
                    if rest[..close].contains('章') || rest[..close].contains('签') {
                        after = &rest[close + 1..];
                    }
                }
            }
            let after_trim = after.trim_start();
            if !(after_trim.starts_with(':') || after_trim.starts_with('：')) {
                continue;
            }
            let colon_end =
                t.len() - after_trim.len() + after_trim.chars().next().map_or(0, char::len_utf8);
            if hits.iter().any(|&(s, e, _)| pos < e && s < colon_end) {
                continue;
            }
            hits.push((pos, colon_end, *field));
        }
    }
    hits.sort_by_key(|h| (h.0, h.1));
    let mut out = Vec::new();
    for (i, &(_, end, field)) in hits.iter().enumerate() {
        let stop = hits.get(i + 1).map_or(t.len(), |h| h.0);
        let v = t[end..stop]
            .trim()
            .trim_matches(|c: char| c == '_' || c == ',' || c == '，' || c.is_whitespace());
        out.push((field, v.to_string()));
    }
    out
}

fn is_generic_sheet_name(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    let stripped = n.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    matches!(stripped, "sheet" | "工作表" | "表" | "")
        || n.contains("调查表")
        || n.contains("survey")
}

/// One field as found: written text and where.
#[derive(Debug, Clone)]
struct Seen {
    written: String,
    how: How,
}

#[derive(Debug, Clone)]
enum How {
    Label { cell: String },
    Name { source: NameSource, from: String },
}

/// Find the unit of a survey table.
pub fn find_unit(
    sheet: &Sheet,
    header_row: u32,
    last_item_row: u32,
    origin: &Origin,
    names: &Names,
) -> Found {
    let mut seen = SeenFields::default();
    labelled_cells(sheet, header_row, last_item_row, &mut seen);
    sheet_name_specialty(sheet, names, &mut seen);
    path_names(origin, names, &mut seen);
    let (mut found, mut parts) = resolve_fields(&seen, names);
    county_of_hospital(&mut found, &mut parts, names);
    report_guesses(&mut found, parts);
    found
}

/// The first text seen for each field (county, hospital, specialty), and where.
#[derive(Default)]
struct SeenFields([Option<Seen>; 3]);

impl SeenFields {
    /// The index of a field's slot.
    fn slot(f: UnitField) -> usize {
        match f {
            UnitField::County => 0,
            UnitField::Hospital => 1,
            UnitField::Specialty => 2,
        }
    }

    /// The text seen for a field, if any.
    fn get(&self, f: UnitField) -> Option<&Seen> {
        self.0[Self::slot(f)].as_ref()
    }

    /// Keep `written` for the field unless it has one, or it is empty or a label once cleaned.
    fn set(&mut self, f: UnitField, written: String, how: How) {
        let cleaned = names::clean(&written);
        if cleaned.is_empty() || label_of(&cleaned).is_some() {
            return;
        }
        let s = &mut self.0[Self::slot(f)];
        if s.is_none() {
            *s = Some(Seen { written, how });
        }
    }
}

/// Note the fields that labelled cells above the table, then below it, give.
fn labelled_cells(sheet: &Sheet, header_row: u32, last_item_row: u32, seen: &mut SeenFields) {
    let below = last_item_row.saturating_add(LABEL_ROWS_BELOW);
    let outside = sheet
        .cells()
        .take_while(|(r, _, _)| *r <= below)
        .filter(|(r, c, _)| (*r < header_row || *r > last_item_row) && *c < LABEL_COLUMNS);
    // Only text labels anything: a number or a date is no label and holds no `label：value`.
    for (r, c, text) in outside.filter_map(|(r, c, cell)| Some((r, c, cell.as_text()?))) {
        if let Some(field) = label_of(text) {
            // Label and value side by side.
            let next = sheet
                .row(r)
                .filter(|(cc, _)| *cc > c && *cc < LABEL_COLUMNS)
                .map(|(cc, v)| (cc, v.text().trim().to_string()))
                .find(|(_, t)| !t.is_empty());
            if let (Some(f), Some((cc, v))) = (field, next) {
                seen.set(
                    f,
                    v,
                    How::Label {
                        cell: super::a1(r, cc),
                    },
                );
            }
            continue;
        }
        for (field, v) in labelled_pairs(text) {
            if let Some(f) = field {
                seen.set(
                    f,
                    v,
                    How::Label {
                        cell: super::a1(r, c),
                    },
                );
            }
        }
    }
}

/// Note the sheet name as the specialty when none was seen and it is shaped like one.
fn sheet_name_specialty(sheet: &Sheet, names: &Names, seen: &mut SeenFields) {
    // `心内科`, not `人才队伍及满意度`, the second half of a table split over two sheets.
    let sheet_name = sheet.name.trim();
    if seen.get(UnitField::Specialty).is_none()
        && !is_generic_sheet_name(sheet_name)
        && names.specialty(sheet_name).is_some()
        && names.hospital(sheet_name).is_none()
    {
        seen.set(
            UnitField::Specialty,
            sheet_name.to_string(),
            How::Name {
                source: NameSource::SheetName,
                from: sheet_name.to_string(),
            },
        );
    }
}

/// Note the hospital, specialty and county the file name and folders give.
fn path_names(origin: &Origin, names: &Names, seen: &mut SeenFields) {
    let guess = names.from_path(&origin.stem, &origin.folders);
    let from_guess = |g: &Guessed| -> How {
        match &g.from {
            names::From::FileName { .. } => How::Name {
                source: NameSource::FileName,
                from: origin.stem.clone(),
            },
            names::From::Folder { name } => How::Name {
                source: NameSource::Folder,
                from: name.clone(),
            },
            names::From::HospitalName => How::Name {
                source: NameSource::HospitalName,
                from: String::new(),
            },
        }
    };
    for (f, g) in [
        (UnitField::Hospital, &guess.hospital),
        (UnitField::Specialty, &guess.specialty),
        (UnitField::County, &guess.county),
    ] {
        if let Some(g) = g {
            seen.set(f, g.value.clone(), from_guess(g));
        }
    }
}

/// The standard name of what was written for a field, else the text cleaned.
fn resolve(names: &Names, f: UnitField, w: &str) -> Resolved {
    let r = match f {
        UnitField::County => names.county(w),
        UnitField::Hospital => names.hospital(w),
        UnitField::Specialty => names.specialty(w),
    };
    // A labelled cell is trusted even when its text is not shaped like a name.
    r.unwrap_or_else(|| Resolved {
        name: names::clean(w),
        written: w.to_string(),
        via: Via::Cleaned,
    })
}

/// The unit the seen fields name, with its findings, and the parts taken from names.
fn resolve_fields(seen: &SeenFields, names: &Names) -> (Found, Vec<NamePart>) {
    let mut found = Found::default();
    let mut parts: Vec<NamePart> = Vec::new();
    for f in [UnitField::County, UnitField::Hospital, UnitField::Specialty] {
        let Some(s) = seen.get(f) else { continue };
        let r = resolve(names, f, &s.written);
        let cell = match &s.how {
            How::Label { cell } => Some(cell.clone()),
            How::Name { .. } => None,
        };
        if let How::Name { source, from } = &s.how {
            parts.push(NamePart {
                field: f,
                value: r.name.clone(),
                source: source.clone(),
                from: from.clone(),
            });
        }
        if f == UnitField::Specialty && !names.is_known_specialty(&r.name) {
            found.findings.push((
                Finding::NameUnknown {
                    written: s.written.trim().to_string(),
                    name: r.name.clone(),
                },
                cell.clone(),
            ));
        }
        let user = matches!(r.via, Via::UserAlias { .. });
        if matches!(r.via, Via::Alias { .. } | Via::UserAlias { .. }) {
            found.findings.push((
                Finding::NameAlias {
                    field: f,
                    written: s.written.trim().to_string(),
                    name: r.name.clone(),
                    user,
                },
                cell,
            ));
        }
        let (unit, written) = match f {
            UnitField::County => (&mut found.unit.county, &mut found.written.county),
            UnitField::Hospital => (&mut found.unit.hospital, &mut found.written.hospital),
            UnitField::Specialty => (&mut found.unit.specialty, &mut found.written.specialty),
        };
        *unit = Some(r.name.clone());
        *written = Some(s.written.trim().to_string());
    }
    (found, parts)
}

/// Take the county from the hospital's name when none was found (北岭旗人民医院 is in 北岭旗).
fn county_of_hospital(found: &mut Found, parts: &mut Vec<NamePart>, names: &Names) {
    if found.unit.county.is_none() {
        if let Some(h) = found.unit.hospital.clone() {
            if let Some(c) = names.county_of(&h) {
                parts.push(NamePart {
                    field: UnitField::County,
                    value: c.clone(),
                    source: NameSource::HospitalName,
                    from: h,
                });
                found.unit.county = Some(c.clone());
                found.written.county = Some(c);
            }
        }
    }
    // The parts read off the hospital's name name it.
    for p in parts.iter_mut() {
        if p.source == NameSource::HospitalName && p.from.is_empty() {
            p.from = found.unit.hospital.clone().unwrap_or_default();
        }
    }
}

/// Report the parts of the unit taken from names, and a hospital or specialty not found.
fn report_guesses(found: &mut Found, mut parts: Vec<NamePart>) {
    // A county read off the hospital's own name is no guess worth a warning on its own; beside
    // names taken from files or folders it is said with them.
    if parts.iter().any(|p| p.source != NameSource::HospitalName) {
        parts.sort_by_key(|p| match p.field {
            UnitField::Hospital => 0,
            UnitField::Specialty => 1,
            UnitField::County => 2,
        });
        found.findings.push((Finding::UnitFromName { parts }, None));
    }
    let missing: Vec<UnitField> = [
        (UnitField::Hospital, &found.unit.hospital),
        (UnitField::Specialty, &found.unit.specialty),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_none())
    .map(|(f, _)| f)
    .collect();
    if !missing.is_empty() {
        found.findings.push((
            Finding::UnitUnknown {
                missing,
                found: found.unit.describe(),
            },
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_one_cell() {
        let p = labelled_pairs("填报单位：北岭旗人民医院    专科名称：心血管内科  填报人：王某");
        assert_eq!(
            p.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>(),
            ["北岭旗人民医院", "心血管内科", "王某"]
        );
        let p = labelled_pairs("科室: 骨科");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].1, "骨科");
    }

    #[test]
    fn stamped_labels_are_labels() {
        assert_eq!(
            label_of("填报单位（盖章）"),
            Some(Some(UnitField::Hospital))
        );
        assert_eq!(
            label_of("填报单位(盖章)："),
            Some(Some(UnitField::Hospital))
        );
        let p = labelled_pairs("填报单位（盖章）：北山县中医院（盖章）");
        assert_eq!(
            p,
            [(Some(UnitField::Hospital), "北山县中医院(盖章)".to_string())]
        );
    }
}
