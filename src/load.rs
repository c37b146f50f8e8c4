//! Reading a batch: every input file, in parallel, into surveys and diagnostics, in a stable
//! order. One broken file becomes one diagnostic; the rest of the batch goes on. Reading,
//! locating and parsing a file all run under one panic guard, and the number of files read at
//! once is bounded by the run's memory budget, not by the number of cores.

use crate::diag::{Diagnostic, Finding};
use crate::form::Form;
use crate::inputs::{FolderProblemKind, Found, Input};
use crate::model::Survey;
use crate::names::Names;
use crate::read::locate::{self, find_header, read_table, Header};
use crate::read::unit::{find_unit, Origin};
use crate::read::{self, Book, Limits, ReadNoteKind};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// Memory the files being read at one time may use together. With the default [`Limits`]
/// [`file_peak_bytes`] is 192 MB, so this allows two files at a time (both cores of the
/// commission's usual machine); with a smaller per-file limit, more. (Measured, the costliest
/// file within the limits peaks near 90 MB: see `tests/hostile.rs`.)
pub const RUN_READ_BYTES: u64 = 400 * 1024 * 1024;

/// Why a file was not read as a survey, quietly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// Not a spreadsheet, and not named like one.
    NotSpreadsheet,
    /// A report, a blank template or a CSV export that `assess` itself wrote.
    MadeByAssess,
}

/// What one input file gave.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    /// The path as the user will recognise it (bytes that are not UTF-8 escaped).
    pub file: String,
    pub path: PathBuf,
    pub surveys: Vec<Survey>,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Option<Skipped>,
    /// A folder that could not be walked, not a file.
    pub is_folder: bool,
}

impl FileOutcome {
    fn new(file: String, path: PathBuf) -> FileOutcome {
        FileOutcome {
            file,
            path,
            surveys: Vec::new(),
            diagnostics: Vec::new(),
            skipped: None,
            is_folder: false,
        }
    }
}

/// All files of a run.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub files: Vec<FileOutcome>,
    /// Threads the files were read with (0: the cores): the checks that follow use as many.
    pub jobs: usize,
}

impl Batch {
    pub fn surveys(&self) -> impl Iterator<Item = &Survey> {
        self.files.iter().flat_map(|f| &f.surveys)
    }

    /// Files that were read (not skipped, not folders).
    pub fn files_read(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.skipped.is_none() && !f.is_folder)
            .count()
    }

    /// Files skipped quietly because `assess` wrote them.
    pub fn own_outputs(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.skipped == Some(Skipped::MadeByAssess))
            .count()
    }

    /// Compressed archives (.zip, .rar, .7z) skipped as no spreadsheet: hospitals send their
    /// forms zipped, and a form in one would be missing without a word.
    pub fn archives(&self) -> Vec<&str> {
        self.files
            .iter()
            .filter(|f| f.skipped == Some(Skipped::NotSpreadsheet))
            .filter(|f| {
                f.path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| {
                        ["zip", "rar", "7z"].contains(&e.to_ascii_lowercase().as_str())
                    })
            })
            .map(|f| f.file.as_str())
            .collect()
    }

    /// Diagnostics from reading (not yet validated).
    pub fn read_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }
}

/// How to read a batch.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub limits: Limits,
    /// Files read at once; default: the cores, bounded by [`RUN_READ_BYTES`].
    pub jobs: Option<usize>,
    /// The forms a table may be read with, the preferred first.
    pub forms: Vec<Arc<Form>>,
    /// Standard names and aliases of specialties, hospitals and counties.
    pub names: Arc<Names>,
    /// Today (year, month, day): a period after it is an error.
    pub today: (u16, u8, u8),
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            limits: Limits::default(),
            jobs: None,
            forms: vec![Form::builtin()],
            names: Arc::new(Names::builtin()),
            today: today(),
        }
    }
}

/// Today's date (UTC) from the system clock; `ASSESS_TODAY=2024-07-15` sets it (for tests and
/// for re-running an old assessment).
pub fn today() -> (u16, u8, u8) {
    if let Some(d) = std::env::var("ASSESS_TODAY")
        .ok()
        .and_then(|v| parse_date(&v))
    {
        return d;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_from_days((secs / 86_400) as i64)
}

/// `2024-07-15` → (2024, 7, 15).
pub fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let mut it = s.trim().split(['-', '/', '.']);
    let y: u16 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d) && it.next().is_none()).then_some((y, m, d))
}

/// The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (u16, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as u16, month as u8, day as u8)
}

/// The most one file may cost while it is read, with these limits: the file's bytes, one
/// unpacked part, the cells and their text (kept once in a shared-string table, once in cells).
pub fn file_peak_bytes(limits: &Limits) -> u64 {
    limits.file_bytes + limits.part_bytes + limits.cells as u64 * 64 + limits.text_bytes as u64 * 2
}

/// How many files may be read at once.
pub fn concurrency(opts: &LoadOptions) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let by_memory = (RUN_READ_BYTES / file_peak_bytes(&opts.limits).max(1)).max(1) as usize;
    opts.jobs.unwrap_or(cores).clamp(1, by_memory.max(1))
}

/// Run `f` on a pool of `jobs` threads (0: the cores): the current pool when it has as many,
/// else a new one; on the global pool when one cannot be made.
pub fn in_pool<T: Send>(jobs: usize, f: impl FnOnce() -> T + Send) -> T {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Already on a pool of that size (this one, or the global one): no second pool.
    if rayon::current_num_threads() == if jobs == 0 { cores } else { jobs } {
        return f();
    }
    match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Read every input. `tick` is called once per file (for a progress bar).
pub fn load(found: &Found, opts: &LoadOptions, tick: &(dyn Fn() + Sync)) -> Batch {
    let read_one = |input: &Input| {
        let out = load_file(input, opts);
        tick();
        out
    };
    let jobs = concurrency(opts);
    let mut files: Vec<FileOutcome> =
        in_pool(jobs, || found.inputs.par_iter().map(read_one).collect());
    for p in &found.problems {
        let mut f = FileOutcome::new(p.folder.clone(), PathBuf::from(&p.folder));
        f.is_folder = true;
        let finding = match &p.what {
            FolderProblemKind::Unreadable(why) => Finding::FolderUnreadable { why: why.clone() },
            FolderProblemKind::TooDeep(n) => Finding::FolderTooDeep { max: *n },
        };
        f.diagnostics.push(Diagnostic::new(&p.folder, finding));
        files.push(f);
    }
    link_short_hospitals(&mut files);
    Batch { files, jobs }
}

/// Hospitals written without their county (`人民医院` beside `南山县人民医院` of the same
/// county) are linked to the full name, with a warning on each, so that one hospital is not
/// ranked twice and its year-over-year links up.
fn link_short_hospitals(files: &mut [FileOutcome]) {
    let known: std::collections::BTreeSet<String> = files
        .iter()
        .flat_map(|f| &f.surveys)
        .filter_map(|s| {
            let (c, h) = (s.unit.county.as_deref()?, s.unit.hospital.as_deref()?);
            h.starts_with(c).then(|| h.to_string())
        })
        .collect();
    for f in files.iter_mut() {
        let mut found = Vec::new();
        for s in &mut f.surveys {
            let (Some(c), Some(h)) = (s.unit.county.as_deref(), s.unit.hospital.as_deref()) else {
                continue;
            };
            if let Some(full) = crate::names::full_hospital_name(c, h, &known) {
                found.push(
                    Diagnostic::new(
                        &s.file,
                        Finding::NameLinked {
                            written: h.to_string(),
                            name: full.clone(),
                        },
                    )
                    .sheet(&s.sheet),
                );
                s.unit.hospital = Some(full);
            }
        }
        f.diagnostics.extend(found);
    }
}

/// Read one file into its surveys. Reading, locating and parsing run under one guard.
pub fn load_file(input: &Input, opts: &LoadOptions) -> FileOutcome {
    outcome(read::read_path(&input.path, &opts.limits), input, opts)
}

/// Read bytes as if they were the file `name` (for tests and fuzzing): the same path through
/// reading, locating and parsing as a file on disk.
pub fn load_bytes(bytes: &[u8], name: &str, opts: &LoadOptions) -> FileOutcome {
    let input = crate::inputs::input_named(std::path::Path::new(name));
    outcome(
        read::read_bytes(bytes, &input.path, &opts.limits),
        &input,
        opts,
    )
}

fn outcome(
    read: Result<Option<Book>, read::ReadError>,
    input: &Input,
    opts: &LoadOptions,
) -> FileOutcome {
    let mut out = FileOutcome::new(input.shown.clone(), input.path.clone());
    let file = input.shown.clone();
    let book = match read {
        Ok(Some(book)) => book,
        Ok(None) if input.explicit => {
            out.diagnostics
                .push(Diagnostic::new(&file, Finding::NotASpreadsheet));
            return out;
        }
        Ok(None) => {
            out.skipped = Some(Skipped::NotSpreadsheet);
            return out;
        }
        Err(e) => {
            out.diagnostics
                .push(Diagnostic::new(&file, Finding::Unreadable(e)));
            return out;
        }
    };
    if made_by_assess(&book) == Some(Own::Output) {
        out.skipped = Some(Skipped::MadeByAssess);
        return out;
    }
    match read::guard(|| Ok(locate(&book, input, &file, opts))) {
        Ok((surveys, diagnostics)) => {
            let blank_template = made_by_assess(&book) == Some(Own::Template)
                && surveys.iter().all(|s| s.periods.is_empty());
            // A .txt is read when it looks like a table (Excel's "Unicode text" export of a
            // survey); one that holds no survey is a note like any other text, skipped.
            let txt_without_survey = surveys.is_empty()
                && !input.explicit
                && input
                    .path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
            if blank_template {
                out.skipped = Some(Skipped::MadeByAssess);
            } else if txt_without_survey {
                out.skipped = Some(Skipped::NotSpreadsheet);
            } else {
                out.surveys = surveys;
                out.surveys.shrink_to_fit();
                out.surveys.iter_mut().for_each(Survey::shrink_to_fit);
                out.diagnostics = diagnostics;
                out.diagnostics.shrink_to_fit();
            }
        }
        Err(e) => out
            .diagnostics
            .push(Diagnostic::new(&file, Finding::Unreadable(e))),
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Own {
    /// A report or a CSV export: never a survey.
    Output,
    /// A template: a survey once a hospital has filled it in.
    Template,
}

/// Whether `assess` wrote this workbook: its document property, or (CSV) the header of one
/// of its CSV contracts, which all begin `file,sheet,`.
fn made_by_assess(book: &Book) -> Option<Own> {
    match book.made_by.as_deref() {
        Some("template") => return Some(Own::Template),
        Some(_) => return Some(Own::Output),
        None => {}
    }
    if book.format == read::Format::Csv {
        let first: Vec<String> = book
            .sheets
            .first()?
            .row(0)
            .take(2)
            .map(|(_, c)| c.text())
            .collect();
        if first == ["file", "sheet"] {
            return Some(Own::Output);
        }
    }
    None
}

/// The file's name (or, when it names none, its folder's) states a period that is none of the
/// table's: the hospital may have sent last year's file again.
fn period_name_mismatch(survey: &Survey, origin: &Origin) -> Option<Finding> {
    if survey.periods.is_empty() {
        return None;
    }
    let (name, named) = std::iter::once(&origin.stem)
        .chain(origin.folders.iter().rev())
        .find_map(|n| crate::period::named_in(n).map(|p| (n.clone(), p)))?;
    if survey.periods.iter().any(|c| c.period.fits_name(named)) {
        return None;
    }
    Some(Finding::PeriodNameMismatch {
        name,
        named,
        in_table: survey.periods.iter().map(|c| c.period).collect(),
    })
}

/// Find the surveys of a workbook, their units, and what the reader noted on cells.
fn locate(
    book: &Book,
    input: &Input,
    file: &str,
    opts: &LoadOptions,
) -> (Vec<Survey>, Vec<Diagnostic>) {
    let mut surveys = Vec::new();
    let mut diagnostics = Vec::new();
    let (sheets, headers, use_hidden) = survey_sheets(book, file, &mut diagnostics);
    let tables = headers.iter().flatten().count();
    if tables > opts.limits.survey_sheets {
        let limit = read::Limit::Sheets(opts.limits.survey_sheets);
        let refused = Finding::Unreadable(read::ReadError::TooLarge(limit));
        return (Vec::new(), vec![Diagnostic::new(file, refused)]);
    }
    let origin = Origin {
        stem: input.stem.clone(),
        folders: input.folders.clone(),
        survey_sheets: headers.iter().filter(|h| h.is_some()).count(),
    };
    let ctx = locate::Context {
        forms: &opts.forms,
        today: opts.today,
    };
    for (sheet, header) in sheets.iter().zip(&headers) {
        let Some(h) = header else { continue };
        let survey = read_survey(sheet, h, file, &ctx, &origin, &opts.names, &mut diagnostics);
        surveys.push(survey);
    }
    diagnostics.extend(note_diagnostics(book, use_hidden, file));
    if origin.survey_sheets == 0 {
        diagnostics.push(Diagnostic::new(
            file,
            Finding::NoTable {
                sheets: book.sheets.iter().map(|s| s.name.clone()).collect(),
            },
        ));
    }
    (surveys, diagnostics)
}

/// The sheets whose surveys are read, the header of each, and whether they are the hidden ones.
fn survey_sheets<'b>(
    book: &'b Book,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (&'b [read::Sheet], Vec<Option<Header>>, bool) {
    let header_of = |s: &read::Sheet| find_header(s).filter(|h| !locate::is_empty_table(s, h));
    let visible: Vec<_> = book.sheets.iter().map(header_of).collect();
    let hidden: Vec<_> = book.hidden.iter().map(header_of).collect();
    // A survey on a hidden sheet is read only when no visible sheet holds one (a clerk hid the
    // table by mistake, or hid it to print a cover sheet); either way the clerk is told.
    let use_hidden = visible.iter().all(Option::is_none) && hidden.iter().any(Option::is_some);
    for (sheet, h) in book.hidden.iter().zip(&hidden) {
        if h.is_some() {
            diagnostics.push(
                Diagnostic::new(file, Finding::SheetHidden { read: use_hidden }).sheet(&sheet.name),
            );
        }
    }
    if use_hidden {
        (&book.hidden, hidden, true)
    } else {
        (&book.sheets, visible, false)
    }
}

/// The survey of one sheet whose header was found, with its unit; findings go to `diagnostics`.
fn read_survey(
    sheet: &read::Sheet,
    h: &Header,
    file: &str,
    ctx: &locate::Context<'_>,
    origin: &Origin,
    names: &Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> Survey {
    let (mut survey, diags) = read_table(sheet, file, h, ctx);
    diagnostics.extend(diags);
    let found = find_unit(sheet, h.row, locate::last_row(&survey, h), origin, names);
    for (finding, cell) in found.findings {
        diagnostics.push(Diagnostic::new(file, finding).sheet(&sheet.name).cell(cell));
    }
    survey.unit = found.unit;
    survey.written = found.written;
    if let Some(f) = period_name_mismatch(&survey, origin) {
        diagnostics.push(Diagnostic::new(file, f).sheet(&sheet.name));
    }
    survey
}

/// The reader's notes on cells (invalid bytes, text cut short) that the clerk can see.
fn note_diagnostics<'b>(
    book: &'b Book,
    use_hidden: bool,
    file: &'b str,
) -> impl Iterator<Item = Diagnostic> + 'b {
    // Notes on a hidden sheet that was not read are about nothing the clerk sees.
    let shown = move |name: &str| use_hidden || !book.hidden.iter().any(|s| s.name == name);
    book.notes
        .iter()
        .filter(move |n| shown(&n.sheet))
        .map(move |n| {
            let finding = match n.kind {
                ReadNoteKind::InvalidBytes { encoding } => Finding::TextInvalidBytes { encoding },
                ReadNoteKind::Truncated { chars } => Finding::TextTruncated { chars },
            };
            Diagnostic::new(file, finding)
                .sheet(&n.sheet)
                .cell(read::a1(n.row, n.col))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_with_nothing_under_it_is_one_no_table() {
        let out = load_bytes(
            "序号,三级指标,2024年1-6月\n".as_bytes(),
            "header-only.csv",
            &LoadOptions::default(),
        );
        assert!(out.surveys.is_empty());
        let rules: Vec<&str> = out.diagnostics.iter().map(|d| d.rule().id()).collect();
        assert_eq!(rules, ["no-table"]);
    }

    #[test]
    fn default_limits_read_two_files_at_a_time_at_most() {
        let opts = LoadOptions {
            jobs: Some(8),
            ..LoadOptions::default()
        };
        assert!(file_peak_bytes(&opts.limits) * 2 <= RUN_READ_BYTES);
        assert!(file_peak_bytes(&opts.limits) * 3 > RUN_READ_BYTES);
        assert_eq!(concurrency(&opts), 2);
    }

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_905), (2024, 7, 1));
        assert_eq!(parse_date("2024-07-15"), Some((2024, 7, 15)));
        assert_eq!(parse_date("2024/13/1"), None);
    }
}
