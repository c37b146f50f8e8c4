//! Year-over-year: per indicator Δ, Δ% and trend against the same unit one year earlier.

use crate::form::Direction;
use crate::i18n::Lang;
use crate::model::Num;
use crate::score::{observe, Indicator};
use crate::text::tidy;
use crate::value::Parsed;
use serde::Serialize;

/// Which way an indicator moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    /// 改善: moved in the item's direction.
    Improved,
    /// 下降: moved against it.
    Worsened,
    /// 持平: no change.
    Unchanged,
    /// 变化: a neutral item changed.
    Changed,
}

impl Trend {
    /// The survey's word: 改善, 下降, 持平, 变化.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Trend::Improved => lang.pick("改善", "better"),
            // 变差, not 下降: a lower-is-better rate that rose is worse, not down.
            Trend::Worsened => lang.pick("变差", "worse"),
            Trend::Unchanged => lang.pick("持平", "same"),
            Trend::Changed => lang.pick("变化", "changed"),
        }
    }

    /// The word in the JSON and CSV contracts (always the survey's Chinese).
    pub fn contract(self) -> &'static str {
        match self {
            Trend::Worsened => "下降",
            other => other.label(Lang::Zh),
        }
    }
}

/// One indicator compared with its baseline. A result's changes run parallel to the
/// assessment's indicators (`changes[j]` is `indicators[j]`): the names are there, not copied
/// into every unit's changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    baseline: Num,
    current: Num,
    pub trend: Option<Trend>,
}

impl Change {
    /// The value a year before.
    pub fn baseline(&self) -> Option<f64> {
        self.baseline.get()
    }

    /// The value now.
    pub fn current(&self) -> Option<f64> {
        self.current.get()
    }

    /// current − baseline.
    pub fn delta(&self) -> Option<f64> {
        self.baseline()
            .zip(self.current())
            .map(|(b, c)| tidy(c - b))
    }

    /// Δ / |baseline| × 100; none when the baseline is 0.
    pub fn delta_pct(&self) -> Option<f64> {
        let b = self.baseline()?;
        let d = self.delta()?;
        (b != 0.0).then(|| d / b.abs() * 100.0)
    }
}

/// Compare every indicator of a submission with its baseline.
pub fn compare(inds: &[Indicator], current: &[Parsed], baseline: &[Parsed]) -> Vec<Change> {
    inds.iter()
        .map(|ind| change(ind, current, baseline))
        .collect()
}

/// Compare one indicator of a submission with its baseline.
pub fn change(ind: &Indicator, current: &[Parsed], baseline: &[Parsed]) -> Change {
    let (b, c) = (
        observe(baseline, ind).value(),
        observe(current, ind).value(),
    );
    let mut ch = Change {
        baseline: b.into(),
        current: c.into(),
        trend: None,
    };
    ch.trend = ch.delta().map(|d| match (d == 0.0, ind.direction) {
        (true, _) => Trend::Unchanged,
        (false, Direction::Neutral) => Trend::Changed,
        (false, Direction::Higher) if d > 0.0 => Trend::Improved,
        (false, Direction::Lower) if d < 0.0 => Trend::Improved,
        _ => Trend::Worsened,
    });
    ch
}

/// Improved, worsened and unchanged counts over the directional items of the form.
pub fn counts(inds: &[Indicator], changes: &[Change]) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for (ind, ch) in inds.iter().zip(changes) {
        if !ind.is_item() || ind.direction == Direction::Neutral {
            continue;
        }
        match ch.trend {
            Some(Trend::Improved) => c.0 += 1,
            Some(Trend::Worsened) => c.1 += 1,
            Some(Trend::Unchanged) => c.2 += 1,
            _ => {}
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::Scheme;
    use crate::value::parse_text;

    #[test]
    fn deltas_percentages_and_trends() {
        let form = crate::form::Form::builtin();
        let inds = crate::score::indicators(&Scheme::default(), &form);
        let mut base = vec![Parsed::missing(); 69];
        let mut cur = vec![Parsed::missing(); 69];
        for (no, b, c) in [
            (3, "40", "50"),
            (32, "4", "5"),
            (8, "3", "4"),
            (21, "0", "10"),
            (44, "40", "30"),
            (7, "20", "20"),
        ] {
            base[no - 1] = parse_text(b, &form.items()[no - 1]);
            cur[no - 1] = parse_text(c, &form.items()[no - 1]);
        }
        let ch = compare(&inds, &cur, &base);
        let get = |id: &str| &ch[inds.iter().position(|i| i.id == id).unwrap()];
        assert_eq!(
            (get("3").delta(), get("3").delta_pct(), get("3").trend),
            (Some(10.0), Some(25.0), Some(Trend::Improved))
        );
        assert_eq!(
            get("32").trend,
            Some(Trend::Worsened),
            "lower is better: up is worse"
        );
        assert_eq!(get("44").trend, Some(Trend::Improved));
        assert_eq!(get("8").trend, Some(Trend::Changed), "neutral");
        assert_eq!(
            (get("21").delta(), get("21").delta_pct()),
            (Some(10.0), None),
            "no Δ% from 0"
        );
        assert_eq!(get("7").trend, Some(Trend::Unchanged));
        assert_eq!(get("1").trend, None);
        // D3 = 7/3: 0.5 → 0.4
        assert_eq!(get("D3").trend, Some(Trend::Worsened));
        assert_eq!(counts(&inds, &ch), (3, 1, 1));
    }
}
