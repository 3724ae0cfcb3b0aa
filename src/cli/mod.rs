//! Command-line parsing and the subcommands.

mod table;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use mixlens::allocate::{Bounds, Goal, PlanRequest};
use mixlens::data::{ColumnRole, DecimalMark, ExposureRole, KpiType, ReadOptions, RoleRequest};
use mixlens::estimate::bayes::{BayesSettings, RoiPrior};
use mixlens::fit::{EstimatorChoice, FitRequest, Prepared, prepare};
use mixlens::model::EstimatorKind;
use mixlens::model::options::{ModelOptions, RangeOverride};
use mixlens::model::{BaselineSpec, Sign};
use mixlens::report::ModelReport;
use mixlens::search::SearchSettings;
use mixlens::simulate::{SimulationSettings, simulate};
use mixlens::transform::{AdstockKind, SaturationKind};
use mixlens::{Error, data::Frequency, data::WarningKind};

/// Marketing mix modeling on your own CSV: fit, decompose, and plan budgets.
#[derive(Parser, Debug)]
#[command(name = "mixlens", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write simulated data with a known truth (for trying MixLens and for tests).
    Simulate(SimulateArgs),
    /// Fit a marketing mix model to a CSV and write MODEL.json.
    Fit(Box<FitArgs>),
    /// Reallocate a budget (or find the largest budget meeting a target) on a fitted model.
    Optimize(OptimizeArgs),
    /// Expected response of your own spend per channel.
    Whatif(WhatifArgs),
    /// Which lift test to run next: each channel's expected narrower ROI and its value.
    Design(DesignArgs),
    /// The executive summary of a fitted model in plain words.
    Summary(SummaryArgs),
}

#[derive(Args, Debug)]
struct SummaryArgs {
    /// A MODEL.json written by `mixlens fit`.
    model: PathBuf,
    /// Add the best split of the current budget (its cautious and expected gain).
    #[arg(long)]
    plan: bool,
    /// Current spend = mean over the last N periods (for --plan); 0 or left out: a year (52
    /// weeks, 365 days or 12 months).
    #[arg(
        long,
        default_value_t = 0,
        hide_default_value = true,
        allow_negative_numbers = true
    )]
    window: usize,
    /// Print the summary as JSON (headline, sentences, per-channel facts).
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct DesignArgs {
    /// A MODEL.json written by `mixlens fit` (a Bayesian fit).
    model: PathBuf,
    /// Length of the test in periods [default: four weeks].
    #[arg(long, allow_negative_numbers = true)]
    periods: Option<usize>,
    /// Spend change in the test window as a share of spend: -1 pauses, 0.5 adds 50 %.
    #[arg(long, default_value_t = -1.0, allow_hyphen_values = true)]
    change: f64,
    /// The test's standard error in KPI units [default: from the model's noise].
    #[arg(long, conflicts_with = "relative_se", value_parser = amount, allow_negative_numbers = true)]
    standard_error: Option<f64>,
    /// Instead, the test's standard error as a share of the effect it is expected to measure
    /// (0.15: a test that reads the lift to ±15 %).
    #[arg(long, allow_negative_numbers = true)]
    relative_se: Option<f64>,
    /// Simulated outcomes per channel.
    #[arg(long, default_value_t = 32, allow_negative_numbers = true)]
    outcomes: usize,
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    seed: u64,
    /// Where to write DESIGN.json.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct OptimizeArgs {
    /// A MODEL.json written by `mixlens fit`.
    model: PathBuf,
    /// Total spend per period to allocate (default: the current total).
    #[arg(long, value_parser = amount, allow_negative_numbers = true)]
    budget: Option<f64>,
    /// Absolute bounds, spend per period: CHANNEL=LOW:HIGH,...
    #[arg(long)]
    bounds: Option<String>,
    /// Bounds for the other channels as multiples of their current spend.
    #[arg(long, default_value = "0.5:2")]
    relative_bounds: String,
    /// Channels held at their current spend.
    #[arg(long)]
    lock: Option<String>,
    /// Keep channels without bounds of their own within the spends per period they ran at in
    /// 90% of the data's periods (beyond them their curves are the model's guess).
    #[arg(long)]
    within_history: bool,
    /// Find the largest budget whose total ROAS stays at or above this (revenue KPIs).
    #[arg(long, conflicts_with_all = ["target_cpa", "budget"], value_parser = amount, allow_negative_numbers = true)]
    target_roas: Option<f64>,
    /// Find the largest budget whose CPA stays at or below this (conversion KPIs).
    #[arg(long, conflicts_with = "budget", value_parser = amount, allow_negative_numbers = true)]
    target_cpa: Option<f64>,
    /// Current spend = mean over the last N periods; 0 or left out: a year (52 weeks, 365 days
    /// or 12 months).
    #[arg(
        long,
        default_value_t = 0,
        hide_default_value = true,
        allow_negative_numbers = true
    )]
    window: usize,
    /// Where to write PLAN.json.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct WhatifArgs {
    /// A MODEL.json written by `mixlens fit`.
    model: PathBuf,
    /// Spend per period: CHANNEL=X,... (channels not named keep their current spend).
    #[arg(long)]
    spend: String,
    /// Current spend = mean over the last N periods; 0 or left out: a year (52 weeks, 365 days
    /// or 12 months).
    #[arg(
        long,
        default_value_t = 0,
        hide_default_value = true,
        allow_negative_numbers = true
    )]
    window: usize,
    /// Where to write the scenario (JSON).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct SimulateArgs {
    /// Where to write the data (CSV).
    #[arg(long)]
    out: PathBuf,
    /// Where to write the truth (JSON): each channel's true ROI, contribution and response curve.
    #[arg(long)]
    truth: Option<PathBuf>,
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    seed: u64,
    /// Number of periods: 30 to 5000, and at least what fit's default model of the data needs
    /// (33 weeks, 37 months or 39 days for 5 channels with the simulated organic and two controls; more for more channels).
    #[arg(long, default_value_t = 156, allow_negative_numbers = true)]
    periods: usize,
    /// Number of paid channels (1 to 40; past 8, variants of the first 8).
    #[arg(long, default_value_t = 5, allow_negative_numbers = true)]
    channels: usize,
    /// Noise standard deviation as a share of mean revenue.
    #[arg(long, default_value_t = 0.02, allow_negative_numbers = true)]
    noise: f64,
    /// daily, weekly or monthly.
    #[arg(long, default_value = "weekly")]
    frequency: String,
}

#[derive(Args, Debug)]
struct FitArgs {
    /// The data (CSV with a header row).
    data: PathBuf,
    /// Decimal mark of number columns whose cells could be read two ways (like 1,234 or
    /// 1.234 and nothing else): point (1,234.5) or comma (1.234,5). Columns whose cells
    /// settle it are read as they say.
    #[arg(long)]
    decimal_mark: Option<String>,
    /// Where to write MODEL.json.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Date column (inferred when omitted).
    #[arg(long)]
    date: Option<String>,
    /// KPI column (inferred when omitted).
    #[arg(long)]
    kpi: Option<String>,
    /// revenue or conversions (inferred from the KPI's name when omitted); profit is revenue.
    #[arg(long)]
    kpi_type: Option<String>,
    /// Paid media spend columns, comma separated (inferred when omitted).
    #[arg(long)]
    media: Option<String>,
    /// Exposure columns modeled instead of spend: SPEND_COLUMN=EXPOSURE_COLUMN,...
    #[arg(long)]
    exposure: Option<String>,
    /// Organic (unpaid) activity columns; "" for none.
    #[arg(long)]
    organic: Option<String>,
    /// Control columns; "" for none.
    #[arg(long)]
    controls: Option<String>,
    /// Columns never to use.
    #[arg(long)]
    ignore: Option<String>,
    /// Adstock of every channel: geometric, weibull_cdf or weibull_pdf.
    #[arg(long, default_value = "geometric")]
    adstock: String,
    /// Per-channel adstock: CHANNEL=KIND,...
    #[arg(long)]
    channel_adstock: Option<String>,
    /// Saturation of every channel: hill or logistic.
    #[arg(long, default_value = "hill")]
    saturation: String,
    /// Search ranges: CHANNEL.PARAMETER=LOW:HIGH,... (for example tv.theta=0.3:0.8).
    #[arg(long)]
    range: Option<String>,
    /// Control signs: CONTROL=positive|negative,...
    #[arg(long)]
    control_sign: Option<String>,
    /// Number of yearly Fourier pairs (default by frequency).
    #[arg(long, allow_negative_numbers = true)]
    seasonality: Option<usize>,
    /// Leave out the linear trend.
    #[arg(long)]
    no_trend: bool,
    /// Standard deviation of a prior on ln(Hill alpha) around alpha = 1 (for example 0.5) for every channel, either estimator; 0 for none on any. Default: none, except under the Bayesian estimator for channels that never pause (0.5) and, against slopes below 1, for channels with a lift test.
    #[arg(long, allow_negative_numbers = true)]
    hill_prior: Option<f64>,
    /// Bayesian estimator: prior share of delayed lags (effects peaking 1-5 periods after the spend) beside each geometric Hill channel's decays, from 0 (geometric decays only) to below 1 [default: 0.1].
    #[arg(long, allow_negative_numbers = true)]
    delayed_lags: Option<f64>,
    /// Share of the last periods held out; its error becomes the fit objective.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    holdout: f64,
    /// Estimator: auto (the default: bayes, or ridge for data too big for the Bayesian
    /// estimator's full grid of curve shapes), bayes (posterior draws with 90 % intervals) or
    /// ridge (Robyn-style search).
    #[arg(long, default_value = "auto")]
    estimator: String,
    /// Bayesian estimator: independent chains (run in parallel).
    #[arg(long, default_value_t = 4, allow_negative_numbers = true)]
    chains: usize,
    /// Bayesian estimator: kept draws per chain.
    #[arg(long, default_value_t = 1000, allow_negative_numbers = true)]
    draws: usize,
    /// Bayesian estimator: tuning (burn-in) sweeps per chain.
    #[arg(long, default_value_t = 1000, allow_negative_numbers = true)]
    tune: usize,
    /// Bayesian estimator: ROI priors CHANNEL=CENTRE:SPREAD,... (for example tv=1.5:0.5).
    #[arg(long)]
    roi_prior: Option<String>,
    /// Lift tests to calibrate with: a CSV with channel,start,end,lift,standard_error (or
    /// Robyn's calibration columns). The model is also fitted without them, for comparison.
    #[arg(long, value_name = "LIFT.csv")]
    lift: Option<PathBuf>,
    /// The lift file's decimal mark when it differs from the data file's: point or comma
    /// [default: --decimal-mark].
    #[arg(long, requires = "lift")]
    lift_decimal_mark: Option<String>,
    /// Candidate models per trial (ridge search) [default: 4000, fewer for big data; giving it searches exactly that many].
    #[arg(long, allow_negative_numbers = true)]
    iterations: Option<usize>,
    /// Independent trials (ridge search).
    #[arg(long, default_value_t = 5, allow_negative_numbers = true)]
    trials: usize,
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    seed: u64,
    /// No progress line (and no time estimate).
    #[arg(long)]
    quiet: bool,
    /// Only print the estimated time of the fit (and how the search is scaled), then stop.
    #[arg(long)]
    estimate: bool,
}

/// Print to standard output, ignoring a closed pipe (`mixlens … | head`): the reader stopped
/// reading, and the command goes on (a file it writes is still written).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// [`out!`] with a line end.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Run the command line; returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Simulate(a) => run_simulate(a),
        Command::Fit(a) => run_fit(*a),
        Command::Optimize(a) => run_optimize(a),
        Command::Whatif(a) => run_whatif(a),
        Command::Design(a) => run_design(a),
        Command::Summary(a) => run_summary(a),
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {message}");
            1
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
        .map(|b| decode(&b))
}

/// A file's text: UTF-8, or (when its bytes are not UTF-8 and hold no zero byte, which UTF-16
/// and binary files do) Windows-1252, which Excel on Windows writes for "CSV". Written here: 32
/// code points differ from Latin-1, too few for an encoding crate; the page uses the browser's
/// own decoder for the same.
fn decode(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) if bytes.contains(&0) => String::from_utf8_lossy(bytes).into_owned(),
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9f => HIGH[usize::from(b - 0x80)],
                _ => char::from(b),
            })
            .collect(),
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn list(s: &Option<String>) -> Option<Vec<String>> {
    s.as_ref().map(|v| {
        v.split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect()
    })
}

fn pairs(s: &Option<String>, what: &str) -> Result<Vec<(String, String)>, String> {
    let Some(s) = s else { return Ok(Vec::new()) };
    let pairs: Vec<(String, String)> = s
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|p| {
            p.split_once('=')
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                .ok_or_else(|| {
                    if p.bytes().all(|b| b.is_ascii_digit()) {
                        // `tv=50,000`: the comma separates pairs.
                        format!(
                            "--{what}: '{p}' follows a comma, which separates NAME=VALUE pairs: write numbers without thousands separators (50000, not 50,000)"
                        )
                    } else {
                        format!("--{what}: '{p}' should look like NAME=VALUE")
                    }
                })
        })
        .collect::<Result<_, String>>()?;
    // `tv=5000,tv=6000`: one of them is a slip; which, only the user knows.
    for (k, (name, _)) in pairs.iter().enumerate() {
        if pairs[..k].iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return Err(format!("--{what}: '{name}' is given twice"));
        }
    }
    Ok(pairs)
}

fn run_simulate(a: SimulateArgs) -> Result<(), String> {
    let frequency = match a.frequency.to_ascii_lowercase().as_str() {
        "daily" => Frequency::Daily,
        "weekly" => Frequency::Weekly,
        "monthly" => Frequency::Monthly,
        other => {
            return Err(format!(
                "--frequency: '{other}' is not daily, weekly or monthly"
            ));
        }
    };
    let settings = SimulationSettings {
        seed: a.seed,
        periods: a.periods,
        channels: a.channels,
        noise: a.noise,
        frequency,
        ..Default::default()
    };
    let sim = simulate(&settings).map_err(|e| with_flag(&e))?;
    write(&a.out, &sim.dataset.to_csv())?;
    if let Some(t) = &a.truth {
        let json = serde_json::to_string_pretty(&sim.truth).map_err(|e| e.to_string())?;
        write(t, &json)?;
    }
    outln!(
        "Wrote {} periods of {} data with {} channels to {}",
        sim.dataset.len(),
        frequency.word(),
        sim.truth.channels.len(),
        a.out.display()
    );
    outln!(
        "{:<10} {:>12} {:>14} {:>6}",
        "channel",
        "spend",
        "contribution",
        "ROI"
    );
    for c in &sim.truth.channels {
        outln!(
            "{:<10} {:>12} {:>14} {:>6.2}",
            c.name,
            table::money(c.spend),
            table::money(c.contribution),
            c.roi
        );
    }
    Ok(())
}

fn fit_request(a: &FitArgs) -> Result<FitRequest, String> {
    let kpi_type = match a
        .kpi_type
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None => None,
        Some("revenue") => Some(KpiType::Revenue),
        Some("conversions") => Some(KpiType::Conversions),
        Some(other) => {
            return Err(format!(
                "--kpi-type: '{other}' is not revenue or conversions. For profit (revenue less costs) use --kpi-type revenue."
            ));
        }
    };
    let roles = RoleRequest {
        date: a.date.clone(),
        kpi: a.kpi.clone(),
        kpi_type,
        media: list(&a.media),
        exposure: pairs(&a.exposure, "exposure")?
            .into_iter()
            .map(|(spend, exposure)| ExposureRole { spend, exposure })
            .collect(),
        organic: list(&a.organic),
        controls: list(&a.controls),
        ignore: list(&a.ignore).unwrap_or_default(),
    };
    // Each value refused in the words of the flag that gave it (the core names its settings
    // otherwise: `sign` for --control-sign).
    let by = |flag: &'static str, key: Option<String>| {
        move |x: Error| match x {
            Error::InvalidSetting { value, reason, .. } => {
                not_allowed(&as_flag(flag, key.as_deref(), &value), &reason)
            }
            other => with_flag(&other),
        }
    };
    let mut model = ModelOptions {
        adstock: AdstockKind::parse(&a.adstock).map_err(by("adstock", None))?,
        saturation: SaturationKind::parse(&a.saturation).map_err(by("saturation", None))?,
        baseline: BaselineSpec {
            trend: !a.no_trend,
            seasonality_order: a.seasonality,
            weekday: None,
        },
        ..ModelOptions::default()
    };
    for (ch, kind) in pairs(&a.channel_adstock, "channel-adstock")? {
        model.channel_adstock.insert(
            ch.clone(),
            AdstockKind::parse(&kind).map_err(by("channel-adstock", Some(ch)))?,
        );
    }
    for (key, range) in pairs(&a.range, "range")? {
        let (channel, parameter) = key
            .split_once('.')
            .ok_or_else(|| format!("--range: '{key}' should look like CHANNEL.PARAMETER"))?;
        let (lo, hi) = range
            .split_once(':')
            .ok_or_else(|| format!("--range: '{range}' should look like LOW:HIGH"))?;
        let num = |v: &str| {
            v.trim()
                .parse::<f64>()
                .map_err(|_| format!("--range: '{v}' is not a number"))
        };
        model.ranges.push(RangeOverride {
            channel: channel.to_string(),
            parameter: parameter.to_string(),
            low: num(lo)?,
            high: num(hi)?,
        });
    }
    for (control, sign) in pairs(&a.control_sign, "control-sign")? {
        model.control_signs.insert(
            control.clone(),
            Sign::parse(&sign).map_err(by("control-sign", Some(control)))?,
        );
    }
    if let Some(sd) = a.hill_prior {
        model.hill_slope_prior = Some(sd);
    }
    model.delayed_lags = a.delayed_lags;
    let search = SearchSettings {
        iterations: a.iterations.unwrap_or(SearchSettings::default().iterations),
        scale_to_data: a.iterations.is_none(),
        trials: a.trials,
        seed: a.seed,
        holdout: a.holdout,
        ..SearchSettings::default()
    };
    let mark = |flag: &str, v: &str| match v.to_ascii_lowercase().as_str() {
        "point" | "." => Ok(DecimalMark::Point),
        "comma" | "," => Ok(DecimalMark::Comma),
        other => Err(format!(
            "--{flag}: '{other}' is not point (1,234.5) or comma (1.234,5)"
        )),
    };
    let mut read = ReadOptions::default();
    if let Some(m) = a.decimal_mark.as_deref() {
        read = read.decimal_mark(mark("decimal-mark", m)?);
    }
    let mut lift_read = read;
    if let Some(m) = a.lift_decimal_mark.as_deref() {
        lift_read = ReadOptions::default().decimal_mark(mark("lift-decimal-mark", m)?);
    }
    let estimator = match a.estimator.to_ascii_lowercase().as_str() {
        "auto" => EstimatorChoice::Auto,
        "bayes" | "bayesian" => EstimatorChoice::Bayes,
        "ridge" | "ridge_search" => EstimatorChoice::RidgeSearch,
        other => {
            return Err(format!(
                "--estimator: '{other}' is not auto, bayes or ridge"
            ));
        }
    };
    let roi_priors = list(&a.roi_prior)
        .unwrap_or_default()
        .iter()
        .map(|p| RoiPrior::parse(p).map_err(|e| with_flag(&e)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            // `tv=1,5:0,5`: a decimal comma, split as channels.
            let comma = a.roi_prior.as_deref().is_some_and(|r| {
                r.as_bytes()
                    .windows(3)
                    .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit())
            });
            if comma {
                format!("{e} Write decimals with a point (tv=1.5:0.5): commas separate channels.")
            } else {
                e
            }
        })?;
    let bayes = BayesSettings {
        chains: a.chains,
        draws: a.draws,
        tune: a.tune,
        seed: a.seed,
        roi_priors,
        ..BayesSettings::default()
    };
    let experiments = match &a.lift {
        Some(path) => mixlens::data::parse_lift_csv_with(&self::read(path)?, &lift_read)
            .map_err(|e| {
                let flag = match e {
                    mixlens::error::Error::AmbiguousNumberFormat { .. } => {
                        " On the command line: --lift-decimal-mark point (1,234.5) or --lift-decimal-mark comma (1.234,5)."
                    }
                    _ => "",
                };
                format!("{}: {e}{flag}", path.display())
            })?,
        None => Vec::new(),
    };
    Ok(FitRequest {
        read,
        roles,
        model,
        estimator,
        search,
        bayes,
        experiments,
    })
}

fn run_fit(a: FitArgs) -> Result<(), String> {
    let started = Instant::now();
    let request = fit_request(&a)?;
    let csv = read(&a.data)?;
    let prepared = prepare(&csv, &request).map_err(|e| match &a.lift {
        // Errors about the tests name their file, as its reading errors do.
        Some(path) if e.kind().starts_with("lift_") => format!("{}: {e}", path.display()),
        _ => with_flag(&e),
    })?;
    let ridge = prepared.estimator != EstimatorKind::Bayes;
    let threads = if ridge {
        search_threads(prepared.request.search.trials)
    } else {
        search_threads(prepared.request.bayes.chains)
    };
    let estimate = prepared.estimated_seconds(threads);
    if a.estimate || (!a.quiet && estimate >= ESTIMATE_SHOWN_FROM) {
        eprintln!("{}", estimate_line(&prepared, estimate, threads));
        for w in &prepared.loaded.warnings {
            if matches!(
                w.kind,
                WarningKind::EstimatorChosen | WarningKind::CoarseGrid | WarningKind::SearchScaled
            ) {
                eprintln!("note: {}", w.message);
            }
        }
    }
    if a.estimate {
        return Ok(());
    }
    let show = !a.quiet && std::io::stderr().is_terminal();
    let fit_one = |p: &Prepared| {
        if ridge {
            fit_on_threads(p, threads, show, started)
        } else {
            run_chains(p, show, started)
        }
    };
    let mut report = fit_one(&prepared)?;
    if !prepared.design.experiments.is_empty() {
        // The same fit without the tests: what the sales data alone say of each test.
        if show {
            eprint!(
                "\r{}\rFitting again without the lift tests, for comparison...\n",
                " ".repeat(78)
            );
        }
        let before = fit_one(&prepared.uncalibrated())?;
        report
            .attach_uncalibrated(&before)
            .map_err(|e| with_flag(&e))?;
    }
    if show {
        eprint!("\r{}\r", " ".repeat(78));
    }
    let total = report.search.candidates;
    let elapsed = started.elapsed().as_secs_f64();
    out!("{}", table::summary(&report, total, elapsed));
    if let Some(out) = &a.out {
        write(out, &report.to_json())?;
        outln!("Wrote {}", out.display());
    }
    Ok(())
}

/// Fits estimated to take at least this many seconds say so before they start.
const ESTIMATE_SHOWN_FROM: f64 = 5.0;

/// Threads a search uses: one per core, at most one per trial.
fn search_threads(trials: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, trials.max(1))
}

/// "Estimated time: about 25 s (5 trials × 1,100 candidate models on 2 threads)."
fn estimate_line(prepared: &Prepared, seconds: f64, threads: usize) -> String {
    let s = &prepared.request.search;
    let time = if seconds < 90.0 {
        format!("{:.0} s", seconds.max(1.0))
    } else {
        format!("{:.0} min", (seconds / 60.0).ceil())
    };
    if prepared.estimator == EstimatorKind::Bayes {
        let b = &prepared.request.bayes;
        return format!(
            "Estimated time: about {time} ({} chains × {} sweeps on {threads} thread{}).",
            b.chains,
            table::money((b.tune + b.draws) as f64),
            if threads == 1 { "" } else { "s" }
        );
    }
    format!(
        "Estimated time: about {time} ({} trials × {} candidate models on {threads} thread{}).",
        s.trials,
        if s.iterations < 100 {
            s.iterations.to_string()
        } else {
            table::money(s.iterations as f64)
        },
        if threads == 1 { "" } else { "s" }
    )
}

/// Search the trials on `threads` threads (contiguous shares, as the page's workers do) and
/// merge them: the same model as one search over all trials.
fn fit_on_threads(
    prepared: &Prepared,
    threads: usize,
    show: bool,
    started: Instant,
) -> Result<ModelReport, String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let trials = prepared.request.search.trials;
    let total = prepared.request.search.total();
    let done = AtomicUsize::new(0);
    let best = std::sync::Mutex::new(None::<f64>);
    let mut shares = Vec::with_capacity(threads);
    let mut start = 0;
    for w in 0..threads {
        let end = start + trials / threads + usize::from(w < trials % threads);
        shares.push(start..end);
        start = end;
    }
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                let (done, best) = (&done, &best);
                scope.spawn(move || -> Result<_, String> {
                    let mut search = prepared.search_trials(share).map_err(|e| with_flag(&e))?;
                    let mut before = 0;
                    while !search.is_done() {
                        let p = search.step(500);
                        done.fetch_add(p.done - before, Ordering::Relaxed);
                        before = p.done;
                        if let (Some(b), Ok(mut shared)) = (p.best_nrmse, best.lock()) {
                            *shared = Some(shared.map_or(b, |s: f64| s.min(b)));
                        }
                    }
                    Ok(search.trial_results())
                })
            })
            .collect();
        while show && !handles.iter().all(|h| h.is_finished()) {
            std::thread::sleep(std::time::Duration::from_millis(250));
            let d = done.load(Ordering::Relaxed);
            let secs = started.elapsed().as_secs_f64();
            let left = if d > 0 {
                secs * (total - d.min(total)) as f64 / d as f64
            } else {
                0.0
            };
            let b = best.lock().ok().and_then(|b| *b);
            eprint!("\r{}", table::progress_line(d, total, b, left));
            let _ = std::io::stderr().flush();
        }
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a search thread failed".to_string()))
            })
            .collect::<Result<Vec<_>, String>>()
    })?;
    let outcome = prepared
        .merge(results.into_iter().flatten().collect())
        .map_err(|e| with_flag(&e))?;
    prepared.report(&outcome).map_err(|e| with_flag(&e))
}

/// Run the Bayesian estimator's chains, one thread each (the core itself starts no threads),
/// showing the slowest chain's progress.
fn run_chains(prepared: &Prepared, show: bool, started: Instant) -> Result<ModelReport, String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let sampler = prepared.sampler().map_err(|e| with_flag(&e))?;
    let chains = sampler.settings.chains;
    let per_chain = sampler.sweeps_per_chain();
    let done: Vec<AtomicUsize> = (0..chains).map(|_| AtomicUsize::new(0)).collect();
    let outputs = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..chains)
            .map(|c| {
                let (sampler, done) = (&sampler, &done);
                scope.spawn(move || {
                    let mut chain = sampler.chain(c);
                    while !chain.is_done() {
                        chain.step(50);
                        done[c].store(chain.progress().0, Ordering::Relaxed);
                    }
                    chain.finish()
                })
            })
            .collect();
        while show && handles.iter().any(|h| !h.is_finished()) {
            std::thread::sleep(std::time::Duration::from_millis(200));
            let d: usize = done.iter().map(|d| d.load(Ordering::Relaxed)).sum();
            let secs = started.elapsed().as_secs_f64();
            let total = chains * per_chain;
            let left = if d > 0 {
                secs * (total - d) as f64 / d as f64
            } else {
                0.0
            };
            eprint!("\r{}", table::chain_progress_line(d, total, chains, left));
            let _ = std::io::stderr().flush();
        }
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| "a chain stopped unexpectedly".to_string())
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    prepared
        .report_chains(&sampler, outputs)
        .map_err(|e| with_flag(&e))
}

/// Read a MODEL.json for the planning commands.
fn read_model(path: &Path) -> Result<ModelReport, String> {
    ModelReport::from_json(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

fn number(v: &str, what: &str) -> Result<f64, String> {
    amount(v).map_err(|e| format!("--{what}: {e}"))
}

/// A number given on the command line (also a clap value parser). `50.000` is fifty thousand to
/// a German reader and fifty to Rust's parser: refused, as the CSV reader refuses such cells
/// without a decimal mark.
fn amount(v: &str) -> Result<f64, String> {
    use mixlens::data::numbers::{Cell, read_number};
    let v = v.trim();
    if let (Cell::Number(a), Cell::Number(b)) = (
        read_number(v, DecimalMark::Point),
        read_number(v, DecimalMark::Comma),
    ) && !mixlens::precision::close(a, b, 1e-12)
    {
        let (small, large) = (a.min(b), a.max(b));
        return Err(format!(
            "'{v}' could mean {small} or {large}: write the number without a thousands separator ({large} or {small})"
        ));
    }
    v.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("'{v}' is not a number"))
}

/// `LOW:HIGH` of `--{what}`, for `channel` when the bounds are its own. Both ends are needed:
/// the planner has no ceiling of its own to fill in for a missing one.
fn range(v: &str, what: &str, channel: Option<&str>) -> Result<Bounds, String> {
    let flag = match channel {
        Some(c) => format!("--{what} {c}"),
        None => format!("--{what}"),
    };
    let (lo, hi) = v
        .split_once(':')
        .ok_or_else(|| format!("{flag}: '{v}' should look like LOW:HIGH"))?;
    let (lo, hi) = (lo.trim(), hi.trim());
    if lo.is_empty() || hi.is_empty() {
        let fix = match (lo.is_empty(), hi.is_empty()) {
            (true, false) => format!(" (0:{hi} for no lower limit)"),
            _ => String::new(),
        };
        let missing = match (lo.is_empty(), hi.is_empty()) {
            (true, true) => "has neither end",
            (true, false) => "has no low end",
            _ => "has no high end",
        };
        return Err(format!(
            "{flag}: '{v}' {missing}; give both, as LOW:HIGH{fix}"
        ));
    }
    let end = |x: &str| amount(x).map_err(|e| format!("{flag}: {e}"));
    Ok(Bounds {
        low: end(lo)?,
        high: end(hi)?,
    })
}

fn run_optimize(a: OptimizeArgs) -> Result<(), String> {
    let started = Instant::now();
    let model = read_model(&a.model)?;
    let mut request = PlanRequest {
        relative_bounds: range(&a.relative_bounds, "relative-bounds", None)?,
        window: a.window,
        within_history: a.within_history,
        ..PlanRequest::default()
    };
    for (ch, r) in pairs(&a.bounds, "bounds")? {
        let bounds = range(&r, "bounds", Some(&ch))?;
        request.bounds.insert(ch, bounds.into());
    }
    request.locked = list(&a.lock).unwrap_or_default();
    request.goal = match (a.budget, a.target_roas, a.target_cpa) {
        (Some(budget), _, _) => Some(Goal::MaxResponse { budget }),
        (None, Some(target), _) => Some(Goal::TargetRoas { target }),
        (None, None, Some(target)) => Some(Goal::TargetCpa { target }),
        _ => None,
    };
    let planners = model.planners(a.window).map_err(|e| with_flag(&e))?;
    // Bounds that look like multiples (Robyn's channel constraints) are spend per period: the
    // plan's notes say so, or its error when the budget cannot be met with them.
    const MULTIPLES: &str =
        " (--relative-bounds LOW:HIGH gives multiples to every channel without bounds of its own.)";
    let plan = model.plan(&planners, &request).map_err(|e| match &e {
        mixlens::Error::InvalidSetting { name, .. } if name == "bounds" => {
            format!("{}{MULTIPLES}", with_flag(&e))
        }
        _ => with_flag(&e),
    })?;
    for note in &plan.notes {
        eprintln!("note: {note}{MULTIPLES}");
    }
    for caution in &plan.cautions {
        eprintln!("caution: {caution}");
    }
    out!(
        "{}",
        table::plan(&plan, planners.draws.len(), started.elapsed().as_secs_f64())
    );
    if let Some(out) = &a.out {
        write(out, &plan.to_json())?;
        outln!("Wrote {}", out.display());
    }
    Ok(())
}

fn run_whatif(a: WhatifArgs) -> Result<(), String> {
    let model = read_model(&a.model)?;
    let mut spends = std::collections::BTreeMap::new();
    for (ch, v) in pairs(&Some(a.spend.clone()), "spend")? {
        spends.insert(ch, number(&v, "spend")?);
    }
    let planners = model.planners(a.window).map_err(|e| with_flag(&e))?;
    let scenario = planners.what_if(&spends).map_err(|e| with_flag(&e))?;
    out!("{}", table::scenario(&scenario, planners.draws.len()));
    if let Some(out) = &a.out {
        write(
            out,
            &serde_json::to_string_pretty(&scenario).map_err(|e| e.to_string())?,
        )?;
        outln!("Wrote {}", out.display());
    }
    Ok(())
}

fn run_design(a: DesignArgs) -> Result<(), String> {
    let model = read_model(&a.model)?;
    let request = mixlens::design::DesignRequest {
        periods: a.periods,
        change: a.change,
        standard_error: a.standard_error,
        relative_standard_error: a.relative_se,
        outcomes: a.outcomes,
        seed: a.seed,
        ..mixlens::design::DesignRequest::default()
    };
    let report = mixlens::design::design(&model, &request).map_err(|e| with_flag(&e))?;
    out!("{}", table::design(&report));
    if let Some(out) = &a.out {
        write(out, &report.to_json())?;
        outln!("Wrote {}", out.display());
    }
    Ok(())
}

fn run_summary(a: SummaryArgs) -> Result<(), String> {
    let model = read_model(&a.model)?;
    // Marginal returns at today's spend, and the plan, over the same window.
    let planners = model.planners(a.window).map_err(|e| with_flag(&e))?;
    let plan = if a.plan {
        let request = mixlens::allocate::PlanRequest {
            window: a.window,
            ..Default::default()
        };
        Some(model.plan(&planners, &request).map_err(|e| with_flag(&e))?)
    } else {
        None
    };
    let summary = mixlens::report::summary::summarize(&model, &planners, plan.as_ref());
    if a.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?
        );
    } else {
        out!("{}", summary.to_text());
    }
    Ok(())
}

/// A core error with the command-line way to answer it, where there is one (the core's words
/// name no flag: the page shows the same errors).
fn with_flag(e: &mixlens::error::Error) -> String {
    use mixlens::error::Error as E;
    let flag = match e {
        E::NoDateColumn => " On the command line: --date my_column.",
        E::NoKpiColumn | E::AmbiguousKpi { .. } | E::EmptyKpiColumn { .. } => {
            " On the command line: --kpi my_column."
        }
        E::KpiColumnTaken { role, .. } => match role {
            ColumnRole::Media => {
                " On the command line: take it out of --media, or name the KPI with --kpi my_column."
            }
            ColumnRole::Exposure => {
                " On the command line: take it out of --exposure, or name the KPI with --kpi my_column."
            }
            ColumnRole::Organic => {
                " On the command line: take it out of --organic, or name the KPI with --kpi my_column."
            }
            ColumnRole::Control => {
                " On the command line: take it out of --controls, or name the KPI with --kpi my_column."
            }
            ColumnRole::Ignored => {
                " On the command line: take it out of --ignore, or name the KPI with --kpi my_column."
            }
            ColumnRole::Date => " On the command line: --date my_column.",
            ColumnRole::Kpi => " On the command line: --kpi my_column.",
        },
        E::DateColumnTaken { role, .. } => match role {
            ColumnRole::Media => " On the command line: take it out of --media.",
            ColumnRole::Exposure => " On the command line: take it out of --exposure.",
            ColumnRole::Organic => " On the command line: take it out of --organic.",
            ColumnRole::Control => " On the command line: take it out of --controls.",
            ColumnRole::Ignored => " On the command line: take it out of --ignore.",
            ColumnRole::Date | ColumnRole::Kpi => " On the command line: --date my_column.",
        },
        E::NoMediaColumns => " On the command line: --media tv_spend,search_spend.",
        E::AmbiguousNumberFormat { .. } => {
            " On the command line: --decimal-mark point (1,234.5) or --decimal-mark comma (1.234,5)."
        }
        E::TooFewRows {
            held_out,
            seasonality,
            ..
        } => match (*held_out > 0, *seasonality > 0) {
            (true, true) => {
                " On the command line: --holdout sets the share held out, --seasonality the pairs of seasonality terms (0: none)."
            }
            (true, false) => " On the command line: --holdout sets the share held out (0: none).",
            (false, true) => {
                " On the command line: --seasonality sets the pairs of seasonality terms (0: none)."
            }
            (false, false) => "",
        },
        E::InvalidSetting {
            name,
            value,
            reason,
        } => {
            if let Some(said) = setting_as_flag(name, value) {
                return not_allowed(&said, reason);
            }
            ""
        }
        _ => "",
    };
    format!("{e}{flag}")
}

/// Each setting's name in the core's errors (the npm API's and MODEL.json's) and the flag that
/// sets it: one table for every command (an outside check read `relative_standard_error` where
/// it had typed --relative-se, and `hill_slope_prior` where it had typed --hill-prior).
const SETTING_FLAGS: &[(&str, &str)] = &[
    ("hill_slope_prior", "hill-prior"),
    ("delayed_lags", "delayed-lags"),
    ("control sign", "control-sign"),
    ("holdout", "holdout"),
    ("iterations", "iterations"),
    ("trials", "trials"),
    ("estimator", "estimator"),
    ("chains", "chains"),
    ("draws", "draws"),
    ("tune", "tune"),
    ("roi-prior", "roi-prior"),
    ("budget", "budget"),
    ("bounds", "bounds"),
    ("relative bounds", "relative-bounds"),
    ("locked channels", "lock"),
    ("target ROAS", "target-roas"),
    ("target CPA", "target-cpa"),
    ("window", "window"),
    ("spend of", "spend"),
    ("spend", "spend"),
    ("ROI prior", "roi-prior"),
    ("channel adstock", "channel-adstock"),
    ("periods", "periods"),
    ("change", "change"),
    ("standard_error", "standard-error"),
    ("relative_standard_error", "relative-se"),
    ("outcomes", "outcomes"),
    ("noise", "noise"),
    ("channels", "channels"),
];

/// A setting as the flag that set it and the value given (`--hill-prior -0.5`; one channel's:
/// `--roi-prior tv: -1`, a curve's range: `--range tv.theta=0.5:2`); `None` for a setting no
/// flag sets. The table first: a channel's name may hold a dot (`Paid.Search`, as R writes
/// names), and `spend of Paid.Search` is --spend's.
fn setting_as_flag(name: &str, value: &str) -> Option<String> {
    let listed = SETTING_FLAGS.iter().find_map(|&(setting, flag)| {
        if name == setting {
            Some(as_flag(flag, None, value))
        } else {
            let channel = name.strip_prefix(setting)?.strip_prefix(' ')?;
            Some(as_flag(flag, Some(channel), value))
        }
    });
    listed.or_else(|| {
        let (channel, parameter) = name.rsplit_once('.')?;
        (!channel.is_empty() && !parameter.is_empty() && !parameter.contains(' '))
            .then(|| format!("--range {name}={value}"))
    })
}

/// A refused flag's sentence: `--hill-prior -0.5 is not allowed: <reason>.`
fn not_allowed(flag_and_value: &str, reason: &str) -> String {
    format!("{flag_and_value} is not allowed: {reason}.")
}

/// A flag and its value as typed: `--hill-prior -0.5`, or for one channel's `--roi-prior tv: -1`.
fn as_flag(flag: &str, channel: Option<&str>, value: &str) -> String {
    match channel {
        Some(channel) => format!("--{flag} {channel}: {value}"),
        None => format!("--{flag} {value}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A refused setting reads as the flag that set it, a channel's name with a dot in it (as R
    /// writes names) included; a setting no flag sets keeps the core's words.
    #[test]
    fn settings_read_as_their_flags() {
        assert_eq!(
            setting_as_flag("spend of Paid.Search", "-5").as_deref(),
            Some("--spend Paid.Search: -5")
        );
        assert_eq!(
            setting_as_flag("roi-prior Paid.Search", "-1").as_deref(),
            Some("--roi-prior Paid.Search: -1")
        );
        assert_eq!(
            setting_as_flag("Paid.Search.theta", "0.5:2").as_deref(),
            Some("--range Paid.Search.theta=0.5:2")
        );
        assert_eq!(
            setting_as_flag("relative_standard_error", "50").as_deref(),
            Some("--relative-se 50")
        );
        assert_eq!(setting_as_flag("population", "3"), None);
        assert_eq!(setting_as_flag("chain output", "x"), None);
    }

    /// A bound with one end is refused with the channel and the way to write it (it read
    /// "--bounds: '' is not a number"); both ends read as given.
    #[test]
    fn a_bound_with_one_end_names_the_channel_and_both_ends() {
        assert_eq!(
            range(":40000", "bounds", Some("tv")).unwrap_err(),
            "--bounds tv: ':40000' has no low end; give both, as LOW:HIGH (0:40000 for no lower limit)"
        );
        assert_eq!(
            range("5000:", "bounds", Some("tv")).unwrap_err(),
            "--bounds tv: '5000:' has no high end; give both, as LOW:HIGH"
        );
        assert_eq!(
            range(":", "relative-bounds", None).unwrap_err(),
            "--relative-bounds: ':' has neither end; give both, as LOW:HIGH"
        );
        assert_eq!(
            range("1:x", "bounds", Some("tv")).unwrap_err(),
            "--bounds tv: 'x' is not a number"
        );
        assert_eq!(
            range("100:40000", "bounds", Some("tv")).unwrap(),
            Bounds {
                low: 100.0,
                high: 40_000.0
            }
        );
    }
}
