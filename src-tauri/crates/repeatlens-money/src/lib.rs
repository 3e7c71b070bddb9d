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

#[cfg(test)]
mod tests {
    use super::*;

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
