//! The `mixlens` binary: files in, files out, errors on stderr with a non-zero status.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mixlens"))
}

/// Running a command and asserting how it ended.
trait Run {
    /// Run it; it must succeed (else the assertion shows its stderr).
    fn succeeds(&mut self) -> Output;
    /// Run it; it must fail.
    fn fails(&mut self) -> Output;
}

impl Run for Command {
    fn succeeds(&mut self) -> Output {
        let out = self.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn fails(&mut self) -> Output {
        let out = self.output().unwrap();
        assert!(
            !out.status.success(),
            "it succeeded: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        out
    }
}

fn tmp(name: &str) -> PathBuf {
    // Inside target/ (Cargo gives integration tests this directory), so runs leave nothing in /tmp.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("mixlens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// `mixlens fit DATA --lift LIFT ARGS --out tmp(model)`: its output and the model's path.
fn fit_with_lift(
    data: &Path,
    lift: &Path,
    model: &str,
    args: &[&str],
) -> (std::process::Output, PathBuf) {
    let model = tmp(model);
    let out = bin()
        .arg("fit")
        .arg(data)
        .arg("--lift")
        .arg(lift)
        .args(args)
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    (out, model)
}

/// A simulated data file of `channels` channels from `seed`, at `tmp(name)`.
fn simulated(name: &str, seed: &str, channels: &str) -> PathBuf {
    let data = tmp(name);
    bin()
        .args(["simulate", "--out"])
        .arg(&data)
        .args(["--seed", seed, "--channels", channels])
        .succeeds();
    data
}

#[test]
fn simulate_then_fit_writes_files_and_prints_a_table() {
    let data = tmp("sim.csv");
    let truth = tmp("truth.json");
    let model = tmp("model.json");
    bin()
        .args(["simulate", "--out"])
        .arg(&data)
        .arg("--truth")
        .arg(&truth)
        .args(["--seed", "4", "--channels", "3"])
        .succeeds();
    let truth_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&truth).unwrap()).unwrap();
    assert_eq!(truth_json["channels"].as_array().unwrap().len(), 3);

    let out = bin()
        .arg("fit")
        .arg(&data)
        .arg("--out")
        .arg(&model)
        .args([
            "--estimator",
            "ridge",
            "--iterations",
            "300",
            "--trials",
            "2",
        ])
        .succeeds();
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "channel",
        "ROI",
        "tv",
        "search",
        "social",
        "R²",
        "NRMSE",
        "DECOMP.RSSD",
        "candidate models in",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(m["schema_version"], 2);
    for key in [
        "name",
        "spend",
        "contribution",
        "roi",
        "spend_share",
        "effect_share",
        "marginal_roi",
        "carryover_share",
        "adstock",
        "saturation",
    ] {
        assert!(
            m["channels"][0].get(key).is_some(),
            "channels[0].{key} missing"
        );
    }
    for key in ["r2", "adj_r2", "nrmse", "mape", "decomp_rssd"] {
        assert!(m["fit"][key].is_number(), "fit.{key} missing");
    }
    assert!(m["decomposition"]["components"].as_array().unwrap().len() >= 5);
    assert!(!m["pareto"].as_array().unwrap().is_empty());
    assert_eq!(m["settings"]["search"]["iterations"], 300);
    // Each channel's ROI range, in MODEL.json and in the table ("1.41-1.72" after the ROI).
    let ranges = m["selected"]["roi_range"].as_array().unwrap();
    assert_eq!(ranges.len(), m["channels"].as_array().unwrap().len());
    let tv = stdout.lines().find(|l| l.starts_with("tv ")).unwrap();
    let cells: Vec<&str> = tv.split_whitespace().collect();
    let (lo, hi) = (
        ranges[0][0].as_f64().unwrap(),
        ranges[0][1].as_f64().unwrap(),
    );
    assert_eq!(cells[4], format!("{lo:.2}-{hi:.2}"), "{tv}");
    let roi = m["channels"][0]["roi"].as_f64().unwrap();
    assert_eq!(cells[3], format!("{roi:.2}"), "{tv}");
}

#[test]
fn the_same_command_writes_the_same_bytes() {
    let data = tmp("det.csv");
    assert!(
        bin()
            .args(["simulate", "--out"])
            .arg(&data)
            .args(["--seed", "9"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let run = |name: &str| {
        let out = tmp(name);
        bin()
            .arg("fit")
            .arg(&data)
            .arg("--out")
            .arg(&out)
            .args([
                "--estimator",
                "ridge",
                "--iterations",
                "200",
                "--trials",
                "3",
                "--seed",
                "5",
            ])
            .succeeds();
        std::fs::read(out).unwrap()
    };
    assert_eq!(run("a.json"), run("b.json"));
}

#[test]
fn data_errors_go_to_stderr_with_status_one() {
    let data = tmp("broken.csv");
    std::fs::write(
        &data,
        "date,revenue,tv_spend\n2024-01-01,10,5\n2024-01-08,12,-3\n",
    )
    .unwrap();
    let out = bin().arg("fit").arg(&data).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: Row 3 (2024-01-08), column 'tv_spend': spend is negative"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_files_and_bad_flags_are_reported() {
    let out = bin()
        .args(["fit", "/nonexistent/data.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/data.csv"));
    let out = bin()
        .args(["fit", "x.csv", "--adstock", "delayed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("use geometric, weibull_cdf or weibull_pdf"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A profit KPI is told which type it is.
    let out = bin()
        .args(["fit", "x.csv", "--kpi-type", "profit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: --kpi-type: 'profit' is not revenue or conversions. For profit (revenue less costs) use --kpi-type revenue.\n"
    );
    // A column given the other role is named with the flag that fixes it.
    let data = tmp("roles.csv");
    std::fs::write(
        &data,
        "date,revenue,tv_spend\n2024-01-01,10,5\n2024-01-08,12,3\n",
    )
    .unwrap();
    let out = bin()
        .arg("fit")
        .arg(&data)
        .args(["--date", "revenue"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: Column 'revenue' is named like the KPI but was chosen as the date column: choose the column that holds the dates instead. On the command line: --date my_column.\n"
    );
    let out = bin()
        .arg("fit")
        .arg(&data)
        .args(["--media", "tv_spend,date"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: Column 'date' holds the dates but was chosen among the paid media spend columns: take it out of the paid media spend columns. On the command line: take it out of --media.\n"
    );
    let out = bin().args(["fit", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn robyn_demo_data_fits_with_inferred_roles() {
    let data = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/robyn_dt_simulated_weekly.csv"
    );
    let out = bin()
        .args([
            "fit",
            data,
            "--estimator",
            "ridge",
            "--iterations",
            "200",
            "--trials",
            "2",
        ])
        .succeeds();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("208 weekly periods"), "{s}");
    assert!(s.contains("'facebook_I'") && s.contains("exposure"), "{s}");
    assert!(s.contains("'events'") && s.contains("control"), "{s}");
}

/// A small fitted model on disk, for the planning commands.
fn model_file(name: &str) -> PathBuf {
    let data = tmp(&format!("{name}.csv"));
    let model = tmp(&format!("{name}.json"));
    assert!(
        bin()
            .args(["simulate", "--out"])
            .arg(&data)
            .args(["--seed", "6", "--channels", "3"])
            .output()
            .unwrap()
            .status
            .success()
    );
    bin()
        .arg("fit")
        .arg(&data)
        .arg("--out")
        .arg(&model)
        .args([
            "--estimator",
            "ridge",
            "--iterations",
            "1000",
            "--trials",
            "2",
        ])
        .succeeds();
    model
}

/// `--bounds tv=0.5:2` meant as Robyn's multiples of current spend is spend per period: said,
/// with the bounds it would be as spend; real spends say nothing.
#[test]
fn bounds_that_look_like_multiples_are_named() {
    let model = model_file("multiples");
    let run = |bounds: &str, relative: &str| {
        let out = bin()
            .arg("optimize")
            .arg(&model)
            .args(["--bounds", bounds, "--relative-bounds", relative])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    // A note beside the plan; the error itself when the budget cannot be met with them.
    for key in ["tv", "tv_spend"] {
        let said = run(&format!("{key}=0.5:2"), "0:10");
        assert!(
            said.contains("note: tv's bounds (0.5 to 2) are spend per period")
                && said.contains("--relative-bounds LOW:HIGH gives multiples"),
            "{said}"
        );
        let said = run(&format!("{key}=0.5:2"), "0.5:2");
        assert!(
            said.contains("error: --bounds tv is not allowed: tv's bounds (0.5 to 2)")
                && said.contains("With them the budget cannot be met")
                && said.contains("--relative-bounds LOW:HIGH gives multiples"),
            "{said}"
        );
    }
    assert!(!run("tv=5000:40000", "0.5:2").contains("note:"));
}

#[test]
fn optimize_prints_a_plan_and_writes_plan_json() {
    let model = model_file("opt");
    let plan = tmp("PLAN.json");
    let out = bin()
        .arg("optimize")
        .arg(&model)
        .args(["--bounds", "tv=5000:40000", "--lock", "social", "--out"])
        .arg(&plan)
        .succeeds();
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Best allocation of",
        "tv",
        "search",
        "social",
        "(locked)",
        "total",
        "Media response per period",
        "Planned on the mean response over the model's ",
        "draws, 90% interval: ",
        "beats the current split with probability ",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
    let p: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    for key in [
        "total_budget",
        "total_response_current",
        "total_response_optimal",
    ] {
        assert!(p[key].is_number(), "{key}");
    }
    let (lo, hi) = (
        p["uplift_interval"][0].as_f64().unwrap(),
        p["uplift_interval"][1].as_f64().unwrap(),
    );
    // The draws disagree a little: a proper interval around the expected uplift.
    let uplift = p["uplift"].as_f64().unwrap();
    assert!(
        lo < hi && lo <= uplift && uplift <= hi,
        "[{lo}, {hi}] vs {uplift}"
    );
    // The printed shares are the interval over the headline's base (the page's cautious figure).
    let base = p["total_response_current"].as_f64().unwrap();
    let pct = |v: f64| format!("{:+.1}%", 100.0 * v / base);
    assert!(
        stdout.contains(&format!("({} to {});", pct(lo), pct(hi))),
        "{} {} in\n{stdout}",
        pct(lo),
        pct(hi)
    );
    let better = p["probability_better"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&better), "{better}");
    assert_eq!(p["interval_level"].as_f64(), Some(0.9));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert!(!m["model"]["draws"].as_array().unwrap().is_empty());
    let channels = p["channels"].as_array().unwrap();
    for key in [
        "name",
        "current_spend",
        "optimal_spend",
        "current_response",
        "optimal_response",
        "current_marginal_roi",
        "optimal_marginal_roi",
    ] {
        assert!(!channels[0][key].is_null(), "channels[0].{key}");
    }
    let tv = channels.iter().find(|c| c["name"] == "tv").unwrap();
    assert_eq!(
        (tv["lower"].as_f64(), tv["upper"].as_f64()),
        (Some(5000.0), Some(40000.0))
    );
    let social = channels.iter().find(|c| c["name"] == "social").unwrap();
    assert_eq!(social["optimal_spend"], social["current_spend"]);
    let total: f64 = channels
        .iter()
        .map(|c| c["optimal_spend"].as_f64().unwrap())
        .sum();
    assert!((total - p["total_budget"].as_f64().unwrap()).abs() <= 1e-9 * total);

    let out = bin()
        .arg("optimize")
        .arg(&model)
        .args(["--target-roas", "1.5", "--relative-bounds", "0.2:3"])
        .succeeds();
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("Largest budget keeping ROAS at or above 1.50")
    );
}

#[test]
fn planning_errors_name_the_conflict() {
    let model = model_file("opterr");
    let out = bin()
        .arg("optimize")
        .arg(&model)
        .args(["--budget", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("The budget 1 per period cannot be met") && e.contains("lower bounds add up to"),
        "{e}"
    );
    let out = bin()
        .arg("optimize")
        .arg(&model)
        .args(["--bounds", "podcast=1:2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "'podcast' is not a channel of this model. The model's channels are: tv, search, social."
    ));
    let out = bin()
        .arg("optimize")
        .arg(&model)
        .args(["--budget", "1000", "--target-roas", "2"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "conflicting goals are a usage error"
    );
    let out = bin()
        .args(["optimize", "/nonexistent/MODEL.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let broken = tmp("broken-model.json");
    std::fs::write(&broken, "{\"schema_version\": 99}").unwrap();
    let out = bin().arg("optimize").arg(&broken).output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("format version 99"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn whatif_reads_spends_by_name() {
    let model = model_file("whatif");
    let out = bin()
        .arg("whatif")
        .arg(&model)
        .args(["--spend", "search=0,tv=25000"])
        .succeeds();
    let s = String::from_utf8_lossy(&out.stdout);
    let search = s.lines().find(|l| l.starts_with("search")).unwrap();
    assert!(
        search.split_whitespace().nth(2) == Some("0.00")
            || search.split_whitespace().nth(2) == Some("0"),
        "{search}"
    );
    assert!(s.contains("Media response per period"), "{s}");
    // Switching search off loses under every draw; it also spends less, which is said in
    // words.
    assert!(s.contains("draws, 90% interval: -"), "{s}");
    assert!(
        s.contains("responds more than the current spends with probability 0.00, for ")
            && s.contains(" less spend per period."),
        "{s}"
    );
    let out = bin()
        .arg("whatif")
        .arg(&model)
        .args(["--spend", "search=-5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = bin()
        .arg("whatif")
        .arg(&model)
        .args(["--spend", "search"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("should look like NAME=VALUE"));
}

#[test]
fn the_decimal_mark_flag_answers_an_ambiguous_column_and_is_saved() {
    // tv_spend written as whole numbers with comma thousands ("32,337"): no cell tells
    // whether the comma groups thousands or marks decimals.
    let sim = mixlens::simulate::simulate(&mixlens::simulate::SimulationSettings {
        periods: 104,
        ..Default::default()
    })
    .unwrap();
    let csv = sim.dataset.to_csv();
    let mut lines = csv.lines();
    let header = lines.next().unwrap().to_string();
    let tv = header.split(',').position(|c| c == "tv_spend").unwrap();
    let mut whole = Vec::new();
    let mut out = vec![header];
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        let v = cells[tv].parse::<f64>().unwrap().round();
        assert!(v < 1e6);
        whole.push(v);
        let s = format!("{v:.0}");
        cells[tv] = if s.len() > 3 {
            format!("\"{},{}\"", &s[..s.len() - 3], &s[s.len() - 3..])
        } else {
            s
        };
        out.push(cells.join(","));
    }
    assert!(whole.iter().any(|&v| v >= 1000.0));
    let data = tmp("thousands.csv");
    std::fs::write(&data, out.join("\n")).unwrap();
    let asked = bin()
        .args([
            "fit",
            "--estimator",
            "ridge",
            "--iterations",
            "20",
            "--trials",
            "1",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(asked.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&asked.stderr);
    assert!(
        stderr.contains("Choose the file's decimal mark")
            && stderr.contains("--decimal-mark point (1,234.5) or --decimal-mark comma (1.234,5)"),
        "{stderr}"
    );
    let model = tmp("thousands.model.json");
    bin()
        .args([
            "fit",
            "--estimator",
            "ridge",
            "--iterations",
            "20",
            "--trials",
            "1",
            "--decimal-mark",
            "point",
        ])
        .arg(&data)
        .arg("--out")
        .arg(&model)
        .succeeds();
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(m["settings"]["read"]["decimal_mark"], "point");
    let spend: Vec<f64> = m["data"]["channels"][0]["spend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(m["data"]["channels"][0]["spend_column"], "tv_spend");
    assert_eq!(spend, whole);
}

/// Ten years of daily data with 30 paid channels: the CLI says how long the fit will take and
/// how the default search was shortened, before it starts (`--estimate` stops there).
#[test]
fn a_big_file_gets_a_time_estimate_and_a_shorter_search_before_the_fit() {
    let big = tmp("big.csv");
    bin()
        .args([
            "simulate",
            "--frequency",
            "daily",
            "--periods",
            "3652",
            "--channels",
            "30",
            "--out",
        ])
        .arg(&big)
        .succeeds();
    let out = bin()
        .arg("fit")
        .arg(&big)
        .args(["--estimate", "--estimator", "ridge"])
        .succeeds();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("Estimated time: about "), "{stderr}");
    assert!(
        stderr.contains("2 trials × 2,700 candidate models"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: Big data (3,652 periods × 31 media columns): the search runs 2 trials of 2,700 candidate models instead of 5 of 4,000"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "--estimate fits nothing");

    // Iterations asked for explicitly are searched as given, with their own estimate.
    let out = bin()
        .arg("fit")
        .arg(&big)
        .args(["--estimate", "--estimator", "ridge", "--iterations", "4000"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("5 trials × 4,000 candidate models"),
        "{stderr}"
    );
    assert!(!stderr.contains("note:"), "{stderr}");
}

#[test]
fn an_ordinary_file_is_searched_in_full_without_a_time_note() {
    let data = tmp("ordinary.csv");
    bin()
        .args(["simulate", "--periods", "208", "--out"])
        .arg(&data)
        .succeeds();
    let out = bin()
        .arg("fit")
        .arg(&data)
        .args(["--estimate", "--estimator", "ridge"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("5 trials × 4,000 candidate models"),
        "{stderr}"
    );
    assert!(!stderr.contains("note:"), "{stderr}");
    // The default (Bayesian) estimator estimates its chains.
    let out = bin()
        .arg("fit")
        .arg(&data)
        .arg("--estimate")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("Estimated time: about "), "{stderr}");
    assert!(stderr.contains("4 chains × 2,000 sweeps"), "{stderr}");
    assert!(out.stdout.is_empty(), "--estimate fits nothing");
}

#[test]
fn summary_prints_the_executive_summary_in_words() {
    let out = bin()
        .args(["summary", "tests/data/sim_seed7_104w.model.json"])
        .succeeds();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Recommended model: the best fit of the search (no other model fits about as well)."
    );
    assert_eq!(
        lines[2],
        "- Highest return: social returned 2.09 per 1 spent (90 %: 0.83–3.86), over 2022-01-03 to 2023-12-25."
    );
    let out = bin()
        .args([
            "summary",
            "tests/data/sim_seed7_104w.model.json",
            "--plan",
            "--json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let last = v["sentences"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .as_str()
        .unwrap();
    assert!(
        last.starts_with("The best split of 47,156 per period (now 47,156)"),
        "{last}"
    );
    assert_eq!(v["first"], "2022-01-03");
}

#[test]
fn the_command_line_adds_its_flag_to_a_missing_role_and_the_core_words_name_none() {
    let data = tmp("no-media.csv");
    let mut csv = String::from("date,revenue,temp\n");
    for k in 0..12 {
        csv.push_str(&format!("2024-01-{:02},{},{}\n", k + 1, 100 + k, k - 5));
    }
    std::fs::write(&data, csv).unwrap();
    let out = bin().arg("fit").arg(&data).fails();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("or choose which columns are paid media spend. On the command line: --media tv_spend,search_spend."),
        "{err}"
    );
    let core = mixlens::Error::NoMediaColumns.to_string();
    assert!(!core.contains("--"), "{core}");
}

/// `tv=50.000` is fifty thousand to a German reader and fifty to a parser: refused, as the CSV
/// reader refuses such cells; `tv=50,000` says the comma separates pairs.
#[test]
fn spends_that_read_two_ways_are_refused() {
    let model = model_file("twoways");
    let run = |spend: &str| {
        let out = bin()
            .arg("whatif")
            .arg(&model)
            .args(["--spend", spend])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{spend}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let e = run("tv=50.000");
    assert!(
        e.contains("'50.000' could mean 50 or 50000: write the number without a thousands separator (50000 or 50)"),
        "{e}"
    );
    let e = run("tv=5000,tv=6000");
    assert!(e.contains("--spend: 'tv' is given twice"), "{e}");
    let e = run("tv=50,000");
    assert!(
        e.contains("'000' follows a comma, which separates NAME=VALUE pairs"),
        "{e}"
    );
    // The planner's budget too (a clap value parser).
    let out = bin()
        .arg("optimize")
        .arg(&model)
        .args(["--budget", "50.000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("'50.000' could mean 50 or 50000"), "{e}");
    // Unambiguous decimals still read.
    bin()
        .arg("whatif")
        .arg(&model)
        .args(["--spend", "tv=50000.5"])
        .succeeds();
}

/// `mixlens summary MODEL.json | head -1`: the reader closes the pipe; the command ends
/// normally instead of panicking.
#[test]
fn a_closed_pipe_is_not_a_crash() {
    let model = model_file("pipe");
    let mut child = bin()
        .arg("summary")
        .arg(&model)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A German lift file beside an English data file: `--lift-decimal-mark comma` reads its
/// `120.000` as 120 thousand; without it the cell is refused as reading two ways.
#[test]
fn the_lift_file_can_have_its_own_decimal_mark() {
    let data = simulated("liftmark.csv", "6", "3");
    let lift = tmp("liftmark-tests.csv");
    std::fs::write(
        &lift,
        "channel;start;end;lift;standard_error\ntv;06.06.2022;27.06.2022;120.000;15.000\n",
    )
    .unwrap();
    let fit = |extra: &[&str]| {
        let ridge = [
            "--estimator",
            "ridge",
            "--iterations",
            "20",
            "--trials",
            "1",
            "--quiet",
        ];
        fit_with_lift(&data, &lift, "liftmark.json", &[&ridge[..], extra].concat())
    };
    let (out, _) = fit(&[]);
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("Choose the file's decimal mark"), "{e}");
    let (out, model) = fit(&["--lift-decimal-mark", "comma"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(m["settings"]["experiments"][0]["lift"], 120000.0);
    assert_eq!(m["settings"]["experiments"][0]["standard_error"], 15000.0);
}

/// A Bayesian fit with a lift test of tv says that tv's curves lean away from slopes below 1
/// and writes the spread used in MODEL.json; the untested channels carry none, and
/// `--hill-prior 0` turns it off.
#[test]
fn a_lift_tested_channel_is_named_with_its_slope_prior() {
    let data = simulated("liftslope.csv", "6", "3");
    let lift = tmp("liftslope-tests.csv");
    std::fs::write(
        &lift,
        "channel,start,end,lift,standard_error\ntv,2022-06-06,2022-06-27,120000,15000\n",
    )
    .unwrap();
    let fit = |extra: &[&str]| {
        let quick = ["--chains", "2", "--draws", "50", "--tune", "50"];
        let (out, model) = fit_with_lift(
            &data,
            &lift,
            "liftslope.json",
            &[&quick[..], extra].concat(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
        (String::from_utf8_lossy(&out.stdout).to_string(), m)
    };
    let (stdout, m) = fit(&[]);
    assert!(
        stdout.contains("Lift-tested: tv (curves whose first unit returns without bound"),
        "{stdout}"
    );
    let sd = m["priors"][0]["slope_below_one"].as_f64().unwrap();
    assert!((0.5..0.6).contains(&sd), "{sd}");
    assert!(m["priors"][1].get("slope_below_one").is_none());
    let (stdout, m) = fit(&["--hill-prior", "0"]);
    assert!(!stdout.contains("Lift-tested"), "{stdout}");
    assert!(m["priors"][0].get("slope_below_one").is_none());
}

/// A CSV saved by Excel on Windows (Windows-1252: `é` is one byte, 0xE9): read as such, the
/// accented event names intact, not refused and not garbled.
#[test]
fn a_windows_1252_file_reads_with_its_accents() {
    let data = simulated("cp1252-source.csv", "6", "2");
    let text = std::fs::read_to_string(&data).unwrap();
    let mut bytes = Vec::new();
    for (k, line) in text.lines().enumerate() {
        bytes.extend_from_slice(line.as_bytes());
        match k {
            0 => bytes.extend_from_slice(b",event"),
            _ if k % 10 == 0 => bytes.extend_from_slice(b",F\xeate"),
            _ => bytes.extend_from_slice(b",none"),
        }
        bytes.push(b'\n');
    }
    let file = tmp("cp1252.csv");
    std::fs::write(&file, &bytes).unwrap();
    let model = tmp("cp1252.json");
    bin()
        .arg("fit")
        .arg(&file)
        .args([
            "--estimator",
            "ridge",
            "--iterations",
            "20",
            "--trials",
            "1",
            "--quiet",
        ])
        .arg("--out")
        .arg(&model)
        .succeeds();
    let m = std::fs::read_to_string(&model).unwrap();
    assert!(m.contains("Fête"), "the event name read with its accent");
}

/// A plan that takes a channel beyond the spends it ran at in 90 % of periods says so, with the
/// range; `--within-history` keeps the plan inside it (Robyn's demo data: the default plan
/// takes search above the 15,261 a week it ran at).
#[test]
fn optimize_names_spends_beyond_those_a_channel_ran_at() {
    let data = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/robyn_dt_simulated_weekly.csv"
    );
    let model = tmp("beyond.json");
    bin()
        .args(["fit", data, "--estimator", "ridge", "--iterations", "300"])
        .arg("--out")
        .arg(&model)
        .succeeds();
    let plan = |extra: &[&str]| {
        let out = bin().arg("optimize").arg(&model).args(extra).succeeds();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let free = plan(&[]);
    assert!(
        free.contains("Beyond the spends they ran at in 90% of the data's periods")
            && free.contains("(ran at 0 to 15,261)")
            && free.contains("--within-history keeps the plan inside"),
        "{free}"
    );
    let within = plan(&["--within-history"]);
    assert!(!within.contains("Beyond the spends"), "{within}");
    // Its own bounds: no range to keep to or to name.
    let own = plan(&["--bounds", "search=9000:17000"]);
    assert!(!own.contains("Beyond the spends"), "{own}");
    let search = within.lines().find(|l| l.starts_with("search")).unwrap();
    assert!(
        search.split_whitespace().nth(2) == Some("15,261"),
        "{search}"
    );
}

/// Values a user may write in another convention: a negative number reaches the option's own
/// check (clap took `-0.5` for a flag), and a decimal comma in an ROI prior is named.
#[test]
fn negative_numbers_and_decimal_commas_in_options_are_answered() {
    let data = simulated("options", "3", "3");
    let run = |args: &[&str]| {
        let out = bin().arg("fit").arg(&data).args(args).fails();
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let said = run(&["--hill-prior", "-0.5"]);
    assert!(said.contains("--hill-prior -0.5 is not allowed"), "{said}");
    let said = run(&["--roi-prior", "tv=1,5:0,5"]);
    assert!(
        said.contains("Write decimals with a point (tv=1.5:0.5)"),
        "{said}"
    );
}

/// `simulate` at its minimum writes data `fit` takes; one period fewer is refused with the
/// periods needed (the default model of 5 channels, a newsletter and 2 controls: 33 weeks,
/// or 37 months, whose seasonality terms count from a year on).
#[test]
fn simulate_at_its_minimum_writes_data_that_fit_takes() {
    for (frequency, minimum) in [("weekly", 33), ("monthly", 37)] {
        let data = tmp(&format!("minimum-{frequency}.csv"));
        let simulate = |periods: usize| {
            bin()
                .args(["simulate", "--frequency", frequency, "--periods"])
                .arg(periods.to_string())
                .arg("--out")
                .arg(&data)
                .output()
                .unwrap()
        };
        let out = simulate(minimum - 1);
        assert!(!out.status.success());
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains(&format!(
                "needs at least {minimum} periods; use {minimum} or more (or fewer channels)"
            )),
            "{said}"
        );
        let out = simulate(minimum);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        bin()
            .arg("fit")
            .arg(&data)
            .args([
                "--estimator",
                "ridge",
                "--iterations",
                "20",
                "--trials",
                "1",
                "--quiet",
            ])
            .succeeds();
    }
}

/// Too few periods to fit: the message names the holdout and the seasonality terms that use
/// them up, and the command line adds the flags that set them.
#[test]
fn too_few_periods_name_the_holdout_and_the_seasonality_flags() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sim_seed7_104w.csv");
    let out = bin()
        .args([
            "fit",
            data,
            "--seasonality",
            "40",
            "--holdout",
            "0.5",
            "--estimator",
            "ridge",
        ])
        .fails();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("There are 52 periods of data to fit (104 less the last 52 held out to test on)")
            && said.contains(", 52 of them yearly seasonality terms;")
            && said.contains("Hold out fewer periods (or none), use fewer seasonality terms (or none), add more history, or use fewer channels and controls. On the command line: --holdout sets the share held out, --seasonality the pairs of seasonality terms (0: none)."),
        "{said}"
    );
}

/// A model that explains little of the KPI (a month's revenue booked on one week's row) says so
/// before its notes on each channel's return, in MODEL.json and on the command line (the
/// Bayesian fit put it after them).
#[test]
fn a_poor_fit_is_the_first_warning() {
    let data = tmp("monthly.csv");
    let mut csv = String::from("date,tv_spend,search_spend,revenue\n");
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 3).unwrap();
    for k in 0..104i64 {
        let tv = 1000 + 500 * ((k * 7) % 5);
        let search = 800 + 300 * ((k * 3) % 4);
        let revenue = if k % 4 == 0 {
            4 * (40_000 + 3 * tv + 2 * search)
        } else {
            0
        };
        csv += &format!(
            "{},{tv},{search},{revenue}\n",
            start + chrono::Duration::weeks(k)
        );
    }
    std::fs::write(&data, csv).unwrap();
    let model = tmp("monthly.json");
    let out = bin()
        .arg("fit")
        .arg(&data)
        .args(["--chains", "2", "--draws", "100", "--tune", "100", "--out"])
        .arg(&model)
        .succeeds();
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    let kinds: Vec<&str> = m["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[0], "poor_fit", "{kinds:?}");
    assert!(kinds[1..].contains(&"uncertain_roi"), "{kinds:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first_note = stdout.lines().find(|l| l.contains("note:")).unwrap();
    assert!(
        first_note.starts_with("  note: The model explains only 0 % of the KPI's ups and downs"),
        "{stdout}"
    );
}

/// A setting the core refuses is named by the flag that set it, in every command (the core's
/// names are the npm API's: `delayed_lags` where --delayed-lags was typed), with a channel's
/// or a curve's key where the flag takes one.
#[test]
fn a_refused_setting_is_named_by_its_flag() {
    // What `command FILE args` says on failing.
    let says = |command: &str, file: &Path, args: &[&str]| {
        let out = bin().arg(command).arg(file).args(args).fails();
        String::from_utf8_lossy(&out.stderr).trim().to_string()
    };
    let data = simulated("flags", "3", "3");
    let fit_says = |args: &[&str]| says("fit", &data, args);
    assert_eq!(
        fit_says(&["--delayed-lags", "1.5"]),
        "error: --delayed-lags 1.5 is not allowed: use a prior share from 0 (geometric decays only) to below 1, such as 0.1, or leave it unset for the default."
    );
    assert_eq!(
        fit_says(&["--range", "tv.theta=0.5:2"]),
        "error: --range tv.theta=0.5:2 is not allowed: use a range from low to high within [0, 0.99]."
    );
    assert_eq!(
        fit_says(&["--control-sign", "promo=up"]),
        "error: --control-sign promo: up is not allowed: use positive, negative or free."
    );
    assert_eq!(
        fit_says(&["--estimator", "bayes", "--roi-prior", "tv=-1:1"]),
        "error: --roi-prior tv: -1 is not allowed: the centre is an ROI: use a number from 0 (for example 1.5)."
    );
    let model = model_file("flags");
    let optimize_says = |args: &[&str]| says("optimize", &model, args);
    assert_eq!(
        optimize_says(&["--target-roas", "0"]),
        "error: --target-roas 0 is not allowed: use a positive number, below 1e100."
    );
    assert_eq!(
        optimize_says(&["--lock", "tv", "--bounds", "tv=1:2"]),
        "error: --lock tv is not allowed: it also has bounds of its own, and a locked channel stays at its current spend: remove the lock or its bounds."
    );
    assert_eq!(
        says("whatif", &model, &["--spend", "tv=-5"]),
        "error: --spend tv: -5 is not allowed: use a spend per period of 0 or more."
    );
}

/// `design` names its settings by the flags that set them, and refuses a ridge model as a
/// model that cannot be used, with the refit that can.
#[test]
fn design_speaks_of_flags_and_refuses_a_ridge_model_in_words() {
    let data = simulated("design", "3", "3");
    let bayes = tmp("design.json");
    bin()
        .arg("fit")
        .arg(&data)
        .args([
            "--estimator",
            "bayes",
            "--chains",
            "2",
            "--draws",
            "50",
            "--tune",
            "50",
        ])
        .arg("--out")
        .arg(&bayes)
        .succeeds();
    let out = bin()
        .arg("design")
        .arg(&bayes)
        .args(["--relative-se", "50"])
        .fails();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "--relative-se 50 is not allowed: use a share of the test's effect between 0 and 5"
        ),
        "{said}"
    );
    let ridge = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sim_seed7_104w.model.json"
    );
    let out = bin().args(["design", ridge]).fails();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("The model file cannot be used: to rank lift tests, design reads a posterior, which a ridge search does not give; refit with --estimator bayes."),
        "{said}"
    );
}
