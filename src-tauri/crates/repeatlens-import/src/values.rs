//! Cell values: dates and times in the forms sellers' files use, decimal money, currencies.
//! Each parser returns what it expected on failure, so the caller can say file, line and column.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// How to read `01/02/2024`: the order of day, month and year in slash/dot/dash dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Year-first dates are always read as Y/m/d; for others, the file is scanned and the order
    /// chosen from any date whose first or second part is over 12.
    Auto,
    /// Day first: 01/02/2024 is 1 February.
    Dmy,
    /// Month first: 01/02/2024 is 2 January.
    Mdy,
    /// Year first.
    Ymd,
}

impl std::str::FromStr for DateOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().replace(['/', '-', '.'], "").as_str() {
            "auto" => Ok(Self::Auto),
            "dmy" => Ok(Self::Dmy),
            "mdy" => Ok(Self::Mdy),
            "ymd" | "iso" => Ok(Self::Ymd),
            _ => Err(format!(
                "unknown date format '{s}': use dmy (31/12/2024), mdy (12/31/2024), ymd (2024/12/31) or auto"
            )),
        }
    }
}

/// What a date cell must look like, for error messages.
pub const DATE_EXPECTED: &str = "a date such as 2024-03-31 14:05, 2024-03-31T14:05:00+08:00, \
     31/03/2024 or 03/31/2024 (set --date-format dmy|mdy|ymd for day/month order)";

/// For `Auto`: what a numeric date says about its day/month order, if anything.
pub fn order_hint(s: &str) -> Option<DateOrder> {
    let (a, b, _) = split_date_parts(s.trim().split([' ', 'T']).next()?)?;
    if a.len() == 4 {
        return Some(DateOrder::Ymd);
    }
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    if a > 12 && b <= 12 {
        Some(DateOrder::Dmy)
    } else if b > 12 && a <= 12 {
        Some(DateOrder::Mdy)
    } else {
        None
    }
}

fn split_date_parts(d: &str) -> Option<(&str, &str, &str)> {
    let sep = d.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut it = d.split(sep);
    let (a, b, c) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some()
        || [a, b, c]
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|x| x.is_ascii_digit()))
    {
        return None;
    }
    Some((a, b, c))
}

/// Parses a date/time cell to UTC Unix seconds. A time with an offset (`Z`, `+08:00`, `-0500`)
/// keeps it; a zone-less time is taken in `tz`.
pub fn parse_datetime(s: &str, order: DateOrder, tz: Tz) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // Only strings that can carry an offset go through the (slower) offset-aware parsers.
    let may_have_offset = s.len() > 16 && (s.ends_with('Z') || s[16..].contains(['+', '-']));
    if may_have_offset {
        if let Some(t) = parse_with_offset(s) {
            return Some(t);
        }
    }
    let s = s
        .strip_suffix(" UTC")
        .or_else(|| s.strip_suffix('Z'))
        .map_or(s, str::trim);
    let naive = parse_naive(s, order)?;
    Some(match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(first, _) => first.timestamp(),
        // A wall-clock time skipped by a DST change: read it as the hour after.
        LocalResult::None => tz
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()?
            .timestamp(),
    })
}

fn parse_with_offset(s: &str) -> Option<i64> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.timestamp());
    }
    for f in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, f) {
            return Some(dt.timestamp());
        }
    }
    None
}

fn parse_naive(s: &str, order: DateOrder) -> Option<NaiveDateTime> {
    let (date_part, time_part) = match s.find([' ', 'T']) {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    };
    let (a, b, c) = split_date_parts(date_part)?;
    let (y, m, d) = if a.len() == 4 {
        (a, b, c)
    } else {
        match order {
            DateOrder::Dmy | DateOrder::Auto => (c, b, a),
            DateOrder::Mdy => (c, a, b),
            DateOrder::Ymd => return None,
        }
    };
    let mut year: i32 = y.parse().ok()?;
    if y.len() == 2 {
        year += 2000;
    } else if y.len() != 4 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)?;
    let time = if time_part.is_empty() {
        NaiveTime::MIN
    } else {
        parse_time(time_part)?
    };
    Some(date.and_time(time))
}

fn parse_time(t: &str) -> Option<NaiveTime> {
    let upper = t.to_ascii_uppercase();
    let (clock, pm) = if let Some(x) = upper.strip_suffix("PM") {
        (x.trim().to_string(), Some(true))
    } else if let Some(x) = upper.strip_suffix("AM") {
        (x.trim().to_string(), Some(false))
    } else {
        (upper, None)
    };
    let mut parts = clock.split(':');
    let mut h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let sec: f64 = parts.next().map_or(Some(0.0), |x| x.parse().ok())?;
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    NaiveTime::from_hms_opt(h, m, sec as u32)
}

/// What a money cell must look like, for error messages.
pub const MONEY_EXPECTED: &str = "an amount such as 12.50, -3, 1,234.56 or 1.234,56";

/// Parses a decimal amount to millionths (of the currency's major unit). Accepts currency
/// symbols and codes around the number, thousands separators, a decimal comma, and
/// `(12.50)` for negatives. An empty cell is `Some(0)` only where the caller allows it.
pub fn parse_micros(s: &str) -> Option<i64> {
    if let Some(v) = parse_plain_decimal(s.as_bytes()) {
        return Some(v);
    }
    let t = s.trim();
    let (neg_paren, t) = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (true, inner),
        None => (false, t),
    };
    let cleaned: String = t
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+'))
        .collect();
    if cleaned.is_empty() || !cleaned.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // Anything other than digits, separators, signs, spaces and currency marks is not money.
    if t.chars()
        .any(|c| c.is_alphabetic() && !c.is_ascii_uppercase() && !"元¥￥".contains(c))
    {
        return None;
    }
    let (neg, body) = match cleaned.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned)),
    };
    if body.contains(['-', '+']) {
        return None;
    }
    let last_dot = body.rfind('.');
    let last_comma = body.rfind(',');
    let decimal_at = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(d), None) => {
            // "1.234.567" is thousands; a single dot is a decimal point.
            if body.matches('.').count() > 1 {
                None
            } else {
                Some(d)
            }
        }
        (None, Some(c)) => {
            // "1,234" is a thousand; "12,5" and "12,50" are decimals.
            let after = body.len() - c - 1;
            if body.matches(',').count() > 1 || after == 3 {
                None
            } else {
                Some(c)
            }
        }
        (None, None) => None,
    };
    let (int_part, frac_part) = match decimal_at {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, ""),
    };
    let int_digits: String = int_part.chars().filter(char::is_ascii_digit).collect();
    if frac_part.contains(['.', ',']) || frac_part.len() > 6 {
        return None;
    }
    let int: i64 = if int_digits.is_empty() {
        0
    } else {
        int_digits.parse().ok()?
    };
    let mut frac: i64 = 0;
    for (i, ch) in frac_part.bytes().enumerate() {
        frac += i64::from(ch - b'0') * 10_i64.pow(5 - i as u32);
    }
    let v = int.checked_mul(1_000_000)?.checked_add(frac)?;
    Some(if neg ^ neg_paren { -v } else { v })
}

/// The common case without allocation: `-?digits(.digits{1,6})?`.
fn parse_plain_decimal(b: &[u8]) -> Option<i64> {
    let (neg, b) = match b.first()? {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    let dot = b.iter().position(|&c| c == b'.');
    let (int, frac) = match dot {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &b[..0]),
    };
    if int.is_empty() || int.len() > 12 || frac.len() > 6 || (dot.is_some() && frac.is_empty()) {
        return None;
    }
    let mut v: i64 = 0;
    for &c in int {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    let mut f: i64 = 0;
    for (i, &c) in frac.iter().enumerate() {
        if !c.is_ascii_digit() {
            return None;
        }
        f += i64::from(c - b'0') * 10_i64.pow(5 - i as u32);
    }
    let m = v * 1_000_000 + f;
    Some(if neg { -m } else { m })
}

/// The minor-unit table and the exact conversions live in `repeatlens-money` (one table for
/// every crate); re-exported here for the importers and existing callers.
pub use repeatlens_money::{micros_to_minor, minor_exponent};

/// Quantity × unit price in minor units.
pub fn line_total_minor(quantity: i64, unit_price_micros: i64, currency: &str) -> i64 {
    micros_to_minor(
        i128::from(quantity) * i128::from(unit_price_micros),
        currency,
    )
}

/// A currency code as stored: three ASCII letters, upper-case (`" usd "` → `"USD"`).
pub fn currency_code(s: &str) -> Option<String> {
    repeatlens_money::parse_currency_code(s)
}

/// Parses a whole-number quantity ("3", "3.0", "-2").
pub fn parse_quantity(s: &str) -> Option<i64> {
    let t = s.trim();
    t.parse::<i64>().ok().or_else(|| {
        let m = parse_micros(t)?;
        (m % 1_000_000 == 0).then_some(m / 1_000_000)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    #[test]
    fn dates_in_common_forms() {
        let london: Tz = "Europe/London".parse().unwrap();
        let shanghai: Tz = "Asia/Shanghai".parse().unwrap();
        let a = DateOrder::Auto;
        assert_eq!(
            parse_datetime("2011-12-09 12:50:00", a, london),
            Some(utc("2011-12-09T12:50:00Z"))
        );
        // British summer time
        assert_eq!(
            parse_datetime("2011-06-09 12:50", a, london),
            Some(utc("2011-06-09T11:50:00Z"))
        );
        assert_eq!(
            parse_datetime("2012-01-01 11:13:25 -0500", a, london),
            Some(utc("2012-01-01T16:13:25Z"))
        );
        assert_eq!(
            parse_datetime("2024-03-31T14:05:00+08:00", a, london),
            Some(utc("2024-03-31T06:05:00Z"))
        );
        assert_eq!(
            parse_datetime("2024/3/31 14:05", a, shanghai),
            Some(utc("2024-03-31T06:05:00Z"))
        );
        assert_eq!(
            parse_datetime("31/03/2024", DateOrder::Dmy, shanghai),
            Some(utc("2024-03-30T16:00:00Z"))
        );
        assert_eq!(
            parse_datetime("03/31/2024 2:05 PM", DateOrder::Mdy, shanghai),
            Some(utc("2024-03-31T06:05:00Z"))
        );
        assert_eq!(
            parse_datetime("31.03.2024 14:05", DateOrder::Dmy, shanghai),
            Some(utc("2024-03-31T06:05:00Z"))
        );
        assert_eq!(parse_datetime("03/31/2024", DateOrder::Dmy, shanghai), None);
        assert_eq!(parse_datetime("yesterday", a, shanghai), None);
        assert_eq!(order_hint("31/03/2024"), Some(DateOrder::Dmy));
        assert_eq!(order_hint("03/31/2024 10:00"), Some(DateOrder::Mdy));
        assert_eq!(order_hint("03/04/2024"), None);
    }

    #[test]
    fn money_in_common_forms() {
        assert_eq!(parse_micros("12.50"), Some(12_500_000));
        assert_eq!(parse_micros("-3"), Some(-3_000_000));
        assert_eq!(parse_micros("1,234.56"), Some(1_234_560_000));
        assert_eq!(parse_micros("1.234,56"), Some(1_234_560_000));
        assert_eq!(parse_micros("12,5"), Some(12_500_000));
        assert_eq!(parse_micros("£0.001"), Some(1_000));
        assert_eq!(parse_micros("USD 19.99"), Some(19_990_000));
        assert_eq!(parse_micros("¥1,200"), Some(1_200_000_000));
        assert_eq!(parse_micros("(5.00)"), Some(-5_000_000));
        assert_eq!(parse_micros("abc"), None);
        assert_eq!(parse_micros("-0.5"), Some(-500_000));
        assert_eq!(parse_micros("7."), Some(7_000_000));
        assert_eq!(parse_micros(".5"), Some(500_000));
        assert_eq!(parse_micros("twelve"), None);
        assert_eq!(micros_to_minor(2_555_000, "GBP"), 256);
        assert_eq!(micros_to_minor(-2_555_000, "GBP"), -256);
        assert_eq!(micros_to_minor(1_500_000_000, "JPY"), 1500);
        assert_eq!(line_total_minor(3, 1_000, "GBP"), 0);
        assert_eq!(parse_quantity("6"), Some(6));
        assert_eq!(parse_quantity("6.0"), Some(6));
        assert_eq!(parse_quantity("6.5"), None);
    }
}
