//! Every kind of broken input gets its own error, naming row and column and saying how to fix it.
//! Rows count like a spreadsheet: the header is row 1.

use mixlens::Error;
use mixlens::data::{ExposureRole, RoleRequest};
use mixlens::fit::{FitRequest, prepare};

/// A clean weekly file: 40 rows, two channels and a control.
fn clean() -> Vec<String> {
    let mut rows = vec!["date,revenue,tv_spend,search_spend,price".to_string()];
    for i in 0..40u32 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2023, 1, 2).unwrap() + chrono::Days::new(7 * i as u64);
        rows.push(format!(
            "{},{},{},{},{}",
            day,
            1000 + 37 * (i % 7) + 11 * i,
            (i * 13) % 50,
            10 + (i * 7) % 23,
            1.0 + 0.01 * (i % 5) as f64
        ));
    }
    rows
}

fn text(rows: &[String]) -> String {
    rows.join("\n") + "\n"
}

fn err(rows: &[String]) -> Error {
    prepare(&text(rows), &FitRequest::default()).unwrap_err()
}

fn set_cell(rows: &mut [String], row: usize, col: usize, value: &str) {
    let mut cells: Vec<String> = rows[row - 1].split(',').map(String::from).collect();
    cells[col] = value.to_string();
    rows[row - 1] = cells.join(",");
}

#[test]
fn the_clean_file_fits() {
    prepare(&text(&clean()), &FitRequest::default()).unwrap();
}

#[test]
fn missing_cell() {
    let mut r = clean();
    set_cell(&mut r, 5, 2, "");
    let e = err(&r);
    assert_eq!(
        e,
        Error::MissingValue {
            row: 5,
            column: "tv_spend".into(),
            date: "2023-01-23".into()
        }
    );
    let m = e.to_string();
    assert!(
        m.contains("Row 5") && m.contains("'tv_spend'") && m.contains("enter 0"),
        "{m}"
    );
}

#[test]
fn non_numeric_cell() {
    let mut r = clean();
    set_cell(&mut r, 7, 3, "1.2k");
    let e = err(&r);
    assert_eq!(
        e,
        Error::NonNumeric {
            row: 7,
            column: "search_spend".into(),
            date: "2023-02-06".into(),
            value: "1.2k".into()
        }
    );
    assert!(e.to_string().contains("'1.2k' is not a number"), "{e}");
}

#[test]
fn negative_spend() {
    let mut r = clean();
    set_cell(&mut r, 9, 2, "-40");
    let e = err(&r);
    assert_eq!(
        e,
        Error::NegativeSpend {
            row: 9,
            column: "tv_spend".into(),
            date: "2023-02-20".into(),
            value: -40.0
        }
    );
    assert!(e.to_string().contains("Spend must be 0 or more"), "{e}");
}

#[test]
fn unparseable_date() {
    let mut r = clean();
    set_cell(&mut r, 4, 0, "2023-02-30");
    let e = err(&r);
    assert_eq!(
        e,
        Error::BadDate {
            row: 4,
            column: "date".into(),
            value: "2023-02-30".into()
        }
    );
    assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
}

#[test]
fn duplicate_date() {
    let mut r = clean();
    let d = r[3].split(',').next().unwrap().to_string();
    set_cell(&mut r, 5, 0, &d);
    let e = err(&r);
    assert_eq!(
        e,
        Error::DuplicateDate {
            row: 5,
            first_row: 4,
            date: d.clone()
        }
    );
    assert!(e.to_string().contains("Row 5 repeats the date"), "{e}");
}

#[test]
fn rows_split_by_region_are_recognised_as_such() {
    // Geo-level data (as in Meridian's examples): each date once per region.
    let mut rows = vec!["geo,date,revenue,tv_spend".to_string()];
    for i in 0..30u32 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2023, 1, 2).unwrap() + chrono::Days::new(7 * i as u64);
        for (g, geo) in ["North", "South", "East", "West"].iter().enumerate() {
            rows.push(format!(
                "{geo},{day},{},{}",
                1000 + 17 * i + g as u32,
                (i * 13 + 3 * g as u32) % 50
            ));
        }
    }
    let e = err(&rows);
    assert_eq!(
        e,
        Error::SeveralRowsPerDate {
            row: 3,
            first_row: 2,
            date: "2023-01-02".into(),
            column: "geo".into(),
            values: "North, South, East, … 4 values on that date".into(),
            kpi_word: "'revenue'".into(),
        }
    );
    assert_eq!(
        (e.row(), e.column(), e.kind()),
        (Some(3), Some("geo"), "several_rows_per_date")
    );
    assert!(
        e.to_string().contains("add up the rows of each date (spend and 'revenue'), or keep only the rows of one value of 'geo'"),
        "{e}"
    );
}

#[test]
fn a_gap_in_the_dates() {
    let mut r = clean();
    r.remove(10); // row 11 (a week) disappears
    let e = err(&r);
    match &e {
        Error::IrregularSpacing {
            row,
            row_before,
            days,
            expected,
            frequency,
            ..
        } => {
            assert_eq!(
                (*row, *row_before, *days, *expected, frequency.as_str()),
                (11, 10, 14, 7, "weekly")
            );
        }
        other => panic!("expected a spacing error, got {other:?}"),
    }
    assert!(e.to_string().contains("Add the missing periods"), "{e}");
}

#[test]
fn unsorted_rows_are_sorted_with_a_warning() {
    let mut r = clean();
    r.swap(3, 20);
    let p = prepare(&text(&r), &FitRequest::default()).unwrap();
    assert_eq!(
        p.loaded.warnings[0].kind,
        mixlens::data::WarningKind::RowsSorted
    );
    assert!(p.loaded.dataset.dates.windows(2).all(|w| w[0] < w[1]));
    // The values moved with their dates.
    let sorted = prepare(&text(&clean()), &FitRequest::default()).unwrap();
    assert_eq!(
        p.loaded.dataset.kpi.values,
        sorted.loaded.dataset.kpi.values
    );
}

#[test]
fn all_zero_channel() {
    let mut r = clean();
    for row in 2..=41 {
        set_cell(&mut r, row, 3, "0");
    }
    assert_eq!(
        err(&r),
        Error::AllZeroColumn {
            column: "search_spend".into()
        }
    );
}

#[test]
fn constant_channel_and_constant_given_control() {
    let mut r = clean();
    for row in 2..=41 {
        set_cell(&mut r, row, 2, "25");
    }
    assert_eq!(
        err(&r),
        Error::ConstantColumn {
            column: "tv_spend".into(),
            value: 25.0
        }
    );
    let mut r = clean();
    for row in 2..=41 {
        set_cell(&mut r, row, 4, "1.5");
    }
    let req = FitRequest {
        roles: RoleRequest {
            controls: Some(vec!["price".into()]),
            ..Default::default()
        },
        ..Default::default()
    };
    let e = prepare(&text(&r), &req).unwrap_err();
    assert_eq!(
        e,
        Error::ConstantColumn {
            column: "price".into(),
            value: 1.5
        }
    );
    assert!(e.to_string().contains("Remove it"), "{e}");
}

#[test]
fn too_few_rows_for_the_parameters() {
    let r: Vec<String> = clean().into_iter().take(13).collect(); // 12 weeks
    let e = err(&r);
    // Coefficients: intercept, trend, price, 2 channels = 5 (no seasonality under a year);
    // curve parameters: 3 per channel = 6. Needed: 11 + 5.
    assert_eq!(
        e,
        Error::TooFewRows {
            rows: 12,
            parameters: 11,
            needed: 16,
            held_out: 0,
            seasonality: 0
        }
    );
    assert_eq!(
        e.to_string(),
        "There are 12 periods of data but the model has 11 coefficients and curve parameters to estimate; it needs at least 16 periods. Add more history, or use fewer channels and controls."
    );
}

/// A holdout takes periods from the fit, seasonality terms add parameters: the message names
/// them, and what to change first.
#[test]
fn too_few_rows_names_the_holdout_and_the_seasonality() {
    // 24 weeks, half held out: 12 to fit the same 11 parameters as above.
    let r: Vec<String> = clean().into_iter().take(25).collect();
    let mut req = FitRequest::default();
    req.search.holdout = 0.5;
    let e = prepare(&text(&r), &req).unwrap_err();
    assert_eq!(
        e,
        Error::TooFewRows {
            rows: 12,
            parameters: 11,
            needed: 16,
            held_out: 12,
            seasonality: 0
        }
    );
    assert_eq!(
        e.to_string(),
        "There are 12 periods of data to fit (24 less the last 12 held out to test on) but the model has 11 coefficients and curve parameters to estimate; it needs at least 16 periods. Hold out fewer periods (or none), add more history, or use fewer channels and controls."
    );
    // 40 weeks with 13 yearly pairs asked for: 11 + 26 = 37 parameters, 42 periods needed.
    let mut req = FitRequest::default();
    req.model.baseline.seasonality_order = Some(13);
    let e = prepare(&text(&clean()), &req).unwrap_err();
    assert_eq!(
        e,
        Error::TooFewRows {
            rows: 40,
            parameters: 37,
            needed: 42,
            held_out: 0,
            seasonality: 26
        }
    );
    assert_eq!(
        e.to_string(),
        "There are 40 periods of data but the model has 37 coefficients and curve parameters to estimate, 26 of them yearly seasonality terms; it needs at least 42 periods. Use fewer seasonality terms (or none), add more history, or use fewer channels and controls."
    );
}

#[test]
fn a_role_for_a_column_that_does_not_exist() {
    let req = FitRequest {
        roles: RoleRequest {
            media: Some(vec!["tv_spend".into(), "radio_spend".into()]),
            ..Default::default()
        },
        ..Default::default()
    };
    let e = prepare(&text(&clean()), &req).unwrap_err();
    assert_eq!(
        e,
        Error::UnknownColumn {
            role: "media spend".into(),
            column: "radio_spend".into(),
            available: "'date', 'revenue', 'tv_spend', 'search_spend', 'price'".into()
        }
    );
    let req = FitRequest {
        roles: RoleRequest {
            exposure: vec![ExposureRole {
                spend: "tv_spend".into(),
                exposure: "tv_grps".into(),
            }],
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        prepare(&text(&clean()), &req).unwrap_err().column(),
        Some("tv_grps")
    );
}

#[test]
fn ragged_and_empty_files() {
    let mut r = clean();
    r[6] = "2023-02-06,1000,5".into();
    assert_eq!(
        err(&r),
        Error::RaggedRow {
            row: 7,
            expected: 5,
            found: 3
        }
    );
    assert_eq!(
        prepare("", &FitRequest::default()).unwrap_err(),
        Error::EmptyFile
    );
    assert_eq!(
        prepare("date,revenue,tv_spend\n", &FitRequest::default()).unwrap_err(),
        Error::NoDataRows
    );
}

#[test]
fn bad_settings_are_named() {
    let mut req = FitRequest::default();
    req.search.holdout = 0.8;
    let e = prepare(&text(&clean()), &req).unwrap_err();
    assert!(
        matches!(&e, Error::InvalidSetting { name, .. } if name == "holdout"),
        "{e:?}"
    );
    let mut req = FitRequest::default();
    req.search.iterations = 3;
    assert!(
        matches!(prepare(&text(&clean()), &req).unwrap_err(), Error::InvalidSetting { name, .. } if name == "iterations")
    );
}

#[test]
fn a_total_row_at_the_bottom_is_named_as_such() {
    // As Excel writes it: the date cell says Total and the numbers add up the column.
    let mut r = clean();
    r.push("Total,50000,1000,800,40".into());
    let e = err(&r);
    assert_eq!(
        e,
        Error::TotalRow {
            row: 42,
            column: "date".into(),
            evidence: "its 'date' cell says 'Total' where a date belongs".into(),
            count: 1,
        }
    );
    assert_eq!(
        (e.kind(), e.row(), e.column()),
        ("total_row", Some(42), Some("date"))
    );
    assert!(
        e.to_string().ends_with(
            "Delete the last row, which looks like a total row; MixLens adds up the periods itself."
        ),
        "{e}"
    );
}

#[test]
fn total_and_average_rows_are_counted() {
    let mut r = clean();
    r.push("Grand total,50000,1000,800,40".into());
    r.push("Average,1250,25,20,1".into());
    let e = err(&r);
    assert_eq!((e.kind(), e.row()), ("total_row", Some(42)));
    assert!(e.to_string().contains("Delete the last 2 rows"), "{e}");
}

#[test]
fn an_unlabelled_row_of_column_sums_is_a_total_row() {
    let r = clean();
    let sums: Vec<f64> = (1..5)
        .map(|c| {
            r[1..]
                .iter()
                .map(|row| row.split(',').nth(c).unwrap().parse::<f64>().unwrap())
                .sum()
        })
        .collect();
    let mut r = r;
    r.push(format!(",{},{},{},{}", sums[0], sums[1], sums[2], sums[3]));
    let e = err(&r);
    match &e {
        Error::TotalRow { row, evidence, .. } => {
            assert_eq!(*row, 42);
            assert!(
                evidence.starts_with("it has no date, and its numbers are the sums of the rows above (for example 'revenue': "),
                "{evidence}"
            );
        }
        other => panic!("expected a total row, got {other:?}"),
    }
}

#[test]
fn numbers_with_an_unclear_decimal_mark_are_refused() {
    let mut r = clean();
    for row in r.iter_mut().skip(1) {
        // 1,000 to 1,049: thousands or decimals? Nothing in the column says.
        let cells: Vec<&str> = row.split(',').collect();
        let tv: u32 = cells[2].parse().unwrap();
        *row = format!(
            "{},{},\"1,{:03}\",{},{}",
            cells[0], cells[1], tv, cells[3], cells[4]
        );
    }
    let e = err(&r);
    assert_eq!(e.kind(), "ambiguous_number_format");
    assert_eq!((e.row(), e.column()), (Some(2), Some("tv_spend")));
}

#[test]
fn a_long_format_export_repeated_rows_and_a_title_line_are_named_as_such() {
    // One row per channel and date: pivot, do not add up.
    let mut rows = vec!["date,channel,spend,revenue".to_string()];
    for i in 0..30u32 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2023, 1, 2).unwrap() + chrono::Days::new(7 * i as u64);
        for (c, ch) in ["tv", "search"].iter().enumerate() {
            rows.push(format!("{day},{ch},{},{}", 10 + i + c as u32, 1000 + 3 * i));
        }
    }
    let e = err(&rows);
    assert_eq!(
        e,
        Error::LongFormat {
            row: 3,
            first_row: 2,
            date: "2023-01-02".into(),
            column: "channel".into(),
            values: "tv, search".into(),
        }
    );
    assert!(e.to_string().contains("pivot the file"), "{e}");
    // The same rows twice (an export appended again): delete, do not add up.
    let mut r = clean();
    let again = r[5].clone();
    r.insert(6, again);
    let e = err(&r);
    assert_eq!((e.kind(), e.row()), ("repeated_row", Some(7)), "{e}");
    assert!(
        e.to_string().starts_with("Rows 6 and 7 are identical"),
        "{e}"
    );
    // A report title above the column names.
    let mut r = clean();
    r.insert(0, "Weekly performance report".to_string());
    let e = err(&r);
    assert_eq!(e, Error::TitleAboveHeader { row: 2, found: 5 });
}
