//! Reading numbers out of cells the way the spreadsheet meant them.
//!
//! `1,234` is 1234 in a file that writes `1,234.5` and 1.234 in one that writes `1.234,5`, so the
//! decimal mark is decided per column, from all of its cells, never from one cell or from the
//! file's separator:
//!
//! 1. A cell that reads only one way settles it: `1,234.5`, `1.234,5`, `1,234,567` (a decimal
//!    point), `12,5`, `0,125`, `1.234.567` (a decimal comma). Two cells that settle it in
//!    opposite ways make the column unreadable ([`ColumnFormat::Mixed`]).
//! 2. Otherwise, in a column with currency (`$32,337`, `32.337 €`), a separator followed by
//!    exactly three digits separates thousands: amounts of money are rarely written with three
//!    decimals. Unless the file's other columns write that separator as their decimal mark:
//!    `$1.606` beside `594893.10` is a fuel price of 1.606 as often as `$32,337` beside
//!    `1.234,5` is 32,337 dollars in a European export, so the column goes on to rules 3–4.
//! 3. Otherwise the caller's [`DecimalMark`], if given, decides.
//! 4. Otherwise, if some cell reads as two different numbers, the column is
//!    [`ColumnFormat::Ambiguous`] and the user is asked; it is never guessed.
//!
//! A column whose cells read two ways with either separator (`55,434` and `26.753`: two exports
//! appended) is [`ColumnFormat::Mixed`] whatever the caller's mark: either mark reads one kind a
//! thousand times off. So is a column whose cells settle one mark (`78675.69`) but hold cells
//! that read two ways (`86.337`) whose reading with that mark is a hundredth or less of the
//! others' level while the other reading matches it. The other columns of the file never decide a
//! column (a European export may hold one column in dollars written `32,337`); they only keep
//! rule 2 from guessing against them.
//!
//! Indian grouping (`2,60,729.33`, `1,00,00,000`: the last three digits, then pairs) is read
//! with a decimal point; it cannot be read with a decimal comma, so such a cell settles the
//! column.
//!
//! Accepted around the digits: a sign (`-`, `+`, `−`) before or a minus after, parentheses for a
//! negative, currency symbols and codes before or after (`$`, `€`, `£`, `USD`, `kr`...), `%`
//! (read as a fraction: `15%` is 0.15). Thousands may also be separated by spaces (also
//! no-break spaces) or apostrophes (`1'234.5`), which never decide the decimal mark. A currency
//! sign with a dash and no digits (`$ -`, `€-`: Excel's accounting format for zero) is 0; a dash
//! alone is a missing value.

use serde::{Deserialize, Serialize};

/// Which character separates the whole part of a number from its decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecimalMark {
    /// `1,234.5`: a point before the decimals, commas (or spaces) between thousands.
    Point,
    /// `1.234,5`: a comma before the decimals, points (or spaces) between thousands.
    Comma,
}

impl DecimalMark {
    /// The option's value naming it: `point` or `comma`.
    pub fn name(self) -> &'static str {
        match self {
            DecimalMark::Point => "point",
            DecimalMark::Comma => "comma",
        }
    }

    /// The mark itself.
    pub fn char(self) -> char {
        match self {
            DecimalMark::Point => '.',
            DecimalMark::Comma => ',',
        }
    }

    /// The other mark, which this reading takes as a thousands separator.
    fn grouping(self) -> char {
        match self {
            DecimalMark::Point => ',',
            DecimalMark::Comma => '.',
        }
    }

    /// How messages name it: "a decimal point (1,234.5)".
    pub fn words(self) -> &'static str {
        match self {
            DecimalMark::Point => "a decimal point (like 1,234.5)",
            DecimalMark::Comma => "a decimal comma (like 1.234,5)",
        }
    }
}

/// The decimal mark a column's own cells settle, with the first cell that settles it: cells
/// read one way only, all with the same mark. `None` when no cell settles it or cells disagree.
pub fn settled_mark<'a>(cells: impl Iterator<Item = &'a str>) -> Option<(DecimalMark, usize)> {
    let e = Evidence::gather(cells);
    match (e.point_only.first(), e.comma_only.first()) {
        (Some(&p), None) => Some((DecimalMark::Point, p)),
        (None, Some(&c)) => Some((DecimalMark::Comma, c)),
        _ => None,
    }
}

/// What a cell holds once read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// Empty, or a "not available" marker such as `NA`, `n/a`, `null`, `-`.
    Missing,
    /// A finite number.
    Number(f64),
    /// Anything else.
    Text,
}

/// Is this cell text a "not available" marker?
pub fn is_missing_marker(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || [
            "na", "n/a", "nan", "null", "none", "-", "#n/a", "nil", "missing",
        ]
        .iter()
        .any(|m| t.eq_ignore_ascii_case(m))
}

/// Currency signs and words accepted before or after the digits. Longer ones first, so `US$`
/// is removed whole rather than leaving `US`.
const CURRENCY: &[&str] = &[
    "us$", "nz$", "mx$", "a$", "c$", "r$", "hk$", "s$", "$", "rs.", "rs", "₱", "php", "₫", "฿",
    "€", "£", "¥", "₹", "₩", "₽", "₺", "₪", "zł", "kč", "kr.", "kr", "fr.", "chf", "usd", "eur",
    "gbp", "jpy", "cad", "aud", "nzd", "sek", "nok", "dkk", "pln", "czk", "huf", "inr", "brl",
    "mxn", "cny", "zar", "sgd", "hkd", "try", "rub",
];

/// Separators that only ever group thousands.
fn is_space_or_apostrophe(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

/// A cell with its sign, currency and percent removed: what is left must be digits and
/// separators.
#[derive(Debug, Clone, PartialEq)]
struct Stripped {
    negative: bool,
    percent: bool,
    currency: bool,
    core: String,
}

fn strip_prefix_ci<'a>(t: &'a str, p: &str) -> Option<&'a str> {
    let head = t.get(..p.len())?;
    head.eq_ignore_ascii_case(p).then(|| &t[p.len()..])
}

fn strip_suffix_ci<'a>(t: &'a str, p: &str) -> Option<&'a str> {
    let cut = t.len().checked_sub(p.len())?;
    let tail = t.get(cut..)?;
    tail.eq_ignore_ascii_case(p).then(|| &t[..cut])
}

fn strip(cell: &str) -> Option<Stripped> {
    let mut t = cell.trim();
    // Excel's ways of keeping a number as text: `="5548.52"` and a leading apostrophe.
    if let Some(inner) = t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        t = inner.trim();
    }
    t = t.strip_prefix(['\'', '’']).unwrap_or(t);
    let mut negative = false;
    let mut signed = false;
    let mut percent = false;
    let mut currency = false;
    loop {
        let before = t.len();
        if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            if signed {
                return None;
            }
            negative = true;
            signed = true;
            t = inner.trim();
        } else if let Some(r) = t.strip_prefix(['-', '−', '+']) {
            if signed {
                return None;
            }
            signed = true;
            negative = !t.starts_with('+');
            t = r.trim_start();
        } else if let Some(r) = t.strip_suffix(['-', '−']) {
            if signed {
                return None;
            }
            signed = true;
            negative = true;
            t = r.trim_end();
        } else if let Some(r) = t.strip_suffix('%') {
            if percent {
                return None;
            }
            percent = true;
            t = r.trim_end();
        }
        if !currency {
            for c in CURRENCY {
                if let Some(r) = strip_prefix_ci(t, c) {
                    t = r.trim_start();
                    currency = true;
                    break;
                }
                if let Some(r) = strip_suffix_ci(t, c) {
                    t = r.trim_end();
                    currency = true;
                    break;
                }
            }
        }
        if t.len() == before {
            break;
        }
    }
    // Excel's accounting format writes zero as a currency sign and a dash (`$ -`, `- €`).
    if currency && signed && t.is_empty() {
        return Some(Stripped {
            negative: false,
            percent,
            currency,
            core: "0".into(),
        });
    }
    let ok = t.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, '.' | ',' | 'e' | 'E' | '+' | '-')
                || is_space_or_apostrophe(c)
        });
    ok.then(|| Stripped {
        negative,
        percent,
        currency,
        core: t.to_string(),
    })
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The whole part of a number: plain digits, or groups of three after a first group of one to
/// three digits (not starting with 0), all separated by one and the same character from
/// `allowed`; or, with commas, Indian grouping (a first group of one or two digits, then pairs,
/// then the last three: `2,60,729`, `1,00,00,000`). Returns the digits.
fn whole_part(s: &str, allowed: impl Fn(char) -> bool) -> Option<String> {
    if all_digits(s) {
        return Some(s.to_string());
    }
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if !allowed(sep) {
        return None;
    }
    let groups: Vec<&str> = s.split(sep).collect();
    let first = groups.first()?;
    let lead = all_digits(first) && !first.starts_with('0');
    let thousands = groups.len() >= 2
        && lead
        && first.len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3 && all_digits(g));
    let (last, middle) = groups[1..].split_last()?;
    let indian = sep == ','
        && groups.len() >= 3
        && lead
        && first.len() <= 2
        && last.len() == 3
        && all_digits(last)
        && middle.iter().all(|g| g.len() == 2 && all_digits(g));
    (thousands || indian).then(|| groups.concat())
}

/// The number that digits and separators mean when `mark` is the decimal mark; `None` when they
/// cannot be read that way.
fn read_core(core: &str, mark: DecimalMark) -> Option<f64> {
    let d = mark.char();
    let text = if let Some(e) = core.find(['e', 'E']) {
        // Scientific notation: no thousands separators in the mantissa.
        let (mantissa, exponent) = (&core[..e], &core[e + 1..]);
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let (whole, frac) = mantissa.split_once(d).unwrap_or((mantissa, ""));
        let plain = |s: &str| s.is_empty() || all_digits(s);
        if !all_digits(digits)
            || !plain(whole)
            || !plain(frac)
            || (whole.is_empty() && frac.is_empty())
        {
            return None;
        }
        let whole = if whole.is_empty() { "0" } else { whole };
        let frac = if frac.is_empty() { "0" } else { frac };
        format!("{whole}.{frac}e{exponent}")
    } else {
        if core.contains(['+', '-']) {
            return None;
        }
        let (whole, frac) = match core.split_once(d) {
            Some((w, f)) => (w, Some(f)),
            None => (core, None),
        };
        if let Some(f) = frac
            && !all_digits(f)
        {
            return None;
        }
        let whole = if whole.is_empty() && frac.is_some() {
            "0".to_string()
        } else {
            whole_part(whole, |c| c == mark.grouping() || is_space_or_apostrophe(c))?
        };
        format!("{whole}.{}", frac.unwrap_or("0"))
    };
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Sign and percent applied to a read core.
fn finish(s: &Stripped, v: f64) -> f64 {
    let v = if s.percent { v / 100.0 } else { v };
    if s.negative { -v } else { v }
}

/// Read one cell with a known decimal mark.
pub fn read_number(cell: &str, mark: DecimalMark) -> Cell {
    if is_missing_marker(cell) {
        return Cell::Missing;
    }
    match strip(cell).and_then(|s| read_core(&s.core, mark).map(|v| finish(&s, v))) {
        Some(v) => Cell::Number(v),
        None => Cell::Text,
    }
}

/// How a cell reads under each decimal mark.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Readings {
    pub point: Option<f64>,
    pub comma: Option<f64>,
    pub currency: bool,
    /// Written with a percent sign.
    pub percent: bool,
    /// The digits are separated by a comma / by a point somewhere.
    pub has_comma: bool,
    pub has_point: bool,
}

impl Readings {
    /// Both readings exist and differ: the cell alone cannot tell.
    fn differ(&self) -> Option<(f64, f64)> {
        match (self.point, self.comma) {
            (Some(a), Some(b)) if (a - b).abs() > 1e-12 * a.abs().max(b.abs()) => Some((a, b)),
            _ => None,
        }
    }
}

/// Both readings of a cell; `None` for a missing marker or text.
pub(crate) fn readings(cell: &str) -> Option<Readings> {
    if is_missing_marker(cell) {
        return None;
    }
    let s = strip(cell)?;
    let r = Readings {
        point: read_core(&s.core, DecimalMark::Point).map(|v| finish(&s, v)),
        comma: read_core(&s.core, DecimalMark::Comma).map(|v| finish(&s, v)),
        currency: s.currency,
        percent: s.percent,
        has_comma: s.core.contains(','),
        has_point: s.core.contains('.'),
    };
    (r.point.is_some() || r.comma.is_some()).then_some(r)
}

/// How a column's numbers are read, decided from all of its cells. Rows are data-row indices
/// (0-based; see [`super::table::sheet_row`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ColumnFormat {
    /// Every number reads with this mark.
    Decided(DecimalMark),
    /// Some cells read as two different numbers and nothing in the column or the options
    /// decides: `row` is the first such cell, `thousands` and `decimal` its two readings.
    Ambiguous {
        row: usize,
        thousands: f64,
        decimal: f64,
    },
    /// Cell `row` reads only with `mark`, but more cells (for example `example_row`) read only
    /// with the other mark.
    Mixed {
        row: usize,
        mark: DecimalMark,
        example_row: usize,
    },
    /// Cell `row` has a percent sign and cell `example_row` (not zero) none: `9.99%` and
    /// `9.99` in one column would be read 100 times apart.
    MixedPercent { row: usize, example_row: usize },
}

impl ColumnFormat {
    /// The decided mark, if there is one.
    pub fn mark(self) -> Option<DecimalMark> {
        match self {
            ColumnFormat::Decided(m) => Some(m),
            _ => None,
        }
    }
}

/// What a column's cells say about its decimal mark.
#[derive(Debug, Clone, Default)]
struct Evidence {
    /// Cells that read only with a decimal point / only with a decimal comma.
    point_only: Vec<usize>,
    comma_only: Vec<usize>,
    /// The first cell that reads as two different numbers: (row, thousands, decimal).
    first_ambiguous: Option<(usize, f64, f64)>,
    /// The first such cell whose separator is a comma / a point.
    ambiguous_comma: Option<usize>,
    ambiguous_point: Option<usize>,
    /// Every such cell: (row, thousands reading, decimal reading, its separator is a point).
    ambiguous: Vec<(usize, f64, f64, bool)>,
    /// The magnitudes of the cells that read one way only, with a point / with a comma.
    point_values: Vec<f64>,
    comma_values: Vec<f64>,
    currency: bool,
    /// The first cells with and without a percent sign (zero aside: `0` is also 0 %).
    percent: Option<usize>,
    plain: Option<usize>,
}

impl Evidence {
    fn gather<'a>(cells: impl Iterator<Item = &'a str>) -> Evidence {
        let mut e = Evidence::default();
        for (i, cell) in cells.enumerate() {
            let Some(r) = readings(cell) else {
                continue;
            };
            e.currency |= r.currency;
            if r.point.or(r.comma) != Some(0.0) {
                if r.percent {
                    e.percent.get_or_insert(i);
                } else {
                    e.plain.get_or_insert(i);
                }
            }
            match (r.point, r.comma) {
                (Some(v), None) => {
                    e.point_only.push(i);
                    e.point_values.push(v.abs());
                }
                (None, Some(v)) => {
                    e.comma_only.push(i);
                    e.comma_values.push(v.abs());
                }
                _ => {
                    if let Some((a, b)) = r.differ() {
                        if r.has_comma {
                            e.ambiguous_comma.get_or_insert(i);
                        }
                        if r.has_point {
                            e.ambiguous_point.get_or_insert(i);
                        }
                        // The reading that takes the separator for thousands is the larger.
                        let (t, d) = if a.abs() >= b.abs() { (a, b) } else { (b, a) };
                        e.first_ambiguous.get_or_insert((i, t, d));
                        e.ambiguous.push((i, t, d, r.has_point));
                    }
                }
            }
        }
        e
    }
}

impl Evidence {
    /// In a column whose cells settle `mark` (the first at `example_row`), a cell that reads two
    /// ways, with the mark as its separator, whose reading with `mark` is a hundredth or less of
    /// the settled cells' median while its other reading is within ten times of it: `78675.69`
    /// then `86.337` is one export in points and one in commas, appended, not a drop to a
    /// thousandth. `Mixed` at that cell.
    fn appended(&self, mark: DecimalMark, example_row: usize) -> Option<ColumnFormat> {
        let mut settled = match mark {
            DecimalMark::Point => self.point_values.clone(),
            DecimalMark::Comma => self.comma_values.clone(),
        };
        settled.sort_by(f64::total_cmp);
        let median = *settled.get(settled.len() / 2)?;
        let &(row, ..) = self.ambiguous.iter().find(|&&(_, t, d, point)| {
            point == (mark == DecimalMark::Point)
                && d.abs() * 100.0 <= median
                && t.abs() * 10.0 >= median
                && t.abs() <= 10.0 * median
        })?;
        Some(ColumnFormat::Mixed {
            row,
            mark: match mark {
                DecimalMark::Point => DecimalMark::Comma,
                DecimalMark::Comma => DecimalMark::Point,
            },
            example_row,
        })
    }
}

/// Decide how a column's numbers are read (see the module documentation for the order of the
/// rules). `preferred` is the caller's answer for columns whose cells leave it open; `file` the
/// mark the file's other columns settle, if they settle one.
pub fn decide<'a>(
    cells: impl Iterator<Item = &'a str>,
    preferred: Option<DecimalMark>,
    file: Option<DecimalMark>,
) -> ColumnFormat {
    let e = Evidence::gather(cells);
    if let (Some(row), Some(example_row)) = (e.percent, e.plain) {
        return ColumnFormat::MixedPercent { row, example_row };
    }
    match (e.point_only.first(), e.comma_only.first()) {
        (Some(&p), Some(&c)) => {
            // The fewer kind is the odd one out; ties point at the later cell.
            let (mark, row, example_row) = if e.point_only.len() > e.comma_only.len()
                || (e.point_only.len() == e.comma_only.len() && p < c)
            {
                (DecimalMark::Comma, c, p)
            } else {
                (DecimalMark::Point, p, c)
            };
            return ColumnFormat::Mixed {
                row,
                mark,
                example_row,
            };
        }
        (Some(&p), None) => {
            return e
                .appended(DecimalMark::Point, p)
                .unwrap_or(ColumnFormat::Decided(DecimalMark::Point));
        }
        (None, Some(&c)) => {
            return e
                .appended(DecimalMark::Comma, c)
                .unwrap_or(ColumnFormat::Decided(DecimalMark::Comma));
        }
        (None, None) => {}
    }
    let Some((row, thousands, decimal)) = e.first_ambiguous else {
        return ColumnFormat::Decided(preferred.unwrap_or(DecimalMark::Point));
    };
    match (e.ambiguous_comma, e.ambiguous_point) {
        // `55,434` and `26.753` in one column (two exports appended): whichever the mark, one
        // kind is read a thousand times off.
        (Some(c), Some(p)) => ColumnFormat::Mixed {
            row: c.max(p),
            mark: if p > c {
                DecimalMark::Comma
            } else {
                DecimalMark::Point
            },
            example_row: c.min(p),
        },
        // Money with a three-digit group after one kind of separator: thousands, unless the
        // file's other columns write that separator as their decimal mark.
        (Some(_), None) if e.currency && file != Some(DecimalMark::Comma) => {
            ColumnFormat::Decided(DecimalMark::Point)
        }
        (None, Some(_)) if e.currency && file != Some(DecimalMark::Point) => {
            ColumnFormat::Decided(DecimalMark::Comma)
        }
        _ => match preferred {
            Some(m) => ColumnFormat::Decided(m),
            None => ColumnFormat::Ambiguous {
                row,
                thousands,
                decimal,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalMark::{Comma, Point};

    fn num(s: &str, m: DecimalMark) -> Cell {
        read_number(s, m)
    }

    fn col(cells: &[&str]) -> ColumnFormat {
        decide(cells.iter().copied(), None, None)
    }

    #[test]
    fn plain_numbers_read_the_same_with_either_mark() {
        for m in [Point, Comma] {
            assert_eq!(num("12", m), Cell::Number(12.0));
            assert_eq!(num("-3", m), Cell::Number(-3.0));
            assert_eq!(num("1e3", m), Cell::Number(1000.0));
        }
    }

    #[test]
    fn a_decimal_comma_with_point_thousands_reads_as_written() {
        assert_eq!(num("1.234,5", Comma), Cell::Number(1234.5));
    }

    #[test]
    fn a_decimal_point_with_comma_thousands_reads_as_written() {
        assert_eq!(num("1,234.5", Point), Cell::Number(1234.5));
    }

    #[test]
    fn currency_before_or_after_is_ignored() {
        assert_eq!(num("$1,234.50", Point), Cell::Number(1234.5));
        assert_eq!(num("1.234,50 €", Comma), Cell::Number(1234.5));
        assert_eq!(num("USD 1,234", Point), Cell::Number(1234.0));
        assert_eq!(num("1 234,5 kr", Comma), Cell::Number(1234.5));
        assert_eq!(num("£12", Point), Cell::Number(12.0));
    }

    #[test]
    fn excels_accounting_zero_is_zero_and_a_dash_alone_is_missing() {
        for cell in [" $-   ", "$ -", "- €", "€-", "-$", "USD -"] {
            for m in [Point, Comma] {
                assert_eq!(num(cell, m), Cell::Number(0.0), "{cell:?}");
            }
        }
        assert_eq!(num("-", Point), Cell::Missing);
        assert_eq!(num("$", Point), Cell::Text);
        assert_eq!(num("$--", Point), Cell::Text);
        // A column of accounting cells is decided by its amounts.
        assert_eq!(
            col(&[" $-   ", " $25,000.00 ", " $-   "]),
            ColumnFormat::Decided(Point)
        );
    }

    #[test]
    fn spaces_and_apostrophes_group_thousands() {
        assert_eq!(num("1 234 567,5", Comma), Cell::Number(1_234_567.5));
        assert_eq!(num("1\u{a0}234.5", Point), Cell::Number(1234.5));
        assert_eq!(num("1\u{202f}234", Comma), Cell::Number(1234.0));
        assert_eq!(num("1'234.5", Point), Cell::Number(1234.5));
    }

    #[test]
    fn percent_reads_as_a_fraction() {
        assert_eq!(num("15%", Point), Cell::Number(0.15));
        assert_eq!(num("12,5 %", Comma), Cell::Number(0.125));
    }

    #[test]
    fn parentheses_and_trailing_minus_are_negative() {
        assert_eq!(num("(200)", Point), Cell::Number(-200.0));
        assert_eq!(num("($1,234.50)", Point), Cell::Number(-1234.5));
        assert_eq!(num("1234-", Point), Cell::Number(-1234.0));
        assert_eq!(num("−5", Point), Cell::Number(-5.0));
        assert_eq!(num("-$5", Point), Cell::Number(-5.0));
        assert_eq!(num("$-5", Point), Cell::Number(-5.0));
        assert_eq!(num("$ (1,234.00)", Point), Cell::Number(-1234.0));
    }

    #[test]
    fn text_and_broken_grouping_are_not_numbers() {
        for t in [
            "inf",
            "infinity",
            "abc",
            "12kg",
            "1.2.3",
            "1,23,4567",
            "01,23,456",
            "1,234,56",
            "1.23.456",
            "--5",
            "(-5)",
            "01,234",
            "1,2345",
            "2024-01-01",
            "1.234,5",
            "e5",
            "$",
        ] {
            assert_eq!(read_number(t, Point), Cell::Text, "{t}");
        }
    }

    #[test]
    fn a_grouping_separator_is_not_a_decimal_mark() {
        assert_eq!(read_number("1,234.5", Comma), Cell::Text);
        assert_eq!(read_number("12,5", Point), Cell::Text);
    }

    #[test]
    fn missing_markers_are_missing() {
        for m in ["", "NA", "na", "N/A", "null", "-", "NaN"] {
            assert_eq!(read_number(m, Point), Cell::Missing, "{m}");
        }
    }

    #[test]
    fn a_cell_with_both_marks_decides_the_column() {
        assert_eq!(col(&["1,234", "1,234.5"]), ColumnFormat::Decided(Point));
        assert_eq!(col(&["1.234", "1.234,5"]), ColumnFormat::Decided(Comma));
    }

    #[test]
    fn several_groups_decide_the_column() {
        assert_eq!(col(&["1,234", "1,234,567"]), ColumnFormat::Decided(Point));
        assert_eq!(col(&["1.234", "1.234.567"]), ColumnFormat::Decided(Comma));
    }

    #[test]
    fn a_short_decimal_decides_the_column() {
        assert_eq!(col(&["1,234", "12,5"]), ColumnFormat::Decided(Comma));
        assert_eq!(col(&["1.125", "0.5"]), ColumnFormat::Decided(Point));
        assert_eq!(col(&["0,125", "1,234"]), ColumnFormat::Decided(Comma));
    }

    #[test]
    fn three_digit_groups_alone_are_ambiguous() {
        assert_eq!(
            col(&["850", "1,234", "2,500"]),
            ColumnFormat::Ambiguous {
                row: 1,
                thousands: 1234.0,
                decimal: 1.234
            }
        );
        assert!(matches!(
            col(&["1.234", "5.678"]),
            ColumnFormat::Ambiguous { row: 0, .. }
        ));
    }

    #[test]
    fn money_with_three_digit_groups_uses_them_for_thousands() {
        assert_eq!(col(&["$32,337", "$8,120"]), ColumnFormat::Decided(Point));
        assert_eq!(col(&["32.337 €", "8.120 €"]), ColumnFormat::Decided(Comma));
        // The file's other columns agreeing changes nothing.
        assert_eq!(
            decide(["$32,337", "$8,120"].into_iter(), None, Some(Point)),
            ColumnFormat::Decided(Point)
        );
    }

    #[test]
    fn money_against_the_files_mark_is_asked_about() {
        // `$1.606` beside columns written `594893.10`: 1.606 in that file's convention, 1,606 by
        // the money rule; neither is guessed, and the caller's mark answers it.
        let prices = ["$1.606", "$1.589"];
        assert_eq!(
            decide(prices.into_iter(), None, Some(Point)),
            ColumnFormat::Ambiguous {
                row: 0,
                thousands: 1606.0,
                decimal: 1.606
            }
        );
        assert_eq!(
            decide(prices.into_iter(), Some(Point), Some(Point)),
            ColumnFormat::Decided(Point)
        );
        // `1,606 €` in a file of `594.893,10 €`, and dollars `$32,337` in a European export.
        assert!(matches!(
            decide(["1,606 €"].into_iter(), None, Some(Comma)),
            ColumnFormat::Ambiguous { row: 0, .. }
        ));
        assert_eq!(
            decide(["$32,337"].into_iter(), Some(Point), Some(Comma)),
            ColumnFormat::Decided(Point)
        );
    }

    #[test]
    fn indian_grouping_reads_with_a_decimal_point() {
        assert_eq!(num("2,60,729.33", Point), Cell::Number(260_729.33));
        assert_eq!(num("₹1,00,00,000", Point), Cell::Number(10_000_000.0));
        assert_eq!(num("Rs. 12,34,567", Point), Cell::Number(1_234_567.0));
        assert_eq!(num("2,60,729.33", Comma), Cell::Text);
        // It settles the column, even among cells that alone could be read two ways.
        assert_eq!(col(&["45,120", "2,60,729"]), ColumnFormat::Decided(Point));
    }

    #[test]
    fn the_callers_mark_answers_an_ambiguous_column_only() {
        assert_eq!(
            decide(["1,234"].into_iter(), Some(Comma), None),
            ColumnFormat::Decided(Comma)
        );
        assert_eq!(
            decide(["1,234", "1,234.5"].into_iter(), Some(Comma), None),
            ColumnFormat::Decided(Point)
        );
    }

    #[test]
    fn opposite_evidence_points_at_the_odd_cell() {
        assert_eq!(
            col(&["1,5", "2.5", "3.25"]),
            ColumnFormat::Mixed {
                row: 0,
                mark: Comma,
                example_row: 1
            }
        );
    }

    #[test]
    fn columns_without_separators_are_decided() {
        assert_eq!(col(&["1", "na", "2.5"]), ColumnFormat::Decided(Point));
        assert_eq!(col(&["1", "2"]), ColumnFormat::Decided(Point));
    }
}
