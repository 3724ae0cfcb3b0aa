//! No input makes the core panic: random bytes, random CSV shapes, random hyperparameters.

use mixlens::data::{RoleRequest, load_csv};
use mixlens::estimate::ridge::{Design, Scratch};
use mixlens::fit::{FitRequest, fit};
use mixlens::model::ModelSpec;
use mixlens::search::SearchSettings;
use mixlens::simulate::{SimulationSettings, simulate};
use mixlens::transform::AdstockKind;
use proptest::prelude::*;

fn tiny() -> FitRequest {
    FitRequest {
        estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
        search: SearchSettings {
            iterations: 12,
            trials: 1,
            population: 6,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Any outcome is fine except a panic; errors must carry a message.
fn run(text: &str) {
    match fit(text, &tiny(), 5, |_| true) {
        Ok(report) => {
            let json = report.to_json();
            assert!(!json.is_empty());
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0.0f64..1e6).prop_map(|v| format!("{v:.2}")),
        1 => (-1e6f64..0.0).prop_map(|v| format!("{v}")),
        1 => Just("0".to_string()),
        1 => Just(String::new()),
        1 => Just("na".to_string()),
        1 => Just("1e308".to_string()),
        1 => Just("-0".to_string()),
        1 => "[a-z\"; ,]{0,6}",
        1 => Just("\"1,234.5\"".to_string()),
    ]
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("date".to_string()),
        Just("revenue".to_string()),
        Just("tv_spend".to_string()),
        Just("search_S".to_string()),
        Just("tv_impressions".to_string()),
        Just("newsletter".to_string()),
        Just("price".to_string()),
        Just("events".to_string()),
        "[a-z_]{1,8}",
    ]
}

prop_compose! {
    fn csv_shape()(names in proptest::collection::vec(header_name(), 1..8), rows in 0usize..60, start in 0u32..400, step in prop_oneof![Just(1u64), Just(7), Just(30), Just(3)], shuffle in any::<bool>())
        (cells in proptest::collection::vec(proptest::collection::vec(cell(), names.len()), rows), names in Just(names), start in Just(start), step in Just(step), shuffle in Just(shuffle)) -> String {
        let mut out = names.join(",") + "\n";
        let base = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + chrono::Days::new(start as u64);
        let n = cells.len();
        for (i, row) in cells.into_iter().enumerate() {
            let k = if shuffle { (i * 7 + 3) % n.max(1) } else { i };
            let mut row = row;
            if let Some(pos) = names.iter().position(|h| h == "date") {
                row[pos] = (base + chrono::Days::new(step * k as u64)).to_string();
            }
            out += &row.join(",");
            out += "\n";
        }
        out
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = load_csv(&text, &RoleRequest::default());
        run(&text);
    }

    #[test]
    fn random_csv_shapes_never_panic(text in csv_shape()) {
        run(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_point_of_the_search_space_fits_or_errs_cleanly(unit in proptest::collection::vec(0.0f64..=1.0, 25), kind in 0u8..3) {
        let sim = simulate(&SimulationSettings { periods: 60, channels: 3, ..Default::default() }).unwrap();
        let adstock = [AdstockKind::Geometric, AdstockKind::WeibullCdf, AdstockKind::WeibullPdf][kind as usize];
        let spec = ModelSpec::for_dataset(&sim.dataset, adstock);
        let design = Design::new(&sim.dataset, &spec, 0.0).unwrap();
        let hp = spec.from_unit(&unit[..spec.dim()]);
        if let Ok(f) = design.fit(&spec, &hp, &mut Scratch::default()) {
            prop_assert!(f.nrmse_train.is_finite() && f.decomp_rssd.is_finite());
            prop_assert!(f.media_coef.iter().all(|b| *b >= 0.0));
        }
    }
}

prop_compose! {
    /// Well-formed files with random numbers: these reach the search and the report.
    fn plausible_csv()(rows in 20usize..80, channels in 1usize..4, with_control in any::<bool>())
        (values in proptest::collection::vec(proptest::collection::vec(prop_oneof![8 => 0.0f64..1000.0, 1 => Just(0.0), 1 => 1e9f64..1e12], channels + 2), rows), channels in Just(channels), with_control in Just(with_control)) -> String {
        let mut header = vec!["date".to_string(), "revenue".to_string()];
        header.extend((0..channels).map(|c| format!("ch{c}_spend")));
        if with_control { header.push("price".into()); }
        let mut out = header.join(",") + "\n";
        let base = chrono::NaiveDate::from_ymd_opt(2020, 1, 6).unwrap();
        for (i, v) in values.iter().enumerate() {
            let mut row = vec![(base + chrono::Days::new(7 * i as u64)).to_string()];
            row.extend(v.iter().take(channels + 1).map(|x| format!("{x}")));
            if with_control { row.push(format!("{}", v[channels + 1])); }
            out += &(row.join(",") + "\n");
        }
        out
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn plausible_files_with_random_numbers_never_panic(text in plausible_csv()) {
        run(&text);
    }
}

#[test]
fn the_plausible_generator_reaches_the_search() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut fitted = 0;
    for _ in 0..40 {
        let text = plausible_csv().new_tree(&mut runner).unwrap().current();
        if fit(&text, &tiny(), 5, |_| true).is_ok() {
            fitted += 1;
        }
    }
    assert!(
        fitted >= 20,
        "only {fitted} of 40 generated files were fitted"
    );
}
