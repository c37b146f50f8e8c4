//! Benchmark: a county-sized and a province-sized batch through the whole pipeline
//! (read → validate → score → report), timed, with peak memory.
//!
//!     cargo run --release --example bench -- 2000
//!
//! Builds N submissions in a temporary folder from the fixtures (.xls, .ods and GBK .csv, each
//! unit named by its folder or file name), then reports wall time per stage and the peak
//! resident memory. Ends by asserting the goals: 2,000 files in under 30 s on 2 cores and
//! under 1 GB of memory (README, "Performance").

use std::path::Path;
use std::time::Instant;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/submissions");
    let sources = [
        (
            root.join("北岭旗/北岭旗中医医院/重症医学科.xls"),
            "重症医学科.xls",
        ),
        (root.join("北岭旗/北岭旗中医医院/骨科.ods"), "骨科.ods"),
        (root.join("北岭旗蒙医医院_康复医学科.csv"), "康复医学科.csv"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let (src, name) = &sources[i % sources.len()];
        let hospital = format!("第{}旗/第{}旗第{}医院", i / 300, i / 300, i / 3);
        let d = dir.path().join(hospital);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::copy(src, d.join(name)).unwrap();
    }

    let t = Instant::now();
    let found = assess::inputs::collect(&[dir.path().to_path_buf()]).unwrap();
    let batch = assess::load::load(&found, &Default::default(), &|| {});
    let read = t.elapsed();
    let scheme = assess::scheme::Scheme::default();
    let diags = assess::check(&batch, &scheme);
    let checked = t.elapsed();
    let opts = assess::assess::Options::default();
    let a = assess::assess::assess(&batch, diags, &opts).unwrap();
    let scored = t.elapsed();
    let bytes = assess::output::report::write(&assess::output::report::ReportInput {
        title: "benchmark".into(),
        assessment: &a,
        status: None,
        lang: assess::i18n::Lang::Zh,
        date: "2026-01-01".into(),
    })
    .unwrap();
    let total = t.elapsed();
    let mem = peak_rss_mb();
    println!(
        "{n} files ({} surveys, {} ranked): read {:.2} s, validate {:.2} s, score {:.2} s, report {:.2} s ({} KB); total {:.2} s; peak memory {:.0} MB",
        batch.surveys().count(),
        a.results.iter().filter(|r| r.rank.is_some()).count(),
        read.as_secs_f64(),
        (checked - read).as_secs_f64(),
        (scored - checked).as_secs_f64(),
        (total - scored).as_secs_f64(),
        bytes.len() / 1024,
        total.as_secs_f64(),
        mem
    );
    assert_eq!(batch.surveys().count(), n);
    if n <= 2000 {
        assert!(total.as_secs_f64() < 30.0, "too slow");
        assert!(mem < 1024.0, "too much memory");
    }
}
