//! Money as RepeatLens stores it: integer minor units of an ISO 4217 currency, unit prices in
//! integer millionths of the major unit.
//!
//! Why a crate of its own: the importer (parsing amounts into minor units), the analytics
//! (converting and reporting them), the CLI and the app shell (showing them) must agree on how
//! many minor units a major unit has. Each used to carry its own copy of the table, and copies
//! drift (a UI copy had HUF as 0 digits; ISO 4217 says 2). This is the one table, with no
//! dependencies, so every crate can use it.
//!
//! The table is the importer's (`repeatlens-import`'s `values::minor_exponent` before it moved
//! here), which follows ISO 4217's minor units for the currencies listed; any other code —
//! including codes ISO 4217 does not know — is taken as 2 digits, the common case.
#![warn(missing_docs)]

/// Millionths per major unit: unit prices are stored as integer millionths.
pub const MICROS_PER_MAJOR: i64 = 1_000_000;

/// Digits after the decimal point in a currency's minor unit (ISO 4217): JPY 0, USD 2, BHD 3;
/// 2 for any code not listed.
pub fn minor_exponent(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// Minor units per major unit, as a float: 1, 100 or 1000.
pub fn scale(currency: &str) -> f64 {
    match minor_exponent(currency) {
        0 => 1.0,
        3 => 1000.0,
        _ => 100.0,
    }
}

/// Minor units as an amount in the major unit (1250 USD → 12.5).
pub fn to_major(minor: i64, currency: &str) -> f64 {
    minor as f64 / scale(currency)
}

/// An amount in the major unit as minor units, rounded half away from zero (12.345 USD → 1235).
pub fn from_major(major: f64, currency: &str) -> i64 {
    (major * scale(currency)).round() as i64
}

/// Millionths of the major unit in one minor unit (USD 10,000; JPY 1,000,000; BHD 1,000).
pub fn micros_per_minor(currency: &str) -> i64 {
    10_i64.pow(6 - minor_exponent(currency))
}

/// Millionths of a major unit → minor units, rounded half away from zero (exact integers).
pub fn micros_to_minor(micros: i128, currency: &str) -> i64 {
    let div = i128::from(micros_per_minor(currency));
    let q = micros / div;
    let r = micros % div;
    let rounded = if r.abs() * 2 >= div {
        q + micros.signum()
    } else {
        q
    };
    rounded as i64
}

/// Whether `s` is a currency code as stored: exactly three ASCII upper-case letters.
pub fn is_currency_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// A currency code as typed (`" usd "`) → as stored (`"USD"`); `None` unless three letters.
pub fn parse_currency_code(s: &str) -> Option<String> {
    let c = s.trim().to_ascii_uppercase();
    is_currency_code(&c).then_some(c)
}

/// A plain decimal as APIs send money (`"12.50"`, `"-5"`, `"0.125"`) → millionths of the major
/// unit, exactly. Strict: an optional `-`, digits, optionally `.` and up to six digits; no
/// thousands separators, symbols or spaces (an API string that is anything else is a bug to
/// report, not a format to guess). `None` otherwise.
pub fn parse_decimal_micros(s: &str) -> Option<i64> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty()
        || frac.len() > 6
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (body.contains('.') && frac.is_empty())
    {
        return None;
    }
    let whole: i64 = int.parse().ok()?;
    let mut micros = whole.checked_mul(MICROS_PER_MAJOR)?;
    if !frac.is_empty() {
        let digits: i64 = frac.parse().ok()?;
        micros = micros.checked_add(digits * 10_i64.pow(6 - frac.len() as u32))?;
    }
    Some(if negative { -micros } else { micros })
}

/// A plain decimal amount in `currency` ([`parse_decimal_micros`]) → minor units, rounded half
/// away from zero when it has more digits than the currency (`"12.345"` USD → 1235).
pub fn parse_decimal_minor(s: &str, currency: &str) -> Option<i64> {
    parse_decimal_micros(s).map(|m| micros_to_minor(i128::from(m), currency))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_decimals_parse_exactly_and_strictly() {
        assert_eq!(parse_decimal_micros("12.50"), Some(12_500_000));
        assert_eq!(parse_decimal_micros("-5.00"), Some(-5_000_000));
        assert_eq!(parse_decimal_micros("0.000001"), Some(1));
        assert_eq!(parse_decimal_micros("1200"), Some(1_200_000_000));
        for bad in [
            "",
            "-",
            "1,200.00",
            "12.",
            ".5",
            "1.2345678",
            "£3",
            " 1",
            "1e3",
        ] {
            assert_eq!(parse_decimal_micros(bad), None, "{bad:?}");
        }
        assert_eq!(parse_decimal_minor("19.99", "USD"), Some(1999));
        assert_eq!(parse_decimal_minor("1200", "JPY"), Some(1200));
        assert_eq!(parse_decimal_minor("12.345", "USD"), Some(1235));
        assert_eq!(parse_decimal_minor("1.234", "BHD"), Some(1234));
        // 0.1 + 0.2 in floats is 0.30000000000000004; here it is exact.
        assert_eq!(
            parse_decimal_micros("0.1").unwrap() + parse_decimal_micros("0.2").unwrap(),
            parse_decimal_micros("0.3").unwrap()
        );
    }

    #[test]
    fn exponents_follow_iso_4217() {
        assert_eq!(minor_exponent("JPY"), 0);
        assert_eq!(minor_exponent("KRW"), 0);
        assert_eq!(minor_exponent("USD"), 2);
        assert_eq!(minor_exponent("GBP"), 2);
        // ISO 4217 gives the forint 2 minor digits (even though coins below 5 are gone).
        assert_eq!(minor_exponent("HUF"), 2);
        assert_eq!(minor_exponent("BHD"), 3);
        assert_eq!(minor_exponent("KWD"), 3);
        // Unknown codes are documented as 2.
        assert_eq!(minor_exponent("XYZ"), 2);
        assert_eq!(minor_exponent(""), 2);
    }

    #[test]
    fn minor_and_major() {
        assert_eq!(scale("JPY"), 1.0);
        assert_eq!(scale("USD"), 100.0);
        assert_eq!(scale("BHD"), 1000.0);
        assert_eq!(to_major(1250, "USD"), 12.5);
        assert_eq!(to_major(1250, "JPY"), 1250.0);
        assert_eq!(to_major(-1250, "BHD"), -1.25);
        assert_eq!(from_major(12.345, "BHD"), 12_345);
        assert_eq!(from_major(-0.5, "JPY"), -1);
        assert_eq!(from_major(19.99, "USD"), 1999);
        // The same float operations as `x / 10f64.powi(exp)`, so results are bit-identical.
        for c in ["JPY", "USD", "BHD", "HUF"] {
            let old = 891_140_790_f64 / 10f64.powi(minor_exponent(c) as i32);
            assert_eq!(to_major(891_140_790, c).to_bits(), old.to_bits());
        }
    }

    #[test]
    fn millionths_round_half_away_from_zero() {
        assert_eq!(micros_per_minor("USD"), 10_000);
        assert_eq!(micros_per_minor("JPY"), 1_000_000);
        assert_eq!(micros_per_minor("BHD"), 1_000);
        assert_eq!(micros_to_minor(2_555_000, "GBP"), 256);
        assert_eq!(micros_to_minor(-2_555_000, "GBP"), -256);
        assert_eq!(micros_to_minor(2_554_999, "GBP"), 255);
        assert_eq!(micros_to_minor(1_500_000_000, "JPY"), 1500);
        assert_eq!(micros_to_minor(500_000, "JPY"), 1);
        assert_eq!(micros_to_minor(1_234_500, "BHD"), 1235);
    }

    #[test]
    fn currency_codes() {
        assert!(is_currency_code("USD"));
        assert!(!is_currency_code("usd"));
        assert!(!is_currency_code("US"));
        assert!(!is_currency_code("US1"));
        assert!(!is_currency_code("USDX"));
        assert_eq!(parse_currency_code(" cny "), Some("CNY".into()));
        assert_eq!(parse_currency_code("€"), None);
        assert_eq!(parse_currency_code("dollars"), None);
    }
}
