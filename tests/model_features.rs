//! Model features end to end: exposure columns, per-channel adstock, holdout, conversion KPIs,
//! daily data, and the identities every result must satisfy.

use mixlens::data::{Frequency, KpiType};
use mixlens::fit::{FitRequest, fit};
use mixlens::model::Efficiency;
use mixlens::report::ModelReport;
use mixlens::search::SearchSettings;
use mixlens::simulate::{SimulationSettings, simulate};
use mixlens::transform::{Adstock, AdstockKind};

/// A short ridge search (these tests check model features, not an estimator).
fn quick() -> FitRequest {
    FitRequest {
        estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
        search: SearchSettings {
            iterations: 400,
            trials: 2,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn sim_csv(s: SimulationSettings) -> String {
    simulate(&s).unwrap().dataset.to_csv()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn exposure_proportional_to_spend_gives_the_same_rois() {
    // Adstock is linear and the Hill inflexion scales with the series, so modeling 1,000
    // impressions per unit of spend must give the same fit at the same curve parameters. (A
    // search need not take the same path: the last bits of intermediate values differ.)
    let csv = sim_csv(SimulationSettings {
        seed: 2,
        channels: 3,
        ..Default::default()
    });
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    lines[0] += ",tv_impressions";
    for l in lines.iter_mut().skip(1) {
        let tv: f64 = l.split(',').nth(2).unwrap().parse().unwrap();
        *l += &format!(",{}", tv * 1000.0);
    }
    let with_exposure = lines.join("\n");
    let a = fit(&csv, &quick(), 1000, |_| true).unwrap();
    let b = fit(&with_exposure, &quick(), 1000, |_| true).unwrap();
    assert_eq!(
        b.channels[0].exposure_column.as_deref(),
        Some("tv_impressions")
    );
    assert!(close(b.channels[0].exposure_per_spend, 1000.0, 1e-12));
    // b's data refitted at a's curve parameters, through the estimator and the contract.
    let design = mixlens::estimate::ridge::Design::new(&b.data, &b.spec, 0.0).unwrap();
    let params = design
        .fit(
            &b.spec,
            &a.selected.hyperparameters,
            &mut mixlens::estimate::ridge::Scratch::default(),
        )
        .unwrap()
        .parameters();
    let same = b.results_for(&params).unwrap();
    for (x, y) in a.channels.iter().zip(&same.channels) {
        assert!(
            close(x.roi, y.roi, 1e-9),
            "{}: {} vs {}",
            x.name,
            x.roi,
            y.roi
        );
        assert!(
            close(x.marginal_roi, y.marginal_roi, 1e-9),
            "{}: marginal {} vs {}",
            x.name,
            x.marginal_roi,
            y.marginal_roi
        );
        assert!(
            close(x.curve().value(1234.0), y.curve().value(1234.0), 1e-9),
            "{}: response curves differ",
            x.name
        );
    }
    assert!(close(a.fit.nrmse, same.fit.nrmse, 1e-9));
}

#[test]
fn per_channel_weibull_adstock_is_used_and_reported() {
    let csv = sim_csv(SimulationSettings {
        seed: 3,
        ..Default::default()
    });
    let mut req = quick();
    req.model
        .channel_adstock
        .insert("tv".into(), AdstockKind::WeibullPdf);
    req.model
        .channel_adstock
        .insert("radio".into(), AdstockKind::WeibullCdf);
    let r = fit(&csv, &req, 1000, |_| true).unwrap();
    assert!(matches!(r.channels[0].adstock, Adstock::WeibullPdf { .. }));
    assert!(matches!(r.channels[1].adstock, Adstock::Geometric { .. }));
    assert!(matches!(r.channels[3].adstock, Adstock::WeibullCdf { .. }));
    assert_eq!(
        r.selected.hyperparameters.media[0].len(),
        4,
        "shape, scale, alpha, gamma"
    );
    assert!(r.fit.r2 > 0.9, "R² {}", r.fit.r2);
}

#[test]
fn a_holdout_is_measured_separately_and_drives_the_search() {
    let csv = sim_csv(SimulationSettings {
        seed: 4,
        ..Default::default()
    });
    let mut req = quick();
    req.search.holdout = 0.1;
    let r = fit(&csv, &req, 1000, |_| true).unwrap();
    let h = r.fit.holdout.expect("holdout metrics");
    assert_eq!(h.rows, 16);
    assert_eq!(r.fit.rows, 140);
    assert_eq!(r.decomposition.holdout_start, 140);
    // The search objective is the holdout error.
    assert!(
        close(r.selected.nrmse, h.nrmse, 1e-9),
        "{} vs {}",
        r.selected.nrmse,
        h.nrmse
    );
    assert!(h.r2 > 0.5 && h.r2 < 1.0, "holdout R² {}", h.r2);
}

#[test]
fn conversion_kpis_report_cpa() {
    let csv = sim_csv(SimulationSettings {
        seed: 5,
        channels: 2,
        ..Default::default()
    })
    .replacen("revenue", "conversions", 1);
    let r = fit(&csv, &quick(), 1000, |_| true).unwrap();
    assert_eq!(r.kpi.kind, KpiType::Conversions);
    assert_eq!(r.kpi.efficiency, Efficiency::Cpa);
    for c in &r.channels {
        let cpa = c.cpa.expect("CPA for a conversion KPI");
        assert!(close(cpa, c.spend / c.contribution, 1e-12));
        let marginal = c.marginal_cpa.expect("marginal CPA for a conversion KPI");
        assert!(close(marginal, 1.0 / c.marginal_roi, 1e-12));
    }
    // The CPA ranges are the ROI ranges inverted, low and high swapped.
    assert_eq!(r.selected.cpa_range.len(), r.selected.roi_range.len());
    for (cpa, roi) in r.selected.cpa_range.iter().zip(&r.selected.roi_range) {
        assert!(roi[0] > 0.0, "positive ROIs in this simulation");
        assert!(close(cpa[0].unwrap(), 1.0 / roi[1], 1e-12));
        assert!(close(cpa[1].unwrap(), 1.0 / roi[0], 1e-12));
    }
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["kpi"]["efficiency"], "cpa");
}

#[test]
fn daily_data_gets_weekday_terms_and_monthly_data_fits() {
    let csv = sim_csv(SimulationSettings {
        seed: 6,
        frequency: Frequency::Daily,
        periods: 730,
        channels: 3,
        ..Default::default()
    });
    let r = fit(&csv, &quick(), 1000, |_| true).unwrap();
    assert_eq!(r.data.frequency, Frequency::Daily);
    assert!(
        r.decomposition
            .components
            .iter()
            .any(|c| c.kind == mixlens::model::ComponentKind::Weekday)
    );
    assert_eq!(
        r.baseline
            .iter()
            .filter(|b| b.name.starts_with("season_"))
            .count(),
        8
    );
    let csv = sim_csv(SimulationSettings {
        seed: 6,
        frequency: Frequency::Monthly,
        periods: 48,
        channels: 2,
        organic: false,
        ..Default::default()
    });
    let r = fit(&csv, &quick(), 1000, |_| true).unwrap();
    assert_eq!(r.data.frequency, Frequency::Monthly);
    assert!(
        !r.decomposition
            .components
            .iter()
            .any(|c| c.kind == mixlens::model::ComponentKind::Weekday)
    );
}

fn check_identities(r: &ModelReport) {
    let d = &r.decomposition;
    for t in 0..d.dates.len() {
        let sum: f64 = d.components.iter().map(|c| c.values[t]).sum();
        assert!(
            close(sum, d.fitted[t], 1e-9),
            "period {t}: parts {sum} vs fitted {}",
            d.fitted[t]
        );
    }
    let eff: f64 = r.channels.iter().map(|c| c.effect_share).sum();
    let sp: f64 = r.channels.iter().map(|c| c.spend_share).sum();
    assert!(close(eff, 1.0, 1e-12) && close(sp, 1.0, 1e-12));
    for c in &r.channels {
        let paid = d
            .components
            .iter()
            .find(|x| x.kind == mixlens::model::ComponentKind::Paid && x.name == c.name)
            .unwrap();
        assert!(close(paid.values.iter().sum::<f64>(), c.contribution, 1e-9));
        assert!(close(c.roi * c.spend, c.contribution, 1e-12));
        assert!((0.0..=1.0).contains(&c.carryover_share));
        // Marginal ROI is the slope of the response curve at the mean spend.
        let h = 1e-4 * c.mean_spend;
        let slope =
            (c.curve().value(c.mean_spend + h) - c.curve().value(c.mean_spend - h)) / (2.0 * h);
        assert!(
            close(c.marginal_roi, slope, 1e-5),
            "{}: {} vs {}",
            c.name,
            c.marginal_roi,
            slope
        );
        assert!(
            c.response_curve
                .windows(2)
                .all(|w| w[1].response >= w[0].response),
            "curves rise"
        );
        assert!(
            c.response_curve
                .iter()
                .all(|p| p.marginal.is_finite() && p.marginal >= 0.0)
        );
    }
}

#[test]
fn results_satisfy_their_identities() {
    let csv = sim_csv(SimulationSettings {
        seed: 7,
        ..Default::default()
    });
    let r = fit(&csv, &quick(), 1000, |_| true).unwrap();
    check_identities(&r);
    assert_eq!(r.kpi.efficiency, Efficiency::Roi);
    assert!(r.selected.cpa_range.is_empty(), "no CPA for revenue");
    assert!(r.channels.iter().all(|c| c.marginal_cpa.is_none()));
    let point = Some([r.selected.nrmse, r.selected.decomp_rssd]);
    assert_eq!(r.selected.recommended_point, point);
    for i in 0..r.pareto.len() {
        let other = r.with_model(i).unwrap();
        check_identities(&other);
        // The recommended model's point stays while another model is shown, also once saved.
        assert_eq!(other.selected.recommended_point, point);
        let reopened = ModelReport::from_json(&other.to_json()).unwrap();
        assert_eq!(reopened.selected.recommended_point, point);
        assert!(!reopened.selected.recommended);
    }
}

#[test]
fn a_file_without_the_derived_fields_reads_with_them_filled_in() {
    let csv = sim_csv(SimulationSettings {
        seed: 5,
        channels: 2,
        ..Default::default()
    })
    .replacen("revenue", "conversions", 1);
    let r = fit(&csv, &quick(), 1000, |_| true).unwrap();
    // A schema-2 file written before these fields existed.
    let mut json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    json["kpi"].as_object_mut().unwrap().remove("efficiency");
    let selected = json["selected"].as_object_mut().unwrap();
    selected.remove("recommended_point");
    selected.remove("cpa_range");
    for c in json["channels"].as_array_mut().unwrap() {
        c.as_object_mut().unwrap().remove("marginal_cpa");
    }
    for c in json["decomposition"]["components"].as_array_mut().unwrap() {
        c.as_object_mut().unwrap().remove("total");
    }
    let old = ModelReport::from_json(&json.to_string()).unwrap();
    assert_eq!(old, r);
    assert_eq!(old.to_json(), r.to_json());
}

#[test]
fn a_version_1_file_is_upgraded_with_the_derived_fields() {
    let text = include_str!("data/sim_seed7_104w.model.v1.json");
    let r = ModelReport::from_json(text).unwrap();
    assert_eq!(r.schema_version, 2);
    assert!(r.selected.recommended);
    assert_eq!(
        r.selected.recommended_point,
        Some([r.selected.nrmse, r.selected.decomp_rssd])
    );
    assert_eq!(r.kpi.efficiency, Efficiency::Roi);
    for c in &r.decomposition.components {
        assert!(close(c.total, c.values.iter().sum(), 1e-12), "{}", c.name);
    }
    check_identities(&r);
}

#[test]
fn no_carryover_when_decay_is_fixed_at_zero() {
    let csv = sim_csv(SimulationSettings {
        seed: 8,
        channels: 2,
        ..Default::default()
    });
    let mut req = quick();
    for ch in ["tv", "search"] {
        req.model
            .ranges
            .push(mixlens::model::options::RangeOverride {
                channel: ch.into(),
                parameter: "theta".into(),
                low: 0.0,
                high: 0.0,
            });
    }
    let r = fit(&csv, &req, 1000, |_| true).unwrap();
    for c in &r.channels {
        assert!(
            c.carryover_share.abs() < 1e-12,
            "{}: {}",
            c.name,
            c.carryover_share
        );
        assert_eq!(c.decay, vec![1.0]);
    }
}

#[test]
fn the_saved_settings_refit_the_same_model() {
    // MODEL.json's settings hold everything needed to refit: the same numbers come back. Only
    // the role notes differ (the roles are now given, not inferred).
    let csv = sim_csv(SimulationSettings {
        seed: 9,
        ..Default::default()
    });
    let r = fit(&csv, &quick(), 1000, |_| true).unwrap();
    let again = FitRequest {
        read: r.settings.read,
        roles: r.settings.roles.clone(),
        model: r.settings.model.clone(),
        estimator: r.settings.estimator.into(),
        search: r.settings.search,
        experiments: r.settings.experiments.clone(),
        bayes: r.settings.bayes.clone(),
    };
    let b = fit(&csv, &again, 1000, |_| true).unwrap();
    assert!(b.roles.notes.iter().all(|n| n.given));
    assert_eq!(b.roles.media, r.roles.media);
    assert_eq!(b.selected, r.selected);
    assert_eq!(b.channels, r.channels);
    assert_eq!(b.fit, r.fit);
    assert_eq!(b.decomposition, r.decomposition);
    assert_eq!(b.pareto, r.pareto);
}
