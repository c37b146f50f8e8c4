//! The types every stage shares: a survey as read (who submitted it, its period columns and
//! values), the unit with the names it was written with, and the key that links a unit across
//! files and years. The assessment a run produces is in [`crate::assess`].

use crate::form::Form;
use crate::period::Period;
use crate::read::a1;
use crate::value::Parsed;
use std::sync::Arc;

/// An optional number in 8 bytes: NaN for none (results keep one per indicator per unit; a
/// national run has 50,000 units). Equal when both are none or both the same number.
#[derive(Debug, Clone, Copy)]
pub struct Num(f64);

impl Num {
    pub fn get(self) -> Option<f64> {
        (!self.0.is_nan()).then_some(self.0)
    }
}

impl From<Option<f64>> for Num {
    fn from(v: Option<f64>) -> Num {
        Num(v.unwrap_or(f64::NAN))
    }
}

impl PartialEq for Num {
    fn eq(&self, other: &Num) -> bool {
        self.get() == other.get()
    }
}

/// Who submitted a survey, by standard names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unit {
    pub county: Option<String>,
    pub hospital: Option<String>,
    pub specialty: Option<String>,
}

/// The identity that links the same unit across files and years: standard names, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitKey {
    pub county: String,
    pub hospital: String,
    pub specialty: String,
}

impl Unit {
    /// `北岭旗 / 北岭旗人民医院 / 心血管内科`, with `?` for what is unknown.
    pub fn describe(&self) -> String {
        let f = |s: &Option<String>| s.clone().unwrap_or_else(|| "?".into());
        format!(
            "{} / {} / {}",
            f(&self.county),
            f(&self.hospital),
            f(&self.specialty)
        )
    }

    /// `北岭旗人民医院 心血管内科`.
    pub fn label(&self) -> String {
        format!(
            "{} {}",
            self.hospital.as_deref().unwrap_or("?"),
            self.specialty.as_deref().unwrap_or("?")
        )
    }

    /// Whether the hospital and the specialty are known: only then is a survey ranked.
    pub fn is_known(&self) -> bool {
        self.hospital.is_some() && self.specialty.is_some()
    }

    /// The key, when the unit is known.
    pub fn key(&self) -> Option<UnitKey> {
        let n = |s: &Option<String>| s.as_deref().map(crate::text::normalize).unwrap_or_default();
        self.is_known().then(|| UnitKey {
            county: n(&self.county),
            hospital: n(&self.hospital),
            specialty: n(&self.specialty),
        })
    }
}

/// Items by (unit, period), without keeping every unit's normalised key (a national run has
/// 100,000 submissions): entries are filed under a 64-bit hash of the key, and the keys are
/// compared only when a lookup finds the same hash, so two units never pass for one.
#[derive(Debug, Default)]
pub struct ByUnit<'a> {
    map: std::collections::HashMap<(u64, Period), Slot<'a>>,
}

#[derive(Debug)]
enum Slot<'a> {
    One(&'a Unit, usize),
    /// Units whose keys hash alike (never seen, but possible).
    Many(Vec<(&'a Unit, usize)>),
}

impl<'a> ByUnit<'a> {
    fn hash(key: &UnitKey) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        key.hash(&mut h);
        h.finish()
    }

    /// The item filed for this unit and period, if any.
    pub fn get(&self, unit: &Unit, period: Period) -> Option<usize> {
        let key = unit.key()?;
        let same = |u: &Unit| u.key().as_ref() == Some(&key);
        match self.map.get(&(Self::hash(&key), period))? {
            Slot::One(u, i) => same(u).then_some(*i),
            Slot::Many(v) => v.iter().find(|(u, _)| same(u)).map(|(_, i)| *i),
        }
    }

    /// File `item` for this unit and period unless one is filed already: the one filed then,
    /// or `None` when `item` was filed (or the unit is unknown, when it is not filed).
    pub fn first(&mut self, unit: &'a Unit, period: Period, item: usize) -> Option<usize> {
        let key = unit.key()?;
        let same = |u: &Unit| u.key().as_ref() == Some(&key);
        match self.map.entry((Self::hash(&key), period)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Slot::One(unit, item));
                None
            }
            std::collections::hash_map::Entry::Occupied(mut e) => match e.get_mut() {
                Slot::One(u, i) if same(u) => Some(*i),
                Slot::One(u, i) => {
                    let (u, i) = (*u, *i);
                    e.insert(Slot::Many(vec![(u, i), (unit, item)]));
                    None
                }
                Slot::Many(v) => match v.iter().find(|(u, _)| same(u)) {
                    Some((_, i)) => Some(*i),
                    None => {
                        v.push((unit, item));
                        None
                    }
                },
            },
        }
    }
}

/// One period column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodColumn {
    pub period: Period,
    /// Header cell: row and column.
    pub row: u32,
    pub col: u32,
    /// The header as written (`2024年上半年`).
    pub header: String,
}

/// The target column of a table (a commitment's 建设目标), when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetColumn {
    /// The year or period the targets are for, when the header says (`2026年目标`).
    pub period: Option<Period>,
    pub row: u32,
    pub col: u32,
    pub header: String,
    /// One per item of the form.
    pub values: Vec<Parsed>,
}

/// The sheet row of each item of a survey, 4 bytes each (a national run keeps 70 for each of
/// 50,000 surveys); `u32::MAX`, past any row a sheet has, for an item the table lacks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rows(Box<[u32]>);

impl Rows {
    const NONE: u32 = u32::MAX;

    /// The row of item `i`, when the table has it.
    pub fn get(&self, i: usize) -> Option<u32> {
        self.0.get(i).copied().filter(|&r| r != Rows::NONE)
    }

    /// Every item's row, in the order of the form.
    pub fn iter(&self) -> impl Iterator<Item = Option<u32>> + '_ {
        (0..self.0.len()).map(|i| self.get(i))
    }
}

impl From<Vec<Option<u32>>> for Rows {
    fn from(rows: Vec<Option<u32>>) -> Rows {
        Rows(rows.into_iter().map(|r| r.unwrap_or(Rows::NONE)).collect())
    }
}

/// One survey table: a unit's values for one or more periods, read with one form.
#[derive(Debug, Clone)]
pub struct Survey {
    /// The file as shown to the clerk.
    pub file: String,
    pub sheet: String,
    /// The form the table was read with: its items index `rows` and `values`.
    pub form: Arc<Form>,
    /// Standard names.
    pub unit: Unit,
    /// The names as written, where they differ from the standard ones.
    pub written: Unit,
    pub periods: Vec<PeriodColumn>,
    /// Sheet row of each item (index = position in the form); none when the item is missing.
    pub rows: Rows,
    /// Values per period column and item: `values[p][i]`.
    pub values: Vec<Vec<Parsed>>,
    pub target: Option<TargetColumn>,
}

impl Survey {
    /// A1 reference of an item's value in a period column.
    pub fn cell(&self, period: usize, item: usize) -> Option<String> {
        let row = self.rows.get(item)?;
        Some(a1(row, self.periods.get(period)?.col))
    }

    pub fn value(&self, period: usize, item: usize) -> Option<&Parsed> {
        self.values.get(period)?.get(item)
    }

    /// Drop the spare capacity of its lists: a batch keeps every survey for the whole run (a
    /// list grown by `push` holds room for four periods, four surveys a file).
    pub fn shrink_to_fit(&mut self) {
        self.periods.shrink_to_fit();
        self.values.shrink_to_fit();
        for v in &mut self.values {
            v.shrink_to_fit();
        }
        if let Some(t) = &mut self.target {
            t.values.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Item rows are kept in 4 bytes each: a missing item and row 0 stay apart.
    #[test]
    fn item_rows_in_four_bytes() {
        let rows = Rows::from(vec![Some(3), None, Some(0), Some(1_048_575)]);
        assert_eq!(std::mem::size_of_val(&*rows.0), 16);
        assert_eq!(
            rows.iter().collect::<Vec<_>>(),
            [Some(3), None, Some(0), Some(1_048_575)]
        );
        assert_eq!(
            (rows.get(1), rows.get(2), rows.get(9)),
            (None, Some(0), None)
        );
        assert_eq!(rows.iter().count(), 4);
    }

    fn unit(c: &str, h: &str, s: &str) -> Unit {
        Unit {
            county: Some(c.into()),
            hospital: Some(h.into()),
            specialty: Some(s.into()),
        }
    }

    /// Submissions are found by unit and period through a hash of the unit's key: a name
    /// written with spaces or full-width digits is the same unit, another unit never is.
    #[test]
    fn by_unit_files_the_first_and_finds_it_by_key() {
        let p24 = Period::parse("2024年1-6月").unwrap();
        let p23 = Period::parse("2023年1-6月").unwrap();
        let a = unit("北岭旗", "北岭旗第１人民医院", "骨科");
        let a2 = unit("北岭旗", "北岭旗第1人民医院 ", "骨 科");
        let b = unit("北岭旗", "北岭旗第2人民医院", "骨科");
        let unknown = Unit::default();
        let mut by = ByUnit::default();
        assert_eq!(by.first(&a, p24, 0), None);
        assert_eq!(by.first(&a, p23, 1), None);
        assert_eq!(by.first(&b, p24, 2), None);
        assert_eq!(
            by.first(&a2, p24, 3),
            Some(0),
            "the same unit, written otherwise"
        );
        assert_eq!(by.first(&unknown, p24, 4), None);
        assert_eq!(by.get(&a2, p23), Some(1));
        assert_eq!(by.get(&b, p24), Some(2));
        assert_eq!(by.get(&b, p23), None);
        assert_eq!(by.get(&unknown, p24), None);
        // Units whose keys hash alike are kept apart.
        let key = b.key().unwrap();
        by.map.insert((ByUnit::hash(&key), p23), Slot::One(&a, 1));
        assert_eq!(by.get(&b, p23), None, "a hash alike is not the unit");
        assert_eq!(by.first(&b, p23, 5), None);
        assert_eq!(by.get(&b, p23), Some(5));
        assert!(matches!(by.map[&(ByUnit::hash(&key), p23)], Slot::Many(ref v) if v.len() == 2));
        assert_eq!(by.first(&a, p23, 6), Some(1));
    }
}
