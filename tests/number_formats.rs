//! Never a wrong number: cells are read the way the spreadsheet meant them, whatever its locale,
//! or refused with an error that asks; text columns become controls only when they hold
//! categories; a total row is named as such.

use mixlens::Error;
use mixlens::data::{
    Dataset, DecimalMark, ReadOptions, RoleRequest, inspect, load_csv, load_csv_with,
};
use mixlens::fit::{FitRequest, prepare};
use mixlens::search::SearchSettings;
use mixlens::simulate::{Simulation, SimulationSettings, simulate};

/// The simulator's default data (156 weeks, 5 channels, organic, price), with every spend
/// rounded to whole units so that both files below hold exactly the same numbers; TV's first
/// week is set to 32,337.
fn simulation() -> Simulation {
    let mut sim = simulate(&SimulationSettings::default()).unwrap();
    for c in &mut sim.dataset.channels {
        for v in &mut c.spend {
            *v = v.round();
        }
    }
    sim.dataset.channels[0].spend[0] = 32337.0;
    sim
}

/// `1234567` -> `1,234,567` (`sep` between thousands).
fn grouped(v: f64, sep: char) -> String {
    let digits = format!("{}", v.round() as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// A European export: semicolons, decimal commas, revenue as `1.234.567,89`, and the first
/// channel (TV) written in dollars with comma thousands (`$32,337`), as in the reported file.
fn european_csv(d: &Dataset) -> String {
    let mut header = vec!["date".to_string(), d.kpi.name.clone()];
    header.extend(d.channels.iter().map(|c| c.spend_column.clone()));
    header.extend(d.organic.iter().map(|o| o.name.clone()));
    header.extend(d.controls.iter().map(|c| c.column.clone()));
    let mut out = header.join(";") + "\n";
    let comma = |v: f64| format!("{v}").replace('.', ",");
    for t in 0..d.len() {
        let cents = (d.kpi.values[t] * 100.0).round() as u64;
        let mut row = vec![
            d.dates[t].to_string(),
            format!("{},{:02}", grouped((cents / 100) as f64, '.'), cents % 100),
        ];
        for (k, c) in d.channels.iter().enumerate() {
            row.push(if k == 0 {
                format!("${}", grouped(c.spend[t], ','))
            } else {
                comma(c.spend[t])
            });
        }
        row.extend(d.organic.iter().map(|o| comma(o.values[t])));
        row.extend(d.controls.iter().map(|c| comma(c.values[t])));
        out += &(row.join(";") + "\n");
    }
    out
}

/// The same data as a plain comma file, with the KPI rounded to cents like the European one.
fn plain_csv(d: &Dataset) -> String {
    let mut d = d.clone();
    for v in &mut d.kpi.values {
        *v = (*v * 100.0).round() / 100.0;
    }
    d.to_csv()
}

/// The answer the European file's question takes: its dollars group thousands with commas.
fn point() -> ReadOptions {
    ReadOptions::default().decimal_mark(DecimalMark::Point)
}

/// `$32,337` in a file whose other columns write decimal commas reads 32,337 dollars by the
/// money rule and 32.337 by the file's own mark: asked, not guessed (a fuel price written
/// `$1.606` beside `594893.10` is the same question the other way round).
#[test]
fn dollars_with_comma_thousands_in_a_decimal_comma_file_are_asked_then_read_right() {
    let sim = simulation();
    let text = european_csv(&sim.dataset);
    match load_csv(&text, &RoleRequest::default()).unwrap_err() {
        Error::AmbiguousNumberFormat {
            row,
            column,
            value,
            thousands,
            decimal,
            others,
        } => {
            assert_eq!(
                (row, column.as_str(), value.as_str()),
                (2, "tv_spend", "$32,337")
            );
            assert_eq!((thousands, decimal), (32337.0, 32.337));
            assert!(others.contains("'revenue'"), "{others}");
        }
        e => panic!("unexpected {e:?}"),
    }
    let loaded = load_csv_with(&text, &RoleRequest::default(), &point()).unwrap();
    let tv = &loaded.dataset.channels[0];
    assert_eq!(tv.name, "tv");
    assert_eq!(tv.spend[0], 32337.0);
    assert_eq!(tv.spend, sim.dataset.channels[0].spend);
    // The answer goes against the file's other columns, which is said.
    let scale: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|w| w.kind == mixlens::data::WarningKind::SpendScale)
        .collect();
    assert_eq!(scale.len(), 1, "{:?}", loaded.warnings);
    assert!(
        scale[0].message.contains("'tv_spend'"),
        "{}",
        scale[0].message
    );
}

/// A fuel price with three decimals (`$1.606`) in a file whose other columns write decimal
/// points: asked about (it was read as 1,606 whatever the decimal mark), and read as the
/// answer says.
#[test]
fn a_price_with_three_decimals_is_asked_about_not_read_as_thousands() {
    let mut text = "date,revenue,tv_spend,price\n".to_string();
    for k in 0..20u32 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2023, 1, 2).unwrap() + chrono::Days::new(7 * k as u64);
        text += &format!(
            "{day},{}.25,{}.5,$1.{}\n",
            50_000 + 37 * k,
            900 + 13 * k,
            600 + 7 * k
        );
    }
    let e = load_csv(&text, &RoleRequest::default()).unwrap_err();
    assert!(
        matches!(&e, Error::AmbiguousNumberFormat { column, row: 2, thousands, decimal, .. }
            if column == "price" && *thousands == 1600.0 && *decimal == 1.6),
        "{e:?}"
    );
    let d = load_csv_with(&text, &RoleRequest::default(), &point())
        .unwrap()
        .dataset;
    assert_eq!(d.controls[0].values[1], 1.607);
}

#[test]
fn the_european_file_and_the_plain_file_give_the_same_data() {
    let sim = simulation();
    let eu = load_csv_with(
        &european_csv(&sim.dataset),
        &RoleRequest::default(),
        &point(),
    )
    .unwrap();
    let plain = load_csv(&plain_csv(&sim.dataset), &RoleRequest::default()).unwrap();
    assert_eq!(eu.dataset, plain.dataset);
    assert_eq!(eu.roles, plain.roles);
}

#[test]
fn the_european_file_fits_a_tv_roi_near_the_truth() {
    let sim = simulation();
    let req = FitRequest {
        estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
        search: SearchSettings {
            iterations: 1500,
            trials: 2,
            ..Default::default()
        },
        read: point(),
        ..Default::default()
    };
    let prepared = prepare(&european_csv(&sim.dataset), &req).unwrap();
    let mut search = prepared.search().unwrap();
    search.run();
    let report = prepared.report(&search.finish().unwrap()).unwrap();
    let (fitted, truth) = (report.channels[0].roi, sim.truth.channels[0].roi);
    // Read 1000 times too small, TV's ROI came out 350 times the truth; read right it is close.
    assert!(
        (fitted / truth - 1.0).abs() < 0.35,
        "TV ROI {fitted}, truth {truth}"
    );
}

/// The European file with TV written `32,337` (no currency sign), which reads two ways.
fn european_csv_without_dollars(d: &Dataset) -> String {
    european_csv(d).replace('$', "")
}

#[test]
fn without_the_dollar_sign_the_tv_column_is_a_question_not_a_guess() {
    let sim = simulation();
    let e = load_csv(
        &european_csv_without_dollars(&sim.dataset),
        &RoleRequest::default(),
    )
    .unwrap_err();
    assert_eq!(
        (e.kind(), e.column(), e.row()),
        ("ambiguous_number_format", Some("tv_spend"), Some(2))
    );
    assert!(e.to_string().contains("'32,337'"), "{e}");
    // Answered with a decimal point, TV reads right.
    let point = ReadOptions::default().decimal_mark(DecimalMark::Point);
    let right = load_csv_with(
        &european_csv_without_dollars(&sim.dataset),
        &RoleRequest::default(),
        &point,
    )
    .unwrap();
    assert_eq!(
        right.dataset.channels[0].spend,
        sim.dataset.channels[0].spend
    );
}

#[test]
fn answered_wrongly_the_tv_column_is_flagged_for_its_scale() {
    // The measured failure: TV read 1000 times too small (fitted on these channels alone, its
    // ROI came out 1618 against a truth of 1.6). Answering "decimal comma" reproduces that
    // reading; it no longer passes quietly.
    let sim = simulation();
    let comma = ReadOptions::default().decimal_mark(DecimalMark::Comma);
    let loaded = load_csv_with(
        &european_csv_without_dollars(&sim.dataset),
        &RoleRequest::default(),
        &comma,
    )
    .unwrap();
    assert_eq!(loaded.dataset.channels[0].spend[0], 32.337);
    let flagged: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|w| w.kind == mixlens::data::WarningKind::SpendScale)
        .collect();
    assert_eq!(flagged.len(), 1, "{:?}", loaded.warnings);
    assert_eq!(flagged[0].subject.as_deref(), Some("tv"));
}

/// `26072933` -> `2,60,72,933`: the last three digits, then pairs (Indian grouping).
fn indian(v: f64) -> String {
    let digits = format!("{}", v.round() as u64);
    let (head, last) = digits.split_at(digits.len().saturating_sub(3));
    let mut out = String::new();
    for (i, ch) in head.chars().enumerate() {
        if i > 0 && (head.len() - i) % 2 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !head.is_empty() {
        out.push(',');
    }
    out + last
}

#[test]
fn indian_grouping_reads_as_the_plain_file() {
    // Revenue in rupees with paise (`₹2,60,729.33`), every spend grouped the Indian way.
    let sim = simulation();
    let d = &sim.dataset;
    let mut text = d.to_csv().lines().next().unwrap().to_string() + "\n";
    for t in 0..d.len() {
        let cents = (d.kpi.values[t] * 100.0).round() as u64;
        let mut row = vec![
            d.dates[t].to_string(),
            format!("\"₹{}.{:02}\"", indian((cents / 100) as f64), cents % 100),
        ];
        row.extend(
            d.channels
                .iter()
                .map(|c| format!("\"{}\"", indian(c.spend[t]))),
        );
        row.extend(d.organic.iter().map(|o| o.values[t].to_string()));
        row.extend(d.controls.iter().map(|c| c.values[t].to_string()));
        text += &(row.join(",") + "\n");
    }
    // tv runs above a lakh (`1,02,400`: only a decimal point reads it), search never does, so
    // its cells (`9,738`) alone read two ways and are asked about, as in any file.
    assert!(text.lines().any(|l| {
        l.split(",\"")
            .nth(2)
            .is_some_and(|c| c.matches(',').count() >= 2)
    }));
    let e = load_csv(&text, &RoleRequest::default()).unwrap_err();
    assert!(
        matches!(&e, Error::AmbiguousNumberFormat { column, .. } if column == "search_spend"),
        "{e}"
    );
    let point = ReadOptions::default().decimal_mark(DecimalMark::Point);
    let read = load_csv_with(&text, &RoleRequest::default(), &point).unwrap();
    let plain = load_csv(&plain_csv(d), &RoleRequest::default()).unwrap();
    assert_eq!(read.dataset, plain.dataset);
}

#[test]
fn decimal_comma_with_point_thousands_reads_right() {
    let csv = "date;revenue;tv_spend\n2024-01-01;1.234,5;10\n2024-01-08;2.000,25;12\n2024-01-15;999,5;11\n";
    let d = load_csv(csv, &RoleRequest::default()).unwrap().dataset;
    assert_eq!(d.kpi.values, vec![1234.5, 2000.25, 999.5]);
}

#[test]
fn quoted_dollars_in_a_comma_file_read_right() {
    let csv = "date,revenue,tv_spend\n2024-01-01,\"$1,234.50\",10\n2024-01-08,\"$987.00\",12\n2024-01-15,\"$2,000.75\",11\n";
    let d = load_csv(csv, &RoleRequest::default()).unwrap().dataset;
    assert_eq!(d.kpi.values, vec![1234.5, 987.0, 2000.75]);
}

#[test]
fn spaces_percent_and_accounting_negatives_read_right() {
    let csv = "date;revenue;tv_spend;discount;temp_change\n\
        2024-01-01;1 234,5 €;10;15 %;(1,5)\n\
        2024-01-08;2 000 €;12;0 %;2,25\n\
        2024-01-15;12 345,75 €;11;7,5 %;3-\n";
    let d = load_csv(csv, &RoleRequest::default()).unwrap().dataset;
    assert_eq!(d.kpi.values, vec![1234.5, 2000.0, 12345.75]);
    let control = |name: &str| {
        d.controls
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .values
            .clone()
    };
    assert_eq!(control("discount"), vec![0.15, 0.0, 0.075]);
    assert_eq!(control("temp_change"), vec![-1.5, 2.25, -3.0]);
}

/// 40 weekly rows where every TV cell is written like `12,345` and nothing else tells whether the
/// comma separates thousands or decimals.
fn three_digit_groups() -> String {
    let mut out = "date,revenue,tv_spend,search_spend\n".to_string();
    for i in 0..40u32 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2023, 1, 2).unwrap() + chrono::Days::new(7 * i as u64);
        let tv = 1000 + (i * 7919) % 40000;
        out += &format!(
            "{day},{},\"{},{:03}\",{}\n",
            50000 + 37 * i,
            tv / 1000,
            tv % 1000,
            60000 + 100 * i
        );
    }
    out
}

#[test]
fn numbers_that_read_two_ways_are_refused_and_the_error_asks() {
    let e = load_csv(&three_digit_groups(), &RoleRequest::default()).unwrap_err();
    assert_eq!(
        e,
        Error::AmbiguousNumberFormat {
            row: 2,
            column: "tv_spend".into(),
            value: "1,000".into(),
            thousands: 1000.0,
            decimal: 1.0,
            others: String::new(),
        }
    );
    assert_eq!(
        (e.kind(), e.row(), e.column()),
        ("ambiguous_number_format", Some(2), Some("tv_spend"))
    );
    let m = e.to_string();
    assert!(
        m.contains("Column 'tv_spend' writes numbers like '1,000' (row 2)")
            && m.contains(
                "could mean 1000 (with a thousands separator) or 1 (with a decimal mark)"
            )
            && m.contains("Choose the file's decimal mark"),
        "{m}"
    );
}

#[test]
fn the_decimal_mark_option_answers_the_question() {
    let point = ReadOptions::default().decimal_mark(DecimalMark::Point);
    let d = load_csv_with(&three_digit_groups(), &RoleRequest::default(), &point)
        .unwrap()
        .dataset;
    assert_eq!(d.channels[0].spend[1], 8919.0);
    let comma = ReadOptions::default().decimal_mark(DecimalMark::Comma);
    let d = load_csv_with(&three_digit_groups(), &RoleRequest::default(), &comma)
        .unwrap()
        .dataset;
    assert_eq!(d.channels[0].spend[1], 8.919);
    // And the scale of TV read that way (about 1000 times below search) is flagged.
    let w = load_csv_with(&three_digit_groups(), &RoleRequest::default(), &comma)
        .unwrap()
        .warnings;
    assert!(
        w.iter()
            .any(|w| w.kind == mixlens::data::WarningKind::SpendScale),
        "{w:?}"
    );
}

#[test]
fn a_column_mixing_decimal_marks_is_refused() {
    let csv =
        "date,revenue,tv_spend\n2024-01-01,10,\"1,5\"\n2024-01-08,12,2.5\n2024-01-15,11,3.25\n";
    let e = load_csv(csv, &RoleRequest::default()).unwrap_err();
    assert_eq!(
        e,
        Error::MixedNumberFormat {
            row: 2,
            column: "tv_spend".into(),
            value: "1,5".into(),
            uses: "a decimal comma (like 1.234,5)",
            example_row: 3,
            example: "2.5".into(),
        }
    );
    assert!(
        e.to_string()
            .contains("Write every number of the column the same way"),
        "{e}"
    );
}

#[test]
fn a_spend_column_a_thousand_times_off_the_others_is_flagged() {
    let mut csv = "date,revenue,tv_spend,search_spend,social_spend\n".to_string();
    for i in 0..20u32 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2023, 1, 2).unwrap() + chrono::Days::new(7 * i as u64);
        csv += &format!(
            "{day},{},{}.{:02},{},{}\n",
            90000 + 311 * i,
            10 + i % 5,
            (i * 37) % 100,
            15000 + 101 * i,
            9000 + 55 * (i % 5)
        );
    }
    let w = load_csv(&csv, &RoleRequest::default()).unwrap().warnings;
    let flagged: Vec<_> = w
        .iter()
        .filter(|w| w.kind == mixlens::data::WarningKind::SpendScale)
        .collect();
    assert_eq!(flagged.len(), 1, "{w:?}");
    assert_eq!(flagged[0].subject.as_deref(), Some("tv"));
    assert!(
        flagged[0].message.starts_with("'tv_spend' is about 960 times smaller than the other spend columns (a typical period: 13 against 12000)"),
        "{}",
        flagged[0].message
    );
}

#[test]
fn free_text_is_left_out_with_a_warning_and_makes_no_control() {
    let mut csv = "date,revenue,tv_spend,Notes,weather\n".to_string();
    let notes = [
        "site outage; check",
        "new agency started",
        "price test in the north",
        "tracking pixel fixed",
    ];
    for i in 0..30u32 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2023, 1, 2).unwrap() + chrono::Days::new(7 * i as u64);
        let note = if i % 7 == 3 {
            notes[(i / 7) as usize]
        } else {
            ""
        };
        let weather = ["sunny", "rain", "snow"][(i % 3) as usize];
        csv += &format!(
            "{day},{},{},\"{note}\",{weather}\n",
            1000 + 13 * i,
            (i * 11) % 40 + 1
        );
    }
    let loaded = load_csv(&csv, &RoleRequest::default()).unwrap();
    assert!(loaded.roles.ignored.contains(&"Notes".to_string()));
    assert!(
        loaded.dataset.controls.iter().all(|c| c.column != "Notes"),
        "{:?}",
        loaded.dataset.controls
    );
    let w = loaded
        .warnings
        .iter()
        .find(|w| w.kind == mixlens::data::WarningKind::TextColumnIgnored)
        .unwrap();
    assert_eq!(w.subject.as_deref(), Some("Notes"));
    assert!(
        w.message
            .starts_with("'Notes' holds free text (4 different values in 4 filled cells)"),
        "{}",
        w.message
    );
    // A text column of repeated categories still becomes 0/1 controls.
    let names: Vec<&str> = loaded
        .dataset
        .controls
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["weather=rain", "weather=snow"]);
    // The page sees the warning too.
    let i = inspect(&csv, &RoleRequest::default());
    assert!(
        i.warnings
            .iter()
            .any(|w| w.kind == mixlens::data::WarningKind::TextColumnIgnored)
    );
}

#[test]
fn a_holiday_column_is_categorical_even_when_each_holiday_occurs_once() {
    let mut csv = "date,revenue,tv_spend,holiday\n".to_string();
    for i in 0..30u32 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2023, 1, 2).unwrap() + chrono::Days::new(7 * i as u64);
        let h = match i {
            12 => "Easter",
            20 => "Summer sale",
            _ => "",
        };
        csv += &format!("{day},{},{},{h}\n", 1000 + 13 * i, (i * 11) % 40 + 1);
    }
    let d = load_csv(&csv, &RoleRequest::default()).unwrap().dataset;
    let names: Vec<&str> = d.controls.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["holiday=Easter", "holiday=Summer sale"]);
}

#[test]
fn the_inspection_preview_carries_the_numbers_as_read() {
    let sim = simulation();
    let i = mixlens::data::inspect_with(
        &european_csv(&sim.dataset),
        &RoleRequest::default(),
        &point(),
    );
    assert!(i.error.is_none(), "{:?}", i.error);
    let tv = i.columns.iter().position(|c| c == "tv_spend").unwrap();
    assert_eq!(i.preview[0][tv], "$32,337");
    assert_eq!(i.numbers[0][tv], Some(32337.0));
    assert_eq!(i.numbers[0][0], None); // the date
    assert_eq!(i.numbers.len(), i.preview.len());
}

/// Two exports appended: `55,434` in one, `26.753` in the other, nothing in the column to
/// settle the mark. Whichever mark is chosen, one half would be read a thousand times off, so
/// the column is refused, the decimal mark chosen or not, naming both rows.
#[test]
fn a_column_from_two_locales_is_refused_whatever_the_decimal_mark() {
    let csv = "date,revenue,tv_spend\n2024-01-01,10,\"55,434\"\n2024-01-08,12,\"40,216\"\n2024-01-15,11,26.753\n2024-01-22,13,32.312\n";
    for read in [
        ReadOptions::default(),
        ReadOptions::default().decimal_mark(DecimalMark::Point),
        ReadOptions::default().decimal_mark(DecimalMark::Comma),
    ] {
        let e = load_csv_with(csv, &RoleRequest::default(), &read).unwrap_err();
        assert_eq!(
            e,
            Error::MixedNumberFormat {
                row: 4,
                column: "tv_spend".into(),
                value: "26.753".into(),
                uses: "a decimal comma (like 1.234,5)",
                example_row: 2,
                example: "55,434".into(),
            },
            "{read:?}"
        );
    }
}

/// One export in points with cents (`78675.69`), one appended in German thousands (`86.337`):
/// the column settles a decimal point, and `86.337` read with it would be a thousandth of the
/// rest. Refused at that cell. Three decimals at the column's own level stay decimals.
#[test]
fn an_appended_export_a_thousand_times_off_is_refused() {
    let csv = "date,revenue,tv_spend\n2024-01-01,10,78675.69\n2024-01-08,12,81234.5\n2024-01-15,11,86.337\n2024-01-22,13,104.497\n";
    let e = load_csv(csv, &RoleRequest::default()).unwrap_err();
    assert_eq!(
        e,
        Error::MixedNumberFormat {
            row: 4,
            column: "tv_spend".into(),
            value: "86.337".into(),
            uses: "a decimal comma (like 1.234,5)",
            example_row: 2,
            example: "78675.69".into(),
        }
    );
    // The same in a comma file: `1.234,56` then `86,337`.
    let csv = "date;revenue;tv_spend\n2024-01-01;10;78.675,69\n2024-01-08;12;81.234,5\n2024-01-15;11;86,337\n2024-01-22;13;104,497\n";
    assert!(matches!(
        load_csv(csv, &RoleRequest::default()),
        Err(Error::MixedNumberFormat { row: 4, .. })
    ));
    // Prices with three decimals at their own level are read as written.
    let csv = "date,revenue,tv_spend,price\n2024-01-01,10,5,1.5\n2024-01-08,12,6,2.25\n2024-01-15,11,7,3.125\n2024-01-22,13,8,2.75\n";
    let d = load_csv(csv, &RoleRequest::default()).unwrap().dataset;
    let price = d.controls.iter().find(|c| c.column == "price").unwrap();
    assert!((price.values[2] - 3.125).abs() < 1e-12);
}

/// A US file whose revenue settles the decimal point and whose spend (whole numbers with
/// thousands separators) could be read either way: the question names what the file's other
/// columns use, and a contrary answer is warned about.
#[test]
fn the_question_names_the_files_mark_and_a_contrary_answer_is_warned() {
    let mut rows = String::from("date,revenue,tv_spend\n");
    for k in 0..10 {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
            + chrono::Duration::days(7 * k as i64);
        rows.push_str(&format!(
            "{date},\"308,{:03}.22\",\"37,{:03}\"\n",
            100 + k,
            900 + k
        ));
    }
    let e = load_csv(&rows, &RoleRequest::default()).unwrap_err();
    assert!(
        e.to_string().ends_with(
            " Other columns of this file use a decimal point (like 1,234.5): 'revenue' writes '308,100.22' (row 2)."
        ),
        "{e}"
    );
    let comma = ReadOptions::default().decimal_mark(DecimalMark::Comma);
    let loaded =
        load_csv_with(&rows, &RoleRequest::default(), &comma).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        loaded.warnings[0].message,
        "With the decimal mark set to comma, 'tv_spend' reads '37,900' (row 2) as 37.90, but 'revenue' writes '308,100.22' (row 2) with a decimal point (like 1,234.5). If 'tv_spend' follows the rest of the file, set the decimal mark to point (37,900 instead)."
    );
    let point = ReadOptions::default().decimal_mark(DecimalMark::Point);
    let loaded = load_csv_with(&rows, &RoleRequest::default(), &point).unwrap();
    assert!(
        loaded
            .warnings
            .iter()
            .all(|w| !w.message.starts_with("With the decimal mark"))
    );
}

/// Excel's ways of keeping a number as text (`="5548.52"`, a leading apostrophe) and currency
/// signs of Mexico, India and the Philippines read as the numbers they hold.
#[test]
fn excel_text_numbers_and_more_currencies_read_right() {
    let csv = "date,revenue,tv_spend,radio_spend,search_spend,price\n\
        2024-01-01,\"=\"\"1234.5\"\"\",'100,\"MX$5,548.52\",₱1.50,Rs. 9.99\n\
        2024-01-08,\"=\"\"987\"\"\",'120.25,\"MX$0.00\",₱2,Rs. 8.49\n\
        2024-01-15,\"=\"\"2000.75\"\"\",'110,\"MX$1,000\",₱3.25,Rs. 9.99\n";
    let d = load_csv(csv, &RoleRequest::default()).unwrap().dataset;
    assert_eq!(d.kpi.values, vec![1234.5, 987.0, 2000.75]);
    let spend = |i: usize| d.channels[i].spend.clone();
    assert_eq!(spend(0), vec![100.0, 120.25, 110.0]);
    assert_eq!(spend(1), vec![5548.52, 0.0, 1000.0]);
    assert_eq!(spend(2), vec![1.5, 2.0, 3.25]);
    assert_eq!(d.controls[0].values, vec![9.99, 8.49, 9.99]);
}

/// A column of numbers with words or signs MixLens does not read around them is refused at its
/// first such cell: before, a spend column of `~5548` became free text and its channel was left
/// out, and a price of `9.99 per unit` became one 0/1 control per price.
#[test]
fn numbers_with_unknown_words_around_them_are_refused_not_turned_into_text() {
    let rows = |cell: &dyn Fn(usize) -> String| {
        let mut csv = String::from("date,revenue,tv_spend,radio_spend,price\n");
        for w in 0..8 {
            csv += &format!(
                "2024-{:02}-01,{},{},{},{}\n",
                w + 1,
                1000 + 10 * w,
                100 + w,
                cell(w),
                9.5 + (w % 2) as f64
            );
        }
        csv
    };
    let spend = rows(&|w| format!("~{}", 5548 + w));
    match load_csv(&spend, &RoleRequest::default()) {
        Err(Error::NonNumeric {
            row, column, value, ..
        }) => {
            assert_eq!(
                (row, column.as_str(), value.as_str()),
                (2, "radio_spend", "~5548")
            );
        }
        other => panic!("{other:?}"),
    }
    let price = rows(&|w| format!("{}", 50 + w)).replace(",9.5\n", ",9.5 per unit\n");
    match load_csv(&price, &RoleRequest::default()) {
        Err(Error::NonNumeric { column, value, .. }) => {
            assert_eq!((column.as_str(), value.as_str()), ("price", "9.5 per unit"));
        }
        other => panic!("{other:?}"),
    }
    // Labels with a number in them stay categories.
    let labels = rows(&|w| format!("{}", 50 + w))
        .replace(",9.5\n", ",Summer 2024\n")
        .replace(",10.5\n", ",Q1\n");
    let d = load_csv(&labels, &RoleRequest::default()).unwrap().dataset;
    assert_eq!(d.controls.len(), 1, "{:?}", d.controls);
    assert_eq!(d.controls[0].level.as_deref(), Some("Q1"));
}

/// `9.99%` and `9.99` in one column would be read a hundred times apart: refused, naming both
/// cells. `0` beside percentages is 0 % either way.
#[test]
fn a_column_mixing_percent_and_plain_numbers_is_refused() {
    let csv = "date,revenue,tv_spend,discount\n2024-01-01,10,1,9.99\n2024-01-08,12,2,8.99%\n\
        2024-01-15,11,3,9.99\n";
    assert_eq!(
        load_csv(csv, &RoleRequest::default()).unwrap_err(),
        Error::MixedNumberFormat {
            row: 3,
            column: "discount".into(),
            value: "8.99%".into(),
            uses: "a percent sign",
            example_row: 2,
            example: "9.99".into(),
        }
    );
    let csv = "date,revenue,tv_spend,discount\n2024-01-01,10,1,0\n2024-01-08,12,2,8.5%\n\
        2024-01-15,11,3,10%\n";
    let d = load_csv(csv, &RoleRequest::default()).unwrap().dataset;
    assert_eq!(d.controls[0].values, vec![0.0, 0.085, 0.1]);
}
