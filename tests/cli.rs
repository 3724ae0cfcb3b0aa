//! The `mixlens` binary: files in, files out, errors on stderr with a non-zero status.

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mixlens"))
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mixlens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn simulate_then_fit_writes_files_and_prints_a_table() {
    let data = tmp("sim.csv");
    let truth = tmp("truth.json");
    let model = tmp("model.json");
    let out = bin()
        .args(["simulate", "--out"])
        .arg(&data)
        .arg("--truth")
        .arg(&truth)
        .args(["--seed", "4", "--channels", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let truth_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&truth).unwrap()).unwrap();
    assert_eq!(truth_json["channels"].as_array().unwrap().len(), 3);

    let out = bin()
        .arg("fit")
        .arg(&data)
        .arg("--out")
        .arg(&model)
        .args(["--iterations", "300", "--trials", "2"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
    assert_eq!(m["schema_version"], 1);
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
        let s = bin()
            .arg("fit")
            .arg(&data)
            .arg("--out")
            .arg(&out)
            .args(["--iterations", "200", "--trials", "3", "--seed", "5"])
            .output()
            .unwrap();
        assert!(s.status.success());
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
        .args(["fit", data, "--iterations", "200", "--trials", "2"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("208 weekly periods"), "{s}");
    assert!(s.contains("'facebook_I'") && s.contains("exposure"), "{s}");
    assert!(s.contains("'events'") && s.contains("control"), "{s}");
}
