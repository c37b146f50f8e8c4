//! The speed benchmark of issue 14: how long `assess` takes on N canonical submissions, against
//! the floor of merely reading every cell, and how much memory each command needs.
//!
//!     cargo run --release --example bench -- 1000 10000 [50000] [--repeat R] [--keep]
//!
//! For each N it writes N canonical .xlsx submissions into a temporary folder (the 69-item form,
//! periods 2023年1-6月 and 2024年1-6月, 填报单位/专科名称/所属旗县区 above the table; fictional
//! hospitals 北岭旗第N人民医院 in 北岭旗, 南山县 and 北山县, specialties from
//! `data/specialties.csv`; varied values, about 3 % of value cells typed the unusual ways clerks
//! type them). Writing them is not timed. Then, each in its own process so that its peak
//! memory is its own, it times: (1) the floor, this example re-run as a plain calamine reader
//! that opens every file and reads every cell of every sheet, on all cores; (2) `assess validate
//! DIR`; (3) `assess score DIR`; (4) `assess report DIR -o r.xlsx`; (5) a plain rust_xlsxwriter
//! write of every cell the report holds, the same strings and numbers in the same places,
//! without formats, charts or merges; and `assess score DIR --jobs 1`. The assess commands run
//! as the release binary `target/release/assess` (built first with `cargo build --release`),
//! with stdout to /dev/null. Wall time is measured here; CPU time and peak resident memory come
//! from GNU time (`/usr/bin/time -f`, from the kernel's rusage of the child) when it is
//! installed, else from polling `/proc/<pid>/status` (VmHWM) and `/proc/<pid>/stat`, which can
//! miss the last few milliseconds. Files are read once before timing so every step finds them in
//! the page cache. With `--repeat R` (default 3 up to 5,000 files, 2 up to 20,000, else 1) the steps run in R
//! alternating rounds and the fastest round of each is kept. It prints a table per N, then
//! PASS/FAIL for each target of the issue: score ≤ 1.5 × floor; report ≤ 1.5 × (floor + plain
//! write); time linear in N (each step's time grows at most 1.2 × as fast as N); peak memory
//! under 500 MB at 50,000 files; `--jobs 1` at least 1.7 × slower than the default. Exit status
//! 0 when every checked target passes, 1 when one fails, 2 when the benchmark could not run.
//! `--keep` leaves the generated folders in place (for profiling) and prints where they are.

#[path = "common/synth.rs"]
mod synth;
use calamine::{Data, Reader};
use rayon::prelude::*;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet};
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use synth::{numbers, Rng};

const PERIODS: [&str; 2] = ["2023年1-6月", "2024年1-6月"];
const COUNTIES: [&str; 3] = ["北岭旗", "南山县", "北山县"];
/// Specialties per hospital.
const PER_HOSPITAL: usize = 20;
/// Share of value cells typed an unusual way.
const UNUSUAL: f64 = 0.03;
/// Share of hospitals that format rate cells as percentages (12.5 stored as 0.125).
const PERCENT_FILES: f64 = 0.2;

/// The targets of issue 14.
const SCORE_OVER_FLOOR: f64 = 1.5;
const REPORT_OVER_FLOOR_WRITE: f64 = 1.5;
const LINEAR_SLACK: f64 = 1.2;
const PEAK_MB_AT_50000: f64 = 500.0;
const ONE_JOB_SLOWER: f64 = 1.7;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    // The two helpers the benchmark runs as child processes.
    match argv.first().map(String::as_str) {
        Some("--floor") => return floor(Path::new(argv.get(1).map_or(".", |s| s.as_str()))),
        Some("--plain-write") if argv.len() == 3 => {
            return plain_write(Path::new(&argv[1]), Path::new(&argv[2]))
        }
        _ => {}
    }
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench: {e}\nusage: bench N [N …] [--repeat R] [--keep]");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::from(2)
        }
    }
}

struct Args {
    ns: Vec<usize>,
    repeat: Option<usize>,
    keep: bool,
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut a = Args {
        ns: vec![],
        repeat: None,
        keep: false,
    };
    let mut it = argv.iter();
    while let Some(s) = it.next() {
        match s.as_str() {
            "--keep" => a.keep = true,
            "--repeat" => {
                let r = it.next().and_then(|r| r.parse().ok()).filter(|&r| r > 0);
                a.repeat = Some(r.ok_or("--repeat takes a number above 0")?);
            }
            n => a.ns.push(
                n.parse()
                    .map_err(|_| format!("not a number of files: {n}"))?,
            ),
        }
    }
    if a.ns.is_empty() {
        a.ns.push(1000);
    }
    if a.ns.contains(&0) {
        return Err("N must be above 0".into());
    }
    Ok(a)
}

/// One step's measurement: the fastest of the rounds.
#[derive(Clone, Copy, Debug, Default)]
struct Measured {
    wall: f64,
    cpu: f64,
    peak_mb: f64,
}

/// The steps, in the order they run in each round.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    Floor,
    Validate,
    Score,
    Report,
    PlainWrite,
    ScoreOneJob,
}

const STEPS: [Step; 6] = [
    Step::Floor,
    Step::Validate,
    Step::Score,
    Step::Report,
    Step::PlainWrite,
    Step::ScoreOneJob,
];

impl Step {
    fn label(self) -> &'static str {
        match self {
            Step::Floor => "floor (calamine, every cell)",
            Step::Validate => "assess validate",
            Step::Score => "assess score",
            Step::Report => "assess report",
            Step::PlainWrite => "plain write (report's cells)",
            Step::ScoreOneJob => "assess score --jobs 1",
        }
    }
    fn is_assess(self) -> bool {
        !matches!(self, Step::Floor | Step::PlainWrite)
    }
}

/// What one N gave.
struct Run {
    n: usize,
    results: Vec<(Step, Measured)>,
    report_cells: (usize, usize),
}

impl Run {
    fn get(&self, s: Step) -> Option<Measured> {
        self.results.iter().find(|(t, _)| *t == s).map(|(_, m)| *m)
    }
}

fn run(args: &Args) -> Result<bool, String> {
    if cfg!(debug_assertions) {
        eprintln!("bench: built without --release; the helpers' times mean little");
    }
    let assess_bin = build_assess()?;
    let time = Path::new("/usr/bin/time");
    let gnu_time = time.exists()
        && Command::new(time)
            .args(["-f", "%M", "true"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    println!(
        "machine: {} cores ({}), assess default reads {} file(s) at once; CPU and peak memory from {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu_model(),
        assess::load::concurrency(&assess::load::LoadOptions::default()),
        if gnu_time {
            "GNU time (rusage of the child)"
        } else {
            "polling /proc/<pid>/status and /proc/<pid>/stat"
        }
    );
    let specialties = specialties()?;
    let mut runs = Vec::new();
    for &n in &args.ns {
        let rounds = args.repeat.unwrap_or(match n {
            0..=5000 => 3,
            5001..=20_000 => 2,
            _ => 1,
        });
        runs.push(run_one(
            n,
            rounds,
            args.keep,
            &specialties,
            &assess_bin,
            gnu_time,
        )?);
    }
    Ok(check_targets(&runs))
}

/// `cargo build --release --bin assess`, then the binary next to this example's folder.
fn build_assess() -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let status = Command::new(cargo)
        .args(["build", "--release", "--bin", "assess", "--manifest-path"])
        .arg(&manifest)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build --release --bin assess failed".into());
    }
    // This example is target/<profile>/examples/bench; the binary is target/release/assess.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .and_then(Path::parent)
        .map(|t| t.join("release").join("assess"))
        .ok_or("cannot place target/release")?;
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!("{} not found after building it", bin.display()))
    }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// The canonical specialty names of `data/specialties.csv`.
fn specialties() -> Result<Vec<String>, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/specialties.csv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let names: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("canonical,"))
        .filter_map(|l| l.split(',').next())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if names.len() < PER_HOSPITAL {
        return Err(format!("{}: too few specialties", path.display()));
    }
    Ok(names)
}

fn run_one(
    n: usize,
    rounds: usize,
    keep: bool,
    specialties: &[String],
    assess_bin: &Path,
    gnu_time: bool,
) -> Result<Run, String> {
    let tmp = tempfile::Builder::new()
        .prefix(&format!("assess-bench-{n}-"))
        .tempdir()
        .map_err(|e| format!("temporary folder: {e}"))?;
    let root = tmp.path().to_path_buf();
    let dir = root.join("submissions");
    println!("\n== {n} files ({rounds} round(s)) in {}", dir.display());

    let t = Instant::now();
    let bytes: Result<Vec<u64>, String> = (0..n)
        .into_par_iter()
        .map(|k| write_submission(&dir, k, specialties))
        .collect();
    let bytes: u64 = bytes?.iter().sum();
    println!(
        "generated in {:.1} s, {:.1} MB on disk ({:.1} KB a file)",
        t.elapsed().as_secs_f64(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / n as f64
    );
    // Into the page cache before any timing.
    for f in walk(&dir) {
        let _ = std::fs::read(f);
    }

    let report = root.join("r.xlsx");
    let plain = root.join("plain.xlsx");
    let cells = root.join("report-cells.json");
    let out_dir = root.join("logs");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut best: Vec<Option<Measured>> = vec![None; STEPS.len()];
    let mut report_cells = (0, 0);
    for round in 0..rounds {
        for (i, &step) in STEPS.iter().enumerate() {
            let mut cmd: Vec<OsString> = match step {
                Step::Floor => vec![me.clone().into(), "--floor".into(), dir.clone().into()],
                Step::Validate => vec![assess_bin.into(), "validate".into(), dir.clone().into()],
                Step::Score | Step::ScoreOneJob => {
                    vec![assess_bin.into(), "score".into(), dir.clone().into()]
                }
                Step::Report => vec![
                    assess_bin.into(),
                    "report".into(),
                    dir.clone().into(),
                    "-o".into(),
                    report.clone().into(),
                ],
                Step::PlainWrite => {
                    if round == 0 {
                        report_cells = dump_cells(&report, &cells)?;
                    }
                    vec![
                        me.clone().into(),
                        "--plain-write".into(),
                        cells.clone().into(),
                        plain.clone().into(),
                    ]
                }
            };
            if step == Step::ScoreOneJob {
                cmd.extend(["--jobs".into(), "1".into()]);
            }
            let log = out_dir.join(format!("{step:?}.stderr"));
            let (mut m, status, stdout) = measure(&cmd, &log, gnu_time, step == Step::PlainWrite)?;
            // validate, score and report exit 1 when the data have errors: that is their job.
            let ok = match step {
                Step::Floor | Step::PlainWrite => status == 0,
                _ => status == 0 || status == 1,
            };
            if !ok {
                let err = std::fs::read_to_string(&log).unwrap_or_default();
                return Err(format!(
                    "{} exited with {status}: {}",
                    step.label(),
                    err.lines().take(5).collect::<Vec<_>>().join(" | ")
                ));
            }
            if step == Step::PlainWrite {
                // The helper times its write alone, without loading the cells.
                let mut it = stdout.split_whitespace().map(|x| x.parse::<f64>());
                if let (Some(Ok(w)), Some(Ok(c))) = (it.next(), it.next()) {
                    m.wall = w;
                    m.cpu = c;
                }
            }
            if best[i].is_none_or(|b| m.wall < b.wall) {
                best[i] = Some(m);
            }
        }
    }
    let results: Vec<(Step, Measured)> = STEPS
        .iter()
        .zip(&best)
        .filter_map(|(s, m)| m.map(|m| (*s, m)))
        .collect();
    let run = Run {
        n,
        results,
        report_cells,
    };
    print_table(&run);
    if keep {
        let kept = tmp.keep();
        println!("kept: {}", kept.display());
    }
    Ok(run)
}

fn print_table(run: &Run) {
    let floor = run.get(Step::Floor).map_or(0.0, |m| m.wall);
    let write = run.get(Step::PlainWrite).map_or(0.0, |m| m.wall);
    println!(
        "report holds {} cells ({} text, {} numbers)",
        run.report_cells.0 + run.report_cells.1,
        run.report_cells.0,
        run.report_cells.1
    );
    println!("| step | wall s | CPU s | × floor | files/s | peak MB |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (step, m) in &run.results {
        let ratio = if *step == Step::Report {
            format!(
                "{:.2} ({:.2} × floor+write)",
                m.wall / floor,
                m.wall / (floor + write)
            )
        } else {
            format!("{:.2}", m.wall / floor)
        };
        let rate = if *step == Step::PlainWrite {
            "—".to_string()
        } else {
            format!("{:.0}", run.n as f64 / m.wall)
        };
        println!(
            "| {} | {:.2} | {:.2} | {} | {} | {:.0} |",
            step.label(),
            m.wall,
            m.cpu,
            ratio,
            rate,
            m.peak_mb
        );
    }
}

/// Every target of the issue that these runs can check; true when all passed.
fn check_targets(runs: &[Run]) -> bool {
    let mut all = true;
    let mut verdict = |pass: bool, what: String| {
        all &= pass;
        println!("{} {what}", if pass { "PASS" } else { "FAIL" });
    };
    println!("\n== targets");
    for r in runs {
        let (Some(floor), Some(score), Some(report), Some(write), Some(one)) = (
            r.get(Step::Floor),
            r.get(Step::Score),
            r.get(Step::Report),
            r.get(Step::PlainWrite),
            r.get(Step::ScoreOneJob),
        ) else {
            verdict(false, format!("N={}: a step did not run", r.n));
            continue;
        };
        // The targets are on wall time; the CPU ratio beside each tells a slow program from
        // one that leaves cores idle.
        let x = score.wall / floor.wall;
        verdict(
            x <= SCORE_OVER_FLOOR,
            format!(
                "N={}: score {x:.2} × floor (target ≤ {SCORE_OVER_FLOOR}; CPU {:.2} ×)",
                r.n,
                score.cpu / floor.cpu
            ),
        );
        let x = report.wall / (floor.wall + write.wall);
        verdict(
            x <= REPORT_OVER_FLOOR_WRITE,
            format!(
                "N={}: report {x:.2} × (floor + plain write) (target ≤ {REPORT_OVER_FLOOR_WRITE}; CPU {:.2} ×)",
                r.n,
                report.cpu / (floor.cpu + write.cpu)
            ),
        );
        let x = one.wall / score.wall;
        verdict(
            x >= ONE_JOB_SLOWER,
            format!(
                "N={}: score --jobs 1 is {x:.2} × the default (target ≥ {ONE_JOB_SLOWER})",
                r.n
            ),
        );
        if r.n >= 50_000 {
            for (step, m) in r.results.iter().filter(|(s, _)| s.is_assess()) {
                verdict(
                    m.peak_mb < PEAK_MB_AT_50000,
                    format!(
                        "N={}: {} peak {:.0} MB (target < {PEAK_MB_AT_50000})",
                        r.n,
                        step.label(),
                        m.peak_mb
                    ),
                );
            }
        }
    }
    if !runs.iter().any(|r| r.n >= 50_000) {
        println!("---- peak memory at 50,000 files: not checked (no N of 50,000 or more)");
    }
    let mut sorted: Vec<&Run> = runs.iter().collect();
    sorted.sort_by_key(|r| r.n);
    for w in sorted.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a.n == b.n {
            continue;
        }
        let grow = b.n as f64 / a.n as f64;
        for step in [Step::Validate, Step::Score, Step::Report] {
            if let (Some(x), Some(y)) = (a.get(step), b.get(step)) {
                let t = y.wall / x.wall;
                verdict(
                    t <= LINEAR_SLACK * grow,
                    format!(
                        "{} → {} files: {} took {t:.1} × as long for {grow:.1} × the files (target ≤ {:.1})",
                        a.n,
                        b.n,
                        step.label(),
                        LINEAR_SLACK * grow
                    ),
                );
            }
        }
    }
    if sorted.windows(2).all(|w| w[0].n == w[1].n) {
        println!("---- linearity: not checked (give two or more N)");
    }
    all
}

/// Run a child process; its wall time, CPU time, peak memory, exit status and stdout.
fn measure(
    cmd: &[OsString],
    stderr_log: &Path,
    gnu_time: bool,
    keep_stdout: bool,
) -> Result<(Measured, i32, String), String> {
    let err = std::fs::File::create(stderr_log).map_err(|e| e.to_string())?;
    let stdout = if keep_stdout {
        Stdio::piped()
    } else {
        Stdio::null()
    };
    if gnu_time {
        let report = stderr_log.with_extension("time");
        let t = Instant::now();
        let out = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%U %S %M")
            .arg("-o")
            .arg(&report)
            .args(cmd)
            .stdout(stdout)
            .stderr(err)
            .output()
            .map_err(|e| format!("cannot run {:?}: {e}", cmd[0]))?;
        let wall = t.elapsed().as_secs_f64();
        let text = std::fs::read_to_string(&report).map_err(|e| e.to_string())?;
        // GNU time writes "Command exited with non-zero status N" first when it is not 0.
        let last = text.lines().last().unwrap_or("");
        let v: Vec<f64> = last
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        if v.len() != 3 {
            return Err(format!("cannot read GNU time's output: {text}"));
        }
        let m = Measured {
            wall,
            cpu: v[0] + v[1],
            peak_mb: v[2] / 1024.0,
        };
        Ok((
            m,
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ))
    } else {
        let t = Instant::now();
        let mut child = Command::new(&cmd[0])
            .args(&cmd[1..])
            .stdout(stdout)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot run {:?}: {e}", cmd[0]))?;
        let pid = child.id();
        let (mut peak_kb, mut ticks) = (0.0f64, 0.0f64);
        let status = loop {
            if let Ok(s) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
                if let Some(kb) = s
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|k| k.parse::<f64>().ok())
                {
                    peak_kb = peak_kb.max(kb);
                }
            }
            if let Ok(s) = std::fs::read_to_string(format!("/proc/{pid}/stat")) {
                ticks = ticks.max(stat_ticks(&s));
            }
            match child.try_wait() {
                Ok(Some(s)) => break s,
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => return Err(e.to_string()),
            }
        };
        let wall = t.elapsed().as_secs_f64();
        let mut stdout = String::new();
        if let Some(mut o) = child.stdout.take() {
            use std::io::Read;
            let _ = o.read_to_string(&mut stdout);
        }
        let m = Measured {
            wall,
            cpu: ticks / 100.0,
            peak_mb: peak_kb / 1024.0,
        };
        Ok((m, status.code().unwrap_or(-1), stdout))
    }
}

/// utime + stime, in clock ticks (USER_HZ, 100 a second), of a `/proc/<pid>/stat` line.
fn stat_ticks(stat: &str) -> f64 {
    // The command name may hold spaces; fields count from after its closing bracket.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let get = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of the line are the 12th and 13th after the name.
    get(11) + get(12)
}

/// CPU seconds this process has used so far.
fn own_cpu() -> f64 {
    std::fs::read_to_string("/proc/self/stat").map_or(0.0, |s| stat_ticks(&s) / 100.0)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// The floor: every cell of every sheet of every file, read with calamine on all cores.

fn floor(dir: &Path) -> ExitCode {
    let files = walk(dir);
    let (cells, text, sum, failed) = files.par_iter().map(|p| read_every_cell(p)).reduce(
        || (0usize, 0usize, 0.0f64, 0usize),
        |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3),
    );
    println!(
        "{} files, {cells} cells, {text} bytes of text, sum {sum}, {failed} unreadable",
        files.len()
    );
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Cells, text bytes and the sum of numbers of one file (so nothing read is thrown away).
fn read_every_cell(path: &Path) -> (usize, usize, f64, usize) {
    let Ok(mut wb) = calamine::open_workbook_auto(path) else {
        return (0, 0, 0.0, 1);
    };
    let (mut cells, mut text, mut sum) = (0, 0, 0.0);
    for name in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&name) else {
            return (cells, text, sum, 1);
        };
        for row in range.rows() {
            for c in row {
                match c {
                    Data::Empty => continue,
                    Data::String(s) => text += s.len(),
                    Data::Float(x) => sum += x,
                    Data::Int(i) => sum += *i as f64,
                    _ => {}
                }
                cells += 1;
            }
        }
    }
    (cells, text, sum, 0)
}

// ---------------------------------------------------------------------------------------------
// The plain write: the report's cells, values only.

#[derive(Serialize, Deserialize, Default)]
struct SheetCells {
    name: String,
    text: Vec<(u32, u16, String)>,
    numbers: Vec<(u32, u16, f64)>,
}

/// Read the report's cells with calamine (not timed) into `to`; (text cells, number cells).
fn dump_cells(report: &Path, to: &Path) -> Result<(usize, usize), String> {
    let mut wb =
        calamine::open_workbook_auto(report).map_err(|e| format!("{}: {e}", report.display()))?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| format!("{}: {name}: {e}", report.display()))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut s = SheetCells {
            name: name.clone(),
            ..Default::default()
        };
        for (r, c, v) in range.used_cells() {
            let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
            match v {
                Data::Float(x) => s.numbers.push((r, c, *x)),
                Data::Int(i) => s.numbers.push((r, c, *i as f64)),
                Data::Empty => {}
                other => s.text.push((r, c, other.to_string())),
            }
        }
        sheets.push(s);
    }
    let counts = sheets
        .iter()
        .fold((0, 0), |a, s| (a.0 + s.text.len(), a.1 + s.numbers.len()));
    let json = serde_json::to_vec(&sheets).map_err(|e| e.to_string())?;
    std::fs::write(to, json).map_err(|e| e.to_string())?;
    Ok(counts)
}

/// Write the cells of `cells` to `out`; prints the wall and CPU seconds of the write alone.
fn plain_write(cells: &Path, out: &Path) -> ExitCode {
    let sheets: Vec<SheetCells> = match std::fs::read(cells)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e}", cells.display());
            return ExitCode::from(2);
        }
    };
    let (t, cpu) = (Instant::now(), own_cpu());
    let write = || -> Result<(), rust_xlsxwriter::XlsxError> {
        let mut wb = Workbook::new();
        for s in &sheets {
            let ws = wb.add_worksheet().set_name(&s.name)?;
            for (r, c, v) in &s.text {
                ws.write_string(*r, *c, v)?;
            }
            for (r, c, v) in &s.numbers {
                ws.write_number(*r, *c, *v)?;
            }
        }
        wb.save(out)
    };
    if let Err(e) = write() {
        eprintln!("{}: {e}", out.display());
        return ExitCode::from(2);
    }
    println!("{} {}", t.elapsed().as_secs_f64(), own_cpu() - cpu);
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------------------------
// The submissions.

/// A value cell as written.
enum Cell {
    Num(f64),
    /// A rate in a cell formatted as a percentage: 12.5 is stored 0.125.
    Pct(f64),
    Text(String),
    /// A formula and its saved result.
    Formula(String, f64),
    Blank,
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | '.' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn thousands(x: f64) -> String {
    let s = format!("{}", x.round() as i64);
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The cell a clerk writes for item `it` with value `x` (`v` holds the year's values).
fn cell(it: &assess::form::Item, v: &[f64], percent: bool, r: &mut Rng) -> Cell {
    use assess::form::Kind;
    let x = v[usize::from(it.no)];
    let usual = match it.kind {
        Kind::CountRate => Cell::Text(format!("{x}张/{:.1}%", x / v[3].max(1.0) * 100.0)),
        Kind::CountDetail if x == 0.0 => Cell::Text("无".into()),
        Kind::CountDetail => Cell::Text(format!(
            "{x}（{}）",
            ["DR", "彩超", "呼吸机", "监护仪"][..(x as usize).min(4)].join("、")
        )),
        Kind::CountAmount if x == 0.0 => Cell::Text("无".into()),
        Kind::CountAmount => Cell::Text(format!("{x}项/{}万元", x * 15.0)),
        Kind::Rank if x == 0.0 => Cell::Text("未上榜".into()),
        Kind::Rank => Cell::Text(format!("第{x}名")),
        Kind::Rate if percent => Cell::Pct(x),
        _ => Cell::Num(x),
    };
    if r.next() >= UNUSUAL || !matches!(usual, Cell::Num(_) | Cell::Pct(_)) {
        return usual;
    }
    let unit = if it.unit.contains('/') || it.unit == "%" {
        ""
    } else {
        it.unit.as_str()
    };
    match (r.next() * 12.0) as u32 {
        0 => Cell::Text(format!("{x}{unit}")),
        1 => Cell::Text(format!(" {x} ")),
        2 => Cell::Text(full_width(&format!("{x}"))),
        3 => Cell::Text(thousands(x)),
        4 if it.kind == assess::form::Kind::Rate => Cell::Text(format!("{x}%")),
        4 => Cell::Text("无".into()),
        5 => Cell::Text("/".into()),
        6 => Cell::Blank,
        7 => Cell::Formula(format!("={x}+0"), x),
        8 => Cell::Num(-x - 1.0),
        9 if it.kind.is_count() => Cell::Num(x + 0.5),
        9 => Cell::Text("—".into()),
        10 => Cell::Text("见附件".into()),
        _ => Cell::Text(format!("{x}")),
    }
}

/// Write submission number `k` into `dir`; its size in bytes.
fn write_submission(dir: &Path, k: usize, specialties: &[String]) -> Result<u64, String> {
    let h = k / PER_HOSPITAL;
    let county = COUNTIES[h % COUNTIES.len()];
    let hospital = format!("{county}第{}人民医院", h / COUNTIES.len() + 1);
    let specialty = &specialties[(h * 37 + k % PER_HOSPITAL) % specialties.len()];
    let mut hr = Rng::new(h as u64);
    let percent = hr.next() < PERCENT_FILES;
    let scale = hr.dec(0.6, 1.8, 2);
    let mut r = Rng::new(k as u64 + 1_000_003);
    let growth = r.dec(0.9, 1.2, 2);
    let years = [numbers(&mut r, scale, 1.0), numbers(&mut r, scale, growth)];
    let form = assess::form::Form::builtin_static();

    let mut wb = Workbook::new();
    let ws = wb
        .add_worksheet()
        .set_name("调查表")
        .map_err(|e| e.to_string())?;
    let labels = format!("填报单位：{hospital}    专科名称：{specialty}    所属旗县区：{county}");
    write_form(ws, form, &labels, &years, percent, &mut r).map_err(|e| e.to_string())?;
    let folder = dir.join(county);
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let path = folder.join(format!("{hospital}_{specialty}.xlsx"));
    wb.save(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::metadata(&path)
        .map(|m| m.len())
        .map_err(|e| e.to_string())
}

/// The form as issued: a title, the unit's labels, 序号 一级指标 二级指标 三级指标, two periods
/// and 备注, the 一级 and 二级 cells merged down their rows.
fn write_form(
    ws: &mut Worksheet,
    form: &assess::form::Form,
    labels: &str,
    years: &[Vec<f64>; 2],
    percent: bool,
    r: &mut Rng,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let border = Format::new().set_border(FormatBorder::Thin);
    let head = border.clone().set_bold().set_align(FormatAlign::Center);
    let pct = border.clone().set_num_format("0.0%");
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, 6, "重点专科基本情况调查表", &title)?;
    ws.write_string(1, 0, labels)?;
    let header = ["序号", "一级指标", "二级指标", "三级指标"];
    for (c, h) in header.iter().chain(&PERIODS).chain(&["备注"]).enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &head)?;
    }
    let first = 3u32;
    let items = form.items();
    let mut spans: [(u32, String); 2] = [(first, String::new()), (first, String::new())];
    let close = |ws: &mut Worksheet, col: u16, from: u32, to: u32, text: &str| {
        if text.is_empty() {
            Ok(())
        } else if to > from {
            ws.merge_range(from, col, to, col, text, &border)
                .map(|_| ())
        } else {
            ws.write_string_with_format(from, col, text, &border)
                .map(|_| ())
        }
    };
    for (i, it) in items.iter().enumerate() {
        let row = first + i as u32;
        let area = form
            .area(it.area)
            .map(|a| a.name.clone())
            .unwrap_or_default();
        for (col, name) in [(1u16, area), (2, it.group.clone())] {
            let s = &mut spans[usize::from(col) - 1];
            if s.1 != name {
                close(ws, col, s.0, row.saturating_sub(1), &s.1)?;
                *s = (row, name);
            }
        }
        ws.write_number_with_format(row, 0, f64::from(it.no), &border)?;
        ws.write_string_with_format(row, 3, it.form_label(), &border)?;
        for (p, v) in years.iter().enumerate() {
            let col = 4 + p as u16;
            match cell(it, v, percent, r) {
                Cell::Num(x) => ws.write_number_with_format(row, col, x, &border)?,
                Cell::Pct(x) => ws.write_number_with_format(row, col, x / 100.0, &pct)?,
                Cell::Text(s) => ws.write_string_with_format(row, col, s, &border)?,
                Cell::Formula(f, x) => ws.write_formula_with_format(
                    row,
                    col,
                    Formula::new(f).set_result(x.to_string()),
                    &border,
                )?,
                Cell::Blank => ws.write_blank(row, col, &border)?,
            };
        }
        ws.write_blank(row, 6, &border)?;
    }
    let last = first + items.len() as u32 - 1;
    for (col, s) in [(1u16, spans[0].clone()), (2, spans[1].clone())] {
        close(ws, col, s.0, last, &s.1)?;
    }
    ws.set_column_width(3, 48)?;
    ws.set_column_width(4, 14)?;
    ws.set_column_width(5, 14)?;
    Ok(())
}
