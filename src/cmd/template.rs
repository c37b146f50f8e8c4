//! `assess template`: the fillable form.

use super::{parse_period, Outcome};
use crate::cli::TemplateArgs;
use anyhow::{bail, Result};
use assess::output::template::{self, TemplateOptions};
use assess::period::Period;

pub fn run(args: &TemplateArgs) -> Result<Outcome> {
    super::require_xlsx(&args.output, "template")?;
    if args.output.exists() && !args.force {
        bail!(
            "{} exists; add --force to replace it, or choose another name",
            args.output.display()
        );
    }
    let periods: Vec<String> = if args.periods.is_empty() {
        default_periods(today())
            .iter()
            .map(|p| p.to_string())
            .collect()
    } else {
        let mut seen = Vec::new();
        for p in &args.periods {
            let parsed = parse_period(p.trim())?;
            if seen.contains(&parsed) {
                bail!("the period {} is given twice", parsed);
            }
            seen.push(parsed);
        }
        args.periods.iter().map(|p| p.trim().to_string()).collect()
    };
    let bytes = template::write(&TemplateOptions {
        periods,
        county: args.county.clone(),
        hospital: args.hospital.clone(),
        specialty: args.specialty.clone(),
        password: args.password.clone(),
    })?;
    assess::output::write_atomic(&args.output, &bytes, &[])?;
    eprintln!("wrote the survey form to {}", args.output.display());
    Ok(Outcome::Clean)
}

/// The last half-year that has ended, and the same half a year earlier.
pub fn default_periods((year, month): (u16, u8)) -> [Period; 2] {
    let last = if month >= 7 {
        Period {
            year,
            from: 1,
            to: 6,
        }
    } else {
        Period {
            year: year - 1,
            from: 7,
            to: 12,
        }
    };
    [last.year_before(), last]
}

/// Today's year and month (UTC), from the system clock.
fn today() -> (u16, u8) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as u16, month as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_periods_are_the_last_ended_half_year() {
        let p = |y, m| default_periods((y, m)).map(|p| p.to_string());
        assert_eq!(p(2026, 11), ["2025年1-6月", "2026年1-6月"]);
        assert_eq!(p(2026, 3), ["2024年7-12月", "2025年7-12月"]);
        let (y, m) = today();
        assert!(y >= 2024 && (1..=12).contains(&m));
    }
}
