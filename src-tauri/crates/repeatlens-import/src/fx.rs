//! The European Central Bank's daily reference rates (`eurofxref-hist.csv`): one row per
//! publishing day, newest first, `Date,USD,JPY,…` with `N/A` where a currency was not quoted and a
//! trailing comma on every line. Source: European Central Bank.

use repeatlens_store::FxRate;

use crate::{Expected, ImportError};

/// Parses the ECB history file's text into rates (1 EUR = `per_eur` units), skipping `N/A`.
pub fn parse_ecb_history(file: &str, text: &str) -> Result<Vec<FxRate>, ImportError> {
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = match lines.next() {
        Some((_, h)) => h
            .trim_start_matches('\u{feff}')
            .split(',')
            .map(str::trim)
            .collect(),
        None => return Err(ImportError::Empty { file: file.into() }),
    };
    if header.first().copied() != Some("Date") {
        return Err(ImportError::NotEcbFile { file: file.into() });
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let day = cells[0];
        let valid_day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok();
        if !valid_day {
            return Err(ImportError::Row {
                file: file.into(),
                line: i as u64 + 1,
                column: "Date".into(),
                value: day.into(),
                expected: Expected::IsoDay,
            });
        }
        for (currency, cell) in header.iter().zip(&cells).skip(1) {
            if currency.is_empty() || cell.is_empty() || *cell == "N/A" {
                continue;
            }
            let per_eur: f64 = cell.parse().map_err(|_| ImportError::Row {
                file: file.into(),
                line: i as u64 + 1,
                column: (*currency).into(),
                value: (*cell).into(),
                expected: Expected::Rate,
            })?;
            out.push(FxRate {
                day: day.to_string(),
                currency: (*currency).to_string(),
                per_eur,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecb_rows_with_na_and_trailing_commas() {
        let text =
            "Date,USD,JPY,CYP,\n2024-03-28,1.0811,163.67,N/A,\n2024-03-27,1.0823,164.09,N/A,\n";
        let r = parse_ecb_history("f", text).unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(
            r[0],
            FxRate {
                day: "2024-03-28".into(),
                currency: "USD".into(),
                per_eur: 1.0811
            }
        );
        let bad = parse_ecb_history("f", "Date,USD,\n2024-03-28,abc,\n")
            .unwrap_err()
            .to_string();
        assert!(bad.contains("line 2, column 'USD': 'abc'"), "{bad}");
    }
}
