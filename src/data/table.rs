//! Reading CSV text into a table of trimmed text cells, and reading numbers out of cells.
//!
//! Row numbers in errors count like a spreadsheet does: the header is row 1, the first data row
//! is row 2.

use crate::error::{Error, Result};

/// A CSV file as read: a header and rows of text cells, all rows as long as the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column names, trimmed, in file order.
    pub columns: Vec<String>,
    /// Data rows, cells trimmed.
    pub rows: Vec<Vec<String>>,
    /// The separator that was detected (`,`, `;` or tab).
    pub delimiter: u8,
}

/// The spreadsheet row number of data row `i` (0-based): the header is row 1.
pub fn sheet_row(i: usize) -> usize {
    i + 2
}

impl Table {
    /// Parse CSV text. The separator (comma, semicolon or tab) is detected from the header line;
    /// a UTF-8 byte-order mark is ignored; fully blank lines are skipped.
    ///
    /// # Errors
    /// [`Error::EmptyFile`], [`Error::NoDataRows`], [`Error::MalformedCsv`], [`Error::RaggedRow`],
    /// [`Error::BlankColumnName`], [`Error::DuplicateColumn`].
    pub fn parse(text: &str) -> Result<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Error::EmptyFile);
        }
        let delimiter = detect_delimiter(text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());

        let mut columns: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let row = e.position().map(|p| p.line() as usize).unwrap_or(0);
                Error::MalformedCsv {
                    row,
                    detail: csv_error_detail(&e),
                }
            })?;
            if record.iter().all(|c| c.is_empty()) {
                continue;
            }
            let line = record
                .position()
                .map(|p| p.line() as usize)
                .unwrap_or(rows.len() + 2);
            match &columns {
                None => {
                    let names: Vec<String> = record.iter().map(|c| c.to_string()).collect();
                    columns = Some(check_header(names)?);
                }
                Some(cols) => {
                    let mut cells: Vec<String> = record.iter().map(|c| c.to_string()).collect();
                    // Trailing empty cells from a trailing separator are harmless.
                    while cells.len() > cols.len() && cells.last().is_some_and(|c| c.is_empty()) {
                        cells.pop();
                    }
                    if cells.len() != cols.len() {
                        return Err(Error::RaggedRow {
                            row: line,
                            expected: cols.len(),
                            found: cells.len(),
                        });
                    }
                    rows.push(cells);
                }
            }
        }
        let columns = columns.ok_or(Error::EmptyFile)?;
        if rows.is_empty() {
            return Err(Error::NoDataRows);
        }
        Ok(Table {
            columns,
            rows,
            delimiter,
        })
    }

    /// Index of a column by its (trimmed) name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.columns.iter().position(|c| c == name)
    }

    /// The column names joined for an error message.
    pub fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// All cells of one column.
    pub fn column(&self, index: usize) -> impl Iterator<Item = &str> {
        self.rows.iter().map(move |r| r[index].as_str())
    }
}

fn csv_error_detail(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "it contains characters that are not UTF-8 text; save the file as UTF-8".into()
        }
        _ => "the quoting is broken".into(),
    }
}

fn check_header(names: Vec<String>) -> Result<Vec<String>> {
    let mut trailing = names.len();
    // A trailing separator on the header gives a blank last name; drop blank names at the end.
    while trailing > 0 && names[trailing - 1].is_empty() {
        trailing -= 1;
    }
    let names: Vec<String> = names.into_iter().take(trailing).collect();
    for (i, n) in names.iter().enumerate() {
        if n.is_empty() {
            return Err(Error::BlankColumnName { position: i + 1 });
        }
        if let Some(j) = names[..i].iter().position(|m| m == n) {
            return Err(Error::DuplicateColumn {
                column: n.clone(),
                first: j + 1,
                second: i + 1,
            });
        }
    }
    if names.is_empty() {
        return Err(Error::EmptyFile);
    }
    Ok(names)
}

/// Pick the separator that occurs most often (outside quotes) on the first non-blank line.
fn detect_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for ch in line.chars() {
        match ch {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
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

/// Read one cell as a number.
///
/// Accepts plain decimals and exponents, a leading currency sign (`$`, `€`, `£`), thousands
/// separators in a comma file (`"1,234.5"`), and decimal commas in a semicolon file (`1234,5`).
pub fn read_cell(s: &str, delimiter: u8) -> Cell {
    if is_missing_marker(s) {
        return Cell::Missing;
    }
    let mut t = s.trim();
    let negative_paren = t.starts_with('(') && t.ends_with(')');
    if negative_paren {
        t = &t[1..t.len() - 1];
    }
    let (sign, rest) = match t.strip_prefix('-') {
        Some(r) => (-1.0, r),
        None => (1.0, t.strip_prefix('+').unwrap_or(t)),
    };
    let rest = rest.trim_start_matches(['$', '€', '£']).trim();
    let cleaned: String = if delimiter == b';' && is_decimal_comma(rest) {
        rest.replacen(',', ".", 1)
    } else if is_thousands_grouped(rest) {
        rest.replace(',', "")
    } else {
        rest.to_string()
    };
    // Rust's parser also accepts "inf" and "NaN"; those are not numbers a spreadsheet means.
    if cleaned.is_empty()
        || !cleaned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
    {
        return Cell::Text;
    }
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => {
            let v = sign * v;
            Cell::Number(if negative_paren { -v } else { v })
        }
        _ => Cell::Text,
    }
}

fn is_decimal_comma(s: &str) -> bool {
    let mut parts = s.split(',');
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !a.is_empty()
        && !b.is_empty()
        && a.bytes().all(|c| c.is_ascii_digit())
        && b.bytes().all(|c| c.is_ascii_digit())
}

fn is_thousands_grouped(s: &str) -> bool {
    if !s.contains(',') {
        return false;
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let groups: Vec<&str> = int.split(',').collect();
    groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups.iter().all(|g| g.bytes().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_header_and_rows_with_trimmed_cells() {
        let t = Table::parse("date, revenue ,tv\n2024-01-01, 10 ,3\n").unwrap();
        assert_eq!(t.columns, vec!["date", "revenue", "tv"]);
        assert_eq!(t.rows, vec![vec!["2024-01-01", "10", "3"]]);
    }

    #[test]
    fn detects_semicolon_and_tab_separators() {
        assert_eq!(Table::parse("a;b\n1;2\n").unwrap().delimiter, b';');
        assert_eq!(Table::parse("a\tb\n1\t2\n").unwrap().delimiter, b'\t');
    }

    #[test]
    fn strips_byte_order_mark_and_blank_lines() {
        let t = Table::parse("\u{feff}a,b\n\n1,2\n\n").unwrap();
        assert_eq!(t.columns, vec!["a", "b"]);
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn quoted_headers_load() {
        let t = Table::parse("\"DATE\",\"revenue\"\n\"2015-11-23\",2754371.66667\n").unwrap();
        assert_eq!(t.columns, vec!["DATE", "revenue"]);
    }

    #[test]
    fn ragged_row_reports_spreadsheet_row() {
        let e = Table::parse("a,b\n1,2\n3\n").unwrap_err();
        assert_eq!(
            e,
            Error::RaggedRow {
                row: 3,
                expected: 2,
                found: 1
            }
        );
    }

    #[test]
    fn empty_and_header_only_files_are_rejected() {
        assert_eq!(Table::parse("").unwrap_err(), Error::EmptyFile);
        assert_eq!(Table::parse("  \n\n").unwrap_err(), Error::EmptyFile);
        assert_eq!(Table::parse("a,b\n").unwrap_err(), Error::NoDataRows);
    }

    #[test]
    fn duplicate_and_blank_header_names_are_rejected() {
        assert_eq!(
            Table::parse("a,b,a\n1,2,3\n").unwrap_err(),
            Error::DuplicateColumn {
                column: "a".into(),
                first: 1,
                second: 3
            }
        );
        assert_eq!(
            Table::parse("a,,c\n1,2,3\n").unwrap_err(),
            Error::BlankColumnName { position: 2 }
        );
    }

    #[test]
    fn trailing_separator_is_tolerated() {
        let t = Table::parse("a,b,\n1,2,\n").unwrap();
        assert_eq!(t.columns.len(), 2);
        assert_eq!(t.rows[0], vec!["1", "2"]);
    }

    #[test]
    fn reads_numbers_in_common_spreadsheet_forms() {
        assert_eq!(read_cell("12.5", b','), Cell::Number(12.5));
        assert_eq!(read_cell("-3", b','), Cell::Number(-3.0));
        assert_eq!(read_cell("1e3", b','), Cell::Number(1000.0));
        assert_eq!(read_cell("$1,234.50", b','), Cell::Number(1234.5));
        assert_eq!(read_cell("1234,5", b';'), Cell::Number(1234.5));
        assert_eq!(read_cell("(200)", b','), Cell::Number(-200.0));
    }

    #[test]
    fn missing_markers_and_text_are_not_numbers() {
        for m in ["", "NA", "na", "N/A", "null", "-", "NaN"] {
            assert_eq!(read_cell(m, b','), Cell::Missing, "{m}");
        }
        for t in ["inf", "infinity", "abc", "1,23", "12kg", "1.2.3"] {
            assert_eq!(read_cell(t, b','), Cell::Text, "{t}");
        }
    }
}
