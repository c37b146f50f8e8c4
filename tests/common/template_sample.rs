//! Values a hospital might type into the template, valid for every row's data validation and
//! consistent across items (staff sums, beds, surgeries). Shared by the template tests and
//! `examples/make_fixtures.rs`.

use assess::form::{Form, Kind};
use assess::output::template::{Fill, FIRST_ITEM_ROW, FIRST_PERIOD_COL};

/// What to type for item `no` in period column `p`.
pub fn typed(no: u8, p: usize) -> Fill {
    let k = p as f64;
    let n = |x: f64| Fill::Number(x);
    let t = |s: &str| Fill::Text(s.to_string());
    match no {
        3 => n(40.0 + k),
        4 => t(&format!(
            "{}张/{:.1}%",
            4 + p,
            (4.0 + k) / (40.0 + k) * 100.0
        )),
        6 => n(10.0),
        7 => n(20.0 + k),
        8 => n(5.0),
        9 => n(0.0),
        10 => n(1.0),
        11 => n(4.0),
        12 => n(20.0 + k),
        13 => n(10.0),
        14 => n(5.0),
        15 => n(10.0),
        16 => n(15.0),
        17..=19 => n(10.0),
        20 => n(5.0 + k),
        22 => n(1000.0 + 10.0 * k),
        29 => n(500.0 + k),
        30 => n(100.0),
        31 => n(150.0),
        27 => n(1.05 + 0.1 * k),
        44 => n(38.5),
        41 => t("/"),
        49 => t("无"),
        63 => {
            if p == 0 {
                t("未上榜")
            } else {
                n(12.0)
            }
        }
        _ => {
            let it = Form::builtin_static().item(no).unwrap();
            match it.kind {
                Kind::Rate => n(f64::from(no) / 2.0 + 0.5 + k),
                Kind::Amount => n(f64::from(no) * 10.0 + 0.5),
                Kind::CountDetail => t(&format!("{}（明细甲、明细乙）", 2 + p)),
                Kind::CountAmount => t(&format!("{}项/{}万元", 2 + p, 30 + p)),
                _ => n(f64::from(no) + k),
            }
        }
    }
}

/// Every item of every period column, by A1 reference.
pub fn sample(periods: usize) -> Vec<(String, Fill)> {
    let mut v = Vec::new();
    for p in 0..periods {
        for it in Form::builtin_static().items() {
            let cell = assess::read::a1(
                FIRST_ITEM_ROW + u32::from(it.no) - 1,
                u32::from(FIRST_PERIOD_COL) + p as u32,
            );
            v.push((cell, typed(it.no, p)));
        }
    }
    v
}
