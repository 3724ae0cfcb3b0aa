//! Reading a date column and finding its frequency.
//!
//! Accepted forms: `YYYY-MM-DD` (also with `/` or `.`, and with a time part that is ignored),
//! `DD/MM/YYYY` or `MM/DD/YYYY` (also with `-` or `.`) when the file makes the order clear:
//! some day above 12, or only one of the two readings gives evenly spaced periods; dates
//! with an English month name (`27-Feb-2023`, `27 Feb 2023`, `Feb 27, 2023`, `27-Feb-23`);
//! a month alone (`2023-02`, `02/2023`, `Feb 2023`, `Feb-23`: its first day) and an ISO week
//! (`2023-W05`, `2023-W05-1`: its Monday, or the day given).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

use super::table::sheet_row;

/// How far apart consecutive periods are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
}

impl Frequency {
    /// Periods in a year, used for yearly seasonality.
    pub fn periods_per_year(self) -> f64 {
        match self {
            Frequency::Daily => 365.25,
            Frequency::Weekly => 365.25 / 7.0,
            Frequency::Monthly => 12.0,
        }
    }

    /// Whole periods in a year: the planner's default window (52 weeks, 365 days, 12 months).
    pub fn year_periods(self) -> usize {
        match self {
            Frequency::Daily => 365,
            Frequency::Weekly => 52,
            Frequency::Monthly => 12,
        }
    }

    /// Nominal days between periods.
    pub fn days(self) -> i64 {
        match self {
            Frequency::Daily => 1,
            Frequency::Weekly => 7,
            Frequency::Monthly => 30,
        }
    }

    /// One period in words ("week").
    pub fn unit(self) -> &'static str {
        match self {
            Frequency::Daily => "day",
            Frequency::Weekly => "week",
            Frequency::Monthly => "month",
        }
    }

    /// The word used in messages ("weekly").
    pub fn word(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
        }
    }
}

/// Format a date as `YYYY-MM-DD`.
pub fn iso(d: NaiveDate) -> String {
    // `Display` writes YYYY-MM-DD without `format`'s pattern parser (about 2 KB of the
    // page's wasm).
    d.to_string()
}

/// Parse an ISO date (`YYYY-MM-DD`, a four-digit year). By hand rather than by chrono's
/// `FromStr`, whose general parser is about 2 KB of the page's wasm; model files read their
/// dates through it too ([`iso_serde`]).
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Serde for a date as `YYYY-MM-DD` ([`iso`], [`parse_iso`]): `#[serde(with = ...)]`.
pub mod iso_serde {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_iso(&text)
            .ok_or_else(|| D::Error::custom(format!("'{text}' is not a date written YYYY-MM-DD")))
    }

    /// The same for a list of dates.
    pub mod list {
        use chrono::NaiveDate;
        use serde::{Deserialize, Deserializer, Serializer, de::Error, ser::SerializeSeq};

        pub fn serialize<S: Serializer>(v: &[NaiveDate], s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(v.len()))?;
            for d in v {
                seq.serialize_element(&d.to_string())?;
            }
            seq.end()
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
            Vec::<String>::deserialize(d)?
                .iter()
                .map(|t| {
                    super::super::parse_iso(t).ok_or_else(|| {
                        D::Error::custom(format!("'{t}' is not a date written YYYY-MM-DD"))
                    })
                })
                .collect()
        }
    }
}

/// Three numeric parts of a date cell, in the order written.
#[derive(Debug, Clone, Copy)]
enum Parts {
    /// Year first: unambiguous.
    YearFirst(i32, u32, u32),
    /// Year last: (first, second, year) where first/second are day/month in some order.
    YearLast(u32, u32, i32),
}

/// The month a name stands for (`Feb`, `february`, `Sept`), English.
fn month_of_name(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) || (w == "sept" && *m == "september"))
        .map(|i| i as u32 + 1)
}

/// A cell's words and numbers up to a time part (`Jan 2023 00:00`: `Jan`, `2023`).
fn name_tokens(cell: &str) -> Vec<&str> {
    cell.trim()
        .split([' ', '-', '/', '.', ','])
        .filter(|t| !t.is_empty())
        .take_while(|t| !t.contains(':'))
        .collect()
}

/// A date written with its month's name (`27-Feb-2023`, `27 Feb 2023`, `Feb 27, 2023`,
/// `27-Feb-23` as Excel exports it): unambiguous, so read as year first. A two-digit year is
/// of the 2000s. And whether the cell wrote the month alone.
fn named_month_parts(cell: &str) -> Option<(Parts, bool)> {
    let tokens = name_tokens(cell);
    let m = tokens.iter().position(|t| month_of_name(t).is_some())?;
    let month = month_of_name(tokens[m])?;
    // A month and its year (`Jan 2023`, `January-2023`, `2023 Jan`; `Jan-23` as Excel's mmm-yy
    // writes it, the only form with a two-digit year: `16-Jan` and `Mar 13` are days without
    // a year, not months): the month's first day, as monthly rows are dated.
    if tokens.len() == 2 {
        let year = tokens[1 - m];
        let full = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
        if !(full || is_short_month_year(cell)) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        return Some((
            Parts::YearFirst(if year < 100 { 2000 + year } else { year }, month, 1),
            true,
        ));
    }
    if tokens.len() != 3 {
        return None;
    }
    let numbers: Vec<&str> = (0..3).filter(|&i| i != m).map(|i| tokens[i]).collect();
    if !numbers
        .iter()
        .all(|t| !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    // Day then year (27 Feb 2023, Feb 27 2023), or year then day (2023 Feb 27).
    let (day, year) = if numbers[0].len() == 4 {
        (numbers[1], numbers[0])
    } else {
        (numbers[0], numbers[1])
    };
    if day.len() > 2 || !(year.len() == 4 || year.len() == 2) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    Some((Parts::YearFirst(year, month, day.parse().ok()?), false))
}

/// A month written with its year alone, `2023-03`, `2023/03`, `03/2023` or `3-2023`: the
/// month's first day, as monthly rows are dated. Not with a `.`, which a number such as
/// `2023.5` also has.
fn month_parts(pieces: &[&str], sep: char) -> Option<Parts> {
    let [a, b] = pieces else { return None };
    if sep == '.' || !(a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())) {
        return None;
    }
    let (year, month) = match (a.len(), b.len()) {
        (4, 1 | 2) => (a, b),
        (1 | 2, 4) => (b, a),
        _ => return None,
    };
    Some(Parts::YearFirst(year.parse().ok()?, month.parse().ok()?, 1))
}

/// An ISO week, `2023-W05` (or `2023W05`, `2023-W05-1`): its Monday, as weekly rows are dated,
/// or the day given; and whether a day was given.
fn iso_week(cell: &str) -> Option<(NaiveDate, bool)> {
    let (year, rest) = cell.trim().split_once(['W', 'w'])?;
    let year = year.strip_suffix('-').unwrap_or(year);
    // `W05`, `W5` (as some exports write early weeks), `W05-1`, `W5-1`, `W051`.
    let (week, day) = match rest.split_once('-') {
        Some(parts) => parts,
        None if rest.len() == 3 => rest.split_at(2),
        None => (rest, ""),
    };
    if year.len() != 4
        || !(1..=2).contains(&week.len())
        || !(day.is_empty() || day.len() == 1)
        || !year
            .bytes()
            .chain(week.bytes())
            .chain(day.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let monday =
        NaiveDate::from_isoywd_opt(year.parse().ok()?, week.parse().ok()?, chrono::Weekday::Mon)?;
    // A day of the week (1 Monday to 7 Sunday) dates a daily row.
    match day.parse::<u64>() {
        Ok(d @ 1..=7) => Some((monday.checked_add_days(chrono::Days::new(d - 1))?, true)),
        Ok(_) => None,
        Err(_) => Some((monday, false)),
    }
}

/// The period a cell names without its day: a month (`2023-03`, `Mar 2023`) or an ISO week
/// (`2023-W05`), read as its first day. An experiment's window on shorter rows needs its days.
pub fn period_only(cell: &str) -> Option<Frequency> {
    read_cell(cell).and_then(|(_, period)| period)
}

/// A month's name and a two-digit year as Excel's mmm-yy writes it (`Jan-23`), read as that
/// month; `Jan-09` may also be a day without its year (9 January).
pub fn is_short_month_year(cell: &str) -> bool {
    let tokens = name_tokens(cell);
    tokens.len() == 2
        && month_of_name(tokens[0]).is_some()
        && tokens[1].len() == 2
        && tokens[1].bytes().all(|b| b.is_ascii_digit())
        && cell.trim().contains('-')
}

/// The first cell of a date column written like `Jan-09` when every cell is, and their two
/// digits read as days run a day or a week apart in order: days without a year (`Jan-02`,
/// `Jan-09`, `Jan-16`, read as January 2002, 2009 and 2016), not months. Quarters (`Mar-21`,
/// `Jun-21`) and single rows are not.
pub fn short_month_year_misread(cells: &[&str]) -> Option<usize> {
    let mut days = Vec::with_capacity(cells.len());
    for c in cells {
        if !is_short_month_year(c) {
            return None;
        }
        let tokens = name_tokens(c);
        let month = month_of_name(tokens[0])?;
        let day: u32 = tokens[1].parse().ok()?;
        // Day of a common year; steps are taken modulo its 365 days (December into January).
        days.push(NaiveDate::from_ymd_opt(2001, month, day)?.ordinal() as i64);
    }
    let steps: Vec<i64> = days
        .windows(2)
        .map(|w| (w[1] - w[0]).rem_euclid(365))
        .collect();
    let even = |n: i64| !steps.is_empty() && steps.iter().all(|&s| s == n);
    (even(7) || even(1)).then_some(0)
}

fn split_parts(cell: &str) -> Option<Parts> {
    read_cell(cell).map(|(parts, _)| parts)
}

/// A cell's date parts, and the period it names when it writes a month or an ISO week without
/// its day ([`period_only`]).
fn read_cell(cell: &str) -> Option<(Parts, Option<Frequency>)> {
    if let Some((p, month)) = named_month_parts(cell) {
        return Some((p, month.then_some(Frequency::Monthly)));
    }
    if let Some((d, day)) = iso_week(cell) {
        let parts = Parts::YearFirst(d.year(), d.month(), d.day());
        return Some((parts, (!day).then_some(Frequency::Weekly)));
    }
    // Drop a time part: "2024-01-01 00:00:00" or "2024-01-01T00:00:00Z".
    let date = cell.trim().split(['T', ' ']).next().unwrap_or("");
    // Eight digits, year first, as Google Analytics exports days (`20240115`): only years
    // 1900–2099, so an amount such as 12345678 is never a date.
    if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        let part = |r: std::ops::Range<usize>| date[r].parse::<u32>().ok();
        let (y, m, d) = (part(0..4)?, part(4..6)?, part(6..8)?);
        return ((1900..2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then_some((Parts::YearFirst(y as i32, m, d), None));
    }
    let sep = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let pieces: Vec<&str> = date.split(sep).collect();
    if let Some(p) = month_parts(&pieces, sep) {
        return Some((p, Some(Frequency::Monthly)));
    }
    if pieces.len() != 3
        || pieces
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<i64> = pieces
        .iter()
        .map(|p| p.parse::<i64>().unwrap_or(-1))
        .collect();
    let parts = if pieces[0].len() == 4 {
        Parts::YearFirst(n[0] as i32, n[1] as u32, n[2] as u32)
    } else if pieces[2].len() == 4 && pieces[0].len() <= 2 && pieces[1].len() <= 2 {
        Parts::YearLast(n[0] as u32, n[1] as u32, n[2] as i32)
    } else {
        return None;
    };
    Some((parts, None))
}

/// Every date a single cell can stand for: one for `2024-03-05`, two for `05/03/2024` (day
/// first, month first) when both exist, none for text. Used for cells outside the data's date
/// column (an experiment's window), whose order the caller decides against the data's dates.
pub fn cell_readings(cell: &str) -> Vec<NaiveDate> {
    let ok = |d: Option<NaiveDate>| d.filter(|d| (1800..=2200).contains(&d.year()));
    let mut out = Vec::new();
    match split_parts(cell) {
        Some(Parts::YearFirst(y, m, d)) => out.extend(ok(NaiveDate::from_ymd_opt(y, m, d))),
        Some(Parts::YearLast(a, b, y)) => {
            out.extend(ok(NaiveDate::from_ymd_opt(y, b, a)));
            if let Some(md) = ok(NaiveDate::from_ymd_opt(y, a, b)) {
                if !out.contains(&md) {
                    out.push(md);
                }
            }
        }
        None => {}
    }
    out
}

/// The order of day and month in dates written year last (`05/03/2024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    /// `05/03/2024` is 5 March.
    DayFirst,
    /// `05/03/2024` is 3 May.
    MonthFirst,
}

/// Read every cell of a date column. `column` is the column's name (for messages).
///
/// # Errors
/// [`Error::BadDate`] naming the first unreadable cell, [`Error::AmbiguousDateFormat`] when
/// day/month order cannot be decided.
pub fn parse_column<'a>(
    column: &str,
    cells: impl Iterator<Item = &'a str>,
) -> Result<Vec<NaiveDate>> {
    parse_column_ordered(column, cells, None).map(|(dates, _)| dates)
}

/// As [`parse_column`], also saying which day/month order year-last cells were read in
/// (`None` when there are none). `hint` is the order to take when the cells leave it open
/// (no day above 12): another file's, such as the data's for an experiments file, whose few
/// dates rarely settle it themselves. Without a hint, such cells are read in the order that
/// gives evenly spaced periods.
///
/// # Errors
/// As [`parse_column`].
pub fn parse_column_ordered<'a>(
    column: &str,
    cells: impl Iterator<Item = &'a str>,
    hint: Option<DayOrder>,
) -> Result<(Vec<NaiveDate>, Option<DayOrder>)> {
    // One body for every kind of iterator (the page's wasm carries one copy).
    parse_cells(column, &cells.collect::<Vec<&str>>(), hint)
}

fn parse_cells(
    column: &str,
    cells: &[&str],
    hint: Option<DayOrder>,
) -> Result<(Vec<NaiveDate>, Option<DayOrder>)> {
    let bad = |i: usize| Error::BadDate {
        row: sheet_row(i),
        column: column.to_string(),
        value: cells[i].to_string(),
    };
    let mut parts = Vec::with_capacity(cells.len());
    for (i, c) in cells.iter().enumerate() {
        parts.push(split_parts(c).ok_or_else(|| bad(i))?);
    }
    // Decide day/month order for year-last cells.
    let mut day_first_possible = true;
    let mut month_first_possible = true;
    for p in &parts {
        if let Parts::YearLast(a, b, _) = *p {
            if a > 12 {
                month_first_possible = false;
            }
            if b > 12 {
                day_first_possible = false;
            }
        }
    }
    let any_year_last = parts.iter().any(|p| matches!(p, Parts::YearLast(..)));
    let build = |day_first: bool| -> std::result::Result<Vec<NaiveDate>, usize> {
        parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let d = match *p {
                    Parts::YearFirst(y, m, d) => NaiveDate::from_ymd_opt(y, m, d),
                    Parts::YearLast(a, b, y) if day_first => NaiveDate::from_ymd_opt(y, b, a),
                    Parts::YearLast(a, b, y) => NaiveDate::from_ymd_opt(y, a, b),
                };
                d.filter(|d| (1800..=2200).contains(&d.year())).ok_or(i)
            })
            .collect()
    };
    let read = |order: DayOrder| -> Result<(Vec<NaiveDate>, Option<DayOrder>)> {
        build(order == DayOrder::DayFirst)
            .map(|d| (d, Some(order)))
            .map_err(bad)
    };
    if !any_year_last {
        return build(true).map(|d| (d, None)).map_err(bad);
    }
    match (day_first_possible, month_first_possible) {
        (true, false) => read(DayOrder::DayFirst),
        (false, true) => read(DayOrder::MonthFirst),
        (false, false) => {
            // Some cell has both parts above 12, or the file mixes orders: point at the first
            // cell that cannot be read day-first.
            let i = build(true).err().unwrap_or(0);
            Err(bad(i))
        }
        (true, true) => {
            if let Some(order) = hint {
                return read(order);
            }
            let dm = build(true);
            let md = build(false);
            match (dm, md) {
                (Ok(a), Err(_)) => Ok((a, Some(DayOrder::DayFirst))),
                (Err(_), Ok(b)) => Ok((b, Some(DayOrder::MonthFirst))),
                (Err(i), Err(_)) => Err(bad(i)),
                (Ok(a), Ok(b)) => {
                    let ra = detect_frequency_of(&a).is_some();
                    let rb = detect_frequency_of(&b).is_some();
                    match (ra, rb) {
                        (true, false) => Ok((a, Some(DayOrder::DayFirst))),
                        (false, true) => Ok((b, Some(DayOrder::MonthFirst))),
                        // Every cell reads the same either way (the day equals the month).
                        _ if a == b => Ok((a, None)),
                        _ => Err(Error::AmbiguousDateFormat {
                            column: column.to_string(),
                            example: cells[0].to_string(),
                        }),
                    }
                }
            }
        }
    }
}

/// The frequency if every step (after sorting) is exactly one day, one week or one month.
fn detect_frequency_of(dates: &[NaiveDate]) -> Option<Frequency> {
    let mut sorted = dates.to_vec();
    sorted.sort();
    sorted.dedup();
    if sorted.len() < 2 {
        return None;
    }
    let f = frequency_from_median(&sorted).ok()?;
    sorted
        .windows(2)
        .all(|w| step_ok(f, w[0], w[1]))
        .then_some(f)
}

fn month_index(d: NaiveDate) -> i64 {
    d.year() as i64 * 12 + d.month0() as i64
}

fn step_ok(f: Frequency, a: NaiveDate, b: NaiveDate) -> bool {
    match f {
        Frequency::Daily => (b - a).num_days() == 1,
        Frequency::Weekly => (b - a).num_days() == 7,
        Frequency::Monthly => month_index(b) - month_index(a) == 1,
    }
}

/// The frequency suggested by the median step between sorted, distinct dates.
fn frequency_from_median(sorted: &[NaiveDate]) -> Result<Frequency> {
    let mut steps: Vec<i64> = sorted
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .collect();
    steps.sort_unstable();
    let median = steps[steps.len() / 2];
    match median {
        1 => Ok(Frequency::Daily),
        7 => Ok(Frequency::Weekly),
        28..=31 => Ok(Frequency::Monthly),
        d => Err(Error::UnsupportedFrequency { days: d }),
    }
}

/// The result of checking a date column: the order that sorts the rows, and the frequency.
#[derive(Debug, Clone, PartialEq)]
pub struct DateCheck {
    /// `order[k]` is the original data-row index of the k-th period in date order.
    pub order: Vec<usize>,
    /// Detected spacing.
    pub frequency: Frequency,
    /// Whether the rows had to be reordered.
    pub was_unsorted: bool,
}

/// Sort dates, reject duplicates and gaps, detect the frequency.
///
/// # Errors
/// [`Error::DuplicateDate`], [`Error::UnsupportedFrequency`], [`Error::IrregularSpacing`]
/// (row numbers are the rows as they were in the file).
pub fn check_sequence(dates: &[NaiveDate]) -> Result<DateCheck> {
    let mut order: Vec<usize> = (0..dates.len()).collect();
    order.sort_by_key(|&i| (dates[i], i));
    let was_unsorted = order.iter().enumerate().any(|(k, &i)| k != i);
    for w in order.windows(2) {
        if dates[w[0]] == dates[w[1]] {
            return Err(Error::DuplicateDate {
                row: sheet_row(w[1]),
                first_row: sheet_row(w[0]),
                date: iso(dates[w[1]]),
            });
        }
    }
    if dates.len() < 2 {
        return Err(Error::TooFewRows {
            rows: dates.len(),
            parameters: 0,
            needed: 2,
            held_out: 0,
            seasonality: 0,
        });
    }
    let sorted: Vec<NaiveDate> = order.iter().map(|&i| dates[i]).collect();
    let frequency = frequency_from_median(&sorted)?;
    for (k, w) in sorted.windows(2).enumerate() {
        if !step_ok(frequency, w[0], w[1]) {
            return Err(Error::IrregularSpacing {
                row: sheet_row(order[k + 1]),
                row_before: sheet_row(order[k]),
                before: iso(w[0]),
                after: iso(w[1]),
                days: (w[1] - w[0]).num_days(),
                expected: frequency.days(),
                frequency: frequency.word().to_string(),
            });
        }
    }
    Ok(DateCheck {
        order,
        frequency,
        was_unsorted,
    })
}

#[cfg(test)]
mod named_month_tests {
    use super::*;

    #[test]
    fn dates_with_a_month_name_read_one_way() {
        let v = parse_column(
            "week",
            [
                "27-Feb-2023",
                "6 Mar 2023",
                "Mar 13, 2023",
                "20-mar-23",
                "2023 March 27",
                "3 Apr 2023 00:00",
            ]
            .into_iter(),
        )
        .unwrap();
        let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
        assert_eq!(
            v,
            vec![d(2, 27), d(3, 6), d(3, 13), d(3, 20), d(3, 27), d(4, 3)]
        );
        assert_eq!(
            cell_readings("10-Sept-2024"),
            vec![NaiveDate::from_ymd_opt(2024, 9, 10).unwrap()]
        );
        // Not a month: text stays text.
        assert!(cell_readings("27-Foo-2023").is_empty());
        assert!(cell_readings("Spring 2023").is_empty());
        assert!(cell_readings("Total").is_empty());
    }

    /// ISO weeks read as their Monday (with a day of the week, that day); a week 53 only in
    /// years that have one.
    #[test]
    fn iso_weeks_read_as_their_monday() {
        let v = parse_column(
            "week",
            ["2020-W52", "2020-W53", "2021-W01", "2021W02", "2021-w03"].into_iter(),
        )
        .unwrap();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            v,
            vec![
                d(2020, 12, 21),
                d(2020, 12, 28),
                d(2021, 1, 4),
                d(2021, 1, 11),
                d(2021, 1, 18)
            ]
        );
        assert_eq!(cell_readings("2021-W01-7"), vec![d(2021, 1, 10)]);
        assert_eq!(period_only("2021-W01"), Some(Frequency::Weekly));
        assert_eq!(period_only("2021W01"), Some(Frequency::Weekly));
        assert_eq!(period_only("2021-W01-7"), None);
        // A week number without its leading zero, as some exports write early weeks.
        assert_eq!(cell_readings("2021-W1"), cell_readings("2021-W01"));
        assert_eq!(cell_readings("2021-W1-3"), cell_readings("2021-W01-3"));
        assert_eq!(period_only("2021-W9"), Some(Frequency::Weekly));
        assert!(cell_readings("2021-W").is_empty());
        assert!(cell_readings("2021-W123-1").is_empty());
        assert_eq!(period_only("2021W017"), None);
        // 2021 has 52 ISO weeks; no day 8; a year has four digits.
        for cell in ["2021-W53", "2021-W01-8", "21-W01", "Week 5"] {
            assert!(cell_readings(cell).is_empty(), "{cell}");
        }
    }

    /// Model files' dates: `YYYY-MM-DD` both ways, anything else refused with what it is.
    #[test]
    fn iso_dates_read_by_hand_and_through_serde() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(parse_iso(" 2024-02-29 "), Some(d));
        for bad in [
            "2023-02-29",
            "2024-2-29",
            "24-02-29",
            "2024/02/29",
            "2024-02-29x",
            "",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Row {
            #[serde(with = "iso_serde")]
            day: NaiveDate,
            #[serde(with = "iso_serde::list")]
            days: Vec<NaiveDate>,
        }
        let row = Row {
            day: d,
            days: vec![d, d.succ_opt().unwrap()],
        };
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(
            json,
            r#"{"day":"2024-02-29","days":["2024-02-29","2024-03-01"]}"#
        );
        assert_eq!(serde_json::from_str::<Row>(&json).unwrap(), row);
        let e = serde_json::from_str::<Row>(r#"{"day":"2024-2-1","days":[]}"#).unwrap_err();
        assert!(
            e.to_string()
                .contains("'2024-2-1' is not a date written YYYY-MM-DD"),
            "{e}"
        );
    }

    /// Google Analytics writes days as `20240115`; other eight-digit numbers are not dates.
    #[test]
    fn eight_digit_days_read_year_first() {
        let dates = parse_column("Date", ["20240115", "20240116", "20240117"].into_iter()).unwrap();
        assert_eq!(dates[0], NaiveDate::from_ymd_opt(2024, 1, 15).unwrap());
        assert_eq!(check_sequence(&dates).unwrap().frequency, Frequency::Daily);
        for cell in ["12345678", "20241301", "20240132", "21000101", "2024011"] {
            assert!(cell_readings(cell).is_empty(), "{cell}");
        }
    }

    /// Months written without a day, as monthly exports write them, read as the month's first
    /// day (the date monthly rows carry); a number with a point is not a month.
    #[test]
    fn months_without_a_day_read_as_their_first_day() {
        let first = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        let months = |cells: [&str; 3]| parse_column("month", cells.into_iter()).unwrap();
        let want = vec![first(2023, 11), first(2023, 12), first(2024, 1)];
        for cells in [
            ["2023-11", "2023-12", "2024-01"],
            ["2023/11", "2023/12", "2024/1"],
            ["11/2023", "12/2023", "01/2024"],
            ["11-2023", "12-2023", "1-2024"],
            ["Nov 2023", "December 2023", "Jan 2024"],
            ["Nov-23", "Dec-23", "Jan-24"],
            ["2023 Nov", "2023 Dec", "2024 Jan"],
        ] {
            assert_eq!(months(cells), want, "{cells:?}");
            assert!(
                cells
                    .iter()
                    .all(|c| period_only(c) == Some(Frequency::Monthly)),
                "{cells:?}"
            );
        }
        let check = check_sequence(&want).unwrap();
        assert_eq!(check.frequency, Frequency::Monthly);
        assert_eq!(period_only("Jan 2024 00:00"), Some(Frequency::Monthly));
        // A two-digit number beside a month's name is a year only as Excel's mmm-yy writes it:
        // `16-Jan` and `Mar 13` are days without a year.
        for cell in ["16-Jan", "Mar 13", "13 Mar"] {
            assert!(cell_readings(cell).is_empty(), "{cell}");
        }
        // No month 13, and no point as the separator (2023.5 is a number).
        assert!(cell_readings("2023-13").is_empty());
        assert!(cell_readings("2023.5").is_empty());
        assert!(cell_readings("2023.05").is_empty());
        // Days are not months.
        for cell in ["2023-11-01", "01/11/2023", "1 Nov 2023", "Nov 1, 2023"] {
            assert_eq!(period_only(cell), None, "{cell}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap()
    }

    #[test]
    fn reads_iso_and_iso_with_time() {
        let v = parse_column(
            "date",
            ["2024-01-01", "2024-01-08 00:00:00", "2024/01/15"].into_iter(),
        )
        .unwrap();
        assert_eq!(v, vec![d("2024-01-01"), d("2024-01-08"), d("2024-01-15")]);
    }

    #[test]
    fn day_first_is_chosen_when_a_day_exceeds_twelve() {
        let v = parse_column("date", ["06/01/2024", "13/01/2024"].into_iter()).unwrap();
        assert_eq!(v, vec![d("2024-01-06"), d("2024-01-13")]);
    }

    #[test]
    fn month_first_is_chosen_when_a_day_exceeds_twelve_in_second_place() {
        let v = parse_column("date", ["01/06/2024", "01/13/2024"].into_iter()).unwrap();
        assert_eq!(v, vec![d("2024-01-06"), d("2024-01-13")]);
    }

    #[test]
    fn order_is_decided_by_even_spacing_when_all_parts_are_small() {
        // Month-first gives 1, 8 January... weekly; day-first gives 1 Jan, 1 Aug: not regular.
        let v = parse_column("week", ["01/01/2024", "01/08/2024"].into_iter()).unwrap();
        assert_eq!(v, vec![d("2024-01-01"), d("2024-01-08")]);
    }

    #[test]
    fn truly_ambiguous_dates_are_refused() {
        // 1 Feb / 1 Mar / 1 Apr read month-first is monthly too; day-first is 2 Jan, 3 Jan, 4 Jan: daily.
        let e = parse_column(
            "date",
            ["02/01/2024", "03/01/2024", "04/01/2024"].into_iter(),
        )
        .unwrap_err();
        assert_eq!(
            e,
            Error::AmbiguousDateFormat {
                column: "date".into(),
                example: "02/01/2024".into()
            }
        );
    }

    #[test]
    fn unreadable_date_names_row_and_column() {
        let e = parse_column("DATE", ["2024-01-01", "2024-02-30"].into_iter()).unwrap_err();
        assert_eq!(
            e,
            Error::BadDate {
                row: 3,
                column: "DATE".into(),
                value: "2024-02-30".into()
            }
        );
        let e = parse_column("DATE", ["2024-01-01", "next week"].into_iter()).unwrap_err();
        assert_eq!(e.row(), Some(3));
        assert_eq!(
            e.to_string(),
            "Row 3, column 'DATE': 'next week' is not a date this tool can read. Write dates as YYYY-MM-DD (for example 2024-03-25)."
        );
        // A spreadsheet's day number (45292 is 2024-01-01 counted from 1900) is named as one,
        // not read: counted from 1904 it is four years later.
        let e = parse_column("DATE", ["45292", "45299"].into_iter()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Row 2, column 'DATE': '45292' is not a date this tool can read. It looks like a spreadsheet's day number: format the column as dates in the spreadsheet before saving the CSV. Write dates as YYYY-MM-DD (for example 2024-03-25)."
        );
        let e = parse_column("DATE", ["45292.0"].into_iter()).unwrap_err();
        assert!(e.to_string().contains("spreadsheet's day number"), "{e}");
        let e = parse_column("DATE", ["45292.5"].into_iter()).unwrap_err();
        assert!(!e.to_string().contains("spreadsheet's day number"), "{e}");
    }

    #[test]
    fn detects_weekly_daily_and_monthly() {
        let w = [d("2024-01-01"), d("2024-01-08"), d("2024-01-15")];
        assert_eq!(check_sequence(&w).unwrap().frequency, Frequency::Weekly);
        let dd = [d("2024-01-01"), d("2024-01-02"), d("2024-01-03")];
        assert_eq!(check_sequence(&dd).unwrap().frequency, Frequency::Daily);
        let m = [d("2024-01-31"), d("2024-02-29"), d("2024-03-31")];
        assert_eq!(check_sequence(&m).unwrap().frequency, Frequency::Monthly);
    }

    #[test]
    fn unsorted_rows_are_ordered_and_flagged() {
        let w = [d("2024-01-15"), d("2024-01-01"), d("2024-01-08")];
        let c = check_sequence(&w).unwrap();
        assert_eq!(c.order, vec![1, 2, 0]);
        assert!(c.was_unsorted);
    }

    #[test]
    fn duplicate_date_names_both_rows() {
        let w = [d("2024-01-01"), d("2024-01-08"), d("2024-01-08")];
        assert_eq!(
            check_sequence(&w).unwrap_err(),
            Error::DuplicateDate {
                row: 4,
                first_row: 3,
                date: "2024-01-08".into()
            }
        );
    }

    #[test]
    fn a_missing_week_is_a_gap() {
        let w = [
            d("2024-01-01"),
            d("2024-01-08"),
            d("2024-01-22"),
            d("2024-01-29"),
        ];
        match check_sequence(&w).unwrap_err() {
            Error::IrregularSpacing {
                row,
                row_before,
                days,
                expected,
                ..
            } => {
                assert_eq!((row, row_before, days, expected), (4, 3, 14, 7));
            }
            e => panic!("unexpected {e:?}"),
        }
    }

    #[test]
    fn fortnightly_data_is_unsupported() {
        let w = [d("2024-01-01"), d("2024-01-15"), d("2024-01-29")];
        assert_eq!(
            check_sequence(&w).unwrap_err(),
            Error::UnsupportedFrequency { days: 14 }
        );
    }
}
