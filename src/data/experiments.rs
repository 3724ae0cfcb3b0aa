//! Lift tests (experiments): what a marketer measured by switching a channel's spend off in a
//! window, read from a CSV and matched to the data's rows and channels.
//!
//! **The file.** One row per test: `channel,start,end,lift,standard_error` (an optional `scope`
//! column: `total`, the default, or `immediate`). `channel` is a paid channel's display name or
//! its spend column; `start` and `end` are the first and last dates of the test window
//! (inclusive, written as the data writes its dates, or as `YYYY-MM-DD`); `lift` is the KPI the
//! channel's spend inside the window added, over the window and the carryover after it:
//! `Σ_t [KPI_t with the actual spends − KPI_t with the channel's spend zero inside the window]`;
//! `standard_error` is the lift's standard error in KPI units.
//!
//! **Robyn's `calibration_input`** is read too: `channel`, `liftStartDate`, `liftEndDate`,
//! `liftAbs` (the lift), `confidence`, `calibration_scope` (`immediate`, Robyn's default: the
//! effect inside the window only; `total`: with carryover), and `spend` and `metric`, which are
//! not needed. Robyn's rows carry no standard error. When the file has no `standard_error`
//! column, a row's `confidence` c is read as the level of a two-sided interval around the lift
//! that just excludes zero, so `standard_error = |liftAbs| / z`, z the normal quantile at
//! (1 + c)/2: a test "significant at 90 %" (c = 0.9) has a standard error of |lift| / 1.645.
//! That is the weakest reading of a significant result, so such a test pulls the model less
//! than a measured standard error would; a warning says so. Add a `standard_error` column to
//! give the real one.
//!
//! **Windows.** A row's date is the first day of its day or week (as Robyn, Meridian and
//! PyMC-Marketing date weeks); a monthly row stands for its calendar month. A date falls in the
//! period that holds it (weekly rows dated on Mondays: a test from Wednesday 2024-03-06 starts
//! in the week of 2024-03-04), and the test is compared with a pause of those whole periods; a
//! window that starts or ends inside a period says so in a warning (`lift_window_rounded`).
//! A window may end on its last period's last day or on that period's own date. Dates written
//! day and month both under 13 (`06/03/2023`) are read in the order the file settles, else in
//! the data's.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::fitted::ChannelIdentity;

use super::dataset::{Dataset, Warning, WarningKind};
use super::dates::{cell_readings, iso, period_only};
use super::table::{Cell, ReadOptions, Table};

/// Which periods a test's lift covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiftScope {
    /// The window and every period after it (the carryover of the window's spend).
    #[default]
    Total,
    /// The window's periods only (Robyn's default `calibration_scope`).
    Immediate,
}

/// One lift test as entered: the channel and the dates as written, not yet matched to the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiftTest {
    /// Display name or spend column.
    pub channel: String,
    /// First and last dates of the window, as written.
    pub start: String,
    pub end: String,
    /// Measured lift, KPI units.
    pub lift: f64,
    /// Its standard error, KPI units.
    pub standard_error: f64,
    #[serde(default)]
    pub scope: LiftScope,
    /// Row of the experiments file (the header is row 1); 0 for a test entered by hand.
    #[serde(default)]
    pub row: usize,
    /// True when the standard error was derived from Robyn's `confidence`.
    #[serde(default)]
    pub derived_standard_error: bool,
    /// The KPI the test measured, when the file says (Robyn's `metric`): it must be the
    /// model's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// The channel's spend in the window as the test reports it (Robyn's `spend`), when
    /// given: compared with the data's, the best check of the window's dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_spend: Option<f64>,
}

impl LiftTest {
    /// Where the test came from, for messages: its file row, or its position when entered by
    /// hand (1-based).
    fn row_or(&self, position: usize) -> usize {
        if self.row > 0 { self.row } else { position + 1 }
    }
}

/// A lift test matched to the data: its channel and rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Experiment {
    /// Paid channel index (in the data's channel order).
    pub channel: usize,
    /// The channel's display name.
    pub name: String,
    /// First and last row of the window (inclusive).
    pub first: usize,
    pub last: usize,
    #[serde(with = "super::dates::iso_serde")]
    pub start: NaiveDate,
    #[serde(with = "super::dates::iso_serde")]
    pub end: NaiveDate,
    pub lift: f64,
    pub standard_error: f64,
    pub scope: LiftScope,
    /// The channel's spend inside the window.
    pub spend: f64,
    /// Row of the experiments file (or position + 1 when entered by hand).
    pub row: usize,
}

impl Experiment {
    /// Periods in the window.
    pub fn periods(&self) -> usize {
        self.last - self.first + 1
    }
}

/// Column names of the two layouts.
const OWN: [&str; 5] = ["channel", "start", "end", "lift", "standard_error"];
const ROBYN: [&str; 5] = [
    "channel",
    "liftStartDate",
    "liftEndDate",
    "liftAbs",
    "confidence",
];

/// Read an experiments CSV (either layout; see the module documentation).
///
/// # Errors
/// [`Error::EmptyFile`], [`Error::NoDataRows`] and the CSV reading errors of [`Table::parse`];
/// [`Error::LiftMissingColumn`], [`Error::LiftBadCell`], [`Error::LiftStandardError`].
pub fn parse_lift_csv(text: &str) -> Result<Vec<LiftTest>> {
    parse_lift_csv_with(text, &ReadOptions::default())
}

/// [`parse_lift_csv`] with the data file's reading options: its decimal mark answers a column
/// whose numbers read two ways (`120.000`), which is refused without it, as in the data file.
///
/// # Errors
/// As [`parse_lift_csv`]; [`Error::AmbiguousNumberFormat`] and [`Error::MixedNumberFormat`] for
/// the lift and standard error columns.
pub fn parse_lift_csv_with(text: &str, options: &ReadOptions) -> Result<Vec<LiftTest>> {
    let parse = |options: &ReadOptions| {
        Table::parse_with(text, options).map_err(|e| match e {
            Error::NoDataRows => Error::LiftNoTests,
            e => e,
        })
    };
    let mut table = parse(options)?;
    // A file of a few tests written by one hand writes its numbers one way: where one column
    // settles the decimal mark (`183,983.5`), it reads the others' (`9,000`) too.
    if options.decimal_mark.is_none()
        && let Some(mark) = table.settled_mark()
        && (0..table.columns.len()).any(|j| table.format_error(j).is_some())
    {
        table = parse(&options.decimal_mark(mark))?;
    }
    // Column names are matched ignoring case, spaces and underscores.
    let find = |name: &str| table.columns.iter().position(|c| key(c) == key(name));
    let robyn = find("liftAbs").is_some() && find("lift").is_none();
    let layout = if robyn { ROBYN } else { OWN };
    let missing = |column: &str| Error::LiftMissingColumn {
        column: column.to_string(),
        available: table.column_list(),
    };
    // The standard error by its usual names (`se`, `std_error`, `stderr`, `std`).
    let se_column = [
        "standard_error",
        "se",
        "std_error",
        "stderr",
        "std_err",
        "std",
    ]
    .into_iter()
    .find_map(find);
    let mut idx = [0usize; 5];
    for (i, name) in layout.iter().enumerate() {
        // A Robyn file may give a standard error instead of a confidence.
        idx[i] = find(name)
            .or(if i == 4 { se_column } else { None })
            .ok_or_else(|| missing(name))?;
    }
    let scope_column = find("scope").or_else(|| find("calibration_scope"));
    let metric_column = find("metric");
    let spend_column = find("spend");
    let mut tests = Vec::with_capacity(table.rows.len());
    for (i, cells) in table.rows.iter().enumerate() {
        let row = table.sheet_row(i);
        let name = |j: usize| table.columns[j].clone();
        let number = |j: usize| -> Result<f64> {
            if let Some(e) = table.format_error(j) {
                return Err(e);
            }
            match table.cell(i, j) {
                Cell::Number(v) => Ok(v),
                _ => Err(Error::LiftBadCell {
                    row,
                    column: name(j),
                    value: cells[j].clone(),
                    expected: "a number".into(),
                }),
            }
        };
        let text = |j: usize, what: &str| -> Result<String> {
            let v = cells[j].trim();
            if v.is_empty() {
                return Err(Error::LiftBadCell {
                    row,
                    column: name(j),
                    value: String::new(),
                    expected: what.into(),
                });
            }
            Ok(v.to_string())
        };
        // Lift and standard error are in the KPI's units; `15%` would read as 0.15.
        let percent = |j: usize, expected: String| -> Result<()> {
            if cells[j].contains('%') {
                return Err(Error::LiftBadCell {
                    row,
                    column: name(j),
                    value: cells[j].clone(),
                    expected,
                });
            }
            Ok(())
        };
        percent(
            idx[3],
            "the lift in the KPI's units (what the channel's spend added), not a percentage".into(),
        )?;
        let lift = number(idx[3])?;
        if let Some(j) = se_column {
            let share = table.cell(i, j);
            percent(
                j,
                match share {
                    Cell::Number(p) => format!(
                        "the standard error in the KPI's units, not a percentage: {} of this lift is {}",
                        cells[j].trim(),
                        crate::numbers::number((p * lift).abs())
                    ),
                    _ => "the standard error in the KPI's units, not a percentage".into(),
                },
            )?;
        }
        let (standard_error, derived, se_at) = match se_column {
            Some(j) => (standard_error_cell(&table, i, j)?, false, j),
            None => {
                let j = idx[4];
                let c = number(j)?;
                if !(c > 0.0 && c < 1.0) {
                    return Err(Error::LiftBadCell {
                        row,
                        column: name(j),
                        value: cells[j].clone(),
                        expected: "a confidence between 0 and 1 (such as 0.9)".into(),
                    });
                }
                if lift == 0.0 {
                    return Err(Error::LiftBadCell {
                        row,
                        column: name(idx[3]),
                        value: cells[idx[3]].clone(),
                        expected: "a lift a confidence can give a standard error for (a lift of 0 gives none): add a standard_error column".into(),
                    });
                }
                let z = crate::numbers::normal_quantile(0.5 + 0.5 * c);
                (lift.abs() / z, true, j)
            }
        };
        if !(standard_error > 0.0 && standard_error.is_finite()) {
            return Err(Error::LiftStandardError {
                row,
                column: name(se_at),
                value: cells[se_at].clone(),
            });
        }
        let scope = match scope_column {
            None => {
                if robyn {
                    LiftScope::Immediate
                } else {
                    LiftScope::Total
                }
            }
            Some(j) => match key(&cells[j]).as_str() {
                "" if robyn => LiftScope::Immediate,
                "" | "total" => LiftScope::Total,
                "immediate" => LiftScope::Immediate,
                _ => {
                    return Err(Error::LiftBadCell {
                        row,
                        column: name(j),
                        value: cells[j].clone(),
                        expected: "'total' (with carryover) or 'immediate' (inside the window)"
                            .into(),
                    });
                }
            },
        };
        let metric = metric_column
            .map(|j| cells[j].trim().to_string())
            .filter(|m| !m.is_empty());
        let reported_spend = match spend_column {
            Some(j) if !cells[j].trim().is_empty() => Some(number(j)?),
            _ => None,
        };
        tests.push(LiftTest {
            channel: text(idx[0], "a channel")?,
            start: text(idx[1], "a date")?,
            end: text(idx[2], "a date")?,
            lift,
            standard_error,
            scope,
            row,
            derived_standard_error: derived,
            metric,
            reported_spend,
        });
    }
    Ok(tests)
}

fn standard_error_cell(table: &Table, i: usize, j: usize) -> Result<f64> {
    if let Some(e) = table.format_error(j) {
        return Err(e);
    }
    match table.cell(i, j) {
        Cell::Number(v) => Ok(v),
        _ => Err(Error::LiftStandardError {
            row: table.sheet_row(i),
            column: table.columns[j].clone(),
            value: table.rows[i][j].clone(),
        }),
    }
}

/// The first and last day of row `i`'s period: a row's date is the first day of its day or
/// week (as Robyn, Meridian and PyMC-Marketing date weeks), and a monthly row stands for its
/// calendar month, whichever day dates it.
fn period_bounds(data: &Dataset, i: usize) -> (NaiveDate, NaiveDate) {
    let d = data.dates.get(i).copied().unwrap_or(NaiveDate::MIN);
    match data.frequency {
        super::Frequency::Monthly => {
            let first = d.with_day(1).unwrap_or(d);
            let last = first
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
                .unwrap_or(NaiveDate::MAX);
            (first, last)
        }
        f => {
            let span = Duration::try_days(f.days() - 1).unwrap_or_default();
            if data.week_ending {
                (d.checked_sub_signed(span).unwrap_or(NaiveDate::MIN), d)
            } else {
                (d, d.checked_add_signed(span).unwrap_or(NaiveDate::MAX))
            }
        }
    }
}

/// The last day of the data's last period.
fn data_end(data: &Dataset) -> NaiveDate {
    period_bounds(data, data.dates.len().saturating_sub(1)).1
}

/// The row whose period holds day `d` (inside the data): for days and weeks the last row
/// dated on or before it (the first dated on or after it for weeks dated by their last day),
/// for months the row of its calendar month.
fn row_of(data: &Dataset, d: NaiveDate) -> usize {
    let by_date = if data.week_ending {
        data.dates.partition_point(|&x| x < d)
    } else {
        data.dates.partition_point(|&x| x <= d).saturating_sub(1)
    };
    if data.frequency == super::Frequency::Monthly {
        data.dates
            .iter()
            .position(|x| (x.year(), x.month()) == (d.year(), d.month()))
            .unwrap_or(by_date)
    } else {
        by_date
    }
}

/// A name's letters and digits in lower case: column names and a test's `metric` are matched
/// ignoring case, spaces and punctuation.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .map(super::names::lower_letter)
        .collect()
}

/// A test's reported spend this far (a share) from the data's spend in its window is named in
/// a warning (Robyn warns at the same 10 %).
pub const SPEND_TOLERANCE: f64 = 0.1;

/// Whether a test's `metric` names the KPI: equal ignoring case, spaces and punctuation, or the
/// start of its name (`revenue` for a KPI column `Revenue (EUR)`, not `revenue_per_user` for
/// `revenue`).
fn same_quantity(metric: &str, kpi: &str) -> bool {
    let (m, k) = (key(metric), key(kpi));
    !m.is_empty() && k.starts_with(&m)
}

/// Match lift tests to the data: each channel by name or spend column, each window to rows.
/// Returns the experiments and warnings (overlapping tests of one channel; standard errors
/// derived from Robyn's `confidence`).
///
/// # Errors
/// [`Error::LiftUnknownChannel`], [`Error::LiftWindow`] (unreadable or ambiguous dates, a
/// window ending before it starts or reaching outside the data), [`Error::LiftNoSpend`],
/// [`Error::LiftStandardError`].
/// What an unknown channel name may have meant: a column this model reads as a control or an
/// organic variable (left out of the paid media, or named by `--media` without it), else the
/// paid channel or spend column one or two letters away ("soical").
fn unknown_channel_hint(name: &str, data: &Dataset, channels: &[ChannelIdentity]) -> String {
    let same = |a: &str| a.eq_ignore_ascii_case(name);
    let other = data
        .controls
        .iter()
        .find(|c| same(&c.name) || same(&c.column))
        .map(|c| (c.name.as_str(), "a control"))
        .or_else(|| {
            data.organic
                .iter()
                .find(|o| same(&o.name))
                .map(|o| (o.name.as_str(), "an organic variable"))
        });
    if let Some((column, role)) = other {
        return format!(
            " '{column}' is {role} in this model, not paid media spend: fit again with it among the paid channels (--media) to calibrate it."
        );
    }
    // Letters one or two edits apart (strsim, which the command line's parser uses too).
    // ASCII case only: `to_lowercase` brings Unicode's case tables, 10 KB of the page's wasm.
    let lower = name.to_ascii_lowercase();
    channels
        .iter()
        .flat_map(|c| [(c, c.name.as_str()), (c, c.spend_column.as_str())])
        .map(|(c, n)| (strsim::levenshtein(&lower, &n.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!(" Did you mean '{}'?", c.name))
        .unwrap_or_default()
}

pub fn resolve(
    tests: &[LiftTest],
    data: &Dataset,
    channels: &[ChannelIdentity],
) -> Result<(Vec<Experiment>, Vec<Warning>)> {
    let mut out: Vec<Experiment> = Vec::with_capacity(tests.len());
    let mut warnings = Vec::new();
    let (first_day, last_day) = (period_bounds(data, 0).0, data_end(data));
    // Day and month order: as the experiments file settles it (a day above 12), else as the
    // data's date column wrote it.
    let file_dates = super::dates::parse_column_ordered(
        "window",
        tests
            .iter()
            .flat_map(|t| [t.start.as_str(), t.end.as_str()]),
        data.day_order(),
    )
    .ok()
    .map(|(dates, _)| dates);
    // For the checks of each test's lift and standard error against the data's KPI.
    let kpi_total: f64 = data.kpi.values.iter().map(|v| v.abs()).sum();
    for (position, t) in tests.iter().enumerate() {
        let row = t.row_or(position);
        let channel =
            crate::model::fitted::channel_index(channels, t.channel.trim()).map_err(|_| {
                Error::LiftUnknownChannel {
                    row,
                    column: "channel".into(),
                    channel: t.channel.clone(),
                    hint: unknown_channel_hint(t.channel.trim(), data, channels),
                    available: channels
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            })?;
        if let Some(m) = &t.metric
            && !same_quantity(m, &data.kpi.name)
        {
            return Err(Error::LiftBadCell {
                row,
                column: "metric".into(),
                value: m.clone(),
                expected: format!("the model's KPI, '{}': give the lift in it", data.kpi.name),
            });
        }
        if !(t.standard_error > 0.0 && t.standard_error.is_finite()) {
            return Err(Error::LiftStandardError {
                row,
                column: "standard_error".into(),
                value: t.standard_error.to_string(),
            });
        }
        if !t.lift.is_finite() {
            return Err(Error::LiftBadCell {
                row,
                column: "lift".into(),
                value: t.lift.to_string(),
                expected: "a number".into(),
            });
        }
        // A lift beyond all the KPI in the data, or a standard error below a millionth of a
        // period's KPI (no test is that exact; the fit would take hours to agree to it), is
        // a unit or a typing mistake.
        if t.lift.abs() > kpi_total {
            return Err(Error::LiftBadCell {
                row,
                column: "lift".into(),
                value: crate::numbers::number(t.lift),
                expected: format!(
                    "a lift in the KPI's units: it is larger than all of '{}' in the data ({})",
                    data.kpi.name,
                    crate::numbers::number(kpi_total)
                ),
            });
        }
        let floor = 1e-6 * kpi_total / data.len().max(1) as f64;
        if t.standard_error < floor {
            // One derived from Robyn's confidence comes from the lift: that is the cell named.
            let (column, value) = if t.derived_standard_error {
                ("liftAbs", crate::numbers::number(t.lift))
            } else {
                ("standard_error", t.standard_error.to_string())
            };
            return Err(Error::LiftBadCell {
                row,
                column: column.into(),
                value,
                expected: format!(
                    "a standard error in the KPI's units of at least {} (a millionth of a period's mean '{}'){}: no test measures a lift that exactly",
                    crate::error::readable(floor, crate::error::Round::Up),
                    data.kpi.name,
                    if t.derived_standard_error {
                        format!(
                            ", where this lift and confidence give {}",
                            crate::error::readable(t.standard_error, crate::error::Round::Nearest)
                        )
                    } else {
                        String::new()
                    }
                ),
            });
        }
        let window = |reason: String, column: &str| Error::LiftWindow {
            row,
            column: column.into(),
            start: t.start.clone(),
            end: t.end.clone(),
            reason,
        };
        let date = |cell: &str, column: &str| -> Result<NaiveDate> {
            let readings = cell_readings(cell);
            let inside: Vec<NaiveDate> = readings
                .iter()
                .copied()
                .filter(|d| (first_day..=last_day).contains(d))
                .collect();
            match (readings.len(), inside.as_slice()) {
                (0, _) => Err(window(
                    format!(
                        "has a {column} date '{cell}' that is not a date; write it as YYYY-MM-DD"
                    ),
                    column,
                )),
                (_, [d]) => Ok(*d),
                (_, []) => Ok(readings[0]),
                (_, [a, b, ..]) => Err(window(
                    format!(
                        "has a {column} date '{cell}' that could be {} or {}; write it as YYYY-MM-DD",
                        iso(*a),
                        iso(*b)
                    ),
                    column,
                )),
            }
        };
        // A month or ISO week alone (`2023-03`, `2023-W09`) is its first day: right for rows of
        // that length, not for the last day of a window of shorter rows.
        // A week alone on monthly rows would end on its Monday: refused too.
        for (cell, column) in [(&t.start, "start"), (&t.end, "end")] {
            if let Some(period) = period_only(cell)
                && period != data.frequency
            {
                return Err(window(
                    format!(
                        "gives a {}, '{cell}', as its {column}; the data's rows are {}, so write the window's first and last days as YYYY-MM-DD",
                        period.unit(),
                        data.frequency.word()
                    ),
                    column,
                ));
            }
        }
        // Day and month order as the whole file writes it (or the data's date column), else
        // as this test's two dates do, else cell by cell.
        let (start, end) = match (
            &file_dates,
            super::dates::parse_column_ordered(
                "window",
                [t.start.as_str(), t.end.as_str()].into_iter(),
                data.day_order(),
            )
            .map(|(pair, _)| pair),
        ) {
            (Some(all), _) => (all[2 * position], all[2 * position + 1]),
            (None, Ok(pair)) => (pair[0], pair[1]),
            (None, Err(_)) => (date(&t.start, "start")?, date(&t.end, "end")?),
        };
        if end < start {
            return Err(window(
                format!(
                    "ends before it starts; swap them (start {}, end {})",
                    t.end, t.start
                ),
                "end",
            ));
        }
        if start < first_day {
            return Err(window(
                format!(
                    "starts before the data, which begins on {}; use dates inside the data",
                    iso(first_day)
                ),
                "start",
            ));
        }
        if end > last_day {
            return Err(window(
                format!(
                    "ends after the data, whose last period ends on {}; use dates inside the data",
                    iso(last_day)
                ),
                "end",
            ));
        }
        // An end that names its period (`2023-06`, `2024-W04`) ends with that period, whatever
        // day the rows are dated by (a month's last day, a week's Sunday).
        let end = if period_only(&t.end) == Some(data.frequency) {
            period_bounds(data, row_of(data, end)).1
        } else {
            end
        };
        let (first, last) = (row_of(data, start), row_of(data, end));
        let spend: f64 = data.channels[channel].spend[first..=last].iter().sum();
        let name = channels[channel].name.clone();
        if spend <= 0.0 {
            return Err(Error::LiftNoSpend {
                row,
                column: "channel".into(),
                channel: name,
                start: iso(start),
                end: iso(end),
            });
        }
        // A window that starts or ends inside a period is compared with whole periods, and
        // says so. A window may end on its last period's last day or on that period's date
        // (the row's label: "the weeks of March 4 to March 25"), as it may start on either.
        let (from, to) = (period_bounds(data, first).0, period_bounds(data, last).1);
        let starts_inside = start != from && start != data.dates[first];
        let ends_inside = end != to && end != data.dates[last];
        let rounded = starts_inside || ends_inside;
        if rounded {
            let unit = data.frequency.unit();
            let periods = last - first + 1;
            warnings.push(Warning::about(
                WarningKind::LiftWindowRounded,
                &name,
                format!(
                    "The {name} test of row {row} ({} to {}) {} inside a {unit} ({}): it is read as a pause of the whole {} from {} to {}, {} of spend. For a lift of the test's own days only, give whole {unit}s.",
                    iso(start),
                    iso(end),
                    match (starts_inside, ends_inside) {
                        (true, true) => "starts and ends",
                        (true, false) => "starts",
                        _ => "ends",
                    },
                    match (data.frequency, data.week_ending) {
                        (super::Frequency::Monthly, _) => "a row stands for its calendar month",
                        (_, true) => "a row's date is its week's last day",
                        _ => "a row's date is its period's first day",
                    },
                    if periods == 1 {
                        unit.to_string()
                    } else {
                        format!("{periods} {unit}s")
                    },
                    iso(from),
                    iso(to),
                    crate::numbers::number(spend)
                ),
            ));
        }
        // (A rounded window's spend is not the test's own: the warning above names it.)
        if let Some(reported) = t.reported_spend
            && !rounded
            && reported > 0.0
            && (reported - spend).abs() > SPEND_TOLERANCE * spend
        {
            warnings.push(Warning::about(
                WarningKind::LiftSpendMismatch,
                &name,
                format!(
                    "The {name} test of row {row} reports {} of spend, the data {} from {} to {} ({:+.0} %): check its dates and currency.",
                    crate::numbers::number(reported),
                    crate::numbers::number(spend),
                    iso(period_bounds(data, first).0),
                    iso(period_bounds(data, last).1),
                    100.0 * (reported / spend - 1.0)
                ),
            ));
        }
        if let Some(other) = out
            .iter()
            .find(|e| e.channel == channel && e.first <= last && first <= e.last)
        {
            // The same test twice (a pasted row) is not two measurements: said as such.
            let repeated = other.first == first
                && other.last == last
                && other.lift.to_bits() == t.lift.to_bits()
                && other.standard_error.to_bits() == t.standard_error.to_bits();
            warnings.push(Warning::about(
                WarningKind::LiftOverlap,
                &name,
                if repeated {
                    format!(
                        "Row {row} repeats the {name} test of row {} (the same dates, lift and standard error): it counts as a second test, which divides the lift's standard error by 1.41. Delete one of the rows if it is the same test.",
                        other.row
                    )
                } else {
                    format!(
                        "The {name} tests of rows {} and {row} overlap in time; they are treated as independent measurements, which counts the overlapping weeks twice.",
                        other.row
                    )
                },
            ));
        }
        if t.derived_standard_error {
            warnings.push(Warning::about(
                WarningKind::LiftStandardErrorDerived,
                &name,
                format!(
                    "The {name} test of row {row} gives a confidence, not a standard error: MixLens took {} (the lift over the normal quantile of the confidence). Add a standard_error column to use the test's own.",
                    crate::numbers::number(t.standard_error)
                ),
            ));
        }
        out.push(Experiment {
            channel,
            name,
            first,
            last,
            start,
            end,
            lift: t.lift,
            standard_error: t.standard_error,
            scope: t.scope,
            spend,
            row,
        });
    }
    Ok((out, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{RoleRequest, load_csv};
    use crate::model::FittedModel;
    use crate::precision::assert_close;

    /// Eight weeks from Monday 2024-01-01; tv dark in weeks 3 and 4.
    fn data() -> Dataset {
        let mut csv = String::from("date,revenue,tv_spend,search_spend\n");
        let tv = [10.0, 12.0, 0.0, 0.0, 8.0, 9.0, 11.0, 10.0];
        for (i, t) in tv.iter().enumerate() {
            let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(7 * i as i64);
            csv += &format!("{},{},{t},{}\n", iso(d), 100_000 + i, 5 + i % 3);
        }
        load_csv(&csv, &RoleRequest::default()).unwrap().dataset
    }

    fn resolve_csv(csv: &str) -> Result<(Vec<Experiment>, Vec<Warning>)> {
        let d = data();
        resolve(&parse_lift_csv(csv)?, &d, &FittedModel::identities(&d))
    }

    #[test]
    fn the_data_ends_on_the_last_periods_last_day_without_overflow() {
        let mut d = data();
        // Eight weeks from Monday 2024-01-01: the last week runs to Sunday 2024-02-25.
        assert_eq!(data_end(&d), NaiveDate::from_ymd_opt(2024, 2, 25).unwrap());
        // A hand-edited model file may end on the calendar's last day: no panic.
        *d.dates.last_mut().unwrap() = NaiveDate::MAX;
        assert_eq!(data_end(&d), NaiveDate::MAX);
    }

    #[test]
    fn our_layout_reads_into_rows_of_the_data() {
        match resolve_csv("channel,start,end,lift,standard_error\ntv,2024-01-10,2024-01-08,1,1\n") {
            Err(Error::LiftWindow { row: 2, reason, .. }) => {
                assert_eq!(
                    reason,
                    "ends before it starts; swap them (start 2024-01-08, end 2024-01-10)"
                )
            }
            other => panic!("expected a reversed window, got {other:?}"),
        }
        let (e, w) = resolve_csv(
            "channel,start,end,lift,standard_error,scope\n\
             tv_spend,2024-01-03,2024-01-14,\"1,234.5\",100,immediate\n\
             search,2024-02-19,2024-02-25,50,10,\n",
        )
        .unwrap();
        // Wednesday 2024-01-03 falls in the week of Monday 2024-01-01 (row 0); Sunday the 14th
        // in the week of the 8th (row 1). The test starts inside a week: said.
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::LiftWindowRounded);
        assert!(
            w[0].message.contains(") starts inside a week")
                && w[0]
                    .message
                    .contains("the whole 2 weeks from 2024-01-01 to 2024-01-14, 22.00 of spend"),
            "{}",
            w[0].message
        );
        assert_eq!((e[0].channel, e[0].first, e[0].last), (0, 0, 1));
        assert_eq!(e[0].name, "tv");
        assert_close(e[0].lift, 1234.5, 0.0);
        assert_close(e[0].spend, 22.0, 0.0);
        assert_eq!(e[0].scope, LiftScope::Immediate);
        assert_eq!(e[0].row, 2);
        // The last week runs to Sunday 2024-02-25: inside the data.
        assert_eq!(
            (e[1].channel, e[1].first, e[1].last, e[1].periods()),
            (1, 7, 7, 1)
        );
        assert_eq!(e[1].scope, LiftScope::Total);
    }

    /// Whole weeks, given by their first and last days or by the rows' dates, are read as
    /// written; a window of one day inside a week is the whole week, said in a warning.
    #[test]
    fn windows_of_whole_weeks_pass_and_a_day_inside_a_week_is_named() {
        let (e, w) = resolve_csv(
            "channel,start,end,lift,standard_error
             tv,2024-01-01,2024-01-14,10,1
             tv,2024-02-05,2024-02-12,10,1
             search,2024-02-12,2024-02-12,10,1
",
        )
        .unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!((e[0].first, e[0].last), (0, 1));
        assert_eq!((e[1].first, e[1].last), (5, 6));
        assert_eq!((e[2].first, e[2].last), (6, 6));
        let (e, w) = resolve_csv(
            "channel,start,end,lift,standard_error
search,2024-02-14,2024-02-14,10,1
",
        )
        .unwrap();
        assert_eq!((e[0].first, e[0].last), (6, 6));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::LiftWindowRounded);
        assert!(
            w[0].message.contains(") starts and ends inside a week")
                && w[0]
                    .message
                    .contains("the whole week from 2024-02-12 to 2024-02-18"),
            "{}",
            w[0].message
        );
    }

    /// Numbers that cannot be a test's: percentages where KPI units belong (`15%` read as
    /// 0.15 pinned the model to the test), a standard error below a millionth of a period's KPI
    /// (the fit ran for minutes), a lift beyond all of the data's KPI (`1e308`); a Robyn file's
    /// `se` column is its standard error, not left for the confidence.
    #[test]
    fn percentages_and_impossible_numbers_are_refused() {
        let refused = |csv: &str| match resolve_csv(csv) {
            Err(Error::LiftBadCell {
                row: 2,
                column,
                expected,
                ..
            }) => (column, expected),
            other => panic!("{csv}: {other:?}"),
        };
        let head = "channel,start,end,lift,standard_error\n";
        let (column, expected) = refused(&format!("{head}tv,2024-01-29,2024-02-11,4000,15%\n"));
        assert_eq!(column, "standard_error");
        assert!(expected.ends_with("15% of this lift is 600"), "{expected}");
        let (column, _) = refused(&format!("{head}tv,2024-01-29,2024-02-11,5%,100\n"));
        assert_eq!(column, "lift");
        let (column, expected) = refused(&format!("{head}tv,2024-01-29,2024-02-11,4000,1e-300\n"));
        assert_eq!(column, "standard_error");
        assert!(expected.contains("at least 0.101 "), "{expected}");
        let (column, _) = refused(&format!("{head}tv,2024-01-29,2024-02-11,1e308,1e308\n"));
        assert_eq!(column, "lift");
        // A standard error from Robyn's confidence names the lift it came from.
        let (column, expected) = refused(
            "channel,liftStartDate,liftEndDate,liftAbs,spend,confidence\ntv_spend,2024-01-29,2024-02-11,0.05,17,0.9\n",
        );
        assert_eq!(column, "liftAbs");
        assert!(
            expected.contains("this lift and confidence give 0.0304:"),
            "{expected}"
        );
        // Just above the floor, and a lift of all the data's KPI, are tests.
        assert!(resolve_csv(&format!("{head}tv,2024-01-29,2024-02-11,4000,0.2\n")).is_ok());
        let (e, w) = resolve_csv(
            "channel,liftStartDate,liftEndDate,liftAbs,spend,confidence,se\n\
             tv_spend,2024-01-29,2024-02-11,4000,17,0.9,500\n",
        )
        .unwrap();
        assert_close(e[0].standard_error, 500.0, 0.0);
        assert!(w.is_empty(), "{w:?}");
        let (e, _) =
            resolve_csv("channel,start,end,lift,SE\ntv,2024-01-29,2024-02-11,4000,500\n").unwrap();
        assert_close(e[0].standard_error, 500.0, 0.0);
    }

    /// Robyn's demo tests two channels together (`tv_spend+search_spend`): refused, saying so.
    #[test]
    fn a_test_of_several_channels_is_named_as_such() {
        let e = resolve_csv(
            "channel,start,end,lift,standard_error\ntv_spend+search_spend,2024-01-29,2024-02-11,4000,500\n",
        )
        .unwrap_err();
        assert!(
            matches!(e, Error::LiftUnknownChannel { row: 2, .. }),
            "{e:?}"
        );
        assert!(
            e.to_string()
                .contains("several channels together are not supported"),
            "{e}"
        );
    }

    /// An ISO week alone on monthly rows would end the window on the week's Monday, inside the
    /// month before the week's end: refused with what to write.
    #[test]
    fn a_week_alone_on_monthly_rows_is_refused() {
        let mut csv = String::from("month,revenue,tv_spend\n");
        for m in 1..=12 {
            csv += &format!("2022-{m:02},{},{}\n", 100 + m, 10 * (m % 4) + 1);
        }
        let d = load_csv(&csv, &RoleRequest::default()).unwrap().dataset;
        let tests =
            parse_lift_csv("channel,start,end,lift,standard_error\ntv,2022-02-01,2022-W09,10,1\n")
                .unwrap();
        match resolve(&tests, &d, &FittedModel::identities(&d)) {
            Err(Error::LiftWindow { column, reason, .. }) => {
                assert_eq!(column, "end");
                assert!(
                    reason.starts_with(
                        "gives a week, '2022-W09', as its end; the data's rows are monthly"
                    ),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    /// A month without a day is the month's row on monthly data (written as the data is or
    /// not), and refused on weekly data, where it would cut a month's window to its first day.
    #[test]
    fn a_window_of_months_reads_on_monthly_data_and_is_refused_on_weekly() {
        match resolve_csv(
            "channel,start,end,lift,standard_error
tv,2024-01,2024-02,10,1
",
        ) {
            Err(Error::LiftWindow {
                row: 2,
                column,
                reason,
                ..
            }) => {
                assert_eq!(column, "start");
                assert_eq!(
                    reason,
                    "gives a month, '2024-01', as its start; the data's rows are weekly, so write the window's first and last days as YYYY-MM-DD"
                );
            }
            other => panic!("expected a refused month, got {other:?}"),
        }
        let mut csv = String::from("month,revenue,tv_spend\n");
        for m in 1..=12 {
            csv += &format!("2023-{m:02},{},{}\n", 100 + m, 10 * (m % 4));
        }
        let d = load_csv(&csv, &RoleRequest::default()).unwrap().dataset;
        assert_eq!(d.frequency, crate::data::Frequency::Monthly);
        assert_eq!(d.dates[2], NaiveDate::from_ymd_opt(2023, 3, 1).unwrap());
        let tests = parse_lift_csv(
            "channel,start,end,lift,standard_error\ntv,Mar 2023,2023-06,10,1\ntv,2023-09-01,2023-10-31,5,1\n",
        )
        .unwrap();
        let (e, w) = resolve(&tests, &d, &FittedModel::identities(&d)).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!((e[0].first, e[0].last), (2, 5));
        assert_eq!((e[1].first, e[1].last), (8, 9));
        // Rows dated by the month's last day: a window of months is still whole months.
        let mut csv = String::from("month,revenue,tv_spend\n");
        for m in 1..=12u32 {
            let last = NaiveDate::from_ymd_opt(2023 + i32::from(m == 12), m % 12 + 1, 1).unwrap()
                - Duration::days(1);
            csv += &format!("{},{},{}\n", iso(last), 100 + m, 10 * (m % 4));
        }
        let d = load_csv(&csv, &RoleRequest::default()).unwrap().dataset;
        let tests =
            parse_lift_csv("channel,start,end,lift,standard_error\ntv,2023-03,2023-06,10,1\n")
                .unwrap();
        let (e, w) = resolve(&tests, &d, &FittedModel::identities(&d)).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!((e[0].first, e[0].last), (2, 5));
        // ISO weeks name weekly rows (the week of Monday 2024-01-08 to that of 2024-01-22).
        let (e, w) =
            resolve_csv("channel,start,end,lift,standard_error\ntv,2024-W02,2024-W04,10,1\n")
                .unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!((e[0].first, e[0].last), (1, 3));
    }

    /// Channels are named in any case; dates whose day and month are both under 13 are read in
    /// the data's order (the data's `27/02/2023` settles day first).
    #[test]
    fn names_in_any_case_and_dates_in_the_datas_order() {
        let mut csv = String::from(
            "date,revenue,TV Spend (EUR)
",
        );
        for i in 0..8 {
            let d = NaiveDate::from_ymd_opt(2023, 2, 20).unwrap() + Duration::days(7 * i);
            csv += &format!(
                "{},{},{}
",
                d.format("%d/%m/%Y"),
                100 + i,
                10 + i
            );
        }
        let d = load_csv(&csv, &RoleRequest::default()).unwrap().dataset;
        assert_eq!(d.day_order(), Some(crate::data::dates::DayOrder::DayFirst));
        let tests = parse_lift_csv(
            "channel,start,end,lift,standard_error
tv,06/03/2023,12/03/2023,5,1
",
        )
        .unwrap();
        let (e, w) = resolve(&tests, &d, &FittedModel::identities(&d)).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(e[0].name, "TV");
        // 6 March 2023 is the third Monday of the data (row 2), 12 March its Sunday.
        assert_eq!(
            (e[0].start, e[0].end),
            (
                NaiveDate::from_ymd_opt(2023, 3, 6).unwrap(),
                NaiveDate::from_ymd_opt(2023, 3, 12).unwrap()
            )
        );
        assert_eq!((e[0].first, e[0].last), (2, 2));
    }

    /// Weeks dated by their last day (a `week_ending` column): a Monday-to-Sunday test is its
    /// weeks, as are the weeks' own dates; the data begin six days before the first date.
    #[test]
    fn weeks_dated_by_their_last_day_hold_the_six_days_before() {
        let mut csv = String::from("Week Ending,revenue,tv_spend\n");
        for i in 0..8 {
            // Sundays from 2024-01-07.
            let d = NaiveDate::from_ymd_opt(2024, 1, 7).unwrap() + Duration::days(7 * i);
            csv += &format!("{},{},{}\n", iso(d), 100 + i, 10 + i);
        }
        let d = load_csv(&csv, &RoleRequest::default()).unwrap().dataset;
        assert!(d.week_ending);
        let tests = parse_lift_csv(
            "channel,start,end,lift,standard_error\n\
             tv,2024-01-01,2024-01-14,5,1\n\
             tv,2024-01-21,2024-02-04,5,1\n",
        )
        .unwrap();
        let (e, w) = resolve(&tests, &d, &FittedModel::identities(&d)).unwrap();
        assert!(w.is_empty(), "{w:?}");
        // Monday 1 January to Sunday 14 January: the weeks ending on the 7th and the 14th.
        assert_eq!((e[0].first, e[0].last), (0, 1));
        // The weeks ending 21 January to 4 February, by their own dates.
        assert_eq!((e[1].first, e[1].last), (2, 4));
        // A Wednesday-to-Tuesday window is read as the weeks it touches, with a warning.
        let tests =
            parse_lift_csv("channel,start,end,lift,standard_error\ntv,2024-01-03,2024-01-09,5,1\n")
                .unwrap();
        let (e, w) = resolve(&tests, &d, &FittedModel::identities(&d)).unwrap();
        assert_eq!((e[0].first, e[0].last), (0, 1));
        assert!(
            w[0].message.contains("a row's date is its week's last day")
                && w[0]
                    .message
                    .contains("2 weeks from 2024-01-01 to 2024-01-14"),
            "{}",
            w[0].message
        );
        assert_eq!(
            period_bounds(&d, 0).0,
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
        );
        // A test before the first week's Monday is outside the data.
        let tests =
            parse_lift_csv("channel,start,end,lift,standard_error\ntv,2023-12-31,2024-01-07,5,1\n")
                .unwrap();
        assert!(matches!(
            resolve(&tests, &d, &FittedModel::identities(&d)),
            Err(Error::LiftWindow { .. })
        ));
    }

    /// Names of a week's end, and not; a test's `metric` names the KPI or the start of its name.
    #[test]
    fn week_end_names_and_metric_names() {
        use crate::data::dataset::names_week_end;
        for name in ["week_ending", "Week End", "weekending_date", "WEEK ENDING"] {
            assert!(names_week_end(name), "{name}");
        }
        for name in ["date", "week", "spending_week", "week_start", "trending"] {
            assert!(!names_week_end(name), "{name}");
        }
        assert!(same_quantity("revenue", "Revenue (EUR)"));
        assert!(same_quantity("Revenue", "revenue"));
        assert!(!same_quantity("revenue_per_user", "revenue"));
        assert!(!same_quantity("conversions", "revenue"));
        assert!(!same_quantity("y", "revenue"));
        assert!(!same_quantity("--", "revenue"));
    }

    /// Monthly rows stand for their calendar month, whichever day dates them.
    #[test]
    fn monthly_rows_dated_at_month_end_hold_their_month() {
        let mut csv = String::from(
            "date,revenue,tv_spend
",
        );
        for (i, day) in ["2023-01-31", "2023-02-28", "2023-03-31", "2023-04-30"]
            .iter()
            .enumerate()
        {
            csv += &format!(
                "{day},{},{}
",
                100 + i,
                10 + i
            );
        }
        let d = load_csv(&csv, &RoleRequest::default()).unwrap().dataset;
        let tests = parse_lift_csv(
            "channel,start,end,lift,standard_error
             tv,2023-01-01,2023-01-31,5,1
             tv,2023-02-28,2023-03-31,5,1
",
        )
        .unwrap();
        let (e, w) = resolve(&tests, &d, &FittedModel::identities(&d)).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!((e[0].first, e[0].last), (0, 0));
        assert_eq!((e[1].first, e[1].last), (1, 2));
        assert_eq!(data_end(&d), NaiveDate::from_ymd_opt(2023, 4, 30).unwrap());
    }

    #[test]
    fn robyns_layout_converts_confidence_to_a_standard_error_and_says_so() {
        let (e, w) = resolve_csv(
            "channel,liftStartDate,liftEndDate,liftAbs,spend,confidence,metric,calibration_scope\n\
             tv_spend,2024-01-29,2024-02-11,4000,17,0.9,revenue,\n",
        )
        .unwrap();
        // z(0.95) = 1.6449: SE = 4000 / 1.6449.
        assert_close(e[0].standard_error, 4000.0 / 1.644_853_626_951_472_2, 1e-9);
        assert_eq!(e[0].scope, LiftScope::Immediate);
        assert_eq!((e[0].first, e[0].last), (4, 5));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::LiftStandardErrorDerived);
        assert!(w[0].message.contains("2,432"), "{}", w[0].message);
    }

    /// `120.000` is 120 thousand in a German file and 120 in an English one: refused as in the
    /// data file unless the decimal mark is given; a cell that settles it decides the column.
    #[test]
    fn lift_numbers_that_read_two_ways_need_the_decimal_mark() {
        let text =
            "channel,start,end,lift,standard_error\ntv,2024-01-01,2024-01-07,120.000,15.000\n";
        match parse_lift_csv(text).unwrap_err() {
            Error::AmbiguousNumberFormat {
                row: 2,
                column,
                thousands,
                decimal,
                ..
            } => {
                assert_eq!(column, "lift");
                assert_close(thousands, 120_000.0, 0.0);
                assert_close(decimal, 120.0, 0.0);
            }
            e => panic!("{e:?}"),
        }
        let comma = ReadOptions::default().decimal_mark(super::super::DecimalMark::Comma);
        let t = parse_lift_csv_with(text, &comma).unwrap();
        assert_close(t[0].lift, 120_000.0, 0.0);
        assert_close(t[0].standard_error, 15_000.0, 0.0);
        let point = ReadOptions::default().decimal_mark(super::super::DecimalMark::Point);
        let t = parse_lift_csv_with(text, &point).unwrap();
        assert_close(t[0].lift, 120.0, 0.0);
        // A second row that reads one way only settles the column.
        let settled = format!("{text}tv,2024-01-08,2024-01-14,\"95,5\",\"12,25\"\n");
        let t = parse_lift_csv(&settled).unwrap();
        assert_close(t[0].lift, 120_000.0, 0.0);
        assert_close(t[1].lift, 95.5, 0.0);
        // One column settles the file: `183,983.5` writes a decimal point, so `9,000` is nine
        // thousand.
        let t = parse_lift_csv(
            "channel,start,end,lift,standard_error
tv,2024-01-01,2024-01-07,\"183,983.5\",\"9,000\"\n",
        )
        .unwrap();
        assert_close(t[0].lift, 183_983.5, 0.0);
        assert_close(t[0].standard_error, 9_000.0, 0.0);
    }

    #[test]
    fn each_mistake_is_named_with_its_row_and_column() {
        let head = "channel,start,end,lift,standard_error\n";
        let err = |body: &str| resolve_csv(&format!("{head}{body}")).unwrap_err();
        match err("tv,2024-01-01,2024-01-07,10,5\nradio,2024-01-01,2024-01-07,10,5\n") {
            Error::LiftUnknownChannel {
                row: 3,
                channel,
                available,
                hint,
                ..
            } => {
                assert_eq!(channel, "radio");
                assert_eq!(available, "tv, search");
                assert_eq!(hint, "");
            }
            e => panic!("{e:?}"),
        }
        // A typing slip: the nearest channel (by name or spend column) is offered.
        match err("serch,2024-01-01,2024-01-07,10,5\n") {
            e @ Error::LiftUnknownChannel { .. } => assert_eq!(
                e.to_string(),
                "Experiments file, row 2, column 'channel': 'serch' is not a paid channel of the data. Did you mean 'search'? Name the channel or its spend column; the channels are: tv, search."
            ),
            e => panic!("{e:?}"),
        }
        // A column the model reads as a control: said so, with how to calibrate it.
        let mut d = data();
        d.controls.push(crate::data::Control {
            name: "radio".into(),
            column: "radio_spend".into(),
            level: None,
            values: vec![0.0; d.len()],
        });
        let tests = parse_lift_csv(
            "channel,start,end,lift,standard_error\nradio_spend,2024-01-01,2024-01-07,10,5\n",
        )
        .unwrap();
        match resolve(&tests, &d, &FittedModel::identities(&d)) {
            Err(Error::LiftUnknownChannel { hint, .. }) => assert_eq!(
                hint,
                " 'radio' is a control in this model, not paid media spend: fit again with it among the paid channels (--media) to calibrate it."
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            err("tv,2024-01-01,2024-01-07,10,0\n"),
            Error::LiftStandardError { row: 2, .. }
        ));
        assert!(matches!(
            err("tv,2024-01-01,2024-01-07,10,-3\n"),
            Error::LiftStandardError { row: 2, .. }
        ));
        assert!(matches!(
            err("tv,2024-01-01,2024-01-07,ten,5\n"),
            Error::LiftBadCell { row: 2, ref column, .. } if column == "lift"
        ));
        match err("tv,2023-12-25,2024-01-07,10,5\n") {
            Error::LiftWindow { row: 2, reason, .. } => {
                assert!(reason.contains("begins on 2024-01-01"), "{reason}")
            }
            e => panic!("{e:?}"),
        }
        match err("tv,2024-02-19,2024-02-26,10,5\n") {
            Error::LiftWindow { reason, .. } => {
                assert!(reason.contains("ends on 2024-02-25"), "{reason}")
            }
            e => panic!("{e:?}"),
        }
        // tv spent nothing in weeks 3 and 4.
        match err("tv,2024-01-15,2024-01-28,10,5\n") {
            Error::LiftNoSpend {
                row: 2, channel, ..
            } => assert_eq!(channel, "tv"),
            e => panic!("{e:?}"),
        }
        // 01/02/2024 is 1 February or 2 January: both inside the data.
        match err("tv,01/02/2024,2024-02-11,10,5\n") {
            Error::LiftWindow { reason, .. } => {
                assert!(reason.contains("2024-02-01 or 2024-01-02"), "{reason}")
            }
            e => panic!("{e:?}"),
        }
        match resolve_csv("channel,start,end,lift\ntv,2024-01-01,2024-01-07,10\n") {
            Err(Error::LiftMissingColumn { column, .. }) => assert_eq!(column, "standard_error"),
            other => panic!("{other:?}"),
        }
        // 13/02/2024 can only be day first.
        let (e, _) = resolve_csv(&format!("{head}tv,13/02/2024,2024-02-18,10,5\n")).unwrap();
        assert_eq!((e[0].first, e[0].last), (6, 6));
    }

    #[test]
    fn overlapping_tests_of_one_channel_are_kept_with_a_warning() {
        let (e, w) = resolve_csv(
            "channel,start,end,lift,standard_error\n\
             tv,2024-01-01,2024-01-14,10,5\n\
             search,2024-01-08,2024-01-14,10,5\n\
             tv,2024-01-08,2024-02-11,10,5\n",
        )
        .unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::LiftOverlap);
        assert_eq!(w[0].subject.as_deref(), Some("tv"));
        assert!(w[0].message.contains("rows 2 and 4"), "{}", w[0].message);
        // A pasted row: named as the same test.
        let (e, w) = resolve_csv(
            "channel,start,end,lift,standard_error\n\
             tv,2024-01-01,2024-01-14,10,5\n\
             tv,2024-01-01,2024-01-14,10,5\n",
        )
        .unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].message,
            "Row 3 repeats the tv test of row 2 (the same dates, lift and standard error): it counts as a second test, which divides the lift's standard error by 1.41. Delete one of the rows if it is the same test."
        );
    }
}
