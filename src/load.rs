//! Reading a batch: every input file, in parallel, into surveys and diagnostics, in a stable
//! order. One broken file becomes one diagnostic; the rest of the batch goes on. Reading,
//! locating and parsing a file all run under one panic guard, and the number of files read at
//! once is bounded by the run's memory budget, not by the number of cores.

use crate::diag::Diagnostic;
use crate::inputs::{FolderProblemKind, Found, Input};
use crate::read::survey::{find_header, read_survey, Origin, Survey};
use crate::read::{self, Book, Limits};
use rayon::prelude::*;
use std::path::PathBuf;

/// Memory the files being read at one time may use together. With the default [`Limits`]
/// this allows two files at once; with a smaller per-file limit, more.
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

    /// Diagnostics from reading (not yet validated).
    pub fn read_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }
}

/// How to read a batch.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub limits: Limits,
    /// Files read at once; default: the cores, bounded by [`RUN_READ_BYTES`].
    pub jobs: Option<usize>,
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

/// Read every input. `tick` is called once per file (for a progress bar).
pub fn load(found: &Found, opts: &LoadOptions, tick: &(dyn Fn() + Sync)) -> Batch {
    let read_one = |input: &Input| {
        let out = load_file(input, &opts.limits);
        tick();
        out
    };
    let jobs = concurrency(opts);
    let mut files: Vec<FileOutcome> =
        match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
            Ok(pool) => pool.install(|| found.inputs.par_iter().map(read_one).collect()),
            Err(_) => found.inputs.iter().map(read_one).collect(),
        };
    for p in &found.problems {
        let mut f = FileOutcome::new(p.folder.clone(), PathBuf::from(&p.folder));
        f.is_folder = true;
        let message = match &p.what {
            FolderProblemKind::Unreadable(why) => {
                format!("cannot read this folder ({why}); the files in it were not read")
            }
            FolderProblemKind::TooDeep(n) => format!(
                "this folder is nested more than {n} folders deep; the files below it were not read"
            ),
        };
        f.diagnostics
            .push(Diagnostic::error(&p.folder, "file-unreadable", message));
        files.push(f);
    }
    Batch { files }
}

/// Read one file into its surveys. Reading, locating and parsing run under one guard.
pub fn load_file(input: &Input, limits: &Limits) -> FileOutcome {
    let mut out = FileOutcome::new(input.shown.clone(), input.path.clone());
    let file = input.shown.clone();
    let book = match read::read_path(&input.path, limits) {
        Ok(Some(book)) => book,
        Ok(None) if input.explicit => {
            out.diagnostics.push(Diagnostic::error(
                &file,
                "file-unreadable",
                "this is not a spreadsheet; assess reads .xlsx, .xlsm, .xls, .et, .ods and .csv files",
            ));
            return out;
        }
        Ok(None) => {
            out.skipped = Some(Skipped::NotSpreadsheet);
            return out;
        }
        Err(e) => {
            out.diagnostics
                .push(Diagnostic::error(&file, "file-unreadable", e.to_string()));
            return out;
        }
    };
    if made_by_assess(&book) == Some(Own::Output) {
        out.skipped = Some(Skipped::MadeByAssess);
        return out;
    }
    match read::guard(|| Ok(locate(&book, input, &file))) {
        Ok((surveys, diagnostics)) => {
            let blank_template = made_by_assess(&book) == Some(Own::Template)
                && surveys.iter().all(|s| s.periods.is_empty());
            if blank_template {
                out.skipped = Some(Skipped::MadeByAssess);
            } else {
                out.surveys = surveys;
                out.diagnostics = diagnostics;
            }
        }
        Err(e) => out
            .diagnostics
            .push(Diagnostic::error(&file, "file-unreadable", e.to_string())),
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

/// Find the surveys of a workbook.
fn locate(book: &Book, input: &Input, file: &str) -> (Vec<Survey>, Vec<Diagnostic>) {
    let mut surveys = Vec::new();
    let mut diagnostics = Vec::new();
    let headers: Vec<_> = book.sheets.iter().map(find_header).collect();
    let origin = Origin {
        stem: input.stem.clone(),
        folders: input.folders.clone(),
        survey_sheets: headers.iter().filter(|h| h.is_some()).count(),
    };
    for (sheet, header) in book.sheets.iter().zip(&headers) {
        if let Some(h) = header {
            let (survey, diags) = read_survey(sheet, file, &origin, h);
            diagnostics.extend(diags);
            surveys.push(survey);
        }
    }
    if origin.survey_sheets == 0 {
        let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
        diagnostics.push(Diagnostic::error(
            file,
            "no-table",
            format!(
                "no sheet holds the survey table (looked for a header row with 三级指标 and a period such as 2024年1-6月 in: {})",
                if names.is_empty() { "no sheets".to_string() } else { names.join(", ") }
            ),
        ));
    }
    (surveys, diagnostics)
}
