//! The README is part of the contract: its rule table is the rule list, its extract columns are
//! extract's header, its validate keys are validate's JSON keys, and the two commands at its top
//! are the ones CI and a newcomer run.

mod common;
use common::*;

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// `| `id` | severity | …` rows of the README's rule table.
fn readme_rules(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            match cells.as_slice() {
                ["", id, sev, _, ""] if matches!(*sev, "error" | "warning") => {
                    Some((id.trim_matches('`').to_string(), sev.to_string()))
                }
                _ => None,
            }
        })
        .collect()
}

#[test]
fn the_readme_lists_every_rule_with_its_severity_and_no_other() {
    let listed = readme_rules(&readme());
    let rules = assess::diag::Rule::ALL;
    assert_eq!(listed.len(), rules.len(), "{listed:?}");
    for r in rules {
        let sev = r.severity().as_str();
        assert!(
            listed.iter().any(|(id, s)| id == r.id() && s == sev),
            "{} ({sev}) is not in the README's rule table",
            r.id()
        );
    }
}

#[test]
fn the_readme_gives_extracts_columns_and_validates_keys() {
    let text = readme();
    let header = stdout_of(assess().args(["extract", "fixtures/submissions/standard-form.xlsx"]));
    let header = header
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}');
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!("`{}`", header.replace(',', ", "))),
        "README does not list extract's columns: {header}"
    );
    let json = json_of(assess().args([
        "validate",
        "fixtures/broken/data-errors.xlsx",
        "--format",
        "json",
    ]));
    for key in json[0].as_object().unwrap().keys() {
        assert!(
            text.contains(&format!("| `{key}` |")),
            "README lacks validate's key {key}"
        );
    }
}

#[test]
fn the_readme_starts_with_the_two_commands_a_newcomer_runs() {
    let text = readme();
    let top: String = text.lines().take(15).collect::<Vec<_>>().join("\n");
    assert!(top.contains("cargo run --release -- report fixtures/submissions -o 排名.xlsx"));
    assert!(top.contains("cargo test"));
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.contains("cargo test"),
        "CI runs the README's test command"
    );
    for pic in ["docs/ranking.png", "docs/charts.png", "docs/feedback.png"] {
        assert!(text.contains(pic) && root().join(pic).exists(), "{pic}");
    }
}
