//! Terminal tables (comfy-table), sized to the terminal and measuring Chinese as two columns.

use comfy_table::{presets, ContentArrangement, Table};

/// A table with the house style, as wide as the terminal (80 columns when not a terminal,
/// or `COLUMNS` when set).
pub fn new_table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| t.width())
        .unwrap_or(80);
    t.set_width(width);
    t
}
