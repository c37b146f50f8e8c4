//! Commitments (承诺书 with its 建设量化指标表): the target of each item a unit committed to,
//! and whether this period's value attains it.
//!
//! Targets come from a column of the survey itself headed 目标值 / 目标 / 承诺值 / 建设目标 /
//! `2026年目标`, or from separate target workbooks of the same form (`--targets`), matched to
//! units by their standard names. An item attains its target by the item's direction: at or
//! above it when higher is better (a neutral item too: a commitment to more staff), at or below
//! it when lower is better. The degree is value ÷ target (higher) or target ÷ value (lower);
//! the summary shows it capped at 100 %, the detail as it is.

use crate::form::{Direction, Form};
use crate::model::{Survey, UnitKey};
use crate::value::{Parsed, Status};
use std::collections::HashMap;
use std::sync::Arc;

/// One item's target and how far this period's value is.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemTarget {
    /// Position of the item in the reporting form.
    pub item: usize,
    pub target: f64,
    /// This period's value; `None` when missing, not applicable or unreadable.
    pub value: Option<f64>,
    pub attained: bool,
    /// value ÷ target (higher) or target ÷ value (lower), uncapped; `None` when it cannot be
    /// computed (a zero target, or a zero value of a lower-is-better item, which attains).
    pub degree: Option<f64>,
}

impl ItemTarget {
    /// The degree capped at 100 %, for summaries.
    pub fn degree_capped(&self) -> Option<f64> {
        match (self.degree, self.attained) {
            (Some(d), _) => Some(d.min(1.0)),
            (None, true) => Some(1.0),
            (None, false) => None,
        }
    }
}

/// A submission's targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// Where they came from: the survey's own column header, or the target file.
    pub source: String,
    pub items: Vec<ItemTarget>,
    pub met: usize,
    pub set: usize,
}

/// Compare values (on `form`) with targets (on the same form).
pub fn attain(form: &Form, values: &[Parsed], targets: &[Parsed], source: String) -> Targets {
    let mut items = Vec::new();
    for (i, it) in form.items().iter().enumerate() {
        let Some(t) = targets
            .get(i)
            .filter(|t| t.status == Status::Ok)
            .and_then(|t| t.value())
        else {
            continue;
        };
        let value = values
            .get(i)
            .filter(|v| v.status == Status::Ok)
            .and_then(|v| v.value());
        let lower = it.direction == Direction::Lower;
        let (attained, degree) = match value {
            None => (false, None),
            Some(v) if lower => (v <= t, (v != 0.0).then(|| t / v)),
            Some(v) => (v >= t, (t != 0.0).then(|| v / t)),
        };
        items.push(ItemTarget {
            item: i,
            target: t,
            value,
            attained,
            degree: degree.filter(|d| d.is_finite()),
        });
    }
    let met = items.iter().filter(|t| t.attained).count();
    let set = items.len();
    Targets {
        source,
        items,
        met,
        set,
    }
}

/// Targets from separate target workbooks, by unit.
#[derive(Debug, Clone, Default)]
pub struct TargetBook {
    by_unit: HashMap<UnitKey, (Arc<Form>, Vec<Parsed>, String)>,
}

impl TargetBook {
    /// Collect the targets of target workbooks: each survey's target column, or, where it has
    /// none, its latest period column (a 建设量化指标表 headed with the target year).
    pub fn from_surveys<'a>(surveys: impl IntoIterator<Item = &'a Survey>) -> TargetBook {
        let mut by_unit = HashMap::new();
        for s in surveys {
            let Some(key) = s.unit.key() else { continue };
            let (values, header) = match &s.target {
                Some(t) => (t.values.clone(), t.header.clone()),
                None => match s
                    .periods
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, p)| (p.period.year, p.period.to))
                {
                    Some((k, p)) => (s.values[k].clone(), p.header.clone()),
                    None => continue,
                },
            };
            by_unit.entry(key).or_insert((
                s.form.clone(),
                values,
                format!("{} · {header}", s.file),
            ));
        }
        TargetBook { by_unit }
    }

    pub fn is_empty(&self) -> bool {
        self.by_unit.is_empty()
    }

    pub fn len(&self) -> usize {
        self.by_unit.len()
    }

    /// A unit's targets, projected onto `form` by item key.
    pub fn get(&self, key: &UnitKey, form: &Form) -> Option<(Vec<Parsed>, String)> {
        let (f, values, source) = self.by_unit.get(key)?;
        let projected = form
            .items()
            .iter()
            .map(|it| {
                f.index_of(it.key())
                    .and_then(|i| values.get(i).cloned())
                    .unwrap_or_else(Parsed::missing)
            })
            .collect();
        Some((projected, source.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_text;

    fn vals(form: &Form, pairs: &[(u8, &str)]) -> Vec<Parsed> {
        let mut v = vec![Parsed::missing(); form.len()];
        for (no, s) in pairs {
            v[usize::from(*no) - 1] = parse_text(s, form.item(*no).unwrap());
        }
        v
    }

    #[test]
    fn attainment_by_direction_and_degree() {
        let f = Form::builtin();
        // 3 open beds (higher), 32 readmission rate (lower), 10 doctorate (neutral: higher).
        let values = vals(
            &f,
            &[(3, "40"), (32, "2"), (10, "1"), (21, "9000"), (34, "0")],
        );
        let targets = vals(
            &f,
            &[
                (3, "50"),
                (32, "3"),
                (10, "1"),
                (21, "/"),
                (34, "0.5"),
                (22, "100"),
            ],
        );
        let t = attain(&f, &values, &targets, "x".into());
        let get = |no: usize| t.items.iter().find(|i| i.item == no - 1).unwrap();
        assert_eq!((get(3).attained, get(3).degree), (false, Some(0.8)));
        assert_eq!(get(3).degree_capped(), Some(0.8));
        assert_eq!((get(32).attained, get(32).degree), (true, Some(1.5)));
        assert_eq!(get(32).degree_capped(), Some(1.0), "capped in the summary");
        assert!(get(10).attained, "neutral counts as more is better");
        // A zero value of a lower-is-better item attains; its degree cannot be computed.
        assert_eq!((get(34).attained, get(34).degree), (true, None));
        assert_eq!(get(34).degree_capped(), Some(1.0));
        // No value: not attained.
        assert!(!get(22).attained);
        assert!(t.items.iter().all(|i| i.item != 20), "/ is no target");
        assert_eq!((t.met, t.set), (3, 5));
    }
}
