use super::normalise::bench_score;
use super::rank::{competition_ranks, grade};
use super::weights::entropy_weights;
use super::*;
use crate::form::Form;
use crate::scheme::Scheme;
use crate::stats::probit_fit;

/// A scheme with only the given items (and areas), everything else as the default.
fn scheme(areas: &str, items: &str, extra: &str) -> Scheme {
    let base = Scheme::default().to_toml(&Form::builtin());
    let head = base.split("[areas]").next().unwrap();
    let grade_rsr = {
        let g = base.find("[grade]").unwrap();
        let i = base.find("[items]").unwrap();
        &base[g..i]
    };
    Scheme::from_toml(&format!(
        "{head}{extra}\n[areas]\n{areas}\n{grade_rsr}\n[items]\n{items}\n"
    ))
    .unwrap()
}

/// Observations for the scored items, in indicator order; others missing.
fn obs(inds: &[Indicator], rows: &[&[(u8, Obs)]]) -> Vec<Vec<Obs>> {
    rows.iter()
        .map(|r| {
            inds.iter()
                .map(|ind| match ind.source {
                    Source::Item(i) => r
                        .iter()
                        .find(|(n, _)| usize::from(*n) == i + 1)
                        .map_or(Obs::Missing, |(_, o)| *o),
                    _ => Obs::Missing,
                })
                .collect()
        })
        .collect()
}

fn idx(inds: &[Indicator], id: &str) -> usize {
    inds.iter().position(|i| i.id == id).unwrap()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
}

use Obs::{Missing, Na, Value as V};

fn hand_scheme() -> Scheme {
    scheme(
        "1 = 50.0\n2 = 50.0\n3 = 0.0\n4 = 0.0",
        "1 = { weight = 1.0 }\n3 = { weight = 1.0 }\n32 = { weight = 1.0 }\n43 = { weight = 1.0, full = 50.0, zero = 25.0 }",
        "",
    )
}

#[test]
fn composite_by_hand_with_missing_benchmarks_and_all_equal() {
    let s = hand_scheme();
    let inds = indicators(&s, &Form::builtin());
    let o = obs(
        &inds,
        &[
            &[(1, V(10.0)), (3, V(5.0)), (32, V(2.0)), (43, V(50.0))],
            &[(1, V(20.0)), (3, V(5.0)), (32, Missing), (43, V(37.5))],
            &[(1, V(30.0)), (3, V(5.0)), (32, V(4.0)), (43, V(10.0))],
        ],
    );
    let r = score_cohort(&inds, &o, &s, 4);
    let item = |m: usize, id: &str| r.members[m].items[idx(&inds, id)].get();
    // min-max, higher
    assert_eq!(
        [0, 1, 2].map(|m| item(m, "1")),
        [Some(0.0), Some(50.0), Some(100.0)]
    );
    // all equal → 100
    assert_eq!([0, 1, 2].map(|m| item(m, "3")), [Some(100.0); 3]);
    // lower is better; missing scores 0
    assert_eq!(
        [0, 1, 2].map(|m| item(m, "32")),
        [Some(100.0), Some(0.0), Some(0.0)]
    );
    // benchmark: at full, between, past zero
    assert_eq!(
        [0, 1, 2].map(|m| item(m, "43")),
        [Some(100.0), Some(50.0), Some(0.0)]
    );
    // neutral and unscored items have no score
    assert_eq!(item(0, "8"), None);
    assert_eq!(item(0, "2"), None);
    assert_eq!(
        r.members[0].areas,
        vec![Some(50.0), Some(100.0), None, None]
    );
    assert_eq!(r.members[1].areas, vec![Some(75.0), Some(25.0), None, None]);
    assert_eq!(
        r.members.iter().map(|m| m.total).collect::<Vec<_>>(),
        [Some(75.0), Some(50.0), Some(50.0)]
    );
    // ties share a rank; grades by position p = (n − r + 0.5) / n
    assert_eq!(
        r.members.iter().map(|m| m.rank).collect::<Vec<_>>(),
        [Some(1), Some(2), Some(2)]
    );
    assert_eq!(r.members[0].grade.as_deref(), Some("合格")); // p = 0.8333 < 0.84134
}

#[test]
fn not_applicable_is_left_out_for_that_submission_only() {
    let s = hand_scheme();
    let inds = indicators(&s, &Form::builtin());
    let o = obs(
        &inds,
        &[
            &[(1, V(10.0)), (3, V(5.0)), (32, V(2.0)), (43, V(50.0))],
            &[(1, V(20.0)), (3, V(5.0)), (32, Na), (43, V(37.5))],
            &[(1, V(30.0)), (3, V(5.0)), (32, V(4.0)), (43, V(10.0))],
        ],
    );
    let r = score_cohort(&inds, &o, &s, 4);
    assert_eq!(r.members[1].items[idx(&inds, "32")].get(), None);
    assert_eq!(r.members[1].areas[1], Some(50.0)); // 43 alone
    assert_eq!(r.members[1].total, Some(62.5));
    assert_eq!(r.members[2].items[idx(&inds, "32")].get(), Some(0.0));
}

#[test]
fn an_item_nobody_has_is_left_out_for_the_cohort() {
    let s = hand_scheme();
    let inds = indicators(&s, &Form::builtin());
    let o = obs(
        &inds,
        &[
            &[(1, V(10.0)), (3, V(1.0)), (43, V(50.0))],
            &[(1, V(20.0)), (3, V(2.0)), (32, Na), (43, V(25.0))],
        ],
    );
    let r = score_cohort(&inds, &o, &s, 4);
    assert_eq!(
        r.members[0].items[idx(&inds, "32")].get(),
        None,
        "missing for all: left out, not 0"
    );
    assert_eq!(r.members[0].areas[1], Some(100.0));
    assert_eq!(r.members[0].total, Some(50.0));
    // Member 1: area 1 = 100 (top on 1 and 3), area 2 = 0 (43 at its zero, 32 n/a).
    assert_eq!(r.members[1].areas[1], Some(0.0));
    assert_eq!(r.members[1].total, Some(50.0));
}

#[test]
fn a_cohort_of_one_has_no_total_rank_or_grade_but_keeps_benchmarks() {
    let s = hand_scheme();
    let inds = indicators(&s, &Form::builtin());
    let o = obs(&inds, &[&[(1, V(10.0)), (43, V(37.5))]]);
    let m = &score_cohort(&inds, &o, &s, 4).members[0];
    assert_eq!((m.total, m.rank, m.grade.clone()), (None, None, None));
    assert_eq!(m.areas, vec![None; 4]);
    assert_eq!(m.items[idx(&inds, "43")].get(), Some(50.0));
    assert_eq!(m.items[idx(&inds, "1")].get(), None);
}

#[test]
fn benchmarks_at_and_past_their_ends_both_directions() {
    // 43 higher: full 50, zero 25. 44 lower: full 40, zero 80.
    assert_eq!(bench_score(50.0, 50.0, 25.0), 100.0);
    assert_eq!(bench_score(70.0, 50.0, 25.0), 100.0);
    assert_eq!(bench_score(25.0, 50.0, 25.0), 0.0);
    assert_eq!(bench_score(10.0, 50.0, 25.0), 0.0);
    assert_eq!(bench_score(40.0, 40.0, 80.0), 100.0);
    assert_eq!(bench_score(30.0, 40.0, 80.0), 100.0);
    assert_eq!(bench_score(60.0, 40.0, 80.0), 50.0);
    assert_eq!(bench_score(90.0, 40.0, 80.0), 0.0);
}

#[test]
fn competition_ranks_with_ties() {
    let t = [Some(80.0), Some(60.0), Some(60.0 + 1e-12), Some(10.0), None];
    assert_eq!(
        competition_ranks(&t, 1e-9),
        [Some(1), Some(2), Some(2), Some(4), None]
    );
    assert_eq!(competition_ranks(&[Some(5.0); 3], 1e-9), [Some(1); 3]);
}

#[test]
fn grades_by_position_and_by_total() {
    let s = Scheme::default();
    // n = 10: rank 1 p = 0.95 优秀, rank 2 p = 0.85 优秀, rank 3 p = 0.75 合格, rank 9 p = 0.15 待改进
    assert_eq!(grade(&s, 1, 10, 0.0).as_deref(), Some("优秀"));
    assert_eq!(grade(&s, 2, 10, 0.0).as_deref(), Some("优秀"));
    assert_eq!(grade(&s, 3, 10, 0.0).as_deref(), Some("合格"));
    assert_eq!(grade(&s, 8, 10, 0.0).as_deref(), Some("合格"));
    assert_eq!(grade(&s, 9, 10, 0.0).as_deref(), Some("待改进"));
    let t = Scheme::from_toml(
        &s.to_toml(&Form::builtin())
            .replace("by = \"position\"", "by = \"total\"")
            .replace("min = 0.84134", "min = 85.0")
            .replace(
                "label = \"合格\", min = 0.15866",
                "label = \"合格\", min = 60.0",
            )
            .replace("待改进", "不合格"),
    )
    .unwrap();
    assert_eq!(grade(&t, 5, 10, 85.0).as_deref(), Some("优秀"));
    assert_eq!(grade(&t, 1, 10, 84.9).as_deref(), Some("合格"));
    assert_eq!(grade(&t, 1, 10, 59.9).as_deref(), Some("不合格"));
}

/// The five-member cohort of tests/reference/score_reference.py.
fn reference(method: &str, weights: &str) -> (Vec<Indicator>, CohortScore) {
    let s = scheme(
        "1 = 15.0\n2 = 50.0\n3 = 0.0\n4 = 0.0",
        "1 = { weight = 1.0 }\n3 = { weight = 2.0 }\n22 = { weight = 1.0 }\n32 = { weight = 1.0 }",
        "",
    );
    let s = Scheme::from_toml(
        &s.to_toml(&Form::builtin())
            .replace("method = \"composite\"", &format!("method = \"{method}\""))
            .replace("weights = \"scheme\"", &format!("weights = \"{weights}\"")),
    )
    .unwrap();
    let inds = indicators(&s, &Form::builtin());
    let x = [
        [10.0, 40.0, 900.0, 3.5],
        [20.0, 45.0, 1500.0, 2.0],
        [30.0, 50.0, 1200.0, 4.1],
        [25.0, 42.0, 2000.0, 1.2],
        [12.0, 60.0, 1000.0, 2.8],
    ];
    let rows: Vec<Vec<(u8, Obs)>> = x
        .iter()
        .map(|r| vec![(1, V(r[0])), (3, V(r[1])), (22, V(r[2])), (32, V(r[3]))])
        .collect();
    let refs: Vec<&[(u8, Obs)]> = rows.iter().map(|r| r.as_slice()).collect();
    let o = obs(&inds, &refs);
    let r = score_cohort(&inds, &o, &s, 4);
    (inds, r)
}

#[test]
fn scheme_weights_are_area_weight_times_item_share() {
    let (inds, r) = reference("topsis", "scheme");
    let w = |id| r.weights[idx(&inds, id)];
    close(w("1"), 0.07692307692307693);
    close(w("3"), 0.15384615384615385);
    close(w("22"), 0.38461538461538464);
    close(w("32"), 0.38461538461538464);
}

#[test]
fn topsis_matches_pymcdm() {
    let (_, r) = reference("topsis", "scheme");
    let expected = [
        13.268496702822588,
        59.72904259402173,
        23.87828525812932,
        79.65161252972874,
        36.048659326390286,
    ];
    for (m, e) in r.members.iter().zip(expected) {
        close(m.total.unwrap(), e);
    }
    assert_eq!(
        r.members
            .iter()
            .map(|m| m.rank.unwrap())
            .collect::<Vec<_>>(),
        [5, 2, 4, 1, 3]
    );
}

#[test]
fn rsr_matches_the_reference_and_tiers_by_probit() {
    let (_, r) = reference("rsr", "scheme");
    let expected = [
        26.366047745358088,
        65.21823004581626,
        40.6993006993007,
        87.38461538461539,
        49.513383168555585,
    ];
    for (m, e) in r.members.iter().zip(expected) {
        close(m.total.unwrap(), e);
    }
    let fit = probit_fit(&expected.map(|e| Some(e / 100.0))).unwrap();
    close(fit.a, -0.7562044355029807);
    close(fit.b, 0.2429301372256006);
    let grades: Vec<&str> = r
        .members
        .iter()
        .map(|m| m.grade.as_deref().unwrap())
        .collect();
    assert_eq!(grades, ["合格", "合格", "合格", "优秀", "合格"]);
}

#[test]
fn entropy_weights_match_the_reference() {
    let (inds, r) = reference("composite", "entropy");
    let w = |id| r.weights[idx(&inds, id)];
    close(w("1"), 0.2375034272979629);
    close(w("3"), 0.2814881048611801);
    close(w("22"), 0.27848493932042245);
    close(w("32"), 0.20252352852043456);
    let expected = [
        4.190141969388299,
        48.76795847858247,
        45.419791772503174,
        68.72848488004472,
        42.13416695932159,
    ];
    for (m, e) in r.members.iter().zip(expected) {
        close(m.total.unwrap(), e);
    }
}

#[test]
fn entropy_gives_no_weight_to_an_indicator_that_does_not_vary() {
    let z = [[Some(1.0), Some(0.0)], [Some(1.0), Some(1.0)]]
        .map(|r| r.map(crate::model::Num::from).to_vec());
    let w = entropy_weights(&z, 2);
    assert_eq!(w, [0.0, 1.0]);
}

#[test]
fn derived_indicators_and_their_denominators() {
    let s = Scheme::default();
    let inds = indicators(&s, &Form::builtin());
    let d = |id: &str| inds.iter().find(|i| i.id == id).unwrap().clone();
    let mut vals = vec![crate::value::Parsed::missing(); 69];
    let form = Form::builtin();
    let set = |vals: &mut Vec<crate::value::Parsed>, no: usize, s: &str| {
        vals[no - 1] = crate::value::parse_text(s, &form.items()[no - 1])
    };
    for (no, v) in [
        (9, "0"),
        (10, "1"),
        (11, "3"),
        (12, "10"),
        (13, "6"),
        (3, "40"),
        (7, "30"),
        (29, "0"),
        (30, "0"),
    ] {
        set(&mut vals, no, v);
    }
    assert_eq!(observe(&vals, &d("D1")), V(20.0));
    assert_eq!(observe(&vals, &d("D3")), V(0.75));
    assert_eq!(observe(&vals, &d("D4")), Na, "zero denominator");
    assert_eq!(observe(&vals, &d("D2")), Na, "missing denominator");
    set(&mut vals, 29, "100");
    assert_eq!(observe(&vals, &d("D4")), V(0.0));
    assert_eq!(
        observe(&vals, &d("D5")),
        Missing,
        "missing numerator scores 0"
    );
}

proptest::proptest! {
    #[test]
    fn distinct_totals_get_distinct_ranks(totals in proptest::collection::vec(0.0f64..100.0, 1..40)) {
        let mut t: Vec<f64> = totals;
        t.sort_by(f64::total_cmp);
        t.dedup_by(|a, b| (*a - *b).abs() <= 1e-9);
        let opts: Vec<Option<f64>> = t.iter().rev().map(|x| Some(*x)).collect();
        let ranks = competition_ranks(&opts, 1e-9);
        let expected: Vec<Option<usize>> = (1..=opts.len()).map(Some).collect();
        proptest::prop_assert_eq!(ranks, expected);
    }

    #[test]
    fn scores_are_bounded_and_deterministic(vals in proptest::collection::vec((0.0f64..1000.0, 0.0f64..100.0, 0u8..3), 2..12)) {
        let s = hand_scheme();
        let inds = indicators(&s, &Form::builtin());
        let rows: Vec<Vec<(u8, Obs)>> = vals.iter().map(|(a, b, k)| {
            let o = match k { 0 => V(*b), 1 => Missing, _ => Na };
            vec![(1, V(*a)), (3, V(*b)), (32, o), (43, V(*b))]
        }).collect();
        let refs: Vec<&[(u8, Obs)]> = rows.iter().map(|r| r.as_slice()).collect();
        let o = obs(&inds, &refs);
        let r1 = score_cohort(&inds, &o, &s, 4);
        let r2 = score_cohort(&inds, &o, &s, 4);
        proptest::prop_assert_eq!(&r1, &r2);
        for m in &r1.members {
            let t = m.total.unwrap();
            proptest::prop_assert!((0.0..=100.0 + 1e-9).contains(&t));
            proptest::prop_assert!(m.rank.unwrap() >= 1 && m.rank.unwrap() <= vals.len());
        }
        proptest::prop_assert!(r1.members.iter().any(|m| m.rank == Some(1)));
    }
}
