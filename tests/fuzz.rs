//! Fuzzing at scale (issue 11 §4): every input the core reads, mutated from valid seeds.
//!
//! Stable Rust has no libFuzzer with sanitizers, so each target is a seeded loop: case `k` draws
//! from stream `k` of a ChaCha generator, builds an input by structured mutation of a valid seed
//! (cells, rows, columns, JSON values, truncation, byte flips) or at random (plan and what-if
//! requests), and checks that the core answers with a value or a typed [`Error`], never a panic.
//! A panicking input is written to `target/fuzz-failures/` and the test fails naming it.
//!
//! | variable             | default | meaning                                              |
//! |----------------------|---------|------------------------------------------------------|
//! | `MIXLENS_FUZZ_CASES` | per target (a few seconds in all) | cases per target           |
//! | `MIXLENS_FUZZ_START` | 0       | first case (to split a long run across processes)    |
//! | `MIXLENS_FUZZ_SEED`  | 0       | base seed                                            |
//!
//! Replay one case: `MIXLENS_FUZZ_START=k MIXLENS_FUZZ_CASES=1 cargo test --release --test fuzz
//! <target> -- --nocapture`.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use mixlens::Error;
use mixlens::allocate::{Bounds, Goal, PlanRequest};
use mixlens::data::{KpiType, RoleRequest, inspect, load_csv};
use mixlens::fit::{FitRequest, fit, prepare, prepare_loaded};
use mixlens::report::ModelReport;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

// ---- the driver ----------------------------------------------------------------------------

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// A case that runs for more than a minute is a hang: name it and stop the process (a hang
/// cannot be unwound). Returns the slot the driver writes the current case into.
fn watchdog(target: &str, seed: u64) -> std::sync::Arc<std::sync::atomic::AtomicU64> {
    use std::sync::atomic::{AtomicU64, Ordering};
    let slot = std::sync::Arc::new(AtomicU64::new(u64::MAX));
    let watched = slot.clone();
    let target = target.to_string();
    std::thread::spawn(move || {
        let (mut last, mut since) = (u64::MAX, Instant::now());
        loop {
            std::thread::sleep(Duration::from_secs(1));
            let k = watched.load(Ordering::Relaxed);
            if std::sync::Arc::strong_count(&watched) == 1 {
                return;
            }
            if k != last {
                (last, since) = (k, Instant::now());
            } else if k != u64::MAX && since.elapsed() > Duration::from_secs(60) {
                eprintln!(
                    "{target}: case {k} (seed {seed}) has run for a minute: a hang. Replay it with \
                     MIXLENS_FUZZ_SEED={seed} MIXLENS_FUZZ_START={k} MIXLENS_FUZZ_CASES=1"
                );
                std::process::abort();
            }
        }
    });
    slot
}

/// Run `cases` cases of a target (the environment overrides the count); save the input of every
/// panicking case (up to 20, then stop) and fail listing them.
fn drive<I: Debug>(
    target: &str,
    default_cases: u64,
    generate: impl Fn(&mut ChaCha8Rng) -> I,
    check: impl Fn(&I),
) {
    let cases = env_u64("MIXLENS_FUZZ_CASES").unwrap_or(default_cases);
    let start = env_u64("MIXLENS_FUZZ_START").unwrap_or(0);
    let seed = env_u64("MIXLENS_FUZZ_SEED").unwrap_or(0);
    let began = Instant::now();
    let mut slowest = (Duration::ZERO, 0);
    let report_every = (cases / 10).max(1);
    let mut failures: Vec<String> = Vec::new();
    let mut run = 0u64;
    let watch = watchdog(target, seed);
    for k in start..start + cases {
        watch.store(k, std::sync::atomic::Ordering::Relaxed);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(k);
        let input = generate(&mut rng);
        run += 1;
        let t = Instant::now();
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(&input))) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join(format!("{target}-seed{seed}-case{k}.txt"));
            let _ = std::fs::write(&path, format!("{msg}\n\n{input:#?}"));
            failures.push(format!("case {k}: {msg} ({})", path.display()));
            if failures.len() >= 20 {
                break;
            }
        }
        let dt = t.elapsed();
        if dt > slowest.0 {
            slowest = (dt, k);
        }
        if cases >= 10_000 && (k - start + 1) % report_every == 0 {
            eprintln!(
                "{target}: {} / {cases} cases, {:.0} s",
                k - start + 1,
                began.elapsed().as_secs_f64()
            );
        }
    }
    watch.store(u64::MAX, std::sync::atomic::Ordering::Relaxed);
    let secs = began.elapsed().as_secs_f64();
    eprintln!(
        "{target}: {run} cases from {start} (seed {seed}) in {secs:.1} s ({:.0} cases/s); slowest case {} took {:.1} ms",
        run as f64 / secs.max(1e-9),
        slowest.1,
        slowest.0.as_secs_f64() * 1e3
    );
    assert!(
        failures.is_empty(),
        "{target}: {} panicking case(s) (seed {seed}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Errors must say something.
fn typed<T>(r: &mixlens::Result<T>) {
    if let Err(e) = r {
        assert!(!e.to_string().is_empty(), "{e:?} has no message");
        assert!(!e.kind().is_empty());
    }
}

// ---- seeds ---------------------------------------------------------------------------------

const SIM_CSV: &str = include_str!("data/sim_seed7_104w.csv");
const ROBYN_CSV: &str = include_str!("data/robyn_dt_simulated_weekly.csv");
const PYMC_CSV: &str = include_str!("data/pymc_mmm_example.csv");
const MODEL_V1: &str = include_str!("data/sim_seed7_104w.model.v1.json");

fn pymc_roles() -> RoleRequest {
    RoleRequest {
        date: Some("date_week".into()),
        kpi: Some("y".into()),
        media: Some(vec!["x1".into(), "x2".into()]),
        controls: Some(vec!["event_1".into(), "event_2".into(), "t".into()]),
        ..Default::default()
    }
}

/// Each seed file with the roles that load it.
fn csv_seeds() -> Vec<(&'static str, RoleRequest)> {
    vec![
        (SIM_CSV, RoleRequest::default()),
        (ROBYN_CSV, RoleRequest::default()),
        (PYMC_CSV, pymc_roles()),
    ]
}

/// A version-2 model fitted once per process (a short search: seconds).
fn model_v2() -> &'static str {
    static MODEL: OnceLock<String> = OnceLock::new();
    MODEL.get_or_init(|| {
        let request: FitRequest = serde_json::from_str(
            r#"{"estimator":"ridge_search","search":{"iterations":60,"trials":1}}"#,
        )
        .unwrap();
        fit(SIM_CSV, &request, 1000, |_| true).unwrap().to_json()
    })
}

/// A second version-2 model with Weibull adstocks and logistic curves (their weights depend on
/// the series length), fitted by the Bayesian estimator (short chains, few saved draws: its
/// diagnostics, priors, intervals and bands are fuzzed too).
fn model_v2_weibull() -> &'static str {
    static MODEL: OnceLock<String> = OnceLock::new();
    MODEL.get_or_init(|| {
        let request: FitRequest = serde_json::from_str(
            r#"{"model":{"adstock":"weibull_pdf","saturation":"logistic",
                "channel_adstock":{"tv":"weibull_cdf"}},
                "bayes":{"chains":2,"draws":20,"tune":10,"saved_draws":10}}"#,
        )
        .unwrap();
        fit(SIM_CSV, &request, 1000, |_| true).unwrap().to_json()
    })
}

/// A version-2 model calibrated with two lift tests, fitted by the Bayesian estimator (short
/// chains): its `calibration` rows (measured lift, the implied lift before and after, their
/// intervals) and `settings.experiments` are fuzzed with everything else.
fn model_v2_calibrated() -> &'static str {
    static MODEL: OnceLock<String> = OnceLock::new();
    MODEL.get_or_init(|| {
        let request: FitRequest = serde_json::from_str(
            r#"{"bayes":{"chains":2,"draws":20,"tune":10,"saved_draws":10},
                "experiments":[
                  {"channel":"tv","start":"2023-03-06","end":"2023-04-02","lift":120000,"standard_error":20000},
                  {"channel":"search_spend","start":"2023-06-05","end":"2023-06-25","lift":45000,"standard_error":9000,"scope":"immediate"}]}"#,
        )
        .unwrap();
        fit(SIM_CSV, &request, 1000, |_| true).unwrap().to_json()
    })
}

/// The valid models planning is fuzzed on: the fresh one, the upgraded version 1, and the
/// fresh one showing each of its Pareto models.
fn valid_models() -> &'static [ModelReport] {
    static MODELS: OnceLock<Vec<ModelReport>> = OnceLock::new();
    MODELS.get_or_init(|| {
        let v2 = ModelReport::from_json(model_v2()).unwrap();
        let v1 = ModelReport::from_json(MODEL_V1).unwrap();
        let weibull = ModelReport::from_json(model_v2_weibull()).unwrap();
        let mut out = vec![v2.clone(), v1, weibull];
        out.extend((0..v2.pareto.len().min(3)).map(|i| v2.with_model(i).unwrap()));
        out
    })
}

// ---- hostile values ------------------------------------------------------------------------

const HOSTILE: &[&str] = &[
    "",
    " ",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e308",
    "-1e308",
    "1e309",
    "-0",
    "0",
    "0.0",
    "1,234",
    "\"1,234\"",
    "1.234,5",
    "$100",
    "100%",
    "١٢٣",
    "日本",
    "é",
    "\u{feff}1",
    "\u{200b}",
    "na",
    "NA",
    "N/A",
    "null",
    "-",
    "1e-320",
    "0x10",
    "+5",
    "  7 ",
    "9999999999999999999999",
    "2022-13-45",
    "2022-01-03",
    "03/01/2022",
    "2022-02-30",
    "99999-01-01",
    "\"",
    "\"\"",
    "\n",
    "\r",
    ",",
    ";",
    "\t",
    "-5",
    "true",
    "\u{0}",
    "🙂",
    "1e5",
    ".5",
    "5.",
    "--1",
    "1_000",
];

fn hostile(rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..10) {
        0 => "9".repeat(rng.random_range(1..400)),
        1 => "a".repeat(rng.random_range(1..5000)),
        2 => format!(
            "{}",
            rng.random::<f64>() * 10f64.powi(rng.random_range(-30..30))
        ),
        3 => format!("{}", -rng.random_range(0.0..1e6)),
        _ => HOSTILE.choose(rng).unwrap().to_string(),
    }
}

fn hostile_f64(rng: &mut ChaCha8Rng) -> f64 {
    *[
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        1e-320,
        -0.0,
        0.0,
        -1.0,
        1e308,
        1e15,
        1.0,
        rng.random_range(0.0..1e6),
        rng.random_range(-1e6..1e6),
        rng.random_range(0.0..10.0),
    ]
    .choose(rng)
    .unwrap()
}

/// Text-level damage: truncation, byte flips, inserted characters.
fn damage_text(text: &mut String, rng: &mut ChaCha8Rng) {
    let mut bytes = std::mem::take(text).into_bytes();
    for _ in 0..rng.random_range(1..4) {
        if bytes.is_empty() {
            break;
        }
        let i = rng.random_range(0..bytes.len());
        match rng.random_range(0..5) {
            0 => bytes.truncate(i),
            1 => bytes[i] ^= 1 << rng.random_range(0..8),
            2 => bytes[i] = *b"\",;\n\r0-.e{}[]:".choose(rng).unwrap(),
            3 => {
                bytes.remove(i);
            }
            _ => {
                let s = hostile(rng);
                bytes.splice(i..i, s.into_bytes());
            }
        }
    }
    *text = String::from_utf8_lossy(&bytes).into_owned();
}

// ---- CSV mutation --------------------------------------------------------------------------

fn mutate_csv(text: &str, rng: &mut ChaCha8Rng) -> String {
    let mut rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    for _ in 0..rng.random_range(1..5) {
        let nrow = rows.len();
        if nrow == 0 {
            break;
        }
        let r = rng.random_range(0..nrow);
        let ncol = rows[0].len().max(1);
        let c = rng.random_range(0..ncol);
        match rng.random_range(0..13) {
            0..=2 => {
                let h = hostile(rng);
                if let Some(cell) = rows[r].get_mut(c) {
                    *cell = h;
                }
            }
            3 => {
                let f = [0.0, -1.0, 1e6, 1e-9, 1e300][rng.random_range(0..5)];
                if let Some(cell) = rows[r].get_mut(c)
                    && let Ok(v) = cell.parse::<f64>()
                {
                    *cell = format!("{}", v * f);
                }
            }
            4 => {
                rows.remove(r);
            }
            5 => {
                let row = rows[r].clone();
                rows.insert(rng.random_range(0..=nrow), row);
            }
            6 => {
                let s = rng.random_range(0..nrow);
                rows.swap(r, s);
            }
            7 => rows.iter_mut().for_each(|row| {
                if c < row.len() {
                    row.remove(c);
                }
            }),
            8 => rows.iter_mut().for_each(|row| {
                if c < row.len() {
                    let v = row[c].clone();
                    row.push(v);
                }
            }),
            9 => {
                let h = hostile(rng);
                rows.iter_mut().skip(1).for_each(|row| {
                    if let Some(cell) = row.get_mut(c) {
                        *cell = h.clone();
                    }
                })
            }
            10 => rows.truncate(rng.random_range(0..4.min(nrow) + 1)),
            11 => {
                if let Some(cell) = rows[0].get_mut(c) {
                    *cell = hostile(rng);
                }
            }
            _ => {
                // A row keeps its cells, loses or gains one.
                if rng.random_bool(0.5) {
                    rows[r].pop();
                } else {
                    rows[r].push(hostile(rng));
                }
            }
        }
    }
    let sep = if rng.random_bool(0.05) { ";" } else { "," };
    let eol = if rng.random_bool(0.1) { "\r\n" } else { "\n" };
    let mut out: String = rows
        .iter()
        .map(|r| r.join(sep))
        .collect::<Vec<_>>()
        .join(eol);
    if rng.random_bool(0.5) {
        out.push_str(eol);
    }
    if rng.random_bool(0.03) {
        out.insert(0, '\u{feff}');
    }
    if rng.random_bool(0.15) {
        damage_text(&mut out, rng);
    }
    out
}

fn header_names(text: &str) -> Vec<String> {
    text.lines()
        .next()
        .unwrap_or("")
        .split(',')
        .map(|s| s.trim_matches('"').to_string())
        .collect()
}

fn some_name(names: &[String], rng: &mut ChaCha8Rng) -> String {
    if rng.random_bool(0.8) && !names.is_empty() {
        names.choose(rng).unwrap().clone()
    } else {
        hostile(rng)
    }
}

fn some_names(names: &[String], rng: &mut ChaCha8Rng) -> Vec<String> {
    (0..rng.random_range(0..4))
        .map(|_| some_name(names, rng))
        .collect()
}

fn mutate_roles(base: &RoleRequest, names: &[String], rng: &mut ChaCha8Rng) -> RoleRequest {
    let mut r = base.clone();
    for _ in 0..rng.random_range(1..4) {
        match rng.random_range(0..8) {
            0 => r.date = rng.random_bool(0.8).then(|| some_name(names, rng)),
            1 => r.kpi = rng.random_bool(0.8).then(|| some_name(names, rng)),
            2 => {
                r.kpi_type = [None, Some(KpiType::Revenue), Some(KpiType::Conversions)]
                    [rng.random_range(0..3)]
            }
            3 => r.media = rng.random_bool(0.8).then(|| some_names(names, rng)),
            4 => r.organic = rng.random_bool(0.8).then(|| some_names(names, rng)),
            5 => r.controls = rng.random_bool(0.8).then(|| some_names(names, rng)),
            6 => r.ignore = some_names(names, rng),
            _ => {
                r.exposure = (0..rng.random_range(0..3))
                    .map(|_| mixlens::data::ExposureRole {
                        spend: some_name(names, rng),
                        exposure: some_name(names, rng),
                    })
                    .collect()
            }
        }
    }
    r
}

#[derive(Debug)]
struct CsvCase {
    text: String,
    roles: RoleRequest,
    prepare: bool,
}

fn csv_case(rng: &mut ChaCha8Rng) -> CsvCase {
    let seeds = csv_seeds();
    let (seed, roles) = seeds.choose(rng).unwrap();
    let text = mutate_csv(seed, rng);
    let roles = if rng.random_bool(0.7) {
        roles.clone()
    } else {
        mutate_roles(roles, &header_names(seed), rng)
    };
    CsvCase {
        text,
        roles,
        prepare: rng.random_bool(0.25),
    }
}

fn check_csv(case: &CsvCase) {
    let inspection = inspect(&case.text, &case.roles);
    if let Some(e) = &inspection.error {
        assert!(!e.message.is_empty());
    }
    let loaded = load_csv(&case.text, &case.roles);
    typed(&loaded);
    assert_eq!(
        loaded.is_ok(),
        inspection.error.is_none(),
        "inspect and load_csv disagree: {:?} / {:?}",
        inspection.error,
        loaded.as_ref().err()
    );
    if let Ok(loaded) = loaded {
        assert!(
            loaded.dataset.check().is_ok(),
            "a loaded data set fails its own check"
        );
        let _ = loaded.dataset.to_csv();
        if case.prepare {
            typed(&prepare_loaded(loaded, &FitRequest::default()));
        }
    }
}

// ---- JSON mutation -------------------------------------------------------------------------

/// A random node: walk down from the root, stopping at each level with probability 1/5.
fn pick<'a>(mut cur: &'a mut Value, rng: &mut ChaCha8Rng) -> &'a mut Value {
    loop {
        let len = match &*cur {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 || rng.random_bool(0.2) {
            return cur;
        }
        let i = rng.random_range(0..len);
        cur = match cur {
            Value::Object(m) => m.values_mut().nth(i).unwrap(),
            Value::Array(a) => &mut a[i],
            _ => unreachable!(),
        };
    }
}

fn json_number(rng: &mut ChaCha8Rng, old: Option<f64>) -> Value {
    let old = old.unwrap_or(1.0);
    match rng.random_range(0..14) {
        0 => Value::Null,
        1 => Value::String(format!("{old}")),
        2 => serde_json::json!(1e308),
        3 => serde_json::json!(-1e308),
        4 => serde_json::json!(-old),
        5 => serde_json::json!(0),
        6 => serde_json::json!(-0.0),
        7 => serde_json::json!(1e-320),
        8 => serde_json::json!(u64::MAX),
        9 => serde_json::json!(i64::MIN),
        10 => serde_json::json!(rng.random_range(0..6)),
        11 => serde_json::json!(old * 10f64.powi(rng.random_range(-12..12))),
        12 => serde_json::json!(old + 1.0),
        _ => serde_json::json!(rng.random_range(-2.0..2.0)),
    }
}

fn mutate_node(node: &mut Value, rng: &mut ChaCha8Rng, strings: &[String]) {
    match node {
        Value::Number(n) => *node = json_number(rng, n.as_f64()),
        Value::String(_) => {
            *node = match rng.random_range(0..5) {
                0 => Value::Null,
                1 => json_number(rng, None),
                2 => Value::String(hostile(rng)),
                _ => Value::String(strings.choose(rng).cloned().unwrap_or_default()),
            }
        }
        Value::Bool(b) => {
            *node = match rng.random_range(0..3) {
                0 => Value::Null,
                1 => serde_json::json!(1),
                _ => Value::Bool(!*b),
            }
        }
        Value::Null => {
            *node = match rng.random_range(0..4) {
                0 => serde_json::json!(0),
                1 => serde_json::json!(""),
                2 => serde_json::json!([]),
                _ => serde_json::json!(true),
            }
        }
        Value::Array(a) => {
            let len = a.len();
            match rng.random_range(0..10) {
                0 => a.truncate(rng.random_range(0..=len)),
                1 if len > 0 => {
                    a.remove(rng.random_range(0..len));
                }
                2 if len > 0 => {
                    let v = a[rng.random_range(0..len)].clone();
                    a.insert(rng.random_range(0..=len), v);
                }
                3 => a.reverse(),
                4 if len > 1 => a.swap(rng.random_range(0..len), rng.random_range(0..len)),
                5 => a.clear(),
                6 => *node = Value::Null,
                7 => *node = serde_json::json!({}),
                8 if len > 0 => {
                    let v = json_number(rng, None);
                    a[rng.random_range(0..len)] = v;
                }
                _ => a.push(json_number(rng, None)),
            }
        }
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            match rng.random_range(0..6) {
                0 | 1 if !keys.is_empty() => {
                    m.remove(keys.choose(rng).unwrap());
                }
                2 if keys.len() > 1 => {
                    // Swap the values of two keys.
                    let (a, b) = (keys.choose(rng).unwrap(), keys.choose(rng).unwrap());
                    let va = m[a].clone();
                    let vb = std::mem::replace(m.get_mut(b).unwrap(), va);
                    m.insert(a.clone(), vb);
                }
                3 => {
                    m.insert(hostile(rng), json_number(rng, None));
                }
                4 => *node = Value::Null,
                _ => *node = serde_json::json!([]),
            }
        }
    }
}

fn strings_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.len() < 40 => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings_of(x, out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings_of(x, out)
        }),
        _ => {}
    }
}

struct JsonSeed {
    value: Value,
    /// Strings of the seed (names, enum variants, keys), for replacements that type-check.
    strings: Vec<String>,
}

impl JsonSeed {
    fn new(text: &str) -> JsonSeed {
        let value: Value = serde_json::from_str(text).unwrap();
        let mut strings = Vec::new();
        strings_of(&value, &mut strings);
        strings.sort();
        strings.dedup();
        JsonSeed { value, strings }
    }

    /// One to four structured mutations (node changes and subtree transplants), sometimes
    /// followed by text-level damage.
    fn mutate(&self, rng: &mut ChaCha8Rng) -> String {
        let mut v = self.value.clone();
        for _ in 0..rng.random_range(1..5) {
            if rng.random_bool(0.15) {
                let donor = pick(&mut v, rng).clone();
                *pick(&mut v, rng) = donor;
            } else {
                mutate_node(pick(&mut v, rng), rng, &self.strings);
            }
        }
        let mut text = if rng.random_bool(0.5) {
            v.to_string()
        } else {
            serde_json::to_string_pretty(&v).unwrap()
        };
        if rng.random_bool(0.1) {
            damage_text(&mut text, rng);
        }
        text
    }
}

// ---- model files ---------------------------------------------------------------------------

/// Every number of a plan or scenario is finite (serde_json writes a NaN as null; the only
/// nulls allowed are the optional fields: ranges, CPAs (conversion KPIs, positive response) and
/// change shares (none when nothing is spent now)).
fn assert_finite(v: &Value, path: &str) {
    let field = path.rsplit('.').next().unwrap_or(path);
    match v {
        Value::Null => assert!(
            field.ends_with("uplift_interval")
                || field.ends_with("difference_interval")
                || field == "probability_better"
                || field.ends_with("_pct")
                || field.contains("cpa"),
            "{path} is not a finite number"
        ),
        Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "{path} = {n}"),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| assert_finite(x, &format!("{path}[{i}]"))),
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| assert_finite(x, &format!("{path}.{k}"))),
        _ => {}
    }
}

/// Everything the CLI and the page do with an opened model.
fn exercise(report: &ModelReport, rng: &mut ChaCha8Rng) {
    let json = report.to_json();
    assert!(!json.is_empty(), "an opened model does not serialize");
    let _ = report.channels_csv();
    let _ = report.decomposition_csv();
    let _ = report.data.to_csv();
    let traces = report.traces();
    typed(&traces);
    if let Ok(traces) = traces {
        assert!(
            traces
                .iter()
                .all(|t| t.chains.iter().all(|c| c.len() == t.chains[0].len()))
        );
    }
    let window = *[0, 1, 2, 52, 104, usize::MAX, rng.random_range(0..200)]
        .choose(rng)
        .unwrap();
    let planners = report.planners(window);
    typed(&planners);
    if let Ok(planners) = planners {
        let request = plan_request(report, window, rng);
        let plan = planners.plan(&request);
        typed(&plan);
        if let Ok(plan) = plan {
            assert_finite(&serde_json::to_value(&plan).unwrap(), "plan");
            let _ = plan.to_json();
            let _ = plan.to_csv();
        }
        let spends = what_if_request(report, rng);
        let scenario = planners.what_if(&spends);
        typed(&scenario);
        if let Ok(s) = scenario {
            assert_finite(&serde_json::to_value(&s).unwrap(), "scenario");
        }
    }
    let index = *[0, 1, report.pareto.len(), usize::MAX].choose(rng).unwrap();
    let other = report.with_model(index);
    typed(&other);
    if let Ok(other) = other {
        let _ = other.channels_csv();
        typed(&other.planner(52));
    }
}

#[derive(Debug)]
struct Text(String);

fn check_model(text: &Text) {
    let mut rng = ChaCha8Rng::seed_from_u64(text.0.len() as u64);
    match ModelReport::from_json(&text.0) {
        Err(Error::InvalidModel { reason }) => assert!(!reason.is_empty()),
        Err(other) => panic!("a model file gave {other:?}, not InvalidModel"),
        Ok(report) => {
            exercise(&report, &mut rng);
            // What opens, saved again, opens again.
            if let Err(e) = ModelReport::from_json(&report.to_json()) {
                panic!("an opened model does not reopen: {e}");
            }
        }
    }
}

// ---- plan and what-if requests -------------------------------------------------------------

fn channel_name(report: &ModelReport, rng: &mut ChaCha8Rng) -> String {
    let channels = &report.model.channels;
    match rng.random_range(0..6) {
        0..=2 if !channels.is_empty() => channels.choose(rng).unwrap().name.clone(),
        3 if !channels.is_empty() => channels.choose(rng).unwrap().spend_column.clone(),
        4 => report
            .model
            .organic
            .choose(rng)
            .cloned()
            .unwrap_or_default(),
        _ => hostile(rng),
    }
}

fn plan_request(report: &ModelReport, window: usize, rng: &mut ChaCha8Rng) -> PlanRequest {
    let mut r = PlanRequest {
        window,
        ..PlanRequest::default()
    };
    let current: f64 = report.channels.iter().map(|c| c.mean_spend).sum();
    let number = |rng: &mut ChaCha8Rng, scale: f64| {
        if rng.random_bool(0.6) {
            scale * rng.random_range(0.0..3.0)
        } else {
            hostile_f64(rng)
        }
    };
    r.goal = match rng.random_range(0..4) {
        0 => None,
        1 => Some(Goal::MaxResponse {
            budget: number(rng, current),
        }),
        2 => Some(Goal::TargetRoas {
            target: number(rng, 3.0),
        }),
        _ => Some(Goal::TargetCpa {
            target: number(rng, 3.0),
        }),
    };
    if rng.random_bool(0.3) {
        r.relative_bounds = Bounds {
            low: number(rng, 1.0),
            high: number(rng, 2.0),
        };
    }
    for _ in 0..rng.random_range(0..4) {
        let spend = current / report.channels.len().max(1) as f64;
        let (low, high) = (number(rng, spend), number(rng, spend));
        // Either side may be left out (the other comes from the relative bounds).
        let bounds = mixlens::allocate::plan::ChannelBounds {
            low: rng.random_bool(0.8).then_some(low),
            high: rng.random_bool(0.8).then_some(high),
        };
        r.bounds.insert(channel_name(report, rng), bounds);
    }
    match rng.random_range(0..4) {
        0 => {
            r.locked = report
                .model
                .channels
                .iter()
                .map(|c| c.name.clone())
                .collect()
        }
        1 => {
            r.locked = (0..rng.random_range(1..4))
                .map(|_| channel_name(report, rng))
                .collect()
        }
        _ => {}
    }
    r
}

fn what_if_request(report: &ModelReport, rng: &mut ChaCha8Rng) -> BTreeMap<String, f64> {
    (0..rng.random_range(0..5))
        .map(|_| {
            let v = if rng.random_bool(0.6) {
                rng.random_range(0.0..1e5)
            } else {
                hostile_f64(rng)
            };
            (channel_name(report, rng), v)
        })
        .collect()
}

#[derive(Debug)]
struct PlanCase {
    model: usize,
    window: usize,
    request: PlanRequest,
    spends: BTreeMap<String, f64>,
}

fn plan_case(rng: &mut ChaCha8Rng) -> PlanCase {
    let models = valid_models();
    let model = rng.random_range(0..models.len());
    let window = *[
        0,
        1,
        2,
        3,
        52,
        103,
        104,
        105,
        usize::MAX,
        rng.random_range(0..300),
    ]
    .choose(rng)
    .unwrap();
    PlanCase {
        model,
        window,
        request: plan_request(&models[model], window, rng),
        spends: what_if_request(&models[model], rng),
    }
}

fn check_plan(case: &PlanCase) {
    let report = &valid_models()[case.model];
    let planners = report.planners(case.window);
    typed(&planners);
    // Every window is accepted: 0 stands for a year of the data's periods.
    if let Err(e) = &planners {
        panic!("window {} refused: {e}", case.window);
    }
    let Ok(planners) = planners else {
        return;
    };
    let plan = planners.plan(&case.request);
    typed(&plan);
    if let Ok(plan) = plan {
        assert_finite(&serde_json::to_value(&plan).unwrap(), "plan");
        if let Some(Goal::MaxResponse { budget }) = case.request.goal {
            let tol = 1e-6 * budget.max(1.0);
            assert!(
                (plan.total_budget - budget).abs() <= tol,
                "plan spends {} of a budget of {budget}",
                plan.total_budget
            );
        }
        for c in &plan.channels {
            let slack = 1e-6 * c.upper.max(1.0);
            assert!(
                c.optimal_spend >= c.lower - slack && c.optimal_spend <= c.upper + slack,
                "{} spends {} outside [{}, {}]",
                c.name,
                c.optimal_spend,
                c.lower,
                c.upper
            );
        }
        let _ = plan.to_csv();
    }
    let scenario = planners.what_if(&case.spends);
    typed(&scenario);
    if let Ok(s) = scenario {
        assert_finite(&serde_json::to_value(&s).unwrap(), "scenario");
    }
}

// ---- fit requests (the bindings' JSON options) ---------------------------------------------

fn fit_request_seeds() -> &'static [JsonSeed] {
    static SEEDS: OnceLock<Vec<JsonSeed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let rich = r#"{
            "roles": {"date": "date", "kpi": "revenue", "kpi_type": "revenue",
                      "media": ["tv_spend", "search_spend", "social_spend"],
                      "exposure": [],
                      "organic": ["newsletter_sends"], "controls": ["price_index", "promo"],
                      "ignore": []},
            "model": {"adstock": "weibull_pdf", "saturation": "logistic",
                      "channel_adstock": {"tv": "geometric", "search": "weibull_cdf"},
                      "channel_saturation": {"social": "hill"},
                      "ranges": [{"channel": "tv", "parameter": "theta", "low": 0.1, "high": 0.5},
                                 {"channel": "search", "parameter": "shape", "low": 0.5, "high": 3.0}],
                      "control_signs": {"price_index": "negative"},
                      "baseline": {"trend": false, "seasonality_order": 2, "weekday": false},
                      "hill_slope_prior": 0.5},
            "search": {"iterations": 100, "trials": 2, "seed": 3, "holdout": 0.1, "population": 8}
        }"#;
        [
            serde_json::to_string(&FitRequest::default()).unwrap(),
            rich.to_string(),
            serde_json::to_string(&FitRequest {
                roles: pymc_roles(),
                ..Default::default()
            })
            .unwrap(),
        ]
        .iter()
        .map(|t| JsonSeed::new(t))
        .collect()
    })
}

#[derive(Debug)]
struct FitCase {
    csv: usize,
    json: String,
}

fn fit_case(rng: &mut ChaCha8Rng) -> FitCase {
    let seeds = fit_request_seeds();
    let i = rng.random_range(0..seeds.len());
    // The pymc request goes with the pymc file, mostly.
    let csv = if i == 2 && rng.random_bool(0.8) {
        2
    } else {
        rng.random_range(0..2)
    };
    FitCase {
        csv,
        json: seeds[i].mutate(rng),
    }
}

fn check_fit(case: &FitCase) {
    // A request that does not deserialize is the bindings' error, before the core.
    let Ok(request) = serde_json::from_str::<FitRequest>(&case.json) else {
        return;
    };
    let (csv, _) = csv_seeds()[case.csv].clone();
    let _ = inspect(csv, &request.roles);
    let prepared = prepare(csv, &request);
    typed(&prepared);
    if let Ok(p) = prepared {
        assert!(p.request.search.check().is_ok());
    }
}

// ---- the targets ---------------------------------------------------------------------------

/// Mutations of one model file (`model`, made once into `seed`), each opened and exercised.
fn drive_model(
    target: &str,
    default_cases: u64,
    seed: &'static OnceLock<JsonSeed>,
    model: fn() -> &'static str,
) {
    let seed = seed.get_or_init(|| JsonSeed::new(model()));
    drive(
        target,
        default_cases,
        |rng| Text(seed.mutate(rng)),
        check_model,
    );
}

#[test]
fn fuzz_csv_load_and_inspect() {
    drive("csv", 3_000, csv_case, check_csv);
}

#[test]
fn fuzz_model_file_v2() {
    static SEED: OnceLock<JsonSeed> = OnceLock::new();
    drive_model("model_v2", 1_500, &SEED, model_v2);
}

#[test]
fn fuzz_model_file_v2_weibull() {
    static SEED: OnceLock<JsonSeed> = OnceLock::new();
    drive_model("model_v2_weibull", 1_000, &SEED, model_v2_weibull);
}

#[test]
fn fuzz_model_file_calibrated() {
    static SEED: OnceLock<JsonSeed> = OnceLock::new();
    drive_model("model_calibrated", 1_000, &SEED, model_v2_calibrated);
}

#[test]
fn fuzz_model_file_v1() {
    static SEED: OnceLock<JsonSeed> = OnceLock::new();
    drive_model("model_v1", 500, &SEED, || MODEL_V1);
}

#[test]
fn fuzz_plan_and_what_if() {
    drive("plan", 2_000, plan_case, check_plan);
}

#[test]
fn fuzz_fit_request_json() {
    drive("fit_request", 2_000, fit_case, check_fit);
}

/// Lift-test files in both layouts for `SIM_CSV` (tv, search and social spend weekly from
/// 2022-01-03 to 2023-12-25).
const LIFT_SEEDS: [&str; 2] = [
    "channel,start,end,lift,standard_error,scope\n\
     tv,2023-03-06,2023-04-02,120000,20000,total\n\
     search_spend,2023-06-05,2023-06-25,\"$45,000\",9000,immediate\n\
     social,05/06/2023,25/06/2023,30000,8000,\n",
    "channel,liftStartDate,liftEndDate,liftAbs,spend,confidence,metric,calibration_scope\n\
     tv_spend,2023-03-06,2023-04-02,120000,80000,0.9,revenue,immediate\n\
     search,2023-06-05,2023-06-25,45000,30000,0.85,revenue,total\n",
];

fn lift_case(rng: &mut ChaCha8Rng) -> Text {
    Text(mutate_csv(
        LIFT_SEEDS.choose(rng).unwrap_or(&LIFT_SEEDS[0]),
        rng,
    ))
}

/// An experiments file is read and matched to the data, or refused with a typed error that
/// names its row when it is about one.
fn check_lift(text: &Text) {
    static DATA: OnceLock<mixlens::data::Dataset> = OnceLock::new();
    let data = DATA.get_or_init(|| load_csv(SIM_CSV, &RoleRequest::default()).unwrap().dataset);
    let parsed = mixlens::data::parse_lift_csv(&text.0);
    typed(&parsed);
    let Ok(tests) = parsed else {
        return;
    };
    let channels = mixlens::model::FittedModel::identities(data);
    let resolved = mixlens::data::experiments::resolve(&tests, data, &channels);
    typed(&resolved);
    match resolved {
        Ok((experiments, _)) => {
            for e in &experiments {
                assert!(e.first <= e.last && e.last < data.len(), "{e:?}");
                assert!(e.standard_error > 0.0 && e.spend > 0.0, "{e:?}");
            }
        }
        Err(e) => {
            if e.kind().starts_with("lift_") && e.kind() != "lift_missing_column" {
                assert!(e.row().is_some_and(|r| r >= 1), "{e:?} names no row");
            }
        }
    }
}

#[test]
fn fuzz_lift_csv() {
    drive("lift_csv", 2_000, lift_case, check_lift);
}

#[test]
fn the_seeds_are_valid() {
    for (text, roles) in csv_seeds() {
        load_csv(text, &roles).unwrap();
    }
    let data = load_csv(SIM_CSV, &RoleRequest::default()).unwrap().dataset;
    let channels = mixlens::model::FittedModel::identities(&data);
    for text in LIFT_SEEDS {
        let tests = mixlens::data::parse_lift_csv(text).unwrap();
        mixlens::data::experiments::resolve(&tests, &data, &channels).unwrap();
    }
    for seed in fit_request_seeds() {
        let request: FitRequest = serde_json::from_value(seed.value.clone()).unwrap();
        let csv = if request.roles.kpi.as_deref() == Some("y") {
            PYMC_CSV
        } else {
            SIM_CSV
        };
        prepare(csv, &request).unwrap();
    }
    assert!(valid_models().len() >= 2);
    // The calibrated seed carries both tests, with the model's implied lift before and after.
    let calibrated = ModelReport::from_json(model_v2_calibrated()).unwrap();
    assert_eq!(calibrated.calibration.len(), 2);
    assert!(
        calibrated
            .calibration
            .iter()
            .all(|c| c.uncalibrated_lift.is_some())
    );
}

// ---- regressions found by the targets ------------------------------------------------------

/// The fresh model with one JSON value replaced.
fn model_with(pointer: &str, value: Value, weibull: bool) -> mixlens::Result<ModelReport> {
    let text = if weibull {
        model_v2_weibull()
    } else {
        model_v2()
    };
    let mut v: Value = serde_json::from_str(text).unwrap();
    *v.pointer_mut(pointer).unwrap() = value;
    ModelReport::from_json(&v.to_string())
}

fn assert_invalid_model(r: mixlens::Result<ModelReport>) {
    match r {
        Err(Error::InvalidModel { reason }) => assert!(!reason.is_empty()),
        other => panic!("{:?}", other.map(|_| "opened")),
    }
}

/// A Weibull transform claiming 10^15 periods made the planner allocate 8 PB (abort), and
/// u64::MAX periods overflowed the capacity (panic).
#[test]
fn a_transform_longer_than_the_data_is_refused() {
    for len in [1_000_000_000_000_000u64, u64::MAX] {
        let p = "/model/point/media/0/transform/series_len";
        assert_invalid_model(model_with(p, serde_json::json!(len), true));
    }
}

/// An exposure per unit of spend of 1e308 made every slope overflow and the planner loop
/// forever looking for a finite one.
#[test]
fn a_channel_whose_exposure_rate_differs_from_its_data_is_refused() {
    let p = "/model/channels/0/exposure_per_spend";
    assert_invalid_model(model_with(p, serde_json::json!(1e308), false));
    assert_invalid_model(model_with(p, serde_json::json!(2.0), false));
}

/// A coefficient of 1e308 gave plans of infinite uplift.
#[test]
fn a_coefficient_too_large_to_plan_with_is_refused() {
    let p = "/model/point/media/0/coefficient";
    assert_invalid_model(model_with(p, serde_json::json!(1.7e308), false));
    assert_invalid_model(model_with(p, serde_json::json!(1e301), false));
}

/// Fuzz case model_v2-38320: a baseline coefficient of 1e308 made the planner's baseline
/// (a mean over the window) infinite.
#[test]
fn a_baseline_too_large_to_add_up_is_refused() {
    assert_invalid_model(model_with(
        "/model/point/baseline/0",
        serde_json::json!(1.7e308),
        false,
    ));
    assert_invalid_model(model_with(
        "/model/point/baseline/1",
        serde_json::json!(1e308),
        false,
    ));
}

/// Fuzz cases model_v2-85753 and -121429: a saved spend of 1e308 made the planner's curve
/// points infinite.
#[test]
fn a_saved_value_beyond_any_measurement_is_refused() {
    assert_invalid_model(model_with(
        "/data/channels/2/spend/53",
        serde_json::json!(1e308),
        false,
    ));
}
