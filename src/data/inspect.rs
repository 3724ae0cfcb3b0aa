//! What a user interface shows right after a file is picked: the first rows, the roles decided
//! for every column, what the data covers, and the first problem found, if any. It never fails:
//! a broken file still shows as much as could be read, with the error pointing at its cell.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Error;

use super::dataset::{Dataset, Warning, WarningKind};
use super::dates::Frequency;
use super::roles::{self, RoleAssignment, RoleRequest};
use super::table::{ReadOptions, Table};

/// An error in a form a user interface can show and point with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// Stable short name of the error ([`Error::kind`]).
    pub kind: String,
    /// The sentence to show.
    pub message: String,
    /// Spreadsheet row (header = 1), when the error points at one.
    pub row: Option<usize>,
    /// Column name, when the error points at one.
    pub column: Option<String>,
}

impl From<&Error> for ErrorInfo {
    fn from(e: &Error) -> Self {
        ErrorInfo {
            kind: e.kind().to_string(),
            message: e.to_string(),
            row: e.row(),
            column: e.column().map(String::from),
        }
    }
}

/// What the validated data covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub frequency: Frequency,
    pub periods: usize,
    #[serde(with = "crate::data::dates::iso_serde")]
    pub first: NaiveDate,
    #[serde(with = "crate::data::dates::iso_serde")]
    pub last: NaiveDate,
    pub channels: Vec<String>,
    pub organic: Vec<String>,
    pub controls: Vec<String>,
}

/// The result of [`inspect`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    /// Column names (empty when the file could not be read as CSV at all).
    pub columns: Vec<String>,
    /// The first rows, as text.
    pub preview: Vec<Vec<String>>,
    /// The file line (spreadsheet row) of each preview row, as errors name rows.
    pub preview_rows: Vec<usize>,
    /// The same cells as read: the number the model would use, or `None` for text, a missing
    /// cell, or a column whose number format is not settled (the error says why). Show these
    /// rather than the text, so a misread separator is seen before fitting.
    pub numbers: Vec<Vec<Option<f64>>>,
    /// Data rows in the file.
    pub rows: usize,
    /// The roles decided, when they could be.
    pub roles: Option<RoleAssignment>,
    /// What the data covers, when it is valid.
    pub coverage: Option<Coverage>,
    pub warnings: Vec<Warning>,
    /// The first problem, if any.
    pub error: Option<ErrorInfo>,
}

/// Number of rows in [`Inspection::preview`].
pub const PREVIEW_ROWS: usize = 12;

/// Read, assign roles and validate, reporting every stage that succeeded.
pub fn inspect(text: &str, request: &RoleRequest) -> Inspection {
    inspect_with(text, request, &ReadOptions::default())
}

/// As [`inspect`], with [`ReadOptions`].
pub fn inspect_with(text: &str, request: &RoleRequest, options: &ReadOptions) -> Inspection {
    let mut out = Inspection {
        columns: Vec::new(),
        preview: Vec::new(),
        preview_rows: Vec::new(),
        numbers: Vec::new(),
        rows: 0,
        roles: None,
        coverage: None,
        warnings: Vec::new(),
        error: None,
    };
    let table = match Table::parse_with(text, options) {
        Ok(t) => t,
        Err(e) => {
            out.error = Some((&e).into());
            return out;
        }
    };
    out.columns = table.columns.clone();
    out.preview = table.rows.iter().take(PREVIEW_ROWS).cloned().collect();
    out.preview_rows = (0..out.preview.len()).map(|i| table.sheet_row(i)).collect();
    out.numbers = (0..out.preview.len())
        .map(|r| {
            (0..table.columns.len())
                .map(|c| table.number(r, c))
                .collect()
        })
        .collect();
    out.rows = table.rows.len();
    if let Err(e) = table.check_no_total_row() {
        out.error = Some((&e).into());
        return out;
    }
    let assignment = match roles::assign(&table, request) {
        Ok(a) => a,
        Err(e) => {
            out.error = Some((&e).into());
            return out;
        }
    };
    out.roles = Some(assignment.clone());
    // Shown even when validation fails below, so a left-out column is never a surprise.
    out.warnings = roles::text_warnings(&table, &assignment);
    // A decimal mark set against the file's other columns is named whether or not the data
    // validate below (as `load_csv_with` names it).
    let conflict = options
        .decimal_mark
        .and_then(|m| table.mark_conflict(m))
        .map(|m| Warning::new(WarningKind::SpendScale, m));
    if let Some(w) = &conflict {
        out.warnings.insert(0, w.clone());
    }
    match Dataset::from_table(&table, assignment) {
        Ok(loaded) => {
            let d = &loaded.dataset;
            out.coverage = Some(Coverage {
                frequency: d.frequency,
                periods: d.len(),
                first: d.dates[0],
                last: d.dates[d.len() - 1],
                channels: d.channel_names(),
                organic: d.organic.iter().map(|o| o.name.clone()).collect(),
                controls: d.controls.iter().map(|c| c.name.clone()).collect(),
            });
            out.warnings = loaded.warnings;
            if let Some(w) = conflict {
                out.warnings.insert(0, w);
            }
        }
        Err(e) => out.error = Some((&e).into()),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::numbers::DecimalMark;

    #[test]
    fn a_clean_file_shows_preview_roles_and_coverage() {
        let i = inspect(
            "date,revenue,tv_spend\n2024-01-01,10,1\n2024-01-08,12,3\n2024-01-15,11,0\n",
            &RoleRequest::default(),
        );
        assert_eq!(i.columns, vec!["date", "revenue", "tv_spend"]);
        assert_eq!(i.rows, 3);
        assert_eq!(i.preview.len(), 3);
        let c = i.coverage.unwrap();
        assert_eq!((c.periods, c.frequency), (3, Frequency::Weekly));
        assert_eq!(c.channels, vec!["tv"]);
        assert!(i.error.is_none());
    }

    #[test]
    fn a_bad_cell_keeps_the_preview_and_points_at_the_cell() {
        let i = inspect(
            "date,revenue,tv_spend\n2024-01-01,10,1\n2024-01-08,12,-3\n",
            &RoleRequest::default(),
        );
        assert_eq!(i.preview.len(), 2);
        assert!(i.roles.is_some());
        let e = i.error.unwrap();
        assert_eq!(
            (e.kind.as_str(), e.row, e.column.as_deref()),
            ("negative_spend", Some(3), Some("tv_spend"))
        );
    }

    #[test]
    fn the_preview_carries_numbers_as_read() {
        // A dollar column in a file that writes decimal commas: `$1,000` is asked about, not
        // guessed, and read as the chosen mark says, with a word about the rest of the file.
        let text = "date;revenue;tv_spend\n2024-01-01;1.234,5;$1,000\n2024-01-08;12,25;$2,500\n2024-01-15;11;$900\n";
        let asked = inspect(text, &RoleRequest::default());
        let e = asked.error.unwrap();
        assert_eq!(
            (e.kind.as_str(), e.row, e.column.as_deref()),
            ("ambiguous_number_format", Some(2), Some("tv_spend"))
        );
        let point = ReadOptions::default().decimal_mark(DecimalMark::Point);
        let i = inspect_with(text, &RoleRequest::default(), &point);
        assert!(i.error.is_none(), "{:?}", i.error);
        assert_eq!(i.numbers[0], vec![None, Some(1234.5), Some(1000.0)]);
        assert_eq!(i.warnings[0].kind, WarningKind::SpendScale);
    }

    #[test]
    fn text_warnings_show_even_when_validation_fails() {
        let mut s = "date,revenue,tv_spend,Notes\n".to_string();
        for (k, note) in ["outage", "", "new agency", ""].iter().enumerate() {
            s += &format!("2024-01-{:02},{},{},{note}\n", 1 + 7 * k, 10 + k, k);
        }
        s = s.replace("2024-01-22,13,3", "2024-01-22,13,-3");
        let i = inspect(&s, &RoleRequest::default());
        assert_eq!(i.error.map(|e| e.kind), Some("negative_spend".to_string()));
        assert_eq!(
            i.warnings[0].kind,
            crate::data::WarningKind::TextColumnIgnored
        );
    }

    #[test]
    fn a_total_row_keeps_the_preview() {
        let i = inspect(
            "date,revenue,tv_spend\n2024-01-01,10,1\n2024-01-08,12,3\n2024-01-15,11,2\nTotal,33,6\n",
            &RoleRequest::default(),
        );
        assert_eq!(i.preview.len(), 4);
        let e = i.error.unwrap();
        assert_eq!((e.kind.as_str(), e.row), ("total_row", Some(5)));
    }

    #[test]
    fn unreadable_text_reports_without_preview() {
        let i = inspect("", &RoleRequest::default());
        assert!(i.columns.is_empty());
        assert_eq!(i.error.unwrap().kind, "empty_file");
    }
}
