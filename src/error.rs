//! The one error type of the crate.
//!
//! Every message is written for the person who owns the spreadsheet, not for a programmer: it says
//! what is wrong, where (spreadsheet row and column, counting the header as row 1), and how to fix
//! it. The variants carry the context as fields so a user interface can highlight the cell.

use thiserror::Error;

/// Result type used throughout the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong between a CSV file and a budget plan.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum Error {
    // ---- reading the file -------------------------------------------------------------------
    /// The text holds no rows at all.
    #[error(
        "The file is empty. Export your data as CSV with a header row (for example date,revenue,tv_spend) and one row per period."
    )]
    EmptyFile,

    /// Not CSV text: a workbook, a compressed file, UTF-16 or a legacy encoding.
    #[error(
        "The file is not CSV text that MixLens can read: {what}. Save it from the spreadsheet as 'CSV UTF-8 (comma delimited)' and load that file."
    )]
    NotCsvText { what: &'static str },

    /// JSON (a saved model) given where a data file was expected.
    #[error(
        "This is JSON (a saved MODEL.json?), not a data file: open a model with 'Open a saved model' (command line: optimize, whatif, summary), or load the data CSV."
    )]
    ModelGivenAsData,

    /// A header row but no data rows.
    #[error(
        "The file has a header row but no data rows. Add one row per week (or day, or month) below the header."
    )]
    NoDataRows,

    /// The CSV reader could not read a line.
    #[error(
        "Row {row} could not be read as CSV ({detail}). Check for an unclosed quote (\") on that row or the one before it."
    )]
    MalformedCsv { row: usize, detail: String },

    /// A data row has a different number of cells than the header.
    #[error(
        "Row {row} has {found} cells but the header has {expected}. Check that row for a missing or extra separator; a comma inside a number or a name must be quoted."
    )]
    RaggedRow {
        row: usize,
        expected: usize,
        found: usize,
    },

    /// The header has a blank cell.
    #[error(
        "Column {position} of the header has no name. Give every column a name, or delete the empty column."
    )]
    BlankColumnName { position: usize },

    /// Two header cells carry the same name.
    #[error(
        "Two columns are both named '{column}' (columns {first} and {second}). Rename one of them so every column name is unique."
    )]
    DuplicateColumn {
        column: String,
        first: usize,
        second: usize,
    },

    /// A total or summary row below the data.
    #[error("Row {row} looks like a total row, not a period: {evidence}. {}", delete_rows(.count))]
    TotalRow {
        row: usize,
        /// The date column.
        column: String,
        /// What gives it away ("its 'date' cell says 'Total' where a date belongs").
        evidence: String,
        /// How many rows at the bottom look like totals (this one and those below it); 0 for
        /// a total row above other periods.
        count: usize,
    },

    // ---- roles ------------------------------------------------------------------------------
    /// A role names a column that the file does not have.
    #[error(
        "The {role} column '{column}' is not in the file. The file's columns are: {available}. Check the spelling (names are matched exactly, ignoring surrounding spaces)."
    )]
    UnknownColumn {
        role: String,
        column: String,
        available: String,
    },

    /// The same column was given two roles.
    #[error(
        "Column '{column}' is used both as {first} and as {second}. A column can have only one role; remove it from one of them."
    )]
    RoleConflict {
        column: String,
        first: String,
        second: String,
    },

    /// No date column was named and none could be recognised.
    #[error(
        "No date column was found. Name it 'date', 'week' or 'ds', or choose which column holds the dates."
    )]
    NoDateColumn,

    /// No KPI column was named and none could be recognised.
    #[error(
        "No revenue (KPI) column was found. Name it 'revenue', 'sales' or 'kpi', or choose which column is the KPI."
    )]
    NoKpiColumn,

    /// The column named like the KPI is empty in every row.
    #[error(
        "Column '{column}' is named like the KPI, but every cell of it is empty, so there is nothing to model. Fill in the KPI of each period (or export the file again with it), or choose which column is the KPI."
    )]
    EmptyKpiColumn { column: String },

    /// The column named like the KPI was chosen for another role, and no other column is one.
    #[error("{}", kpi_taken(.column, *.role))]
    KpiColumnTaken {
        column: String,
        /// The role it was given (date, media, exposure, organic, control or ignored).
        role: crate::data::ColumnRole,
    },

    /// The only column of dates (or named like one) was chosen for another role.
    #[error(
        "Column '{column}' holds the dates but was chosen among the {}: take it out of the {}.",
        role_list(*.role), role_list(*.role)
    )]
    DateColumnTaken {
        column: String,
        /// The role it was given (media, exposure, organic, control or ignored).
        role: crate::data::ColumnRole,
    },

    /// Several columns are named like a KPI of the same kind, none plainly.
    #[error(
        "Several columns could be the KPI: {columns}. Choose the one to model; MixLens models one KPI per fit (to model regions or brands together, add them up into one column: models of several regions at once are planned)."
    )]
    AmbiguousKpi { columns: String },

    /// No paid media column was named and none could be recognised.
    #[error(
        "No paid media spend columns were found. Name spend columns like 'tv_spend' or 'tv_S', or choose which columns are paid media spend."
    )]
    NoMediaColumns,

    /// An exposure column was given for a channel that is not a paid channel.
    #[error(
        "An exposure column ('{exposure}') was given for '{channel}', which is not one of the paid media spend columns ({available}). Use the spend column's name on the left of '='."
    )]
    ExposureWithoutSpend {
        channel: String,
        exposure: String,
        available: String,
    },

    // ---- cell values ------------------------------------------------------------------------
    /// An empty or "NA"-like cell in a column the model needs.
    #[error(
        "Row {row} ({date}), column '{column}': no value (an empty cell, or a marker such as NA, - or #N/A). Fill it in; if nothing was spent or sold that period, enter 0."
    )]
    MissingValue {
        row: usize,
        column: String,
        date: String,
    },

    /// A number beyond any measurement ([`crate::precision::MAX_MAGNITUDE`]).
    #[error(
        "Row {row} ({date}), column '{column}': {value} is too large (over 1e100): digits pasted twice, or a lost decimal point?"
    )]
    NumberTooLarge {
        row: usize,
        column: String,
        date: String,
        /// The number in short form (or the cell, when it does not fit a float).
        value: String,
    },

    /// A column whose values are all so close to zero that nothing can be computed from them
    /// ([`crate::precision::MIN_MAGNITUDE`]).
    #[error(
        "Column '{column}' holds only numbers too close to zero (the largest is {}): export amounts as they read, like 1234.5.",
        crate::numbers::exact(*.largest)
    )]
    ColumnTooSmall { column: String, largest: f64 },

    /// A cell that is not a number in a numeric column.
    #[error(
        "Row {row} ({date}), column '{column}': '{value}' is not a number. Write a number such as 1234.5 (currency signs and thousands separators are fine; words and units are not)."
    )]
    NonNumeric {
        row: usize,
        column: String,
        date: String,
        value: String,
    },

    /// A column whose numbers could be read two ways, with nothing to tell which.
    #[error(
        "Column '{column}' writes numbers like '{value}' (row {row}), which could mean {thousands} (with a thousands separator) or {decimal} (with a decimal mark), and no cell of the column tells which. Choose the file's decimal mark (point: 1,234.5; comma: 1.234,5), or save the column again without thousands separators (1234).{others}"
    )]
    AmbiguousNumberFormat {
        /// The first cell that reads two ways.
        row: usize,
        column: String,
        value: String,
        /// The cell read with its separator between thousands.
        thousands: f64,
        /// The cell read with its separator as the decimal mark.
        decimal: f64,
        /// What another column of the file settles, as a sentence starting with a space
        /// (" Other columns of this file use a decimal point: 'revenue' writes '1,234.56'
        /// (row 2)."), or empty.
        others: String,
    },

    /// A column whose cells use different decimal marks.
    #[error(
        "Row {row}, column '{column}': '{value}' is written with {uses}, but other cells of the column are not (for example row {example_row}: '{example}'), so the column cannot be read one way. Write every number of the column the same way, for example 1234.5 without thousands separators."
    )]
    MixedNumberFormat {
        row: usize,
        column: String,
        value: String,
        /// "a decimal comma (like 1.234,5)" or "a decimal point (like 1,234.5)".
        uses: &'static str,
        example_row: usize,
        example: String,
    },

    /// A negative spend.
    #[error(
        "Row {row} ({date}), column '{column}': spend is negative ({}). Spend must be 0 or more; if this is a refund, net it against another period.",
        crate::numbers::exact(*.value)
    )]
    NegativeSpend {
        row: usize,
        column: String,
        date: String,
        value: f64,
    },

    /// A negative exposure or organic activity value.
    #[error(
        "Row {row} ({date}), column '{column}': the value is negative ({}). Media activity (impressions, clicks, sends) must be 0 or more.",
        crate::numbers::exact(*.value)
    )]
    NegativeActivity {
        row: usize,
        column: String,
        date: String,
        value: f64,
    },

    // ---- dates ------------------------------------------------------------------------------
    /// A date cell that could not be read.
    #[error(
        "Row {row}, column '{column}': '{value}' is not a date this tool can read.{}{} Write dates as YYYY-MM-DD (for example 2024-03-25).",
        serial_day_hint(.value),
        short_year_hint(.value)
    )]
    BadDate {
        row: usize,
        column: String,
        value: String,
    },

    /// Dates could be read day-first or month-first.
    #[error(
        "The dates in column '{column}' (for example '{example}') could be day/month or month/day. Write them as YYYY-MM-DD so there is no doubt."
    )]
    AmbiguousDateFormat { column: String, example: String },

    /// The first line has one cell and the data rows more: a title or notes above the header.
    #[error(
        "The first line has one cell, but row {row} has {found}: the file seems to start with a title or notes above the column names, as ad platforms' exports do. Delete the lines above the column names, so that they come first."
    )]
    TitleAboveHeader { row: usize, found: usize },

    /// Two rows identical in every cell.
    #[error(
        "Rows {first_row} and {row} are identical (date {date}): the same data appended twice? Delete the repeated rows; adding them up would count those periods twice."
    )]
    RepeatedRow {
        row: usize,
        first_row: usize,
        date: String,
    },

    /// One row per channel and date (long format).
    #[error(
        "Rows {first_row} and {row} both have the date {date} and differ in column '{column}' ({values}): one row per {column} and date (long format). MixLens reads one row per date with a spend column per channel: pivot the file (dates as rows, the values of '{column}' as columns, spend in the cells) and keep the KPI once per date."
    )]
    LongFormat {
        row: usize,
        first_row: usize,
        date: String,
        column: String,
        values: String,
    },

    /// Two rows with the same date.
    #[error(
        "Row {row} repeats the date {date} already used in row {first_row}. Each period must appear once; add up or remove the duplicate row."
    )]
    DuplicateDate {
        row: usize,
        first_row: usize,
        date: String,
    },

    /// Several rows per date that differ in a text column: geo-level (or otherwise split) data.
    #[error(
        "Rows {first_row} and {row} both have the date {date} and differ in column '{column}' ({values}): this looks like data split by region or another group. MixLens models one series for now (geo-level models are planned): add up the rows of each date (spend and {kpi_word}), or keep only the rows of one value of '{column}'."
    )]
    SeveralRowsPerDate {
        row: usize,
        first_row: usize,
        date: String,
        column: String,
        /// Up to three of the values seen on that date, and how many there are.
        values: String,
        /// "revenue" or the KPI column's name.
        kpi_word: String,
    },

    /// Spacing that is neither daily, weekly nor monthly.
    #[error(
        "The dates are {days} days apart, which is not daily, weekly or monthly data. Aggregate the data to days, weeks or months."
    )]
    UnsupportedFrequency { days: i64 },

    /// A gap or an uneven step between consecutive dates.
    #[error(
        "Between row {row_before} ({before}) and row {row} ({after}) the dates jump by {days} days, but the data is {frequency} (every {expected} days). Add the missing periods (with 0 spend if nothing was spent) or fix the date."
    )]
    IrregularSpacing {
        row: usize,
        row_before: usize,
        before: String,
        after: String,
        days: i64,
        expected: i64,
        frequency: String,
    },

    // ---- column contents --------------------------------------------------------------------
    /// A column with the same value in every row.
    #[error(
        "Column '{column}' has the same value ({}) in every row, so the model cannot learn anything from it. Remove it from the model.",
        crate::numbers::exact(*.value)
    )]
    ConstantColumn { column: String, value: f64 },

    /// A KPI with the same value in every period: nothing to explain.
    #[error(
        "The KPI column '{column}' has the same value ({}) in every period, so there is nothing for the model to explain and no effect of spend can be estimated. Check the file: the KPI should be each period's own revenue or conversions (not a total, a target or a copied cell), or choose another column as the KPI.",
        crate::numbers::exact(*.value)
    )]
    ConstantKpi { column: String, value: f64 },

    /// A media column that is zero in every row.
    #[error(
        "Column '{column}' is 0 in every row. A channel with no activity cannot be measured; remove it from the model."
    )]
    AllZeroColumn { column: String },

    /// Too few periods for the number of things to estimate.
    #[error("{}", too_few_rows(*.rows, *.parameters, *.needed, *.held_out, *.seasonality))]
    TooFewRows {
        /// Periods fitted on (those held out not counted).
        rows: usize,
        /// Coefficients and curve parameters to estimate; 0 when the data has too few dates
        /// to tell how far apart they are, before the model is built.
        parameters: usize,
        needed: usize,
        /// The last periods held out to test on.
        held_out: usize,
        /// Of the parameters, the yearly seasonality terms (two per pair).
        seasonality: usize,
    },

    // ---- settings ---------------------------------------------------------------------------
    /// A setting outside its allowed range.
    #[error("Setting '{name}' = {value} is not allowed: {reason}.")]
    InvalidSetting {
        name: String,
        value: String,
        reason: String,
    },

    /// A transform parameter outside its allowed range.
    #[error("{transform} parameter {parameter} = {value} is outside its allowed range {range}.")]
    InvalidParameter {
        transform: &'static str,
        parameter: &'static str,
        value: f64,
        range: &'static str,
    },

    /// A saved model file that cannot be used.
    #[error("The model file cannot be used: {reason}.")]
    InvalidModel { reason: String },

    /// The numerical solver could not produce a finite answer.
    #[error(
        "The model could not be estimated: {reason}. This usually means two columns carry the same information; remove one of them."
    )]
    Numerical { reason: String },

    /// A search was asked for results before it had evaluated anything.
    #[error(
        "The search has not evaluated any candidate model yet; run it before asking for results."
    )]
    SearchNotStarted,

    /// The user stopped the fit.
    #[error("The fit was cancelled.")]
    Cancelled,

    /// Search results from workers that do not belong together.
    #[error("The search results cannot be combined: {reason}.")]
    SearchMismatch { reason: String },

    // ---- budget allocation ------------------------------------------------------------------
    /// A channel name in a plan request that the model does not know.
    #[error("'{channel}' is not a channel of this model. The model's channels are: {available}.")]
    UnknownChannel { channel: String, available: String },

    // ---- experiments (lift tests) ---------------------------------------------------------
    /// The experiments file lacks a column it needs.
    #[error(
        "The experiments file has no '{column}' column. It needs one row per test with the columns channel, start, end, lift and standard_error (or Robyn's channel, liftStartDate, liftEndDate, liftAbs and confidence). Its columns are: {available}."
    )]
    LiftMissingColumn { column: String, available: String },

    /// A cell of the experiments file that cannot be read.
    #[error(
        "Experiments file, row {row}, column '{column}': '{value}' is not {expected}. Correct the cell, or delete the row."
    )]
    LiftBadCell {
        row: usize,
        column: String,
        value: String,
        /// "a number", "a date".
        expected: String,
    },

    /// An experiments file with a header and no tests.
    #[error(
        "The experiments file has no tests: add one row per test below its header (channel, start, end, lift, standard_error)."
    )]
    LiftNoTests,

    /// A test of a channel the data does not have.
    #[error(
        "Experiments file, row {row}, column '{column}': '{channel}' is not a paid channel of the data.{hint}{} Name the channel or its spend column; the channels are: {available}.",
        several_channels_hint(.channel)
    )]
    LiftUnknownChannel {
        row: usize,
        column: String,
        channel: String,
        /// What it may have meant ("" when nothing is near): a control of the same name, or a
        /// channel a letter or two away.
        hint: String,
        available: String,
    },

    /// A test window that is not inside the data, or ends before it starts.
    #[error(
        "Experiments file, row {row}, column '{column}': the test window {start} to {end} {reason}."
    )]
    LiftWindow {
        row: usize,
        column: String,
        start: String,
        end: String,
        /// "ends before it starts", "starts before the data, which begins on 2022-01-03".
        reason: String,
    },

    /// A test window in which the channel spent nothing.
    #[error(
        "Experiments file, row {row}, column '{column}': {channel} spent nothing from {start} to {end}, so there was no spend for the test to switch off. Check the dates and the channel; a test measures what the channel's spend inside the window added."
    )]
    LiftNoSpend {
        row: usize,
        column: String,
        channel: String,
        start: String,
        end: String,
    },

    /// A standard error that is zero, negative or missing.
    #[error(
        "Experiments file, row {row}, column '{column}': the standard error must be a positive number in the KPI's units (how uncertain the measured lift is), not '{value}'. If the test report gives a 95% interval, its width divided by 3.92 is the standard error."
    )]
    LiftStandardError {
        row: usize,
        column: String,
        value: String,
    },

    /// Bounds that cannot add up to the budget.
    #[error(
        "The budget {} per period cannot be met: the channels' lower bounds add up to {} and upper bounds to {}. Choose a budget in that range or widen the bounds.",
        readable(*.budget, Round::Nearest), readable(*.min_total, outward(*.min_total, *.max_total, Round::Up)), readable(*.max_total, outward(*.min_total, *.max_total, Round::Down))
    )]
    InfeasibleBudget {
        budget: f64,
        min_total: f64,
        max_total: f64,
    },

    /// A channel whose lower bound is above its upper bound.
    #[error(
        "Channel '{channel}': the lower bound {} is above the upper bound {}. Swap them or correct one.",
        readable(*.low, Round::Nearest), readable(*.high, Round::Nearest)
    )]
    InvalidBounds {
        channel: String,
        low: f64,
        high: f64,
    },

    /// No budget reaches the requested efficiency.
    #[error(
        "No budget reaches {target_kind} {}: even the most efficient spend within the bounds gives {}. {} or widen the bounds.",
        readable(*.target, Round::Nearest), readable(*.best, Round::Nearest), target_fix(.target_kind)
    )]
    UnreachableTarget {
        /// "a ROAS of" or "a CPA of".
        target_kind: &'static str,
        target: f64,
        best: f64,
    },
}

/// Which way [`readable`] rounds: to the nearest, or towards the inside of a range whose ends it
/// shows (a lower end up, an upper end down), so that a value read off the message is inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    Nearest,
    Up,
    Down,
}

/// A number for a person: 4 significant digits, thousands grouped with commas, no exponent and
/// no trailing zeros: `60318.71634615384` -> "60,320", `0.1829704415696441` -> "0.183" (3
/// digits below 1), `1234567.8` -> "1,235,000", `2.5` -> "2.5". Not finite: "–".
/// How to round the ends of a range for a message: up and down (a budget outside the rounded
/// range is outside the range), unless that would show the ends crossed (a range of one
/// value, every channel locked: 65,850 to 65,840), when both are rounded to nearest.
fn outward(low: f64, high: f64, round: Round) -> Round {
    let shown = |v: f64, r: Round| readable(v, r).replace(',', "").parse::<f64>().ok();
    match (shown(low, Round::Up), shown(high, Round::Down)) {
        (Some(l), Some(h)) if l > h => Round::Nearest,
        _ => round,
    }
}

pub fn readable(v: f64, round: Round) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits: i32 = if v.abs() < 1.0 { 3 } else { 4 };
    // Decimals kept: 4 significant digits of 60318.7 keep -1 decimals (tens).
    let decimals = digits - 1 - v.abs().log10().floor() as i32;
    // Multiply or divide by an exact power of ten (0.1 is not exact: 60320 * 0.1 > 6032).
    let power = 10f64.powi(decimals.abs());
    let scaled = if decimals >= 0 { v * power } else { v / power };
    // A value already on the grid stays there when rounded inwards.
    let slack = 1e-9 * scaled.abs();
    let on_grid = match round {
        Round::Nearest => scaled.round(),
        Round::Up => (scaled - slack).ceil(),
        Round::Down => (scaled + slack).floor(),
    };
    let rounded = if decimals >= 0 {
        on_grid / power
    } else {
        on_grid * power
    };
    let text = format!("{:.*}", decimals.max(0) as usize, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if rounded < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The columns of a role, as a list a column is chosen among: "paid media spend columns".
fn role_list(role: crate::data::ColumnRole) -> &'static str {
    use crate::data::ColumnRole as R;
    match role {
        R::Media => "paid media spend columns",
        R::Exposure => "exposure columns",
        R::Organic => "organic activity columns",
        R::Control => "controls",
        R::Ignored => "columns to leave out",
        R::Date => "date columns",
        R::Kpi => "KPI columns",
    }
}

/// The message of [`Error::KpiColumnTaken`]: a column chosen as the dates is named so.
fn kpi_taken(column: &str, role: crate::data::ColumnRole) -> String {
    if role == crate::data::ColumnRole::Date {
        return format!(
            "Column '{column}' is named like the KPI but was chosen as the date column: choose the column that holds the dates instead."
        );
    }
    format!(
        "Column '{column}' is named like the KPI but was chosen among the {}: take it out of the {}, or choose which column is the KPI.",
        role_list(role),
        role_list(role)
    )
}

/// "1 period", "12 periods".
fn periods(n: usize) -> String {
    if n == 1 {
        "1 period".into()
    } else {
        format!("{n} periods")
    }
}

/// The message of [`Error::TooFewRows`]: what uses the periods (a holdout) and the parameters
/// (seasonality terms), and what to change, those first.
fn too_few_rows(
    rows: usize,
    parameters: usize,
    needed: usize,
    held_out: usize,
    seasonality: usize,
) -> String {
    let is = if rows == 1 { "is" } else { "are" };
    if parameters == 0 {
        return format!(
            "There {is} only {} of data: a model learns from how the KPI moves with spend from period to period, so it needs many periods (at least 5 more than the coefficients and curve parameters it estimates, a few dozen for a few channels). Add more history.",
            periods(rows)
        );
    }
    let data = if held_out > 0 {
        format!(
            "{} of data to fit ({} less the last {held_out} held out to test on)",
            periods(rows),
            rows + held_out
        )
    } else {
        format!("{} of data", periods(rows))
    };
    let of_them = if seasonality > 0 {
        format!(", {seasonality} of them yearly seasonality terms")
    } else {
        String::new()
    };
    let mut fixes = Vec::new();
    if held_out > 0 {
        fixes.push("hold out fewer periods (or none)");
    }
    if seasonality > 0 {
        fixes.push("use fewer seasonality terms (or none)");
    }
    fixes.push("add more history");
    fixes.push("use fewer channels and controls");
    let last = fixes.pop().unwrap_or_default();
    let fix = format!("{}, or {last}", fixes.join(", "));
    let mut fix = fix.chars();
    let fix: String = fix
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(fix)
        .collect();
    format!(
        "There {is} {data} but the model has {parameters} coefficients and curve parameters to estimate{of_them}; it needs at least {}. {fix}.",
        periods(needed)
    )
}

/// The fix for [`Error::TotalRow`], in the singular or plural.
fn delete_rows(count: &usize) -> String {
    if *count == 0 {
        "Delete it and any other total or summary rows; MixLens adds up the periods itself."
            .to_string()
    } else if *count == 1 {
        "Delete the last row, which looks like a total row; MixLens adds up the periods itself."
            .to_string()
    } else {
        format!(
            "Delete the last {count} rows, which look like total or summary rows; MixLens adds up the periods itself."
        )
    }
}

/// For a date cell that is a whole number a spreadsheet could have written for a date (its day
/// count from 1900, between 1927 and 2119), the words that say so. Not read as that date: a
/// Mac spreadsheet counts from 1904, four years apart.
fn serial_day_hint(value: &str) -> &'static str {
    // `43983` or, saved as a number with decimals, `43983.0`.
    let v = value.trim();
    let v = v
        .split_once('.')
        .filter(|(_, f)| f.bytes().all(|b| b == b'0'))
        .map_or(v, |(w, _)| w);
    if v.len() == 5 && v.bytes().all(|b| b.is_ascii_digit()) && ("10000"..="80000").contains(&v) {
        " It looks like a spreadsheet's day number: format the column as dates in the spreadsheet before saving the CSV."
    } else {
        ""
    }
}

/// The way to a target that cannot be met: a lower ROAS, or a higher CPA (a cost, so allowing
/// more of it is the easier target).
fn target_fix(kind: &str) -> &'static str {
    if kind == "a CPA of" {
        "Raise the target (allow a higher CPA)"
    } else {
        "Lower the target"
    }
}

/// Robyn's calibration files may test channels together (`tv_spend+search_spend`) or an organic
/// variable; MixLens takes one paid channel per test.
fn several_channels_hint(channel: &str) -> &'static str {
    if channel.contains(['+', ',', '&']) {
        " Tests of several channels together are not supported."
    } else {
        ""
    }
}

fn short_year_hint(value: &str) -> &'static str {
    if crate::data::dates::is_short_month_year(value) {
        " If it means a day of the month (not Excel's month and year, Jan-23), its year is missing."
    } else {
        ""
    }
}

impl Error {
    /// Short machine-readable name of the variant (stable; used by the JavaScript bindings and tests).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::EmptyFile => "empty_file",
            Error::NotCsvText { .. } => "not_csv_text",
            Error::ModelGivenAsData => "model_given_as_data",
            Error::NoDataRows => "no_data_rows",
            Error::MalformedCsv { .. } => "malformed_csv",
            Error::RaggedRow { .. } => "ragged_row",
            Error::BlankColumnName { .. } => "blank_column_name",
            Error::DuplicateColumn { .. } => "duplicate_column",
            Error::TotalRow { .. } => "total_row",
            Error::UnknownColumn { .. } => "unknown_column",
            Error::RoleConflict { .. } => "role_conflict",
            Error::NoDateColumn => "no_date_column",
            Error::NoKpiColumn => "no_kpi_column",
            Error::EmptyKpiColumn { .. } => "empty_kpi_column",
            Error::KpiColumnTaken { .. } => "kpi_column_taken",
            Error::DateColumnTaken { .. } => "date_column_taken",
            Error::AmbiguousKpi { .. } => "ambiguous_kpi",
            Error::NoMediaColumns => "no_media_columns",
            Error::ExposureWithoutSpend { .. } => "exposure_without_spend",
            Error::MissingValue { .. } => "missing_value",
            Error::NonNumeric { .. } => "non_numeric",
            Error::NumberTooLarge { .. } => "number_too_large",
            Error::ColumnTooSmall { .. } => "column_too_small",
            Error::AmbiguousNumberFormat { .. } => "ambiguous_number_format",
            Error::MixedNumberFormat { .. } => "mixed_number_format",
            Error::NegativeSpend { .. } => "negative_spend",
            Error::NegativeActivity { .. } => "negative_activity",
            Error::BadDate { .. } => "bad_date",
            Error::AmbiguousDateFormat { .. } => "ambiguous_date_format",
            Error::DuplicateDate { .. } => "duplicate_date",
            Error::SeveralRowsPerDate { .. } => "several_rows_per_date",
            Error::TitleAboveHeader { .. } => "title_above_header",
            Error::RepeatedRow { .. } => "repeated_row",
            Error::LongFormat { .. } => "long_format",
            Error::UnsupportedFrequency { .. } => "unsupported_frequency",
            Error::IrregularSpacing { .. } => "irregular_spacing",
            Error::ConstantColumn { .. } => "constant_column",
            Error::ConstantKpi { .. } => "constant_kpi",
            Error::AllZeroColumn { .. } => "all_zero_column",
            Error::TooFewRows { .. } => "too_few_rows",
            Error::InvalidSetting { .. } => "invalid_setting",
            Error::InvalidParameter { .. } => "invalid_parameter",
            Error::InvalidModel { .. } => "invalid_model",
            Error::Numerical { .. } => "numerical",
            Error::SearchNotStarted => "search_not_started",
            Error::Cancelled => "cancelled",
            Error::SearchMismatch { .. } => "search_mismatch",
            Error::UnknownChannel { .. } => "unknown_channel",
            Error::LiftMissingColumn { .. } => "lift_missing_column",
            Error::LiftBadCell { .. } => "lift_bad_cell",
            Error::LiftNoTests => "lift_no_tests",
            Error::LiftUnknownChannel { .. } => "lift_unknown_channel",
            Error::LiftWindow { .. } => "lift_window",
            Error::LiftNoSpend { .. } => "lift_no_spend",
            Error::LiftStandardError { .. } => "lift_standard_error",
            Error::InfeasibleBudget { .. } => "infeasible_budget",
            Error::InvalidBounds { .. } => "invalid_bounds",
            Error::UnreachableTarget { .. } => "unreachable_target",
        }
    }

    /// The spreadsheet row (header = 1) the error points at, when it points at one.
    pub fn row(&self) -> Option<usize> {
        match self {
            Error::MalformedCsv { row, .. }
            | Error::RaggedRow { row, .. }
            | Error::TotalRow { row, .. }
            | Error::AmbiguousNumberFormat { row, .. }
            | Error::MixedNumberFormat { row, .. }
            | Error::MissingValue { row, .. }
            | Error::NonNumeric { row, .. }
            | Error::NumberTooLarge { row, .. }
            | Error::NegativeSpend { row, .. }
            | Error::NegativeActivity { row, .. }
            | Error::BadDate { row, .. }
            | Error::DuplicateDate { row, .. }
            | Error::SeveralRowsPerDate { row, .. }
            | Error::TitleAboveHeader { row, .. }
            | Error::RepeatedRow { row, .. }
            | Error::LongFormat { row, .. }
            | Error::IrregularSpacing { row, .. }
            | Error::LiftBadCell { row, .. }
            | Error::LiftUnknownChannel { row, .. }
            | Error::LiftWindow { row, .. }
            | Error::LiftNoSpend { row, .. }
            | Error::LiftStandardError { row, .. } => Some(*row),
            _ => None,
        }
    }

    /// The column the error points at, when it points at one.
    pub fn column(&self) -> Option<&str> {
        match self {
            Error::DuplicateColumn { column, .. }
            | Error::UnknownColumn { column, .. }
            | Error::RoleConflict { column, .. }
            | Error::EmptyKpiColumn { column }
            | Error::KpiColumnTaken { column, .. }
            | Error::DateColumnTaken { column, .. }
            | Error::TotalRow { column, .. }
            | Error::AmbiguousNumberFormat { column, .. }
            | Error::MixedNumberFormat { column, .. }
            | Error::MissingValue { column, .. }
            | Error::NonNumeric { column, .. }
            | Error::NumberTooLarge { column, .. }
            | Error::ColumnTooSmall { column, .. }
            | Error::NegativeSpend { column, .. }
            | Error::NegativeActivity { column, .. }
            | Error::BadDate { column, .. }
            | Error::AmbiguousDateFormat { column, .. }
            | Error::SeveralRowsPerDate { column, .. }
            | Error::LongFormat { column, .. }
            | Error::ConstantColumn { column, .. }
            | Error::ConstantKpi { column, .. }
            | Error::AllZeroColumn { column }
            | Error::LiftMissingColumn { column, .. }
            | Error::LiftBadCell { column, .. }
            | Error::LiftUnknownChannel { column, .. }
            | Error::LiftWindow { column, .. }
            | Error::LiftNoSpend { column, .. }
            | Error::LiftStandardError { column, .. } => Some(column),
            _ => None,
        }
    }

    pub(crate) fn setting(name: &str, value: impl std::fmt::Display, reason: &str) -> Self {
        Error::InvalidSetting {
            name: name.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_numbers_have_four_significant_digits_and_grouped_thousands() {
        assert_eq!(readable(60318.71634615384, Round::Nearest), "60,320");
        assert_eq!(readable(1_234_567.8, Round::Nearest), "1,235,000");
        assert_eq!(readable(2.5, Round::Nearest), "2.5");
        assert_eq!(readable(10.8137, Round::Nearest), "10.81");
        assert_eq!(readable(-4321.9, Round::Nearest), "-4,322");
        assert_eq!(readable(0.0, Round::Nearest), "0");
        assert_eq!(readable(f64::NAN, Round::Nearest), "–");
    }

    #[test]
    fn readable_numbers_below_one_keep_three_significant_digits() {
        assert_eq!(readable(0.1829704415696441, Round::Nearest), "0.183");
        assert_eq!(readable(0.000123456, Round::Nearest), "0.000123");
    }

    #[test]
    fn readable_range_ends_round_inwards() {
        assert_eq!(readable(60311.2, Round::Up), "60,320");
        assert_eq!(readable(120_637.4, Round::Down), "120,600");
        assert_eq!(readable(0.1821, Round::Up), "0.183");
        assert_eq!(readable(60320.0, Round::Up), "60,320");
        assert_eq!(readable(0.183, Round::Up), "0.183");
        assert_eq!(readable(0.183, Round::Down), "0.183");
    }

    #[test]
    fn plan_errors_print_readable_numbers() {
        let e = Error::InfeasibleBudget {
            budget: 0.0,
            min_total: 0.1829704415696441,
            max_total: 60318.71634615384,
        };
        assert_eq!(
            e.to_string(),
            "The budget 0 per period cannot be met: the channels' lower bounds add up to 0.183 and upper bounds to 60,310. Choose a budget in that range or widen the bounds."
        );
        // Every channel locked: one total, shown once, not as 65,850 to 65,840.
        let e = Error::InfeasibleBudget {
            budget: 50_000.0,
            min_total: 65_843.65,
            max_total: 65_843.650_000_1,
        };
        assert!(
            e.to_string()
                .contains("lower bounds add up to 65,840 and upper bounds to 65,840"),
            "{e}"
        );
        // Ends that do not cross keep their outward rounding (10,000 refused is not inside).
        let e = Error::InfeasibleBudget {
            budget: 10_000.0,
            min_total: 10_001.0,
            max_total: 10_010.0,
        };
        assert!(
            e.to_string()
                .contains("lower bounds add up to 10,010 and upper bounds to 10,010"),
            "{e}"
        );
        let e = Error::UnreachableTarget {
            target_kind: "a ROAS of",
            target: 12.0,
            best: 10.8137,
        };
        assert!(e.to_string().starts_with("No budget reaches a ROAS of 12: even the most efficient spend within the bounds gives 10.81."), "{e}");
    }
}
