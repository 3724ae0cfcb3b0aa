//! The validated data set: dates in order, the KPI, and the columns of each role as numbers.
//!
//! Everything is checked here, once, so the maths downstream can trust its input: every value is
//! finite, spends are not negative, no modeled column is constant, the periods are evenly spaced.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::precision::MAX_MAGNITUDE;

use super::dates::{self, Frequency};
use super::numbers::{DecimalMark, read_number, readings};
use super::roles::{self, KpiType, RoleAssignment, RoleRequest};
use super::table::{Cell, ReadOptions, Table, is_missing_marker};
use super::vocabulary::{self, CURRENCY_CODES, DOLLARS, LONG_FORMAT_WORDS};

/// A named column of numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// A paid channel: its spend, and optionally the exposure that is modeled instead of spend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaidChannel {
    /// Display name ("tv").
    pub name: String,
    /// Spend column in the file ("tv_S").
    pub spend_column: String,
    /// Spend per period.
    pub spend: Vec<f64>,
    /// Exposure column in the file, if exposure is modeled.
    pub exposure_column: Option<String>,
    /// Exposure per period (impressions, clicks, GRPs), if modeled.
    pub exposure: Option<Vec<f64>>,
}

impl PaidChannel {
    /// The activity the model transforms: exposure when given, else spend.
    pub fn activity(&self) -> &[f64] {
        self.exposure.as_deref().unwrap_or(&self.spend)
    }
}

/// A control column (numeric, or one level of a categorical column as 0/1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Control {
    /// Name shown in results: the column, or `column=level` for a categorical level.
    pub name: String,
    /// The file's column.
    pub column: String,
    /// The level, for a 0/1 column made from a categorical column.
    pub level: Option<String>,
    pub values: Vec<f64>,
}

/// The catalogue of warnings: a stable name for each kind of thing the user should know that
/// did not stop the work (like the error enum for errors). Serialized in snake case; a kind
/// this version does not know (from a newer file) reads as `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningKind {
    /// Rows were not in date order and were sorted.
    RowsSorted,
    /// The KPI has negative values (fine for profit; a mistake for revenue or conversions).
    NegativeKpi,
    /// An exposure column was given for a channel without spend.
    ExposureWithoutSpend,
    /// A control column was left out (constant, or too many levels).
    ControlDropped,
    /// A column does not change over the fitted periods and is left out.
    ColumnUnused,
    /// Less than a year of data: no yearly seasonality.
    NoSeasonality,
    /// Few periods for the number of parameters.
    FewRows,
    /// Few candidate models fit as well as the best.
    FewEquivalentModels,
    /// The data leaves a channel's ROI wide open.
    UncertainRoi,
    /// The model shown gives a channel no effect, but the data cannot tell whether it works
    /// (its range reaches a material ROI).
    UncertainEffect,
    /// A text column holds free text, not categories, and was left out.
    TextColumnIgnored,
    /// A spend column's scale is far off the others' (a misread column?).
    SpendScale,
    /// The default search was made shorter for big data (fewer candidate models per trial).
    SearchScaled,
    /// The Bayesian estimator's chains have not converged.
    NotConverged,
    /// Two lift tests of one channel overlap in time (they are treated as independent).
    LiftOverlap,
    /// A lift test's standard error was derived (Robyn's `confidence`), not given.
    LiftStandardErrorDerived,
    /// The fitted model cannot agree with a lift test.
    LiftConflict,
    /// Much of a lift test's implied lift comes after the data's end (its reading rests on
    /// the spend assumed there).
    LiftAfterData,
    /// A lift test's window starts or ends inside one of the data's periods; whole periods
    /// are compared.
    LiftWindowRounded,
    /// A lift test reports a spend in its window far from the data's.
    LiftSpendMismatch,
    /// The estimator was chosen for the data's size (the ridge search for big data).
    EstimatorChosen,
    /// The Bayesian estimator ran on a coarser grid of curve shapes (big data).
    CoarseGrid,
    /// Most of the posterior puts a channel's effect at the longest delay of the grid's
    /// delayed lags: it may come later still.
    LateLag,
    /// ROI priors were given, but the ridge search ran, which has none.
    PriorUnused,
    /// The model explains little of the KPI's variation (R² below a half).
    PoorFit,
    /// A channel's spend moves with the KPI as spend set by sales does (a commission per
    /// sale, a budget as a share of sales): its return cannot be read from these data.
    SpendFollowsSales,
    /// A channel spent in only a few periods: its curve at other spends is a guess.
    RareSpend,
    /// A kind written by a newer MixLens.
    #[serde(other)]
    Other,
}

impl WarningKind {
    /// The stable name (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::RowsSorted => "rows_sorted",
            WarningKind::NegativeKpi => "negative_kpi",
            WarningKind::ExposureWithoutSpend => "exposure_without_spend",
            WarningKind::ControlDropped => "control_dropped",
            WarningKind::ColumnUnused => "column_unused",
            WarningKind::NoSeasonality => "no_seasonality",
            WarningKind::FewRows => "few_rows",
            WarningKind::FewEquivalentModels => "few_equivalent_models",
            WarningKind::UncertainRoi => "uncertain_roi",
            WarningKind::UncertainEffect => "uncertain_effect",
            WarningKind::TextColumnIgnored => "text_column_ignored",
            WarningKind::SpendScale => "spend_scale",
            WarningKind::SearchScaled => "search_scaled",
            WarningKind::NotConverged => "not_converged",
            WarningKind::LiftOverlap => "lift_overlap",
            WarningKind::LiftStandardErrorDerived => "lift_standard_error_derived",
            WarningKind::LiftConflict => "lift_conflict",
            WarningKind::LiftAfterData => "lift_after_data",
            WarningKind::LiftWindowRounded => "lift_window_rounded",
            WarningKind::LiftSpendMismatch => "lift_spend_mismatch",
            WarningKind::EstimatorChosen => "estimator_chosen",
            WarningKind::CoarseGrid => "coarse_grid",
            WarningKind::LateLag => "late_lag",
            WarningKind::PriorUnused => "prior_unused",
            WarningKind::PoorFit => "poor_fit",
            WarningKind::SpendFollowsSales => "spend_follows_sales",
            WarningKind::RareSpend => "rare_spend",
            WarningKind::Other => "other",
        }
    }
}

/// Something the user should know that did not stop the work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub kind: WarningKind,
    /// The sentence to show.
    pub message: String,
    /// The channel or column it is about, when it is about one (a UI marks it there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl Warning {
    pub fn new(kind: WarningKind, message: impl Into<String>) -> Self {
        Warning {
            kind,
            message: message.into(),
            subject: None,
        }
    }

    /// A warning about one channel or column.
    pub fn about(kind: WarningKind, subject: &str, message: impl Into<String>) -> Self {
        Warning {
            subject: Some(subject.to_string()),
            ..Warning::new(kind, message)
        }
    }
}

/// A validated data set, rows in date order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    #[serde(with = "crate::data::dates::iso_serde::list")]
    pub dates: Vec<NaiveDate>,
    pub frequency: Frequency,
    pub kpi: Series,
    pub kpi_type: KpiType,
    pub channels: Vec<PaidChannel>,
    pub organic: Vec<Series>,
    pub controls: Vec<Control>,
    /// Whether the file wrote year-last dates (`05/03/2024`) day first (`Some(false)`: month
    /// first), when it wrote such dates: an experiments file's dates are read the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_first: Option<bool>,
    /// Weekly rows dated by the week's last day (a date column named like `week_ending`);
    /// otherwise a row's date is its period's first day, as Robyn, Meridian and
    /// PyMC-Marketing date weeks. Only lift-test windows and suggested test dates depend on it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub week_ending: bool,
}

/// A date column named for the week's end: `week_ending`, `Week End`, `weekending_date`.
pub(crate) fn names_week_end(column: &str) -> bool {
    let words = roles::tokens(column);
    // `ending` as a word or a word's start (`week_ending`, `weekending`), not inside
    // `spending`.
    words
        .iter()
        .any(|w| w == "end" || w.starts_with("ending") || w.starts_with("weekending"))
}

impl Dataset {
    /// The day/month order of the file's year-last dates, when it wrote such dates.
    pub fn day_order(&self) -> Option<dates::DayOrder> {
        self.day_first.map(|first| {
            if first {
                dates::DayOrder::DayFirst
            } else {
                dates::DayOrder::MonthFirst
            }
        })
    }
}

/// The result of loading a CSV: the data, the roles decided, and warnings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadedData {
    pub dataset: Dataset,
    pub roles: RoleAssignment,
    pub warnings: Vec<Warning>,
}

/// Read CSV text, decide roles, validate. The one entry point from text to data.
///
/// # Errors
/// Any reading, role or validation error; see [`Error`].
pub fn load_csv(text: &str, request: &RoleRequest) -> Result<LoadedData> {
    load_csv_with(text, request, &ReadOptions::default())
}

/// As [`load_csv`], with [`ReadOptions`] (the decimal mark of columns that could be read two
/// ways).
///
/// # Errors
/// Any reading, role or validation error; see [`Error`].
pub fn load_csv_with(
    text: &str,
    request: &RoleRequest,
    options: &ReadOptions,
) -> Result<LoadedData> {
    let table = Table::parse_with(text, options)?;
    table.check_no_total_row()?;
    let roles = roles::assign(&table, request)?;
    let mut loaded = Dataset::from_table(&table, roles)?;
    if let Some(m) = options.decimal_mark.and_then(|m| table.mark_conflict(m)) {
        loaded
            .warnings
            .insert(0, Warning::new(WarningKind::SpendScale, m));
    }
    Ok(loaded)
}

struct Reader<'a> {
    table: &'a Table,
    date_idx: usize,
}

impl Reader<'_> {
    fn date_text(&self, row: usize) -> String {
        self.table.rows[row][self.date_idx].clone()
    }

    /// Read a numeric column; `kind` decides the check on negative values.
    fn numbers(&self, column: &str, sign: SignCheck) -> Result<Vec<f64>> {
        let idx = self
            .table
            .index_of(column)
            .ok_or_else(|| Error::UnknownColumn {
                role: "data".into(),
                column: column.to_string(),
                available: self.table.column_list(),
            })?;
        if let Some(e) = self.table.format_error(idx) {
            return Err(e);
        }
        let mark = self.table.formats[idx].mark().unwrap_or(DecimalMark::Point);
        let mut out = Vec::with_capacity(self.table.rows.len());
        for (i, row) in self.table.rows.iter().enumerate() {
            let cell = &row[idx];
            let v = match read_number(cell, mark) {
                Cell::Number(v) if v.abs() <= MAX_MAGNITUDE => v,
                Cell::Missing => {
                    return Err(Error::MissingValue {
                        row: self.table.sheet_row(i),
                        column: column.to_string(),
                        date: self.date_text(i),
                    });
                }
                // A number beyond any measurement (1e308, or 1e400, which no float holds).
                Cell::Number(v) => {
                    return Err(Error::NumberTooLarge {
                        row: self.table.sheet_row(i),
                        column: column.to_string(),
                        date: self.date_text(i),
                        value: crate::numbers::number(v),
                    });
                }
                // Digits too large for any float (1e400) are a number all the same.
                Cell::Text
                    if cell.trim().parse::<f64>().is_ok_and(f64::is_infinite)
                        && !cell.to_ascii_lowercase().contains("inf") =>
                {
                    let text = cell.trim();
                    return Err(Error::NumberTooLarge {
                        row: self.table.sheet_row(i),
                        column: column.to_string(),
                        date: self.date_text(i),
                        // Its first 24 characters: a number pasted twice runs long.
                        value: text.chars().take(24).collect(),
                    });
                }
                Cell::Text => {
                    return Err(Error::NonNumeric {
                        row: self.table.sheet_row(i),
                        column: column.to_string(),
                        date: self.date_text(i),
                        value: cell.clone(),
                    });
                }
            };
            if v < 0.0 {
                match sign {
                    SignCheck::Spend => {
                        return Err(Error::NegativeSpend {
                            row: self.table.sheet_row(i),
                            column: column.to_string(),
                            date: self.date_text(i),
                            value: v,
                        });
                    }
                    SignCheck::Activity => {
                        return Err(Error::NegativeActivity {
                            row: self.table.sheet_row(i),
                            column: column.to_string(),
                            date: self.date_text(i),
                            value: v,
                        });
                    }
                    SignCheck::Any => {}
                }
            }
            out.push(v);
        }
        let largest = out.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        if largest > 0.0 && largest < crate::precision::MIN_MAGNITUDE {
            return Err(Error::ColumnTooSmall {
                column: column.to_string(),
                largest,
            });
        }
        Ok(out)
    }
}

#[derive(Clone, Copy)]
enum SignCheck {
    Spend,
    Activity,
    Any,
}

fn reorder(v: Vec<f64>, order: &[usize]) -> Vec<f64> {
    order.iter().map(|&i| v[i]).collect()
}

/// The value of a column that holds one value in every row (to 1e-12 of its largest magnitude).
fn constant_value(v: &[f64]) -> Option<f64> {
    let first = *v.first()?;
    let scale = v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    v.iter()
        .all(|&x| (x - first).abs() <= 1e-12 * scale)
        .then_some(first)
}

/// Reject an all-zero or constant activity column.
fn check_varies(column: &str, v: &[f64]) -> Result<()> {
    match constant_value(v) {
        Some(c) if c.abs() <= f64::MIN_POSITIVE => Err(Error::AllZeroColumn {
            column: column.to_string(),
        }),
        Some(c) => Err(Error::ConstantColumn {
            column: column.to_string(),
            value: c,
        }),
        None => Ok(()),
    }
}

/// A duplicate date between rows that differ in a text column (a region, a brand) means the file
/// holds one series per group, not a mistake; say so and how to fix it. Other errors pass.
fn split_by_group(table: &Table, date_idx: usize, kpi: &str, e: Error) -> Error {
    match &e {
        Error::DuplicateDate {
            row,
            first_row,
            date,
        } => group_error(table, date_idx, kpi, *row, *first_row, date).unwrap_or(e),
        _ => e,
    }
}

/// [`Error::RepeatedRow`] when sheet rows `first_row` and `row` are identical, [`Error::LongFormat`]
/// when they differ in a text column named like a channel,
/// [`Error::SeveralRowsPerDate`] when sheet rows `first_row` and `row` (same date) differ in a
/// text column; `None` when no column tells them apart.
fn group_error(
    table: &Table,
    date_idx: usize,
    kpi: &str,
    row: usize,
    first_row: usize,
    date: &str,
) -> Option<Error> {
    let data_row = |sheet: usize| table.data_row(sheet).and_then(|i| table.rows.get(i));
    let (ra, rb) = (data_row(first_row)?, data_row(row)?);
    if ra == rb {
        return Some(Error::RepeatedRow {
            row,
            first_row,
            date: date.to_string(),
        });
    }
    // Text is what reads as no number at all: `1,234` in a spend column is not a group's name.
    let is_text = |v: &str| !v.is_empty() && !is_missing_marker(v) && readings(v).is_none();
    let j = (0..table.columns.len()).find(|&j| {
        j != date_idx
            && matches!((ra.get(j), rb.get(j)), (Some(x), Some(y)) if x != y && is_text(x) && is_text(y))
    })?;
    // The values of that column among the rows with the same date text as the first one.
    let mut seen: Vec<&str> = Vec::new();
    for r in &table.rows {
        if r.get(date_idx) == ra.get(date_idx)
            && let Some(v) = r.get(j)
            && !seen.contains(&v.as_str())
        {
            seen.push(v);
        }
    }
    let shown = seen[..seen.len().min(3)].join(", ");
    let values = if seen.len() > 3 {
        format!("{shown}, … {} values on that date", seen.len())
    } else {
        shown
    };
    if super::roles::tokens(&table.columns[j])
        .iter()
        .any(|t| LONG_FORMAT_WORDS.contains(&t.as_str()))
    {
        return Some(Error::LongFormat {
            row,
            first_row,
            date: date.to_string(),
            column: table.columns[j].clone(),
            values,
        });
    }
    Some(Error::SeveralRowsPerDate {
        row,
        first_row,
        date: date.to_string(),
        column: table.columns[j].clone(),
        values,
        kpi_word: format!("'{kpi}'"),
    })
}

impl Dataset {
    /// Validate a table under decided roles.
    ///
    /// # Errors
    /// Date errors ([`Error::BadDate`], [`Error::DuplicateDate`], [`Error::IrregularSpacing`], ...),
    /// cell errors ([`Error::MissingValue`], [`Error::NonNumeric`], [`Error::NegativeSpend`]),
    /// column errors ([`Error::AllZeroColumn`], [`Error::ConstantColumn`]).
    pub fn from_table(table: &Table, roles: RoleAssignment) -> Result<LoadedData> {
        let date_idx = table.index_of(&roles.date).ok_or(Error::NoDateColumn)?;
        let (raw_dates, day_order) =
            dates::parse_column_ordered(&roles.date, table.column(date_idx), None)
                .map_err(|e| table.renumber_dates(e))?;
        let check = dates::check_sequence(&raw_dates).map_err(|e| {
            let e = table.renumber_dates(e);
            let cells: Vec<&str> = table.column(date_idx).collect();
            match dates::short_month_year_misread(&cells) {
                Some(i) => Error::BadDate {
                    row: table.sheet_row(i),
                    column: roles.date.clone(),
                    value: cells[i].to_string(),
                },
                None => split_by_group(table, date_idx, &roles.kpi, e),
            }
        })?;
        let order = &check.order;
        let reader = Reader { table, date_idx };
        let mut warnings = Vec::new();
        if check.was_unsorted {
            warnings.push(Warning::new(
                WarningKind::RowsSorted,
                format!(
                    "The rows were not in date order; they have been sorted by '{}'.",
                    roles.date
                ),
            ));
        }

        warnings.extend(roles::text_warnings(table, &roles));

        let kpi_values = reorder(reader.numbers(&roles.kpi, SignCheck::Any)?, order);
        if let Some(c) = constant_value(&kpi_values) {
            return Err(Error::ConstantKpi {
                column: roles.kpi.clone(),
                value: c,
            });
        }
        if kpi_values.iter().any(|&v| v < 0.0) {
            warnings.push(Warning::new(
                WarningKind::NegativeKpi,
                format!(
                    "'{}' goes below zero: fine for profit (revenue less costs), whose ROIs are then profit per unit of spend; otherwise check that it is revenue or conversions.",
                    roles.kpi
                ),
            ));
        }

        let mut channels = Vec::with_capacity(roles.media.len());
        for m in &roles.media {
            let spend = reorder(reader.numbers(&m.spend, SignCheck::Spend)?, order);
            check_varies(&m.spend, &spend)?;
            let exposure = match &m.exposure {
                Some(col) => {
                    let x = reorder(reader.numbers(col, SignCheck::Activity)?, order);
                    check_varies(col, &x)?;
                    if let Some(t) = spend
                        .iter()
                        .zip(&x)
                        .position(|(&s, &e)| s > 0.0 && e <= 0.0)
                    {
                        warnings.push(Warning::new(
                            WarningKind::ExposureWithoutSpend,
                            format!(
                                "'{}' is 0 in a period where '{}' has spend ({}); check the exposure figures.",
                                col,
                                m.spend,
                                dates::iso(raw_dates[order[t]])
                            ),
                        ));
                    }
                    Some(x)
                }
                None => None,
            };
            channels.push(PaidChannel {
                name: m.name.clone(),
                spend_column: m.spend.clone(),
                spend,
                exposure_column: m.exposure.clone(),
                exposure,
            });
        }

        warnings.extend(spend_scale_warnings(&channels));
        warnings.extend(unit_warnings(&roles.kpi, &channels));
        warnings.extend(currency_warnings(&roles.kpi, &channels));
        let date_of = |t: usize| dates::iso(raw_dates[order[t]]);
        warnings.extend(
            channels
                .iter()
                .filter_map(|c| rare_spend_warning(c, check.frequency, &date_of)),
        );
        warnings.extend(
            channels
                .iter()
                .filter_map(|c| past_sales_warning(c, &roles.kpi, &kpi_values, check.frequency)),
        );
        for (column, values) in std::iter::once((&roles.kpi, &kpi_values))
            .chain(channels.iter().map(|c| (&c.spend_column, &c.spend)))
        {
            warnings.extend(outlier_warning(column, values, &date_of));
        }
        let spend_per_period: Vec<f64> = (0..kpi_values.len())
            .map(|t| channels.iter().map(|c| c.spend[t]).sum())
            .collect();
        // Daily sales near 0 on Christmas Day, Boxing Day (St Stephen's Day) or New Year's Day: a shop
        // closed, not a lost cell.
        let closed = |t: usize| {
            use chrono::Datelike;
            let d = raw_dates[order[t]];
            check.frequency == Frequency::Daily
                && matches!((d.month(), d.day()), (12, 25) | (12, 26) | (1, 1))
        };
        warnings.extend(low_kpi_warning(
            &roles.kpi,
            &kpi_values,
            &spend_per_period,
            &date_of,
            &closed,
        ));
        // Not for a KPI only guessed to be revenue (`y`, `kpi`: PyMC-Marketing's example).
        let generic =
            vocabulary::GENERIC_KPI_NAMES.contains(&roles::tokens(&roles.kpi).join("_").as_str());
        if roles.kpi_type == KpiType::Revenue && !generic {
            warnings.extend(return_scale_warning(&roles.kpi, &kpi_values, &channels));
        }

        let mut organic = Vec::with_capacity(roles.organic.len());
        for col in &roles.organic {
            let v = reorder(reader.numbers(col, SignCheck::Activity)?, order);
            check_varies(col, &v)?;
            organic.push(Series {
                name: col.clone(),
                values: v,
            });
        }

        let given = |col: &str| roles.notes.iter().any(|n| n.column == col && n.given);
        let mut controls = Vec::new();
        for c in &roles.controls {
            let idx = table.index_of(&c.column).ok_or(Error::UnknownColumn {
                role: "control".into(),
                column: c.column.clone(),
                available: table.column_list(),
            })?;
            if c.categorical {
                let cells: Vec<&str> = order.iter().map(|&i| table.rows[i][idx].as_str()).collect();
                let level_of = |s: &str| {
                    if is_missing_marker(s) {
                        String::new()
                    } else {
                        s.to_string()
                    }
                };
                let mut levels: Vec<(String, usize)> = Vec::new();
                for s in &cells {
                    let l = level_of(s);
                    match levels.iter_mut().find(|(k, _)| *k == l) {
                        Some((_, n)) => *n += 1,
                        None => levels.push((l, 1)),
                    }
                }
                if levels.len() > roles::MAX_LEVELS {
                    let i = (0..table.rows.len())
                        .find(|&i| table.cell(i, idx) == Cell::Text)
                        .unwrap_or(0);
                    return Err(Error::NonNumeric {
                        row: table.sheet_row(i),
                        column: c.column.clone(),
                        date: reader.date_text(i),
                        value: table.rows[i][idx].clone(),
                    });
                }
                if levels.len() < 2 {
                    if given(&c.column) {
                        return Err(Error::ConstantColumn {
                            column: c.column.clone(),
                            value: 0.0,
                        });
                    }
                    warnings.push(Warning::new(
                        WarningKind::ControlDropped,
                        format!("'{}' has a single value and was left out.", c.column),
                    ));
                    continue;
                }
                // Reference level: the most common one (ties: first seen).
                let mut reference = 0;
                for (k, (_, n)) in levels.iter().enumerate() {
                    if *n > levels[reference].1 {
                        reference = k;
                    }
                }
                let mut sorted: Vec<&String> = levels
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != reference)
                    .map(|(_, (l, _))| l)
                    .collect();
                sorted.sort();
                for l in sorted {
                    let shown = if l.is_empty() { "(blank)" } else { l.as_str() };
                    controls.push(Control {
                        name: format!("{}={}", c.column, shown),
                        column: c.column.clone(),
                        level: Some(l.clone()),
                        values: cells
                            .iter()
                            .map(|s| if level_of(s) == *l { 1.0 } else { 0.0 })
                            .collect(),
                    });
                }
            } else {
                let v = reorder(reader.numbers(&c.column, SignCheck::Any)?, order);
                if let Some(val) = constant_value(&v) {
                    if given(&c.column) {
                        return Err(Error::ConstantColumn {
                            column: c.column.clone(),
                            value: val,
                        });
                    }
                    warnings.push(Warning::new(
                        WarningKind::ControlDropped,
                        format!(
                            "'{}' has the same value in every row and was left out.",
                            c.column
                        ),
                    ));
                    continue;
                }
                controls.push(Control {
                    name: c.column.clone(),
                    column: c.column.clone(),
                    level: None,
                    values: v,
                });
            }
        }

        let dataset = Dataset {
            dates: order.iter().map(|&i| raw_dates[i]).collect(),
            frequency: check.frequency,
            kpi: Series {
                name: roles.kpi.clone(),
                values: kpi_values,
            },
            kpi_type: roles.kpi_type,
            channels,
            organic,
            controls,
            day_first: day_order.map(|o| o == dates::DayOrder::DayFirst),
            week_ending: check.frequency == Frequency::Weekly && names_week_end(&roles.date),
        };
        Ok(LoadedData {
            dataset,
            roles,
            warnings,
        })
    }

    /// Number of periods.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// True when there are no periods (never the case for a validated data set).
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// Paid channel names in order.
    pub fn channel_names(&self) -> Vec<String> {
        self.channels.iter().map(|c| c.name.clone()).collect()
    }

    /// Check a data set that did not come through [`load_csv`] (a saved model, a simulator):
    /// lengths agree, values are finite, spends are not negative, dates are evenly spaced.
    ///
    /// # Errors
    /// [`Error::InvalidModel`] describing the first problem.
    pub fn check(&self) -> Result<()> {
        let n = self.dates.len();
        let bad = |reason: String| Err(Error::InvalidModel { reason });
        if n < 2 {
            return bad("the data has fewer than two periods".into());
        }
        if self.channels.is_empty() {
            return bad("the data has no paid channels".into());
        }
        let mut series: Vec<(&str, &[f64], bool)> = vec![(&self.kpi.name, &self.kpi.values, false)];
        for c in &self.channels {
            series.push((&c.name, &c.spend, true));
            if let Some(x) = &c.exposure {
                series.push((&c.name, x, true));
            }
        }
        for o in &self.organic {
            series.push((&o.name, &o.values, true));
        }
        for c in &self.controls {
            series.push((&c.name, &c.values, false));
        }
        for (name, v, nonneg) in series {
            if v.len() != n {
                return bad(format!(
                    "column '{name}' has {} values for {n} dates",
                    v.len()
                ));
            }
            if v.iter().any(|x| !(x.abs() <= MAX_MAGNITUDE)) {
                return bad(format!(
                    "column '{name}' holds a value that is not a finite number or is too large"
                ));
            }
            if nonneg && v.iter().any(|&x| x < 0.0) {
                return bad(format!("column '{name}' holds a negative value"));
            }
        }
        let mut names: Vec<&str> = self.channels.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            return bad("two channels have the same name".into());
        }
        let check = dates::check_sequence(&self.dates).map_err(|e| Error::InvalidModel {
            reason: e.to_string(),
        })?;
        if check.was_unsorted {
            return bad("the dates are not in order".into());
        }
        if check.frequency != self.frequency {
            return bad(format!(
                "the dates are {} but the file says {}",
                check.frequency.word(),
                self.frequency.word()
            ));
        }
        Ok(())
    }

    /// Write the data set as CSV (date, KPI, spends, exposures, organic, numeric controls).
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["date".to_string(), self.kpi.name.clone()];
        header.extend(self.channels.iter().map(|c| c.spend_column.clone()));
        header.extend(
            self.channels
                .iter()
                .filter_map(|c| c.exposure_column.clone()),
        );
        header.extend(self.organic.iter().map(|o| o.name.clone()));
        header.extend(
            self.controls
                .iter()
                .filter(|c| c.level.is_none())
                .map(|c| c.column.clone()),
        );
        // Writing to a Vec cannot fail; a failure would only lose this row.
        let _ = w.write_record(&header);
        for t in 0..self.len() {
            let mut row = vec![dates::iso(self.dates[t]), fmt_num(self.kpi.values[t])];
            row.extend(self.channels.iter().map(|c| fmt_num(c.spend[t])));
            row.extend(
                self.channels
                    .iter()
                    .filter_map(|c| c.exposure.as_ref().map(|x| fmt_num(x[t]))),
            );
            row.extend(self.organic.iter().map(|o| fmt_num(o.values[t])));
            row.extend(
                self.controls
                    .iter()
                    .filter(|c| c.level.is_none())
                    .map(|c| fmt_num(c.values[t])),
            );
            let _ = w.write_record(&row);
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// A paid channel whose typical spend is this many times smaller or larger than the other
/// channels' gets a warning. A thousands separator read as a decimal mark, or a column kept in
/// thousands or in cents, is off by 1000 from where it belongs, but the channel was rarely at
/// the others' median before: on the simulator's default data (TV about three times the other
/// channels) TV misread that way is 370 times below the others.
pub const SPEND_SCALE_RATIO: f64 = 200.0;

/// The median of the positive values, if any.
fn typical_positive(v: &[f64]) -> Option<f64> {
    log_median(v.iter().copied().filter(|&x| x > 0.0).collect())
}

/// The middle of positive numbers on a log scale (the geometric mean of the middle two for an
/// even count).
fn log_median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] * v[m]).sqrt()
    })
}

/// Round to two significant digits for a message: 1234 -> "1200", 0.01234 -> "0.012".
fn two_digits(v: f64) -> String {
    if !(v.is_finite() && v > 0.0) {
        return format!("{v}");
    }
    let exp = v.log10().floor() as i32;
    let step = 10f64.powi(exp - 1);
    let r = (v / step).round() * step;
    if exp >= 1 {
        format!("{r:.0}")
    } else {
        format!("{r:.*}", (1 - exp) as usize)
    }
}

/// A cell at least this many times its column's usual high (the 90th percentile of its
/// positive values) is named: a lost decimal point or a stray digit, more likely than a period.
pub const OUTLIER_FACTOR: f64 = 30.0;

/// The positive values in ascending order, when there are at least ten (enough for the 10th
/// and 90th percentiles the cell warnings measure from).
fn sorted_positive(values: &[f64]) -> Option<Vec<f64>> {
    let mut positive: Vec<f64> = values.iter().copied().filter(|&v| v > 0.0).collect();
    positive.sort_by(f64::total_cmp);
    (positive.len() >= 10).then_some(positive)
}

/// Whether a KPI goes below zero in earnest (profit or margin after fixed costs, whose level is
/// arbitrary): in at least a twentieth of the periods. A refund week or two of a revenue KPI does
/// not make it one. Such a KPI's intercept is free (not held at ≥ 0) and its default priors are
/// sized by its range ([`crate::estimate::bayes::kpi_size`]).
pub fn kpi_goes_below_zero(values: &[f64]) -> bool {
    let below = values.iter().filter(|&&v| v < 0.0).count();
    below > 0 && 20 * below >= values.len()
}

/// Fewer periods with spend than this, and a channel's curve rests on them alone
/// ([`rare_spend_warning`]): two months of weeks. (It was 4, and an outside check's podcast
/// that ran one 4-week flight in two years got no note.) Daily data count in weeks
/// ([`rare_spend_periods`]).
pub const RARE_SPEND_PERIODS: usize = 8;

/// [`RARE_SPEND_PERIODS`] in periods of `frequency`: 8 weeks of days for daily data (a 2-week
/// flight in two years of days is as thin as one in two years of weeks), 8 periods otherwise.
pub fn rare_spend_periods(frequency: Frequency) -> usize {
    match frequency {
        Frequency::Daily => 7 * RARE_SPEND_PERIODS,
        Frequency::Weekly | Frequency::Monthly => RARE_SPEND_PERIODS,
    }
}

/// A warning for a channel that spent in fewer than [`rare_spend_periods`] periods (and under a
/// quarter of them): its return is read from those periods, and its curve at any other spend (a
/// plan's current spend, the mean over a year, is a small fraction of a single burst) is the
/// model's guess. The periods are named as runs (`2024-03-01 to 2024-03-14`). An outside check:
/// 3,000 in one week of 60 read an ROI of 1.43 against a true 1.5, while the plan's marginal
/// return at the year's mean of 58 a week was 11.2 with one number of draws and 0.57 with
/// another.
fn rare_spend_warning(
    c: &PaidChannel,
    frequency: Frequency,
    date_of: &dyn Fn(usize) -> String,
) -> Option<Warning> {
    let active: Vec<usize> = (0..c.spend.len()).filter(|&t| c.spend[t] > 0.0).collect();
    // (In a file of a handful of rows, a few periods are most of them.)
    if active.is_empty()
        || active.len() >= rare_spend_periods(frequency)
        || 4 * active.len() >= c.spend.len()
    {
        return None;
    }
    // Runs of consecutive periods, each as its first and last date.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &t in &active {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == t => *last = t,
            _ => runs.push((t, t)),
        }
    }
    let when: Vec<String> = runs
        .iter()
        .map(|&(first, last)| match last - first {
            0 => date_of(first),
            1 => format!("{}, {}", date_of(first), date_of(last)),
            _ => format!("{} to {}", date_of(first), date_of(last)),
        })
        .collect();
    let periods = match when.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let count = match active.len() {
        1 => "one period".to_string(),
        k => format!("{k} periods"),
    };
    Some(Warning::about(
        WarningKind::RareSpend,
        &c.spend_column,
        format!(
            "'{}' spent in only {count} of {} ({periods}): its return is read from {} alone, and its curve at any other spend is the model's guess. Keep it out of plans (lock it at its current spend) unless a test backs its curve, or leave it out of the model.",
            c.spend_column,
            c.spend.len(),
            if active.len() == 1 {
                "that period"
            } else {
                "those periods"
            },
        ),
    ))
}

/// The most periods back a budget set from past sales is looked for ([`past_sales_warning`]).
pub const PAST_SALES_LAGS: usize = 4;

/// The correlation from which a spend that moves with the KPI of a few periods before is taken
/// for a budget set from those sales, when it also moves with them more closely than with the
/// same period's KPI and is about a share of them ([`roles::share_of_sales`]). Both series are
/// measured around their straight-line trends: a budget that grows with the business moves with
/// every period's sales alike, and which lag came out highest was chance (a review's simulation
/// of such data warned in a fifth to two fifths of its runs before). Lower than the same
/// period's rule ([`roles::KPI_COPY_CORRELATION`]): an outside check's spend set from last
/// week's sales moved with them at 0.90.
pub const PAST_SALES_CORRELATION: f64 = 0.85;

/// A warning for a channel whose spend is a share of the KPI of 1 to [`PAST_SALES_LAGS`]
/// periods before (a budget set from last month's sales): sales then drive the spend, a period
/// later, and the model reads that as the spend's return (the same period's case is the role
/// assignment's, `roles::text_warnings`). A channel that drives the KPI moves with the KPI of
/// the same period or after, and on a line offset by the baseline: no warning.
fn past_sales_warning(
    c: &PaidChannel,
    kpi: &str,
    kpi_values: &[f64],
    frequency: Frequency,
) -> Option<Warning> {
    let (spend, sales) = (detrended(&c.spend), detrended(kpi_values));
    let around_trend = |lag: usize| -> Option<f64> {
        let pairs: Vec<(f64, f64)> = (lag..spend.len())
            .map(|t| (spend[t], sales[t - lag]))
            .collect();
        Some(roles::correlation(&pairs)?.0)
    };
    let raw = |lag: usize| -> Vec<(f64, f64)> {
        (lag..c.spend.len())
            .map(|t| (c.spend[t], kpi_values[t - lag]))
            .collect()
    };
    if roles::correlation(&raw(0)).is_some_and(|(r, ..)| r >= roles::KPI_COPY_CORRELATION)
        && roles::share_of_sales(&raw(0))
    {
        return None; // the same period's: said by the role assignment
    }
    let same = around_trend(0)?;
    let (lag, r) = (1..=PAST_SALES_LAGS)
        .filter_map(|lag| {
            let r = around_trend(lag)?;
            (r >= PAST_SALES_CORRELATION && r > same && roles::share_of_sales(&raw(lag)))
                .then_some((lag, r))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let unit = frequency.unit();
    let before = if lag == 1 {
        format!("the {unit} before")
    } else {
        format!("{lag} {unit}s before")
    };
    Some(Warning::about(
        WarningKind::SpendFollowsSales,
        &c.spend_column,
        format!(
            "'{}' moves with '{kpi}' of {before} (correlation {r:.2}, each around its trend): a budget set as a share of past sales? Then sales drive the spend as much as the spend drives sales, and its ROI cannot be read from these data; a lift test, or leaving it out, says more.",
            c.spend_column
        ),
    ))
}

/// `values` less their least-squares straight line over the periods.
fn detrended(values: &[f64]) -> Vec<f64> {
    let n = values.len() as f64;
    let mean_t = (n - 1.0) / 2.0;
    let mean_v = values.iter().sum::<f64>() / n;
    let (stv, stt) = values
        .iter()
        .enumerate()
        .fold((0.0, 0.0), |(a, b), (t, &v)| {
            let dt = t as f64 - mean_t;
            (a + dt * (v - mean_v), b + dt * dt)
        });
    let slope = if stt > 0.0 { stv / stt } else { 0.0 };
    values
        .iter()
        .enumerate()
        .map(|(t, &v)| v - mean_v - slope * (t as f64 - mean_t))
        .collect()
}

/// A warning for the first cell of `values` (in date order) beyond [`OUTLIER_FACTOR`] times its
/// column's usual high, with its date.
fn outlier_warning(
    column: &str,
    values: &[f64],
    date_of: &dyn Fn(usize) -> String,
) -> Option<Warning> {
    let positive = sorted_positive(values)?;
    let high = positive[(positive.len() * 9) / 10 - 1];
    // Alone above the rest too: recurring flights of a channel that runs low most weeks are
    // each near the next, a slipped cell is not.
    let second = positive[positive.len() - 2];
    let t = values
        .iter()
        .position(|&v| v > OUTLIER_FACTOR * high && v > 10.0 * second)?;
    Some(Warning::about(
        WarningKind::SpendScale,
        column,
        format!(
            "'{column}' on {} is {}, about {} times its usual high ({}, the 90th percentile of the column): a misplaced decimal point or a stray digit? Correct the cell if so; a period this far above the others also weighs heavily on the fit.",
            date_of(t),
            crate::numbers::number(values[t]),
            two_digits(values[t] / high),
            crate::numbers::number(high),
        ),
    ))
}

/// The usual low (10th percentile) a KPI needs before its near-zero periods are named.
const MIN_USUAL_LOW: f64 = 100.0;

/// A warning when the KPI falls to 0 (or below 1/[`OUTLIER_FACTOR`] of its usual low, the 10th
/// percentile of its positive values) in its last two or more periods (weeks not yet reported,
/// appended with their planned spend), or in one period or a few: the model would read sales
/// falling to nothing there.
fn low_kpi_warning(
    column: &str,
    values: &[f64],
    spend: &[f64],
    date_of: &dyn Fn(usize) -> String,
    closed: &dyn Fn(usize) -> bool,
) -> Option<Warning> {
    let positive = sorted_positive(values)?;
    let low = positive[positive.len() / 10];
    // Small counts (a few leads a week) are 0 now and then by chance.
    if low < MIN_USUAL_LOW {
        return None;
    }
    let far = |v: f64| v < low / OUTLIER_FACTOR;
    let trailing = values.iter().rev().take_while(|&&v| far(v)).count();
    let n = values.len();
    let usual = crate::numbers::number(low);
    let few = values.iter().filter(|&&v| far(v)).count();
    // Only when such periods are rare elsewhere: a seasonal business near 0 every off-season
    // (a ski shop in summer) ends near 0 too.
    let rare = |k: usize| k * 20 <= n.max(20);
    // Periods appended before their sales are in still carry their (planned) spend; a business
    // closed at the end of the file spends nothing then.
    let spent = spend
        .get(n - trailing..)
        .is_some_and(|tail| tail.iter().all(|&s| s > 0.0));
    if trailing >= 2 && rare(few - trailing) && spent {
        return Some(Warning::about(
            WarningKind::Other,
            column,
            format!(
                "'{column}' is near 0 in the last {trailing} periods (from {}) while it is usually at least {usual} (the 10th percentile): periods not reported yet, such as weeks appended with their planned spend? Delete those rows; the model would read them as sales falling to nothing.",
                date_of(n - trailing)
            ),
        ));
    }
    // A single day far below the rest on a day shops close (Christmas Day) is not named.
    let t = (0..n).find(|&t| far(values[t]) && !closed(t))?;
    (trailing < 2 && rare(few)).then(|| {
        Warning::about(
            WarningKind::Other,
            column,
            format!(
                "'{column}' on {} is {}, far below its usual low ({usual}, the 10th percentile): a missing report, a lost digit or a partial period? Correct the cell if so; the model reads it as sales falling there.",
                date_of(t),
                crate::numbers::number(values[t]),
            ),
        )
    })
}

/// Revenue over paid spend beyond which a file's columns are likely in different units.
pub const RETURN_SCALE_RATIO: f64 = 1000.0;

/// A warning when total revenue is [`RETURN_SCALE_RATIO`] or more times total paid spend, or
/// below 1/50 of it: spend in thousands beside revenue in units (or the reverse) gives returns
/// of thousands per unit spent.
fn return_scale_warning(kpi: &str, revenue: &[f64], channels: &[PaidChannel]) -> Option<Warning> {
    let total: f64 = revenue.iter().sum();
    let spend: f64 = channels.iter().flat_map(|c| c.spend.iter()).sum();
    if !(total > 0.0 && spend > 0.0) {
        return None;
    }
    let ratio = total / spend;
    let (what, fix, really) = if ratio >= RETURN_SCALE_RATIO {
        (
            "times",
            "spend in thousands beside revenue in units",
            "that small a part of revenue",
        )
    } else if ratio <= 1.0 / 50.0 {
        (
            "times less than",
            "revenue in thousands beside spend in units",
            "that far above revenue",
        )
    } else {
        return None;
    };
    let factor = if ratio >= 1.0 { ratio } else { 1.0 / ratio };
    Some(Warning::about(
        WarningKind::SpendScale,
        kpi,
        format!(
            "Total '{kpi}' is about {} {what} the total paid spend: returns that far from 1 per unit spent usually mean the columns are in different units ({fix}). Put them in the same unit; if the spend really is {really}, ignore this.",
            two_digits(factor)
        ),
    ))
}

/// The unit a column's name says its numbers are in, as a power of ten: 3 for thousands
/// (`TV Spend (000s)`, `revenue_k`, `sales_tsd`, `Umsatz TEUR`, `spend_x1000`), 6 for millions
/// (`revenue_mio`, `Revenue ($M)`, `sales_musd`), 9 for billions, -2 for cents, -6 for micros, 0 otherwise.
/// A lone `m` counts only after a currency sign or in brackets (`$m`, `(m)`): `tv_m` may be
/// anything.
fn unit_of(name: &str) -> i8 {
    // Words as written and as camelCase splits them (`mEUR` is one unit word).
    let mut t = super::roles::tokens(name);
    t.extend(
        name.split(|c: char| !c.is_alphanumeric())
            .map(super::names::lowercase),
    );
    let has = |words: &[&str]| t.iter().any(|w| words.contains(&w.as_str()));
    let lower = super::names::lowercase(name).replace(' ', "");
    let money_m = ["$m", "€m", "£m", "(m)", "[m]"]
        .iter()
        .any(|p| lower.contains(p) && !lower.contains(&format!("{p}o")));
    if has(&[
        "000s",
        "000",
        "k",
        "thousand",
        "thousands",
        "tsd",
        "teur",
        "tusd",
        "tgbp",
        "tchf",
        "keur",
        "kusd",
        "kgbp",
        "x1000",
    ]) {
        3
    } else if money_m
        || has(&[
            "mio", "million", "millions", "000000", "meur", "musd", "mgbp", "x1000000",
        ])
    {
        6
    } else if has(&["bn", "billion", "billions", "mrd"]) {
        9
    } else if has(&["cents", "cent", "pence"]) {
        -2
    } else if has(&["micros"]) {
        // Google Ads' API writes costs in millionths of the currency (`cost_micros`).
        -6
    } else {
        0
    }
}

/// A warning when the KPI's and the spend columns' names say different units (revenue in
/// thousands, spend in units): every ROI would be off by that factor. The numbers are read as
/// written; the user decides.
fn unit_warnings(kpi: &str, channels: &[PaidChannel]) -> Vec<Warning> {
    let columns: Vec<(&str, i8)> = std::iter::once(kpi)
        .chain(channels.iter().map(|c| c.spend_column.as_str()))
        .map(|c| (c, unit_of(c)))
        .collect();
    if columns.iter().all(|&(_, u)| u == columns[0].1) {
        return Vec::new();
    }
    let words = |u: i8| match u {
        -2 => "cents",
        -6 => "millionths (micros)",
        3 => "thousands",
        6 => "millions",
        9 => "billions",
        _ => "units",
    };
    let list = columns
        .iter()
        .map(|&(c, u)| format!("'{c}' in {}", words(u)))
        .collect::<Vec<_>>()
        .join(", ");
    vec![Warning::new(
        WarningKind::SpendScale,
        format!(
            "The column names say different units ({list}); MixLens reads the numbers as written, so returns would be off by that factor. Put the KPI and every spend column in the same unit (or rename a column whose name is wrong)."
        ),
    )]
}

/// The currency a column's name says its numbers are in: an ISO code (`revenue_eur`,
/// `Umsatz TEUR`), or `€`, `£`, `¥` read as EUR, GBP, JPY; `$` stays `$` (several currencies
/// write it).
fn currency_of(name: &str) -> Option<&'static str> {
    let words = super::roles::tokens(name).into_iter().chain(
        name.split(|c: char| !c.is_alphanumeric())
            .map(super::names::lowercase),
    );
    for t in words {
        let code = match t.len() {
            4 if t.starts_with(['t', 'k', 'm']) => &t[1..],
            _ => t.as_str(),
        };
        if let Some(c) = CURRENCY_CODES.iter().find(|&&c| c == code) {
            return Some(c);
        }
    }
    [('€', "eur"), ('£', "gbp"), ('¥', "jpy"), ('$', "$")]
        .iter()
        .find(|(sign, _)| name.contains(*sign))
        .map(|&(_, c)| c)
}

/// A warning when the KPI's and the spend columns' names say different currencies (revenue in
/// EUR, spend in USD): every ROI would be off by the exchange rate. Columns that name no
/// currency are not compared.
fn currency_warnings(kpi: &str, channels: &[PaidChannel]) -> Vec<Warning> {
    let named: Vec<(&str, &str)> = std::iter::once(kpi)
        .chain(channels.iter().map(|c| c.spend_column.as_str()))
        .filter_map(|c| currency_of(c).map(|u| (c, u)))
        .collect();
    let same = |a: &str, b: &str| {
        a == b || (a == "$" && DOLLARS.contains(&b)) || (b == "$" && DOLLARS.contains(&a))
    };
    if named.iter().all(|&(_, u)| same(u, named[0].1)) {
        return Vec::new();
    }
    let list = named
        .iter()
        .map(|&(c, u)| format!("'{c}' in {}", u.to_ascii_uppercase()))
        .collect::<Vec<_>>()
        .join(", ");
    vec![Warning::new(
        WarningKind::SpendScale,
        format!(
            "The column names say different currencies ({list}); MixLens reads the numbers as written, so returns would be off by the exchange rate. Convert the KPI and every spend column to one currency (or rename a column whose name is wrong)."
        ),
    )]
}

/// Warn about paid channels whose typical spend is [`SPEND_SCALE_RATIO`] or more times off the
/// other channels'. With two channels only the smaller is named (a misread separator and a column
/// in thousands both make a column small).
fn spend_scale_warnings(channels: &[PaidChannel]) -> Vec<Warning> {
    let typical: Vec<Option<f64>> = channels
        .iter()
        .map(|c| typical_positive(&c.spend))
        .collect();
    let mut out = Vec::new();
    if channels.len() < 2 {
        return out;
    }
    for (i, c) in channels.iter().enumerate() {
        let Some(t) = typical[i] else {
            continue;
        };
        let others: Vec<f64> = typical
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .filter_map(|(_, x)| *x)
            .collect();
        let Some(reference) = log_median(others) else {
            continue;
        };
        let ratio = reference / t;
        // Larger than the channels' median, itself included: one small column (in thousands)
        // must not make the others look large.
        let all = log_median(typical.iter().filter_map(|x| *x).collect()).unwrap_or(t);
        let (factor, direction) = if ratio >= SPEND_SCALE_RATIO {
            (ratio, "smaller")
        } else if channels.len() > 2 && t / all >= SPEND_SCALE_RATIO {
            (1.0 / ratio, "larger")
        } else {
            continue;
        };
        let than = if channels.len() == 2 {
            let other = &channels[1 - i].spend_column;
            format!("'{other}'")
        } else {
            "the other spend columns".to_string()
        };
        out.push(Warning::about(
            WarningKind::SpendScale,
            &c.name,
            format!(
                "'{}' is about {} times {direction} than {than} (a typical period: {} against {}). If its numbers were misread (a thousands separator taken for a decimal mark) or are in other units (thousands, cents), correct the column; if the spend really is that different, ignore this.",
                c.spend_column,
                two_digits(factor),
                two_digits(t),
                two_digits(reference),
            ),
        ));
    }
    out
}

/// Numbers in CSV output: shortest exact form, at most 6 decimals for readability.
fn fmt_num(v: f64) -> String {
    let r = (v * 1e6).round() / 1e6;
    let s = format!("{r}");
    if s == "-0" { "0".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "date,revenue,tv_spend,search_spend,price\n\
        2024-01-01,100,10,5,1.0\n\
        2024-01-08,120,0,6,1.1\n\
        2024-01-15,130,20,4,0.9\n\
        2024-01-22,110,5,5,1.0\n";

    fn load(s: &str) -> Result<LoadedData> {
        load_csv(s, &RoleRequest::default())
    }

    /// A channel that spent in one, two, four or seven periods is named with them; one that
    /// spent in ten of thirty, or eight of 104, is not.
    #[test]
    fn a_channel_that_spent_in_few_periods_is_named() {
        let file = |radio: &dyn Fn(u32) -> u32| {
            let mut csv = String::from("date,revenue,tv_spend,radio_spend\n");
            for k in 0..30u32 {
                csv.push_str(&format!(
                    "2024-01-{:02},{},{},{}\n",
                    k + 1,
                    1000 + 37 * (k % 5),
                    100 + 10 * (k % 4),
                    radio(k)
                ));
            }
            load(&csv).unwrap().warnings
        };
        let rare = |w: &[Warning]| -> Vec<String> {
            w.iter()
                .filter(|w| w.kind == WarningKind::RareSpend)
                .map(|w| w.message.clone())
                .collect()
        };
        let one = file(&|k| if k == 9 { 3000 } else { 0 });
        assert_eq!(rare(&one).len(), 1);
        assert!(rare(&one)[0].starts_with(
            "'radio_spend' spent in only one period of 30 (2024-01-10): its return is read from that period alone"
        ));
        let two = file(&|k| if k == 3 || k == 20 { 500 } else { 0 });
        assert!(rare(&two)[0].starts_with(
            "'radio_spend' spent in only 2 periods of 30 (2024-01-04 and 2024-01-21): its return is read from those periods alone"
        ));
        let flight = file(&|k| if (12..16).contains(&k) { 800 } else { 0 });
        assert!(
            rare(&flight)[0].starts_with(
                "'radio_spend' spent in only 4 periods of 30 (2024-01-13 to 2024-01-16)"
            )
        );
        assert!(rare(&file(&|k| if k % 3 == 0 { 500 } else { 0 })).is_empty());
        // Two years of weeks: a 7-week flight is named, an 8-week one is not (the count, not the
        // quarter rule, decides there).
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let flight = |weeks: u32| {
            let mut csv = String::from("date,revenue,tv_spend,radio_spend\n");
            for k in 0..104u32 {
                csv.push_str(&format!(
                    "{},{},{},{}\n",
                    start + chrono::Duration::weeks(k.into()),
                    1000 + 37 * (k % 5),
                    100 + 10 * (k % 4),
                    if (40..40 + weeks).contains(&k) {
                        700
                    } else {
                        0
                    }
                ));
            }
            rare(&load(&csv).unwrap().warnings)
        };
        assert!(flight(7)[0].starts_with("'radio_spend' spent in only 7 periods of 104"));
        assert!(flight(RARE_SPEND_PERIODS as u32).is_empty());
        // Two years of days: a 3-week flight and a day on its own are named as runs; 8 weeks of
        // days are not.
        let days = |active: &dyn Fn(i64) -> bool| {
            let mut csv = String::from("date,revenue,tv_spend,radio_spend\n");
            for k in 0..730i64 {
                csv.push_str(&format!(
                    "{},{},{},{}\n",
                    start + chrono::Duration::days(k),
                    1000 + 37 * (k % 5),
                    100 + 10 * (k % 4),
                    if active(k) { 700 } else { 0 }
                ));
            }
            rare(&load(&csv).unwrap().warnings)
        };
        let said = days(&|k| (100..121).contains(&k) || k == 300);
        assert!(
            said[0].starts_with("'radio_spend' spent in only 22 periods of 730 (2024-04-10 to 2024-04-30 and 2024-10-27)"),
            "{said:?}"
        );
        assert!(days(&|k| (100..156).contains(&k)).is_empty());
    }

    /// Weekly rows from 2024-01-01 of `revenue` and the named spend columns, newest first when
    /// `reversed`; the warnings that a channel's spend follows sales.
    fn follows_sales(revenue: &[f64], spends: &[(&str, &[f64])], reversed: bool) -> Vec<Warning> {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let header: Vec<&str> = std::iter::once("date,revenue")
            .chain(spends.iter().map(|(name, _)| *name))
            .collect();
        let mut rows: Vec<String> = (0..revenue.len())
            .map(|t| {
                let mut row = format!(
                    "{},{:.0}",
                    start + chrono::Duration::weeks(t as i64),
                    revenue[t]
                );
                for (_, v) in spends {
                    row.push_str(&format!(",{:.0}", v[t]));
                }
                row
            })
            .collect();
        if reversed {
            rows.reverse();
        }
        let csv = format!("{}\n{}\n", header.join(","), rows.join("\n"));
        load(&csv)
            .unwrap()
            .warnings
            .into_iter()
            .filter(|w| w.kind == WarningKind::SpendFollowsSales)
            .collect()
    }

    /// Geometric carryover of 0.6 a week.
    fn carried(spend: &[f64]) -> Vec<f64> {
        let mut a = 0.0;
        spend
            .iter()
            .map(|&x| {
                a = x + 0.6 * a;
                a
            })
            .collect()
    }

    /// A budget set as a share of the week before's revenue is named, in a file in date order
    /// or reversed. Not named: a channel that drives most of the revenue's swings through its
    /// carryover (correlation 0.85 with the same week's: its line is offset by the baseline), one
    /// that drives all of it (its line passes near the origin; the revenue of the week before
    /// moves with its spend at 0.69 only), and budgets that grow with a growing business (every
    /// lag moves alike along the trend).
    #[test]
    fn a_budget_set_from_the_week_befores_sales_is_named() {
        let weeks = 60;
        let wave = |t: usize| 1000.0 + 400.0 * (t as f64 / 4.0).sin() + 90.0 * (t % 3) as f64;
        let tv: Vec<f64> = (0..weeks).map(wave).collect();
        let season = |t: usize| 1_500.0 * (std::f64::consts::TAU * t as f64 / 13.0).sin();
        let revenue: Vec<f64> = carried(&tv)
            .iter()
            .enumerate()
            .map(|(t, a)| 20_000.0 + season(t) + 8.0 * a)
            .collect();
        // 5 % of the week before's revenue, give or take 150: correlation about 0.9 with it.
        let affiliate: Vec<f64> = (0..weeks)
            .map(|t| {
                let before = revenue[t.saturating_sub(1)];
                (0.05 * before + 150.0 * [1.0, -1.0, 0.5, -0.5, 0.0][t % 5]).round()
            })
            .collect();
        let around = |x: &[f64], lag: usize| -> f64 {
            let (x, y) = (detrended(x), detrended(&revenue));
            let pairs: Vec<(f64, f64)> = (lag..weeks).map(|t| (x[t], y[t - lag])).collect();
            roles::correlation(&pairs).unwrap().0
        };
        let lagged = around(&affiliate, 1);
        assert!((0.85..0.95).contains(&lagged), "{lagged}");
        assert!(around(&tv, 0) > 0.85);
        for reversed in [false, true] {
            let w = follows_sales(
                &revenue,
                &[("tv_spend", &tv), ("affiliate_spend", &affiliate)],
                reversed,
            );
            assert_eq!(w.len(), 1, "reversed {reversed}: {w:?}");
            assert_eq!(w[0].subject.as_deref(), Some("affiliate_spend"));
            assert!(
                w[0].message.starts_with(&format!(
                    "'affiliate_spend' moves with 'revenue' of the week before (correlation {lagged:.2}, each around its trend): a budget set as a share of past sales?"
                )),
                "{}",
                w[0].message
            );
        }
        // All of the revenue from tv, give or take 2 %.
        let all: Vec<f64> = carried(&tv)
            .iter()
            .enumerate()
            .map(|(t, a)| 3.0 * a * (1.0 + 0.02 * [1.0, -1.0, 0.0][t % 3]))
            .collect();
        let origin = roles::correlation(&(0..weeks).map(|t| (tv[t], all[t])).collect::<Vec<_>>());
        assert!(origin.unwrap().0 < roles::KPI_COPY_CORRELATION);
        assert!(follows_sales(&all, &[("tv_spend", &tv)], false).is_empty());
        // A smooth budget that drives the week's revenue (3 per unit, no carryover; correlation
        // under the same-period rule's 0.95): it moves with last week's revenue at 0.85 or more
        // only because it moves slowly, on a line through the origin. Only the direction rule
        // (the same week's correlation is the higher) keeps it from being named.
        let smooth: Vec<f64> = (0..weeks)
            .map(|t| 1000.0 + 500.0 * (t as f64 / 6.0).sin())
            .collect();
        let driven: Vec<f64> = (0..weeks)
            .map(|t| 3.0 * smooth[t] + 640.0 * [1.0, -1.0, 0.5, -0.5, 0.0][t % 5])
            .collect();
        let pairs = |lag: usize| -> Vec<(f64, f64)> {
            (lag..weeks).map(|t| (smooth[t], driven[t - lag])).collect()
        };
        let raw_same = roles::correlation(&pairs(0)).unwrap().0;
        assert!(raw_same < roles::KPI_COPY_CORRELATION, "{raw_same}");
        let around_driven = |lag: usize| -> f64 {
            let (x, y) = (detrended(&smooth), detrended(&driven));
            let pairs: Vec<(f64, f64)> = (lag..weeks).map(|t| (x[t], y[t - lag])).collect();
            roles::correlation(&pairs).unwrap().0
        };
        let (same, before) = (around_driven(0), around_driven(1));
        assert!(
            before >= PAST_SALES_CORRELATION && before < same,
            "{before} {same}"
        );
        assert!(roles::share_of_sales(&pairs(1)));
        assert!(follows_sales(&driven, &[("tv_spend", &smooth)], false).is_empty());
        // A business growing 1.5 % a week, its budgets with it; tv drives a third of revenue.
        let grown = |v: f64, t: usize| v * 1.015f64.powi(t as i32);
        let tv: Vec<f64> = (0..weeks).map(|t| grown(wave(t), t)).collect();
        let search: Vec<f64> = (0..weeks)
            .map(|t| grown(600.0 + 150.0 * [1.0, -1.0, 0.5, -0.5, 0.0][t % 5], t))
            .collect();
        let revenue: Vec<f64> = carried(&tv)
            .iter()
            .enumerate()
            .map(|(t, a)| grown(12_000.0 + season(t), t) + 4.0 * a + 5.0 * search[t])
            .collect();
        assert!(
            follows_sales(
                &revenue,
                &[("tv_spend", &tv), ("search_spend", &search)],
                false
            )
            .is_empty()
        );
    }

    #[test]
    fn rows_are_named_as_the_file_numbers_them_past_empty_rows() {
        // An empty spreadsheet row (`,,,,`) and a blank line before the rows in question: the
        // errors name the rows a spreadsheet shows, not the count of data rows.
        let file = |rows: &str| {
            format!(
                "date,revenue,tv_spend,search_spend,price\n2024-01-01,100,10,5,1.0\n,,,,\n\n{rows}"
            )
        };
        let e = load(&file("2024-01-08,120,x,6,1.1\n2024-01-15,130,20,4,0.9\n")).unwrap_err();
        assert!(matches!(e, Error::NonNumeric { row: 5, .. }), "{e:?}");
        let e = load(&file("2024-01-08,120,0,6,1.1\n2024-01-08,120,0,6,1.1\n")).unwrap_err();
        assert!(
            matches!(
                e,
                Error::RepeatedRow {
                    row: 6,
                    first_row: 5,
                    ..
                }
            ),
            "{e:?}"
        );
        let e = load(&file(
            "2024-01-08,120,0,6,1.1\n2024-01-15,130,20,4,0.9\n2024-02-05,130,20,4,0.9\n",
        ))
        .unwrap_err();
        assert!(
            matches!(
                e,
                Error::IrregularSpacing {
                    row: 7,
                    row_before: 6,
                    ..
                }
            ),
            "{e:?}"
        );
        let e = load(&file("2024-01-08,120,0,6,1.1\nlater,130,20,4,0.9\n")).unwrap_err();
        assert!(matches!(e, Error::BadDate { row: 6, .. }), "{e:?}");
    }

    #[test]
    fn loads_a_clean_file() {
        let d = load(GOOD).unwrap();
        assert_eq!(d.dataset.len(), 4);
        assert_eq!(d.dataset.frequency, Frequency::Weekly);
        assert_eq!(d.dataset.channel_names(), vec!["tv", "search"]);
        assert_eq!(d.dataset.controls[0].values, vec![1.0, 1.1, 0.9, 1.0]);
        assert!(d.warnings.is_empty());
    }

    /// `Jan-02`, `Jan-09`, `Jan-16` (weekly rows dated by month and day, no year) read as Excel's
    /// mmm-yy: January 2002, 2009, 2016. Refused at the first such cell with what it may mean,
    /// while real mmm-yy months with a missing month keep the gap's message.
    #[test]
    fn days_without_a_year_are_not_read_as_months() {
        let mut s = "date,revenue,tv_spend\n".to_string();
        for (k, day) in ["Jan-02", "Jan-09", "Jan-16", "Jan-23", "Jan-30", "Feb-06"]
            .iter()
            .enumerate()
        {
            s += &format!("{day},{},{}\n", 100 + k, 10 + k);
        }
        let e = load(&s).unwrap_err();
        assert_eq!(
            e,
            Error::BadDate {
                row: 2,
                column: "date".into(),
                value: "Jan-02".into()
            }
        );
        assert!(e.to_string().contains("its year is missing"), "{e}");
        let months =
            "date,revenue,tv_spend\nNov-23,100,10\nDec-23,101,11\nFeb-24,102,12\nMar-24,103,13\n";
        assert!(matches!(
            load(months).unwrap_err(),
            Error::IrregularSpacing { row: 4, .. }
        ));
        // Quarters and a single row keep their own messages.
        let quarters =
            "date,revenue,tv_spend\nMar-21,100,10\nJun-21,101,11\nSep-21,102,12\nDec-21,103,13\n";
        assert!(matches!(
            load(quarters).unwrap_err(),
            Error::UnsupportedFrequency { days: 92 }
        ));
        let one = "date,revenue,tv_spend\nJan-23,100,10\n";
        let e = load(one).unwrap_err();
        assert!(matches!(e, Error::TooFewRows { rows: 1, .. }));
        assert!(
            e.to_string()
                .starts_with("There is only 1 period of data: a model learns from how the KPI moves with spend from period to period,"),
            "{e}"
        );
        assert!(e.to_string().ends_with(" Add more history."), "{e}");
    }

    #[test]
    fn missing_cell_names_row_date_and_column() {
        let s = GOOD.replace("2024-01-08,120,0,6", "2024-01-08,120,,6");
        assert_eq!(
            load(&s).unwrap_err(),
            Error::MissingValue {
                row: 3,
                column: "tv_spend".into(),
                date: "2024-01-08".into()
            }
        );
    }

    /// Fuzz cases model_v2-85753 and -121429: a spend of 1e308 loaded, and the planner's
    /// current spends and curve points (sums over the periods) became infinite.
    #[test]
    fn a_number_beyond_any_measurement_is_refused() {
        let s = GOOD.replace("2024-01-15,130,20", "2024-01-15,130,1e308");
        assert!(matches!(
            load(&s),
            Err(Error::NumberTooLarge { row: 4, .. })
        ));
        let mut d = load(GOOD).unwrap().dataset;
        d.channels[0].spend[1] = 1e308;
        assert!(matches!(d.check(), Err(Error::InvalidModel { .. })));
    }

    /// A KPI of 2.5e305 written out in full, and one of 1e400 (no float holds it), are called
    /// too large, in short form (they were "not a number", printed in 306 digits); spends of
    /// 1e-296 are too close to zero, not "the same value in every row", which they are not.
    #[test]
    fn extreme_numbers_are_named_for_what_they_are() {
        let huge = format!("{:.2}", 2.5477797e305);
        assert!(huge.len() > 300);
        let e = load(&GOOD.replace("2024-01-08,120", &format!("2024-01-08,{huge}"))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Row 3 (2024-01-08), column 'revenue': 2.548e305 is too large (over 1e100): digits pasted twice, or a lost decimal point?"
        );
        assert_eq!(
            (e.kind(), e.row(), e.column()),
            ("number_too_large", Some(3), Some("revenue"))
        );
        let e = load(&GOOD.replace("2024-01-08,120", "2024-01-08,1e400")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("Row 3 (2024-01-08), column 'revenue': 1e400 is too large"),
            "{e}"
        );
        let tiny = "date,revenue,tv_spend\n\
            2024-01-01,100,1.683e-296\n\
            2024-01-08,120,7.593e-297\n\
            2024-01-15,130,0\n";
        let e = load(tiny).unwrap_err();
        assert_eq!(
            e,
            Error::ColumnTooSmall {
                column: "tv_spend".into(),
                largest: 1.683e-296
            }
        );
        assert_eq!(
            e.to_string(),
            "Column 'tv_spend' holds only numbers too close to zero (the largest is 1.683e-296): export amounts as they read, like 1234.5."
        );
        // Small but usable values that differ are not "the same value in every row".
        let small = "date,revenue,tv_spend\n\
            2024-01-01,100,1e-20\n\
            2024-01-08,120,2e-20\n\
            2024-01-15,130,3e-20\n";
        assert!(
            !matches!(load(small), Err(Error::ConstantColumn { .. })),
            "{:?}",
            load(small)
        );
        // A constant column's value is written short.
        let same = "date,revenue,tv_spend\n2024-01-01,100,1e20\n2024-01-08,120,1e20\n";
        assert_eq!(
            load(same).unwrap_err().to_string(),
            "Column 'tv_spend' has the same value (1e20) in every row, so the model cannot learn anything from it. Remove it from the model."
        );
    }

    /// Excel's accounting format (`$ -` for zero) and spend written with units: a column named
    /// like spend is read as spend, or refused at its first unreadable cell; it never silently
    /// becomes a text control (one 0/1 column per amount) or disappears.
    #[test]
    fn a_spend_column_is_never_silently_taken_for_text() {
        let dates: Vec<String> = (0..12)
            .map(|w| {
                (chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::weeks(w))
                    .to_string()
            })
            .collect();
        let file = |cell: &dyn Fn(usize) -> String| {
            let mut s = String::from("date,revenue,tv_spend,search_spend\n");
            for (w, d) in dates.iter().enumerate() {
                s += &format!("{d},{},\"{}\",{}\n", 100 + w, cell(w), 10 + w);
            }
            s
        };
        let accounting = file(&|w| {
            if w % 3 == 0 {
                " $25,000.00 ".into()
            } else {
                " $-   ".into()
            }
        });
        let d = load(&accounting).unwrap().dataset;
        assert_eq!(d.channels.len(), 2);
        let tv = &d.channels[0].spend;
        assert_eq!(d.channels[0].name, "tv");
        assert_eq!(
            tv.iter().filter(|&&v| (v - 25_000.0).abs() < 1e-9).count(),
            4
        );
        assert_eq!(tv.iter().filter(|&&v| v.abs() < 1e-12).count(), 8);
        assert!(d.controls.is_empty());
        let units = file(&|w| format!("{}.5k", 30 + w));
        assert_eq!(
            load(&units).unwrap_err(),
            Error::NonNumeric {
                row: 2,
                column: "tv_spend".into(),
                date: dates[0].clone(),
                value: "30.5k".into()
            }
        );
    }

    /// One cell far above its column's usual high is named with its date; a column of steady
    /// bursts is not.
    #[test]
    fn a_cell_far_above_its_column_is_named() {
        let date_of = |t: usize| format!("day {t}");
        let mut v: Vec<f64> = (0..20).map(|t| 10_000.0 + 100.0 * t as f64).collect();
        assert!(outlier_warning("search_spend", &v, &date_of).is_none());
        v[7] = 953_234.0;
        let w = outlier_warning("search_spend", &v, &date_of).unwrap();
        assert_eq!(w.subject.as_deref(), Some("search_spend"));
        assert!(
            w.message.starts_with(
                "'search_spend' on day 7 is 953,234, about 81 times its usual high (11,800"
            ),
            "{}",
            w.message
        );
        // Flights of an always-on channel: 1,000 most weeks, 50,000 in four weeks of 52.
        let flights: Vec<f64> = (0..52)
            .map(|t| if t % 13 == 0 { 5e4 } else { 1e3 })
            .collect();
        assert!(outlier_warning("tv_spend", &flights, &date_of).is_none());
    }

    /// Names that say thousands or millions: a KPI in thousands beside spend in units is
    /// named; the same units everywhere (or none said) earn nothing.
    #[test]
    fn columns_named_in_different_units_are_named() {
        let spend = |col: &str| PaidChannel {
            name: col.into(),
            spend_column: col.into(),
            spend: vec![1.0],
            exposure_column: None,
            exposure: None,
        };
        let w = unit_warnings("revenue_k", &[spend("tv_spend"), spend("search_spend")]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::SpendScale);
        assert!(
            w[0].message.contains(
                "('revenue_k' in thousands, 'tv_spend' in units, 'search_spend' in units)"
            ),
            "{}",
            w[0].message
        );
        let w = unit_warnings(
            "revenue",
            &[spend("TV Spend (000s)"), spend("search_spend")],
        );
        assert!(
            w[0].message.contains("'TV Spend (000s)' in thousands"),
            "{}",
            w[0].message
        );
        assert!(unit_warnings("sales_mio", &[spend("tv_spend_mio")]).is_empty());
        assert!(unit_warnings("revenue", &[spend("tv_spend"), spend("search_spend")]).is_empty());
        assert!(unit_warnings("kpi", &[spend("mio_tv_spend"), spend("search_spend")]).len() == 1);
        // `mn` and `mm` are too often something else (Minnesota, marketing mix).
        assert!(unit_warnings("sales_mn", &[spend("tv_spend")]).is_empty());
        // More ways to write a unit: each is told apart from plain units.
        for (name, unit) in [
            ("Umsatz TEUR", 3),
            ("spend_x1000", 3),
            ("Revenue ($M)", 6),
            ("revenue (m)", 6),
            ("sales_musd", 6),
            ("revenue_bn", 9),
            ("spend_cents", -2),
            ("Cost (micros)", -6),
            ("metrics.cost_micros", -6),
            ("tv_m", 0),
            ("sales $mobile", 0),
            ("revenue_ct", 0),
            ("Revenue mEUR", 6),
            ("Umsatz tEUR", 3),
        ] {
            assert_eq!(unit_of(name), unit, "{name}");
        }
        // Currencies: named ones must agree; `$` agrees with any dollar.
        let w = currency_warnings("revenue_eur", &[spend("tv_spend_usd"), spend("search")]);
        assert_eq!(
            w[0].message,
            "The column names say different currencies ('revenue_eur' in EUR, 'tv_spend_usd' in USD); MixLens reads the numbers as written, so returns would be off by the exchange rate. Convert the KPI and every spend column to one currency (or rename a column whose name is wrong)."
        );
        assert_eq!(currency_warnings("Umsatz TEUR", &[spend("TV (€)")]), []);
        assert_eq!(currency_warnings("revenue ($)", &[spend("tv_cad")]), []);
        assert_eq!(currency_warnings("revenue", &[spend("tv_usd")]), []);
        assert_eq!(
            currency_warnings("sales £", &[spend("tv_spend_gbp"), spend("tv_eur")]).len(),
            1
        );
        assert_eq!(currency_of("Spend (kEUR)"), Some("eur"));
        let w = unit_warnings("Revenue ($M)", &[spend("tv_spend")]);
        assert!(
            w[0].message
                .contains("'Revenue ($M)' in millions, 'tv_spend' in units")
        );
    }

    #[test]
    fn text_in_a_number_column_is_reported() {
        let s = GOOD.replace("2024-01-15,130,20", "2024-01-15,130,twenty");
        assert_eq!(
            load(&s).unwrap_err(),
            Error::NonNumeric {
                row: 4,
                column: "tv_spend".into(),
                date: "2024-01-15".into(),
                value: "twenty".into()
            }
        );
    }

    #[test]
    fn negative_spend_is_refused() {
        let s = GOOD.replace("2024-01-22,110,5", "2024-01-22,110,-5");
        assert_eq!(
            load(&s).unwrap_err(),
            Error::NegativeSpend {
                row: 5,
                column: "tv_spend".into(),
                date: "2024-01-22".into(),
                value: -5.0
            }
        );
    }

    #[test]
    fn unsorted_rows_are_sorted_with_a_warning_and_errors_keep_file_rows() {
        let s = "date,revenue,tv_spend\n2024-01-15,3,30\n2024-01-01,1,10\n2024-01-08,2,20\n";
        let d = load(s).unwrap();
        assert_eq!(d.dataset.kpi.values, vec![1.0, 2.0, 3.0]);
        assert_eq!(d.dataset.channels[0].spend, vec![10.0, 20.0, 30.0]);
        assert_eq!(d.warnings[0].kind, WarningKind::RowsSorted);
        let s = "date,revenue,tv_spend\n2024-01-15,3,30\n2024-01-01,1,-10\n2024-01-08,2,20\n";
        assert_eq!(load(s).unwrap_err().row(), Some(3));
    }

    #[test]
    fn all_zero_and_constant_columns_are_refused() {
        let s = "date,revenue,tv_spend\n2024-01-01,1,0\n2024-01-08,2,0\n";
        assert_eq!(
            load(s).unwrap_err(),
            Error::AllZeroColumn {
                column: "tv_spend".into()
            }
        );
        let s = "date,revenue,tv_spend\n2024-01-01,1,7\n2024-01-08,2,7\n";
        assert_eq!(
            load(s).unwrap_err(),
            Error::ConstantColumn {
                column: "tv_spend".into(),
                value: 7.0
            }
        );
        // The KPI cannot be removed: the message says to check the file instead.
        let s = "date,revenue,tv_spend\n2024-01-01,5,1\n2024-01-08,5,7\n";
        let e = load(s).unwrap_err();
        assert_eq!(
            e,
            Error::ConstantKpi {
                column: "revenue".into(),
                value: 5.0
            }
        );
        assert_eq!(
            e.to_string(),
            "The KPI column 'revenue' has the same value (5) in every period, so there is nothing for the model to explain and no effect of spend can be estimated. Check the file: the KPI should be each period's own revenue or conversions (not a total, a target or a copied cell), or choose another column as the KPI."
        );
        assert_eq!((e.kind(), e.column()), ("constant_kpi", Some("revenue")));
    }

    /// A KPI below zero is read as profit may be, not as a mistake (it read "check that it
    /// really is revenue or conversions" alone).
    #[test]
    fn a_kpi_below_zero_is_named_as_fine_for_profit() {
        let s = GOOD.replace("2024-01-08,120", "2024-01-08,-120");
        let w = load(&s).unwrap().warnings;
        let w: Vec<&Warning> = w
            .iter()
            .filter(|w| w.kind == WarningKind::NegativeKpi)
            .collect();
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].message,
            "'revenue' goes below zero: fine for profit (revenue less costs), whose ROIs are then profit per unit of spend; otherwise check that it is revenue or conversions."
        );
        assert!(
            !load(GOOD)
                .unwrap()
                .warnings
                .iter()
                .any(|w| w.kind == WarningKind::NegativeKpi)
        );
    }

    #[test]
    fn an_inferred_constant_control_is_dropped_but_a_given_one_is_an_error() {
        let s = "date,revenue,tv_spend,flag\n2024-01-01,1,1,3\n2024-01-08,2,7,3\n";
        let d = load(s).unwrap();
        assert!(d.dataset.controls.is_empty());
        assert_eq!(d.warnings[0].kind, WarningKind::ControlDropped);
        let req = RoleRequest {
            controls: Some(vec!["flag".into()]),
            ..Default::default()
        };
        assert_eq!(
            load_csv(s, &req).unwrap_err(),
            Error::ConstantColumn {
                column: "flag".into(),
                value: 3.0
            }
        );
    }

    #[test]
    fn categorical_controls_become_one_column_per_level() {
        let s = "date,revenue,tv_spend,events\n2024-01-01,1,1,na\n2024-01-08,2,7,event1\n2024-01-15,2,3,na\n2024-01-22,2,5,event2\n2024-01-29,4,1,na\n";
        let d = load(s).unwrap();
        let names: Vec<&str> = d.dataset.controls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["events=event1", "events=event2"]);
        assert_eq!(d.dataset.controls[0].values, vec![0.0, 1.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn a_typo_in_an_inferred_control_is_reported_not_dropped() {
        let s = "date,revenue,tv_spend,price\n2024-01-01,1,1,1.0\n2024-01-08,2,7,1.0\n2024-01-15,2,3,n0pe\n2024-01-22,2,5,1.2\n";
        assert_eq!(
            load(s).unwrap_err(),
            Error::NonNumeric {
                row: 4,
                column: "price".into(),
                date: "2024-01-15".into(),
                value: "n0pe".into()
            }
        );
    }

    #[test]
    fn exposure_is_read_alongside_spend() {
        let s = "date,revenue,tv_spend,tv_impressions\n2024-01-01,1,1,100\n2024-01-08,2,7,700\n";
        let d = load(s).unwrap();
        assert_eq!(d.dataset.channels[0].activity(), &[100.0, 700.0]);
    }

    #[test]
    fn csv_round_trip_keeps_numbers() {
        let d = load(GOOD).unwrap().dataset;
        let again = load(&d.to_csv()).unwrap().dataset;
        assert_eq!(again.kpi.values, d.kpi.values);
        assert_eq!(again.channels[1].spend, d.channels[1].spend);
        assert_eq!(again.dates, d.dates);
    }

    fn channel(name: &str, spend: &[f64]) -> PaidChannel {
        PaidChannel {
            name: name.into(),
            spend_column: format!("{name}_spend"),
            spend: spend.to_vec(),
            exposure_column: None,
            exposure: None,
        }
    }

    #[test]
    fn of_two_channels_far_apart_only_the_smaller_is_flagged() {
        let w = spend_scale_warnings(&[
            channel("tv", &[30.0, 32.0, 0.0]),
            channel("search", &[9000.0, 11000.0]),
        ]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].subject.as_deref(), Some("tv"));
        assert!(
            w[0].message
                .starts_with("'tv_spend' is about 320 times smaller than 'search_spend'"),
            "{}",
            w[0].message
        );
    }

    #[test]
    fn channels_within_the_ratio_are_not_flagged() {
        let w = spend_scale_warnings(&[
            channel("tv", &[100.0, 120.0]),
            channel("search", &[9000.0, 11000.0]),
            channel("radio", &[500.0, 700.0]),
        ]);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn a_channel_far_above_the_others_is_flagged() {
        let w = spend_scale_warnings(&[
            channel("tv", &[3.0e6, 3.2e6]),
            channel("search", &[9000.0, 11000.0]),
            channel("radio", &[5000.0, 7000.0]),
        ]);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message
                .contains("times larger than the other spend columns"),
            "{}",
            w[0].message
        );
    }

    /// Daily sales at 0 on Christmas Day are a shop closed: no warning; the same 0 on the day
    /// before is named.
    #[test]
    fn a_daily_kpi_at_zero_on_christmas_day_is_a_closure() {
        let file = |zero: &str| {
            let mut s = String::from("date,revenue,tv_spend\n");
            let first = NaiveDate::from_ymd_opt(2024, 11, 1).unwrap();
            for k in 0..90 {
                let d = first + chrono::Duration::days(k);
                let day = d.format("%Y-%m-%d").to_string();
                let revenue = if day == zero { 0 } else { 1000 + 7 * (k % 11) };
                s.push_str(&format!("{day},{revenue},{}\n", 100 + k % 5));
            }
            s
        };
        let named = |w: &[Warning]| {
            w.iter()
                .any(|w| w.message.contains("far below its usual low"))
        };
        assert!(!named(&load(&file("2024-12-25")).unwrap().warnings));
        assert!(!named(&load(&file("2025-01-01")).unwrap().warnings));
        assert!(!named(&load(&file("2024-12-26")).unwrap().warnings));
        let w = load(&file("2024-12-24")).unwrap().warnings;
        assert!(
            w.iter().any(|w| w
                .message
                .starts_with("'revenue' on 2024-12-24 is 0.00, far below")),
            "{w:?}"
        );
    }

    #[test]
    fn one_small_channel_does_not_make_the_others_look_large() {
        // search in thousands beside tv and social in units: only search is named.
        let w = spend_scale_warnings(&[
            channel("tv", &[30000.0, 32000.0]),
            channel("search", &[17.0, 18.0]),
            channel("social", &[12000.0, 12500.0]),
        ]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].subject.as_deref(), Some("search"));
    }

    #[test]
    fn revenue_far_from_spend_and_a_kpi_falling_to_zero_are_named() {
        let spend = [channel("tv", &[10.0, 12.0]), channel("search", &[5.0, 6.0])];
        let w = return_scale_warning("revenue", &[20000.0, 21000.0], &spend).unwrap();
        assert!(
            w.message
                .starts_with("Total 'revenue' is about 1200 times the total paid spend"),
            "{}",
            w.message
        );
        assert!(return_scale_warning("revenue", &[200.0, 210.0], &spend).is_none());
        let w = return_scale_warning("revenue", &[0.3, 0.2], &spend).unwrap();
        assert!(
            w.message.contains("about 66 times less than"),
            "{}",
            w.message
        );
        // Weeks appended with no sales yet; one lost week; a KPI that is often 0 is left alone.
        let date_of = |t: usize| format!("week {t}");
        let mut v: Vec<f64> = (0..20).map(|k| 1000.0 + 10.0 * k as f64).collect();
        v.extend([0.0, 0.0, 0.0]);
        let spent = vec![1.0; 23];
        let w = low_kpi_warning("revenue", &v, &spent, &date_of, &|_| false).unwrap();
        assert!(
            w.message
                .starts_with("'revenue' is near 0 in the last 3 periods (from week 20)"),
            "{}",
            w.message
        );
        v.truncate(20);
        v[7] = 1.2;
        let w = low_kpi_warning("revenue", &v, &spent[..20], &date_of, &|_| false).unwrap();
        assert!(
            w.message
                .starts_with("'revenue' on week 7 is 1.20, far below its usual low"),
            "{}",
            w.message
        );
        // ... unless that period is a day shops close.
        assert!(low_kpi_warning("revenue", &v, &spent[..20], &date_of, &|t| t == 7).is_none());
        // A seasonal business at 0 every off-season, ending in one, is left alone.
        let seasonal: Vec<f64> = (0..60)
            .map(|k| if k % 20 < 6 { 0.0 } else { 100.0 + k as f64 })
            .collect();
        assert!(
            low_kpi_warning("revenue", &seasonal[..46], &[1.0; 46], &date_of, &|_| false).is_none()
        );
        // Closed at the end of the file, spending nothing: not weeks appended too early.
        let mut closed: Vec<f64> = (0..20).map(|k| 1000.0 + 10.0 * k as f64).collect();
        closed.extend([0.0, 0.0]);
        let mut idle = vec![1.0; 20];
        idle.extend([0.0, 0.0]);
        assert!(low_kpi_warning("revenue", &closed, &idle, &date_of, &|_| false).is_none());
        let sparse: Vec<f64> = (0..40)
            .map(|k| if k % 3 == 0 { 0.0 } else { 5.0 + k as f64 })
            .collect();
        assert!(low_kpi_warning("leads", &sparse, &spent, &date_of, &|_| false).is_none());
    }

    #[test]
    fn two_significant_digits_in_messages() {
        assert_eq!(two_digits(1234.0), "1200");
        assert_eq!(two_digits(32.337), "32");
        assert_eq!(two_digits(0.01234), "0.012");
        assert_eq!(two_digits(1.5), "1.5");
    }

    #[test]
    fn a_total_row_is_refused_before_roles_are_decided() {
        let s = format!("{GOOD}Total,460,35,20,4\n");
        assert_eq!(load(&s).unwrap_err().kind(), "total_row");
    }

    #[test]
    fn a_repeated_date_differing_in_grouped_numbers_is_a_duplicate_not_a_group() {
        let s = "date,revenue,tv_spend\n2024-01-01,1,\"1,500.5\"\n2024-01-01,2,\"2,500.5\"\n2024-01-08,3,\"1,000.5\"\n";
        assert_eq!(load(s).unwrap_err().kind(), "duplicate_date");
    }

    #[test]
    fn check_accepts_loaded_data_and_rejects_broken_shapes() {
        let mut d = load(GOOD).unwrap().dataset;
        d.check().unwrap();
        d.channels[0].spend.pop();
        assert_eq!(d.check().unwrap_err().kind(), "invalid_model");
    }
}
