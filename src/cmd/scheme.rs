//! `assess scheme`: the default scheme as a commented TOML file.

use super::{emit, Outcome};
use crate::cli::SchemeArgs;
use anyhow::Result;

pub fn run(args: &SchemeArgs) -> Result<Outcome> {
    let text = assess::scheme::Scheme::default().to_toml();
    emit(args.output.as_deref(), text.as_bytes(), &[])?;
    if let Some(p) = &args.output {
        eprintln!(
            "wrote the scoring scheme to {}; edit it and pass it with --scheme",
            p.display()
        );
    }
    Ok(Outcome::Clean)
}
