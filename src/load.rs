//! Reading a batch: every input file, in parallel, into surveys and diagnostics, in a stable
//! order. One broken file becomes one diagnostic; the rest of the batch goes on.

use crate::diag::Diagnostic;
use crate::read::survey::{find_header, read_survey, Origin, Survey};
use crate::read::{self, Input};
use rayon::prelude::*;
use std::path::PathBuf;

/// What one input file gave.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    /// The path as the user will recognise it.
    pub file: String,
    pub path: PathBuf,
    pub surveys: Vec<Survey>,
    pub diagnostics: Vec<Diagnostic>,
    /// Not a spreadsheet: skipped quietly.
    pub skipped: bool,
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

    /// Files that were read (not skipped).
    pub fn files_read(&self) -> usize {
        self.files.iter().filter(|f| !f.skipped).count()
    }

    /// Diagnostics from reading (not yet validated).
    pub fn read_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }
}

/// Read every input. `tick` is called once per file (for a progress bar).
pub fn load(inputs: &[Input], tick: &(dyn Fn() + Sync)) -> Batch {
    let files = inputs
        .par_iter()
        .map(|input| {
            let out = load_file(input);
            tick();
            out
        })
        .collect();
    Batch { files }
}

/// Read one file into its surveys.
pub fn load_file(input: &Input) -> FileOutcome {
    let file = input.path.display().to_string();
    let mut out = FileOutcome {
        file: file.clone(),
        path: input.path.clone(),
        surveys: Vec::new(),
        diagnostics: Vec::new(),
        skipped: false,
    };
    let book = match read::read_path(&input.path, &read::Limits::default()) {
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
            out.skipped = true;
            return out;
        }
        Err(e) => {
            out.diagnostics
                .push(Diagnostic::error(&file, "file-unreadable", e.to_string()));
            return out;
        }
    };
    let headers: Vec<_> = book.sheets.iter().map(find_header).collect();
    let origin = Origin {
        stem: input
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_string())
            .unwrap_or_default(),
        folders: input.folders.clone(),
        survey_sheets: headers.iter().filter(|h| h.is_some()).count(),
    };
    for (sheet, header) in book.sheets.iter().zip(&headers) {
        if let Some(h) = header {
            let (survey, diags) = read_survey(sheet, &file, &origin, h);
            out.diagnostics.extend(diags);
            out.surveys.push(survey);
        }
    }
    if origin.survey_sheets == 0 {
        let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
        out.diagnostics.push(Diagnostic::error(
            &file,
            "no-table",
            format!(
                "no sheet holds the survey table (looked for a header row with 三级指标 and a period such as 2024年1-6月 in: {})",
                if names.is_empty() { "no sheets".to_string() } else { names.join(", ") }
            ),
        ));
    }
    out
}
