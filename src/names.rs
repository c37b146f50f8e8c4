//! Who submitted a survey: the names of specialties, hospitals and counties as data, and the
//! rules that read them from labelled cells, file names and folders. Nothing here guesses
//! silently: every resolution says how it was reached ([`Via`]), every guess where it came from
//! ([`From`]) or why it was not made ([`UnitGuess::ambiguous`]).
//!
//! **Cleaning** ([`clean`]) drops blanks and invisible characters, turns full-width letters,
//! digits and punctuation into ASCII except brackets, which become full-width `（）` and `【】`,
//! makes every dash `-`, trims separators at both ends and removes stamp notes: a bracket holding
//! at most 12 characters, all words of stamping and signing, with 章 or 签 among them (`（盖章）`,
//! `(章)`, `【单位盖章】`, `（签字盖章）`), and a trailing `盖章`, `公章`, `签章`, `加盖公章` …. A
//! bracket with anything else in it (`眼科（南山县第四医院）`) stays. Names are compared cleaned,
//! ASCII letters case-insensitively.
//!
//! **Known names** are the specialty list `data/specialties.csv` (`canonical,aliases`; its head
//! states the alias rule: an alias is only another spelling of the same department, two
//! departments one hospital may run side by side are never aliases, and when in doubt there are
//! two entries) and the user's `--names` file, which wins over the list. A name that is not known
//! resolves to itself when it is *shaped* like its kind and is not noise. Noise is never a name:
//! periods and dates, `附件N`, `附表N`, `表N`, anything with 调查表, 重点专科 or 基本情况, `副本`,
//! `copy`, `v2`, `最终版`, `新建`, words ending in 表, 版 or 稿 …. A **specialty** ends in 科, 专业,
//! 病区, 病房, 室 (not 卫生室, 办公室, 科室) or 中心 (not a hospital centre), has no digit and no
//! hospital word (医院, 卫生院, 保健院 …). A **hospital** has at least three characters and no
//! date, and ends in 院 (not 法院, 学院, 研究院 …), 诊所, 门诊部, 卫生室, 医疗集团, 医共体 or a
//! hospital centre (卫生服务中心, 医疗中心, 计划生育服务中心 …); another 中心 is a hospital too
//! when a county starts its name (`北岭旗急救中心`, which is then either). A **county** is 2–12
//! Chinese characters ending in 旗, 县, 区, 市 or 盟, not in 自治区, 病区, 院区, 社区 …, with no
//! hospital or specialty word and not a generic word (旗县区, 红旗, 城区). `X（Y）` is X when Y is
//! another spelling of X or a period, nothing when Y is another kind of name (`眼科（南山县第四医院）`),
//! else the whole (`心内科（一病区）`). A hospital's county ([`Names::county_of`]) is the first
//! county-shaped start of its name, passing over a province and into a county after a 市 or 盟
//! (`南山市北岭区人民医院` → 北岭区).
//!
//! **File names and folders** ([`Names::from_path`]) are split into tokens on `_ - — 、`, blanks,
//! brackets and similar separators; a period written onto a token is taken off
//! (`北岭旗人民医院骨科2024年上半年`), and a token that is a hospital followed by a specialty is
//! split in two. Each token is classified on its own, in any order. Two different names of one
//! kind, or a token that could be two kinds, leave that field unguessed, and the guess says why.
//! The file name comes first; folders fill the county and hospital it did not give and must agree
//! with what it did give; last, the county comes from the start of the hospital's name, and a
//! county from the file or a folder that the hospital's name contradicts is dropped.

use crate::text;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const SPECIALTIES_CSV: &str = include_str!("../data/specialties.csv");

/// Longer than this (after cleaning) is not a name: a sentence, a title or garbage.
const MAX_NAME_CHARS: usize = 60;
/// At most this many folders, the innermost, are read.
const MAX_FOLDERS: usize = 16;
/// At most this many tokens of one file name or folder are read.
const MAX_TOKENS: usize = 64;
/// A stamp note is at most this many characters.
const MAX_STAMP_CHARS: usize = 12;

/// How a written name became the canonical one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "via", rename_all = "snake_case")]
pub enum Via {
    /// Written exactly as the canonical name.
    Exact,
    /// The canonical name once blanks, stamp notes, bracket and dash width are cleaned.
    Cleaned,
    /// A spelling listed in the built-in specialty list.
    Alias { alias: String },
    /// A spelling listed in the user's names file.
    UserAlias { alias: String },
}

/// A name as written and the canonical name it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    /// The canonical name: used for ranking, grouping and year-over-year.
    pub name: String,
    /// What the file said.
    pub written: String,
    pub via: Via,
}

/// Where a guessed part of the unit came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum From {
    /// A token of the file name.
    FileName { token: String },
    /// A folder the file is in.
    Folder { name: String },
    /// A county taken from the start of the hospital's name.
    HospitalName,
}

/// One guessed part of the unit. `value` is the name as the file name or folder writes it,
/// cleaned; resolve it with [`Names::specialty`], [`Names::hospital`] or [`Names::county`] for
/// the canonical name and how it was reached (it always resolves).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guessed {
    pub value: String,
    pub from: From,
}

/// What a file's name and folders say about who submitted it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UnitGuess {
    pub county: Option<Guessed>,
    pub hospital: Option<Guessed>,
    pub specialty: Option<Guessed>,
    /// Why a field was not guessed although the name said something about it (Chinese).
    pub ambiguous: Vec<String>,
}

/// A names file that cannot be used. The message names the key.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum NamesError {
    #[error("the names file is not valid TOML: {}", .0.en)]
    Syntax(crate::scheme::TomlProblem),
    #[error("names file, {key}: {en}")]
    Invalid { key: String, zh: String, en: String },
}

impl NamesError {
    /// The message in a language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        match (self, lang) {
            (NamesError::Syntax(p), crate::i18n::Lang::Zh) => {
                format!("不是有效的 TOML 文件：{}", p.zh)
            }
            (NamesError::Syntax(p), crate::i18n::Lang::En) => {
                format!("not a valid TOML file: {}", p.en)
            }
            (NamesError::Invalid { key, zh, .. }, crate::i18n::Lang::Zh) => format!("{key}：{zh}"),
            (NamesError::Invalid { key, en, .. }, crate::i18n::Lang::En) => format!("{key}: {en}"),
        }
    }
}

fn invalid(key: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> NamesError {
    NamesError::Invalid {
        key: key.into(),
        zh: zh.into(),
        en: en.into(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    County,
    Hospital,
    Specialty,
}

const KINDS: [Kind; 3] = [Kind::County, Kind::Hospital, Kind::Specialty];

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::County => "旗县区",
            Kind::Hospital => "医院",
            Kind::Specialty => "专科",
        }
    }

    fn index(self) -> usize {
        match self {
            Kind::County => 0,
            Kind::Hospital => 1,
            Kind::Specialty => 2,
        }
    }
}

/// One spelling in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    canonical: String,
    /// The spelling, when it is not the canonical name itself.
    alias: Option<String>,
    /// From the user's names file (or re-pointed by it).
    user: bool,
}

/// The known names: the built-in specialty list merged with the user's names file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// Folded cleaned spelling → entry.
    table: BTreeMap<String, Entry>,
}

impl Default for Names {
    fn default() -> Names {
        Names::builtin()
    }
}

/// ASCII letters in one case, for comparison of cleaned names.
fn fold(s: &str) -> String {
    s.to_ascii_lowercase()
}

fn builtin_table() -> Result<BTreeMap<String, Entry>, NamesError> {
    let mut table = BTreeMap::new();
    let mut header = false;
    for (i, line) in SPECIALTIES_CSV.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !header {
            header = true;
            if line != "canonical,aliases" {
                return Err(invalid(
                    "data/specialties.csv",
                    "表头应为 canonical,aliases",
                    "the header is not canonical,aliases",
                ));
            }
            continue;
        }
        let key = format!("data/specialties.csv line {}", i + 1);
        let (canonical, aliases) = line.split_once(',').unwrap_or((line, ""));
        let c = clean(canonical);
        if c.is_empty() || c != canonical {
            return Err(invalid(
                key,
                format!("「{canonical}」不是规范名称"),
                format!("「{canonical}」 is not a clean name"),
            ));
        }
        insert(&mut table, &key, Kind::Specialty, &c, None, false)?;
        for a in aliases.split('|').filter(|a| !a.is_empty()) {
            let ca = clean(a);
            if ca.is_empty() || ca != a {
                return Err(invalid(
                    key,
                    format!("别名「{a}」不是规范名称"),
                    format!("alias 「{a}」 is not a clean name"),
                ));
            }
            insert(&mut table, &key, Kind::Specialty, &c, Some(&ca), false)?;
        }
    }
    Ok(table)
}

/// Add a spelling; the same spelling for another name is a conflict.
fn insert(
    table: &mut BTreeMap<String, Entry>,
    key: &str,
    kind: Kind,
    canonical: &str,
    alias: Option<&str>,
    user: bool,
) -> Result<(), NamesError> {
    let spelling = alias.unwrap_or(canonical);
    let entry = Entry {
        kind,
        canonical: canonical.to_string(),
        alias: alias.map(str::to_string),
        user,
    };
    match table.get(&fold(spelling)) {
        None => {
            table.insert(fold(spelling), entry);
            Ok(())
        }
        Some(old) if old.kind == kind && old.canonical == canonical => Ok(()),
        Some(old) => {
            let was = match &old.alias {
                Some(_) => format!("{}「{}」的别名", old.kind.label(), old.canonical),
                None => format!("{}名称", old.kind.label()),
            };
            Err(invalid(
                key,
                format!(
                    "「{spelling}」已是{was}，不能再归入{}「{canonical}」",
                    kind.label()
                ),
                format!("「{spelling}」 already belongs to 「{}」", old.canonical),
            ))
        }
    }
}

/// TOML needs quotes around a key that is not ASCII; a commission writes `[专科]` and
/// `心血管内科 = [...]` anyway. Quote such bare keys and table headers, line by line, leaving
/// everything inside multi-line strings alone.
fn quote_bare_keys(text: &str) -> String {
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let needs_quotes = |k: &str| {
        let k = k.trim();
        !k.is_empty() && !k.contains(['"', '\'']) && k.chars().any(|c| !bare(c) && c != '.')
    };
    let quoted = |k: &str| format!("\"{}\"", k.trim().replace('\\', "\\\\"));
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_string = false;
    for line in text.split_inclusive('\n') {
        let was_in_string = in_string;
        if (line.matches("\"\"\"").count() + line.matches("'''").count()) % 2 == 1 {
            in_string = !in_string;
        }
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        if was_in_string || body.starts_with("[[") {
            out.push_str(line);
            continue;
        }
        if let Some(rest) = body.strip_prefix('[') {
            if let Some((name, after)) = rest.split_once(']') {
                if needs_quotes(name) && !name.contains(['[', ',']) {
                    let _ = write!(out, "{indent}[{}]{after}", quoted(name));
                    continue;
                }
            }
            out.push_str(line);
            continue;
        }
        if !body.starts_with(['"', '\'', '#', ']', ',']) {
            if let Some((key, after)) = body.split_once('=') {
                if needs_quotes(key) && !key.contains(['#', '[', ']', '{', ',']) {
                    let _ = write!(out, "{indent}{} ={after}", quoted(key));
                    continue;
                }
            }
        }
        out.push_str(line);
    }
    out
}

impl Names {
    /// The built-in specialty list alone.
    pub fn builtin() -> Names {
        Names {
            table: builtin_table().expect("data/specialties.csv is checked by the tests"),
        }
    }

    /// The built-in list with a user's names file merged over it. Sections: `[专科]` (or
    /// `[specialty]`), `[医院]` (`[hospital]`), `[旗县区]` (`[county]`); each line
    /// `canonical = ["other spelling", …]` (one string is accepted too). A spelling under two
    /// names of the file, or under two sections, is an error naming the key; where the file and
    /// the built-in list disagree the file wins, and built-in spellings of a name the file makes
    /// an alias follow it.
    pub fn from_toml(text: &str) -> Result<Names, NamesError> {
        let quoted = quote_bare_keys(text);
        let parsed: toml::Table = quoted.parse().map_err(|e: toml::de::Error| {
            NamesError::Syntax(crate::scheme::TomlProblem::of(&quoted, &e))
        })?;
        let mut user: BTreeMap<String, Entry> = BTreeMap::new();
        for (section, value) in &parsed {
            let kind = section_kind(section)?;
            let toml::Value::Table(entries) = value else {
                return Err(invalid(section, "应为一节 [..]", "must be a section [..]"));
            };
            for (canonical, spellings) in entries {
                let key = format!("{section}.{canonical}");
                insert_user_line(&mut user, &key, kind, canonical, spellings)?;
            }
        }
        let mut names = Names::builtin();
        names.table.extend(user);
        names.follow_user_aliases();
        Ok(names)
    }

    /// Re-point each built-in spelling of a name the user's file made someone else's alias to
    /// that one, as if the file had said it.
    fn follow_user_aliases(&mut self) {
        let targets: BTreeMap<String, (Kind, String)> = self
            .table
            .iter()
            .filter(|(_, e)| e.user && e.alias.is_some())
            .map(|(k, e)| (k.clone(), (e.kind, e.canonical.clone())))
            .collect();
        for e in self.table.values_mut() {
            if e.user {
                continue;
            }
            if let Some((kind, canonical)) = targets.get(&fold(&e.canonical)) {
                if e.alias.is_none() {
                    e.alias = Some(e.canonical.clone());
                }
                e.kind = *kind;
                e.canonical = canonical.clone();
                e.user = true;
            }
        }
    }

    /// The commented names file `assess names -o 名称对照.toml` writes: Chinese comments, a line
    /// of English after each, and a fictional example of each section, commented out so that the
    /// file as written changes nothing.
    pub fn template_toml() -> String {
        TEMPLATE.to_string()
    }

    /// The canonical specialty for a written one: the built-in list and the user's file, else the
    /// cleaned name when it is shaped like a specialty. `None`: not a specialty.
    pub fn specialty(&self, written: &str) -> Option<Resolved> {
        self.resolve(Kind::Specialty, written)
    }

    /// Whether `name` is a standard specialty: in the built-in list or the user's file.
    pub fn is_known_specialty(&self, name: &str) -> bool {
        self.table
            .get(&fold(&clean(name)))
            .is_some_and(|e| e.kind == Kind::Specialty)
    }

    /// The canonical hospital for a written one: the user's file, else the cleaned name when it
    /// is shaped like a hospital. `None`: not a hospital.
    pub fn hospital(&self, written: &str) -> Option<Resolved> {
        self.resolve(Kind::Hospital, written)
    }

    /// The canonical county for a written one: the user's file, else the cleaned name when it is
    /// shaped like a county (旗, 县, 区, 市, 盟; not 自治区 or 省). `None`: not a county.
    pub fn county(&self, written: &str) -> Option<Resolved> {
        self.resolve(Kind::County, written)
    }

    /// The county a hospital's name starts with, as written there: `南山县人民医院` → 南山县,
    /// `南山市第一人民医院` → 南山市. A county of the user's file is looked for first. `None` for
    /// `人民医院` or a name whose start is not a county.
    pub fn county_of(&self, hospital: &str) -> Option<String> {
        let c = clean(hospital);
        if c.is_empty() || c.chars().count() > MAX_NAME_CHARS {
            return None;
        }
        let f = fold(&c);
        let known = self
            .table
            .iter()
            .filter(|(k, e)| {
                e.kind == Kind::County && f.starts_with(k.as_str()) && f.len() > k.len()
            })
            .map(|(k, _)| k.len())
            .max();
        if let Some(len) = known {
            return c.get(..len).map(str::to_string);
        }
        county_prefix(&c)
    }

    /// Who submitted a file, from its name without extension and the folders it is in (outermost
    /// first). See the module documentation for the rules.
    pub fn from_path(&self, stem: &str, folders: &[String]) -> UnitGuess {
        let mut fields = self.file_name_fields(stem);
        self.add_folder_fields(&mut fields, folders);
        self.check_county_by_hospital(&mut fields);
        fields.into_guess()
    }

    /// What the file name decides of each field; a field it names ambiguously is blocked.
    fn file_name_fields(&self, stem: &str) -> PathFields {
        let mut fields = PathFields::default();
        let file = self.pool(stem, &|token: &str| From::FileName {
            token: token.to_string(),
        });
        for kind in KINDS {
            match file.decide(kind, "文件名") {
                Ok(c) => fields.cands[kind.index()] = c,
                Err(why) => fields.block(kind, why),
            }
        }
        fields
    }

    /// The county and hospital of the innermost folders, all in one pool, where the file name
    /// left them open or agrees; a folder that disagrees with the file name blocks the field.
    fn add_folder_fields(&self, fields: &mut PathFields, folders: &[String]) {
        let start = folders.len().saturating_sub(MAX_FOLDERS);
        let mut inside = Pool::default();
        for f in &folders[start..] {
            let p = self.pool(f, &|_: &str| From::Folder { name: f.clone() });
            inside.absorb(p);
        }
        for kind in [Kind::County, Kind::Hospital] {
            let i = kind.index();
            if fields.blocked[i] {
                continue;
            }
            match inside.decide(kind, "文件夹") {
                Err(why) => {
                    if fields.cands[i].is_none() {
                        fields.block(kind, why);
                    }
                }
                Ok(None) => {}
                Ok(Some(c)) => match &fields.cands[i] {
                    None => fields.cands[i] = Some(c),
                    Some(f) if f.canonical == c.canonical => {}
                    Some(f) => {
                        let why = format!(
                            "文件名的{0}「{1}」与文件夹的{0}「{2}」不符，{0}未认定",
                            kind.label(),
                            f.value,
                            c.value
                        );
                        fields.cands[i] = None;
                        fields.block(kind, why);
                    }
                },
            }
        }
    }

    /// The hospital's own name says which county it is in: the county filled in from it when
    /// none was found, dropped when the two disagree.
    fn check_county_by_hospital(&self, fields: &mut PathFields) {
        let (ci, hi) = (Kind::County.index(), Kind::Hospital.index());
        let Some(h) = fields.cands[hi].as_ref().map(|h| h.value.clone()) else {
            return;
        };
        let Some(k) = self.county_of(&h) else {
            return;
        };
        let county = fields.cands[ci]
            .as_ref()
            .map(|c| (c.value.clone(), c.canonical.clone()));
        let kc = self.county(&k).map(|r| r.name);
        match county {
            None if !fields.blocked[ci] && kc.is_some() => {
                fields.cands[ci] = Some(Cand {
                    value: k,
                    canonical: kc.unwrap_or_default(),
                    from: From::HospitalName,
                });
            }
            Some((value, canonical))
                if kc.as_deref() != Some(canonical.as_str())
                    && !fold(&h).contains(&fold(&value))
                    && !fold(&h).contains(&fold(&canonical)) =>
            {
                push_unique(
                    &mut fields.ambiguous,
                    format!(
                        "旗县区「{value}」与医院「{h}」不符（医院名称以「{k}」开头），旗县区未认定"
                    ),
                );
                fields.cands[ci] = None;
            }
            _ => {}
        }
    }

    fn resolve(&self, kind: Kind, written: &str) -> Option<Resolved> {
        let c = clean(written);
        if c.is_empty() || c.chars().count() > MAX_NAME_CHARS {
            return None;
        }
        if let Some(e) = self.table.get(&fold(&c)) {
            return (e.kind == kind).then(|| via_entry(e, written));
        }
        if is_noise(&c) {
            return None;
        }
        if let Some((outer, inner)) = split_qualifier(&c) {
            // `呼吸内科（呼吸与危重症医学科）`: two spellings of one name.
            // `骨科（2024年上半年）`: a period is no part of the name.
            let o = self.resolve(kind, outer);
            let period = crate::period::Period::parse(inner).is_some();
            if let Some(o) = &o {
                if period || self.resolve(kind, inner).is_some_and(|i| i.name == o.name) {
                    let via = match &o.via {
                        Via::Exact => Via::Cleaned,
                        v => v.clone(),
                    };
                    return Some(Resolved {
                        name: o.name.clone(),
                        written: written.to_string(),
                        via,
                    });
                }
            }
            // `眼科（南山县第四医院）`: two kinds of name, not one.
            let other = KINDS
                .iter()
                .any(|k| *k != kind && self.resolve(*k, inner).is_some());
            if o.is_none() || other {
                return None;
            }
            // `心内科（一病区）`, `北岭旗中医医院（北岭旗蒙医医院）`: the whole is the name.
            return Some(as_itself(written, &c));
        }
        let shaped = match kind {
            Kind::Specialty => specialty_shaped(&c),
            Kind::Hospital => hospital_shaped(&c),
            Kind::County => county_shaped(&c),
        };
        shaped.then(|| as_itself(written, &c))
    }

    /// What one token can be.
    fn classify(&self, token: &str) -> Class {
        let c = clean(token);
        if c.is_empty() || c.chars().count() > MAX_NAME_CHARS {
            return Class::Nothing;
        }
        let found: Vec<(Kind, Resolved)> = KINDS
            .iter()
            .filter_map(|k| self.resolve(*k, &c).map(|r| (*k, r)))
            .collect();
        match found.as_slice() {
            [] => self.split_pair(&c).unwrap_or(Class::Nothing),
            [(k, r)] => Class::One(vec![(*k, c.clone(), r.name.clone())]),
            _ => Class::Either(found.iter().map(|(k, _)| *k).collect()),
        }
    }

    /// `北岭旗人民医院心内科`: a hospital and a specialty written together.
    fn split_pair(&self, c: &str) -> Option<Class> {
        let mut best: Option<(usize, Resolved, Resolved)> = None;
        for suffix in ["医院", "卫生院", "保健院", "卫生服务中心", "医疗中心", "院"]
        {
            for (pos, _) in c.match_indices(suffix) {
                let end = pos + suffix.len();
                if end >= c.len() || best.as_ref().is_some_and(|b| b.0 >= end) {
                    continue;
                }
                let (h, s) = c.split_at(end);
                if let (Some(hr), Some(sr)) = (self.hospital(h), self.specialty(s)) {
                    best = Some((end, hr, sr));
                }
            }
        }
        best.map(|(end, h, s)| {
            Class::One(vec![
                (Kind::Hospital, clean(&c[..end]), h.name),
                (Kind::Specialty, clean(&c[end..]), s.name),
            ])
        })
    }

    /// Classify the tokens of one file name or folder.
    fn pool(&self, text: &str, from: &dyn Fn(&str) -> From) -> Pool {
        let mut pool = Pool::default();
        for token in tokens(text).into_iter().take(MAX_TOKENS) {
            match self.classify(without_period(&token)) {
                Class::Nothing => {}
                Class::One(found) => {
                    for (kind, value, canonical) in found {
                        pool.cands[kind.index()].push(Cand {
                            value,
                            canonical,
                            from: from(&token),
                        });
                    }
                }
                Class::Either(kinds) => pool.either.push((clean(&token), kinds)),
            }
        }
        pool
    }
}

/// A name resolved to itself.
fn as_itself(written: &str, c: &str) -> Resolved {
    Resolved {
        name: c.to_string(),
        written: written.to_string(),
        via: if written == c {
            Via::Exact
        } else {
            Via::Cleaned
        },
    }
}

/// A name found in the table.
fn via_entry(e: &Entry, written: &str) -> Resolved {
    let via = match (&e.alias, e.user) {
        (None, _) if written == e.canonical => Via::Exact,
        (None, _) => Via::Cleaned,
        (Some(a), false) => Via::Alias { alias: a.clone() },
        (Some(a), true) => Via::UserAlias { alias: a.clone() },
    };
    Resolved {
        name: e.canonical.clone(),
        written: written.to_string(),
        via,
    }
}

enum Class {
    /// Noise, or nothing known.
    Nothing,
    /// (kind, value, canonical) — one, or a hospital and a specialty written together.
    One(Vec<(Kind, String, String)>),
    /// Could be any of these.
    Either(Vec<Kind>),
}

struct Cand {
    value: String,
    canonical: String,
    from: From,
}

/// The fields a file's path is deciding: each field's candidate, whether it is blocked (named
/// ambiguously, so no later source fills it), and why fields were not decided.
#[derive(Default)]
struct PathFields {
    cands: [Option<Cand>; 3],
    blocked: [bool; 3],
    ambiguous: Vec<String>,
}

impl PathFields {
    /// Block a field, saying why.
    fn block(&mut self, kind: Kind, why: String) {
        self.blocked[kind.index()] = true;
        push_unique(&mut self.ambiguous, why);
    }

    /// The guess these fields make.
    fn into_guess(self) -> UnitGuess {
        let [county, hospital, specialty] = self.cands.map(|c| {
            c.map(|c| Guessed {
                value: c.value,
                from: c.from,
            })
        });
        UnitGuess {
            county,
            hospital,
            specialty,
            ambiguous: self.ambiguous,
        }
    }
}

#[derive(Default)]
struct Pool {
    cands: [Vec<Cand>; 3],
    either: Vec<(String, Vec<Kind>)>,
}

impl Pool {
    fn absorb(&mut self, other: Pool) {
        for (mine, theirs) in self.cands.iter_mut().zip(other.cands) {
            mine.extend(theirs);
        }
        self.either.extend(other.either);
    }

    /// The one name of a kind, none, or why there is no telling.
    fn decide(&self, kind: Kind, place: &str) -> Result<Option<Cand>, String> {
        if let Some((token, kinds)) = self.either.iter().find(|(_, ks)| ks.contains(&kind)) {
            let could: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
            return Err(format!(
                "{place}中的「{token}」可能是{}，{}未认定",
                could.join("或"),
                kind.label()
            ));
        }
        let mut distinct: Vec<&Cand> = Vec::new();
        for c in &self.cands[kind.index()] {
            if !distinct.iter().any(|d| d.canonical == c.canonical) {
                distinct.push(c);
            }
        }
        match distinct.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(Cand {
                value: one.value.clone(),
                canonical: one.canonical.clone(),
                from: one.from.clone(),
            })),
            many => {
                let list: Vec<String> = many.iter().map(|c| format!("「{}」", c.value)).collect();
                Err(format!(
                    "{place}中有{}个{}：{}，{}未认定",
                    many.len(),
                    kind.label(),
                    list.join("、"),
                    kind.label()
                ))
            }
        }
    }
}

/// The kind of names a section of the names file holds, by its title in either language.
fn section_kind(section: &str) -> Result<Kind, NamesError> {
    match section.trim() {
        "专科" | "specialty" | "specialties" => Ok(Kind::Specialty),
        "医院" | "hospital" | "hospitals" => Ok(Kind::Hospital),
        "旗县区" | "county" | "counties" => Ok(Kind::County),
        _ => Err(invalid(
            section,
            "未知的节，应为 [专科]、[医院] 或 [旗县区]",
            "unknown section: use [专科] (specialty), [医院] (hospital) or [旗县区] (county)",
        )),
    }
}

/// One line of the names file (`canonical = ["spelling", …]`, at `key`) added to `user`:
/// the name and each spelling that differs from it, every one cleaned and of a sane length.
fn insert_user_line(
    user: &mut BTreeMap<String, Entry>,
    key: &str,
    kind: Kind,
    canonical: &str,
    spellings: &toml::Value,
) -> Result<(), NamesError> {
    let spellings: Vec<&str> = match spellings {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(a) => a
            .iter()
            .map(|v| v.as_str())
            .collect::<Option<Vec<&str>>>()
            .ok_or_else(|| invalid(key, "其他写法应为文字", "spellings must be strings"))?,
        _ => {
            return Err(invalid(
                key,
                "应为 [\"其他写法\", …]",
                "must be a list of spellings",
            ))
        }
    };
    let c = clean(canonical);
    if c.is_empty() || c.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(key, "名称为空或过长", "empty or too long a name"));
    }
    insert(user, key, kind, &c, None, true)?;
    for s in spellings {
        let cs = clean(s);
        if cs.is_empty() || cs.chars().count() > MAX_NAME_CHARS {
            return Err(invalid(
                key,
                format!("写法「{s}」为空或过长"),
                format!("the spelling 「{s}」 is empty or too long"),
            ));
        }
        if fold(&cs) != fold(&c) {
            insert(user, key, kind, &c, Some(&cs), true)?;
        }
    }
    Ok(())
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// A token with a period written onto it (`北岭旗人民医院骨科2024年上半年`, `2024年北岭旗人民医院`)
/// without the period: the longest start or shortest end that reads as a period, when something
/// is left.
fn without_period(token: &str) -> &str {
    if !token.contains(|c: char| c.is_ascii_digit()) || token.chars().count() > MAX_NAME_CHARS {
        return token;
    }
    let cuts: Vec<usize> = token.char_indices().map(|(i, _)| i).skip(1).collect();
    let period = |s: &str| crate::period::Period::parse(s).is_some();
    if let Some(&i) = cuts.iter().rev().find(|&&i| period(&token[..i])) {
        return &token[i..];
    }
    if let Some(&i) = cuts.iter().find(|&&i| period(&token[i..])) {
        return &token[..i];
    }
    token
}

/// Split a file name or folder into tokens on `_ - — 、` blanks, brackets and a few other
/// separators (full and half width).
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| {
        text::is_blank(c)
            || matches!(
                c,
                '_' | '＿'
                    | '-'
                    | '－'
                    | '—'
                    | '–'
                    | '―'
                    | '‐'
                    | '‑'
                    | '−'
                    | '、'
                    | '（'
                    | '）'
                    | '('
                    | ')'
                    | '【'
                    | '】'
                    | '['
                    | ']'
                    | '［'
                    | '］'
                    | '〔'
                    | '〕'
                    | '《'
                    | '》'
                    | '.'
                    | '．'
                    | ','
                    | '，'
                    | ';'
                    | '；'
                    | ':'
                    | '：'
                    | '+'
                    | '＋'
                    | '&'
                    | '~'
                    | '～'
                    | '#'
            )
    })
    .filter(|t| !t.is_empty())
    .map(str::to_string)
    .collect()
}

// ---------------------------------------------------------------------------------------------
// Cleaning

/// Characters stamp notes are made of; a note also needs 章 or 签.
const STAMP_CHARS: &str = "盖章公签字名单位加并处已版后印及和或需须请此负责人医院";
/// Stamp words removed from the end of a name, longest first.
const STAMP_WORDS: [&str; 12] = [
    "加盖公章",
    "单位盖章",
    "单位公章",
    "签字盖章",
    "已盖章",
    "盖公章",
    "盖章版",
    "盖章后",
    "已签章",
    "盖章",
    "公章",
    "签章",
];
/// Trimmed from both ends of a name.
const TRIM: &str = "-_、,.:;\"'“”‘’《》「」~!?。*#/\\|";

fn is_stamp_note(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= MAX_STAMP_CHARS
        && s.chars().all(|c| STAMP_CHARS.contains(c))
        && (s.contains('章') || s.contains('签'))
}

/// Invisible characters that only get in the way of comparing names.
fn is_invisible(c: char) -> bool {
    text::is_blank(c)
        || c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        )
}

fn unify(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    match c {
        '(' => '（',
        ')' => '）',
        '[' => '【',
        ']' => '】',
        c if text::is_dash(c) => '-',
        c => c,
    }
}

/// A name as it should be compared and shown: no blanks or invisible characters, ASCII for
/// full-width letters, digits and punctuation, full-width `（）` `【】` brackets, `-` for every
/// dash, no stamp notes (`（盖章）`, `【单位盖章】`, a trailing `盖章` …) and no separators at either
/// end. A bracket with a real part of the name in it stays.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Open brackets not yet closed: (byte position in `out`, the closing bracket).
    let mut open: Vec<(usize, char)> = Vec::new();
    for c in s.chars() {
        if is_invisible(c) {
            continue;
        }
        match unify(c) {
            b @ ('（' | '【') => {
                open.push((out.len(), if b == '（' { '）' } else { '】' }));
                out.push(b);
            }
            b @ ('）' | '】') => {
                if let Some(&(at, close)) = open.last() {
                    if close == b {
                        open.pop();
                        let inside = &out[at + b.len_utf8()..];
                        if inside.is_empty() || is_stamp_note(inside) {
                            out.truncate(at);
                            continue;
                        }
                    }
                }
                out.push(b);
            }
            '-' => {
                if !out.ends_with('-') {
                    out.push('-');
                }
            }
            c => out.push(c),
        }
    }
    // The end: separators, stamp words and an unclosed stamp note, until none is left.
    loop {
        let before = out.len();
        while out.ends_with(|c: char| TRIM.contains(c)) {
            out.pop();
        }
        if let Some(w) = STAMP_WORDS
            .iter()
            .find(|w| out.ends_with(*w) && out.len() > w.len())
        {
            out.truncate(out.len() - w.len());
        }
        let tail_start = out
            .char_indices()
            .rev()
            .nth(MAX_STAMP_CHARS)
            .map_or(0, |(i, _)| i);
        if let Some(pos) = out[tail_start..].rfind(['（', '【']) {
            let at = tail_start + pos;
            let inside = &out[at + '（'.len_utf8()..];
            if inside.is_empty() || is_stamp_note(inside) {
                out.truncate(at);
            }
        }
        if out.len() == before {
            break;
        }
    }
    let lead = out.len() - out.trim_start_matches(|c: char| TRIM.contains(c)).len();
    out.drain(..lead);
    out
}

// ---------------------------------------------------------------------------------------------
// Shapes

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{20000}'..='\u{2ffff}')
}

/// A digit followed by 年, 月 or 日: a date or period inside a name.
fn has_date(c: &str) -> bool {
    let v: Vec<char> = c.chars().collect();
    v.windows(2)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], '年' | '月' | '日'))
}

/// Parts of a file name that are never names: periods, dates, attachment and table numbers,
/// the form's title, copies and versions, stamp notes.
fn is_noise(c: &str) -> bool {
    let f = fold(c);
    if f.is_empty() || is_stamp_note(c) || crate::period::Period::parse(c).is_some() {
        return true;
    }
    is_number_or_period(&f) || is_numbered_attachment(&f) || is_version(&f) || is_filler(&f)
}

/// Punctuation that numbers and dates in a file name are written with.
fn noise_punct(ch: char) -> bool {
    "-./:~_,（）【】#、".contains(ch)
}

/// A digit, or a Chinese numeral.
fn noise_numeral(ch: char) -> bool {
    ch.is_ascii_digit() || "一二三四五六七八九十〇零".contains(ch)
}

/// Whether a folded part is a number, date or period: 2024, 20240630, 2024.6.30, (1),
/// 2024年上半年, 2024年1, 6月, 上半年, 一季度, 全年.
fn is_number_or_period(f: &str) -> bool {
    if f.chars().all(|ch| ch.is_ascii_digit() || noise_punct(ch)) {
        return true;
    }
    const PERIOD: &str = "年月日号上下半季度第全前后期末初至到份个及和";
    f.chars()
        .all(|ch| noise_numeral(ch) || noise_punct(ch) || PERIOD.contains(ch))
        && (f.chars().any(|ch| ch.is_ascii_digit())
            || f.contains(['年', '月'])
            || f.contains("季度"))
}

/// Whether a folded part numbers an attachment or table: 附件2, 附表一, 表1.
fn is_numbered_attachment(f: &str) -> bool {
    ["附件", "附表", "表"].iter().any(|p| {
        f.strip_prefix(p)
            .is_some_and(|rest| rest.chars().all(|ch| noise_numeral(ch) || noise_punct(ch)))
    })
}

/// Whether a folded part is a version: v2, v1.2, ver3.
fn is_version(f: &str) -> bool {
    ["ver", "v"].iter().any(|p| {
        f.strip_prefix(p).is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
        })
    })
}

/// Words that, inside a part, make it no name: the form's title, copies, templates.
const NOISE_CONTAINS: [&str; 14] = [
    "调查表",
    "重点专科",
    "基本情况",
    "统计表",
    "汇总",
    "模板",
    "副本",
    "copy",
    "填报",
    "上报",
    "报送",
    "microsoft",
    "工作表",
    "工作簿",
];

/// Parts that are no name on their own: drafts, versions, "data", program names.
const NOISE_WORDS: [&str; 30] = [
    "新建",
    "最终",
    "最终版",
    "终版",
    "修改版",
    "修订版",
    "定稿",
    "终稿",
    "初稿",
    "草稿",
    "最新",
    "更新",
    "修改",
    "已修改",
    "正式",
    "扫描件",
    "材料",
    "数据",
    "资料",
    "备份",
    "提交",
    "表格",
    "附件",
    "附表",
    "确认",
    "审核",
    "excel",
    "wps",
    "final",
    "sheet",
];

/// Whether a folded part is filler: the form's title, a draft or copy note, a table or a
/// version word, a program's default name (Sheet1, Book1).
fn is_filler(f: &str) -> bool {
    NOISE_CONTAINS.iter().any(|w| f.contains(w))
        || NOISE_WORDS.contains(&f)
        || f.ends_with('表')
        || f.ends_with('版')
        || f.ends_with('稿')
        || (f.starts_with("sheet") || f.starts_with("book"))
            && f.chars().skip(4).all(|ch| ch.is_ascii_alphanumeric())
}

/// Hospital names that end in a centre.
const HOSPITAL_CENTRES: [&str; 6] = [
    "卫生服务中心",
    "医疗服务中心",
    "医疗中心",
    "保健服务中心",
    "医疗保健中心",
    "计划生育服务中心",
];
/// Words that make a name a hospital (or a hospital and more), never only a specialty.
const HOSPITAL_WORDS: [&str; 8] = [
    "医院",
    "卫生院",
    "保健院",
    "卫生服务",
    "诊所",
    "卫生室",
    "医疗集团",
    "医共体",
];

fn specialty_shaped(c: &str) -> bool {
    const GENERIC: [&str; 22] = [
        "科",
        "专科",
        "科室",
        "学科",
        "本科",
        "专业",
        "病区",
        "病房",
        "中心",
        "室",
        "临床科室",
        "临床科",
        "各科",
        "各科室",
        "医技科室",
        "临床医技科室",
        "职能科室",
        "行政科室",
        "重点学科",
        "重点专业",
        "临床专业",
        "分科",
    ];
    const ROOMS_NOT: [&str; 6] = ["卫生室", "办公室", "科室", "工作室", "会议室", "档案室"];
    if c.chars().count() < 2
        || is_noise(c)
        || c.chars().any(|ch| ch.is_ascii_digit())
        || GENERIC.contains(&c)
        || c.contains("专科")
        || HOSPITAL_WORDS.iter().any(|w| c.contains(w))
    {
        return false;
    }
    if c.ends_with("中心") {
        return !HOSPITAL_CENTRES.iter().any(|e| c.ends_with(e));
    }
    if c.ends_with('室') {
        return !ROOMS_NOT.iter().any(|e| c.ends_with(e));
    }
    ["科", "专业", "病区", "病房"]
        .iter()
        .any(|e| c.ends_with(e))
}

fn hospital_shaped(c: &str) -> bool {
    const GENERIC: [&str; 17] = [
        "卫生院",
        "保健院",
        "本院",
        "我院",
        "全院",
        "分院",
        "总院",
        "门诊部",
        "卫生室",
        "医疗集团",
        "医共体",
        "填报医院",
        "本医院",
        "各医院",
        "医疗机构",
        "乡镇卫生院",
        "社区卫生服务中心",
    ];
    const NOT: [&str; 11] = [
        "法院",
        "检察院",
        "学院",
        "书院",
        "剧院",
        "影院",
        "研究院",
        "设计院",
        "科学院",
        "庭院",
        "大院",
    ];
    const ENDINGS: [&str; 8] = [
        "院",
        "诊所",
        "门诊部",
        "卫生室",
        "卫生所",
        "保健所",
        "医疗集团",
        "医共体",
    ];
    if c.chars().count() < 3 || has_date(c) || GENERIC.contains(&c) || is_noise(c) {
        return false;
    }
    if c.ends_with("中心") {
        // `北岭旗人民医院胸痛中心` is a hospital and a specialty, not a hospital.
        return HOSPITAL_CENTRES.iter().any(|e| c.ends_with(e)) && !HOSPITAL_CENTRES.contains(&c)
            || county_prefix(c).is_some() && !HOSPITAL_WORDS.iter().any(|w| c.contains(w));
    }
    !NOT.iter().any(|e| c.ends_with(e)) && ENDINGS.iter().any(|e| c.ends_with(e))
}

fn county_shaped(c: &str) -> bool {
    const ENDINGS_NOT: [&str; 10] = [
        "自治区",
        "病区",
        "院区",
        "社区",
        "校区",
        "片区",
        "辖区",
        "小区",
        "园区",
        "营区",
    ];
    const WORDS_NOT: [&str; 16] = [
        "医", "院", "科", "中心", "卫生", "保健", "第", "人民", "表", "年", "月", "所属", "专",
        "病", "诊", "室",
    ];
    const GENERIC: [&str; 16] = [
        "红旗", "国旗", "党旗", "八旗", "彩旗", "城市", "都市", "超市", "城区", "郊区", "新区",
        "东区", "西区", "南区", "北区", "中区",
    ];
    let n = c.chars().count();
    (2..=12).contains(&n)
        && c.chars().all(is_han)
        && c.ends_with(['旗', '县', '区', '市', '盟'])
        && !ENDINGS_NOT.iter().any(|e| c.ends_with(e))
        && !WORDS_NOT.iter().any(|w| c.contains(w))
        && !GENERIC.contains(&c)
        && !c
            .chars()
            .all(|ch| "旗县区市盟全本各我该州地省自治".contains(ch))
        && !is_noise(c)
}

/// The county a name starts with (shape only): the first county-shaped start, extended over a
/// following 区/县 (`新市区`), skipping a province (`…省`, `…自治区`) and going into a county
/// after a city or league (`南山市北岭区…`). Something must follow it.
fn county_prefix(c: &str) -> Option<String> {
    let chars: Vec<char> = c.chars().collect();
    let n = chars.len();
    let seg = |a: usize, b: usize| chars[a..=b].iter().collect::<String>();
    let boundary = |ch: char| matches!(ch, '旗' | '县' | '区' | '市' | '盟' | '省');
    let mut start = 0;
    let mut found: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < n {
        if i - start > 12 {
            break;
        }
        if boundary(chars[i]) {
            let s = seg(start, i);
            if s.chars().count() >= 2 && (s.ends_with('省') || s.ends_with("自治区")) {
                if found.is_some() {
                    break;
                }
                start = i + 1;
            } else if county_shaped(&s) {
                let mut end = i;
                while end + 1 < n && boundary(chars[end + 1]) && county_shaped(&seg(start, end + 1))
                {
                    end += 1;
                }
                found = Some((start, end));
                if !(chars[end] == '市' || chars[end] == '盟') {
                    break;
                }
                start = end + 1;
                i = end;
            }
        }
        i += 1;
    }
    let (a, b) = found?;
    (b + 1 < n).then(|| seg(a, b))
}

/// `X（Y）` with nothing after the bracket: (X, Y).
fn split_qualifier(c: &str) -> Option<(&str, &str)> {
    let inner_end = c.strip_suffix('）')?;
    let open = inner_end.rfind('（')?;
    let outer = &c[..open];
    let inner = &inner_end[open + '（'.len_utf8()..];
    (!outer.is_empty() && !inner.is_empty() && !inner.contains(['（', '）']))
        .then_some((outer, inner))
}

const TEMPLATE: &str = r##"# 名称对照：本地的专科写法、医院改名与其他写法、旗县区的其他写法。
# Names file: local spellings of specialties, hospital renames and other spellings, county spellings.
# 用法：assess score 文件夹 --names 名称对照.toml（其他命令同样可用 --names）。
# Use: assess score FOLDER --names 名称对照.toml (every command takes --names).
# 每行写“规范名称 = ["其他写法", …]”：排名、分组和同比都用规范名称，其他写法都算作它。
# Each line is `canonical = ["other spelling", …]`: ranking, grouping and year-over-year use the canonical name.
# 名称可以不加引号；比较时不计空格、括号宽窄和“（盖章）”之类的说明，英文字母不分大小写。
# Names need no quotes; blanks, bracket width, stamp notes such as （盖章） and letter case do not count.
# 同一写法只能归入一个名称，否则报错并指出是哪一行；与内置专科表不一致时以本文件为准。
# A spelling may belong to one name only, else the error names the line; where this file and the built-in list differ, this file wins.
# 去掉示例行首的“# ”即可启用；示例中的旗县和医院都是虚构的。
# Remove the "# " before an example line to use it; the counties and hospitals in the examples are fictional.

[专科]
# 本地专科的其他写法（内置表已收国家临床重点专科及中医、蒙医专科的常见写法，如 心内科 → 心血管内科）。
# Other spellings of specialties (the built-in list already has the common ones, e.g. 心内科 → 心血管内科).
# 康复医学科 = ["康复理疗科", "康复治疗科"]

[医院]
# 医院改名与其他写法：左边写现在的名称，旧名和简称都算作它，同比才能接上。
# Hospital renames and other spellings: the current name on the left; old names and short forms count as it, so year-over-year links up.
# 北岭旗人民医院 = ["北岭旗医院", "北岭旗第一人民医院"]

[旗县区]
# 旗县区的其他写法。
# Other spellings of a county.
# 北岭旗 = ["北岭"]
"##;

/// A hospital written without its county (`人民医院`, in 南山县): the full name the same county
/// has among `known` (`南山县人民医院`). `None` when the name already starts with the county, or
/// no such hospital is known.
pub fn full_hospital_name(
    county: &str,
    hospital: &str,
    known: &std::collections::BTreeSet<String>,
) -> Option<String> {
    if county.is_empty() || hospital.starts_with(county) {
        return None;
    }
    let full = format!("{county}{hospital}");
    known.contains(&full).then_some(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names::builtin()
    }

    fn spec(w: &str) -> Option<String> {
        names().specialty(w).map(|r| r.name)
    }

    fn hosp(w: &str) -> Option<String> {
        names().hospital(w).map(|r| r.name)
    }

    fn county(w: &str) -> Option<String> {
        names().county(w).map(|r| r.name)
    }

    /// (county, hospital, specialty) values and where each came from, for short asserts.
    fn guess(stem: &str, folders: &[&str]) -> UnitGuess {
        let folders: Vec<String> = folders.iter().map(|s| s.to_string()).collect();
        names().from_path(stem, &folders)
    }

    fn values(g: &UnitGuess) -> (Option<&str>, Option<&str>, Option<&str>) {
        fn v(x: &Option<Guessed>) -> Option<&str> {
            x.as_ref().map(|g| g.value.as_str())
        }
        (v(&g.county), v(&g.hospital), v(&g.specialty))
    }

    fn token(t: &str) -> From {
        From::FileName {
            token: t.to_string(),
        }
    }

    // ---- cleaning

    #[test]
    fn clean_removes_stamp_notes() {
        for w in [
            "北山县中医院（盖章）",
            "北山县中医院(盖章)",
            "北山县中医院（公章）",
            "北山县中医院(章)",
            "北山县中医院（签章）",
            "北山县中医院【盖章】",
            "北山县中医院盖章",
            "北山县中医院（单位盖章）",
            "北山县中医院 ( 加盖公章 )",
            "北山县中医院（签字盖章）-",
            "北山县中医院（盖章",
            "北山县中医院[盖章]",
        ] {
            assert_eq!(clean(w), "北山县中医院", "{w}");
        }
        assert_eq!(clean("北山县（盖章）中医院"), "北山县中医院");
    }

    #[test]
    fn clean_keeps_real_brackets() {
        assert_eq!(clean("眼科（南山县第四医院）"), "眼科（南山县第四医院）");
        assert_eq!(clean("眼科(南山县第四医院)"), "眼科（南山县第四医院）");
        assert_eq!(clean("重症医学科（ICU）"), "重症医学科（ICU）");
        assert_eq!(clean("心内科（一病区）"), "心内科（一病区）");
        // A lone 盖章 is not emptied: it is what the text says.
        assert_eq!(clean("盖章"), "盖章");
    }

    #[test]
    fn clean_unifies_blanks_brackets_and_dashes() {
        assert_eq!(clean(" 北岭旗\u{3000}人民 医院\u{200b} "), "北岭旗人民医院");
        assert_eq!(clean("ＩＣＵ"), "ICU");
        assert_eq!(clean("附件２"), "附件2");
        assert_eq!(clean("南山县第五医院——骨科"), "南山县第五医院-骨科");
        assert_eq!(clean("南山县第五医院 － 骨科"), "南山县第五医院-骨科");
        assert_eq!(clean("［骨科］"), "【骨科】");
        assert_eq!(clean("“骨科”、"), "骨科");
        assert_eq!(clean(""), "");
        assert_eq!(clean("（）"), "");
    }

    // ---- the built-in list

    #[test]
    fn builtin_list_is_consistent() {
        let table = builtin_table().expect("the built-in list loads");
        assert!(table.len() > 200, "{}", table.len());
        let n = names();
        for (key, e) in &table {
            assert_eq!(e.kind, Kind::Specialty);
            assert_eq!(clean(&e.canonical), e.canonical);
            // Every spelling resolves to its canonical name and to nothing else.
            let spelling = e.alias.as_deref().unwrap_or(&e.canonical);
            assert_eq!(fold(spelling), *key);
            assert_eq!(
                n.specialty(spelling).map(|r| r.name).as_deref(),
                Some(e.canonical.as_str())
            );
            assert!(n.hospital(spelling).is_none(), "{spelling} is a hospital");
            assert!(n.county(spelling).is_none(), "{spelling} is a county");
            assert!(!is_noise(spelling), "{spelling} is noise");
            assert!(
                !hospital_shaped(spelling) && !county_shaped(spelling),
                "{spelling}"
            );
        }
        // The canonical names the brief names are there.
        for c in [
            "重症医学科",
            "心血管内科",
            "呼吸内科",
            "消化内科",
            "神经内科",
            "肾内科",
            "内分泌科",
            "血液内科",
            "感染病科",
            "老年医学科",
            "普通外科",
            "骨科",
            "神经外科",
            "心脏大血管外科",
            "胸外科",
            "泌尿外科",
            "烧伤科",
            "整形外科",
            "妇科",
            "产科",
            "妇产科",
            "儿科",
            "新生儿科",
            "小儿外科",
            "眼科",
            "耳鼻咽喉科",
            "口腔科",
            "皮肤科",
            "精神科",
            "肿瘤科",
            "急诊医学科",
            "康复医学科",
            "麻醉科",
            "医学影像科",
            "检验科",
            "病理科",
            "临床药学",
            "临床护理",
            "全科医学科",
            "疼痛科",
            "中医内科",
            "中医骨伤科",
            "针灸科",
            "蒙医内科",
            "蒙医骨伤科",
            "蒙医传统疗法科",
            "胸痛中心",
            "卒中中心",
            "创伤中心",
        ] {
            assert_eq!(
                table
                    .get(&fold(c))
                    .map(|e| (e.canonical.as_str(), e.alias.is_none())),
                Some((c, true)),
                "{c}"
            );
        }
    }

    #[test]
    fn aliases_resolve_with_via() {
        let n = names();
        for (w, canonical) in [
            ("心内科", "心血管内科"),
            ("心血管科", "心血管内科"),
            ("神内", "神经内科"),
            ("ICU", "重症医学科"),
            ("重症监护室", "重症医学科"),
            ("重症医学", "重症医学科"),
            ("呼吸科", "呼吸内科"),
            ("呼吸与危重症医学科", "呼吸内科"),
            ("普外科", "普通外科"),
            ("耳鼻喉科", "耳鼻咽喉科"),
            ("急诊科", "急诊医学科"),
            ("康复科", "康复医学科"),
            ("肾病学", "肾内科"),
        ] {
            let r = n.specialty(w).expect(w);
            assert_eq!(r.name, canonical, "{w}");
            assert_eq!(
                r.via,
                Via::Alias {
                    alias: w.to_string()
                },
                "{w}"
            );
            assert_eq!(r.written, w);
        }
        // Letter case and blanks do not count; the alias is named as the list writes it.
        let r = n.specialty(" icu ").expect("icu");
        assert_eq!(r.name, "重症医学科");
        assert_eq!(
            r.via,
            Via::Alias {
                alias: "ICU".into()
            }
        );
        // Two spellings of one name in one cell.
        let r = n.specialty("呼吸内科（呼吸与危重症医学科）").expect("both");
        assert_eq!((r.name.as_str(), r.via), ("呼吸内科", Via::Cleaned));
        assert_eq!(spec("重症医学科(ICU)").as_deref(), Some("重症医学科"));
        // A period in brackets is no part of the name; a number may be (two wards).
        let r = n.specialty("心内科（2024年上半年）").expect("period");
        assert_eq!(
            (r.name.as_str(), r.via),
            (
                "心血管内科",
                Via::Alias {
                    alias: "心内科".into()
                }
            )
        );
        assert_eq!(spec("心内科(2)").as_deref(), Some("心内科（2）"));
    }

    #[test]
    fn aliases_never_merge_distinct_specialties() {
        let distinct = [
            ["妇科", "产科", "妇产科"],
            ["肿瘤科", "肿瘤内科", "肿瘤外科"],
            ["胸外科", "心胸外科", "心脏大血管外科"],
            ["儿科", "新生儿科", "小儿外科"],
            ["骨科", "中医骨伤科", "蒙医骨伤科"],
            ["神经内科", "中医脑病科", "蒙医脑病科"],
            ["医学影像科", "放射科", "超声医学科"],
            ["口腔科", "口腔颌面外科", "五官科"],
            ["针灸科", "推拿科", "针灸推拿科"],
        ];
        for group in distinct {
            let resolved: Vec<String> = group.iter().map(|w| spec(w).expect(w)).collect();
            assert_eq!(resolved, group.map(str::to_string));
        }
        // Unplaceable spellings stay themselves rather than join a list entry.
        assert_eq!(spec("骨伤科").as_deref(), Some("骨伤科"));
        assert_eq!(spec("脑病科").as_deref(), Some("脑病科"));
    }

    #[test]
    fn year_over_year_links_two_spellings() {
        // 心内科 in 2023 and 心血管内科 in 2024 are one specialty.
        assert_eq!(spec("心内科"), spec("心血管内科"));
        // 北山县中医院（盖章） and 北山县中医院 are one hospital.
        assert_eq!(hosp("北山县中医院（盖章）"), hosp("北山县中医院"));
        let r = names().hospital("北山县中医院（盖章）").expect("hospital");
        assert_eq!(r.via, Via::Cleaned);
        assert_eq!(r.written, "北山县中医院（盖章）");
    }

    // ---- shapes

    #[test]
    fn specialty_shapes() {
        let n = names();
        let r = n.specialty("介入血管科").expect("shaped");
        assert_eq!((r.name.as_str(), r.via), ("介入血管科", Via::Exact));
        let r = n.specialty(" 介入血管科（盖章）").expect("shaped");
        assert_eq!((r.name.as_str(), r.via), ("介入血管科", Via::Cleaned));
        for w in [
            "临床营养专业",
            "心内科一病区",
            "综合病房",
            "导管室",
            "介入中心",
            "胸痛中心",
        ] {
            assert!(spec(w).is_some(), "{w}");
        }
        for w in [
            "附件2",
            "2024年上半年",
            "重点专科基本情况调查表",
            "南山县人民医院",
            "南山县人民医院心内科",
            "社区卫生服务中心",
            "北岭旗社区卫生服务中心",
            "科室",
            "专科",
            "重点专科",
            "卫生室",
            "北岭旗",
            "",
            "（盖章）",
            "眼科（南山县第四医院）",
            "新建 Microsoft Excel 工作表",
        ] {
            assert_eq!(spec(w), None, "{w}");
        }
    }

    #[test]
    fn hospital_shapes() {
        for w in [
            "南山县人民医院",
            "北岭旗蒙医医院",
            "北岭旗妇幼保健院",
            "北岭旗某某镇卫生院",
            "北岭旗社区卫生服务中心",
            "北岭旗医疗集团",
            "北岭旗急救中心",
            "人民医院",
            "北岭旗中医医院（北岭旗蒙医医院）",
        ] {
            assert_eq!(hosp(w).as_deref(), Some(clean(w).as_str()), "{w}");
        }
        for w in [
            "胸痛中心",
            "介入中心",
            "医院",
            "卫生院",
            "社区卫生服务中心",
            "北岭旗人民法院",
            "南山医学院",
            "心内科",
            "2024年北岭旗人民医院",
            "附件2",
            "眼科（南山县第四医院）",
            "北岭旗",
        ] {
            assert_eq!(hosp(w), None, "{w}");
        }
    }

    #[test]
    fn county_shapes() {
        for w in [
            "北岭旗",
            "南山县",
            "北山县",
            "南山市",
            "北岭区",
            "北岭盟",
            "北岭自治旗",
            "新市区",
        ] {
            assert_eq!(county(w).as_deref(), Some(w), "{w}");
        }
        for w in [
            "内蒙古自治区",
            "南山省",
            "旗县区",
            "所属旗县区",
            "县区",
            "心内科一病区",
            "南山县人民医院",
            "红旗",
            "县",
            "2024年",
            "北岭旗 人民医院",
            "东院区",
        ] {
            assert_eq!(county(w), None, "{w}");
        }
    }

    #[test]
    fn county_of_hospital() {
        let n = names();
        for (h, c) in [
            ("南山县人民医院", Some("南山县")),
            ("北岭旗蒙医医院", Some("北岭旗")),
            ("南山市第一人民医院", Some("南山市")),
            ("北山县中医院（盖章）", Some("北山县")),
            ("南山市北岭区人民医院", Some("北岭区")),
            ("南山省北岭县人民医院", Some("北岭县")),
            ("北岭自治旗人民医院", Some("北岭自治旗")),
            ("新市区人民医院", Some("新市区")),
            ("人民医院", None),
            ("县医院", None),
            ("市中心医院", None),
            ("红旗医院", None),
            ("2024年北岭旗人民医院", None),
            ("北岭旗", None),
            ("", None),
        ] {
            assert_eq!(n.county_of(h).as_deref(), c, "{h}");
        }
    }

    // ---- the user's names file

    #[test]
    fn user_file_merges_over_builtin() {
        let n = Names::from_toml(
            "[专科]\n康复医学科 = [\"康复理疗科\"]\n妇科 = [\"妇产科\"]\n心内科 = \"心内一科\"\n\
             [医院]\n北岭旗人民医院 = [\"北岭旗医院\", \"北岭旗第一人民医院\"]\n\
             [旗县区]\n北岭旗 = [\"北岭\"]\n",
        )
        .expect("valid");
        let r = n.specialty("康复理疗科").expect("user alias");
        assert_eq!(r.name, "康复医学科");
        assert_eq!(
            r.via,
            Via::UserAlias {
                alias: "康复理疗科".into()
            }
        );
        // Built-in spellings still work.
        assert_eq!(
            n.specialty("康复科").map(|r| r.name).as_deref(),
            Some("康复医学科")
        );
        // The file joins two built-in names, and the built-in spellings follow.
        assert_eq!(
            n.specialty("妇产科").map(|r| r.name).as_deref(),
            Some("妇科")
        );
        let r = n.specialty("妇产").expect("follows");
        assert_eq!(
            (r.name.as_str(), r.via),
            (
                "妇科",
                Via::UserAlias {
                    alias: "妇产".into()
                }
            )
        );
        // The file splits a built-in alias off.
        assert_eq!(
            n.specialty("心内科").map(|r| r.name).as_deref(),
            Some("心内科")
        );
        assert_eq!(
            n.specialty("心内一科").map(|r| r.name).as_deref(),
            Some("心内科")
        );
        assert_eq!(
            n.specialty("心血管科").map(|r| r.name).as_deref(),
            Some("心血管内科")
        );
        // Hospitals and counties.
        let r = n.hospital("北岭旗第一人民医院").expect("renamed");
        assert_eq!(
            (r.name.as_str(), r.via),
            (
                "北岭旗人民医院",
                Via::UserAlias {
                    alias: "北岭旗第一人民医院".into()
                }
            )
        );
        assert_eq!(
            n.hospital("北岭旗人民医院").map(|r| r.via),
            Some(Via::Exact)
        );
        assert_eq!(n.county("北岭").map(|r| r.name).as_deref(), Some("北岭旗"));
        assert_eq!(n.county_of("北岭医院").as_deref(), Some("北岭"));
        // A spelling the file gives one kind is not another kind.
        assert!(n.specialty("北岭旗医院").is_none());
    }

    #[test]
    fn user_file_english_sections_and_quoted_keys() {
        let n = Names::from_toml(
            "[specialty]\n\"康复医学科\" = [\"康复理疗科\"]\n[\"hospital\"]\n\
             \"北岭旗人民医院\" = [\"北岭旗医院\"] # 改名\n[county]\n",
        )
        .expect("valid");
        assert_eq!(
            n.specialty("康复理疗科").map(|r| r.name).as_deref(),
            Some("康复医学科")
        );
        assert_eq!(
            n.hospital("北岭旗医院").map(|r| r.name).as_deref(),
            Some("北岭旗人民医院")
        );
    }

    #[test]
    fn user_file_conflicts_name_the_key() {
        let err = Names::from_toml("[专科]\n神经内科 = [\"神内科\"]\n老年医学科 = [\"神内科\"]\n")
            .expect_err("conflict");
        match &err {
            NamesError::Invalid { key, zh, en } => {
                assert_eq!(key, "专科.老年医学科");
                assert!(zh.contains("神内科") && en.contains("神内科"), "{zh} {en}");
            }
            e => panic!("{e:?}"),
        }
        // A spelling in two sections.
        let err = Names::from_toml(
            "[医院]\n北岭旗急救中心 = []\n[专科]\n卒中中心 = [\"北岭旗急救中心\"]\n",
        )
        .expect_err("conflict");
        let e = err.to_string();
        assert!(
            e.contains("北岭旗急救中心") && e.contains("卒中中心"),
            "{e}"
        );
        // A name that is another's alias in the same file.
        let err =
            Names::from_toml("[专科]\n甲科 = [\"乙科\"]\n乙科 = [\"丙科\"]\n").expect_err("chain");
        assert!(err.to_string().contains("乙科"), "{err}");
        // Unknown sections, bad values and bad TOML.
        let err = Names::from_toml("[科室]\n骨科 = []\n").expect_err("section");
        assert!(
            matches!(&err, NamesError::Invalid { key, .. } if key == "科室"),
            "{err}"
        );
        let err = Names::from_toml("[专科]\n骨科 = 3\n").expect_err("value");
        assert!(err.to_string().contains("专科.骨科"), "{err}");
        let err = Names::from_toml("[专科]\n骨科 = [\"（盖章）\"]\n").expect_err("empty");
        assert!(err.to_string().contains("专科.骨科"), "{err}");
        assert!(matches!(
            Names::from_toml("[专科\n"),
            Err(NamesError::Syntax(_))
        ));
        assert!(matches!(
            Names::from_toml("骨科 = 1\n"),
            Err(NamesError::Invalid { .. })
        ));
    }

    #[test]
    fn template_parses_and_its_examples_work() {
        let t = Names::template_toml();
        assert_eq!(Names::from_toml(&t).expect("template"), names());
        // `# 名称 = [...]`: a commented-out example.
        let example = |l: &str| {
            l.strip_prefix("# ")
                .and_then(|r| r.split_once(" = ["))
                .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(is_han))
        };
        // Chinese first, a line of English after each comment.
        let lines: Vec<&str> = t.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let is_zh = l.starts_with("# ") && l.chars().nth(2).is_some_and(is_han);
            if is_zh && !example(l) {
                let next = lines.get(i + 1).copied().unwrap_or("");
                assert!(
                    next.starts_with("# ")
                        && next.chars().nth(2).is_some_and(|c| c.is_ascii_alphabetic()),
                    "{l}"
                );
            }
        }
        for section in ["[专科]", "[医院]", "[旗县区]"] {
            assert!(t.contains(section), "{section}");
        }
        // Uncommented, each section's example is used.
        let on: String = t
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if example(l) => format!("{rest}\n"),
                _ => format!("{l}\n"),
            })
            .collect();
        let n = Names::from_toml(&on).expect("examples");
        assert_eq!(
            n.specialty("康复理疗科").map(|r| r.name).as_deref(),
            Some("康复医学科")
        );
        assert_eq!(
            n.hospital("北岭旗医院").map(|r| r.name).as_deref(),
            Some("北岭旗人民医院")
        );
        assert_eq!(n.county("北岭").map(|r| r.name).as_deref(), Some("北岭旗"));
    }

    // ---- file names and folders: the cases that went wrong

    #[test]
    fn path_attachment_name_guesses_nothing() {
        let g = guess("附件2_重点专科基本情况调查表", &[]);
        assert_eq!(g, UnitGuess::default());
    }

    #[test]
    fn path_hospital_specialty_period() {
        let g = guess("南山县人民医院_心内科_2024年上半年", &[]);
        assert_eq!(
            values(&g),
            (Some("南山县"), Some("南山县人民医院"), Some("心内科"))
        );
        assert_eq!(
            g.county.as_ref().map(|c| &c.from),
            Some(&From::HospitalName)
        );
        assert_eq!(
            g.specialty.as_ref().map(|c| &c.from),
            Some(&token("心内科"))
        );
        assert_eq!(spec("心内科").as_deref(), Some("心血管内科"));
        assert!(g.ambiguous.is_empty());
    }

    #[test]
    fn path_specialty_before_hospital() {
        let g = guess("心内科_南山县人民医院", &[]);
        assert_eq!(
            values(&g),
            (Some("南山县"), Some("南山县人民医院"), Some("心内科"))
        );
    }

    #[test]
    fn path_dash_separated() {
        let g = guess("南山县第五医院-骨科", &[]);
        assert_eq!(
            values(&g),
            (Some("南山县"), Some("南山县第五医院"), Some("骨科"))
        );
    }

    #[test]
    fn path_hospital_in_brackets() {
        let g = guess("眼科（南山县第四医院）", &[]);
        assert_eq!(
            values(&g),
            (Some("南山县"), Some("南山县第四医院"), Some("眼科"))
        );
    }

    #[test]
    fn path_stamp_note_is_not_part_of_the_name() {
        let g = guess("北山县中医院（盖章）", &[]);
        assert_eq!(values(&g), (Some("北山县"), Some("北山县中医院"), None));
        let g = guess("北山县中医院盖章_骨科", &[]);
        assert_eq!(
            values(&g),
            (Some("北山县"), Some("北山县中医院"), Some("骨科"))
        );
        assert_eq!(g.hospital.map(|h| h.from), Some(token("北山县中医院盖章")));
    }

    #[test]
    fn path_hospital_and_specialty() {
        let g = guess("北岭旗人民医院_心血管内科", &[]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗人民医院"), Some("心血管内科"))
        );
        assert_eq!(
            g.hospital.as_ref().map(|c| &c.from),
            Some(&token("北岭旗人民医院"))
        );
        assert_eq!(
            g.county.as_ref().map(|c| &c.from),
            Some(&From::HospitalName)
        );
    }

    #[test]
    fn path_county_hospital_and_specialty() {
        let g = guess("北岭旗_北岭旗人民医院_心血管内科", &[]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗人民医院"), Some("心血管内科"))
        );
        assert_eq!(g.county.as_ref().map(|c| &c.from), Some(&token("北岭旗")));
        assert!(g.ambiguous.is_empty());
    }

    #[test]
    fn path_specialty_only() {
        let g = guess("心血管内科", &[]);
        assert_eq!(values(&g), (None, None, Some("心血管内科")));
        assert!(g.ambiguous.is_empty());
    }

    #[test]
    fn path_hospital_only() {
        let g = guess("北岭旗人民医院", &[]);
        assert_eq!(values(&g), (Some("北岭旗"), Some("北岭旗人民医院"), None));
    }

    #[test]
    fn path_dashes_and_month_range() {
        let g = guess("重症医学科-北岭旗中医医院-2024年1-6月", &[]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗中医医院"), Some("重症医学科"))
        );
        assert!(g.ambiguous.is_empty());
    }

    #[test]
    fn path_spaces_and_period_first() {
        let g = guess("2024年上半年 北岭旗蒙医医院 肿瘤科", &[]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗蒙医医院"), Some("肿瘤科"))
        );
    }

    #[test]
    fn path_attachment_with_unit_in_brackets() {
        let g = guess("附件2 重点专科基本情况调查表（北岭旗妇幼保健院 儿科）", &[]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗妇幼保健院"), Some("儿科"))
        );
    }

    #[test]
    fn path_new_excel_sheet_guesses_nothing() {
        assert_eq!(
            guess("新建 Microsoft Excel 工作表", &[]),
            UnitGuess::default()
        );
        assert_eq!(guess("工作簿1 - 副本 (2)", &[]), UnitGuess::default());
        assert_eq!(guess("最终版_v2_2024.06.30", &[]), UnitGuess::default());
    }

    #[test]
    fn path_folders_fill_county_and_hospital() {
        let g = guess("骨科", &["北岭旗", "北岭旗中医医院"]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗中医医院"), Some("骨科"))
        );
        assert_eq!(
            g.county.as_ref().map(|c| &c.from),
            Some(&From::Folder {
                name: "北岭旗".into()
            })
        );
        assert_eq!(
            g.hospital.as_ref().map(|c| &c.from),
            Some(&From::Folder {
                name: "北岭旗中医医院".into()
            })
        );
        assert!(g.ambiguous.is_empty());
        // Folders that say nothing are passed over; the file name comes first.
        let g = guess(
            "北岭旗中医医院_骨科",
            &["2024年上半年重点专科", "收到的表格", "北岭旗中医医院"],
        );
        assert_eq!(
            g.hospital.as_ref().map(|c| &c.from),
            Some(&token("北岭旗中医医院"))
        );
        assert!(g.ambiguous.is_empty());
    }

    #[test]
    fn path_two_hospitals_are_ambiguous() {
        let g = guess("北岭旗人民医院_南山县人民医院_骨科", &[]);
        assert_eq!(values(&g), (None, None, Some("骨科")));
        assert_eq!(g.ambiguous.len(), 1, "{:?}", g.ambiguous);
        assert!(
            g.ambiguous[0].contains("北岭旗人民医院") && g.ambiguous[0].contains("南山县人民医院")
        );
        // Two spellings of one specialty are one specialty.
        let g = guess("北岭旗人民医院_呼吸科_呼吸与危重症医学科", &[]);
        assert_eq!(values(&g).2, Some("呼吸科"));
        assert!(g.ambiguous.is_empty());
        // Two specialties.
        let g = guess("北岭旗人民医院_骨科_眼科", &[]);
        assert_eq!(values(&g), (Some("北岭旗"), Some("北岭旗人民医院"), None));
        assert_eq!(g.ambiguous.len(), 1);
    }

    #[test]
    fn path_token_that_could_be_either_is_ambiguous() {
        let g = guess("北岭旗介入中心", &[]);
        assert_eq!(values(&g), (None, None, None));
        assert_eq!(g.ambiguous.len(), 2, "{:?}", g.ambiguous);
        assert!(g.ambiguous.iter().all(|a| a.contains("北岭旗介入中心")));
        // Without a county in front, a centre is a specialty.
        let g = guess("北岭旗人民医院_介入中心", &[]);
        assert_eq!(values(&g).2, Some("介入中心"));
    }

    #[test]
    fn path_folder_disagreeing_with_file_name() {
        let g = guess("北岭旗中医医院_骨科", &["北岭旗人民医院"]);
        assert_eq!(values(&g).1, None);
        assert_eq!(g.ambiguous.len(), 1, "{:?}", g.ambiguous);
        // The county folder against the hospital's own name.
        let g = guess("南山县人民医院_骨科", &["北岭旗"]);
        assert_eq!(values(&g), (None, Some("南山县人民医院"), Some("骨科")));
        assert!(g.ambiguous[0].contains("南山县"), "{:?}", g.ambiguous);
        // A city folder over a hospital of one of its counties agrees.
        let g = guess("南山市北岭区人民医院_骨科", &["南山市"]);
        assert_eq!(values(&g).0, Some("南山市"));
        assert!(g.ambiguous.is_empty(), "{:?}", g.ambiguous);
    }

    #[test]
    fn path_period_written_onto_a_name() {
        let g = guess("北岭旗人民医院心血管内科2024年上半年", &[]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗人民医院"), Some("心血管内科"))
        );
        let g = guess("2024年北岭旗人民医院_骨科", &[]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗人民医院"), Some("骨科"))
        );
        assert_eq!(
            g.hospital.map(|h| h.from),
            Some(token("2024年北岭旗人民医院"))
        );
        // Only a whole period is taken off: 上都县 keeps its 上.
        let g = guess("2024年上都县人民医院", &[]);
        assert_eq!(values(&g).1, Some("上都县人民医院"));
    }

    #[test]
    fn path_hospital_and_specialty_in_one_token() {
        let g = guess("北岭旗人民医院心内科", &[]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗人民医院"), Some("心内科"))
        );
        let g = guess("北岭旗人民医院胸痛中心", &[]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗人民医院"), Some("胸痛中心"))
        );
        let g = guess("北岭旗中医院骨伤科(1)", &[]);
        assert_eq!(
            values(&g),
            (Some("北岭旗"), Some("北岭旗中医院"), Some("骨伤科"))
        );
    }

    #[test]
    fn path_uses_the_user_file() {
        let n = Names::from_toml(
            "[医院]\n北岭旗人民医院 = [\"北岭医院\"]\n[旗县区]\n北岭旗 = [\"北岭\"]\n",
        )
        .expect("valid");
        let g = n.from_path("北岭_北岭医院_心内科", &[]);
        assert_eq!(values(&g), (Some("北岭"), Some("北岭医院"), Some("心内科")));
        assert!(g.ambiguous.is_empty(), "{:?}", g.ambiguous);
        assert_eq!(
            n.hospital("北岭医院").map(|r| r.name).as_deref(),
            Some("北岭旗人民医院")
        );
    }

    #[test]
    fn bare_chinese_keys_are_quoted() {
        assert_eq!(
            quote_bare_keys("[专科]\n  心血管内科 = [\"心内科\"] # x\n\"骨科\" = []\na = 1\n"),
            "[\"专科\"]\n  \"心血管内科\" = [\"心内科\"] # x\n\"骨科\" = []\na = 1\n"
        );
        // Inside a multi-line string nothing changes.
        let s = "a = \"\"\"\n心内科 = 1\n\"\"\"\n";
        assert_eq!(quote_bare_keys(s), s);
    }

    // ---- any text

    fn name_chars() -> impl proptest::strategy::Strategy<Value = String> {
        let chars: Vec<char> = "北岭旗县区市盟省自治人民医院卫生中心科内外心骨盖章（）()【】-_ 、2024年月上半附件表调查重点专科病室诊所"
            .chars()
            .collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..40)
            .prop_map(|v| v.into_iter().collect())
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_is_handled(s in ".*", t in name_chars(), folders in proptest::collection::vec(name_chars(), 0..4)) {
            let n = names();
            for x in [&s, &t] {
                let c = clean(x);
                prop_assert_eq!(clean(&c), c.clone(), "clean is idempotent on {:?}", x);
                prop_assert!(!c.chars().any(is_invisible));
                for r in [n.specialty(x), n.hospital(x), n.county(x)].into_iter().flatten() {
                    prop_assert!(!r.name.is_empty());
                    prop_assert_eq!(clean(&r.name), r.name.clone());
                }
                if let Some(k) = n.county_of(x) {
                    prop_assert!(n.county(&k).is_some(), "county_of({:?}) = {:?}", x, k);
                }
                let g1 = n.from_path(x, &folders);
                prop_assert_eq!(&g1, &n.from_path(x, &folders));
                // Every guess resolves as its kind.
                if let Some(c) = &g1.county { prop_assert!(n.county(&c.value).is_some(), "{:?}", g1); }
                if let Some(h) = &g1.hospital { prop_assert!(n.hospital(&h.value).is_some(), "{:?}", g1); }
                if let Some(s) = &g1.specialty { prop_assert!(n.specialty(&s.value).is_some(), "{:?}", g1); }
                for v in [&g1.county, &g1.hospital, &g1.specialty].into_iter().flatten() {
                    prop_assert_eq!(clean(&v.value), v.value.clone());
                }
            }
            let _ = Names::from_toml(&s);
            let _ = Names::from_toml(&t);
        }
    }
}
