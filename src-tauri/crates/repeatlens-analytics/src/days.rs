//! Calendar arithmetic on day numbers (days since 1970-01-01 of a local date).

use chrono::{Datelike, NaiveDate};

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

/// Day number of a date (1970-01-01 = 0).
pub fn day_number(d: NaiveDate) -> i32 {
    (d - epoch()).num_days() as i32
}

/// Date of a day number.
pub fn date_of(day: i32) -> NaiveDate {
    epoch() + chrono::Duration::days(day as i64)
}

/// Month index (year × 12 + month − 1) of a day number.
pub fn month_index(day: i32) -> i32 {
    let d = date_of(day);
    d.year() * 12 + d.month0() as i32
}

/// First day number of a month index.
pub fn month_start(month: i32) -> i32 {
    let y = month.div_euclid(12);
    let m = month.rem_euclid(12) as u32 + 1;
    day_number(NaiveDate::from_ymd_opt(y, m, 1).expect("valid month"))
}

/// "YYYY-MM" of a month index.
pub fn month_key(month: i32) -> String {
    format!(
        "{:04}-{:02}",
        month.div_euclid(12),
        month.rem_euclid(12) + 1
    )
}

/// ISO week index: weeks (Monday-based) since the week containing 1970-01-01 (a Thursday).
pub fn week_index(day: i32) -> i32 {
    (day + 3).div_euclid(7)
}

/// "YYYY-Www" (ISO year and week) of a week index.
pub fn week_key(week: i32) -> String {
    let monday = week * 7 - 3;
    let iw = date_of(monday).iso_week();
    format!("{:04}-W{:02}", iw.year(), iw.week())
}

/// "YYYY-MM-DD" of a day number.
pub fn date_key(day: i32) -> String {
    date_of(day).format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_weeks() {
        let d = day_number(NaiveDate::from_ymd_opt(2011, 12, 9).unwrap());
        assert_eq!(month_key(month_index(d)), "2011-12");
        assert_eq!(date_key(month_start(month_index(d))), "2011-12-01");
        // 2011-12-09 is a Friday of ISO week 49 of 2011.
        assert_eq!(week_key(week_index(d)), "2011-W49");
        // 2021-01-03 (Sunday) belongs to ISO week 53 of 2020; 2021-01-04 starts 2021-W01.
        let s = day_number(NaiveDate::from_ymd_opt(2021, 1, 3).unwrap());
        assert_eq!(week_key(week_index(s)), "2020-W53");
        assert_eq!(week_key(week_index(s + 1)), "2021-W01");
        assert_eq!(week_index(s + 1) - week_index(s), 1);
        assert_eq!(
            month_index(day_number(NaiveDate::from_ymd_opt(1969, 12, 31).unwrap())),
            1969 * 12 + 11
        );
    }
}
