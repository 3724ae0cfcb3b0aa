//! Reading CSV text into a table of trimmed text cells, with each column's number format decided
//! from all of its cells (see [`super::numbers`]); and refusing a total row at the bottom.
//!
//! Row numbers in errors count like a spreadsheet does: the header is row 1, the first data row
//! is row 2.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

use super::dates;
pub use super::numbers::{Cell, ColumnFormat, DecimalMark, is_missing_marker};
use super::numbers::{decide, read_number, readings};

/// How to read the file, beyond what its cells tell.
///
/// | option | default | purpose |
/// |---|---|---|
/// | `decimal_mark` | `None` (ask) | the decimal mark of columns whose cells could be read two ways (`1,234` or `1.234` and nothing else); columns whose cells settle it are read as they say |
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ReadOptions {
    pub decimal_mark: Option<DecimalMark>,
}

impl ReadOptions {
    /// Read columns whose cells leave it open with this decimal mark.
    pub fn decimal_mark(mut self, mark: DecimalMark) -> Self {
        self.decimal_mark = Some(mark);
        self
    }
}

/// Why `text` (decoded from the file's bytes, invalid UTF-8 replaced by U+FFFD) is not CSV
/// text, if it is not: read on, such files give errors about cell counts or missing columns
/// that send the user looking in the wrong place.
fn not_text(text: &str) -> Option<&'static str> {
    if text.starts_with("PK\u{3}\u{4}") {
        Some("it is an Excel workbook (.xlsx) or another zip archive")
    } else if text.starts_with('\u{1f}') {
        Some("it is a compressed (gzip) file")
    } else if text.contains('\0') {
        Some(
            "it holds NUL characters (bytes of value zero), as UTF-16 text (Excel's 'Unicode Text') or a binary file does",
        )
    } else if text.contains('\u{fffd}') {
        Some(
            "some of its bytes are not UTF-8 (a file saved in a Windows or Latin-1 encoding: a '€', '£' or accented letter cannot be read)",
        )
    } else {
        None
    }
}

/// A CSV file as read: a header and rows of text cells, all rows as long as the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column names, trimmed, in file order.
    pub columns: Vec<String>,
    /// Data rows, cells trimmed.
    pub rows: Vec<Vec<String>>,
    /// The separator that was detected (`,`, `;` or tab).
    pub delimiter: u8,
    /// How each column's numbers are read, decided from all of its cells.
    pub formats: Vec<ColumnFormat>,
    /// The file line (the spreadsheet's row number) of each data row, counting the lines that
    /// were skipped: blank ones (a spreadsheet's empty row) and notes above the column names.
    /// Empty for a table built in code, whose rows are numbered as [`sheet_row`] numbers them.
    pub lines: Vec<usize>,
}

/// The spreadsheet row number of data row `i` (0-based) in a file with the header as row 1 and
/// no skipped lines; a parsed table's rows are numbered by [`Table::sheet_row`].
pub fn sheet_row(i: usize) -> usize {
    i + 2
}

impl Table {
    /// The spreadsheet row number (the file line) of data row `i` (0-based).
    pub fn sheet_row(&self, i: usize) -> usize {
        self.lines.get(i).copied().unwrap_or_else(|| sheet_row(i))
    }

    /// The data row (0-based) at spreadsheet row `row`: the inverse of [`Table::sheet_row`].
    pub fn data_row(&self, row: usize) -> Option<usize> {
        (0..self.rows.len()).find(|&i| self.sheet_row(i) == row)
    }

    /// `e`, an error of [`super::dates`]' column checks (which number data row `i` as
    /// [`sheet_row`] does), with its rows renumbered as this table's file numbers them.
    pub fn renumber_dates(&self, mut e: Error) -> Error {
        let at = |r: &mut usize| *r = self.sheet_row(r.saturating_sub(2));
        match &mut e {
            Error::BadDate { row, .. } => at(row),
            Error::DuplicateDate { row, first_row, .. }
            | Error::IrregularSpacing {
                row,
                row_before: first_row,
                ..
            } => {
                at(row);
                at(first_row);
            }
            _ => {}
        }
        e
    }

    /// Parse CSV text with default [`ReadOptions`].
    ///
    /// # Errors
    /// As [`Table::parse_with`].
    pub fn parse(text: &str) -> Result<Table> {
        Table::parse_with(text, &ReadOptions::default())
    }

    /// Parse CSV text. The separator (comma, semicolon, tab or `|`) is detected from the header
    /// line, or named by Excel's `sep=;` first line;
    /// a UTF-8 byte-order mark is ignored; fully blank lines are skipped. Each column's number
    /// format is decided from all of its cells (see [`super::numbers`]).
    ///
    /// # Errors
    /// [`Error::EmptyFile`], [`Error::NoDataRows`], [`Error::MalformedCsv`], [`Error::RaggedRow`],
    /// [`Error::BlankColumnName`], [`Error::DuplicateColumn`].
    pub fn parse_with(text: &str, options: &ReadOptions) -> Result<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Error::EmptyFile);
        }
        if text.trim_start().starts_with('{') {
            return Err(Error::ModelGivenAsData);
        }
        if let Some(what) = not_text(text) {
            return Err(Error::NotCsvText { what });
        }
        // Excel's `sep=;` first line names the separator (Excel hides the line: the header is
        // row 1 there, and here).
        let first = text.lines().next().unwrap_or("");
        let first = first.trim_end_matches('\r').trim_start();
        let named = first
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("sep="))
            .and_then(|_| first.as_bytes().get(4).copied())
            .filter(|_| first.len() == 5);
        let text = match named {
            Some(_) => text.split_once('\n').map_or("", |(_, rest)| rest),
            None => text,
        };
        // Notes above the column names on lines of their own that start with '#' (Google
        // Analytics 4's exports: `# Start date: 20240101`) are skipped; their lines still count
        // in the rows named. A header starting with '#' (`#date,…`, a row-number column `#,…`)
        // is no note.
        let (skipped, text) = leading_notes(text);
        let delimiter = named.unwrap_or_else(|| detect_delimiter(text));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());

        let mut columns: Option<Vec<String>> = None;
        // Cells of the header line, blank trailing names included.
        let mut header_cells = 0;
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        // Line number at a record's byte offset, counted on from the previous record's. The
        // offset may be that of the blank lines before the record: they are passed over.
        let (mut counted_to, mut line_count) = (0, 1);
        let mut lines_to = |byte: usize| {
            let mut byte = byte.clamp(counted_to, text.len());
            while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
                byte += 1;
            }
            // A line ends at `\n`, or at a `\r` alone (old Mac files), as the csv reader reads.
            let bytes = text.as_bytes();
            line_count += (counted_to..byte)
                .filter(|&k| {
                    bytes[k] == b'\n' || (bytes[k] == b'\r' && bytes.get(k + 1) != Some(&b'\n'))
                })
                .count();
            counted_to = byte;
            line_count
        };
        for record in reader.records() {
            let record = record.map_err(|e| {
                let row = e
                    .position()
                    .map_or(0, |p| lines_to(p.byte() as usize) + skipped);
                Error::MalformedCsv {
                    row,
                    detail: csv_error_detail(&e),
                }
            })?;
            if record.iter().all(|c| c.is_empty()) {
                continue;
            }
            // The csv reader's line count passes over blank lines: count from the byte offset.
            let line = record
                .position()
                .map_or(rows.len() + 2, |p| lines_to(p.byte() as usize))
                + skipped;
            match &columns {
                None => {
                    let names: Vec<String> = record.iter().map(|c| c.to_string()).collect();
                    header_cells = names.len();
                    columns = Some(check_header(names)?);
                }
                Some(cols) => {
                    let mut cells: Vec<String> = record.iter().map(|c| c.to_string()).collect();
                    // Trailing empty cells from a trailing separator are harmless.
                    while cells.len() > cols.len() && cells.last().is_some_and(|c| c.is_empty()) {
                        cells.pop();
                    }
                    // Lines of one cell (a title, a date range) above the column names.
                    if cols.len() == 1
                        && rows.iter().all(|r: &Vec<String>| r.len() == 1)
                        && cells.len() > 1
                    {
                        return Err(Error::TitleAboveHeader {
                            row: line,
                            found: cells.len(),
                        });
                    }
                    if cells.len() > cols.len() && cells.len() <= header_cells {
                        // Data under a header cell without a name (`…,promo,` over `…,1,x`).
                        return Err(Error::BlankColumnName {
                            position: cols.len() + 1,
                        });
                    }
                    if cells.len() != cols.len() {
                        return Err(Error::RaggedRow {
                            row: line,
                            expected: cols.len(),
                            found: cells.len(),
                        });
                    }
                    rows.push(cells);
                    lines.push(line);
                }
            }
        }
        let columns = columns.ok_or(Error::EmptyFile)?;
        if rows.is_empty() {
            return Err(Error::NoDataRows);
        }
        let mut table = Table {
            columns,
            rows,
            delimiter,
            formats: Vec::new(),
            lines,
        };
        let file = table.settled_mark();
        table.formats = (0..table.columns.len())
            .map(|j| decide(table.column(j), options.decimal_mark, file))
            .collect();
        Ok(table)
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

    /// What cell (`row`, `column`) holds, for deciding what kind of column it is: a cell that
    /// reads as a number with either decimal mark is a number here, even when its column's
    /// format is not decided. Use [`Table::number`] for the value.
    pub fn cell(&self, row: usize, column: usize) -> Cell {
        let text = &self.rows[row][column];
        match self.formats[column].mark() {
            Some(m) => read_number(text, m),
            None if is_missing_marker(text) => Cell::Missing,
            None => match readings(text) {
                Some(r) => Cell::Number(r.point.or(r.comma).unwrap_or(0.0)),
                None => Cell::Text,
            },
        }
    }

    /// The number in cell (`row`, `column`) as its column's format reads it; `None` for text,
    /// a missing cell, or a column whose format is not decided.
    pub fn number(&self, row: usize, column: usize) -> Option<f64> {
        let m = self.formats[column].mark()?;
        match read_number(&self.rows[row][column], m) {
            Cell::Number(v) => Some(v),
            _ => None,
        }
    }

    /// The first column whose own cells settle a decimal mark (other than `unlike`, if given):
    /// (column, mark, first settling row).
    fn settling_column(&self, unlike: Option<DecimalMark>) -> Option<(usize, DecimalMark, usize)> {
        (0..self.columns.len()).find_map(|j| {
            let (mark, r) = super::numbers::settled_mark(self.column(j))?;
            // `01.2021` (a month label) settles nothing about the file's numbers.
            let cell = self.rows[r][j].trim().as_bytes();
            let label = cell.len() > 1 && cell[0] == b'0' && cell[1].is_ascii_digit();
            (Some(mark) != unlike && !label).then_some((j, mark, r))
        })
    }

    /// The decimal mark the file's columns settle, when some settle one and none the other.
    pub fn settled_mark(&self) -> Option<DecimalMark> {
        let (_, mark, _) = self.settling_column(None)?;
        self.settling_column(Some(mark)).is_none().then_some(mark)
    }

    /// When the decimal mark `chosen` decided a column that could be read two ways while
    /// another column's cells settle the other mark, a sentence saying so: the choice reads
    /// that column a thousand times off if it follows the rest of the file.
    pub fn mark_conflict(&self, chosen: DecimalMark) -> Option<String> {
        let (other, settled, r) = self.settling_column(Some(chosen))?;
        let (j, row, thousands, decimal) = (0..self.columns.len()).find_map(|j| {
            match super::numbers::decide(self.column(j), None, Some(settled)) {
                ColumnFormat::Ambiguous {
                    row,
                    thousands,
                    decimal,
                } => Some((j, row, thousands, decimal)),
                _ => None,
            }
        })?;
        // The cell's separator is the chosen mark: read as decimals; otherwise as thousands.
        let (read, instead) = if self.rows[row][j].contains(chosen.char()) {
            (decimal, thousands)
        } else {
            (thousands, decimal)
        };
        Some(format!(
            "With the decimal mark set to {}, '{}' reads '{}' (row {}) as {}, but '{}' writes '{}' (row {}) with {}. If '{}' follows the rest of the file, set the decimal mark to {} ({} instead).",
            chosen.name(),
            self.columns[j],
            self.rows[row][j],
            self.sheet_row(row),
            crate::numbers::number(read),
            self.columns[other],
            self.rows[r][other],
            self.sheet_row(r),
            settled.words(),
            self.columns[j],
            settled.name(),
            crate::numbers::number(instead),
        ))
    }

    /// The error for a column whose numbers cannot be read one way, if it is one.
    pub fn format_error(&self, column: usize) -> Option<Error> {
        let name = self.columns.get(column)?.clone();
        match *self.formats.get(column)? {
            ColumnFormat::Decided(_) => None,
            ColumnFormat::Ambiguous {
                row,
                thousands,
                decimal,
            } => Some(Error::AmbiguousNumberFormat {
                row: self.sheet_row(row),
                column: name,
                value: self.rows[row][column].clone(),
                thousands,
                decimal,
                others: self
                    .settling_column(None)
                    .map(|(j, mark, r)| {
                        format!(
                            " Other columns of this file use {}: '{}' writes '{}' (row {}).",
                            mark.words(),
                            self.columns[j],
                            self.rows[r][j],
                            self.sheet_row(r)
                        )
                    })
                    .unwrap_or_default(),
            }),
            ColumnFormat::Mixed {
                row,
                mark,
                example_row,
            } => Some(Error::MixedNumberFormat {
                row: self.sheet_row(row),
                column: name,
                value: self.rows[row][column].clone(),
                uses: mark.words(),
                example_row: self.sheet_row(example_row),
                example: self.rows[example_row][column].clone(),
            }),
            ColumnFormat::MixedPercent { row, example_row } => Some(Error::MixedNumberFormat {
                row: self.sheet_row(row),
                column: name,
                value: self.rows[row][column].clone(),
                uses: "a percent sign",
                example_row: self.sheet_row(example_row),
                example: self.rows[example_row][column].clone(),
            }),
        }
    }

    /// Refuse a total or summary row at the bottom (a date cell such as `Total`, `Sum`,
    /// `Average`; or a last row whose numbers are the sums or averages of the rows above), which
    /// would otherwise be read as a period or reported as a bad date.
    ///
    /// # Errors
    /// [`Error::TotalRow`] naming the first such row.
    pub fn check_no_total_row(&self) -> Result<()> {
        let n = self.rows.len();
        if n < 3 {
            return Ok(());
        }
        // A date column with total labels: a trailing block (`Total`, `Average` under the dates),
        // a `Total` first or a `2023 Total` between the years.
        for j in 0..self.columns.len() {
            let labelled = |i: &usize| is_total_label(&self.rows[*i][j]);
            let Some(first) = (0..n).find(labelled) else {
                continue;
            };
            let count = (0..n).filter(labelled).count();
            let others = (0..n)
                .filter(|i| !labelled(i))
                .map(|i| self.rows[i][j].as_str());
            if n - count >= 2 && dates::parse_column(&self.columns[j], others).is_ok() {
                return Err(Error::TotalRow {
                    row: self.sheet_row(first),
                    column: self.columns[j].clone(),
                    evidence: format!(
                        "its '{}' cell says '{}' where a date belongs",
                        self.columns[j], self.rows[first][j]
                    ),
                    // The rows to delete at the bottom; 0: not only there.
                    count: if first + count == n { count } else { 0 },
                });
            }
        }
        // A last row whose date cell is not a date and whose numbers add up the rows above.
        let last = n - 1;
        let date_col = (0..self.columns.len()).find(|&j| {
            dates::parse_column(&self.columns[j], self.column(j).take(last)).is_ok()
                && dates::parse_column(&self.columns[j], self.column(j).skip(last)).is_err()
        });
        let Some(date_col) = date_col else {
            return Ok(());
        };
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-4 * b.abs().max(1e-9);
        let mut sums = 0;
        let mut means = 0;
        let mut compared = 0;
        let mut example: Option<(usize, f64)> = None;
        for j in 0..self.columns.len() {
            if j == date_col {
                continue;
            }
            let Some(total) = self.number(last, j) else {
                continue;
            };
            let above: Option<Vec<f64>> = (0..last)
                .map(|i| match self.cell(i, j) {
                    Cell::Missing => Some(0.0),
                    Cell::Number(_) => self.number(i, j),
                    Cell::Text => None,
                })
                .collect();
            let Some(above) = above else {
                continue;
            };
            let sum: f64 = above.iter().sum();
            if sum.abs() <= f64::MIN_POSITIVE {
                continue;
            }
            compared += 1;
            if close(total, sum) {
                sums += 1;
            } else if close(total, sum / last as f64) {
                means += 1;
            } else {
                return Ok(());
            }
            if example.is_none() {
                example = Some((j, total));
            }
        }
        let Some((j, total)) = example else {
            return Ok(());
        };
        let what = if sums == compared {
            "sums"
        } else if means == compared {
            "averages"
        } else {
            return Ok(());
        };
        Err(Error::TotalRow {
            row: self.sheet_row(last),
            column: self.columns[date_col].clone(),
            evidence: format!(
                "it has no date, and its numbers are the {what} of the rows above (for example '{}': {})",
                self.columns[j], total
            ),
            count: 1,
        })
    }
}

/// Does a date cell say Total, Sum, Average or the like?
fn is_total_label(cell: &str) -> bool {
    let words: Vec<String> = cell
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(super::names::lowercase)
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    const LABELS: &[&str] = &[
        "total",
        "totals",
        "sum",
        "subtotal",
        "average",
        "avg",
        "mean",
        "overall",
        "summe",
        "gesamt",
        "gesamtsumme",
        "totaal",
        "totale",
        "suma",
        "somme",
        "moyenne",
        "durchschnitt",
    ];
    // `2023 Total`, `Q1 subtotal`: a label after a year or a quarter too.
    words.iter().any(|w| LABELS.contains(&w.as_str()))
        || (first == "grand" && words.get(1).is_some_and(|w| w == "total"))
        || (first == "sub" && words.get(1).is_some_and(|w| w == "total"))
}

fn csv_error_detail(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "it contains characters that are not UTF-8 text; save the file as UTF-8".into()
        }
        _ => "the quoting is broken".into(),
    }
}

/// The name given to a first column whose header cell is blank (a pandas or R row index).
pub const UNNAMED_FIRST: &str = "Unnamed: 0";

fn check_header(names: Vec<String>) -> Result<Vec<String>> {
    let mut trailing = names.len();
    // A trailing separator on the header gives a blank last name; drop blank names at the end.
    while trailing > 0 && names[trailing - 1].is_empty() {
        trailing -= 1;
    }
    let mut names: Vec<String> = names.into_iter().take(trailing).collect();
    // pandas (`to_csv` with its index) and R (`write.csv` with row names) leave the first header
    // cell blank over their row labels. Name it as pandas does when reading such a file; the
    // roles leave a row counter out and take dates as the date column.
    if names.len() > 1 && names[0].is_empty() {
        // A file saved twice by pandas already has an `Unnamed: 0` column.
        names[0] = if names.iter().any(|n| n == UNNAMED_FIRST) {
            format!("{UNNAMED_FIRST}.1")
        } else {
            UNNAMED_FIRST.to_string()
        };
    }
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

/// The number of lines of notes (`#`, `# …`, `#-…`; blank lines among them) at the start of
/// `text`, and the text after them. Without such a note, none.
fn leading_notes(text: &str) -> (usize, &str) {
    let mut rest = text;
    let mut skipped = 0;
    let mut notes = 0;
    while let Some((line, after)) = rest.split_once('\n') {
        let line = line.trim();
        // `# Start date: …`, `#`, `# ----`; not `#date,…` nor a row-number column `#,date,…`.
        let note = line == "#" || line.starts_with("# ") || line.starts_with("#-");
        if !note && !line.is_empty() {
            break;
        }
        notes += usize::from(note);
        skipped += 1;
        rest = after;
    }
    if notes == 0 {
        (0, text)
    } else {
        (skipped, rest)
    }
}

/// Pick the separator that occurs most often (outside quotes) on the first non-blank line.
fn detect_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    for ch in line.chars() {
        match ch {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            '|' if !in_quotes => counts[3] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t', b'|'];
    let mut best = 0;
    for i in 1..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
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

    /// Bytes as the CLI and the page decode them (invalid UTF-8 replaced): a workbook, a gzip
    /// file, UTF-16 and a Windows-1252 `€` are each named, with the fix; UTF-8 reads.
    #[test]
    fn files_that_are_not_csv_text_are_named_as_such() {
        let decoded = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let what = |bytes: &[u8]| match Table::parse(&decoded(bytes)) {
            Err(Error::NotCsvText { what }) => what,
            other => panic!("{other:?}"),
        };
        assert!(what(b"PK\x03\x04\x14\x00\x06\x00").contains("Excel workbook"));
        assert!(what(b"\x1f\x8b\x08\x00data").contains("gzip"));
        let utf16: Vec<u8> = "\u{feff}date,revenue\n2024-01-01,1\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(what(&utf16).contains("UTF-16"));
        // Windows-1252: the euro sign is the byte 0x80.
        assert!(what(b"date,revenue\n2024-01-01,12\x80\n").contains("not UTF-8"));
        let e = Table::parse(&decoded(b"date,revenue\n2024-01-01,12\x80\n")).unwrap_err();
        assert!(
            e.to_string()
                .contains("Save it from the spreadsheet as 'CSV UTF-8"),
            "{e}"
        );
        assert!(Table::parse("date,revenue\n2024-01-01,12 \u{20ac}\n").is_ok());
    }

    /// A pipe-separated file, and Excel's `sep=;` line naming the separator (the header is then
    /// row 1, as Excel shows it).
    #[test]
    fn pipes_and_excels_sep_line_name_the_separator() {
        let t = Table::parse("date|revenue|tv\n2024-01-01|10|3\n").unwrap();
        assert_eq!((t.delimiter, t.columns.len()), (b'|', 3));
        let t = Table::parse("sep=;\r\ndate;revenue;tv\r\n2024-01-01;10,5;3\r\n").unwrap();
        assert_eq!(t.delimiter, b';');
        assert_eq!(t.columns, vec!["date", "revenue", "tv"]);
        assert_eq!(t.rows, vec![vec!["2024-01-01", "10,5", "3"]]);
        let t = Table::parse("sep=\t\ndate\trevenue\n2024-01-01\t1\n").unwrap();
        assert_eq!((t.delimiter, t.columns.len()), (b'\t', 2));
        match Table::parse("sep=,\ndate,revenue\n2024-01-01,1,2\n").unwrap_err() {
            Error::RaggedRow { row: 2, .. } => {}
            e => panic!("{e:?}"),
        }
        // Data under a trailing header cell without a name: that column is named.
        assert_eq!(
            Table::parse("date,revenue,\n2024-01-01,1,x\n").unwrap_err(),
            Error::BlankColumnName { position: 3 }
        );
        // A trailing separator on every line is harmless.
        assert_eq!(
            Table::parse("date,revenue,\n2024-01-01,1,\n")
                .unwrap()
                .columns
                .len(),
            2
        );
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
    fn rows_are_numbered_as_the_file_lines_with_blank_and_quoted_lines_counted() {
        // An empty spreadsheet row (blank, or only separators), a CRLF blank line, and a cell
        // over two lines: each row keeps the line it starts on.
        let t = Table::parse(
            "date,tv_spend,revenue\n2023-01-02,\"1\n2\",2\n\n2023-01-09,3,3\n,,\n\r\n2023-01-16,1,3\n",
        )
        .unwrap();
        assert_eq!(t.lines, vec![2, 5, 8]);
        assert_eq!(
            (t.sheet_row(1), t.data_row(8), t.data_row(7)),
            (5, Some(2), None)
        );
        let e = Table::parse("date,tv,revenue\n2023-01-02,1,2\n\n2023-01-09,x,3,4\n").unwrap_err();
        assert_eq!(
            e,
            Error::RaggedRow {
                row: 4,
                expected: 3,
                found: 4
            }
        );
        // Old Mac line ends (a `\r` alone) end lines too.
        let t = Table::parse("date,tv,revenue\r2023-01-02,1,2\r\r2023-01-09,3,3\r").unwrap();
        assert_eq!(t.lines, vec![2, 4]);
    }

    #[test]
    fn a_saved_model_or_other_json_object_is_named_as_such() {
        let model =
            "{\n  \"schema_version\": 2,\n  \"generator\": \"mixlens 0.1.0\",\n  \"kpi\": {}\n}";
        assert_eq!(Table::parse(model).unwrap_err(), Error::ModelGivenAsData);
        assert_eq!(
            Table::parse(" {\"rows\": []}").unwrap_err(),
            Error::ModelGivenAsData
        );
    }

    #[test]
    fn notes_starting_with_a_hash_above_the_column_names_are_skipped_and_counted() {
        // Google Analytics 4's export: notes, a blank line, then the column names on line 9.
        let ga4 = "# ----------------------------------------\n# Traffic acquisition\n# Account: Demo, Inc.\n#\n# ----------------------------------------\n# Start date: 20230102\n# End date: 20230109\n\nDate;tv_spend;revenue\n20230102;1;2\n20230109;3;4\n";
        let t = Table::parse(ga4).unwrap();
        assert_eq!(t.columns, vec!["Date", "tv_spend", "revenue"]);
        assert_eq!((t.delimiter, t.lines.clone()), (b';', vec![10, 11]));
        // A header whose first name starts with '#' is no note.
        let t = Table::parse("#date,revenue\n2023-01-02,2\n").unwrap();
        assert_eq!(t.columns[0], "#date");
        // A row-number column named '#' is a column, not a note.
        let t = Table::parse("#,date,revenue\n1,2023-01-02,2\n").unwrap();
        assert_eq!((t.columns[0].as_str(), t.lines.clone()), ("#", vec![2]));
        // Below the column names a '#' line is data (here, a value '#N/A' in the first column).
        let t = Table::parse("date,revenue\n#N/A,2\n2023-01-09,3\n").unwrap();
        assert_eq!(t.rows[0][0], "#N/A");
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
        // A blank first name over a row index (pandas, R) is named as pandas names it.
        let t = Table::parse(",date,revenue\n0,2024-01-01,5\n").unwrap();
        assert_eq!(t.columns, vec!["Unnamed: 0", "date", "revenue"]);
        let t = Table::parse(",Unnamed: 0,date,revenue\n0,0,2024-01-01,5\n").unwrap();
        assert_eq!(
            t.columns,
            vec!["Unnamed: 0.1", "Unnamed: 0", "date", "revenue"]
        );
        // Two lines of one cell above the column names.
        assert_eq!(
            Table::parse("Report\n2024-01-01 - 2024-03-31\ndate,revenue\n2024-01-01,5\n")
                .unwrap_err(),
            Error::TitleAboveHeader { row: 3, found: 2 }
        );
        assert_eq!(
            Table::parse(",,revenue\n0,2024-01-01,5\n").unwrap_err(),
            Error::BlankColumnName { position: 2 }
        );
    }

    #[test]
    fn trailing_separator_is_tolerated() {
        let t = Table::parse("a,b,\n1,2,\n").unwrap();
        assert_eq!(t.columns.len(), 2);
        assert_eq!(t.rows[0], vec!["1", "2"]);
    }

    /// A month label such as `01.2021` does not tell the file's decimal mark: euro amounts
    /// `462.380 €` beside it are read by the money rule, as without it.
    #[test]
    fn a_month_label_does_not_settle_the_files_mark() {
        let text = "Monat;Umsatz;TV\n01.2021;462.380 €;1.200 €\n02.2021;455.120 €;1.350 €\n";
        let t = Table::parse(text).unwrap();
        assert_eq!(t.settled_mark(), None);
        assert_eq!(t.number(0, 1), Some(462_380.0));
    }

    #[test]
    fn each_column_gets_its_own_number_format() {
        // `price` settles a decimal comma; `$32,337` then reads two ways and is asked about,
        // and the answer decides it alone.
        let text = "date;tv;price\n2024-01-01;$32,337;1,5\n2024-01-08;$8,120;2\n";
        let t = Table::parse(text).unwrap();
        assert_eq!(t.number(0, 1), None);
        assert_eq!(t.number(0, 2), Some(1.5));
        let point = ReadOptions::default().decimal_mark(DecimalMark::Point);
        let t = Table::parse_with(text, &point).unwrap();
        assert_eq!(t.number(0, 1), Some(32337.0));
        assert_eq!(t.number(0, 2), Some(1.5));
    }

    #[test]
    fn an_ambiguous_column_has_no_number_but_counts_as_numeric() {
        let t = Table::parse("date,tv\n2024-01-01,\"1,234\"\n2024-01-08,\"2,500\"\n").unwrap();
        assert_eq!(t.number(0, 1), None);
        assert!(matches!(t.cell(0, 1), Cell::Number(_)));
        assert_eq!(
            t.format_error(1).map(|e| e.kind()),
            Some("ambiguous_number_format")
        );
    }

    #[test]
    fn the_decimal_mark_option_answers_an_ambiguous_column() {
        let text = "date,tv\n2024-01-01,\"1,234\"\n2024-01-08,\"2,500\"\n";
        let t = Table::parse_with(
            text,
            &ReadOptions::default().decimal_mark(DecimalMark::Comma),
        )
        .unwrap();
        assert_eq!(t.number(0, 1), Some(1.234));
    }

    /// A total row first or between the years is named as one (it was "'2023 Total' is not a
    /// date: write dates as YYYY-MM-DD"), and the message says to delete it, not the last row.
    #[test]
    fn a_total_row_above_other_periods_is_a_total_row() {
        for (text, row, label) in [
            (
                "date,tv\nTotal,6\n2024-01-01,1\n2024-01-08,2\n2024-01-15,3\n",
                2,
                "Total",
            ),
            (
                "date,tv\n2023-12-25,1\n2023 Total,1\n2024-01-01,2\n2024-01-08,3\n",
                3,
                "2023 Total",
            ),
        ] {
            let e = Table::parse(text)
                .unwrap()
                .check_no_total_row()
                .unwrap_err();
            assert_eq!(
                e,
                Error::TotalRow {
                    row,
                    column: "date".into(),
                    evidence: format!("its 'date' cell says '{label}' where a date belongs"),
                    count: 0
                }
            );
            assert!(
                e.to_string()
                    .ends_with("Delete it and any other total or summary rows; MixLens adds up the periods itself."),
                "{e}"
            );
        }
    }

    #[test]
    fn a_total_label_under_the_dates_is_a_total_row() {
        let t =
            Table::parse("date,tv\n2024-01-01,1\n2024-01-08,2\n2024-01-15,3\nTotal,6\n").unwrap();
        assert_eq!(
            t.check_no_total_row().unwrap_err(),
            Error::TotalRow {
                row: 5,
                column: "date".into(),
                evidence: "its 'date' cell says 'Total' where a date belongs".into(),
                count: 1
            }
        );
    }

    #[test]
    fn a_last_row_of_column_sums_is_a_total_row() {
        let t = Table::parse(
            "date,revenue,tv\n2024-01-01,10,1\n2024-01-08,20,2\n2024-01-15,30,3\n,60,6\n",
        )
        .unwrap();
        assert_eq!(t.check_no_total_row().unwrap_err().row(), Some(5));
    }

    #[test]
    fn total_labels_are_recognised() {
        for l in [
            "Total",
            "TOTAL:",
            "Grand total",
            "Sum",
            "Average",
            "Totals",
            "Total 2024",
        ] {
            assert!(is_total_label(l), "{l}");
        }
        for l in ["2024-01-01", "", "event", "Totality week"] {
            assert!(!is_total_label(l), "{l}");
        }
    }

    #[test]
    fn an_ordinary_last_row_is_not_a_total_row() {
        let t =
            Table::parse("date,revenue,tv\n2024-01-01,10,1\n2024-01-08,20,2\n2024-01-15,30,3\n")
                .unwrap();
        assert!(t.check_no_total_row().is_ok());
    }
}
